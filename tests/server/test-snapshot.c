/* test-snapshot.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hw-json.h"
#include "hw-replica.h"
#include "hw-store.h"
#include "hw-test-server.h"

/* GET /api/v1/sync/snapshot against the server binary (through prism with HW_PRISM):
 * the file is a replica at the revision of its header, holds nothing the changes feed
 * does not send, requests during a build share it, and the last file is served again.
 * Who may call it is in test-roles.c; the client's use of it in
 * tests/sync/test-sync-snapshot.c. */

#define SNAPSHOT "/api/v1/sync/snapshot"
#define IDEMPOTENCY_KEY "snapshot-test-idempotency-key-7f3a"

static HwTestFixture fixture;
static char *viewer;

/* Helpers */

static gint64
revision_of (SoupMessage *msg)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Hw-Snapshot-Revision");
  gint64 revision = 0;

  g_assert_nonnull (text);
  g_assert_true (g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &revision, NULL));
  return revision;
}

/* Prism (HW_PRISM) checks the answer against the contract, but passes a binary body on
 * as text, bytes that are not UTF-8 replaced: the file itself is read from the server
 * directly, a second time (the same file, served again). */
static SoupMessage *
get_snapshot (const char  *token,
              GBytes     **out_body)
{
  g_autofree char *url = g_strconcat (fixture.url, SNAPSHOT, NULL);
  g_autofree char *direct = g_strconcat (hw_test_serve_direct_url (fixture.process), SNAPSHOT,
                                         NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) checked = NULL;
  SoupMessage *msg;

  checked = hw_test_send (fixture.session, "GET", url, authorization, NULL, NULL, -1, out_body);
  if (g_str_equal (url, direct))
    return g_steal_pointer (&checked);

  g_clear_pointer (out_body, g_bytes_unref);
  msg = hw_test_send (fixture.session, "GET", direct, authorization, NULL, NULL, -1, out_body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, soup_message_get_status (checked));
  if (soup_message_get_status (msg) == SOUP_STATUS_OK)
    g_assert_cmpint (revision_of (msg), ==, revision_of (checked));
  return msg;
}

/* The one snapshot file the server keeps; its name counts the builds
 * ("snapshot-BUILD-REVISION.sqlite"). The log cannot tell: info lines are buffered. */
static char *
kept_snapshot (void)
{
  g_autofree char *dir = g_strconcat (fixture.db, ".snapshots", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  char *kept = NULL;
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_assert_null (kept);
      kept = g_strdup (name);
    }
  g_assert_nonnull (kept);
  return kept;
}

/* The first value of @sql in the database at @path, as text. */
static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
save (GBytes     *body,
      const char *name)
{
  g_autofree char *path = g_build_filename (fixture.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
create_category (const char *name,
                 const char *idempotency_key)
{
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/categories", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\"}", name);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                  idempotency_key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (fixture.session, msg, NULL, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
}

/* A channel password for the first customer user, so that user_passwords has a row. */
static void
set_user_password (void)
{
  g_auto(HwTestResponse) list = { 0, };
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  g_autofree char *path = NULL;
  JsonArray *items;

  hw_test_request (fixture.session, fixture.url, &list, "GET", "/api/v1/users?limit=1",
                   fixture.owner, NULL, NULL);
  g_assert_cmpuint (list.status, ==, 200);
  page = hw_test_parse_object (list.body);
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  path = g_strdup_printf ("/api/v1/users/%s/password",
                          json_object_get_string_member (json_array_get_object_element (items, 0),
                                                         "id"));
  hw_test_request (fixture.session, fixture.url, &response, "PUT", path, fixture.owner, NULL,
                   "{\"password\": \"a customer's own secret\"}");
  g_assert_cmpuint (response.status, ==, 204);
}

/* A product whose display name carries @word, made by staff; returns its id. */
static char *
create_product (const char *sku,
                const char *word)
{
  g_autofree char *body = g_strdup_printf ("{\"sku\":\"%s\",\"name\":\"Search test\","
                                           "\"display_name\":\"%s\",\"unit\":\"pcs\","
                                           "\"status\":\"active\",\"currency\":\"EUR\"}",
                                           sku, word);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) object = NULL;

  hw_test_request (fixture.session, fixture.url, &response, "POST", "/api/v1/products",
                   fixture.owner, NULL, body);
  g_assert_cmpuint (response.status, ==, 201);
  object = hw_test_parse_object (response.body);
  return g_strdup (json_object_get_string_member (object, "id"));
}

/* Words the search index held and no product holds any more: one of a deleted product,
 * one a product's old name. */
static void
leave_old_words (void)
{
  g_autofree char *deleted = create_product ("SNAPSHOT-DELETED", "Qxjvgonedeleted");
  g_autofree char *renamed = create_product ("SNAPSHOT-RENAMED", "Qxjvoldrenamed");
  g_autofree char *path = g_strconcat ("/api/v1/products/", renamed, NULL);
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/products/", deleted, NULL);
  g_auto(HwTestResponse) response = { 0, };
  g_auto(HwTestResponse) current = { 0, };
  g_auto(HwTestResponse) gone = { 0, };

  hw_test_patch (fixture.session, fixture.url, &response, path, fixture.owner,
                 "{\"display_name\":\"Renamed since\"}");
  g_assert_cmpuint (response.status, ==, 200);

  hw_test_send_response (fixture.session, &current, "GET", url, fixture.owner, NULL, NULL, -1);
  g_assert_cmpuint (current.status, ==, 200);
  hw_test_send_response (fixture.session, &gone, "DELETE", url, fixture.owner, current.etag,
                         NULL, -1);
  g_assert_cmpuint (gone.status, ==, 204);
}

/* Tests */

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  guint       *pending;
} Concurrent;

static void
concurrent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Concurrent *request = user_data;
  g_autoptr(GError) error = NULL;

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
  (*request->pending)--;
}

/* Requests while a build runs wait for it: one build for all, the same file. The first
 * test, so that no snapshot exists yet. */
static void
test_concurrent (void)
{
  g_autofree char *url = g_strconcat (fixture.url, SNAPSHOT, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  Concurrent requests[3] = { { 0, }, };
  guint pending = G_N_ELEMENTS (requests);
  g_autofree char *kept = NULL;
  g_autofree char *expected = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      requests[i].msg = soup_message_new ("GET", url);
      requests[i].pending = &pending;
      soup_message_headers_replace (soup_message_get_request_headers (requests[i].msg),
                                    "Authorization", authorization);
      soup_session_send_and_read_async (fixture.session, requests[i].msg, G_PRIORITY_DEFAULT,
                                        NULL, concurrent_cb, &requests[i]);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);

  /* Through prism the bodies are mangled alike (see get_snapshot ()). */
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_assert_cmpuint (soup_message_get_status (requests[i].msg), ==, 200);
      hw_test_assert_contract (requests[i].msg);
      g_assert_cmpint (revision_of (requests[i].msg), ==, revision_of (requests[0].msg));
      g_assert_true (g_bytes_equal (requests[i].body, requests[0].body));
    }
  /* One build, its file kept. */
  kept = kept_snapshot ();
  expected = g_strdup_printf ("snapshot-1-%" G_GINT64_FORMAT ".sqlite",
                              revision_of (requests[0].msg));
  g_assert_cmpstr (kept, ==, expected);

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_clear_object (&requests[i].msg);
      g_clear_pointer (&requests[i].body, g_bytes_unref);
    }
}

/* A replica of this version's schema at the revision of its header, with the server's
 * synced rows; a viewer may have it. */
static void
test_replica (void)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(HwStore) server = NULL;
  g_autoptr(HwStore) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  SoupMessageHeaders *headers;
  gint64 cursor = 0;

  msg = get_snapshot (viewer, &body);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==,
                   "application/vnd.sqlite3");
  g_assert_cmpint (soup_message_headers_get_content_length (headers), ==,
                   g_bytes_get_size (body));

  path = save (body, "replica.db");
  g_assert_true (hw_store_check_snapshot (path, &cursor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cursor, ==, revision_of (msg));

  /* Nothing changed since it was built: the same content as the server. */
  server = hw_test_fixture_open_store (&fixture);
  g_assert_cmpint (hw_store_get_revision (server), ==, cursor);
  replica = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_sync_cursor (replica), ==, cursor);
  expected = hw_store_content_checksum (server, &error);
  g_assert_no_error (error);
  actual = hw_store_content_checksum (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
  hw_store_check_integrity (replica, &error);
  g_assert_no_error (error);
  g_clear_object (&replica);

  /* Its search index is whole and current: what is there is found, old words are not,
   * not even in the file's bytes (the merge dropped them, and zeroed their pages). */
  {
    g_autofree char *check = query_text (path, "SELECT count(*) FROM products"
                                               " WHERE display_name = 'Renamed since'");
    g_autofree char *found = NULL;
    g_autofree char *old_name = NULL;
    g_autofree char *deleted = NULL;
    sqlite3 *db = NULL;

    g_assert_cmpstr (check, ==, "1");
    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO products_fts (products_fts)"
                                       " VALUES ('integrity-check')", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (db);
    found = query_text (path, "SELECT count(*) FROM products_fts"
                              " WHERE products_fts MATCH 'renamed'");
    old_name = query_text (path, "SELECT count(*) FROM products_fts"
                                 " WHERE products_fts MATCH 'qxjvoldrenamed'");
    deleted = query_text (path, "SELECT count(*) FROM products_fts"
                                " WHERE products_fts MATCH 'qxjvgonedeleted'");
    g_assert_cmpstr (found, ==, "1");
    g_assert_cmpstr (old_name, ==, "0");
    g_assert_cmpstr (deleted, ==, "0");
    g_assert_null (memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                           "jvoldrenamed", strlen ("jvoldrenamed")));
    g_assert_null (memmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                           "jvgonedeleted", strlen ("jvgonedeleted")));
  }
}

/* Nothing of the server's secrets: no row in a server-only table, and none of their
 * values anywhere in the bytes, free pages included. */
static void
test_secrets (void)
{
  static const char * const secret_tables[] = {
    "staff_users", "auth_tokens", "user_passwords", "idempotency_keys", "audit_entries",
    "tombstones", "outbox", NULL,
  };
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *data;
  gsize size;

  /* The server has them, so their absence below means something. */
  for (guint i = 0; secret_tables[i] != NULL; i++)
    if (!g_str_equal (secret_tables[i], "outbox") && !g_str_equal (secret_tables[i], "tombstones"))
      {
        g_autofree char *sql = g_strdup_printf ("SELECT count(*) > 0 FROM \"%s\"",
                                                secret_tables[i]);
        g_autofree char *any = query_text (fixture.db, sql);

        g_assert_cmpstr (any, ==, "1");
      }

  g_ptr_array_add (secrets, g_strdup (IDEMPOTENCY_KEY));
  g_ptr_array_add (secrets, g_strdup ("$argon2id$"));
  g_ptr_array_add (secrets, g_strdup ("owner@example.com"));
  g_ptr_array_add (secrets, query_text (fixture.db, "SELECT password_hash FROM staff_users"
                                                    " WHERE email = 'owner@example.com'"));
  g_ptr_array_add (secrets, query_text (fixture.db, "SELECT password_hash FROM user_passwords"
                                                    " LIMIT 1"));
  g_ptr_array_add (secrets, query_text (fixture.db, "SELECT token_hash FROM auth_tokens"
                                                    " ORDER BY created_at LIMIT 1"));
  g_ptr_array_add (secrets, query_text (fixture.db, "SELECT token_hash FROM auth_tokens"
                                                    " ORDER BY created_at DESC LIMIT 1"));
  g_ptr_array_add (secrets, query_text (fixture.db, "SELECT actor FROM audit_entries LIMIT 1"));

  msg = get_snapshot (fixture.owner, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  data = g_bytes_get_data (body, &size);
  g_assert_cmpuint (size, >, 4096);
  for (guint i = 0; i < secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (secrets, i);

      g_assert_nonnull (secret);
      g_assert_cmpuint (strlen (secret), >=, 8);
      g_assert_null (memmem (data, size, secret, strlen (secret)));
    }

  path = save (body, "secrets.db");
  for (guint i = 0; secret_tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", secret_tables[i]);
      g_autofree char *count = query_text (path, sql);

      g_assert_cmpstr (count, ==, "0");
    }
}

/* The last snapshot is served again while it is young, though the server moved on: the
 * clients page the feed for the rest. */
static void
test_reused (void)
{
  g_autoptr(SoupMessage) first = NULL;
  g_autoptr(SoupMessage) second = NULL;
  g_autoptr(GBytes) first_body = NULL;
  g_autoptr(GBytes) second_body = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *kept_after = NULL;

  first = get_snapshot (fixture.owner, &first_body);
  g_assert_cmpuint (soup_message_get_status (first), ==, 200);
  kept = kept_snapshot ();

  create_category ("Made after the snapshot", NULL);
  g_assert_cmpint (hw_test_revision (fixture.session, fixture.url), >, revision_of (first));

  second = get_snapshot (viewer, &second_body);
  g_assert_cmpuint (soup_message_get_status (second), ==, 200);
  g_assert_cmpint (revision_of (second), ==, revision_of (first));
  g_assert_true (g_bytes_equal (first_body, second_body));
  kept_after = kept_snapshot ();
  g_assert_cmpstr (kept_after, ==, kept);
}

/* The directory of snapshots goes with the server. */
static void
test_cleaned (void)
{
  g_autofree char *dir = g_strconcat (fixture.db, ".snapshots", NULL);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* Past its age a snapshot close to the current revision is still served at once, and the
 * next one is built beside it: a server that builds after every request (max age 0),
 * started on the same database once the fixture's is gone. */
static SoupMessage *
get_direct (const char *snapshot,
            const char *authorization)
{
  g_autoptr(GBytes) body = NULL;
  SoupMessage *msg;

  msg = hw_test_send (fixture.session, "GET", snapshot, authorization, NULL, NULL, -1, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return msg;
}

static void
test_stale (void)
{
  g_autofree char *log = g_build_filename (fixture.dir, "stale-server.log", NULL);
  g_autofree char *url = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *categories = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupMessage) first = NULL;
  g_autoptr(SoupMessage) second = NULL;
  g_autoptr(SoupMessage) created = NULL;
  g_autoptr(GBytes) answer = NULL;
  gint64 newest = 0;

  g_assert_null (fixture.process);
  server = hw_test_serve_start_with (fixture.db, log, "127.0.0.1:0",
                                     (const char * const[]) { "--snapshot-max-age", "0", NULL },
                                     &url);
  snapshot = g_strconcat (hw_test_serve_direct_url (server), SNAPSHOT, NULL);
  categories = g_strconcat (hw_test_serve_direct_url (server), "/api/v1/categories", NULL);

  /* None yet: the first request waits for the build. */
  first = get_direct (snapshot, authorization);

  created = hw_test_send (fixture.session, "POST", categories, authorization, NULL,
                          "{\"name\":\"Made after the stale snapshot\"}", -1, &answer);
  g_assert_cmpuint (soup_message_get_status (created), ==, 201);

  /* Old at once, one change behind: served as it is … */
  second = get_direct (snapshot, authorization);
  g_assert_cmpint (revision_of (second), ==, revision_of (first));

  /* … while the next one is built: a later client gets the change in it. */
  for (guint i = 0; i < 1200 && newest <= revision_of (first); i++)
    {
      g_autoptr(SoupMessage) later = NULL;

      g_usleep (50 * 1000);
      later = get_direct (snapshot, authorization);
      newest = revision_of (later);
    }
  g_assert_cmpint (newest, >, revision_of (first));

  hw_test_serve_stop (server);
}

/* By default the server builds a snapshot as soon as it listens: the first desktop finds
 * it ready, at the current revision, and no build of its own is made. */
static void
test_at_start (void)
{
  g_autofree char *log = g_build_filename (fixture.dir, "at-start-server.log", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autofree char *url = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *built = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(HwStore) store = NULL;
  gint64 revision;

  g_assert_null (fixture.process);
  store = hw_test_fixture_open_store (&fixture);
  revision = hw_store_get_revision (store);
  g_clear_object (&store);

  server = hw_test_serve_start (fixture.db, log, &url);
  snapshot = g_strconcat (hw_test_serve_direct_url (server), SNAPSHOT, NULL);

  /* No request yet: the server builds on its own. */
  built = hw_test_wait_for_snapshot (fixture.db, 60);
  g_assert_nonnull (built);

  msg = get_direct (snapshot, authorization);
  g_assert_cmpint (revision_of (msg), ==, revision);
  /* Served, not built again. */
  kept = kept_snapshot ();
  g_assert_cmpstr (kept, ==, built);

  hw_test_serve_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  hw_test_fixture_prepare (&fixture, "hw-test-snapshot-XXXXXX",
                           (const char * const[]) { "--products", "500", "--accounts", "3",
                                                    "--users", "3", "--orders", "10",
                                                    "--now", "2026-01-01", NULL });
  g_assert_cmpint (hw_test_user_add (fixture.db, "viewer@example.com", "Viewer", "viewer",
                                     HW_TEST_PASSWORD "\n", NULL), ==, 0);
  /* Built when the first client asks, after the changes below; test_at_start () has the
   * server's own build. */
  hw_test_fixture_start_with (&fixture, (const char * const[]) { "--no-snapshot-at-start",
                                                                 NULL });
  viewer = hw_test_login_token (fixture.session, fixture.url, "viewer@example.com",
                                HW_TEST_PASSWORD);
  /* An idempotency key and an audit entry before the first build. */
  create_category ("Made with a key", IDEMPOTENCY_KEY);
  set_user_password ();
  leave_old_words ();

  g_test_add_func ("/server/snapshot/concurrent", test_concurrent);
  g_test_add_func ("/server/snapshot/replica", test_replica);
  g_test_add_func ("/server/snapshot/secrets", test_secrets);
  g_test_add_func ("/server/snapshot/reused", test_reused);
  g_test_add_func ("/server/snapshot/cleaned", test_cleaned);
  g_test_add_func ("/server/snapshot/stale", test_stale);
  g_test_add_func ("/server/snapshot/at-start", test_at_start);

  status = g_test_run ();

  g_free (viewer);
  hw_test_fixture_stop (&fixture);
  return status;
}
