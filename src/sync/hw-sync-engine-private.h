/* hw-sync-engine-private.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-sync-engine.h"

G_BEGIN_DECLS

/* Shared by hw-sync-engine.c (object, triggers, runs), hw-sync-io.c (worker thread,
 * HTTP), hw-sync-pull.c, hw-sync-push.c and hw-sync-conflicts.c. Everything here runs on the main thread except
 * the HwSyncDbFunc bodies, which run on the worker thread with its connection. */

struct _HwSyncEngine
{
  GObject          parent_instance;

  char            *base_url;
  char            *replica_path;
  char            *token;
  SoupSession     *session;

  /* One exclusive thread: it opens and alone uses worker_store. */
  GThreadPool     *pool;
  HwStore         *worker_store;
  /* The main thread's own connection, for the conflict API. */
  HwStore         *main_store;

  /* The run in progress */
  gboolean         running;
  gboolean         rerun;
  GCancellable    *run_cancellable;
  GPtrArray       *waiters;        /* GTask */
  gint64           cursor;
  gint64           start_cursor;
  gint64           target_rev;
  gint64           started_at;     /* a full sync from 0: the server's revision then */
  guint            serial;         /* of the run: stale callbacks of a pipelined pull
                                    * compare it and drop out */
  guint            applies_queued; /* pages parsed and waiting for the worker */
  gboolean         fetch_waiting;  /* the next page waits for the queue to shrink */
  gint64           fetch_cursor;   /* the cursor the next page is asked with */
  gboolean         snapshot_allowed; /* $HW_SYNC_NO_SNAPSHOT=1 turns it off (tests) */
  gboolean         pull_blank;     /* the replica has nothing yet: a snapshot may fill it */
  gint64           push_after_seq;
  GPtrArray       *push_ops;       /* HwOutboxOp of the batch */
  guint            push_index;
  gboolean         push_done_any;

  /* Triggers */
  guint            interval;
  guint            page_size;
  guint            timer_id;
  guint            retry_id;
  guint            soon_id;
  guint            failures;
  GNetworkMonitor *monitor;
  gulong           network_changed_id;
  gboolean         network_available;

  /* Properties */
  gboolean         online;
  HwSyncState      state;
  HwOutboxCounts   counts;
  gint64           last_sync;
  double           progress;
  gint64           records_done;
  gint64           records_total;
  char            *last_error;
};

/* A failure of a run: what to show, and when to try again. */
typedef enum
{
  HW_SYNC_FAILURE_RETRY,      /* network, 5xx, 429, garbled answer: back off, retry */
  HW_SYNC_FAILURE_SIGN_IN,    /* 401: wait for a new token */
  HW_SYNC_FAILURE_CANCELLED,
} HwSyncFailure;

/* An HTTP answer as the engine reads it: the whole body (a page at most). */
typedef struct
{
  guint   status;
  GBytes *body;
  gint64  retry_after;   /* seconds, -1 when none */
} HwSyncResponse;

typedef gboolean (*HwSyncDbFunc) (HwStore  *store,
                                  gpointer  data,
                                  GError  **error);

void            _hw_sync_engine_db_async       (HwSyncEngine         *self,
                                                HwSyncDbFunc          func,
                                                gpointer              data,
                                                GDestroyNotify        destroy,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* As _hw_sync_engine_db_async(), but @func gets no store and the replica is not opened
 * (nor created) for it: for replacing the file. */
void            _hw_sync_engine_file_async     (HwSyncEngine         *self,
                                                HwSyncDbFunc          func,
                                                gpointer              data,
                                                GDestroyNotify        destroy,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        _hw_sync_engine_db_finish      (HwSyncEngine         *self,
                                                GAsyncResult         *result,
                                                GError              **error);

void            _hw_sync_engine_request_async  (HwSyncEngine         *self,
                                                const char           *method,
                                                const char           *path,
                                                const char           *body,
                                                const char           *if_match,
                                                const char           *idempotency_key,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
HwSyncResponse *_hw_sync_engine_request_finish (HwSyncEngine         *self,
                                                GAsyncResult         *result,
                                                GError              **error);
void            _hw_sync_response_free         (HwSyncResponse       *response);
char           *_hw_sync_problem_message       (GBytes               *body,
                                                guint                 status);
JsonNode       *_hw_sync_parse_json            (GBytes               *body,
                                                GError              **error);

/* The steps of a run call these when they are done. */
void            _hw_sync_engine_fail           (HwSyncEngine         *self,
                                                HwSyncFailure         failure,
                                                const GError         *error,
                                                gint64                retry_after);
void            _hw_sync_engine_fail_io        (HwSyncEngine         *self,
                                                const GError         *error);
void            _hw_sync_engine_fail_status    (HwSyncEngine         *self,
                                                const HwSyncResponse *response);
void            _hw_sync_engine_fail_db        (HwSyncEngine         *self,
                                                GError               *error);
void            _hw_sync_engine_push_done      (HwSyncEngine         *self);
void            _hw_sync_engine_pull_done      (HwSyncEngine         *self);
gboolean        _hw_sync_engine_check_cancelled (HwSyncEngine        *self);

void            _hw_sync_engine_start_worker   (HwSyncEngine         *self);
void            _hw_sync_engine_stop_worker    (HwSyncEngine         *self);
void            _hw_sync_engine_set_online     (HwSyncEngine         *self,
                                                gboolean              online);
void            _hw_sync_engine_set_counts     (HwSyncEngine         *self,
                                                const HwOutboxCounts *counts);
void            _hw_sync_engine_set_pull_progress (HwSyncEngine      *self,
                                                   gint64             records_done,
                                                   gint64             cursor);

void            _hw_sync_engine_set_download_progress (HwSyncEngine  *self,
                                                       gint64         done_bytes,
                                                       gint64         total_bytes,
                                                       gint64         revision);

void            _hw_sync_pull_start            (HwSyncEngine         *self);
/* After the snapshot step: pages the feed from @cursor (0: the snapshot was not used). */
void            _hw_sync_pull_after_snapshot   (HwSyncEngine         *self,
                                                gint64                cursor);
/* hw-sync-snapshot.c */
void            _hw_sync_snapshot_start        (HwSyncEngine         *self);
char           *_hw_sync_snapshot_part_path    (HwSyncEngine         *self);
void            _hw_sync_push_start            (HwSyncEngine         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwSyncResponse, _hw_sync_response_free)

G_END_DECLS
