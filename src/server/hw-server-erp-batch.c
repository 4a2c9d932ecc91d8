/* hw-server-erp-batch.c
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
#include "hw-server-body.h"
#include "hw-server-erp-private.h"
#include "hw-store.h"

/* One ERP import request between the HTTP side (hw-server-erp.c) and the database: the
 * parse step (the body into records, each checked as far as it can be without the
 * database) and the write step (the batch in one transaction on the importer's own
 * connection, and the answer as text). Both run on worker threads and touch neither the
 * message nor the server: what they have to say is left in the batch for the main
 * thread to answer with. */

HwErpBatch *
hw_erp_batch_new (const HwErpKind *kind,
                  GBytes          *body,
                  gboolean         ndjson,
                  const char      *integration_id)
{
  HwErpBatch *batch = g_new0 (HwErpBatch, 1);

  batch->kind = kind;
  batch->body = g_bytes_ref (body);
  batch->ndjson = ndjson;
  batch->integration_id = g_strdup (integration_id);
  batch->actor = g_strconcat ("integration:", integration_id, NULL);

  return batch;
}

static void
outcome_clear (HwErpOutcome *outcome)
{
  g_clear_pointer (&outcome->key, g_free);
  g_clear_pointer (&outcome->id, g_free);
  g_clear_pointer (&outcome->field, g_free);
  g_clear_pointer (&outcome->message, g_free);
}

/* What a batch holds of its records: not needed once the answer is written. */
static void
batch_clear_records (HwErpBatch *batch)
{
  if (batch->prepared != NULL)
    {
      for (guint i = 0; i < batch->n_records; i++)
        if (batch->prepared[i] != NULL)
          batch->kind->prepared_free (batch->prepared[i]);
      g_clear_pointer (&batch->prepared, g_free);
    }

  if (batch->outcomes != NULL)
    {
      for (guint i = 0; i < batch->n_records; i++)
        outcome_clear (&batch->outcomes[i]);
      g_clear_pointer (&batch->outcomes, g_free);
    }

  g_clear_pointer (&batch->records, g_ptr_array_unref);
  g_clear_pointer (&batch->body, g_bytes_unref);
}

void
hw_erp_batch_free (HwErpBatch *batch)
{
  batch_clear_records (batch);
  g_free (batch->integration_id);
  g_free (batch->actor);
  g_free (batch->detail);
  g_clear_error (&batch->error);
  if (batch->answer != NULL)
    g_string_free (batch->answer, TRUE);
  g_free (batch->run_id);
  g_free (batch);
}

static void
batch_set_problem (HwErpBatch *batch,
                   guint       status,
                   char       *detail)
{
  batch->status = status;
  g_free (batch->detail);
  batch->detail = detail;
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

/* The records of the body, each a JsonNode; a problem (400, 413) in @batch on failure. */
static GPtrArray *
body_records (HwErpBatch *batch)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  gsize size = 0;
  const char *data = g_bytes_get_data (batch->body, &size);
  const char *reason = NULL;

  if (!g_utf8_validate (data, size, NULL))
    {
      batch_set_problem (batch, SOUP_STATUS_BAD_REQUEST, g_strdup ("The request body must be UTF-8."));
      return NULL;
    }

  if (batch->ndjson)
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
                  batch_set_problem (batch, SOUP_STATUS_BAD_REQUEST,
                                     g_strdup_printf ("Line %u of the NDJSON body %s.",
                                                      number, reason));
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
          if (root != NULL || reason == NULL)
            reason = "is not a JSON array";
          batch_set_problem (batch, SOUP_STATUS_BAD_REQUEST,
                             g_strdup_printf ("The request body %s: send a JSON array of %s "
                                              "in UTF-8, without NUL characters, or NDJSON "
                                              "with Content-Type application/x-ndjson.",
                                              reason, batch->kind->records));
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
  batch_set_problem (batch, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                     g_strdup_printf ("One request may carry at most %d records; split the "
                                      "batch.", HW_SERVER_ERP_MAX_RECORDS));
  return NULL;
}

/**
 * hw_erp_batch_parse:
 *
 * The parse step, on any thread: the body into records, and what the kind can check of
 * each without the database (a record that is no object, a missing key, a field of the
 * wrong type) into its outcome.
 *
 * Returns: FALSE when the body is refused as a whole (the problem is in @batch)
 */
gboolean
hw_erp_batch_parse (HwErpBatch *batch)
{
  const HwErpKind *kind = batch->kind;

  if (!(batch->records = body_records (batch)))
    return FALSE;

  batch->n_records = batch->records->len;
  batch->outcomes = g_new0 (HwErpOutcome, batch->n_records);
  batch->prepared = g_new0 (gpointer, batch->n_records);

  for (guint i = 0; i < batch->n_records; i++)
    {
      JsonNode *node = g_ptr_array_index (batch->records, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        hw_erp_outcome_set_error (&batch->outcomes[i], NULL, "must be a JSON object");
      else if (kind->prepare != NULL)
        batch->prepared[i] = kind->prepare (node, &batch->outcomes[i]);
    }

  /* Nothing of the text is needed any more: the parsed records refer to none of it. A
   * kind that prepares its records needs no JSON either; freeing it here spares the
   * writer thread. */
  g_clear_pointer (&batch->body, g_bytes_unref);
  if (kind->prepare != NULL)
    g_clear_pointer (&batch->records, g_ptr_array_unref);
  return TRUE;
}

/* Imports one record in its own savepoint. Returns FALSE only when the database failed. */
static gboolean
import_record (const HwErpKind    *kind,
               const HwErpContext *context,
               JsonNode           *node,
               gpointer            prepared,
               HwErpOutcome       *outcome,
               GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Refused by the parse step: nothing to write. */
  if (outcome->status != NULL)
    return TRUE;

  if (kind->one_write)
    {
      /* A refused write changed nothing; any other failure fails the batch. */
      if (kind->import (context, node, prepared, outcome, &local_error))
        return TRUE;
      if (!hw_erp_error_is_record (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      g_clear_pointer (&outcome->id, g_free);
      return TRUE;
    }

  if (!hw_store_begin (context->store, error))
    return FALSE;

  if (!kind->import (context, node, prepared, outcome, &local_error))
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
            HwErpBatch         *batch,
            gint64              started_at,
            HwIntegrationRun  **out_run,
            GError            **error)
{
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  g_autoptr(HwIntegration) integration = NULL;
  HwErpOutcome *outcomes = batch->outcomes;

  run->integration_id = g_strdup (batch->integration_id);
  run->operation = g_strdup (batch->kind->operation);
  run->started_at = started_at;
  run->finished_at = hw_store_now (store);
  run->status = g_strdup (batch->failed == 0 ? "succeeded" : batch->ok == 0 ? "failed" : "partial");
  run->records_ok = batch->ok;
  run->records_failed = batch->failed;

  for (guint i = 0; i < batch->n_records; i++)
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

  integration = hw_store_get (store, &hw_integration_type, batch->integration_id, error);
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
build_answer (HwErpBatch       *batch,
              HwIntegrationRun *run)
{
  const HwErpKind *kind = batch->kind;
  GString *text = g_string_sized_new (128 + batch->n_records * 120);

  g_string_append (text, "{\"run_id\":");
  hw_json_write_string (text, HW_ENTITY (run)->id);
  g_string_append_printf (text, ",\"ok\":%" G_GINT64_FORMAT ",\"failed\":%" G_GINT64_FORMAT
                          ",\"results\":[", run->records_ok, run->records_failed);
  for (guint i = 0; i < batch->n_records; i++)
    {
      HwErpOutcome *outcome = &batch->outcomes[i];

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

/**
 * hw_erp_batch_write:
 * @store: the importer's own connection, used by this thread alone
 * @cancel: (nullable): when it becomes non-zero, the transaction is rolled back at the next
 *   record (the server is going away)
 * @hook: (nullable): called after each record inside the transaction (tests)
 *
 * The write step: every record of a parsed batch in one transaction, each in its own
 * savepoint, then the integration run. Leaves the answer, or the failure, in @batch.
 */
void
hw_erp_batch_write (HwErpBatch    *batch,
                    HwStore       *store,
                    const gint    *cancel,
                    HwErpHookFunc  hook,
                    gpointer       hook_data)
{
  g_autoptr(HwIntegrationRun) run = NULL;
  g_autoptr(GError) error = NULL;
  HwErpContext context;
  gint64 started_at;
  gint64 locked_at;

  context.store = store;
  context.actor = batch->actor;
  context.savepoint = !batch->kind->one_write;
  started_at = hw_store_now (store);

  if (!hw_store_begin (store, &error))
    goto failed;
  locked_at = g_get_monotonic_time ();

  for (guint i = 0; i < batch->n_records; i++)
    {
      if (cancel != NULL && g_atomic_int_get (cancel))
        {
          hw_store_rollback (store);
          batch_set_problem (batch, SOUP_STATUS_SERVICE_UNAVAILABLE,
                             g_strdup ("The server is shutting down; nothing of the batch "
                                       "was stored. Send it again."));
          batch_clear_records (batch);
          return;
        }

      if (!import_record (batch->kind, &context,
                          batch->records != NULL ? g_ptr_array_index (batch->records, i) : NULL,
                          batch->prepared[i], &batch->outcomes[i], &error))
        {
          hw_store_rollback (store);
          goto failed;
        }
      if (g_str_equal (batch->outcomes[i].status, "error"))
        batch->failed++;
      else
        batch->ok++;

      if (hook != NULL)
        hook (hook_data);
    }

  if (!record_run (store, batch, started_at, &run, &error))
    {
      hw_store_rollback (store);
      goto failed;
    }

  if (!hw_store_commit (store, &error))
    goto failed;
  batch->locked_usec = g_get_monotonic_time () - locked_at;

  batch->status = SOUP_STATUS_OK;
  batch->answer = build_answer (batch, run);
  batch->run_id = g_strdup (HW_ENTITY (run)->id);
  batch_clear_records (batch);
  return;

failed:
  batch->status = 0;
  batch->error = g_steal_pointer (&error);
  batch_clear_records (batch);
}
