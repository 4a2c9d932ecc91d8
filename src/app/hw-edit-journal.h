/* hw-edit-journal.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-outbox.h"

G_BEGIN_DECLS

#define HW_TYPE_EDIT_JOURNAL (hw_edit_journal_get_type ())

G_DECLARE_FINAL_TYPE (HwEditJournal, hw_edit_journal, HW, EDIT_JOURNAL, GObject)

/* Entries per transaction of an undo on a worker (hw_edit_journal_undo_async()). */
#define HW_EDIT_JOURNAL_UNDO_BATCH 500

HwEditJournal *hw_edit_journal_new            (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean       hw_edit_journal_record         (HwEditJournal       *self,
                                               HwStore             *store,
                                               const HwEntityType  *type,
                                               const char          *id,
                                               GError             **error);
gboolean       hw_edit_journal_record_entity  (HwEditJournal       *self,
                                               HwStore             *store,
                                               gconstpointer        entity,
                                               GError             **error);
void           hw_edit_journal_record_create  (HwEditJournal       *self,
                                               const HwEntityType  *type,
                                               const char          *id);
guint          hw_edit_journal_get_n_entries  (HwEditJournal       *self);
void           hw_edit_journal_truncate       (HwEditJournal       *self,
                                               guint                n_entries);
gboolean       hw_edit_journal_undo           (HwEditJournal       *self,
                                               HwStore             *store,
                                               GError             **error);
gboolean       hw_edit_journal_undo_in_batches (HwEditJournal      *self,
                                               HwStore             *store,
                                               guint                batch_size,
                                               GError             **error);
void           hw_edit_journal_undo_async     (HwEditJournal       *self,
                                               const char          *store_path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       hw_edit_journal_undo_finish    (HwEditJournal       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
