/* hw-error-text.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *hw_error_describe (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
