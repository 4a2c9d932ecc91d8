/* hw-attribute-removal.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-attribute-removal"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-attribute-removal.h"
#include "hw-bulk-edit.h"
#include "hw-core-error.h"

/* Deleting an attribute definition, on a worker with its own connection. The store
 * lets a definition go while products still hold values of it (they are JSON, not
 * references), and such a product could then not be saved again ("unknown attribute").
 * So the values go first, as a bulk edit of the products holding one, and then the
 * definition; all of it in one journal, so one Undo brings everything back. Counting
 * those products reads every product's values, hence a worker too. */

struct _HwAttributeRemoval
{
  GObject  parent_instance;

  char    *store_path;
  char    *attribute_id;
  gint64   expected_rev;
};

G_DEFINE_FINAL_TYPE (HwAttributeRemoval, hw_attribute_removal, G_TYPE_OBJECT)

static void
hw_attribute_removal_finalize (GObject *object)
{
  HwAttributeRemoval *self = (HwAttributeRemoval *) object;

  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->attribute_id, g_free);

  G_OBJECT_CLASS (hw_attribute_removal_parent_class)->finalize (object);
}

static void
hw_attribute_removal_class_init (HwAttributeRemovalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_attribute_removal_finalize;
}

static void
hw_attribute_removal_init (HwAttributeRemoval *self)
{
}

/**
 * hw_attribute_removal_new:
 * @store_path: the replica's file; the workers open their own connections
 * @expected_rev: the rev of the definition the user saw, or -1
 */
HwAttributeRemoval *
hw_attribute_removal_new (const char *store_path,
                          const char *attribute_id,
                          gint64      expected_rev)
{
  HwAttributeRemoval *self;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (attribute_id != NULL, NULL);

  self = g_object_new (HW_TYPE_ATTRIBUTE_REMOVAL, NULL);
  self->store_path = g_strdup (store_path);
  self->attribute_id = g_strdup (attribute_id);
  self->expected_rev = expected_rev;
  return self;
}

const char *
hw_attribute_removal_get_attribute_id (HwAttributeRemoval *self)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_REMOVAL (self), NULL);

  return self->attribute_id;
}

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HwAttributeRemoval *self = source_object;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GError *error = NULL;

  if (!(store = hw_store_open (self->store_path, HW_STORE_OPEN_READONLY, &error)) ||
      !(ids = hw_store_attribute_product_ids (store, self->attribute_id, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, ids->len);
}

/**
 * hw_attribute_removal_count_async:
 *
 * Counts the products holding a value of the attribute.
 */
void
hw_attribute_removal_count_async (HwAttributeRemoval  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_ATTRIBUTE_REMOVAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_attribute_removal_count_async);
  g_task_run_in_thread (task, count_worker);
}

gboolean
hw_attribute_removal_count_finish (HwAttributeRemoval  *self,
                                   GAsyncResult        *result,
                                   guint               *out_count,
                                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize count;

  g_return_val_if_fail (HW_IS_ATTRIBUTE_REMOVAL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  count = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *out_count = count;
  return TRUE;
}

/* Takes the values out of the products holding one, in @journal. */
static gboolean
remove_values (HwAttributeRemoval  *self,
               HwStore             *store,
               HwEditJournal       *journal,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(HwBulkEdit) edit = NULL;
  g_autofree char *first_failure = NULL;
  guint n_failed = 0;

  if (!(ids = hw_store_attribute_product_ids (store, self->attribute_id, error)))
    return FALSE;

  if (ids->len == 0)
    return TRUE;

  g_ptr_array_add (ids, NULL);
  edit = hw_bulk_edit_new ((const char * const *) ids->pdata);
  hw_bulk_edit_set_attribute (edit, self->attribute_id, NULL);

  if (!hw_bulk_edit_apply (edit, store, journal, cancellable, NULL, &n_failed, &first_failure,
                           error))
    return FALSE;

  if (n_failed > 0)
    {
      hw_edit_journal_undo_in_batches (journal, store, HW_EDIT_JOURNAL_UNDO_BATCH, NULL);
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The value could not be taken out of %u "
                                "product, so the attribute was kept: %s",
                                "The value could not be taken out of %u "
                                "products, so the attribute was kept: %s",
                                n_failed),
                   n_failed, first_failure);
      return FALSE;
    }

  return TRUE;
}

static void
run_worker (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  HwAttributeRemoval *self = source_object;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwEditJournal) journal = hw_edit_journal_new ();
  GError *error = NULL;
  guint n_entries;

  if (!(store = hw_store_open (self->store_path, HW_STORE_OPEN_REPLICA, &error)) ||
      !remove_values (self, store, journal, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  n_entries = hw_edit_journal_get_n_entries (journal);

  if (hw_store_begin (store, &error))
    {
      /* A failed commit rolls back by itself. */
      if (!hw_edit_journal_record (journal, store, &hw_attribute_type, self->attribute_id,
                                   &error) ||
          !hw_store_local_delete (store, &hw_attribute_type, self->attribute_id,
                                  self->expected_rev, &error))
        hw_store_rollback (store);
      else
        hw_store_commit (store, &error);
    }

  if (error != NULL)
    {
      /* Put the values back, so that a refused delete changed nothing. */
      hw_edit_journal_truncate (journal, n_entries);
      hw_edit_journal_undo_in_batches (journal, store, HW_EDIT_JOURNAL_UNDO_BATCH, NULL);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&journal), g_object_unref);
}

/**
 * hw_attribute_removal_run_async:
 *
 * Takes the attribute's values out of every product and deletes the attribute, as
 * local edits.
 */
void
hw_attribute_removal_run_async (HwAttributeRemoval  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_ATTRIBUTE_REMOVAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_attribute_removal_run_async);
  g_task_run_in_thread (task, run_worker);
}

/**
 * hw_attribute_removal_run_finish:
 *
 * Returns: (transfer full): the journal of every change, for one Undo
 */
HwEditJournal *
hw_attribute_removal_run_finish (HwAttributeRemoval  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_REMOVAL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
