/* hw-store-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include "hw-json-private.h"
#include "hw-rules-private.h"
#include "hw-store-private.h"

/* Reads what the rules engine needs (hw-rules.c) in the caller's read transaction.
 * Products, their attribute values and price tiers are read column by column, not as
 * entities: at a million products building and freeing a model struct per row (and parsing
 * its JSON children with json-glib) would cost more than the whole index. Price tiers are
 * unpacked by SQLite's json_each; attribute values, five or more per product, by a direct
 * read of their plain form (add_values ()). */

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

/* Reads a JSON string at *p (just past its opening quote) that has no escapes, up to its
 * closing quote, into @out; FALSE for anything else. */
static gboolean
plain_string (const char **p,
              GString     *out)
{
  const char *end = strchr (*p, '"');

  if (end == NULL)
    return FALSE;
  g_string_truncate (out, 0);
  g_string_append_len (out, *p, end - *p);
  *p = end + 1;
  return TRUE;
}

static void
skip_space (const char **p)
{
  while (g_ascii_isspace (**p))
    (*p)++;
}

static gboolean
expect (const char **p,
        char         c)
{
  skip_space (p);
  if (**p != c)
    return FALSE;
  (*p)++;
  return TRUE;
}

/* The attribute values of a product, kept as [["attribute_id", "value"], …]: read
 * directly when no string has an escape (the common case, and a parse a million
 * products deep), else by the JSON reader. */
static gboolean
add_values (HwRulesBuilder  *builder,
            const char      *text,
            GString         *id,
            GString         *value,
            GError         **error)
{
  const char *p = text;
  g_autoptr(GPtrArray) rows = NULL;

  if (text == NULL || strchr (text, '\\') != NULL)
    goto slow;

  if (!expect (&p, '['))
    goto slow;
  skip_space (&p);
  if (*p == ']')
    return TRUE;

  for (;;)
    {
      if (!expect (&p, '[') || !expect (&p, '"') || !plain_string (&p, id) ||
          !expect (&p, ',') || !expect (&p, '"') || !plain_string (&p, value) ||
          !expect (&p, ']'))
        goto slow;
      _hw_rules_builder_add_value (builder, id->str, value->str);
      if (expect (&p, ']'))
        return TRUE;
      if (*p != ',')
        goto slow;
      p++;
    }

slow:
  /* Values read before a form the direct read does not know are added twice: postings
   * only ever ask whether a product is in them, so that is harmless. */
  rows = hw_child_array_new (&hw_attribute_value_child);
  if (text == NULL)
    return TRUE;
  if (!_hw_json_read_rows (&hw_attribute_value_child, text, rows, error))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const HwAttributeValue *v = g_ptr_array_index (rows, i);

      _hw_rules_builder_add_value (builder, v->attribute_id, v->value);
    }
  return TRUE;
}

#define PRODUCT_COLUMNS \
  "SELECT id, sku, gtin, name, display_name, brand, status, category_id," \
  " base_price, currency, min_qty, order_multiple, max_qty, attributes FROM products"

/* Every product, or (@since >= 0) those changed after @since. Two statements: the whole
 * table is scanned faster than walked by its rev index. */
static gboolean
load_products (HwStore         *self,
               HwRulesBuilder  *builder,
               gint64           since,
               GError         **error)
{
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GString) value = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _hw_store_prepare (self, since < 0 ? PRODUCT_COLUMNS : PRODUCT_COLUMNS " WHERE rev > ?",
                            error);
  if (stmt == NULL)
    return FALSE;
  if (since >= 0)
    sqlite3_bind_int64 (stmt, 1, since);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      _hw_rules_builder_add_product (builder, TEXT (stmt, 0), TEXT (stmt, 1), TEXT (stmt, 2),
                                     TEXT (stmt, 3), TEXT (stmt, 4), TEXT (stmt, 5),
                                     TEXT (stmt, 6), TEXT (stmt, 7),
                                     sqlite3_column_int64 (stmt, 8), TEXT (stmt, 9),
                                     sqlite3_column_int64 (stmt, 10),
                                     sqlite3_column_int64 (stmt, 11),
                                     column_int_or_none (stmt, 12));
      if (!add_values (builder, TEXT (stmt, 13), id, value, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  return finish_step (self, stmt, rc, error);
}

/* The rows of prices (or agreements) with rev > @since; every row for @since -1. */
static gboolean
load_tiers (HwStore         *self,
            HwRulesBuilder  *builder,
            gboolean         agreement,
            gint64           since,
            GError         **error)
{
  /* Tiers are kept as [[min_qty, amount], …]; a row's tiers come out next to each other. */
  const char *sql = agreement
    ? "SELECT a.id, a.account_id, a.product_id, a.currency, a.valid_from, a.valid_to,"
      " t.value ->> 0, t.value ->> 1"
      " FROM price_agreements AS a, json_each (a.tiers) AS t WHERE a.rev > ?"
      " ORDER BY a.rowid, t.key"
    : "SELECT p.id, p.price_list_id, p.product_id, NULL, p.valid_from, p.valid_to,"
      " t.value ->> 0, t.value ->> 1"
      " FROM prices AS p, json_each (p.tiers) AS t WHERE p.rev > ? ORDER BY p.rowid, t.key";
  sqlite3_stmt *stmt = _hw_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, since);

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
 * Hands the parts of what the rules read that @parts names to @builder. Call inside a
 * read transaction, so the rows are of one revision.
 */
gboolean
_hw_store_load_rules (HwStore           *self,
                      HwRulesBuilder    *builder,
                      HwRulesLoadParts   parts,
                      GError           **error)
{
  const HwEntityType *types[] = {
    &hw_category_type, &hw_attribute_type, &hw_catalogue_type, &hw_account_type,
    &hw_user_type, &hw_visibility_rule_type, &hw_price_list_type, &hw_discount_rule_type,
  };

  gint64 t0 = g_get_monotonic_time (), t1, t2;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gboolean assortment = types[i] == &hw_category_type || types[i] == &hw_attribute_type;

      if (!(parts & (assortment ? HW_RULES_LOAD_ASSORTMENT : HW_RULES_LOAD_SMALL)))
        continue;
      if (!load_entities (self, builder, types[i], error))
        return FALSE;
    }
  t1 = g_get_monotonic_time ();

  if ((parts & HW_RULES_LOAD_ASSORTMENT) && !load_products (self, builder, -1, error))
    return FALSE;
  t2 = g_get_monotonic_time ();

  if ((parts & HW_RULES_LOAD_PRICES) &&
      (!load_tiers (self, builder, FALSE, -1, error) || !load_tiers (self, builder, TRUE, -1, error)))
    return FALSE;

  g_debug ("rules read: entities %.0f ms, products and values %.0f ms, prices %.0f ms",
           (t1 - t0) / 1e3, (t2 - t1) / 1e3, (g_get_monotonic_time () - t2) / 1e3);
  return TRUE;
}

/* The ids of the prices and agreements changed or deleted after @since in *@out_removed,
 * and the changed rows as they are now to @builder; *@out_removed NULL (nothing handed
 * over) when more than @limit changed. */
static gboolean
load_changed_prices (HwStore         *self,
                     HwRulesBuilder  *builder,
                     gint64           since,
                     guint            limit,
                     GHashTable     **out_removed,
                     GError         **error)
{
  g_autoptr(GHashTable) removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  *out_removed = NULL;
  stmt = _hw_store_prepare (self,
                            "SELECT id FROM prices WHERE rev > ?1"
                            " UNION ALL SELECT id FROM price_agreements WHERE rev > ?1"
                            " UNION ALL SELECT entity_id FROM tombstones"
                            " WHERE rev > ?1 AND entity IN (?2, ?3)"
                            " LIMIT ?4",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_text (stmt, 2, hw_price_type.name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hw_price_agreement_type.name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (removed, g_strdup (TEXT (stmt, 0)));
  if (!finish_step (self, stmt, rc, error))
    return FALSE;

  if (g_hash_table_size (removed) > limit)
    return TRUE;

  if (!load_tiers (self, builder, FALSE, since, error) ||
      !load_tiers (self, builder, TRUE, since, error))
    return FALSE;

  *out_removed = g_steal_pointer (&removed);
  return TRUE;
}

/* Whether at most @limit products changed after @since and none was deleted (so the
 * changed ones can be patched in); if so the changed rows, as they are now, to @builder. */
static gboolean
load_changed_products (HwStore         *self,
                       HwRulesBuilder  *builder,
                       gint64           since,
                       guint            limit,
                       gboolean        *out_loaded,
                       GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;
  int rc;

  *out_loaded = FALSE;
  stmt = _hw_store_prepare (self,
                            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM products WHERE rev > ?1"
                            " LIMIT ?2)), EXISTS (SELECT 1 FROM tombstones"
                            " WHERE rev > ?1 AND entity = ?3)",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  sqlite3_bind_text (stmt, 3, hw_product_type.name, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_int (stmt, 1) != 0)
        count = G_MAXINT64;
      rc = sqlite3_step (stmt);
    }
  if (!finish_step (self, stmt, rc, error))
    return FALSE;

  if (count > limit)
    return TRUE;
  if (!load_products (self, builder, since, error))
    return FALSE;
  *out_loaded = TRUE;
  return TRUE;
}

static gboolean
changed_any (GHashTable                *changed,
             const HwEntityType * const *types)
{
  for (guint i = 0; types[i] != NULL; i++)
    if (g_hash_table_contains (changed, types[i]))
      return TRUE;
  return FALSE;
}

static HwRules *
load (HwStore  *store,
      HwRules  *previous,
      GError  **error)
{
  /* The assortment; the rows of prices; what prices hold indexes of besides products. */
  const HwEntityType * const assortment_types[] = {
    &hw_category_type, &hw_attribute_type, &hw_product_type, NULL,
  };
  const HwEntityType * const tree_types[] = { &hw_category_type, &hw_attribute_type, NULL };
  const HwEntityType * const price_types[] = { &hw_price_type, &hw_price_agreement_type, NULL };
  const HwEntityType * const owner_types[] = { &hw_account_type, &hw_price_list_type, NULL };
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GHashTable) removed = NULL;
  HwRulesBuilder *builder;
  HwRulesLoadParts parts = HW_RULES_LOAD_ALL;
  gboolean share_prices = FALSE;
  gboolean owners_kept = TRUE;
  gboolean patch_products = FALSE;
  gint64 revision;

  if (!hw_store_begin_read (store, error))
    return NULL;

  revision = hw_store_get_revision (store);
  if (previous != NULL && previous->revision == revision)
    {
      hw_store_end_read (store);
      return hw_rules_ref (previous);
    }

  /* A snapshot ahead of the store is of another database (or one restored): no sharing.
   * Purged deletions (GONE) leave unknown what changed: no sharing either. */
  if (previous != NULL && previous->revision < revision)
    changed = hw_store_changed_types (store, previous->revision, NULL);
  builder = _hw_rules_builder_new (revision);

  /* Only products changed, a few, each keeping its place in the catalogue order and its
   * postings: they are patched into a copy of the previous product array. */
  if (changed != NULL && !changed_any (changed, tree_types) &&
      g_hash_table_contains (changed, &hw_product_type))
    {
      if (!load_changed_products (store, builder, previous->revision,
                                  MAX (1000, previous->n_products / 100), &patch_products,
                                  error))
        goto failed;
      if (patch_products && !_hw_rules_builder_can_patch_products (builder, previous))
        {
          patch_products = FALSE;
          _hw_rules_builder_free (builder);
          builder = _hw_rules_builder_new (revision);
        }
    }

  if (changed != NULL && (patch_products || !changed_any (changed, assortment_types)))
    {
      parts = HW_RULES_LOAD_SMALL;
      share_prices = !changed_any (changed, price_types);
    }
  else
    previous = NULL;

  if (!_hw_store_load_rules (store, builder, parts, error))
    goto failed;

  if (previous != NULL)
    {
      /* Accounts or lists changed: the prices still serve while their indexes stand (an
       * account blocked, a list renamed). */
      if (changed_any (changed, owner_types))
        owners_kept = _hw_rules_builder_can_share_prices (builder, previous);

      /* Prices or agreements changed: a few are patched in, more are read again (as are
       * all when indexes moved), in this same read transaction. */
      if (!share_prices && owners_kept &&
          !load_changed_prices (store, builder, previous->revision,
                                MAX (1000, (previous->n_prices + previous->n_agreements) / 100),
                                &removed, error))
        goto failed;
      if (!owners_kept || (!share_prices && removed == NULL))
        {
          share_prices = FALSE;
          g_clear_pointer (&removed, g_hash_table_unref);
          if (!_hw_store_load_rules (store, builder, HW_RULES_LOAD_PRICES, error))
            goto failed;
        }
    }
  hw_store_end_read (store);

  if (previous == NULL)
    return _hw_rules_builder_finish (builder, error);
  if (patch_products)
    return _hw_rules_builder_finish_products (builder, previous, share_prices, removed, error);
  if (removed != NULL)
    return _hw_rules_builder_finish_patching (builder, previous, removed, error);
  return _hw_rules_builder_finish_sharing (builder, previous, share_prices, error);

failed:
  hw_store_end_read (store);
  _hw_rules_builder_free (builder);
  return NULL;
}

HwRules *
hw_rules_load (HwStore  *store,
               GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  return load (store, NULL, error);
}

HwRules *
hw_rules_load_update (HwStore  *store,
                      HwRules  *previous,
                      GError  **error)
{
  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  return load (store, previous, error);
}
