/* test-rules-incremental.c
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
#include "hw-rules-private.h"

/* hw_rules_load_update () and hw_store_changed_types (): after each kind of change a
 * snapshot built sharing the previous one's parts answers exactly as one loaded from
 * scratch at the same revision, for every (user, product) and (account, product, qty) of
 * a demo world, and it shares exactly what the change left alone. */

/* 2025-06-01T00:00:00Z, for the demo generator */
#define DEMO_NOW G_GINT64_CONSTANT (1748736000000000)

typedef struct
{
  char      *dir;
  char      *path;
  HwStore   *store;
  HwRules   *previous;     /* the last snapshot, built incrementally along the changes */
  GPtrArray *user_ids;     /* char * */
  GPtrArray *account_ids;  /* char * */
  GPtrArray *product_ids;  /* char * */
  guint      n_search_hits; /* of the last assert_same_answers () */
} Fixture;

static GPtrArray *
list_ids (HwStore            *store,
          const HwEntityType *type)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autofree char *after = NULL;

  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwPage) page = NULL;

      hw_query_set_after (query, after);
      page = hw_store_list (store, type, query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (ids, g_strdup (HW_ENTITY (g_ptr_array_index (page->items, i))->id));
      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  return ids;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  HwDemoOptions options;

  fixture->dir = g_dir_make_tmp ("hw-rules-incremental-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  hw_demo_options_init (&options);
  options.products = 300;
  options.accounts = 10;
  options.users = 24;
  options.orders = 0;
  options.now = DEMO_NOW;
  g_assert_true (hw_demo_generate (fixture->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  fixture->previous = hw_rules_load (fixture->store, &error);
  g_assert_no_error (error);
  fixture->user_ids = list_ids (fixture->store, &hw_user_type);
  fixture->account_ids = list_ids (fixture->store, &hw_account_type);
  fixture->product_ids = list_ids (fixture->store, &hw_product_type);
  g_assert_cmpuint (fixture->user_ids->len, >, 5);
  g_assert_cmpuint (fixture->product_ids->len, ==, 300);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_pointer (&fixture->previous, hw_rules_unref);
  g_ptr_array_unref (fixture->user_ids);
  g_ptr_array_unref (fixture->account_ids);
  g_ptr_array_unref (fixture->product_ids);
  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static char *
explanation_text (HwExplanation *explanation)
{
  g_autoptr(JsonNode) node = hw_explanation_to_json (explanation);

  return json_to_string (node, FALSE);
}

static void
assert_same_explanation (HwExplanation *a,
                         HwExplanation *b)
{
  g_autofree char *x = explanation_text (a);
  g_autofree char *y = explanation_text (b);

  g_assert_cmpstr (x, ==, y);
}

/* Every answer of @a equals @b's, explanations included. */
static void
assert_same_answers (Fixture *fixture,
                     HwRules *a,
                     HwRules *b)
{
  static const gint64 quantities[] = { 1, 6, 25, 240 };
  static const gint64 totals[] = { 0, 50000, 500000, 50000000 };
  HwVisibleQuery query = { NULL, NULL, NULL, 1000 };
  g_autoptr(GError) error = NULL;
  guint n_visible = 0;

  g_assert_cmpint (hw_rules_get_revision (a), ==, hw_rules_get_revision (b));
  g_assert_cmpuint (hw_rules_get_n_products (a), ==, hw_rules_get_n_products (b));

  for (guint u = 0; u < fixture->user_ids->len; u++)
    {
      const char *user_id = g_ptr_array_index (fixture->user_ids, u);
      g_autoptr(HwVisiblePage) page_a = NULL;
      g_autoptr(HwVisiblePage) page_b = NULL;

      g_assert_cmpstr (hw_rules_get_user_account (a, user_id), ==,
                       hw_rules_get_user_account (b, user_id));
      if (hw_rules_get_user_account (a, user_id) == NULL)
        continue;

      page_a = hw_rules_visible_page (a, user_id, DEMO_NOW, &query, &error);
      g_assert_no_error (error);
      page_b = hw_rules_visible_page (b, user_id, DEMO_NOW, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpint (page_a->total, ==, page_b->total);
      g_assert_cmpuint (page_a->ids->len, ==, page_b->ids->len);
      for (guint i = 0; i < page_a->ids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (page_a->ids, i), ==, g_ptr_array_index (page_b->ids, i));

      for (guint t = 0; t < G_N_ELEMENTS (totals); t++)
        {
          gboolean x, y;

          g_assert_true (hw_rules_needs_approval (a, user_id, totals[t], &x, &error));
          g_assert_true (hw_rules_needs_approval (b, user_id, totals[t], &y, &error));
          g_assert_cmpint (x, ==, y);
        }

      for (guint p = 0; p < fixture->product_ids->len; p++)
        {
          const char *product_id = g_ptr_array_index (fixture->product_ids, p);
          g_autoptr(HwExplanation) ex = NULL;
          g_autoptr(HwExplanation) ey = NULL;
          gboolean vx, vy;
          HwOrderable ox, oy;

          g_assert_true (hw_rules_visible (a, user_id, product_id, DEMO_NOW, &vx, &ex, &error));
          g_assert_true (hw_rules_visible (b, user_id, product_id, DEMO_NOW, &vy, &ey, &error));
          g_assert_cmpint (vx, ==, vy);
          assert_same_explanation (ex, ey);
          n_visible += vx;

          g_clear_pointer (&ex, hw_explanation_free);
          g_clear_pointer (&ey, hw_explanation_free);
          g_assert_true (hw_rules_orderable (a, user_id, product_id, quantities[p % 4], DEMO_NOW,
                                             &ox, &ex, &error));
          g_assert_true (hw_rules_orderable (b, user_id, product_id, quantities[p % 4], DEMO_NOW,
                                             &oy, &ey, &error));
          g_assert_cmpint (ox, ==, oy);
          assert_same_explanation (ex, ey);
        }
    }
  /* Visible pages with a search: the patched names are what is searched. */
  fixture->n_search_hits = 0;
  for (guint u = 0; u < fixture->user_ids->len; u++)
    {
      const char *user_id = g_ptr_array_index (fixture->user_ids, u);
      HwVisibleQuery search = { NULL, "zebra", NULL, 1000 };
      g_autoptr(HwVisiblePage) page_a = NULL;
      g_autoptr(HwVisiblePage) page_b = NULL;

      if (hw_rules_get_user_account (a, user_id) == NULL)
        continue;
      page_a = hw_rules_visible_page (a, user_id, DEMO_NOW, &search, &error);
      g_assert_no_error (error);
      page_b = hw_rules_visible_page (b, user_id, DEMO_NOW, &search, &error);
      g_assert_no_error (error);
      g_assert_cmpint (page_a->total, ==, page_b->total);
      g_assert_cmpuint (page_a->ids->len, ==, page_b->ids->len);
      for (guint i = 0; i < page_a->ids->len; i++)
        g_assert_cmpstr (g_ptr_array_index (page_a->ids, i), ==, g_ptr_array_index (page_b->ids, i));
      fixture->n_search_hits += page_a->total;
    }

  /* The world is not trivially empty or full. */
  g_assert_cmpuint (n_visible, >, 0);
  g_assert_cmpuint (n_visible, <, fixture->user_ids->len * fixture->product_ids->len);

  for (guint c = 0; c < fixture->account_ids->len; c++)
    for (guint p = 0; p < fixture->product_ids->len; p++)
      for (guint q = 0; q < G_N_ELEMENTS (quantities); q++)
        {
          const char *account_id = g_ptr_array_index (fixture->account_ids, c);
          const char *product_id = g_ptr_array_index (fixture->product_ids, p);
          g_autoptr(HwExplanation) ex = NULL;
          g_autoptr(HwExplanation) ey = NULL;
          HwPriceResult x, y;

          g_assert_true (hw_rules_price (a, account_id, product_id, quantities[q], DEMO_NOW,
                                         &x, &ex, &error));
          g_assert_no_error (error);
          g_assert_true (hw_rules_price (b, account_id, product_id, quantities[q], DEMO_NOW,
                                         &y, &ey, &error));
          g_assert_cmpint (x.unit_price, ==, y.unit_price);
          g_assert_cmpint (x.list_price, ==, y.list_price);
          g_assert_cmpstr (x.currency, ==, y.currency);
          g_assert_cmpint (x.source, ==, y.source);
          g_assert_cmpstr (x.source_id, ==, y.source_id);
          g_assert_cmpstr (x.price_list_id, ==, y.price_list_id);
          g_assert_cmpint (x.tier_min_qty, ==, y.tier_min_qty);
          g_assert_cmpint (x.discount_bp, ==, y.discount_bp);
          g_assert_cmpstr (x.discount_rule_id, ==, y.discount_rule_id);
          assert_same_explanation (ex, ey);
        }
}

typedef enum
{
  SHARES_NOTHING,
  SHARES_ASSORTMENT,             /* prices read and built again */
  SHARES_ASSORTMENT_PATCHES_PRICES,
  SHARES_ASSORTMENT_AND_PRICES,
  PATCHES_PRODUCTS,              /* products patched in a copy; postings and prices shared */
} Sharing;

/* After a change: the incremental snapshot shares what @sharing says, and answers as a
 * snapshot loaded from scratch. It then becomes the previous one. */
static void
check_update (Fixture *fixture,
              Sharing  sharing)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwRules) full = NULL;
  HwRules *updated;

  g_assert_cmpint (hw_store_get_revision (fixture->store), >,
                   hw_rules_get_revision (fixture->previous));

  updated = hw_rules_load_update (fixture->store, fixture->previous, &error);
  g_assert_no_error (error);
  full = hw_rules_load (fixture->store, &error);
  g_assert_no_error (error);

  g_assert_true (updated != fixture->previous);
  g_assert_cmpint (hw_rules_get_revision (updated), ==, hw_store_get_revision (fixture->store));
  g_assert_cmpint (updated->assortment == fixture->previous->assortment, ==,
                   sharing != SHARES_NOTHING && sharing != PATCHES_PRODUCTS);
  g_assert_cmpint (updated->postings == fixture->previous->postings, ==,
                   sharing != SHARES_NOTHING);
  g_assert_cmpint (updated->products == fixture->previous->products, ==,
                   sharing != SHARES_NOTHING && sharing != PATCHES_PRODUCTS);
  g_assert_cmpint (updated->price_table == fixture->previous->price_table, ==,
                   sharing == SHARES_ASSORTMENT_AND_PRICES || sharing == PATCHES_PRODUCTS);
  /* A patched price table holds its predecessor's strings and one chunk of its own; one
   * built again, one chunk only. */
  if (sharing == SHARES_ASSORTMENT_PATCHES_PRICES)
    g_assert_cmpuint (updated->price_table->strings->len, ==,
                      fixture->previous->price_table->strings->len + 1);
  else if (sharing != SHARES_ASSORTMENT_AND_PRICES)
    g_assert_cmpuint (updated->price_table->strings->len, ==, 1);
  /* A snapshot loaded in full shares nothing. */
  g_assert_true (full->assortment != updated->assortment);

  assert_same_answers (fixture, updated, full);

  hw_rules_unref (fixture->previous);
  fixture->previous = updated;
}

static gpointer
first_of (HwStore            *store,
          const HwEntityType *type,
          guint               nth)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPage) page = NULL;

  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  hw_query_set_with_children (query, TRUE);
  page = hw_store_list (store, type, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, >, nth);
  return hw_entity_copy (g_ptr_array_index (page->items, nth));
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
test_unchanged (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwRules) again = hw_rules_load_update (fixture->store, fixture->previous, &error);

  g_assert_no_error (error);
  g_assert_true (again == fixture->previous);

  /* Without a previous snapshot it loads in full. */
  {
    g_autoptr(HwRules) fresh = hw_rules_load_update (fixture->store, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (fresh->assortment != fixture->previous->assortment);
    assert_same_answers (fixture, fresh, fixture->previous);
  }
}

static void
test_visibility_rules (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwVisibilityRule) rule = first_of (fixture->store, &hw_visibility_rule_type, 0);
  g_autoptr(HwVisibilityRule) created = NULL;
  g_autoptr(HwCategory) category = first_of (fixture->store, &hw_category_type, 1);

  /* Update: the effect flips. */
  replace_string (&rule->effect, g_strcmp0 (rule->effect, "hide") == 0 ? "show" : "hide");
  g_assert_true (hw_store_update_visibility_rule (fixture->store, rule, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  /* Create: hide a category subtree from everybody. */
  created = hw_visibility_rule_new ();
  created->scope = g_strdup ("all");
  created->target = g_strdup ("category");
  created->target_id = g_strdup (HW_ENTITY (category)->id);
  created->effect = g_strdup ("hide");
  created->priority = 50;
  created->valid_from = HW_NONE;
  created->valid_to = HW_NONE;
  g_assert_true (hw_store_create_visibility_rule (fixture->store, created, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  /* Delete: a tombstone is a change too. */
  g_assert_true (hw_store_delete_visibility_rule (fixture->store, HW_ENTITY (rule)->id, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

static void
test_catalogue (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwCatalogue) catalogue = first_of (fixture->store, &hw_catalogue_type, 0);
  g_autoptr(HwCategory) category = first_of (fixture->store, &hw_category_type, 2);
  HwCatalogueEntry *entry = hw_child_new (&hw_catalogue_entry_child);

  /* Two changes between snapshots: both are caught. */
  entry->target_type = g_strdup ("category");
  entry->target_id = g_strdup (HW_ENTITY (category)->id);
  entry->effect = g_strdup ("exclude");
  g_ptr_array_add (catalogue->entries, entry);
  g_assert_true (hw_store_update_catalogue (fixture->store, catalogue, -1, &error));
  g_assert_no_error (error);
  replace_string (&catalogue->default_visibility,
                  g_strcmp0 (catalogue->default_visibility, "none") == 0 ? "all" : "none");
  g_assert_true (hw_store_update_catalogue (fixture->store, catalogue, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

static void
test_prices (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPrice) price = first_of (fixture->store, &hw_price_type, 0);
  g_autoptr(HwPriceAgreement) agreement = first_of (fixture->store, &hw_price_agreement_type, 0);
  g_autoptr(HwDiscountRule) discount = first_of (fixture->store, &hw_discount_rule_type, 0);
  HwPriceTier *tier;

  /* A few changed rows are patched into a copy of the previous table. */
  tier = g_ptr_array_index (price->tiers, 0);
  tier->amount = tier->amount / 2 + 1;
  g_assert_true (hw_store_update_price (fixture->store, price, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  tier = g_ptr_array_index (agreement->tiers, 0);
  tier->amount = tier->amount / 3 + 1;
  g_assert_true (hw_store_update_price_agreement (fixture->store, agreement, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  /* A tier more (tiers of changed rows go after the previous pool), then a window that
   * has closed, then a deletion: each patched onto the patched table before. */
  tier = hw_child_new (&hw_price_tier_child);
  tier->min_qty = 500;
  tier->amount = 1;
  g_ptr_array_add (price->tiers, tier);
  g_assert_true (hw_store_update_price (fixture->store, price, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  agreement->valid_from = DEMO_NOW - 2 * G_USEC_PER_SEC;
  agreement->valid_to = DEMO_NOW - G_USEC_PER_SEC;
  g_assert_true (hw_store_update_price_agreement (fixture->store, agreement, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  g_assert_true (hw_store_delete_price_agreement (fixture->store, HW_ENTITY (agreement)->id, -1,
                                                  &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  g_assert_true (hw_store_delete_price (fixture->store, HW_ENTITY (price)->id, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_PATCHES_PRICES);

  /* Discounts are compiled with the small tables: the prices stay shared. */
  discount->discount_bp = discount->discount_bp == 3300 ? 1100 : 3300;
  g_assert_true (hw_store_update_discount_rule (fixture->store, discount, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  g_assert_true (hw_store_delete_discount_rule (fixture->store, HW_ENTITY (discount)->id, -1,
                                                &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

static void
test_customers (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwAccount) account = first_of (fixture->store, &hw_account_type, 1);
  g_autoptr(HwAccount) other = first_of (fixture->store, &hw_account_type, 2);
  g_autoptr(HwUser) user = first_of (fixture->store, &hw_user_type, 3);

  /* Users are not read by prices. */
  user->active = !user->active;
  replace_string (&user->role, g_strcmp0 (user->role, "buyer") == 0 ? "planner" : "buyer");
  user->order_limit = 1000;
  g_assert_true (hw_store_update_user (fixture->store, user, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  /* Agreements hold account indexes, which an update leaves as they are. */
  replace_string (&account->status, "blocked");
  replace_string (&account->segment, other->segment);
  replace_string (&account->catalogue_id, other->catalogue_id);
  replace_string (&account->price_list_id, other->price_list_id);
  g_assert_true (hw_store_update_account (fixture->store, account, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

/* Price lists: a list sorted first shifts the indexes prices hold, so they are built
 * again; one sorted last does not. */
static void
test_price_lists (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPriceList) list = first_of (fixture->store, &hw_price_list_type, 0);
  g_autoptr(HwPriceList) first = hw_entity_copy (list);
  g_autoptr(HwPriceList) last = hw_entity_copy (list);
  g_autoptr(HwAccount) account = first_of (fixture->store, &hw_account_type, 0);

  replace_string (&HW_ENTITY (last)->id, "ffffffff-ffff-7fff-bfff-ffffffffffff");
  replace_string (&last->code, "LAST");
  last->is_default = FALSE;
  g_clear_pointer (&last->segment, g_free);
  g_assert_true (hw_store_create_price_list (fixture->store, last, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  replace_string (&HW_ENTITY (first)->id, "00000000-0000-7000-8000-000000000000");
  replace_string (&first->code, "FIRST");
  first->is_default = FALSE;
  g_clear_pointer (&first->segment, g_free);
  g_assert_true (hw_store_create_price_list (fixture->store, first, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT);

  /* An account moved onto the new list: its prices come from there now (none). */
  replace_string (&account->price_list_id, HW_ENTITY (first)->id);
  g_assert_true (hw_store_update_account (fixture->store, account, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

static void
test_products (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) product = first_of (fixture->store, &hw_product_type, 5);
  g_autoptr(HwCategory) moved = NULL;
  g_autoptr(HwCategory) parent = NULL;
  g_autoptr(HwVisibilityRule) rule = first_of (fixture->store, &hw_visibility_rule_type, 0);

  /* A rule first, so the full rebuild after it starts from an incremental snapshot. */
  rule->priority += 1;
  g_assert_true (hw_store_update_visibility_rule (fixture->store, rule, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);

  replace_string (&product->status, "blocked");
  g_assert_true (hw_store_update_product (fixture->store, product, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, PATCHES_PRODUCTS);

  /* A category move: a leaf goes under another root. */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) page = NULL;

    hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
    page = hw_store_list (fixture->store, &hw_category_type, query, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < page->items->len; i++)
      {
        HwCategory *c = g_ptr_array_index (page->items, i);

        if (c->parent_id == NULL && parent == NULL)
          parent = hw_entity_copy (c);
      }
    for (guint i = 0; i < page->items->len && moved == NULL; i++)
      {
        HwCategory *c = g_ptr_array_index (page->items, i);

        if (c->parent_id != NULL && g_strcmp0 (c->parent_id, HW_ENTITY (parent)->id) != 0)
          {
            gboolean has_children = FALSE;

            for (guint j = 0; j < page->items->len; j++)
              has_children |= g_strcmp0 (((HwCategory *) g_ptr_array_index (page->items, j))->parent_id,
                                         HW_ENTITY (c)->id) == 0;
            if (!has_children)
              moved = hw_entity_copy (c);
          }
      }
  }
  g_assert_nonnull (parent);
  g_assert_nonnull (moved);
  replace_string (&moved->parent_id, HW_ENTITY (parent)->id);
  g_assert_true (hw_store_update_category (fixture->store, moved, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_NOTHING);

  /* And sharing resumes from the rebuilt snapshot. */
  rule->priority += 1;
  g_assert_true (hw_store_update_visibility_rule (fixture->store, rule, -1, &error));
  g_assert_no_error (error);
  check_update (fixture, SHARES_ASSORTMENT_AND_PRICES);
}

static HwProduct *
product_by_id (Fixture    *fixture,
               const char *id)
{
  g_autoptr(GError) error = NULL;
  HwProduct *product = hw_store_get (fixture->store, &hw_product_type, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (product);
  return product;
}

/* A product visible to some user, so a search for it finds something. */
static const char *
visible_product (Fixture *fixture)
{
  for (guint p = 0; p < fixture->product_ids->len; p++)
    for (guint u = 0; u < fixture->user_ids->len; u++)
      {
        const char *product_id = g_ptr_array_index (fixture->product_ids, p);
        const char *user_id = g_ptr_array_index (fixture->user_ids, u);
        gboolean visible = FALSE;

        if (hw_rules_get_user_account (fixture->previous, user_id) != NULL &&
            hw_rules_visible (fixture->previous, user_id, product_id, DEMO_NOW, &visible, NULL,
                              NULL) && visible)
          return product_id;
      }
  g_assert_not_reached ();
  return NULL;
}

static void
update_product (Fixture   *fixture,
                HwProduct *product,
                Sharing    sharing)
{
  g_autoptr(GError) error = NULL;

  hw_store_update_product (fixture->store, product, -1, &error);
  g_assert_no_error (error);
  check_update (fixture, sharing);
}

/* Changes that keep a product's place and postings are patched into a copy of the product
 * array, a few products at a time; the others rebuild everything. */
static void
test_product_patch (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) product = product_by_id (fixture, visible_product (fixture));
  g_autoptr(HwProduct) other = product_by_id (fixture, g_ptr_array_index (fixture->product_ids, 7));
  g_autoptr(HwProduct) twin = NULL;
  g_autoptr(HwProduct) added = NULL;
  g_autofree char *old_category = NULL;

  replace_string (&product->status, "discontinued");
  update_product (fixture, product, PATCHES_PRODUCTS);
  replace_string (&product->status, "blocked");
  update_product (fixture, product, PATCHES_PRODUCTS);
  replace_string (&product->status, "active");
  update_product (fixture, product, PATCHES_PRODUCTS);

  product->base_price += 1234;
  update_product (fixture, product, PATCHES_PRODUCTS);

  g_assert_cmpuint (fixture->n_search_hits, ==, 0);
  replace_string (&product->name, "Zebra crossing lamp");
  replace_string (&product->display_name, NULL);
  update_product (fixture, product, PATCHES_PRODUCTS);
  g_assert_cmpuint (fixture->n_search_hits, >, 0);

  /* Two products in one update, quantities of one. */
  product->min_qty = 4;
  product->order_multiple = 2;
  g_assert_true (hw_store_update_product (fixture->store, product, -1, &error));
  g_assert_no_error (error);
  replace_string (&other->status, "blocked");
  update_product (fixture, other, PATCHES_PRODUCTS);

  /* Each of these moves the product in the order or its postings. */
  replace_string (&product->sku, "ZZ-PATCH-1");
  update_product (fixture, product, SHARES_NOTHING);
  replace_string (&product->brand, "Zebra Works");
  update_product (fixture, product, SHARES_NOTHING);
  old_category = g_strdup (product->category_id);
  for (guint p = 0; p < fixture->product_ids->len; p++)
    {
      g_autoptr(HwProduct) candidate = product_by_id (fixture, g_ptr_array_index (fixture->product_ids, p));

      if (candidate->category_id != NULL &&
          g_strcmp0 (candidate->category_id, product->category_id) != 0)
        {
          replace_string (&product->category_id, candidate->category_id);
          break;
        }
    }
  g_assert_cmpstr (product->category_id, !=, old_category);
  update_product (fixture, product, SHARES_NOTHING);

  g_assert_cmpuint (other->attributes->len, >, 0);
  /* An attribute value dropped. */
  g_ptr_array_remove_index (other->attributes, other->attributes->len - 1);
  update_product (fixture, other, SHARES_NOTHING);

  /* A status change after all that is patched again. */
  replace_string (&other->status, "active");
  update_product (fixture, other, PATCHES_PRODUCTS);

  /* New and deleted products. */
  twin = product_by_id (fixture, g_ptr_array_index (fixture->product_ids, 11));
  added = hw_entity_copy (twin);
  g_clear_pointer (&HW_ENTITY (added)->id, g_free);
  replace_string (&added->sku, "NEW-PATCH-1");
  replace_string (&added->erp_id, NULL);
  replace_string (&added->gtin, NULL);
  g_assert_true (hw_store_create_product (fixture->store, added, &error));
  g_assert_no_error (error);
  g_ptr_array_add (fixture->product_ids, g_strdup (HW_ENTITY (added)->id));
  check_update (fixture, SHARES_NOTHING);

  g_assert_true (hw_store_delete_product (fixture->store, HW_ENTITY (added)->id, -1, &error));
  g_assert_no_error (error);
  g_ptr_array_remove_index (fixture->product_ids, fixture->product_ids->len - 1);
  check_update (fixture, SHARES_NOTHING);
}

/* The store query that decides: the types changed after a revision, deletions included,
 * and GONE once deletions after it were purged. */
static void
test_changed_types (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) none = NULL;
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GHashTable) gone = NULL;
  g_autoptr(HwUser) user = first_of (fixture->store, &hw_user_type, 0);
  g_autoptr(HwDiscountRule) discount = first_of (fixture->store, &hw_discount_rule_type, 0);
  gint64 since = hw_store_get_revision (fixture->store);

  none = hw_store_changed_types (fixture->store, since, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);

  user->show_prices = !user->show_prices;
  g_assert_true (hw_store_update_user (fixture->store, user, -1, &error));
  g_assert_true (hw_store_delete_discount_rule (fixture->store, HW_ENTITY (discount)->id, -1,
                                                &error));
  g_assert_no_error (error);

  changed = hw_store_changed_types (fixture->store, since, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 2);
  g_assert_true (g_hash_table_contains (changed, &hw_user_type));
  g_assert_true (g_hash_table_contains (changed, &hw_discount_rule_type));

  g_assert_null (hw_store_changed_types (fixture->store, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hw_store_purge_tombstones (fixture->store, hw_store_get_revision (fixture->store),
                                            &error));
  g_assert_no_error (error);
  gone = hw_store_changed_types (fixture->store, since, &error);
  g_assert_null (gone);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_GONE);
  g_clear_error (&error);

  /* Then a snapshot cannot know what changed, and loads in full (still correct). */
  check_update (fixture, SHARES_NOTHING);
}

/* HwRulesCache shares too: a rule change keeps the products of the held snapshot. */
static void
test_cache (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwRulesCache) cache = hw_rules_cache_new ();
  g_autoptr(HwRules) first = NULL;
  g_autoptr(HwRules) second = NULL;
  g_autoptr(HwVisibilityRule) rule = first_of (fixture->store, &hw_visibility_rule_type, 0);

  first = hw_rules_cache_get (cache, fixture->store, &error);
  g_assert_no_error (error);
  rule->priority += 3;
  g_assert_true (hw_store_update_visibility_rule (fixture->store, rule, -1, &error));
  g_assert_no_error (error);
  second = hw_rules_cache_get (cache, fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_rules_get_revision (second), >, hw_rules_get_revision (first));
  g_assert_true (second->assortment == first->assortment);
  g_assert_true (second->price_table == first->price_table);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/rules-incremental/unchanged", test_unchanged);
  ADD ("/rules-incremental/visibility-rules", test_visibility_rules);
  ADD ("/rules-incremental/catalogue", test_catalogue);
  ADD ("/rules-incremental/prices", test_prices);
  ADD ("/rules-incremental/customers", test_customers);
  ADD ("/rules-incremental/price-lists", test_price_lists);
  ADD ("/rules-incremental/products", test_products);
  ADD ("/rules-incremental/product-patch", test_product_patch);
  ADD ("/rules-incremental/changed-types", test_changed_types);
  ADD ("/rules-incremental/cache", test_cache);

#undef ADD

  return g_test_run ();
}
