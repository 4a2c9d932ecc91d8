/* hw-sync-client.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HW_TYPE_SYNC_CLIENT (hw_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (HwSyncClient, hw_sync_client, HW, SYNC_CLIENT, GObject)

G_GNUC_WARN_UNUSED_RESULT
HwSyncClient *hw_sync_client_new                 (const char           *base_url);
const char   *hw_sync_client_get_base_url        (HwSyncClient         *self);
void          hw_sync_client_set_base_url        (HwSyncClient         *self,
                                                  const char           *base_url);
gboolean      hw_sync_client_validate_base_url   (const char           *base_url,
                                                  GError              **error);
void          hw_sync_client_check_health_async  (HwSyncClient         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      hw_sync_client_check_health_finish (HwSyncClient         *self,
                                                  GAsyncResult         *result,
                                                  char                **out_version,
                                                  GError              **error);

G_END_DECLS
