/* hw-sync-error.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HW_SYNC_ERROR (hw_sync_error_quark ())

/**
 * HwSyncError:
 * @HW_SYNC_ERROR_INVALID_URL: the server address is not a usable http or https URL.
 * @HW_SYNC_ERROR_NETWORK: the server could not be reached (name lookup, connection, TLS).
 * @HW_SYNC_ERROR_TIMEOUT: the server did not answer in time.
 * @HW_SYNC_ERROR_UNAUTHORIZED: the server refused the credentials or the access (401, 403).
 * @HW_SYNC_ERROR_SERVER: the server failed or is unavailable (5xx, 429, or an unhealthy status).
 * @HW_SYNC_ERROR_PROTOCOL: the server answered something this client does not understand.
 * @HW_SYNC_ERROR_CANCELLED: the operation was cancelled.
 *
 * Error codes in the %HW_SYNC_ERROR domain. The messages are written in words
 * for the user; technical details follow after a colon.
 */
typedef enum
{
  HW_SYNC_ERROR_INVALID_URL,
  HW_SYNC_ERROR_NETWORK,
  HW_SYNC_ERROR_TIMEOUT,
  HW_SYNC_ERROR_UNAUTHORIZED,
  HW_SYNC_ERROR_SERVER,
  HW_SYNC_ERROR_PROTOCOL,
  HW_SYNC_ERROR_CANCELLED,
} HwSyncError;

GQuark  hw_sync_error_quark          (void);
GError *hw_sync_error_new_for_status (guint         status,
                                      const char   *reason) G_GNUC_WARN_UNUSED_RESULT;
GError *hw_sync_error_new_for_io     (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
