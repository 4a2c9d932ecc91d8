/* hw-test-server.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hw-server-cli.h"
#include "hw-server.h"

#include "hw-test-server.h"

char *
hw_test_server_binary (void)
{
  const char *path = g_getenv ("HW_SERVER_BINARY");

  if (path != NULL)
    return g_strdup (path);

  return g_test_build_filename (G_TEST_BUILT, "..", "..", "src", "server",
                                "heartwork-one-server", NULL);
}

/* @tmpl: a g_dir_make_tmp() template such as "hw-serve-XXXXXX" */
char *
hw_test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
hw_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        hw_test_remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

/* Runs `heartwork-one-server ARGS…` to its end, with @input (nullable) on stdin, and
 * returns its exit status. Debug output of the test run must not end up in the messages
 * checked by the caller, so G_MESSAGES_DEBUG is unset. */
int
hw_test_run_binary (const char * const  *args,
                    const char          *input,
                    char               **out_out,
                    char               **out_err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, hw_test_server_binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (out_out != NULL)
    *out_out = g_steal_pointer (&out);
  if (out_err != NULL)
    *out_err = g_steal_pointer (&err);

  return g_subprocess_get_exit_status (process);
}

/* `user add` into @db, the password in @input on stdin; returns the exit status. */
int
hw_test_user_add (const char  *db,
                  const char  *email,
                  const char  *name,
                  const char  *role,
                  const char  *input,
                  char       **out_err)
{
  const char * const args[] = {
    "user", "add", "--db", db, "--email", email, "--name", name, "--role", role, NULL
  };

  return hw_test_run_binary (args, input, NULL, out_err);
}

/* The document prism proxies: openapi.yaml with /api/v1 put in front of every path, since
 * prism matches request paths against the paths alone (it ignores `servers`), and the
 * tests ask for /api/v1/…. Written into @dir. */
static char *
prism_document (const char *dir)
{
  g_autofree char *source = g_build_filename (g_getenv ("HW_API_DIR"), "openapi.yaml", NULL);
  g_autofree char *target = g_build_filename (dir, "openapi-prism.yaml", NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_paths = FALSE;

  g_file_get_contents (source, &text, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_ascii_isalpha (line[0]))
        in_paths = g_str_equal (line, "paths:");
      if (in_paths && g_str_has_prefix (line, "  /"))
        g_string_append_printf (out, "  /api/v1%s\n", line + 2);
      else
        g_string_append_printf (out, "%s\n", line);
    }

  g_file_set_contents (target, out->str, out->len, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&target);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts `prism proxy` (HW_PRISM) of the document in front of @upstream, its log into
 * @log, and gives its URL once it listens. Prism needs a few seconds to read the document;
 * a prism that does not come up fails the test, since contract checks were asked for. */
static GSubprocess *
prism_start (const char  *prism,
             const char  *log,
             const char  *upstream,
             char       **out_url)
{
  static const char marker[] = "Prism is listening on ";
  g_autofree char *dir = g_path_get_dirname (log);
  g_autofree char *document = prism_document (dir);
  g_autofree char *prism_log = g_strconcat (log, ".prism", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* Its log is a file, not a pipe: it logs every request and nobody drains a pipe. It
   * dies with the test, which may abort before hw_test_serve_stop(). */
  g_unlink (prism_log);  /* a restart must not find the last one's URL */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, prism_log);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "NO_COLOR", "1", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, prism, "proxy", document, upstream,
                                         "--errors=false", "--host", "127.0.0.1",
                                         "--port", "0", NULL);
  g_assert_no_error (error);

  /* Polled, not timed: the loop ends when prism listens or exits. */
  for (;;)
    {
      g_autofree char *text = NULL;
      const char *found;

      g_file_get_contents (prism_log, &text, NULL, NULL);
      found = text != NULL ? strstr (text, marker) : NULL;
      if (found != NULL && strchr (found, '\n') != NULL)
        {
          found += strlen (marker);
          *out_url = g_strndup (found, strcspn (found, "\r\n \x1b"));
          return g_steal_pointer (&process);
        }
      if (g_subprocess_get_identifier (process) == NULL)
        g_error ("prism exited before it listened:\n%s", text != NULL ? text : "");
      g_usleep (G_USEC_PER_SEC / 20);
    }
}

static void
prism_stop (gpointer data)
{
  GSubprocess *prism = data;

  g_subprocess_send_signal (prism, SIGTERM);
  g_subprocess_wait (prism, NULL, NULL);
  g_object_unref (prism);
}

/* Prism's URL → the server's, for the requests that go around prism. */
static GHashTable *proxied;

/* Spawns `serve --db @db --listen 127.0.0.1:0` with stderr into @log and waits for its
 * "Listening on URL" line; the URL goes to @out_url. With HW_PRISM set (meson sets it when
 * the contract tools are there), the URL is that of a `prism proxy` in front of the server
 * and the helpers below check every response against the OpenAPI document;
 * hw_test_serve_direct_url() gives the server's own. */
GSubprocess *
hw_test_serve_start (const char  *db,
                     const char  *log,
                     char       **out_url)
{
  return hw_test_serve_start_at (db, log, "127.0.0.1:0", out_url);
}

/* Waits up to @seconds for the server on @db to keep a snapshot, which it builds on its own
 * when it starts; returns its file name, or NULL if none came. */
char *
hw_test_wait_for_snapshot (const char *db,
                           guint       seconds)
{
  g_autofree char *dir = g_strconcat (db, ".snapshots", NULL);

  for (guint i = 0; i < seconds * 20; i++)
    {
      g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
      const char *name;

      while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
        if (g_str_has_suffix (name, ".sqlite"))
          return g_strdup (name);
      g_usleep (50 * 1000);
    }

  return NULL;
}

/* hw_test_serve_start() on @listen, e.g. the address of a server the test killed, to
 * restart it where its clients look for it. */
GSubprocess *
hw_test_serve_start_at (const char  *db,
                        const char  *log,
                        const char  *listen,
                        char       **out_url)
{
  return hw_test_serve_start_with (db, log, listen, NULL, out_url);
}

/* hw_test_serve_start_at() with more options for `serve` (NULL-terminated, or NULL). */
GSubprocess *
hw_test_serve_start_with (const char          *db,
                          const char          *log,
                          const char          *listen,
                          const char * const  *options,
                          char               **out_url)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prism = g_getenv ("HW_PRISM");
  const char *url;

  g_ptr_array_add (argv, hw_test_server_binary ());
  g_ptr_array_add (argv, g_strdup ("serve"));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_strdup (db));
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup (listen));
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (options[i]));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  /* A test that aborts takes its server with it instead of leaving it listening. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "Listening on "));
  url = line + strlen ("Listening on ");
  g_object_set_data_full (G_OBJECT (process), "hw-direct-url", g_strdup (url), g_free);

  if (prism != NULL && *prism != '\0')
    {
      GSubprocess *proxy = prism_start (prism, log, url, out_url);

      g_object_set_data_full (G_OBJECT (process), "hw-prism", proxy, prism_stop);
      if (proxied == NULL)
        proxied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_replace (proxied, g_strdup (*out_url), g_strdup (url));
    }
  else
    {
      *out_url = g_strdup (url);
    }

  return g_steal_pointer (&process);
}

/* The server's own URL, for requests prism cannot forward (bytes that are not UTF-8,
 * bodies over the limit, raw sockets). */
const char *
hw_test_serve_direct_url (GSubprocess *process)
{
  return g_object_get_data (G_OBJECT (process), "hw-direct-url");
}

/* Whether prism passes a request for @url with the JSON @body on unchanged: it never
 * answers a JSON body it cannot parse, it decodes the query and sends it on with U+FFFD
 * for bytes that are not UTF-8, and it sends on its own serialisation of a body, so one
 * over the server's size cap would arrive shorter. The tests send all three on purpose. */
static gboolean
prism_forwards (const char *url,
                const char *body,
                gssize      length)
{
  g_autofree char *unescaped = g_uri_unescape_string (url, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (unescaped == NULL || !g_utf8_validate (unescaped, -1, NULL))
    return FALSE;

  if (body != NULL && length < 0)
    length = strlen (body);

  return body == NULL ||
         ((gsize) length <= HW_SERVER_DEFAULT_MAX_BODY_BYTES &&
          g_utf8_validate (body, length, NULL) &&
          json_parser_load_from_data (parser, body, length, NULL));
}

/* @url itself, or the same URL on the server behind prism when prism would not pass the
 * request on as it is: @body (@length bytes, -1: a string; nullable) is not JSON, or the
 * URL has escaped bytes that are not UTF-8. */
char *
hw_test_target_url (const char *url,
                    const char *body,
                    gssize      length)
{
  GHashTableIter iter;
  gpointer key, value;

  if (proxied == NULL || prism_forwards (url, body, length))
    return g_strdup (url);

  g_hash_table_iter_init (&iter, proxied);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (g_str_has_prefix (url, key) && url[strlen (key)] == '/')
        return g_strconcat (value, url + strlen (key), NULL);
    }

  return g_strdup (url);
}

/* Stops a server from hw_test_serve_start() with SIGTERM and checks it exited cleanly. */
void
hw_test_serve_stop (GSubprocess *process)
{
  const char *direct = hw_test_serve_direct_url (process);
  GHashTableIter iter;
  gpointer value;

  if (proxied != NULL)
    {
      g_hash_table_iter_init (&iter, proxied);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          if (g_strcmp0 (value, direct) == 0)
            g_hash_table_iter_remove (&iter);
        }
    }
  g_object_set_data (G_OBJECT (process), "hw-prism", NULL);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, HW_SERVER_EXIT_OK);
}

/* Fails the test on every violation of the OpenAPI document that prism found in the
 * response to @msg (its sl-violations header; absent when prism is not in front).
 * Violations of the request are the tests' own doing, as many send bad requests on
 * purpose, so only those of the response count. */
void
hw_test_assert_contract (SoupMessage *msg)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  const char *violations = soup_message_headers_get_one (headers, "sl-violations");
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) found = NULL;
  JsonArray *array;

  if (violations == NULL)
    return;

  /* Past some size prism sends "Too many violations! " and the list cut short. */
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, violations, -1, &error) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      if (strstr (violations, "\"location\":[\"response\"") != NULL)
        {
          g_test_message ("%s %s: %s", soup_message_get_method (msg),
                          g_uri_get_path (soup_message_get_uri (msg)), violations);
          g_test_fail ();
        }
      return;
    }
  array = json_node_get_array (json_parser_get_root (parser));

  found = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *violation = json_array_get_object_element (array, i);
      JsonArray *location = json_object_get_array_member (violation, "location");

      if (json_array_get_length (location) > 0 &&
          g_str_equal (json_array_get_string_element (location, 0), "response"))
        {
          g_autoptr(JsonGenerator) generator = json_generator_new ();
          g_autofree char *text = NULL;

          json_generator_set_root (generator, json_array_get_element (array, i));
          text = json_generator_to_data (generator, NULL);
          g_string_append_printf (found, "\n  %s", text);
        }
    }

  if (found->len > 0)
    {
      GUri *uri = soup_message_get_uri (msg);

      g_test_message ("%s %s answered %u against the OpenAPI document:%s",
                      soup_message_get_method (msg), g_uri_get_path (uri),
                      soup_message_get_status (msg), found->str);
      g_test_fail ();
    }
}

/* Straight to the server, whatever proxy the environment names. */
SoupSession *
hw_test_session_new (void)
{
  return soup_session_new_with_options ("proxy-resolver", NULL, NULL);
}

/* Sends @method @url with the whole Authorization header @authorization, If-Match
 * @if_match and a JSON @body of @length bytes (-1: a string), all nullable. Returns the
 * message, for its response headers; the body goes to @out_body. */
SoupMessage *
hw_test_send (SoupSession  *session,
              const char   *method,
              const char   *url,
              const char   *authorization,
              const char   *if_match,
              const char   *body,
              gssize        length,
              GBytes      **out_body)
{
  g_autofree char *target = hw_test_target_url (url, body, length);
  g_autoptr(SoupMessage) msg = soup_message_new (method, target);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *request_headers;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (authorization != NULL)
    soup_message_headers_replace (request_headers, "Authorization", authorization);
  if (if_match != NULL)
    soup_message_headers_replace (request_headers, "If-Match", if_match);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }

  *out_body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  hw_test_assert_contract (msg);

  return g_steal_pointer (&msg);
}

/* The body of POST /api/v1/auth/login. */
char *
hw_test_login_body (const char *email,
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

JsonObject *
hw_test_parse_object (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Checks that @problem is of type https://heartwork.org/problems/@slug and @status. */
void
hw_test_assert_problem_object (JsonObject *problem,
                               guint       status,
                               const char *slug)
{
  g_autofree char *type = g_strconcat ("https://heartwork.org/problems/", slug, NULL);

  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
}

/* Checks that a response of @status, @content_type and @body is a problem document of
 * @expected_status and @slug; returns the document for the caller's own checks. */
JsonObject *
hw_test_assert_problem (guint       status,
                        const char *content_type,
                        GBytes     *body,
                        guint       expected_status,
                        const char *slug)
{
  g_autoptr(JsonObject) problem = NULL;

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (content_type, ==, "application/problem+json");

  problem = hw_test_parse_object (body);
  hw_test_assert_problem_object (problem, expected_status, slug);
  g_assert_nonnull (json_object_get_string_member (problem, "detail"));

  return g_steal_pointer (&problem);
}

void
hw_test_response_clear (HwTestResponse *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->etag, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
}

/* Sends @method @url as hw_test_send() does, with the bearer @token, and fills @response
 * (emptied first) with the status, content type, ETag and body. */
void
hw_test_send_response (SoupSession    *session,
                       HwTestResponse *response,
                       const char     *method,
                       const char     *url,
                       const char     *token,
                       const char     *if_match,
                       const char     *body,
                       gssize          length)
{
  g_autofree char *authorization = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  hw_test_response_clear (response);
  msg = hw_test_send (session, method, url, authorization, if_match, body, length,
                      &response->body);
  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
}

/* @token: (nullable): the bearer token; @content_type: (nullable): application/json */
void
hw_test_request (SoupSession    *session,
                 const char     *base_url,
                 HwTestResponse *response,
                 const char     *method,
                 const char     *path,
                 const char     *token,
                 const char     *content_type,
                 const char     *body)
{
  g_autofree char *joined = g_strconcat (base_url, path, NULL);
  g_autofree char *url = content_type == NULL || g_str_equal (content_type, "application/json")
                         ? hw_test_target_url (joined, body, -1)
                         : g_strdup (joined);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", header);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, content_type != NULL ? content_type
                                                                          : "application/json",
                                                 bytes);
    }

  response->body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  hw_test_assert_contract (msg);
  response->status = soup_message_get_status (msg);
  response->content_type =
    g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                     NULL));

  g_assert_cmpuint (response->status, <, 500);
}

void
hw_test_response_assert_problem (const HwTestResponse *response,
                                 guint                 status,
                                 const char           *slug)
{
  json_object_unref (hw_test_assert_problem (response->status, response->content_type,
                                             response->body, status, slug));
}

static char *
token_of (HwTestResponse *response,
          guint           status)
{
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (response->status, ==, status);
  object = hw_test_parse_object (response->body);

  return g_strdup (json_object_get_string_member (object, "token"));
}

/* Signs a staff user in and gives the bearer token. */
char *
hw_test_login_token (SoupSession *session,
                     const char  *base_url,
                     const char  *email,
                     const char  *password)
{
  g_autofree char *body = hw_test_login_body (email, password);
  g_auto(HwTestResponse) response = { 0, };

  hw_test_request (session, base_url, &response, "POST", "/api/v1/auth/login", NULL, NULL,
                   body);
  return token_of (&response, 200);
}

/* Makes an API token with one scope for an integration, as its owner. */
char *
hw_test_api_token (SoupSession *session,
                   const char  *base_url,
                   const char  *owner_token,
                   const char  *integration_id,
                   const char  *scope)
{
  g_autofree char *path = g_strconcat ("/api/v1/integrations/", integration_id, "/tokens",
                                       NULL);
  g_autofree char *body = g_strdup_printf ("{\"scopes\": [\"%s\"]}", scope);
  g_auto(HwTestResponse) response = { 0, };

  hw_test_request (session, base_url, &response, "POST", path, owner_token, NULL, body);
  return token_of (&response, 201);
}

/* The server's revision now: the latest rev of the changes feed, from /health. */
gint64
hw_test_revision (SoupSession *session,
                  const char  *base_url)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) object = NULL;

  hw_test_request (session, base_url, &response, "GET", "/api/v1/health", NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  object = hw_test_parse_object (response.body);

  return json_object_get_int_member (object, "revision");
}

/* A body that creates a new entity of @type like @item, as the API returns it: without
 * id and revision, without what the store computes or the ERP fills in later (the
 * optional ERP-owned fields, which staff may not set), and with @tag and "_" before every unique
 * text so that it does not collide with @item. */
JsonObject *
hw_test_create_body (const HwEntityType *type,
                     JsonObject         *item,
                     const char         *tag)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), item);
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) copy = NULL;
  JsonObject *body;

  /* A deep copy: json_node_copy() shares the object. */
  copy = json_from_string (text, NULL);
  g_assert_nonnull (copy);

  body = json_object_ref (json_node_get_object (copy));

  json_object_remove_member (body, "id");
  json_object_remove_member (body, "rev");
  json_object_remove_member (body, "updated_at");

  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];
      const char *value;

      if (!json_object_has_member (body, spec->name))
        continue;

      if ((spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET)) ||
          ((spec->flags & HW_FIELD_ERP) && !(spec->flags & HW_FIELD_REQUIRED)))
        {
          json_object_remove_member (body, spec->name);
          continue;
        }

      /* There is one default catalogue. */
      if (spec->kind == HW_FIELD_BOOL && g_str_equal (spec->name, "is_default"))
        json_object_set_boolean_member (body, spec->name, FALSE);

      if ((spec->flags & HW_FIELD_UNIQUE) && spec->kind == HW_FIELD_TEXT &&
          (value = json_object_get_string_member_with_default (body, spec->name, NULL)) != NULL)
        {
          g_autofree char *tagged = g_strconcat (tag, "_", value, NULL);

          json_object_set_string_member (body, spec->name, tagged);
        }
    }

  return body;
}

/* The first text field of @type that staff may change freely: free text (names, notes:
 * 200 characters or more; shorter ones are codes with rules of their own; no addresses), not owned by
 * the ERP, not unique, not computed; NULL if there is none. */
const HwFieldSpec *
hw_test_editable_text_field (const HwEntityType *type)
{
  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];

      if (spec->kind == HW_FIELD_TEXT && (spec->max_length == 0 || spec->max_length >= 200) &&
          !g_str_has_suffix (spec->name, "_url") &&
          !(spec->flags & (HW_FIELD_ERP | HW_FIELD_UNIQUE | HW_FIELD_COMPUTED | HW_FIELD_SECRET)))
        return spec;
    }

  return NULL;
}

/* PATCHes @path (e.g. /api/v1/accounts/ID) with @body as @token, with the If-Match of
 * the representation a GET answers just before; fills @response. */
void
hw_test_patch (SoupSession    *session,
               const char     *base_url,
               HwTestResponse *response,
               const char     *path,
               const char     *token,
               const char     *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *etag = NULL;
  g_autoptr(SoupMessage) get = NULL;
  g_autoptr(SoupMessage) patch = NULL;
  g_autoptr(GBytes) current = NULL;

  get = hw_test_send (session, "GET", url, authorization, NULL, NULL, -1, &current);
  g_assert_cmpuint (soup_message_get_status (get), ==, 200);
  etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (get),
                                                 "ETag"));
  g_assert_nonnull (etag);

  patch = hw_test_send (session, "PATCH", url, authorization, etag, body, -1, &response->body);
  response->status = soup_message_get_status (patch);
  response->content_type =
    g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (patch),
                                                     NULL));
}

/* The result of the record @index in the answer of an ERP import. */
JsonObject *
hw_test_erp_result (JsonObject *answer,
                    guint       index)
{
  JsonArray *results = json_object_get_array_member (answer, "results");
  JsonObject *result;

  g_assert_nonnull (results);
  g_assert_cmpuint (index, <, json_array_get_length (results));
  result = json_array_get_object_element (results, index);
  g_assert_cmpint (json_object_get_int_member (result, "index"), ==, index);

  return result;
}

const char *
hw_test_erp_status (JsonObject *answer,
                    guint       index)
{
  return json_object_get_string_member (hw_test_erp_result (answer, index), "status");
}

/* Asserts that the record @index is reported as an error naming @field. */
void
hw_test_assert_erp_error (JsonObject *answer,
                          guint       index,
                          const char *field)
{
  JsonObject *result = hw_test_erp_result (answer, index);
  JsonObject *error;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "error");
  g_assert_false (json_object_has_member (result, "id"));
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, field);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

/**
 * hw_test_fixture_prepare:
 * @tmpl: the name of the temporary directory, ending in XXXXXX
 * @seed_args: (nullable): what `seed --db DB` is given besides, NULL-terminated; NULL for
 *   an empty database
 *
 * Makes the directory and the database with the owner in it; the server is not started
 * yet, so that a test can put data of its own into the database first.
 */
void
hw_test_fixture_prepare (HwTestFixture      *fixture,
                         const char         *tmpl,
                         const char * const *seed_args)
{
  fixture->dir = hw_test_make_tmp_dir (tmpl);
  fixture->db = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->log = g_build_filename (fixture->dir, "server.log", NULL);

  if (seed_args != NULL)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();

      g_ptr_array_add (args, (gpointer) "seed");
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, fixture->db);
      for (guint i = 0; seed_args[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) seed_args[i]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (hw_test_run_binary ((const char * const *) args->pdata, NULL, NULL, NULL),
                       ==, HW_SERVER_EXIT_OK);
    }

  g_assert_cmpint (hw_test_user_add (fixture->db, "owner@example.com", "Owner", "owner",
                                     HW_TEST_PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
}

/* The fixture's database, opened in this process. */
HwStore *
hw_test_fixture_open_store (HwTestFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (fixture->db, HW_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

/* Adds an active ERP integration to the database, before the server starts. */
void
hw_test_fixture_add_integration (HwTestFixture *fixture)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (fixture);
  g_autoptr(HwIntegration) integration = hw_integration_new ();
  g_autoptr(GError) error = NULL;

  integration->name = g_strdup ("ERP");
  integration->kind = g_strdup ("erp");
  integration->status = g_strdup ("active");
  g_assert_true (hw_store_create_integration (store, integration, &error));
  g_assert_no_error (error);
  fixture->integration_id = g_strdup (HW_ENTITY (integration)->id);
}

/* Starts the server and signs the owner in. */
void
hw_test_fixture_start (HwTestFixture *fixture)
{
  hw_test_fixture_start_with (fixture, NULL);
}

/* hw_test_fixture_start() with more options for `serve` (NULL-terminated, or NULL). */
void
hw_test_fixture_start_with (HwTestFixture      *fixture,
                            const char * const *options)
{
  fixture->process = hw_test_serve_start_with (fixture->db, fixture->log, "127.0.0.1:0",
                                               options, &fixture->url);
  fixture->session = hw_test_session_new ();
  fixture->owner = hw_test_login_token (fixture->session, fixture->url, "owner@example.com",
                                        HW_TEST_PASSWORD);
}

/* A new API token with @scope for the fixture's integration, made by the owner. */
char *
hw_test_fixture_api_token (HwTestFixture *fixture,
                           const char    *scope)
{
  g_assert_nonnull (fixture->integration_id);
  return hw_test_api_token (fixture->session, fixture->url, fixture->owner,
                            fixture->integration_id, scope);
}

/* Stops the server (it must exit cleanly), removes the directory and frees the fixture. */
void
hw_test_fixture_stop (HwTestFixture *fixture)
{
  if (fixture->process != NULL)
    hw_test_serve_stop (fixture->process);
  g_clear_object (&fixture->process);
  g_clear_object (&fixture->session);

  if (fixture->dir != NULL)
    hw_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->db, g_free);
  g_clear_pointer (&fixture->log, g_free);
  g_clear_pointer (&fixture->url, g_free);
  g_clear_pointer (&fixture->owner, g_free);
  g_clear_pointer (&fixture->integration_id, g_free);
}
