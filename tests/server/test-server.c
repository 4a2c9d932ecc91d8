/* test-server.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hw-server.h"

/* HwServer in this process: its properties, and a shutdown whose grace period runs out.
 * The client side runs in a thread, since the server needs this thread's main loop. */

typedef struct
{
  char     *dir;
  HwStore  *store;
  HwServer *server;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  fixture->dir = g_dir_make_tmp ("hw-server-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = hw_store_open (db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->server = hw_server_new (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const files[] = { "test.db", "test.db-wal", "test.db-shm", NULL };

  g_clear_object (&fixture->server);
  g_clear_object (&fixture->store);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, files[i], NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
test_properties (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  guint notified = 0;

  g_assert_true (hw_server_get_store (fixture->server) == fixture->store);
  g_assert_cmpuint (hw_server_get_max_body_bytes (fixture->server), ==,
                    HW_SERVER_DEFAULT_MAX_BODY_BYTES);
  g_assert_null (hw_server_get_url (fixture->server));
  g_assert_null (hw_server_get_tls_certificate (fixture->server));
  g_assert_cmpuint (hw_server_get_in_flight (fixture->server), ==, 0);

  /* Notifications only on change (EXPLICIT_NOTIFY). */
  g_signal_connect (fixture->server, "notify::max-body-bytes", G_CALLBACK (count_notify),
                    &notified);
  hw_server_set_max_body_bytes (fixture->server, 1000);
  hw_server_set_max_body_bytes (fixture->server, 1000);
  g_object_set (fixture->server, "max-body-bytes", (guint64) 1000, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (hw_server_get_max_body_bytes (fixture->server), ==, 1000);

  hw_server_set_api_dir (fixture->server, "/somewhere");
  g_assert_cmpstr (hw_server_get_api_dir (fixture->server), ==, "/somewhere");
  hw_server_set_api_dir (fixture->server, NULL);
  g_assert_nonnull (hw_server_get_api_dir (fixture->server));
  g_assert_cmpstr (hw_server_get_api_dir (fixture->server), !=, "/somewhere");

  address = hw_server_parse_listen_address ("127.0.0.1:0", &error);
  g_assert_no_error (error);
  g_assert_true (hw_server_listen (fixture->server, address, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hw_server_get_url (fixture->server), "http://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (hw_server_get_url (fixture->server), ":0"));
}

typedef struct
{
  guint16   port;
  gboolean  in_flight;  /* the server answered 100 Continue */
  gboolean  ended;      /* the connection ended without a final response */
  GMutex    lock;
} Client;

static gpointer
slow_client (gpointer data)
{
  Client *client = data;
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  static const char request[] =
    "POST /api/v1/health HTTP/1.1\r\n"
    "Host: 127.0.0.1\r\n"
    "Content-Length: 10\r\n"
    "Expect: 100-continue\r\n"
    "\r\n";
  GString *received = g_string_new (NULL);
  char buffer[1024];
  gssize n;

  g_socket_client_set_enable_proxy (socket_client, FALSE);
  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1", client->port, NULL,
                                                &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  /* Reads the interim response, then never sends the body: the server waits for it until
   * its grace period ends, then drops the connection. */
  while ((n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                   buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      g_string_append_len (received, buffer, n);
      if (strstr (received->str, "\r\n\r\n") != NULL)
        {
          g_mutex_lock (&client->lock);
          client->in_flight = g_str_has_prefix (received->str, "HTTP/1.1 100 Continue\r\n");
          g_mutex_unlock (&client->lock);
        }
    }

  g_mutex_lock (&client->lock);
  client->ended = strstr (received->str, "HTTP/1.1 100 Continue\r\n\r\nHTTP") == NULL;
  g_mutex_unlock (&client->lock);

  g_string_free (received, TRUE);
  return NULL;
}

static gboolean
client_in_flight (Client *client)
{
  gboolean in_flight;

  g_mutex_lock (&client->lock);
  in_flight = client->in_flight;
  g_mutex_unlock (&client->lock);

  return in_flight;
}

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_stopped (HwServer *server,
            gboolean *stopped)
{
  *stopped = TRUE;
}

static void
test_grace_period (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  const char *url;
  GThread *thread;
  gboolean stopped = FALSE;
  gint64 started;
  guint tick_id;
  Client client = { 0, };

  address = hw_server_parse_listen_address ("127.0.0.1:0", &error);
  g_assert_no_error (error);
  g_assert_true (hw_server_listen (fixture->server, address, &error));
  url = hw_server_get_url (fixture->server);
  client.port = (guint16) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  g_mutex_init (&client.lock);
  g_signal_connect (fixture->server, "stopped", G_CALLBACK (on_stopped), &stopped);

  /* The client thread does not wake this main loop: a ticking source does. */
  tick_id = g_timeout_add (10, tick, NULL);
  thread = g_thread_new ("slow-client", slow_client, &client);
  while (!client_in_flight (&client) || hw_server_get_in_flight (fixture->server) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hw_server_get_in_flight (fixture->server), ==, 1);

  started = g_get_monotonic_time ();
  hw_server_shutdown (fixture->server, 1);
  while (!stopped)
    g_main_context_iteration (NULL, TRUE);

  /* It waited for the request, then gave up on it. */
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC - 100000);
  g_assert_cmpuint (hw_server_get_in_flight (fixture->server), ==, 0);

  g_thread_join (thread);
  g_source_remove (tick_id);
  g_assert_true (client.ended);
  g_mutex_clear (&client.lock);

  /* Shutting down again does nothing. */
  hw_server_shutdown (fixture->server, 1);
  hw_server_stop (fixture->server);
}

static void
test_shutdown_idle (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  gboolean stopped = FALSE;

  address = hw_server_parse_listen_address ("127.0.0.1:0", &error);
  g_assert_true (hw_server_listen (fixture->server, address, &error));
  g_signal_connect (fixture->server, "stopped", G_CALLBACK (on_stopped), &stopped);

  /* Nothing in flight: it stops on the next turn of the main loop, not at once. */
  hw_server_shutdown (fixture->server, 30);
  g_assert_false (stopped);
  while (!stopped)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/server/properties", Fixture, NULL,
              fixture_set_up, test_properties, fixture_tear_down);
  g_test_add ("/server/server/grace-period", Fixture, NULL,
              fixture_set_up, test_grace_period, fixture_tear_down);
  g_test_add ("/server/server/shutdown-idle", Fixture, NULL,
              fixture_set_up, test_shutdown_idle, fixture_tear_down);

  return g_test_run ();
}
