/* hw-initial-sync-page.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-sync-engine.h"

G_BEGIN_DECLS

#define HW_TYPE_INITIAL_SYNC_PAGE (hw_initial_sync_page_get_type ())

G_DECLARE_FINAL_TYPE (HwInitialSyncPage, hw_initial_sync_page, HW, INITIAL_SYNC_PAGE, GtkWidget)

GtkWidget    *hw_initial_sync_page_new          (void);
HwSyncEngine *hw_initial_sync_page_get_engine   (HwInitialSyncPage    *self);
void          hw_initial_sync_page_set_engine   (HwInitialSyncPage    *self,
                                                 HwSyncEngine         *engine);
const char   *hw_initial_sync_page_get_counts   (HwInitialSyncPage    *self);
void          hw_initial_sync_page_run_async    (HwInitialSyncPage    *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean      hw_initial_sync_page_run_finish   (HwInitialSyncPage    *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
void          hw_initial_sync_page_cancel       (HwInitialSyncPage    *self);

G_END_DECLS
