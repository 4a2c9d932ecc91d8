/* test-token-store.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-token-store"

#include "config.h"

#include <libsecret/secret.h>

#include "hw-sync-error.h"
#include "hw-token-store-memory.h"
#include "hw-token-store-secret.h"

/* Both token stores behave the same: a token per (server, email), replaced on store,
 * gone after clear, none is not an error. The libsecret one runs only under
 * run-with-keyring.sh (HW_TEST_KEYRING=1), against a throwaway gnome-keyring; it also
 * checks the schema other tools see and that the token is not on disk in plain text. */

#define SERVER_A "https://one.example.com"
#define SERVER_B "http://127.0.0.1:8080"
#define EMAIL_A  "alice@example.com"
#define EMAIL_B  "bob@example.com"

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
store (HwTokenStore *self,
       const char   *server,
       const char   *email,
       const char   *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  hw_token_store_store_async (self, server, email, token, NULL, result_cb, &result);
  ok = hw_token_store_store_finish (self, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
lookup (HwTokenStore *self,
        const char   *server,
        const char   *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  hw_token_store_lookup_async (self, server, email, NULL, result_cb, &result);
  token = hw_token_store_lookup_finish (self, wait_for (&result), &error);
  g_assert_no_error (error);

  return token;
}

static void
clear (HwTokenStore *self,
       const char   *server,
       const char   *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  hw_token_store_clear_async (self, server, email, NULL, result_cb, &result);
  ok = hw_token_store_clear_finish (self, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

#define assert_token(self, server, email, expected) \
  G_STMT_START { \
    g_autofree char *found_ = lookup ((self), (server), (email)); \
    g_assert_cmpstr (found_, ==, (expected)); \
  } G_STMT_END

static void
check_store (HwTokenStore *self)
{
  assert_token (self, SERVER_A, EMAIL_A, NULL);

  /* One token per server and email. */
  store (self, SERVER_A, EMAIL_A, "token-a-a");
  store (self, SERVER_A, EMAIL_B, "token-a-b");
  store (self, SERVER_B, EMAIL_A, "token-b-a");
  assert_token (self, SERVER_A, EMAIL_A, "token-a-a");
  assert_token (self, SERVER_A, EMAIL_B, "token-a-b");
  assert_token (self, SERVER_B, EMAIL_A, "token-b-a");
  assert_token (self, SERVER_B, EMAIL_B, NULL);

  /* A new sign-in replaces the token. */
  store (self, SERVER_A, EMAIL_A, "token-a-a-2");
  assert_token (self, SERVER_A, EMAIL_A, "token-a-a-2");

  /* Clearing one leaves the others; clearing none is fine. */
  clear (self, SERVER_A, EMAIL_A);
  assert_token (self, SERVER_A, EMAIL_A, NULL);
  assert_token (self, SERVER_A, EMAIL_B, "token-a-b");
  clear (self, SERVER_A, EMAIL_A);
  clear (self, SERVER_B, EMAIL_B);
  assert_token (self, SERVER_B, EMAIL_A, "token-b-a");

  clear (self, SERVER_A, EMAIL_B);
  clear (self, SERVER_B, EMAIL_A);
  assert_token (self, SERVER_A, EMAIL_B, NULL);
  assert_token (self, SERVER_B, EMAIL_A, NULL);

  /* Cancelled, in the HW_SYNC_ERROR domain like every other failure, and nothing done. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) stored = NULL;
    g_autoptr(GAsyncResult) looked_up = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *token = NULL;

    g_cancellable_cancel (cancellable);
    hw_token_store_store_async (self, SERVER_A, EMAIL_A, "never", cancellable, result_cb, &stored);
    g_assert_false (hw_token_store_store_finish (self, wait_for (&stored), &error));
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
    g_clear_error (&error);

    hw_token_store_lookup_async (self, SERVER_A, EMAIL_A, cancellable, result_cb, &looked_up);
    token = hw_token_store_lookup_finish (self, wait_for (&looked_up), &error);
    g_assert_null (token);
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED);
    assert_token (self, SERVER_A, EMAIL_A, NULL);
  }
}

static void
test_memory (void)
{
  g_autoptr(HwTokenStoreMemory) memory = hw_token_store_memory_new ();

  check_store (HW_TOKEN_STORE (memory));
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (memory), ==, 0);

  store (HW_TOKEN_STORE (memory), SERVER_A, EMAIL_A, "x");
  g_assert_cmpuint (hw_token_store_memory_get_n_tokens (memory), ==, 1);
}

/* Whether @needle occurs in any file below @path. */
static gboolean
found_in_files (const char *path,
                const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        return FALSE;
      return g_strstr_len (contents, length, needle) != NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (found_in_files (child, needle))
        return TRUE;
    }

  return FALSE;
}

static void
test_keyring (void)
{
  static const SecretSchema schema = {
    "org.heartwork.One.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  g_autoptr(HwTokenStoreSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  const char *token = "kEy-RiNg-tOkEn-6f1c2d9e0a7b";

  secret = hw_token_store_secret_new ();
  check_store (HW_TOKEN_STORE (secret));

  /* The item is there for any Secret Service client under the app's schema… */
  store (HW_TOKEN_STORE (secret), SERVER_A, EMAIL_A, token);
  seen = secret_password_lookup_sync (&schema, NULL, &error,
                                      "server", SERVER_A, "email", EMAIL_A, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (seen, ==, token);

  /* … and the keyring on disk (there is one) does not hold it in plain text. */
  {
    g_autofree char *keyring = g_build_filename (g_get_user_data_dir (), "keyrings",
                                                 "login.keyring", NULL);

    g_assert_true (g_file_test (keyring, G_FILE_TEST_IS_REGULAR));
    g_assert_true (found_in_files (g_get_user_data_dir (), "GnomeKeyring"));
    g_assert_false (found_in_files (g_get_user_data_dir (), token));
  }

  clear (HW_TOKEN_STORE (secret), SERVER_A, EMAIL_A);
  assert_token (HW_TOKEN_STORE (secret), SERVER_A, EMAIL_A, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Sync/TokenStore/memory", test_memory);
  /* Only where a throwaway Secret Service runs (run-with-keyring.sh), never the user's. */
  if (g_strcmp0 (g_getenv ("HW_TEST_KEYRING"), "1") == 0)
    g_test_add_func ("/Sync/TokenStore/keyring", test_keyring);

  return g_test_run ();
}
