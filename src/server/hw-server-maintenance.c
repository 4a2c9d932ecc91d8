/* hw-server-maintenance.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include "hw-idempotency-store.h"
#include "hw-server-log.h"
#include "hw-server-maintenance.h"

/* What keeps a long-running server's database from growing without bound: the saved
 * first answers of idempotent requests are forgotten after their retention. One short
 * DELETE on an index, so it runs on the main loop. */

/**
 * hw_server_maintenance_run:
 * @store: the server's store
 * @out_purged_keys: (out) (optional): how many idempotency records were forgotten
 *
 * Forgets the idempotency records older than %HW_SERVER_IDEMPOTENCY_RETENTION_HOURS by
 * the store's clock.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
hw_server_maintenance_run (HwStore  *store,
                           guint    *out_purged_keys,
                           GError  **error)
{
  gint64 before;

  g_return_val_if_fail (HW_IS_STORE (store), FALSE);

  before = hw_store_now (store) - (gint64) HW_SERVER_IDEMPOTENCY_RETENTION_HOURS * G_TIME_SPAN_HOUR;

  return hw_store_purge_idempotency_keys (store, before, out_purged_keys, error);
}

static gboolean
maintenance_cb (gpointer user_data)
{
  HwStore *store = user_data;
  g_autoptr(GError) error = NULL;
  guint purged = 0;

  if (!hw_server_maintenance_run (store, &purged, &error))
    {
      hw_server_log (G_LOG_LEVEL_WARNING, "maintenance failed", "error", error->message, NULL);
    }
  else if (purged > 0)
    {
      char purged_text[16];

      g_snprintf (purged_text, sizeof purged_text, "%u", purged);
      hw_server_log (G_LOG_LEVEL_INFO, "maintenance", "idempotency_keys_purged", purged_text,
                     NULL);
    }

  return G_SOURCE_CONTINUE;
}

/**
 * hw_server_maintenance_schedule:
 * @store: the server's store; it must outlive the returned source
 *
 * Runs hw_server_maintenance_run() now and then every
 * %HW_SERVER_MAINTENANCE_INTERVAL_SECONDS on the default main context, logging what it
 * did.
 *
 * Returns: the id of the timeout source, for g_source_remove()
 */
guint
hw_server_maintenance_schedule (HwStore *store)
{
  g_return_val_if_fail (HW_IS_STORE (store), 0);

  maintenance_cb (store);

  return g_timeout_add_seconds (HW_SERVER_MAINTENANCE_INTERVAL_SECONDS, maintenance_cb, store);
}
