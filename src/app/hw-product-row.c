/* hw-product-row.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-product-row"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hw-product-row.h"

/* One row of the product table. HwProductListModel hands out a row before its page is
 * read (a placeholder, loaded FALSE) and fills it in when the page arrives; the cells
 * bind to the properties, so they update in place without items-changed. */
struct _HwProductRow
{
  GObject    parent_instance;

  HwProduct *product;
  char      *category;
  guint      position;
};

enum {
  PROP_0,
  PROP_LOADED,
  PROP_SKU,
  PROP_NAME,
  PROP_BRAND,
  PROP_CATEGORY,
  PROP_STATUS,
  PROP_PRICE,
  PROP_COMPLETENESS,
  PROP_COMPLETENESS_TEXT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwProductRow, hw_product_row, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* Money as the user reads it: the currency's minor digits and the locale's decimal
 * mark, from integer minor units (no floating point on amounts). */
char *
hw_format_money (gint64      amount,
                 const char *currency)
{
  const char *symbol = NULL;
  const char *mark = localeconv ()->decimal_point;
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 value = amount < 0 ? -(guint64) amount : (guint64) amount;
  int minor = hw_currency_minor_digits (currency);
  guint64 scale = 1;

  for (int i = 0; i < minor; i++)
    scale *= 10;

  g_string_append_printf (digits, "%" G_GUINT64_FORMAT, value / scale);
  if (minor > 0)
    g_string_append_printf (digits, "%s%0*" G_GUINT64_FORMAT, mark && *mark ? mark : ".",
                            minor, value % scale);

  if (g_strcmp0 (currency, "EUR") == 0)
    symbol = "€";
  else if (g_strcmp0 (currency, "USD") == 0)
    symbol = "$";
  else if (g_strcmp0 (currency, "GBP") == 0)
    symbol = "£";

  if (symbol != NULL)
    return g_strdup_printf ("%s%s\u2009%s", amount < 0 ? "−" : "", symbol, digits->str);

  return g_strdup_printf ("%s%s\u00a0%s", amount < 0 ? "−" : "", digits->str,
                          currency ? currency : "");
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return _("Active");
  if (g_strcmp0 (status, "discontinued") == 0)
    return _("Discontinued");
  if (g_strcmp0 (status, "blocked") == 0)
    return _("Blocked");
  return status;
}

static void
hw_product_row_finalize (GObject *object)
{
  HwProductRow *self = (HwProductRow *)object;

  g_clear_pointer (&self->product, hw_entity_free);
  g_clear_pointer (&self->category, g_free);

  G_OBJECT_CLASS (hw_product_row_parent_class)->finalize (object);
}

static void
hw_product_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HwProductRow *self = HW_PRODUCT_ROW (object);
  HwProduct *p = self->product;

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, p != NULL);
      break;

    case PROP_SKU:
      g_value_set_string (value, p ? p->sku : NULL);
      break;

    case PROP_NAME:
      g_value_set_string (value, p ? (p->display_name ? p->display_name : p->name) : NULL);
      break;

    case PROP_BRAND:
      g_value_set_string (value, p ? p->brand : NULL);
      break;

    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;

    case PROP_STATUS:
      g_value_set_string (value, p ? status_label (p->status) : NULL);
      break;

    case PROP_PRICE:
      g_value_take_string (value, hw_product_row_dup_price (self));
      break;

    case PROP_COMPLETENESS:
      g_value_set_double (value, p ? p->completeness / 100.0 : 0.0);
      break;

    case PROP_COMPLETENESS_TEXT:
      /* Translators: a product's completeness, e.g. “80 %” */
      g_value_take_string (value, p ? g_strdup_printf (_("%d %%"), (int) p->completeness)
                                    : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_product_row_class_init (HwProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_product_row_finalize;
  object_class->get_property = hw_product_row_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SKU] =
    g_param_spec_string ("sku", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BRAND] =
    g_param_spec_string ("brand", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PRICE] =
    g_param_spec_string ("price", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETENESS] =
    g_param_spec_double ("completeness", NULL, NULL, 0.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETENESS_TEXT] =
    g_param_spec_string ("completeness-text", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_product_row_init (HwProductRow *self)
{
}

HwProductRow *
hw_product_row_new (guint position)
{
  HwProductRow *self = g_object_new (HW_TYPE_PRODUCT_ROW, NULL);

  self->position = position;
  return self;
}

guint
hw_product_row_get_position (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), 0);

  return self->position;
}

gboolean
hw_product_row_get_loaded (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), FALSE);

  return self->product != NULL;
}

const HwProduct *
hw_product_row_get_product (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), NULL);

  return self->product;
}

const char *
hw_product_row_get_id (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), NULL);

  return self->product ? HW_ENTITY (self->product)->id : NULL;
}

const char *
hw_product_row_get_category (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), NULL);

  return self->category;
}

char *
hw_product_row_dup_price (HwProductRow *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_ROW (self), NULL);

  if (self->product == NULL)
    return NULL;

  return hw_format_money (self->product->base_price, self->product->currency);
}

/**
 * hw_product_row_fill:
 * @product: (transfer full): the product read for this row
 *
 * Fills a placeholder in, notifying every property at once.
 */
void
hw_product_row_fill (HwProductRow *self,
                     HwProduct    *product,
                     const char   *category_name)
{
  g_return_if_fail (HW_IS_PRODUCT_ROW (self));
  g_return_if_fail (product != NULL);

  g_clear_pointer (&self->product, hw_entity_free);
  self->product = product;
  g_free (self->category);
  self->category = g_strdup (category_name);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_LOADED; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
  g_object_thaw_notify (G_OBJECT (self));
}
