/* test-channel.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-test-channel.h"

/* The channel API through the built binary, as customer users of the world of
 * hw-test-channel.h: sessions (passwords set by staff and the ERP, login, logout, which
 * tokens open which routes, throttling), the catalogue, product detail and prices, and
 * staff and ERP changes seen by the very next channel request. One server serves the
 * tests in order; the login failures come last, as they throttle the whole address. */

static HwTestChannelWorld world;

#define A_BUYER (world.tokens[HW_TEST_A_BUYER])

static void
call (HwTestChannelResponse *response,
      const char            *method,
      const char            *path,
      const char            *token,
      const char            *body)
{
  hw_test_channel_call (&world, response, method, path, token, body, NULL);
}

static JsonObject *
get_object (const char *path,
            const char *token,
            guint       status)
{
  return hw_test_channel_get_object (&world, path, token, status);
}

static char *
product_path (HwTestProduct product)
{
  return g_strdup_printf ("/api/v1/channel/products/%s", world.products[product]);
}

/* The ids of a page of products. */
static GPtrArray *
ids_of (JsonObject *page)
{
  JsonArray *items = json_object_get_array_member (page, "items");
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                      json_array_get_object_element (items, i), "id")));
  return ids;
}

static gboolean
has_id (GPtrArray  *ids,
        const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

/* The answer for a product that is missing or hidden from the caller. */
static char *
not_found_text (const char *path,
                const char *token)
{
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, "GET", path, token, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 404,
                          "not-found");
  return hw_test_channel_response_text (&response);
}

static gint64
price_of (HwTestProduct  product,
          const char    *token,
          guint          qty)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/channel/prices?product=%s&qty=%u",
                                           world.products[product], qty);
  g_autoptr(JsonObject) price = get_object (path, token, 200);

  g_assert_cmpint (json_object_get_int_member (price, "quantity"), ==, qty);
  g_assert_cmpint (json_object_get_int_member (price, "line_total"), ==,
                   json_object_get_int_member (price, "unit_price") * qty);
  g_assert_cmpstr (json_object_get_string_member (price, "currency"), ==, "EUR");
  return json_object_get_int_member (price, "unit_price");
}

/* Sessions */

static void
test_me (void)
{
  g_autoptr(JsonObject) me = get_object ("/api/v1/channel/auth/me", A_BUYER, 200);

  g_assert_cmpstr (json_object_get_string_member (me, "id"), ==, world.users[HW_TEST_A_BUYER]);
  g_assert_cmpstr (json_object_get_string_member (me, "account_id"), ==, world.accounts[0]);
  g_assert_cmpstr (json_object_get_string_member (me, "role"), ==, "buyer");
  g_assert_cmpint (json_object_get_int_member (me, "order_limit"), ==, 5000);
  g_assert_true (json_object_get_boolean_member (me, "show_prices"));
}

/* A channel session opens the channel API only, and staff sessions and API tokens do
 * not open it. */
static void
test_token_kinds (void)
{
  static const char * const staff_paths[] = {
    "/api/v1/products", "/api/v1/auth/me", "/api/v1/changes?since=0", "/api/v1/erp/orders",
  };
  g_autofree char *erp = hw_test_fixture_api_token (&world.server, "erp.orders");

  for (guint i = 0; i < G_N_ELEMENTS (staff_paths); i++)
    {
      g_auto(HwTestChannelResponse) response = { 0, };

      call (&response, "GET", staff_paths[i], A_BUYER, NULL);
      hw_test_assert_problem (response.status, response.content_type, response.body, 401,
                              "unauthorized");
    }

  for (guint i = 0; i < 2; i++)
    {
      g_auto(HwTestChannelResponse) response = { 0, };

      call (&response, "GET", "/api/v1/channel/products", i == 0 ? world.server.owner : erp,
            NULL);
      hw_test_assert_problem (response.status, response.content_type, response.body, 401,
                              "unauthorized");
    }
}

static void
test_logout (void)
{
  g_autofree char *token = hw_test_channel_login (&world, world.emails[HW_TEST_B_BUYER],
                                                  HW_TEST_PASSWORD, 200);
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autoptr(JsonObject) me = NULL;

  call (&response, "POST", "/api/v1/channel/auth/logout", token, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  call (&response, "GET", "/api/v1/channel/auth/me", token, NULL);
  g_assert_cmpuint (response.status, ==, 401);

  /* The other session of the same user lives on. */
  me = get_object ("/api/v1/channel/auth/me", world.tokens[HW_TEST_B_BUYER], 200);
  g_assert_cmpstr (json_object_get_string_member (me, "id"), ==, world.users[HW_TEST_B_BUYER]);
}

/* Staff set passwords: checked, stored as a hash nobody reads back, and a new one ends
 * the old sessions. */
static void
test_password (void)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/users/%s/password",
                                           world.users[HW_TEST_A_ADMIN]);
  g_autofree char *user_path = g_strdup_printf ("/api/v1/users/%s",
                                                world.users[HW_TEST_A_ADMIN]);
  g_autofree char *missing = g_strdup_printf ("/api/v1/users/%s/password",
                                              world.products[HW_TEST_DRILL]);
  g_autofree char *token = NULL;
  g_autofree char *text = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };
  gint64 revision = hw_test_channel_revision (&world);

  call (&response, "PUT", path, world.server.owner, "{\"password\": \"short\"}");
  hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                          "validation-failed");
  call (&response, "PUT", path, world.server.owner, "{}");
  g_assert_cmpuint (response.status, ==, 422);
  call (&response, "PUT", missing, world.server.owner, "{\"password\": \"a new passphrase\"}");
  hw_test_assert_problem (response.status, response.content_type, response.body, 404,
                          "not-found");
  call (&response, "PUT", path, world.tokens[HW_TEST_A_ADMIN],
        "{\"password\": \"a new passphrase\"}");
  g_assert_cmpuint (response.status, ==, 401);

  call (&response, "PUT", path, world.server.owner, "{\"password\": \"a new passphrase\"}");
  g_assert_cmpuint (response.status, ==, 204);

  /* Passwords are not entities: no revision moved, nothing in the feed or the user. */
  g_assert_cmpint (hw_test_channel_revision (&world), ==, revision);
  call (&response, "GET", "/api/v1/changes?since=0&limit=1000", world.server.owner, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  text = hw_test_channel_response_text (&response);
  g_assert_null (strstr (text, "argon2"));
  g_assert_null (strstr (text, "password"));
  g_clear_pointer (&text, g_free);
  call (&response, "GET", user_path, world.server.owner, NULL);
  text = hw_test_channel_response_text (&response);
  g_assert_null (strstr (text, "password"));

  call (&response, "GET", "/api/v1/channel/auth/me", world.tokens[HW_TEST_A_ADMIN], NULL);
  g_assert_cmpuint (response.status, ==, 401);
  g_clear_pointer (&world.tokens[HW_TEST_A_ADMIN], g_free);
  world.tokens[HW_TEST_A_ADMIN] = hw_test_channel_login (&world, world.emails[HW_TEST_A_ADMIN],
                                                         "a new passphrase", 200);

  /* Emails are matched whatever their case. */
  token = hw_test_channel_login (&world, "A-Admin@A.Example", "a new passphrase", 200);
  g_assert_nonnull (token);
}

/* The ERP may send a password with a user; a weak one spoils the record. */
static void
test_erp_password (void)
{
  g_autofree char *erp = hw_test_fixture_api_token (&world.server, "erp.accounts");
  g_autofree char *token = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autoptr(JsonObject) answer = NULL;

  call (&response, "POST", "/api/v1/erp/accounts", erp,
        "[{\"customer_number\": \"E-1\", \"name\": \"ERP Co\", \"currency\": \"EUR\","
        " \"status\": \"active\", \"users\": [{\"email\": \"e-buyer@e.example\","
        " \"name\": \"E\", \"password\": \"erp chosen secret\"}]},"
        " {\"customer_number\": \"E-2\", \"name\": \"ERP Two\", \"currency\": \"EUR\","
        " \"status\": \"active\", \"users\": [{\"email\": \"e-two@e.example\","
        " \"name\": \"E2\", \"password\": \"short\"}]}]");
  g_assert_cmpuint (response.status, ==, 200);
  answer = hw_test_parse_object (response.body);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "created");
  hw_test_assert_erp_error (answer, 1, "users[0].password");

  token = hw_test_channel_login (&world, "e-buyer@e.example", "erp chosen secret", 200);
  g_assert_nonnull (token);

  /* The same password again changes nothing, and the session lives on. */
  call (&response, "POST", "/api/v1/erp/accounts", erp,
        "[{\"customer_number\": \"E-1\", \"name\": \"ERP Co\", \"currency\": \"EUR\","
        " \"status\": \"active\", \"users\": [{\"email\": \"e-buyer@e.example\","
        " \"name\": \"E\", \"password\": \"erp chosen secret\"}]}]");
  g_assert_cmpuint (response.status, ==, 200);
  g_clear_pointer (&answer, json_object_unref);
  answer = hw_test_parse_object (response.body);
  g_assert_cmpstr (hw_test_erp_status (answer, 0), ==, "unchanged");
  call (&response, "GET", "/api/v1/channel/auth/me", token, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

/* Deactivating a user or blocking an account ends their sessions at once. */
static void
test_sessions_end (void)
{
  g_autofree char *user_path = g_strdup_printf ("/api/v1/users/%s",
                                                world.users[HW_TEST_A_NOORDER]);
  g_autofree char *token = hw_test_channel_login (&world, world.emails[HW_TEST_A_NOORDER],
                                                  HW_TEST_PASSWORD, 200);
  g_auto(HwTestResponse) patched = { 0, };
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, "GET", "/api/v1/channel/auth/me", token, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  hw_test_patch (world.server.session, world.server.url, &patched, user_path,
                 world.server.owner, "{\"active\": false}");
  g_assert_cmpuint (patched.status, ==, 200);
  call (&response, "GET", "/api/v1/channel/products", token, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 401,
                          "unauthorized");

  hw_test_response_clear (&patched);
  hw_test_patch (world.server.session, world.server.url, &patched, user_path,
                 world.server.owner, "{\"active\": true}");
  g_assert_cmpuint (patched.status, ==, 200);
  call (&response, "GET", "/api/v1/channel/products", token, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

/* Catalogue */

static void
test_catalog (void)
{
  g_autoptr(JsonObject) page = get_object ("/api/v1/channel/products", A_BUYER, 200);
  g_autoptr(GPtrArray) ids = ids_of (page);
  JsonArray *items = json_object_get_array_member (page, "items");
  gboolean seen_pro = FALSE;

  /* Active and discontinued, not blocked, not hidden from A. */
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 5);
  g_assert_cmpuint (ids->len, ==, 5);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (page, "next_cursor")));
  g_assert_true (has_id (ids, world.products[HW_TEST_DRILL]));
  g_assert_true (has_id (ids, world.products[HW_TEST_OLD]));
  g_assert_true (has_id (ids, world.products[HW_TEST_SECRET_A]));
  g_assert_false (has_id (ids, world.products[HW_TEST_BANNED]));
  g_assert_false (has_id (ids, world.products[HW_TEST_SECRET_B]));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *price = json_object_get_object_member (item, "price");
      JsonObject *conditions = json_object_get_object_member (item, "conditions");
      const char *sku = json_object_get_string_member (item, "sku");

      g_assert_nonnull (price);
      g_assert_nonnull (conditions);
      g_assert_cmpstr (json_object_get_string_member (price, "currency"), ==, "EUR");
      g_assert_cmpint (json_object_get_boolean_member (item, "orderable"), ==,
                       !g_str_equal (sku, "old"));
      if (g_str_equal (sku, "drill"))
        g_assert_cmpint (json_object_get_int_member (price, "unit_price"), ==, 1000);
      if (g_str_equal (sku, "drill-pro"))
        {
          /* Quoted for the first quantity its conditions allow. */
          g_assert_cmpint (json_object_get_int_member (price, "quantity"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (conditions, "min_qty"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (conditions, "order_multiple"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (conditions, "max_qty"), ==, 10);
          seen_pro = TRUE;
        }
    }
  g_assert_true (seen_pro);
}

static void
test_catalog_filters (void)
{
  g_autofree char *drills = g_strdup_printf ("/api/v1/channel/products?category=%s",
                                             world.drills);
  g_autofree char *tools = g_strdup_printf ("/api/v1/channel/products?category=%s",
                                            world.tools);
  g_autoptr(JsonObject) page = NULL;

  page = get_object (drills, A_BUYER, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 2);
  g_clear_pointer (&page, json_object_unref);

  /* A category is its subtree. */
  page = get_object (tools, A_BUYER, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 3);
  g_clear_pointer (&page, json_object_unref);

  page = get_object ("/api/v1/channel/products?q=drill", A_BUYER, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 2);
  g_clear_pointer (&page, json_object_unref);

  page = get_object ("/api/v1/channel/products?q=nothing-like-it", A_BUYER, 200);
  g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")), ==, 0);
}

/* Following the cursor visits every visible product once. */
static void
test_catalog_paging (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) page = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      JsonNode *next;

      path = cursor == NULL ? g_strdup ("/api/v1/channel/products?limit=2")
                            : g_strdup_printf ("/api/v1/channel/products?limit=2&cursor=%s",
                                               cursor);
      page = get_object (path, A_BUYER, 200);
      ids = ids_of (page);
      g_assert_cmpuint (ids->len, <=, 2);
      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (g_ptr_array_index (ids, i))));

      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (page, "next_cursor");
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
}

/* A search runs in a worker thread, the request waiting meanwhile: its pages, cursor,
 * total and errors are those of any other catalogue request. */
static void
test_catalog_search (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  g_autofree char *in_paint = g_strdup_printf ("/api/v1/channel/products?q=drill&category=%s",
                                               world.paint);
  g_autoptr(JsonObject) none = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };
  guint pages = 0;

  /* Every product's brand is Acme: the search pages through all five A_BUYER sees. */
  do
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) page = NULL;
      g_autoptr(GPtrArray) ids = NULL;
      JsonNode *next;

      path = cursor == NULL ? g_strdup ("/api/v1/channel/products?q=ACME&limit=2")
                            : g_strdup_printf ("/api/v1/channel/products?q=ACME&limit=2&cursor=%s",
                                               cursor);
      page = get_object (path, A_BUYER, 200);
      g_assert_cmpint (json_object_get_int_member (page, "total"), ==, 5);
      ids = ids_of (page);
      for (guint i = 0; i < ids->len; i++)
        g_assert_true (g_hash_table_add (seen, g_strdup (g_ptr_array_index (ids, i))));

      g_clear_pointer (&cursor, g_free);
      next = json_object_get_member (page, "next_cursor");
      if (next != NULL && !JSON_NODE_HOLDS_NULL (next))
        cursor = g_strdup (json_node_get_string (next));
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_false (g_hash_table_contains (seen, world.products[HW_TEST_SECRET_B]));

  /* With a category: the search stays inside it. */
  none = get_object (in_paint, A_BUYER, 200);
  g_assert_cmpint (json_object_get_int_member (none, "total"), ==, 0);

  /* The engine's refusal comes back from the worker as the same problem. */
  call (&response, "GET", "/api/v1/channel/products?q=drill&category=nope", A_BUYER, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                          "validation-failed");
}

static void
test_catalog_bad_input (void)
{
  g_autofree char *hidden_cursor = g_strdup_printf ("/api/v1/channel/products?cursor=%s",
                                                    world.products[HW_TEST_SECRET_B]);
  g_autofree char *missing_cursor = g_strdup_printf ("/api/v1/channel/products?cursor=%s",
                                                     world.accounts[0]);
  const char *paths[] = {
    "/api/v1/channel/products?limit=0", "/api/v1/channel/products?limit=many",
    "/api/v1/channel/products?account=x", "/api/v1/channel/products?category=nope",
    hidden_cursor, missing_cursor,
  };
  g_autofree char *first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(HwTestChannelResponse) response = { 0, };

      call (&response, "GET", paths[i], A_BUYER, NULL);
      hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                              "validation-failed");

      /* A hidden product's id as a cursor is refused like an id of nothing. */
      if (paths[i] == hidden_cursor)
        first = hw_test_channel_response_text (&response);
      if (paths[i] == missing_cursor)
        {
          g_autofree char *text = hw_test_channel_response_text (&response);

          g_assert_cmpstr (text, ==, first);
        }
    }
}

static void
test_no_prices (void)
{
  g_autoptr(JsonObject) page = get_object ("/api/v1/channel/products",
                                           world.tokens[HW_TEST_A_NOPRICE], 200);
  JsonArray *items = json_object_get_array_member (page, "items");
  g_autofree char *detail_path = product_path (HW_TEST_DRILL);
  g_autofree char *price_path = g_strdup_printf ("/api/v1/channel/prices?product=%s",
                                                 world.products[HW_TEST_DRILL]);
  g_autoptr(JsonObject) detail = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };

  g_assert_cmpuint (json_array_get_length (items), ==, 5);
  for (guint i = 0; i < json_array_get_length (items); i++)
    g_assert_false (json_object_has_member (json_array_get_object_element (items, i), "price"));

  detail = get_object (detail_path, world.tokens[HW_TEST_A_NOPRICE], 200);
  g_assert_false (json_object_has_member (detail, "price"));

  call (&response, "GET", price_path, world.tokens[HW_TEST_A_NOPRICE], NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 403,
                          "forbidden");
}

static void
test_no_ordering (void)
{
  g_autofree char *path = product_path (HW_TEST_DRILL);
  g_autoptr(JsonObject) detail = get_object (path, world.tokens[HW_TEST_A_NOORDER], 200);

  g_assert_false (json_object_get_boolean_member (detail, "orderable"));
}

/* Hidden, blocked and missing products answer alike. */
static void
test_product (void)
{
  g_autofree char *drill = product_path (HW_TEST_DRILL);
  g_autofree char *banned = product_path (HW_TEST_BANNED);
  g_autofree char *hidden = product_path (HW_TEST_SECRET_B);
  g_autofree char *missing = g_strdup_printf ("/api/v1/channel/products/%s",
                                              world.users[HW_TEST_A_BUYER]);
  g_autoptr(JsonObject) product = get_object (drill, A_BUYER, 200);
  g_autofree char *banned_text = not_found_text (banned, A_BUYER);
  g_autofree char *hidden_text = not_found_text (hidden, A_BUYER);
  g_autofree char *missing_text = not_found_text (missing, A_BUYER);
  g_autofree char *garbage_text = not_found_text ("/api/v1/channel/products/'%20OR%201=1",
                                                  A_BUYER);

  g_assert_cmpstr (json_object_get_string_member (product, "sku"), ==, "drill");
  g_assert_cmpstr (json_object_get_string_member (product, "category_id"), ==, world.drills);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (product, "price"),
                                               "unit_price"), ==, 1000);
  g_assert_cmpstr (banned_text, ==, missing_text);
  g_assert_cmpstr (hidden_text, ==, missing_text);
  g_assert_cmpstr (garbage_text, ==, missing_text);
}

static void
test_prices (void)
{
  g_autofree char *hidden = g_strdup_printf ("/api/v1/channel/prices?product=%s&qty=1",
                                             world.products[HW_TEST_SECRET_B]);
  g_autofree char *zero = g_strdup_printf ("/api/v1/channel/prices?product=%s&qty=0",
                                           world.products[HW_TEST_DRILL]);
  g_auto(HwTestChannelResponse) response = { 0, };

  g_assert_cmpint (price_of (HW_TEST_DRILL, A_BUYER, 3), ==, 1000);
  g_assert_cmpint (price_of (HW_TEST_DRILL, world.tokens[HW_TEST_B_BUYER], 3), ==, 600);
  g_assert_cmpint (price_of (HW_TEST_PAINT, A_BUYER, 1), ==, 500);

  call (&response, "GET", hidden, A_BUYER, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 404,
                          "not-found");
  call (&response, "GET", zero, A_BUYER, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                          "validation-failed");
  call (&response, "GET", "/api/v1/channel/prices", A_BUYER, NULL);
  hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                          "validation-failed");
}

/* Changes by staff and the ERP, seen by the next channel request */

static void
staff (const char *method,
       const char *path,
       const char *body,
       guint       status,
       char      **out_id)
{
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, method, path, world.server.owner, body);
  if (response.status != status)
    {
      g_autofree char *text = hw_test_channel_response_text (&response);

      g_error ("%s %s: %u %s", method, path, response.status, text);
    }
  if (out_id != NULL)
    {
      g_autoptr(JsonObject) made = hw_test_parse_object (response.body);

      *out_id = g_strdup (json_object_get_string_member (made, "id"));
    }
}

static void
staff_delete (const char *path)
{
  g_auto(HwTestResponse) current = { 0, };
  g_auto(HwTestResponse) response = { 0, };
  g_autofree char *url = g_strconcat (world.server.url, path, NULL);

  hw_test_send_response (world.server.session, &current, "GET", url, world.server.owner, NULL,
                         NULL, -1);
  g_assert_cmpuint (current.status, ==, 200);
  hw_test_send_response (world.server.session, &response, "DELETE", url, world.server.owner,
                         current.etag, NULL, -1);
  g_assert_cmpuint (response.status, ==, 204);
}

/* Whether A's buyer sees @product, asked both ways: as an item (200 or 404) and in the
 * catalogue page, which the server keeps for answering again until something changes.
 * The item is asked before and after the page: when a validity window opens between
 * them the two answers differ, and the page may show either side of that moment. */
static guint
visible_status (HwTestProduct product)
{
  g_autofree char *path = product_path (product);
  g_auto(HwTestChannelResponse) before = { 0, };
  g_auto(HwTestChannelResponse) after = { 0, };
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  call (&before, "GET", path, A_BUYER, NULL);
  page = get_object ("/api/v1/channel/products?limit=200", A_BUYER, 200);
  ids = ids_of (page);
  call (&after, "GET", path, A_BUYER, NULL);

  if (before.status == after.status)
    g_assert_cmpint (has_id (ids, world.products[product]), ==, after.status == 200);
  return after.status;
}

/* The price of @product in A's buyer's catalogue page. */
static gint64
page_price_of (HwTestProduct product)
{
  g_autoptr(JsonObject) page = get_object ("/api/v1/channel/products?limit=200", A_BUYER, 200);
  JsonArray *items = json_object_get_array_member (page, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "id"), world.products[product]))
        return json_object_get_int_member (json_object_get_object_member (item, "price"),
                                           "unit_price");
    }

  g_assert_not_reached ();
}

static void
test_fresh_rule (void)
{
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
  body = g_strdup_printf ("{\"scope\": \"account\", \"scope_value\": \"%s\","
                          " \"target\": \"product\", \"target_id\": \"%s\","
                          " \"effect\": \"hide\", \"priority\": 0}",
                          world.accounts[0], world.products[HW_TEST_PAINT]);
  staff ("POST", "/api/v1/visibility-rules", body, 201, &id);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 404);

  path = g_strdup_printf ("/api/v1/visibility-rules/%s", id);
  staff_delete (path);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
}

static void
test_fresh_catalogue (void)
{
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *account_path = g_strdup_printf ("/api/v1/accounts/%s", world.accounts[0]);
  g_auto(HwTestResponse) patched = { 0, };

  /* A catalogue of A's own that leaves Paint out. */
  body = g_strdup_printf ("{\"name\": \"A only\", \"default_visibility\": \"all\","
                          " \"entries\": [{\"target_type\": \"category\", \"target_id\": \"%s\","
                          " \"effect\": \"exclude\"}]}", world.paint);
  staff ("POST", "/api/v1/catalogues", body, 201, &id);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"catalogue_id\": \"%s\"}", id);
  hw_test_patch (world.server.session, world.server.url, &patched, account_path,
                 world.server.owner, body);
  g_assert_cmpuint (patched.status, ==, 200);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 404);
  g_assert_cmpuint (visible_status (HW_TEST_SECRET_A), ==, 404);
  g_assert_cmpuint (visible_status (HW_TEST_DRILL), ==, 200);

  hw_test_response_clear (&patched);
  hw_test_patch (world.server.session, world.server.url, &patched, account_path,
                 world.server.owner, "{\"catalogue_id\": null}");
  g_assert_cmpuint (patched.status, ==, 200);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
}

static void
test_fresh_price (void)
{
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;

  g_assert_cmpint (price_of (HW_TEST_PAINT, A_BUYER, 1), ==, 500);
  body = g_strdup_printf ("{\"account_id\": \"%s\", \"product_id\": \"%s\", \"currency\": \"EUR\","
                          " \"tiers\": [{\"min_qty\": 1, \"amount\": 450}]}",
                          world.accounts[0], world.products[HW_TEST_PAINT]);
  g_assert_cmpint (page_price_of (HW_TEST_PAINT), ==, 500);
  staff ("POST", "/api/v1/price-agreements", body, 201, &id);
  g_assert_cmpint (price_of (HW_TEST_PAINT, A_BUYER, 1), ==, 450);
  g_assert_cmpint (page_price_of (HW_TEST_PAINT), ==, 450);
  /* B's price stays as it was. */
  g_assert_cmpint (price_of (HW_TEST_PAINT, world.tokens[HW_TEST_B_BUYER], 1), ==, 500);

  path = g_strdup_printf ("/api/v1/price-agreements/%s", id);
  staff_delete (path);
  g_assert_cmpint (price_of (HW_TEST_PAINT, A_BUYER, 1), ==, 500);
  g_assert_cmpint (page_price_of (HW_TEST_PAINT), ==, 500);
}

/* A rule that starts to apply a little later, with no write in between: the kept pages
 * must go when its window opens. Polled, never timed: the answer must change, however
 * long the server takes to notice (within the test's timeout). */
static void
test_fresh_window (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_seconds (now, 3);
  g_autofree char *from = g_date_time_format_iso8601 (start);
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = NULL;
  guint polls = 0;

  body = g_strdup_printf ("{\"scope\": \"account\", \"scope_value\": \"%s\","
                          " \"target\": \"product\", \"target_id\": \"%s\","
                          " \"effect\": \"hide\", \"priority\": 0, \"valid_from\": \"%s\"}",
                          world.accounts[0], world.products[HW_TEST_PAINT], from);
  staff ("POST", "/api/v1/visibility-rules", body, 201, &id);

  /* Not yet valid: visible, and the page is kept. */
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
  while (visible_status (HW_TEST_PAINT) == 200)
    {
      g_usleep (G_USEC_PER_SEC / 10);
      polls++;
    }
  g_assert_cmpuint (polls, >, 0);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 404);

  path = g_strdup_printf ("/api/v1/visibility-rules/%s", id);
  staff_delete (path);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
}

/* Product status and base price are the ERP's. */
static void
test_fresh_status (void)
{
  g_autofree char *erp = hw_test_fixture_api_token (&world.server, "erp.products");
  g_auto(HwTestChannelResponse) response = { 0, };

  call (&response, "POST", "/api/v1/erp/products", erp,
        "[{\"erp_id\": \"paint\", \"sku\": \"paint\", \"name\": \"Product paint\","
        " \"unit\": \"pc\", \"status\": \"blocked\", \"currency\": \"EUR\","
        " \"base_price\": 500}]");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 404);

  call (&response, "POST", "/api/v1/erp/products", erp,
        "[{\"erp_id\": \"paint\", \"sku\": \"paint\", \"name\": \"Product paint\","
        " \"unit\": \"pc\", \"status\": \"active\", \"currency\": \"EUR\","
        " \"base_price\": 550}]");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpuint (visible_status (HW_TEST_PAINT), ==, 200);
  g_assert_cmpint (price_of (HW_TEST_PAINT, A_BUYER, 1), ==, 550);
}

/* Login failures, last: they throttle the address */

static void
test_login_failures (void)
{
  g_autofree char *wrong = NULL;
  g_autofree char *unknown = NULL;
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autofree char *body = hw_test_login_body (world.emails[HW_TEST_A_BUYER], HW_TEST_PASSWORD);

  call (&response, "POST", "/api/v1/channel/auth/login", NULL, "{\"email\": \"x@y.z\"}");
  hw_test_assert_problem (response.status, response.content_type, response.body, 422,
                          "validation-failed");

  /* Every failure answers alike: nothing tells which emails exist or why. */
  g_assert_null (hw_test_channel_login (&world, world.emails[HW_TEST_A_BUYER],
                                        "not the password", 401));
  call (&response, "POST", "/api/v1/channel/auth/login", NULL,
        "{\"email\": \"nobody@nowhere.example\", \"password\": \"whatever it is\"}");
  hw_test_assert_problem (response.status, response.content_type, response.body, 401,
                          "unauthorized");
  unknown = hw_test_channel_response_text (&response);
  call (&response, "POST", "/api/v1/channel/auth/login", NULL,
        "{\"email\": \"a-buyer@a.example\", \"password\": \"whatever it is\"}");
  wrong = hw_test_channel_response_text (&response);
  g_assert_cmpstr (unknown, ==, wrong);

  /* An inactive user and a user of a blocked account cannot log in. */
  g_assert_null (hw_test_channel_login (&world, world.emails[HW_TEST_A_INACTIVE],
                                        HW_TEST_PASSWORD, 401));
  g_assert_null (hw_test_channel_login (&world, world.emails[HW_TEST_C_BUYER],
                                        HW_TEST_PASSWORD, 401));

  /* Five failures from this address: now even the right password waits. */
  call (&response, "POST", "/api/v1/channel/auth/login", NULL, body);
  hw_test_assert_problem (response.status, response.content_type, response.body, 429,
                          "too-many-requests");
  g_assert_nonnull (response.retry_after);
  g_assert_cmpint (g_ascii_strtoll (response.retry_after, NULL, 10), >, 0);

  /* Sessions made before are not affected. */
  call (&response, "GET", "/api/v1/channel/auth/me", A_BUYER, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/channel/me", test_me);
  g_test_add_func ("/server/channel/token-kinds", test_token_kinds);
  g_test_add_func ("/server/channel/logout", test_logout);
  g_test_add_func ("/server/channel/password", test_password);
  g_test_add_func ("/server/channel/erp-password", test_erp_password);
  g_test_add_func ("/server/channel/sessions-end", test_sessions_end);
  g_test_add_func ("/server/channel/catalog", test_catalog);
  g_test_add_func ("/server/channel/catalog-filters", test_catalog_filters);
  g_test_add_func ("/server/channel/catalog-paging", test_catalog_paging);
  g_test_add_func ("/server/channel/catalog-search", test_catalog_search);
  g_test_add_func ("/server/channel/catalog-bad-input", test_catalog_bad_input);
  g_test_add_func ("/server/channel/no-prices", test_no_prices);
  g_test_add_func ("/server/channel/no-ordering", test_no_ordering);
  g_test_add_func ("/server/channel/product", test_product);
  g_test_add_func ("/server/channel/prices", test_prices);
  g_test_add_func ("/server/channel/fresh-rule", test_fresh_rule);
  g_test_add_func ("/server/channel/fresh-catalogue", test_fresh_catalogue);
  g_test_add_func ("/server/channel/fresh-price", test_fresh_price);
  g_test_add_func ("/server/channel/fresh-status", test_fresh_status);
  g_test_add_func ("/server/channel/fresh-window", test_fresh_window);
  g_test_add_func ("/server/channel/login-failures", test_login_failures);

  hw_test_channel_world_set_up (&world, "hw-channel-XXXXXX");
  status = g_test_run ();
  hw_test_channel_world_tear_down (&world);

  return status;
}
