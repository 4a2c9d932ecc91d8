/* hw-core-error.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HW_CORE_ERROR (hw_core_error_quark ())

/**
 * HwCoreError:
 * @HW_CORE_ERROR_INVALID: a value does not pass validation; the error names the field
 * @HW_CORE_ERROR_DUPLICATE: a value that must be unique is already used
 * @HW_CORE_ERROR_NOT_FOUND: the entity does not exist (or is deleted)
 * @HW_CORE_ERROR_STALE: the entity changed since the revision the caller expected
 * @HW_CORE_ERROR_IN_USE: the entity cannot be deleted while others refer to it
 * @HW_CORE_ERROR_GONE: a changes cursor is older than the tombstone horizon
 * @HW_CORE_ERROR_PARSE: JSON or CSV input could not be read
 * @HW_CORE_ERROR_DATABASE: the database failed (I/O, corruption, busy)
 * @HW_CORE_ERROR_SCHEMA: the database was written by a newer version
 * @HW_CORE_ERROR_CANCELLED: the operation was cancelled
 */
typedef enum
{
  HW_CORE_ERROR_INVALID,
  HW_CORE_ERROR_DUPLICATE,
  HW_CORE_ERROR_NOT_FOUND,
  HW_CORE_ERROR_STALE,
  HW_CORE_ERROR_IN_USE,
  HW_CORE_ERROR_GONE,
  HW_CORE_ERROR_PARSE,
  HW_CORE_ERROR_DATABASE,
  HW_CORE_ERROR_SCHEMA,
  HW_CORE_ERROR_CANCELLED,
} HwCoreError;

GQuark       hw_core_error_quark     (void);
void         hw_set_field_error      (GError     **error,
                                      HwCoreError  code,
                                      const char  *field,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (4, 5);
const char  *hw_core_error_get_field (const GError *error);

G_END_DECLS
