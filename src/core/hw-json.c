/* hw-json.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-json"

#include "config.h"

#include "hw-core-error.h"
#include "hw-json-private.h"

static void
encode_fields (JsonBuilder       *builder,
               const HwFieldSpec *fields,
               guint              n_fields,
               gconstpointer      record)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      if (spec->flags & HW_FIELD_SECRET)
        continue;

      json_builder_set_member_name (builder, spec->name);

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
          {
            const char *text = *HW_FIELD_PTR (record, spec, char *);

            if (text != NULL)
              json_builder_add_string_value (builder, text);
            else
              json_builder_add_null_value (builder);
          }
          break;

        case HW_FIELD_JSON:
          {
            const char *text = *HW_FIELD_PTR (record, spec, char *);
            g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

            if (node != NULL)
              json_builder_add_value (builder, g_steal_pointer (&node));
            else
              json_builder_add_null_value (builder);
          }
          break;

        case HW_FIELD_INT:
          {
            gint64 value = *HW_FIELD_PTR (record, spec, gint64);

            if (value != HW_NONE)
              json_builder_add_int_value (builder, value);
            else
              json_builder_add_null_value (builder);
          }
          break;

        case HW_FIELD_TIME:
          {
            gint64 value = *HW_FIELD_PTR (record, spec, gint64);

            if (value != HW_NONE)
              {
                g_autofree char *text = hw_time_format (value);
                json_builder_add_string_value (builder, text);
              }
            else
              json_builder_add_null_value (builder);
          }
          break;

        case HW_FIELD_BOOL:
          json_builder_add_boolean_value (builder, *HW_FIELD_PTR (record, spec, gboolean));
          break;

        case HW_FIELD_STRV:
          {
            char **strv = *HW_FIELD_PTR (record, spec, char **);

            json_builder_begin_array (builder);
            for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
              json_builder_add_string_value (builder, strv[j]);
            json_builder_end_array (builder);
          }
          break;

        case HW_FIELD_CHILDREN:
          {
            GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);

            json_builder_begin_array (builder);
            for (guint j = 0; rows != NULL && j < rows->len; j++)
              {
                json_builder_begin_object (builder);
                encode_fields (builder, spec->child->fields, spec->child->n_fields,
                               g_ptr_array_index (rows, j));
                json_builder_end_object (builder);
              }
            json_builder_end_array (builder);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * hw_entity_to_json:
 *
 * Returns: (transfer full): a JSON object with id, rev, updated_at and every field
 */
JsonNode *
hw_entity_to_json (gconstpointer entity)
{
  const HwEntity *self = entity;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autofree char *updated_at = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (self->id != NULL)
    json_builder_add_string_value (builder, self->id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "rev");
  json_builder_add_int_value (builder, self->rev);
  json_builder_set_member_name (builder, "updated_at");
  if (self->updated_at != 0)
    {
      updated_at = hw_time_format (self->updated_at);
      json_builder_add_string_value (builder, updated_at);
    }
  else
    json_builder_add_null_value (builder);

  encode_fields (builder, self->type->fields, self->type->n_fields, self);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * hw_entity_to_json_string:
 *
 * Returns: (transfer full): hw_entity_to_json() as compact text; see
 *   hw_entity_write_json()
 */
char *
hw_entity_to_json_string (gconstpointer entity)
{
  GString *out;

  g_return_val_if_fail (entity != NULL, NULL);

  out = g_string_sized_new (512);
  hw_entity_write_json (out, entity);

  return g_string_free (out, FALSE);
}

static const char *
json_type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
      return "an integer";
    case G_TYPE_DOUBLE:
      return "a number with decimals";
    case G_TYPE_STRING:
      return "a string";
    default:
      return "a value";
    }
}

static gboolean
wrong_type (const char  *name,
            const char  *expected,
            JsonNode    *node,
            GError     **error)
{
  hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "expected %s, got %s",
                      expected, json_type_name (node));
  return FALSE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean decode_fields (const HwFieldSpec  *fields,
                               guint               n_fields,
                               JsonObject         *object,
                               gpointer            record,
                               const char         *prefix,
                               GError            **error);

static gboolean
decode_field (const HwFieldSpec  *spec,
              const char         *name,
              JsonNode           *node,
              gpointer            record,
              GError            **error)
{
  if (JSON_NODE_HOLDS_NULL (node) && spec->kind != HW_FIELD_CHILDREN &&
      spec->kind != HW_FIELD_STRV && spec->kind != HW_FIELD_BOOL)
    return TRUE; /* the default (NULL / HW_NONE) stays; validation decides if that is fine */

  switch (spec->kind)
    {
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
      if (!node_is (node, G_TYPE_STRING))
        return wrong_type (name, "a string", node, error);
      if (spec->kind == HW_FIELD_ENUM &&
          !g_strv_contains (spec->values, json_node_get_string (node)))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) spec->values);

          hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                              "unknown value (expected one of %s)", allowed);
          return FALSE;
        }
      g_free (*HW_FIELD_PTR (record, spec, char *));
      *HW_FIELD_PTR (record, spec, char *) = g_strdup (json_node_get_string (node));
      break;

    case HW_FIELD_JSON:
      g_free (*HW_FIELD_PTR (record, spec, char *));
      *HW_FIELD_PTR (record, spec, char *) = json_to_string (node, FALSE);
      break;

    case HW_FIELD_INT:
      if (!node_is (node, G_TYPE_INT64))
        return wrong_type (name, "an integer", node, error);
      if (json_node_get_int (node) == HW_NONE)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "is out of range");
          return FALSE;
        }
      *HW_FIELD_PTR (record, spec, gint64) = json_node_get_int (node);
      break;

    case HW_FIELD_TIME:
      {
        gint64 usec;

        if (!node_is (node, G_TYPE_STRING))
          return wrong_type (name, "a date and time in ISO 8601", node, error);
        if (!hw_time_parse (json_node_get_string (node), &usec))
          {
            hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                "is not a date and time in ISO 8601 with a time zone");
            return FALSE;
          }
        *HW_FIELD_PTR (record, spec, gint64) = usec;
      }
      break;

    case HW_FIELD_BOOL:
      if (!node_is (node, G_TYPE_BOOLEAN))
        return wrong_type (name, "true or false", node, error);
      *HW_FIELD_PTR (record, spec, gboolean) = json_node_get_boolean (node);
      break;

    case HW_FIELD_STRV:
      {
        g_autoptr(GStrvBuilder) strv = NULL;
        JsonArray *array;

        if (JSON_NODE_HOLDS_NULL (node))
          break;
        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (name, "an array of strings", node, error);

        array = json_node_get_array (node);
        strv = g_strv_builder_new ();
        for (guint j = 0; j < json_array_get_length (array); j++)
          {
            JsonNode *item = json_array_get_element (array, j);

            if (!node_is (item, G_TYPE_STRING))
              {
                g_autofree char *item_name = g_strdup_printf ("%s[%u]", name, j);
                return wrong_type (item_name, "a string", item, error);
              }
            g_strv_builder_add (strv, json_node_get_string (item));
          }

        g_strfreev (*HW_FIELD_PTR (record, spec, char **));
        *HW_FIELD_PTR (record, spec, char **) = g_strv_builder_end (strv);
      }
      break;

    case HW_FIELD_CHILDREN:
      {
        GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);
        JsonArray *array;

        if (JSON_NODE_HOLDS_NULL (node))
          break;
        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (name, "an array of objects", node, error);

        array = json_node_get_array (node);
        g_ptr_array_set_size (rows, 0);
        for (guint j = 0; j < json_array_get_length (array); j++)
          {
            JsonNode *item = json_array_get_element (array, j);
            g_autofree char *item_name = g_strdup_printf ("%s[%u]", name, j);
            gpointer row;

            if (!JSON_NODE_HOLDS_OBJECT (item))
              return wrong_type (item_name, "an object", item, error);

            row = hw_child_new (spec->child);
            g_ptr_array_add (rows, row);
            if (!decode_fields (spec->child->fields, spec->child->n_fields,
                                json_node_get_object (item), row, item_name, error))
              return FALSE;
          }
      }
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

static gboolean
decode_fields (const HwFieldSpec  *fields,
               guint               n_fields,
               JsonObject         *object,
               gpointer            record,
               const char         *prefix,
               GError            **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *name = prefix ? g_strdup_printf ("%s.%s", prefix, spec->name)
                                     : g_strdup (spec->name);
      JsonNode *node = json_object_get_member (object, spec->name);

      if (spec->flags & HW_FIELD_SECRET)
        continue;

      if (node == NULL)
        {
          if (spec->flags & HW_FIELD_REQUIRED)
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "is missing");
              return FALSE;
            }
          continue;
        }

      if (!decode_field (spec, name, node, record, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * hw_entity_from_json:
 *
 * Returns: (transfer full) (nullable): a new entity of @type, or %NULL with @error set
 */
gpointer
hw_entity_from_json (const HwEntityType  *type,
                     JsonNode            *node,
                     GError             **error)
{
  g_autoptr(HwEntity) entity = NULL;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (type != NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, NULL,
                          "A %s must be a JSON object", type->name);
      return NULL;
    }

  object = json_node_get_object (node);
  entity = hw_entity_new (type);

  if ((member = json_object_get_member (object, "id")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!node_is (member, G_TYPE_STRING))
        return wrong_type ("id", "a string", member, error), NULL;
      if (!hw_uuid_is_valid (json_node_get_string (member)))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "id", "is not a UUID");
          return NULL;
        }
      entity->id = g_strdup (json_node_get_string (member));
    }

  if ((member = json_object_get_member (object, "rev")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!node_is (member, G_TYPE_INT64) || json_node_get_int (member) < 0)
        return wrong_type ("rev", "a revision number", member, error), NULL;
      entity->rev = json_node_get_int (member);
    }

  if ((member = json_object_get_member (object, "updated_at")) != NULL &&
      !JSON_NODE_HOLDS_NULL (member))
    {
      if (!node_is (member, G_TYPE_STRING) ||
          !hw_time_parse (json_node_get_string (member), &entity->updated_at))
        return wrong_type ("updated_at", "a date and time in ISO 8601", member, error), NULL;
    }

  if (!decode_fields (type->fields, type->n_fields, object, entity, NULL, error))
    return NULL;

  return g_steal_pointer (&entity);
}

gpointer
hw_entity_from_json_string (const HwEntityType  *type,
                            const char          *text,
                            gssize               length,
                            GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      hw_set_field_error (error, HW_CORE_ERROR_PARSE, NULL, "The JSON could not be read: %s",
                          local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_PARSE, NULL, "The JSON could not be read: it is empty");
      return NULL;
    }

  return hw_entity_from_json (type, json_parser_get_root (parser), error);
}

static void
write_string (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/**
 * _hw_json_write_rows:
 *
 * Appends @rows in the store's compact form: an array with one array of values per row,
 * in the order of the child type's fields. Field names would be most of the bytes of a
 * product's attribute values. Written by hand rather than with JsonBuilder: the store
 * calls this for every write.
 */
void
_hw_json_write_rows (GString           *out,
                     const HwChildType *type,
                     GPtrArray         *rows)
{
  g_string_append_c (out, '[');

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);

      g_string_append (out, i ? ",[" : "[");

      for (guint f = 0; f < type->n_fields; f++)
        {
          const HwFieldSpec *spec = &type->fields[f];

          if (f > 0)
            g_string_append_c (out, ',');

          switch (spec->kind)
            {
            case HW_FIELD_TEXT:
            case HW_FIELD_ENUM:
            case HW_FIELD_REF:
            case HW_FIELD_CURRENCY:
              {
                const char *text = *HW_FIELD_PTR (row, spec, char *);

                if (text != NULL)
                  write_string (out, text);
                else
                  g_string_append (out, "null");
              }
              break;

            case HW_FIELD_INT:
            case HW_FIELD_TIME:
              {
                gint64 value = *HW_FIELD_PTR (row, spec, gint64);

                if (value != HW_NONE)
                  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
                else
                  g_string_append (out, "null");
              }
              break;

            case HW_FIELD_BOOL:
              g_string_append (out, *HW_FIELD_PTR (row, spec, gboolean) ? "true" : "false");
              break;

            case HW_FIELD_STRV:
            case HW_FIELD_JSON:
            case HW_FIELD_CHILDREN:
            default:
              /* Child rows hold plain values only (see hw-model.c). */
              g_assert_not_reached ();
            }
        }

      g_string_append_c (out, ']');
    }

  g_string_append_c (out, ']');
}

static gboolean
read_row_value (const HwFieldSpec  *spec,
                JsonNode           *node,
                gpointer            row)
{
  gboolean is_null = JSON_NODE_HOLDS_NULL (node);

  switch (spec->kind)
    {
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
      if (!is_null && !node_is (node, G_TYPE_STRING))
        return FALSE;
      g_free (*HW_FIELD_PTR (row, spec, char *));
      *HW_FIELD_PTR (row, spec, char *) = is_null ? NULL : g_strdup (json_node_get_string (node));
      return TRUE;

    case HW_FIELD_INT:
    case HW_FIELD_TIME:
      if (!is_null && !node_is (node, G_TYPE_INT64))
        return FALSE;
      *HW_FIELD_PTR (row, spec, gint64) = is_null ? HW_NONE : json_node_get_int (node);
      return TRUE;

    case HW_FIELD_BOOL:
      if (!node_is (node, G_TYPE_BOOLEAN))
        return FALSE;
      *HW_FIELD_PTR (row, spec, gboolean) = json_node_get_boolean (node);
      return TRUE;

    case HW_FIELD_STRV:
    case HW_FIELD_JSON:
    case HW_FIELD_CHILDREN:
    default:
      return FALSE;
    }
}

/**
 * _hw_json_read_rows:
 *
 * Replaces the contents of @rows with the rows of @text, written by
 * _hw_json_write_rows().
 */
gboolean
_hw_json_read_rows (const HwChildType  *type,
                    const char         *text,
                    GPtrArray          *rows,
                    GError            **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  /* Most products have none: no parser for every read of one. */
  if (g_strcmp0 (text, "[]") == 0)
    {
      g_ptr_array_set_size (rows, 0);
      return TRUE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      hw_set_field_error (error, HW_CORE_ERROR_PARSE, NULL, "Stored rows could not be read: %s",
                          local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    goto malformed;

  array = json_node_get_array (root);
  g_ptr_array_set_size (rows, 0);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonArray *values;
      gpointer row;

      if (!JSON_NODE_HOLDS_ARRAY (item) ||
          json_array_get_length (values = json_node_get_array (item)) != type->n_fields)
        goto malformed;

      row = hw_child_new (type);
      g_ptr_array_add (rows, row);

      for (guint f = 0; f < type->n_fields; f++)
        if (!read_row_value (&type->fields[f], json_array_get_element (values, f), row))
          goto malformed;
    }

  return TRUE;

malformed:
  hw_set_field_error (error, HW_CORE_ERROR_PARSE, NULL, "Stored rows are not in the store's form");
  return FALSE;
}
