/* hw-preferences-window.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-session.h"

G_BEGIN_DECLS

#define HW_TYPE_PREFERENCES_WINDOW (hw_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (HwPreferencesWindow, hw_preferences_window, HW, PREFERENCES_WINDOW, AdwPreferencesWindow)

HwPreferencesWindow *hw_preferences_window_new          (HwSession           *session);
guint                hw_preferences_window_get_interval (HwPreferencesWindow *self);
void                 hw_preferences_window_sign_out     (HwPreferencesWindow *self);

G_END_DECLS
