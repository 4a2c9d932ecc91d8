/* hw-server-auth.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hw-server.h"

G_BEGIN_DECLS

#define HW_SERVER_AUTH_ERROR (hw_server_auth_error_quark ())

/* How long a staff session lasts. */
#define HW_SERVER_SESSION_LIFETIME_SECONDS (12 * 60 * 60)

/* Login throttling: this many failed logins for one email, or from one remote address,
 * within the window, and further logins are answered with 429 until the oldest of them
 * leaves the window. */
#define HW_SERVER_LOGIN_MAX_FAILURES   5
#define HW_SERVER_LOGIN_WINDOW_SECONDS (15 * 60)

/**
 * HwServerAuthError:
 * @HW_SERVER_AUTH_ERROR_MISSING: the request carries no bearer token
 * @HW_SERVER_AUTH_ERROR_INVALID: the token is malformed, unknown, revoked or expired, or
 *   its user is gone or deactivated
 */
typedef enum
{
  HW_SERVER_AUTH_ERROR_MISSING,
  HW_SERVER_AUTH_ERROR_INVALID,
} HwServerAuthError;

/**
 * HwServerPrincipal:
 * @staff_user_id: who is calling
 * @email: their email
 * @name: their name
 * @role: owner, admin, editor or viewer
 * @token_hash: the SHA-256 (hex) of the token the request carried; never the token
 * @expires_at: when that token expires, µs since the epoch; 0 for never
 *
 * The caller of an authenticated request.
 */
typedef struct
{
  char   *staff_user_id;
  char   *email;
  char   *name;
  char   *role;
  char   *token_hash;
  gint64  expires_at;
} HwServerPrincipal;

GQuark    hw_server_auth_error_quark   (void);

void      hw_server_principal_free     (HwServerPrincipal   *principal);
gboolean  hw_server_authenticate       (HwServer            *server,
                                        SoupServerMessage   *msg,
                                        HwServerPrincipal  **out_principal,
                                        GError             **error);

char     *hw_server_token_new          (void);
char     *hw_server_token_hash         (const char          *token);

gboolean  hw_server_role_is_valid      (const char          *role);
gboolean  hw_server_role_can_mutate    (const char          *role);
gboolean  hw_server_role_is_admin      (const char          *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwServerPrincipal, hw_server_principal_free)

G_END_DECLS
