/* test-api-tokens.c
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

#include "hw-auth-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* The API tokens of integrations through the built binary: owners and admins make, list
 * and revoke them; a token authenticates as its integration, which is refused on staff
 * routes with 403; revoked, expired and unknown tokens get 401. One server serves the
 * tests in order; the database is looked at through core beside it. */

#define PASSWORD "correct horse battery staple"

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  char        *integration_id;
  char        *owner;
  char        *admin;
  char        *editor;
  char        *viewer;
} Fixture;

typedef struct
{
  guint   status;
  char   *content_type;
  char   *cache_control;
  GBytes *body;
} Response;

static Fixture fixture;

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->cache_control, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/* @token: (nullable): the bearer token */
static void
send_request (Response   *response,
              const char *method,
              const char *path,
              const char *token,
              const char *body)
{
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autofree char *header = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  msg = hw_test_send (fixture.session, method, url, header, NULL, body, -1, &response->body);
  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->cache_control = g_strdup (soup_message_headers_get_one (headers, "Cache-Control"));

  g_assert_cmpuint (response->status, <, 500);
}

static void
assert_problem (const Response *response,
                guint           status,
                const char     *slug)
{
  json_object_unref (hw_test_assert_problem (response->status, response->content_type,
                                             response->body, status, slug));
}

static void
assert_field_problem (const Response *response,
                      const char     *field)
{
  g_autoptr(JsonObject) problem = NULL;
  JsonArray *errors;

  problem = hw_test_assert_problem (response->status, response->content_type,
                                    response->body, 422, "validation-failed");
  errors = json_object_get_array_member (problem, "errors");
  g_assert_nonnull (errors);
  g_assert_cmpuint (json_array_get_length (errors), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "field"), ==, field);
}

static char *
tokens_path (const char *integration_id)
{
  return g_strconcat ("/api/v1/integrations/", integration_id, "/tokens", NULL);
}

static char *
login_token (const char *email)
{
  return hw_test_login_token (fixture.session, fixture.url, email, PASSWORD);
}

static HwStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (fixture.db, HW_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

/* Creates a token for the integration as @staff_token; returns the answer's object. */
static JsonObject *
create_token (const char *staff_token,
              const char *body)
{
  g_autofree char *path = tokens_path (fixture.integration_id);
  g_auto(Response) response = { 0, };

  send_request (&response, "POST", path, staff_token, body);
  g_assert_cmpuint (response.status, ==, 201);
  g_assert_cmpstr (response.cache_control, ==, "no-store");

  return hw_test_parse_object (response.body);
}

static guint
status_of (const char *method,
           const char *path,
           const char *token)
{
  g_auto(Response) response = { 0, };

  send_request (&response, method, path, token, NULL);
  if (response.status == 401)
    assert_problem (&response, 401, "unauthorized");
  else if (response.status == 403)
    assert_problem (&response, 403, "forbidden");

  return response.status;
}

/* The staff routes an API token must not use. */
static void
assert_not_staff (const char *token)
{
  g_autofree char *path = tokens_path (fixture.integration_id);

  g_assert_cmpuint (status_of ("GET", "/api/v1/auth/me", token), ==, 403);
  g_assert_cmpuint (status_of ("GET", "/api/v1/products", token), ==, 403);
  g_assert_cmpuint (status_of ("GET", "/api/v1/integrations", token), ==, 403);
  g_assert_cmpuint (status_of ("GET", "/api/v1/changes?since=0", token), ==, 403);
  g_assert_cmpuint (status_of ("GET", "/api/v1/audit?entity=product&id=x", token), ==, 403);
  g_assert_cmpuint (status_of ("GET", path, token), ==, 403);
  g_assert_cmpuint (status_of ("POST", "/api/v1/auth/logout", token), ==, 403);
}

/* Tests */

static void
test_create_and_use (void)
{
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwAuthToken) record = NULL;
  g_autoptr(HwAuthToken) by_raw = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *unknown = hw_server_token_new ();
  const char *token;
  JsonArray *scopes;

  created = create_token (fixture.admin,
                          "{\"scopes\": [\"erp.products\", \"erp.prices\"], "
                          "\"expires_at\": null}");
  token = json_object_get_string_member (created, "token");
  g_assert_nonnull (token);
  hash = hw_server_token_hash (token);
  g_assert_true (g_str_has_prefix (hash, json_object_get_string_member (created, "id")));
  g_assert_cmpuint (strlen (json_object_get_string_member (created, "id")), ==, 12);
  scopes = json_object_get_array_member (created, "scopes");
  g_assert_cmpuint (json_array_get_length (scopes), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (scopes, 0), ==, "erp.products");
  g_assert_cmpstr (json_array_get_string_element (scopes, 1), ==, "erp.prices");
  g_assert_true (json_object_get_null_member (created, "expires_at"));

  /* The database holds the hash, as an API token of the integration, not the token. */
  store = open_store ();
  record = hw_store_lookup_auth_token (store, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->kind, ==, HW_AUTH_TOKEN_API);
  g_assert_cmpstr (record->integration_id, ==, fixture.integration_id);
  g_assert_null (record->staff_user_id);
  g_assert_cmpstr (record->scopes, ==, "erp.products erp.prices");
  g_assert_cmpint (record->expires_at, ==, 0);
  by_raw = hw_store_lookup_auth_token (store, token, &error);
  g_assert_null (by_raw);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* It authenticates (403, not 401) but is not staff; an unknown token is 401. */
  assert_not_staff (token);
  g_assert_cmpuint (status_of ("GET", "/api/v1/auth/me", unknown), ==, 401);
  g_assert_cmpuint (status_of ("GET", "/api/v1/products", unknown), ==, 401);

  /* An expiry in the future is kept. */
  {
    g_autoptr(JsonObject) expiring = NULL;

    expiring = create_token (fixture.owner,
                             "{\"scopes\": [\"erp.orders\"], "
                             "\"expires_at\": \"2099-01-01T00:00:00Z\"}");
    g_assert_cmpstr (json_object_get_string_member (expiring, "expires_at"), ==,
                     "2099-01-01T00:00:00Z");
    assert_not_staff (json_object_get_string_member (expiring, "token"));
  }
}

static void
test_roles (void)
{
  g_autofree char *path = tokens_path (fixture.integration_id);
  const char *body = "{\"scopes\": [\"erp.products\"]}";
  const char *staff[] = { fixture.editor, fixture.viewer };

  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_auto(Response) create = { 0, };
      g_auto(Response) list = { 0, };

      send_request (&create, "POST", path, staff[i], body);
      assert_problem (&create, 403, "forbidden");
      send_request (&list, "GET", path, staff[i], NULL);
      assert_problem (&list, 403, "forbidden");
    }

  /* Without a token: 401; for an unknown integration: 404. */
  {
    g_auto(Response) anonymous = { 0, };
    g_auto(Response) unknown = { 0, };
    g_autofree char *unknown_path = tokens_path ("00000000-0000-4000-8000-000000000000");

    send_request (&anonymous, "POST", path, NULL, body);
    assert_problem (&anonymous, 401, "unauthorized");
    send_request (&unknown, "POST", unknown_path, fixture.admin, body);
    assert_problem (&unknown, 404, "not-found");
  }
}

static void
test_validation (void)
{
  g_autofree char *path = tokens_path (fixture.integration_id);
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"scopes\": [\"erp.products\", \"erp.everything\"]}", "scopes[1]" },
    { "{\"scopes\": [\"erp.orders\", 7]}", "scopes[1]" },
    { "{\"scopes\": [\"erp.orders\", \"erp.orders\"]}", "scopes[1]" },
    { "{\"scopes\": []}", "scopes" },
    { "{\"scopes\": \"erp.orders\"}", "scopes" },
    { "{}", "scopes" },
    { "{\"scopes\": [\"erp.orders\"], \"expires_at\": \"soon\"}", "expires_at" },
    { "{\"scopes\": [\"erp.orders\"], \"expires_at\": \"2001-01-01T00:00:00Z\"}", "expires_at" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) response = { 0, };

      send_request (&response, "POST", path, fixture.owner, cases[i].body);
      assert_field_problem (&response, cases[i].field);
    }

  {
    g_auto(Response) response = { 0, };

    send_request (&response, "POST", path, fixture.owner, "[1]");
    assert_problem (&response, 400, "bad-request");
  }
}

static void
test_list_and_revoke (void)
{
  g_autofree char *path = tokens_path (fixture.integration_id);
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autofree char *item_path = NULL;
  g_autofree char *text = NULL;
  g_auto(Response) list = { 0, };
  JsonObject *found = NULL;
  JsonArray *items;
  const char *token;
  const char *id;
  gsize size = 0;

  created = create_token (fixture.owner, "{\"scopes\": [\"erp.accounts\"]}");
  token = json_object_get_string_member (created, "token");
  id = json_object_get_string_member (created, "id");
  g_assert_cmpuint (status_of ("GET", "/api/v1/products", token), ==, 403);

  /* Listed with its id, scopes and times, never with a secret */
  send_request (&list, "GET", path, fixture.admin, NULL);
  g_assert_cmpuint (list.status, ==, 200);
  text = g_strndup (g_bytes_get_data (list.body, &size), g_bytes_get_size (list.body));
  g_assert_null (strstr (text, token));
  g_assert_null (strstr (text, "\"token\""));
  listed = hw_test_parse_object (list.body);
  items = json_object_get_array_member (listed, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *hash = NULL;

      g_assert_false (json_object_has_member (item, "token"));
      g_assert_false (json_object_has_member (item, "token_hash"));
      g_assert_cmpuint (strlen (json_object_get_string_member (item, "id")), ==, 12);
      g_assert_nonnull (json_object_get_string_member (item, "created_at"));
      if (g_str_equal (json_object_get_string_member (item, "id"), id))
        found = item;

      /* Not even the whole hash */
      hash = hw_server_token_hash (token);
      g_assert_null (strstr (text, hash));
    }
  g_assert_nonnull (found);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (found,
                                                                                "scopes"), 0),
                   ==, "erp.accounts");
  g_assert_true (json_object_get_null_member (found, "revoked_at"));

  /* Editors may not revoke; an unknown id is 404 */
  item_path = g_strconcat (path, "/", id, NULL);
  g_assert_cmpuint (status_of ("DELETE", item_path, fixture.editor), ==, 403);
  {
    g_autofree char *unknown = g_strconcat (path, "/000000000000", NULL);
    g_autofree char *malformed = g_strconcat (path, "/zz", NULL);
    g_auto(Response) response = { 0, };
    g_auto(Response) response2 = { 0, };

    send_request (&response, "DELETE", unknown, fixture.admin, NULL);
    assert_problem (&response, 404, "not-found");
    send_request (&response2, "DELETE", malformed, fixture.admin, NULL);
    assert_problem (&response2, 404, "not-found");
  }

  /* Revoked: the token gets 401 from then on, and the list says when */
  g_assert_cmpuint (status_of ("DELETE", item_path, fixture.admin), ==, 204);
  g_assert_cmpuint (status_of ("GET", "/api/v1/products", token), ==, 401);
  g_assert_cmpuint (status_of ("GET", "/api/v1/auth/me", token), ==, 401);
  g_assert_cmpuint (status_of ("DELETE", item_path, fixture.admin), ==, 204);

  {
    g_auto(Response) again = { 0, };
    g_autoptr(JsonObject) object = NULL;
    JsonArray *after;
    gboolean seen = FALSE;

    send_request (&again, "GET", path, fixture.owner, NULL);
    g_assert_cmpuint (again.status, ==, 200);
    object = hw_test_parse_object (again.body);
    after = json_object_get_array_member (object, "items");
    for (guint i = 0; i < json_array_get_length (after); i++)
      {
        JsonObject *item = json_array_get_object_element (after, i);

        if (g_str_equal (json_object_get_string_member (item, "id"), id))
          {
            g_assert_nonnull (json_object_get_string_member (item, "revoked_at"));
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
}

static void
test_expired (void)
{
  g_autoptr(HwStore) store = open_store ();
  g_autoptr(HwAuthToken) expired = hw_auth_token_new ();
  g_autoptr(HwAuthToken) valid = hw_auth_token_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expired_token = hw_server_token_new ();
  g_autofree char *valid_token = hw_server_token_new ();
  gint64 now = hw_store_now (store);

  expired->token_hash = hw_server_token_hash (expired_token);
  expired->kind = HW_AUTH_TOKEN_API;
  expired->integration_id = g_strdup (fixture.integration_id);
  expired->scopes = g_strdup ("erp.products");
  expired->created_at = now - 48 * (gint64) 3600 * G_USEC_PER_SEC;
  expired->expires_at = now - G_USEC_PER_SEC;
  g_assert_true (hw_store_create_auth_token (store, expired, &error));
  g_assert_no_error (error);

  /* The same, but still valid: the expiry alone makes the difference. */
  valid->token_hash = hw_server_token_hash (valid_token);
  valid->kind = HW_AUTH_TOKEN_API;
  valid->integration_id = g_strdup (fixture.integration_id);
  valid->scopes = g_strdup ("erp.products");
  valid->expires_at = now + 3600 * (gint64) G_USEC_PER_SEC;
  g_assert_true (hw_store_create_auth_token (store, valid, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (status_of ("GET", "/api/v1/products", expired_token), ==, 401);
  g_assert_cmpuint (status_of ("GET", "/api/v1/products", valid_token), ==, 403);
}

/* The principal helpers, in this process. */
static void
test_principal_scopes (void)
{
  g_autoptr(HwServerPrincipal) api = g_new0 (HwServerPrincipal, 1);
  g_autoptr(HwServerPrincipal) staff = g_new0 (HwServerPrincipal, 1);

  api->kind = HW_SERVER_PRINCIPAL_API;
  api->integration_id = g_strdup ("i");
  api->scopes = g_strsplit ("erp.products erp.orders", " ", -1);
  g_assert_true (hw_server_principal_has_scope (api, "erp.products"));
  g_assert_true (hw_server_principal_has_scope (api, "erp.orders"));
  g_assert_false (hw_server_principal_has_scope (api, "erp.prices"));
  g_assert_false (hw_server_principal_has_scope (api, "erp"));

  staff->kind = HW_SERVER_PRINCIPAL_STAFF;
  staff->role = g_strdup ("owner");
  g_assert_false (hw_server_principal_has_scope (staff, "erp.products"));

  g_assert_true (hw_server_scope_is_valid ("erp.accounts"));
  g_assert_false (hw_server_scope_is_valid ("erp.accounts "));
  g_assert_false (hw_server_scope_is_valid (NULL));
}

/* Setup */

static void
user_add (const char *email,
          const char *role)
{
  g_assert_cmpint (hw_test_user_add (fixture.db, email, email, role, PASSWORD "\n", NULL), ==,
                   HW_SERVER_EXIT_OK);
}

static void
fixture_set_up (void)
{
  g_autoptr(HwIntegration) integration = hw_integration_new ();
  g_autoptr(GError) error = NULL;

  fixture.dir = hw_test_make_tmp_dir ("hw-api-tokens-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "test.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);

  user_add ("owner@example.com", "owner");
  user_add ("admin@example.com", "admin");
  user_add ("editor@example.com", "editor");
  user_add ("viewer@example.com", "viewer");

  {
    g_autoptr(HwStore) store = open_store ();

    integration->name = g_strdup ("ERP");
    integration->kind = g_strdup ("erp");
    integration->status = g_strdup ("active");
    g_assert_true (hw_store_create_integration (store, integration, &error));
    g_assert_no_error (error);
    fixture.integration_id = g_strdup (HW_ENTITY (integration)->id);
  }

  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.session = hw_test_session_new ();
  fixture.owner = login_token ("owner@example.com");
  fixture.admin = login_token ("admin@example.com");
  fixture.editor = login_token ("editor@example.com");
  fixture.viewer = login_token ("viewer@example.com");
}

static void
fixture_tear_down (void)
{
  g_autofree char *log = NULL;

  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_clear_object (&fixture.session);

  /* Tokens never reach the log. */
  g_assert_true (g_file_get_contents (fixture.log, &log, NULL, NULL));
  g_assert_null (strstr (log, fixture.owner));

  hw_test_remove_tree (fixture.dir);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.db, g_free);
  g_clear_pointer (&fixture.log, g_free);
  g_clear_pointer (&fixture.url, g_free);
  g_clear_pointer (&fixture.integration_id, g_free);
  g_clear_pointer (&fixture.owner, g_free);
  g_clear_pointer (&fixture.admin, g_free);
  g_clear_pointer (&fixture.editor, g_free);
  g_clear_pointer (&fixture.viewer, g_free);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/api-tokens/principal-scopes", test_principal_scopes);
  g_test_add_func ("/server/api-tokens/create-and-use", test_create_and_use);
  g_test_add_func ("/server/api-tokens/roles", test_roles);
  g_test_add_func ("/server/api-tokens/validation", test_validation);
  g_test_add_func ("/server/api-tokens/list-and-revoke", test_list_and_revoke);
  g_test_add_func ("/server/api-tokens/expired", test_expired);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
