/* bench-app.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's product table on a local copy of N products (1M by default), through
 * the lazy model the table shows (HwProductListModel):
 *   app_search_ms   a keystroke to the updated table: from setting the search to the
 *                   model knowing its count and holding its first page (median, p95).
 *                   The count is the model's first one, which stops at 10 000
 *                   (HW_PRODUCT_LIST_MODEL_FIRST_COUNT); app_search_exact_ms is the time
 *                   until a longer list also knows its exact length.
 *   app_rss_mb      peak RSS (VmHWM) after scrolling the whole table top to bottom
 *   app_tree_counts_ms  the category tree's product counts (run in a worker)
 * The copy is seeded with the demo generator into $HW_BENCH_APP_DB (default: a file in
 * the temporary directory named after N) and reused when it is there.
 * Prints one "name value unit" line per figure; run by build-aux/bench.sh.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw-demo.h"
#include "hw-product-list-model.h"

static gboolean
settled (HwProductListModel *model,
         HwProductRow       *first)
{
  return !hw_product_list_model_get_loading (model) &&
         (first == NULL || hw_product_row_get_loaded (first));
}

/* Runs the main loop until the model shows @query with its first page. */
static double
timed_query (HwProductListModel *model,
             HwQuery            *query)
{
  g_autoptr(HwProductRow) first = NULL;
  gint64 start = g_get_monotonic_time ();

  hw_product_list_model_set_query (model, query);
  while (hw_product_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);

  if (g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  while (!settled (model, first))
    g_main_context_iteration (NULL, TRUE);

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Peak RSS of this process image, in MB. Not getrusage: Linux carries ru_maxrss over
 * fork and exec, so a child of the seeding process would report the seeding's peak. */
static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmHWM:")))
    return -1;

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) (p * (samples->len - 1) + 0.5));
}

/* What a user types: every prefix of real words from product names and of SKUs. */
static GPtrArray *
typed_searches (HwStore *store)
{
  g_autoptr(GPtrArray) typed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  g_assert_true (hw_store_count (store, &hw_product_type, NULL, &n, &error));
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(HwPage) one = NULL;
      g_auto(GStrv) words = NULL;
      HwProduct *product;
      const char *word;

      hw_query_set_limit (query, 1);
      hw_query_set_with_children (query, FALSE);
      one = hw_store_list_at (store, &hw_product_type, query,
                              g_rand_int_range (rand, 0, (gint32) MIN (n, G_MAXINT32)), &error);
      g_assert_no_error (error);
      product = g_ptr_array_index (one->items, 0);

      words = g_strsplit (product->name, " ", -1);
      word = words[g_rand_int_range (rand, 0, g_strv_length (words))];
      if (i % 4 == 3)
        word = product->sku;
      for (guint len = 1; len <= strlen (word) && len <= 8; len++)
        g_ptr_array_add (typed, g_strndup (word, len));
    }

  return g_steal_pointer (&typed);
}

static void
progress_cb (const char *stage,
             guint64     done,
             guint64     total,
             gpointer    user_data)
{
  static char *last;

  if (g_strcmp0 (stage, last) != 0)
    {
      g_printerr ("Seeding: %s\n", stage);
      g_free (last);
      last = g_strdup (stage);
    }
}

/* The copy's file, seeded if it is missing (or holds another number of products).
 * Returns TRUE when it seeded: peak RSS is a high-water mark, so the measuring then
 * starts over in a fresh process. */
static gboolean
prepare_copy (guint   products,
              char  **out_path)
{
  g_autofree char *name = g_strdup_printf ("hw-bench-app-%u.db", products);
  g_autofree char *path = g_strdup (g_getenv ("HW_BENCH_APP_DB"));
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;

  if (path == NULL)
    path = g_build_filename (g_get_tmp_dir (), name, NULL);
  *out_path = g_strdup (path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
      if (store != NULL && hw_store_count (store, &hw_product_type, NULL, &n, NULL) &&
          n == products)
        {
          g_printerr ("Reusing %s\n", path);
          return FALSE;
        }
      g_clear_object (&store);
      g_clear_error (&error);
      g_unlink (path);
    }

  {
    g_autoptr(HwStore) bulk = hw_store_open (path, HW_STORE_OPEN_BULK, &error);
    HwDemoOptions options;

    g_assert_no_error (error);
    hw_demo_options_init (&options);
    options.products = products;
    options.accounts = 300;
    options.users = 1500;
    options.orders = 1000;
    if (!hw_demo_generate (bulk, &options, progress_cb, NULL, NULL, &error))
      g_error ("Seeding failed: %s", error->message);
  }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint products = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProductListModel) model = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) exact_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) typed = NULL;
  g_autoptr(HwQuery) all = hw_query_new ();
  g_autoptr(GPtrArray) window = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint n;

  /* Linux keeps the peak across exec: the measuring runs in a child. */
  if (prepare_copy (products, &path))
    {
      int status = 0;

      if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                         NULL, NULL, &status, &error))
        g_error ("Could not start the measuring: %s", error->message);
      return g_spawn_check_wait_status (status, NULL) ? EXIT_SUCCESS : EXIT_FAILURE;
    }

  store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  model = hw_product_list_model_new (store, 0, 0);
  typed = typed_searches (store);

  /* The category tree's counts: one grouped pass over the products */
  {
    g_autoptr(HwStore) reader = hw_store_open (path, HW_STORE_OPEN_READONLY, &error);
    g_autoptr(GHashTable) counts = NULL;
    gint64 start = g_get_monotonic_time ();

    /* As the tree's worker does it: on a reader connection of its own */
    g_assert_no_error (error);
    counts = hw_store_count_products_by_category (reader, &error);
    g_assert_no_error (error);
    g_print ("app_tree_counts_ms %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  }

  /* The table opens on everything */
  g_print ("app_open_table_ms %.1f ms\n", timed_query (model, all));

  /* Search as you type: each prefix a keystroke, each answered before the next */
  for (guint i = 0; i < typed->len; i++)
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      double ms, exact_ms;
      gint64 start;

      hw_query_set_search (query, g_ptr_array_index (typed, i));
      start = g_get_monotonic_time ();
      ms = timed_query (model, query);
      g_array_append_val (samples, ms);
      while (!hw_product_list_model_get_exact (model))
        g_main_context_iteration (NULL, TRUE);
      exact_ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (exact_samples, exact_ms);
      if (g_getenv ("HW_BENCH_VERBOSE") != NULL)
        g_printerr ("%.2f ms “%s” (%u)\n", ms, (char *) g_ptr_array_index (typed, i),
                    g_list_model_get_n_items (G_LIST_MODEL (model)));
    }
  g_print ("app_search_ms %.1f ms\n", percentile (samples, 0.50));
  g_print ("app_search_p95_ms %.1f ms\n", percentile (samples, 0.95));
  g_print ("app_search_exact_ms %.1f ms\n", percentile (exact_samples, 0.50));
  g_print ("app_search_exact_p95_ms %.1f ms\n", percentile (exact_samples, 0.95));

  /* Scrolling top to bottom: the rows a window of the table shows are held (as a view
   * holds its items), each page waited for as a user would see it fill in. */
  timed_query (model, all);
  while (!hw_product_list_model_get_exact (model))
    g_main_context_iteration (NULL, TRUE);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint position = 0; position < n; position++)
    {
      HwProductRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_ptr_array_add (window, row);
      if (window->len > 60)
        g_ptr_array_remove_index (window, 0);
      while (!hw_product_row_get_loaded (row))
        g_main_context_iteration (NULL, TRUE);

      if (g_getenv ("HW_BENCH_VERBOSE") != NULL && position % 100000 == 0)
        {
          g_printerr ("row %u: peak RSS %.1f MB, %u pages cached\n", position,
                      peak_rss_mb (), hw_product_list_model_get_n_cached_pages (model));
        }
    }
  g_print ("app_scrolled_rows %u rows\n", n);
  g_print ("app_rss_mb %.1f MB\n", peak_rss_mb ());

  return EXIT_SUCCESS;
}
