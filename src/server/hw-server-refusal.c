/* hw-server-refusal.c
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
#include "hw-server-refusal-private.h"

/* A connection refused for its body size, taken over from libsoup: first the answer is
 * written (writing), then what the client still sends is read and dropped (draining). */
typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;
  GBytes       *response;
  GCancellable *cancellable;        /* this refusal's */
  GCancellable *server_cancellable; /* the server's, cancelled when it stops */
  gulong        server_cancelled_id;
  GSource      *drain_source;
  GSource      *timeout_source;
  guint64       drained;
  gboolean      writing;
} Refusal;

#define DRAIN_SECONDS 5
#define DRAIN_LIMIT   (G_GUINT64_CONSTANT (16) * 1024 * 1024)


static void
refusal_free (Refusal *refusal)
{
  g_cancellable_disconnect (refusal->server_cancellable, refusal->server_cancelled_id);
  if (refusal->drain_source != NULL)
    {
      g_source_destroy (refusal->drain_source);
      g_source_unref (refusal->drain_source);
    }
  if (refusal->timeout_source != NULL)
    {
      g_source_destroy (refusal->timeout_source);
      g_source_unref (refusal->timeout_source);
    }
  if (refusal->socket != NULL)
    g_socket_close (refusal->socket, NULL);
  g_clear_object (&refusal->socket);
  g_clear_object (&refusal->stream);
  g_clear_pointer (&refusal->response, g_bytes_unref);
  g_clear_object (&refusal->cancellable);
  g_clear_object (&refusal->server_cancellable);
  g_free (refusal);
}

static void
refusal_server_cancelled (GCancellable *server_cancellable,
                          gpointer      user_data)
{
  Refusal *refusal = user_data;

  /* Only cancels: the pending write or the drain source ends the refusal in its own
   * callback, outside this handler. */
  g_cancellable_cancel (refusal->cancellable);
}

static gboolean
refusal_timeout (gpointer user_data)
{
  Refusal *refusal = user_data;

  if (refusal->writing)
    {
      /* The write ends in refusal_written(), which frees. */
      g_cancellable_cancel (refusal->cancellable);
      return G_SOURCE_CONTINUE;
    }

  refusal_free (refusal);
  return G_SOURCE_REMOVE;
}

static gboolean
refusal_drain (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  Refusal *refusal = user_data;
  char buffer[16384];

  if (g_cancellable_is_cancelled (refusal->cancellable))
    {
      refusal_free (refusal);
      return G_SOURCE_REMOVE;
    }

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE, NULL, &error);
      if (n > 0)
        {
          refusal->drained += n;
          if (refusal->drained <= DRAIN_LIMIT)
            continue;
        }
      else if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      /* The client has closed, sent too much, or failed. */
      refusal_free (refusal);
      return G_SOURCE_REMOVE;
    }
}

static void
refusal_written (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;
  g_autoptr(GError) error = NULL;

  refusal->writing = FALSE;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error) ||
      refusal->socket == NULL || g_cancellable_is_cancelled (refusal->cancellable))
    {
      refusal_free (refusal);
      return;
    }

  /* Half-close, then read what the client still sends until it closes: closing with
   * unread data would reset the connection, and the client might lose the answer. */
  g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  refusal->drain_source = g_socket_create_source (refusal->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                                  refusal->cancellable);
  g_source_set_callback (refusal->drain_source, G_SOURCE_FUNC (refusal_drain), refusal, NULL);
  g_source_attach (refusal->drain_source, NULL);
}

/**
 * _hw_server_refusal_response:
 *
 * Returns: the whole HTTP answer, status line to body, that refuses @msg's body
 */
GBytes *
_hw_server_refusal_response (SoupServerMessage *msg,
                             guint64            max_body_bytes)
{
  g_autofree char *detail = NULL;
  g_autofree char *body = NULL;
  g_autofree char *date = NULL;
  g_autoptr(JsonNode) problem = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GString *response = g_string_new (NULL);

  detail = g_strdup_printf ("The request body is larger than the limit of %" G_GUINT64_FORMAT
                            " bytes.", max_body_bytes);
  problem = hw_server_problem_new (SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
  body = hw_server_problem_to_string (problem);
  date = soup_date_time_to_string (now, SOUP_DATE_HTTP);

  g_string_append_printf (response,
                          "HTTP/1.%c 413 Content Too Large\r\n"
                          "Date: %s\r\n"
                          "Content-Type: " HW_SERVER_PROBLEM_CONTENT_TYPE "\r\n"
                          "Content-Length: %zu\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%s",
                          soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0 ? '0' : '1',
                          date, strlen (body), body);

  return g_string_free_to_bytes (response);
}

/**
 * _hw_server_refusal_start:
 * @stream: the connection, taken over from libsoup
 * @socket: (nullable): its socket, to drain what the client still sends
 * @response: (transfer full): from _hw_server_refusal_response()
 * @server_cancellable: cancelled when the server stops; the refusal then ends at once
 *
 * Writes @response, then reads and drops what the client still sends, for a few seconds
 * and a few megabytes at most, and closes the connection. Closing at once could reset it
 * before the client has read the answer.
 */
void
_hw_server_refusal_start (GIOStream    *stream,
                          GSocket      *socket,
                          GBytes       *response,
                          GCancellable *server_cancellable)
{
  Refusal *refusal;

  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->socket = socket != NULL ? g_object_ref (socket) : NULL;
  refusal->response = response;
  refusal->cancellable = g_cancellable_new ();
  refusal->server_cancellable = g_object_ref (server_cancellable);
  refusal->server_cancelled_id = g_cancellable_connect (server_cancellable,
                                                        G_CALLBACK (refusal_server_cancelled),
                                                        refusal, NULL);
  refusal->timeout_source = g_timeout_source_new_seconds (DRAIN_SECONDS);
  g_source_set_callback (refusal->timeout_source, refusal_timeout, refusal, NULL);
  g_source_attach (refusal->timeout_source, NULL);

  refusal->writing = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (refusal->response, NULL),
                                   g_bytes_get_size (refusal->response),
                                   G_PRIORITY_DEFAULT, refusal->cancellable,
                                   refusal_written, refusal);
}
