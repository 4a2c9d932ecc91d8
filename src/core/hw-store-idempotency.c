/* hw-store-idempotency.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-idempotency-store.h"
#include "hw-store-private.h"

/* The first answers to requests that carried an Idempotency-Key, in the idempotency_keys
 * table (schema 6), keyed by principal and key. The server saves a record in the
 * transaction that makes the change, so that a change is never kept without the answer a
 * retry should get. Records are not entities: no revision, never in the changes feed.
 * Each call is one statement, atomic on its own or part of the caller's transaction. */

HwIdempotencyRecord *
hw_idempotency_record_new (void)
{
  return g_new0 (HwIdempotencyRecord, 1);
}

void
hw_idempotency_record_free (HwIdempotencyRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->principal);
  g_free (record->key);
  g_free (record->fingerprint);
  g_free (record->location);
  g_free (record->etag);
  g_free (record->body);
  g_free (record);
}

static gboolean
is_set (const char *text)
{
  return text != NULL && text[0] != '\0';
}

static gboolean
check_record (const HwIdempotencyRecord  *record,
              GError                    **error)
{
  const char *field = NULL;

  if (!is_set (record->principal))
    field = "principal";
  else if (!is_set (record->key))
    field = "key";
  else if (!is_set (record->fingerprint))
    field = "fingerprint";
  else if (record->body == NULL)
    field = "body";

  if (field != NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "is required");
      return FALSE;
    }

  if (record->status < 100 || record->status > 599)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "status", "is not an HTTP status");
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_store_lookup_idempotency_key:
 * @principal: who sent the request
 * @key: the Idempotency-Key
 *
 * Finds the record of @key for @principal.
 *
 * Returns: (transfer full): the record, or %NULL with %HW_CORE_ERROR_NOT_FOUND or a
 *   database error
 */
HwIdempotencyRecord *
hw_store_lookup_idempotency_key (HwStore     *self,
                                 const char  *principal,
                                 const char  *key,
                                 GError     **error)
{
  g_autoptr(HwIdempotencyRecord) record = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (principal != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _hw_store_prepare (self,
                            "SELECT fingerprint, status, location, etag, body, created_at"
                            " FROM idempotency_keys WHERE principal = ? AND key = ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, principal, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      record = hw_idempotency_record_new ();
      record->principal = g_strdup (principal);
      record->key = g_strdup (key);
      record->fingerprint = _hw_store_column_text (stmt, 0);
      record->status = (guint) sqlite3_column_int (stmt, 1);
      record->location = _hw_store_column_text (stmt, 2);
      record->etag = _hw_store_column_text (stmt, 3);
      record->body = _hw_store_column_text (stmt, 4);
      record->created_at = sqlite3_column_int64 (stmt, 5);
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  if (record == NULL)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND,
                           "No such idempotency key");
      return NULL;
    }

  return g_steal_pointer (&record);
}

/**
 * hw_store_save_idempotency_key:
 * @record: the record; a @record->created_at of 0 becomes the store's current time
 *
 * Stores a record. Call it in the transaction that makes the change it answers.
 *
 * Returns: %TRUE when stored; %HW_CORE_ERROR_INVALID for a malformed record,
 *   %HW_CORE_ERROR_DUPLICATE when the principal already used the key
 */
gboolean
hw_store_save_idempotency_key (HwStore              *self,
                               HwIdempotencyRecord  *record,
                               GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!check_record (record, error))
    return FALSE;

  if (record->created_at == 0)
    record->created_at = hw_store_now (self);

  stmt = _hw_store_prepare (self,
                            "INSERT INTO idempotency_keys (principal, key, fingerprint, status,"
                            " location, etag, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, record->principal, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record->key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, record->fingerprint, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, (int) record->status);
  _hw_store_bind_text_or_null (stmt, 5, record->location);
  _hw_store_bind_text_or_null (stmt, 6, record->etag);
  sqlite3_bind_text (stmt, 7, record->body, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, record->created_at);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/**
 * hw_store_purge_idempotency_keys:
 * @before: µs since the epoch; records created earlier are removed
 * @out_purged: (out) (optional): how many were removed
 *
 * Forgets old records: a retry after that is a new request.
 *
 * Returns: %TRUE unless the database failed
 */
gboolean
hw_store_purge_idempotency_keys (HwStore  *self,
                                 gint64    before,
                                 guint    *out_purged,
                                 GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);

  stmt = _hw_store_prepare (self, "DELETE FROM idempotency_keys WHERE created_at < ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, before);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  if (out_purged != NULL)
    *out_purged = (guint) sqlite3_changes (self->db);

  return TRUE;
}
