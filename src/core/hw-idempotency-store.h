/* hw-idempotency-store.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

/* The longest Idempotency-Key the server accepts. */
#define HW_IDEMPOTENCY_KEY_MAX_LENGTH 255

/**
 * HwIdempotencyRecord:
 * @principal: who sent the request: keys of different principals are independent
 * @key: the Idempotency-Key as the client sent it
 * @fingerprint: what identifies the request (the server uses a SHA-256 as hex)
 * @status: the HTTP status of the first answer
 * @location: (nullable): its Location header
 * @etag: (nullable): its ETag header
 * @body: its body
 * @created_at: µs since the epoch
 *
 * The first answer to a request that carried an Idempotency-Key (server only: it never
 * leaves the server).
 */
typedef struct
{
  char   *principal;
  char   *key;
  char   *fingerprint;
  guint   status;
  char   *location;
  char   *etag;
  char   *body;
  gint64  created_at;
} HwIdempotencyRecord;

HwIdempotencyRecord *hw_idempotency_record_new        (void);
void                 hw_idempotency_record_free       (HwIdempotencyRecord  *record);

HwIdempotencyRecord *hw_store_lookup_idempotency_key  (HwStore              *self,
                                                       const char           *principal,
                                                       const char           *key,
                                                       GError              **error);
gboolean             hw_store_save_idempotency_key    (HwStore              *self,
                                                       HwIdempotencyRecord  *record,
                                                       GError              **error);
gboolean             hw_store_purge_idempotency_keys  (HwStore              *self,
                                                       gint64                before,
                                                       guint                *out_purged,
                                                       GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwIdempotencyRecord, hw_idempotency_record_free)

G_END_DECLS
