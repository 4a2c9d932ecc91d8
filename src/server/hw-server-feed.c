/* hw-server-feed.c
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
#include "hw-idempotency-store.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-server-resources.h"
#include "hw-server-resources-private.h"

/* The changes feed and the audit log, beside the staff resources (see
 * hw-server-resources.c for the routes). */

/* Audit */

void
_hw_server_handle_audit (SoupServerMessage *msg,
                         GHashTable        *route_params,
                         gpointer           user_data)
{
  Resource *resource = user_data;
  static const char * const reserved[] = { "entity", "id", "limit", "cursor", NULL };
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const HwEntityType *type;
  GHashTableIter iter;
  const char *name;

  if (!_hw_server_resource_authenticate (resource, msg, FALSE, &principal))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;

  type = hw_model_find_type (g_hash_table_lookup (params, "entity"));
  id = g_strdup (g_hash_table_lookup (params, "id"));
  if (type == NULL || !(type->flags & HW_ENTITY_SYNCED))
    {
      _hw_server_respond_field_problem (msg, "entity", "must name an entity type, such as product");
      return;
    }
  if (id == NULL || id[0] == '\0')
    {
      _hw_server_respond_field_problem (msg, "id", "must name the entity");
      return;
    }

  /* Only paging: the filters and the order are those of one entity's history. */
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (reserved, name))
      {
        _hw_server_respond_field_problem (msg, name, "is not a parameter of the audit log");
        return;
      }

  g_hash_table_remove (params, "entity");
  g_hash_table_remove (params, "id");
  if (!_hw_server_query_from_params (msg, &hw_audit_entry_type, params, query))
    return;

  hw_query_add_filter (query, "entity", HW_FILTER_EQ, type->name);
  hw_query_add_filter (query, "entity_id", HW_FILTER_EQ, id);
  /* Revisions order the entries as they were written, where times may tie. */
  hw_query_set_sort (query, "rev", TRUE);

  page = hw_store_list (hw_server_get_store (resource->server), &hw_audit_entry_type, query,
                        &error);
  if (page == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  _hw_server_respond_page (msg, page);
}

/* Changes feed */

void
_hw_server_handle_changes (SoupServerMessage *msg,
                           GHashTable        *route_params,
                           gpointer           user_data)
{
  Resource *resource = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwChangePage) page = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  const char *name;
  const char *value;
  guint64 since = 0;
  gint64 started_at = -1;
  guint64 limit = HW_QUERY_DEFAULT_LIMIT;

  if (!_hw_server_resource_authenticate (resource, msg, FALSE, &principal))
    return;
  if (!(params = _hw_server_query_params (msg)))
    return;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &value))
    {
      if (g_str_equal (name, "since"))
        {
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &since, NULL))
            {
              _hw_server_respond_field_problem (msg, name, "must be a revision: a whole number of at least 0");
              return;
            }
        }
      else if (g_str_equal (name, "started_at"))
        {
          guint64 value_rev;

          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT64, &value_rev, NULL))
            {
              _hw_server_respond_field_problem (msg, name, "must be a revision: a whole number of at least 0");
              return;
            }
          started_at = (gint64) value_rev;
        }
      else if (g_str_equal (name, "limit"))
        {
          if (!_hw_server_parse_count (msg, name, value, &limit))
            return;
        }
      else
        {
          _hw_server_respond_field_problem (msg, name, "is not a parameter of the changes feed");
          return;
        }
    }

  page = hw_store_changes_from (hw_server_get_store (resource->server), (gint64) since,
                                started_at, (guint) MIN (limit, HW_QUERY_MAX_LIMIT), &error);
  if (page == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return;
    }

  /* Written as text directly: a page is up to 1 000 entities, and a JsonBuilder tree
   * of them cost most of the request. The same bytes as the tree would give. */
  text = g_string_sized_new (512 * (page->changes->len + 1));
  g_string_append (text, "{\"changes\":[");
  for (guint i = 0; i < page->changes->len; i++)
    {
      HwChange *change = g_ptr_array_index (page->changes, i);

      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, "{\"entity\":");
      hw_json_write_string (text, change->type->name);
      g_string_append (text, ",\"id\":");
      hw_json_write_string (text, change->id);
      g_string_append_printf (text, ",\"rev\":%" G_GINT64_FORMAT ",\"deleted\":%s",
                              change->rev, change->deleted ? "true" : "false");
      if (!change->deleted)
        {
          g_string_append (text, ",\"data\":");
          hw_entity_write_json (text, change->entity);
        }
      g_string_append_c (text, '}');
    }
  g_string_append_printf (text, "],\"next\":%" G_GINT64_FORMAT ",\"has_more\":%s}",
                          (gint64) page->next, page->has_more ? "true" : "false");

  hw_server_respond_json_text (msg, SOUP_STATUS_OK, g_steal_pointer (&text));
}
