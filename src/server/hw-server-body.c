/* hw-server-body.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-server-problem.h"
#include "hw-server-resources-private.h"

/* The JSON bodies of the staff resources: what json-glib would read without complaint
 * but not as sent (a NUL cutting a string short, an integer wrapped around) is refused
 * before it is decoded. */

/* Whether the JSON text @data escapes a NUL character. A decoded string ends at its
 * first NUL, so a value holding one would be stored cut short: refuse it instead. Outside
 * strings JSON has no backslashes, so escapes can be found without tracking strings. */
static gboolean
has_nul_escape (const char *data,
                gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    {
      if (data[i] != '\\')
        continue;

      if (data[i + 1] == 'u' && i + 5 < size && strncmp (data + i + 2, "0000", 4) == 0)
        return TRUE;
      i++; /* the escaped character, which may be another backslash */
    }

  return FALSE;
}

/* Whether the JSON text @data has an integer outside the range of gint64. json-glib reads
 * one without complaint as a wrapped-around value (99999999999999999999 becomes -1), so it
 * would be stored as a number nobody sent: refuse it instead. Numbers with a fraction or
 * an exponent are doubles and come out as such. */
static gboolean
has_huge_integer (const char *data,
                  gsize       size)
{
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      gsize start, end;

      if (in_string)
        {
          if (data[i] == '\\')
            i++;
          else if (data[i] == '"')
            in_string = FALSE;
          continue;
        }

      if (data[i] == '"')
        {
          in_string = TRUE;
          continue;
        }
      if (data[i] != '-' && !g_ascii_isdigit (data[i]))
        continue;

      start = i;
      end = data[i] == '-' ? i + 1 : i;
      while (end < size && g_ascii_isdigit (data[end]))
        end++;
      i = end;
      if (end < size && (data[end] == '.' || data[end] == 'e' || data[end] == 'E'))
        {
          /* A double: skip the rest of it. */
          while (i < size && (g_ascii_isdigit (data[i]) || strchr (".eE+-", data[i]) != NULL))
            i++;
          i--;
          continue;
        }
      i--;

      {
        g_autofree char *number = g_strndup (data + start, end - start);

        if (!g_ascii_string_to_signed (number, 10, G_MININT64, G_MAXINT64, NULL, NULL))
          return TRUE;
      }
    }

  return FALSE;
}

/**
 * _hw_server_body_json:
 * @msg: a request whose body has been read in full
 *
 * Returns: (transfer full) (nullable): the request body as a JSON document, or %NULL
 *   when it is none and @msg has been answered 400
 */
JsonNode *
_hw_server_body_json (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  if (size == 0 || !g_utf8_validate (data, size, NULL) || has_nul_escape (data, size) ||
      !json_parser_load_from_data (parser, data, size, &error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST,
                         "The request body must be a JSON document in UTF-8, "
                         "without NUL characters.");
      return NULL;
    }

  if (has_huge_integer (data, size))
    {
      hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST,
                         "The request body has an integer beyond the 64-bit range.");
      return NULL;
    }

  return json_node_copy (root);
}
