/* test-fault-proxy.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-fault-proxy"

#include "config.h"

#include "hw-server-cli.h"

#include "hw-fault-proxy.h"
#include "hw-test-server.h"

/* HwFaultProxy in front of the built heartwork-one-server: every fault, and that what
 * the server did behind it is what the fault promises (looked at directly, around the
 * proxy). */

typedef struct
{
  HwTestFixture  server;  /* its owner's token is the one every request carries */
  HwFaultProxy  *proxy;
} Fixture;

typedef struct
{
  guint   status;
  char   *retry_after;
  char   *content_type;
  goffset content_length;
  GBytes *body;
  GError *error;
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->retry_after, g_free);
  g_clear_pointer (&answer->content_type, g_free);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_clear_error (&answer->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  hw_test_fixture_prepare (&fixture->server, "hw-fault-proxy-XXXXXX", NULL);
  hw_test_fixture_start (&fixture->server);
  fixture->proxy = hw_fault_proxy_new (fixture->server.url);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->proxy, hw_fault_proxy_free);
  hw_test_fixture_stop (&fixture->server);
}

static SoupMessage *
new_message (Fixture    *fixture,
             const char *base_url,
             const char *method,
             const char *path,
             const char *body)
{
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->server.owner, NULL);
  SoupMessage *message = soup_message_new (method, url);

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return message;
}

static void
read_answer (SoupMessage *message,
             GBytes      *body,
             GError      *error,
             Answer      *answer)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  answer->error = error;
  if (error != NULL)
    return;

  answer->body = body;
  answer->status = soup_message_get_status (message);
  answer->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  answer->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  answer->content_length = soup_message_headers_get_content_length (headers);
}

/* @method @path with the owner's token, through the proxy (@direct FALSE) or straight to
 * the server, blocking. A transport error goes into the answer. */
static void
request (Fixture    *fixture,
         gboolean    direct,
         Answer     *answer,
         const char *method,
         const char *path,
         const char *body)
{
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;
  GBytes *bytes;

  message = new_message (fixture, direct ? fixture->server.url : hw_fault_proxy_get_url (fixture->proxy),
                         method, path, body);
  bytes = soup_session_send_and_read (fixture->server.session, message, NULL, &error);
  read_answer (message, bytes, error, answer);
}

static JsonObject *
parse (GBytes *bytes)
{
  return hw_test_parse_object (bytes);
}

static gboolean
category_exists (Fixture    *fixture,
                 const char *name)
{
  g_auto(Answer) answer = { 0, };
  g_autoptr(JsonObject) list = NULL;
  JsonArray *items;

  request (fixture, TRUE, &answer, "GET", "/api/v1/categories?limit=100", NULL);
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  list = parse (answer.body);
  items = json_object_get_array_member (list, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i),
                                                  "name"), name) == 0)
      return TRUE;

  return FALSE;
}

static char *
create_category (Fixture    *fixture,
                 gboolean    direct,
                 const char *name,
                 GError    **error)
{
  g_auto(Answer) answer = { 0, };
  g_autoptr(JsonObject) created = NULL;
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\"}", name);

  request (fixture, direct, &answer, "POST", "/api/v1/categories", body);
  if (answer.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&answer.error));
      return NULL;
    }
  g_assert_cmpuint (answer.status, ==, 201);
  created = parse (answer.body);

  return g_strdup (json_object_get_string_member (created, "id"));
}

static void
test_pass (Fixture       *fixture,
           gconstpointer  data)
{
  g_auto(Answer) direct = { 0, };
  g_auto(Answer) proxied = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  id = create_category (fixture, FALSE, "Drills", &error);
  g_assert_no_error (error);
  g_assert_true (category_exists (fixture, "Drills"));

  /* The same bytes as straight from the server. */
  path = g_strconcat ("/api/v1/categories/", id, NULL);
  request (fixture, TRUE, &direct, "GET", path, NULL);
  request (fixture, FALSE, &proxied, "GET", path, NULL);
  g_assert_no_error (proxied.error);
  g_assert_cmpuint (proxied.status, ==, 200);
  g_assert_cmpstr (proxied.content_type, ==, direct.content_type);
  g_assert_true (g_bytes_equal (proxied.body, direct.body));

  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, "POST", "/api/v1/categories"), ==, 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, "GET", NULL), ==, 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, NULL, NULL), ==, 2);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, NULL, NULL), ==, 2);
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture->proxy), ==, 0);
}

static void
test_drop_after_upstream (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_auto(Answer) listed = { 0, };

  /* The 2nd POST to categories; requests of other methods and paths do not count. */
  hw_fault_proxy_add_rule (fixture->proxy, "POST", "/api/v1/categories", 2,
                           HW_FAULT_DROP_AFTER_UPSTREAM, 0);

  first = create_category (fixture, FALSE, "First", &error);
  g_assert_no_error (error);
  request (fixture, FALSE, &listed, "GET", "/api/v1/categories", NULL);
  g_assert_no_error (listed.error);
  g_assert_cmpuint (listed.status, ==, 200);

  /* The client sees nothing of the answer… */
  second = create_category (fixture, FALSE, "Second", &error);
  g_assert_null (second);
  g_assert_nonnull (error);
  g_test_message ("The client saw: %s", error->message);
  g_clear_error (&error);

  third = create_category (fixture, FALSE, "Third", &error);
  g_assert_no_error (error);

  /* … but the server committed it. */
  g_assert_true (category_exists (fixture, "First"));
  g_assert_true (category_exists (fixture, "Second"));
  g_assert_true (category_exists (fixture, "Third"));
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, "POST", "/api/v1/categories"), ==, 3);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, "POST", "/api/v1/categories"), ==, 3);
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture->proxy), ==, 1);
}

/* Not the proxy's doing, but what a test written with it has to know: libsoup 3.2 sends
 * an idempotent request (GET, PUT, DELETE…) once more by itself when a reused
 * keep-alive connection closes before any answer. A DELETE the server committed is then
 * answered 404 by the second try; POST and PATCH are not resent. */
static void
test_drop_resent_by_libsoup (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_auto(Answer) warm = { 0, };
  g_auto(Answer) deleted = { 0, };
  g_auto(Answer) gone = { 0, };
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(SoupMessage) current = NULL;
  g_autoptr(GBytes) current_body = NULL;
  g_autofree char *etag = NULL;
  GError *send_error = NULL;
  GBytes *body;

  id = create_category (fixture, TRUE, "Deleted twice", &error);
  g_assert_no_error (error);
  path = g_strconcat ("/api/v1/categories/", id, NULL);
  current = new_message (fixture, fixture->server.url, "GET", path, NULL);
  current_body = soup_session_send_and_read (fixture->server.session, current, NULL, &error);
  g_assert_no_error (error);
  etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (current), "ETag"));
  g_assert_nonnull (etag);

  /* A request first, so that the DELETE goes over a reused connection. */
  request (fixture, FALSE, &warm, "GET", "/api/v1/health", NULL);
  g_assert_no_error (warm.error);
  hw_fault_proxy_add_rule (fixture->proxy, "DELETE", "/api/v1/categories", 1,
                           HW_FAULT_DROP_AFTER_UPSTREAM, 0);

  message = new_message (fixture, hw_fault_proxy_get_url (fixture->proxy), "DELETE", path, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "If-Match", etag);
  body = soup_session_send_and_read (fixture->server.session, message, NULL, &send_error);
  read_answer (message, body, send_error, &deleted);

  g_assert_no_error (deleted.error);
  g_assert_cmpuint (deleted.status, ==, 404);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, "DELETE", NULL), ==, 2);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, "DELETE", NULL), ==, 2);
  request (fixture, TRUE, &gone, "GET", path, NULL);
  g_assert_cmpuint (gone.status, ==, 404);
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  hw_fault_proxy_add_rule (fixture->proxy, "POST", "/api/v1/categories", 1, HW_FAULT_DROP, 0);

  /* The server never sees it. */
  id = create_category (fixture, FALSE, "Lost", &error);
  g_assert_null (id);
  g_assert_nonnull (error);
  g_assert_false (category_exists (fixture, "Lost"));
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture->proxy, "POST", NULL), ==, 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, "POST", NULL), ==, 0);
}

static void
assert_problem (Answer *answer,
                guint   status)
{
  g_autoptr(JsonObject) problem = NULL;

  g_assert_no_error (answer->error);
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_cmpstr (answer->content_type, ==, "application/problem+json");
  problem = parse (answer->body);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
}

static void
test_status_500 (Fixture       *fixture,
                 gconstpointer  data)
{
  /* Every GET of categories, until the rules are cleared. */
  hw_fault_proxy_add_rule (fixture->proxy, "GET", "/api/v1/categories", 0, HW_FAULT_STATUS_500, 0);

  for (guint i = 0; i < 2; i++)
    {
      g_auto(Answer) answer = { 0, };

      request (fixture, FALSE, &answer, "GET", "/api/v1/categories", NULL);
      assert_problem (&answer, 500);
    }
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, NULL, NULL), ==, 0);
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture->proxy), ==, 2);

  /* Not the other paths, and no more once cleared. */
  {
    g_auto(Answer) health = { 0, };
    g_auto(Answer) again = { 0, };

    request (fixture, FALSE, &health, "GET", "/api/v1/health", NULL);
    g_assert_no_error (health.error);
    g_assert_cmpuint (health.status, ==, 200);

    hw_fault_proxy_clear_rules (fixture->proxy);
    request (fixture, FALSE, &again, "GET", "/api/v1/categories", NULL);
    g_assert_no_error (again.error);
    g_assert_cmpuint (again.status, ==, 200);
  }
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, NULL, NULL), ==, 2);
}

static void
test_status_429 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Answer) answer = { 0, };
  g_autofree char *id = NULL;

  hw_fault_proxy_add_rule (fixture->proxy, "POST", "/api/v1/categories", 1, HW_FAULT_STATUS_429, 7);

  request (fixture, FALSE, &answer, "POST", "/api/v1/categories", "{\"name\": \"Busy\"}");
  assert_problem (&answer, 429);
  g_assert_cmpstr (answer.retry_after, ==, "7");
  g_assert_false (category_exists (fixture, "Busy"));

  /* Once: the retry gets through. */
  id = create_category (fixture, FALSE, "Busy", &error);
  g_assert_no_error (error);
  g_assert_true (category_exists (fixture, "Busy"));
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture->proxy), ==, 1);
}

static void
test_truncate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(Answer) direct = { 0, };
  g_auto(Answer) answer = { 0, };
  g_autofree char *id = NULL;

  id = create_category (fixture, TRUE, "Long enough to cut in half", &error);
  g_assert_no_error (error);
  hw_fault_proxy_add_rule (fixture->proxy, "GET", "/api/v1/categories", 1,
                           HW_FAULT_TRUNCATE_BODY, 0);

  request (fixture, TRUE, &direct, "GET", "/api/v1/categories", NULL);
  request (fixture, FALSE, &answer, "GET", "/api/v1/categories", NULL);

  /* The connection closes after half of the promised body. libsoup 3.2 does not report
   * that as an error (send_and_read, sync or async, and reading the stream all end at
   * the early EOF without one): a client has to compare the length itself. */
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpint (answer.content_length, ==, g_bytes_get_size (direct.body));
  g_assert_cmpuint (g_bytes_get_size (answer.body), ==, g_bytes_get_size (direct.body) / 2);
  g_assert_cmpmem (g_bytes_get_data (answer.body, NULL), g_bytes_get_size (answer.body),
                   g_bytes_get_data (direct.body, NULL), g_bytes_get_size (direct.body) / 2);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture->proxy, "GET", NULL), ==, 1);
}

static void
test_corrupt_json (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(Answer) direct = { 0, };
  g_auto(Answer) answer = { 0, };
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  const char *text;
  gsize length;

  id = create_category (fixture, TRUE, "Corrupted", &error);
  g_assert_no_error (error);
  path = g_strconcat ("/api/v1/categories/", id, NULL);
  hw_fault_proxy_add_rule (fixture->proxy, "GET", path, 1, HW_FAULT_CORRUPT_JSON, 0);

  request (fixture, TRUE, &direct, "GET", path, NULL);
  request (fixture, FALSE, &answer, "GET", path, NULL);

  /* A whole response, status and type as the server sent them, with a body that is
   * half of the server's and then no JSON at all. */
  g_assert_no_error (answer.error);
  g_assert_cmpuint (answer.status, ==, 200);
  g_assert_cmpstr (answer.content_type, ==, "application/json");
  text = g_bytes_get_data (direct.body, &length);
  expected = g_strdup_printf ("%.*s}{]", (int) (length / 2), text);
  g_assert_cmpmem (g_bytes_get_data (answer.body, NULL), g_bytes_get_size (answer.body),
                   expected, strlen (expected));
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (answer.body, NULL),
                                              g_bytes_get_size (answer.body), NULL));
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Answer *answer = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  GError *error = NULL;
  GBytes *bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  read_answer (message, bytes, error, answer);
  if (error == NULL)
    g_assert_nonnull (answer->body);
}

static gboolean
answered (Answer *answer)
{
  return answer->body != NULL || answer->error != NULL;
}

static void
test_delay (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SoupMessage) slow_message = NULL;
  g_autoptr(SoupMessage) fast_message = NULL;
  g_autoptr(SoupSession) other = hw_test_session_new ();
  g_auto(Answer) slow = { 0, };
  g_auto(Answer) fast = { 0, };
  g_auto(Answer) direct = { 0, };

  /* Held back until released (the delay is far longer than the test): a request sent
   * after it, on another connection, is answered first; no clock is read. */
  hw_fault_proxy_add_rule (fixture->proxy, "GET", "/api/v1/categories", 1, HW_FAULT_DELAY,
                           600000);

  slow_message = new_message (fixture, hw_fault_proxy_get_url (fixture->proxy), "GET",
                              "/api/v1/categories", NULL);
  soup_session_send_and_read_async (fixture->server.session, slow_message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, &slow);
  while (hw_fault_proxy_get_n_forwarded (fixture->proxy, "GET", "/api/v1/categories") == 0)
    g_main_context_iteration (NULL, FALSE);

  fast_message = new_message (fixture, hw_fault_proxy_get_url (fixture->proxy), "GET",
                              "/api/v1/health", NULL);
  soup_session_send_and_read_async (other, fast_message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, &fast);
  while (!answered (&fast))
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (fast.error);
  g_assert_cmpuint (fast.status, ==, 200);
  g_assert_false (answered (&slow));

  /* Released, it arrives whole. */
  hw_fault_proxy_release_delayed (fixture->proxy);
  while (!answered (&slow))
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (slow.error);
  g_assert_cmpuint (slow.status, ==, 200);
  request (fixture, TRUE, &direct, "GET", "/api/v1/categories", NULL);
  g_assert_true (g_bytes_equal (slow.body, direct.body));
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture->proxy), ==, 1);
}

static void
test_free_while_delayed (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(SoupMessage) message = NULL;
  g_auto(Answer) answer = { 0, };

  /* Freeing the proxy ends a held answer and its connection at once. */
  hw_fault_proxy_add_rule (fixture->proxy, NULL, NULL, 0, HW_FAULT_DELAY, 600000);
  message = new_message (fixture, hw_fault_proxy_get_url (fixture->proxy), "GET",
                         "/api/v1/health", NULL);
  soup_session_send_and_read_async (fixture->server.session, message, G_PRIORITY_DEFAULT, NULL,
                                    send_cb, &answer);
  while (hw_fault_proxy_get_n_forwarded (fixture->proxy, NULL, NULL) == 0)
    g_main_context_iteration (NULL, FALSE);

  g_clear_pointer (&fixture->proxy, hw_fault_proxy_free);
  while (!answered (&answer))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (answer.error);
}

int
main (int   argc,
      char *argv[])
{
  /* Straight to the server: prism re-serialises bodies, and the test compares bytes. */
  g_unsetenv ("HW_PRISM");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Sync/FaultProxy/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("pass", test_pass);
  ADD ("drop-after-upstream", test_drop_after_upstream);
  ADD ("drop", test_drop);
  ADD ("drop-resent-by-libsoup", test_drop_resent_by_libsoup);
  ADD ("status-500", test_status_500);
  ADD ("status-429", test_status_429);
  ADD ("truncate", test_truncate);
  ADD ("corrupt-json", test_corrupt_json);
  ADD ("delay", test_delay);
  ADD ("free-while-delayed", test_free_while_delayed);

#undef ADD

  return g_test_run ();
}
