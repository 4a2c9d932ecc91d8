/* hw-test-replica.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-json.h"
#include "hw-test-replica.h"

static gint64
fixed_clock (gpointer user_data)
{
  return 1767225600000000; /* 2026-01-01T00:00:00Z */
}

void
pair_set_up (Pair          *pair,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  pair->dir = g_dir_make_tmp ("hw-test-replica-XXXXXX", &error);
  g_assert_no_error (error);
  pair->server_path = g_build_filename (pair->dir, "server.db", NULL);
  pair->replica_path = g_build_filename (pair->dir, "replica.db", NULL);

  pair->server = hw_store_open (pair->server_path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  pair->replica = hw_store_open (pair->replica_path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  hw_store_set_clock (pair->server, fixed_clock, NULL);
  hw_store_set_clock (pair->replica, fixed_clock, NULL);
}

void
test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_unlink (file), ==, 0);
    }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

void
pair_tear_down (Pair          *pair,
                gconstpointer  data)
{
  g_clear_object (&pair->server);
  g_clear_object (&pair->replica);
  test_remove_dir (pair->dir);
  g_free (pair->dir);
  g_free (pair->server_path);
  g_free (pair->replica_path);
}

/* Pulls the server's feed from the replica's cursor to the end. Returns the pages. */
guint
pair_pull (Pair  *pair,
           guint  limit)
{
  guint pages = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwChangePage) page = NULL;

      page = hw_store_changes (pair->server, hw_store_get_sync_cursor (pair->replica), limit,
                               &error);
      g_assert_no_error (error);
      g_assert_true (hw_store_apply_change_page (pair->replica, page, &error));
      g_assert_no_error (error);
      g_assert_cmpint (hw_store_get_sync_cursor (pair->replica), ==, page->next);
      more = page->has_more;
      pages++;
    }

  return pages;
}

static void
answer_failure (Pair        *pair,
                HwOutboxOp  *op,
                GError      *failure,
                PushResult  *result)
{
  g_autoptr(GError) error = NULL;

  if (g_error_matches (failure, HW_CORE_ERROR, HW_CORE_ERROR_STALE) ||
      (op->kind != HW_OUTBOX_CREATE &&
       g_error_matches (failure, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND)))
    {
      g_autoptr(HwEntity) theirs = hw_store_get (pair->server, op->type, op->entity_id, NULL);

      g_assert_true (hw_store_outbox_mark_conflict (pair->replica, op->op_id, theirs, &error));
      result->conflicts++;
    }
  else
    {
      g_assert_true (hw_store_outbox_mark_rejected (pair->replica, op->op_id, failure->message,
                                                    &error));
      result->rejected++;
    }
  g_assert_no_error (error);
}

/* Pushes every ready op to the server store as the API would: creates keep the client's
 * id, updates and deletes check the base rev (If-Match). */
PushResult
pair_push (Pair *pair)
{
  PushResult result = { 0, };

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ops = hw_store_outbox_list_ready (pair->replica, 0, 50, &error);

      g_assert_no_error (error);
      if (ops->len == 0)
        return result;

      for (guint i = 0; i < ops->len; i++)
        {
          HwOutboxOp *op = g_ptr_array_index (ops, i);
          g_autoptr(HwEntity) mine = NULL;
          g_autoptr(HwEntity) answer = NULL;
          g_autoptr(GError) failure = NULL;
          gboolean ok;

          g_assert_true (hw_store_outbox_mark_sent (pair->replica, op->op_id, &error));
          g_assert_no_error (error);

          if (op->kind != HW_OUTBOX_DELETE)
            {
              mine = hw_entity_from_json_string (op->type, op->mine_json, -1, &error);
              g_assert_no_error (error);
            }

          switch (op->kind)
            {
            case HW_OUTBOX_CREATE:
              ok = hw_store_create (pair->server, mine, &failure);
              break;
            case HW_OUTBOX_UPDATE:
              ok = hw_store_update (pair->server, mine, op->base_rev, &failure);
              break;
            case HW_OUTBOX_DELETE:
            default:
              ok = hw_store_delete (pair->server, op->type, op->entity_id, op->base_rev, &failure);
              break;
            }

          if (!ok)
            {
              answer_failure (pair, op, failure, &result);
              continue;
            }

          if (op->kind != HW_OUTBOX_DELETE)
            {
              answer = hw_store_get (pair->server, op->type, op->entity_id, &error);
              g_assert_no_error (error);
            }
          g_assert_true (hw_store_outbox_complete (pair->replica, op->op_id, answer, &error));
          g_assert_no_error (error);
          result.completed++;
        }
    }
}

void
pair_assert_same (Pair *pair)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_sum = hw_store_content_checksum (pair->server, &error);
  g_autofree char *replica_sum = NULL;

  g_assert_no_error (error);
  replica_sum = hw_store_content_checksum (pair->replica, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replica_sum, ==, server_sum);
}

HwProduct *
test_product_new (const char *sku,
                  const char *category_id)
{
  HwProduct *product = hw_product_new ();

  product->sku = g_strdup (sku);
  product->name = g_strdup_printf ("Product %s", sku);
  product->unit = g_strdup ("piece");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 1250;
  product->category_id = g_strdup (category_id);

  return product;
}

char *
test_create_category (HwStore    *store,
                      const char *name,
                      const char *parent_id)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (category)->id);
}

char *
test_create_product (HwStore    *store,
                     const char *sku,
                     const char *category_id)
{
  g_autoptr(HwProduct) product = test_product_new (sku, category_id);
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (product)->id);
}

guint
test_search_count (HwStore    *store,
                   const char *text)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_search (query, text);
  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);

  return page->items->len;
}

gint64
test_count (HwStore            *store,
            const HwEntityType *type)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, type, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

gint64
test_query_int (HwStore    *store,
                const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_hw_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Local edits on a synced pair */

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  pair_set_up (&f->pair, data);
  f->category = test_create_category (f->pair.server, "Tools", NULL);
  f->p1 = test_create_product (f->pair.server, "P-1", f->category);
  f->p2 = test_create_product (f->pair.server, "P-2", f->category);
  pair_pull (&f->pair, 100);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  pair_tear_down (&f->pair, data);
  g_free (f->category);
  g_free (f->p1);
  g_free (f->p2);
}

HwProduct *
get_product (HwStore    *store,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  HwProduct *product = hw_store_get_product (store, id, &error);

  g_assert_no_error (error);
  return product;
}

/* Sets a text field of product @id on @store, as a local edit on a replica. */
void
edit (HwStore    *store,
      const char *id,
      const char *field,
      const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) product = get_product (store, id);
  const HwFieldSpec *spec = hw_entity_type_find_field (&hw_product_type, field);
  char **slot = HW_FIELD_PTR (product, spec, char *);

  g_free (*slot);
  *slot = g_strdup (value);

  /* A replica (no foreign keys enforced by SQLite) takes local edits, a server writes. */
  if (test_query_int (store, "PRAGMA foreign_keys") == 0)
    g_assert_true (hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error));
  else
    g_assert_true (hw_store_update (store, product, HW_ENTITY (product)->rev, &error));
  g_assert_no_error (error);
}

HwOutboxOp *
find_op (Fixture    *f,
         const char *id)
{
  g_autoptr(GError) error = NULL;
  HwOutboxOp *op = hw_store_outbox_find (f->pair.replica, &hw_product_type, id, &error);

  g_assert_no_error (error);
  return op;
}

gint64
n_ops (Fixture *f)
{
  return test_query_int (f->pair.replica, "SELECT count(*) FROM outbox");
}

HwOutboxCounts
counts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HwOutboxCounts c;

  g_assert_true (hw_store_outbox_count (f->pair.replica, &c, &error));
  g_assert_no_error (error);
  return c;
}

/* Pull, then both sides are equal and nothing waits. */
void
settle_and_compare (Fixture *f)
{
  pair_pull (&f->pair, 100);
  pair_assert_same (&f->pair);
  g_assert_cmpint (n_ops (f), ==, 0);
}
