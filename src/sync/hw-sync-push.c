/* hw-sync-push.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-push"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hw-json.h"
#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The push step of a run: the ready ops of the outbox, one at a time in push order
 * (a product may need the category created just before it). Each op is marked SENT
 * before its request leaves, so that after a crash it is resent as it was, with the
 * same op_id as Idempotency-Key, and never rewritten.
 *
 *   create  POST   /{plural}        mine, Idempotency-Key: op_id
 *   update  PATCH  /{plural}/{id}   the fields mine changed from base, If-Match: base_rev
 *   delete  DELETE /{plural}/{id}   If-Match: base_rev
 *
 * Answers: 2xx completes the op with the server's representation; 412 is a conflict
 * with the problem's "current"; 404/410 is a conflict with a deletion for an update and
 * done for a delete; 401 stops the run for a sign-in (the op stays SENT); 5xx, 429 and
 * transport errors record the failure and stop the run for a retry with backoff; any
 * other 4xx rejects the op with the server's words, and the queue goes on. */

#define BATCH_SIZE 100

typedef enum
{
  ANSWER_COMPLETE,
  ANSWER_CONFLICT,
  ANSWER_REJECTED,
  ANSWER_FAILED,
} AnswerKind;

typedef struct
{
  AnswerKind          kind;
  const HwEntityType *type;
  char               *op_id;
  GBytes             *body;      /* COMPLETE: the entity; CONFLICT: the problem */
  char               *message;   /* REJECTED, FAILED */
} AnswerJob;

typedef struct
{
  gint64     after_seq;
  GPtrArray *ops;
} ListJob;

static void push_next (HwSyncEngine *self);

static void
answer_job_free (gpointer data)
{
  AnswerJob *job = data;

  g_free (job->op_id);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->message);
  g_free (job);
}

static void
list_job_free (gpointer data)
{
  ListJob *job = data;

  g_clear_pointer (&job->ops, g_ptr_array_unref);
  g_free (job);
}

static HwOutboxOp *
current_op (HwSyncEngine *self)
{
  return g_ptr_array_index (self->push_ops, self->push_index);
}

/* Worker thread */

static gboolean
list_func (HwStore  *store,
           gpointer  data,
           GError  **error)
{
  ListJob *job = data;

  job->ops = hw_store_outbox_list_ready (store, job->after_seq, BATCH_SIZE, error);
  return job->ops != NULL;
}

static gboolean
mark_sent_func (HwStore  *store,
                gpointer  data,
                GError  **error)
{
  return hw_store_outbox_mark_sent (store, data, error);
}

/* The entity in @body (an entity, or a problem's "current" when @member is set); NULL
 * and no error when a problem has none. */
static gpointer
entity_of (const HwEntityType  *type,
           GBytes              *body,
           const char          *member,
           GError             **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonNode *node;

  if (!(root = _hw_sync_parse_json (body, error)))
    return NULL;
  node = root;
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (root) ||
          !(node = json_object_get_member (json_node_get_object (root), member)))
        return NULL;
    }

  return hw_entity_from_json (type, node, error);
}

static gboolean
answer_func (HwStore  *store,
             gpointer  data,
             GError  **error)
{
  AnswerJob *job = data;
  g_autoptr(GError) local_error = NULL;
  gpointer entity = NULL;
  gboolean ok;

  switch (job->kind)
    {
    case ANSWER_COMPLETE:
      if (job->body != NULL && g_bytes_get_size (job->body) > 0 &&
          !(entity = entity_of (job->type, job->body, NULL, &local_error)))
        {
          /* A garbled 2xx: the server has the edit, but we cannot tell its version. The
           * op stays SENT and the resend gets the same answer again (idempotent). */
          hw_store_outbox_mark_failed (store, job->op_id, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ok = hw_store_outbox_complete (store, job->op_id, entity, error);
      break;

    case ANSWER_CONFLICT:
      if (job->body != NULL &&
          !(entity = entity_of (job->type, job->body, "current", &local_error)) &&
          local_error != NULL)
        {
          hw_store_outbox_mark_failed (store, job->op_id, local_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ok = hw_store_outbox_mark_conflict (store, job->op_id, entity, error);
      break;

    case ANSWER_REJECTED:
      ok = hw_store_outbox_mark_rejected (store, job->op_id, job->message, error);
      break;

    case ANSWER_FAILED:
    default:
      ok = hw_store_outbox_mark_failed (store, job->op_id, job->message, error);
      break;
    }

  g_clear_pointer (&entity, hw_entity_free);
  return ok;
}

/* Main thread */

typedef struct
{
  HwSyncFailure  failure;   /* after a FAILED answer */
  GError        *error;
  gint64         retry_after;
} AfterFailure;

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  AfterFailure *after = user_data;
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      if (after != NULL)
        g_clear_error (&after->error);
      g_free (after);
      _hw_sync_engine_fail_db (self, error);
      return;
    }

  if (after != NULL)
    {
      _hw_sync_engine_fail (self, after->failure, after->error, after->retry_after);
      g_error_free (after->error);
      g_free (after);
      return;
    }

  self->push_done_any = TRUE;
  self->push_index++;
  if (!_hw_sync_engine_check_cancelled (self))
    push_next (self);
}

static void
answer (HwSyncEngine  *self,
        AnswerKind     kind,
        GBytes        *body,
        const char    *message,
        AfterFailure  *after)
{
  HwOutboxOp *op = current_op (self);
  AnswerJob *job = g_new0 (AnswerJob, 1);

  job->kind = kind;
  job->type = op->type;
  job->op_id = g_strdup (op->op_id);
  job->body = body != NULL ? g_bytes_ref (body) : NULL;
  job->message = g_strdup (message);
  _hw_sync_engine_db_async (self, answer_func, job, answer_job_free, answer_cb, after);
}

static void
fail_op (HwSyncEngine  *self,
         HwSyncFailure  failure,
         const GError  *error,
         gint64         retry_after)
{
  AfterFailure *after = g_new0 (AfterFailure, 1);

  after->failure = failure;
  after->error = g_error_copy (error);
  after->retry_after = retry_after;
  answer (self, ANSWER_FAILED, NULL, error->message, after);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  g_autoptr(HwSyncResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  HwOutboxOp *op = current_op (self);
  guint status;

  if (!(response = _hw_sync_engine_request_finish (self, result, &error)))
    {
      if (g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED))
        _hw_sync_engine_fail (self, HW_SYNC_FAILURE_CANCELLED, error, -1);
      else
        fail_op (self, HW_SYNC_FAILURE_RETRY, error, -1);
      return;
    }

  status = response->status;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      answer (self, ANSWER_COMPLETE, op->kind == HW_OUTBOX_DELETE ? NULL : response->body,
              NULL, NULL);
    }
  else if (status == SOUP_STATUS_PRECONDITION_FAILED)
    {
      answer (self, ANSWER_CONFLICT, response->body, NULL, NULL);
    }
  else if ((status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE) &&
           op->kind != HW_OUTBOX_CREATE)
    {
      /* Someone deleted it: a conflict for an update, what was wanted for a delete. */
      answer (self, op->kind == HW_OUTBOX_DELETE ? ANSWER_COMPLETE : ANSWER_CONFLICT,
              NULL, NULL, NULL);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autoptr(GError) sign_in = hw_sync_error_new_for_status (status, NULL);

      /* The op stays SENT and goes again, as it was, after the sign-in. */
      _hw_sync_engine_fail (self, HW_SYNC_FAILURE_SIGN_IN, sign_in, -1);
    }
  else if (status == 429 || SOUP_STATUS_IS_SERVER_ERROR (status) ||
           status < SOUP_STATUS_BAD_REQUEST)
    {
      g_autoptr(GError) failure = hw_sync_error_new_for_status (status, NULL);

      fail_op (self, HW_SYNC_FAILURE_RETRY, failure, response->retry_after);
    }
  else
    {
      g_autofree char *message = _hw_sync_problem_message (response->body, status);

      answer (self, ANSWER_REJECTED, NULL, message, NULL);
    }
}

/* The merge patch of an update: the fields mine changed from base. */
static char *
patch_body (HwOutboxOp  *op,
            GError     **error)
{
  g_autoptr(GPtrArray) diff = NULL;
  g_autoptr(JsonNode) mine = NULL;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (op->base_json == NULL)
    return g_strdup (op->mine_json);
  if (!(diff = hw_outbox_diff (op->type, op->base_json, op->mine_json, op->mine_json, error)))
    return NULL;
  if (!(mine = json_from_string (op->mine_json, error)))
    return NULL;

  for (guint i = 0; i < diff->len; i++)
    {
      const HwFieldDiff *field = g_ptr_array_index (diff, i);
      JsonNode *value = json_object_get_member (json_node_get_object (mine), field->field);

      json_object_set_member (patch, field->field,
                              value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }

  json_node_set_object (node, patch);
  return json_to_string (node, FALSE);
}

static void
send_op (HwSyncEngine *self)
{
  HwOutboxOp *op = current_op (self);
  g_autofree char *collection = g_strconcat ("/api/v1/", op->type->plural, NULL);
  g_autofree char *escaped = g_uri_escape_string (op->entity_id, NULL, FALSE);
  g_autofree char *item = NULL;
  g_autofree char *if_match = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;

  item = g_strconcat (collection, "/", escaped, NULL);
  if_match = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", op->base_rev);

  switch (op->kind)
    {
    case HW_OUTBOX_CREATE:
      _hw_sync_engine_request_async (self, "POST", collection, op->mine_json, NULL, op->op_id,
                                     send_cb, NULL);
      break;

    case HW_OUTBOX_UPDATE:
      if (!(body = patch_body (op, &error)))
        {
          answer (self, ANSWER_REJECTED, NULL, error->message, NULL);
          return;
        }
      _hw_sync_engine_request_async (self, "PATCH", item, body, if_match, NULL, send_cb, NULL);
      break;

    case HW_OUTBOX_DELETE:
    default:
      _hw_sync_engine_request_async (self, "DELETE", item, NULL, if_match, NULL, send_cb, NULL);
      break;
    }
}

static void
mark_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }
  if (!_hw_sync_engine_check_cancelled (self))
    send_op (self);
}

static void list_next (HwSyncEngine *self);

static void
push_next (HwSyncEngine *self)
{
  HwOutboxOp *op;

  if (self->push_index >= self->push_ops->len)
    {
      list_next (self);
      return;
    }

  op = current_op (self);
  self->push_after_seq = op->seq;
  _hw_sync_engine_db_async (self, mark_sent_func, g_strdup (op->op_id), g_free,
                            mark_sent_cb, NULL);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  ListJob *job = user_data;
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }

  if (job->ops->len == 0)
    {
      /* The end of a pass. Ops that waited behind one settled in it are ready now:
       * another pass, until one finds nothing to send. */
      if (self->push_after_seq > 0 && self->push_done_any)
        {
          self->push_after_seq = 0;
          self->push_done_any = FALSE;
          list_next (self);
        }
      else
        {
          _hw_sync_engine_push_done (self);
        }
      return;
    }

  g_clear_pointer (&self->push_ops, g_ptr_array_unref);
  self->push_ops = g_steal_pointer (&job->ops);
  self->push_index = 0;
  push_next (self);
}

static void
list_next (HwSyncEngine *self)
{
  ListJob *job = g_new0 (ListJob, 1);

  job->after_seq = self->push_after_seq;
  _hw_sync_engine_db_async (self, list_func, job, list_job_free, list_cb, job);
}

void
_hw_sync_push_start (HwSyncEngine *self)
{
  self->push_after_seq = 0;
  self->push_done_any = FALSE;

  /* No replica, no edit to push; and opening it would create the file a snapshot is
   * about to become. */
  if (self->snapshot_allowed && !g_file_test (self->replica_path, G_FILE_TEST_EXISTS))
    {
      _hw_sync_engine_push_done (self);
      return;
    }
  list_next (self);
}
