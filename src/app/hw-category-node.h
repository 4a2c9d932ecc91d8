/* hw-category-node.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-model.h"

G_BEGIN_DECLS

#define HW_TYPE_CATEGORY_NODE (hw_category_node_get_type ())

G_DECLARE_FINAL_TYPE (HwCategoryNode, hw_category_node, HW, CATEGORY_NODE, GObject)

typedef enum
{
  HW_CATEGORY_NODE_CATEGORY,
  HW_CATEGORY_NODE_ALL,           /* "All Products": the root, everything */
  HW_CATEGORY_NODE_UNCATEGORIZED, /* products without a category */
} HwCategoryNodeKind;

HwCategoryNode     *hw_category_node_new          (HwCategoryNodeKind  kind,
                                                   const HwCategory   *category);
HwCategoryNodeKind  hw_category_node_get_kind     (HwCategoryNode     *self);
const char         *hw_category_node_get_id       (HwCategoryNode     *self);
const char         *hw_category_node_get_parent_id (HwCategoryNode    *self);
const char         *hw_category_node_get_name     (HwCategoryNode     *self);
void                hw_category_node_set_name     (HwCategoryNode     *self,
                                                   const char         *name);
gint64              hw_category_node_get_count    (HwCategoryNode     *self);
void                hw_category_node_set_count    (HwCategoryNode     *self,
                                                   gint64              count);
GListStore         *hw_category_node_get_children (HwCategoryNode     *self);

G_END_DECLS
