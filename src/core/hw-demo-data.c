/* hw-demo-data.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include "hw-demo-private.h"

/* The tables the demo data is drawn from: attributes, brands, product profiles, the
 * category tree, customers' names and addresses, order statuses and notes, price lists.
 * Data only; check_tables() in hw-demo.c checks the attributes, profiles and categories
 * once before generating. */

/* Attributes */

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
const AttributeDef _hw_demo_attribute_defs[N_ATTRIBUTES] = {
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

const BrandDef _hw_demo_brand_defs[] = {
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

G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_brand_defs) == N_BRANDS);

/* Product profiles */

const Profile _hw_demo_profiles[N_PROFILES] = {
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

/* The category tree */

#define ROOT(n, g)                     { 0, n, NULL, -1, 0, g, 0, { NULL } }
#define NODE(d, n)                     { d, n, NULL, -1, 0, 0, 0, { NULL } }
#define NODEG(d, n, g)                 { d, n, NULL, -1, 0, g, 0, { NULL } }
#define LEAF(d, n, noun, p, w, ...)    { d, n, noun, p, w, 0, 0, { __VA_ARGS__ } }
#define LEAFG(d, n, noun, p, w, g, ...) { d, n, noun, p, w, g, 0, { __VA_ARGS__ } }
#define SPARE(d, n, noun, p, w, ...)   { d, n, noun, p, w, 0, LEAF_SPARE, { __VA_ARGS__ } }

const CategoryDef _hw_demo_category_defs[] = {
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

G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_category_defs) == N_CATEGORIES);

/* Accessories */

const AccessoryDef _hw_demo_accessory_defs[] = {
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

G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_accessory_defs) == N_ACCESSORY_DEFS);

/* Customers */

const char * const _hw_demo_segment_names[N_SEGMENTS] = {
  "installers", "industry", "retail", "public_sector", "wholesale_partners"
};
const double _hw_demo_segment_shares[N_SEGMENTS] = { 0.38, 0.22, 0.15, 0.10, 0.15 };

/* The roots a segment mostly buys from, by index in the category tree's roots. */
const guint8 _hw_demo_segment_focus[N_SEGMENTS][3] = {
  { 3, 4, 5 },   /* installers: electrical, plumbing, HVAC */
  { 2, 0, 7 },   /* industry: fasteners, power tools, consumables */
  { 1, 2, 7 },   /* retail: hand tools, fasteners, consumables */
  { 6, 3, 1 },   /* public sector: safety, electrical, hand tools */
  { 3, 2, 4 },   /* wholesale partners */
};

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

const CountryDef _hw_demo_country_defs[N_COUNTRIES] = {
  [C_NL] = { "NL", "nl", 0.45, nl_surnames, nl_first_names, nl_streets, nl_cities, nl_postal },
  [C_DE] = { "DE", "de", 0.35, de_surnames, de_first_names, de_streets, de_cities, de_postal },
  [C_BE] = { "BE", "be", 0.15, be_surnames, be_first_names, be_streets, be_cities, be_postal },
  [C_AT] = { "AT", "at", 0.05, at_surnames, at_first_names, at_streets, at_cities, at_postal },
};

/* Account name patterns per segment and country: %S a surname, %C a city. */
const char * const _hw_demo_account_patterns[N_SEGMENTS][N_COUNTRIES][4] = {
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

const char * const _hw_demo_role_names[N_ROLES] = {
  "account_admin", "buyer", "planner", "operational"
};

/* Orders */

const char * const _hw_demo_order_status_names[N_ORDER_STATUSES] = {
  "pending_approval", "received", "exported", "confirmed", "shipped", "completed", "rejected",
  "cancelled", "failed"
};

const char * const _hw_demo_failure_reasons[] = {
  "Customer credit limit exceeded in the ERP",
  "Material %s is blocked for sales in the ERP",
  "Shipping address could not be validated: unknown postal code",
  "Price differs from the ERP condition record for %s",
  "Sales order creation timed out after 30 s",
};

const char * const _hw_demo_cancel_notes[] = {
  "Cancelled by the customer",
  "Duplicate order",
  "Delivery date too late for the project",
  "Ordered on the wrong account",
};

G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_failure_reasons) == N_FAILURE_REASONS);
G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_cancel_notes) == N_CANCEL_NOTES);

/* Products and prices */

const char * const _hw_demo_product_status_names[] = { "active", "discontinued", "blocked" };

G_STATIC_ASSERT (G_N_ELEMENTS (_hw_demo_product_status_names) == PS_BLOCKED + 1);

const PriceListDef _hw_demo_price_list_defs[N_PRICE_LISTS] = {
  [PL_STANDARD] = { "PL-STD", "Standard price list", -1, TRUE, 0.15, 1.0 },
  [PL_INSTALLERS] = { "PL-INST", "Installer prices", SEG_INSTALLERS, FALSE, 0.06, 0.92 },
  [PL_INDUSTRY] = { "PL-IND", "Industry prices", SEG_INDUSTRY, FALSE, 0.06, 0.90 },
  [PL_PUBLIC] = { "PL-PUB", "Public sector framework prices", SEG_PUBLIC, FALSE, 0.05, 0.88 },
  [PL_PARTNERS] = { "PL-PART", "Wholesale partner net prices", SEG_PARTNERS, FALSE, 0.06, 0.80 },
  [PL_PROJECT_HOSPITAL] = { "PL-PRJ-0117", "Project prices – hospital extension", -1, FALSE,
                            0.01, 0.82 },
  [PL_PROJECT_SOLAR] = { "PL-PRJ-0123", "Project prices – solar park", -1, FALSE, 0.01, 0.84 },
};
