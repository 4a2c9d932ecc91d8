/* test-resources.c
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

#include "hw-idempotency-store.h"
#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* The staff resources, the audit log and the changes feed through the built binary:
 * staff users of each role made with `user add`, `serve` on 127.0.0.1 port 0, requests
 * with libsoup's client. One server serves the tests in order; the last one stops it,
 * purges tombstones through core and serves the database again. */

#define PASSWORD "correct horse battery staple"

/* Categories made through core before serving, below BULK_PARENT: more than a page. */
#define N_BULK 1005

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  char        *owner;
  char        *editor;
  char        *editor2;
  char        *viewer;
  char        *bulk_parent;
} Fixture;

typedef struct
{
  guint       status;
  char       *content_type;
  char       *etag;
  char       *location;
  char       *replayed;
  GBytes     *body;
  JsonNode   *json;
} Response;

static Fixture fixture;

static void
user_add (const char *email,
          const char *role)
{
  g_assert_cmpint (hw_test_user_add (fixture.db, email, email, role, PASSWORD "\n", NULL), ==,
                   HW_SERVER_EXIT_OK);
}

static void
server_start (void)
{
  g_free (fixture.url);
  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
}

static void
server_stop (void)
{
  if (fixture.process == NULL)
    return;

  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
}

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->etag, g_free);
  g_clear_pointer (&response->location, g_free);
  g_clear_pointer (&response->replayed, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/* Fills @response from the answer to @msg, @bytes its body. */
static void
response_fill (Response    *response,
               SoupMessage *msg,
               GBytes      *bytes)
{
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  gsize size = 0;
  const char *data;

  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  response->location = g_strdup (soup_message_headers_get_one (headers, "Location"));
  response->replayed = g_strdup (soup_message_headers_get_one (headers, "Idempotent-Replayed"));
  response->body = g_bytes_ref (bytes);

  /* Whatever else happens, never a server error. */
  g_assert_cmpuint (response->status, <, 500);

  data = g_bytes_get_data (bytes, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, data, size, &error);
      g_assert_no_error (error);
      response->json = json_node_copy (json_parser_get_root (parser));
    }
}

/* Sends a request as @token (NULL for none) with @body of @length bytes (-1: a string). */
static void
send_raw (Response   *response,
          const char *method,
          const char *path,
          const char *token,
          const char *if_match,
          const char *body,
          gssize      length)
{
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autofree char *authorization = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;

  msg = hw_test_send (fixture.session, method, url, authorization, if_match, body, length,
                      &bytes);
  response_fill (response, msg, bytes);
}

/* POSTs @body to @path as @token with the Idempotency-Key @key. */
static void
send_keyed (Response   *response,
            const char *path,
            const char *token,
            const char *key,
            const char *body)
{
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);

  bytes = soup_session_send_and_read (fixture.session, msg, NULL, &error);
  g_assert_no_error (error);
  hw_test_assert_contract (msg);
  response_fill (response, msg, bytes);
}

static void
send_request (Response   *response,
              const char *method,
              const char *path,
              const char *token,
              const char *if_match,
              const char *body)
{
  send_raw (response, method, path, token, if_match, body, -1);
}

static JsonObject *
object_of (const Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static void
assert_problem (const Response *response,
                guint           status,
                const char     *slug)
{
  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (response->content_type, ==, "application/problem+json");
  hw_test_assert_problem_object (object_of (response), status, slug);
}

/* A 422 whose first field error names @field. */
static void
assert_field_problem (const Response *response,
                      const char     *field)
{
  JsonArray *errors;

  assert_problem (response, 422, "validation-failed");
  errors = json_object_get_array_member (object_of (response), "errors");
  g_assert_nonnull (errors);
  g_assert_cmpuint (json_array_get_length (errors), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                  "field"), ==, field);
}

static char *
login (const char *email)
{
  g_auto(Response) response = { 0, };
  g_autofree char *body = hw_test_login_body (email, PASSWORD);

  send_request (&response, "POST", "/api/v1/auth/login", NULL, NULL, body);
  g_assert_cmpuint (response.status, ==, 200);

  return g_strdup (json_object_get_string_member (object_of (&response), "token"));
}

/* POSTs @body to @plural as the owner; returns the new entity's id. */
static char *
create (const char *plural,
        const char *body)
{
  g_autofree char *path = g_strconcat ("/api/v1/", plural, NULL);
  g_auto(Response) response = { 0, };

  send_request (&response, "POST", path, fixture.owner, NULL, body);
  g_assert_cmpuint (response.status, ==, 201);

  return g_strdup (json_object_get_string_member (object_of (&response), "id"));
}

static char *
product_body (const char *sku,
              const char *status,
              const char *category_id)
{
  g_autofree char *category = category_id != NULL ? g_strdup_printf ("\"%s\"", category_id)
                                                  : g_strdup ("null");

  return g_strdup_printf ("{\"sku\": \"%s\", \"name\": \"Cordless drill %s\", \"unit\": \"pc\","
                          " \"status\": \"%s\", \"currency\": \"EUR\", \"category_id\": %s}",
                          sku, sku, status, category);
}

static char *
item_path (const char *plural,
           const char *id)
{
  return g_strdup_printf ("/api/v1/%s/%s", plural, id);
}

/* The ETag of @path now. */
static char *
etag_of (const char *path)
{
  g_auto(Response) response = { 0, };

  send_request (&response, "GET", path, fixture.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_nonnull (response.etag);

  return g_strdup (response.etag);
}

static gint64
rev_of_etag (const char *etag)
{
  g_assert_true (etag[0] == '"');
  return g_ascii_strtoll (etag + 1, NULL, 10);
}

static gint64
revision_now (void)
{
  g_auto(Response) response = { 0, };

  send_request (&response, "GET", "/api/v1/health", NULL, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  return json_object_get_int_member (object_of (&response), "revision");
}

/* Tests */

static void
test_unauthorized (void)
{
  g_auto(Response) response = { 0, };

  send_request (&response, "GET", "/api/v1/products", NULL, NULL, NULL);
  assert_problem (&response, 401, "unauthorized");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", NULL, NULL, "{\"name\": \"x\"}");
  assert_problem (&response, 401, "unauthorized");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/changes", "not-a-token", NULL, NULL);
  assert_problem (&response, 401, "unauthorized");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/audit?entity=product&id=x", NULL, NULL, NULL);
  assert_problem (&response, 401, "unauthorized");
  response_clear (&response);

  /* Server-only types have no generic routes. */
  send_request (&response, "GET", "/api/v1/staff", fixture.owner, NULL, NULL);
  assert_problem (&response, 404, "not-found");
  response_clear (&response);
  send_request (&response, "GET", "/api/v1/audit-entries", fixture.owner, NULL, NULL);
  assert_problem (&response, 404, "not-found");
}

static void
test_categories_crud (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"Power tools\", \"position\": 3, \"unknown\": true}");
  g_assert_cmpuint (response.status, ==, 201);
  object = object_of (&response);
  id = g_strdup (json_object_get_string_member (object, "id"));
  path = item_path ("categories", id);
  g_assert_cmpstr (response.location, ==, path);
  g_assert_nonnull (response.etag);
  g_assert_cmpint (rev_of_etag (response.etag), ==, json_object_get_int_member (object, "rev"));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Power tools");
  g_assert_false (json_object_has_member (object, "unknown"));
  etag = g_strdup (response.etag);
  response_clear (&response);

  send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.etag, ==, etag);
  g_assert_cmpint (json_object_get_int_member (object_of (&response), "position"), ==, 3);
  response_clear (&response);

  /* PUT replaces: position falls back to its default. */
  send_request (&response, "PUT", path, fixture.editor, etag, "{\"name\": \"Power tools 2\"}");
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.etag, !=, etag);
  object = object_of (&response);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Power tools 2");
  g_assert_cmpint (json_object_get_int_member (object, "position"), ==, 0);
  g_free (etag);
  etag = g_strdup (response.etag);
  response_clear (&response);

  /* PATCH merges. */
  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"position\": 7}");
  g_assert_cmpuint (response.status, ==, 200);
  object = object_of (&response);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Power tools 2");
  g_assert_cmpint (json_object_get_int_member (object, "position"), ==, 7);
  g_free (etag);
  etag = g_strdup (response.etag);
  response_clear (&response);

  /* A body naming another entity is refused. */
  send_request (&response, "PATCH", path, fixture.editor, etag,
                "{\"id\": \"6d9a4f5e-0000-4000-8000-000000000001\"}");
  assert_field_problem (&response, "id");
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, etag, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  response_clear (&response);

  send_request (&response, "GET", path, fixture.editor, NULL, NULL);
  assert_problem (&response, 404, "not-found");
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, etag, NULL);
  assert_problem (&response, 404, "not-found");
}

static void
test_products_crud (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *category = create ("categories", "{\"name\": \"Drills\"}");
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  const char *id = "0b7f0c7e-3c1a-4c59-9d3e-2b7a1c9e5f01";
  JsonObject *object;

  /* A client-made UUID is kept; computed fields are not taken from the client. */
  body = g_strdup_printf ("{\"id\": \"%s\", \"sku\": \"CRUD-1\", \"name\": \"Drill\","
                          " \"unit\": \"pc\", \"status\": \"active\", \"currency\": \"EUR\","
                          " \"category_id\": \"%s\", \"completeness\": 3, \"rev\": 999}",
                          id, category);
  send_request (&response, "POST", "/api/v1/products", fixture.editor, NULL, body);
  g_assert_cmpuint (response.status, ==, 201);
  object = object_of (&response);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_cmpint (json_object_get_int_member (object, "completeness"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (object, "rev"), !=, 999);
  g_assert_cmpstr (json_object_get_string_member (object, "category_id"), ==, category);
  path = item_path ("products", id);
  etag = g_strdup (response.etag);
  response_clear (&response);

  /* The same id again is a conflict. */
  send_request (&response, "POST", "/api/v1/products", fixture.editor, NULL, body);
  g_assert_cmpuint (response.status, ==, 409);
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, etag,
                "{\"display_name\": \"The drill\", \"brand\": \"Heart\"}");
  g_assert_cmpuint (response.status, ==, 200);
  object = object_of (&response);
  g_assert_cmpstr (json_object_get_string_member (object, "display_name"), ==, "The drill");
  g_assert_cmpstr (json_object_get_string_member (object, "sku"), ==, "CRUD-1");
  g_free (etag);
  etag = g_strdup (response.etag);
  response_clear (&response);

  /* A category in use cannot go. */
  {
    g_autofree char *category_path = item_path ("categories", category);
    g_autofree char *category_etag = etag_of (category_path);

    send_request (&response, "DELETE", category_path, fixture.editor, category_etag, NULL);
    assert_problem (&response, 409, "in-use");
    response_clear (&response);
  }

  send_request (&response, "DELETE", path, fixture.editor, etag, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  response_clear (&response);

  send_request (&response, "GET", path, fixture.editor, NULL, NULL);
  assert_problem (&response, 404, "not-found");
}

static void
test_paging (void)
{
  g_auto(Response) response = { 0, };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;
  JsonArray *items;

  /* Past the cap: capped, with a next page. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/categories?parent_id=%s&limit=5000",
                                             fixture.bulk_parent);

    send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    items = json_object_get_array_member (object_of (&response), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1000);
    g_assert_nonnull (json_object_get_string_member (object_of (&response), "next_cursor"));
    response_clear (&response);
  }

  /* Default page size. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/categories?parent_id=%s",
                                             fixture.bulk_parent);

    send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    items = json_object_get_array_member (object_of (&response), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 100);
    response_clear (&response);
  }

  /* Walking every page by cursor sees each one once. */
  do
    {
      g_autofree char *path = NULL;
      g_autofree char *escaped = cursor != NULL ? g_uri_escape_string (cursor, NULL, FALSE) : NULL;
      const char *next;

      path = g_strdup_printf ("/api/v1/categories?parent_id=%s&limit=400&sort=-name%s%s",
                              fixture.bulk_parent, escaped ? "&cursor=" : "",
                              escaped ? escaped : "");
      send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      items = json_object_get_array_member (object_of (&response), "items");
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *item = json_array_get_object_element (items, i);
          const char *name = json_object_get_string_member (item, "name");

          g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (item, "id"))));
          /* Descending by name. */
          if (i > 0)
            g_assert_cmpint (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (items, i - 1), "name"), name), >, 0);
        }
      next = json_object_get_member (object_of (&response), "next_cursor") != NULL &&
             !json_object_get_null_member (object_of (&response), "next_cursor")
             ? json_object_get_string_member (object_of (&response), "next_cursor") : NULL;
      g_free (cursor);
      cursor = g_strdup (next);
      response_clear (&response);
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, N_BULK);

  /* Wrong parameters name themselves. */
  {
    static const struct { const char *query; const char *field; } wrong[] = {
      { "limit=0", "limit" },
      { "limit=ten", "limit" },
      { "limit=-5", "limit" },
      { "cursor=not-a-cursor", "cursor" },
      { "sort=nonsense", "sort" },
      { "sort=-", "sort" },
      { "colour=red", "colour" },
      { "q=drill", "q" },
      { "position=high", "position" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_autofree char *path = g_strconcat ("/api/v1/categories?", wrong[i].query, NULL);

        send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
        assert_field_problem (&response, wrong[i].field);
        response_clear (&response);
      }
  }
}

static guint
count_items (const char *path)
{
  g_auto(Response) response = { 0, };

  send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  return json_array_get_length (json_object_get_array_member (object_of (&response), "items"));
}

static void
test_filters (void)
{
  g_autofree char *root = create ("categories", "{\"name\": \"Filter root\"}");
  g_autofree char *child_body = g_strdup_printf ("{\"name\": \"Filter child\", \"parent_id\": \"%s\"}",
                                                 root);
  g_autofree char *child = create ("categories", child_body);
  g_autofree char *b1 = product_body ("FLT-1", "active", child);
  g_autofree char *b2 = product_body ("FLT-2", "discontinued", child);
  g_autofree char *b3 = product_body ("FLT-3", "active", root);
  g_autofree char *p1 = create ("products", b1);
  g_autofree char *p2 = create ("products", b2);
  g_autofree char *p3 = create ("products", b3);
  g_autofree char *path = NULL;

  path = g_strdup_printf ("/api/v1/products?category=%s", root);
  g_assert_cmpuint (count_items (path), ==, 3);
  g_free (path);

  path = g_strdup_printf ("/api/v1/products?category=%s", child);
  g_assert_cmpuint (count_items (path), ==, 2);
  g_free (path);

  path = g_strdup_printf ("/api/v1/products?category_id=%s", root);
  g_assert_cmpuint (count_items (path), ==, 1);
  g_free (path);

  path = g_strdup_printf ("/api/v1/products?category=%s&status=active", root);
  g_assert_cmpuint (count_items (path), ==, 2);
  g_free (path);

  path = g_strdup_printf ("/api/v1/products?category=%s&status=discontinued&sku=FLT-2", root);
  g_assert_cmpuint (count_items (path), ==, 1);

  g_assert_cmpuint (count_items ("/api/v1/products?q=FLT-"), ==, 3);
  g_assert_cmpuint (count_items ("/api/v1/products?sku=FLT-3"), ==, 1);
  g_assert_cmpuint (count_items ("/api/v1/categories?name=Filter+child"), ==, 1);
}

static void
test_viewer_forbidden (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *id = create ("categories", "{\"name\": \"Viewer target\"}");
  g_autofree char *path = item_path ("categories", id);
  g_autofree char *etag = etag_of (path);

  send_request (&response, "GET", path, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.viewer, NULL, "{\"name\": \"v\"}");
  assert_problem (&response, 403, "forbidden");
  response_clear (&response);

  send_request (&response, "PUT", path, fixture.viewer, etag, "{\"name\": \"v\"}");
  assert_problem (&response, 403, "forbidden");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.viewer, etag, "{\"name\": \"v\"}");
  assert_problem (&response, 403, "forbidden");
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.viewer, etag, NULL);
  assert_problem (&response, 403, "forbidden");
  response_clear (&response);

  /* Nothing changed. */
  g_assert_cmpstr (etag_of (path), ==, etag);
}

static void
test_if_match_required (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *id = create ("categories", "{\"name\": \"If-Match target\"}");
  g_autofree char *path = item_path ("categories", id);
  g_autofree char *etag = etag_of (path);

  send_request (&response, "PUT", path, fixture.editor, NULL, "{\"name\": \"x\"}");
  assert_problem (&response, 428, "precondition-required");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, NULL, "{\"name\": \"x\"}");
  assert_problem (&response, 428, "precondition-required");
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, NULL, NULL);
  assert_problem (&response, 428, "precondition-required");
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, "*", NULL);
  assert_problem (&response, 428, "precondition-required");
  response_clear (&response);

  /* An ETag that is not ours never matches. */
  send_request (&response, "PATCH", path, fixture.editor, "W/\"1\"", "{\"name\": \"x\"}");
  assert_problem (&response, 412, "stale-revision");
  response_clear (&response);

  g_assert_cmpstr (etag_of (path), ==, etag);
}

static void
test_race (void)
{
  g_auto(Response) first = { 0, };
  g_auto(Response) second = { 0, };
  g_autofree char *body = product_body ("RACE-1", "active", NULL);
  g_autofree char *id = create ("products", body);
  g_autofree char *path = item_path ("products", id);
  g_autofree char *etag = etag_of (path);
  JsonObject *current;

  /* Both editors read the same version, then both save. */
  send_request (&first, "PATCH", path, fixture.editor, etag, "{\"display_name\": \"First\"}");
  send_request (&second, "PATCH", path, fixture.editor2, etag, "{\"display_name\": \"Second\"}");

  g_assert_cmpuint (first.status, ==, 200);
  assert_problem (&second, 412, "stale-revision");
  g_assert_cmpstr (second.etag, ==, first.etag);
  current = json_object_get_object_member (object_of (&second), "current");
  g_assert_nonnull (current);
  g_assert_cmpstr (json_object_get_string_member (current, "display_name"), ==, "First");
  g_assert_cmpint (json_object_get_int_member (current, "rev"), ==, rev_of_etag (first.etag));

  /* A stale delete is refused the same way. */
  response_clear (&second);
  send_request (&second, "DELETE", path, fixture.editor2, etag, NULL);
  assert_problem (&second, 412, "stale-revision");
  g_assert_true (json_object_has_member (object_of (&second), "current"));
}

static void
test_erp_owned (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *body = product_body ("ERP-1", "active", NULL);
  g_autofree char *id = create ("products", body);
  g_autofree char *path = item_path ("products", id);
  g_autofree char *etag = etag_of (path);
  g_autofree char *full = NULL;

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"sku\": \"ERP-2\"}");
  assert_field_problem (&response, "sku");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.owner, etag, "{\"base_price\": 1999}");
  assert_field_problem (&response, "base_price");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"gtin\": \"4006381333931\"}");
  assert_field_problem (&response, "gtin");
  response_clear (&response);

  /* A PUT that leaves an ERP-owned field out changes it too. */
  send_request (&response, "PUT", path, fixture.editor, etag,
                "{\"sku\": \"ERP-1\", \"name\": \"Cordless drill ERP-1\", \"unit\": \"pc\","
                " \"status\": \"blocked\", \"currency\": \"EUR\"}");
  assert_field_problem (&response, "status");
  response_clear (&response);

  /* Digital fields change; the unchanged ERP-owned ones may be sent back as they are. */
  send_request (&response, "GET", path, fixture.editor, NULL, NULL);
  {
    JsonObject *object = object_of (&response);

    json_object_set_string_member (object, "description", "Digital text");
    full = json_to_string (response.json, FALSE);
  }
  response_clear (&response);
  send_request (&response, "PUT", path, fixture.editor, etag, full);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object_of (&response), "description"), ==,
                   "Digital text");
  response_clear (&response);

  /* On create, optional ERP-owned fields are the ERP's to fill. */
  send_request (&response, "POST", "/api/v1/products", fixture.editor, NULL,
                "{\"sku\": \"ERP-3\", \"name\": \"n\", \"unit\": \"pc\", \"status\": \"active\","
                " \"currency\": \"EUR\", \"erp_id\": \"E-3\"}");
  assert_field_problem (&response, "erp_id");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"n\", \"erp_code\": \"C-1\"}");
  assert_field_problem (&response, "erp_code");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"n\", \"erp_code\": null}");
  g_assert_cmpuint (response.status, ==, 201);
}

static void
test_malformed (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *id = create ("categories", "{\"name\": \"Malformed target\"}");
  g_autofree char *path = item_path ("categories", id);
  g_autofree char *etag = etag_of (path);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, "{\"name\": ");
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, "");
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, etag, "{bad json");
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, "[1, 2]");
  g_assert_cmpuint (response.status, ==, 422);
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, "{\"name\": 5}");
  assert_field_problem (&response, "name");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"x\", \"position\": \"first\"}");
  assert_field_problem (&response, "position");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, "{}");
  assert_field_problem (&response, "name");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"position\": -1}");
  assert_field_problem (&response, "position");
  response_clear (&response);

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"name\": null}");
  assert_field_problem (&response, "name");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/products", fixture.editor, NULL,
                "{\"sku\": \"T-1\", \"name\": \"n\", \"unit\": \"pc\", \"status\": \"gone\","
                " \"currency\": \"EUR\"}");
  assert_field_problem (&response, "status");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"x\", \"parent_id\": \"6d9a4f5e-0000-4000-8000-00000000abcd\"}");
  assert_field_problem (&response, "parent_id");
  response_clear (&response);

  g_assert_cmpstr (etag_of (path), ==, etag);
}

static void
test_hostile_text (void)
{
  static const char * const names[] = {
    "Robert'); DROP TABLE categories;--",
    "\" OR 1=1 --",
    "100% _wild_ \\\\ %% [x] * ? `tick`",
    "Ünïcödé ☃ 𝄞",
  };
  g_auto(Response) response = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *body = NULL;
      g_autofree char *path = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      body = json_to_string (root, FALSE);

      send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL, body);
      g_assert_cmpuint (response.status, ==, 201);
      path = g_strdup (response.location);
      response_clear (&response);

      send_request (&response, "GET", path, fixture.editor, NULL, NULL);
      g_assert_cmpuint (response.status, ==, 200);
      g_assert_cmpstr (json_object_get_string_member (object_of (&response), "name"), ==, names[i]);
      response_clear (&response);

      /* As a filter value, too, it is data. */
      {
        g_autofree char *escaped = g_uri_escape_string (names[i], NULL, FALSE);
        g_autofree char *list = g_strconcat ("/api/v1/categories?name=", escaped, NULL);

        g_assert_cmpuint (count_items (list), ==, 1);
      }
    }

  /* Invalid UTF-8 and NUL characters are refused, not stored cut short. */
  send_raw (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
            "{\"name\": \"bad \xc3\x28 byte\"}", -1);
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  send_raw (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
            "{\"name\": \"nul \0 byte\"}", 22);
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"escaped nul \\u0000 here\"}");
  assert_problem (&response, 400, "bad-request");
  response_clear (&response);

  /* An escaped backslash before "u0000" is just text. */
  send_request (&response, "POST", "/api/v1/categories", fixture.editor, NULL,
                "{\"name\": \"slash \\\\u0000 text\"}");
  g_assert_cmpuint (response.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (object_of (&response), "name"), ==,
                   "slash \\u0000 text");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/categories?name=%FF%FE", fixture.editor, NULL, NULL);
  g_assert_cmpuint (response.status, >=, 400);
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/categories?name=x%27%20OR%20%271%27%3D%271",
                fixture.editor, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&response),
                                                                        "items")), ==, 0);
}

static void
test_audit (void)
{
  g_auto(Response) response = { 0, };
  g_autofree char *id = create ("categories", "{\"name\": \"Audited\"}");
  g_autofree char *path = item_path ("categories", id);
  g_autofree char *etag = etag_of (path);
  g_autofree char *audit = NULL;
  JsonArray *items;
  JsonObject *entry;

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"name\": \"Audited 2\"}");
  g_assert_cmpuint (response.status, ==, 200);
  g_free (etag);
  etag = g_strdup (response.etag);
  response_clear (&response);

  /* A refused change leaves no entry. */
  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"erp_code\": \"X\"}");
  g_assert_cmpuint (response.status, ==, 422);
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, etag, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  response_clear (&response);

  audit = g_strdup_printf ("/api/v1/audit?entity=category&id=%s", id);
  send_request (&response, "GET", audit, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  items = json_object_get_array_member (object_of (&response), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);

  entry = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "delete");
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, "editor@example.com");
  g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, "category");
  g_assert_cmpstr (json_object_get_string_member (entry, "entity_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "before"),
                                                  "name"), ==, "Audited 2");
  g_assert_true (json_object_get_null_member (entry, "after"));

  entry = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "update");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "before"),
                                                  "name"), ==, "Audited");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "after"),
                                                  "name"), ==, "Audited 2");

  entry = json_array_get_object_element (items, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "create");
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, "owner@example.com");
  g_assert_true (json_object_get_null_member (entry, "before"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "after"),
                                                  "name"), ==, "Audited");
  response_clear (&response);

  /* Paged. */
  {
    g_autofree char *paged = g_strconcat (audit, "&limit=2", NULL);

    send_request (&response, "GET", paged, fixture.viewer, NULL, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    items = json_object_get_array_member (object_of (&response), "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 2);
    g_assert_nonnull (json_object_get_string_member (object_of (&response), "next_cursor"));
    response_clear (&response);
  }

  send_request (&response, "GET", "/api/v1/audit?id=x", fixture.viewer, NULL, NULL);
  assert_field_problem (&response, "entity");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/audit?entity=staff_user&id=x", fixture.viewer, NULL,
                NULL);
  assert_field_problem (&response, "entity");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/audit?entity=product", fixture.viewer, NULL, NULL);
  assert_field_problem (&response, "id");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/audit?entity=product&id=x&sort=at", fixture.viewer,
                NULL, NULL);
  assert_field_problem (&response, "sort");
}

static void
test_changes (void)
{
  g_auto(Response) response = { 0, };
  gint64 since = revision_now ();
  g_autofree char *feed = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, since);
  g_autofree char *category = create ("categories", "{\"name\": \"Fed\"}");
  g_autofree char *body = product_body ("FEED-1", "active", category);
  g_autofree char *product = create ("products", body);
  g_autofree char *path = item_path ("products", product);
  g_autofree char *etag = etag_of (path);
  JsonArray *changes;
  JsonObject *change;
  JsonObject *page;
  gint64 next;

  send_request (&response, "PATCH", path, fixture.editor, etag, "{\"brand\": \"Fed\"}");
  g_assert_cmpuint (response.status, ==, 200);
  g_free (etag);
  etag = g_strdup (response.etag);
  response_clear (&response);

  send_request (&response, "DELETE", path, fixture.editor, etag, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  response_clear (&response);

  send_request (&response, "GET", feed, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = object_of (&response);
  changes = json_object_get_array_member (page, "changes");
  g_assert_false (json_object_get_boolean_member (page, "has_more"));

  /* The category, then the product's tombstone; its upserts are superseded. */
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  change = json_array_get_object_element (changes, 0);
  g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "category");
  g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, category);
  g_assert_false (json_object_get_boolean_member (change, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (change, "data"),
                                                  "name"), ==, "Fed");
  change = json_array_get_object_element (changes, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "entity"), ==, "product");
  g_assert_cmpstr (json_object_get_string_member (change, "id"), ==, product);
  g_assert_true (json_object_get_boolean_member (change, "deleted"));
  g_assert_false (json_object_has_member (change, "data"));
  next = json_object_get_int_member (page, "next");
  g_assert_cmpint (next, ==, json_object_get_int_member (change, "rev"));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes, 0), "rev"),
                   <, next);
  response_clear (&response);

  /* One at a time. */
  {
    g_autofree char *one = g_strconcat (feed, "&limit=1", NULL);

    send_request (&response, "GET", one, fixture.viewer, NULL, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    page = object_of (&response);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 1);
    g_assert_true (json_object_get_boolean_member (page, "has_more"));
    response_clear (&response);
  }

  /* From the end: nothing, and the cursor stays. */
  {
    g_autofree char *end = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, next);

    send_request (&response, "GET", end, fixture.viewer, NULL, NULL);
    g_assert_cmpuint (response.status, ==, 200);
    page = object_of (&response);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
    g_assert_cmpint (json_object_get_int_member (page, "next"), ==, next);
    response_clear (&response);
  }

  /* The default: from the start. */
  send_request (&response, "GET", "/api/v1/changes?limit=5000", fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (&response),
                                                                        "changes")), ==, 1000);
  response_clear (&response);

  {
    static const struct { const char *query; const char *field; } wrong[] = {
      { "since=-1", "since" },
      { "since=abc", "since" },
      { "since=1&limit=0", "limit" },
      { "limit=x", "limit" },
      { "from=3", "from" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      {
        g_autofree char *bad = g_strconcat ("/api/v1/changes?", wrong[i].query, NULL);

        send_request (&response, "GET", bad, fixture.viewer, NULL, NULL);
        assert_field_problem (&response, wrong[i].field);
        response_clear (&response);
      }
  }
}

/* Idempotency keys */

static char *
category_body (const char *name)
{
  return g_strdup_printf ("{\"name\": \"%s\"}", name);
}

static char *
categories_named (const char *name)
{
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);

  return g_strdup_printf ("/api/v1/categories?name=%s", escaped);
}

/* @again answers the same as @first, marked as a replay. */
static void
assert_replay (const Response *again,
               const Response *first)
{
  g_assert_cmpuint (again->status, ==, first->status);
  g_assert_cmpstr (again->replayed, ==, "true");
  g_assert_cmpstr (again->content_type, ==, first->content_type);
  g_assert_cmpstr (again->location, ==, first->location);
  g_assert_cmpstr (again->etag, ==, first->etag);
  g_assert_true (g_bytes_equal (again->body, first->body));
  g_assert_cmpstr (json_object_get_string_member (object_of (again), "id"), ==,
                   json_object_get_string_member (object_of (first), "id"));
}

static void
test_idempotent_replay (void)
{
  g_autofree char *body = category_body ("Idempotent replay");
  g_autofree char *list = categories_named ("Idempotent replay");
  g_auto(Response) first = { 0, };
  g_auto(Response) again = { 0, };
  g_autofree char *path = NULL;
  g_autofree char *etag = NULL;
  gint64 revision;

  send_keyed (&first, "/api/v1/categories", fixture.editor, "replay-1", body);
  g_assert_cmpuint (first.status, ==, 201);
  g_assert_null (first.replayed);
  g_assert_cmpstr (first.content_type, ==, "application/json");
  path = item_path ("categories",
                    json_object_get_string_member (object_of (&first), "id"));
  g_assert_cmpstr (first.location, ==, path);
  etag = etag_of (path);
  g_assert_cmpstr (first.etag, ==, etag);
  g_assert_cmpuint (count_items (list), ==, 1);
  revision = revision_now ();

  send_keyed (&again, "/api/v1/categories", fixture.editor, "replay-1", body);
  assert_replay (&again, &first);
  response_clear (&again);

  /* A third time too: nothing new is made, no revision is used. */
  send_keyed (&again, "/api/v1/categories", fixture.editor, "replay-1", body);
  assert_replay (&again, &first);
  g_assert_cmpuint (count_items (list), ==, 1);
  g_assert_cmpint (revision_now (), ==, revision);
}

static void
test_idempotent_mismatch (void)
{
  g_autofree char *body = category_body ("Idempotent first");
  g_autofree char *other = category_body ("Idempotent other");
  g_autofree char *list = categories_named ("Idempotent other");
  g_auto(Response) response = { 0, };

  send_keyed (&response, "/api/v1/categories", fixture.editor, "mismatch-1", body);
  g_assert_cmpuint (response.status, ==, 201);
  response_clear (&response);

  send_keyed (&response, "/api/v1/categories", fixture.editor, "mismatch-1", other);
  assert_problem (&response, 422, "validation-failed");
  g_assert_null (response.replayed);
  g_assert_nonnull (strstr (json_object_get_string_member (object_of (&response), "detail"),
                            "Idempotency-Key was used with another request"));
  response_clear (&response);

  /* The same body to another collection is another request too. */
  send_keyed (&response, "/api/v1/attributes", fixture.editor, "mismatch-1", body);
  assert_problem (&response, 422, "validation-failed");

  g_assert_cmpuint (count_items (list), ==, 0);
}

static void
test_idempotent_per_user (void)
{
  g_autofree char *body = category_body ("Idempotent per user");
  g_autofree char *other = category_body ("Idempotent per user 2");
  g_autofree char *list = categories_named ("Idempotent per user");
  g_auto(Response) mine = { 0, };
  g_auto(Response) theirs = { 0, };
  g_auto(Response) again = { 0, };

  send_keyed (&mine, "/api/v1/categories", fixture.editor, "per-user-1", body);
  g_assert_cmpuint (mine.status, ==, 201);

  /* Another user's identical request with the same key is their own. */
  send_keyed (&theirs, "/api/v1/categories", fixture.editor2, "per-user-1", body);
  g_assert_cmpuint (theirs.status, ==, 201);
  g_assert_null (theirs.replayed);
  g_assert_cmpstr (json_object_get_string_member (object_of (&theirs), "id"), !=,
                   json_object_get_string_member (object_of (&mine), "id"));
  g_assert_cmpuint (count_items (list), ==, 2);
  response_clear (&theirs);

  /* … also with another body, which is no mismatch for them. */
  send_keyed (&theirs, "/api/v1/categories", fixture.owner, "per-user-1", other);
  g_assert_cmpuint (theirs.status, ==, 201);
  g_assert_null (theirs.replayed);

  send_keyed (&again, "/api/v1/categories", fixture.editor, "per-user-1", body);
  assert_replay (&again, &mine);
}

static void
test_idempotent_invalid_key (void)
{
  g_autofree char *body = category_body ("Idempotent invalid");
  g_autofree char *list = categories_named ("Idempotent invalid");
  g_autofree char *too_long = g_strnfill (HW_IDEMPOTENCY_KEY_MAX_LENGTH + 1, 'k');
  g_autofree char *longest = g_strnfill (HW_IDEMPOTENCY_KEY_MAX_LENGTH, 'k');
  const char * const invalid[] = { "", too_long, "caf\xc3\xa9" };
  g_auto(Response) response = { 0, };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      send_keyed (&response, "/api/v1/categories", fixture.editor, invalid[i], body);
      assert_problem (&response, 400, "bad-request");
      response_clear (&response);
    }
  g_assert_cmpuint (count_items (list), ==, 0);

  /* Viewers are still refused first. */
  send_keyed (&response, "/api/v1/categories", fixture.viewer, "viewer-1", body);
  assert_problem (&response, 403, "forbidden");
  response_clear (&response);

  send_keyed (&response, "/api/v1/categories", fixture.editor, longest, body);
  g_assert_cmpuint (response.status, ==, 201);
  response_clear (&response);

  send_keyed (&response, "/api/v1/categories", fixture.editor, "with spaces ~!", body);
  g_assert_cmpuint (response.status, ==, 201);
  g_assert_cmpuint (count_items (list), ==, 2);
}

static void
test_idempotent_restart (void)
{
  g_autofree char *body = category_body ("Idempotent restart");
  g_autofree char *list = categories_named ("Idempotent restart");
  g_auto(Response) first = { 0, };
  g_auto(Response) again = { 0, };

  send_keyed (&first, "/api/v1/categories", fixture.editor, "restart-1", body);
  g_assert_cmpuint (first.status, ==, 201);

  server_stop ();
  server_start ();

  send_keyed (&again, "/api/v1/categories", fixture.editor, "restart-1", body);
  assert_replay (&again, &first);
  g_assert_cmpuint (count_items (list), ==, 1);

  /* Without a key, creates are as they were: each one makes a category. */
  g_free (create ("categories", body));
  g_assert_cmpuint (count_items (list), ==, 2);
}

/* Runs last: it stops the server, forgets the deletions and serves again. */
static void
test_changes_gone (void)
{
  g_auto(Response) response = { 0, };
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recent = NULL;
  gint64 revision;

  server_stop ();

  store = hw_store_open (fixture.db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  revision = hw_store_get_revision (store);
  g_assert_true (hw_store_purge_tombstones (store, revision + 1, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  server_start ();

  send_request (&response, "GET", "/api/v1/changes?since=1", fixture.viewer, NULL, NULL);
  assert_problem (&response, 410, "gone");
  response_clear (&response);

  /* A full resync: from 0 it is never gone, and while it says it began after the purge
   * (started_at) its cursors below the horizon are not either; before it, they are. */
  send_request (&response, "GET", "/api/v1/changes?since=0", fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  response_clear (&response);

  g_free (recent);
  recent = g_strdup_printf ("/api/v1/changes?since=1&started_at=%" G_GINT64_FORMAT, revision);
  send_request (&response, "GET", recent, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/changes?since=1&started_at=1", fixture.viewer, NULL,
                NULL);
  assert_problem (&response, 410, "gone");
  response_clear (&response);

  send_request (&response, "GET", "/api/v1/changes?since=1&started_at=x", fixture.viewer, NULL,
                NULL);
  assert_problem (&response, 422, "validation-failed");
  response_clear (&response);

  g_free (recent);
  recent = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT, revision);
  send_request (&response, "GET", recent, fixture.viewer, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
}

/* Setup */

static void
seed_bulk (void)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwCategory) parent = hw_category_new ();
  g_autoptr(GError) error = NULL;

  store = hw_store_open (fixture.db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (hw_store_begin (store, &error));
  parent->name = g_strdup ("Bulk");
  g_assert_true (hw_store_create_category (store, parent, &error));
  fixture.bulk_parent = g_strdup (HW_ENTITY (parent)->id);

  for (guint i = 0; i < N_BULK; i++)
    {
      g_autoptr(HwCategory) category = hw_category_new ();

      category->parent_id = g_strdup (fixture.bulk_parent);
      category->name = g_strdup_printf ("Bulk %04u", i);
      g_assert_true (hw_store_create_category (store, category, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hw_store_commit (store, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture.dir = hw_test_make_tmp_dir ("hw-resources-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "test.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  fixture.session = hw_test_session_new ();

  user_add ("owner@example.com", "owner");
  user_add ("editor@example.com", "editor");
  user_add ("editor2@example.com", "editor");
  user_add ("viewer@example.com", "viewer");
  seed_bulk ();
  server_start ();

  fixture.owner = login ("owner@example.com");
  fixture.editor = login ("editor@example.com");
  fixture.editor2 = login ("editor2@example.com");
  fixture.viewer = login ("viewer@example.com");

  g_test_add_func ("/server/resources/unauthorized", test_unauthorized);
  g_test_add_func ("/server/resources/categories-crud", test_categories_crud);
  g_test_add_func ("/server/resources/products-crud", test_products_crud);
  g_test_add_func ("/server/resources/paging", test_paging);
  g_test_add_func ("/server/resources/filters", test_filters);
  g_test_add_func ("/server/resources/viewer-forbidden", test_viewer_forbidden);
  g_test_add_func ("/server/resources/if-match-required", test_if_match_required);
  g_test_add_func ("/server/resources/race", test_race);
  g_test_add_func ("/server/resources/erp-owned", test_erp_owned);
  g_test_add_func ("/server/resources/malformed", test_malformed);
  g_test_add_func ("/server/resources/hostile-text", test_hostile_text);
  g_test_add_func ("/server/resources/audit", test_audit);
  g_test_add_func ("/server/resources/changes", test_changes);
  g_test_add_func ("/server/resources/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/server/resources/idempotent-mismatch", test_idempotent_mismatch);
  g_test_add_func ("/server/resources/idempotent-per-user", test_idempotent_per_user);
  g_test_add_func ("/server/resources/idempotent-invalid-key", test_idempotent_invalid_key);
  g_test_add_func ("/server/resources/idempotent-restart", test_idempotent_restart);
  g_test_add_func ("/server/resources/changes-gone", test_changes_gone);

  status = g_test_run ();

  server_stop ();
  g_clear_object (&fixture.session);
  hw_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.db);
  g_free (fixture.log);
  g_free (fixture.url);
  g_free (fixture.owner);
  g_free (fixture.editor);
  g_free (fixture.editor2);
  g_free (fixture.viewer);
  g_free (fixture.bulk_parent);

  return status;
}
