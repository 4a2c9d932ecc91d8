/* hw-conflict-dialog.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-store.h"
#include "hw-sync-engine.h"

G_BEGIN_DECLS

#define HW_TYPE_CONFLICT_DIALOG (hw_conflict_dialog_get_type ())

G_DECLARE_FINAL_TYPE (HwConflictDialog, hw_conflict_dialog, HW, CONFLICT_DIALOG, AdwWindow)

HwConflictDialog *hw_conflict_dialog_new            (HwSyncEngine      *engine,
                                                     HwStore           *store);
void              hw_conflict_dialog_reload         (HwConflictDialog  *self);
guint             hw_conflict_dialog_get_n_conflicts (HwConflictDialog *self);
guint             hw_conflict_dialog_get_n_rejected (HwConflictDialog  *self);
gboolean          hw_conflict_dialog_choose_theirs  (HwConflictDialog  *self,
                                                     const char        *op_id,
                                                     const char        *field,
                                                     gboolean           theirs);
gboolean          hw_conflict_dialog_resolve        (HwConflictDialog  *self,
                                                     const char        *op_id,
                                                     HwResolution       resolution,
                                                     GError           **error);
gboolean          hw_conflict_dialog_revert         (HwConflictDialog  *self,
                                                     const char        *op_id,
                                                     GError           **error);

G_END_DECLS
