/* test-tokens.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "hw-auth-store.h"
#include "hw-store-private.h"

/* The server-side token records: stored by hash, looked up, revoked one by one or all of
 * a staff user at once, and refused when malformed or owned by nobody. */

#define HOUR (G_USEC_PER_SEC * G_GINT64_CONSTANT (3600))

typedef struct
{
  char    *dir;
  char    *path;
  HwStore *store;
  char    *staff_id;
  char    *other_staff_id;
} Fixture;

static char *
sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static char *
add_staff (HwStore    *store,
           const char *email)
{
  g_autoptr(HwStaffUser) staff = hw_staff_user_new ();
  g_autoptr(GError) error = NULL;

  staff->email = g_strdup (email);
  staff->name = g_strdup ("Staff");
  staff->role = g_strdup ("editor");
  staff->active = TRUE;
  g_assert_true (hw_store_create_staff_user (store, staff, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (staff)->id);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("hw-test-tokens-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "one.db", NULL);
  fixture->store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  fixture->staff_id = add_staff (fixture->store, "anna@example.com");
  fixture->other_staff_id = add_staff (fixture->store, "bert@example.com");
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
  g_free (fixture->staff_id);
  g_free (fixture->other_staff_id);
}

static HwAuthToken *
session_for (const char *staff_id,
             const char *secret,
             gint64      expires_at)
{
  HwAuthToken *token = hw_auth_token_new ();

  token->token_hash = sha256_hex (secret);
  token->kind = HW_AUTH_TOKEN_SESSION;
  token->staff_user_id = g_strdup (staff_id);
  token->expires_at = expires_at;

  return token;
}

static void
test_create_lookup (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HwAuthToken) token = NULL;
  g_autoptr(HwAuthToken) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = sha256_hex ("secret-1");
  gint64 now = hw_store_now (fixture->store);
  gint64 revision = hw_store_get_revision (fixture->store);

  g_assert_cmpint (hw_store_get_schema_version (fixture->store), >=, 5);

  token = session_for (fixture->staff_id, "secret-1", now + 12 * HOUR);
  g_assert_true (hw_store_create_auth_token (fixture->store, token, &error));
  g_assert_no_error (error);
  g_assert_cmpint (token->created_at, >, 0);

  found = hw_store_lookup_auth_token (fixture->store, hash, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->token_hash, ==, hash);
  g_assert_cmpint (found->kind, ==, HW_AUTH_TOKEN_SESSION);
  g_assert_cmpstr (found->staff_user_id, ==, fixture->staff_id);
  g_assert_null (found->integration_id);
  g_assert_null (found->scopes);
  g_assert_cmpint (found->created_at, ==, token->created_at);
  g_assert_cmpint (found->expires_at, ==, now + 12 * HOUR);
  g_assert_cmpint (found->revoked_at, ==, 0);
  g_assert_true (hw_auth_token_is_usable (found, now));
  g_assert_false (hw_auth_token_is_usable (found, now + 12 * HOUR));

  /* Tokens are not entities: no revision taken, nothing in the changes feed. */
  g_assert_cmpint (hw_store_get_revision (fixture->store), ==, revision);

  /* The same hash again is a duplicate. */
  {
    g_autoptr(HwAuthToken) again = session_for (fixture->other_staff_id, "secret-1", 0);

    g_assert_false (hw_store_create_auth_token (fixture->store, again, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
  }
}

static void
test_lookup_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HwAuthToken) token = session_for (fixture->staff_id, "secret-2", 0);
  g_autofree char *other = sha256_hex ("another");
  g_autofree char *upper = NULL;

  g_assert_true (hw_store_create_auth_token (fixture->store, token, NULL));
  upper = g_ascii_strup (token->token_hash, -1);

  /* Only the hash finds it: not the raw token, not another spelling of the hash. */
  {
    const char * const misses[] = { other, "", "secret-2", "abc", upper };

    for (guint i = 0; i < G_N_ELEMENTS (misses); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(HwAuthToken) found = hw_store_lookup_auth_token (fixture->store, misses[i],
                                                                   &error);

        g_assert_null (found);
        g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
      }
  }
}

static void
test_revoke (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(HwAuthToken) token = session_for (fixture->staff_id, "secret-3", 0);
  g_autoptr(HwAuthToken) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = sha256_hex ("never stored");
  gint64 revoked_at;

  g_assert_true (hw_store_create_auth_token (fixture->store, token, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_revoke_auth_token (fixture->store, token->token_hash, &error));
  g_assert_no_error (error);
  found = hw_store_lookup_auth_token (fixture->store, token->token_hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->revoked_at, >, 0);
  g_assert_false (hw_auth_token_is_usable (found, found->created_at));
  revoked_at = found->revoked_at;
  g_clear_pointer (&found, hw_auth_token_free);

  /* Revoking twice keeps the first time. */
  g_usleep (2000);
  g_assert_true (hw_store_revoke_auth_token (fixture->store, token->token_hash, &error));
  g_assert_no_error (error);
  found = hw_store_lookup_auth_token (fixture->store, token->token_hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->revoked_at, ==, revoked_at);

  g_assert_false (hw_store_revoke_auth_token (fixture->store, missing, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
}

static void
test_revoke_all_of_user (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const secrets[] = { "a-1", "a-2", "a-3" };
  g_autoptr(HwAuthToken) other = session_for (fixture->other_staff_id, "b-1", 0);
  g_autoptr(GError) error = NULL;
  guint revoked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autoptr(HwAuthToken) token = session_for (fixture->staff_id, secrets[i], 0);

      g_assert_true (hw_store_create_auth_token (fixture->store, token, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hw_store_create_auth_token (fixture->store, other, &error));
  g_assert_no_error (error);

  /* One already revoked does not count again. */
  {
    g_autofree char *first = sha256_hex (secrets[0]);

    g_assert_true (hw_store_revoke_auth_token (fixture->store, first, &error));
    g_assert_no_error (error);
  }

  g_assert_true (hw_store_revoke_staff_user_tokens (fixture->store, fixture->staff_id,
                                                    &revoked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (revoked, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autofree char *hash = sha256_hex (secrets[i]);
      g_autoptr(HwAuthToken) found = hw_store_lookup_auth_token (fixture->store, hash, &error);

      g_assert_no_error (error);
      g_assert_cmpint (found->revoked_at, >, 0);
    }

  /* Another user's session is untouched. */
  {
    g_autoptr(HwAuthToken) found = hw_store_lookup_auth_token (fixture->store,
                                                               other->token_hash, &error);

    g_assert_no_error (error);
    g_assert_cmpint (found->revoked_at, ==, 0);
  }

  g_assert_true (hw_store_revoke_staff_user_tokens (fixture->store, fixture->staff_id,
                                                    &revoked, &error));
  g_assert_cmpuint (revoked, ==, 0);
}

static void
test_api_token (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HwIntegration) integration = hw_integration_new ();
  g_autoptr(HwAuthToken) token = hw_auth_token_new ();
  g_autoptr(HwAuthToken) found = NULL;
  g_autoptr(GError) error = NULL;

  integration->name = g_strdup ("ERP");
  integration->kind = g_strdup ("erp");
  integration->status = g_strdup ("active");
  g_assert_true (hw_store_create_integration (fixture->store, integration, &error));
  g_assert_no_error (error);

  token->token_hash = sha256_hex ("api-secret");
  token->kind = HW_AUTH_TOKEN_API;
  token->integration_id = g_strdup (HW_ENTITY (integration)->id);
  token->scopes = g_strdup ("erp.products erp.orders");
  g_assert_true (hw_store_create_auth_token (fixture->store, token, &error));
  g_assert_no_error (error);

  found = hw_store_lookup_auth_token (fixture->store, token->token_hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->kind, ==, HW_AUTH_TOKEN_API);
  g_assert_cmpstr (found->integration_id, ==, HW_ENTITY (integration)->id);
  g_assert_null (found->staff_user_id);
  g_assert_cmpstr (found->scopes, ==, "erp.products erp.orders");
  g_assert_cmpint (found->expires_at, ==, 0);
  g_assert_true (hw_auth_token_is_usable (found, G_MAXINT64));
}

static char *
add_integration (HwStore    *store,
                 const char *name)
{
  g_autoptr(HwIntegration) integration = hw_integration_new ();
  g_autoptr(GError) error = NULL;

  integration->name = g_strdup (name);
  integration->kind = g_strdup ("erp");
  integration->status = g_strdup ("active");
  g_assert_true (hw_store_create_integration (store, integration, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (integration)->id);
}

static void
add_api_token (HwStore    *store,
               const char *secret,
               const char *integration_id,
               gint64      created_at)
{
  g_autoptr(HwAuthToken) token = hw_auth_token_new ();
  g_autoptr(GError) error = NULL;

  token->token_hash = sha256_hex (secret);
  token->kind = HW_AUTH_TOKEN_API;
  token->integration_id = g_strdup (integration_id);
  token->scopes = g_strdup ("erp.prices");
  token->created_at = created_at;
  g_assert_true (hw_store_create_auth_token (store, token, &error));
  g_assert_no_error (error);
}

static void
test_list_integration_tokens (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *erp = add_integration (fixture->store, "ERP");
  g_autofree char *pim = add_integration (fixture->store, "PIM");
  g_autofree char *second_hash = sha256_hex ("second");
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  HwAuthToken *token;

  add_api_token (fixture->store, "second", erp, 2 * HOUR);
  add_api_token (fixture->store, "first", erp, HOUR);
  add_api_token (fixture->store, "other", pim, HOUR);
  g_assert_true (hw_store_revoke_auth_token (fixture->store, second_hash, &error));
  g_assert_no_error (error);

  /* Oldest first, revoked ones included, only this integration's */
  tokens = hw_store_list_integration_tokens (fixture->store, erp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tokens);
  g_assert_cmpuint (tokens->len, ==, 2);

  token = g_ptr_array_index (tokens, 0);
  g_assert_cmpint (token->created_at, ==, HOUR);
  g_assert_cmpint (token->kind, ==, HW_AUTH_TOKEN_API);
  g_assert_cmpstr (token->integration_id, ==, erp);
  g_assert_cmpstr (token->scopes, ==, "erp.prices");
  g_assert_cmpint (token->revoked_at, ==, 0);
  g_assert_cmpint (strlen (token->token_hash), ==, HW_AUTH_TOKEN_HASH_LENGTH);

  token = g_ptr_array_index (tokens, 1);
  g_assert_cmpstr (token->token_hash, ==, second_hash);
  g_assert_cmpint (token->revoked_at, >, 0);

  /* A staff user's id owns no API tokens */
  none = hw_store_list_integration_tokens (fixture->store, fixture->staff_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (none);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_invalid (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Not a hash */
  {
    g_autoptr(HwAuthToken) token = session_for (fixture->staff_id, "x", 0);

    g_free (token->token_hash);
    token->token_hash = g_strdup ("raw-token-text");
    g_assert_false (hw_store_create_auth_token (fixture->store, token, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
    g_assert_cmpstr (hw_core_error_get_field (error), ==, "token_hash");
    g_clear_error (&error);
  }

  /* A session without its staff user, or with an integration as well */
  {
    g_autoptr(HwAuthToken) token = session_for (NULL, "y", 0);

    g_assert_false (hw_store_create_auth_token (fixture->store, token, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
    g_clear_error (&error);

    token->staff_user_id = g_strdup (fixture->staff_id);
    token->integration_id = g_strdup (fixture->staff_id);
    g_assert_false (hw_store_create_auth_token (fixture->store, token, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* An owner that does not exist */
  {
    g_autoptr(HwAuthToken) token = session_for ("00000000-0000-4000-8000-000000000000", "z", 0);

    g_assert_false (hw_store_create_auth_token (fixture->store, token, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
    g_assert_cmpstr (hw_core_error_get_field (error), ==, "staff_user_id");
    g_clear_error (&error);
  }

  g_assert_true (hw_store_check_integrity (fixture->store, &error));
  g_assert_no_error (error);
}

/* Tokens are kept across reopening, and a reader sees them. */
static void
test_persists (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(HwAuthToken) token = session_for (fixture->staff_id, "kept", 0);
  g_autoptr(HwAuthToken) found = NULL;
  g_autoptr(HwStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_auth_token (fixture->store, token, &error));
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  reader = hw_store_open (fixture->path, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  found = hw_store_lookup_auth_token (reader, token->token_hash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->staff_user_id, ==, fixture->staff_id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/tokens/create-lookup", Fixture, NULL, fixture_set_up, test_create_lookup,
              fixture_tear_down);
  g_test_add ("/tokens/lookup-missing", Fixture, NULL, fixture_set_up, test_lookup_missing,
              fixture_tear_down);
  g_test_add ("/tokens/revoke", Fixture, NULL, fixture_set_up, test_revoke,
              fixture_tear_down);
  g_test_add ("/tokens/revoke-all-of-user", Fixture, NULL, fixture_set_up,
              test_revoke_all_of_user, fixture_tear_down);
  g_test_add ("/tokens/api-token", Fixture, NULL, fixture_set_up, test_api_token,
              fixture_tear_down);
  g_test_add ("/tokens/list-integration-tokens", Fixture, NULL, fixture_set_up,
              test_list_integration_tokens, fixture_tear_down);
  g_test_add ("/tokens/invalid", Fixture, NULL, fixture_set_up, test_invalid,
              fixture_tear_down);
  g_test_add ("/tokens/persists", Fixture, NULL, fixture_set_up, test_persists,
              fixture_tear_down);

  return g_test_run ();
}
