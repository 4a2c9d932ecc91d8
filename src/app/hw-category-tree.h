/* hw-category-tree.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-category-node.h"
#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_CATEGORY_TREE (hw_category_tree_get_type ())

G_DECLARE_FINAL_TYPE (HwCategoryTree, hw_category_tree, HW, CATEGORY_TREE, GtkWidget)

typedef enum
{
  HW_DROP_BEFORE,  /* above the target, among its siblings */
  HW_DROP_INTO,    /* onto the target: its last child       */
  HW_DROP_AFTER,   /* below the target, among its siblings  */
} HwDropPosition;

typedef enum
{
  HW_DELETE_PRODUCTS_TO_PARENT,     /* the products move to the parent category */
  HW_DELETE_PRODUCTS_UNCATEGORIZED, /* the products stay, without a category     */
} HwDeleteProducts;

HwStore        *hw_category_tree_get_store         (HwCategoryTree    *self);
void            hw_category_tree_set_store         (HwCategoryTree    *self,
                                                    HwStore           *store);
void            hw_category_tree_reload            (HwCategoryTree    *self);
gboolean        hw_category_tree_get_busy          (HwCategoryTree    *self);
HwCategoryNode *hw_category_tree_get_selected_node (HwCategoryTree    *self);
gboolean        hw_category_tree_select            (HwCategoryTree    *self,
                                                    const char        *id);
HwCategoryNode *hw_category_tree_find_node         (HwCategoryTree    *self,
                                                    const char        *id);
GListModel     *hw_category_tree_get_model         (HwCategoryTree    *self);

gboolean        hw_category_tree_add               (HwCategoryTree    *self,
                                                    const char        *parent_id,
                                                    const char        *name,
                                                    GError           **error);
gboolean        hw_category_tree_rename            (HwCategoryTree    *self,
                                                    const char        *id,
                                                    const char        *name,
                                                    GError           **error);
gboolean        hw_category_tree_move              (HwCategoryTree    *self,
                                                    const char        *id,
                                                    const char        *parent_id,
                                                    guint              index,
                                                    GError           **error);
gboolean        hw_category_tree_drop              (HwCategoryTree    *self,
                                                    const char        *id,
                                                    const char        *target_id,
                                                    HwDropPosition     position,
                                                    GError           **error);
gboolean        hw_category_tree_delete            (HwCategoryTree    *self,
                                                    const char        *id,
                                                    HwDeleteProducts   products,
                                                    GError           **error);
gboolean        hw_category_tree_can_undo          (HwCategoryTree    *self);
void            hw_category_tree_undo              (HwCategoryTree    *self);

G_END_DECLS
