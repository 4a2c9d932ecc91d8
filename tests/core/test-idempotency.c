/* test-idempotency.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "hw-idempotency-store.h"
#include "hw-store-private.h"

/* The stored first answers to requests with an Idempotency-Key: saved and looked up per
 * principal and key, refused twice or malformed, rolled back with their transaction,
 * kept across a reopen and purged by age. */

#define HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))

typedef struct
{
  char    *dir;
  char    *path;
  HwStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("hw-test-idempotency-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "one.db", NULL);
  fixture->store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->store);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_unlink (file), ==, 0);
    }

  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static HwIdempotencyRecord *
record_for (const char *principal,
            const char *key,
            const char *body)
{
  HwIdempotencyRecord *record = hw_idempotency_record_new ();

  record->principal = g_strdup (principal);
  record->key = g_strdup (key);
  record->fingerprint = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);
  record->status = 201;
  record->location = g_strdup ("/api/v1/categories/0d4a1b52-0000-4000-8000-000000000001");
  record->etag = g_strdup ("\"7\"");
  record->body = g_strdup (body);

  return record;
}

static void
assert_same (const HwIdempotencyRecord *found,
             const HwIdempotencyRecord *record)
{
  g_assert_nonnull (found);
  g_assert_cmpstr (found->principal, ==, record->principal);
  g_assert_cmpstr (found->key, ==, record->key);
  g_assert_cmpstr (found->fingerprint, ==, record->fingerprint);
  g_assert_cmpuint (found->status, ==, record->status);
  g_assert_cmpstr (found->location, ==, record->location);
  g_assert_cmpstr (found->etag, ==, record->etag);
  g_assert_cmpstr (found->body, ==, record->body);
  g_assert_cmpint (found->created_at, ==, record->created_at);
}

static void
test_save_lookup (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{\"name\": \"A\"}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 revision = hw_store_get_revision (fixture->store);

  g_assert_cmpint (hw_store_get_schema_version (fixture->store), >=, 6);

  g_assert_true (hw_store_save_idempotency_key (fixture->store, record, &error));
  g_assert_no_error (error);
  g_assert_cmpint (record->created_at, >, 0);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "key-1", &error);
  g_assert_no_error (error);
  assert_same (found, record);

  /* Not an entity: no revision is used. */
  g_assert_cmpint (hw_store_get_revision (fixture->store), ==, revision);
}

static void
test_optional_headers (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&record->location, g_free);
  g_clear_pointer (&record->etag, g_free);
  record->status = 422;

  g_assert_true (hw_store_save_idempotency_key (fixture->store, record, &error));
  g_assert_no_error (error);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "key-1", &error);
  g_assert_no_error (error);
  assert_same (found, record);
  g_assert_null (found->location);
  g_assert_null (found->etag);
}

static void
test_scoped_by_principal (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) mine = record_for ("staff-1", "shared", "{\"a\": 1}");
  g_autoptr(HwIdempotencyRecord) theirs = record_for ("staff-2", "shared", "{\"b\": 2}");
  g_autoptr(HwIdempotencyRecord) again = record_for ("staff-1", "shared", "{\"a\": 1}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_save_idempotency_key (fixture->store, mine, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_save_idempotency_key (fixture->store, theirs, &error));
  g_assert_no_error (error);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-2", "shared", &error);
  g_assert_no_error (error);
  assert_same (found, theirs);
  g_clear_pointer (&found, hw_idempotency_record_free);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "shared", &error);
  g_assert_no_error (error);
  assert_same (found, mine);

  /* A principal uses a key once. */
  g_assert_false (hw_store_save_idempotency_key (fixture->store, again, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
}

static void
test_lookup_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "key-1", &error);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  g_assert_true (hw_store_save_idempotency_key (fixture->store, record, &error));
  g_assert_no_error (error);

  /* Keys are compared exactly. */
  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "KEY-1", &error);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_null (found);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const fields[] = { "principal", "key", "fingerprint", "body", "status" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{}");
      g_autoptr(GError) error = NULL;

      switch (i)
        {
        case 0: g_clear_pointer (&record->principal, g_free); break;
        case 1: record->key[0] = '\0'; break;
        case 2: g_clear_pointer (&record->fingerprint, g_free); break;
        case 3: g_clear_pointer (&record->body, g_free); break;
        default: record->status = 0; break;
        }

      g_assert_false (hw_store_save_idempotency_key (fixture->store, record, &error));
      g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, fields[i]));
    }
}

static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  /* Saved with a change in one transaction: rolled back, neither is kept. */
  g_assert_true (hw_store_begin (fixture->store, &error));
  category->name = g_strdup ("Rolled back");
  g_assert_true (hw_store_create_category (fixture->store, category, &error));
  g_assert_true (hw_store_save_idempotency_key (fixture->store, record, &error));
  g_assert_no_error (error);
  hw_store_rollback (fixture->store);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "key-1", &error);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);
  g_assert_false (_hw_store_exists (fixture->store, &hw_category_type,
                                    HW_ENTITY (category)->id, &error));
}

static void
test_persists (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) record = record_for ("staff-1", "key-1", "{\"x\": true}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_save_idempotency_key (fixture->store, record, &error));
  g_assert_no_error (error);

  g_clear_object (&fixture->store);
  fixture->store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "key-1", &error);
  g_assert_no_error (error);
  assert_same (found, record);
}

static void
test_purge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(HwIdempotencyRecord) old = record_for ("staff-1", "old", "{}");
  g_autoptr(HwIdempotencyRecord) recent = record_for ("staff-1", "recent", "{}");
  g_autoptr(HwIdempotencyRecord) found = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = hw_store_now (fixture->store);
  guint purged = 0;

  old->created_at = now - 48 * HOUR;
  recent->created_at = now - HOUR;
  g_assert_true (hw_store_save_idempotency_key (fixture->store, old, &error));
  g_assert_true (hw_store_save_idempotency_key (fixture->store, recent, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_purge_idempotency_keys (fixture->store, now - 24 * HOUR, &purged,
                                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (purged, ==, 1);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "old", &error);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_null (found);
  g_clear_error (&error);

  found = hw_store_lookup_idempotency_key (fixture->store, "staff-1", "recent", &error);
  g_assert_no_error (error);
  assert_same (found, recent);

  /* Nothing older is left; out_purged is optional. */
  g_assert_true (hw_store_purge_idempotency_keys (fixture->store, now - 24 * HOUR, NULL,
                                                  &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/idempotency/save-lookup", Fixture, NULL, fixture_set_up, test_save_lookup,
              fixture_tear_down);
  g_test_add ("/idempotency/optional-headers", Fixture, NULL, fixture_set_up,
              test_optional_headers, fixture_tear_down);
  g_test_add ("/idempotency/scoped-by-principal", Fixture, NULL, fixture_set_up,
              test_scoped_by_principal, fixture_tear_down);
  g_test_add ("/idempotency/lookup-missing", Fixture, NULL, fixture_set_up,
              test_lookup_missing, fixture_tear_down);
  g_test_add ("/idempotency/invalid", Fixture, NULL, fixture_set_up, test_invalid,
              fixture_tear_down);
  g_test_add ("/idempotency/rollback", Fixture, NULL, fixture_set_up, test_rollback,
              fixture_tear_down);
  g_test_add ("/idempotency/persists", Fixture, NULL, fixture_set_up, test_persists,
              fixture_tear_down);
  g_test_add ("/idempotency/purge", Fixture, NULL, fixture_set_up, test_purge,
              fixture_tear_down);

  return g_test_run ();
}
