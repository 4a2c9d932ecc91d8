/* hw-server-resources.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-idempotency-store.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-body.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-resources.h"
#include "hw-server-resources-private.h"

/* The staff resources of DESIGN.md §4, one pair of paths per synced entity type:
 *
 *   GET    /{plural}        a page: limit, cursor, sort, q, field filters
 *   POST   /{plural}        create                        → 201, Location, ETag
 *   GET    /{plural}/{id}   one                           → 200, ETag
 *   PUT    /{plural}/{id}   full replace   (If-Match)     → 200, ETag
 *   PATCH  /{plural}/{id}   merge patch    (If-Match)     → 200, ETag
 *   DELETE /{plural}/{id}   delete, leaves a tombstone    → 204
 *
 * and beside them
 *
 *   GET    /changes?since=REV&limit=N   the changes feed
 *   GET    /audit?entity=TYPE&id=ID     the history of one entity, newest first
 *   …      /integrations/{id}/tokens    API tokens of an integration (hw-server-tokens.c)
 *
 * The routes come from the type descriptors, so a new synced type is served without
 * code here. Server-only types (staff users, audit entries) never are.
 *
 * Every mutation and its audit entry are one transaction: a change is never kept
 * without its record of who made it, nor recorded without having happened.
 *
 * A create may carry an Idempotency-Key (DESIGN.md §4): its first answer is saved in the
 * same transaction, keyed by the principal and the key, and a retry of the same request
 * (same method, path and body) gets that answer again with Idempotent-Replayed: true,
 * even after a restart; the key reused for another request is refused with 422. */


#define ERP_OWNED_MESSAGE \
  "is owned by the ERP and changes only through ERP imports"

/* Responses */

static void
set_etag (SoupServerMessage *msg,
          gint64             rev)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", rev);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
}

static void
respond_entity (SoupServerMessage *msg,
                guint              status,
                gconstpointer      entity)
{
  GString *text = g_string_sized_new (512);

  hw_entity_write_json (text, entity);
  hw_server_respond_json_text (msg, status, text);
  set_etag (msg, HW_ENTITY (entity)->rev);
}

void
_hw_server_respond_field_problem (SoupServerMessage *msg,
                                  const char        *field,
                                  const char        *message)
{
  g_autoptr(GError) error = NULL;

  hw_set_field_error (&error, HW_CORE_ERROR_INVALID, field, "%s", message);
  hw_server_problem_from_error (msg, error);
}

/* 412 with the representation the client should have edited, so that it can merge
 * without another round trip. */
static void
respond_stale (SoupServerMessage *msg,
               gconstpointer      current)
{
  g_autoptr(JsonNode) problem = NULL;
  g_autofree char *detail = NULL;
  const HwEntity *base = current;

  detail = g_strdup_printf ("The %s was changed by someone else; it is now at revision %"
                            G_GINT64_FORMAT ". Apply the change to the current version.",
                            base->type->name, base->rev);
  problem = hw_server_problem_new (SOUP_STATUS_PRECONDITION_FAILED, detail);
  json_object_set_member (json_node_get_object (problem), "current",
                          hw_entity_to_json (current));
  hw_server_problem_respond (msg, problem);
  set_etag (msg, base->rev);
}

/* Requests */

gboolean
_hw_server_resource_authenticate (Resource           *resource,
                                  SoupServerMessage  *msg,
                                  gboolean            mutation,
                                  HwServerPrincipal **out_principal)
{
  g_autoptr(HwServerPrincipal) principal = NULL;

  if (!hw_server_authenticate_staff (resource->server, msg, &principal, NULL))
    return FALSE;

  if (mutation && !hw_server_role_can_mutate (principal->role))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Your role may look at data but not change it.");
      return FALSE;
    }

  /* Integrations hold the ERP's credentials and their runs its history: only those who
   * administer the server manage them (issue 3 point 2). */
  if (mutation && resource->type != NULL &&
      (resource->type == &hw_integration_type || resource->type == &hw_integration_run_type) &&
      !hw_server_role_is_admin (principal->role))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Only an owner or admin may manage integrations.");
      return FALSE;
    }

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

/* The query parameters; answers 400 when the query string cannot be decoded. */
GHashTable *
_hw_server_query_params (SoupServerMessage *msg)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GError) error = NULL;
  GHashTable *params;

  if (query == NULL || query[0] == '\0')
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_WWW_FORM, &error);
  if (params == NULL)
    hw_server_problem (msg, SOUP_STATUS_BAD_REQUEST, "The query string is malformed.");

  return params;
}

/* A positive integer parameter, at most @max; answers 422 naming it otherwise. */
gboolean
_hw_server_parse_count (SoupServerMessage *msg,
                        const char        *name,
                        const char        *text,
                        guint64           *out_value)
{
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, out_value, NULL))
    {
      _hw_server_respond_field_problem (msg, name, "must be a whole number of at least 1");
      return FALSE;
    }

  return TRUE;
}

/* The revision If-Match names. Answers 428 when there is none; an ETag that is not one of
 * ours (a weak one, a list) can never match, so it gets @out_rev -1 and fails as stale. */
static gboolean
if_match_rev (SoupServerMessage *msg,
              gint64            *out_rev)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *value = soup_message_headers_get_one (headers, "If-Match");
  g_autofree char *text = NULL;
  gsize length;
  guint64 rev;

  if (value == NULL || g_strstrip ((text = g_strdup (value)))[0] == '\0' ||
      g_str_equal (text, "*"))
    {
      /* "*" would match any revision: exactly the lost update If-Match is there to stop. */
      hw_server_problem (msg, 428,
                         "Changes need an If-Match header with the ETag of the version "
                         "they were made to.");
      return FALSE;
    }

  length = strlen (text);
  *out_rev = -1;
  if (length > 2 && text[0] == '"' && text[length - 1] == '"')
    {
      text[length - 1] = '\0';
      if (g_ascii_string_to_unsigned (text + 1, 10, 0, G_MAXINT64, &rev, NULL))
        *out_rev = (gint64) rev;
    }

  return TRUE;
}

/* Field ownership */

/* The first ERP-owned field that @a and @b (JSON objects of @type) disagree on; fields
 * the model requires count only when @required_too. */
static const char *
first_difference (const HwEntityType *type,
                  JsonObject         *a,
                  JsonObject         *b,
                  gboolean            required_too)
{
  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];
      JsonNode *x, *y;

      if (!(spec->flags & HW_FIELD_ERP) || (spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET)))
        continue;
      if (!required_too && (spec->flags & HW_FIELD_REQUIRED))
        continue;

      x = json_object_get_member (a, spec->name);
      y = json_object_get_member (b, spec->name);
      if (x == NULL || y == NULL || !json_node_equal (x, y))
        return spec->name;
    }

  return NULL;
}

/* ERP-owned fields (HW_FIELD_ERP) are written only by ERP imports (DESIGN.md §2).
 *
 * On create, staff may still make entities the ERP does not know yet (a product being
 * prepared, an account before its first import), so the ERP-owned fields the model
 * requires — the ERP key and what the entity cannot exist without (sku, name, unit,
 * status, currency, …) — may be given. The optional ones (erp_id, gtin, base_price, order
 * conditions, addresses, …) must be absent, null or their default: they are the ERP's to
 * fill, and the import matches the entity by its key and takes them over.
 *
 * On update, no ERP-owned field may change its value, required or not. */
static const char *
erp_field_set_on_create (gconstpointer entity)
{
  const HwEntityType *type = HW_ENTITY (entity)->type;
  g_autoptr(HwEntity) fresh = hw_entity_new (type);
  g_autoptr(JsonNode) given = hw_entity_to_json (entity);
  g_autoptr(JsonNode) defaults = hw_entity_to_json (fresh);

  return first_difference (type, json_node_get_object (given), json_node_get_object (defaults),
                           FALSE);
}

static const char *
erp_field_changed (gconstpointer current,
                   gconstpointer replacement)
{
  const HwEntityType *type = HW_ENTITY (current)->type;
  g_autoptr(JsonNode) before = hw_entity_to_json (current);
  g_autoptr(JsonNode) after = hw_entity_to_json (replacement);

  return first_difference (type, json_node_get_object (before), json_node_get_object (after),
                           TRUE);
}

/* Audit */

static gboolean
record_audit (HwStore            *store,
              HwServerPrincipal  *principal,
              const HwEntityType *type,
              const char         *id,
              const char         *action,
              gconstpointer       before,
              gconstpointer       after,
              GError            **error)
{
  g_autoptr(HwAuditEntry) entry = hw_audit_entry_new ();

  entry->actor = g_strdup (principal->email);
  entry->entity = g_strdup (type->name);
  entry->entity_id = g_strdup (id);
  entry->action = g_strdup (action);
  entry->at = hw_store_now (store);
  entry->before = before != NULL ? hw_entity_to_json_string (before) : NULL;
  entry->after = after != NULL ? hw_entity_to_json_string (after) : NULL;

  return hw_store_create (store, entry, error);
}

/* Writes one change and its audit entry in one transaction: @entity is created
 * (@current NULL), replaces @current (@entity set) or @current is deleted (@entity NULL).
 * @out_stored gets the stored entity as read back, computed fields filled in; NULL for a
 * delete. With @idempotency (creates only), the answer to the create is filled into it
 * and saved in the same transaction. */
static gboolean
write_with_audit (HwStore              *store,
                  HwServerPrincipal    *principal,
                  const HwEntityType   *type,
                  gpointer              current,
                  gpointer              entity,
                  gint64                expected_rev,
                  HwIdempotencyRecord  *idempotency,
                  gpointer             *out_stored,
                  GError              **error)
{
  g_autoptr(HwEntity) stored = NULL;
  const char *action;
  const char *id;

  if (!hw_store_begin (store, error))
    return FALSE;

  if (current == NULL)
    {
      action = "create";
      if (!hw_store_create (store, entity, error))
        goto failed;
    }
  else if (entity != NULL)
    {
      action = "update";
      if (!hw_store_update (store, entity, expected_rev, error))
        goto failed;
    }
  else
    {
      action = "delete";
      if (!hw_store_delete (store, type, HW_ENTITY (current)->id, expected_rev, error))
        goto failed;
    }

  id = entity != NULL ? HW_ENTITY (entity)->id : HW_ENTITY (current)->id;
  if (entity != NULL && !(stored = hw_store_get (store, type, id, error)))
    goto failed;

  if (!record_audit (store, principal, type, id, action, current, stored, error))
    goto failed;

  if (idempotency != NULL && stored != NULL)
    {
      idempotency->status = SOUP_STATUS_CREATED;
      idempotency->location = g_strdup_printf ("%s/%s/%s", HW_SERVER_API_PREFIX,
                                               type->plural, stored->id);
      idempotency->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", stored->rev);
      idempotency->body = hw_entity_to_json_string (stored);
      if (!hw_store_save_idempotency_key (store, idempotency, error))
        goto failed;
    }

  if (!hw_store_commit (store, error))
    return FALSE;

  if (out_stored != NULL)
    *out_stored = g_steal_pointer (&stored);

  return TRUE;

failed:
  hw_store_rollback (store);
  return FALSE;
}

/* Answers a failed write; a stale revision gets the current representation. */
static void
respond_write_error (Resource          *resource,
                     SoupServerMessage *msg,
                     const char        *id,
                     const GError      *error)
{
  if (id != NULL && g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE))
    {
      HwStore *store = hw_server_get_store (resource->server);
      g_autoptr(HwEntity) current = hw_store_get (store, resource->type, id, NULL);

      if (current != NULL)
        {
          respond_stale (msg, current);
          return;
        }
    }

  hw_server_problem_from_error (msg, error);
}

/* Lists */

/* Fills @query from the list parameters of @params; answers 422 naming the parameter
 * that is wrong. Parameters other than limit, cursor, sort, q and category must be fields
 * of @type: an equality filter each. */
gboolean
_hw_server_query_from_params (SoupServerMessage  *msg,
                              const HwEntityType *type,
                              GHashTable         *params,
                              HwQuery            *query)
{
  GHashTableIter iter;
  const char *name;
  const char *value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      const HwFieldSpec *spec;

      if (g_str_equal (name, "limit"))
        {
          guint64 limit;

          if (!_hw_server_parse_count (msg, name, value, &limit))
            return FALSE;
          /* Asking for more than the cap is not an error: the page is just capped. */
          hw_query_set_limit (query, (guint) MIN (limit, HW_QUERY_MAX_LIMIT));
        }
      else if (g_str_equal (name, "cursor"))
        hw_query_set_after (query, value);
      else if (g_str_equal (name, "sort"))
        {
          gboolean descending = value[0] == '-';

          if (value[descending ? 1 : 0] == '\0')
            {
              _hw_server_respond_field_problem (msg, name, "must name a field, optionally after '-'");
              return FALSE;
            }
          hw_query_set_sort (query, value + (descending ? 1 : 0), descending);
        }
      else if (g_str_equal (name, "q"))
        hw_query_set_search (query, value);
      else if (g_str_equal (name, "category") && type == &hw_product_type)
        hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE, value);
      else if ((spec = hw_entity_type_find_field (type, name)) != NULL &&
               spec->kind != HW_FIELD_CHILDREN && spec->kind != HW_FIELD_STRV &&
               spec->kind != HW_FIELD_JSON && !(spec->flags & HW_FIELD_SECRET))
        hw_query_add_filter (query, name, HW_FILTER_EQ, value);
      else
        {
          g_autofree char *message = g_strdup_printf ("is not a parameter of %s lists",
                                                      type->plural);
          _hw_server_respond_field_problem (msg, name, message);
          return FALSE;
        }
    }

  return TRUE;
}

void
_hw_server_respond_page (SoupServerMessage *msg,
                         HwPage            *page)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < page->items->len; i++)
    json_builder_add_value (builder, hw_entity_to_json (g_ptr_array_index (page->items, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  if (page->next_cursor != NULL)
    json_builder_add_string_value (builder, page->next_cursor);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_list (SoupServerMessage *msg,
             GHashTable        *route_params,
             gpointer           user_data)
{
  Resource *resource = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  if (!_hw_server_resource_authenticate (resource, msg, FALSE, &principal))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;
  if (!_hw_server_query_from_params (msg, resource->type, params, query))
    return;

  page = hw_store_list (hw_server_get_store (resource->server), resource->type, query, &error);
  if (page == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  _hw_server_respond_page (msg, page);
}

/* One entity */

static gpointer
load_current (Resource          *resource,
              SoupServerMessage *msg,
              const char        *id)
{
  g_autoptr(GError) error = NULL;
  gpointer entity;

  entity = hw_store_get (hw_server_get_store (resource->server), resource->type, id, &error);
  if (entity == NULL)
    hw_server_problem_from_error (msg, error);

  return entity;
}

static void
handle_get (SoupServerMessage *msg,
            GHashTable        *route_params,
            gpointer           user_data)
{
  Resource *resource = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwEntity) entity = NULL;

  if (!_hw_server_resource_authenticate (resource, msg, FALSE, &principal))
    return;

  if (!(entity = load_current (resource, msg, g_hash_table_lookup (route_params, "id"))))
    return;

  respond_entity (msg, SOUP_STATUS_OK, entity);
}

/* Decodes @node as an entity of the resource's type; answers 422 when it is not one.
 * Computed fields are decoded too, but the store computes them afresh on every write. */
static gpointer
decode_entity (Resource          *resource,
               SoupServerMessage *msg,
               JsonNode          *node)
{
  g_autoptr(GError) error = NULL;
  HwEntity *entity;

  entity = hw_entity_from_json (resource->type, node, &error);
  if (entity == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return NULL;
    }

  /* The store hands out revisions and times; what the client sent of them is ignored. */
  entity->rev = 0;
  entity->updated_at = 0;

  return entity;
}

static void
handle_create (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwIdempotencyRecord) idempotency = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HwEntity) entity = NULL;
  g_autoptr(HwEntity) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *fingerprint = NULL;
  const char *principal_id;
  const char *key;
  const char *erp_field;

  if (!_hw_server_resource_authenticate (resource, msg, TRUE, &principal))
    return;
  if (!_hw_server_idempotency_key_of (msg, &key))
    return;

  principal_id = principal->staff_user_id != NULL ? principal->staff_user_id : principal->email;
  if (key != NULL)
    {
      fingerprint = _hw_server_request_fingerprint (msg);
      if (_hw_server_replay_idempotent (store, msg, principal_id, key, fingerprint))
        return;
    }

  if (!(node = hw_server_body_json (msg, FALSE, NULL)))
    return;
  if (!(entity = decode_entity (resource, msg, node)))
    return;

  if ((erp_field = erp_field_set_on_create (entity)) != NULL)
    {
      _hw_server_respond_field_problem (msg, erp_field,
                             ERP_OWNED_MESSAGE "; leave it out when creating");
      return;
    }

  if (key != NULL)
    {
      idempotency = hw_idempotency_record_new ();
      idempotency->principal = g_strdup (principal_id);
      idempotency->key = g_strdup (key);
      idempotency->fingerprint = g_strdup (fingerprint);
    }

  if (!write_with_audit (store, principal, resource->type, NULL, entity, -1, idempotency,
                         (gpointer *) &stored, &error))
    {
      /* Another request with the key may have won the race: answer as its retry. */
      if (key == NULL || !g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE) ||
          !_hw_server_replay_idempotent (store, msg, principal_id, key, fingerprint))
        hw_server_problem_from_error (msg, error);
      return;
    }

  if (idempotency != NULL)
    {
      _hw_server_respond_idempotent (msg, idempotency, FALSE);
      return;
    }

  location = g_strdup_printf ("%s/%s/%s", HW_SERVER_API_PREFIX, resource->type->plural,
                              stored->id);
  respond_entity (msg, SOUP_STATUS_CREATED, stored);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);
}

/* An order's history is the store's to keep; a status change made by staff names the
 * signed-in staff member as its actor, whatever the request says. */
static void
take_order_step (gconstpointer      current,
                 gpointer           entity,
                 HwServerPrincipal *principal)
{
  const HwOrder *stored = current;
  HwOrder *order = entity;

  g_ptr_array_set_size (order->history, 0);
  for (guint i = 0; i < stored->history->len; i++)
    {
      HwOrderEvent *event = g_ptr_array_index (stored->history, i);

      hw_order_add_event (order, event->status, event->at, event->actor, event->note);
    }

  if (g_strcmp0 (stored->status, order->status) != 0)
    hw_order_add_event (order, order->status, 0, principal->email, NULL);
}

/* RFC 7396: members of @patch replace those of @target, null removes, objects merge. */
static void
merge_patch (JsonObject *target,
             JsonObject *patch)
{
  g_autoptr(GList) members = json_object_get_members (patch);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (patch, name);
      JsonNode *existing;

      if (JSON_NODE_HOLDS_NULL (value))
        json_object_remove_member (target, name);
      else if (JSON_NODE_HOLDS_OBJECT (value))
        {
          existing = json_object_get_member (target, name);
          if (existing == NULL || !JSON_NODE_HOLDS_OBJECT (existing))
            {
              json_object_set_object_member (target, name, json_object_new ());
              existing = json_object_get_member (target, name);
            }
          merge_patch (json_node_get_object (existing), json_node_get_object (value));
        }
      else
        json_object_set_member (target, name, json_node_copy (value));
    }
}

static void
handle_replace (SoupServerMessage *msg,
                GHashTable        *route_params,
                gpointer           user_data,
                gboolean           patch)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  const char *id = g_hash_table_lookup (route_params, "id");
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwEntity) current = NULL;
  g_autoptr(HwEntity) entity = NULL;
  g_autoptr(HwEntity) stored = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *erp_field;
  JsonNode *id_node;
  gint64 expected_rev;

  if (!_hw_server_resource_authenticate (resource, msg, TRUE, &principal))
    return;
  if (!if_match_rev (msg, &expected_rev))
    return;
  if (!(current = load_current (resource, msg, id)))
    return;
  if (current->rev != expected_rev)
    {
      respond_stale (msg, current);
      return;
    }
  if (!(node = hw_server_body_json (msg, FALSE, NULL)))
    return;

  if (patch && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *text = hw_entity_to_json_string (current);
      g_autoptr(JsonNode) target = json_from_string (text, NULL);

      merge_patch (json_node_get_object (target), json_node_get_object (node));
      json_node_unref (node);
      node = g_steal_pointer (&target);
    }

  /* The path names the entity; a body naming another one is a mistake, not a move. */
  if (JSON_NODE_HOLDS_OBJECT (node) &&
      (id_node = json_object_get_member (json_node_get_object (node), "id")) != NULL &&
      !JSON_NODE_HOLDS_NULL (id_node) &&
      (json_node_get_value_type (id_node) != G_TYPE_STRING ||
       g_strcmp0 (json_node_get_string (id_node), id) != 0))
    {
      _hw_server_respond_field_problem (msg, "id", "differs from the id in the path");
      return;
    }

  if (!(entity = decode_entity (resource, msg, node)))
    return;
  g_free (entity->id);
  entity->id = g_strdup (current->id);

  if ((erp_field = erp_field_changed (current, entity)) != NULL)
    {
      _hw_server_respond_field_problem (msg, erp_field, ERP_OWNED_MESSAGE);
      return;
    }

  if (resource->type == &hw_order_type)
    take_order_step (current, entity, principal);

  if (!write_with_audit (store, principal, resource->type, current, entity, expected_rev,
                         NULL, (gpointer *) &stored, &error))
    {
      respond_write_error (resource, msg, id, error);
      return;
    }

  respond_entity (msg, SOUP_STATUS_OK, stored);
}

static void
handle_put (SoupServerMessage *msg,
            GHashTable        *route_params,
            gpointer           user_data)
{
  handle_replace (msg, route_params, user_data, FALSE);
}

static void
handle_patch (SoupServerMessage *msg,
              GHashTable        *route_params,
              gpointer           user_data)
{
  handle_replace (msg, route_params, user_data, TRUE);
}

static void
handle_delete (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  Resource *resource = user_data;
  HwStore *store = hw_server_get_store (resource->server);
  const char *id = g_hash_table_lookup (route_params, "id");
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(HwEntity) current = NULL;
  g_autoptr(GError) error = NULL;
  gint64 expected_rev;

  if (!_hw_server_resource_authenticate (resource, msg, TRUE, &principal))
    return;
  if (!if_match_rev (msg, &expected_rev))
    return;
  if (!(current = load_current (resource, msg, id)))
    return;
  if (current->rev != expected_rev)
    {
      respond_stale (msg, current);
      return;
    }

  if (!write_with_audit (store, principal, resource->type, current, NULL, expected_rev, NULL,
                         NULL, &error))
    {
      respond_write_error (resource, msg, id, error);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Routes */

static Resource *
resource_new (GPtrArray          *resources,
              HwServer           *server,
              const HwEntityType *type)
{
  Resource *resource = g_new0 (Resource, 1);

  /* Not a reference: the server owns the router and these, and outlives both. */
  resource->server = server;
  resource->type = type;
  g_ptr_array_add (resources, resource);

  return resource;
}

/**
 * hw_server_resources_add_routes:
 * @server: the server the routes answer for; it keeps their data
 * @router: its router
 *
 * Adds the staff resources of every synced entity type, the changes feed, the audit
 * log and the API tokens of integrations to @router.
 */
void
hw_server_resources_add_routes (HwServer       *server,
                                HwServerRouter *router)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  GPtrArray *resources = g_ptr_array_new_with_free_func (g_free);
  Resource *resource;

  g_return_if_fail (HW_IS_SERVER (server));
  g_return_if_fail (HW_IS_SERVER_ROUTER (router));

  g_object_set_data_full (G_OBJECT (server), "hw-server-resources", resources,
                          (GDestroyNotify) g_ptr_array_unref);

  resource = resource_new (resources, server, NULL);
  hw_server_router_add (router, SOUP_METHOD_GET, "/changes", _hw_server_handle_changes, resource);

  resource = resource_new (resources, server, &hw_audit_entry_type);
  hw_server_router_add (router, SOUP_METHOD_GET, "/audit", _hw_server_handle_audit, resource);

  resource = resource_new (resources, server, &hw_integration_type);
  _hw_server_tokens_add_routes (resource, router);

  for (guint i = 0; types[i] != NULL; i++)
    {
      g_autofree char *collection = NULL;
      g_autofree char *item = NULL;

      if (!(types[i]->flags & HW_ENTITY_SYNCED))
        continue;

      resource = resource_new (resources, server, types[i]);
      collection = g_strconcat ("/", types[i]->plural, NULL);
      item = g_strconcat ("/", types[i]->plural, "/{id}", NULL);

      hw_server_router_add (router, SOUP_METHOD_GET, collection, handle_list, resource);
      hw_server_router_add (router, SOUP_METHOD_POST, collection, handle_create, resource);
      hw_server_router_add (router, SOUP_METHOD_GET, item, handle_get, resource);
      hw_server_router_add (router, SOUP_METHOD_PUT, item, handle_put, resource);
      hw_server_router_add (router, "PATCH", item, handle_patch, resource);
      hw_server_router_add (router, SOUP_METHOD_DELETE, item, handle_delete, resource);
    }
}
