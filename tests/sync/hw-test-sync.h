/* hw-test-sync.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-sync-engine.h"

G_BEGIN_DECLS

void    hw_test_sync_cb         (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data);
GError *hw_test_sync_run        (HwSyncEngine *engine,
                                 GCancellable *cancellable);
void    hw_test_sync_assert_run (HwSyncEngine *engine);

/* A GNetworkMonitor whose network comes and goes when the test says so, for
 * #HwSyncEngine:network-monitor. */
#define HW_TYPE_TEST_NETWORK_MONITOR (hw_test_network_monitor_get_type ())

G_DECLARE_FINAL_TYPE (HwTestNetworkMonitor, hw_test_network_monitor, HW, TEST_NETWORK_MONITOR,
                      GObject)

HwTestNetworkMonitor *hw_test_network_monitor_new           (gboolean              available);
void                  hw_test_network_monitor_set_available (HwTestNetworkMonitor *self,
                                                             gboolean              available);

G_END_DECLS
