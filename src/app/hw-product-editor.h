/* hw-product-editor.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_PRODUCT_EDITOR (hw_product_editor_get_type ())

G_DECLARE_FINAL_TYPE (HwProductEditor, hw_product_editor, HW, PRODUCT_EDITOR, AdwWindow)

GtkWidget  *hw_product_editor_new                (HwStore          *store,
                                                  const char       *product_id);
HwStore    *hw_product_editor_get_store          (HwProductEditor  *self);
const char *hw_product_editor_get_product_id     (HwProductEditor  *self);
gboolean    hw_product_editor_get_modified       (HwProductEditor  *self);
void        hw_product_editor_get_completeness   (HwProductEditor  *self,
                                                  guint            *out_filled,
                                                  guint            *out_required);
gboolean    hw_product_editor_save               (HwProductEditor  *self,
                                                  GError          **error);
gboolean    hw_product_editor_undo               (HwProductEditor  *self,
                                                  GError          **error);
gboolean    hw_product_editor_reload             (HwProductEditor  *self,
                                                  GError          **error);

G_END_DECLS
