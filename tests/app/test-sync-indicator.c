/* test-sync-indicator.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-indicator"

#include "config.h"

#include "hw-outbox.h"
#include "hw-sync-indicator.h"

#include "hw-test-app.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* HwSyncIndicator follows real engines: one against the server binary, one against a
 * closed port on the same local copy. */

static HwTestFixture server;

static HwSyncIndicator *
new_indicator (void)
{
  return g_object_ref_sink (HW_SYNC_INDICATOR (hw_sync_indicator_new ()));
}

static void
test_formatting (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *never = hw_format_relative_time (0, now);
  g_autofree char *just_now = hw_format_relative_time (now - 20 * G_USEC_PER_SEC, now);
  g_autofree char *minutes = hw_format_relative_time (now - 2 * 60 * G_USEC_PER_SEC, now);
  g_autofree char *hours = hw_format_relative_time (now - G_GINT64_CONSTANT (3) * 3600 * G_USEC_PER_SEC, now);
  g_autofree char *days = hw_format_relative_time (now - G_GINT64_CONSTANT (3) * 86400 * G_USEC_PER_SEC, now);

  g_assert_cmpstr (never, ==, "Never");
  g_assert_cmpstr (just_now, ==, "Just now");
  g_assert_cmpstr (minutes, ==, "2 minutes ago");
  g_assert_cmpstr (hours, ==, "3 hours ago");
  g_assert_nonnull (days);
  g_assert_null (strstr (days, "ago"));
}

static gboolean
engine_failed (gpointer data)
{
  return hw_sync_engine_get_state (HW_SYNC_ENGINE (data)) == HW_SYNC_STATE_ERROR;
}

static void
test_states (void)
{
  g_autoptr(HwSyncIndicator) indicator = new_indicator ();
  g_autofree char *replica = g_build_filename (server.dir, "replica.db", NULL);
  g_autofree char *closed = hw_test_app_closed_url ();
  g_autofree char *token = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(HwSyncEngine) offline = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  /* Without an engine there is nothing to show. */
  g_assert_null (hw_sync_indicator_get_summary (indicator));

  token = hw_test_login_token (server.session, server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  engine = hw_sync_engine_new (server.url, replica);
  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, token);

  hw_sync_indicator_set_engine (indicator, engine);
  g_assert_cmpstr (hw_sync_indicator_get_summary (indicator), ==, "Not synced yet");

  /* Synced: the check mark. */
  error = hw_test_sync_run (engine, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (hw_sync_indicator_get_summary (indicator), ==, "Synced");
  g_assert_cmpstr (hw_sync_indicator_get_icon_name (indicator), ==, "emblem-ok-symbolic");

  /* An edit on the copy, and the server gone: offline, with the edit counted. */
  store = hw_store_open (replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  hw_query_set_limit (query, 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  product = hw_entity_copy (g_ptr_array_index (page->items, 0));
  g_free (product->display_name);
  product->display_name = g_strdup ("Renamed for the indicator");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);

  offline = hw_sync_engine_new (closed, replica);
  hw_sync_engine_set_interval (offline, 0);
  hw_sync_engine_set_token (offline, token);
  hw_sync_indicator_set_engine (indicator, offline);
  hw_sync_engine_sync_now (offline);
  hw_test_wait_for (engine_failed, offline);
  g_assert_cmpstr (hw_sync_indicator_get_summary (indicator), ==, "Offline, 1 waiting");
  g_assert_cmpstr (hw_sync_indicator_get_icon_name (indicator), ==, "network-offline-symbolic");

  /* The popover says the same in more words. */
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (indicator));
  gtk_window_present (GTK_WINDOW (window));
  hw_sync_indicator_popup (indicator);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (hw_sync_indicator_get_popover (indicator)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (hw_sync_indicator_get_popover (indicator))));

  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("HW_SCREENSHOT_DIR"),
                                                "hw-sync-popover.png", NULL);

      hw_test_render_png (GTK_WIDGET (hw_sync_indicator_get_popover (indicator)), path);
    }

  /* Back on the server: the edit goes, and all is synced again. */
  hw_sync_indicator_set_engine (indicator, engine);
  error = hw_test_sync_run (engine, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpstr (hw_sync_indicator_get_summary (indicator), ==, "Synced");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  hw_test_app_init (&argc, &argv);

  hw_test_fixture_prepare (&server, "hw-test-sync-indicator-XXXXXX",
                           (const char * const[]) { "--products", "100", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  server.process = hw_test_serve_start (server.db, server.log, &server.url);
  server.session = hw_test_session_new ();

  g_test_add_func ("/App/SyncIndicator/formatting", test_formatting);
  g_test_add_func ("/App/SyncIndicator/states", test_states);

  ret = g_test_run ();

  hw_test_fixture_stop (&server);

  return ret;
}
