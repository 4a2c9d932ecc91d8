/* hw-sync-profiles.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-sync-profile.h"

G_BEGIN_DECLS

#define HW_TYPE_SYNC_PROFILES (hw_sync_profiles_get_type ())

G_DECLARE_FINAL_TYPE (HwSyncProfiles, hw_sync_profiles, HW, SYNC_PROFILES, GObject)

HwSyncProfiles *hw_sync_profiles_new                (void) G_GNUC_WARN_UNUSED_RESULT;
HwSyncProfiles *hw_sync_profiles_new_for_directory  (const char      *data_dir) G_GNUC_WARN_UNUSED_RESULT;
const char     *hw_sync_profiles_get_data_dir       (HwSyncProfiles  *self);
char           *hw_sync_profiles_dup_file_path      (HwSyncProfiles  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean        hw_sync_profiles_load               (HwSyncProfiles  *self,
                                                     GError         **error);
HwSyncProfile  *hw_sync_profiles_add                (HwSyncProfiles  *self,
                                                     const char      *server_url,
                                                     const char      *email,
                                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean        hw_sync_profiles_remove             (HwSyncProfiles  *self,
                                                     HwSyncProfile   *profile,
                                                     gboolean         delete_local_copy,
                                                     GError         **error);
HwSyncProfile  *hw_sync_profiles_lookup             (HwSyncProfiles  *self,
                                                     const char      *id);
HwSyncProfile  *hw_sync_profiles_get_last_used      (HwSyncProfiles  *self);
gboolean        hw_sync_profiles_set_last_used      (HwSyncProfiles  *self,
                                                     HwSyncProfile   *profile,
                                                     GError         **error);

G_END_DECLS
