/* hw-category-tree-edits.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-tree"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-category-tree-private.h"
#include "hw-core-error.h"

/* The edits of the tree: each computes the local edits it needs and their inverse
 * (the toast's Undo), and hands them to a worker. */

typedef struct
{
  HwCategoryTree *self;
  HwCategoryEdit *undo;       /* the inverse, when known before applying */
  HwCategory     *deleted;    /* a delete: its inverse needs the products moved */
  GPtrArray      *children;   /* a delete: the subcategories (HwCategory) it moved up */
  char           *title;      /* the toast's */
  char           *select;     /* selected afterwards */
  gboolean        is_undo;
  gboolean        rename;     /* start renaming @select once shown */
} EditRun;

static void
edit_run_free (EditRun *run)
{
  g_clear_object (&run->self);
  g_clear_pointer (&run->undo, hw_category_edit_free);
  g_clear_pointer (&run->deleted, hw_entity_free);
  g_clear_pointer (&run->children, g_ptr_array_unref);
  g_free (run->title);
  g_free (run->select);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EditRun, edit_run_free)

/* A toast undoes its own edit only: a later edit made its inverse stale. */
static void
toast_undo_cb (AdwToast       *toast,
               HwCategoryTree *self)
{
  if (self->undo != NULL && g_object_get_data (G_OBJECT (toast), "hw-undo") == self->undo)
    hw_category_tree_undo (self);
}

void
_hw_category_tree_show_toast (HwCategoryTree *self,
                              const char     *title,
                              gboolean        with_undo)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    return;

  toast = adw_toast_new (title);
  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data (G_OBJECT (toast), "hw-undo", self->undo);
      g_signal_connect_object (toast, "button-clicked",
                               G_CALLBACK (toast_undo_cb), self, 0);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
edit_applied_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(EditRun) run = user_data;
  HwCategoryTree *self = run->self;
  g_auto(GStrv) moved = NULL;
  g_autofree char *restored = NULL;
  g_autoptr(GError) error = NULL;

  self->editing = FALSE;
  _hw_category_tree_busy_changed (self, -1);

  if (!hw_category_edit_apply_finish (result, &moved, &restored, &error))
    {
      g_debug ("A category edit failed: %s", error->message);
      if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE))
        _hw_category_tree_show_toast (self, _("The category is still used by a catalogue or a rule"),
                                      FALSE);
      else if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE) ||
               g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        _hw_category_tree_show_toast (self, _("The categories changed meanwhile; try again"),
                                      FALSE);
      else
        _hw_category_tree_show_toast (self, run->is_undo ? _("The change could not be undone")
                                                         : _("The change could not be saved"),
                                      FALSE);
      hw_category_tree_reload (self);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "win.local-changed", NULL);

  if (run->deleted != NULL)
    {
      /* Undo a delete: the category back, its subcategories under it, its products
       * in it. */
      run->undo = hw_category_edit_new ();
      hw_category_edit_restore (run->undo, run->deleted);
      for (guint i = 0; i < run->children->len; i++)
        {
          HwCategory *child = g_ptr_array_index (run->children, i);

          hw_category_edit_reparent (run->undo, HW_ENTITY (child)->id, child->position);
        }
      if (moved != NULL && moved[0] != NULL)
        hw_category_edit_move_products (run->undo, NULL, (const char * const *) moved, NULL);
    }

  g_clear_pointer (&self->undo, hw_category_edit_free);
  g_clear_pointer (&self->undo_title, g_free);
  if (!run->is_undo && run->undo != NULL)
    {
      self->undo = g_steal_pointer (&run->undo);
      self->undo_title = g_strdup (run->title);
    }

  hw_category_tree_reload (self);
  if (run->select != NULL)
    hw_category_tree_select (self, run->select);

  if (!run->is_undo)
    _hw_category_tree_show_toast (self, run->title, self->undo != NULL);

  if (run->rename && run->select != NULL)
    {
      g_free (self->rename_after);
      self->rename_after = g_strdup (run->select);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.undo", self->undo != NULL);
  _hw_category_tree_emit_edited (self);
}

static gboolean
run_edit (HwCategoryTree  *self,
          HwCategoryEdit  *edit,
          EditRun         *run,
          GError         **error)
{
  g_autoptr(HwCategoryEdit) owned = edit;
  g_autoptr(EditRun) owned_run = run;

  if (self->store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("There is no local copy to edit."));
      return FALSE;
    }

  /* Edits are computed from the tree as shown: one at a time. */
  if (self->editing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Another change is still being saved."));
      return FALSE;
    }

  if (hw_category_edit_get_n_ops (edit) == 0)
    return TRUE;

  run->self = g_object_ref (self);
  self->editing = TRUE;
  _hw_category_tree_busy_changed (self, 1);
  hw_category_edit_apply_async (g_steal_pointer (&owned), hw_store_get_path (self->store),
                                NULL, edit_applied_cb, g_steal_pointer (&owned_run));
  return TRUE;
}

static EditRun *
edit_run_new (const char *title,
              const char *select)
{
  EditRun *run = g_new0 (EditRun, 1);

  run->title = g_strdup (title);
  run->select = g_strdup (select);
  return run;
}

/* The children of @parent_id (NULL: the top level) in order, as categories. */
GPtrArray *
_hw_category_tree_siblings_of (HwCategoryTree *self,
                               const char     *parent_id)
{
  HwCategoryNode *parent = parent_id ? g_hash_table_lookup (self->nodes, parent_id) : self->all;
  GListModel *children;
  GPtrArray *list = g_ptr_array_new ();

  if (parent == NULL)
    return list;

  children = G_LIST_MODEL (hw_category_node_get_children (parent));
  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(HwCategoryNode) node = g_list_model_get_item (children, i);

      g_ptr_array_add (list, g_hash_table_lookup (self->categories,
                                                  hw_category_node_get_id (node)));
    }

  return list;
}

/**
 * hw_category_tree_add:
 * @parent_id: (nullable): the new category's parent; %NULL for the top level
 *
 * Creates a category as the last child of @parent_id, selects it and starts editing
 * its name.
 */
gboolean
hw_category_tree_add (HwCategoryTree  *self,
                      const char      *parent_id,
                      const char      *name,
                      GError         **error)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GPtrArray) siblings = NULL;
  HwCategoryEdit *edit, *undo;
  EditRun *run;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (parent_id != NULL && !g_hash_table_contains (self->categories, parent_id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The category no longer exists."));
      return FALSE;
    }

  siblings = _hw_category_tree_siblings_of (self, parent_id);
  HW_ENTITY (category)->id = hw_uuid_new_time_ordered ();
  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  category->position = siblings->len > 0 ?
    ((HwCategory *) g_ptr_array_index (siblings, siblings->len - 1))->position + 1 : 0;

  edit = hw_category_edit_new ();
  hw_category_edit_create (edit, category);
  undo = hw_category_edit_new ();
  hw_category_edit_delete (undo, HW_ENTITY (category)->id, -1);

  run = edit_run_new (_("Category added"), HW_ENTITY (category)->id);
  run->undo = undo;
  run->rename = TRUE;
  return run_edit (self, edit, run, error);
}

gboolean
hw_category_tree_rename (HwCategoryTree  *self,
                         const char      *id,
                         const char      *name,
                         GError         **error)
{
  g_autoptr(HwCategory) renamed = NULL;
  g_autofree char *clean = NULL;
  const HwCategory *category;
  HwCategoryEdit *edit, *undo;
  EditRun *run;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (id != NULL && name != NULL, FALSE);

  if (!(category = g_hash_table_lookup (self->categories, id)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The category no longer exists."));
      return FALSE;
    }

  clean = g_strstrip (g_strdup (name));
  if (clean[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A category needs a name."));
      return FALSE;
    }
  if (g_strcmp0 (clean, category->name) == 0)
    return TRUE;

  renamed = hw_entity_copy (category);
  g_free (renamed->name);
  renamed->name = g_strdup (clean);

  edit = hw_category_edit_new ();
  hw_category_edit_update (edit, renamed, HW_ENTITY (category)->rev);
  undo = hw_category_edit_new ();
  hw_category_edit_update (undo, category, -1);

  run = edit_run_new (_("Category renamed"), id);
  run->undo = undo;
  return run_edit (self, edit, run, error);
}

static gboolean
is_in_subtree (HwCategoryTree *self,
               const char     *id,
               const char     *root_id)
{
  for (const HwCategory *c = g_hash_table_lookup (self->categories, id);
       c != NULL;
       c = c->parent_id ? g_hash_table_lookup (self->categories, c->parent_id) : NULL)
    if (g_strcmp0 (HW_ENTITY (c)->id, root_id) == 0)
      return TRUE;

  return FALSE;
}

/* Adds an update of @category to @edit (and its inverse to @undo) when @parent_id or
 * @position differ from what it has. */
static void
place (HwCategoryEdit   *edit,
       HwCategoryEdit   *undo,
       const HwCategory *category,
       const char       *parent_id,
       gint64            position)
{
  g_autoptr(HwCategory) moved = NULL;

  if (g_strcmp0 (category->parent_id, parent_id) == 0 && category->position == position)
    return;

  moved = hw_entity_copy (category);
  g_free (moved->parent_id);
  moved->parent_id = g_strdup (parent_id);
  moved->position = position;
  hw_category_edit_update (edit, moved, HW_ENTITY (category)->rev);
  hw_category_edit_update (undo, category, -1);
}

/**
 * hw_category_tree_move:
 * @parent_id: (nullable): the new parent; %NULL for the top level
 * @index: the place among the new parent's children (without the category itself)
 *
 * Moves a category. It takes a free position between its new neighbours when there is
 * one, so a move usually changes one category; else the siblings are numbered again
 * (each that changes is one more edit). A move into its own subtree is refused.
 */
gboolean
hw_category_tree_move (HwCategoryTree  *self,
                       const char      *id,
                       const char      *parent_id,
                       guint            index,
                       GError         **error)
{
  g_autoptr(GPtrArray) siblings = NULL;
  const HwCategory *category;
  const HwCategory *prev, *next;
  HwCategoryEdit *edit, *undo;
  EditRun *run;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(category = g_hash_table_lookup (self->categories, id)) ||
      (parent_id != NULL && !g_hash_table_contains (self->categories, parent_id)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The category no longer exists."));
      return FALSE;
    }

  if (parent_id != NULL && is_in_subtree (self, parent_id, id))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A category cannot be moved into itself or one of its subcategories."));
      return FALSE;
    }

  siblings = _hw_category_tree_siblings_of (self, parent_id);
  g_ptr_array_remove (siblings, (gpointer) category);
  index = MIN (index, siblings->len);

  prev = index > 0 ? g_ptr_array_index (siblings, index - 1) : NULL;
  next = index < siblings->len ? g_ptr_array_index (siblings, index) : NULL;

  edit = hw_category_edit_new ();
  undo = hw_category_edit_new ();

  if (next == NULL)
    place (edit, undo, category, parent_id, prev ? prev->position + 1 : 0);
  else if (prev == NULL && next->position > 0)
    place (edit, undo, category, parent_id, next->position - 1);
  else if (prev != NULL && next->position - prev->position > 1)
    place (edit, undo, category, parent_id, prev->position + (next->position - prev->position) / 2);
  else
    {
      g_ptr_array_insert (siblings, index, (gpointer) category);
      for (guint i = 0; i < siblings->len; i++)
        place (edit, undo, g_ptr_array_index (siblings, i), parent_id, i);
    }

  run = edit_run_new (_("Category moved"), id);
  run->undo = undo;
  return run_edit (self, edit, run, error);
}

/**
 * hw_category_tree_drop:
 * @target_id: the entry dropped on: a category id, or "\001all" (the top level)
 *
 * What a drop does: onto an entry makes the category its last child, above or below it
 * places it among the entry's siblings.
 */
gboolean
hw_category_tree_drop (HwCategoryTree  *self,
                       const char      *id,
                       const char      *target_id,
                       HwDropPosition   position,
                       GError         **error)
{
  g_autoptr(GPtrArray) siblings = NULL;
  const HwCategory *target;
  guint index;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (id != NULL && target_id != NULL, FALSE);

  if (g_strcmp0 (id, target_id) == 0)
    return TRUE;

  if (g_strcmp0 (target_id, ALL_KEY) == 0)
    {
      siblings = _hw_category_tree_siblings_of (self, NULL);
      return hw_category_tree_move (self, id, NULL, siblings->len, error);
    }

  if (!(target = g_hash_table_lookup (self->categories, target_id)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Categories can only be dropped on other categories."));
      return FALSE;
    }

  if (position == HW_DROP_INTO)
    {
      siblings = _hw_category_tree_siblings_of (self, target_id);
      g_ptr_array_remove (siblings, g_hash_table_lookup (self->categories, id));
      return hw_category_tree_move (self, id, target_id, siblings->len, error);
    }

  siblings = _hw_category_tree_siblings_of (self, target->parent_id);
  g_ptr_array_remove (siblings, g_hash_table_lookup (self->categories, id));
  if (!g_ptr_array_find (siblings, target, &index))
    index = siblings->len;

  return hw_category_tree_move (self, id, target->parent_id,
                                position == HW_DROP_AFTER ? index + 1 : index, error);
}

/**
 * hw_category_tree_delete:
 * @products: where the category's own products go
 *
 * Deletes a category. Its subcategories move up to its parent (after the parent's
 * children); its products go to the parent or stay without a category. None is lost.
 */
gboolean
hw_category_tree_delete (HwCategoryTree    *self,
                         const char        *id,
                         HwDeleteProducts   products,
                         GError           **error)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) siblings = NULL;
  const HwCategory *category;
  HwCategoryEdit *edit, *unused;
  const char *to_id = NULL;
  gint64 next_position;
  EditRun *run;

  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(category = g_hash_table_lookup (self->categories, id)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The category no longer exists."));
      return FALSE;
    }

  if (products == HW_DELETE_PRODUCTS_TO_PARENT)
    {
      if (category->parent_id == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A top-level category has no parent to take its products."));
          return FALSE;
        }
      to_id = category->parent_id;
    }

  edit = hw_category_edit_new ();
  unused = hw_category_edit_new ();
  hw_category_edit_move_products (edit, id, NULL, to_id);

  siblings = _hw_category_tree_siblings_of (self, category->parent_id);
  next_position = siblings->len > 0 ?
    ((HwCategory *) g_ptr_array_index (siblings, siblings->len - 1))->position + 1 : 0;

  children = _hw_category_tree_siblings_of (self, id);
  for (guint i = 0; i < children->len; i++)
    place (edit, unused, g_ptr_array_index (children, i), category->parent_id, next_position++);
  hw_category_edit_delete (edit, id, HW_ENTITY (category)->rev);
  hw_category_edit_free (unused);

  run = edit_run_new (_("Category deleted"), category->parent_id ? category->parent_id : ALL_KEY);
  run->deleted = hw_entity_copy (category);
  run->children = g_ptr_array_new_with_free_func (hw_entity_free);
  for (guint i = 0; i < children->len; i++)
    g_ptr_array_add (run->children, hw_entity_copy (g_ptr_array_index (children, i)));

  return run_edit (self, edit, run, error);
}

gboolean
hw_category_tree_can_undo (HwCategoryTree *self)
{
  g_return_val_if_fail (HW_IS_CATEGORY_TREE (self), FALSE);

  return self->undo != NULL;
}

/**
 * hw_category_tree_undo:
 *
 * Applies the inverse of the last edit (the toast's Undo button).
 */
void
hw_category_tree_undo (HwCategoryTree *self)
{
  g_autoptr(GError) error = NULL;
  EditRun *run;

  g_return_if_fail (HW_IS_CATEGORY_TREE (self));

  /* While another change is saved the undo waits: it is computed from the tree as it
   * was, which that change is about to alter. */
  if (self->undo == NULL || self->editing)
    return;

  run = edit_run_new (self->undo_title, NULL);
  run->is_undo = TRUE;
  if (!run_edit (self, g_steal_pointer (&self->undo), run, &error))
    g_debug ("Undo failed: %s", error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.undo", FALSE);
}

