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
 * @HW_SYNC_ERROR_NETWORK: the server could not be reached (name lookup, connection).
 * @HW_SYNC_ERROR_TIMEOUT: the server did not answer in time.
 * @HW_SYNC_ERROR_UNAUTHORIZED: the server refused the credentials or the access (401, 403).
 * @HW_SYNC_ERROR_SERVER: the server failed or is unavailable (5xx, 429, or an unhealthy status).
 * @HW_SYNC_ERROR_PROTOCOL: the server answered something this client does not understand.
 * @HW_SYNC_ERROR_CANCELLED: the operation was cancelled.
 * @HW_SYNC_ERROR_NOT_A_SERVER: the address answers, but not as a Heart.work ONE server.
 * @HW_SYNC_ERROR_BAD_CREDENTIALS: the email or the password is wrong (sign-in answered 401).
 * @HW_SYNC_ERROR_TOO_MANY_ATTEMPTS: too many failed sign-ins; the message says how long
 *   to wait (sign-in answered 429 with Retry-After).
 * @HW_SYNC_ERROR_TLS: no secure connection could be made (certificate, or not TLS at all).
 * @HW_SYNC_ERROR_KEYRING: the token could not be stored in, read from or removed from
 *   the keyring.
 * @HW_SYNC_ERROR_PROFILE: a profile is invalid, a duplicate, or its files could not be
 *   read, written or removed.
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
  /* Profiles, sign-in and the keyring */
  HW_SYNC_ERROR_NOT_A_SERVER,
  HW_SYNC_ERROR_BAD_CREDENTIALS,
  HW_SYNC_ERROR_TOO_MANY_ATTEMPTS,
  HW_SYNC_ERROR_TLS,
  HW_SYNC_ERROR_KEYRING,
  HW_SYNC_ERROR_PROFILE,
} HwSyncError;

GQuark  hw_sync_error_quark          (void);
GError *hw_sync_error_new_for_status (guint         status,
                                      const char   *reason) G_GNUC_WARN_UNUSED_RESULT;
GError *hw_sync_error_new_for_io     (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
