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
 * record's savepoint (unless the kind is one_write), and the audit actor
 * (integration:<id>). */
typedef struct
{
  HwStore    *store;
  const char *actor;
  gboolean    savepoint;  /* the record has a savepoint of its own */
} HwErpContext;

/* Checks what can be checked of one record (a JSON object) without the database, on a
 * worker thread and before the batch's transaction: sets @outcome's key, or its error.
 * Returns what the import of the record will need, or %NULL. */
typedef gpointer (*HwErpPrepareFunc) (JsonNode            *record,
                                      HwErpOutcome        *outcome);

/* Imports one record (a JSON object that passed the kind's prepare function, whose
 * result is @prepared). Fills @outcome; an outcome with status error makes the driver
 * roll the record's savepoint back, so nothing of the record is kept. Returns FALSE with
 * @error set when a store call failed: a validation, duplicate or stale error of core is
 * reported as the record's error, anything else fails the whole batch. */
typedef gboolean (*HwErpImportFunc) (const HwErpContext  *context,
                                     JsonNode            *record,
                                     gpointer             prepared,
                                     HwErpOutcome        *outcome,
                                     GError             **error);

typedef struct
{
  const char       *operation;   /* the integration run's operation, e.g. erp.products */
  const char       *scope;       /* the API token scope the endpoint needs */
  const char       *key_member;  /* the member of a result naming the record's key */
  const char       *records;     /* what the body holds, for messages: "product records" */
  HwErpPrepareFunc  prepare;     /* optional; with it, import gets no JSON (NULL) */
  GDestroyNotify    prepared_free;
  HwErpImportFunc   import;
  /* The import writes one entity, with hw_erp_write(): a refused write leaves nothing
   * behind (HwStore writes so), so the record needs no savepoint of its own. */
  gboolean          one_write;
} HwErpKind;

/* One import request on its way through the importer's workers (hw-server-erp-batch.c):
 * what the request brought, what the parse step made of it, and the answer the write
 * step left for the main thread. */
typedef struct
{
  const HwErpKind *kind;
  GBytes          *body;
  gboolean         ndjson;
  char            *integration_id;
  char            *actor;        /* integration:<id> */

  GPtrArray       *records;      /* JsonNode, from the parse step */
  guint            n_records;
  gpointer        *prepared;     /* per record: the kind's prepare result, or NULL */
  HwErpOutcome    *outcomes;     /* per record */

  guint            status;       /* 200, a problem's status, or 0 with @error set */
  char            *detail;       /* the problem's detail */
  GError          *error;        /* the store failed */
  GString         *answer;       /* status 200: the JSON answer */
  char            *run_id;
  guint            ok;
  guint            failed;
  gint64           locked_usec;  /* how long the write transaction held the lock */
} HwErpBatch;

/* Called after each record of a batch, inside its transaction; the test hook. */
typedef void (*HwErpHookFunc) (gpointer user_data);

HwErpBatch *hw_erp_batch_new              (const HwErpKind     *kind,
                                           GBytes              *body,
                                           gboolean             ndjson,
                                           const char          *integration_id);
void      hw_erp_batch_free               (HwErpBatch          *batch);
gboolean  hw_erp_batch_parse              (HwErpBatch          *batch);
void      hw_erp_batch_write              (HwErpBatch          *batch,
                                           HwStore             *store,
                                           const gint          *cancel,
                                           HwErpHookFunc        hook,
                                           gpointer             hook_data);

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
gboolean  hw_erp_upsert_taking            (const HwErpContext  *context,
                                           gconstpointer        current,
                                           gpointer             incoming,
                                           HwErpOutcome        *outcome,
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
