/* hw-sync-indicator.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-sync-indicator.h"

/* The header bar's sync status: a menu button with an icon and a short label
 * (synced, syncing, offline, N waiting, N conflicts, a problem), whose popover has the
 * details and "Sync Now". Everything follows the engine's properties, which notify on
 * the main thread. */

struct _HwSyncIndicator
{
  GtkWidget      parent_instance;

  /* Template Widgets */
  GtkMenuButton *button;
  GtkLabel      *conflicts_label;
  GtkLabel      *error_label;
  GtkImage      *image;
  GtkLabel      *label;
  GtkLabel      *last_sync_label;
  GtkLabel      *pending_label;
  GtkPopover    *popover;
  GtkLabel      *rejected_label;
  GtkButton     *resolve_button;
  GtkButton     *sign_in_button;
  GtkLabel      *state_label;

  /* Owned References */
  HwSyncEngine  *engine;
  GSignalGroup  *engine_signals;
  char          *summary;
  const char    *icon_name;

  guint          offline : 1;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SUMMARY,
  PROP_COMPACT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwSyncIndicator, hw_sync_indicator, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/**
 * hw_format_relative_time:
 * @then_us: a moment, µs since the Unix epoch; 0 for never
 * @now_us: now, in the same unit
 *
 * Returns: (transfer full): "just now", "2 minutes ago", "3 hours ago", or a date
 */
char *
hw_format_relative_time (gint64 then_us,
                         gint64 now_us)
{
  g_autoptr(GDateTime) then = NULL;
  gint64 minutes;
  gint64 hours;

  if (then_us <= 0)
    return g_strdup (_("Never"));

  minutes = MAX (0, now_us - then_us) / (60 * G_USEC_PER_SEC);
  hours = minutes / 60;

  if (minutes < 1)
    return g_strdup (_("Just now"));

  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago",
                                         (gulong) minutes),
                            (int) minutes);

  if (hours < 24)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago",
                                         (gulong) hours),
                            (int) hours);

  then = g_date_time_new_from_unix_local (then_us / G_USEC_PER_SEC);
  /* Translators: a date and time with g_date_time_format(), e.g. "12 March, 14:05" */
  return g_date_time_format (then, _("%-d %B, %H:%M"));
}

static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

static void
hw_sync_indicator_update_details (HwSyncIndicator *self)
{
  g_autofree char *last_sync = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *rejected = NULL;
  const char *last_error;

  g_assert (HW_IS_SYNC_INDICATOR (self));

  if (self->engine == NULL)
    return;

  last_sync = hw_format_relative_time (hw_sync_engine_get_last_sync (self->engine),
                                       g_get_real_time ());
  pending = format_count (hw_sync_engine_get_pending_count (self->engine));
  conflicts = format_count (hw_sync_engine_get_conflict_count (self->engine));
  rejected = format_count (hw_sync_engine_get_rejected_count (self->engine));
  last_error = hw_sync_engine_get_last_error (self->engine);

  gtk_label_set_label (self->last_sync_label, last_sync);
  gtk_label_set_label (self->pending_label, pending);
  gtk_label_set_label (self->conflicts_label, conflicts);
  gtk_label_set_label (self->rejected_label, rejected);
  gtk_label_set_label (self->error_label, last_error ? last_error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), last_error != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button),
                          hw_sync_engine_get_state (self->engine) == HW_SYNC_STATE_NEEDS_SIGN_IN);
  gtk_widget_set_visible (GTK_WIDGET (self->resolve_button),
                          hw_sync_engine_get_conflict_count (self->engine) > 0 ||
                          hw_sync_engine_get_rejected_count (self->engine) > 0);
}

static void
hw_sync_indicator_update (HwSyncIndicator *self)
{
  g_autofree char *summary = NULL;
  const char *icon_name;
  const char *state_text;
  HwSyncState state;
  gint64 pending;
  gint64 conflicts;
  gint64 rejected;
  gboolean online;

  g_assert (HW_IS_SYNC_INDICATOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->button), self->engine != NULL);

  if (self->engine == NULL)
    return;

  state = hw_sync_engine_get_state (self->engine);
  online = hw_sync_engine_get_online (self->engine);
  pending = hw_sync_engine_get_pending_count (self->engine);
  conflicts = hw_sync_engine_get_conflict_count (self->engine);
  rejected = hw_sync_engine_get_rejected_count (self->engine);

  /* A retry while offline stays "offline" until the server answers (as the window's
   * banner does), rather than flickering to "syncing" every few seconds. */
  self->offline = !online && (state == HW_SYNC_STATE_ERROR ||
                              (state == HW_SYNC_STATE_SYNCING && self->offline));

  /* The most pressing first: what needs the user before what merely informs. */
  if (state == HW_SYNC_STATE_NEEDS_SIGN_IN)
    {
      icon_name = "dialog-password-symbolic";
      summary = g_strdup (_("Sign-in needed"));
      state_text = _("The server asks you to sign in again");
    }
  else if (conflicts > 0)
    {
      icon_name = "dialog-warning-symbolic";
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d conflict", "%d conflicts",
                                              (gulong) conflicts),
                                 (int) conflicts);
      state_text = _("Some changes were also made on the server");
    }
  else if (rejected > 0)
    {
      icon_name = "dialog-warning-symbolic";
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d refused", "%d refused",
                                              (gulong) rejected),
                                 (int) rejected);
      state_text = _("The server refused some changes");
    }
  else if (self->offline)
    {
      icon_name = "network-offline-symbolic";
      if (pending > 0)
        summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline, %d waiting",
                                                "Offline, %d waiting", (gulong) pending),
                                   (int) pending);
      else
        summary = g_strdup (_("Offline"));
      state_text = _("Working offline: changes are sent when the server is back");
    }
  else if (state == HW_SYNC_STATE_SYNCING)
    {
      icon_name = "emblem-synchronizing-symbolic";
      summary = g_strdup (_("Syncing…"));
      state_text = _("Syncing with the server");
    }
  else if (state == HW_SYNC_STATE_ERROR)
    {
      icon_name = "dialog-warning-symbolic";
      summary = g_strdup (_("Sync problem"));
      state_text = _("The last sync failed; it is tried again soon");
    }
  else if (pending > 0)
    {
      icon_name = "document-send-symbolic";
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d waiting", "%d waiting",
                                              (gulong) pending),
                                 (int) pending);
      state_text = _("Changes are waiting to be sent");
    }
  else if (hw_sync_engine_get_last_sync (self->engine) == 0)
    {
      icon_name = "emblem-synchronizing-symbolic";
      summary = g_strdup (_("Not synced yet"));
      state_text = _("Not synced since the app started");
    }
  else
    {
      icon_name = "emblem-ok-symbolic";
      summary = g_strdup (_("Synced"));
      state_text = _("Everything is synced");
    }

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_label_set_label (self->label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), summary);
  gtk_label_set_label (self->state_label, state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
  self->icon_name = icon_name;

  if (g_strcmp0 (self->summary, summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }

  hw_sync_indicator_update_details (self);
}

static void
engine_notify_cb (HwSyncIndicator *self,
                  GParamSpec      *pspec,
                  HwSyncEngine    *engine)
{
  g_assert (HW_IS_SYNC_INDICATOR (self));

  hw_sync_indicator_update (self);
}

static void
popover_show_cb (HwSyncIndicator *self,
                 GtkPopover      *popover)
{
  g_assert (HW_IS_SYNC_INDICATOR (self));

  /* "2 minutes ago" ages while nothing notifies. */
  hw_sync_indicator_update_details (self);
}

static void
hw_sync_indicator_dispose (GObject *object)
{
  HwSyncIndicator *self = (HwSyncIndicator *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_SYNC_INDICATOR);

  /* The template's top box is not a bound child, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->engine_signals);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (hw_sync_indicator_parent_class)->dispose (object);
}

static void
hw_sync_indicator_finalize (GObject *object)
{
  HwSyncIndicator *self = (HwSyncIndicator *) object;

  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (hw_sync_indicator_parent_class)->finalize (object);
}

static void
hw_sync_indicator_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HwSyncIndicator *self = HW_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, hw_sync_indicator_get_compact (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_indicator_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HwSyncIndicator *self = HW_SYNC_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      hw_sync_indicator_set_engine (self, g_value_get_object (value));
      break;

    case PROP_COMPACT:
      hw_sync_indicator_set_compact (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_indicator_class_init (HwSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_sync_indicator_dispose;
  object_class->finalize = hw_sync_indicator_finalize;
  object_class->get_property = hw_sync_indicator_get_property;
  object_class->set_property = hw_sync_indicator_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         HW_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSyncIndicator:summary:
   *
   * The short state shown beside the icon, such as "Synced" or "3 waiting".
   */
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSyncIndicator:compact:
   *
   * Whether only the icon shows (the label is in the tooltip and the popover), for a
   * narrow header bar.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, image);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, pending_label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, HwSyncIndicator, state_label);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
}

static void
hw_sync_indicator_init (HwSyncIndicator *self)
{
  static const char * const notify_signals[] = {
    "notify::state", "notify::online", "notify::pending-count", "notify::conflict-count",
    "notify::rejected-count", "notify::last-sync", "notify::last-error",
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->engine_signals = g_signal_group_new (HW_TYPE_SYNC_ENGINE);
  for (guint i = 0; i < G_N_ELEMENTS (notify_signals); i++)
    g_signal_group_connect_object (self->engine_signals, notify_signals[i],
                                   G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);

  hw_sync_indicator_update (self);
}

GtkWidget *
hw_sync_indicator_new (void)
{
  return g_object_new (HW_TYPE_SYNC_INDICATOR, NULL);
}

/**
 * hw_sync_indicator_get_engine:
 * @self: a #HwSyncIndicator
 *
 * Returns: (nullable) (transfer none): the engine shown
 */
HwSyncEngine *
hw_sync_indicator_get_engine (HwSyncIndicator *self)
{
  g_return_val_if_fail (HW_IS_SYNC_INDICATOR (self), NULL);

  return self->engine;
}

void
hw_sync_indicator_set_engine (HwSyncIndicator *self,
                              HwSyncEngine    *engine)
{
  g_return_if_fail (HW_IS_SYNC_INDICATOR (self));
  g_return_if_fail (!engine || HW_IS_SYNC_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;

  self->offline = FALSE;
  g_signal_group_set_target (self->engine_signals, engine);
  hw_sync_indicator_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/**
 * hw_sync_indicator_get_summary:
 * @self: a #HwSyncIndicator
 *
 * Returns: (nullable): the short state, as shown
 */
const char *
hw_sync_indicator_get_summary (HwSyncIndicator *self)
{
  g_return_val_if_fail (HW_IS_SYNC_INDICATOR (self), NULL);

  return self->engine ? self->summary : NULL;
}

/**
 * hw_sync_indicator_get_icon_name:
 * @self: a #HwSyncIndicator
 *
 * Returns: (nullable): the icon shown
 */
const char *
hw_sync_indicator_get_icon_name (HwSyncIndicator *self)
{
  g_return_val_if_fail (HW_IS_SYNC_INDICATOR (self), NULL);

  return self->engine ? self->icon_name : NULL;
}

/**
 * hw_sync_indicator_get_popover:
 * @self: a #HwSyncIndicator
 *
 * Returns: (transfer none): the popover with the details
 */
GtkPopover *
hw_sync_indicator_get_popover (HwSyncIndicator *self)
{
  g_return_val_if_fail (HW_IS_SYNC_INDICATOR (self), NULL);

  return self->popover;
}

void
hw_sync_indicator_popup (HwSyncIndicator *self)
{
  g_return_if_fail (HW_IS_SYNC_INDICATOR (self));

  gtk_menu_button_popup (self->button);
}

gboolean
hw_sync_indicator_get_compact (HwSyncIndicator *self)
{
  g_return_val_if_fail (HW_IS_SYNC_INDICATOR (self), FALSE);

  return !gtk_widget_get_visible (GTK_WIDGET (self->label));
}

void
hw_sync_indicator_set_compact (HwSyncIndicator *self,
                               gboolean         compact)
{
  g_return_if_fail (HW_IS_SYNC_INDICATOR (self));

  compact = !!compact;
  if (compact == hw_sync_indicator_get_compact (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->label), !compact);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}
