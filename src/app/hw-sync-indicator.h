/* hw-sync-indicator.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-sync-engine.h"

G_BEGIN_DECLS

#define HW_TYPE_SYNC_INDICATOR (hw_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (HwSyncIndicator, hw_sync_indicator, HW, SYNC_INDICATOR, GtkWidget)

GtkWidget    *hw_sync_indicator_new           (void);
HwSyncEngine *hw_sync_indicator_get_engine    (HwSyncIndicator *self);
void          hw_sync_indicator_set_engine    (HwSyncIndicator *self,
                                               HwSyncEngine    *engine);
const char   *hw_sync_indicator_get_summary   (HwSyncIndicator *self);
const char   *hw_sync_indicator_get_icon_name (HwSyncIndicator *self);
gboolean      hw_sync_indicator_get_compact   (HwSyncIndicator *self);
void          hw_sync_indicator_set_compact   (HwSyncIndicator *self,
                                               gboolean         compact);
GtkPopover   *hw_sync_indicator_get_popover   (HwSyncIndicator *self);
void          hw_sync_indicator_popup         (HwSyncIndicator *self);
char         *hw_format_relative_time         (gint64           then_us,
                                               gint64           now_us) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
