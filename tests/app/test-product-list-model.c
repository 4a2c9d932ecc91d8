/* test-product-list-model.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lazy product model against a small demo copy: its count, rows at any position
 * (by cursor and by a jump), page eviction, sort, every filter and search, and a
 * query replaced before its count answered.
 */

#include "config.h"

#include <locale.h>

#include "hw-product-list-model.h"
#include "hw-test-assortment.h"

static TestStore *demo;

static gboolean
model_settled (gpointer data)
{
  return !hw_product_list_model_get_loading (data);
}

static gboolean
row_loaded (gpointer data)
{
  return hw_product_row_get_loaded (data);
}

static HwProductListModel *
model_for (HwQuery *query,
           guint    page_size,
           guint    max_pages)
{
  HwProductListModel *model = hw_product_list_model_new (demo->store, page_size, max_pages);

  hw_product_list_model_set_query (model, query);
  g_assert_true (hw_product_list_model_get_loading (model));
  hw_test_wait_for (model_settled, model);
  g_assert_null (hw_product_list_model_get_error_message (model));

  return model;
}

/* The row at @position, once its page is read. */
static HwProductRow *
get_row (HwProductListModel *model,
         guint               position)
{
  HwProductRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (row);
  g_assert_cmpuint (hw_product_row_get_position (row), ==, position);
  hw_test_wait_for (row_loaded, row);
  return row;
}

/* The model lists exactly what the store lists for the query, in the same order. */
static void
assert_model_matches (HwQuery *query,
                      guint    page_size)
{
  g_autoptr(HwProductListModel) model = model_for (query, page_size, 4);
  g_autoptr(GPtrArray) ids = test_list_ids (demo->store, query);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  g_assert_cmpuint (n, ==, ids->len);
  g_assert_cmpint (n, ==, test_count (demo->store, query));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HwProductRow) row = get_row (model, i);

      g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, i));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
}

static void
test_count_and_rows (void)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwProductListModel) model = model_for (query, 0, 0);
  g_autoptr(HwProductRow) first = NULL;
  const HwProduct *product;
  g_autofree char *price = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 600);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == HW_TYPE_PRODUCT_ROW);

  /* A row carries what the table shows: the category's name, the price with its currency */
  first = get_row (model, 0);
  product = hw_product_row_get_product (first);
  g_assert_nonnull (product);
  g_assert_nonnull (product->category_id);
  {
    g_autoptr(HwCategory) category = hw_store_get_category (demo->store, product->category_id, NULL);
    g_autofree char *name = NULL;

    g_object_get (first, "category", &name, NULL);
    g_assert_cmpstr (name, ==, category->name);
  }
  price = hw_product_row_dup_price (first);
  g_assert_nonnull (price);
  g_assert_true (g_str_has_prefix (price, "€") || strstr (price, product->currency) != NULL);

  /* The default order is the SKU's, page after page */
  assert_model_matches (query, 64);
}

static void
test_money (void)
{
  static const struct { gint64 amount; const char *currency; const char *text; } cases[] = {
    { 22590, "EUR", "€\u2009225.90" },
    { 5, "EUR", "€\u20090.05" },
    { -1250, "USD", "−$\u200912.50" },
    { 1500, "JPY", "1500\u00a0JPY" },
    { 12345, "KWD", "12.345\u00a0KWD" },
    { 100, "CHF", "1.00\u00a0CHF" },
  };

  /* In the C locale the decimal mark is a point */
  setlocale (LC_NUMERIC, "C");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = hw_format_money (cases[i].amount, cases[i].currency);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_eviction (void)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwProductListModel) model = model_for (query, 50, 3);
  g_autoptr(GPtrArray) ids = test_list_ids (demo->store, query);

  /* Scrolling down six pages keeps the last three */
  for (guint page = 0; page < 6; page++)
    {
      g_autoptr(HwProductRow) row = get_row (model, page * 50 + 10);

      g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, page * 50 + 10));
      g_assert_cmpuint (hw_product_list_model_get_n_cached_pages (model), <=, 3);
    }
  g_assert_cmpuint (hw_product_list_model_get_n_cached_pages (model), ==, 3);
  g_assert_false (hw_product_list_model_is_page_cached (model, 0));
  g_assert_false (hw_product_list_model_is_page_cached (model, 2));
  g_assert_true (hw_product_list_model_is_page_cached (model, 5));
  g_assert_null (hw_product_list_model_peek_id (model, 10));

  /* An evicted page is read again, the same rows */
  {
    g_autoptr(HwProductRow) row = get_row (model, 10);

    g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, 10));
    g_assert_cmpstr (hw_product_list_model_peek_id (model, 10), ==, g_ptr_array_index (ids, 10));
    g_assert_false (hw_product_list_model_is_page_cached (model, 3));
  }
}

static void
test_jump (void)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwProductListModel) model = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  hw_query_set_sort (query, "name", FALSE);
  ids = test_list_ids (demo->store, query);
  model = model_for (query, 40, 4);

  /* Far into the list before any page before it was read: read at its offset; the
   * pages after it then follow by cursor, and the last row is the list's last. */
  for (guint position = 555; position < 600; position += 11)
    {
      g_autoptr(HwProductRow) row = get_row (model, position);

      g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, position));
    }
  {
    g_autoptr(HwProductRow) row = get_row (model, 599);

    g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, 599));
  }
}

static void
test_sort (void)
{
  static const char * const fields[] = { "sku", "name", "status", "base_price", "completeness" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(HwQuery) query = hw_query_new ();

        hw_query_set_sort (query, fields[i], descending);
        assert_model_matches (query, 128);
      }

  /* Descending by price: every row costs no more than the one before */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwProductListModel) model = NULL;
    gint64 last = G_MAXINT64;

    hw_query_set_sort (query, "base_price", TRUE);
    model = model_for (query, 100, 8);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
      {
        g_autoptr(HwProductRow) row = get_row (model, i);
        gint64 price = hw_product_row_get_product (row)->base_price;

        g_assert_cmpint (price, <=, last);
        last = price;
      }
  }
}

static void
test_filters (void)
{
  g_autoptr(HwQuery) all = hw_query_new ();
  g_autoptr(HwPage) categories = NULL;
  gint64 total = test_count (demo->store, all);

  /* Status */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwProductListModel) model = NULL;
    guint n;

    hw_query_add_filter (query, "status", HW_FILTER_EQ, "discontinued");
    model = model_for (query, 0, 0);
    n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpint (n, <, total);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(HwProductRow) row = get_row (model, i);

        g_assert_cmpstr (hw_product_row_get_product (row)->status, ==, "discontinued");
      }
    assert_model_matches (query, 50);
  }

  /* Incomplete only */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwProductListModel) model = NULL;
    guint n;

    hw_query_add_filter (query, "completeness", HW_FILTER_LT, "100");
    model = model_for (query, 0, 0);
    n = g_list_model_get_n_items (G_LIST_MODEL (model));
    g_assert_cmpuint (n, >, 0);
    g_assert_cmpint (n, <, total);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(HwProductRow) row = get_row (model, i);

        g_assert_cmpint (hw_product_row_get_product (row)->completeness, <, 100);
      }
  }

  /* A category's subtree: a top-level category holds its descendants' products */
  {
    g_autoptr(HwQuery) top = hw_query_new ();
    HwCategory *root;

    hw_query_add_filter (top, "parent_id", HW_FILTER_IS_NULL, NULL);
    categories = hw_store_list_categories (demo->store, top, NULL);
    g_assert_nonnull (categories);
    g_assert_cmpuint (categories->items->len, >, 1);

    for (guint i = 0; i < categories->items->len; i++)
      {
        g_autoptr(HwQuery) query = hw_query_new ();
        g_autoptr(HwQuery) direct = hw_query_new ();

        root = g_ptr_array_index (categories->items, i);
        hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE, HW_ENTITY (root)->id);
        hw_query_add_filter (direct, "category_id", HW_FILTER_EQ, HW_ENTITY (root)->id);
        if (test_count (demo->store, query) == 0)
          continue;
        /* Demo products sit in leaves: the subtree has what the node itself has not. */
        g_assert_cmpint (test_count (demo->store, query), >, test_count (demo->store, direct));
        assert_model_matches (query, 100);
        break;
      }
  }

  /* Uncategorized, and all filters at once */
  {
    g_autoptr(HwQuery) query = hw_query_new ();

    hw_query_add_filter (query, "category_id", HW_FILTER_IS_NULL, NULL);
    assert_model_matches (query, 100);

    g_clear_pointer (&query, hw_query_unref);
    query = hw_query_new ();
    hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE,
                         HW_ENTITY (g_ptr_array_index (categories->items, 0))->id);
    hw_query_add_filter (query, "status", HW_FILTER_EQ, "active");
    hw_query_add_filter (query, "completeness", HW_FILTER_LT, "100");
    hw_query_set_sort (query, "name", TRUE);
    assert_model_matches (query, 100);
  }
}

static void
test_search (void)
{
  g_autoptr(HwQuery) all = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autofree char *word = NULL;
  g_auto(GStrv) words = NULL;
  const HwProduct *product;

  /* A word of a real product name, and the start of a real SKU */
  hw_query_set_limit (all, 1);
  page = hw_store_list_products (demo->store, all, NULL);
  product = g_ptr_array_index (page->items, 0);
  words = g_strsplit (product->name, " ", -1);
  word = g_strndup (words[0], MAX (3, strlen (words[0]) - 1));

  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwProductListModel) model = NULL;

    hw_query_set_search (query, word);
    model = model_for (query, 0, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
    assert_model_matches (query, 50);
  }

  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autofree char *prefix = g_strndup (product->sku, strlen (product->sku) - 1);
    g_autoptr(HwProductListModel) model = NULL;
    g_autoptr(HwProductRow) row = NULL;

    hw_query_set_search (query, prefix);
    model = model_for (query, 0, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 1);
    row = get_row (model, 0);
    g_assert_true (g_str_has_prefix (hw_product_row_get_product (row)->sku, prefix));
    assert_model_matches (query, 50);
  }

  /* Nothing matches: an empty model, no error */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwProductListModel) model = NULL;

    hw_query_set_search (query, "zzqxjv");
    model = model_for (query, 0, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  }
}

static void
count_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_replaced_query (void)
{
  g_autoptr(HwProductListModel) model = hw_product_list_model_new (demo->store, 0, 0);
  g_autoptr(HwQuery) first = hw_query_new ();
  g_autoptr(HwQuery) second = hw_query_new ();
  guint n_changes = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed_cb), &n_changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* A keystroke replaces the query before its count came: only the last one shows */
  hw_query_add_filter (first, "status", HW_FILTER_EQ, "active");
  hw_query_add_filter (second, "status", HW_FILTER_EQ, "blocked");
  hw_product_list_model_set_query (model, first);
  hw_product_list_model_set_query (model, second);
  hw_test_wait_for (model_settled, model);

  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   test_count (demo->store, second));

  /* Reloading the same query changes it once more, to the same rows */
  hw_product_list_model_reload (model);
  hw_test_wait_for (model_settled, model);
  g_assert_cmpuint (n_changes, ==, 2);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                   test_count (demo->store, second));
}

typedef struct
{
  guint position, removed, added;
} Change;

static void
record_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static gboolean
model_exact (gpointer data)
{
  return hw_product_list_model_get_exact (data);
}

static void
test_first_count (void)
{
  g_autoptr(HwProductListModel) model = hw_product_list_model_new (demo->store, 50, 4);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GPtrArray) ids = test_list_ids (demo->store, query);
  Change *change;

  /* A long list shows as soon as the first count found enough of it… */
  hw_product_list_model_set_first_count (model, 100);
  g_signal_connect (model, "items-changed", G_CALLBACK (record_items_changed_cb), changes);
  hw_product_list_model_set_query (model, query);
  hw_test_wait_for (model_settled, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_false (hw_product_list_model_get_exact (model));
  {
    g_autoptr(HwProductRow) row = get_row (model, 99);

    g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, 99));
  }

  /* …and grows at the end when all are counted */
  hw_test_wait_for (model_exact, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 600);
  g_assert_cmpuint (changes->len, ==, 2);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 100);
  change = &g_array_index (changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 100);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 500);
  {
    g_autoptr(HwProductRow) row = get_row (model, 599);

    g_assert_cmpstr (hw_product_row_get_id (row), ==, g_ptr_array_index (ids, 599));
  }

  /* A short list is exact at once */
  {
    g_autoptr(HwQuery) few = hw_query_new ();

    hw_query_add_filter (few, "status", HW_FILTER_EQ, "blocked");
    hw_product_list_model_set_query (model, few);
    hw_test_wait_for (model_settled, model);
    g_assert_true (hw_product_list_model_get_exact (model));
    g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, test_count (demo->store, few));
    g_assert_cmpint (test_count (demo->store, few), <, 100);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  gtk_test_init (&argc, &argv, NULL);

  demo = test_store_new_demo (600);

  g_test_add_func ("/App/ProductListModel/count-and-rows", test_count_and_rows);
  g_test_add_func ("/App/ProductListModel/money", test_money);
  g_test_add_func ("/App/ProductListModel/eviction", test_eviction);
  g_test_add_func ("/App/ProductListModel/jump", test_jump);
  g_test_add_func ("/App/ProductListModel/sort", test_sort);
  g_test_add_func ("/App/ProductListModel/filters", test_filters);
  g_test_add_func ("/App/ProductListModel/search", test_search);
  g_test_add_func ("/App/ProductListModel/replaced-query", test_replaced_query);
  g_test_add_func ("/App/ProductListModel/first-count", test_first_count);

  ret = g_test_run ();
  test_store_free (demo);
  return ret;
}
