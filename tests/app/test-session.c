/* test-session.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-session"

#include "config.h"

#include <glib/gstdio.h>

#include "hw-outbox.h"
#include "hw-session.h"
#include "hw-sign-in-page.h"
#include "hw-sync-error.h"
#include "hw-window.h"

#include "hw-test-app.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* HwSession against the built server on loopback: signing in (and the words of its
 * failures), the first sync, signing out, and starting offline on the local copy. */

static HwTestFixture server;

static char *
new_data_dir (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("data-%u", ++n);

  return g_build_filename (server.dir, name, NULL);
}

static gint64
count_products (HwStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  hw_store_count (store, &hw_product_type, NULL, &count, &error);
  g_assert_no_error (error);
  return count;
}

static void
sync_engine (HwSyncEngine *engine)
{
  g_autoptr(GError) error = hw_test_sync_run (engine, NULL);

  g_assert_no_error (error);
}

static void
test_sign_in (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(GError) error = NULL;
  HwSyncProfile *profile;

  g_assert_null (hw_session_get_profile (session));
  g_assert_null (hw_session_get_store (session));
  g_assert_null (hw_session_get_engine (session));

  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);

  /* The profile is made and remembered as the last one; its copy is made by the first
   * sync (from the server's snapshot), so there is none to open yet. */
  profile = hw_session_get_profile (session);
  g_assert_nonnull (profile);
  g_assert_cmpstr (hw_sync_profile_get_email (profile), ==, HW_TEST_APP_EMAIL);
  g_assert_true (hw_sync_profiles_get_last_used (hw_session_get_profiles (session)) == profile);
  g_assert_null (hw_session_get_store (session));
  g_assert_false (g_file_test (hw_sync_profile_get_database_path (profile), G_FILE_TEST_EXISTS));
  g_assert_nonnull (hw_session_get_engine (session));
  g_assert_cmpstr (hw_sync_engine_get_base_url (hw_session_get_engine (session)), ==,
                   hw_sync_profile_get_server_url (profile));
  g_assert_cmpuint (hw_sync_engine_get_interval (hw_session_get_engine (session)), ==,
                    hw_session_get_sync_interval (session));

  /* The engine has the token: the first sync brings the assortment, and the session
   * opens the copy when it ends. */
  sync_engine (hw_session_get_engine (session));
  g_assert_nonnull (hw_session_get_store (session));
  g_assert_cmpint (count_products (hw_session_get_store (session)), ==, 200);
  g_assert_true (hw_session_open_store (session, &error));
  g_assert_no_error (error);

  /* The interval follows the session (GSettings drives it in the app). */
  hw_session_set_sync_interval (session, 900);
  g_assert_cmpuint (hw_sync_engine_get_interval (hw_session_get_engine (session)), ==, 900);

  /* Signing in again as the same person reuses the profile. */
  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hw_session_get_profiles (session))), ==, 1);
  g_assert_cmpint (count_products (hw_session_get_store (session)), ==, 200);
}

static void
test_wrong_password (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;

  g_assert_false (hw_test_app_sign_in (session, server.url, "not the password", &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS);

  words = hw_sign_in_page_describe_error (error);
  g_assert_cmpstr (words, ==, "Wrong email or password");

  /* Nothing is opened, and the profile that never signed in is not kept. */
  g_assert_null (hw_session_get_profile (session));
  g_assert_null (hw_session_get_store (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hw_session_get_profiles (session))), ==, 0);
}

static void
test_unreachable (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autofree char *url = hw_test_app_closed_url ();
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;

  g_assert_false (hw_test_app_sign_in (session, url, HW_TEST_PASSWORD, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);

  words = hw_sign_in_page_describe_error (error);
  g_assert_cmpstr (words, ==, "The server could not be reached");
  g_assert_null (hw_session_get_profile (session));

  /* Not an address at all. */
  g_clear_error (&error);
  g_assert_false (hw_test_app_sign_in (session, "ftp://example.com", HW_TEST_PASSWORD, &error));
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL);
  g_clear_pointer (&words, g_free);
  words = hw_sign_in_page_describe_error (error);
  g_assert_cmpstr (words, ==, "This is not a server address");
}

static void
test_sign_out (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  HwSyncProfiles *profiles = hw_session_get_profiles (session);
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;

  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  sync_engine (hw_session_get_engine (session));
  database = g_strdup (hw_sync_profile_get_database_path (hw_session_get_profile (session)));

  /* Keeping the local copy: the profile stays, but is no longer opened at start. */
  hw_test_app_sign_out (session, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (hw_session_get_profile (session));
  g_assert_null (hw_session_get_store (session));
  g_assert_null (hw_session_get_engine (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (profiles)), ==, 1);
  g_assert_null (hw_sync_profiles_get_last_used (profiles));
  g_assert_true (g_file_test (database, G_FILE_TEST_EXISTS));
  g_assert_false (hw_session_open_last (session, &error));
  g_assert_no_error (error);

  /* Signing in again finds the copy; deleting it removes the profile and its files. */
  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_products (hw_session_get_store (session)), ==, 200);

  hw_test_app_sign_out (session, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (hw_session_get_profile (session));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (profiles)), ==, 0);
  g_assert_false (g_file_test (database, G_FILE_TEST_EXISTS));
}

static gboolean
window_is_offline (gpointer data)
{
  return hw_window_get_offline (HW_WINDOW (data));
}

static gboolean
window_is_offline_with_pending (gpointer data)
{
  HwSession *session = hw_window_get_session (HW_WINDOW (data));

  return hw_window_get_offline (HW_WINDOW (data)) &&
         hw_sync_engine_get_pending_count (hw_session_get_engine (session)) > 0;
}

static gboolean
engine_needs_sign_in (gpointer data)
{
  return hw_sync_engine_get_state (HW_SYNC_ENGINE (data)) == HW_SYNC_STATE_NEEDS_SIGN_IN;
}

static gboolean
window_shows_synced_sections (gpointer data)
{
  HwSyncEngine *engine = hw_session_get_engine (hw_window_get_session (HW_WINDOW (data)));

  return g_strcmp0 (hw_window_get_page (HW_WINDOW (data)), "main") == 0 &&
         engine != NULL &&
         hw_sync_engine_get_state (engine) == HW_SYNC_STATE_IDLE &&
         hw_sync_engine_get_last_sync (engine) > 0;
}

/* The token is gone (another keyring, a revoked session): the copy stays usable, and
 * signing in again from the window syncs it. */
static void
test_sign_in_again (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) first = hw_test_app_session_new (data_dir);
  g_autoptr(HwSession) session = NULL;
  g_autoptr(GError) error = NULL;
  HwSignInPage *page;
  HwWindow *window;

  hw_test_app_sign_in (first, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  sync_engine (hw_session_get_engine (first));
  g_clear_object (&first);

  /* A new token store has no token for the profile. */
  session = hw_test_app_session_new (data_dir);
  g_assert_true (hw_session_open_last (session, &error));
  window = g_object_new (HW_TYPE_WINDOW, "session", session, NULL);
  gtk_window_present (GTK_WINDOW (window));
  hw_test_wait_for (engine_needs_sign_in, hw_session_get_engine (session));
  g_assert_cmpstr (hw_window_get_page (window), ==, "main");

  /* Back to the copy, offline, and then signing in for real. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in-again", NULL));
  g_assert_cmpstr (hw_window_get_page (window), ==, "sign-in");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-sign-in", NULL));
  g_assert_cmpstr (hw_window_get_page (window), ==, "main");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-in-again", NULL));
  page = HW_SIGN_IN_PAGE (hw_window_get_sign_in_page (window));
  hw_sign_in_page_set_credentials (page, server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  hw_sign_in_page_submit (page);
  hw_test_wait_for (window_shows_synced_sections, window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hw_session_get_profiles (session))), ==, 1);
  g_assert_cmpint (count_products (hw_session_get_store (session)), ==, 200);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Runs last: it stops the server. */
static void
test_offline_start (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) first = hw_test_app_session_new (data_dir);
  g_autoptr(HwSession) session = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPage) page = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  HwStore *store;
  HwWindow *window;

  hw_test_app_sign_in (first, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  sync_engine (hw_session_get_engine (first));
  g_clear_object (&first);

  hw_test_serve_stop (server.process);
  g_clear_object (&server.process);

  /* A later start opens the copy at once, before any answer from the network. */
  session = hw_test_app_session_new (data_dir);
  g_assert_true (hw_session_open_last (session, &error));
  g_assert_no_error (error);
  store = hw_session_get_store (session);
  g_assert_nonnull (store);
  g_assert_cmpint (count_products (store), ==, 200);

  /* An edit made offline waits in the outbox. */
  hw_query_set_limit (query, 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  product = hw_entity_copy (g_ptr_array_index (page->items, 0));
  g_free (product->display_name);
  product->display_name = g_strdup ("Renamed offline");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);

  /* The window shows the sections with the offline banner, counting the edit. */
  window = g_object_new (HW_TYPE_WINDOW, "session", session, NULL);
  g_assert_cmpstr (hw_window_get_page (window), ==, "main");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.local-changed", NULL));
  hw_test_wait_for (window_is_offline, window);
  g_assert_false (hw_sync_engine_get_online (hw_session_get_engine (session)));

  /* The count comes with the run after the edit. */
  hw_sync_engine_sync_now (hw_session_get_engine (session));
  hw_test_wait_for (window_is_offline_with_pending, window);
  g_assert_cmpstr (hw_window_get_offline_text (window), ==, "Working offline — 1 change waiting");

  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("HW_SCREENSHOT_DIR"), "hw-window-offline.png", NULL);

      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      hw_test_render_png (GTK_WIDGET (window), path);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  hw_test_app_init (&argc, &argv);

  hw_test_fixture_prepare (&server, "hw-test-session-XXXXXX",
                           (const char * const[]) { "--products", "200", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  server.process = hw_test_serve_start (server.db, server.log, &server.url);

  g_test_add_func ("/App/Session/sign-in", test_sign_in);
  g_test_add_func ("/App/Session/wrong-password", test_wrong_password);
  g_test_add_func ("/App/Session/unreachable", test_unreachable);
  g_test_add_func ("/App/Session/sign-out", test_sign_out);
  g_test_add_func ("/App/Session/sign-in-again", test_sign_in_again);
  g_test_add_func ("/App/Session/offline-start", test_offline_start);

  ret = g_test_run ();

  hw_test_fixture_stop (&server);

  return ret;
}
