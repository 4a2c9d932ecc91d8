/* hw-store-channel.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-channel-store.h"
#include "hw-store-private.h"

/* The passwords of channel (customer) users, in user_passwords (schema 8): one argon2id
 * hash per user, set by staff or the ERP. Not an entity: no revision, never in the
 * changes feed, the audit log or any JSON the store writes; hashing is the server's
 * business, the store only keeps the result. And the next moment the rules' answers may
 * change without a write, for the channel's caches. */

/**
 * hw_store_set_user_password_hash:
 * @user_id: a user
 * @password_hash: the hash of the new password, as the server's password module makes it
 *
 * Sets or replaces the password hash of a user.
 *
 * Returns: %TRUE when stored; %HW_CORE_ERROR_NOT_FOUND when there is no such user
 */
gboolean
hw_store_set_user_password_hash (HwStore     *self,
                                 const char  *user_id,
                                 const char  *password_hash,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (user_id != NULL, FALSE);
  g_return_val_if_fail (password_hash != NULL && password_hash[0] != '\0', FALSE);

  stmt = _hw_store_prepare (self,
                            "INSERT INTO user_passwords (user_id, password_hash, updated_at)"
                            " SELECT id, ?2, ?3 FROM users WHERE id = ?1"
                            " ON CONFLICT (user_id) DO UPDATE SET"
                            " password_hash = excluded.password_hash,"
                            " updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, hw_store_now (self));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  /* The SELECT found no user: nothing was written. */
  if (sqlite3_changes (_hw_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND, "No such user");
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_store_get_user_password_hash:
 * @user_id: a user
 *
 * Returns: (transfer full): the password hash of the user, or %NULL with
 *   %HW_CORE_ERROR_NOT_FOUND when the user has none (or does not exist) or a database
 *   error
 */
char *
hw_store_get_user_password_hash (HwStore     *self,
                                 const char  *user_id,
                                 GError     **error)
{
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);

  stmt = _hw_store_prepare (self,
                            "SELECT password_hash FROM user_passwords WHERE user_id = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    hash = _hw_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  if (hash == NULL)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND,
                           "The user has no password");
      return NULL;
    }

  return g_steal_pointer (&hash);
}

/**
 * hw_store_next_validity_change:
 * @after: µs since the epoch
 * @out_at: (out): the first moment after @after at which a visibility rule, a price, a
 *   price agreement or a discount rule starts or stops being valid; G_MAXINT64 if none
 *   ever does
 *
 * Until then the rules engine answers the same for the same revision: a cache of its
 * answers keyed by revision may be kept that long.
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
hw_store_next_validity_change (HwStore     *self,
                               gint64       after,
                               gint64      *out_at,
                               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (out_at != NULL, FALSE);

  stmt = _hw_store_prepare (self,
                            "SELECT min(t) FROM ("
                            " SELECT min(valid_from) AS t FROM visibility_rules WHERE valid_from > ?1"
                            " UNION ALL SELECT min(valid_to) FROM visibility_rules WHERE valid_to > ?1"
                            " UNION ALL SELECT min(valid_from) FROM prices WHERE valid_from > ?1"
                            " UNION ALL SELECT min(valid_to) FROM prices WHERE valid_to > ?1"
                            " UNION ALL SELECT min(valid_from) FROM price_agreements"
                            "  WHERE valid_from > ?1"
                            " UNION ALL SELECT min(valid_to) FROM price_agreements WHERE valid_to > ?1"
                            " UNION ALL SELECT min(valid_from) FROM discount_rules"
                            "  WHERE valid_from > ?1"
                            " UNION ALL SELECT min(valid_to) FROM discount_rules WHERE valid_to > ?1)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, after);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_at = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? G_MAXINT64
                                                            : sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

