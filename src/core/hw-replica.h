/* hw-replica.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

/* The desktop's copy of a server: one HwStore per server profile, opened with
 * HW_STORE_OPEN_REPLICA (never with HW_STORE_OPEN_BULK, which is refused: an edit saved
 * offline must survive power loss, so the connection keeps synchronous=FULL; only the
 * commit of a pulled page runs at NORMAL, see hw_store_apply_changes()).
 *
 * Two kinds of writes meet in it:
 *
 * - Pulled rows (this header): the server's changes feed, applied page by page exactly
 *   as the server sent it: id, rev, updated_at and every field, computed ones included.
 *   The row's rev is the server's; store-wide, hw_store_get_revision() is the highest
 *   server rev applied (so use the hw_store_local_* calls on a replica: the plain
 *   hw_store_create/update/delete would hand out revisions of their own).
 * - Local edits (hw-outbox.h): validated like hw_store_create/update/delete, written to
 *   the row at once (so hw_store_get/list show them), and queued in the outbox for the
 *   sync engine to push.
 *
 * Foreign keys: the feed is ordered by rev, so a product may arrive pages before the
 * category it refers to (the category was edited later), and a replica may briefly hold
 * rows that refer to rows not yet pulled. So SQLite does not enforce foreign keys on a
 * replica; the store's own writes (local edits, and hw_store_create/update/delete) look
 * their references up instead and fail with the same errors as on the server
 * (%HW_CORE_ERROR_INVALID naming the field, %HW_CORE_ERROR_IN_USE on delete). Once the
 * whole feed is applied the references are whole again (hw_store_check_integrity()).
 *
 * Unique values: the feed holds each row's latest state only, so a pulled row may take a
 * value (a SKU, a name) that a row of the replica still holds from an older state. The
 * server had it unique at that rev, so the holder's own newer state comes later in the
 * feed: the holder is removed until then. A holder with a local edit loses its row too,
 * and its edit is marked rejected (the push would fail the same way); the edit's values
 * stay in the outbox, and hw_store_outbox_revert() restores the server's version. */

gboolean  hw_store_apply_changes      (HwStore        *self,
                                       GPtrArray      *changes,
                                       gint64          cursor,
                                       GError        **error);
gboolean  hw_store_apply_change_page  (HwStore        *self,
                                       HwChangePage   *page,
                                       GError        **error);
gint64    hw_store_get_sync_cursor    (HwStore        *self);
gboolean  hw_store_replica_reset      (HwStore        *self,
                                       GError        **error);

gboolean  hw_store_replica_is_blank   (HwStore        *self,
                                       gboolean       *out_blank,
                                       GError        **error);
gboolean  hw_store_replica_load_snapshot (HwStore     *self,
                                          const char  *path,
                                          GError     **error);

/* hw-store-snapshot.c: a replica built by the server in one go (GET /sync/snapshot) */
gboolean  hw_store_write_snapshot     (const char     *store_path,
                                       const char     *dest_path,
                                       gint64         *out_revision,
                                       GCancellable   *cancellable,
                                       GError        **error);
gboolean  hw_store_check_snapshot     (const char     *path,
                                       gint64         *out_cursor,
                                       GError        **error);

G_END_DECLS
