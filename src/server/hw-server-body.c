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

#include "hw-server-body.h"
#include "hw-server-problem.h"

/* The JSON request bodies: what json-glib would read without complaint
 * but not as sent (a NUL cutting a string short, an integer wrapped around) is refused
 * before it is decoded. */

static const char NOT_JSON[] = "is not a JSON document in UTF-8 without NUL characters";
static const char HUGE_INTEGER[] = "has an integer beyond the 64-bit range";

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
 * hw_server_parse_json_with:
 * @parser: the parser to use, so that a caller parsing many documents (the lines of an
 *   NDJSON body) makes one
 * @data: JSON text
 * @size: its length in bytes
 * @out_reason: (out) (optional): why it was refused, a phrase that follows "the body"
 *
 * Parses @data when it is a JSON document that decodes to what was sent: UTF-8, no NUL
 * characters, integers within 64 bits.
 *
 * Returns: (transfer full) (nullable): the document, taken from @parser, or %NULL
 */
JsonNode *
hw_server_parse_json_with (JsonParser  *parser,
                           const char  *data,
                           gsize        size,
                           const char **out_reason)
{
  JsonNode *root;

  if (size == 0 || !g_utf8_validate (data, size, NULL) || has_nul_escape (data, size) ||
      !json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_steal_root (parser)) == NULL)
    {
      if (out_reason != NULL)
        *out_reason = NOT_JSON;
      return NULL;
    }

  if (has_huge_integer (data, size))
    {
      json_node_unref (root);
      if (out_reason != NULL)
        *out_reason = HUGE_INTEGER;
      return NULL;
    }

  return root;
}

/**
 * hw_server_parse_json:
 *
 * Parses one document as hw_server_parse_json_with() does, with a parser of its own.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL
 */
JsonNode *
hw_server_parse_json (const char  *data,
                      gsize        size,
                      const char **out_reason)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return hw_server_parse_json_with (parser, data, size, out_reason);
}

/**
 * hw_server_body_json:
 * @msg: a request whose body has been read in full
 * @object_only: whether only a JSON object will do
 * @detail: (nullable): what the body must be, told to the client when it is not
 *
 * Returns: (transfer full) (nullable): the request body as a JSON document, or %NULL
 *   when it is none (or no object) and @msg has been answered 400
 */
JsonNode *
hw_server_body_json (SoupServerMessage *msg,
                     gboolean           object_only,
                     const char        *detail)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) root = NULL;
  const char *reason = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  root = hw_server_parse_json (data, size, &reason);
  if (root == NULL || (object_only && !JSON_NODE_HOLDS_OBJECT (root)))
    {
      g_autofree char *text = NULL;

      /* A number out of range is told as such: the body is JSON, only not faithfully. */
      if (root == NULL && (detail == NULL || reason == HUGE_INTEGER))
        detail = text = g_strdup_printf ("The request body %s.", reason);
      else if (detail == NULL)
        detail = "The request body must be a JSON object.";
      hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, detail);
      return NULL;
    }

  return g_steal_pointer (&root);
}
