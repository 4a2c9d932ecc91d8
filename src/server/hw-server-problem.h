/* hw-server-problem.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define HW_SERVER_PROBLEM_CONTENT_TYPE "application/problem+json"
#define HW_SERVER_PROBLEM_BASE_URI     "https://heartwork.org/problems/"

JsonNode *hw_server_problem_new            (guint               status,
                                            const char         *detail);
JsonNode *hw_server_problem_new_for_error  (const GError       *error,
                                            guint              *out_status);
char     *hw_server_problem_to_string      (JsonNode           *problem);

void      hw_server_problem                (SoupServerMessage  *msg,
                                            guint               status,
                                            const char         *detail);
void      hw_server_problem_from_error     (SoupServerMessage  *msg,
                                            const GError       *error);
void      hw_server_problem_respond        (SoupServerMessage  *msg,
                                            JsonNode           *problem);

G_END_DECLS
