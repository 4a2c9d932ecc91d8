/* test-contract.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every operation of every staff resource in data/api/openapi.yaml, once each, on
 * seeded demo data: lists, one item read, changed, replaced and deleted, and the main
 * error answers, so that prism (when meson found it) checks the
 * responses of the resources the other tests do not reach. The statuses are checked here
 * too, so the test means something without prism. */

#include "config.h"

#include <string.h>

#include "hw-server-cli.h"

#include "hw-test-server.h"

#define MISSING_ID "00000000-0000-4000-8000-000000000000"

static HwTestFixture fixture;

/* The staff resources, as their collection paths. */
static const char * const resources[] = {
  "categories", "attributes", "products", "product-relations", "catalogues", "accounts",
  "users", "visibility-rules", "price-lists", "prices", "price-agreements",
  "discount-rules", "orders", "integrations", "integration-runs",
};

/* @method @path as the owner, with If-Match "1" (nullable @body); the status must be
 * @status. The helper checks the answer against the document. */
static void
expect (const char *method,
        const char *path,
        const char *if_match,
        const char *body,
        guint       status)
{
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;

  msg = hw_test_send (fixture.session, method, url, authorization, if_match, body, -1,
                      &bytes);
  if (soup_message_get_status (msg) != status)
    g_test_message ("%s %s: %.*s", method, path, (int) g_bytes_get_size (bytes),
                    (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
}

static void
test_resource (gconstpointer data)
{
  const char *name = data;
  g_autofree char *collection = g_strconcat ("/api/v1/", name, NULL);
  g_autofree char *item = g_strconcat (collection, "/", MISSING_ID, NULL);
  g_autofree char *paged = g_strconcat (collection, "?limit=1", NULL);
  g_autofree char *bad_limit = g_strconcat (collection, "?limit=0", NULL);

  expect ("GET", collection, NULL, NULL, 200);
  expect ("GET", paged, NULL, NULL, 200);
  expect ("GET", bad_limit, NULL, NULL, 422);
  expect ("POST", collection, NULL, "{}", 422);
  expect ("GET", item, NULL, NULL, 404);
  expect ("PUT", item, "\"1\"", "{}", 404);
  expect ("PATCH", item, "\"1\"", "{}", 404);
  expect ("DELETE", item, "\"1\"", NULL, 404);
  expect ("DELETE", item, NULL, NULL, 428);
}

/* The first item of a seeded resource: read, changed by an empty PATCH, written back
 * whole with PUT, deleted. Statuses of these depend on the item (a PUT may find read-only
 * fields, a DELETE references), so any answer but a server error is taken, and prism
 * checks each against the document. */
static void
test_item (gconstpointer data)
{
  const char *name = data;
  g_autofree char *collection = g_strconcat (fixture.url, "/api/v1/", name, "?limit=1", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *text = NULL;
  JsonArray *items;
  const char *methods[] = { "PATCH", "PUT", "DELETE" };

  msg = hw_test_send (fixture.session, "GET", collection, authorization, NULL, NULL, -1,
                      &bytes);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  list = hw_test_parse_object (bytes);
  items = json_object_get_array_member (list, "items");
  /* The seeded data has items of every resource, so that none goes unchecked. */
  g_assert_cmpuint (json_array_get_length (items), >, 0);

  url = g_strconcat (fixture.url, "/api/v1/", name, "/",
                     json_object_get_string_member (json_array_get_object_element (items, 0),
                                                    "id"), NULL);
  g_clear_object (&msg);
  g_clear_pointer (&bytes, g_bytes_unref);
  msg = hw_test_send (fixture.session, "GET", url, authorization, NULL, NULL, -1, &bytes);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  item = hw_test_parse_object (bytes);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "ETag"));
  g_assert_nonnull (etag);

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      const char *body = g_str_equal (methods[i], "PATCH") ? "{}"
                         : g_str_equal (methods[i], "PUT") ? text : NULL;
      const char *tag;

      g_clear_object (&msg);
      g_clear_pointer (&bytes, g_bytes_unref);
      msg = hw_test_send (fixture.session, methods[i], url, authorization, etag, body, -1,
                          &bytes);
      g_test_message ("%s %s: %u", methods[i], name, soup_message_get_status (msg));
      g_assert_cmpuint (soup_message_get_status (msg), <, 500);
      tag = soup_message_headers_get_one (soup_message_get_response_headers (msg), "ETag");
      if (tag != NULL)
        {
          g_free (etag);
          etag = g_strdup (tag);
        }
    }
}

/* Logs out a second session of the owner, so the fixture's token stays valid. */
static void
logout (void)
{
  g_autofree char *token = hw_test_login_token (fixture.session, fixture.url,
                                                "owner@example.com", HW_TEST_PASSWORD);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/auth/logout", NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;

  msg = hw_test_send (fixture.session, "POST", url, authorization, NULL, NULL, -1, &bytes);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 204);
}

static void
test_system (void)
{
  g_autofree char *tokens = g_strconcat ("/api/v1/integrations/", MISSING_ID, "/tokens",
                                         NULL);
  g_autofree char *token = g_strconcat (tokens, "/", MISSING_ID, NULL);

  expect ("GET", "/api/v1/health", NULL, NULL, 200);
  expect ("GET", "/api/v1/openapi.yaml", NULL, NULL, 200);
  expect ("GET", "/api/v1/auth/me", NULL, NULL, 200);
  expect ("GET", "/api/v1/changes?since=0", NULL, NULL, 200);
  expect ("GET", "/api/v1/audit?entity=category&id=" MISSING_ID, NULL, NULL, 200);
  expect ("GET", "/api/v1/integration-runs?limit=1", NULL, NULL, 200);
  expect ("GET", tokens, NULL, NULL, 404);
  expect ("DELETE", token, NULL, NULL, 404);
  expect ("GET", "/api/v1/erp/orders", NULL, NULL, 403);
  logout ();
}

/* The check itself, on made-up prism headers: response violations fail the test, those
 * of the request (sent on purpose by many tests) do not. */
static void
check_header (const char *violations)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", "http://127.0.0.1/api/v1/health");

  soup_message_headers_replace (soup_message_get_response_headers (msg), "sl-violations",
                                violations);
  hw_test_assert_contract (msg);
}

static void
test_checker (void)
{
  if (g_test_subprocess ())
    {
      const char *which = g_getenv ("HW_CONTRACT_CASE");

      if (g_str_equal (which, "request"))
        check_header ("[{\"location\":[\"request\",\"body\"],\"severity\":\"Error\","
                      "\"message\":\"Request body must be object\"}]");
      else if (g_str_equal (which, "response"))
        check_header ("[{\"location\":[\"request\"],\"message\":\"x\"},"
                      "{\"location\":[\"response\",\"body\"],\"severity\":\"Error\","
                      "\"message\":\"Response body must have required property 'id'\"}]");
      else
        check_header ("Too many violations! [{\"location\":[\"response\",\"body\"],\"mes");
      return;
    }

  g_setenv ("HW_CONTRACT_CASE", "request", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  g_setenv ("HW_CONTRACT_CASE", "response", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_setenv ("HW_CONTRACT_CASE", "cut-short", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The checker's subprocess runs only that test, without a server. */
  if (g_test_subprocess ())
    {
      g_test_add_func ("/server/contract/checker", test_checker);
      return g_test_run ();
    }

  /* A little demo data, so that every resource has items to read, change and delete. */
  hw_test_fixture_prepare (&fixture, "hw-contract-XXXXXX", (const char * const[]) {
                             "--products", "30", "--accounts", "6", "--users", "6",
                             "--orders", "10", "--now", "2026-01-01", NULL });
  hw_test_fixture_start (&fixture);

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *path = g_strconcat ("/server/contract/", resources[i], NULL);

      g_autofree char *item_path = g_strconcat (path, "/item", NULL);

      g_test_add_data_func (path, resources[i], test_resource);
      g_test_add_data_func (item_path, resources[i], test_item);
    }
  g_test_add_func ("/server/contract/system", test_system);
  g_test_add_func ("/server/contract/checker", test_checker);

  status = g_test_run ();

  hw_test_fixture_stop (&fixture);

  return status;
}
