/* hw-server-tokens.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-auth-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-body.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-resources-private.h"

/* The API tokens of an integration (DESIGN.md §4), managed by owners and admins:
 *
 *   POST   /integrations/{id}/tokens               {scopes, expires_at} → 201 with the token
 *   GET    /integrations/{id}/tokens               the tokens, without secrets
 *   DELETE /integrations/{id}/tokens/{token_id}    revoke                → 204
 *
 * The token is shown once, in the answer to its creation; the store keeps only its
 * SHA-256. A token's id is the first TOKEN_ID_LENGTH hex digits of that hash: enough to
 * tell an integration's tokens apart, and of no use for logging in. */

#define TOKEN_ID_LENGTH 12

/* Answers 403 or 404 unless the caller is an owner or admin and the integration exists. */
static gboolean
authorize (Resource           *resource,
           SoupServerMessage  *msg,
           GHashTable         *route_params,
           HwServerPrincipal **out_principal)
{
  HwStore *store = hw_server_get_store (resource->server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;

  if (!hw_server_authenticate_staff (resource->server, msg, &principal, NULL))
    return FALSE;

  if (!hw_server_role_is_admin (principal->role))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Only owners and admins manage the API tokens of integrations.");
      return FALSE;
    }

  integration = hw_store_get (store, &hw_integration_type,
                              g_hash_table_lookup (route_params, "id"), &error);
  if (integration == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return FALSE;
    }

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 gint64       usec)
{
  json_builder_set_member_name (builder, name);

  if (usec != 0)
    {
      g_autofree char *text = hw_time_format (usec);

      json_builder_add_string_value (builder, text);
    }
  else
    {
      json_builder_add_null_value (builder);
    }
}

/* The members every representation of a token has; @secret only on creation. */
static void
add_token_members (JsonBuilder       *builder,
                   const HwAuthToken *token,
                   const char        *secret)
{
  g_auto(GStrv) scopes = g_strsplit_set (token->scopes != NULL ? token->scopes : "", " ", -1);
  g_autofree char *id = g_strndup (token->token_hash, TOKEN_ID_LENGTH);

  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);

  if (secret != NULL)
    {
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, secret);
    }

  json_builder_set_member_name (builder, "integration_id");
  json_builder_add_string_value (builder, token->integration_id);

  json_builder_set_member_name (builder, "scopes");
  json_builder_begin_array (builder);
  for (guint i = 0; scopes[i] != NULL; i++)
    if (scopes[i][0] != '\0')
      json_builder_add_string_value (builder, scopes[i]);
  json_builder_end_array (builder);

  add_time_member (builder, "created_at", token->created_at);
  add_time_member (builder, "expires_at", token->expires_at);
  add_time_member (builder, "revoked_at", token->revoked_at);
}

/* The scopes of a create request, space-separated; answers 422 naming the member. */
static char *
parse_scopes (SoupServerMessage *msg,
              JsonObject        *object)
{
  JsonNode *node = json_object_get_member (object, "scopes");
  g_autoptr(GPtrArray) scopes = NULL;
  JsonArray *array;
  guint length;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      _hw_server_respond_field_problem (msg, "scopes", "is required");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _hw_server_respond_field_problem (msg, "scopes", "must be an array of scopes");
      return NULL;
    }

  array = json_node_get_array (node);
  length = json_array_get_length (array);
  if (length == 0)
    {
      _hw_server_respond_field_problem (msg, "scopes", "must name at least one scope");
      return NULL;
    }

  scopes = g_ptr_array_new ();
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("scopes[%u]", i);
      const char *scope = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        scope = json_node_get_string (element);

      if (!hw_server_scope_is_valid (scope))
        {
          _hw_server_respond_field_problem (msg, field,
                                            "must be one of erp.products, erp.accounts, "
                                            "erp.prices, erp.orders");
          return NULL;
        }

      for (guint j = 0; j < scopes->len; j++)
        if (g_str_equal (g_ptr_array_index (scopes, j), scope))
          {
            _hw_server_respond_field_problem (msg, field, "names a scope twice");
            return NULL;
          }

      g_ptr_array_add (scopes, (gpointer) scope);
    }

  g_ptr_array_add (scopes, NULL);
  return g_strjoinv (" ", (char **) scopes->pdata);
}

/* The expiry of a create request: 0 when missing or null; answers 422 unless it is a
 * time in the future. */
static gboolean
parse_expires_at (SoupServerMessage *msg,
                  JsonObject        *object,
                  gint64             now,
                  gint64            *out_expires_at)
{
  JsonNode *node = json_object_get_member (object, "expires_at");
  gint64 expires_at = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out_expires_at = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !hw_time_parse (json_node_get_string (node), &expires_at))
    {
      _hw_server_respond_field_problem (msg, "expires_at",
                                        "must be an ISO 8601 time with a time zone, or null");
      return FALSE;
    }

  if (expires_at <= now)
    {
      _hw_server_respond_field_problem (msg, "expires_at", "must be in the future");
      return FALSE;
    }

  *out_expires_at = expires_at;
  return TRUE;
}

static void
handle_create (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwAuthToken) record = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *scopes = NULL;
  g_autofree char *location = NULL;
  gint64 now = hw_store_now (store);
  gint64 expires_at = 0;
  JsonObject *object;

  if (!authorize (resource, msg, route_params, &principal))
    return;

  if (!(root = hw_server_body_json (msg, TRUE,
                                    "The request body must be a JSON object with scopes and "
                                    "expires_at.")))
    return;
  object = json_node_get_object (root);

  if ((scopes = parse_scopes (msg, object)) == NULL ||
      !parse_expires_at (msg, object, now, &expires_at))
    return;

  secret = hw_server_token_new ();
  record = hw_auth_token_new ();
  record->token_hash = hw_server_token_hash (secret);
  record->kind = HW_AUTH_TOKEN_API;
  record->integration_id = g_strdup (g_hash_table_lookup (route_params, "id"));
  record->scopes = g_steal_pointer (&scopes);
  record->created_at = now;
  record->expires_at = expires_at;
  if (!hw_store_create_auth_token (store, record, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_server_log (G_LOG_LEVEL_INFO, "api token created",
                 "staff_user_id", principal->staff_user_id,
                 "integration_id", record->integration_id,
                 "scopes", record->scopes,
                 NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_token_members (builder, record, secret);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_CREATED, answer);

  /* The only time the token is ever shown: no cache may keep it. */
  location = g_strdup_printf ("/api/v1/integrations/%s/tokens/%.*s", record->integration_id,
                              TOKEN_ID_LENGTH, record->token_hash);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

static void
handle_list (SoupServerMessage *msg,
             GHashTable        *route_params,
             gpointer           user_data)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  if (!authorize (resource, msg, route_params, &principal))
    return;

  tokens = hw_store_list_integration_tokens (store, g_hash_table_lookup (route_params, "id"),
                                             &error);
  if (tokens == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tokens->len; i++)
    {
      json_builder_begin_object (builder);
      add_token_members (builder, g_ptr_array_index (tokens, i), NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, answer);
}

static gboolean
is_token_id (const char *text)
{
  if (text == NULL || strlen (text) != TOKEN_ID_LENGTH)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;

  return TRUE;
}

static void
handle_delete (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  const char *token_id = g_hash_table_lookup (route_params, "token_id");
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  HwAuthToken *found = NULL;

  if (!authorize (resource, msg, route_params, &principal))
    return;

  tokens = hw_store_list_integration_tokens (store, g_hash_table_lookup (route_params, "id"),
                                             &error);
  if (tokens == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  for (guint i = 0; is_token_id (token_id) && i < tokens->len && found == NULL; i++)
    {
      HwAuthToken *token = g_ptr_array_index (tokens, i);

      if (strncmp (token->token_hash, token_id, TOKEN_ID_LENGTH) == 0)
        found = token;
    }

  if (found == NULL)
    {
      hw_server_problem (msg, SOUP_STATUS_NOT_FOUND,
                         "The integration has no API token with this id.");
      return;
    }

  if (!hw_store_revoke_auth_token (store, found->token_hash, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_server_log (G_LOG_LEVEL_INFO, "api token revoked",
                 "staff_user_id", principal->staff_user_id,
                 "integration_id", found->integration_id,
                 "token_id", token_id,
                 NULL);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
_hw_server_tokens_add_routes (Resource       *resource,
                              HwServerRouter *router)
{
  hw_server_router_add (router, SOUP_METHOD_POST, "/integrations/{id}/tokens",
                        handle_create, resource);
  hw_server_router_add (router, SOUP_METHOD_GET, "/integrations/{id}/tokens",
                        handle_list, resource);
  hw_server_router_add (router, SOUP_METHOD_DELETE, "/integrations/{id}/tokens/{token_id}",
                        handle_delete, resource);
}
