/* hw-sync-pull.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-pull"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "hw-json.h"
#include "hw-replica.h"
#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The pull step of a run: the saved cursor, the server's revision (/health, for the
 * progress estimate), then `GET /changes?since=CURSOR&limit=N` page by page, each page
 * parsed on a thread of its own and applied with its cursor in one transaction on the
 * worker thread. Pipelined: page N+1 is fetched and parsed while page N is applied, and
 * no more than one parsed page waits, so a few pages at most are in memory. A 410 (the
 * cursor is older than the server's tombstone horizon) resets the replica, keeping the
 * outbox, and starts again at 0, telling the server with started_at when this full sync
 * began.
 *
 * A replica that is missing or blank (hw_store_replica_is_blank()) takes the server's
 * snapshot first (hw-sync-snapshot.c) and pages the feed from its revision; the feed
 * from 0 stays the way for servers without snapshots, and for a 410's resync, which
 * must keep the outbox. */

typedef struct
{
  guint          serial;
  HwChangePage  *page;
  gint64         cursor;     /* the page was asked for with this */
  gint64         next;
  gboolean       has_more;
  guint          n_changes;
} PageJob;

static void fetch_page (HwSyncEngine *self);

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_clear_pointer (&job->page, hw_change_page_free);
  g_free (job);
}

static void
change_free (gpointer data)
{
  HwChange *change = data;

  g_free (change->id);
  g_clear_pointer (&change->entity, hw_entity_free);
  g_free (change);
}

static gboolean
protocol_error (GError     **error,
                const char  *what)
{
  g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
               _("The server answered with an unexpected response (%s)"), what);
  return FALSE;
}

/* The feed's JSON ({changes: [{entity, id, rev, deleted, data}], next, has_more}) as a
 * HwChangePage. Types this client does not know are skipped: it has nowhere to keep
 * them, and a newer server must not stop an older client's sync. */
static HwChangePage *
parse_page (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HwChangePage) page = g_new0 (HwChangePage, 1);
  JsonObject *object;
  JsonArray *changes;

  page->changes = g_ptr_array_new_with_free_func (change_free);

  if (!(root = _hw_sync_parse_json (body, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return protocol_error (error, "a changes page that is no object"), NULL;
  object = json_node_get_object (root);
  if (!json_object_has_member (object, "changes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "changes")))
    return protocol_error (error, "a changes page without changes"), NULL;
  changes = json_object_get_array_member (object, "changes");
  page->next = json_object_get_int_member_with_default (object, "next", -1);
  page->has_more = json_object_get_boolean_member_with_default (object, "has_more", FALSE);
  if (page->next < 0)
    return protocol_error (error, "a changes page without next"), NULL;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *element = json_array_get_element (changes, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      g_autoptr(GError) local_error = NULL;
      const HwEntityType *type;
      const char *id;
      HwChange *change;
      JsonNode *data;

      if (item == NULL ||
          !(id = json_object_get_string_member_with_default (item, "id", NULL)))
        return protocol_error (error, "a change without id"), NULL;
      type = hw_model_find_type (json_object_get_string_member_with_default (item, "entity",
                                                                             ""));
      if (type == NULL || !(type->flags & HW_ENTITY_SYNCED))
        continue;

      change = g_new0 (HwChange, 1);
      change->type = type;
      change->id = g_strdup (id);
      change->rev = json_object_get_int_member_with_default (item, "rev", 0);
      change->deleted = json_object_get_boolean_member_with_default (item, "deleted", FALSE);
      g_ptr_array_add (page->changes, change);

      if (change->rev <= 0)
        return protocol_error (error, "a change without revision"), NULL;
      if (change->deleted)
        continue;
      if (!(data = json_object_get_member (item, "data")) ||
          !(change->entity = hw_entity_from_json (type, data, &local_error)))
        return protocol_error (error, local_error != NULL ? local_error->message
                                                          : "a change without data"), NULL;
    }

  return g_steal_pointer (&page);
}

/* Worker thread */

typedef struct
{
  gint64   cursor;
  gboolean snapshot_allowed;
  gboolean blank;
} CursorJob;

static gboolean
read_cursor_func (HwStore  *store,
                  gpointer  data,
                  GError  **error)
{
  CursorJob *job = data;

  job->cursor = hw_store_get_sync_cursor (store);
  return !job->snapshot_allowed || hw_store_replica_is_blank (store, &job->blank, error);
}

static gboolean
apply_page_func (HwStore  *store,
                 gpointer  data,
                 GError  **error)
{
  PageJob *job = data;
  gboolean ok = hw_store_apply_change_page (store, job->page, error);

  /* Done with it before the next page is parsed: about one page in memory. */
  g_clear_pointer (&job->page, hw_change_page_free);
  return ok;
}

static gboolean
reset_func (HwStore  *store,
            gpointer  data,
            GError  **error)
{
  return hw_store_replica_reset (store, error);
}

/* Main thread */

/* A callback of a run that has ended (failed or cancelled while a page was out). */
static gboolean
is_stale (HwSyncEngine *self,
          guint         serial)
{
  return !self->running || serial != self->serial;
}

static void
reset_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  guint serial = GPOINTER_TO_UINT (user_data);
  GError *error = NULL;
  gboolean ok = _hw_sync_engine_db_finish (self, result, &error);

  if (is_stale (self, serial))
    {
      g_clear_error (&error);
      return;
    }
  if (!ok)
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }

  g_debug ("Replica reset after 410: full resync");
  self->cursor = 0;
  self->fetch_cursor = 0;
  self->start_cursor = 0;
  self->started_at = self->target_rev;
  _hw_sync_engine_set_pull_progress (self, self->records_done, 0);
  if (!_hw_sync_engine_check_cancelled (self))
    fetch_page (self);
}

static void
apply_page_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  PageJob *job = user_data;
  GError *error = NULL;
  gboolean ok = _hw_sync_engine_db_finish (self, result, &error);

  if (is_stale (self, job->serial))
    {
      g_clear_error (&error);
      return;
    }
  self->applies_queued--;
  if (!ok)
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }

  _hw_sync_engine_set_pull_progress (self, self->records_done + job->n_changes, job->next);

  if (_hw_sync_engine_check_cancelled (self))
    return;
  if (!job->has_more)
    _hw_sync_engine_pull_done (self);
  else if (self->fetch_waiting)
    fetch_page (self);
}

/* Parsed: the next page is asked for while the worker applies this one (at most one
 * more page waits, so memory stays at a few pages). */
static void
parse_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  PageJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(HwChangePage) page = NULL;
  GError *error = NULL;
  PageJob *apply;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (is_stale (self, job->serial))
    {
      g_clear_error (&error);
      return;
    }
  if (page == NULL)
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }
  if (_hw_sync_engine_check_cancelled (self))
    return;

  apply = g_new0 (PageJob, 1);
  apply->serial = job->serial;
  apply->cursor = job->cursor;
  apply->next = page->next;
  apply->has_more = page->has_more;
  apply->n_changes = page->changes->len;
  apply->page = g_steal_pointer (&page);
  self->applies_queued++;
  _hw_sync_engine_db_async (self, apply_page_func, apply, page_job_free, apply_page_cb, apply);

  if (apply->has_more)
    {
      self->fetch_cursor = apply->next;
      fetch_page (self);
    }
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PageJob *job = task_data;
  GBytes *body = g_object_get_data (G_OBJECT (task), "hw-body");
  g_autoptr(HwChangePage) page = NULL;
  GError *error = NULL;

  if (!(page = parse_page (body, &error)))
    g_task_return_error (task, error);
  else if (page->next < job->cursor)
    g_task_return_error (task, (protocol_error (&error, "a changes page going backwards"),
                                error));
  /* "More" that does not move on would be asked for forever. */
  else if (page->has_more && page->next == job->cursor)
    g_task_return_error (task, (protocol_error (&error, "a changes page with more but no "
                                                "progress"), error));
  else
    g_task_return_pointer (task, g_steal_pointer (&page), (GDestroyNotify) hw_change_page_free);
}

static void
changes_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  PageJob *request = user_data;
  g_autoptr(HwSyncResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  guint serial = request->serial;
  gint64 cursor = request->cursor;
  PageJob *job;

  g_free (request);
  response = _hw_sync_engine_request_finish (self, result, &error);
  if (is_stale (self, serial))
    return;

  if (response == NULL)
    {
      _hw_sync_engine_fail_io (self, error);
      return;
    }
  if (response->status == SOUP_STATUS_GONE && cursor > 0)
    {
      /* After the pages before it: the worker runs its jobs in order. */
      _hw_sync_engine_db_async (self, reset_func, NULL, NULL, reset_cb,
                                GUINT_TO_POINTER (serial));
      return;
    }
  if (response->status != SOUP_STATUS_OK)
    {
      _hw_sync_engine_fail_status (self, response);
      return;
    }

  /* Parsing needs no database: a thread of its own, beside the worker's apply. */
  job = g_new0 (PageJob, 1);
  job->serial = serial;
  job->cursor = cursor;
  task = g_task_new (self, NULL, parse_cb, NULL);
  g_task_set_source_tag (task, changes_cb);
  g_task_set_task_data (task, job, page_job_free);
  g_object_set_data_full (G_OBJECT (task), "hw-body", g_steal_pointer (&response->body),
                          (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

static void
fetch_page (HwSyncEngine *self)
{
  g_autofree char *path = NULL;
  PageJob *request;

  /* One page applying, one more parsed and waiting: enough to keep both sides busy. */
  if (self->applies_queued > 1)
    {
      self->fetch_waiting = TRUE;
      return;
    }
  self->fetch_waiting = FALSE;

  request = g_new0 (PageJob, 1);
  request->serial = self->serial;
  request->cursor = self->fetch_cursor;
  if (self->started_at >= 0)
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u"
                            "&started_at=%" G_GINT64_FORMAT,
                            self->fetch_cursor, self->page_size, self->started_at);
  else
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                            self->fetch_cursor, self->page_size);
  _hw_sync_engine_request_async (self, "GET", path, NULL, NULL, NULL, changes_cb, request);
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  g_autoptr(HwSyncResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!(response = _hw_sync_engine_request_finish (self, result, &error)))
    {
      _hw_sync_engine_fail_io (self, error);
      return;
    }
  if (response->status != SOUP_STATUS_OK)
    {
      _hw_sync_engine_fail_status (self, response);
      return;
    }

  /* Only for the estimate: without it the progress waits for the end. */
  self->target_rev = self->cursor;
  if ((root = _hw_sync_parse_json (response->body, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (root))
    self->target_rev = json_object_get_int_member_with_default (json_node_get_object (root),
                                                                "revision", self->cursor);
  _hw_sync_engine_set_pull_progress (self, self->records_done, self->cursor);
  /* A full sync tells the server when it began, so that a tombstone purge before then
   * does not send it back to the start at every page (see the feed's started_at). */
  self->started_at = self->cursor == 0 ? self->target_rev : -1;

  if (_hw_sync_engine_check_cancelled (self))
    return;
  if (self->pull_blank)
    _hw_sync_snapshot_start (self);
  else
    fetch_page (self);
}

/* The snapshot step is over: the feed from the snapshot's revision, or from 0 without
 * one. The progress goes on from where the download left it. */
void
_hw_sync_pull_after_snapshot (HwSyncEngine *self,
                              gint64        cursor)
{
  self->pull_blank = FALSE;
  self->cursor = cursor;
  self->fetch_cursor = cursor;
  self->start_cursor = 0;
  if (cursor > 0)
    {
      self->started_at = -1;
      self->target_rev = MAX (self->target_rev, cursor);
      _hw_sync_engine_set_pull_progress (self, self->records_done, cursor);
    }
  fetch_page (self);
}

static void
read_cursor_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  CursorJob *job = user_data;
  GError *error = NULL;

  if (result != NULL && !_hw_sync_engine_db_finish (self, result, &error))
    {
      _hw_sync_engine_fail_db (self, error);
      return;
    }

  self->cursor = job->cursor;
  self->fetch_cursor = job->cursor;
  self->start_cursor = job->cursor;
  self->pull_blank = job->blank;
  self->applies_queued = 0;
  self->fetch_waiting = FALSE;
  if (!_hw_sync_engine_check_cancelled (self))
    _hw_sync_engine_request_async (self, "GET", "/api/v1/health", NULL, NULL, NULL,
                                   health_cb, NULL);
}

void
_hw_sync_pull_start (HwSyncEngine *self)
{
  g_autofree char *part = _hw_sync_snapshot_part_path (self);
  CursorJob *job = g_new0 (CursorJob, 1);

  /* What a killed download left. */
  g_unlink (part);

  job->snapshot_allowed = self->snapshot_allowed;
  if (self->snapshot_allowed && !g_file_test (self->replica_path, G_FILE_TEST_EXISTS))
    {
      /* Not opened (that would create it): the snapshot becomes the file. */
      job->blank = TRUE;
      read_cursor_cb (G_OBJECT (self), NULL, job);
      g_free (job);
      return;
    }

  _hw_sync_engine_db_async (self, read_cursor_func, job, g_free, read_cursor_cb, job);
}
