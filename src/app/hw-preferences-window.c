/* hw-preferences-window.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-preferences-window.h"

/* Preferences: the server profile (read-only), how often to sync, and signing out
 * (asking whether to delete the local copy too). */

static const guint intervals[] = { 60, 300, 900, 1800, 3600 };

struct _HwPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template Widgets */
  AdwActionRow         *account_row;
  AdwComboRow          *interval_row;
  AdwActionRow         *server_row;
  GtkButton            *sign_out_button;

  /* Owned References */
  HwSession            *session;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwPreferencesWindow, hw_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The choice nearest to @seconds, so that a value set elsewhere still shows. */
static guint
interval_to_position (guint seconds)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (intervals); i++)
    if (ABS ((gint64) intervals[i] - seconds) < ABS ((gint64) intervals[best] - seconds))
      best = i;

  return best;
}

static gboolean
interval_to_selected (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  g_value_set_uint (to, interval_to_position (g_value_get_uint (from)));
  return TRUE;
}

static gboolean
selected_to_interval (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  guint position = g_value_get_uint (from);

  if (position >= G_N_ELEMENTS (intervals))
    return FALSE;

  g_value_set_uint (to, intervals[position]);
  return TRUE;
}

static void
hw_preferences_window_sign_out_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(HwPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hw_session_sign_out_finish (HW_SESSION (object), result, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      AdwToast *toast = adw_toast_new (escaped);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
sign_out_response_cb (HwPreferencesWindow *self,
                      const char          *response,
                      AdwMessageDialog    *dialog)
{
  g_assert (HW_IS_PREFERENCES_WINDOW (self));

  if (g_strcmp0 (response, "keep") != 0 && g_strcmp0 (response, "delete") != 0)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_out_button), FALSE);
  hw_session_sign_out_async (self->session,
                             g_str_equal (response, "delete"),
                             NULL,
                             hw_preferences_window_sign_out_cb,
                             g_object_ref (self));
}

static void
sign_out_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  hw_preferences_window_sign_out (HW_PREFERENCES_WINDOW (widget));
}

static void
hw_preferences_window_update_profile (HwPreferencesWindow *self)
{
  HwSyncProfile *profile;

  g_assert (HW_IS_PREFERENCES_WINDOW (self));

  profile = self->session ? hw_session_get_profile (self->session) : NULL;

  adw_action_row_set_subtitle (self->server_row,
                               profile ? hw_sync_profile_get_server_url (profile) : _("Not signed in"));
  adw_action_row_set_subtitle (self->account_row,
                               profile ? hw_sync_profile_get_email (profile) : _("Not signed in"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.sign-out", profile != NULL);
}

static void
hw_preferences_window_constructed (GObject *object)
{
  HwPreferencesWindow *self = (HwPreferencesWindow *) object;

  G_OBJECT_CLASS (hw_preferences_window_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "notify::profile",
                           G_CALLBACK (hw_preferences_window_update_profile), self,
                           G_CONNECT_SWAPPED);
  hw_preferences_window_update_profile (self);

  /* The application binds the session's interval to GSettings; the session applies
   * it to the engine. */
  g_object_bind_property_full (self->session, "sync-interval",
                               self->interval_row, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               interval_to_selected, selected_to_interval,
                               NULL, NULL);
}

static void
hw_preferences_window_dispose (GObject *object)
{
  HwPreferencesWindow *self = (HwPreferencesWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_PREFERENCES_WINDOW);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hw_preferences_window_parent_class)->dispose (object);
}

static void
hw_preferences_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HwPreferencesWindow *self = HW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_preferences_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HwPreferencesWindow *self = HW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_preferences_window_class_init (HwPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hw_preferences_window_constructed;
  object_class->dispose = hw_preferences_window_dispose;
  object_class->get_property = hw_preferences_window_get_property;
  object_class->set_property = hw_preferences_window_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HW_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HwPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, HwPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, HwPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, HwPreferencesWindow, sign_out_button);

  gtk_widget_class_install_action (widget_class, "preferences.sign-out", NULL, sign_out_action_cb);
}

static void
hw_preferences_window_init (HwPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * hw_preferences_window_new:
 * @session: the session
 *
 * Returns: (transfer full): a new #HwPreferencesWindow
 */
HwPreferencesWindow *
hw_preferences_window_new (HwSession *session)
{
  g_return_val_if_fail (HW_IS_SESSION (session), NULL);

  return g_object_new (HW_TYPE_PREFERENCES_WINDOW,
                       "session", session,
                       NULL);
}

/**
 * hw_preferences_window_get_interval:
 * @self: a #HwPreferencesWindow
 *
 * Returns: the sync interval chosen, in seconds
 */
guint
hw_preferences_window_get_interval (HwPreferencesWindow *self)
{
  guint position;

  g_return_val_if_fail (HW_IS_PREFERENCES_WINDOW (self), 0);

  position = adw_combo_row_get_selected (self->interval_row);
  return position < G_N_ELEMENTS (intervals) ? intervals[position] : 0;
}

/**
 * hw_preferences_window_sign_out:
 * @self: a #HwPreferencesWindow
 *
 * Asks whether to sign out, and whether to delete the local copy too.
 */
void
hw_preferences_window_sign_out (HwPreferencesWindow *self)
{
  HwSyncEngine *engine;
  GtkWidget *dialog;
  gint64 pending;

  g_return_if_fail (HW_IS_PREFERENCES_WINDOW (self));

  engine = hw_session_get_engine (self->session);
  pending = engine ? hw_sync_engine_get_pending_count (engine) : 0;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), NULL);
  if (pending > 0)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    g_dngettext (GETTEXT_PACKAGE,
                                                 "%d change has not been sent to the server yet. Keep the local copy to send it after signing in again; deleting the local copy loses it.",
                                                 "%d changes have not been sent to the server yet. Keep the local copy to send them after signing in again; deleting the local copy loses them.",
                                                 (gulong) pending),
                                    (int) pending);
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("You can keep the local copy for a quicker sign-in later, or delete it from this computer."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete Local Copy"),
                                    "keep", _("_Keep Local Copy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}
