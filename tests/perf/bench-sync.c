/* bench-sync.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync engine benchmarks against the real server on loopback, seeded with N products
 * (100 000 by default; `bench-sync 1000000` for the figure). Prints one
 * "name value unit" line per figure:
 *   initial_sync_products_per_s  the initial sync of everything, in products per second,
 *                                by a desktop signing in to a running server: the
 *                                snapshot the server built when it started (the bench
 *                                waits for it to be on disk), then the feed from its
 *                                revision
 *   initial_sync_peak_rss_mb     peak RSS of this process (the client) after it
 *   initial_sync_open_products_per_s  the same with a blank replica file made and held
 *                                open first (a copy whose first sync never got anywhere):
 *                                the snapshot is copied into it with SQLite's backup
 *                                instead of taking its place, as it does for the app
 *   delta_sync_1k_ms             a run pulling 1 000 products changed on the server
 *   push_1k_ms                   a run pushing 1 000 local edits
 *   initial_sync_cold_products_per_s  an initial sync that starts the moment the server
 *                                is restarted: it waits for the rest of the server's first
 *                                build
 *   initial_sync_feed_products_per_s  the same initial sync paging the changes feed
 *                                (HW_SYNC_NO_SNAPSHOT=1), for the comparison; last, as
 *                                it takes minutes at 1M (HW_BENCH_SYNC_FEED=0 skips it)
 * Run from the build directory: tests/perf/bench-sync [N] (it finds the server binary
 * beside itself, or in HW_SERVER_BINARY).
 */

#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>

#include "hw-server-cli.h"
#include "hw-sync-engine.h"

#include "hw-test-server.h"

#define PASSWORD "correct horse battery staple"

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!hw_sync_engine_sync_finish (HW_SYNC_ENGINE (object), result, &error))
    g_error ("sync failed: %s", error->message);
  *done = TRUE;
}

/* One run, in ms. */
static double
timed_sync (HwSyncEngine *engine)
{
  gboolean done = FALSE;
  gint64 start = g_get_monotonic_time ();

  hw_sync_engine_sync_async (engine, NULL, sync_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* A client of its own for each measure, run only by the bench. */
static HwSyncEngine *
new_engine (const char *url,
            const char *replica,
            const char *token)
{
  HwSyncEngine *engine = hw_sync_engine_new (url, replica);

  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, token);
  return engine;
}

/* A page of 1 000 products by id, after @after (NULL for the first). */
static HwPage *
products_after (HwStore    *store,
                const char *after)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  HwPage *page;

  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, 1000);
  hw_query_set_after (query, after);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1000);
  return page;
}

int
main (int   argc,
      char *argv[])
{
  const char *products = argc > 1 ? argv[1] : "100000";
  g_autofree char *dir = hw_test_make_tmp_dir ("hw-bench-sync-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *log = g_build_filename (dir, "server.log", NULL);
  g_autofree char *replica = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *feed_replica = g_build_filename (dir, "feed-replica.db", NULL);
  g_autofree char *second_replica = g_build_filename (dir, "second-replica.db", NULL);
  g_autofree char *cold_replica = g_build_filename (dir, "cold-replica.db", NULL);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(HwSyncEngine) second = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwStore) open_store = NULL;
  g_autoptr(HwPage) page = NULL;
  g_autoptr(HwPage) next_page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  struct rusage usage;
  GStatBuf st;
  gint64 n_products;
  double ms;

  if (g_getenv ("HW_SERVER_BINARY") == NULL)
    {
      g_autofree char *here = g_path_get_dirname (argv[0]);
      g_autofree char *binary = g_build_filename (here, "..", "..", "src", "server",
                                                  "heartwork-one-server", NULL);

      g_setenv ("HW_SERVER_BINARY", binary, TRUE);
    }
  g_unsetenv ("HW_PRISM");
  n_products = g_ascii_strtoll (products, NULL, 10);

  g_assert_cmpint (hw_test_run_binary ((const char * const[]) {
                     "seed", "--db", db, "--products", products, "--now", "2026-01-01", NULL },
                   NULL, NULL, NULL), ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (hw_test_user_add (db, "owner@example.com", "Owner", "owner",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  server = hw_test_serve_start (db, log, &url);
  session = hw_test_session_new ();
  token = hw_test_login_token (session, url, "owner@example.com", PASSWORD);
  auth = g_strconcat ("Bearer ", token, NULL);

  g_unsetenv ("HW_SYNC_NO_SNAPSHOT");
  /* A desktop signs in to a running server: the one it built when it started is kept. */
  {
    g_autofree char *built = hw_test_wait_for_snapshot (db, 300);

    if (built == NULL)
      g_error ("the server built no snapshot in five minutes");
  }
  engine = new_engine (url, replica, token);

  ms = timed_sync (engine);
  getrusage (RUSAGE_SELF, &usage);
  g_print ("initial_sync_products_per_s %.0f products/s\n", n_products / (ms / 1000.0));
  g_print ("initial_sync_ms %.0f ms\n", ms);
  g_print ("initial_sync_peak_rss_mb %.1f MB\n", usage.ru_maxrss / 1024.0);
  if (g_stat (replica, &st) == 0)
    g_print ("initial_sync_replica_mb %.1f MB\n", st.st_size / (1024.0 * 1024.0));

  open_store = hw_store_open (second_replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  second = new_engine (url, second_replica, token);
  ms = timed_sync (second);
  g_print ("initial_sync_open_products_per_s %.0f products/s\n", n_products / (ms / 1000.0));
  g_clear_object (&second);
  g_clear_object (&open_store);
  g_unlink (second_replica);

  /* 1 000 products changed on the server, then one delta run. */
  store = hw_store_open (replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  page = products_after (store, NULL);
  next_page = products_after (store, page->next_cursor);
  for (guint i = 0; i < 1000; i++)
    {
      HwEntity *product = g_ptr_array_index (page->items, i);
      g_autofree char *item = g_strconcat (url, "/api/v1/products/", product->id, NULL);
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", product->rev);
      g_autofree char *body = g_strdup_printf ("{\"display_name\": \"Delta %u\"}", i);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(SoupMessage) msg = hw_test_send (session, "PATCH", item, auth, etag, body, -1,
                                                 &answer);

      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    }
  g_print ("delta_sync_1k_ms %.0f ms\n", timed_sync (engine));

  /* 1 000 local edits of other products, then one push run. */
  for (guint i = 0; i < 1000; i++)
    {
      HwEntity *item = g_ptr_array_index (next_page->items, i);
      g_autoptr(HwProduct) product = hw_store_get_product (store, item->id, &error);

      g_assert_no_error (error);
      g_free (product->display_name);
      product->display_name = g_strdup_printf ("Push %u", i);
      hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
      g_assert_no_error (error);
    }
  g_print ("push_1k_ms %.0f ms\n", timed_sync (engine));
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);

  g_clear_object (&engine);
  g_clear_object (&store);

  /* A desktop that signs in the moment the server (re)starts: nothing is kept over a
   * restart, so it waits for the rest of the first build. */
  hw_test_serve_stop (server);
  g_clear_object (&server);
  g_clear_pointer (&url, g_free);
  server = hw_test_serve_start (db, log, &url);
  second = new_engine (url, cold_replica, token);
  ms = timed_sync (second);
  g_print ("initial_sync_cold_products_per_s %.0f products/s\n", n_products / (ms / 1000.0));
  g_clear_object (&second);
  g_unlink (cold_replica);

  if (g_strcmp0 (g_getenv ("HW_BENCH_SYNC_FEED"), "0") == 0)
    {
      hw_test_serve_stop (server);
      hw_test_remove_tree (dir);
      return 0;
    }

  /* The feed, for the comparison (the engine reads the variable when made). */
  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);
  engine = new_engine (url, feed_replica, token);
  g_unsetenv ("HW_SYNC_NO_SNAPSHOT");
  ms = timed_sync (engine);
  g_print ("initial_sync_feed_products_per_s %.0f products/s\n", n_products / (ms / 1000.0));
  g_print ("initial_sync_feed_records %" G_GINT64_FORMAT " records\n",
           hw_sync_engine_get_records_done (engine));
  g_print ("initial_sync_feed_ms %.0f ms\n", ms);
  g_clear_object (&engine);
  hw_test_serve_stop (server);
  hw_test_remove_tree (dir);
  return 0;
}
