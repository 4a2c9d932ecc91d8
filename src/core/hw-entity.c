/* hw-entity.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-entity"

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-entity.h"

static void
fields_init (const HwFieldSpec *fields,
             guint              n_fields,
             gpointer           record)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];

      switch (spec->kind)
        {
        case HW_FIELD_INT:
          *HW_FIELD_PTR (record, spec, gint64) =
            (spec->flags & HW_FIELD_NULLABLE) && spec->default_int == 0 ? HW_NONE
                                                                         : spec->default_int;
          break;

        case HW_FIELD_TIME:
          *HW_FIELD_PTR (record, spec, gint64) = HW_NONE;
          break;

        case HW_FIELD_BOOL:
          *HW_FIELD_PTR (record, spec, gboolean) = spec->default_int != 0;
          break;

        case HW_FIELD_CHILDREN:
          *HW_FIELD_PTR (record, spec, GPtrArray *) = hw_child_array_new (spec->child);
          break;

        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
        case HW_FIELD_STRV:
        case HW_FIELD_JSON:
        default:
          break;
        }
    }
}

static void
fields_clear (const HwFieldSpec *fields,
              guint              n_fields,
              gpointer           record)
{
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
          g_clear_pointer (HW_FIELD_PTR (record, spec, char *), g_free);
          break;

        case HW_FIELD_STRV:
          g_clear_pointer (HW_FIELD_PTR (record, spec, char **), g_strfreev);
          break;

        case HW_FIELD_CHILDREN:
          g_clear_pointer (HW_FIELD_PTR (record, spec, GPtrArray *), g_ptr_array_unref);
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
        case HW_FIELD_BOOL:
        default:
          break;
        }
    }
}

static void
fields_copy (const HwFieldSpec *fields,
             guint              n_fields,
             gconstpointer      src,
             gpointer           dest)
{
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
          *HW_FIELD_PTR (dest, spec, char *) = g_strdup (*HW_FIELD_PTR (src, spec, char *));
          break;

        case HW_FIELD_STRV:
          *HW_FIELD_PTR (dest, spec, char **) =
            g_strdupv (*HW_FIELD_PTR (src, spec, char **));
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
          *HW_FIELD_PTR (dest, spec, gint64) = *HW_FIELD_PTR (src, spec, gint64);
          break;

        case HW_FIELD_BOOL:
          *HW_FIELD_PTR (dest, spec, gboolean) = *HW_FIELD_PTR (src, spec, gboolean);
          break;

        case HW_FIELD_CHILDREN:
          {
            GPtrArray *from = *HW_FIELD_PTR (src, spec, GPtrArray *);
            GPtrArray *to = hw_child_array_new (spec->child);

            for (guint j = 0; from != NULL && j < from->len; j++)
              {
                gpointer row = hw_child_new (spec->child);

                fields_clear (spec->child->fields, spec->child->n_fields, row);
                fields_copy (spec->child->fields, spec->child->n_fields,
                             g_ptr_array_index (from, j), row);
                g_ptr_array_add (to, row);
              }

            *HW_FIELD_PTR (dest, spec, GPtrArray *) = to;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gboolean
strv_equal (char * const *a,
            char * const *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
fields_equal (const HwFieldSpec *fields,
              guint              n_fields,
              gconstpointer      a,
              gconstpointer      b)
{
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
          if (g_strcmp0 (*HW_FIELD_PTR (a, spec, char *), *HW_FIELD_PTR (b, spec, char *)) != 0)
            return FALSE;
          break;

        case HW_FIELD_STRV:
          if (!strv_equal (*HW_FIELD_PTR (a, spec, char **), *HW_FIELD_PTR (b, spec, char **)))
            return FALSE;
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
          if (*HW_FIELD_PTR (a, spec, gint64) != *HW_FIELD_PTR (b, spec, gint64))
            return FALSE;
          break;

        case HW_FIELD_BOOL:
          if (!*HW_FIELD_PTR (a, spec, gboolean) != !*HW_FIELD_PTR (b, spec, gboolean))
            return FALSE;
          break;

        case HW_FIELD_CHILDREN:
          {
            GPtrArray *ra = *HW_FIELD_PTR (a, spec, GPtrArray *);
            GPtrArray *rb = *HW_FIELD_PTR (b, spec, GPtrArray *);
            guint la = ra != NULL ? ra->len : 0;
            guint lb = rb != NULL ? rb->len : 0;

            if (la != lb)
              return FALSE;

            for (guint j = 0; j < la; j++)
              if (!fields_equal (spec->child->fields, spec->child->n_fields,
                                 g_ptr_array_index (ra, j), g_ptr_array_index (rb, j)))
                return FALSE;
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

/**
 * hw_entity_new:
 *
 * Returns: (transfer full): a new entity of @type with every field at its default
 */
gpointer
hw_entity_new (const HwEntityType *type)
{
  HwEntity *entity;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (type->struct_size >= sizeof (HwEntity), NULL);

  entity = g_malloc0 (type->struct_size);
  entity->type = type;
  entity->rev = 0;
  entity->updated_at = 0;
  fields_init (type->fields, type->n_fields, entity);

  return entity;
}

void
hw_entity_free (gpointer entity)
{
  HwEntity *self = entity;

  if (self == NULL)
    return;

  fields_clear (self->type->fields, self->type->n_fields, self);
  g_free (self->id);
  g_free (self);
}

gpointer
hw_entity_copy (gconstpointer entity)
{
  const HwEntity *self = entity;
  HwEntity *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_malloc0 (self->type->struct_size);
  copy->type = self->type;
  copy->id = g_strdup (self->id);
  copy->rev = self->rev;
  copy->updated_at = self->updated_at;
  fields_copy (self->type->fields, self->type->n_fields, self, copy);

  return copy;
}

gboolean
hw_entity_equal (gconstpointer a,
                 gconstpointer b)
{
  const HwEntity *ea = a;
  const HwEntity *eb = b;

  if (ea == eb)
    return TRUE;
  if (ea == NULL || eb == NULL || ea->type != eb->type)
    return FALSE;
  if (g_strcmp0 (ea->id, eb->id) != 0 || ea->rev != eb->rev || ea->updated_at != eb->updated_at)
    return FALSE;

  return fields_equal (ea->type->fields, ea->type->n_fields, ea, eb);
}

/* Whether @spec is one of the fields @flags selects: stored data a caller may copy or
 * compare (computed and secret fields are the store's own). */
static gboolean
field_selected (const HwFieldSpec *spec,
                HwFieldFlags       flags)
{
  return (spec->flags & flags) && !(spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET));
}

/**
 * hw_entity_copy_fields:
 * @dest: an entity of the type of @src
 * @flags: which fields: those with any of @flags (e.g. %HW_FIELD_ERP), computed and
 *   secret fields excepted
 *
 * Replaces the selected fields of @dest with copies of those of @src; id, rev,
 * updated_at and every other field of @dest are kept.
 */
void
hw_entity_copy_fields (gpointer       dest,
                       gconstpointer  src,
                       HwFieldFlags   flags)
{
  const HwEntityType *type;

  g_return_if_fail (dest != NULL && src != NULL);
  g_return_if_fail (HW_ENTITY (dest)->type == HW_ENTITY (src)->type);

  type = HW_ENTITY (src)->type;
  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];

      if (!field_selected (spec, flags))
        continue;

      fields_clear (spec, 1, dest);
      fields_copy (spec, 1, src, dest);
    }
}

#define SWAP_FIELD(a, b, spec, ctype)                                                   \
  G_STMT_START {                                                                        \
    ctype tmp = *HW_FIELD_PTR (a, spec, ctype);                                         \
    *HW_FIELD_PTR (a, spec, ctype) = *HW_FIELD_PTR (b, spec, ctype);                    \
    *HW_FIELD_PTR (b, spec, ctype) = tmp;                                               \
  } G_STMT_END

/**
 * hw_entity_swap_fields:
 * @flags: which fields, as for hw_entity_copy_fields()
 *
 * Exchanges the selected fields of @a and @b (of one type): hw_entity_copy_fields()
 * without copying, for a caller done with @b.
 */
void
hw_entity_swap_fields (gpointer      a,
                       gpointer      b,
                       HwFieldFlags  flags)
{
  const HwEntityType *type;

  g_return_if_fail (a != NULL && b != NULL);
  g_return_if_fail (HW_ENTITY (a)->type == HW_ENTITY (b)->type);

  type = HW_ENTITY (a)->type;
  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];

      if (!field_selected (spec, flags))
        continue;

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
        case HW_FIELD_JSON:
        case HW_FIELD_STRV:
        case HW_FIELD_CHILDREN:
          SWAP_FIELD (a, b, spec, gpointer);
          break;

        case HW_FIELD_INT:
        case HW_FIELD_TIME:
          SWAP_FIELD (a, b, spec, gint64);
          break;

        case HW_FIELD_BOOL:
          SWAP_FIELD (a, b, spec, gboolean);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * hw_entity_fields_equal:
 * @flags: which fields, as for hw_entity_copy_fields()
 *
 * Returns: whether @a and @b (of one type) agree on the selected fields
 */
gboolean
hw_entity_fields_equal (gconstpointer a,
                        gconstpointer b,
                        HwFieldFlags  flags)
{
  const HwEntityType *type;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  g_return_val_if_fail (HW_ENTITY (a)->type == HW_ENTITY (b)->type, FALSE);

  type = HW_ENTITY (a)->type;
  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];

      if (field_selected (spec, flags) && !fields_equal (spec, 1, a, b))
        return FALSE;
    }

  return TRUE;
}

const HwFieldSpec *
hw_entity_type_find_field (const HwEntityType *type,
                           const char         *name)
{
  g_return_val_if_fail (type != NULL, NULL);

  if (name == NULL)
    return NULL;

  for (guint i = 0; i < type->n_fields; i++)
    if (strcmp (type->fields[i].name, name) == 0)
      return &type->fields[i];

  return NULL;
}

gpointer
hw_child_new (const HwChildType *type)
{
  gpointer row = g_malloc0 (type->struct_size);

  fields_init (type->fields, type->n_fields, row);

  return row;
}

void
hw_child_free (const HwChildType *type,
               gpointer           child)
{
  if (child == NULL)
    return;

  fields_clear (type->fields, type->n_fields, child);
  g_free (child);
}

GPtrArray *
hw_child_array_new (const HwChildType *type)
{
  return g_ptr_array_new_with_free_func (type->free_func);
}

/**
 * hw_field_is_set:
 *
 * Returns: whether @record holds a value for @spec (a non-empty text, a set integer…)
 */
gboolean
hw_field_is_set (const HwFieldSpec *spec,
                 gconstpointer      record)
{
  switch (spec->kind)
    {
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
    case HW_FIELD_JSON:
      {
        const char *text = *HW_FIELD_PTR (record, spec, char *);
        return text != NULL && text[0] != '\0';
      }

    case HW_FIELD_STRV:
      return *HW_FIELD_PTR (record, spec, char **) != NULL;

    case HW_FIELD_INT:
    case HW_FIELD_TIME:
      return *HW_FIELD_PTR (record, spec, gint64) != HW_NONE;

    case HW_FIELD_BOOL:
    case HW_FIELD_CHILDREN:
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
text_is_clean (const char *text)
{
  /* Control characters other than tab and newlines have no place in business data and
   * break CSV exports and terminals. */
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
      return FALSE;

  return TRUE;
}

static gboolean
validate_text (const HwFieldSpec  *spec,
               const char         *name,
               const char         *text,
               GError            **error)
{
  guint max_length = spec->max_length != 0 ? spec->max_length : 10000;

  if (!g_utf8_validate (text, -1, NULL))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "is not valid UTF-8");
      return FALSE;
    }

  if (!text_is_clean (text))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "contains control characters");
      return FALSE;
    }

  /* Bytes bound characters from above: count characters only for long texts. */
  if (strlen (text) > max_length && g_utf8_strlen (text, -1) > max_length)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                          "is longer than %u characters", max_length);
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_fields_validate:
 * @prefix: (nullable): prepended to field names in errors, e.g. "tiers[2]"
 *
 * Checks what can be checked without the database: presence, enum values, currencies,
 * ranges, UTF-8 and lengths. Child rows are checked too.
 */
gboolean
hw_fields_validate (const HwFieldSpec  *fields,
                    guint               n_fields,
                    gconstpointer       record,
                    const char         *prefix,
                    GError            **error)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *prefixed = NULL;
      const char *name = spec->name;
      gboolean is_set;

      if (spec->flags & HW_FIELD_COMPUTED)
        continue;

      /* Only child rows are prefixed ("tiers[1].min_qty"); they are few. */
      if (prefix != NULL)
        name = prefixed = g_strconcat (prefix, ".", spec->name, NULL);

      is_set = hw_field_is_set (spec, record);

      if (!is_set)
        {
          if ((spec->flags & HW_FIELD_REQUIRED) || !(spec->flags & HW_FIELD_NULLABLE))
            {
              if (spec->kind == HW_FIELD_STRV || spec->kind == HW_FIELD_JSON)
                continue;
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "must not be empty");
              return FALSE;
            }
          continue;
        }

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_JSON:
          if (!validate_text (spec, name, *HW_FIELD_PTR (record, spec, char *), error))
            return FALSE;
          break;

        case HW_FIELD_REF:
          {
            const char *id = *HW_FIELD_PTR (record, spec, char *);

            if (!validate_text (spec, name, id, error))
              return FALSE;
            if (strlen (id) > 64)
              {
                hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "is not an id");
                return FALSE;
              }
          }
          break;

        case HW_FIELD_ENUM:
          {
            const char *value = *HW_FIELD_PTR (record, spec, char *);

            if (!g_strv_contains (spec->values, value))
              {
                g_autofree char *allowed = g_strjoinv (", ", (char **) spec->values);
                g_autofree char *shown = g_utf8_make_valid (value, 64);

                hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                    "unknown value “%s” (expected one of %s)", shown, allowed);
                return FALSE;
              }
          }
          break;

        case HW_FIELD_CURRENCY:
          if (!hw_currency_is_valid (*HW_FIELD_PTR (record, spec, char *)))
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                  "is not an ISO 4217 currency code");
              return FALSE;
            }
          break;

        case HW_FIELD_INT:
          {
            gint64 value = *HW_FIELD_PTR (record, spec, gint64);

            if ((spec->flags & HW_FIELD_POSITIVE) && value < 1)
              {
                hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "must be at least 1");
                return FALSE;
              }
            if ((spec->flags & HW_FIELD_NONNEG) && value < 0)
              {
                hw_set_field_error (error, HW_CORE_ERROR_INVALID, name, "must not be negative");
                return FALSE;
              }
          }
          break;

        case HW_FIELD_STRV:
          {
            char **strv = *HW_FIELD_PTR (record, spec, char **);

            for (guint j = 0; strv[j] != NULL; j++)
              if (strv[j][0] == '\0' || !validate_text (spec, name, strv[j], error))
                {
                  if (error != NULL && *error == NULL)
                    hw_set_field_error (error, HW_CORE_ERROR_INVALID, name,
                                        "must not hold empty values");
                  return FALSE;
                }
          }
          break;

        case HW_FIELD_CHILDREN:
          {
            GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);

            for (guint j = 0; rows != NULL && j < rows->len; j++)
              {
                g_autofree char *row_name = g_strdup_printf ("%s[%u]", name, j);

                if (!hw_fields_validate (spec->child->fields, spec->child->n_fields,
                                         g_ptr_array_index (rows, j), row_name, error))
                  return FALSE;
              }
          }
          break;

        case HW_FIELD_TIME:
        case HW_FIELD_BOOL:
        default:
          break;
        }
    }

  return TRUE;
}

/* Writes @value as @width digits, zero-padded, and returns the end. */
static char *
put_digits (char   *out,
            guint64 value,
            int     width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }

  return out + width;
}

/**
 * hw_time_format_into:
 * @buffer: at least %HW_TIME_FORMAT_SIZE bytes
 *
 * Writes hw_time_format() of @usec into @buffer, NUL-terminated, without allocating: the
 * JSON writer formats every entity's updated_at.
 */
void
hw_time_format_into (gint64 usec,
                     char   buffer[HW_TIME_FORMAT_SIZE])
{
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 micro = usec % G_USEC_PER_SEC;
  gint64 days, era, year;
  guint secs_of_day, doe, yoe, doy, mp, month, day;
  char *p = buffer;

  if (micro < 0)
    {
      micro += G_USEC_PER_SEC;
      seconds -= 1;
    }

  /* What GDateTime can hold, 0001-01-01 to 9999-12-31, as before. */
  if (seconds < G_GINT64_CONSTANT (-62135596800) || seconds > G_GINT64_CONSTANT (253402300799))
    {
      strcpy (buffer, "1970-01-01T00:00:00Z");
      return;
    }

  /* Days to a civil date (H. Hinnant's days_from_civil, inverted). */
  days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  secs_of_day = (guint) (seconds - days * 86400);
  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = (guint) (days - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = (gint64) yoe + era * 400 + (month <= 2);

  p = put_digits (p, (guint64) year, 4);
  *p++ = '-';
  p = put_digits (p, month, 2);
  *p++ = '-';
  p = put_digits (p, day, 2);
  *p++ = 'T';
  p = put_digits (p, secs_of_day / 3600, 2);
  *p++ = ':';
  p = put_digits (p, secs_of_day / 60 % 60, 2);
  *p++ = ':';
  p = put_digits (p, secs_of_day % 60, 2);
  if (micro != 0)
    {
      *p++ = '.';
      p = put_digits (p, (guint64) micro, 6);
    }
  *p++ = 'Z';
  *p = '\0';
}

/**
 * hw_time_format:
 *
 * Returns: (transfer full): @usec as UTC ISO 8601, with microseconds only when present;
 *   years are always four digits
 */
char *
hw_time_format (gint64 usec)
{
  char buffer[HW_TIME_FORMAT_SIZE];

  hw_time_format_into (usec, buffer);
  return g_strdup (buffer);
}

/**
 * hw_time_parse:
 *
 * Parses an ISO 8601 time with an explicit zone ("Z" or an offset).
 */
gboolean
hw_time_parse (const char *text,
               gint64     *out_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || strlen (text) > 64)
    return FALSE;

  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *out_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

gint64
hw_time_now (void)
{
  return g_get_real_time ();
}

gboolean
hw_currency_is_valid (const char *currency)
{
  if (currency == NULL || strlen (currency) != 3)
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isupper (currency[i]))
      return FALSE;

  return TRUE;
}

/**
 * hw_currency_minor_digits:
 *
 * Returns: the number of decimals of the minor unit of @currency (ISO 4217)
 */
int
hw_currency_minor_digits (const char *currency)
{
  static const char * const zero[] = {
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
    "VND", "VUV", "XAF", "XOF", "XPF", NULL
  };
  static const char * const three[] = {
    "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", NULL
  };

  if (currency == NULL)
    return 2;
  if (g_strv_contains (zero, currency))
    return 0;
  if (g_strv_contains (three, currency))
    return 3;

  return 2;
}

/**
 * hw_gtin_is_valid:
 *
 * Returns: whether @gtin is a GTIN-8, -12, -13 or -14 with a correct check digit
 */
gboolean
hw_gtin_is_valid (const char *gtin)
{
  gsize len;
  int sum = 0;

  if (gtin == NULL)
    return FALSE;

  len = strlen (gtin);
  if (len != 8 && len != 12 && len != 13 && len != 14)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (gtin[i]))
      return FALSE;

  /* Weights alternate 3, 1, 3 … starting from the digit left of the check digit. */
  for (gsize i = 0; i + 1 < len; i++)
    {
      int digit = gtin[len - 2 - i] - '0';
      sum += (i % 2 == 0) ? digit * 3 : digit;
    }

  return (10 - (sum % 10)) % 10 == gtin[len - 1] - '0';
}

gboolean
hw_email_is_valid (const char *email)
{
  const char *at;
  const char *dot;

  if (email == NULL || strlen (email) > 254)
    return FALSE;

  for (const char *p = email; *p; p++)
    if (g_ascii_isspace (*p) || (guchar) *p < 0x20)
      return FALSE;

  at = strchr (email, '@');
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;

  dot = strrchr (at + 1, '.');
  return dot != NULL && dot > at + 1 && dot[1] != '\0';
}

gboolean
hw_uuid_is_valid (const char *id)
{
  return id != NULL && g_uuid_string_is_valid (id);
}

/**
 * hw_uuid_new_time_ordered:
 *
 * A new UUID of version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then a
 * counter that keeps the ids of one process increasing within a millisecond, then 62
 * random bits. The store makes the ids of new entities so: a random UUID lands anywhere
 * in the id index of its table (and of the audit log), a time-ordered one at its end,
 * which keeps inserts into large tables cheap.
 *
 * Returns: (transfer full): the UUID in its canonical lowercase text form
 */
char *
hw_uuid_new_time_ordered (void)
{
  static GMutex lock;
  static guint64 last_ms;
  static guint counter;
  guint64 ms = (guint64) (g_get_real_time () / 1000);
  guint32 r1 = g_random_int ();
  guint32 r2 = g_random_int ();
  static const char hex[] = "0123456789abcdef";
  guint8 bytes[16];
  char *text;

  g_mutex_lock (&lock);
  if (ms <= last_ms)
    {
      /* The same millisecond (or the clock went back): count on from the last id. */
      ms = last_ms;
      if (++counter > 0xfff)
        {
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    {
      last_ms = ms;
      counter = g_random_int_range (0, 0x800);
    }
  g_mutex_unlock (&lock);

  bytes[0] = (guint8) (ms >> 40);
  bytes[1] = (guint8) (ms >> 32);
  bytes[2] = (guint8) (ms >> 24);
  bytes[3] = (guint8) (ms >> 16);
  bytes[4] = (guint8) (ms >> 8);
  bytes[5] = (guint8) ms;
  bytes[6] = (guint8) (0x70 | ((counter >> 8) & 0x0f));
  bytes[7] = (guint8) counter;
  bytes[8] = (guint8) (0x80 | ((r1 >> 24) & 0x3f));
  bytes[9] = (guint8) (r1 >> 16);
  bytes[10] = (guint8) (r1 >> 8);
  bytes[11] = (guint8) r1;
  bytes[12] = (guint8) (r2 >> 24);
  bytes[13] = (guint8) (r2 >> 16);
  bytes[14] = (guint8) (r2 >> 8);
  bytes[15] = (guint8) r2;

  /* 8-4-4-4-12 hex digits; written by hand, one id per created entity. */
  text = g_malloc (37);
  for (guint i = 0, j = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        text[j++] = '-';
      text[j++] = hex[bytes[i] >> 4];
      text[j++] = hex[bytes[i] & 0x0f];
    }
  text[36] = '\0';

  return text;
}
