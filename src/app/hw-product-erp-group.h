/* hw-product-erp-group.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-model.h"

G_BEGIN_DECLS

#define HW_TYPE_PRODUCT_ERP_GROUP (hw_product_erp_group_get_type ())

G_DECLARE_FINAL_TYPE (HwProductErpGroup, hw_product_erp_group, HW, PRODUCT_ERP_GROUP,
                      AdwPreferencesGroup)

GtkWidget *hw_product_erp_group_new         (void);
void       hw_product_erp_group_set_product (HwProductErpGroup *self,
                                             const HwProduct   *product);

G_END_DECLS
