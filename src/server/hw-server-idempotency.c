/* hw-server-idempotency.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-idempotency-store.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"

/* Idempotency keys of creates (DESIGN.md §4), shared by the staff resources and channel
 * orders: the first answer is saved with the write, keyed by principal and key, and a
 * retry of the same request (method, path and body) gets it again with
 * Idempotent-Replayed: true; the key reused for another request is refused with 422. */

#define IDEMPOTENCY_MISMATCH_MESSAGE \
  "This Idempotency-Key was used with another request; use a new key for a new request."

/* The Idempotency-Key of @msg in @out_key (NULL without one); answers 400 when it is not
 * 1 to 255 printable ASCII characters. */
gboolean
_hw_server_idempotency_key_of (SoupServerMessage  *msg,
                               const char        **out_key)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  gsize length;

  *out_key = NULL;
  if (key == NULL)
    return TRUE;

  length = strlen (key);
  if (length == 0 || length > HW_IDEMPOTENCY_KEY_MAX_LENGTH)
    goto invalid;

  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isprint (*p))
      goto invalid;

  *out_key = key;
  return TRUE;

invalid:
  hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST,
                     "The Idempotency-Key header must be 1 to 255 printable ASCII characters.");
  return FALSE;
}

/* SHA-256 as hex of the method, the path and the body bytes of @msg. */
char *
_hw_server_request_fingerprint (SoupServerMessage *msg)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);

  /* NUL separators: neither a method nor a path holds one. */
  g_checksum_update (checksum, (const guchar *) method, strlen (method) + 1);
  g_checksum_update (checksum, (const guchar *) path, strlen (path) + 1);
  if (size > 0)
    g_checksum_update (checksum, data, size);

  return g_strdup (g_checksum_get_string (checksum));
}

/* Answers with a stored first answer, exactly as it was. */
void
_hw_server_respond_idempotent (SoupServerMessage         *msg,
                               const HwIdempotencyRecord *record,
                               gboolean                   replayed)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (record->location != NULL)
    soup_message_headers_replace (headers, "Location", record->location);
  if (record->etag != NULL)
    soup_message_headers_replace (headers, "ETag", record->etag);
  if (replayed)
    soup_message_headers_replace (headers, "Idempotent-Replayed", "true");

  soup_server_message_set_status (msg, record->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    record->body, strlen (record->body));
}

/* Answers a request whose key @principal_id already used: the first answer again for
 * the same request, 422 for another. Returns FALSE, answering nothing, when the key is
 * unused; answers 5xx when the lookup fails. */
gboolean
_hw_server_replay_idempotent (HwStore           *store,
                              SoupServerMessage *msg,
                              const char        *principal_id,
                              const char        *key,
                              const char        *fingerprint)
{
  g_autoptr(HwIdempotencyRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = hw_store_lookup_idempotency_key (store, principal_id, key, &error);
  if (record == NULL)
    {
      if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        return FALSE;

      hw_server_problem_from_error (msg, error);
      return TRUE;
    }

  if (g_strcmp0 (record->fingerprint, fingerprint) != 0)
    hw_server_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, IDEMPOTENCY_MISMATCH_MESSAGE);
  else
    _hw_server_respond_idempotent (msg, record, TRUE);

  return TRUE;
}
