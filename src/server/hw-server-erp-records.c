/* hw-server-erp-records.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-erp-private.h"
#include "hw-store.h"

/* What the import of one ERP record uses, whatever its kind: its errors, lookups by ERP
 * key, the comparison and merge of ERP-owned fields (HW_FIELD_ERP) and the write with its
 * audit entry. The batch around it is hw-server-erp.c's. */

void
hw_erp_outcome_set_error (HwErpOutcome *outcome,
                          const char   *field,
                          const char   *message)
{
  /* Copied first: @field or @message may be the outcome's own. */
  char *new_field = g_strdup (field);
  char *new_message = g_strdup (message);

  outcome->status = "error";
  g_free (outcome->field);
  outcome->field = new_field;
  g_free (outcome->message);
  outcome->message = new_message;
}

/**
 * hw_erp_outcome_set_gerror:
 * @prefix: (nullable): what the error's field lies in, e.g. "users[2]"
 *
 * Sets the record's error from @error: "sku: is required" → field sku, message "is
 * required"; with the prefix users[2] the field is users[2].email.
 */
void
hw_erp_outcome_set_gerror (HwErpOutcome *outcome,
                           const char   *prefix,
                           const GError *error)
{
  const char *field = hw_core_error_get_field (error);
  const char *message = error->message;
  g_autofree char *full = NULL;
  gsize length;

  if (field != NULL)
    {
      length = strlen (field);
      if (strncmp (message, field, length) == 0 && strncmp (message + length, ": ", 2) == 0)
        message += length + 2;
    }

  if (prefix != NULL)
    full = field != NULL ? g_strdup_printf ("%s.%s", prefix, field) : g_strdup (prefix);

  hw_erp_outcome_set_error (outcome, full != NULL ? full : field, message);
}

/**
 * hw_erp_record_string:
 *
 * Returns: (nullable): the non-empty string @member of @object, or %NULL with the
 *   record's error set naming @member
 */
const char *
hw_erp_record_string (JsonObject   *object,
                      const char   *member,
                      HwErpOutcome *outcome)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      hw_erp_outcome_set_error (outcome, member, "is required, a non-empty string");
      return NULL;
    }

  return json_node_get_string (node);
}

/**
 * hw_erp_find:
 * @out_entity: (out) (transfer full) (nullable): the entity whose @field is @value, or
 *   %NULL when there is none
 *
 * Returns: FALSE when the database failed, with @error set
 */
gboolean
hw_erp_find (const HwErpContext  *context,
             const HwEntityType  *type,
             const char          *field,
             const char          *value,
             gpointer            *out_entity,
             GError             **error)
{
  return hw_store_lookup_by (context->store, type, field, value, out_entity, error);
}

/**
 * hw_erp_resolve:
 * @member: the record's member holding the ERP key, e.g. price_list_code
 * @type: the type it refers to
 * @field: the unique field of @type the key is, e.g. code
 * @optional: whether the member may be absent or null (then *@out_id is %NULL)
 * @out_id: (out): the id of the entity the key names
 *
 * Resolves a reference by ERP key. An unknown key, or a member that is no key, is the
 * record's error naming @member. Returns FALSE only when the database failed.
 */
gboolean
hw_erp_resolve (const HwErpContext  *context,
                JsonObject          *object,
                const char          *member,
                const HwEntityType  *type,
                const char          *field,
                gboolean             optional,
                HwErpOutcome        *outcome,
                char               **out_id,
                GError             **error)
{
  g_autoptr(HwEntity) found = NULL;
  JsonNode *node = json_object_get_member (object, member);
  const char *key;

  *out_id = NULL;
  if (optional && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;
  if (!(key = hw_erp_record_string (object, member, outcome)))
    return TRUE;

  if (!hw_erp_find (context, type, field, key, (gpointer *) &found, error))
    return FALSE;
  if (found == NULL)
    {
      g_autofree char *what = g_strdelimit (g_strdup (type->name), "_", ' ');
      g_autofree char *message = NULL;

      message = g_strdup_printf ("names no %s with %s “%s”", what, field, key);
      hw_erp_outcome_set_error (outcome, member, message);
      return TRUE;
    }

  *out_id = g_strdup (found->id);
  return TRUE;
}

/**
 * hw_erp_merge:
 * @current: (nullable): the stored entity, or %NULL for a new one
 * @incoming: the entity the record describes
 *
 * Copies field by field (no JSON round trip): the store validates the result when it
 * is written, and a refusal there is the record's error.
 *
 * Returns: (transfer full): @current (or a fresh entity) with the ERP-owned fields of
 *   @incoming and its own other fields, ready to store
 */
gpointer
hw_erp_merge (const HwEntityType *type,
              gconstpointer       current,
              gconstpointer       incoming)
{
  HwEntity *merged = current != NULL ? hw_entity_copy (current) : hw_entity_new (type);

  hw_entity_copy_fields (merged, incoming, HW_FIELD_ERP);
  merged->rev = 0;
  merged->updated_at = 0;

  return merged;
}

static gboolean
has_erp_fields (const HwEntityType *type)
{
  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].flags & HW_FIELD_ERP)
      return TRUE;

  return FALSE;
}

/* What an audit entry of an import keeps of @entity: its ERP-owned fields, the only ones
 * an import can change, written straight to text; the whole entity for a type without
 * any (the users of an account, whose name and active flag the ERP maintains). */
static char *
audit_snapshot (gconstpointer entity)
{
  if (entity == NULL)
    return NULL;
  if (has_erp_fields (HW_ENTITY (entity)->type))
    return hw_entity_fields_to_json_string (entity, HW_FIELD_ERP);

  return hw_entity_to_json_string (entity);
}

static gboolean
record_audit (const HwErpContext *context,
              const HwEntityType *type,
              const char         *id,
              const char         *action,
              gconstpointer       before,
              gconstpointer       after,
              GError            **error)
{
  g_autoptr(HwAuditEntry) entry = hw_audit_entry_new ();

  entry->actor = g_strdup (context->actor);
  entry->entity = g_strdup (type->name);
  entry->entity_id = g_strdup (id);
  entry->action = g_strdup (action);
  entry->at = hw_store_now (context->store);
  entry->before = audit_snapshot (before);
  entry->after = audit_snapshot (after);

  return hw_store_create (context->store, entry, error);
}

/**
 * hw_erp_write:
 * @current: (nullable): the stored entity @entity replaces, or %NULL to create it
 *
 * Creates or updates @entity with its audit entry. The store fills its id, rev and
 * updated_at; computed fields (a product's completeness) are not read back.
 */
gboolean
hw_erp_write (const HwErpContext  *context,
              gconstpointer        current,
              gpointer             entity,
              GError             **error)
{
  const HwEntityType *type = HW_ENTITY (entity)->type;

  g_autoptr(GError) local_error = NULL;

  if (current == NULL ? !hw_store_create (context->store, entity, error)
                      : !hw_store_update (context->store, entity, HW_ENTITY (current)->rev, error))
    return FALSE;

  if (record_audit (context, type, HW_ENTITY (entity)->id,
                    current == NULL ? "create" : "update", current, entity, &local_error))
    return TRUE;

  /* Without a savepoint the entity stays written: the record cannot be left out, so the
   * batch fails as a whole (never an entity without its audit entry). */
  if (!context->savepoint && hw_erp_error_is_record (local_error))
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                   "The audit entry of %s %s could not be written: %s", type->name,
                   HW_ENTITY (entity)->id, local_error->message);
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
upsert (const HwErpContext  *context,
        gconstpointer        current,
        gpointer             incoming,
        gboolean             take,
        HwErpOutcome        *outcome,
        GError             **error)
{
  const HwEntityType *type = HW_ENTITY (incoming)->type;
  g_autoptr(HwEntity) merged = NULL;

  if (current != NULL && hw_entity_fields_equal (current, incoming, HW_FIELD_ERP))
    {
      outcome->status = "unchanged";
      outcome->id = g_strdup (HW_ENTITY (current)->id);
      return TRUE;
    }

  if (take)
    {
      merged = current != NULL ? hw_entity_copy (current) : hw_entity_new (type);
      hw_entity_swap_fields (merged, incoming, HW_FIELD_ERP);
      merged->rev = 0;
      merged->updated_at = 0;
    }
  else
    merged = hw_erp_merge (type, current, incoming);

  if (!hw_erp_write (context, current, merged, error))
    return FALSE;

  outcome->status = current == NULL ? "created" : "updated";
  outcome->id = g_strdup (merged->id);
  return TRUE;
}

/**
 * hw_erp_upsert:
 * @current: (nullable): the stored entity the record names, or %NULL
 * @incoming: the entity the record describes
 *
 * Stores the ERP-owned fields of @incoming: a new entity when there is no @current, an
 * update of @current when they differ from its own, nothing (unchanged) otherwise. Fills
 * @outcome's status and id. Returns FALSE when a store call failed (a refusal of the
 * record included: see HwErpImportFunc).
 */
gboolean
hw_erp_upsert (const HwErpContext  *context,
               gconstpointer        current,
               gconstpointer        incoming,
               HwErpOutcome        *outcome,
               GError             **error)
{
  return upsert (context, current, (gpointer) incoming, FALSE, outcome, error);
}

/**
 * hw_erp_upsert_taking:
 *
 * hw_erp_upsert() for a caller done with @incoming: its ERP-owned fields are moved into
 * the entity stored rather than copied, and @incoming is left with other values.
 */
gboolean
hw_erp_upsert_taking (const HwErpContext  *context,
                      gconstpointer        current,
                      gpointer             incoming,
                      HwErpOutcome        *outcome,
                      GError             **error)
{
  return upsert (context, current, incoming, TRUE, outcome, error);
}

/**
 * hw_erp_error_is_record:
 *
 * Returns: whether @error is one of core's refusals of the record (invalid, duplicate,
 *   missing, stale) rather than a failure of the database
 */
gboolean
hw_erp_error_is_record (const GError *error)
{
  return error->domain == HW_CORE_ERROR &&
         (error->code == HW_CORE_ERROR_INVALID || error->code == HW_CORE_ERROR_DUPLICATE ||
          error->code == HW_CORE_ERROR_NOT_FOUND || error->code == HW_CORE_ERROR_STALE);
}
