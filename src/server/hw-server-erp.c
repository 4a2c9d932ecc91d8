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
#include "hw-server-body.h"
#include "hw-server-erp-private.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-store.h"

/* The ERP bulk imports (DESIGN.md §2 field ownership, §4 ERP endpoints):
 *
 *   POST /erp/products   products by erp_id            (hw-server-erp-products.c)
 *   POST /erp/accounts   accounts by customer_number,  (hw-server-erp-accounts.c)
 *                        with their users by email
 *   POST /erp/prices     price lists, prices and       (hw-server-erp-prices.c)
 *                        account price agreements
 *
 * Each takes a JSON array of records, or NDJSON (Content-Type: application/x-ndjson, one
 * object per line), and needs an integration's API token with the kind's scope. This
 * file is what they share: the body, the batch and the answer (the helpers of one
 * record's import are in hw-server-erp-records.c). The batch is one transaction and
 * every record has its own savepoint inside it, so a bad record is reported and left out
 * (with everything it wrote, e.g. an account's users) while the others are stored. A record whose ERP-owned fields equal the stored ones is
 * "unchanged" and not written, so a replayed batch costs no revisions. The call is
 * recorded as an integration run in the same transaction, and the integration's
 * last_run_at is set.
 *
 * Size: at most HW_SERVER_ERP_MAX_RECORDS records (413 beyond). The server-wide body cap
 * (HW_SERVER_DEFAULT_MAX_BODY_BYTES, 8 MiB) is kept: a product record with every ERP-owned
 * field at its longest ASCII value (erp_id and sku 64, gtin 14, name 300, unit 20, status
 * 12, currency 3, four 19-digit integers) and every member name is about 690 bytes, so
 * 10 000 of them are about 6.9 MB < 8 MiB; a typical record is 200 to 300 bytes. */

typedef struct
{
  HwServer *server;
} Erp;

/* One route: the server and the kind of record it imports. */
typedef struct
{
  Erp             *erp;
  const HwErpKind *kind;
} ErpRoute;

static void
outcome_clear (HwErpOutcome *outcome)
{
  g_clear_pointer (&outcome->key, g_free);
  g_clear_pointer (&outcome->id, g_free);
  g_clear_pointer (&outcome->field, g_free);
  g_clear_pointer (&outcome->message, g_free);
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
body_records (SoupServerMessage *msg,
              const HwErpKind   *kind)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  const char *reason = NULL;

  if (!g_utf8_validate (data, size, NULL))
    {
      hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, "The request body must be UTF-8.");
      return NULL;
    }

  if (is_ndjson (msg))
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
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

              node = hw_server_parse_json_with (parser, line, length, &reason);
              if (node == NULL)
                {
                  g_autofree char *detail = NULL;

                  detail = g_strdup_printf ("Line %u of the NDJSON body %s.", number, reason);
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
      g_autoptr(JsonNode) root = hw_server_parse_json (data, size, &reason);
      JsonArray *array;

      if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        {
          g_autofree char *detail = NULL;

          if (root != NULL || reason == NULL)
            reason = "is not a JSON array";
          detail = g_strdup_printf ("The request body %s: send a JSON array of %s in UTF-8, "
                                    "without NUL characters, or NDJSON with Content-Type "
                                    "application/x-ndjson.", reason, kind->records);
          hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
          return NULL;
        }

      array = json_node_get_array (root);
      if (json_array_get_length (array) > HW_SERVER_ERP_MAX_RECORDS)
        goto too_many;

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (records, json_node_ref (json_array_get_element (array, i)));
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

/* Imports one record in its own savepoint. Returns FALSE only when the database failed. */
static gboolean
import_record (const HwErpKind    *kind,
               const HwErpContext *context,
               JsonNode           *node,
               HwErpOutcome       *outcome,
               GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      hw_erp_outcome_set_error (outcome, NULL, "must be a JSON object");
      return TRUE;
    }

  if (!hw_store_begin (context->store, error))
    return FALSE;

  if (!kind->import (context, node, outcome, &local_error))
    {
      hw_store_rollback (context->store);
      if (!hw_erp_error_is_record (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      g_clear_pointer (&outcome->id, g_free);
      return TRUE;
    }

  if (g_strcmp0 (outcome->status, "error") == 0)
    {
      hw_store_rollback (context->store);
      g_clear_pointer (&outcome->id, g_free);
      return TRUE;
    }

  g_assert (outcome->status != NULL);

  /* A failed commit has rolled the savepoint back itself. */
  return hw_store_commit (context->store, error);
}

/* The run record and the integration's last_run_at, inside the open transaction. */
static gboolean
record_run (HwStore            *store,
            const HwErpKind    *kind,
            const char         *integration_id,
            gint64              started_at,
            HwErpOutcome       *outcomes,
            guint               n_outcomes,
            guint               ok,
            guint               failed,
            HwIntegrationRun  **out_run,
            GError            **error)
{
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  g_autoptr(HwIntegration) integration = NULL;

  run->integration_id = g_strdup (integration_id);
  run->operation = g_strdup (kind->operation);
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
      row->record_key = outcomes[i].key != NULL ? g_strdup (outcomes[i].key)
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

/* The answer, written as text: it has a result per record, up to 10 000. */
static GString *
build_answer (const HwErpKind  *kind,
              HwIntegrationRun *run,
              HwErpOutcome     *outcomes,
              guint             n_outcomes)
{
  GString *text = g_string_sized_new (128 + n_outcomes * 120);

  g_string_append (text, "{\"run_id\":");
  hw_json_write_string (text, HW_ENTITY (run)->id);
  g_string_append_printf (text, ",\"ok\":%" G_GINT64_FORMAT ",\"failed\":%" G_GINT64_FORMAT
                          ",\"results\":[", run->records_ok, run->records_failed);
  for (guint i = 0; i < n_outcomes; i++)
    {
      HwErpOutcome *outcome = &outcomes[i];

      g_string_append_printf (text, "%s{\"index\":%u,", i > 0 ? "," : "", i);
      hw_json_write_string (text, kind->key_member);
      g_string_append_c (text, ':');
      if (outcome->key != NULL)
        hw_json_write_string (text, outcome->key);
      else
        g_string_append (text, "null");
      g_string_append (text, ",\"status\":");
      hw_json_write_string (text, outcome->status);
      if (outcome->id != NULL)
        {
          g_string_append (text, ",\"id\":");
          hw_json_write_string (text, outcome->id);
        }
      if (g_str_equal (outcome->status, "error"))
        {
          g_string_append (text, ",\"error\":{\"field\":");
          if (outcome->field != NULL)
            hw_json_write_string (text, outcome->field);
          else
            g_string_append (text, "null");
          g_string_append (text, ",\"message\":");
          hw_json_write_string (text, outcome->message);
          g_string_append_c (text, '}');
        }
      g_string_append_c (text, '}');
    }
  g_string_append (text, "]}");

  return text;
}

static void
handle_import (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  ErpRoute *route = user_data;
  const HwErpKind *kind = route->kind;
  HwStore *store = hw_server_get_store (route->erp->server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(HwIntegrationRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree HwErpOutcome *outcomes = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *ok_text = NULL;
  g_autofree char *failed_text = NULL;
  HwErpContext context;
  gint64 started_at;
  guint ok = 0;
  guint failed = 0;
  guint i;

  if (!hw_server_authenticate (route->erp->server, msg, &principal, NULL))
    return;
  if (principal->kind != HW_SERVER_PRINCIPAL_API ||
      !hw_server_principal_has_scope (principal, kind->scope))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf ("This endpoint needs an integration's API token with the "
                                "scope %s.", kind->scope);
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN, detail);
      return;
    }

  if (!(records = body_records (msg, kind)))
    return;

  actor = g_strconcat ("integration:", principal->integration_id, NULL);
  context.store = store;
  context.actor = actor;
  outcomes = g_new0 (HwErpOutcome, records->len);
  started_at = hw_store_now (store);

  if (!hw_store_begin (store, &error))
    goto database_failed;

  for (i = 0; i < records->len; i++)
    {
      if (!import_record (kind, &context, g_ptr_array_index (records, i), &outcomes[i], &error))
        {
          hw_store_rollback (store);
          goto database_failed;
        }
      if (g_str_equal (outcomes[i].status, "error"))
        failed++;
      else
        ok++;
    }

  if (!record_run (store, kind, principal->integration_id, started_at, outcomes, records->len,
                   ok, failed, &run, &error))
    {
      hw_store_rollback (store);
      goto database_failed;
    }

  if (!hw_store_commit (store, &error))
    goto database_failed;

  hw_server_respond_json_text (msg, SOUP_STATUS_OK,
                               build_answer (kind, run, outcomes, records->len));

  ok_text = g_strdup_printf ("%u", ok);
  failed_text = g_strdup_printf ("%u", failed);
  hw_server_log (G_LOG_LEVEL_INFO, "erp import",
                 "operation", kind->operation,
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
  static const struct { const char *path; const HwErpKind *kind; } imports[] = {
    { "/erp/products", &hw_erp_products_kind },
    { "/erp/accounts", &hw_erp_accounts_kind },
    { "/erp/prices", &hw_erp_prices_kind },
  };
  Erp *erp;

  g_return_if_fail (HW_IS_SERVER (server));
  g_return_if_fail (HW_IS_SERVER_ROUTER (router));

  erp = g_new0 (Erp, 1);
  erp->server = server;
  g_object_set_data_full (G_OBJECT (server), "hw-server-erp", erp, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (imports); i++)
    {
      ErpRoute *route = g_new0 (ErpRoute, 1);
      g_autofree char *key = g_strconcat ("hw-server-erp-route:", imports[i].path, NULL);

      route->erp = erp;
      route->kind = imports[i].kind;
      g_object_set_data_full (G_OBJECT (server), key, route, g_free);
      hw_server_router_add (router, SOUP_METHOD_POST, imports[i].path, handle_import, route);
    }

  hw_server_erp_orders_add_routes (server, router);
}
