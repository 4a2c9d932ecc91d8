/* hw-demo-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-demo.h"

G_BEGIN_DECLS

/* The demo data generator is split over hw-demo.c (the entry points, the stage loop and
 * the helpers every stage uses), hw-demo-data.c (the tables it draws from, data only),
 * hw-demo-products.c (attributes, categories, products and their relations),
 * hw-demo-assortment.c (catalogues, prices, rules and price agreements),
 * hw-demo-customers.c (accounts and users) and hw-demo-orders.c (integrations and
 * orders). They share the Demo below; hw_demo_generate() lists the stages in the order
 * they run. */

#define USEC_SECOND     G_USEC_PER_SEC
#define USEC_MINUTE     (G_GINT64_CONSTANT (60) * USEC_SECOND)
#define USEC_HOUR       (G_GINT64_CONSTANT (60) * USEC_MINUTE)
#define USEC_DAY        (G_GINT64_CONSTANT (24) * USEC_HOUR)

#define BATCH_SIZE          256
#define MAX_PROFILE_ATTRS   5
#define CURRENCY            "EUR"
#define ERP_ACTOR           "SAP S/4HANA"

/* Attributes */

typedef enum
{
  A_WEIGHT,
  A_ORIGIN,
  A_TARIFF,
  A_LENGTH,
  A_LENGTH_M,
  A_WIDTH,
  A_HEIGHT,
  A_DIAMETER,
  A_THICKNESS,
  A_THREAD,
  A_TIP,
  A_MATERIAL,
  A_FINISH,
  A_COLOUR,
  A_VOLTAGE,
  A_POWER,
  A_CORDLESS,
  A_BATTERY,
  A_TORQUE,
  A_IP,
  A_CROSS_SECTION,
  A_CORES,
  A_CURRENT,
  A_POLES,
  A_CHARACTERISTIC,
  A_FLUX,
  A_CCT,
  A_CONNECTION,
  A_PRESSURE,
  A_CAPACITY,
  A_CONTENT,
  A_GLOVE_SIZE,
  A_SHOE_SIZE,
  A_CLOTHING_SIZE,
  A_STANDARD,
  A_PIECES,
  A_RANGE,
  A_TEETH,
  N_ATTRIBUTES
} AttributeId;

typedef struct
{
  const char         *code;
  const char         *name;
  const char         *type;
  const char         *unit;
  const char * const *options;
  gboolean            required;
  gboolean            filterable;
} AttributeDef;

/* Brands, grouped by what they make */

enum
{
  G_POWER    = 1 << 0,
  G_HAND     = 1 << 1,
  G_FIX      = 1 << 2,
  G_CABLE    = 1 << 3,
  G_INSTALL  = 1 << 4,
  G_LIGHT    = 1 << 5,
  G_PLUMB    = 1 << 6,
  G_SANITARY = 1 << 7,
  G_HVAC     = 1 << 8,
  G_SAFETY   = 1 << 9,
  G_WORKWEAR = 1 << 10,
  G_CHEM     = 1 << 11,
  G_ABRASIVE = 1 << 12,
  G_SITE     = 1 << 13,
};

typedef struct
{
  const char *name;
  const char *model_prefix;
  guint       model_digits;
  const char *origin;
  const char *gs1;     /* GS1 country prefix and company number: the first five GTIN digits */
  guint       groups;
} BrandDef;

#define PRIVATE_LABEL 0
#define N_BRANDS      30   /* entries in _hw_demo_brand_defs */

/* Product profiles: the attributes of a kind of product, how its name is built, its price
 * range and how it is sold. Name templates: %B brand, %M model, %N the category's noun,
 * %W the weight, %1…%5 an attribute value with its unit, %r1…%r5 without. The first
 * n_axes attributes vary within a family of variants; the others are shared by it. */

typedef enum
{
  COND_SINGLE,   /* per piece */
  COND_TOOL,     /* per piece, sometimes a maximum per order */
  COND_BOX,      /* per box, sometimes a minimum of a few boxes */
  COND_PACK,     /* in packs of 5, 10 or 25 */
  COND_DOZEN,    /* gloves and the like by 6 or 12 pairs */
  COND_METER,    /* cable by 25, 50 or 100 m, long lengths capped */
  COND_CARTON,   /* cartridges and cans by the carton */
} Conditions;

typedef struct
{
  AttributeId  attr;
  const char  *values;  /* '|'-separated candidates, as stored: "12.5", "true", an option */
} ProfileAttr;

typedef struct
{
  const char  *template;
  const char  *unit;
  guint        price_min;   /* cents */
  guint        price_max;
  guint        weight_min;  /* grams */
  guint        weight_max;
  const char  *tariff;
  Conditions   conditions;
  guint8       family_min;
  guint8       family_max;
  guint8       n_axes;
  ProfileAttr  attrs[MAX_PROFILE_ATTRS];
} Profile;

typedef enum
{
  PR_CORDLESS,
  PR_CORDED,
  PR_BATTERY,
  PR_CHARGER,
  PR_LASER,
  PR_DUST,
  PR_PACK,
  PR_LENGTH_TOOL,
  PR_SCREWDRIVER,
  PR_TOOLSET,
  PR_SPANNER,
  PR_TORQUE,
  PR_HAMMER,
  PR_TAPE,
  PR_CONTAINER,
  PR_BOLT,
  PR_SCREW,
  PR_NUT,
  PR_WASHER,
  PR_ANCHOR,
  PR_RIVET,
  PR_NAIL,
  PR_CABLE,
  PR_DRUM,
  PR_PATCH,
  PR_CABLE_ACC,
  PR_SWITCH,
  PR_BREAKER,
  PR_PROTECTION,
  PR_ENCLOSURE,
  PR_TERMINAL,
  PR_LUMINAIRE,
  PR_LAMP,
  PR_LUG,
  PR_SLEEVE,
  PR_FITTING,
  PR_PIPE,
  PR_VALVE,
  PR_TAP,
  PR_SANITARY,
  PR_HEATER,
  PR_POWER_UNIT,
  PR_RADIATOR,
  PR_THERMOSTAT,
  PR_PUMP,
  PR_MANIFOLD,
  PR_FAN,
  PR_GLOVES,
  PR_DISPOSABLE,
  PR_PPE,
  PR_SHOES,
  PR_CLOTHING,
  PR_FIRSTAID,
  PR_CHEMICAL,
  PR_DISC,
  PR_DRILLBIT,
  PR_SAWBLADE,
  PR_LADDER,
  N_PROFILES
} ProfileId;

/* The category tree, depth first. Leaves carry the noun their products are named with,
 * a profile, a relative number of products, optionally the brand groups (else the
 * nearest ancestor's) and candidates replacing those of the profile's first three
 * attributes. */

enum
{
  LEAF_SPARE = 1 << 0,  /* spare parts for machines */
};

typedef struct
{
  guint8       depth;
  const char  *name;
  const char  *noun;
  gint8        profile;
  guint8       weight;
  guint        groups;
  guint        flags;
  const char  *values[3];
} CategoryDef;

#define N_CATEGORIES  314  /* entries in _hw_demo_category_defs */
#define N_ROOTS       8

/* What a product of a profile is sold with: accessories come from these profiles. */
typedef struct
{
  ProfileId for_profile;
  ProfileId accessories[3];
  guint     n_accessories;
} AccessoryDef;

#define N_ACCESSORY_DEFS  13  /* entries in _hw_demo_accessory_defs */

/* Customers */

typedef enum
{
  SEG_INSTALLERS,
  SEG_INDUSTRY,
  SEG_RETAIL,
  SEG_PUBLIC,
  SEG_PARTNERS,
  N_SEGMENTS
} Segment;

typedef enum
{
  C_NL,
  C_DE,
  C_BE,
  C_AT,
  N_COUNTRIES
} Country;

typedef struct
{
  const char         *code;
  const char         *tld;
  double              share;
  const char * const *surnames;
  const char * const *first_names;
  const char * const *streets;
  const char * const *cities;
  const guint        *postal_bases;
} CountryDef;

typedef enum
{
  ROLE_ACCOUNT_ADMIN,
  ROLE_BUYER,
  ROLE_PLANNER,
  ROLE_OPERATIONAL,
  N_ROLES
} Role;

/* Orders */

typedef enum
{
  OS_PENDING,
  OS_RECEIVED,
  OS_EXPORTED,
  OS_CONFIRMED,
  OS_SHIPPED,
  OS_COMPLETED,
  OS_REJECTED,
  OS_CANCELLED,
  OS_FAILED,
  N_ORDER_STATUSES
} OrderStatus;

#define N_FAILURE_REASONS  5  /* entries in _hw_demo_failure_reasons */
#define N_CANCEL_NOTES     4  /* entries in _hw_demo_cancel_notes */

/* Generator state */

typedef enum
{
  PS_ACTIVE,
  PS_DISCONTINUED,
  PS_BLOCKED,
} ProductStatus;

/* What later stages need of a product: 32 bytes each, so a million products cost 32 MB. */
typedef struct
{
  guint8  uuid[16];
  guint32 price;
  guint16 leaf;
  guint16 min_qty;
  guint16 order_multiple;
  guint8  family_pos;
  guint8  status;
  guint8  brand;
} DemoProduct;

/* A product orders and agreements may use, with what an order line needs. */
typedef struct
{
  guint32     product;
  guint32     price;
  guint32     max_qty;   /* 0: no maximum */
  guint16     min_qty;
  guint16     order_multiple;
  guint8      root;
  const char *name;
} PoolItem;

typedef struct
{
  guint   category;
  guint   root;
  guint   groups;
  guint   first;
  guint   count;
  guint   group_first;   /* the leaves under the same first-level category */
  guint   group_end;
  guint   n_values[MAX_PROFILE_ATTRS];
  char  **values[MAX_PROFILE_ATTRS];
} LeafInfo;

typedef struct
{
  guint8      uuid[16];
  guint32     first_user;
  guint32     n_users;
  double      weight;
  const char *name;
  const char *domain;
  guint8      segment;
  guint8      country;
  guint8      focus_root;
  guint8      active;
} DemoAccount;

typedef struct
{
  guint8      uuid[16];
  guint32     account;
  gint64      order_limit;
  const char *email;
  guint8      role;
  guint8      can_order;
  guint8      active;
} DemoUser;

typedef enum
{
  CAT_FULL,
  CAT_RETAIL,
  CAT_PUBLIC,
  CAT_INDUSTRY,
  CAT_PARTNERS,
  N_CATALOGUES
} CatalogueId;

typedef enum
{
  PL_STANDARD,
  PL_INSTALLERS,
  PL_INDUSTRY,
  PL_PUBLIC,
  PL_PARTNERS,
  PL_PROJECT_HOSPITAL,
  PL_PROJECT_SOLAR,
  N_PRICE_LISTS
} PriceListId;

typedef struct
{
  const char *code;
  const char *name;
  int         segment;      /* -1: none */
  gboolean    is_default;
  double      share;        /* of the products the list has a price for */
  double      factor;       /* of the base price */
} PriceListDef;

typedef struct
{
  HwStore             *store;
  HwDemoOptions        options;
  HwDemoProgressFunc   progress;
  gpointer             user_data;
  GCancellable        *cancellable;
  GRand               *rand;
  const char          *stage;
  gint64               clock;
  gint64               last_report;

  GString             *name;
  GString             *text;
  GStringChunk        *strings;

  char                 category_ids[N_CATEGORIES][37];
  guint                category_root[N_CATEGORIES];
  char                 attribute_ids[N_ATTRIBUTES][37];
  LeafInfo            *leaves;
  guint                n_leaves;
  guint                root_categories[N_ROOTS];

  DemoProduct         *products;
  GArray              *pool;                       /* PoolItem */
  guint                pool_root_start[N_ROOTS + 1];

  char                 catalogue_ids[N_CATALOGUES][37];
  char                 price_list_ids[N_PRICE_LISTS][37];
  DemoAccount         *accounts;
  DemoUser            *users;
  GArray              *limited_users;              /* guint32 */
  double              *account_cumulative;         /* over active accounts */
  char                 erp_id[37];
} Demo;

/* hw-demo-data.c */
extern const AttributeDef  _hw_demo_attribute_defs[N_ATTRIBUTES];
extern const BrandDef      _hw_demo_brand_defs[];        /* N_BRANDS, the private label first */
extern const Profile       _hw_demo_profiles[N_PROFILES];
extern const CategoryDef   _hw_demo_category_defs[];     /* N_CATEGORIES, depth first */
extern const AccessoryDef  _hw_demo_accessory_defs[];    /* N_ACCESSORY_DEFS */
extern const char * const  _hw_demo_segment_names[N_SEGMENTS];
extern const double        _hw_demo_segment_shares[N_SEGMENTS];
extern const guint8        _hw_demo_segment_focus[N_SEGMENTS][3];
extern const CountryDef    _hw_demo_country_defs[N_COUNTRIES];
extern const char * const  _hw_demo_account_patterns[N_SEGMENTS][N_COUNTRIES][4];
extern const char * const  _hw_demo_role_names[N_ROLES];
extern const char * const  _hw_demo_order_status_names[N_ORDER_STATUSES];
extern const char * const  _hw_demo_failure_reasons[];   /* N_FAILURE_REASONS */
extern const char * const  _hw_demo_cancel_notes[];      /* N_CANCEL_NOTES */
extern const char * const  _hw_demo_product_status_names[];  /* by ProductStatus */
extern const PriceListDef  _hw_demo_price_list_defs[N_PRICE_LISTS];

/* Random helpers: every draw goes through the stage's GRand. */

static inline guint
_hw_demo_rand_below (Demo *demo,
                     guint n)
{
  return n <= 1 ? 0 : (guint) g_rand_int_range (demo->rand, 0, (gint32) n);
}

static inline guint
_hw_demo_rand_between (Demo *demo,
                       guint lo,
                       guint hi)
{
  return lo + _hw_demo_rand_below (demo, hi - lo + 1);
}

static inline gboolean
_hw_demo_chance (Demo   *demo,
                 double  p)
{
  return g_rand_double (demo->rand) < p;
}

static inline gint64
_hw_demo_rand_span (Demo   *demo,
                    gint64  lo,
                    gint64  hi)
{
  return lo + (gint64) (g_rand_double (demo->rand) * (double) (hi - lo));
}

/* hw-demo.c: the helpers every stage uses */
const char     *_hw_demo_rand_pick          (Demo                *demo,
                                             const char * const  *strv);
guint           _hw_demo_rand_weighted      (Demo                *demo,
                                             const double        *weights,
                                             guint                n);
void            _hw_demo_rand_uuid          (Demo                *demo,
                                             guint8               bytes[16]);
void            _hw_demo_uuid_format        (const guint8         bytes[16],
                                             char                 out[37]);
void            _hw_demo_rand_id            (Demo                *demo,
                                             char                 out[37]);
void            _hw_demo_set_id             (gpointer             entity,
                                             const char          *id);
void            _hw_demo_set_new_id         (Demo                *demo,
                                             gpointer             entity);
void            _hw_demo_format_number      (char                *buf,
                                             gsize                size,
                                             double               value,
                                             guint                decimals);
gint64          _hw_demo_day_floor          (gint64               usec);
gboolean        _hw_demo_report             (Demo                *demo,
                                             guint64              done,
                                             guint64              total,
                                             gboolean             force,
                                             GError             **error);
gboolean        _hw_demo_create             (Demo                *demo,
                                             gpointer             entity,
                                             GError             **error);
const char     *_hw_demo_product_id         (Demo                *demo,
                                             guint                index,
                                             char                 buf[37]);
guint           _hw_demo_find_category      (const char          *name);

/* hw-demo-products.c */
gboolean        _hw_demo_stage_taxonomy     (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_products     (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_relations    (Demo                *demo,
                                             GError             **error);
const PoolItem *_hw_demo_pool_pick          (Demo                *demo,
                                             guint                focus_root);

/* hw-demo-assortment.c */
gboolean        _hw_demo_stage_catalogues   (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_prices       (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_rules        (Demo                *demo,
                                             GError             **error);

/* hw-demo-customers.c */
gboolean        _hw_demo_stage_accounts     (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_users        (Demo                *demo,
                                             GError             **error);
guint           _hw_demo_pick_account       (Demo                *demo);

/* hw-demo-orders.c */
gboolean        _hw_demo_stage_integrations (Demo                *demo,
                                             GError             **error);
gboolean        _hw_demo_stage_orders       (Demo                *demo,
                                             GError             **error);

G_END_DECLS
