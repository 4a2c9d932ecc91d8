/* hw-test-sync.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-test-sync"

#include "config.h"

#include "hw-test-sync.h"

/**
 * hw_test_sync_cb:
 * @user_data: a `GError **` that is %NULL until the run ends
 *
 * The callback of hw_sync_engine_sync_async() for tests: stores the run's error in
 * @user_data, or, when it ended well, G_IO_ERROR_EXISTS as a sentinel for "done".
 */
void
hw_test_sync_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = hw_sync_engine_sync_finish (HW_SYNC_ENGINE (object), result, error);

  g_assert_true (ok == (*error == NULL));
  if (ok)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

/**
 * hw_test_sync_run:
 *
 * One run to its end.
 *
 * Returns: (transfer full) (nullable): its error, %NULL when it ended well
 */
GError *
hw_test_sync_run (HwSyncEngine *engine,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  hw_sync_engine_sync_async (engine, cancellable, hw_test_sync_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    g_clear_error (&error);
  return error;
}

/**
 * hw_test_sync_assert_run:
 *
 * One run to its end, which must be a good one: the engine idle, no error left.
 */
void
hw_test_sync_assert_run (HwSyncEngine *engine)
{
  g_autoptr(GError) error = hw_test_sync_run (engine, NULL);

  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_null (hw_sync_engine_get_last_error (engine));
}

/* HwTestNetworkMonitor */

struct _HwTestNetworkMonitor
{
  GObject  parent_instance;
  gboolean available;
};

enum {
  MONITOR_PROP_0,
  MONITOR_PROP_NETWORK_AVAILABLE,
  MONITOR_PROP_NETWORK_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static void hw_test_network_monitor_initable_iface_init (GInitableIface           *iface);
static void hw_test_network_monitor_iface_init          (GNetworkMonitorInterface *iface);

/* GNetworkMonitor requires GInitable; there is nothing to set up. */
G_DEFINE_FINAL_TYPE_WITH_CODE (HwTestNetworkMonitor, hw_test_network_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      hw_test_network_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                      hw_test_network_monitor_iface_init))

static gboolean
hw_test_network_monitor_initable_init (GInitable     *initable,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  return TRUE;
}

static void
hw_test_network_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = hw_test_network_monitor_initable_init;
}

/* Every address is reachable exactly when the network is there. */
static gboolean
hw_test_network_monitor_can_reach (GNetworkMonitor     *monitor,
                                   GSocketConnectable  *connectable,
                                   GCancellable        *cancellable,
                                   GError             **error)
{
  HwTestNetworkMonitor *self = HW_TEST_NETWORK_MONITOR (monitor);

  if (!self->available)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                           "The test took the network away");
      return FALSE;
    }
  return TRUE;
}

static void
hw_test_network_monitor_can_reach_async (GNetworkMonitor     *monitor,
                                         GSocketConnectable  *connectable,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (monitor, cancellable, callback, user_data);
  GError *error = NULL;

  if (hw_test_network_monitor_can_reach (monitor, connectable, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
hw_test_network_monitor_can_reach_finish (GNetworkMonitor  *monitor,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hw_test_network_monitor_iface_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = hw_test_network_monitor_can_reach;
  iface->can_reach_async = hw_test_network_monitor_can_reach_async;
  iface->can_reach_finish = hw_test_network_monitor_can_reach_finish;
}

static void
hw_test_network_monitor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HwTestNetworkMonitor *self = HW_TEST_NETWORK_MONITOR (object);

  switch (prop_id)
    {
    case MONITOR_PROP_NETWORK_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case MONITOR_PROP_NETWORK_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL
                                               : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_test_network_monitor_class_init (HwTestNetworkMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = hw_test_network_monitor_get_property;

  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_AVAILABLE,
                                    "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_NETWORK_METERED,
                                    "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY,
                                    "connectivity");
}

static void
hw_test_network_monitor_init (HwTestNetworkMonitor *self)
{
}

HwTestNetworkMonitor *
hw_test_network_monitor_new (gboolean available)
{
  HwTestNetworkMonitor *self = g_object_new (HW_TYPE_TEST_NETWORK_MONITOR, NULL);

  self->available = available;
  return self;
}

/**
 * hw_test_network_monitor_set_available:
 *
 * Changes #GNetworkMonitor:network-available and emits #GNetworkMonitor::network-changed,
 * as GLib's monitors do, also when it stays the same (they report any change of route).
 */
void
hw_test_network_monitor_set_available (HwTestNetworkMonitor *self,
                                       gboolean              available)
{
  gboolean changed = self->available != !!available;

  self->available = !!available;
  if (changed)
    {
      g_object_notify (G_OBJECT (self), "network-available");
      g_object_notify (G_OBJECT (self), "connectivity");
    }
  g_signal_emit_by_name (self, "network-changed", self->available);
}
