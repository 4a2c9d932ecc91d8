/* test-channel-isolation.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-test-channel.h"

/* A user of account A can never read or infer anything of account B, on every channel
 * endpoint, through the built binary in the world of hw-test-channel.h: B's orders
 * answer like orders that do not exist (same status, type and body), B's price agreement
 * and B's visibility rules never touch A's answers, B's Idempotency-Keys are not A's, and
 * no answer to A names anything of B's. Each test looks from both sides. */

static HwTestChannelWorld world;

#define A (world.tokens[HW_TEST_A_BUYER])
#define B (world.tokens[HW_TEST_B_BUYER])

static char *b_pending;   /* an order of B waiting for approval */
static char *a_order;     /* an order of A */

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
text_of (const char *method,
         const char *path,
         const char *token,
         const char *body,
         guint       expected_status)
{
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, method, path, token, body);
  if (response.status != expected_status)
    {
      g_autofree char *text = hw_test_channel_response_text (&response);

      g_error ("%s %s: %u, expected %u: %s", method, path, response.status, expected_status,
               text);
    }
  return hw_test_channel_response_text (&response);
}

/* No answer to A may name B's account, users or agreement. */
static void
assert_nothing_of_b (const char *text)
{
  g_assert_null (strstr (text, world.accounts[1]));
  g_assert_null (strstr (text, world.users[HW_TEST_B_BUYER]));
  g_assert_null (strstr (text, world.users[HW_TEST_B_ADMIN]));
  g_assert_null (strstr (text, world.agreement));
  g_assert_null (strstr (text, "b.example"));
  if (b_pending != NULL)
    g_assert_null (strstr (text, b_pending));
}

static char *
place (const char    *token,
       HwTestProduct  product,
       gint64         quantity)
{
  g_autofree char *body = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\","
                                           " \"quantity\": %" G_GINT64_FORMAT "}]}",
                                           world.products[product], quantity);
  g_autofree char *text = text_of ("POST", "/api/v1/channel/orders", token, body, 201);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (
                                                    json_parser_get_root (parser)), "id"));
}

static void
test_setup_orders (void)
{
  /* 8 × 600 = 4800 for B is within the limit; 9 × 600 is not. */
  b_pending = place (B, HW_TEST_DRILL, 9);
  a_order = place (A, HW_TEST_DRILL, 1);
  g_assert_nonnull (b_pending);
  g_assert_nonnull (a_order);
}

static void
test_me (void)
{
  g_autofree char *a = text_of ("GET", "/api/v1/channel/auth/me", A, NULL, 200);
  g_autofree char *b = text_of ("GET", "/api/v1/channel/auth/me", B, NULL, 200);

  assert_nothing_of_b (a);
  g_assert_nonnull (strstr (b, world.accounts[1]));
  g_assert_null (strstr (b, world.accounts[0]));
}

/* The other account's order is as missing as a made-up id, for reading and approving. */
static void
test_orders_by_id (void)
{
  g_autofree char *b_path = g_strdup_printf ("/api/v1/channel/orders/%s", b_pending);
  g_autofree char *a_path = g_strdup_printf ("/api/v1/channel/orders/%s", a_order);
  g_autofree char *made_up = g_strdup_printf ("/api/v1/channel/orders/%s",
                                              world.products[HW_TEST_DRILL]);
  g_autofree char *b_approve = g_strdup_printf ("%s/approve", b_path);
  g_autofree char *made_up_approve = g_strdup_printf ("%s/approve", made_up);
  g_autofree char *missing = text_of ("GET", made_up, world.tokens[HW_TEST_A_ADMIN], NULL, 404);
  g_autofree char *foreign = text_of ("GET", b_path, world.tokens[HW_TEST_A_ADMIN], NULL, 404);
  g_autofree char *missing_approve = NULL;
  g_autofree char *foreign_approve = NULL;
  g_autofree char *b_sees = NULL;
  g_autofree char *a_foreign = NULL;
  gint64 revision = hw_test_channel_revision (&world);

  g_assert_cmpstr (foreign, ==, missing);

  missing_approve = text_of ("POST", made_up_approve, world.tokens[HW_TEST_A_ADMIN], NULL, 404);
  foreign_approve = text_of ("POST", b_approve, world.tokens[HW_TEST_A_ADMIN], NULL, 404);
  g_assert_cmpstr (foreign_approve, ==, missing_approve);
  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);

  /* B's admin can, and A's order is missing to B. */
  b_sees = text_of ("GET", b_path, B, NULL, 200);
  g_assert_nonnull (strstr (b_sees, "pending_approval"));
  a_foreign = text_of ("GET", a_path, world.tokens[HW_TEST_B_ADMIN], NULL, 404);
  g_assert_cmpstr (a_foreign, ==, missing);
  g_free (text_of ("POST", b_approve, world.tokens[HW_TEST_B_ADMIN], NULL, 200));
}

static void
test_order_lists (void)
{
  g_autofree char *a_list = text_of ("GET", "/api/v1/channel/orders?limit=200", A, NULL, 200);
  g_autofree char *b_list = text_of ("GET", "/api/v1/channel/orders?limit=200", B, NULL, 200);

  assert_nothing_of_b (a_list);
  g_assert_nonnull (strstr (a_list, a_order));
  g_assert_nonnull (strstr (b_list, b_pending));
  g_assert_null (strstr (b_list, a_order));
  g_assert_null (strstr (b_list, world.users[HW_TEST_A_BUYER]));
}

/* B's agreement (600 for drill) and B's hidden product never reach A. */
static void
test_catalog (void)
{
  g_autofree char *a_page = text_of ("GET", "/api/v1/channel/products", A, NULL, 200);
  g_autofree char *b_page = text_of ("GET", "/api/v1/channel/products", B, NULL, 200);
  g_autofree char *drill = g_strdup_printf ("/api/v1/channel/products/%s",
                                            world.products[HW_TEST_DRILL]);
  g_autofree char *a_drill = text_of ("GET", drill, A, NULL, 200);
  g_autofree char *b_drill = text_of ("GET", drill, B, NULL, 200);

  assert_nothing_of_b (a_page);
  assert_nothing_of_b (a_drill);
  g_assert_nonnull (strstr (a_drill, "\"unit_price\":1000"));
  g_assert_nonnull (strstr (b_drill, "\"unit_price\":600"));
  g_assert_null (strstr (a_page, "\"unit_price\":600"));

  g_assert_null (strstr (a_page, world.products[HW_TEST_SECRET_B]));
  g_assert_nonnull (strstr (a_page, world.products[HW_TEST_SECRET_A]));
  g_assert_null (strstr (b_page, world.products[HW_TEST_SECRET_A]));
  g_assert_nonnull (strstr (b_page, world.products[HW_TEST_SECRET_B]));
}

/* A product hidden from A answers like a missing one on detail and price; for B it is
 * there. */
static void
test_hidden_products (void)
{
  g_autofree char *detail = g_strdup_printf ("/api/v1/channel/products/%s",
                                             world.products[HW_TEST_SECRET_B]);
  g_autofree char *made_up = g_strdup_printf ("/api/v1/channel/products/%s", world.accounts[1]);
  g_autofree char *price = g_strdup_printf ("/api/v1/channel/prices?product=%s",
                                            world.products[HW_TEST_SECRET_B]);
  g_autofree char *made_up_price = g_strdup_printf ("/api/v1/channel/prices?product=%s",
                                                    world.accounts[1]);
  g_autofree char *hidden_text = text_of ("GET", detail, A, NULL, 404);
  g_autofree char *missing_text = text_of ("GET", made_up, A, NULL, 404);
  g_autofree char *hidden_price = text_of ("GET", price, A, NULL, 404);
  g_autofree char *missing_price = text_of ("GET", made_up_price, A, NULL, 404);

  g_assert_cmpstr (hidden_text, ==, missing_text);
  g_assert_cmpstr (hidden_price, ==, missing_price);
  assert_nothing_of_b (hidden_text);
  g_free (text_of ("GET", detail, B, NULL, 200));
  g_free (text_of ("GET", price, B, NULL, 200));
}

static void
test_prices (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/channel/prices?product=%s&qty=10",
                                           world.products[HW_TEST_DRILL]);
  g_autofree char *a_price = text_of ("GET", path, A, NULL, 200);
  g_autofree char *b_price = text_of ("GET", path, B, NULL, 200);

  assert_nothing_of_b (a_price);
  g_assert_nonnull (strstr (a_price, "\"line_total\":10000"));
  g_assert_nonnull (strstr (b_price, "\"line_total\":6000"));
}

/* Ordering B's hidden product is refused exactly like ordering nothing, and A's order of
 * drill is priced at A's price. */
static void
test_place (void)
{
  g_autofree char *hidden = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\","
                                             " \"quantity\": 1}]}",
                                             world.products[HW_TEST_SECRET_B]);
  g_autofree char *made_up = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\","
                                              " \"quantity\": 1}]}", world.accounts[1]);
  g_autofree char *hidden_text = text_of ("POST", "/api/v1/channel/orders", A, hidden, 422);
  g_autofree char *missing_text = text_of ("POST", "/api/v1/channel/orders", A, made_up, 422);
  g_autofree char *drill = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\","
                                            " \"quantity\": 2}]}",
                                            world.products[HW_TEST_DRILL]);
  g_autofree char *a_text = text_of ("POST", "/api/v1/channel/orders", A, drill, 201);

  g_assert_cmpstr (hidden_text, ==, missing_text);
  assert_nothing_of_b (hidden_text);
  assert_nothing_of_b (a_text);
  g_assert_nonnull (strstr (a_text, "\"total\":2000"));
  g_free (text_of ("POST", "/api/v1/channel/orders", B, hidden, 201));
}

/* The same Idempotency-Key and body from A and from B are two orders. */
static void
test_idempotency_keys (void)
{
  g_autofree char *body = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\","
                                           " \"quantity\": 1}]}",
                                           world.products[HW_TEST_PAINT]);
  g_auto(HwTestChannelResponse) a = { 0, };
  g_auto(HwTestChannelResponse) b = { 0, };
  g_auto(HwTestChannelResponse) a_again = { 0, };

  hw_test_channel_call (&world, &a, "POST", "/api/v1/channel/orders", A, body, "shared-key");
  hw_test_channel_call (&world, &b, "POST", "/api/v1/channel/orders", B, body, "shared-key");
  hw_test_channel_call (&world, &a_again, "POST", "/api/v1/channel/orders", A, body,
                        "shared-key");
  g_assert_cmpuint (a.status, ==, 201);
  g_assert_cmpuint (b.status, ==, 201);
  g_assert_null (b.replayed);
  g_assert_cmpstr (b.location, !=, a.location);
  g_assert_cmpstr (a_again.replayed, ==, "true");
  g_assert_cmpstr (a_again.location, ==, a.location);
}

/* A's logout ends A's session only. */
static void
test_logout (void)
{
  g_autofree char *a_token = hw_test_channel_login (&world, world.emails[HW_TEST_A_BUYER],
                                                    HW_TEST_PASSWORD, 200);
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, "POST", "/api/v1/channel/auth/logout", a_token, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  call (&response, "GET", "/api/v1/channel/auth/me", a_token, NULL);
  g_assert_cmpuint (response.status, ==, 401);
  call (&response, "GET", "/api/v1/channel/auth/me", B, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  call (&response, "GET", "/api/v1/channel/auth/me", A, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

/* Blocking B ends B's sessions; A goes on. */
static void
test_blocked_account (void)
{
  g_autofree char *erp = hw_test_fixture_api_token (&world.server, "erp.accounts");
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, "POST", "/api/v1/erp/accounts", erp,
        "[{\"customer_number\": \"B-1\", \"name\": \"Account B-1\", \"segment\": \"wholesale\","
        " \"currency\": \"EUR\", \"status\": \"blocked\"}]");
  g_assert_cmpuint (response.status, ==, 200);

  call (&response, "GET", "/api/v1/channel/products", B, NULL);
  g_assert_cmpuint (response.status, ==, 401);
  call (&response, "GET", "/api/v1/channel/products", A, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_null (hw_test_channel_login (&world, world.emails[HW_TEST_B_ADMIN], HW_TEST_PASSWORD,
                                        401));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/channel-isolation/setup-orders", test_setup_orders);
  g_test_add_func ("/server/channel-isolation/me", test_me);
  g_test_add_func ("/server/channel-isolation/orders-by-id", test_orders_by_id);
  g_test_add_func ("/server/channel-isolation/order-lists", test_order_lists);
  g_test_add_func ("/server/channel-isolation/catalog", test_catalog);
  g_test_add_func ("/server/channel-isolation/hidden-products", test_hidden_products);
  g_test_add_func ("/server/channel-isolation/prices", test_prices);
  g_test_add_func ("/server/channel-isolation/place", test_place);
  g_test_add_func ("/server/channel-isolation/idempotency-keys", test_idempotency_keys);
  g_test_add_func ("/server/channel-isolation/logout", test_logout);
  g_test_add_func ("/server/channel-isolation/blocked-account", test_blocked_account);

  hw_test_channel_world_set_up (&world, "hw-channel-isolation-XXXXXX");
  status = g_test_run ();
  hw_test_channel_world_tear_down (&world);
  g_clear_pointer (&b_pending, g_free);
  g_clear_pointer (&a_order, g_free);

  return status;
}
