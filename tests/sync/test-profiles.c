/* test-profiles.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-profiles"

#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "hw-sync-error.h"
#include "hw-sync-profiles.h"

/* HwSyncProfiles in a temporary data directory: the list survives a save and a load,
 * every change is written at once and whole, bad input changes nothing, and removing a
 * profile deletes its local copy only when asked. */

typedef struct
{
  char           *dir;
  HwSyncProfiles *profiles;
  guint           n_changes;
} Fixture;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Fixture *fixture = user_data;

  fixture->n_changes++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("hw-profiles-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->profiles = hw_sync_profiles_new_for_directory (fixture->dir);
  g_signal_connect (fixture->profiles, "items-changed", G_CALLBACK (items_changed_cb), fixture);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->profiles);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
read_list (Fixture *fixture)
{
  g_autofree char *path = hw_sync_profiles_dup_file_path (fixture->profiles);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static HwSyncProfile *
item (HwSyncProfiles *profiles,
      guint           position)
{
  g_autoptr(HwSyncProfile) profile = g_list_model_get_item (G_LIST_MODEL (profiles), position);

  g_assert_nonnull (profile);
  return profile;  /* the list holds another reference */
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(HwSyncProfiles) again = NULL;
  g_autoptr(HwSyncProfile) alice = NULL;
  g_autoptr(HwSyncProfile) bob = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_dir = NULL;
  g_autofree char *expected_db = NULL;
  const char *db;
  HwSyncProfile *loaded;

  g_assert_true (hw_sync_profiles_load (fixture->profiles, &error));  /* no file yet */
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 0);
  g_assert_null (hw_sync_profiles_get_last_used (fixture->profiles));

  alice = hw_sync_profiles_add (fixture->profiles, "https://one.example.com/", "Alice@Example.com",
                                &error);
  g_assert_no_error (error);
  bob = hw_sync_profiles_add (fixture->profiles, "http://127.0.0.1:8080", "bob@example.com", &error);
  g_assert_no_error (error);
  g_assert_true (hw_sync_profiles_set_last_used (fixture->profiles, bob, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->n_changes, ==, 3);  /* the load, two adds */

  /* Normalised: no trailing slash, the email in lowercase as the server keeps it. */
  g_assert_cmpstr (hw_sync_profile_get_server_url (alice), ==, "https://one.example.com");
  g_assert_cmpstr (hw_sync_profile_get_email (alice), ==, "alice@example.com");
  g_assert_cmpstr (hw_sync_profile_get_display_name (alice), ==,
                   "alice@example.com on one.example.com");
  g_assert_cmpstr (hw_sync_profile_get_display_name (bob), ==, "bob@example.com on 127.0.0.1:8080");

  /* An IPv6 address keeps its brackets; a non-ASCII letter keeps its case, as the server
   * lowercases ASCII letters only. */
  {
    g_autoptr(HwSyncProfile) v6 = hw_sync_profiles_add (fixture->profiles, "http://[::1]:8080",
                                                        "Ünal@Example.com", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (hw_sync_profile_get_email (v6), ==, "Ünal@example.com");
    g_assert_cmpstr (hw_sync_profile_get_display_name (v6), ==, "Ünal@example.com on [::1]:8080");
    g_assert_true (hw_sync_profiles_remove (fixture->profiles, v6, FALSE, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_uuid_string_is_valid (hw_sync_profile_get_id (alice)));
  g_assert_cmpstr (hw_sync_profile_get_id (alice), !=, hw_sync_profile_get_id (bob));

  expected_dir = g_build_filename (fixture->dir, "profiles", hw_sync_profile_get_id (alice), NULL);
  expected_db = g_build_filename (expected_dir, "local.db", NULL);
  db = hw_sync_profile_get_database_path (alice);
  g_assert_cmpstr (hw_sync_profile_get_directory (alice), ==, expected_dir);
  g_assert_cmpstr (db, ==, expected_db);

  /* Another instance reads the same list back, in the same order. */
  again = hw_sync_profiles_new_for_directory (fixture->dir);
  g_assert_true (hw_sync_profiles_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (again)) == HW_TYPE_SYNC_PROFILE);

  loaded = item (again, 0);
  g_assert_cmpstr (hw_sync_profile_get_id (loaded), ==, hw_sync_profile_get_id (alice));
  g_assert_cmpstr (hw_sync_profile_get_server_url (loaded), ==, "https://one.example.com");
  g_assert_cmpstr (hw_sync_profile_get_email (loaded), ==, "alice@example.com");
  g_assert_cmpstr (hw_sync_profile_get_directory (loaded), ==, expected_dir);

  loaded = item (again, 1);
  g_assert_cmpstr (hw_sync_profile_get_id (loaded), ==, hw_sync_profile_get_id (bob));
  g_assert_true (hw_sync_profiles_get_last_used (again) == loaded);
  g_assert_true (hw_sync_profiles_lookup (again, hw_sync_profile_get_id (bob)) == loaded);
  g_assert_null (hw_sync_profiles_lookup (again, "00000000-0000-4000-8000-000000000000"));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (again), 2));

  /* Properties read the same as the getters. */
  {
    g_autofree char *id = NULL;
    g_autofree char *server_url = NULL;
    g_autofree char *email = NULL;
    g_autofree char *display_name = NULL;
    g_autofree char *directory = NULL;
    g_autofree char *database_path = NULL;

    g_object_get (loaded,
                  "id", &id,
                  "server-url", &server_url,
                  "email", &email,
                  "display-name", &display_name,
                  "directory", &directory,
                  "database-path", &database_path,
                  NULL);
    g_assert_cmpstr (id, ==, hw_sync_profile_get_id (bob));
    g_assert_cmpstr (server_url, ==, "http://127.0.0.1:8080");
    g_assert_cmpstr (email, ==, "bob@example.com");
    g_assert_cmpstr (display_name, ==, "bob@example.com on 127.0.0.1:8080");
    g_assert_cmpstr (directory, ==, hw_sync_profile_get_directory (bob));
    g_assert_cmpstr (database_path, ==, hw_sync_profile_get_database_path (bob));
    g_assert_true (g_str_has_suffix (database_path, "/local.db"));
  }
}

static void
test_bad_input (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HwSyncProfile) alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char *bad_urls[] = {
    "", "one.example.com", "ftp://one.example.com", "https://", "https://one.example.com/?x=1",
    "https://user:pw@one.example.com",
  };
  static const char *bad_emails[] = {
    "", "alice", "@example.com", "alice@", "a@b@c", "alice @example.com",
  };

  alice = hw_sync_profiles_add (fixture->profiles, "https://one.example.com", "alice@example.com",
                                &error);
  g_assert_no_error (error);
  before = read_list (fixture);
  g_assert_nonnull (before);
  fixture->n_changes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    {
      g_autoptr(HwSyncProfile) profile = hw_sync_profiles_add (fixture->profiles, bad_urls[i],
                                                               "bob@example.com", &error);

      g_assert_null (profile);
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_emails); i++)
    {
      g_autoptr(HwSyncProfile) profile = hw_sync_profiles_add (fixture->profiles,
                                                               "https://one.example.com",
                                                               bad_emails[i], &error);

      g_assert_null (profile);
      g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
      g_clear_error (&error);
    }

  /* The same account again, spelt differently, is a duplicate. */
  {
    g_autoptr(HwSyncProfile) profile = hw_sync_profiles_add (fixture->profiles,
                                                             "https://one.example.com//",
                                                             "ALICE@example.com", &error);

    g_assert_null (profile);
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
    g_assert_nonnull (strstr (error->message, "alice@example.com on one.example.com"));
    g_clear_error (&error);
  }

  /* A profile of another list is not one of these. */
  {
    g_autoptr(HwSyncProfile) stranger = hw_sync_profile_new (fixture->dir, NULL,
                                                             "https://one.example.com",
                                                             "carol@example.com");

    g_assert_false (hw_sync_profiles_set_last_used (fixture->profiles, stranger, &error));
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
    g_clear_error (&error);
    g_assert_false (hw_sync_profiles_remove (fixture->profiles, stranger, TRUE, &error));
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
    g_clear_error (&error);
  }

  after = read_list (fixture);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 1);
  g_assert_cmpuint (fixture->n_changes, ==, 0);
}

static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HwSyncProfile) alice = NULL;
  g_autoptr(HwSyncProfile) bob = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *path = hw_sync_profiles_dup_file_path (fixture->profiles);
  g_autofree char *moved = g_strconcat (path, ".moved", NULL);
  GDir *dir;
  const char *name;
  GStatBuf st;
  guint n_files = 0;

  alice = hw_sync_profiles_add (fixture->profiles, "https://one.example.com", "alice@example.com",
                                &error);
  g_assert_no_error (error);
  g_assert_true (hw_sync_profiles_set_last_used (fixture->profiles, alice, &error));
  g_assert_no_error (error);

  /* Each change is on disk at once, whole, readable only by the user, and the
   * temporary file of the atomic write is gone. */
  g_assert_true (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  {
    g_autofree char *last_used = g_key_file_get_value (key_file, "Profiles", "last-used", NULL);

    g_assert_cmpstr (last_used, ==, hw_sync_profile_get_id (alice));
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_cmpstr (name, ==, "profiles.ini");
      n_files++;
    }
  g_dir_close (dir);
  g_assert_cmpuint (n_files, ==, 1);

  /* A write that fails (here the rename over the list fails, as a directory stands in
   * its place) changes nothing in memory: the add is undone. */
  g_assert_cmpint (g_rename (path, moved), ==, 0);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);

  bob = hw_sync_profiles_add (fixture->profiles, "https://one.example.com", "bob@example.com", &error);
  g_assert_null (bob);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 1);

  g_assert_false (hw_sync_profiles_remove (fixture->profiles, alice, FALSE, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 1);
  g_assert_true (hw_sync_profiles_get_last_used (fixture->profiles) == alice);

  g_assert_false (hw_sync_profiles_set_last_used (fixture->profiles, NULL, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
  g_clear_error (&error);
  g_assert_true (hw_sync_profiles_get_last_used (fixture->profiles) == alice);

  /* Nor does a list that cannot be read. */
  g_assert_false (hw_sync_profiles_load (fixture->profiles, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 1);

  /* The failed writes left no temporary files behind. */
  g_assert_cmpint (g_rmdir (path), ==, 0);
  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "profiles.ini.moved");
  g_dir_close (dir);
}

static void
make_local_copy (HwSyncProfile *profile)
{
  const char *db = hw_sync_profile_get_database_path (profile);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *sub = g_build_filename (hw_sync_profile_get_directory (profile), "attachments",
                                           NULL);
  g_autofree char *inner = g_build_filename (sub, "a.bin", NULL);

  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  write_file (db, "not really a database");
  write_file (wal, "wal");
  write_file (inner, "x");
}

static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HwSyncProfiles) again = NULL;
  g_autoptr(HwSyncProfile) alice = NULL;
  g_autoptr(HwSyncProfile) bob = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = g_build_filename (fixture->dir, "outside.txt", NULL);
  g_autofree char *link = NULL;

  alice = hw_sync_profiles_add (fixture->profiles, "https://one.example.com", "alice@example.com",
                                &error);
  g_assert_no_error (error);
  bob = hw_sync_profiles_add (fixture->profiles, "https://one.example.com", "bob@example.com", &error);
  g_assert_no_error (error);
  g_assert_true (hw_sync_profiles_set_last_used (fixture->profiles, bob, &error));
  g_assert_no_error (error);
  make_local_copy (alice);
  make_local_copy (bob);

  /* A symbolic link in a local copy is removed, not followed. */
  write_file (outside, "keep me");
  link = g_build_filename (hw_sync_profile_get_directory (bob), "link", NULL);
  g_assert_cmpint (symlink (fixture->dir, link), ==, 0);

  /* Kept when not asked… */
  g_assert_true (hw_sync_profiles_remove (fixture->profiles, alice, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (hw_sync_profile_get_directory (alice), G_FILE_TEST_IS_DIR));

  /* … deleted, whole, when asked; the last used one is then none. */
  g_assert_true (hw_sync_profiles_remove (fixture->profiles, bob, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (hw_sync_profile_get_directory (bob), G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (outside, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (hw_sync_profile_get_directory (alice), G_FILE_TEST_IS_DIR));
  g_assert_null (hw_sync_profiles_get_last_used (fixture->profiles));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 0);

  /* A local copy that is not there is already deleted. */
  g_assert_true (hw_sync_profile_delete_local_copy (bob, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (hw_sync_profile_delete_local_copy (alice, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (hw_sync_profile_get_directory (alice), G_FILE_TEST_EXISTS));

  again = hw_sync_profiles_new_for_directory (fixture->dir);
  g_assert_true (hw_sync_profiles_load (again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 0);
  g_assert_null (hw_sync_profiles_get_last_used (again));
}

static void
test_load_skips_invalid (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = hw_sync_profiles_dup_file_path (fixture->profiles);
  HwSyncProfile *loaded;

  /* An id is a directory name: one that is not a UUID could point anywhere. */
  write_file (path,
              "[Profiles]\n"
              "last-used=../../etc\n"
              "\n"
              "[Profile ../../etc]\n"
              "server-url=https://one.example.com\n"
              "email=evil@example.com\n"
              "\n"
              "[Profile 1b4e28ba-2fa1-41d2-883f-0016d3cca427]\n"
              "server-url=https://one.example.com\n"
              "email=alice@example.com\n"
              "\n"
              "[Profile 1B4E28BA-2FA1-41D2-883F-0016D3CCA427]\n"
              "server-url=https://two.example.com\n"
              "email=twin@example.com\n"
              "\n"
              "[Profile 6ba7b810-9dad-41d1-80b4-00c04fd430c8]\n"
              "server-url=gopher://one.example.com\n"
              "email=bob@example.com\n"
              "\n"
              "[Profile 6ba7b811-9dad-41d1-80b4-00c04fd430c8]\n"
              "server-url=https://one.example.com\n"
              "\n"
              "[Profile 6ba7b812-9dad-41d1-80b4-00c04fd430c8]\n"
              "server-url=https://one.example.com/\n"
              "email=ALICE@example.com\n"
              "\n"
              "[Profile 6ba7b813-9dad-41d1-80b4-00c04fd430c8]\n"
              "server-url=https://three.example.com//\n"
              "email=Carol@Example.com\n"
              "\n"
              "[Something else]\n"
              "key=value\n");

  g_assert_true (hw_sync_profiles_load (fixture->profiles, &error));
  g_assert_no_error (error);
  /* Alice once (the same account under another id is a duplicate), and Carol as
   * hw_sync_profiles_add() would have written her. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 2);
  loaded = item (fixture->profiles, 0);
  g_assert_cmpstr (hw_sync_profile_get_id (loaded), ==, "1b4e28ba-2fa1-41d2-883f-0016d3cca427");
  g_assert_cmpstr (hw_sync_profile_get_email (loaded), ==, "alice@example.com");
  loaded = item (fixture->profiles, 1);
  g_assert_cmpstr (hw_sync_profile_get_id (loaded), ==, "6ba7b813-9dad-41d1-80b4-00c04fd430c8");
  g_assert_cmpstr (hw_sync_profile_get_server_url (loaded), ==, "https://three.example.com");
  g_assert_cmpstr (hw_sync_profile_get_email (loaded), ==, "carol@example.com");
  g_assert_null (hw_sync_profiles_get_last_used (fixture->profiles));

  /* Not a key file at all. */
  write_file (path, "\x01\x02 this is [not a key file\n=");
  g_assert_false (hw_sync_profiles_load (fixture->profiles, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->profiles)), ==, 2);
}

static void
test_default_directory (void)
{
  g_autoptr(HwSyncProfiles) profiles = hw_sync_profiles_new ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "heartwork-one", NULL);

  /* g_test_init() with G_TEST_OPTION_ISOLATE_DIRS points the data directory into a
   * temporary one, so this touches nothing of the user's. */
  g_assert_cmpstr (hw_sync_profiles_get_data_dir (profiles), ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/Sync/Profiles/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("round-trip", test_round_trip);
  ADD ("bad-input", test_bad_input);
  ADD ("atomic-write", test_atomic_write);
  ADD ("remove", test_remove);
  ADD ("load-skips-invalid", test_load_skips_invalid);
  g_test_add_func ("/Sync/Profiles/default-directory", test_default_directory);

#undef ADD

  return g_test_run ();
}
