/* test-maintenance.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "hw-core-error.h"
#include "hw-idempotency-store.h"
#include "hw-server-maintenance.h"

/* The server's housekeeping: idempotency records are forgotten after their retention,
 * by the store's clock, and not a moment before. */

#define NOW ((gint64) 1798761600 * G_USEC_PER_SEC)   /* 2027-01-01 */
#define RETENTION ((gint64) HW_SERVER_IDEMPOTENCY_RETENTION_HOURS * G_TIME_SPAN_HOUR)

typedef struct
{
  char    *dir;
  HwStore *store;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return NOW;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  fixture->dir = g_dir_make_tmp ("hw-maintenance-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = hw_store_open (db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  hw_store_set_clock (fixture->store, fixed_clock, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const files[] = { "test.db", "test.db-wal", "test.db-shm", NULL };

  g_clear_object (&fixture->store);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, files[i], NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
save_record (HwStore    *store,
             const char *key,
             gint64      created_at)
{
  g_autoptr(HwIdempotencyRecord) record = hw_idempotency_record_new ();
  g_autoptr(GError) error = NULL;

  record->principal = g_strdup ("staff:1");
  record->key = g_strdup (key);
  record->fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  record->status = 201;
  record->body = g_strdup ("{}");
  record->created_at = created_at;
  g_assert_true (hw_store_save_idempotency_key (store, record, &error));
  g_assert_no_error (error);
}

static gboolean
is_kept (HwStore    *store,
         const char *key)
{
  g_autoptr(HwIdempotencyRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = hw_store_lookup_idempotency_key (store, "staff:1", key, &error);
  if (record == NULL)
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);

  return record != NULL;
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint purged = 0;

  save_record (fixture->store, "expired", NOW - RETENTION - G_TIME_SPAN_MINUTE);
  save_record (fixture->store, "last-minute", NOW - RETENTION + G_TIME_SPAN_MINUTE);
  save_record (fixture->store, "fresh", NOW - G_TIME_SPAN_MINUTE);

  g_assert_true (hw_server_maintenance_run (fixture->store, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 1);
  g_assert_false (is_kept (fixture->store, "expired"));
  g_assert_true (is_kept (fixture->store, "last-minute"));
  g_assert_true (is_kept (fixture->store, "fresh"));

  /* A second run finds nothing more to do. */
  g_assert_true (hw_server_maintenance_run (fixture->store, &purged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 0);
}

/* `serve` schedules it: the first run happens at once, not an interval later. */
static void
test_schedule (Fixture       *fixture,
               gconstpointer  data)
{
  guint source_id;

  save_record (fixture->store, "expired", NOW - 2 * RETENTION);

  source_id = hw_server_maintenance_schedule (fixture->store);
  g_assert_cmpuint (source_id, >, 0);
  g_assert_false (is_kept (fixture->store, "expired"));

  g_source_remove (source_id);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server/maintenance/purge", Fixture, NULL,
              fixture_set_up, test_purge, fixture_tear_down);
  g_test_add ("/server/maintenance/schedule", Fixture, NULL,
              fixture_set_up, test_schedule, fixture_tear_down);

  return g_test_run ();
}
