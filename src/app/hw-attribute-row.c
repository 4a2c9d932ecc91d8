/* hw-attribute-row.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-attribute-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "hw-attribute-row.h"
#include "hw-core-error.h"

/* One attribute value with the editor its definition's type asks for: an entry for
 * text, a checked entry and the unit for a number, a switch for a boolean, a drop-down
 * of the options (after "Not set") for an enum. The value is the store's text form:
 * "12.5", "true", an option. */

struct _HwAttributeRow
{
  AdwActionRow  parent_instance;

  GtkWidget    *editor;     /* GtkEntry, GtkSwitch or GtkDropDown */
  HwAttribute  *definition;
  guint         had_value : 1;
  guint         touched   : 1; /* a switch was toggled: "false" is then a value */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HwAttributeRow, hw_attribute_row, ADW_TYPE_ACTION_ROW)

static gboolean
is_type (HwAttributeRow *self,
         const char     *type)
{
  return g_strcmp0 (self->definition->type, type) == 0;
}

static void
editor_changed_cb (HwAttributeRow *self)
{
  hw_attribute_row_set_error (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
switch_toggled_cb (HwAttributeRow *self)
{
  self->touched = TRUE;
  editor_changed_cb (self);
}

static void
hw_attribute_row_finalize (GObject *object)
{
  HwAttributeRow *self = (HwAttributeRow *) object;

  g_clear_pointer (&self->definition, hw_entity_free);

  G_OBJECT_CLASS (hw_attribute_row_parent_class)->finalize (object);
}

static void
hw_attribute_row_class_init (HwAttributeRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_attribute_row_finalize;

  /**
   * HwAttributeRow::changed:
   *
   * Emitted when the user changes the value.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
hw_attribute_row_init (HwAttributeRow *self)
{
}

static void
build_editor (HwAttributeRow *self,
              const char     *value)
{
  GtkWidget *unit = NULL;

  if (is_type (self, "boolean"))
    {
      self->editor = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (self->editor), g_strcmp0 (value, "true") == 0);
      g_signal_connect_swapped (self->editor, "notify::active",
                                G_CALLBACK (switch_toggled_cb), self);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->editor);
    }
  else if (is_type (self, "enum"))
    {
      g_autoptr(GtkStringList) options = gtk_string_list_new (NULL);
      char **defined = self->definition->options;
      guint selected = 0;

      gtk_string_list_append (options, _("Not set"));
      for (guint i = 0; defined != NULL && defined[i] != NULL; i++)
        {
          gtk_string_list_append (options, defined[i]);
          if (g_strcmp0 (defined[i], value) == 0)
            selected = i + 1;
        }

      self->editor = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&options)), NULL);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editor), selected);
      g_signal_connect_swapped (self->editor, "notify::selected",
                                G_CALLBACK (editor_changed_cb), self);
    }
  else
    {
      self->editor = gtk_entry_new ();
      gtk_editable_set_text (GTK_EDITABLE (self->editor), value ? value : "");
      gtk_editable_set_width_chars (GTK_EDITABLE (self->editor), 16);
      g_signal_connect_swapped (self->editor, "changed", G_CALLBACK (editor_changed_cb), self);

      if (is_type (self, "number"))
        {
          gtk_entry_set_input_purpose (GTK_ENTRY (self->editor), GTK_INPUT_PURPOSE_NUMBER);
          gtk_editable_set_alignment (GTK_EDITABLE (self->editor), 1.0);
          gtk_widget_add_css_class (self->editor, "numeric");

          /* Always there, empty without a unit, so the entries line up. */
          unit = gtk_label_new (self->definition->unit);
          gtk_widget_add_css_class (unit, "dim-label");
          gtk_widget_set_size_request (unit, 36, -1);
          gtk_label_set_xalign (GTK_LABEL (unit), 0.0);
        }
    }

  gtk_widget_set_valign (self->editor, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->definition->name,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->editor);
  if (unit != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (self), unit);
}

/**
 * hw_attribute_row_new:
 * @definition: the attribute definition (copied)
 * @value: (nullable): the current value, in the store's text form
 *
 * Returns: (transfer floating): a row named after the attribute's code
 */
GtkWidget *
hw_attribute_row_new (const HwAttribute *definition,
                      const char        *value)
{
  HwAttributeRow *self;

  g_return_val_if_fail (definition != NULL, NULL);

  self = g_object_new (HW_TYPE_ATTRIBUTE_ROW,
                       "name", definition->code,
                       "title", definition->name,
                       "use-markup", FALSE,
                       NULL);
  self->definition = hw_entity_copy (definition);
  self->had_value = value != NULL;
  build_editor (self, value);
  hw_attribute_row_set_error (self, NULL);

  return GTK_WIDGET (self);
}

const HwAttribute *
hw_attribute_row_get_definition (HwAttributeRow *self)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_ROW (self), NULL);

  return self->definition;
}

/**
 * hw_attribute_row_get_value:
 * @out_value: (out) (transfer full) (nullable): the value, %NULL when not set
 *
 * Returns: %FALSE with %HW_CORE_ERROR_INVALID when the typed text is not a valid value
 */
gboolean
hw_attribute_row_get_value (HwAttributeRow  *self,
                            char           **out_value,
                            GError         **error)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  double number;

  g_return_val_if_fail (HW_IS_ATTRIBUTE_ROW (self), FALSE);

  *out_value = NULL;

  if (is_type (self, "boolean"))
    {
      gboolean active = gtk_switch_get_active (GTK_SWITCH (self->editor));

      if (self->had_value || self->touched)
        *out_value = g_strdup (active ? "true" : "false");
      return TRUE;
    }

  if (is_type (self, "enum"))
    {
      guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->editor));
      char **defined = self->definition->options;

      if (selected > 0 && defined != NULL && selected <= g_strv_length (defined))
        *out_value = g_strdup (defined[selected - 1]);
      return TRUE;
    }

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->editor))));
  if (text[0] == '\0')
    return TRUE;

  if (is_type (self, "number"))
    {
      /* Dutch users type a decimal comma; the store keeps a dot. */
      g_strdelimit (text, ",", '.');
      number = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (number))
        {
          g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                       _("“%s” is not a number. Enter a number such as 12.5."),
                       gtk_editable_get_text (GTK_EDITABLE (self->editor)));
          return FALSE;
        }
    }

  *out_value = g_steal_pointer (&text);
  return TRUE;
}

/**
 * hw_attribute_row_set_error:
 * @message: (nullable): what is wrong, or %NULL to clear it
 *
 * Marks the row and shows @message in place of its "Required" note.
 */
void
hw_attribute_row_set_error (HwAttributeRow *self,
                            const char     *message)
{
  g_return_if_fail (HW_IS_ATTRIBUTE_ROW (self));

  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self), message);
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               self->definition->required ? _("Required") : "");
}
