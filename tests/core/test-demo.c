/* test-demo.c
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
#include "hw-json.h"

/* 2025-06-01T00:00:00Z */
#define NOW  G_GINT64_CONSTANT (1748736000000000)
#define DAY  (G_GINT64_CONSTANT (86400) * G_USEC_PER_SEC)

/* Most tests read one generated database; it is made once in main(). */
static char *shared_dir;
static HwStore *shared_store;

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
small_options (HwDemoOptions *options,
               guint32        seed)
{
  hw_demo_options_init (options);
  options->products = 500;
  options->accounts = 20;
  options->users = 80;
  options->orders = 400;
  options->seed = seed;
  options->now = NOW;
}

static HwStore *
open_store (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (path, HW_STORE_OPEN_BULK, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static HwStore *
generate (const char *dir,
          const char *name,
          guint32     seed)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = open_store (dir, name);
  HwDemoOptions options;

  small_options (&options, seed);
  g_assert_true (hw_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return store;
}

static GPtrArray *
list_all (HwStore            *store,
          const HwEntityType *type)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;
      g_autoptr(GError) error = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_with_children (query, TRUE);
      hw_query_set_after (query, cursor);
      page = hw_store_list (store, type, query, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (all, hw_entity_copy (g_ptr_array_index (page->items, i)));

      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return all;
}

static gint64
count (HwStore            *store,
       const HwEntityType *type,
       const char         *field,
       HwFilterOp          op,
       const char         *value)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  if (field != NULL)
    hw_query_add_filter (query, field, op, value);
  g_assert_true (hw_store_count (store, type, query, &n, &error));
  g_assert_no_error (error);

  return n;
}

static GHashTable *
index_by_id (GPtrArray *entities)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entities->len; i++)
    {
      HwEntity *entity = g_ptr_array_index (entities, i);
      g_hash_table_insert (table, entity->id, entity);
    }

  return table;
}

static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autoptr(HwStore) a = NULL;
  g_autoptr(HwStore) b = NULL;
  g_autoptr(HwStore) c = NULL;
  g_autofree char *sum_a = NULL;
  g_autofree char *sum_b = NULL;
  g_autofree char *sum_c = NULL;

  g_assert_no_error (error);

  a = generate (dir, "a.db", 42);
  b = generate (dir, "b.db", 42);
  c = generate (dir, "c.db", 43);

  sum_a = hw_store_content_checksum (a, &error);
  g_assert_no_error (error);
  sum_b = hw_store_content_checksum (b, &error);
  g_assert_no_error (error);
  sum_c = hw_store_content_checksum (c, &error);
  g_assert_no_error (error);

  g_assert_nonnull (sum_a);
  g_assert_cmpstr (sum_a, ==, sum_b);
  g_assert_cmpstr (sum_a, !=, sum_c);

  /* The clock was handed back: writes after generation get the real time again. */
  g_assert_cmpint (hw_store_now (a), >, NOW);

  g_clear_object (&a);
  g_clear_object (&b);
  g_clear_object (&c);
  remove_tree (dir);
}

static void
test_counts (void)
{
  const HwEntityType * const non_empty[] = {
    &hw_attribute_type, &hw_product_relation_type, &hw_catalogue_type, &hw_price_list_type,
    &hw_price_type, &hw_price_agreement_type, &hw_discount_rule_type,
    &hw_visibility_rule_type, &hw_integration_type, &hw_integration_run_type,
  };
  gint64 categories = count (shared_store, &hw_category_type, NULL, 0, NULL);

  g_assert_cmpint (count (shared_store, &hw_product_type, NULL, 0, NULL), ==, 500);
  g_assert_cmpint (count (shared_store, &hw_account_type, NULL, 0, NULL), ==, 20);
  g_assert_cmpint (count (shared_store, &hw_user_type, NULL, 0, NULL), ==, 80);
  g_assert_cmpint (count (shared_store, &hw_order_type, NULL, 0, NULL), ==, 400);
  g_assert_cmpint (categories, >=, 200);
  g_assert_cmpint (categories, <=, 400);

  for (guint i = 0; i < G_N_ELEMENTS (non_empty); i++)
    g_assert_cmpint (count (shared_store, non_empty[i], NULL, 0, NULL), >, 0);
}

static void
test_category_tree (void)
{
  g_autoptr(GPtrArray) categories = list_all (shared_store, &hw_category_type);
  g_autoptr(GHashTable) by_id = index_by_id (categories);
  guint roots = 0;
  guint deepest = 0;

  for (guint i = 0; i < categories->len; i++)
    {
      HwCategory *category = g_ptr_array_index (categories, i);
      guint depth = 0;

      g_assert_nonnull (category->erp_code);
      for (HwCategory *up = category; up->parent_id != NULL; depth++)
        {
          up = g_hash_table_lookup (by_id, up->parent_id);
          g_assert_nonnull (up);
        }

      roots += depth == 0;
      deepest = MAX (deepest, depth);
    }

  g_assert_cmpuint (roots, ==, 8);
  /* Three or four levels. */
  g_assert_cmpuint (deepest, >=, 2);
  g_assert_cmpuint (deepest, <=, 3);
}

static void
test_products (void)
{
  g_autoptr(GPtrArray) products = list_all (shared_store, &hw_product_type);
  g_autoptr(GPtrArray) attributes = list_all (shared_store, &hw_attribute_type);
  g_autoptr(GHashTable) attribute_by_id = index_by_id (attributes);
  g_autoptr(GRegex) sku_format = g_regex_new ("^HW-[0-9]{7}$", 0, 0, NULL);
  g_autoptr(GHashTable) brands = g_hash_table_new (g_str_hash, g_str_equal);
  guint with_gtin = 0;
  guint required = 0;
  guint with_unit = 0;

  for (guint a = 0; a < attributes->len; a++)
    {
      HwAttribute *attribute = g_ptr_array_index (attributes, a);

      required += attribute->required;
      with_unit += attribute->unit != NULL;
    }
  g_assert_cmpuint (required, >, 0);
  g_assert_cmpuint (required, <, attributes->len);
  g_assert_cmpuint (with_unit, >, 5);

  for (guint i = 0; i < products->len; i++)
    {
      HwProduct *product = g_ptr_array_index (products, i);

      g_assert_true (g_regex_match (sku_format, product->sku, 0, NULL));
      g_assert_cmpstr (product->currency, ==, "EUR");
      g_assert_cmpint (product->base_price, >, 0);
      g_assert_nonnull (product->brand);
      g_assert_nonnull (product->category_id);
      g_assert_cmpint (product->min_qty, >=, 1);
      g_assert_cmpint (product->order_multiple, >=, 1);
      g_assert_cmpint (product->min_qty % product->order_multiple, ==, 0);
      if (product->max_qty != HW_NONE)
        g_assert_cmpint (product->max_qty, >=, product->min_qty);
      if (product->gtin != NULL)
        {
          g_assert_cmpuint (strlen (product->gtin), ==, 13);
          g_assert_true (hw_gtin_is_valid (product->gtin));
          with_gtin++;
        }
      g_hash_table_add (brands, product->brand);

      /* The name is made of brand and attributes. */
      g_assert_true (g_str_has_prefix (product->name, product->brand));

      for (guint v = 0; v < product->attributes->len; v++)
        {
          HwAttributeValue *value = g_ptr_array_index (product->attributes, v);
          HwAttribute *attribute = g_hash_table_lookup (attribute_by_id, value->attribute_id);

          g_assert_nonnull (attribute);
          if (g_str_equal (attribute->type, "number"))
            {
              char *end = NULL;

              g_ascii_strtod (value->value, &end);
              g_assert_true (end != value->value && *end == '\0');
              g_assert_null (strchr (value->value, ','));
            }
          else if (g_str_equal (attribute->type, "boolean"))
            g_assert_true (g_str_equal (value->value, "true") ||
                           g_str_equal (value->value, "false"));
          else if (g_str_equal (attribute->type, "enum"))
            g_assert_true (g_strv_contains ((const char * const *) attribute->options,
                                            value->value));
        }
    }

  g_assert_cmpuint (with_gtin, >, products->len * 8 / 10);
  g_assert_cmpuint (with_gtin, <, products->len);
  g_assert_cmpuint (g_hash_table_size (brands), >=, 15);

  /* Completeness varies: some products lack required attributes. */
  g_assert_cmpint (count (shared_store, &hw_product_type, "completeness", HW_FILTER_LT, "100"),
                   >, 0);
  g_assert_cmpint (count (shared_store, &hw_product_type, "completeness", HW_FILTER_EQ, "100"),
                   >, 0);

  for (const char * const *status = (const char * const[]) {
         "active", "discontinued", "blocked", NULL };
       *status != NULL; status++)
    g_assert_cmpint (count (shared_store, &hw_product_type, "status", HW_FILTER_EQ, *status), >, 0);

  /* Most products are active. */
  g_assert_cmpint (count (shared_store, &hw_product_type, "status", HW_FILTER_EQ, "active"), >,
                   products->len * 3 / 4);
}

static void
test_relations (void)
{
  g_autoptr(GPtrArray) relations = list_all (shared_store, &hw_product_relation_type);
  g_autoptr(GPtrArray) products = list_all (shared_store, &hw_product_type);
  g_autoptr(GHashTable) product_by_id = index_by_id (products);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < relations->len; i++)
    {
      HwProductRelation *relation = g_ptr_array_index (relations, i);

      g_assert_cmpstr (relation->product_id, !=, relation->related_product_id);
      g_hash_table_add (kinds, relation->kind);

      /* A replacement leads from a discontinued product to a current one. */
      if (g_str_equal (relation->kind, "replacement"))
        {
          HwProduct *old = g_hash_table_lookup (product_by_id, relation->product_id);
          HwProduct *successor = g_hash_table_lookup (product_by_id, relation->related_product_id);

          g_assert_cmpstr (old->status, ==, "discontinued");
          g_assert_cmpstr (successor->status, ==, "active");
          g_assert_cmpstr (old->category_id, ==, successor->category_id);
        }
    }

  for (const char * const *kind = (const char * const[]) {
         "variant", "accessory", "replacement", "spare_part", "related", NULL };
       *kind != NULL; kind++)
    g_assert_true (g_hash_table_contains (kinds, *kind));
}

static void
test_accounts_and_users (void)
{
  g_autoptr(GPtrArray) accounts = list_all (shared_store, &hw_account_type);
  g_autoptr(GPtrArray) users = list_all (shared_store, &hw_user_type);
  g_autoptr(GHashTable) admins = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) roles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) segments = g_hash_table_new (g_str_hash, g_str_equal);
  guint hidden_prices = 0;
  guint no_order = 0;
  guint limited = 0;

  for (guint i = 0; i < users->len; i++)
    {
      HwUser *user = g_ptr_array_index (users, i);

      g_assert_true (hw_email_is_valid (user->email));
      g_hash_table_add (roles, user->role);
      if (g_str_equal (user->role, "account_admin"))
        g_hash_table_add (admins, user->account_id);
      hidden_prices += !user->show_prices;
      no_order += !user->can_order;
      limited += user->order_limit != HW_NONE;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      HwAccount *account = g_ptr_array_index (accounts, i);
      HwAddress *billing;

      g_assert_true (g_hash_table_contains (admins, HW_ENTITY (account)->id));
      g_assert_cmpuint (account->addresses->len, >=, 1);
      billing = g_ptr_array_index (account->addresses, 0);
      g_assert_cmpstr (billing->kind, ==, "billing");
      g_hash_table_add (segments, account->segment);
    }

  for (const char * const *role = (const char * const[]) {
         "buyer", "planner", "operational", "account_admin", NULL };
       *role != NULL; role++)
    g_assert_true (g_hash_table_contains (roles, *role));

  for (const char * const *segment = (const char * const[]) {
         "installers", "industry", "retail", "public_sector", "wholesale_partners", NULL };
       *segment != NULL; segment++)
    g_assert_true (g_hash_table_contains (segments, *segment));

  g_assert_cmpuint (hidden_prices, >, 0);
  g_assert_cmpuint (no_order, >, 0);
  g_assert_cmpuint (limited, >, 0);
}

static void
test_rules_and_prices (void)
{
  g_autoptr(GPtrArray) rules = list_all (shared_store, &hw_visibility_rule_type);
  g_autoptr(GPtrArray) discounts = list_all (shared_store, &hw_discount_rule_type);
  g_autoptr(GPtrArray) catalogues = list_all (shared_store, &hw_catalogue_type);
  g_autoptr(GPtrArray) lists = list_all (shared_store, &hw_price_list_type);
  g_autoptr(GPtrArray) prices = list_all (shared_store, &hw_price_type);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint past = 0, current = 0, future = 0;
  guint defaults = 0;
  guint curated = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      HwVisibilityRule *rule = g_ptr_array_index (rules, i);

      g_hash_table_add (seen, g_strconcat ("scope:", rule->scope, NULL));
      g_hash_table_add (seen, g_strconcat ("target:", rule->target, NULL));
      g_hash_table_add (seen, g_strconcat ("effect:", rule->effect, NULL));
      if (rule->valid_to != HW_NONE && rule->valid_to <= NOW)
        past++;
      else if (rule->valid_from != HW_NONE && rule->valid_from > NOW)
        future++;
      else if (rule->valid_from != HW_NONE || rule->valid_to != HW_NONE)
        current++;
    }
  g_assert_cmpuint (past, >, 0);
  g_assert_cmpuint (current, >, 0);
  g_assert_cmpuint (future, >, 0);

  for (guint i = 0; i < discounts->len; i++)
    {
      HwDiscountRule *rule = g_ptr_array_index (discounts, i);

      g_assert_cmpint (rule->discount_bp, >, 0);
      g_assert_cmpint (rule->discount_bp, <, 10000);
      g_hash_table_add (seen, g_strconcat ("discount-scope:", rule->scope, NULL));
      g_hash_table_add (seen, g_strconcat ("discount-target:", rule->target, NULL));
    }

  for (const char * const *key = (const char * const[]) {
         "scope:all", "scope:segment", "scope:role", "scope:account", "scope:user",
         "target:product", "target:category", "target:attribute", "effect:show", "effect:hide",
         "discount-scope:account", "discount-scope:segment", "discount-target:product",
         "discount-target:category", "discount-target:brand", NULL };
       *key != NULL; key++)
    if (!g_hash_table_contains (seen, *key))
      g_error ("no rule with %s", *key);

  for (guint i = 0; i < catalogues->len; i++)
    {
      HwCatalogue *catalogue = g_ptr_array_index (catalogues, i);

      if (catalogue->is_default)
        {
          defaults++;
          g_assert_cmpstr (catalogue->default_visibility, ==, "all");
        }
      if (g_str_equal (catalogue->default_visibility, "none") && catalogue->entries->len > 0)
        curated++;
    }
  g_assert_cmpuint (defaults, ==, 1);
  g_assert_cmpuint (curated, >, 0);

  defaults = 0;
  for (guint i = 0; i < lists->len; i++)
    defaults += ((HwPriceList *) g_ptr_array_index (lists, i))->is_default;
  g_assert_cmpuint (defaults, ==, 1);

  past = current = future = 0;
  for (guint i = 0; i < prices->len; i++)
    {
      HwPrice *price = g_ptr_array_index (prices, i);

      g_assert_cmpuint (price->tiers->len, >=, 1);
      if (price->valid_to != HW_NONE && price->valid_to <= NOW)
        past++;
      else if (price->valid_from != HW_NONE && price->valid_from > NOW)
        future++;
      else
        current++;
    }
  g_assert_cmpuint (past, >, 0);
  g_assert_cmpuint (current, >, 0);
  g_assert_cmpuint (future, >, 0);
}

static void
test_orders (void)
{
  g_autoptr(GPtrArray) orders = list_all (shared_store, &hw_order_type);
  g_autoptr(GPtrArray) products = list_all (shared_store, &hw_product_type);
  g_autoptr(GPtrArray) users = list_all (shared_store, &hw_user_type);
  g_autoptr(GHashTable) product_by_id = index_by_id (products);
  g_autoptr(GHashTable) user_by_id = index_by_id (users);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) channels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < orders->len; i++)
    {
      HwOrder *order = g_ptr_array_index (orders, i);
      HwOrderEvent *first = g_ptr_array_index (order->history, 0);
      HwOrderEvent *last = g_ptr_array_index (order->history, order->history->len - 1);
      HwUser *user = g_hash_table_lookup (user_by_id, order->user_id);
      gboolean confirmed = FALSE;
      gint64 total = 0;

      g_hash_table_add (statuses, order->status);
      g_hash_table_add (channels, order->channel);

      g_assert_nonnull (user);
      g_assert_cmpstr (user->account_id, ==, order->account_id);
      g_assert_cmpint (order->placed_at, >=, NOW - 366 * DAY);
      g_assert_cmpint (order->placed_at, <, NOW);

      /* The history starts where the order was placed and leads to its status. */
      g_assert_cmpuint (order->history->len, >=, 1);
      g_assert_true (g_str_equal (first->status, "received") ||
                     g_str_equal (first->status, "pending_approval"));
      g_assert_cmpint (first->at, ==, order->placed_at);
      g_assert_cmpstr (last->status, ==, order->status);
      g_assert_cmpint (last->at, <=, NOW);
      for (guint e = 1; e < order->history->len; e++)
        {
          HwOrderEvent *a = g_ptr_array_index (order->history, e - 1);
          HwOrderEvent *b = g_ptr_array_index (order->history, e);

          g_assert_true (hw_order_status_can_change (a->status, b->status));
          g_assert_cmpstr (a->status, !=, b->status);
          g_assert_cmpint (b->at, >, a->at);
          confirmed |= g_str_equal (b->status, "confirmed");
        }

      g_assert_true (confirmed == (order->erp_reference != NULL));
      g_assert_true (g_str_equal (order->status, "failed") == (order->failure_reason != NULL));

      g_assert_cmpuint (order->lines->len, >=, 1);
      g_assert_cmpuint (order->lines->len, <=, 15);
      for (guint l = 0; l < order->lines->len; l++)
        {
          HwOrderLine *line = g_ptr_array_index (order->lines, l);
          HwProduct *product = g_hash_table_lookup (product_by_id, line->product_id);

          g_assert_nonnull (product);
          g_assert_cmpstr (line->sku, ==, product->sku);
          g_assert_cmpstr (line->name, ==, product->name);
          g_assert_cmpint (line->unit_price, ==, product->base_price);
          g_assert_cmpint (line->line_total, ==, line->quantity * line->unit_price);
          g_assert_cmpint (line->quantity, >=, product->min_qty);
          g_assert_cmpint (line->quantity % product->order_multiple, ==, 0);
          if (product->max_qty != HW_NONE)
            g_assert_cmpint (line->quantity, <=, product->max_qty);
          total += line->line_total;
        }
      g_assert_cmpint (order->total, ==, total);

      /* Approval is asked when the order is over the user's limit. */
      if (g_str_equal (first->status, "pending_approval"))
        {
          g_assert_cmpint (user->order_limit, !=, HW_NONE);
          g_assert_cmpint (order->total, >, user->order_limit);
        }
    }

  for (const char * const *status = (const char * const[]) {
         "pending_approval", "received", "exported", "confirmed", "shipped", "completed",
         "rejected", "cancelled", "failed", NULL };
       *status != NULL; status++)
    if (!g_hash_table_contains (statuses, *status))
      g_error ("no order is %s", *status);

  for (const char * const *channel = (const char * const[]) { "webshop", "app", "api", NULL };
       *channel != NULL; channel++)
    g_assert_true (g_hash_table_contains (channels, *channel));

  /* Old orders are mostly completed. */
  g_assert_cmpint (count (shared_store, &hw_order_type, "status", HW_FILTER_EQ, "completed"), >,
                   orders->len * 3 / 4);
}

static void
test_integrations (void)
{
  g_autoptr(GPtrArray) integrations = list_all (shared_store, &hw_integration_type);
  g_autoptr(GPtrArray) runs = list_all (shared_store, &hw_integration_run_type);
  g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < integrations->len; i++)
    g_hash_table_add (kinds, ((HwIntegration *) g_ptr_array_index (integrations, i))->kind);

  for (guint i = 0; i < runs->len; i++)
    {
      HwIntegrationRun *run = g_ptr_array_index (runs, i);

      g_hash_table_add (statuses, run->status);
      g_assert_cmpint (run->started_at, <=, NOW);
      if (g_str_equal (run->status, "partial"))
        {
          g_assert_cmpint (run->records_failed, >, 0);
          g_assert_cmpuint (run->errors->len, >, 0);
        }
      if (g_str_equal (run->status, "running"))
        g_assert_cmpint (run->finished_at, ==, HW_NONE);
      else
        g_assert_cmpint (run->finished_at, >=, run->started_at);
    }

  for (const char * const *kind = (const char * const[]) {
         "erp", "pim", "data_provider", "webhook", NULL };
       *kind != NULL; kind++)
    g_assert_true (g_hash_table_contains (kinds, *kind));

  for (const char * const *status = (const char * const[]) {
         "succeeded", "partial", "failed", "running", NULL };
       *status != NULL; status++)
    g_assert_true (g_hash_table_contains (statuses, *status));
}

typedef struct
{
  GCancellable *cancellable;
  const char   *cancel_in;
  GPtrArray    *stages;
  guint         calls;
} ProgressData;

static void
on_progress (const char *stage,
             guint64     done,
             guint64     total,
             gpointer    user_data)
{
  ProgressData *data = user_data;

  g_assert_cmpuint (done, <=, total);
  data->calls++;

  if (data->stages != NULL &&
      (data->stages->len == 0 ||
       !g_str_equal (g_ptr_array_index (data->stages, data->stages->len - 1), stage)))
    g_ptr_array_add (data->stages, g_strdup (stage));

  if (data->cancel_in != NULL && g_str_equal (stage, data->cancel_in))
    g_cancellable_cancel (data->cancellable);
}

static void
test_progress (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autoptr(HwStore) store = open_store (dir, "progress.db");
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_free);
  ProgressData data = { NULL, NULL, stages, 0 };
  HwDemoOptions options;

  small_options (&options, 3);
  options.orders = 50;
  g_assert_true (hw_demo_generate (store, &options, on_progress, &data, NULL, &error));
  g_assert_no_error (error);

  /* Every stage announces itself, products before orders. */
  g_assert_cmpuint (stages->len, >=, 5);
  g_assert_cmpstr (g_ptr_array_index (stages, 0), ==, "categories");
  g_assert_cmpstr (g_ptr_array_index (stages, 1), ==, "products");
  g_assert_cmpstr (g_ptr_array_index (stages, stages->len - 1), ==, "orders");

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autoptr(HwStore) store = open_store (dir, "cancel.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ProgressData data = { cancellable, "products", NULL, 0 };
  HwDemoOptions options;

  small_options (&options, 5);
  g_assert_false (hw_demo_generate (store, &options, on_progress, &data, cancellable, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The stage that was cancelled left nothing, the one before it stays, and the
   * database is sound. */
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, &hw_product_type, NULL, 0, NULL), ==, 0);
  g_assert_cmpint (count (store, &hw_category_type, NULL, 0, NULL), >, 0);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_cancel_before (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autoptr(HwStore) store = open_store (dir, "cancelled.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  HwDemoOptions options;

  small_options (&options, 5);
  g_cancellable_cancel (cancellable);
  g_assert_false (hw_demo_generate (store, &options, NULL, NULL, cancellable, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, &hw_category_type, NULL, 0, NULL), ==, 0);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_invalid_options (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autoptr(HwStore) store = open_store (dir, "invalid.db");
  HwDemoOptions options;

  small_options (&options, 1);
  options.users = options.accounts - 1;
  g_assert_false (hw_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "users");
  g_clear_error (&error);

  small_options (&options, 1);
  options.products = 0;
  g_assert_false (hw_demo_generate (store, &options, NULL, NULL, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (count (store, &hw_category_type, NULL, 0, NULL), ==, 0);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
on_generated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "async.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HwStore) store = NULL;
  HwDemoOptions options;

  small_options (&options, 9);
  options.orders = 100;
  hw_demo_generate_async (path, &options, NULL, on_generated, &result);
  /* The options were copied: changing ours now changes nothing. */
  options.products = 1;

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (hw_demo_generate_finish (result, &error));
  g_assert_no_error (error);

  store = open_store (dir, "async.db");
  g_assert_cmpint (count (store, &hw_product_type, NULL, 0, NULL), ==, 500);
  g_assert_cmpint (count (store, &hw_order_type, NULL, 0, NULL), ==, 100);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_async_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "async-cancel.db", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;

  g_cancellable_cancel (cancellable);
  hw_demo_generate_async (path, NULL, cancellable, on_generated, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (hw_demo_generate_finish (result, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED);
  remove_tree (dir);
}

static void
test_options_init (void)
{
  HwDemoOptions options;

  hw_demo_options_init (&options);
  g_assert_cmpuint (options.products, ==, 20000);
  g_assert_cmpuint (options.accounts, ==, 300);
  g_assert_cmpuint (options.users, ==, 1500);
  g_assert_cmpuint (options.orders, ==, 50000);
  g_assert_cmpuint (options.seed, ==, 1);
  /* Today, midnight UTC. */
  g_assert_cmpint (options.now % DAY, ==, 0);
  g_assert_cmpint (options.now, <=, g_get_real_time ());
  g_assert_cmpint (options.now, >, g_get_real_time () - DAY);
}

/* The JSON text the server answers with, written directly, is byte for byte what
 * json-glib makes of the entity's tree, for every entity of the demo data. */
static void
test_json_text (void)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  guint compared = 0;

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autoptr(GPtrArray) all = list_all (shared_store, types[t]);

      for (guint i = 0; i < all->len; i++)
        {
          gconstpointer entity = g_ptr_array_index (all, i);
          g_autoptr(JsonNode) node = hw_entity_to_json (entity);
          g_autofree char *expected = json_to_string (node, FALSE);
          g_autofree char *text = hw_entity_to_json_string (entity);
          g_autoptr(GString) appended = g_string_new ("[");

          g_assert_cmpstr (text, ==, expected);
          hw_entity_write_json (appended, entity);
          g_assert_cmpstr (appended->str + 1, ==, expected);
          compared++;
        }
    }

  g_assert_cmpuint (compared, >, 1500);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/demo/options-init", test_options_init);
  g_test_add_func ("/core/demo/deterministic", test_deterministic);
  g_test_add_func ("/core/demo/counts", test_counts);
  g_test_add_func ("/core/demo/category-tree", test_category_tree);
  g_test_add_func ("/core/demo/products", test_products);
  g_test_add_func ("/core/demo/relations", test_relations);
  g_test_add_func ("/core/demo/accounts-users", test_accounts_and_users);
  g_test_add_func ("/core/demo/rules-prices", test_rules_and_prices);
  g_test_add_func ("/core/demo/orders", test_orders);
  g_test_add_func ("/core/demo/integrations", test_integrations);
  g_test_add_func ("/core/demo/json-text", test_json_text);
  g_test_add_func ("/core/demo/progress", test_progress);
  g_test_add_func ("/core/demo/cancel", test_cancel);
  g_test_add_func ("/core/demo/cancel-before", test_cancel_before);
  g_test_add_func ("/core/demo/invalid-options", test_invalid_options);
  g_test_add_func ("/core/demo/async", test_async);
  g_test_add_func ("/core/demo/async-cancel", test_async_cancel);

  shared_dir = g_dir_make_tmp ("hw-demo-XXXXXX", &error);
  g_assert_no_error (error);
  shared_store = generate (shared_dir, "shared.db", 1);

  status = g_test_run ();

  g_clear_object (&shared_store);
  remove_tree (shared_dir);
  g_free (shared_dir);

  return status;
}
