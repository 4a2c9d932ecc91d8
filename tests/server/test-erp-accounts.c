/* test-erp-accounts.c
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

/* POST /api/v1/erp/accounts through the built binary: an integration's API token with the
 * scope erp.accounts upserts accounts by customer_number with their users by email, one
 * savepoint per record (users included), and the call is recorded as an integration run.
 * One server serves the tests in order; the database is looked at through core beside it. */

#define BATCH    5000

typedef struct
{
  HwTestFixture server;
  char         *price_list_id;
  char         *catalogue_id;
  char         *erp;
  char         *products;
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

/* (nullable): the stored entity of @type whose unique @field is @value */
static gpointer
find (HwStore            *store,
      const HwEntityType *type,
      const char         *field,
      const char         *value)
{
  g_autoptr(GError) error = NULL;
  gpointer entity = hw_store_find_by (store, type, field, value, &error);

  if (entity == NULL)
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  return entity;
}

static JsonObject *
post_accounts (const char *content_type,
               const char *body)
{
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "POST", "/api/v1/erp/accounts", fixture.erp, content_type, body);
  g_assert_cmpuint (response.status, ==, 200);

  return hw_test_parse_object (response.body);
}

#define ACME \
  "{\"customer_number\": \"C-1\", \"name\": \"Acme Tools\", \"vat_number\": \"NL001\"," \
  " \"segment\": \"retail\", \"currency\": \"EUR\", \"status\": \"active\"," \
  " \"price_list_code\": \"PL-RETAIL\", \"price_list_id\": \"ignored\"," \
  " \"addresses\": [{\"kind\": \"billing\", \"line1\": \"Main 1\", \"city\": \"Utrecht\"," \
  " \"country\": \"NL\"}]," \
  " \"users\": [{\"email\": \"ann@acme.example\", \"name\": \"Ann\"}," \
  "            {\"email\": \"bob@acme.example\", \"name\": \"Bob\"}]}"
#define BOLT \
  "{\"customer_number\": \"C-2\", \"name\": \"Bolt & Co\", \"currency\": \"EUR\"," \
  " \"status\": \"blocked\"}"

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

/* BATCH accounts with two users each; three records are bad, one of them in a user. */
#define BAD_USER   17
#define BAD_STATUS 4242
#define BAD_LIST   4999

static char *
big_batch (void)
{
  GString *body = g_string_new ("[");

  for (guint i = 0; i < BATCH; i++)
    g_string_append_printf (body,
                            "%s{\"customer_number\":\"BIG-%05u\",\"name\":\"Customer %u\","
                            "\"currency\":\"EUR\",\"status\":\"%s\","
                            "\"price_list_code\":\"%s\","
                            "\"addresses\":[{\"kind\":\"shipping\",\"line1\":\"Dock %u\","
                            "\"city\":\"Rotterdam\",\"country\":\"NL\"}],"
                            "\"users\":[{\"email\":\"a%05u@big.example\",\"name\":\"A %u\"},"
                            "{\"email\":\"%s%05u@big.example\",\"name\":\"B %u\"}]}",
                            i > 0 ? "," : "", i, i, i == BAD_STATUS ? "gone" : "active",
                            i == BAD_LIST ? "NOPE" : "PL-RETAIL", i, i, i,
                            i == BAD_USER ? "not an email " : "b", i, i);
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
  g_autoptr(HwUser) sample = NULL;
  gint64 accounts = count (store, &hw_account_type);
  gint64 users = count (store, &hw_user_type);
  gint64 started, revision;

  started = g_get_monotonic_time ();
  answer = post_accounts (NULL, body);
  g_printerr ("# erp accounts: %d records (%d users) imported in %.2f s\n", BATCH, 2 * BATCH,
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, BATCH - 3);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 3);
  hw_test_assert_erp_error (answer, BAD_USER, "users[1].email");
  hw_test_assert_erp_error (answer, BAD_STATUS, "status");
  hw_test_assert_erp_error (answer, BAD_LIST, "price_list_code");

  g_assert_cmpint (count (store, &hw_account_type), ==, accounts + BATCH - 3);
  g_assert_cmpint (count (store, &hw_user_type), ==, users + 2 * (BATCH - 3));
  /* The valid first user of the record with the bad second one is not stored. */
  g_assert_null (find (store, &hw_user_type, "email", "a00017@big.example"));
  sample = find (store, &hw_user_type, "email", "b00042@big.example");
  g_assert_nonnull (sample);
  revision = hw_store_get_revision (store);

  started = g_get_monotonic_time ();
  replay = post_accounts (NULL, body);
  g_printerr ("# erp accounts: the replay took %.2f s\n",
              (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (json_object_get_int_member (replay, "ok"), ==, BATCH - 3);
  for (guint i = 0; i < BATCH; i++)
    if (i != BAD_USER && i != BAD_STATUS && i != BAD_LIST)
      g_assert_cmpstr (hw_test_erp_status (replay, i), ==, "unchanged");
  g_assert_cmpint (hw_store_get_revision (store), ==, revision + 2);
}

/* Tests */

static void
test_create_update_replay (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) replay = NULL;
  g_autoptr(JsonObject) update = NULL;
  g_autoptr(HwAccount) acme = NULL;
  g_autoptr(HwAccount) acme_replayed = NULL;
  g_autoptr(HwAccount) acme_updated = NULL;
  g_autoptr(HwUser) ann = NULL;
  g_autoptr(HwUser) bob = NULL;
  g_autoptr(HwUser) cyd = NULL;
  g_autoptr(GError) error = NULL;
  gint64 revision;

  answer = post_accounts (NULL, "[" ACME "," BOLT "]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 0);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  g_assert_cmpstr (hw_test_erp_status (answer, 1), ==, "created");
  g_assert_cmpstr (json_object_get_string_member (hw_test_erp_result (answer, 0),
                                                  "customer_number"), ==, "C-1");

  acme = find (store, &hw_account_type, "customer_number", "C-1");
  g_assert_nonnull (acme);
  g_assert_cmpstr (json_object_get_string_member (hw_test_erp_result (answer, 0), "id"), ==,
                   HW_ENTITY (acme)->id);
  g_assert_cmpstr (acme->name, ==, "Acme Tools");
  g_assert_cmpstr (acme->segment, ==, "retail");
  g_assert_cmpstr (acme->price_list_id, ==, fixture.price_list_id);
  g_assert_cmpuint (acme->addresses->len, ==, 1);

  /* New users get the defaults: buyers who see prices and may order. */
  ann = find (store, &hw_user_type, "email", "ann@acme.example");
  g_assert_nonnull (ann);
  g_assert_cmpstr (ann->account_id, ==, HW_ENTITY (acme)->id);
  g_assert_cmpstr (ann->name, ==, "Ann");
  g_assert_cmpstr (ann->role, ==, "buyer");
  g_assert_true (ann->show_prices);
  g_assert_true (ann->can_order);
  g_assert_true (ann->active);

  /* Staff set the digital fields: the account's catalogue, Ann's role and limit. */
  g_free (acme->catalogue_id);
  acme->catalogue_id = g_strdup (fixture.catalogue_id);
  g_assert_true (hw_store_update_account (store, acme, HW_ENTITY (acme)->rev, &error));
  g_assert_no_error (error);
  g_free (ann->role);
  ann->role = g_strdup ("account_admin");
  ann->order_limit = 50000;
  g_assert_true (hw_store_update_user (store, ann, HW_ENTITY (ann)->rev, &error));
  g_assert_no_error (error);
  revision = hw_store_get_revision (store);

  /* A replay changes nothing but records another run. */
  replay = post_accounts (NULL, "[" ACME "," BOLT "]");
  g_assert_cmpint (json_object_get_int_member (replay, "ok"), ==, 2);
  g_assert_cmpstr (hw_test_erp_status (replay, 0), ==, "unchanged");
  g_assert_cmpstr (hw_test_erp_status (replay, 1), ==, "unchanged");
  acme_replayed = find (store, &hw_account_type, "customer_number", "C-1");
  g_assert_cmpint (HW_ENTITY (acme_replayed)->rev, ==, HW_ENTITY (acme)->rev);
  g_assert_cmpstr (acme_replayed->catalogue_id, ==, fixture.catalogue_id);
  /* The run and the integration's last_run_at: two revisions, none for accounts or users. */
  g_assert_cmpint (hw_store_get_revision (store), ==, revision + 2);

  /* An update: a new name, Ann renamed, Bob deactivated, Cyd new; Ann's role stays, and
   * a user the record leaves out (none here but Bob's absence below) is left alone. */
  update = post_accounts (NULL,
                          "[{\"customer_number\": \"C-1\", \"name\": \"Acme Tools B.V.\","
                          " \"currency\": \"EUR\", \"status\": \"active\","
                          " \"price_list_code\": null,"
                          " \"users\": [{\"email\": \"ann@acme.example\", \"name\": \"Ann Smith\","
                          "              \"role\": \"buyer\"},"
                          "             {\"email\": \"cyd@acme.example\", \"name\": \"Cyd\","
                          "              \"active\": false}]},"
                          " {\"customer_number\": \"C-2\", \"name\": \"Bolt & Co\","
                          "  \"currency\": \"EUR\", \"status\": \"blocked\","
                          "  \"users\": [{\"email\": \"dee@bolt.example\", \"name\": \"Dee\"}]}]");
  g_assert_cmpint (json_object_get_int_member (update, "ok"), ==, 2);
  g_assert_cmpstr (hw_test_erp_status (update, 0), ==, "updated");
  /* Only a user is new: the account itself is as it was, but the record wrote. */
  g_assert_cmpstr (hw_test_erp_status (update, 1), ==, "updated");

  acme_updated = find (store, &hw_account_type, "customer_number", "C-1");
  g_assert_cmpstr (acme_updated->name, ==, "Acme Tools B.V.");
  g_assert_null (acme_updated->price_list_id);
  g_assert_cmpuint (acme_updated->addresses->len, ==, 0);
  g_assert_cmpstr (acme_updated->catalogue_id, ==, fixture.catalogue_id);
  g_assert_cmpint (HW_ENTITY (acme_updated)->rev, >, HW_ENTITY (acme)->rev);

  g_clear_pointer (&ann, hw_entity_free);
  ann = find (store, &hw_user_type, "email", "ann@acme.example");
  g_assert_cmpstr (ann->name, ==, "Ann Smith");
  g_assert_cmpstr (ann->role, ==, "account_admin");
  g_assert_cmpint (ann->order_limit, ==, 50000);

  bob = find (store, &hw_user_type, "email", "bob@acme.example");
  g_assert_nonnull (bob);
  g_assert_true (bob->active);

  cyd = find (store, &hw_user_type, "email", "cyd@acme.example");
  g_assert_nonnull (cyd);
  g_assert_false (cyd->active);
  g_assert_cmpstr (cyd->role, ==, "buyer");
  g_assert_cmpstr (cyd->account_id, ==, HW_ENTITY (acme)->id);

  /* Bob is deactivated explicitly. */
  {
    g_autoptr(JsonObject) again = NULL;
    g_autoptr(HwUser) bob_after = NULL;

    again = post_accounts (NULL,
                           "[{\"customer_number\": \"C-1\", \"name\": \"Acme Tools B.V.\","
                           " \"currency\": \"EUR\", \"status\": \"active\","
                           " \"users\": [{\"email\": \"bob@acme.example\", \"name\": \"Bob\","
                           "              \"active\": false}]}]");
    g_assert_cmpstr (hw_test_erp_status (again, 0), ==, "updated");
    bob_after = find (store, &hw_user_type, "email", "bob@acme.example");
    g_assert_false (bob_after->active);
  }
}

static void
test_bad_records (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwAccount) good = NULL;
  g_autoptr(HwUser) good_user = NULL;
  g_autoptr(HwUser) stolen = NULL;
  g_autoptr(HwAccount) acme = NULL;

  answer = post_accounts (NULL,
                          "[{\"customer_number\": \"B-1\", \"name\": \"Good\", \"currency\": \"EUR\","
                          "  \"status\": \"active\","
                          "  \"users\": [{\"email\": \"good@b.example\", \"name\": \"Good\"}]},"
                          " {\"customer_number\": \"B-2\", \"name\": \"Bad user\","
                          "  \"currency\": \"EUR\", \"status\": \"active\","
                          "  \"users\": [{\"email\": \"fine@b.example\", \"name\": \"Fine\"},"
                          "              {\"email\": \"not an email\", \"name\": \"X\"}]},"
                          " {\"customer_number\": \"B-3\", \"name\": \"Thief\","
                          "  \"currency\": \"EUR\", \"status\": \"active\","
                          "  \"users\": [{\"email\": \"ann@acme.example\", \"name\": \"Ann\"}]},"
                          " {\"customer_number\": \"B-4\", \"name\": \"No list\","
                          "  \"currency\": \"EUR\", \"status\": \"active\","
                          "  \"price_list_code\": \"NOPE\"},"
                          " {\"customer_number\": \"B-5\", \"name\": \"Bad status\","
                          "  \"currency\": \"EUR\", \"status\": \"sleeping\"},"
                          " {\"customer_number\": \"B-6\", \"name\": \"Twice\","
                          "  \"currency\": \"EUR\", \"status\": \"active\","
                          "  \"users\": [{\"email\": \"twice@b.example\", \"name\": \"A\"},"
                          "              {\"email\": \"twice@b.example\", \"name\": \"B\"}]},"
                          " {\"name\": \"No key\"},"
                          " {\"customer_number\": \"B-8\", \"name\": \"No name user\","
                          "  \"currency\": \"EUR\", \"status\": \"active\","
                          "  \"users\": [{\"email\": \"noname@b.example\"}]},"
                          " 7]");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "failed"), ==, 8);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  hw_test_assert_erp_error (answer, 1, "users[1].email");
  hw_test_assert_erp_error (answer, 2, "users[0].email");
  hw_test_assert_erp_error (answer, 3, "price_list_code");
  hw_test_assert_erp_error (answer, 4, "status");
  hw_test_assert_erp_error (answer, 5, "users[1].email");
  hw_test_assert_erp_error (answer, 6, "customer_number");
  hw_test_assert_erp_error (answer, 7, "users[0].name");
  hw_test_assert_erp_error (answer, 8, NULL);
  g_assert_true (json_object_get_null_member (hw_test_erp_result (answer, 6), "customer_number"));

  good = find (store, &hw_account_type, "customer_number", "B-1");
  g_assert_nonnull (good);
  good_user = find (store, &hw_user_type, "email", "good@b.example");
  g_assert_nonnull (good_user);

  /* Nothing half-written: no bad account, and not the valid user of a bad record. */
  for (guint i = 2; i <= 8; i++)
    {
      g_autofree char *number = g_strdup_printf ("B-%u", i);
      g_autoptr(HwAccount) bad = find (store, &hw_account_type, "customer_number", number);

      g_assert_null (bad);
    }
  g_assert_null (find (store, &hw_user_type, "email", "fine@b.example"));
  g_assert_null (find (store, &hw_user_type, "email", "twice@b.example"));

  /* The user of another account stays where it was. */
  stolen = find (store, &hw_user_type, "email", "ann@acme.example");
  acme = find (store, &hw_account_type, "customer_number", "C-1");
  g_assert_cmpstr (stolen->account_id, ==, HW_ENTITY (acme)->id);
}

static void
test_ndjson (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(HwAccount) account = NULL;

  answer = post_accounts ("application/x-ndjson",
                          "{\"customer_number\": \"N-1\", \"name\": \"One\", \"currency\": \"EUR\","
                          " \"status\": \"active\"}\n"
                          "\n"
                          "{\"customer_number\": \"N-2\", \"name\": \"Two\", \"currency\": \"USD\","
                          " \"status\": \"active\", \"price_list_code\": \"PL-RETAIL\"}\r\n");
  g_assert_cmpint (json_object_get_int_member (answer, "ok"), ==, 2);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  g_assert_cmpstr (hw_test_erp_status (answer, 1), ==, "created");
  account = find (store, &hw_account_type, "customer_number", "N-2");
  g_assert_nonnull (account);
  g_assert_cmpstr (account->currency, ==, "USD");
  g_assert_cmpstr (account->price_list_id, ==, fixture.price_list_id);
}

static void
test_auth (void)
{
  static const char body[] = "[" BOLT "]";
  const char *tokens[] = { fixture.server.owner, fixture.products };

  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/accounts", NULL, NULL, body);
    hw_test_response_assert_problem (&response, 401, "unauthorized");
  }

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_auto(HwTestResponse) response = { 0, };

      send_request (&response, "POST", "/api/v1/erp/accounts", tokens[i], NULL, body);
      hw_test_response_assert_problem (&response, 403, "forbidden");
    }

  /* The accounts token is no products token either. */
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", "/api/v1/erp/products", fixture.erp, NULL, "[]");
    hw_test_response_assert_problem (&response, 403, "forbidden");
  }
}

/* Staff edits of the ERP-owned fields of an imported account answer 422; its digital
 * fields and its users' roles are theirs. */
static void
test_staff_edits (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwAccount) acme = find (store, &hw_account_type, "customer_number", "C-1");
  g_autoptr(HwUser) ann = find (store, &hw_user_type, "email", "ann@acme.example");
  g_autofree char *account_path = g_strconcat ("/api/v1/accounts/", HW_ENTITY (acme)->id, NULL);
  g_autofree char *user_path = g_strconcat ("/api/v1/users/", HW_ENTITY (ann)->id, NULL);
  g_autofree char *price_list = g_strdup_printf ("{\"price_list_id\": \"%s\"}",
                                                 fixture.price_list_id);
  struct { const char *body; const char *field; } erp_owned[] = {
    { "{\"name\": \"Renamed\"}", "name" },
    { "{\"customer_number\": \"C-99\"}", "customer_number" },
    { "{\"status\": \"blocked\"}", "status" },
    { "{\"currency\": \"USD\"}", "currency" },
    { "{\"segment\": \"wholesale\"}", "segment" },
    { price_list, "price_list_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (erp_owned); i++)
    {
      g_auto(HwTestResponse) response = { 0, };
      g_autoptr(JsonObject) problem = NULL;
      JsonArray *errors;

      hw_test_patch (fixture.server.session, fixture.server.url, &response, account_path,
                     fixture.server.owner, erp_owned[i].body);
      hw_test_response_assert_problem (&response, 422, "validation-failed");
      problem = hw_test_parse_object (response.body);
      errors = json_object_get_array_member (problem, "errors");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                      "field"), ==, erp_owned[i].field);
    }

  {
    g_auto(HwTestResponse) response = { 0, };

    hw_test_patch (fixture.server.session, fixture.server.url, &response, account_path,
                   fixture.server.owner, "{\"catalogue_id\": null}");
    g_assert_cmpuint (response.status, ==, 200);
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    hw_test_patch (fixture.server.session, fixture.server.url, &response, user_path,
                   fixture.server.owner, "{\"role\": \"planner\", \"can_order\": false}");
    g_assert_cmpuint (response.status, ==, 200);
  }
}

static void
test_audit (void)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwAccount) acme = find (store, &hw_account_type, "customer_number", "C-1");
  g_autoptr(HwUser) cyd = find (store, &hw_user_type, "email", "cyd@acme.example");
  g_autofree char *actor = g_strconcat ("integration:", fixture.server.integration_id, NULL);
  /* Acme: created, then updated once (its later records wrote only users, the replay
   * nothing); Cyd: created. */
  struct { const char *entity; const char *id; guint count; } cases[] = {
    { "account", HW_ENTITY (acme)->id, 2 },
    { "user", HW_ENTITY (cyd)->id, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(HwTestResponse) response = { 0, };
      g_autoptr(JsonObject) list = NULL;
      g_autofree char *path = NULL;
      JsonArray *items;
      guint by_erp = 0;

      path = g_strdup_printf ("/api/v1/audit?entity=%s&id=%s", cases[i].entity, cases[i].id);
      send_request (&response, "GET", path, fixture.server.owner, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      list = hw_test_parse_object (response.body);
      items = json_object_get_array_member (list, "items");
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *entry = json_array_get_object_element (items, j);

          if (g_strcmp0 (json_object_get_string_member (entry, "actor"), actor) == 0)
            by_erp++;
        }
      g_assert_cmpuint (by_erp, ==, cases[i].count);
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
  /* create, replay, update, deactivate, bad records, ndjson, big batch and its replay */
  g_assert_cmpuint (json_array_get_length (items), ==, 8);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *run = json_array_get_object_element (items, i);
      JsonArray *errors = json_object_get_array_member (run, "errors");

      g_assert_cmpstr (json_object_get_string_member (run, "operation"), ==, "erp.accounts");
      g_assert_cmpstr (json_object_get_string_member (run, "integration_id"), ==,
                       fixture.server.integration_id);
      g_assert_cmpuint (json_array_get_length (errors), ==,
                        json_object_get_int_member (run, "records_failed"));

      if (json_object_get_int_member (run, "records_failed") == 8)
        {
          JsonObject *first = json_array_get_object_element (errors, 0);

          g_assert_cmpint (json_object_get_int_member (run, "records_ok"), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "partial");
          g_assert_cmpstr (json_object_get_string_member (first, "record_key"), ==, "B-2");
          g_assert_true (g_str_has_prefix (json_object_get_string_member (first, "message"),
                                           "users[1].email: "));
          small++;
        }
      else if (json_object_get_int_member (run, "records_failed") == 3)
        {
          g_assert_cmpint (json_object_get_int_member (run, "records_ok"), ==, BATCH - 3);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "partial");
          big++;
        }
      else
        {
          g_assert_cmpint (json_object_get_int_member (run, "records_failed"), ==, 0);
          g_assert_cmpstr (json_object_get_string_member (run, "status"), ==, "succeeded");
        }
    }
  g_assert_cmpuint (small, ==, 1);
  g_assert_cmpuint (big, ==, 2);
}

static void
fixture_set_up (void)
{
  g_autoptr(HwPriceList) price_list = hw_price_list_new ();
  g_autoptr(HwCatalogue) catalogue = hw_catalogue_new ();
  g_autoptr(GError) error = NULL;

  hw_test_fixture_prepare (&fixture.server, "hw-erp-accounts-XXXXXX", NULL);
  hw_test_fixture_add_integration (&fixture.server);

  {
    g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);

    price_list->code = g_strdup ("PL-RETAIL");
    price_list->name = g_strdup ("Retail");
    price_list->currency = g_strdup ("EUR");
    g_assert_true (hw_store_create_price_list (store, price_list, &error));
    g_assert_no_error (error);
    fixture.price_list_id = g_strdup (HW_ENTITY (price_list)->id);

    catalogue->name = g_strdup ("Professional");
    catalogue->default_visibility = g_strdup ("all");
    g_assert_true (hw_store_create_catalogue (store, catalogue, &error));
    g_assert_no_error (error);
    fixture.catalogue_id = g_strdup (HW_ENTITY (catalogue)->id);
  }

  hw_test_fixture_start (&fixture.server);
  fixture.erp = hw_test_fixture_api_token (&fixture.server, "erp.accounts");
  fixture.products = hw_test_fixture_api_token (&fixture.server, "erp.products");
}

static void
fixture_tear_down (void)
{
  hw_test_fixture_stop (&fixture.server);
  g_clear_pointer (&fixture.price_list_id, g_free);
  g_clear_pointer (&fixture.catalogue_id, g_free);
  g_clear_pointer (&fixture.erp, g_free);
  g_clear_pointer (&fixture.products, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* In order: the later tests look at what the earlier ones stored. */
  g_test_add_func ("/server/erp-accounts/create-update-replay", test_create_update_replay);
  g_test_add_func ("/server/erp-accounts/bad-records", test_bad_records);
  g_test_add_func ("/server/erp-accounts/ndjson", test_ndjson);
  g_test_add_func ("/server/erp-accounts/auth", test_auth);
  g_test_add_func ("/server/erp-accounts/staff-edits", test_staff_edits);
  g_test_add_func ("/server/erp-accounts/audit", test_audit);
  g_test_add_func ("/server/erp-accounts/big-batch", test_big_batch);
  g_test_add_func ("/server/erp-accounts/runs", test_runs);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
