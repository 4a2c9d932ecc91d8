/* hw-store-replica.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include "hw-json.h"
#include "hw-replica.h"
#include "hw-store-private.h"

/* The desktop's copy of a server (hw-replica.h): rows written exactly as the changes feed
 * sent them, and the cursor saved with them. */

/* What a pull needs of the outbox */

gboolean
_hw_store_outbox_is_empty (HwStore   *self,
                           gboolean  *out_empty,
                           GError   **error)
{
  gint64 any = 0;

  if (!_hw_store_query_int64 (self, "SELECT EXISTS (SELECT 1 FROM outbox)", NULL, &any, error))
    return FALSE;

  *out_empty = any == 0;
  return TRUE;
}

gboolean
_hw_store_outbox_has_ops (HwStore             *self,
                          const HwEntityType  *type,
                          const char          *id,
                          gboolean            *out_has,
                          GError             **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "SELECT 1 FROM outbox WHERE entity_id = ? AND entity = ?"
                                          " LIMIT 1",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  _hw_store_outbox_bind_entity_key (stmt, 1, type, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  *out_has = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
_hw_store_outbox_note_server (HwStore             *self,
                              const HwEntityType  *type,
                              const char          *id,
                              gint64               rev,
                              gconstpointer        entity,
                              GError             **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "UPDATE outbox SET server_rev = ?, server = ?"
                                          " WHERE entity_id = ? AND entity = ? AND server_rev < ?",
                                          error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rev);
  if (entity != NULL)
    sqlite3_bind_text (stmt, 2, hw_entity_to_json_string (entity), -1, g_free);
  _hw_store_outbox_bind_entity_key (stmt, 3, type, id);
  sqlite3_bind_int64 (stmt, 5, rev);

  return _hw_store_outbox_run (self, stmt, error);
}

gboolean
_hw_store_outbox_reject_entity (HwStore             *self,
                                const HwEntityType  *type,
                                const char          *id,
                                const char          *message,
                                GError             **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "UPDATE outbox SET state = 'rejected', last_error = ?,"
                                          " updated_at = ?"
                                          " WHERE entity_id = ? AND entity = ? AND state <> 'sent'",
                                          error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, hw_store_now (self));
  _hw_store_outbox_bind_entity_key (stmt, 3, type, id);

  return _hw_store_outbox_run (self, stmt, error);
}

/* Rows */

static gboolean
bind_and_step (HwStore        *self,
               const char     *sql,
               gconstpointer   entity,
               int            *out_rc,
               GError        **error)
{
  const HwEntity *base = entity;
  sqlite3_stmt *stmt;

  if (!(stmt = _hw_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, base->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, base->rev);
  sqlite3_bind_int64 (stmt, 3, base->updated_at);
  _hw_store_bind_fields (stmt, 4, base->type->fields, base->type->n_fields, entity);
  *out_rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

/* @entity failed a unique constraint: the rows holding its value hold an older state (see
 * hw-replica.h), so they give way until their newer state arrives. */
static gboolean
free_unique_value (HwStore        *self,
                   gconstpointer   entity,
                   GError        **error)
{
  const HwEntity *base = entity;
  const HwEntityType *type = base->type;
  g_autofree char *message = g_strdup (sqlite3_errmsg (_hw_store_get_db (self)));
  g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autofree char *what = NULL;
  const char *columns = strstr (message, "failed: ");
  g_auto(GStrv) parts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (columns == NULL)
    goto unexpected;

  parts = g_strsplit (columns + strlen ("failed: "), ", ", -1);
  g_string_append_printf (sql, "SELECT id FROM \"%s\" WHERE id <> ?", type->table);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *dot = strrchr (parts[i], '.');
      const HwFieldSpec *spec = hw_entity_type_find_field (type, dot ? dot + 1 : parts[i]);

      if (spec == NULL || spec->kind == HW_FIELD_CHILDREN)
        goto unexpected;
      g_ptr_array_add (specs, (gpointer) spec);
      g_string_append_printf (sql, " AND \"%s\" = ?", spec->name);
    }

  if (!(stmt = _hw_store_prepare (self, sql->str, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, base->id, -1, SQLITE_TRANSIENT);
  for (guint i = 0; i < specs->len; i++)
    _hw_store_bind_fields (stmt, 2 + i, g_ptr_array_index (specs, i), 1, entity);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (holders, _hw_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  if (holders->len == 0)
    goto unexpected;

  what = g_strdup_printf ("%s is now used by another %s on the server",
                          ((const HwFieldSpec *) g_ptr_array_index (specs, specs->len - 1))->name,
                          type->name);

  for (guint i = 0; i < holders->len; i++)
    {
      const char *id = g_ptr_array_index (holders, i);
      gboolean has_ops = FALSE;

      if (!_hw_store_outbox_has_ops (self, type, id, &has_ops, error) ||
          (has_ops && !_hw_store_outbox_reject_entity (self, type, id, what, error)) ||
          !_hw_store_replica_remove (self, type, id, error))
        return FALSE;
    }

  return TRUE;

unexpected:
  hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                      "The %s “%s” from the server could not be stored: %s",
                      type->name, base->id, message);
  return FALSE;
}

/* Inserts or replaces the row of @entity exactly as it is, @exists telling which. */
static gboolean
put_row (HwStore        *self,
         gconstpointer   entity,
         gboolean        exists,
         GError        **error)
{
  const HwEntity *base = entity;
  const HwEntityType *type = base->type;
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  g_autoptr(HwEntity) previous = NULL;
  gint64 seq = 0;

  if (exists && type == &hw_product_type &&
      (!_hw_store_search_seq (self, base->id, &seq, error) ||
       !(previous = _hw_store_load (self, type, base->id, FALSE, error))))
    return FALSE;

  /* Each holder of a unique value that gives way frees one constraint. */
  for (guint attempt = 0; ; attempt++)
    {
      int rc = SQLITE_OK;

      if (!bind_and_step (self, exists ? sql->update : sql->insert, entity, &rc, error))
        return FALSE;
      if (rc == SQLITE_DONE)
        break;
      if (rc != SQLITE_CONSTRAINT_UNIQUE || attempt >= type->n_fields)
        return _hw_store_set_db_error (self, rc, error);
      if (!free_unique_value (self, entity, error))
        return FALSE;
    }

  if (type == &hw_product_type &&
      !_hw_store_search_replace (self,
                                 exists ? seq : sqlite3_last_insert_rowid (_hw_store_get_db (self)),
                                 (HwProduct *) previous, entity, error))
    return FALSE;

  return TRUE;
}

/**
 * _hw_store_replica_put:
 *
 * Inserts or replaces the row of @entity exactly as it is (rev, updated_at, computed
 * fields), keeping the search index in step. Call inside a transaction.
 */
gboolean
_hw_store_replica_put (HwStore        *self,
                       gconstpointer   entity,
                       GError        **error)
{
  const HwEntity *base = entity;
  g_autoptr(GError) local_error = NULL;
  gboolean exists;

  exists = _hw_store_exists (self, base->type, base->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return put_row (self, entity, exists, error);
}

/**
 * _hw_store_replica_remove:
 *
 * Deletes the row of @type @id, if there is one, and its search entry. No tombstone: a
 * replica serves no feed.
 */
gboolean
_hw_store_replica_remove (HwStore             *self,
                          const HwEntityType  *type,
                          const char          *id,
                          GError             **error)
{
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  g_autoptr(HwEntity) previous = NULL;
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  int rc;

  if (type == &hw_product_type)
    {
      if (!_hw_store_search_seq (self, id, &seq, error))
        return FALSE;
      if (seq == 0)
        return TRUE;
      if (!(previous = _hw_store_load (self, type, id, FALSE, error)))
        return FALSE;
    }

  if (!(stmt = _hw_store_prepare (self, sql->remove, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  if (previous != NULL &&
      !_hw_store_search_replace (self, seq, (HwProduct *) previous, NULL, error))
    return FALSE;

  return TRUE;
}

gboolean
_hw_store_replica_attributes_changed (HwStore   *self,
                                      gboolean   recompute,
                                      GError   **error)
{
  gint64 generation = 0;

  return (!recompute || _hw_store_recompute_completeness (self, error)) &&
         _hw_store_read_meta (self, "local_generation", &generation, error) &&
         _hw_store_write_meta (self, "local_generation", generation + 1, error);
}

static gboolean
row_rev (HwStore             *self,
         const HwEntityType  *type,
         const char          *id,
         gboolean            *out_exists,
         gint64              *out_rev,
         GError             **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, _hw_store_type_sql (self, type)->rev_of, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *out_exists = rc == SQLITE_ROW;
  *out_rev = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
apply_one (HwStore         *self,
           const HwChange  *change,
           gboolean         check_outbox,
           gboolean        *touched_attributes,
           GError         **error)
{
  const HwEntity *entity = change->entity;
  gboolean exists = FALSE;
  gint64 current = 0;

  if (change->type == NULL || change->id == NULL ||
      (!change->deleted &&
       (entity == NULL || entity->type != change->type || g_strcmp0 (entity->id, change->id) != 0 ||
        entity->rev != change->rev)))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                          "A change of revision %" G_GINT64_FORMAT " does not describe its entity",
                          change->rev);
      return FALSE;
    }

  /* Server-only types never come through the feed; ignore them should they. */
  if (!(change->type->flags & HW_ENTITY_SYNCED))
    return TRUE;

  if (change->rev > self->revision)
    {
      self->revision = change->rev;
      self->revision_dirty = TRUE;
    }

  /* A row with local edits keeps them; the push meets this version as a conflict. */
  if (check_outbox)
    {
      gboolean has_ops = FALSE;

      if (!_hw_store_outbox_has_ops (self, change->type, change->id, &has_ops, error))
        return FALSE;
      if (has_ops)
        return _hw_store_outbox_note_server (self, change->type, change->id, change->rev,
                                             entity, error);
    }

  if (!row_rev (self, change->type, change->id, &exists, &current, error))
    return FALSE;

  /* Applying a page again, or an older one, changes nothing. */
  if (exists && current >= change->rev)
    return TRUE;

  if (change->deleted)
    {
      if (!exists)
        return TRUE;
      if (!_hw_store_replica_remove (self, change->type, change->id, error))
        return FALSE;
    }
  else if (!put_row (self, entity, exists, error))
    return FALSE;

  if (change->type == &hw_attribute_type)
    *touched_attributes = TRUE;

  return TRUE;
}

/**
 * hw_store_apply_changes:
 * @changes: (element-type HwChange): a page of the server's changes feed, in rev order
 * @cursor: the page's next cursor, saved with it
 *
 * Applies a page of the changes feed in one transaction together with its cursor, so a
 * crash at any point leaves the data and the cursor of the same page: the sync resumes
 * from the cursor. Upserts are written exactly as sent, tombstones delete. Idempotent: a
 * change at or below the row's rev changes nothing, and the cursor never goes back.
 * Rows with local edits (hw-outbox.h) are left as they are; the server's version is
 * noted on their ops. Products' completeness is recomputed when attributes changed, as
 * the server does without a new revision for each product.
 *
 * Needs a store opened with %HW_STORE_OPEN_REPLICA. The page commits with
 * synchronous=NORMAL (see the comment inside); the connection stays at FULL otherwise.
 */
gboolean
hw_store_apply_changes (HwStore    *self,
                        GPtrArray  *changes,
                        gint64      cursor,
                        GError    **error)
{
  gboolean touched_attributes = FALSE;
  gboolean outbox_empty = TRUE;
  gboolean relaxed = FALSE;
  gboolean committed;
  gint64 saved = 0;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);

  if (!self->replica)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                          "Changes can only be applied to a store opened as a replica");
      return FALSE;
    }

  if (cursor < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "next", "must not be negative");
      return FALSE;
    }

  /* A pulled page needs no fsync of its own: in WAL mode a commit at NORMAL is atomic
   * and survives a crash of the program; power loss may take the last pages back, data
   * and cursor together, and they are pulled again. An edit saved offline is another
   * matter, so the connection is at FULL again for everything else, and the next FULL
   * commit makes the pages before it durable too. */
  relaxed = self->depth == 0 && _hw_store_exec (self, "PRAGMA synchronous = NORMAL;", error);
  if (self->depth == 0 && !relaxed)
    return FALSE;

  if (!hw_store_begin (self, error))
    goto failed_to_begin;

  if (!_hw_store_outbox_is_empty (self, &outbox_empty, error))
    goto failed;

  for (guint i = 0; i < changes->len; i++)
    if (!apply_one (self, g_ptr_array_index (changes, i), !outbox_empty, &touched_attributes,
                    error))
      goto failed;

  if (touched_attributes && !_hw_store_recompute_completeness (self, error))
    goto failed;

  if (!_hw_store_read_meta (self, "sync_cursor", &saved, error) ||
      (cursor > saved && !_hw_store_write_meta (self, "sync_cursor", cursor, error)))
    goto failed;

  committed = hw_store_commit (self, error);
  goto out;

failed:
  hw_store_rollback (self);
failed_to_begin:
  committed = FALSE;
out:
  if (relaxed && !_hw_store_exec (self, "PRAGMA synchronous = FULL;", committed ? error : NULL))
    committed = FALSE;
  return committed;
}

/**
 * hw_store_apply_change_page:
 *
 * hw_store_apply_changes() with the page's changes and its next cursor.
 */
gboolean
hw_store_apply_change_page (HwStore       *self,
                            HwChangePage  *page,
                            GError       **error)
{
  g_return_val_if_fail (page != NULL, FALSE);

  return hw_store_apply_changes (self, page->changes, page->next, error);
}

/**
 * hw_store_get_sync_cursor:
 *
 * Returns: the cursor saved with the last page applied: ask the feed with since=cursor;
 *   0 before the first page and after hw_store_replica_reset()
 */
gint64
hw_store_get_sync_cursor (HwStore *self)
{
  gint64 cursor = 0;

  g_return_val_if_fail (HW_IS_STORE (self), 0);

  _hw_store_read_meta (self, "sync_cursor", &cursor, NULL);
  return cursor;
}

/**
 * hw_store_replica_reset:
 *
 * Prepares a full resync (the server answered 410 Gone): in one transaction, removes
 * every synced row that has no local edit and sets the cursor back to 0. The outbox and
 * the rows it edits stay; the next pulls skip those rows as usual.
 */
gboolean
hw_store_replica_reset (HwStore  *self,
                        GError  **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  if (!hw_store_begin (self, error))
    return FALSE;

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (!(types[t]->flags & HW_ENTITY_SYNCED))
        continue;

      sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE NOT EXISTS (SELECT 1 FROM outbox o"
                             " WHERE o.entity_id = \"%s\".id AND o.entity = ?)",
                             types[t]->table, types[t]->table);
      if (!(stmt = _hw_store_prepare (self, sql, error)))
        goto failed;
      sqlite3_bind_text (stmt, 1, types[t]->name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _hw_store_set_db_error (self, rc, error);
          goto failed;
        }
    }

  /* The index forgets the deleted products only when rebuilt; then every product left is
   * indexed, and nothing waits for the commit. */
  if (!_hw_store_exec (self, "DELETE FROM tombstones;"
                             "INSERT INTO products_fts (products_fts) VALUES ('rebuild');",
                       error) ||
      !_hw_store_search_begin (self, error) ||
      !_hw_store_write_meta (self, "sync_cursor", 0, error) ||
      !_hw_store_replica_attributes_changed (self, TRUE, error))
    goto failed;

  return hw_store_commit (self, error);

failed:
  hw_store_rollback (self);
  return FALSE;
}
