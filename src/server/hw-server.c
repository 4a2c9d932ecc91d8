/* hw-server.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-core-error.h"
#include "hw-server.h"
#include "hw-server-auth-private.h"
#include "hw-server-channel-private.h"
#include "hw-server-erp.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-refusal-private.h"
#include "hw-server-resources.h"
#include "hw-server-router.h"
#include "hw-server-rules.h"
#include "hw-server-snapshot-private.h"

/**
 * HwServer:
 *
 * The HTTP API of heartwork-one-server over one #HwStore: a #SoupServer, the router of
 * `/api/v1`, the request-body cap, the request log and graceful shutdown.
 *
 * Every request is logged as one logfmt line when it ends. Bodies larger than
 * #HwServer:max-body-bytes are refused with 413 as soon as that is known: from the
 * Content-Length before any of the body is read, or while reading a chunked body. Such a
 * connection is taken over from libsoup, answered, and closed after draining what the
 * client still sends (for a few seconds at most), so that the client can read the answer.
 *
 * hw_server_shutdown() stops accepting connections, lets the requests in flight finish
 * (answering them with "Connection: close"), then drops idle keep-alive connections and
 * emits #HwServer::stopped.
 */
struct _HwServer
{
  GObject          parent_instance;

  HwStore         *store;
  SoupServer      *soup;
  HwServerRouter  *router;
  HwServerAuth    *auth;
  GTlsCertificate *tls_certificate;
  char            *api_dir;
  guint64          max_body_bytes;
  GPtrArray       *urls;

  GHashTable      *requests;    /* SoupServerMessage → Request: the requests in flight */
  GCancellable    *cancellable; /* cancels the drains of refused connections */

  guint            shutdown_timeout_id;
  guint            finish_idle_id;
  guint            shutting_down : 1;
  guint            stopped : 1;
};

typedef struct
{
  SoupServerMessage *msg;
  gint64             started;
  char              *method;
  char              *path;
  char              *remote;
  guint64            body_bytes;
  gboolean           refused;
} Request;

enum
{
  PROP_0,
  PROP_STORE,
  PROP_MAX_BODY_BYTES,
  PROP_API_DIR,
  PROP_TLS_CERTIFICATE,
  PROP_IN_FLIGHT,
  PROP_URL,
  PROP_N_PROPS
};

enum
{
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[PROP_N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HwServer, hw_server, G_TYPE_OBJECT)

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->msg);
  g_free (request->method);
  g_free (request->path);
  g_free (request->remote);
  g_free (request);
}

static void
log_request (Request    *request,
             guint       status,
             const char *outcome)
{
  char duration[G_ASCII_DTOSTR_BUF_SIZE];
  char status_text[16];
  double ms = (g_get_monotonic_time () - request->started) / 1000.0;

  /* ASCII formatting: the log reads the same in every locale. */
  g_ascii_formatd (duration, sizeof duration, "%.1f", ms);
  g_snprintf (status_text, sizeof status_text, "%u", status);

  if (outcome == NULL)
    hw_server_log (G_LOG_LEVEL_INFO, NULL,
                   "method", request->method,
                   "path", request->path,
                   "status", status_text,
                   "duration_ms", duration,
                   "remote", request->remote,
                   NULL);
  else
    hw_server_log (G_LOG_LEVEL_WARNING, NULL,
                   "method", request->method,
                   "path", request->path,
                   "status", status_text,
                   "duration_ms", duration,
                   "remote", request->remote,
                   "outcome", outcome,
                   NULL);
}

/* Shutdown */

static void
finish_stop (HwServer *self)
{
  if (self->stopped)
    return;

  self->stopped = TRUE;
  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  g_clear_handle_id (&self->finish_idle_id, g_source_remove);

  /* Drops idle keep-alive connections, and whatever is still in flight. */
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_cancellable_cancel (self->cancellable);

  g_signal_emit (self, signals[STOPPED], 0);
}

static gboolean
finish_idle (gpointer user_data)
{
  HwServer *self = user_data;

  self->finish_idle_id = 0;
  finish_stop (self);

  return G_SOURCE_REMOVE;
}

static void
check_drained (HwServer *self)
{
  /* Not from within libsoup's signal emissions: disconnecting there pulls the connection
   * out from under the code that emits. */
  if (self->shutting_down && !self->stopped && self->finish_idle_id == 0 &&
      g_hash_table_size (self->requests) == 0)
    self->finish_idle_id = g_idle_add (finish_idle, self);
}

static gboolean
shutdown_timeout (gpointer user_data)
{
  HwServer *self = user_data;
  char in_flight[16];

  self->shutdown_timeout_id = 0;

  g_snprintf (in_flight, sizeof in_flight, "%u", g_hash_table_size (self->requests));
  hw_server_log (G_LOG_LEVEL_WARNING, "shutdown grace period over; dropping requests",
                 "in_flight", in_flight,
                 NULL);
  finish_stop (self);

  return G_SOURCE_REMOVE;
}

/* Request tracking */

static void
request_done (HwServer          *self,
              SoupServerMessage *msg,
              const char        *outcome)
{
  Request *request = g_hash_table_lookup (self->requests, msg);

  if (request == NULL)
    {
      /* Requests libsoup refused before their headers were complete (a malformed request
       * line, headers too large) are logged as well, if they got as far as a method. */
      if (outcome == NULL && soup_server_message_get_method (msg) != NULL)
        {
          GUri *uri = soup_server_message_get_uri (msg);
          Request unparsed = {
            .msg = msg,
            .started = g_get_monotonic_time (),
            .method = (char *) soup_server_message_get_method (msg),
            .path = (char *) (uri != NULL ? g_uri_get_path (uri) : ""),
            .remote = (char *) soup_server_message_get_remote_host (msg),
          };

          log_request (&unparsed, soup_server_message_get_status (msg), NULL);
        }
      return;
    }

  log_request (request, soup_server_message_get_status (msg), outcome);
  g_hash_table_remove (self->requests, msg);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
  check_drained (self);
}

static void
on_request_finished (SoupServer        *soup,
                     SoupServerMessage *msg,
                     HwServer          *self)
{
  request_done (self, msg, NULL);
}

static void
on_request_aborted (SoupServer        *soup,
                    SoupServerMessage *msg,
                    HwServer          *self)
{
  request_done (self, msg, "aborted");
}

static void
on_message_disconnected (SoupServerMessage *msg,
                         HwServer          *self)
{
  request_done (self, msg, "disconnected");
}

/* Refusing bodies over the cap */

static void
refuse_body (HwServer *self,
             Request  *request)
{
  g_autoptr(SoupServerMessage) msg = g_object_ref (request->msg);
  g_autoptr(GBytes) response = NULL;
  GIOStream *stream;
  GSocket *socket;

  if (soup_server_message_get_http_version (msg) > SOUP_HTTP_1_1)
    {
      /* HTTP/2 streams cannot be taken over: answer once the body is in, keeping none
       * of it. */
      request->refused = TRUE;
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_body_truncate (soup_server_message_get_request_body (msg));
      if (soup_server_message_get_status (msg) == 0)
        {
          g_autofree char *detail = NULL;

          detail = g_strdup_printf ("The request body is larger than the limit of %"
                                    G_GUINT64_FORMAT " bytes.", self->max_body_bytes);
          hw_server_problem (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, detail);
        }
      return;
    }

  response = _hw_server_refusal_response (msg, self->max_body_bytes);

  /* This request ends here as far as the log and the in-flight count go. */
  log_request (request, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, NULL);
  g_signal_handlers_disconnect_by_data (msg, self);
  g_hash_table_remove (self->requests, msg);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
  check_drained (self);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  socket = g_object_get_data (G_OBJECT (stream), "GSocket");
  if (socket == NULL && G_IS_SOCKET_CONNECTION (stream))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream));

  _hw_server_refusal_start (stream, socket, g_steal_pointer (&response), self->cancellable);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              HwServer          *self)
{
  Request *request = g_hash_table_lookup (self->requests, msg);

  if (request == NULL || request->refused)
    return;

  request->body_bytes += g_bytes_get_size (chunk);
  if (request->body_bytes > self->max_body_bytes)
    refuse_body (self, request);
}

static void
on_got_headers (SoupServerMessage *msg,
                HwServer          *self)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupEncoding encoding;
  Request *request;
  guint status;

  request = g_new0 (Request, 1);
  request->msg = g_object_ref (msg);
  request->started = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (uri != NULL ? g_uri_get_path (uri) : "");
  request->remote = g_strdup (soup_server_message_get_remote_host (msg));
  g_hash_table_replace (self->requests, msg, request);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);

  /* A body is counted as it comes only where one may come: a handler per request is not
   * free, and most requests are GETs without one. */
  encoding = soup_message_headers_get_encoding (headers);
  if (encoding == SOUP_ENCODING_CHUNKED || encoding == SOUP_ENCODING_EOF ||
      (encoding == SOUP_ENCODING_CONTENT_LENGTH &&
       soup_message_headers_get_content_length (headers) > 0))
    g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk), self, 0);

  /* libsoup refuses some requests itself (a path with "..", a wrong scheme) with an empty
   * body: those get their problem document here. */
  status = soup_server_message_get_status (msg);
  if (status >= SOUP_STATUS_BAD_REQUEST)
    {
      hw_server_problem (msg, status, "The request is malformed.");
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > self->max_body_bytes)
    refuse_body (self, request);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    HwServer          *self)
{
  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers), self, 0);
  g_signal_connect_object (msg, "disconnected", G_CALLBACK (on_message_disconnected), self, 0);
}

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  HwServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean read_only = g_strcmp0 (method, "GET") == 0 || g_strcmp0 (method, "HEAD") == 0;

  if (self->shutting_down)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");

  /* A GET reads the token, then what it answers with: one read transaction for all,
   * instead of one per statement. Handlers answer GETs before returning; a failure to
   * open it leaves each read on its own. */
  if (read_only)
    hw_store_begin_read (self->store, NULL);

  hw_server_router_dispatch (self->router, msg);

  if (read_only)
    hw_store_end_read (self->store);
}

/* Endpoints */

static void
handle_health (SoupServerMessage *msg,
               GHashTable        *params,
               gpointer           user_data)
{
  HwServer *self = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  int schema;

  /* Reading the schema version is a query: a database that does not answer it is down. */
  schema = hw_store_get_schema_version (self->store);
  if (schema <= 0)
    {
      g_autoptr(GError) error = NULL;

      g_set_error_literal (&error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                           "health: the database did not report its schema version");
      hw_server_problem_from_error (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_int_value (builder, schema);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, hw_store_get_revision (self->store));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_openapi (SoupServerMessage *msg,
                GHashTable        *params,
                gpointer           user_data)
{
  HwServer *self = user_data;
  g_autofree char *path = g_build_filename (self->api_dir, "openapi.yaml", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      hw_server_log (G_LOG_LEVEL_WARNING, "API description unreadable",
                     "file", path,
                     "error", error->message,
                     NULL);
      hw_server_problem (msg, SOUP_STATUS_NOT_FOUND,
                         "This server has no API description installed.");
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/yaml", SOUP_MEMORY_TAKE, contents, length);
}

/* GObject */

static void
hw_server_constructed (GObject *object)
{
  HwServer *self = (HwServer *)object;

  G_OBJECT_CLASS (hw_server_parent_class)->constructed (object);

  g_assert (self->store != NULL);

  hw_server_router_add (self->router, SOUP_METHOD_GET, "/health", handle_health, self);
  hw_server_router_add (self->router, SOUP_METHOD_GET, "/openapi.yaml", handle_openapi, self);
  _hw_server_auth_add_routes (self, self->router);
  _hw_server_channel_auth_add_routes (self, self->router);
  _hw_server_channel_add_routes (self, self->router);
  hw_server_resources_add_routes (self, self->router);
  _hw_server_snapshot_add_routes (self, self->router);
  hw_server_erp_add_routes (self, self->router);
  hw_server_rules_add_routes (self, self->router);
}

static void
hw_server_dispose (GObject *object)
{
  HwServer *self = (HwServer *)object;

  g_clear_handle_id (&self->shutdown_timeout_id, g_source_remove);
  g_clear_handle_id (&self->finish_idle_id, g_source_remove);
  self->stopped = TRUE;

  if (self->soup != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_disconnect (self->soup);
      soup_server_remove_handler (self->soup, "/");
    }
  g_cancellable_cancel (self->cancellable);
  g_hash_table_remove_all (self->requests);

  g_clear_object (&self->soup);
  g_clear_object (&self->router);
  g_clear_object (&self->store);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (hw_server_parent_class)->dispose (object);
}

static void
hw_server_finalize (GObject *object)
{
  HwServer *self = (HwServer *)object;

  g_clear_pointer (&self->api_dir, g_free);
  g_clear_pointer (&self->auth, _hw_server_auth_free);
  g_clear_pointer (&self->urls, g_ptr_array_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (hw_server_parent_class)->finalize (object);
}

static void
hw_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HwServer *self = HW_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_MAX_BODY_BYTES:
      g_value_set_uint64 (value, self->max_body_bytes);
      break;

    case PROP_API_DIR:
      g_value_set_string (value, self->api_dir);
      break;

    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->tls_certificate);
      break;

    case PROP_IN_FLIGHT:
      g_value_set_uint (value, hw_server_get_in_flight (self));
      break;

    case PROP_URL:
      g_value_set_string (value, hw_server_get_url (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  HwServer *self = HW_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_MAX_BODY_BYTES:
      hw_server_set_max_body_bytes (self, g_value_get_uint64 (value));
      break;

    case PROP_API_DIR:
      hw_server_set_api_dir (self, g_value_get_string (value));
      break;

    case PROP_TLS_CERTIFICATE:
      hw_server_set_tls_certificate (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_server_class_init (HwServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hw_server_constructed;
  object_class->dispose = hw_server_dispose;
  object_class->finalize = hw_server_finalize;
  object_class->get_property = hw_server_get_property;
  object_class->set_property = hw_server_set_property;

  /**
   * HwServer:store:
   *
   * The store the API serves.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HwServer:max-body-bytes:
   *
   * The largest request body accepted; larger ones are answered with 413.
   */
  properties[PROP_MAX_BODY_BYTES] =
    g_param_spec_uint64 ("max-body-bytes", NULL, NULL,
                         1, HW_SERVER_MAX_BODY_BYTES_LIMIT, HW_SERVER_DEFAULT_MAX_BODY_BYTES,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwServer:api-dir:
   *
   * The directory holding openapi.yaml, served at /api/v1/openapi.yaml. Defaults to
   * $HW_API_DIR, else the installed data directory.
   */
  properties[PROP_API_DIR] =
    g_param_spec_string ("api-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwServer:tls-certificate:
   *
   * The certificate (with its private key) to serve HTTPS with; %NULL for plain HTTP.
   * Set it before hw_server_listen().
   */
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwServer:in-flight:
   *
   * The number of requests whose headers have arrived and whose response has not been
   * sent yet.
   */
  properties[PROP_IN_FLIGHT] =
    g_param_spec_uint ("in-flight", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * HwServer:url:
   *
   * The base URL of the first address listened on, e.g. "http://127.0.0.1:8080".
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, PROP_N_PROPS, properties);

  /**
   * HwServer::stopped:
   *
   * Emitted once, when a shutdown has finished: nothing is listened on or in flight any
   * more.
   */
  signals[STOPPED] =
    g_signal_new ("stopped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
hw_server_init (HwServer *self)
{
  self->max_body_bytes = HW_SERVER_DEFAULT_MAX_BODY_BYTES;
  self->api_dir = hw_server_default_api_dir ();
  self->urls = g_ptr_array_new_with_free_func (g_free);
  self->requests = g_hash_table_new_full (NULL, NULL, NULL, request_free);
  self->cancellable = g_cancellable_new ();
  self->router = hw_server_router_new (HW_SERVER_API_PREFIX);
  self->auth = _hw_server_auth_new ();

  /* No Server header: it would only tell attackers what runs here. */
  self->soup = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (self->soup, "/", handle_request, self, NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started),
                           self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished),
                           self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (on_request_aborted),
                           self, 0);
}

/**
 * hw_server_new:
 * @store: the store to serve
 *
 * Returns: (transfer full): a server that listens nowhere yet
 */
HwServer *
hw_server_new (HwStore *store)
{
  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  return g_object_new (HW_TYPE_SERVER,
                       "store", store,
                       NULL);
}

/* Returns: (transfer none): the routes this server answers, for tests to list */
HwServerRouter *
hw_server_get_router (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), NULL);

  return self->router;
}

HwStore *
hw_server_get_store (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), NULL);

  return self->store;
}

guint64
hw_server_get_max_body_bytes (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), 0);

  return self->max_body_bytes;
}

void
hw_server_set_max_body_bytes (HwServer *self,
                              guint64   max_body_bytes)
{
  g_return_if_fail (HW_IS_SERVER (self));
  g_return_if_fail (max_body_bytes >= 1 && max_body_bytes <= HW_SERVER_MAX_BODY_BYTES_LIMIT);

  if (self->max_body_bytes == max_body_bytes)
    return;

  self->max_body_bytes = max_body_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_BYTES]);
}

const char *
hw_server_get_api_dir (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), NULL);

  return self->api_dir;
}

/**
 * hw_server_set_api_dir:
 * @api_dir: (nullable): the directory holding openapi.yaml; %NULL for the default
 */
void
hw_server_set_api_dir (HwServer   *self,
                       const char *api_dir)
{
  g_autofree char *dir = NULL;

  g_return_if_fail (HW_IS_SERVER (self));

  dir = api_dir != NULL ? g_strdup (api_dir) : hw_server_default_api_dir ();
  if (g_strcmp0 (self->api_dir, dir) == 0)
    return;

  g_free (self->api_dir);
  self->api_dir = g_steal_pointer (&dir);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_DIR]);
}

GTlsCertificate *
hw_server_get_tls_certificate (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), NULL);

  return self->tls_certificate;
}

void
hw_server_set_tls_certificate (HwServer        *self,
                               GTlsCertificate *certificate)
{
  g_return_if_fail (HW_IS_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  if (!g_set_object (&self->tls_certificate, certificate))
    return;

  soup_server_set_tls_certificate (self->soup, certificate);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CERTIFICATE]);
}

HwServerAuth *
_hw_server_get_auth (HwServer *self)
{
  return self->auth;
}

guint
hw_server_get_in_flight (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), 0);

  return g_hash_table_size (self->requests);
}

/**
 * hw_server_get_url:
 *
 * Returns: (nullable): the base URL of the first address listened on, with the port the
 *   system chose for port 0, e.g. "http://127.0.0.1:41234"; %NULL before listening
 */
const char *
hw_server_get_url (HwServer *self)
{
  g_return_val_if_fail (HW_IS_SERVER (self), NULL);

  return self->urls->len > 0 ? g_ptr_array_index (self->urls, 0) : NULL;
}

static char *
url_for_socket (GSocket  *socket,
                gboolean  https,
                GError  **error)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *host = NULL;
  GInetSocketAddress *inet;

  address = g_socket_get_local_address (socket, error);
  if (address == NULL)
    return NULL;

  inet = G_INET_SOCKET_ADDRESS (address);
  host = g_inet_address_to_string (g_inet_socket_address_get_address (inet));

  return g_strdup_printf ("%s://%s%s%s:%u", https ? "https" : "http",
                          strchr (host, ':') != NULL ? "[" : "", host,
                          strchr (host, ':') != NULL ? "]" : "",
                          g_inet_socket_address_get_port (inet));
}

/**
 * hw_server_listen:
 * @address: a #GInetSocketAddress; port 0 picks a free port (see hw_server_get_url())
 *
 * Starts accepting connections on @address: HTTPS when #HwServer:tls-certificate is set,
 * else HTTP.
 *
 * Returns: %TRUE when listening
 */
gboolean
hw_server_listen (HwServer        *self,
                  GSocketAddress  *address,
                  GError         **error)
{
  SoupServerListenOptions options = 0;
  GSList *listeners;
  GSList *last;
  char *url;

  g_return_val_if_fail (HW_IS_SERVER (self), FALSE);
  g_return_val_if_fail (G_IS_INET_SOCKET_ADDRESS (address), FALSE);
  g_return_val_if_fail (!self->shutting_down, FALSE);

  if (self->tls_certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  if (!soup_server_listen (self->soup, address, options, error))
    return FALSE;

  /* Listeners come in the order they were added: the last one is the new one. */
  listeners = soup_server_get_listeners (self->soup);
  last = g_slist_last (listeners);
  url = last != NULL ? url_for_socket (last->data, self->tls_certificate != NULL, error) : NULL;
  g_slist_free (listeners);

  if (url == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Not listening");
      return FALSE;
    }

  g_ptr_array_add (self->urls, url);
  if (self->urls->len == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);

  return TRUE;
}

/**
 * hw_server_shutdown:
 * @grace_seconds: how long to wait for requests in flight before dropping them
 *
 * Shuts down gracefully: stops accepting connections at once, lets the requests in
 * flight finish (their responses close the connection), then closes idle connections and
 * emits #HwServer::stopped. Calling it again does nothing.
 */
void
hw_server_shutdown (HwServer *self,
                    guint     grace_seconds)
{
  GSList *listeners;

  g_return_if_fail (HW_IS_SERVER (self));

  if (self->shutting_down || self->stopped)
    return;

  self->shutting_down = TRUE;

  /* Shutting a listening socket down makes the kernel refuse new connections while the
   * accepted ones carry on; libsoup's watch on it ends with the next failed accept. The
   * sockets themselves close with soup_server_disconnect() at the end. */
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;

      if (!g_socket_shutdown (l->data, TRUE, FALSE, &error))
        hw_server_log (G_LOG_LEVEL_WARNING, "cannot stop listening",
                       "error", error->message,
                       NULL);
    }
  g_slist_free (listeners);

  /* Not g_timeout_add_seconds(): it rounds to a whole-second tick shared by the process
   * and may fire up to a second early, cutting the promised grace period short. */
  self->shutdown_timeout_id = g_timeout_add (MIN (grace_seconds, G_MAXUINT / 1000) * 1000,
                                             shutdown_timeout, self);
  check_drained (self);
}

/**
 * hw_server_stop:
 *
 * Stops at once: closes every connection, in flight or not, and emits
 * #HwServer::stopped (unless stopped already).
 */
void
hw_server_stop (HwServer *self)
{
  g_return_if_fail (HW_IS_SERVER (self));

  self->shutting_down = TRUE;
  finish_stop (self);
}

/**
 * hw_server_default_api_dir:
 *
 * Returns: (transfer full): $HW_API_DIR when set, else the installed
 *   $datadir/heartwork-one/api
 */
char *
hw_server_default_api_dir (void)
{
  const char *dir = g_getenv ("HW_API_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_strdup (dir);

  return g_strdup (HW_SERVER_API_DIR);
}
