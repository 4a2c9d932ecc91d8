/* hw-edit-journal.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-edit-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-core-error.h"
#include "hw-edit-journal.h"

/* What a group of local edits changed, so that one Undo can take it all back.
 *
 * Each entry is an entity as it was before its first edit in the group, and whether
 * it already had unsynced edits then. Undo prefers hw_store_outbox_revert(): for an
 * entity that was clean and whose op is not sent yet, that drops the op and restores
 * the row exactly (rev and updated_at included), leaving nothing to sync. Otherwise it
 * writes the old values back as a new local edit, checked against the rev the edit
 * left, so a sync that changed the row meanwhile is reported and never overwritten.
 *
 * The journal holds plain entity copies: an undo may run on a worker thread with its
 * own store connection (hw_edit_journal_undo_async()). */

typedef struct
{
  const HwEntityType *type;
  char               *id;
  HwEntity           *before;   /* NULL: the group created the entity */
  gboolean            had_op;
} Entry;

struct _HwEditJournal
{
  GObject     parent_instance;

  GPtrArray  *entries;          /* Entry, in edit order */
  GHashTable *seen;             /* "type/id" of the entries */
};

G_DEFINE_FINAL_TYPE (HwEditJournal, hw_edit_journal, G_TYPE_OBJECT)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->id);
  g_clear_pointer (&entry->before, hw_entity_free);
  g_free (entry);
}

static void
hw_edit_journal_finalize (GObject *object)
{
  HwEditJournal *self = (HwEditJournal *) object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (hw_edit_journal_parent_class)->finalize (object);
}

static void
hw_edit_journal_class_init (HwEditJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_edit_journal_finalize;
}

static void
hw_edit_journal_init (HwEditJournal *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

HwEditJournal *
hw_edit_journal_new (void)
{
  return g_object_new (HW_TYPE_EDIT_JOURNAL, NULL);
}

/* Only the first edit of an entity in the group counts: that is the state to return to. */
static gboolean
mark_seen (HwEditJournal      *self,
           const HwEntityType *type,
           const char         *id)
{
  return g_hash_table_add (self->seen, g_strdup_printf ("%s/%s", type->name, id));
}

/**
 * hw_edit_journal_record:
 * @store: the connection the edit will be made on
 *
 * Remembers the entity before an update or delete of it. Call it before the edit, in
 * the edit's transaction when there is one.
 */
gboolean
hw_edit_journal_record (HwEditJournal       *self,
                        HwStore             *store,
                        const HwEntityType  *type,
                        const char          *id,
                        GError             **error)
{
  g_autofree char *key = NULL;
  g_autoptr(HwEntity) before = NULL;

  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), FALSE);
  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (type != NULL && id != NULL, FALSE);

  key = g_strdup_printf ("%s/%s", type->name, id);
  if (g_hash_table_contains (self->seen, key))
    return TRUE;

  if (!(before = hw_store_get (store, type, id, error)))
    return FALSE;

  return hw_edit_journal_record_entity (self, store, before, error);
}

/**
 * hw_edit_journal_record_entity:
 * @entity: the entity as just read from @store, in the edit's transaction (copied)
 *
 * Like hw_edit_journal_record(), for a caller that read the entity already.
 */
gboolean
hw_edit_journal_record_entity (HwEditJournal  *self,
                               HwStore        *store,
                               gconstpointer   entity,
                               GError        **error)
{
  const HwEntity *before = entity;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) local_error = NULL;
  Entry *entry;

  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), FALSE);
  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (before != NULL && before->id != NULL, FALSE);

  op = hw_store_outbox_find (store, before->type, before->id, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!mark_seen (self, before->type, before->id))
    return TRUE;

  entry = g_new0 (Entry, 1);
  entry->type = before->type;
  entry->id = g_strdup (before->id);
  entry->before = hw_entity_copy (before);
  entry->had_op = op != NULL;
  g_ptr_array_add (self->entries, entry);

  return TRUE;
}

/**
 * hw_edit_journal_record_create:
 *
 * Remembers that the group created the entity @id (after the create).
 */
void
hw_edit_journal_record_create (HwEditJournal      *self,
                               const HwEntityType *type,
                               const char         *id)
{
  Entry *entry;

  g_return_if_fail (HW_IS_EDIT_JOURNAL (self));
  g_return_if_fail (type != NULL && id != NULL);

  if (!mark_seen (self, type, id))
    return;

  entry = g_new0 (Entry, 1);
  entry->type = type;
  entry->id = g_strdup (id);
  g_ptr_array_add (self->entries, entry);
}

guint
hw_edit_journal_get_n_entries (HwEditJournal *self)
{
  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), 0);

  return self->entries->len;
}

/**
 * hw_edit_journal_truncate:
 *
 * Forgets the entries after the first @n_entries: their edits were rolled back.
 */
void
hw_edit_journal_truncate (HwEditJournal *self,
                          guint          n_entries)
{
  g_return_if_fail (HW_IS_EDIT_JOURNAL (self));

  while (self->entries->len > n_entries)
    {
      Entry *entry = g_ptr_array_index (self->entries, self->entries->len - 1);
      g_autofree char *key = g_strdup_printf ("%s/%s", entry->type->name, entry->id);

      g_hash_table_remove (self->seen, key);
      g_ptr_array_remove_index (self->entries, self->entries->len - 1);
    }
}

static gboolean
undo_entry (HwStore      *store,
            const Entry  *entry,
            GError      **error)
{
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(HwEntity) now = NULL;
  g_autoptr(HwEntity) restored = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean op_open;

  op = hw_store_outbox_find (store, entry->type, entry->id, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  /* A sent op may already be on the server: it is never taken back, only answered. */
  op_open = op != NULL && op->state != HW_OUTBOX_SENT;

  if (entry->before == NULL)
    return hw_store_local_delete (store, entry->type, entry->id, -1, error);

  if (!entry->had_op && op_open)
    return hw_store_outbox_revert (store, op->op_id, error);

  now = hw_store_get (store, entry->type, entry->id, &local_error);
  if (local_error != NULL && !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  restored = hw_entity_copy (entry->before);

  if (now != NULL)
    return hw_store_local_update (store, restored, entry->before->rev, error);

  /* Deleted by the group on top of earlier unsynced edits: the delete folded them into
   * one op, so drop it and put the earlier state back as an edit of its own. */
  if (op_open)
    return hw_store_outbox_revert (store, op->op_id, error) &&
           hw_store_local_update (store, restored, -1, error);

  /* The server has the delete already: the entity comes back as a new one. */
  g_clear_pointer (&restored->id, g_free);
  restored->rev = 0;
  return hw_store_local_create (store, restored, error);
}

/* Takes back the entries from @from on, newest first, in one transaction. */
static gboolean
undo_range (HwEditJournal  *self,
            HwStore        *store,
            guint           from,
            GError        **error)
{
  if (!hw_store_begin (store, error))
    return FALSE;

  for (guint i = self->entries->len; i > from; i--)
    {
      if (!undo_entry (store, g_ptr_array_index (self->entries, i - 1), error))
        {
          hw_store_rollback (store);
          return FALSE;
        }
    }

  return hw_store_commit (store, error);
}

/**
 * hw_edit_journal_undo:
 *
 * Takes back every recorded edit, newest first, in one transaction of @store. Fails
 * (and changes nothing) with %HW_CORE_ERROR_STALE when a sync changed an entity since.
 * For a large journal, see hw_edit_journal_undo_in_batches().
 */
gboolean
hw_edit_journal_undo (HwEditJournal  *self,
                      HwStore        *store,
                      GError        **error)
{
  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), FALSE);
  g_return_val_if_fail (HW_IS_STORE (store), FALSE);

  if (!undo_range (self, store, 0, error))
    return FALSE;

  hw_edit_journal_truncate (self, 0);
  return TRUE;
}

/**
 * hw_edit_journal_undo_in_batches:
 * @batch_size: entries per transaction
 *
 * Like hw_edit_journal_undo(), one transaction per @batch_size entries, so that a large
 * undo (a bulk edit of thousands of products) never holds the replica's write lock for
 * long: the sync engine and the main thread write in between. What is undone leaves
 * the journal; on a failure the rest stays in it, and the error says that part of the
 * change was undone.
 */
gboolean
hw_edit_journal_undo_in_batches (HwEditJournal  *self,
                                 HwStore        *store,
                                 guint           batch_size,
                                 GError        **error)
{
  gboolean some_undone = FALSE;

  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), FALSE);
  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch_size > 0, FALSE);

  while (self->entries->len > 0)
    {
      guint from = self->entries->len > batch_size ? self->entries->len - batch_size : 0;
      g_autoptr(GError) local_error = NULL;

      if (!undo_range (self, store, from, &local_error))
        {
          if (some_undone)
            g_prefix_error (&local_error, _("Only part of the change was undone: "));
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      hw_edit_journal_truncate (self, from);
      some_undone = TRUE;
    }

  return TRUE;
}

static void
undo_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  HwEditJournal *self = source_object;
  const char *path = task_data;
  g_autoptr(HwStore) store = NULL;
  GError *error = NULL;

  if (!(store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error)) ||
      !hw_edit_journal_undo_in_batches (self, store, HW_EDIT_JOURNAL_UNDO_BATCH, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_edit_journal_undo_async:
 * @store_path: the replica's file; the worker opens its own connection
 *
 * Like hw_edit_journal_undo_in_batches(), on a worker thread, for large groups (a
 * bulk edit).
 */
void
hw_edit_journal_undo_async (HwEditJournal       *self,
                            const char          *store_path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_EDIT_JOURNAL (self));
  g_return_if_fail (store_path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_edit_journal_undo_async);
  g_task_set_task_data (task, g_strdup (store_path), g_free);
  g_task_run_in_thread (task, undo_worker);
}

gboolean
hw_edit_journal_undo_finish (HwEditJournal  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
