/* hw-rules-compile.c
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

/* Compiling model structs against a snapshot's indexes: ids become indexes, scopes and
 * targets enums, tiers sorted. The snapshot's build uses these, and so does impact for the
 * proposal it lays over a snapshot. */

static gboolean
parse_scope (const char *text,
             guint8     *out)
{
  static const char * const names[N_SCOPES] = { "all", "segment", "role", "account", "user" };

  for (guint i = 0; i < N_SCOPES; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
invalid (GError    **error,
         const char *field,
         const char *message)
{
  hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "%s", message);
  return FALSE;
}

/**
 * _hw_rules_compile_rule:
 *
 * Compiles a visibility rule against the snapshot's indexes. On failure (a reference to
 * nothing) @out is still usable: the unresolved part matches nothing.
 */
gboolean
_hw_rules_compile_rule (HwRules                *self,
                        GStringChunk           *strings,
                        const HwVisibilityRule *rule,
                        RRule                  *out,
                        GError                **error)
{
  gboolean ok = TRUE;

  memset (out, 0, sizeof *out);
  out->id = _hw_rules_copy (strings, HW_ENTITY (rule)->id);
  out->scope_value = _hw_rules_intern (strings, rule->scope_value);
  out->target_index = -1;
  out->attribute_code = _hw_rules_intern (strings, rule->attribute_code);
  out->attribute_value = _hw_rules_intern (strings, rule->attribute_value);
  out->hide = g_strcmp0 (rule->effect, "hide") == 0;
  out->priority = rule->priority;
  out->valid_from = rule->valid_from;
  out->valid_to = rule->valid_to;

  if (!parse_scope (rule->scope, &out->scope))
    {
      /* Unknown scopes match nobody: user scope with no value. */
      out->scope = SCOPE_USER;
      out->scope_value = NULL;
      ok = invalid (error, "scope", "is not all, segment, role, account or user");
    }
  else if (out->scope == SCOPE_ACCOUNT &&
           _hw_rules_lookup (self->account_by_id, rule->scope_value) < 0)
    ok = invalid (error, "scope_value", "names no account");
  else if (out->scope == SCOPE_USER &&
           _hw_rules_lookup (self->user_by_id, rule->scope_value) < 0)
    ok = invalid (error, "scope_value", "names no user");

  if (g_strcmp0 (rule->target, "product") == 0)
    {
      out->target = TARGET_PRODUCT;
      out->target_index = _hw_rules_lookup (self->product_by_id, rule->target_id);
      if (out->target_index < 0 && ok)
        ok = invalid (error, "target_id", "names no product");
    }
  else if (g_strcmp0 (rule->target, "category") == 0)
    {
      out->target = TARGET_CATEGORY;
      out->target_index = _hw_rules_lookup (self->category_by_id, rule->target_id);
      if (out->target_index < 0 && ok)
        ok = invalid (error, "target_id", "names no category");
    }
  else if (g_strcmp0 (rule->target, "attribute") == 0)
    {
      g_autofree char *key = g_strconcat (rule->attribute_code ? rule->attribute_code : "",
                                          "\x1f",
                                          rule->attribute_value ? rule->attribute_value : "",
                                          NULL);

      out->target = TARGET_ATTRIBUTE;
      if (rule->attribute_code != NULL && rule->attribute_value != NULL)
        out->postings = g_hash_table_lookup (self->postings, key);
      if (ok && (rule->attribute_code == NULL || rule->attribute_value == NULL))
        ok = invalid (error, "attribute_code", "and attribute_value must be given");
      else if (ok && strcmp (rule->attribute_code, "brand") != 0 &&
               !g_hash_table_contains (self->attribute_codes, rule->attribute_code))
        ok = invalid (error, "attribute_code", "names no attribute");
    }
  else
    {
      out->target = TARGET_PRODUCT;
      if (ok)
        ok = invalid (error, "target", "is not product, category or attribute");
    }

  return ok;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  HwRules *self = user_data;
  const RCatalogueEntry *x = a, *y = b;

  if (x->is_category != y->is_category)
    return x->is_category ? -1 : 1;
  if (x->is_category && self->categories[x->target].depth != self->categories[y->target].depth)
    return self->categories[x->target].depth < self->categories[y->target].depth ? -1 : 1;
  if (x->include != y->include)
    return x->include ? -1 : 1;
  return x->target < y->target ? -1 : x->target > y->target;
}

gboolean
_hw_rules_compile_catalogue (HwRules            *self,
                             GStringChunk       *strings,
                             const HwCatalogue  *catalogue,
                             RCatalogue         *out,
                             GError            **error)
{
  gboolean ok = TRUE;
  guint n = catalogue->entries ? catalogue->entries->len : 0;

  memset (out, 0, sizeof *out);
  out->id = _hw_rules_copy (strings, HW_ENTITY (catalogue)->id);
  out->all = g_strcmp0 (catalogue->default_visibility, "none") != 0;
  out->is_default = catalogue->is_default;
  out->entries = g_new0 (RCatalogueEntry, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const HwCatalogueEntry *entry = g_ptr_array_index (catalogue->entries, i);
      RCatalogueEntry compiled = { -1, FALSE, g_strcmp0 (entry->effect, "exclude") != 0 };

      compiled.is_category = g_strcmp0 (entry->target_type, "category") == 0;
      compiled.target = _hw_rules_lookup (compiled.is_category ? self->category_by_id
                                                               : self->product_by_id,
                                          entry->target_id);
      if (compiled.target < 0)
        {
          if (ok)
            ok = invalid (error, "entries", "an entry names nothing in the assortment");
          continue;
        }
      out->entries[out->n_entries++] = compiled;
    }

  g_qsort_with_data (out->entries, out->n_entries, sizeof (RCatalogueEntry), compare_entries, self);
  return ok;
}

static int
compare_tiers (gconstpointer a,
               gconstpointer b)
{
  const RTier *x = a, *y = b;

  if (x->min_qty != y->min_qty)
    return x->min_qty < y->min_qty ? -1 : 1;
  return x->amount < y->amount ? -1 : x->amount > y->amount;
}

/* Compiles a price row whose tiers are @tiers into @out; its tiers go to @slot (the
 * snapshot's pool) or, when NULL, to memory of its own. */
gboolean
_hw_rules_compile_raw_price (HwRules        *self,
                             GStringChunk   *strings,
                             const RawPrice *raw,
                             const RTier    *tiers,
                             RTier          *slot,
                             RPrice         *out,
                             GError        **error)
{
  gboolean ok = TRUE;

  memset (out, 0, sizeof *out);
  out->id = _hw_rules_copy (strings, raw->id);
  out->owner = _hw_rules_lookup (raw->agreement ? self->account_by_id : self->price_list_by_id,
                                 raw->owner_id);
  out->product = _hw_rules_lookup (self->product_by_id, raw->product_id);
  _hw_rules_copy_currency (out->currency, raw->currency);
  if (!raw->agreement && out->owner >= 0)
    _hw_rules_copy_currency (out->currency, self->price_lists[out->owner].currency);
  out->valid_from = raw->valid_from;
  out->valid_to = raw->valid_to;
  out->n_tiers = raw->n_tiers;
  if (slot != NULL)
    out->tiers = memcpy (slot, tiers, sizeof (RTier) * raw->n_tiers);
  else
    out->tiers = g_memdup2 (tiers, sizeof (RTier) * MAX (raw->n_tiers, 1));
  qsort (out->tiers, out->n_tiers, sizeof (RTier), compare_tiers);

  if (out->owner < 0)
    ok = invalid (error, raw->agreement ? "account_id" : "price_list_id", "names nothing");
  else if (out->product < 0)
    ok = invalid (error, "product_id", "names no product");
  return ok;
}

gboolean
_hw_rules_compile_price (HwRules       *self,
                         GStringChunk  *strings,
                         gconstpointer  price,
                         RPrice        *out,
                         GError       **error)
{
  const HwEntity *entity = price;
  gboolean agreement = entity->type == &hw_price_agreement_type;
  GPtrArray *tiers = agreement ? ((const HwPriceAgreement *) price)->tiers
                               : ((const HwPrice *) price)->tiers;
  RawPrice raw = { agreement, entity->id, NULL, NULL, NULL, 0, 0, 0, 0 };
  g_autoptr(GArray) compiled = g_array_new (FALSE, FALSE, sizeof (RTier));

  if (agreement)
    {
      const HwPriceAgreement *a = price;

      raw.owner_id = a->account_id;
      raw.product_id = a->product_id;
      raw.currency = a->currency;
      raw.valid_from = a->valid_from;
      raw.valid_to = a->valid_to;
    }
  else
    {
      const HwPrice *p = price;

      raw.owner_id = p->price_list_id;
      raw.product_id = p->product_id;
      raw.valid_from = p->valid_from;
      raw.valid_to = p->valid_to;
    }

  for (guint i = 0; tiers != NULL && i < tiers->len; i++)
    {
      const HwPriceTier *tier = g_ptr_array_index (tiers, i);
      RTier t = { tier->min_qty, tier->amount };

      g_array_append_val (compiled, t);
    }
  raw.n_tiers = compiled->len;
  return _hw_rules_compile_raw_price (self, strings, &raw, (const RTier *) compiled->data, NULL, out, error);
}

gboolean
_hw_rules_compile_discount (HwRules               *self,
                            GStringChunk          *strings,
                            const HwDiscountRule  *rule,
                            RDiscount             *out,
                            GError               **error)
{
  gboolean ok = TRUE;

  memset (out, 0, sizeof *out);
  out->id = _hw_rules_copy (strings, HW_ENTITY (rule)->id);
  out->discount_bp = CLAMP (rule->discount_bp, 0, 10000);
  out->account_scope = g_strcmp0 (rule->scope, "account") == 0;
  out->account = out->account_scope ? _hw_rules_lookup (self->account_by_id, rule->scope_value) : -1;
  out->segment = out->account_scope ? NULL : _hw_rules_intern (strings, rule->scope_value);
  out->target_index = -1;
  out->valid_from = rule->valid_from;
  out->valid_to = rule->valid_to;

  if (out->account_scope && out->account < 0)
    ok = invalid (error, "scope_value", "names no account");
  else if (!out->account_scope && g_strcmp0 (rule->scope, "segment") != 0)
    ok = invalid (error, "scope", "is not account or segment");

  if (g_strcmp0 (rule->target, "product") == 0)
    {
      out->target = TARGET_PRODUCT;
      out->target_index = _hw_rules_lookup (self->product_by_id, rule->target_value);
      if (ok && out->target_index < 0)
        ok = invalid (error, "target_value", "names no product");
    }
  else if (g_strcmp0 (rule->target, "category") == 0)
    {
      out->target = TARGET_CATEGORY;
      out->target_index = _hw_rules_lookup (self->category_by_id, rule->target_value);
      if (ok && out->target_index < 0)
        ok = invalid (error, "target_value", "names no category");
    }
  else
    {
      out->target = TARGET_BRAND;
      out->brand = _hw_rules_intern (strings, rule->target_value);
      if (ok && g_strcmp0 (rule->target, "brand") != 0)
        ok = invalid (error, "target", "is not product, category or brand");
    }

  return ok;
}

void
_hw_rules_free_compiled (RCatalogue *catalogue,
                         RPrice     *price)
{
  if (catalogue != NULL)
    g_clear_pointer (&catalogue->entries, g_free);
  if (price != NULL)
    g_clear_pointer (&price->tiers, g_free);
}
