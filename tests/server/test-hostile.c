/* test-hostile.c
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

/* Hostile input through the built binary, over every route that takes a body and every
 * field of every synced type, the fields taken from the entity descriptors of core:
 * malformed JSON, wrong JSON types, values out of range, over-long and invalid text, NUL
 * characters, bodies over the cap, SQL metacharacters (stored and read back byte for
 * byte, usable as search and filter values) and bad query parameters. Every refusal is a
 * problem document of the right status, naming the field for validation, and leaves the
 * revision of the changes feed where it was. Unknown members are ignored, as the core
 * codec does (forward compatibility with newer clients). */

#define PASSWORD "correct horse battery staple"

static const char * const sql_texts[] = {
  "'; DROP TABLE products; --",
  "\" OR 1=1",
  "100% off",
  "under_score",
  "back\\slash",
  "%_\\' \"; --",
};

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
  char        *owner;
  char        *erp;
  char        *integration_id;
  char        *received;
  GHashTable  *templates;  /* plural → JsonObject */
  guint        n_cases;
  guint        serial;
} Fixture;

static Fixture fixture;

/* Requests */

/* @length: of @body, -1 for a string */
static void
send_raw (HwTestResponse *response,
          const char     *method,
          const char     *path,
          const char     *token,
          const char     *if_match,
          const char     *body,
          gssize          length)
{
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1", path, NULL);

  hw_test_send_response (fixture.session, response, method, url, token, if_match, body, length);

  /* Whatever comes in, never a server error. */
  g_assert_cmpuint (response->status, <, 500);
}

static void
send_request (HwTestResponse *response,
              const char     *method,
              const char     *path,
              const char     *token,
              const char     *if_match,
              const char     *body)
{
  send_raw (response, method, path, token, if_match, body, -1);
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

static void
print_unexpected (const char     *what,
                  const HwTestResponse *response)
{
  g_printerr ("# %s: %u %.*s\n", what, response->status,
              (int) MIN (g_bytes_get_size (response->body), 400),
              (const char *) g_bytes_get_data (response->body, NULL));
}

/* A refusal of @status and @slug; for 422 the first field error names @field. The
 * revision must still be @revision. */
static void
assert_refused (const char           *what,
                const HwTestResponse *response,
                guint                 status,
                const char           *slug,
                const char           *field,
                gint64                revision)
{
  g_autoptr(JsonObject) problem = NULL;

  if (response->status != status)
    print_unexpected (what, response);
  problem = hw_test_assert_problem (response->status, response->content_type, response->body,
                                    status, slug);
  if (field != NULL)
    {
      JsonArray *errors = json_object_get_array_member (problem, "errors");

      g_assert_nonnull (errors);
      g_assert_cmpuint (json_array_get_length (errors), >=, 1);
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                    "field"), field) != 0)
        print_unexpected (what, response);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (errors, 0),
                                                      "field"), ==, field);
    }
  g_assert_cmpint (revision_now (), ==, revision);
  fixture.n_cases++;
}

static JsonObject *
template_of (const HwEntityType *type)
{
  JsonObject *item = g_hash_table_lookup (fixture.templates, type->plural);

  g_assert_nonnull (item);
  return item;
}

/* A body that would create a new entity of @type. */
static JsonObject *
create_body (const HwEntityType *type)
{
  g_autofree char *tag = g_strdup_printf ("h%u", ++fixture.serial);

  return hw_test_create_body (type, template_of (type), tag);
}

static const HwEntityType *
synced_type (guint i)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  guint n = 0;

  for (guint j = 0; types[j] != NULL; j++)
    if (types[j]->flags & HW_ENTITY_SYNCED)
      {
        if (n == i)
          return types[j];
        n++;
      }

  return NULL;
}

/* The path and ETag of the template of @type. */
static char *
item_path (const HwEntityType *type,
           char              **out_etag)
{
  g_autofree char *path = g_strconcat ("/", type->plural, "/",
                                       json_object_get_string_member (template_of (type), "id"),
                                       NULL);
  g_auto(HwTestResponse) response = { 0, };

  send_request (&response, "GET", path, fixture.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  *out_etag = g_strdup (response.etag);

  return g_steal_pointer (&path);
}

/* Every route that takes a body, with a caller that may use it. */
typedef struct
{
  char       *method;
  char       *path;
  char       *token;
  char       *if_match;
} BodyRoute;

static void
body_route_free (gpointer data)
{
  BodyRoute *route = data;

  g_free (route->method);
  g_free (route->path);
  g_free (route->token);
  g_free (route->if_match);
  g_free (route);
}

/* The ERP imports, each with a body of records. */
static const char * const erp_imports[] = { "/erp/products", "/erp/accounts", "/erp/prices" };

static GPtrArray *
body_routes (void)
{
  GPtrArray *routes = g_ptr_array_new_with_free_func (body_route_free);
  const HwEntityType *type;
  BodyRoute *route;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    {
      static const char * const methods[] = { "POST", "PUT", "PATCH" };

      for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
        {
          route = g_new0 (BodyRoute, 1);
          route->method = g_strdup (methods[m]);
          route->token = g_strdup (fixture.owner);
          if (m == 0)
            route->path = g_strconcat ("/", type->plural, NULL);
          else
            route->path = item_path (type, &route->if_match);
          g_ptr_array_add (routes, route);
        }
    }

  route = g_new0 (BodyRoute, 1);
  route->method = g_strdup ("POST");
  route->path = g_strdup ("/auth/login");
  g_ptr_array_add (routes, route);

  route = g_new0 (BodyRoute, 1);
  route->method = g_strdup ("POST");
  route->path = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
  route->token = g_strdup (fixture.owner);
  g_ptr_array_add (routes, route);

  for (guint k = 0; k < G_N_ELEMENTS (erp_imports); k++)
    {
      route = g_new0 (BodyRoute, 1);
      route->method = g_strdup ("POST");
      route->path = g_strdup (erp_imports[k]);
      route->token = g_strdup (fixture.erp);
      g_ptr_array_add (routes, route);
    }

  route = g_new0 (BodyRoute, 1);
  route->method = g_strdup ("POST");
  route->path = g_strdup_printf ("/erp/orders/%s/ack", fixture.received);
  route->token = g_strdup (fixture.erp);
  g_ptr_array_add (routes, route);

  route = g_new0 (BodyRoute, 1);
  route->method = g_strdup ("POST");
  route->path = g_strdup_printf ("/erp/orders/%s/fail", fixture.received);
  route->token = g_strdup (fixture.erp);
  g_ptr_array_add (routes, route);

  route = g_new0 (BodyRoute, 1);
  route->method = g_strdup ("POST");
  route->path = g_strdup ("/impact");
  route->token = g_strdup (fixture.owner);
  g_ptr_array_add (routes, route);

  return routes;
}

/* A new product of no relations: one relation to it is unique. */
static char *
fresh_product (void)
{
  g_autoptr(JsonObject) body = create_body (&hw_product_type);
  g_autofree char *text = to_string (body);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) made = NULL;

  send_request (&response, "POST", "/products", fixture.owner, NULL, text);
  g_assert_cmpuint (response.status, ==, 201);
  made = object_of (&response);

  return g_strdup (json_object_get_string_member (made, "id"));
}

/* A body that creates a new entity of @type, one that no rule of uniqueness beyond the
 * fields' own refuses: relations and prices of a product of their own. */
static JsonObject *
new_body (const HwEntityType *type)
{
  JsonObject *body = create_body (type);

  if (type == &hw_product_relation_type)
    {
      g_autofree char *related = fresh_product ();

      json_object_set_string_member (body, "related_product_id", related);
    }
  else if (type == &hw_price_type || type == &hw_price_agreement_type)
    {
      g_autofree char *product = fresh_product ();

      json_object_set_string_member (body, "product_id", product);
    }

  return body;
}

/* Tests */

/* Not JSON, JSON cut short, or integers beyond 64 bits, on every route that takes a body:
 * 400. */
static void
test_malformed (void)
{
  static const struct
  {
    const char *body;
    gssize      length;
  } bodies[] = {
    { "{\"name\": ", -1 },
    { "[1, 2", -1 },
    { "nope", -1 },
    { "{\"a\": 1,}", -1 },
    { "\xff\xfe{}", -1 },
    { "{\"a\": \"\0\"}", 10 },
    /* JSON, but json-glib would wrap the integers around. */
    { "{\"a\": 99999999999999999999}", -1 },
    { "[{\"a\": -99999999999999999999}]", -1 },
  };
  g_autoptr(GPtrArray) routes = body_routes ();

  for (guint i = 0; i < routes->len; i++)
    {
      BodyRoute *route = g_ptr_array_index (routes, i);

      for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
        {
          g_auto(HwTestResponse) response = { 0, };
          g_autofree char *what = g_strdup_printf ("%s %s body %u", route->method, route->path, b);
          gint64 revision = revision_now ();

          send_raw (&response, route->method, route->path, route->token, route->if_match,
                    bodies[b].body, bodies[b].length);
          assert_refused (what, &response, 400, "bad-request", NULL, revision);
        }
    }
}

/* A body one byte over the cap on every route that takes one: 413. */
static void
test_too_large (void)
{
  g_autoptr(GPtrArray) routes = body_routes ();
  gsize size = HW_SERVER_DEFAULT_MAX_BODY_BYTES + 1;
  g_autofree char *body = g_malloc (size + 1);

  /* Valid JSON all the way, so that only its size is wrong. */
  memset (body, ' ', size);
  body[0] = '[';
  body[size - 1] = ']';
  body[size] = '\0';

  for (guint i = 0; i < routes->len; i++)
    {
      BodyRoute *route = g_ptr_array_index (routes, i);
      g_autofree char *what = g_strdup_printf ("%s %s too large", route->method, route->path);
      g_auto(HwTestResponse) response = { 0, };
      gint64 revision = revision_now ();

      send_raw (&response, route->method, route->path, route->token, route->if_match, body,
                size);
      assert_refused (what, &response, 413, "body-too-large", NULL, revision);
    }
}

/* What is wrong with a value of each kind of field, as JSON. */
static const char * const wrong_types[] = {
  [HW_FIELD_TEXT] = "12345",
  [HW_FIELD_INT] = "\"twelve\"",
  [HW_FIELD_BOOL] = "\"yes\"",
  [HW_FIELD_ENUM] = "7",
  [HW_FIELD_REF] = "{\"id\": 1}",
  [HW_FIELD_TIME] = "\"yesterday\"",
  [HW_FIELD_CURRENCY] = "978",
  [HW_FIELD_STRV] = "\"not a list\"",
  [HW_FIELD_JSON] = NULL,
  [HW_FIELD_CHILDREN] = "\"no rows\"",
};

/* @body with the member @name set to the JSON text @value, as written: json-glib would
 * wrap a huge integer around before it is sent. */
static char *
with_member (JsonObject *body,
             const char *name,
             const char *value)
{
  g_autofree char *marker = g_strdup_printf ("@@%u@@", ++fixture.serial);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", marker);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  json_object_set_string_member (body, name, marker);
  text = to_string (body);
  parts = g_strsplit (text, quoted, 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);

  return g_strconcat (parts[0], value, parts[1], NULL);
}

/* Sends @value as the field @spec on create and on change; a 422 naming the field,
 * unless @bad_request: a 400 for what is no value at all. */
static void
refuse_field_as (const HwEntityType *type,
                 const HwFieldSpec  *spec,
                 const char         *value,
                 const char         *why,
                 gboolean            bad_request)
{
  guint status = bad_request ? 400 : 422;
  const char *slug = bad_request ? "bad-request" : "validation-failed";
  const char *field = bad_request ? NULL : spec->name;
  g_autoptr(JsonObject) body = create_body (type);
  g_autofree char *text = with_member (body, spec->name, value);
  g_autofree char *collection = g_strconcat ("/", type->plural, NULL);
  g_autofree char *what = g_strdup_printf ("POST %s %s %s", collection, spec->name, why);
  g_autofree char *etag = NULL;
  g_autofree char *path = NULL;
  g_autofree char *patch = NULL;
  g_autofree char *patch_what = NULL;
  g_auto(HwTestResponse) response = { 0, };
  gint64 revision = revision_now ();

  send_request (&response, "POST", collection, fixture.owner, NULL, text);
  assert_refused (what, &response, status, slug, field, revision);

  /* The same value as a change of an existing one. */
  path = item_path (type, &etag);
  patch = g_strdup_printf ("{\"%s\": %s}", spec->name, value);
  patch_what = g_strdup_printf ("PATCH %s %s %s", path, spec->name, why);
  send_request (&response, "PATCH", path, fixture.owner, etag, patch);
  assert_refused (patch_what, &response, status, slug, field, revision);
}

static void
refuse_field (const HwEntityType *type,
              const HwFieldSpec  *spec,
              const char         *value,
              const char         *why)
{
  refuse_field_as (type, spec, value, why, FALSE);
}

/* Every field of every synced type, of the wrong JSON type or out of range: 422 naming
 * the field, on create and on change. */
static void
test_wrong_values (void)
{
  const HwEntityType *type;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    for (guint f = 0; f < type->n_fields; f++)
      {
        const HwFieldSpec *spec = &type->fields[f];

        if (spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET))
          continue;

        if (wrong_types[spec->kind] != NULL)
          refuse_field (type, spec, wrong_types[spec->kind], "wrong type");

        if (spec->kind == HW_FIELD_INT)
          {
            refuse_field (type, spec, "1e300", "huge");
            /* json-glib would wrap it around to -1: the server refuses the body. */
            refuse_field_as (type, spec, "99999999999999999999", "beyond int64", TRUE);
            refuse_field_as (type, spec, "-9223372036854775809", "below int64", TRUE);
            if (spec->flags & (HW_FIELD_NONNEG | HW_FIELD_POSITIVE))
              refuse_field (type, spec, "-1", "negative");
          }

        if (spec->kind == HW_FIELD_TEXT && spec->max_length > 0)
          {
            g_autofree char *text = g_strnfill (spec->max_length + 1, 'x');
            g_autofree char *value = g_strdup_printf ("\"%s\"", text);

            refuse_field (type, spec, value, "over-long");
          }
      }
}

/* @body with the text member @name replaced by @raw, unescaped bytes and all. */
static char *
with_raw_text (JsonObject *body,
               const char *name,
               const char *raw)
{
  g_autofree char *marker = g_strdup_printf ("@@%u@@", ++fixture.serial);
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;

  json_object_set_string_member (body, name, marker);
  text = to_string (body);
  parts = g_strsplit (text, marker, 2);
  g_assert_cmpuint (g_strv_length (parts), ==, 2);

  return g_strconcat (parts[0], raw, parts[1], NULL);
}

/* Invalid UTF-8 and NUL characters in every text field: 400, nothing stored cut short. */
static void
test_bad_text (void)
{
  static const char * const raws[] = {
    "bad \xc3\x28 byte",
    "lone \xed\xa0\x80 surrogate",
    "nul \\u0000 escaped",
    "over\xf8\x88\x80\x80\x80long",
  };
  const HwEntityType *type;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    for (guint f = 0; f < type->n_fields; f++)
      {
        const HwFieldSpec *spec = &type->fields[f];
        g_autofree char *collection = g_strconcat ("/", type->plural, NULL);

        if (spec->kind != HW_FIELD_TEXT || (spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET)))
          continue;

        for (guint r = 0; r < G_N_ELEMENTS (raws); r++)
          {
            g_autoptr(JsonObject) body = create_body (type);
            g_autofree char *text = with_raw_text (body, spec->name, raws[r]);
            g_autofree char *what = g_strdup_printf ("POST %s %s raw %u", collection, spec->name,
                                                     r);
            g_auto(HwTestResponse) response = { 0, };
            gint64 revision = revision_now ();

            send_request (&response, "POST", collection, fixture.owner, NULL, text);
            assert_refused (what, &response, 400, "bad-request", NULL, revision);
          }
      }
}

/* SQL metacharacters in the free text of every synced type: stored and read back byte
 * for byte, and harmless as search and filter values. */
static void
test_sql_text (void)
{
  const HwEntityType *type;
  guint n_types = 0;
  guint n_searches = 0;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    {
      const HwFieldSpec *spec = hw_test_editable_text_field (type);
      g_autofree char *collection = g_strconcat ("/", type->plural, NULL);

      if (spec == NULL)
        continue;
      n_types++;

      for (guint s = 0; s < G_N_ELEMENTS (sql_texts); s++)
        {
          g_autoptr(JsonObject) body = new_body (type);
          g_autoptr(JsonObject) made = NULL;
          g_autoptr(JsonObject) read = NULL;
          g_autofree char *text = NULL;
          g_autofree char *path = NULL;
          g_autofree char *escaped = g_uri_escape_string (sql_texts[s], NULL, FALSE);
          g_autofree char *filter = NULL;
          g_autofree char *search = NULL;
          g_auto(HwTestResponse) response = { 0, };

          json_object_set_string_member (body, spec->name, sql_texts[s]);
          text = to_string (body);
          send_request (&response, "POST", collection, fixture.owner, NULL, text);
          if (response.status != 201)
            print_unexpected (collection, &response);
          g_assert_cmpuint (response.status, ==, 201);
          made = object_of (&response);

          path = g_strconcat (collection, "/", json_object_get_string_member (made, "id"), NULL);
          send_request (&response, "GET", path, fixture.owner, NULL, NULL);
          g_assert_cmpuint (response.status, ==, 200);
          read = object_of (&response);
          g_assert_cmpstr (json_object_get_string_member (read, spec->name), ==, sql_texts[s]);

          /* As a search, it is text to look for: no error, whatever it finds. */
          search = g_strconcat (collection, "?q=", escaped, NULL);
          send_request (&response, "GET", search, fixture.owner, NULL, NULL);
          if (response.status != 200)
            {
              /* Not a list with a search. */
              g_autoptr(JsonObject) problem = NULL;

              problem = hw_test_assert_problem (response.status, response.content_type,
                                                response.body, 422, "validation-failed");
              g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (problem, "errors"), 0), "field"), ==, "q");
            }
          else
            {
              n_searches++;
            }
          fixture.n_cases++;

          /* As a filter on the field, where the list has one, it finds exactly it. */
          filter = g_strconcat (collection, "?", spec->name, "=", escaped, NULL);
          send_request (&response, "GET", filter, fixture.owner, NULL, NULL);
          if (response.status == 200)
            {
              g_autoptr(JsonObject) page = object_of (&response);
              JsonArray *items = json_object_get_array_member (page, "items");

              g_assert_cmpuint (json_array_get_length (items), >=, 1);
              for (guint k = 0; k < json_array_get_length (items); k++)
                g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, k),
                                                                spec->name), ==, sql_texts[s]);
            }
          else
            {
              /* Not a filter of this list: refused as such, not as SQL. */
              g_autoptr(JsonObject) problem = NULL;

              problem = hw_test_assert_problem (response.status, response.content_type,
                                                response.body, 422, "validation-failed");
            }
          fixture.n_cases++;
        }
    }

  g_assert_cmpuint (n_types, >, 5);
  g_assert_cmpuint (n_searches, >, 0);
}

/* Members the model does not know are ignored, as the core codec ignores them. */
static void
test_unknown_members (void)
{
  const HwEntityType *type;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    {
      g_autoptr(JsonObject) body = new_body (type);
      g_autofree char *collection = g_strconcat ("/", type->plural, NULL);
      g_autofree char *text = NULL;
      g_autoptr(JsonObject) made = NULL;
      g_auto(HwTestResponse) response = { 0, };

      json_object_set_string_member (body, "no_such_member", "'; DROP TABLE products; --");
      json_object_set_int_member (body, "another_unknown", 42);
      text = to_string (body);
      send_request (&response, "POST", collection, fixture.owner, NULL, text);
      if (response.status != 201)
        print_unexpected (collection, &response);
      g_assert_cmpuint (response.status, ==, 201);
      made = object_of (&response);
      g_assert_false (json_object_has_member (made, "no_such_member"));
      g_assert_false (json_object_has_member (made, "another_unknown"));
      fixture.n_cases++;
    }
}

/* Bad paging and filter parameters on every list: 422 naming the parameter; an unknown
 * value of a known filter finds nothing. */
static void
test_query (void)
{
  static const struct
  {
    const char *query;
    const char *field;
  } bad[] = {
    { "limit=0", "limit" },
    { "limit=-1", "limit" },
    { "limit=99999999999999999999", "limit" },
    { "limit=ten", "limit" },
    { "limit=", "limit" },
    { "cursor=not-a-cursor", "cursor" },
    { "cursor=%27%3B%20DROP%20TABLE%20products%3B%20--", "cursor" },
    { "no_such_filter=1", "no_such_filter" },
    { "sort=%27%3B--", "sort" },
  };
  const HwEntityType *type;

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    {
      for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
        {
          g_autofree char *path = g_strconcat ("/", type->plural, "?", bad[b].query, NULL);
          g_auto(HwTestResponse) response = { 0, };
          gint64 revision = revision_now ();

          send_request (&response, "GET", path, fixture.owner, NULL, NULL);
          assert_refused (path, &response, 422, "validation-failed", bad[b].field, revision);
        }

      /* An enum filter with a value that is none of the enum's finds nothing. */
      for (guint f = 0; f < type->n_fields; f++)
        {
          const HwFieldSpec *spec = &type->fields[f];
          g_autofree char *path = NULL;
          g_auto(HwTestResponse) response = { 0, };
          g_autoptr(JsonObject) page = NULL;

          if (spec->kind != HW_FIELD_ENUM)
            continue;

          path = g_strconcat ("/", type->plural, "?", spec->name, "=no-such-value", NULL);
          send_request (&response, "GET", path, fixture.owner, NULL, NULL);
          if (response.status != 200)
            {
              g_autoptr(JsonObject) problem = NULL;

              /* Not a filter of this list. */
              problem = hw_test_assert_problem (response.status, response.content_type,
                                                response.body, 422, "validation-failed");
              continue;
            }
          page = object_of (&response);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "items")),
                            ==, 0);
          fixture.n_cases++;
        }
    }
}

static void
test_summary (void)
{
  g_printerr ("# hostile input: %u cases\n", fixture.n_cases);
  g_assert_cmpuint (fixture.n_cases, >, 0);
}

/* Set-up */

static void
keep_template (const HwEntityType *type)
{
  g_autofree char *path = g_strconcat ("/", type->plural, "?limit=1", NULL);
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) page = NULL;
  JsonArray *items;

  send_request (&response, "GET", path, fixture.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  page = object_of (&response);
  items = json_object_get_array_member (page, "items");
  g_assert_cmpuint (json_array_get_length (items), >=, 1);
  g_hash_table_insert (fixture.templates, (gpointer) type->plural,
                       json_object_ref (json_array_get_object_element (items, 0)));
}

static void
fixture_set_up (void)
{
  const char * const seed[] = {
    "seed", "--db", NULL, "--products", "30", "--accounts", "3", "--users", "3",
    "--orders", "8", NULL
  };
  const char *args[G_N_ELEMENTS (seed)];
  const HwEntityType *type;
  g_autofree char *agreement = NULL;
  g_autofree char *tokens = NULL;
  g_auto(HwTestResponse) response = { 0, };
  g_autoptr(JsonObject) object = NULL;
  JsonArray *items;

  fixture.dir = hw_test_make_tmp_dir ("hw-hostile-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "test.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  fixture.templates = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) json_object_unref);

  memcpy (args, seed, sizeof seed);
  args[2] = fixture.db;
  g_assert_cmpint (hw_test_run_binary (args, NULL, NULL, NULL), ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (hw_test_user_add (fixture.db, "owner@example.com", "Owner", "owner",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);

  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.session = hw_test_session_new ();
  fixture.owner = hw_test_login_token (fixture.session, fixture.url, "owner@example.com",
                                       PASSWORD);

  for (guint i = 0; (type = synced_type (i)) != NULL; i++)
    if (type != &hw_price_agreement_type)
      keep_template (type);

  /* The demo has no price agreements: one made by the owner stands in. */
  agreement = g_strdup_printf ("{\"account_id\": \"%s\", \"product_id\": \"%s\","
                               " \"currency\": \"EUR\", \"tiers\": [{\"min_qty\": 1, \"amount\": 990}]}",
                               json_object_get_string_member (template_of (&hw_account_type), "id"),
                               json_object_get_string_member (template_of (&hw_product_type), "id"));
  send_request (&response, "POST", "/price-agreements", fixture.owner, NULL, agreement);
  g_assert_cmpuint (response.status, ==, 201);
  keep_template (&hw_price_agreement_type);

  fixture.integration_id =
    g_strdup (json_object_get_string_member (template_of (&hw_integration_type), "id"));
  tokens = g_strdup_printf ("/integrations/%s/tokens", fixture.integration_id);
  send_request (&response, "POST", tokens, fixture.owner, NULL,
                "{\"scopes\": [\"erp.products\", \"erp.accounts\", \"erp.prices\","
                " \"erp.orders\"]}");
  g_assert_cmpuint (response.status, ==, 201);
  object = object_of (&response);
  fixture.erp = g_strdup (json_object_get_string_member (object, "token"));
  g_clear_pointer (&object, json_object_unref);

  send_request (&response, "GET", "/orders?status=received&limit=1", fixture.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  object = object_of (&response);
  items = json_object_get_array_member (object, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  fixture.received =
    g_strdup (json_object_get_string_member (json_array_get_object_element (items, 0), "id"));
}

static void
fixture_tear_down (void)
{
  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_clear_object (&fixture.session);
  hw_test_remove_tree (fixture.dir);

  g_clear_pointer (&fixture.templates, g_hash_table_unref);
  g_clear_pointer (&fixture.owner, g_free);
  g_clear_pointer (&fixture.erp, g_free);
  g_clear_pointer (&fixture.integration_id, g_free);
  g_clear_pointer (&fixture.received, g_free);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_pointer (&fixture.db, g_free);
  g_clear_pointer (&fixture.log, g_free);
  g_clear_pointer (&fixture.url, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/hostile/malformed", test_malformed);
  g_test_add_func ("/server/hostile/too-large", test_too_large);
  g_test_add_func ("/server/hostile/wrong-values", test_wrong_values);
  g_test_add_func ("/server/hostile/bad-text", test_bad_text);
  g_test_add_func ("/server/hostile/sql-text", test_sql_text);
  g_test_add_func ("/server/hostile/unknown-members", test_unknown_members);
  g_test_add_func ("/server/hostile/query", test_query);
  g_test_add_func ("/server/hostile/summary", test_summary);

  fixture_set_up ();
  status = g_test_run ();
  fixture_tear_down ();

  return status;
}
