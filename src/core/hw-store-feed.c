/* hw-store-feed.c
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

/* Changes feed */

static void
hw_change_free (gpointer data)
{
  HwChange *change = data;

  g_free (change->id);
  g_clear_pointer (&change->entity, hw_entity_free);
  g_free (change);
}

void
hw_change_page_free (HwChangePage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->changes, g_ptr_array_unref);
  g_free (page);
}

static gint
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const HwChange *x = *(const HwChange * const *) a;
  const HwChange *y = *(const HwChange * const *) b;

  return (x->rev > y->rev) - (x->rev < y->rev);
}

/* Up to @limit of (rev, id) with rev > @since from one rev-ordered source. */
static gboolean
collect_changes (HwStore             *self,
                 const char          *sql,
                 const HwEntityType  *type,
                 gboolean             deleted,
                 gint64               since,
                 guint                limit,
                 GPtrArray           *changes,
                 GError             **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HwChange *change = g_new0 (HwChange, 1);

      change->rev = sqlite3_column_int64 (stmt, 0);
      change->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      change->type = type ? type : hw_model_find_type ((const char *) sqlite3_column_text (stmt, 2));
      change->deleted = deleted;

      if (change->type == NULL)
        hw_change_free (change);
      else
        g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/**
 * hw_store_changes:
 * @since: the revision the caller has seen everything up to (0 for all)
 * @limit: at most this many changes (capped at %HW_QUERY_MAX_LIMIT)
 *
 * Every entity row carries its revision (indexed) and deletes leave tombstones, so a page
 * is the @limit smallest revisions above @since over all of them: each source gives at
 * most @limit, and the merge keeps the first @limit.
 *
 * Returns: (transfer full): upserts and tombstones with rev > @since in rev order, or
 *   %NULL with %HW_CORE_ERROR_GONE when @since is older than the tombstone horizon
 */
HwChangePage *
hw_store_changes (HwStore  *self,
                  gint64    since,
                  guint     limit,
                  GError  **error)
{
  return hw_store_changes_from (self, since, -1, limit, error);
}

/**
 * hw_store_changes_from:
 * @since: as for hw_store_changes()
 * @started_at: for a client in a full synchronisation, the store's revision when it
 *   began at @since 0 (or earlier); -1 otherwise
 * @limit: as for hw_store_changes()
 *
 * hw_store_changes() for a client resynchronising in full: its cursor may be below the
 * tombstone horizon while @started_at is not, as every forgotten deletion then
 * predates its sync and removed a row it never pulled. Without this, a full resync
 * after a purge would itself be answered "gone" at its second page.
 *
 * Returns: (transfer full): as hw_store_changes()
 */
HwChangePage *
hw_store_changes_from (HwStore  *self,
                       gint64    since,
                       gint64    started_at,
                       guint     limit,
                       GError  **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  g_autoptr(HwChangePage) page = NULL;
  gint64 horizon = 0;
  gboolean own;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  if (since < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "since", "must not be negative");
      return NULL;
    }

  limit = CLAMP (limit, 1, HW_QUERY_MAX_LIMIT);

  /* One read transaction, so the page is a consistent snapshot (the caller's, when one
   * is open: see hw_store_begin_read ()). */
  own = self->depth == 0 && !self->reading;
  if (own && !_hw_store_exec (self, "BEGIN;", error))
    return NULL;

  if (!_hw_store_read_meta (self, "tombstone_horizon", &horizon, error))
    goto failed;

  /* From 0 a client gets every live row and needs no deletion: that is the full
   * resynchronisation a 410 asks for, so it must not get one itself. */
  if (since > 0 && since < horizon && started_at < horizon)
    {
      hw_set_field_error (error, HW_CORE_ERROR_GONE, "since",
                          "revision %" G_GINT64_FORMAT " is older than the oldest kept "
                          "deletion (%" G_GINT64_FORMAT "); resynchronise in full",
                          since, horizon);
      goto failed;
    }

  page = g_new0 (HwChangePage, 1);
  page->changes = g_ptr_array_new_with_free_func (hw_change_free);
  page->next = since;

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *sql = NULL;

      if (!(types[t]->flags & HW_ENTITY_SYNCED))
        continue;

      sql = g_strdup_printf ("SELECT rev, id FROM \"%s\" WHERE rev > ? ORDER BY rev LIMIT ?",
                             types[t]->table);
      if (!collect_changes (self, sql, types[t], FALSE, since, limit + 1, page->changes, error))
        goto failed;
    }

  if (!collect_changes (self,
                        "SELECT rev, entity_id, entity FROM tombstones WHERE rev > ? "
                        "ORDER BY rev LIMIT ?",
                        NULL, TRUE, since, limit + 1, page->changes, error))
    goto failed;

  g_ptr_array_sort (page->changes, compare_changes);

  if (page->changes->len > limit)
    {
      page->has_more = TRUE;
      g_ptr_array_set_size (page->changes, limit);
    }

  for (guint i = 0; i < page->changes->len; i++)
    {
      HwChange *change = g_ptr_array_index (page->changes, i);

      if (!change->deleted &&
          !(change->entity = _hw_store_load (self, change->type, change->id, TRUE, error)))
        goto failed;

      page->next = change->rev;
    }

  if (own)
    _hw_store_exec (self, "COMMIT;", NULL);

  return g_steal_pointer (&page);

failed:
  if (own)
    _hw_store_exec (self, "ROLLBACK;", NULL);
  return NULL;
}

/**
 * hw_store_changed_types:
 * @since: a revision the caller knows everything up to
 *
 * Which entity types changed after @since, without reading any entity: one probe of the
 * rev index per type and a range of the tombstones. Cheap enough to ask on every new
 * revision (the rules snapshot does, to rebuild only what changed). Runs in the caller's
 * read transaction when one is open, else in one of its own.
 *
 * Returns: (transfer full): a set of `const HwEntityType *`, or %NULL with
 *   %HW_CORE_ERROR_GONE when deletions after @since have been purged
 */
GHashTable *
hw_store_changed_types (HwStore  *self,
                        gint64    since,
                        GError  **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  g_autoptr(GHashTable) changed = g_hash_table_new (g_direct_hash, g_direct_equal);
  sqlite3_stmt *stmt;
  gint64 horizon = 0;
  gboolean own;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  if (since < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "since", "must not be negative");
      return NULL;
    }

  own = self->depth == 0 && !self->reading;
  if (own && !_hw_store_exec (self, "BEGIN;", error))
    return NULL;

  if (!_hw_store_read_meta (self, "tombstone_horizon", &horizon, error))
    goto failed;
  if (since < horizon)
    {
      hw_set_field_error (error, HW_CORE_ERROR_GONE, "since",
                          "revision %" G_GINT64_FORMAT " is older than the oldest kept "
                          "deletion (%" G_GINT64_FORMAT ")", since, horizon);
      goto failed;
    }

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *sql = NULL;

      if (!(types[t]->flags & HW_ENTITY_SYNCED))
        continue;

      /* The table name comes from the model's descriptor, never from input. */
      sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM \"%s\" WHERE rev > ?)",
                             types[t]->table);
      if (!(stmt = _hw_store_prepare (self, sql, error)))
        goto failed;
      sqlite3_bind_int64 (stmt, 1, since);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0))
        g_hash_table_add (changed, (gpointer) types[t]);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          _hw_store_set_db_error (self, rc, error);
          goto failed;
        }
    }

  if (!(stmt = _hw_store_prepare (self, "SELECT DISTINCT entity FROM tombstones WHERE rev > ?",
                                  error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const HwEntityType *type = hw_model_find_type ((const char *) sqlite3_column_text (stmt, 0));

      if (type != NULL)
        g_hash_table_add (changed, (gpointer) type);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      goto failed;
    }

  if (own)
    _hw_store_exec (self, "COMMIT;", NULL);

  return g_steal_pointer (&changed);

failed:
  if (own)
    _hw_store_exec (self, "ROLLBACK;", NULL);
  return NULL;
}

/**
 * hw_store_purge_tombstones:
 * @before_rev: tombstones with a revision below this go
 *
 * Forgets old deletions. A client whose cursor is older than the new horizon gets
 * %HW_CORE_ERROR_GONE and resynchronises in full.
 */
gboolean
hw_store_purge_tombstones (HwStore  *self,
                           gint64    before_rev,
                           GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 horizon = 0;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  if (!hw_store_begin (self, error))
    return FALSE;

  if (!_hw_store_read_meta (self, "tombstone_horizon", &horizon, error))
    goto failed;

  if (before_rev <= horizon)
    return hw_store_commit (self, error);

  if (!(stmt = _hw_store_prepare (self, "DELETE FROM tombstones WHERE rev < ?", error)))
    goto failed;
  sqlite3_bind_int64 (stmt, 1, before_rev);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      goto failed;
    }

  /* A cursor at before_rev - 1 has seen every purged tombstone. */
  if (!_hw_store_write_meta (self, "tombstone_horizon", before_rev - 1, error))
    goto failed;

  return hw_store_commit (self, error);

failed:
  hw_store_rollback (self);
  return FALSE;
}

/**
 * hw_store_product_completeness:
 *
 * Returns the share, in percent, of required attributes the product has a value for.
 */
gboolean
hw_store_product_completeness (HwStore     *self,
                               const char  *product_id,
                               gint64      *out_percent,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_percent != NULL, FALSE);

  stmt = _hw_store_prepare (self, "SELECT completeness FROM products WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_percent = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL,
                          "There is no product with id “%s”", product_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/**
 * hw_store_attribute_product_ids:
 *
 * Returns: (transfer full) (element-type utf8): the ids of the products that hold a
 *   value of the attribute @attribute_id, in id order. Reads every product's values
 *   (they are a JSON column), so on a large assortment call it from a worker.
 */
GPtrArray *
hw_store_attribute_product_ids (HwStore     *self,
                                const char  *attribute_id,
                                GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (attribute_id != NULL, NULL);

  /* The column keeps each child row as an array of its fields: attribute_id first. */
  stmt = _hw_store_prepare (self,
                            "SELECT p.id FROM products AS p"
                            " WHERE EXISTS (SELECT 1 FROM json_each (p.attributes) AS v"
                            "               WHERE json_extract (v.value, '$[0]') = ?)"
                            " ORDER BY p.id",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, attribute_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * hw_store_content_checksum:
 *
 * Returns: (transfer full): a SHA-256 over the JSON of every synced entity in type and
 *   id order: two stores with the same content have the same checksum
 */
char *
hw_store_content_checksum (HwStore  *self,
                           GError  **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *cursor = NULL;

      if (!(types[t]->flags & HW_ENTITY_SYNCED))
        continue;

      g_checksum_update (checksum, (const guchar *) types[t]->name, -1);

      do
        {
          g_autoptr(HwQuery) query = hw_query_new ();
          g_autoptr(HwPage) page = NULL;

          hw_query_set_sort (query, "id", FALSE);
          hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
          hw_query_set_after (query, cursor);

          if (!(page = hw_store_list (self, types[t], query, error)))
            return NULL;

          for (guint i = 0; i < page->items->len; i++)
            {
              g_autofree char *json = hw_entity_to_json_string (g_ptr_array_index (page->items, i));
              g_checksum_update (checksum, (const guchar *) json, -1);
            }

          g_free (cursor);
          cursor = g_steal_pointer (&page->next_cursor);
        }
      while (cursor != NULL);
    }

  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * hw_store_check_integrity:
 *
 * Runs SQLite's integrity and foreign key checks.
 */
gboolean
hw_store_check_integrity (HwStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *result = NULL;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (result == NULL)
    return _hw_store_set_db_error (self, rc, error);

  if (g_strcmp0 (result, "ok") != 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "The database is damaged: %s", result);
      return FALSE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "The database has records that refer to missing records");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}
