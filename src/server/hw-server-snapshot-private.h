/* hw-server-snapshot-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-server.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

void _hw_server_snapshot_add_routes (HwServer       *server,
                                     HwServerRouter *router);

G_END_DECLS
