/* test-roles.c
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

#include "hw-server.h"
#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* Who may do what, through the built binary: every route the server registers (listed
 * from a server built in this process, so a new route cannot be left out silently) ×
 * every kind of caller — owner, admin, editor, viewer, an integration's API token with
 * every scope, a customer user's channel session, no token and a garbage token. Each call must get exactly the status the
 * table below says; a refused one is a problem document and leaves the revision of the
 * changes feed where it was. A demo database (`seed`) gives every type something to
 * work on; allowed callers change only what they created themselves. */

#define PASSWORD "correct horse battery staple"

typedef enum
{
  P_OWNER,
  P_ADMIN,
  P_EDITOR,
  P_VIEWER,
  P_INTEGRATION,
  P_CHANNEL,
  P_NONE,
  P_GARBAGE,
  N_PRINCIPALS
} Principal;

static const char * const principal_names[N_PRINCIPALS] = {
  "owner", "admin", "editor", "viewer", "integration", "channel", "none", "garbage"
};

typedef enum
{
  ACCESS_PUBLIC,      /* anyone, with or without a token                         */
  ACCESS_STAFF,       /* any staff user: reads, one's own session                */
  ACCESS_EDITOR,      /* owner, admin, editor: changes to the data               */
  ACCESS_ADMIN,       /* owner, admin: integrations, their runs and API tokens   */
  ACCESS_INTEGRATION, /* an integration's API token with the endpoint's scope    */
  ACCESS_CHANNEL,     /* a customer user's channel session, and nothing else     */
} Access;

/* The routes that are not the generic staff resources of a synced type. */
typedef struct
{
  const char *route;
  Access      access;
  guint       success;
} Special;

static const Special specials[] = {
  { "GET /health", ACCESS_PUBLIC, 200 },
  { "GET /openapi.yaml", ACCESS_PUBLIC, 200 },
  { "POST /auth/login", ACCESS_PUBLIC, 200 },
  { "POST /auth/logout", ACCESS_STAFF, 204 },
  { "GET /auth/me", ACCESS_STAFF, 200 },
  { "GET /changes", ACCESS_STAFF, 200 },
  { "GET /audit", ACCESS_STAFF, 200 },
  { "GET /sync/snapshot", ACCESS_STAFF, 200 },
  { "POST /integrations/{id}/tokens", ACCESS_ADMIN, 201 },
  { "GET /integrations/{id}/tokens", ACCESS_ADMIN, 200 },
  { "DELETE /integrations/{id}/tokens/{token_id}", ACCESS_ADMIN, 204 },
  { "POST /erp/products", ACCESS_INTEGRATION, 200 },
  { "POST /erp/accounts", ACCESS_INTEGRATION, 200 },
  { "POST /erp/prices", ACCESS_INTEGRATION, 200 },
  { "GET /erp/orders", ACCESS_INTEGRATION, 200 },
  { "POST /erp/orders/{id}/ack", ACCESS_INTEGRATION, 200 },
  { "POST /erp/orders/{id}/fail", ACCESS_INTEGRATION, 200 },
  { "POST /channel/auth/login", ACCESS_PUBLIC, 200 },
  { "POST /channel/auth/logout", ACCESS_CHANNEL, 204 },
  { "GET /channel/auth/me", ACCESS_CHANNEL, 200 },
  { "PUT /users/{id}/password", ACCESS_EDITOR, 204 },
  { "GET /channel/products", ACCESS_CHANNEL, 200 },
  { "GET /channel/products/{id}", ACCESS_CHANNEL, 200 },
  { "GET /channel/prices", ACCESS_CHANNEL, 200 },
  { "GET /channel/orders", ACCESS_CHANNEL, 200 },
  { "POST /channel/orders", ACCESS_CHANNEL, 201 },
  { "GET /channel/orders/{id}", ACCESS_CHANNEL, 200 },
  { "POST /channel/orders/{id}/approve", ACCESS_CHANNEL, 200 },
  { "GET /explain", ACCESS_STAFF, 200 },
  { "POST /impact", ACCESS_STAFF, 200 },
};

/* One route of the matrix, as the router lists it. */
typedef struct
{
  char               *route;   /* "METHOD /pattern" */
  char               *method;
  const HwEntityType *type;    /* generic routes only */
  gboolean            item;    /* generic: /{plural}/{id} */
  const Special      *special; /* the others */
  Access              access;
  guint               success;
} Route;

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  char        *tokens[N_PRINCIPALS];
  char        *integration_id;
  char        *integration_token_id;
  GHashTable  *templates;   /* plural → JsonObject, an item of each type */
  GHashTable  *created;     /* "plural principal" → id made by that caller */
  GHashTable  *api_tokens;  /* principal name → id of an API token it made */
  char        *received[2]; /* orders in status received: ack, fail */
  char        *channel_email;    /* the customer user behind tokens[P_CHANNEL] */
  char        *password_user;    /* another user, whose password staff set */
  char        *channel_product;  /* a product that user may order */
  gint64       channel_qty;      /* in a quantity it may be ordered in */
  char        *channel_order;    /* an order of theirs waiting for approval */
  char        *fresh_products[N_PRINCIPALS];
  guint        n_cases;
  guint        n_refusals;
} Fixture;

static Fixture fixture;

/* Requests */

static void
send_request (HwTestResponse *response,
              const char     *method,
              const char     *path,
              const char     *token,
              const char     *if_match,
              const char     *body)
{
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1", path, NULL);

  hw_test_send_response (fixture.session, response, method, url, token, if_match, body, -1);

  g_assert_cmpuint (response->status, <, 500);
}

static JsonObject *
object_of (const HwTestResponse *response)
{
  return hw_test_parse_object (response->body);
}

static char *
to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static gint64
revision_now (void)
{
  return hw_test_revision (fixture.session, fixture.url);
}

static char *
login (const char *email)
{
  return hw_test_login_token (fixture.session, fixture.url, email, PASSWORD);
}

static const char *
email_of (Principal principal)
{
  static const char * const emails[] = {
    "owner@example.com", "admin@example.com", "editor@example.com", "viewer@example.com"
  };

  g_assert_cmpint (principal, <=, P_VIEWER);
  return emails[principal];
}

/* The table */

static guint
expected_status (Access    access,
                 Principal principal,
                 guint     success)
{
  /* A channel session opens the channel routes only; everything else answers it, and
   * the channel routes answer every other token, like an unknown token. */
  if (access == ACCESS_CHANNEL || principal == P_CHANNEL)
    return access == ACCESS_PUBLIC || (access == ACCESS_CHANNEL && principal == P_CHANNEL)
           ? success : 401;

  switch (principal)
    {
    case P_NONE:
    case P_GARBAGE:
      return access == ACCESS_PUBLIC ? success : 401;

    case P_INTEGRATION:
      return access == ACCESS_PUBLIC || access == ACCESS_INTEGRATION ? success : 403;

    case P_VIEWER:
      return access == ACCESS_PUBLIC || access == ACCESS_STAFF ? success : 403;

    case P_EDITOR:
      return access == ACCESS_ADMIN || access == ACCESS_INTEGRATION ? 403 : success;

    case P_OWNER:
    case P_ADMIN:
      return access == ACCESS_INTEGRATION ? 403 : success;

    case P_CHANNEL:
    case N_PRINCIPALS:
    default:
      g_assert_not_reached ();
    }
}

static const Special *
find_special (const char *route)
{
  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    if (g_str_equal (specials[i].route, route))
      return &specials[i];

  return NULL;
}

/* Classifies "METHOD /pattern"; NULL when the table does not know it. */
static Route *
route_new (const char *line)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  g_auto(GStrv) parts = g_strsplit (line, " ", 2);
  g_autoptr(GString) pattern = NULL;
  Route *route = g_new0 (Route, 1);

  route->route = g_strdup (line);
  route->method = g_strdup (parts[0]);

  if ((route->special = find_special (line)) != NULL)
    {
      route->access = route->special->access;
      route->success = route->special->success;
      return route;
    }

  for (guint i = 0; types[i] != NULL; i++)
    {
      g_autofree char *collection = g_strconcat ("/", types[i]->plural, NULL);
      g_autofree char *item = g_strconcat (collection, "/{id}", NULL);
      gboolean admin;

      if (!(types[i]->flags & HW_ENTITY_SYNCED))
        continue;
      if (!g_str_equal (parts[1], collection) && !g_str_equal (parts[1], item))
        continue;

      route->type = types[i];
      route->item = g_str_equal (parts[1], item);
      admin = types[i] == &hw_integration_type || types[i] == &hw_integration_run_type;

      if (g_str_equal (route->method, "GET"))
        route->access = ACCESS_STAFF;
      else
        route->access = admin ? ACCESS_ADMIN : ACCESS_EDITOR;

      if (g_str_equal (route->method, "POST") && !route->item)
        route->success = 201;
      else if (g_str_equal (route->method, "DELETE") && route->item)
        route->success = 204;
      else if (g_str_equal (route->method, "GET") || g_str_equal (route->method, "PUT") ||
               g_str_equal (route->method, "PATCH"))
        route->success = 200;
      else
        break;

      return route;
    }

  g_free (route->route);
  g_free (route->method);
  g_free (route);
  return NULL;
}

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->route);
  g_free (route->method);
  g_free (route);
}

/* The routes of a server made in this process: the same code as the binary's. */
static char **
registered_routes (void)
{
  g_autofree char *dir = hw_test_make_tmp_dir ("hw-roles-routes-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "routes.db", NULL);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwServer) server = NULL;
  g_autoptr(GError) error = NULL;
  char **routes;

  store = hw_store_open (db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  server = hw_server_new (store);
  routes = hw_server_router_list_routes (hw_server_get_router (server));
  g_clear_object (&server);
  g_clear_object (&store);
  hw_test_remove_tree (dir);

  return routes;
}

/* Tests */

static void
test_routes_covered (void)
{
  g_auto(GStrv) routes = registered_routes ();
  const HwEntityType * const *types = hw_model_entity_types ();
  guint n_synced = 0;
  guint n_generic = 0;

  g_assert_nonnull (routes);

  /* Every route the server registers is in the table … */
  for (guint i = 0; routes[i] != NULL; i++)
    {
      Route *route = route_new (routes[i]);

      if (route == NULL)
        g_error ("route %s is not in the role table of test-roles.c: add who may call it",
                 routes[i]);
      if (route->type != NULL)
        n_generic++;
      route_free (route);
    }

  /* … and everything in the table is registered. */
  for (guint i = 0; i < G_N_ELEMENTS (specials); i++)
    g_assert_true (g_strv_contains ((const char * const *) routes, specials[i].route));

  for (guint i = 0; types[i] != NULL; i++)
    if (types[i]->flags & HW_ENTITY_SYNCED)
      n_synced++;
  g_assert_cmpuint (n_generic, ==, n_synced * 6);
  g_assert_cmpuint (g_strv_length (routes), ==, n_generic + G_N_ELEMENTS (specials));
}

/* The refusal of @response: the right problem document, and nothing changed. */
static void
assert_refused (const HwTestResponse *response,
                guint                 status,
                gint64                revision_before)
{
  g_autoptr(JsonObject) problem = NULL;

  problem = hw_test_assert_problem (response->status, response->content_type, response->body,
                                    status, status == 401 ? "unauthorized" : "forbidden");
  g_assert_cmpint (revision_now (), ==, revision_before);
  fixture.n_refusals++;
}

static JsonObject *
template_of (const HwEntityType *type)
{
  JsonObject *item = g_hash_table_lookup (fixture.templates, type->plural);

  g_assert_nonnull (item);
  return item;
}

static char *
created_key (const HwEntityType *type,
             Principal           principal)
{
  return g_strconcat (type->plural, " ", principal_names[principal], NULL);
}

/* The item a call on @route acts on: the caller's own when it may change it. */
static const char *
target_id (const Route *route,
           Principal    principal,
           gboolean     allowed)
{
  if (allowed && !g_str_equal (route->method, "GET"))
    {
      g_autofree char *key = created_key (route->type, principal);
      const char *id = g_hash_table_lookup (fixture.created, key);

      g_assert_nonnull (id);
      return id;
    }

  return json_object_get_string_member (template_of (route->type), "id");
}

/* The body of a POST to a collection: a new entity like the template. */
static char *
create_body (const Route *route,
             Principal    principal)
{
  g_autofree char *tag = g_strdup_printf ("m%s", principal_names[principal]);
  g_autoptr(JsonObject) body = hw_test_create_body (route->type, template_of (route->type), tag);

  /* The pair (product, related product, kind) is unique: relate a product of its own. */
  if (route->type == &hw_product_relation_type)
    json_object_set_string_member (body, "related_product_id", fixture.fresh_products[principal]);
  /* Prices of one product must not overlap in time: price a product of its own. */
  if (route->type == &hw_price_type || route->type == &hw_price_agreement_type)
    json_object_set_string_member (body, "product_id", fixture.fresh_products[principal]);

  return to_string (body);
}

/* The current representation of @path with one editable text changed, and its ETag. */
static char *
changed_body (const Route  *route,
              const char   *path,
              gboolean      patch,
              char        **out_etag)
{
  const HwFieldSpec *spec = hw_test_editable_text_field (route->type);
  g_auto(HwTestResponse) current = { 0, };
  g_autoptr(JsonObject) object = NULL;

  send_request (&current, "GET", path, fixture.tokens[P_OWNER], NULL, NULL);
  g_assert_cmpuint (current.status, ==, 200);
  *out_etag = g_strdup (current.etag);
  object = object_of (&current);

  if (patch)
    {
      g_autoptr(JsonObject) delta = json_object_new ();

      if (spec != NULL)
        json_object_set_string_member (delta, spec->name, "changed by the role matrix");
      return to_string (delta);
    }

  if (spec != NULL)
    json_object_set_string_member (object, spec->name, "replaced by the role matrix");
  return to_string (object);
}

static void
run_generic (const Route    *route,
             Principal       principal,
             guint           expected,
             HwTestResponse *response)
{
  gboolean allowed = expected == route->success;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *etag = NULL;
  const char *token = fixture.tokens[principal];
  gint64 before = revision_now ();

  if (!route->item)
    path = g_strconcat ("/", route->type->plural, NULL);
  else
    path = g_strconcat ("/", route->type->plural, "/", target_id (route, principal, allowed),
                        NULL);

  if (g_str_equal (route->method, "GET"))
    {
      send_request (response, "GET", path, token, NULL, NULL);
    }
  else if (g_str_equal (route->method, "POST"))
    {
      body = create_body (route, principal);
      send_request (response, "POST", path, token, NULL, body);
      if (response->status == 201)
        {
          g_autoptr(JsonObject) made = object_of (response);

          g_hash_table_insert (fixture.created, created_key (route->type, principal),
                               g_strdup (json_object_get_string_member (made, "id")));
        }
    }
  else if (g_str_equal (route->method, "DELETE"))
    {
      g_auto(HwTestResponse) current = { 0, };

      send_request (&current, "GET", path, fixture.tokens[P_OWNER], NULL, NULL);
      g_assert_cmpuint (current.status, ==, 200);
      send_request (response, "DELETE", path, token, current.etag, NULL);
    }
  else
    {
      body = changed_body (route, path, g_str_equal (route->method, "PATCH"), &etag);
      send_request (response, route->method, path, token, etag, body);
    }

  if (response->status != expected)
    g_printerr ("# %s as %s: %u %.*s\n", route->route, principal_names[principal],
                response->status, (int) MIN (g_bytes_get_size (response->body), 400),
                (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, expected);

  if (!allowed)
    assert_refused (response, expected, before);
  else if (!g_str_equal (route->method, "GET") &&
           (hw_test_editable_text_field (route->type) != NULL ||
            g_str_equal (route->method, "POST") || g_str_equal (route->method, "DELETE")))
    g_assert_cmpint (revision_now (), >, before);
}

static char *
erp_product_body (Principal principal)
{
  return g_strdup_printf ("[{\"erp_id\": \"MATRIX-%s\", \"sku\": \"MATRIX-%s\","
                          " \"name\": \"Matrix\", \"unit\": \"pc\", \"status\": \"active\","
                          " \"currency\": \"EUR\"}]",
                          principal_names[principal], principal_names[principal]);
}

static char *
erp_account_body (Principal principal)
{
  return g_strdup_printf ("[{\"customer_number\": \"MATRIX-%s\", \"name\": \"Matrix\","
                          " \"currency\": \"EUR\", \"status\": \"active\","
                          " \"users\": [{\"email\": \"matrix-%s@example.com\","
                          " \"name\": \"Matrix\"}]}]",
                          principal_names[principal], principal_names[principal]);
}

static char *
erp_price_body (Principal principal)
{
  return g_strdup_printf ("[{\"type\": \"price_list\", \"code\": \"MATRIX-%s\","
                          " \"name\": \"Matrix\", \"currency\": \"EUR\"}]",
                          principal_names[principal]);
}

/* The API tokens of the integration, as the owner sees them: their creation and
 * revocation do not move the revision, so refusals are checked against this too. */
static char *
token_list (void)
{
  g_autofree char *path = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "GET", path, fixture.tokens[P_OWNER], NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  return g_strndup (g_bytes_get_data (response.body, NULL), g_bytes_get_size (response.body));
}

static char *
channel_login_body (void)
{
  return hw_test_login_body (fixture.channel_email, PASSWORD);
}

static char *
channel_login (void)
{
  g_autofree char *body = channel_login_body ();
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) made = NULL;

  send_request (&response, "POST", "/channel/auth/login", NULL, NULL, body);
  g_assert_cmpuint (response.status, ==, 200);
  made = object_of (&response);
  return g_strdup (json_object_get_string_member (made, "token"));
}

static void
run_channel_auth (const char     *name,
                  Principal       principal,
                  gboolean        allowed,
                  HwTestResponse *response)
{
  const char *token = fixture.tokens[principal];
  g_autofree char *session = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;

  if (g_str_equal (name, "POST /channel/auth/login"))
    {
      body = channel_login_body ();
      send_request (response, "POST", "/channel/auth/login", token, NULL, body);
    }
  else if (g_str_equal (name, "POST /channel/auth/logout"))
    {
      /* A session of its own to end, so that the caller's token lives on. */
      if (allowed)
        token = session = channel_login ();
      send_request (response, "POST", "/channel/auth/logout", token, NULL, NULL);
    }
  else if (g_str_equal (name, "GET /channel/auth/me"))
    {
      send_request (response, "GET", "/channel/auth/me", token, NULL, NULL);
    }
  else
    {
      /* Another user than the channel caller: a new password ends that user's sessions. */
      path = g_strdup_printf ("/users/%s/password", fixture.password_user);
      send_request (response, "PUT", path, token, NULL,
                    "{\"password\": \"set by the role matrix\"}");
    }
}

static void
run_channel (const char     *name,
             Principal       principal,
             HwTestResponse *response)
{
  const char *token = fixture.tokens[principal];
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  if (g_str_equal (name, "GET /channel/products"))
    path = g_strdup ("/channel/products?limit=5");
  else if (g_str_equal (name, "GET /channel/products/{id}"))
    path = g_strdup_printf ("/channel/products/%s", fixture.channel_product);
  else if (g_str_equal (name, "GET /channel/prices"))
    path = g_strdup_printf ("/channel/prices?product=%s&qty=%" G_GINT64_FORMAT,
                            fixture.channel_product, fixture.channel_qty);
  else if (g_str_equal (name, "GET /channel/orders"))
    path = g_strdup ("/channel/orders?limit=5");
  else if (g_str_equal (name, "POST /channel/orders"))
    {
      path = g_strdup ("/channel/orders");
      body = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": %"
                              G_GINT64_FORMAT "}]}", fixture.channel_product,
                              fixture.channel_qty);
    }
  else if (g_str_equal (name, "GET /channel/orders/{id}"))
    path = g_strdup_printf ("/channel/orders/%s", fixture.channel_order);
  else if (g_str_equal (name, "POST /channel/orders/{id}/approve"))
    path = g_strdup_printf ("/channel/orders/%s/approve", fixture.channel_order);
  else
    g_assert_not_reached ();

  send_request (response, g_str_has_prefix (name, "POST") ? "POST" : "GET", path, token, NULL,
                body);
}

static void
run_special (const Route    *route,
             Principal       principal,
             guint           expected,
             HwTestResponse *response)
{
  gboolean allowed = expected == route->success;
  const char *name = route->special->route;
  const char *token = fixture.tokens[principal];
  g_autofree char *session = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tokens_before = token_list ();
  gint64 before = revision_now ();

  if (g_str_equal (name, "GET /health") || g_str_equal (name, "GET /openapi.yaml") ||
      g_str_equal (name, "GET /auth/me"))
    {
      send_request (response, "GET", strchr (name, '/'), token, NULL, NULL);
    }
  else if (g_str_equal (name, "POST /auth/login"))
    {
      body = hw_test_login_body ("editor@example.com", PASSWORD);
      send_request (response, "POST", "/auth/login", token, NULL, body);
    }
  else if (g_str_equal (name, "POST /auth/logout"))
    {
      /* A session of its own to end, so that the caller's token lives on. */
      if (allowed)
        token = session = login (email_of (principal));
      send_request (response, "POST", "/auth/logout", token, NULL, NULL);
      if (allowed)
        {
          g_auto(HwTestResponse) after = { 0, };

          send_request (&after, "GET", "/auth/me", session, NULL, NULL);
          g_assert_cmpuint (after.status, ==, 401);
        }
    }
  else if (g_str_equal (name, "GET /changes"))
    {
      send_request (response, "GET", "/changes?since=0&limit=5", token, NULL, NULL);
    }
  else if (g_str_equal (name, "GET /sync/snapshot"))
    {
      send_request (response, "GET", "/sync/snapshot", token, NULL, NULL);
    }
  else if (g_str_equal (name, "GET /audit"))
    {
      path = g_strdup_printf ("/audit?entity=category&id=%s",
                              json_object_get_string_member (template_of (&hw_category_type),
                                                             "id"));
      send_request (response, "GET", path, token, NULL, NULL);
    }
  else if (g_str_equal (name, "POST /integrations/{id}/tokens"))
    {
      path = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
      send_request (response, "POST", path, token, NULL, "{\"scopes\": [\"erp.prices\"]}");
      if (response->status == 201)
        {
          g_autoptr(JsonObject) made = object_of (response);

          g_hash_table_insert (fixture.api_tokens, g_strdup (principal_names[principal]),
                               g_strdup (json_object_get_string_member (made, "id")));
        }
    }
  else if (g_str_equal (name, "GET /integrations/{id}/tokens"))
    {
      path = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
      send_request (response, "GET", path, token, NULL, NULL);
    }
  else if (g_str_equal (name, "DELETE /integrations/{id}/tokens/{token_id}"))
    {
      /* Refused callers aim at the token the integration caller goes on using. */
      const char *id = allowed ? g_hash_table_lookup (fixture.api_tokens,
                                                      principal_names[principal])
                               : fixture.integration_token_id;

      g_assert_nonnull (id);
      path = g_strdup_printf ("/integrations/%s/tokens/%s", fixture.integration_id, id);
      send_request (response, "DELETE", path, token, NULL, NULL);
    }
  else if (g_str_equal (name, "POST /erp/products"))
    {
      body = erp_product_body (principal);
      send_request (response, "POST", "/erp/products", token, NULL, body);
    }
  else if (g_str_equal (name, "POST /erp/accounts"))
    {
      body = erp_account_body (principal);
      send_request (response, "POST", "/erp/accounts", token, NULL, body);
    }
  else if (g_str_equal (name, "POST /erp/prices"))
    {
      body = erp_price_body (principal);
      send_request (response, "POST", "/erp/prices", token, NULL, body);
    }
  else if (g_str_equal (name, "GET /erp/orders"))
    {
      send_request (response, "GET", "/erp/orders?limit=5", token, NULL, NULL);
    }
  else if (g_str_equal (name, "POST /erp/orders/{id}/ack"))
    {
      path = g_strdup_printf ("/erp/orders/%s/ack", fixture.received[0]);
      send_request (response, "POST", path, token, NULL, "{\"erp_reference\": null}");
    }
  else if (g_str_equal (name, "POST /erp/orders/{id}/fail"))
    {
      path = g_strdup_printf ("/erp/orders/%s/fail", fixture.received[1]);
      send_request (response, "POST", path, token, NULL, "{\"reason\": \"Role matrix\"}");
    }
  else if (g_str_has_prefix (name, "POST /channel/auth/") ||
           g_str_has_prefix (name, "GET /channel/auth/") ||
           g_str_equal (name, "PUT /users/{id}/password"))
    {
      run_channel_auth (name, principal, allowed, response);
    }
  else if (g_str_has_prefix (name, "GET /channel/") || g_str_has_prefix (name, "POST /channel/"))
    {
      run_channel (name, principal, response);
    }
  else if (g_str_equal (name, "GET /explain"))
    {
      path = g_strdup_printf ("/explain?user=%s&product=%s&qty=2",
                              json_object_get_string_member (template_of (&hw_user_type), "id"),
                              json_object_get_string_member (template_of (&hw_product_type), "id"));
      send_request (response, "GET", path, token, NULL, NULL);
    }
  else if (g_str_equal (name, "POST /impact"))
    {
      /* Impact writes nothing, so every caller may propose the same delete. */
      body = g_strdup_printf ("{\"entity\": \"visibility_rule\", \"op\": \"delete\", \"id\": \"%s\"}",
                              json_object_get_string_member (template_of (&hw_visibility_rule_type),
                                                             "id"));
      send_request (response, "POST", "/impact", token, NULL, body);
      g_assert_cmpint (revision_now (), ==, before);
    }
  else
    {
      g_assert_not_reached ();
    }

  if (response->status != expected)
    g_printerr ("# %s as %s: %u %.*s\n", name, principal_names[principal], response->status,
                (int) MIN (g_bytes_get_size (response->body), 400),
                (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, expected);

  if (!allowed)
    {
      g_autofree char *tokens_after = token_list ();

      assert_refused (response, expected, before);
      g_assert_cmpstr (tokens_after, ==, tokens_before);
    }
}

static void
test_route (gconstpointer data)
{
  const Route *route = data;

  for (Principal principal = 0; principal < N_PRINCIPALS; principal++)
    {
      g_auto(HwTestResponse) response = { 0, };
      guint expected = expected_status (route->access, principal, route->success);

      if (route->type != NULL)
        run_generic (route, principal, expected, &response);
      else
        run_special (route, principal, expected, &response);
      fixture.n_cases++;
    }
}

static void
test_counts (void)
{
  g_printerr ("# role matrix: %u calls, %u of them refused\n", fixture.n_cases,
              fixture.n_refusals);
  g_assert_cmpuint (fixture.n_cases, >, 0);
  g_assert_cmpuint (fixture.n_refusals, >, 0);
}

/* Set-up */

static void
keep_template (const HwEntityType *type)
{
  g_autofree char *path = g_strconcat ("/", type->plural, "?limit=1", NULL);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  JsonArray *items;

  send_request (&response, "GET", path, fixture.tokens[P_OWNER], NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = object_of (&response);
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  g_hash_table_insert (fixture.templates, (gpointer) type->plural,
                       json_object_ref (json_array_get_object_element (items, 0)));
}

/* The demo has no price agreements: one made by the owner stands in. */
static void
make_price_agreement (void)
{
  g_autofree char *body = NULL;
  g_auto(HwTestResponse) response = { 0, };

  body = g_strdup_printf ("{\"account_id\": \"%s\", \"product_id\": \"%s\", \"currency\": \"EUR\","
                          " \"tiers\": [{\"min_qty\": 1, \"amount\": 990}]}",
                          json_object_get_string_member (template_of (&hw_account_type), "id"),
                          json_object_get_string_member (template_of (&hw_product_type), "id"));
  send_request (&response, "POST", "/price-agreements", fixture.tokens[P_OWNER], NULL, body);
  g_assert_cmpuint (response.status, ==, 201);
}

static void
find_received_orders (void)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  JsonArray *items;

  send_request (&response, "GET", "/orders?status=received&limit=2", fixture.tokens[P_OWNER],
                NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = object_of (&response);
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  for (guint i = 0; i < 2; i++)
    fixture.received[i] =
      g_strdup (json_object_get_string_member (json_array_get_object_element (items, i), "id"));
}

static void
make_integration_token (void)
{
  g_autofree char *path = NULL;
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) made = NULL;

  fixture.integration_id =
    g_strdup (json_object_get_string_member (template_of (&hw_integration_type), "id"));
  path = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
  send_request (&response, "POST", path, fixture.tokens[P_OWNER], NULL,
                "{\"scopes\": [\"erp.products\", \"erp.accounts\", \"erp.prices\","
                " \"erp.orders\"]}");
  g_assert_cmpuint (response.status, ==, 201);
  made = object_of (&response);
  fixture.tokens[P_INTEGRATION] = g_strdup (json_object_get_string_member (made, "token"));
  fixture.integration_token_id = g_strdup (json_object_get_string_member (made, "id"));
}

/* A customer user of an active account for the channel session, made an account_admin
 * whose every order waits for approval, with a password; a product it may order, and
 * an order of it waiting. */
static void
make_channel_user (void)
{
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  g_autoptr(JsonObject) products = NULL;
  g_autoptr(JsonObject) order = NULL;
  g_autofree char *user_path = NULL;
  g_autofree char *password_path = NULL;
  g_autofree char *body = NULL;
  const char *user_id = NULL;
  JsonArray *items;

  send_request (&response, "GET", "/users?limit=100", fixture.tokens[P_OWNER], NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = object_of (&response);
  items = json_object_get_array_member (page, "items");
  for (guint i = 0; i < json_array_get_length (items) && user_id == NULL; i++)
    {
      JsonObject *user = json_array_get_object_element (items, i);
      g_autofree char *account_path = g_strdup_printf ("/accounts/%s",
                                                       json_object_get_string_member (user,
                                                                                      "account_id"));
      g_auto(HwTestResponse) account = { 0, };
      g_autoptr(JsonObject) object = NULL;

      send_request (&account, "GET", account_path, fixture.tokens[P_OWNER], NULL, NULL);
      g_assert_cmpuint (account.status, ==, 200);
      object = object_of (&account);
      if (g_str_equal (json_object_get_string_member (object, "status"), "active"))
        {
          user_id = json_object_get_string_member (user, "id");
          fixture.channel_email = g_strdup (json_object_get_string_member (user, "email"));
        }
      else if (fixture.password_user == NULL)
        {
          fixture.password_user = g_strdup (json_object_get_string_member (user, "id"));
        }
    }
  g_assert_nonnull (user_id);
  for (guint i = 0; i < json_array_get_length (items) && fixture.password_user == NULL; i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (items, i),
                                                      "id");

      if (!g_str_equal (id, user_id))
        fixture.password_user = g_strdup (id);
    }

  user_path = g_strdup_printf ("/api/v1/users/%s", user_id);
  hw_test_response_clear (&response);
  hw_test_patch (fixture.session, fixture.url, &response, user_path, fixture.tokens[P_OWNER],
                 "{\"role\": \"account_admin\", \"active\": true, \"show_prices\": true,"
                 " \"can_order\": true, \"order_limit\": 1}");
  g_assert_cmpuint (response.status, ==, 200);

  password_path = g_strdup_printf ("/users/%s/password", user_id);
  hw_test_response_clear (&response);
  send_request (&response, "PUT", password_path, fixture.tokens[P_OWNER], NULL,
                "{\"password\": \"" PASSWORD "\"}");
  g_assert_cmpuint (response.status, ==, 204);
  fixture.tokens[P_CHANNEL] = channel_login ();

  hw_test_response_clear (&response);
  send_request (&response, "GET", "/channel/products?limit=50", fixture.tokens[P_CHANNEL], NULL,
                NULL);
  g_assert_cmpuint (response.status, ==, 200);
  products = object_of (&response);
  items = json_object_get_array_member (products, "items");
  for (guint i = 0; i < json_array_get_length (items) && fixture.channel_product == NULL; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonObject *price = json_object_get_object_member (item, "price");

      /* Not one of the matrix's own products: they have no price. */
      if (json_object_get_boolean_member (item, "orderable") &&
          json_object_get_int_member (price, "unit_price") > 0)
        {
          fixture.channel_product = g_strdup (json_object_get_string_member (item, "id"));
          fixture.channel_qty = json_object_get_int_member (price, "quantity");
        }
    }
  g_assert_nonnull (fixture.channel_product);

  body = g_strdup_printf ("{\"lines\": [{\"product_id\": \"%s\", \"quantity\": %"
                          G_GINT64_FORMAT "}]}", fixture.channel_product, fixture.channel_qty);
  hw_test_response_clear (&response);
  send_request (&response, "POST", "/channel/orders", fixture.tokens[P_CHANNEL], NULL, body);
  g_assert_cmpuint (response.status, ==, 201);
  order = object_of (&response);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "pending_approval");
  fixture.channel_order = g_strdup (json_object_get_string_member (order, "id"));
}

static void
make_fresh_products (void)
{
  for (Principal principal = 0; principal < N_PRINCIPALS; principal++)
    {
      g_autofree char *tag = g_strdup_printf ("rel%s", principal_names[principal]);
      g_autoptr(JsonObject) body = hw_test_create_body (&hw_product_type,
                                                        template_of (&hw_product_type), tag);
      g_autofree char *text = to_string (body);
      g_auto(HwTestResponse) response = { 0, };
      g_autoptr(JsonObject) made = NULL;

      send_request (&response, "POST", "/products", fixture.tokens[P_OWNER], NULL, text);
      if (response.status != 201)
        g_printerr ("# %s\n# %.*s\n", text, (int) g_bytes_get_size (response.body),
                    (const char *) g_bytes_get_data (response.body, NULL));
      g_assert_cmpuint (response.status, ==, 201);
      made = object_of (&response);
      fixture.fresh_products[principal] = g_strdup (json_object_get_string_member (made, "id"));
    }
}

static void
fixture_set_up (void)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  const char * const seed[] = {
    "seed", "--db", NULL, "--products", "30", "--accounts", "3", "--users", "3",
    "--orders", "8", NULL
  };
  const char *args[G_N_ELEMENTS (seed)];

  fixture.dir = hw_test_make_tmp_dir ("hw-roles-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "test.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  fixture.templates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) json_object_unref);
  fixture.created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture.api_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  memcpy (args, seed, sizeof seed);
  args[2] = fixture.db;
  g_assert_cmpint (hw_test_run_binary (args, NULL, NULL, NULL), ==, HW_SERVER_EXIT_OK);

  for (Principal principal = P_OWNER; principal <= P_VIEWER; principal++)
    g_assert_cmpint (hw_test_user_add (fixture.db, email_of (principal), principal_names[principal],
                                       principal_names[principal], PASSWORD "\n", NULL),
                     ==, HW_SERVER_EXIT_OK);

  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.session = hw_test_session_new ();

  for (Principal principal = P_OWNER; principal <= P_VIEWER; principal++)
    fixture.tokens[principal] = login (email_of (principal));
  fixture.tokens[P_NONE] = NULL;
  fixture.tokens[P_GARBAGE] = g_strdup ("hw1_this-is-no-token-at-all");

  for (guint i = 0; types[i] != NULL; i++)
    if ((types[i]->flags & HW_ENTITY_SYNCED) && types[i] != &hw_price_agreement_type)
      keep_template (types[i]);
  make_price_agreement ();
  keep_template (&hw_price_agreement_type);

  make_integration_token ();
  find_received_orders ();
  make_fresh_products ();
  make_channel_user ();
}

static void
fixture_tear_down (void)
{
  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_clear_object (&fixture.session);
  hw_test_remove_tree (fixture.dir);

  for (guint i = 0; i < N_PRINCIPALS; i++)
    {
      g_clear_pointer (&fixture.tokens[i], g_free);
      g_clear_pointer (&fixture.fresh_products[i], g_free);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixture.received); i++)
    g_clear_pointer (&fixture.received[i], g_free);
  g_clear_pointer (&fixture.templates, g_hash_table_unref);
  g_clear_pointer (&fixture.created, g_hash_table_unref);
  g_clear_pointer (&fixture.api_tokens, g_hash_table_unref);
  g_clear_pointer (&fixture.integration_id, g_free);
  g_clear_pointer (&fixture.integration_token_id, g_free);
  g_clear_pointer (&fixture.channel_email, g_free);
  g_clear_pointer (&fixture.password_user, g_free);
  g_clear_pointer (&fixture.channel_product, g_free);
  g_clear_pointer (&fixture.channel_order, g_free);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.db, g_free);
  g_clear_pointer (&fixture.log, g_free);
  g_clear_pointer (&fixture.url, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) routes = g_ptr_array_new_with_free_func (route_free);
  g_auto(GStrv) registered = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/roles/routes-covered", test_routes_covered);

  /* One case per route, in the order registered: creates come before the changes of
   * what they made. */
  registered = registered_routes ();
  for (guint i = 0; registered[i] != NULL; i++)
    {
      Route *route = route_new (registered[i]);
      g_autofree char *flat = NULL;
      g_autofree char *name = NULL;

      if (route == NULL)
        continue; /* routes-covered names it */
      g_ptr_array_add (routes, route);
      /* One flat suite, so that the cases run in this order. */
      flat = g_strdelimit (g_strdup (registered[i]), " /{}", '_');
      name = g_strconcat ("/server/roles/matrix/", flat, NULL);
      g_test_add_data_func (name, route, test_route);
    }
  g_test_add_func ("/server/roles/matrix/summary", test_counts);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
