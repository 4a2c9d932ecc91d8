/* hw-rules-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include "hw-core-error.h"
#include "hw-rules.h"

G_BEGIN_DECLS

/* The engine is split over hw-rules.c (building the snapshot and its index),
 * hw-rules-eval.c (single answers with explanations, and visible-set bitmaps),
 * hw-rules-set.c (visible pages and impact), hw-rules-explain.c (explanations, JSON,
 * the cache) and hw-store-rules.c (reading what the rules need from the store).
 *
 * Products are indexed 0..n-1 in catalogue order: categories depth first, so the products
 * of a category subtree are one contiguous range and a rule or catalogue entry on a
 * category is a range operation on a bitmap. */

typedef enum
{
  SCOPE_ALL,
  SCOPE_SEGMENT,
  SCOPE_ROLE,
  SCOPE_ACCOUNT,
  SCOPE_USER,
  N_SCOPES,
} RScope;

typedef enum
{
  TARGET_PRODUCT,
  TARGET_CATEGORY,
  TARGET_ATTRIBUTE,   /* visibility rules: attribute = value, "brand" included */
  TARGET_BRAND,       /* discount rules */
} RTarget;

typedef enum
{
  STATUS_ACTIVE,
  STATUS_DISCONTINUED,
  STATUS_BLOCKED,
} RStatus;

typedef struct
{
  const char *id;
  int         parent;        /* -1 for a root */
  guint       depth;
  guint       first;         /* the subtree's products are [first, last) */
  guint       last;
} RCategory;

typedef struct
{
  const char *id;
  const char *sku;
  const char *gtin;
  const char *name;
  const char *display_name;
  const char *brand;
  int         category;      /* -1 for none */
  guint8      status;
  char        currency[4];
  gint64      base_price;
  gint64      min_qty;
  gint64      order_multiple;
  gint64      max_qty;
  guint64     values_hash;   /* of its attribute values: a patch keeps postings only while
                              * this stands (hw_rules_load_update ()) */
} RProduct;

/* The products with one attribute value (or brand), sorted by index. */
typedef struct
{
  guint *items;
  guint  len;
} RPostings;

typedef struct
{
  int      target;           /* product or category index */
  gboolean is_category;
  gboolean include;
} RCatalogueEntry;

typedef struct
{
  const char      *id;
  gboolean         all;      /* default_visibility all */
  gboolean         is_default;
  RCatalogueEntry *entries;  /* category entries by depth (include before exclude), then
                              * product entries (include before exclude): applied in this
                              * order the most specific entry is the last one written */
  guint            n_entries;
} RCatalogue;

typedef struct
{
  const char *id;
  const char *segment;
  int         catalogue;     /* -1: the default catalogue */
  int         price_list;    /* -1: none */
  char        currency[4];
  gboolean    blocked;
} RAccount;

typedef struct
{
  const char *id;
  int         account;
  const char *role;
  gboolean    show_prices;
  gboolean    can_order;
  gint64      order_limit;
  gboolean    active;
} RUser;

typedef struct
{
  const char      *id;
  guint8           scope;
  const char      *scope_value;
  guint8           target;
  int              target_index;   /* product or category; -1 matches nothing */
  const char      *attribute_code;
  const char      *attribute_value;
  const RPostings *postings;       /* attribute targets; NULL matches nothing */
  gboolean         hide;
  gint64           priority;
  gint64           valid_from;
  gint64           valid_to;
} RRule;

typedef struct
{
  const char *id;
  const char *currency;
  const char *segment;
  gboolean    is_default;
} RPriceList;

typedef struct
{
  gint64 min_qty;
  gint64 amount;
} RTier;

/* A price row (owner: a price list) or an agreement row (owner: an account). */
typedef struct
{
  const char *id;
  int         owner;
  int         product;
  char        currency[4];
  gint64      valid_from;
  gint64      valid_to;
  RTier      *tiers;
  guint       n_tiers;
} RPrice;

typedef struct
{
  const char      *id;
  gint64           discount_bp;
  gboolean         account_scope;
  int              account;        /* account scope; -1 matches nothing */
  const char      *segment;        /* segment scope */
  guint8           target;         /* product, category, brand */
  int              target_index;
  const char      *brand;
  gint64           valid_from;
  gint64           valid_to;
} RDiscount;

/* The large parts of a snapshot, reference-counted so a later snapshot can share them
 * while what they were built from is unchanged (see hw_rules_load_update ()). Immutable
 * once built. The snapshot copies their pointers into its own fields, so the evaluation
 * reads them as before. */
typedef struct
{
  gatomicrefcount  ref_count;
  GStringChunk    *strings;          /* the last of string_parts: where this one's went */
  GPtrArray       *string_parts;     /* RStrings: a patched assortment keeps its base's */
  RCategory       *categories;
  guint            n_categories;
  GHashTable      *category_by_id;
  RProduct        *products;
  guint            n_products;
  GHashTable      *product_by_id;
  guint64         *blocked;
  guint            n_words;
  GHashTable      *postings;
  GHashTable      *attribute_codes;
} RAssortment;

/* Strings several price tables may hold: a patched table keeps its predecessor's. */
typedef struct
{
  gatomicrefcount  ref_count;
  GStringChunk    *chunk;
} RStrings;

void            _hw_rules_strings_unref        (gpointer        data);

/* Prices and agreements: they hold indexes of products (the assortment's), price lists
 * and accounts, so they are shared (or patched) only while those indexes stand. */
typedef struct
{
  gatomicrefcount  ref_count;
  GPtrArray       *strings;            /* RStrings: the ids of the rows */
  RPrice          *prices;
  guint            n_prices;
  RPrice          *agreements;
  guint            n_agreements;
  RTier           *tier_pool;
} RPriceTable;

struct _HwRules
{
  gatomicrefcount  ref_count;
  gint64           revision;
  GStringChunk    *strings;            /* of the small tables; the parts have their own */
  RAssortment     *assortment;         /* owns categories … attribute_codes below */
  RPriceTable     *price_table;        /* owns prices, agreements and tier_pool below */

  RCategory       *categories;
  guint            n_categories;
  GHashTable      *category_by_id;     /* id → index + 1 */

  RProduct        *products;
  guint            n_products;
  GHashTable      *product_by_id;      /* id → index + 1 */
  guint64         *blocked;            /* bitmap of blocked products */
  guint            n_words;

  GHashTable      *postings;           /* "code\x1fvalue" → RPostings; "brand\x1fX" too */
  GHashTable      *attribute_codes;    /* the codes of the attribute definitions */

  RCatalogue      *catalogues;
  guint            n_catalogues;
  GHashTable      *catalogue_by_id;
  int              default_catalogue;  /* -1: none, everything is included */

  RAccount        *accounts;
  guint            n_accounts;
  GHashTable      *account_by_id;
  GPtrArray      **users_of_account;   /* per account: RUser * */

  RUser           *users;
  guint            n_users;
  GHashTable      *user_by_id;

  RRule           *rules;
  guint            n_rules;
  GHashTable      *rule_by_id;
  GPtrArray       *rules_all;          /* RRule * with scope all */
  GHashTable      *rules_by_scope[N_SCOPES]; /* scope value → GPtrArray of RRule * */

  RPriceList      *price_lists;
  guint            n_price_lists;
  GHashTable      *price_list_by_id;
  GHashTable      *segment_list;       /* segment → index + 1 */
  int              default_list;

  /* Prices and agreements have no index by id: only impact looks them up so, and a
   * scan costs it a few milliseconds where a million-entry table costs every build. */
  RPrice          *prices;             /* sorted by (owner, product, id) */
  guint            n_prices;
  RPrice          *agreements;         /* sorted by (owner, product, id) */
  guint            n_agreements;
  RTier           *tier_pool;          /* the tiers of prices and agreements */

  RDiscount       *discounts;
  guint            n_discounts;
  GHashTable      *discount_by_id;
  GHashTable      *discounts_by_product;   /* index + 1 → GPtrArray of RDiscount * */
  GHashTable      *discounts_by_category;
  GHashTable      *discounts_by_brand;
};

/* A proposed change laid over the snapshot for impact: the entity named remove_id is
 * left out, and the compiled replacement (if any) is taken in. */
typedef struct
{
  const HwEntityType *type;
  const char         *remove_id;
  const RRule        *rule;
  const RCatalogue   *catalogue;
  const RPrice       *price;
  const RPrice       *agreement;
  const RDiscount    *discount;
} ROverlay;

/* Who looks: a user, or (user NULL) an account without users. */
typedef struct
{
  const RUser    *user;
  const RAccount *account;
} RViewer;

/* Strings of a snapshot: interned when many share them (brands, currencies, segments),
 * copied when each is its own (ids, names). */
static inline const char *
_hw_rules_intern (GStringChunk *strings,
                  const char   *text)
{
  return text != NULL ? g_string_chunk_insert_const (strings, text) : NULL;
}

static inline const char *
_hw_rules_copy (GStringChunk *strings,
                const char   *text)
{
  return text != NULL ? g_string_chunk_insert (strings, text) : NULL;
}

static inline void
_hw_rules_copy_currency (char        dest[4],
                         const char *currency)
{
  memset (dest, 0, 4);
  if (currency != NULL)
    g_strlcpy (dest, currency, 4);
}

/* A price (agreement FALSE) or agreement row as the builder gathers it. */
typedef struct
{
  gboolean    agreement;
  const char *id;
  const char *owner_id;
  const char *product_id;
  const char *currency;
  gint64      valid_from;
  gint64      valid_to;
  guint       first_tier;     /* in the builder's tiers */
  guint       n_tiers;
} RawPrice;


/* hw-rules-builder.c: the rows; hw-rules.c: building from them */
typedef struct
{
  guint       product;        /* in the order products were added */
  const char *attribute_id;   /* interned */
  const char *value;          /* interned */
} RawValue;

typedef struct _HwRulesBuilder HwRulesBuilder;

struct _HwRulesBuilder
{
  gint64        revision;
  GStringChunk *strings;
  GArray       *products;     /* RProduct, category unresolved */
  GPtrArray    *category_ids; /* per product: its category id, or NULL */
  GArray       *values;       /* RawValue */
  GArray       *prices;       /* RawPrice */
  GArray       *tiers;        /* RTier, of every RawPrice */
  GStringChunk *scratch;      /* strings needed only until finish() */
  GPtrArray    *entities;     /* owned model structs */
  guint        *sorted_of_raw; /* a product's index once sorted, by the order it came in */
};

HwRulesBuilder *_hw_rules_builder_new          (gint64          revision);
void            _hw_rules_builder_free         (HwRulesBuilder *builder);
void            _hw_rules_builder_add_product  (HwRulesBuilder *builder,
                                                const char     *id,
                                                const char     *sku,
                                                const char     *gtin,
                                                const char     *name,
                                                const char     *display_name,
                                                const char     *brand,
                                                const char     *status,
                                                const char     *category_id,
                                                gint64          base_price,
                                                const char     *currency,
                                                gint64          min_qty,
                                                gint64          order_multiple,
                                                gint64          max_qty);
/* A value of the product added last. */
void            _hw_rules_builder_add_value    (HwRulesBuilder *builder,
                                                const char     *attribute_id,
                                                const char     *value);
/* One tier of a price (agreement FALSE) or agreement row; rows come tier by tier, the
 * tiers of one row next to each other. */
void            _hw_rules_builder_add_tier     (HwRulesBuilder *builder,
                                                gboolean        agreement,
                                                const char     *id,
                                                const char     *owner_id,
                                                const char     *product_id,
                                                const char     *currency,
                                                gint64          valid_from,
                                                gint64          valid_to,
                                                gint64          min_qty,
                                                gint64          amount);
/* Any other entity of the rules (category, attribute, catalogue, account, user,
 * visibility rule, price list, discount rule): taken, freed by the builder. */
void            _hw_rules_builder_take         (HwRulesBuilder *builder,
                                                gpointer        entity);
HwRules        *_hw_rules_builder_finish       (HwRulesBuilder *builder,
                                                GError        **error);
/* Builds sharing @previous's assortment (and, with @share_prices, its prices and
 * agreements): the builder then holds no products, and no tiers when sharing prices. */
/* Whether @previous's prices and agreements can serve a snapshot of the builder's small
 * tables: every account and price list of @previous keeps its index (new ones come after),
 * and every list its currency. */
gboolean        _hw_rules_builder_can_share_prices (HwRulesBuilder *builder,
                                                    HwRules        *previous);
HwRules        *_hw_rules_builder_finish_sharing (HwRulesBuilder *builder,
                                                  HwRules        *previous,
                                                  gboolean        share_prices,
                                                  GError        **error);
/* Builds sharing @previous's assortment, its prices patched: the rows of @removed (ids of
 * prices and agreements changed or deleted) left out, the builder's rows (those changed,
 * as they are now) taken in. */
HwRules        *_hw_rules_builder_finish_patching (HwRulesBuilder *builder,
                                                   HwRules        *previous,
                                                   GHashTable     *removed,
                                                   GError        **error);

/* Whether the builder's products (the changed ones only, as they are now) can be patched
 * into @previous's assortment: each is in it, with the same SKU, category, brand and
 * attribute values, so the order and the postings stand. */
gboolean        _hw_rules_builder_can_patch_products (HwRulesBuilder *builder,
                                                      HwRules        *previous);
/* Like the finish functions above, the assortment a copy of @previous's with the builder's
 * products patched in (see _hw_rules_builder_can_patch_products ()). */
HwRules        *_hw_rules_builder_finish_products (HwRulesBuilder *builder,
                                                   HwRules        *previous,
                                                   gboolean        share_prices,
                                                   GHashTable     *removed,
                                                   GError        **error);

/* The compile functions put the strings they keep in @strings: the snapshot's own while
 * building, a proposal's while it is laid over a shared snapshot. */
int             _hw_rules_lookup               (GHashTable     *by_id,
                                                const char     *id);
gboolean        _hw_rules_compile_rule         (HwRules                *self,
                                                GStringChunk           *strings,
                                                const HwVisibilityRule *rule,
                                                RRule                  *out,
                                                GError                **error);
gboolean        _hw_rules_compile_catalogue    (HwRules                *self,
                                                GStringChunk           *strings,
                                                const HwCatalogue      *catalogue,
                                                RCatalogue             *out,
                                                GError                **error);
gboolean        _hw_rules_compile_price        (HwRules                *self,
                                                GStringChunk           *strings,
                                                gconstpointer           price,
                                                RPrice                 *out,
                                                GError                **error);
gboolean        _hw_rules_compile_discount     (HwRules                *self,
                                                GStringChunk           *strings,
                                                const HwDiscountRule   *rule,
                                                RDiscount              *out,
                                                GError                **error);
gboolean        _hw_rules_compile_raw_price    (HwRules                *self,
                                                GStringChunk           *strings,
                                                const RawPrice         *raw,
                                                const RTier            *tiers,
                                                RTier                  *slot,
                                                RPrice                 *out,
                                                GError                **error);
void            _hw_rules_free_compiled        (RCatalogue             *catalogue,
                                                RPrice                 *price);

/* hw-rules-prices.c */
void            _hw_rules_build_prices         (HwRules        *self,
                                                HwRulesBuilder *builder);
void            _hw_rules_patch_prices         (HwRules        *self,
                                                HwRulesBuilder *builder,
                                                RPriceTable    *previous,
                                                GHashTable     *removed);
void            _hw_rules_use_prices           (HwRules        *self,
                                                RPriceTable    *table);
void            _hw_rules_price_table_unref    (RPriceTable    *table);

/* hw-rules-compile.c: above. hw-store-rules.c (also hw_rules_load ()) */
typedef enum
{
  HW_RULES_LOAD_ASSORTMENT = 1 << 0,  /* categories, attributes, products */
  HW_RULES_LOAD_PRICES     = 1 << 1,  /* prices and agreements (their tiers) */
  HW_RULES_LOAD_SMALL      = 1 << 2,  /* catalogues, accounts, users, rules, lists, discounts */
  HW_RULES_LOAD_ALL        = HW_RULES_LOAD_ASSORTMENT | HW_RULES_LOAD_PRICES | HW_RULES_LOAD_SMALL,
} HwRulesLoadParts;

gboolean        _hw_store_load_rules           (HwStore          *store,
                                                HwRulesBuilder   *builder,
                                                HwRulesLoadParts  parts,
                                                GError          **error);

/* hw-rules-eval.c */
static inline gboolean
_hw_rules_window_contains (gint64 valid_from,
                           gint64 valid_to,
                           gint64 at)
{
  return (valid_from == HW_NONE || valid_from <= at) && (valid_to == HW_NONE || at < valid_to);
}

const RCatalogue *_hw_rules_viewer_catalogue   (HwRules          *self,
                                                const RAccount   *account,
                                                const ROverlay   *overlay);
GPtrArray      *_hw_rules_viewer_rules         (HwRules          *self,
                                                const RViewer    *viewer,
                                                gint64            at,
                                                const ROverlay   *overlay);
gboolean        _hw_rules_visible_one          (HwRules          *self,
                                                const RViewer    *viewer,
                                                guint             product,
                                                gint64            at,
                                                const ROverlay   *overlay,
                                                HwExplanation    *explanation);
/* Writes the visibility of products [word_lo * 64, word_hi * 64) to bits[0..). */
void            _hw_rules_visible_bits         (HwRules          *self,
                                                const RViewer    *viewer,
                                                gint64            at,
                                                const ROverlay   *overlay,
                                                guint             word_lo,
                                                guint             word_hi,
                                                guint64          *bits);
gboolean        _hw_rules_price_one            (HwRules          *self,
                                                const RAccount   *account,
                                                guint             product,
                                                gint64            qty,
                                                gint64            at,
                                                const ROverlay   *overlay,
                                                HwPriceResult    *out,
                                                HwExplanation    *explanation);

/* hw-rules-explain.c */
HwExplanation  *_hw_explanation_new            (const char       *question);
HwRulesStep    *_hw_explanation_add            (HwExplanation    *explanation,
                                                const char       *step,
                                                const char       *entity,
                                                const char       *id,
                                                const char       *outcome,
                                                const char       *format,
                                                ...) G_GNUC_PRINTF (6, 7);
void            _hw_explanation_set_decisive   (HwExplanation    *explanation,
                                                HwRulesStep      *step);

G_END_DECLS
