/* test-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-rules.h"

/* One example per rule of DESIGN.md §3, each with the explanation it must give. The
 * world is small and named, so every expectation can be checked by reading it. */

#define NOW G_GINT64_CONSTANT (1000000)

typedef struct
{
  GPtrArray   *owned;
  HwRulesData  data;
} World;

static GPtrArray *
owned_array (World *w)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (hw_entity_free);

  g_ptr_array_add (w->owned, items);
  return items;
}

static gpointer
named (gpointer    entity,
       const char *id)
{
  HW_ENTITY (entity)->id = g_strdup (id);
  return entity;
}

static HwCategory *
category (World      *w,
          const char *id,
          const char *parent)
{
  HwCategory *c = named (hw_category_new (), id);

  c->name = g_strdup (id);
  c->parent_id = g_strdup (parent);
  g_ptr_array_add (w->data.categories, c);
  return c;
}

static HwProduct *
product (World      *w,
         const char *id,
         const char *category_id,
         const char *brand,
         const char *status,
         gint64      base_price)
{
  HwProduct *p = named (hw_product_new (), id);

  p->sku = g_ascii_strup (id, -1);
  p->name = g_strdup_printf ("The %s", id + 2);
  p->unit = g_strdup ("piece");
  p->category_id = g_strdup (category_id);
  p->brand = g_strdup (brand);
  p->status = g_strdup (status);
  p->base_price = base_price;
  p->currency = g_strdup ("EUR");
  p->min_qty = 1;
  p->order_multiple = 1;
  p->max_qty = HW_NONE;
  g_ptr_array_add (w->data.products, p);
  return p;
}

static HwAccount *
account (World      *w,
         const char *id,
         const char *segment,
         const char *catalogue_id,
         const char *price_list_id)
{
  HwAccount *a = named (hw_account_new (), id);

  a->customer_number = g_strdup (id);
  a->name = g_strdup (id);
  a->segment = g_strdup (segment);
  a->catalogue_id = g_strdup (catalogue_id);
  a->price_list_id = g_strdup (price_list_id);
  a->currency = g_strdup ("EUR");
  a->status = g_strdup ("active");
  g_ptr_array_add (w->data.accounts, a);
  return a;
}

static HwUser *
user (World      *w,
      const char *id,
      const char *account_id,
      const char *role)
{
  HwUser *u = named (hw_user_new (), id);

  u->account_id = g_strdup (account_id);
  u->email = g_strdup_printf ("%s@example.com", id);
  u->name = g_strdup (id);
  u->role = g_strdup (role);
  u->show_prices = TRUE;
  u->can_order = TRUE;
  u->order_limit = HW_NONE;
  u->active = TRUE;
  g_ptr_array_add (w->data.users, u);
  return u;
}

static HwVisibilityRule *
rule (World      *w,
      const char *id,
      const char *scope,
      const char *scope_value,
      const char *target,
      const char *target_id,
      const char *effect,
      gint64      priority)
{
  HwVisibilityRule *r = named (hw_visibility_rule_new (), id);

  r->scope = g_strdup (scope);
  r->scope_value = g_strdup (scope_value);
  r->target = g_strdup (target);
  if (g_strcmp0 (target, "attribute") == 0)
    {
      g_auto(GStrv) parts = g_strsplit (target_id, "=", 2);

      r->attribute_code = g_strdup (parts[0]);
      r->attribute_value = g_strdup (parts[1]);
    }
  else
    r->target_id = g_strdup (target_id);
  r->effect = g_strdup (effect);
  r->priority = priority;
  r->valid_from = r->valid_to = HW_NONE;
  g_ptr_array_add (w->data.visibility_rules, r);
  return r;
}

static HwPrice *
price (World      *w,
       const char *id,
       const char *list,
       const char *product_id,
       gint64      min_qty,
       gint64      amount)
{
  HwPrice *p = named (hw_price_new (), id);

  p->price_list_id = g_strdup (list);
  p->product_id = g_strdup (product_id);
  p->valid_from = p->valid_to = HW_NONE;
  hw_price_add_tier (p, min_qty, amount);
  g_ptr_array_add (w->data.prices, p);
  return p;
}

static HwDiscountRule *
discount (World      *w,
          const char *id,
          const char *scope,
          const char *scope_value,
          const char *target,
          const char *target_value,
          gint64      bp)
{
  HwDiscountRule *d = named (hw_discount_rule_new (), id);

  d->name = g_strdup (id);
  d->scope = g_strdup (scope);
  d->scope_value = g_strdup (scope_value);
  d->target = g_strdup (target);
  d->target_value = g_strdup (target_value);
  d->discount_bp = bp;
  d->valid_from = d->valid_to = HW_NONE;
  g_ptr_array_add (w->data.discount_rules, d);
  return d;
}

static HwPriceList *
price_list (World      *w,
            const char *id,
            const char *currency,
            const char *segment,
            gboolean    is_default)
{
  HwPriceList *l = named (hw_price_list_new (), id);

  l->code = g_strdup (id);
  l->name = g_strdup (id);
  l->currency = g_strdup (currency);
  l->segment = g_strdup (segment);
  l->is_default = is_default;
  g_ptr_array_add (w->data.price_lists, l);
  return l;
}

/* The world of these examples:
 *   tools ─ drills ─ cordless          fasteners
 *   p-hammer (tools, acme), p-drill (drills, bolt), p-cordless (cordless, acme, color red),
 *   p-screw (fasteners, bolt), p-old (tools, discontinued), p-blocked (tools, blocked)
 *   cat-default: default, all, excludes fasteners
 *   cat-trade: none; includes tools, excludes drills, includes p-cordless
 *   acc-retail (segment retail, default catalogue): u-buyer (buyer), u-planner (planner)
 *   acc-trade (segment trade, cat-trade, list-trade): u-trade (account_admin) */
static void
world_init (World *w)
{
  HwAttribute *color;
  HwCatalogue *c;
  HwProduct *p;

  memset (w, 0, sizeof *w);
  w->owned = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  w->data.revision = 7;
  w->data.categories = owned_array (w);
  w->data.attributes = owned_array (w);
  w->data.products = owned_array (w);
  w->data.catalogues = owned_array (w);
  w->data.accounts = owned_array (w);
  w->data.users = owned_array (w);
  w->data.visibility_rules = owned_array (w);
  w->data.price_lists = owned_array (w);
  w->data.prices = owned_array (w);
  w->data.price_agreements = owned_array (w);
  w->data.discount_rules = owned_array (w);

  category (w, "tools", NULL);
  category (w, "drills", "tools");
  category (w, "cordless", "drills");
  category (w, "fasteners", NULL);

  color = named (hw_attribute_new (), "attr-color");
  color->code = g_strdup ("color");
  color->name = g_strdup ("Color");
  color->type = g_strdup ("text");
  g_ptr_array_add (w->data.attributes, color);

  product (w, "p-hammer", "tools", "acme", "active", 1000);
  product (w, "p-drill", "drills", "bolt", "active", 5000);
  p = product (w, "p-cordless", "cordless", "acme", "active", 9999);
  hw_product_add_attribute (p, "attr-color", "red");
  p = product (w, "p-screw", "fasteners", "bolt", "active", 3);
  p->min_qty = 10;
  p->order_multiple = 5;
  p->max_qty = 100;
  product (w, "p-old", "tools", NULL, "discontinued", 700);
  product (w, "p-blocked", "tools", NULL, "blocked", 700);

  c = named (hw_catalogue_new (), "cat-default");
  c->name = g_strdup ("Default");
  c->default_visibility = g_strdup ("all");
  c->is_default = TRUE;
  hw_catalogue_add_entry (c, "category", "fasteners", "exclude");
  g_ptr_array_add (w->data.catalogues, c);

  c = named (hw_catalogue_new (), "cat-trade");
  c->name = g_strdup ("Trade");
  c->default_visibility = g_strdup ("none");
  hw_catalogue_add_entry (c, "category", "tools", "include");
  hw_catalogue_add_entry (c, "category", "drills", "exclude");
  hw_catalogue_add_entry (c, "product", "p-cordless", "include");
  g_ptr_array_add (w->data.catalogues, c);

  price_list (w, "list-default", "EUR", NULL, TRUE);
  price_list (w, "list-trade", "EUR", NULL, FALSE);
  price_list (w, "list-retail", "EUR", "retail", FALSE);

  account (w, "acc-retail", "retail", NULL, NULL);
  account (w, "acc-trade", "trade", "cat-trade", "list-trade");
  user (w, "u-buyer", "acc-retail", "buyer");
  user (w, "u-planner", "acc-retail", "planner");
  user (w, "u-trade", "acc-trade", "account_admin");
}

static void
world_clear (World *w)
{
  g_ptr_array_unref (w->owned);
}

static HwRules *
build (World *w)
{
  g_autoptr(GError) error = NULL;
  HwRules *rules = hw_rules_new_from_data (&w->data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  return rules;
}

/* Visible or not, and the decisive step of the explanation. */
static gboolean
visible (HwRules           *rules,
         const char        *user_id,
         const char        *product_id,
         gint64             at,
         HwExplanation    **out_explanation)
{
  g_autoptr(GError) error = NULL;
  gboolean result = FALSE;

  g_assert_true (hw_rules_visible (rules, user_id, product_id, at, &result, out_explanation, &error));
  g_assert_no_error (error);
  return result;
}

static void
assert_decisive (HwExplanation *explanation,
                 const char    *step,
                 const char    *id,
                 const char    *outcome)
{
  const HwRulesStep *decisive = hw_explanation_get_decisive (explanation);
  guint n_decisive = 0;

  g_assert_nonnull (decisive);
  g_assert_cmpstr (decisive->step, ==, step);
  g_assert_cmpstr (decisive->id, ==, id);
  g_assert_cmpstr (decisive->outcome, ==, outcome);
  for (guint i = 0; i < explanation->steps->len; i++)
    n_decisive += ((HwRulesStep *) g_ptr_array_index (explanation->steps, i))->decisive;
  g_assert_cmpuint (n_decisive, ==, 1);
}

static gboolean
has_step (HwExplanation *explanation,
          const char    *step,
          const char    *id)
{
  for (guint i = 0; i < explanation->steps->len; i++)
    {
      HwRulesStep *s = g_ptr_array_index (explanation->steps, i);

      if (g_strcmp0 (s->step, step) == 0 && g_strcmp0 (s->id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_blocked_never_visible (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;

  world_init (&w);
  /* Even a user rule showing it does not help. */
  rule (&w, "r-show-blocked", "user", "u-buyer", "product", "p-blocked", "show", 9);
  rules = build (&w);

  g_assert_false (visible (rules, "u-buyer", "p-blocked", NOW, &explanation));
  assert_decisive (explanation, "status", "p-blocked", "hide");
  g_assert_cmpuint (explanation->steps->len, ==, 1);

  world_clear (&w);
}

static void
test_discontinued_visible_not_orderable (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;
  HwOrderable orderable;

  world_init (&w);
  rules = build (&w);

  g_assert_true (visible (rules, "u-buyer", "p-old", NOW, NULL));
  g_assert_true (hw_rules_orderable (rules, "u-buyer", "p-old", 1, NOW, &orderable, &explanation, &error));
  g_assert_cmpint (orderable, ==, HW_ORDERABLE_DISCONTINUED);
  assert_decisive (explanation, "status", "p-old", "fails");

  world_clear (&w);
}

static void
test_catalogue_most_specific (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;

  world_init (&w);
  rules = build (&w);

  /* The product entry beats the category entries above it. */
  g_assert_true (visible (rules, "u-trade", "p-cordless", NOW, &explanation));
  assert_decisive (explanation, "catalogue_entry", "p-cordless", "include");
  g_assert_true (has_step (explanation, "catalogue", "cat-trade"));
  g_clear_pointer (&explanation, hw_explanation_free);

  /* The nearest category walking up: drills (exclude) before tools (include). */
  g_assert_false (visible (rules, "u-trade", "p-drill", NOW, &explanation));
  assert_decisive (explanation, "catalogue_entry", "drills", "exclude");
  g_clear_pointer (&explanation, hw_explanation_free);

  g_assert_true (visible (rules, "u-trade", "p-hammer", NOW, &explanation));
  assert_decisive (explanation, "catalogue_entry", "tools", "include");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* No entry: the catalogue's default (none). */
  g_assert_false (visible (rules, "u-trade", "p-screw", NOW, &explanation));
  assert_decisive (explanation, "catalogue_default", "cat-trade", "exclude");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* An account without a catalogue gets the default catalogue. */
  g_assert_false (visible (rules, "u-buyer", "p-screw", NOW, &explanation));
  assert_decisive (explanation, "catalogue_entry", "fasteners", "exclude");
  g_assert_true (has_step (explanation, "catalogue", "cat-default"));
  g_clear_pointer (&explanation, hw_explanation_free);

  g_assert_true (visible (rules, "u-buyer", "p-drill", NOW, &explanation));
  assert_decisive (explanation, "catalogue_default", "cat-default", "include");
  g_clear_pointer (&explanation, hw_explanation_free);

  world_clear (&w);
}

static void
test_no_catalogue_at_all (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;

  world_init (&w);
  g_ptr_array_set_size (w.data.catalogues, 0);
  g_clear_pointer (&((HwAccount *) g_ptr_array_index (w.data.accounts, 1))->catalogue_id, g_free);
  rules = build (&w);

  g_assert_true (visible (rules, "u-trade", "p-screw", NOW, &explanation));
  assert_decisive (explanation, "catalogue_default", NULL, "include");

  world_clear (&w);
}

static void
test_rule_scope_specificity (void)
{
  static const struct { const char *scope, *value; } scopes[] = {
    { "all", NULL }, { "segment", "retail" }, { "role", "buyer" }, { "account", "acc-retail" },
    { "user", "u-buyer" },
  };
  World w;
  g_autoptr(HwRules) rules = NULL;

  /* Each more specific scope overrides the one before, whatever the priorities. */
  for (guint n = 1; n <= G_N_ELEMENTS (scopes); n++)
    {
      g_autoptr(HwExplanation) explanation = NULL;
      g_autofree char *decisive = g_strdup_printf ("r-%s", scopes[n - 1].scope);

      world_init (&w);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("r-%s", scopes[i].scope);

          rule (&w, id, scopes[i].scope, scopes[i].value, "product", "p-hammer",
                i % 2 == 0 ? "hide" : "show", 10 - i);
        }
      rules = build (&w);

      g_assert_cmpint (visible (rules, "u-buyer", "p-hammer", NOW, &explanation), ==, (n - 1) % 2 == 1);
      assert_decisive (explanation, "visibility_rule", decisive, (n - 1) % 2 ? "show" : "hide");
      /* Every applicable rule is listed. */
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_strdup_printf ("r-%s", scopes[i].scope);

          g_assert_true (has_step (explanation, "visibility_rule", id));
        }

      /* Another user of the account is in neither the user nor the role scope: from four
       * scopes on the account rule (show) decides for them. */
      if (n >= 4)
        g_assert_true (visible (rules, "u-planner", "p-hammer", NOW, NULL));
      else if (n == 3)
        g_assert_true (visible (rules, "u-planner", "p-hammer", NOW, NULL));

      g_clear_pointer (&rules, hw_rules_unref);
      world_clear (&w);
    }
}

static void
test_rule_priority_and_ties (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;

  world_init (&w);
  rule (&w, "r-low", "all", NULL, "category", "tools", "hide", 1);
  rule (&w, "r-high", "all", NULL, "product", "p-hammer", "show", 5);
  /* Equal scope and priority: hide wins over show. */
  rule (&w, "r-tie-show", "segment", "retail", "product", "p-drill", "show", 3);
  rule (&w, "r-tie-hide", "segment", "retail", "category", "drills", "hide", 3);
  /* Equal everything: the smallest id is named. */
  rule (&w, "r-b", "all", NULL, "product", "p-cordless", "hide", 2);
  rule (&w, "r-a", "all", NULL, "product", "p-cordless", "hide", 2);
  rules = build (&w);

  g_assert_true (visible (rules, "u-buyer", "p-hammer", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-high", "show");
  g_assert_true (has_step (explanation, "visibility_rule", "r-low"));
  g_clear_pointer (&explanation, hw_explanation_free);

  g_assert_false (visible (rules, "u-buyer", "p-drill", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-tie-hide", "hide");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* The trade account is not in segment retail: only the all rule on tools applies. */
  g_assert_false (visible (rules, "u-trade", "p-drill", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-low", "hide");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* (For u-buyer the segment rule on drills decides p-cordless; u-trade is not in it.) */
  g_assert_false (visible (rules, "u-trade", "p-cordless", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-a", "hide");
  g_clear_pointer (&explanation, hw_explanation_free);

  world_clear (&w);
}

static void
test_rule_attribute_targets (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;

  world_init (&w);
  rule (&w, "r-brand", "account", "acc-trade", "attribute", "brand=acme", "hide", 0);
  rule (&w, "r-red", "account", "acc-trade", "attribute", "color=red", "show", 1);
  rules = build (&w);

  /* Brand acme hidden for the trade account... */
  g_assert_false (visible (rules, "u-trade", "p-hammer", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-brand", "hide");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* ...but red products shown at a higher priority. */
  g_assert_true (visible (rules, "u-trade", "p-cordless", NOW, &explanation));
  assert_decisive (explanation, "visibility_rule", "r-red", "show");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* Not for the retail account. */
  g_assert_true (visible (rules, "u-buyer", "p-hammer", NOW, NULL));

  world_clear (&w);
}

static void
test_rule_validity_window (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwVisibilityRule *r;

  world_init (&w);
  r = rule (&w, "r-window", "all", NULL, "product", "p-hammer", "hide", 0);
  r->valid_from = 100;
  r->valid_to = 200;
  rules = build (&w);

  /* [valid_from, valid_to): the start counts, the end does not. */
  g_assert_true (visible (rules, "u-buyer", "p-hammer", 99, NULL));
  g_assert_false (visible (rules, "u-buyer", "p-hammer", 100, NULL));
  g_assert_false (visible (rules, "u-buyer", "p-hammer", 199, NULL));
  g_assert_true (visible (rules, "u-buyer", "p-hammer", 200, NULL));

  world_clear (&w);
}

static HwPriceResult
price_of (HwRules        *rules,
          const char     *account_id,
          const char     *product_id,
          gint64          qty,
          HwExplanation **out_explanation)
{
  g_autoptr(GError) error = NULL;
  HwPriceResult result;

  g_assert_true (hw_rules_price (rules, account_id, product_id, qty, NOW, &result,
                                 out_explanation, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_price_agreement (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;
  HwPriceAgreement *a;
  HwPriceResult result;

  world_init (&w);
  a = named (hw_price_agreement_new (), "agr-drill");
  a->account_id = g_strdup ("acc-trade");
  a->product_id = g_strdup ("p-drill");
  a->currency = g_strdup ("EUR");
  a->valid_from = a->valid_to = HW_NONE;
  hw_price_agreement_add_tier (a, 1, 4000);
  hw_price_agreement_add_tier (a, 10, 3500);
  g_ptr_array_add (w.data.price_agreements, a);
  price (&w, "price-drill", "list-trade", "p-drill", 1, 4500);
  discount (&w, "d-trade", "account", "acc-trade", "product", "p-drill", 1000);
  rules = build (&w);

  /* The tier with the largest min_qty ≤ Q; net, no discount on top. */
  result = price_of (rules, "acc-trade", "p-drill", 9, &explanation);
  g_assert_cmpint (result.unit_price, ==, 4000);
  g_assert_cmpint (result.source, ==, HW_PRICE_SOURCE_AGREEMENT);
  g_assert_cmpstr (result.source_id, ==, "agr-drill");
  g_assert_null (result.discount_rule_id);
  assert_decisive (explanation, "price_agreement", "agr-drill", "applies");
  g_clear_pointer (&explanation, hw_explanation_free);

  result = price_of (rules, "acc-trade", "p-drill", 10, NULL);
  g_assert_cmpint (result.unit_price, ==, 3500);
  g_assert_cmpint (result.tier_min_qty, ==, 10);

  world_clear (&w);
}

static void
test_price_list_chain (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;
  HwPriceResult result;
  HwPrice *p;

  world_init (&w);
  price (&w, "pr-trade", "list-trade", "p-hammer", 1, 900);
  p = price (&w, "pr-trade-tiers", "list-trade", "p-drill", 1, 4800);
  hw_price_add_tier (p, 5, 4600);
  hw_price_add_tier (p, 20, 4200);
  price (&w, "pr-retail", "list-retail", "p-hammer", 1, 950);
  price (&w, "pr-default", "list-default", "p-hammer", 1, 990);
  price (&w, "pr-default-cordless", "list-default", "p-cordless", 1, 9500);
  rules = build (&w);

  /* The account's own list. */
  result = price_of (rules, "acc-trade", "p-hammer", 1, &explanation);
  g_assert_cmpint (result.unit_price, ==, 900);
  g_assert_cmpint (result.source, ==, HW_PRICE_SOURCE_ACCOUNT_LIST);
  assert_decisive (explanation, "price", "pr-trade", "applies");
  g_clear_pointer (&explanation, hw_explanation_free);

  /* Tiers: the largest min_qty ≤ Q. */
  g_assert_cmpint (price_of (rules, "acc-trade", "p-drill", 4, NULL).unit_price, ==, 4800);
  g_assert_cmpint (price_of (rules, "acc-trade", "p-drill", 5, NULL).unit_price, ==, 4600);
  g_assert_cmpint (price_of (rules, "acc-trade", "p-drill", 19, NULL).unit_price, ==, 4600);
  g_assert_cmpint (price_of (rules, "acc-trade", "p-drill", 20, NULL).unit_price, ==, 4200);

  /* No list of its own: the segment's list. */
  result = price_of (rules, "acc-retail", "p-hammer", 1, NULL);
  g_assert_cmpint (result.unit_price, ==, 950);
  g_assert_cmpint (result.source, ==, HW_PRICE_SOURCE_SEGMENT_LIST);

  /* Nothing in the account's list for this product: on to the default list. */
  result = price_of (rules, "acc-trade", "p-cordless", 1, &explanation);
  g_assert_cmpint (result.unit_price, ==, 9500);
  g_assert_cmpint (result.source, ==, HW_PRICE_SOURCE_DEFAULT_LIST);
  g_assert_cmpstr (result.price_list_id, ==, "list-default");
  g_assert_true (has_step (explanation, "price", "list-trade"));
  g_clear_pointer (&explanation, hw_explanation_free);

  /* In no list: the base price. */
  result = price_of (rules, "acc-trade", "p-screw", 10, &explanation);
  g_assert_cmpint (result.unit_price, ==, 3);
  g_assert_cmpint (result.source, ==, HW_PRICE_SOURCE_BASE_PRICE);
  assert_decisive (explanation, "base_price", "p-screw", "applies");
  g_clear_pointer (&explanation, hw_explanation_free);

  world_clear (&w);
}

static void
test_price_currency_mismatch (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;
  HwPriceResult result;

  world_init (&w);
  g_free (((HwPriceList *) g_ptr_array_index (w.data.price_lists, 1))->currency);
  ((HwPriceList *) g_ptr_array_index (w.data.price_lists, 1))->currency = g_strdup ("USD");
  price (&w, "pr-usd", "list-trade", "p-hammer", 1, 800);
  price (&w, "pr-default", "list-default", "p-hammer", 1, 990);
  rules = build (&w);

  /* The list in USD is skipped for the EUR account. */
  result = price_of (rules, "acc-trade", "p-hammer", 1, &explanation);
  g_assert_cmpint (result.unit_price, ==, 990);
  g_assert_cmpstr (result.currency, ==, "EUR");
  g_assert_true (has_step (explanation, "price", "list-trade"));

  world_clear (&w);
}

static void
test_price_discounts (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  HwExplanation *explanation = NULL;
  HwPriceResult result;

  world_init (&w);
  discount (&w, "d-brand", "account", "acc-retail", "brand", "acme", 5000);
  discount (&w, "d-tools", "account", "acc-retail", "category", "tools", 2000);
  discount (&w, "d-drills", "segment", "retail", "category", "drills", 1000);
  discount (&w, "d-drills-big", "segment", "retail", "category", "drills", 1500);
  discount (&w, "d-drills-acc", "account", "acc-retail", "category", "drills", 500);
  discount (&w, "d-product", "segment", "retail", "product", "p-hammer", 100);
  rules = build (&w);

  /* Product beats category and brand, whatever the size. */
  result = price_of (rules, "acc-retail", "p-hammer", 1, &explanation);
  g_assert_cmpstr (result.discount_rule_id, ==, "d-product");
  g_assert_cmpint (result.unit_price, ==, 990);
  g_assert_true (has_step (explanation, "discount_rule", "d-product"));
  g_clear_pointer (&explanation, hw_explanation_free);

  /* The nearest category (drills over tools); account scope before segment scope. */
  result = price_of (rules, "acc-retail", "p-cordless", 1, NULL);
  g_assert_cmpstr (result.discount_rule_id, ==, "d-drills-acc");
  /* 9999 less 5 % is 9499.05: rounds to 9499. */
  g_assert_cmpint (result.unit_price, ==, 9499);
  g_assert_cmpint (result.list_price, ==, 9999);

  /* The trade account has none of these. */
  g_assert_null (price_of (rules, "acc-trade", "p-cordless", 1, NULL).discount_rule_id);

  world_clear (&w);
}

static void
test_price_rounding (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;

  world_init (&w);
  /* 1000 × 0.8766 = 876.6 → 877; 3 × 0.5 = 1.5 → 2 (half away from zero). */
  discount (&w, "d-hammer", "account", "acc-retail", "product", "p-hammer", 1234);
  discount (&w, "d-half", "account", "acc-retail", "product", "p-screw", 5000);
  discount (&w, "d-hammer-half", "account", "acc-trade", "product", "p-hammer", 1235);
  rules = build (&w);

  g_assert_cmpint (price_of (rules, "acc-retail", "p-hammer", 1, NULL).unit_price, ==, 877);
  g_assert_cmpint (price_of (rules, "acc-retail", "p-screw", 10, NULL).unit_price, ==, 2);
  /* 1000 × 0.8765 = 876.5 → 877. */
  g_assert_cmpint (price_of (rules, "acc-trade", "p-hammer", 1, NULL).unit_price, ==, 877);

  world_clear (&w);
}

static HwOrderable
orderable (HwRules    *rules,
           const char *user_id,
           const char *product_id,
           gint64      qty)
{
  g_autoptr(GError) error = NULL;
  HwOrderable result;

  g_assert_true (hw_rules_orderable (rules, user_id, product_id, qty, NOW, &result, NULL, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_conditions (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;
  g_autoptr(GError) error = NULL;
  HwOrderable result;
  HwUser *u;
  gboolean needs = FALSE;

  world_init (&w);
  /* p-screw is in the trade catalogue for this test. */
  rule (&w, "r-screw", "account", "acc-trade", "product", "p-screw", "show", 0);
  ((HwUser *) g_ptr_array_index (w.data.users, 1))->can_order = FALSE;
  ((HwUser *) g_ptr_array_index (w.data.users, 2))->order_limit = 10000;
  u = user (&w, "u-gone", "acc-trade", "buyer");
  u->active = FALSE;
  rules = build (&w);

  g_assert_cmpint (orderable (rules, "u-trade", "p-screw", 15), ==, HW_ORDERABLE_OK);
  g_assert_cmpint (orderable (rules, "u-trade", "p-screw", 5), ==, HW_ORDERABLE_BELOW_MINIMUM);
  g_assert_cmpint (orderable (rules, "u-trade", "p-screw", 12), ==, HW_ORDERABLE_NOT_MULTIPLE);
  g_assert_cmpint (orderable (rules, "u-trade", "p-screw", 100), ==, HW_ORDERABLE_OK);
  g_assert_cmpint (orderable (rules, "u-trade", "p-screw", 105), ==, HW_ORDERABLE_ABOVE_MAXIMUM);
  g_assert_cmpint (orderable (rules, "u-trade", "p-drill", 1), ==, HW_ORDERABLE_NOT_VISIBLE);
  g_assert_cmpint (orderable (rules, "u-planner", "p-hammer", 1), ==, HW_ORDERABLE_CANNOT_ORDER);
  g_assert_cmpint (orderable (rules, "u-gone", "p-hammer", 1), ==, HW_ORDERABLE_USER_INACTIVE);

  g_assert_true (hw_rules_orderable (rules, "u-trade", "p-screw", 12, NOW, &result, &explanation, &error));
  assert_decisive (explanation, "order_multiple", "p-screw", "fails");
  g_assert_cmpstr (hw_orderable_to_string (result), ==, "not_multiple");

  /* Strictly over the limit needs approval; no limit never does. */
  g_assert_true (hw_rules_needs_approval (rules, "u-trade", 10000, &needs, &error));
  g_assert_false (needs);
  g_assert_true (hw_rules_needs_approval (rules, "u-trade", 10001, &needs, &error));
  g_assert_true (needs);
  g_assert_true (hw_rules_needs_approval (rules, "u-buyer", G_MAXINT64, &needs, &error));
  g_assert_false (needs);

  world_clear (&w);
}

static void
test_account_blocked (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;

  world_init (&w);
  g_free (((HwAccount *) g_ptr_array_index (w.data.accounts, 0))->status);
  ((HwAccount *) g_ptr_array_index (w.data.accounts, 0))->status = g_strdup ("blocked");
  rules = build (&w);

  /* Visibility is about the assortment; ordering is refused. */
  g_assert_true (visible (rules, "u-buyer", "p-hammer", NOW, NULL));
  g_assert_cmpint (orderable (rules, "u-buyer", "p-hammer", 1), ==, HW_ORDERABLE_ACCOUNT_BLOCKED);

  world_clear (&w);
}

static void
test_unknown_and_invalid (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(GError) error = NULL;
  HwPriceResult result;
  gboolean flag;

  world_init (&w);
  rules = build (&w);

  g_assert_false (hw_rules_visible (rules, "u-nobody", "p-hammer", NOW, &flag, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hw_rules_visible (rules, "u-buyer", "p-nothing", NOW, &flag, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hw_rules_price (rules, "acc-nobody", "p-hammer", 1, NOW, &result, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hw_rules_price (rules, "acc-retail", "p-hammer", 0, NOW, &result, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (hw_rules_get_user_account (rules, "u-nobody"));
  g_assert_cmpstr (hw_rules_get_user_account (rules, "u-trade"), ==, "acc-trade");

  world_clear (&w);
}

static GPtrArray *
all_pages (HwRules        *rules,
           const char     *user_id,
           HwVisibleQuery *query,
           gint64         *out_total)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;

  do
    {
      g_autoptr(HwVisiblePage) page = NULL;
      g_autoptr(GError) error = NULL;

      query->after = after;
      page = hw_rules_visible_page (rules, user_id, NOW, query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->ids->len, <=, query->limit);
      for (guint i = 0; i < page->ids->len; i++)
        g_ptr_array_add (ids, g_strdup (g_ptr_array_index (page->ids, i)));
      *out_total = page->total;
      g_free (after);
      after = g_strdup (page->next_after);
    }
  while (after != NULL);

  return ids;
}

static void
test_visible_page (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  HwVisibleQuery query = { NULL, NULL, NULL, 2 };
  g_autoptr(HwVisiblePage) count = NULL;
  gint64 total = 0;

  world_init (&w);
  rules = build (&w);

  /* u-buyer: the default catalogue without fasteners and the blocked product, in
   * catalogue order (tools depth first: tools, drills, cordless). */
  ids = all_pages (rules, "u-buyer", &query, &total);
  g_assert_cmpint (total, ==, 4);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "p-hammer");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "p-old");
  g_assert_cmpstr (g_ptr_array_index (ids, 2), ==, "p-drill");
  g_assert_cmpstr (g_ptr_array_index (ids, 3), ==, "p-cordless");
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* The category filter takes the subtree. */
  query.category_id = "drills";
  ids = all_pages (rules, "u-buyer", &query, &total);
  g_assert_cmpint (total, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "p-drill");
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Search: words start words of the name, brand, or the SKU. */
  query.category_id = NULL;
  query.search = "ACME";
  ids = all_pages (rules, "u-buyer", &query, &total);
  g_assert_cmpint (total, ==, 2);
  g_clear_pointer (&ids, g_ptr_array_unref);
  query.search = "the dri";
  ids = all_pages (rules, "u-buyer", &query, &total);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "p-drill");
  g_clear_pointer (&ids, g_ptr_array_unref);
  query.search = "P-HAM";
  ids = all_pages (rules, "u-buyer", &query, &total);
  g_assert_cmpint (total, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A count only. */
  query.search = NULL;
  query.limit = 0;
  count = hw_rules_visible_page (rules, "u-trade", NOW, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count->total, ==, 3);   /* p-hammer, p-old, p-cordless */
  g_assert_cmpuint (count->ids->len, ==, 0);

  query.after = "p-gone";
  g_assert_null (hw_rules_visible_page (rules, "u-trade", NOW, &query, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  query.after = NULL;
  query.category_id = "nowhere";
  g_assert_null (hw_rules_visible_page (rules, "u-trade", NOW, &query, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);

  world_clear (&w);
}

static void
test_explanation_json (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) explanation = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *steps;
  guint decisive = 0;

  world_init (&w);
  rule (&w, "r-hide", "account", "acc-trade", "product", "p-hammer", "hide", 0);
  rules = build (&w);

  g_assert_false (visible (rules, "u-trade", "p-hammer", NOW, &explanation));
  node = hw_explanation_to_json (explanation);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "question"), ==, "visibility");
  steps = json_object_get_array_member (root, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, explanation->steps->len);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      g_assert_true (json_object_has_member (step, "detail"));
      g_assert_true (json_object_has_member (step, "entity"));
      if (json_object_get_boolean_member (step, "decisive"))
        {
          decisive++;
          g_assert_cmpstr (json_object_get_string_member (step, "id"), ==, "r-hide");
          g_assert_cmpstr (json_object_get_string_member (step, "entity"), ==, "visibility_rule");
        }
    }
  g_assert_cmpuint (decisive, ==, 1);

  world_clear (&w);
}

static void
test_impact_example (void)
{
  World w;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwImpact) impact = NULL;
  g_autoptr(HwVisibilityRule) proposed = NULL;
  g_autoptr(HwDiscountRule) proposed_discount = NULL;
  g_autoptr(HwProduct) bogus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  HwRulesChange change = { HW_CHANGE_CREATE, NULL };
  HwImpactExample *example;

  world_init (&w);
  price (&w, "pr-default", "list-default", "p-hammer", 1, 990);
  rules = build (&w);

  /* Hiding tools for segment retail: acc-retail loses p-hammer, p-old, p-drill, p-cordless. */
  proposed = named (hw_visibility_rule_new (), "r-new");
  proposed->scope = g_strdup ("segment");
  proposed->scope_value = g_strdup ("retail");
  proposed->target = g_strdup ("category");
  proposed->target_id = g_strdup ("tools");
  proposed->effect = g_strdup ("hide");
  proposed->valid_from = proposed->valid_to = HW_NONE;
  change.record = proposed;
  impact = hw_rules_impact (rules, &change, NOW, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (impact->visibility_changes, ==, 4);
  g_assert_cmpint (impact->now_hidden, ==, 4);
  g_assert_cmpint (impact->now_visible, ==, 0);
  g_assert_cmpint (impact->accounts_affected, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (impact->accounts, 0), ==, "acc-retail");
  g_assert_true (impact->complete);
  example = g_ptr_array_index (impact->examples, 0);
  g_assert_cmpstr (example->account_id, ==, "acc-retail");
  g_assert_true (example->visible_before);
  g_assert_false (example->visible_after);
  json = hw_impact_to_json (impact);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (json), "visibility_changes"), ==, 4);
  g_clear_pointer (&impact, hw_impact_free);

  /* Nothing was written: the snapshot answers as before. */
  g_assert_true (visible (rules, "u-buyer", "p-hammer", NOW, NULL));

  /* A 10 % discount on tools for acc-trade changes the prices of the tools products. */
  proposed_discount = named (hw_discount_rule_new (), "d-new");
  proposed_discount->name = g_strdup ("new");
  proposed_discount->scope = g_strdup ("account");
  proposed_discount->scope_value = g_strdup ("acc-trade");
  proposed_discount->target = g_strdup ("category");
  proposed_discount->target_value = g_strdup ("drills");
  proposed_discount->discount_bp = 1000;
  proposed_discount->valid_from = proposed_discount->valid_to = HW_NONE;
  change.record = proposed_discount;
  impact = hw_rules_impact (rules, &change, NOW, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (impact->price_changes, ==, 2);  /* p-drill, p-cordless */
  g_assert_cmpint (impact->accounts_affected, ==, 1);
  example = g_ptr_array_index (impact->examples, 0);
  g_assert_cmpint (example->price_after, ==, example->price_before - example->price_before / 10);
  g_clear_pointer (&impact, hw_impact_free);

  /* Errors: an update of nothing, a type without impact, a reference to nothing. */
  change.op = HW_CHANGE_UPDATE;
  g_assert_null (hw_rules_impact (rules, &change, NOW, 10, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bogus = named (hw_product_new (), "p-hammer");
  change.record = bogus;
  g_assert_null (hw_rules_impact (rules, &change, NOW, 10, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  change.op = HW_CHANGE_CREATE;
  g_clear_pointer (&HW_ENTITY (proposed)->id, g_free);
  change.record = proposed;
  g_assert_null (hw_rules_impact (rules, &change, NOW, 10, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "id");
  g_clear_error (&error);
  HW_ENTITY (proposed)->id = g_strdup ("r-new");
  g_free (proposed->target_id);
  proposed->target_id = g_strdup ("no-such-category");
  change.record = proposed;
  g_assert_null (hw_rules_impact (rules, &change, NOW, 10, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "target_id");

  world_clear (&w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/visibility/blocked", test_blocked_never_visible);
  g_test_add_func ("/rules/visibility/discontinued", test_discontinued_visible_not_orderable);
  g_test_add_func ("/rules/visibility/catalogue", test_catalogue_most_specific);
  g_test_add_func ("/rules/visibility/no-catalogue", test_no_catalogue_at_all);
  g_test_add_func ("/rules/visibility/scope", test_rule_scope_specificity);
  g_test_add_func ("/rules/visibility/priority-and-ties", test_rule_priority_and_ties);
  g_test_add_func ("/rules/visibility/attribute", test_rule_attribute_targets);
  g_test_add_func ("/rules/visibility/window", test_rule_validity_window);
  g_test_add_func ("/rules/price/agreement", test_price_agreement);
  g_test_add_func ("/rules/price/list-chain", test_price_list_chain);
  g_test_add_func ("/rules/price/currency", test_price_currency_mismatch);
  g_test_add_func ("/rules/price/discounts", test_price_discounts);
  g_test_add_func ("/rules/price/rounding", test_price_rounding);
  g_test_add_func ("/rules/conditions/order-line", test_conditions);
  g_test_add_func ("/rules/conditions/account-blocked", test_account_blocked);
  g_test_add_func ("/rules/errors", test_unknown_and_invalid);
  g_test_add_func ("/rules/visible-page", test_visible_page);
  g_test_add_func ("/rules/explanation-json", test_explanation_json);
  g_test_add_func ("/rules/impact", test_impact_example);

  return g_test_run ();
}
