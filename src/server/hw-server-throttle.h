/* hw-server-throttle.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Login throttling, shared by staff and channel logins. */
typedef struct _HwServerThrottle HwServerThrottle;

HwServerThrottle *hw_server_throttle_new            (void);
void              hw_server_throttle_free           (HwServerThrottle  *self);
guint             hw_server_throttle_wait           (HwServerThrottle  *self,
                                                     const char        *key,
                                                     gint64             now);
void              hw_server_throttle_record_failure (HwServerThrottle  *self,
                                                     const char        *key,
                                                     gint64             now);
void              hw_server_throttle_forget         (HwServerThrottle  *self,
                                                     const char        *key);
void              hw_server_respond_throttled       (SoupServerMessage *msg,
                                                     guint              wait_seconds);

G_END_DECLS
