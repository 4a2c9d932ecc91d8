/* hw-server-password.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HW_SERVER_PASSWORD_ERROR (hw_server_password_error_quark ())

/* Staff passwords: at least this many characters (not bytes), at most this many bytes. */
#define HW_SERVER_PASSWORD_MIN_CHARS 10
#define HW_SERVER_PASSWORD_MAX_BYTES 1024

/**
 * HwServerPasswordError:
 * @HW_SERVER_PASSWORD_ERROR_WEAK: the password is empty, too short, too long or not UTF-8
 * @HW_SERVER_PASSWORD_ERROR_FAILED: hashing failed (out of memory)
 */
typedef enum
{
  HW_SERVER_PASSWORD_ERROR_WEAK,
  HW_SERVER_PASSWORD_ERROR_FAILED,
} HwServerPasswordError;

GQuark    hw_server_password_error_quark (void);
gboolean  hw_server_sodium_init          (void);
gboolean  hw_server_password_check       (const char  *password,
                                          GError     **error);
char     *hw_server_password_hash        (const char  *password,
                                          GError     **error);
gboolean  hw_server_password_verify      (const char  *hash,
                                          const char  *password);
void      hw_server_password_verify_async  (const char          *hash,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean  hw_server_password_verify_finish (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
