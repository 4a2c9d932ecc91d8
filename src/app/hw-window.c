/* hw-window.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-window"

#include "config.h"

#include "hw-assortment-page.h"
#include "hw-window.h"

struct _HwWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  GtkWidget            *content_box;
  AdwWindowTitle       *content_title;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar_list;
  GtkStack             *stack;

  /* Owned References */
  GtkSelectionModel    *pages;
  GSettings            *settings;
};

enum {
  PROP_0,
  PROP_SECTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwWindow, hw_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_sidebar_row (gpointer item,
                    gpointer user_data)
{
  GtkStackPage *page = item;
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  g_assert (GTK_IS_STACK_PAGE (page));

  image = g_object_new (GTK_TYPE_IMAGE,
                        "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                        "icon-name", gtk_stack_page_get_icon_name (page),
                        NULL);
  label = g_object_new (GTK_TYPE_LABEL,
                        "label", gtk_stack_page_get_title (page),
                        "ellipsize", PANGO_ELLIPSIZE_END,
                        "hexpand", TRUE,
                        "xalign", 0.0f,
                        NULL);
  box = g_object_new (GTK_TYPE_BOX,
                      "orientation", GTK_ORIENTATION_HORIZONTAL,
                      "spacing", 12,
                      NULL);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, gtk_stack_page_get_title (page),
                                  -1);

  return row;
}

static void
hw_window_sync_section (HwWindow *self)
{
  GtkWidget *child;
  guint n_pages;

  g_assert (HW_IS_WINDOW (self));

  if (self->stack == NULL || self->pages == NULL)
    return;

  if (!(child = gtk_stack_get_visible_child (self->stack)))
    return;

  adw_window_title_set_title (self->content_title,
                              gtk_stack_page_get_title (gtk_stack_get_page (self->stack, child)));

  n_pages = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n_pages; i++)
    {
      /* GtkStackPage has no autoptr cleanup in GTK 4.8. */
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) == child)
        {
          gtk_list_box_select_row (self->sidebar_list,
                                   gtk_list_box_get_row_at_index (self->sidebar_list, i));
          break;
        }
    }
}

static void
stack_visible_child_changed_cb (HwWindow   *self,
                                GParamSpec *pspec,
                                GtkStack   *stack)
{
  g_assert (HW_IS_WINDOW (self));

  hw_window_sync_section (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECTION]);
}

static void
sidebar_row_selected_cb (HwWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list_box)
{
  g_assert (HW_IS_WINDOW (self));

  if (row == NULL || self->pages == NULL)
    return;

  gtk_selection_model_select_item (self->pages, gtk_list_box_row_get_index (row), TRUE);
}

static void
sidebar_row_activated_cb (HwWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list_box)
{
  g_assert (HW_IS_WINDOW (self));

  /* When folded, choosing a section shows it in place of the sidebar. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
back_button_clicked_cb (HwWindow  *self,
                        GtkButton *button)
{
  g_assert (HW_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gboolean
schema_has_key_of_type (GSettingsSchema    *schema,
                        const char         *key_name,
                        const GVariantType *type)
{
  g_autoptr(GSettingsSchemaKey) key = NULL;

  if (!g_settings_schema_has_key (schema, key_name))
    return FALSE;

  key = g_settings_schema_get_key (schema, key_name);

  return g_variant_type_equal (g_settings_schema_key_get_value_type (key), type);
}

static void
hw_window_bind_settings (HwWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

  g_assert (HW_IS_WINDOW (self));

  /* Without an installed schema (running from the build directory, or in
   * tests) GSettings would abort, so the window size is then not remembered.
   */
  if (!(source = g_settings_schema_source_get_default ()) ||
      !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) ||
      !schema_has_key_of_type (schema, "window-width", G_VARIANT_TYPE_INT32) ||
      !schema_has_key_of_type (schema, "window-height", G_VARIANT_TYPE_INT32) ||
      !schema_has_key_of_type (schema, "window-maximized", G_VARIANT_TYPE_BOOLEAN))
    {
      g_debug ("Schema %s is not installed, the window size will not be remembered", APP_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);

  g_settings_bind (self->settings, "window-width",
                   self, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height",
                   self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized",
                   self, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
hw_window_dispose (GObject *object)
{
  HwWindow *self = (HwWindow *) object;

  if (self->sidebar_list != NULL)
    gtk_list_box_bind_model (self->sidebar_list, NULL, NULL, NULL, NULL);

  g_clear_object (&self->pages);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_WINDOW);

  G_OBJECT_CLASS (hw_window_parent_class)->dispose (object);
}

static void
hw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HwWindow *self = HW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      g_value_set_string (value, hw_window_get_section (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HwWindow *self = HW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SECTION:
      hw_window_set_section (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_window_class_init (HwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_window_dispose;
  object_class->get_property = hw_window_get_property;
  object_class->set_property = hw_window_set_property;

  /**
   * HwWindow:section:
   *
   * The name of the section shown in the content pane, such as "dashboard"
   * or "assortment".
   */
  properties[PROP_SECTION] =
    g_param_spec_string ("section", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/heartwork/One/hw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_changed_cb);

  g_type_ensure (HW_TYPE_ASSORTMENT_PAGE);
}

static void
hw_window_init (HwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->pages = gtk_stack_get_pages (self->stack);
  gtk_list_box_bind_model (self->sidebar_list,
                           G_LIST_MODEL (self->pages),
                           create_sidebar_row,
                           NULL, NULL);

  hw_window_sync_section (self);
  hw_window_bind_settings (self);
}

/**
 * hw_window_new:
 * @application: the #HwApplication
 *
 * Returns: (transfer full): a new #HwWindow
 */
HwWindow *
hw_window_new (HwApplication *application)
{
  g_return_val_if_fail (HW_IS_APPLICATION (application), NULL);

  return g_object_new (HW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * hw_window_get_section:
 * @self: a #HwWindow
 *
 * Returns: (nullable): the name of the visible section
 */
const char *
hw_window_get_section (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  if (self->stack == NULL)
    return NULL;

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * hw_window_set_section:
 * @self: a #HwWindow
 * @section: the name of a section, such as "orders"
 *
 * Shows @section in the content pane and selects it in the sidebar.
 */
void
hw_window_set_section (HwWindow   *self,
                       const char *section)
{
  g_return_if_fail (HW_IS_WINDOW (self));
  g_return_if_fail (section != NULL);

  if (gtk_stack_get_child_by_name (self->stack, section) == NULL)
    {
      g_warning ("There is no section named “%s”", section);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, section);
}
