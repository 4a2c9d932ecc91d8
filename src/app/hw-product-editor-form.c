/* hw-product-editor-form.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-product-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-category-choices.h"
#include "hw-product-editor-private.h"

/* The editor's form: filled from the stored product (the digital fields, the category,
 * one typed row per attribute definition) and read back into the product it describes. */

/* Reading the form */

static char *
entry_text_or_null (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The product as the form says it should become. On an invalid attribute value,
 * @out_invalid (if given) gets its editor and the result is NULL. */
HwProduct *
_hw_product_editor_build_product (HwProductEditor  *self,
                                  HwAttributeRow  **out_invalid,
                                  GError          **error)
{
  g_autoptr(HwProduct) product = NULL;
  g_autofree char *description = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  guint selected;

  if (self->product == NULL)
    return NULL;

  product = hw_entity_copy (self->product);

  g_free (product->display_name);
  product->display_name = entry_text_or_null (GTK_EDITABLE (self->display_name_row));
  g_free (product->brand);
  product->brand = entry_text_or_null (GTK_EDITABLE (self->brand_row));

  buffer = gtk_text_view_get_buffer (self->description_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  description = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_free (product->description);
  g_strstrip (description);
  product->description = description[0] != '\0' ? g_steal_pointer (&description) : NULL;

  selected = gtk_drop_down_get_selected (self->category_dropdown);
  if (self->category_ids != NULL && selected < self->category_ids->len)
    {
      g_free (product->category_id);
      product->category_id = g_strdup (g_ptr_array_index (self->category_ids, selected));
    }

  /* Values keep their stored order, so an untouched form equals the stored product;
   * values of attributes the form does not show (none, normally) are kept. */
  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      HwAttributeRow *row = g_ptr_array_index (self->attribute_rows, i);
      const char *id = HW_ENTITY (hw_attribute_row_get_definition (row))->id;
      g_autofree char *value = NULL;
      gboolean found = FALSE;

      if (!hw_attribute_row_get_value (row, &value, error))
        {
          if (out_invalid != NULL)
            *out_invalid = row;
          return NULL;
        }

      for (guint j = product->attributes->len; j > 0; j--)
        {
          HwAttributeValue *v = g_ptr_array_index (product->attributes, j - 1);

          if (g_strcmp0 (v->attribute_id, id) != 0)
            continue;

          if (value != NULL && !found)
            {
              g_free (v->value);
              v->value = g_strdup (value);
              found = TRUE;
            }
          else
            g_ptr_array_remove_index (product->attributes, j - 1);
        }

      if (value != NULL && !found)
        hw_product_add_attribute (product, id, value);
    }

  return g_steal_pointer (&product);
}

/* Building the form */

static const char *
product_value_of (HwProduct  *product,
                  const char *attribute_id)
{
  for (guint i = 0; i < product->attributes->len; i++)
    {
      HwAttributeValue *v = g_ptr_array_index (product->attributes, i);

      if (g_strcmp0 (v->attribute_id, attribute_id) == 0)
        return v->value;
    }

  return NULL;
}

static int
attribute_compare (gconstpointer a,
                   gconstpointer b)
{
  const HwAttribute *aa = *(const HwAttribute * const *) a;
  const HwAttribute *ab = *(const HwAttribute * const *) b;

  if (aa->required != ab->required)
    return aa->required ? -1 : 1;

  return g_utf8_collate (aa->name, ab->name);
}

/* Required attributes and those with a value first; the other optional ones wait in
 * an expander, as a product uses a few of the assortment's many attributes. */
static gboolean
load_attributes (HwProductEditor  *self,
                 GError          **error)
{
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autofree char *after = NULL;
  g_autofree char *more_subtitle = NULL;
  guint n_more = 0;

  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->attribute_rows, i);

      /* Rows in the expander go with it. */
      if (gtk_widget_get_ancestor (row, ADW_TYPE_EXPANDER_ROW) == NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->attributes_group), row);
    }
  g_ptr_array_set_size (self->attribute_rows, 0);
  if (self->more_row != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->attributes_group), self->more_row);
  self->more_row = NULL;

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_attributes (self->store, query, error)))
        return FALSE;

      /* The definitions move to @definitions. */
      g_ptr_array_set_free_func (page->items, NULL);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (definitions, g_ptr_array_index (page->items, i));

      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  g_ptr_array_sort (definitions, attribute_compare);

  self->more_row = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->more_row), _("More Attributes"));

  for (guint i = 0; i < definitions->len; i++)
    {
      HwAttribute *definition = g_ptr_array_index (definitions, i);
      const char *value = product_value_of (self->product, HW_ENTITY (definition)->id);
      GtkWidget *row = hw_attribute_row_new (definition, value);

      g_signal_connect_swapped (row, "changed", G_CALLBACK (_hw_product_editor_form_changed), self);
      g_ptr_array_add (self->attribute_rows, row);

      if (definition->required || value != NULL)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->attributes_group), row);
      else
        {
          adw_expander_row_add_row (ADW_EXPANDER_ROW (self->more_row), row);
          n_more++;
        }
    }

  /* Translators: the subtitle of the expander holding the attributes a product has no value for */
  more_subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attribute without a value",
                                                "%u attributes without a value", n_more),
                                   n_more);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self->more_row), more_subtitle);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->attributes_group), self->more_row);
  gtk_widget_set_visible (self->more_row, n_more > 0);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->attributes_group),
                                         definitions->len == 0
                                         ? _("No attributes are defined yet.") : NULL);

  return TRUE;
}

gboolean
_hw_product_editor_load (HwProductEditor  *self,
                         GError          **error)
{
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GtkStringList) category_names = NULL;
  g_autoptr(GPtrArray) category_ids = NULL;
  g_autoptr(GError) relations_error = NULL;
  guint category;

  if (!(product = hw_store_get_product (self->store, self->product_id, error)))
    return FALSE;

  if (!hw_category_choices_load (self->store, _("No category"), &category_names, &category_ids,
                                 error))
    return FALSE;

  self->loading = TRUE;

  g_clear_pointer (&self->product, hw_entity_free);
  self->product = g_steal_pointer (&product);

  adw_window_title_set_title (self->window_title,
                              self->product->display_name ? self->product->display_name
                                                          : self->product->name);
  adw_window_title_set_subtitle (self->window_title, self->product->sku);
  gtk_window_set_title (GTK_WINDOW (self),
                        self->product->display_name ? self->product->display_name
                                                    : self->product->name);

  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row),
                         self->product->display_name ? self->product->display_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->brand_row),
                         self->product->brand ? self->product->brand : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->description_view),
                            self->product->description ? self->product->description : "", -1);

  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  self->category_ids = g_steal_pointer (&category_ids);
  category = hw_category_choices_find (self->category_ids, self->product->category_id);
  if (category == GTK_INVALID_LIST_POSITION)
    {
      /* Its category is not pulled yet: keep it rather than move the product out. */
      category = self->category_ids->len;
      gtk_string_list_append (category_names, _("Category not available yet"));
      g_ptr_array_add (self->category_ids, g_strdup (self->product->category_id));
    }
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (category_names));
  gtk_drop_down_set_selected (self->category_dropdown, category);

  hw_product_erp_group_set_product (self->erp_group, self->product);

  if (!load_attributes (self, error))
    {
      self->loading = FALSE;
      return FALSE;
    }

  hw_relation_list_set_product (self->relation_list, self->store, self->product_id);

  self->loading = FALSE;

  _hw_product_editor_form_loaded (self);

  return TRUE;
}
