/* hw-test-sync.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-sync-engine.h"

G_BEGIN_DECLS

void    hw_test_sync_cb  (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);
GError *hw_test_sync_run (HwSyncEngine *engine,
                          GCancellable *cancellable);

G_END_DECLS
