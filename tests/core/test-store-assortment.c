/* test-store-assortment.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store queries the desktop's assortment section needs: pages at an offset (a jump
 * in a long table) and product counts per category in one pass.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-store.h"

typedef struct
{
  char    *dir;
  HwStore *store;
  char    *tools_id;
  char    *drills_id;
} Fixture;

static char *
create_category (HwStore    *store,
                 const char *name,
                 const char *parent_id)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (category)->id);
}

static void
create_product (HwStore    *store,
                guint       i,
                const char *category_id)
{
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup_printf ("SKU-%03u", i);
  /* Names repeat, so a sort by name needs the id to break ties. */
  product->name = g_strdup_printf ("Hammer %u", i % 7);
  product->unit = g_strdup ("piece");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 100 + i;
  product->category_id = g_strdup (category_id);
  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("hw-store-assortment-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "store.db", NULL);
  f->store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  f->tools_id = create_category (f->store, "Tools", NULL);
  f->drills_id = create_category (f->store, "Drills", f->tools_id);

  g_assert_true (hw_store_begin (f->store, &error));
  for (guint i = 0; i < 50; i++)
    create_product (f->store, i, i < 20 ? f->drills_id : i < 45 ? f->tools_id : NULL);
  g_assert_true (hw_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->tools_id);
  g_free (f->drills_id);
}

/* Every id of the list in order, paged by cursor. */
static GPtrArray *
all_ids (HwStore *store,
         HwQuery *query)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(HwPage) page = NULL;
      g_autoptr(GError) error = NULL;

      hw_query_set_after (query, cursor);
      page = hw_store_list_products (store, query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (ids, g_strdup (HW_ENTITY (g_ptr_array_index (page->items, i))->id));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  hw_query_set_after (query, NULL);
  return ids;
}

static void
assert_list_at (HwStore *store,
                HwQuery *query)
{
  g_autoptr(GPtrArray) ids = all_ids (store, query);

  for (guint offset = 0; offset < ids->len; offset += 7)
    {
      g_autoptr(HwPage) page = NULL;
      g_autoptr(HwPage) next = NULL;
      g_autoptr(GError) error = NULL;
      guint expected = MIN (hw_query_get_limit (query), ids->len - offset);

      /* A cursor left in the query does not matter to a jump. */
      hw_query_set_after (query, "bm90IGEgY3Vyc29y");
      page = hw_store_list_at (store, &hw_product_type, query, offset, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->items->len, ==, expected);
      for (guint i = 0; i < page->items->len; i++)
        g_assert_cmpstr (HW_ENTITY (g_ptr_array_index (page->items, i))->id, ==,
                         g_ptr_array_index (ids, offset + i));

      /* Its cursor continues where the jump ended. */
      if (offset + expected == ids->len)
        {
          g_assert_null (page->next_cursor);
          continue;
        }
      g_assert_nonnull (page->next_cursor);
      hw_query_set_after (query, page->next_cursor);
      next = hw_store_list_products (store, query, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (HW_ENTITY (g_ptr_array_index (next->items, 0))->id, ==,
                       g_ptr_array_index (ids, offset + expected));
    }
  hw_query_set_after (query, NULL);
}

static void
test_list_at (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(HwQuery) query = hw_query_new ();

  hw_query_set_limit (query, 6);
  hw_query_set_with_children (query, FALSE);

  /* Unique sort (sku), a sort with ties (name, descending), a filter and a search */
  assert_list_at (f->store, query);
  hw_query_set_sort (query, "name", TRUE);
  assert_list_at (f->store, query);
  hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE, f->tools_id);
  assert_list_at (f->store, query);
  hw_query_set_search (query, "hammer");
  assert_list_at (f->store, query);

  /* Past the end: an empty last page */
  {
    g_autoptr(HwPage) page = NULL;
    g_autoptr(GError) error = NULL;

    page = hw_store_list_at (f->store, &hw_product_type, query, 1000, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 0);
    g_assert_null (page->next_cursor);
  }
}

static void
test_search_count (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const searches[] = { "hammer", "h", "ha", "3", "SKU-0", "nothing" };

  /* A count of a search alone reads the index only; with a filter it joins the
   * products. Either agrees with the list. */
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    for (int filtered = 0; filtered < 2; filtered++)
      {
        g_autoptr(HwQuery) query = hw_query_new ();
        g_autoptr(GPtrArray) ids = NULL;
        g_autoptr(GError) error = NULL;
        gint64 n = -1;

        hw_query_set_search (query, searches[i]);
        if (filtered)
          hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE, f->tools_id);
        ids = all_ids (f->store, query);
        g_assert_true (hw_store_count (f->store, &hw_product_type, query, &n, &error));
        g_assert_no_error (error);
        g_assert_cmpint (n, ==, ids->len);

        /* At most: the same below the limit, the limit above it */
        for (guint limit = 0; limit < 60; limit += 7)
          {
            gint64 at_most = -1;

            g_assert_true (hw_store_count_at_most (f->store, &hw_product_type, query, limit,
                                                   &at_most, &error));
            g_assert_no_error (error);
            g_assert_cmpint (at_most, ==, MIN (n, (gint64) limit));
          }
        if (g_str_equal (searches[i], "hammer"))
          g_assert_cmpint (n, ==, filtered ? 45 : 50);
      }
}

static void
test_count_by_category (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *empty_id = create_category (f->store, "Empty", NULL);

  counts = hw_store_count_products_by_category (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);

  /* Direct counts only: Tools' own 25, not its subtree's 45 */
  g_assert_cmpuint (g_hash_table_size (counts), ==, 3);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (counts, f->drills_id), ==, 20);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (counts, f->tools_id), ==, 25);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (counts, ""), ==, 5);
  g_assert_null (g_hash_table_lookup (counts, empty_id));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/store-assortment/list-at", Fixture, NULL,
              fixture_set_up, test_list_at, fixture_tear_down);
  g_test_add ("/core/store-assortment/search-count", Fixture, NULL,
              fixture_set_up, test_search_count, fixture_tear_down);
  g_test_add ("/core/store-assortment/count-by-category", Fixture, NULL,
              fixture_set_up, test_count_by_category, fixture_tear_down);

  return g_test_run ();
}
