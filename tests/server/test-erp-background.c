/* test-erp-background.c
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

#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* POST /api/v1/erp/products runs beside the main loop: while a batch is being written,
 * the server answers other requests, and they see the database as it was before the
 * batch until the batch commits; a staff write meanwhile waits for the commit. Made deterministic by the server's test hook
 * (HW_TEST_ERP_HOLD=DIR): the first record of a batch writes DIR/held and waits, inside
 * the batch's transaction, until the test writes DIR/release. No test here measures
 * time; the waits have a guard only against a hang. */

#define GUARD_SECONDS 60

typedef struct
{
  HwTestFixture  server;
  char          *hold_dir;
  char          *erp;
} Fixture;

/* An import sent asynchronously; done once its answer is in. */
typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  gboolean     done;
} Import;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->server = (HwTestFixture) { 0, };
  hw_test_fixture_prepare (&fixture->server, "hw-erp-background-XXXXXX", NULL);
  hw_test_fixture_add_integration (&fixture->server);

  fixture->hold_dir = g_build_filename (fixture->server.dir, "hold", NULL);
  g_assert_cmpint (g_mkdir (fixture->hold_dir, 0700), ==, 0);

  /* The server reads it once, as it starts; it inherits the environment. */
  g_setenv ("HW_TEST_ERP_HOLD", fixture->hold_dir, TRUE);
  hw_test_fixture_start (&fixture->server);
  g_unsetenv ("HW_TEST_ERP_HOLD");

  fixture->erp = hw_test_fixture_api_token (&fixture->server, "erp.products");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  hw_test_fixture_stop (&fixture->server);
  g_clear_pointer (&fixture->hold_dir, g_free);
  g_clear_pointer (&fixture->erp, g_free);
}

static void
import_clear (Import *import)
{
  g_clear_object (&import->msg);
  g_clear_pointer (&import->body, g_bytes_unref);
  g_clear_error (&import->error);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Import *import = user_data;

  import->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                     &import->error);
  import->done = TRUE;
}

static void
on_wrote_body (SoupMessage *msg,
               gboolean    *sent)
{
  *sent = TRUE;
}

/* POSTs @body to @path without waiting for the answer. */
static void
post_start (Fixture     *fixture,
            SoupSession *session,
            Import      *import,
            const char  *path,
            const char  *token,
            const char  *body)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  import->msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (import->msg),
                                "Authorization", authorization);
  soup_message_set_request_body_from_bytes (import->msg, "application/json", bytes);
  soup_session_send_and_read_async (session, import->msg, G_PRIORITY_DEFAULT, NULL,
                                    import_done_cb, import);
}

/* Sends @count product records from @first on, without waiting for the answer. */
static void
import_start (Fixture     *fixture,
              SoupSession *session,
              Import      *import,
              guint        first,
              guint        count)
{
  g_autoptr(GString) body = g_string_new ("[");

  for (guint i = first; i < first + count; i++)
    g_string_append_printf (body,
                            "%s{\"erp_id\":\"BG-%04u\",\"sku\":\"BG-SKU-%04u\","
                            "\"name\":\"Background %u\",\"unit\":\"pc\",\"status\":\"active\","
                            "\"base_price\":%u,\"currency\":\"EUR\"}",
                            i > first ? "," : "", i, i, i, 100 + i);
  g_string_append_c (body, ']');
  post_start (fixture, session, import, "/api/v1/erp/products", fixture->erp, body->str);
}

/* Runs the main context (the async imports) until @path exists. */
static void
wait_for_file (const char *path)
{
  gint64 guard = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;

  while (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_get_monotonic_time () > guard)
        g_error ("%s did not appear: the import never reached its first record", path);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
}

static void
wait_for_import (Import *import)
{
  while (!import->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
release (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->hold_dir, "release", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
}

static JsonObject *
import_answer (Import *import,
               guint   expected_ok)
{
  JsonObject *answer;

  g_assert_no_error (import->error);
  g_assert_cmpuint (soup_message_get_status (import->msg), ==, SOUP_STATUS_OK);
  answer = hw_test_parse_object (import->body);
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, expected_ok);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 0);
  return answer;
}

/* The number of products whose text matches @q, as a staff list sees it. */
static guint
count_listed (Fixture    *fixture,
              const char *erp_id)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/products?limit=100&q=%s", erp_id);

  hw_test_request (fixture->server.session, fixture->server.url, &response, "GET", path,
                   fixture->server.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, SOUP_STATUS_OK);
  page = hw_test_parse_object (response.body);
  return json_array_get_length (json_object_get_array_member (page, "items"));
}

static gint64
health_revision (Fixture *fixture)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) health = NULL;

  hw_test_request (fixture->server.session, fixture->server.url, &response, "GET",
                   "/api/v1/health", NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, SOUP_STATUS_OK);
  health = hw_test_parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  return json_object_get_int_member (health, "revision");
}

/* While a batch is held inside its transaction, the server answers a health check, a
 * staff list and a staff get, and they do not see the batch; once it commits they do. */
static void
test_answers_during_import (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(SoupSession) importer = hw_test_session_new ();
  g_autofree char *held = g_build_filename (fixture->hold_dir, "held", NULL);
  g_auto(HwTestResponse) me = { 0, };
  g_autoptr(JsonObject) answer = NULL;
  Import import = { 0, };
  gint64 before;

  before = health_revision (fixture);
  import_start (fixture, importer, &import, 0, 3);
  wait_for_file (held);

  /* The import is surely in progress: its first record is written, uncommitted. */
  g_assert_cmpint (health_revision (fixture), ==, before);
  g_assert_cmpuint (count_listed (fixture, "Background"), ==, 0);
  hw_test_request (fixture->server.session, fixture->server.url, &me, "GET", "/api/v1/auth/me",
                   fixture->server.owner, NULL, NULL);
  g_assert_cmpuint (me.status, ==, SOUP_STATUS_OK);
  g_main_context_iteration (NULL, FALSE);
  g_assert_false (import.done);

  release (fixture);
  wait_for_import (&import);
  answer = import_answer (&import, 3);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");

  /* Written through the importer's own connection, seen by the next request. */
  g_assert_cmpint (health_revision (fixture), >, before);
  g_assert_cmpuint (count_listed (fixture, "Background"), ==, 3);
  import_clear (&import);
}

/* Two batches in flight: the second waits behind the held first, both are applied, in
 * order, each in its own transaction, with one result per record. */
static void
test_two_batches (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(SoupSession) first_session = hw_test_session_new ();
  g_autoptr(SoupSession) second_session = hw_test_session_new ();
  g_autofree char *held = g_build_filename (fixture->hold_dir, "held", NULL);
  g_autoptr(JsonObject) first_answer = NULL;
  g_autoptr(JsonObject) second_answer = NULL;
  Import first = { 0, };
  Import second = { 0, };

  import_start (fixture, first_session, &first, 0, 4);
  wait_for_file (held);
  /* The second batch names two records of the first with other prices. */
  import_start (fixture, second_session, &second, 2, 4);
  g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (count_listed (fixture, "Background"), ==, 0);
  release (fixture);
  wait_for_import (&first);
  wait_for_import (&second);

  first_answer = import_answer (&first, 4);
  second_answer = import_answer (&second, 4);
  g_assert_cmpstr (hw_test_erp_status (first_answer, 2), ==, "created");
  /* Same records again, same fields: the second batch ran after the first. */
  g_assert_cmpstr (hw_test_erp_status (second_answer, 0), ==, "unchanged");
  g_assert_cmpstr (hw_test_erp_status (second_answer, 1), ==, "unchanged");
  g_assert_cmpstr (hw_test_erp_status (second_answer, 2), ==, "created");
  g_assert_cmpstr (json_object_get_string_member (first_answer, "run_id"), !=,
                   json_object_get_string_member (second_answer, "run_id"));
  g_assert_cmpuint (count_listed (fixture, "Background"), ==, 6);

  import_clear (&first);
  import_clear (&second);
}

/* A staff write sent while a batch holds the write lock waits for the batch's commit and
 * then succeeds: it is neither refused as busy nor lost. (Whether the server got it
 * before or after the release, the outcome must be the same.) */
static void
test_staff_write_waits (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(SoupSession) importer = hw_test_session_new ();
  g_autoptr(SoupSession) editor = hw_test_session_new ();
  g_autofree char *held = g_build_filename (fixture->hold_dir, "held", NULL);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) category = NULL;
  Import import = { 0, };
  Import write = { 0, };
  gboolean sent = FALSE;

  import_start (fixture, importer, &import, 0, 2);
  wait_for_file (held);

  post_start (fixture, editor, &write, "/api/v1/categories", fixture->server.owner,
              "{\"name\": \"Written during an import\"}");
  g_signal_connect (write.msg, "wrote-body", G_CALLBACK (on_wrote_body), &sent);
  while (!sent && !write.done)
    g_main_context_iteration (NULL, TRUE);
  release (fixture);

  wait_for_import (&import);
  wait_for_import (&write);
  answer = import_answer (&import, 2);
  g_assert_no_error (write.error);
  g_assert_cmpuint (soup_message_get_status (write.msg), ==, SOUP_STATUS_CREATED);
  category = hw_test_parse_object (write.body);
  g_assert_cmpstr (json_object_get_string_member (category, "name"), ==,
                   "Written during an import");
  g_assert_cmpuint (count_listed (fixture, "Background"), ==, 2);

  import_clear (&import);
  import_clear (&write);
}

/* SIGTERM while a batch is held inside its transaction: the server stops accepting, lets
 * the import finish and answer in full, and exits 0 with the batch stored. */
static void
test_sigterm_lets_import_finish (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(SoupSession) importer = hw_test_session_new ();
  g_autofree char *held = g_build_filename (fixture->hold_dir, "held", NULL);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  Import import = { 0, };

  import_start (fixture, importer, &import, 0, 5);
  wait_for_file (held);

  g_subprocess_send_signal (fixture->server.process, SIGTERM);
  release (fixture);
  wait_for_import (&import);
  answer = import_answer (&import, 5);

  g_subprocess_wait (fixture->server.process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (fixture->server.process));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->server.process), ==,
                   HW_SERVER_EXIT_OK);

  store = hw_store_open (fixture->server.db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  product = hw_store_find_by (store, &hw_product_type, "erp_id", "BG-0004", &error);
  g_assert_no_error (error);
  g_assert_cmpint (product->base_price, ==, 104);
  import_clear (&import);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/erp-background/answers-during-import", Fixture, NULL, fixture_set_up,
              test_answers_during_import, fixture_tear_down);
  g_test_add ("/erp-background/two-batches", Fixture, NULL, fixture_set_up,
              test_two_batches, fixture_tear_down);
  g_test_add ("/erp-background/staff-write-waits", Fixture, NULL, fixture_set_up,
              test_staff_write_waits, fixture_tear_down);
  g_test_add ("/erp-background/sigterm-lets-import-finish", Fixture, NULL, fixture_set_up,
              test_sigterm_lets_import_finish, fixture_tear_down);

  return g_test_run ();
}
