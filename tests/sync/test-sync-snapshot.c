/* test-sync-snapshot.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "hw-fault-proxy.h"
#include "hw-json.h"
#include "hw-replica.h"
#include "hw-server-cli.h"
#include "hw-store.h"
#include "hw-sync-engine.h"
#include "hw-sync-error.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* The initial sync through the server's snapshot (GET /api/v1/sync/snapshot) against
 * the real server binary, with HwFaultProxy in front of it to count and to refuse:
 * the replica a snapshot makes equals the server and is a real replica (same schema,
 * pushes work), nothing secret is in the file, a kill mid-download starts over, and an
 * older server without the endpoint gets the changes feed. */

#define PASSWORD HW_TEST_PASSWORD
#define N_PRODUCTS "2000"
#define SNAPSHOT "/api/v1/sync/snapshot"
#define CHANGES "/api/v1/changes"

typedef struct
{
  char         *dir;
  char         *db;
  char         *log;
  char         *url;
  GSubprocess  *process;
  HwFaultProxy *proxy;
  SoupSession  *session;
  char         *token;
  char         *viewer_token;
  guint         n_replicas;
} Fixture;

static Fixture fixture;

/* Helpers */

static char *
new_replica_path (void)
{
  g_autofree char *name = g_strdup_printf ("replica-%u.db", ++fixture.n_replicas);

  return g_build_filename (fixture.dir, name, NULL);
}

/* An engine through the proxy, so that the tests see which requests it made. */
static HwSyncEngine *
new_engine (const char *replica)
{
  HwSyncEngine *engine = hw_sync_engine_new (hw_fault_proxy_get_url (fixture.proxy), replica);

  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, fixture.token);
  return engine;
}

static HwStore *
open_store (const char       *path,
            HwStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (path, flags, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_equal_to_server (const char *replica)
{
  g_autoptr(HwStore) server = open_store (fixture.db, HW_STORE_OPEN_READONLY);
  g_autoptr(HwStore) local = open_store (replica, HW_STORE_OPEN_REPLICA);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = hw_store_content_checksum (server, &error);
  g_autofree char *actual = NULL;

  g_assert_no_error (error);
  actual = hw_store_content_checksum (local, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);

  hw_store_check_integrity (local, &error);
  g_assert_no_error (error);
}

/* The schema of a database as text: every table, index and trigger with its SQL. */
static char *
schema_of (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT type, name, tbl_name, ifnull (sql, '')"
                                       " FROM sqlite_schema ORDER BY type, name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (text, "%s %s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  /* A snapshot starts its local generation at 1 where a new file has none (0), so that
   * connections open on a blank file it replaces drop their caches. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (key) FROM"
                                           " (SELECT key FROM meta"
                                           "  WHERE key <> 'local_generation' ORDER BY key)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (text, "meta %s\n", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static SoupMessage *
get_snapshot (const char  *token,
              GBytes     **out_body)
{
  g_autofree char *url = g_strconcat (fixture.url, SNAPSHOT, NULL);
  g_autofree char *authorization = token ? g_strconcat ("Bearer ", token, NULL) : NULL;

  return hw_test_send (fixture.session, "GET", url, authorization, NULL, NULL, -1, out_body);
}

static gint64
snapshot_revision (SoupMessage *msg)
{
  const char *text = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                   "Hw-Snapshot-Revision");

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static HwProduct *
new_product (const char *sku)
{
  HwProduct *product = hw_entity_new (&hw_product_type);

  product->sku = g_strdup (sku);
  product->name = g_strdup ("Made by the snapshot tests");
  product->unit = g_strdup ("pcs");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  return product;
}

/* A change by a colleague, after the snapshot was built. */
static char *
server_create (const char *sku,
               const char *idempotency_key)
{
  g_autoptr(HwProduct) product = new_product (sku);
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/products", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.token, NULL);
  g_autofree char *body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonObject) object = NULL;

  g_clear_pointer (&HW_ENTITY (product)->id, g_free);
  body = hw_entity_to_json_string (product);
  msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (idempotency_key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key",
                                  idempotency_key);
  request = g_bytes_new (body, strlen (body));
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (fixture.session, msg, NULL, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  object = hw_test_parse_object (answer);
  return g_strdup (json_object_get_string_member (object, "id"));
}

/* Tests */

/* The equality test of test-sync-engine.c, through the snapshot: one download, then the
 * feed only for what came after it. */
static void
test_initial (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autofree char *feed_replica = new_replica_path ();
  g_autofree char *part = g_strconcat (replica, ".part", NULL);
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(HwSyncEngine) feed_engine = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autofree char *snapshot_schema = NULL;
  g_autofree char *feed_schema = NULL;
  gint64 revision = hw_test_revision (fixture.session, fixture.url);
  guint snapshots = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT);
  guint pages = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", CHANGES);

  hw_test_sync_assert_run (engine);

  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 1);
  /* 2000 products and their relations, prices and orders would be many pages. */
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", CHANGES), ==,
                    pages + 1);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpfloat (hw_sync_engine_get_progress (engine), ==, 1.0);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >, 0);
  g_assert_cmpint (hw_sync_engine_get_records_total (engine), ==,
                   hw_sync_engine_get_records_done (engine));

  store = open_store (replica, HW_STORE_OPEN_REPLICA);
  g_assert_cmpint (hw_store_get_sync_cursor (store), >, 0);
  g_assert_cmpint (hw_store_get_sync_cursor (store), <=, revision);
  g_clear_object (&store);
  assert_equal_to_server (replica);

  /* The same database as the migrations and the feed make: tables, indexes, the
   * search index, and the same keys in meta. */
  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);
  feed_engine = new_engine (feed_replica);
  g_unsetenv ("HW_SYNC_NO_SNAPSHOT");
  hw_test_sync_assert_run (feed_engine);
  snapshot_schema = schema_of (replica);
  feed_schema = schema_of (feed_replica);
  g_assert_cmpstr (snapshot_schema, ==, feed_schema);

  /* Nothing new: an empty delta, and no second snapshot. */
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 0);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 1);
}

/* HW_SYNC_NO_SNAPSHOT=1 (tests and the benchmark): the feed, as before. */
static void
test_feed_forced (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = NULL;
  guint snapshots = hw_fault_proxy_get_n_requests (fixture.proxy, "GET", SNAPSHOT);

  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);
  engine = new_engine (replica);
  g_unsetenv ("HW_SYNC_NO_SNAPSHOT");
  hw_sync_engine_set_page_size (engine, 500);

  hw_test_sync_assert_run (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >=, 2000);
  assert_equal_to_server (replica);
}

/* A server without the endpoint answers 404: the feed from 0. */
static void
test_not_found (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  guint pages = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", CHANGES);

  hw_fault_proxy_add_rule (fixture.proxy, "GET", SNAPSHOT, 0, HW_FAULT_STATUS_404, 0);
  hw_sync_engine_set_page_size (engine, 500);
  hw_test_sync_assert_run (engine);
  hw_fault_proxy_clear_rules (fixture.proxy);

  g_assert_cmpuint (hw_fault_proxy_get_n_faults (fixture.proxy), >=, 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", CHANGES), >,
                    pages + 4);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >=, 2000);
  assert_equal_to_server (replica);
}

/* A download cut short (libsoup reads it to its end without an error): a network
 * failure, nothing installed, and the next run downloads it again. */
static void
test_truncated (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autofree char *part = g_strconcat (replica, ".part", NULL);
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(GError) error = NULL;
  guint snapshots = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT);

  hw_fault_proxy_add_rule (fixture.proxy, "GET", SNAPSHOT, 1, HW_FAULT_TRUNCATE_BODY, 0);
  error = hw_test_sync_run (engine, NULL);
  hw_fault_proxy_clear_rules (fixture.proxy);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_ERROR);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (replica, G_FILE_TEST_EXISTS));

  hw_test_sync_assert_run (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 2);
  assert_equal_to_server (replica);
}

typedef struct
{
  GCancellable *cancellable;
  double        last_progress;
  gint64        last_done;
  guint         notifies;
} Watch;

/* The properties the initial sync page binds to move during the download, forwards
 * only; the run is cancelled in the middle of it. */
static void
cancel_mid_download_cb (HwSyncEngine *engine,
                        GParamSpec   *pspec,
                        Watch        *watch)
{
  gint64 done = hw_sync_engine_get_records_done (engine);

  g_assert_cmpint (done, >=, watch->last_done);
  g_assert_cmpfloat (hw_sync_engine_get_progress (engine), >=, watch->last_progress);
  g_assert_cmpint (hw_sync_engine_get_records_total (engine), >=, done);
  watch->last_done = done;
  watch->last_progress = hw_sync_engine_get_progress (engine);
  watch->notifies++;

  if (watch->cancellable != NULL && done > 0 && hw_sync_engine_get_progress (engine) < 0.9)
    g_cancellable_cancel (watch->cancellable);
}

static void
test_cancelled (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autofree char *part = g_strconcat (replica, ".part", NULL);
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Watch watch = { .cancellable = cancellable };
  gulong handler;

  handler = g_signal_connect (engine, "notify::records-done",
                              G_CALLBACK (cancel_mid_download_cb), &watch);
  error = hw_test_sync_run (engine, cancellable);
  /* As GIO does: the caller's own cancellable gives G_IO_ERROR_CANCELLED. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (replica, G_FILE_TEST_EXISTS));

  /* Again, to the end, the progress still only growing. */
  watch = (Watch) { NULL, };
  hw_test_sync_assert_run (engine);
  g_signal_handler_disconnect (engine, handler);
  g_assert_cmpuint (watch.notifies, >, 1);
  g_assert_cmpfloat (hw_sync_engine_get_progress (engine), ==, 1.0);
  assert_equal_to_server (replica);
}

/* The replica is a real one: a local edit and a local create are pushed with If-Match
 * and Idempotency-Key, and a colleague's change after the snapshot comes as a delta. */
static void
test_push_after (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwStore) server = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(HwProduct) local = NULL;
  g_autoptr(HwProduct) created = new_product ("SNAPSHOT-LOCAL-1");
  g_autoptr(HwProduct) pushed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *colleague = NULL;
  g_autofree char *id = NULL;

  hw_test_sync_assert_run (engine);
  store = open_store (replica, HW_STORE_OPEN_REPLICA);

  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  id = g_strdup (HW_ENTITY (g_ptr_array_index (page->items, 0))->id);

  local = hw_store_get_product (store, id, &error);
  g_assert_no_error (error);
  g_free (local->display_name);
  local->display_name = g_strdup ("Edited on a snapshot replica");
  hw_store_local_update (store, local, HW_ENTITY (local)->rev, &error);
  g_assert_no_error (error);
  g_clear_pointer (&HW_ENTITY (created)->id, g_free);
  hw_store_local_create (store, created, &error);
  g_assert_no_error (error);

  colleague = server_create ("SNAPSHOT-COLLEAGUE-1", NULL);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);

  server = open_store (fixture.db, HW_STORE_OPEN_READONLY);
  pushed = hw_store_get_product (server, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pushed->display_name, ==, "Edited on a snapshot replica");
  g_clear_pointer (&pushed, hw_entity_free);
  pushed = hw_store_get_product (server, HW_ENTITY (created)->id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&pushed, hw_entity_free);
  pushed = hw_store_get_product (store, colleague, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_clear_object (&server);

  assert_equal_to_server (replica);
}

/* The app opens its copy before the first sync: the file exists, blank and open. The
 * snapshot replaces its content in place, and the open connection sees it. */
static void
test_open_blank (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwStore) app = open_store (replica, HW_STORE_OPEN_REPLICA);
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(GError) error = NULL;
  guint snapshots = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT);
  gint64 count = 0;

  g_assert_true (hw_store_count (app, &hw_product_type, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 0);

  hw_test_sync_assert_run (engine);

  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 1);
  g_assert_true (hw_store_count (app, &hw_product_type, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, >=, 2000);
  g_assert_cmpint (hw_store_get_sync_cursor (app), >, 0);
  assert_equal_to_server (replica);
}

static gint64
page_size_of (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 size;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return size;
}

/* A new replica has the snapshots' page size, so that the backup above can copy pages as
 * they are; an open blank one of another size (made before replicas took it) cannot be
 * replaced in place: the feed fills it instead. */
static void
test_open_blank_other_pages (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autofree char *fresh = new_replica_path ();
  g_autoptr(HwStore) app = NULL;
  g_autoptr(HwStore) fresh_store = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  guint snapshots = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT);
  sqlite3 *db = NULL;
  gint64 count = 0;

  fresh_store = open_store (fresh, HW_STORE_OPEN_REPLICA);
  g_assert_cmpint (page_size_of (fresh), ==, 16384);

  g_assert_cmpint (sqlite3_open (replica, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  app = open_store (replica, HW_STORE_OPEN_REPLICA);
  g_assert_cmpint (page_size_of (replica), ==, 4096);

  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);

  /* Asked for, not taken. */
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 1);
  g_assert_true (hw_store_count (app, &hw_product_type, NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, >=, 2000);
  g_assert_cmpint (page_size_of (replica), ==, 4096);
  assert_equal_to_server (replica);
}

/* A replica with anything in it is never replaced: the feed. */
static void
test_not_blank (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwStore) app = open_store (replica, HW_STORE_OPEN_REPLICA);
  g_autoptr(HwProduct) product = new_product ("SNAPSHOT-OFFLINE-1");
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  guint snapshots = hw_fault_proxy_get_n_requests (fixture.proxy, "GET", SNAPSHOT);

  /* Made offline, before the first sync. */
  g_clear_pointer (&HW_ENTITY (product)->id, g_free);
  hw_store_local_create (app, product, &error);
  g_assert_no_error (error);

  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  assert_equal_to_server (replica);
}

static void
die_mid_download_cb (HwSyncEngine *engine,
                     GParamSpec   *pspec,
                     gpointer      user_data)
{
  g_autofree char *part = g_strconcat (hw_sync_engine_get_replica_path (engine), ".part", NULL);

  /* Some of the file is on disk, not all of it. */
  if (hw_sync_engine_get_records_done (engine) > 0 && g_file_test (part, G_FILE_TEST_EXISTS) &&
      hw_sync_engine_get_progress (engine) < 0.9)
    raise (SIGKILL);
}

static void
test_killed_download (void)
{
  g_autofree char *replica = NULL;
  g_autofree char *part = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  guint snapshots;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;

      engine = new_engine (g_getenv ("HW_SYNC_TEST_REPLICA"));
      g_signal_connect (engine, "notify::records-done", G_CALLBACK (die_mid_download_cb), NULL);
      error = hw_test_sync_run (engine, NULL);
      g_assert_not_reached ();
      return;
    }

  replica = new_replica_path ();
  part = g_strconcat (replica, ".part", NULL);
  g_setenv ("HW_SYNC_TEST_REPLICA", replica, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  /* Killed with part of the file: no replica yet, only the .part. */
  g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (replica, G_FILE_TEST_EXISTS));

  snapshots = hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT);
  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (fixture.proxy, "GET", SNAPSHOT), ==,
                    snapshots + 1);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  assert_equal_to_server (replica);
}

/* The last snapshot is served again while young: one build for requests in a row, the
 * same revision though the server moved on; a client from it gets the rest as a delta. */
static void
test_reused (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(SoupMessage) first = NULL;
  g_autoptr(SoupMessage) second = NULL;
  g_autoptr(GBytes) first_body = NULL;
  g_autoptr(GBytes) second_body = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autofree char *id = NULL;

  first = get_snapshot (fixture.token, &first_body);
  g_assert_cmpuint (soup_message_get_status (first), ==, 200);
  id = server_create ("SNAPSHOT-AFTER-1", NULL);
  second = get_snapshot (fixture.viewer_token, &second_body);
  g_assert_cmpuint (soup_message_get_status (second), ==, 200);
  g_assert_cmpint (snapshot_revision (second), ==, snapshot_revision (first));
  g_assert_true (g_bytes_equal (first_body, second_body));
  g_assert_cmpint (hw_test_revision (fixture.session, fixture.url), >, snapshot_revision (first));

  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);
  assert_equal_to_server (replica);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("HW_SYNC_NO_SNAPSHOT");

  /* The child of the kill test: the parent's proxy and token. */
  if (g_test_subprocess ())
    {
      fixture.token = g_strdup (g_getenv ("HW_SYNC_TEST_TOKEN"));
      fixture.proxy = hw_fault_proxy_new (g_getenv ("HW_SYNC_TEST_URL"));
      g_test_add_func ("/sync/snapshot/killed-download", test_killed_download);
      return g_test_run ();
    }

  fixture.dir = hw_test_make_tmp_dir ("hw-sync-snapshot-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "server.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  g_assert_cmpint (hw_test_run_binary ((const char * const[]) {
                     "seed", "--db", fixture.db, "--products", N_PRODUCTS, "--accounts", "5",
                     "--users", "5", "--orders", "20", "--now", "2026-01-01", NULL },
                   NULL, NULL, NULL), ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (hw_test_user_add (fixture.db, "owner@example.com", "Owner", "owner",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (hw_test_user_add (fixture.db, "viewer@example.com", "Viewer", "viewer",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.proxy = hw_fault_proxy_new (fixture.url);
  fixture.session = hw_test_session_new ();
  fixture.token = hw_test_login_token (fixture.session, fixture.url, "owner@example.com",
                                       PASSWORD);
  fixture.viewer_token = hw_test_login_token (fixture.session, fixture.url,
                                              "viewer@example.com", PASSWORD);
  g_setenv ("HW_SYNC_TEST_URL", fixture.url, TRUE);
  g_setenv ("HW_SYNC_TEST_TOKEN", fixture.token, TRUE);

  g_test_add_func ("/sync/snapshot/initial", test_initial);
  g_test_add_func ("/sync/snapshot/feed-forced", test_feed_forced);
  g_test_add_func ("/sync/snapshot/not-found", test_not_found);
  g_test_add_func ("/sync/snapshot/truncated", test_truncated);
  g_test_add_func ("/sync/snapshot/cancelled", test_cancelled);
  g_test_add_func ("/sync/snapshot/push-after", test_push_after);
  g_test_add_func ("/sync/snapshot/open-blank", test_open_blank);
  g_test_add_func ("/sync/snapshot/open-blank-other-pages", test_open_blank_other_pages);
  g_test_add_func ("/sync/snapshot/not-blank", test_not_blank);
  g_test_add_func ("/sync/snapshot/killed-download", test_killed_download);
  g_test_add_func ("/sync/snapshot/reused", test_reused);

  status = g_test_run ();

  hw_fault_proxy_free (fixture.proxy);
  hw_test_serve_stop (fixture.process);
  g_object_unref (fixture.process);
  g_object_unref (fixture.session);
  hw_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.db);
  g_free (fixture.log);
  g_free (fixture.url);
  g_free (fixture.token);
  g_free (fixture.viewer_token);

  return status;
}
