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

/* Runs the main loop until @condition holds; a test that never gets there fails
 * after a generous minute instead of hanging. */
void
test_wait_until (gboolean (*condition) (gpointer),
                 gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
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

/* Renders @widget to a PNG in $HW_SCREENSHOT_DIR (else the test's build directory). */
void
test_save_png (GtkWidget  *widget,
               const char *file_name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("HW_SCREENSHOT_DIR");
  int width, height;

  gtk_test_widget_wait_for_draw (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir ? dir : g_test_get_dir (G_TEST_BUILT), file_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %dx%d screenshot to %s", width, height, path);
}
