/* hw-json-write.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-json"

#include "config.h"

#include <string.h>

#include "hw-json.h"

/* Entities written straight to JSON text, without a JsonBuilder tree: the answers that
 * carry many entities (the changes feed) or are asked for most (a GET), and the audit
 * entries of ERP imports. The text is byte for byte what json-glib's generator makes of
 * hw_entity_to_json () (tests/core/test-json.c and test-demo.c hold it to that). */

/* A JSON string as json-glib's generator writes it, so that text written here and text
 * from json_to_string () agree byte for byte. */
static void
write_generator_string (GString    *out,
                        const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      char c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if ((c > 0 && c < 0x1f) || c == 0x7f)
        {
          switch (c)
            {
            case '\b': g_string_append (out, "\\b"); break;
            case '\f': g_string_append (out, "\\f"); break;
            case '\n': g_string_append (out, "\\n"); break;
            case '\r': g_string_append (out, "\\r"); break;
            case '\t': g_string_append (out, "\\t"); break;
            default: g_string_append_printf (out, "\\u00%.2x", (guint) c); break;
            }
        }
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
write_int (GString *out,
           gint64   value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buffer + sizeof buffer - p);
}

static void write_fields (GString           *out,
                          const HwFieldSpec *fields,
                          guint              n_fields,
                          gconstpointer      record,
                          HwFieldFlags       flags,
                          gboolean           first);

/* One field's value, as encode_fields () builds it. */
static void
write_field_value (GString           *out,
                   const HwFieldSpec *spec,
                   gconstpointer      record)
{
  switch (spec->kind)
    {
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
      {
        const char *text = *HW_FIELD_PTR (record, spec, char *);

        if (text != NULL)
          write_generator_string (out, text);
        else
          g_string_append (out, "null");
      }
      break;

    case HW_FIELD_JSON:
      {
        const char *text = *HW_FIELD_PTR (record, spec, char *);
        g_autoptr(JsonNode) node = text != NULL ? json_from_string (text, NULL) : NULL;

        /* Rare (no synced type has one): regenerated, so it reads as it would in a tree. */
        if (node != NULL)
          {
            g_autofree char *generated = json_to_string (node, FALSE);
            g_string_append (out, generated);
          }
        else
          g_string_append (out, "null");
      }
      break;

    case HW_FIELD_INT:
      {
        gint64 value = *HW_FIELD_PTR (record, spec, gint64);

        if (value != HW_NONE)
          write_int (out, value);
        else
          g_string_append (out, "null");
      }
      break;

    case HW_FIELD_TIME:
      {
        gint64 value = *HW_FIELD_PTR (record, spec, gint64);

        if (value != HW_NONE)
          {
            char text[HW_TIME_FORMAT_SIZE];

            hw_time_format_into (value, text);
            write_generator_string (out, text);
          }
        else
          g_string_append (out, "null");
      }
      break;

    case HW_FIELD_BOOL:
      g_string_append (out, *HW_FIELD_PTR (record, spec, gboolean) ? "true" : "false");
      break;

    case HW_FIELD_STRV:
      {
        char **strv = *HW_FIELD_PTR (record, spec, char **);

        g_string_append_c (out, '[');
        for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
          {
            if (j > 0)
              g_string_append_c (out, ',');
            write_generator_string (out, strv[j]);
          }
        g_string_append_c (out, ']');
      }
      break;

    case HW_FIELD_CHILDREN:
      {
        GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);

        g_string_append_c (out, '[');
        for (guint j = 0; rows != NULL && j < rows->len; j++)
          {
            if (j > 0)
              g_string_append_c (out, ',');
            g_string_append_c (out, '{');
            write_fields (out, spec->child->fields, spec->child->n_fields,
                          g_ptr_array_index (rows, j), 0, TRUE);
            g_string_append_c (out, '}');
          }
        g_string_append_c (out, ']');
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* The members of @record's fields (those with any of @flags, or all for 0), secret ones
 * never; @first when no member precedes them. */
static void
write_fields (GString           *out,
              const HwFieldSpec *fields,
              guint              n_fields,
              gconstpointer      record,
              HwFieldFlags       flags,
              gboolean           first)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      if ((spec->flags & HW_FIELD_SECRET) || (flags != 0 && !(spec->flags & flags)))
        continue;

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      write_generator_string (out, spec->name);
      g_string_append_c (out, ':');
      write_field_value (out, spec, record);
    }
}

/**
 * hw_entity_fields_to_json_string:
 * @flags: which fields: those with any of @flags (e.g. %HW_FIELD_ERP)
 *
 * Returns: (transfer full): a compact JSON object with only the selected fields of
 *   @entity (no id, rev or updated_at), written directly as text; for audit entries
 *   that record only what could change
 */
char *
hw_entity_fields_to_json_string (gconstpointer entity,
                                 HwFieldFlags  flags)
{
  const HwEntity *self = entity;
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (flags != 0, NULL);

  out = g_string_sized_new (256);
  g_string_append_c (out, '{');
  write_fields (out, self->type->fields, self->type->n_fields, self, flags, TRUE);
  g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

/**
 * hw_json_write_string:
 *
 * Appends @text as a JSON string, escaped as json-glib's generator escapes it.
 */
void
hw_json_write_string (GString    *out,
                      const char *text)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL);

  write_generator_string (out, text);
}

/**
 * hw_entity_write_json:
 * @out: where to append
 *
 * Appends @entity as compact JSON text: byte for byte what json-glib's generator makes
 * of hw_entity_to_json(), without building the tree. For the answers that carry many
 * entities (the changes feed) or are asked for most (a product GET).
 */
void
hw_entity_write_json (GString       *out,
                      gconstpointer  entity)
{
  const HwEntity *self = entity;

  g_return_if_fail (out != NULL);
  g_return_if_fail (self != NULL);

  g_string_append (out, "{\"id\":");
  if (self->id != NULL)
    write_generator_string (out, self->id);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"rev\":");
  write_int (out, self->rev);
  g_string_append (out, ",\"updated_at\":");
  if (self->updated_at != 0)
    {
      char updated_at[HW_TIME_FORMAT_SIZE];

      hw_time_format_into (self->updated_at, updated_at);
      write_generator_string (out, updated_at);
    }
  else
    g_string_append (out, "null");

  write_fields (out, self->type->fields, self->type->n_fields, self, 0, FALSE);
  g_string_append_c (out, '}');
}
