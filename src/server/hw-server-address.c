/* hw-server-address.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-server.h"

/* The listen address of `serve --listen` and the configuration file: host and port, an
 * IPv6 host in brackets. */

/**
 * hw_server_parse_listen_address:
 * @text: "HOST:PORT" with HOST an IPv4 address or "localhost", or "[IPV6]:PORT"; port 0
 *   lets the system pick a free port
 *
 * Returns: (transfer full): the address, or %NULL with @error set
 *   (%G_IO_ERROR_INVALID_ARGUMENT)
 */
GSocketAddress *
hw_server_parse_listen_address (const char  *text,
                                GError     **error)
{
  g_autofree char *host = NULL;
  const char *port_text;
  GSocketAddress *address;
  guint64 port = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (text[0] == '[')
    {
      const char *end = strchr (text, ']');

      if (end == NULL || end[1] != ':')
        goto invalid;
      host = g_strndup (text + 1, end - text - 1);
      port_text = end + 2;
    }
  else
    {
      const char *colon = strrchr (text, ':');

      if (colon == NULL)
        goto invalid;
      if (memchr (text, ':', colon - text) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "'%s' is not a listen address: write an IPv6 address in brackets, "
                       "such as [::1]:8080", text);
          return NULL;
        }
      host = g_strndup (text, colon - text);
      port_text = colon + 1;
    }

  if (host[0] == '\0' || port_text[0] == '\0' || strlen (port_text) > 5 ||
      !g_ascii_string_to_unsigned (port_text, 10, 0, G_MAXUINT16, &port, NULL))
    goto invalid;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }

  address = g_inet_socket_address_new_from_string (host, (guint) port);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "'%s' is not a listen address: '%s' is not an IP address", text, host);
      return NULL;
    }

  return address;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "'%s' is not a listen address such as 127.0.0.1:8080, 0.0.0.0:8080 or "
               "[::1]:8080 (port 0 picks a free port)", text);
  return NULL;
}
