/* hw-sync-client.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-sync-client.h"
#include "hw-sync-error.h"

/* Seconds a connection attempt or a read may stall before the request fails. */
#define HW_SYNC_CLIENT_TIMEOUT      30
/* Seconds an unused keep-alive connection stays open. */
#define HW_SYNC_CLIENT_IDLE_TIMEOUT 60
/* The health answer is a few dozen bytes; anything much larger is not our server. */
#define HEALTH_MAX_BODY_SIZE        (64 * 1024)
#define HEALTH_READ_SIZE            8192

struct _HwSyncClient
{
  GObject      parent_instance;

  /* Owned References */
  char        *base_url;
  SoupSession *session;
};

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *body;
} HealthRequest;

enum {
  PROP_0,
  PROP_BASE_URL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwSyncClient, hw_sync_client, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void hw_sync_client_health_read_next (GTask *task);

static void
health_request_free (gpointer data)
{
  HealthRequest *request = data;

  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static GError *
unexpected_response_error (const char *detail)
{
  g_debug ("Unexpected response: %s", detail);

  return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
                              _("The server answered with an unexpected response"));
}

/*
 * Joins @path (starting with "/") to the base URL, keeping a path prefix of
 * the base URL so that a server behind a reverse proxy at
 * https://example.com/one works too.
 */
static GUri *
build_uri (const char  *base_url,
           const char  *path,
           GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *joined_path = NULL;
  const char *scheme;
  const char *host;
  const char *base_path;
  gsize base_path_len;

  g_assert (path != NULL && path[0] == '/');

  if (base_url == NULL || base_url[0] == '\0')
    {
      g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                           _("No server address was given"));
      return NULL;
    }

  if (!(base = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, &local_error)))
    {
      g_debug ("Cannot parse “%s”: %s", base_url, local_error->message);
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                   /* Translators: %s is the server address the user typed */
                   _("“%s” is not a valid server address"),
                   base_url);
      return NULL;
    }

  scheme = g_uri_get_scheme (base);

  if (g_ascii_strcasecmp (scheme, "http") != 0 &&
      g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                           _("The server address must start with http:// or https://"));
      return NULL;
    }

  host = g_uri_get_host (base);

  if (host == NULL || host[0] == '\0')
    {
      g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                           _("The server address has no host name"));
      return NULL;
    }

  if (g_uri_get_userinfo (base) != NULL ||
      g_uri_get_query (base) != NULL ||
      g_uri_get_fragment (base) != NULL)
    {
      g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_INVALID_URL,
                           _("The server address must be a plain address "
                             "such as https://one.example.com"));
      return NULL;
    }

  base_path = g_uri_get_path (base);
  base_path_len = strlen (base_path);

  while (base_path_len > 0 && base_path[base_path_len - 1] == '/')
    base_path_len--;

  joined_path = g_strdup_printf ("%.*s%s", (int) base_path_len, base_path, path);

  return g_uri_build (G_URI_FLAGS_ENCODED,
                      g_uri_get_scheme (base),
                      NULL,
                      host,
                      g_uri_get_port (base),
                      joined_path,
                      NULL,
                      NULL);
}

static const char *
get_string_member (JsonObject *object,
                   const char *member_name)
{
  JsonNode *node;

  if (!(node = json_object_get_member (object, member_name)) ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
hw_sync_client_health_complete (GTask *task)
{
  HealthRequest *request = g_task_get_task_data (task);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonNode *root;
  const char *status;
  const char *version;

  g_assert (G_IS_TASK (task));

  if (!json_parser_load_from_data (parser,
                                   (const char *) request->body->data,
                                   request->body->len,
                                   &error))
    {
      g_task_return_error (task, unexpected_response_error (error->message));
      return;
    }

  root = json_parser_get_root (parser);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_error (task,
                           unexpected_response_error ("the health answer is not a JSON object"));
      return;
    }

  object = json_node_get_object (root);
  status = get_string_member (object, "status");
  version = get_string_member (object, "version");

  if (status == NULL)
    {
      g_task_return_error (task, unexpected_response_error ("the health answer has no status"));
      return;
    }

  if (g_strcmp0 (status, "ok") != 0)
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER,
                               /* Translators: %s is the status word the server sent,
                                * such as "degraded".
                                */
                               _("The server reports that it is not working properly "
                                 "(status “%s”)"),
                               status);
      return;
    }

  if (version == NULL || version[0] == '\0')
    {
      g_task_return_error (task, unexpected_response_error ("the health answer has no version"));
      return;
    }

  g_task_return_pointer (task, g_strdup (version), g_free);
}

static void
hw_sync_client_health_read_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  GInputStream *stream = (GInputStream *) object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  HealthRequest *request;

  g_assert (G_IS_INPUT_STREAM (stream));
  g_assert (G_IS_TASK (task));

  request = g_task_get_task_data (task);

  if (!(bytes = g_input_stream_read_bytes_finish (stream, result, &error)))
    {
      g_task_return_error (task, hw_sync_error_new_for_io (error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      hw_sync_client_health_complete (task);
      return;
    }

  g_byte_array_append (request->body,
                       g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));

  if (request->body->len > HEALTH_MAX_BODY_SIZE)
    {
      g_task_return_error (task, unexpected_response_error ("the health answer is too large"));
      return;
    }

  hw_sync_client_health_read_next (task);
}

static void
hw_sync_client_health_read_next (GTask *task)
{
  HealthRequest *request = g_task_get_task_data (task);

  g_assert (G_IS_TASK (task));

  g_input_stream_read_bytes_async (request->stream,
                                   HEALTH_READ_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task),
                                   hw_sync_client_health_read_cb,
                                   g_object_ref (task));
}

static void
hw_sync_client_health_send_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  SoupSession *session = (SoupSession *) object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  HealthRequest *request;
  const char *reason;
  guint status;

  g_assert (SOUP_IS_SESSION (session));
  g_assert (G_IS_TASK (task));

  request = g_task_get_task_data (task);

  if (!(stream = soup_session_send_finish (session, result, &error)))
    {
      g_task_return_error (task, hw_sync_error_new_for_io (error));
      return;
    }

  status = soup_message_get_status (request->message);
  reason = soup_message_get_reason_phrase (request->message);

  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL,
                               _("No Heart.work ONE server was found at this address"));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, hw_sync_error_new_for_status (status, reason));
      return;
    }

  request->stream = g_steal_pointer (&stream);
  hw_sync_client_health_read_next (task);
}

static void
hw_sync_client_dispose (GObject *object)
{
  HwSyncClient *self = (HwSyncClient *) object;

  if (self->session != NULL)
    soup_session_abort (self->session);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hw_sync_client_parent_class)->dispose (object);
}

static void
hw_sync_client_finalize (GObject *object)
{
  HwSyncClient *self = (HwSyncClient *) object;

  g_clear_pointer (&self->base_url, g_free);

  G_OBJECT_CLASS (hw_sync_client_parent_class)->finalize (object);
}

static void
hw_sync_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HwSyncClient *self = HW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, hw_sync_client_get_base_url (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HwSyncClient *self = HW_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      hw_sync_client_set_base_url (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_client_class_init (HwSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hw_sync_client_dispose;
  object_class->finalize = hw_sync_client_finalize;
  object_class->get_property = hw_sync_client_get_property;
  object_class->set_property = hw_sync_client_set_property;

  /**
   * HwSyncClient:base-url:
   *
   * The address of the Heart.work ONE server, such as
   * "https://one.example.com". It may carry a path prefix; the API lives
   * below it at "/api/v1".
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_sync_client_init (HwSyncClient *self)
{
  self->session = soup_session_new_with_options ("timeout", HW_SYNC_CLIENT_TIMEOUT,
                                                 "idle-timeout", HW_SYNC_CLIENT_IDLE_TIMEOUT,
                                                 "user-agent", "heartwork-one/" PACKAGE_VERSION,
                                                 NULL);
}

/**
 * hw_sync_client_new:
 * @base_url: (nullable): the address of the server
 *
 * Creates a client for the server at @base_url. The address is checked when
 * a request is made; use hw_sync_client_validate_base_url() to check it
 * earlier, for example while the user types it.
 *
 * Returns: (transfer full): a new #HwSyncClient
 */
HwSyncClient *
hw_sync_client_new (const char *base_url)
{
  return g_object_new (HW_TYPE_SYNC_CLIENT,
                       "base-url", base_url,
                       NULL);
}

/**
 * hw_sync_client_get_base_url:
 * @self: a #HwSyncClient
 *
 * Returns: (nullable): the address of the server
 */
const char *
hw_sync_client_get_base_url (HwSyncClient *self)
{
  g_return_val_if_fail (HW_IS_SYNC_CLIENT (self), NULL);

  return self->base_url;
}

void
hw_sync_client_set_base_url (HwSyncClient *self,
                             const char   *base_url)
{
  g_return_if_fail (HW_IS_SYNC_CLIENT (self));

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * hw_sync_client_validate_base_url:
 * @base_url: (nullable): a server address
 * @error: return location for a #GError
 *
 * Checks that @base_url is a plain http or https address with a host name.
 *
 * Returns: %TRUE if @base_url can be used; otherwise %FALSE with @error set
 *   to %HW_SYNC_ERROR_INVALID_URL
 */
gboolean
hw_sync_client_validate_base_url (const char  *base_url,
                                  GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  uri = build_uri (base_url, "/", error);

  return uri != NULL;
}

/**
 * hw_sync_client_check_health_async:
 * @self: a #HwSyncClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the check is done
 * @user_data: data for @callback
 *
 * Asks the server whether it is alive ("GET /api/v1/health") and which
 * version it runs. Needs no sign-in.
 */
void
hw_sync_client_check_health_async (HwSyncClient        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  HealthRequest *request;

  g_return_if_fail (HW_IS_SYNC_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_sync_client_check_health_async);
  /* Cancellation is reported as HW_SYNC_ERROR_CANCELLED, not G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);

  if (!(uri = build_uri (self->base_url, "/api/v1/health", &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request = g_new0 (HealthRequest, 1);
  request->message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  request->body = g_byte_array_new ();
  g_task_set_task_data (task, request, health_request_free);

  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           cancellable,
                           hw_sync_client_health_send_cb,
                           g_steal_pointer (&task));
}

/**
 * hw_sync_client_check_health_finish:
 * @self: a #HwSyncClient
 * @result: the #GAsyncResult passed to the callback
 * @out_version: (out) (optional) (transfer full): the version the server runs
 * @error: return location for a #GError in the %HW_SYNC_ERROR domain
 *
 * Returns: %TRUE if the server answered that it is healthy
 */
gboolean
hw_sync_client_check_health_finish (HwSyncClient  *self,
                                    GAsyncResult  *result,
                                    char         **out_version,
                                    GError       **error)
{
  g_autofree char *version = NULL;

  g_return_val_if_fail (HW_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        hw_sync_client_check_health_async, FALSE);

  if (out_version != NULL)
    *out_version = NULL;

  if (!(version = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;

  if (out_version != NULL)
    *out_version = g_steal_pointer (&version);

  return TRUE;
}
