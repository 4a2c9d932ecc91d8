/* test-rules-property.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-rules-reference.h"

/* Random assortments, customers and rule sets on which the engine must agree with the
 * reference evaluator for every (user, product) and (account, product, quantity, moment).
 * Values are drawn from small sets so that ties happen often: equal priorities, equal
 * discounts, equal min_qty, moments on the edges of validity windows. */

#define N_CATEGORIES 8
#define N_PRODUCTS   24
#define N_ACCOUNTS   5
#define N_USERS      7

static const gint64 moments[] = { 0, 99, 100, 199, 200, 300 };
static const gint64 quantities[] = { 1, 4, 5, 6, 10 };

typedef struct
{
  GPtrArray  *all;        /* owns every entity */
  GPtrArray  *views;      /* arrays that borrow them */
  HwRulesData data;
  guint32     seed;
} World;

static GPtrArray *
array (World *w)
{
  GPtrArray *items = g_ptr_array_new ();

  g_ptr_array_add (w->all, items);
  return items;
}

static char *
make_id (const char *kind,
         guint       i)
{
  return g_strdup_printf ("%s-%02u", kind, i);
}

static gpointer
add (World      *w,
     GPtrArray  *items,
     gpointer    entity,
     const char *kind,
     guint       i)
{
  HW_ENTITY (entity)->id = make_id (kind, i);
  g_ptr_array_add (items, entity);
  return entity;
}

static const char *
pick (GRand             *rand,
      const char * const *values,
      guint               n)
{
  return values[g_rand_int_range (rand, 0, n)];
}

static void
random_window (GRand  *rand,
               gint64 *from,
               gint64 *to)
{
  static const gint64 edges[] = { HW_NONE, 100, 200, 300 };
  int a = g_rand_int_range (rand, 0, 4);
  int b = g_rand_int_range (rand, 0, 4);

  *from = a == 0 || g_rand_boolean (rand) ? HW_NONE : edges[a];
  *to = b == 0 || g_rand_boolean (rand) ? HW_NONE : edges[b];
  if (*from != HW_NONE && *to != HW_NONE && *to <= *from)
    *to = HW_NONE;
}

static void
random_tiers (GRand     *rand,
              GPtrArray *tiers)
{
  static const gint64 mins[] = { 1, 5, 10 };
  guint n = g_rand_int_range (rand, 1, 3);

  for (guint t = 0; t < n; t++)
    {
      HwPriceTier *tier = g_new0 (HwPriceTier, 1);

      tier->min_qty = mins[g_rand_int_range (rand, 0, 3)];
      tier->amount = 100 * g_rand_int_range (rand, 1, 4) + 5 * g_rand_int_range (rand, 0, 3);
      g_ptr_array_add (tiers, tier);
    }
}

static HwVisibilityRule *
random_rule (GRand *rand,
             World *w)
{
  static const char * const scopes[] = { "all", "segment", "role", "account", "user" };
  static const char * const roles[] = { "buyer", "planner" };
  static const char * const segments[] = { "retail", "trade" };
  static const char * const codes[] = { "brand", "color" };
  static const char * const values[] = { "acme", "bolt", "red", "blue" };
  HwVisibilityRule *r = hw_visibility_rule_new ();
  int target = g_rand_int_range (rand, 0, 3);

  r->scope = g_strdup (pick (rand, scopes, 5));
  if (strcmp (r->scope, "segment") == 0)
    r->scope_value = g_strdup (pick (rand, segments, 2));
  else if (strcmp (r->scope, "role") == 0)
    r->scope_value = g_strdup (pick (rand, roles, 2));
  else if (strcmp (r->scope, "account") == 0)
    r->scope_value = make_id ("account", g_rand_int_range (rand, 0, N_ACCOUNTS));
  else if (strcmp (r->scope, "user") == 0)
    r->scope_value = make_id ("user", g_rand_int_range (rand, 0, N_USERS));

  if (target == 0)
    {
      r->target = g_strdup ("product");
      r->target_id = make_id ("product", g_rand_int_range (rand, 0, N_PRODUCTS));
    }
  else if (target == 1)
    {
      r->target = g_strdup ("category");
      r->target_id = make_id ("category", g_rand_int_range (rand, 0, N_CATEGORIES));
    }
  else
    {
      r->target = g_strdup ("attribute");
      r->attribute_code = g_strdup (pick (rand, codes, 2));
      r->attribute_value = g_strdup (pick (rand, values, 4));
    }
  r->effect = g_strdup (g_rand_boolean (rand) ? "show" : "hide");
  r->priority = g_rand_int_range (rand, 0, 3);
  random_window (rand, &r->valid_from, &r->valid_to);
  return r;
}

static HwDiscountRule *
random_discount (GRand *rand)
{
  static const char * const segments[] = { "retail", "trade" };
  static const char * const brands[] = { "acme", "bolt" };
  static const gint64 bps[] = { 500, 1000, 1000, 3333, 2550 };
  HwDiscountRule *d = hw_discount_rule_new ();
  int target = g_rand_int_range (rand, 0, 3);

  d->name = g_strdup ("discount");
  d->discount_bp = bps[g_rand_int_range (rand, 0, 5)];
  if (g_rand_boolean (rand))
    {
      d->scope = g_strdup ("account");
      d->scope_value = make_id ("account", g_rand_int_range (rand, 0, N_ACCOUNTS));
    }
  else
    {
      d->scope = g_strdup ("segment");
      d->scope_value = g_strdup (pick (rand, segments, 2));
    }
  if (target == 0)
    {
      d->target = g_strdup ("product");
      d->target_value = make_id ("product", g_rand_int_range (rand, 0, N_PRODUCTS));
    }
  else if (target == 1)
    {
      d->target = g_strdup ("category");
      d->target_value = make_id ("category", g_rand_int_range (rand, 0, N_CATEGORIES));
    }
  else
    {
      d->target = g_strdup ("brand");
      d->target_value = g_strdup (pick (rand, brands, 2));
    }
  random_window (rand, &d->valid_from, &d->valid_to);
  return d;
}

static HwCatalogue *
random_catalogue (GRand *rand)
{
  HwCatalogue *c = hw_catalogue_new ();
  guint entries = g_rand_int_range (rand, 0, 7);

  c->name = g_strdup ("Catalogue");
  c->default_visibility = g_strdup (g_rand_boolean (rand) ? "all" : "none");
  for (guint e = 0; e < entries; e++)
    {
      gboolean category = g_rand_boolean (rand);
      g_autofree char *target = category
        ? make_id ("category", g_rand_int_range (rand, 0, N_CATEGORIES))
        : make_id ("product", g_rand_int_range (rand, 0, N_PRODUCTS));

      hw_catalogue_add_entry (c, category ? "category" : "product", target,
                              g_rand_boolean (rand) ? "include" : "exclude");
    }
  return c;
}

static HwPrice *
random_price (GRand *rand)
{
  HwPrice *p = hw_price_new ();

  p->price_list_id = make_id ("list", g_rand_int_range (rand, 0, 3));
  p->product_id = make_id ("product", g_rand_int_range (rand, 0, N_PRODUCTS / 2));
  random_window (rand, &p->valid_from, &p->valid_to);
  random_tiers (rand, p->tiers);
  return p;
}

static HwPriceAgreement *
random_agreement (GRand *rand)
{
  static const char * const currencies[] = { "EUR", "EUR", "EUR", "USD" };
  HwPriceAgreement *a = hw_price_agreement_new ();

  a->account_id = make_id ("account", g_rand_int_range (rand, 0, N_ACCOUNTS));
  a->product_id = make_id ("product", g_rand_int_range (rand, 0, N_PRODUCTS / 2));
  a->currency = g_strdup (pick (rand, currencies, 4));
  random_window (rand, &a->valid_from, &a->valid_to);
  random_tiers (rand, a->tiers);
  return a;
}

static void
world_init (World   *w,
            guint32  seed)
{
  static const char * const statuses[] = { "active", "active", "active", "discontinued", "blocked" };
  static const char * const brands[] = { "acme", "bolt", "cask" };
  static const char * const colors[] = { "red", "blue" };
  static const char * const roles[] = { "buyer", "planner", "account_admin" };
  static const char * const segments[] = { "retail", "trade", "export" };
  static const char * const currencies[] = { "EUR", "EUR", "EUR", "USD" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  HwRulesData *d = &w->data;
  HwAttribute *color;
  guint n;

  memset (w, 0, sizeof *w);
  w->seed = seed;
  w->all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  w->views = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  d->revision = seed;
  d->categories = array (w);
  d->attributes = array (w);
  d->products = array (w);
  d->catalogues = array (w);
  d->accounts = array (w);
  d->users = array (w);
  d->visibility_rules = array (w);
  d->price_lists = array (w);
  d->prices = array (w);
  d->price_agreements = array (w);
  d->discount_rules = array (w);

  /* A random tree: each category's parent is an earlier one, or none. */
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      HwCategory *c = add (w, d->categories, hw_category_new (), "category", i);

      c->name = g_strdup_printf ("Category %u", g_rand_int_range (rand, 0, 3));
      c->position = g_rand_int_range (rand, 0, 3);
      if (i > 0 && g_rand_int_range (rand, 0, 4) != 0)
        c->parent_id = make_id ("category", g_rand_int_range (rand, 0, i));
    }

  color = add (w, d->attributes, hw_attribute_new (), "attribute", 0);
  color->code = g_strdup ("color");
  color->name = g_strdup ("Color");
  color->type = g_strdup ("text");

  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      HwProduct *p = add (w, d->products, hw_product_new (), "product", i);

      p->sku = g_strdup_printf ("SKU-%02u", g_rand_int_range (rand, 0, 30));
      p->name = g_strdup_printf ("Product %u", i);
      p->unit = g_strdup ("piece");
      p->status = g_strdup (pick (rand, statuses, 5));
      if (g_rand_int_range (rand, 0, 6) != 0)
        p->category_id = make_id ("category", g_rand_int_range (rand, 0, N_CATEGORIES));
      if (g_rand_int_range (rand, 0, 4) != 0)
        p->brand = g_strdup (pick (rand, brands, 3));
      if (g_rand_boolean (rand))
        hw_product_add_attribute (p, "attribute-00", pick (rand, colors, 2));
      p->base_price = g_rand_int_range (rand, 1, 2000);
      p->currency = g_strdup (g_rand_int_range (rand, 0, 5) == 0 ? "USD" : "EUR");
      p->min_qty = g_rand_int_range (rand, 1, 6);
      p->order_multiple = g_rand_int_range (rand, 1, 4);
      p->max_qty = g_rand_boolean (rand) ? HW_NONE : g_rand_int_range (rand, 5, 12);
    }

  n = g_rand_int_range (rand, 0, 4);
  for (guint i = 0; i < n; i++)
    {
      HwCatalogue *c = add (w, d->catalogues, random_catalogue (rand), "catalogue", i);

      c->is_default = g_rand_int_range (rand, 0, 3) == 0;
    }

  for (guint i = 0; i < 3; i++)
    {
      HwPriceList *l = add (w, d->price_lists, hw_price_list_new (), "list", i);

      l->code = g_strdup_printf ("L%u", i);
      l->name = g_strdup ("List");
      l->currency = g_strdup (pick (rand, currencies, 4));
      if (g_rand_boolean (rand))
        l->segment = g_strdup (pick (rand, segments, 3));
      l->is_default = g_rand_int_range (rand, 0, 3) == 0;
    }

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      HwAccount *a = add (w, d->accounts, hw_account_new (), "account", i);

      a->customer_number = g_strdup_printf ("C%u", i);
      a->name = g_strdup ("Account");
      if (g_rand_int_range (rand, 0, 4) != 0)
        a->segment = g_strdup (pick (rand, segments, 3));
      if (n > 0 && g_rand_boolean (rand))
        a->catalogue_id = make_id ("catalogue", g_rand_int_range (rand, 0, n));
      if (g_rand_boolean (rand))
        a->price_list_id = make_id ("list", g_rand_int_range (rand, 0, 3));
      a->currency = g_strdup (pick (rand, currencies, 4));
      a->status = g_strdup (g_rand_int_range (rand, 0, 6) == 0 ? "blocked" : "active");
    }

  for (guint i = 0; i < N_USERS; i++)
    {
      HwUser *u = add (w, d->users, hw_user_new (), "user", i);

      /* Account 4 has no users: it is judged as a user with no role. */
      u->account_id = make_id ("account", g_rand_int_range (rand, 0, N_ACCOUNTS - 1));
      u->email = g_strdup_printf ("u%u@example.com", i);
      u->name = g_strdup ("User");
      u->role = g_strdup (pick (rand, roles, 3));
      u->show_prices = TRUE;
      u->can_order = g_rand_int_range (rand, 0, 5) != 0;
      u->order_limit = g_rand_boolean (rand) ? HW_NONE : 1000;
      u->active = g_rand_int_range (rand, 0, 6) != 0;
    }

  n = g_rand_int_range (rand, 0, 16);
  for (guint i = 0; i < n; i++)
    add (w, d->visibility_rules, random_rule (rand, w), "rule", i);

  n = g_rand_int_range (rand, 0, 30);
  for (guint i = 0; i < n; i++)
    add (w, d->prices, random_price (rand), "price", i);
  n = g_rand_int_range (rand, 0, 10);
  for (guint i = 0; i < n; i++)
    add (w, d->price_agreements, random_agreement (rand), "agreement", i);
  n = g_rand_int_range (rand, 0, 10);
  for (guint i = 0; i < n; i++)
    add (w, d->discount_rules, random_discount (rand), "discount", i);
}

static void
world_clear (World *w)
{
  for (guint i = 0; i < w->all->len; i++)
    g_ptr_array_set_free_func (g_ptr_array_index (w->all, i), hw_entity_free);
  g_ptr_array_unref (w->all);
  g_ptr_array_unref (w->views);
}

#define AGREE(w, cond, ...)                                                   \
  G_STMT_START {                                                              \
    if (!(cond))                                                              \
      {                                                                       \
        g_autofree char *what = g_strdup_printf (__VA_ARGS__);                \
        g_test_message ("seed %u: %s", (w)->seed, what);                      \
        g_error ("engine and reference disagree (seed %u): %s", (w)->seed, what); \
      }                                                                       \
  } G_STMT_END

static void
check_world (World   *w,
             HwRules *rules)
{
  HwRulesData *d = &w->data;

  for (guint m = 0; m < G_N_ELEMENTS (moments); m++)
    {
      gint64 at = moments[m];

      for (guint u = 0; u < d->users->len; u++)
        {
          const char *user = HW_ENTITY (g_ptr_array_index (d->users, u))->id;
          HwVisibleQuery query = { NULL, NULL, NULL, 1000 };
          g_autoptr(HwVisiblePage) page = NULL;
          g_autoptr(GError) error = NULL;
          guint expected_total = 0;

          for (guint p = 0; p < d->products->len; p++)
            {
              const char *product = HW_ENTITY (g_ptr_array_index (d->products, p))->id;
              gboolean visible = FALSE, expected = hw_ref_visible (d, user, product, at);
              HwOrderable orderable;
              gint64 qty = quantities[(u + p + m) % G_N_ELEMENTS (quantities)];

              g_assert_true (hw_rules_visible (rules, user, product, at, &visible, NULL, &error));
              g_assert_no_error (error);
              AGREE (w, visible == expected, "visible (%s, %s, %" G_GINT64_FORMAT "): engine %d",
                     user, product, at, visible);
              expected_total += expected;

              g_assert_true (hw_rules_orderable (rules, user, product, qty, at, &orderable, NULL, &error));
              AGREE (w, orderable == hw_ref_orderable (d, user, product, qty, at),
                     "orderable (%s, %s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "): engine %s",
                     user, product, qty, at, hw_orderable_to_string (orderable));
            }

          /* The set query agrees with the single answers. */
          page = hw_rules_visible_page (rules, user, at, &query, &error);
          g_assert_no_error (error);
          AGREE (w, page->total == expected_total && page->ids->len == expected_total,
                 "visible set of %s at %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " for %u",
                 user, at, page->total, expected_total);
          for (guint i = 0; i < page->ids->len; i++)
            AGREE (w, hw_ref_visible (d, user, g_ptr_array_index (page->ids, i), at),
                   "%s in the visible set of %s", (char *) g_ptr_array_index (page->ids, i), user);
        }

      for (guint a = 0; a < d->accounts->len; a++)
        {
          const char *account = HW_ENTITY (g_ptr_array_index (d->accounts, a))->id;

          for (guint p = 0; p < d->products->len; p++)
            {
              const char *product = HW_ENTITY (g_ptr_array_index (d->products, p))->id;

              for (guint q = 0; q < G_N_ELEMENTS (quantities); q++)
                {
                  HwPriceResult result;
                  HwRefPrice expected;
                  g_autoptr(GError) error = NULL;

                  g_assert_true (hw_rules_price (rules, account, product, quantities[q], at,
                                                 &result, NULL, &error));
                  hw_ref_price (d, account, product, quantities[q], at, &expected);
                  AGREE (w, result.unit_price == expected.unit_price &&
                            result.list_price == expected.list_price &&
                            g_strcmp0 (result.currency, expected.currency) == 0 &&
                            g_strcmp0 (hw_price_source_to_string (result.source), expected.source) == 0 &&
                            g_strcmp0 (result.source_id, expected.source_id) == 0 &&
                            g_strcmp0 (result.discount_rule_id, expected.discount_rule_id) == 0,
                         "price (%s, %s, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "): engine %"
                         G_GINT64_FORMAT " %s from %s %s, discount %s; reference %" G_GINT64_FORMAT
                         " %s from %s %s, discount %s",
                         account, product, quantities[q], at, result.unit_price, result.currency,
                         hw_price_source_to_string (result.source), result.source_id,
                         result.discount_rule_id, expected.unit_price, expected.currency,
                         expected.source, expected.source_id, expected.discount_rule_id);
                }
            }
        }
    }
}

/* HW_RULES_SEED=N runs the one world of a failure message again. */
static guint
n_worlds (void)
{
  if (g_getenv ("HW_RULES_SEED") != NULL)
    return 2;
  return g_test_thorough () ? 5000 : 1000;
}

static guint32
first_seed (void)
{
  if (g_getenv ("HW_RULES_SEED") != NULL)
    return g_ascii_strtoull (g_getenv ("HW_RULES_SEED"), NULL, 10);
  return g_test_rand_int ();
}

static void
test_engine_agrees (void)
{
  guint32 first = first_seed ();

  for (guint i = 0; i < n_worlds (); i++)
    {
      World w;
      g_autoptr(HwRules) rules = NULL;
      g_autoptr(GError) error = NULL;

      world_init (&w, first + i);
      rules = hw_rules_new_from_data (&w.data, &error);
      g_assert_no_error (error);
      check_world (&w, rules);
      world_clear (&w);
    }
}

/* Impact: the engine's counts on its overlay equal the reference's before and after on
 * the world with the change applied. */

static GPtrArray *
with_change (World      *w,
             GPtrArray  *items,
             const char *remove_id,
             gpointer    added)
{
  GPtrArray *changed = g_ptr_array_new ();

  g_ptr_array_add (w->views, changed);
  for (guint i = 0; i < items->len; i++)
    if (remove_id == NULL || g_strcmp0 (HW_ENTITY (g_ptr_array_index (items, i))->id, remove_id) != 0)
      g_ptr_array_add (changed, g_ptr_array_index (items, i));
  if (added != NULL)
    g_ptr_array_add (changed, added);
  return changed;
}

static void
add_tier_quantities (GArray        *into,
                     gconstpointer  record)
{
  const HwEntity *entity = record;
  GPtrArray *tiers = NULL;

  if (entity == NULL)
    return;
  if (entity->type == &hw_price_type)
    tiers = ((const HwPrice *) record)->tiers;
  else if (entity->type == &hw_price_agreement_type)
    tiers = ((const HwPriceAgreement *) record)->tiers;
  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      gint64 qty = MAX (1, ((HwPriceTier *) g_ptr_array_index (tiers, i))->min_qty);

      g_array_append_val (into, qty);
    }
}

static void
reference_impact (World        *w,
                  HwRulesData  *after,
                  gboolean      visibility,
                  gconstpointer old_record,
                  gconstpointer new_record,
                  gint64        at,
                  gint64       *out_changes,
                  gint64       *out_accounts)
{
  HwRulesData *before = &w->data;
  g_autoptr(GArray) tier_quantities = g_array_new (FALSE, FALSE, sizeof (gint64));

  add_tier_quantities (tier_quantities, old_record);
  add_tier_quantities (tier_quantities, new_record);
  *out_changes = *out_accounts = 0;

  for (guint a = 0; a < before->accounts->len; a++)
    {
      const char *account = HW_ENTITY (g_ptr_array_index (before->accounts, a))->id;
      g_autoptr(GPtrArray) viewers = g_ptr_array_new ();
      gint64 changes = 0;

      for (guint u = 0; u < before->users->len; u++)
        {
          HwUser *user = g_ptr_array_index (before->users, u);

          if (g_strcmp0 (user->account_id, account) == 0)
            g_ptr_array_add (viewers, HW_ENTITY (user)->id);
        }
      if (viewers->len == 0)
        g_ptr_array_add (viewers, NULL);

      for (guint p = 0; p < before->products->len; p++)
        {
          HwProduct *product = g_ptr_array_index (before->products, p);
          const char *id = HW_ENTITY (product)->id;
          gboolean changed = FALSE;

          if (visibility)
            for (guint v = 0; v < viewers->len && !changed; v++)
              changed = hw_ref_visible_for (before, account, g_ptr_array_index (viewers, v), id, at) !=
                        hw_ref_visible_for (after, account, g_ptr_array_index (viewers, v), id, at);
          else
            for (guint q = 0; q <= tier_quantities->len && !changed; q++)
              {
                gint64 qty = q == 0 ? MAX (1, product->min_qty)
                                    : g_array_index (tier_quantities, gint64, q - 1);
                HwRefPrice x, y;

                hw_ref_price (before, account, id, qty, at, &x);
                hw_ref_price (after, account, id, qty, at, &y);
                changed = x.unit_price != y.unit_price || g_strcmp0 (x.currency, y.currency) != 0;
              }
          changes += changed;
        }

      *out_changes += changes;
      *out_accounts += changes > 0;
    }
}

static gboolean
has_default_catalogue (HwRulesData *d,
                       const char  *except)
{
  for (guint i = 0; i < d->catalogues->len; i++)
    {
      HwCatalogue *c = g_ptr_array_index (d->catalogues, i);

      if (c->is_default && g_strcmp0 (HW_ENTITY (c)->id, except) != 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_impact_agrees (void)
{
  static const char * const kinds[] = { "rule", "catalogue", "price", "agreement", "discount" };
  guint32 first = first_seed ();

  for (guint i = 0; i < n_worlds () / 2; i++)
    {
      g_autoptr(GRand) rand = NULL;
      g_autoptr(HwRules) rules = NULL;
      g_autoptr(HwImpact) impact = NULL;
      g_autoptr(GError) error = NULL;
      World w;
      HwRulesData after;
      GPtrArray **items_before, **items_after;
      guint kind;
      HwChangeOp op;
      gpointer record = NULL, old_record = NULL;
      HwRulesChange change;
      gint64 at, expected_changes, expected_accounts, engine_changes;

      world_init (&w, first + i);
      rand = g_rand_new_with_seed (first + i);
      rules = hw_rules_new_from_data (&w.data, &error);
      g_assert_no_error (error);
      after = w.data;
      at = moments[g_rand_int_range (rand, 0, G_N_ELEMENTS (moments))];

      kind = g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds));
      items_before = kind == 0 ? &w.data.visibility_rules : kind == 1 ? &w.data.catalogues
                     : kind == 2 ? &w.data.prices : kind == 3 ? &w.data.price_agreements
                     : &w.data.discount_rules;
      items_after = kind == 0 ? &after.visibility_rules : kind == 1 ? &after.catalogues
                    : kind == 2 ? &after.prices : kind == 3 ? &after.price_agreements
                    : &after.discount_rules;

      op = (*items_before)->len == 0 ? HW_CHANGE_CREATE : g_rand_int_range (rand, 0, 3);
      if (op != HW_CHANGE_CREATE)
        old_record = g_ptr_array_index (*items_before,
                                        g_rand_int_range (rand, 0, (*items_before)->len));

      if (op == HW_CHANGE_DELETE)
        record = hw_entity_copy (old_record);
      else
        {
          record = kind == 0 ? (gpointer) random_rule (rand, &w)
                   : kind == 1 ? (gpointer) random_catalogue (rand)
                   : kind == 2 ? (gpointer) random_price (rand)
                   : kind == 3 ? (gpointer) random_agreement (rand)
                   : (gpointer) random_discount (rand);
          HW_ENTITY (record)->id = op == HW_CHANGE_CREATE ? make_id (kinds[kind], 99)
                                                          : g_strdup (HW_ENTITY (old_record)->id);
          /* The store keeps one default catalogue. */
          if (kind == 1)
            ((HwCatalogue *) record)->is_default =
              !has_default_catalogue (&w.data, HW_ENTITY (record)->id) && g_rand_boolean (rand);
        }
      g_ptr_array_add (array (&w), record);

      *items_after = with_change (&w, *items_before,
                                  op != HW_CHANGE_CREATE ? HW_ENTITY (record)->id : NULL,
                                  op != HW_CHANGE_DELETE ? record : NULL);

      change.op = op;
      change.record = record;
      impact = hw_rules_impact (rules, &change, at, 3, &error);
      g_assert_no_error (error);
      g_assert_true (impact->complete);

      reference_impact (&w, &after, kind <= 1, old_record,
                        op != HW_CHANGE_DELETE ? record : NULL, at,
                        &expected_changes, &expected_accounts);
      engine_changes = kind <= 1 ? impact->visibility_changes : impact->price_changes;
      AGREE (&w, engine_changes == expected_changes && impact->accounts_affected == expected_accounts,
             "impact of %s %s %s at %" G_GINT64_FORMAT ": engine %" G_GINT64_FORMAT
             " changes in %" G_GINT64_FORMAT " accounts, reference %" G_GINT64_FORMAT " in %"
             G_GINT64_FORMAT, op == HW_CHANGE_CREATE ? "create" : op == HW_CHANGE_UPDATE ? "update" : "delete",
             kinds[kind], HW_ENTITY (record)->id, at, engine_changes, impact->accounts_affected,
             expected_changes, expected_accounts);
      /* Visibility examples: the first change of each affected account. */
      g_assert_cmpuint (impact->examples->len, ==,
                        MIN (3, kind <= 1 ? impact->accounts_affected : engine_changes));
      if (kind <= 1)
        g_assert_cmpint (impact->now_visible + impact->now_hidden, >=, impact->visibility_changes);

      /* The snapshot is untouched: the overlay wrote nothing. */
      check_world (&w, rules);
      world_clear (&w);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/property/engine-agrees", test_engine_agrees);
  g_test_add_func ("/rules/property/impact-agrees", test_impact_agrees);

  return g_test_run ();
}
