/* hw-sync-engine.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-engine"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The object, its triggers and the life of a run (push, then pull). The plumbing both
 * steps use (the worker thread, HTTP) is in hw-sync-io.c, the steps themselves in
 * hw-sync-push.c and hw-sync-pull.c, the conflict API in hw-sync-conflicts.c.
 *
 * States: IDLE → SYNCING on a run; SYNCING → IDLE when it ends well, → ERROR when it
 * failed in a way worth retrying (a retry is scheduled with backoff), → NEEDS_SIGN_IN on
 * a 401 (nothing runs until hw_sync_engine_set_token()). A cancelled run goes back to
 * the state before it. */

#define DEFAULT_INTERVAL      60
#define DEFAULT_PAGE_SIZE     1000
#define REQUEST_TIMEOUT       60
/* Backoff: the first retry after a second, doubling up to five minutes. */
#define BACKOFF_MIN_MS        1000
#define BACKOFF_MAX_MS        (5 * 60 * 1000)
/* A local edit is pushed this soon, so that a burst of edits goes in one run. */
#define LOCAL_CHANGE_DELAY_MS 300

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_REPLICA_PATH,
  PROP_INTERVAL,
  PROP_PAGE_SIZE,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  PROP_STATE,
  PROP_PENDING_COUNT,
  PROP_CONFLICT_COUNT,
  PROP_REJECTED_COUNT,
  PROP_LAST_SYNC,
  PROP_PROGRESS,
  PROP_RECORDS_DONE,
  PROP_RECORDS_TOTAL,
  PROP_LAST_ERROR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwSyncEngine, hw_sync_engine, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (HwSyncState, hw_sync_state,
                    G_DEFINE_ENUM_VALUE (HW_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (HW_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (HW_SYNC_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (HW_SYNC_STATE_NEEDS_SIGN_IN, "needs-sign-in"))

static GParamSpec *properties[N_PROPS];

static void hw_sync_engine_start_run (HwSyncEngine *self);
static void hw_sync_engine_reset_timer (HwSyncEngine *self);

/* Properties, set on the main thread only */

static void
set_boolean (HwSyncEngine *self,
             gboolean     *field,
             gboolean      value,
             guint         prop)
{
  if (*field == !!value)
    return;
  *field = !!value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int64 (HwSyncEngine *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (HwSyncEngine *self,
           HwSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (HwSyncEngine *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_progress (HwSyncEngine *self,
              double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
_hw_sync_engine_set_online (HwSyncEngine *self,
                            gboolean      online)
{
  set_boolean (self, &self->online, online, PROP_ONLINE);
}

void
_hw_sync_engine_set_counts (HwSyncEngine         *self,
                            const HwOutboxCounts *counts)
{
  gint64 pending = counts->pending + counts->sent;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->counts.pending + self->counts.sent != pending)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_COUNT]);
  if (self->counts.conflicts != counts->conflicts)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICT_COUNT]);
  if (self->counts.rejected != counts->rejected)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECTED_COUNT]);
  self->counts = *counts;
  g_object_thaw_notify (G_OBJECT (self));
}

void
_hw_sync_engine_set_pull_progress (HwSyncEngine *self,
                                   gint64        records_done,
                                   gint64        cursor)
{
  gint64 span = self->target_rev - self->start_cursor;

  self->cursor = cursor;
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->records_done, records_done, PROP_RECORDS_DONE);
  /* The feed holds at most one change per revision: the revisions left bound the
   * records left. */
  set_int64 (self, &self->records_total,
             records_done + MAX (0, self->target_rev - cursor), PROP_RECORDS_TOTAL);
  if (span > 0)
    set_progress (self, (double) (cursor - self->start_cursor) / (double) span);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The snapshot's download, scaled to the records it stands for: its revision bounds
 * them as it bounds the feed's. */
void
_hw_sync_engine_set_download_progress (HwSyncEngine *self,
                                       gint64        done_bytes,
                                       gint64        total_bytes,
                                       gint64        revision)
{
  gint64 records = total_bytes > 0 ? (gint64) ((double) revision * done_bytes / total_bytes) : 0;

  self->target_rev = MAX (self->target_rev, revision);
  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->records_done, MAX (self->records_done, records), PROP_RECORDS_DONE);
  set_int64 (self, &self->records_total, MAX (self->target_rev, self->records_done),
             PROP_RECORDS_TOTAL);
  if (self->target_rev > 0)
    set_progress (self, MAX (self->progress, (double) records / (double) self->target_rev));
  g_object_thaw_notify (G_OBJECT (self));
}

/* Runs */

static gboolean
retry_cb (gpointer user_data)
{
  HwSyncEngine *self = user_data;

  self->retry_id = 0;
  hw_sync_engine_start_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (HwSyncEngine *self,
                gint64        retry_after)
{
  guint64 delay = BACKOFF_MIN_MS;

  for (guint i = 1; i < self->failures && delay < BACKOFF_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_MS);
  /* Jitter, so that clients cut off together do not come back together. */
  delay = delay * (guint64) g_random_int_range (80, 121) / 100;
  if (retry_after >= 0)
    delay = MAX (delay, (guint64) retry_after * 1000);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add ((guint) delay, retry_cb, self);
  g_debug ("Retrying in %" G_GUINT64_FORMAT " ms (failure %u)", delay, self->failures);
}

static void
finish_run (HwSyncEngine *self,
            const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->running = FALSE;
  /* A pipelined pull may still have a request out: it ends now and drops out. */
  g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->push_ops, g_ptr_array_unref);
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (task), "hw-cancelled-id"));

      if (id != 0)
        g_cancellable_disconnect (g_task_get_cancellable (task), id);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  if (self->rerun && self->state != HW_SYNC_STATE_NEEDS_SIGN_IN && self->retry_id == 0)
    {
      self->rerun = FALSE;
      hw_sync_engine_start_run (self);
    }
}

gboolean
_hw_sync_engine_check_cancelled (HwSyncEngine *self)
{
  g_autoptr(GError) error = NULL;

  if (!g_cancellable_is_cancelled (self->run_cancellable))
    return FALSE;

  g_set_error_literal (&error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                       _("The synchronisation was cancelled"));
  _hw_sync_engine_fail (self, HW_SYNC_FAILURE_CANCELLED, error, -1);
  return TRUE;
}

void
_hw_sync_engine_fail (HwSyncEngine  *self,
                      HwSyncFailure  failure,
                      const GError  *error,
                      gint64         retry_after)
{
  switch (failure)
    {
    case HW_SYNC_FAILURE_CANCELLED:
      set_state (self, self->failures > 0 ? HW_SYNC_STATE_ERROR : HW_SYNC_STATE_IDLE);
      break;

    case HW_SYNC_FAILURE_SIGN_IN:
      set_last_error (self, _("The sign-in has expired: sign in again to synchronise"));
      set_state (self, HW_SYNC_STATE_NEEDS_SIGN_IN);
      self->rerun = FALSE;
      break;

    case HW_SYNC_FAILURE_RETRY:
    default:
      self->failures++;
      set_last_error (self, error->message);
      set_state (self, HW_SYNC_STATE_ERROR);
      schedule_retry (self, retry_after);
      break;
    }

  finish_run (self, error);
}

void
_hw_sync_engine_fail_io (HwSyncEngine *self,
                         const GError *error)
{
  if (g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED))
    _hw_sync_engine_fail (self, HW_SYNC_FAILURE_CANCELLED, error, -1);
  else
    _hw_sync_engine_fail (self, HW_SYNC_FAILURE_RETRY, error, -1);
}

/* A store call of a step failed; takes @error. A garbled page is the server's or the
 * network's (already a HW_SYNC_ERROR); the next try may do better. */
void
_hw_sync_engine_fail_db (HwSyncEngine *self,
                         GError       *error)
{
  if (error->domain != HW_SYNC_ERROR)
    g_prefix_error (&error, "%s", _("The local copy could not be updated: "));
  _hw_sync_engine_fail (self, HW_SYNC_FAILURE_RETRY, error, -1);
  g_error_free (error);
}

/* A status no step expects: 401 asks for a sign-in, anything else is retried. */
void
_hw_sync_engine_fail_status (HwSyncEngine         *self,
                             const HwSyncResponse *response)
{
  g_autoptr(GError) error = hw_sync_error_new_for_status (response->status, NULL);

  _hw_sync_engine_fail (self,
                        response->status == SOUP_STATUS_UNAUTHORIZED ? HW_SYNC_FAILURE_SIGN_IN
                                                                     : HW_SYNC_FAILURE_RETRY,
                        error, response->retry_after);
}

void
_hw_sync_engine_push_done (HwSyncEngine *self)
{
  if (_hw_sync_engine_check_cancelled (self))
    return;
  _hw_sync_pull_start (self);
}

void
_hw_sync_engine_pull_done (HwSyncEngine *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->failures = 0;
  set_progress (self, 1.0);
  set_int64 (self, &self->records_total, self->records_done, PROP_RECORDS_TOTAL);
  set_int64 (self, &self->last_sync, g_get_real_time (), PROP_LAST_SYNC);
  set_last_error (self, NULL);
  set_state (self, HW_SYNC_STATE_IDLE);
  g_object_thaw_notify (G_OBJECT (self));

  finish_run (self, NULL);
}

static void
hw_sync_engine_start_run (HwSyncEngine *self)
{
  if (self->running)
    {
      self->rerun = TRUE;
      return;
    }
  if (self->state == HW_SYNC_STATE_NEEDS_SIGN_IN)
    return;

  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  self->running = TRUE;
  self->serial++;
  self->rerun = FALSE;
  self->run_cancellable = g_cancellable_new ();
  self->push_after_seq = 0;
  self->push_done_any = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  set_int64 (self, &self->records_done, 0, PROP_RECORDS_DONE);
  set_progress (self, 0.0);
  set_state (self, HW_SYNC_STATE_SYNCING);
  g_object_thaw_notify (G_OBJECT (self));

  hw_sync_engine_reset_timer (self);
  _hw_sync_push_start (self);
}

/* Triggers */

static gboolean
timer_cb (gpointer user_data)
{
  HwSyncEngine *self = user_data;

  /* A scheduled retry is the next run already. */
  if (self->retry_id == 0)
    hw_sync_engine_start_run (self);
  return G_SOURCE_CONTINUE;
}

static void
hw_sync_engine_reset_timer (HwSyncEngine *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->interval > 0)
    self->timer_id = g_timeout_add_seconds (self->interval, timer_cb, self);
}

static gboolean
soon_cb (gpointer user_data)
{
  HwSyncEngine *self = user_data;

  self->soon_id = 0;
  hw_sync_engine_start_run (self);
  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    HwSyncEngine    *self)
{
  gboolean came_back = available && !self->network_available;

  self->network_available = available;
  if (!available)
    set_boolean (self, &self->online, FALSE, PROP_ONLINE);
  else if (came_back)
    hw_sync_engine_sync_now (self);
}

/* GObject */

static void
hw_sync_engine_dispose (GObject *object)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->soon_id, g_source_remove);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);

  G_OBJECT_CLASS (hw_sync_engine_parent_class)->dispose (object);
}

static void
hw_sync_engine_finalize (GObject *object)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);

  _hw_sync_engine_stop_worker (self);
  g_clear_object (&self->main_store);
  g_clear_object (&self->session);
  g_clear_object (&self->run_cancellable);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->push_ops, g_ptr_array_unref);
  g_free (self->base_url);
  g_free (self->replica_path);
  g_free (self->token);
  g_free (self->last_error);

  G_OBJECT_CLASS (hw_sync_engine_parent_class)->finalize (object);
}

static void
hw_sync_engine_constructed (GObject *object)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);

  G_OBJECT_CLASS (hw_sync_engine_parent_class)->constructed (object);

  _hw_sync_engine_start_worker (self);
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (network_changed_cb), self);
  hw_sync_engine_reset_timer (self);
}

static void
hw_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_REPLICA_PATH:
      g_value_set_string (value, self->replica_path);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_COUNT:
      g_value_set_int64 (value, hw_sync_engine_get_pending_count (self));
      break;
    case PROP_CONFLICT_COUNT:
      g_value_set_int64 (value, self->counts.conflicts);
      break;
    case PROP_REJECTED_COUNT:
      g_value_set_int64 (value, self->counts.rejected);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_RECORDS_DONE:
      g_value_set_int64 (value, self->records_done);
      break;
    case PROP_RECORDS_TOTAL:
      g_value_set_int64 (value, self->records_total);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_strdup (g_value_get_string (value));
      /* "https://host/" and "https://host" name the same server. */
      if (self->base_url != NULL && g_str_has_suffix (self->base_url, "/"))
        self->base_url[strlen (self->base_url) - 1] = '\0';
      break;
    case PROP_REPLICA_PATH:
      g_free (self->replica_path);
      self->replica_path = g_value_dup_string (value);
      break;
    case PROP_INTERVAL:
      hw_sync_engine_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      hw_sync_engine_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_NETWORK_MONITOR:
      g_set_object (&self->monitor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_engine_class_init (HwSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = hw_sync_engine_constructed;
  object_class->dispose = hw_sync_engine_dispose;
  object_class->finalize = hw_sync_engine_finalize;
  object_class->get_property = hw_sync_engine_get_property;
  object_class->set_property = hw_sync_engine_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REPLICA_PATH] =
    g_param_spec_string ("replica-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds between runs; 0 turns the timer off. */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, 24 * 3600, DEFAULT_INTERVAL, rw);
  /* Changes asked for per page of the feed (the server caps it at 1000). */
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 100000, DEFAULT_PAGE_SIZE, rw);
  /* Whose "network-changed" starts a run when the network comes back; NULL (the
   * default) takes g_network_monitor_get_default(). Tests pass a fake one. */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, HW_TYPE_SYNC_STATE, HW_SYNC_STATE_IDLE, ro);
  properties[PROP_PENDING_COUNT] =
    g_param_spec_int64 ("pending-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONFLICT_COUNT] =
    g_param_spec_int64 ("conflict-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_REJECTED_COUNT] =
    g_param_spec_int64 ("rejected-count", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /* µs since the Unix epoch of the last run that ended well, 0 if none. */
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0, ro);
  properties[PROP_RECORDS_DONE] =
    g_param_spec_int64 ("records-done", NULL, NULL, 0, G_MAXINT64, 0, ro);
  /* An estimate, from the server's revision: it only shrinks towards the truth. */
  properties[PROP_RECORDS_TOTAL] =
    g_param_spec_int64 ("records-total", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_sync_engine_init (HwSyncEngine *self)
{
  self->interval = DEFAULT_INTERVAL;
  self->page_size = DEFAULT_PAGE_SIZE;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  /* Only tests and benchmarks page the feed of a new replica on purpose. */
  self->snapshot_allowed = g_strcmp0 (g_getenv ("HW_SYNC_NO_SNAPSHOT"), "1") != 0;
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT,
                                                 "idle-timeout", REQUEST_TIMEOUT,
                                                 NULL);
}

/* API */

HwSyncEngine *
hw_sync_engine_new (const char *base_url,
                    const char *replica_path)
{
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (replica_path != NULL, NULL);

  return g_object_new (HW_TYPE_SYNC_ENGINE,
                       "base-url", base_url,
                       "replica-path", replica_path,
                       NULL);
}

const char *
hw_sync_engine_get_base_url (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), NULL);
  return self->base_url;
}

const char *
hw_sync_engine_get_replica_path (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), NULL);
  return self->replica_path;
}

/* A new token ends NEEDS_SIGN_IN and starts a run; NULL signs out (runs then fail
 * with 401 until a token is set). */
void
hw_sync_engine_set_token (HwSyncEngine *self,
                          const char   *token)
{
  g_return_if_fail (HW_IS_SYNC_ENGINE (self));

  g_free (self->token);
  self->token = g_strdup (token);
  if (token != NULL && self->state == HW_SYNC_STATE_NEEDS_SIGN_IN)
    {
      set_state (self, HW_SYNC_STATE_IDLE);
      set_last_error (self, NULL);
      hw_sync_engine_sync_now (self);
    }
}

guint
hw_sync_engine_get_interval (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->interval;
}

void
hw_sync_engine_set_interval (HwSyncEngine *self,
                             guint         seconds)
{
  g_return_if_fail (HW_IS_SYNC_ENGINE (self));

  if (self->interval == seconds)
    return;
  self->interval = seconds;
  if (self->pool != NULL)
    hw_sync_engine_reset_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

guint
hw_sync_engine_get_page_size (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->page_size;
}

void
hw_sync_engine_set_page_size (HwSyncEngine *self,
                              guint         page_size)
{
  g_return_if_fail (HW_IS_SYNC_ENGINE (self));
  g_return_if_fail (page_size > 0);

  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

gboolean
hw_sync_engine_get_online (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), FALSE);
  return self->online;
}

HwSyncState
hw_sync_engine_get_state (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), HW_SYNC_STATE_IDLE);
  return self->state;
}

/* Edits not yet acknowledged: pending and sent. */
gint64
hw_sync_engine_get_pending_count (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->counts.pending + self->counts.sent;
}

gint64
hw_sync_engine_get_conflict_count (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->counts.conflicts;
}

gint64
hw_sync_engine_get_rejected_count (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->counts.rejected;
}

gint64
hw_sync_engine_get_last_sync (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

double
hw_sync_engine_get_progress (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0.0);
  return self->progress;
}

gint64
hw_sync_engine_get_records_done (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->records_done;
}

gint64
hw_sync_engine_get_records_total (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), 0);
  return self->records_total;
}

const char *
hw_sync_engine_get_last_error (HwSyncEngine *self)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), NULL);
  return self->last_error;
}

static gboolean
cancel_run_cb (gpointer user_data)
{
  HwSyncEngine *self = user_data;
  gboolean waited_for = FALSE;

  /* The run is shared: it stops only when no caller waits for it any more. */
  for (guint i = 0; i < self->waiters->len; i++)
    {
      GCancellable *cancellable = g_task_get_cancellable (g_ptr_array_index (self->waiters, i));

      if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
        waited_for = TRUE;
    }
  if (!waited_for && self->waiters->len > 0 && self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);

  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     HwSyncEngine *self)
{
  /* Not from the handler itself: disconnecting there would deadlock. */
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_run_cb, g_object_ref (self), g_object_unref);
}

/* One run: push, then pull until the feed has no more. A call during a run joins it.
 * Fails with the run's error (%HW_SYNC_ERROR); a retry is scheduled by then if one
 * makes sense. */
void
hw_sync_engine_sync_async (HwSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HW_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_sync_engine_sync_async);

  if (self->state == HW_SYNC_STATE_NEEDS_SIGN_IN)
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_UNAUTHORIZED, "%s",
                               self->last_error);
      return;
    }

  if (cancellable != NULL)
    g_object_set_data (G_OBJECT (task), "hw-cancelled-id",
                       GSIZE_TO_POINTER (g_cancellable_connect (cancellable,
                                                                G_CALLBACK (waiter_cancelled_cb),
                                                                self, NULL)));
  g_ptr_array_add (self->waiters, g_object_ref (task));
  if (!self->running)
    hw_sync_engine_start_run (self);
}

gboolean
hw_sync_engine_sync_finish (HwSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A run now (or right after the one in progress), e.g. from a "Sync" button. */
void
hw_sync_engine_sync_now (HwSyncEngine *self)
{
  g_return_if_fail (HW_IS_SYNC_ENGINE (self));
  hw_sync_engine_start_run (self);
}

/* Called by the app after a local edit (hw_store_local_*): pushes it shortly. */
void
hw_sync_engine_local_changed (HwSyncEngine *self)
{
  g_return_if_fail (HW_IS_SYNC_ENGINE (self));

  if (self->running)
    {
      self->rerun = TRUE;
      return;
    }
  /* Backing off: the scheduled retry pushes it, an edit does not hurry the server. */
  if (self->retry_id != 0)
    return;
  if (self->soon_id == 0)
    self->soon_id = g_timeout_add (LOCAL_CHANGE_DELAY_MS, soon_cb, self);
}
