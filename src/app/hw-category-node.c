/* hw-category-node.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-node"

#include "config.h"

#include "hw-category-node.h"

/* One entry of the category tree: a category, or one of the two entries that are not
 * categories (all products, uncategorized ones). Its children are in position order. */
struct _HwCategoryNode
{
  GObject             parent_instance;

  GListStore         *children;
  char               *id;
  char               *parent_id;
  char               *name;
  gint64              count;
  HwCategoryNodeKind  kind;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_COUNT,
  PROP_COUNT_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwCategoryNode, hw_category_node, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
hw_category_node_finalize (GObject *object)
{
  HwCategoryNode *self = (HwCategoryNode *)object;

  g_clear_object (&self->children);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (hw_category_node_parent_class)->finalize (object);
}

static void
hw_category_node_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HwCategoryNode *self = HW_CATEGORY_NODE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COUNT:
      g_value_set_int64 (value, self->count);
      break;

    case PROP_COUNT_TEXT:
      /* Unknown until the worker counted: nothing rather than a wrong 0. */
      if (self->count >= 0)
        g_value_take_string (value, g_strdup_printf ("%" G_GINT64_FORMAT, self->count));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_category_node_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HwCategoryNode *self = HW_CATEGORY_NODE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      hw_category_node_set_name (self, g_value_get_string (value));
      break;

    case PROP_COUNT:
      hw_category_node_set_count (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_category_node_class_init (HwCategoryNodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_category_node_finalize;
  object_class->get_property = hw_category_node_get_property;
  object_class->set_property = hw_category_node_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COUNT] =
    g_param_spec_int64 ("count", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COUNT_TEXT] =
    g_param_spec_string ("count-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_category_node_init (HwCategoryNode *self)
{
  self->children = g_list_store_new (HW_TYPE_CATEGORY_NODE);
  self->count = -1;
}

/**
 * hw_category_node_new:
 * @category: (nullable): the category, for %HW_CATEGORY_NODE_CATEGORY
 */
HwCategoryNode *
hw_category_node_new (HwCategoryNodeKind  kind,
                      const HwCategory   *category)
{
  HwCategoryNode *self = g_object_new (HW_TYPE_CATEGORY_NODE, NULL);

  g_return_val_if_fail (kind != HW_CATEGORY_NODE_CATEGORY || category != NULL, self);

  self->kind = kind;
  if (category != NULL)
    {
      self->id = g_strdup (HW_ENTITY (category)->id);
      self->parent_id = g_strdup (category->parent_id);
      self->name = g_strdup (category->name);
    }

  return self;
}

HwCategoryNodeKind
hw_category_node_get_kind (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), HW_CATEGORY_NODE_CATEGORY);

  return self->kind;
}

const char *
hw_category_node_get_id (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), NULL);

  return self->id;
}

const char *
hw_category_node_get_parent_id (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), NULL);

  return self->parent_id;
}

const char *
hw_category_node_get_name (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), NULL);

  return self->name;
}

void
hw_category_node_set_name (HwCategoryNode *self,
                           const char     *name)
{
  g_return_if_fail (HW_IS_CATEGORY_NODE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gint64
hw_category_node_get_count (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), -1);

  return self->count;
}

void
hw_category_node_set_count (HwCategoryNode *self,
                            gint64          count)
{
  g_return_if_fail (HW_IS_CATEGORY_NODE (self));

  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNT_TEXT]);
}

/**
 * hw_category_node_get_children:
 *
 * Returns: (transfer none): the child nodes, in position order
 */
GListStore *
hw_category_node_get_children (HwCategoryNode *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_NODE (self), NULL);

  return self->children;
}
