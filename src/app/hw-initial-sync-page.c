/* hw-initial-sync-page.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-initial-sync-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-initial-sync-page.h"

/* The page between signing in and the main window: the engine's first run, which
 * pulls the whole server, with its progress. It can be cancelled. */

struct _HwInitialSyncPage
{
  GtkWidget       parent_instance;

  /* Template Widgets */
  GtkButton      *cancel_button;
  GtkLabel       *counts_label;
  GtkProgressBar *progress_bar;

  /* Owned References */
  HwSyncEngine   *engine;
  GSignalGroup   *engine_signals;
  GCancellable   *cancellable;
};

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwInitialSyncPage, hw_initial_sync_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
hw_initial_sync_page_update (HwInitialSyncPage *self)
{
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  gint64 n_total;

  g_assert (HW_IS_INITIAL_SYNC_PAGE (self));

  if (self->engine == NULL || (n_total = hw_sync_engine_get_records_total (self->engine)) == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_label_set_label (self->counts_label, _("Connecting to the server…"));
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, hw_sync_engine_get_progress (self->engine));

  done = g_strdup_printf ("%'" G_GINT64_FORMAT, hw_sync_engine_get_records_done (self->engine));
  total = g_strdup_printf ("%'" G_GINT64_FORMAT, n_total);
  /* Translators: the numbers of records downloaded and expected, "12 000 of about
   * 310 000 records"; the total is an estimate */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s of about %s record",
                                       "%s of about %s records",
                                       (gulong) n_total),
                          done, total);
  gtk_label_set_label (self->counts_label, text);
}

static void
engine_notify_cb (HwInitialSyncPage *self,
                  GParamSpec        *pspec,
                  HwSyncEngine      *engine)
{
  g_assert (HW_IS_INITIAL_SYNC_PAGE (self));

  hw_initial_sync_page_update (self);
}

static void
cancel_clicked_cb (HwInitialSyncPage *self,
                   GtkButton         *button)
{
  g_assert (HW_IS_INITIAL_SYNC_PAGE (self));

  hw_initial_sync_page_cancel (self);
}

static void
hw_initial_sync_page_dispose (GObject *object)
{
  HwInitialSyncPage *self = (HwInitialSyncPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_INITIAL_SYNC_PAGE);

  /* The template's top box is not a bound child, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->engine_signals);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (hw_initial_sync_page_parent_class)->dispose (object);
}

static void
hw_initial_sync_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  HwInitialSyncPage *self = HW_INITIAL_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_initial_sync_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  HwInitialSyncPage *self = HW_INITIAL_SYNC_PAGE (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      hw_initial_sync_page_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_initial_sync_page_class_init (HwInitialSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_initial_sync_page_dispose;
  object_class->get_property = hw_initial_sync_page_get_property;
  object_class->set_property = hw_initial_sync_page_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         HW_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-initial-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HwInitialSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HwInitialSyncPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, HwInitialSyncPage, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
hw_initial_sync_page_init (HwInitialSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->engine_signals = g_signal_group_new (HW_TYPE_SYNC_ENGINE);
  g_signal_group_connect_object (self->engine_signals, "notify::records-done",
                                 G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::records-total",
                                 G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::progress",
                                 G_CALLBACK (engine_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
hw_initial_sync_page_new (void)
{
  return g_object_new (HW_TYPE_INITIAL_SYNC_PAGE, NULL);
}

/**
 * hw_initial_sync_page_get_engine:
 * @self: a #HwInitialSyncPage
 *
 * Returns: (nullable) (transfer none): the engine whose run is shown
 */
HwSyncEngine *
hw_initial_sync_page_get_engine (HwInitialSyncPage *self)
{
  g_return_val_if_fail (HW_IS_INITIAL_SYNC_PAGE (self), NULL);

  return self->engine;
}

void
hw_initial_sync_page_set_engine (HwInitialSyncPage *self,
                                 HwSyncEngine      *engine)
{
  g_return_if_fail (HW_IS_INITIAL_SYNC_PAGE (self));
  g_return_if_fail (!engine || HW_IS_SYNC_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;

  g_signal_group_set_target (self->engine_signals, engine);
  hw_initial_sync_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

/**
 * hw_initial_sync_page_get_counts:
 * @self: a #HwInitialSyncPage
 *
 * Returns: the progress in words, as shown under the bar
 */
const char *
hw_initial_sync_page_get_counts (HwInitialSyncPage *self)
{
  g_return_val_if_fail (HW_IS_INITIAL_SYNC_PAGE (self), NULL);

  return gtk_label_get_label (self->counts_label);
}

static void
hw_initial_sync_page_sync_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HwInitialSyncPage *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);

  if (!hw_sync_engine_sync_finish (HW_SYNC_ENGINE (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_initial_sync_page_run_async:
 * @self: a #HwInitialSyncPage
 * @cancellable: (nullable): a #GCancellable; the Cancel button cancels it too
 * @callback: called when the run ends
 * @user_data: for @callback
 *
 * Runs the engine once, showing its progress.
 */
void
hw_initial_sync_page_run_async (HwInitialSyncPage   *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_INITIAL_SYNC_PAGE (self));
  g_return_if_fail (HW_IS_SYNC_ENGINE (self->engine));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  g_clear_object (&self->cancellable);
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_initial_sync_page_run_async);

  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  hw_initial_sync_page_update (self);

  hw_sync_engine_sync_async (self->engine, self->cancellable,
                             hw_initial_sync_page_sync_cb, g_steal_pointer (&task));
}

gboolean
hw_initial_sync_page_run_finish (HwInitialSyncPage  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (HW_IS_INITIAL_SYNC_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * hw_initial_sync_page_cancel:
 * @self: a #HwInitialSyncPage
 *
 * Cancels the run, as the Cancel button does.
 */
void
hw_initial_sync_page_cancel (HwInitialSyncPage *self)
{
  g_return_if_fail (HW_IS_INITIAL_SYNC_PAGE (self));

  g_cancellable_cancel (self->cancellable);
}
