/* test-erp.c
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

/* POST /api/v1/erp/products through the built binary: an integration's API token with the
 * scope erp.products upserts products by erp_id, one savepoint per record, and the call is
 * recorded as an integration run. One server serves the tests in order; the database is
 * looked at through core beside it. */

#define BATCH    10000

typedef struct
{
  HwTestFixture server;
  char         *erp;
  char         *accounts;
} Fixture;

static Fixture fixture;

/* @token: (nullable): the bearer token; @content_type: (nullable): application/json */
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

static void
assert_problem (const HwTestResponse *response,
                guint                 status,
                const char           *slug)
{
  hw_test_response_assert_problem (response, status, slug);
}

static gint64
count_products (HwStore *store)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_true (hw_store_count (store, &hw_product_type, query, &count, &error));
  g_assert_no_error (error);
  return count;
}

static HwProduct *
find_product (HwStore    *store,
              const char *erp_id)
{
  g_autoptr(GError) error = NULL;
  HwProduct *product = hw_store_find_by (store, &hw_product_type, "erp_id", erp_id, &error);

  if (product == NULL)
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  return product;
}

/* The batch: BATCH records, three of them bad. */
#define BAD_SKU    17
#define BAD_PRICE  4242
#define BAD_STATUS 9999

static char *
big_batch (void)
{
  GString *body = g_string_new ("[");

  for (guint i = 0; i < BATCH; i++)
    {
      g_autofree char *sku = NULL;

      if (i > 0)
        g_string_append_c (body, ',');
      sku = i == BAD_SKU ? g_strdup ("") : g_strdup_printf ("\"sku\":\"SKU-%05u\",", i);
      g_string_append_printf (body,
                              "{\"erp_id\":\"E-%05u\",%s\"name\":\"Product %u\","
                              "\"unit\":\"pc\",\"status\":\"%s\",\"base_price\":%d,"
                              "\"currency\":\"EUR\",\"min_qty\":1,\"order_multiple\":1}",
                              i, sku, i, i == BAD_STATUS ? "gone" : "active",
                              i == BAD_PRICE ? -5 : (int) (100 + i));
    }
  g_string_append_c (body, ']');

  return g_string_free (body, FALSE);
}

static JsonObject *
post_products (const char *content_type,
               const char *body)
{
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "POST", "/api/v1/erp/products", fixture.erp, content_type, body);
  g_assert_cmpuint (response.status, ==, 200);

  return hw_test_parse_object (response.body);
}

static const char *
result_status (JsonObject *answer,
               guint       index)
{
  JsonArray *results = json_object_get_array_member (answer, "results");
  JsonObject *result = json_array_get_object_element (results, index);

  g_assert_cmpint (json_object_get_int_member (result, "index"), ==, index);
  return json_object_get_string_member (result, "status");
}

static void
assert_result_error (JsonObject *answer,
                     guint       index,
                     const char *field)
{
  JsonArray *results = json_object_get_array_member (answer, "results");
  JsonObject *result = json_array_get_object_element (results, index);
  JsonObject *error;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "error");
  error = json_object_get_object_member (result, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, field);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
}

/* Tests */

static void
test_big_batch (void)
{
  g_autofree char *body = big_batch ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) sample = NULL;
  g_autoptr(HwProduct) sample_after = NULL;
  gint64 started, revision;
  guint n_unchanged = 0;
  JsonArray *results;

  started = g_get_monotonic_time ();
  answer = post_products (NULL, body);
  g_printerr ("# erp: %d records imported in %.2f s\n", BATCH,
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, BATCH - 3);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 3);
  g_assert_nonnull (json_object_get_string_member (answer, "run_id"));
  results = json_object_get_array_member (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, BATCH);
  g_assert_cmpstr (result_status (answer, 0), ==, "created");
  assert_result_error (answer, BAD_SKU, "sku");
  assert_result_error (answer, BAD_PRICE, "base_price");
  assert_result_error (answer, BAD_STATUS, "status");

  /* Nothing of the bad records is stored; all of the good ones are. */
  store = hw_test_fixture_open_store (&fixture.server);
  g_assert_cmpint (count_products (store), ==, BATCH - 3);
  g_assert_null (find_product (store, "E-00017"));
  g_assert_null (find_product (store, "E-04242"));
  g_assert_null (find_product (store, "E-09999"));
  sample = find_product (store, "E-00042");
  g_assert_nonnull (sample);
  g_assert_cmpstr (sample->sku, ==, "SKU-00042");
  g_assert_cmpint (sample->base_price, ==, 142);
  revision = hw_store_get_revision (store);

  /* A replay changes nothing but records another run. */
  started = g_get_monotonic_time ();
  replay = post_products (NULL, body);
  g_printerr ("# erp: the replay took %.2f s\n",
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (replay, "ok"), ==, BATCH - 3);
  g_assert_cmpint (json_object_get_int_member (replay, "failed"), ==, 3);
  results = json_object_get_array_member (replay, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_strcmp0 (result_status (replay, i), "unchanged") == 0)
      n_unchanged++;
  g_assert_cmpuint (n_unchanged, ==, BATCH - 3);

  g_assert_cmpint (count_products (store), ==, BATCH - 3);
  sample_after = find_product (store, "E-00042");
  g_assert_cmpint (HW_ENTITY (sample_after)->rev, ==, HW_ENTITY (sample)->rev);
  /* The run and the integration's last_run_at: two revisions, none for products. */
  g_assert_cmpint (hw_store_get_revision (store), ==, revision + 2);
}

static void
test_keeps_digital_fields (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(HwProduct) after = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  category->name = g_strdup ("Screws");
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);

  product->sku = g_strdup ("KEEP-1");
  product->erp_id = g_strdup ("K-1");
  product->name = g_strdup ("Old ERP name");
  product->display_name = g_strdup ("Our nice name");
  product->description = g_strdup ("Written in ONE.");
  product->unit = g_strdup ("pc");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 100;
  product->category_id = g_strdup (HW_ENTITY (category)->id);
  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);

  answer = post_products (NULL,
                          "[{\"erp_id\": \"K-1\", \"sku\": \"KEEP-1\", \"name\": \"New ERP name\","
                          " \"unit\": \"box\", \"status\": \"discontinued\", \"currency\": \"EUR\","
                          " \"base_price\": 250, \"display_name\": \"ERP tries\","
                          " \"description\": null}]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 1);
  g_assert_cmpstr (result_status (answer, 0), ==, "updated");
  result = json_array_get_object_element (json_object_get_array_member (answer, "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, HW_ENTITY (product)->id);

  after = find_product (store, "K-1");
  g_assert_cmpstr (after->name, ==, "New ERP name");
  g_assert_cmpstr (after->unit, ==, "box");
  g_assert_cmpstr (after->status, ==, "discontinued");
  g_assert_cmpint (after->base_price, ==, 250);
  g_assert_cmpstr (after->display_name, ==, "Our nice name");
  g_assert_cmpstr (after->description, ==, "Written in ONE.");
  g_assert_cmpstr (after->category_id, ==, HW_ENTITY (category)->id);
  g_assert_cmpint (HW_ENTITY (after)->rev, >, HW_ENTITY (product)->rev);
}

/* The update of test_keeps_digital_fields left one audit entry by the integration, whose
 * before and after hold the ERP-owned fields only: all an import can change. */
static void
test_audit (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwProduct) product = find_product (store, "K-1");
  g_autofree char *actor = g_strconcat ("integration:", fixture.server.integration_id, NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/audit?entity=product&id=%s",
                                           HW_ENTITY (product)->id);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  JsonObject *entry = NULL;
  JsonObject *before, *after;
  JsonArray *items;

  send_request (&response, "GET", path, fixture.server.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = hw_test_parse_object (response.body);
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "actor"), actor) == 0)
        {
          g_assert_null (entry);
          entry = item;
        }
    }
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "update");

  before = json_object_get_object_member (entry, "before");
  after = json_object_get_object_member (entry, "after");
  g_assert_cmpstr (json_object_get_string_member (before, "name"), ==, "Old ERP name");
  g_assert_cmpstr (json_object_get_string_member (after, "name"), ==, "New ERP name");
  g_assert_cmpint (json_object_get_int_member (after, "base_price"), ==, 250);
  g_assert_cmpstr (json_object_get_string_member (after, "sku"), ==, "KEEP-1");
  for (guint i = 0; i < hw_product_type.n_fields; i++)
    {
      const HwFieldSpec *spec = &hw_product_type.fields[i];
      gboolean erp = (spec->flags & HW_FIELD_ERP) != 0;

      g_assert_cmpint (json_object_has_member (before, spec->name), ==, erp);
      g_assert_cmpint (json_object_has_member (after, spec->name), ==, erp);
    }
  g_assert_false (json_object_has_member (after, "id"));
}

static void
test_ndjson (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_auto(HwTestResponse) response = { 0, };

  answer = post_products ("application/x-ndjson",
                          "{\"erp_id\": \"N-1\", \"sku\": \"ND-1\", \"name\": \"One\", \"unit\": \"pc\","
                          " \"status\": \"active\", \"currency\": \"EUR\"}\n"
                          "\n"
                          "{\"erp_id\": \"N-2\", \"sku\": \"ND-2\", \"name\": \"Two\", \"unit\": \"pc\","
                          " \"status\": \"blocked\", \"currency\": \"EUR\"}\r\n");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 0);
  g_assert_cmpstr (result_status (answer, 0), ==, "created");
  g_assert_cmpstr (result_status (answer, 1), ==, "created");
  product = find_product (store, "N-2");
  g_assert_nonnull (product);
  g_assert_cmpstr (product->status, ==, "blocked");

  /* A line that is no JSON spoils the request, not only the record. */
  send_request (&response, "POST", "/api/v1/erp/products", fixture.erp, "application/x-ndjson",
                "{\"erp_id\": \"N-3\"}\n{\"erp_id\": \n");
  assert_problem (&response, 400, "bad-request");
  g_assert_null (find_product (store, "N-3"));
}

static void
test_auth (void)
{
  static const char body[] = "[]";

  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/products", NULL, NULL, body);
    assert_problem (&response, 401, "unauthorized");
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/products", fixture.server.owner, NULL, body);
    assert_problem (&response, 403, "forbidden");
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/products", fixture.accounts, NULL, body);
    assert_problem (&response, 403, "forbidden");
  }
}

static void
test_malformed (void)
{
  static const char * const bodies[] = { "[{\"erp_id\": ", "{\"erp_id\": \"X\"}", "", "nope" };
  g_autoptr(JsonObject) answer = NULL;
  GString *many;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(HwTestResponse) response = { 0, };

      send_request (&response, "POST", "/api/v1/erp/products", fixture.erp, NULL, bodies[i]);
      assert_problem (&response, 400, "bad-request");
    }

  /* Records that are no objects, or have no erp_id, are reported one by one. */
  answer = post_products (NULL, "[42, {\"sku\": \"NO-ERP-ID\"}]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 2);
  assert_result_error (answer, 1, "erp_id");

  /* More than 10 000 records: 413. */
  many = g_string_new ("[");
  for (guint i = 0; i <= BATCH; i++)
    g_string_append (many, i > 0 ? ",{}" : "{}");
  g_string_append_c (many, ']');
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/products", fixture.erp, NULL, many->str);
    assert_problem (&response, 413, "body-too-large");
  }
  g_string_free (many, TRUE);
}

static void
test_runs (void)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint big = 0;
  guint failed = 0;

  send_request (&response, "GET", "/api/v1/integration-runs?limit=100", fixture.server.owner,
                NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  list = hw_test_parse_object (response.body);
  items = json_object_get_array_member (list, "items");
  g_assert_nonnull (items);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *run = json_array_get_object_element (items, i);

      g_assert_cmpstr (json_object_get_string_member (run, "integration_id"), ==,
                       fixture.server.integration_id);
      g_assert_cmpstr (json_object_get_string_member (run, "operation"), ==, "erp.products");
      g_assert_nonnull (json_object_get_string_member (run, "finished_at"));
      if (json_object_get_int_member (run, "records_ok") == BATCH - 3)
        {
          JsonArray *errors = json_object_get_array_member (run, "errors");

          g_assert_cmpint (json_object_get_int_member (run, "records_failed"), ==, 3);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "partial");
          g_assert_cmpuint (json_array_get_length (errors), ==, 3);
          big++;
        }
      if (g_strcmp0 (json_object_get_string_member (run, "status"), "failed") == 0)
        failed++;
    }
  g_assert_cmpuint (big, ==, 2);
  g_assert_cmpuint (failed, ==, 1);

  integration = hw_store_get_integration (store, fixture.server.integration_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (integration->last_run_at, >, 0);
}

static void
fixture_set_up (void)
{
  hw_test_fixture_prepare (&fixture.server, "hw-erp-XXXXXX", NULL);
  hw_test_fixture_add_integration (&fixture.server);
  hw_test_fixture_start (&fixture.server);
  fixture.erp = hw_test_fixture_api_token (&fixture.server, "erp.products");
  fixture.accounts = hw_test_fixture_api_token (&fixture.server, "erp.accounts");
}

static void
fixture_tear_down (void)
{
  hw_test_fixture_stop (&fixture.server);
  g_clear_pointer (&fixture.erp, g_free);
  g_clear_pointer (&fixture.accounts, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/erp/big-batch", test_big_batch);
  g_test_add_func ("/server/erp/keeps-digital-fields", test_keeps_digital_fields);
  g_test_add_func ("/server/erp/audit", test_audit);
  g_test_add_func ("/server/erp/ndjson", test_ndjson);
  g_test_add_func ("/server/erp/auth", test_auth);
  g_test_add_func ("/server/erp/malformed", test_malformed);
  g_test_add_func ("/server/erp/runs", test_runs);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
