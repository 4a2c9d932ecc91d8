/* hw-store-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-rules-private.h"
#include "hw-store-private.h"

/* Reads what the rules engine needs (hw-rules.c) in the caller's read transaction.
 * Products, their attribute values and price tiers are read column by column, not as
 * entities: at a million products building and freeing a model struct per row (and parsing
 * its JSON children with json-glib) would cost more than the whole index; SQLite's json_each
 * unpacks the child rows instead. */

static gint64
column_int_or_none (sqlite3_stmt *stmt,
                    int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? HW_NONE
                                                            : sqlite3_column_int64 (stmt, column);
}

#define TEXT(stmt, column) ((const char *) sqlite3_column_text ((stmt), (column)))

static gboolean
finish_step (HwStore       *self,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);
  return TRUE;
}

static gboolean
load_products (HwStore         *self,
               HwRulesBuilder  *builder,
               GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _hw_store_prepare (self,
                            "SELECT id, sku, gtin, name, display_name, brand, status, category_id,"
                            " base_price, currency, min_qty, order_multiple, max_qty"
                            " FROM products",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _hw_rules_builder_add_product (builder, TEXT (stmt, 0), TEXT (stmt, 1), TEXT (stmt, 2),
                                   TEXT (stmt, 3), TEXT (stmt, 4), TEXT (stmt, 5),
                                   TEXT (stmt, 6), TEXT (stmt, 7),
                                   sqlite3_column_int64 (stmt, 8), TEXT (stmt, 9),
                                   sqlite3_column_int64 (stmt, 10),
                                   sqlite3_column_int64 (stmt, 11),
                                   column_int_or_none (stmt, 12));
  if (!finish_step (self, stmt, rc, error))
    return FALSE;

  /* Attribute values are kept as [[attribute_id, value], …]. */
  stmt = _hw_store_prepare (self,
                            "SELECT p.id, v.value ->> 0, v.value ->> 1"
                            " FROM products AS p, json_each (p.attributes) AS v",
                            error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _hw_rules_builder_add_value (builder, TEXT (stmt, 0), TEXT (stmt, 1), TEXT (stmt, 2));
  return finish_step (self, stmt, rc, error);
}

static gboolean
load_tiers (HwStore         *self,
            HwRulesBuilder  *builder,
            gboolean         agreement,
            GError         **error)
{
  /* Tiers are kept as [[min_qty, amount], …]; a row's tiers come out next to each other. */
  const char *sql = agreement
    ? "SELECT a.id, a.account_id, a.product_id, a.currency, a.valid_from, a.valid_to,"
      " t.value ->> 0, t.value ->> 1"
      " FROM price_agreements AS a, json_each (a.tiers) AS t ORDER BY a.rowid, t.key"
    : "SELECT p.id, p.price_list_id, p.product_id, NULL, p.valid_from, p.valid_to,"
      " t.value ->> 0, t.value ->> 1"
      " FROM prices AS p, json_each (p.tiers) AS t ORDER BY p.rowid, t.key";
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _hw_rules_builder_add_tier (builder, agreement, TEXT (stmt, 0), TEXT (stmt, 1),
                                TEXT (stmt, 2), TEXT (stmt, 3),
                                column_int_or_none (stmt, 4), column_int_or_none (stmt, 5),
                                sqlite3_column_int64 (stmt, 6), sqlite3_column_int64 (stmt, 7));
  return finish_step (self, stmt, rc, error);
}

static gboolean
load_entities (HwStore             *self,
               HwRulesBuilder      *builder,
               const HwEntityType  *type,
               GError             **error)
{
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql->select, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    _hw_rules_builder_take (builder, _hw_store_read_entity (stmt, type, TRUE));
  return finish_step (self, stmt, rc, error);
}

/**
 * _hw_store_load_rules:
 *
 * Hands everything the rules read to @builder. Call inside a read transaction, so the
 * rows are of one revision.
 */
gboolean
_hw_store_load_rules (HwStore         *self,
                      HwRulesBuilder  *builder,
                      GError         **error)
{
  const HwEntityType *types[] = {
    &hw_category_type, &hw_attribute_type, &hw_catalogue_type, &hw_account_type,
    &hw_user_type, &hw_visibility_rule_type, &hw_price_list_type, &hw_discount_rule_type,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (!load_entities (self, builder, types[i], error))
      return FALSE;

  return load_products (self, builder, error) &&
         load_tiers (self, builder, FALSE, error) &&
         load_tiers (self, builder, TRUE, error);
}
