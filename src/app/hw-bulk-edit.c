/* hw-bulk-edit.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-bulk-edit"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-bulk-edit.h"
#include "hw-core-error.h"
#include "hw-error-text.h"

/* One change applied to many products, on a worker thread with its own connection.
 *
 * Every product goes through hw_store_local_update(), so each change is an outbox op of
 * its own (coalesced with earlier unsynced edits of that product) and syncs like any
 * edit. The products are written in batches of HW_BULK_EDIT_BATCH per transaction, not
 * in one: a transaction holds the replica's write lock, and the sync engine and the
 * main thread's own edits wait for it (busy timeout 5 s). A batch of 500 holds it for
 * about a tenth of a second here (bench-bulk-edit: some 3 000 products/s), and
 * progress and cancellation get a say between batches; smaller batches pay a durable
 * (synchronous=FULL) commit more often, larger ones make the others wait longer. A product the
 * store refuses (deleted meanwhile, an invalid value) is skipped and counted, the others
 * still change; a cancel or a failed commit takes back the batches already committed,
 * so a stopped bulk edit changed nothing. The returned journal covers every product
 * changed, for one Undo. */

typedef enum
{
  CHANGE_NONE,
  CHANGE_CATEGORY,
  CHANGE_ATTRIBUTE,
  CHANGE_FIELD,
} ChangeKind;

struct _HwBulkEdit
{
  GObject     parent_instance;

  GStrv       product_ids;
  ChangeKind  kind;
  char       *target;    /* the attribute id or field name */
  char       *value;     /* NULL clears */
  guint       batch_size;
  int         n_done;    /* atomic: products handled so far */
};

typedef struct
{
  HwEditJournal *journal;
  guint          n_changed;
  guint          n_failed;
  char          *first_failure;
} Result;

G_DEFINE_FINAL_TYPE (HwBulkEdit, hw_bulk_edit, G_TYPE_OBJECT)

static const char * const digital_fields[] = { "display_name", "brand", "description", NULL };

static void
result_free (gpointer data)
{
  Result *result = data;

  g_clear_object (&result->journal);
  g_free (result->first_failure);
  g_free (result);
}

static void
hw_bulk_edit_finalize (GObject *object)
{
  HwBulkEdit *self = (HwBulkEdit *) object;

  g_clear_pointer (&self->product_ids, g_strfreev);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->value, g_free);

  G_OBJECT_CLASS (hw_bulk_edit_parent_class)->finalize (object);
}

static void
hw_bulk_edit_class_init (HwBulkEditClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_bulk_edit_finalize;
}

static void
hw_bulk_edit_init (HwBulkEdit *self)
{
  self->batch_size = HW_BULK_EDIT_BATCH;
}

HwBulkEdit *
hw_bulk_edit_new (const char * const *product_ids)
{
  HwBulkEdit *self;

  g_return_val_if_fail (product_ids != NULL, NULL);

  self = g_object_new (HW_TYPE_BULK_EDIT, NULL);
  self->product_ids = g_strdupv ((char **) product_ids);
  return self;
}

static void
set_change (HwBulkEdit *self,
            ChangeKind  kind,
            const char *target,
            const char *value)
{
  self->kind = kind;
  g_free (self->target);
  self->target = g_strdup (target);
  g_free (self->value);
  self->value = g_strdup (value);
}

/**
 * hw_bulk_edit_set_category:
 * @category_id: (nullable): the category to move to, %NULL for none
 */
void
hw_bulk_edit_set_category (HwBulkEdit *self,
                           const char *category_id)
{
  g_return_if_fail (HW_IS_BULK_EDIT (self));

  set_change (self, CHANGE_CATEGORY, NULL, category_id);
}

/**
 * hw_bulk_edit_set_attribute:
 * @value: (nullable): the value in the store's text form, %NULL to remove it
 */
void
hw_bulk_edit_set_attribute (HwBulkEdit *self,
                            const char *attribute_id,
                            const char *value)
{
  g_return_if_fail (HW_IS_BULK_EDIT (self));
  g_return_if_fail (attribute_id != NULL);

  set_change (self, CHANGE_ATTRIBUTE, attribute_id, value);
}

/**
 * hw_bulk_edit_set_field:
 * @field: display_name, brand or description
 * @value: (nullable): the new text, %NULL to clear it
 */
void
hw_bulk_edit_set_field (HwBulkEdit *self,
                        const char *field,
                        const char *value)
{
  g_return_if_fail (HW_IS_BULK_EDIT (self));
  g_return_if_fail (g_strv_contains (digital_fields, field));

  set_change (self, CHANGE_FIELD, field, value);
}

/**
 * hw_bulk_edit_set_batch_size:
 *
 * Sets how many products each transaction changes (HW_BULK_EDIT_BATCH by default).
 */
void
hw_bulk_edit_set_batch_size (HwBulkEdit *self,
                             guint       batch_size)
{
  g_return_if_fail (HW_IS_BULK_EDIT (self));
  g_return_if_fail (batch_size > 0);

  self->batch_size = batch_size;
}

guint
hw_bulk_edit_get_n_products (HwBulkEdit *self)
{
  g_return_val_if_fail (HW_IS_BULK_EDIT (self), 0);

  return g_strv_length (self->product_ids);
}

/**
 * hw_bulk_edit_get_n_done:
 *
 * How many products the running apply has handled; safe to poll from the main thread.
 */
guint
hw_bulk_edit_get_n_done (HwBulkEdit *self)
{
  g_return_val_if_fail (HW_IS_BULK_EDIT (self), 0);

  return g_atomic_int_get (&self->n_done);
}

static void
apply_change (HwBulkEdit *self,
              HwProduct  *product)
{
  char **slot = NULL;

  switch (self->kind)
    {
    case CHANGE_CATEGORY:
      slot = &product->category_id;
      break;

    case CHANGE_FIELD:
      slot = HW_FIELD_PTR (product, hw_entity_type_find_field (&hw_product_type, self->target),
                           char *);
      break;

    case CHANGE_ATTRIBUTE:
      for (guint i = product->attributes->len; i > 0; i--)
        {
          HwAttributeValue *v = g_ptr_array_index (product->attributes, i - 1);

          if (g_strcmp0 (v->attribute_id, self->target) == 0)
            g_ptr_array_remove_index (product->attributes, i - 1);
        }
      if (self->value != NULL)
        hw_product_add_attribute (product, self->target, self->value);
      return;

    case CHANGE_NONE:
    default:
      return;
    }

  g_free (*slot);
  *slot = g_strdup (self->value);
}

/* One product, inside the caller's transaction. *out_changed is FALSE when it already
 * was as asked: no op is written for it. */
static gboolean
edit_one (HwBulkEdit     *self,
          HwStore        *store,
          HwEditJournal  *journal,
          const char     *id,
          gboolean       *out_changed,
          GError        **error)
{
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwProduct) changed = NULL;

  *out_changed = FALSE;

  if (!(product = hw_store_get_product (store, id, error)))
    return FALSE;

  changed = hw_entity_copy (product);
  apply_change (self, changed);

  /* Attribute values keep no order that matters; compare the rest exactly. */
  if (hw_entity_equal (changed, product))
    return TRUE;

  if (!hw_edit_journal_record_entity (journal, store, product, error) ||
      !hw_store_local_update (store, changed, HW_ENTITY (product)->rev, error))
    return FALSE;

  *out_changed = TRUE;
  return TRUE;
}

/* One batch in one transaction. A product the store refuses rolls back only its own
 * write (local edits nest as savepoints) and is counted; the others still change. */
static gboolean
apply_batch (HwBulkEdit     *self,
             HwStore        *store,
             Result         *result,
             guint           from,
             guint           to,
             GError        **error)
{
  guint batch_start = hw_edit_journal_get_n_entries (result->journal);
  guint n_changed = 0;
  guint n_failed = 0;

  if (!hw_store_begin (store, error))
    return FALSE;

  for (guint i = from; i < to; i++)
    {
      g_autoptr(GError) local_error = NULL;
      guint n_entries = hw_edit_journal_get_n_entries (result->journal);
      gboolean changed = FALSE;

      if (edit_one (self, store, result->journal, self->product_ids[i], &changed, &local_error))
        {
          n_changed += changed;
          continue;
        }

      hw_edit_journal_truncate (result->journal, n_entries);
      n_failed++;
      if (result->first_failure == NULL)
        result->first_failure = hw_error_describe (local_error);
    }

  /* A failed commit has rolled back already. */
  if (!hw_store_commit (store, error))
    {
      hw_edit_journal_truncate (result->journal, batch_start);
      return FALSE;
    }

  result->n_changed += n_changed;
  result->n_failed += n_failed;
  return TRUE;
}

/**
 * hw_bulk_edit_apply:
 * @store: a replica connection of the calling thread (never the main thread's for a
 *   large selection)
 * @journal: records the changes, for an Undo
 *
 * Applies the change, batch by batch; see the top of this file. On a cancel or a failed
 * commit, takes back what it did and fails (%G_IO_ERROR_CANCELLED for a cancel).
 */
gboolean
hw_bulk_edit_apply (HwBulkEdit     *self,
                    HwStore        *store,
                    HwEditJournal  *journal,
                    GCancellable   *cancellable,
                    guint          *out_n_changed,
                    guint          *out_n_failed,
                    char          **out_first_failure,
                    GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  guint n = g_strv_length (self->product_ids);
  Result result = { journal, 0, 0, NULL };

  g_return_val_if_fail (HW_IS_BULK_EDIT (self), FALSE);
  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (HW_IS_EDIT_JOURNAL (journal), FALSE);
  g_return_val_if_fail (self->kind != CHANGE_NONE, FALSE);

  for (guint from = 0; from < n; from += self->batch_size)
    {
      guint to = MIN (from + self->batch_size, n);

      if (g_cancellable_is_cancelled (cancellable) ||
          !apply_batch (self, store, &result, from, to, &local_error))
        {
          g_autoptr(GError) undo_error = NULL;

          /* Stopping half-way leaves nothing half-done: what was committed goes back. */
          if (!hw_edit_journal_undo_in_batches (journal, store, self->batch_size, &undo_error))
            g_warning ("Could not take back a stopped bulk edit: %s", undo_error->message);
          g_free (result.first_failure);

          if (local_error == NULL)
            g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The bulk edit was cancelled; nothing was changed."));
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_atomic_int_set (&self->n_done, to);
    }

  if (out_n_changed != NULL)
    *out_n_changed = result.n_changed;
  if (out_n_failed != NULL)
    *out_n_failed = result.n_failed;
  if (out_first_failure != NULL)
    *out_first_failure = g_steal_pointer (&result.first_failure);
  g_free (result.first_failure);

  return TRUE;
}

static void
apply_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HwBulkEdit *self = source_object;
  const char *path = task_data;
  g_autoptr(HwStore) store = NULL;
  GError *error = NULL;
  Result *result = g_new0 (Result, 1);

  result->journal = hw_edit_journal_new ();

  if (!(store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error)) ||
      !hw_bulk_edit_apply (self, store, result->journal, cancellable, &result->n_changed,
                           &result->n_failed, &result->first_failure, &error))
    {
      result_free (result);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, result, result_free);
}

/**
 * hw_bulk_edit_apply_async:
 * @store_path: the replica's file; the worker opens its own connection
 *
 * Applies the change to every product. Cancelling takes back what was done.
 */
void
hw_bulk_edit_apply_async (HwBulkEdit          *self,
                          const char          *store_path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_BULK_EDIT (self));
  g_return_if_fail (store_path != NULL);
  g_return_if_fail (self->kind != CHANGE_NONE);

  g_atomic_int_set (&self->n_done, 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_bulk_edit_apply_async);
  g_task_set_task_data (task, g_strdup (store_path), g_free);
  g_task_run_in_thread (task, apply_worker);
}

/**
 * hw_bulk_edit_apply_finish:
 * @out_n_changed: (out) (optional): products changed (those already as asked are not)
 * @out_n_failed: (out) (optional): products the store refused
 * @out_first_failure: (out) (optional) (transfer full): why the first one was refused
 *
 * Returns: (transfer full): the journal of the changes, for hw_edit_journal_undo_async()
 */
HwEditJournal *
hw_bulk_edit_apply_finish (HwBulkEdit    *self,
                           GAsyncResult  *result,
                           guint         *out_n_changed,
                           guint         *out_n_failed,
                           char         **out_first_failure,
                           GError       **error)
{
  Result *r;
  HwEditJournal *journal;

  g_return_val_if_fail (HW_IS_BULK_EDIT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(r = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;

  if (out_n_changed != NULL)
    *out_n_changed = r->n_changed;
  if (out_n_failed != NULL)
    *out_n_failed = r->n_failed;
  if (out_first_failure != NULL)
    *out_first_failure = g_steal_pointer (&r->first_failure);

  journal = g_steal_pointer (&r->journal);
  result_free (r);
  return journal;
}
