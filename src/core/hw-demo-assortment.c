/* hw-demo-assortment.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hw-demo-private.h"

/* Stages: catalogues, price lists and prices, and the rules and agreements that
 * decide what an account or user sees and pays. */

/* Stage: catalogues */

static void
add_category_entry (Demo        *demo,
                    HwCatalogue *catalogue,
                    const char  *category,
                    const char  *effect)
{
  hw_catalogue_add_entry (catalogue, "category",
                          demo->category_ids[_hw_demo_find_category (category)], effect);
}

/* Adds up to @count products of the leaf category @category as single-product entries. */
static void
add_product_entries (Demo        *demo,
                     HwCatalogue *catalogue,
                     const char  *category,
                     guint        count,
                     const char  *effect)
{
  guint cat = _hw_demo_find_category (category);

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const LeafInfo *leaf = &demo->leaves[l];

      if (leaf->category != cat)
        continue;

      for (guint c = 0; c < MIN (count, leaf->count); c++)
        {
          char id[37];
          gboolean seen = FALSE;

          _hw_demo_product_id (demo, leaf->first + _hw_demo_rand_below (demo, leaf->count), id);
          for (guint e = 0; e < catalogue->entries->len; e++)
            {
              HwCatalogueEntry *entry = g_ptr_array_index (catalogue->entries, e);
              seen |= strcmp (entry->target_id, id) == 0;
            }
          if (!seen)
            hw_catalogue_add_entry (catalogue, "product", id, effect);
        }
    }
}

gboolean
_hw_demo_stage_catalogues (Demo    *demo,
                           GError **error)
{
  static const char * const names[N_CATALOGUES] = {
    [CAT_FULL] = "Full assortment",
    [CAT_RETAIL] = "Retail assortment",
    [CAT_PUBLIC] = "Public sector framework",
    [CAT_INDUSTRY] = "Industry MRO",
    [CAT_PARTNERS] = "Partner assortment",
  };

  if (!_hw_demo_report (demo, 0, N_CATALOGUES, TRUE, error))
    return FALSE;

  for (guint c = 0; c < N_CATALOGUES; c++)
    {
      g_autoptr(HwCatalogue) catalogue = hw_catalogue_new ();

      _hw_demo_rand_id (demo, demo->catalogue_ids[c]);
      _hw_demo_set_id (catalogue, demo->catalogue_ids[c]);
      catalogue->name = g_strdup (names[c]);
      catalogue->is_default = c == CAT_FULL;

      switch ((CatalogueId) c)
        {
        case CAT_FULL:
          catalogue->default_visibility = g_strdup ("all");
          break;

        case CAT_RETAIL:
          /* Retail sees a curated range: whole subtrees in, a few exceptions out and in. */
          catalogue->default_visibility = g_strdup ("none");
          add_category_entry (demo, catalogue, "Hand tools", "include");
          add_category_entry (demo, catalogue, "Fasteners & fixings", "include");
          add_category_entry (demo, catalogue, "Safety & workwear", "include");
          add_category_entry (demo, catalogue, "Adhesives & sealants", "include");
          add_category_entry (demo, catalogue, "Lubricants & cleaners", "include");
          add_category_entry (demo, catalogue, "Cordless drill drivers", "include");
          add_category_entry (demo, catalogue, "Battery packs", "include");
          add_category_entry (demo, catalogue, "Chargers", "include");
          add_category_entry (demo, catalogue, "LED lamps", "include");
          add_category_entry (demo, catalogue, "Switches & sockets", "include");
          add_category_entry (demo, catalogue, "Threaded rods DIN 976", "exclude");
          add_category_entry (demo, catalogue, "Chemical anchors", "exclude");
          add_category_entry (demo, catalogue, "Fall protection", "exclude");
          add_product_entries (demo, catalogue, "Chemical anchors", 2, "include");
          add_product_entries (demo, catalogue, "Cable cutters", 2, "exclude");
          add_product_entries (demo, catalogue, "Laser distance meters", 3, "include");
          break;

        case CAT_PUBLIC:
          catalogue->default_visibility = g_strdup ("none");
          add_category_entry (demo, catalogue, "Safety & workwear", "include");
          add_category_entry (demo, catalogue, "Lighting", "include");
          add_category_entry (demo, catalogue, "Hand tools", "include");
          add_category_entry (demo, catalogue, "Consumables & site equipment", "include");
          add_category_entry (demo, catalogue, "Switches & sockets", "include");
          add_category_entry (demo, catalogue, "Fall protection", "exclude");
          add_category_entry (demo, catalogue, "Site boxes", "exclude");
          add_product_entries (demo, catalogue, "Cordless drill drivers", 3, "include");
          break;

        case CAT_INDUSTRY:
          catalogue->default_visibility = g_strdup ("all");
          add_category_entry (demo, catalogue, "Plumbing & sanitary", "exclude");
          add_category_entry (demo, catalogue, "Heating", "exclude");
          add_category_entry (demo, catalogue, "Valves", "include");
          add_category_entry (demo, catalogue, "Pipes & fittings", "include");
          add_product_entries (demo, catalogue, "Basin mixers", 2, "include");
          break;

        case CAT_PARTNERS:
          catalogue->default_visibility = g_strdup ("all");
          add_category_entry (demo, catalogue, "Spare parts", "exclude");
          add_category_entry (demo, catalogue, "Safety footwear", "exclude");
          add_product_entries (demo, catalogue, "Cordless drill drivers", 3, "exclude");
          break;

        case N_CATALOGUES:
        default:
          g_assert_not_reached ();
        }

      if (!_hw_demo_create (demo, catalogue, error))
        {
          g_prefix_error (error, "Catalogue %s: ", names[c]);
          return FALSE;
        }
    }

  return _hw_demo_report (demo, N_CATALOGUES, N_CATALOGUES, FALSE, error);
}

/* Stage: price lists and prices */

static gboolean
create_price (Demo         *demo,
              PriceListId   list,
              guint         index,
              gint64        valid_from,
              gint64        valid_to,
              double        factor,
              guint         n_tiers,
              GError      **error)
{
  static const double tier_factors[] = { 1.0, 0.95, 0.90 };
  static const gint64 tier_steps[] = { 1, 10, 50 };
  const DemoProduct *product = &demo->products[index];
  g_autoptr(HwPrice) price = hw_price_new ();
  double base = product->price * _hw_demo_price_list_defs[list].factor * factor;
  gint64 last_qty = 0;
  char id[37];

  _hw_demo_set_new_id (demo, price);
  price->price_list_id = g_strdup (demo->price_list_ids[list]);
  price->product_id = g_strdup (_hw_demo_product_id (demo, index, id));
  price->valid_from = valid_from;
  price->valid_to = valid_to;

  /* Quantity tiers start at the product's minimum and go up in its order multiple. */
  for (guint t = 0; t < n_tiers; t++)
    {
      gint64 qty = MAX (product->min_qty, tier_steps[t] * product->order_multiple);

      if (qty <= last_qty)
        continue;
      hw_price_add_tier (price, qty, MAX (1, llround (base * tier_factors[t])));
      last_qty = qty;
    }

  if (!_hw_demo_create (demo, price, error))
    {
      g_prefix_error (error, "Price of HW-%07u in %s: ", index + 1,
                      _hw_demo_price_list_defs[list].code);
      return FALSE;
    }

  return TRUE;
}

/* One product on one list: a price now, and for some an older one it replaced and a
 * newer one already announced. Windows are [from, to) and follow each other without
 * overlapping. */
static gboolean
create_prices (Demo         *demo,
               PriceListId   list,
               guint         index,
               GError      **error)
{
  gint64 now = demo->options.now;
  gint64 changed = _hw_demo_day_floor (now - _hw_demo_rand_span (demo, 20, 200) * USEC_DAY);
  gint64 changes = _hw_demo_day_floor (now + _hw_demo_rand_span (demo, 7, 90) * USEC_DAY);
  guint n_tiers = list == PL_STANDARD ? _hw_demo_rand_between (demo, 1, 3)
                                      : _hw_demo_rand_between (demo, 1, 2);
  double u = g_rand_double (demo->rand);
  gboolean past = u >= 0.70 && (u < 0.85 || u >= 0.95);
  gboolean future = u >= 0.85;
  gint64 from = past ? changed
                : _hw_demo_chance (demo, 0.5) ? HW_NONE
                : _hw_demo_day_floor (now - _hw_demo_rand_span (demo, 200, 700) * USEC_DAY);

  if (past && !create_price (demo, list, index, changed - 365 * USEC_DAY, changed, 0.96,
                             n_tiers, error))
    return FALSE;

  if (!create_price (demo, list, index, from, future ? changes : HW_NONE, 1.0, n_tiers, error))
    return FALSE;

  if (future && !create_price (demo, list, index, changes, HW_NONE, 1.04, n_tiers, error))
    return FALSE;

  return TRUE;
}

gboolean
_hw_demo_stage_prices (Demo    *demo,
                       GError **error)
{
  guint n = demo->options.products;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint l = 0; l < N_PRICE_LISTS; l++)
    {
      g_autoptr(HwPriceList) list = hw_price_list_new ();

      _hw_demo_rand_id (demo, demo->price_list_ids[l]);
      _hw_demo_set_id (list, demo->price_list_ids[l]);
      list->code = g_strdup (_hw_demo_price_list_defs[l].code);
      list->name = g_strdup (_hw_demo_price_list_defs[l].name);
      list->currency = g_strdup (CURRENCY);
      if (_hw_demo_price_list_defs[l].segment >= 0)
        list->segment = g_strdup (_hw_demo_segment_names[_hw_demo_price_list_defs[l].segment]);
      list->is_default = _hw_demo_price_list_defs[l].is_default;

      if (!_hw_demo_create (demo, list, error))
        {
          g_prefix_error (error, "Price list %s: ", _hw_demo_price_list_defs[l].code);
          return FALSE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (i % BATCH_SIZE == 0 && !_hw_demo_report (demo, i, n, FALSE, error))
        return FALSE;

      if (demo->products[i].status == PS_BLOCKED)
        continue;

      for (guint l = 0; l < N_PRICE_LISTS; l++)
        if (_hw_demo_chance (demo, _hw_demo_price_list_defs[l].share) &&
            !create_prices (demo, l, i, error))
          return FALSE;
    }

  return _hw_demo_report (demo, n, n, FALSE, error);
}

/* Stage: visibility rules, discount rules and price agreements */

typedef struct
{
  const char *scope;
  const char *scope_value;
  const char *target;
  const char *target_id;
  const char *attribute_code;
  const char *attribute_value;
  const char *effect;
  gint64      priority;
  gint64      valid_from;   /* 0: open */
  gint64      valid_to;     /* 0: open */
  const char *note;
} RuleSpec;

static gboolean
create_visibility_rule (Demo            *demo,
                        const RuleSpec  *spec,
                        GError         **error)
{
  g_autoptr(HwVisibilityRule) rule = hw_visibility_rule_new ();

  _hw_demo_set_new_id (demo, rule);
  rule->scope = g_strdup (spec->scope);
  rule->scope_value = g_strdup (spec->scope_value);
  rule->target = g_strdup (spec->target);
  rule->target_id = g_strdup (spec->target_id);
  rule->attribute_code = g_strdup (spec->attribute_code);
  rule->attribute_value = g_strdup (spec->attribute_value);
  rule->effect = g_strdup (spec->effect);
  rule->priority = spec->priority;
  rule->valid_from = spec->valid_from != 0 ? spec->valid_from : HW_NONE;
  rule->valid_to = spec->valid_to != 0 ? spec->valid_to : HW_NONE;
  rule->note = g_strdup (spec->note);

  if (!_hw_demo_create (demo, rule, error))
    {
      g_prefix_error (error, "Visibility rule “%s”: ", spec->note);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *name;
  gint64      discount_bp;
  const char *scope;
  const char *scope_value;
  const char *target;
  const char *target_value;
  gint64      valid_from;   /* 0: open */
  gint64      valid_to;     /* 0: open */
} DiscountSpec;

static gboolean
create_discount_rule (Demo                *demo,
                      const DiscountSpec  *spec,
                      GError             **error)
{
  g_autoptr(HwDiscountRule) rule = hw_discount_rule_new ();

  _hw_demo_set_new_id (demo, rule);
  rule->name = g_strdup (spec->name);
  rule->discount_bp = spec->discount_bp;
  rule->scope = g_strdup (spec->scope);
  rule->scope_value = g_strdup (spec->scope_value);
  rule->target = g_strdup (spec->target);
  rule->target_value = g_strdup (spec->target_value);
  rule->valid_from = spec->valid_from != 0 ? spec->valid_from : HW_NONE;
  rule->valid_to = spec->valid_to != 0 ? spec->valid_to : HW_NONE;

  if (!_hw_demo_create (demo, rule, error))
    {
      g_prefix_error (error, "Discount rule “%s”: ", spec->name);
      return FALSE;
    }

  return TRUE;
}

static void
format_percent (char   *buf,
                gsize   size,
                gint64  discount_bp)
{
  _hw_demo_format_number (buf, size, discount_bp / 100.0, 2);
}

gboolean
_hw_demo_stage_rules (Demo    *demo,
                      GError **error)
{
  gint64 now = demo->options.now;
  guint n_accounts = demo->options.accounts;
  guint n_account_rules = CLAMP (n_accounts / 25, 2, 50);
  guint n_user_rules = CLAMP (demo->options.users / 200, 2, 50);
  guint n_account_discounts = CLAMP (n_accounts / 15, 2, 500);
  const PoolItem *special = _hw_demo_pool_pick (demo, 2);
  char product[37];
  char buf[256];
  char percent[16];
  guint recalled;

  if (!_hw_demo_report (demo, 0, n_accounts, TRUE, error))
    return FALSE;

  /* Rules of every scope, target and effect, some only for a while: the heat pump pair
   * shows a segment overriding a rule for all, and the windows lie in the past, around
   * now and in the future. */
  recalled = _hw_demo_rand_below (demo, demo->options.products);
  {
    const RuleSpec rules[] = {
      { "all", NULL, "category", demo->category_ids[_hw_demo_find_category ("Heat pumps")],
        NULL, NULL, "hide", 10, 0, 0, "Heat pumps are sold to certified installers only" },
      { "segment", "installers", "category",
        demo->category_ids[_hw_demo_find_category ("Heat pumps")], NULL, NULL, "show", 10, 0, 0,
        "F-gas certified installers may order heat pumps" },
      { "segment", "retail", "category",
        demo->category_ids[_hw_demo_find_category ("Circuit protection")], NULL, NULL, "hide", 0,
        0, 0, "Protective devices are for qualified electricians" },
      { "segment", "retail", "attribute", NULL, "voltage", "400", "hide", 5, 0, 0,
        "400 V equipment only for professional customers" },
      { "role", "operational", "category",
        demo->category_ids[_hw_demo_find_category ("Power tools")], NULL, NULL, "hide", 0, 0, 0,
        "Site staff order consumables, not machines" },
      { "role", "planner", "category", demo->category_ids[_hw_demo_find_category ("Spare parts")],
        NULL, NULL, "show", 0, 0, 0, "Planners order spare parts for service jobs" },
      { "all", NULL, "attribute", NULL, "brand", "Daikin", "hide", 20, now - 10 * USEC_DAY,
        now + 21 * USEC_DAY, "Daikin range hidden until the new distribution agreement starts" },
      { "segment", "public_sector", "attribute", NULL, "brand", "Milwaukee", "hide", 0, 0, 0,
        "Not part of the public tender (lot 3)" },
      { "all", NULL, "category",
        demo->category_ids[_hw_demo_find_category ("Split air conditioners")], NULL, NULL, "hide",
        0, now + 60 * USEC_DAY, now + 200 * USEC_DAY, "Off season: split units return in spring" },
      { "all", NULL, "category", demo->category_ids[_hw_demo_find_category ("LED floodlights")],
        NULL, NULL, "hide", 0, now - 200 * USEC_DAY, now - 150 * USEC_DAY,
        "Supply problem at the manufacturer (resolved)" },
      { "all", NULL, "product", _hw_demo_product_id (demo, recalled, product), NULL, NULL, "hide",
        100, now - 30 * USEC_DAY, 0, "Recall: batch with faulty battery contacts" },
    };

    for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
      if (!create_visibility_rule (demo, &rules[r], error))
        return FALSE;
  }

  for (guint r = 0; r < n_account_rules; r++)
    {
      guint a = _hw_demo_pick_account (demo);
      char account[37];
      RuleSpec rule = { "account", account, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL };

      _hw_demo_uuid_format (demo->accounts[a].uuid, account);
      if (r % 2 == 0)
        {
          rule.target = "product";
          rule.target_id = _hw_demo_product_id (demo, _hw_demo_pool_pick (demo, 5)->product,
                                                product);
          rule.effect = "show";
          rule.note = "Project release for this customer";
        }
      else
        {
          rule.target = "category";
          rule.target_id = demo->category_ids[_hw_demo_find_category ("Workwear")];
          rule.effect = "hide";
          rule.note = "Customer sources workwear through its own supplier";
        }

      if (!create_visibility_rule (demo, &rule, error))
        return FALSE;
    }

  for (guint r = 0; r < n_user_rules; r++)
    {
      guint u = _hw_demo_rand_below (demo, demo->options.users);
      char user[37];
      RuleSpec rule = { "user", user, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL };

      /* Prefer an operational user: the rule lifts the role's rule for one person. */
      for (guint attempt = 0; attempt < 20 && demo->users[u].role != ROLE_OPERATIONAL; attempt++)
        u = _hw_demo_rand_below (demo, demo->options.users);

      _hw_demo_uuid_format (demo->users[u].uuid, user);
      if (r % 2 == 0)
        {
          rule.target = "category";
          rule.target_id = demo->category_ids[_hw_demo_find_category ("Power tools")];
          rule.effect = "show";
          rule.note = "Workshop foreman: may order power tools";
        }
      else
        {
          rule.target = "product";
          rule.target_id = _hw_demo_product_id (demo, _hw_demo_pool_pick (demo, 0)->product,
                                                product);
          rule.effect = "hide";
          rule.priority = 1;
          rule.note = "Hidden at the request of the account admin";
        }

      if (!create_visibility_rule (demo, &rule, error))
        return FALSE;
    }

  {
    char special_name[128];
    const DiscountSpec discounts[] = {
      { "Installers – Hager 12 %", 1200, "segment", "installers", "brand", "Hager", 0, 0 },
      { "Installers – Geberit 6 %", 600, "segment", "installers", "brand", "Geberit", 0, 0 },
      { "Installers – circuit protection 10 %", 1000, "segment", "installers", "category",
        demo->category_ids[_hw_demo_find_category ("Circuit protection")], 0, 0 },
      { "Industry – fasteners 15 %", 1500, "segment", "industry", "category",
        demo->category_ids[_hw_demo_find_category ("Fasteners & fixings")], 0, 0 },
      { "Industry – Makita spring campaign 8 %", 800, "segment", "industry", "brand", "Makita",
        now - 300 * USEC_DAY, now - 240 * USEC_DAY },
      { "Public sector – safety & workwear 8 %", 800, "segment", "public_sector", "category",
        demo->category_ids[_hw_demo_find_category ("Safety & workwear")], 0, 0 },
      { "Wholesale partners – electrical 18 %", 1800, "segment", "wholesale_partners", "category",
        demo->category_ids[_hw_demo_find_category ("Electrical installation")], 0, 0 },
      { "Retail – LED lamps promotion 20 %", 2000, "segment", "retail", "category",
        demo->category_ids[_hw_demo_find_category ("LED lamps")], now + 14 * USEC_DAY,
        now + 44 * USEC_DAY },
      { "Retail – HW Select 10 %", 1000, "segment", "retail", "brand", "HW Select", 0, 0 },
      { special_name, 2500, "segment", "industry", "product",
        _hw_demo_product_id (demo, special->product, product), now - 30 * USEC_DAY,
        now + 60 * USEC_DAY },
    };

    g_snprintf (special_name, sizeof special_name, "Industry – HW-%07u special 25 %%",
                special->product + 1);
    for (guint d = 0; d < G_N_ELEMENTS (discounts); d++)
      if (!create_discount_rule (demo, &discounts[d], error))
        return FALSE;
  }

  for (guint d = 0; d < n_account_discounts; d++)
    {
      guint a = _hw_demo_pick_account (demo);
      char account[37];
      char target[37];
      DiscountSpec rule = { buf, 50 * _hw_demo_rand_between (demo, 6, 50), "account", account,
                            NULL, target, 0, 0 };
      const char *label;
      double r = g_rand_double (demo->rand);

      _hw_demo_uuid_format (demo->accounts[a].uuid, account);
      if (r < 0.4)
        {
          rule.target = "brand";
          label = _hw_demo_brand_defs[_hw_demo_rand_below (demo, N_BRANDS)].name;
          rule.target_value = label;
        }
      else if (r < 0.8)
        {
          guint c;

          /* A first- or second-level category: the way customer discounts are agreed. */
          do
            c = _hw_demo_rand_below (demo, N_CATEGORIES);
          while (_hw_demo_category_defs[c].depth > 1);

          rule.target = "category";
          rule.target_value = demo->category_ids[c];
          label = _hw_demo_category_defs[c].name;
        }
      else
        {
          const PoolItem *item = _hw_demo_pool_pick (demo, demo->accounts[a].focus_root);

          rule.target = "product";
          _hw_demo_product_id (demo, item->product, target);
          g_snprintf (product, sizeof product, "HW-%07u", item->product + 1);
          label = product;
        }

      if (_hw_demo_chance (demo, 0.3))
        {
          rule.valid_from = _hw_demo_day_floor (now -
                                                _hw_demo_rand_span (demo, 10, 300) * USEC_DAY);
          rule.valid_to = rule.valid_from + 365 * USEC_DAY;
        }

      format_percent (percent, sizeof percent, rule.discount_bp);
      g_snprintf (buf, sizeof buf, "%.80s – %s %s %%", demo->accounts[a].name, label, percent);
      if (!create_discount_rule (demo, &rule, error))
        return FALSE;
    }

  /* Net price agreements: mostly industry, partners and the public sector. */
  for (guint a = 0; a < n_accounts; a++)
    {
      static const double shares[N_SEGMENTS] = { 0.08, 0.35, 0.03, 0.30, 0.40 };
      const DemoAccount *account = &demo->accounts[a];
      guint chosen[25];
      guint n_chosen = 0;
      guint count;
      char account_id[37];

      if (a % BATCH_SIZE == 0 && !_hw_demo_report (demo, a, n_accounts, FALSE, error))
        return FALSE;

      if (!account->active || !_hw_demo_chance (demo, shares[account->segment]))
        continue;

      _hw_demo_uuid_format (account->uuid, account_id);
      count = _hw_demo_rand_between (demo, 3, 25);
      for (guint c = 0; c < count; c++)
        {
          const PoolItem *item = _hw_demo_pool_pick (demo, account->focus_root);
          gint64 windows[3] = { HW_NONE, HW_NONE, HW_NONE };
          gboolean seen = FALSE;
          double r = g_rand_double (demo->rand);
          double net = item->price * (0.70 + 0.20 * g_rand_double (demo->rand));
          gboolean two_tiers = _hw_demo_chance (demo, 0.5);
          guint n_windows;

          for (guint p = 0; p < n_chosen; p++)
            seen |= chosen[p] == item->product;
          if (seen)
            continue;
          chosen[n_chosen++] = item->product;

          /* An open agreement, a contract year, or a renewed one following the old. */
          if (r < 0.6)
            {
              windows[0] = _hw_demo_day_floor (now - _hw_demo_rand_span (demo, 30, 400) * USEC_DAY);
              n_windows = 1;
            }
          else if (r < 0.85)
            {
              windows[0] = _hw_demo_day_floor (now - _hw_demo_rand_span (demo, 30, 300) * USEC_DAY);
              windows[1] = windows[0] + 365 * USEC_DAY;
              n_windows = 1;
            }
          else
            {
              windows[1] = _hw_demo_day_floor (now - _hw_demo_rand_span (demo, 10, 120) * USEC_DAY);
              windows[0] = windows[1] - 365 * USEC_DAY;
              n_windows = 2;
            }

          for (guint w = 0; w < n_windows; w++)
            {
              g_autoptr(HwPriceAgreement) agreement = hw_price_agreement_new ();
              double amount = net * (w + 1 < n_windows ? 0.97 : 1.0);
              gint64 first_qty = item->min_qty;

              _hw_demo_set_new_id (demo, agreement);
              agreement->account_id = g_strdup (account_id);
              agreement->product_id = g_strdup (_hw_demo_product_id (demo, item->product, product));
              agreement->currency = g_strdup (CURRENCY);
              agreement->valid_from = windows[w];
              agreement->valid_to = n_windows == 2 && w == 0 ? windows[1]
                                    : n_windows == 1 ? windows[1] : HW_NONE;
              hw_price_agreement_add_tier (agreement, first_qty, MAX (1, llround (amount)));
              if (two_tiers && 10 * item->order_multiple > first_qty)
                hw_price_agreement_add_tier (agreement, 10 * item->order_multiple,
                                             MAX (1, llround (amount * 0.97)));

              if (!_hw_demo_create (demo, agreement, error))
                {
                  g_prefix_error (error, "Price agreement of %s: ", account->name);
                  return FALSE;
                }
            }
        }
    }

  return _hw_demo_report (demo, n_accounts, n_accounts, FALSE, error);
}
