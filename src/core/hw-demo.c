/* hw-demo.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw-core-error.h"
#include "hw-demo.h"

/* Demo data for a technical wholesaler: a category tree of tools, fasteners, electrical,
 * plumbing, HVAC, safety and consumables, products built from typed attributes, customer
 * accounts with their users, prices, rules and a year of orders.
 *
 * Everything comes from one GRand per stage seeded with the options' seed, ids included,
 * and the store's clock answers the options' "now", so a seed gives the same database
 * byte for byte. Stages run in their own transaction and write in batches; between
 * batches they report progress and check for cancellation. Products are not kept in
 * memory: later stages use compact arrays (ids as 16 bytes, prices, conditions) and a
 * bounded pool of popular products with their names for order lines. */

#define USEC_SECOND     G_USEC_PER_SEC
#define USEC_MINUTE     (G_GINT64_CONSTANT (60) * USEC_SECOND)
#define USEC_HOUR       (G_GINT64_CONSTANT (60) * USEC_MINUTE)
#define USEC_DAY        (G_GINT64_CONSTANT (24) * USEC_HOUR)

#define BATCH_SIZE          256
#define PROGRESS_INTERVAL   (G_USEC_PER_SEC / 4)
#define POOL_MAX            50000
#define MAX_PROFILE_ATTRS   5
#define MAX_ORDER_LINES     15
#define MAX_PRODUCTS        9999999   /* SKUs have seven digits */
#define MAX_ACCOUNTS        299999    /* customer numbers have six digits */
#define HW_DEMO_MAX_USERS   5000000
#define HW_DEMO_MAX_ORDERS  20000000
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

static const char * const origin_options[] = {
  "DE", "NL", "BE", "AT", "IT", "FR", "PL", "CZ", "SE", "DK", "CH", "JP", "CN", "TW", "US", NULL
};
static const char * const thread_options[] = {
  "M3", "M4", "M5", "M6", "M8", "M10", "M12", "M16", "M20", "M24", NULL
};
static const char * const tip_options[] = {
  "PH0", "PH1", "PH2", "PH3", "PZ1", "PZ2", "PZ3", "TX10", "TX15", "TX20", "TX25", "TX30",
  "TX40", "SL 3.5", "SL 4", "SL 5.5", "SL 6.5", NULL
};
static const char * const material_options[] = {
  "steel", "steel 8.8", "steel 10.9", "hardened steel", "stainless steel A2",
  "stainless steel A4", "brass", "gunmetal", "copper", "aluminium", "cast iron",
  "chrome vanadium", "tool steel", "HSS-G", "HSS-Co", "carbide", "corundum", "zirconia",
  "ceramic", "diamond", "polyamide", "polypropylene", "polycarbonate", "PVC", "PE", "PPSU",
  "PE-X/Al/PE-X", "nitrile", "latex", "polyurethane", "leather", "HPPE", "cotton/polyester",
  "polyester", "cordura", "fibreglass", NULL
};
static const char * const finish_options[] = {
  "plain", "zinc plated", "yellow zinc plated", "hot-dip galvanised", "black oxide",
  "chrome plated", "powder coated", NULL
};
static const char * const colour_options[] = {
  "black", "white", "pure white", "cream white", "grey", "anthracite", "aluminium", "silver",
  "chrome", "matt black", "brushed steel", "red", "blue", "yellow", "green", "orange", "brown",
  "navy", "transparent", "clear", "amber", "natural", "green-yellow", "hi-vis yellow",
  "hi-vis orange", "RAL 9016 traffic white", NULL
};
static const char * const ip_options[] = {
  "IP20", "IP24", "IP30", "IP40", "IP44", "IP45", "IP54", "IP55", "IP65", "IP66", "IP67", "IP68",
  NULL
};
static const char * const characteristic_options[] = { "B", "C", "D", NULL };
static const char * const connection_options[] = {
  "3/8\"", "1/2\"", "3/4\"", "1\"", "1 1/4\"", "12 mm", "15 mm", "16 mm", "18 mm", "20 mm",
  "22 mm", "26 mm", "28 mm", "35 mm", NULL
};
static const char * const glove_size_options[] = {
  "6 (XS)", "7 (S)", "8 (M)", "9 (L)", "10 (XL)", "11 (XXL)", NULL
};
static const char * const shoe_size_options[] = {
  "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48", NULL
};
static const char * const clothing_size_options[] = {
  "XS", "S", "M", "L", "XL", "XXL", "3XL", NULL
};

/* Weight, origin and customs tariff are what every product needs for shipping and
 * customs, so they are the required ones: completeness measures them. */
static const AttributeDef attribute_defs[N_ATTRIBUTES] = {
  [A_WEIGHT] = { "weight", "Weight", "number", "kg", NULL, TRUE, FALSE },
  [A_ORIGIN] = { "country_of_origin", "Country of origin", "enum", NULL, origin_options, TRUE,
                 TRUE },
  [A_TARIFF] = { "customs_tariff", "Customs tariff number", "text", NULL, NULL, TRUE, FALSE },
  [A_LENGTH] = { "length", "Length", "number", "mm", NULL, FALSE, TRUE },
  [A_LENGTH_M] = { "length_m", "Length (m)", "number", "m", NULL, FALSE, TRUE },
  [A_WIDTH] = { "width", "Width", "number", "mm", NULL, FALSE, TRUE },
  [A_HEIGHT] = { "height", "Height", "number", "mm", NULL, FALSE, TRUE },
  [A_DIAMETER] = { "diameter", "Diameter", "number", "mm", NULL, FALSE, TRUE },
  [A_THICKNESS] = { "thickness", "Thickness", "number", "mm", NULL, FALSE, TRUE },
  [A_THREAD] = { "thread_size", "Thread size", "enum", NULL, thread_options, FALSE, TRUE },
  [A_TIP] = { "tip_size", "Tip size", "enum", NULL, tip_options, FALSE, TRUE },
  [A_MATERIAL] = { "material", "Material", "enum", NULL, material_options, FALSE, TRUE },
  [A_FINISH] = { "surface_finish", "Surface finish", "enum", NULL, finish_options, FALSE, TRUE },
  [A_COLOUR] = { "colour", "Colour", "enum", NULL, colour_options, FALSE, TRUE },
  [A_VOLTAGE] = { "voltage", "Voltage", "number", "V", NULL, FALSE, TRUE },
  [A_POWER] = { "power", "Power", "number", "W", NULL, FALSE, TRUE },
  [A_CORDLESS] = { "cordless", "Cordless", "boolean", NULL, NULL, FALSE, TRUE },
  [A_BATTERY] = { "battery_capacity", "Battery capacity", "number", "Ah", NULL, FALSE, TRUE },
  [A_TORQUE] = { "torque", "Max. torque", "number", "Nm", NULL, FALSE, TRUE },
  [A_IP] = { "ip_rating", "IP rating", "enum", NULL, ip_options, FALSE, TRUE },
  [A_CROSS_SECTION] = { "cross_section", "Conductor cross-section", "number", "mm²", NULL, FALSE,
                        TRUE },
  [A_CORES] = { "cores", "Number of cores", "number", NULL, NULL, FALSE, TRUE },
  [A_CURRENT] = { "rated_current", "Rated current", "number", "A", NULL, FALSE, TRUE },
  [A_POLES] = { "poles", "Number of poles", "number", NULL, NULL, FALSE, TRUE },
  [A_CHARACTERISTIC] = { "tripping_characteristic", "Tripping characteristic", "enum", NULL,
                         characteristic_options, FALSE, TRUE },
  [A_FLUX] = { "luminous_flux", "Luminous flux", "number", "lm", NULL, FALSE, TRUE },
  [A_CCT] = { "colour_temperature", "Colour temperature", "number", "K", NULL, FALSE, TRUE },
  [A_CONNECTION] = { "connection_size", "Connection size", "enum", NULL, connection_options,
                     FALSE, TRUE },
  [A_PRESSURE] = { "nominal_pressure", "Nominal pressure", "number", "bar", NULL, FALSE, TRUE },
  [A_CAPACITY] = { "capacity", "Capacity", "number", "l", NULL, FALSE, TRUE },
  [A_CONTENT] = { "content", "Content", "number", "ml", NULL, FALSE, TRUE },
  [A_GLOVE_SIZE] = { "glove_size", "Glove size", "enum", NULL, glove_size_options, FALSE, TRUE },
  [A_SHOE_SIZE] = { "shoe_size", "Shoe size (EU)", "enum", NULL, shoe_size_options, FALSE, TRUE },
  [A_CLOTHING_SIZE] = { "clothing_size", "Clothing size", "enum", NULL, clothing_size_options,
                        FALSE, TRUE },
  [A_STANDARD] = { "standard", "Standard", "text", NULL, NULL, FALSE, FALSE },
  [A_PIECES] = { "pieces", "Number of pieces", "number", NULL, NULL, FALSE, FALSE },
  [A_RANGE] = { "measuring_range", "Measuring range", "number", "m", NULL, FALSE, TRUE },
  [A_TEETH] = { "teeth", "Number of teeth", "number", NULL, NULL, FALSE, FALSE },
};

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

static const BrandDef brand_defs[] = {
  /* The wholesaler's own label comes first: it is picked by index. */
  { "HW Select", "HWS-", 4, "NL", "87110", G_HAND | G_FIX | G_CABLE | G_INSTALL | G_LIGHT |
    G_PLUMB | G_SAFETY | G_WORKWEAR | G_CHEM | G_ABRASIVE | G_SITE },
  { "Makita", "D", 4, "JP", "49042", G_POWER | G_ABRASIVE | G_SITE },
  { "Bosch Professional", "G", 4, "DE", "40593", G_POWER | G_ABRASIVE },
  { "DeWalt", "DC", 3, "US", "50353", G_POWER | G_ABRASIVE | G_SITE },
  { "Milwaukee", "M18 F", 3, "US", "40025", G_POWER | G_ABRASIVE },
  { "Metabo", "W ", 4, "DE", "40072", G_POWER | G_ABRASIVE },
  { "Knipex", "", 4, "DE", "40035", G_HAND },
  { "Wera", "", 5, "DE", "40137", G_HAND },
  { "Stanley", "STHT", 5, "US", "30769", G_HAND | G_SITE },
  { "Würth", "", 0, "DE", "40456", G_FIX | G_CHEM | G_ABRASIVE },
  { "Fischer", "", 0, "DE", "40063", G_FIX | G_CHEM },
  { "Spax", "", 0, "DE", "40097", G_FIX },
  { "Lapp", "", 0, "DE", "40462", G_CABLE },
  { "Schneider Electric", "A9F", 5, "FR", "36065", G_INSTALL },
  { "ABB", "S", 3, "CH", "76133", G_INSTALL },
  { "Hager", "MC", 3, "DE", "31200", G_INSTALL },
  { "Wago", "221-", 3, "DE", "40452", G_INSTALL },
  { "Philips", "CoreLine ", 3, "NL", "87186", G_LIGHT },
  { "Geberit", "", 0, "CH", "40257", G_PLUMB | G_SANITARY },
  { "Grohe", "", 0, "DE", "40056", G_SANITARY },
  { "Viega", "", 0, "DE", "40157", G_PLUMB },
  { "Danfoss", "", 0, "DK", "57027", G_HVAC },
  { "Grundfos", "ALPHA", 1, "DK", "57109", G_HVAC },
  { "Vaillant", "VU ", 3, "DE", "40241", G_HVAC },
  { "Daikin", "FTXM", 2, "JP", "45052", G_HVAC },
  { "3M", "", 4, "US", "40545", G_SAFETY | G_ABRASIVE | G_CHEM },
  { "Uvex", "", 4, "DE", "40317", G_SAFETY | G_WORKWEAR },
  { "Ansell", "HyFlex ", 5, "US", "54124", G_SAFETY },
  { "Snickers Workwear", "", 4, "SE", "73193", G_WORKWEAR },
  { "Soudal", "", 0, "BE", "54107", G_CHEM },
};

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

static const Profile profiles[N_PROFILES] = {
  [PR_CORDLESS] = { "%B %M %N %2, %1", "pc", 9900, 69900, 900, 4500, "8467 21 10", COND_TOOL,
                    1, 3, 1,
                    { { A_BATTERY, "2|3|4|5|5.5|8" }, { A_VOLTAGE, "10.8|12|18|18|18|36" },
                      { A_TORQUE, "30|40|50|60|80|130|140|180" }, { A_CORDLESS, "true" } } },
  [PR_CORDED] = { "%B %M %N %1", "pc", 5900, 89900, 1200, 12000, "8467 29 51", COND_TOOL, 1, 2, 1,
                  { { A_POWER, "550|710|800|900|1050|1200|1500" }, { A_VOLTAGE, "230" },
                    { A_CORDLESS, "false" } } },
  [PR_BATTERY] = { "%B %M %N %2 %1", "pc", 4900, 24900, 300, 1300, "8507 60 00", COND_TOOL, 2, 4, 1,
                   { { A_BATTERY, "2|3|4|5|5.5|8|12" }, { A_VOLTAGE, "10.8|12|18|18|36" } } },
  [PR_CHARGER] = { "%B %M %N %2", "pc", 3900, 14900, 400, 1500, "8504 40 90", COND_TOOL, 1, 2, 1,
                   { { A_POWER, "60|100|250|500" }, { A_VOLTAGE, "10.8|12|18|36" } } },
  [PR_LASER] = { "%B %M %N, range %1", "pc", 6900, 149900, 200, 2500, "9015 80 11", COND_TOOL,
                 1, 2, 1,
                 { { A_RANGE, "20|30|50|100" }, { A_IP, "IP54|IP65" }, { A_CORDLESS, "true" } } },
  [PR_DUST] = { "%B %M %N %2, %1", "pc", 29900, 129900, 8000, 18000, "8508 11 00", COND_TOOL,
                1, 2, 1,
                { { A_POWER, "1200|1400|1500" }, { A_CAPACITY, "15|25|30|45|55" },
                  { A_VOLTAGE, "230" } } },
  [PR_PACK] = { "%B %N, pack of %r1", "pack", 390, 4900, 20, 900, "8466 93 40", COND_SINGLE,
                1, 3, 1,
                { { A_PIECES, "2|5|10|25" } } },
  [PR_LENGTH_TOOL] = { "%B %M %N %1", "pc", 890, 8900, 80, 1500, "8203 20 00", COND_SINGLE, 1, 4, 1,
                       { { A_LENGTH, "125|140|160|180|200|250" },
                         { A_MATERIAL, "chrome vanadium|tool steel" } } },
  [PR_SCREWDRIVER] = { "%B %M %N %r1 x %2", "pc", 390, 2900, 30, 250, "8205 40 00", COND_SINGLE,
                       2, 6, 1,
                       { { A_TIP, "PH1|PH2|PH3|PZ1|PZ2|SL 3.5|SL 5.5|TX20|TX25" },
                         { A_LENGTH, "75|80|100|125|150" },
                         { A_MATERIAL, "chrome vanadium|tool steel" } } },
  [PR_TOOLSET] = { "%B %M %N, %r1 pieces", "pc", 2900, 34900, 400, 9000, "8206 00 00", COND_SINGLE,
                   1, 2, 1,
                   { { A_PIECES, "6|7|9|12|19|32|45|94" },
                     { A_MATERIAL, "chrome vanadium" } } },
  [PR_SPANNER] = { "%B %M %N %1", "pc", 490, 3900, 40, 900, "8204 11 00", COND_SINGLE, 3, 8, 1,
                   { { A_WIDTH, "8|10|12|13|14|16|17|19|22|24|27|30" },
                     { A_MATERIAL, "chrome vanadium" } } },
  [PR_TORQUE] = { "%B %M %N %1", "pc", 8900, 49900, 500, 2500, "8204 20 00", COND_TOOL, 1, 3, 1,
                  { { A_TORQUE, "25|60|110|200|340" }, { A_LENGTH, "220|320|485|625" } } },
  [PR_HAMMER] = { "%B %M %N, %W", "pc", 1490, 6900, 300, 5000, "8205 20 00", COND_SINGLE, 1, 3, 1,
                  { { A_LENGTH, "300|330|350|380|400" },
                    { A_MATERIAL, "steel|fibreglass|tool steel" } } },
  [PR_TAPE] = { "%B %M %N, %1", "pc", 290, 3900, 50, 500, "9017 80 10", COND_SINGLE, 1, 4, 1,
                { { A_LENGTH_M, "2|3|5|8|10" }, { A_COLOUR, "yellow|black|chrome" } } },
  [PR_CONTAINER] = { "%B %M %N %1", "pc", 2900, 129900, 1500, 60000, "4202 92 98", COND_SINGLE,
                     1, 3, 1,
                     { { A_CAPACITY, "10|20|35|50|80" },
                       { A_MATERIAL, "steel|polypropylene|aluminium" },
                       { A_COLOUR, "red|grey|black|blue|white" } } },
  [PR_BOLT] = { "%B %N %r1 x %2, %4, %3", "box", 350, 3900, 100, 6000, "7318 15 88", COND_BOX,
                4, 12, 2,
                { { A_THREAD, "M4|M5|M6|M8|M10|M12|M16|M20" },
                  { A_LENGTH, "10|12|16|20|25|30|35|40|50|60|70|80|100|120" },
                  { A_FINISH, "zinc plated|zinc plated|hot-dip galvanised|plain" },
                  { A_MATERIAL,
                    "steel 8.8|steel 8.8|steel 10.9|stainless steel A2|stainless steel A4" } } },
  [PR_SCREW] = { "%B %N %r1 x %2, %3, %4", "box", 290, 4900, 100, 5000, "7318 12 90", COND_BOX,
                 4, 12, 2,
                 { { A_DIAMETER, "3|3.5|4|4.5|5|6|8|10" },
                   { A_LENGTH, "16|20|25|30|35|40|50|60|70|80|100|120|160|200" },
                   { A_MATERIAL, "hardened steel|hardened steel|stainless steel A2" },
                   { A_FINISH, "zinc plated|yellow zinc plated|plain" } } },
  [PR_NUT] = { "%B %N %r1, %3, %2", "box", 190, 2900, 50, 3000, "7318 16 91", COND_BOX, 3, 8, 1,
               { { A_THREAD, "M3|M4|M5|M6|M8|M10|M12|M16|M20|M24" },
                 { A_FINISH, "zinc plated|zinc plated|plain|hot-dip galvanised" },
                 { A_MATERIAL, "steel|steel|stainless steel A2|stainless steel A4" } } },
  [PR_WASHER] = { "%B %N %1, %2", "box", 150, 1900, 50, 2500, "7318 22 00", COND_BOX, 3, 8, 1,
                  { { A_DIAMETER, "4.3|5.3|6.4|8.4|10.5|13|17|21" },
                    { A_FINISH, "zinc plated|zinc plated|plain|hot-dip galvanised" },
                    { A_MATERIAL, "steel|steel|stainless steel A2" } } },
  [PR_ANCHOR] = { "%B %M %N %r1 x %2", "box", 390, 8900, 100, 4000, "3926 90 97", COND_BOX, 3, 8, 2,
                  { { A_DIAMETER, "5|6|8|10|12|14" }, { A_LENGTH, "25|30|40|50|60|80|100" },
                    { A_MATERIAL, "polyamide|polyamide|steel|stainless steel A4" } } },
  [PR_RIVET] = { "%B %N %r1 x %2, %3", "box", 290, 3900, 100, 2000, "7318 23 00", COND_BOX, 3, 8, 2,
                 { { A_DIAMETER, "3|3.2|4|4.8|5" }, { A_LENGTH, "6|8|10|12|16|20" },
                   { A_MATERIAL, "aluminium|steel|stainless steel A2|copper" } } },
  [PR_NAIL] = { "%B %N %r1 x %2", "box", 290, 5900, 500, 5000, "7317 00 20", COND_BOX, 3, 8, 2,
                { { A_DIAMETER, "2|2.5|2.8|3.1|3.4|4" }, { A_LENGTH, "40|50|60|70|80|90|100" },
                  { A_FINISH, "plain|hot-dip galvanised" } } },
  [PR_CABLE] = { "%B %N %r2 x %1, %3", "m", 45, 1290, 40, 900, "8544 49 93", COND_METER, 4, 12, 2,
                 { { A_CROSS_SECTION, "0.75|1|1.5|2.5|4|6|10|16" }, { A_CORES, "2|3|4|5|7" },
                   { A_COLOUR, "grey|black|white" } } },
  [PR_DRUM] = { "%B %N, %1 drum", "pc", 14900, 79900, 9000, 40000, "8544 49 93", COND_SINGLE,
                1, 3, 1,
                { { A_LENGTH_M, "100|305|500" }, { A_COLOUR, "orange|yellow|grey" } } },
  [PR_PATCH] = { "%B %N, %1, %2", "pc", 290, 2900, 40, 400, "8544 42 90", COND_PACK, 3, 7, 1,
                 { { A_LENGTH_M, "0.5|1|2|3|5|7.5|10" },
                   { A_COLOUR, "grey|blue|yellow|red|green|black" } } },
  [PR_CABLE_ACC] = { "%B %M %N %1, %2", "pack", 190, 4900, 20, 3000, "3926 90 97", COND_PACK,
                     2, 6, 1,
                     { { A_LENGTH, "100|140|200|280|370" },
                       { A_COLOUR, "black|white|grey|natural" },
                       { A_MATERIAL, "polyamide|PVC|steel|stainless steel A2" },
                       { A_IP, "IP20|IP44|IP54|IP65|IP66|IP68" } } },
  [PR_SWITCH] = { "%B %M %N, %1", "pc", 390, 8900, 40, 300, "8536 50 11", COND_SINGLE, 2, 5, 1,
                  { { A_COLOUR, "pure white|cream white|anthracite|aluminium|black" },
                    { A_IP, "IP20|IP20|IP44|IP55" }, { A_CURRENT, "10|16" } } },
  [PR_BREAKER] = { "%B %M %N %r3%r1, %r2P", "pc", 390, 6900, 100, 500, "8536 20 10", COND_SINGLE,
                   4, 9, 1,
                   { { A_CURRENT, "6|10|13|16|20|25|32|40|63" }, { A_POLES, "1|1|1|2|3|4" },
                     { A_CHARACTERISTIC, "B|B|C|C|D" }, { A_VOLTAGE, "230|400" } } },
  [PR_PROTECTION] = { "%B %M %N %1, %r2P", "pc", 890, 24900, 80, 800, "8536 30 90", COND_SINGLE,
                      2, 5, 1,
                      { { A_CURRENT, "25|40|63|80" }, { A_POLES, "2|4" },
                        { A_VOLTAGE, "230|400" } } },
  [PR_ENCLOSURE] = { "%B %M %N %r1 x %2, %3", "pc", 3900, 69900, 2000, 30000, "8538 10 00",
                     COND_SINGLE, 2, 5, 1,
                     { { A_WIDTH, "200|300|400|500|600" }, { A_HEIGHT, "300|400|500|600|800" },
                       { A_IP, "IP30|IP40|IP55|IP65" }, { A_MATERIAL, "steel|polycarbonate" } } },
  [PR_TERMINAL] = { "%B %M %N %1, %r2-pole", "pack", 390, 3900, 20, 500, "8536 90 10", COND_PACK,
                    3, 8, 2,
                    { { A_CROSS_SECTION, "2.5|4|6|10|16" }, { A_POLES, "2|3|5" },
                      { A_COLOUR, "grey|blue|green-yellow|orange" } } },
  [PR_LUMINAIRE] = { "%B %M %N %1, %2, %3", "pc", 1990, 49900, 300, 9000, "9405 11 40", COND_SINGLE,
                     2, 6, 1,
                     { { A_POWER, "10|20|30|40|50|100|150|200" }, { A_FLUX, "derived" },
                       { A_CCT, "3000|4000|4000|5000|6500" }, { A_IP, "IP20|IP44|IP65|IP66" } } },
  [PR_LAMP] = { "%B %N %1, %3", "pc", 290, 2900, 30, 200, "8539 52 00", COND_PACK, 2, 6, 1,
                { { A_POWER, "4.9|5.5|7|8.5|10.5|13" }, { A_FLUX, "derived" },
                  { A_CCT, "2700|3000|4000|6500" } } },
  [PR_LUG] = { "%B %N %1, %2", "pack", 390, 4900, 50, 1500, "8536 90 10", COND_PACK, 4, 9, 1,
               { { A_CROSS_SECTION, "1.5|2.5|4|6|10|16|25|35|50|70|95" },
                 { A_MATERIAL, "copper|copper|aluminium" } } },
  [PR_SLEEVE] = { "%B %N %1, %2", "pack", 290, 3900, 30, 800, "3917 32 00", COND_PACK, 3, 8, 1,
                  { { A_DIAMETER, "1.6|2.4|3.2|4.8|6.4|9.5|12.7|19|25.4" },
                    { A_COLOUR, "black|black|red|blue|green-yellow|transparent" } } },
  [PR_FITTING] = { "%B %M %N %r1, %2", "pc", 190, 4900, 20, 900, "7412 20 00", COND_PACK, 3, 8, 1,
                   { { A_CONNECTION, "15 mm|18 mm|22 mm|28 mm|35 mm" },
                     { A_MATERIAL, "copper|brass|gunmetal|PPSU" }, { A_PRESSURE, "10|16" } } },
  [PR_PIPE] = { "%B %N %1, %3", "pc", 390, 12900, 500, 12000, "7411 10 10", COND_SINGLE, 3, 8, 1,
                { { A_DIAMETER, "12|15|18|22|28|35" }, { A_MATERIAL, "copper" },
                  { A_LENGTH_M, "5" } } },
  [PR_VALVE] = { "%B %M %N %r1, PN %r2", "pc", 690, 24900, 150, 4000, "8481 80 81", COND_SINGLE,
                 3, 7, 1,
                 { { A_CONNECTION, "1/2\"|3/4\"|1\"|1 1/4\"|15 mm|22 mm" },
                   { A_PRESSURE, "10|16|25|40" },
                   { A_MATERIAL, "brass|brass|gunmetal|stainless steel A4" } } },
  [PR_TAP] = { "%B %M %N, %1", "pc", 4900, 69900, 800, 5000, "8481 80 11", COND_SINGLE, 1, 4, 1,
               { { A_COLOUR, "chrome|chrome|matt black|brushed steel|white" },
                 { A_CONNECTION, "3/8\"|1/2\"" } } },
  [PR_SANITARY] = { "%B %M %N %1, %2", "pc", 8900, 129900, 5000, 40000, "6910 10 00", COND_SINGLE,
                    1, 3, 1,
                    { { A_WIDTH, "400|450|500|600|800|1000" },
                      { A_COLOUR, "white|white|matt black|chrome" } } },
  [PR_HEATER] = { "%B %M %N %1, %2", "pc", 14900, 149900, 5000, 60000, "8516 10 80", COND_SINGLE,
                  1, 4, 1,
                  { { A_CAPACITY, "30|50|80|100|120|150|200" }, { A_POWER, "2000|2200|3000|3500" },
                    { A_VOLTAGE, "230" } } },
  [PR_POWER_UNIT] = { "%B %M %N %1", "pc", 29900, 899900, 8000, 150000, "8418 61 00", COND_TOOL,
                      1, 4, 1,
                      { { A_POWER, "3500|5000|7000|9000|12000|16000" }, { A_VOLTAGE, "230|400" },
                        { A_IP, "IP24|IP44|IP24" } } },
  [PR_RADIATOR] = { "%B %N %r2 x %1, %3", "pc", 6900, 89900, 10000, 60000, "7322 11 00",
                    COND_SINGLE, 4, 12, 2,
                    { { A_WIDTH, "400|500|600|800|1000|1200|1400|1600" },
                      { A_HEIGHT, "300|500|600|900" },
                      { A_COLOUR, "RAL 9016 traffic white|RAL 9016 traffic white|anthracite" } } },
  [PR_THERMOSTAT] = { "%B %M %N, %1", "pc", 1490, 24900, 100, 600, "9032 10 89", COND_SINGLE,
                      1, 3, 1,
                      { { A_COLOUR, "white|black|anthracite" }, { A_VOLTAGE, "3|24|230" } } },
  [PR_PUMP] = { "%B %M %N %1, %2", "pc", 14900, 89900, 1500, 6000, "8413 70 35", COND_TOOL, 1, 4, 1,
                { { A_POWER, "5|18|25|34|45|60" }, { A_CONNECTION, "1/2\"|3/4\"|1\"|1 1/4\"" },
                  { A_VOLTAGE, "230" } } },
  [PR_MANIFOLD] = { "%B %M %N, %r1 circuits", "pc", 9900, 59900, 2000, 9000, "8481 80 99",
                    COND_SINGLE, 3, 8, 1,
                    { { A_PIECES, "2|3|4|5|6|7|8|10|12" },
                      { A_MATERIAL, "stainless steel A2|brass" } } },
  [PR_FAN] = { "%B %M %N %1", "pc", 2900, 39900, 500, 6000, "8414 51 00", COND_SINGLE, 2, 5, 1,
               { { A_DIAMETER, "100|125|150|160|200|250|315" }, { A_POWER, "8|14|20|35|60" },
                 { A_IP, "IP44|IP45|IP55" } } },
  [PR_GLOVES] = { "%B %M %N, size %r1", "pair", 190, 1990, 40, 250, "6116 10 20", COND_DOZEN,
                  4, 6, 1,
                  { { A_GLOVE_SIZE, "7 (S)|8 (M)|9 (L)|10 (XL)|11 (XXL)" },
                    { A_MATERIAL, "nitrile|polyurethane|leather|HPPE" },
                    { A_STANDARD, "EN 388:2016 4131X|EN 388:2016 4X42C|EN 388:2016 4X43D|"
                                  "EN 511:2006 X2X" } } },
  [PR_DISPOSABLE] = { "%B %M %N, size %r1, box of 100", "box", 590, 2490, 500, 900, "4015 19 00",
                      COND_CARTON, 4, 5, 1,
                      { { A_GLOVE_SIZE, "7 (S)|8 (M)|9 (L)|10 (XL)" },
                        { A_MATERIAL, "nitrile|nitrile|latex" },
                        { A_STANDARD, "EN ISO 374-1:2016 type B|EN 455" } } },
  [PR_PPE] = { "%B %M %N, %1", "pc", 190, 6900, 10, 800, "9004 90 10", COND_PACK, 1, 3, 1,
               { { A_COLOUR, "clear|grey|amber" }, { A_STANDARD, "EN 166" } } },
  [PR_SHOES] = { "%B %M %N, size %r1, %2", "pair", 5900, 18900, 1000, 1800, "6403 40 00",
                 COND_SINGLE, 6, 11, 1,
                 { { A_SHOE_SIZE, "38|39|40|41|42|43|44|45|46|47" },
                   { A_COLOUR, "black|grey|brown|blue" },
                   { A_STANDARD, "EN ISO 20345:2022 S3S SR|EN ISO 20345:2011 S3 SRC" } } },
  [PR_CLOTHING] = { "%B %M %N, %2, size %r1", "pc", 1490, 14900, 200, 1500, "6203 42 31",
                    COND_SINGLE, 5, 7, 1,
                    { { A_CLOTHING_SIZE, "XS|S|M|L|XL|XXL|3XL" },
                      { A_COLOUR, "black|navy|grey|anthracite|hi-vis yellow" },
                      { A_MATERIAL, "cotton/polyester|polyester|cordura" } } },
  [PR_FIRSTAID] = { "%B %M %N", "pc", 1990, 14900, 300, 5000, "3006 50 00", COND_SINGLE, 1, 1, 0,
                    { { A_STANDARD, "DIN 13157|DIN 13169" } } },
  [PR_CHEMICAL] = { "%B %M %N, %1, %2", "pc", 290, 3900, 80, 1200, "3214 10 10", COND_CARTON,
                    2, 5, 1,
                    { { A_CONTENT, "50|200|290|300|400|500|750" },
                      { A_COLOUR, "transparent|white|grey|black" } } },
  [PR_DISC] = { "%B %M %N %r1 x %2", "pc", 90, 8900, 30, 900, "6804 22 18", COND_PACK, 3, 8, 1,
                { { A_DIAMETER, "115|125|150|180|230" }, { A_THICKNESS, "1|1.6|2.5|3|6" },
                  { A_MATERIAL, "corundum|zirconia|ceramic" } } },
  [PR_DRILLBIT] = { "%B %N Ø %r1 x %2, %3", "pc", 90, 4900, 5, 600, "8207 50 10", COND_PACK,
                    4, 12, 1,
                    { { A_DIAMETER, "3|4|5|6|6.5|8|10|12|14|16" },
                      { A_LENGTH, "70|85|110|160|210|310" },
                      { A_MATERIAL, "HSS-G|HSS-Co|carbide" } } },
  [PR_SAWBLADE] = { "%B %M %N %1, %r2 teeth", "pc", 1990, 12900, 300, 2000, "8202 31 00",
                    COND_SINGLE, 2, 5, 1,
                    { { A_DIAMETER, "160|165|190|216|254|305" },
                      { A_TEETH, "24|40|48|60|80|96" } } },
  [PR_LADDER] = { "%B %M %N, %1", "pc", 4900, 79900, 2000, 30000, "7616 99 10", COND_SINGLE,
                  2, 5, 1,
                  { { A_LENGTH_M, "1.5|2|2.5|3|4|5|6" },
                    { A_MATERIAL, "aluminium|aluminium|steel|fibreglass" } } },
};

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

#define ROOT(n, g)                     { 0, n, NULL, -1, 0, g, 0, { NULL } }
#define NODE(d, n)                     { d, n, NULL, -1, 0, 0, 0, { NULL } }
#define NODEG(d, n, g)                 { d, n, NULL, -1, 0, g, 0, { NULL } }
#define LEAF(d, n, noun, p, w, ...)    { d, n, noun, p, w, 0, 0, { __VA_ARGS__ } }
#define LEAFG(d, n, noun, p, w, g, ...) { d, n, noun, p, w, g, 0, { __VA_ARGS__ } }
#define SPARE(d, n, noun, p, w, ...)   { d, n, noun, p, w, 0, LEAF_SPARE, { __VA_ARGS__ } }

static const CategoryDef category_defs[] = {
  ROOT ("Power tools", G_POWER),
    NODE (1, "Drills & drivers"),
      LEAF (2, "Cordless drill drivers", "cordless drill driver", PR_CORDLESS, 6, NULL),
      LEAF (2, "Cordless impact drivers", "cordless impact driver", PR_CORDLESS, 4, NULL),
      LEAF (2, "Cordless combi drills", "cordless combi drill", PR_CORDLESS, 4, NULL),
      LEAF (2, "Corded drills", "impact drill", PR_CORDED, 3, "550|710|850|1010|1100"),
      NODE (2, "Rotary hammers"),
        LEAF (3, "SDS-plus rotary hammers", "SDS-plus rotary hammer", PR_CORDED, 3,
              "780|800|880|1010"),
        LEAF (3, "SDS-max rotary hammers", "SDS-max rotary hammer", PR_CORDED, 2,
              "1100|1300|1500|1700"),
        LEAF (3, "Cordless rotary hammers", "cordless rotary hammer", PR_CORDLESS, 3, NULL),
      LEAF (2, "Diamond core drills", "diamond core drill", PR_CORDED, 1, "1800|2000|2300|2600"),
    NODE (1, "Saws"),
      LEAF (2, "Circular saws", "circular saw", PR_CORDLESS, 3, NULL),
      LEAF (2, "Jigsaws", "jigsaw", PR_CORDLESS, 3, NULL),
      LEAF (2, "Reciprocating saws", "reciprocating saw", PR_CORDLESS, 2, NULL),
      LEAF (2, "Mitre saws", "mitre saw", PR_CORDED, 1, "1500|1600|1800|2000"),
      LEAF (2, "Plunge saws", "plunge-cut saw", PR_CORDED, 1, "1200|1400|1500"),
    NODE (1, "Grinders & sanders"),
      NODE (2, "Angle grinders"),
        LEAF (3, "Angle grinders 115–125 mm", "angle grinder 125 mm", PR_CORDED, 4,
              "720|850|1000|1200|1400|1700"),
        LEAF (3, "Angle grinders 180–230 mm", "angle grinder 230 mm", PR_CORDED, 2,
              "2000|2200|2400|2600"),
        LEAF (3, "Cordless angle grinders", "cordless angle grinder 125 mm", PR_CORDLESS, 3, NULL),
      LEAF (2, "Random orbital sanders", "random orbital sander", PR_CORDED, 2,
            "300|350|400|450|500"),
      LEAF (2, "Belt sanders", "belt sander", PR_CORDED, 1, "750|950|1010|1200"),
      LEAF (2, "Straight grinders", "straight grinder", PR_CORDED, 1, "500|710|800|950"),
    NODE (1, "Batteries & chargers"),
      LEAF (2, "Battery packs", "battery pack", PR_BATTERY, 3, NULL),
      LEAF (2, "Chargers", "fast charger", PR_CHARGER, 2, NULL),
      LEAF (2, "Starter kits", "battery starter kit 2 x", PR_BATTERY, 1, "4|5|8"),
    NODE (1, "Measuring & detection"),
      LEAF (2, "Laser distance meters", "laser distance meter", PR_LASER, 2, "30|40|50|70|100|150"),
      LEAF (2, "Line lasers", "cross line laser", PR_LASER, 2, "15|20|30|50"),
      LEAF (2, "Rotary lasers", "rotary laser", PR_LASER, 1, "300|500|600|800"),
      LEAF (2, "Detectors", "wall scanner", PR_LASER, 1, "0.08|0.12|0.15"),
    NODE (1, "Dust extraction"),
      LEAF (2, "Dust extractors class L", "dust extractor class L", PR_DUST, 2, NULL),
      LEAF (2, "Dust extractors class M", "dust extractor class M", PR_DUST, 2, NULL),
      LEAF (2, "Filter bags & filters", "fleece filter bag", PR_PACK, 2, "5|10|25"),
    NODE (1, "Spare parts"),
      SPARE (2, "Carbon brushes", "carbon brush set", PR_PACK, 2, "2"),
      SPARE (2, "Drill chucks", "keyless drill chuck", PR_PACK, 1, "1"),
      SPARE (2, "Spare parts for power tools", "service kit", PR_PACK, 2, "1|2"),

  ROOT ("Hand tools", G_HAND),
    NODE (1, "Pliers & cutters"),
      LEAF (2, "Combination pliers", "combination pliers", PR_LENGTH_TOOL, 3, "160|180|200"),
      LEAF (2, "Diagonal cutters", "diagonal cutter", PR_LENGTH_TOOL, 3, "125|140|160|180"),
      LEAF (2, "Water pump pliers", "water pump pliers", PR_LENGTH_TOOL, 2, "180|250|300|400"),
      LEAF (2, "Crimping pliers", "crimping pliers", PR_LENGTH_TOOL, 2, "180|200|220|250"),
      LEAF (2, "Cable cutters", "cable shears", PR_LENGTH_TOOL, 1, "165|200|250|500"),
      LEAF (2, "Wire strippers", "wire stripper", PR_LENGTH_TOOL, 1, "160|180|195"),
    NODE (1, "Screwdrivers & bits"),
      LEAF (2, "Slotted & Phillips screwdrivers", "screwdriver", PR_SCREWDRIVER, 3, NULL),
      LEAF (2, "VDE insulated screwdrivers", "VDE screwdriver 1000 V", PR_SCREWDRIVER, 3, NULL),
      LEAF (2, "Screwdriver sets", "screwdriver set", PR_TOOLSET, 2, "6|7|8|12"),
      LEAF (2, "Bits & bit holders", "bit", PR_SCREWDRIVER, 3, NULL, "25|50|70|90"),
    NODE (1, "Spanners & sockets"),
      LEAF (2, "Combination spanners", "combination spanner", PR_SPANNER, 3, NULL),
      LEAF (2, "Ring spanners", "double ring spanner", PR_SPANNER, 1, NULL),
      LEAF (2, "Socket sets", "socket set 1/2\"", PR_TOOLSET, 2, "19|24|32|45|94"),
      LEAF (2, "Torque wrenches", "torque wrench", PR_TORQUE, 2, NULL),
      LEAF (2, "Adjustable wrenches", "adjustable wrench", PR_LENGTH_TOOL, 2, "150|200|250|300"),
      LEAF (2, "Hex key sets", "hex key set", PR_TOOLSET, 1, "7|9|13"),
    NODE (1, "Hammers & chisels"),
      LEAF (2, "Claw hammers", "claw hammer", PR_HAMMER, 2, NULL),
      LEAF (2, "Club hammers", "club hammer", PR_HAMMER, 1, "250|280|300"),
      LEAF (2, "Rubber mallets", "rubber mallet", PR_HAMMER, 1, NULL, "fibreglass"),
      LEAF (2, "Chisels", "flat chisel", PR_LENGTH_TOOL, 1, "250|300|400"),
    NODE (1, "Measuring & marking"),
      LEAF (2, "Tape measures", "tape measure", PR_TAPE, 3, NULL),
      LEAF (2, "Spirit levels", "spirit level", PR_LENGTH_TOOL, 2, "400|600|800|1000|1200|2000",
            "aluminium"),
      LEAF (2, "Folding rules", "folding rule", PR_TAPE, 1, "2", "yellow|white"),
      LEAF (2, "Marking tools", "carpenter's pencil", PR_PACK, 1, "12|24"),
    NODE (1, "Cutting tools"),
      LEAF (2, "Utility knives", "utility knife", PR_LENGTH_TOOL, 2, "165|180"),
      LEAF (2, "Hacksaws", "hacksaw", PR_LENGTH_TOOL, 1, "300"),
      LEAF (2, "Tin snips", "tin snips", PR_LENGTH_TOOL, 1, "250|260|280"),
      LEAF (2, "Pipe cutters", "pipe cutter", PR_LENGTH_TOOL, 2, "150|180|220"),
    NODE (1, "Tool storage"),
      LEAF (2, "Tool cases", "tool case", PR_CONTAINER, 1, "20|25|35"),
      LEAF (2, "Tool trolleys", "tool trolley", PR_CONTAINER, 1, "150|250|400", "steel"),
      LEAF (2, "Tool bags", "tool bag", PR_CONTAINER, 1, "20|30|40", "polyester"),
      LEAF (2, "Stackable systems", "stackable tool box", PR_CONTAINER, 1, "10|20|35"),

  ROOT ("Fasteners & fixings", G_FIX),
    NODE (1, "Bolts"),
      NODE (2, "Hex bolts"),
        LEAF (3, "Hex bolts DIN 933", "hex bolt DIN 933", PR_BOLT, 10, NULL),
        LEAF (3, "Hex bolts DIN 931", "hex bolt DIN 931", PR_BOLT, 6, NULL,
              "40|50|60|70|80|100|120|140|160"),
        LEAF (3, "Hex bolts ISO 4017", "hex bolt ISO 4017", PR_BOLT, 4, NULL),
      LEAF (2, "Socket cap screws DIN 912", "socket cap screw DIN 912", PR_BOLT, 7, NULL),
      LEAF (2, "Carriage bolts DIN 603", "carriage bolt DIN 603", PR_BOLT, 4, "M6|M8|M10|M12"),
      LEAF (2, "Countersunk screws DIN 7991", "countersunk screw DIN 7991", PR_BOLT, 4,
            "M3|M4|M5|M6|M8|M10"),
      LEAF (2, "Threaded rods DIN 976", "threaded rod DIN 976", PR_BOLT, 3, NULL, "1000|2000"),
    NODE (1, "Screws"),
      NODE (2, "Wood screws"),
        LEAF (3, "Chipboard screws", "chipboard screw", PR_SCREW, 9, NULL),
        LEAF (3, "Construction screws", "construction screw", PR_SCREW, 5, "6|8|10|12",
              "80|100|120|160|200|240|300"),
        LEAF (3, "Decking screws", "decking screw", PR_SCREW, 3, "4.5|5", "40|50|60",
              "stainless steel A2|stainless steel A4"),
      LEAF (2, "Self-tapping screws", "self-tapping screw DIN 7981", PR_SCREW, 4,
            "2.9|3.5|3.9|4.2|4.8|5.5"),
      LEAF (2, "Self-drilling screws", "self-drilling screw DIN 7504", PR_SCREW, 4,
            "3.5|3.9|4.2|4.8|5.5|6.3"),
      LEAF (2, "Drywall screws", "drywall screw", PR_SCREW, 3, "3.5|3.9", "25|35|45|55"),
      LEAF (2, "Machine screws DIN 7985", "pan head machine screw DIN 7985", PR_BOLT, 4,
            "M3|M4|M5|M6", "6|8|10|12|16|20|25|30"),
    NODE (1, "Nuts"),
      LEAF (2, "Hex nuts DIN 934", "hex nut DIN 934", PR_NUT, 6, NULL),
      LEAF (2, "Lock nuts DIN 985", "nylon insert lock nut DIN 985", PR_NUT, 4, NULL),
      LEAF (2, "Flange nuts DIN 6923", "flange nut DIN 6923", PR_NUT, 2, "M5|M6|M8|M10|M12"),
      LEAF (2, "Wing nuts DIN 315", "wing nut DIN 315", PR_NUT, 1, "M4|M5|M6|M8|M10"),
      LEAF (2, "Cap nuts DIN 1587", "dome cap nut DIN 1587", PR_NUT, 1, "M4|M5|M6|M8|M10|M12"),
    NODE (1, "Washers"),
      LEAF (2, "Flat washers DIN 125", "flat washer DIN 125", PR_WASHER, 5, NULL),
      LEAF (2, "Large flat washers DIN 9021", "large flat washer DIN 9021", PR_WASHER, 3, NULL),
      LEAF (2, "Spring lock washers", "spring lock washer DIN 127", PR_WASHER, 2, NULL),
    NODE (1, "Anchors & plugs"),
      LEAF (2, "Nylon plugs", "nylon plug", PR_ANCHOR, 5, NULL, NULL, "polyamide"),
      LEAF (2, "Frame fixings", "frame fixing", PR_ANCHOR, 3, "8|10|14", "80|100|120|140|160|200"),
      LEAF (2, "Hollow wall anchors", "hollow wall anchor", PR_ANCHOR, 2, "4|5|6|8", "32|45|52|65",
            "steel"),
      LEAF (2, "Bolt anchors", "through bolt", PR_ANCHOR, 3, "8|10|12|16", "75|95|115|145",
            "steel|stainless steel A4"),
      LEAF (2, "Chemical anchors", "injection mortar", PR_CHEMICAL, 2, "150|300|345|410|585",
            "grey"),
    NODE (1, "Rivets"),
      LEAF (2, "Blind rivets", "blind rivet", PR_RIVET, 3, NULL),
      LEAF (2, "Rivet nuts", "rivet nut", PR_NUT, 2, "M4|M5|M6|M8|M10"),
    NODE (1, "Nails & staples"),
      LEAF (2, "Wire nails", "round wire nail", PR_NAIL, 2, NULL),
      LEAF (2, "Coil nails", "coil nail", PR_NAIL, 2, "2.5|2.8|3.1", "50|60|65|75|90"),
      LEAF (2, "Staples", "staple", PR_NAIL, 1, "1.2|1.6", "10|14|18|25|32"),

  ROOT ("Electrical installation", G_INSTALL),
    NODEG (1, "Cables & wires", G_CABLE),
      NODE (2, "Installation cables"),
        LEAF (3, "NYM-J installation cable", "installation cable NYM-J", PR_CABLE, 5,
              "1.5|2.5|4|6|10|16"),
        LEAF (3, "YMvK installation cable", "installation cable YMvK", PR_CABLE, 3,
              "1.5|2.5|4|6|10"),
        LEAF (3, "H07V-K single cores", "single core H07V-K", PR_CABLE, 4, "1.5|2.5|4|6|10|16", "1",
              "black|blue|brown|grey|green-yellow"),
      NODE (2, "Flexible cables"),
        LEAF (3, "H05VV-F flexible cable", "flexible cable H05VV-F", PR_CABLE, 3, "0.75|1|1.5|2.5"),
        LEAF (3, "H07RN-F rubber cable", "rubber cable H07RN-F", PR_CABLE, 3, "1.5|2.5|4|6|10",
              NULL, "black"),
        LEAF (3, "Control cables", "control cable", PR_CABLE, 3, "0.5|0.75|1|1.5",
              "3|4|5|7|12|18|25"),
      NODE (2, "Data cables"),
        LEAF (3, "Cat 6A installation cable", "data cable Cat 6A U/FTP", PR_DRUM, 2, NULL),
        LEAF (3, "Patch cables", "patch cable Cat 6A S/FTP", PR_PATCH, 3, NULL),
      LEAF (2, "Solar cables", "solar cable H1Z2Z2-K", PR_CABLE, 1, "4|6|10", "1", "black|red"),
    NODE (1, "Cable management"),
      LEAF (2, "Cable ties", "cable tie", PR_CABLE_ACC, 3, "100|140|200|280|370|540", NULL,
            "polyamide"),
      LEAF (2, "Cable trays", "cable tray", PR_CABLE_ACC, 2, "100|150|200|300|400|500", "grey",
            "steel|stainless steel A2"),
      LEAF (2, "Conduits", "corrugated conduit", PR_CABLE_ACC, 2, "16|20|25|32|40", "grey|black",
            "PVC"),
      LEAF (2, "Cable glands", "cable gland", PR_CABLE_ACC, 2, "12|16|20|25|32|40", "grey|black",
            "polyamide"),
      LEAF (2, "Junction boxes", "junction box", PR_CABLE_ACC, 2, "75|100|150|200", "grey",
            "polypropylene"),
    NODE (1, "Switches & sockets"),
      LEAF (2, "Switches", "rocker switch", PR_SWITCH, 3, NULL),
      LEAF (2, "Socket outlets", "socket outlet", PR_SWITCH, 3, NULL),
      LEAF (2, "Dimmers", "LED dimmer", PR_SWITCH, 2, NULL),
      LEAF (2, "Frames", "cover frame", PR_SWITCH, 2, NULL),
      LEAF (2, "Surface-mounted sockets", "surface-mounted socket outlet", PR_SWITCH, 2,
            "grey|pure white", "IP44|IP55"),
    NODE (1, "Circuit protection"),
      LEAF (2, "Miniature circuit breakers", "miniature circuit breaker", PR_BREAKER, 5, NULL),
      LEAF (2, "Residual current devices", "residual current device 30 mA", PR_PROTECTION, 3, NULL),
      LEAF (2, "RCBOs", "RCBO 30 mA", PR_PROTECTION, 3, "6|10|13|16|20|25|32", "2"),
      LEAF (2, "Fuses", "NH fuse", PR_PROTECTION, 1, "16|20|25|35|50|63|80|100|125|160", "1"),
      LEAF (2, "Surge protection", "surge arrester type 2", PR_PROTECTION, 1, "20|40", "1|3|4"),
    NODE (1, "Distribution & enclosures"),
      LEAF (2, "Consumer units", "consumer unit", PR_ENCLOSURE, 2, "250|300|350|550", NULL,
            "IP30|IP40"),
      LEAF (2, "Industrial enclosures", "wall-mounted enclosure", PR_ENCLOSURE, 2, NULL),
      LEAF (2, "DIN rail terminals", "DIN rail terminal block", PR_TERMINAL, 3, NULL, "2|3|4"),
      LEAF (2, "Busbars", "pin busbar", PR_PROTECTION, 1, "63|80|100", "1|2|3|4"),
    NODEG (1, "Lighting", G_LIGHT),
      NODE (2, "LED luminaires"),
        LEAF (3, "LED panels", "LED panel 600 x 600", PR_LUMINAIRE, 3, "25|30|34|36|40"),
        LEAF (3, "LED floodlights", "LED floodlight", PR_LUMINAIRE, 3, "10|20|30|50|100|150|200"),
        LEAF (3, "LED high bays", "LED high bay", PR_LUMINAIRE, 2, "100|150|200|240"),
        LEAF (3, "Downlights", "LED downlight", PR_LUMINAIRE, 3, "6|9|12|15|20"),
        LEAF (3, "Batten luminaires", "LED batten luminaire", PR_LUMINAIRE, 2, "18|24|36|45|60"),
      NODE (2, "LED lamps"),
        LEAF (3, "LED lamps E27", "LED lamp E27", PR_LAMP, 2, NULL),
        LEAF (3, "LED spots GU10", "LED spot GU10", PR_LAMP, 2, "3.5|4.7|5|6.2"),
        LEAF (3, "LED tubes T8", "LED tube T8", PR_LAMP, 2, "8|14|16|18|24"),
      LEAF (2, "Emergency lighting", "emergency exit luminaire", PR_LUMINAIRE, 1, "2|3|4|5"),
    NODE (1, "Installation accessories"),
      LEAF (2, "Lever connectors", "lever connector", PR_TERMINAL, 3, "4|6"),
      LEAF (2, "Cable lugs", "tubular cable lug", PR_LUG, 2, NULL),
      LEAF (2, "Heat shrink tubing", "heat shrink tube", PR_SLEEVE, 2, NULL),
      LEAF (2, "Insulating tape", "PVC insulating tape 19 mm", PR_TAPE, 2, "10|20|25",
            "black|blue|red|green-yellow|white"),

  ROOT ("Plumbing & sanitary", G_PLUMB),
    NODE (1, "Pipes & fittings"),
      NODE (2, "Press fittings"),
        LEAF (3, "Copper press fittings", "press elbow 90°", PR_FITTING, 4,
              "12 mm|15 mm|18 mm|22 mm|28 mm|35 mm", "copper"),
        LEAF (3, "Multilayer press fittings", "press tee", PR_FITTING, 4, "16 mm|20 mm|26 mm",
              "PPSU|brass"),
        LEAF (3, "Gas press fittings", "gas press coupling", PR_FITTING, 2, "15 mm|22 mm|28 mm",
              "copper"),
      LEAF (2, "Compression fittings", "compression coupling", PR_FITTING, 3,
            "12 mm|15 mm|18 mm|22 mm|28 mm", "brass"),
      LEAF (2, "Threaded fittings", "threaded elbow", PR_FITTING, 3,
            "3/8\"|1/2\"|3/4\"|1\"|1 1/4\"",
            "gunmetal|brass"),
      LEAF (2, "Copper pipes", "copper pipe", PR_PIPE, 2, "12|15|18|22|28|35|42|54", "copper"),
      LEAF (2, "Multilayer pipes", "multilayer pipe", PR_PIPE, 2, "16|20|26|32", "PE-X/Al/PE-X",
            "5|50|100"),
      LEAF (2, "PVC drain pipes", "PVC drain pipe", PR_PIPE, 2, "32|40|50|75|110|125|160", "PVC",
            "1|2|5"),
    NODE (1, "Valves"),
      LEAF (2, "Ball valves", "ball valve", PR_VALVE, 4, NULL),
      LEAF (2, "Check valves", "check valve", PR_VALVE, 2, NULL),
      LEAF (2, "Radiator valves", "thermostatic radiator valve", PR_VALVE, 2, "3/8\"|1/2\"|3/4\"",
            "10"),
      LEAF (2, "Pressure reducing valves", "pressure reducing valve", PR_VALVE, 1, NULL, "16|25"),
      LEAF (2, "Safety valves", "safety valve 3 bar", PR_VALVE, 1, "1/2\"|3/4\"|1\"", "10"),
    NODEG (1, "Sanitary", G_SANITARY),
      NODE (2, "Taps & mixers"),
        LEAF (3, "Basin mixers", "basin mixer", PR_TAP, 3, NULL),
        LEAF (3, "Kitchen mixers", "kitchen mixer", PR_TAP, 2, NULL),
        LEAF (3, "Shower mixers", "thermostatic shower mixer", PR_TAP, 2, NULL),
      LEAF (2, "Toilets", "wall-hung WC", PR_SANITARY, 2, "360|370|530|540"),
      LEAF (2, "Concealed cisterns", "concealed cistern", PR_SANITARY, 2, "500|1120|1200", "white"),
      LEAF (2, "Flush plates", "flush plate", PR_TAP, 2, NULL),
      LEAF (2, "Washbasins", "washbasin", PR_SANITARY, 2, "450|500|550|600|800|1000"),
      LEAF (2, "Shower systems", "shower system", PR_TAP, 2, NULL),
    NODE (1, "Drainage"),
      LEAF (2, "Floor drains", "floor drain", PR_SANITARY, 1, "100|150|200", "brushed steel"),
      LEAF (2, "Siphons", "bottle trap", PR_FITTING, 1, "1 1/4\"", "brass|polypropylene"),
      LEAF (2, "Shower channels", "shower channel", PR_SANITARY, 1, "600|700|800|900|1000|1200",
            "brushed steel|matt black"),
    NODE (1, "Water heaters"),
      LEAF (2, "Electric storage water heaters", "electric water heater", PR_HEATER, 2, NULL),
      LEAF (2, "Instantaneous water heaters", "instantaneous water heater", PR_POWER_UNIT, 1,
            "6000|11000|13500|18000|21000|24000"),
      LEAF (2, "Under-sink water heaters", "under-sink water heater", PR_HEATER, 1, "5|10|15"),
    NODE (1, "Installation material"),
      LEAF (2, "Pipe clamps", "pipe clamp with rubber insert", PR_WASHER, 2,
            "15|18|22|28|35|42|54|76|110"),
      LEAF (2, "Thread sealing", "PTFE thread seal tape", PR_TAPE, 1, "12|15|25|50",
            "white|yellow"),
      LEAF (2, "Pipe insulation", "pipe insulation 13 mm", PR_PIPE, 2, "15|18|22|28|35|42", "PE",
            "1|2"),

  ROOT ("Heating, ventilation & air conditioning", G_HVAC),
    NODE (1, "Heating"),
      NODE (2, "Radiators"),
        LEAF (3, "Panel radiators", "panel radiator type 22", PR_RADIATOR, 3, NULL),
        LEAF (3, "Bathroom radiators", "bathroom radiator", PR_RADIATOR, 2, "500|600|750",
              "775|1200|1500|1800"),
      NODE (2, "Controls"),
        LEAF (3, "Room thermostats", "room thermostat", PR_THERMOSTAT, 2, NULL),
        LEAF (3, "Thermostatic heads", "thermostatic head", PR_THERMOSTAT, 2, "white|chrome", "3"),
        LEAF (3, "Thermal actuators", "thermal actuator", PR_THERMOSTAT, 1, "white|grey", "24|230"),
      LEAF (2, "Circulation pumps", "circulation pump", PR_PUMP, 2, NULL),
      NODE (2, "Underfloor heating"),
        LEAF (3, "Manifolds", "underfloor heating manifold", PR_MANIFOLD, 2, NULL),
        LEAF (3, "Underfloor heating pipes", "PE-Xa underfloor heating pipe", PR_PIPE, 1,
              "14|16|17|20", "PE", "120|240|600"),
      LEAF (2, "Expansion vessels", "expansion vessel", PR_CONTAINER, 1, "8|12|18|25|35|50|80",
            "steel", "red|white"),
    NODE (1, "Ventilation"),
      LEAF (2, "Extractor fans", "extractor fan", PR_FAN, 3, NULL),
      LEAF (2, "Ducting", "spiral duct", PR_PIPE, 2, "100|125|160|200|250|315", "steel", "3"),
      LEAF (2, "Air valves & grilles", "air valve", PR_WASHER, 2, "100|125|160|200",
            "powder coated",
            "steel|polypropylene"),
      LEAF (2, "Heat recovery units", "heat recovery unit", PR_POWER_UNIT, 1, "50|85|120|180"),
    NODE (1, "Air conditioning"),
      LEAF (2, "Split air conditioners", "split air conditioner", PR_POWER_UNIT, 2,
            "2500|3500|5000|7100"),
      LEAF (2, "Refrigerant pipes", "pre-insulated refrigerant pipe pair", PR_PIPE, 1, "6|10|12|16",
            "copper", "5|10|15|25|50"),
      LEAF (2, "Condensate pumps", "condensate pump", PR_PUMP, 1, "5|18|25"),
    NODE (1, "Heat pumps"),
      LEAF (2, "Air-to-water heat pumps", "air-to-water heat pump", PR_POWER_UNIT, 2,
            "4000|6000|8000|10000|12000|16000"),
      LEAF (2, "Buffer tanks", "buffer tank", PR_CONTAINER, 1, "50|100|200|300|500|800", "steel"),
      LEAF (2, "Hot water cylinders", "hot water cylinder", PR_CONTAINER, 1, "150|200|300|400|500",
            "steel", "white|grey"),

  ROOT ("Safety & workwear", G_SAFETY),
    NODE (1, "Hand protection"),
      LEAF (2, "Cut-resistant gloves", "cut-resistant glove", PR_GLOVES, 3, NULL, "HPPE|nitrile"),
      LEAF (2, "Assembly gloves", "assembly glove", PR_GLOVES, 3, NULL, "polyurethane|nitrile"),
      LEAF (2, "Disposable gloves", "disposable nitrile glove", PR_DISPOSABLE, 2, NULL),
      LEAF (2, "Winter gloves", "winter work glove", PR_GLOVES, 1, NULL, "leather|nitrile"),
      LEAF (2, "Chemical-resistant gloves", "chemical-resistant glove", PR_GLOVES, 1, NULL,
            "nitrile|latex", "EN ISO 374-1:2016 type A"),
    NODE (1, "Eye & face protection"),
      LEAF (2, "Safety glasses", "safety glasses", PR_PPE, 3, NULL, "EN 166|EN 170"),
      LEAF (2, "Goggles", "safety goggles", PR_PPE, 1, "clear"),
      LEAF (2, "Face shields", "face shield", PR_PPE, 1, "clear"),
    NODE (1, "Hearing protection"),
      LEAF (2, "Ear plugs", "foam ear plugs", PR_PPE, 2, "yellow|orange|blue", "EN 352-2"),
      LEAF (2, "Ear muffs", "ear muffs", PR_PPE, 1, "yellow|red|black", "EN 352-1"),
    NODE (1, "Respiratory protection"),
      LEAF (2, "FFP2 masks", "FFP2 respirator", PR_PPE, 2, "white", "EN 149:2001 FFP2 NR"),
      LEAF (2, "FFP3 masks", "FFP3 respirator with valve", PR_PPE, 2, "white",
            "EN 149:2001 FFP3 NR D"),
      LEAF (2, "Half masks & filters", "half mask", PR_PPE, 1, "grey|blue", "EN 140"),
    NODE (1, "Head protection"),
      LEAF (2, "Safety helmets", "safety helmet", PR_PPE, 2, "white|yellow|red|blue|orange",
            "EN 397"),
      LEAF (2, "Bump caps", "bump cap", PR_PPE, 1, "black|navy", "EN 812"),
    NODEG (1, "Safety footwear", G_WORKWEAR | G_SAFETY),
      LEAF (2, "Safety shoes S3", "safety shoe S3", PR_SHOES, 3, NULL),
      LEAF (2, "Safety boots S3", "safety boot S3", PR_SHOES, 2, NULL),
      LEAF (2, "Safety sandals S1P", "safety sandal S1P", PR_SHOES, 1, NULL, NULL,
            "EN ISO 20345:2011 S1P"),
    NODEG (1, "Workwear", G_WORKWEAR),
      LEAF (2, "Work trousers", "work trousers", PR_CLOTHING, 3, NULL),
      LEAF (2, "Work jackets", "work jacket", PR_CLOTHING, 2, NULL),
      LEAF (2, "Hi-vis clothing", "hi-vis vest", PR_CLOTHING, 2, NULL,
            "hi-vis yellow|hi-vis orange",
            "polyester"),
      LEAF (2, "T-shirts & sweatshirts", "work T-shirt", PR_CLOTHING, 2, NULL),
    NODE (1, "Fall protection"),
      LEAF (2, "Harnesses", "full body harness", PR_CLOTHING, 1, "S|M|L|XL", "black|orange",
            "polyester"),
      LEAF (2, "Lanyards", "energy-absorbing lanyard", PR_TAPE, 1, "1.5|2", "black|red|orange"),
    NODE (1, "First aid"),
      LEAF (2, "First aid kits", "first aid kit", PR_FIRSTAID, 1, NULL),
      LEAF (2, "Eye wash", "eye wash station", PR_FIRSTAID, 1, "DIN EN 15154-4"),

  ROOT ("Consumables & site equipment", G_CHEM),
    NODE (1, "Adhesives & sealants"),
      LEAF (2, "Silicone sealants", "sanitary silicone", PR_CHEMICAL, 3, "290|300|310",
            "transparent|white|grey|black|anthracite"),
      LEAF (2, "Construction adhesives", "construction adhesive", PR_CHEMICAL, 2, "290|310|400",
            "white|grey"),
      LEAF (2, "PU foam", "PU foam", PR_CHEMICAL, 2, "500|750", "yellow"),
      LEAF (2, "Threadlockers", "threadlocker", PR_CHEMICAL, 1, "10|50|250", "blue|red|green"),
    NODE (1, "Lubricants & cleaners"),
      LEAF (2, "Multi-purpose sprays", "multi-purpose spray", PR_CHEMICAL, 2, "200|400|500",
            "transparent"),
      LEAF (2, "Greases", "multi-purpose grease", PR_CHEMICAL, 1, "400|1000", "amber|brown"),
      LEAF (2, "Cutting oils", "cutting oil", PR_CHEMICAL, 1, "400|1000|5000", "transparent"),
      LEAF (2, "Hand cleaners", "hand cleaner", PR_CHEMICAL, 1, "500|2000|3000", "white"),
    NODEG (1, "Abrasives", G_ABRASIVE),
      LEAF (2, "Cutting discs", "cutting disc for stainless steel", PR_DISC, 4, "115|125|180|230",
            "0.8|1|1.6|1.9"),
      LEAF (2, "Flap discs", "flap disc", PR_DISC, 2, "115|125", "16|22"),
      LEAF (2, "Grinding discs", "grinding disc", PR_DISC, 1, "115|125|180|230", "6|7"),
      LEAF (2, "Diamond blades", "universal diamond blade", PR_DISC, 2, "115|125|180|230|300|350",
            "2|2.2|2.4|2.8|3.2", "diamond"),
      LEAF (2, "Sanding sheets", "sanding sheet", PR_PACK, 2, "10|25|50"),
    NODEG (1, "Drill bits & accessories", G_ABRASIVE),
      LEAF (2, "HSS metal drill bits", "HSS metal drill bit", PR_DRILLBIT, 4,
            "1|1.5|2|2.5|3|3.5|4|4.5|5|5.5|6|6.5|7|8|8.5|9|10|10.5|12|13",
            "57|70|75|86|93|101|111|133|151", "HSS-G|HSS-Co"),
      LEAF (2, "Masonry drill bits", "masonry drill bit", PR_DRILLBIT, 2, NULL, NULL, "carbide"),
      LEAF (2, "SDS-plus drill bits", "SDS-plus hammer drill bit", PR_DRILLBIT, 4,
            "5|6|6.5|8|10|12|14|16|18|20", "110|160|210|260|310|460|600", "carbide"),
      LEAF (2, "Wood drill bits", "wood auger bit", PR_DRILLBIT, 1, NULL, "235|320|460",
            "chrome vanadium"),
      LEAF (2, "Hole saws", "bi-metal hole saw", PR_DRILLBIT, 2, "20|25|32|40|51|68|76|102",
            "38|41",
            "HSS-Co"),
      LEAF (2, "Bit sets", "bit set", PR_TOOLSET, 2, "7|10|25|32|56"),
    NODEG (1, "Saw blades", G_ABRASIVE),
      LEAF (2, "Circular saw blades", "circular saw blade for wood", PR_SAWBLADE, 2, NULL),
      LEAF (2, "Jigsaw blades", "jigsaw blade T-shank", PR_PACK, 2, "3|5|25|100"),
      LEAF (2, "Reciprocating saw blades", "reciprocating saw blade", PR_PACK, 1, "2|5|25"),
    NODEG (1, "Site equipment", G_SITE),
      LEAF (2, "Ladders", "multi-purpose ladder", PR_LADDER, 2, NULL),
      LEAFG (2, "Work lights", "LED work light", PR_LUMINAIRE, 2, G_POWER | G_SITE,
             "10|20|30|50|100"),
      LEAF (2, "Extension reels", "cable reel", PR_LADDER, 1, "25|40|50", "steel|polypropylene"),
      LEAF (2, "Site boxes", "site box", PR_CONTAINER, 1, "150|250|500", "steel"),
      LEAF (2, "Wheelbarrows", "wheelbarrow", PR_CONTAINER, 1, "85|100|120", "steel"),
};

#define N_CATEGORIES G_N_ELEMENTS (category_defs)
#define N_ROOTS      8

/* What a product of a profile is sold with: accessories come from these profiles. */
static const struct
{
  ProfileId for_profile;
  ProfileId accessories[3];
  guint     n_accessories;
} accessory_defs[] = {
  { PR_CORDLESS, { PR_BATTERY, PR_CHARGER, PR_DRILLBIT }, 3 },
  { PR_CORDED, { PR_DRILLBIT, PR_DISC, PR_SAWBLADE }, 3 },
  { PR_DUST, { PR_PACK }, 1 },
  { PR_BOLT, { PR_NUT, PR_WASHER }, 2 },
  { PR_ANCHOR, { PR_SCREW, PR_WASHER }, 2 },
  { PR_CABLE, { PR_LUG, PR_SLEEVE, PR_CABLE_ACC }, 3 },
  { PR_BREAKER, { PR_ENCLOSURE, PR_PROTECTION }, 2 },
  { PR_TAP, { PR_FITTING, PR_VALVE }, 2 },
  { PR_SANITARY, { PR_TAP }, 1 },
  { PR_RADIATOR, { PR_VALVE, PR_THERMOSTAT }, 2 },
  { PR_PUMP, { PR_VALVE }, 1 },
  { PR_POWER_UNIT, { PR_CONTAINER, PR_PIPE }, 2 },
  { PR_SHOES, { PR_CLOTHING }, 1 },
};

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

static const char * const segment_names[N_SEGMENTS] = {
  "installers", "industry", "retail", "public_sector", "wholesale_partners"
};
static const double segment_shares[N_SEGMENTS] = { 0.38, 0.22, 0.15, 0.10, 0.15 };

/* The roots a segment mostly buys from, by index in the category tree's roots. */
static const guint8 segment_focus[N_SEGMENTS][3] = {
  { 3, 4, 5 },   /* installers: electrical, plumbing, HVAC */
  { 2, 0, 7 },   /* industry: fasteners, power tools, consumables */
  { 1, 2, 7 },   /* retail: hand tools, fasteners, consumables */
  { 6, 3, 1 },   /* public sector: safety, electrical, hand tools */
  { 3, 2, 4 },   /* wholesale partners */
};

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

static const char * const nl_surnames[] = {
  "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
  "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
  "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen",
  "van Dijk", "Willems", "Koster", "Prins", "Huisman", NULL
};
static const char * const nl_first_names[] = {
  "Jan", "Pieter", "Sanne", "Lotte", "Daan", "Bram", "Eva", "Anouk", "Joost", "Marieke",
  "Thijs", "Femke", "Ruud", "Ilse", "Koen", "Maaike", "Sven", "Noor", "Wouter", "Esther", NULL
};
static const char * const nl_streets[] = {
  "Industrieweg", "Nijverheidsstraat", "Havenstraat", "Kerkstraat", "Stationsweg", "Molenweg",
  "Energieweg", "Ambachtsweg", "Edisonstraat", "Zuiderzeestraat", "Handelsweg", "Zeemanstraat",
  NULL
};
static const char * const nl_cities[] = {
  "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen", "Zwolle", "Tilburg", "Breda",
  "Arnhem", "Nijmegen", "Apeldoorn", "Enschede", "Almere", "Haarlem", "Amersfoort",
  "Leeuwarden", "Venlo", "Maastricht", "Dordrecht", "Alkmaar", NULL
};
static const guint nl_postal[] = {
  1011, 3011, 3511, 5611, 9711, 8011, 5011, 4811, 6811, 6511, 7311, 7511, 1311, 2011, 3811,
  8911, 5911, 6211, 3311, 1811
};
static const char * const de_surnames[] = {
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
  "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
  "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Werner",
  "Krause", "Lehmann", "Köhler", "Maier", NULL
};
static const char * const de_first_names[] = {
  "Thomas", "Stefan", "Anna", "Julia", "Michael", "Andreas", "Katrin", "Sabine", "Markus",
  "Lena", "Tobias", "Christina", "Jürgen", "Petra", "Lukas", "Sophie", "Matthias", "Nina",
  "Frank", "Claudia", NULL
};
static const char * const de_streets[] = {
  "Industriestraße", "Gewerbestraße", "Hauptstraße", "Bahnhofstraße", "Daimlerstraße",
  "Siemensstraße", "Carl-Benz-Straße", "Robert-Bosch-Straße", "Am Hafen", "Werkstraße",
  "Max-Planck-Straße", "Im Gewerbepark", NULL
};
static const char * const de_cities[] = {
  "Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Düsseldorf",
  "Dortmund", "Essen", "Leipzig", "Bremen", "Dresden", "Hannover", "Nürnberg", "Duisburg",
  "Münster", "Aachen", "Kassel", "Bielefeld", "Osnabrück", NULL
};
static const guint de_postal[] = {
  10115, 20095, 80331, 50667, 60311, 70173, 40210, 44135, 45127, 4109, 28195, 1067, 30159,
  90402, 47051, 48143, 52062, 34117, 33602, 49074
};
static const char * const be_surnames[] = {
  "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
  "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Hermans", "Michiels", "Van Damme",
  NULL
};
static const char * const be_first_names[] = {
  "Wout", "Lien", "Pieter-Jan", "Elke", "Jens", "Nathalie", "Kobe", "Ann", "Bart", "Sofie",
  "Tom", "Hanne", NULL
};
static const char * const be_streets[] = {
  "Industrielaan", "Nijverheidslaan", "Kerkstraat", "Stationsstraat", "Ambachtenlaan",
  "Havenlaan", "Kapelstraat", NULL
};
static const char * const be_cities[] = {
  "Antwerpen", "Gent", "Brussel", "Brugge", "Leuven", "Hasselt", "Mechelen", "Kortrijk",
  "Genk", "Aalst", NULL
};
static const guint be_postal[] = { 2000, 9000, 1000, 8000, 3000, 3500, 2800, 8500, 3600, 9300 };
static const char * const at_surnames[] = {
  "Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer", "Hofer",
  "Leitner", "Berger", "Fuchs", NULL
};
static const char * const at_first_names[] = {
  "Florian", "Theresa", "Georg", "Magdalena", "Lukas", "Katharina", "Johannes", "Verena",
  NULL
};
static const char * const at_streets[] = {
  "Industriestraße", "Gewerbepark", "Hauptplatz", "Bahnhofstraße", "Linzer Straße", NULL
};
static const char * const at_cities[] = {
  "Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt", "Wels", NULL
};
static const guint at_postal[] = { 1010, 8010, 4020, 5020, 6020, 9020, 4600 };

static const CountryDef country_defs[N_COUNTRIES] = {
  [C_NL] = { "NL", "nl", 0.45, nl_surnames, nl_first_names, nl_streets, nl_cities, nl_postal },
  [C_DE] = { "DE", "de", 0.35, de_surnames, de_first_names, de_streets, de_cities, de_postal },
  [C_BE] = { "BE", "be", 0.15, be_surnames, be_first_names, be_streets, be_cities, be_postal },
  [C_AT] = { "AT", "at", 0.05, at_surnames, at_first_names, at_streets, at_cities, at_postal },
};

/* Account name patterns per segment and country: %S a surname, %C a city. */
static const char * const account_patterns[N_SEGMENTS][N_COUNTRIES][4] = {
  [SEG_INSTALLERS] = {
    [C_NL] = { "%S Installatietechniek B.V.", "Elektrotechniek %S", "Installatiebedrijf %S & Zn.",
               "%S Loodgieters- en Installatiebedrijf" },
    [C_DE] = { "%S Haustechnik GmbH", "Elektro %S GmbH", "%S Sanitär & Heizung GmbH & Co. KG",
               "%S Gebäudetechnik GmbH" },
    [C_BE] = { "Elektro %S BV", "%S Sanitair & Verwarming BV", "Installaties %S NV",
               "%S Technieken BV" },
    [C_AT] = { "%S Installationen GmbH", "Elektro %S GmbH", "%S Haustechnik GmbH",
               "%S Heizung-Sanitär GmbH" },
  },
  [SEG_INDUSTRY] = {
    [C_NL] = { "%S Metaalbewerking B.V.", "%C Machinebouw B.V.", "%S Staalconstructies B.V.",
               "%S Industrial Services B.V." },
    [C_DE] = { "%S Maschinenbau GmbH", "Stahlbau %C GmbH", "%S Industrietechnik AG",
               "%S Anlagenbau GmbH" },
    [C_BE] = { "%S Metaalconstructie NV", "%C Industries NV", "%S Engineering BV",
               "%S Machinebouw NV" },
    [C_AT] = { "%S Anlagenbau GmbH", "%S Metalltechnik GmbH", "%C Maschinenbau GmbH",
               "%S Industrieservice GmbH" },
  },
  [SEG_RETAIL] = {
    [C_NL] = { "Bouwmarkt %S", "%S IJzerwaren", "Doe-het-zelf %C", "Gereedschapshandel %S" },
    [C_DE] = { "Baumarkt %S", "Eisenwaren %S e.K.", "%S Werkzeughandel", "Baufachmarkt %C" },
    [C_BE] = { "Brico %S", "%S IJzerwaren BV", "Doe-het-zelf %S", "Bouwmaterialen %S" },
    [C_AT] = { "Eisenwaren %S", "Baumarkt %C", "%S Werkzeughandel", "Baufachmarkt %S" },
  },
  [SEG_PUBLIC] = {
    [C_NL] = { "Gemeente %C", "Gemeente %C – Buitendienst", "Hogeschool %C",
               "Gemeente %C – Vastgoed" },
    [C_DE] = { "Stadt %C", "Stadtwerke %C", "Universität %C", "Stadt %C – Bauhof" },
    [C_BE] = { "Stad %C", "Stad %C – Technische Dienst", "Hogeschool %C", "Gemeente %C" },
    [C_AT] = { "Magistrat %C", "Stadtwerke %C", "Stadtgemeinde %C", "Universität %C" },
  },
  [SEG_PARTNERS] = {
    [C_NL] = { "%S Technische Groothandel B.V.", "Groothandel %S", "%S Techniek & Handel B.V.",
               "%C Technische Unie B.V." },
    [C_DE] = { "%S Großhandel GmbH", "%S Fachgroßhandel GmbH", "%S Elektrogroßhandel KG",
               "Haustechnik %C GmbH" },
    [C_BE] = { "%S Technische Handel NV", "Groothandel %S BV", "%S Distributie NV",
               "%C Techniek NV" },
    [C_AT] = { "%S Großhandel GmbH", "%S Handels GmbH", "Elektrogroßhandel %S",
               "%C Technik GmbH" },
  },
};

typedef enum
{
  ROLE_ACCOUNT_ADMIN,
  ROLE_BUYER,
  ROLE_PLANNER,
  ROLE_OPERATIONAL,
  N_ROLES
} Role;

static const char * const role_names[N_ROLES] = {
  "account_admin", "buyer", "planner", "operational"
};

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

static const char * const order_status_names[N_ORDER_STATUSES] = {
  "pending_approval", "received", "exported", "confirmed", "shipped", "completed", "rejected",
  "cancelled", "failed"
};

static const char * const failure_reasons[] = {
  "Customer credit limit exceeded in the ERP",
  "Material %s is blocked for sales in the ERP",
  "Shipping address could not be validated: unknown postal code",
  "Price differs from the ERP condition record for %s",
  "Sales order creation timed out after 30 s",
};

static const char * const cancel_notes[] = {
  "Cancelled by the customer",
  "Duplicate order",
  "Delivery date too late for the project",
  "Ordered on the wrong account",
};

/* Generator state */

typedef enum
{
  PS_ACTIVE,
  PS_DISCONTINUED,
  PS_BLOCKED,
} ProductStatus;

static const char * const product_status_names[] = { "active", "discontinued", "blocked" };

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

static const struct
{
  const char *code;
  const char *name;
  int         segment;      /* -1: none */
  gboolean    is_default;
  double      share;        /* of the products the list has a price for */
  double      factor;       /* of the base price */
} price_list_defs[N_PRICE_LISTS] = {
  [PL_STANDARD] = { "PL-STD", "Standard price list", -1, TRUE, 0.15, 1.0 },
  [PL_INSTALLERS] = { "PL-INST", "Installer prices", SEG_INSTALLERS, FALSE, 0.06, 0.92 },
  [PL_INDUSTRY] = { "PL-IND", "Industry prices", SEG_INDUSTRY, FALSE, 0.06, 0.90 },
  [PL_PUBLIC] = { "PL-PUB", "Public sector framework prices", SEG_PUBLIC, FALSE, 0.05, 0.88 },
  [PL_PARTNERS] = { "PL-PART", "Wholesale partner net prices", SEG_PARTNERS, FALSE, 0.06, 0.80 },
  [PL_PROJECT_HOSPITAL] = { "PL-PRJ-0117", "Project prices – hospital extension", -1, FALSE,
                            0.01, 0.82 },
  [PL_PROJECT_SOLAR] = { "PL-PRJ-0123", "Project prices – solar park", -1, FALSE, 0.01, 0.84 },
};

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

static void
demo_free (Demo *demo)
{
  for (guint l = 0; l < demo->n_leaves; l++)
    for (guint k = 0; k < MAX_PROFILE_ATTRS; k++)
      g_strfreev (demo->leaves[l].values[k]);

  g_clear_pointer (&demo->leaves, g_free);
  g_clear_pointer (&demo->products, g_free);
  g_clear_pointer (&demo->pool, g_array_unref);
  g_clear_pointer (&demo->accounts, g_free);
  g_clear_pointer (&demo->users, g_free);
  g_clear_pointer (&demo->limited_users, g_array_unref);
  g_clear_pointer (&demo->account_cumulative, g_free);
  g_clear_pointer (&demo->strings, g_string_chunk_free);
  g_clear_pointer (&demo->rand, g_rand_free);
  if (demo->name != NULL)
    g_string_free (demo->name, TRUE);
  if (demo->text != NULL)
    g_string_free (demo->text, TRUE);
  g_free (demo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

static gint64
demo_clock (gpointer user_data)
{
  Demo *demo = user_data;

  return demo->clock;
}

/* Random helpers: every draw goes through the stage's GRand. */

static inline guint
rand_below (Demo *demo,
            guint n)
{
  return n <= 1 ? 0 : (guint) g_rand_int_range (demo->rand, 0, (gint32) n);
}

static inline guint
rand_between (Demo *demo,
              guint lo,
              guint hi)
{
  return lo + rand_below (demo, hi - lo + 1);
}

static inline gboolean
chance (Demo   *demo,
        double  p)
{
  return g_rand_double (demo->rand) < p;
}

static inline gint64
rand_span (Demo   *demo,
           gint64  lo,
           gint64  hi)
{
  return lo + (gint64) (g_rand_double (demo->rand) * (double) (hi - lo));
}

static const char *
rand_pick (Demo               *demo,
           const char * const *strv)
{
  return strv[rand_below (demo, g_strv_length ((char **) strv))];
}

static guint
rand_weighted (Demo         *demo,
               const double *weights,
               guint         n)
{
  double total = 0;
  double u;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  u = g_rand_double (demo->rand) * total;
  for (guint i = 0; i < n; i++)
    {
      if (u < weights[i])
        return i;
      u -= weights[i];
    }

  return n - 1;
}

/* Ids are UUID v4 made from the GRand rather than g_uuid_string_random(), so that a seed
 * always gives the same ids. The bytes are taken most significant first to be the same
 * on every architecture. */
static void
rand_uuid (Demo   *demo,
           guint8  bytes[16])
{
  for (guint i = 0; i < 4; i++)
    {
      guint32 v = g_rand_int (demo->rand);

      bytes[4 * i] = v >> 24;
      bytes[4 * i + 1] = v >> 16;
      bytes[4 * i + 2] = v >> 8;
      bytes[4 * i + 3] = v;
    }

  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
}

static void
uuid_format (const guint8  bytes[16],
             char          out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint o = 0;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[bytes[i] >> 4];
      out[o++] = hex[bytes[i] & 0xf];
    }
  out[o] = '\0';
}

static void
rand_id (Demo *demo,
         char  out[37])
{
  guint8 bytes[16];

  rand_uuid (demo, bytes);
  uuid_format (bytes, out);
}

static void
set_id (gpointer    entity,
        const char *id)
{
  HW_ENTITY (entity)->id = g_strdup (id);
}

static void
set_new_id (Demo     *demo,
            gpointer  entity)
{
  char id[37];

  rand_id (demo, id);
  set_id (entity, id);
}

/* Formats @value with at most @decimals decimals, without trailing zeros and always with a
 * point, as attribute values of type number are stored. */
static void
format_number (char   *buf,
               gsize   size,
               double  value,
               guint   decimals)
{
  gint64 scale = 1;
  gint64 scaled;
  gint64 whole;
  gint64 fraction;
  guint digits = decimals;

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  scaled = (gint64) llround (value * (double) scale);
  whole = scaled / scale;
  fraction = scaled % scale;

  while (digits > 0 && fraction % 10 == 0)
    {
      fraction /= 10;
      digits--;
    }

  if (digits == 0)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT, whole);
  else
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, whole, (int) digits,
                fraction);
}

/* Prices end the way price lists do: 4.95, 12.49, 189.90. */
static gint64
round_price (double cents)
{
  gint64 value;

  if (cents < 1000)
    value = llround (cents / 5) * 5;
  else if (cents < 10000)
    value = llround (cents / 10) * 10 - 1;
  else
    value = llround (cents / 100) * 100 - 10;

  return MAX (value, 5);
}

static void
gtin13 (const char *prefix,
        guint       item,
        char        out[14])
{
  int sum = 0;

  g_snprintf (out, 14, "%.5s%07u", prefix, item % 10000000);

  /* Weights 3, 1, 3 … from the digit left of the check digit. */
  for (int i = 0; i < 12; i++)
    sum += (out[11 - i] - '0') * (i % 2 == 0 ? 3 : 1);

  out[12] = '0' + (10 - sum % 10) % 10;
  out[13] = '\0';
}

/* Lower-case ASCII for email addresses and domains: umlauts spelled out, the rest of
 * the non-alphanumerics turned into @separator. */
static void
append_slug (GString    *out,
             const char *text,
             char        separator)
{
  gboolean pending = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *spelled = NULL;
      char ascii = 0;

      switch (c)
        {
        case 0xe4: spelled = "ae"; break;
        case 0xf6: spelled = "oe"; break;
        case 0xfc: spelled = "ue"; break;
        case 0xdf: spelled = "ss"; break;
        case 0xe9: case 0xe8: case 0xeb: ascii = 'e'; break;
        case 0xef: ascii = 'i'; break;
        default:
          if (c < 0x80 && g_ascii_isalnum (c))
            ascii = g_ascii_tolower (c);
          break;
        }

      if (spelled == NULL && ascii == 0)
        {
          pending = out->len > 0 && out->str[out->len - 1] != '@';
          continue;
        }

      if (pending)
        g_string_append_c (out, separator);
      pending = FALSE;

      if (spelled != NULL)
        g_string_append (out, spelled);
      else
        g_string_append_c (out, ascii);
    }
}

static gboolean
demo_report (Demo     *demo,
             guint64   done,
             guint64   total,
             gboolean  force,
             GError  **error)
{
  if (demo->progress != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      /* Monotonic time only paces the callback; it never reaches the data. */
      if (force || now - demo->last_report >= PROGRESS_INTERVAL)
        {
          demo->last_report = now;
          demo->progress (demo->stage, done, total, demo->user_data);
        }
    }

  if (g_cancellable_is_cancelled (demo->cancellable))
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED,
                   "Generating demo data was cancelled");
      return FALSE;
    }

  return TRUE;
}

static gboolean
demo_create (Demo      *demo,
             gpointer   entity,
             GError   **error)
{
  return hw_store_create (demo->store, entity, error);
}

/* Product ids are kept as 16 bytes; this gives the text for one. */
static const char *
product_id (Demo  *demo,
            guint  index,
            char   buf[37])
{
  uuid_format (demo->products[index].uuid, buf);
  return buf;
}

static guint
find_category (const char *name)
{
  for (guint i = 0; i < N_CATEGORIES; i++)
    if (strcmp (category_defs[i].name, name) == 0)
      return i;

  g_error ("demo data: no category “%s”", name);
  return 0;
}

/* Checks the tables above once, so that a typo in them shows up as a clear error rather
 * than as a product the store refuses halfway through a million. */
static gboolean
check_tables (GError **error)
{
  for (guint a = 0; a < N_ATTRIBUTES; a++)
    if (attribute_defs[a].code == NULL)
      {
        g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                     "Demo data: attribute %u is not described", a);
        return FALSE;
      }

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *cat = &category_defs[i];
      gboolean is_leaf = i + 1 == N_CATEGORIES || category_defs[i + 1].depth <= cat->depth;
      const Profile *profile;

      if (is_leaf != (cat->profile >= 0))
        {
          g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                       "Demo data: category “%s” %s a product profile", cat->name,
                       is_leaf ? "is a leaf without" : "has children and");
          return FALSE;
        }

      if (!is_leaf)
        continue;

      profile = &profiles[cat->profile];
      for (guint k = 0; k < MAX_PROFILE_ATTRS && profile->attrs[k].values != NULL; k++)
        {
          const AttributeDef *def = &attribute_defs[profile->attrs[k].attr];
          const char *values = k < 3 && cat->values[k] ? cat->values[k] : profile->attrs[k].values;
          g_auto(GStrv) candidates = g_strsplit (values, "|", -1);

          for (guint c = 0; candidates[c] != NULL; c++)
            {
              gboolean valid;

              if (strcmp (def->type, "enum") == 0)
                valid = g_strv_contains (def->options, candidates[c]);
              else if (strcmp (def->type, "number") == 0)
                valid = strcmp (candidates[c], "derived") == 0 ||
                        g_ascii_strtod (candidates[c], NULL) > 0;
              else if (strcmp (def->type, "boolean") == 0)
                valid = strcmp (candidates[c], "true") == 0 || strcmp (candidates[c], "false") == 0;
              else
                valid = candidates[c][0] != '\0';

              if (!valid)
                {
                  g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                               "Demo data: “%s” is not a valid %s for category “%s”",
                               candidates[c], def->code, cat->name);
                  return FALSE;
                }
            }
        }
    }

  return TRUE;
}

/* Splits the products over the leaves by their weights (largest remainder, so the total
 * is exact) and prepares each leaf's candidate values. */
static void
plan_leaves (Demo *demo)
{
  g_autofree double *shares = NULL;
  g_autofree guint *leaf_of = NULL;
  double total = 0;
  guint assigned = 0;
  guint group_first = 0;
  guint root = 0;
  guint groups[8] = { 0, };
  guint n_roots = 0;

  leaf_of = g_new0 (guint, N_CATEGORIES);
  demo->leaves = g_new0 (LeafInfo, N_CATEGORIES);

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *cat = &category_defs[i];

      if (cat->depth == 0)
        {
          root = n_roots;
          demo->root_categories[n_roots++] = i;
        }
      demo->category_root[i] = root;

      /* Brand groups are inherited from the nearest ancestor that names them. */
      groups[cat->depth] = cat->groups != 0 ? cat->groups
                                            : cat->depth > 0 ? groups[cat->depth - 1] : 0;

      if (cat->depth == 1)
        {
          for (guint l = group_first; l < demo->n_leaves; l++)
            demo->leaves[l].group_end = demo->n_leaves;
          group_first = demo->n_leaves;
        }

      if (cat->profile >= 0)
        {
          LeafInfo *leaf = &demo->leaves[demo->n_leaves];
          const Profile *profile = &profiles[cat->profile];

          leaf->category = i;
          leaf->root = root;
          leaf->groups = groups[cat->depth];
          leaf->group_first = group_first;
          for (guint k = 0; k < MAX_PROFILE_ATTRS && profile->attrs[k].values != NULL; k++)
            {
              const char *values = k < 3 && cat->values[k] ? cat->values[k]
                                                           : profile->attrs[k].values;

              leaf->values[k] = g_strsplit (values, "|", -1);
              leaf->n_values[k] = g_strv_length (leaf->values[k]);
            }
          leaf_of[demo->n_leaves] = i;
          demo->n_leaves++;
        }
    }
  for (guint l = group_first; l < demo->n_leaves; l++)
    demo->leaves[l].group_end = demo->n_leaves;

  shares = g_new0 (double, demo->n_leaves);
  for (guint l = 0; l < demo->n_leaves; l++)
    {
      shares[l] = category_defs[leaf_of[l]].weight * (0.6 + 0.8 * g_rand_double (demo->rand));
      total += shares[l];
    }

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      shares[l] = shares[l] / total * demo->options.products;
      demo->leaves[l].count = (guint) shares[l];
      shares[l] -= demo->leaves[l].count;
      assigned += demo->leaves[l].count;
    }

  /* Hand the rest out to the largest remainders, earliest leaf first on a tie. */
  while (assigned < demo->options.products)
    {
      guint best = 0;

      for (guint l = 1; l < demo->n_leaves; l++)
        if (shares[l] > shares[best])
          best = l;

      demo->leaves[best].count++;
      shares[best] = -1;
      assigned++;
    }

  for (guint l = 0, first = 0; l < demo->n_leaves; l++)
    {
      demo->leaves[l].first = first;
      first += demo->leaves[l].count;
    }
}

/* Stage: categories and attributes */

static gboolean
stage_taxonomy (Demo    *demo,
                GError **error)
{
  guint stack[8] = { 0, };
  guint positions[8] = { 0, };
  char codes[8][20] = { { 0, }, };
  guint64 total = N_CATEGORIES + N_ATTRIBUTES;

  if (!demo_report (demo, 0, total, TRUE, error))
    return FALSE;

  for (guint a = 0; a < N_ATTRIBUTES; a++)
    {
      const AttributeDef *def = &attribute_defs[a];
      g_autoptr(HwAttribute) attribute = hw_attribute_new ();

      rand_id (demo, demo->attribute_ids[a]);
      set_id (attribute, demo->attribute_ids[a]);
      attribute->code = g_strdup (def->code);
      attribute->name = g_strdup (def->name);
      attribute->type = g_strdup (def->type);
      attribute->unit = g_strdup (def->unit);
      attribute->options = g_strdupv ((char **) def->options);
      attribute->required = def->required;
      attribute->filterable = def->filterable;

      if (!demo_create (demo, attribute, error))
        {
          g_prefix_error (error, "Attribute %s: ", def->code);
          return FALSE;
        }
    }

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *def = &category_defs[i];
      g_autoptr(HwCategory) category = hw_category_new ();
      guint depth = def->depth;

      rand_id (demo, demo->category_ids[i]);
      set_id (category, demo->category_ids[i]);
      stack[depth] = i;
      category->position = positions[depth]++;
      for (guint d = depth + 1; d < G_N_ELEMENTS (positions); d++)
        positions[d] = 0;

      /* ERP codes grow by two digits per level, ETIM style: 03, 0304, 030402. */
      g_snprintf (codes[depth], sizeof codes[depth], "%s%02u", depth > 0 ? codes[depth - 1] : "",
                  (guint) category->position + 1);
      category->erp_code = g_strdup (codes[depth]);
      category->name = g_strdup (def->name);
      if (depth > 0)
        category->parent_id = g_strdup (demo->category_ids[stack[depth - 1]]);

      if (!demo_create (demo, category, error))
        {
          g_prefix_error (error, "Category %s: ", def->name);
          return FALSE;
        }
    }

  return demo_report (demo, total, total, FALSE, error);
}

/* Stage: products */

typedef struct
{
  guint   size;
  guint   brand;
  char    model[32];
  double  price;
  double  weight;
  double  efficacy;
  guint   value[MAX_PROFILE_ATTRS];
  gint64  min_qty;
  gint64  order_multiple;
  gint64  max_qty;
} Family;

static guint
profile_n_attrs (const Profile *profile)
{
  guint n = 0;

  while (n < MAX_PROFILE_ATTRS && profile->attrs[n].values != NULL)
    n++;

  return n;
}

static guint
pick_brand (Demo  *demo,
            guint  groups)
{
  guint candidates[G_N_ELEMENTS (brand_defs)];
  guint n = 0;

  /* The wholesaler's own label takes a share wherever it has a range. */
  if ((brand_defs[PRIVATE_LABEL].groups & groups) != 0 && chance (demo, 0.15))
    return PRIVATE_LABEL;

  for (guint b = 1; b < G_N_ELEMENTS (brand_defs); b++)
    if ((brand_defs[b].groups & groups) != 0)
      candidates[n++] = b;

  return n > 0 ? candidates[rand_below (demo, n)] : PRIVATE_LABEL;
}

static void
pick_conditions (Demo       *demo,
                 Conditions  kind,
                 gint64     *min_qty,
                 gint64     *multiple,
                 gint64     *max_qty)
{
  static const gint64 packs[] = { 5, 10, 25 };
  static const gint64 meters[] = { 25, 50, 100 };
  static const gint64 cartons[] = { 1, 6, 12 };
  static const gint64 caps[] = { 3, 5, 10 };

  *min_qty = 1;
  *multiple = 1;
  *max_qty = HW_NONE;

  switch (kind)
    {
    case COND_SINGLE:
      break;

    case COND_TOOL:
      /* Scarce machines are allocated: a maximum per order. */
      if (chance (demo, 0.1))
        *max_qty = caps[rand_below (demo, G_N_ELEMENTS (caps))];
      break;

    case COND_BOX:
      if (chance (demo, 0.15))
        *min_qty = chance (demo, 0.5) ? 2 : 5;
      break;

    case COND_PACK:
      *multiple = packs[rand_below (demo, G_N_ELEMENTS (packs))];
      *min_qty = *multiple;
      break;

    case COND_DOZEN:
      *multiple = chance (demo, 0.7) ? 12 : 6;
      *min_qty = *multiple;
      break;

    case COND_METER:
      *multiple = meters[rand_below (demo, G_N_ELEMENTS (meters))];
      *min_qty = *multiple;
      if (chance (demo, 0.25))
        *max_qty = chance (demo, 0.5) ? 500 : 1000;
      break;

    case COND_CARTON:
      *multiple = cartons[rand_below (demo, G_N_ELEMENTS (cartons))];
      *min_qty = *multiple;
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
family_init (Demo           *demo,
             const LeafInfo *leaf,
             const Profile  *profile,
             guint           left,
             Family         *family)
{
  const BrandDef *brand;
  guint max_size = 1;

  if (profile->n_axes >= 1)
    max_size = leaf->n_values[0];
  if (profile->n_axes >= 2)
    max_size *= leaf->n_values[1];

  family->size = MIN (rand_between (demo, profile->family_min, profile->family_max), max_size);
  family->size = CLAMP (family->size, 1, left);
  family->brand = pick_brand (demo, leaf->groups);
  brand = &brand_defs[family->brand];

  if (brand->model_digits > 0)
    {
      guint lo = 1;

      for (guint d = 1; d < brand->model_digits; d++)
        lo *= 10;
      g_snprintf (family->model, sizeof family->model, "%s%u", brand->model_prefix,
                  rand_between (demo, lo, lo * 10 - 1));
    }
  else
    family->model[0] = '\0';

  /* Prices are spread log-uniformly: many cheap articles, few expensive ones. */
  family->price = exp (log (profile->price_min) +
                       g_rand_double (demo->rand) * (log (profile->price_max) -
                                                     log (profile->price_min)));
  family->weight = profile->weight_min +
                   g_rand_double (demo->rand) * (profile->weight_max - profile->weight_min);
  family->efficacy = 95 + rand_below (demo, 40);

  for (guint k = 0; k < MAX_PROFILE_ATTRS; k++)
    family->value[k] = rand_below (demo, MAX (leaf->n_values[k], 1));

  pick_conditions (demo, profile->conditions, &family->min_qty, &family->order_multiple,
                   &family->max_qty);
}

static guint
value_index (const LeafInfo *leaf,
             const Profile  *profile,
             const Family   *family,
             guint           k,
             guint           member)
{
  if (k >= profile->n_axes)
    return family->value[k];

  /* Variants walk the axes: with two, the second one turns fastest (M8 x 20, M8 x 25 …). */
  if (profile->n_axes == 1)
    return (family->value[0] + member) % leaf->n_values[0];
  if (k == 0)
    return (family->value[0] + member / leaf->n_values[1]) % leaf->n_values[0];
  return (family->value[1] + member) % leaf->n_values[1];
}

static void
append_value (GString     *out,
              AttributeId  attr,
              const char  *value,
              gboolean     with_unit)
{
  g_string_append (out, value);
  if (with_unit && attribute_defs[attr].unit != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, attribute_defs[attr].unit);
    }
}

static void
expand_template (GString        *out,
                 const Profile  *profile,
                 const char     *brand,
                 const char     *model,
                 const char     *noun,
                 const char     *weight,
                 const char    **values)
{
  g_string_truncate (out, 0);

  for (const char *p = profile->template; *p != '\0'; p++)
    {
      gboolean raw = FALSE;
      guint k;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }

      p++;
      if (*p == 'B')
        g_string_append (out, brand);
      else if (*p == 'M')
        {
          g_string_append (out, model);
          if (model[0] == '\0' && p[1] == ' ')
            p++;
        }
      else if (*p == 'N')
        g_string_append (out, noun);
      else if (*p == 'W')
        {
          g_string_append (out, weight);
          g_string_append (out, " kg");
        }
      else
        {
          if (*p == 'r')
            {
              raw = TRUE;
              p++;
            }

          k = *p - '1';
          if (k < MAX_PROFILE_ATTRS && values[k] != NULL)
            append_value (out, profile->attrs[k].attr, values[k], !raw);
        }
    }
}

static void
describe_product (GString        *out,
                  const Profile  *profile,
                  const char     *brand,
                  const char     *noun,
                  const char     *unit,
                  const char    **values)
{
  gboolean first = TRUE;

  g_string_truncate (out, 0);
  g_string_append (out, noun);
  out->str[0] = g_ascii_toupper (out->str[0]);
  g_string_append (out, " by ");
  g_string_append (out, brand);
  g_string_append (out, " for professional use.");

  for (guint k = 0; k < MAX_PROFILE_ATTRS && values[k] != NULL; k++)
    {
      AttributeId attr = profile->attrs[k].attr;

      if (strcmp (attribute_defs[attr].type, "boolean") == 0)
        continue;

      g_string_append (out, first ? " Key data: " : "; ");
      first = FALSE;
      g_string_append (out, attribute_defs[attr].name);
      g_string_append_c (out, ' ');
      append_value (out, attr, values[k], TRUE);
    }

  g_string_append (out, ".");
  if (strcmp (unit, "pc") != 0)
    {
      g_string_append (out, " Sold per ");
      g_string_append (out, unit);
      g_string_append (out, ".");
    }
}

static gboolean
create_product (Demo            *demo,
                guint            leaf_index,
                const Profile   *profile,
                const Family    *family,
                guint            member,
                guint            index,
                double           pool_share,
                GError         **error)
{
  const LeafInfo *leaf = &demo->leaves[leaf_index];
  const CategoryDef *cat = &category_defs[leaf->category];
  const BrandDef *brand = &brand_defs[family->brand];
  DemoProduct *record = &demo->products[index];
  g_autoptr(HwProduct) product = hw_product_new ();
  const char *values[MAX_PROFILE_ATTRS + 1] = { NULL, };
  guint n_attrs = profile_n_attrs (profile);
  guint axis[2] = { 0, 0 };
  char derived[32];
  char weight[32];
  char buf[64];
  char id[37];
  double factor;
  ProductStatus status;

  for (guint k = 0; k < n_attrs; k++)
    {
      guint i = value_index (leaf, profile, family, k, member);

      values[k] = leaf->values[k][i];
      if (k < 2)
        axis[k] = k < profile->n_axes ? i : 0;
    }

  /* Derived and dependent values: a luminaire's flux follows its power, and stainless
   * steel is never plated. */
  for (guint k = 0; k < n_attrs; k++)
    {
      if (strcmp (values[k], "derived") == 0)
        {
          double power = 0;

          for (guint m = 0; m < n_attrs; m++)
            if (profile->attrs[m].attr == A_POWER)
              power = g_ascii_strtod (values[m], NULL);

          format_number (derived, sizeof derived, round (power * family->efficacy / 10) * 10, 0);
          values[k] = derived;
        }
      else if (profile->attrs[k].attr == A_MATERIAL && g_str_has_prefix (values[k], "stainless"))
        {
          for (guint m = 0; m < n_attrs; m++)
            if (profile->attrs[m].attr == A_FINISH)
              values[m] = "plain";
        }
    }

  factor = 1.0 + 0.08 * axis[0] + 0.03 * axis[1];
  format_number (weight, sizeof weight, family->weight * (1.0 + 0.1 * axis[0]) / 1000.0, 3);

  /* The first product is always active so that even a tiny catalogue can be ordered from. */
  status = chance (demo, 0.88) ? PS_ACTIVE : chance (demo, 0.66) ? PS_DISCONTINUED : PS_BLOCKED;
  if (index == 0)
    status = PS_ACTIVE;

  rand_uuid (demo, record->uuid);
  uuid_format (record->uuid, id);
  set_id (product, id);

  g_snprintf (buf, sizeof buf, "HW-%07u", index + 1);
  product->sku = g_strdup (buf);
  g_snprintf (buf, sizeof buf, "%u", 40000000 + index);
  product->erp_id = g_strdup (buf);
  if (chance (demo, 0.92))
    {
      gtin13 (brand->gs1, index, buf);
      product->gtin = g_strdup (buf);
    }

  expand_template (demo->name, profile, brand->name, family->model, cat->noun, weight, values);
  product->name = g_strndup (demo->name->str, demo->name->len);

  if (chance (demo, 0.06))
    {
      /* A digital name reads as a shop title rather than an ERP line. */
      g_string_truncate (demo->text, 0);
      g_string_append (demo->text, cat->noun);
      demo->text->str[0] = g_ascii_toupper (demo->text->str[0]);
      g_string_append (demo->text, " – ");
      g_string_append (demo->text, demo->name->str);
      product->display_name = g_strndup (demo->text->str, MIN (demo->text->len, 300));
    }

  if (chance (demo, 0.85))
    {
      describe_product (demo->text, profile, brand->name, cat->noun, profile->unit, values);
      product->description = g_strndup (demo->text->str, demo->text->len);
    }

  product->brand = g_strdup (brand->name);
  product->unit = g_strdup (profile->unit);
  product->status = g_strdup (product_status_names[status]);
  product->category_id = g_strdup (demo->category_ids[leaf->category]);
  product->base_price = round_price (family->price * factor);
  product->currency = g_strdup (CURRENCY);
  product->min_qty = family->min_qty;
  product->order_multiple = family->order_multiple;
  product->max_qty = family->max_qty;

  /* Not every product is fully described: that is what completeness is for. */
  if (chance (demo, 0.93))
    hw_product_add_attribute (product, demo->attribute_ids[A_WEIGHT], weight);
  if (chance (demo, 0.90))
    hw_product_add_attribute (product, demo->attribute_ids[A_ORIGIN],
                              chance (demo, 0.7) ? brand->origin
                                                 : origin_options[rand_below (demo, 15)]);
  if (chance (demo, 0.88))
    hw_product_add_attribute (product, demo->attribute_ids[A_TARIFF], profile->tariff);
  for (guint k = 0; k < n_attrs; k++)
    if (chance (demo, 0.96))
      hw_product_add_attribute (product, demo->attribute_ids[profile->attrs[k].attr], values[k]);

  if (!demo_create (demo, product, error))
    {
      g_prefix_error (error, "Product %s: ", product->sku);
      return FALSE;
    }

  record->price = (guint32) product->base_price;
  record->leaf = leaf_index;
  record->min_qty = product->min_qty;
  record->order_multiple = product->order_multiple;
  record->family_pos = MIN (member, 255);
  record->status = status;
  record->brand = family->brand;

  if (status == PS_ACTIVE && (chance (demo, pool_share) || index == 0))
    {
      PoolItem item = {
        .product = index,
        .price = record->price,
        .max_qty = product->max_qty == HW_NONE ? 0 : (guint32) product->max_qty,
        .min_qty = record->min_qty,
        .order_multiple = record->order_multiple,
        .root = leaf->root,
        .name = g_string_chunk_insert_len (demo->strings, demo->name->str, demo->name->len),
      };

      g_array_append_val (demo->pool, item);
    }

  return TRUE;
}

static gboolean
stage_products (Demo    *demo,
                GError **error)
{
  guint n = demo->options.products;
  double pool_share = MIN (1.0, (double) POOL_MAX / MAX (n, 1));
  guint index = 0;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  demo->products = g_new0 (DemoProduct, n);

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const LeafInfo *leaf = &demo->leaves[l];
      const Profile *profile = &profiles[category_defs[leaf->category].profile];
      guint left = leaf->count;

      while (left > 0)
        {
          Family family;

          family_init (demo, leaf, profile, left, &family);

          for (guint member = 0; member < family.size; member++, index++)
            {
              if (index % BATCH_SIZE == 0 && !demo_report (demo, index, n, FALSE, error))
                return FALSE;

              if (!create_product (demo, l, profile, &family, member, index, pool_share, error))
                return FALSE;
            }

          left -= family.size;
        }
    }

  /* The pool follows the tree, so each root's products form one range of it. */
  for (guint r = 0, i = 0; r <= N_ROOTS; r++)
    {
      while (i < demo->pool->len && g_array_index (demo->pool, PoolItem, i).root < r)
        i++;
      demo->pool_root_start[r] = r == N_ROOTS ? demo->pool->len : i;
    }

  return demo_report (demo, n, n, FALSE, error);
}

/* Stage: product relations */

static gboolean
create_relation (Demo        *demo,
                 guint        from,
                 guint        to,
                 const char  *kind,
                 gint64       position,
                 GError     **error)
{
  g_autoptr(HwProductRelation) relation = hw_product_relation_new ();
  char buf[37];

  set_new_id (demo, relation);
  relation->product_id = g_strdup (product_id (demo, from, buf));
  relation->related_product_id = g_strdup (product_id (demo, to, buf));
  relation->kind = g_strdup (kind);
  relation->position = position;

  if (!demo_create (demo, relation, error))
    {
      g_prefix_error (error, "Relation HW-%07u → HW-%07u: ", from + 1, to + 1);
      return FALSE;
    }

  return TRUE;
}

static guint
family_head (Demo  *demo,
             guint  index)
{
  return index - demo->products[index].family_pos;
}

/* A product of @leaf that is not blocked, of @brand if one turns up soon. */
static gboolean
pick_in_leaf (Demo  *demo,
              guint  leaf,
              guint  brand,
              guint *out)
{
  const LeafInfo *info = &demo->leaves[leaf];
  gboolean found = FALSE;

  if (info->count == 0)
    return FALSE;

  for (guint attempt = 0; attempt < 6; attempt++)
    {
      guint i = info->first + rand_below (demo, info->count);

      if (demo->products[i].status == PS_BLOCKED)
        continue;

      *out = i;
      found = TRUE;
      if (demo->products[i].brand == brand)
        break;
    }

  return found;
}

static gboolean
find_successor (Demo  *demo,
                guint  index,
                guint *out)
{
  const LeafInfo *leaf = &demo->leaves[demo->products[index].leaf];
  guint head = family_head (demo, index);

  /* The successor is a current product of the same kind, outside the old one's family. */
  for (guint d = 1; d <= 64; d++)
    {
      guint candidates[2] = { index + d, index - d };

      for (guint c = 0; c < 2; c++)
        {
          guint i = candidates[c];

          if (i < leaf->first || i >= leaf->first + leaf->count)
            continue;
          if (demo->products[i].status == PS_ACTIVE && family_head (demo, i) != head)
            {
              *out = i;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
stage_relations (Demo    *demo,
                 GError **error)
{
  g_autoptr(GArray) spare_leaves = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *by_profile[N_PROFILES] = { NULL, };
  guint n = demo->options.products;
  gboolean ok = FALSE;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const CategoryDef *cat = &category_defs[demo->leaves[l].category];

      if (demo->leaves[l].count == 0)
        continue;
      if (by_profile[cat->profile] == NULL)
        by_profile[cat->profile] = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (by_profile[cat->profile], l);
      if (cat->flags & LEAF_SPARE)
        g_array_append_val (spare_leaves, l);
    }

  for (guint i = 0; i < n; i++)
    {
      const DemoProduct *product = &demo->products[i];
      const LeafInfo *leaf = &demo->leaves[product->leaf];
      ProfileId profile = category_defs[leaf->category].profile;
      guint picked[8];
      guint n_picked = 0;
      gint64 position = 0;
      guint other;

      if (i % BATCH_SIZE == 0 && !demo_report (demo, i, n, FALSE, error))
        goto out;

      /* Variants point at their family's first product; the family is then found from
       * either end, as relations are indexed by the related product too. */
      if (product->family_pos > 0 &&
          !create_relation (demo, i, family_head (demo, i), "variant", position++, error))
        goto out;

      if (product->status == PS_DISCONTINUED && find_successor (demo, i, &other) &&
          !create_relation (demo, i, other, "replacement", position++, error))
        goto out;

      for (guint a = 0; a < G_N_ELEMENTS (accessory_defs); a++)
        {
          guint count;

          if (accessory_defs[a].for_profile != profile || !chance (demo, 0.35))
            continue;

          count = rand_between (demo, 1, 3);
          for (guint c = 0; c < count; c++)
            {
              guint pick = rand_below (demo, accessory_defs[a].n_accessories);
              GArray *leaves = by_profile[accessory_defs[a].accessories[pick]];
              gboolean seen = FALSE;
              guint accessory_leaf;

              if (leaves == NULL)
                continue;
              accessory_leaf = g_array_index (leaves, guint, rand_below (demo, leaves->len));
              if (!pick_in_leaf (demo, accessory_leaf, product->brand, &other) || other == i)
                continue;

              for (guint p = 0; p < n_picked; p++)
                seen |= picked[p] == other;
              if (seen || n_picked == G_N_ELEMENTS (picked))
                continue;

              picked[n_picked++] = other;
              if (!create_relation (demo, i, other, "accessory", position++, error))
                goto out;
            }
        }

      if ((profile == PR_CORDLESS || profile == PR_CORDED || profile == PR_DUST) &&
          spare_leaves->len > 0 && chance (demo, 0.08))
        {
          guint count = rand_between (demo, 1, 2);

          for (guint c = 0; c < count; c++)
            {
              guint spare_leaf = g_array_index (spare_leaves, guint,
                                                rand_below (demo, spare_leaves->len));
              gboolean seen = FALSE;

              if (!pick_in_leaf (demo, spare_leaf, product->brand, &other))
                continue;
              for (guint p = 0; p < n_picked; p++)
                seen |= picked[p] == other;
              if (seen || n_picked == G_N_ELEMENTS (picked))
                continue;

              picked[n_picked++] = other;
              if (!create_relation (demo, i, other, "spare_part", position++, error))
                goto out;
            }
        }

      if (chance (demo, 0.04))
        {
          guint related_leaf = leaf->group_first +
                               rand_below (demo, leaf->group_end - leaf->group_first);
          gboolean seen = FALSE;

          if (pick_in_leaf (demo, related_leaf, product->brand, &other) && other != i &&
              family_head (demo, other) != family_head (demo, i))
            {
              for (guint p = 0; p < n_picked; p++)
                seen |= picked[p] == other;
              if (!seen && !create_relation (demo, i, other, "related", position++, error))
                goto out;
            }
        }
    }

  ok = demo_report (demo, n, n, FALSE, error);

out:
  for (guint p = 0; p < N_PROFILES; p++)
    g_clear_pointer (&by_profile[p], g_array_unref);
  return ok;
}

/* Stage: catalogues */

static void
add_category_entry (Demo        *demo,
                    HwCatalogue *catalogue,
                    const char  *category,
                    const char  *effect)
{
  hw_catalogue_add_entry (catalogue, "category", demo->category_ids[find_category (category)],
                          effect);
}

/* Adds up to @count products of the leaf category @category as single-product entries. */
static void
add_product_entries (Demo        *demo,
                     HwCatalogue *catalogue,
                     const char  *category,
                     guint        count,
                     const char  *effect)
{
  guint cat = find_category (category);

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const LeafInfo *leaf = &demo->leaves[l];

      if (leaf->category != cat)
        continue;

      for (guint c = 0; c < MIN (count, leaf->count); c++)
        {
          char id[37];
          gboolean seen = FALSE;

          product_id (demo, leaf->first + rand_below (demo, leaf->count), id);
          for (guint e = 0; e < catalogue->entries->len; e++)
            {
              HwCatalogueEntry *entry = g_ptr_array_index (catalogue->entries, e);
              seen |= strcmp (entry->target_id, id) == 0;
            }
          if (!seen)
            hw_catalogue_add_entry (catalogue, "product", id, effect);
        }
    }
}

static gboolean
stage_catalogues (Demo    *demo,
                  GError **error)
{
  static const char * const names[N_CATALOGUES] = {
    [CAT_FULL] = "Full assortment",
    [CAT_RETAIL] = "Retail assortment",
    [CAT_PUBLIC] = "Public sector framework",
    [CAT_INDUSTRY] = "Industry MRO",
    [CAT_PARTNERS] = "Partner assortment",
  };

  if (!demo_report (demo, 0, N_CATALOGUES, TRUE, error))
    return FALSE;

  for (guint c = 0; c < N_CATALOGUES; c++)
    {
      g_autoptr(HwCatalogue) catalogue = hw_catalogue_new ();

      rand_id (demo, demo->catalogue_ids[c]);
      set_id (catalogue, demo->catalogue_ids[c]);
      catalogue->name = g_strdup (names[c]);
      catalogue->is_default = c == CAT_FULL;

      switch ((CatalogueId) c)
        {
        case CAT_FULL:
          catalogue->default_visibility = g_strdup ("all");
          break;

        case CAT_RETAIL:
          /* Retail sees a curated range: whole subtrees in, a few exceptions out and in. */
          catalogue->default_visibility = g_strdup ("none");
          add_category_entry (demo, catalogue, "Hand tools", "include");
          add_category_entry (demo, catalogue, "Fasteners & fixings", "include");
          add_category_entry (demo, catalogue, "Safety & workwear", "include");
          add_category_entry (demo, catalogue, "Adhesives & sealants", "include");
          add_category_entry (demo, catalogue, "Lubricants & cleaners", "include");
          add_category_entry (demo, catalogue, "Cordless drill drivers", "include");
          add_category_entry (demo, catalogue, "Battery packs", "include");
          add_category_entry (demo, catalogue, "Chargers", "include");
          add_category_entry (demo, catalogue, "LED lamps", "include");
          add_category_entry (demo, catalogue, "Switches & sockets", "include");
          add_category_entry (demo, catalogue, "Threaded rods DIN 976", "exclude");
          add_category_entry (demo, catalogue, "Chemical anchors", "exclude");
          add_category_entry (demo, catalogue, "Fall protection", "exclude");
          add_product_entries (demo, catalogue, "Chemical anchors", 2, "include");
          add_product_entries (demo, catalogue, "Cable cutters", 2, "exclude");
          add_product_entries (demo, catalogue, "Laser distance meters", 3, "include");
          break;

        case CAT_PUBLIC:
          catalogue->default_visibility = g_strdup ("none");
          add_category_entry (demo, catalogue, "Safety & workwear", "include");
          add_category_entry (demo, catalogue, "Lighting", "include");
          add_category_entry (demo, catalogue, "Hand tools", "include");
          add_category_entry (demo, catalogue, "Consumables & site equipment", "include");
          add_category_entry (demo, catalogue, "Switches & sockets", "include");
          add_category_entry (demo, catalogue, "Fall protection", "exclude");
          add_category_entry (demo, catalogue, "Site boxes", "exclude");
          add_product_entries (demo, catalogue, "Cordless drill drivers", 3, "include");
          break;

        case CAT_INDUSTRY:
          catalogue->default_visibility = g_strdup ("all");
          add_category_entry (demo, catalogue, "Plumbing & sanitary", "exclude");
          add_category_entry (demo, catalogue, "Heating", "exclude");
          add_category_entry (demo, catalogue, "Valves", "include");
          add_category_entry (demo, catalogue, "Pipes & fittings", "include");
          add_product_entries (demo, catalogue, "Basin mixers", 2, "include");
          break;

        case CAT_PARTNERS:
          catalogue->default_visibility = g_strdup ("all");
          add_category_entry (demo, catalogue, "Spare parts", "exclude");
          add_category_entry (demo, catalogue, "Safety footwear", "exclude");
          add_product_entries (demo, catalogue, "Cordless drill drivers", 3, "exclude");
          break;

        case N_CATALOGUES:
        default:
          g_assert_not_reached ();
        }

      if (!demo_create (demo, catalogue, error))
        {
          g_prefix_error (error, "Catalogue %s: ", names[c]);
          return FALSE;
        }
    }

  return demo_report (demo, N_CATALOGUES, N_CATALOGUES, FALSE, error);
}

/* Stage: price lists and prices */

static gint64
day_floor (gint64 usec)
{
  return usec - ((usec % USEC_DAY) + USEC_DAY) % USEC_DAY;
}

static gboolean
create_price (Demo         *demo,
              PriceListId   list,
              guint         index,
              gint64        valid_from,
              gint64        valid_to,
              double        factor,
              guint         n_tiers,
              GError      **error)
{
  static const double tier_factors[] = { 1.0, 0.95, 0.90 };
  static const gint64 tier_steps[] = { 1, 10, 50 };
  const DemoProduct *product = &demo->products[index];
  g_autoptr(HwPrice) price = hw_price_new ();
  double base = product->price * price_list_defs[list].factor * factor;
  gint64 last_qty = 0;
  char id[37];

  set_new_id (demo, price);
  price->price_list_id = g_strdup (demo->price_list_ids[list]);
  price->product_id = g_strdup (product_id (demo, index, id));
  price->valid_from = valid_from;
  price->valid_to = valid_to;

  /* Quantity tiers start at the product's minimum and go up in its order multiple. */
  for (guint t = 0; t < n_tiers; t++)
    {
      gint64 qty = MAX (product->min_qty, tier_steps[t] * product->order_multiple);

      if (qty <= last_qty)
        continue;
      hw_price_add_tier (price, qty, MAX (1, llround (base * tier_factors[t])));
      last_qty = qty;
    }

  if (!demo_create (demo, price, error))
    {
      g_prefix_error (error, "Price of HW-%07u in %s: ", index + 1, price_list_defs[list].code);
      return FALSE;
    }

  return TRUE;
}

/* One product on one list: a price now, and for some an older one it replaced and a
 * newer one already announced. Windows are [from, to) and follow each other without
 * overlapping. */
static gboolean
create_prices (Demo         *demo,
               PriceListId   list,
               guint         index,
               GError      **error)
{
  gint64 now = demo->options.now;
  gint64 changed = day_floor (now - rand_span (demo, 20, 200) * USEC_DAY);
  gint64 changes = day_floor (now + rand_span (demo, 7, 90) * USEC_DAY);
  guint n_tiers = list == PL_STANDARD ? rand_between (demo, 1, 3) : rand_between (demo, 1, 2);
  double u = g_rand_double (demo->rand);
  gboolean past = u >= 0.70 && (u < 0.85 || u >= 0.95);
  gboolean future = u >= 0.85;
  gint64 from = past ? changed
                : chance (demo, 0.5) ? HW_NONE
                : day_floor (now - rand_span (demo, 200, 700) * USEC_DAY);

  if (past && !create_price (demo, list, index, changed - 365 * USEC_DAY, changed, 0.96,
                             n_tiers, error))
    return FALSE;

  if (!create_price (demo, list, index, from, future ? changes : HW_NONE, 1.0, n_tiers, error))
    return FALSE;

  if (future && !create_price (demo, list, index, changes, HW_NONE, 1.04, n_tiers, error))
    return FALSE;

  return TRUE;
}

static gboolean
stage_prices (Demo    *demo,
              GError **error)
{
  guint n = demo->options.products;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint l = 0; l < N_PRICE_LISTS; l++)
    {
      g_autoptr(HwPriceList) list = hw_price_list_new ();

      rand_id (demo, demo->price_list_ids[l]);
      set_id (list, demo->price_list_ids[l]);
      list->code = g_strdup (price_list_defs[l].code);
      list->name = g_strdup (price_list_defs[l].name);
      list->currency = g_strdup (CURRENCY);
      if (price_list_defs[l].segment >= 0)
        list->segment = g_strdup (segment_names[price_list_defs[l].segment]);
      list->is_default = price_list_defs[l].is_default;

      if (!demo_create (demo, list, error))
        {
          g_prefix_error (error, "Price list %s: ", price_list_defs[l].code);
          return FALSE;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      if (i % BATCH_SIZE == 0 && !demo_report (demo, i, n, FALSE, error))
        return FALSE;

      if (demo->products[i].status == PS_BLOCKED)
        continue;

      for (guint l = 0; l < N_PRICE_LISTS; l++)
        if (chance (demo, price_list_defs[l].share) && !create_prices (demo, l, i, error))
          return FALSE;
    }

  return demo_report (demo, n, n, FALSE, error);
}

/* Stage: accounts */

static void
account_name (Demo        *demo,
              Segment      segment,
              Country      country,
              const char  *surname,
              const char  *city,
              GString     *out)
{
  const char *pattern = account_patterns[segment][country][rand_below (demo, 4)];

  g_string_truncate (out, 0);
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'S')
        g_string_append (out, surname);
      else if (p[0] == '%' && p[1] == 'C')
        g_string_append (out, city);
      else
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
    }

  /* "de Vries Installatietechniek" starts a name as "De Vries". */
  out->str[0] = g_ascii_toupper (out->str[0]);
}

static void
account_domain (const char  *name,
                const char  *tld,
                GHashTable  *taken,
                GString     *out)
{
  static const char * const stop[] = {
    "B.V.", "BV", "NV", "GmbH", "AG", "KG", "e.K.", "&", "–", "Co.", "Zn.", NULL
  };
  g_auto(GStrv) words = g_strsplit (name, " ", -1);
  g_autoptr(GString) base = g_string_new (NULL);
  guint suffix = 1;

  for (guint w = 0; words[w] != NULL && w < 3; w++)
    {
      if (g_strv_contains (stop, words[w]))
        break;
      if (base->len > 0)
        g_string_append_c (base, ' ');
      g_string_append (base, words[w]);
    }

  do
    {
      g_string_truncate (out, 0);
      append_slug (out, base->str, '-');
      if (suffix > 1)
        g_string_append_printf (out, "-%u", suffix);
      g_string_append_c (out, '.');
      g_string_append (out, tld);
      suffix++;
    }
  while (g_hash_table_contains (taken, out->str));

  g_hash_table_add (taken, g_strdup (out->str));
}

static void
fill_address (Demo       *demo,
              HwAddress  *address,
              Country     country,
              guint       city)
{
  const CountryDef *def = &country_defs[country];
  guint base = def->postal_bases[city];
  char buf[32];

  g_snprintf (buf, sizeof buf, "%s %u", rand_pick (demo, def->streets),
              rand_between (demo, 1, 180));
  address->line1 = g_strdup (buf);

  switch (country)
    {
    case C_NL:
      g_snprintf (buf, sizeof buf, "%04u %c%c", base + rand_below (demo, 80),
                  'A' + rand_below (demo, 26), 'A' + rand_below (demo, 26));
      break;
    case C_DE:
      g_snprintf (buf, sizeof buf, "%05u", base + rand_below (demo, 90));
      break;
    case C_BE:
    case C_AT:
      g_snprintf (buf, sizeof buf, "%04u", base + rand_below (demo, 40));
      break;
    case N_COUNTRIES:
    default:
      g_assert_not_reached ();
    }

  address->postal_code = g_strdup (buf);
  address->city = g_strdup (def->cities[city]);
  address->country = g_strdup (def->code);
}

static void
vat_number (Demo    *demo,
            Country  country,
            char     out[32])
{
  guint digits = rand_between (demo, 100000000, 999999999);

  switch (country)
    {
    case C_NL:
      g_snprintf (out, 32, "NL%09uB%02u", digits, rand_between (demo, 1, 3));
      break;
    case C_DE:
      g_snprintf (out, 32, "DE%09u", digits);
      break;
    case C_BE:
      g_snprintf (out, 32, "BE0%09u", digits);
      break;
    case C_AT:
      g_snprintf (out, 32, "ATU%08u", digits % 100000000);
      break;
    case N_COUNTRIES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
stage_accounts (Demo    *demo,
                GError **error)
{
  static const char * const depot_lines[N_COUNTRIES] = {
    [C_NL] = "Magazijn", [C_DE] = "Lager", [C_BE] = "Magazijn", [C_AT] = "Lager"
  };
  double country_shares[N_COUNTRIES];
  g_autoptr(GHashTable) domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) domain = g_string_new (NULL);
  guint n = demo->options.accounts;
  guint extra_users = demo->options.users - n;
  double total_weight = 0;
  double cumulative = 0;
  guint assigned = 0;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint c = 0; c < N_COUNTRIES; c++)
    country_shares[c] = country_defs[c].share;

  demo->accounts = g_new0 (DemoAccount, n);
  demo->account_cumulative = g_new0 (double, n);

  for (guint a = 0; a < n; a++)
    {
      DemoAccount *record = &demo->accounts[a];
      g_autoptr(HwAccount) account = hw_account_new ();
      /* The first accounts take each segment once, so even a small demo has them all. */
      Segment segment = a < N_SEGMENTS ? (Segment) a
                                       : rand_weighted (demo, segment_shares, N_SEGMENTS);
      Country country = rand_weighted (demo, country_shares, N_COUNTRIES);
      const CountryDef *def = &country_defs[country];
      guint city = rand_below (demo, g_strv_length ((char **) def->cities));
      HwAddress *address;
      char buf[64];

      rand_uuid (demo, record->uuid);
      uuid_format (record->uuid, buf);
      set_id (account, buf);

      account_name (demo, segment, country, rand_pick (demo, def->surnames), def->cities[city],
                    demo->name);
      account_domain (demo->name->str, def->tld, domains, domain);

      g_snprintf (buf, sizeof buf, "%u", 100000 + a * 3 + rand_below (demo, 3));
      account->customer_number = g_strdup (buf);
      account->name = g_strndup (demo->name->str, demo->name->len);
      if (chance (demo, segment == SEG_PUBLIC ? 0.6 : 0.97))
        {
          vat_number (demo, country, buf);
          account->vat_number = g_strdup (buf);
        }
      account->segment = g_strdup (segment_names[segment]);
      account->currency = g_strdup (CURRENCY);
      record->active = chance (demo, 0.95);
      account->status = g_strdup (record->active ? "active" : "blocked");

      switch (segment)
        {
        case SEG_RETAIL:
          if (chance (demo, 0.85))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_RETAIL]);
          break;
        case SEG_PUBLIC:
          if (chance (demo, 0.9))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_PUBLIC]);
          break;
        case SEG_INDUSTRY:
          if (chance (demo, 0.6))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_INDUSTRY]);
          break;
        case SEG_PARTNERS:
          if (chance (demo, 0.7))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_PARTNERS]);
          if (chance (demo, 0.15))
            account->price_list_id = g_strdup (demo->price_list_ids[PL_PARTNERS]);
          break;
        case SEG_INSTALLERS:
        case N_SEGMENTS:
        default:
          break;
        }

      /* A few accounts buy for a project on its own price list. */
      if (account->price_list_id == NULL && segment != SEG_RETAIL && chance (demo, 0.03))
        account->price_list_id = g_strdup (demo->price_list_ids[chance (demo, 0.5)
                                                                ? PL_PROJECT_HOSPITAL
                                                                : PL_PROJECT_SOLAR]);

      address = hw_account_add_address (account, "billing");
      fill_address (demo, address, country, city);
      if (chance (demo, 0.4))
        {
          address = hw_account_add_address (account, "shipping");
          fill_address (demo, address, country, city);
          address->line2 = g_strdup (depot_lines[country]);
        }
      if (chance (demo, 0.2))
        {
          address = hw_account_add_address (account, "shipping");
          fill_address (demo, address, country,
                        rand_below (demo, g_strv_length ((char **) def->cities)));
        }

      if (!demo_create (demo, account, error))
        {
          g_prefix_error (error, "Account %s: ", account->customer_number);
          return FALSE;
        }

      /* A few large customers order most: a heavy-tailed weight drives both the number
       * of users and the number of orders. */
      record->weight = MIN (60.0, pow (1.0 - g_rand_double (demo->rand), -0.7));
      record->segment = segment;
      record->country = country;
      record->focus_root = segment_focus[segment][rand_below (demo, 3)];
      record->name = g_string_chunk_insert (demo->strings, account->name);
      record->domain = g_string_chunk_insert (demo->strings, domain->str);
      total_weight += record->weight;

      if (a % BATCH_SIZE == 0 && !demo_report (demo, a, n, FALSE, error))
        return FALSE;
    }

  /* Every account has its account admin; the other users follow the weights. */
  for (guint a = 0; a < n; a++)
    {
      DemoAccount *record = &demo->accounts[a];
      guint extra = (guint) floor (extra_users * record->weight / total_weight);

      record->n_users = 1 + extra;
      assigned += extra;
    }
  for (guint a = 0; assigned < extra_users; a = (a + 1) % n, assigned++)
    demo->accounts[a].n_users++;

  for (guint a = 0, first = 0; a < n; a++)
    {
      demo->accounts[a].first_user = first;
      first += demo->accounts[a].n_users;
      if (demo->accounts[a].active)
        cumulative += demo->accounts[a].weight;
      demo->account_cumulative[a] = cumulative;
    }

  return demo_report (demo, n, n, FALSE, error);
}

/* Stage: users */

static gboolean
stage_users (Demo    *demo,
             GError **error)
{
  static const gint64 buyer_limits[] = { 50000, 100000, 250000, 500000 };
  static const gint64 operational_limits[] = { 25000, 50000, 100000 };
  g_autoptr(GHashTable) locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) email = g_string_new (NULL);
  guint n = demo->options.users;
  guint u = 0;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  demo->users = g_new0 (DemoUser, n);
  demo->limited_users = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint a = 0; a < demo->options.accounts; a++)
    {
      const DemoAccount *account = &demo->accounts[a];
      const CountryDef *country = &country_defs[account->country];
      char account_id[37];

      uuid_format (account->uuid, account_id);
      g_hash_table_remove_all (locals);

      for (guint i = 0; i < account->n_users; i++, u++)
        {
          DemoUser *record = &demo->users[u];
          g_autoptr(HwUser) user = hw_user_new ();
          const char *first = rand_pick (demo, country->first_names);
          const char *last = rand_pick (demo, country->surnames);
          double r = g_rand_double (demo->rand);
          Role role = i == 0 || r < 0.06 ? ROLE_ACCOUNT_ADMIN
                      : r < 0.58 ? ROLE_BUYER
                      : r < 0.75 ? ROLE_PLANNER : ROLE_OPERATIONAL;
          gsize local_len;
          char id[37];

          rand_uuid (demo, record->uuid);
          uuid_format (record->uuid, id);
          set_id (user, id);
          user->account_id = g_strdup (account_id);

          g_string_truncate (email, 0);
          append_slug (email, first, '-');
          g_string_append_c (email, '.');
          append_slug (email, last, '-');
          local_len = email->len;
          for (guint s = 2; g_hash_table_contains (locals, email->str); s++)
            {
              g_string_truncate (email, local_len);
              g_string_append_printf (email, "%u", s);
            }
          g_hash_table_add (locals, g_strdup (email->str));
          g_string_append_c (email, '@');
          g_string_append (email, account->domain);

          user->email = g_strndup (email->str, email->len);
          user->name = g_strdup_printf ("%s %s", first, last);
          user->role = g_strdup (role_names[role]);

          /* Warehouse staff often neither see prices nor order; buyers work within a
           * budget, and the account admin approves what goes over it. */
          switch (role)
            {
            case ROLE_ACCOUNT_ADMIN:
              user->show_prices = TRUE;
              user->can_order = TRUE;
              user->order_limit = HW_NONE;
              break;
            case ROLE_BUYER:
              user->show_prices = chance (demo, 0.95);
              user->can_order = chance (demo, 0.97);
              user->order_limit = chance (demo, 0.35)
                                  ? buyer_limits[rand_below (demo, G_N_ELEMENTS (buyer_limits))]
                                  : HW_NONE;
              break;
            case ROLE_PLANNER:
              user->show_prices = chance (demo, 0.9);
              user->can_order = chance (demo, 0.85);
              user->order_limit = chance (demo, 0.1) ? 1000000 : HW_NONE;
              break;
            case ROLE_OPERATIONAL:
              user->show_prices = chance (demo, 0.5);
              user->can_order = chance (demo, 0.55);
              if (user->can_order && chance (demo, 0.7))
                user->order_limit =
                  operational_limits[rand_below (demo, G_N_ELEMENTS (operational_limits))];
              else
                user->order_limit = HW_NONE;
              break;
            case N_ROLES:
            default:
              g_assert_not_reached ();
            }
          user->active = i == 0 || chance (demo, 0.94);

          if (!demo_create (demo, user, error))
            {
              g_prefix_error (error, "User %s: ", user->email);
              return FALSE;
            }

          record->account = a;
          record->role = role;
          record->can_order = user->can_order;
          record->active = user->active;
          record->order_limit = user->order_limit;
          record->email = g_string_chunk_insert_len (demo->strings, email->str, email->len);

          if (record->can_order && record->active && record->order_limit != HW_NONE &&
              account->active)
            {
              guint32 index = u;
              g_array_append_val (demo->limited_users, index);
            }

          if (u % BATCH_SIZE == 0 && !demo_report (demo, u, n, FALSE, error))
            return FALSE;
        }
    }

  return demo_report (demo, n, n, FALSE, error);
}

/* Stage: visibility rules, discount rules and price agreements */

typedef struct
{
  const char *scope;
  const char *scope_value;
  const char *target;
  const char *target_id;
  const char *attribute_code;
  const char *attribute_value;
  const char *effect;
  gint64      priority;
  gint64      valid_from;   /* 0: open */
  gint64      valid_to;     /* 0: open */
  const char *note;
} RuleSpec;

static gboolean
create_visibility_rule (Demo            *demo,
                        const RuleSpec  *spec,
                        GError         **error)
{
  g_autoptr(HwVisibilityRule) rule = hw_visibility_rule_new ();

  set_new_id (demo, rule);
  rule->scope = g_strdup (spec->scope);
  rule->scope_value = g_strdup (spec->scope_value);
  rule->target = g_strdup (spec->target);
  rule->target_id = g_strdup (spec->target_id);
  rule->attribute_code = g_strdup (spec->attribute_code);
  rule->attribute_value = g_strdup (spec->attribute_value);
  rule->effect = g_strdup (spec->effect);
  rule->priority = spec->priority;
  rule->valid_from = spec->valid_from != 0 ? spec->valid_from : HW_NONE;
  rule->valid_to = spec->valid_to != 0 ? spec->valid_to : HW_NONE;
  rule->note = g_strdup (spec->note);

  if (!demo_create (demo, rule, error))
    {
      g_prefix_error (error, "Visibility rule “%s”: ", spec->note);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  const char *name;
  gint64      discount_bp;
  const char *scope;
  const char *scope_value;
  const char *target;
  const char *target_value;
  gint64      valid_from;   /* 0: open */
  gint64      valid_to;     /* 0: open */
} DiscountSpec;

static gboolean
create_discount_rule (Demo                *demo,
                      const DiscountSpec  *spec,
                      GError             **error)
{
  g_autoptr(HwDiscountRule) rule = hw_discount_rule_new ();

  set_new_id (demo, rule);
  rule->name = g_strdup (spec->name);
  rule->discount_bp = spec->discount_bp;
  rule->scope = g_strdup (spec->scope);
  rule->scope_value = g_strdup (spec->scope_value);
  rule->target = g_strdup (spec->target);
  rule->target_value = g_strdup (spec->target_value);
  rule->valid_from = spec->valid_from != 0 ? spec->valid_from : HW_NONE;
  rule->valid_to = spec->valid_to != 0 ? spec->valid_to : HW_NONE;

  if (!demo_create (demo, rule, error))
    {
      g_prefix_error (error, "Discount rule “%s”: ", spec->name);
      return FALSE;
    }

  return TRUE;
}

static guint
pick_account (Demo *demo)
{
  guint n = demo->options.accounts;
  double total = demo->account_cumulative[n - 1];
  double r;
  guint lo = 0;
  guint hi = n - 1;

  /* Only active accounts order; if none is, any will do. */
  if (total <= 0)
    return rand_below (demo, n);

  r = g_rand_double (demo->rand) * total;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (demo->account_cumulative[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

static guint
pick_user (Demo  *demo,
           guint  account)
{
  const DemoAccount *record = &demo->accounts[account];

  for (guint attempt = 0; attempt < 8; attempt++)
    {
      guint u = record->first_user + rand_below (demo, record->n_users);

      if (demo->users[u].can_order && demo->users[u].active)
        return u;
    }

  /* The account admin always can. */
  return record->first_user;
}

static const PoolItem *
pool_pick (Demo  *demo,
           guint  focus_root)
{
  guint start = 0;
  guint len = demo->pool->len;
  guint rank;

  if (chance (demo, 0.6) &&
      demo->pool_root_start[focus_root + 1] > demo->pool_root_start[focus_root])
    {
      start = demo->pool_root_start[focus_root];
      len = demo->pool_root_start[focus_root + 1] - start;
    }

  /* A few best sellers and a long tail; the multiplication by a prime scatters the best
   * sellers over the range so that they are not all in its first category. */
  rank = (guint) (len * pow (g_rand_double (demo->rand), 2.0));
  return &g_array_index (demo->pool, PoolItem,
                         start + (guint) (((guint64) rank * 2654435761u) % len));
}

static void
format_percent (char   *buf,
                gsize   size,
                gint64  discount_bp)
{
  format_number (buf, size, discount_bp / 100.0, 2);
}

static gboolean
stage_rules (Demo    *demo,
             GError **error)
{
  gint64 now = demo->options.now;
  guint n_accounts = demo->options.accounts;
  guint n_account_rules = CLAMP (n_accounts / 25, 2, 50);
  guint n_user_rules = CLAMP (demo->options.users / 200, 2, 50);
  guint n_account_discounts = CLAMP (n_accounts / 15, 2, 500);
  const PoolItem *special = pool_pick (demo, 2);
  char product[37];
  char buf[256];
  char percent[16];
  guint recalled;

  if (!demo_report (demo, 0, n_accounts, TRUE, error))
    return FALSE;

  /* Rules of every scope, target and effect, some only for a while: the heat pump pair
   * shows a segment overriding a rule for all, and the windows lie in the past, around
   * now and in the future. */
  recalled = rand_below (demo, demo->options.products);
  {
    const RuleSpec rules[] = {
      { "all", NULL, "category", demo->category_ids[find_category ("Heat pumps")], NULL, NULL,
        "hide", 10, 0, 0, "Heat pumps are sold to certified installers only" },
      { "segment", "installers", "category", demo->category_ids[find_category ("Heat pumps")],
        NULL, NULL, "show", 10, 0, 0, "F-gas certified installers may order heat pumps" },
      { "segment", "retail", "category", demo->category_ids[find_category ("Circuit protection")],
        NULL, NULL, "hide", 0, 0, 0, "Protective devices are for qualified electricians" },
      { "segment", "retail", "attribute", NULL, "voltage", "400", "hide", 5, 0, 0,
        "400 V equipment only for professional customers" },
      { "role", "operational", "category", demo->category_ids[find_category ("Power tools")],
        NULL, NULL, "hide", 0, 0, 0, "Site staff order consumables, not machines" },
      { "role", "planner", "category", demo->category_ids[find_category ("Spare parts")], NULL,
        NULL, "show", 0, 0, 0, "Planners order spare parts for service jobs" },
      { "all", NULL, "attribute", NULL, "brand", "Daikin", "hide", 20, now - 10 * USEC_DAY,
        now + 21 * USEC_DAY, "Daikin range hidden until the new distribution agreement starts" },
      { "segment", "public_sector", "attribute", NULL, "brand", "Milwaukee", "hide", 0, 0, 0,
        "Not part of the public tender (lot 3)" },
      { "all", NULL, "category", demo->category_ids[find_category ("Split air conditioners")],
        NULL, NULL, "hide", 0, now + 60 * USEC_DAY, now + 200 * USEC_DAY,
        "Off season: split units return in spring" },
      { "all", NULL, "category", demo->category_ids[find_category ("LED floodlights")], NULL,
        NULL, "hide", 0, now - 200 * USEC_DAY, now - 150 * USEC_DAY,
        "Supply problem at the manufacturer (resolved)" },
      { "all", NULL, "product", product_id (demo, recalled, product), NULL, NULL, "hide", 100,
        now - 30 * USEC_DAY, 0, "Recall: batch with faulty battery contacts" },
    };

    for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
      if (!create_visibility_rule (demo, &rules[r], error))
        return FALSE;
  }

  for (guint r = 0; r < n_account_rules; r++)
    {
      guint a = pick_account (demo);
      char account[37];
      RuleSpec rule = { "account", account, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL };

      uuid_format (demo->accounts[a].uuid, account);
      if (r % 2 == 0)
        {
          rule.target = "product";
          rule.target_id = product_id (demo, pool_pick (demo, 5)->product, product);
          rule.effect = "show";
          rule.note = "Project release for this customer";
        }
      else
        {
          rule.target = "category";
          rule.target_id = demo->category_ids[find_category ("Workwear")];
          rule.effect = "hide";
          rule.note = "Customer sources workwear through its own supplier";
        }

      if (!create_visibility_rule (demo, &rule, error))
        return FALSE;
    }

  for (guint r = 0; r < n_user_rules; r++)
    {
      guint u = rand_below (demo, demo->options.users);
      char user[37];
      RuleSpec rule = { "user", user, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, NULL };

      /* Prefer an operational user: the rule lifts the role's rule for one person. */
      for (guint attempt = 0; attempt < 20 && demo->users[u].role != ROLE_OPERATIONAL; attempt++)
        u = rand_below (demo, demo->options.users);

      uuid_format (demo->users[u].uuid, user);
      if (r % 2 == 0)
        {
          rule.target = "category";
          rule.target_id = demo->category_ids[find_category ("Power tools")];
          rule.effect = "show";
          rule.note = "Workshop foreman: may order power tools";
        }
      else
        {
          rule.target = "product";
          rule.target_id = product_id (demo, pool_pick (demo, 0)->product, product);
          rule.effect = "hide";
          rule.priority = 1;
          rule.note = "Hidden at the request of the account admin";
        }

      if (!create_visibility_rule (demo, &rule, error))
        return FALSE;
    }

  {
    char special_name[128];
    const DiscountSpec discounts[] = {
      { "Installers – Hager 12 %", 1200, "segment", "installers", "brand", "Hager", 0, 0 },
      { "Installers – Geberit 6 %", 600, "segment", "installers", "brand", "Geberit", 0, 0 },
      { "Installers – circuit protection 10 %", 1000, "segment", "installers", "category",
        demo->category_ids[find_category ("Circuit protection")], 0, 0 },
      { "Industry – fasteners 15 %", 1500, "segment", "industry", "category",
        demo->category_ids[find_category ("Fasteners & fixings")], 0, 0 },
      { "Industry – Makita spring campaign 8 %", 800, "segment", "industry", "brand", "Makita",
        now - 300 * USEC_DAY, now - 240 * USEC_DAY },
      { "Public sector – safety & workwear 8 %", 800, "segment", "public_sector", "category",
        demo->category_ids[find_category ("Safety & workwear")], 0, 0 },
      { "Wholesale partners – electrical 18 %", 1800, "segment", "wholesale_partners", "category",
        demo->category_ids[find_category ("Electrical installation")], 0, 0 },
      { "Retail – LED lamps promotion 20 %", 2000, "segment", "retail", "category",
        demo->category_ids[find_category ("LED lamps")], now + 14 * USEC_DAY, now + 44 * USEC_DAY },
      { "Retail – HW Select 10 %", 1000, "segment", "retail", "brand", "HW Select", 0, 0 },
      { special_name, 2500, "segment", "industry", "product",
        product_id (demo, special->product, product), now - 30 * USEC_DAY, now + 60 * USEC_DAY },
    };

    g_snprintf (special_name, sizeof special_name, "Industry – HW-%07u special 25 %%",
                special->product + 1);
    for (guint d = 0; d < G_N_ELEMENTS (discounts); d++)
      if (!create_discount_rule (demo, &discounts[d], error))
        return FALSE;
  }

  for (guint d = 0; d < n_account_discounts; d++)
    {
      guint a = pick_account (demo);
      char account[37];
      char target[37];
      DiscountSpec rule = { buf, 50 * rand_between (demo, 6, 50), "account", account, NULL, target,
                            0, 0 };
      const char *label;
      double r = g_rand_double (demo->rand);

      uuid_format (demo->accounts[a].uuid, account);
      if (r < 0.4)
        {
          rule.target = "brand";
          label = brand_defs[rand_below (demo, G_N_ELEMENTS (brand_defs))].name;
          rule.target_value = label;
        }
      else if (r < 0.8)
        {
          guint c;

          /* A first- or second-level category: the way customer discounts are agreed. */
          do
            c = rand_below (demo, N_CATEGORIES);
          while (category_defs[c].depth > 1);

          rule.target = "category";
          rule.target_value = demo->category_ids[c];
          label = category_defs[c].name;
        }
      else
        {
          const PoolItem *item = pool_pick (demo, demo->accounts[a].focus_root);

          rule.target = "product";
          product_id (demo, item->product, target);
          g_snprintf (product, sizeof product, "HW-%07u", item->product + 1);
          label = product;
        }

      if (chance (demo, 0.3))
        {
          rule.valid_from = day_floor (now - rand_span (demo, 10, 300) * USEC_DAY);
          rule.valid_to = rule.valid_from + 365 * USEC_DAY;
        }

      format_percent (percent, sizeof percent, rule.discount_bp);
      g_snprintf (buf, sizeof buf, "%.80s – %s %s %%", demo->accounts[a].name, label, percent);
      if (!create_discount_rule (demo, &rule, error))
        return FALSE;
    }

  /* Net price agreements: mostly industry, partners and the public sector. */
  for (guint a = 0; a < n_accounts; a++)
    {
      static const double shares[N_SEGMENTS] = { 0.08, 0.35, 0.03, 0.30, 0.40 };
      const DemoAccount *account = &demo->accounts[a];
      guint chosen[25];
      guint n_chosen = 0;
      guint count;
      char account_id[37];

      if (a % BATCH_SIZE == 0 && !demo_report (demo, a, n_accounts, FALSE, error))
        return FALSE;

      if (!account->active || !chance (demo, shares[account->segment]))
        continue;

      uuid_format (account->uuid, account_id);
      count = rand_between (demo, 3, 25);
      for (guint c = 0; c < count; c++)
        {
          const PoolItem *item = pool_pick (demo, account->focus_root);
          gint64 windows[3] = { HW_NONE, HW_NONE, HW_NONE };
          gboolean seen = FALSE;
          double r = g_rand_double (demo->rand);
          double net = item->price * (0.70 + 0.20 * g_rand_double (demo->rand));
          gboolean two_tiers = chance (demo, 0.5);
          guint n_windows;

          for (guint p = 0; p < n_chosen; p++)
            seen |= chosen[p] == item->product;
          if (seen)
            continue;
          chosen[n_chosen++] = item->product;

          /* An open agreement, a contract year, or a renewed one following the old. */
          if (r < 0.6)
            {
              windows[0] = day_floor (now - rand_span (demo, 30, 400) * USEC_DAY);
              n_windows = 1;
            }
          else if (r < 0.85)
            {
              windows[0] = day_floor (now - rand_span (demo, 30, 300) * USEC_DAY);
              windows[1] = windows[0] + 365 * USEC_DAY;
              n_windows = 1;
            }
          else
            {
              windows[1] = day_floor (now - rand_span (demo, 10, 120) * USEC_DAY);
              windows[0] = windows[1] - 365 * USEC_DAY;
              n_windows = 2;
            }

          for (guint w = 0; w < n_windows; w++)
            {
              g_autoptr(HwPriceAgreement) agreement = hw_price_agreement_new ();
              double amount = net * (w + 1 < n_windows ? 0.97 : 1.0);
              gint64 first_qty = item->min_qty;

              set_new_id (demo, agreement);
              agreement->account_id = g_strdup (account_id);
              agreement->product_id = g_strdup (product_id (demo, item->product, product));
              agreement->currency = g_strdup (CURRENCY);
              agreement->valid_from = windows[w];
              agreement->valid_to = n_windows == 2 && w == 0 ? windows[1]
                                    : n_windows == 1 ? windows[1] : HW_NONE;
              hw_price_agreement_add_tier (agreement, first_qty, MAX (1, llround (amount)));
              if (two_tiers && 10 * item->order_multiple > first_qty)
                hw_price_agreement_add_tier (agreement, 10 * item->order_multiple,
                                             MAX (1, llround (amount * 0.97)));

              if (!demo_create (demo, agreement, error))
                {
                  g_prefix_error (error, "Price agreement of %s: ", account->name);
                  return FALSE;
                }
            }
        }
    }

  return demo_report (demo, n_accounts, n_accounts, FALSE, error);
}

/* Stage: integrations and their runs */

typedef enum
{
  INT_ERP,
  INT_PIM,
  INT_DATA,
  INT_WEBHOOK,
  N_INTEGRATIONS
} IntegrationId;

static gboolean
create_run (Demo           *demo,
            const char     *integration_id,
            IntegrationId   kind,
            const char     *operation,
            gint64          started_at,
            gboolean        running,
            gboolean        failing,
            GError        **error)
{
  static const char * const product_errors[] = {
    "GTIN check digit is wrong",
    "Unknown category code in the ERP classification",
    "Attribute colour: “RAL 7016” is not one of the options",
    "Base price is missing",
  };
  static const char * const account_errors[] = {
    "VAT number has the wrong format",
    "Shipping address without postal code",
  };
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  guint n_products = demo->options.products;
  double r = g_rand_double (demo->rand);
  gboolean is_accounts = g_str_has_suffix (operation, ".accounts");
  gint64 records;

  set_new_id (demo, run);
  run->integration_id = g_strdup (integration_id);
  run->operation = g_strdup (operation);
  run->started_at = started_at;

  if (is_accounts)
    records = 1 + rand_below (demo, MAX (demo->options.accounts / 50, 2));
  else if (g_str_has_suffix (operation, ".orders"))
    records = 5 + rand_below (demo, 60);
  else
    records = 1 + rand_below (demo, MAX (n_products / (kind == INT_ERP ? 40 : 80), 2));

  if (running)
    {
      run->status = g_strdup ("running");
      run->records_ok = records / 3;
    }
  else if (failing || r < 0.03)
    {
      HwRunError *row = hw_child_new (&hw_run_error_child);

      /* A failed run reached nobody: one error says why. */
      g_ptr_array_add (run->errors, row);
      row->record_key = g_strdup ("connection");
      row->message = g_strdup (kind == INT_WEBHOOK
                               ? "The endpoint answered 502 Bad Gateway"
                               : "Connection timed out after 120 s");
      run->status = g_strdup ("failed");
      run->finished_at = started_at + rand_span (demo, 1, 3) * USEC_MINUTE;
    }
  else
    {
      run->status = g_strdup (r < 0.15 ? "partial" : "succeeded");
      run->records_ok = records;
      run->finished_at = started_at + rand_span (demo, 20, 1200) * USEC_SECOND;

      if (r < 0.15)
        {
          run->records_failed = rand_between (demo, 1, 20);
          for (guint e = 0; e < MIN (run->records_failed, 10); e++)
            {
              HwRunError *row = hw_child_new (&hw_run_error_child);
              char key[32];
              guint which;

              if (is_accounts)
                {
                  g_snprintf (key, sizeof key, "%u",
                              100000 + 3 * rand_below (demo, demo->options.accounts));
                  which = rand_below (demo, G_N_ELEMENTS (account_errors));
                  row->message = g_strdup (account_errors[which]);
                }
              else
                {
                  g_snprintf (key, sizeof key, "HW-%07u", 1 + rand_below (demo, n_products));
                  which = rand_below (demo, G_N_ELEMENTS (product_errors));
                  row->message = g_strdup (product_errors[which]);
                }
              row->record_key = g_strdup (key);
              g_ptr_array_add (run->errors, row);
            }
        }
    }

  /* Runs are timed on the second, as their logs are. */
  run->started_at -= run->started_at % USEC_SECOND;
  if (run->finished_at != HW_NONE)
    run->finished_at -= run->finished_at % USEC_SECOND;

  if (!demo_create (demo, run, error))
    {
      g_prefix_error (error, "Integration run %s: ", operation);
      return FALSE;
    }

  return TRUE;
}

static gboolean
stage_integrations (Demo    *demo,
                    GError **error)
{
  static const char * const erp_scopes[] = {
    "erp:products", "erp:accounts", "erp:prices", "erp:orders", NULL
  };
  static const char * const pim_scopes[] = { "products:write", "attributes:read", NULL };
  static const char * const data_scopes[] = { "products:write", NULL };
  static const char * const webhook_scopes[] = { "orders:read", NULL };
  /* Each integration's schedule: the runs go back from the latest one by a fixed step. */
  static const struct
  {
    IntegrationId  integration;
    const char    *operation;
    gint64         offset;      /* of the latest run after its day (or hour) began */
    gint64         step;
    guint          count;
  } schedules[] = {
    { INT_ERP, "erp.products", 2 * USEC_HOUR, USEC_DAY, 30 },
    { INT_ERP, "erp.accounts", 2 * USEC_HOUR + 30 * USEC_MINUTE, USEC_DAY, 30 },
    { INT_ERP, "erp.prices", 3 * USEC_HOUR, USEC_DAY, 30 },
    { INT_ERP, "erp.orders", 0, 4 * USEC_HOUR, 42 },
    { INT_PIM, "pim.products", 5 * USEC_HOUR, USEC_DAY, 30 },
    { INT_DATA, "data_provider.products", 6 * USEC_HOUR, 7 * USEC_DAY, 12 },
    { INT_WEBHOOK, "webhook.orders", 0, USEC_HOUR, 48 },
  };
  static const struct
  {
    const char         *name;
    const char         *kind;
    const char         *url;
    const char * const *scopes;
    const char         *status;
  } defs[N_INTEGRATIONS] = {
    [INT_ERP] = { ERP_ACTOR, "erp", "https://erp.heartwork.example/sap/opu/odata/sap/ZHW_ONE_SRV",
                  erp_scopes, "active" },
    [INT_PIM] = { "Akeneo PIM", "pim", "https://pim.heartwork.example/api/rest/v1", pim_scopes,
                  "active" },
    [INT_DATA] = { "2BA Unifeed", "data_provider", "https://unifeed.2ba.example/api/v2",
                   data_scopes, "active" },
    [INT_WEBHOOK] = { "Webshop order events", "webhook",
                      "https://shop.heartwork.example/hooks/one-orders", webhook_scopes,
                      "failing" },
  };
  char ids[N_INTEGRATIONS][37];
  gint64 now = demo->options.now;
  gint64 today = day_floor (now);
  gint64 hour = now - now % USEC_HOUR;
  gint64 last_run[N_INTEGRATIONS] = { HW_NONE, HW_NONE, HW_NONE, HW_NONE };
  /* The latest ERP order pull is still running, three minutes in. */
  gint64 running_at = now - 3 * USEC_MINUTE;
  guint done = 0;
  guint total = 1;

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    total += schedules[s].count;

  if (!demo_report (demo, 0, total, TRUE, error))
    return FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    {
      gint64 base = schedules[s].step >= USEC_DAY ? today : hour;
      gint64 latest = base - schedules[s].step + schedules[s].offset;

      last_run[schedules[s].integration] = MAX (last_run[schedules[s].integration], latest);
    }
  last_run[INT_ERP] = running_at;

  for (guint i = 0; i < N_INTEGRATIONS; i++)
    {
      g_autoptr(HwIntegration) integration = hw_integration_new ();

      rand_id (demo, ids[i]);
      set_id (integration, ids[i]);
      integration->name = g_strdup (defs[i].name);
      integration->kind = g_strdup (defs[i].kind);
      integration->endpoint_url = g_strdup (defs[i].url);
      integration->scopes = g_strdupv ((char **) defs[i].scopes);
      integration->status = g_strdup (defs[i].status);
      integration->last_run_at = last_run[i];

      if (!demo_create (demo, integration, error))
        {
          g_prefix_error (error, "Integration %s: ", defs[i].name);
          return FALSE;
        }
    }
  memcpy (demo->erp_id, ids[INT_ERP], sizeof demo->erp_id);

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    {
      gint64 base = schedules[s].step >= USEC_DAY ? today : hour;

      /* Oldest first, so revisions follow time. */
      for (guint k = schedules[s].count; k > 0; k--)
        {
          IntegrationId integration = schedules[s].integration;
          gint64 started = base - k * schedules[s].step + schedules[s].offset;
          /* The webhook endpoint has been down for the last six hours. */
          gboolean failing = integration == INT_WEBHOOK && k <= 6;

          if (!create_run (demo, ids[integration], integration, schedules[s].operation,
                           started, FALSE, failing, error))
            return FALSE;
          done++;
        }

      if (!demo_report (demo, done, total, FALSE, error))
        return FALSE;
    }

  if (!create_run (demo, ids[INT_ERP], INT_ERP, "erp.orders", running_at, TRUE, FALSE, error))
    return FALSE;

  return demo_report (demo, total, total, FALSE, error);
}

/* Stage: orders */

typedef struct
{
  OrderStatus  status;
  gint64       delay;
  const char  *actor;
  const char  *note;
} Step;

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* When orders are placed: more in spring and autumn, fewer in August and around
 * Christmas, mostly on weekdays in working hours, and a little growth over the year. */
static void
plan_times (Demo   *demo,
            gint64 *times,
            guint   n)
{
  static const double month_weights[12] = {
    0.90, 0.95, 1.15, 1.20, 1.20, 1.05, 0.90, 0.60, 1.15, 1.20, 1.10, 0.70
  };
  static const double weekday_weights[8] = { 0, 1.10, 1.15, 1.10, 1.05, 0.90, 0.25, 0.08 };
  static const double hour_weights[24] = {
    0.2, 0.1, 0.1, 0.1, 0.3, 1.0, 3.0, 6.0, 7.0, 7.0, 6.5, 5.0,
    5.5, 6.0, 5.5, 4.0, 2.5, 1.5, 1.5, 1.5, 1.2, 0.8, 0.5, 0.3
  };
  gint64 now = demo->options.now;
  gint64 earliest = now - 365 * USEC_DAY;
  gint64 latest = now - 10 * USEC_MINUTE;
  gint64 first_day = day_floor (earliest);
  guint n_days = (guint) ((latest - first_day) / USEC_DAY) + 1;
  g_autofree double *days = g_new0 (double, n_days);
  double hours[24];
  double sum = 0;

  for (guint d = 0; d < n_days; d++)
    {
      gint64 day = (first_day + d * USEC_DAY) / USEC_SECOND;
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day);
      int month = g_date_time_get_month (date);
      int weekday = g_date_time_get_day_of_week (date);
      double weight = month_weights[month - 1] * weekday_weights[weekday];

      if (month == 12 && g_date_time_get_day_of_month (date) >= 24)
        weight *= 0.3;
      weight *= 0.9 + 0.2 * d / n_days;
      sum += weight;
      days[d] = sum;
    }

  for (guint h = 0, s = 0; h < 24; h++)
    {
      s += hour_weights[h] * 10;
      hours[h] = s;
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 t = latest;

      for (guint attempt = 0; attempt < 100; attempt++)
        {
          double r = g_rand_double (demo->rand) * sum;
          double rh = g_rand_double (demo->rand) * hours[23];
          guint lo = 0;
          guint hi = n_days - 1;
          guint h = 0;

          while (lo < hi)
            {
              guint mid = (lo + hi) / 2;

              if (days[mid] > r)
                hi = mid;
              else
                lo = mid + 1;
            }
          while (hours[h] <= rh && h < 23)
            h++;

          t = first_day + lo * USEC_DAY + h * USEC_HOUR + rand_span (demo, 0, USEC_HOUR);
          if (t >= earliest && t <= latest)
            break;
        }

      times[i] = CLAMP (t, earliest, latest) / USEC_SECOND * USEC_SECOND;
    }

  qsort (times, n, sizeof (gint64), compare_times);
}

/* The status each order ends in. The newest orders are still under way, the least
 * advanced the newest; older ones are completed unless they left the line. Small runs
 * then make sure every status shows up once. */
static void
plan_statuses (Demo         *demo,
               const gint64 *times,
               guint8       *statuses,
               guint         n)
{
  guint backlog = MIN (n, CLAMP (n / 100, 20, 500));
  guint counts[N_ORDER_STATUSES] = { 0, };

  for (guint k = 0; k < n; k++)
    {
      guint rank = n - 1 - k;
      gint64 age = demo->options.now - times[k];
      double u = g_rand_double (demo->rand);
      OrderStatus status;

      if (rank < backlog)
        {
          double f = (double) rank / backlog;

          status = f < 0.06 ? OS_RECEIVED
                   : f < 0.12 ? OS_PENDING
                   : f < 0.22 ? OS_EXPORTED
                   : f < 0.45 ? OS_CONFIRMED : OS_SHIPPED;
          if (f >= 0.22 && u < 0.07)
            status = u < 0.03 ? OS_CANCELLED : u < 0.05 ? OS_FAILED : OS_REJECTED;
        }
      else if (u < 0.03)
        status = OS_CANCELLED;
      else if (u < 0.05)
        status = OS_REJECTED;
      else if (u < 0.08 && age < 21 * USEC_DAY)
        status = OS_FAILED;
      else
        status = OS_COMPLETED;

      statuses[k] = status;
      counts[status]++;
    }

  for (guint s = 0; s < N_ORDER_STATUSES; s++)
    {
      if (counts[s] > 0)
        continue;

      for (guint k = n; k > 0; k--)
        if (counts[statuses[k - 1]] > 1)
          {
            counts[statuses[k - 1]]--;
            statuses[k - 1] = s;
            counts[s]++;
            break;
          }
    }
}

static gint64
order_total (const PoolItem **items,
             const gint64    *quantities,
             guint            n_lines)
{
  gint64 total = 0;

  for (guint l = 0; l < n_lines; l++)
    total += quantities[l] * items[l]->price;

  return total;
}

static gint64
pick_quantity (Demo           *demo,
               const PoolItem *item)
{
  gint64 multiple = item->order_multiple;
  gint64 lowest = (item->min_qty + multiple - 1) / multiple;
  gint64 highest = item->max_qty > 0 ? item->max_qty / multiple : lowest + 60;
  double r = g_rand_double (demo->rand);
  gint64 extra;

  /* Machines come one or two at a time, consumables by the dozen. */
  if (item->price >= 10000)
    extra = r < 0.75 ? 0 : r < 0.95 ? rand_between (demo, 1, 2) : rand_between (demo, 3, 5);
  else if (item->price >= 2000)
    extra = r < 0.6 ? rand_below (demo, 3) : r < 0.95 ? rand_between (demo, 3, 9)
                                                      : rand_between (demo, 10, 20);
  else
    extra = r < 0.6 ? rand_below (demo, 3) : r < 0.92 ? rand_between (demo, 3, 9)
                                                      : rand_between (demo, 10, 40);

  return MIN (lowest + extra, MAX (highest, lowest)) * multiple;
}

/* Raises quantities (or adds lines) until the order is over @limit; FALSE if the
 * product's maximums do not allow it. */
static gboolean
exceed_limit (Demo            *demo,
              const PoolItem **items,
              gint64          *quantities,
              guint           *n_lines,
              guint            focus_root,
              gint64           limit)
{
  while (order_total (items, quantities, *n_lines) <= limit)
    {
      gint64 missing = limit - order_total (items, quantities, *n_lines) + 1;
      gboolean grown = FALSE;

      for (guint l = 0; l < *n_lines && !grown; l++)
        {
          const PoolItem *item = items[l];
          gint64 step = (gint64) item->order_multiple * item->price;
          gint64 room = item->max_qty > 0 ? item->max_qty - quantities[l] : G_MAXINT32;
          gint64 more = step > 0 ? (missing + step - 1) / step * item->order_multiple : 0;

          more = MIN (more, room - room % item->order_multiple);
          if (more > 0)
            {
              quantities[l] += more;
              grown = TRUE;
            }
        }

      if (!grown)
        {
          if (*n_lines == MAX_ORDER_LINES)
            return FALSE;
          items[*n_lines] = pool_pick (demo, focus_root);
          quantities[*n_lines] = pick_quantity (demo, items[*n_lines]);
          (*n_lines)++;
        }
    }

  return TRUE;
}

static gint64
step_delay (Demo        *demo,
            OrderStatus  status)
{
  switch (status)
    {
    case OS_EXPORTED:
      return rand_span (demo, 2 * USEC_MINUTE, 20 * USEC_MINUTE);
    case OS_CONFIRMED:
      return rand_span (demo, 10 * USEC_MINUTE, 4 * USEC_HOUR);
    case OS_SHIPPED:
      return rand_span (demo, 4 * USEC_HOUR, 3 * USEC_DAY);
    case OS_COMPLETED:
      return rand_span (demo, USEC_DAY, 7 * USEC_DAY);
    case OS_FAILED:
      return rand_span (demo, USEC_MINUTE, 15 * USEC_MINUTE);
    case OS_RECEIVED:
      return rand_span (demo, 20 * USEC_MINUTE, 30 * USEC_HOUR);
    case OS_REJECTED:
    case OS_CANCELLED:
      return rand_span (demo, USEC_HOUR, 2 * USEC_DAY);
    case OS_PENDING:
    case N_ORDER_STATUSES:
    default:
      return 0;
    }
}

static gboolean
create_order (Demo         *demo,
              guint         k,
              gint64        placed_at,
              OrderStatus   target,
              const char   *number,
              GError      **error)
{
  static const char * const channels[] = { "webshop", "app", "api" };
  g_autoptr(HwOrder) order = hw_order_new ();
  const PoolItem *items[MAX_ORDER_LINES];
  gint64 quantities[MAX_ORDER_LINES];
  Step steps[16];
  guint n_steps = 0;
  guint n_lines;
  gboolean wants_approval = target == OS_PENDING || target == OS_REJECTED;
  gboolean needs_approval;
  const DemoAccount *account;
  const DemoUser *user;
  const char *admin;
  OrderStatus stop = OS_RECEIVED;
  gint64 total;
  gint64 available;
  gint64 sum = 0;
  gint64 at = placed_at;
  double scale = 1.0;
  double r;
  char reason[160];
  char note[64];
  char buf[37];
  guint u;

  if (wants_approval && demo->limited_users->len > 0)
    u = g_array_index (demo->limited_users, guint32, rand_below (demo, demo->limited_users->len));
  else
    u = pick_user (demo, pick_account (demo));
  user = &demo->users[u];
  account = &demo->accounts[user->account];
  admin = demo->users[account->first_user].email;

  n_lines = 1 + (guint) floor (14 * pow (g_rand_double (demo->rand), 2.2));
  for (guint l = 0; l < n_lines; l++)
    {
      const PoolItem *item = pool_pick (demo, account->focus_root);

      /* One line per product: another draw or two usually finds a new one. */
      for (guint attempt = 0; attempt < 3; attempt++)
        {
          gboolean seen = FALSE;

          for (guint p = 0; p < l; p++)
            seen |= items[p] == item;
          if (!seen)
            break;
          item = pool_pick (demo, account->focus_root);
        }

      items[l] = item;
      quantities[l] = pick_quantity (demo, item);
    }

  if (wants_approval &&
      (user->order_limit == HW_NONE ||
       !exceed_limit (demo, items, quantities, &n_lines, account->focus_root, user->order_limit)))
    target = target == OS_PENDING ? OS_RECEIVED : OS_CANCELLED;

  total = order_total (items, quantities, n_lines);
  needs_approval = user->order_limit != HW_NONE && total > user->order_limit;

  /* The history, as delays after the previous step. */
#define STEP(s, d, a, n) \
  G_STMT_START { steps[n_steps].status = (s); steps[n_steps].delay = (d); \
                 steps[n_steps].actor = (a); steps[n_steps].note = (n); n_steps++; } G_STMT_END

  STEP (needs_approval ? OS_PENDING : OS_RECEIVED, 0, user->email, NULL);

  if (needs_approval)
    {
      if (target == OS_PENDING)
        goto timed;
      if (target == OS_REJECTED)
        {
          STEP (OS_REJECTED, step_delay (demo, OS_REJECTED), admin,
                "Over budget: please split the order");
          goto timed;
        }
      if (target == OS_CANCELLED && chance (demo, 0.3))
        {
          STEP (OS_CANCELLED, step_delay (demo, OS_CANCELLED), user->email,
                cancel_notes[rand_below (demo, G_N_ELEMENTS (cancel_notes))]);
          goto timed;
        }
      STEP (OS_RECEIVED, step_delay (demo, OS_RECEIVED), admin, "Approved");
    }
  else if (target == OS_PENDING || target == OS_REJECTED)
    target = OS_RECEIVED;

  switch (target)
    {
    case OS_RECEIVED:
    case OS_EXPORTED:
    case OS_CONFIRMED:
    case OS_SHIPPED:
    case OS_COMPLETED:
      stop = target;
      break;
    case OS_CANCELLED:
      r = g_rand_double (demo->rand);
      stop = r < 0.5 ? OS_RECEIVED : r < 0.8 ? OS_EXPORTED : OS_CONFIRMED;
      break;
    case OS_FAILED:
      stop = chance (demo, 0.6) ? OS_RECEIVED : OS_EXPORTED;
      break;
    case OS_PENDING:
    case OS_REJECTED:
    case N_ORDER_STATUSES:
    default:
      g_assert_not_reached ();
    }

  /* Why the ERP refused it, should it: some reasons name the first line's SKU. */
  {
    const char *format = failure_reasons[rand_below (demo, G_N_ELEMENTS (failure_reasons))];
    const char *mark = strstr (format, "%s");

    if (mark != NULL)
      g_snprintf (reason, sizeof reason, "%.*sHW-%07u%s", (int) (mark - format), format,
                  items[0]->product + 1, mark + 2);
    else
      g_strlcpy (reason, format, sizeof reason);
  }

  /* A failed export that was corrected and sent again, now and then. */
  if (target >= OS_EXPORTED && target <= OS_COMPLETED && chance (demo, 0.03))
    {
      STEP (OS_FAILED, step_delay (demo, OS_FAILED), ERP_ACTOR, reason);
      STEP (OS_RECEIVED, rand_span (demo, USEC_HOUR, USEC_DAY), "back office",
            "Corrected and sent again");
    }

  for (OrderStatus s = OS_EXPORTED; s <= stop; s++)
    {
      const char *step_note = NULL;

      if (s == OS_CONFIRMED)
        {
          g_snprintf (note, sizeof note, "ERP order SO-%08u", 10000000 + k);
          step_note = note;
        }
      else if (s == OS_COMPLETED)
        step_note = "Delivered and invoiced";
      STEP (s, step_delay (demo, s), ERP_ACTOR, step_note);
    }

  if (target == OS_CANCELLED)
    STEP (OS_CANCELLED, step_delay (demo, OS_CANCELLED),
          chance (demo, 0.7) ? user->email : "back office",
          cancel_notes[rand_below (demo, G_N_ELEMENTS (cancel_notes))]);
  else if (target == OS_FAILED)
    STEP (OS_FAILED, step_delay (demo, OS_FAILED), ERP_ACTOR, reason);

#undef STEP

timed:
  /* Orders close to now had less time: their steps are squeezed in before now. */
  for (guint s = 1; s < n_steps; s++)
    sum += steps[s].delay;
  available = demo->options.now - placed_at - USEC_MINUTE;
  if (sum > available)
    scale = (double) available / sum;

  set_new_id (demo, order);
  order->number = g_strdup (number);
  uuid_format (account->uuid, buf);
  order->account_id = g_strdup (buf);
  uuid_format (user->uuid, buf);
  order->user_id = g_strdup (buf);
  r = g_rand_double (demo->rand);
  if (account->segment == SEG_INDUSTRY || account->segment == SEG_PARTNERS)
    order->channel = g_strdup (channels[r < 0.35 ? 2 : r < 0.55 ? 1 : 0]);
  else
    order->channel = g_strdup (channels[r < 0.08 ? 2 : r < 0.33 ? 1 : 0]);
  order->currency = g_strdup (CURRENCY);
  order->placed_at = placed_at;

  for (guint l = 0; l < n_lines; l++)
    {
      char sku[16];

      g_snprintf (sku, sizeof sku, "HW-%07u", items[l]->product + 1);
      hw_order_add_line (order, product_id (demo, items[l]->product, buf), sku, items[l]->name,
                         quantities[l], items[l]->price);
    }

  for (guint s = 0; s < n_steps; s++)
    {
      if (s > 0)
        at += MAX (USEC_SECOND, (gint64) (steps[s].delay * scale) / USEC_SECOND * USEC_SECOND);
      hw_order_add_event (order, order_status_names[steps[s].status], at, steps[s].actor,
                          steps[s].note);
    }

  /* The ERP reference is known from confirmation on. */
  for (guint s = 0; s < n_steps; s++)
    if (steps[s].status == OS_CONFIRMED)
      {
        g_snprintf (buf, sizeof buf, "SO-%08u", 10000000 + k);
        order->erp_reference = g_strdup (buf);
        break;
      }

  order->status = g_strdup (order_status_names[steps[n_steps - 1].status]);
  if (steps[n_steps - 1].status == OS_FAILED)
    order->failure_reason = g_strdup (reason);

  /* The order was last touched when its last step happened. */
  demo->clock = at;
  if (!demo_create (demo, order, error))
    {
      demo->clock = demo->options.now;
      g_prefix_error (error, "Order %s: ", number);
      return FALSE;
    }
  demo->clock = demo->options.now;

  return TRUE;
}

static gint64
start_of_year (int year)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, 1, 1, 0, 0, 0);

  return g_date_time_to_unix (date) * USEC_SECOND;
}

static gboolean
stage_orders (Demo    *demo,
              GError **error)
{
  guint n = demo->options.orders;
  g_autofree gint64 *times = NULL;
  g_autofree guint8 *statuses = NULL;
  g_autoptr(GDateTime) first = NULL;
  gint64 next_year;
  guint sequence = 0;
  int year;

  if (!demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  if (n == 0)
    return TRUE;

  times = g_new (gint64, n);
  statuses = g_new (guint8, n);
  plan_times (demo, times, n);
  plan_statuses (demo, times, statuses, n);

  /* Order numbers count per year, as ERPs number them. */
  first = g_date_time_new_from_unix_utc (times[0] / USEC_SECOND);
  year = g_date_time_get_year (first);
  next_year = start_of_year (year + 1);

  for (guint k = 0; k < n; k++)
    {
      char number[32];

      if (k % BATCH_SIZE == 0 && !demo_report (demo, k, n, FALSE, error))
        return FALSE;

      while (times[k] >= next_year)
        {
          year++;
          next_year = start_of_year (year + 1);
          sequence = 0;
        }

      g_snprintf (number, sizeof number, "ORD-%04d-%06u", year, ++sequence);
      if (!create_order (demo, k, times[k], statuses[k], number, error))
        return FALSE;
    }

  return demo_report (demo, n, n, FALSE, error);
}

/* Public API */

/**
 * hw_demo_options_init:
 *
 * Fills @options with the defaults: 20 000 products, 300 accounts, 1 500 users, 50 000
 * orders, seed 1, and today 00:00 UTC as the reference moment.
 */
void
hw_demo_options_init (HwDemoOptions *options)
{
  gint64 now;

  g_return_if_fail (options != NULL);

  now = hw_time_now ();
  options->products = 20000;
  options->accounts = 300;
  options->users = 1500;
  options->orders = 50000;
  options->seed = 1;
  options->now = now - ((now % USEC_DAY) + USEC_DAY) % USEC_DAY;
}

static gboolean
check_options (const HwDemoOptions  *options,
               GError              **error)
{
  if (options->products < 1 || options->products > MAX_PRODUCTS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "products",
                          "must be between 1 and %u", MAX_PRODUCTS);
      return FALSE;
    }

  if (options->accounts < 1 || options->accounts > MAX_ACCOUNTS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "accounts",
                          "must be between 1 and %u", MAX_ACCOUNTS);
      return FALSE;
    }

  if (options->users < options->accounts || options->users > HW_DEMO_MAX_USERS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "users",
                          "must be between the number of accounts (%u: every account has an "
                          "account admin) and %u", options->accounts, HW_DEMO_MAX_USERS);
      return FALSE;
    }

  if (options->orders > HW_DEMO_MAX_ORDERS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "orders", "must be at most %u",
                          HW_DEMO_MAX_ORDERS);
      return FALSE;
    }

  if (options->now < 2 * 365 * USEC_DAY)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "now",
                          "must be at least two years after 1970");
      return FALSE;
    }

  return TRUE;
}

typedef gboolean (*StageFunc) (Demo    *demo,
                               GError **error);

/**
 * hw_demo_generate:
 * @options: (nullable): what to generate; %NULL for the defaults
 * @progress: (nullable) (scope call): told of each stage and, a few times a second, how far
 *   it got
 * @cancellable: (nullable): checked between batches
 *
 * Fills @store with demo data for a technical wholesaler. The same options give the same
 * data, ids and times included: the store's clock is set to @options->now while
 * generating, and back to the real clock afterwards.
 *
 * Each stage (categories, products, relations, …) is one transaction, so a cancelled or
 * failed run leaves the stages before it and nothing of the one it stopped in.
 *
 * Returns: %TRUE on success; on cancellation %FALSE with %HW_CORE_ERROR_CANCELLED
 */
gboolean
hw_demo_generate (HwStore              *store,
                  const HwDemoOptions  *options,
                  HwDemoProgressFunc    progress,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  static const struct
  {
    const char *name;
    StageFunc   func;
  } stages[] = {
    { "categories", stage_taxonomy },
    { "products", stage_products },
    { "relations", stage_relations },
    { "catalogues", stage_catalogues },
    { "prices", stage_prices },
    { "accounts", stage_accounts },
    { "users", stage_users },
    { "rules", stage_rules },
    { "integrations", stage_integrations },
    { "orders", stage_orders },
  };
  g_autoptr(Demo) demo = NULL;
  HwDemoOptions defaults;
  gboolean ok = TRUE;

  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hw_demo_options_init (&defaults);
      options = &defaults;
    }

  if (!check_options (options, error) || !check_tables (error))
    return FALSE;

  demo = g_new0 (Demo, 1);
  demo->store = store;
  demo->options = *options;
  demo->progress = progress;
  demo->user_data = user_data;
  demo->cancellable = cancellable;
  demo->clock = options->now;
  demo->rand = g_rand_new_with_seed (options->seed);
  demo->name = g_string_sized_new (256);
  demo->text = g_string_sized_new (1024);
  demo->strings = g_string_chunk_new (64 * 1024);
  demo->pool = g_array_new (FALSE, FALSE, sizeof (PoolItem));

  plan_leaves (demo);

  hw_store_set_clock (store, demo_clock, demo);

  for (guint s = 0; s < G_N_ELEMENTS (stages) && ok; s++)
    {
      /* A GRand per stage: a stage's data does not shift when an earlier one changes. */
      guint32 seeds[2] = { options->seed, s + 1 };

      g_rand_set_seed_array (demo->rand, seeds, G_N_ELEMENTS (seeds));
      demo->stage = stages[s].name;

      if (!hw_store_begin (store, error))
        ok = FALSE;
      else if (!stages[s].func (demo, error))
        {
          hw_store_rollback (store);
          ok = FALSE;
        }
      else if (!hw_store_commit (store, error))
        ok = FALSE;

      if (!ok)
        g_debug ("Demo data stopped in stage %s", stages[s].name);
    }

  hw_store_set_clock (store, NULL, NULL);

  return ok;
}

typedef struct
{
  char          *db_path;
  HwDemoOptions  options;
} GenerateData;

static void
generate_data_free (gpointer data)
{
  GenerateData *self = data;

  g_free (self->db_path);
  g_free (self);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  g_autoptr(HwStore) store = NULL;
  GError *error = NULL;

  /* The store is this thread's own: a connection is never shared between threads. */
  store = hw_store_open (data->db_path, HW_STORE_OPEN_BULK, &error);
  if (store == NULL ||
      !hw_demo_generate (store, &data->options, NULL, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_demo_generate_async:
 * @db_path: the database to fill; opened (and created if missing) in a worker thread
 * @options: (nullable): copied; %NULL for the defaults
 *
 * Runs hw_demo_generate() in a thread on a store of its own.
 */
void
hw_demo_generate_async (const char          *db_path,
                        const HwDemoOptions *options,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (GenerateData, 1);
  data->db_path = g_strdup (db_path);
  if (options != NULL)
    data->options = *options;
  else
    hw_demo_options_init (&data->options);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_demo_generate_async);
  /* Report our own HW_CORE_ERROR_CANCELLED rather than GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, generate_data_free);
  g_task_run_in_thread (task, generate_thread);
}

gboolean
hw_demo_generate_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, hw_demo_generate_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
