/* hw-server-router.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define HW_TYPE_SERVER_ROUTER (hw_server_router_get_type ())

G_DECLARE_FINAL_TYPE (HwServerRouter, hw_server_router, HW, SERVER_ROUTER, GObject)

/**
 * HwServerRouteFunc:
 * @msg: the request, its body read in full
 * @params: the values of the pattern's {name} segments, by name
 * @user_data: the data given to hw_server_router_add()
 *
 * Answers one request; it must set the response status before returning.
 */
typedef void (*HwServerRouteFunc) (SoupServerMessage *msg,
                                   GHashTable        *params,
                                   gpointer           user_data);

typedef enum
{
  HW_SERVER_ROUTE_FOUND,
  HW_SERVER_ROUTE_NOT_FOUND,
  HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
} HwServerRouteResult;

HwServerRouter      *hw_server_router_new       (const char          *prefix);
const char          *hw_server_router_get_prefix (HwServerRouter     *self);
void                 hw_server_router_add       (HwServerRouter      *self,
                                                 const char          *method,
                                                 const char          *pattern,
                                                 HwServerRouteFunc    func,
                                                 gpointer             user_data);
HwServerRouteResult  hw_server_router_lookup    (HwServerRouter      *self,
                                                 const char          *method,
                                                 const char          *path,
                                                 HwServerRouteFunc   *out_func,
                                                 gpointer            *out_user_data,
                                                 GHashTable         **out_params,
                                                 char               **out_allow);
char               **hw_server_router_list_routes (HwServerRouter *self);
void                 hw_server_router_dispatch  (HwServerRouter      *self,
                                                 SoupServerMessage   *msg);

G_END_DECLS
