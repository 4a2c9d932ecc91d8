/* hw-sync-engine.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-outbox.h"

G_BEGIN_DECLS

/* The desktop's sync engine: keeps one replica HwStore (hw-replica.h) in step with a
 * server. A run pushes the outbox (hw-outbox.h) in order, then pulls the changes feed
 * until it has no more. HTTP runs on the main context; every database call runs on one
 * worker thread that owns the engine's connection. Properties change and notify on the
 * main thread only.
 *
 * Runs start on hw_sync_engine_sync_async(), hw_sync_engine_sync_now(), a periodic
 * timer (#HwSyncEngine:interval), the network coming back, and shortly after
 * hw_sync_engine_local_changed(). Retryable failures (network, 5xx, 429) schedule the
 * next run with exponential backoff honouring Retry-After; a 401 stops until a new
 * token is set.
 *
 * The network is watched through the construct-only #HwSyncEngine:network-monitor
 * (a #GNetworkMonitor; g_network_monitor_get_default() when none is given, as with
 * hw_sync_engine_new()): when it reports the network gone, #HwSyncEngine:online turns
 * false; when it reports it back, a run starts. */

#define HW_TYPE_SYNC_ENGINE (hw_sync_engine_get_type ())
#define HW_TYPE_SYNC_STATE  (hw_sync_state_get_type ())

G_DECLARE_FINAL_TYPE (HwSyncEngine, hw_sync_engine, HW, SYNC_ENGINE, GObject)

typedef enum
{
  HW_SYNC_STATE_IDLE,
  HW_SYNC_STATE_SYNCING,
  HW_SYNC_STATE_ERROR,          /* the last run failed; a retry is scheduled */
  HW_SYNC_STATE_NEEDS_SIGN_IN,  /* the server refused the token: set a new one */
} HwSyncState;

/* One conflict for the UI: the op (base, mine, theirs) and its per-field diff. */
typedef struct
{
  HwOutboxOp *op;
  GPtrArray  *fields;   /* HwFieldDiff */
} HwSyncConflict;

GType            hw_sync_state_get_type          (void) G_GNUC_CONST;

G_GNUC_WARN_UNUSED_RESULT
HwSyncEngine    *hw_sync_engine_new              (const char           *base_url,
                                                  const char           *replica_path);
const char      *hw_sync_engine_get_base_url     (HwSyncEngine         *self);
const char      *hw_sync_engine_get_replica_path (HwSyncEngine         *self);
void             hw_sync_engine_set_token        (HwSyncEngine         *self,
                                                  const char           *token);

guint            hw_sync_engine_get_interval     (HwSyncEngine         *self);
void             hw_sync_engine_set_interval     (HwSyncEngine         *self,
                                                  guint                 seconds);
guint            hw_sync_engine_get_page_size    (HwSyncEngine         *self);
void             hw_sync_engine_set_page_size    (HwSyncEngine         *self,
                                                  guint                 page_size);

gboolean         hw_sync_engine_get_online       (HwSyncEngine         *self);
HwSyncState      hw_sync_engine_get_state        (HwSyncEngine         *self);
gint64           hw_sync_engine_get_pending_count  (HwSyncEngine       *self);
gint64           hw_sync_engine_get_conflict_count (HwSyncEngine       *self);
gint64           hw_sync_engine_get_rejected_count (HwSyncEngine       *self);
gint64           hw_sync_engine_get_last_sync    (HwSyncEngine         *self);
double           hw_sync_engine_get_progress     (HwSyncEngine         *self);
gint64           hw_sync_engine_get_records_done (HwSyncEngine         *self);
gint64           hw_sync_engine_get_records_total (HwSyncEngine        *self);
const char      *hw_sync_engine_get_last_error   (HwSyncEngine         *self);

void             hw_sync_engine_sync_async       (HwSyncEngine         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         hw_sync_engine_sync_finish      (HwSyncEngine         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             hw_sync_engine_sync_now         (HwSyncEngine         *self);
void             hw_sync_engine_local_changed    (HwSyncEngine         *self);

/* Conflicts: short calls on a connection of the calling (main) thread. */
GPtrArray       *hw_sync_engine_list_conflicts   (HwSyncEngine         *self,
                                                  GError              **error);
gboolean         hw_sync_engine_resolve          (HwSyncEngine         *self,
                                                  const char           *op_id,
                                                  HwResolution          resolution,
                                                  const char * const   *take_theirs,
                                                  GError              **error);
gboolean         hw_sync_engine_revert           (HwSyncEngine         *self,
                                                  const char           *op_id,
                                                  GError              **error);
void             hw_sync_conflict_free           (HwSyncConflict       *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwSyncConflict, hw_sync_conflict_free)

G_END_DECLS
