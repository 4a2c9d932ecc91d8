/* hw-outbox-diff.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-outbox"

#include "config.h"

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-outbox.h"

/* Three-way comparison of entity versions for conflict resolution (hw-outbox.h). */

static JsonObject *
parse_object (const char  *json,
              const char  *what,
              JsonNode   **out_node,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  *out_node = NULL;
  if (json == NULL)
    return NULL;

  node = json_from_string (json, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      hw_set_field_error (error, HW_CORE_ERROR_PARSE, NULL, "%s is not a JSON object%s%s", what,
                          local_error ? ": " : "", local_error ? local_error->message : "");
      g_clear_pointer (&node, json_node_unref);
      return NULL;
    }

  *out_node = node;
  return json_node_get_object (node);
}

/* The three versions of a conflict, parsed; base is %NULL for a create. */
typedef struct
{
  JsonNode   *base_node;
  JsonNode   *mine_node;
  JsonNode   *theirs_node;
  JsonObject *base;
  JsonObject *mine;
  JsonObject *theirs;
} Versions;

static void
versions_clear (Versions *versions)
{
  g_clear_pointer (&versions->base_node, json_node_unref);
  g_clear_pointer (&versions->mine_node, json_node_unref);
  g_clear_pointer (&versions->theirs_node, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Versions, versions_clear)

static gboolean
parse_versions (Versions    *versions,
                const char  *base_json,
                const char  *mine_json,
                const char  *theirs_json,
                GError     **error)
{
  versions->base = parse_object (base_json, "base", &versions->base_node, error);
  if (base_json != NULL && versions->base == NULL)
    return FALSE;

  return (versions->mine = parse_object (mine_json, "mine", &versions->mine_node, error)) &&
         (versions->theirs = parse_object (theirs_json, "theirs", &versions->theirs_node, error));
}

/* Absent and null are the same value. */
static gboolean
members_equal (JsonObject *a,
               JsonObject *b,
               const char *name)
{
  JsonNode *x = json_object_get_member (a, name);
  JsonNode *y = json_object_get_member (b, name);
  gboolean x_null = x == NULL || JSON_NODE_HOLDS_NULL (x);
  gboolean y_null = y == NULL || JSON_NODE_HOLDS_NULL (y);

  if (x_null || y_null)
    return x_null == y_null;

  return json_node_equal (x, y);
}

static gboolean
is_compared (const HwFieldSpec *spec)
{
  return !(spec->flags & (HW_FIELD_COMPUTED | HW_FIELD_SECRET));
}

/**
 * hw_outbox_diff:
 * @base_json: (nullable): the version both started from; %NULL for a create
 *
 * Returns: (transfer full) (element-type HwFieldDiff): the changed fields, or %NULL with
 *   %HW_CORE_ERROR_PARSE
 */
GPtrArray *
hw_outbox_diff (const HwEntityType  *type,
                const char          *base_json,
                const char          *mine_json,
                const char          *theirs_json,
                GError             **error)
{
  g_auto(Versions) versions = { 0 };
  g_autoptr(GPtrArray) diffs = g_ptr_array_new_with_free_func (g_free);
  JsonObject *base, *mine, *theirs;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (mine_json != NULL && theirs_json != NULL, NULL);

  if (!parse_versions (&versions, base_json, mine_json, theirs_json, error))
    return NULL;
  base = versions.base;
  mine = versions.mine;
  theirs = versions.theirs;

  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];
      gboolean mine_changed, theirs_changed;
      HwFieldDiff *diff;

      if (!is_compared (spec))
        continue;

      mine_changed = base == NULL || !members_equal (base, mine, spec->name);
      theirs_changed = base == NULL || !members_equal (base, theirs, spec->name);
      if (!mine_changed && !theirs_changed)
        continue;

      diff = g_new0 (HwFieldDiff, 1);
      diff->field = spec->name;
      if (mine_changed && theirs_changed)
        diff->kind = members_equal (mine, theirs, spec->name) ? HW_DIFF_BOTH_SAME
                                                              : HW_DIFF_CONFLICT;
      else
        diff->kind = mine_changed ? HW_DIFF_MINE : HW_DIFF_THEIRS;

      /* With no base, fields both sides hold alike are no news. */
      if (base == NULL && diff->kind == HW_DIFF_BOTH_SAME)
        {
          g_free (diff);
          continue;
        }

      g_ptr_array_add (diffs, diff);
    }

  return g_steal_pointer (&diffs);
}

/**
 * hw_outbox_merge:
 * @take_theirs: (nullable) (array zero-terminated=1): fields to take from theirs even
 *   where mine changed them
 *
 * Returns: (transfer full): the merged entity, ready for hw_store_outbox_resolve() with
 *   %HW_RESOLVE_MERGED, or %NULL with @error set
 */
gpointer
hw_outbox_merge (const HwEntityType  *type,
                 const char          *base_json,
                 const char          *mine_json,
                 const char          *theirs_json,
                 const char * const  *take_theirs,
                 GError             **error)
{
  g_auto(Versions) versions = { 0 };
  JsonObject *base, *mine, *theirs;

  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (mine_json != NULL && theirs_json != NULL, NULL);

  if (!parse_versions (&versions, base_json, mine_json, theirs_json, error))
    return NULL;
  base = versions.base;
  mine = versions.mine;
  theirs = versions.theirs;

  for (guint i = 0; i < type->n_fields; i++)
    {
      const HwFieldSpec *spec = &type->fields[i];
      gboolean mine_changed = base == NULL || !members_equal (base, mine, spec->name);
      JsonNode *value;

      if (!is_compared (spec))
        continue;

      if (!(take_theirs && g_strv_contains (take_theirs, spec->name)) && mine_changed)
        continue;

      value = json_object_get_member (theirs, spec->name);
      json_object_set_member (mine, spec->name,
                              value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
    }

  if (json_object_has_member (theirs, "rev"))
    json_object_set_member (mine, "rev", json_node_copy (json_object_get_member (theirs, "rev")));

  return hw_entity_from_json (type, versions.mine_node, error);
}
