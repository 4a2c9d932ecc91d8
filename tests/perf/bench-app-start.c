/* bench-app-start.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "bench-app-start"

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "hw-demo.h"
#include "hw-sync-profiles.h"

/* app_first_frame_ms: from starting heartwork-one to the first frame of its sections,
 * on a local copy of PRODUCTS demo products (build-aux/bench.sh runs it under Xvfb):
 *
 *   bench-app-start HEARTWORK_ONE [PRODUCTS]
 *
 * The app writes the moment of that frame to HW_READY_FILE. Its server is a closed
 * port, so it starts offline, as after a night without network. The median of five
 * starts is printed. */

#define N_RUNS 5

static gint64
read_ready (const char *path)
{
  g_autofree char *contents = NULL;
  gint64 when = 0;

  if (g_file_get_contents (path, &contents, NULL, NULL) &&
      g_str_has_prefix (contents, "main ") && strchr (contents, '\n') != NULL)
    when = g_ascii_strtoll (contents + strlen ("main "), NULL, 10);

  return when;
}

static double
start_once (const char *binary,
            const char *data_home,
            const char *ready)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  gint64 started;
  gint64 ready_at = 0;

  g_unlink (ready);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "HW_READY_FILE", ready, TRUE);
  g_subprocess_launcher_setenv (launcher, "HW_TOKEN_STORE", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);

  started = g_get_real_time ();
  app = g_subprocess_launcher_spawn (launcher, &error, binary, NULL);
  if (app == NULL)
    g_error ("Could not start %s: %s", binary, error->message);

  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while ((ready_at = read_ready (ready)) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s showed no sections within two minutes", binary);
      g_usleep (1000);
    }

  g_subprocess_force_exit (app);
  g_subprocess_wait (app, NULL, NULL);

  return (ready_at - started) / 1000.0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HwSyncProfiles) profiles = NULL;
  g_autoptr(HwSyncProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *app_dir = NULL;
  g_autofree char *ready = NULL;
  HwDemoOptions options;
  double runs[N_RUNS];

  if (argc < 2)
    {
      g_printerr ("Usage: %s HEARTWORK_ONE [PRODUCTS]\n", argv[0]);
      return EXIT_FAILURE;
    }

  dir = g_dir_make_tmp ("hw-bench-app-start-XXXXXX", &error);
  g_assert_no_error (error);
  app_dir = g_build_filename (dir, "heartwork-one", NULL);
  ready = g_build_filename (dir, "ready", NULL);

  /* A profile as a sign-in leaves it, with its local copy filled by the generator. */
  profiles = hw_sync_profiles_new_for_directory (app_dir);
  profile = hw_sync_profiles_add (profiles, "http://127.0.0.1:9", "bench@example.com", &error);
  g_assert_no_error (error);
  hw_sync_profiles_set_last_used (profiles, profile, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (hw_sync_profile_get_directory (profile), 0700), ==, 0);

  {
    g_autoptr(HwStore) store = hw_store_open (hw_sync_profile_get_database_path (profile),
                                              HW_STORE_OPEN_BULK, &error);

    g_assert_no_error (error);
    hw_demo_options_init (&options);
    options.products = argc > 2 ? (guint) atoi (argv[2]) : 1000000;
    options.orders = 1000;
    if (!hw_demo_generate (store, &options, NULL, NULL, NULL, &error))
      g_error ("Seeding failed: %s", error->message);
  }

  for (guint i = 0; i < N_RUNS; i++)
    {
      runs[i] = start_once (argv[1], dir, ready);
      if (g_getenv ("HW_BENCH_VERBOSE") != NULL)
        g_printerr ("start %u: %.0f ms\n", i + 1, runs[i]);
    }

  qsort (runs, N_RUNS, sizeof (double), compare_doubles);
  g_print ("app_first_frame_ms %.0f ms\n", runs[N_RUNS / 2]);

  /* A million products take more than a gigabyte. */
  remove_tree (dir);

  return EXIT_SUCCESS;
}
