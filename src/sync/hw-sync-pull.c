/* hw-sync-pull.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-pull"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hw-json.h"
#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The pull step of a run: the saved cursor, the server's revision (/health, for the
 * progress estimate), then `GET /changes?since=CURSOR&limit=N` page by page, each page
 * parsed and applied with its cursor in one transaction on the worker thread. Only one
 * page of JSON is held at a time. A 410 (the cursor is older than the server's
 * tombstone horizon) resets the replica, keeping the outbox, and starts again at 0,
 * telling the server with started_at when this full sync began. */

typedef struct
{
  GBytes   *body;
  gint64    cursor;
  gint64    next;
  gboolean  has_more;
  guint     n_changes;
} PageJob;

static void fetch_page (HwSyncEngine *self);

static void
page_job_free (gpointer data)
{
  PageJob *job = data;

  g_clear_pointer (&job->body, g_bytes_unref);
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

static gboolean
read_cursor_func (HwStore  *store,
                  gpointer  data,
                  GError  **error)
{
  *(gint64 *) data = hw_store_get_sync_cursor (store);
  return TRUE;
}

static gboolean
apply_page_func (HwStore  *store,
                 gpointer  data,
                 GError  **error)
{
  PageJob *job = data;
  g_autoptr(HwChangePage) page = NULL;

  if (!(page = parse_page (job->body, error)))
    return FALSE;
  /* Done with the text before the transaction: one page in memory, not two. */
  g_clear_pointer (&job->body, g_bytes_unref);

  if (page->next < job->cursor)
    return protocol_error (error, "a changes page going backwards");
  /* "More" that does not move on would be asked for forever. */
  if (page->has_more && page->next == job->cursor)
    return protocol_error (error, "a changes page with more but no progress");

  job->next = page->next;
  job->has_more = page->has_more;
  job->n_changes = page->changes->len;
  return hw_store_apply_change_page (store, page, error);
}

static gboolean
reset_func (HwStore  *store,
            gpointer  data,
            GError  **error)
{
  return hw_store_replica_reset (store, error);
}

/* Main thread */

static void
fail_db (HwSyncEngine *self,
         GError       *error)
{
  /* A garbled page is the server's or the network's; the next try may do better. */
  if (error->domain != HW_SYNC_ERROR)
    g_prefix_error (&error, "%s", _("The local copy could not be updated: "));
  _hw_sync_engine_fail (self, HW_SYNC_FAILURE_RETRY, error, -1);
  g_error_free (error);
}

static void
reset_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      fail_db (self, error);
      return;
    }

  g_debug ("Replica reset after 410: full resync");
  self->cursor = 0;
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

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      fail_db (self, error);
      return;
    }

  _hw_sync_engine_set_pull_progress (self, self->records_done + job->n_changes, job->next);

  if (_hw_sync_engine_check_cancelled (self))
    return;
  if (job->has_more)
    fetch_page (self);
  else
    _hw_sync_engine_pull_done (self);
}

static void
changes_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  g_autoptr(HwSyncResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  PageJob *job;

  if (!(response = _hw_sync_engine_request_finish (self, result, &error)))
    {
      _hw_sync_engine_fail_io (self, error);
      return;
    }

  if (response->status == SOUP_STATUS_GONE && self->cursor > 0)
    {
      _hw_sync_engine_db_async (self, reset_func, NULL, NULL, reset_cb, NULL);
      return;
    }
  if (response->status != SOUP_STATUS_OK)
    {
      _hw_sync_engine_fail_status (self, response);
      return;
    }

  job = g_new0 (PageJob, 1);
  job->body = g_steal_pointer (&response->body);
  job->cursor = self->cursor;
  _hw_sync_engine_db_async (self, apply_page_func, job, page_job_free, apply_page_cb, job);
}

static void
fetch_page (HwSyncEngine *self)
{
  g_autofree char *path = NULL;

  if (self->started_at >= 0)
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u"
                            "&started_at=%" G_GINT64_FORMAT,
                            self->cursor, self->page_size, self->started_at);
  else
    path = g_strdup_printf ("/api/v1/changes?since=%" G_GINT64_FORMAT "&limit=%u",
                            self->cursor, self->page_size);
  _hw_sync_engine_request_async (self, "GET", path, NULL, NULL, NULL, changes_cb, NULL);
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

  if (!_hw_sync_engine_check_cancelled (self))
    fetch_page (self);
}

static void
read_cursor_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  gint64 *cursor = user_data;
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      fail_db (self, error);
      return;
    }

  self->cursor = *cursor;
  self->start_cursor = *cursor;
  if (!_hw_sync_engine_check_cancelled (self))
    _hw_sync_engine_request_async (self, "GET", "/api/v1/health", NULL, NULL, NULL,
                                   health_cb, NULL);
}

void
_hw_sync_pull_start (HwSyncEngine *self)
{
  gint64 *cursor = g_new0 (gint64, 1);

  _hw_sync_engine_db_async (self, read_cursor_func, cursor, g_free, read_cursor_cb, cursor);
}
