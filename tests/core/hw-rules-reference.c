/* hw-rules-reference.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-rules-reference.h"

static gpointer
find (GPtrArray  *items,
      const char *id)
{
  for (guint i = 0; id != NULL && items != NULL && i < items->len; i++)
    if (g_strcmp0 (HW_ENTITY (g_ptr_array_index (items, i))->id, id) == 0)
      return g_ptr_array_index (items, i);
  return NULL;
}

static gboolean
valid_at (gint64 from,
          gint64 to,
          gint64 at)
{
  if (from != HW_NONE && at < from)
    return FALSE;
  if (to != HW_NONE && at >= to)
    return FALSE;
  return TRUE;
}

/* How many steps up from @category to reach @ancestor; -1 if it is not above it. */
static int
steps_up (const HwRulesData *data,
          const char        *category,
          const char        *ancestor)
{
  int steps = 0;

  while (category != NULL)
    {
      HwCategory *c = find (data->categories, category);

      if (g_strcmp0 (category, ancestor) == 0)
        return steps;
      if (c == NULL)
        return -1;
      category = c->parent_id;
      steps++;
    }
  return -1;
}

static HwCatalogue *
default_catalogue (const HwRulesData *data)
{
  HwCatalogue *found = NULL;

  for (guint i = 0; data->catalogues && i < data->catalogues->len; i++)
    {
      HwCatalogue *c = g_ptr_array_index (data->catalogues, i);

      if (c->is_default && (found == NULL || strcmp (HW_ENTITY (c)->id, HW_ENTITY (found)->id) < 0))
        found = c;
    }
  return found;
}

static gboolean
has_attribute (const HwRulesData *data,
               HwProduct         *product,
               const char        *code,
               const char        *value)
{
  if (g_strcmp0 (code, "brand") == 0)
    return product->brand != NULL && g_strcmp0 (product->brand, value) == 0;

  for (guint i = 0; product->attributes && i < product->attributes->len; i++)
    {
      HwAttributeValue *v = g_ptr_array_index (product->attributes, i);
      HwAttribute *a = find (data->attributes, v->attribute_id);

      if (a != NULL && g_strcmp0 (a->code, code) == 0 && g_strcmp0 (v->value, value) == 0)
        return TRUE;
    }
  return FALSE;
}

static int
scope_rank (const char *scope)
{
  if (g_strcmp0 (scope, "user") == 0)
    return 5;
  if (g_strcmp0 (scope, "account") == 0)
    return 4;
  if (g_strcmp0 (scope, "role") == 0)
    return 3;
  if (g_strcmp0 (scope, "segment") == 0)
    return 2;
  if (g_strcmp0 (scope, "all") == 0)
    return 1;
  return 0;
}

/* Whether rule a is more decisive than rule b. */
static gboolean
rule_beats (HwVisibilityRule *a,
            HwVisibilityRule *b)
{
  gboolean a_hides = g_strcmp0 (a->effect, "hide") == 0;
  gboolean b_hides = g_strcmp0 (b->effect, "hide") == 0;

  if (scope_rank (a->scope) != scope_rank (b->scope))
    return scope_rank (a->scope) > scope_rank (b->scope);
  if (a->priority != b->priority)
    return a->priority > b->priority;
  if (a_hides != b_hides)
    return a_hides;
  return strcmp (HW_ENTITY (a)->id, HW_ENTITY (b)->id) < 0;
}

gboolean
hw_ref_visible (const HwRulesData *data,
                const char        *user_id,
                const char        *product_id,
                gint64             at)
{
  HwUser *user = find (data->users, user_id);

  g_assert (user != NULL);
  return hw_ref_visible_for (data, user->account_id, user_id, product_id, at);
}

gboolean
hw_ref_visible_for (const HwRulesData *data,
                    const char        *account_id,
                    const char        *user_id,
                    const char        *product_id,
                    gint64             at)
{
  HwUser *user = find (data->users, user_id);
  HwAccount *account = find (data->accounts, account_id);
  HwProduct *product = find (data->products, product_id);
  HwCatalogue *catalogue;
  HwVisibilityRule *best = NULL;
  gboolean visible;

  g_assert (account != NULL && product != NULL);

  if (g_strcmp0 (product->status, "blocked") == 0)
    return FALSE;

  /* The catalogue: the account's, else the default one, else everything. */
  catalogue = find (data->catalogues, account->catalogue_id);
  if (catalogue == NULL)
    catalogue = default_catalogue (data);

  if (catalogue == NULL)
    visible = TRUE;
  else
    {
      gboolean decided = FALSE;

      visible = g_strcmp0 (catalogue->default_visibility, "all") == 0;

      /* A product entry; exclude wins over include. */
      for (guint i = 0; i < catalogue->entries->len; i++)
        {
          HwCatalogueEntry *e = g_ptr_array_index (catalogue->entries, i);

          if (g_strcmp0 (e->target_type, "product") == 0 && g_strcmp0 (e->target_id, product_id) == 0)
            {
              if (!decided)
                visible = TRUE;
              decided = TRUE;
              if (g_strcmp0 (e->effect, "exclude") == 0)
                visible = FALSE;
            }
        }

      /* Else the nearest category walking up. */
      for (const char *c = product->category_id; !decided && c != NULL; )
        {
          HwCategory *category = find (data->categories, c);

          for (guint i = 0; i < catalogue->entries->len; i++)
            {
              HwCatalogueEntry *e = g_ptr_array_index (catalogue->entries, i);

              if (g_strcmp0 (e->target_type, "category") == 0 && g_strcmp0 (e->target_id, c) == 0)
                {
                  if (!decided)
                    visible = TRUE;
                  decided = TRUE;
                  if (g_strcmp0 (e->effect, "exclude") == 0)
                    visible = FALSE;
                }
            }
          c = category ? category->parent_id : NULL;
        }
    }

  /* The visibility rules that apply. */
  for (guint i = 0; data->visibility_rules && i < data->visibility_rules->len; i++)
    {
      HwVisibilityRule *r = g_ptr_array_index (data->visibility_rules, i);
      gboolean scope_ok = FALSE, target_ok = FALSE;

      if (g_strcmp0 (r->scope, "all") == 0)
        scope_ok = TRUE;
      else if (g_strcmp0 (r->scope, "segment") == 0)
        scope_ok = account->segment != NULL && g_strcmp0 (r->scope_value, account->segment) == 0;
      else if (g_strcmp0 (r->scope, "role") == 0)
        scope_ok = user != NULL && g_strcmp0 (r->scope_value, user->role) == 0;
      else if (g_strcmp0 (r->scope, "account") == 0)
        scope_ok = g_strcmp0 (r->scope_value, HW_ENTITY (account)->id) == 0;
      else if (g_strcmp0 (r->scope, "user") == 0)
        scope_ok = user != NULL && g_strcmp0 (r->scope_value, user_id) == 0;

      if (g_strcmp0 (r->target, "product") == 0)
        target_ok = g_strcmp0 (r->target_id, product_id) == 0;
      else if (g_strcmp0 (r->target, "category") == 0)
        target_ok = steps_up (data, product->category_id, r->target_id) >= 0;
      else if (g_strcmp0 (r->target, "attribute") == 0)
        target_ok = has_attribute (data, product, r->attribute_code, r->attribute_value);

      if (scope_ok && target_ok && valid_at (r->valid_from, r->valid_to, at) &&
          (best == NULL || rule_beats (r, best)))
        best = r;
    }

  if (best != NULL)
    visible = g_strcmp0 (best->effect, "show") == 0;

  return visible;
}

typedef struct
{
  const char *row_id;
  gint64      min_qty;
  gint64      amount;
} Tier;

/* Whether tier a is better than tier b: larger min_qty, then lower amount, then smaller id. */
static gboolean
tier_beats (const Tier *a,
            const Tier *b)
{
  if (b->row_id == NULL)
    return TRUE;
  if (a->min_qty != b->min_qty)
    return a->min_qty > b->min_qty;
  if (a->amount != b->amount)
    return a->amount < b->amount;
  return strcmp (a->row_id, b->row_id) < 0;
}

static void
consider_tiers (const char *row_id,
                GPtrArray  *tiers,
                gint64      qty,
                Tier       *best)
{
  for (guint t = 0; t < tiers->len; t++)
    {
      HwPriceTier *tier = g_ptr_array_index (tiers, t);
      Tier candidate = { row_id, tier->min_qty, tier->amount };

      if (tier->min_qty <= qty && tier_beats (&candidate, best))
        *best = candidate;
    }
}

static HwPriceList *
list_of_segment (const HwRulesData *data,
                 const char        *segment)
{
  HwPriceList *found = NULL;

  for (guint i = 0; segment != NULL && data->price_lists && i < data->price_lists->len; i++)
    {
      HwPriceList *l = g_ptr_array_index (data->price_lists, i);

      if (g_strcmp0 (l->segment, segment) == 0 &&
          (found == NULL || strcmp (HW_ENTITY (l)->id, HW_ENTITY (found)->id) < 0))
        found = l;
    }
  return found;
}

static HwPriceList *
default_list (const HwRulesData *data)
{
  HwPriceList *found = NULL;

  for (guint i = 0; data->price_lists && i < data->price_lists->len; i++)
    {
      HwPriceList *l = g_ptr_array_index (data->price_lists, i);

      if (l->is_default && (found == NULL || strcmp (HW_ENTITY (l)->id, HW_ENTITY (found)->id) < 0))
        found = l;
    }
  return found;
}

/* Rounds x / 10000 to the nearest integer, halves away from zero. */
static gint64
round_div (gint64 x)
{
  gint64 q = x / 10000;
  gint64 r = x % 10000;

  if (r * 2 >= 10000)
    q++;
  else if (r * 2 <= -10000)
    q--;
  return q;
}

void
hw_ref_price (const HwRulesData *data,
              const char        *account_id,
              const char        *product_id,
              gint64             qty,
              gint64             at,
              HwRefPrice        *out)
{
  HwAccount *account = find (data->accounts, account_id);
  HwProduct *product = find (data->products, product_id);
  HwPriceList *lists[3];
  const char *sources[3] = { "account_list", "segment_list", "default_list" };
  Tier best = { NULL, 0, 0 };
  HwDiscountRule *discount = NULL;
  gint64 discount_rank = 0;

  g_assert (account != NULL && product != NULL);
  memset (out, 0, sizeof *out);

  /* 1. Agreements: net and final. */
  for (guint i = 0; data->price_agreements && i < data->price_agreements->len; i++)
    {
      HwPriceAgreement *a = g_ptr_array_index (data->price_agreements, i);

      if (g_strcmp0 (a->account_id, account_id) == 0 && g_strcmp0 (a->product_id, product_id) == 0 &&
          g_strcmp0 (a->currency, account->currency) == 0 && valid_at (a->valid_from, a->valid_to, at))
        consider_tiers (HW_ENTITY (a)->id, a->tiers, qty, &best);
    }
  if (best.row_id != NULL)
    {
      out->unit_price = out->list_price = best.amount;
      out->currency = account->currency;
      out->source = "agreement";
      out->source_id = best.row_id;
      return;
    }

  /* 2. The lists, in order, each consulted once. */
  lists[0] = find (data->price_lists, account->price_list_id);
  lists[1] = list_of_segment (data, account->segment);
  lists[2] = default_list (data);

  for (guint k = 0; k < 3 && best.row_id == NULL; k++)
    {
      if (lists[k] == NULL || (k >= 1 && lists[k] == lists[0]) || (k == 2 && lists[2] == lists[1]))
        continue;
      if (g_strcmp0 (lists[k]->currency, account->currency) != 0)
        continue;

      for (guint i = 0; data->prices && i < data->prices->len; i++)
        {
          HwPrice *p = g_ptr_array_index (data->prices, i);

          if (g_strcmp0 (p->price_list_id, HW_ENTITY (lists[k])->id) == 0 &&
              g_strcmp0 (p->product_id, product_id) == 0 && valid_at (p->valid_from, p->valid_to, at))
            consider_tiers (HW_ENTITY (p)->id, p->tiers, qty, &best);
        }
      if (best.row_id != NULL)
        {
          out->list_price = best.amount;
          out->currency = lists[k]->currency;
          out->source = sources[k];
          out->source_id = best.row_id;
        }
    }

  if (best.row_id == NULL)
    {
      out->list_price = product->base_price;
      out->currency = product->currency;
      out->source = "base_price";
    }

  /* 3. The most specific discount: product 0, category 1 + steps up, brand last. */
  for (guint i = 0; data->discount_rules && i < data->discount_rules->len; i++)
    {
      HwDiscountRule *d = g_ptr_array_index (data->discount_rules, i);
      gboolean scope_ok;
      gint64 rank = -1;

      if (!valid_at (d->valid_from, d->valid_to, at))
        continue;

      if (g_strcmp0 (d->scope, "account") == 0)
        scope_ok = g_strcmp0 (d->scope_value, account_id) == 0;
      else
        scope_ok = account->segment != NULL && g_strcmp0 (d->scope_value, account->segment) == 0;
      if (!scope_ok)
        continue;

      if (g_strcmp0 (d->target, "product") == 0 && g_strcmp0 (d->target_value, product_id) == 0)
        rank = 0;
      else if (g_strcmp0 (d->target, "category") == 0 &&
               steps_up (data, product->category_id, d->target_value) >= 0)
        rank = 1 + steps_up (data, product->category_id, d->target_value);
      else if (g_strcmp0 (d->target, "brand") == 0 && product->brand != NULL &&
               g_strcmp0 (d->target_value, product->brand) == 0)
        rank = 1000000;
      if (rank < 0)
        continue;

      if (discount == NULL || rank < discount_rank ||
          (rank == discount_rank &&
           (g_strcmp0 (d->scope, discount->scope) != 0
            ? g_strcmp0 (d->scope, "account") == 0
            : d->discount_bp != discount->discount_bp
              ? d->discount_bp > discount->discount_bp
              : strcmp (HW_ENTITY (d)->id, HW_ENTITY (discount)->id) < 0)))
        {
          discount = d;
          discount_rank = rank;
        }
    }

  if (discount != NULL)
    {
      out->unit_price = round_div (out->list_price * (10000 - discount->discount_bp));
      out->discount_rule_id = HW_ENTITY (discount)->id;
    }
  else
    out->unit_price = out->list_price;
}

HwOrderable
hw_ref_orderable (const HwRulesData *data,
                  const char        *user_id,
                  const char        *product_id,
                  gint64             qty,
                  gint64             at)
{
  HwUser *user = find (data->users, user_id);
  HwAccount *account = find (data->accounts, user->account_id);
  HwProduct *product = find (data->products, product_id);

  if (!user->active)
    return HW_ORDERABLE_USER_INACTIVE;
  if (g_strcmp0 (account->status, "blocked") == 0)
    return HW_ORDERABLE_ACCOUNT_BLOCKED;
  if (!hw_ref_visible (data, user_id, product_id, at))
    return HW_ORDERABLE_NOT_VISIBLE;
  if (g_strcmp0 (product->status, "discontinued") == 0)
    return HW_ORDERABLE_DISCONTINUED;
  if (!user->can_order)
    return HW_ORDERABLE_CANNOT_ORDER;
  if (qty < product->min_qty)
    return HW_ORDERABLE_BELOW_MINIMUM;
  if (product->order_multiple > 1 && qty % product->order_multiple != 0)
    return HW_ORDERABLE_NOT_MULTIPLE;
  if (product->max_qty != HW_NONE && qty > product->max_qty)
    return HW_ORDERABLE_ABOVE_MAXIMUM;
  return HW_ORDERABLE_OK;
}
