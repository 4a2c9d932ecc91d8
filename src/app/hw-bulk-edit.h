/* hw-bulk-edit.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-edit-journal.h"

G_BEGIN_DECLS

#define HW_TYPE_BULK_EDIT (hw_bulk_edit_get_type ())

G_DECLARE_FINAL_TYPE (HwBulkEdit, hw_bulk_edit, HW, BULK_EDIT, GObject)

/* Products per transaction by default; see hw-bulk-edit.c for why. */
#define HW_BULK_EDIT_BATCH 500

HwBulkEdit    *hw_bulk_edit_new           (const char * const  *product_ids)
                                           G_GNUC_WARN_UNUSED_RESULT;
void           hw_bulk_edit_set_category  (HwBulkEdit          *self,
                                           const char          *category_id);
void           hw_bulk_edit_set_attribute (HwBulkEdit          *self,
                                           const char          *attribute_id,
                                           const char          *value);
void           hw_bulk_edit_set_field     (HwBulkEdit          *self,
                                           const char          *field,
                                           const char          *value);
void           hw_bulk_edit_set_batch_size (HwBulkEdit         *self,
                                           guint               batch_size);
guint          hw_bulk_edit_get_n_products (HwBulkEdit         *self);
guint          hw_bulk_edit_get_n_done    (HwBulkEdit          *self);
gboolean       hw_bulk_edit_apply         (HwBulkEdit          *self,
                                           HwStore             *store,
                                           HwEditJournal       *journal,
                                           GCancellable        *cancellable,
                                           guint               *out_n_changed,
                                           guint               *out_n_failed,
                                           char               **out_first_failure,
                                           GError             **error);
void           hw_bulk_edit_apply_async   (HwBulkEdit          *self,
                                           const char          *store_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
HwEditJournal *hw_bulk_edit_apply_finish  (HwBulkEdit          *self,
                                           GAsyncResult        *result,
                                           guint               *out_n_changed,
                                           guint               *out_n_failed,
                                           char               **out_first_failure,
                                           GError             **error);

G_END_DECLS
