/* hw-demo-products.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hw-demo-private.h"

/* Stages: categories and attributes, products, product relations. Products are
 * written in families of variants, and the popular ones go into the pool that
 * agreements and orders draw from. */

#define POOL_MAX  50000

/* Stage: categories and attributes */

gboolean
_hw_demo_stage_taxonomy (Demo    *demo,
                         GError **error)
{
  guint stack[8] = { 0, };
  guint positions[8] = { 0, };
  char codes[8][20] = { { 0, }, };
  guint64 total = N_CATEGORIES + N_ATTRIBUTES;

  if (!_hw_demo_report (demo, 0, total, TRUE, error))
    return FALSE;

  for (guint a = 0; a < N_ATTRIBUTES; a++)
    {
      const AttributeDef *def = &_hw_demo_attribute_defs[a];
      g_autoptr(HwAttribute) attribute = hw_attribute_new ();

      _hw_demo_rand_id (demo, demo->attribute_ids[a]);
      _hw_demo_set_id (attribute, demo->attribute_ids[a]);
      attribute->code = g_strdup (def->code);
      attribute->name = g_strdup (def->name);
      attribute->type = g_strdup (def->type);
      attribute->unit = g_strdup (def->unit);
      attribute->options = g_strdupv ((char **) def->options);
      attribute->required = def->required;
      attribute->filterable = def->filterable;

      if (!_hw_demo_create (demo, attribute, error))
        {
          g_prefix_error (error, "Attribute %s: ", def->code);
          return FALSE;
        }
    }

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *def = &_hw_demo_category_defs[i];
      g_autoptr(HwCategory) category = hw_category_new ();
      guint depth = def->depth;

      _hw_demo_rand_id (demo, demo->category_ids[i]);
      _hw_demo_set_id (category, demo->category_ids[i]);
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

      if (!_hw_demo_create (demo, category, error))
        {
          g_prefix_error (error, "Category %s: ", def->name);
          return FALSE;
        }
    }

  return _hw_demo_report (demo, total, total, FALSE, error);
}

/* Stage: products */

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
  guint candidates[N_BRANDS];
  guint n = 0;

  /* The wholesaler's own label takes a share wherever it has a range. */
  if ((_hw_demo_brand_defs[PRIVATE_LABEL].groups & groups) != 0 && _hw_demo_chance (demo, 0.15))
    return PRIVATE_LABEL;

  for (guint b = 1; b < N_BRANDS; b++)
    if ((_hw_demo_brand_defs[b].groups & groups) != 0)
      candidates[n++] = b;

  return n > 0 ? candidates[_hw_demo_rand_below (demo, n)] : PRIVATE_LABEL;
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
      if (_hw_demo_chance (demo, 0.1))
        *max_qty = caps[_hw_demo_rand_below (demo, G_N_ELEMENTS (caps))];
      break;

    case COND_BOX:
      if (_hw_demo_chance (demo, 0.15))
        *min_qty = _hw_demo_chance (demo, 0.5) ? 2 : 5;
      break;

    case COND_PACK:
      *multiple = packs[_hw_demo_rand_below (demo, G_N_ELEMENTS (packs))];
      *min_qty = *multiple;
      break;

    case COND_DOZEN:
      *multiple = _hw_demo_chance (demo, 0.7) ? 12 : 6;
      *min_qty = *multiple;
      break;

    case COND_METER:
      *multiple = meters[_hw_demo_rand_below (demo, G_N_ELEMENTS (meters))];
      *min_qty = *multiple;
      if (_hw_demo_chance (demo, 0.25))
        *max_qty = _hw_demo_chance (demo, 0.5) ? 500 : 1000;
      break;

    case COND_CARTON:
      *multiple = cartons[_hw_demo_rand_below (demo, G_N_ELEMENTS (cartons))];
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

  family->size = MIN (_hw_demo_rand_between (demo, profile->family_min, profile->family_max),
                      max_size);
  family->size = CLAMP (family->size, 1, left);
  family->brand = pick_brand (demo, leaf->groups);
  brand = &_hw_demo_brand_defs[family->brand];

  if (brand->model_digits > 0)
    {
      guint lo = 1;

      for (guint d = 1; d < brand->model_digits; d++)
        lo *= 10;
      g_snprintf (family->model, sizeof family->model, "%s%u", brand->model_prefix,
                  _hw_demo_rand_between (demo, lo, lo * 10 - 1));
    }
  else
    family->model[0] = '\0';

  /* Prices are spread log-uniformly: many cheap articles, few expensive ones. */
  family->price = exp (log (profile->price_min) +
                       g_rand_double (demo->rand) * (log (profile->price_max) -
                                                     log (profile->price_min)));
  family->weight = profile->weight_min +
                   g_rand_double (demo->rand) * (profile->weight_max - profile->weight_min);
  family->efficacy = 95 + _hw_demo_rand_below (demo, 40);

  for (guint k = 0; k < MAX_PROFILE_ATTRS; k++)
    family->value[k] = _hw_demo_rand_below (demo, MAX (leaf->n_values[k], 1));

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
  if (with_unit && _hw_demo_attribute_defs[attr].unit != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _hw_demo_attribute_defs[attr].unit);
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

      if (strcmp (_hw_demo_attribute_defs[attr].type, "boolean") == 0)
        continue;

      g_string_append (out, first ? " Key data: " : "; ");
      first = FALSE;
      g_string_append (out, _hw_demo_attribute_defs[attr].name);
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
  const CategoryDef *cat = &_hw_demo_category_defs[leaf->category];
  const BrandDef *brand = &_hw_demo_brand_defs[family->brand];
  const char * const *origins = _hw_demo_attribute_defs[A_ORIGIN].options;
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

          _hw_demo_format_number (derived, sizeof derived,
                                  round (power * family->efficacy / 10) * 10, 0);
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
  _hw_demo_format_number (weight, sizeof weight,
                          family->weight * (1.0 + 0.1 * axis[0]) / 1000.0, 3);

  /* The first product is always active so that even a tiny catalogue can be ordered from. */
  status = _hw_demo_chance (demo, 0.88) ? PS_ACTIVE
           : _hw_demo_chance (demo, 0.66) ? PS_DISCONTINUED : PS_BLOCKED;
  if (index == 0)
    status = PS_ACTIVE;

  _hw_demo_rand_uuid (demo, record->uuid);
  _hw_demo_uuid_format (record->uuid, id);
  _hw_demo_set_id (product, id);

  g_snprintf (buf, sizeof buf, "HW-%07u", index + 1);
  product->sku = g_strdup (buf);
  g_snprintf (buf, sizeof buf, "%u", 40000000 + index);
  product->erp_id = g_strdup (buf);
  if (_hw_demo_chance (demo, 0.92))
    {
      gtin13 (brand->gs1, index, buf);
      product->gtin = g_strdup (buf);
    }

  expand_template (demo->name, profile, brand->name, family->model, cat->noun, weight, values);
  product->name = g_strndup (demo->name->str, demo->name->len);

  if (_hw_demo_chance (demo, 0.06))
    {
      /* A digital name reads as a shop title rather than an ERP line. */
      g_string_truncate (demo->text, 0);
      g_string_append (demo->text, cat->noun);
      demo->text->str[0] = g_ascii_toupper (demo->text->str[0]);
      g_string_append (demo->text, " – ");
      g_string_append (demo->text, demo->name->str);
      product->display_name = g_strndup (demo->text->str, MIN (demo->text->len, 300));
    }

  if (_hw_demo_chance (demo, 0.85))
    {
      describe_product (demo->text, profile, brand->name, cat->noun, profile->unit, values);
      product->description = g_strndup (demo->text->str, demo->text->len);
    }

  product->brand = g_strdup (brand->name);
  product->unit = g_strdup (profile->unit);
  product->status = g_strdup (_hw_demo_product_status_names[status]);
  product->category_id = g_strdup (demo->category_ids[leaf->category]);
  product->base_price = round_price (family->price * factor);
  product->currency = g_strdup (CURRENCY);
  product->min_qty = family->min_qty;
  product->order_multiple = family->order_multiple;
  product->max_qty = family->max_qty;

  /* Not every product is fully described: that is what completeness is for. */
  if (_hw_demo_chance (demo, 0.93))
    hw_product_add_attribute (product, demo->attribute_ids[A_WEIGHT], weight);
  if (_hw_demo_chance (demo, 0.90))
    hw_product_add_attribute (product, demo->attribute_ids[A_ORIGIN],
                              _hw_demo_chance (demo, 0.7)
                              ? brand->origin
                              : origins[_hw_demo_rand_below (demo, 15)]);
  if (_hw_demo_chance (demo, 0.88))
    hw_product_add_attribute (product, demo->attribute_ids[A_TARIFF], profile->tariff);
  for (guint k = 0; k < n_attrs; k++)
    if (_hw_demo_chance (demo, 0.96))
      hw_product_add_attribute (product, demo->attribute_ids[profile->attrs[k].attr], values[k]);

  if (!_hw_demo_create (demo, product, error))
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

  if (status == PS_ACTIVE && (_hw_demo_chance (demo, pool_share) || index == 0))
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

gboolean
_hw_demo_stage_products (Demo    *demo,
                         GError **error)
{
  guint n = demo->options.products;
  double pool_share = MIN (1.0, (double) POOL_MAX / MAX (n, 1));
  guint index = 0;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  demo->products = g_new0 (DemoProduct, n);

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const LeafInfo *leaf = &demo->leaves[l];
      const Profile *profile = &_hw_demo_profiles[_hw_demo_category_defs[leaf->category].profile];
      guint left = leaf->count;

      while (left > 0)
        {
          Family family;

          family_init (demo, leaf, profile, left, &family);

          for (guint member = 0; member < family.size; member++, index++)
            {
              if (index % BATCH_SIZE == 0 && !_hw_demo_report (demo, index, n, FALSE, error))
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

  return _hw_demo_report (demo, n, n, FALSE, error);
}

/* A popular product, mostly of @focus_root. */
const PoolItem *
_hw_demo_pool_pick (Demo  *demo,
                    guint  focus_root)
{
  guint start = 0;
  guint len = demo->pool->len;
  guint rank;

  if (_hw_demo_chance (demo, 0.6) &&
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

  _hw_demo_set_new_id (demo, relation);
  relation->product_id = g_strdup (_hw_demo_product_id (demo, from, buf));
  relation->related_product_id = g_strdup (_hw_demo_product_id (demo, to, buf));
  relation->kind = g_strdup (kind);
  relation->position = position;

  if (!_hw_demo_create (demo, relation, error))
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
      guint i = info->first + _hw_demo_rand_below (demo, info->count);

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

gboolean
_hw_demo_stage_relations (Demo    *demo,
                          GError **error)
{
  g_autoptr(GArray) spare_leaves = g_array_new (FALSE, FALSE, sizeof (guint));
  GArray *by_profile[N_PROFILES] = { NULL, };
  guint n = demo->options.products;
  gboolean ok = FALSE;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      const CategoryDef *cat = &_hw_demo_category_defs[demo->leaves[l].category];

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
      ProfileId profile = _hw_demo_category_defs[leaf->category].profile;
      guint picked[8];
      guint n_picked = 0;
      gint64 position = 0;
      guint other;

      if (i % BATCH_SIZE == 0 && !_hw_demo_report (demo, i, n, FALSE, error))
        goto out;

      /* Variants point at their family's first product; the family is then found from
       * either end, as relations are indexed by the related product too. */
      if (product->family_pos > 0 &&
          !create_relation (demo, i, family_head (demo, i), "variant", position++, error))
        goto out;

      if (product->status == PS_DISCONTINUED && find_successor (demo, i, &other) &&
          !create_relation (demo, i, other, "replacement", position++, error))
        goto out;

      for (guint a = 0; a < N_ACCESSORY_DEFS; a++)
        {
          guint count;

          if (_hw_demo_accessory_defs[a].for_profile != profile || !_hw_demo_chance (demo, 0.35))
            continue;

          count = _hw_demo_rand_between (demo, 1, 3);
          for (guint c = 0; c < count; c++)
            {
              guint pick = _hw_demo_rand_below (demo, _hw_demo_accessory_defs[a].n_accessories);
              GArray *leaves = by_profile[_hw_demo_accessory_defs[a].accessories[pick]];
              gboolean seen = FALSE;
              guint accessory_leaf;

              if (leaves == NULL)
                continue;
              accessory_leaf = g_array_index (leaves, guint,
                                              _hw_demo_rand_below (demo, leaves->len));
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
          spare_leaves->len > 0 && _hw_demo_chance (demo, 0.08))
        {
          guint count = _hw_demo_rand_between (demo, 1, 2);

          for (guint c = 0; c < count; c++)
            {
              guint spare_leaf = g_array_index (spare_leaves, guint,
                                                _hw_demo_rand_below (demo, spare_leaves->len));
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

      if (_hw_demo_chance (demo, 0.04))
        {
          guint related_leaf = leaf->group_first +
                               _hw_demo_rand_below (demo, leaf->group_end - leaf->group_first);
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

  ok = _hw_demo_report (demo, n, n, FALSE, error);

out:
  for (guint p = 0; p < N_PROFILES; p++)
    g_clear_pointer (&by_profile[p], g_array_unref);
  return ok;
}
