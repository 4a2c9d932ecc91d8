/* hw-sync-session.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-sync-profile.h"
#include "hw-token-store.h"

G_BEGIN_DECLS

/**
 * HwSyncSignOutFlags:
 * @HW_SYNC_SIGN_OUT_NONE: keep the local copy
 * @HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY: delete the profile's local copy too, with edits
 *   not yet pushed
 */
typedef enum
{
  HW_SYNC_SIGN_OUT_NONE              = 0,
  HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY = 1 << 0,
} HwSyncSignOutFlags;

void      hw_sync_session_sign_in_async   (HwSyncProfile       *profile,
                                           HwTokenStore        *store,
                                           const char          *password,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *hw_sync_session_sign_in_finish  (HwSyncProfile       *profile,
                                           GAsyncResult        *result,
                                           GDateTime          **out_expires_at,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void      hw_sync_session_sign_out_async  (HwSyncProfile       *profile,
                                           HwTokenStore        *store,
                                           HwSyncSignOutFlags   flags,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean  hw_sync_session_sign_out_finish (HwSyncProfile       *profile,
                                           GAsyncResult        *result,
                                           gboolean            *out_revoked,
                                           GError             **error);

G_END_DECLS
