/* hw-server-rules.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-rules.h"
#include "hw-server.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

/* The rules engine on the server: one cached snapshot (hw-rules.h) shared by every route
 * that asks the rules, reloaded when the store's revision moves, so a committed change
 * shows in the next answer. */
HwRules *hw_server_get_rules        (HwServer        *server,
                                     GError         **error);

/* GET /explain and POST /impact, for staff. */
void     hw_server_rules_add_routes (HwServer        *server,
                                     HwServerRouter  *router);

G_END_DECLS
