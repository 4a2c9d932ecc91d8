/* test-serve.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-server.h"
#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* Runs the built heartwork-one-server serve on 127.0.0.1 port 0, as an operator would, and
 * talks HTTP to it: libsoup's client for ordinary requests, a raw socket where the test
 * needs to control what is sent when. meson passes the binary in HW_SERVER_BINARY and the
 * source tree's data/api in HW_API_DIR. */

#define START_TIMEOUT_SECONDS 20
#define EXIT_TIMEOUT_SECONDS  10

typedef struct
{
  GSubprocess *process;
  GMutex       lock;
  GCond        cond;
  GString     *out;
  GString     *err;
  gboolean     out_closed;
  gboolean     err_closed;
  GThread     *out_thread;
  GThread     *err_thread;
  char        *url;
  char        *dir;
  char        *db;
  gboolean     exited;
  int          status;
} Server;

typedef struct
{
  Server       *server;
  GInputStream *stream;
  GString      *buffer;
  gboolean     *closed;
} Reader;

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  char buffer[4096];
  gssize n;

  while ((n = g_input_stream_read (reader->stream, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      g_mutex_lock (&reader->server->lock);
      g_string_append_len (reader->buffer, buffer, n);
      g_cond_broadcast (&reader->server->cond);
      g_mutex_unlock (&reader->server->lock);
    }

  g_mutex_lock (&reader->server->lock);
  *reader->closed = TRUE;
  g_cond_broadcast (&reader->server->cond);
  g_mutex_unlock (&reader->server->lock);

  g_free (reader);
  return NULL;
}

static GThread *
start_reader (Server       *server,
              GInputStream *stream,
              GString      *buffer,
              gboolean     *closed)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->server = server;
  reader->stream = stream;
  reader->buffer = buffer;
  reader->closed = closed;

  return g_thread_new ("test-reader", reader_thread, reader);
}

/* Waits until @buffer (out or err) contains @needle; FALSE on timeout or when the stream
 * closed without it. */
static gboolean
server_wait_for (Server     *server,
                 GString    *buffer,
                 const char *needle,
                 guint       seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  gboolean *closed = buffer == server->out ? &server->out_closed : &server->err_closed;
  gboolean found;

  g_mutex_lock (&server->lock);
  while (!(found = strstr (buffer->str, needle) != NULL) && !*closed)
    if (!g_cond_wait_until (&server->cond, &server->lock, deadline))
      break;
  found = strstr (buffer->str, needle) != NULL;
  g_mutex_unlock (&server->lock);

  return found;
}

static char *
server_err (Server *server)
{
  char *text;

  g_mutex_lock (&server->lock);
  text = g_strdup (server->err->str);
  g_mutex_unlock (&server->lock);

  return text;
}

static char *
make_tmp_dir (void)
{
  return hw_test_make_tmp_dir ("hw-serve-XXXXXX");
}

static Server *
server_new (void)
{
  Server *server = g_new0 (Server, 1);

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->out = g_string_new (NULL);
  server->err = g_string_new (NULL);
  server->dir = make_tmp_dir ();
  server->db = g_build_filename (server->dir, "test.db", NULL);

  return server;
}

static void
wait_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static gboolean
deadline_reached (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the process to exit; FALSE if it did not within @seconds. */
static gboolean
server_wait_exit (Server *server,
                  guint   seconds)
{
  gboolean done = FALSE;
  gboolean reached = FALSE;
  guint timeout_id;

  if (server->exited)
    return TRUE;

  g_subprocess_wait_async (server->process, NULL, wait_done, &done);
  timeout_id = g_timeout_add_seconds (seconds, deadline_reached, &reached);
  while (!done && !reached)
    g_main_context_iteration (NULL, TRUE);
  if (!reached)
    g_source_remove (timeout_id);

  if (!done)
    {
      /* Let the pending wait finish before anything else waits. */
      g_subprocess_force_exit (server->process);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      return FALSE;
    }

  /* -1: ended by a signal. */
  server->exited = TRUE;
  server->status = g_subprocess_get_if_exited (server->process) ?
                   g_subprocess_get_exit_status (server->process) : -1;

  return TRUE;
}

static void
server_free (Server *server)
{
  if (server->process != NULL && !server->exited)
    {
      g_subprocess_force_exit (server->process);
      server_wait_exit (server, EXIT_TIMEOUT_SECONDS);
    }
  if (server->out_thread != NULL)
    g_thread_join (server->out_thread);
  if (server->err_thread != NULL)
    g_thread_join (server->err_thread);

  g_clear_object (&server->process);
  g_string_free (server->out, TRUE);
  g_string_free (server->err, TRUE);
  hw_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->url);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

/* Spawns `serve` with @args (NULL-terminated; "--db DIR/test.db --listen 127.0.0.1:0"
 * are added unless @args name them) and @env_pairs (NAME, VALUE, ..., NULL). */
static void
server_spawn (Server             *server,
              const char * const *args,
              const char * const *env_pairs)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  gboolean has_db = FALSE;
  gboolean has_listen = FALSE;

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      has_db |= g_str_equal (args[i], "--db") || g_str_equal (args[i], "--config");
      has_listen |= g_str_equal (args[i], "--listen");
    }

  g_ptr_array_add (argv, hw_test_server_binary ());
  g_ptr_array_add (argv, g_strdup ("serve"));
  if (!has_db)
    {
      g_ptr_array_add (argv, g_strdup ("--db"));
      g_ptr_array_add (argv, g_strdup (server->db));
    }
  if (!has_listen)
    {
      g_ptr_array_add (argv, g_strdup ("--listen"));
      g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
    }
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  for (guint i = 0; env_pairs != NULL && env_pairs[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env_pairs[i], env_pairs[i + 1], TRUE);

  server->process = g_subprocess_launcher_spawnv (launcher,
                                                  (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  server->out_thread = start_reader (server, g_subprocess_get_stdout_pipe (server->process),
                                     server->out, &server->out_closed);
  server->err_thread = start_reader (server, g_subprocess_get_stderr_pipe (server->process),
                                     server->err, &server->err_closed);
}

/* Spawns the server and waits for its "Listening on URL" line. */
static Server *
server_start_full (const char * const *args,
                   const char * const *env_pairs)
{
  Server *server = server_new ();
  const char *prefix = "Listening on ";
  char *newline;

  server_spawn (server, args, env_pairs);

  if (!server_wait_for (server, server->out, "\n", START_TIMEOUT_SECONDS))
    {
      g_autofree char *err = server_err (server);

      g_error ("the server did not start; stderr:\n%s", err);
    }

  g_mutex_lock (&server->lock);
  g_assert_true (g_str_has_prefix (server->out->str, prefix));
  newline = strchr (server->out->str, '\n');
  server->url = g_strndup (server->out->str + strlen (prefix),
                           newline - server->out->str - strlen (prefix));
  g_mutex_unlock (&server->lock);

  return server;
}

static Server *
server_start (void)
{
  return server_start_full (NULL, NULL);
}

static guint16
server_port (Server *server)
{
  const char *colon = strrchr (server->url, ':');

  g_assert_nonnull (colon);
  return (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
}

/* Runs the binary to its end, for the commands that do not serve. */
static int
run_to_end (const char * const  *args,
            char               **out_err)
{
  return hw_test_run_binary (args, NULL, NULL, out_err);
}

/* HTTP through libsoup */

typedef struct
{
  guint               status;
  char               *content_type;
  char               *allow;
  char               *connection;
  GBytes             *body;
} Response;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->allow, g_free);
  g_clear_pointer (&response->connection, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

static gboolean
accept_expected_certificate (SoupMessage          *msg,
                        GTlsCertificate      *certificate,
                        GTlsCertificateFlags  errors,
                        gpointer              user_data)
{
  GTlsCertificate *expected = user_data;

  return expected != NULL && g_tls_certificate_is_same (certificate, expected);
}

static void
send_full (SoupSession        *session,
           Response           *response,
           const char         *method,
           const char         *url,
           SoupMessageHeaders *extra_headers,
           GInputStream       *body,
           gssize              body_length,
           GTlsCertificate    *trusted)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);

  if (extra_headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name;
      const char *value;

      soup_message_headers_iter_init (&iter, extra_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_append (soup_message_get_request_headers (msg), name, value);
    }

  if (body != NULL)
    soup_message_set_request_body (msg, "application/octet-stream", body, body_length);

  if (trusted != NULL)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_expected_certificate), trusted);

  response->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->allow = g_strdup (soup_message_headers_get_one (headers, "Allow"));
  response->connection = g_strdup (soup_message_headers_get_one (headers, "Connection"));
}

static void
send_request (Response   *response,
              const char *method,
              Server     *server,
              const char *path)
{
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autofree char *url = g_strconcat (server->url, path, NULL);

  send_full (session, response, method, url, NULL, NULL, 0, NULL);
}

/* Checks that @response is a problem document of @status and @slug. */
static void
assert_problem (const Response *response,
                guint           status,
                const char     *slug)
{
  g_autoptr(JsonObject) problem = NULL;

  problem = hw_test_assert_problem (response->status, response->content_type, response->body,
                                    status, slug);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
}

/* HTTP through a raw socket */

static GSocketConnection *
connect_raw (Server  *server,
             GError **error)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();

  g_socket_client_set_timeout (client, 10);
  g_socket_client_set_enable_proxy (client, FALSE);
  return g_socket_client_connect_to_host (client, "127.0.0.1", server_port (server), NULL,
                                          error);
}

static void
write_raw (GSocketConnection *connection,
           const char        *text)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* Reads until @needle has arrived (or, with @needle NULL, until the end of the stream). */
static char *
read_raw (GSocketConnection *connection,
          const char        *needle)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GString *text = g_string_new (NULL);
  char buffer[4096];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (needle != NULL && strstr (text->str, needle) != NULL)
        break;

      n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);
      g_assert_no_error (error);
      if (n == 0)
        break;
      g_string_append_len (text, buffer, n);
    }

  return g_string_free (text, FALSE);
}

/* Tests */

static void
test_help (void)
{
  g_autofree char *binary = hw_test_server_binary ();
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              binary, "--help", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "serve"));

  {
    g_autoptr(GSubprocess) serve = NULL;
    g_autofree char *serve_out = NULL;

    serve = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              binary, "serve", "--help", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (serve, NULL, NULL, &serve_out, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (serve), ==, HW_SERVER_EXIT_OK);
    for (const char * const *option = (const char * const[]) {
           "--db", "--listen", "--config", "--tls-cert", "--tls-key", "--max-body-bytes", NULL };
         *option != NULL; option++)
      g_assert_nonnull (strstr (serve_out, *option));
  }
}

static void
test_parse_listen (void)
{
  static const char * const good[] = {
    "127.0.0.1:8080", "0.0.0.0:0", "[::1]:8080", "[::]:443", "localhost:65535", NULL
  };
  static const char * const bad[] = {
    "", "8080", ":8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:-1",
    "127.0.0.1:80x", "::1:8080", "[::1]8080", "[::1:8080", "1.2.3:80", "example.org:80",
    "127.0.0.1:000080", NULL
  };

  for (guint i = 0; good[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = hw_server_parse_listen_address (good[i], &error);

      g_assert_no_error (error);
      g_assert_true (G_IS_INET_SOCKET_ADDRESS (address));
    }

  {
    g_autoptr(GSocketAddress) address = hw_server_parse_listen_address ("[::1]:8080", NULL);
    GInetSocketAddress *inet = G_INET_SOCKET_ADDRESS (address);
    g_autofree char *host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

    g_assert_cmpstr (host, ==, "::1");
    g_assert_cmpuint (g_inet_socket_address_get_port (inet), ==, 8080);
  }

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) address = hw_server_parse_listen_address (bad[i], &error);

      g_assert_null (address);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_health (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "seeded.db", NULL);
  g_autoptr(Server) server = NULL;
  g_autoptr(JsonObject) health = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Response) response = { 0, };
  g_auto(Response) head = { 0, };
  gint64 revision;

  /* A tiny seeded database, so that the revision is not zero. */
  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "seed", "--db", db, "--products", "20", "--accounts", "2",
                                 "--users", "2", "--orders", "3", NULL }, NULL),
                   ==, HW_SERVER_EXIT_OK);
  store = hw_store_open (db, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  revision = hw_store_get_revision (store);
  g_assert_cmpint (revision, >, 0);
  g_clear_object (&store);

  server = server_start_full ((const char * const[]) { "--db", db, NULL }, NULL);
  g_assert_true (g_str_has_prefix (server->url, "http://127.0.0.1:"));
  g_assert_cmpuint (server_port (server), >, 0);

  send_request (&response, "GET", server, "/api/v1/health");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.content_type, ==, "application/json");
  health = hw_test_parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (health, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (health, "schema"), ==,
                   hw_store_latest_schema_version ());
  g_assert_cmpint (json_object_get_int_member (health, "revision"), ==, revision);
  g_assert_cmpuint (json_object_get_size (health), ==, 4);

  /* HEAD is allowed wherever GET is, without a body. */
  send_request (&head, "HEAD", server, "/api/v1/health");
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);

  hw_test_remove_tree (dir);
}

static void
test_not_found (void)
{
  g_autoptr(Server) server = server_start ();
  static const char * const paths[] = {
    "/api/v1/nothing", "/api/v1/health/", "/api/v1/", "/api/v2/health", "/", "/health", NULL
  };

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_auto(Response) response = { 0, };

      send_request (&response, "GET", server, paths[i]);
      assert_problem (&response, 404, "not-found");
    }

  /* An unknown path answers 404 whatever the method. */
  {
    g_auto(Response) response = { 0, };

    send_request (&response, "DELETE", server, "/api/v1/nothing");
    assert_problem (&response, 404, "not-found");
    g_assert_null (response.allow);
  }
}

static void
test_method_not_allowed (void)
{
  g_autoptr(Server) server = server_start ();
  static const char * const methods[] = { "POST", "PUT", "PATCH", "DELETE", NULL };

  for (guint i = 0; methods[i] != NULL; i++)
    {
      g_auto(Response) response = { 0, };
      g_auto(Response) openapi = { 0, };

      send_request (&response, methods[i], server, "/api/v1/health");
      assert_problem (&response, 405, "method-not-allowed");
      g_assert_cmpstr (response.allow, ==, "GET, HEAD");

      send_request (&openapi, methods[i], server, "/api/v1/openapi.yaml");
      assert_problem (&openapi, 405, "method-not-allowed");
      g_assert_cmpstr (openapi.allow, ==, "GET, HEAD");
    }
}

static GInputStream *
zeros (gsize size)
{
  return g_memory_input_stream_new_from_bytes (g_bytes_new_take (g_malloc0 (size), size));
}

static void
test_body_too_large (void)
{
  g_autoptr(Server) server = server_start_full ((const char * const[]) {
                                                  "--max-body-bytes", "1024", NULL }, NULL);
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autofree char *url = g_strconcat (server->url, "/api/v1/health", NULL);

  /* Within the cap: the body is read, and the route answers (405: health takes no POST). */
  {
    g_autoptr(GInputStream) body = zeros (1024);
    g_auto(Response) response = { 0, };

    send_full (session, &response, "POST", url, NULL, body, 1024, NULL);
    assert_problem (&response, 405, "method-not-allowed");
  }

  /* Over the cap by Content-Length. */
  {
    g_autoptr(GInputStream) body = zeros (64 * 1024);
    g_auto(Response) response = { 0, };

    send_full (session, &response, "POST", url, NULL, body, 64 * 1024, NULL);
    assert_problem (&response, 413, "body-too-large");
    g_assert_cmpstr (response.connection, ==, "close");
  }

  /* Over the cap while reading a chunked body (no length announced). */
  {
    g_autoptr(GInputStream) body = zeros (64 * 1024);
    g_auto(Response) response = { 0, };

    send_full (session, &response, "POST", url, NULL, body, -1, NULL);
    assert_problem (&response, 413, "body-too-large");
  }

  /* A chunked body within the cap is fine. */
  {
    g_autoptr(GInputStream) body = zeros (1000);
    g_auto(Response) response = { 0, };

    send_full (session, &response, "POST", url, NULL, body, -1, NULL);
    assert_problem (&response, 405, "method-not-allowed");
  }

  /* The answer comes before the body: the client announces 100 MB and sends none of it. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSocketConnection) connection = connect_raw (server, &error);
    g_autofree char *answer = NULL;

    g_assert_no_error (error);
    write_raw (connection,
               "PUT /api/v1/health HTTP/1.1\r\n"
               "Host: 127.0.0.1\r\n"
               "Content-Type: application/json\r\n"
               "Content-Length: 100000000\r\n"
               "\r\n");
    answer = read_raw (connection, NULL);
    g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 413 "));
    g_assert_nonnull (strstr (answer, "Content-Type: application/problem+json\r\n"));
    g_assert_nonnull (strstr (answer, "Connection: close\r\n"));
    g_assert_nonnull (strstr (answer, "\"type\":\"https://heartwork.org/problems/body-too-large\""));
  }

  /* The server goes on serving. */
  {
    g_auto(Response) response = { 0, };

    send_full (session, &response, "GET", url, NULL, NULL, 0, NULL);
    g_assert_cmpuint (response.status, ==, 200);
  }

  g_assert_true (server_wait_for (server, server->err, "method=PUT path=/api/v1/health status=413",
                                  EXIT_TIMEOUT_SECONDS));

  /* Refused connections do not hold up a shutdown. */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
  g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_OK);
}

static void
test_openapi (void)
{
  g_autoptr(Server) server = server_start ();
  g_auto(Response) response = { 0, };
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  gsize length = 0;

  send_request (&response, "GET", server, "/api/v1/openapi.yaml");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.content_type, ==, "application/yaml");

  path = g_build_filename (g_getenv ("HW_API_DIR"), "openapi.yaml", NULL);
  g_assert_true (g_file_get_contents (path, &expected, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body),
                   expected, length);
  g_assert_nonnull (strstr (expected, "\nopenapi: 3.1."));
}

static void
test_openapi_missing (void)
{
  g_autofree char *empty = make_tmp_dir ();
  g_autoptr(Server) server = server_start_full (NULL, (const char * const[]) {
                                                  "HW_API_DIR", empty, NULL });
  g_auto(Response) response = { 0, };

  send_request (&response, "GET", server, "/api/v1/openapi.yaml");
  assert_problem (&response, 404, "not-found");

  /* The client is not told where the server looked. */
  g_assert_null (strstr (g_bytes_get_data (response.body, NULL), empty));

  g_rmdir (empty);
}

static void
test_request_log (void)
{
  g_autoptr(Server) server = server_start ();
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autofree char *url = g_strconcat (server->url, "/api/v1/health", NULL);
  g_autofree char *evil = g_strconcat (server->url, "/api/v1/x%0Alevel=error%20msg=forged", NULL);
  g_autofree char *err = NULL;
  g_auto(Response) response = { 0, };
  g_auto(Response) posted = { 0, };
  g_auto(Response) forged = { 0, };
  g_autoptr(GInputStream) body = NULL;
  g_auto(GStrv) lines = NULL;

  soup_message_headers_append (headers, "Authorization", "Bearer sekrit-token-value");
  send_full (session, &response, "GET", url, headers, NULL, 0, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  body = g_memory_input_stream_new_from_data ("{\"password\":\"body-secret-value\"}", -1, NULL);
  send_full (session, &posted, "POST", url, headers, body, -1, NULL);
  g_assert_cmpuint (posted.status, ==, 405);

  send_full (session, &forged, "GET", evil, NULL, NULL, 0, NULL);
  g_assert_cmpuint (forged.status, ==, 404);

  g_assert_true (server_wait_for (server, server->err, "status=404", EXIT_TIMEOUT_SECONDS));
  err = server_err (server);

  g_assert_nonnull (strstr (err, " level=info method=GET path=/api/v1/health status=200 "
                                 "duration_ms="));
  g_assert_nonnull (strstr (err, " remote=127.0.0.1\n"));
  g_assert_nonnull (strstr (err, " level=info method=POST path=/api/v1/health status=405 "));
  g_assert_null (strstr (err, "sekrit"));
  g_assert_null (strstr (err, "body-secret"));
  g_assert_null (strstr (err, "Authorization"));

  /* Every line is one logfmt record; a path cannot start a line of its own. */
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_assert_true (g_str_has_prefix (lines[i], "ts="));
  g_assert_nonnull (strstr (err, "path=\"/api/v1/x\\nlevel=error msg=forged\""));

  /* Startup line. */
  g_assert_nonnull (strstr (err, "level=info msg=listening url=http://127.0.0.1:"));
}

static void
test_sigterm_idle (void)
{
  g_autoptr(Server) server = server_start ();
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autofree char *url = g_strconcat (server->url, "/api/v1/health", NULL);
  g_autofree char *err = NULL;
  g_auto(Response) response = { 0, };
  gint64 started;

  /* The session keeps this connection open (keep-alive) after the response. */
  send_full (session, &response, "GET", url, NULL, NULL, 0, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  started = g_get_monotonic_time ();
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
  g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);

  g_assert_true (server_wait_for (server, server->err, "msg=stopped", EXIT_TIMEOUT_SECONDS));
  err = server_err (server);
  g_assert_nonnull (strstr (err, "msg=\"shutting down\" signal=SIGTERM in_flight=0"));
  g_assert_nonnull (strstr (err, "level=info msg=stopped forced=false"));
}

/* SIGTERM as soon as the "Listening on" line is read stops the server cleanly: the
 * handler is in place before the line is written. (With the handler installed after
 * the line, most of these runs died of the signal.) */
static void
test_sigterm_at_once (void)
{
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(Server) server = server_start ();

      g_subprocess_send_signal (server->process, SIGTERM);
      g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
      g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_OK);
    }
}

/* A request whose body is still coming when SIGTERM arrives completes, and only then does
 * the server exit. "Expect: 100-continue" tells the test when the server has the request
 * in flight: it answers "100 Continue" after reading the headers. */
static void
test_sigterm_in_flight (void)
{
  g_autoptr(Server) server = server_start ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketConnection) late = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *interim = NULL;
  g_autofree char *answer = NULL;

  connection = connect_raw (server, &error);
  g_assert_no_error (error);
  write_raw (connection,
             "POST /api/v1/health HTTP/1.1\r\n"
             "Host: 127.0.0.1\r\n"
             "Content-Type: application/json\r\n"
             "Content-Length: 2\r\n"
             "Expect: 100-continue\r\n"
             "\r\n");
  interim = read_raw (connection, "\r\n\r\n");
  g_assert_true (g_str_has_prefix (interim, "HTTP/1.1 100 Continue\r\n"));

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (server_wait_for (server, server->err,
                                  "msg=\"shutting down\" signal=SIGTERM in_flight=1",
                                  EXIT_TIMEOUT_SECONDS));

  /* New connections are refused from now on... */
  late = connect_raw (server, &error);
  g_assert_null (late);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* ...while the one in flight finishes, and is closed after its response. */
  write_raw (connection, "{}");
  answer = read_raw (connection, NULL);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 405 "));
  g_assert_nonnull (strstr (answer, "Connection: close\r\n"));
  g_assert_nonnull (strstr (answer, "\"status\":405"));

  g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
  g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_OK);
  g_assert_true (server_wait_for (server, server->err, "msg=stopped forced=false",
                                  EXIT_TIMEOUT_SECONDS));
}

static void
test_second_signal (void)
{
  g_autoptr(Server) server = server_start ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *interim = NULL;

  connection = connect_raw (server, &error);
  g_assert_no_error (error);
  write_raw (connection,
             "POST /api/v1/health HTTP/1.1\r\n"
             "Host: 127.0.0.1\r\n"
             "Content-Length: 2\r\n"
             "Expect: 100-continue\r\n"
             "\r\n");
  interim = read_raw (connection, "\r\n\r\n");
  g_assert_true (g_str_has_prefix (interim, "HTTP/1.1 100 Continue\r\n"));

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (server_wait_for (server, server->err, "in_flight=1", EXIT_TIMEOUT_SECONDS));

  /* The request never completes; a second signal ends the wait. */
  g_subprocess_send_signal (server->process, SIGINT);
  g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
  g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_FAILURE);
  g_assert_true (server_wait_for (server, server->err, "msg=\"forced shutdown\" signal=SIGINT",
                                  EXIT_TIMEOUT_SECONDS));
}

static void
test_bad_listen (void)
{
  static const char * const values[] = { "nonsense", "127.0.0.1:99999", "::1:8080", NULL };
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "x.db", NULL);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *err = NULL;
      int status = run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--listen", values[i], NULL }, &err);

      g_assert_cmpint (status, ==, HW_SERVER_EXIT_USAGE);
      g_assert_nonnull (strstr (err, "--listen"));
      g_assert_nonnull (strstr (err, "is not a listen address"));
      g_assert_nonnull (strstr (err, values[i]));
    }

  /* Nothing was created. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

static void
test_usage_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "x.db", NULL);
  g_autofree char *config = g_build_filename (dir, "typo.ini", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_to_end ((const char * const[]) { "serve", NULL }, &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "--db FILE is required"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--max-body-bytes", "0", NULL }, &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "max-body-bytes"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--tls-cert", "a.pem", NULL }, &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "--tls-key"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (config, "[server]\nmax_body_bytes = 10\n", -1, NULL));
  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--config", config, NULL }, &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "unknown key 'max_body_bytes'"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (config, "[server]\nsnapshot-at-start = maybe\n", -1,
                                      NULL));
  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--config", config, NULL }, &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "snapshot-at-start must be true or false"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--config", "/nonexistent/x.ini", NULL },
                               &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "cannot read the configuration"));
  g_clear_pointer (&err, g_free);

  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_unlink (config);
  g_rmdir (dir);
}

static void
test_config (void)
{
  g_autoptr(Server) server = server_new ();
  g_autofree char *config = g_build_filename (server->dir, "server.ini", NULL);
  g_autofree char *db = g_build_filename (server->dir, "from-config.db", NULL);
  g_autofree char *url = NULL;
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autoptr(GInputStream) body = zeros (200);
  g_auto(Response) response = { 0, };

  /* The key file names a port the command line overrides, a relative database, and a
   * body cap of 100 bytes. */
  g_assert_true (g_file_set_contents (config,
                                      "# Heart.work ONE server\n"
                                      "[server]\n"
                                      "listen = 127.0.0.1:1\n"
                                      "db = from-config.db\n"
                                      "max-body-bytes = 100\n", -1, NULL));
  server_spawn (server, (const char * const[]) {
                  "--config", config, "--listen", "127.0.0.1:0", NULL }, NULL);
  g_assert_true (server_wait_for (server, server->out, "\n", START_TIMEOUT_SECONDS));
  g_assert_true (g_str_has_prefix (server->out->str, "Listening on http://127.0.0.1:"));
  g_assert_false (g_str_has_prefix (server->out->str, "Listening on http://127.0.0.1:1\n"));
  server->url = g_strndup (server->out->str + strlen ("Listening on "),
                           strchr (server->out->str, '\n') - server->out->str -
                           strlen ("Listening on "));

  g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));

  url = g_strconcat (server->url, "/api/v1/health", NULL);
  send_full (session, &response, "POST", url, NULL, body, 200, NULL);
  assert_problem (&response, 413, "body-too-large");
}

static gboolean
make_certificate (const char *dir,
                  char      **out_cert,
                  char      **out_key)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  if (openssl == NULL)
    return FALSE;

  *out_cert = g_build_filename (dir, "cert.pem", NULL);
  *out_key = g_build_filename (dir, "key.pem", NULL);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-subj", "/CN=localhost", "-keyout", *out_key, "-out", *out_cert,
                              "-days", "1", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  return TRUE;
}

static void
test_tls (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *url = NULL;
  g_autoptr(Server) server = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonObject) health = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Response) response = { 0, };

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking) is installed");
      g_rmdir (dir);
      return;
    }
  if (!make_certificate (dir, &cert, &key))
    {
      g_test_skip ("openssl is not installed: no certificate to test HTTPS with");
      g_rmdir (dir);
      return;
    }

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  server = server_start_full ((const char * const[]) {
                                "--tls-cert", cert, "--tls-key", key, NULL }, NULL);
  g_assert_true (g_str_has_prefix (server->url, "https://127.0.0.1:"));

  session = hw_test_session_new ();
  url = g_strconcat (server->url, "/api/v1/health", NULL);
  send_full (session, &response, "GET", url, NULL, NULL, 0, certificate);
  g_assert_cmpuint (response.status, ==, 200);
  health = hw_test_parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");

  /* Refusing a large body works the same over TLS. */
  {
    g_autoptr(GInputStream) body = zeros (9 * 1024 * 1024);
    g_auto(Response) refused = { 0, };

    send_full (session, &refused, "POST", url, NULL, body, 9 * 1024 * 1024, certificate);
    assert_problem (&refused, 413, "body-too-large");
  }

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (server_wait_exit (server, EXIT_TIMEOUT_SECONDS));
  g_assert_cmpint (server->status, ==, HW_SERVER_EXIT_OK);

  g_clear_pointer (&server, server_free);
  hw_test_remove_tree (dir);
}

static void
test_tls_bad_files (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "x.db", NULL);
  g_autofree char *bogus = g_build_filename (dir, "bogus.pem", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--listen", "127.0.0.1:0",
                                 "--tls-cert", "/nonexistent/cert.pem",
                                 "--tls-key", "/nonexistent/key.pem", NULL }, &err),
                   ==, HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (err, "cannot load the TLS certificate /nonexistent/cert.pem"));
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_set_contents (bogus, "not a certificate\n", -1, NULL));
  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--listen", "127.0.0.1:0",
                                 "--tls-cert", bogus, "--tls-key", bogus, NULL }, &err),
                   ==, HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (err, "cannot load the TLS certificate"));

  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_unlink (bogus);
  g_rmdir (dir);
}

static void
test_listen_in_use (void)
{
  g_autoptr(Server) first = server_start ();
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server_port (first));
  g_autofree char *db = g_build_filename (first->dir, "second.db", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_to_end ((const char * const[]) {
                                 "serve", "--db", db, "--listen", listen, NULL }, &err),
                   ==, HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (err, "cannot listen on"));
}

static void
test_ipv6 (void)
{
  g_autoptr(GSocket) probe = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(Server) server = NULL;
  g_auto(Response) response = { 0, };

  probe = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  if (probe == NULL || !g_socket_bind (probe, any_port, FALSE, NULL))
    {
      g_test_skip ("This machine cannot listen on IPv6 loopback");
      return;
    }
  g_socket_close (probe, NULL);

  server = server_start_full ((const char * const[]) { "--listen", "[::1]:0", NULL }, NULL);
  g_assert_true (g_str_has_prefix (server->url, "http://[::1]:"));

  send_request (&response, "GET", server, "/api/v1/health");
  g_assert_cmpuint (response.status, ==, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/serve/help", test_help);
  g_test_add_func ("/server/serve/parse-listen", test_parse_listen);
  g_test_add_func ("/server/serve/health", test_health);
  g_test_add_func ("/server/serve/not-found", test_not_found);
  g_test_add_func ("/server/serve/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/server/serve/body-too-large", test_body_too_large);
  g_test_add_func ("/server/serve/openapi", test_openapi);
  g_test_add_func ("/server/serve/openapi-missing", test_openapi_missing);
  g_test_add_func ("/server/serve/request-log", test_request_log);
  g_test_add_func ("/server/serve/sigterm-idle", test_sigterm_idle);
  g_test_add_func ("/server/serve/sigterm-at-once", test_sigterm_at_once);
  g_test_add_func ("/server/serve/sigterm-in-flight", test_sigterm_in_flight);
  g_test_add_func ("/server/serve/second-signal", test_second_signal);
  g_test_add_func ("/server/serve/bad-listen", test_bad_listen);
  g_test_add_func ("/server/serve/usage-errors", test_usage_errors);
  g_test_add_func ("/server/serve/config", test_config);
  g_test_add_func ("/server/serve/tls", test_tls);
  g_test_add_func ("/server/serve/tls-bad-files", test_tls_bad_files);
  g_test_add_func ("/server/serve/listen-in-use", test_listen_in_use);
  g_test_add_func ("/server/serve/ipv6", test_ipv6);

  return g_test_run ();
}
