/* hw-application.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-application.h"
#include "hw-window.h"

#define HW_WEBSITE   "https://heartwork.org"
#define HW_ISSUE_URL "https://heartwork.org/one/issues"

struct _HwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (HwApplication, hw_application, ADW_TYPE_APPLICATION)

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
  { "quit", hw_application_quit_cb },
};

static void
hw_application_activate (GApplication *application)
{
  GtkWindow *window;

  g_assert (HW_IS_APPLICATION (application));

  if (!(window = gtk_application_get_active_window (GTK_APPLICATION (application))))
    window = GTK_WINDOW (hw_window_new (HW_APPLICATION (application)));

  gtk_window_present (window);
}

static void
hw_application_startup (GApplication *application)
{
  HwApplication *self = (HwApplication *) application;
  static const struct {
    const char *action;
    const char *accels[2];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
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
}

static void
hw_application_class_init (HwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = hw_application_activate;
  app_class->startup = hw_application_startup;
}

static void
hw_application_init (HwApplication *self)
{
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
