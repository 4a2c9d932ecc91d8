/* hw-store-search.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-store-private.h"

/* The full-text index of product words (products_fts over name, display name and brand;
 * FTS5 over an external content table)
 * is kept by the store rather than by triggers. Products created in a transaction are
 * indexed in one statement when it commits: indexing row by row costs five times as
 * much, and seeding or an ERP import creates products by the hundred thousand. Those
 * products have a seq above the mark taken when the transaction began; changes to older
 * products replace their index entry at once. Search therefore sees products created in
 * the current transaction only after it commits. */

gboolean
_hw_store_search_begin (HwStore  *self,
                        GError  **error)
{
  self->search_pending = FALSE;

  return _hw_store_query_int64 (self, "SELECT max(seq) FROM products", NULL,
                                &self->search_mark, error);
}

gboolean
_hw_store_search_flush (HwStore  *self,
                        GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!self->search_pending)
    return TRUE;

  stmt = _hw_store_prepare (self,
                            "INSERT INTO products_fts (rowid, name, display_name, brand)"
                            " SELECT seq, name, display_name, brand FROM products"
                            " WHERE seq > ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->search_mark);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  self->search_pending = FALSE;
  return TRUE;
}

/**
 * _hw_store_search_seq:
 *
 * Gets the seq (full-text rowid) of a stored product, or 0 when there is none.
 */
gboolean
_hw_store_search_seq (HwStore     *self,
                      const char  *product_id,
                      gint64      *out_seq,
                      GError     **error)
{
  return _hw_store_query_int64 (self, "SELECT seq FROM products WHERE id = ?", product_id,
                                out_seq, error);
}

static gboolean
run_fts (HwStore          *self,
         const char       *sql,
         gint64            seq,
         const HwProduct  *product,
         GError          **error)
{
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, product->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, product->display_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, product->brand, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

/**
 * _hw_store_search_replace:
 * @previous: (nullable): the indexed values, %NULL for a new product
 * @product: (nullable): the new values, %NULL when the product was deleted
 *
 * Keeps the index in step with one product write. An external-content FTS5 index
 * forgets a row only when told the exact values it indexed, hence @previous.
 */
gboolean
_hw_store_search_replace (HwStore          *self,
                          gint64            seq,
                          const HwProduct  *previous,
                          const HwProduct  *product,
                          GError          **error)
{
  if (seq > self->search_mark)
    {
      /* Not indexed yet: the commit indexes whatever the row holds then. */
      self->search_pending = TRUE;
      return TRUE;
    }

  if (previous != NULL && product != NULL &&
      g_strcmp0 (previous->name, product->name) == 0 &&
      g_strcmp0 (previous->display_name, product->display_name) == 0 &&
      g_strcmp0 (previous->brand, product->brand) == 0)
    return TRUE;

  if (previous != NULL &&
      !run_fts (self,
                "INSERT INTO products_fts (products_fts, rowid, name, display_name, brand)"
                " VALUES ('delete', ?, ?, ?, ?)",
                seq, previous, error))
    return FALSE;

  if (product != NULL &&
      !run_fts (self,
                "INSERT INTO products_fts (rowid, name, display_name, brand)"
                " VALUES (?, ?, ?, ?)",
                seq, product, error))
    return FALSE;

  return TRUE;
}
