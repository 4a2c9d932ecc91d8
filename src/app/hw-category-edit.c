/* hw-category-edit.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-edit"

#include "config.h"

#include "hw-category-edit.h"

typedef enum
{
  OP_CREATE,
  OP_UPDATE,
  OP_DELETE,
  OP_RESTORE,        /* undo of a delete: revert the pending delete, else recreate */
  OP_REPARENT,       /* set parent_id to the restored category, keep the rest */
  OP_MOVE_PRODUCTS,
} OpKind;

typedef struct
{
  OpKind      kind;
  HwCategory *category;      /* CREATE, UPDATE, RESTORE */
  char       *id;            /* DELETE, REPARENT; MOVE_PRODUCTS: from, when no ids */
  gint64      expected_rev;
  gint64      position;      /* REPARENT */
  char       *to_id;         /* MOVE_PRODUCTS: NULL uncategorizes, unless to_restored */
  char      **product_ids;   /* MOVE_PRODUCTS: these, instead of all of id */
  gboolean    to_restored;   /* MOVE_PRODUCTS: into the category OP_RESTORE brought back */
} Op;

struct _HwCategoryEdit
{
  GPtrArray *ops;
  char      *path;
  GPtrArray *moved;          /* out: product ids MOVE_PRODUCTS changed */
  char      *restored_id;    /* out: the id OP_RESTORE gave the category */
};

static void
op_free (Op *op)
{
  g_clear_pointer (&op->category, hw_entity_free);
  g_free (op->id);
  g_free (op->to_id);
  g_strfreev (op->product_ids);
  g_free (op);
}

HwCategoryEdit *
hw_category_edit_new (void)
{
  HwCategoryEdit *self = g_new0 (HwCategoryEdit, 1);

  self->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  self->moved = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
hw_category_edit_free (HwCategoryEdit *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->ops);
  g_ptr_array_unref (self->moved);
  g_free (self->path);
  g_free (self->restored_id);
  g_free (self);
}

guint
hw_category_edit_get_n_ops (HwCategoryEdit *self)
{
  return self->ops->len;
}

static Op *
add_op (HwCategoryEdit *self,
        OpKind          kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->expected_rev = -1;
  g_ptr_array_add (self->ops, op);
  return op;
}

void
hw_category_edit_create (HwCategoryEdit   *self,
                         const HwCategory *category)
{
  add_op (self, OP_CREATE)->category = hw_entity_copy (category);
}

void
hw_category_edit_update (HwCategoryEdit   *self,
                         const HwCategory *category,
                         gint64            expected_rev)
{
  Op *op = add_op (self, OP_UPDATE);

  op->category = hw_entity_copy (category);
  op->expected_rev = expected_rev;
}

void
hw_category_edit_delete (HwCategoryEdit *self,
                         const char     *id,
                         gint64          expected_rev)
{
  Op *op = add_op (self, OP_DELETE);

  op->id = g_strdup (id);
  op->expected_rev = expected_rev;
}

/* Brings a deleted category back: the same row (and id, which rules and catalogues may
 * name) while its delete is still waiting in the outbox, else a copy under a new id. */
void
hw_category_edit_restore (HwCategoryEdit   *self,
                          const HwCategory *category)
{
  add_op (self, OP_RESTORE)->category = hw_entity_copy (category);
}

/* Puts category @id back under the category the restore brought back. */
void
hw_category_edit_reparent (HwCategoryEdit *self,
                           const char     *id,
                           gint64          position)
{
  Op *op = add_op (self, OP_REPARENT);

  op->id = g_strdup (id);
  op->position = position;
}

/**
 * hw_category_edit_move_products:
 * @from_id: (nullable): the category whose products move, when @product_ids is %NULL
 * @product_ids: (nullable): the products to move
 * @to_id: (nullable): their new category; %NULL leaves them uncategorized, or, after a
 *   restore, puts them into the restored category
 */
void
hw_category_edit_move_products (HwCategoryEdit     *self,
                                const char         *from_id,
                                const char * const *product_ids,
                                const char         *to_id)
{
  Op *op = add_op (self, OP_MOVE_PRODUCTS);
  gboolean restored = FALSE;

  for (guint i = 0; i < self->ops->len - 1; i++)
    restored = restored || ((Op *) g_ptr_array_index (self->ops, i))->kind == OP_RESTORE;

  op->id = g_strdup (from_id);
  op->product_ids = g_strdupv ((char **) product_ids);
  op->to_id = g_strdup (to_id);
  op->to_restored = restored && to_id == NULL;
}

static gboolean
move_product (HwStore         *store,
              HwProduct       *product,
              const char      *to_id,
              HwCategoryEdit  *self,
              GError         **error)
{
  g_free (product->category_id);
  product->category_id = g_strdup (to_id);
  if (!hw_store_local_update (store, product, HW_ENTITY (product)->rev, error))
    return FALSE;

  g_ptr_array_add (self->moved, g_strdup (HW_ENTITY (product)->id));
  return TRUE;
}

static gboolean
move_products (HwStore         *store,
               HwCategoryEdit  *self,
               Op              *op,
               GError         **error)
{
  const char *to_id = op->to_restored ? self->restored_id : op->to_id;

  if (op->product_ids != NULL)
    {
      for (guint i = 0; op->product_ids[i] != NULL; i++)
        {
          g_autoptr(HwProduct) product = hw_store_get_product (store, op->product_ids[i], error);

          if (product == NULL || !move_product (store, product, to_id, self, error))
            return FALSE;
        }
      return TRUE;
    }

  /* Every product of the category. The moved ones leave the filter, so the first
   * page is always the next one. */
  for (;;)
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_add_filter (query, "category_id", HW_FILTER_EQ, op->id);
      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      if (!(page = hw_store_list_products (store, query, error)))
        return FALSE;
      if (page->items->len == 0)
        return TRUE;

      for (guint i = 0; i < page->items->len; i++)
        if (!move_product (store, g_ptr_array_index (page->items, i), to_id, self, error))
          return FALSE;
    }
}

static gboolean
apply_op (HwStore         *store,
          HwCategoryEdit  *self,
          Op              *op,
          GError         **error)
{
  switch (op->kind)
    {
    case OP_CREATE:
      return hw_store_local_create (store, op->category, error);

    case OP_UPDATE:
      return hw_store_local_update (store, op->category, op->expected_rev, error);

    case OP_DELETE:
      return hw_store_local_delete (store, &hw_category_type, op->id, op->expected_rev, error);

    case OP_RESTORE:
      {
        const char *id = HW_ENTITY (op->category)->id;
        g_autoptr(HwOutboxOp) pending = hw_store_outbox_find (store, &hw_category_type, id, NULL);

        if (pending != NULL && pending->kind == HW_OUTBOX_DELETE &&
            pending->state != HW_OUTBOX_SENT)
          {
            if (!hw_store_outbox_revert (store, pending->op_id, error))
              return FALSE;
          }
        else
          {
            g_clear_pointer (&HW_ENTITY (op->category)->id, g_free);
            if (!hw_store_local_create (store, op->category, error))
              return FALSE;
          }
        g_free (self->restored_id);
        self->restored_id = g_strdup (HW_ENTITY (op->category)->id);

        /* A revert brings back the server's version: give it the name it had here. */
        {
          g_autoptr(HwCategory) now = hw_store_get_category (store, self->restored_id, error);

          if (now == NULL)
            return FALSE;
          if (g_strcmp0 (now->name, op->category->name) != 0 ||
              g_strcmp0 (now->parent_id, op->category->parent_id) != 0 ||
              now->position != op->category->position)
            {
              g_free (now->name);
              now->name = g_strdup (op->category->name);
              g_free (now->parent_id);
              now->parent_id = g_strdup (op->category->parent_id);
              now->position = op->category->position;
              return hw_store_local_update (store, now, HW_ENTITY (now)->rev, error);
            }
        }
        return TRUE;
      }

    case OP_REPARENT:
      {
        g_autoptr(HwCategory) child = hw_store_get_category (store, op->id, error);

        if (child == NULL)
          return FALSE;
        g_free (child->parent_id);
        child->parent_id = g_strdup (self->restored_id);
        child->position = op->position;
        return hw_store_local_update (store, child, HW_ENTITY (child)->rev, error);
      }

    case OP_MOVE_PRODUCTS:
      return move_products (store, self, op, error);

    default:
      g_assert_not_reached ();
    }
}

static void
apply_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  HwCategoryEdit *self = task_data;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!(store = hw_store_open (self->path, HW_STORE_OPEN_REPLICA, &error)) ||
      !hw_store_begin (store, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < self->ops->len; i++)
    if (!apply_op (store, self, g_ptr_array_index (self->ops, i), &error))
      {
        hw_store_rollback (store);
        g_task_return_error (task, g_steal_pointer (&error));
        return;
      }

  if (!hw_store_commit (store, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_category_edit_apply_async:
 * @self: (transfer full): the edit, owned by the operation from now on
 * @path: the local copy's file
 *
 * Applies the edits in a worker: all of them, or (on an error) none.
 */
void
hw_category_edit_apply_async (HwCategoryEdit      *self,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (path != NULL);

  self->path = g_strdup (path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_category_edit_apply_async);
  g_task_set_task_data (task, self, (GDestroyNotify) hw_category_edit_free);
  g_task_run_in_thread (task, apply_worker);
}

/**
 * hw_category_edit_apply_finish:
 * @out_moved_ids: (out) (optional) (transfer full): the products that moved
 * @out_restored_id: (out) (optional) (transfer full): the id of a restored category
 */
gboolean
hw_category_edit_apply_finish (GAsyncResult   *result,
                               char         ***out_moved_ids,
                               char          **out_restored_id,
                               GError        **error)
{
  HwCategoryEdit *self;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  self = g_task_get_task_data (G_TASK (result));

  if (out_moved_ids != NULL)
    {
      g_ptr_array_add (self->moved, NULL);
      *out_moved_ids = (char **) g_ptr_array_steal (self->moved, NULL);
    }
  if (out_restored_id != NULL)
    *out_restored_id = g_strdup (self->restored_id);

  return TRUE;
}
