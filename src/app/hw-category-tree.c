/* hw-category-tree.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-tree"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-category-tree-private.h"

/* The category tree editor: the categories of the local copy under an "All Products"
 * root, with the product count of every subtree. Categories are few (hundreds), so the
 * tree is read on the main thread; the counts group a million products, so a worker
 * does them. Every edit is a HwCategoryEdit applied in a worker, followed by
 * win.local-changed, a toast with Undo and a reload of the tree. */


enum {
  PROP_0,
  PROP_STORE,
  PROP_BUSY,
  PROP_SELECTED_NODE,
  N_PROPS
};

enum {
  SIGNAL_EDITED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HwCategoryTree, hw_category_tree, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
_hw_category_tree_node_key (HwCategoryNode *node)
{
  switch (hw_category_node_get_kind (node))
    {
    case HW_CATEGORY_NODE_ALL:
      return ALL_KEY;
    case HW_CATEGORY_NODE_UNCATEGORIZED:
      return NONE_KEY;
    case HW_CATEGORY_NODE_CATEGORY:
    default:
      return hw_category_node_get_id (node);
    }
}

HwCategoryNode *
_hw_category_tree_row_node (gpointer row)
{
  return HW_CATEGORY_NODE (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (row)));
}

void
_hw_category_tree_busy_changed (HwCategoryTree *self,
                                int             delta)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += delta;
  if (was_busy != (self->n_busy > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Counts */

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(HwStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *counts = NULL;

  if ((reader = hw_store_open (task_data, HW_STORE_OPEN_READONLY, &error)))
    counts = hw_store_count_products_by_category (reader, &error);

  if (counts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, counts, (GDestroyNotify) g_hash_table_unref);
}

static gint64
sum_subtree (HwCategoryNode *node,
             GHashTable     *counts)
{
  GListModel *children = G_LIST_MODEL (hw_category_node_get_children (node));
  const gint64 *own = g_hash_table_lookup (counts, hw_category_node_get_id (node));
  gint64 sum = own ? *own : 0;

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(HwCategoryNode) child = g_list_model_get_item (children, i);

      sum += sum_subtree (child, counts);
    }

  hw_category_node_set_count (node, sum);
  return sum;
}

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HwCategoryTree) self = user_data;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *top;
  const gint64 *none;
  gint64 total = 0;

  _hw_category_tree_busy_changed (self, -1);

  if (!(counts = g_task_propagate_pointer (G_TASK (result), &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Counting products per category failed: %s", error->message);
      return;
    }

  if (self->all == NULL)
    return;

  top = G_LIST_MODEL (hw_category_node_get_children (self->all));
  for (guint i = 0; i < g_list_model_get_n_items (top); i++)
    {
      g_autoptr(HwCategoryNode) node = g_list_model_get_item (top, i);

      total += sum_subtree (node, counts);
    }

  /* "All Products" counts every product, also those whose category a sync has not
   * brought yet; "Uncategorized" those without one, as its filter lists them. */
  none = g_hash_table_lookup (counts, "");
  {
    GHashTableIter iter;
    gpointer key, value;
    gint64 orphans = 0;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (*(char *) key != '\0' && !g_hash_table_contains (self->categories, key))
        orphans += *(gint64 *) value;

    hw_category_node_set_count (self->uncategorized, none ? *none : 0);
    hw_category_node_set_count (self->all, total + orphans + (none ? *none : 0));
  }
}

static void
start_counting (HwCategoryTree *self)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (self, self->cancellable, count_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_counting);
  g_task_set_task_data (task, g_strdup (hw_store_get_path (self->store)), g_free);
  _hw_category_tree_busy_changed (self, 1);
  g_task_run_in_thread (task, count_worker);
}

/* Reading the tree */

static int
compare_categories (gconstpointer a,
                    gconstpointer b)
{
  const HwCategory *x = *(HwCategory * const *) a;
  const HwCategory *y = *(HwCategory * const *) b;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  HwCategoryNode *node = item;
  GListStore *children = hw_category_node_get_children (node);

  if (hw_category_node_get_kind (node) != HW_CATEGORY_NODE_ALL &&
      g_list_model_get_n_items (G_LIST_MODEL (children)) == 0)
    return NULL;

  return g_object_ref (G_LIST_MODEL (children));
}

static GPtrArray *
read_categories (HwStore  *store,
                 GError  **error)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, cursor);
      if (!(page = hw_store_list_categories (store, query, error)))
        return NULL;

      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (all, g_steal_pointer (&page->items->pdata[i]));
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return g_steal_pointer (&all);
}

static void
expand_keys (HwCategoryTree *self,
             GHashTable     *keys)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(HwCategoryNode) node = _hw_category_tree_row_node (row);

      if (g_hash_table_contains (keys, _hw_category_tree_node_key (node)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

/**
 * hw_category_tree_reload:
 *
 * Reads the categories again (after an edit or a sync), keeping what was expanded and
 * selected, and counts the products of each subtree in a worker.
 */
void
hw_category_tree_reload (HwCategoryTree *self)
{
  g_autoptr(GHashTable) expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) categories = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *selected = NULL;
  HwCategoryNode *current;

  g_return_if_fail (HW_IS_CATEGORY_TREE (self));

  /* The first time, "All Products" opens on the top level. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->roots)) > 0)
    {
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
        {
          g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
          g_autoptr(HwCategoryNode) node = _hw_category_tree_row_node (row);

          if (gtk_tree_list_row_get_expanded (row))
            g_hash_table_add (expanded, g_strdup (_hw_category_tree_node_key (node)));
        }
    }
  else
    g_hash_table_add (expanded, g_strdup (ALL_KEY));

  if ((current = hw_category_tree_get_selected_node (self)) != NULL)
    selected = g_strdup (_hw_category_tree_node_key (current));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_hash_table_remove_all (self->categories);
  g_hash_table_remove_all (self->nodes);
  g_list_store_remove_all (self->roots);
  g_clear_object (&self->all);
  g_clear_object (&self->uncategorized);

  if (self->store == NULL)
    return;

  if (!(categories = read_categories (self->store, &error)))
    {
      g_warning ("Could not read the categories: %s", error->message);
      return;
    }

  self->all = hw_category_node_new (HW_CATEGORY_NODE_ALL, NULL);
  hw_category_node_set_name (self->all, _("All Products"));
  self->uncategorized = hw_category_node_new (HW_CATEGORY_NODE_UNCATEGORIZED, NULL);
  hw_category_node_set_name (self->uncategorized, _("Uncategorized"));

  g_ptr_array_sort (categories, compare_categories);
  for (guint i = 0; i < categories->len; i++)
    {
      HwCategory *category = g_ptr_array_index (categories, i);
      HwCategoryNode *node = hw_category_node_new (HW_CATEGORY_NODE_CATEGORY, category);

      g_hash_table_insert (self->nodes, HW_ENTITY (category)->id, node);
    }

  /* In position order, as sorted; a parent missing from the copy puts it at the top. */
  for (guint i = 0; i < categories->len; i++)
    {
      HwCategory *category = g_steal_pointer (&categories->pdata[i]);
      HwCategoryNode *node = g_hash_table_lookup (self->nodes, HW_ENTITY (category)->id);
      HwCategoryNode *parent = category->parent_id ?
                               g_hash_table_lookup (self->nodes, category->parent_id) : NULL;

      g_list_store_append (hw_category_node_get_children (parent ? parent : self->all), node);
      g_object_unref (node);
      g_hash_table_insert (self->categories, HW_ENTITY (category)->id, category);
    }

  g_list_store_append (self->roots, self->all);
  g_list_store_append (self->roots, self->uncategorized);

  expand_keys (self, expanded);
  if (selected == NULL || !hw_category_tree_select (self, selected))
    hw_category_tree_select (self, ALL_KEY);

  start_counting (self);
}

/* Selection */

static gboolean
find_row (HwCategoryTree *self,
          const char     *key,
          guint          *out_position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(HwCategoryNode) node = _hw_category_tree_row_node (row);

      if (g_strcmp0 (_hw_category_tree_node_key (node), key) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * hw_category_tree_select:
 * @id: a category id, or "\001all" / "\001none" for the two other entries
 *
 * Selects the entry, expanding its ancestors.
 */
gboolean
hw_category_tree_select (HwCategoryTree *self,
                         const char     *id)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  guint position;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_hash_table_contains (self->categories, id))
    {
      g_ptr_array_add (chain, (gpointer) ALL_KEY);
      for (const HwCategory *c = g_hash_table_lookup (self->categories, id);
           c != NULL && c->parent_id != NULL;
           c = g_hash_table_lookup (self->categories, c->parent_id))
        g_ptr_array_insert (chain, 1, c->parent_id);
    }

  for (guint i = 0; i < chain->len; i++)
    if (find_row (self, g_ptr_array_index (chain, i), &position))
      {
        g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, position);

        gtk_tree_list_row_set_expanded (row, TRUE);
      }

  if (!find_row (self, id, &position))
    return FALSE;

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

/**
 * hw_category_tree_get_selected_node:
 *
 * Returns: (transfer none) (nullable): the selected entry
 */
HwCategoryNode *
hw_category_tree_get_selected_node (HwCategoryTree *self)
{
  HwCategoryNode *node;
  gpointer row;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), NULL);

  if (!(row = gtk_single_selection_get_selected_item (self->selection)))
    return NULL;

  /* The tree's stores hold the node: the row's reference can go. */
  node = _hw_category_tree_row_node (row);
  g_object_unref (node);
  return node;
}

/**
 * hw_category_tree_find_node:
 *
 * Returns: (transfer none) (nullable): the node of category @id
 */
HwCategoryNode *
hw_category_tree_find_node (HwCategoryTree *self,
                            const char     *id)
{
  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), NULL);

  if (g_strcmp0 (id, ALL_KEY) == 0)
    return self->all;
  if (g_strcmp0 (id, NONE_KEY) == 0)
    return self->uncategorized;

  return id ? g_hash_table_lookup (self->nodes, id) : NULL;
}

/**
 * hw_category_tree_get_model:
 *
 * Returns: (transfer none): the rows shown (GtkTreeListRow of HwCategoryNode)
 */
GListModel *
hw_category_tree_get_model (HwCategoryTree *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), NULL);

  return G_LIST_MODEL (self->tree_model);
}

/* Rows */

GtkWidget *
_hw_category_tree_find_label (HwCategoryTree *self,
                              const char     *id)
{
  HwCategoryNode *node = hw_category_tree_find_node (self, id);

  return node ? g_object_get_data (G_OBJECT (node), "hw-label") : NULL;
}

void
_hw_category_tree_start_renaming (GtkEditableLabel *label)
{
  /* The label ignores clicks and focus until then, so a click selects the row
   * instead, and the label's focus handling (which in GTK 4.8 outlives the widget in
   * a timeout) only runs while renaming. */
  gtk_widget_set_can_target (GTK_WIDGET (label), TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (label), TRUE);
  gtk_editable_label_start_editing (label);
}

static void
start_renaming_idle_cb (gpointer data)
{
  g_autoptr(GtkEditableLabel) label = data;

  if (gtk_widget_get_mapped (GTK_WIDGET (label)) &&
      g_object_get_data (G_OBJECT (label), "hw-node") != NULL)
    _hw_category_tree_start_renaming (label);
}

static void
label_editing_cb (HwCategoryTree   *self,
                  GParamSpec       *pspec,
                  GtkEditableLabel *label)
{
  HwCategoryNode *node = g_object_get_data (G_OBJECT (label), "hw-node");
  g_autoptr(GError) error = NULL;
  const char *text;

  if (gtk_editable_label_get_editing (label))
    return;

  gtk_widget_set_can_target (GTK_WIDGET (label), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (label), FALSE);

  if (node == NULL || hw_category_node_get_kind (node) != HW_CATEGORY_NODE_CATEGORY)
    return;

  text = gtk_editable_get_text (GTK_EDITABLE (label));
  if (!hw_category_tree_rename (self, hw_category_node_get_id (node), text, &error))
    {
      gtk_editable_set_text (GTK_EDITABLE (label), hw_category_node_get_name (node));
      _hw_category_tree_show_toast (self, error->message, FALSE);
    }
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource  *source,
                 double          x,
                 double          y,
                 HwCategoryTree *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GtkListItem *item = g_object_get_data (G_OBJECT (widget), "hw-list-item");
  gpointer row = item ? gtk_list_item_get_item (item) : NULL;
  g_autoptr(HwCategoryNode) node = row ? _hw_category_tree_row_node (row) : NULL;

  if (node == NULL || hw_category_node_get_kind (node) != HW_CATEGORY_NODE_CATEGORY)
    return NULL;

  return gdk_content_provider_new_typed (G_TYPE_STRING, hw_category_node_get_id (node));
}

static gboolean
drop_cb (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         HwCategoryTree *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  GtkListItem *item = g_object_get_data (G_OBJECT (widget), "hw-list-item");
  gpointer row = item ? gtk_list_item_get_item (item) : NULL;
  g_autoptr(HwCategoryNode) node = row ? _hw_category_tree_row_node (row) : NULL;
  g_autoptr(GError) error = NULL;
  int height = gtk_widget_get_height (widget);
  HwDropPosition position = HW_DROP_INTO;

  if (node == NULL || !G_VALUE_HOLDS_STRING (value))
    return FALSE;

  /* The outer quarters of a row place the category beside it, the middle in it. */
  if (hw_category_node_get_kind (node) == HW_CATEGORY_NODE_CATEGORY)
    {
      if (y < height / 4.0)
        position = HW_DROP_BEFORE;
      else if (y > height * 3 / 4.0)
        position = HW_DROP_AFTER;
    }

  if (!hw_category_tree_drop (self, g_value_get_string (value), _hw_category_tree_node_key (node), position, &error))
    {
      _hw_category_tree_show_toast (self, error->message, FALSE);
      return FALSE;
    }

  return TRUE;
}

static void
release_label_cb (gpointer data)
{
  g_object_unref (data);
}

/* GtkEditableLabel (GTK 4.8) reacts to losing the focus from a 100 ms timeout that
 * holds its focus controller unreferenced, so a label destroyed meanwhile (a reload of
 * the tree after a rename) crashes it. Keeping the label a while longer avoids that. */
static void
label_focus_leave_cb (GtkEventControllerFocus *controller,
                      gpointer                 user_data)
{
  GtkWidget *label = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  g_timeout_add_once (500, release_label_cb, g_object_ref (label));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              HwCategoryTree           *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_editable_label_new ("");  /* NULL crashes GTK 4.8 */
  GtkWidget *count = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_can_target (label, FALSE);
  /* GtkEditableLabel has no ellipsize of its own: give its label one, so a long name
   * does not widen the sidebar. */
  for (GtkWidget *child = gtk_widget_get_first_child (label);
       child != NULL;
       child = gtk_widget_get_first_child (child))
    {
      for (GtkWidget *sibling = child; sibling != NULL; sibling = gtk_widget_get_next_sibling (sibling))
        if (GTK_IS_LABEL (sibling))
          gtk_label_set_ellipsize (GTK_LABEL (sibling), PANGO_ELLIPSIZE_END);
    }
  gtk_widget_set_can_focus (label, FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (label), 8);
  g_signal_connect_object (label, "notify::editing", G_CALLBACK (label_editing_cb), self,
                           G_CONNECT_SWAPPED);
  {
    GtkEventController *focus = gtk_event_controller_focus_new ();

    g_signal_connect (focus, "leave", G_CALLBACK (label_focus_leave_cb), NULL);
    gtk_widget_add_controller (label, focus);
  }

  gtk_label_set_xalign (GTK_LABEL (count), 1.0f);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);

  g_object_set_data (G_OBJECT (expander), "hw-list-item", item);
  g_object_set_data (G_OBJECT (expander), "hw-label", label);
  g_object_set_data (G_OBJECT (expander), "hw-count", count);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, 0);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (source));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (target));
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             HwCategoryTree           *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = g_object_get_data (G_OBJECT (expander), "hw-label");
  GtkWidget *count = g_object_get_data (G_OBJECT (expander), "hw-count");
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(HwCategoryNode) node = _hw_category_tree_row_node (row);
  gboolean is_category = hw_category_node_get_kind (node) == HW_CATEGORY_NODE_CATEGORY;

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_editable_set_editable (GTK_EDITABLE (label), is_category);
  g_object_set_data_full (G_OBJECT (label), "hw-node", g_object_ref (node), g_object_unref);
  g_object_set_data (G_OBJECT (node), "hw-label", label);
  g_object_set_data (G_OBJECT (label), "hw-name-binding",
                     g_object_bind_property (node, "name", label, "text", G_BINDING_SYNC_CREATE));
  g_object_set_data (G_OBJECT (count), "hw-count-binding",
                     g_object_bind_property (node, "count-text", count, "label",
                                             G_BINDING_SYNC_CREATE));

  if (is_category && g_strcmp0 (self->rename_after, hw_category_node_get_id (node)) == 0)
    {
      g_clear_pointer (&self->rename_after, g_free);
      g_idle_add_once (start_renaming_idle_cb, g_object_ref (label));
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               HwCategoryTree           *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = g_object_get_data (G_OBJECT (expander), "hw-label");
  GtkWidget *count = g_object_get_data (G_OBJECT (expander), "hw-count");
  HwCategoryNode *node = g_object_get_data (G_OBJECT (label), "hw-node");

  g_binding_unbind (g_object_get_data (G_OBJECT (label), "hw-name-binding"));
  g_binding_unbind (g_object_get_data (G_OBJECT (count), "hw-count-binding"));
  if (node != NULL && g_object_get_data (G_OBJECT (node), "hw-label") == label)
    g_object_set_data (G_OBJECT (node), "hw-label", NULL);
  g_object_set_data (G_OBJECT (label), "hw-node", NULL);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
list_activate_cb (HwCategoryTree *self,
                  guint           position)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tree.rename", NULL);
}

/* GObject */

static void
selection_changed_cb (HwCategoryTree *self)
{
  HwCategoryNode *node = hw_category_tree_get_selected_node (self);

  _hw_category_tree_update_actions (self);

  /* A row moving (rows opened above it) or read again is no change of selection. */
  if (g_strcmp0 (node ? _hw_category_tree_node_key (node) : NULL, self->selected_key) == 0)
    return;

  g_free (self->selected_key);
  self->selected_key = g_strdup (node ? _hw_category_tree_node_key (node) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NODE]);
}

void
_hw_category_tree_emit_edited (HwCategoryTree *self)
{
  g_signal_emit (self, signals[SIGNAL_EDITED], 0);
}

static void
hw_category_tree_dispose (GObject *object)
{
  HwCategoryTree *self = (HwCategoryTree *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_CATEGORY_TREE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  g_clear_object (&self->all);
  g_clear_object (&self->uncategorized);
  g_clear_object (&self->store);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_hash_table_unref);
  g_clear_pointer (&self->undo, hw_category_edit_free);
  g_clear_pointer (&self->undo_title, g_free);
  g_clear_pointer (&self->rename_after, g_free);
  g_clear_pointer (&self->selected_key, g_free);

  G_OBJECT_CLASS (hw_category_tree_parent_class)->dispose (object);
}

static void
hw_category_tree_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, hw_category_tree_get_store (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, hw_category_tree_get_busy (self));
      break;

    case PROP_SELECTED_NODE:
      g_value_set_object (value, hw_category_tree_get_selected_node (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_category_tree_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      hw_category_tree_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_category_tree_class_init (HwCategoryTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_category_tree_dispose;
  object_class->get_property = hw_category_tree_get_property;
  object_class->set_property = hw_category_tree_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_NODE] =
    g_param_spec_object ("selected-node", NULL, NULL, HW_TYPE_CATEGORY_NODE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HwCategoryTree::edited:
   *
   * An edit (or its undo) was saved to the local copy and the tree read again.
   */
  signals[SIGNAL_EDITED] =
    g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-category-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, HwCategoryTree, box);
  gtk_widget_class_bind_template_child (widget_class, HwCategoryTree, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  _hw_category_tree_class_actions_init (widget_class);
}

static void
hw_category_tree_init (HwCategoryTree *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->categories = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, hw_entity_free);
  self->nodes = g_hash_table_new (g_str_hash, g_str_equal);
  self->roots = g_list_store_new (HW_TYPE_CATEGORY_NODE);
  self->tree_model = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->roots)),
                                              FALSE, FALSE, create_children_cb, NULL, NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  _hw_category_tree_update_actions (self);
}

HwStore *
hw_category_tree_get_store (HwCategoryTree *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), NULL);

  return self->store;
}

void
hw_category_tree_set_store (HwCategoryTree *self,
                            HwStore        *store)
{
  g_return_if_fail (HW_IS_CATEGORY_TREE (self));
  g_return_if_fail (!store || HW_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  g_clear_pointer (&self->undo, hw_category_edit_free);
  hw_category_tree_reload (self);
  _hw_category_tree_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

gboolean
hw_category_tree_get_busy (HwCategoryTree *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);

  return self->n_busy > 0;
}
