/* test-conflict-dialog.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-conflict-dialog"

#include "config.h"

#include "hw-conflict-dialog.h"
#include "hw-outbox.h"
#include "hw-sync-indicator.h"
#include "hw-window.h"

#include "hw-test-app.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* HwConflictDialog on a real conflict (the server binary changed what the local copy
 * changed), resolved per field; and a refused edit, reverted. */

static HwTestFixture server;

static void
sync_engine (HwSyncEngine *engine)
{
  g_autoptr(GError) error = hw_test_sync_run (engine, NULL);

  g_assert_no_error (error);
}

static HwProduct *
first_product (HwStore *store,
               guint    index)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, index + 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, index + 1);
  return hw_entity_copy (g_ptr_array_index (page->items, index));
}

static HwProduct *
server_product (const char *id)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  HwProduct *product;

  store = hw_store_open (server.db, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  product = hw_store_get_product (store, id, &error);
  g_assert_no_error (error);
  return product;
}

static void
test_resolve_per_field (void)
{
  g_autofree char *data_dir = g_build_filename (server.dir, "data-conflict", NULL);
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwProduct) on_server = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto(HwTestResponse) response = { 0, };
  HwConflictDialog *dialog;
  HwSyncEngine *engine;
  HwStore *store;
  HwWindow *window;
  const char *op_id;

  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  engine = hw_session_get_engine (session);
  sync_engine (engine);
  store = hw_session_get_store (session);

  /* Mine and theirs both change the display name and the description. */
  product = first_product (store, 0);
  g_free (product->display_name);
  product->display_name = g_strdup ("Mine");
  g_free (product->description);
  product->description = g_strdup ("My words");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);

  path = g_strconcat ("/api/v1/products/", HW_ENTITY (product)->id, NULL);
  hw_test_patch (server.session, server.url, &response, path, server.owner,
                 "{\"display_name\": \"Theirs\", \"description\": \"Their words\"}");
  g_assert_cmpuint (response.status, ==, 200);

  sync_engine (engine);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 1);

  /* The window's indicator says so. */
  window = g_object_new (HW_TYPE_WINDOW, "session", session, NULL);
  g_assert_cmpstr (hw_sync_indicator_get_summary (HW_SYNC_INDICATOR (hw_window_get_sync_indicator (window))),
                   ==, "1 conflict");

  dialog = hw_conflict_dialog_new (engine, store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (hw_conflict_dialog_get_n_conflicts (dialog), ==, 1);
  g_assert_cmpuint (hw_conflict_dialog_get_n_rejected (dialog), ==, 0);

  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("HW_SCREENSHOT_DIR"),
                                               "hw-conflict-dialog.png", NULL);

      hw_test_render_png (GTK_WIDGET (dialog), png);
    }

  conflicts = hw_sync_engine_list_conflicts (engine, &error);
  g_assert_no_error (error);
  op_id = ((HwSyncConflict *) g_ptr_array_index (conflicts, 0))->op->op_id;

  /* Theirs for the name, mine for the description; fields without a choice refuse. */
  g_assert_true (hw_conflict_dialog_choose_theirs (dialog, op_id, "display_name", TRUE));
  g_assert_true (hw_conflict_dialog_choose_theirs (dialog, op_id, "description", FALSE));
  g_assert_false (hw_conflict_dialog_choose_theirs (dialog, op_id, "sku", TRUE));

  hw_conflict_dialog_resolve (dialog, op_id, HW_RESOLVE_MERGED, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hw_conflict_dialog_get_n_conflicts (dialog), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);

  sync_engine (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  on_server = server_product (HW_ENTITY (product)->id);
  g_assert_cmpstr (on_server->display_name, ==, "Theirs");
  g_assert_cmpstr (on_server->description, ==, "My words");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_revert_rejected (void)
{
  g_autofree char *data_dir = g_build_filename (server.dir, "data-rejected", NULL);
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwProduct) reverted = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_name = NULL;
  HwConflictDialog *dialog;
  HwSyncEngine *engine;
  HwStore *store;

  hw_test_app_sign_in (session, server.url, HW_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  engine = hw_session_get_engine (session);
  sync_engine (engine);
  store = hw_session_get_store (session);

  /* The name is the ERP's: the server refuses a change of it. */
  product = first_product (store, 1);
  server_name = g_strdup (product->name);
  g_free (product->name);
  product->name = g_strdup ("Renamed by staff");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);
  sync_engine (engine);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 1);

  dialog = hw_conflict_dialog_new (engine, store);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpuint (hw_conflict_dialog_get_n_rejected (dialog), ==, 1);

  rejected = hw_store_outbox_list (store, HW_OUTBOX_REJECTED, 0, 10, &error);
  g_assert_no_error (error);
  hw_conflict_dialog_revert (dialog, ((HwOutboxOp *) g_ptr_array_index (rejected, 0))->op_id,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hw_conflict_dialog_get_n_rejected (dialog), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);

  reverted = hw_store_get_product (store, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reverted->name, ==, server_name);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  hw_test_app_init (&argc, &argv);

  hw_test_fixture_prepare (&server, "hw-test-conflict-dialog-XXXXXX",
                           (const char * const[]) { "--products", "100", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  server.process = hw_test_serve_start (server.db, server.log, &server.url);
  server.session = hw_test_session_new ();
  server.owner = hw_test_login_token (server.session, server.url, HW_TEST_APP_EMAIL,
                                      HW_TEST_PASSWORD);

  g_test_add_func ("/App/ConflictDialog/resolve-per-field", test_resolve_per_field);
  g_test_add_func ("/App/ConflictDialog/revert-rejected", test_revert_rejected);

  ret = g_test_run ();

  hw_test_fixture_stop (&server);

  return ret;
}
