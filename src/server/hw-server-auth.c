/* hw-server-auth.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <sodium.h>

#include "hw-auth-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-body.h"
#include "hw-server-auth-private.h"
#include "hw-server-log.h"
#include "hw-server-password.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-throttle.h"

/* Staff authentication (DESIGN.md §4): who a request's bearer token belongs to. The
 * routes that make and end sessions (/auth/login, /auth/logout, /auth/me) are in
 * hw-server-login.c.
 *
 * Tokens are 32 random bytes as unpadded base64url. The database keeps only their
 * SHA-256, so a copy of it logs nobody in; neither tokens nor passwords are ever logged.
 *
 * The same kind of token, made by an owner or admin (hw-server-tokens.c), is an
 * integration's API token: hw_server_authenticate() accepts it as a principal of kind
 * API with the token's scopes, and hw_server_authenticate_staff(), which every staff
 * route uses, refuses it with 403.
 *
 * Failed logins are counted per email and per remote address in this process only: a
 * restart forgets them, and several server processes count separately. The remote
 * address is the peer of the connection; behind a reverse proxy all logins share the
 * proxy's address (and its limit).
 *
 * Checking a password takes tens of milliseconds of a core (in a worker thread); the
 * throttle bounds how often a client can make the server do it. */

#define REALM "heartwork-one"
#define TOKEN_BYTES 32
#define TOKEN_MAX_LENGTH 512

/* Deliberately the same for an unknown email, a wrong password and a deactivated user:
 * the answer must not tell which emails have accounts. */
#define LOGIN_FAILED_DETAIL "The email or password is wrong."

G_DEFINE_QUARK (hw-server-auth-error-quark, hw_server_auth_error)

/* Above this many cached tokens the cache is emptied rather than grown: a flood of
 * valid tokens is unlikely, and refilling is one lookup per token. */
#define TOKEN_CACHE_MAX 4096

struct _HwServerAuth
{
  HwServerThrottle *throttle;   /* keys "email:…", "channel-email:…", "ip:…" */
  char             *dummy_hash; /* verified against for unknown emails */
  GHashTable       *tokens;     /* token hash → HwServerPrincipal, valid as of @stamp */
  HwStoreStamp      stamp;
};

HwServerAuth *
_hw_server_auth_new (void)
{
  HwServerAuth *auth = g_new0 (HwServerAuth, 1);

  auth->throttle = hw_server_throttle_new ();
  auth->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) hw_server_principal_free);

  return auth;
}

void
_hw_server_auth_free (HwServerAuth *auth)
{
  if (auth == NULL)
    return;

  hw_server_throttle_free (auth->throttle);
  g_hash_table_unref (auth->tokens);
  g_free (auth->dummy_hash);
  g_free (auth);
}

void
hw_server_principal_free (HwServerPrincipal *principal)
{
  if (principal == NULL)
    return;

  g_free (principal->staff_user_id);
  g_free (principal->email);
  g_free (principal->name);
  g_free (principal->role);
  g_free (principal->integration_id);
  g_free (principal->user_id);
  g_free (principal->account_id);
  g_strfreev (principal->scopes);
  g_free (principal->token_hash);
  g_free (principal);
}

static HwServerPrincipal *
principal_copy (const HwServerPrincipal *principal)
{
  HwServerPrincipal *copy = g_new0 (HwServerPrincipal, 1);

  copy->kind = principal->kind;
  copy->staff_user_id = g_strdup (principal->staff_user_id);
  copy->email = g_strdup (principal->email);
  copy->name = g_strdup (principal->name);
  copy->role = g_strdup (principal->role);
  copy->integration_id = g_strdup (principal->integration_id);
  copy->user_id = g_strdup (principal->user_id);
  copy->account_id = g_strdup (principal->account_id);
  copy->scopes = g_strdupv (principal->scopes);
  copy->token_hash = g_strdup (principal->token_hash);
  copy->expires_at = principal->expires_at;

  return copy;
}

/* Roles */

/**
 * hw_server_role_is_valid:
 *
 * Returns: whether @role is a staff role: owner, admin, editor or viewer
 */
gboolean
hw_server_role_is_valid (const char *role)
{
  static const char * const roles[] = { "owner", "admin", "editor", "viewer", NULL };

  return role != NULL && g_strv_contains (roles, role);
}

/**
 * hw_server_role_can_mutate:
 *
 * Returns: whether @role may change data: every staff role but viewer
 */
gboolean
hw_server_role_can_mutate (const char *role)
{
  return hw_server_role_is_valid (role) && !g_str_equal (role, "viewer");
}

/**
 * hw_server_role_is_admin:
 *
 * Returns: whether @role administers the server (staff users, integrations): owner, admin
 */
gboolean
hw_server_role_is_admin (const char *role)
{
  return g_strcmp0 (role, "owner") == 0 || g_strcmp0 (role, "admin") == 0;
}

/* Scopes */

/**
 * hw_server_scope_is_valid:
 *
 * Returns: whether @scope is one an API token may carry: erp.products, erp.accounts,
 *   erp.prices or erp.orders
 */
gboolean
hw_server_scope_is_valid (const char *scope)
{
  static const char * const scopes[] = {
    HW_SERVER_SCOPE_ERP_PRODUCTS,
    HW_SERVER_SCOPE_ERP_ACCOUNTS,
    HW_SERVER_SCOPE_ERP_PRICES,
    HW_SERVER_SCOPE_ERP_ORDERS,
    NULL
  };

  return scope != NULL && g_strv_contains (scopes, scope);
}

/**
 * hw_server_principal_has_scope:
 * @principal: the caller
 * @scope: a scope such as erp.products
 *
 * Returns: whether @principal is an integration whose API token carries @scope; staff
 *   carry no scopes
 */
gboolean
hw_server_principal_has_scope (const HwServerPrincipal *principal,
                               const char              *scope)
{
  g_return_val_if_fail (principal != NULL, FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);

  return principal->kind == HW_SERVER_PRINCIPAL_API &&
         principal->scopes != NULL &&
         g_strv_contains ((const char * const *) principal->scopes, scope);
}

/* Tokens */

/**
 * hw_server_token_new:
 *
 * Returns: (transfer full): a new opaque token: 32 random bytes as unpadded base64url
 */
char *
hw_server_token_new (void)
{
  guchar bytes[TOKEN_BYTES];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (!hw_server_sodium_init ())
    g_error ("libsodium cannot be initialised: no random tokens");

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);

  return g_strdup (text);
}

/**
 * hw_server_token_hash:
 * @token: a token as the client sends it
 *
 * Returns: (transfer full): the SHA-256 of @token as lowercase hex: what the store keeps
 */
char *
hw_server_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

/* RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
static gboolean
is_b64token (const char *text)
{
  gsize length = strlen (text);
  gsize i = 0;

  if (length == 0 || length > TOKEN_MAX_LENGTH)
    return FALSE;

  while (i < length && (g_ascii_isalnum (text[i]) || strchr ("-._~+/", text[i]) != NULL))
    i++;
  if (i == 0)
    return FALSE;
  while (i < length && text[i] == '=')
    i++;

  return i == length;
}

/* Authentication of requests */

static void
respond_unauthorized (SoupServerMessage *msg,
                      gboolean           invalid_token,
                      const char        *detail)
{
  hw_server_problem (msg, SOUP_STATUS_UNAUTHORIZED, detail);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate",
                                invalid_token ? "Bearer realm=\"" REALM "\", error=\"invalid_token\""
                                              : "Bearer realm=\"" REALM "\"");
}

static gboolean
fail_invalid (SoupServerMessage  *msg,
              GError            **error)
{
  respond_unauthorized (msg, TRUE,
                        "The bearer token is not valid: it is unknown, expired or revoked. "
                        "Log in again.");
  g_set_error_literal (error, HW_SERVER_AUTH_ERROR, HW_SERVER_AUTH_ERROR_INVALID,
                       "invalid bearer token");
  return FALSE;
}

/* Fetches @id of @type into @out_entity; a missing one makes the token invalid. */
static gboolean
lookup_owner (HwStore             *store,
              SoupServerMessage   *msg,
              const HwEntityType  *type,
              const char          *id,
              gpointer            *out_entity,
              GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_entity = id != NULL ? hw_store_get (store, type, id, &local_error) : NULL;
  if (*out_entity != NULL)
    return TRUE;

  if (id == NULL || g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    return fail_invalid (msg, error);

  hw_server_problem_from_error (msg, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* A channel session is good while its user is active and the user's account is not
 * blocked: blocking an account or deactivating a user ends its sessions at once. */
static gboolean
lookup_channel_principal (HwStore             *store,
                          SoupServerMessage   *msg,
                          const HwAuthToken   *record,
                          HwServerPrincipal  **out_principal,
                          GError             **error)
{
  g_autoptr(HwUser) user = NULL;
  g_autoptr(HwAccount) account = NULL;
  HwServerPrincipal *principal;

  if (!lookup_owner (store, msg, &hw_user_type, record->user_id, (gpointer *) &user, error))
    return FALSE;
  if (!user->active)
    return fail_invalid (msg, error);
  if (!lookup_owner (store, msg, &hw_account_type, user->account_id, (gpointer *) &account,
                     error))
    return FALSE;
  if (g_strcmp0 (account->status, "blocked") == 0)
    return fail_invalid (msg, error);

  principal = g_new0 (HwServerPrincipal, 1);
  principal->kind = HW_SERVER_PRINCIPAL_CHANNEL;
  principal->user_id = g_strdup (HW_ENTITY (user)->id);
  principal->account_id = g_strdup (user->account_id);
  principal->email = g_strdup (user->email);
  principal->name = g_strdup (user->name);
  principal->role = g_strdup (user->role);
  principal->token_hash = g_strdup (record->token_hash);
  principal->expires_at = record->expires_at;
  *out_principal = principal;

  return TRUE;
}

/* The caller a valid token's hash names, looked up in the store. */
static gboolean
lookup_principal (HwStore             *store,
                  SoupServerMessage   *msg,
                  const char          *hash,
                  HwServerPrincipal  **out_principal,
                  GError             **error)
{
  g_autoptr(HwAuthToken) record = NULL;
  g_autoptr(HwStaffUser) staff = NULL;
  g_autoptr(GError) local_error = NULL;
  HwServerPrincipal *principal;

  record = hw_store_lookup_auth_token (store, hash, &local_error);
  if (record == NULL)
    {
      if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        return fail_invalid (msg, error);

      hw_server_problem_from_error (msg, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!hw_auth_token_is_usable (record, hw_store_now (store)))
    return fail_invalid (msg, error);

  if (record->kind == HW_AUTH_TOKEN_API)
    {
      g_autoptr(HwIntegration) integration = NULL;

      integration = hw_store_get (store, &hw_integration_type, record->integration_id,
                                  &local_error);
      if (integration == NULL)
        {
          if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
            return fail_invalid (msg, error);

          hw_server_problem_from_error (msg, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      principal = g_new0 (HwServerPrincipal, 1);
      principal->kind = HW_SERVER_PRINCIPAL_API;
      principal->integration_id = g_strdup (record->integration_id);
      principal->name = g_strdup (integration->name);
      principal->scopes = g_strsplit_set (record->scopes != NULL ? record->scopes : "", " ", -1);
      principal->token_hash = g_strdup (hash);
      principal->expires_at = record->expires_at;
      *out_principal = principal;

      return TRUE;
    }

  if (record->kind == HW_AUTH_TOKEN_CHANNEL)
    return lookup_channel_principal (store, msg, record, out_principal, error);

  staff = hw_store_get_staff_user (store, record->staff_user_id, &local_error);
  if (staff == NULL)
    {
      if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        return fail_invalid (msg, error);

      hw_server_problem_from_error (msg, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!staff->active)
    return fail_invalid (msg, error);

  principal = g_new0 (HwServerPrincipal, 1);
  principal->kind = HW_SERVER_PRINCIPAL_STAFF;
  principal->staff_user_id = g_strdup (HW_ENTITY (staff)->id);
  principal->email = g_strdup (staff->email);
  principal->name = g_strdup (staff->name);
  principal->role = g_strdup (staff->role);
  principal->token_hash = g_strdup (hash);
  principal->expires_at = record->expires_at;
  *out_principal = principal;

  return TRUE;
}

/* The caller of @msg, whatever kind; see hw_server_authenticate(). */
static gboolean
authenticate_any (HwServer            *server,
                  SoupServerMessage   *msg,
                  HwServerPrincipal  **out_principal,
                  GError             **error)
{
  HwServerAuth *auth;
  HwStore *store;
  SoupMessageHeaders *headers;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  HwServerPrincipal *cached;
  HwServerPrincipal *principal;
  HwStoreStamp stamp;
  const char *header;
  const char *token;

  g_return_val_if_fail (HW_IS_SERVER (server), FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);
  g_return_val_if_fail (out_principal != NULL, FALSE);

  auth = _hw_server_get_auth (server);
  store = hw_server_get_store (server);
  headers = soup_server_message_get_request_headers (msg);
  header = soup_message_headers_get_one (headers, "Authorization");

  if (header == NULL)
    {
      respond_unauthorized (msg, FALSE,
                            "This request needs a bearer token (Authorization: Bearer TOKEN); "
                            "log in first.");
      g_set_error_literal (error, HW_SERVER_AUTH_ERROR, HW_SERVER_AUTH_ERROR_MISSING,
                           "no bearer token");
      return FALSE;
    }

  /* The scheme is case-insensitive (RFC 9110 §11.1). */
  if (g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return fail_invalid (msg, error);
  token = header + 7;
  while (*token == ' ')
    token++;
  if (!is_b64token (token))
    return fail_invalid (msg, error);

  if (!hw_store_get_change_stamp (store, &stamp, &local_error))
    {
      hw_server_problem_from_error (msg, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (stamp.data_version != auth->stamp.data_version ||
      stamp.own_changes != auth->stamp.own_changes)
    {
      g_hash_table_remove_all (auth->tokens);
      auth->stamp = stamp;
    }

  hash = hw_server_token_hash (token);
  cached = g_hash_table_lookup (auth->tokens, hash);
  if (cached != NULL)
    {
      if (cached->expires_at != 0 && cached->expires_at <= hw_store_now (store))
        {
          g_hash_table_remove (auth->tokens, hash);
          return fail_invalid (msg, error);
        }

      *out_principal = principal_copy (cached);
      return TRUE;
    }

  if (!lookup_principal (store, msg, hash, &principal, error))
    return FALSE;

  if (g_hash_table_size (auth->tokens) >= TOKEN_CACHE_MAX)
    g_hash_table_remove_all (auth->tokens);
  cached = principal_copy (principal);
  g_hash_table_insert (auth->tokens, cached->token_hash, cached);

  *out_principal = principal;
  return TRUE;
}

/**
 * hw_server_authenticate:
 * @server: the server
 * @msg: the request
 * @out_principal: (out) (transfer full): the caller, on success
 *
 * The authentication step of every endpoint: reads `Authorization: Bearer TOKEN`, looks
 * the token's hash up and checks that it is neither revoked nor expired, and that its
 * owner exists: an active staff user for a session, an integration for an API token.
 * Routes for staff only use hw_server_authenticate_staff() instead; a customer user's
 * channel session is refused here like an unknown token (hw_server_authenticate_channel()
 * is its only way in).
 *
 * Tokens that passed are cached in memory by hash with their principal, for as long as
 * the database has not changed (hw_store_get_change_stamp(): any write, by this server
 * or another process, empties the cache) and the token has not expired. So a revocation,
 * a logout, a deactivated user or a blocked account takes effect with the next request, while a
 * request on an unchanged database costs one cheap statement instead of two lookups.
 *
 * On failure @msg has been answered — 401 with `WWW-Authenticate: Bearer` for a missing
 * or invalid token (%HW_SERVER_AUTH_ERROR), 503 when the database failed
 * (%HW_CORE_ERROR) — and the handler only has to return.
 *
 * Returns: %TRUE with @out_principal set, else %FALSE with @error set
 */
gboolean
hw_server_authenticate (HwServer            *server,
                        SoupServerMessage   *msg,
                        HwServerPrincipal  **out_principal,
                        GError             **error)
{
  g_autoptr(HwServerPrincipal) principal = NULL;

  g_return_val_if_fail (out_principal != NULL, FALSE);

  if (!authenticate_any (server, msg, &principal, error))
    return FALSE;

  /* A customer's session opens the channel API and nothing else: to every other route
   * it is as unknown as a made-up token. */
  if (principal->kind == HW_SERVER_PRINCIPAL_CHANNEL)
    return fail_invalid (msg, error);

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

/**
 * hw_server_authenticate_channel:
 * @server: the server
 * @msg: the request
 * @out_principal: (out) (transfer full): the caller, on success: always a customer user
 *   of an account that is not blocked, with @account_id set
 *
 * The authentication step of every channel route: like hw_server_authenticate(), but
 * only a channel session (POST /channel/auth/login) is accepted; a staff session or an
 * API token is answered with 401 like an unknown token.
 *
 * Returns: %TRUE with @out_principal set, else %FALSE with @msg answered and @error set
 */
gboolean
hw_server_authenticate_channel (HwServer            *server,
                                SoupServerMessage   *msg,
                                HwServerPrincipal  **out_principal,
                                GError             **error)
{
  g_autoptr(HwServerPrincipal) principal = NULL;

  g_return_val_if_fail (out_principal != NULL, FALSE);

  if (!authenticate_any (server, msg, &principal, error))
    return FALSE;

  if (principal->kind != HW_SERVER_PRINCIPAL_CHANNEL)
    {
      respond_unauthorized (msg, TRUE,
                            "This endpoint is for customer users: log in at "
                            HW_SERVER_API_PREFIX "/channel/auth/login. Staff sessions and "
                            "API tokens are not valid here.");
      g_set_error_literal (error, HW_SERVER_AUTH_ERROR, HW_SERVER_AUTH_ERROR_INVALID,
                           "not a channel session");
      return FALSE;
    }

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

/**
 * hw_server_authenticate_staff:
 * @server: the server
 * @msg: the request
 * @out_principal: (out) (transfer full): the caller, on success: always staff
 *
 * The authentication step of every route for staff only: hw_server_authenticate(), and
 * an integration's API token, valid as it may be, is answered with 403
 * (%HW_SERVER_AUTH_ERROR_NOT_STAFF): an integration is not staff.
 *
 * Returns: %TRUE with @out_principal set, else %FALSE with @msg answered and @error set
 */
gboolean
hw_server_authenticate_staff (HwServer            *server,
                              SoupServerMessage   *msg,
                              HwServerPrincipal  **out_principal,
                              GError             **error)
{
  g_autoptr(HwServerPrincipal) principal = NULL;

  g_return_val_if_fail (out_principal != NULL, FALSE);

  if (!hw_server_authenticate (server, msg, &principal, error))
    return FALSE;

  if (principal->kind != HW_SERVER_PRINCIPAL_STAFF)
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "This endpoint is for staff; an integration's API token cannot "
                         "use it.");
      g_set_error_literal (error, HW_SERVER_AUTH_ERROR, HW_SERVER_AUTH_ERROR_NOT_STAFF,
                           "not staff");
      return FALSE;
    }

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

/* Logins (staff here, channel users in hw-server-channel-auth.c) */

HwServerThrottle *
_hw_server_auth_get_throttle (HwServerAuth *auth)
{
  return auth->throttle;
}

/* A hash of a random password, made once: verified against for an unknown email so that
 * every failure takes as long as a wrong password. */
const char *
_hw_server_auth_get_dummy_hash (HwServerAuth *auth)
{
  if (auth->dummy_hash == NULL)
    {
      g_autofree char *filler = hw_server_token_new ();

      auth->dummy_hash = hw_server_password_hash (filler, NULL);
    }

  return auth->dummy_hash;
}

void
_hw_server_respond_login_failed (SoupServerMessage *msg)
{
  respond_unauthorized (msg, FALSE, LOGIN_FAILED_DETAIL);
}
