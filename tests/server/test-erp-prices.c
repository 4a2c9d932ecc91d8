/* test-erp-prices.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-core-error.h"
#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* POST /api/v1/erp/prices through the built binary: an integration's API token with the
 * scope erp.prices upserts price lists (by code), prices (by price list code, product
 * erp_id and valid_from) and account price agreements (by customer number, product erp_id
 * and valid_from), one savepoint per record, recorded as an integration run. One server
 * serves the tests in order; the database is looked at through core beside it. */

#define BATCH    5000

typedef struct
{
  HwTestFixture server;
  char         *product_id;
  char         *account_id;
  char         *erp;
  char         *accounts;
} Fixture;

static Fixture fixture;

static void
send_request (HwTestResponse *response,
              const char     *method,
              const char     *path,
              const char     *token,
              const char     *content_type,
              const char     *body)
{
  hw_test_request (fixture.server.session, fixture.server.url, response, method, path, token,
                   content_type, body);
}

static HwPriceList *
find_price_list (HwStore    *store,
                 const char *code)
{
  g_autoptr(GError) error = NULL;
  HwPriceList *list = hw_store_find_by (store, &hw_price_list_type, "code", code, &error);

  if (list == NULL)
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  return list;
}

/* The stored entity of @type whose id the record @index of @answer names. */
static gpointer
get_result (HwStore            *store,
            const HwEntityType *type,
            JsonObject         *answer,
            guint               index)
{
  g_autoptr(GError) error = NULL;
  const char *id = json_object_get_string_member (hw_test_erp_result (answer, index), "id");
  gpointer entity;

  g_assert_nonnull (id);
  entity = hw_store_get (store, type, id, &error);
  g_assert_no_error (error);
  return entity;
}

static gint64
count (HwStore            *store,
       const HwEntityType *type)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, type, query, &n, &error));
  g_assert_no_error (error);
  return n;
}

static JsonObject *
post_prices (const char *content_type,
             const char *body)
{
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "POST", "/api/v1/erp/prices", fixture.erp, content_type, body);
  g_assert_cmpuint (response.status, ==, 200);

  return hw_test_parse_object (response.body);
}

static void
assert_key (JsonObject *answer,
            guint       index,
            const char *key)
{
  g_assert_cmpstr (json_object_get_string_member (hw_test_erp_result (answer, index), "key"),
                   ==, key);
}

#define LIST_A \
  "{\"type\": \"price_list\", \"code\": \"PL-A\", \"name\": \"Retail\", \"currency\": \"EUR\"," \
  " \"segment\": \"retail\"}"
#define PRICE_OPEN \
  "{\"type\": \"price\", \"price_list_code\": \"PL-A\", \"product_erp_id\": \"100042\"," \
  " \"price_list_id\": \"ignored\", \"valid_to\": \"2026-12-31T00:00:00Z\"," \
  " \"tiers\": [{\"min_qty\": 1, \"amount\": 1250}, {\"min_qty\": 10, \"amount\": 1100}]}"
#define PRICE_2027 \
  "{\"type\": \"price\", \"price_list_code\": \"PL-A\", \"product_erp_id\": \"100042\"," \
  " \"valid_from\": \"2027-01-01T00:00:00Z\", \"tiers\": [{\"min_qty\": 1, \"amount\": 1300}]}"
#define AGREEMENT \
  "{\"type\": \"agreement\", \"customer_number\": \"C-1\", \"product_erp_id\": \"100042\"," \
  " \"currency\": \"EUR\", \"valid_from\": null, \"valid_to\": \"2027-06-30T00:00:00Z\"," \
  " \"tiers\": [{\"min_qty\": 1, \"amount\": 999}]}"

/* Tests */

static void
test_create_update_replay (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(JsonObject) update = NULL;
  g_autoptr(HwPriceList) list = NULL;
  g_autoptr(HwPriceList) list_after = NULL;
  g_autoptr(HwPrice) open_price = NULL;
  g_autoptr(HwPrice) dated_price = NULL;
  g_autoptr(HwPrice) open_after = NULL;
  g_autoptr(HwPrice) dated_after = NULL;
  g_autoptr(HwPriceAgreement) agreement = NULL;
  HwPriceTier *tier;
  gint64 revision;

  answer = post_prices (NULL, "[" LIST_A "," PRICE_OPEN "," PRICE_2027 "," AGREEMENT "]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 0);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (hw_test_erp_status (answer, i), ==, "created");
  assert_key (answer, 0, "price_list:PL-A");
  assert_key (answer, 1, "price:PL-A/100042/-");
  assert_key (answer, 2, "price:PL-A/100042/2027-01-01T00:00:00Z");
  assert_key (answer, 3, "agreement:C-1/100042/-");

  list = find_price_list (store, "PL-A");
  g_assert_nonnull (list);
  g_assert_cmpstr (list->segment, ==, "retail");
  g_assert_cmpint (count (store, &hw_price_type), ==, 2);

  open_price = get_result (store, &hw_price_type, answer, 1);
  g_assert_cmpstr (open_price->price_list_id, ==, HW_ENTITY (list)->id);
  g_assert_cmpstr (open_price->product_id, ==, fixture.product_id);
  g_assert_cmpint (open_price->valid_from, ==, HW_NONE);
  g_assert_cmpuint (open_price->tiers->len, ==, 2);
  dated_price = get_result (store, &hw_price_type, answer, 2);
  g_assert_cmpint (dated_price->valid_from, !=, HW_NONE);

  agreement = get_result (store, &hw_price_agreement_type, answer, 3);
  g_assert_cmpstr (agreement->account_id, ==, fixture.account_id);
  g_assert_cmpstr (agreement->product_id, ==, fixture.product_id);
  g_assert_cmpint (agreement->valid_to, !=, HW_NONE);
  revision = hw_store_get_revision (store);

  /* A replay changes nothing but records another run. */
  replay = post_prices (NULL, "[" LIST_A "," PRICE_OPEN "," PRICE_2027 "," AGREEMENT "]");
  g_assert_cmpint (json_object_get_int_member (replay, "ok"), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (hw_test_erp_status (replay, i), ==, "unchanged");
      g_assert_cmpstr (json_object_get_string_member (hw_test_erp_result (replay, i), "id"), ==,
                       json_object_get_string_member (hw_test_erp_result (answer, i), "id"));
    }
  g_assert_cmpint (hw_store_get_revision (store), ==, revision + 2);

  /* Tiers replace the stored tiers; the dated price is another key and stays. (Core
   * refuses prices of one list and product whose validity windows overlap.) */
  update = post_prices (NULL,
                        "[{\"type\": \"price_list\", \"code\": \"PL-A\", \"name\": \"Retail 2026\","
                        "  \"currency\": \"EUR\", \"segment\": \"retail\"},"
                        " {\"type\": \"price\", \"price_list_code\": \"PL-A\","
                        "  \"product_erp_id\": \"100042\", \"valid_from\": null,"
                        "  \"valid_to\": \"2026-12-31T00:00:00Z\","
                        "  \"tiers\": [{\"min_qty\": 5, \"amount\": 1000}]}]");
  g_assert_cmpstr (hw_test_erp_status (update, 0), ==, "updated");
  g_assert_cmpstr (hw_test_erp_status (update, 1), ==, "updated");
  list_after = find_price_list (store, "PL-A");
  g_assert_cmpstr (list_after->name, ==, "Retail 2026");
  g_assert_cmpstr (HW_ENTITY (list_after)->id, ==, HW_ENTITY (list)->id);

  open_after = get_result (store, &hw_price_type, update, 1);
  g_assert_cmpstr (HW_ENTITY (open_after)->id, ==, HW_ENTITY (open_price)->id);
  g_assert_cmpuint (open_after->tiers->len, ==, 1);
  tier = g_ptr_array_index (open_after->tiers, 0);
  g_assert_cmpint (tier->min_qty, ==, 5);
  g_assert_cmpint (tier->amount, ==, 1000);
  g_assert_cmpint (count (store, &hw_price_type), ==, 2);

  dated_after = get_result (store, &hw_price_type, answer, 2);
  g_assert_cmpint (HW_ENTITY (dated_after)->rev, ==, HW_ENTITY (dated_price)->rev);
}

static void
test_bad_records (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwPriceList) list_b = NULL;
  gint64 prices_before = count (store, &hw_price_type);
  gint64 agreements_before = count (store, &hw_price_agreement_type);
  gint64 lists_before = count (store, &hw_price_list_type);

  answer = post_prices (NULL,
                        /* 0, 1: a list and a price in it, made in the same batch */
                        "[{\"type\": \"price_list\", \"code\": \"PL-B\", \"name\": \"B\","
                        "  \"currency\": \"EUR\"},"
                        " {\"type\": \"price\", \"price_list_code\": \"PL-B\","
                        "  \"product_erp_id\": \"100042\", \"tiers\": [{\"min_qty\": 1, \"amount\": 5}]},"
                        /* 2: unknown list */
                        " {\"type\": \"price\", \"price_list_code\": \"PL-NONE\","
                        "  \"product_erp_id\": \"100042\", \"tiers\": []},"
                        /* 3: unknown product */
                        " {\"type\": \"price\", \"price_list_code\": \"PL-B\","
                        "  \"product_erp_id\": \"999999\", \"tiers\": []},"
                        /* 4: unknown account */
                        " {\"type\": \"agreement\", \"customer_number\": \"C-404\","
                        "  \"product_erp_id\": \"100042\", \"currency\": \"EUR\", \"tiers\": []},"
                        /* 5, 6: no type, an unknown type */
                        " {\"code\": \"PL-X\"},"
                        " {\"type\": \"discount\"},"
                        /* 7: a negative amount in a tier */
                        " {\"type\": \"price\", \"price_list_code\": \"PL-B\","
                        "  \"product_erp_id\": \"100043\","
                        "  \"tiers\": [{\"min_qty\": 1, \"amount\": 5}, {\"min_qty\": 9, \"amount\": -1}]},"
                        /* 8, 9: a bad list, and a price naming it */
                        " {\"type\": \"price_list\", \"code\": \"PL-C\", \"name\": \"C\","
                        "  \"currency\": \"EURO\"},"
                        " {\"type\": \"price\", \"price_list_code\": \"PL-C\","
                        "  \"product_erp_id\": \"100042\", \"tiers\": []},"
                        /* 10: a price list without its code; 11: a price without tiers */
                        " {\"type\": \"price_list\", \"name\": \"No code\", \"currency\": \"EUR\"},"
                        " {\"type\": \"price\", \"price_list_code\": \"PL-B\","
                        "  \"product_erp_id\": \"100043\"},"
                        /* 12: a product key that is no string */
                        " {\"type\": \"agreement\", \"customer_number\": \"C-1\","
                        "  \"product_erp_id\": 100042, \"currency\": \"EUR\", \"tiers\": []}]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 11);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  g_assert_cmpstr (hw_test_erp_status (answer, 1), ==, "created");
  hw_test_assert_erp_error (answer, 2, "price_list_code");
  hw_test_assert_erp_error (answer, 3, "product_erp_id");
  hw_test_assert_erp_error (answer, 4, "customer_number");
  hw_test_assert_erp_error (answer, 5, "type");
  hw_test_assert_erp_error (answer, 6, "type");
  hw_test_assert_erp_error (answer, 7, "tiers[1].amount");
  hw_test_assert_erp_error (answer, 8, "currency");
  hw_test_assert_erp_error (answer, 9, "price_list_code");
  hw_test_assert_erp_error (answer, 10, "code");
  hw_test_assert_erp_error (answer, 11, "tiers");
  hw_test_assert_erp_error (answer, 12, "product_erp_id");
  assert_key (answer, 2, "price:PL-NONE/100042/-");
  g_assert_true (json_object_get_null_member (hw_test_erp_result (answer, 5), "key"));

  list_b = find_price_list (store, "PL-B");
  g_assert_nonnull (list_b);
  g_assert_null (find_price_list (store, "PL-C"));
  g_assert_cmpint (count (store, &hw_price_list_type), ==, lists_before + 1);
  g_assert_cmpint (count (store, &hw_price_type), ==, prices_before + 1);
  g_assert_cmpint (count (store, &hw_price_agreement_type), ==, agreements_before);
}

static void
test_ndjson (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwPriceAgreement) agreement = NULL;

  answer = post_prices ("application/x-ndjson",
                        "{\"type\": \"price_list\", \"code\": \"PL-N\", \"name\": \"N\","
                        " \"currency\": \"USD\", \"is_default\": true}\n"
                        "\n"
                        "{\"type\": \"agreement\", \"customer_number\": \"C-1\","
                        " \"product_erp_id\": \"100043\", \"currency\": \"EUR\","
                        " \"valid_from\": \"2026-03-01T00:00:00Z\","
                        " \"tiers\": [{\"min_qty\": 1, \"amount\": 10}]}\r\n");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 2);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  g_assert_cmpstr (hw_test_erp_status (answer, 1), ==, "created");
  agreement = get_result (store, &hw_price_agreement_type, answer, 1);
  g_assert_cmpint (agreement->valid_from, !=, HW_NONE);
  g_assert_cmpuint (agreement->tiers->len, ==, 1);
}

static void
test_auth (void)
{
  static const char body[] = "[" LIST_A "]";
  const char *tokens[] = { fixture.server.owner, fixture.accounts };

  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/prices", NULL, NULL, body);
    hw_test_response_assert_problem (&response, 401, "unauthorized");
  }

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_auto(HwTestResponse) response = { 0, };

      send_request (&response, "POST", "/api/v1/erp/prices", tokens[i], NULL, body);
      hw_test_response_assert_problem (&response, 403, "forbidden");
    }
}

/* Staff edits of ERP-owned fields of imported price lists, prices and agreements answer
 * 422 naming the field. */
static void
test_staff_edits (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwPriceList) list = find_price_list (store, "PL-A");
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) prices = NULL;
  g_autoptr(HwPage) agreements = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list_path = g_strconcat ("/api/v1/price-lists/", HW_ENTITY (list)->id, NULL);
  g_autofree char *price_path = NULL;
  g_autofree char *agreement_path = NULL;

  prices = hw_store_list (store, &hw_price_type, query, &error);
  g_assert_no_error (error);
  agreements = hw_store_list (store, &hw_price_agreement_type, query, &error);
  g_assert_no_error (error);
  price_path = g_strconcat ("/api/v1/prices/",
                            HW_ENTITY (g_ptr_array_index (prices->items, 0))->id, NULL);
  agreement_path = g_strconcat ("/api/v1/price-agreements/",
                                HW_ENTITY (g_ptr_array_index (agreements->items, 0))->id, NULL);

  {
    struct { const char *path; const char *body; const char *field; } cases[] = {
      { list_path, "{\"name\": \"Staff name\"}", "name" },
      { list_path, "{\"is_default\": true}", "is_default" },
      { price_path, "{\"tiers\": [{\"min_qty\": 1, \"amount\": 1}]}", "tiers" },
      { price_path, "{\"valid_to\": \"2030-01-01T00:00:00Z\"}", "valid_to" },
      { agreement_path, "{\"currency\": \"USD\"}", "currency" },
      { agreement_path, "{\"tiers\": []}", "tiers" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(HwTestResponse) response = { 0, };
        g_autoptr(JsonObject) problem = NULL;
        JsonArray *errors;

        hw_test_patch (fixture.server.session, fixture.server.url, &response, cases[i].path,
                       fixture.server.owner, cases[i].body);
        hw_test_response_assert_problem (&response, 422, "validation-failed");
        problem = hw_test_parse_object (response.body);
        errors = json_object_get_array_member (problem, "errors");
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                        "field"), ==, cases[i].field);
      }
  }
}

static void
test_audit (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwPriceList) list = find_price_list (store, "PL-A");
  g_autofree char *actor = g_strconcat ("integration:", fixture.server.integration_id, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=price_list&id=%s",
                                           HW_ENTITY (list)->id);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  JsonArray *items;

  send_request (&response, "GET", path, fixture.server.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = hw_test_parse_object (response.body);
  items = json_object_get_array_member (page, "items");

  /* Created, then renamed; the replay wrote nothing and the staff edits were refused. */
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = json_array_get_object_element (items, i);

      g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, actor);
      g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, "price_list");
    }
}

static void
test_runs (void)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) list = NULL;
  JsonArray *items;
  guint small = 0;
  guint big = 0;

  send_request (&response, "GET", "/api/v1/integration-runs?limit=100", fixture.server.owner,
                NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  list = hw_test_parse_object (response.body);
  items = json_object_get_array_member (list, "items");
  /* create, replay, update, bad records, ndjson, big batch and its replay */
  g_assert_cmpuint (json_array_get_length (items), ==, 7);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *run = json_array_get_object_element (items, i);
      JsonArray *errors = json_object_get_array_member (run, "errors");
      gint64 failed = json_object_get_int_member (run, "records_failed");

      g_assert_cmpstr (json_object_get_string_member (run, "operation"), ==, "erp.prices");
      g_assert_cmpuint (json_array_get_length (errors), ==, failed);
      if (failed == 11)
        {
          JsonObject *first = json_array_get_object_element (errors, 0);

          g_assert_cmpint (json_object_get_int_member (run, "records_ok"), ==, 2);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "partial");
          g_assert_cmpstr (json_object_get_string_member (first, "record_key"), ==,
                           "price:PL-NONE/100042/-");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "message"),
                                           "price_list_code: "));
          small++;
        }
      else if (failed == 3)
        {
          g_assert_cmpint (json_object_get_int_member (run, "records_ok"), ==, BATCH + 1 - 3);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "partial");
          big++;
        }
      else
        {
          g_assert_cmpint (failed, ==, 0);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "succeeded");
        }
    }
  g_assert_cmpuint (small, ==, 1);
  g_assert_cmpuint (big, ==, 2);
}

static char *
create_product (HwStore    *store,
                const char *erp_id)
{
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strconcat ("SKU-", erp_id, NULL);
  product->erp_id = g_strdup (erp_id);
  product->name = g_strdup ("Screw");
  product->unit = g_strdup ("pc");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (product)->id);
}


/* A price list and BATCH prices for as many products; three price records are bad. */
#define BAD_PRODUCT 17
#define BAD_AMOUNT  4242
#define BAD_TYPE    4999

static char *
big_batch (void)
{
  GString *body = g_string_new ("[{\"type\":\"price_list\",\"code\":\"PL-BIG\","
                                "\"name\":\"Big\",\"currency\":\"EUR\"}");

  for (guint i = 0; i < BATCH; i++)
    g_string_append_printf (body,
                            ",{\"type\":\"%s\",\"price_list_code\":\"PL-BIG\","
                            "\"product_erp_id\":\"%s%05u\",\"valid_from\":\"2026-01-01T00:00:00Z\","
                            "\"tiers\":[{\"min_qty\":1,\"amount\":%d},"
                            "{\"min_qty\":10,\"amount\":%u}]}",
                            i == BAD_TYPE ? "prize" : "price",
                            i == BAD_PRODUCT ? "NONE-" : "BIG-", i,
                            i == BAD_AMOUNT ? -1 : (int) (200 + i), 150 + i);
  g_string_append_c (body, ']');

  return g_string_free (body, FALSE);
}

static void
test_big_batch (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autofree char *body = big_batch ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(HwPrice) sample = NULL;
  g_autoptr(GError) error = NULL;
  gint64 prices = count (store, &hw_price_type);
  gint64 started, revision;

  /* The products, through core in one transaction. */
  g_assert_true (hw_store_begin (store, &error));
  for (guint i = 0; i < BATCH; i++)
    {
      g_autofree char *erp_id = g_strdup_printf ("BIG-%05u", i);
      g_autofree char *id = create_product (store, erp_id);
    }
  g_assert_true (hw_store_commit (store, &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  answer = post_prices (NULL, body);
  g_printerr ("# erp prices: %d records imported in %.2f s\n", BATCH + 1,
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, BATCH + 1 - 3);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 3);
  hw_test_assert_erp_error (answer, 1 + BAD_PRODUCT, "product_erp_id");
  hw_test_assert_erp_error (answer, 1 + BAD_AMOUNT, "tiers[0].amount");
  hw_test_assert_erp_error (answer, 1 + BAD_TYPE, "type");
  g_assert_cmpint (count (store, &hw_price_type), ==, prices + BATCH - 3);

  sample = get_result (store, &hw_price_type, answer, 1 + 42);
  g_assert_cmpuint (sample->tiers->len, ==, 2);
  g_assert_cmpint (((HwPriceTier *) g_ptr_array_index (sample->tiers, 0))->amount, ==, 242);
  revision = hw_store_get_revision (store);

  started = g_get_monotonic_time ();
  replay = post_prices (NULL, body);
  g_printerr ("# erp prices: the replay took %.2f s\n",
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (replay, "ok"), ==, BATCH + 1 - 3);
  g_assert_cmpstr (hw_test_erp_status (replay, 0), ==, "unchanged");
  g_assert_cmpstr (hw_test_erp_status (replay, 1 + 42), ==, "unchanged");
  g_assert_cmpint (hw_store_get_revision (store), ==, revision + 2);
}

static void
fixture_set_up (void)
{
  g_autoptr(HwAccount) account = hw_account_new ();
  g_autoptr(GError) error = NULL;

  hw_test_fixture_prepare (&fixture.server, "hw-erp-prices-XXXXXX", NULL);
  hw_test_fixture_add_integration (&fixture.server);

  {
    g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
    g_autofree char *other = NULL;

    fixture.product_id = create_product (store, "100042");
    other = create_product (store, "100043");

    account->customer_number = g_strdup ("C-1");
    account->name = g_strdup ("Acme");
    account->currency = g_strdup ("EUR");
    account->status = g_strdup ("active");
    g_assert_true (hw_store_create_account (store, account, &error));
    g_assert_no_error (error);
    fixture.account_id = g_strdup (HW_ENTITY (account)->id);
  }

  hw_test_fixture_start (&fixture.server);
  fixture.erp = hw_test_fixture_api_token (&fixture.server, "erp.prices");
  fixture.accounts = hw_test_fixture_api_token (&fixture.server, "erp.accounts");
}

static void
fixture_tear_down (void)
{
  hw_test_fixture_stop (&fixture.server);
  g_clear_pointer (&fixture.product_id, g_free);
  g_clear_pointer (&fixture.account_id, g_free);
  g_clear_pointer (&fixture.erp, g_free);
  g_clear_pointer (&fixture.accounts, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In order: the later tests look at what the earlier ones stored. */
  g_test_add_func ("/server/erp-prices/create-update-replay", test_create_update_replay);
  g_test_add_func ("/server/erp-prices/bad-records", test_bad_records);
  g_test_add_func ("/server/erp-prices/ndjson", test_ndjson);
  g_test_add_func ("/server/erp-prices/auth", test_auth);
  g_test_add_func ("/server/erp-prices/staff-edits", test_staff_edits);
  g_test_add_func ("/server/erp-prices/audit", test_audit);
  g_test_add_func ("/server/erp-prices/big-batch", test_big_batch);
  g_test_add_func ("/server/erp-prices/runs", test_runs);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
