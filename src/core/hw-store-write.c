/* hw-store-write.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-store-private.h"

/* One entity write. Writes are ordered so that only their first statement can fail on
 * the data (a unique or foreign key constraint), and SQLite undoes a failed statement by
 * itself; so no savepoint per write is needed, which matters when seeding millions. A
 * failure after the first statement (I/O, disk full) poisons the caller's transaction:
 * it can then only be rolled back. Outside a transaction the write makes its own. */
static gboolean
write_begin (HwStore   *self,
             gboolean  *owned,
             GError   **error)
{
  if (self->poisoned_at != 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "An earlier write in this transaction failed halfway; roll it back");
      *owned = FALSE;
      return FALSE;
    }

  *owned = self->depth == 0;
  return !*owned || hw_store_begin (self, error);
}

static gboolean
write_end (HwStore   *self,
           gboolean   owned,
           GError   **error)
{
  return !owned || hw_store_commit (self, error);
}

static gboolean check_references (HwStore            *self,
                                  const HwFieldSpec  *fields,
                                  guint               n_fields,
                                  gconstpointer       record,
                                  const char         *prefix,
                                  gboolean            with_children,
                                  GError            **error);

/* Inserts or updates the row of @entity (@sql binds id, rev, updated_at, then every
 * field) as the next revision. On failure nothing was written and @entity is as it was. */
static gboolean
write_row (HwStore     *self,
           const char  *sql,
           gpointer     entity,
           GError     **error)
{
  HwEntity *base = entity;
  gint64 old_updated_at = base->updated_at;
  gint64 rev = self->rev_pinned ? self->pinned_rev : self->revision + 1;
  sqlite3_stmt *stmt;
  int rc;

  /* A replica does not enforce foreign keys (rows arrive out of order), so its own
   * writes look up what the foreign keys would: the references of the row itself. */
  if (self->replica &&
      !check_references (self, base->type->fields, base->type->n_fields, entity, NULL, FALSE,
                         error))
    return FALSE;

  if (!(stmt = _hw_store_prepare (self, sql, error)))
    return FALSE;

  base->updated_at = hw_store_now (self);

  sqlite3_bind_text (stmt, 1, base->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, rev);
  sqlite3_bind_int64 (stmt, 3, base->updated_at);
  _hw_store_bind_fields (stmt, 4, base->type->fields, base->type->n_fields, entity);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      base->updated_at = old_updated_at;

      /* Looking each reference up before writing would cost a lookup per reference on
       * every write; SQLite checks them anyway. Name the one that failed afterwards. */
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY &&
          !check_references (self, base->type->fields, base->type->n_fields, entity, NULL,
                             TRUE, error))
        return FALSE;

      return _hw_store_set_db_error (self, rc, error);
    }

  base->rev = rev;
  if (!self->rev_pinned)
    {
      self->revision = rev;
      self->revision_dirty = TRUE;
    }
  return TRUE;
}

/* Nothing was written: undo only what we opened ourselves. */
static void
write_abort_clean (HwStore  *self,
                   gboolean  owned)
{
  if (owned)
    hw_store_rollback (self);
}

/* Something was written: the entity is half there, so it must not be committed. */
static void
write_abort_dirty (HwStore  *self,
                   gboolean  owned)
{
  if (owned)
    hw_store_rollback (self);
  else if (self->poisoned_at == 0)
    self->poisoned_at = self->depth;
}

static gboolean
add_tombstone (HwStore             *self,
               const HwEntityType  *type,
               const char          *id,
               gint64               rev,
               GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(type->flags & HW_ENTITY_SYNCED))
    return TRUE;

  stmt = _hw_store_prepare (self,
                            "INSERT INTO tombstones (rev, entity, entity_id) VALUES (?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rev);
  sqlite3_bind_text (stmt, 2, type->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
was_deleted (HwStore             *self,
             const HwEntityType  *type,
             const char          *id)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _hw_store_prepare (self,
                            "SELECT 1 FROM tombstones WHERE entity_id = ? AND entity = ?",
                            NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type->name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  return rc == SQLITE_ROW;
}

static gboolean
check_references (HwStore            *self,
                  const HwFieldSpec  *fields,
                  guint               n_fields,
                  gconstpointer       record,
                  const char         *prefix,
                  gboolean            with_children,
                  GError            **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      if (spec->kind == HW_FIELD_REF && hw_field_is_set (spec, record))
        {
          const char *id = *HW_FIELD_PTR (record, spec, char *);
          g_autoptr(GError) local_error = NULL;

          if (!_hw_store_exists (self, spec->ref, id, &local_error))
            {
              g_autofree char *name = prefix ? g_strdup_printf ("%s.%s", prefix, spec->name)
                                             : g_strdup (spec->name);

              if (local_error != NULL)
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                    "unknown %s “%s”", spec->ref->name, id);
              return FALSE;
            }
        }
      else if (spec->kind == HW_FIELD_CHILDREN && with_children)
        {
          GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);

          for (guint j = 0; rows != NULL && j < rows->len; j++)
            {
              g_autofree char *row_name = g_strdup_printf ("%s[%u]", spec->name, j);

              if (!check_references (self, spec->child->fields, spec->child->n_fields,
                                     g_ptr_array_index (rows, j), row_name, TRUE, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
validate_entity (HwStore        *self,
                 gpointer        entity,
                 gconstpointer   previous,
                 GError        **error)
{
  const HwEntityType *type = HW_ENTITY (entity)->type;

  /* References are left to the foreign keys: see write_row (). */
  return hw_fields_validate (type->fields, type->n_fields, entity, NULL, error) &&
         _hw_store_check_entity (self, entity, previous, error);
}

/**
 * hw_store_create:
 * @entity: an entity; its id is kept when set (a UUID the client made) and made
 *   otherwise. On success its rev and updated_at are set.
 */
gboolean
hw_store_create (HwStore   *self,
                 gpointer   entity,
                 GError   **error)
{
  HwEntity *base = entity;
  const HwEntityType *type;
  const HwTypeSql *sql;
  g_autofree char *new_id = NULL;
  gint64 old_rev, old_updated_at;
  gboolean owned;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (base != NULL && base->type != NULL, FALSE);

  type = base->type;
  sql = _hw_store_type_sql (self, type);
  old_rev = base->rev;
  old_updated_at = base->updated_at;

  if (base->id != NULL && !hw_uuid_is_valid (base->id))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "is not a UUID");
      return FALSE;
    }

  if (!write_begin (self, &owned, error))
    return FALSE;

  if (base->id == NULL)
    base->id = new_id = hw_uuid_new_time_ordered ();
  else if (was_deleted (self, type, base->id))
    {
      hw_set_field_error (error, HW_CORE_ERROR_DUPLICATE, "id",
                          "a %s with this id exists or existed", type->name);
      goto failed_clean;
    }

  if (!validate_entity (self, entity, NULL, error))
    goto failed_clean;

  if (!write_row (self, sql->insert, entity, error))
    goto failed_clean;

  if ((type == &hw_product_type &&
       !_hw_store_search_replace (self, sqlite3_last_insert_rowid (self->db), NULL, entity,
                                  error)) ||
      !_hw_store_after_write (self, entity, error))
    {
      write_abort_dirty (self, owned);
      goto failed;
    }

  if (!write_end (self, owned, error))
    goto failed;

  g_steal_pointer (&new_id);
  return TRUE;

failed_clean:
  write_abort_clean (self, owned);
failed:
  if (new_id != NULL)
    base->id = NULL;
  base->rev = old_rev;
  base->updated_at = old_updated_at;
  return FALSE;
}

/**
 * hw_store_update:
 * @expected_rev: the revision the caller read, or -1 to skip the check
 *
 * Replaces the stored entity with @entity (matched by id), child rows included.
 * Fails with %HW_CORE_ERROR_STALE when the stored revision is not @expected_rev.
 */
gboolean
hw_store_update (HwStore   *self,
                 gpointer   entity,
                 gint64     expected_rev,
                 GError   **error)
{
  HwEntity *base = entity;
  const HwEntityType *type;
  const HwTypeSql *sql;
  g_autoptr(HwEntity) previous = NULL;
  gint64 old_rev, old_updated_at;
  gint64 seq = 0;
  gboolean owned;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (base != NULL && base->type != NULL, FALSE);

  type = base->type;
  sql = _hw_store_type_sql (self, type);
  old_rev = base->rev;
  old_updated_at = base->updated_at;

  if (base->id == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "must be given to update");
      return FALSE;
    }

  if (!write_begin (self, &owned, error))
    return FALSE;

  if (!(previous = _hw_store_load (self, type, base->id, TRUE, error)))
    goto failed_clean;

  if (expected_rev >= 0 && previous->rev != expected_rev)
    {
      hw_set_field_error (error, HW_CORE_ERROR_STALE, NULL,
                          "The %s was changed by someone else (revision %" G_GINT64_FORMAT
                          ", expected %" G_GINT64_FORMAT ")",
                          type->name, previous->rev, expected_rev);
      goto failed_clean;
    }

  if (!validate_entity (self, entity, previous, error))
    goto failed_clean;

  if (type == &hw_product_type && !_hw_store_search_seq (self, base->id, &seq, error))
    goto failed_clean;

  if (!write_row (self, sql->update, entity, error))
    goto failed_clean;

  if ((type == &hw_product_type &&
       !_hw_store_search_replace (self, seq, (HwProduct *) previous, entity, error)) ||
      !_hw_store_after_write (self, entity, error))
    {
      write_abort_dirty (self, owned);
      goto failed;
    }

  if (!write_end (self, owned, error))
    goto failed;

  return TRUE;

failed_clean:
  write_abort_clean (self, owned);
failed:
  base->rev = old_rev;
  base->updated_at = old_updated_at;
  return FALSE;
}

/* Fails with %HW_CORE_ERROR_IN_USE naming a reference to @type @id, if there is one. */
gboolean
_hw_store_check_not_referenced (HwStore             *self,
                                const HwEntityType  *type,
                                const char          *id,
                                GError             **error)
{
  const HwEntityType * const *types = hw_model_entity_types ();

  /* SQLite does not say which reference blocked the delete; find one to name it. */
  for (guint t = 0; types[t] != NULL; t++)
    for (guint i = 0; i < types[t]->n_fields; i++)
      {
        const HwFieldSpec *spec = &types[t]->fields[i];
        g_autofree char *sql = NULL;
        sqlite3_stmt *stmt;
        gint64 count = 0;

        if (spec->kind != HW_FIELD_REF || spec->ref != type)
          continue;

        sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE \"%s\" = ?",
                               types[t]->table, spec->name);
        if (!(stmt = _hw_store_prepare (self, sql, NULL)))
          continue;
        sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          count = sqlite3_column_int64 (stmt, 0);
        sqlite3_reset (stmt);

        if (count > 0)
          {
            hw_set_field_error (error, HW_CORE_ERROR_IN_USE, NULL,
                                "The %s is still used by %" G_GINT64_FORMAT " %s (%s)",
                                type->name, count,
                                count == 1 ? types[t]->name : types[t]->plural, spec->name);
            return FALSE;
          }
      }

  return TRUE;
}

static void
explain_in_use (HwStore             *self,
                const HwEntityType  *type,
                const char          *id,
                GError             **error)
{
  if (_hw_store_check_not_referenced (self, type, id, error))
    hw_set_field_error (error, HW_CORE_ERROR_IN_USE, NULL,
                        "The %s is still referred to by other records", type->name);
}

/**
 * hw_store_delete:
 * @expected_rev: the revision the caller read, or -1 to skip the check
 *
 * Deletes the entity and leaves a tombstone. Entities that others refer to are kept
 * and %HW_CORE_ERROR_IN_USE says by what.
 */
gboolean
hw_store_delete (HwStore             *self,
                 const HwEntityType  *type,
                 const char          *id,
                 gint64               expected_rev,
                 GError             **error)
{
  const HwTypeSql *sql;
  sqlite3_stmt *stmt;
  g_autoptr(HwEntity) previous = NULL;
  gint64 current_rev = 0;
  gint64 seq = 0;
  gint64 rev = 0;
  gboolean owned;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  if (id == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL, "No %s id was given", type->name);
      return FALSE;
    }

  sql = _hw_store_type_sql (self, type);

  if (!write_begin (self, &owned, error))
    return FALSE;

  if (!(stmt = _hw_store_prepare (self, sql->rev_of, error)))
    goto failed_clean;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    current_rev = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL,
                          "There is no %s with id “%s”", type->name, id);
      goto failed_clean;
    }
  if (rc != SQLITE_ROW)
    {
      _hw_store_set_db_error (self, rc, error);
      goto failed_clean;
    }

  if (expected_rev >= 0 && current_rev != expected_rev)
    {
      hw_set_field_error (error, HW_CORE_ERROR_STALE, NULL,
                          "The %s was changed by someone else (revision %" G_GINT64_FORMAT
                          ", expected %" G_GINT64_FORMAT ")",
                          type->name, current_rev, expected_rev);
      goto failed_clean;
    }

  if (!_hw_store_check_delete (self, type, id, error) ||
      (self->replica && !_hw_store_check_not_referenced (self, type, id, error)))
    goto failed_clean;

  if (type == &hw_product_type &&
      (!_hw_store_search_seq (self, id, &seq, error) ||
       !(previous = _hw_store_load (self, type, id, FALSE, error))))
    goto failed_clean;

  /* The row first: a reference from elsewhere stops the delete before anything changed. */
  if (!(stmt = _hw_store_prepare (self, sql->remove, error)))
    goto failed_clean;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      explain_in_use (self, type, id, error);
      goto failed_clean;
    }
  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      goto failed_clean;
    }

  if (!self->rev_pinned)
    {
      rev = ++self->revision;
      self->revision_dirty = TRUE;
    }

  /* A local edit leaves no tombstone: the outbox carries the delete to the server. */
  if ((!self->rev_pinned && !add_tombstone (self, type, id, rev, error)) ||
      (type == &hw_product_type &&
       !_hw_store_search_replace (self, seq, (HwProduct *) previous, NULL, error)) ||
      (type == &hw_attribute_type && !_hw_store_recompute_completeness (self, error)))
    {
      write_abort_dirty (self, owned);
      return FALSE;
    }

  return write_end (self, owned, error);

failed_clean:
  write_abort_clean (self, owned);
  return FALSE;
}
