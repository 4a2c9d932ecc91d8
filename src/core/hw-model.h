/* hw-model.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-entity.h"

G_BEGIN_DECLS

/* The data model of DESIGN.md §2. Each struct is described field by field by its
 * HwEntityType (hw-model.c); the store, the JSON codec and validation read those
 * descriptions, so a field is declared once. Money is gint64 minor units plus a currency;
 * times are µs since the epoch (HW_NONE when open); optional integers are HW_NONE. */

typedef struct
{
  HwEntity  parent;
  char     *parent_id;
  gint64    position;
  char     *name;
  char     *erp_code;
} HwCategory;

typedef struct
{
  HwEntity   parent;
  char      *code;
  char      *name;
  char      *type;        /* text, number, boolean, enum */
  char      *unit;        /* number only */
  char     **options;     /* enum only */
  gboolean   required;
  gboolean   filterable;
} HwAttribute;

typedef struct
{
  char *attribute_id;
  char *value;            /* text as typed by its attribute: "12.5", "true", an option */
} HwAttributeValue;

typedef struct
{
  HwEntity   parent;
  char      *sku;
  char      *erp_id;
  char      *gtin;
  char      *name;          /* ERP name */
  char      *display_name;  /* digital override */
  char      *description;
  char      *brand;
  char      *unit;
  char      *status;        /* active, discontinued, blocked */
  char      *category_id;
  gint64     base_price;
  char      *currency;
  gint64     min_qty;
  gint64     order_multiple;
  gint64     max_qty;
  gint64     completeness;  /* percent of required attributes filled, computed */
  GPtrArray *attributes;    /* HwAttributeValue */
} HwProduct;

typedef struct
{
  HwEntity  parent;
  char     *product_id;
  char     *related_product_id;
  char     *kind;           /* variant, accessory, replacement, spare_part, related */
  gint64    position;
} HwProductRelation;

typedef struct
{
  char *target_type;        /* category (the subtree), product */
  char *target_id;
  char *effect;             /* include, exclude */
} HwCatalogueEntry;

typedef struct
{
  HwEntity   parent;
  char      *name;
  char      *default_visibility; /* all, none */
  gboolean   is_default;
  GPtrArray *entries;            /* HwCatalogueEntry */
} HwCatalogue;

typedef struct
{
  char *kind;               /* billing, shipping */
  char *line1;
  char *line2;
  char *postal_code;
  char *city;
  char *country;            /* ISO 3166-1 alpha-2 */
} HwAddress;

typedef struct
{
  HwEntity   parent;
  char      *customer_number;
  char      *name;
  char      *vat_number;
  char      *segment;
  char      *catalogue_id;
  char      *price_list_id;
  char      *currency;
  char      *status;        /* active, blocked */
  GPtrArray *addresses;     /* HwAddress */
} HwAccount;

typedef struct
{
  HwEntity  parent;
  char     *account_id;
  char     *email;
  char     *name;
  char     *role;           /* buyer, planner, operational, account_admin */
  gboolean  show_prices;
  gboolean  can_order;
  gint64    order_limit;    /* minor units of the account's currency, HW_NONE: no limit */
  gboolean  active;
} HwUser;

typedef struct
{
  HwEntity  parent;
  char     *scope;          /* all, segment, role, account, user */
  char     *scope_value;    /* the segment, role, account id or user id */
  char     *target;         /* product, category, attribute */
  char     *target_id;      /* product or category id */
  char     *attribute_code; /* an attribute code, or "brand" */
  char     *attribute_value;
  char     *effect;         /* show, hide */
  gint64    priority;
  gint64    valid_from;
  gint64    valid_to;
  char     *note;
} HwVisibilityRule;

typedef struct
{
  HwEntity  parent;
  char     *code;           /* ERP key */
  char     *name;
  char     *currency;
  char     *segment;        /* the segment whose default list this is, if any */
  gboolean  is_default;
} HwPriceList;

typedef struct
{
  gint64 min_qty;
  gint64 amount;            /* minor units per unit */
} HwPriceTier;

typedef struct
{
  HwEntity   parent;
  char      *price_list_id;
  char      *product_id;
  gint64     valid_from;
  gint64     valid_to;
  GPtrArray *tiers;         /* HwPriceTier */
} HwPrice;

typedef struct
{
  HwEntity   parent;
  char      *account_id;
  char      *product_id;
  char      *currency;
  gint64     valid_from;
  gint64     valid_to;
  GPtrArray *tiers;         /* HwPriceTier, net prices */
} HwPriceAgreement;

typedef struct
{
  HwEntity  parent;
  char     *name;
  gint64    discount_bp;    /* basis points: 1250 = 12.5 % */
  char     *scope;          /* account, segment */
  char     *scope_value;
  char     *target;         /* product, category, brand */
  char     *target_value;
  gint64    valid_from;
  gint64    valid_to;
} HwDiscountRule;

typedef struct
{
  char   *product_id;
  char   *sku;
  char   *name;
  gint64  quantity;
  gint64  unit_price;
  gint64  line_total;       /* computed */
} HwOrderLine;

typedef struct
{
  char   *status;
  gint64  at;
  char   *actor;
  char   *note;
} HwOrderEvent;

typedef struct
{
  HwEntity   parent;
  char      *number;
  char      *account_id;
  char      *user_id;
  char      *channel;       /* webshop, app, api */
  char      *status;
  char      *currency;
  gint64     placed_at;
  char      *erp_reference;
  char      *failure_reason;
  gint64     total;         /* computed */
  GPtrArray *lines;         /* HwOrderLine */
  GPtrArray *history;       /* HwOrderEvent, appended by the store on status changes */
} HwOrder;

typedef struct
{
  HwEntity   parent;
  char      *name;
  char      *kind;          /* erp, pim, data_provider, webhook */
  char      *endpoint_url;
  char     **scopes;
  char      *status;        /* active, paused, failing */
  gint64     last_run_at;
} HwIntegration;

typedef struct
{
  char *record_key;
  char *message;
} HwRunError;

typedef struct
{
  HwEntity   parent;
  char      *integration_id;
  char      *operation;     /* e.g. erp.products */
  gint64     started_at;
  gint64     finished_at;
  char      *status;        /* running, succeeded, partial, failed */
  gint64     records_ok;
  gint64     records_failed;
  GPtrArray *errors;        /* HwRunError */
} HwIntegrationRun;

typedef struct
{
  HwEntity  parent;
  char     *actor;
  char     *entity;
  char     *entity_id;
  char     *action;         /* create, update, delete */
  gint64    at;
  char     *before;         /* JSON */
  char     *after;          /* JSON */
} HwAuditEntry;

typedef struct
{
  HwEntity  parent;
  char     *email;
  char     *name;
  char     *role;           /* owner, admin, editor, viewer */
  char     *password_hash;  /* argon2id string, never encoded */
  gboolean  active;
} HwStaffUser;

extern const HwEntityType hw_category_type;
extern const HwEntityType hw_attribute_type;
extern const HwEntityType hw_product_type;
extern const HwEntityType hw_product_relation_type;
extern const HwEntityType hw_catalogue_type;
extern const HwEntityType hw_account_type;
extern const HwEntityType hw_user_type;
extern const HwEntityType hw_visibility_rule_type;
extern const HwEntityType hw_price_list_type;
extern const HwEntityType hw_price_type;
extern const HwEntityType hw_price_agreement_type;
extern const HwEntityType hw_discount_rule_type;
extern const HwEntityType hw_order_type;
extern const HwEntityType hw_integration_type;
extern const HwEntityType hw_integration_run_type;
extern const HwEntityType hw_audit_entry_type;
extern const HwEntityType hw_staff_user_type;

extern const HwChildType hw_attribute_value_child;
extern const HwChildType hw_catalogue_entry_child;
extern const HwChildType hw_address_child;
extern const HwChildType hw_price_tier_child;
extern const HwChildType hw_order_line_child;
extern const HwChildType hw_order_event_child;
extern const HwChildType hw_run_error_child;

/* Every entity type, in dependency order (referenced types first), NULL-terminated. */
const HwEntityType * const *hw_model_entity_types (void);
const HwEntityType         *hw_model_find_type    (const char *name);

HwCategory        *hw_category_new         (void);
HwAttribute       *hw_attribute_new        (void);
HwProduct         *hw_product_new          (void);
HwProductRelation *hw_product_relation_new (void);
HwCatalogue       *hw_catalogue_new        (void);
HwAccount         *hw_account_new          (void);
HwUser            *hw_user_new             (void);
HwVisibilityRule  *hw_visibility_rule_new  (void);
HwPriceList       *hw_price_list_new       (void);
HwPrice           *hw_price_new            (void);
HwPriceAgreement  *hw_price_agreement_new  (void);
HwDiscountRule    *hw_discount_rule_new    (void);
HwOrder           *hw_order_new            (void);
HwIntegration     *hw_integration_new      (void);
HwIntegrationRun  *hw_integration_run_new  (void);
HwAuditEntry      *hw_audit_entry_new      (void);
HwStaffUser       *hw_staff_user_new       (void);

HwAttributeValue  *hw_product_add_attribute (HwProduct   *product,
                                             const char  *attribute_id,
                                             const char  *value);
HwCatalogueEntry  *hw_catalogue_add_entry   (HwCatalogue *catalogue,
                                             const char  *target_type,
                                             const char  *target_id,
                                             const char  *effect);
HwAddress         *hw_account_add_address   (HwAccount   *account,
                                             const char  *kind);
HwPriceTier       *hw_price_add_tier        (HwPrice     *price,
                                             gint64       min_qty,
                                             gint64       amount);
HwPriceTier       *hw_price_agreement_add_tier (HwPriceAgreement *agreement,
                                                gint64            min_qty,
                                                gint64            amount);
HwOrderLine       *hw_order_add_line        (HwOrder     *order,
                                             const char  *product_id,
                                             const char  *sku,
                                             const char  *name,
                                             gint64       quantity,
                                             gint64       unit_price);
HwOrderEvent      *hw_order_add_event       (HwOrder     *order,
                                             const char  *status,
                                             gint64       at,
                                             const char  *actor,
                                             const char  *note);
gboolean           hw_order_status_can_change (const char *from,
                                               const char *to);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwCategory, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwAttribute, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwProduct, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwProductRelation, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwCatalogue, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwAccount, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwUser, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwVisibilityRule, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwPriceList, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwPrice, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwPriceAgreement, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwDiscountRule, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwOrder, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwIntegration, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwIntegrationRun, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwAuditEntry, hw_entity_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwStaffUser, hw_entity_free)

G_END_DECLS
