/* test-store-snapshot.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-demo.h"
#include "hw-replica.h"
#include "hw-test-replica.h"

/* Snapshots (hw-store-snapshot.c): a replica written in one go from a server store,
 * checked before use, and loaded into a blank replica that is open elsewhere. */

static char *
snapshot_path (Pair *pair)
{
  return g_build_filename (pair->dir, "snapshot.db", NULL);
}

/* A demo assortment with a rename and a deletion after it. */
static void
fill_server (Pair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autofree char *doomed = NULL;
  HwDemoOptions options;

  hw_demo_options_init (&options);
  options.products = 300;
  options.accounts = 8;
  options.users = 16;
  options.orders = 40;
  g_assert_true (hw_demo_generate (pair->server, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  hw_query_set_limit (query, 1);
  page = hw_store_list_products (pair->server, query, &error);
  g_assert_no_error (error);
  product = hw_entity_copy (g_ptr_array_index (page->items, 0));
  g_free (product->display_name);
  product->display_name = g_strdup ("Renamed before the snapshot");
  g_assert_true (hw_store_update_product (pair->server, product, -1, &error));
  g_assert_no_error (error);
  doomed = test_create_product (pair->server, "DOOMED-1", NULL);
  g_assert_true (hw_store_delete_product (pair->server, doomed, -1, &error));
  g_assert_no_error (error);
}

static void
assert_fts_consistent (HwStore *store)
{
  char *message = NULL;
  int rc = sqlite3_exec (_hw_store_get_db (store),
                         "INSERT INTO products_fts (products_fts) VALUES ('integrity-check')",
                         NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_fail_printf ("products_fts is not consistent with products: %s", message);
  sqlite3_free (message);
}

/* The snapshot is a replica at the server's revision with the server's content, and
 * the server-only tables are empty in it. */
static void
test_write (Pair          *pair,
            gconstpointer  data)
{
  g_autofree char *path = snapshot_path (pair);
  g_autoptr(HwStore) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  gint64 revision = 0;
  gint64 cursor = 0;

  fill_server (pair);
  g_assert_true (hw_store_write_snapshot (pair->server_path, path, &revision, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (revision, ==, hw_store_get_revision (pair->server));
  g_assert_true (hw_store_check_snapshot (path, &cursor, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cursor, ==, revision);

  snapshot = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_sync_cursor (snapshot), ==, revision);
  g_assert_cmpint (hw_store_get_revision (snapshot), ==, revision);
  expected = hw_store_content_checksum (pair->server, &error);
  g_assert_no_error (error);
  actual = hw_store_content_checksum (snapshot, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_true (hw_store_check_integrity (snapshot, &error));
  g_assert_no_error (error);
  assert_fts_consistent (snapshot);
  g_assert_cmpuint (test_search_count (snapshot, "renamed before"), ==, 1);
  g_assert_cmpint (test_count (snapshot, &hw_product_type), ==,
                   test_count (pair->server, &hw_product_type));

  g_assert_cmpint (test_query_int (pair->server, "SELECT count(*) FROM audit_entries"), ==, 0);
  g_assert_cmpint (test_query_int (pair->server, "SELECT count(*) FROM tombstones"), >, 0);
  g_assert_cmpint (test_query_int (snapshot, "SELECT count(*) FROM tombstones"), ==, 0);
  g_assert_cmpint (test_query_int (snapshot, "SELECT count(*) FROM staff_users"), ==, 0);
  g_assert_cmpint (test_query_int (snapshot, "SELECT count(*) FROM outbox"), ==, 0);

  /* Written again over the old one. */
  g_clear_object (&snapshot);
  g_assert_true (hw_store_write_snapshot (pair->server_path, path, &revision, NULL, &error));
  g_assert_no_error (error);
}

/* A cancelled build leaves no file. */
static void
test_cancelled (Pair          *pair,
                gconstpointer  data)
{
  g_autofree char *path = snapshot_path (pair);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 revision = -1;

  fill_server (pair);
  g_cancellable_cancel (cancellable);
  g_assert_false (hw_store_write_snapshot (pair->server_path, path, &revision, cancellable,
                                           &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (revision, ==, -1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* What is no snapshot of this version is refused: not SQLite, empty, another schema, no
 * cursor. */
static void
test_check (Pair          *pair,
            gconstpointer  data)
{
  g_autofree char *path = snapshot_path (pair);
  g_autofree char *older = g_build_filename (pair->dir, "older.db", NULL);
  g_autoptr(HwStore) old_store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  g_assert_true (g_file_set_contents (path, "not a database at all, just some text", -1, NULL));
  g_assert_false (hw_store_check_snapshot (path, &cursor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_false (hw_store_check_snapshot (path, &cursor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  /* The blank replica: the right schema, but nothing pulled. */
  g_assert_false (hw_store_check_snapshot (pair->replica_path, &cursor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  old_store = _hw_store_open_at_version (older, 3, &error);
  g_assert_no_error (error);
  g_clear_object (&old_store);
  g_assert_false (hw_store_check_snapshot (older, &cursor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA);
  g_assert_cmpint (cursor, ==, -1);
}

/* A blank replica open elsewhere takes the snapshot in place; the other connection sees
 * it. One with a local edit is not blank. */
static void
test_load (Pair          *pair,
           gconstpointer  data)
{
  g_autofree char *path = snapshot_path (pair);
  g_autoptr(HwStore) worker = NULL;
  g_autoptr(HwStore) other = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  gboolean blank = FALSE;
  gint64 revision = 0;

  fill_server (pair);
  g_assert_true (hw_store_write_snapshot (pair->server_path, path, &revision, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_replica_is_blank (pair->replica, &blank, &error));
  g_assert_no_error (error);
  g_assert_true (blank);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 0);

  worker = hw_store_open (pair->replica_path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_replica_load_snapshot (worker, path, &error));
  g_assert_no_error (error);

  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, revision);
  pair_assert_same (pair);
  assert_fts_consistent (pair->replica);
  g_assert_cmpuint (test_search_count (pair->replica, "renamed before"), ==, 1);
  g_assert_true (hw_store_replica_is_blank (pair->replica, &blank, &error));
  g_assert_no_error (error);
  g_assert_false (blank);

  /* A new replica with an edit made offline before any sync. */
  other = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_clear_object (&other);
  g_assert_cmpint (g_unlink (path), ==, 0);
  other = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_replica_is_blank (other, &blank, &error));
  g_assert_true (blank);
  product = test_product_new ("OFFLINE-1", NULL);
  g_assert_true (hw_store_local_create (other, product, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_replica_is_blank (other, &blank, &error));
  g_assert_no_error (error);
  g_assert_false (blank);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/snapshot/write", Pair, NULL, pair_set_up, test_write, pair_tear_down);
  g_test_add ("/store/snapshot/cancelled", Pair, NULL, pair_set_up, test_cancelled,
              pair_tear_down);
  g_test_add ("/store/snapshot/check", Pair, NULL, pair_set_up, test_check, pair_tear_down);
  g_test_add ("/store/snapshot/load", Pair, NULL, pair_set_up, test_load, pair_tear_down);

  return g_test_run ();
}
