/* hw-store-rows.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-json-private.h"
#include "hw-store-private.h"

/* Generic SQL over the field descriptions */

void
_hw_store_append_columns (GString           *sql,
                          const HwFieldSpec *fields,
                          guint              n_fields,
                          gboolean           with_entity_columns)
{
  gboolean first = TRUE;

  if (with_entity_columns)
    {
      g_string_append (sql, "\"id\", \"rev\", \"updated_at\"");
      first = FALSE;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      g_string_append_printf (sql, "%s\"%s\"", first ? "" : ", ", fields[i].name);
      first = FALSE;
    }
}

const HwTypeSql *
_hw_store_type_sql (HwStore            *self,
                    const HwEntityType *type)
{
  HwTypeSql *sql = g_hash_table_lookup (self->type_sql, type);
  GString *s;
  guint n;

  if (sql != NULL)
    return sql;

  sql = g_new0 (HwTypeSql, 1);
  n = type->n_fields;

  s = g_string_new ("SELECT ");
  _hw_store_append_columns (s, type->fields, type->n_fields, TRUE);
  g_string_append_printf (s, " FROM \"%s\"", type->table);
  sql->select = g_string_free (s, FALSE);
  sql->by_id = g_strdup_printf ("%s WHERE \"id\" = ?", sql->select);

  s = g_string_new (NULL);
  g_string_append_printf (s, "INSERT INTO \"%s\" (", type->table);
  _hw_store_append_columns (s, type->fields, type->n_fields, TRUE);
  g_string_append (s, ") VALUES (?, ?, ?");
  for (guint i = 0; i < n; i++)
    g_string_append (s, ", ?");
  g_string_append (s, ")");
  sql->insert = g_string_free (s, FALSE);

  s = g_string_new (NULL);
  g_string_append_printf (s, "UPDATE \"%s\" SET \"rev\" = ?2, \"updated_at\" = ?3", type->table);
  for (guint i = 0; i < type->n_fields; i++)
    g_string_append_printf (s, ", \"%s\" = ?%u", type->fields[i].name, i + 4);
  g_string_append (s, " WHERE \"id\" = ?1");
  sql->update = g_string_free (s, FALSE);

  sql->remove = g_strdup_printf ("DELETE FROM \"%s\" WHERE \"id\" = ?", type->table);
  sql->rev_of = g_strdup_printf ("SELECT \"rev\" FROM \"%s\" WHERE \"id\" = ?", type->table);

  g_hash_table_insert (self->type_sql, (gpointer) type, sql);
  return sql;
}

static char *
strv_to_json (char **strv)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

char **
_hw_strv_from_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *item = json_array_get_string_element (array, i);
      if (item != NULL)
        g_strv_builder_add (builder, item);
    }

  return g_strv_builder_end (builder);
}

/* Binds the non-children fields of @record from parameter @first on. */
void
_hw_store_bind_fields (sqlite3_stmt      *stmt,
                       int                first,
                       const HwFieldSpec *fields,
                       guint              n_fields,
                       gconstpointer      record)
{
  int col = first;

  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
        case HW_FIELD_JSON:
          {
            const char *text = *HW_FIELD_PTR (record, spec, char *);

            if (text != NULL)
              sqlite3_bind_text (stmt, col, text, -1, SQLITE_TRANSIENT);
            else
              sqlite3_bind_null (stmt, col);
          }
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
          {
            gint64 value = *HW_FIELD_PTR (record, spec, gint64);

            if (value != HW_NONE)
              sqlite3_bind_int64 (stmt, col, value);
            else
              sqlite3_bind_null (stmt, col);
          }
          break;

        case HW_FIELD_BOOL:
          sqlite3_bind_int (stmt, col, *HW_FIELD_PTR (record, spec, gboolean) ? 1 : 0);
          break;

        case HW_FIELD_STRV:
          {
            char **strv = *HW_FIELD_PTR (record, spec, char **);

            if (strv != NULL)
              sqlite3_bind_text (stmt, col, strv_to_json (strv), -1, g_free);
            else
              sqlite3_bind_null (stmt, col);
          }
          break;

        case HW_FIELD_CHILDREN:
          {
            GString *json = g_string_sized_new (128);

            _hw_json_write_rows (json, spec->child, *HW_FIELD_PTR (record, spec, GPtrArray *));
            sqlite3_bind_text (stmt, col, json->str, json->len, g_free);
            g_string_free (json, FALSE);
          }
          break;

        default:
          g_assert_not_reached ();
        }

      col++;
    }
}

static void
read_fields (sqlite3_stmt      *stmt,
             int                first,
             const HwFieldSpec *fields,
             guint              n_fields,
             gboolean           with_children,
             gpointer           record)
{
  int col = first;

  for (guint i = 0; i < n_fields; i++, col++)
    {
      const HwFieldSpec *spec = &fields[i];
      gboolean is_null;

      is_null = sqlite3_column_type (stmt, col) == SQLITE_NULL;

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
        case HW_FIELD_JSON:
          g_free (*HW_FIELD_PTR (record, spec, char *));
          *HW_FIELD_PTR (record, spec, char *) =
            is_null ? NULL : g_strdup ((const char *) sqlite3_column_text (stmt, col));
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
          *HW_FIELD_PTR (record, spec, gint64) =
            is_null ? HW_NONE : sqlite3_column_int64 (stmt, col);
          break;

        case HW_FIELD_BOOL:
          *HW_FIELD_PTR (record, spec, gboolean) = sqlite3_column_int (stmt, col) != 0;
          break;

        case HW_FIELD_STRV:
          g_strfreev (*HW_FIELD_PTR (record, spec, char **));
          *HW_FIELD_PTR (record, spec, char **) =
            is_null ? NULL : _hw_strv_from_json ((const char *) sqlite3_column_text (stmt, col));
          break;

        case HW_FIELD_CHILDREN:
          if (with_children && !is_null)
            {
              g_autoptr(GError) error = NULL;

              if (!_hw_json_read_rows (spec->child, (const char *) sqlite3_column_text (stmt, col),
                                       *HW_FIELD_PTR (record, spec, GPtrArray *), &error))
                g_warning ("%s: %s", spec->name, error->message);
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

gpointer
_hw_store_read_entity (sqlite3_stmt       *stmt,
                       const HwEntityType *type,
                       gboolean            with_children)
{
  HwEntity *entity = hw_entity_new (type);

  entity->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  entity->rev = sqlite3_column_int64 (stmt, 1);
  entity->updated_at = sqlite3_column_int64 (stmt, 2);
  read_fields (stmt, 3, type->fields, type->n_fields, with_children, entity);

  return entity;
}

/* Binds @value, or NULL when it is NULL or empty. @value must outlive the step. */
void
_hw_store_bind_text_or_null (sqlite3_stmt *stmt,
                             int           index,
                             const char   *value)
{
  if (value != NULL && value[0] != '\0')
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/**
 * _hw_store_column_text:
 *
 * Returns: (transfer full) (nullable): a copy of a text column, %NULL for NULL
 */
char *
_hw_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}
