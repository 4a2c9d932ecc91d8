/* hw-server-login.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-auth-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-auth-private.h"
#include "hw-server-body.h"
#include "hw-server-log.h"
#include "hw-server-password.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-throttle.h"

/* Staff sessions (DESIGN.md §4):
 *
 *   POST /auth/login   {email, password} → {token, expires_at}
 *   POST /auth/logout  revokes the bearer token of the request
 *   GET  /auth/me      the caller
 *
 * and the steps of a login that channel users' logins share (hw-server-channel-auth.c):
 * reading the body under the throttle, starting and ending a session. The password is
 * checked in a worker thread while the request is paused. */

#define EMAIL_MAX_LENGTH 254

static void
respond_field_problem (SoupServerMessage *msg,
                       const char        *field,
                       const char        *message)
{
  g_autoptr(GError) error = NULL;

  hw_set_field_error (&error, HW_CORE_ERROR_INVALID, field, "%s", message);
  hw_server_problem_from_error (msg, error);
}

/* The string member @name of @object; answers @msg with a 422 problem when it is missing,
 * not a string or empty. */
const char *
_hw_server_require_string (SoupServerMessage *msg,
                           JsonObject        *object,
                           const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      respond_field_problem (msg, name, "is required");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      respond_field_problem (msg, name, "must be a string");
      return NULL;
    }

  value = json_node_get_string (node);
  if (value == NULL || value[0] == '\0')
    {
      respond_field_problem (msg, name, "must not be empty");
      return NULL;
    }

  return value;
}

/* A login waiting for its password check, which runs in a worker thread while the
 * message is paused. */
typedef struct
{
  HwServer          *server;
  SoupServerMessage *msg;
  HwStaffUser       *staff;
  char              *email_key;
  char              *remote_key;
} Login;

static void
login_free (Login *login)
{
  g_object_unref (login->server);
  g_object_unref (login->msg);
  g_clear_pointer (&login->staff, hw_entity_free);
  g_free (login->email_key);
  g_free (login->remote_key);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Login, login_free)

/**
 * _hw_server_auth_start_session:
 * @record: a new token whose kind and owner are set; its hash and times are filled in
 *
 * Stores a login session of @lifetime_seconds and begins its answer: an open JSON object
 * with `token` and `expires_at`, for the caller to complete and end. When the store fails
 * the problem is answered and %NULL returned.
 *
 * Returns: (transfer full) (nullable): the answer's builder
 */
JsonBuilder *
_hw_server_auth_start_session (HwServer          *server,
                               SoupServerMessage *msg,
                               HwAuthToken       *record,
                               gint64             lifetime_seconds)
{
  HwStore *store = hw_server_get_store (server);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expires = NULL;

  token = hw_server_token_new ();
  record->token_hash = hw_server_token_hash (token);
  record->created_at = hw_store_now (store);
  record->expires_at = record->created_at + lifetime_seconds * G_USEC_PER_SEC;
  if (!hw_store_create_auth_token (store, record, &error))
    {
      hw_server_problem_from_error (msg, error);
      return NULL;
    }

  expires = hw_time_format (record->expires_at);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);

  return g_steal_pointer (&builder);
}

/**
 * _hw_server_auth_read_login:
 * @email_key_prefix: the throttle's key space for this kind of login
 *
 * Reads a login body ({email, password}), lowercases the email and checks the throttle
 * for the email and the remote address before any password is looked at, so that a
 * blocked guesser learns nothing. Answers the problem and returns %FALSE when the body
 * is wrong or the caller must wait.
 */
gboolean
_hw_server_auth_read_login (HwServer             *server,
                            SoupServerMessage    *msg,
                            const char           *email_key_prefix,
                            const char           *throttled_event,
                            HwServerLoginRequest *request)
{
  HwServerThrottle *throttle = _hw_server_auth_get_throttle (_hw_server_get_auth (server));
  const char *remote = soup_server_message_get_remote_host (msg);
  const char *email;
  const char *password;
  JsonObject *object;
  gint64 now = g_get_monotonic_time ();
  guint wait;

  if (!(request->root = hw_server_body_json (msg, TRUE,
                                             "The request body must be a JSON object with "
                                             "email and password.")))
    return FALSE;
  object = json_node_get_object (request->root);

  if ((email = _hw_server_require_string (msg, object, "email")) == NULL ||
      (password = _hw_server_require_string (msg, object, "password")) == NULL)
    return FALSE;

  if (strlen (email) > EMAIL_MAX_LENGTH)
    {
      respond_field_problem (msg, "email", "is too long");
      return FALSE;
    }

  request->email = g_ascii_strdown (email, -1);
  request->password = password;
  request->email_key = g_strconcat (email_key_prefix, request->email, NULL);
  request->remote_key = g_strconcat ("ip:", remote != NULL ? remote : "", NULL);

  wait = MAX (hw_server_throttle_wait (throttle, request->email_key, now),
              hw_server_throttle_wait (throttle, request->remote_key, now));
  if (wait > 0)
    {
      hw_server_log (G_LOG_LEVEL_WARNING, throttled_event,
                     "remote", remote,
                     NULL);
      hw_server_respond_throttled (msg, wait);
      return FALSE;
    }

  return TRUE;
}

void
_hw_server_login_request_clear (HwServerLoginRequest *request)
{
  g_clear_pointer (&request->root, json_node_unref);
  g_clear_pointer (&request->email, g_free);
  g_clear_pointer (&request->email_key, g_free);
  g_clear_pointer (&request->remote_key, g_free);
}

/**
 * _hw_server_auth_end_session:
 *
 * Revokes the session @principal signed in with and answers 204; when the store fails,
 * answers the problem and returns %FALSE.
 */
gboolean
_hw_server_auth_end_session (HwServer           *server,
                             SoupServerMessage  *msg,
                             HwServerPrincipal  *principal)
{
  g_autoptr(GError) error = NULL;

  if (!hw_store_revoke_auth_token (hw_server_get_store (server), principal->token_hash, &error))
    {
      hw_server_problem_from_error (msg, error);
      return FALSE;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  return TRUE;
}

static void
login_issue_token (Login *login)
{
  SoupServerMessage *msg = login->msg;
  g_autoptr(HwAuthToken) record = hw_auth_token_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  record->kind = HW_AUTH_TOKEN_SESSION;
  record->staff_user_id = g_strdup (HW_ENTITY (login->staff)->id);
  builder = _hw_server_auth_start_session (login->server, msg, record,
                                           HW_SERVER_SESSION_LIFETIME_SECONDS);
  if (builder == NULL)
    return;

  hw_server_log (G_LOG_LEVEL_INFO, "login",
                 "staff_user_id", record->staff_user_id,
                 "remote", soup_server_message_get_remote_host (msg),
                 NULL);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

static void
login_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(Login) login = user_data;
  HwServerThrottle *throttle = _hw_server_auth_get_throttle (_hw_server_get_auth (login->server));
  HwStaffUser *staff = login->staff;
  gboolean usable = staff != NULL && staff->active && staff->password_hash != NULL;
  gboolean matched = hw_server_password_verify_finish (result, NULL);

  if (!usable || !matched)
    {
      gint64 now = g_get_monotonic_time ();

      hw_server_throttle_record_failure (throttle, login->email_key, now);
      hw_server_throttle_record_failure (throttle, login->remote_key, now);
      hw_server_log (G_LOG_LEVEL_WARNING, "login failed",
                     "reason", staff == NULL ? "unknown email"
                               : !staff->active ? "deactivated" : "wrong password",
                     "staff_user_id", staff != NULL ? HW_ENTITY (staff)->id : NULL,
                     "remote", soup_server_message_get_remote_host (login->msg),
                     NULL);
      _hw_server_respond_login_failed (login->msg);
    }
  else
    {
      /* A success clears the email's failures, not the address's: one valid account
       * must not reset the limit of a guesser behind the same address. */
      hw_server_throttle_forget (throttle, login->email_key);
      login_issue_token (login);
    }

  soup_server_message_unpause (login->msg);
}

static void
handle_login (SoupServerMessage *msg,
              GHashTable        *params,
              gpointer           user_data)
{
  HwServer *server = user_data;
  HwServerAuth *auth = _hw_server_get_auth (server);
  HwStore *store = hw_server_get_store (server);
  g_auto(HwServerLoginRequest) request = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStaffUser) staff = NULL;
  const char *hash;
  const char *email;
  const char *password;
  Login *login;

  /* Staff emails are stored in lowercase (see `user add`). */
  if (!_hw_server_auth_read_login (server, msg, "email:", "login throttled", &request))
    return;
  email = request.email;
  password = request.password;

  staff = hw_store_find_by (store, &hw_staff_user_type, "email", email, &error);
  if (staff == NULL && !g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }
  g_clear_error (&error);

  login = g_new0 (Login, 1);
  login->server = g_object_ref (server);
  login->msg = g_object_ref (msg);
  login->email_key = g_steal_pointer (&request.email_key);
  login->remote_key = g_steal_pointer (&request.remote_key);

  /* An unknown or deactivated user is verified against a hash of nothing, so that every
   * failure takes as long as a wrong password. */
  if (staff != NULL && staff->active && staff->password_hash != NULL)
    hash = staff->password_hash;
  else
    hash = _hw_server_auth_get_dummy_hash (auth);
  login->staff = g_steal_pointer (&staff);

  soup_server_message_pause (msg);
  hw_server_password_verify_async (hash, password, NULL, login_verified_cb, login);
}

static void
handle_logout (SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  HwServer *server = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;

  if (!hw_server_authenticate_staff (server, msg, &principal, NULL) ||
      !_hw_server_auth_end_session (server, msg, principal))
    return;

  hw_server_log (G_LOG_LEVEL_INFO, "logout",
                 "staff_user_id", principal->staff_user_id,
                 NULL);
}

static void
handle_me (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  HwServer *server = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (!hw_server_authenticate_staff (server, msg, &principal, NULL))
    return;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, principal->staff_user_id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, principal->email);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, principal->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, principal->role);
  json_builder_end_object (builder);
  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);

    hw_server_respond_json (msg, SOUP_STATUS_OK, root);
  }
}

void
_hw_server_auth_add_routes (HwServer       *server,
                            HwServerRouter *router)
{
  hw_server_router_add (router, SOUP_METHOD_POST, "/auth/login", handle_login, server);
  hw_server_router_add (router, SOUP_METHOD_POST, "/auth/logout", handle_logout, server);
  hw_server_router_add (router, SOUP_METHOD_GET, "/auth/me", handle_me, server);
}
