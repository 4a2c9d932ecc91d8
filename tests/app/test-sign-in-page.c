/* test-sign-in-page.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sign-in-page"

#include "config.h"

#include "hw-initial-sync-page.h"
#include "hw-sign-in-page.h"
#include "hw-sync-error.h"
#include "hw-window.h"

#include "hw-test-app.h"
#include "hw-test-server.h"

/* HwSignInPage: the form's validation, failures in words, and the first run of the
 * window from the sign-in page through the first sync to the sections. */

static HwTestFixture server;

static char *
new_data_dir (void)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("data-%u", ++n);

  return g_build_filename (server.dir, name, NULL);
}

static HwSignInPage *
new_page (HwSession *session)
{
  HwSignInPage *page = g_object_ref_sink (HW_SIGN_IN_PAGE (hw_sign_in_page_new ()));

  hw_sign_in_page_set_session (page, session);
  return page;
}

static void
test_validation (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(HwSignInPage) page = new_page (session);
  static const struct {
    const char *url;
    const char *email;
    const char *password;
    gboolean    valid;
  } cases[] = {
    { "", "", "", FALSE },
    { "https://one.example.com", "alice@example.com", "secret", TRUE },
    { "http://127.0.0.1:8080", "alice@example.com", "secret", TRUE },
    { "https://one.example.com", "alice@example.com", "", FALSE },
    { "https://one.example.com", "alice", "secret", FALSE },
    { "https://one.example.com", "@example.com", "secret", FALSE },
    { "https://one.example.com", "alice@", "secret", FALSE },
    { "one.example.com", "alice@example.com", "secret", FALSE },
    { "ftp://one.example.com", "alice@example.com", "secret", FALSE },
    { "https://", "alice@example.com", "secret", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      hw_sign_in_page_set_credentials (page, cases[i].url, cases[i].email, cases[i].password);
      g_assert_cmpint (hw_sign_in_page_get_can_sign_in (page), ==, cases[i].valid);
    }

  /* An incomplete form is not sent. */
  hw_sign_in_page_set_credentials (page, "https://one.example.com", "alice", "secret");
  hw_sign_in_page_submit (page);
  g_assert_false (hw_sign_in_page_get_busy (page));
  g_assert_null (hw_sign_in_page_get_error (page));
}

static void
test_error_words (void)
{
  static const struct {
    HwSyncError  code;
    const char  *words;
  } cases[] = {
    { HW_SYNC_ERROR_NETWORK, "The server could not be reached" },
    { HW_SYNC_ERROR_BAD_CREDENTIALS, "Wrong email or password" },
    { HW_SYNC_ERROR_TLS, "No secure connection could be made to the server" },
    { HW_SYNC_ERROR_NOT_A_SERVER, "This address is not a Heart.work ONE server" },
    { HW_SYNC_ERROR_TOO_MANY_ATTEMPTS, "Too many failed attempts" },
    { HW_SYNC_ERROR_TIMEOUT, "The server did not answer in time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (HW_SYNC_ERROR, cases[i].code, "details");
      g_autofree char *words = hw_sign_in_page_describe_error (error);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static gboolean
page_is_idle (gpointer data)
{
  return !hw_sign_in_page_get_busy (HW_SIGN_IN_PAGE (data));
}

static void
submit_and_wait (HwSignInPage *page)
{
  hw_sign_in_page_submit (page);
  g_assert_true (hw_sign_in_page_get_busy (page));
  g_assert_false (hw_sign_in_page_get_can_sign_in (page));
  hw_test_wait_for (page_is_idle, page);
}

static void
test_failures (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  g_autoptr(HwSignInPage) page = new_page (session);
  g_autofree char *closed = hw_test_app_closed_url ();

  hw_sign_in_page_set_credentials (page, closed, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  submit_and_wait (page);
  g_assert_cmpstr (hw_sign_in_page_get_error (page), ==, "The server could not be reached");
  g_assert_null (hw_session_get_profile (session));

  hw_sign_in_page_set_credentials (page, server.url, HW_TEST_APP_EMAIL, "not the password");
  submit_and_wait (page);
  g_assert_cmpstr (hw_sign_in_page_get_error (page), ==, "Wrong email or password");
  g_assert_null (hw_session_get_profile (session));

  /* The form can be sent again, and a success clears the error. */
  g_assert_true (hw_sign_in_page_get_can_sign_in (page));
  hw_sign_in_page_set_credentials (page, server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  submit_and_wait (page);
  g_assert_null (hw_sign_in_page_get_error (page));
  g_assert_nonnull (hw_session_get_profile (session));
}

static gboolean
window_shows_sections (gpointer data)
{
  return g_strcmp0 (hw_window_get_page (HW_WINDOW (data)), "main") == 0;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
record_page_cb (GtkStack   *stack,
                GParamSpec *pspec,
                GString    *pages)
{
  g_string_append_printf (pages, "%s ", gtk_stack_get_visible_child_name (stack));
}

/* What the command line does: the sign-in page, the first sync, then the sections. */
static void
test_window_first_run (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  HwWindow *window = g_object_new (HW_TYPE_WINDOW, "session", session, NULL);
  HwSyncEngine *engine;
  guint n_progress = 0;
  gint64 count = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) pages = g_string_new (NULL);

  g_signal_connect (gtk_widget_get_ancestor (hw_window_get_sign_in_page (window), GTK_TYPE_STACK),
                    "notify::visible-child", G_CALLBACK (record_page_cb), pages);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (hw_window_get_page (window), ==, "sign-in");

  hw_window_sign_in (window, server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  g_assert_true (hw_sign_in_page_get_busy (HW_SIGN_IN_PAGE (hw_window_get_sign_in_page (window))));

  /* Signed in, the window runs the first sync on its progress page. */
  while (hw_session_get_engine (session) == NULL)
    g_main_context_iteration (NULL, TRUE);
  engine = hw_session_get_engine (session);
  g_signal_connect (engine, "notify::records-done", G_CALLBACK (count_cb), &n_progress);
  g_assert_cmpstr (hw_window_get_page (window), ==, "initial-sync");

  hw_test_wait_for (window_shows_sections, window);
  /* Straight from signing in to the first sync, and only then the sections. */
  g_assert_cmpstr (pages->str, ==, "initial-sync main ");
  g_assert_cmpuint (n_progress, >, 0);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >, 0);
  hw_store_count (hw_session_get_store (session), &hw_product_type, NULL, &count, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 200);
  g_signal_handlers_disconnect_by_func (engine, count_cb, &n_progress);

  /* The server is remembered for the next first run. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema != NULL)
      {
        g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
        g_autofree char *remembered = g_settings_get_string (settings, "server-url");

        g_assert_cmpstr (remembered, ==, server.url);
      }
    else
      g_test_message ("The schema is not compiled; the remembered server is not checked");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Cancelling the first sync goes back to signing in and leaves nothing behind. */
static void
test_window_cancel_first_sync (void)
{
  g_autofree char *data_dir = new_data_dir ();
  g_autoptr(HwSession) session = hw_test_app_session_new (data_dir);
  HwWindow *window = g_object_new (HW_TYPE_WINDOW, "session", session, NULL);
  HwInitialSyncPage *progress;
  GtkWidget *main_stack;

  gtk_window_present (GTK_WINDOW (window));
  hw_window_sign_in (window, server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  while (hw_session_get_engine (session) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (hw_window_get_page (window), ==, "initial-sync");
  main_stack = gtk_widget_get_ancestor (hw_window_get_sign_in_page (window), GTK_TYPE_STACK);
  progress = HW_INITIAL_SYNC_PAGE (gtk_stack_get_child_by_name (GTK_STACK (main_stack),
                                                                "initial-sync"));
  hw_initial_sync_page_cancel (progress);

  while (hw_session_get_profile (session) != NULL ||
         g_list_model_get_n_items (G_LIST_MODEL (hw_session_get_profiles (session))) > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (hw_window_get_page (window), ==, "sign-in");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  hw_test_app_init (&argc, &argv);

  hw_test_fixture_prepare (&server, "hw-test-sign-in-page-XXXXXX",
                           (const char * const[]) { "--products", "200", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  server.process = hw_test_serve_start (server.db, server.log, &server.url);

  g_test_add_func ("/App/SignInPage/validation", test_validation);
  g_test_add_func ("/App/SignInPage/error-words", test_error_words);
  g_test_add_func ("/App/SignInPage/failures", test_failures);
  g_test_add_func ("/App/SignInPage/window-first-run", test_window_first_run);
  g_test_add_func ("/App/SignInPage/window-cancel-first-sync", test_window_cancel_first_sync);

  ret = g_test_run ();

  hw_test_fixture_stop (&server);

  return ret;
}
