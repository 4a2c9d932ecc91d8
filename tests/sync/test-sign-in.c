/* test-sign-in.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sign-in"

#include "config.h"

#include "hw-server-cli.h"
#include "hw-server-auth.h"
#include "hw-sync-error.h"
#include "hw-sync-session.h"
#include "hw-token-store-memory.h"

#include "hw-fault-proxy.h"
#include "hw-test-server.h"

/* Signing in and out against the built heartwork-one-server on 127.0.0.1, with the
 * in-memory token store (no secret service runs under CI). Every test starts its own
 * server, as the server counts failed logins per process. */

/* The owner hw_test_fixture_prepare() adds */
#define PASSWORD HW_TEST_PASSWORD
#define EMAIL    "owner@example.com"

typedef struct
{
  HwTestFixture       server;  /* started, but nobody signed in */
  HwTokenStoreMemory *store;
  HwSyncProfile      *profile;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *profiles_dir = NULL;

  hw_test_fixture_prepare (&fixture->server, "hw-sign-in-XXXXXX", NULL);
  fixture->server.process = hw_test_serve_start (fixture->server.db, fixture->server.log,
                                                 &fixture->server.url);
  fixture->server.session = hw_test_session_new ();
  fixture->store = hw_token_store_memory_new ();

  profiles_dir = g_build_filename (fixture->server.dir, "profiles", NULL);
  fixture->profile = hw_sync_profile_new (profiles_dir, NULL, fixture->server.url, EMAIL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->profile);
  g_clear_object (&fixture->store);
  hw_test_fixture_stop (&fixture->server);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

/* Signs @profile in with @password; the token, or NULL with @error set. */
static char *
sign_in (HwSyncProfile  *profile,
         HwTokenStore   *store,
         const char     *password,
         GCancellable   *cancellable,
         GDateTime     **out_expires_at,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_sync_session_sign_in_async (profile, store, password, cancellable, result_cb, &result);
  return hw_sync_session_sign_in_finish (profile, wait_for (&result), out_expires_at, error);
}

static gboolean
sign_out (HwSyncProfile       *profile,
          HwTokenStore        *store,
          HwSyncSignOutFlags   flags,
          gboolean            *out_revoked,
          GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_sync_session_sign_out_async (profile, store, flags, NULL, result_cb, &result);
  return hw_sync_session_sign_out_finish (profile, wait_for (&result), out_revoked, error);
}

static char *
stored_token (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  hw_token_store_lookup_async (HW_TOKEN_STORE (fixture->store),
                               hw_sync_profile_get_server_url (fixture->profile),
                               hw_sync_profile_get_email (fixture->profile),
                               NULL, result_cb, &result);
  token = hw_token_store_lookup_finish (HW_TOKEN_STORE (fixture->store), wait_for (&result),
                                        &error);
  g_assert_no_error (error);

  return token;
}

/* The status of GET /api/v1/auth/me with @token. */
static guint
me_status (Fixture    *fixture,
           const char *token)
{
  g_auto(HwTestResponse) response = { 0, };

  hw_test_request (fixture->server.session, fixture->server.url, &response, "GET", "/api/v1/auth/me", token,
                   NULL, NULL);
  return response.status;
}

static void
test_good_password (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *log = NULL;

  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL,
                   &expires_at, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 32);

  /* The session lasts as long as the server says. */
  g_assert_nonnull (expires_at);
  g_assert_cmpint (g_date_time_difference (expires_at, now), >, 0);
  g_assert_cmpint (g_date_time_difference (expires_at, now), <=,
                   (gint64) (HW_SERVER_SESSION_LIFETIME_SECONDS + 60) * G_TIME_SPAN_SECOND);

  /* It is in the store, under the profile's server and email, and it works. */
  stored = stored_token (fixture);
  g_assert_cmpstr (stored, ==, token);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 1);
  g_assert_cmpuint (me_status (fixture, token), ==, SOUP_STATUS_OK);

  /* Neither the password nor the token reaches the server's log. */
  g_file_get_contents (fixture->server.log, &log, NULL, NULL);
  g_assert_nonnull (log);
  g_assert_null (strstr (log, token));
  g_assert_null (strstr (log, PASSWORD));
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autoptr(HwSyncProfile) stranger = NULL;

  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), "not the password", NULL,
                   NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "The email or password is wrong");
  g_clear_error (&error);

  /* An unknown email reads the same. */
  stranger = hw_sync_profile_new (fixture->server.dir, NULL, fixture->server.url, "nobody@example.com");
  token = sign_in (stranger, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS);
  g_clear_error (&error);

  /* An empty password is refused before it is sent. */
  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), "", NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpstr (error->message, ==, "Enter the password");

  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
test_too_many_attempts (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *expected = NULL;
  guint64 seconds = 0;
  const char *number;

  /* The server allows HW_SERVER_LOGIN_MAX_FAILURES failures per email in its window… */
  for (guint i = 0; i < HW_SERVER_LOGIN_MAX_FAILURES; i++)
    {
      token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), "guess", NULL, NULL,
                       &error);
      g_assert_null (token);
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS);
      g_clear_error (&error);
    }

  /* … then answers 429 with Retry-After, even to the right password, and the message
   * says how many seconds to wait. */
  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_true (g_str_has_prefix (error->message, "Too many failed sign-ins. Try again in "));
  number = error->message + strlen ("Too many failed sign-ins. Try again in ");
  g_assert_true (g_ascii_isdigit (number[0]));
  seconds = g_ascii_strtoull (number, NULL, 10);
  g_assert_cmpuint (seconds, >=, 1);
  g_assert_cmpuint (seconds, <=, HW_SERVER_LOGIN_WINDOW_SECONDS);
  expected = g_strdup_printf ("Too many failed sign-ins. Try again in %u seconds.", (guint) seconds);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(HwSyncProfile) profile = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;

  /* A port that was free a moment ago and on which nothing listens. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  profile = hw_sync_profile_new (fixture->server.dir, NULL, url, EMAIL);
  token = sign_in (profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "The server could not be reached"));
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void other_server_cb (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data);

/* Writes a line that is not TLS to every connection and closes it. */
static gboolean
not_tls_cb (GSocketService    *service,
            GSocketConnection *connection,
            GObject           *source,
            gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";

  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             answer, sizeof answer - 1, NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static void
assert_tls_error (Fixture    *fixture,
                  const char *url)
{
  g_autoptr(HwSyncProfile) profile = hw_sync_profile_new (fixture->server.dir, NULL, url, EMAIL);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = sign_in (profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message,
                                   "No secure connection to the server could be made"));
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
test_tls_not_tls (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking) is installed");
      return;
    }

  /* https:// to something that does not speak TLS. */
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (not_tls_cb), NULL);
  g_socket_service_start (service);

  url = g_strdup_printf ("https://127.0.0.1:%u", port);
  assert_tls_error (fixture, url);
  g_socket_service_stop (service);
}

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert = g_build_filename (fixture->server.dir, "cert.pem", NULL);
  g_autofree char *key = g_build_filename (fixture->server.dir, "key.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking) is installed");
      return;
    }
  if (openssl == NULL)
    {
      g_test_skip ("openssl is not installed: no certificate to test with");
      return;
    }

  /* A server with a self-signed certificate, which nobody trusts. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, openssl, "req", "-x509", "-newkey", "ec",
                              "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                              "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert,
                              "-days", "1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, other_server_cb, (gpointer) "fake", NULL);
  g_assert_true (soup_server_listen_local (server, 0,
                                           SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (g_str_has_prefix (url, "https://"));

  assert_tls_error (fixture, url);
}

static void
other_server_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  const char *kind = user_data;

  /* "html": a web server with a page for everything; "fake": a health answer that
   * looks right and a login that answers 200 without a token. */
  if (g_str_equal (kind, "fake") && g_str_equal (path, "/api/v1/health"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"status\":\"ok\",\"version\":\"9\"}", 30);
  else if (g_str_equal (kind, "fake"))
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"ok\":true}", 11);
  else
    soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                      "<html>hello</html>", 18);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
test_not_a_server (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *kinds[] = { "html", "fake" };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(HwSyncProfile) profile = NULL;
      g_autofree char *token = NULL;
      g_autofree char *url = NULL;
      GSList *uris;

      soup_server_add_handler (server, NULL, other_server_cb, (gpointer) kinds[i], NULL);
      g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
      g_assert_no_error (error);
      uris = soup_server_get_uris (server);
      url = g_uri_to_string (uris->data);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

      profile = hw_sync_profile_new (fixture->server.dir, NULL, url, EMAIL);
      token = sign_in (profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
      g_assert_null (token);
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NOT_A_SERVER);
      g_assert_cmpstr (error->message, ==, "No Heart.work ONE server was found at this address");
    }

  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_cancellable_cancel (cancellable);
  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, cancellable, NULL,
                   &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancelled_in_flight (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HwFaultProxy) proxy = hw_fault_proxy_new (fixture->server.url);
  g_autoptr(HwSyncProfile) profile = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* The login answer is held back; the sign-in is cancelled while it waits. */
  hw_fault_proxy_add_rule (proxy, "POST", "/api/v1/auth/login", 1, HW_FAULT_DELAY, 600000);
  profile = hw_sync_profile_new (fixture->server.dir, NULL, hw_fault_proxy_get_url (proxy), EMAIL);
  hw_sync_session_sign_in_async (profile, HW_TOKEN_STORE (fixture->store), PASSWORD, cancellable,
                                 result_cb, &result);
  while (hw_fault_proxy_get_n_forwarded (proxy, "POST", "/api/v1/auth/login") == 0)
    g_main_context_iteration (NULL, FALSE);
  g_idle_add_once (cancel_cb, cancellable);

  token = hw_sync_session_sign_in_finish (profile, wait_for (&result), NULL, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
}

static void
test_sign_out_cancelled (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *stored = NULL;
  gboolean revoked = TRUE;

  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (hw_sync_profile_get_directory (fixture->profile), 0700), ==, 0);

  /* Cancelled: still signed in, token and local copy kept. */
  g_cancellable_cancel (cancellable);
  hw_sync_session_sign_out_async (fixture->profile, HW_TOKEN_STORE (fixture->store),
                                  HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY, cancellable, result_cb, &result);
  g_assert_false (hw_sync_session_sign_out_finish (fixture->profile, wait_for (&result), &revoked,
                                                   &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
  g_assert_false (revoked);
  stored = stored_token (fixture);
  g_assert_cmpstr (stored, ==, token);
  g_assert_cmpuint (me_status (fixture, token), ==, SOUP_STATUS_OK);
  g_assert_true (g_file_test (hw_sync_profile_get_directory (fixture->profile), G_FILE_TEST_IS_DIR));
}

static void
test_sign_out (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *db = hw_sync_profile_get_database_path (fixture->profile);
  gboolean revoked = FALSE;

  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (me_status (fixture, token), ==, SOUP_STATUS_OK);

  g_assert_cmpint (g_mkdir_with_parents (hw_sync_profile_get_directory (fixture->profile), 0700), ==, 0);
  g_assert_true (g_file_set_contents (db, "local", -1, NULL));

  /* Without deleting the local copy: the token is revoked on the server and gone from
   * the store; the local copy stays. */
  g_assert_true (sign_out (fixture->profile, HW_TOKEN_STORE (fixture->store),
                           HW_SYNC_SIGN_OUT_NONE, &revoked, &error));
  g_assert_no_error (error);
  g_assert_true (revoked);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
  g_assert_cmpuint (me_status (fixture, token), ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_true (g_file_test (db, G_FILE_TEST_IS_REGULAR));

  /* Signed out already: nothing to revoke, and the local copy goes when asked. */
  g_assert_true (sign_out (fixture->profile, HW_TOKEN_STORE (fixture->store),
                           HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY, &revoked, &error));
  g_assert_no_error (error);
  g_assert_false (revoked);
  g_assert_false (g_file_test (hw_sync_profile_get_directory (fixture->profile), G_FILE_TEST_EXISTS));
}

static void
test_sign_out_offline (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  const char *db = hw_sync_profile_get_database_path (fixture->profile);
  gboolean revoked = TRUE;

  token = sign_in (fixture->profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (hw_sync_profile_get_directory (fixture->profile), 0700), ==, 0);
  g_assert_true (g_file_set_contents (db, "local", -1, NULL));

  /* The server is gone: the token cannot be revoked there, but the desktop forgets it
   * and deletes the local copy all the same. */
  hw_test_serve_stop (fixture->server.process);
  g_clear_object (&fixture->server.process);

  g_assert_true (sign_out (fixture->profile, HW_TOKEN_STORE (fixture->store),
                           HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY, &revoked, &error));
  g_assert_no_error (error);
  g_assert_false (revoked);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);
  g_assert_false (g_file_test (hw_sync_profile_get_directory (fixture->profile), G_FILE_TEST_EXISTS));
}

/* Signs in through a fault proxy whose first login request gets @kind. */
static char *
sign_in_through_fault (Fixture      *fixture,
                       HwFaultKind   kind,
                       guint         arg,
                       GError      **error)
{
  g_autoptr(HwFaultProxy) proxy = hw_fault_proxy_new (fixture->server.url);
  g_autoptr(HwSyncProfile) profile = NULL;
  char *token;

  hw_fault_proxy_add_rule (proxy, "POST", "/api/v1/auth/login", 1, kind, arg);
  profile = hw_sync_profile_new (fixture->server.dir, NULL, hw_fault_proxy_get_url (proxy), EMAIL);
  token = sign_in (profile, HW_TOKEN_STORE (fixture->store), PASSWORD, NULL, NULL, error);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (proxy, "POST", "/api/v1/auth/login"), ==, 1);

  return token;
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  /* The server issued a token the client never saw: not signed in, nothing stored. */
  token = sign_in_through_fault (fixture, HW_FAULT_DROP_AFTER_UPSTREAM, 0, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_clear_error (&error);

  token = sign_in_through_fault (fixture, HW_FAULT_TRUNCATE_BODY, 0, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "The connection to the server was interrupted");
  g_clear_error (&error);

  token = sign_in_through_fault (fixture, HW_FAULT_CORRUPT_JSON, 0, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NOT_A_SERVER);
  g_clear_error (&error);

  token = sign_in_through_fault (fixture, HW_FAULT_STATUS_500, 0, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER);
  g_assert_true (g_str_has_prefix (error->message, "The server ran into a problem"));
  g_clear_error (&error);

  token = sign_in_through_fault (fixture, HW_FAULT_STATUS_429, 42, &error);
  g_assert_null (token);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_TOO_MANY_ATTEMPTS);
  g_assert_cmpstr (error->message, ==, "Too many failed sign-ins. Try again in 42 seconds.");
  g_clear_error (&error);

  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 0);

  /* A slow answer is still an answer. */
  token = sign_in_through_fault (fixture, HW_FAULT_DELAY, 200, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (fixture->store), ==, 1);
}

static void
test_default_store (void)
{
  g_autoptr(HwTokenStore) store = hw_token_store_get_default ();
  g_autoptr(HwTokenStore) again = hw_token_store_get_default ();

  /* HW_TOKEN_STORE=memory (set by main()) selects the in-memory store, once. */
  g_assert_true (HW_IS_TOKEN_STORE_MEMORY (store));
  g_assert_true (store == again);
}

int
main (int   argc,
      char *argv[])
{
  /* Straight to the server: these tests check the client, not the contract, and the
   * token must reach the server unchanged. */
  g_unsetenv ("HW_PRISM");
  g_setenv ("HW_TOKEN_STORE", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Sync/SignIn/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("good-password", test_good_password);
  ADD ("wrong-password", test_wrong_password);
  ADD ("too-many-attempts", test_too_many_attempts);
  ADD ("unreachable", test_unreachable);
  ADD ("tls-not-tls", test_tls_not_tls);
  ADD ("tls-untrusted", test_tls_untrusted);
  ADD ("not-a-server", test_not_a_server);
  ADD ("cancelled", test_cancelled);
  ADD ("cancelled-in-flight", test_cancelled_in_flight);
  ADD ("sign-out-cancelled", test_sign_out_cancelled);
  ADD ("sign-out", test_sign_out);
  ADD ("sign-out-offline", test_sign_out_offline);
  ADD ("faults", test_faults);
  g_test_add_func ("/Sync/SignIn/default-store", test_default_store);

#undef ADD

  return g_test_run ();
}
