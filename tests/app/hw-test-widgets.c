/* hw-test-widgets.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-test-widgets.h"

HwTestReplica *
hw_test_replica_new (guint n_products)
{
  HwTestReplica *replica = g_new0 (HwTestReplica, 1);
  g_autoptr(GError) error = NULL;
  HwDemoOptions options;

  replica->dir = g_dir_make_tmp ("hw-test-app-XXXXXX", &error);
  g_assert_no_error (error);
  replica->path = g_build_filename (replica->dir, "replica.db", NULL);
  replica->store = hw_store_open (replica->path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);

  hw_demo_options_init (&options);
  options.products = n_products;
  options.accounts = 2;
  options.users = 2;
  options.orders = 2;
  options.seed = 7;
  options.now = 1790000000000000;
  g_assert_true (hw_demo_generate (replica->store, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  return replica;
}

void
hw_test_replica_free (HwTestReplica *replica)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (replica->store);

  if ((dir = g_dir_open (replica->dir, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (replica->dir, name, NULL);

        g_unlink (child);
      }
  g_rmdir (replica->dir);

  g_free (replica->path);
  g_free (replica->dir);
  g_free (replica);
}

/* The first product (in SKU order) with attribute values, or any first product. */
char *
hw_test_first_product (HwStore  *store,
                       gboolean  with_attributes)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_limit (query, 200);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < page->items->len; i++)
    {
      HwProduct *product = g_ptr_array_index (page->items, i);

      if (!with_attributes || product->attributes->len > 0)
        return g_strdup (HW_ENTITY (product)->id);
    }

  g_assert_not_reached ();
}

HwAttribute *
hw_test_find_attribute (HwStore    *store,
                        const char *code)
{
  g_autoptr(GError) error = NULL;
  HwAttribute *attribute = hw_store_find_by (store, &hw_attribute_type, "code", code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (attribute);
  return attribute;
}

static void
change_free (gpointer data)
{
  HwChange *change = data;

  g_free (change->id);
  g_clear_pointer (&change->entity, hw_entity_free);
  g_free (change);
}

/* As if a sync pulled @entity at server rev @rev: a newer version than the app read. */
void
hw_test_pull_change (HwStore  *store,
                     gpointer  entity,
                     gint64    rev)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (change_free);
  g_autoptr(GError) error = NULL;
  HwChange *change = g_new0 (HwChange, 1);

  change->type = HW_ENTITY (entity)->type;
  change->id = g_strdup (HW_ENTITY (entity)->id);
  change->rev = rev;
  change->entity = hw_entity_copy (entity);
  HW_ENTITY (change->entity)->rev = rev;
  g_ptr_array_add (changes, change);

  g_assert_true (hw_store_apply_changes (store, changes, rev, &error));
  g_assert_no_error (error);
}

gint64
hw_test_count_ops (HwStore *store)
{
  g_autoptr(GError) error = NULL;
  HwOutboxCounts counts = { 0 };

  g_assert_true (hw_store_outbox_count (store, &counts, &error));
  g_assert_no_error (error);
  return counts.pending + counts.sent + counts.conflicts + counts.rejected;
}

GtkWidget *
hw_test_find_named (GtkWidget  *root,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hw_test_find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
hw_test_find_type (GtkWidget *root,
                   GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = hw_test_find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

guint
hw_test_count_named (GtkWidget  *root,
                     const char *name)
{
  guint n = g_strcmp0 (gtk_widget_get_name (root), name) == 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += hw_test_count_named (child, name);

  return n;
}

void
hw_test_iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
hw_test_wait_for (gboolean (*done) (gpointer),
                  gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 180 * G_USEC_PER_SEC;

  /* Polled, not blocking: a condition may be made true by a worker thread that wakes
   * no main context. A test that never gets there fails instead of hanging. */
  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

/* Renders @widget as it is on screen to a PNG at @path. */
void
hw_test_render_png (GtkWidget  *widget,
                    const char *path)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width;
  int height;

  gtk_test_widget_wait_for_draw (widget);
  hw_test_iterate ();

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);

  /* A new window may need a few more frames before it draws anything. */
  for (guint attempt = 0; node == NULL && attempt < 200; attempt++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

      if (node == NULL)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %dx%d screenshot to %s", width, height, path);
}

/* Renders @widget to @file_name in $HW_SCREENSHOT_DIR; without it, does nothing. */
void
hw_test_save_png (GtkWidget  *widget,
                  const char *file_name)
{
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("HW_SCREENSHOT_DIR");

  if (dir == NULL)
    return;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, file_name, NULL);
  hw_test_render_png (widget, path);
}
