/* hw-server-channel-orders.c
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
#include "hw-query.h"
#include "hw-server-body.h"
#include "hw-server-channel-private.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"
#include "hw-server-response.h"

/* The orders of the channel API (DESIGN.md §3.3, §4), as a customer user:
 *
 *   POST /channel/orders                {channel?, lines: [{product_id, quantity}]} → 201
 *   GET  /channel/orders?cursor=&limit=&status=   the account's orders, newest first
 *   GET  /channel/orders/{id}                     one of them
 *   POST /channel/orders/{id}/approve             pending_approval → received
 *
 * An order is priced by the server alone: whatever prices a client sends are ignored,
 * every line's unit price is the rules engine's for the account, quantity and moment.
 * Every line must be orderable (the engine's §3.3: visible, not discontinued, the user
 * may order, the quantity meets minimum, multiple and maximum); the answer names every
 * failing line with its field. A total above the user's order limit waits for an
 * account_admin of the same account (pending_approval), else it is received. The
 * Idempotency-Key of a placement is honoured as on staff creates.
 *
 * Orders are the account's own: another account's order answers exactly like one that
 * does not exist. Placing and approving are recorded in the audit log with the customer
 * user as actor ("channel:EMAIL"). */

#define MAX_LINES 500
#define ORDERS_DEFAULT_LIMIT 50
#define ORDERS_MAX_LIMIT 200

/* Who placed or approved an order, for its history and the audit log: fits their
 * 200 characters whatever the email. */
static char *
actor_of (const HwChannelRequest *request)
{
  g_autofree char *actor = g_strconcat ("channel:", request->principal->email, NULL);

  return g_utf8_substring (actor, 0, MIN (g_utf8_strlen (actor, -1), 200));
}

/* Writing orders */

static void
write_order (GString       *out,
             const HwOrder *order)
{
  g_autofree char *placed = hw_time_format (order->placed_at);

  g_string_append (out, "{\"id\":");
  hw_json_write_string (out, HW_ENTITY (order)->id);
  g_string_append (out, ",\"number\":");
  hw_json_write_string (out, order->number);
  g_string_append (out, ",\"status\":");
  hw_json_write_string (out, order->status);
  g_string_append (out, ",\"channel\":");
  hw_json_write_string (out, order->channel);
  g_string_append (out, ",\"user_id\":");
  if (order->user_id != NULL)
    hw_json_write_string (out, order->user_id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"currency\":");
  hw_json_write_string (out, order->currency);
  g_string_append (out, ",\"placed_at\":");
  hw_json_write_string (out, placed);
  g_string_append_printf (out, ",\"total\":%" G_GINT64_FORMAT ",\"lines\":[", order->total);

  for (guint i = 0; i < order->lines->len; i++)
    {
      const HwOrderLine *line = g_ptr_array_index (order->lines, i);

      g_string_append (out, i > 0 ? ",{\"product_id\":" : "{\"product_id\":");
      hw_json_write_string (out, line->product_id);
      g_string_append (out, ",\"sku\":");
      hw_json_write_string (out, line->sku);
      g_string_append (out, ",\"name\":");
      hw_json_write_string (out, line->name);
      g_string_append_printf (out, ",\"quantity\":%" G_GINT64_FORMAT
                              ",\"unit_price\":%" G_GINT64_FORMAT
                              ",\"line_total\":%" G_GINT64_FORMAT "}",
                              line->quantity, line->unit_price, line->line_total);
    }

  /* Who took a step (staff, the ERP) is the wholesaler's business: statuses and times. */
  g_string_append (out, "],\"history\":[");
  for (guint i = 0; i < order->history->len; i++)
    {
      const HwOrderEvent *event = g_ptr_array_index (order->history, i);
      g_autofree char *at = hw_time_format (event->at);

      g_string_append (out, i > 0 ? ",{\"status\":" : "{\"status\":");
      hw_json_write_string (out, event->status);
      g_string_append (out, ",\"at\":");
      hw_json_write_string (out, at);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static void
respond_order (SoupServerMessage *msg,
               guint              status,
               const HwOrder     *order)
{
  GString *out = g_string_sized_new (1024);

  write_order (out, order);
  hw_server_respond_json_text (msg, status, out);
}

/* One error per failing field, all in one 422 problem. */
typedef struct
{
  GPtrArray *fields;    /* char * */
  GPtrArray *messages;  /* char * */
} FieldErrors;

static void
field_errors_add (FieldErrors *errors,
                  guint        index,
                  const char  *member,
                  const char  *format,
                  ...) G_GNUC_PRINTF (4, 5);

static void
field_errors_add (FieldErrors *errors,
                  guint        index,
                  const char  *member,
                  const char  *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (errors->fields, g_strdup_printf ("lines[%u].%s", index, member));
  g_ptr_array_add (errors->messages, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
respond_field_errors (SoupServerMessage *msg,
                      FieldErrors       *errors)
{
  g_autoptr(JsonNode) problem = NULL;
  JsonArray *list = json_array_new ();

  problem = hw_server_problem_new (SOUP_STATUS_UNPROCESSABLE_ENTITY,
                                   "Some lines of the order cannot be ordered as they are.");
  for (guint i = 0; i < errors->fields->len; i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "field", g_ptr_array_index (errors->fields, i));
      json_object_set_string_member (item, "message", g_ptr_array_index (errors->messages, i));
      json_array_add_object_element (list, item);
    }
  json_object_set_array_member (json_node_get_object (problem), "errors", list);
  hw_server_problem_respond (msg, problem);
}

/* Writes @order (created when @previous is NULL, else replacing it) with its audit entry
 * and, for a create with @idempotency, the saved answer, in one transaction. */
static gboolean
write_order_with_audit (HwStore              *store,
                        const HwChannelRequest *request,
                        const HwOrder        *previous,
                        HwOrder              *order,
                        HwIdempotencyRecord  *idempotency,
                        HwOrder             **out_stored,
                        GError              **error)
{
  g_autoptr(HwAuditEntry) entry = hw_audit_entry_new ();
  g_autoptr(HwOrder) stored = NULL;

  if (!hw_store_begin (store, error))
    return FALSE;

  if (previous == NULL ? !hw_store_create (store, order, error)
                       : !hw_store_update (store, order, HW_ENTITY (previous)->rev, error))
    goto failed;
  if (!(stored = hw_store_get (store, &hw_order_type, HW_ENTITY (order)->id, error)))
    goto failed;

  entry->actor = actor_of (request);
  entry->entity = g_strdup (hw_order_type.name);
  entry->entity_id = g_strdup (HW_ENTITY (stored)->id);
  entry->action = g_strdup (previous == NULL ? "create" : "update");
  entry->at = hw_store_now (store);
  entry->before = previous != NULL ? hw_entity_to_json_string (previous) : NULL;
  entry->after = hw_entity_to_json_string (stored);
  if (!hw_store_create (store, entry, error))
    goto failed;

  if (idempotency != NULL)
    {
      GString *body = g_string_sized_new (1024);

      write_order (body, stored);
      idempotency->status = SOUP_STATUS_CREATED;
      idempotency->location = g_strdup_printf ("%s/channel/orders/%s", HW_SERVER_API_PREFIX,
                                               HW_ENTITY (stored)->id);
      idempotency->body = g_string_free (body, FALSE);
      if (!hw_store_save_idempotency_key (store, idempotency, error))
        goto failed;
    }

  if (!hw_store_commit (store, error))
    return FALSE;

  *out_stored = g_steal_pointer (&stored);
  return TRUE;

failed:
  hw_store_rollback (store);
  return FALSE;
}

/* Placing an order */

/* Adds line @index of the request to @order, priced by the engine, or its errors to
 * @errors. Returns FALSE only when the engine or the store failed (with @error set), or
 * when the user may not order at all (answered 403 on @msg, @error unset). */
static gboolean
add_line (HwChannel          *channel,
          HwChannelRequest   *request,
          SoupServerMessage  *msg,
          JsonNode           *node,
          guint               index,
          const char         *currency,
          HwOrder            *order,
          FieldErrors        *errors,
          GError            **error)
{
  const HwProduct *product;
  HwPriceResult price;
  HwOrderable orderable;
  JsonObject *object;
  JsonNode *member;
  const char *product_id;
  gboolean visible;
  gint64 qty;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      field_errors_add (errors, index, "product_id", "the line must be an object");
      return TRUE;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "product_id");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    {
      field_errors_add (errors, index, "product_id", "is required, a product id");
      return TRUE;
    }
  product_id = json_node_get_string (member);

  member = json_object_get_member (object, "quantity");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64 || json_node_get_int (member) < 1)
    {
      field_errors_add (errors, index, "quantity", "is required, a whole number of at least 1");
      return TRUE;
    }
  qty = json_node_get_int (member);

  /* A product the user cannot see is one that does not exist. */
  if (!hw_channel_is_visible (request, product_id, &visible, error))
    return FALSE;
  if (!visible)
    {
      field_errors_add (errors, index, "product_id", "is not a product of your assortment");
      return TRUE;
    }

  if (!(product = hw_channel_get_product (channel, request, product_id, error)))
    return FALSE;

  if (!hw_rules_orderable (request->rules, request->principal->user_id, product_id, qty,
                           request->now, &orderable, NULL, error))
    return FALSE;

  switch (orderable)
    {
    case HW_ORDERABLE_OK:
      break;

    case HW_ORDERABLE_USER_INACTIVE:
    case HW_ORDERABLE_ACCOUNT_BLOCKED:
    case HW_ORDERABLE_CANNOT_ORDER:
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "This user may not place orders; ask your account's administrator.");
      return FALSE;

    case HW_ORDERABLE_NOT_VISIBLE:
      field_errors_add (errors, index, "product_id", "is not a product of your assortment");
      return TRUE;

    case HW_ORDERABLE_DISCONTINUED:
      field_errors_add (errors, index, "product_id", "is discontinued and cannot be ordered");
      return TRUE;

    case HW_ORDERABLE_BELOW_MINIMUM:
      field_errors_add (errors, index, "quantity", "must be at least %" G_GINT64_FORMAT,
                        product->min_qty);
      return TRUE;

    case HW_ORDERABLE_NOT_MULTIPLE:
      field_errors_add (errors, index, "quantity", "must be a multiple of %" G_GINT64_FORMAT,
                        product->order_multiple);
      return TRUE;

    case HW_ORDERABLE_ABOVE_MAXIMUM:
      field_errors_add (errors, index, "quantity", "must be at most %" G_GINT64_FORMAT,
                        product->max_qty);
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  if (!hw_rules_price (request->rules, request->principal->account_id, product_id, qty,
                       request->now, &price, NULL, error))
    return FALSE;

  if (g_strcmp0 (price.currency, currency) != 0)
    {
      field_errors_add (errors, index, "product_id", "has no price in %s", currency);
      return TRUE;
    }

  /* Totals are int64 minor units: a quantity that cannot be totalled is refused. */
  if (price.unit_price > 0 && qty > (G_MAXINT64 / MAX_LINES) / price.unit_price)
    {
      field_errors_add (errors, index, "quantity", "is too large");
      return TRUE;
    }

  hw_order_add_line (order, product_id, product->sku,
                     product->display_name != NULL ? product->display_name : product->name,
                     qty, price.unit_price);
  return TRUE;
}

static const char *
channel_of (SoupServerMessage *msg,
            JsonObject        *object)
{
  static const char * const channels[] = { "webshop", "app", "api", NULL };
  JsonNode *member = json_object_get_member (object, "channel");
  const char *value;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return "api";

  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_STRING ||
      !g_strv_contains (channels, (value = json_node_get_string (member))))
    {
      _hw_server_respond_field_problem (msg, "channel", "must be webshop, app or api");
      return NULL;
    }

  return value;
}

static char *
order_number (const HwOrder *order,
              gint64         now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autofree char *day = g_date_time_format (time, "%Y%m%d");
  g_autofree char *hex = g_strdelimit (g_strdup (HW_ENTITY (order)->id), "-", 'x');
  g_autofree char *tail = NULL;
  gsize length = strlen (hex);

  /* The end of a time-ordered UUID is random: unique in practice, and the store's
   * uniqueness check catches the rest. */
  tail = g_ascii_strup (hex + (length > 12 ? length - 12 : 0), -1);
  return g_strdup_printf ("CH-%s-%s", day, tail);
}

static void
handle_place (SoupServerMessage *msg,
              GHashTable        *route_params,
              gpointer           user_data)
{
  HwChannel *channel = user_data;
  HwStore *store = hw_server_get_store (hw_channel_get_server (channel));
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(HwIdempotencyRecord) idempotency = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(HwAccount) account = NULL;
  g_autoptr(HwOrder) order = NULL;
  g_autoptr(HwOrder) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *principal_id = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *location = NULL;
  g_autofree char *actor = NULL;
  FieldErrors errors = { NULL, NULL };
  const char *key;
  const char *channel_name;
  JsonNode *lines_node;
  JsonArray *lines;
  gboolean needs_approval;

  if (!hw_channel_request_begin (channel, msg, handle_place, route_params, &request))
    return;
  if (!_hw_server_idempotency_key_of (msg, &key))
    return;

  /* Keys are the user's own: never shared with staff or other users. */
  principal_id = g_strconcat ("channel:", request.principal->user_id, NULL);
  if (key != NULL)
    {
      fingerprint = _hw_server_request_fingerprint (msg);
      if (_hw_server_replay_idempotent (store, msg, principal_id, key, fingerprint))
        return;
    }

  if (!(root = hw_server_body_json (msg, TRUE,
                                    "The request body must be a JSON object with lines.")))
    return;
  if (!(channel_name = channel_of (msg, json_node_get_object (root))))
    return;

  lines_node = json_object_get_member (json_node_get_object (root), "lines");
  if (lines_node == NULL || !JSON_NODE_HOLDS_ARRAY (lines_node) ||
      json_array_get_length (json_node_get_array (lines_node)) == 0)
    {
      _hw_server_respond_field_problem (msg, "lines", "is required, a non-empty array");
      return;
    }
  lines = json_node_get_array (lines_node);
  if (json_array_get_length (lines) > MAX_LINES)
    {
      _hw_server_respond_field_problem (msg, "lines", "has more than 500 lines");
      return;
    }

  if (!(account = hw_store_get (store, &hw_account_type, request.principal->account_id, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  order = hw_order_new ();
  HW_ENTITY (order)->id = hw_uuid_new_time_ordered ();
  order->account_id = g_strdup (request.principal->account_id);
  order->user_id = g_strdup (request.principal->user_id);
  order->channel = g_strdup (channel_name);
  order->currency = g_strdup (account->currency);
  order->placed_at = request.now;
  order->number = order_number (order, request.now);

  errors.fields = g_ptr_array_new_with_free_func (g_free);
  errors.messages = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (!add_line (channel, &request, msg, json_array_get_element (lines, i), i,
                   account->currency, order, &errors, &error))
      {
        if (error != NULL)
          hw_server_problem_from_error (msg, error);
        goto out;
      }

  if (errors.fields->len > 0)
    {
      respond_field_errors (msg, &errors);
      goto out;
    }

  for (guint i = 0; i < order->lines->len; i++)
    {
      const HwOrderLine *line = g_ptr_array_index (order->lines, i);

      order->total += line->quantity * line->unit_price;
    }
  if (!hw_rules_needs_approval (request.rules, request.principal->user_id, order->total,
                                &needs_approval, &error))
    {
      hw_server_problem_from_error (msg, error);
      goto out;
    }
  order->status = g_strdup (needs_approval ? "pending_approval" : "received");
  actor = actor_of (&request);
  hw_order_add_event (order, order->status, order->placed_at, actor, NULL);

  if (key != NULL)
    {
      idempotency = hw_idempotency_record_new ();
      idempotency->principal = g_strdup (principal_id);
      idempotency->key = g_strdup (key);
      idempotency->fingerprint = g_strdup (fingerprint);
    }

  if (!write_order_with_audit (store, &request, NULL, order, idempotency, &stored, &error))
    {
      /* Another request with the key may have won the race: answer as its retry. */
      if (key == NULL || !g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE) ||
          !_hw_server_replay_idempotent (store, msg, principal_id, key, fingerprint))
        hw_server_problem_from_error (msg, error);
      goto out;
    }

  hw_server_log (G_LOG_LEVEL_INFO, "channel order placed",
                 "order_id", HW_ENTITY (stored)->id,
                 "user_id", request.principal->user_id,
                 "status", stored->status,
                 NULL);

  if (idempotency != NULL)
    {
      _hw_server_respond_idempotent (msg, idempotency, FALSE);
      goto out;
    }

  location = g_strdup_printf ("%s/channel/orders/%s", HW_SERVER_API_PREFIX,
                              HW_ENTITY (stored)->id);
  respond_order (msg, SOUP_STATUS_CREATED, stored);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Location", location);

out:
  g_ptr_array_unref (errors.fields);
  g_ptr_array_unref (errors.messages);
}

/* Reading orders */

/* The order @id if it is the caller's account's; else answers 404 and returns NULL. */
static HwOrder *
own_order (HwStore           *store,
           HwChannelRequest  *request,
           SoupServerMessage *msg,
           const char        *id)
{
  g_autoptr(HwOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = hw_store_get (store, &hw_order_type, id, &error);
  if (order == NULL && !g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      hw_server_problem_from_error (msg, error);
      return NULL;
    }

  if (order == NULL || g_strcmp0 (order->account_id, request->principal->account_id) != 0)
    {
      hw_channel_respond_not_found (msg, "order");
      return NULL;
    }

  return g_steal_pointer (&order);
}

static void
handle_order (SoupServerMessage *msg,
              GHashTable        *route_params,
              gpointer           user_data)
{
  HwChannel *channel = user_data;
  HwStore *store = hw_server_get_store (hw_channel_get_server (channel));
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(HwOrder) order = NULL;

  if (!hw_channel_request_begin (channel, msg, handle_order, route_params, &request))
    return;
  if (!(order = own_order (store, &request, msg, g_hash_table_lookup (route_params, "id"))))
    return;

  respond_order (msg, SOUP_STATUS_OK, order);
}

static void
handle_orders (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  static const char * const statuses[] = {
    "pending_approval", "received", "exported", "confirmed", "shipped", "completed",
    "rejected", "cancelled", "failed", NULL
  };
  HwChannel *channel = user_data;
  HwStore *store = hw_server_get_store (hw_channel_get_server (channel));
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  const char *name;
  const char *value;
  GString *out;

  if (!hw_channel_request_begin (channel, msg, handle_orders, route_params, &request))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;

  hw_query_set_limit (query, ORDERS_DEFAULT_LIMIT);
  hw_query_set_sort (query, "placed_at", TRUE);
  hw_query_add_filter (query, "account_id", HW_FILTER_EQ, request.principal->account_id);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (g_str_equal (name, "limit"))
        {
          guint64 limit;

          if (!_hw_server_parse_count (msg, name, value, &limit))
            return;
          hw_query_set_limit (query, (guint) MIN (limit, ORDERS_MAX_LIMIT));
        }
      else if (g_str_equal (name, "cursor"))
        {
          hw_query_set_after (query, value);
        }
      else if (g_str_equal (name, "status") && g_strv_contains (statuses, value))
        {
          hw_query_add_filter (query, "status", HW_FILTER_EQ, value);
        }
      else
        {
          _hw_server_respond_field_problem (msg, name,
                                            g_str_equal (name, "status")
                                              ? "is not an order status"
                                              : "is not a parameter of this endpoint");
          return;
        }
    }

  if (!(page = hw_store_list (store, &hw_order_type, query, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  out = g_string_sized_new (4096);
  g_string_append (out, "{\"items\":[");
  for (guint i = 0; i < page->items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_order (out, g_ptr_array_index (page->items, i));
    }
  g_string_append (out, "],\"next_cursor\":");
  if (page->next_cursor != NULL)
    hw_json_write_string (out, page->next_cursor);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');

  hw_server_respond_json_text (msg, SOUP_STATUS_OK, out);
}

/* Approval */

static void
handle_approve (SoupServerMessage *msg,
                GHashTable        *route_params,
                gpointer           user_data)
{
  HwChannel *channel = user_data;
  HwStore *store = hw_server_get_store (hw_channel_get_server (channel));
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(HwOrder) order = NULL;
  g_autoptr(HwOrder) approved = NULL;
  g_autoptr(HwOrder) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *actor = NULL;

  if (!hw_channel_request_begin (channel, msg, handle_approve, route_params, &request))
    return;
  if (!(order = own_order (store, &request, msg, g_hash_table_lookup (route_params, "id"))))
    return;

  if (g_strcmp0 (request.user->role, "account_admin") != 0)
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Only an account administrator may approve orders.");
      return;
    }

  if (g_strcmp0 (order->status, "pending_approval") != 0)
    {
      g_autofree char *detail = g_strdup_printf ("The order is %s, not waiting for approval.",
                                                 order->status);

      hw_server_problem (msg, SOUP_STATUS_CONFLICT, detail);
      return;
    }

  approved = hw_entity_copy (order);
  HW_ENTITY (approved)->rev = 0;
  HW_ENTITY (approved)->updated_at = 0;
  g_free (approved->status);
  approved->status = g_strdup ("received");
  actor = actor_of (&request);
  hw_order_add_event (approved, "received", request.now, actor, "approved");

  if (!write_order_with_audit (store, &request, order, approved, NULL, &stored, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_server_log (G_LOG_LEVEL_INFO, "channel order approved",
                 "order_id", HW_ENTITY (stored)->id,
                 "user_id", request.principal->user_id,
                 NULL);
  respond_order (msg, SOUP_STATUS_OK, stored);
}

void
_hw_server_channel_orders_add_routes (HwChannel      *channel,
                                      HwServerRouter *router)
{
  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/orders", handle_orders, channel);
  hw_server_router_add (router, SOUP_METHOD_POST, "/channel/orders", handle_place, channel);
  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/orders/{id}", handle_order, channel);
  hw_server_router_add (router, SOUP_METHOD_POST, "/channel/orders/{id}/approve",
                        handle_approve, channel);
}
