/* hw-server-maintenance.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

/* How long the first answer to a request with an Idempotency-Key is kept for its
 * retries. A week: the desktop replays the creates of its outbox with their keys when it
 * comes back online, which may be after a long weekend. */
#define HW_SERVER_IDEMPOTENCY_RETENTION_HOURS 168

/* How often `serve` tidies up, besides once when it starts. */
#define HW_SERVER_MAINTENANCE_INTERVAL_SECONDS 3600

gboolean hw_server_maintenance_run      (HwStore  *store,
                                         guint    *out_purged_keys,
                                         GError  **error);
guint    hw_server_maintenance_schedule (HwStore  *store);

G_END_DECLS
