/* bench-bulk-edit.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's bulk edit on a replica of N products (20 000 by default): every product
 * changed as a local edit with its outbox op, then one Undo of it all. Prints one
 * "name value unit" line per figure, like the other benchmarks.
 *
 *   tests/perf/bench-bulk-edit [N_PRODUCTS]
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw-bulk-edit.h"
#include "hw-demo.h"
#include "hw-replica.h"

static GStrv
all_product_ids (HwStore *store)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_products (store, query, &error)))
        g_error ("%s", error->message);

      for (guint i = 0; i < page->items->len; i++)
        g_strv_builder_add (builder, HW_ENTITY (g_ptr_array_index (page->items, i))->id);

      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  return g_strv_builder_end (builder);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwBulkEdit) edit = NULL;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(HwAttribute) weight = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  HwDemoOptions options;
  guint n_changed = 0;
  gint64 start;
  double seconds;

  hw_demo_options_init (&options);
  options.products = argc > 1 ? (guint) atoi (argv[1]) : 20000;
  options.orders = 0;

  dir = g_dir_make_tmp ("hw-bench-bulk-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "replica.db", NULL);

  /* Seeded in bulk mode, then opened as the desktop opens its replica. */
  store = hw_store_open (path, HW_STORE_OPEN_BULK, &error);
  g_assert_no_error (error);
  if (!hw_demo_generate (store, &options, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_clear_object (&store);
  store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);

  ids = all_product_ids (store);
  weight = hw_store_find_by (store, &hw_attribute_type, "code", "weight", &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  users = hw_store_attribute_product_ids (store, HW_ENTITY (weight)->id, &error);
  g_assert_no_error (error);
  g_print ("attribute_uses_ms %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  /* Saving a definition recomputes every product's completeness: the attribute
   * manager therefore saves on a worker. */
  {
    g_autoptr(HwAttribute) changed = hw_entity_copy (weight);

    changed->filterable = !changed->filterable;
    start = g_get_monotonic_time ();
    if (!hw_store_local_update (store, changed, HW_ENTITY (weight)->rev, &error))
      g_error ("%s", error->message);
    g_print ("attribute_save_ms %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  }

  edit = hw_bulk_edit_new ((const char * const *) ids);
  hw_bulk_edit_set_field (edit, "brand", "Bench");
  journal = hw_edit_journal_new ();

  start = g_get_monotonic_time ();
  if (!hw_bulk_edit_apply (edit, store, journal, NULL, &n_changed, NULL, NULL, &error))
    g_error ("%s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("bulk_edit_products_per_s %.0f products/s\n", n_changed / seconds);
  g_print ("bulk_edit_all_s %.2f s\n", seconds);

  start = g_get_monotonic_time ();
  if (!hw_edit_journal_undo_in_batches (journal, store, HW_EDIT_JOURNAL_UNDO_BATCH, &error))
    g_error ("%s", error->message);
  g_print ("bulk_undo_all_s %.2f s\n", (g_get_monotonic_time () - start) / 1e6);

  g_clear_object (&store);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);

  return 0;
}
