/* bench-store.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Store benchmarks on a seeded database of N products (1M by default). Prints one
 * "name value unit" line per figure; run by build-aux/bench.sh.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw-demo.h"
#include "hw-store.h"

typedef struct
{
  char   *stage;
  gint64  products_started;
  gint64  products_finished;
} SeedTimes;

/* Seeding runs stage by stage (products, relations, prices…), each committed before the
 * next starts; the products stage is timed from its first report to the next stage's. */
static void
seed_progress (const char *stage,
               guint64     done,
               guint64     total,
               gpointer    user_data)
{
  SeedTimes *times = user_data;

  if (g_strcmp0 (stage, times->stage) == 0)
    return;

  if (g_strcmp0 (stage, "products") == 0)
    times->products_started = g_get_monotonic_time ();
  else if (g_strcmp0 (times->stage, "products") == 0)
    times->products_finished = g_get_monotonic_time ();

  g_free (times->stage);
  times->stage = g_strdup (stage);
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
  guint index;

  g_array_sort (samples, compare_doubles);
  index = (guint) (p * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, index);
}

static GPtrArray *
typed_prefixes (HwStore *store,
                guint    n,
                GRand   *rand)
{
  g_autoptr(GPtrArray) prefixes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;

  /* Sample real names and SKUs spread over the assortment: what a user types. */
  while (names->len < 2000)
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_with_children (query, FALSE);
      hw_query_set_limit (query, 1000);
      hw_query_set_after (query, cursor);
      page = hw_store_list_products (store, query, &error);
      if (page == NULL)
        g_error ("%s", error->message);

      for (guint i = 0; i < page->items->len; i += 25)
        {
          HwProduct *product = g_ptr_array_index (page->items, i);
          g_ptr_array_add (names, g_strdup (g_rand_boolean (rand) ? product->name : product->sku));
        }

      if (page->next_cursor == NULL)
        break;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }

  for (guint i = 0; i < n; i++)
    {
      const char *name = g_ptr_array_index (names, g_rand_int_range (rand, 0, names->len));
      g_auto(GStrv) words = g_strsplit (name, " ", -1);
      guint n_words = g_strv_length (words);
      guint take = g_rand_int_range (rand, 1, MIN (n_words, 3) + 1);
      GString *typed = g_string_new (NULL);

      for (guint w = 0; w < take; w++)
        {
          glong len = g_utf8_strlen (words[w], -1);

          if (w + 1 < take)
            g_string_append_printf (typed, "%s ", words[w]);
          else
            {
              /* The last word is being typed: 1 to all of its characters */
              glong cut = g_rand_int_range (rand, 1, MAX (len, 1) + 1);
              g_autofree char *part = g_utf8_substring (words[w], 0, cut);
              g_string_append (typed, part);
            }
        }

      g_ptr_array_add (prefixes, g_string_free (typed, FALSE));
    }

  return g_steal_pointer (&prefixes);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GPtrArray) prefixes = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  HwDemoOptions options;
  SeedTimes times = { NULL, 0, 0 };
  guint products = argc > 1 ? (guint) atoi (argv[1]) : 1000000;
  gint64 start;
  double seconds;
  GStatBuf st;

  dir = g_dir_make_tmp ("hw-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.db", NULL);

  store = hw_store_open (path, HW_STORE_OPEN_BULK, &error);
  g_assert_no_error (error);

  hw_demo_options_init (&options);
  options.products = products;
  options.accounts = 300;
  options.users = 1500;
  options.orders = 1000;

  /* Seeding with the demo generator: products with their attribute values, then
   * relations, prices, accounts, users, rules and orders. */
  start = g_get_monotonic_time ();
  if (!hw_demo_generate (store, &options, seed_progress, &times, NULL, &error))
    g_error ("Seeding failed: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("store_insert_products_per_s %.0f products/s\n",
           products / ((times.products_finished - times.products_started) / 1e6));
  g_print ("store_seed_all_s %.1f s\n", seconds);
  g_free (times.stage);

  /* Search as you type */
  prefixes = typed_prefixes (store, 1000, rand);
  for (guint i = 0; i < prefixes->len; i++)
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;
      double ms;

      hw_query_set_search (query, g_ptr_array_index (prefixes, i));
      hw_query_set_with_children (query, FALSE);
      hw_query_set_limit (query, 50);

      start = g_get_monotonic_time ();
      page = hw_store_list_products (store, query, &error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (page == NULL)
        g_error ("Search “%s” failed: %s", (char *) g_ptr_array_index (prefixes, i),
                 error->message);
      g_array_append_val (samples, ms);
    }
  if (g_getenv ("HW_BENCH_VERBOSE") != NULL)
    for (guint i = 0; i < prefixes->len; i++)
      g_printerr ("%.2f ms “%s”\n", g_array_index (samples, double, i),
                  (char *) g_ptr_array_index (prefixes, i));
  g_print ("search_p50_ms %.2f ms\n", percentile (samples, 0.50));
  g_print ("search_p95_ms %.2f ms\n", percentile (samples, 0.95));

  /* A page of 200 at depth 900k (or 90 % of a smaller assortment) */
  {
    guint depth = products / 10 * 9;
    g_autofree char *cursor = NULL;
    guint walked = 0;

    while (walked < depth)
      {
        g_autoptr(HwQuery) query = hw_query_new ();
        g_autoptr(HwPage) page = NULL;

        hw_query_set_with_children (query, FALSE);
        hw_query_set_limit (query, MIN (1000, depth - walked));
        hw_query_set_after (query, cursor);
        page = hw_store_list_products (store, query, &error);
        g_assert_no_error (error);
        walked += page->items->len;
        g_free (cursor);
        cursor = g_steal_pointer (&page->next_cursor);
        if (cursor == NULL)
          break;
      }

    g_array_set_size (samples, 0);
    for (guint i = 0; i < 21; i++)
      {
        g_autoptr(HwQuery) query = hw_query_new ();
        g_autoptr(HwPage) page = NULL;
        double ms;

        hw_query_set_with_children (query, FALSE);
        hw_query_set_limit (query, 200);
        hw_query_set_after (query, cursor);
        start = g_get_monotonic_time ();
        page = hw_store_list_products (store, query, &error);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_assert_no_error (error);
        g_assert_cmpuint (page->items->len, ==, 200);
        g_array_append_val (samples, ms);
      }
    g_print ("page_keyset_ms %.2f ms\n", percentile (samples, 0.50));
  }

  g_clear_object (&store);
  if (g_getenv ("HW_BENCH_KEEP") != NULL)
    {
      g_printerr ("Kept %s\n", path);
      return 0;
    }
  {
    /* Fold the WAL in so the size is the database's own */
    g_autoptr(HwStore) again = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
    g_assert_no_error (error);
  }
  if (g_stat (path, &st) == 0)
    g_print ("db_size_mb %.1f MB\n", st.st_size / (1024.0 * 1024.0));

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }

  return 0;
}
