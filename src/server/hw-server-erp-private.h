/* hw-server-erp-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "hw-server-erp.h"
#include "hw-store.h"

G_BEGIN_DECLS

/* The shared machinery of the ERP bulk imports — the batch driver (hw-server-erp.c) and
 * the helpers of one record's import (hw-server-erp-records.c) — and what one kind of
 * record plugs into it (hw-server-erp-{products,accounts,prices}.c). */

/* The outcome of one record. */
typedef struct
{
  char       *key;      /* the record's ERP key as text, NULL when it has none */
  const char *status;   /* created, updated, unchanged, error */
  char       *id;
  char       *field;
  char       *message;
} HwErpOutcome;

/* What one record's import may use: the store, inside the batch's transaction and the
 * record's savepoint, and the audit actor (integration:<id>). */
typedef struct
{
  HwStore    *store;
  const char *actor;
} HwErpContext;

/* Imports one record. Fills @outcome; an outcome with status error makes the driver roll
 * the record's savepoint back, so nothing of the record is kept. Returns FALSE with
 * @error set when a store call failed: a validation, duplicate or stale error of core is
 * reported as the record's error, anything else fails the whole batch. */
typedef gboolean (*HwErpImportFunc) (const HwErpContext  *context,
                                     JsonNode            *record,
                                     HwErpOutcome        *outcome,
                                     GError             **error);

typedef struct
{
  const char      *operation;   /* the integration run's operation, e.g. erp.products */
  const char      *scope;       /* the API token scope the endpoint needs */
  const char      *key_member;  /* the member of a result naming the record's key */
  const char      *records;     /* what the body holds, for messages: "product records" */
  HwErpImportFunc  import;
} HwErpKind;

extern const HwErpKind hw_erp_products_kind;
extern const HwErpKind hw_erp_accounts_kind;
extern const HwErpKind hw_erp_prices_kind;

void      hw_erp_outcome_set_error        (HwErpOutcome        *outcome,
                                           const char          *field,
                                           const char          *message);
void      hw_erp_outcome_set_gerror       (HwErpOutcome        *outcome,
                                           const char          *prefix,
                                           const GError        *error);
const char *hw_erp_record_string          (JsonObject          *object,
                                           const char          *member,
                                           HwErpOutcome        *outcome);
gboolean  hw_erp_find                     (const HwErpContext  *context,
                                           const HwEntityType  *type,
                                           const char          *field,
                                           const char          *value,
                                           gpointer            *out_entity,
                                           GError             **error);
gboolean  hw_erp_resolve                  (const HwErpContext  *context,
                                           JsonObject          *object,
                                           const char          *member,
                                           const HwEntityType  *type,
                                           const char          *field,
                                           gboolean             optional,
                                           HwErpOutcome        *outcome,
                                           char               **out_id,
                                           GError             **error);
gboolean  hw_erp_error_is_record          (const GError        *error);
gpointer  hw_erp_merge                    (const HwEntityType  *type,
                                           gconstpointer        current,
                                           gconstpointer        incoming);
gboolean  hw_erp_write                    (const HwErpContext  *context,
                                           gconstpointer        current,
                                           gpointer             entity,
                                           GError             **error);
gboolean  hw_erp_upsert                   (const HwErpContext  *context,
                                           gconstpointer        current,
                                           gconstpointer        incoming,
                                           HwErpOutcome        *outcome,
                                           GError             **error);

G_END_DECLS
