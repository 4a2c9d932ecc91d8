/* hw-server-log.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw-entity.h"
#include "hw-server-log.h"

/* The server's log: one logfmt line per event on stderr,
 *
 *   ts=2026-03-01T08:00:00.123Z level=info method=GET path=/api/v1/health status=200 ...
 *
 * Values that a client chooses (paths, addresses) are quoted and escaped, so that no request
 * can forge or split a line. Callers never pass header values or bodies. */

static const char *
level_name (GLogLevelFlags level)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return "error";
  if (level & G_LOG_LEVEL_WARNING)
    return "warn";
  if (level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO))
    return "info";

  return "debug";
}

static gboolean
needs_quotes (const char *value)
{
  if (value[0] == '\0')
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f)
        return TRUE;
    }

  return FALSE;
}

/**
 * hw_server_log_append_pair:
 * @line: the line being built
 * @key: a key of plain ASCII letters, digits and underscores
 * @value: (nullable): any text; invalid UTF-8 is replaced, control characters escaped
 *
 * Appends " key=value" to @line, quoting and escaping @value as logfmt requires.
 */
void
hw_server_log_append_pair (GString    *line,
                           const char *key,
                           const char *value)
{
  g_autofree char *valid = NULL;

  if (value == NULL)
    value = "";

  if (!g_utf8_validate (value, -1, NULL))
    value = valid = g_utf8_make_valid (value, -1);

  if (line->len > 0)
    g_string_append_c (line, ' ');
  g_string_append (line, key);
  g_string_append_c (line, '=');

  if (!needs_quotes (value))
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (line, "\\\"");
          break;
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        case '\r':
          g_string_append (line, "\\r");
          break;
        case '\t':
          g_string_append (line, "\\t");
          break;
        default:
          if (c < ' ' || c == 0x7f)
            g_string_append_printf (line, "\\x%02x", c);
          else
            g_string_append_c (line, (char) c);
          break;
        }
    }
  g_string_append_c (line, '"');
}

static void
begin_line (GString        *line,
            GLogLevelFlags  level)
{
  gint64 now = g_get_real_time ();
  gint64 ms = now / 1000 % 1000;
  char stamp[HW_TIME_FORMAT_SIZE];
  gsize length;

  /* Whole seconds ("…T08:00:00Z"), then the milliseconds before the Z. */
  hw_time_format_into (now - now % G_USEC_PER_SEC, stamp);
  length = strlen (stamp);
  g_string_append (line, "ts=");
  g_string_append_len (line, stamp, length - 1);
  g_string_append_printf (line, ".%03dZ", (int) ms);
  hw_server_log_append_pair (line, "level", level_name (level));
}

/* Info lines (one per request) are gathered and written together: a write per request
 * was an eighth of the cost of a small GET. Whole lines only, at most PIPE_BUF bytes per
 * write, so that lines of concurrent writers to one pipe never interleave. The buffer is
 * written when full, at the latest FLUSH_DELAY_MS after its first line, before any
 * warning or error (which are written at once, in order), and at exit. */
#define BUFFER_BYTES   4096
#define FLUSH_DELAY_MS 100

static GMutex buffer_lock;
static GString *buffer;
static guint flush_source;
static gboolean flush_at_exit;

static void
write_out (const char *data,
           gsize       length)
{
  fwrite (data, 1, length, stderr);
  fflush (stderr);
}

/* With buffer_lock held. */
static void
buffer_flush_locked (void)
{
  if (buffer != NULL && buffer->len > 0)
    {
      write_out (buffer->str, buffer->len);
      g_string_truncate (buffer, 0);
    }
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  g_mutex_lock (&buffer_lock);
  flush_source = 0;
  buffer_flush_locked ();
  g_mutex_unlock (&buffer_lock);

  return G_SOURCE_REMOVE;
}

static void
flush_at_exit_cb (void)
{
  hw_server_log_flush ();
}

/**
 * hw_server_log_flush:
 *
 * Writes the info lines still buffered. Called at shutdown; also done at exit.
 */
void
hw_server_log_flush (void)
{
  g_mutex_lock (&buffer_lock);
  buffer_flush_locked ();
  g_mutex_unlock (&buffer_lock);
}

static void
write_line (GString        *line,
            GLogLevelFlags  level)
{
  g_string_append_c (line, '\n');

  g_mutex_lock (&buffer_lock);

  if (!(level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG)) || line->len > BUFFER_BYTES)
    {
      buffer_flush_locked ();
      write_out (line->str, line->len);
      g_mutex_unlock (&buffer_lock);
      return;
    }

  if (buffer == NULL)
    buffer = g_string_sized_new (BUFFER_BYTES);
  if (!flush_at_exit)
    {
      atexit (flush_at_exit_cb);
      flush_at_exit = TRUE;
    }
  if (buffer->len + line->len > BUFFER_BYTES)
    buffer_flush_locked ();
  g_string_append_len (buffer, line->str, line->len);
  if (flush_source == 0)
    flush_source = g_timeout_add (FLUSH_DELAY_MS, flush_timeout_cb, NULL);

  g_mutex_unlock (&buffer_lock);
}

/**
 * hw_server_log:
 * @level: the level of the event
 * @message: (nullable): what happened, e.g. "listening"; %NULL for request lines
 * @first_key: (nullable): the first key, followed by its value and further pairs, then %NULL
 *
 * Writes one logfmt line to stderr.
 */
void
hw_server_log (GLogLevelFlags  level,
               const char     *message,
               const char     *first_key,
               ...)
{
  g_autoptr(GString) line = g_string_new (NULL);
  va_list args;

  begin_line (line, level);
  if (message != NULL)
    hw_server_log_append_pair (line, "msg", message);

  va_start (args, first_key);
  for (const char *key = first_key; key != NULL; key = va_arg (args, const char *))
    hw_server_log_append_pair (line, key, va_arg (args, const char *));
  va_end (args);

  write_line (line, level);
}

/**
 * hw_server_log_writer:
 *
 * A #GLogWriterFunc that writes GLib's log messages (g_warning() and friends) in the same
 * logfmt form as the server's own lines. Debug messages follow G_MESSAGES_DEBUG.
 */
GLogWriterOutput
hw_server_log_writer (GLogLevelFlags   log_level,
                      const GLogField *fields,
                      gsize            n_fields,
                      gpointer         user_data)
{
  g_autoptr(GString) line = NULL;
  const char *message = NULL;
  const char *domain = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length != -1)
        continue;
      if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
      else if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
    }

  if (g_log_writer_default_would_drop (log_level, domain))
    return G_LOG_WRITER_HANDLED;

  line = g_string_new (NULL);
  begin_line (line, log_level);
  hw_server_log_append_pair (line, "msg", message);
  if (domain != NULL)
    hw_server_log_append_pair (line, "domain", domain);
  write_line (line, log_level);

  return G_LOG_WRITER_HANDLED;
}
