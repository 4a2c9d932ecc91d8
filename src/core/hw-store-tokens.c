/* hw-store-tokens.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include "hw-auth-store.h"
#include "hw-store-private.h"

/* Bearer tokens of the server: staff sessions, integration API tokens and channel
 * users' sessions, in the auth_tokens table (schema 5, user_id since 8). The store only
 * ever sees the SHA-256 of a token; making tokens and hashing them is the server's
 * business. Token rows are not entities: they
 * have no revision and never reach the changes feed or a desktop copy. Each call is one
 * statement, atomic on its own or part of the caller's transaction. */

static const char * const kind_names[] = {
  [HW_AUTH_TOKEN_SESSION] = "session",
  [HW_AUTH_TOKEN_API] = "api",
  [HW_AUTH_TOKEN_CHANNEL] = "channel",
};

HwAuthToken *
hw_auth_token_new (void)
{
  return g_new0 (HwAuthToken, 1);
}

void
hw_auth_token_free (HwAuthToken *token)
{
  if (token == NULL)
    return;

  g_free (token->token_hash);
  g_free (token->staff_user_id);
  g_free (token->integration_id);
  g_free (token->user_id);
  g_free (token->scopes);
  g_free (token);
}

/**
 * hw_auth_token_is_usable:
 * @now: the current time in µs
 *
 * Returns: whether @token is neither revoked nor expired at @now
 */
gboolean
hw_auth_token_is_usable (const HwAuthToken *token,
                         gint64             now)
{
  g_return_val_if_fail (token != NULL, FALSE);

  return token->revoked_at == 0 && (token->expires_at == 0 || token->expires_at > now);
}

static gboolean
is_token_hash (const char *text)
{
  if (text == NULL || strlen (text) != HW_AUTH_TOKEN_HASH_LENGTH)
    return FALSE;

  /* Lowercase only: one spelling per hash, or the primary key would not be unique. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static gboolean
check_token (const HwAuthToken  *token,
             GError            **error)
{
  if (!is_token_hash (token->token_hash))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "token_hash",
                          "must be a SHA-256 as 64 lowercase hex digits");
      return FALSE;
    }

  switch (token->kind)
    {
    case HW_AUTH_TOKEN_SESSION:
      if (!is_set (token->staff_user_id) || is_set (token->integration_id) ||
          is_set (token->user_id))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "staff_user_id",
                              "a session belongs to exactly one staff user");
          return FALSE;
        }
      break;

    case HW_AUTH_TOKEN_API:
      if (!is_set (token->integration_id) || is_set (token->staff_user_id) ||
          is_set (token->user_id))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "integration_id",
                              "an API token belongs to exactly one integration");
          return FALSE;
        }
      break;

    case HW_AUTH_TOKEN_CHANNEL:
      if (!is_set (token->user_id) || is_set (token->staff_user_id) ||
          is_set (token->integration_id))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "user_id",
                              "a channel session belongs to exactly one user");
          return FALSE;
        }
      break;

    default:
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "kind", "is not session or api");
      return FALSE;
    }

  if (token->expires_at < 0 || token->revoked_at < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "expires_at", "must not be negative");
      return FALSE;
    }

  return TRUE;
}

static void
bind_optional_time (sqlite3_stmt *stmt,
                    int           index,
                    gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * hw_store_create_auth_token:
 * @token: the record; a @token->created_at of 0 becomes the store's current time
 *
 * Stores a token record. The owner must exist.
 *
 * Returns: %TRUE when stored; %HW_CORE_ERROR_INVALID for a malformed record or an owner
 *   that does not exist, %HW_CORE_ERROR_DUPLICATE when the hash is already stored
 */
gboolean
hw_store_create_auth_token (HwStore      *self,
                            HwAuthToken  *token,
                            GError      **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (token != NULL, FALSE);

  if (!check_token (token, error))
    return FALSE;

  if (token->created_at == 0)
    token->created_at = hw_store_now (self);

  stmt = _hw_store_prepare (self,
                            "INSERT INTO auth_tokens (token_hash, kind, staff_user_id,"
                            " integration_id, scopes, created_at, expires_at, revoked_at,"
                            " user_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, token->token_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind_names[token->kind], -1, SQLITE_STATIC);
  _hw_store_bind_text_or_null (stmt, 3, token->staff_user_id);
  _hw_store_bind_text_or_null (stmt, 4, token->integration_id);
  _hw_store_bind_text_or_null (stmt, 5, token->scopes);
  sqlite3_bind_int64 (stmt, 6, token->created_at);
  bind_optional_time (stmt, 7, token->expires_at);
  bind_optional_time (stmt, 8, token->revoked_at);
  _hw_store_bind_text_or_null (stmt, 9, token->user_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
    {
      /* On insert the missing row is the owner, not something referring to us. */
      const char *field = token->kind == HW_AUTH_TOKEN_SESSION ? "staff_user_id"
                          : token->kind == HW_AUTH_TOKEN_API ? "integration_id"
                                                             : "user_id";

      hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "does not exist");
      return FALSE;
    }

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gint64
column_time (sqlite3_stmt *stmt,
             int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, column);
}

/* Fills a record from a row of (kind, staff_user_id, integration_id, scopes, created_at,
 * expires_at, revoked_at, user_id) starting at @first. */
static HwAuthToken *
token_from_row (sqlite3_stmt *stmt,
                int           first)
{
  HwAuthToken *token = hw_auth_token_new ();
  const char *kind = (const char *) sqlite3_column_text (stmt, first);

  /* An unknown kind must never pass for a staff session: it reads as a channel session
   * without an owner, which no check accepts. */
  if (g_strcmp0 (kind, kind_names[HW_AUTH_TOKEN_SESSION]) == 0)
    token->kind = HW_AUTH_TOKEN_SESSION;
  else if (g_strcmp0 (kind, kind_names[HW_AUTH_TOKEN_API]) == 0)
    token->kind = HW_AUTH_TOKEN_API;
  else
    token->kind = HW_AUTH_TOKEN_CHANNEL;
  token->staff_user_id = _hw_store_column_text (stmt, first + 1);
  token->integration_id = _hw_store_column_text (stmt, first + 2);
  token->scopes = _hw_store_column_text (stmt, first + 3);
  token->created_at = sqlite3_column_int64 (stmt, first + 4);
  token->expires_at = column_time (stmt, first + 5);
  token->revoked_at = column_time (stmt, first + 6);
  token->user_id = _hw_store_column_text (stmt, first + 7);

  return token;
}

/**
 * hw_store_lookup_auth_token:
 * @token_hash: the SHA-256 of the token, as lowercase hex
 *
 * Finds a token record by its hash, whether usable or not: see hw_auth_token_is_usable().
 *
 * Returns: (transfer full): the record, or %NULL with %HW_CORE_ERROR_NOT_FOUND (also for
 *   anything that is not a hash) or a database error
 */
HwAuthToken *
hw_store_lookup_auth_token (HwStore     *self,
                            const char  *token_hash,
                            GError     **error)
{
  g_autoptr(HwAuthToken) token = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);

  if (!is_token_hash (token_hash))
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND, "No such token");
      return NULL;
    }

  stmt = _hw_store_prepare (self,
                            "SELECT kind, staff_user_id, integration_id, scopes, created_at,"
                            " expires_at, revoked_at, user_id FROM auth_tokens"
                            " WHERE token_hash = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      token = token_from_row (stmt, 0);
      token->token_hash = g_strdup (token_hash);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  if (token == NULL)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND, "No such token");
      return NULL;
    }

  return g_steal_pointer (&token);
}

/**
 * hw_store_get_change_stamp:
 * @out_stamp: (out): the stamp
 *
 * A stamp that changes whenever the database may have changed since it was taken:
 * written through this store (its connection's count of changed rows) or committed by
 * any other connection, in this process or another (SQLite's data_version). A cache of
 * what was read (the server's authenticated tokens) is still good while the stamp is
 * the same. Any write changes it, not only writes to what the cache holds: such a cache
 * is cheap to refill.
 *
 * Returns: FALSE with @error set when the database failed
 */
gboolean
hw_store_get_change_stamp (HwStore        *self,
                           HwStoreStamp   *out_stamp,
                           GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_stamp != NULL, FALSE);

  if (!(stmt = _hw_store_prepare (self, "PRAGMA data_version", error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    out_stamp->data_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _hw_store_set_db_error (self, rc, error);

  out_stamp->own_changes = sqlite3_total_changes64 (self->db);
  return TRUE;
}

/**
 * hw_store_list_integration_tokens:
 * @integration_id: the integration
 *
 * The API tokens of an integration, usable or not, oldest first.
 *
 * Returns: (transfer full) (element-type HwAuthToken): the records, possibly none, or
 *   %NULL with a database error
 */
GPtrArray *
hw_store_list_integration_tokens (HwStore     *self,
                                  const char  *integration_id,
                                  GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (integration_id != NULL, NULL);

  stmt = _hw_store_prepare (self,
                            "SELECT token_hash, kind, staff_user_id, integration_id, scopes,"
                            " created_at, expires_at, revoked_at, user_id FROM auth_tokens"
                            " WHERE integration_id = ? AND kind = ?"
                            " ORDER BY created_at, token_hash",
                            error);
  if (stmt == NULL)
    return NULL;

  tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) hw_auth_token_free);
  sqlite3_bind_text (stmt, 1, integration_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kind_names[HW_AUTH_TOKEN_API], -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HwAuthToken *token = token_from_row (stmt, 1);

      token->token_hash = _hw_store_column_text (stmt, 0);
      g_ptr_array_add (tokens, token);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&tokens);
}

/* Runs an UPDATE … SET revoked_at = ? WHERE … AND revoked_at IS NULL with @param second. */
static gboolean
revoke_where (HwStore     *self,
              const char  *sql,
              const char  *param,
              guint       *out_changes,
              GError     **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, hw_store_now (self));
  sqlite3_bind_text (stmt, 2, param, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  *out_changes = (guint) sqlite3_changes (self->db);
  return TRUE;
}

/**
 * hw_store_revoke_auth_token:
 * @token_hash: the SHA-256 of the token, as lowercase hex
 *
 * Revokes a token: it stays stored (for the record) but is no longer usable. Revoking a
 * revoked token keeps its first revocation time.
 *
 * Returns: %TRUE when the token exists; %HW_CORE_ERROR_NOT_FOUND when it does not
 */
gboolean
hw_store_revoke_auth_token (HwStore     *self,
                            const char  *token_hash,
                            GError     **error)
{
  g_autoptr(HwAuthToken) token = NULL;
  guint changes = 0;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);

  token = hw_store_lookup_auth_token (self, token_hash, error);
  if (token == NULL)
    return FALSE;

  if (token->revoked_at != 0)
    return TRUE;

  return revoke_where (self,
                       "UPDATE auth_tokens SET revoked_at = ?"
                       " WHERE token_hash = ? AND revoked_at IS NULL",
                       token_hash, &changes, error);
}

/**
 * hw_store_revoke_staff_user_tokens:
 * @staff_user_id: the staff user
 * @out_revoked: (out) (optional): how many tokens this revoked
 *
 * Revokes every usable session of a staff user: on logout everywhere, a password or role
 * change, or deactivation.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
hw_store_revoke_staff_user_tokens (HwStore     *self,
                                   const char  *staff_user_id,
                                   guint       *out_revoked,
                                   GError     **error)
{
  guint changes = 0;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (staff_user_id != NULL, FALSE);

  if (!revoke_where (self,
                     "UPDATE auth_tokens SET revoked_at = ?"
                     " WHERE staff_user_id = ? AND revoked_at IS NULL",
                     staff_user_id, &changes, error))
    return FALSE;

  if (out_revoked != NULL)
    *out_revoked = changes;

  return TRUE;
}

/**
 * hw_store_revoke_user_tokens:
 * @user_id: a channel (customer) user
 * @out_revoked: (out) (optional): how many tokens this revoked
 *
 * Revokes every usable channel session of a user: on a new password.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
hw_store_revoke_user_tokens (HwStore     *self,
                             const char  *user_id,
                             guint       *out_revoked,
                             GError     **error)
{
  guint changes = 0;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);

  if (!revoke_where (self,
                     "UPDATE auth_tokens SET revoked_at = ?"
                     " WHERE user_id = ? AND revoked_at IS NULL",
                     user_id, &changes, error))
    return FALSE;

  if (out_revoked != NULL)
    *out_revoked = changes;

  return TRUE;
}
