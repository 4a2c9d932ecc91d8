/* hw-server-channel-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "hw-model.h"
#include "hw-rules.h"
#include "hw-server.h"
#include "hw-server-auth.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

/* The channel API's shared state (hw-server-channel.c), owned by the server: the rules
 * engine's snapshot of the store (loaded in a worker thread) and, valid at that
 * snapshot's revision only, the products, users and catalogue pages the answers read. A write by staff, the ERP or an order moves the
 * store's revision; the next channel request sees it, loads a new snapshot and empties
 * the rest, so every answer reflects what is committed. */
typedef struct _HwChannel HwChannel;

/* What one channel request works with; hw_channel_request_clear() lets it go. */
typedef struct
{
  HwServerPrincipal *principal;  /* a customer user; account_id is all it may see */
  HwRules           *rules;      /* the snapshot this request reads */
  const HwUser      *user;       /* the caller, as of that snapshot (owned by the cache) */
  gint64             now;        /* µs: the moment every rule is judged at */
} HwChannelRequest;

void           _hw_server_channel_add_routes (HwServer          *server,
                                              HwServerRouter    *router);

gboolean       hw_channel_request_begin      (HwChannel         *channel,
                                              SoupServerMessage *msg,
                                              HwServerRouteFunc  func,
                                              GHashTable        *params,
                                              HwChannelRequest  *request);
void           hw_channel_request_clear      (HwChannelRequest  *request);
HwServer      *hw_channel_get_server         (HwChannel         *channel);
const HwProduct *hw_channel_get_product      (HwChannel         *channel,
                                              HwChannelRequest  *request,
                                              const char        *product_id,
                                              GError           **error);
gboolean       hw_channel_is_visible         (HwChannelRequest  *request,
                                              const char        *product_id,
                                              gboolean          *out_visible,
                                              GError           **error);
gint64         hw_channel_first_quantity     (const HwProduct   *product);

/* hw-server-channel-json.c */
void           hw_channel_write_key          (GString           *out,
                                              const char        *key);
void           hw_channel_write_string_member (GString          *out,
                                               const char       *key,
                                               const char       *value);
void           hw_channel_write_int          (GString           *out,
                                              gint64             value);
void           hw_channel_write_int_member   (GString           *out,
                                              const char        *key,
                                              gint64             value);
void           hw_channel_write_product_head (GString           *out,
                                              const HwProduct   *product);
gboolean       hw_channel_write_product      (GString           *out,
                                              HwChannelRequest  *request,
                                              const HwProduct   *product,
                                              const char        *head,
                                              gsize              head_length,
                                              GError           **error);
void           hw_channel_respond_not_found  (SoupServerMessage *msg,
                                              const char        *what);

/* hw-server-channel-orders.c */
void           _hw_server_channel_orders_add_routes (HwChannel      *channel,
                                                     HwServerRouter *router);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HwChannelRequest, hw_channel_request_clear)

G_END_DECLS
