/* hw-attribute-row.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-model.h"

G_BEGIN_DECLS

#define HW_TYPE_ATTRIBUTE_ROW (hw_attribute_row_get_type ())

G_DECLARE_FINAL_TYPE (HwAttributeRow, hw_attribute_row, HW, ATTRIBUTE_ROW, AdwActionRow)

GtkWidget         *hw_attribute_row_new            (const HwAttribute  *definition,
                                                    const char         *value);
const HwAttribute *hw_attribute_row_get_definition (HwAttributeRow     *self);
gboolean           hw_attribute_row_get_value      (HwAttributeRow     *self,
                                                    char              **out_value,
                                                    GError            **error);
void               hw_attribute_row_set_error      (HwAttributeRow     *self,
                                                    const char         *message);

G_END_DECLS
