/* test-assortment-page.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Assortment page in a 1280×800 window over a demo copy: the table follows the
 * tree, the filters, the search and the column sort; the empty states; activation,
 * selection and the actions the product editor hooks into. Renders PNGs to look at.
 */

#include "config.h"

#include "hw-assortment-page.h"
#include "hw-test-assortment.h"

static TestStore *demo;

typedef struct
{
  GtkWindow        *window;
  HwAssortmentPage *page;
  GStrv             activated;
  guint             n_bulk;
} Fixture;

static gboolean
page_settled (gpointer data)
{
  HwAssortmentPage *page = data;
  HwProductListModel *model = hw_assortment_page_get_product_model (page);

  return !hw_category_tree_get_busy (hw_assortment_page_get_category_tree (page)) &&
         (model == NULL || !hw_product_list_model_get_loading (model));
}

static gboolean
top_rows_read (gpointer data)
{
  HwProductListModel *model = hw_assortment_page_get_product_model (data);
  guint n = MIN (g_list_model_get_n_items (G_LIST_MODEL (model)), 12);

  for (guint i = 0; i < n; i++)
    if (hw_product_list_model_peek_id (model, i) == NULL)
      return FALSE;
  return TRUE;
}

static void
product_activated_cb (HwAssortmentPage *page,
                      const char       *id,
                      Fixture          *f)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (f->activated != NULL)
    g_strv_builder_addv (builder, (const char **) f->activated);
  g_strv_builder_add (builder, id);
  g_strfreev (f->activated);
  f->activated = g_strv_builder_end (builder);
}

static void
bulk_edit_cb (HwAssortmentPage *page,
              Fixture          *f)
{
  f->n_bulk++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  f->page = HW_ASSORTMENT_PAGE (hw_assortment_page_new ());
  g_signal_connect (f->page, "product-activated", G_CALLBACK (product_activated_cb), f);
  g_signal_connect (f->page, "bulk-edit", G_CALLBACK (bulk_edit_cb), f);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (f->page));

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (f->window, FALSE);
  gtk_window_set_default_size (f->window, 1280, 800);
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_strfreev (f->activated);
}

static guint
n_rows (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (hw_assortment_page_get_product_model (f->page)));
}

static HwQuery *
shown_query (Fixture *f)
{
  g_assert_true (hw_assortment_page_get_query (f->page) ==
                 hw_product_list_model_get_query (hw_assortment_page_get_product_model (f->page)));
  return hw_assortment_page_get_query (f->page);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwStatusPage *
visible_status_page (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_parent (gtk_widget_get_parent (
    find_descendant (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW)));
  GtkWidget *child;

  /* The column view's scrolled window sits in the table stack. */
  while (stack != NULL && !GTK_IS_STACK (stack))
    stack = gtk_widget_get_parent (stack);
  child = gtk_stack_get_visible_child (GTK_STACK (stack));
  return ADW_IS_STATUS_PAGE (child) ? ADW_STATUS_PAGE (child) : NULL;
}

static void
set_store (Fixture *f)
{
  hw_assortment_page_set_store (f->page, demo->store);
  hw_test_wait_for (page_settled, f->page);
}

static void
test_no_store (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) ids = hw_assortment_page_dup_selected_product_ids (f->page);
  GtkWidget *status = find_descendant (GTK_WIDGET (f->page), ADW_TYPE_STATUS_PAGE);

  g_assert_null (hw_assortment_page_get_store (f->page));
  g_assert_null (hw_assortment_page_get_product_model (f->page));
  g_assert_nonnull (ids);
  g_assert_null (ids[0]);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Local Copy");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "assortment.bulk-edit", NULL) &&
                  f->n_bulk > 0);
  g_assert_cmpuint (f->n_bulk, ==, 0);

  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-no-store.png");

  /* A store, then none again */
  set_store (f);
  g_assert_cmpuint (n_rows (f), ==, 600);
  hw_assortment_page_set_store (f->page, NULL);
  g_assert_true (gtk_widget_get_mapped (status));
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  HwCategoryTree *tree = hw_assortment_page_get_category_tree (f->page);
  g_autoptr(HwQuery) top = hw_query_new ();
  g_autoptr(HwPage) roots = NULL;
  g_autoptr(HwQuery) expected = hw_query_new ();
  const char *root_id;

  set_store (f);
  g_assert_cmpuint (n_rows (f), ==, 600);
  g_assert_cmpuint (hw_query_get_n_filters (shown_query (f)), ==, 0);
  hw_test_wait_for (top_rows_read, f->page);
  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page.png");

  /* A leaf deep in the tree: its ancestors open, the table holds its products */
  {
    g_autoptr(HwQuery) first = hw_query_new ();
    g_autoptr(HwQuery) in_leaf = hw_query_new ();
    g_autoptr(HwPage) page = NULL;
    const char *leaf_id;

    hw_query_set_sort (first, "sku", TRUE);
    hw_query_set_limit (first, 1);
    page = hw_store_list_products (demo->store, first, NULL);
    leaf_id = ((HwProduct *) g_ptr_array_index (page->items, 0))->category_id;
    g_assert_true (hw_category_tree_select (tree, leaf_id));
    hw_test_wait_for (page_settled, f->page);
    hw_query_add_filter (in_leaf, "category_id", HW_FILTER_IN_SUBTREE, leaf_id);
    g_assert_cmpint (n_rows (f), ==, test_count (demo->store, in_leaf));
    hw_test_wait_for (top_rows_read, f->page);
    hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-category.png");
  }

  /* A category: its subtree */
  hw_query_add_filter (top, "parent_id", HW_FILTER_IS_NULL, NULL);
  roots = hw_store_list_categories (demo->store, top, NULL);
  root_id = HW_ENTITY (g_ptr_array_index (roots->items, 0))->id;
  g_assert_true (hw_category_tree_select (tree, root_id));
  hw_test_wait_for (page_settled, f->page);
  hw_query_add_filter (expected, "category_id", HW_FILTER_IN_SUBTREE, root_id);
  g_assert_cmpint (n_rows (f), ==, test_count (demo->store, expected));
  g_assert_cmpint (n_rows (f), <, 600);
  g_assert_cmpint (n_rows (f), ==,
                   hw_category_node_get_count (hw_category_tree_find_node (tree, root_id)));

  /* And a status */
  hw_assortment_page_set_status_filter (f->page, "active");
  hw_test_wait_for (page_settled, f->page);
  hw_query_add_filter (expected, "status", HW_FILTER_EQ, "active");
  g_assert_cmpint (n_rows (f), ==, test_count (demo->store, expected));

  /* And incomplete only */
  hw_assortment_page_set_incomplete_only (f->page, TRUE);
  hw_test_wait_for (page_settled, f->page);
  hw_query_add_filter (expected, "completeness", HW_FILTER_LT, "100");
  g_assert_cmpint (n_rows (f), ==, test_count (demo->store, expected));
  g_assert_cmpuint (hw_query_get_n_filters (shown_query (f)), ==, 3);

  hw_test_wait_for (top_rows_read, f->page);
  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-filtered.png");

  /* Uncategorized: none in the demo, so the empty state says so */
  hw_assortment_page_set_status_filter (f->page, NULL);
  hw_assortment_page_set_incomplete_only (f->page, FALSE);
  g_assert_true (hw_category_tree_select (tree, "\001none"));
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_nonnull (visible_status_page (f));
  g_assert_cmpstr (adw_status_page_get_title (visible_status_page (f)), ==, "No Products Found");
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HwQuery) expected = hw_query_new ();
  guint n_changes = 0;

  set_store (f);

  /* The tree read again with the same selection leaves the table alone; a reload
   * (after a sync) reads it again */
  g_signal_connect (hw_assortment_page_get_product_model (f->page), "items-changed",
                    G_CALLBACK (count_changes_cb), &n_changes);
  hw_category_tree_reload (hw_assortment_page_get_category_tree (f->page));
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_changes, ==, 0);
  hw_assortment_page_reload (f->page);
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (n_rows (f), ==, 600);
  g_signal_handlers_disconnect_by_data (hw_assortment_page_get_product_model (f->page),
                                        &n_changes);

  hw_assortment_page_set_search_text (f->page, "drill");
  hw_test_wait_for (page_settled, f->page);
  hw_query_set_search (expected, "drill");
  g_assert_cmpstr (hw_query_get_search (shown_query (f)), ==, "drill");
  g_assert_cmpint (n_rows (f), ==, test_count (demo->store, expected));
  g_assert_null (visible_status_page (f));

  /* Nothing found: the status page instead of the table */
  hw_assortment_page_set_search_text (f->page, "zzqxjv");
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_rows (f), ==, 0);
  g_assert_nonnull (visible_status_page (f));
  g_assert_cmpstr (adw_status_page_get_title (visible_status_page (f)), ==, "No Products Found");
  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-no-results.png");

  /* Cleared: everything again */
  hw_assortment_page_set_search_text (f->page, "");
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_rows (f), ==, 600);
  g_assert_null (hw_query_get_search (shown_query (f)));
  g_assert_null (visible_status_page (f));
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GtkColumnView *view;
  GListModel *columns;
  gboolean descending = FALSE;
  static const struct { guint column; const char *field; } sortable[] = {
    { 0, "sku" }, { 1, "name" }, { 4, "status" }, { 5, "base_price" }, { 6, "completeness" },
  };

  set_store (f);
  view = GTK_COLUMN_VIEW (find_descendant (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (view);
  g_assert_cmpuint (g_list_model_get_n_items (columns), ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (sortable); i++)
    for (int order = 0; order < 2; order++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, sortable[i].column);

        gtk_column_view_sort_by_column (view, column, order ? GTK_SORT_DESCENDING
                                                            : GTK_SORT_ASCENDING);
        hw_test_wait_for (page_settled, f->page);
        g_assert_cmpstr (hw_query_get_sort (shown_query (f), &descending), ==, sortable[i].field);
        g_assert_cmpint (descending, ==, order);
      }

  /* Descending by price: the first row is the dearest */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) page = NULL;

    hw_query_set_sort (query, "base_price", TRUE);
    hw_query_set_limit (query, 1);
    page = hw_store_list_products (demo->store, query, NULL);
    gtk_column_view_sort_by_column (view, g_list_model_get_item (columns, 5), GTK_SORT_DESCENDING);
    g_object_unref (g_list_model_get_item (columns, 5));
    hw_test_wait_for (page_settled, f->page);
    hw_test_wait_for (top_rows_read, f->page);
    g_assert_cmpstr (hw_product_list_model_peek_id (hw_assortment_page_get_product_model (f->page), 0),
                     ==, HW_ENTITY (g_ptr_array_index (page->items, 0))->id);
  }

  /* Brand and category cannot be sorted by the store; no sort at all is its default */
  {
    g_autoptr(GtkColumnViewColumn) brand = g_list_model_get_item (columns, 2);

    g_assert_null (gtk_column_view_column_get_sorter (brand));
    gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
    hw_test_wait_for (page_settled, f->page);
    g_assert_null (hw_query_get_sort (shown_query (f), &descending));
  }
}

static void
test_activate_and_select (Fixture       *f,
                          gconstpointer  data)
{
  GtkSelectionModel *selection;
  HwProductListModel *model;
  g_auto(GStrv) ids = NULL;
  const char *first, *third;

  set_store (f);
  hw_test_wait_for (top_rows_read, f->page);
  model = hw_assortment_page_get_product_model (f->page);
  selection = hw_assortment_page_get_selection (f->page);
  first = hw_product_list_model_peek_id (model, 0);
  third = hw_product_list_model_peek_id (model, 2);

  /* Nothing selected: the editor's actions are off */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f->page), "assortment.edit-product", NULL) &&
                  f->activated != NULL);
  g_assert_null (f->activated);

  /* A row activated (Enter, double click): its product */
  g_signal_emit_by_name (find_descendant (GTK_WIDGET (f->page), GTK_TYPE_COLUMN_VIEW), "activate", 2);
  g_assert_nonnull (f->activated);
  g_assert_cmpstr (f->activated[0], ==, third);

  /* Two rows selected: their ids, in order; Edit Product takes the first */
  gtk_selection_model_select_item (selection, 2, TRUE);
  gtk_selection_model_select_item (selection, 0, FALSE);
  ids = hw_assortment_page_dup_selected_product_ids (f->page);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, first);
  g_assert_cmpstr (ids[1], ==, third);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "assortment.edit-product", NULL));
  g_assert_cmpuint (g_strv_length (f->activated), ==, 2);
  g_assert_cmpstr (f->activated[1], ==, first);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "assortment.bulk-edit", NULL));
  g_assert_cmpuint (f->n_bulk, ==, 1);

  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-selected.png");
}

static void
test_tree_edit_reloads_table (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(TestStore) local = test_store_new_demo (200);
  HwCategoryTree *tree = hw_assortment_page_get_category_tree (f->page);
  g_autoptr(HwQuery) first = hw_query_new ();
  g_autoptr(HwQuery) in_leaf = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *clearance = NULL;
  const char *leaf_id;
  gint64 in_leaf_count;

  hw_assortment_page_set_store (f->page, local->store);
  hw_test_wait_for (page_settled, f->page);

  /* A new top-level category, selected: empty */
  g_assert_true (hw_category_tree_add (tree, NULL, "Clearance", &error));
  g_assert_no_error (error);
  hw_test_wait_for (page_settled, f->page);
  clearance = g_strdup (hw_category_node_get_id (hw_category_tree_get_selected_node (tree)));
  g_assert_cmpuint (n_rows (f), ==, 0);

  /* A leaf with products dropped into it: the table of its subtree shows them */
  hw_query_set_limit (first, 1);
  page = hw_store_list_products (local->store, first, NULL);
  leaf_id = ((HwProduct *) g_ptr_array_index (page->items, 0))->category_id;
  hw_query_add_filter (in_leaf, "category_id", HW_FILTER_IN_SUBTREE, leaf_id);
  in_leaf_count = test_count (local->store, in_leaf);
  g_assert_cmpint (in_leaf_count, >, 0);
  g_assert_true (hw_category_tree_drop (tree, leaf_id, clearance, HW_DROP_INTO, &error));
  g_assert_no_error (error);
  hw_test_wait_for (page_settled, f->page);
  g_assert_true (hw_category_tree_select (tree, clearance));
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpint (n_rows (f), ==, in_leaf_count);
  g_assert_cmpint (hw_category_node_get_count (hw_category_tree_find_node (tree, clearance)), ==,
                   in_leaf_count);

  /* Deleted again (the leaf moves up): All Products is shown, all of them */
  g_assert_true (hw_category_tree_delete (tree, clearance, HW_DELETE_PRODUCTS_UNCATEGORIZED,
                                          &error));
  g_assert_no_error (error);
  hw_test_wait_for (page_settled, f->page);
  g_assert_null (hw_category_tree_find_node (tree, clearance));
  g_assert_nonnull (hw_category_tree_find_node (tree, leaf_id));
  g_assert_cmpint (hw_category_node_get_kind (hw_category_tree_get_selected_node (tree)), ==,
                   HW_CATEGORY_NODE_ALL);
  g_assert_cmpuint (n_rows (f), ==, 200);
  g_assert_cmpint (hw_category_node_get_count (hw_category_tree_find_node (tree, "\001all")), ==,
                   200);

  /* A category a catalogue or a rule names cannot go: nothing changes */
  {
    g_autoptr(HwCatalogue) catalogue = NULL;
    g_autoptr(HwPage) catalogues = hw_store_list_catalogues (local->store, NULL, NULL);
    const char *named = NULL;
    guint n_ops;

    for (guint i = 0; i < catalogues->items->len && named == NULL; i++)
      {
        HwCatalogue *c = g_ptr_array_index (catalogues->items, i);

        for (guint j = 0; j < c->entries->len && named == NULL; j++)
          {
            HwCatalogueEntry *entry = g_ptr_array_index (c->entries, j);

            if (g_strcmp0 (entry->target_type, "category") == 0)
              named = entry->target_id;
          }
      }
    g_assert_nonnull (named);

    n_ops = test_pending_ops (local->store)->len;
    g_assert_true (hw_category_tree_delete (tree, named, HW_DELETE_PRODUCTS_UNCATEGORIZED, &error));
    hw_test_wait_for (page_settled, f->page);
    g_assert_nonnull (hw_category_tree_find_node (tree, named));
    g_assert_cmpuint (test_pending_ops (local->store)->len, ==, n_ops);
  }

  /* Sync pulled changes: the shell reloads */
  hw_assortment_page_reload (f->page);
  hw_test_wait_for (page_settled, f->page);
  g_assert_cmpuint (n_rows (f), ==, 200);

  hw_assortment_page_set_store (f->page, NULL);
}

static gboolean
is_editing_label (GtkWidget *widget)
{
  return GTK_IS_EDITABLE_LABEL (widget) &&
         gtk_editable_label_get_editing (GTK_EDITABLE_LABEL (widget));
}

static GtkWidget *
find_editing_label (GtkWidget *widget)
{
  if (is_editing_label (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_editing_label (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

static void
test_rename_in_place_and_delete_dialog (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(TestStore) local = test_store_new_demo (200);
  HwCategoryTree *tree = hw_assortment_page_get_category_tree (f->page);
  g_autoptr(HwQuery) top = hw_query_new ();
  g_autoptr(HwPage) roots = NULL;
  g_autoptr(HwCategory) renamed = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *label;
  const char *id;

  hw_assortment_page_set_store (f->page, local->store);
  hw_test_wait_for (page_settled, f->page);
  hw_query_add_filter (top, "parent_id", HW_FILTER_IS_NULL, NULL);
  roots = hw_store_list_categories (local->store, top, NULL);
  id = HW_ENTITY (g_ptr_array_index (roots->items, 1))->id;
  g_assert_true (hw_category_tree_select (tree, id));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  /* F2 (tree.rename) edits the selected row's name in place; committing saves it */
  g_assert_null (find_editing_label (GTK_WIDGET (tree)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tree), "tree.rename", NULL));
  label = find_editing_label (GTK_WIDGET (tree));
  g_assert_nonnull (label);
  gtk_editable_set_text (GTK_EDITABLE (label), "Hand tools & measuring");
  hw_test_save_png (GTK_WIDGET (f->window), "hw-assortment-page-renaming.png");
  gtk_editable_label_stop_editing (GTK_EDITABLE_LABEL (label), TRUE);
  hw_test_wait_for (page_settled, f->page);
  renamed = hw_store_get_category (local->store, id, NULL);
  g_assert_cmpstr (renamed->name, ==, "Hand tools & measuring");
  g_assert_cmpuint (test_pending_ops (local->store)->len, ==, 1);

  /* Delete of a top-level category without products of its own: its subcategories
   * move up, nothing to choose; Cancel changes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tree), "tree.delete", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "delete"));
  g_assert_false (adw_message_dialog_has_response (dialog, "uncategorize"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "subcategories"));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Delete of a leaf with products: they go to the parent or lose their category */
  {
    g_autoptr(HwQuery) first = hw_query_new ();
    g_autoptr(HwPage) page = NULL;
    const char *leaf_id;

    hw_query_set_limit (first, 1);
    page = hw_store_list_products (local->store, first, NULL);
    leaf_id = ((HwProduct *) g_ptr_array_index (page->items, 0))->category_id;
    g_assert_true (hw_category_tree_select (tree, leaf_id));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tree), "tree.delete", NULL));
    dialog = find_message_dialog ();
    g_assert_nonnull (dialog);
    g_assert_true (adw_message_dialog_has_response (dialog, "uncategorize"));
    g_assert_true (adw_message_dialog_has_response (dialog, "parent"));
    g_assert_false (adw_message_dialog_has_response (dialog, "delete"));
    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "never deleted"));
    /* The dialog sizes itself over a few frames (its responses wrap). */
    for (guint i = 0; i < 5; i++)
      gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
    hw_test_save_png (GTK_WIDGET (dialog), "hw-assortment-delete-dialog.png");
    adw_message_dialog_response (dialog, "cancel");
    gtk_window_destroy (GTK_WINDOW (dialog));
    hw_test_wait_for (page_settled, f->page);
    g_assert_nonnull (hw_category_tree_find_node (tree, leaf_id));
  }

  g_assert_nonnull (hw_category_tree_find_node (tree, id));
  g_assert_cmpuint (test_pending_ops (local->store)->len, ==, 1);

  hw_assortment_page_set_store (f->page, NULL);
}

typedef struct
{
  char **ids;
  gboolean done;
} Resolved;

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Resolved *resolved = user_data;
  g_autoptr(GError) error = NULL;

  resolved->ids = hw_assortment_page_resolve_selection_finish (HW_ASSORTMENT_PAGE (object),
                                                               result, &error);
  g_assert_no_error (error);
  resolved->done = TRUE;
}

static gboolean
is_resolved (gpointer data)
{
  return ((Resolved *) data)->done;
}

static char **
resolve_selection (Fixture *f)
{
  Resolved resolved = { NULL, FALSE };

  hw_assortment_page_resolve_selection_async (f->page, NULL, resolved_cb, &resolved);
  hw_test_wait_for (is_resolved, &resolved);
  g_assert_nonnull (resolved.ids);
  return resolved.ids;
}

/* Select All reaches rows the table never read: bulk edit gets every product. */
static void
test_resolve_selection (Fixture       *f,
                        gconstpointer  data)
{
  GtkSelectionModel *selection;
  HwProductListModel *model;
  g_autoptr(GPtrArray) expected = NULL;
  g_auto(GStrv) partial = NULL;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) some = NULL;

  set_store (f);
  hw_test_wait_for (top_rows_read, f->page);
  model = hw_assortment_page_get_product_model (f->page);
  selection = hw_assortment_page_get_selection (f->page);
  g_assert_cmpuint (n_rows (f), ==, 600);
  g_assert_null (hw_product_list_model_peek_id (model, 599));

  expected = test_list_ids (demo->store, shown_query (f));
  g_assert_cmpuint (expected->len, ==, 600);

  gtk_selection_model_select_all (selection);
  partial = hw_assortment_page_dup_selected_product_ids (f->page);
  g_assert_cmpuint (g_strv_length (partial), <, 600);

  all = resolve_selection (f);
  g_assert_cmpuint (g_strv_length (all), ==, 600);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (all[i], ==, g_ptr_array_index (expected, i));

  /* Two separate ranges, one of them far beyond the rows read */
  gtk_selection_model_unselect_all (selection);
  gtk_selection_model_select_range (selection, 3, 2, FALSE);
  gtk_selection_model_select_range (selection, 550, 3, FALSE);
  some = resolve_selection (f);
  g_assert_cmpuint (g_strv_length (some), ==, 5);
  g_assert_cmpstr (some[0], ==, g_ptr_array_index (expected, 3));
  g_assert_cmpstr (some[1], ==, g_ptr_array_index (expected, 4));
  g_assert_cmpstr (some[2], ==, g_ptr_array_index (expected, 550));
  g_assert_cmpstr (some[4], ==, g_ptr_array_index (expected, 552));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  demo = test_store_new_demo (600);

#define ADD(path, func) \
  g_test_add ("/App/AssortmentPage/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("no-store", test_no_store);
  ADD ("filters", test_filters);
  ADD ("search", test_search);
  ADD ("sort", test_sort);
  ADD ("activate-and-select", test_activate_and_select);
  ADD ("resolve-selection", test_resolve_selection);
  ADD ("tree-edit-reloads-table", test_tree_edit_reloads_table);
  ADD ("rename-in-place-and-delete-dialog", test_rename_in_place_and_delete_dialog);

  ret = g_test_run ();
  test_store_free (demo);
  return ret;
}
