/* hw-server-refusal-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Answering a request whose body is over the cap, on a connection taken over from
 * libsoup (see HwServer). */
GBytes *_hw_server_refusal_response (SoupServerMessage *msg,
                                     guint64            max_body_bytes);
void    _hw_server_refusal_start    (GIOStream         *stream,
                                     GSocket           *socket,
                                     GBytes            *response,
                                     GCancellable      *server_cancellable);

G_END_DECLS
