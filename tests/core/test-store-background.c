/* test-store-background.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-store.h"
#include "hw-store-private.h"

/* What the server's ERP import needs of core: a lookup by a unique field that makes no
 * error of a miss, moving fields between entities, and a background writer connection
 * (HW_STORE_OPEN_BACKGROUND) that lets a waiting foreground writer go first and leaves
 * the WAL checkpoint to hw_store_checkpoint(). */

typedef struct
{
  char    *dir;
  char    *path;
  HwStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("hw-store-background-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = hw_store_open (f->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static HwProduct *
make_product (const char *key)
{
  HwProduct *product = hw_product_new ();

  product->sku = g_strdup (key);
  product->erp_id = g_strdup (key);
  product->name = g_strdup_printf ("Product %s", key);
  product->unit = g_strdup ("pc");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 1000;

  return product;
}

static void
create_product (HwStore    *store,
                const char *key)
{
  g_autoptr(HwProduct) product = make_product (key);
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);
}

static gboolean
product_exists (HwStore    *store,
                const char *key)
{
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_lookup_by (store, &hw_product_type, "erp_id", key,
                                     (gpointer *) &product, &error));
  g_assert_no_error (error);
  return product != NULL;
}

static void
test_lookup_by (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HwProduct) found = NULL;
  g_autoptr(HwProduct) missing = make_product ("unused");
  g_autoptr(GError) error = NULL;
  gpointer entity = missing;

  create_product (f->store, "E-1");

  g_assert_true (hw_store_lookup_by (f->store, &hw_product_type, "erp_id", "E-1",
                                     (gpointer *) &found, &error));
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->sku, ==, "E-1");
  g_assert_cmpint (HW_ENTITY (found)->rev, >, 0);

  /* A miss is no error, and leaves NULL whatever was there. */
  g_assert_true (hw_store_lookup_by (f->store, &hw_product_type, "erp_id", "E-2", &entity,
                                     &error));
  g_assert_no_error (error);
  g_assert_null (entity);

  g_assert_false (hw_store_lookup_by (f->store, &hw_product_type, "name", "Product E-1",
                                      &entity, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_null (entity);
}

static void
test_swap_fields (void)
{
  g_autoptr(HwProduct) a = make_product ("A");
  g_autoptr(HwProduct) b = make_product ("B");

  a->description = g_strdup ("kept by A");
  b->base_price = 2000;
  b->max_qty = 50;

  hw_entity_swap_fields (a, b, HW_FIELD_ERP);

  g_assert_cmpstr (a->sku, ==, "B");
  g_assert_cmpstr (a->erp_id, ==, "B");
  g_assert_cmpint (a->base_price, ==, 2000);
  g_assert_cmpint (a->max_qty, ==, 50);
  g_assert_cmpstr (a->description, ==, "kept by A");
  g_assert_cmpstr (b->sku, ==, "A");
  g_assert_cmpint (b->base_price, ==, 1000);
  g_assert_null (b->description);
}

/* The background connection's transactions, on a thread of their own. */
typedef struct
{
  const char *path;
  GMutex      lock;
  GCond       cond;
  gboolean    holding;
  gboolean    saw_foreground;
} Background;

static gpointer
background_thread (gpointer data)
{
  Background *bg = data;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = hw_store_open (bg->path, HW_STORE_OPEN_BACKGROUND, &error);
  g_assert_no_error (error);

  g_assert_true (hw_store_begin (store, &error));
  create_product (store, "BG-1");

  g_mutex_lock (&bg->lock);
  bg->holding = TRUE;
  g_cond_signal (&bg->cond);
  g_mutex_unlock (&bg->lock);

  /* Until the foreground writer waits for the lock this transaction holds. */
  while (_hw_store_foreground_waiting () == 0)
    g_usleep (1000);

  g_assert_true (hw_store_commit (store, &error));

  /* The next transaction begins only after the waiting writer has had its turn. */
  g_assert_true (hw_store_begin (store, &error));
  g_assert_no_error (error);
  bg->saw_foreground = product_exists (store, "FG-1");
  create_product (store, "BG-2");
  g_assert_true (hw_store_commit (store, &error));

  return NULL;
}

static gpointer
foreground_thread (gpointer data)
{
  HwStore *store = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_begin (store, &error));
  g_assert_no_error (error);
  create_product (store, "FG-1");
  g_assert_true (hw_store_commit (store, &error));

  return NULL;
}

static void
test_foreground_first (Fixture       *f,
                       gconstpointer  data)
{
  Background bg = { .path = f->path };
  GThread *background;
  GThread *foreground;

  g_mutex_init (&bg.lock);
  g_cond_init (&bg.cond);

  background = g_thread_new ("background", background_thread, &bg);
  g_mutex_lock (&bg.lock);
  while (!bg.holding)
    g_cond_wait (&bg.cond, &bg.lock);
  g_mutex_unlock (&bg.lock);

  /* The main store, used by this thread alone meanwhile. */
  foreground = g_thread_new ("foreground", foreground_thread, f->store);
  g_thread_join (foreground);
  g_thread_join (background);

  g_assert_true (bg.saw_foreground);
  g_assert_cmpint (_hw_store_foreground_waiting (), ==, 0);
  g_assert_true (product_exists (f->store, "BG-1"));
  g_assert_true (product_exists (f->store, "BG-2"));

  g_mutex_clear (&bg.lock);
  g_cond_clear (&bg.cond);
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_size;
}

/* A background connection's commit leaves the pages in the WAL; hw_store_checkpoint()
 * copies them into the database file, and only past its threshold. */
static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  goffset before;

  store = hw_store_open (f->path, HW_STORE_OPEN_BACKGROUND, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_checkpoint (store, 1, &error));
  before = file_size (f->path);

  g_assert_true (hw_store_begin (store, &error));
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *key = g_strdup_printf ("CP-%03u", i);

      create_product (store, key);
    }
  g_assert_true (hw_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_size (f->path), ==, before);

  g_assert_true (hw_store_checkpoint (store, G_MAXUINT, &error));
  g_assert_cmpint (file_size (f->path), ==, before);

  g_assert_true (hw_store_checkpoint (store, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (file_size (f->path), >, before);
  g_assert_true (product_exists (f->store, "CP-199"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/store-background/lookup-by", Fixture, NULL, fixture_set_up,
              test_lookup_by, fixture_tear_down);
  g_test_add_func ("/core/store-background/swap-fields", test_swap_fields);
  g_test_add ("/core/store-background/foreground-first", Fixture, NULL, fixture_set_up,
              test_foreground_first, fixture_tear_down);
  g_test_add ("/core/store-background/checkpoint", Fixture, NULL, fixture_set_up,
              test_checkpoint, fixture_tear_down);

  return g_test_run ();
}
