/* hw-core-error.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-core"

#include "config.h"

#include "hw-core-error.h"

/* Validation errors carry the name of the offending field as extended error data, so the
 * server can answer with RFC 9457 field errors and the app can point at the right entry. */
typedef struct
{
  char *field;
} HwCoreErrorPrivate;

static void
hw_core_error_private_init (HwCoreErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
hw_core_error_private_copy (const HwCoreErrorPrivate *src,
                            HwCoreErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
hw_core_error_private_clear (HwCoreErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (HwCoreError, hw_core_error)

/**
 * hw_set_field_error:
 * @field: (nullable): the field the error is about, in its JSON spelling
 *
 * Sets @error to a %HW_CORE_ERROR whose message starts with the field name, and remembers
 * the field for hw_core_error_get_field().
 */
void
hw_set_field_error (GError      **error,
                    HwCoreError   code,
                    const char   *field,
                    const char   *format,
                    ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (field != NULL)
    new_error = g_error_new (HW_CORE_ERROR, code, "%s: %s", field, message);
  else
    new_error = g_error_new_literal (HW_CORE_ERROR, code, message);

  if (field != NULL)
    {
      HwCoreErrorPrivate *priv = hw_core_error_get_private (new_error);
      priv->field = g_strdup (field);
    }

  g_propagate_error (error, new_error);
}

/**
 * hw_core_error_get_field:
 *
 * Returns: (nullable): the field a %HW_CORE_ERROR is about, if any
 */
const char *
hw_core_error_get_field (const GError *error)
{
  HwCoreErrorPrivate *priv;

  if (error == NULL || error->domain != HW_CORE_ERROR)
    return NULL;

  priv = hw_core_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}
