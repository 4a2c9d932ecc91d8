/* hw-category-tree-actions.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-tree"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-category-tree-private.h"

/* The tree's actions and their keys, and the delete dialog. */

/* Actions */

static const char *
selected_category_id (HwCategoryTree *self)
{
  HwCategoryNode *node = hw_category_tree_get_selected_node (self);

  if (node == NULL || hw_category_node_get_kind (node) != HW_CATEGORY_NODE_CATEGORY)
    return NULL;

  return hw_category_node_get_id (node);
}

void
_hw_category_tree_update_actions (HwCategoryTree *self)
{
  HwCategoryNode *node = hw_category_tree_get_selected_node (self);
  gboolean is_category = selected_category_id (self) != NULL;
  gboolean is_all = node != NULL && hw_category_node_get_kind (node) == HW_CATEGORY_NODE_ALL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.add-child", is_category || is_all);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.add-sibling", self->store != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.rename", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.delete", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.move-up", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.move-down", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.outdent", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.indent", is_category);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.undo", self->undo != NULL);
}

static void
report (HwCategoryTree *self,
        gboolean        ok,
        GError         *error)
{
  if (!ok && error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY))
    _hw_category_tree_show_toast (self, error->message, FALSE);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (widget);
  const char *id = selected_category_id (self);
  const char *parent_id = NULL;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (action_name, "tree.add-child"))
    parent_id = id;
  else if (id != NULL)
    parent_id = ((HwCategory *) g_hash_table_lookup (self->categories, id))->parent_id;

  report (self, hw_category_tree_add (self, parent_id, _("New Category"), &error), error);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (widget);
  const char *id = selected_category_id (self);
  GtkWidget *label = id ? _hw_category_tree_find_label (self, id) : NULL;

  if (label != NULL)
    _hw_category_tree_start_renaming (GTK_EDITABLE_LABEL (label));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (widget);
  const char *id = selected_category_id (self);
  g_autoptr(GPtrArray) siblings = NULL;
  g_autoptr(GError) error = NULL;
  const HwCategory *category;
  guint index;
  gboolean ok = TRUE;

  if (id == NULL || !(category = g_hash_table_lookup (self->categories, id)))
    return;

  siblings = _hw_category_tree_siblings_of (self, category->parent_id);
  if (!g_ptr_array_find (siblings, category, &index))
    return;

  if (g_str_equal (action_name, "tree.move-up") && index > 0)
    ok = hw_category_tree_move (self, id, category->parent_id, index - 1, &error);
  else if (g_str_equal (action_name, "tree.move-down") && index + 1 < siblings->len)
    ok = hw_category_tree_move (self, id, category->parent_id, index + 1, &error);
  else if (g_str_equal (action_name, "tree.outdent") && category->parent_id != NULL)
    {
      const HwCategory *parent = g_hash_table_lookup (self->categories, category->parent_id);
      g_autoptr(GPtrArray) uncles = _hw_category_tree_siblings_of (self, parent ? parent->parent_id : NULL);
      guint parent_index = uncles->len;

      g_ptr_array_find (uncles, parent, &parent_index);
      ok = hw_category_tree_move (self, id, parent ? parent->parent_id : NULL,
                                  parent_index + 1, &error);
    }
  else if (g_str_equal (action_name, "tree.indent") && index > 0)
    {
      const HwCategory *above = g_ptr_array_index (siblings, index - 1);
      g_autoptr(GPtrArray) children = _hw_category_tree_siblings_of (self, HW_ENTITY (above)->id);

      ok = hw_category_tree_move (self, id, HW_ENTITY (above)->id, children->len, &error);
    }

  report (self, ok, error);
}

static void
delete_response_cb (HwCategoryTree   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "hw-category-id");
  g_autoptr(GError) error = NULL;
  HwDeleteProducts products;

  if (g_str_equal (response, "parent"))
    products = HW_DELETE_PRODUCTS_TO_PARENT;
  else if (g_str_equal (response, "uncategorize") || g_str_equal (response, "delete"))
    products = HW_DELETE_PRODUCTS_UNCATEGORIZED;
  else
    return;

  report (self, hw_category_tree_delete (self, id, products, &error), error);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  HwCategoryTree *self = HW_CATEGORY_TREE (widget);
  const char *id = selected_category_id (self);
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  const HwCategory *category, *parent;
  HwCategoryNode *node;
  GtkWidget *dialog;
  gint64 own = -1;

  if (id == NULL || !(category = g_hash_table_lookup (self->categories, id)))
    return;

  node = hw_category_tree_find_node (self, id);
  parent = category->parent_id ? g_hash_table_lookup (self->categories, category->parent_id) : NULL;
  children = _hw_category_tree_siblings_of (self, id);

  /* Its own products: the subtree's count less the subcategories'. */
  if (hw_category_node_get_count (node) >= 0)
    {
      GListModel *kids = G_LIST_MODEL (hw_category_node_get_children (node));

      own = hw_category_node_get_count (node);
      for (guint i = 0; i < g_list_model_get_n_items (kids); i++)
        {
          g_autoptr(HwCategoryNode) kid = g_list_model_get_item (kids, i);

          own -= MAX (hw_category_node_get_count (kid), 0);
        }
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                     category->name);

  if (own > 0)
    {
      /* A count may exceed an int: printed first, it reaches the message as text. */
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, own);

      g_string_append_printf (body,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "It holds %s product. Products are never deleted with their category: choose where it goes.",
                                           "It holds %s products. Products are never deleted with their category: choose where they go.",
                                           (gulong) MIN (own, G_MAXLONG)),
                              number);
    }
  else if (own < 0)
    g_string_append (body, _("Products are never deleted with their category: choose where its products go."));
  if (children->len > 0)
    {
      if (body->len > 0)
        g_string_append_c (body, '\n');
      if (parent != NULL)
        g_string_append_printf (body,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "Its %u subcategory moves up into “%s”.",
                                             "Its %u subcategories move up into “%s”.",
                                             children->len),
                                children->len, parent->name);
      else
        g_string_append_printf (body,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "Its %u subcategory moves up to the top level.",
                                             "Its %u subcategories move up to the top level.",
                                             children->len),
                                children->len);
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body->str);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (own == 0)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Delete"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "uncategorize",
                                       _("_Leave Uncategorized"));
      if (parent != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("_Move to “%s”"), parent->name);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "parent", label);
          adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "parent",
                                                      ADW_RESPONSE_SUGGESTED);
        }
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_object_set_data_full (G_OBJECT (dialog), "hw-category-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  hw_category_tree_undo (HW_CATEGORY_TREE (widget));
}

void
_hw_category_tree_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tree.add-sibling", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "tree.add-child", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "tree.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "tree.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "tree.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tree.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tree.outdent", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tree.indent", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "tree.undo", NULL, undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "tree.add-sibling", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tree.add-child", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "tree.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tree.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "tree.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "tree.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "tree.outdent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK,
                                       "tree.indent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "tree.undo", NULL);
}
