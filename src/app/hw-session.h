/* hw-session.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-store.h"
#include "hw-sync-engine.h"
#include "hw-sync-profiles.h"
#include "hw-token-store.h"

G_BEGIN_DECLS

#define HW_TYPE_SESSION (hw_session_get_type ())

G_DECLARE_FINAL_TYPE (HwSession, hw_session, HW, SESSION, GObject)

HwSession      *hw_session_new               (HwSyncProfiles       *profiles,
                                              HwTokenStore         *token_store) G_GNUC_WARN_UNUSED_RESULT;
HwSyncProfiles *hw_session_get_profiles      (HwSession            *self);
HwTokenStore   *hw_session_get_token_store   (HwSession            *self);
HwSyncProfile  *hw_session_get_profile       (HwSession            *self);
HwStore        *hw_session_get_store         (HwSession            *self);
gboolean        hw_session_open_store        (HwSession            *self,
                                              GError              **error);
HwSyncEngine   *hw_session_get_engine        (HwSession            *self);
guint           hw_session_get_sync_interval (HwSession            *self);
void            hw_session_set_sync_interval (HwSession            *self,
                                              guint                 seconds);
gboolean        hw_session_open_last         (HwSession            *self,
                                              GError              **error);
void            hw_session_sign_in_async     (HwSession            *self,
                                              const char           *server_url,
                                              const char           *email,
                                              const char           *password,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean        hw_session_sign_in_finish    (HwSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void            hw_session_sign_out_async    (HwSession            *self,
                                              gboolean              delete_local_copy,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean        hw_session_sign_out_finish   (HwSession            *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
