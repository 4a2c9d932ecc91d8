/* hw-server.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-server-router.h"
#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_SERVER (hw_server_get_type ())

G_DECLARE_FINAL_TYPE (HwServer, hw_server, HW, SERVER, GObject)

/* The base path of every endpoint of this version of the protocol. */
#define HW_SERVER_API_PREFIX "/api/v1"

/* Request bodies: 8 MiB unless configured; never more than 1 GiB. */
#define HW_SERVER_DEFAULT_MAX_BODY_BYTES (G_GUINT64_CONSTANT (8) * 1024 * 1024)
#define HW_SERVER_MAX_BODY_BYTES_LIMIT   (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

/* How long a snapshot for the desktops' first sync is served before the next is built. */
#define HW_SERVER_DEFAULT_SNAPSHOT_MAX_AGE_SECONDS 300
#define HW_SERVER_MAX_SNAPSHOT_MAX_AGE_SECONDS     86400

/* How long a graceful shutdown waits for requests in flight. */
#define HW_SERVER_SHUTDOWN_GRACE_SECONDS 30

HwServer         *hw_server_new                   (HwStore          *store);
HwStore          *hw_server_get_store             (HwServer         *self);
HwServerRouter   *hw_server_get_router            (HwServer         *self);
guint64           hw_server_get_max_body_bytes    (HwServer         *self);
void              hw_server_set_max_body_bytes    (HwServer         *self,
                                                   guint64           max_body_bytes);
const char       *hw_server_get_api_dir           (HwServer         *self);
void              hw_server_set_api_dir           (HwServer         *self,
                                                   const char       *api_dir);
GTlsCertificate  *hw_server_get_tls_certificate   (HwServer         *self);
void              hw_server_set_snapshot_max_age  (HwServer         *self,
                                                   guint             seconds);
void              hw_server_prepare_snapshots     (HwServer         *self);
void              hw_server_set_tls_certificate   (HwServer         *self,
                                                   GTlsCertificate  *certificate);
guint             hw_server_get_in_flight         (HwServer         *self);
const char       *hw_server_get_url               (HwServer         *self);

gboolean          hw_server_listen                (HwServer         *self,
                                                   GSocketAddress   *address,
                                                   GError          **error);
void              hw_server_shutdown              (HwServer         *self,
                                                   guint             grace_seconds);
void              hw_server_stop                  (HwServer         *self);

GSocketAddress   *hw_server_parse_listen_address  (const char       *text,
                                                   GError          **error);
char             *hw_server_default_api_dir       (void);

G_END_DECLS
