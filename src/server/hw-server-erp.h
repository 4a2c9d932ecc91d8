/* hw-server-erp.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-server.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

/* The most records one ERP import request may carry; more are answered with 413. */
#define HW_SERVER_ERP_MAX_RECORDS 10000

void hw_server_erp_add_routes (HwServer       *server,
                               HwServerRouter *router);

/* hw-server-erp-orders.c */
void hw_server_erp_orders_add_routes (HwServer       *server,
                                      HwServerRouter *router);

G_END_DECLS
