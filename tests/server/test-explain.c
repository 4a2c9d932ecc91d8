/* test-explain.c
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

#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* GET /api/v1/explain and POST /api/v1/impact through the built binary, on a small world
 * made through core before the server starts:
 *   category Tools with products Hammer (default list 1000, tiers from 10: 900) and Saw;
 *   account Acme (segment trade) with user buyer; a trade discount of 10 % on Tools;
 *   a rule hiding Saw from Acme. */

typedef struct
{
  HwTestFixture server;
  char         *viewer;
  char         *category_id;
  char         *hammer_id;
  char         *saw_id;
  char         *account_id;
  char         *user_id;
  char         *rule_id;
} Fixture;

static Fixture fixture;

static void
send_request (HwTestResponse *response,
              const char     *method,
              const char     *path,
              const char     *token,
              const char     *body)
{
  hw_test_request (fixture.server.session, fixture.server.url, response, method, path, token,
                   body != NULL ? "application/json" : NULL, body);
}

static JsonObject *
explain (const char *query,
         guint       expected_status)
{
  g_autofree char *path = g_strconcat ("/api/v1/explain?", query, NULL);
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "GET", path, fixture.viewer, NULL);
  if (response.status != expected_status)
    g_printerr ("# %s: %u %.*s\n", path, response.status,
                (int) MIN (g_bytes_get_size (response.body), 400),
                (const char *) g_bytes_get_data (response.body, NULL));
  g_assert_cmpuint (response.status, ==, expected_status);
  return hw_test_parse_object (response.body);
}

/* The decisive step of an explanation, checking there is exactly one. */
static JsonObject *
decisive_step (JsonObject *answer)
{
  JsonArray *steps = json_object_get_array_member (json_object_get_object_member (answer, "explanation"),
                                                   "steps");
  JsonObject *found = NULL;

  g_assert_cmpuint (json_array_get_length (steps), >, 0);
  for (guint i = 0; i < json_array_get_length (steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      if (json_object_get_boolean_member (step, "decisive"))
        {
          g_assert_null (found);
          found = step;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
test_explain_visible (void)
{
  g_autofree char *query = g_strdup_printf ("user=%s&product=%s&qty=10", fixture.user_id,
                                            fixture.hammer_id);
  g_autoptr(JsonObject) answer = explain (query, 200);
  JsonObject *visibility = json_object_get_object_member (answer, "visibility");
  JsonObject *price = json_object_get_object_member (answer, "price");
  JsonObject *orderable = json_object_get_object_member (answer, "orderable");

  g_assert_cmpstr (json_object_get_string_member (answer, "account_id"), ==, fixture.account_id);
  g_assert_true (json_object_get_boolean_member (visibility, "visible"));
  g_assert_cmpstr (json_object_get_string_member (decisive_step (visibility), "step"), ==,
                   "catalogue_default");

  /* The tier from 10 (900), less the trade discount of 10 %. */
  g_assert_cmpint (json_object_get_int_member (price, "list_price"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (price, "unit_price"), ==, 810);
  g_assert_cmpstr (json_object_get_string_member (price, "source"), ==, "default_list");
  g_assert_cmpint (json_object_get_int_member (price, "tier_min_qty"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (price, "discount_bp"), ==, 1000);
  g_assert_nonnull (json_object_get_string_member (price, "discount_rule_id"));
  g_assert_cmpstr (json_object_get_string_member (decisive_step (price), "step"), ==, "price");

  g_assert_true (json_object_get_boolean_member (orderable, "orderable"));
  g_assert_cmpstr (json_object_get_string_member (orderable, "reason"), ==, "ok");
}

static void
test_explain_hidden (void)
{
  g_autofree char *query = g_strdup_printf ("user=%s&product=%s", fixture.user_id, fixture.saw_id);
  g_autoptr(JsonObject) answer = explain (query, 200);
  JsonObject *visibility = json_object_get_object_member (answer, "visibility");
  JsonObject *orderable = json_object_get_object_member (answer, "orderable");
  JsonObject *step;

  g_assert_false (json_object_get_boolean_member (visibility, "visible"));
  step = decisive_step (visibility);
  g_assert_cmpstr (json_object_get_string_member (step, "step"), ==, "visibility_rule");
  g_assert_cmpstr (json_object_get_string_member (step, "id"), ==, fixture.rule_id);
  g_assert_cmpstr (json_object_get_string_member (step, "outcome"), ==, "hide");
  g_assert_false (json_object_get_boolean_member (orderable, "orderable"));
  g_assert_cmpstr (json_object_get_string_member (orderable, "reason"), ==, "not_visible");
  /* qty defaults to 1: the base tier. */
  g_assert_cmpint (json_object_get_int_member (answer, "qty"), ==, 1);
}

static void
test_explain_errors (void)
{
  g_autofree char *unknown_user = g_strdup_printf ("user=%s&product=%s",
                                                   "0190a1f2-0000-7000-8000-00000000dead",
                                                   fixture.hammer_id);
  g_autofree char *unknown_product = g_strdup_printf ("user=%s&product=nothing", fixture.user_id);
  g_autofree char *no_product = g_strdup_printf ("user=%s", fixture.user_id);
  g_autofree char *bad_qty = g_strdup_printf ("user=%s&product=%s&qty=0", fixture.user_id,
                                              fixture.hammer_id);
  g_autofree char *bad_at = g_strdup_printf ("user=%s&product=%s&at=yesterday", fixture.user_id,
                                             fixture.hammer_id);
  g_autofree char *extra = g_strdup_printf ("user=%s&product=%s&color=red", fixture.user_id,
                                            fixture.hammer_id);
  g_auto(HwTestResponse) response = { 0, };
  g_autofree char *path = g_strconcat ("/api/v1/explain?", bad_qty, NULL);
  JsonObject *problem;

  problem = explain (unknown_user, 404);
  json_object_unref (problem);
  problem = explain (unknown_product, 404);
  json_object_unref (problem);
  problem = explain (no_product, 422);
  json_object_unref (problem);
  problem = explain (bad_qty, 422);
  json_object_unref (problem);
  problem = explain (bad_at, 422);
  json_object_unref (problem);
  problem = explain (extra, 422);
  json_object_unref (problem);

  send_request (&response, "GET", path, NULL, NULL);
  hw_test_response_assert_problem (&response, 401, "unauthorized");
}

/* A staff change shows in the next answer: the cached snapshot follows the revision. */
static void
test_explain_after_change (void)
{
  g_autofree char *rule_path = g_strconcat ("/api/v1/visibility-rules/", fixture.rule_id, NULL);
  g_autofree char *query = g_strdup_printf ("user=%s&product=%s", fixture.user_id, fixture.saw_id);
  g_auto(HwTestResponse) current = { 0, };
  g_auto(HwTestResponse) removed = { 0, };
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *url = NULL;

  url = g_strconcat (fixture.server.url, rule_path, NULL);
  hw_test_send_response (fixture.server.session, &current, "GET", url, fixture.server.owner,
                         NULL, NULL, -1);
  g_assert_cmpuint (current.status, ==, 200);
  g_assert_nonnull (current.etag);
  hw_test_send_response (fixture.server.session, &removed, "DELETE", url, fixture.server.owner,
                         current.etag, NULL, -1);
  g_assert_cmpuint (removed.status, ==, 204);

  answer = explain (query, 200);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (answer, "visibility"),
                                                 "visible"));
}

static JsonObject *
impact (const char *body,
        guint       expected_status)
{
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "POST", "/api/v1/impact", fixture.viewer, body);
  if (response.status != expected_status)
    g_printerr ("# impact %s: %u %.*s\n", body, response.status,
                (int) MIN (g_bytes_get_size (response.body), 400),
                (const char *) g_bytes_get_data (response.body, NULL));
  g_assert_cmpuint (response.status, ==, expected_status);
  return hw_test_parse_object (response.body);
}

static void
test_impact (void)
{
  gint64 before = hw_test_revision (fixture.server.session, fixture.server.url);
  g_autofree char *hide_tools = g_strdup_printf (
    "{\"entity\": \"visibility_rule\", \"op\": \"create\", \"record\": {\"scope\": \"account\","
    " \"scope_value\": \"%s\", \"target\": \"category\", \"target_id\": \"%s\","
    " \"effect\": \"hide\", \"priority\": 0}}", fixture.account_id, fixture.category_id);
  g_autofree char *bigger_discount = NULL;
  g_autoptr(JsonObject) answer = impact (hide_tools, 200);
  JsonArray *examples;
  JsonObject *example;

  /* Acme sees Hammer and (since the rule went) Saw: both would be hidden. */
  g_assert_cmpint (json_object_get_int_member (answer, "visibility_changes"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "now_hidden"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "accounts_affected"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (answer, "accounts"), 0),
                   ==, fixture.account_id);
  g_assert_true (json_object_get_boolean_member (answer, "complete"));
  examples = json_object_get_array_member (answer, "examples");
  g_assert_cmpuint (json_array_get_length (examples), ==, 1);
  example = json_array_get_object_element (examples, 0);
  g_assert_cmpstr (json_object_get_string_member (example, "user_id"), ==, fixture.user_id);
  g_assert_true (json_object_get_boolean_member (example, "visible_before"));
  g_assert_false (json_object_get_boolean_member (example, "visible_after"));
  g_clear_pointer (&answer, json_object_unref);

  /* A price change: the default list's Hammer price at 1200. */
  bigger_discount = g_strdup_printf (
    "{\"entity\": \"discount_rule\", \"op\": \"create\", \"record\": {\"name\": \"More\","
    " \"discount_bp\": 2000, \"scope\": \"account\", \"scope_value\": \"%s\","
    " \"target\": \"product\", \"target_value\": \"%s\"}}", fixture.account_id, fixture.hammer_id);
  answer = impact (bigger_discount, 200);
  g_assert_cmpint (json_object_get_int_member (answer, "price_changes"), ==, 1);
  example = json_array_get_object_element (json_object_get_array_member (answer, "examples"), 0);
  g_assert_cmpint (json_object_get_int_member (example, "price_before"), ==, 900);
  g_assert_cmpint (json_object_get_int_member (example, "price_after"), ==, 800);

  /* Nothing was written. */
  g_assert_cmpint (hw_test_revision (fixture.server.session, fixture.server.url), ==, before);
}

static void
test_impact_errors (void)
{
  g_autofree char *unknown_update = g_strdup_printf (
    "{\"entity\": \"discount_rule\", \"op\": \"update\", \"record\": {\"id\":"
    " \"0190a1f2-0000-7000-8000-00000000beef\", \"name\": \"X\", \"discount_bp\": 100,"
    " \"scope\": \"segment\", \"scope_value\": \"trade\", \"target\": \"brand\","
    " \"target_value\": \"acme\"}}");
  g_autofree char *unknown_delete = g_strdup (
    "{\"entity\": \"visibility_rule\", \"op\": \"delete\","
    " \"id\": \"0190a1f2-0000-7000-8000-00000000beef\"}");
  const char *dangling =
    "{\"entity\": \"visibility_rule\", \"op\": \"create\", \"record\": {\"scope\": \"all\","
    " \"target\": \"category\", \"target_id\": \"0190a1f2-0000-7000-8000-00000000beef\","
    " \"effect\": \"hide\"}}";
  gint64 before = hw_test_revision (fixture.server.session, fixture.server.url);
  g_auto(HwTestResponse) response = { 0, };
  JsonObject *problem;

  problem = impact ("{\"entity\": \"product\", \"op\": \"create\", \"record\": {}}", 422);
  json_object_unref (problem);
  problem = impact ("{\"entity\": \"visibility_rule\", \"op\": \"rename\"}", 422);
  json_object_unref (problem);
  problem = impact ("{\"entity\": \"visibility_rule\", \"op\": \"create\"}", 422);
  json_object_unref (problem);
  problem = impact ("{\"entity\": \"visibility_rule\", \"op\": \"create\", \"record\": {\"scope\": 3}}", 422);
  json_object_unref (problem);
  problem = impact (dangling, 422);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (problem, "errors"), 0), "field"), ==, "target_id");
  json_object_unref (problem);
  problem = impact (unknown_update, 404);
  json_object_unref (problem);
  problem = impact (unknown_delete, 404);
  json_object_unref (problem);

  send_request (&response, "POST", "/api/v1/impact", fixture.viewer, "not json");
  hw_test_response_assert_problem (&response, 400, "bad-request");

  g_assert_cmpint (hw_test_revision (fixture.server.session, fixture.server.url), ==, before);
}

static char *
create (HwStore  *store,
        gpointer  entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create (store, entity, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (entity)->id);
}

static char *
create_product (HwStore    *store,
                const char *sku)
{
  g_autoptr(HwProduct) product = hw_product_new ();

  product->sku = g_strdup (sku);
  product->name = g_strdup (sku);
  product->unit = g_strdup ("pc");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 1500;
  product->category_id = g_strdup (fixture.category_id);
  return create (store, product);
}

static void
fixture_set_up (void)
{
  hw_test_fixture_prepare (&fixture.server, "hw-explain-XXXXXX", NULL);

  {
    g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
    g_autoptr(HwCategory) category = hw_category_new ();
    g_autoptr(HwPriceList) list = hw_price_list_new ();
    g_autoptr(HwPrice) price = hw_price_new ();
    g_autoptr(HwAccount) account = hw_account_new ();
    g_autoptr(HwUser) user = hw_user_new ();
    g_autoptr(HwVisibilityRule) rule = hw_visibility_rule_new ();
    g_autoptr(HwDiscountRule) discount = hw_discount_rule_new ();
    g_autofree char *list_id = NULL;
    g_autofree char *price_id = NULL;
    g_autofree char *discount_id = NULL;

    category->name = g_strdup ("Tools");
    fixture.category_id = create (store, category);
    fixture.hammer_id = create_product (store, "HAMMER");
    fixture.saw_id = create_product (store, "SAW");

    list->code = g_strdup ("DEFAULT");
    list->name = g_strdup ("Default");
    list->currency = g_strdup ("EUR");
    list->is_default = TRUE;
    list_id = create (store, list);
    price->price_list_id = g_strdup (list_id);
    price->product_id = g_strdup (fixture.hammer_id);
    hw_price_add_tier (price, 1, 1000);
    hw_price_add_tier (price, 10, 900);
    price_id = create (store, price);

    account->customer_number = g_strdup ("C-1");
    account->name = g_strdup ("Acme");
    account->segment = g_strdup ("trade");
    account->currency = g_strdup ("EUR");
    account->status = g_strdup ("active");
    fixture.account_id = create (store, account);

    user->account_id = g_strdup (fixture.account_id);
    user->email = g_strdup ("buyer@acme.example");
    user->name = g_strdup ("Buyer");
    user->role = g_strdup ("buyer");
    user->show_prices = TRUE;
    user->can_order = TRUE;
    user->active = TRUE;
    fixture.user_id = create (store, user);

    rule->scope = g_strdup ("account");
    rule->scope_value = g_strdup (fixture.account_id);
    rule->target = g_strdup ("product");
    rule->target_id = g_strdup (fixture.saw_id);
    rule->effect = g_strdup ("hide");
    fixture.rule_id = create (store, rule);

    discount->name = g_strdup ("Trade tools");
    discount->discount_bp = 1000;
    discount->scope = g_strdup ("segment");
    discount->scope_value = g_strdup ("trade");
    discount->target = g_strdup ("category");
    discount->target_value = g_strdup (fixture.category_id);
    discount_id = create (store, discount);
  }

  g_assert_cmpint (hw_test_user_add (fixture.server.db, "viewer@example.com", "Viewer", "viewer",
                                     HW_TEST_PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  hw_test_fixture_start (&fixture.server);
  fixture.viewer = hw_test_login_token (fixture.server.session, fixture.server.url,
                                        "viewer@example.com", HW_TEST_PASSWORD);
}

static void
fixture_tear_down (void)
{
  hw_test_fixture_stop (&fixture.server);
  g_clear_pointer (&fixture.viewer, g_free);
  g_clear_pointer (&fixture.category_id, g_free);
  g_clear_pointer (&fixture.hammer_id, g_free);
  g_clear_pointer (&fixture.saw_id, g_free);
  g_clear_pointer (&fixture.account_id, g_free);
  g_clear_pointer (&fixture.user_id, g_free);
  g_clear_pointer (&fixture.rule_id, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In order: after-change removes the rule the earlier tests read. */
  g_test_add_func ("/server/explain/visible", test_explain_visible);
  g_test_add_func ("/server/explain/hidden", test_explain_hidden);
  g_test_add_func ("/server/explain/errors", test_explain_errors);
  g_test_add_func ("/server/explain/after-change", test_explain_after_change);
  g_test_add_func ("/server/impact/answers", test_impact);
  g_test_add_func ("/server/impact/errors", test_impact_errors);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
