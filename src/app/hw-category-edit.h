/* hw-category-edit.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-outbox.h"

G_BEGIN_DECLS

/* A list of local edits of the category tree (and of the products a deleted category
 * held), applied in one transaction in a worker with its own connection to the local
 * copy: every entity changed gets exactly one hw_store_local_* call. Not a GObject: a
 * plain script the tree builds, runs and throws away. */
typedef struct _HwCategoryEdit HwCategoryEdit;

HwCategoryEdit *hw_category_edit_new            (void);
void            hw_category_edit_free           (HwCategoryEdit      *self);
guint           hw_category_edit_get_n_ops      (HwCategoryEdit      *self);
void            hw_category_edit_create         (HwCategoryEdit      *self,
                                                 const HwCategory    *category);
void            hw_category_edit_update         (HwCategoryEdit      *self,
                                                 const HwCategory    *category,
                                                 gint64               expected_rev);
void            hw_category_edit_delete         (HwCategoryEdit      *self,
                                                 const char          *id,
                                                 gint64               expected_rev);
void            hw_category_edit_restore        (HwCategoryEdit      *self,
                                                 const HwCategory    *category);
void            hw_category_edit_reparent       (HwCategoryEdit      *self,
                                                 const char          *id,
                                                 gint64               position);
void            hw_category_edit_move_products  (HwCategoryEdit      *self,
                                                 const char          *from_id,
                                                 const char * const  *product_ids,
                                                 const char          *to_id);
void            hw_category_edit_apply_async    (HwCategoryEdit      *self,
                                                 const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        hw_category_edit_apply_finish   (GAsyncResult        *result,
                                                 char              ***out_moved_ids,
                                                 char               **out_restored_id,
                                                 GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwCategoryEdit, hw_category_edit_free)

G_END_DECLS
