/* hw-sync-profile.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HW_TYPE_SYNC_PROFILE (hw_sync_profile_get_type ())

G_DECLARE_FINAL_TYPE (HwSyncProfile, hw_sync_profile, HW, SYNC_PROFILE, GObject)

HwSyncProfile *hw_sync_profile_new                (const char     *profiles_dir,
                                                   const char     *id,
                                                   const char     *server_url,
                                                   const char     *email) G_GNUC_WARN_UNUSED_RESULT;
const char    *hw_sync_profile_get_id             (HwSyncProfile  *self);
const char    *hw_sync_profile_get_server_url     (HwSyncProfile  *self);
const char    *hw_sync_profile_get_email          (HwSyncProfile  *self);
const char    *hw_sync_profile_get_display_name   (HwSyncProfile  *self);
const char    *hw_sync_profile_get_directory      (HwSyncProfile  *self);
const char    *hw_sync_profile_get_database_path  (HwSyncProfile  *self);
gboolean       hw_sync_profile_delete_local_copy  (HwSyncProfile  *self,
                                                   GCancellable   *cancellable,
                                                   GError        **error);

G_END_DECLS
