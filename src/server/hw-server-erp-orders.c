/* hw-server-erp-orders.c
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
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-body.h"
#include "hw-server-erp.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"
#include "hw-server-response.h"
#include "hw-store.h"

/* The order export for the ERP (DESIGN.md §3.4 order lifecycle, §4 ERP endpoints), for an
 * integration's API token with the scope erp.orders:
 *
 *   GET  /erp/orders?status=received&limit=N&cursor=C   the orders to pull, oldest placed
 *                                                       first (status received or exported)
 *   POST /erp/orders/{id}/ack   {"erp_reference": "…"|null}
 *                               received → exported (without a reference), received →
 *                               exported → confirmed or exported → confirmed (with one)
 *   POST /erp/orders/{id}/fail  {"reason": "…"}   received or exported → failed
 *
 * A replayed ack or fail that the order already reflects answers 200 without writing. A
 * step the lifecycle does not allow answers 409 naming the order's status. Every change is
 * one transaction with its audit entry (actor integration:<id>); the history steps carry
 * the actor integration:<name or id>. */

#define MAX_REASON_CHARS 2000

typedef struct
{
  HwServer *server;
} ErpOrders;

/* Answers 401 or 403 unless the caller is an integration with the scope erp.orders. */
static gboolean
authorize (ErpOrders          *self,
           SoupServerMessage  *msg,
           HwServerPrincipal **out_principal)
{
  g_autoptr(HwServerPrincipal) principal = NULL;

  if (!hw_server_authenticate (self->server, msg, &principal, NULL))
    return FALSE;
  if (principal->kind != HW_SERVER_PRINCIPAL_API ||
      !hw_server_principal_has_scope (principal, HW_SERVER_SCOPE_ERP_ORDERS))
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "This endpoint needs an integration's API token with the scope "
                         HW_SERVER_SCOPE_ERP_ORDERS ".");
      return FALSE;
    }

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

static void
handle_list (SoupServerMessage *msg,
             GHashTable        *route_params,
             gpointer           user_data)
{
  ErpOrders *self = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *status = "received";
  GHashTableIter iter;
  const char *name;
  const char *value;

  if (!authorize (self, msg, &principal))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (g_str_equal (name, "limit"))
        {
          guint64 limit;

          if (!_hw_server_parse_count (msg, name, value, &limit))
            return;
          hw_query_set_limit (query, (guint) MIN (limit, HW_QUERY_MAX_LIMIT));
        }
      else if (g_str_equal (name, "cursor"))
        hw_query_set_after (query, value);
      else if (g_str_equal (name, "status"))
        {
          if (!g_str_equal (value, "received") && !g_str_equal (value, "exported"))
            {
              _hw_server_respond_field_problem (msg, name, "must be received or exported");
              return;
            }
          status = value;
        }
      else
        {
          _hw_server_respond_field_problem (msg, name,
                                            "is not a parameter of the ERP order export");
          return;
        }
    }

  hw_query_add_filter (query, "status", HW_FILTER_EQ, status);
  hw_query_set_sort (query, "placed_at", FALSE);

  page = hw_store_list (hw_server_get_store (self->server), &hw_order_type, query, &error);
  if (page == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  _hw_server_respond_page (msg, page);
}

/* A string member of @object: @out_value is NULL when it is absent or null. Answers 422
 * when it is something else, empty, holds a NUL or is longer than @max_chars. */
static gboolean
optional_text (SoupServerMessage  *msg,
               JsonObject         *object,
               const char         *name,
               guint               max_chars,
               const char        **out_value)
{
  JsonNode *node = json_object_get_member (object, name);
  const char *value;
  g_autofree char *message = NULL;

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _hw_server_respond_field_problem (msg, name, "must be a string");
      return FALSE;
    }

  value = json_node_get_string (node);
  if (value[0] == '\0')
    {
      _hw_server_respond_field_problem (msg, name, "must not be empty");
      return FALSE;
    }
  if (g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      message = g_strdup_printf ("must be at most %u characters", max_chars);
      _hw_server_respond_field_problem (msg, name, message);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

static void
respond_order (SoupServerMessage *msg,
               HwOrder           *order)
{
  g_autoptr(JsonNode) answer = hw_entity_to_json (order);

  hw_server_respond_json (msg, SOUP_STATUS_OK, answer);
}

static void
respond_conflict (SoupServerMessage *msg,
                  HwOrder           *order,
                  const char        *what)
{
  g_autofree char *detail = NULL;

  detail = g_strdup_printf ("The order is %s; %s.", order->status, what);
  hw_server_problem (msg, SOUP_STATUS_CONFLICT, detail);
}

/* Loads the order of the route; answers 404 (or 503) otherwise. */
static HwOrder *
load_order (ErpOrders         *self,
            SoupServerMessage *msg,
            GHashTable        *route_params)
{
  g_autoptr(GError) error = NULL;
  HwOrder *order;

  order = hw_store_get (hw_server_get_store (self->server), &hw_order_type,
                        g_hash_table_lookup (route_params, "id"), &error);
  if (order == NULL)
    hw_server_problem_from_error (msg, error);

  return order;
}

/* "integration:<name>", or "integration:<id>" when the integration has no name. */
static char *
history_actor (HwStore                 *store,
               const HwServerPrincipal *principal)
{
  g_autoptr(HwIntegration) integration = NULL;

  integration = hw_store_get (store, &hw_integration_type, principal->integration_id, NULL);
  if (integration != NULL && integration->name != NULL && integration->name[0] != '\0')
    return g_strconcat ("integration:", integration->name, NULL);

  return g_strconcat ("integration:", principal->integration_id, NULL);
}

/* One step of @order to @status, taken by @actor, inside the open transaction. */
static gboolean
step (HwStore     *store,
      HwOrder     *order,
      const char  *status,
      const char  *actor,
      const char  *note,
      gint64       expected_rev,
      GError     **error)
{
  g_free (order->status);
  order->status = g_strdup (status);
  hw_order_add_event (order, status, hw_store_now (store), actor, note);

  return hw_store_update (store, order, expected_rev, error);
}

/* The steps to @statuses (NULL-terminated) and the audit entry, in one transaction;
 * answers with the stored order. */
static void
change (ErpOrders               *self,
        SoupServerMessage       *msg,
        const HwServerPrincipal *principal,
        HwOrder                 *order,
        const char * const      *statuses,
        const char              *note,
        const char              *operation)
{
  HwStore *store = hw_server_get_store (self->server);
  g_autoptr(HwAuditEntry) entry = hw_audit_entry_new ();
  g_autoptr(HwOrder) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = history_actor (store, principal);
  g_autofree char *before = hw_entity_to_json_string (order);
  gint64 expected_rev = HW_ENTITY (order)->rev;

  if (!hw_store_begin (store, &error))
    goto failed;

  for (guint i = 0; statuses[i] != NULL; i++)
    {
      if (!step (store, order, statuses[i], actor, note, i == 0 ? expected_rev : -1, &error))
        goto rollback;
    }

  if (!(stored = hw_store_get (store, &hw_order_type, HW_ENTITY (order)->id, &error)))
    goto rollback;

  entry->actor = g_strconcat ("integration:", principal->integration_id, NULL);
  entry->entity = g_strdup (hw_order_type.name);
  entry->entity_id = g_strdup (HW_ENTITY (stored)->id);
  entry->action = g_strdup ("update");
  entry->at = hw_store_now (store);
  entry->before = g_steal_pointer (&before);
  entry->after = hw_entity_to_json_string (stored);
  if (!hw_store_create (store, entry, &error))
    goto rollback;

  if (!hw_store_commit (store, &error))
    goto rollback;

  respond_order (msg, stored);
  hw_server_log (G_LOG_LEVEL_INFO, "erp order",
                 "operation", operation,
                 "integration_id", principal->integration_id,
                 "order_id", HW_ENTITY (stored)->id,
                 "status", stored->status,
                 NULL);
  return;

rollback:
  hw_store_rollback (store);
failed:
  hw_server_problem_from_error (msg, error);
}

static void
handle_ack (SoupServerMessage *msg,
            GHashTable        *route_params,
            gpointer           user_data)
{
  ErpOrders *self = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HwOrder) order = NULL;
  const char *reference;

  if (!authorize (self, msg, &principal))
    return;
  if (!(root = hw_server_body_json (msg, TRUE,
                                    "The request body must be a JSON object with erp_reference.")))
    return;
  if (!optional_text (msg, json_node_get_object (root), "erp_reference", 64, &reference))
    return;
  if (!(order = load_order (self, msg, route_params)))
    return;

  if (reference == NULL)
    {
      static const char * const to_exported[] = { "exported", NULL };

      if (g_str_equal (order->status, "exported"))
        respond_order (msg, order);
      else if (g_str_equal (order->status, "received"))
        change (self, msg, principal, order, to_exported, NULL, "erp.orders.ack");
      else
        respond_conflict (msg, order, "only a received order can be exported");
      return;
    }

  if (g_str_equal (order->status, "confirmed") &&
      g_strcmp0 (order->erp_reference, reference) == 0)
    {
      respond_order (msg, order);
      return;
    }

  if (g_str_equal (order->status, "received") || g_str_equal (order->status, "exported"))
    {
      static const char * const from_received[] = { "exported", "confirmed", NULL };
      static const char * const from_exported[] = { "confirmed", NULL };

      g_free (order->erp_reference);
      order->erp_reference = g_strdup (reference);
      change (self, msg, principal, order,
              g_str_equal (order->status, "received") ? from_received : from_exported,
              NULL, "erp.orders.ack");
      return;
    }

  if (g_str_equal (order->status, "confirmed"))
    respond_conflict (msg, order, "it is confirmed with another ERP reference");
  else
    respond_conflict (msg, order, "only a received or exported order can be confirmed");
}

static void
handle_fail (SoupServerMessage *msg,
             GHashTable        *route_params,
             gpointer           user_data)
{
  ErpOrders *self = user_data;
  static const char * const to_failed[] = { "failed", NULL };
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HwOrder) order = NULL;
  const char *reason;

  if (!authorize (self, msg, &principal))
    return;
  if (!(root = hw_server_body_json (msg, TRUE,
                                    "The request body must be a JSON object with reason.")))
    return;
  if (!optional_text (msg, json_node_get_object (root), "reason", MAX_REASON_CHARS, &reason))
    return;
  if (reason == NULL)
    {
      _hw_server_respond_field_problem (msg, "reason", "is required");
      return;
    }
  if (!(order = load_order (self, msg, route_params)))
    return;

  if (g_str_equal (order->status, "failed") && g_strcmp0 (order->failure_reason, reason) == 0)
    {
      respond_order (msg, order);
      return;
    }

  if (!g_str_equal (order->status, "received") && !g_str_equal (order->status, "exported"))
    {
      respond_conflict (msg, order, "only a received or exported order can fail");
      return;
    }

  g_free (order->failure_reason);
  order->failure_reason = g_strdup (reason);
  change (self, msg, principal, order, to_failed, reason, "erp.orders.fail");
}

/**
 * hw_server_erp_orders_add_routes:
 * @server: the server the routes answer for; it keeps their data
 * @router: its router
 *
 * Adds the ERP order export endpoints to @router.
 */
void
hw_server_erp_orders_add_routes (HwServer       *server,
                                 HwServerRouter *router)
{
  ErpOrders *self;

  g_return_if_fail (HW_IS_SERVER (server));
  g_return_if_fail (HW_IS_SERVER_ROUTER (router));

  self = g_new0 (ErpOrders, 1);
  self->server = server;
  g_object_set_data_full (G_OBJECT (server), "hw-server-erp-orders", self, g_free);

  hw_server_router_add (router, SOUP_METHOD_GET, "/erp/orders", handle_list, self);
  hw_server_router_add (router, SOUP_METHOD_POST, "/erp/orders/{id}/ack", handle_ack, self);
  hw_server_router_add (router, SOUP_METHOD_POST, "/erp/orders/{id}/fail", handle_fail, self);
}
