/* hw-server-response.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

void hw_server_respond_json (SoupServerMessage *msg,
                             guint              status,
                             JsonNode          *node);
void hw_server_respond_json_text (SoupServerMessage *msg,
                                  guint              status,
                                  GString           *text);
void hw_server_respond_json_bytes (SoupServerMessage *msg,
                                   guint              status,
                                   GBytes            *bytes);

G_END_DECLS
