/* hw-window.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-assortment-page.h"
#include "hw-conflict-dialog.h"
#include "hw-window-private.h"

/* The main window: the sign-in page on first run, the first sync's progress, then the
 * sections (a sidebar and a stack, DESIGN.md §5) under a header bar with the sync
 * indicator, an offline banner, and toasts over everything. Which page shows follows
 * the session: a profile open means the sections. */


enum {
  PROP_0,
  PROP_SECTION,
  PROP_SESSION,
  PROP_OFFLINE,
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

  /* The server signed in to last, for the next first run (another profile, or
   * after signing out with the copy deleted). */
  if (schema_has_key_of_type (schema, "server-url", G_VARIANT_TYPE_STRING))
    {
      g_autofree char *server_url = g_settings_get_string (self->settings, "server-url");

      self->remember_server = TRUE;
      if (server_url[0] != '\0')
        hw_sign_in_page_set_credentials (self->sign_in_page, server_url, NULL, NULL);
    }
}

void
_hw_window_update_page (HwWindow *self)
{
  const char *page;

  g_assert (HW_IS_WINDOW (self));

  /* A sign-in under way opens the profile before the first sync starts: stay. */
  if (self->initial_sync)
    page = "initial-sync";
  else if (hw_sign_in_page_get_busy (self->sign_in_page) || self->sign_in_again)
    page = "sign-in";
  else if (self->session != NULL && hw_session_get_profile (self->session) != NULL)
    page = "main";
  else
    page = "sign-in";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    return;

  /* The focus must not stay in an entry of the page that goes away. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_stack_set_visible_child_name (self->main_stack, page);
}

/* Gives the local copy to every section that takes one (see hw-window.h). */
static void
hw_window_propagate_store (HwWindow *self)
{
  HwStore *store;
  guint n_pages;

  g_assert (HW_IS_WINDOW (self));

  store = self->session ? hw_session_get_store (self->session) : NULL;
  n_pages = g_list_model_get_n_items (G_LIST_MODEL (self->pages));

  for (guint i = 0; i < n_pages; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (self->pages), i);
      GtkWidget *child = gtk_stack_page_get_child (GTK_STACK_PAGE (page));
      GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (child), "store");

      if (pspec != NULL &&
          (pspec->flags & G_PARAM_WRITABLE) != 0 &&
          g_type_is_a (HW_TYPE_STORE, pspec->value_type))
        g_object_set (child, "store", store, NULL);
    }
}

static void
pages_changed_cb (HwWindow   *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *pages)
{
  g_assert (HW_IS_WINDOW (self));

  /* A section added later gets the store too. */
  if (added > 0)
    hw_window_propagate_store (self);
}

static void
session_engine_changed_cb (HwWindow   *self,
                           GParamSpec *pspec,
                           HwSession  *session)
{
  HwSyncEngine *engine = hw_session_get_engine (session);

  g_assert (HW_IS_WINDOW (self));

  hw_sync_indicator_set_engine (self->sync_indicator, engine);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "resolve-conflicts")),
                               engine != NULL);

  _hw_window_sync_reset (self);
}

static void
session_store_changed_cb (HwWindow   *self,
                          GParamSpec *pspec,
                          HwSession  *session)
{
  g_assert (HW_IS_WINDOW (self));

  hw_window_propagate_store (self);
}

static void
session_profile_changed_cb (HwWindow   *self,
                            GParamSpec *pspec,
                            HwSession  *session)
{
  HwSyncProfile *profile = hw_session_get_profile (session);

  g_assert (HW_IS_WINDOW (self));

  if (profile != NULL)
    {
      g_free (self->last_server_url);
      g_free (self->last_email);
      self->last_server_url = g_strdup (hw_sync_profile_get_server_url (profile));
      self->last_email = g_strdup (hw_sync_profile_get_email (profile));
    }
  else if (!self->initial_sync && self->last_server_url != NULL)
    {
      self->sign_in_again = FALSE;
      hw_sign_in_page_set_can_go_back (self->sign_in_page, FALSE);
      /* Signed out: offer to sign in again as the same person. */
      hw_sign_in_page_set_credentials (self->sign_in_page, self->last_server_url,
                                       self->last_email, NULL);
    }

  _hw_window_update_page (self);
}

static void
ready_after_paint_cb (GdkFrameClock *frame_clock,
                      HwWindow      *self)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("HW_READY_FILE");

  g_clear_signal_handler (&self->ready_handler, frame_clock);

  /* The time of the first frame of the sections, for build-aux/demo.sh and the
   * app_first_frame_ms benchmark; they start the app with HW_READY_FILE set. */
  contents = g_strdup_printf ("main %" G_GINT64_FORMAT "\n", g_get_real_time ());
  if (!g_file_set_contents (path, contents, -1, &error))
    g_warning ("Could not write %s: %s", path, error->message);
}

static void
main_stack_visible_child_changed_cb (HwWindow   *self,
                                     GParamSpec *pspec,
                                     GtkStack   *main_stack)
{
  GdkFrameClock *frame_clock;

  g_assert (HW_IS_WINDOW (self));

  if (g_getenv ("HW_READY_FILE") == NULL ||
      self->ready_handler != 0 ||
      g_strcmp0 (gtk_stack_get_visible_child_name (main_stack), "main") != 0 ||
      !(frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))))
    return;

  self->ready_handler = g_signal_connect (frame_clock, "after-paint",
                                          G_CALLBACK (ready_after_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
hw_window_realize (GtkWidget *widget)
{
  HwWindow *self = (HwWindow *) widget;

  GTK_WIDGET_CLASS (hw_window_parent_class)->realize (widget);

  /* The frame clock exists from here on. */
  main_stack_visible_child_changed_cb (self, NULL, self->main_stack);
}

/* The first sync made the local copy (or part of it): the sections get it. */
static void
hw_window_open_local_copy (HwWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (hw_session_get_profile (self->session) == NULL ||
      hw_session_open_store (self->session, &error))
    return;

  escaped = g_markup_escape_text (error->message, -1);
  hw_window_add_toast (self, adw_toast_new_format (_("The local copy could not be opened: %s"),
                                                   escaped));
}

static void
hw_window_initial_sync_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(HwWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  self->initial_sync = FALSE;
  g_clear_object (&self->initial_sync_cancellable);

  if (hw_initial_sync_page_run_finish (HW_INITIAL_SYNC_PAGE (object), result, &error))
    {
      hw_window_open_local_copy (self);
      _hw_window_update_page (self);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled before the copy was whole: back to signing in, leaving nothing. */
      hw_session_sign_out_async (self->session, TRUE, NULL, NULL, NULL);
      _hw_window_update_page (self);
      return;
    }

  /* The copy is partial, but usable; the engine goes on by itself. */
  hw_window_open_local_copy (self);
  _hw_window_update_page (self);
  escaped = g_markup_escape_text (error->message, -1);
  hw_window_add_toast (self,
                       adw_toast_new_format (_("The download stopped and goes on when the server can be reached: %s"),
                                             escaped));
}

static void
signed_in_cb (HwWindow     *self,
              HwSignInPage *page)
{
  g_assert (HW_IS_WINDOW (self));

  self->sign_in_again = FALSE;
  hw_sign_in_page_set_can_go_back (self->sign_in_page, FALSE);

  if (self->remember_server)
    g_settings_set_string (self->settings, "server-url",
                           hw_sync_profile_get_server_url (hw_session_get_profile (self->session)));

  self->initial_sync = TRUE;
  hw_initial_sync_page_set_engine (self->initial_sync_page, hw_session_get_engine (self->session));
  _hw_window_update_page (self);

  g_clear_object (&self->initial_sync_cancellable);
  self->initial_sync_cancellable = g_cancellable_new ();
  hw_initial_sync_page_run_async (self->initial_sync_page,
                                  self->initial_sync_cancellable,
                                  hw_window_initial_sync_cb,
                                  g_object_ref (self));
}

static void
hw_window_constructed (GObject *object)
{
  HwWindow *self = (HwWindow *) object;

  G_OBJECT_CLASS (hw_window_parent_class)->constructed (object);

  hw_sign_in_page_set_session (self->sign_in_page, self->session);
  g_signal_group_set_target (self->session_signals, self->session);

  if (self->session != NULL)
    {
      session_profile_changed_cb (self, NULL, self->session);
      session_engine_changed_cb (self, NULL, self->session);
      session_store_changed_cb (self, NULL, self->session);
    }

  _hw_window_update_page (self);
}

static void
hw_window_dispose (GObject *object)
{
  HwWindow *self = (HwWindow *) object;

  g_cancellable_cancel (self->initial_sync_cancellable);
  g_clear_object (&self->initial_sync_cancellable);

  if (self->ready_handler != 0)
    g_clear_signal_handler (&self->ready_handler, gtk_widget_get_frame_clock (GTK_WIDGET (self)));

  if (self->sidebar_list != NULL)
    gtk_list_box_bind_model (self->sidebar_list, NULL, NULL, NULL, NULL);

  g_clear_object (&self->session_signals);
  g_clear_object (&self->engine_signals);
  g_clear_object (&self->pages);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_WINDOW);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hw_window_parent_class)->dispose (object);
}

static void
hw_window_finalize (GObject *object)
{
  HwWindow *self = (HwWindow *) object;

  g_clear_pointer (&self->offline_text, g_free);
  g_clear_pointer (&self->last_server_url, g_free);
  g_clear_pointer (&self->last_email, g_free);

  G_OBJECT_CLASS (hw_window_parent_class)->finalize (object);
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

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
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

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
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

  object_class->constructed = hw_window_constructed;
  object_class->dispose = hw_window_dispose;
  object_class->finalize = hw_window_finalize;
  object_class->get_property = hw_window_get_property;
  object_class->set_property = hw_window_set_property;

  widget_class->realize = hw_window_realize;

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

  /**
   * HwWindow:session:
   *
   * The session shown; by default the application's.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HW_TYPE_SESSION,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * HwWindow:offline:
   *
   * Whether the offline banner shows: the last sync could not reach the server.
   */
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HW_TYPE_ASSORTMENT_PAGE);
  g_type_ensure (HW_TYPE_INITIAL_SYNC_PAGE);
  g_type_ensure (HW_TYPE_SIGN_IN_PAGE);
  g_type_ensure (HW_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/heartwork/One/hw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HwWindow, assortment_page);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, initial_sync_page);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, HwWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, main_stack_visible_child_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, stack_visible_child_changed_cb);
}

static void
hw_window_init (HwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _hw_window_actions_init (self);
  _hw_window_assortment_init (self);

  self->pages = gtk_stack_get_pages (self->stack);
  gtk_list_box_bind_model (self->sidebar_list,
                           G_LIST_MODEL (self->pages),
                           create_sidebar_row,
                           NULL, NULL);
  g_signal_connect_object (self->pages, "items-changed",
                           G_CALLBACK (pages_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->session_signals = g_signal_group_new (HW_TYPE_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::profile",
                                 G_CALLBACK (session_profile_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::engine",
                                 G_CALLBACK (session_engine_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::store",
                                 G_CALLBACK (session_store_changed_cb), self, G_CONNECT_SWAPPED);

  _hw_window_sync_init (self);

  hw_window_sync_section (self);
  hw_window_bind_settings (self);
}

/**
 * hw_window_new:
 * @application: the #HwApplication
 *
 * Returns: (transfer full): a new #HwWindow showing the application's session
 */
HwWindow *
hw_window_new (HwApplication *application)
{
  g_return_val_if_fail (HW_IS_APPLICATION (application), NULL);

  return g_object_new (HW_TYPE_WINDOW,
                       "application", application,
                       "session", hw_application_get_session (application),
                       NULL);
}

/**
 * hw_window_get_session:
 * @self: a #HwWindow
 *
 * Returns: (nullable) (transfer none): the session shown
 */
HwSession *
hw_window_get_session (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  return self->session;
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

/**
 * hw_window_get_page:
 * @self: a #HwWindow
 *
 * Returns: "sign-in", "initial-sync" or "main"
 */
const char *
hw_window_get_page (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

/**
 * hw_window_add_toast:
 * @self: a #HwWindow
 * @toast: (transfer full): the toast
 *
 * Shows @toast over the window's content.
 */
void
hw_window_add_toast (HwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (HW_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

gboolean
hw_window_get_offline (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), FALSE);

  return self->offline;
}

/**
 * hw_window_get_offline_text:
 * @self: a #HwWindow
 *
 * Returns: (nullable): the offline banner's text, when it shows
 */
const char *
hw_window_get_offline_text (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  return self->offline_text;
}

/**
 * hw_window_get_sign_in_page:
 * @self: a #HwWindow
 *
 * Returns: (transfer none): the #HwSignInPage
 */
GtkWidget *
hw_window_get_sign_in_page (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sign_in_page);
}

/**
 * hw_window_get_sync_indicator:
 * @self: a #HwWindow
 *
 * Returns: (transfer none): the #HwSyncIndicator of the header bar
 */
GtkWidget *
hw_window_get_sync_indicator (HwWindow *self)
{
  g_return_val_if_fail (HW_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sync_indicator);
}

/**
 * hw_window_sign_in:
 * @self: a #HwWindow
 * @server_url: the server address
 * @email: the email
 * @password: the password
 *
 * Fills in the sign-in page and signs in, as the command line asks; the first sync
 * and the sections follow as after a sign-in by hand.
 */
void
hw_window_sign_in (HwWindow   *self,
                   const char *server_url,
                   const char *email,
                   const char *password)
{
  g_return_if_fail (HW_IS_WINDOW (self));

  /* Over an open copy, as when signing in again: the page offers a way back. */
  if (self->session != NULL && hw_session_get_profile (self->session) != NULL)
    {
      self->sign_in_again = TRUE;
      hw_sign_in_page_set_can_go_back (self->sign_in_page, TRUE);
    }

  hw_sign_in_page_set_credentials (self->sign_in_page, server_url, email, password);
  _hw_window_update_page (self);
  hw_sign_in_page_submit (self->sign_in_page);
}

/**
 * hw_window_show_conflicts:
 * @self: a #HwWindow
 *
 * Opens the conflict dialog for the session's conflicts and refused edits.
 */
void
hw_window_show_conflicts (HwWindow *self)
{
  HwConflictDialog *dialog;
  HwSyncEngine *engine;
  HwStore *store;

  g_return_if_fail (HW_IS_WINDOW (self));

  if (self->session == NULL ||
      !(engine = hw_session_get_engine (self->session)) ||
      !(store = hw_session_get_store (self->session)))
    return;

  dialog = hw_conflict_dialog_new (engine, store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}
