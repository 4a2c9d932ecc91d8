/* hw-store-snapshot.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hw-store-private.h"

/* Snapshots for a fast initial sync (hw-replica.h): the server writes the synced
 * tables at one revision into a new database file that is, byte for byte in meaning, a
 * replica whose cursor is that revision; the desktop takes the file as its copy and
 * pages the changes feed from there.
 *
 * Only what the changes feed sends gets in: the columns of the synced entity types'
 * fields, table by table in one read transaction. Nothing else of the server's database
 * is copied: the file starts empty and its pages only ever hold those rows, so staff
 * users, tokens, passwords, idempotency keys and audit entries cannot be in it, not even
 * in free pages.
 *
 * Fast: the file is made by this version's migrations, so each synced table has exactly
 * the columns, constraints and indexes of the server's. When its columns are the feed's
 * (they are, unless a secret field is ever added to a synced type), the table is copied
 * with `INSERT INTO main.t SELECT * FROM src.t`, which SQLite runs as a transfer: the
 * records of the table and of each of its indexes are appended in order as they are,
 * neither decoded nor sorted again. Measured on 100 000 seeded products (310 000 rows):
 * 2.0 s, where copying the rows into tables without secondary indexes and creating
 * those afterwards took 3.6 s. Otherwise the feed's columns are copied row by row. The
 * search index is copied too, and merged (on 1M products: 0.8 s, rebuilding it 3.6 s).
 *
 * Pages of 16 KiB (HW_STORE_SNAPSHOT_PAGE_SIZE), four times SQLite's default: a quarter
 * of the pages to fill and link, and shallower trees for the index records appended one
 * by one. The build of 1M products took 7.0 s instead of 10.3 s, with 32 and 64 KiB 7.7
 * and 7.8 s; the file is 3 % smaller. New replicas take the same size, so that the
 * backup into an open blank one can copy pages as they are. */

/* How many virtual machine steps between two looks at the cancellable. */
#define CANCEL_CHECK_STEPS 10000

static int
cancel_check (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static gboolean
db_error (sqlite3     *db,
          GError     **error,
          const char  *what)
{
  int rc = sqlite3_errcode (db);

  if (rc == SQLITE_INTERRUPT)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The snapshot was cancelled");
  else
    g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                 "The snapshot could not be written (%s): %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec (sqlite3     *db,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_error (db, error, sql);
  return TRUE;
}

static gboolean
query_int64 (sqlite3     *db,
             const char  *sql,
             gint64      *out_value,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return db_error (db, error, sql);
  rc = sqlite3_step (stmt);
  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return db_error (db, error, sql);
  return TRUE;
}

/* The feed's columns of one synced type: the entity's and its fields', never a secret
 * (none is synced today, and none may slip in). */
static GPtrArray *
feed_columns (const HwEntityType *type)
{
  GPtrArray *columns = g_ptr_array_new ();

  g_ptr_array_add (columns, (gpointer) "id");
  g_ptr_array_add (columns, (gpointer) "rev");
  g_ptr_array_add (columns, (gpointer) "updated_at");
  for (guint i = 0; i < type->n_fields; i++)
    if (!(type->fields[i].flags & HW_FIELD_SECRET))
      g_ptr_array_add (columns, (gpointer) type->fields[i].name);

  return columns;
}

/* Whether the source table has the feed's columns and no other, but for `seq`, the
 * local row number of products (the search index's key), which holds no data. */
static gboolean
columns_are_the_feeds (sqlite3             *db,
                       const HwEntityType  *type,
                       GPtrArray           *columns,
                       gboolean            *out_match,
                       GError             **error)
{
  sqlite3_stmt *stmt = NULL;
  guint n_matched = 0;
  gboolean other = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1, 'src')", -1, &stmt,
                          NULL) != SQLITE_OK)
    return db_error (db, error, "columns");
  sqlite3_bind_text (stmt, 1, type->table, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      gboolean found = FALSE;

      for (guint i = 0; i < columns->len && !found; i++)
        found = g_str_equal (name, g_ptr_array_index (columns, i));
      if (found)
        n_matched++;
      else if (!g_str_equal (name, "seq"))
        other = TRUE;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_error (db, error, "columns");

  *out_match = !other && n_matched == columns->len;
  return TRUE;
}

static gboolean
copy_table (sqlite3             *db,
            const HwEntityType  *type,
            GError             **error)
{
  g_autoptr(GPtrArray) columns = feed_columns (type);
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *sql = NULL;
  gboolean match = FALSE;

  if (!columns_are_the_feeds (db, type, columns, &match, error))
    return FALSE;

  /* The table name comes from the model's descriptor, never from input. */
  if (match)
    sql = g_strdup_printf ("INSERT INTO main.\"%s\" SELECT * FROM src.\"%s\"",
                           type->table, type->table);
  else
    {
      for (guint i = 0; i < columns->len; i++)
        g_string_append_printf (list, "%s\"%s\"", i > 0 ? ", " : "",
                                (const char *) g_ptr_array_index (columns, i));
      sql = g_strdup_printf ("INSERT INTO main.\"%s\" (%s) SELECT %s FROM src.\"%s\"",
                             type->table, list->str, list->str, type->table);
    }

  return exec (db, sql, error);
}

static gboolean
copy_rows (sqlite3       *db,
           gint64        *out_revision,
           GCancellable  *cancellable,
           GError       **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  sqlite3_stmt *stmt = NULL;
  gint64 revision = 0;
  int rc;

  /* One transaction over both files: the reads of the source are one snapshot of it,
   * taken at its first read below. */
  if (!exec (db, "BEGIN;", error))
    return FALSE;

  if (!query_int64 (db, "SELECT value FROM src.meta WHERE key = 'revision'", &revision, error))
    goto failed;

  /* A transfer is a few steps of SQLite's machine, however large: the progress handler
   * may not run during one. */
  for (guint t = 0; types[t] != NULL; t++)
    if ((types[t]->flags & HW_ENTITY_SYNCED) &&
        (g_cancellable_set_error_if_cancelled (cancellable, error) ||
         !copy_table (db, types[t], error)))
      goto failed;

  /* The search index of the same products, as it is: building it anew from the
   * products costs a third of the whole build. hw_store_write_snapshot () then merges
   * it, which drops what deleted and changed products left in it. */
  if (!exec (db,
             "DELETE FROM main.products_fts_data;"
             "DELETE FROM main.products_fts_idx;"
             "DELETE FROM main.products_fts_docsize;"
             "DELETE FROM main.products_fts_config;"
             "INSERT INTO main.products_fts_data SELECT * FROM src.products_fts_data;"
             "INSERT INTO main.products_fts_idx SELECT * FROM src.products_fts_idx;"
             "INSERT INTO main.products_fts_docsize SELECT * FROM src.products_fts_docsize;"
             "INSERT INTO main.products_fts_config SELECT * FROM src.products_fts_config;",
             error))
    goto failed;

  /* What a replica keeps in meta (hw-store-replica.c): the cursor of the feed, the
   * last revision it holds and its local generation, one ahead of a new file's so that
   * connections that had the database open drop what they cached of it. */
  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO main.meta (key, value) VALUES"
                          " ('revision', ?1), ('sync_cursor', ?1), ('local_generation', 1)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      db_error (db, error, "meta");
      goto failed;
    }
  sqlite3_bind_int64 (stmt, 1, revision);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      db_error (db, error, "meta");
      goto failed;
    }

  if (!exec (db, "COMMIT;", error))
    goto failed;

  *out_revision = revision;
  return TRUE;

failed:
  sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
build (sqlite3       *db,
       const char    *store_path,
       gint64        *out_revision,
       GCancellable  *cancellable,
       GError       **error)
{
  g_autofree char *uri = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A temporary file nobody else reads: a crash just throws it away. */
  if (!exec (db, "PRAGMA page_size = " G_STRINGIFY (HW_STORE_SNAPSHOT_PAGE_SIZE) ";"
                 "PRAGMA journal_mode = OFF;"
                 "PRAGMA synchronous = OFF;"
                 "PRAGMA cache_size = -131072;"
                 "PRAGMA temp_store = MEMORY;", error) ||
      !_hw_store_migrate (db, hw_store_latest_schema_version (), error))
    return FALSE;

  /* Read-only, so the source can never be changed from here. */
  uri = g_strconcat ("file:", store_path, "?mode=ro", NULL);
  if (sqlite3_prepare_v2 (db, "ATTACH DATABASE ? AS src", -1, &stmt, NULL) != SQLITE_OK)
    return db_error (db, error, "attach");
  sqlite3_bind_text (stmt, 1, uri, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_error (db, error, "attach");

  /* The source is read through a mapping: fewer copies through the kernel. */
  return exec (db, "PRAGMA src.mmap_size = 1073741824;", error) &&
         copy_rows (db, out_revision, cancellable, error) &&
         exec (db, "DETACH DATABASE src;", error);
}

/* Merges the copied search index into one segment: entries of deleted products and old
 * words of changed ones go, and secure_delete zeroes the pages they were on. On a
 * connection of its own: the one that copied the index under FTS5's feet may have
 * cached its structure. */
static gboolean
finish (sqlite3  *db,
        GError  **error)
{
  return exec (db, "PRAGMA journal_mode = OFF;"
                   "PRAGMA synchronous = OFF;"
                   "PRAGMA cache_size = -131072;"
                   "PRAGMA secure_delete = ON;"
                   "INSERT INTO products_fts (products_fts) VALUES ('optimize');", error) &&
         /* A replica is in WAL mode (the flag is in the file's header): the first open
          * then needs no switch, which would need the file to itself. */
         exec (db, "PRAGMA journal_mode = WAL;", error);
}

static gboolean
open_db (const char    *path,
         GCancellable  *cancellable,
         sqlite3      **out_db,
         GError       **error)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI |
                       SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                   "The snapshot “%s” could not be created: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, 5000);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, CANCEL_CHECK_STEPS, cancel_check, cancellable);
  *out_db = db;
  return TRUE;
}

/**
 * hw_store_write_snapshot:
 * @store_path: the server's database
 * @dest_path: the file to write; replaced if it exists
 * @out_revision: (out): the revision the snapshot holds everything up to
 * @cancellable: (nullable): stops the build, leaving no file
 *
 * Writes a new replica database holding the synced entities of @store_path at one
 * revision, with sync cursor, revision and schema as a replica that pulled the changes
 * feed up to there would have them. Blocks for seconds on a large database: call it
 * from a worker thread. Opens its own connections.
 *
 * Returns: whether @dest_path was written; on failure it does not exist
 */
gboolean
hw_store_write_snapshot (const char    *store_path,
                         const char    *dest_path,
                         gint64        *out_revision,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  sqlite3 *db = NULL;
  gint64 revision = 0;
  gboolean ok;

  g_return_val_if_fail (store_path != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (out_revision != NULL, FALSE);

  wal = g_strconcat (dest_path, "-wal", NULL);
  shm = g_strconcat (dest_path, "-shm", NULL);
  g_unlink (dest_path);
  g_unlink (wal);
  g_unlink (shm);

  ok = !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       open_db (dest_path, cancellable, &db, error) &&
       build (db, store_path, &revision, cancellable, error);
  sqlite3_close (db);
  db = NULL;
  ok = ok &&
       !g_cancellable_set_error_if_cancelled (cancellable, error) &&
       open_db (dest_path, cancellable, &db, error) &&
       finish (db, error);
  sqlite3_close (db);
  ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);

  if (!ok)
    {
      g_unlink (dest_path);
      g_unlink (wal);
      g_unlink (shm);
      return FALSE;
    }

  *out_revision = revision;
  return TRUE;
}

/**
 * hw_store_check_snapshot:
 * @path: a downloaded snapshot
 * @out_cursor: (out): the sync cursor it holds
 *
 * Checks that @path is a SQLite database of this version's schema holding a sync
 * cursor, without changing it, before it is taken as the replica.
 */
gboolean
hw_store_check_snapshot (const char  *path,
                         gint64      *out_cursor,
                         GError     **error)
{
  static const char header[16] = "SQLite format 3";
  g_autoptr(GError) local_error = NULL;
  char start[16] = { 0, };
  sqlite3 *db = NULL;
  gint64 cursor = 0;
  int version = 0;
  FILE *file;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_cursor != NULL, FALSE);

  /* SQLite would take a file without its header as a new, empty database. */
  if (!(file = g_fopen (path, "rb")) ||
      fread (start, 1, sizeof start, file) != sizeof start ||
      memcmp (start, header, sizeof header) != 0)
    {
      if (file != NULL)
        fclose (file);
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The snapshot is no SQLite database");
      return FALSE;
    }
  fclose (file);

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The snapshot could not be opened: %s", db ? sqlite3_errmsg (db) : "");
      sqlite3_close (db);
      return FALSE;
    }

  ok = _hw_store_schema_version (db, &version, &local_error) &&
       query_int64 (db, "SELECT value FROM meta WHERE key = 'sync_cursor'", &cursor,
                    &local_error);
  sqlite3_close (db);

  if (!ok)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The snapshot could not be read: %s", local_error->message);
      return FALSE;
    }
  if (version != hw_store_latest_schema_version ())
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA,
                   "The snapshot has schema %d, this version needs %d", version,
                   hw_store_latest_schema_version ());
      return FALSE;
    }
  if (cursor <= 0)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The snapshot holds no sync cursor");
      return FALSE;
    }

  *out_cursor = cursor;
  return TRUE;
}

/**
 * hw_store_replica_is_blank:
 * @out_blank: (out): whether the replica has never pulled anything: cursor 0, no synced
 *   row and no local edit
 *
 * A blank replica may be replaced by a snapshot: there is nothing in it to lose.
 */
gboolean
hw_store_replica_is_blank (HwStore   *self,
                           gboolean  *out_blank,
                           GError   **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  gboolean empty = FALSE;
  gint64 any = 0;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_blank != NULL, FALSE);

  *out_blank = FALSE;
  if (hw_store_get_sync_cursor (self) != 0)
    return TRUE;
  if (!_hw_store_outbox_is_empty (self, &empty, error))
    return FALSE;
  if (!empty)
    return TRUE;

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *sql = NULL;

      if (!(types[t]->flags & HW_ENTITY_SYNCED))
        continue;
      sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM \"%s\")", types[t]->table);
      if (!_hw_store_query_int64 (self, sql, NULL, &any, error))
        return FALSE;
      if (any)
        return TRUE;
    }

  *out_blank = TRUE;
  return TRUE;
}

static gboolean
page_size (sqlite3  *db,
           gint64   *out_size,
           GError  **error)
{
  return query_int64 (db, "PRAGMA page_size", out_size, error);
}

/**
 * hw_store_replica_load_snapshot:
 * @path: a snapshot checked with hw_store_check_snapshot()
 *
 * Replaces the whole content of a blank replica (hw_store_replica_is_blank()) with
 * the snapshot at @path, in one transaction through SQLite's backup, so that other
 * connections to the replica may stay open: they see the new content with their next
 * transaction. For when the file cannot simply be renamed into place because it
 * exists already (the app opened it before the first sync). A replica whose page size
 * is not the snapshot's is left alone: %HW_CORE_ERROR_INVALID, as for a file that does
 * not open.
 */
gboolean
hw_store_replica_load_snapshot (HwStore     *self,
                                const char  *path,
                                GError     **error)
{
  sqlite3_backup *backup;
  sqlite3 *source = NULL;
  gint64 source_page_size = 0;
  gint64 replica_page_size = 0;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->depth == 0 && !self->reading, FALSE);

  if (sqlite3_open_v2 (path, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The snapshot could not be opened: %s", source ? sqlite3_errmsg (source) : "");
      sqlite3_close (source);
      return FALSE;
    }

  /* SQLite's backup cannot change the page size of a database in WAL mode; a replica
   * made before replicas took the snapshots' size is not replaced. */
  if (!page_size (source, &source_page_size, error) ||
      !page_size (self->db, &replica_page_size, error))
    {
      sqlite3_close (source);
      return FALSE;
    }
  if (source_page_size != replica_page_size)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "The local copy has pages of %" G_GINT64_FORMAT " bytes, the snapshot of %"
                   G_GINT64_FORMAT, replica_page_size, source_page_size);
      sqlite3_close (source);
      return FALSE;
    }

  if (!(backup = sqlite3_backup_init (self->db, "main", source, "main")))
    {
      _hw_store_set_db_error (self, sqlite3_errcode (self->db), error);
      sqlite3_close (source);
      return FALSE;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  sqlite3_close (source);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  /* Other connections drop the attribute definitions they cached. */
  if (!hw_store_begin (self, error))
    return FALSE;
  if (!_hw_store_replica_attributes_changed (self, FALSE, error))
    {
      hw_store_rollback (self);
      return FALSE;
    }
  return hw_store_commit (self, error);
}
