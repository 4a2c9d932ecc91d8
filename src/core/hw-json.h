/* hw-json.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hw-entity.h"

G_BEGIN_DECLS

/* Encoding writes every field but secrets; decoding ignores unknown members, rejects wrong
 * types, unknown enum values and missing required fields with a HW_CORE_ERROR_INVALID that
 * names the field. decode (encode (x)) equals x. */
JsonNode *hw_entity_to_json          (gconstpointer        entity);
char     *hw_entity_to_json_string   (gconstpointer        entity);
void      hw_json_write_string       (GString             *out,
                                      const char          *text);
void      hw_entity_write_json       (GString             *out,
                                      gconstpointer        entity);
char     *hw_entity_fields_to_json_string (gconstpointer   entity,
                                           HwFieldFlags    flags);
gpointer  hw_entity_from_json        (const HwEntityType  *type,
                                      JsonNode            *node,
                                      GError             **error);
gpointer  hw_entity_from_json_string (const HwEntityType  *type,
                                      const char          *text,
                                      gssize               length,
                                      GError             **error);

G_END_DECLS
