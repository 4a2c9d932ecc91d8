/* hw-test-app.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-test-app"

#include "config.h"

#include "hw-test-app.h"
#include "hw-token-store-memory.h"

void
hw_test_app_init (int    *argc,
                  char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  adw_init ();

  /* Pages switch at once, so assertions never see a state half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

/* A session on profiles in @data_dir, with tokens in memory (no keyring in tests). */
HwSession *
hw_test_app_session_new (const char *data_dir)
{
  g_autoptr(HwSyncProfiles) profiles = hw_sync_profiles_new_for_directory (data_dir);
  g_autoptr(HwTokenStoreMemory) token_store = hw_token_store_memory_new ();
  g_autoptr(GError) error = NULL;

  hw_sync_profiles_load (profiles, &error);
  g_assert_no_error (error);

  return hw_session_new (profiles, HW_TOKEN_STORE (token_store));
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

gboolean
hw_test_app_sign_in (HwSession   *session,
                     const char  *url,
                     const char  *password,
                     GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_session_sign_in_async (session, url, HW_TEST_APP_EMAIL, password, NULL, result_cb, &result);
  return hw_session_sign_in_finish (session, wait_for_result (&result), error);
}

gboolean
hw_test_app_sign_out (HwSession  *session,
                      gboolean    delete_local_copy,
                      GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_session_sign_out_async (session, delete_local_copy, NULL, result_cb, &result);
  return hw_session_sign_out_finish (session, wait_for_result (&result), error);
}

/* The address of a loopback port that nothing listens on. */
char *
hw_test_app_closed_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  /* Bound and closed at once: the port is free, and refuses connections. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

