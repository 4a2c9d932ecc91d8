/* hw-server-auth-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-server.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

/* The state of staff authentication that lives in the server process (login throttling),
 * owned by HwServer. */
typedef struct _HwServerAuth HwServerAuth;

HwServerAuth *_hw_server_auth_new        (void);
void          _hw_server_auth_free       (HwServerAuth   *auth);
void          _hw_server_auth_add_routes (HwServer       *server,
                                          HwServerRouter *router);

/* hw-server.c */
HwServerAuth *_hw_server_get_auth        (HwServer       *server);

G_END_DECLS
