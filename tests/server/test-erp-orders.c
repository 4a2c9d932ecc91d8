/* test-erp-orders.c
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

/* The ERP order export through the built binary: GET /api/v1/erp/orders, POST
 * /api/v1/erp/orders/{id}/ack and /fail with an integration's API token with the scope
 * erp.orders. The orders are made through core before the server starts; one server serves
 * the tests in order, and the database is looked at through core beside it. */


typedef struct
{
  HwTestFixture server;
  char         *erp;
  char         *products;
  char         *received[4];   /* placed oldest first */
  char         *pending;
  char         *shipped;
  char         *completed;
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

static JsonObject *
answer_object (const HwTestResponse *response,
               guint           status)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->content_type, ==, "application/json");
  return hw_test_parse_object (response->body);
}

static char *
order_path (const char *id,
            const char *action)
{
  return g_strconcat ("/api/v1/erp/orders/", id, "/", action, NULL);
}

static HwOrder *
load_order (const char *id)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(GError) error = NULL;
  HwOrder *order = hw_store_get_order (store, id, &error);

  g_assert_no_error (error);
  return order;
}

static gint64
count_audit (const char *id)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = g_strconcat ("integration:", fixture.server.integration_id, NULL);
  gint64 count = -1;

  hw_query_add_filter (query, "entity_id", HW_FILTER_EQ, id);
  hw_query_add_filter (query, "actor", HW_FILTER_EQ, actor);
  g_assert_true (hw_store_count (store, &hw_audit_entry_type, query, &count, &error));
  g_assert_no_error (error);
  return count;
}

static void
assert_step (HwOrder    *order,
             guint       index,
             const char *status)
{
  HwOrderEvent *event;

  g_assert_cmpuint (order->history->len, >, index);
  event = g_ptr_array_index (order->history, index);
  g_assert_cmpstr (event->status, ==, status);
  g_assert_cmpstr (event->actor, ==, "integration:ERP");
}

static void
test_list (void)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    JsonArray *items;

    send_request (&response, "GET", "/api/v1/erp/orders", fixture.erp, NULL, NULL);
    answer = answer_object (&response, 200);
    items = json_object_get_array_member (answer, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, G_N_ELEMENTS (fixture.received));
    for (guint i = 0; i < json_array_get_length (items); i++)
      {
        JsonObject *item = json_array_get_object_element (items, i);

        g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "received");
        g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, fixture.received[i]);
      }
    g_assert_true (json_object_get_null_member (answer, "next_cursor"));
  }

  /* Two at a time, by cursor. */
  do
    {
      g_auto(HwTestResponse) response = { 0, };
      g_autoptr(JsonObject) answer = NULL;
      g_autofree char *path = NULL;
      g_autofree char *escaped = NULL;
      JsonArray *items;

      escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      path = escaped != NULL
             ? g_strconcat ("/api/v1/erp/orders?status=received&limit=2&cursor=", escaped, NULL)
             : g_strdup ("/api/v1/erp/orders?status=received&limit=2");
      send_request (&response, "GET", path, fixture.erp, NULL, NULL);
      answer = answer_object (&response, 200);
      items = json_object_get_array_member (answer, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);

          g_ptr_array_add (seen, g_strdup (json_object_get_string_member (item, "id")));
        }

      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (answer, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (answer, "next_cursor"));
      g_assert_cmpuint (++pages, <=, 4);
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, >=, 2);
  g_assert_cmpuint (seen->len, ==, G_N_ELEMENTS (fixture.received));
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, fixture.received[i]);

  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;

    send_request (&response, "GET", "/api/v1/erp/orders?status=exported", fixture.erp, NULL,
                  NULL);
    answer = answer_object (&response, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "items")),
                      ==, 0);
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "GET", "/api/v1/erp/orders?status=shipped", fixture.erp, NULL,
                  NULL);
    assert_problem (&response, 422, "validation-failed");
  }
}

static void
test_ack (void)
{
  const char *id = fixture.received[0];
  g_autofree char *ack = order_path (id, "ack");
  gint64 rev;

  /* Without a reference: exported. */
  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", ack, fixture.erp, NULL, "{\"erp_reference\": null}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "exported");

    order = load_order (id);
    g_assert_cmpstr (order->status, ==, "exported");
    g_assert_cmpuint (order->history->len, ==, 2);
    assert_step (order, 1, "exported");
    g_assert_cmpint (count_audit (id), ==, 1);
    rev = HW_ENTITY (order)->rev;
  }

  /* Replayed: unchanged. */
  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", ack, fixture.erp, NULL, "{}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "exported");
    order = load_order (id);
    g_assert_cmpint (HW_ENTITY (order)->rev, ==, rev);
    g_assert_cmpint (count_audit (id), ==, 1);
  }

  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;

    send_request (&response, "GET", "/api/v1/erp/orders?status=exported", fixture.erp, NULL,
                  NULL);
    answer = answer_object (&response, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "items")),
                      ==, 1);
  }

  /* With a reference: confirmed. */
  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", ack, fixture.erp, NULL, "{\"erp_reference\": \"SO-1\"}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "confirmed");
    g_assert_cmpstr (json_object_get_string_member (answer, "erp_reference"), ==, "SO-1");

    order = load_order (id);
    g_assert_cmpstr (order->erp_reference, ==, "SO-1");
    g_assert_cmpuint (order->history->len, ==, 3);
    assert_step (order, 2, "confirmed");
    g_assert_cmpint (count_audit (id), ==, 2);
    rev = HW_ENTITY (order)->rev;
  }

  /* Replayed: unchanged; another reference: a conflict. */
  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", ack, fixture.erp, NULL, "{\"erp_reference\": \"SO-1\"}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "confirmed");
    order = load_order (id);
    g_assert_cmpint (HW_ENTITY (order)->rev, ==, rev);
    g_assert_cmpint (count_audit (id), ==, 2);
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", ack, fixture.erp, NULL, "{\"erp_reference\": \"SO-9\"}");
    assert_problem (&response, 409, "conflict");
  }

  /* Received with a reference: both steps, one audit entry. */
  {
    const char *other = fixture.received[1];
    g_autofree char *path = order_path (other, "ack");
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", path, fixture.erp, NULL, "{\"erp_reference\": \"SO-2\"}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "confirmed");

    order = load_order (other);
    g_assert_cmpstr (order->status, ==, "confirmed");
    g_assert_cmpstr (order->erp_reference, ==, "SO-2");
    g_assert_cmpuint (order->history->len, ==, 3);
    assert_step (order, 1, "exported");
    assert_step (order, 2, "confirmed");
    g_assert_cmpint (count_audit (other), ==, 1);
  }
}

static void
test_fail (void)
{
  const char *id = fixture.received[2];
  g_autofree char *fail = order_path (id, "fail");
  g_autofree char *long_body = NULL;
  gint64 rev;

  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", fail, fixture.erp, NULL,
                  "{\"reason\": \"Unknown customer\"}");
    answer = answer_object (&response, 200);
    g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (answer, "failure_reason"), ==,
                     "Unknown customer");

    order = load_order (id);
    g_assert_cmpstr (order->status, ==, "failed");
    g_assert_cmpstr (order->failure_reason, ==, "Unknown customer");
    assert_step (order, 1, "failed");
    g_assert_cmpint (count_audit (id), ==, 1);
    rev = HW_ENTITY (order)->rev;
  }
  {
    g_auto(HwTestResponse) response = { 0, };
    g_autoptr(JsonObject) answer = NULL;
    g_autoptr(HwOrder) order = NULL;

    send_request (&response, "POST", fail, fixture.erp, NULL,
                  "{\"reason\": \"Unknown customer\"}");
    answer = answer_object (&response, 200);
    order = load_order (id);
    g_assert_cmpint (HW_ENTITY (order)->rev, ==, rev);
    g_assert_cmpint (count_audit (id), ==, 1);
  }

  /* The reason is required, non-empty, at most 2000 characters. */
  {
    g_autofree char *other = order_path (fixture.received[3], "fail");
    g_autofree char *reason = g_strnfill (2001, 'x');
    g_auto(HwTestResponse) missing = { 0, };
    g_auto(HwTestResponse) empty = { 0, };
    g_auto(HwTestResponse) too_long = { 0, };
    g_autoptr(HwOrder) order = NULL;

    send_request (&missing, "POST", other, fixture.erp, NULL, "{}");
    assert_problem (&missing, 422, "validation-failed");
    send_request (&empty, "POST", other, fixture.erp, NULL, "{\"reason\": \"\"}");
    assert_problem (&empty, 422, "validation-failed");
    long_body = g_strdup_printf ("{\"reason\": \"%s\"}", reason);
    send_request (&too_long, "POST", other, fixture.erp, NULL, long_body);
    assert_problem (&too_long, 422, "validation-failed");

    order = load_order (fixture.received[3]);
    g_assert_cmpstr (order->status, ==, "received");
  }
}

static void
test_conflict (void)
{
  const char *ids[] = { fixture.shipped, fixture.completed, fixture.pending };
  const char *statuses[] = { "shipped", "completed", "pending_approval" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *ack = order_path (ids[i], "ack");
      g_autofree char *fail = order_path (ids[i], "fail");
      g_auto(HwTestResponse) plain = { 0, };
      g_auto(HwTestResponse) confirmed = { 0, };
      g_auto(HwTestResponse) failed = { 0, };
      g_autoptr(JsonObject) problem = NULL;
      g_autoptr(HwOrder) order = NULL;

      send_request (&plain, "POST", ack, fixture.erp, NULL, "{}");
      problem = hw_test_assert_problem (plain.status, plain.content_type, plain.body, 409,
                                        "conflict");
      g_assert_nonnull (strstr (json_object_get_string_member (problem, "detail"),
                                statuses[i]));
      send_request (&confirmed, "POST", ack, fixture.erp, NULL,
                    "{\"erp_reference\": \"SO-X\"}");
      assert_problem (&confirmed, 409, "conflict");
      send_request (&failed, "POST", fail, fixture.erp, NULL, "{\"reason\": \"no\"}");
      assert_problem (&failed, 409, "conflict");

      order = load_order (ids[i]);
      g_assert_cmpstr (order->status, ==, statuses[i]);
      g_assert_cmpint (count_audit (ids[i]), ==, 0);
    }
}

static void
test_auth (void)
{
  g_autofree char *ack = order_path (fixture.received[3], "ack");
  const char *tokens[] = { fixture.server.owner, fixture.products };

  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "GET", "/api/v1/erp/orders", NULL, NULL, NULL);
    assert_problem (&response, 401, "unauthorized");
  }
  {
    g_auto(HwTestResponse) response = { 0, };

    send_request (&response, "POST", ack, NULL, NULL, "{}");
    assert_problem (&response, 401, "unauthorized");
  }
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_auto(HwTestResponse) list = { 0, };
      g_auto(HwTestResponse) acked = { 0, };

      send_request (&list, "GET", "/api/v1/erp/orders", tokens[i], NULL, NULL);
      assert_problem (&list, 403, "forbidden");
      send_request (&acked, "POST", ack, tokens[i], NULL, "{}");
      assert_problem (&acked, 403, "forbidden");
    }

  {
    g_autoptr(HwOrder) order = load_order (fixture.received[3]);

    g_assert_cmpstr (order->status, ==, "received");
  }
}

/* A status change by staff through the generic resource: the history step names the
 * signed-in staff member, whatever actor the request puts in the history. */
static void
test_staff_step (void)
{
  g_autoptr(HwOrder) before = load_order (fixture.pending);
  g_autoptr(HwOrder) after = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *url = g_strconcat (fixture.server.url, "/api/v1/orders/", fixture.pending, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.server.owner, NULL);
  g_autofree char *if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"",
                                               HW_ENTITY (before)->rev);
  const char *patch =
    "{\"status\": \"cancelled\", \"history\": ["
    "{\"status\": \"pending_approval\", \"at\": \"2026-01-01T00:00:00Z\"},"
    "{\"status\": \"cancelled\", \"at\": \"2026-01-02T00:00:00Z\","
    " \"actor\": \"someone-else@example.com\", \"note\": \"forged\"}]}";
  HwOrderEvent *last;

  g_assert_cmpstr (before->status, ==, "pending_approval");

  msg = hw_test_send (fixture.server.session, "PATCH", url, authorization, if_match, patch, -1,
                      &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  after = load_order (fixture.pending);
  g_assert_cmpstr (after->status, ==, "cancelled");
  g_assert_cmpuint (after->history->len, ==, before->history->len + 1);
  last = g_ptr_array_index (after->history, after->history->len - 1);
  g_assert_cmpstr (last->status, ==, "cancelled");
  g_assert_cmpstr (last->actor, ==, "owner@example.com");
  g_assert_null (last->note);
  for (guint i = 0; i < before->history->len; i++)
    {
      HwOrderEvent *was = g_ptr_array_index (before->history, i);
      HwOrderEvent *is = g_ptr_array_index (after->history, i);

      g_assert_cmpstr (was->status, ==, is->status);
      g_assert_cmpint (was->at, ==, is->at);
      g_assert_cmpstr (was->actor, ==, is->actor);
    }
}

static void
test_not_found (void)
{
  g_autofree char *ack = order_path ("00000000-0000-4000-8000-000000000000", "ack");
  g_autofree char *fail = order_path ("00000000-0000-4000-8000-000000000000", "fail");
  g_auto(HwTestResponse) acked = { 0, };
  g_auto(HwTestResponse) failed = { 0, };
  g_auto(HwTestResponse) malformed = { 0, };

  send_request (&acked, "POST", ack, fixture.erp, NULL, "{}");
  assert_problem (&acked, 404, "not-found");
  send_request (&failed, "POST", fail, fixture.erp, NULL, "{\"reason\": \"no\"}");
  assert_problem (&failed, 404, "not-found");
  send_request (&malformed, "POST", ack, fixture.erp, NULL, "[1");
  assert_problem (&malformed, 400, "bad-request");
}

static char *
create_order (HwStore    *store,
              const char *account_id,
              const char *product_id,
              const char *number,
              const char *status,
              gint64      placed_at)
{
  g_autoptr(HwOrder) order = hw_order_new ();
  g_autoptr(GError) error = NULL;

  order->number = g_strdup (number);
  order->account_id = g_strdup (account_id);
  order->channel = g_strdup ("webshop");
  order->status = g_strdup (status);
  order->currency = g_strdup ("EUR");
  order->placed_at = placed_at;
  hw_order_add_line (order, product_id, "HW-0001", "Product", 2, 1250);
  g_assert_true (hw_store_create_order (store, order, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (order)->id);
}

static void
fixture_set_up (void)
{
  g_autoptr(HwAccount) account = hw_account_new ();
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(GError) error = NULL;
  const char *account_id;
  const char *product_id;
  gint64 base = 1767225600; /* 2026-01-01 */

  hw_test_fixture_prepare (&fixture.server, "hw-erp-orders-XXXXXX", NULL);
  hw_test_fixture_add_integration (&fixture.server);

  {
    g_autoptr(HwStore) store = hw_test_fixture_open_store (&fixture.server);

    account->customer_number = g_strdup ("C-1000");
    account->name = g_strdup ("Installatiebedrijf De Vries");
    account->currency = g_strdup ("EUR");
    account->status = g_strdup ("active");
    g_assert_true (hw_store_create_account (store, account, &error));
    g_assert_no_error (error);
    account_id = HW_ENTITY (account)->id;

    product->sku = g_strdup ("HW-0001");
    product->name = g_strdup ("Product");
    product->unit = g_strdup ("piece");
    product->status = g_strdup ("active");
    product->currency = g_strdup ("EUR");
    product->base_price = 1250;
    g_assert_true (hw_store_create_product (store, product, &error));
    g_assert_no_error (error);
    product_id = HW_ENTITY (product)->id;

    /* Made newest first, so that the export order is not the order of creation. */
    for (guint i = G_N_ELEMENTS (fixture.received); i > 0; i--)
      {
        g_autofree char *number = g_strdup_printf ("WEB-2026-%06u", i);

        fixture.received[i - 1] = create_order (store, account_id, product_id, number,
                                                "received", base + i * 3600);
      }
    fixture.pending = create_order (store, account_id, product_id, "WEB-2026-000100",
                                    "pending_approval", base);
    fixture.shipped = create_order (store, account_id, product_id, "WEB-2026-000101",
                                    "shipped", base);
    fixture.completed = create_order (store, account_id, product_id, "WEB-2026-000102",
                                      "completed", base);
  }

  hw_test_fixture_start (&fixture.server);
  fixture.erp = hw_test_fixture_api_token (&fixture.server, "erp.orders");
  fixture.products = hw_test_fixture_api_token (&fixture.server, "erp.products");
}

static void
fixture_tear_down (void)
{
  hw_test_fixture_stop (&fixture.server);
  g_clear_pointer (&fixture.erp, g_free);
  g_clear_pointer (&fixture.products, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (fixture.received); i++)
    g_clear_pointer (&fixture.received[i], g_free);
  g_clear_pointer (&fixture.pending, g_free);
  g_clear_pointer (&fixture.shipped, g_free);
  g_clear_pointer (&fixture.completed, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/erp-orders/list", test_list);
  g_test_add_func ("/server/erp-orders/ack", test_ack);
  g_test_add_func ("/server/erp-orders/fail", test_fail);
  g_test_add_func ("/server/erp-orders/conflict", test_conflict);
  g_test_add_func ("/server/erp-orders/auth", test_auth);
  g_test_add_func ("/server/erp-orders/not-found", test_not_found);
  g_test_add_func ("/server/erp-orders/staff-step", test_staff_step);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
