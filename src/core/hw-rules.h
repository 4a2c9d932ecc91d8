/* hw-rules.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hw-store.h"

G_BEGIN_DECLS

/* The rules engine of DESIGN.md §3: who sees which product (§3.1), at which unit price
 * (§3.2), and whether it may be ordered (§3.3), each answer with its explanation.
 *
 * HwRules is an immutable, reference-counted snapshot of what the rules read (categories,
 * products, catalogues, accounts, users, visibility rules, price lists, prices, agreements,
 * discount rules), indexed in memory at one store revision. It never touches the database
 * after it is built, so one snapshot may be shared by any number of threads. Strings the
 * answers return as `const char *` belong to the snapshot and live as long as it does.
 *
 * Decisions where DESIGN.md leaves room (the same in the engine and in the tests'
 * reference evaluator):
 * - Validity windows are half-open: valid_from ≤ at < valid_to; an open end (HW_NONE)
 *   reaches forever. This matches the store's overlap check.
 * - Visibility is a question about the assortment: it ignores whether the user is active
 *   and whether the account is blocked (so staff can preview any user). Ordering does not:
 *   an inactive user or a blocked account can order nothing.
 * - Catalogue: the account's catalogue, else the default catalogue, else (no default
 *   catalogue at all) everything is included. Among entries of equal specificity (the same
 *   product or category given twice, which the store refuses) exclude wins.
 * - Visibility rules: ties on scope, priority and effect are broken by the smallest id, so
 *   the explanation always names one rule. A rule on an attribute matches when the
 *   product's value equals attribute_value exactly; attribute_code "brand" is the brand.
 * - A product without a category matches no category entry, rule or discount.
 * - Prices walk per product: the account's agreement, else the account's list, else the
 *   list of the account's segment (a list whose segment equals it; smallest id if several),
 *   else the default list, else the base price. A list or agreement applies only if one of
 *   its tiers valid at `at` has min_qty ≤ qty; among equal min_qty the lower amount wins
 *   (then the smallest price id). Agreements and lists in a currency other than the
 *   account's are skipped (the explanation says so); the base price is used in the
 *   product's own currency, whatever the account's.
 * - Discounts apply to list and base prices only, never on top of an agreement. Order:
 *   product target, then category targets by distance up from the product's category,
 *   then brand; account scope before segment scope; then the largest discount; then the
 *   smallest id. price × (10000 − bp) / 10000 is rounded half away from zero.
 * - Quantity conditions: qty ≥ min_qty, qty a multiple of order_multiple (counted from 0,
 *   not from the minimum), qty ≤ max_qty when set. A total strictly above order_limit
 *   needs approval; no limit (HW_NONE) never does.
 */

typedef struct _HwRules HwRules;

/* Plain arrays of model structs (borrowed, any may be NULL) to build a snapshot from without
 * a store: tests, the reference evaluator, and the desktop app's previews. */
typedef struct
{
  gint64     revision;
  GPtrArray *categories;        /* HwCategory       */
  GPtrArray *attributes;        /* HwAttribute      */
  GPtrArray *products;          /* HwProduct        */
  GPtrArray *catalogues;        /* HwCatalogue      */
  GPtrArray *accounts;          /* HwAccount        */
  GPtrArray *users;             /* HwUser           */
  GPtrArray *visibility_rules;  /* HwVisibilityRule */
  GPtrArray *price_lists;       /* HwPriceList      */
  GPtrArray *prices;            /* HwPrice          */
  GPtrArray *price_agreements;  /* HwPriceAgreement */
  GPtrArray *discount_rules;    /* HwDiscountRule   */
} HwRulesData;

/* One step of an explanation, in the order the engine consulted it. */
typedef struct
{
  char     *step;       /* status, catalogue, catalogue_entry, catalogue_default,
                         * visibility_rule, price_agreement, price, base_price,
                         * discount_rule, rounding, user, account, can_order,
                         * min_qty, order_multiple, max_qty                              */
  char     *entity;     /* the entity type of id (product, catalogue, visibility_rule…), or NULL */
  char     *id;         /* the entity involved, or NULL                                  */
  char     *outcome;    /* e.g. show, hide, include, exclude, applies, skipped, passes, fails */
  char     *detail;     /* one English sentence for people                               */
  gboolean  decisive;   /* exactly one step of an explanation is decisive                */
} HwRulesStep;

typedef struct
{
  char      *question;  /* visibility, price, orderable */
  GPtrArray *steps;     /* HwRulesStep */
} HwExplanation;

/* JSON: {"question": "...", "steps": [{"step", "entity", "id", "outcome", "detail",
 * "decisive"}]}; entity and id are null when not set. */
JsonNode      *hw_explanation_to_json   (const HwExplanation *explanation);
const HwRulesStep *hw_explanation_get_decisive (const HwExplanation *explanation);
void           hw_explanation_free      (HwExplanation       *explanation);

/* Building and sharing snapshots. hw_rules_load() reads the store in one read
 * transaction of its own (inside a write transaction it reads what that transaction sees;
 * do not call it inside a read transaction of the caller's, which it would end); the
 * snapshot's revision is the store's revision then. Building takes about half a second
 * per 100 000 products (reading them from SQLite some more): a snapshot is meant to be
 * kept and shared, through HwRulesCache. */
HwRules       *hw_rules_load            (HwStore             *store,
                                         GError             **error);
/* hw_rules_load () for a store whose previous snapshot is @previous (of the same database;
 * NULL loads in full): what did not change since @previous's revision is shared with it
 * rather than read and built again. Changes of visibility rules, catalogues, accounts,
 * users, price lists, prices, agreements or discounts leave the products, categories and
 * attribute postings shared (milliseconds at any catalogue size). Prices and agreements
 * are shared too, or patched when a few rows changed (at most 1 000 or 1 %), or built
 * again when more did or when an account or price list was created or deleted out of id
 * order or a list changed currency. A change of a product, category or attribute
 * rebuilds in full. The result answers exactly as
 * hw_rules_load () at the same revision; it is @previous itself (a new reference) when
 * the revision has not moved. */
HwRules       *hw_rules_load_update     (HwStore             *store,
                                         HwRules             *previous,
                                         GError             **error);
HwRules       *hw_rules_new_from_data   (const HwRulesData   *data,
                                         GError             **error);
HwRules       *hw_rules_ref             (HwRules             *self);
void           hw_rules_unref           (HwRules             *self);
gint64         hw_rules_get_revision    (HwRules             *self);
guint          hw_rules_get_n_products  (HwRules             *self);

/* §3.1. Fails with HW_CORE_ERROR_NOT_FOUND for an unknown user or product.
 * @out_explanation may be NULL (the fast path builds none). */
gboolean       hw_rules_visible         (HwRules             *self,
                                         const char          *user_id,
                                         const char          *product_id,
                                         gint64               at,
                                         gboolean            *out_visible,
                                         HwExplanation      **out_explanation,
                                         GError             **error);

typedef enum
{
  HW_PRICE_SOURCE_AGREEMENT,
  HW_PRICE_SOURCE_ACCOUNT_LIST,
  HW_PRICE_SOURCE_SEGMENT_LIST,
  HW_PRICE_SOURCE_DEFAULT_LIST,
  HW_PRICE_SOURCE_BASE_PRICE,
} HwPriceSource;

const char    *hw_price_source_to_string (HwPriceSource      source); /* agreement, account_list… */

typedef struct
{
  gint64         unit_price;       /* final: after the discount, rounded; minor units */
  gint64         list_price;       /* before the discount (equal for agreements)      */
  char           currency[4];
  HwPriceSource  source;
  const char    *source_id;        /* the price or agreement row; NULL for the base price */
  const char    *price_list_id;    /* the list of a list price, else NULL             */
  gint64         tier_min_qty;     /* the tier used; 1 for the base price             */
  gint64         discount_bp;      /* 0 when no discount applies                      */
  const char    *discount_rule_id; /* NULL when no discount applies                   */
} HwPriceResult;

/* §3.2. Fails with HW_CORE_ERROR_NOT_FOUND for an unknown account or product and with
 * HW_CORE_ERROR_INVALID for qty < 1. Prices are answered whatever the visibility. */
gboolean       hw_rules_price           (HwRules             *self,
                                         const char          *account_id,
                                         const char          *product_id,
                                         gint64               qty,
                                         gint64               at,
                                         HwPriceResult       *out_result,
                                         HwExplanation      **out_explanation,
                                         GError             **error);

typedef enum
{
  HW_ORDERABLE_OK,
  HW_ORDERABLE_USER_INACTIVE,
  HW_ORDERABLE_ACCOUNT_BLOCKED,
  HW_ORDERABLE_NOT_VISIBLE,
  HW_ORDERABLE_DISCONTINUED,
  HW_ORDERABLE_CANNOT_ORDER,
  HW_ORDERABLE_BELOW_MINIMUM,
  HW_ORDERABLE_NOT_MULTIPLE,
  HW_ORDERABLE_ABOVE_MAXIMUM,
} HwOrderable;

const char    *hw_orderable_to_string   (HwOrderable          orderable); /* ok, user_inactive… */

/* §3.3 for one order line: the first failing check in the order of HwOrderable (the
 * explanation lists every check). Fails with HW_CORE_ERROR_NOT_FOUND for an unknown user
 * or product and HW_CORE_ERROR_INVALID for qty < 1. */
gboolean       hw_rules_orderable       (HwRules             *self,
                                         const char          *user_id,
                                         const char          *product_id,
                                         gint64               qty,
                                         gint64               at,
                                         HwOrderable         *out_orderable,
                                         HwExplanation      **out_explanation,
                                         GError             **error);

/* §3.3: whether an order of @total (minor units) by the user enters pending_approval. */
gboolean       hw_rules_needs_approval  (HwRules             *self,
                                         const char          *user_id,
                                         gint64               total,
                                         gboolean            *out_needs_approval,
                                         GError             **error);

/* The account a user belongs to, NULL for an unknown user. */
const char    *hw_rules_get_user_account (HwRules            *self,
                                          const char         *user_id);

/* The visible assortment of one user at one moment, in catalogue order: the category
 * tree depth first (siblings by position, then name), products of a category by SKU,
 * products without a category last. */
typedef struct
{
  const char *category_id;  /* NULL: every category; else the category and its subtree */
  const char *search;       /* NULL or blank: no search. Every word must start a word of the
                             * name, display name or brand, or start the SKU or GTIN
                             * (case-insensitive) */
  const char *after;        /* the next_after of the previous page, NULL for the first */
  guint       limit;        /* products per page; 0 counts only */
} HwVisibleQuery;

typedef struct
{
  GPtrArray *ids;           /* const char *, product ids of the page (owned by the snapshot) */
  gint64     total;         /* every visible product matching category and search */
  char      *next_after;    /* pass as after for the next page; NULL on the last page */
} HwVisiblePage;

/* Fails with HW_CORE_ERROR_NOT_FOUND for an unknown user or category and
 * HW_CORE_ERROR_INVALID for an `after` that names no product of the snapshot. */
HwVisiblePage *hw_rules_visible_page    (HwRules             *self,
                                         const char          *user_id,
                                         gint64               at,
                                         const HwVisibleQuery *query,
                                         GError             **error);
void           hw_visible_page_free     (HwVisiblePage       *page);

/* The impact of a proposed change, computed on an overlay of the snapshot: nothing is
 * written, and the snapshot stays as it is (impact may run on any thread). Supported
 * types: visibility_rule, catalogue (its entries and default), price, price_agreement,
 * discount_rule. @record is the proposed entity (create, update; its id names the one
 * replaced, and must be set) or, for delete, an entity of the type whose id names the one
 * removed. The proposal's references are checked against the snapshot (HW_CORE_ERROR_INVALID
 * naming the field); its other checks (windows, tiers) are the store's and are not repeated.
 *
 * Visibility is counted per (account, product): a pair changes when the decision changes
 * for any user of the account (an account without users is judged as a user with no role
 * and no user-scoped rules). Prices are compared per (account, product) on the products the
 * change targets, at the quantities max (1, min_qty) and every min_qty of the old and new
 * tiers; a pair changes when the price differs at any of them. */
typedef enum
{
  HW_CHANGE_CREATE,
  HW_CHANGE_UPDATE,
  HW_CHANGE_DELETE,
} HwChangeOp;

typedef struct
{
  HwChangeOp     op;
  gconstpointer  record;        /* a model struct whose HwEntity type says what it is */
} HwRulesChange;

typedef struct
{
  char     *account_id;
  char     *user_id;            /* visibility examples: the user whose view changes, or NULL */
  char     *product_id;
  char     *kind;               /* visibility, price */
  gboolean  visible_before;
  gboolean  visible_after;
  gint64    quantity;           /* price examples */
  gint64    price_before;
  gint64    price_after;
} HwImpactExample;

typedef struct
{
  gint64     visibility_changes; /* (account, product) pairs whose visibility changes */
  gint64     now_visible;        /* of those, hidden before and visible after          */
  gint64     now_hidden;
  gint64     price_changes;      /* (account, product) pairs whose price changes       */
  gint64     accounts_affected;
  GPtrArray *accounts;           /* char *, affected account ids, sorted, at most 100   */
  GPtrArray *examples;           /* HwImpactExample, at most max_examples              */
  gboolean   complete;           /* FALSE when a work budget cut the evaluation short:
                                  * then the counts are lower bounds                    */
} HwImpact;

/* Fails with HW_CORE_ERROR_INVALID for an unsupported type or a record that refers to
 * nothing in the snapshot, and HW_CORE_ERROR_NOT_FOUND when an update or delete names an
 * entity the snapshot does not have. */
HwImpact      *hw_rules_impact          (HwRules             *self,
                                         const HwRulesChange *change,
                                         gint64               at,
                                         guint                max_examples,
                                         GError             **error);
JsonNode      *hw_impact_to_json        (const HwImpact      *impact);
void           hw_impact_free           (HwImpact            *impact);

/* A thread-safe holder of the snapshot of one store: get() answers the held snapshot while
 * the store's revision is unchanged and loads a new one (on the calling thread, through the
 * given store connection, sharing what did not change: hw_rules_load_update ()) when it
 * moved. Use one cache per database. */
typedef struct _HwRulesCache HwRulesCache;

HwRulesCache  *hw_rules_cache_new       (void);
void           hw_rules_cache_free      (HwRulesCache        *cache);
HwRules       *hw_rules_cache_get       (HwRulesCache        *cache,
                                         HwStore             *store,
                                         GError             **error);
void           hw_rules_cache_invalidate (HwRulesCache       *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwRules, hw_rules_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwExplanation, hw_explanation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwVisiblePage, hw_visible_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwImpact, hw_impact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwRulesCache, hw_rules_cache_free)

G_END_DECLS
