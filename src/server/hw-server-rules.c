/* hw-server-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-body.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"
#include "hw-server-response.h"
#include "hw-server-rules.h"

/* Staff questions to the rules engine: why a user sees a product at a price
 * (GET /explain), and what a change would do before it is saved (POST /impact). Both
 * answer from the same cached snapshot the channel routes use, and write nothing. */

#define IMPACT_EXAMPLES 10

/**
 * hw_server_get_rules:
 *
 * Returns: (transfer full): the rules snapshot at the store's current revision
 */
HwRules *
hw_server_get_rules (HwServer  *server,
                     GError   **error)
{
  HwRulesCache *cache;

  g_return_val_if_fail (HW_IS_SERVER (server), NULL);

  cache = g_object_get_data (G_OBJECT (server), "hw-server-rules-cache");
  if (cache == NULL)
    {
      cache = hw_rules_cache_new ();
      g_object_set_data_full (G_OBJECT (server), "hw-server-rules-cache", cache,
                              (GDestroyNotify) hw_rules_cache_free);
    }

  return hw_rules_cache_get (cache, hw_server_get_store (server), error);
}

static gboolean
parse_at (SoupServerMessage *msg,
          HwServer          *server,
          const char        *text,
          gint64            *out_at)
{
  if (text == NULL)
    {
      *out_at = hw_store_now (hw_server_get_store (server));
      return TRUE;
    }
  if (!hw_time_parse (text, out_at))
    {
      _hw_server_respond_field_problem (msg, "at", "must be a date and time in ISO 8601, "
                                        "such as 2026-01-31T12:00:00Z");
      return FALSE;
    }
  return TRUE;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_explanation (JsonBuilder   *builder,
                 HwExplanation *explanation)
{
  json_builder_set_member_name (builder, "explanation");
  json_builder_add_value (builder, hw_explanation_to_json (explanation));
}

static void
handle_explain (SoupServerMessage *msg,
                GHashTable        *route_params,
                gpointer           user_data)
{
  static const char * const known[] = { "user", "product", "qty", "at", NULL };
  HwServer *server = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwExplanation) visibility = NULL;
  g_autoptr(HwExplanation) pricing = NULL;
  g_autoptr(HwExplanation) ordering = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  char at_text[HW_TIME_FORMAT_SIZE];
  const char *user_id, *product_id, *qty_text, *account_id;
  GHashTableIter iter;
  const char *name;
  HwPriceResult price;
  HwOrderable orderable;
  gboolean visible = FALSE;
  guint64 qty = 1;
  gint64 at;

  if (!hw_server_authenticate_staff (server, msg, &principal, NULL))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (known, name))
      {
        _hw_server_respond_field_problem (msg, name, "is not a parameter of explain");
        return;
      }

  user_id = g_hash_table_lookup (params, "user");
  product_id = g_hash_table_lookup (params, "product");
  qty_text = g_hash_table_lookup (params, "qty");
  if (user_id == NULL || user_id[0] == '\0')
    {
      _hw_server_respond_field_problem (msg, "user", "must name the customer user");
      return;
    }
  if (product_id == NULL || product_id[0] == '\0')
    {
      _hw_server_respond_field_problem (msg, "product", "must name the product");
      return;
    }
  if (qty_text != NULL && !_hw_server_parse_count (msg, "qty", qty_text, &qty))
    return;
  if (qty > G_MAXINT32)
    {
      _hw_server_respond_field_problem (msg, "qty", "is larger than any order line");
      return;
    }
  if (!parse_at (msg, server, g_hash_table_lookup (params, "at"), &at))
    return;

  if (!(rules = hw_server_get_rules (server, &error)) ||
      !hw_rules_visible (rules, user_id, product_id, at, &visible, &visibility, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }
  account_id = hw_rules_get_user_account (rules, user_id);
  if (!hw_rules_price (rules, account_id, product_id, qty, at, &price, &pricing, &error) ||
      !hw_rules_orderable (rules, user_id, product_id, qty, at, &orderable, &ordering, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_time_format_into (at, at_text);
  json_builder_begin_object (builder);
  add_string_or_null (builder, "user_id", user_id);
  add_string_or_null (builder, "account_id", account_id);
  add_string_or_null (builder, "product_id", product_id);
  json_builder_set_member_name (builder, "qty");
  json_builder_add_int_value (builder, qty);
  add_string_or_null (builder, "at", at_text);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, hw_rules_get_revision (rules));

  json_builder_set_member_name (builder, "visibility");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visible");
  json_builder_add_boolean_value (builder, visible);
  add_explanation (builder, visibility);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "price");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unit_price");
  json_builder_add_int_value (builder, price.unit_price);
  json_builder_set_member_name (builder, "list_price");
  json_builder_add_int_value (builder, price.list_price);
  add_string_or_null (builder, "currency", price.currency);
  add_string_or_null (builder, "source", hw_price_source_to_string (price.source));
  add_string_or_null (builder, "source_id", price.source_id);
  add_string_or_null (builder, "price_list_id", price.price_list_id);
  json_builder_set_member_name (builder, "tier_min_qty");
  json_builder_add_int_value (builder, price.tier_min_qty);
  json_builder_set_member_name (builder, "discount_bp");
  json_builder_add_int_value (builder, price.discount_bp);
  add_string_or_null (builder, "discount_rule_id", price.discount_rule_id);
  add_explanation (builder, pricing);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "orderable");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderable");
  json_builder_add_boolean_value (builder, orderable == HW_ORDERABLE_OK);
  add_string_or_null (builder, "reason", hw_orderable_to_string (orderable));
  add_explanation (builder, ordering);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  hw_server_respond_json (msg, SOUP_STATUS_OK, root);
}

static const HwEntityType *
impact_type (const char *name)
{
  const HwEntityType *types[] = {
    &hw_visibility_rule_type, &hw_catalogue_type, &hw_price_type, &hw_price_agreement_type,
    &hw_discount_rule_type,
  };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i]->name, name))
      return types[i];
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *member,
               gboolean   *out_wrong)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_wrong = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *out_wrong = TRUE;
      return NULL;
    }
  return json_node_get_string (node);
}

static void
handle_impact (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  static const char * const ops[] = { "create", "update", "delete", NULL };
  HwServer *server = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(HwEntity) record = NULL;
  g_autoptr(HwRules) rules = NULL;
  g_autoptr(HwImpact) impact = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  const HwEntityType *type;
  JsonObject *object, *result;
  JsonNode *record_node;
  const char *entity, *op, *id, *at_text;
  gboolean wrong;
  HwRulesChange change;
  char formatted[HW_TIME_FORMAT_SIZE];
  gint64 at;

  if (!hw_server_authenticate_staff (server, msg, &principal, NULL))
    return;
  if (!(body = hw_server_body_json (msg, TRUE, "The body must be a JSON object: "
                                    "{\"entity\", \"op\", \"record\"}.")))
    return;
  object = json_node_get_object (body);

  entity = member_string (object, "entity", &wrong);
  if (!(type = impact_type (entity)))
    {
      _hw_server_respond_field_problem (msg, "entity", "must be visibility_rule, catalogue, "
                                        "price, price_agreement or discount_rule");
      return;
    }
  op = member_string (object, "op", &wrong);
  if (op == NULL || !g_strv_contains (ops, op))
    {
      _hw_server_respond_field_problem (msg, "op", "must be create, update or delete");
      return;
    }
  at_text = member_string (object, "at", &wrong);
  if (wrong)
    {
      _hw_server_respond_field_problem (msg, "at", "must be a date and time in ISO 8601");
      return;
    }
  if (!parse_at (msg, server, at_text, &at))
    return;
  id = member_string (object, "id", &wrong);
  if (wrong || (id != NULL && !hw_uuid_is_valid (id)))
    {
      _hw_server_respond_field_problem (msg, "id", "is not a UUID");
      return;
    }

  record_node = json_object_get_member (object, "record");
  if (g_str_equal (op, "delete") && (record_node == NULL || JSON_NODE_HOLDS_NULL (record_node)))
    record = hw_entity_new (type);
  else if (record_node == NULL || !JSON_NODE_HOLDS_OBJECT (record_node))
    {
      _hw_server_respond_field_problem (msg, "record", "must be the proposed entity, an object");
      return;
    }
  else if (!(record = hw_entity_from_json (type, record_node, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  /* The id may come with the record or beside it; a proposed new entity gets one. */
  if (record->id == NULL && id != NULL)
    record->id = g_strdup (id);
  else if (record->id != NULL && id != NULL && !g_str_equal (record->id, id))
    {
      _hw_server_respond_field_problem (msg, "id", "differs from the record's id");
      return;
    }
  if (record->id == NULL && g_str_equal (op, "create"))
    record->id = hw_uuid_new_time_ordered ();
  if (record->id == NULL)
    {
      _hw_server_respond_field_problem (msg, "id", "must name the entity to change");
      return;
    }

  change.op = g_str_equal (op, "create") ? HW_CHANGE_CREATE
              : g_str_equal (op, "update") ? HW_CHANGE_UPDATE : HW_CHANGE_DELETE;
  change.record = record;

  if (!(rules = hw_server_get_rules (server, &error)) ||
      !(impact = hw_rules_impact (rules, &change, at, IMPACT_EXAMPLES, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  answer = hw_impact_to_json (impact);
  result = json_node_get_object (answer);
  json_object_set_string_member (result, "entity", type->name);
  json_object_set_string_member (result, "op", op);
  json_object_set_string_member (result, "id", record->id);
  hw_time_format_into (at, formatted);
  json_object_set_string_member (result, "at", formatted);
  json_object_set_int_member (result, "revision", hw_rules_get_revision (rules));
  hw_server_respond_json (msg, SOUP_STATUS_OK, answer);
}

/**
 * hw_server_rules_add_routes:
 *
 * Adds GET /explain and POST /impact: any staff role may ask them, as they change nothing.
 */
void
hw_server_rules_add_routes (HwServer       *server,
                            HwServerRouter *router)
{
  g_return_if_fail (HW_IS_SERVER (server));

  hw_server_router_add (router, SOUP_METHOD_GET, "/explain", handle_explain, server);
  hw_server_router_add (router, SOUP_METHOD_POST, "/impact", handle_impact, server);
}
