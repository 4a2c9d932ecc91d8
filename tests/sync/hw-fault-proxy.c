/* hw-fault-proxy.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-fault-proxy"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "hw-fault-proxy.h"

/* The proxy speaks HTTP/1.1 to its clients itself, on plain sockets, because a fault
 * means doing what an HTTP server library will not do: close a connection after the
 * server answered, or promise a body and send half of it. Towards the server it uses a
 * SoupSession, one per client connection, in that connection's thread.
 *
 * Threads: one accepts, one serves each client connection (blocking I/O, with one
 * GCancellable for all of it, cancelled by hw_fault_proxy_free()). Rules and the log
 * are behind a mutex. Requests with a chunked body are not supported (libsoup sends
 * bodies with Content-Length). */

#define MAX_LINE_COUNT 200
#define MAX_BODY_SIZE  (256 * 1024 * 1024)

typedef struct
{
  char        *method;       /* nullable: any */
  char        *path_prefix;  /* nullable: any */
  guint        nth;          /* 0: every matching request */
  guint        seen;
  HwFaultKind  kind;
  guint        arg;
  gboolean     spent;
} Rule;

typedef struct
{
  char     *method;
  char     *path;
  gboolean  forwarded;
} LogEntry;

struct _HwFaultProxy
{
  GMutex        mutex;
  GCond         cond;
  char         *upstream;   /* no trailing slash */
  char         *url;
  GSocket      *listener;
  GThread      *accept_thread;
  GCancellable *cancellable;
  gboolean      stopping;
  guint         n_releases;  /* bumped by hw_fault_proxy_release_delayed() */
  guint         n_active;
  GPtrArray    *rules;      /* Rule */
  GPtrArray    *log;        /* LogEntry */
  guint         n_faults;
};

typedef struct
{
  HwFaultProxy *proxy;
  GSocket      *socket;
} Connection;

static void
rule_free (gpointer data)
{
  Rule *rule = data;

  g_free (rule->method);
  g_free (rule->path_prefix);
  g_free (rule);
}

static void
log_entry_free (gpointer data)
{
  LogEntry *entry = data;

  g_free (entry->method);
  g_free (entry->path);
  g_free (entry);
}

static gboolean
matches (const char *method,
         const char *path_prefix,
         const char *request_method,
         const char *request_path)
{
  return (method == NULL || g_ascii_strcasecmp (method, request_method) == 0) &&
         (path_prefix == NULL || g_str_has_prefix (request_path, path_prefix));
}

/* Logs the request and picks the fault for it; the log entry's index goes to
 * @out_entry, for marking it forwarded later. */
static HwFaultKind
choose (HwFaultProxy *self,
        const char   *method,
        const char   *path,
        guint        *out_arg,
        guint        *out_entry)
{
  LogEntry *entry = g_new0 (LogEntry, 1);
  HwFaultKind kind = HW_FAULT_PASS;
  gboolean chosen = FALSE;

  *out_arg = 0;
  entry->method = g_strdup (method);
  entry->path = g_strdup (path);

  g_mutex_lock (&self->mutex);
  *out_entry = self->log->len;
  g_ptr_array_add (self->log, entry);

  /* Every rule that matches counts the request, so that "the 2nd POST" means the 2nd
   * one since the rule was added, whatever other rules did to the 1st. */
  for (guint i = 0; i < self->rules->len; i++)
    {
      Rule *rule = g_ptr_array_index (self->rules, i);

      if (!matches (rule->method, rule->path_prefix, method, path))
        continue;

      rule->seen++;
      if (!chosen && !rule->spent && (rule->nth == 0 || rule->seen == rule->nth))
        {
          chosen = TRUE;
          kind = rule->kind;
          *out_arg = rule->arg;
          rule->spent = rule->nth != 0;
        }
    }

  if (kind != HW_FAULT_PASS)
    self->n_faults++;
  g_mutex_unlock (&self->mutex);

  return kind;
}

static void
mark_forwarded (HwFaultProxy *self,
                guint         index)
{
  g_mutex_lock (&self->mutex);
  ((LogEntry *) g_ptr_array_index (self->log, index))->forwarded = TRUE;
  g_mutex_unlock (&self->mutex);
}

/* Hop-by-hop headers and those the proxy sets itself. */
static gboolean
is_own_header (const char *name)
{
  static const char * const names[] = {
    "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer",
    "Transfer-Encoding", "Upgrade", "Content-Length", "Host",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (name, names[i]) == 0)
      return TRUE;

  return FALSE;
}

static void
append_header (const char *name,
               const char *value,
               gpointer    user_data)
{
  if (!is_own_header (name))
    g_string_append_printf (user_data, "%s: %s\r\n", name, value);
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  if (!is_own_header (name))
    soup_message_headers_append (user_data, name, value);
}

/* Writes a response: @body_length bytes of @body after a head that announces
 * @declared_length. */
static gboolean
write_response (HwFaultProxy       *self,
                GOutputStream      *out,
                guint               status,
                const char         *reason,
                SoupMessageHeaders *headers,
                const char         *extra_headers,
                const guint8       *body,
                gsize               body_length,
                gsize               declared_length,
                gboolean            keep_alive)
{
  g_autoptr(GString) head = g_string_new (NULL);

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);
  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n", status, reason != NULL ? reason : "Status");
  if (headers != NULL)
    soup_message_headers_foreach (headers, append_header, head);
  if (extra_headers != NULL)
    g_string_append (head, extra_headers);
  g_string_append_printf (head, "Content-Length: %" G_GSIZE_FORMAT "\r\n", declared_length);
  if (!keep_alive)
    g_string_append (head, "Connection: close\r\n");
  g_string_append (head, "\r\n");

  return g_output_stream_write_all (out, head->str, head->len, NULL, self->cancellable, NULL) &&
         g_output_stream_write_all (out, body, body_length, NULL, self->cancellable, NULL) &&
         g_output_stream_flush (out, self->cancellable, NULL);
}

static gboolean
write_problem (HwFaultProxy  *self,
               GOutputStream *out,
               guint          status,
               const char    *extra_headers,
               gboolean       keep_alive)
{
  g_autofree char *body = NULL;

  body = g_strdup_printf ("{\"type\":\"about:blank\",\"title\":\"%s\",\"status\":%u,"
                          "\"detail\":\"Injected by the fault proxy.\"}",
                          soup_status_get_phrase (status) != NULL ? soup_status_get_phrase (status)
                                                                  : "Too Many Requests",
                          status);

  return write_response (self, out, status, NULL, NULL,
                         extra_headers != NULL ? extra_headers
                                               : "Content-Type: application/problem+json\r\n",
                         (const guint8 *) body, strlen (body), strlen (body), keep_alive);
}

/* Waits @ms milliseconds, or until hw_fault_proxy_release_delayed(); returns FALSE
 * when the proxy stops first. */
static gboolean
delay (HwFaultProxy *self,
       guint         ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  gboolean stopping;
  guint n_releases;

  g_mutex_lock (&self->mutex);
  n_releases = self->n_releases;
  while (!self->stopping && self->n_releases == n_releases)
    if (!g_cond_wait_until (&self->cond, &self->mutex, end))
      break;
  stopping = self->stopping;
  g_mutex_unlock (&self->mutex);

  return !stopping;
}

/* Reads one request from @in and answers it on @out. Returns whether the connection
 * stays open for the next one. */
static gboolean
serve_one (HwFaultProxy     *self,
           SoupSession      *session,
           GDataInputStream *in,
           GOutputStream    *out)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) response_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request_line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autofree guint8 *buffer = NULL;
  g_auto(GStrv) parts = NULL;
  const guint8 *data;
  const char *connection;
  goffset content_length;
  gboolean keep_alive;
  HwFaultKind kind;
  gsize length;
  gsize n_read;
  guint arg;
  guint entry;

  request_line = g_data_input_stream_read_line (in, &length, self->cancellable, NULL);
  if (request_line == NULL)
    return FALSE;
  parts = g_strsplit (request_line, " ", 3);
  if (g_strv_length (parts) != 3 || parts[1][0] != '/')
    return FALSE;

  for (guint i = 0; ; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, &length, self->cancellable, NULL);
      g_autofree char *name = NULL;
      char *colon;

      if (line == NULL || i > MAX_LINE_COUNT)
        return FALSE;
      if (line[0] == '\0')
        break;
      if ((colon = strchr (line, ':')) == NULL)
        return FALSE;
      name = g_strndup (line, colon - line);
      soup_message_headers_append (headers, name, g_strstrip (colon + 1));
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    {
      g_warning ("The fault proxy does not read chunked request bodies");
      return FALSE;
    }
  content_length = soup_message_headers_get_content_length (headers);
  if (content_length < 0 || content_length > MAX_BODY_SIZE)
    return FALSE;
  buffer = g_malloc (MAX (content_length, 1));
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buffer, content_length, &n_read,
                                self->cancellable, NULL) ||
      n_read != (gsize) content_length)
    return FALSE;
  request_body = g_bytes_new_take (g_steal_pointer (&buffer), content_length);

  connection = soup_message_headers_get_list (headers, "Connection");
  keep_alive = g_str_equal (parts[2], "HTTP/1.1") &&
               (connection == NULL || !soup_header_contains (connection, "close"));

  path = g_strndup (parts[1], strcspn (parts[1], "?"));
  kind = choose (self, parts[0], path, &arg, &entry);

  switch (kind)
    {
    case HW_FAULT_DROP:
      return FALSE;

    case HW_FAULT_STATUS_500:
      return write_problem (self, out, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL, keep_alive) &&
             keep_alive;

    case HW_FAULT_STATUS_404:
      return write_problem (self, out, SOUP_STATUS_NOT_FOUND, NULL, keep_alive) && keep_alive;

    case HW_FAULT_STATUS_429:
      {
        g_autofree char *extra = g_strdup_printf ("Content-Type: application/problem+json\r\n"
                                                  "Retry-After: %u\r\n", arg);

        return write_problem (self, out, 429, extra, keep_alive) && keep_alive;
      }

    case HW_FAULT_PASS:
    case HW_FAULT_DROP_AFTER_UPSTREAM:
    case HW_FAULT_TRUNCATE_BODY:
    case HW_FAULT_CORRUPT_JSON:
    case HW_FAULT_DELAY:
    default:
      break;
    }

  url = g_strconcat (self->upstream, parts[1], NULL);
  if ((message = soup_message_new (parts[0], url)) == NULL)
    return write_problem (self, out, SOUP_STATUS_BAD_REQUEST, NULL, FALSE) && FALSE;
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_foreach (headers, copy_header, soup_message_get_request_headers (message));
  if (content_length > 0 ||
      g_str_equal (parts[0], "POST") || g_str_equal (parts[0], "PUT") ||
      g_str_equal (parts[0], "PATCH"))
    soup_message_set_request_body_from_bytes (message, NULL, request_body);

  response_body = soup_session_send_and_read (session, message, self->cancellable, &error);
  if (response_body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return FALSE;
      /* The server is gone: a client sees that as a refused or dropped connection. */
      g_debug ("Upstream failed: %s", error->message);
      return FALSE;
    }
  mark_forwarded (self, entry);

  data = g_bytes_get_data (response_body, &length);

  switch (kind)
    {
    case HW_FAULT_DROP_AFTER_UPSTREAM:
      return FALSE;

    case HW_FAULT_TRUNCATE_BODY:
      write_response (self, out, soup_message_get_status (message),
                      soup_message_get_reason_phrase (message),
                      soup_message_get_response_headers (message), NULL,
                      data, length / 2, MAX (length, 1), FALSE);
      return FALSE;

    case HW_FAULT_CORRUPT_JSON:
      {
        g_autoptr(GByteArray) corrupt = g_byte_array_new ();

        g_byte_array_append (corrupt, data, length / 2);
        g_byte_array_append (corrupt, (const guint8 *) "}{]", 3);
        return write_response (self, out, soup_message_get_status (message),
                               soup_message_get_reason_phrase (message),
                               soup_message_get_response_headers (message), NULL,
                               corrupt->data, corrupt->len, corrupt->len, keep_alive) &&
               keep_alive;
      }

    case HW_FAULT_DELAY:
      if (!delay (self, arg))
        return FALSE;
      G_GNUC_FALLTHROUGH;

    case HW_FAULT_PASS:
    case HW_FAULT_DROP:
    case HW_FAULT_STATUS_500:
    case HW_FAULT_STATUS_404:
    case HW_FAULT_STATUS_429:
    default:
      return write_response (self, out, soup_message_get_status (message),
                             soup_message_get_reason_phrase (message),
                             soup_message_get_response_headers (message), NULL,
                             data, length, length, keep_alive) &&
             keep_alive;
    }
}

static gpointer
connection_thread (gpointer data)
{
  Connection *connection = data;
  HwFaultProxy *self = connection->proxy;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(SoupSession) session = NULL;
  GOutputStream *out;

  stream = g_socket_connection_factory_create_connection (connection->socket);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (stream)));
  out = g_io_stream_get_output_stream (G_IO_STREAM (stream));

  /* Straight to the server, whatever proxy the environment names, and the body passed
   * on as the server sent it, compressed or not. */
  session = soup_session_new_with_options ("proxy-resolver", NULL, NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  while (serve_one (self, session, in, out))
    ;

  soup_session_abort (session);
  g_clear_object (&session);
  g_io_stream_close (G_IO_STREAM (stream), NULL, NULL);
  g_object_unref (connection->socket);
  g_free (connection);

  g_mutex_lock (&self->mutex);
  self->n_active--;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  HwFaultProxy *self = data;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      Connection *connection;
      GSocket *socket;

      if (!(socket = g_socket_accept (self->listener, self->cancellable, &error)))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            break;
          g_debug ("accept: %s", error->message);
          continue;
        }

      connection = g_new0 (Connection, 1);
      connection->proxy = self;
      connection->socket = socket;

      g_mutex_lock (&self->mutex);
      self->n_active++;
      g_mutex_unlock (&self->mutex);

      g_thread_unref (g_thread_new ("hw-fault-conn", connection_thread, connection));
    }

  return NULL;
}

/**
 * hw_fault_proxy_new:
 * @upstream_url: the server's address, such as "http://127.0.0.1:1234"
 *
 * Starts a proxy on 127.0.0.1 in front of @upstream_url, passing everything on.
 *
 * Returns: (transfer full): the proxy; free it with hw_fault_proxy_free()
 */
HwFaultProxy *
hw_fault_proxy_new (const char *upstream_url)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  HwFaultProxy *self;
  gsize length;

  g_return_val_if_fail (upstream_url != NULL, NULL);

  self = g_new0 (HwFaultProxy, 1);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  length = strlen (upstream_url);
  while (length > 0 && upstream_url[length - 1] == '/')
    length--;
  self->upstream = g_strndup (upstream_url, length);
  self->cancellable = g_cancellable_new ();
  self->rules = g_ptr_array_new_with_free_func (rule_free);
  self->log = g_ptr_array_new_with_free_func (log_entry_free);

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (self->listener, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (self->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (self->listener, &error);
  g_assert_no_error (error);
  self->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  self->accept_thread = g_thread_new ("hw-fault-accept", accept_thread, self);

  return self;
}

/**
 * hw_fault_proxy_free:
 * @self: a proxy
 *
 * Stops the proxy: open connections are closed and delayed answers dropped.
 */
void
hw_fault_proxy_free (HwFaultProxy *self)
{
  if (self == NULL)
    return;

  /* Cancelled first: a held answer must not be written once its delay is cut short. */
  g_cancellable_cancel (self->cancellable);

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  g_thread_join (self->accept_thread);

  g_mutex_lock (&self->mutex);
  while (self->n_active > 0)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_object_unref (self->cancellable);
  g_ptr_array_unref (self->rules);
  g_ptr_array_unref (self->log);
  g_free (self->upstream);
  g_free (self->url);
  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  g_free (self);
}

/**
 * hw_fault_proxy_get_url:
 * @self: a proxy
 *
 * Returns: the proxy's address, "http://127.0.0.1:PORT", to use instead of the server's
 */
const char *
hw_fault_proxy_get_url (HwFaultProxy *self)
{
  return self->url;
}

/**
 * hw_fault_proxy_add_rule:
 * @self: a proxy
 * @method: (nullable): the request method, or %NULL for any
 * @path_prefix: (nullable): what the request path starts with (without the query), or
 *   %NULL for any
 * @nth: apply to the @nth matching request from now on (1 is the next), once; or 0 to
 *   every matching request
 * @kind: the fault
 * @arg: Retry-After seconds for %HW_FAULT_STATUS_429, milliseconds for
 *   %HW_FAULT_DELAY; otherwise ignored
 *
 * Adds a rule after the others. The first rule that applies to a request decides; a
 * request no rule applies to passes.
 */
void
hw_fault_proxy_add_rule (HwFaultProxy *self,
                         const char   *method,
                         const char   *path_prefix,
                         guint         nth,
                         HwFaultKind   kind,
                         guint         arg)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->method = g_strdup (method);
  rule->path_prefix = g_strdup (path_prefix);
  rule->nth = nth;
  rule->kind = kind;
  rule->arg = arg;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->rules, rule);
  g_mutex_unlock (&self->mutex);
}

/**
 * hw_fault_proxy_release_delayed:
 * @self: a proxy
 *
 * Sends the answers held back by %HW_FAULT_DELAY now, so that a test can hold an
 * answer as long as it likes (a long delay) and decide when it arrives.
 */
void
hw_fault_proxy_release_delayed (HwFaultProxy *self)
{
  g_mutex_lock (&self->mutex);
  self->n_releases++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
hw_fault_proxy_clear_rules (HwFaultProxy *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->rules, 0);
  g_mutex_unlock (&self->mutex);
}

static guint
count (HwFaultProxy *self,
       const char   *method,
       const char   *path_prefix,
       gboolean      forwarded_only)
{
  guint n = 0;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    {
      LogEntry *entry = g_ptr_array_index (self->log, i);

      if (matches (method, path_prefix, entry->method, entry->path) &&
          (!forwarded_only || entry->forwarded))
        n++;
    }
  g_mutex_unlock (&self->mutex);

  return n;
}

/**
 * hw_fault_proxy_get_n_requests:
 * @self: a proxy
 * @method: (nullable): a method, or %NULL for any
 * @path_prefix: (nullable): a path prefix, or %NULL for any
 *
 * Returns: how many matching requests the proxy has read
 */
guint
hw_fault_proxy_get_n_requests (HwFaultProxy *self,
                               const char   *method,
                               const char   *path_prefix)
{
  return count (self, method, path_prefix, FALSE);
}

/**
 * hw_fault_proxy_get_n_forwarded:
 * @self: a proxy
 * @method: (nullable): a method, or %NULL for any
 * @path_prefix: (nullable): a path prefix, or %NULL for any
 *
 * Returns: how many matching requests the server has answered
 */
guint
hw_fault_proxy_get_n_forwarded (HwFaultProxy *self,
                                const char   *method,
                                const char   *path_prefix)
{
  return count (self, method, path_prefix, TRUE);
}

/**
 * hw_fault_proxy_get_n_faults:
 * @self: a proxy
 *
 * Returns: how many requests got a fault other than %HW_FAULT_PASS
 */
guint
hw_fault_proxy_get_n_faults (HwFaultProxy *self)
{
  guint n;

  g_mutex_lock (&self->mutex);
  n = self->n_faults;
  g_mutex_unlock (&self->mutex);

  return n;
}
