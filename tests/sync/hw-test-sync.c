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
