/* hw-rules.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include <string.h>

#include "hw-rules-private.h"

/* Building a snapshot: the store (or plain arrays) hand over rows, finish() orders the
 * products in catalogue order and compiles everything else against those indexes. The
 * assortment and the prices are parts a later snapshot may share (hw_rules_load_update ()). */

int
_hw_rules_lookup (GHashTable *by_id,
                  const char *id)
{
  return id != NULL ? GPOINTER_TO_INT (g_hash_table_lookup (by_id, id)) - 1 : -1;
}

/* Categories: depth first from the roots, siblings by position, name, id. */

typedef struct
{
  const HwCategory *category;
  GArray           *children; /* int */
} TreeNode;

static int
compare_siblings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const TreeNode *nodes = user_data;
  const HwCategory *x = nodes[*(const int *) a].category;
  const HwCategory *y = nodes[*(const int *) b].category;
  int cmp;

  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  if ((cmp = g_strcmp0 (x->name, y->name)) != 0)
    return cmp;
  return g_strcmp0 (HW_ENTITY (x)->id, HW_ENTITY (y)->id);
}

static void
build_categories (HwRules      *self,
                  GStringChunk *strings,
                  GPtrArray    *categories,
                  guint     **out_ordinal,
                  guint     **out_size)
{
  guint n = categories->len;
  TreeNode *nodes = g_new0 (TreeNode, n);
  guint *ordinal = g_new (guint, n);
  guint *size = g_new0 (guint, n);
  g_autoptr(GArray) roots = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean *seen = g_new0 (gboolean, n);
  guint next = 0;

  self->n_categories = n;
  self->categories = g_new0 (RCategory, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const HwCategory *category = g_ptr_array_index (categories, i);

      nodes[i].category = category;
      nodes[i].children = g_array_new (FALSE, FALSE, sizeof (int));
      self->categories[i].id = _hw_rules_copy (strings, HW_ENTITY (category)->id);
      g_hash_table_insert (self->category_by_id, (gpointer) self->categories[i].id,
                           GINT_TO_POINTER (i + 1));
    }

  for (guint i = 0; i < n; i++)
    {
      int parent = _hw_rules_lookup (self->category_by_id, nodes[i].category->parent_id);

      self->categories[i].parent = parent;
      if (parent < 0)
        g_array_append_val (roots, i);
      else
        g_array_append_val (nodes[parent].children, i);
    }

  for (guint i = 0; i < n; i++)
    g_array_sort_with_data (nodes[i].children, compare_siblings, nodes);
  g_array_sort_with_data (roots, compare_siblings, nodes);

  /* Depth first; a category caught in a parent cycle (the store refuses those) is made a
   * root, so every walk up ends. */
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          g_array_set_size (roots, 0);
          for (guint i = 0; i < n; i++)
            if (!seen[i])
              {
                self->categories[i].parent = -1;
                g_array_append_val (roots, i);
                break;
              }
          if (roots->len == 0)
            break;
          pass = 0;
        }

      for (int r = roots->len - 1; r >= 0; r--)
        g_array_append_val (stack, g_array_index (roots, int, r));

      while (stack->len > 0)
        {
          int c = g_array_index (stack, int, stack->len - 1);

          g_array_set_size (stack, stack->len - 1);
          if (seen[c])
            continue;
          seen[c] = TRUE;
          ordinal[c] = next++;
          self->categories[c].depth = self->categories[c].parent >= 0
                                      ? self->categories[self->categories[c].parent].depth + 1
                                      : 0;
          for (int k = nodes[c].children->len - 1; k >= 0; k--)
            {
              int child = g_array_index (nodes[c].children, int, k);

              if (!seen[child])
                g_array_append_val (stack, child);
            }
        }
    }

  /* A subtree's size: every category counts for itself and its ancestors. */
  for (guint i = 0; i < n; i++)
    for (int c = i; c >= 0; c = self->categories[c].parent)
      size[c]++;

  for (guint i = 0; i < n; i++)
    g_array_unref (nodes[i].children);
  g_free (nodes);
  g_free (seen);
  *out_ordinal = ordinal;
  *out_size = size;
}

/* Sorting a million products by (category ordinal, SKU) is mostly waiting for memory:
 * the entries carry the first eight bytes of the SKU, so strcmp () is needed on ties only. */
typedef struct
{
  guint    key;      /* the category's ordinal, G_MAXUINT for none */
  guint    index;    /* in the order products came */
  guint64  prefix;   /* the SKU's first eight bytes, big-endian: compares as strcmp () */
} SortEntry;

static guint64
sku_prefix (const char *sku)
{
  guint64 prefix = 0;
  guint i;

  for (i = 0; i < 8 && sku[i] != '\0'; i++)
    prefix = (prefix << 8) | (guchar) sku[i];
  /* Shorter SKUs end in zero bytes, as their terminator compares (no shift by 64). */
  if (i == 0 || i == 8)
    return prefix;
  return prefix << (8 * (8 - i));
}

static int
compare_products (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const RProduct *products = user_data;
  const SortEntry *x = a, *y = b;
  int cmp;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;
  if ((cmp = strcmp (products[x->index].sku, products[y->index].sku)) != 0)
    return cmp;
  return strcmp (products[x->index].id, products[y->index].id);
}

static void
build_products (HwRules        *self,
                HwRulesBuilder *builder,
                const guint    *ordinal,
                const guint    *size)
{
  guint n = builder->products->len;
  const RProduct *raw = (const RProduct *) builder->products->data;
  g_autofree SortEntry *order = g_new (SortEntry, MAX (n, 1));
  g_autofree int *category = g_new (int, MAX (n, 1));
  g_autofree guint *sorted_key = g_new (guint, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      category[i] = _hw_rules_lookup (self->category_by_id,
                                      g_ptr_array_index (builder->category_ids, i));
      order[i].key = category[i] >= 0 ? ordinal[category[i]] : G_MAXUINT;
      order[i].index = i;
      order[i].prefix = sku_prefix (raw[i].sku);
    }
  g_qsort_with_data (order, n, sizeof (SortEntry), compare_products, (gpointer) raw);
  builder->sorted_of_raw = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    builder->sorted_of_raw[order[i].index] = i;

  self->n_products = n;
  self->products = g_new0 (RProduct, MAX (n, 1));
  self->n_words = (n + 63) / 64;
  self->blocked = g_new0 (guint64, MAX (self->n_words, 1));
  g_hash_table_remove_all (self->product_by_id);

  for (guint i = 0; i < n; i++)
    {
      RProduct *product = &self->products[i];

      *product = raw[order[i].index];
      product->category = category[order[i].index];
      sorted_key[i] = order[i].key;
      g_hash_table_insert (self->product_by_id, (gpointer) product->id, GUINT_TO_POINTER (i + 1));
      if (product->status == STATUS_BLOCKED)
        self->blocked[i / 64] |= G_GUINT64_CONSTANT (1) << (i % 64);
    }

  /* The subtree of category c holds the ordinals [ordinal, ordinal + size). */
  for (guint c = 0; c < self->n_categories; c++)
    {
      guint lo = 0, hi = n;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (sorted_key[mid] < ordinal[c])
            lo = mid + 1;
          else
            hi = mid;
        }
      self->categories[c].first = lo;
      hi = n;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (sorted_key[mid] < ordinal[c] + size[c])
            lo = mid + 1;
          else
            hi = mid;
        }
      self->categories[c].last = lo;
    }
}

static void
postings_free (gpointer data)
{
  RPostings *postings = data;

  g_free (postings->items);
  g_free (postings);
}

/* Postings are gathered by code, then by value; both interned, so compared as pointers. */
static void
add_posting (GHashTable *building,
             const char *code,
             const char *value,
             guint       product)
{
  GHashTable *values = g_hash_table_lookup (building, code);
  GArray *items;

  if (values == NULL)
    {
      values = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) g_array_unref);
      g_hash_table_insert (building, (gpointer) code, values);
    }
  if ((items = g_hash_table_lookup (values, value)) == NULL)
    {
      items = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (values, (gpointer) value, items);
    }
  g_array_append_val (items, product);
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static void
build_postings (HwRules        *self,
                GStringChunk   *strings,
                HwRulesBuilder *builder,
                GPtrArray      *attributes)
{
  g_autoptr(GHashTable) code_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) building = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                          (GDestroyNotify) g_hash_table_unref);
  const char *brand = _hw_rules_intern (strings, "brand");
  GHashTableIter iter, inner;
  gpointer code, values, value, items;

  for (guint i = 0; i < attributes->len; i++)
    {
      const HwAttribute *attribute = g_ptr_array_index (attributes, i);
      const char *interned = _hw_rules_intern (strings, attribute->code);

      g_hash_table_insert (code_of, HW_ENTITY (attribute)->id, (gpointer) interned);
      g_hash_table_add (self->attribute_codes, (gpointer) interned);
    }

  for (guint i = 0; i < self->n_products; i++)
    if (self->products[i].brand != NULL)
      add_posting (building, brand, self->products[i].brand, i);

  /* "brand" is the product's field, whatever an attribute of that code says. */
  for (guint i = 0; i < builder->values->len; i++)
    {
      const RawValue *raw = &g_array_index (builder->values, RawValue, i);
      const char *attribute_code = g_hash_table_lookup (code_of, raw->attribute_id);

      if (attribute_code != NULL && attribute_code != brand)
        add_posting (building, attribute_code, raw->value, builder->sorted_of_raw[raw->product]);
    }

  g_hash_table_iter_init (&iter, building);
  while (g_hash_table_iter_next (&iter, &code, &values))
    {
      g_hash_table_iter_init (&inner, values);
      while (g_hash_table_iter_next (&inner, &value, &items))
        {
          GArray *array = items;
          RPostings *postings = g_new0 (RPostings, 1);

          g_array_sort (array, compare_uint);
          postings->len = array->len;
          postings->items = g_memdup2 (array->data, sizeof (guint) * MAX (array->len, 1));
          g_hash_table_insert (self->postings, g_strconcat (code, "\x1f", value, NULL), postings);
        }
    }
}

static void
ptr_array_table_add (GHashTable *table,
                     gpointer    key,
                     gpointer    item)
{
  GPtrArray *items = g_hash_table_lookup (table, key);

  if (items == NULL)
    {
      items = g_ptr_array_new ();
      g_hash_table_insert (table, key, items);
    }
  g_ptr_array_add (items, item);
}

static GHashTable *
id_table (void)
{
  return g_hash_table_new (g_str_hash, g_str_equal);
}

static GHashTable *
list_table (GHashFunc  hash,
            GEqualFunc equal)
{
  return g_hash_table_new_full (hash, equal, NULL, (GDestroyNotify) g_ptr_array_unref);
}

static HwRules *
rules_new (gint64 revision)
{
  HwRules *self = g_new0 (HwRules, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->revision = revision;
  self->catalogue_by_id = id_table ();
  self->account_by_id = id_table ();
  self->user_by_id = id_table ();
  self->rule_by_id = id_table ();
  self->rules_all = g_ptr_array_new ();
  for (guint i = 0; i < N_SCOPES; i++)
    self->rules_by_scope[i] = list_table (g_str_hash, g_str_equal);
  self->price_list_by_id = id_table ();
  self->segment_list = id_table ();
  self->discount_by_id = id_table ();
  self->discounts_by_product = list_table (g_direct_hash, g_direct_equal);
  self->discounts_by_category = list_table (g_direct_hash, g_direct_equal);
  self->discounts_by_brand = list_table (g_str_hash, g_str_equal);
  self->default_catalogue = -1;
  self->default_list = -1;
  return self;
}

static GPtrArray *
entities_of (HwRulesBuilder     *builder,
             const HwEntityType *type)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < builder->entities->len; i++)
    {
      HwEntity *entity = g_ptr_array_index (builder->entities, i);

      if (entity->type == type)
        g_ptr_array_add (found, entity);
    }
  return found;
}

static int
compare_entity_ids (gconstpointer a,
                    gconstpointer b)
{
  const HwEntity *x = *(HwEntity * const *) a;
  const HwEntity *y = *(HwEntity * const *) b;

  return strcmp (x->id, y->id);
}

static void
build_accounts (HwRules        *self,
                HwRulesBuilder *builder)
{
  g_autoptr(GPtrArray) lists = entities_of (builder, &hw_price_list_type);
  g_autoptr(GPtrArray) catalogues = entities_of (builder, &hw_catalogue_type);
  g_autoptr(GPtrArray) accounts = entities_of (builder, &hw_account_type);
  g_autoptr(GPtrArray) users = entities_of (builder, &hw_user_type);

  /* Sorted by id, so "the smallest id" is the first one met. */
  g_ptr_array_sort (lists, compare_entity_ids);
  g_ptr_array_sort (catalogues, compare_entity_ids);

  self->n_price_lists = lists->len;
  self->price_lists = g_new0 (RPriceList, MAX (lists->len, 1));
  for (guint i = 0; i < lists->len; i++)
    {
      const HwPriceList *list = g_ptr_array_index (lists, i);
      RPriceList *out = &self->price_lists[i];

      out->id = _hw_rules_copy (self->strings, HW_ENTITY (list)->id);
      out->currency = _hw_rules_intern (self->strings, list->currency);
      out->segment = _hw_rules_intern (self->strings, list->segment);
      out->is_default = list->is_default;
      g_hash_table_insert (self->price_list_by_id, (gpointer) out->id, GINT_TO_POINTER (i + 1));
      if (out->segment != NULL && !g_hash_table_contains (self->segment_list, out->segment))
        g_hash_table_insert (self->segment_list, (gpointer) out->segment, GINT_TO_POINTER (i + 1));
      if (out->is_default && self->default_list < 0)
        self->default_list = i;
    }

  self->n_catalogues = catalogues->len;
  self->catalogues = g_new0 (RCatalogue, MAX (catalogues->len, 1));
  for (guint i = 0; i < catalogues->len; i++)
    {
      RCatalogue *out = &self->catalogues[i];

      _hw_rules_compile_catalogue (self, self->strings, g_ptr_array_index (catalogues, i), out, NULL);
      g_hash_table_insert (self->catalogue_by_id, (gpointer) out->id, GINT_TO_POINTER (i + 1));
      if (out->is_default && self->default_catalogue < 0)
        self->default_catalogue = i;
    }

  self->n_accounts = accounts->len;
  self->accounts = g_new0 (RAccount, MAX (accounts->len, 1));
  self->users_of_account = g_new0 (GPtrArray *, MAX (accounts->len, 1));
  for (guint i = 0; i < accounts->len; i++)
    {
      const HwAccount *account = g_ptr_array_index (accounts, i);
      RAccount *out = &self->accounts[i];

      out->id = _hw_rules_copy (self->strings, HW_ENTITY (account)->id);
      out->segment = _hw_rules_intern (self->strings, account->segment);
      out->catalogue = _hw_rules_lookup (self->catalogue_by_id, account->catalogue_id);
      out->price_list = _hw_rules_lookup (self->price_list_by_id, account->price_list_id);
      _hw_rules_copy_currency (out->currency, account->currency);
      out->blocked = g_strcmp0 (account->status, "blocked") == 0;
      self->users_of_account[i] = g_ptr_array_new ();
      g_hash_table_insert (self->account_by_id, (gpointer) out->id, GINT_TO_POINTER (i + 1));
    }

  g_ptr_array_sort (users, compare_entity_ids);
  self->n_users = 0;
  self->users = g_new0 (RUser, MAX (users->len, 1));
  for (guint i = 0; i < users->len; i++)
    {
      const HwUser *user = g_ptr_array_index (users, i);
      RUser *out = &self->users[self->n_users];

      out->account = _hw_rules_lookup (self->account_by_id, user->account_id);
      if (out->account < 0)
        continue;
      out->id = _hw_rules_copy (self->strings, HW_ENTITY (user)->id);
      out->role = _hw_rules_intern (self->strings, user->role);
      out->show_prices = user->show_prices;
      out->can_order = user->can_order;
      out->order_limit = user->order_limit;
      out->active = user->active;
      self->n_users++;
      g_hash_table_insert (self->user_by_id, (gpointer) out->id, GINT_TO_POINTER (self->n_users));
    }
  /* Pointers into users only once the array is complete. */
  for (guint i = 0; i < self->n_users; i++)
    g_ptr_array_add (self->users_of_account[self->users[i].account], &self->users[i]);
}

static void
build_rules (HwRules        *self,
             HwRulesBuilder *builder)
{
  g_autoptr(GPtrArray) rules = entities_of (builder, &hw_visibility_rule_type);
  g_autoptr(GPtrArray) discounts = entities_of (builder, &hw_discount_rule_type);

  self->n_rules = rules->len;
  self->rules = g_new0 (RRule, MAX (rules->len, 1));
  for (guint i = 0; i < rules->len; i++)
    {
      RRule *out = &self->rules[i];

      _hw_rules_compile_rule (self, self->strings, g_ptr_array_index (rules, i), out, NULL);
      g_hash_table_insert (self->rule_by_id, (gpointer) out->id, GINT_TO_POINTER (i + 1));
      if (out->scope == SCOPE_ALL)
        g_ptr_array_add (self->rules_all, out);
      else if (out->scope_value != NULL)
        ptr_array_table_add (self->rules_by_scope[out->scope], (gpointer) out->scope_value, out);
    }

  self->n_discounts = discounts->len;
  self->discounts = g_new0 (RDiscount, MAX (discounts->len, 1));
  for (guint i = 0; i < discounts->len; i++)
    {
      RDiscount *out = &self->discounts[i];

      _hw_rules_compile_discount (self, self->strings, g_ptr_array_index (discounts, i), out, NULL);
      g_hash_table_insert (self->discount_by_id, (gpointer) out->id, GINT_TO_POINTER (i + 1));
      if (out->target == TARGET_PRODUCT && out->target_index >= 0)
        ptr_array_table_add (self->discounts_by_product, GINT_TO_POINTER (out->target_index + 1), out);
      else if (out->target == TARGET_CATEGORY && out->target_index >= 0)
        ptr_array_table_add (self->discounts_by_category, GINT_TO_POINTER (out->target_index + 1), out);
      else if (out->target == TARGET_BRAND && out->brand != NULL)
        ptr_array_table_add (self->discounts_by_brand, (gpointer) out->brand, out);
    }
}

static void
use_assortment (HwRules     *self,
                RAssortment *assortment)
{
  self->assortment = assortment;
  self->categories = assortment->categories;
  self->n_categories = assortment->n_categories;
  self->category_by_id = assortment->category_by_id;
  self->products = assortment->products;
  self->n_products = assortment->n_products;
  self->product_by_id = assortment->product_by_id;
  self->blocked = assortment->blocked;
  self->n_words = assortment->n_words;
  self->postings = assortment->postings;
  self->attribute_codes = assortment->attribute_codes;
}

static void
assortment_unref (RAssortment *assortment)
{
  if (!g_atomic_ref_count_dec (&assortment->ref_count))
    return;

  g_hash_table_unref (assortment->category_by_id);
  g_hash_table_unref (assortment->product_by_id);
  g_hash_table_unref (assortment->postings);
  g_hash_table_unref (assortment->attribute_codes);
  g_free (assortment->categories);
  g_free (assortment->products);
  g_free (assortment->blocked);
  g_ptr_array_unref (assortment->string_parts);
  g_free (assortment);
}

static void
build_assortment (HwRules        *self,
                  HwRulesBuilder *builder)
{
  RAssortment *assortment = g_new0 (RAssortment, 1);
  RStrings *part = g_new0 (RStrings, 1);
  g_autoptr(GPtrArray) categories = entities_of (builder, &hw_category_type);
  g_autoptr(GPtrArray) attributes = entities_of (builder, &hw_attribute_type);
  g_autofree guint *ordinal = NULL;
  g_autofree guint *size = NULL;

  g_atomic_ref_count_init (&assortment->ref_count);
  /* The builder's strings (the products') become the assortment's. */
  assortment->strings = g_steal_pointer (&builder->strings);
  g_atomic_ref_count_init (&part->ref_count);
  part->chunk = assortment->strings;
  assortment->string_parts = g_ptr_array_new_with_free_func (_hw_rules_strings_unref);
  g_ptr_array_add (assortment->string_parts, part);
  self->category_by_id = id_table ();
  self->product_by_id = id_table ();
  self->postings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, postings_free);
  self->attribute_codes = id_table ();

  build_categories (self, assortment->strings, categories, &ordinal, &size);
  build_products (self, builder, ordinal, size);
  build_postings (self, assortment->strings, builder, attributes);

  assortment->categories = self->categories;
  assortment->n_categories = self->n_categories;
  assortment->category_by_id = self->category_by_id;
  assortment->products = self->products;
  assortment->n_products = self->n_products;
  assortment->product_by_id = self->product_by_id;
  assortment->blocked = self->blocked;
  assortment->n_words = self->n_words;
  assortment->postings = self->postings;
  assortment->attribute_codes = self->attribute_codes;
  self->assortment = assortment;
}

gboolean
_hw_rules_builder_can_patch_products (HwRulesBuilder *builder,
                                      HwRules        *previous)
{
  const RProduct *changed = (const RProduct *) builder->products->data;

  for (guint i = 0; i < builder->products->len; i++)
    {
      int index = _hw_rules_lookup (previous->product_by_id, changed[i].id);
      const char *category_id = g_ptr_array_index (builder->category_ids, i);
      const RProduct *old;

      if (index < 0)
        return FALSE;
      old = &previous->products[index];
      /* Brands are interned per string chunk, so compared by content. */
      if (strcmp (old->sku, changed[i].sku) != 0 ||
          g_strcmp0 (old->brand, changed[i].brand) != 0 ||
          old->values_hash != changed[i].values_hash ||
          _hw_rules_lookup (previous->category_by_id, category_id) != old->category)
        return FALSE;
    }
  return TRUE;
}

/* A copy of @previous's product array with the builder's products written over theirs;
 * categories, the index by id and the postings are shared (their strings too). */
static RAssortment *
patch_assortment (RAssortment    *previous,
                  HwRulesBuilder *builder)
{
  RAssortment *assortment = g_new0 (RAssortment, 1);
  RStrings *part = g_new0 (RStrings, 1);
  const RProduct *changed = (const RProduct *) builder->products->data;

  g_atomic_ref_count_init (&assortment->ref_count);
  assortment->string_parts = g_ptr_array_new_with_free_func (_hw_rules_strings_unref);
  for (guint i = 0; i < previous->string_parts->len; i++)
    {
      RStrings *strings = g_ptr_array_index (previous->string_parts, i);

      g_atomic_ref_count_inc (&strings->ref_count);
      g_ptr_array_add (assortment->string_parts, strings);
    }
  g_atomic_ref_count_init (&part->ref_count);
  part->chunk = assortment->strings = g_steal_pointer (&builder->strings);
  g_ptr_array_add (assortment->string_parts, part);

  assortment->categories = g_memdup2 (previous->categories,
                                      sizeof (RCategory) * MAX (previous->n_categories, 1));
  assortment->n_categories = previous->n_categories;
  assortment->category_by_id = g_hash_table_ref (previous->category_by_id);
  assortment->n_products = previous->n_products;
  assortment->products = g_memdup2 (previous->products,
                                    sizeof (RProduct) * MAX (previous->n_products, 1));
  assortment->product_by_id = g_hash_table_ref (previous->product_by_id);
  assortment->n_words = previous->n_words;
  assortment->blocked = g_memdup2 (previous->blocked, sizeof (guint64) * MAX (previous->n_words, 1));
  assortment->postings = g_hash_table_ref (previous->postings);
  assortment->attribute_codes = g_hash_table_ref (previous->attribute_codes);

  for (guint i = 0; i < builder->products->len; i++)
    {
      guint index = _hw_rules_lookup (previous->product_by_id, changed[i].id);
      RProduct *product = &assortment->products[index];
      int category = product->category;
      const char *brand = product->brand;
      guint64 bit = G_GUINT64_CONSTANT (1) << (index % 64);

      /* The id is the key of the shared index by id, the brand of the shared postings:
       * keep the old strings, equal to the new. */
      *product = changed[i];
      product->id = previous->products[index].id;
      product->brand = brand;
      product->category = category;
      if (product->status == STATUS_BLOCKED)
        assortment->blocked[index / 64] |= bit;
      else
        assortment->blocked[index / 64] &= ~bit;
    }
  return assortment;
}

static HwRules *
finish (HwRulesBuilder *builder,
        HwRules        *previous,
        gboolean        share_prices,
        GHashTable     *removed,
        gboolean        patch_products)
{
  HwRules *self = rules_new (builder->revision);
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3, t4;

  if (previous != NULL && patch_products)
    {
      use_assortment (self, patch_assortment (previous->assortment, builder));
    }
  else if (previous != NULL)
    {
      g_atomic_ref_count_inc (&previous->assortment->ref_count);
      use_assortment (self, previous->assortment);
    }
  else
    build_assortment (self, builder);
  t1 = g_get_monotonic_time ();

  self->strings = g_string_chunk_new (64 * 1024);
  build_accounts (self, builder);
  t2 = g_get_monotonic_time ();
  build_rules (self, builder);
  t3 = g_get_monotonic_time ();
  if (previous != NULL && share_prices)
    {
      g_atomic_ref_count_inc (&previous->price_table->ref_count);
      _hw_rules_use_prices (self, previous->price_table);
    }
  else if (previous != NULL && removed != NULL)
    _hw_rules_patch_prices (self, builder, previous->price_table, removed);
  else
    _hw_rules_build_prices (self, builder);
  t4 = g_get_monotonic_time ();
  g_debug ("snapshot of %u products built (%s%s): products and postings %.0f ms, customers "
           "%.0f ms, rules %.0f ms, prices %.0f ms", self->n_products,
           patch_products ? "products patched, " : "",
           previous == NULL ? "in full" : share_prices ? "sharing products and prices"
                                        : removed != NULL ? "sharing products, prices patched"
                                                          : "sharing products",
           (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3, (t4 - t3) / 1e3);

  _hw_rules_builder_free (builder);
  return self;
}

HwRules *
_hw_rules_builder_finish (HwRulesBuilder  *builder,
                          GError         **error)
{
  return finish (builder, NULL, FALSE, NULL, FALSE);
}

gboolean
_hw_rules_builder_can_share_prices (HwRulesBuilder *builder,
                                    HwRules        *previous)
{
  g_autoptr(GPtrArray) lists = entities_of (builder, &hw_price_list_type);
  g_autoptr(GPtrArray) accounts = entities_of (builder, &hw_account_type);

  /* The same order as build_accounts () gives them indexes in. */
  g_ptr_array_sort (lists, compare_entity_ids);
  if (lists->len < previous->n_price_lists || accounts->len < previous->n_accounts)
    return FALSE;

  for (guint i = 0; i < previous->n_price_lists; i++)
    {
      const HwPriceList *list = g_ptr_array_index (lists, i);

      if (strcmp (HW_ENTITY (list)->id, previous->price_lists[i].id) != 0 ||
          g_strcmp0 (list->currency, previous->price_lists[i].currency) != 0)
        return FALSE;
    }
  for (guint i = 0; i < previous->n_accounts; i++)
    if (strcmp (HW_ENTITY (g_ptr_array_index (accounts, i))->id, previous->accounts[i].id) != 0)
      return FALSE;
  return TRUE;
}

HwRules *
_hw_rules_builder_finish_sharing (HwRulesBuilder  *builder,
                                  HwRules         *previous,
                                  gboolean         share_prices,
                                  GError         **error)
{
  g_return_val_if_fail (previous != NULL, NULL);

  return finish (builder, previous, share_prices, NULL, FALSE);
}

HwRules *
_hw_rules_builder_finish_patching (HwRulesBuilder  *builder,
                                   HwRules         *previous,
                                   GHashTable      *removed,
                                   GError         **error)
{
  g_return_val_if_fail (previous != NULL && removed != NULL, NULL);

  return finish (builder, previous, FALSE, removed, FALSE);
}

HwRules *
_hw_rules_builder_finish_products (HwRulesBuilder  *builder,
                                   HwRules         *previous,
                                   gboolean         share_prices,
                                   GHashTable      *removed,
                                   GError         **error)
{
  g_return_val_if_fail (previous != NULL, NULL);

  return finish (builder, previous, share_prices, removed, TRUE);
}

HwRules *
hw_rules_ref (HwRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hw_rules_unref (HwRules *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  assortment_unref (self->assortment);
  _hw_rules_price_table_unref (self->price_table);
  g_hash_table_unref (self->catalogue_by_id);
  g_hash_table_unref (self->account_by_id);
  g_hash_table_unref (self->user_by_id);
  g_hash_table_unref (self->rule_by_id);
  g_ptr_array_unref (self->rules_all);
  for (guint i = 0; i < N_SCOPES; i++)
    g_hash_table_unref (self->rules_by_scope[i]);
  g_hash_table_unref (self->price_list_by_id);
  g_hash_table_unref (self->segment_list);
  g_hash_table_unref (self->discount_by_id);
  g_hash_table_unref (self->discounts_by_product);
  g_hash_table_unref (self->discounts_by_category);
  g_hash_table_unref (self->discounts_by_brand);

  for (guint i = 0; i < self->n_catalogues; i++)
    _hw_rules_free_compiled (&self->catalogues[i], NULL);
  for (guint i = 0; i < self->n_accounts; i++)
    g_ptr_array_unref (self->users_of_account[i]);

  g_free (self->users_of_account);
  g_free (self->catalogues);
  g_free (self->accounts);
  g_free (self->users);
  g_free (self->rules);
  g_free (self->price_lists);
  g_free (self->discounts);
  if (self->strings != NULL)
    g_string_chunk_free (self->strings);
  g_free (self);
}

gint64
hw_rules_get_revision (HwRules *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->revision;
}

guint
hw_rules_get_n_products (HwRules *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_products;
}

const char *
hw_rules_get_user_account (HwRules    *self,
                           const char *user_id)
{
  int user = _hw_rules_lookup (self->user_by_id, user_id);

  return user >= 0 ? self->accounts[self->users[user].account].id : NULL;
}
