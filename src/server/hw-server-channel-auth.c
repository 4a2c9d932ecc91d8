/* hw-server-channel-auth.c
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
#include "hw-channel-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-auth-private.h"
#include "hw-server-body.h"
#include "hw-server-log.h"
#include "hw-server-password.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"
#include "hw-server-response.h"

/* Customer users on the channels (DESIGN.md §4):
 *
 *   POST /channel/auth/login    {email, password} → {token, expires_at, user_id, account_id}
 *   POST /channel/auth/logout   revokes the bearer token of the request
 *   GET  /channel/auth/me       the caller, their account and visibility settings
 *   PUT  /users/{id}/password   {password}: staff (owner, admin, editor) set a password
 *
 * A user's password hash (argon2id, the staff's password module) lives in its own table,
 * never in the users row that syncs (hw-store-channel.c); the ERP may set it too, with a
 * password on a user of POST /erp/accounts. Channel sessions are tokens of their own
 * kind, bound to the user and through it to the account: hw_server_authenticate_channel()
 * takes nothing else, and every other route refuses them.
 *
 * Logins are throttled like staff logins, in the same table (by "channel-email:…" and
 * by remote address, which staff and channel logins share), and every failure —
 * unknown email, wrong password, no password set, inactive user, blocked account — gets
 * the same answer after the same work. */

#define EMAIL_MAX_LENGTH 254

typedef struct
{
  HwServer          *server;
  SoupServerMessage *msg;
  HwUser            *user;      /* NULL for an unknown email */
  gboolean           usable;    /* active, its account not blocked, a password set */
  char              *email_key;
  char              *remote_key;
} ChannelLogin;

static void
channel_login_free (ChannelLogin *login)
{
  g_object_unref (login->server);
  g_object_unref (login->msg);
  g_clear_pointer (&login->user, hw_entity_free);
  g_free (login->email_key);
  g_free (login->remote_key);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ChannelLogin, channel_login_free)

static void
issue_token (ChannelLogin *login)
{
  SoupServerMessage *msg = login->msg;
  g_autoptr(HwAuthToken) record = hw_auth_token_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  record->kind = HW_AUTH_TOKEN_CHANNEL;
  record->user_id = g_strdup (HW_ENTITY (login->user)->id);
  builder = _hw_server_auth_start_session (login->server, msg, record,
                                           HW_SERVER_CHANNEL_SESSION_LIFETIME_SECONDS);
  if (builder == NULL)
    return;

  hw_server_log (G_LOG_LEVEL_INFO, "channel login",
                 "user_id", record->user_id,
                 "account_id", login->user->account_id,
                 "remote", soup_server_message_get_remote_host (msg),
                 NULL);

  json_builder_set_member_name (builder, "user_id");
  json_builder_add_string_value (builder, record->user_id);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, login->user->account_id);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

static void
login_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ChannelLogin) login = user_data;
  HwServerThrottle *throttle = _hw_server_auth_get_throttle (_hw_server_get_auth (login->server));
  gboolean matched = hw_server_password_verify_finish (result, NULL);

  if (!login->usable || !matched)
    {
      gint64 now = g_get_monotonic_time ();

      hw_server_throttle_record_failure (throttle, login->email_key, now);
      hw_server_throttle_record_failure (throttle, login->remote_key, now);
      hw_server_log (G_LOG_LEVEL_WARNING, "channel login failed",
                     "reason", login->user == NULL ? "unknown email"
                               : !login->usable ? "not usable" : "wrong password",
                     "user_id", login->user != NULL ? HW_ENTITY (login->user)->id : NULL,
                     "remote", soup_server_message_get_remote_host (login->msg),
                     NULL);
      _hw_server_respond_login_failed (login->msg);
    }
  else
    {
      hw_server_throttle_forget (throttle, login->email_key);
      issue_token (login);
    }

  soup_server_message_unpause (login->msg);
}

/* The user with @email: as written, else in lowercase (the ERP may send either). */
static HwUser *
find_user (HwStore     *store,
           const char  *email,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lower = NULL;
  HwUser *user;

  user = hw_store_find_by (store, &hw_user_type, "email", email, &local_error);
  if (user != NULL || !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return user;
    }

  lower = g_ascii_strdown (email, -1);
  if (g_str_equal (lower, email))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return hw_store_find_by (store, &hw_user_type, "email", lower, error);
}

/* The password hash @user may log in with; NULL when the user is inactive, the account
 * blocked or gone, or no password is set. */
static char *
usable_hash (HwStore  *store,
             HwUser   *user,
             GError  **error)
{
  g_autoptr(HwAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  char *hash;

  if (user == NULL || !user->active)
    return NULL;

  account = hw_store_get (store, &hw_account_type, user->account_id, &local_error);
  if (account == NULL)
    {
      if (!g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_strcmp0 (account->status, "blocked") == 0)
    return NULL;

  hash = hw_store_get_user_password_hash (store, HW_ENTITY (user)->id, &local_error);
  if (hash == NULL && !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return hash;
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
  g_autoptr(HwUser) user = NULL;
  g_autofree char *hash = NULL;
  ChannelLogin *login;
  const char *email;
  const char *password;

  if (!_hw_server_auth_read_login (server, msg, "channel-email:", "channel login throttled",
                                   &request))
    return;
  email = request.email;
  password = request.password;

  user = find_user (store, email, &error);
  if (user == NULL && !g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }
  g_clear_error (&error);

  hash = usable_hash (store, user, &error);
  if (error != NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  login = g_new0 (ChannelLogin, 1);
  login->server = g_object_ref (server);
  login->msg = g_object_ref (msg);
  login->user = g_steal_pointer (&user);
  login->usable = hash != NULL;
  login->email_key = g_steal_pointer (&request.email_key);
  login->remote_key = g_steal_pointer (&request.remote_key);

  soup_server_message_pause (msg);
  hw_server_password_verify_async (hash != NULL ? hash : _hw_server_auth_get_dummy_hash (auth),
                                   password, NULL, login_verified_cb, login);
}

static void
handle_logout (SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  HwServer *server = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;

  if (!hw_server_authenticate_channel (server, msg, &principal, NULL) ||
      !_hw_server_auth_end_session (server, msg, principal))
    return;

  hw_server_log (G_LOG_LEVEL_INFO, "channel logout",
                 "user_id", principal->user_id,
                 NULL);
}

static void
handle_me (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
  HwServer *server = user_data;
  HwStore *store = hw_server_get_store (server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwUser) user = NULL;
  g_autoptr(HwAccount) account = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!hw_server_authenticate_channel (server, msg, &principal, NULL))
    return;

  if (!(user = hw_store_get (store, &hw_user_type, principal->user_id, &error)) ||
      !(account = hw_store_get (store, &hw_account_type, principal->account_id, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, HW_ENTITY (user)->id);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, user->email);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, user->role);
  json_builder_set_member_name (builder, "show_prices");
  json_builder_add_boolean_value (builder, user->show_prices);
  json_builder_set_member_name (builder, "can_order");
  json_builder_add_boolean_value (builder, user->can_order);
  json_builder_set_member_name (builder, "order_limit");
  if (user->order_limit == HW_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, user->order_limit);
  json_builder_set_member_name (builder, "account_id");
  json_builder_add_string_value (builder, HW_ENTITY (account)->id);
  json_builder_set_member_name (builder, "account_name");
  json_builder_add_string_value (builder, account->name);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, account->currency);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

/* Staff set a customer user's password */

static void
handle_set_password (SoupServerMessage *msg,
                     GHashTable        *params,
                     gpointer           user_data)
{
  HwServer *server = user_data;
  HwStore *store = hw_server_get_store (server);
  const char *id = g_hash_table_lookup (params, "id");
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  const char *password;

  if (!hw_server_authenticate_staff (server, msg, &principal, NULL))
    return;

  if (!hw_server_role_can_mutate (principal->role))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Your role may look at data but not change it.");
      return;
    }

  if (!(root = hw_server_body_json (msg, TRUE,
                                    "The request body must be a JSON object with password.")))
    return;
  if (!(password = _hw_server_require_string (msg, json_node_get_object (root), "password")))
    return;

  if (!hw_server_password_check (password, &error))
    {
      _hw_server_respond_field_problem (msg, "password", error->message);
      return;
    }

  if (!(hash = hw_server_password_hash (password, &error)))
    {
      hw_server_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                         "The password could not be hashed.");
      return;
    }

  /* A new password ends the sessions made with the old one. */
  if (!hw_store_begin (store, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }
  if (!hw_store_set_user_password_hash (store, id, hash, &error) ||
      !hw_store_revoke_user_tokens (store, id, NULL, &error))
    {
      hw_store_rollback (store);
      hw_server_problem_from_error (msg, error);
      return;
    }
  if (!hw_store_commit (store, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_server_log (G_LOG_LEVEL_INFO, "user password set",
                 "user_id", id,
                 "staff_user_id", principal->staff_user_id,
                 NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
_hw_server_channel_auth_add_routes (HwServer       *server,
                                    HwServerRouter *router)
{
  hw_server_router_add (router, SOUP_METHOD_POST, "/channel/auth/login", handle_login, server);
  hw_server_router_add (router, SOUP_METHOD_POST, "/channel/auth/logout", handle_logout, server);
  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/auth/me", handle_me, server);
  hw_server_router_add (router, SOUP_METHOD_PUT, "/users/{id}/password", handle_set_password,
                        server);
}
