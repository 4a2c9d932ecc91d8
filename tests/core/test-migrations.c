/* test-migrations.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "hw-json.h"
#include "hw-store-private.h"

/* Databases written by every older schema version migrate to the latest one with their
 * data intact, a failed step leaves the database at the version before it, and the
 * schema matches the field descriptions the store generates its SQL from. */

#define CAT1 "10000000-0000-4000-8000-000000000001"
#define CAT2 "10000000-0000-4000-8000-000000000002"
#define ATT1 "20000000-0000-4000-8000-000000000001"
#define ATT2 "20000000-0000-4000-8000-000000000002"
#define PRD1 "30000000-0000-4000-8000-000000000001"
#define PRD2 "30000000-0000-4000-8000-000000000002"
#define REL1 "40000000-0000-4000-8000-000000000001"
#define CTL1 "50000000-0000-4000-8000-000000000001"
#define PLS1 "60000000-0000-4000-8000-000000000001"
#define ACC1 "70000000-0000-4000-8000-000000000001"
#define USR1 "80000000-0000-4000-8000-000000000001"
#define VIS1 "90000000-0000-4000-8000-000000000001"
#define PRC1 "a0000000-0000-4000-8000-000000000001"
#define AGR1 "b0000000-0000-4000-8000-000000000001"
#define DSC1 "c0000000-0000-4000-8000-000000000001"
#define ORD1 "d0000000-0000-4000-8000-000000000001"
#define INT1 "e0000000-0000-4000-8000-000000000001"
#define RUN1 "f0000000-0000-4000-8000-000000000001"
#define AUD1 "f1000000-0000-4000-8000-000000000001"
#define STF1 "f2000000-0000-4000-8000-000000000001"

#define T0 "1700000000000000"   /* 2023-11-14T22:13:20Z */
#define T0_ISO "2023-11-14T22:13:20Z"

#define PASSWORD_HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"

#define CAT3 "10000000-0000-4000-8000-000000000003"  /* deleted: a tombstone */

/* Rows as a program at each schema version wrote them, with the columns of that version
 * spelled out and child rows as the JSON arrays it stored: like the migrations, these
 * are never edited, only appended to. */
static const char * const rows_at_version[] = {
  /* 1 */
  "INSERT INTO categories (id, rev, updated_at, parent_id, position, name, erp_code) VALUES"
  " ('" CAT1 "', 1, " T0 ", NULL, 0, 'Befestigungstechnik', 'ERP-C1'),"
  " ('" CAT2 "', 2, " T0 ", '" CAT1 "', 3, 'Schrauben & Muttern', NULL);"
  "INSERT INTO attributes (id, rev, updated_at, code, name, type, unit, options, required,"
  "  filterable) VALUES"
  " ('" ATT1 "', 3, " T0 ", 'material', 'Material', 'enum', NULL, '[\"steel\",\"brass\"]', 1, 1),"
  " ('" ATT2 "', 4, " T0 ", 'length', 'Länge', 'number', 'mm', NULL, 0, 0);"
  "INSERT INTO products (id, rev, updated_at, sku, erp_id, gtin, name, display_name,"
  "  description, brand, unit, status, category_id, base_price, currency, min_qty,"
  "  order_multiple, max_qty, completeness, attributes) VALUES"
  " ('" PRD1 "', 5, " T0 ", 'MIG-1001', 'ERP-1001', '4006381333931', 'Rohrschelle Edelstahl',"
  "  NULL, 'Für Rohre “DN 20”', 'Würth', 'piece', 'active', '" CAT2 "', 1299, 'EUR', 1, 10,"
  "  NULL, 100,"
  "  '[[\"" ATT1 "\",\"steel\"],[\"" ATT2 "\",\"12.5\"]]'),"
  " ('" PRD2 "', 6, " T0 ", 'MIG-1002', NULL, NULL, 'Sechskantschraube', 'Hex bolt M8', NULL,"
  "  'Bosch', 'box', 'discontinued', NULL, 0, 'EUR', 5, 5, 100, 0, '[]');"
  "INSERT INTO product_relations (id, rev, updated_at, product_id, related_product_id, kind,"
  "  position) VALUES"
  " ('" REL1 "', 7, " T0 ", '" PRD1 "', '" PRD2 "', 'accessory', 2);"
  "INSERT INTO catalogues (id, rev, updated_at, name, default_visibility, is_default, entries)"
  " VALUES ('" CTL1 "', 8, " T0 ", 'Standard', 'none', 1,"
  "  '[[\"category\",\"" CAT1 "\",\"include\"],[\"product\",\"" PRD2 "\",\"exclude\"]]');"
  "INSERT INTO price_lists (id, rev, updated_at, code, name, currency, segment, is_default)"
  " VALUES ('" PLS1 "', 9, " T0 ", 'PL-A', 'Liste A', 'EUR', 'retail', 1);"
  "INSERT INTO accounts (id, rev, updated_at, customer_number, name, vat_number, segment,"
  "  catalogue_id, price_list_id, currency, status, addresses) VALUES"
  " ('" ACC1 "', 10, " T0 ", 'K-10001', 'Müller GmbH', 'DE123456789', 'retail', '" CTL1 "',"
  "  '" PLS1 "', 'EUR', 'active',"
  "  '[[\"billing\",\"Hauptstr. 1\",null,\"10115\",\"Berlin\",\"DE\"],"
  "[\"shipping\",\"Lager 3\",\"Tor 2\",null,\"Potsdam\",\"DE\"]]');"
  "INSERT INTO users (id, rev, updated_at, account_id, email, name, role, show_prices,"
  "  can_order, order_limit, active) VALUES"
  " ('" USR1 "', 11, " T0 ", '" ACC1 "', 'einkauf@mueller.example', 'Eva Einkauf', 'buyer',"
  "  1, 0, 500000, 1);"
  "INSERT INTO visibility_rules (id, rev, updated_at, scope, scope_value, target, target_id,"
  "  attribute_code, attribute_value, effect, priority, valid_from, valid_to, note) VALUES"
  " ('" VIS1 "', 12, " T0 ", 'segment', 'retail', 'product', '" PRD2 "', NULL, NULL, 'hide',"
  "  10, " T0 ", NULL, 'Auslauf');"
  "INSERT INTO tombstones (rev, entity, entity_id) VALUES (13, 'category', '" CAT3 "');"
  "UPDATE meta SET value = 13 WHERE key = 'revision';",

  /* 2 */
  "INSERT INTO prices (id, rev, updated_at, price_list_id, product_id, valid_from, valid_to,"
  "  tiers) VALUES"
  " ('" PRC1 "', 14, " T0 ", '" PLS1 "', '" PRD1 "', " T0 ", NULL,"
  "  '[[1,1299],[10,1199],[100,999]]');"
  "INSERT INTO price_agreements (id, rev, updated_at, account_id, product_id, currency,"
  "  valid_from, valid_to, tiers) VALUES"
  " ('" AGR1 "', 15, " T0 ", '" ACC1 "', '" PRD1 "', 'EUR', NULL, NULL,"
  "  '[[1,1100],[50,1000]]');"
  "INSERT INTO discount_rules (id, rev, updated_at, name, discount_bp, scope, scope_value,"
  "  target, target_value, valid_from, valid_to) VALUES"
  " ('" DSC1 "', 16, " T0 ", 'Frühjahr', 1250, 'segment', 'retail', 'brand', 'Bosch', " T0 ","
  "  1800000000000000);"
  "INSERT INTO orders (id, rev, updated_at, number, account_id, user_id, channel, status,"
  "  currency, placed_at, erp_reference, failure_reason, total, lines, history) VALUES"
  " ('" ORD1 "', 17, " T0 ", 'ORD-2024-0001', '" ACC1 "', '" USR1 "', 'webshop', 'received',"
  "  'EUR', 1700000123456789, NULL, NULL, 13990,"
  "  '[[\"" PRD1 "\",\"MIG-1001\",\"Rohrschelle Edelstahl\",10,1299,12990],"
  "[\"" PRD2 "\",\"MIG-1002\",\"Sechskantschraube\",5,200,1000]]',"
  "  '[[\"pending_approval\",1700000123456789,\"" USR1 "\",null],"
  "[\"received\",1700000200000000,\"admin@example.com\",\"approved\"]]');"
  "UPDATE meta SET value = 17 WHERE key = 'revision';",

  /* 3 */
  "INSERT INTO integrations (id, rev, updated_at, name, kind, endpoint_url, scopes, status,"
  "  last_run_at) VALUES"
  " ('" INT1 "', 18, " T0 ", 'SAP', 'erp', 'https://erp.example.com/api',"
  "  '[\"erp.products\",\"erp.orders\"]', 'active', 1700000300000000);"
  "INSERT INTO integration_runs (id, rev, updated_at, integration_id, operation, started_at,"
  "  finished_at, status, records_ok, records_failed, errors) VALUES"
  " ('" RUN1 "', 19, " T0 ", '" INT1 "', 'erp.products', 1700000300000000, 1700000360000000,"
  "  'partial', 98, 2,"
  "  '[[\"SKU-1\",\"bad gtin\"],[\"SKU-2\",\"unknown unit\"]]');"
  "INSERT INTO audit_entries (id, rev, updated_at, actor, entity, entity_id, \"action\", at,"
  "  \"before\", \"after\") VALUES"
  " ('" AUD1 "', 20, " T0 ", 'admin@example.com', 'product', '" PRD1 "', 'update',"
  "  1700000400000000, '{\"name\":\"a\"}', '{\"name\":\"b\"}');"
  "INSERT INTO staff_users (id, rev, updated_at, email, name, role, password_hash, active)"
  " VALUES ('" STF1 "', 21, " T0 ", 'admin@example.com', 'Admin', 'owner', '" PASSWORD_HASH "',"
  "  1);"
  "UPDATE meta SET value = 21 WHERE key = 'revision';",
};

/* The revision after the rows of each version. */
static const gint64 revision_at_version[] = { 0, 13, 17, 21 };

typedef struct
{
  int                 version;   /* the rows of this version hold the entity */
  const HwEntityType *type;
  const char         *json;      /* what the typed API must read */
} Expected;

#define HEAD(id, rev) "{\"id\": \"" id "\", \"rev\": " #rev ", \"updated_at\": \"" T0_ISO "\", "

static const Expected expected[] = {
  { 1, &hw_category_type, HEAD (CAT1, 1)
    "\"parent_id\": null, \"position\": 0, \"name\": \"Befestigungstechnik\","
    " \"erp_code\": \"ERP-C1\"}" },
  { 1, &hw_category_type, HEAD (CAT2, 2)
    "\"parent_id\": \"" CAT1 "\", \"position\": 3, \"name\": \"Schrauben & Muttern\","
    " \"erp_code\": null}" },
  { 1, &hw_attribute_type, HEAD (ATT1, 3)
    "\"code\": \"material\", \"name\": \"Material\", \"type\": \"enum\", \"unit\": null,"
    " \"options\": [\"steel\", \"brass\"], \"required\": true, \"filterable\": true}" },
  { 1, &hw_attribute_type, HEAD (ATT2, 4)
    "\"code\": \"length\", \"name\": \"Länge\", \"type\": \"number\", \"unit\": \"mm\","
    " \"options\": null, \"required\": false, \"filterable\": false}" },
  { 1, &hw_product_type, HEAD (PRD1, 5)
    "\"sku\": \"MIG-1001\", \"erp_id\": \"ERP-1001\", \"gtin\": \"4006381333931\","
    " \"name\": \"Rohrschelle Edelstahl\", \"display_name\": null,"
    " \"description\": \"Für Rohre “DN 20”\", \"brand\": \"Würth\", \"unit\": \"piece\","
    " \"status\": \"active\", \"category_id\": \"" CAT2 "\", \"base_price\": 1299,"
    " \"currency\": \"EUR\", \"min_qty\": 1, \"order_multiple\": 10, \"max_qty\": null,"
    " \"completeness\": 100, \"attributes\": ["
    "{\"attribute_id\": \"" ATT1 "\", \"value\": \"steel\"},"
    "{\"attribute_id\": \"" ATT2 "\", \"value\": \"12.5\"}]}" },
  { 1, &hw_product_type, HEAD (PRD2, 6)
    "\"sku\": \"MIG-1002\", \"erp_id\": null, \"gtin\": null, \"name\": \"Sechskantschraube\","
    " \"display_name\": \"Hex bolt M8\", \"description\": null, \"brand\": \"Bosch\","
    " \"unit\": \"box\", \"status\": \"discontinued\", \"category_id\": null,"
    " \"base_price\": 0, \"currency\": \"EUR\", \"min_qty\": 5, \"order_multiple\": 5,"
    " \"max_qty\": 100, \"completeness\": 0, \"attributes\": []}" },
  { 1, &hw_product_relation_type, HEAD (REL1, 7)
    "\"product_id\": \"" PRD1 "\", \"related_product_id\": \"" PRD2 "\","
    " \"kind\": \"accessory\", \"position\": 2}" },
  { 1, &hw_catalogue_type, HEAD (CTL1, 8)
    "\"name\": \"Standard\", \"default_visibility\": \"none\", \"is_default\": true,"
    " \"entries\": ["
    "{\"target_type\": \"category\", \"target_id\": \"" CAT1 "\", \"effect\": \"include\"},"
    "{\"target_type\": \"product\", \"target_id\": \"" PRD2 "\", \"effect\": \"exclude\"}]}" },
  { 1, &hw_price_list_type, HEAD (PLS1, 9)
    "\"code\": \"PL-A\", \"name\": \"Liste A\", \"currency\": \"EUR\", \"segment\": \"retail\","
    " \"is_default\": true}" },
  { 1, &hw_account_type, HEAD (ACC1, 10)
    "\"customer_number\": \"K-10001\", \"name\": \"Müller GmbH\","
    " \"vat_number\": \"DE123456789\", \"segment\": \"retail\", \"catalogue_id\": \"" CTL1 "\","
    " \"price_list_id\": \"" PLS1 "\", \"currency\": \"EUR\", \"status\": \"active\","
    " \"addresses\": ["
    "{\"kind\": \"billing\", \"line1\": \"Hauptstr. 1\", \"line2\": null,"
    " \"postal_code\": \"10115\", \"city\": \"Berlin\", \"country\": \"DE\"},"
    "{\"kind\": \"shipping\", \"line1\": \"Lager 3\", \"line2\": \"Tor 2\","
    " \"postal_code\": null, \"city\": \"Potsdam\", \"country\": \"DE\"}]}" },
  { 1, &hw_user_type, HEAD (USR1, 11)
    "\"account_id\": \"" ACC1 "\", \"email\": \"einkauf@mueller.example\","
    " \"name\": \"Eva Einkauf\", \"role\": \"buyer\", \"show_prices\": true,"
    " \"can_order\": false, \"order_limit\": 500000, \"active\": true}" },
  { 1, &hw_visibility_rule_type, HEAD (VIS1, 12)
    "\"scope\": \"segment\", \"scope_value\": \"retail\", \"target\": \"product\","
    " \"target_id\": \"" PRD2 "\", \"attribute_code\": null, \"attribute_value\": null,"
    " \"effect\": \"hide\", \"priority\": 10, \"valid_from\": \"" T0_ISO "\","
    " \"valid_to\": null, \"note\": \"Auslauf\"}" },
  { 2, &hw_price_type, HEAD (PRC1, 14)
    "\"price_list_id\": \"" PLS1 "\", \"product_id\": \"" PRD1 "\","
    " \"valid_from\": \"" T0_ISO "\", \"valid_to\": null, \"tiers\": ["
    "{\"min_qty\": 1, \"amount\": 1299}, {\"min_qty\": 10, \"amount\": 1199},"
    " {\"min_qty\": 100, \"amount\": 999}]}" },
  { 2, &hw_price_agreement_type, HEAD (AGR1, 15)
    "\"account_id\": \"" ACC1 "\", \"product_id\": \"" PRD1 "\", \"currency\": \"EUR\","
    " \"valid_from\": null, \"valid_to\": null, \"tiers\": ["
    "{\"min_qty\": 1, \"amount\": 1100}, {\"min_qty\": 50, \"amount\": 1000}]}" },
  { 2, &hw_discount_rule_type, HEAD (DSC1, 16)
    "\"name\": \"Frühjahr\", \"discount_bp\": 1250, \"scope\": \"segment\","
    " \"scope_value\": \"retail\", \"target\": \"brand\", \"target_value\": \"Bosch\","
    " \"valid_from\": \"" T0_ISO "\", \"valid_to\": \"2027-01-15T08:00:00Z\"}" },
  { 2, &hw_order_type, HEAD (ORD1, 17)
    "\"number\": \"ORD-2024-0001\", \"account_id\": \"" ACC1 "\", \"user_id\": \"" USR1 "\","
    " \"channel\": \"webshop\", \"status\": \"received\", \"currency\": \"EUR\","
    " \"placed_at\": \"2023-11-14T22:15:23.456789Z\", \"erp_reference\": null,"
    " \"failure_reason\": null, \"total\": 13990, \"lines\": ["
    "{\"product_id\": \"" PRD1 "\", \"sku\": \"MIG-1001\", \"name\": \"Rohrschelle Edelstahl\","
    " \"quantity\": 10, \"unit_price\": 1299, \"line_total\": 12990},"
    "{\"product_id\": \"" PRD2 "\", \"sku\": \"MIG-1002\", \"name\": \"Sechskantschraube\","
    " \"quantity\": 5, \"unit_price\": 200, \"line_total\": 1000}], \"history\": ["
    "{\"status\": \"pending_approval\", \"at\": \"2023-11-14T22:15:23.456789Z\","
    " \"actor\": \"" USR1 "\", \"note\": null},"
    "{\"status\": \"received\", \"at\": \"2023-11-14T22:16:40Z\","
    " \"actor\": \"admin@example.com\", \"note\": \"approved\"}]}" },
  { 3, &hw_integration_type, HEAD (INT1, 18)
    "\"name\": \"SAP\", \"kind\": \"erp\", \"endpoint_url\": \"https://erp.example.com/api\","
    " \"scopes\": [\"erp.products\", \"erp.orders\"], \"status\": \"active\","
    " \"last_run_at\": \"2023-11-14T22:18:20Z\"}" },
  { 3, &hw_integration_run_type, HEAD (RUN1, 19)
    "\"integration_id\": \"" INT1 "\", \"operation\": \"erp.products\","
    " \"started_at\": \"2023-11-14T22:18:20Z\", \"finished_at\": \"2023-11-14T22:19:20Z\","
    " \"status\": \"partial\", \"records_ok\": 98, \"records_failed\": 2, \"errors\": ["
    "{\"record_key\": \"SKU-1\", \"message\": \"bad gtin\"},"
    " {\"record_key\": \"SKU-2\", \"message\": \"unknown unit\"}]}" },
  { 3, &hw_audit_entry_type, HEAD (AUD1, 20)
    "\"actor\": \"admin@example.com\", \"entity\": \"product\", \"entity_id\": \"" PRD1 "\","
    " \"action\": \"update\", \"at\": \"2023-11-14T22:20:00Z\", \"before\": {\"name\": \"a\"},"
    " \"after\": {\"name\": \"b\"}}" },
  { 3, &hw_staff_user_type, HEAD (STF1, 21)
    "\"email\": \"admin@example.com\", \"name\": \"Admin\", \"role\": \"owner\","
    " \"active\": true}" },
};

/* Helpers over raw SQLite */

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s\n%s", message, sql);
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

/* A connection of our own, bypassing the store, to look at a database as it is. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  return db;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Counts the "Migrated database to schema N" debug messages of the store. */
static guint n_migration_steps;

static void
count_migration_steps (const char     *log_domain,
                       GLogLevelFlags  log_level,
                       const char     *message,
                       gpointer        user_data)
{
  if (g_str_has_prefix (message, "Migrated database to schema"))
    n_migration_steps++;
}

/* Fixture: a temporary directory */

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("hw-test-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "one.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_unlink (file), ==, 0);
    }

  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A database at @version holding the rows of every version up to it. */
static void
create_at_version (const char *path,
                   int         version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;

  if (version == 0)
    {
      /* Version 0 is a file nothing was ever written to. */
      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);
      return;
    }

  /* Each version's rows are written while the database is at that version, so that the
   * later steps (the search index of 4) find them there, as they would in the field. */
  for (int v = 1; v <= version; v++)
    {
      g_clear_object (&store);
      store = _hw_store_open_at_version (path, v, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hw_store_get_schema_version (store), ==, v);

      if (v <= (int) G_N_ELEMENTS (rows_at_version))
        exec_sql (_hw_store_get_db (store), rows_at_version[v - 1]);
    }
}

static gint64
max_fixture_version (void)
{
  return G_N_ELEMENTS (rows_at_version);
}

static gpointer
expected_entity (const Expected *e)
{
  g_autoptr(GError) error = NULL;
  gpointer entity = hw_entity_from_json_string (e->type, e->json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entity);

  /* Secrets do not come from JSON; the row has the hash. */
  if (e->type == &hw_staff_user_type)
    ((HwStaffUser *) entity)->password_hash = g_strdup (PASSWORD_HASH);

  return entity;
}

static void
assert_same_entity (gconstpointer expected_entity_,
                    gconstpointer got)
{
  if (!hw_entity_equal (expected_entity_, got))
    {
      g_autofree char *a = hw_entity_to_json_string (expected_entity_);
      g_autofree char *b = hw_entity_to_json_string (got);

      g_test_message ("expected %s", a);
      g_test_message ("got      %s", b);
      g_test_fail_printf ("%s %s was not read back as written", HW_ENTITY (got)->type->name,
                          HW_ENTITY (got)->id);
    }
}

static guint
search_count (HwStore    *store,
              const char *text)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_search (query, text);
  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_null (page->next_cursor);

  return page->items->len;
}

static gboolean
search_finds (HwStore    *store,
              const char *text,
              const char *id)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_search (query, text);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < page->items->len; i++)
    if (g_strcmp0 (HW_ENTITY (g_ptr_array_index (page->items, i))->id, id) == 0)
      return TRUE;

  return FALSE;
}

/* The full-text index matches its content table row for row. */
static void
assert_fts_consistent (HwStore *store)
{
  char *message = NULL;
  int rc = sqlite3_exec (_hw_store_get_db (store),
                         "INSERT INTO products_fts (products_fts, rank) VALUES ('integrity-check', 1)",
                         NULL, NULL, &message);

  if (rc != SQLITE_OK)
    g_test_fail_printf ("products_fts is not consistent with products: %s", message);
  sqlite3_free (message);
}

/* Every version up to the latest */

static void
test_upgrade_from (Fixture       *fixture,
                   gconstpointer  data)
{
  int from = GPOINTER_TO_INT (data);
  int latest = hw_store_latest_schema_version ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwChangePage) changes = NULL;
  gint64 revision = revision_at_version[MIN (from, max_fixture_version ())];
  guint n_products = 0, n_synced = 0;
  guint handler;

  g_assert_cmpint (G_N_ELEMENTS (revision_at_version), ==, max_fixture_version () + 1);

  create_at_version (fixture->path, from);

  handler = g_log_set_handler ("hw-store", G_LOG_LEVEL_DEBUG, count_migration_steps, NULL);
  n_migration_steps = 0;
  store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_log_remove_handler ("hw-store", handler);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmpint (hw_store_get_schema_version (store), ==, latest);
  g_assert_cmpuint (n_migration_steps, ==, latest - from);
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
  assert_fts_consistent (store);

  /* The old rows, read through the typed API */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const Expected *e = &expected[i];
      g_autoptr(HwEntity) want = NULL;
      g_autoptr(HwEntity) got = NULL;

      if (e->version > from)
        continue;

      want = expected_entity (e);
      got = hw_store_get (store, e->type, want->id, &error);
      g_assert_no_error (error);
      assert_same_entity (want, got);

      if (e->type == &hw_product_type)
        n_products++;
      if (e->type->flags & HW_ENTITY_SYNCED)
        n_synced++;
    }

  if (from >= 1)
    {
      g_autoptr(HwProduct) product = hw_store_get_product (store, PRD1, &error);
      g_autoptr(HwOrder) order = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (product->sku, ==, "MIG-1001");
      g_assert_cmpint (product->base_price, ==, 1299);
      g_assert_cmpuint (product->attributes->len, ==, 2);
      g_assert_cmpstr (((HwAttributeValue *) g_ptr_array_index (product->attributes, 1))->value,
                       ==, "12.5");

      if (from >= 2)
        {
          order = hw_store_get_order (store, ORD1, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (order->lines->len, ==, 2);
          g_assert_cmpint (order->total, ==, 13990);
        }
    }

  /* The revision counter and the changes feed carried over. */
  g_assert_cmpint (hw_store_get_revision (store), ==, revision);
  changes = hw_store_changes (store, 0, HW_QUERY_MAX_LIMIT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->changes->len, ==, n_synced + (from >= 1 ? 1 : 0));
  g_assert_false (changes->has_more);
  for (guint i = 0; i < changes->changes->len; i++)
    {
      HwChange *change = g_ptr_array_index (changes->changes, i);

      if (i > 0)
        g_assert_cmpint (change->rev, >, ((HwChange *) g_ptr_array_index (changes->changes, i - 1))->rev);

      if (change->deleted)
        {
          /* The tombstone of the deleted category */
          g_assert_true (change->type == &hw_category_type);
          g_assert_cmpstr (change->id, ==, CAT3);
          g_assert_cmpint (change->rev, ==, 13);
          g_assert_null (change->entity);
        }
      else
        {
          g_assert_nonnull (change->entity);
          g_assert_cmpint (HW_ENTITY (change->entity)->rev, ==, change->rev);
        }
    }

  /* A deleted id stays used. */
  if (from >= 1)
    {
      g_autoptr(HwCategory) again = hw_category_new ();

      HW_ENTITY (again)->id = g_strdup (CAT3);
      again->name = g_strdup ("Wieder da");
      g_assert_false (hw_store_create_category (store, again, &error));
      g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
      g_clear_error (&error);
    }

  /* Text search finds the products written before the index existed … */
  g_assert_cmpuint (search_count (store, "MIG"), ==, n_products);
  if (from >= 1)
    {
      g_assert_true (search_finds (store, "edelst", PRD1));
      g_assert_true (search_finds (store, "wurth", PRD1));       /* brand, diacritics */
      g_assert_true (search_finds (store, "4006381333931", PRD1)); /* gtin */
      g_assert_true (search_finds (store, "hex", PRD2));          /* display name */
      g_assert_false (search_finds (store, "edelst", PRD2));
      g_assert_cmpuint (search_count (store, "sechskant"), ==, 1);
    }

  /* … and keeps up with writes to old and new rows. */
  {
    g_autoptr(HwProduct) fresh = hw_product_new ();

    fresh->sku = g_strdup ("NEW-1");
    fresh->name = g_strdup ("Dübel Nylon");
    fresh->unit = g_strdup ("piece");
    fresh->status = g_strdup ("active");
    fresh->currency = g_strdup ("EUR");
    g_assert_true (hw_store_create_product (store, fresh, &error));
    g_assert_no_error (error);
    g_assert_cmpint (HW_ENTITY (fresh)->rev, ==, revision + 1);
    g_assert_true (search_finds (store, "dubel", HW_ENTITY (fresh)->id));
  }

  if (from >= 1)
    {
      g_autoptr(HwProduct) old = hw_store_get_product (store, PRD2, &error);

      g_assert_no_error (error);
      g_free (old->display_name);
      old->display_name = g_strdup ("Zylinderkopf");
      g_assert_true (hw_store_update_product (store, old, 6, &error));
      g_assert_no_error (error);
      g_assert_true (search_finds (store, "zylinder", PRD2));
      g_assert_false (search_finds (store, "hex", PRD2));
      g_assert_true (hw_store_delete_product_relation (store, REL1, -1, &error));
      g_assert_no_error (error);
      if (from >= 2)
        {
          /* Still referred to by the price and the order */
          g_assert_false (hw_store_delete_product (store, PRD1, -1, &error));
          g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
          g_clear_error (&error);
        }
      else
        {
          g_assert_true (hw_store_delete_product (store, PRD1, -1, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (search_count (store, "edelst"), ==, 0);
        }
    }

  assert_fts_consistent (store);
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
}

/* A database of a newer program is refused and left as it is. */
static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  data)
{
  int latest = hw_store_latest_schema_version ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", latest + 1);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  sqlite3 *db;

  create_at_version (fixture->path, max_fixture_version ());
  store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  exec_sql (_hw_store_get_db (store), bump);
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  before = file_checksum (fixture->path);

  store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA);
  g_clear_error (&error);

  store = hw_store_open (fixture->path, HW_STORE_OPEN_READONLY, &error);
  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA);
  g_clear_error (&error);

  store = _hw_store_open_at_version (fixture->path, latest, &error);
  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA);
  g_clear_error (&error);

  after = file_checksum (fixture->path);
  g_assert_cmpstr (before, ==, after);

  db = raw_open (fixture->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, latest + 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM products"), ==, 2);
  sqlite3_close (db);
}

/* Opening a database at the latest version migrates nothing. */
static void
test_reopen_latest (Fixture       *fixture,
                    gconstpointer  data)
{
  int latest = hw_store_latest_schema_version ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) before = NULL;
  g_autoptr(HwProduct) after = NULL;
  g_autofree char *checksum_before = NULL;
  g_autofree char *checksum_after = NULL;
  gint64 cookie;
  guint handler;
  sqlite3 *db;

  create_at_version (fixture->path, max_fixture_version ());
  store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  before = hw_store_get_product (store, PRD1, &error);
  g_assert_no_error (error);
  checksum_before = hw_store_content_checksum (store, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  db = raw_open (fixture->path);
  cookie = query_int (db, "PRAGMA schema_version");
  sqlite3_close (db);

  for (guint round = 0; round < 2; round++)
    {
      handler = g_log_set_handler ("hw-store", G_LOG_LEVEL_DEBUG, count_migration_steps, NULL);
      n_migration_steps = 0;
      store = round == 0 ? hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error)
                         : _hw_store_open_at_version (fixture->path, latest, &error);
      g_log_remove_handler ("hw-store", handler);
      g_assert_no_error (error);

      g_assert_cmpuint (n_migration_steps, ==, 0);
      g_assert_cmpint (hw_store_get_schema_version (store), ==, latest);
      g_assert_cmpint (query_int (_hw_store_get_db (store), "PRAGMA schema_version"), ==, cookie);
      g_assert_cmpint (sqlite3_total_changes (_hw_store_get_db (store)), ==, 0);

      after = hw_store_get_product (store, PRD1, &error);
      g_assert_no_error (error);
      assert_same_entity (before, after);
      g_clear_pointer (&after, hw_entity_free);

      checksum_after = hw_store_content_checksum (store, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (checksum_before, ==, checksum_after);
      g_clear_pointer (&checksum_after, g_free);
      g_clear_object (&store);
    }

  /* A reader opens it too, and an older target than the file's is no downgrade. */
  store = hw_store_open (fixture->path, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = _hw_store_open_at_version (fixture->path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_schema_version (store), ==, latest);
}

/* An older database cannot be opened by a reader, which must not migrate it. */
static void
test_reader_does_not_migrate (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  sqlite3 *db;

  create_at_version (fixture->path, 1);
  store = hw_store_open (fixture->path, HW_STORE_OPEN_READONLY, &error);
  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA);

  db = raw_open (fixture->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 1);
  sqlite3_close (db);
}

/* A failing step rolls back entirely: the database stays at the version before it, and
 * the obstacle that made it fail is left as it was. */
static void
check_failed_step (const char *path,
                   const char *obstacle_sql,
                   const char *obstacle_name,
                   const char *remove_sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autofree char *sql_before = NULL;
  g_autofree char *sql_after = NULL;
  g_autofree char *query = g_strdup_printf ("SELECT sql FROM sqlite_master WHERE name = '%s'",
                                            obstacle_name);
  g_autofree char *objects_before = NULL;
  g_autofree char *objects_after = NULL;
  const char *objects = "SELECT group_concat(type || ' ' || name, ', ')"
                        " FROM (SELECT * FROM sqlite_master ORDER BY name)";
  sqlite3 *db;

  g_assert_cmpint (hw_store_latest_schema_version (), >=, 4);

  create_at_version (path, 3);
  store = _hw_store_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  exec_sql (_hw_store_get_db (store), obstacle_sql);
  sql_before = query_text (_hw_store_get_db (store), query);
  objects_before = query_text (_hw_store_get_db (store), objects);
  g_assert_nonnull (sql_before);
  g_clear_object (&store);

  store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_test_message ("%s", error ? error->message : "opened");
  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE);
  g_assert_nonnull (strstr (error->message, "4"));
  g_clear_error (&error);

  db = raw_open (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 3);
  sql_after = query_text (db, query);
  g_assert_cmpstr (sql_before, ==, sql_after);
  /* Nothing of step 4 is left (no products_fts, none of its shadow tables). */
  objects_after = query_text (db, objects);
  g_assert_cmpstr (objects_before, ==, objects_after);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM products"), ==, 2);
  {
    g_autofree char *integrity = query_text (db, "PRAGMA integrity_check");
    g_assert_cmpstr (integrity, ==, "ok");
  }
  sqlite3_close (db);

  /* Once the obstacle is gone, the step runs. */
  store = _hw_store_open_at_version (path, 3, &error);
  g_assert_no_error (error);
  exec_sql (_hw_store_get_db (store), remove_sql);
  g_clear_object (&store);

  store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_schema_version (store), ==, hw_store_latest_schema_version ());
  g_assert_true (search_finds (store, "edelstahl", PRD1));
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
  assert_fts_consistent (store);
}

/* Step 4 fails at its first statement … */
static void
test_failed_step_first_statement (Fixture       *fixture,
                                  gconstpointer  data)
{
  check_failed_step (fixture->path,
                     "CREATE TABLE products_fts (x); INSERT INTO products_fts VALUES (7)",
                     "products_fts",
                     "DROP TABLE products_fts");
}

/* … and after its first statement ran (the index is created, filling it fails, as the
 * products it reads are not there): that is undone too. */
static void
test_failed_step_midway (Fixture       *fixture,
                         gconstpointer  data)
{
  check_failed_step (fixture->path,
                     "ALTER TABLE products RENAME TO products_v3;"
                     "CREATE VIEW products AS SELECT id, sku FROM products_v3",
                     "products",
                     "DROP VIEW products; ALTER TABLE products_v3 RENAME TO products");
}

/* The schema and the field descriptions agree */

typedef struct
{
  char     *type;
  gboolean  notnull;
  gboolean  has_default;
  char     *default_value;
  int       pk;
} Column;

static void
column_free (gpointer data)
{
  Column *column = data;

  g_free (column->type);
  g_free (column->default_value);
  g_free (column);
}

static GHashTable *
table_columns (sqlite3    *db,
               const char *table)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(\"%s\")", table);
  GHashTable *columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, column_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Column *column = g_new0 (Column, 1);

      column->type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      column->notnull = sqlite3_column_int (stmt, 3) != 0;
      column->has_default = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      column->default_value = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      column->pk = sqlite3_column_int (stmt, 5);
      g_hash_table_insert (columns, g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
                           column);
    }
  sqlite3_finalize (stmt);

  return columns;
}

static const char *
sql_type_of (HwFieldKind kind)
{
  switch (kind)
    {
    case HW_FIELD_INT:
    case HW_FIELD_TIME:
    case HW_FIELD_BOOL:
      return "INTEGER";
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
    case HW_FIELD_STRV:
    case HW_FIELD_JSON:
    case HW_FIELD_CHILDREN:   /* a JSON array of the rows */
      return "TEXT";
    default:
      g_assert_not_reached ();
    }
}

/* Whether @table has a single-column unique index on @column. */
static gboolean
has_unique_index (sqlite3    *db,
                  const char *table,
                  const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_index_list('%s') l"
                                          " WHERE l.\"unique\" AND"
                                          " (SELECT count(*) FROM pragma_index_info(l.name)) = 1 AND"
                                          " (SELECT name FROM pragma_index_info(l.name)) = '%s'",
                                          table, column);

  return query_int (db, sql) > 0;
}

static gboolean
has_foreign_key (sqlite3    *db,
                 const char *table,
                 const char *column,
                 const char *target)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM pragma_foreign_key_list('%s')"
                                          " WHERE \"from\" = '%s' AND \"table\" = '%s'"
                                          " AND (\"to\" = 'id' OR \"to\" IS NULL)",
                                          table, column, target);

  return query_int (db, sql) > 0;
}

static void
check_columns (sqlite3           *db,
               const char        *owner,
               const char        *table,
               const HwFieldSpec *fields,
               guint              n_fields,
               const char * const *extra)
{
  g_autoptr(GHashTable) columns = table_columns (db, table);
  GHashTableIter iter;
  const char *name;
  Column *column;

  if (g_hash_table_size (columns) == 0)
    {
      g_test_fail_printf ("%s: table %s is missing", owner, table);
      return;
    }

  for (guint i = 0; extra[i] != NULL; i++)
    if (!g_hash_table_contains (columns, extra[i]))
      g_test_fail_printf ("%s: %s has no column %s", owner, table, extra[i]);

  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      column = g_hash_table_lookup (columns, spec->name);
      if (column == NULL)
        {
          g_test_fail_printf ("%s.%s has no column in %s", owner, spec->name, table);
          continue;
        }

      if (g_strcmp0 (column->type, sql_type_of (spec->kind)) != 0)
        g_test_fail_printf ("%s.%s is %s in %s, expected %s", owner, spec->name, column->type,
                            table, sql_type_of (spec->kind));

      if ((spec->flags & HW_FIELD_NULLABLE) && column->notnull)
        g_test_fail_printf ("%s.%s may be empty but %s.%s is NOT NULL", owner, spec->name,
                            table, spec->name);

      if (spec->kind == HW_FIELD_CHILDREN &&
          (!column->notnull || g_strcmp0 (column->default_value, "'[]'") != 0))
        g_test_fail_printf ("%s.%s: %s.%s should be TEXT NOT NULL DEFAULT '[]'", owner,
                            spec->name, table, spec->name);

      if ((spec->flags & HW_FIELD_REQUIRED) && !column->notnull)
        g_test_fail_printf ("%s.%s is required but %s.%s allows NULL", owner, spec->name,
                            table, spec->name);

      if ((spec->flags & HW_FIELD_UNIQUE) && !has_unique_index (db, table, spec->name))
        g_test_fail_printf ("%s.%s is unique but %s has no unique index on it", owner,
                            spec->name, table);

      if (spec->kind == HW_FIELD_REF &&
          !has_foreign_key (db, table, spec->name, spec->ref->table))
        g_test_fail_printf ("%s.%s refers to %s but %s has no foreign key on it", owner,
                            spec->name, spec->ref->table, table);
    }

  /* A column the store does not know must not stop its INSERTs. */
  g_hash_table_iter_init (&iter, columns);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &column))
    {
      gboolean known = g_strv_contains (extra, name);

      for (guint i = 0; !known && i < n_fields; i++)
        known = fields[i].kind != HW_FIELD_CHILDREN && g_str_equal (fields[i].name, name);

      if (!known && column->notnull && !column->has_default &&
          !(column->pk && g_strcmp0 (column->type, "INTEGER") == 0))
        g_test_fail_printf ("%s: column %s.%s is NOT NULL without a default but no field "
                            "writes it", owner, table, name);
    }
}

static void
test_schema_matches_model (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const entity_columns[] = { "id", "rev", "updated_at", NULL };
  const HwEntityType * const *types = hw_model_entity_types ();
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  sqlite3 *db;
  guint n_tables = 0;

  g_assert_no_error (error);
  db = _hw_store_get_db (store);

  for (guint t = 0; types[t] != NULL; t++)
    {
      const HwEntityType *type = types[t];
      g_autofree char *pk = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s')"
                                             " WHERE name = 'id' AND (pk = 1 OR"
                                             " (SELECT count(*) FROM pragma_index_list('%s') l"
                                             "  WHERE l.\"unique\" AND"
                                             "  (SELECT name FROM pragma_index_info(l.name)) = 'id') > 0)",
                                             type->table, type->table);

      check_columns (db, type->name, type->table, type->fields, type->n_fields, entity_columns);
      g_assert_cmpint (query_int (db, pk), ==, 1);
      n_tables++;

      /* Child rows live in a JSON column of their owner and hold plain values only:
       * the store's row writer handles no lists, documents or nested rows. */
      for (guint i = 0; i < type->n_fields; i++)
        if (type->fields[i].kind == HW_FIELD_CHILDREN)
          {
            const HwChildType *child = type->fields[i].child;

            for (guint j = 0; j < child->n_fields; j++)
              {
                HwFieldKind kind = child->fields[j].kind;

                if (kind == HW_FIELD_STRV || kind == HW_FIELD_JSON || kind == HW_FIELD_CHILDREN)
                  g_test_fail_printf ("%s.%s[].%s is not a plain value", type->name,
                                      type->fields[i].name, child->fields[j].name);
              }
          }
    }

  g_assert_cmpuint (n_tables, >, 0);

  /* The index the product search reads */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'products_fts'"),
                   ==, 1);
}

/* The migrations themselves stay replayable on a database of the same version. */
static void
test_fresh_equals_migrated (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) fresh = NULL;
  g_autoptr(HwStore) stepped = NULL;
  g_autofree char *stepped_path = g_build_filename (fixture->dir, "stepped.db", NULL);
  const char *sql = "SELECT group_concat(type || ' ' || name || ' ' || ifnull(sql, ''), char(10))"
                    " FROM (SELECT * FROM sqlite_master ORDER BY name)";
  g_autofree char *schema_fresh = NULL;
  g_autofree char *schema_stepped = NULL;

  fresh = hw_store_open (fixture->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* One version per open, as a user skipping no release would see it. */
  for (int v = 1; v <= hw_store_latest_schema_version (); v++)
    {
      g_clear_object (&stepped);
      stepped = _hw_store_open_at_version (stepped_path, v, &error);
      g_assert_no_error (error);
      g_assert_cmpint (hw_store_get_schema_version (stepped), ==, v);
    }

  schema_fresh = query_text (_hw_store_get_db (fresh), sql);
  schema_stepped = query_text (_hw_store_get_db (stepped), sql);
  g_assert_cmpstr (schema_fresh, ==, schema_stepped);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (int v = 0; v < hw_store_latest_schema_version (); v++)
    {
      g_autofree char *name = g_strdup_printf ("/migrations/upgrade-from/%d", v);

      g_test_add (name, Fixture, GINT_TO_POINTER (v), fixture_set_up, test_upgrade_from,
                  fixture_tear_down);
    }

  g_test_add ("/migrations/newer-version-refused", Fixture, NULL, fixture_set_up,
              test_newer_version, fixture_tear_down);
  g_test_add ("/migrations/reopen-latest-migrates-nothing", Fixture, NULL, fixture_set_up,
              test_reopen_latest, fixture_tear_down);
  g_test_add ("/migrations/reader-does-not-migrate", Fixture, NULL, fixture_set_up,
              test_reader_does_not_migrate, fixture_tear_down);
  g_test_add ("/migrations/failed-step/first-statement", Fixture, NULL, fixture_set_up,
              test_failed_step_first_statement, fixture_tear_down);
  g_test_add ("/migrations/failed-step/midway", Fixture, NULL, fixture_set_up,
              test_failed_step_midway, fixture_tear_down);
  g_test_add ("/migrations/schema-matches-model", Fixture, NULL, fixture_set_up,
              test_schema_matches_model, fixture_tear_down);
  g_test_add ("/migrations/fresh-equals-stepped", Fixture, NULL, fixture_set_up,
              test_fresh_equals_migrated, fixture_tear_down);

  return g_test_run ();
}
