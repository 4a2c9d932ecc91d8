/* hw-product-erp-group.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-product-erp-group"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-product-erp-group.h"
#include "hw-product-row.h"

/* The fields of a product that only the ERP writes (DESIGN.md §2), read-only, each
 * marked with its origin: no editor at all, so nobody types a value the next ERP
 * import would overwrite. */

struct _HwProductErpGroup
{
  AdwPreferencesGroup  parent_instance;

  GPtrArray           *rows;   /* GtkWidget, borrowed: removed on the next product */
};

G_DEFINE_FINAL_TYPE (HwProductErpGroup, hw_product_erp_group, ADW_TYPE_PREFERENCES_GROUP)

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


static GtkWidget *
erp_row_new (const char *title,
             const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *origin = gtk_image_new_from_icon_name ("network-server-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value ? value : "—");
  gtk_widget_add_css_class (row, "property");

  gtk_widget_set_name (origin, "erp-origin");
  gtk_widget_set_tooltip_text (origin, _("From ERP: change it in the ERP"));
  gtk_widget_add_css_class (origin, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (origin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("From ERP"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), origin);

  return row;
}

/**
 * hw_product_erp_group_set_product:
 *
 * Shows the ERP fields of @product.
 */
void
hw_product_erp_group_set_product (HwProductErpGroup *self,
                                  const HwProduct   *product)
{
  const HwProduct *p = product;
  /* As the table shows it, so one price never reads two ways. */
  g_autofree char *price = hw_format_money (p->base_price, p->currency);
  g_autofree char *min_qty = g_strdup_printf ("%" G_GINT64_FORMAT, p->min_qty);
  g_autofree char *multiple = g_strdup_printf ("%" G_GINT64_FORMAT, p->order_multiple);
  g_autofree char *max_qty = p->max_qty != HW_NONE
    ? g_strdup_printf ("%" G_GINT64_FORMAT, p->max_qty) : g_strdup (_("No maximum"));
  const struct { const char *title; const char *value; } fields[] = {
    { _("SKU"), p->sku },
    { _("ERP ID"), p->erp_id },
    { _("GTIN"), p->gtin },
    { _("ERP name"), p->name },
    { _("Unit"), p->unit },
    { _("Status"), status_label (p->status) },
    { _("Base price"), price },
    { _("Minimum order quantity"), min_qty },
    { _("Order multiple"), multiple },
    { _("Maximum order quantity"), max_qty },
  };

  g_return_if_fail (HW_IS_PRODUCT_ERP_GROUP (self));
  g_return_if_fail (product != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = erp_row_new (fields[i].title, fields[i].value);

      gtk_widget_set_name (row, "erp-field");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
hw_product_erp_group_finalize (GObject *object)
{
  HwProductErpGroup *self = (HwProductErpGroup *) object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (hw_product_erp_group_parent_class)->finalize (object);
}

static void
hw_product_erp_group_class_init (HwProductErpGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_product_erp_group_finalize;
}

static void
hw_product_erp_group_init (HwProductErpGroup *self)
{
  self->rows = g_ptr_array_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("From ERP"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("These fields come from the ERP and can only be "
                                           "changed there."));
}

GtkWidget *
hw_product_erp_group_new (void)
{
  return g_object_new (HW_TYPE_PRODUCT_ERP_GROUP, NULL);
}
