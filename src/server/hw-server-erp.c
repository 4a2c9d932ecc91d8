/* hw-server-erp.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-erp.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-store.h"

/* The ERP import of products (DESIGN.md §2 field ownership, §4 ERP endpoints):
 *
 *   POST /erp/products   a JSON array of product records, or NDJSON
 *                        (Content-Type: application/x-ndjson, one object per line)
 *
 * Every record is keyed by its erp_id. A product with that erp_id gets the ERP-owned
 * fields (HW_FIELD_ERP) of the record and keeps everything else (display name,
 * description, category, attributes, …); an unknown erp_id makes a new product from the
 * ERP-owned fields alone. The batch is one transaction and every record has its own
 * savepoint inside it, so a bad record is reported and left out while the others are
 * stored. A record whose ERP-owned fields equal the stored ones is "unchanged" and not
 * written, so a replayed batch costs no revisions. The call is recorded as an
 * integration run in the same transaction, and the integration's last_run_at is set.
 *
 * Size: at most HW_SERVER_ERP_MAX_RECORDS records (413 beyond). The server-wide body cap
 * (HW_SERVER_DEFAULT_MAX_BODY_BYTES, 8 MiB) is kept: a record with every ERP-owned field
 * at its longest ASCII value (erp_id and sku 64, gtin 14, name 300, unit 20, status 12,
 * currency 3, four 19-digit integers) and every member name is about 690 bytes, so
 * 10 000 of them are about 6.9 MB < 8 MiB; a typical record is 200 to 300 bytes. */

#define OPERATION "erp.products"

typedef struct
{
  HwServer *server;
} Erp;

/* The outcome of one record. */
typedef struct
{
  char       *erp_id;
  const char *status;   /* created, updated, unchanged, error */
  char       *id;
  char       *field;
  char       *message;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->erp_id, g_free);
  g_clear_pointer (&outcome->id, g_free);
  g_clear_pointer (&outcome->field, g_free);
  g_clear_pointer (&outcome->message, g_free);
}

/* Whether the text @data escapes a NUL character (see hw-server-resources.c). */
static gboolean
has_nul_escape (const char *data,
                gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\\')
        continue;

      if (data[i + 1] == 'u' && i + 5 < size && strncmp (data + i + 2, "0000", 4) == 0)
        return TRUE;
      i++;
    }

  return FALSE;
}

static JsonNode *
parse_json (const char *data,
            gsize       size)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (size == 0 || has_nul_escape (data, size) ||
      !json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL)
    return NULL;

  return json_node_copy (root);
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t')
      return FALSE;

  return TRUE;
}

static gboolean
is_ndjson (SoupServerMessage *msg)
{
  const char *type;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                NULL);
  return type != NULL && g_ascii_strcasecmp (type, "application/x-ndjson") == 0;
}

/* The records of the request body, each a JsonNode; answers 400 or 413 on failure. */
static GPtrArray *
body_records (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_utf8_validate (data, size, NULL))
    {
      hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, "The request body must be UTF-8.");
      return NULL;
    }

  if (is_ndjson (msg))
    {
      const char *line = data;
      const char *end = data + size;
      guint number = 0;

      while (line < end)
        {
          const char *newline = memchr (line, '\n', end - line);
          const char *stop = newline != NULL ? newline : end;
          gsize length = stop - line;
          JsonNode *node;

          number++;
          if (length > 0 && line[length - 1] == '\r')
            length--;

          if (!is_blank (line, length))
            {
              if (records->len >= HW_SERVER_ERP_MAX_RECORDS)
                goto too_many;

              node = parse_json (line, length);
              if (node == NULL)
                {
                  g_autofree char *detail = NULL;

                  detail = g_strdup_printf ("Line %u of the NDJSON body is not a JSON document "
                                            "without NUL characters.", number);
                  hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
                  return NULL;
                }
              g_ptr_array_add (records, node);
            }

          line = stop + 1;
        }
    }
  else
    {
      g_autoptr(JsonNode) root = parse_json (data, size);
      JsonArray *array;

      if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST,
                             "The request body must be a JSON array of product records in "
                             "UTF-8, without NUL characters, or NDJSON with Content-Type "
                             "application/x-ndjson.");
          return NULL;
        }

      array = json_node_get_array (root);
      if (json_array_get_length (array) > HW_SERVER_ERP_MAX_RECORDS)
        goto too_many;

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (records, json_node_copy (json_array_get_element (array, i)));
    }

  return g_steal_pointer (&records);

too_many:
  {
    g_autofree char *detail = NULL;

    detail = g_strdup_printf ("One request may carry at most %d records; split the batch.",
                              HW_SERVER_ERP_MAX_RECORDS);
    hw_server_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
    return NULL;
  }
}

static void
outcome_set_error (Outcome    *outcome,
                   const char *field,
                   const char *message)
{
  outcome->status = "error";
  outcome->field = g_strdup (field);
  outcome->message = g_strdup (message);
}

/* "sku: is required" → "is required" when the error names sku. */
static void
outcome_set_gerror (Outcome      *outcome,
                    const GError *error)
{
  const char *field = hw_core_error_get_field (error);
  const char *message = error->message;
  gsize length;

  if (field != NULL)
    {
      length = strlen (field);
      if (strncmp (message, field, length) == 0 && strncmp (message + length, ": ", 2) == 0)
        message += length + 2;
    }

  outcome_set_error (outcome, field, message);
}

/* Whether @a and @b (JSON objects of products) agree on every ERP-owned field. */
static gboolean
erp_fields_equal (JsonObject *a,
                  JsonObject *b)
{
  for (guint i = 0; i < hw_product_type.n_fields; i++)
    {
      const HwFieldSpec *spec = &hw_product_type.fields[i];
      JsonNode *x, *y;

      if (!(spec->flags & HW_FIELD_ERP) || (spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET)))
        continue;

      x = json_object_get_member (a, spec->name);
      y = json_object_get_member (b, spec->name);
      if (x == NULL || y == NULL || !json_node_equal (x, y))
        return FALSE;
    }

  return TRUE;
}

static gboolean
record_audit (HwStore       *store,
              const char    *actor,
              const char    *id,
              const char    *action,
              gconstpointer  before,
              gconstpointer  after,
              GError       **error)
{
  g_autoptr(HwAuditEntry) entry = hw_audit_entry_new ();

  entry->actor = g_strdup (actor);
  entry->entity = g_strdup (hw_product_type.name);
  entry->entity_id = g_strdup (id);
  entry->action = g_strdup (action);
  entry->at = hw_store_now (store);
  entry->before = before != NULL ? hw_entity_to_json_string (before) : NULL;
  entry->after = after != NULL ? hw_entity_to_json_string (after) : NULL;

  return hw_store_create (store, entry, error);
}

/* Upserts one record inside the open transaction; fills @outcome. Returns FALSE only
 * when the database failed, with @error set. */
static gboolean
import_record (HwStore     *store,
               const char  *actor,
               JsonNode    *node,
               Outcome     *outcome,
               GError     **error)
{
  g_autoptr(HwProduct) incoming = NULL;
  g_autoptr(HwProduct) current = NULL;
  g_autoptr(HwProduct) merged = NULL;
  g_autoptr(HwProduct) stored = NULL;
  g_autoptr(JsonNode) incoming_json = NULL;
  g_autoptr(JsonNode) base = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObject *base_object;
  JsonNode *erp_id;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      outcome_set_error (outcome, NULL, "must be a JSON object");
      return TRUE;
    }

  object = json_node_get_object (node);
  erp_id = json_object_get_member (object, "erp_id");
  if (erp_id == NULL || !JSON_NODE_HOLDS_VALUE (erp_id) ||
      json_node_get_value_type (erp_id) != G_TYPE_STRING ||
      json_node_get_string (erp_id)[0] == '\0')
    {
      outcome_set_error (outcome, "erp_id", "is required, a non-empty string");
      return TRUE;
    }
  outcome->erp_id = g_strdup (json_node_get_string (erp_id));

  incoming = hw_entity_from_json (&hw_product_type, node, &local_error);
  if (incoming == NULL)
    {
      outcome_set_gerror (outcome, local_error);
      return TRUE;
    }
  incoming_json = hw_entity_to_json (incoming);

  current = hw_store_find_by (store, &hw_product_type, "erp_id", outcome->erp_id, &local_error);
  if (current == NULL)
    {
      g_autoptr(HwProduct) fresh = NULL;

      if (!g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);

      fresh = hw_product_new ();
      base = hw_entity_to_json (fresh);
    }
  else
    {
      base = hw_entity_to_json (current);
      if (erp_fields_equal (json_node_get_object (base), json_node_get_object (incoming_json)))
        {
          outcome->status = "unchanged";
          outcome->id = g_strdup (HW_ENTITY (current)->id);
          return TRUE;
        }
    }

  /* The stored product (or a fresh one) with the ERP-owned fields of the record. */
  base_object = json_node_get_object (base);
  for (guint i = 0; i < hw_product_type.n_fields; i++)
    {
      const HwFieldSpec *spec = &hw_product_type.fields[i];
      JsonNode *value;

      if (!(spec->flags & HW_FIELD_ERP) || (spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET)))
        continue;

      value = json_object_get_member (json_node_get_object (incoming_json), spec->name);
      if (value != NULL)
        json_object_set_member (base_object, spec->name, json_node_copy (value));
      else
        json_object_remove_member (base_object, spec->name);
    }
  if (current == NULL)
    json_object_remove_member (base_object, "id");

  merged = hw_entity_from_json (&hw_product_type, base, &local_error);
  if (merged == NULL)
    {
      outcome_set_gerror (outcome, local_error);
      return TRUE;
    }

  if (current != NULL)
    {
      g_free (HW_ENTITY (merged)->id);
      HW_ENTITY (merged)->id = g_strdup (HW_ENTITY (current)->id);
    }
  HW_ENTITY (merged)->rev = 0;
  HW_ENTITY (merged)->updated_at = 0;

  if (!hw_store_begin (store, error))
    return FALSE;

  if (current == NULL ? !hw_store_create (store, merged, &local_error)
                      : !hw_store_update (store, merged, HW_ENTITY (current)->rev, &local_error))
    goto failed;

  if (!(stored = hw_store_get (store, &hw_product_type, HW_ENTITY (merged)->id, &local_error)))
    goto failed;

  if (!record_audit (store, actor, HW_ENTITY (stored)->id, current == NULL ? "create" : "update",
                     current, stored, &local_error))
    goto failed;

  if (!hw_store_commit (store, &local_error))
    goto failed;

  outcome->status = current == NULL ? "created" : "updated";
  outcome->id = g_strdup (HW_ENTITY (stored)->id);
  return TRUE;

failed:
  hw_store_rollback (store);
  if (local_error->domain == HW_CORE_ERROR &&
      (local_error->code == HW_CORE_ERROR_INVALID || local_error->code == HW_CORE_ERROR_DUPLICATE ||
       local_error->code == HW_CORE_ERROR_NOT_FOUND || local_error->code == HW_CORE_ERROR_STALE))
    {
      outcome_set_gerror (outcome, local_error);
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The run record and the integration's last_run_at, inside the open transaction. */
static gboolean
record_run (HwStore            *store,
            const char         *integration_id,
            gint64              started_at,
            Outcome            *outcomes,
            guint               n_outcomes,
            guint               ok,
            guint               failed,
            HwIntegrationRun  **out_run,
            GError            **error)
{
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  g_autoptr(HwIntegration) integration = NULL;

  run->integration_id = g_strdup (integration_id);
  run->operation = g_strdup (OPERATION);
  run->started_at = started_at;
  run->finished_at = hw_store_now (store);
  run->status = g_strdup (failed == 0 ? "succeeded" : ok == 0 ? "failed" : "partial");
  run->records_ok = ok;
  run->records_failed = failed;

  for (guint i = 0; i < n_outcomes; i++)
    {
      HwRunError *row;

      if (!g_str_equal (outcomes[i].status, "error"))
        continue;

      row = hw_child_new (&hw_run_error_child);
      row->record_key = outcomes[i].erp_id != NULL ? g_strdup (outcomes[i].erp_id)
                                                   : g_strdup_printf ("#%u", i);
      row->message = outcomes[i].field != NULL
                     ? g_strdup_printf ("%s: %s", outcomes[i].field, outcomes[i].message)
                     : g_strdup (outcomes[i].message);
      g_ptr_array_add (run->errors, row);
    }

  if (!hw_store_create (store, run, error))
    return FALSE;

  integration = hw_store_get (store, &hw_integration_type, integration_id, error);
  if (integration == NULL)
    return FALSE;
  integration->last_run_at = run->finished_at;
  if (!hw_store_update (store, integration, -1, error))
    return FALSE;

  *out_run = g_steal_pointer (&run);
  return TRUE;
}

static JsonNode *
build_answer (HwIntegrationRun *run,
              Outcome          *outcomes,
              guint             n_outcomes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "run_id");
  json_builder_add_string_value (builder, HW_ENTITY (run)->id);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_int_value (builder, run->records_ok);
  json_builder_set_member_name (builder, "failed");
  json_builder_add_int_value (builder, run->records_failed);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_outcomes; i++)
    {
      Outcome *outcome = &outcomes[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "index");
      json_builder_add_int_value (builder, i);
      json_builder_set_member_name (builder, "erp_id");
      if (outcome->erp_id != NULL)
        json_builder_add_string_value (builder, outcome->erp_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, outcome->status);
      if (outcome->id != NULL)
        {
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, outcome->id);
        }
      if (g_str_equal (outcome->status, "error"))
        {
          json_builder_set_member_name (builder, "error");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "field");
          if (outcome->field != NULL)
            json_builder_add_string_value (builder, outcome->field);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, outcome->message);
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
handle_products (SoupServerMessage *msg,
                 GHashTable        *route_params,
                 gpointer           user_data)
{
  Erp *erp = user_data;
  HwStore *store = hw_server_get_store (erp->server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(HwIntegrationRun) run = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree Outcome *outcomes = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *ok_text = NULL;
  g_autofree char *failed_text = NULL;
  gint64 started_at;
  guint ok = 0;
  guint failed = 0;
  guint i;

  if (!hw_server_authenticate (erp->server, msg, &principal, NULL))
    return;
  if (principal->kind != HW_SERVER_PRINCIPAL_API ||
      !hw_server_principal_has_scope (principal, HW_SERVER_SCOPE_ERP_PRODUCTS))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "This endpoint needs an integration's API token with the scope "
                         HW_SERVER_SCOPE_ERP_PRODUCTS ".");
      return;
    }

  if (!(records = body_records (msg)))
    return;

  actor = g_strconcat ("integration:", principal->integration_id, NULL);
  outcomes = g_new0 (Outcome, records->len);
  started_at = hw_store_now (store);

  if (!hw_store_begin (store, &error))
    goto database_failed;

  for (i = 0; i < records->len; i++)
    {
      if (!import_record (store, actor, g_ptr_array_index (records, i), &outcomes[i], &error))
        {
          hw_store_rollback (store);
          goto database_failed;
        }
      if (g_str_equal (outcomes[i].status, "error"))
        failed++;
      else
        ok++;
    }

  if (!record_run (store, principal->integration_id, started_at, outcomes, records->len,
                   ok, failed, &run, &error))
    {
      hw_store_rollback (store);
      goto database_failed;
    }

  if (!hw_store_commit (store, &error))
    goto database_failed;

  answer = build_answer (run, outcomes, records->len);
  hw_server_respond_json (msg, SOUP_STATUS_OK, answer);

  ok_text = g_strdup_printf ("%u", ok);
  failed_text = g_strdup_printf ("%u", failed);
  hw_server_log (G_LOG_LEVEL_INFO, "erp import",
                 "operation", OPERATION,
                 "integration_id", principal->integration_id,
                 "run_id", HW_ENTITY (run)->id,
                 "ok", ok_text,
                 "failed", failed_text,
                 NULL);

  for (i = 0; i < records->len; i++)
    outcome_clear (&outcomes[i]);
  return;

database_failed:
  for (i = 0; i < records->len; i++)
    outcome_clear (&outcomes[i]);
  hw_server_problem_from_error (msg, error);
}

/**
 * hw_server_erp_add_routes:
 * @server: the server the routes answer for; it keeps their data
 * @router: its router
 *
 * Adds the ERP integration endpoints to @router.
 */
void
hw_server_erp_add_routes (HwServer       *server,
                          HwServerRouter *router)
{
  Erp *erp;

  g_return_if_fail (HW_IS_SERVER (server));
  g_return_if_fail (HW_IS_SERVER_ROUTER (router));

  erp = g_new0 (Erp, 1);
  erp->server = server;
  g_object_set_data_full (G_OBJECT (server), "hw-server-erp", erp, g_free);

  hw_server_router_add (router, SOUP_METHOD_POST, "/erp/products", handle_products, erp);
  hw_server_erp_orders_add_routes (server, router);
}
