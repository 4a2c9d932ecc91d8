/* test-channel-orders.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-test-channel.h"

/* Orders on the channel API through the built binary, in the world of hw-test-channel.h:
 * placed with server prices only, every line checked against the rules (with a field
 * error per failing line and nothing written), above the user's limit waiting for an
 * account_admin, Idempotency-Key honoured; listed by cursor, read and approved. */

static HwTestChannelWorld world;

#define A_BUYER (world.tokens[HW_TEST_A_BUYER])
#define A_ADMIN (world.tokens[HW_TEST_A_ADMIN])

static void
call (HwTestChannelResponse *response,
      const char            *method,
      const char            *path,
      const char            *token,
      const char            *body)
{
  hw_test_channel_call (&world, response, method, path, token, body, NULL);
}

static char *
line (HwTestProduct product,
      gint64        quantity)
{
  return g_strdup_printf ("{\"product_id\": \"%s\", \"quantity\": %" G_GINT64_FORMAT
                          ", \"unit_price\": 1, \"line_total\": 1}",
                          world.products[product], quantity);
}

/* Places an order of one line; the order on 201, else NULL. */
static JsonObject *
place (const char    *token,
       HwTestProduct  product,
       gint64         quantity,
       guint          expected_status)
{
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autofree char *one = line (product, quantity);
  g_autofree char *body = g_strdup_printf ("{\"channel\": \"webshop\", \"total\": 1,"
                                           " \"lines\": [%s]}", one);
  JsonObject *order;

  call (&response, "POST", "/api/v1/channel/orders", token, body);
  if (response.status != expected_status)
    {
      g_autofree char *text = hw_test_channel_response_text (&response);

      g_error ("placing: %u, expected %u: %s", response.status, expected_status, text);
    }
  if (expected_status != 201)
    return NULL;

  order = hw_test_parse_object (response.body);
  g_assert_nonnull (response.location);
  g_assert_true (g_str_has_suffix (response.location, json_object_get_string_member (order, "id")));
  return order;
}

static gint64
n_orders (const char *token)
{
  g_autoptr(JsonObject) page = hw_test_channel_get_object (&world,
                                                           "/api/v1/channel/orders?limit=200",
                                                           token, 200);

  return json_array_get_length (json_object_get_array_member (page, "items"));
}

static void
test_place (void)
{
  g_autoptr(JsonObject) order = place (A_BUYER, HW_TEST_DRILL, 2, 201);
  JsonArray *lines = json_object_get_array_member (order, "lines");
  JsonArray *history = json_object_get_array_member (order, "history");
  JsonObject *first = json_array_get_object_element (lines, 0);

  /* The client's prices are ignored: 1000 is the engine's price for A. */
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (order, "channel"), ==, "webshop");
  g_assert_cmpstr (json_object_get_string_member (order, "currency"), ==, "EUR");
  g_assert_cmpstr (json_object_get_string_member (order, "user_id"), ==,
                   world.users[HW_TEST_A_BUYER]);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (order, "number"), "CH-"));
  g_assert_cmpint (json_object_get_int_member (order, "total"), ==, 2000);
  g_assert_cmpuint (json_array_get_length (lines), ==, 1);
  g_assert_cmpint (json_object_get_int_member (first, "unit_price"), ==, 1000);
  g_assert_cmpint (json_object_get_int_member (first, "line_total"), ==, 2000);
  g_assert_cmpstr (json_object_get_string_member (first, "sku"), ==, "drill");
  g_assert_cmpuint (json_array_get_length (history), ==, 1);

  /* Staff see it as an order of account A. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%s",
                                             json_object_get_string_member (order, "id"));
    g_autoptr(JsonObject) stored = hw_test_channel_get_object (&world, path, world.server.owner,
                                                               200);

    g_assert_cmpstr (json_object_get_string_member (stored, "account_id"), ==,
                     world.accounts[0]);
    g_assert_cmpint (json_object_get_int_member (stored, "total"), ==, 2000);
  }
}

/* A total above the user's limit (5000) waits for approval. */
static void
test_limit (void)
{
  g_autoptr(JsonObject) at_limit = place (A_BUYER, HW_TEST_DRILL, 5, 201);
  g_autoptr(JsonObject) above = place (A_BUYER, HW_TEST_DRILL, 6, 201);
  g_autoptr(JsonObject) unlimited = place (A_ADMIN, HW_TEST_DRILL, 50, 201);

  g_assert_cmpstr (json_object_get_string_member (at_limit, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (above, "status"), ==, "pending_approval");
  g_assert_cmpstr (json_object_get_string_member (unlimited, "status"), ==, "received");
}

/* Every failing line is named, and nothing is written. */
static void
test_lines_checked (void)
{
  g_autofree char *l0 = line (HW_TEST_DRILL_PRO, 1);
  g_autofree char *l1 = line (HW_TEST_DRILL_PRO, 3);
  g_autofree char *l2 = line (HW_TEST_DRILL_PRO, 12);
  g_autofree char *l3 = line (HW_TEST_OLD, 1);
  g_autofree char *l4 = line (HW_TEST_BANNED, 1);
  g_autofree char *l5 = line (HW_TEST_SECRET_B, 1);
  g_autofree char *l6 = line (HW_TEST_DRILL, 4);
  g_autofree char *body = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autoptr(JsonObject) problem = NULL;
  static const char * const fields[] = {
    "lines[0].quantity", "lines[1].quantity", "lines[2].quantity", "lines[3].product_id",
    "lines[4].product_id", "lines[5].product_id", "lines[7].product_id", "lines[8].quantity",
    "lines[9].quantity", "lines[10].quantity",
  };
  JsonArray *errors;
  gint64 revision = hw_test_channel_revision (&world);
  gint64 before = n_orders (A_BUYER);

  body = g_strdup_printf ("{\"lines\": [%s, %s, %s, %s, %s, %s, %s,"
                          " {\"product_id\": \"nope\", \"quantity\": 1},"
                          " {\"product_id\": \"%s\", \"quantity\": 0},"
                          " {\"product_id\": \"%s\", \"quantity\": \"2\"},"
                          " {\"product_id\": \"%s\", \"quantity\": 9223372036854775000}]}",
                          l0, l1, l2, l3, l4, l5, l6, world.products[HW_TEST_DRILL],
                          world.products[HW_TEST_DRILL], world.products[HW_TEST_DRILL]);
  call (&response, "POST", "/api/v1/channel/orders", A_BUYER, body);
  problem = hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                                    "validation-failed");
  errors = json_object_get_array_member (problem, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, i),
                                                    "field"), ==, fields[i]);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                           "message"), "at least 2"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (errors, 1),
                                                           "message"), "multiple of 2"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (errors, 2),
                                                           "message"), "at most 10"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (errors, 3),
                                                           "message"), "discontinued"));

  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);
  g_assert_cmpint (n_orders (A_BUYER), ==, before);

  /* The same lines, right: accepted. */
  {
    g_autoptr(JsonObject) order = place (A_BUYER, HW_TEST_DRILL_PRO, 2, 201);

    g_assert_cmpint (json_object_get_int_member (order, "total"), ==, 4000);
  }
}

static void
test_bad_bodies (void)
{
  static const char * const bodies[] = {
    "{}", "{\"lines\": []}", "{\"lines\": {}}", "{\"lines\": [1]}",
    "{\"channel\": \"fax\", \"lines\": [{\"product_id\": \"x\", \"quantity\": 1}]}",
    "[]", "not json",
  };
  gint64 revision = hw_test_channel_revision (&world);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(HwTestChannelResponse) response = { 0, };

      call (&response, "POST", "/api/v1/channel/orders", A_BUYER, bodies[i]);
      g_assert_cmpuint (response.status, >=, 400);
      g_assert_cmpuint (response.status, <, 500);
      g_assert_cmpstr (response.content_type, ==, "application/problem+json");
    }

  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);
}

static void
test_cannot_order (void)
{
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autofree char *one = line (HW_TEST_DRILL, 1);
  g_autofree char *body = g_strdup_printf ("{\"lines\": [%s]}", one);
  gint64 revision = hw_test_channel_revision (&world);

  call (&response, "POST", "/api/v1/channel/orders", world.tokens[HW_TEST_A_NOORDER], body);
  hw_test_assert_problem (response.status, response.content_type, response.body, 403,
                          "forbidden");
  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);
}

static void
test_idempotency (void)
{
  g_auto(HwTestChannelResponse) first = { 0, };
  g_auto(HwTestChannelResponse) again = { 0, };
  g_auto(HwTestChannelResponse) other = { 0, };
  g_autofree char *one = line (HW_TEST_PAINT, 3);
  g_autofree char *body = g_strdup_printf ("{\"lines\": [%s]}", one);
  g_autofree char *first_text = NULL;
  g_autofree char *again_text = NULL;
  gint64 before = n_orders (A_BUYER);

  hw_test_channel_call (&world, &first, "POST", "/api/v1/channel/orders", A_BUYER, body,
                        "order-key-1");
  g_assert_cmpuint (first.status, ==, 201);
  g_assert_null (first.replayed);

  hw_test_channel_call (&world, &again, "POST", "/api/v1/channel/orders", A_BUYER, body,
                        "order-key-1");
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_cmpstr (again.replayed, ==, "true");
  g_assert_cmpstr (again.location, ==, first.location);
  first_text = hw_test_channel_response_text (&first);
  again_text = hw_test_channel_response_text (&again);
  g_assert_cmpstr (again_text, ==, first_text);
  g_assert_cmpint (n_orders (A_BUYER), ==, before + 1);

  /* The key with another body is refused. */
  hw_test_channel_call (&world, &other, "POST", "/api/v1/channel/orders", A_BUYER,
                        "{\"lines\": [{\"product_id\": \"x\", \"quantity\": 2}]}", "order-key-1");
  hw_test_assert_problem (other.status, other.content_type, other.body, 422,
                          "validation-failed");
  g_assert_cmpint (n_orders (A_BUYER), ==, before + 1);
}

/* The account's orders, newest first, by cursor; any user of the account sees them. */
static void
test_list (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gint64 total = n_orders (A_BUYER);
  g_autoptr(JsonObject) pending = NULL;
  JsonArray *items;

  g_assert_cmpint (total, >=, 6);
  g_assert_cmpint (n_orders (world.tokens[HW_TEST_A_NOPRICE]), ==, total);

  do
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) page = NULL;
      JsonNode *next;

      path = cursor == NULL ? g_strdup ("/api/v1/channel/orders?limit=2")
                            : g_strdup_printf ("/api/v1/channel/orders?limit=2&cursor=%s", cursor);
      page = hw_test_channel_get_object (&world, path, A_BUYER, 200);
      items = json_object_get_array_member (page, "items");
      g_assert_cmpuint (json_array_get_length (items), <=, 2);
      for (guint i = 0; i < json_array_get_length (items); i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (
                                                           json_array_get_object_element (items, i),
                                                           "id"))));

      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (page, "next_cursor");
      if (!JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
    }
  while (cursor != NULL);
  g_assert_cmpint (g_hash_table_size (seen), ==, total);

  pending = hw_test_channel_get_object (&world, "/api/v1/channel/orders?status=pending_approval",
                                        A_BUYER, 200);
  items = json_object_get_array_member (pending, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);

  {
    g_auto(HwTestChannelResponse) response = { 0, };

    call (&response, "GET", "/api/v1/channel/orders?status=lost", A_BUYER, NULL);
    g_assert_cmpuint (response.status, ==, 422);
    call (&response, "GET", "/api/v1/channel/orders?limit=0", A_BUYER, NULL);
    g_assert_cmpuint (response.status, ==, 422);
  }
}

static void
test_approve (void)
{
  g_autoptr(JsonObject) order = place (A_BUYER, HW_TEST_DRILL, 8, 201);
  const char *id = json_object_get_string_member (order, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/channel/orders/%s/approve", id);
  g_autofree char *item = g_strdup_printf ("/api/v1/channel/orders/%s", id);
  g_autofree char *audit = g_strdup_printf ("/api/v1/audit?entity=order&id=%s", id);
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autoptr(JsonObject) approved = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autofree char *log_text = NULL;
  JsonArray *history;
  gint64 revision;

  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "pending_approval");

  /* Only an account_admin approves. */
  revision = hw_test_channel_revision (&world);
  call (&response, "POST", path, A_BUYER, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 403,
                          "forbidden");
  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);

  call (&response, "POST", path, A_ADMIN, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  approved = hw_test_parse_object (response.body);
  g_assert_cmpstr (json_object_get_string_member (approved, "status"), ==, "received");
  history = json_object_get_array_member (approved, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 1),
                                                  "status"), ==, "received");

  read = hw_test_channel_get_object (&world, item, A_BUYER, 200);
  g_assert_cmpstr (json_object_get_string_member (read, "status"), ==, "received");

  /* Once is enough. */
  call (&response, "POST", path, A_ADMIN, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 409,
                          "conflict");

  /* The audit log says who placed and who approved. */
  call (&response, "GET", audit, world.server.owner, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  log_text = hw_test_channel_response_text (&response);
  g_assert_nonnull (strstr (log_text, "channel:a-buyer@a.example"));
  g_assert_nonnull (strstr (log_text, "channel:a-admin@a.example"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/channel-orders/place", test_place);
  g_test_add_func ("/server/channel-orders/limit", test_limit);
  g_test_add_func ("/server/channel-orders/lines-checked", test_lines_checked);
  g_test_add_func ("/server/channel-orders/bad-bodies", test_bad_bodies);
  g_test_add_func ("/server/channel-orders/cannot-order", test_cannot_order);
  g_test_add_func ("/server/channel-orders/idempotency", test_idempotency);
  g_test_add_func ("/server/channel-orders/list", test_list);
  g_test_add_func ("/server/channel-orders/approve", test_approve);

  hw_test_channel_world_set_up (&world, "hw-channel-orders-XXXXXX");
  status = g_test_run ();
  hw_test_channel_world_tear_down (&world);

  return status;
}
