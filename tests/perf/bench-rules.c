/* bench-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules engine benchmarks (issue 4 point 7) on a generated world of N products (1M by
 * default), 5 000 visibility rules, 2 000 catalogue entries and 10 000 accounts:
 *   bench-rules [PRODUCTS [ACCOUNTS [RULES [ENTRIES]]]]
 * The world is handed to the snapshot builder as rows, as the store's loader does, so the
 * figures are the engine's and not SQLite's; rules_load_ms is the load of a snapshot from
 * a demo database of min (N, 100 000) products (BENCH_RULES_LOAD=0 skips it,
 * BENCH_RULES_LOAD_PRODUCTS sets its size), and rules_update_ms the next snapshot after one
 * visibility-rule change there (rules_update_before_ms: a load in full; rules_update_product_ms
 * the next after one product's status change, patched into a copy of the products). Prints one
 * "name value unit" line per figure; run by build-aux/bench.sh.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hw-demo.h"
#include "hw-rules-private.h"

#define N_ROOTS       20
#define N_CHILDREN    10
#define N_GRANDCHILD  10
#define N_BRANDS      200
#define N_SEGMENTS    10
#define N_LISTS       40
#define N_CATALOGUES  20

typedef struct
{
  guint    products;
  guint    accounts;
  guint    rules;
  guint    entries;
  GRand   *rand;
  GPtrArray *category_ids;
  GPtrArray *leaf_ids;
  GPtrArray *account_ids;
  GPtrArray *user_ids;
} World;

static char *
uuid (World      *w,
      const char *kind,
      guint       i)
{
  /* Readable, unique and the same length as a UUID. */
  return g_strdup_printf ("%s-%0*u", kind, (int) (35 - strlen (kind)), i);
}

static const char *
pick (World     *w,
      GPtrArray *items)
{
  return g_ptr_array_index (items, g_rand_int_range (w->rand, 0, items->len));
}

static char *
segment (guint i)
{
  return g_strdup_printf ("segment-%u", i % N_SEGMENTS);
}

static void
add_categories (World          *w,
                HwRulesBuilder *builder)
{
  guint n = 0;

  for (guint r = 0; r < N_ROOTS; r++)
    {
      HwCategory *root = hw_category_new ();
      char *root_id = uuid (w, "category", n++);

      HW_ENTITY (root)->id = g_strdup (root_id);
      root->name = g_strdup_printf ("Root %u", r);
      g_ptr_array_add (w->category_ids, root_id);
      _hw_rules_builder_take (builder, root);

      for (guint c = 0; c < N_CHILDREN; c++)
        {
          HwCategory *child = hw_category_new ();
          char *child_id = uuid (w, "category", n++);

          HW_ENTITY (child)->id = g_strdup (child_id);
          child->name = g_strdup_printf ("Child %u", c);
          child->parent_id = g_strdup (root_id);
          g_ptr_array_add (w->category_ids, child_id);
          _hw_rules_builder_take (builder, child);

          for (guint g = 0; g < N_GRANDCHILD; g++)
            {
              HwCategory *leaf = hw_category_new ();
              char *leaf_id = uuid (w, "category", n++);

              HW_ENTITY (leaf)->id = g_strdup (leaf_id);
              leaf->name = g_strdup_printf ("Leaf %u", g);
              leaf->parent_id = g_strdup (child_id);
              g_ptr_array_add (w->category_ids, leaf_id);
              g_ptr_array_add (w->leaf_ids, leaf_id);
              _hw_rules_builder_take (builder, leaf);
            }
        }
    }
}

static void
add_products (World          *w,
              HwRulesBuilder *builder)
{
  static const char * const colors[] = { "red", "blue", "green", "black", "white" };
  HwAttribute *color = hw_attribute_new ();

  HW_ENTITY (color)->id = uuid (w, "attr", 0);
  color->code = g_strdup ("color");
  color->name = g_strdup ("Color");
  color->type = g_strdup ("text");

  for (guint i = 0; i < w->products; i++)
    {
      g_autofree char *id = uuid (w, "product", i);
      g_autofree char *sku = g_strdup_printf ("HW-%07u", i);
      g_autofree char *name = g_strdup_printf ("Cordless drill %u", i);
      g_autofree char *brand = g_strdup_printf ("brand-%u", g_rand_int_range (w->rand, 0, N_BRANDS));
      guint status = g_rand_int_range (w->rand, 0, 100);

      _hw_rules_builder_add_product (builder, id, sku, NULL, name, NULL, brand,
                                     status < 2 ? "blocked" : status < 5 ? "discontinued" : "active",
                                     pick (w, w->leaf_ids), 1000 + i % 5000, "EUR", 1, 1, HW_NONE);
      _hw_rules_builder_add_value (builder, HW_ENTITY (color)->id,
                                   colors[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (colors))]);

      /* The default list prices everything, tiered. */
      {
        g_autofree char *price_id = uuid (w, "price", i);
        g_autofree char *list_id = uuid (w, "list", 0);

        _hw_rules_builder_add_tier (builder, FALSE, price_id, list_id, id, NULL, HW_NONE, HW_NONE,
                                    1, 1000 + i % 5000);
        _hw_rules_builder_add_tier (builder, FALSE, price_id, list_id, id, NULL, HW_NONE, HW_NONE,
                                    10, 900 + i % 5000);
      }
      /* A segment list for one product in ten. */
      if (i % 10 == 0)
        {
          g_autofree char *price_id = uuid (w, "sprice", i);
          g_autofree char *list_id = uuid (w, "list", 1 + g_rand_int_range (w->rand, 0, N_SEGMENTS));

          _hw_rules_builder_add_tier (builder, FALSE, price_id, list_id, id, NULL, HW_NONE,
                                      HW_NONE, 1, 950 + i % 5000);
        }
    }

  _hw_rules_builder_take (builder, color);
}

static void
add_catalogues (World          *w,
                HwRulesBuilder *builder)
{
  guint per = MAX (1, w->entries / N_CATALOGUES);

  for (guint c = 0; c < N_CATALOGUES; c++)
    {
      HwCatalogue *catalogue = hw_catalogue_new ();

      HW_ENTITY (catalogue)->id = uuid (w, "catalog", c);
      catalogue->name = g_strdup_printf ("Catalogue %u", c);
      catalogue->is_default = c == 0;
      catalogue->default_visibility = g_strdup (c % 2 == 0 ? "all" : "none");
      for (guint e = 0; e < per; e++)
        {
          gboolean category = e % 3 != 0;
          g_autofree char *product = category ? NULL
            : uuid (w, "product", g_rand_int_range (w->rand, 0, w->products));

          hw_catalogue_add_entry (catalogue, category ? "category" : "product",
                                  category ? pick (w, w->category_ids) : product,
                                  g_rand_int_range (w->rand, 0, 3) == 0 ? "exclude" : "include");
        }
      _hw_rules_builder_take (builder, catalogue);
    }
}

static void
add_customers (World          *w,
               HwRulesBuilder *builder)
{
  static const char * const roles[] = { "buyer", "planner", "operational", "account_admin" };

  for (guint l = 0; l < N_LISTS; l++)
    {
      HwPriceList *list = hw_price_list_new ();

      HW_ENTITY (list)->id = uuid (w, "list", l);
      list->code = g_strdup_printf ("L%u", l);
      list->name = g_strdup ("List");
      list->currency = g_strdup ("EUR");
      list->is_default = l == 0;
      if (l >= 1 && l <= N_SEGMENTS)
        list->segment = segment (l - 1);
      _hw_rules_builder_take (builder, list);
    }

  for (guint a = 0; a < w->accounts; a++)
    {
      HwAccount *account = hw_account_new ();
      char *account_id = uuid (w, "account", a);
      guint n_users = 1 + (a % 3 == 0);

      HW_ENTITY (account)->id = g_strdup (account_id);
      account->customer_number = g_strdup_printf ("C%u", a);
      account->name = g_strdup ("Customer");
      account->segment = segment (a);
      account->currency = g_strdup ("EUR");
      account->status = g_strdup ("active");
      if (a % 3 == 0)
        account->catalogue_id = uuid (w, "catalog", g_rand_int_range (w->rand, 1, N_CATALOGUES));
      if (a % 4 == 0)
        account->price_list_id = uuid (w, "list", g_rand_int_range (w->rand, N_SEGMENTS + 1, N_LISTS));
      g_ptr_array_add (w->account_ids, account_id);
      _hw_rules_builder_take (builder, account);

      for (guint u = 0; u < n_users; u++)
        {
          HwUser *user = hw_user_new ();
          char *user_id = uuid (w, "user", w->user_ids->len);

          HW_ENTITY (user)->id = g_strdup (user_id);
          user->account_id = g_strdup (account_id);
          user->email = g_strdup_printf ("%s@example.com", user_id);
          user->name = g_strdup ("User");
          user->role = g_strdup (roles[u % 4]);
          user->show_prices = user->can_order = user->active = TRUE;
          user->order_limit = HW_NONE;
          g_ptr_array_add (w->user_ids, user_id);
          _hw_rules_builder_take (builder, user);
        }
    }
}

static HwVisibilityRule *
random_rule (World *w,
             guint  i)
{
  static const char * const roles[] = { "buyer", "planner", "operational", "account_admin" };
  HwVisibilityRule *rule = hw_visibility_rule_new ();
  guint scope = g_rand_int_range (w->rand, 0, 100);
  guint target = g_rand_int_range (w->rand, 0, 10);

  HW_ENTITY (rule)->id = uuid (w, "rule", i);
  if (scope < 2)
    rule->scope = g_strdup ("all");
  else if (scope < 10)
    {
      rule->scope = g_strdup ("segment");
      rule->scope_value = segment (g_rand_int_range (w->rand, 0, N_SEGMENTS));
    }
  else if (scope < 12)
    {
      rule->scope = g_strdup ("role");
      rule->scope_value = g_strdup (roles[g_rand_int_range (w->rand, 0, 4)]);
    }
  else if (scope < 92)
    {
      rule->scope = g_strdup ("account");
      rule->scope_value = g_strdup (pick (w, w->account_ids));
    }
  else
    {
      rule->scope = g_strdup ("user");
      rule->scope_value = g_strdup (pick (w, w->user_ids));
    }

  if (target < 5)
    {
      rule->target = g_strdup ("category");
      rule->target_id = g_strdup (pick (w, w->category_ids));
    }
  else if (target < 8)
    {
      rule->target = g_strdup ("product");
      rule->target_id = uuid (w, "product", g_rand_int_range (w->rand, 0, w->products));
    }
  else
    {
      rule->target = g_strdup ("attribute");
      rule->attribute_code = g_strdup ("brand");
      rule->attribute_value = g_strdup_printf ("brand-%u", g_rand_int_range (w->rand, 0, N_BRANDS));
    }
  rule->effect = g_strdup (g_rand_boolean (w->rand) ? "hide" : "show");
  rule->priority = g_rand_int_range (w->rand, 0, 5);
  rule->valid_from = rule->valid_to = HW_NONE;
  return rule;
}

static void
add_rules (World          *w,
           HwRulesBuilder *builder)
{
  for (guint i = 0; i < w->rules; i++)
    _hw_rules_builder_take (builder, random_rule (w, i));

  for (guint i = 0; i < 2000; i++)
    {
      HwDiscountRule *d = hw_discount_rule_new ();

      HW_ENTITY (d)->id = uuid (w, "discount", i);
      d->name = g_strdup ("Discount");
      d->discount_bp = 100 * g_rand_int_range (w->rand, 1, 30);
      if (i % 2 == 0)
        {
          d->scope = g_strdup ("account");
          d->scope_value = g_strdup (pick (w, w->account_ids));
        }
      else
        {
          d->scope = g_strdup ("segment");
          d->scope_value = segment (i);
        }
      d->target = g_strdup (i % 3 == 0 ? "brand" : "category");
      d->target_value = i % 3 == 0 ? g_strdup_printf ("brand-%u", i % N_BRANDS)
                                   : g_strdup (pick (w, w->category_ids));
      d->valid_from = d->valid_to = HW_NONE;
      _hw_rules_builder_take (builder, d);
    }

  for (guint i = 0; i < 50000; i++)
    {
      g_autofree char *id = uuid (w, "agreement", i);
      g_autofree char *product = uuid (w, "product", g_rand_int_range (w->rand, 0, w->products));

      _hw_rules_builder_add_tier (builder, TRUE, id, pick (w, w->account_ids), product, "EUR",
                                  HW_NONE, HW_NONE, 1, 800);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}

/* hw_rules_load () from a store the demo generator fills. */
static void
bench_load (guint products)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *dir = g_dir_make_tmp ("hw-bench-rules-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bench.db", NULL);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwRules) loaded = NULL;
  g_autoptr(GError) error = NULL;
  HwDemoOptions options;
  gint64 t;

  store = hw_store_open (path, HW_STORE_OPEN_BULK, &error);
  g_assert_no_error (error);
  hw_demo_options_init (&options);
  options.products = products;
  options.orders = 0;
  t = g_get_monotonic_time ();
  if (!hw_demo_generate (store, &options, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_printerr ("bench-rules: demo database of %u products seeded in %.1f s\n", products,
              (g_get_monotonic_time () - t) / 1e6);

  t = g_get_monotonic_time ();
  loaded = hw_rules_load (store, &error);
  g_assert_no_error (error);
  g_print ("rules_load_ms %.0f ms\n", (g_get_monotonic_time () - t) / 1e3);
  g_printerr ("bench-rules: rules_load_ms is for %u products read from SQLite\n", products);

  /* A staff edit of one visibility rule, then of one price: the time to the next snapshot
   * built on the previous one (hw_rules_load_update ()), against a load in full at the
   * same revision (what every change cost before). */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) rules = NULL;
    g_autoptr(HwPage) prices = NULL;
    g_autoptr(HwRules) updated = NULL;
    g_autoptr(HwRules) repriced = NULL;
    g_autoptr(HwRules) full = NULL;
    HwVisibilityRule *rule;
    HwPrice *price;
    HwPriceTier *tier;

    hw_query_set_limit (query, 1);
    hw_query_set_with_children (query, TRUE);
    rules = hw_store_list (store, &hw_visibility_rule_type, query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rules->items->len, ==, 1);
    rule = g_ptr_array_index (rules->items, 0);
    rule->priority += 1;
    if (!hw_store_update_visibility_rule (store, rule, -1, &error))
      g_error ("%s", error->message);

    t = g_get_monotonic_time ();
    updated = hw_rules_load_update (store, loaded, &error);
    g_assert_no_error (error);
    g_print ("rules_update_ms %.1f ms\n", (g_get_monotonic_time () - t) / 1e3);

    t = g_get_monotonic_time ();
    full = hw_rules_load (store, &error);
    g_assert_no_error (error);
    g_print ("rules_update_before_ms %.0f ms\n", (g_get_monotonic_time () - t) / 1e3);
    g_printerr ("bench-rules: rules_update_ms is one visibility-rule change at %u products; "
                "rules_update_before_ms the load in full it used to cost\n", products);

    prices = hw_store_list (store, &hw_price_type, query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (prices->items->len, ==, 1);
    price = g_ptr_array_index (prices->items, 0);
    tier = g_ptr_array_index (price->tiers, 0);
    tier->amount += 1;
    if (!hw_store_update_price (store, price, -1, &error))
      g_error ("%s", error->message);

    t = g_get_monotonic_time ();
    repriced = hw_rules_load_update (store, updated, &error);
    g_assert_no_error (error);
    g_print ("rules_update_price_ms %.0f ms\n", (g_get_monotonic_time () - t) / 1e3);

    /* The ERP blocks one product. */
    {
      g_autoptr(HwPage) products_page = hw_store_list (store, &hw_product_type, query, &error);
      g_autoptr(HwRules) patched = NULL;
      const char *next;
      HwProduct *product;

      g_assert_no_error (error);
      g_assert_cmpuint (products_page->items->len, ==, 1);
      product = g_ptr_array_index (products_page->items, 0);
      next = g_strcmp0 (product->status, "blocked") == 0 ? "active" : "blocked";
      g_free (product->status);
      product->status = g_strdup (next);
      if (!hw_store_update_product (store, product, -1, &error))
        g_error ("%s", error->message);

      t = g_get_monotonic_time ();
      patched = hw_rules_load_update (store, repriced, &error);
      g_assert_no_error (error);
      g_print ("rules_update_product_ms %.0f ms\n", (g_get_monotonic_time () - t) / 1e3);
      g_printerr ("bench-rules: rules_update_product_ms is one product's status change at %u "
                  "products\n", products);
    }
  }

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  World w = { 0 };
  HwRulesBuilder *builder;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  HwVisibleQuery query = { NULL, NULL, NULL, 50 };
  gint64 start, total_visible = 0;
  guint evals = 0;

  w.products = argc > 1 ? strtoul (argv[1], NULL, 10) : 1000000;
  w.accounts = argc > 2 ? strtoul (argv[2], NULL, 10) : 10000;
  w.rules = argc > 3 ? strtoul (argv[3], NULL, 10) : 5000;
  w.entries = argc > 4 ? strtoul (argv[4], NULL, 10) : 2000;
  w.rand = g_rand_new_with_seed (42);
  w.category_ids = g_ptr_array_new_with_free_func (g_free);
  w.leaf_ids = g_ptr_array_new ();
  w.account_ids = g_ptr_array_new_with_free_func (g_free);
  w.user_ids = g_ptr_array_new_with_free_func (g_free);

  g_printerr ("bench-rules: %u products, %u accounts, %u rules, %u catalogue entries\n",
              w.products, w.accounts, w.rules, w.entries);

  start = g_get_monotonic_time ();
  builder = _hw_rules_builder_new (1);
  add_categories (&w, builder);
  add_products (&w, builder);
  add_catalogues (&w, builder);
  add_customers (&w, builder);
  add_rules (&w, builder);
  g_printerr ("bench-rules: rows handed over in %.1f s\n",
              (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  rules = _hw_rules_builder_finish (builder, &error);
  g_assert_no_error (error);
  g_print ("rules_build_ms %.0f ms\n", (g_get_monotonic_time () - start) / 1e3);

  /* One user's visible assortment: the count and the first page of 50. */
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(HwVisiblePage) page = NULL;
      gint64 t = g_get_monotonic_time ();
      double ms;

      page = hw_rules_visible_page (rules, pick (&w, w.user_ids), 0, &query, &error);
      ms = (g_get_monotonic_time () - t) / 1e3;
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
      total_visible += page->total;
    }
  g_print ("visible_set_ms %.2f ms\n", percentile (samples, 0.50));
  g_print ("visible_set_p95_ms %.2f ms\n", percentile (samples, 0.95));
  g_printerr ("bench-rules: %" G_GINT64_FORMAT " products visible per user on average\n",
              total_visible / 200);

  /* The same with a category filter and with a search. */
  g_array_set_size (samples, 0);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(HwVisiblePage) page = NULL;
      gint64 t = g_get_monotonic_time ();
      double ms;

      query.search = "drill 12";
      page = hw_rules_visible_page (rules, pick (&w, w.user_ids), 0, &query, &error);
      ms = (g_get_monotonic_time () - t) / 1e3;
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
    }
  query.search = NULL;
  g_print ("visible_search_ms %.2f ms\n", percentile (samples, 0.50));

  /* Prices of random (account, product, quantity) for a second. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < G_USEC_PER_SEC)
    for (guint i = 0; i < 1000; i++, evals++)
      {
        g_autofree char *product = uuid (&w, "product", g_rand_int_range (w.rand, 0, w.products));
        HwPriceResult result;

        if (!hw_rules_price (rules, pick (&w, w.account_ids), product,
                             g_rand_int_range (w.rand, 1, 20), 0, &result, NULL, &error))
          g_error ("%s", error->message);
      }
  g_print ("price_evals_per_s %.0f evals/s\n",
           evals / ((g_get_monotonic_time () - start) / 1e6));

  /* The impact of one rule change: new rules drawn like the existing ones (most of them
   * for one account), and one for everyone on a category. */
  g_array_set_size (samples, 0);
  for (guint i = 0; i < 30; i++)
    {
      g_autoptr(HwVisibilityRule) proposed = random_rule (&w, 1000000 + i);
      HwRulesChange change = { HW_CHANGE_CREATE, proposed };
      g_autoptr(HwImpact) impact = NULL;
      gint64 t = g_get_monotonic_time ();
      double ms;

      impact = hw_rules_impact (rules, &change, 0, 10, &error);
      ms = (g_get_monotonic_time () - t) / 1e3;
      g_assert_no_error (error);
      g_array_append_val (samples, ms);
    }
  g_print ("impact_ms %.2f ms\n", percentile (samples, 0.50));
  g_print ("impact_p95_ms %.2f ms\n", percentile (samples, 0.95));

  {
    g_autoptr(HwVisibilityRule) proposed = random_rule (&w, 2000000);
    HwRulesChange change = { HW_CHANGE_CREATE, proposed };
    g_autoptr(HwImpact) impact = NULL;
    gint64 t;

    g_free (proposed->scope);
    g_clear_pointer (&proposed->scope_value, g_free);
    g_free (proposed->target);
    g_clear_pointer (&proposed->attribute_code, g_free);
    g_clear_pointer (&proposed->attribute_value, g_free);
    g_free (proposed->target_id);
    proposed->scope = g_strdup ("all");
    proposed->target = g_strdup ("category");
    proposed->target_id = g_strdup (g_ptr_array_index (w.category_ids, 1));
    /* Shown above every existing rule of scope all, so that it changes something. */
    proposed->priority = 10;
    g_free (proposed->effect);
    proposed->effect = g_strdup ("show");
    t = g_get_monotonic_time ();
    impact = hw_rules_impact (rules, &change, 0, 10, &error);
    g_assert_no_error (error);
    g_print ("impact_all_scope_ms %.1f ms\n", (g_get_monotonic_time () - t) / 1e3);
    g_printerr ("bench-rules: the all-scope rule (%s %s) changes %" G_GINT64_FORMAT " pairs in %"
                G_GINT64_FORMAT " accounts (complete: %d)\n", proposed->effect, proposed->target_id,
                impact->visibility_changes, impact->accounts_affected, impact->complete);
  }

  g_clear_pointer (&rules, hw_rules_unref);
  if (g_strcmp0 (g_getenv ("BENCH_RULES_LOAD"), "0") != 0)
    {
      const char *load_products = g_getenv ("BENCH_RULES_LOAD_PRODUCTS");

      /* Seeding a demo database takes long: 100 000 products unless asked for more. */
      bench_load (load_products != NULL ? strtoul (load_products, NULL, 10)
                                        : MIN (w.products, 100000));
    }

  g_ptr_array_unref (w.category_ids);
  g_ptr_array_unref (w.leaf_ids);
  g_ptr_array_unref (w.account_ids);
  g_ptr_array_unref (w.user_ids);
  g_rand_free (w.rand);
  return 0;
}
