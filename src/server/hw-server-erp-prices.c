/* hw-server-erp-prices.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-erp-private.h"
#include "hw-store.h"

/* POST /erp/prices: price lists, prices and account price agreements in one batch, told
 * apart by the record's "type" and keyed by ERP keys only:
 *
 *   {"type": "price_list", "code": "PL-RETAIL", "name": "…", "currency": "EUR",
 *    "segment": "retail", "is_default": false}
 *       keyed by code
 *   {"type": "price", "price_list_code": "PL-RETAIL", "product_erp_id": "100042",
 *    "valid_from": "2026-01-01T00:00:00Z", "valid_to": null,
 *    "tiers": [{"min_qty": 1, "amount": 1250}, {"min_qty": 10, "amount": 1100}]}
 *       keyed by (price_list_code, product_erp_id, valid_from)
 *   {"type": "agreement", "customer_number": "C-1001", "product_erp_id": "100042",
 *    "currency": "EUR", "valid_from": null, "valid_to": null, "tiers": […]}
 *       keyed by (customer_number, product_erp_id, valid_from)
 *
 * valid_from absent or null is a key of its own (open start). A reference the store does
 * not know is the record's error naming the member; members holding internal ids
 * (price_list_id, product_id, account_id, id) are ignored. The record's tiers replace the
 * stored ones. A batch may name a price list it creates in an earlier record.
 *
 * A record's key in the answer and in the run's errors is its type and key parts joined,
 * e.g. "price:PL-RETAIL/100042/2026-01-01T00:00:00Z" ("-" for an open valid_from). */

static const char * const internal_members[] = {
  "id", "price_list_id", "product_id", "account_id"
};

/* The record without the members that hold internal ids, plus the resolved references. */
static JsonNode *
record_copy (JsonNode *node)
{
  JsonNode *copy = json_node_copy (node);

  for (guint i = 0; i < G_N_ELEMENTS (internal_members); i++)
    json_object_remove_member (json_node_get_object (copy), internal_members[i]);

  return copy;
}

static const char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "-";

  return json_node_get_string (node);
}

static gboolean
import_price_list (const HwErpContext  *context,
                   JsonNode            *node,
                   HwErpOutcome        *outcome,
                   GError             **error)
{
  g_autoptr(JsonNode) copy = record_copy (node);
  g_autoptr(HwPriceList) incoming = NULL;
  g_autoptr(HwPriceList) current = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *code;

  if (!(code = hw_erp_record_string (json_node_get_object (node), "code", outcome)))
    return TRUE;
  outcome->key = g_strconcat ("price_list:", code, NULL);

  incoming = hw_entity_from_json (&hw_price_list_type, copy, &local_error);
  if (incoming == NULL)
    {
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      return TRUE;
    }

  if (!hw_erp_find (context, &hw_price_list_type, "code", code, (gpointer *) &current, error))
    return FALSE;

  return hw_erp_upsert (context, current, incoming, outcome, error);
}

/* The stored price or agreement (@type) whose @owner_field is @owner_id, whose product is
 * @product_id and whose valid_from is @valid_from (HW_NONE: open), or NULL. */
static gboolean
find_dated (const HwErpContext  *context,
            const HwEntityType  *type,
            const char          *owner_field,
            const char          *owner_id,
            const char          *product_id,
            gint64               valid_from,
            gpointer            *out_entity,
            GError             **error)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autofree char *from = NULL;

  hw_query_add_filter (query, owner_field, HW_FILTER_EQ, owner_id);
  hw_query_add_filter (query, "product_id", HW_FILTER_EQ, product_id);
  if (valid_from == HW_NONE)
    {
      hw_query_add_filter (query, "valid_from", HW_FILTER_IS_NULL, NULL);
    }
  else
    {
      from = hw_time_format (valid_from);
      hw_query_add_filter (query, "valid_from", HW_FILTER_EQ, from);
    }
  hw_query_set_limit (query, 1);

  if (!(page = hw_store_list (context->store, type, query, error)))
    return FALSE;

  *out_entity = page->items->len > 0 ? g_ptr_array_steal_index (page->items, 0) : NULL;
  return TRUE;
}

/* A price (@type hw_price_type, owned by a price list) or an agreement (hw_agreement_type,
 * owned by an account): both are keyed by their owner, product and valid_from. */
static gboolean
import_dated (const HwErpContext  *context,
              const HwEntityType  *type,
              const char          *kind,
              JsonNode            *node,
              const char          *owner_member,
              const HwEntityType  *owner_type,
              const char          *owner_key,
              const char          *owner_field,
              HwErpOutcome        *outcome,
              GError             **error)
{
  g_autoptr(JsonNode) copy = record_copy (node);
  g_autoptr(HwEntity) incoming = NULL;
  g_autoptr(HwEntity) current = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *owner_id = NULL;
  g_autofree char *product_id = NULL;
  JsonObject *object = json_node_get_object (node);
  const HwFieldSpec *valid_from;

  outcome->key = g_strdup_printf ("%s:%s/%s/%s", kind, member_text (object, owner_member),
                                  member_text (object, "product_erp_id"),
                                  member_text (object, "valid_from"));

  if (!hw_erp_resolve (context, object, owner_member, owner_type, owner_key, FALSE, outcome,
                       &owner_id, error))
    return FALSE;
  if (owner_id == NULL)
    return TRUE;
  if (!hw_erp_resolve (context, object, "product_erp_id", &hw_product_type, "erp_id", FALSE,
                       outcome, &product_id, error))
    return FALSE;
  if (product_id == NULL)
    return TRUE;

  json_object_set_string_member (json_node_get_object (copy), owner_field, owner_id);
  json_object_set_string_member (json_node_get_object (copy), "product_id", product_id);

  incoming = hw_entity_from_json (type, copy, &local_error);
  if (incoming == NULL)
    {
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      return TRUE;
    }

  valid_from = hw_entity_type_find_field (type, "valid_from");
  if (!find_dated (context, type, owner_field, owner_id, product_id,
                   *HW_FIELD_PTR (incoming, valid_from, gint64), (gpointer *) &current, error))
    return FALSE;

  return hw_erp_upsert (context, current, incoming, outcome, error);
}

static gboolean
import_price_record (const HwErpContext  *context,
                     JsonNode            *node,
                     gpointer             prepared,
                     HwErpOutcome        *outcome,
                     GError             **error)
{
  JsonObject *object = json_node_get_object (node);
  JsonNode *type = json_object_get_member (object, "type");
  const char *name = NULL;

  if (type != NULL && JSON_NODE_HOLDS_VALUE (type) &&
      json_node_get_value_type (type) == G_TYPE_STRING)
    name = json_node_get_string (type);

  if (g_strcmp0 (name, "price_list") == 0)
    return import_price_list (context, node, outcome, error);
  if (g_strcmp0 (name, "price") == 0)
    return import_dated (context, &hw_price_type, name, node, "price_list_code",
                         &hw_price_list_type, "code", "price_list_id", outcome, error);
  if (g_strcmp0 (name, "agreement") == 0)
    return import_dated (context, &hw_price_agreement_type, name, node, "customer_number",
                         &hw_account_type, "customer_number", "account_id", outcome, error);

  hw_erp_outcome_set_error (outcome, "type", "must be one of price_list, price, agreement");
  return TRUE;
}

const HwErpKind hw_erp_prices_kind = {
  .operation = "erp.prices",
  .scope = HW_SERVER_SCOPE_ERP_PRICES,
  .key_member = "key",
  .records = "price records",
  .import = import_price_record,
};
