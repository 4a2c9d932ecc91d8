/* hw-server-response.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include "hw-server-response.h"

/* Answers @msg with @body (taken) as application/json. Answers hold staff data, tokens
 * or the state of the moment: nothing on the way may keep a copy. */
static void
respond_body (SoupServerMessage *msg,
              guint              status,
              char              *body,
              gsize              length)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

/**
 * hw_server_respond_json:
 * @node: the document to answer with; not taken
 *
 * Answers @msg with @status and @node as application/json. Answers hold staff data,
 * tokens or the state of the moment: nothing on the way may keep a copy.
 */
void
hw_server_respond_json (SoupServerMessage *msg,
                        guint              status,
                        JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *body;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (node != NULL);

  json_generator_set_root (generator, node);
  body = json_generator_to_data (generator, &length);

  respond_body (msg, status, body, length);
}

/**
 * hw_server_respond_json_text:
 * @text: (transfer full): a JSON document as text, written directly (see
 *   hw_entity_write_json())
 *
 * Answers @msg as hw_server_respond_json() does, with a document already written.
 */
void
hw_server_respond_json_text (SoupServerMessage *msg,
                             guint              status,
                             GString           *text)
{
  gsize length;
  char *body;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (text != NULL);

  length = text->len;
  body = g_string_free (text, FALSE);
  respond_body (msg, status, body, length);
}

/**
 * hw_server_respond_json_bytes:
 * @bytes: a JSON document as text; not taken (a reference is)
 *
 * Answers @msg as hw_server_respond_json() does, with a document kept for answering
 * again (the channel's page cache).
 */
void
hw_server_respond_json_bytes (SoupServerMessage *msg,
                              guint              status,
                              GBytes            *bytes)
{
  SoupMessageBody *body;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (bytes != NULL);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "application/json", NULL);
  soup_server_message_set_status (msg, status, NULL);
  body = soup_server_message_get_response_body (msg);
  soup_message_body_truncate (body);
  soup_message_body_append_bytes (body, bytes);
}

