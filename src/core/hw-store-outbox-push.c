/* hw-store-outbox-push.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-json.h"
#include "hw-outbox.h"
#include "hw-store-private.h"

/* The sync engine's answers to the outbox: what the server said to a push, and what the
 * user decided about a conflict or a refusal (hw-outbox.h). Each is one transaction. */

#define DELETED_FOR_GOOD G_MAXINT64  /* the rev of a deletion the server acknowledged */

static gboolean
check_server_entity (const HwOutboxOp  *op,
                     gconstpointer      entity,
                     const char        *what,
                     GError           **error)
{
  const HwEntity *base = entity;

  if (base == NULL || base->type != op->type || g_strcmp0 (base->id, op->entity_id) != 0 ||
      base->rev <= 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                          "%s is not a stored version of %s “%s”", what, op->type->name,
                          op->entity_id);
      return FALSE;
    }

  return TRUE;
}

/* Puts a server version (NULL: deleted) into the row. */
static gboolean
put_version (HwStore             *self,
             const HwEntityType  *type,
             const char          *id,
             const char          *json,
             GError             **error)
{
  g_autoptr(HwEntity) entity = NULL;

  if (json == NULL)
    {
      if (!_hw_store_replica_remove (self, type, id, error))
        return FALSE;
    }
  else
    {
      if (!(entity = hw_entity_from_json_string (type, json, -1, error)))
        return FALSE;

      if (g_strcmp0 (entity->id, id) != 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "is not “%s”", id);
          return FALSE;
        }

      if (!_hw_store_replica_put (self, entity, error))
        return FALSE;
    }

  return type != &hw_attribute_type ||
         _hw_store_replica_attributes_changed (self, TRUE, error);
}

/* The newest server version a pull noted on @op: rev 0 when none. */
static gboolean
read_note (HwStore           *self,
           const HwOutboxOp  *op,
           gint64            *out_rev,
           char             **out_json,
           GError           **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self,
                                          "SELECT server_rev, server FROM outbox WHERE seq = ?",
                                          error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->seq);
  rc = sqlite3_step (stmt);
  *out_rev = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  *out_json = rc == SQLITE_ROW ? _hw_store_column_text (stmt, 1) : NULL;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
count_ops (HwStore           *self,
           const HwOutboxOp  *op,
           const char        *sql,
           gint64            *out_count,
           GError           **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  _hw_store_outbox_bind_entity_key (stmt, 1, op->type, op->entity_id);
  sqlite3_bind_int64 (stmt, 3, op->seq);
  rc = sqlite3_step (stmt);
  *out_count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
set_row_rev (HwStore             *self,
             const HwEntityType  *type,
             const char          *id,
             gint64               rev,
             GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET rev = ? WHERE id = ?", type->table);
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rev);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return _hw_store_outbox_run (self, stmt, error);
}

/* Drops @op, the server now holding @json at @rev (@json NULL: deleted). The row gets that
 * version, or a newer one a pull met meanwhile; but when later ops of the entity wait,
 * they are rebased onto it and the row keeps their values, with the server's rev. */
static gboolean
settle (HwStore           *self,
        const HwOutboxOp  *op,
        gint64             rev,
        const char        *json,
        GError           **error)
{
  g_autofree char *noted_json = NULL;
  gint64 noted_rev = 0;
  gint64 later = 0;
  sqlite3_stmt *stmt;

  if (!read_note (self, op, &noted_rev, &noted_json, error) ||
      !_hw_store_outbox_delete_op (self, op->seq, error) ||
      !count_ops (self, op,
                  "SELECT count(*) FROM outbox WHERE entity_id = ? AND entity = ? AND seq > ?",
                  &later, error))
    return FALSE;

  if (later > 0)
    {
      gint64 base_rev = rev == DELETED_FOR_GOOD ? 0 : rev;

      stmt = _hw_store_prepare (self,
                                "UPDATE outbox SET base_rev = ?4, base = ?5"
                                " WHERE entity_id = ?1 AND entity = ?2 AND seq > ?3",
                                error);
      if (stmt == NULL)
        return FALSE;
      _hw_store_outbox_bind_entity_key (stmt, 1, op->type, op->entity_id);
      sqlite3_bind_int64 (stmt, 3, op->seq);
      sqlite3_bind_int64 (stmt, 4, base_rev);
      _hw_store_bind_text_or_null (stmt, 5, json);

      return _hw_store_outbox_run (self, stmt, error) &&
             set_row_rev (self, op->type, op->entity_id, base_rev, error);
    }

  if (noted_rev > rev)
    return put_version (self, op->type, op->entity_id, noted_json, error);

  return put_version (self, op->type, op->entity_id, json, error);
}

typedef gboolean (*AnswerFunc) (HwStore           *self,
                                const HwOutboxOp  *op,
                                gconstpointer      data,
                                GError           **error);

/* Runs @func on op @op_id in one transaction, if the op is in one of @allowed states. */
static gboolean
answer (HwStore        *self,
        const char     *op_id,
        guint           allowed,
        AnswerFunc      func,
        gconstpointer   data,
        GError        **error)
{
  g_autoptr(HwOutboxOp) op = NULL;

  if (!hw_store_begin (self, error))
    return FALSE;

  if (!(op = _hw_store_outbox_op_in_state (self, op_id, allowed, error)) ||
      !func (self, op, data, error))
    {
      hw_store_rollback (self);
      return FALSE;
    }

  return hw_store_commit (self, error);
}

static gboolean
update_op (HwStore           *self,
           const HwOutboxOp  *op,
           const char        *sql,
           const char        *text,
           GError           **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->seq);
  sqlite3_bind_int64 (stmt, 2, hw_store_now (self));
  if (text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  return _hw_store_outbox_run (self, stmt, error);
}

#define SENDABLE (HW_OUTBOX_STATE_BIT (HW_OUTBOX_PENDING) | HW_OUTBOX_STATE_BIT (HW_OUTBOX_SENT))

static gboolean
do_mark_sent (HwStore           *self,
              const HwOutboxOp  *op,
              gconstpointer      data,
              GError           **error)
{
  return update_op (self, op,
                    "UPDATE outbox SET state = 'sent', attempts = attempts + 1, updated_at = ?2"
                    " WHERE seq = ?1",
                    NULL, error);
}

/**
 * hw_store_outbox_mark_sent:
 *
 * Records that the op is being sent: from now on it is never rewritten, and it is resent
 * as it is (same op_id) until the server answers.
 */
gboolean
hw_store_outbox_mark_sent (HwStore     *self,
                           const char  *op_id,
                           GError     **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  return answer (self, op_id, SENDABLE, do_mark_sent, NULL, error);
}

static gboolean
do_mark_failed (HwStore           *self,
                const HwOutboxOp  *op,
                gconstpointer      message,
                GError           **error)
{
  return update_op (self, op, "UPDATE outbox SET last_error = ?3, updated_at = ?2 WHERE seq = ?1",
                    message, error);
}

gboolean
hw_store_outbox_mark_failed (HwStore     *self,
                             const char  *op_id,
                             const char  *message,
                             GError     **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  return answer (self, op_id, SENDABLE, do_mark_failed, message, error);
}

static gboolean
do_mark_rejected (HwStore           *self,
                  const HwOutboxOp  *op,
                  gconstpointer      message,
                  GError           **error)
{
  return update_op (self, op,
                    "UPDATE outbox SET state = 'rejected', last_error = ?3, updated_at = ?2"
                    " WHERE seq = ?1",
                    message, error);
}

gboolean
hw_store_outbox_mark_rejected (HwStore     *self,
                               const char  *op_id,
                               const char  *message,
                               GError     **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  return answer (self, op_id, SENDABLE, do_mark_rejected, message, error);
}

static gboolean
do_mark_conflict (HwStore           *self,
                  const HwOutboxOp  *op,
                  gconstpointer      theirs,
                  GError           **error)
{
  sqlite3_stmt *stmt;

  if (theirs != NULL && !check_server_entity (op, theirs, "The server's version", error))
    return FALSE;

  stmt = _hw_store_prepare (self,
                            "UPDATE outbox SET state = 'conflict', theirs_rev = ?2, theirs = ?3,"
                            " last_error = ?4, updated_at = ?5 WHERE seq = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, op->seq);
  sqlite3_bind_int64 (stmt, 2, theirs ? HW_ENTITY (theirs)->rev : 0);
  if (theirs != NULL)
    sqlite3_bind_text (stmt, 3, hw_entity_to_json_string (theirs), -1, g_free);
  sqlite3_bind_text (stmt, 4, theirs ? "Changed on the server meanwhile"
                                     : "Deleted on the server meanwhile", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, hw_store_now (self));
  return _hw_store_outbox_run (self, stmt, error);
}

gboolean
hw_store_outbox_mark_conflict (HwStore        *self,
                               const char     *op_id,
                               gconstpointer   theirs,
                               GError        **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  return answer (self, op_id, SENDABLE, do_mark_conflict, theirs, error);
}

static gboolean
do_complete (HwStore           *self,
             const HwOutboxOp  *op,
             gconstpointer      server_entity,
             GError           **error)
{
  g_autofree char *json = NULL;

  if (op->kind == HW_OUTBOX_DELETE)
    return settle (self, op, DELETED_FOR_GOOD, NULL, error);

  if (!check_server_entity (op, server_entity, "The server's answer", error))
    return FALSE;

  json = hw_entity_to_json_string (server_entity);
  return settle (self, op, HW_ENTITY (server_entity)->rev, json, error);
}

gboolean
hw_store_outbox_complete (HwStore        *self,
                          const char     *op_id,
                          gconstpointer   server_entity,
                          GError        **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  return answer (self, op_id, SENDABLE, do_complete, server_entity, error);
}

static gboolean
do_revert (HwStore           *self,
           const HwOutboxOp  *op,
           gconstpointer      data,
           GError           **error)
{
  g_autofree char *noted_json = NULL;
  const char *json = NULL;
  gint64 noted_rev = 0;
  gint64 earlier = 0;
  gint64 rev = 0;
  sqlite3_stmt *stmt;

  if (!read_note (self, op, &noted_rev, &noted_json, error) ||
      !count_ops (self, op,
                  "SELECT count(*) FROM outbox WHERE entity_id = ? AND entity = ? AND seq < ?",
                  &earlier, error))
    return FALSE;

  /* This op and the ones made on top of it go. */
  stmt = _hw_store_prepare (self,
                            "DELETE FROM outbox WHERE entity_id = ? AND entity = ? AND seq >= ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  _hw_store_outbox_bind_entity_key (stmt, 1, op->type, op->entity_id);
  sqlite3_bind_int64 (stmt, 3, op->seq);
  if (!_hw_store_outbox_run (self, stmt, error))
    return FALSE;

  /* An earlier op still in flight: the row goes back to what that one made. */
  if (earlier > 0)
    return put_version (self, op->type, op->entity_id, op->base_json, error);

  /* Otherwise the newest version the server is known to have: the base, one a pull met,
   * or theirs of a conflict; none for a create it never had. */
  if (op->kind != HW_OUTBOX_CREATE)
    {
      rev = op->base_rev;
      json = op->base_json;
    }
  if (noted_rev > rev)
    {
      rev = noted_rev;
      json = noted_json;
    }
  if (op->state == HW_OUTBOX_CONFLICT && (op->theirs_json == NULL || op->theirs_rev > rev))
    json = op->theirs_json;

  return put_version (self, op->type, op->entity_id, json, error);
}

gboolean
hw_store_outbox_revert (HwStore     *self,
                        const char  *op_id,
                        GError     **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  return answer (self, op_id,
                 HW_OUTBOX_STATE_BIT (HW_OUTBOX_PENDING) |
                 HW_OUTBOX_STATE_BIT (HW_OUTBOX_CONFLICT) |
                 HW_OUTBOX_STATE_BIT (HW_OUTBOX_REJECTED),
                 do_revert, NULL, error);
}

typedef struct
{
  HwResolution  resolution;
  gpointer      merged;
} Resolve;

static gboolean
do_resolve (HwStore           *self,
            const HwOutboxOp  *op,
            gconstpointer      data,
            GError           **error)
{
  const Resolve *resolve = data;
  g_autofree char *mine_json = NULL;
  sqlite3_stmt *stmt;

  if (resolve->resolution == HW_RESOLVE_TAKE_THEIRS)
    return settle (self, op, op->theirs_json ? op->theirs_rev : DELETED_FOR_GOOD,
                   op->theirs_json, error);

  if (op->theirs_json == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                          "The %s was deleted on the server: take theirs or revert",
                          op->type->name);
      return FALSE;
    }

  if (resolve->resolution == HW_RESOLVE_MERGED)
    {
      if (op->kind != HW_OUTBOX_UPDATE)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                              "Only an update can be merged");
          return FALSE;
        }
      if (resolve->merged == NULL || HW_ENTITY (resolve->merged)->type != op->type ||
          g_strcmp0 (HW_ENTITY (resolve->merged)->id, op->entity_id) != 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "is not “%s”", op->entity_id);
          return FALSE;
        }
      if (!_hw_store_outbox_pinned_update (self, op->theirs_rev, resolve->merged, error) ||
          (op->type == &hw_attribute_type &&
           !_hw_store_replica_attributes_changed (self, FALSE, error)) ||
          !(mine_json = _hw_store_outbox_row_json (self, op->type, op->entity_id, error)))
        return FALSE;
    }
  else
    {
      mine_json = g_strdup (op->mine_json);
      if (!set_row_rev (self, op->type, op->entity_id, op->theirs_rev, error))
        return FALSE;
    }

  /* A new request: a new Idempotency-Key, made on theirs. */
  stmt = _hw_store_prepare (self,
                            "UPDATE outbox SET op_id = ?2, state = 'pending', base_rev = theirs_rev,"
                            " base = theirs, mine = ?3, theirs_rev = 0, theirs = NULL,"
                            " attempts = 0, last_error = NULL, updated_at = ?4 WHERE seq = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, op->seq);
  sqlite3_bind_text (stmt, 2, g_uuid_string_random (), -1, g_free);
  _hw_store_bind_text_or_null (stmt, 3, mine_json);
  sqlite3_bind_int64 (stmt, 4, hw_store_now (self));
  return _hw_store_outbox_run (self, stmt, error);
}

gboolean
hw_store_outbox_resolve (HwStore       *self,
                         const char    *op_id,
                         HwResolution   resolution,
                         gpointer       merged,
                         GError       **error)
{
  Resolve resolve = { resolution, merged };

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (resolution <= HW_RESOLVE_MERGED, FALSE);

  return answer (self, op_id, HW_OUTBOX_STATE_BIT (HW_OUTBOX_CONFLICT), do_resolve, &resolve,
                 error);
}
