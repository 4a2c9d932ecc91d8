/* hw-product-row.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "hw-model.h"

G_BEGIN_DECLS

#define HW_TYPE_PRODUCT_ROW (hw_product_row_get_type ())

G_DECLARE_FINAL_TYPE (HwProductRow, hw_product_row, HW, PRODUCT_ROW, GObject)

HwProductRow     *hw_product_row_new              (guint             position);
guint             hw_product_row_get_position     (HwProductRow     *self);
gboolean          hw_product_row_get_loaded       (HwProductRow     *self);
const HwProduct  *hw_product_row_get_product      (HwProductRow     *self);
const char       *hw_product_row_get_id           (HwProductRow     *self);
const char       *hw_product_row_get_category     (HwProductRow     *self);
char             *hw_product_row_dup_price        (HwProductRow     *self);
void              hw_product_row_fill             (HwProductRow     *self,
                                                   HwProduct        *product,
                                                   const char       *category_name);
char             *hw_format_money                 (gint64            amount,
                                                   const char       *currency);

G_END_DECLS
