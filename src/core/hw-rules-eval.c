/* hw-rules-eval.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include <string.h>

#include "hw-rules-private.h"

/* The rules of DESIGN.md §3, for one product (with an explanation) and for a window of
 * products at once (a bitmap). Both read the same compiled rules in the same order, and
 * the tests hold both against a separate reference evaluator. */

static const char * const scope_names[N_SCOPES] = { "all", "segment", "role", "account", "user" };

static gboolean
overlay_removes (const ROverlay     *overlay,
                 const HwEntityType *type,
                 const char         *id)
{
  return overlay != NULL && overlay->type == type && overlay->remove_id != NULL &&
         strcmp (overlay->remove_id, id) == 0;
}

/* Catalogues */

/* The default catalogue: the one marked default with the smallest id (the store keeps
 * just one), with a proposed change to catalogues laid over. */
static const RCatalogue *
default_catalogue (HwRules        *self,
                   const ROverlay *overlay)
{
  const RCatalogue *found = NULL;

  if (overlay == NULL || overlay->type != &hw_catalogue_type)
    return self->default_catalogue >= 0 ? &self->catalogues[self->default_catalogue] : NULL;

  /* Catalogues are sorted by id. */
  for (guint i = 0; i < self->n_catalogues && found == NULL; i++)
    if (self->catalogues[i].is_default &&
        !overlay_removes (overlay, &hw_catalogue_type, self->catalogues[i].id))
      found = &self->catalogues[i];

  if (overlay->catalogue != NULL && overlay->catalogue->is_default &&
      (found == NULL || strcmp (overlay->catalogue->id, found->id) < 0))
    found = overlay->catalogue;

  return found;
}

const RCatalogue *
_hw_rules_viewer_catalogue (HwRules        *self,
                            const RAccount *account,
                            const ROverlay *overlay)
{
  if (account->catalogue >= 0)
    {
      const RCatalogue *own = &self->catalogues[account->catalogue];

      if (!overlay_removes (overlay, &hw_catalogue_type, own->id))
        return own;
      if (overlay->catalogue != NULL)
        return overlay->catalogue;
    }

  return default_catalogue (self, overlay);
}

/* The entry that decides P: entries are sorted so that the last one covering P is the
 * most specific (product over category, deeper category over shallower, exclude over
 * include at equal specificity). */
static const RCatalogueEntry *
catalogue_entry_for (HwRules          *self,
                     const RCatalogue *catalogue,
                     guint             product)
{
  const RCatalogueEntry *found = NULL;

  for (guint i = 0; i < catalogue->n_entries; i++)
    {
      const RCatalogueEntry *entry = &catalogue->entries[i];
      gboolean covers = entry->is_category
                        ? self->categories[entry->target].first <= product &&
                          product < self->categories[entry->target].last
                        : (guint) entry->target == product;

      if (covers)
        found = entry;
    }

  return found;
}

/* Visibility rules */

static gboolean
rule_scope_matches (const RRule   *rule,
                    const RViewer *viewer)
{
  switch (rule->scope)
    {
    case SCOPE_ALL:
      return TRUE;
    case SCOPE_SEGMENT:
      return viewer->account->segment != NULL &&
             g_strcmp0 (rule->scope_value, viewer->account->segment) == 0;
    case SCOPE_ROLE:
      return viewer->user != NULL && viewer->user->role != NULL &&
             g_strcmp0 (rule->scope_value, viewer->user->role) == 0;
    case SCOPE_ACCOUNT:
      return g_strcmp0 (rule->scope_value, viewer->account->id) == 0;
    case SCOPE_USER:
      return viewer->user != NULL && g_strcmp0 (rule->scope_value, viewer->user->id) == 0;
    default:
      return FALSE;
    }
}

/* Ascending: the last rule is decisive. Scope, then priority, then hide over show, then
 * the smallest id. */
static int
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const RRule *x = *(RRule * const *) a;
  const RRule *y = *(RRule * const *) b;

  if (x->scope != y->scope)
    return x->scope < y->scope ? -1 : 1;
  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  if (x->hide != y->hide)
    return x->hide ? 1 : -1;
  return -strcmp (x->id, y->id);
}

static void
add_rules (GPtrArray      *out,
           GPtrArray      *rules,
           gint64          at,
           const ROverlay *overlay)
{
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    {
      const RRule *rule = g_ptr_array_index (rules, i);

      if (_hw_rules_window_contains (rule->valid_from, rule->valid_to, at) &&
          !overlay_removes (overlay, &hw_visibility_rule_type, rule->id))
        g_ptr_array_add (out, (gpointer) rule);
    }
}

/**
 * _hw_rules_viewer_rules:
 *
 * Returns: the visibility rules whose scope matches the viewer and that are valid at
 * @at, sorted so that the last one is decisive wherever it matches.
 */
GPtrArray *
_hw_rules_viewer_rules (HwRules        *self,
                        const RViewer  *viewer,
                        gint64          at,
                        const ROverlay *overlay)
{
  GPtrArray *rules = g_ptr_array_new ();

  add_rules (rules, self->rules_all, at, overlay);
  if (viewer->account->segment != NULL)
    add_rules (rules, g_hash_table_lookup (self->rules_by_scope[SCOPE_SEGMENT],
                                           viewer->account->segment), at, overlay);
  if (viewer->user != NULL && viewer->user->role != NULL)
    add_rules (rules, g_hash_table_lookup (self->rules_by_scope[SCOPE_ROLE],
                                           viewer->user->role), at, overlay);
  add_rules (rules, g_hash_table_lookup (self->rules_by_scope[SCOPE_ACCOUNT],
                                         viewer->account->id), at, overlay);
  if (viewer->user != NULL)
    add_rules (rules, g_hash_table_lookup (self->rules_by_scope[SCOPE_USER],
                                           viewer->user->id), at, overlay);

  if (overlay != NULL && overlay->rule != NULL &&
      rule_scope_matches (overlay->rule, viewer) &&
      _hw_rules_window_contains (overlay->rule->valid_from, overlay->rule->valid_to, at))
    g_ptr_array_add (rules, (gpointer) overlay->rule);

  g_ptr_array_sort (rules, compare_rules);
  return rules;
}

static gboolean
postings_contain (const RPostings *postings,
                  guint            product)
{
  guint lo = 0, hi = postings != NULL ? postings->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (postings->items[mid] < product)
        lo = mid + 1;
      else
        hi = mid;
    }
  return postings != NULL && lo < postings->len && postings->items[lo] == product;
}

static gboolean
rule_target_matches (HwRules     *self,
                     const RRule *rule,
                     guint        product)
{
  switch (rule->target)
    {
    case TARGET_PRODUCT:
      return rule->target_index >= 0 && (guint) rule->target_index == product;
    case TARGET_CATEGORY:
      return rule->target_index >= 0 && self->categories[rule->target_index].first <= product &&
             product < self->categories[rule->target_index].last;
    case TARGET_ATTRIBUTE:
      return postings_contain (rule->postings, product);
    default:
      return FALSE;
    }
}

static const char *
rule_target_text (HwRules     *self,
                  const RRule *rule,
                  char        *buffer,
                  gsize        size)
{
  if (rule->target == TARGET_ATTRIBUTE)
    g_snprintf (buffer, size, "%s = %s", rule->attribute_code, rule->attribute_value);
  else if (rule->target == TARGET_CATEGORY)
    g_snprintf (buffer, size, "category %s", self->categories[rule->target_index].id);
  else
    g_snprintf (buffer, size, "the product");
  return buffer;
}

/**
 * _hw_rules_visible_one:
 * @explanation: (nullable): receives the steps when given
 *
 * §3.1 for one product.
 */
gboolean
_hw_rules_visible_one (HwRules         *self,
                       const RViewer   *viewer,
                       guint            product,
                       gint64           at,
                       const ROverlay  *overlay,
                       HwExplanation   *explanation)
{
  const RProduct *p = &self->products[product];
  const RCatalogue *catalogue;
  const RCatalogueEntry *entry = NULL;
  HwRulesStep *decisive = NULL;
  g_autoptr(GPtrArray) rules = NULL;
  gboolean visible;
  int last = -1;

  if (p->status == STATUS_BLOCKED)
    {
      if (explanation != NULL)
        _hw_explanation_set_decisive (explanation,
          _hw_explanation_add (explanation, "status", "product", p->id, "hide",
                               "The product is blocked: it is never visible."));
      return FALSE;
    }

  if (explanation != NULL)
    _hw_explanation_add (explanation, "status", "product", p->id, "passes",
                         p->status == STATUS_DISCONTINUED
                         ? "The product is discontinued: visible, but not orderable."
                         : "The product is active.");

  catalogue = _hw_rules_viewer_catalogue (self, viewer->account, overlay);
  if (catalogue == NULL)
    {
      visible = TRUE;
      if (explanation != NULL)
        decisive = _hw_explanation_add (explanation, "catalogue_default", NULL, NULL, "include",
                                        "No catalogue applies (the account has none and "
                                        "there is no default): everything is included.");
    }
  else
    {
      gboolean own = viewer->account->catalogue >= 0 &&
                     strcmp (self->catalogues[viewer->account->catalogue].id, catalogue->id) == 0;

      entry = catalogue_entry_for (self, catalogue, product);
      visible = entry != NULL ? entry->include : catalogue->all;
      if (explanation != NULL)
        {
          _hw_explanation_add (explanation, "catalogue", "catalogue", catalogue->id, "consulted",
                               own ? "The account's catalogue."
                                   : "The default catalogue (the account has none of its own).");
          if (entry != NULL && entry->is_category)
            decisive = _hw_explanation_add (explanation, "catalogue_entry", "category",
                                            self->categories[entry->target].id,
                                            visible ? "include" : "exclude",
                                            "The nearest category entry above the product %s it.",
                                            visible ? "includes" : "excludes");
          else if (entry != NULL)
            decisive = _hw_explanation_add (explanation, "catalogue_entry", "product", p->id,
                                            visible ? "include" : "exclude",
                                            "The catalogue's entry for the product %s it.",
                                            visible ? "includes" : "excludes");
          else
            decisive = _hw_explanation_add (explanation, "catalogue_default", "catalogue",
                                            catalogue->id, visible ? "include" : "exclude",
                                            "No entry covers the product; the catalogue's "
                                            "default is %s.", catalogue->all ? "all" : "none");
        }
    }

  rules = _hw_rules_viewer_rules (self, viewer, at, overlay);
  for (int i = rules->len - 1; i >= 0; i--)
    {
      const RRule *rule = g_ptr_array_index (rules, i);
      char target[256];
      HwRulesStep *step;

      if (!rule_target_matches (self, rule, product))
        continue;
      if (last < 0)
        {
          last = i;
          visible = !rule->hide;
        }
      if (explanation == NULL)
        break;
      step = _hw_explanation_add (explanation, "visibility_rule", "visibility_rule", rule->id,
                                  rule->hide ? "hide" : "show",
                                  "Scope %s%s%s, target %s, priority %" G_GINT64_FORMAT ".",
                                  scope_names[rule->scope], rule->scope_value ? " " : "",
                                  rule->scope_value ? rule->scope_value : "",
                                  rule_target_text (self, rule, target, sizeof target),
                                  rule->priority);
      if (last == i)
        decisive = step;
    }

  if (explanation != NULL)
    _hw_explanation_set_decisive (explanation, decisive);

  return visible;
}

/* Bitmaps of a window of products: bit i of bits is product base + i. */

static void
bits_range (guint64 *bits,
            guint    base,
            guint    end,
            guint    from,
            guint    to,
            gboolean set)
{
  from = MAX (from, base);
  to = MIN (to, end);
  if (from >= to)
    return;
  from -= base;
  to -= base;

  while (from < to && (from % 64) != 0)
    {
      if (set)
        bits[from / 64] |= G_GUINT64_CONSTANT (1) << (from % 64);
      else
        bits[from / 64] &= ~(G_GUINT64_CONSTANT (1) << (from % 64));
      from++;
    }
  if (to - from >= 64)
    {
      memset (&bits[from / 64], set ? 0xff : 0, ((to - from) / 64) * sizeof (guint64));
      from += ((to - from) / 64) * 64;
    }
  while (from < to)
    {
      if (set)
        bits[from / 64] |= G_GUINT64_CONSTANT (1) << (from % 64);
      else
        bits[from / 64] &= ~(G_GUINT64_CONSTANT (1) << (from % 64));
      from++;
    }
}

static void
bits_postings (guint64         *bits,
               guint            base,
               guint            end,
               const RPostings *postings,
               gboolean         set)
{
  guint lo = 0, hi = postings != NULL ? postings->len : 0;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (postings->items[mid] < base)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; postings != NULL && i < postings->len && postings->items[i] < end; i++)
    {
      guint bit = postings->items[i] - base;

      if (set)
        bits[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
      else
        bits[bit / 64] &= ~(G_GUINT64_CONSTANT (1) << (bit % 64));
    }
}

void
_hw_rules_visible_bits (HwRules        *self,
                        const RViewer  *viewer,
                        gint64          at,
                        const ROverlay *overlay,
                        guint           word_lo,
                        guint           word_hi,
                        guint64        *bits)
{
  const RCatalogue *catalogue = _hw_rules_viewer_catalogue (self, viewer->account, overlay);
  guint base = word_lo * 64;
  guint end = MIN (word_hi * 64, self->n_products);
  guint n_words = word_hi - word_lo;
  g_autoptr(GPtrArray) rules = NULL;

  memset (bits, catalogue == NULL || catalogue->all ? 0xff : 0, n_words * sizeof (guint64));

  for (guint i = 0; catalogue != NULL && i < catalogue->n_entries; i++)
    {
      const RCatalogueEntry *entry = &catalogue->entries[i];

      if (entry->is_category)
        bits_range (bits, base, end, self->categories[entry->target].first,
                    self->categories[entry->target].last, entry->include);
      else
        bits_range (bits, base, end, entry->target, entry->target + 1, entry->include);
    }

  rules = _hw_rules_viewer_rules (self, viewer, at, overlay);
  for (guint i = 0; i < rules->len; i++)
    {
      const RRule *rule = g_ptr_array_index (rules, i);

      if (rule->target == TARGET_ATTRIBUTE)
        bits_postings (bits, base, end, rule->postings, !rule->hide);
      else if (rule->target_index < 0)
        continue;
      else if (rule->target == TARGET_CATEGORY)
        bits_range (bits, base, end, self->categories[rule->target_index].first,
                    self->categories[rule->target_index].last, !rule->hide);
      else
        bits_range (bits, base, end, rule->target_index, rule->target_index + 1, !rule->hide);
    }

  for (guint w = 0; w < n_words; w++)
    bits[w] &= ~self->blocked[word_lo + w];

  /* Nothing past the last product. */
  if (word_hi * 64 > self->n_products && word_hi == self->n_words)
    {
      guint tail = self->n_products % 64;

      if (tail != 0)
        bits[n_words - 1] &= (G_GUINT64_CONSTANT (1) << tail) - 1;
    }
}

/* Prices */

static const char * const source_names[] = {
  "agreement", "account_list", "segment_list", "default_list", "base_price",
};

const char *
hw_price_source_to_string (HwPriceSource source)
{
  g_return_val_if_fail (source <= HW_PRICE_SOURCE_BASE_PRICE, NULL);

  return source_names[source];
}

/* The rows of (owner, product), sorted by id, with the overlay applied. */
static void
rows_for (const RPrice       *rows,
          guint               n_rows,
          int                 owner,
          guint               product,
          const RPrice       *replacement,
          const HwEntityType *type,
          const ROverlay     *overlay,
          GPtrArray          *out)
{
  guint lo = 0, hi = n_rows;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (rows[mid].owner < owner || (rows[mid].owner == owner && rows[mid].product < (int) product))
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < n_rows && rows[i].owner == owner && rows[i].product == (int) product; i++)
    if (!overlay_removes (overlay, type, rows[i].id))
      g_ptr_array_add (out, (gpointer) &rows[i]);

  if (replacement != NULL && replacement->owner == owner && replacement->product == (int) product)
    g_ptr_array_add (out, (gpointer) replacement);
}

/* The tier with the largest min_qty ≤ qty among rows valid at @at: equal min_qty, the
 * lower amount, then the smaller row id. */
static gboolean
best_tier (GPtrArray     *rows,
           gint64         qty,
           gint64         at,
           const RPrice **out_row,
           const RTier  **out_tier)
{
  const RPrice *best_row = NULL;
  const RTier *best = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const RPrice *row = g_ptr_array_index (rows, i);

      if (!_hw_rules_window_contains (row->valid_from, row->valid_to, at))
        continue;

      for (guint t = 0; t < row->n_tiers; t++)
        {
          const RTier *tier = &row->tiers[t];

          if (tier->min_qty > qty)
            continue;
          if (best == NULL || tier->min_qty > best->min_qty ||
              (tier->min_qty == best->min_qty &&
               (tier->amount < best->amount ||
                (tier->amount == best->amount && strcmp (row->id, best_row->id) < 0))))
            {
              best = tier;
              best_row = row;
            }
        }
    }

  *out_row = best_row;
  *out_tier = best;
  return best != NULL;
}

static int
category_distance (HwRules *self,
                   int      from,
                   int      ancestor)
{
  int distance = 0;

  for (int c = from; c >= 0; c = self->categories[c].parent, distance++)
    if (c == ancestor)
      return distance;
  return -1;
}

static gboolean
discount_applies (HwRules         *self,
                  const RDiscount *discount,
                  const RAccount  *account,
                  gint64           at,
                  const ROverlay  *overlay)
{
  if (!_hw_rules_window_contains (discount->valid_from, discount->valid_to, at) ||
      overlay_removes (overlay, &hw_discount_rule_type, discount->id))
    return FALSE;

  if (discount->account_scope)
    return discount->account >= 0 && strcmp (self->accounts[discount->account].id, account->id) == 0;
  return discount->segment != NULL && account->segment != NULL &&
         strcmp (discount->segment, account->segment) == 0;
}

/* Rank of a discount for a product: smaller is more specific. */
static gint64
discount_rank (HwRules         *self,
               const RDiscount *discount,
               const RProduct  *p,
               guint            product)
{
  switch (discount->target)
    {
    case TARGET_PRODUCT:
      return discount->target_index >= 0 && (guint) discount->target_index == product ? 0 : -1;
    case TARGET_CATEGORY:
      {
        int distance = p->category >= 0 && discount->target_index >= 0
                       ? category_distance (self, p->category, discount->target_index) : -1;

        return distance >= 0 ? 1 + distance : -1;
      }
    case TARGET_BRAND:
      return p->brand != NULL && g_strcmp0 (discount->brand, p->brand) == 0 ? G_MAXINT : -1;
    default:
      return -1;
    }
}

static gboolean
discount_better (const RDiscount *candidate,
                 gint64           rank,
                 const RDiscount *best,
                 gint64           best_rank)
{
  if (best == NULL)
    return TRUE;
  if (rank != best_rank)
    return rank < best_rank;
  if (candidate->account_scope != best->account_scope)
    return candidate->account_scope;
  if (candidate->discount_bp != best->discount_bp)
    return candidate->discount_bp > best->discount_bp;
  return strcmp (candidate->id, best->id) < 0;
}

static void
consider_discounts (HwRules          *self,
                    GPtrArray        *candidates,
                    const RAccount   *account,
                    const RProduct   *p,
                    guint             product,
                    gint64            at,
                    const ROverlay   *overlay,
                    const RDiscount **best,
                    gint64           *best_rank)
{
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    {
      const RDiscount *discount = g_ptr_array_index (candidates, i);
      gint64 rank;

      if (!discount_applies (self, discount, account, at, overlay))
        continue;
      rank = discount_rank (self, discount, p, product);
      if (rank >= 0 && discount_better (discount, rank, *best, *best_rank))
        {
          *best = discount;
          *best_rank = rank;
        }
    }
}

static const RDiscount *
find_discount (HwRules        *self,
               const RAccount *account,
               guint           product,
               gint64          at,
               const ROverlay *overlay)
{
  const RProduct *p = &self->products[product];
  const RDiscount *best = NULL;
  gint64 best_rank = 0;

  consider_discounts (self, g_hash_table_lookup (self->discounts_by_product,
                                                 GUINT_TO_POINTER (product + 1)),
                      account, p, product, at, overlay, &best, &best_rank);
  for (int c = p->category; c >= 0; c = self->categories[c].parent)
    consider_discounts (self, g_hash_table_lookup (self->discounts_by_category,
                                                   GINT_TO_POINTER (c + 1)),
                        account, p, product, at, overlay, &best, &best_rank);
  if (p->brand != NULL)
    consider_discounts (self, g_hash_table_lookup (self->discounts_by_brand, p->brand),
                        account, p, product, at, overlay, &best, &best_rank);

  if (overlay != NULL && overlay->discount != NULL)
    {
      g_autoptr(GPtrArray) extra = g_ptr_array_new ();

      g_ptr_array_add (extra, (gpointer) overlay->discount);
      consider_discounts (self, extra, account, p, product, at, NULL, &best, &best_rank);
    }

  return best;
}

/* price × (10000 − bp) / 10000, half away from zero. */
static gint64
apply_discount (gint64 price,
                gint64 bp)
{
  gint64 scaled = price * (10000 - bp);
  gint64 magnitude = (ABS (scaled) + 5000) / 10000;

  return scaled < 0 ? -magnitude : magnitude;
}

gboolean
_hw_rules_price_one (HwRules         *self,
                     const RAccount  *account,
                     guint            product,
                     gint64           qty,
                     gint64           at,
                     const ROverlay  *overlay,
                     HwPriceResult   *out,
                     HwExplanation   *explanation)
{
  const RProduct *p = &self->products[product];
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  int account_index = account - self->accounts;
  const RPrice *row = NULL;
  const RTier *tier = NULL;
  const RDiscount *discount;
  HwRulesStep *decisive = NULL;
  int chain[3];
  HwPriceSource chain_source[3] = {
    HW_PRICE_SOURCE_ACCOUNT_LIST, HW_PRICE_SOURCE_SEGMENT_LIST, HW_PRICE_SOURCE_DEFAULT_LIST,
  };

  memset (out, 0, sizeof *out);

  /* 1. The account's agreement: net, final. */
  rows_for (self->agreements, self->n_agreements, account_index, product,
            overlay && overlay->type == &hw_price_agreement_type ? overlay->agreement : NULL,
            &hw_price_agreement_type, overlay, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const RPrice *a = g_ptr_array_index (rows, i);

      if (strcmp (a->currency, account->currency) != 0)
        {
          if (explanation != NULL)
            _hw_explanation_add (explanation, "price_agreement", "price_agreement", a->id,
                                 "skipped", "The agreement is in %s, the account in %s.",
                                 a->currency, account->currency);
          g_ptr_array_remove_index (rows, i--);
        }
    }
  if (best_tier (rows, qty, at, &row, &tier))
    {
      out->unit_price = out->list_price = tier->amount;
      memcpy (out->currency, row->currency, 4);
      out->source = HW_PRICE_SOURCE_AGREEMENT;
      out->source_id = row->id;
      out->tier_min_qty = tier->min_qty;
      if (explanation != NULL)
        _hw_explanation_set_decisive (explanation,
          _hw_explanation_add (explanation, "price_agreement", "price_agreement", row->id,
                               "applies",
                               "The account's agreement: %" G_GINT64_FORMAT " %s net from "
                               "quantity %" G_GINT64_FORMAT "; no discount on top.",
                               tier->amount, row->currency, tier->min_qty));
      return TRUE;
    }
  if (explanation != NULL)
    _hw_explanation_add (explanation, "price_agreement", NULL, NULL, "skipped",
                         "No agreement of the account for this product has a tier for "
                         "quantity %" G_GINT64_FORMAT " at this moment.", qty);

  /* 2. The account's list, the segment's list, the default list, the base price. */
  chain[0] = account->price_list;
  chain[1] = account->segment != NULL
             ? _hw_rules_lookup (self->segment_list, account->segment) : -1;
  chain[2] = self->default_list;

  for (guint k = 0; k < G_N_ELEMENTS (chain) && tier == NULL; k++)
    {
      const RPriceList *list;
      gboolean seen = FALSE;

      if (chain[k] < 0)
        continue;
      for (guint j = 0; j < k; j++)
        seen = seen || chain[j] == chain[k];
      if (seen)
        continue;

      list = &self->price_lists[chain[k]];
      if (g_strcmp0 (list->currency, account->currency) != 0)
        {
          if (explanation != NULL)
            _hw_explanation_add (explanation, "price", "price_list", list->id, "skipped",
                                 "The %s is in %s, the account in %s.",
                                 source_names[chain_source[k]], list->currency, account->currency);
          continue;
        }

      g_ptr_array_set_size (rows, 0);
      rows_for (self->prices, self->n_prices, chain[k], product,
                overlay && overlay->type == &hw_price_type ? overlay->price : NULL,
                &hw_price_type, overlay, rows);
      if (best_tier (rows, qty, at, &row, &tier))
        {
          out->unit_price = out->list_price = tier->amount;
          memcpy (out->currency, row->currency, 4);
          out->source = chain_source[k];
          out->source_id = row->id;
          out->price_list_id = list->id;
          out->tier_min_qty = tier->min_qty;
          if (explanation != NULL)
            decisive = _hw_explanation_add (explanation, "price", "price", row->id, "applies",
                                            "The %s %s: %" G_GINT64_FORMAT " %s from quantity %"
                                            G_GINT64_FORMAT ".", source_names[chain_source[k]],
                                            list->id, tier->amount, row->currency, tier->min_qty);
        }
      else if (explanation != NULL)
        _hw_explanation_add (explanation, "price", "price_list", list->id, "skipped",
                             "The %s has no tier for this product and quantity at this moment.",
                             source_names[chain_source[k]]);
    }

  if (tier == NULL)
    {
      out->unit_price = out->list_price = p->base_price;
      memcpy (out->currency, p->currency, 4);
      out->source = HW_PRICE_SOURCE_BASE_PRICE;
      out->tier_min_qty = 1;
      if (explanation != NULL)
        decisive = _hw_explanation_add (explanation, "base_price", "product", p->id, "applies",
                                        "The product's base price: %" G_GINT64_FORMAT " %s.",
                                        p->base_price, p->currency);
    }

  /* 3. The single most specific discount; 4. rounding. */
  discount = find_discount (self, account, product, at, overlay);
  if (discount != NULL)
    {
      out->discount_bp = discount->discount_bp;
      out->discount_rule_id = discount->id;
      out->unit_price = apply_discount (out->list_price, discount->discount_bp);
      if (explanation != NULL)
        {
          _hw_explanation_add (explanation, "discount_rule", "discount_rule", discount->id,
                               "applies", "%s discount of %" G_GINT64_FORMAT " basis points on "
                               "the %s.", discount->account_scope ? "Account" : "Segment",
                               discount->discount_bp,
                               discount->target == TARGET_PRODUCT ? "product"
                               : discount->target == TARGET_CATEGORY ? "category" : "brand");
          _hw_explanation_add (explanation, "rounding", NULL, NULL, "applies",
                               "%" G_GINT64_FORMAT " less %" G_GINT64_FORMAT " bp is %"
                               G_GINT64_FORMAT " %s, rounded half away from zero.",
                               out->list_price, discount->discount_bp, out->unit_price,
                               out->currency);
        }
    }
  else if (explanation != NULL)
    _hw_explanation_add (explanation, "discount_rule", NULL, NULL, "skipped",
                         "No discount rule applies.");

  if (explanation != NULL)
    _hw_explanation_set_decisive (explanation, decisive);
  return TRUE;
}

/* The public single answers */

static gboolean
find_user (HwRules      *self,
           const char   *user_id,
           RViewer      *out,
           GError      **error)
{
  int user = _hw_rules_lookup (self->user_by_id, user_id);

  if (user < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "user", "no user with id %s",
                          user_id ? user_id : "(none)");
      return FALSE;
    }
  out->user = &self->users[user];
  out->account = &self->accounts[self->users[user].account];
  return TRUE;
}

static gboolean
find_product (HwRules     *self,
              const char  *product_id,
              guint       *out,
              GError     **error)
{
  int product = _hw_rules_lookup (self->product_by_id, product_id);

  if (product < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "product", "no product with id %s",
                          product_id ? product_id : "(none)");
      return FALSE;
    }
  *out = product;
  return TRUE;
}

static gboolean
check_qty (gint64   qty,
           GError **error)
{
  if (qty < 1)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "qty", "must be at least 1");
      return FALSE;
    }
  return TRUE;
}

gboolean
hw_rules_visible (HwRules         *self,
                  const char      *user_id,
                  const char      *product_id,
                  gint64           at,
                  gboolean        *out_visible,
                  HwExplanation  **out_explanation,
                  GError         **error)
{
  RViewer viewer;
  guint product;
  g_autoptr(HwExplanation) explanation = NULL;
  gboolean visible;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!find_user (self, user_id, &viewer, error) || !find_product (self, product_id, &product, error))
    return FALSE;

  if (out_explanation != NULL)
    explanation = _hw_explanation_new ("visibility");
  visible = _hw_rules_visible_one (self, &viewer, product, at, NULL, explanation);

  if (out_visible != NULL)
    *out_visible = visible;
  if (out_explanation != NULL)
    *out_explanation = g_steal_pointer (&explanation);
  return TRUE;
}

gboolean
hw_rules_price (HwRules         *self,
                const char      *account_id,
                const char      *product_id,
                gint64           qty,
                gint64           at,
                HwPriceResult   *out_result,
                HwExplanation  **out_explanation,
                GError         **error)
{
  int account = _hw_rules_lookup (self->account_by_id, account_id);
  g_autoptr(HwExplanation) explanation = NULL;
  HwPriceResult result;
  guint product;

  g_return_val_if_fail (self != NULL, FALSE);

  if (account < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "account", "no account with id %s",
                          account_id ? account_id : "(none)");
      return FALSE;
    }
  if (!find_product (self, product_id, &product, error) || !check_qty (qty, error))
    return FALSE;

  if (out_explanation != NULL)
    explanation = _hw_explanation_new ("price");
  _hw_rules_price_one (self, &self->accounts[account], product, qty, at, NULL, &result,
                       explanation);

  if (out_result != NULL)
    *out_result = result;
  if (out_explanation != NULL)
    *out_explanation = g_steal_pointer (&explanation);
  return TRUE;
}
