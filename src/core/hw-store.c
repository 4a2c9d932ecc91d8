/* hw-store.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-json-private.h"
#include "hw-store-private.h"

/**
 * HwStore:
 *
 * The SQLite store of every entity of the data model. One HwStore is one connection: use
 * it from one thread at a time, and open another (HW_STORE_OPEN_READONLY) for a worker.
 * A failed write changes nothing; every write takes the next value of the store-wide
 * revision, and deletes leave tombstones for the changes feed. A replica (the desktop's
 * copy, hw-replica.h) takes the server's revisions instead.
 */
G_DEFINE_FINAL_TYPE (HwStore, hw_store, G_TYPE_OBJECT)

static void
type_sql_free (gpointer data)
{
  HwTypeSql *sql = data;

  g_free (sql->select);
  g_free (sql->by_id);
  g_free (sql->insert);
  g_free (sql->update);
  g_free (sql->remove);
  g_free (sql->rev_of);
  g_free (sql);
}

static void
statement_free (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
hw_store_finalize (GObject *object)
{
  HwStore *self = (HwStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->type_sql, g_hash_table_unref);
  g_clear_pointer (&self->savepoint_revisions, g_array_unref);

  if (self->db != NULL)
    {
      if (self->depth > 0 || self->reading)
        sqlite3_exec (self->db, "ROLLBACK;", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (hw_store_parent_class)->finalize (object);
}

static void
hw_store_class_init (HwStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* Memory statistics take a global mutex on every allocation; nothing here reads them.
   * This only works before SQLite initialises, and is harmless when it is too late. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->finalize = hw_store_finalize;
}

static void
hw_store_init (HwStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            statement_free);
  self->type_sql = g_hash_table_new_full (NULL, NULL, NULL, type_sql_free);
  self->savepoint_revisions = g_array_new (FALSE, FALSE, sizeof (gint64));
}

sqlite3 *
_hw_store_get_db (HwStore *self)
{
  return self->db;
}

gboolean
_hw_store_set_db_error (HwStore  *self,
                        int       rc,
                        GError  **error)
{
  const char *message = sqlite3_errmsg (self->db);
  int primary = rc & 0xff;

  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    {
      /* "UNIQUE constraint failed: products.sku" names the column; with several columns
       * the last one is the one a user changes (the related product of a relation). */
      const char *columns = strstr (message, "failed: ");
      const char *last = columns ? strrchr (columns, '.') : NULL;

      hw_set_field_error (error, HW_CORE_ERROR_DUPLICATE, last ? last + 1 : NULL,
                          "is already used by another record");
      return FALSE;
    }

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      hw_set_field_error (error, HW_CORE_ERROR_IN_USE, NULL,
                          "The record is still referred to by other records");
      return FALSE;
    }

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "The database is busy; try again in a moment");
      return FALSE;
    }

  if (primary == SQLITE_FULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL, "The disk is full");
      return FALSE;
    }

  if (primary == SQLITE_READONLY)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "The database is open for reading only");
      return FALSE;
    }

  hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL, "The database failed: %s", message);
  return FALSE;
}

sqlite3_stmt *
_hw_store_prepare (HwStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_critical ("Could not prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_hw_store_exec (HwStore     *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/* Savepoints are entered for every write; a cached statement saves parsing each time. */
static gboolean
step_cached (HwStore     *self,
             const char  *sql,
             GError     **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/**
 * _hw_store_query_int64:
 * @param: (nullable): bound to the first parameter of @sql as text
 * @out_value: the first column of the first row; 0 when there is no row or it is NULL
 *
 * Runs a query that answers with one number.
 */
gboolean
_hw_store_query_int64 (HwStore     *self,
                       const char  *sql,
                       const char  *param,
                       gint64      *out_value,
                       GError     **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *out_value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

gboolean
_hw_store_read_meta (HwStore     *self,
                     const char  *key,
                     gint64      *out_value,
                     GError     **error)
{
  return _hw_store_query_int64 (self, "SELECT value FROM meta WHERE key = ?", key, out_value,
                                error);
}

gboolean
_hw_store_write_meta (HwStore     *self,
                      const char  *key,
                      gint64       value,
                      GError     **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "INSERT INTO meta (key, value) VALUES (?, ?) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static HwStore *
store_open (const char        *path,
            HwStoreOpenFlags   flags,
            int                max_version,
            GError           **error)
{
  g_autoptr(HwStore) self = NULL;
  gboolean readonly = (flags & HW_STORE_OPEN_READONLY) != 0;
  int open_flags;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  /* A replica holds edits saved offline: its commits must survive power loss. */
  if ((flags & HW_STORE_OPEN_REPLICA) && (flags & HW_STORE_OPEN_BULK))
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                   "A replica cannot be opened for bulk loading");
      return NULL;
    }

  self = g_object_new (HW_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  open_flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
               (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  rc = sqlite3_open_v2 (path, &self->db, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                   "The database “%s” could not be opened: %s", path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  self->background = (flags & HW_STORE_OPEN_BACKGROUND) != 0;
  _hw_store_lock_init (self);

  self->replica = (flags & HW_STORE_OPEN_REPLICA) != 0;
  if (!_hw_store_exec (self, self->replica ? "PRAGMA foreign_keys = OFF;"
                                           : "PRAGMA foreign_keys = ON;", error))
    return NULL;

  /* Read from a mapping of the file (up to SQLite's limit of 2 GiB) rather than copied
   * into the page cache by a system call each (see HW_STORE_OPEN_MAPPED). */
  if ((flags & HW_STORE_OPEN_MAPPED) &&
      !_hw_store_exec (self, "PRAGMA mmap_size = 2147418112;", error))
    return NULL;

  if (!readonly)
    {
      gboolean bulk = (flags & HW_STORE_OPEN_BULK) != 0;
      gboolean background = self->background;

      /* WAL lets readers (workers, the changes feed) run beside the writer, and FULL
       * makes a commit survive power loss, which an edit saved offline promises.
       *
       * A bulk load (seeding, benchmarks) into a database nobody else has open needs no
       * readers beside it: a rollback journal writes each page once, where WAL writes it
       * twice (log, then checkpoint). With others attached that switch fails and WAL
       * stays; the next ordinary open switches back to WAL. A big page cache keeps the
       * load from spilling mid-transaction. A background writer (the server's ERP import)
       * gets a larger cache than a foreground connection: batch after batch it inserts
       * into every index of a large table, and rereads what did not stay cached. */
      if (bulk && !_hw_store_exec (self, "PRAGMA journal_mode = DELETE;", NULL))
        g_debug ("“%s” is open elsewhere; loading it in WAL mode", path);

      /* A new replica gets the pages of the server's snapshots (hw-store-snapshot.c), so
       * that one can be copied into it if it is open before its first sync. Only a new
       * file takes it, and only before WAL is switched on. */
      if (self->replica &&
          !_hw_store_exec (self, "PRAGMA page_size = " G_STRINGIFY (HW_STORE_SNAPSHOT_PAGE_SIZE) ";",
                           error))
        return NULL;

      if ((!bulk && !_hw_store_exec (self, "PRAGMA journal_mode = WAL;", error)) ||
          !_hw_store_exec (self, bulk ? "PRAGMA synchronous = NORMAL;"
                                      : "PRAGMA synchronous = FULL;", error) ||
          !_hw_store_exec (self, bulk ? "PRAGMA cache_size = -1048576;"
                                 : background ? "PRAGMA cache_size = -262144;"
                                 : "PRAGMA cache_size = -65536;", error) ||
          !_hw_store_exec (self, "PRAGMA temp_store = MEMORY;", error))
        {
          g_prefix_error (error, "“%s”: ", path);
          return NULL;
        }

      if (!_hw_store_migrate (self->db, max_version, error))
        return NULL;

      if (self->background)
        _hw_store_lock_init_background (self);
    }
  else
    {
      if (!_hw_store_schema_version (self->db, &version, error))
        return NULL;
      if (version != hw_store_latest_schema_version ())
        {
          g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA,
                       "The database “%s” has schema %d, expected %d", path, version,
                       hw_store_latest_schema_version ());
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

/**
 * hw_store_open:
 * @path: a file, created if missing (unless read-only)
 *
 * Opens the database and brings its schema up to date.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
HwStore *
hw_store_open (const char        *path,
               HwStoreOpenFlags   flags,
               GError           **error)
{
  return store_open (path, flags, hw_store_latest_schema_version (), error);
}

HwStore *
_hw_store_open_at_version (const char  *path,
                           int          max_version,
                           GError     **error)
{
  return store_open (path, HW_STORE_OPEN_DEFAULT, max_version, error);
}

const char *
hw_store_get_path (HwStore *self)
{
  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  return self->path;
}

int
hw_store_get_schema_version (HwStore *self)
{
  int version = 0;

  g_return_val_if_fail (HW_IS_STORE (self), 0);

  _hw_store_schema_version (self->db, &version, NULL);
  return version;
}

/**
 * hw_store_set_clock:
 * @clock: (nullable): returns the current time in µs; %NULL for the real clock
 *
 * Makes updated_at come from @clock: the demo generator and tests use it to be
 * deterministic.
 */
void
hw_store_set_clock (HwStore     *self,
                    HwClockFunc  clock,
                    gpointer     user_data)
{
  g_return_if_fail (HW_IS_STORE (self));

  self->clock = clock;
  self->clock_data = user_data;
}

gint64
hw_store_now (HwStore *self)
{
  g_return_val_if_fail (HW_IS_STORE (self), 0);

  if (self->clock != NULL)
    return self->clock (self->clock_data);

  /* Whole milliseconds keep JSON times short and round-trip exact. */
  return (hw_time_now () / 1000) * 1000;
}

/* Transactions */

/**
 * hw_store_begin_read:
 *
 * Opens a read transaction, outside any write transaction, so that the reads until
 * hw_store_end_read() share one snapshot and take the database's read lock once
 * (each read otherwise opens and ends a transaction of its own). A write in between,
 * hw_store_begin() or any write call, ends it first. Does nothing inside a transaction.
 *
 * Returns: FALSE with @error set when the database failed; the reads then go on alone
 */
gboolean
hw_store_begin_read (HwStore  *self,
                     GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  if (self->depth > 0 || self->reading)
    return TRUE;

  if (!step_cached (self, "BEGIN DEFERRED", error))
    return FALSE;

  self->reading = TRUE;
  return TRUE;
}

/**
 * hw_store_end_read:
 *
 * Ends the read transaction of hw_store_begin_read(), if it is still open.
 */
void
hw_store_end_read (HwStore *self)
{
  g_return_if_fail (HW_IS_STORE (self));

  if (!self->reading)
    return;

  self->reading = FALSE;
  if (!step_cached (self, "COMMIT", NULL))
    _hw_store_exec (self, "ROLLBACK;", NULL);
}

/**
 * hw_store_begin:
 *
 * Starts a write transaction, or a savepoint inside one. Pair with hw_store_commit() or
 * hw_store_rollback().
 */
gboolean
hw_store_begin (HwStore  *self,
                GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  /* A write ends the read transaction of hw_store_begin_read (): it needs the latest
   * snapshot, and SQLite cannot turn a read transaction into a write one reliably. */
  if (self->depth == 0 && self->reading)
    hw_store_end_read (self);

  if (self->depth == 0)
    {
      gint64 revision = 0;
      gint64 generation = 0;

      if (!_hw_store_begin_immediate (self, error))
        return FALSE;

      if (!_hw_store_read_meta (self, "revision", &revision, error))
        {
          _hw_store_exec (self, "ROLLBACK;", NULL);
          return FALSE;
        }

      /* A replica's local edits take no revision; they count their own generation. */
      if (self->replica && !_hw_store_read_meta (self, "local_generation", &generation, error))
        {
          _hw_store_exec (self, "ROLLBACK;", NULL);
          return FALSE;
        }

      /* Another connection wrote since we last looked: cached definitions may be old. */
      if (revision != self->seen_revision || generation != self->seen_generation)
        _hw_store_invalidate_attributes (self);
      self->seen_generation = generation;

      if (!_hw_store_search_begin (self, error))
        {
          _hw_store_exec (self, "ROLLBACK;", NULL);
          return FALSE;
        }

      self->revision = revision;
      self->revision_dirty = FALSE;
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("SAVEPOINT hw%u", self->depth);

      if (!step_cached (self, sql, error))
        return FALSE;
      g_array_append_val (self->savepoint_revisions, self->revision);
    }

  self->depth++;
  return TRUE;
}

gboolean
hw_store_commit (HwStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->poisoned_at != 0 && self->poisoned_at >= self->depth)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "A write failed halfway; the changes were rolled back");
      hw_store_rollback (self);
      return FALSE;
    }

  if (self->depth == 1)
    {
      if (!_hw_store_search_flush (self, error))
        {
          hw_store_rollback (self);
          return FALSE;
        }

      if (self->revision_dirty && !_hw_store_write_meta (self, "revision", self->revision, error))
        {
          hw_store_rollback (self);
          return FALSE;
        }

      if (!_hw_store_exec (self, "COMMIT;", error))
        {
          hw_store_rollback (self);
          return FALSE;
        }

      self->seen_revision = self->revision;
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("RELEASE hw%u", self->depth - 1);

      if (!step_cached (self, sql, error))
        {
          hw_store_rollback (self);
          return FALSE;
        }
      g_array_set_size (self->savepoint_revisions, self->savepoint_revisions->len - 1);
    }

  self->depth--;
  return TRUE;
}

void
hw_store_rollback (HwStore *self)
{
  g_return_if_fail (HW_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  /* Rolling back to a savepoint opened before the failed write undoes it. */
  if (self->poisoned_at >= self->depth)
    self->poisoned_at = 0;

  if (self->depth == 1)
    {
      _hw_store_exec (self, "ROLLBACK;", NULL);
      /* What we cached during the transaction may describe rows that no longer exist. */
      _hw_store_invalidate_attributes (self);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO hw%u; RELEASE hw%u;",
                                              self->depth - 1, self->depth - 1);
      _hw_store_exec (self, sql, NULL);

      /* The revisions the savepoint handed out were never stored: hand them out again,
       * so that a failed record of a batch leaves no gap in the changes feed. */
      self->revision = g_array_index (self->savepoint_revisions, gint64,
                                      self->savepoint_revisions->len - 1);
      g_array_set_size (self->savepoint_revisions, self->savepoint_revisions->len - 1);
    }

  self->depth--;
}

/**
 * hw_store_get_revision:
 *
 * Returns: the latest revision handed out
 */
gint64
hw_store_get_revision (HwStore *self)
{
  gint64 revision = 0;

  g_return_val_if_fail (HW_IS_STORE (self), 0);

  if (self->depth > 0)
    return self->revision;

  _hw_store_read_meta (self, "revision", &revision, NULL);
  return revision;
}

gint64
hw_store_get_tombstone_horizon (HwStore *self)
{
  gint64 horizon = 0;

  g_return_val_if_fail (HW_IS_STORE (self), 0);

  _hw_store_read_meta (self, "tombstone_horizon", &horizon, NULL);
  return horizon;
}

gpointer
_hw_store_load (HwStore             *self,
                const HwEntityType  *type,
                const char          *id,
                gboolean             with_children,
                GError             **error)
{
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  g_autoptr(HwEntity) entity = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hw_store_prepare (self, sql->by_id, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    entity = _hw_store_read_entity (stmt, type, with_children);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL,
                          "There is no %s with id “%s”", type->name, id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&entity);
}

gboolean
_hw_store_exists (HwStore             *self,
                  const HwEntityType  *type,
                  const char          *id,
                  GError             **error)
{
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hw_store_prepare (self, sql->rev_of, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return rc == SQLITE_ROW;
}

/**
 * hw_store_get:
 *
 * Returns: (transfer full): the entity with its child rows, or %NULL with
 *   %HW_CORE_ERROR_NOT_FOUND
 */
gpointer
hw_store_get (HwStore             *self,
              const HwEntityType  *type,
              const char          *id,
              GError             **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  if (id == NULL || id[0] == '\0')
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL, "No %s id was given", type->name);
      return NULL;
    }

  return _hw_store_load (self, type, id, TRUE, error);
}

/**
 * hw_store_find_by:
 * @field: a unique field, e.g. "sku"
 *
 * Returns: (transfer full): the entity whose @field equals @value, or %NULL with
 *   %HW_CORE_ERROR_NOT_FOUND
 */
gpointer
hw_store_find_by (HwStore             *self,
                  const HwEntityType  *type,
                  const char          *field,
                  const char          *value,
                  GError             **error)
{
  const HwFieldSpec *spec;
  g_autofree char *sql = NULL;
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  spec = hw_entity_type_find_field (type, field);
  if (spec == NULL || !(spec->flags & HW_FIELD_UNIQUE))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, field,
                          "is not a unique field of %s", type->name);
      return NULL;
    }

  sql = g_strdup_printf ("SELECT \"id\" FROM \"%s\" WHERE \"%s\" = ?", type->table, spec->name);
  if (!(stmt = _hw_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL, "There is no %s with %s “%s”",
                          type->name, field, value);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return _hw_store_load (self, type, id, TRUE, error);
}

/**
 * hw_store_lookup_by:
 * @field: a unique field, e.g. "erp_id"
 * @out_entity: (out) (transfer full) (nullable): the entity whose @field equals @value,
 *   or %NULL when there is none
 *
 * hw_store_find_by() for a caller to whom a missing entity is no error (an import that
 * creates what it does not find): one statement, and no error made for a miss.
 *
 * Returns: FALSE with @error set when the database failed or @field is no unique field
 */
gboolean
hw_store_lookup_by (HwStore             *self,
                    const HwEntityType  *type,
                    const char          *field,
                    const char          *value,
                    gpointer            *out_entity,
                    GError             **error)
{
  const HwFieldSpec *spec;
  const HwTypeSql *sql;
  char text[2048];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_entity != NULL, FALSE);

  *out_entity = NULL;
  spec = hw_entity_type_find_field (type, field);
  if (spec == NULL || !(spec->flags & HW_FIELD_UNIQUE))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, field,
                          "is not a unique field of %s", type->name);
      return FALSE;
    }

  /* On the stack: the statement cache is keyed by the text, and this runs per record. */
  sql = _hw_store_type_sql (self, type);
  if (g_snprintf (text, sizeof text, "%s WHERE \"%s\" = ?", sql->select, spec->name) >=
      (int) sizeof text)
    g_error ("The columns of %s do not fit a lookup's statement", type->name);

  if (!(stmt = _hw_store_prepare (self, text, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_entity = _hw_store_read_entity (stmt, type, TRUE);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/* Typed wrappers */

#define HW_STORE_DEFINE_ENTITY(Type, name, plural)                                  \
  Type *                                                                            \
  hw_store_get_##name (HwStore *self, const char *id, GError **error)               \
  {                                                                                 \
    return hw_store_get (self, &hw_##name##_type, id, error);                       \
  }                                                                                 \
  gboolean                                                                          \
  hw_store_create_##name (HwStore *self, Type *entity, GError **error)              \
  {                                                                                 \
    g_return_val_if_fail (entity != NULL && HW_ENTITY (entity)->type ==             \
                          &hw_##name##_type, FALSE);                                \
    return hw_store_create (self, entity, error);                                   \
  }                                                                                 \
  gboolean                                                                          \
  hw_store_update_##name (HwStore *self, Type *entity, gint64 expected_rev,         \
                          GError **error)                                           \
  {                                                                                 \
    g_return_val_if_fail (entity != NULL && HW_ENTITY (entity)->type ==             \
                          &hw_##name##_type, FALSE);                                \
    return hw_store_update (self, entity, expected_rev, error);                     \
  }                                                                                 \
  gboolean                                                                          \
  hw_store_delete_##name (HwStore *self, const char *id, gint64 expected_rev,       \
                          GError **error)                                           \
  {                                                                                 \
    return hw_store_delete (self, &hw_##name##_type, id, expected_rev, error);      \
  }                                                                                 \
  HwPage *                                                                          \
  hw_store_list_##plural (HwStore *self, const HwQuery *query, GError **error)      \
  {                                                                                 \
    return hw_store_list (self, &hw_##name##_type, query, error);                   \
  }

HW_STORE_DEFINE_ENTITY (HwCategory, category, categories)
HW_STORE_DEFINE_ENTITY (HwAttribute, attribute, attributes)
HW_STORE_DEFINE_ENTITY (HwProduct, product, products)
HW_STORE_DEFINE_ENTITY (HwProductRelation, product_relation, product_relations)
HW_STORE_DEFINE_ENTITY (HwCatalogue, catalogue, catalogues)
HW_STORE_DEFINE_ENTITY (HwAccount, account, accounts)
HW_STORE_DEFINE_ENTITY (HwUser, user, users)
HW_STORE_DEFINE_ENTITY (HwVisibilityRule, visibility_rule, visibility_rules)
HW_STORE_DEFINE_ENTITY (HwPriceList, price_list, price_lists)
HW_STORE_DEFINE_ENTITY (HwPrice, price, prices)
HW_STORE_DEFINE_ENTITY (HwPriceAgreement, price_agreement, price_agreements)
HW_STORE_DEFINE_ENTITY (HwDiscountRule, discount_rule, discount_rules)
HW_STORE_DEFINE_ENTITY (HwOrder, order, orders)
HW_STORE_DEFINE_ENTITY (HwIntegration, integration, integrations)
HW_STORE_DEFINE_ENTITY (HwIntegrationRun, integration_run, integration_runs)
HW_STORE_DEFINE_ENTITY (HwAuditEntry, audit_entry, audit_entries)
HW_STORE_DEFINE_ENTITY (HwStaffUser, staff_user, staff_users)
