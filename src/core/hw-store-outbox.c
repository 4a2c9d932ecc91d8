/* hw-store-outbox.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include "hw-json.h"
#include "hw-outbox.h"
#include "hw-store-private.h"

/* Local edits and the outbox of a replica; the rules are in hw-outbox.h. */

static const char * const kind_names[] = { "create", "update", "delete" };
static const char * const state_names[] = { "pending", "sent", "conflict", "rejected" };

#define OP_COLUMNS "seq, op_id, entity, entity_id, kind, state, base_rev, base, mine," \
                   " theirs_rev, theirs, server_rev, attempts, last_error, created_at"

const char *
hw_outbox_kind_to_string (HwOutboxKind kind)
{
  g_return_val_if_fail (kind <= HW_OUTBOX_DELETE, NULL);
  return kind_names[kind];
}

const char *
hw_outbox_state_to_string (HwOutboxState state)
{
  g_return_val_if_fail (state <= HW_OUTBOX_REJECTED, NULL);
  return state_names[state];
}

static guint
name_index (const char * const *names,
            guint               n_names,
            const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;

  return 0;
}

void
hw_outbox_op_free (HwOutboxOp *op)
{
  if (op == NULL)
    return;

  g_free (op->op_id);
  g_free (op->entity_id);
  g_free (op->base_json);
  g_free (op->mine_json);
  g_free (op->theirs_json);
  g_free (op->last_error);
  g_free (op);
}

static HwOutboxOp *
read_op (sqlite3_stmt *stmt)
{
  HwOutboxOp *op = g_new0 (HwOutboxOp, 1);

  op->seq = sqlite3_column_int64 (stmt, 0);
  op->op_id = _hw_store_column_text (stmt, 1);
  op->type = hw_model_find_type ((const char *) sqlite3_column_text (stmt, 2));
  op->entity_id = _hw_store_column_text (stmt, 3);
  op->kind = name_index (kind_names, G_N_ELEMENTS (kind_names),
                         (const char *) sqlite3_column_text (stmt, 4));
  op->state = name_index (state_names, G_N_ELEMENTS (state_names),
                          (const char *) sqlite3_column_text (stmt, 5));
  op->base_rev = sqlite3_column_int64 (stmt, 6);
  op->base_json = _hw_store_column_text (stmt, 7);
  op->mine_json = _hw_store_column_text (stmt, 8);
  op->theirs_rev = sqlite3_column_int64 (stmt, 9);
  op->theirs_json = _hw_store_column_text (stmt, 10);
  op->server_rev = sqlite3_column_int64 (stmt, 11);
  op->attempts = sqlite3_column_int64 (stmt, 12);
  op->last_error = _hw_store_column_text (stmt, 13);
  op->created_at = sqlite3_column_int64 (stmt, 14);

  return op;
}

/* Runs a prepared @stmt to the end; with @ops, collects its rows as ops. */
static gboolean
step_all (HwStore       *self,
          sqlite3_stmt  *stmt,
          GPtrArray     *ops,
          GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (ops != NULL)
      g_ptr_array_add (ops, read_op (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

void
_hw_store_outbox_bind_entity_key (sqlite3_stmt        *stmt,
                                  int                  first,
                                  const HwEntityType  *type,
                                  const char          *id)
{
  sqlite3_bind_text (stmt, first, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, first + 1, type->name, -1, SQLITE_STATIC);
}

/* The entity's latest op, or NULL in *out_op when it has none. */
static gboolean
latest_op (HwStore             *self,
           const HwEntityType  *type,
           const char          *id,
           HwOutboxOp         **out_op,
           GError             **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) hw_outbox_op_free);
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "SELECT " OP_COLUMNS " FROM outbox"
                                          " WHERE entity_id = ? AND entity = ?"
                                          " ORDER BY seq DESC LIMIT 1",
                                          error);

  *out_op = NULL;
  if (stmt == NULL)
    return FALSE;

  _hw_store_outbox_bind_entity_key (stmt, 1, type, id);
  if (!step_all (self, stmt, ops, error))
    return FALSE;

  if (ops->len > 0)
    *out_op = g_ptr_array_steal_index (ops, 0);

  return TRUE;
}

static HwOutboxOp *
op_by_id (HwStore     *self,
          const char  *op_id,
          GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) hw_outbox_op_free);
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "SELECT " OP_COLUMNS " FROM outbox WHERE op_id = ?",
                                          error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, op_id, -1, SQLITE_TRANSIENT);
  if (!step_all (self, stmt, ops, error))
    return NULL;

  if (ops->len == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL,
                          "There is no outbox entry “%s”", op_id);
      return NULL;
    }

  return g_ptr_array_steal_index (ops, 0);
}

/* The op @op_id, if it is in one of the states of @allowed. */
HwOutboxOp *
_hw_store_outbox_op_in_state (HwStore     *self,
                              const char  *op_id,
                              guint        allowed,
                              GError     **error)
{
  g_autoptr(HwOutboxOp) op = NULL;

  if (op_id == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL, "No outbox entry was given");
      return NULL;
    }

  if (!(op = op_by_id (self, op_id, error)))
    return NULL;

  if (op->type == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DATABASE, NULL,
                          "The outbox entry “%s” is of an unknown type", op_id);
      return NULL;
    }

  if (!(HW_OUTBOX_STATE_BIT (op->state) & allowed))
    {
      hw_set_field_error (error, HW_CORE_ERROR_STALE, NULL,
                          "The outbox entry “%s” is %s", op_id, state_names[op->state]);
      return NULL;
    }

  return g_steal_pointer (&op);
}

gboolean
_hw_store_outbox_run (HwStore       *self,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  return stmt != NULL && step_all (self, stmt, NULL, error);
}

char *
_hw_store_outbox_row_json (HwStore             *self,
                           const HwEntityType  *type,
                           const char          *id,
                           GError             **error)
{
  g_autoptr(HwEntity) row = _hw_store_load (self, type, id, TRUE, error);

  return row ? hw_entity_to_json_string (row) : NULL;
}

/* Local edits */

gboolean
_hw_store_outbox_delete_op (HwStore  *self,
                            gint64    seq,
                            GError  **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, "DELETE FROM outbox WHERE seq = ?", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  return _hw_store_outbox_run (self, stmt, error);
}

/* Appends the op of an edit, or folds it into the entity's latest op (hw-outbox.h). */
static gboolean
record_op (HwStore             *self,
           const HwOutboxOp    *last,
           HwOutboxKind         kind,
           const HwEntityType  *type,
           const char          *id,
           gint64               base_rev,
           const char          *base_json,
           const char          *mine_json,
           GError             **error)
{
  gint64 now = hw_store_now (self);
  sqlite3_stmt *stmt;

  if (last != NULL && last->state != HW_OUTBOX_SENT)
    {
      HwOutboxState state = last->state == HW_OUTBOX_REJECTED ? HW_OUTBOX_PENDING : last->state;

      /* A create the server never acknowledged, then deleted: nothing to tell it. */
      if (last->kind == HW_OUTBOX_CREATE && kind == HW_OUTBOX_DELETE)
        return _hw_store_outbox_delete_op (self, last->seq, error);

      if (last->kind == HW_OUTBOX_CREATE)
        kind = HW_OUTBOX_CREATE;

      /* A conflict or a refusal was sent: the rewritten op is a new request. */
      stmt = _hw_store_prepare (self,
                                "UPDATE outbox SET kind = ?, state = ?, mine = ?, updated_at = ?,"
                                " last_error = CASE WHEN ?5 THEN NULL ELSE last_error END,"
                                " op_id = coalesce (?7, op_id)"
                                " WHERE seq = ?6",
                                error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, state_names[state], -1, SQLITE_STATIC);
      _hw_store_bind_text_or_null (stmt, 3, mine_json);
      sqlite3_bind_int64 (stmt, 4, now);
      sqlite3_bind_int (stmt, 5, last->state == HW_OUTBOX_REJECTED);
      sqlite3_bind_int64 (stmt, 6, last->seq);
      if (last->state != HW_OUTBOX_PENDING)
        sqlite3_bind_text (stmt, 7, g_uuid_string_random (), -1, g_free);
      return _hw_store_outbox_run (self, stmt, error);
    }

  stmt = _hw_store_prepare (self,
                            "INSERT INTO outbox (op_id, entity, entity_id, kind, state, base_rev,"
                            " base, mine, created_at, updated_at)"
                            " VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, g_uuid_string_random (), -1, g_free);
  sqlite3_bind_text (stmt, 2, type->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, kind_names[kind], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, base_rev);
  _hw_store_bind_text_or_null (stmt, 6, base_json);
  _hw_store_bind_text_or_null (stmt, 7, mine_json);
  sqlite3_bind_int64 (stmt, 8, now);
  sqlite3_bind_int64 (stmt, 9, now);
  return _hw_store_outbox_run (self, stmt, error);
}

/* A store write with the row's rev pinned to @rev: see HwStore.rev_pinned. */
static gboolean
pinned_write (HwStore             *self,
              gint64               rev,
              HwOutboxKind         kind,
              const HwEntityType  *type,
              gpointer             entity,
              const char          *id,
              gint64               expected_rev,
              GError             **error)
{
  gboolean ok;

  self->rev_pinned = TRUE;
  self->pinned_rev = rev;

  switch (kind)
    {
    case HW_OUTBOX_CREATE:
      ok = hw_store_create (self, entity, error);
      break;
    case HW_OUTBOX_UPDATE:
      ok = hw_store_update (self, entity, expected_rev, error);
      break;
    case HW_OUTBOX_DELETE:
    default:
      ok = hw_store_delete (self, type, id, expected_rev, error);
      break;
    }

  self->rev_pinned = FALSE;
  return ok;
}

gboolean
_hw_store_outbox_pinned_update (HwStore   *self,
                                gint64     rev,
                                gpointer   entity,
                                GError   **error)
{
  return pinned_write (self, rev, HW_OUTBOX_UPDATE, HW_ENTITY (entity)->type, entity, NULL, -1,
                       error);
}

static gboolean
local_write (HwStore             *self,
             HwOutboxKind         kind,
             const HwEntityType  *type,
             gpointer             entity,
             const char          *delete_id,
             gint64               expected_rev,
             GError             **error)
{
  HwEntity *base = entity;
  g_autoptr(HwOutboxOp) last = NULL;
  g_autoptr(HwEntity) before = NULL;
  g_autofree char *base_json = NULL;
  g_autofree char *mine_json = NULL;
  g_autofree char *id = NULL;
  gboolean had_id = base != NULL && base->id != NULL;
  gint64 old_rev = base ? base->rev : 0;
  gint64 old_updated_at = base ? base->updated_at : 0;

  if (!hw_store_begin (self, error))
    return FALSE;

  if (kind == HW_OUTBOX_CREATE)
    {
      if (had_id && !latest_op (self, type, base->id, &last, error))
        goto failed;
      if (last != NULL)
        {
          hw_set_field_error (error, HW_CORE_ERROR_DUPLICATE, "id",
                              "a %s with this id exists or existed", type->name);
          goto failed;
        }
      if (!pinned_write (self, 0, kind, type, entity, NULL, -1, error))
        goto failed;
      id = g_strdup (base->id);
    }
  else
    {
      id = g_strdup (kind == HW_OUTBOX_UPDATE ? base->id : delete_id);

      /* Without an id, the store's write says what is wrong. */
      if (id == NULL ||
          !(before = _hw_store_load (self, type, id, TRUE, error)) ||
          !latest_op (self, type, id, &last, error) ||
          !pinned_write (self, before->rev, kind, type, entity, id, expected_rev, error))
        {
          if (id == NULL && kind == HW_OUTBOX_UPDATE)
            hw_store_update (self, entity, expected_rev, error);
          else if (id == NULL)
            hw_store_delete (self, type, NULL, expected_rev, error);
          goto failed;
        }
      base_json = hw_entity_to_json_string (before);
    }

  /* What the row holds now, computed fields included */
  if (kind != HW_OUTBOX_DELETE && !(mine_json = _hw_store_outbox_row_json (self, type, id, error)))
    goto failed;

  if (!record_op (self, last, kind, type, id, before ? before->rev : 0, base_json, mine_json,
                  error))
    goto failed;

  /* The store recomputed completeness itself; other connections must hear of it. */
  if (type == &hw_attribute_type && !_hw_store_replica_attributes_changed (self, FALSE, error))
    goto failed;

  if (!hw_store_commit (self, error))
    goto failed_committing;

  return TRUE;

failed:
  hw_store_rollback (self);
failed_committing:
  if (base != NULL)
    {
      if (!had_id)
        g_clear_pointer (&base->id, g_free);
      base->rev = old_rev;
      base->updated_at = old_updated_at;
    }
  return FALSE;
}

/**
 * hw_store_local_create:
 *
 * Creates @entity like hw_store_create() (same validation), with rev 0, and queues its
 * create in the outbox, in one transaction.
 */
gboolean
hw_store_local_create (HwStore   *self,
                       gpointer   entity,
                       GError   **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && HW_ENTITY (entity)->type != NULL, FALSE);

  return local_write (self, HW_OUTBOX_CREATE, HW_ENTITY (entity)->type, entity, NULL, -1,
                      error);
}

/**
 * hw_store_local_update:
 * @expected_rev: the rev the caller read (the row's rev), or -1 to skip the check
 *
 * Updates like hw_store_update() (same validation and %HW_CORE_ERROR_STALE), keeping the
 * row's rev, and queues or coalesces the update, in one transaction.
 */
gboolean
hw_store_local_update (HwStore   *self,
                       gpointer   entity,
                       gint64     expected_rev,
                       GError   **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && HW_ENTITY (entity)->type != NULL, FALSE);

  return local_write (self, HW_OUTBOX_UPDATE, HW_ENTITY (entity)->type, entity, NULL,
                      expected_rev, error);
}

/**
 * hw_store_local_delete:
 *
 * Deletes like hw_store_delete() (%HW_CORE_ERROR_IN_USE while referred to), and queues
 * or coalesces the delete, in one transaction.
 */
gboolean
hw_store_local_delete (HwStore             *self,
                       const HwEntityType  *type,
                       const char          *id,
                       gint64               expected_rev,
                       GError             **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  return local_write (self, HW_OUTBOX_DELETE, type, NULL, id, expected_rev, error);
}

/* Reading */

static GPtrArray *
list_ops (HwStore     *self,
          const char  *sql,
          const char  *state,
          gint64       after_seq,
          guint        limit,
          GError     **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) hw_outbox_op_free);
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after_seq);
  sqlite3_bind_int64 (stmt, 2, CLAMP (limit, 1, HW_QUERY_MAX_LIMIT));
  if (state != NULL)
    sqlite3_bind_text (stmt, 3, state, -1, SQLITE_STATIC);

  if (!step_all (self, stmt, ops, error))
    return NULL;

  return g_steal_pointer (&ops);
}

/**
 * hw_store_outbox_list_ready:
 * @after_seq: 0, or the seq of the last op of the previous page
 *
 * Returns: (transfer full) (element-type HwOutboxOp): up to @limit ops to push now
 */
GPtrArray *
hw_store_outbox_list_ready (HwStore  *self,
                            gint64    after_seq,
                            guint     limit,
                            GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  return list_ops (self,
                   "SELECT " OP_COLUMNS " FROM outbox o"
                   " WHERE seq > ?1 AND state IN ('pending', 'sent')"
                   " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.entity_id = o.entity_id"
                   "                 AND e.entity = o.entity AND e.seq < o.seq)"
                   " ORDER BY seq LIMIT ?2",
                   NULL, after_seq, limit, error);
}

/**
 * hw_store_outbox_list:
 *
 * Returns: (transfer full) (element-type HwOutboxOp): up to @limit ops in @state after
 *   @after_seq, in push order
 */
GPtrArray *
hw_store_outbox_list (HwStore        *self,
                      HwOutboxState   state,
                      gint64          after_seq,
                      guint           limit,
                      GError        **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (state <= HW_OUTBOX_REJECTED, NULL);

  return list_ops (self,
                   "SELECT " OP_COLUMNS " FROM outbox WHERE seq > ?1 AND state = ?3"
                   " ORDER BY seq LIMIT ?2",
                   state_names[state], after_seq, limit, error);
}

/**
 * hw_store_outbox_get:
 *
 * Returns: (transfer full): the op, or %NULL with %HW_CORE_ERROR_NOT_FOUND (it was
 *   settled, or never existed)
 */
HwOutboxOp *
hw_store_outbox_get (HwStore     *self,
                     const char  *op_id,
                     GError     **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (op_id != NULL, NULL);

  return op_by_id (self, op_id, error);
}

/**
 * hw_store_outbox_find:
 *
 * Returns: (transfer full): the latest op of the entity, or %NULL with
 *   %HW_CORE_ERROR_NOT_FOUND when it has no local edit
 */
HwOutboxOp *
hw_store_outbox_find (HwStore             *self,
                      const HwEntityType  *type,
                      const char          *entity_id,
                      GError             **error)
{
  HwOutboxOp *op = NULL;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL && entity_id != NULL, NULL);

  if (!latest_op (self, type, entity_id, &op, error))
    return NULL;

  if (op == NULL)
    hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, NULL,
                        "The %s “%s” has no local edit", type->name, entity_id);
  return op;
}

gboolean
hw_store_outbox_count (HwStore         *self,
                       HwOutboxCounts  *out_counts,
                       GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);

  memset (out_counts, 0, sizeof *out_counts);

  if (!(stmt = _hw_store_prepare (self, "SELECT state, count(*) FROM outbox GROUP BY state",
                                  error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      switch (name_index (state_names, G_N_ELEMENTS (state_names), state))
        {
        case HW_OUTBOX_PENDING: out_counts->pending = n; break;
        case HW_OUTBOX_SENT: out_counts->sent = n; break;
        case HW_OUTBOX_CONFLICT: out_counts->conflicts = n; break;
        case HW_OUTBOX_REJECTED: out_counts->rejected = n; break;
        default: g_assert_not_reached ();
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}
