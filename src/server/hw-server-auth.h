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

/* How long a channel (customer) user's session lasts. */
#define HW_SERVER_CHANNEL_SESSION_LIFETIME_SECONDS (12 * 60 * 60)

/* Login throttling: this many failed logins for one email, or from one remote address,
 * within the window, and further logins are answered with 429 until the oldest of them
 * leaves the window. */
#define HW_SERVER_LOGIN_MAX_FAILURES   5
#define HW_SERVER_LOGIN_WINDOW_SECONDS (15 * 60)

/**
 * HwServerAuthError:
 * @HW_SERVER_AUTH_ERROR_MISSING: the request carries no bearer token
 * @HW_SERVER_AUTH_ERROR_INVALID: the token is malformed, unknown, revoked or expired, or
 *   its user or integration is gone or deactivated
 * @HW_SERVER_AUTH_ERROR_NOT_STAFF: the token is an integration's API token, on a route for
 *   staff only
 */
typedef enum
{
  HW_SERVER_AUTH_ERROR_MISSING,
  HW_SERVER_AUTH_ERROR_INVALID,
  HW_SERVER_AUTH_ERROR_NOT_STAFF,
} HwServerAuthError;

/**
 * HwServerPrincipalKind:
 * @HW_SERVER_PRINCIPAL_STAFF: a staff user with a session
 * @HW_SERVER_PRINCIPAL_API: an integration with an API token
 * @HW_SERVER_PRINCIPAL_CHANNEL: a customer user with a channel session
 */
typedef enum
{
  HW_SERVER_PRINCIPAL_STAFF,
  HW_SERVER_PRINCIPAL_API,
  HW_SERVER_PRINCIPAL_CHANNEL,
} HwServerPrincipalKind;

/* The scopes an integration's API token may carry. */
#define HW_SERVER_SCOPE_ERP_PRODUCTS "erp.products"
#define HW_SERVER_SCOPE_ERP_ACCOUNTS "erp.accounts"
#define HW_SERVER_SCOPE_ERP_PRICES   "erp.prices"
#define HW_SERVER_SCOPE_ERP_ORDERS   "erp.orders"

/**
 * HwServerPrincipal:
 * @kind: a staff user, an integration or a customer user
 * @staff_user_id: (nullable): who is calling, for staff
 * @email: (nullable): their email
 * @name: (nullable): their name, or the integration's
 * @role: (nullable): owner, admin, editor or viewer; for a customer user buyer, planner,
 *   operational or account_admin; %NULL for an integration
 * @integration_id: (nullable): the calling integration, for an API token
 * @user_id: (nullable): the calling customer user, for a channel session
 * @account_id: (nullable): that user's account: all a channel request may see
 * @scopes: (nullable): what that API token may do
 * @token_hash: the SHA-256 (hex) of the token the request carried; never the token
 * @expires_at: when that token expires, µs since the epoch; 0 for never
 *
 * The caller of an authenticated request.
 */
typedef struct
{
  HwServerPrincipalKind   kind;
  char                   *staff_user_id;
  char                   *email;
  char                   *name;
  char                   *role;
  char                   *integration_id;
  char                   *user_id;
  char                   *account_id;
  char                  **scopes;
  char                   *token_hash;
  gint64                  expires_at;
} HwServerPrincipal;

GQuark    hw_server_auth_error_quark   (void);

void      hw_server_principal_free     (HwServerPrincipal   *principal);
gboolean  hw_server_authenticate       (HwServer            *server,
                                        SoupServerMessage   *msg,
                                        HwServerPrincipal  **out_principal,
                                        GError             **error);
gboolean  hw_server_authenticate_staff (HwServer            *server,
                                        SoupServerMessage   *msg,
                                        HwServerPrincipal  **out_principal,
                                        GError             **error);
gboolean  hw_server_authenticate_channel (HwServer           *server,
                                         SoupServerMessage  *msg,
                                         HwServerPrincipal **out_principal,
                                         GError            **error);
gboolean  hw_server_principal_has_scope (const HwServerPrincipal *principal,
                                         const char              *scope);
gboolean  hw_server_scope_is_valid     (const char          *scope);

char     *hw_server_token_new          (void);
char     *hw_server_token_hash         (const char          *token);

gboolean  hw_server_role_is_valid      (const char          *role);
gboolean  hw_server_role_can_mutate    (const char          *role);
gboolean  hw_server_role_is_admin      (const char          *role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwServerPrincipal, hw_server_principal_free)

G_END_DECLS
