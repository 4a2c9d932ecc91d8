/* hw-sync-error.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-error"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "hw-sync-error.h"

G_DEFINE_QUARK (hw-sync-error-quark, hw_sync_error)

/**
 * hw_sync_error_new_for_status:
 * @status: an HTTP status code that is not a success
 * @reason: (nullable): the reason phrase the server sent
 *
 * Maps an HTTP status to a %HW_SYNC_ERROR with a message in words.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
hw_sync_error_new_for_status (guint       status,
                              const char *reason)
{
  g_autofree char *detail = NULL;

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  if (reason != NULL && reason[0] != '\0')
    detail = g_strdup_printf ("HTTP %u %s", status, reason);
  else
    detail = g_strdup_printf ("HTTP %u", status);

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_UNAUTHORIZED,
                          /* Translators: %s is a detail such as "HTTP 401 Unauthorized" */
                          _("The server did not accept the sign-in (%s)"),
                          detail);

    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_UNAUTHORIZED,
                          /* Translators: %s is a detail such as "HTTP 403 Forbidden" */
                          _("The server refused access (%s)"),
                          detail);

    case SOUP_STATUS_REQUEST_TIMEOUT:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_TIMEOUT,
                          /* Translators: %s is a detail such as "HTTP 504 Gateway Timeout" */
                          _("The server did not answer in time (%s)"),
                          detail);

    case 429: /* Too Many Requests, not named in libsoup 3.2 */
      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER,
                          /* Translators: %s is a detail such as "HTTP 429 Too Many Requests" */
                          _("The server is busy, try again later (%s)"),
                          detail);

    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER,
                          /* Translators: %s is a detail such as "HTTP 503 Service Unavailable" */
                          _("The server is temporarily unavailable (%s)"),
                          detail);

    default:
      if (SOUP_STATUS_IS_SERVER_ERROR (status))
        return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER,
                            /* Translators: %s is a detail such as "HTTP 500" */
                            _("The server ran into a problem (%s)"),
                            detail);

      return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
                          /* Translators: %s is a detail such as "HTTP 404 Not Found" */
                          _("The server answered with an unexpected response (%s)"),
                          detail);
    }
}

/**
 * hw_sync_error_new_for_io:
 * @error: an error from libsoup or GIO while sending a request or reading the answer
 *
 * Maps a transport error to a %HW_SYNC_ERROR with a message in words. The
 * original message is kept as detail.
 *
 * Returns: (transfer full): a new #GError
 */
GError *
hw_sync_error_new_for_io (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == HW_SYNC_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                                _("The request was cancelled"));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_TIMEOUT,
                        /* Translators: %s is a technical detail from the network library */
                        _("The server did not answer in time (%s)"),
                        error->message);

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK,
                        /* Translators: %s is a technical detail from the network library */
                        _("The server could not be found (%s)"),
                        error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_TLS,
                        /* Translators: %s is a technical detail from the network library */
                        _("No secure connection to the server could be made (%s)"),
                        error->message);

  if (error->domain == SOUP_SESSION_ERROR)
    return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
                        /* Translators: %s is a technical detail from the network library */
                        _("The server answered with an unexpected response (%s)"),
                        error->message);

  return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK,
                      /* Translators: %s is a technical detail from the network library */
                      _("The server could not be reached (%s)"),
                      error->message);
}
