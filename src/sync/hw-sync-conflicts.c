/* hw-sync-conflicts.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-conflicts"

#include "config.h"

#include "hw-sync-engine-private.h"

/* The conflict API of HwSyncEngine, for the app: short calls on the main thread's own
 * connection to the replica (the worker's is the worker's alone). A resolution that
 * pushes again (keep mine, merged) starts a run soon, like a local edit. */

#define LIST_PAGE 200

void
hw_sync_conflict_free (HwSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_clear_pointer (&conflict->op, hw_outbox_op_free);
  g_clear_pointer (&conflict->fields, g_ptr_array_unref);
  g_free (conflict);
}

static HwStore *
main_store (HwSyncEngine  *self,
            GError       **error)
{
  if (self->main_store == NULL)
    self->main_store = hw_store_open (self->replica_path, HW_STORE_OPEN_REPLICA, error);
  return self->main_store;
}

static void
refresh_counts (HwSyncEngine *self)
{
  HwOutboxCounts counts;

  if (self->main_store != NULL && hw_store_outbox_count (self->main_store, &counts, NULL))
    _hw_sync_engine_set_counts (self, &counts);
}

/**
 * hw_sync_engine_list_conflicts:
 *
 * Returns: (transfer container) (element-type HwSyncConflict): every conflict in push
 *   order, each with its per-field diff (empty when the server deleted the entity or
 *   the conflict is of a delete), or %NULL with @error set
 */
GPtrArray *
hw_sync_engine_list_conflicts (HwSyncEngine  *self,
                               GError       **error)
{
  g_autoptr(GPtrArray) result = NULL;
  HwStore *store;
  gint64 after = 0;

  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), NULL);

  if (!(store = main_store (self, error)))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) hw_sync_conflict_free);
  for (;;)
    {
      g_autoptr(GPtrArray) ops = hw_store_outbox_list (store, HW_OUTBOX_CONFLICT, after,
                                                       LIST_PAGE, error);

      if (ops == NULL)
        return NULL;
      if (ops->len == 0)
        break;

      for (guint i = 0; i < ops->len; i++)
        {
          g_autoptr(HwSyncConflict) conflict = g_new0 (HwSyncConflict, 1);

          conflict->op = g_steal_pointer (&g_ptr_array_index (ops, i));
          after = conflict->op->seq;
          if (conflict->op->mine_json != NULL && conflict->op->theirs_json != NULL)
            {
              conflict->fields = hw_outbox_diff (conflict->op->type, conflict->op->base_json,
                                                 conflict->op->mine_json,
                                                 conflict->op->theirs_json, error);
              if (conflict->fields == NULL)
                return NULL;
            }
          else
            {
              conflict->fields = g_ptr_array_new_with_free_func (g_free);
            }
          g_ptr_array_add (result, g_steal_pointer (&conflict));
        }
    }

  refresh_counts (self);
  return g_steal_pointer (&result);
}

/**
 * hw_sync_engine_resolve:
 * @op_id: a conflict's op
 * @resolution: keep mine, take theirs, or merged
 * @take_theirs: (nullable): for %HW_RESOLVE_MERGED, the conflicting fields the user
 *   gave to theirs; fields only theirs changed are taken from theirs anyway
 *
 * Settles a conflict (hw_store_outbox_resolve()); keep mine and merged are pushed by a
 * run shortly after.
 */
gboolean
hw_sync_engine_resolve (HwSyncEngine        *self,
                        const char          *op_id,
                        HwResolution         resolution,
                        const char * const  *take_theirs,
                        GError             **error)
{
  g_autoptr(HwOutboxOp) op = NULL;
  gpointer merged = NULL;
  HwStore *store;
  gboolean ok;

  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  if (!(store = main_store (self, error)))
    return FALSE;

  if (resolution == HW_RESOLVE_MERGED)
    {
      if (!(op = hw_store_outbox_get (store, op_id, error)))
        return FALSE;
      if (!(merged = hw_outbox_merge (op->type, op->base_json, op->mine_json, op->theirs_json,
                                      take_theirs, error)))
        return FALSE;
    }

  ok = hw_store_outbox_resolve (store, op_id, resolution, merged, error);
  g_clear_pointer (&merged, hw_entity_free);
  refresh_counts (self);

  if (ok && resolution != HW_RESOLVE_TAKE_THEIRS)
    hw_sync_engine_local_changed (self);
  return ok;
}

/* Drops a rejected or conflicting edit (and the later ones of its entity): the row
 * goes back to the server's version (hw_store_outbox_revert()). */
gboolean
hw_sync_engine_revert (HwSyncEngine  *self,
                       const char    *op_id,
                       GError       **error)
{
  HwStore *store;
  gboolean ok;

  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  if (!(store = main_store (self, error)))
    return FALSE;

  ok = hw_store_outbox_revert (store, op_id, error);
  refresh_counts (self);
  return ok;
}
