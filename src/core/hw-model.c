/* hw-model.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-model"

#include "config.h"

#include <string.h>

#include "hw-model.h"

/* Field descriptions. The order of the fields is the order of JSON members and SQL
 * columns; it never changes meaning, so it may grow at the end only with a migration. */

#define F_TEXT(S, f, fl, max) \
  { .name = #f, .kind = HW_FIELD_TEXT, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .max_length = (max) }
#define F_JSON(S, f, fl) \
  { .name = #f, .kind = HW_FIELD_JSON, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .max_length = 1000000 }
#define F_INT(S, f, fl, def) \
  { .name = #f, .kind = HW_FIELD_INT, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .default_int = (def) }
#define F_BOOL(S, f, fl, def) \
  { .name = #f, .kind = HW_FIELD_BOOL, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .default_int = (def) }
#define F_TIME(S, f, fl) \
  { .name = #f, .kind = HW_FIELD_TIME, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f) }
#define F_ENUM(S, f, fl, vals) \
  { .name = #f, .kind = HW_FIELD_ENUM, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .values = (vals) }
#define F_REF(S, f, fl, type) \
  { .name = #f, .kind = HW_FIELD_REF, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .ref = &(type) }
#define F_CURRENCY(S, f, fl) \
  { .name = #f, .kind = HW_FIELD_CURRENCY, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f) }
#define F_STRV(S, f, fl) \
  { .name = #f, .kind = HW_FIELD_STRV, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .max_length = 200 }
#define F_CHILDREN(S, f, fl, ct) \
  { .name = #f, .kind = HW_FIELD_CHILDREN, .flags = (fl), .offset = G_STRUCT_OFFSET (S, f), \
    .child = &(ct) }

#define REQ  HW_FIELD_REQUIRED
#define OPT  HW_FIELD_NULLABLE
#define UNIQ HW_FIELD_UNIQUE
#define ERP  HW_FIELD_ERP
#define COMP HW_FIELD_COMPUTED
#define NNEG HW_FIELD_NONNEG
#define POS  HW_FIELD_POSITIVE

#define DEFINE_CHILD(c_name, Struct, field_table)                        \
  static void c_name##_free (gpointer row);                              \
  const HwChildType hw_##c_name##_child = {                              \
    .free_func = c_name##_free,                                          \
    .struct_size = sizeof (Struct),                                      \
    .fields = field_table,                                               \
    .n_fields = G_N_ELEMENTS (field_table),                              \
  };                                                                     \
  static void c_name##_free (gpointer row)                               \
  {                                                                      \
    hw_child_free (&hw_##c_name##_child, row);                           \
  }

#define DEFINE_ENTITY(e_name, Struct, plural_name, table_name, sort, fl, field_table) \
  const HwEntityType hw_##e_name##_type = {                                         \
    .name = #e_name,                                                                \
    .plural = plural_name,                                                          \
    .table = table_name,                                                            \
    .sort_field = sort,                                                             \
    .struct_size = sizeof (Struct),                                                 \
    .flags = (fl),                                                                  \
    .fields = field_table,                                                          \
    .n_fields = G_N_ELEMENTS (field_table),                                         \
  };                                                                                \
  Struct *                                                                          \
  hw_##e_name##_new (void)                                                          \
  {                                                                                 \
    return hw_entity_new (&hw_##e_name##_type);                                     \
  }

static const char * const attribute_types[] = { "text", "number", "boolean", "enum", NULL };
static const char * const product_statuses[] = { "active", "discontinued", "blocked", NULL };
static const char * const relation_kinds[] = {
  "variant", "accessory", "replacement", "spare_part", "related", NULL
};
static const char * const catalogue_defaults[] = { "all", "none", NULL };
static const char * const catalogue_targets[] = { "category", "product", NULL };
static const char * const catalogue_effects[] = { "include", "exclude", NULL };
static const char * const address_kinds[] = { "billing", "shipping", NULL };
static const char * const account_statuses[] = { "active", "blocked", NULL };
static const char * const user_roles[] = {
  "buyer", "planner", "operational", "account_admin", NULL
};
static const char * const rule_scopes[] = { "all", "segment", "role", "account", "user", NULL };
static const char * const rule_targets[] = { "product", "category", "attribute", NULL };
static const char * const rule_effects[] = { "show", "hide", NULL };
static const char * const discount_scopes[] = { "account", "segment", NULL };
static const char * const discount_targets[] = { "product", "category", "brand", NULL };
static const char * const order_channels[] = { "webshop", "app", "api", NULL };
static const char * const order_statuses[] = {
  "pending_approval", "received", "exported", "confirmed", "shipped", "completed",
  "rejected", "cancelled", "failed", NULL
};
static const char * const integration_kinds[] = {
  "erp", "pim", "data_provider", "webhook", NULL
};
static const char * const integration_statuses[] = { "active", "paused", "failing", NULL };
static const char * const run_statuses[] = {
  "running", "succeeded", "partial", "failed", NULL
};
static const char * const audit_actions[] = { "create", "update", "delete", NULL };
static const char * const staff_roles[] = { "owner", "admin", "editor", "viewer", NULL };

/* Children */

static const HwFieldSpec attribute_value_fields[] = {
  F_REF (HwAttributeValue, attribute_id, REQ, hw_attribute_type),
  F_TEXT (HwAttributeValue, value, REQ, 2000),
};
DEFINE_CHILD (attribute_value, HwAttributeValue, attribute_value_fields)

static const HwFieldSpec catalogue_entry_fields[] = {
  F_ENUM (HwCatalogueEntry, target_type, REQ, catalogue_targets),
  F_TEXT (HwCatalogueEntry, target_id, REQ, 64),
  F_ENUM (HwCatalogueEntry, effect, REQ, catalogue_effects),
};
DEFINE_CHILD (catalogue_entry, HwCatalogueEntry, catalogue_entry_fields)

static const HwFieldSpec address_fields[] = {
  F_ENUM (HwAddress, kind, REQ, address_kinds),
  F_TEXT (HwAddress, line1, REQ, 200),
  F_TEXT (HwAddress, line2, OPT, 200),
  F_TEXT (HwAddress, postal_code, OPT, 20),
  F_TEXT (HwAddress, city, REQ, 100),
  F_TEXT (HwAddress, country, REQ, 2),
};
DEFINE_CHILD (address, HwAddress, address_fields)

static const HwFieldSpec price_tier_fields[] = {
  F_INT (HwPriceTier, min_qty, POS, 1),
  F_INT (HwPriceTier, amount, NNEG, 0),
};
DEFINE_CHILD (price_tier, HwPriceTier, price_tier_fields)

static const HwFieldSpec order_line_fields[] = {
  F_TEXT (HwOrderLine, product_id, REQ, 64),
  F_TEXT (HwOrderLine, sku, REQ, 64),
  F_TEXT (HwOrderLine, name, REQ, 300),
  F_INT (HwOrderLine, quantity, POS, 1),
  F_INT (HwOrderLine, unit_price, NNEG, 0),
  F_INT (HwOrderLine, line_total, COMP, 0),
};
DEFINE_CHILD (order_line, HwOrderLine, order_line_fields)

static const HwFieldSpec order_event_fields[] = {
  F_ENUM (HwOrderEvent, status, REQ, order_statuses),
  F_TIME (HwOrderEvent, at, REQ),
  F_TEXT (HwOrderEvent, actor, OPT, 200),
  F_TEXT (HwOrderEvent, note, OPT, 2000),
};
DEFINE_CHILD (order_event, HwOrderEvent, order_event_fields)

static const HwFieldSpec run_error_fields[] = {
  F_TEXT (HwRunError, record_key, REQ, 200),
  F_TEXT (HwRunError, message, REQ, 2000),
};
DEFINE_CHILD (run_error, HwRunError, run_error_fields)

/* Entities */

static const HwFieldSpec category_fields[] = {
  F_REF (HwCategory, parent_id, OPT, hw_category_type),
  F_INT (HwCategory, position, NNEG, 0),
  F_TEXT (HwCategory, name, REQ, 200),
  F_TEXT (HwCategory, erp_code, OPT | ERP, 64),
};
DEFINE_ENTITY (category, HwCategory, "categories", "categories", "name",
               HW_ENTITY_SYNCED, category_fields)

static const HwFieldSpec attribute_fields[] = {
  F_TEXT (HwAttribute, code, REQ | UNIQ, 64),
  F_TEXT (HwAttribute, name, REQ, 200),
  F_ENUM (HwAttribute, type, REQ, attribute_types),
  F_TEXT (HwAttribute, unit, OPT, 20),
  F_STRV (HwAttribute, options, OPT),
  F_BOOL (HwAttribute, required, 0, FALSE),
  F_BOOL (HwAttribute, filterable, 0, FALSE),
};
DEFINE_ENTITY (attribute, HwAttribute, "attributes", "attributes", "code",
               HW_ENTITY_SYNCED, attribute_fields)

static const HwFieldSpec product_fields[] = {
  F_TEXT (HwProduct, sku, REQ | UNIQ | ERP, 64),
  F_TEXT (HwProduct, erp_id, OPT | UNIQ | ERP, 64),
  F_TEXT (HwProduct, gtin, OPT | ERP, 14),
  F_TEXT (HwProduct, name, REQ | ERP, 300),
  F_TEXT (HwProduct, display_name, OPT, 300),
  F_TEXT (HwProduct, description, OPT, 20000),
  F_TEXT (HwProduct, brand, OPT, 100),
  F_TEXT (HwProduct, unit, REQ | ERP, 20),
  F_ENUM (HwProduct, status, REQ | ERP, product_statuses),
  F_REF (HwProduct, category_id, OPT, hw_category_type),
  F_INT (HwProduct, base_price, NNEG | ERP, 0),
  F_CURRENCY (HwProduct, currency, REQ | ERP),
  F_INT (HwProduct, min_qty, POS | ERP, 1),
  F_INT (HwProduct, order_multiple, POS | ERP, 1),
  F_INT (HwProduct, max_qty, OPT | POS | ERP, 0),
  F_INT (HwProduct, completeness, COMP, 100),
  F_CHILDREN (HwProduct, attributes, 0, hw_attribute_value_child),
};
DEFINE_ENTITY (product, HwProduct, "products", "products", "sku",
               HW_ENTITY_SYNCED, product_fields)

static const HwFieldSpec product_relation_fields[] = {
  F_REF (HwProductRelation, product_id, REQ, hw_product_type),
  F_REF (HwProductRelation, related_product_id, REQ, hw_product_type),
  F_ENUM (HwProductRelation, kind, REQ, relation_kinds),
  F_INT (HwProductRelation, position, NNEG, 0),
};
DEFINE_ENTITY (product_relation, HwProductRelation, "product-relations", "product_relations",
               "position", HW_ENTITY_SYNCED, product_relation_fields)

static const HwFieldSpec catalogue_fields[] = {
  F_TEXT (HwCatalogue, name, REQ | UNIQ, 200),
  F_ENUM (HwCatalogue, default_visibility, REQ, catalogue_defaults),
  F_BOOL (HwCatalogue, is_default, 0, FALSE),
  F_CHILDREN (HwCatalogue, entries, 0, hw_catalogue_entry_child),
};
DEFINE_ENTITY (catalogue, HwCatalogue, "catalogues", "catalogues", "name",
               HW_ENTITY_SYNCED, catalogue_fields)

static const HwFieldSpec account_fields[] = {
  F_TEXT (HwAccount, customer_number, REQ | UNIQ | ERP, 64),
  F_TEXT (HwAccount, name, REQ | ERP, 300),
  F_TEXT (HwAccount, vat_number, OPT | ERP, 32),
  F_TEXT (HwAccount, segment, OPT | ERP, 64),
  F_REF (HwAccount, catalogue_id, OPT, hw_catalogue_type),
  F_REF (HwAccount, price_list_id, OPT | ERP, hw_price_list_type),
  F_CURRENCY (HwAccount, currency, REQ | ERP),
  F_ENUM (HwAccount, status, REQ | ERP, account_statuses),
  F_CHILDREN (HwAccount, addresses, ERP, hw_address_child),
};
DEFINE_ENTITY (account, HwAccount, "accounts", "accounts", "name",
               HW_ENTITY_SYNCED, account_fields)

static const HwFieldSpec user_fields[] = {
  F_REF (HwUser, account_id, REQ, hw_account_type),
  F_TEXT (HwUser, email, REQ | UNIQ, 254),
  F_TEXT (HwUser, name, REQ, 200),
  F_ENUM (HwUser, role, REQ, user_roles),
  F_BOOL (HwUser, show_prices, 0, TRUE),
  F_BOOL (HwUser, can_order, 0, TRUE),
  F_INT (HwUser, order_limit, OPT | NNEG, 0),
  F_BOOL (HwUser, active, 0, TRUE),
};
DEFINE_ENTITY (user, HwUser, "users", "users", "email", HW_ENTITY_SYNCED, user_fields)

static const HwFieldSpec visibility_rule_fields[] = {
  F_ENUM (HwVisibilityRule, scope, REQ, rule_scopes),
  F_TEXT (HwVisibilityRule, scope_value, OPT, 64),
  F_ENUM (HwVisibilityRule, target, REQ, rule_targets),
  F_TEXT (HwVisibilityRule, target_id, OPT, 64),
  F_TEXT (HwVisibilityRule, attribute_code, OPT, 64),
  F_TEXT (HwVisibilityRule, attribute_value, OPT, 2000),
  F_ENUM (HwVisibilityRule, effect, REQ, rule_effects),
  F_INT (HwVisibilityRule, priority, 0, 0),
  F_TIME (HwVisibilityRule, valid_from, OPT),
  F_TIME (HwVisibilityRule, valid_to, OPT),
  F_TEXT (HwVisibilityRule, note, OPT, 2000),
};
DEFINE_ENTITY (visibility_rule, HwVisibilityRule, "visibility-rules", "visibility_rules",
               "priority", HW_ENTITY_SYNCED, visibility_rule_fields)

static const HwFieldSpec price_list_fields[] = {
  F_TEXT (HwPriceList, code, REQ | UNIQ | ERP, 64),
  F_TEXT (HwPriceList, name, REQ | ERP, 200),
  F_CURRENCY (HwPriceList, currency, REQ | ERP),
  F_TEXT (HwPriceList, segment, OPT | ERP, 64),
  F_BOOL (HwPriceList, is_default, ERP, FALSE),
};
DEFINE_ENTITY (price_list, HwPriceList, "price-lists", "price_lists", "code",
               HW_ENTITY_SYNCED, price_list_fields)

static const HwFieldSpec price_fields[] = {
  F_REF (HwPrice, price_list_id, REQ | ERP, hw_price_list_type),
  F_REF (HwPrice, product_id, REQ | ERP, hw_product_type),
  F_TIME (HwPrice, valid_from, OPT | ERP),
  F_TIME (HwPrice, valid_to, OPT | ERP),
  F_CHILDREN (HwPrice, tiers, REQ | ERP, hw_price_tier_child),
};
DEFINE_ENTITY (price, HwPrice, "prices", "prices", "product_id",
               HW_ENTITY_SYNCED, price_fields)

static const HwFieldSpec price_agreement_fields[] = {
  F_REF (HwPriceAgreement, account_id, REQ | ERP, hw_account_type),
  F_REF (HwPriceAgreement, product_id, REQ | ERP, hw_product_type),
  F_CURRENCY (HwPriceAgreement, currency, REQ | ERP),
  F_TIME (HwPriceAgreement, valid_from, OPT | ERP),
  F_TIME (HwPriceAgreement, valid_to, OPT | ERP),
  F_CHILDREN (HwPriceAgreement, tiers, REQ | ERP, hw_price_tier_child),
};
DEFINE_ENTITY (price_agreement, HwPriceAgreement, "price-agreements", "price_agreements",
               "product_id", HW_ENTITY_SYNCED, price_agreement_fields)

static const HwFieldSpec discount_rule_fields[] = {
  F_TEXT (HwDiscountRule, name, REQ, 200),
  F_INT (HwDiscountRule, discount_bp, POS, 0),
  F_ENUM (HwDiscountRule, scope, REQ, discount_scopes),
  F_TEXT (HwDiscountRule, scope_value, REQ, 64),
  F_ENUM (HwDiscountRule, target, REQ, discount_targets),
  F_TEXT (HwDiscountRule, target_value, REQ, 100),
  F_TIME (HwDiscountRule, valid_from, OPT),
  F_TIME (HwDiscountRule, valid_to, OPT),
};
DEFINE_ENTITY (discount_rule, HwDiscountRule, "discount-rules", "discount_rules", "name",
               HW_ENTITY_SYNCED, discount_rule_fields)

static const HwFieldSpec order_fields[] = {
  F_TEXT (HwOrder, number, REQ | UNIQ, 64),
  F_REF (HwOrder, account_id, REQ, hw_account_type),
  F_REF (HwOrder, user_id, OPT, hw_user_type),
  F_ENUM (HwOrder, channel, REQ, order_channels),
  F_ENUM (HwOrder, status, REQ, order_statuses),
  F_CURRENCY (HwOrder, currency, REQ),
  F_TIME (HwOrder, placed_at, REQ),
  F_TEXT (HwOrder, erp_reference, OPT | ERP, 64),
  F_TEXT (HwOrder, failure_reason, OPT | ERP, 2000),
  F_INT (HwOrder, total, COMP, 0),
  F_CHILDREN (HwOrder, lines, REQ, hw_order_line_child),
  F_CHILDREN (HwOrder, history, 0, hw_order_event_child),
};
DEFINE_ENTITY (order, HwOrder, "orders", "orders", "placed_at", HW_ENTITY_SYNCED, order_fields)

static const HwFieldSpec integration_fields[] = {
  F_TEXT (HwIntegration, name, REQ | UNIQ, 200),
  F_ENUM (HwIntegration, kind, REQ, integration_kinds),
  F_TEXT (HwIntegration, endpoint_url, OPT, 2000),
  F_STRV (HwIntegration, scopes, OPT),
  F_ENUM (HwIntegration, status, REQ, integration_statuses),
  F_TIME (HwIntegration, last_run_at, OPT),
};
DEFINE_ENTITY (integration, HwIntegration, "integrations", "integrations", "name",
               HW_ENTITY_SYNCED, integration_fields)

static const HwFieldSpec integration_run_fields[] = {
  F_REF (HwIntegrationRun, integration_id, REQ, hw_integration_type),
  F_TEXT (HwIntegrationRun, operation, REQ, 64),
  F_TIME (HwIntegrationRun, started_at, REQ),
  F_TIME (HwIntegrationRun, finished_at, OPT),
  F_ENUM (HwIntegrationRun, status, REQ, run_statuses),
  F_INT (HwIntegrationRun, records_ok, NNEG, 0),
  F_INT (HwIntegrationRun, records_failed, NNEG, 0),
  F_CHILDREN (HwIntegrationRun, errors, 0, hw_run_error_child),
};
DEFINE_ENTITY (integration_run, HwIntegrationRun, "integration-runs", "integration_runs",
               "started_at", HW_ENTITY_SYNCED, integration_run_fields)

static const HwFieldSpec audit_entry_fields[] = {
  F_TEXT (HwAuditEntry, actor, REQ, 254),
  F_TEXT (HwAuditEntry, entity, REQ, 64),
  F_TEXT (HwAuditEntry, entity_id, REQ, 64),
  F_ENUM (HwAuditEntry, action, REQ, audit_actions),
  F_TIME (HwAuditEntry, at, REQ),
  F_JSON (HwAuditEntry, before, OPT),
  F_JSON (HwAuditEntry, after, OPT),
};
DEFINE_ENTITY (audit_entry, HwAuditEntry, "audit", "audit_entries", "at",
               HW_ENTITY_SERVER_ONLY, audit_entry_fields)

static const HwFieldSpec staff_user_fields[] = {
  F_TEXT (HwStaffUser, email, REQ | UNIQ, 254),
  F_TEXT (HwStaffUser, name, REQ, 200),
  F_ENUM (HwStaffUser, role, REQ, staff_roles),
  { .name = "password_hash", .kind = HW_FIELD_TEXT, .flags = OPT | HW_FIELD_SECRET,
    .offset = G_STRUCT_OFFSET (HwStaffUser, password_hash), .max_length = 512 },
  F_BOOL (HwStaffUser, active, 0, TRUE),
};
DEFINE_ENTITY (staff_user, HwStaffUser, "staff", "staff_users", "email",
               HW_ENTITY_SERVER_ONLY, staff_user_fields)

static const HwEntityType * const all_types[] = {
  &hw_category_type,
  &hw_attribute_type,
  &hw_product_type,
  &hw_product_relation_type,
  &hw_catalogue_type,
  &hw_price_list_type,
  &hw_account_type,
  &hw_user_type,
  &hw_visibility_rule_type,
  &hw_price_type,
  &hw_price_agreement_type,
  &hw_discount_rule_type,
  &hw_order_type,
  &hw_integration_type,
  &hw_integration_run_type,
  &hw_audit_entry_type,
  &hw_staff_user_type,
  NULL
};

const HwEntityType * const *
hw_model_entity_types (void)
{
  return all_types;
}

const HwEntityType *
hw_model_find_type (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; all_types[i] != NULL; i++)
    if (strcmp (all_types[i]->name, name) == 0)
      return all_types[i];

  return NULL;
}

static gpointer
add_child (GPtrArray         *rows,
           const HwChildType *type)
{
  gpointer row = hw_child_new (type);

  g_ptr_array_add (rows, row);
  return row;
}

HwAttributeValue *
hw_product_add_attribute (HwProduct  *product,
                          const char *attribute_id,
                          const char *value)
{
  HwAttributeValue *row = add_child (product->attributes, &hw_attribute_value_child);

  row->attribute_id = g_strdup (attribute_id);
  row->value = g_strdup (value);
  return row;
}

HwCatalogueEntry *
hw_catalogue_add_entry (HwCatalogue *catalogue,
                        const char  *target_type,
                        const char  *target_id,
                        const char  *effect)
{
  HwCatalogueEntry *row = add_child (catalogue->entries, &hw_catalogue_entry_child);

  row->target_type = g_strdup (target_type);
  row->target_id = g_strdup (target_id);
  row->effect = g_strdup (effect);
  return row;
}

HwAddress *
hw_account_add_address (HwAccount  *account,
                        const char *kind)
{
  HwAddress *row = add_child (account->addresses, &hw_address_child);

  row->kind = g_strdup (kind);
  return row;
}

static HwPriceTier *
add_tier (GPtrArray *tiers,
          gint64     min_qty,
          gint64     amount)
{
  HwPriceTier *row = add_child (tiers, &hw_price_tier_child);

  row->min_qty = min_qty;
  row->amount = amount;
  return row;
}

HwPriceTier *
hw_price_add_tier (HwPrice *price,
                   gint64   min_qty,
                   gint64   amount)
{
  return add_tier (price->tiers, min_qty, amount);
}

HwPriceTier *
hw_price_agreement_add_tier (HwPriceAgreement *agreement,
                             gint64            min_qty,
                             gint64            amount)
{
  return add_tier (agreement->tiers, min_qty, amount);
}

HwOrderLine *
hw_order_add_line (HwOrder    *order,
                   const char *product_id,
                   const char *sku,
                   const char *name,
                   gint64      quantity,
                   gint64      unit_price)
{
  HwOrderLine *row = add_child (order->lines, &hw_order_line_child);

  row->product_id = g_strdup (product_id);
  row->sku = g_strdup (sku);
  row->name = g_strdup (name);
  row->quantity = quantity;
  row->unit_price = unit_price;
  row->line_total = quantity * unit_price;
  return row;
}

HwOrderEvent *
hw_order_add_event (HwOrder    *order,
                    const char *status,
                    gint64      at,
                    const char *actor,
                    const char *note)
{
  HwOrderEvent *row = add_child (order->history, &hw_order_event_child);

  row->status = g_strdup (status);
  row->at = at;
  row->actor = g_strdup (actor);
  row->note = g_strdup (note);
  return row;
}

/**
 * hw_order_status_can_change:
 *
 * The order lifecycle of DESIGN.md §3.4: the main line forward one step at a time, and the
 * side exits. A failed export may be retried (back to received).
 */
gboolean
hw_order_status_can_change (const char *from,
                            const char *to)
{
  static const struct { const char *from; const char *to; } allowed[] = {
    { "pending_approval", "received" },
    { "pending_approval", "rejected" },
    { "pending_approval", "cancelled" },
    { "received", "exported" },
    { "received", "cancelled" },
    { "received", "failed" },
    { "exported", "confirmed" },
    { "exported", "failed" },
    { "exported", "cancelled" },
    { "confirmed", "shipped" },
    { "confirmed", "cancelled" },
    { "shipped", "completed" },
    { "failed", "received" },
  };

  if (g_strcmp0 (from, to) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (g_strcmp0 (allowed[i].from, from) == 0 && g_strcmp0 (allowed[i].to, to) == 0)
      return TRUE;

  return FALSE;
}
