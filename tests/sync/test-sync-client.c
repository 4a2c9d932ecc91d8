/* test-sync-client.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-client"

#include "config.h"

#include <libsoup/soup.h>

#include "hw-sync-client.h"
#include "hw-sync-error.h"

typedef struct
{
  SoupServer   *server;
  char         *base_url;     /* "http://127.0.0.1:PORT" without a trailing slash */
  GCancellable *cancellable;
  guint         n_requests;
} Fixture;

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              const char        *content_type,
              const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
cancel_in_idle_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *user_agent = soup_message_headers_get_one (headers, "User-Agent");
  const char *accept = soup_message_headers_get_one (headers, "Accept");

  fixture->n_requests++;

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, SOUP_METHOD_GET);
  g_assert_nonnull (user_agent);
  g_assert_true (g_str_has_prefix (user_agent, "heartwork-one/" PACKAGE_VERSION));
  g_assert_cmpstr (accept, ==, "application/json");

  if (g_str_equal (path, "/api/v1/health") ||
      g_str_equal (path, "/prefix/api/v1/health"))
    respond_json (msg, SOUP_STATUS_OK, "application/json",
                  "{\"status\":\"ok\",\"version\":\"1.2.3\"}");
  else if (g_str_equal (path, "/fail/api/v1/health"))
    respond_json (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "application/problem+json",
                  "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}");
  else if (g_str_equal (path, "/unavailable/api/v1/health"))
    respond_json (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "text/plain", "maintenance");
  else if (g_str_equal (path, "/locked/api/v1/health"))
    respond_json (msg, SOUP_STATUS_UNAUTHORIZED, "application/problem+json",
                  "{\"title\":\"Unauthorized\",\"status\":401}");
  else if (g_str_equal (path, "/garbage/api/v1/health"))
    respond_json (msg, SOUP_STATUS_OK, "application/json", "{\"status\": \"ok\", \"vers");
  else if (g_str_equal (path, "/array/api/v1/health"))
    respond_json (msg, SOUP_STATUS_OK, "application/json", "[\"ok\"]");
  else if (g_str_equal (path, "/noversion/api/v1/health"))
    respond_json (msg, SOUP_STATUS_OK, "application/json", "{\"status\":\"ok\",\"version\":12}");
  else if (g_str_equal (path, "/degraded/api/v1/health"))
    respond_json (msg, SOUP_STATUS_OK, "application/json",
                  "{\"status\":\"degraded\",\"version\":\"1.2.3\"}");
  else if (g_str_equal (path, "/slow/api/v1/health"))
    {
      /* Never answer; the test cancels once the request has arrived. */
      soup_server_message_pause (msg);
      g_assert_nonnull (fixture->cancellable);
      g_idle_add_once (cancel_in_idle_cb, fixture->cancellable);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, server_cb, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->server);
  g_assert_nonnull (uris);
  uri = uris->data;
  fixture->base_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  soup_server_disconnect (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_clear_object (&fixture->cancellable);
  g_clear_pointer (&fixture->base_url, g_free);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  g_assert_null (*out_result);
  *out_result = g_object_ref (result);
}

static gboolean
check_health (HwSyncClient  *client,
              GCancellable  *cancellable,
              char         **out_version,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_sync_client_check_health_async (client, cancellable, store_result_cb, &result);

  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return hw_sync_client_check_health_finish (client, result, out_version, error);
}

static HwSyncClient *
client_for_path (Fixture    *fixture,
                 const char *path)
{
  g_autofree char *base_url = g_strconcat (fixture->base_url, path, NULL);

  return hw_sync_client_new (base_url);
}

static void
assert_health_fails (Fixture     *fixture,
                     const char  *path,
                     HwSyncError  code)
{
  g_autoptr(HwSyncClient) client = client_for_path (fixture, path);
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  guint n_requests = fixture->n_requests;

  g_assert_false (check_health (client, NULL, &version, &error));
  g_assert_error (error, HW_SYNC_ERROR, (int) code);
  g_assert_null (version);
  g_assert_cmpuint (fixture->n_requests, ==, n_requests + 1);
}

static void
test_health_ok (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const char *paths[] = { "", "/", "/prefix", "/prefix/" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(HwSyncClient) client = client_for_path (fixture, paths[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *version = NULL;

      g_assert_true (check_health (client, NULL, &version, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (version, ==, "1.2.3");

      /* The version is optional. */
      g_assert_true (check_health (client, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_cmpuint (fixture->n_requests, ==, 2 * G_N_ELEMENTS (paths));
}

static void
test_health_server_error (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HwSyncClient) client = client_for_path (fixture, "/fail");
  g_autoptr(GError) error = NULL;

  g_assert_false (check_health (client, NULL, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER);
  g_assert_true (g_str_has_prefix (error->message, "The server ran into a problem"));
  g_assert_nonnull (strstr (error->message, "HTTP 500"));

  assert_health_fails (fixture, "/unavailable", HW_SYNC_ERROR_SERVER);
  assert_health_fails (fixture, "/degraded", HW_SYNC_ERROR_SERVER);
}

static void
test_health_unauthorized (Fixture       *fixture,
                          gconstpointer  user_data)
{
  assert_health_fails (fixture, "/locked", HW_SYNC_ERROR_UNAUTHORIZED);
}

static void
test_health_not_found (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(HwSyncClient) client = client_for_path (fixture, "/nowhere");
  g_autoptr(GError) error = NULL;

  g_assert_false (check_health (client, NULL, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "No Heart.work ONE server was found at this address");
}

static void
test_health_malformed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(HwSyncClient) client = client_for_path (fixture, "/garbage");
  g_autoptr(GError) error = NULL;

  g_assert_false (check_health (client, NULL, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL);
  g_assert_cmpstr (error->message, ==, "The server answered with an unexpected response");

  assert_health_fails (fixture, "/array", HW_SYNC_ERROR_PROTOCOL);
  assert_health_fails (fixture, "/noversion", HW_SYNC_ERROR_PROTOCOL);
}

static void
test_health_unreachable (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(HwSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  guint16 port;

  /* Take a free port and give it up again, so nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_true (g_socket_close (socket, &error));
  g_assert_no_error (error);

  base_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = hw_sync_client_new (base_url);

  g_assert_false (check_health (client, NULL, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "The server could not be reached"));
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static void
test_health_invalid_url (Fixture       *fixture,
                         gconstpointer  user_data)
{
  static const char *invalid[] = {
    NULL,
    "",
    "not a url",
    "ftp://example.com",
    "file:///etc/passwd",
    "http://",
    "https://user:secret@example.com",
    "https://example.com/?profile=1",
    "https://example.com/#top",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(HwSyncClient) client = hw_sync_client_new (invalid[i]);
      g_autoptr(GError) error = NULL;

      g_test_message ("base url: %s", invalid[i] ? invalid[i] : "(null)");

      g_assert_false (hw_sync_client_validate_base_url (invalid[i], &error));
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL);
      g_clear_error (&error);

      g_assert_false (check_health (client, NULL, NULL, &error));
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL);
    }

  {
    g_autoptr(HwSyncClient) client = hw_sync_client_new ("gopher://example.com");
    g_autoptr(GError) error = NULL;

    g_assert_false (check_health (client, NULL, NULL, &error));
    g_assert_cmpstr (error->message, ==, "The server address must start with http:// or https://");
  }

  g_assert_true (hw_sync_client_validate_base_url ("https://one.example.com", NULL));
  g_assert_true (hw_sync_client_validate_base_url ("HTTP://127.0.0.1:8080/one/", NULL));
  g_assert_true (hw_sync_client_validate_base_url ("http://[::1]:8080", NULL));
  g_assert_cmpuint (fixture->n_requests, ==, 0);
}

static void
test_health_cancelled (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(HwSyncClient) client = client_for_path (fixture, "/slow");
  g_autoptr(GError) error = NULL;

  /* Cancelled while the server is still thinking. */
  fixture->cancellable = g_cancellable_new ();
  g_assert_false (check_health (client, fixture->cancellable, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
  g_assert_cmpuint (fixture->n_requests, ==, 1);
  g_clear_error (&error);

  /* Cancelled before it started. */
  g_clear_object (&client);
  client = client_for_path (fixture, "");
  g_assert_false (check_health (client, fixture->cancellable, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  guint *n_notify = user_data;

  (*n_notify)++;
}

static void
test_base_url_property (void)
{
  g_autoptr(HwSyncClient) client = hw_sync_client_new ("https://one.example.com");
  g_autofree char *value = NULL;
  guint n_notify = 0;

  g_assert_cmpstr (hw_sync_client_get_base_url (client), ==, "https://one.example.com");

  g_signal_connect (client, "notify::base-url", G_CALLBACK (count_notify_cb), &n_notify);

  hw_sync_client_set_base_url (client, "https://one.example.com");
  g_assert_cmpuint (n_notify, ==, 0);

  g_object_set (client, "base-url", "http://localhost:8080", NULL);
  g_assert_cmpuint (n_notify, ==, 1);

  g_object_get (client, "base-url", &value, NULL);
  g_assert_cmpstr (value, ==, "http://localhost:8080");
}

int
main (int   argc,
      char *argv[])
{
  /* Talk to the in-process server directly, whatever the environment says. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("all_proxy");
  g_unsetenv ("ALL_PROXY");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sync/Client/base-url-property", test_base_url_property);

#define ADD_TEST(path, func) \
  g_test_add ("/Sync/Client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("health-ok", test_health_ok);
  ADD_TEST ("health-server-error", test_health_server_error);
  ADD_TEST ("health-unauthorized", test_health_unauthorized);
  ADD_TEST ("health-not-found", test_health_not_found);
  ADD_TEST ("health-malformed", test_health_malformed);
  ADD_TEST ("health-unreachable", test_health_unreachable);
  ADD_TEST ("health-invalid-url", test_health_invalid_url);
  ADD_TEST ("health-cancelled", test_health_cancelled);

#undef ADD_TEST

  return g_test_run ();
}
