/* test-command-line.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-command-line"

#include "config.h"

#include <glib/gstdio.h>

#include "hw-store.h"
#include "hw-sync-profiles.h"

#include "hw-test-server.h"

/* The built heartwork-one signing in from its command line, as build-aux/demo.sh runs
 * it: --server, --email and the password on stdin, then the first sync, then the
 * sections (the app writes the moment of their first frame to HW_READY_FILE). */

static HwTestFixture server;

static GSubprocess *
spawn_app (const char          *data_home,
           const char          *ready,
           GSubprocessFlags     flags,
           const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GSubprocess *app;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "HW_READY_FILE", ready, TRUE);
  g_subprocess_launcher_setenv (launcher, "HW_TOKEN_STORE", "memory", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");

  g_ptr_array_add (argv, (gpointer) g_getenv ("HW_APP_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  app = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return app;
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_sign_in (void)
{
  g_autofree char *data_home = g_build_filename (server.dir, "home", NULL);
  g_autofree char *ready = g_build_filename (server.dir, "ready", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GOutputStream) in = NULL;
  g_autoptr(HwSyncProfiles) profiles = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *app_dir = g_build_filename (data_home, "heartwork-one", NULL);
  HwSyncProfile *profile;
  gint64 deadline = g_get_monotonic_time () + 170 * G_USEC_PER_SEC;
  gint64 count = 0;
  gboolean exited = FALSE;

  app = spawn_app (data_home, ready, G_SUBPROCESS_FLAGS_STDIN_PIPE,
                   (const char * const[]) { "--server", server.url, "--email", "owner@example.com",
                                            "--password-stdin", NULL });
  in = g_object_ref (g_subprocess_get_stdin_pipe (app));
  g_output_stream_write_all (in, HW_TEST_PASSWORD "\n", strlen (HW_TEST_PASSWORD "\n"), NULL,
                             NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (app, NULL, exited_cb, &exited);

  /* The sections show only once the first sync is done. */
  while (!g_file_get_contents (ready, &contents, NULL, NULL) || !g_str_has_prefix (contents, "main "))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_clear_pointer (&contents, g_free);
      g_assert_false (exited);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }

  profiles = hw_sync_profiles_new_for_directory (app_dir);
  hw_sync_profiles_load (profiles, &error);
  g_assert_no_error (error);
  profile = hw_sync_profiles_get_last_used (profiles);
  g_assert_nonnull (profile);
  g_assert_cmpstr (hw_sync_profile_get_email (profile), ==, "owner@example.com");

  store = hw_store_open (hw_sync_profile_get_database_path (profile), HW_STORE_OPEN_READONLY,
                         &error);
  g_assert_no_error (error);
  hw_store_count (store, &hw_product_type, NULL, &count, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 100);

  g_subprocess_force_exit (app);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_incomplete (void)
{
  g_autofree char *data_home = g_build_filename (server.dir, "home-incomplete", NULL);
  g_autofree char *ready = g_build_filename (server.dir, "ready-incomplete", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;

  /* An address without the rest is refused in words, before any window. */
  app = spawn_app (data_home, ready, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                   (const char * const[]) { "--server", server.url, NULL });
  g_subprocess_communicate_utf8 (app, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_assert_cmpint (g_subprocess_get_exit_status (app), ==, 1);
  g_assert_nonnull (strstr (err, "--server, --email and --password-stdin"));
  g_assert_false (g_file_test (ready, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  hw_test_fixture_prepare (&server, "hw-test-command-line-XXXXXX",
                           (const char * const[]) { "--products", "100", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  server.process = hw_test_serve_start (server.db, server.log, &server.url);

  g_test_add_func ("/App/CommandLine/sign-in", test_sign_in);
  g_test_add_func ("/App/CommandLine/incomplete", test_incomplete);

  ret = g_test_run ();

  hw_test_fixture_stop (&server);

  return ret;
}
