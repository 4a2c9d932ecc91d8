/* hw-json-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-json.h"

G_BEGIN_DECLS

/* Child rows as the store keeps them: a JSON array of value arrays, in field order. */
void      _hw_json_write_rows (GString            *out,
                               const HwChildType  *type,
                               GPtrArray          *rows);
gboolean  _hw_json_read_rows  (const HwChildType  *type,
                               const char         *text,
                               GPtrArray          *rows,
                               GError            **error);

G_END_DECLS
