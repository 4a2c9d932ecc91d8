/* hw-store-checks.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hw-store-private.h"

/* Validation that needs the database or spans fields, per entity type, and the fields
 * the store computes. Runs inside the write's savepoint, before the row is written. */

typedef struct
{
  char      *type;
  char     **options;
  gboolean   required;
} AttributeDef;

static void
attribute_def_free (gpointer data)
{
  AttributeDef *def = data;

  g_free (def->type);
  g_strfreev (def->options);
  g_free (def);
}

/* The definitions are read once and kept until an attribute changes, so seeding a
 * million products does not read them a million times. The cache hangs off the store
 * object as data to keep HwStore's struct private to hw-store.c. */
typedef struct
{
  GHashTable *by_id;
  guint       n_required;
} AttributeCache;

static void
attribute_cache_free (gpointer data)
{
  AttributeCache *cache = data;

  g_hash_table_unref (cache->by_id);
  g_free (cache);
}

void
_hw_store_invalidate_attributes (HwStore *self)
{
  g_object_set_data (G_OBJECT (self), "hw-attribute-cache", NULL);
}

static AttributeCache *
get_attributes (HwStore  *self,
                GError  **error)
{
  AttributeCache *cache = g_object_get_data (G_OBJECT (self), "hw-attribute-cache");
  sqlite3_stmt *stmt;
  int rc;

  if (cache != NULL)
    return cache;

  stmt = _hw_store_prepare (self, "SELECT id, type, options, required FROM attributes", error);
  if (stmt == NULL)
    return NULL;

  cache = g_new0 (AttributeCache, 1);
  cache->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, attribute_def_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AttributeDef *def = g_new0 (AttributeDef, 1);
      const char *options = (const char *) sqlite3_column_text (stmt, 2);

      def->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      def->required = sqlite3_column_int (stmt, 3) != 0;
      if (options != NULL)
        def->options = _hw_strv_from_json (options);
      if (def->required)
        cache->n_required++;

      g_hash_table_insert (cache->by_id,
                           g_strdup ((const char *) sqlite3_column_text (stmt, 0)), def);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      attribute_cache_free (cache);
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  g_object_set_data_full (G_OBJECT (self), "hw-attribute-cache", cache, attribute_cache_free);
  return cache;
}

static gboolean
check_window (gint64   valid_from,
              gint64   valid_to,
              GError **error)
{
  if (valid_from != HW_NONE && valid_to != HW_NONE && valid_to <= valid_from)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "valid_to", "must be after valid_from");
      return FALSE;
    }

  return TRUE;
}

static gboolean
windows_overlap (gint64 from_a,
                 gint64 to_a,
                 gint64 from_b,
                 gint64 to_b)
{
  /* Windows are [from, to); an open end reaches forever. */
  gboolean a_before_b = to_a != HW_NONE && from_b != HW_NONE && to_a <= from_b;
  gboolean b_before_a = to_b != HW_NONE && from_a != HW_NONE && to_b <= from_a;

  return !a_before_b && !b_before_a;
}

static gboolean
check_tiers (GPtrArray  *tiers,
             GError    **error)
{
  if (tiers == NULL || tiers->len == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "tiers", "needs at least one tier");
      return FALSE;
    }

  for (guint i = 0; i < tiers->len; i++)
    for (guint j = 0; j < i; j++)
      {
        HwPriceTier *a = g_ptr_array_index (tiers, i);
        HwPriceTier *b = g_ptr_array_index (tiers, j);

        if (a->min_qty == b->min_qty)
          {
            g_autofree char *name = g_strdup_printf ("tiers[%u].min_qty", i);

            hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                "tier overlap: a tier from quantity %" G_GINT64_FORMAT
                                " is given twice", a->min_qty);
            return FALSE;
          }
      }

  return TRUE;
}

/* Two prices (or agreements) of the same list (account) and product must not be valid
 * at the same moment, or the price at a moment would be ambiguous. */
static gboolean
check_no_overlapping (HwStore     *self,
                      const char  *table,
                      const char  *owner_column,
                      const char  *owner_id,
                      const char  *product_id,
                      const char  *id,
                      gint64       valid_from,
                      gint64       valid_to,
                      GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  sql = g_strdup_printf ("SELECT id, valid_from, valid_to FROM \"%s\" "
                         "WHERE \"%s\" = ? AND product_id = ? AND id <> ?",
                         table, owner_column);
  if (!(stmt = _hw_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, owner_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 from = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? HW_NONE
                                                                 : sqlite3_column_int64 (stmt, 1);
      gint64 to = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? HW_NONE
                                                               : sqlite3_column_int64 (stmt, 2);

      if (windows_overlap (from, to, valid_from, valid_to))
        {
          g_autofree char *other = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

          sqlite3_reset (stmt);
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "valid_from",
                              "tier overlap: the validity overlaps that of %s", other);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
check_single_default (HwStore     *self,
                      const char  *table,
                      const char  *id,
                      const char  *what,
                      GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE is_default AND id <> ?",
                                          table);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _hw_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc == SQLITE_ROW)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "is_default",
                          "another %s is already the default", what);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}

static gboolean
exists_or_fail (HwStore             *self,
                const HwEntityType  *type,
                const char          *id,
                const char          *field,
                GError             **error)
{
  g_autoptr(GError) local_error = NULL;

  if (id != NULL && _hw_store_exists (self, type, id, &local_error))
    return TRUE;

  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "unknown %s “%s”",
                        type->name, id ? id : "");
  return FALSE;
}

static gboolean
check_category (HwStore     *self,
                HwCategory  *category,
                GError     **error)
{
  g_autofree char *cursor = g_strdup (category->parent_id);
  guint depth = 0;

  /* Walk up from the new parent: meeting ourselves would close a cycle. */
  while (cursor != NULL)
    {
      g_autofree char *sql_parent = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (g_strcmp0 (cursor, HW_ENTITY (category)->id) == 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "parent_id",
                              "category cycle: a category cannot be placed inside itself "
                              "or its own subcategories");
          return FALSE;
        }

      if (++depth > 32)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "parent_id",
                              "the category tree is deeper than 32 levels");
          return FALSE;
        }

      if (!(stmt = _hw_store_prepare (self, "SELECT parent_id FROM categories WHERE id = ?",
                                      error)))
        return FALSE;

      sqlite3_bind_text (stmt, 1, cursor, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        sql_parent = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);

      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _hw_store_set_db_error (self, rc, error);

      g_free (cursor);
      cursor = g_steal_pointer (&sql_parent);
    }

  return TRUE;
}

static gboolean
code_is_valid (const char *code)
{
  if (!g_ascii_islower (code[0]))
    return FALSE;

  for (const char *p = code; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

static gboolean
check_attribute (HwStore      *self,
                 HwAttribute  *attribute,
                 GError      **error)
{
  gboolean is_enum = g_strcmp0 (attribute->type, "enum") == 0;
  guint n_options = attribute->options ? g_strv_length (attribute->options) : 0;

  if (!code_is_valid (attribute->code))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "code",
                          "use lower-case letters, digits and _ and start with a letter");
      return FALSE;
    }

  if (g_strcmp0 (attribute->code, "brand") == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "code",
                          "“brand” is a product field and cannot be an attribute code");
      return FALSE;
    }

  if (is_enum && n_options == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "options",
                          "an enum attribute needs at least one option");
      return FALSE;
    }

  if (!is_enum && n_options > 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "options",
                          "only enum attributes have options");
      return FALSE;
    }

  for (guint i = 0; i < n_options; i++)
    for (guint j = 0; j < i; j++)
      if (g_strcmp0 (attribute->options[i], attribute->options[j]) == 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "options",
                              "the option “%s” is given twice", attribute->options[i]);
          return FALSE;
        }

  if (attribute->unit != NULL && g_strcmp0 (attribute->type, "number") != 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "unit", "only number attributes have a unit");
      return FALSE;
    }

  return TRUE;
}

static gboolean
value_matches (const AttributeDef *def,
               const char         *value)
{
  if (g_strcmp0 (def->type, "number") == 0)
    {
      char *end = NULL;
      double number;

      if (value[0] == '\0' || g_ascii_isspace (value[0]))
        return FALSE;
      number = g_ascii_strtod (value, &end);
      return end != NULL && *end == '\0' && isfinite (number);
    }

  if (g_strcmp0 (def->type, "boolean") == 0)
    return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "false") == 0;

  if (g_strcmp0 (def->type, "enum") == 0)
    return def->options != NULL && g_strv_contains ((const char * const *) def->options, value);

  return TRUE;
}

static gboolean
check_product (HwStore    *self,
               HwProduct  *product,
               GError    **error)
{
  AttributeCache *cache;
  guint filled = 0;

  if (product->gtin != NULL && !hw_gtin_is_valid (product->gtin))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "gtin",
                          "is not a GTIN-8, -12, -13 or -14 with a correct check digit");
      return FALSE;
    }

  if (product->max_qty != HW_NONE && product->max_qty < product->min_qty)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "max_qty",
                          "must not be below min_qty");
      return FALSE;
    }

  if (!(cache = get_attributes (self, error)))
    return FALSE;

  for (guint i = 0; i < product->attributes->len; i++)
    {
      HwAttributeValue *value = g_ptr_array_index (product->attributes, i);
      const AttributeDef *def = g_hash_table_lookup (cache->by_id, value->attribute_id);
      g_autofree char *name = g_strdup_printf ("attributes[%u].value", i);

      if (def == NULL)
        {
          g_autofree char *id_name = g_strdup_printf ("attributes[%u].attribute_id", i);

          hw_set_field_error (error, HW_CORE_ERROR_INVALID, id_name, "unknown attribute “%s”",
                              value->attribute_id);
          return FALSE;
        }

      for (guint j = 0; j < i; j++)
        {
          HwAttributeValue *other = g_ptr_array_index (product->attributes, j);

          if (g_strcmp0 (other->attribute_id, value->attribute_id) == 0)
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                  "the attribute has a value already");
              return FALSE;
            }
        }

      if (!value_matches (def, value->value))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                              "“%s” is not a valid %s value", value->value, def->type);
          return FALSE;
        }

      if (def->required)
        filled++;
    }

  product->completeness = cache->n_required == 0 ? 100 : (filled * 100) / cache->n_required;
  return TRUE;
}

static gboolean
check_relation (HwStore            *self,
                HwProductRelation  *relation,
                GError            **error)
{
  if (g_strcmp0 (relation->product_id, relation->related_product_id) == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "related_product_id",
                          "a product cannot be related to itself");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_catalogue (HwStore      *self,
                 HwCatalogue  *catalogue,
                 GError      **error)
{
  for (guint i = 0; i < catalogue->entries->len; i++)
    {
      HwCatalogueEntry *entry = g_ptr_array_index (catalogue->entries, i);
      g_autofree char *name = g_strdup_printf ("entries[%u].target_id", i);
      const HwEntityType *type = g_strcmp0 (entry->target_type, "category") == 0
                                 ? &hw_category_type : &hw_product_type;

      if (!exists_or_fail (self, type, entry->target_id, name, error))
        return FALSE;

      for (guint j = 0; j < i; j++)
        {
          HwCatalogueEntry *other = g_ptr_array_index (catalogue->entries, j);

          if (g_strcmp0 (other->target_id, entry->target_id) == 0)
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                  "the catalogue has an entry for this %s already",
                                  entry->target_type);
              return FALSE;
            }
        }
    }

  if (catalogue->is_default &&
      !check_single_default (self, "catalogues", HW_ENTITY (catalogue)->id, "catalogue", error))
    return FALSE;

  return TRUE;
}

static gboolean
check_account (HwStore    *self,
               HwAccount  *account,
               GError    **error)
{
  for (guint i = 0; i < account->addresses->len; i++)
    {
      HwAddress *address = g_ptr_array_index (account->addresses, i);

      if (strlen (address->country) != 2 ||
          !g_ascii_isupper (address->country[0]) || !g_ascii_isupper (address->country[1]))
        {
          g_autofree char *name = g_strdup_printf ("addresses[%u].country", i);

          hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                              "is not an ISO 3166 country code such as NL or DE");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_email (const char  *email,
             GError     **error)
{
  if (!hw_email_is_valid (email))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "email", "is not an email address");
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_visibility_rule (HwStore           *self,
                       HwVisibilityRule  *rule,
                       GError           **error)
{
  static const char * const roles[] = { "buyer", "planner", "operational", "account_admin", NULL };
  gboolean has_scope_value = rule->scope_value != NULL && rule->scope_value[0] != '\0';

  if (g_strcmp0 (rule->scope, "all") == 0)
    {
      if (has_scope_value)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "scope_value",
                              "must be empty when the scope is all");
          return FALSE;
        }
    }
  else if (!has_scope_value)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "scope_value",
                          "names the %s the rule is for", rule->scope);
      return FALSE;
    }
  else if (g_strcmp0 (rule->scope, "role") == 0 && !g_strv_contains (roles, rule->scope_value))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "scope_value", "unknown role “%s”",
                          rule->scope_value);
      return FALSE;
    }
  else if (g_strcmp0 (rule->scope, "account") == 0 &&
           !exists_or_fail (self, &hw_account_type, rule->scope_value, "scope_value", error))
    return FALSE;
  else if (g_strcmp0 (rule->scope, "user") == 0 &&
           !exists_or_fail (self, &hw_user_type, rule->scope_value, "scope_value", error))
    return FALSE;

  if (g_strcmp0 (rule->target, "attribute") == 0)
    {
      if (rule->attribute_code == NULL || rule->attribute_value == NULL)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID,
                              rule->attribute_code == NULL ? "attribute_code" : "attribute_value",
                              "must be given for an attribute target");
          return FALSE;
        }
      if (g_strcmp0 (rule->attribute_code, "brand") != 0)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(HwAttribute) attribute =
            hw_store_find_by (self, &hw_attribute_type, "code", rule->attribute_code,
                              &local_error);

          if (attribute == NULL)
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, "attribute_code",
                                  "unknown attribute “%s”", rule->attribute_code);
              return FALSE;
            }
        }
      if (rule->target_id != NULL)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "target_id",
                              "must be empty for an attribute target");
          return FALSE;
        }
    }
  else
    {
      const HwEntityType *type = g_strcmp0 (rule->target, "product") == 0
                                 ? &hw_product_type : &hw_category_type;

      if (!exists_or_fail (self, type, rule->target_id, "target_id", error))
        return FALSE;
    }

  return check_window (rule->valid_from, rule->valid_to, error);
}

static gboolean
check_discount_rule (HwStore         *self,
                     HwDiscountRule  *rule,
                     GError         **error)
{
  if (rule->discount_bp > 10000)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "discount_bp",
                          "a discount cannot exceed 100 %% (10000)");
      return FALSE;
    }

  if (g_strcmp0 (rule->scope, "account") == 0 &&
      !exists_or_fail (self, &hw_account_type, rule->scope_value, "scope_value", error))
    return FALSE;

  if (g_strcmp0 (rule->target, "product") == 0 &&
      !exists_or_fail (self, &hw_product_type, rule->target_value, "target_value", error))
    return FALSE;

  if (g_strcmp0 (rule->target, "category") == 0 &&
      !exists_or_fail (self, &hw_category_type, rule->target_value, "target_value", error))
    return FALSE;

  return check_window (rule->valid_from, rule->valid_to, error);
}

static gboolean
check_order (HwStore        *self,
             HwOrder        *order,
             const HwOrder  *previous,
             GError        **error)
{
  gint64 total = 0;

  if (order->lines->len == 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "lines", "an order needs a line");
      return FALSE;
    }

  for (guint i = 0; i < order->lines->len; i++)
    {
      HwOrderLine *line = g_ptr_array_index (order->lines, i);

      if (!g_size_checked_mul ((gsize *) &line->line_total, line->quantity, line->unit_price) ||
          line->line_total < 0 || !g_size_checked_add ((gsize *) &total, total, line->line_total) ||
          total < 0)
        {
          g_autofree char *name = g_strdup_printf ("lines[%u].quantity", i);

          hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "the amount is too large");
          return FALSE;
        }
    }
  order->total = total;

  if (previous != NULL && g_strcmp0 (previous->status, order->status) != 0)
    {
      g_autofree char *actor = NULL;
      g_autofree char *note = NULL;

      if (!hw_order_status_can_change (previous->status, order->status))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "status",
                              "an order cannot go from %s to %s", previous->status,
                              order->status);
          return FALSE;
        }

      /* The caller may say who takes the step (and why) in one new last event naming the
       * new status; its time is the store's. */
      if (order->history->len == previous->history->len + 1)
        {
          HwOrderEvent *step = g_ptr_array_index (order->history, order->history->len - 1);

          if (g_strcmp0 (step->status, order->status) == 0)
            {
              actor = g_strdup (step->actor);
              note = g_strdup (step->note);
            }
        }

      /* The history is the store's to keep: carry the stored one over and add the step. */
      g_ptr_array_set_size (order->history, 0);
      for (guint i = 0; i < previous->history->len; i++)
        {
          HwOrderEvent *event = g_ptr_array_index (previous->history, i);
          hw_order_add_event (order, event->status, event->at, event->actor, event->note);
        }
      hw_order_add_event (order, order->status, hw_store_now (self), actor, note);
    }
  else if (previous != NULL)
    {
      g_ptr_array_set_size (order->history, 0);
      for (guint i = 0; i < previous->history->len; i++)
        {
          HwOrderEvent *event = g_ptr_array_index (previous->history, i);
          hw_order_add_event (order, event->status, event->at, event->actor, event->note);
        }
    }
  else if (order->history->len == 0)
    hw_order_add_event (order, order->status, order->placed_at, NULL, NULL);
  else
    {
      HwOrderEvent *last = g_ptr_array_index (order->history, order->history->len - 1);

      /* Imported orders bring their history; it must lead to the status they are in. */
      if (g_strcmp0 (last->status, order->status) != 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "history",
                              "the last step (%s) is not the order's status (%s)",
                              last->status, order->status);
          return FALSE;
        }

      for (guint i = 1; i < order->history->len; i++)
        {
          HwOrderEvent *a = g_ptr_array_index (order->history, i - 1);
          HwOrderEvent *b = g_ptr_array_index (order->history, i);

          if (!hw_order_status_can_change (a->status, b->status) || b->at < a->at)
            {
              g_autofree char *name = g_strdup_printf ("history[%u]", i);

              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                  "an order cannot go from %s to %s at that time",
                                  a->status, b->status);
              return FALSE;
            }
        }
    }

  return TRUE;
}

static gboolean
check_integration (HwStore        *self,
                   HwIntegration  *integration,
                   GError        **error)
{
  if (integration->endpoint_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (integration->endpoint_url, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

      if (uri == NULL || (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
          g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "endpoint_url",
                              "is not an http or https address");
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
_hw_store_check_entity (HwStore        *self,
                        gpointer        entity,
                        gconstpointer   previous,
                        GError        **error)
{
  const HwEntityType *type = HW_ENTITY (entity)->type;

  if (type == &hw_category_type)
    return check_category (self, entity, error);
  if (type == &hw_attribute_type)
    return check_attribute (self, entity, error);
  if (type == &hw_product_type)
    return check_product (self, entity, error);
  if (type == &hw_product_relation_type)
    return check_relation (self, entity, error);
  if (type == &hw_catalogue_type)
    return check_catalogue (self, entity, error);
  if (type == &hw_account_type)
    return check_account (self, entity, error);
  if (type == &hw_user_type)
    return check_email (((HwUser *) entity)->email, error);
  if (type == &hw_staff_user_type)
    return check_email (((HwStaffUser *) entity)->email, error);
  if (type == &hw_visibility_rule_type)
    return check_visibility_rule (self, entity, error);
  if (type == &hw_price_list_type)
    return !((HwPriceList *) entity)->is_default ||
           check_single_default (self, "price_lists", HW_ENTITY (entity)->id, "price list",
                                 error);
  if (type == &hw_price_type)
    {
      HwPrice *price = entity;

      return check_tiers (price->tiers, error) &&
             check_window (price->valid_from, price->valid_to, error) &&
             check_no_overlapping (self, "prices", "price_list_id", price->price_list_id,
                                   price->product_id, HW_ENTITY (price)->id,
                                   price->valid_from, price->valid_to, error);
    }
  if (type == &hw_price_agreement_type)
    {
      HwPriceAgreement *agreement = entity;

      return check_tiers (agreement->tiers, error) &&
             check_window (agreement->valid_from, agreement->valid_to, error) &&
             check_no_overlapping (self, "price_agreements", "account_id",
                                   agreement->account_id, agreement->product_id,
                                   HW_ENTITY (agreement)->id, agreement->valid_from,
                                   agreement->valid_to, error);
    }
  if (type == &hw_discount_rule_type)
    return check_discount_rule (self, entity, error);
  if (type == &hw_order_type)
    return check_order (self, entity, previous, error);
  if (type == &hw_integration_type)
    return check_integration (self, entity, error);
  if (type == &hw_integration_run_type)
    {
      HwIntegrationRun *run = entity;

      if (run->finished_at != HW_NONE && run->finished_at < run->started_at)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "finished_at",
                              "must not be before started_at");
          return FALSE;
        }
    }

  return TRUE;
}

/* References that live inside JSON rows or in text fields (catalogue entries, rule
 * targets, attribute values) have no foreign key: check them before a delete. Foreign
 * keys cover the rest. Rows are stored as value arrays in field order (hw-json.c): $[0]
 * of an attribute value is its attribute_id, $[1] of a catalogue entry its target_id. */
gboolean
_hw_store_check_delete (HwStore             *self,
                        const HwEntityType  *type,
                        const char          *id,
                        GError             **error)
{
  static const struct {
    const HwEntityType *type;
    const char         *what;
    const char         *sql;
  } refs[] = {
    { &hw_attribute_type, "products",
      "SELECT count(*) FROM products, json_each (products.attributes) v"
      " WHERE json_extract (v.value, '$[0]') = ?1" },
    { &hw_category_type, "catalogue entries",
      "SELECT count(*) FROM catalogues, json_each (catalogues.entries) e"
      " WHERE json_extract (e.value, '$[1]') = ?1" },
    { &hw_product_type, "catalogue entries",
      "SELECT count(*) FROM catalogues, json_each (catalogues.entries) e"
      " WHERE json_extract (e.value, '$[1]') = ?1" },
    { &hw_category_type, "visibility rules",
      "SELECT count(*) FROM visibility_rules WHERE target_id = ?1" },
    { &hw_product_type, "visibility rules",
      "SELECT count(*) FROM visibility_rules WHERE target_id = ?1" },
    { &hw_account_type, "visibility rules",
      "SELECT count(*) FROM visibility_rules WHERE scope = 'account' AND scope_value = ?1" },
    { &hw_user_type, "visibility rules",
      "SELECT count(*) FROM visibility_rules WHERE scope = 'user' AND scope_value = ?1" },
    { &hw_category_type, "discount rules",
      "SELECT count(*) FROM discount_rules WHERE target = 'category' AND target_value = ?1" },
    { &hw_product_type, "discount rules",
      "SELECT count(*) FROM discount_rules WHERE target = 'product' AND target_value = ?1" },
    { &hw_account_type, "discount rules",
      "SELECT count(*) FROM discount_rules WHERE scope = 'account' AND scope_value = ?1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    {
      gint64 n = 0;

      if (refs[i].type != type)
        continue;

      if (!_hw_store_query_int64 (self, refs[i].sql, id, &n, error))
        return FALSE;

      if (n > 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_IN_USE, NULL,
                              "The %s is still used by %" G_GINT64_FORMAT " %s",
                              type->name, n, refs[i].what);
          return FALSE;
        }
    }

  return TRUE;
}

/* Completeness of every product follows the set of required attributes; when that set
 * changes, recompute it for all products in one statement. */
gboolean
_hw_store_after_write (HwStore        *self,
                       gconstpointer   entity,
                       GError        **error)
{
  if (HW_ENTITY (entity)->type != &hw_attribute_type)
    return TRUE;

  return _hw_store_recompute_completeness (self, error);
}

gboolean
_hw_store_recompute_completeness (HwStore  *self,
                                  GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  _hw_store_invalidate_attributes (self);

  stmt = _hw_store_prepare (self,
                            "UPDATE products SET completeness = CASE"
                            " WHEN r.n = 0 THEN 100"
                            " ELSE (SELECT count(*) FROM json_each (products.attributes) v"
                            "       JOIN attributes a"
                            "         ON a.id = json_extract (v.value, '$[0]')"
                            "       WHERE a.required) * 100 / r.n"
                            " END"
                            " FROM (SELECT count(*) AS n FROM attributes WHERE required) AS r",
                            error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return _hw_store_set_db_error (self, rc, error);

  return TRUE;
}
