/* test-replica.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "hw-demo.h"
#include "hw-json.h"
#include "hw-test-replica.h"

/* The desktop's copy: the server's changes feed applied page by page (hw-replica.h). */

static char *self_exe;

static void
assert_fts_consistent (HwStore *store)
{
  char *message = NULL;
  int rc = sqlite3_exec (_hw_store_get_db (store),
                         "INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)",
                         NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_fail_printf ("products_fts is not consistent with products: %s", message);
  sqlite3_free (message);
}

/* The first product of the demo assortment, read from @store. */
static HwProduct *
first_product (HwStore *store)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_limit (query, 5);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 5);

  return hw_entity_copy (g_ptr_array_index (page->items, 0));
}

/* A demo assortment, changed after its creation, reaches the replica page by page and
 * comes out equal; so do later changes, and applying it all again changes nothing. */
static void
test_full_sync (Pair          *pair,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwAttribute) attribute = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) attributes = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *doomed = NULL;
  HwDemoOptions options;
  gint64 since = 0;
  guint pages;

  hw_demo_options_init (&options);
  options.products = 300;
  options.accounts = 8;
  options.users = 16;
  options.orders = 40;
  g_assert_true (hw_demo_generate (pair->server, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Changes and deletions after creation: the feed holds the latest states and tombstones. */
  product = first_product (pair->server);
  edit (pair->server, HW_ENTITY (product)->id, "name", "Renamed after creation");
  doomed = test_create_product (pair->server, "DOOMED-1", NULL);
  g_assert_true (hw_store_delete_product (pair->server, doomed, -1, &error));
  g_assert_no_error (error);

  pages = pair_pull (pair, 37);
  g_assert_cmpuint (pages, >, 10);
  pair_assert_same (pair);
  g_assert_true (hw_store_check_integrity (pair->replica, &error));
  g_assert_no_error (error);
  assert_fts_consistent (pair->replica);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==,
                   hw_store_get_revision (pair->server));
  g_assert_cmpint (hw_store_get_revision (pair->replica), ==,
                   hw_store_get_revision (pair->server));
  g_assert_cmpuint (test_search_count (pair->replica, "renamed after"), ==, 1);

  /* A delta: an attribute made required changes every product's completeness on the
   * server without a new revision for them; the replica recomputes it alike. */
  hw_query_set_limit (query, 1);
  attributes = hw_store_list_attributes (pair->server, query, &error);
  g_assert_no_error (error);
  attribute = hw_entity_copy (g_ptr_array_index (attributes->items, 0));
  attribute->required = !attribute->required;
  g_assert_true (hw_store_update_attribute (pair->server, attribute, -1, &error));
  g_assert_no_error (error);
  edit (pair->server, HW_ENTITY (product)->id, "name", "Renamed again");

  since = hw_store_get_sync_cursor (pair->replica);
  g_assert_cmpuint (pair_pull (pair, 37), ==, 1);
  pair_assert_same (pair);
  g_assert_cmpuint (test_search_count (pair->replica, "renamed again"), ==, 1);
  g_assert_cmpuint (test_search_count (pair->replica, "renamed after"), ==, 0);

  /* Every page once more, from the start: nothing changes, the cursor stays. */
  checksum = hw_store_content_checksum (pair->replica, &error);
  g_assert_no_error (error);
  for (gint64 cursor = 0; cursor < hw_store_get_revision (pair->server);)
    {
      g_autoptr(HwChangePage) page = hw_store_changes (pair->server, cursor, 53, &error);

      g_assert_no_error (error);
      g_assert_true (hw_store_apply_change_page (pair->replica, page, &error));
      g_assert_no_error (error);
      cursor = page->next;
    }
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==,
                   hw_store_get_revision (pair->server));
  g_assert_cmpint (since, <, hw_store_get_sync_cursor (pair->replica));
  pair_assert_same (pair);
  assert_fts_consistent (pair->replica);
}

/* An older version never overwrites a newer one, and the cursor never goes back. */
static void
test_older_ignored (Pair          *pair,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwChangePage) old_page = NULL;
  g_autoptr(HwProduct) stored = NULL;
  g_autofree char *id = test_create_product (pair->server, "OLD-1", NULL);
  gint64 cursor;

  old_page = hw_store_changes (pair->server, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_apply_change_page (pair->replica, old_page, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_apply_change_page (pair->replica, old_page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 1);

  edit (pair->server, id, "name", "Newer name");
  pair_pull (pair, 100);
  cursor = hw_store_get_sync_cursor (pair->replica);
  g_assert_cmpint (cursor, ==, 2);

  /* The first page, replayed late */
  g_assert_true (hw_store_apply_change_page (pair->replica, old_page, &error));
  g_assert_no_error (error);
  stored = hw_store_get_product (pair->replica, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "Newer name");
  g_assert_cmpint (HW_ENTITY (stored)->rev, ==, 2);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, cursor);
  pair_assert_same (pair);
}

/* Tombstones delete, and the search index follows pulled products. */
static void
test_tombstones_and_search (Pair          *pair,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *makita = test_create_product (pair->server, "S-1", NULL);
  g_autofree char *bosch = test_create_product (pair->server, "S-2", NULL);
  g_autofree char *fischer = test_create_product (pair->server, "S-3", NULL);

  edit (pair->server, makita, "name", "Makita cordless drill");
  edit (pair->server, bosch, "name", "Bosch hammer drill");
  edit (pair->server, fischer, "name", "Fischer wall plug");
  pair_pull (pair, 2);
  g_assert_cmpuint (test_search_count (pair->replica, "drill"), ==, 2);
  g_assert_cmpuint (test_search_count (pair->replica, "makita"), ==, 1);

  g_assert_true (hw_store_delete_product (pair->server, makita, -1, &error));
  g_assert_no_error (error);
  edit (pair->server, bosch, "name", "Hilti hammer drill");
  pair_pull (pair, 2);

  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 2);
  g_assert_null (hw_store_get_product (pair->replica, makita, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (test_search_count (pair->replica, "makita"), ==, 0);
  g_assert_cmpuint (test_search_count (pair->replica, "bosch"), ==, 0);
  g_assert_cmpuint (test_search_count (pair->replica, "hilti"), ==, 1);
  g_assert_cmpuint (test_search_count (pair->replica, "drill"), ==, 1);
  assert_fts_consistent (pair->replica);
  pair_assert_same (pair);

  /* A tombstone for a row the replica never had, and the same page twice */
  pair_pull (pair, 2);
  pair_assert_same (pair);
}

/* A product arrives a page before the category it refers to; the replica takes it, and
 * its own writes still check their references. */
static void
test_out_of_order_references (Pair          *pair,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *category = test_create_category (pair->server, "Tools", NULL);
  g_autofree char *product = test_create_product (pair->server, "REF-1", category);
  g_autoptr(HwCategory) renamed = hw_store_get_category (pair->server, category, &error);
  g_autoptr(HwChangePage) page = NULL;
  g_autoptr(HwProduct) orphan = test_product_new ("REF-2", "00000000-0000-4000-8000-000000000000");
  g_autoptr(HwProduct) orphan2 = test_product_new ("REF-3", "00000000-0000-4000-8000-000000000000");

  g_assert_no_error (error);
  g_free (renamed->name);
  renamed->name = g_strdup ("Power tools");
  g_assert_true (hw_store_update_category (pair->server, renamed, -1, &error));
  g_assert_no_error (error);

  page = hw_store_changes (pair->server, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_true (((HwChange *) g_ptr_array_index (page->changes, 0))->type == &hw_product_type);
  g_assert_true (hw_store_apply_change_page (pair->replica, page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 1);
  g_assert_cmpint (test_count (pair->replica, &hw_category_type), ==, 0);

  /* Halfway, the references are not whole … */
  g_assert_false (hw_store_check_integrity (pair->replica, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE);
  g_clear_error (&error);

  /* … yet the replica's own writes check theirs, naming the field. */
  g_assert_false (hw_store_local_create (pair->replica, orphan, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "category_id");
  g_clear_error (&error);
  g_assert_false (hw_store_create_product (pair->replica, orphan2, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "category_id");
  g_clear_error (&error);
  g_assert_null (HW_ENTITY (orphan)->id);

  pair_pull (pair, 1);
  g_assert_true (hw_store_check_integrity (pair->replica, &error));
  g_assert_no_error (error);
  pair_assert_same (pair);

  /* A category still used cannot be deleted locally, as on the server. */
  g_assert_false (hw_store_local_delete (pair->replica, &hw_category_type, category, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_false (hw_store_delete_category (pair->replica, category, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
  g_clear_error (&error);
  g_assert_cmpint (test_count (pair->replica, &hw_category_type), ==, 1);
  g_assert_cmpint (test_query_int (pair->replica, "SELECT count(*) FROM outbox"), ==, 0);
  g_assert_nonnull (product);
}

/* A page that fails halfway leaves nothing of itself, and the old cursor. */
static void
test_failed_page (Pair          *pair,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwChangePage) page = NULL;
  g_autofree char *first = test_create_product (pair->server, "F-1", NULL);
  g_autofree char *second = test_create_product (pair->server, "F-2", NULL);
  g_autofree char *third = test_create_product (pair->server, "F-3", NULL);
  HwChange *broken;

  /* A cursor from an earlier page */
  page = hw_store_changes (pair->server, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_apply_change_page (pair->replica, page, &error));
  g_assert_no_error (error);
  g_clear_pointer (&page, hw_change_page_free);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, 1);

  /* The rest, with the last row broken (a product without a name, which the database
   * refuses), as if the apply failed at its end */
  page = hw_store_changes (pair->server, 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 2);
  broken = g_ptr_array_index (page->changes, 1);
  g_clear_pointer (&((HwProduct *) broken->entity)->name, g_free);

  g_assert_false (hw_store_apply_change_page (pair->replica, page, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE);
  g_clear_error (&error);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, 1);
  g_assert_cmpint (hw_store_get_revision (pair->replica), ==, 1);
  g_assert_cmpint (test_query_int (pair->replica, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 1);
  g_assert_null (hw_store_get_product (pair->replica, second, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (test_search_count (pair->replica, "F-2"), ==, 0);

  /* A change that does not describe its entity is refused as well. */
  g_clear_pointer (&page, hw_change_page_free);
  page = hw_store_changes (pair->server, 1, 100, &error);
  g_assert_no_error (error);
  ((HwChange *) g_ptr_array_index (page->changes, 0))->rev = 99;
  g_assert_false (hw_store_apply_change_page (pair->replica, page, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Resumed from the saved cursor */
  pair_pull (pair, 100);
  pair_assert_same (pair);
  g_assert_nonnull (first);
  g_assert_nonnull (third);
}

/* SKUs handed from one product to another between two pulls: the feed has only the
 * latest states, so a pulled row meets an older holder of its SKU. */
static void
test_unique_handover (Pair          *pair,
                      gconstpointer  data)
{
  g_autofree char *a = test_create_product (pair->server, "X", NULL);
  g_autofree char *b = test_create_product (pair->server, "Y", NULL);

  pair_pull (pair, 100);
  edit (pair->server, a, "sku", "Z");
  edit (pair->server, b, "sku", "X");
  edit (pair->server, a, "sku", "Y");
  pair_pull (pair, 1);
  pair_assert_same (pair);
  assert_fts_consistent (pair->replica);

  /* Both at once, in one page */
  edit (pair->server, b, "sku", "W");
  edit (pair->server, a, "sku", "X");
  edit (pair->server, b, "sku", "Y");
  pair_pull (pair, 100);
  pair_assert_same (pair);
}

/* A local edit of the holder of a SKU the server gave to another product: the edit is
 * rejected (its push would be), and reverting brings the server's version. */
static void
test_unique_handover_local_edit (Pair          *pair,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) mine = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autofree char *a = test_create_product (pair->server, "X", NULL);
  g_autofree char *b = test_create_product (pair->server, "Y", NULL);

  pair_pull (pair, 100);
  mine = hw_store_get_product (pair->replica, a, &error);
  g_assert_no_error (error);
  g_free (mine->description);
  mine->description = g_strdup ("edited offline");
  g_assert_true (hw_store_local_update (pair->replica, mine, HW_ENTITY (mine)->rev, &error));
  g_assert_no_error (error);

  edit (pair->server, a, "sku", "Z");
  edit (pair->server, b, "sku", "X");
  pair_pull (pair, 100);

  op = hw_store_outbox_find (pair->replica, &hw_product_type, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_REJECTED);
  g_assert_nonnull (strstr (op->last_error, "sku"));
  g_assert_cmpint (op->server_rev, ==, 3);
  g_assert_nonnull (strstr (op->mine_json, "edited offline"));

  g_assert_true (hw_store_outbox_revert (pair->replica, op->op_id, &error));
  g_assert_no_error (error);
  pair_assert_same (pair);
}

static void
test_needs_replica (Pair          *pair,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_assert_false (hw_store_apply_changes (pair->server, none, 0, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Durable commits on both; foreign keys enforced by SQLite on the server only */
  g_assert_cmpint (test_query_int (pair->replica, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_query_int (pair->server, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_query_int (pair->replica, "PRAGMA foreign_keys"), ==, 0);
  g_assert_true (hw_store_apply_changes (pair->replica, none, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_query_int (pair->replica, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_query_int (pair->server, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, 0);

  /* … and a replica never trades durability for speed. */
  g_assert_null (hw_store_open (pair->replica_path, HW_STORE_OPEN_REPLICA | HW_STORE_OPEN_BULK,
                                &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
}

/* 410 Gone: the replica starts over, keeping its local edits. */
static void
test_reset (Pair          *pair,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) mine = NULL;
  g_autofree char *a = test_create_product (pair->server, "R-1", NULL);
  g_autofree char *b = test_create_product (pair->server, "R-2", NULL);
  g_autofree char *c = test_create_product (pair->server, "R-3", NULL);
  HwOutboxCounts counts;

  pair_pull (pair, 100);
  mine = hw_store_get_product (pair->replica, b, &error);
  g_assert_no_error (error);
  g_free (mine->name);
  mine->name = g_strdup ("Kept through the reset");
  g_assert_true (hw_store_local_update (pair->replica, mine, -1, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_delete_product (pair->server, c, -1, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_replica_reset (pair->replica, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, 0);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 1);
  g_assert_cmpuint (test_search_count (pair->replica, "kept"), ==, 1);
  g_assert_cmpuint (test_search_count (pair->replica, "R-1"), ==, 0);
  assert_fts_consistent (pair->replica);
  g_assert_true (hw_store_outbox_count (pair->replica, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.pending, ==, 1);

  pair_pull (pair, 100);
  g_assert_cmpint (test_count (pair->replica, &hw_product_type), ==, 2);
  g_assert_cmpuint (test_search_count (pair->replica, "kept"), ==, 1);
  g_assert_cmpuint (pair_push (pair).completed, ==, 1);
  pair_assert_same (pair);
  g_assert_nonnull (a);
}

/* Killed while pulling: the test runs itself as the puller ("--puller SERVER REPLICA"),
 * small pages from the server's file into the replica, forever. */

#define N_KILLED_PRODUCTS 3000

static int
run_puller (const char *server_path,
            const char *replica_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) server = hw_store_open (server_path, HW_STORE_OPEN_READONLY, &error);
  g_autoptr(HwStore) replica = hw_store_open (replica_path, HW_STORE_OPEN_REPLICA, &error);

  if (server == NULL || replica == NULL)
    g_error ("puller: %s", error->message);

  for (;;)
    {
      g_autoptr(HwChangePage) page = hw_store_changes (server, hw_store_get_sync_cursor (replica),
                                                       25, &error);

      if (page == NULL || !hw_store_apply_change_page (replica, page, &error))
        g_error ("puller: %s", error->message);
      if (!page->has_more)
        g_usleep (10000);
    }

  return 4;
}

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
test_killed_mid_pull (Pair          *pair,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 cursor = 0;

  /* Products only, made in one go: the feed up to rev N is exactly the products with a
   * rev up to N, so the replica must hold those and no others. */
  g_assert_true (hw_store_begin (pair->server, &error));
  for (guint i = 0; i < N_KILLED_PRODUCTS; i++)
    {
      g_autofree char *sku = g_strdup_printf ("K-%05u", i);
      g_autoptr(HwProduct) product = test_product_new (sku, NULL);

      g_assert_true (hw_store_create_product (pair->server, product, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hw_store_commit (pair->server, &error));
  g_assert_no_error (error);
  g_clear_object (&pair->replica);

  for (guint cycle = 0; cycle < 3; cycle++)
    {
      const char *argv[] = { self_exe, "--puller", pair->server_path, pair->replica_path, NULL };
      g_autoptr(HwStore) replica = NULL;
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      g_autofree char *in_range = NULL;
      int status = 0;
      GPid pid = 0;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL,
                     &pid, &error);
      g_assert_no_error (error);

      /* Let it get going, then kill it at a random moment. */
      for (;;)
        {
          g_autoptr(HwStore) reader = hw_store_open (pair->replica_path, HW_STORE_OPEN_READONLY,
                                                     NULL);

          if (reader != NULL && hw_store_get_sync_cursor (reader) > cursor)
            break;
          g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (2000);
        }
      g_usleep (g_test_rand_int_range (1, 60) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      replica = hw_store_open (pair->replica_path, HW_STORE_OPEN_REPLICA, &error);
      g_assert_no_error (error);
      g_assert_true (hw_store_check_integrity (replica, &error));
      g_assert_no_error (error);
      assert_fts_consistent (replica);

      cursor = hw_store_get_sync_cursor (replica);
      g_test_message ("cycle %u: killed at cursor %" G_GINT64_FORMAT, cycle, cursor);
      g_assert_cmpint (cursor, >, 0);
      g_assert_cmpint (test_count (replica, &hw_product_type), ==, MIN (cursor, N_KILLED_PRODUCTS));
      in_range = g_strdup_printf ("SELECT count(*) FROM products WHERE rev <= %" G_GINT64_FORMAT,
                                  cursor);
      g_assert_cmpint (test_query_int (replica, in_range), ==, MIN (cursor, N_KILLED_PRODUCTS));
      g_assert_cmpint (hw_store_get_revision (replica), ==, cursor);
      if (cursor >= N_KILLED_PRODUCTS)
        break;
    }

  /* Resumed from where it was killed */
  pair->replica = hw_store_open (pair->replica_path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  pair_pull (pair, 1000);
  pair_assert_same (pair);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_strcmp0 (argv[1], "--puller") == 0)
    return run_puller (argv[2], argv[3]);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Pair, NULL, pair_set_up, func, pair_tear_down)

  ADD ("/replica/full-sync", test_full_sync);
  ADD ("/replica/older-ignored", test_older_ignored);
  ADD ("/replica/tombstones-and-search", test_tombstones_and_search);
  ADD ("/replica/out-of-order-references", test_out_of_order_references);
  ADD ("/replica/failed-page", test_failed_page);
  ADD ("/replica/unique-handover", test_unique_handover);
  ADD ("/replica/unique-handover-local-edit", test_unique_handover_local_edit);
  ADD ("/replica/needs-replica", test_needs_replica);
  ADD ("/replica/reset", test_reset);
  ADD ("/replica/killed-mid-pull", test_killed_mid_pull);

  return g_test_run ();
}
