/* test-window.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>

#include <glib/gstdio.h>

#include "hw-application.h"
#include "hw-assortment-page.h"
#include "hw-preferences-window.h"
#include "hw-session.h"
#include "hw-sync-indicator.h"
#include "hw-sync-profiles.h"
#include "hw-window.h"

static const struct {
  const char *name;
  const char *title;
} sections[] = {
  { "dashboard", "Dashboard" },
  { "assortment", "Assortment" },
  { "catalogues", "Catalogues" },
  { "accounts", "Accounts" },
  { "rules", "Rules & Prices" },
  { "orders", "Orders" },
  { "integrations", "Integrations" },
};

static HwApplication *app;
static char *data_dir;

/* A section as another part of the app builds one: it takes the store and has a
 * search action (the contract in hw-window.h). */
#define TEST_TYPE_SECTION (test_section_get_type ())
G_DECLARE_FINAL_TYPE (TestSection, test_section, TEST, SECTION, GtkWidget)

struct _TestSection
{
  GtkWidget  parent_instance;
  HwStore   *store;
  guint      n_search;
};

enum { SECTION_PROP_0, SECTION_PROP_STORE };

G_DEFINE_FINAL_TYPE (TestSection, test_section, GTK_TYPE_WIDGET)

static void
test_section_search_cb (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TEST_SECTION (widget)->n_search++;
}

static void
test_section_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  g_set_object (&TEST_SECTION (object)->store, g_value_get_object (value));
}

static void
test_section_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  g_value_set_object (value, TEST_SECTION (object)->store);
}

static void
test_section_dispose (GObject *object)
{
  g_clear_object (&TEST_SECTION (object)->store);
  G_OBJECT_CLASS (test_section_parent_class)->dispose (object);
}

static void
test_section_class_init (TestSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = test_section_dispose;
  object_class->get_property = test_section_get_property;
  object_class->set_property = test_section_set_property;
  g_object_class_install_property (object_class, SECTION_PROP_STORE,
                                   g_param_spec_object ("store", NULL, NULL, HW_TYPE_STORE,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "section.search", NULL,
                                   test_section_search_cb);
}

static void
test_section_init (TestSection *self)
{
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget);

static GtkWidget *
find_descendant (GtkWidget   *widget,
                 WidgetMatch  match)
{
  if (match (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_sidebar (GtkWidget *widget)
{
  return GTK_IS_LIST_BOX (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static gboolean
is_section_stack (GtkWidget *widget)
{
  return GTK_IS_STACK (widget) &&
         gtk_stack_get_child_by_name (GTK_STACK (widget), "dashboard") != NULL;
}

static gboolean
is_leaflet (GtkWidget *widget)
{
  return ADW_IS_LEAFLET (widget);
}

static gboolean
is_visible_menu_button (GtkWidget *widget)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_get_visible (widget);
}

static GtkListBox *
get_sidebar (HwWindow *window)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (window), is_sidebar);

  g_assert_nonnull (list);

  return GTK_LIST_BOX (list);
}

static GtkStack *
get_stack (HwWindow *window)
{
  GtkWidget *stack = find_descendant (GTK_WIDGET (window), is_section_stack);

  g_assert_nonnull (stack);

  return GTK_STACK (stack);
}

static void
destroy_window (HwWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
wait_for (gboolean (*condition) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
leaflet_is_folded (gpointer data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (data));
}

static gboolean
leaflet_is_settled (gpointer data)
{
  return !adw_leaflet_get_child_transition_running (ADW_LEAFLET (data));
}

static gboolean
window_has_size (gpointer data)
{
  GtkWidget *widget = data;
  int width = GPOINTER_TO_INT (g_object_get_data (data, "test-width"));
  int height = GPOINTER_TO_INT (g_object_get_data (data, "test-height"));

  return gtk_widget_get_width (widget) == width && gtk_widget_get_height (widget) == height;
}

/* Presents @window so that its widget (not counting the frame that the
 * windowing system or client-side decorations add) is @width x @height.
 */
static void
present_at_size (HwWindow *window,
                 int       width,
                 int       height)
{
  GtkWidget *widget = GTK_WIDGET (window);

  g_object_set_data (G_OBJECT (window), "test-width", GINT_TO_POINTER (width));
  g_object_set_data (G_OBJECT (window), "test-height", GINT_TO_POINTER (height));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (widget);

  if (!window_has_size (window))
    gtk_window_set_default_size (GTK_WINDOW (window),
                                 2 * width - gtk_widget_get_width (widget),
                                 2 * height - gtk_widget_get_height (widget));

  wait_for (window_has_size, window);
  wait_for (leaflet_is_settled, find_descendant (widget, is_leaflet));
}

static void
test_window_sidebar (void)
{
  HwWindow *window = hw_window_new (app);
  GtkListBox *sidebar = get_sidebar (window);

  gtk_test_accessible_assert_property (sidebar, GTK_ACCESSIBLE_PROPERTY_LABEL, "Sections");

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, i);

      g_assert_nonnull (row);
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (row),
                                                       GTK_ACCESSIBLE_PROPERTY_LABEL));
      gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, sections[i].title);
    }

  g_assert_null (gtk_list_box_get_row_at_index (sidebar, G_N_ELEMENTS (sections)));

  /* The first section is shown and selected at start. */
  g_assert_cmpstr (hw_window_get_section (window), ==, "dashboard");
  g_assert_true (gtk_list_box_get_selected_row (sidebar) ==
                 gtk_list_box_get_row_at_index (sidebar, 0));

  destroy_window (window);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *n_notify = user_data;

  (*n_notify)++;
}

static void
test_window_switch_section (void)
{
  HwWindow *window = hw_window_new (app);
  GtkListBox *sidebar = get_sidebar (window);
  GtkStack *stack = get_stack (window);
  GtkWidget *child;
  guint n_notify = 0;

  g_signal_connect (window, "notify::section", G_CALLBACK (count_notify_cb), &n_notify);

  /* Activating the second row shows the Assortment section, which is built. */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 1)));

  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "assortment");
  g_assert_cmpstr (hw_window_get_section (window), ==, "assortment");
  g_assert_cmpuint (n_notify, ==, 1);

  child = gtk_stack_get_visible_child (stack);
  g_assert_true (HW_IS_ASSORTMENT_PAGE (child));
  /* It works on the session's local copy, whichever that is (none without a profile). */
  g_assert_true (hw_assortment_page_get_store (HW_ASSORTMENT_PAGE (child)) ==
                 hw_session_get_store (hw_application_get_session (app)));

  /* A section not built yet says so. */
  g_object_set (window, "section", "catalogues", NULL);
  child = gtk_stack_get_visible_child (stack);
  g_assert_true (ADW_IS_STATUS_PAGE (child));
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (child)), !=, NULL);
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (child)),
                            "not built yet"));

  /* Every section has its own page, and the sidebar follows the property. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_object_set (window, "section", sections[i].name, NULL);

      child = gtk_stack_get_visible_child (stack);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, sections[i].name);
      if (ADW_IS_STATUS_PAGE (child))
        g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (child)), ==,
                         sections[i].title);
      else
        g_assert_cmpstr (sections[i].name, ==, "assortment");
      g_assert_true (gtk_list_box_get_selected_row (sidebar) ==
                     gtk_list_box_get_row_at_index (sidebar, i));
    }

  destroy_window (window);
}

static void
test_window_folded (void)
{
  HwWindow *window = hw_window_new (app);
  GtkListBox *sidebar = get_sidebar (window);
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_pane;
  GtkWidget *menu_button;

  leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (window), is_leaflet));
  g_assert_nonnull (leaflet);

  gtk_window_set_default_size (GTK_WINDOW (window), 400, 600);
  gtk_window_present (GTK_WINDOW (window));
  wait_for (leaflet_is_folded, leaflet);

  /* Folded, the sync indicator is an icon only, leaving room for the title. */
  g_assert_true (hw_sync_indicator_get_compact (HW_SYNC_INDICATOR (hw_window_get_sync_indicator (window))));

  /* Folded, the sidebar comes first; choosing a section shows its page. */
  sidebar_pane = adw_leaflet_get_visible_child (leaflet);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (sidebar), sidebar_pane));

  /* The main menu (and F10) stays reachable while only the sidebar shows. */
  menu_button = find_descendant (sidebar_pane, is_visible_menu_button);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_mapped (menu_button));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (menu_button)));

  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar, 5)));
  g_assert_cmpstr (hw_window_get_section (window), ==, "orders");
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (sidebar),
                                          adw_leaflet_get_visible_child (leaflet)));

  g_assert_true (adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == sidebar_pane);

  destroy_window (window);
}

static void
test_window_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  HwWindow *window;
  int width;
  int height;

  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)))
    {
      g_test_skip ("The " APP_ID " schema is not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);

  /* The stored size is restored... */
  window = hw_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);

  /* ...and a new size is stored. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  destroy_window (window);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        return ADW_ABOUT_WINDOW (toplevel);
    }

  return NULL;
}

static void
test_application_actions (void)
{
  HwWindow *window = hw_window_new (app);
  g_auto(GStrv) quit_accels = NULL;
  g_auto(GStrv) close_accels = NULL;
  g_auto(GStrv) help_accels = NULL;
  AdwAboutWindow *about;

  static const struct {
    const char *action;
    const char *accel;
  } accels[] = {
    { "app.preferences", "<Control>comma" },
    { "app.sync-now", "<Control>r" },
    { "win.search", "<Control>f" },
  };

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "sync-now"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "search"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "local-changed"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "resolve-conflicts"));

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) found = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                   accels[i].action);

      g_assert_true (g_strv_contains ((const char * const *) found, accels[i].accel));
    }

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char * const *) quit_accels, "<Control>q"));
  close_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "window.close");
  g_assert_true (g_strv_contains ((const char * const *) close_accels, "<Control>w"));
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                       "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));

  /* GtkApplication adds the shortcuts window from gtk/help-overlay.ui. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));

  gtk_window_present (GTK_WINDOW (window));

  /* About opens an AdwAboutWindow over the active window. */
  g_assert_null (find_about_window ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Heart.work ONE");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_website (about), ==, "https://heartwork.org");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (about));

  /* Quit closes every window, which ends the application. */
  g_object_ref (window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_assert_finalize_object (window);
}

/* The sections get the session's local copy, and Ctrl+F reaches the visible one. */
static void
test_window_section_contract (void)
{
  HwWindow *window = hw_window_new (app);
  GtkStack *stack = get_stack (window);
  HwSession *session = hw_window_get_session (window);
  TestSection *section = g_object_new (TEST_TYPE_SECTION, NULL);
  GtkWidget *dashboard;
  GtkWidget *overlay;

  g_assert_nonnull (hw_session_get_store (session));
  g_assert_cmpstr (hw_window_get_page (window), ==, "main");
  g_assert_false (hw_sync_indicator_get_compact (HW_SYNC_INDICATOR (hw_window_get_sync_indicator (window))));

  gtk_stack_add_titled (stack, GTK_WIDGET (section), "test", "Test");
  g_assert_true (section->store == hw_session_get_store (session));

  hw_window_set_section (window, "test");
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_cmpuint (section->n_search, ==, 1);

  /* A section without search ignores Ctrl+F. */
  hw_window_set_section (window, "dashboard");
  g_action_group_activate_action (G_ACTION_GROUP (window), "search", NULL);
  g_assert_cmpuint (section->n_search, ==, 1);

  /* Toasts: the section finds the overlay above it. */
  dashboard = gtk_stack_get_child_by_name (stack, "dashboard");
  overlay = gtk_widget_get_ancestor (dashboard, ADW_TYPE_TOAST_OVERLAY);
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_ancestor (GTK_WIDGET (section), ADW_TYPE_TOAST_OVERLAY) == overlay);

  /* A local edit asks for a sync: the engine's run starts (and fails, no server). */
  g_assert_true (gtk_widget_activate_action (dashboard, "win.local-changed", NULL));

  destroy_window (window);
}

static HwPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (HW_IS_PREFERENCES_WINDOW (toplevel))
        return HW_PREFERENCES_WINDOW (toplevel);
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

/* Preferences: the sync interval goes from GSettings through the session to the engine;
 * Sign Out asks first. */
static void
test_preferences (void)
{
  HwWindow *window = hw_window_new (app);
  HwSession *session = hw_window_get_session (window);
  GSettings *settings = hw_application_get_settings (app);
  HwPreferencesWindow *preferences;
  AdwMessageDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (find_preferences ());
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_preferences ();
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == GTK_WINDOW (window));

  /* The default, five minutes, shows as such. */
  g_assert_cmpuint (hw_preferences_window_get_interval (preferences), ==,
                    hw_session_get_sync_interval (session));

  if (settings != NULL)
    {
      /* A change in the settings reaches the engine... */
      g_settings_set_uint (settings, "sync-interval", 900);
      g_assert_cmpuint (hw_session_get_sync_interval (session), ==, 900);
      g_assert_cmpuint (hw_sync_engine_get_interval (hw_session_get_engine (session)), ==, 900);
      g_assert_cmpuint (hw_preferences_window_get_interval (preferences), ==, 900);
      g_settings_reset (settings, "sync-interval");
      g_assert_cmpuint (hw_sync_engine_get_interval (hw_session_get_engine (session)), ==, 300);
    }
  else
    g_test_message ("The schema is not compiled; the settings part is skipped");

  /* Sign Out asks whether to keep the local copy; cancelling keeps everything. */
  g_assert_null (find_message_dialog ());
  hw_preferences_window_sign_out (preferences);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_true (adw_message_dialog_has_response (dialog, "delete"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "delete"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_nonnull (hw_session_get_profile (session));

  gtk_window_destroy (GTK_WINDOW (preferences));
  destroy_window (window);
}

static void
save_png (GtkWidget  *widget,
          const char *file_name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width;
  int height;

  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  path = g_build_filename (g_getenv ("HW_SCREENSHOT_DIR"), file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %dx%d screenshot to %s", width, height, path);
}

static void
test_window_screenshot (void)
{
  HwWindow *window = hw_window_new (app);
  AdwAboutWindow *about;
  AdwLeaflet *leaflet;
  GtkWindow *overlay;

  g_assert_cmpint (g_mkdir_with_parents (g_getenv ("HW_SCREENSHOT_DIR"), 0755), ==, 0);

  present_at_size (window, 1280, 800);
  save_png (GTK_WIDGET (window), "hw-window.png");

  hw_window_set_section (window, "assortment");
  save_png (GTK_WIDGET (window), "hw-window-assortment.png");

  overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_window_present (overlay);
  save_png (GTK_WIDGET (overlay), "hw-help-overlay.png");
  gtk_widget_hide (GTK_WIDGET (overlay));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = find_about_window ();
  g_assert_nonnull (about);
  save_png (GTK_WIDGET (about), "hw-about.png");
  gtk_window_destroy (GTK_WINDOW (about));

  destroy_window (window);

  window = hw_window_new (app);
  present_at_size (window, 400, 720);
  leaflet = ADW_LEAFLET (find_descendant (GTK_WIDGET (window), is_leaflet));
  g_assert_true (adw_leaflet_get_folded (leaflet));
  save_png (GTK_WIDGET (window), "hw-window-narrow.png");

  hw_window_set_section (window, "integrations");
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_selected_row (get_sidebar (window))));
  wait_for (leaflet_is_settled, leaflet);
  save_png (GTK_WIDGET (window), "hw-window-narrow-integrations.png");

  destroy_window (window);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* A profile with a local copy, so that the app opens on the sections; its server
   * is a closed port, so the engine's runs fail quietly. GLib reads XDG_DATA_HOME
   * once, so it is set before anything asks. */
  data_dir = g_dir_make_tmp ("hw-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("HW_TOKEN_STORE", "memory", TRUE);
  {
    g_autoptr(HwSyncProfiles) profiles = hw_sync_profiles_new ();
    g_autoptr(HwSyncProfile) profile = NULL;

    g_autoptr(HwStore) copy = NULL;

    profile = hw_sync_profiles_add (profiles, "http://127.0.0.1:9", "staff@example.com", &error);
    g_assert_no_error (error);
    hw_sync_profiles_set_last_used (profiles, profile, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_mkdir_with_parents (hw_sync_profile_get_directory (profile), 0700), ==, 0);
    copy = hw_store_open (hw_sync_profile_get_database_path (profile), HW_STORE_OPEN_REPLICA,
                          &error);
    g_assert_no_error (error);
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Leaflet folding and page switches then settle at once, so the
   * assertions and screenshots never see a state half-way.
   */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* The application icon, as it will be installed, for the about window. */
  if (g_getenv ("HW_TEST_ICON_DIR") != NULL)
    gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    g_getenv ("HW_TEST_ICON_DIR"));

  /* Non-unique, so the test neither needs nor touches a session bus. */
  app = hw_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/App/Window/sidebar", test_window_sidebar);
  g_test_add_func ("/App/Window/switch-section", test_window_switch_section);
  g_test_add_func ("/App/Window/folded", test_window_folded);
  g_test_add_func ("/App/Window/settings", test_window_settings);
  g_test_add_func ("/App/Application/actions", test_application_actions);
  g_test_add_func ("/App/Window/section-contract", test_window_section_contract);
  g_test_add_func ("/App/Window/preferences", test_preferences);

  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    g_test_add_func ("/App/Window/screenshot", test_window_screenshot);

  ret = g_test_run ();

  g_clear_object (&app);
  remove_tree (data_dir);
  g_free (data_dir);

  return ret;
}
