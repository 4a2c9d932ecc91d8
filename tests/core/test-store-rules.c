/* test-store-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hw-core-error.h"
#include "hw-demo.h"
#include "hw-rules.h"

/* hw_rules_load () (hw-store-rules.c) and HwRulesCache: the snapshot read from a store
 * answers as one built from the same entities listed through the store, and the cache
 * follows the store's revision. */

/* 2025-06-01T00:00:00Z, for the demo generator */
#define DEMO_NOW G_GINT64_CONSTANT (1748736000000000)

static GPtrArray *
list_all (HwStore            *store,
          const HwEntityType *type)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autofree char *after = NULL;

  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  hw_query_set_with_children (query, TRUE);
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwPage) page = NULL;

      hw_query_set_after (query, after);
      page = hw_store_list (store, type, query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (items, hw_entity_copy (g_ptr_array_index (page->items, i)));
      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  return items;
}

static void
test_load_from_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("hw-rules-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwRules) loaded = NULL;
  g_autoptr(HwRules) built = NULL;
  g_autoptr(HwRulesCache) cache = hw_rules_cache_new ();
  g_autoptr(HwRules) cached = NULL;
  g_autoptr(HwRules) again = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *owned[11];
  HwRulesData data = { 0 };
  HwDemoOptions options;
  HwVisibleQuery query = { NULL, NULL, NULL, 0 };
  guint n_users_checked = 0;

  store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  hw_demo_options_init (&options);
  options.products = 400;
  options.accounts = 12;
  options.users = 30;
  options.orders = 0;
  options.now = DEMO_NOW;
  g_assert_true (hw_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  loaded = hw_rules_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_rules_get_revision (loaded), ==, hw_store_get_revision (store));
  g_assert_cmpuint (hw_rules_get_n_products (loaded), ==, 400);

  data.categories = owned[0] = list_all (store, &hw_category_type);
  data.attributes = owned[1] = list_all (store, &hw_attribute_type);
  data.products = owned[2] = list_all (store, &hw_product_type);
  data.catalogues = owned[3] = list_all (store, &hw_catalogue_type);
  data.accounts = owned[4] = list_all (store, &hw_account_type);
  data.users = owned[5] = list_all (store, &hw_user_type);
  data.visibility_rules = owned[6] = list_all (store, &hw_visibility_rule_type);
  data.price_lists = owned[7] = list_all (store, &hw_price_list_type);
  data.prices = owned[8] = list_all (store, &hw_price_type);
  data.price_agreements = owned[9] = list_all (store, &hw_price_agreement_type);
  data.discount_rules = owned[10] = list_all (store, &hw_discount_rule_type);
  built = hw_rules_new_from_data (&data, &error);
  g_assert_no_error (error);

  /* The demo data has rules, prices and agreements to read. */
  g_assert_cmpuint (data.visibility_rules->len, >, 0);
  g_assert_cmpuint (data.prices->len, >, 0);

  for (guint u = 0; u < data.users->len; u += 3, n_users_checked++)
    {
      const char *user_id = HW_ENTITY (g_ptr_array_index (data.users, u))->id;
      const char *account_id = hw_rules_get_user_account (loaded, user_id);
      g_autoptr(HwVisiblePage) a = hw_rules_visible_page (loaded, user_id, DEMO_NOW, &query, &error);
      g_autoptr(HwVisiblePage) b = hw_rules_visible_page (built, user_id, DEMO_NOW, &query, &error);

      g_assert_cmpint (a->total, ==, b->total);
      for (guint p = 0; p < data.products->len; p += 7)
        {
          const char *product_id = HW_ENTITY (g_ptr_array_index (data.products, p))->id;
          HwPriceResult x, y;
          gboolean vx, vy;

          g_assert_true (hw_rules_visible (loaded, user_id, product_id, DEMO_NOW, &vx, NULL, &error));
          g_assert_true (hw_rules_visible (built, user_id, product_id, DEMO_NOW, &vy, NULL, &error));
          g_assert_cmpint (vx, ==, vy);
          g_assert_true (hw_rules_price (loaded, account_id, product_id, 12, DEMO_NOW, &x, NULL, &error));
          g_assert_true (hw_rules_price (built, account_id, product_id, 12, DEMO_NOW, &y, NULL, &error));
          g_assert_cmpint (x.unit_price, ==, y.unit_price);
          g_assert_cmpstr (x.source_id, ==, y.source_id);
        }
    }
  g_assert_cmpuint (n_users_checked, >, 5);

  /* The cache keeps a snapshot while the revision stands, and reloads when it moves. */
  cached = hw_rules_cache_get (cache, store, &error);
  g_assert_no_error (error);
  again = hw_rules_cache_get (cache, store, &error);
  g_assert_true (cached == again);
  g_clear_pointer (&again, hw_rules_unref);
  {
    HwProduct *product = hw_entity_copy (g_ptr_array_index (data.products, 0));

    g_free (product->status);
    product->status = g_strdup ("blocked");
    g_assert_true (hw_store_update_product (store, product, -1, &error));
    g_assert_no_error (error);
    hw_entity_free (product);
  }
  again = hw_rules_cache_get (cache, store, &error);
  g_assert_true (cached != again);
  g_assert_cmpint (hw_rules_get_revision (again), >, hw_rules_get_revision (cached));

  for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
    g_ptr_array_unref (owned[i]);
  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/load-from-store", test_load_from_store);

  return g_test_run ();
}
