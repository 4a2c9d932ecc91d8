/* hw-category-tree-private.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-category-edit.h"
#include "hw-category-tree.h"

G_BEGIN_DECLS

#define ALL_KEY  "\001all"
#define NONE_KEY "\001none"

struct _HwCategoryTree
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  GtkWidget          *box;
  GtkListView        *list_view;

  /* Owned References */
  HwStore            *store;
  HwCategoryNode     *all;
  HwCategoryNode     *uncategorized;
  GListStore         *roots;
  GtkTreeListModel   *tree_model;
  GtkSingleSelection *selection;
  GHashTable         *categories;   /* id → HwCategory, as read */
  GHashTable         *nodes;        /* id → HwCategoryNode (borrowed from the tree) */
  GCancellable       *cancellable;
  HwCategoryEdit     *undo;
  char               *undo_title;
  char               *rename_after; /* a new category: its name is edited once shown */
  char               *selected_key; /* of the selection last notified */

  guint               n_busy;
  guint               editing : 1;
};

void            _hw_category_tree_class_actions_init (GtkWidgetClass  *widget_class);
void            _hw_category_tree_update_actions     (HwCategoryTree  *self);
void            _hw_category_tree_busy_changed       (HwCategoryTree  *self,
                                                      int              delta);
void            _hw_category_tree_emit_edited        (HwCategoryTree  *self);
void            _hw_category_tree_show_toast         (HwCategoryTree  *self,
                                                      const char      *title,
                                                      gboolean         with_undo);
GPtrArray      *_hw_category_tree_siblings_of        (HwCategoryTree  *self,
                                                      const char      *parent_id);
GtkWidget      *_hw_category_tree_find_label         (HwCategoryTree  *self,
                                                      const char      *id);
void            _hw_category_tree_start_renaming     (GtkEditableLabel *label);
HwCategoryNode *_hw_category_tree_row_node           (gpointer         row);
const char     *_hw_category_tree_node_key           (HwCategoryNode  *node);

G_END_DECLS
