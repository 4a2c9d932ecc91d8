/* hw-application.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-session.h"

G_BEGIN_DECLS

#define HW_TYPE_APPLICATION (hw_application_get_type ())

G_DECLARE_FINAL_TYPE (HwApplication, hw_application, HW, APPLICATION, AdwApplication)

HwApplication *hw_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;
HwSession     *hw_application_get_session  (HwApplication *self);
GSettings     *hw_application_get_settings (HwApplication *self);

G_END_DECLS
