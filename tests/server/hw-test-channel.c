/* hw-test-channel.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-test-channel.h"

/* The world of hw-test-channel.h, and requests as a channel user. */

static const char * const emails[HW_TEST_N_USERS] = {
  "a-buyer@a.example", "a-admin@a.example", "a-noprice@a.example", "a-noorder@a.example",
  "a-inactive@a.example", "b-buyer@b.example", "b-admin@b.example", "c-buyer@c.example",
};

static char *
make_category (HwStore    *store,
               const char *name,
               const char *parent_id)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (category)->id);
}

static char *
make_product (HwStore    *store,
              const char *sku,
              const char *category_id,
              const char *status,
              gint64      base_price)
{
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup (sku);
  product->erp_id = g_strdup (sku);
  product->name = g_strdup_printf ("Product %s", sku);
  product->brand = g_strdup ("Acme");
  product->unit = g_strdup ("pc");
  product->status = g_strdup (status);
  product->category_id = g_strdup (category_id);
  product->base_price = base_price;
  product->currency = g_strdup ("EUR");
  if (g_str_equal (sku, "drill-pro"))
    {
      product->min_qty = 2;
      product->order_multiple = 2;
      product->max_qty = 10;
    }
  g_assert_true (hw_store_create_product (store, product, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (product)->id);
}

static char *
make_account (HwStore    *store,
              const char *number,
              const char *segment,
              const char *status)
{
  g_autoptr(HwAccount) account = hw_account_new ();
  g_autoptr(GError) error = NULL;

  account->customer_number = g_strdup (number);
  account->name = g_strdup_printf ("Account %s", number);
  account->segment = g_strdup (segment);
  account->currency = g_strdup ("EUR");
  account->status = g_strdup (status);
  g_assert_true (hw_store_create_account (store, account, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (account)->id);
}

static char *
make_user (HwStore    *store,
           const char *account_id,
           const char *email,
           const char *role)
{
  g_autoptr(HwUser) user = hw_user_new ();
  g_autoptr(GError) error = NULL;

  user->account_id = g_strdup (account_id);
  user->email = g_strdup (email);
  user->name = g_strdup (email);
  user->role = g_strdup (role);
  user->show_prices = strstr (email, "noprice") == NULL;
  user->can_order = strstr (email, "noorder") == NULL;
  user->active = strstr (email, "inactive") == NULL;
  user->order_limit = strstr (email, "buyer") != NULL ? 5000 : HW_NONE;
  g_assert_true (hw_store_create_user (store, user, &error));
  g_assert_no_error (error);
  return g_strdup (HW_ENTITY (user)->id);
}

static void
make_hide_rule (HwStore    *store,
                const char *account_id,
                const char *product_id)
{
  g_autoptr(HwVisibilityRule) rule = hw_visibility_rule_new ();
  g_autoptr(GError) error = NULL;

  rule->scope = g_strdup ("account");
  rule->scope_value = g_strdup (account_id);
  rule->target = g_strdup ("product");
  rule->target_id = g_strdup (product_id);
  rule->effect = g_strdup ("hide");
  g_assert_true (hw_store_create_visibility_rule (store, rule, &error));
  g_assert_no_error (error);
}

static void
write_world (HwTestChannelWorld *world)
{
  g_autoptr(HwStore) store = hw_test_fixture_open_store (&world->server);
  g_autoptr(HwCatalogue) catalogue = hw_catalogue_new ();
  g_autoptr(HwPriceAgreement) agreement = hw_price_agreement_new ();
  g_autoptr(GError) error = NULL;
  HwPriceTier *tier;

  world->tools = make_category (store, "Tools", NULL);
  world->drills = make_category (store, "Drills", world->tools);
  world->paint = make_category (store, "Paint", NULL);

  world->products[HW_TEST_DRILL] = make_product (store, "drill", world->drills, "active", 1000);
  world->products[HW_TEST_DRILL_PRO] = make_product (store, "drill-pro", world->drills, "active",
                                                     2000);
  world->products[HW_TEST_PAINT] = make_product (store, "paint", world->paint, "active", 500);
  world->products[HW_TEST_OLD] = make_product (store, "old", world->tools, "discontinued", 300);
  world->products[HW_TEST_BANNED] = make_product (store, "banned", world->tools, "blocked", 100);
  world->products[HW_TEST_SECRET_A] = make_product (store, "secret-a", world->paint, "active",
                                                    700);
  world->products[HW_TEST_SECRET_B] = make_product (store, "secret-b", world->paint, "active",
                                                    800);

  catalogue->name = g_strdup ("Everything");
  catalogue->default_visibility = g_strdup ("all");
  catalogue->is_default = TRUE;
  g_assert_true (hw_store_create_catalogue (store, catalogue, &error));
  g_assert_no_error (error);

  world->accounts[0] = make_account (store, "A-1", "retail", "active");
  world->accounts[1] = make_account (store, "B-1", "wholesale", "active");
  world->accounts[2] = make_account (store, "C-1", "retail", "blocked");

  for (guint i = 0; i < HW_TEST_N_USERS; i++)
    {
      guint account = emails[i][0] == 'a' ? 0 : emails[i][0] == 'b' ? 1 : 2;

      world->emails[i] = emails[i];
      world->users[i] = make_user (store, world->accounts[account], emails[i],
                                   strstr (emails[i], "admin") != NULL ? "account_admin"
                                                                       : "buyer");
    }

  make_hide_rule (store, world->accounts[1], world->products[HW_TEST_SECRET_A]);
  make_hide_rule (store, world->accounts[0], world->products[HW_TEST_SECRET_B]);

  agreement->account_id = g_strdup (world->accounts[1]);
  agreement->product_id = g_strdup (world->products[HW_TEST_DRILL]);
  agreement->currency = g_strdup ("EUR");
  tier = hw_price_agreement_add_tier (agreement, 1, 600);
  g_assert_nonnull (tier);
  g_assert_true (hw_store_create_price_agreement (store, agreement, &error));
  g_assert_no_error (error);
  world->agreement = g_strdup (HW_ENTITY (agreement)->id);
}

/**
 * hw_test_channel_world_set_up:
 *
 * Writes the world and an ERP integration, starts the server, sets every user's password as the owner and logs
 * every user who can in.
 */
void
hw_test_channel_world_set_up (HwTestChannelWorld *world,
                              const char         *tmpl)
{
  hw_test_fixture_prepare (&world->server, tmpl, NULL);
  hw_test_fixture_add_integration (&world->server);
  write_world (world);
  hw_test_fixture_start (&world->server);

  for (guint i = 0; i < HW_TEST_N_USERS; i++)
    {
      g_auto(HwTestChannelResponse) response = { 0, };
      g_autofree char *path = g_strdup_printf ("/api/v1/users/%s/password", world->users[i]);
      g_autofree char *body = g_strdup_printf ("{\"password\": \"%s\"}", HW_TEST_PASSWORD);

      hw_test_channel_call (world, &response, "PUT", path, world->server.owner, body, NULL);
      g_assert_cmpuint (response.status, ==, 204);
    }

  for (guint i = 0; i < HW_TEST_N_USERS; i++)
    if (i != HW_TEST_A_INACTIVE && i != HW_TEST_C_BUYER)
      world->tokens[i] = hw_test_channel_login (world, world->emails[i], HW_TEST_PASSWORD, 200);
}

void
hw_test_channel_world_tear_down (HwTestChannelWorld *world)
{
  hw_test_fixture_stop (&world->server);
  g_clear_pointer (&world->tools, g_free);
  g_clear_pointer (&world->drills, g_free);
  g_clear_pointer (&world->paint, g_free);
  g_clear_pointer (&world->agreement, g_free);
  for (guint i = 0; i < HW_TEST_N_PRODUCTS; i++)
    g_clear_pointer (&world->products[i], g_free);
  for (guint i = 0; i < G_N_ELEMENTS (world->accounts); i++)
    g_clear_pointer (&world->accounts[i], g_free);
  for (guint i = 0; i < HW_TEST_N_USERS; i++)
    {
      g_clear_pointer (&world->users[i], g_free);
      g_clear_pointer (&world->tokens[i], g_free);
    }
}

void
hw_test_channel_response_clear (HwTestChannelResponse *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->location, g_free);
  g_clear_pointer (&response->retry_after, g_free);
  g_clear_pointer (&response->replayed, g_free);
  response->status = 0;
}

char *
hw_test_channel_response_text (const HwTestChannelResponse *response)
{
  return g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
}

/**
 * hw_test_channel_call:
 * @token: (nullable): the bearer token
 * @body: (nullable): a JSON body
 * @idempotency_key: (nullable): an Idempotency-Key
 *
 * Sends one request to the world's server; the answer must not be a 5xx and, behind
 * prism, must match the OpenAPI document.
 */
void
hw_test_channel_call (HwTestChannelWorld    *world,
                      HwTestChannelResponse *response,
                      const char            *method,
                      const char            *path,
                      const char            *token,
                      const char            *body,
                      const char            *idempotency_key)
{
  g_autofree char *joined = g_strconcat (world->server.url, path, NULL);
  g_autofree char *url = hw_test_target_url (joined, body, -1);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  hw_test_channel_response_clear (response);
  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *header = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", header);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  response->body = soup_session_send_and_read (world->server.session, msg, NULL, &error);
  g_assert_no_error (error);
  hw_test_assert_contract (msg);

  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->replayed = g_strdup (soup_message_headers_get_one (headers, "Idempotent-Replayed"));
  g_assert_cmpuint (response->status, <, 500);
}

/* The object @path answers with @expected_status; NULL for a 204. */
JsonObject *
hw_test_channel_get_object (HwTestChannelWorld *world,
                            const char         *path,
                            const char         *token,
                            guint               expected_status)
{
  g_auto(HwTestChannelResponse) response = { 0, };

  hw_test_channel_call (world, &response, "GET", path, token, NULL, NULL);
  if (response.status != expected_status)
    {
      g_autofree char *text = hw_test_channel_response_text (&response);

      g_error ("GET %s: %u, expected %u: %s", path, response.status, expected_status, text);
    }

  return hw_test_parse_object (response.body);
}

/* Logs @email in on the channel; the token for a 200, else NULL. */
char *
hw_test_channel_login (HwTestChannelWorld *world,
                       const char         *email,
                       const char         *password,
                       guint               expected_status)
{
  g_auto(HwTestChannelResponse) response = { 0, };
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *body = NULL;

  body = hw_test_login_body (email, password);
  hw_test_channel_call (world, &response, "POST", "/api/v1/channel/auth/login", NULL, body, NULL);
  g_assert_cmpuint (response.status, ==, expected_status);
  if (expected_status != 200)
    return NULL;

  answer = hw_test_parse_object (response.body);
  g_assert_true (json_object_has_member (answer, "expires_at"));
  return g_strdup (json_object_get_string_member (answer, "token"));
}

gint64
hw_test_channel_revision (HwTestChannelWorld *world)
{
  return hw_test_revision (world->server.session, world->server.url);
}
