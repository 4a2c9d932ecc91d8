/* hw-rules-prices.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hw-rules-private.h"

/* A snapshot's prices and agreements (RPriceTable): built from every row, or patched from
 * the previous snapshot's table when a few rows changed. Sorted by (owner, product, id). */

static int
compare_prices (gconstpointer a,
                gconstpointer b)
{
  const RPrice *x = a, *y = b;

  if (x->owner != y->owner)
    return x->owner < y->owner ? -1 : 1;
  if (x->product != y->product)
    return x->product < y->product ? -1 : 1;
  return strcmp (x->id, y->id);
}

void
_hw_rules_use_prices (HwRules     *self,
                      RPriceTable *table)
{
  self->price_table = table;
  self->prices = table->prices;
  self->n_prices = table->n_prices;
  self->agreements = table->agreements;
  self->n_agreements = table->n_agreements;
  self->tier_pool = table->tier_pool;
}

void
_hw_rules_strings_unref (gpointer data)
{
  RStrings *strings = data;

  if (!g_atomic_ref_count_dec (&strings->ref_count))
    return;
  g_string_chunk_free (strings->chunk);
  g_free (strings);
}

void
_hw_rules_price_table_unref (RPriceTable *table)
{
  if (!g_atomic_ref_count_dec (&table->ref_count))
    return;

  g_free (table->prices);
  g_free (table->agreements);
  g_free (table->tier_pool);
  g_ptr_array_unref (table->strings);
  g_free (table);
}

/* A new table whose row ids go to a chunk of @chunk_size. */
static RPriceTable *
price_table_new (gsize chunk_size)
{
  RPriceTable *table = g_new0 (RPriceTable, 1);
  RStrings *strings = g_new0 (RStrings, 1);

  g_atomic_ref_count_init (&table->ref_count);
  g_atomic_ref_count_init (&strings->ref_count);
  strings->chunk = g_string_chunk_new (chunk_size);
  table->strings = g_ptr_array_new_with_free_func (_hw_rules_strings_unref);
  g_ptr_array_add (table->strings, strings);
  return table;
}

static GStringChunk *
price_table_chunk (RPriceTable *table)
{
  return ((RStrings *) g_ptr_array_index (table->strings, table->strings->len - 1))->chunk;
}

void
_hw_rules_build_prices (HwRules        *self,
                        HwRulesBuilder *builder)
{
  guint n = builder->prices->len;
  const RTier *tiers = (const RTier *) builder->tiers->data;
  RPriceTable *table = price_table_new (MAX (n, 1) * 24);

  /* One pool holds the tiers of every row: a million small allocations cost more than
   * the rest of the prices. */
  table->tier_pool = g_new (RTier, MAX (builder->tiers->len, 1));
  table->prices = g_new0 (RPrice, MAX (n, 1));
  table->agreements = g_new0 (RPrice, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const RawPrice *raw = &g_array_index (builder->prices, RawPrice, i);
      RPrice compiled;

      if (!_hw_rules_compile_raw_price (self, price_table_chunk (table), raw, tiers + raw->first_tier,
                                        table->tier_pool + raw->first_tier, &compiled, NULL))
        continue;
      if (raw->agreement)
        table->agreements[table->n_agreements++] = compiled;
      else
        table->prices[table->n_prices++] = compiled;
    }

  qsort (table->prices, table->n_prices, sizeof (RPrice), compare_prices);
  qsort (table->agreements, table->n_agreements, sizeof (RPrice), compare_prices);
  _hw_rules_use_prices (self, table);
}

/* @old's rows not in @removed, merged in order with @added (sorted); tiers rebased from
 * @old_pool into @pool. */
static guint
merge_prices (const RPrice *old,
              guint         n_old,
              const RTier  *old_pool,
              RPrice       *added,
              guint         n_added,
              GHashTable   *removed,
              RTier        *pool,
              RPrice       *out)
{
  guint i = 0, j = 0, n = 0;

  qsort (added, n_added, sizeof (RPrice), compare_prices);
  while (i < n_old || j < n_added)
    {
      if (i < n_old && g_hash_table_contains (removed, old[i].id))
        {
          i++;
          continue;
        }
      if (j >= n_added || (i < n_old && compare_prices (&old[i], &added[j]) <= 0))
        {
          out[n] = old[i++];
          out[n].tiers = pool + (out[n].tiers - old_pool);
          n++;
        }
      else
        out[n++] = added[j++];
    }
  return n;
}

/* A few prices or agreements changed: a copy of the previous table without the changed
 * and deleted rows, with the changed rows as they are now. Reading and compiling a
 * million rows again costs seconds; this costs a copy. */
void
_hw_rules_patch_prices (HwRules        *self,
                        HwRulesBuilder *builder,
                        RPriceTable    *previous,
                        GHashTable     *removed)
{
  guint n_raw = builder->prices->len;
  const RTier *tiers = (const RTier *) builder->tiers->data;
  gsize n_old_tiers = 0;
  RPriceTable *table = price_table_new (1024);
  g_autofree RPrice *added = g_new0 (RPrice, MAX (n_raw, 1));
  g_autofree RPrice *added_agreements = g_new0 (RPrice, MAX (n_raw, 1));
  guint n_added = 0, n_added_agreements = 0;
  RTier *slot;

  /* The previous rows' tiers stay where they were in the pool, the new ones come after. */
  for (guint i = 0; i < previous->n_prices; i++)
    n_old_tiers = MAX (n_old_tiers, (gsize) (previous->prices[i].tiers - previous->tier_pool) +
                                    previous->prices[i].n_tiers);
  for (guint i = 0; i < previous->n_agreements; i++)
    n_old_tiers = MAX (n_old_tiers, (gsize) (previous->agreements[i].tiers - previous->tier_pool) +
                                    previous->agreements[i].n_tiers);
  table->tier_pool = g_new (RTier, MAX (n_old_tiers + builder->tiers->len, 1));
  memcpy (table->tier_pool, previous->tier_pool, sizeof (RTier) * n_old_tiers);
  slot = table->tier_pool + n_old_tiers;

  for (guint i = 0; i < previous->strings->len; i++)
    {
      RStrings *strings = g_ptr_array_index (previous->strings, i);

      g_atomic_ref_count_inc (&strings->ref_count);
      g_ptr_array_insert (table->strings, i, strings);
    }

  for (guint i = 0; i < n_raw; i++)
    {
      const RawPrice *raw = &g_array_index (builder->prices, RawPrice, i);
      RPrice compiled;

      if (!_hw_rules_compile_raw_price (self, price_table_chunk (table), raw,
                                        tiers + raw->first_tier, slot + raw->first_tier,
                                        &compiled, NULL))
        continue;
      if (raw->agreement)
        added_agreements[n_added_agreements++] = compiled;
      else
        added[n_added++] = compiled;
    }

  table->prices = g_new0 (RPrice, MAX (previous->n_prices + n_added, 1));
  table->n_prices = merge_prices (previous->prices, previous->n_prices, previous->tier_pool,
                                  added, n_added, removed, table->tier_pool, table->prices);
  table->agreements = g_new0 (RPrice, MAX (previous->n_agreements + n_added_agreements, 1));
  table->n_agreements = merge_prices (previous->agreements, previous->n_agreements,
                                      previous->tier_pool, added_agreements,
                                      n_added_agreements, removed, table->tier_pool,
                                      table->agreements);
  _hw_rules_use_prices (self, table);
}
