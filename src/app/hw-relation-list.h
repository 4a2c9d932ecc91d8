/* hw-relation-list.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-edit-journal.h"

G_BEGIN_DECLS

#define HW_TYPE_RELATION_LIST (hw_relation_list_get_type ())

G_DECLARE_FINAL_TYPE (HwRelationList, hw_relation_list, HW, RELATION_LIST, GtkWidget)

GtkWidget  *hw_relation_list_new            (void);
void        hw_relation_list_set_product    (HwRelationList  *self,
                                             HwStore         *store,
                                             const char      *product_id);
gboolean    hw_relation_list_reload         (HwRelationList  *self,
                                             GError         **error);
guint       hw_relation_list_get_n_relations (HwRelationList *self);
const char *hw_relation_list_get_related_id (HwRelationList  *self,
                                             guint            position);
gboolean    hw_relation_list_add            (HwRelationList  *self,
                                             const char      *related_product_id,
                                             const char      *kind,
                                             GError         **error);
gboolean    hw_relation_list_move           (HwRelationList  *self,
                                             guint            position,
                                             int              offset,
                                             GError         **error);
gboolean    hw_relation_list_set_kind       (HwRelationList  *self,
                                             guint            position,
                                             const char      *kind,
                                             GError         **error);
gboolean    hw_relation_list_remove         (HwRelationList  *self,
                                             guint            position,
                                             GError         **error);
void        hw_relation_list_search_async   (HwRelationList  *self,
                                             const char      *text,
                                             GCancellable    *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer         user_data);
GPtrArray  *hw_relation_list_search_finish  (HwRelationList  *self,
                                             GAsyncResult    *result,
                                             GError         **error);

G_END_DECLS
