/* hw-bulk-edit-dialog.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_BULK_EDIT_DIALOG (hw_bulk_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HwBulkEditDialog, hw_bulk_edit_dialog, HW, BULK_EDIT_DIALOG, AdwWindow)

GtkWidget *hw_bulk_edit_dialog_new               (HwStore            *store,
                                                  const char * const *product_ids);
void       hw_bulk_edit_dialog_set_toast_overlay (HwBulkEditDialog   *self,
                                                  AdwToastOverlay    *overlay);
gboolean   hw_bulk_edit_dialog_get_busy          (HwBulkEditDialog   *self);

G_END_DECLS
