/* hw-server-resources-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-idempotency-store.h"
#include "hw-query.h"
#include "hw-server.h"
#include "hw-server-auth.h"
#include "hw-server-router.h"

G_BEGIN_DECLS

/* Shared by the staff resources (hw-server-resources.c) and the changes feed and audit
 * log (hw-server-feed.c). */

/* What a route answers for: the server (not a reference: it owns the router and
 * outlives it) and the entity type, NULL for the changes feed. */
typedef struct
{
  HwServer           *server;
  const HwEntityType *type;
} Resource;

gboolean    _hw_server_resource_authenticate (Resource           *resource,
                                              SoupServerMessage  *msg,
                                              gboolean            mutation,
                                              HwServerPrincipal **out_principal);
GHashTable *_hw_server_query_params          (SoupServerMessage  *msg);
gboolean    _hw_server_parse_count           (SoupServerMessage  *msg,
                                              const char         *name,
                                              const char         *text,
                                              guint64            *out_value);
void        _hw_server_respond_field_problem (SoupServerMessage  *msg,
                                              const char         *field,
                                              const char         *message);
gboolean    _hw_server_query_from_params     (SoupServerMessage  *msg,
                                              const HwEntityType *type,
                                              GHashTable         *params,
                                              HwQuery            *query);
void        _hw_server_respond_page          (SoupServerMessage  *msg,
                                              HwPage             *page);

/* hw-server-feed.c */
void        _hw_server_handle_audit          (SoupServerMessage  *msg,
                                              GHashTable         *params,
                                              gpointer            user_data);
void        _hw_server_handle_changes        (SoupServerMessage  *msg,
                                              GHashTable         *params,
                                              gpointer            user_data);

/* hw-server-idempotency.c */
gboolean    _hw_server_idempotency_key_of    (SoupServerMessage  *msg,
                                              const char        **out_key);
char       *_hw_server_request_fingerprint   (SoupServerMessage  *msg);
void        _hw_server_respond_idempotent    (SoupServerMessage  *msg,
                                              const HwIdempotencyRecord *record,
                                              gboolean            replayed);
gboolean    _hw_server_replay_idempotent     (HwStore            *store,
                                              SoupServerMessage  *msg,
                                              const char         *principal_id,
                                              const char         *key,
                                              const char         *fingerprint);

/* hw-server-tokens.c */
void        _hw_server_tokens_add_routes     (Resource           *resource,
                                              HwServerRouter     *router);

G_END_DECLS
