/* hw-rules-set.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include <string.h>

#include "hw-rules-private.h"

/* Set queries: one user's visible assortment, and the impact of a proposed change. Both
 * work on bitmaps of product windows (hw-rules-eval.c), so a category is a range and a
 * million products are 16 000 words. */

#define IMPACT_WORD_BUDGET   (G_GINT64_CONSTANT (400) * 1000 * 1000)
#define IMPACT_PRICE_BUDGET  (G_GINT64_CONSTANT (2) * 1000 * 1000)
#define IMPACT_MAX_ACCOUNTS  100

/* Visible pages */

static gboolean
is_word_char (guchar c)
{
  /* Bytes of multibyte UTF-8 characters count as letters, so a word never starts inside a
   * character. */
  return g_ascii_isalnum (c) || c >= 0x80;
}

static gboolean
starts_a_word (const char *text,
               const char *word,
               gsize       length)
{
  if (text == NULL)
    return FALSE;

  /* @word is lower case: most positions fail on their first character. */
  for (const char *p = text; *p; p++)
    if (g_ascii_tolower (*p) == word[0] && (p == text || !is_word_char (p[-1])) &&
        g_ascii_strncasecmp (p, word, length) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
product_matches (const RProduct *p,
                 char          **words)
{
  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize length = strlen (words[i]);

      if (!(g_ascii_strncasecmp (p->sku, words[i], length) == 0 ||
            (p->gtin != NULL && strncmp (p->gtin, words[i], length) == 0) ||
            starts_a_word (p->name, words[i], length) ||
            starts_a_word (p->display_name, words[i], length) ||
            starts_a_word (p->brand, words[i], length)))
        return FALSE;
    }
  return TRUE;
}

/* The words of a search: runs of letters and digits (and any non-ASCII character). */
static char **
search_words (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GString *word = g_string_new (NULL);

  for (const char *p = text ? text : ""; ; p++)
    {
      if (*p != '\0' && is_word_char (*p))
        g_string_append_c (word, *p);
      else if (word->len > 0)
        {
          g_autofree char *lower = g_ascii_strdown (word->str, word->len);

          g_strv_builder_add (builder, lower);
          g_string_truncate (word, 0);
        }
      if (*p == '\0')
        break;
    }
  g_string_free (word, TRUE);
  return g_strv_builder_end (builder);
}

HwVisiblePage *
hw_rules_visible_page (HwRules               *self,
                       const char            *user_id,
                       gint64                 at,
                       const HwVisibleQuery  *query,
                       GError               **error)
{
  int user = _hw_rules_lookup (self->user_by_id, user_id);
  g_auto(GStrv) words = NULL;
  g_autofree guint64 *bits = NULL;
  HwVisiblePage *page;
  RViewer viewer;
  guint lo = 0, hi = self->n_products, start, word_lo, word_hi;
  int last_added = -1;
  gboolean more = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (user < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "user", "no user with id %s",
                          user_id ? user_id : "(none)");
      return NULL;
    }
  if (query->category_id != NULL)
    {
      int category = _hw_rules_lookup (self->category_by_id, query->category_id);

      if (category < 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "category",
                              "no category with id %s", query->category_id);
          return NULL;
        }
      lo = self->categories[category].first;
      hi = self->categories[category].last;
    }
  start = lo;
  if (query->after != NULL)
    {
      int after = _hw_rules_lookup (self->product_by_id, query->after);

      if (after < 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "after",
                              "names no product; start again from the first page");
          return NULL;
        }
      start = MAX (lo, (guint) after + 1);
    }

  viewer.user = &self->users[user];
  viewer.account = &self->accounts[viewer.user->account];
  words = search_words (query->search);

  page = g_new0 (HwVisiblePage, 1);
  page->ids = g_ptr_array_new ();
  if (lo >= hi)
    return page;

  word_lo = lo / 64;
  word_hi = (hi + 63) / 64;
  bits = g_new (guint64, word_hi - word_lo);
  _hw_rules_visible_bits (self, &viewer, at, NULL, word_lo, word_hi, bits);

  /* Only [lo, hi): a category's range need not start or end on a word. */
  for (guint i = word_lo * 64; i < lo; i++)
    bits[0] &= ~(G_GUINT64_CONSTANT (1) << (i % 64));
  for (guint i = hi; i < word_hi * 64; i++)
    bits[(i / 64) - word_lo] &= ~(G_GUINT64_CONSTANT (1) << (i % 64));

  if (words[0] == NULL)
    for (guint w = 0; w < word_hi - word_lo; w++)
      page->total += __builtin_popcountll (bits[w]);

  for (guint w = (words[0] == NULL ? start / 64 : word_lo); w < word_hi; w++)
    {
      guint64 word = bits[w - word_lo];

      while (word != 0)
        {
          guint i = w * 64 + __builtin_ctzll (word);

          word &= word - 1;
          if (words[0] != NULL)
            {
              if (!product_matches (&self->products[i], words))
                continue;
              page->total++;
            }
          if (i < start)
            continue;
          if (page->ids->len < query->limit)
            {
              g_ptr_array_add (page->ids, (gpointer) self->products[i].id);
              last_added = i;
            }
          else
            {
              more = TRUE;
              if (words[0] == NULL)
                goto done;
            }
        }
    }

done:
  if (more && last_added >= 0)
    page->next_after = g_strdup (self->products[last_added].id);
  return page;
}

void
hw_visible_page_free (HwVisiblePage *page)
{
  if (page == NULL)
    return;

  g_ptr_array_unref (page->ids);
  g_free (page->next_after);
  g_free (page);
}

/* Impact */

typedef struct
{
  guint64 *before;
  guint64 *after;
  gint64   changed;
} Signature;

static void
signature_free (gpointer data)
{
  Signature *sig = data;

  g_free (sig->before);
  g_free (sig->after);
  g_free (sig);
}

typedef struct
{
  HwRules        *self;
  const ROverlay *overlay;
  gint64          at;
  guint           max_examples;
  HwImpact       *impact;
  GPtrArray      *accounts;   /* affected account ids, unsorted, all */
  gint64          work;
} Impact;

static void
add_example (Impact         *ctx,
             const RAccount *account,
             const RUser    *user,
             const RProduct *product,
             const char     *kind)
{
  HwImpactExample *example = g_new0 (HwImpactExample, 1);

  example->account_id = g_strdup (account->id);
  example->user_id = g_strdup (user ? user->id : NULL);
  example->product_id = g_strdup (product->id);
  example->kind = g_strdup (kind);
  g_ptr_array_add (ctx->impact->examples, example);
}

static gboolean
window_touches (HwRules     *self,
                const RRule *rule,
                guint        lo,
                guint        hi)
{
  if (rule->target == TARGET_ATTRIBUTE)
    {
      const RPostings *postings = rule->postings;
      guint a = 0, b = postings ? postings->len : 0;

      while (a < b)
        {
          guint mid = a + (b - a) / 2;

          if (postings->items[mid] < lo)
            a = mid + 1;
          else
            b = mid;
        }
      return postings != NULL && a < postings->len && postings->items[a] < hi;
    }
  if (rule->target_index < 0)
    return FALSE;
  if (rule->target == TARGET_CATEGORY)
    return self->categories[rule->target_index].first < hi &&
           lo < self->categories[rule->target_index].last;
  return (guint) rule->target_index >= lo && (guint) rule->target_index < hi;
}

static void
append_touching (Impact    *ctx,
                 GString   *sig,
                 GPtrArray *rules,
                 guint      lo,
                 guint      hi)
{
  for (guint i = 0; rules != NULL && i < rules->len; i++)
    if (window_touches (ctx->self, g_ptr_array_index (rules, i), lo, hi))
      g_string_append_printf (sig, "%p,", g_ptr_array_index (rules, i));
}

/* What decides a viewer's window: the catalogue before and after, the segment and role
 * (which fix the rules of scope all, segment and role: their strings are interned), and
 * the account's and user's own rules that touch the window. Viewers with the same
 * signature see the same change, so most share one computation. */
static char *
viewer_signature (Impact        *ctx,
                  const RViewer *viewer,
                  guint          lo,
                  guint          hi)
{
  HwRules *self = ctx->self;
  const RRule *proposed = ctx->overlay->rule;
  GString *sig = g_string_new (NULL);

  g_string_append_printf (sig, "%p:%p:%p:%p|",
                          (gpointer) _hw_rules_viewer_catalogue (self, viewer->account, NULL),
                          (gpointer) _hw_rules_viewer_catalogue (self, viewer->account, ctx->overlay),
                          (gpointer) viewer->account->segment,
                          viewer->user != NULL ? (gpointer) viewer->user->role : NULL);
  append_touching (ctx, sig, g_hash_table_lookup (self->rules_by_scope[SCOPE_ACCOUNT],
                                                  viewer->account->id), lo, hi);
  g_string_append_c (sig, '|');
  if (viewer->user != NULL)
    append_touching (ctx, sig, g_hash_table_lookup (self->rules_by_scope[SCOPE_USER],
                                                    viewer->user->id), lo, hi);

  /* The proposed rule, when it is this account's or user's own. */
  if (proposed != NULL &&
      ((proposed->scope == SCOPE_ACCOUNT && g_strcmp0 (proposed->scope_value, viewer->account->id) == 0) ||
       (proposed->scope == SCOPE_USER && viewer->user != NULL &&
        g_strcmp0 (proposed->scope_value, viewer->user->id) == 0)))
    g_string_append (sig, "|proposed");

  return g_string_free (sig, FALSE);
}

static gboolean
account_in_scope (HwRules        *self,
                  const RAccount *account,
                  const RRule    *rule)
{
  int user;

  switch (rule->scope)
    {
    case SCOPE_ALL:
    case SCOPE_ROLE:
      return TRUE;
    case SCOPE_SEGMENT:
      return account->segment != NULL && g_strcmp0 (account->segment, rule->scope_value) == 0;
    case SCOPE_ACCOUNT:
      return g_strcmp0 (account->id, rule->scope_value) == 0;
    case SCOPE_USER:
      user = _hw_rules_lookup (self->user_by_id, rule->scope_value);
      return user >= 0 && &self->accounts[self->users[user].account] == account;
    default:
      return FALSE;
    }
}

static void
window_of_rule (HwRules     *self,
                const RRule *rule,
                guint       *lo,
                guint       *hi)
{
  if (rule == NULL)
    return;
  if (rule->target == TARGET_ATTRIBUTE)
    {
      if (rule->postings != NULL && rule->postings->len > 0)
        {
          *lo = MIN (*lo, rule->postings->items[0]);
          *hi = MAX (*hi, rule->postings->items[rule->postings->len - 1] + 1);
        }
    }
  else if (rule->target_index >= 0 && rule->target == TARGET_CATEGORY)
    {
      *lo = MIN (*lo, self->categories[rule->target_index].first);
      *hi = MAX (*hi, self->categories[rule->target_index].last);
    }
  else if (rule->target_index >= 0)
    {
      *lo = MIN (*lo, (guint) rule->target_index);
      *hi = MAX (*hi, (guint) rule->target_index + 1);
    }
}

static void
window_of_catalogue (HwRules          *self,
                     const RCatalogue *catalogue,
                     const RCatalogue *other,
                     guint            *lo,
                     guint            *hi)
{
  if (catalogue == NULL)
    return;
  if (other == NULL || catalogue->all != other->all || catalogue->is_default != other->is_default)
    {
      *lo = 0;
      *hi = self->n_products;
      return;
    }
  for (guint i = 0; i < catalogue->n_entries; i++)
    {
      const RCatalogueEntry *entry = &catalogue->entries[i];

      if (entry->is_category)
        {
          *lo = MIN (*lo, self->categories[entry->target].first);
          *hi = MAX (*hi, self->categories[entry->target].last);
        }
      else
        {
          *lo = MIN (*lo, (guint) entry->target);
          *hi = MAX (*hi, (guint) entry->target + 1);
        }
    }
}

static void
visibility_impact (Impact           *ctx,
                   const RRule      *old_rule,
                   const RCatalogue *old_catalogue)
{
  HwRules *self = ctx->self;
  const ROverlay *overlay = ctx->overlay;
  g_autoptr(GHashTable) signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            signature_free);
  g_autofree guint64 *gained = NULL;
  g_autofree guint64 *lost = NULL;
  guint lo = G_MAXUINT, hi = 0, word_lo, word_hi, n_words;

  window_of_rule (self, old_rule, &lo, &hi);
  window_of_rule (self, overlay->rule, &lo, &hi);
  window_of_catalogue (self, old_catalogue, overlay->catalogue, &lo, &hi);
  window_of_catalogue (self, overlay->catalogue, old_catalogue, &lo, &hi);
  if (lo >= hi)
    return;

  word_lo = lo / 64;
  word_hi = (hi + 63) / 64;
  n_words = word_hi - word_lo;
  gained = g_new (guint64, n_words);
  lost = g_new (guint64, n_words);

  for (guint a = 0; a < self->n_accounts && ctx->impact->complete; a++)
    {
      const RAccount *account = &self->accounts[a];
      GPtrArray *users = self->users_of_account[a];
      guint n_viewers = MAX (users->len, 1);
      gint64 changed = 0, now_visible = 0, now_hidden = 0;
      gboolean first = TRUE;

      if (old_rule != NULL || overlay->rule != NULL)
        {
          if (!(old_rule != NULL && account_in_scope (self, account, old_rule)) &&
              !(overlay->rule != NULL && account_in_scope (self, account, overlay->rule)))
            continue;
        }
      else
        {
          const RCatalogue *before = _hw_rules_viewer_catalogue (self, account, NULL);
          const RCatalogue *after = _hw_rules_viewer_catalogue (self, account, overlay);

          if (before == after)
            continue;
        }

      memset (gained, 0, n_words * sizeof (guint64));
      memset (lost, 0, n_words * sizeof (guint64));

      for (guint v = 0; v < n_viewers; v++)
        {
          RViewer viewer = { users->len > 0 ? g_ptr_array_index (users, v) : NULL, account };
          g_autofree char *key = viewer_signature (ctx, &viewer, lo, hi);
          Signature *sig = g_hash_table_lookup (signatures, key);

          if (sig == NULL)
            {
              sig = g_new0 (Signature, 1);
              sig->before = g_new (guint64, n_words);
              sig->after = g_new (guint64, n_words);
              _hw_rules_visible_bits (self, &viewer, ctx->at, NULL, word_lo, word_hi, sig->before);
              _hw_rules_visible_bits (self, &viewer, ctx->at, overlay, word_lo, word_hi, sig->after);
              for (guint w = 0; w < n_words; w++)
                sig->changed += __builtin_popcountll (sig->before[w] ^ sig->after[w]);
              g_hash_table_insert (signatures, g_steal_pointer (&key), sig);
              ctx->work += 2 * n_words;
            }
          if (sig->changed == 0)
            continue;

          for (guint w = 0; w < n_words; w++)
            {
              guint64 up = ~sig->before[w] & sig->after[w];
              guint64 down = sig->before[w] & ~sig->after[w];

              if (first && ctx->impact->examples->len < ctx->max_examples && (up | down) != 0)
                {
                  guint i = (word_lo + w) * 64 + __builtin_ctzll (up | down);
                  HwImpactExample *example;

                  add_example (ctx, account, viewer.user, &self->products[i], "visibility");
                  example = g_ptr_array_index (ctx->impact->examples,
                                               ctx->impact->examples->len - 1);
                  example->visible_before = (down >> (i % 64)) & 1;
                  example->visible_after = (up >> (i % 64)) & 1;
                  first = FALSE;
                }
              gained[w] |= up;
              lost[w] |= down;
            }
          ctx->work += n_words;
        }

      for (guint w = 0; w < n_words; w++)
        {
          changed += __builtin_popcountll (gained[w] | lost[w]);
          now_visible += __builtin_popcountll (gained[w]);
          now_hidden += __builtin_popcountll (lost[w]);
        }
      if (changed > 0)
        {
          ctx->impact->visibility_changes += changed;
          ctx->impact->now_visible += now_visible;
          ctx->impact->now_hidden += now_hidden;
          g_ptr_array_add (ctx->accounts, (gpointer) account->id);
        }
      if (ctx->work > IMPACT_WORD_BUDGET)
        ctx->impact->complete = FALSE;
    }
}

/* Prices */

static void
add_range (GArray *products,
           guint   from,
           guint   to)
{
  for (guint i = from; i < to; i++)
    g_array_append_val (products, i);
}

static void
discount_products (HwRules         *self,
                   const RDiscount *discount,
                   GArray          *products)
{
  g_autofree char *key = NULL;
  const RPostings *postings;

  if (discount == NULL)
    return;
  if (discount->target == TARGET_PRODUCT && discount->target_index >= 0)
    add_range (products, discount->target_index, discount->target_index + 1);
  else if (discount->target == TARGET_CATEGORY && discount->target_index >= 0)
    add_range (products, self->categories[discount->target_index].first,
               self->categories[discount->target_index].last);
  else if (discount->target == TARGET_BRAND && discount->brand != NULL)
    {
      key = g_strconcat ("brand\x1f", discount->brand, NULL);
      postings = g_hash_table_lookup (self->postings, key);
      for (guint i = 0; postings != NULL && i < postings->len; i++)
        g_array_append_val (products, postings->items[i]);
    }
}

static gboolean
account_uses_list (HwRules        *self,
                   const RAccount *account,
                   int             list)
{
  return list >= 0 &&
         (account->price_list == list || self->default_list == list ||
          (account->segment != NULL &&
           _hw_rules_lookup (self->segment_list, account->segment) == list));
}

static gboolean
account_affected_by_price (HwRules        *self,
                           const RAccount *account,
                           const RPrice   *price,
                           gboolean        agreement)
{
  if (price == NULL)
    return FALSE;
  if (agreement)
    return price->owner >= 0 && &self->accounts[price->owner] == account;
  return account_uses_list (self, account, price->owner);
}

static gboolean
account_affected_by_discount (HwRules         *self,
                              const RAccount  *account,
                              const RDiscount *discount)
{
  if (discount == NULL)
    return FALSE;
  if (discount->account_scope)
    return discount->account >= 0 && &self->accounts[discount->account] == account;
  return discount->segment != NULL && g_strcmp0 (discount->segment, account->segment) == 0;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
add_tier_quantities (GArray       *quantities,
                     const RPrice *price)
{
  for (guint i = 0; price != NULL && i < price->n_tiers; i++)
    g_array_append_val (quantities, price->tiers[i].min_qty);
}

static void
price_impact (Impact          *ctx,
              const RPrice    *old_price,
              const RDiscount *old_discount)
{
  HwRules *self = ctx->self;
  const ROverlay *overlay = ctx->overlay;
  gboolean agreement = overlay->type == &hw_price_agreement_type;
  const RPrice *new_price = agreement ? overlay->agreement : overlay->price;
  g_autoptr(GArray) products = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) tier_quantities = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_unique = 0;

  if (old_price != NULL && old_price->product >= 0)
    add_range (products, old_price->product, old_price->product + 1);
  if (new_price != NULL && new_price->product >= 0)
    add_range (products, new_price->product, new_price->product + 1);
  discount_products (self, old_discount, products);
  discount_products (self, overlay->discount, products);
  g_array_sort (products, compare_uint);
  for (guint i = 0; i < products->len; i++)
    if (n_unique == 0 || g_array_index (products, guint, n_unique - 1) != g_array_index (products, guint, i))
      g_array_index (products, guint, n_unique++) = g_array_index (products, guint, i);
  g_array_set_size (products, n_unique);

  add_tier_quantities (tier_quantities, old_price);
  add_tier_quantities (tier_quantities, new_price);

  for (guint a = 0; a < self->n_accounts && ctx->impact->complete; a++)
    {
      const RAccount *account = &self->accounts[a];
      gint64 changed = 0;

      if (!account_affected_by_price (self, account, old_price, agreement) &&
          !account_affected_by_price (self, account, new_price, agreement) &&
          !account_affected_by_discount (self, account, old_discount) &&
          !account_affected_by_discount (self, account, overlay->discount))
        continue;

      for (guint k = 0; k < products->len && ctx->impact->complete; k++)
        {
          guint product = g_array_index (products, guint, k);
          gint64 base_qty = MAX (1, self->products[product].min_qty);

          for (guint q = 0; q <= tier_quantities->len; q++)
            {
              gint64 qty = q == 0 ? base_qty : MAX (1, g_array_index (tier_quantities, gint64, q - 1));
              HwPriceResult before, after;

              _hw_rules_price_one (self, account, product, qty, ctx->at, NULL, &before, NULL);
              _hw_rules_price_one (self, account, product, qty, ctx->at, overlay, &after, NULL);
              ctx->work += 2;
              if (before.unit_price != after.unit_price ||
                  strcmp (before.currency, after.currency) != 0)
                {
                  changed++;
                  if (ctx->impact->examples->len < ctx->max_examples)
                    {
                      HwImpactExample *example;

                      add_example (ctx, account, NULL, &self->products[product], "price");
                      example = g_ptr_array_index (ctx->impact->examples,
                                                   ctx->impact->examples->len - 1);
                      example->quantity = qty;
                      example->price_before = before.unit_price;
                      example->price_after = after.unit_price;
                    }
                  break;
                }
            }
          if (ctx->work > IMPACT_PRICE_BUDGET)
            ctx->impact->complete = FALSE;
        }

      if (changed > 0)
        {
          ctx->impact->price_changes += changed;
          g_ptr_array_add (ctx->accounts, (gpointer) account->id);
        }
    }
}

static void
example_free (gpointer data)
{
  HwImpactExample *example = data;

  g_free (example->account_id);
  g_free (example->user_id);
  g_free (example->product_id);
  g_free (example->kind);
  g_free (example);
}

void
hw_impact_free (HwImpact *impact)
{
  if (impact == NULL)
    return;

  g_clear_pointer (&impact->accounts, g_ptr_array_unref);
  g_clear_pointer (&impact->examples, g_ptr_array_unref);
  g_free (impact);
}

static int
find_row (const RPrice *rows,
          guint         n_rows,
          const char   *id)
{
  for (guint i = 0; i < n_rows; i++)
    if (strcmp (rows[i].id, id) == 0)
      return i;
  return -1;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

HwImpact *
hw_rules_impact (HwRules              *self,
                 const HwRulesChange  *change,
                 gint64                at,
                 guint                 max_examples,
                 GError              **error)
{
  const HwEntity *entity = change->record;
  const HwEntityType *type = entity->type;
  g_autoptr(HwImpact) impact = g_new0 (HwImpact, 1);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
  /* The proposal's strings: the snapshot is shared and stays as it is. */
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1024);
  GHashTable *by_id;
  ROverlay overlay = { type, NULL, NULL, NULL, NULL, NULL, NULL };
  RRule rule;
  RCatalogue catalogue = { 0 };
  RPrice price = { 0 };
  RDiscount discount;
  Impact ctx = { self, &overlay, at, max_examples, NULL, accounts, 0 };
  gboolean exists, ok = TRUE;
  int old;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (change != NULL && entity != NULL, NULL);

  if (entity->id == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "must name the entity changed");
      return NULL;
    }

  if (type == &hw_visibility_rule_type)
    by_id = self->rule_by_id;
  else if (type == &hw_catalogue_type)
    by_id = self->catalogue_by_id;
  else if (type == &hw_discount_rule_type)
    by_id = self->discount_by_id;
  else if (type == &hw_price_type || type == &hw_price_agreement_type)
    by_id = NULL;
  else
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "entity",
                          "the impact of a change to %s is not computed; use visibility_rule, "
                          "catalogue, price, price_agreement or discount_rule", type->name);
      return NULL;
    }

  if (by_id != NULL)
    old = _hw_rules_lookup (by_id, entity->id);
  else if (type == &hw_price_type)
    old = find_row (self->prices, self->n_prices, entity->id);
  else
    old = find_row (self->agreements, self->n_agreements, entity->id);
  exists = old >= 0;
  if (change->op == HW_CHANGE_CREATE && exists)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "a %s with this id exists already",
                          type->name);
      return NULL;
    }
  if (change->op != HW_CHANGE_CREATE && !exists)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "id", "no %s with id %s",
                          type->name, entity->id);
      return NULL;
    }
  if (change->op != HW_CHANGE_CREATE)
    overlay.remove_id = entity->id;

  if (change->op != HW_CHANGE_DELETE)
    {
      if (type == &hw_visibility_rule_type)
        {
          ok = _hw_rules_compile_rule (self, strings, change->record, &rule, error);
          overlay.rule = &rule;
        }
      else if (type == &hw_catalogue_type)
        {
          ok = _hw_rules_compile_catalogue (self, strings, change->record, &catalogue, error);
          overlay.catalogue = &catalogue;
        }
      else if (type == &hw_price_type || type == &hw_price_agreement_type)
        {
          ok = _hw_rules_compile_price (self, strings, change->record, &price, error);
          if (type == &hw_price_type)
            overlay.price = &price;
          else
            overlay.agreement = &price;
        }
      else
        {
          ok = _hw_rules_compile_discount (self, strings, change->record, &discount, error);
          overlay.discount = &discount;
        }
    }

  if (!ok)
    {
      _hw_rules_free_compiled (&catalogue, &price);
      return NULL;
    }

  impact->accounts = g_ptr_array_new_with_free_func (g_free);
  impact->examples = g_ptr_array_new_with_free_func (example_free);
  impact->complete = TRUE;
  ctx.impact = impact;

  if (type == &hw_visibility_rule_type)
    visibility_impact (&ctx, exists ? &self->rules[old] : NULL, NULL);
  else if (type == &hw_catalogue_type)
    visibility_impact (&ctx, NULL, exists ? &self->catalogues[old] : NULL);
  else if (type == &hw_price_type)
    price_impact (&ctx, exists ? &self->prices[old] : NULL, NULL);
  else if (type == &hw_price_agreement_type)
    price_impact (&ctx, exists ? &self->agreements[old] : NULL, NULL);
  else
    price_impact (&ctx, NULL, exists ? &self->discounts[old] : NULL);

  _hw_rules_free_compiled (&catalogue, &price);

  g_ptr_array_sort (accounts, compare_strings);
  impact->accounts_affected = accounts->len;
  for (guint i = 0; i < accounts->len && i < IMPACT_MAX_ACCOUNTS; i++)
    g_ptr_array_add (impact->accounts, g_strdup (g_ptr_array_index (accounts, i)));

  return g_steal_pointer (&impact);
}

JsonNode *
hw_impact_to_json (const HwImpact *impact)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (impact != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visibility_changes");
  json_builder_add_int_value (builder, impact->visibility_changes);
  json_builder_set_member_name (builder, "now_visible");
  json_builder_add_int_value (builder, impact->now_visible);
  json_builder_set_member_name (builder, "now_hidden");
  json_builder_add_int_value (builder, impact->now_hidden);
  json_builder_set_member_name (builder, "price_changes");
  json_builder_add_int_value (builder, impact->price_changes);
  json_builder_set_member_name (builder, "accounts_affected");
  json_builder_add_int_value (builder, impact->accounts_affected);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < impact->accounts->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (impact->accounts, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "examples");
  json_builder_begin_array (builder);
  for (guint i = 0; i < impact->examples->len; i++)
    {
      const HwImpactExample *example = g_ptr_array_index (impact->examples, i);
      gboolean price = g_strcmp0 (example->kind, "price") == 0;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, example->kind);
      json_builder_set_member_name (builder, "account_id");
      json_builder_add_string_value (builder, example->account_id);
      json_builder_set_member_name (builder, "user_id");
      if (example->user_id != NULL)
        json_builder_add_string_value (builder, example->user_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "product_id");
      json_builder_add_string_value (builder, example->product_id);
      if (price)
        {
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_int_value (builder, example->quantity);
          json_builder_set_member_name (builder, "price_before");
          json_builder_add_int_value (builder, example->price_before);
          json_builder_set_member_name (builder, "price_after");
          json_builder_add_int_value (builder, example->price_after);
        }
      else
        {
          json_builder_set_member_name (builder, "visible_before");
          json_builder_add_boolean_value (builder, example->visible_before);
          json_builder_set_member_name (builder, "visible_after");
          json_builder_add_boolean_value (builder, example->visible_after);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, impact->complete);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
