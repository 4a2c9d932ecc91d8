/* hw-store-schema.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-store-private.h"

/* Ordered migrations. A database at version N has run steps 1..N; each step runs in its
 * own transaction together with the PRAGMA user_version bump, so a crash leaves the
 * database at a whole version. Never edit a released step: append a new one.
 *
 * Child rows (tiers, lines, attribute values…) are kept as a JSON array in a column of
 * their owner: they are always read and written with it, and one row per write keeps
 * bulk imports fast (the way PIMs keep product values). Every entity row carries the
 * revision of its last change, indexed, so the changes feed is a merge of revision
 * ranges; deletes leave a row in `tombstones`. */

static const char * const migrations[] = {
  /* 1: the assortment and the customers */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value ANY"
  ") STRICT;"
  "INSERT INTO meta (key, value) VALUES ('revision', 0), ('tombstone_horizon', 0);"
  "CREATE TABLE tombstones ("
  "  rev INTEGER PRIMARY KEY,"
  "  entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX tombstones_entity_id ON tombstones (entity_id);"
  "CREATE TABLE categories ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  parent_id TEXT REFERENCES categories (id),"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL,"
  "  erp_code TEXT"
  ") STRICT;"
  "CREATE INDEX categories_parent ON categories (parent_id, position);"
  "CREATE INDEX categories_name ON categories (name, id);"
  "CREATE TABLE attributes ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  unit TEXT,"
  "  options TEXT,"
  "  required INTEGER NOT NULL DEFAULT 0,"
  "  filterable INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE products ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  sku TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  erp_id TEXT UNIQUE,"
  "  gtin TEXT,"
  "  name TEXT NOT NULL,"
  "  display_name TEXT,"
  "  description TEXT,"
  "  brand TEXT,"
  "  unit TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  category_id TEXT REFERENCES categories (id),"
  "  base_price INTEGER NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  min_qty INTEGER NOT NULL DEFAULT 1,"
  "  order_multiple INTEGER NOT NULL DEFAULT 1,"
  "  max_qty INTEGER,"
  "  completeness INTEGER NOT NULL DEFAULT 100,"
  "  attributes TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX products_category ON products (category_id, sku);"
  "CREATE INDEX products_name ON products (name);"
  "CREATE TABLE product_relations ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  product_id TEXT NOT NULL REFERENCES products (id),"
  "  related_product_id TEXT NOT NULL REFERENCES products (id),"
  "  kind TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (product_id, related_product_id, kind)"
  ") STRICT;"
  "CREATE INDEX product_relations_related ON product_relations (related_product_id);"
  "CREATE TABLE catalogues ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  name TEXT NOT NULL UNIQUE,"
  "  default_visibility TEXT NOT NULL,"
  "  is_default INTEGER NOT NULL DEFAULT 0,"
  "  entries TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE TABLE price_lists ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  code TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  segment TEXT,"
  "  is_default INTEGER NOT NULL DEFAULT 0"
  ") STRICT;"
  "CREATE TABLE accounts ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  customer_number TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  vat_number TEXT,"
  "  segment TEXT,"
  "  catalogue_id TEXT REFERENCES catalogues (id),"
  "  price_list_id TEXT REFERENCES price_lists (id),"
  "  currency TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  addresses TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX accounts_name ON accounts (name, id);"
  "CREATE INDEX accounts_segment ON accounts (segment);"
  "CREATE TABLE users ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  email TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  show_prices INTEGER NOT NULL DEFAULT 1,"
  "  can_order INTEGER NOT NULL DEFAULT 1,"
  "  order_limit INTEGER,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX users_account ON users (account_id);"
  "CREATE TABLE visibility_rules ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  scope TEXT NOT NULL,"
  "  scope_value TEXT,"
  "  target TEXT NOT NULL,"
  "  target_id TEXT,"
  "  attribute_code TEXT,"
  "  attribute_value TEXT,"
  "  effect TEXT NOT NULL,"
  "  priority INTEGER NOT NULL DEFAULT 0,"
  "  valid_from INTEGER,"
  "  valid_to INTEGER,"
  "  note TEXT"
  ") STRICT;"
  "CREATE INDEX visibility_rules_priority ON visibility_rules (priority, id);"
  "CREATE INDEX categories_rev ON categories (rev);"
  "CREATE INDEX attributes_rev ON attributes (rev);"
  "CREATE INDEX products_rev ON products (rev);"
  "CREATE INDEX product_relations_rev ON product_relations (rev);"
  "CREATE INDEX catalogues_rev ON catalogues (rev);"
  "CREATE INDEX price_lists_rev ON price_lists (rev);"
  "CREATE INDEX accounts_rev ON accounts (rev);"
  "CREATE INDEX users_rev ON users (rev);"
  "CREATE INDEX visibility_rules_rev ON visibility_rules (rev);",

  /* 2: prices, discounts and orders */
  "CREATE TABLE prices ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  price_list_id TEXT NOT NULL REFERENCES price_lists (id),"
  "  product_id TEXT NOT NULL REFERENCES products (id),"
  "  valid_from INTEGER,"
  "  valid_to INTEGER,"
  "  tiers TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX prices_product ON prices (product_id, price_list_id);"
  "CREATE INDEX prices_list ON prices (price_list_id, product_id);"
  "CREATE TABLE price_agreements ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  product_id TEXT NOT NULL REFERENCES products (id),"
  "  currency TEXT NOT NULL,"
  "  valid_from INTEGER,"
  "  valid_to INTEGER,"
  "  tiers TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX price_agreements_account ON price_agreements (account_id, product_id);"
  "CREATE INDEX price_agreements_product ON price_agreements (product_id);"
  "CREATE TABLE discount_rules ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  name TEXT NOT NULL,"
  "  discount_bp INTEGER NOT NULL,"
  "  scope TEXT NOT NULL,"
  "  scope_value TEXT NOT NULL,"
  "  target TEXT NOT NULL,"
  "  target_value TEXT NOT NULL,"
  "  valid_from INTEGER,"
  "  valid_to INTEGER"
  ") STRICT;"
  "CREATE INDEX discount_rules_name ON discount_rules (name, id);"
  "CREATE TABLE orders ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  number TEXT NOT NULL UNIQUE,"
  "  account_id TEXT NOT NULL REFERENCES accounts (id),"
  "  user_id TEXT REFERENCES users (id),"
  "  channel TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  currency TEXT NOT NULL,"
  "  placed_at INTEGER NOT NULL,"
  "  erp_reference TEXT,"
  "  failure_reason TEXT,"
  "  total INTEGER NOT NULL,"
  "  lines TEXT NOT NULL DEFAULT '[]',"
  "  history TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX orders_placed ON orders (placed_at, id);"
  "CREATE INDEX orders_account ON orders (account_id, placed_at);"
  "CREATE INDEX orders_status ON orders (status, placed_at);"
  "CREATE INDEX prices_rev ON prices (rev);"
  "CREATE INDEX price_agreements_rev ON price_agreements (rev);"
  "CREATE INDEX discount_rules_rev ON discount_rules (rev);"
  "CREATE INDEX orders_rev ON orders (rev);",

  /* 3: integrations, audit and staff */
  "CREATE TABLE integrations ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  name TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  endpoint_url TEXT,"
  "  scopes TEXT,"
  "  status TEXT NOT NULL,"
  "  last_run_at INTEGER"
  ") STRICT;"
  "CREATE TABLE integration_runs ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  integration_id TEXT NOT NULL REFERENCES integrations (id),"
  "  operation TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  status TEXT NOT NULL,"
  "  records_ok INTEGER NOT NULL DEFAULT 0,"
  "  records_failed INTEGER NOT NULL DEFAULT 0,"
  "  errors TEXT NOT NULL DEFAULT '[]'"
  ") STRICT;"
  "CREATE INDEX integration_runs_started ON integration_runs (started_at, id);"
  "CREATE INDEX integration_runs_integration ON integration_runs (integration_id, started_at);"
  "CREATE TABLE audit_entries ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  actor TEXT NOT NULL,"
  "  entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  \"action\" TEXT NOT NULL,"
  "  at INTEGER NOT NULL,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ") STRICT;"
  "CREATE INDEX audit_entries_entity ON audit_entries (entity, entity_id, at);"
  "CREATE INDEX audit_entries_at ON audit_entries (at, id);"
  "CREATE TABLE staff_users ("
  "  id TEXT PRIMARY KEY, rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
  "  email TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  password_hash TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ") STRICT;"
  "CREATE INDEX integrations_rev ON integrations (rev);"
  "CREATE INDEX integration_runs_rev ON integration_runs (rev);",

  /* 4: full-text product search, prefix indexes for search as you type; the store keeps
   * it in step (hw-store-search.c). detail = none keeps no positions: a fifth of the size
   * and a third less time to build, and search as you type needs no phrases. Codes are
   * not words: SKUs and GTINs are searched by prefix in their own indexes (the SKU's is
   * case-insensitive), see hw-store-list.c. */
  "CREATE VIRTUAL TABLE products_fts USING fts5 ("
  "  name, display_name, brand,"
  "  content = 'products', content_rowid = 'seq',"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2', detail = none"
  ");"
  "INSERT INTO products_fts (products_fts) VALUES ('rebuild');"
  "CREATE INDEX products_gtin ON products (gtin);",

  /* 5: server-side sessions and API tokens (hw-store-tokens.c). Only the SHA-256 of a
   * token is kept, so a copy of the database logs nobody in. Not entities: no revision,
   * no tombstones, never in the changes feed. Times are µs like everywhere else. */
  "CREATE TABLE auth_tokens ("
  "  token_hash TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  staff_user_id TEXT REFERENCES staff_users (id),"
  "  integration_id TEXT REFERENCES integrations (id),"
  "  scopes TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER,"
  "  revoked_at INTEGER"
  ") STRICT;"
  "CREATE INDEX auth_tokens_staff_user ON auth_tokens (staff_user_id);",

  /* 6: the first answers to creates that carried an Idempotency-Key
   * (hw-store-idempotency.c), per principal, so that a retry gets the same answer. Not
   * entities either; purged by age. */
  "CREATE TABLE idempotency_keys ("
  "  principal TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  status INTEGER NOT NULL,"
  "  location TEXT,"
  "  etag TEXT,"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (principal, key)"
  ") STRICT;"
  "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);",

  /* 7: the desktop's outbox of local edits (hw-store-outbox.c), a transactional outbox:
   * an edit writes its row and its entry here in one transaction, and the entry goes only
   * when the server has answered. seq is the push order; op_id the Idempotency-Key. The
   * JSON columns hold whole entities as the API encodes them: base (before the edit,
   * NULL for a create), mine (after, NULL for a delete), theirs (the server's on a
   * conflict, NULL when the server deleted it) and server (the newest version a pull
   * met while the edit was unsettled, NULL when it was a deletion). Unused on the
   * server. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY,"
  "  op_id TEXT NOT NULL UNIQUE,"
  "  entity TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  base_rev INTEGER NOT NULL,"
  "  base TEXT,"
  "  mine TEXT,"
  "  theirs_rev INTEGER NOT NULL DEFAULT 0,"
  "  theirs TEXT,"
  "  server_rev INTEGER NOT NULL DEFAULT 0,"
  "  server TEXT,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;"
  "CREATE INDEX outbox_entity ON outbox (entity_id, entity, seq);"
  "CREATE INDEX outbox_state ON outbox (state, seq);",

  /* 8: channel users' passwords and sessions (hw-store-channel.c). The argon2id hash
   * sits in a table of its own, not in users: users rows sync to every desktop and
   * travel in the changes feed and the audit log, a password hash must never. Channel
   * sessions are auth_tokens of kind 'channel' owned by a user. Both go with their
   * user. */
  "CREATE TABLE user_passwords ("
  "  user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"
  "  password_hash TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ") STRICT;"
  "ALTER TABLE auth_tokens ADD COLUMN user_id TEXT REFERENCES users (id) ON DELETE CASCADE;"
  "CREATE INDEX auth_tokens_user ON auth_tokens (user_id);",
};

int
hw_store_latest_schema_version (void)
{
  return G_N_ELEMENTS (migrations);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                   "The database could not be updated: %s", message ? message : "unknown");
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

gboolean
_hw_store_schema_version (sqlite3  *db,
                          int      *out_version,
                          GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                   "The database could not be read: %s", sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

/**
 * _hw_store_migrate:
 * @target: the version to reach; tests pass older versions to build old databases
 *
 * Runs the missing steps up to @target, each in its own transaction.
 */
gboolean
_hw_store_migrate (sqlite3  *db,
                   int       target,
                   GError  **error)
{
  int version;

  if (!_hw_store_schema_version (db, &version, error))
    return FALSE;

  if (version > hw_store_latest_schema_version ())
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA,
                   "The database was written by a newer version of Heart.work ONE "
                   "(schema %d, this version knows up to %d)",
                   version, hw_store_latest_schema_version ());
      return FALSE;
    }

  for (int step = version + 1; step <= target; step++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d;", step);

      if (!exec_sql (db, "BEGIN IMMEDIATE;", error))
        return FALSE;

      if (!exec_sql (db, migrations[step - 1], error) || !exec_sql (db, bump, error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          g_prefix_error (error, "Migration to schema %d failed: ", step);
          return FALSE;
        }

      if (!exec_sql (db, "COMMIT;", error))
        {
          sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
          return FALSE;
        }

      g_debug ("Migrated database to schema %d", step);
    }

  return TRUE;
}
