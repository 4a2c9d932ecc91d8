/* hw-server-body.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

JsonNode *hw_server_parse_json_with (JsonParser        *parser,
                                     const char        *data,
                                     gsize              size,
                                     const char       **out_reason);
JsonNode *hw_server_parse_json (const char         *data,
                                gsize               size,
                                const char        **out_reason);
JsonNode *hw_server_body_json  (SoupServerMessage  *msg,
                                gboolean            object_only,
                                const char         *detail);

G_END_DECLS
