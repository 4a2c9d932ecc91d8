/* hw-application.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-application"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "hw-application.h"
#include "hw-preferences-window.h"
#include "hw-sync-profiles.h"
#include "hw-token-store.h"
#include "hw-window.h"

#define HW_WEBSITE   "https://heartwork.org"
#define HW_ISSUE_URL "https://heartwork.org/one/issues"

struct _HwApplication
{
  AdwApplication  parent_instance;

  /* Owned References */
  HwSession      *session;
  GSettings      *settings;

  /* A scripted sign-in from the command line, for the primary instance */
  char           *cli_server;
  char           *cli_email;
  char           *cli_password;
};

G_DEFINE_FINAL_TYPE (HwApplication, hw_application, ADW_TYPE_APPLICATION)

static const GOptionEntry main_options[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in to the server at URL"), N_("URL") },
  { "email", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Sign in with EMAIL"), N_("EMAIL") },
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Read the password from standard input"), NULL },
  { NULL }
};

static void
hw_application_about_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  HwApplication *self = user_data;
  static const char *developers[] = {
    "The Heart.work ONE authors",
    NULL
  };

  g_assert (HW_IS_APPLICATION (self));

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", "Heart.work ONE",
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "Heart.work",
                         "developers", developers,
                         "website", HW_WEBSITE,
                         "issue-url", HW_ISSUE_URL,
                         "copyright", "© 2026 The Heart.work ONE authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
hw_application_preferences_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  HwApplication *self = user_data;
  HwPreferencesWindow *preferences;

  g_assert (HW_IS_APPLICATION (self));

  preferences = hw_preferences_window_new (self->session);
  gtk_window_set_transient_for (GTK_WINDOW (preferences),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
hw_application_sync_now_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  HwApplication *self = user_data;
  HwSyncEngine *engine;

  g_assert (HW_IS_APPLICATION (self));

  if ((engine = hw_session_get_engine (self->session)) != NULL)
    hw_sync_engine_sync_now (engine);
}

static void
hw_application_quit_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  HwApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  g_assert (HW_IS_APPLICATION (self));

  /* Close the windows one by one, so that each can save its state (and, later,
   * ask about unsynced changes); the application ends with the last one.
   */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  if (windows == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  for (const GList *iter = windows; iter != NULL; iter = iter->next)
    gtk_window_close (GTK_WINDOW (iter->data));
}

static const GActionEntry app_actions[] = {
  { "about", hw_application_about_cb },
  { "preferences", hw_application_preferences_cb },
  { "quit", hw_application_quit_cb },
  { "sync-now", hw_application_sync_now_cb },
};

static void
session_engine_changed_cb (HwApplication *self,
                           GParamSpec    *pspec,
                           HwSession     *session)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "sync-now");

  g_assert (HW_IS_APPLICATION (self));

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), hw_session_get_engine (session) != NULL);
}

static char *
read_password (GError **error)
{
  g_autoptr(GString) password = g_string_new (NULL);
  int c;

  /* One line; the trailing newline that `echo` adds is not part of it. */
  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (password, (char) c);

  if (ferror (stdin))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The password could not be read from standard input"));
      return NULL;
    }

  return g_string_free (g_steal_pointer (&password), FALSE);
}

static int
hw_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  HwApplication *self = (HwApplication *) application;
  g_autoptr(GError) error = NULL;

  g_assert (HW_IS_APPLICATION (self));

  g_variant_dict_lookup (options, "server", "s", &self->cli_server);
  g_variant_dict_lookup (options, "email", "s", &self->cli_email);

  if (g_variant_dict_contains (options, "password-stdin") &&
      !(self->cli_password = read_password (&error)))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  if ((self->cli_server || self->cli_email || self->cli_password) &&
      !(self->cli_server && self->cli_email && self->cli_password))
    {
      g_printerr ("%s\n", _("Signing in from the command line needs --server, --email and --password-stdin"));
      return EXIT_FAILURE;
    }

  /* A scripted sign-in is a run of its own (demo.sh gives it its own data
   * directories): handing it to an instance already running would lose it. */
  if (self->cli_password != NULL)
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (hw_application_parent_class)->handle_local_options (application, options);
}

static void
hw_application_activate (GApplication *application)
{
  HwApplication *self = (HwApplication *) application;
  GtkWindow *window;

  g_assert (HW_IS_APPLICATION (self));

  if (!(window = gtk_application_get_active_window (GTK_APPLICATION (self))))
    window = GTK_WINDOW (hw_window_new (self));

  gtk_window_present (window);

  if (self->cli_password != NULL)
    {
      g_autofree char *password = g_steal_pointer (&self->cli_password);

      hw_window_sign_in (HW_WINDOW (window), self->cli_server, self->cli_email, password);
      memset (password, 0, strlen (password));
    }
}

static GSettings *
create_settings (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source;

  /* Running from the build directory or in tests the schema may be missing, and
   * GSettings would abort: the interval then stays the default. */
  if (!(source = g_settings_schema_source_get_default ()) ||
      !(schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) ||
      !g_settings_schema_has_key (schema, "sync-interval"))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

static void
hw_application_startup (GApplication *application)
{
  HwApplication *self = (HwApplication *) application;
  g_autoptr(HwSyncProfiles) profiles = NULL;
  g_autoptr(HwTokenStore) token_store = NULL;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.sync-now", { "<Control>r", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  g_assert (HW_IS_APPLICATION (self));

  G_APPLICATION_CLASS (hw_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self),
                                           accels[i].action,
                                           accels[i].accels);

  profiles = hw_sync_profiles_new ();
  if (!hw_sync_profiles_load (profiles, &error))
    {
      g_warning ("The server profiles could not be read: %s", error->message);
      g_clear_error (&error);
    }

  token_store = hw_token_store_get_default ();
  self->session = hw_session_new (profiles, token_store);
  self->settings = create_settings ();

  if (self->settings != NULL)
    g_settings_bind (self->settings, "sync-interval",
                     self->session, "sync-interval",
                     G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->session, "notify::engine",
                           G_CALLBACK (session_engine_changed_cb), self,
                           G_CONNECT_SWAPPED);
  session_engine_changed_cb (self, NULL, self->session);

  /* Later starts open the local copy at once and sync in the background. */
  if (!hw_session_open_last (self->session, &error) && error != NULL)
    g_warning ("The local copy could not be opened: %s", error->message);
}

static void
hw_application_shutdown (GApplication *application)
{
  HwApplication *self = (HwApplication *) application;

  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (hw_application_parent_class)->shutdown (application);
}

static void
hw_application_finalize (GObject *object)
{
  HwApplication *self = (HwApplication *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->cli_server, g_free);
  g_clear_pointer (&self->cli_email, g_free);
  g_clear_pointer (&self->cli_password, g_free);

  G_OBJECT_CLASS (hw_application_parent_class)->finalize (object);
}

static void
hw_application_class_init (HwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = hw_application_finalize;

  app_class->activate = hw_application_activate;
  app_class->handle_local_options = hw_application_handle_local_options;
  app_class->shutdown = hw_application_shutdown;
  app_class->startup = hw_application_startup;
}

static void
hw_application_init (HwApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), main_options);
}

/**
 * hw_application_new:
 *
 * Creates the Heart.work ONE application.
 *
 * Returns: (transfer full): a new #HwApplication
 */
HwApplication *
hw_application_new (void)
{
  return g_object_new (HW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/heartwork/One",
                       NULL);
}

/**
 * hw_application_get_session:
 * @self: a #HwApplication
 *
 * Returns: (transfer none): the session, once the application has started up
 */
HwSession *
hw_application_get_session (HwApplication *self)
{
  g_return_val_if_fail (HW_IS_APPLICATION (self), NULL);

  return self->session;
}

/**
 * hw_application_get_settings:
 * @self: a #HwApplication
 *
 * Returns: (nullable) (transfer none): the settings, when the schema is installed
 */
GSettings *
hw_application_get_settings (HwApplication *self)
{
  g_return_val_if_fail (HW_IS_APPLICATION (self), NULL);

  return self->settings;
}
