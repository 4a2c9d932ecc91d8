/* hw-server-auth-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hw-auth-store.h"
#include "hw-server.h"
#include "hw-server-auth.h"
#include "hw-server-router.h"
#include "hw-server-throttle.h"

G_BEGIN_DECLS

/* The state of staff authentication that lives in the server process (login throttling),
 * owned by HwServer. */
typedef struct _HwServerAuth HwServerAuth;

/* A login body read and checked by _hw_server_auth_read_login(). */
typedef struct
{
  JsonNode   *root;
  char       *email;       /* lowercased */
  const char *password;    /* owned by root */
  char       *email_key;   /* the throttle's keys */
  char       *remote_key;
} HwServerLoginRequest;

HwServerAuth *_hw_server_auth_new        (void);
void          _hw_server_auth_free       (HwServerAuth   *auth);
void          _hw_server_auth_add_routes (HwServer       *server,
                                          HwServerRouter *router);

JsonBuilder      *_hw_server_auth_start_session  (HwServer          *server,
                                                  SoupServerMessage *msg,
                                                  HwAuthToken       *record,
                                                  gint64             lifetime_seconds);
gboolean          _hw_server_auth_read_login     (HwServer             *server,
                                                  SoupServerMessage    *msg,
                                                  const char           *email_key_prefix,
                                                  const char           *throttled_event,
                                                  HwServerLoginRequest *request);
void              _hw_server_login_request_clear (HwServerLoginRequest *request);
gboolean          _hw_server_auth_end_session    (HwServer          *server,
                                                  SoupServerMessage *msg,
                                                  HwServerPrincipal *principal);
HwServerThrottle *_hw_server_auth_get_throttle   (HwServerAuth      *auth);
const char       *_hw_server_auth_get_dummy_hash (HwServerAuth      *auth);
void              _hw_server_respond_login_failed (SoupServerMessage *msg);
const char       *_hw_server_require_string      (SoupServerMessage *msg,
                                                  JsonObject        *object,
                                                  const char        *name);

/* hw-server-channel-auth.c */
void          _hw_server_channel_auth_add_routes (HwServer       *server,
                                                  HwServerRouter *router);

/* hw-server.c */
HwServerAuth *_hw_server_get_auth        (HwServer       *server);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HwServerLoginRequest, _hw_server_login_request_clear)

G_END_DECLS
