/* test-category-tree.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The category tree editor on a small local copy:
 *   Tools (A)  ─ Drills (A1: 3 products), Saws (A2)   + 2 products of its own
 *   Garden (B)                                         + 1 product
 * Every edit, and its undo, is checked in the store and in the outbox.
 */

#include "config.h"

#include "hw-category-tree.h"
#include "hw-test-assortment.h"

typedef struct
{
  TestStore      *local;
  HwCategoryTree *tree;
  char           *a, *a1, *a2, *b;
  char           *products[6];
  guint           n_edited;
  guint           n_local_changed;
} Fixture;

static char *
create_category (HwStore    *store,
                 const char *name,
                 const char *parent_id,
                 gint64      position)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  category->position = position;
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (category)->id);
}

static char *
create_product (HwStore    *store,
                guint       i,
                const char *category_id)
{
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup_printf ("T-%u", i);
  product->name = g_strdup_printf ("Test product %u", i);
  product->unit = g_strdup ("piece");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 995;
  product->category_id = g_strdup (category_id);
  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (product)->id);
}

static gboolean
tree_idle (gpointer data)
{
  return !hw_category_tree_get_busy (data);
}

static void
local_changed_cb (Fixture *f)
{
  f->n_local_changed++;
}

static void
edited_cb (HwCategoryTree *tree,
           Fixture        *f)
{
  f->n_edited++;
}

/* Waits for the edit (or undo) just started to be saved and the tree read again. */
static void
wait_edit (Fixture *f,
           guint    expected_edits)
{
  hw_test_wait_for (tree_idle, f->tree);
  g_assert_cmpuint (f->n_edited, ==, expected_edits);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->local = test_store_new_empty ();
  f->a = create_category (f->local->store, "Tools", NULL, 0);
  f->b = create_category (f->local->store, "Garden", NULL, 1);
  f->a1 = create_category (f->local->store, "Drills", f->a, 0);
  f->a2 = create_category (f->local->store, "Saws", f->a, 1);
  for (guint i = 0; i < 3; i++)
    f->products[i] = create_product (f->local->store, i, f->a1);
  f->products[3] = create_product (f->local->store, 3, f->a);
  f->products[4] = create_product (f->local->store, 4, f->a);
  f->products[5] = create_product (f->local->store, 5, f->b);

  f->tree = g_object_ref_sink (g_object_new (HW_TYPE_CATEGORY_TREE, NULL));
  g_signal_connect (f->tree, "edited", G_CALLBACK (edited_cb), f);

  /* The window's action that tells the sync engine there is something to push */
  {
    g_autoptr(GSimpleActionGroup) win = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) action = g_simple_action_new ("local-changed", NULL);

    g_signal_connect_swapped (action, "activate", G_CALLBACK (local_changed_cb), f);
    g_action_map_add_action (G_ACTION_MAP (win), G_ACTION (action));
    gtk_widget_insert_action_group (GTK_WIDGET (f->tree), "win", G_ACTION_GROUP (win));
  }
  hw_category_tree_set_store (f->tree, f->local->store);
  hw_test_wait_for (tree_idle, f->tree);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->tree);
  test_store_free (f->local);
  g_free (f->a);
  g_free (f->a1);
  g_free (f->a2);
  g_free (f->b);
  for (guint i = 0; i < G_N_ELEMENTS (f->products); i++)
    g_free (f->products[i]);
}

static HwCategory *
get_category (Fixture    *f,
              const char *id)
{
  return hw_store_get_category (f->local->store, id, NULL);
}

static void
assert_placed (Fixture    *f,
               const char *id,
               const char *parent_id,
               gint64      position)
{
  g_autoptr(HwCategory) category = get_category (f, id);

  g_assert_nonnull (category);
  g_assert_cmpstr (category->parent_id, ==, parent_id);
  if (position >= 0)
    g_assert_cmpint (category->position, ==, position);
}

static void
assert_product_in (Fixture    *f,
                   guint       i,
                   const char *category_id)
{
  g_autoptr(HwProduct) product = hw_store_get_product (f->local->store, f->products[i], NULL);

  g_assert_nonnull (product);
  g_assert_cmpstr (product->category_id, ==, category_id);
}

/* The outbox holds exactly these ops: pairs of (entity id, kind), in any order. */
static void
assert_ops (Fixture     *f,
            guint        n,
            ...)
{
  g_autoptr(GPtrArray) ops = test_pending_ops (f->local->store);
  va_list args;

  g_assert_cmpuint (ops->len, ==, n);

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      const char *id = va_arg (args, const char *);
      HwOutboxKind kind = va_arg (args, HwOutboxKind);
      gboolean found = FALSE;

      for (guint j = 0; j < ops->len && !found; j++)
        {
          HwOutboxOp *op = g_ptr_array_index (ops, j);

          found = g_strcmp0 (op->entity_id, id) == 0 && op->kind == kind;
        }
      if (!found)
        g_error ("no %s op for %s", hw_outbox_kind_to_string (kind), id);
    }
  va_end (args);
}

/* The children of a node as the tree shows them, by name. */
static char *
children_names (Fixture    *f,
                const char *id)
{
  HwCategoryNode *node = hw_category_tree_find_node (f->tree, id);
  GListModel *children = G_LIST_MODEL (hw_category_node_get_children (node));
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (children); i++)
    {
      g_autoptr(HwCategoryNode) child = g_list_model_get_item (children, i);

      g_string_append_printf (names, "%s%s", i ? "," : "", hw_category_node_get_name (child));
    }

  return g_string_free (names, FALSE);
}

static void
assert_children (Fixture    *f,
                 const char *id,
                 const char *expected)
{
  g_autofree char *names = children_names (f, id);

  g_assert_cmpstr (names, ==, expected);
}

static gint64
count_of (Fixture    *f,
          const char *id)
{
  return hw_category_node_get_count (hw_category_tree_find_node (f->tree, id));
}

static void
test_tree_and_counts (Fixture       *f,
                      gconstpointer  data)
{
  HwCategoryNode *selected = hw_category_tree_get_selected_node (f->tree);

  /* "All Products" (selected, expanded) holds the top level in position order */
  g_assert_nonnull (selected);
  g_assert_cmpint (hw_category_node_get_kind (selected), ==, HW_CATEGORY_NODE_ALL);
  assert_children (f, "\001all", "Tools,Garden");
  assert_children (f, f->a, "Drills,Saws");

  /* Counts are the subtree's */
  g_assert_cmpint (count_of (f, "\001all"), ==, 6);
  g_assert_cmpint (count_of (f, f->a), ==, 5);
  g_assert_cmpint (count_of (f, f->a1), ==, 3);
  g_assert_cmpint (count_of (f, f->a2), ==, 0);
  g_assert_cmpint (count_of (f, f->b), ==, 1);
  g_assert_cmpint (count_of (f, "\001none"), ==, 0);

  /* Selecting a nested category expands its ancestors */
  g_assert_true (hw_category_tree_select (f->tree, f->a2));
  g_assert_cmpstr (hw_category_node_get_id (hw_category_tree_get_selected_node (f->tree)),
                   ==, f->a2);
  g_assert_false (hw_category_tree_select (f->tree, "no-such-category"));

  assert_ops (f, 0);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  HwCategoryNode *node;
  const char *id;

  /* Add a child: the last of its parent, selected */
  g_assert_true (hw_category_tree_add (f->tree, f->b, "Hoses", &error));
  g_assert_no_error (error);
  wait_edit (f, 1);
  assert_children (f, f->b, "Hoses");
  node = hw_category_tree_get_selected_node (f->tree);
  g_assert_cmpstr (hw_category_node_get_name (node), ==, "Hoses");
  id = hw_category_node_get_id (node);
  assert_placed (f, id, f->b, 0);
  assert_ops (f, 1, id, HW_OUTBOX_CREATE);
  g_assert_true (hw_category_tree_can_undo (f->tree));
  g_assert_cmpuint (f->n_local_changed, ==, 1);

  /* Undo: the create never reached the server, so op and row vanish */
  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  assert_children (f, f->b, "");
  assert_ops (f, 0);
  g_assert_false (hw_category_tree_can_undo (f->tree));
  g_assert_cmpuint (f->n_local_changed, ==, 2);

  /* A sibling at the top level, through the action on the selection */
  g_assert_true (hw_category_tree_select (f->tree, f->b));
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.add-sibling", NULL);
  wait_edit (f, 3);
  assert_children (f, "\001all", "Tools,Garden,New Category");
  node = hw_category_tree_get_selected_node (f->tree);
  assert_placed (f, hw_category_node_get_id (node), NULL, 2);
  assert_ops (f, 1, hw_category_node_get_id (node), HW_OUTBOX_CREATE);
}

static void
test_rename (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwCategory) renamed = NULL;
  g_autoptr(HwCategory) restored = NULL;

  g_assert_true (hw_category_tree_rename (f->tree, f->a1, "  Cordless drills ", &error));
  wait_edit (f, 1);
  renamed = get_category (f, f->a1);
  g_assert_cmpstr (renamed->name, ==, "Cordless drills");
  g_assert_cmpstr (hw_category_node_get_name (hw_category_tree_find_node (f->tree, f->a1)),
                   ==, "Cordless drills");
  assert_ops (f, 1, f->a1, HW_OUTBOX_UPDATE);

  /* An empty name is refused, the same name is no edit */
  g_assert_false (hw_category_tree_rename (f->tree, f->a1, "  ", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (hw_category_tree_rename (f->tree, f->a1, "Cordless drills", &error));
  hw_test_wait_for (tree_idle, f->tree);
  g_assert_cmpuint (f->n_edited, ==, 1);

  /* Undo: the name is back; the update coalesces into the one op */
  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  restored = get_category (f, f->a1);
  g_assert_cmpstr (restored->name, ==, "Drills");
  assert_ops (f, 1, f->a1, HW_OUTBOX_UPDATE);
}

static void
test_move_by_keyboard (Fixture       *f,
                       gconstpointer  data)
{
  /* Alt+Up: Saws before Drills; positions 0 and 1 leave no gap, so both change */
  g_assert_true (hw_category_tree_select (f->tree, f->a2));
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.move-up", NULL);
  wait_edit (f, 1);
  assert_children (f, f->a, "Saws,Drills");
  assert_ops (f, 2, f->a2, HW_OUTBOX_UPDATE, f->a1, HW_OUTBOX_UPDATE);
  g_assert_cmpstr (hw_category_node_get_id (hw_category_tree_get_selected_node (f->tree)),
                   ==, f->a2);

  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  assert_children (f, f->a, "Drills,Saws");
  assert_placed (f, f->a1, f->a, 0);
  assert_placed (f, f->a2, f->a, 1);

  /* Alt+Left: Drills out of Tools, right after it at the top level */
  g_assert_true (hw_category_tree_select (f->tree, f->a1));
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.outdent", NULL);
  wait_edit (f, 3);
  assert_children (f, "\001all", "Tools,Drills,Garden");
  assert_children (f, f->a, "Saws");
  assert_placed (f, f->a1, NULL, -1);
  /* Its products stay in it, and Tools' count no longer holds them */
  assert_product_in (f, 0, f->a1);
  g_assert_cmpint (count_of (f, f->a), ==, 2);
  g_assert_cmpint (count_of (f, f->a1), ==, 3);

  /* Alt+Right: back into the category above, as its last child */
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.indent", NULL);
  wait_edit (f, 4);
  assert_children (f, f->a, "Saws,Drills");
  assert_placed (f, f->a1, f->a, -1);

  /* Alt+Down at the bottom does nothing */
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.move-down", NULL);
  hw_test_wait_for (tree_idle, f->tree);
  g_assert_cmpuint (f->n_edited, ==, 4);

  /* Alt+Down on Tools: after Garden (renumbered to 2 by the outdent), in the free
   * position after it: one more op */
  assert_placed (f, f->b, NULL, 2);
  g_assert_true (hw_category_tree_select (f->tree, f->a));
  gtk_widget_activate_action (GTK_WIDGET (f->tree), "tree.move-down", NULL);
  wait_edit (f, 5);
  assert_children (f, "\001all", "Garden,Tools");
  assert_placed (f, f->a, NULL, 3);
  /* Saws keeps the op of the first move and its undo (updates coalesce, they do not
   * cancel out) */
  assert_ops (f, 4, f->a, HW_OUTBOX_UPDATE, f->a1, HW_OUTBOX_UPDATE, f->a2, HW_OUTBOX_UPDATE,
              f->b, HW_OUTBOX_UPDATE);
}

static void
test_move_by_drop (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Onto a category: its last child, one edit */
  g_assert_true (hw_category_tree_drop (f->tree, f->b, f->a1, HW_DROP_INTO, &error));
  g_assert_no_error (error);
  wait_edit (f, 1);
  assert_children (f, f->a1, "Garden");
  assert_children (f, "\001all", "Tools");
  assert_placed (f, f->b, f->a1, 0);
  assert_ops (f, 1, f->b, HW_OUTBOX_UPDATE);
  g_assert_cmpint (count_of (f, f->a), ==, 6);

  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  assert_children (f, "\001all", "Tools,Garden");
  assert_placed (f, f->b, NULL, 1);

  /* Above a category: among its siblings, before it */
  g_assert_true (hw_category_tree_drop (f->tree, f->a2, f->b, HW_DROP_BEFORE, &error));
  wait_edit (f, 3);
  assert_children (f, "\001all", "Tools,Saws,Garden");

  /* Below one */
  g_assert_true (hw_category_tree_drop (f->tree, f->a2, f->a1, HW_DROP_AFTER, &error));
  wait_edit (f, 4);
  assert_children (f, "\001all", "Tools,Garden");
  assert_children (f, f->a, "Drills,Saws");

  /* Onto "All Products": the end of the top level */
  g_assert_true (hw_category_tree_drop (f->tree, f->a1, "\001all", HW_DROP_INTO, &error));
  wait_edit (f, 5);
  assert_children (f, "\001all", "Tools,Garden,Drills");

  /* Onto "Uncategorized": refused */
  g_assert_false (hw_category_tree_drop (f->tree, f->a1, "\001none", HW_DROP_INTO, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_refused_cycle (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Into its own child, by a drop and by a move; into itself */
  g_assert_false (hw_category_tree_drop (f->tree, f->a, f->a1, HW_DROP_INTO, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (hw_category_tree_drop (f->tree, f->a, f->a2, HW_DROP_AFTER, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (hw_category_tree_move (f->tree, f->a, f->a, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  hw_test_wait_for (tree_idle, f->tree);
  g_assert_cmpuint (f->n_edited, ==, 0);
  g_assert_cmpuint (f->n_local_changed, ==, 0);
  assert_placed (f, f->a, NULL, 0);
  assert_ops (f, 0);
}

static void
test_delete_to_parent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Drills' three products go to Tools: three product updates and the delete */
  g_assert_true (hw_category_tree_delete (f->tree, f->a1, HW_DELETE_PRODUCTS_TO_PARENT, &error));
  g_assert_no_error (error);
  wait_edit (f, 1);
  g_assert_null (hw_category_tree_find_node (f->tree, f->a1));
  assert_children (f, f->a, "Saws");
  for (guint i = 0; i < 3; i++)
    assert_product_in (f, i, f->a);
  g_assert_cmpint (count_of (f, f->a), ==, 5);
  g_assert_cmpint (count_of (f, "\001all"), ==, 6);
  assert_ops (f, 4, f->a1, HW_OUTBOX_DELETE, f->products[0], HW_OUTBOX_UPDATE,
              f->products[1], HW_OUTBOX_UPDATE, f->products[2], HW_OUTBOX_UPDATE);

  /* Undo: the same category (its delete was still waiting), its products back in it */
  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  assert_children (f, f->a, "Drills,Saws");
  assert_placed (f, f->a1, f->a, 0);
  for (guint i = 0; i < 3; i++)
    assert_product_in (f, i, f->a1);
  g_assert_cmpint (count_of (f, f->a1), ==, 3);
  assert_ops (f, 3, f->products[0], HW_OUTBOX_UPDATE,
              f->products[1], HW_OUTBOX_UPDATE, f->products[2], HW_OUTBOX_UPDATE);

  /* A top-level category has no parent to take its products */
  g_assert_false (hw_category_tree_delete (f->tree, f->b, HW_DELETE_PRODUCTS_TO_PARENT, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_delete_uncategorized (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Tools: its two products lose their category, Drills and Saws move up to the
   * top level (after Garden), then Tools goes */
  g_assert_true (hw_category_tree_delete (f->tree, f->a, HW_DELETE_PRODUCTS_UNCATEGORIZED,
                                          &error));
  g_assert_no_error (error);
  wait_edit (f, 1);
  assert_children (f, "\001all", "Garden,Drills,Saws");
  assert_product_in (f, 3, NULL);
  assert_product_in (f, 4, NULL);
  assert_product_in (f, 0, f->a1);
  g_assert_cmpint (count_of (f, "\001none"), ==, 2);
  g_assert_cmpint (count_of (f, "\001all"), ==, 6);
  assert_ops (f, 5, f->a, HW_OUTBOX_DELETE, f->a1, HW_OUTBOX_UPDATE, f->a2, HW_OUTBOX_UPDATE,
              f->products[3], HW_OUTBOX_UPDATE, f->products[4], HW_OUTBOX_UPDATE);

  /* Undo: Tools back with its subcategories and its products */
  hw_category_tree_undo (f->tree);
  wait_edit (f, 2);
  assert_children (f, "\001all", "Tools,Garden");
  assert_children (f, f->a, "Drills,Saws");
  assert_product_in (f, 3, f->a);
  assert_product_in (f, 4, f->a);
  g_assert_cmpint (count_of (f, f->a), ==, 5);
  g_assert_cmpint (count_of (f, "\001none"), ==, 0);
  assert_ops (f, 4, f->a1, HW_OUTBOX_UPDATE, f->a2, HW_OUTBOX_UPDATE,
              f->products[3], HW_OUTBOX_UPDATE, f->products[4], HW_OUTBOX_UPDATE);
}

static void
test_delete_local_category (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* A category made here and deleted before it synced leaves no op at all; undo
   * brings it back as a new one */
  g_assert_true (hw_category_tree_add (f->tree, NULL, "Paint", &error));
  wait_edit (f, 1);
  id = g_strdup (hw_category_node_get_id (hw_category_tree_get_selected_node (f->tree)));
  g_assert_true (hw_category_tree_delete (f->tree, id, HW_DELETE_PRODUCTS_UNCATEGORIZED, &error));
  wait_edit (f, 2);
  assert_children (f, "\001all", "Tools,Garden");
  assert_ops (f, 0);

  hw_category_tree_undo (f->tree);
  wait_edit (f, 3);
  assert_children (f, "\001all", "Tools,Garden,Paint");
  {
    g_autoptr(GPtrArray) ops = test_pending_ops (f->local->store);

    g_assert_cmpuint (ops->len, ==, 1);
    g_assert_cmpint (((HwOutboxOp *) g_ptr_array_index (ops, 0))->kind, ==, HW_OUTBOX_CREATE);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/App/CategoryTree/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("tree-and-counts", test_tree_and_counts);
  ADD ("add", test_add);
  ADD ("rename", test_rename);
  ADD ("move-by-keyboard", test_move_by_keyboard);
  ADD ("move-by-drop", test_move_by_drop);
  ADD ("refused-cycle", test_refused_cycle);
  ADD ("delete-to-parent", test_delete_to_parent);
  ADD ("delete-uncategorized", test_delete_uncategorized);
  ADD ("delete-local-category", test_delete_local_category);

  return g_test_run ();
}
