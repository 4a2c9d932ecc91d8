/* hw-error-text.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-error-text"

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-error-text.h"

/**
 * hw_error_describe:
 *
 * The store names the field at the start of its messages ("options: the option “A” is
 * given twice") for logs and the API. Shown next to that field, the name is noise:
 * this drops it and makes the rest a sentence.
 *
 * Returns: (transfer full): the message to show
 */
char *
hw_error_describe (const GError *error)
{
  const char *field = hw_core_error_get_field (error);
  const char *message = error->message;
  GString *text;
  gsize len;

  if (field != NULL && g_str_has_prefix (message, field) &&
      strncmp (message + strlen (field), ": ", 2) == 0)
    message += strlen (field) + 2;

  text = g_string_new (NULL);
  if (*message != '\0')
    {
      g_string_append_unichar (text, g_unichar_toupper (g_utf8_get_char (message)));
      g_string_append (text, g_utf8_next_char (message));
    }

  len = text->len;
  if (len > 0 && !strchr (".!?", text->str[len - 1]))
    g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}
