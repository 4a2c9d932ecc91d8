/* hw-sync-session.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-sync-client.h"
#include "hw-sync-error.h"
#include "hw-sync-session.h"

/* Signing in and out of a profile (DESIGN.md §4):
 *
 *   sign in:  GET /api/v1/health (is this a Heart.work ONE server at all?), then
 *             POST /api/v1/auth/login {email, password} → {token, expires_at}, and the
 *             token goes into the HwTokenStore under (server address, email).
 *   sign out: POST /api/v1/auth/logout with the stored token, best effort — offline, the
 *             token stays valid on the server until it expires, but the desktop forgets
 *             it — then the token leaves the store and, if asked, the local copy goes.
 *
 * The health check first, because a 401 from some other web server must not read as
 * "wrong password". Neither the password nor the token is ever logged. */

#define SESSION_TIMEOUT        30
/* Logging out is best effort: it must not hold a sign-out up for long when offline. */
#define LOGOUT_TIMEOUT         10
/* The login answer is a few hundred bytes; much more is not our server. */
#define ANSWER_MAX_SIZE        (64 * 1024)
#define ANSWER_READ_SIZE       8192

typedef struct
{
  HwSyncProfile      *profile;
  HwTokenStore       *store;
  char               *password;
  SoupSession        *session;
  SoupMessage        *message;
  GInputStream       *stream;
  GByteArray         *body;
  char               *token;
  GDateTime          *expires_at;
  HwSyncSignOutFlags  flags;
  gboolean            revoked;
} Request;

typedef struct
{
  char      *token;
  GDateTime *expires_at;
} SignInResult;

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->profile);
  g_clear_object (&request->store);
  g_clear_pointer (&request->password, wipe_free);
  if (request->session != NULL)
    soup_session_abort (request->session);
  g_clear_object (&request->session);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->token, wipe_free);
  g_clear_pointer (&request->expires_at, g_date_time_unref);
  g_free (request);
}

/* The task of a sign-in or sign-out, with its Request attached. */
static GTask *
request_task_new (HwSyncProfile       *profile,
                  HwTokenStore        *store,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag)
{
  GTask *task = g_task_new (profile, cancellable, callback, user_data);
  Request *request;

  g_task_set_source_tag (task, source_tag);
  /* Cancellation is reported as HW_SYNC_ERROR_CANCELLED, not G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->profile = g_object_ref (profile);
  request->store = store != NULL ? g_object_ref (store) : hw_token_store_get_default ();
  g_task_set_task_data (task, request, request_free);

  return task;
}

static void
sign_in_result_free (gpointer data)
{
  SignInResult *result = data;

  wipe_free (result->token);
  g_clear_pointer (&result->expires_at, g_date_time_unref);
  g_free (result);
}

static SoupSession *
session_new (guint timeout)
{
  return soup_session_new_with_options ("timeout", timeout,
                                        "user-agent", "heartwork-one/" PACKAGE_VERSION,
                                        NULL);
}

/* POST @path of the profile's server, with the bearer @token (nullable) and the JSON
 * @body (nullable). */
static SoupMessage *
post_message (HwSyncProfile  *profile,
              const char     *path,
              const char     *token,
              const char     *body)
{
  g_autofree char *url = g_strconcat (hw_sync_profile_get_server_url (profile), path, NULL);
  SoupMessage *message = soup_message_new (SOUP_METHOD_POST, url);
  SoupMessageHeaders *headers;

  /* The profile's address was checked when the profile was made. */
  g_assert (message != NULL);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return message;
}

static GError *
cancelled_error (void)
{
  return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                              _("The request was cancelled"));
}

static GError *
not_a_server_error (const char *detail)
{
  g_debug ("Not a Heart.work ONE server: %s", detail);

  return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_NOT_A_SERVER,
                              _("No Heart.work ONE server was found at this address"));
}

/* Sign in */

static void sign_in_read_next (GTask *task);

static void
sign_in_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HwTokenStore *store = (HwTokenStore *) object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  SignInResult *answer;

  if (!hw_token_store_store_finish (store, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  answer = g_new0 (SignInResult, 1);
  answer->token = g_steal_pointer (&request->token);
  answer->expires_at = g_steal_pointer (&request->expires_at);
  g_task_return_pointer (task, answer, sign_in_result_free);
}

static GError *
too_many_attempts_error (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *retry_after = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds = 0;

  if (retry_after == NULL ||
      !g_ascii_string_to_unsigned (retry_after, 10, 1, G_MAXUINT32, &seconds, NULL))
    return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_TOO_MANY_ATTEMPTS,
                                _("Too many failed sign-ins. Try again later."));

  return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_TOO_MANY_ATTEMPTS,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "Too many failed sign-ins. Try again in %u second.",
                                   "Too many failed sign-ins. Try again in %u seconds.",
                                   (gulong) seconds),
                      (guint) seconds);
}

/* The answer to the login has been read: what does it say? */
static void
sign_in_complete (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint status = soup_message_get_status (request->message);
  const char *reason;
  JsonObject *object;
  JsonNode *root;
  JsonNode *token;
  JsonNode *expires;

  switch (status)
    {
    case SOUP_STATUS_OK:
      break;

    case SOUP_STATUS_UNAUTHORIZED:
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS,
                               _("The email or password is wrong"));
      return;

    case 429:
      g_task_return_error (task, too_many_attempts_error (request->message));
      return;

    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
      g_task_return_error (task, not_a_server_error ("the login route is missing"));
      return;

    default:
      reason = soup_message_get_reason_phrase (request->message);
      g_task_return_error (task, hw_sync_error_new_for_status (status, reason));
      return;
    }

  if (!json_parser_load_from_data (parser, (const char *) request->body->data,
                                   request->body->len, &error))
    {
      g_task_return_error (task, not_a_server_error (error->message));
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_error (task, not_a_server_error ("the login answer is not an object"));
      return;
    }

  object = json_node_get_object (root);
  token = json_object_get_member (object, "token");
  expires = json_object_get_member (object, "expires_at");

  if (token == NULL || json_node_get_value_type (token) != G_TYPE_STRING ||
      json_node_get_string (token)[0] == '\0' ||
      expires == NULL || json_node_get_value_type (expires) != G_TYPE_STRING ||
      !(request->expires_at = g_date_time_new_from_iso8601 (json_node_get_string (expires), NULL)))
    {
      g_task_return_error (task, not_a_server_error ("the login answer lacks token or expires_at"));
      return;
    }

  request->token = g_strdup (json_node_get_string (token));
  /* The parser's copy of the token is wiped before the parser goes. */
  memset ((char *) json_node_get_string (token), 0, strlen (json_node_get_string (token)));

  hw_token_store_store_async (request->store,
                              hw_sync_profile_get_server_url (request->profile),
                              hw_sync_profile_get_email (request->profile),
                              request->token,
                              g_task_get_cancellable (task),
                              sign_in_stored_cb,
                              g_object_ref (task));
}

static void
sign_in_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);

  if (!(bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error)))
    {
      g_task_return_error (task, hw_sync_error_new_for_io (error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

      /* libsoup 3.2 ends a body cut short of its Content-Length without an error. */
      if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
          soup_message_headers_get_content_length (headers) != (goffset) request->body->len)
        {
          g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK,
                                   _("The connection to the server was interrupted"));
          return;
        }

      sign_in_complete (task);
      return;
    }

  g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (request->body->len > ANSWER_MAX_SIZE)
    {
      g_task_return_error (task, not_a_server_error ("the login answer is too large"));
      return;
    }

  sign_in_read_next (task);
}

static void
sign_in_read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, ANSWER_READ_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task),
                                   sign_in_read_cb, g_object_ref (task));
}

static void
sign_in_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);

  if (!(request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, hw_sync_error_new_for_io (error));
      return;
    }

  sign_in_read_next (task);
}

static char *
login_body (const char *email,
            const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

static void
sign_in_health_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HwSyncClient *client = (HwSyncClient *) object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;

  if (!hw_sync_client_check_health_finish (client, result, NULL, &error))
    {
      if (g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL))
        g_task_return_error (task, not_a_server_error (error->message));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  body = login_body (hw_sync_profile_get_email (request->profile), request->password);
  request->message = post_message (request->profile, "/api/v1/auth/login", NULL, body);
  memset (body, 0, strlen (body));
  g_clear_pointer (&request->password, wipe_free);

  /* The cancellable first: the order in which arguments are evaluated is unspecified. */
  cancellable = g_task_get_cancellable (task);
  soup_session_send_async (request->session, request->message, G_PRIORITY_DEFAULT,
                           cancellable, sign_in_sent_cb, g_steal_pointer (&task));
}

/**
 * hw_sync_session_sign_in_async:
 * @profile: the profile to sign in
 * @store: (nullable): where the token goes; %NULL for hw_token_store_get_default()
 * @password: the staff user's password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed in, or not
 * @user_data: data for @callback
 *
 * Checks that a Heart.work ONE server answers at the profile's address, logs in with
 * the profile's email and @password, and stores the session token in @store.
 */
void
hw_sync_session_sign_in_async (HwSyncProfile       *profile,
                               HwTokenStore        *store,
                               const char          *password,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(HwSyncClient) client = NULL;
  Request *request;

  g_return_if_fail (HW_IS_SYNC_PROFILE (profile));
  g_return_if_fail (!store || HW_IS_TOKEN_STORE (store));
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_task_new (profile, store, cancellable, callback, user_data,
                           hw_sync_session_sign_in_async);
  request = g_task_get_task_data (task);
  request->password = g_strdup (password);
  request->session = session_new (SESSION_TIMEOUT);
  request->body = g_byte_array_new ();

  /* The server would answer 422; an empty password is a wrong password to the user. */
  if (password[0] == '\0')
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS,
                               _("Enter the password"));
      return;
    }

  client = hw_sync_client_new (hw_sync_profile_get_server_url (profile));
  hw_sync_client_check_health_async (client, cancellable, sign_in_health_cb,
                                     g_steal_pointer (&task));
}

/**
 * hw_sync_session_sign_in_finish:
 * @profile: the profile
 * @result: the #GAsyncResult passed to the callback
 * @out_expires_at: (out) (optional) (transfer full): when the session ends
 * @error: return location for a #GError in the %HW_SYNC_ERROR domain:
 *   %HW_SYNC_ERROR_NETWORK (not reachable), %HW_SYNC_ERROR_TLS,
 *   %HW_SYNC_ERROR_NOT_A_SERVER, %HW_SYNC_ERROR_BAD_CREDENTIALS,
 *   %HW_SYNC_ERROR_TOO_MANY_ATTEMPTS (the message says how long to wait),
 *   %HW_SYNC_ERROR_SERVER, %HW_SYNC_ERROR_TIMEOUT, %HW_SYNC_ERROR_KEYRING,
 *   %HW_SYNC_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): the session token, already in the store; the
 *   caller keeps it in memory only
 */
char *
hw_sync_session_sign_in_finish (HwSyncProfile  *profile,
                                GAsyncResult   *result,
                                GDateTime     **out_expires_at,
                                GError        **error)
{
  SignInResult *answer;
  char *token;

  g_return_val_if_fail (HW_IS_SYNC_PROFILE (profile), NULL);
  g_return_val_if_fail (g_task_is_valid (result, profile), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        hw_sync_session_sign_in_async, NULL);

  if (out_expires_at != NULL)
    *out_expires_at = NULL;

  if (!(answer = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  token = g_steal_pointer (&answer->token);
  if (out_expires_at != NULL)
    *out_expires_at = g_steal_pointer (&answer->expires_at);
  sign_in_result_free (answer);

  return token;
}

/* Sign out */

static void
sign_out_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
delete_local_copy_thread (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  GError *error = NULL;

  if (!hw_sync_profile_delete_local_copy (source_object, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sign_out_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GTask) delete_task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);

  if (!hw_token_store_clear_finish (HW_TOKEN_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!(request->flags & HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      g_task_return_error (task, cancelled_error ());
      return;
    }

  /* A task of its own: the file work blocks, so it runs in a worker thread. */
  delete_task = g_task_new (request->profile, g_task_get_cancellable (task),
                            sign_out_deleted_cb, g_object_ref (task));
  g_task_set_check_cancellable (delete_task, FALSE);
  g_task_run_in_thread (delete_task, delete_local_copy_thread);
}

static void
sign_out_clear (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  hw_token_store_clear_async (request->store,
                              hw_sync_profile_get_server_url (request->profile),
                              hw_sync_profile_get_email (request->profile),
                              g_task_get_cancellable (task),
                              sign_out_cleared_cb,
                              g_object_ref (task));
}

static void
sign_out_logged_out_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, cancelled_error ());
      return;
    }

  /* Best effort: offline or failing, the server lets the token expire on its own. A 401
   * means the token was no longer valid anyway. */
  status = error == NULL ? soup_message_get_status (request->message) : 0;
  request->revoked = status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_OK ||
                     status == SOUP_STATUS_UNAUTHORIZED;
  if (!request->revoked)
    g_debug ("The server did not revoke the token: %s",
             error != NULL ? error->message : soup_message_get_reason_phrase (request->message));

  sign_out_clear (task);
}

static void
sign_out_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable;

  request->token = hw_token_store_lookup_finish (HW_TOKEN_STORE (object), result, &error);

  if (g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A keyring that cannot be read must not keep the user from signing out: the clear
   * below reports it if it persists. */
  if (request->token == NULL)
    {
      if (error != NULL)
        g_debug ("No token to revoke: %s", error->message);
      sign_out_clear (task);
      return;
    }

  request->session = session_new (LOGOUT_TIMEOUT);
  request->message = post_message (request->profile, "/api/v1/auth/logout", request->token, NULL);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (request->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, sign_out_logged_out_cb, g_steal_pointer (&task));
}

/**
 * hw_sync_session_sign_out_async:
 * @profile: the profile to sign out
 * @store: (nullable): where the token is; %NULL for hw_token_store_get_default()
 * @flags: whether to delete the local copy too
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when signed out
 * @user_data: data for @callback
 *
 * Revokes the stored token on the server (best effort: offline, this step is skipped),
 * removes it from @store, and with %HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY deletes the
 * profile's local copy, whose database must be closed by then.
 */
void
hw_sync_session_sign_out_async (HwSyncProfile       *profile,
                                HwTokenStore        *store,
                                HwSyncSignOutFlags   flags,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (HW_IS_SYNC_PROFILE (profile));
  g_return_if_fail (!store || HW_IS_TOKEN_STORE (store));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = request_task_new (profile, store, cancellable, callback, user_data,
                           hw_sync_session_sign_out_async);
  request = g_task_get_task_data (task);
  request->flags = flags;

  hw_token_store_lookup_async (request->store,
                               hw_sync_profile_get_server_url (profile),
                               hw_sync_profile_get_email (profile),
                               cancellable,
                               sign_out_looked_up_cb,
                               g_steal_pointer (&task));
}

/**
 * hw_sync_session_sign_out_finish:
 * @profile: the profile
 * @result: the #GAsyncResult passed to the callback
 * @out_revoked: (out) (optional): whether the server confirmed that the token is no
 *   longer valid; %FALSE when it could not be asked (offline) or there was no token
 * @error: return location for a #GError: %HW_SYNC_ERROR_KEYRING,
 *   %HW_SYNC_ERROR_PROFILE (the local copy could not be deleted),
 *   %HW_SYNC_ERROR_CANCELLED
 *
 * Returns: %TRUE when the token is gone from the store (and the local copy, if asked)
 */
gboolean
hw_sync_session_sign_out_finish (HwSyncProfile  *profile,
                                 GAsyncResult   *result,
                                 gboolean       *out_revoked,
                                 GError        **error)
{
  Request *request;

  g_return_val_if_fail (HW_IS_SYNC_PROFILE (profile), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, profile), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        hw_sync_session_sign_out_async, FALSE);

  request = g_task_get_task_data (G_TASK (result));
  if (out_revoked != NULL)
    *out_revoked = request->revoked;

  return g_task_propagate_boolean (G_TASK (result), error);
}
