/* hw-rules-builder.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include <string.h>

#include "hw-rules-private.h"

/* The rows a snapshot is built from, as the store's loader (hw-store-rules.c) or plain
 * arrays (hw_rules_new_from_data ()) hand them over; hw-rules.c builds from them. */

HwRulesBuilder *
_hw_rules_builder_new (gint64 revision)
{
  HwRulesBuilder *builder = g_new0 (HwRulesBuilder, 1);

  builder->revision = revision;
  builder->strings = g_string_chunk_new (1 << 20);
  builder->products = g_array_new (FALSE, TRUE, sizeof (RProduct));
  builder->category_ids = g_ptr_array_new ();
  builder->values = g_array_new (FALSE, TRUE, sizeof (RawValue));
  builder->prices = g_array_new (FALSE, TRUE, sizeof (RawPrice));
  builder->tiers = g_array_new (FALSE, FALSE, sizeof (RTier));
  builder->scratch = g_string_chunk_new (1 << 20);
  builder->entities = g_ptr_array_new_with_free_func (hw_entity_free);
  return builder;
}

void
_hw_rules_builder_free (HwRulesBuilder *builder)
{
  if (builder == NULL)
    return;

  if (builder->strings != NULL)
    g_string_chunk_free (builder->strings);
  g_array_unref (builder->products);
  g_ptr_array_unref (builder->category_ids);
  g_array_unref (builder->values);
  g_array_unref (builder->prices);
  g_array_unref (builder->tiers);
  g_string_chunk_free (builder->scratch);
  g_ptr_array_unref (builder->entities);
  g_free (builder->sorted_of_raw);
  g_free (builder);
}

void
_hw_rules_builder_add_product (HwRulesBuilder *builder,
                               const char     *id,
                               const char     *sku,
                               const char     *gtin,
                               const char     *name,
                               const char     *display_name,
                               const char     *brand,
                               const char     *status,
                               const char     *category_id,
                               gint64          base_price,
                               const char     *currency,
                               gint64          min_qty,
                               gint64          order_multiple,
                               gint64          max_qty)
{
  RProduct product = { 0 };

  product.id = _hw_rules_copy (builder->strings, id);
  product.sku = _hw_rules_copy (builder->strings, sku ? sku : "");
  product.gtin = _hw_rules_copy (builder->strings, gtin);
  product.name = _hw_rules_copy (builder->strings, name ? name : "");
  product.display_name = _hw_rules_copy (builder->strings, display_name);
  product.brand = _hw_rules_intern (builder->strings, brand);
  product.category = -1;
  if (g_strcmp0 (status, "blocked") == 0)
    product.status = STATUS_BLOCKED;
  else if (g_strcmp0 (status, "discontinued") == 0)
    product.status = STATUS_DISCONTINUED;
  else
    product.status = STATUS_ACTIVE;
  _hw_rules_copy_currency (product.currency, currency);
  product.base_price = base_price;
  product.min_qty = min_qty;
  product.order_multiple = order_multiple;
  product.max_qty = max_qty;

  g_array_append_val (builder->products, product);
  g_ptr_array_add (builder->category_ids, (gpointer) _hw_rules_intern (builder->strings, category_id));
}

/* A value of the product added last. */
void
_hw_rules_builder_add_value (HwRulesBuilder *builder,
                             const char     *attribute_id,
                             const char     *value)
{
  RawValue raw = {
    builder->products->len - 1,
    _hw_rules_intern (builder->scratch, attribute_id),
    _hw_rules_intern (builder->strings, value),
  };

  g_return_if_fail (builder->products->len > 0);

  if (raw.attribute_id != NULL && raw.value != NULL)
    {
      RProduct *product = &g_array_index (builder->products, RProduct, raw.product);

      /* A sum, so the order the values come in does not matter. */
      product->values_hash += ((guint64) g_str_hash (raw.attribute_id) << 32 |
                               g_str_hash (raw.value)) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
      g_array_append_val (builder->values, raw);
    }
}

void
_hw_rules_builder_add_tier (HwRulesBuilder *builder,
                            gboolean        agreement,
                            const char     *id,
                            const char     *owner_id,
                            const char     *product_id,
                            const char     *currency,
                            gint64          valid_from,
                            gint64          valid_to,
                            gint64          min_qty,
                            gint64          amount)
{
  RawPrice *last = builder->prices->len > 0
                   ? &g_array_index (builder->prices, RawPrice, builder->prices->len - 1)
                   : NULL;
  RTier tier = { min_qty, amount };

  if (last == NULL || last->agreement != agreement || g_strcmp0 (last->id, id) != 0)
    {
      RawPrice raw = {
        agreement,
        _hw_rules_copy (builder->scratch, id),
        _hw_rules_intern (builder->scratch, owner_id),
        _hw_rules_copy (builder->scratch, product_id),
        _hw_rules_intern (builder->scratch, currency),
        valid_from,
        valid_to,
        builder->tiers->len,
        0,
      };

      g_array_append_val (builder->prices, raw);
      last = &g_array_index (builder->prices, RawPrice, builder->prices->len - 1);
    }

  g_array_append_val (builder->tiers, tier);
  last->n_tiers++;
}

void
_hw_rules_builder_take (HwRulesBuilder *builder,
                        gpointer        entity)
{
  g_ptr_array_add (builder->entities, entity);
}

HwRules *
hw_rules_new_from_data (const HwRulesData  *data,
                        GError            **error)
{
  HwRulesBuilder *builder;
  GPtrArray *simple[] = {
    data->categories, data->attributes, data->catalogues, data->accounts, data->users,
    data->visibility_rules, data->price_lists, data->discount_rules,
  };

  g_return_val_if_fail (data != NULL, NULL);

  builder = _hw_rules_builder_new (data->revision);

  for (guint i = 0; data->products != NULL && i < data->products->len; i++)
    {
      const HwProduct *p = g_ptr_array_index (data->products, i);

      _hw_rules_builder_add_product (builder, HW_ENTITY (p)->id, p->sku, p->gtin, p->name,
                                     p->display_name, p->brand, p->status, p->category_id,
                                     p->base_price, p->currency, p->min_qty,
                                     p->order_multiple, p->max_qty);
      for (guint j = 0; p->attributes != NULL && j < p->attributes->len; j++)
        {
          const HwAttributeValue *v = g_ptr_array_index (p->attributes, j);

          _hw_rules_builder_add_value (builder, v->attribute_id, v->value);
        }
    }

  for (guint i = 0; data->prices != NULL && i < data->prices->len; i++)
    {
      const HwPrice *p = g_ptr_array_index (data->prices, i);

      for (guint j = 0; j < p->tiers->len; j++)
        {
          const HwPriceTier *t = g_ptr_array_index (p->tiers, j);

          _hw_rules_builder_add_tier (builder, FALSE, HW_ENTITY (p)->id, p->price_list_id,
                                      p->product_id, NULL, p->valid_from, p->valid_to,
                                      t->min_qty, t->amount);
        }
    }

  for (guint i = 0; data->price_agreements != NULL && i < data->price_agreements->len; i++)
    {
      const HwPriceAgreement *a = g_ptr_array_index (data->price_agreements, i);

      for (guint j = 0; j < a->tiers->len; j++)
        {
          const HwPriceTier *t = g_ptr_array_index (a->tiers, j);

          _hw_rules_builder_add_tier (builder, TRUE, HW_ENTITY (a)->id, a->account_id,
                                      a->product_id, a->currency, a->valid_from, a->valid_to,
                                      t->min_qty, t->amount);
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (simple); k++)
    for (guint i = 0; simple[k] != NULL && i < simple[k]->len; i++)
      _hw_rules_builder_take (builder, hw_entity_copy (g_ptr_array_index (simple[k], i)));

  return _hw_rules_builder_finish (builder, error);
}
