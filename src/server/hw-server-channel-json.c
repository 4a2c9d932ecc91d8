/* hw-server-channel-json.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include "hw-json.h"
#include "hw-server-channel-private.h"

/* The channel API's answers as JSON text, written straight into a GString: a catalogue
 * page holds up to 200 products, each written per caller (hw-server-channel.c). */

/* The smallest quantity the product's conditions allow: at least the minimum, a
 * multiple of order_multiple. Catalogue prices are quoted for it. */
gint64
hw_channel_first_quantity (const HwProduct *product)
{
  gint64 qty = MAX (1, product->min_qty);
  gint64 multiple = MAX (1, product->order_multiple);

  if (qty % multiple != 0)
    qty += multiple - qty % multiple;

  return qty;
}

void
hw_channel_write_key (GString    *out,
                      const char *key)
{
  g_string_append_c (out, '"');
  g_string_append (out, key);
  g_string_append (out, "\":");
}

void
hw_channel_write_string_member (GString    *out,
                                const char *key,
                                const char *value)
{
  hw_channel_write_key (out, key);
  if (value != NULL)
    hw_json_write_string (out, value);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
}

/* Decimal digits without printf: a page writes hundreds of numbers. */
void
hw_channel_write_int (GString *out,
                      gint64   value)
{
  char digits[24];
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;
  guint n = 0;

  do
    digits[sizeof digits - 1 - n++] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (value < 0)
    digits[sizeof digits - 1 - n++] = '-';

  g_string_append_len (out, digits + sizeof digits - n, n);
}

void
hw_channel_write_int_member (GString    *out,
                             const char *key,
                             gint64      value)
{
  hw_channel_write_key (out, key);
  if (value == HW_NONE)
    g_string_append (out, "null");
  else
    hw_channel_write_int (out, value);
  g_string_append_c (out, ',');
}

/* The part of a product's JSON that is the same for every caller: from "{" to the
 * comma after its conditions. */
void
hw_channel_write_product_head (GString         *out,
                               const HwProduct *product)
{
  g_string_append_c (out, '{');
  hw_channel_write_string_member (out, "id", HW_ENTITY (product)->id);
  hw_channel_write_string_member (out, "sku", product->sku);
  hw_channel_write_string_member (out, "name",
                                  product->display_name != NULL ? product->display_name
                                                                : product->name);
  hw_channel_write_string_member (out, "description", product->description);
  hw_channel_write_string_member (out, "brand", product->brand);
  hw_channel_write_string_member (out, "gtin", product->gtin);
  hw_channel_write_string_member (out, "unit", product->unit);
  hw_channel_write_string_member (out, "status", product->status);
  hw_channel_write_string_member (out, "category_id", product->category_id);
  hw_channel_write_key (out, "conditions");
  g_string_append_c (out, '{');
  hw_channel_write_int_member (out, "min_qty", product->min_qty);
  hw_channel_write_int_member (out, "order_multiple", product->order_multiple);
  hw_channel_write_int_member (out, "max_qty", product->max_qty);
  g_string_truncate (out, out->len - 1);
  g_string_append (out, "},");
}

/* Appends @product as the channel shows it to the caller of @request: @head (its texts and
 * conditions, hw_channel_write_product_head()), whether it may be ordered and, if the user
 * sees prices, its price for the first quantity its conditions allow. */
gboolean
hw_channel_write_product (GString          *out,
                          HwChannelRequest *request,
                          const HwProduct  *product,
                          const char       *head,
                          gsize             head_length,
                          GError          **error)
{
  const char *id = HW_ENTITY (product)->id;
  gint64 qty = hw_channel_first_quantity (product);
  HwOrderable orderable;

  if (!hw_rules_orderable (request->rules, request->principal->user_id, id, qty,
                           request->now, &orderable, NULL, error))
    return FALSE;

  g_string_append_len (out, head, head_length);
  hw_channel_write_key (out, "orderable");
  g_string_append (out, orderable == HW_ORDERABLE_OK ? "true," : "false,");

  if (request->user->show_prices)
    {
      HwPriceResult price;

      if (!hw_rules_price (request->rules, request->principal->account_id, id, qty,
                           request->now, &price, NULL, error))
        return FALSE;

      hw_channel_write_key (out, "price");
      g_string_append_c (out, '{');
      hw_channel_write_int_member (out, "quantity", qty);
      hw_channel_write_int_member (out, "unit_price", price.unit_price);
      hw_channel_write_int_member (out, "list_price", price.list_price);
      hw_channel_write_string_member (out, "currency", price.currency);
      g_string_truncate (out, out->len - 1);
      g_string_append (out, "},");
    }

  g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '}');
  return TRUE;
}
