/* hw-fault-proxy.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* An HTTP proxy for tests, in this process, in front of a real server: it passes every
 * request on unchanged unless a rule says otherwise. It serves on 127.0.0.1 in threads
 * of its own, so a test may talk to it with blocking calls from the main thread as well
 * as with async ones on the main loop. */

/**
 * HwFaultKind:
 * @HW_FAULT_PASS: pass the request on and the answer back unchanged
 * @HW_FAULT_DROP: close the client's connection without passing the request on (the
 *   server never saw it)
 * @HW_FAULT_DROP_AFTER_UPSTREAM: pass the request on and wait for the server's answer
 *   (the server committed), then close the client's connection without a byte of it
 * @HW_FAULT_STATUS_500: answer 500 with a problem document, without passing it on
 * @HW_FAULT_STATUS_404: answer 404 with a problem document, without passing it on: a
 *   server of an older version that does not have the route
 * @HW_FAULT_STATUS_429: answer 429 with `Retry-After: ARG` and a problem document,
 *   without passing it on
 * @HW_FAULT_TRUNCATE_BODY: pass it on; answer with the server's status, headers and
 *   Content-Length but only the first half of the body, then close the connection
 * @HW_FAULT_CORRUPT_JSON: pass it on; answer with a complete response whose body is the
 *   first half of the server's followed by `}{]`, which no JSON parser accepts
 * @HW_FAULT_DELAY: pass it on; hold the server's answer back ARG milliseconds, or until
 *   hw_fault_proxy_release_delayed()
 *
 * Two things of libsoup 3.2 that a test of a client has to reckon with: it sends an
 * idempotent request (GET, HEAD, PUT, DELETE…) once more by itself when a reused
 * keep-alive connection closes before any answer, so a single drop of those is invisible
 * (a DELETE the server committed comes back 404 from the second try); and it ends a body
 * cut short of its Content-Length without an error (%HW_FAULT_TRUNCATE_BODY).
 */
typedef enum
{
  HW_FAULT_PASS,
  HW_FAULT_DROP,
  HW_FAULT_DROP_AFTER_UPSTREAM,
  HW_FAULT_STATUS_500,
  HW_FAULT_STATUS_429,
  HW_FAULT_TRUNCATE_BODY,
  HW_FAULT_CORRUPT_JSON,
  HW_FAULT_DELAY,
  HW_FAULT_STATUS_404,
} HwFaultKind;

typedef struct _HwFaultProxy HwFaultProxy;

HwFaultProxy *hw_fault_proxy_new             (const char   *upstream_url);
void          hw_fault_proxy_free            (HwFaultProxy *self);
const char   *hw_fault_proxy_get_url         (HwFaultProxy *self);
void          hw_fault_proxy_add_rule        (HwFaultProxy *self,
                                              const char   *method,
                                              const char   *path_prefix,
                                              guint         nth,
                                              HwFaultKind   kind,
                                              guint         arg);
void          hw_fault_proxy_clear_rules     (HwFaultProxy *self);
void          hw_fault_proxy_release_delayed (HwFaultProxy *self);
guint         hw_fault_proxy_get_n_requests  (HwFaultProxy *self,
                                              const char   *method,
                                              const char   *path_prefix);
guint         hw_fault_proxy_get_n_forwarded (HwFaultProxy *self,
                                              const char   *method,
                                              const char   *path_prefix);
guint         hw_fault_proxy_get_n_faults    (HwFaultProxy *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwFaultProxy, hw_fault_proxy_free)

G_END_DECLS
