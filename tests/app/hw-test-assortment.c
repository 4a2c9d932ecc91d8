/* hw-test-assortment.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-demo.h"
#include "hw-test-assortment.h"

static TestStore *
test_store_new (void)
{
  TestStore *self = g_new0 (TestStore, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  self->dir = g_dir_make_tmp ("hw-test-assortment-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (self->dir, "replica.db", NULL);
  self->store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);

  return self;
}

TestStore *
test_store_new_empty (void)
{
  return test_store_new ();
}

/* Demo data as pulled rows: the outbox starts empty. */
TestStore *
test_store_new_demo (guint products)
{
  TestStore *self = test_store_new ();
  g_autoptr(GError) error = NULL;
  HwDemoOptions options;

  hw_demo_options_init (&options);
  options.products = products;
  options.accounts = 2;
  options.users = 4;
  options.orders = 0;
  g_assert_true (hw_demo_generate (self->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return self;
}

void
test_store_free (TestStore *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&self->store);
  dir = g_dir_open (self->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (self->dir);
  g_free (self->dir);
  g_free (self);
}

/* Every product id of @query, in its order, read by cursor. */
GPtrArray *
test_list_ids (HwStore *store,
               HwQuery *query)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(HwPage) page = NULL;
      g_autoptr(GError) error = NULL;

      hw_query_set_after (query, cursor);
      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      page = hw_store_list_products (store, query, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (ids, g_strdup (HW_ENTITY (g_ptr_array_index (page->items, i))->id));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  hw_query_set_after (query, NULL);
  return ids;
}

gint64
test_count (HwStore *store,
            HwQuery *query)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, &hw_product_type, query, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* The outbox's pending ops, in push order. */
GPtrArray *
test_pending_ops (HwStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *ops = hw_store_outbox_list (store, HW_OUTBOX_PENDING, 0, 1000, &error);

  g_assert_no_error (error);
  return ops;
}

