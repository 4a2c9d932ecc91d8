/* hw-sync-io.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-io"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The plumbing of HwSyncEngine's runs: the worker thread that alone holds the engine's
 * connection to the replica, and HTTP requests with the engine's token. */

/* The worker's sentinel: close the connection, in the thread that opened it. */
static int close_job;

/* The worker thread */

typedef struct
{
  HwSyncDbFunc    func;
  gpointer        data;
  GDestroyNotify  destroy;
  HwOutboxCounts  counts;
  gboolean        no_store;
} DbJob;

static void
db_job_free (gpointer data)
{
  DbJob *job = data;

  if (job->destroy != NULL)
    job->destroy (job->data);
  g_free (job);
}

static gboolean
unref_task (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  HwSyncEngine *self = user_data;
  GTask *task = data;
  g_autoptr(GSource) source = NULL;
  DbJob *job;
  GError *error = NULL;

  if (data == &close_job)
    {
      g_clear_object (&self->worker_store);
      return;
    }

  job = g_task_get_task_data (task);
  if (job->no_store)
    {
      /* Counts from the connection if there is one; it sees what @func did with its next
       * transaction. */
      if (job->func (NULL, job->data, &error) &&
          (self->worker_store == NULL ||
           hw_store_outbox_count (self->worker_store, &job->counts, &error)))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
  else
    {
      if (self->worker_store == NULL)
        self->worker_store = hw_store_open (self->replica_path, HW_STORE_OPEN_REPLICA, &error);

      if (self->worker_store != NULL &&
          job->func (self->worker_store, job->data, &error) &&
          hw_store_outbox_count (self->worker_store, &job->counts, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }

  /* The task may hold the last reference to the engine: drop it on the main context, so
   * that the engine is never finalized on its own worker thread (whose pool it frees). */
  source = g_idle_source_new ();
  g_source_set_callback (source, unref_task, task, NULL);
  g_source_attach (source, g_task_get_context (task));
}

static void
push_job (HwSyncEngine        *self,
          gboolean             no_store,
          HwSyncDbFunc         func,
          gpointer             data,
          GDestroyNotify       destroy,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  DbJob *job = g_new0 (DbJob, 1);

  job->no_store = no_store;
  job->func = func;
  job->data = data;
  job->destroy = destroy;
  g_task_set_source_tag (task, _hw_sync_engine_db_async);
  g_task_set_task_data (task, job, db_job_free);
  g_thread_pool_push (self->pool, task, NULL);
}

/* Runs @func on the worker thread with the engine's connection; the outbox counts are
 * read after it and set on the main thread by _hw_sync_engine_db_finish(). */
void
_hw_sync_engine_db_async (HwSyncEngine        *self,
                          HwSyncDbFunc         func,
                          gpointer             data,
                          GDestroyNotify       destroy,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  push_job (self, FALSE, func, data, destroy, callback, user_data);
}

void
_hw_sync_engine_file_async (HwSyncEngine        *self,
                            HwSyncDbFunc         func,
                            gpointer             data,
                            GDestroyNotify       destroy,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  push_job (self, TRUE, func, data, destroy, callback, user_data);
}

gboolean
_hw_sync_engine_db_finish (HwSyncEngine  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  GTask *task = G_TASK (result);
  DbJob *job = g_task_get_task_data (task);
  g_autoptr(GError) local_error = NULL;

  if (!g_task_propagate_boolean (task, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _hw_sync_engine_set_counts (self, &job->counts);
  return TRUE;
}

/* HTTP */

void
_hw_sync_response_free (HwSyncResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

static gint64
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, 24 * 3600, &seconds, NULL))
    return (gint64) seconds;
  if ((date = soup_date_time_new_from_http_string (value)) == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (date, now) / G_USEC_PER_SEC);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  HwSyncResponse *response;

  if (!(body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  response = g_new0 (HwSyncResponse, 1);
  response->status = soup_message_get_status (msg);
  response->body = g_steal_pointer (&body);
  response->retry_after =
    parse_retry_after (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                     "Retry-After"));
  g_task_return_pointer (task, response, (GDestroyNotify) _hw_sync_response_free);
}

/* @path starts with "/api/v1/"; @body (nullable) is JSON. Cancelled with the run. */
void
_hw_sync_engine_request_async (HwSyncEngine        *self,
                               const char          *method,
                               const char          *path,
                               const char          *body,
                               const char          *if_match,
                               const char          *idempotency_key,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;
  GTask *task;

  task = g_task_new (self, self->run_cancellable, callback, user_data);
  g_task_set_source_tag (task, _hw_sync_engine_request_async);

  if (!(msg = soup_message_new (method, url)))
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                               _("The server address is not valid"));
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", if_match);
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->run_cancellable, request_cb, task);
}

HwSyncResponse *
_hw_sync_engine_request_finish (HwSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  HwSyncResponse *response;

  if (!(response = g_task_propagate_pointer (G_TASK (result), &local_error)))
    {
      /* The answer tells whether the server is there; a transport error says it is not. */
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _hw_sync_engine_set_online (self, FALSE);
      g_propagate_error (error, hw_sync_error_new_for_io (local_error));
      return NULL;
    }

  _hw_sync_engine_set_online (self, TRUE);
  return response;
}

JsonNode *
_hw_sync_parse_json (GBytes  *body,
                     GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
                   _("The server answered with an unexpected response (%s)"),
                   local_error != NULL ? local_error->message : "empty body");
      return NULL;
    }

  return json_parser_steal_root (parser);
}

/* The words of a problem document: its detail, then each field error as "field:
 * message". A body that is no problem document gives the status in words. */
char *
_hw_sync_problem_message (GBytes *body,
                          guint   status)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) message = g_string_new (NULL);
  JsonObject *object;
  JsonArray *errors;

  if (body != NULL && (root = _hw_sync_parse_json (body, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    {
      object = json_node_get_object (root);
      g_string_append (message, json_object_get_string_member_with_default (object, "detail",
                                                                            ""));
      errors = NULL;
      if (json_object_has_member (object, "errors") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
        errors = json_object_get_array_member (object, "errors");
      for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
        {
          JsonNode *element = json_array_get_element (errors, i);
          JsonObject *item;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          item = json_node_get_object (element);
          g_string_append_printf (message, "%s%s: %s", message->len > 0 ? "; " : "",
                                  json_object_get_string_member_with_default (item, "field", "?"),
                                  json_object_get_string_member_with_default (item, "message", ""));
        }
    }

  if (message->len == 0)
    {
      g_autoptr(GError) error = hw_sync_error_new_for_status (status, NULL);

      g_string_append (message, error->message);
    }

  return g_string_free (g_steal_pointer (&message), FALSE);
}

void
_hw_sync_engine_start_worker (HwSyncEngine *self)
{
  self->pool = g_thread_pool_new (worker_func, self, 1, TRUE, NULL);
}

/* Every job holds a reference to the engine: none is left when this runs, and the
 * sentinel closes the connection on the worker before the thread goes. */
void
_hw_sync_engine_stop_worker (HwSyncEngine *self)
{
  g_thread_pool_push (self->pool, &close_job, NULL);
  g_thread_pool_free (self->pool, FALSE, TRUE);
  self->pool = NULL;
}
