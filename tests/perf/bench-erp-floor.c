/* bench-erp-floor.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The floor under erp_import_records_per_s: how fast SQLite alone stores what an ERP
 * import must store per new product, on this machine. A database of the server's schema
 * (made by the store's migrations) gets, per product, its row in products (with all its
 * indexes), its words in the search index and its audit entry (the product's JSON as
 * "after"), by prepared statements with time-ordered ids, 10 000 products per
 * transaction on a connection set up as the server's import writer (WAL,
 * synchronous=FULL, 256 MiB page cache), checkpointing after each commit. No HTTP, no
 * JSON parsing, no validation, no per-record results: whatever the server does beyond
 * this costs more. Prints:
 *   erp_import_sqlite_floor_records_per_s       products, audit entries included
 *   erp_import_sqlite_floor_no_audit_records_per_s  the same without the audit entries
 * Run: tests/perf/bench-erp-floor [N] (1 000 000 by default).
 */

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>

#include "hw-entity.h"
#include "hw-store.h"

#define BATCH 10000

static const char * const kinds[] = {
  "Hex bolt", "Cable tie", "Ball valve", "Pipe clamp", "Wall plug", "Pressure hose", "Screw"
};
static const char * const materials[] = {
  "zinc plated", "stainless steel A2", "brass", "nylon", "galvanised"
};
static const char * const sizes[] = { "M6x20", "M8x30", "DN15", "DN20", "200 mm", "1/2\"" };

static void
check (sqlite3    *db,
       int         rc,
       const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  check (db, sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), sql);
  return stmt;
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt,
      const char   *what)
{
  check (db, sqlite3_step (stmt), what);
  sqlite3_reset (stmt);
}

/* Products per second into a new database at @path. */
static double
load (const char *path,
      guint       n,
      gboolean    audit)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  sqlite3 *db = NULL;
  sqlite3_stmt *product;
  sqlite3_stmt *words;
  sqlite3_stmt *entry;
  gint64 start;

  /* The server's schema, as its migrations make it. */
  store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  check (db, sqlite3_open (path, &db), "open");
  check (db, sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                               "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
                           NULL, NULL, NULL), "pragmas");
  product = prepare (db, "INSERT INTO products (id, rev, updated_at, sku, erp_id, gtin, name,"
                         " unit, status, base_price, currency, min_qty, order_multiple)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pcs', 'active', ?8, 'EUR', ?9,"
                         " ?9)");
  words = prepare (db, "INSERT INTO products_fts (rowid, name, display_name, brand)"
                       " VALUES (?1, ?2, NULL, NULL)");
  entry = prepare (db, "INSERT INTO audit_entries (id, rev, updated_at, actor, entity,"
                       " entity_id, action, at, before, after)"
                       " VALUES (?1, ?2, ?3, 'integration:erp', 'product', ?4, 'create', ?3,"
                       " NULL, ?5)");

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = hw_uuid_new_time_ordered ();
      char sku[32], erp_id[32], gtin[16], name[96];
      guint multiple = g_rand_boolean (rand) ? 1 : g_rand_int_range (rand, 2, 26);
      gint price = g_rand_int_range (rand, 5, 250000);
      gint64 now = g_get_real_time () / 1000;

      if (i % BATCH == 0)
        check (db, sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), "begin");

      g_snprintf (sku, sizeof sku, "HB-%07u", i);
      g_snprintf (erp_id, sizeof erp_id, "ERP-%08u", i);
      g_snprintf (gtin, sizeof gtin, "40%010u", 1000000 + i);
      g_snprintf (name, sizeof name, "%s %s, %s",
                  kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))],
                  sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (sizes))],
                  materials[g_rand_int_range (rand, 0, G_N_ELEMENTS (materials))]);

      sqlite3_bind_text (product, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (product, 2, i + 1);
      sqlite3_bind_int64 (product, 3, now);
      sqlite3_bind_text (product, 4, sku, -1, SQLITE_STATIC);
      sqlite3_bind_text (product, 5, erp_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (product, 6, gtin, -1, SQLITE_STATIC);
      sqlite3_bind_text (product, 7, name, -1, SQLITE_STATIC);
      sqlite3_bind_int (product, 8, price);
      sqlite3_bind_int (product, 9, multiple);
      step (db, product, "product");

      sqlite3_bind_int64 (words, 1, sqlite3_last_insert_rowid (db));
      sqlite3_bind_text (words, 2, name, -1, SQLITE_STATIC);
      step (db, words, "search index");

      if (audit)
        {
          char *after = g_strdup_printf ("{\"id\":\"%s\",\"rev\":%u,\"updated_at\":%" G_GINT64_FORMAT
                                         ",\"sku\":\"%s\",\"erp_id\":\"%s\",\"gtin\":\"%s\","
                                         "\"name\":\"%s\",\"display_name\":null,"
                                         "\"description\":null,\"brand\":null,\"unit\":\"pcs\","
                                         "\"status\":\"active\",\"category_id\":null,"
                                         "\"base_price\":%d,\"currency\":\"EUR\",\"min_qty\":%u,"
                                         "\"order_multiple\":%u,\"max_qty\":null,"
                                         "\"completeness\":60,\"attributes\":[]}",
                                         id, i + 1, now, sku, erp_id, gtin, name, price,
                                         multiple, multiple);

          sqlite3_bind_text (entry, 1, hw_uuid_new_time_ordered (), -1, g_free);
          sqlite3_bind_int64 (entry, 2, i + 1);
          sqlite3_bind_int64 (entry, 3, now);
          sqlite3_bind_text (entry, 4, id, -1, SQLITE_STATIC);
          sqlite3_bind_text (entry, 5, after, -1, g_free);
          step (db, entry, "audit entry");
        }

      if (i % BATCH == BATCH - 1 || i == n - 1)
        {
          check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), "commit");
          check (db, sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL,
                                                NULL), "checkpoint");
        }
    }

  sqlite3_finalize (product);
  sqlite3_finalize (words);
  sqlite3_finalize (entry);
  sqlite3_close (db);
  return n / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
remove_database (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("hw-bench-erp-floor-XXXXXX", NULL);
  g_autofree char *path = NULL;

  g_assert_nonnull (dir);
  g_assert_cmpuint (n, >, 0);
  path = g_build_filename (dir, "floor.db", NULL);

  g_print ("erp_import_sqlite_floor_records_per_s %.0f records/s\n", load (path, n, TRUE));
  remove_database (path);
  g_print ("erp_import_sqlite_floor_no_audit_records_per_s %.0f records/s\n",
           load (path, n, FALSE));
  remove_database (path);
  g_rmdir (dir);
  return 0;
}
