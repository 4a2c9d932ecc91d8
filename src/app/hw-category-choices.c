/* hw-category-choices.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-category-choices"

#include "config.h"

#include "hw-category-choices.h"

typedef struct
{
  char *id;
  char *path;
} Choice;

static void
choice_free (gpointer data)
{
  Choice *choice = data;

  g_free (choice->id);
  g_free (choice->path);
  g_free (choice);
}

static int
choice_compare (gconstpointer a,
                gconstpointer b)
{
  const Choice *ca = *(const Choice * const *) a;
  const Choice *cb = *(const Choice * const *) b;

  return g_utf8_collate (ca->path, cb->path);
}

/* A category tree is small next to the products (hundreds of rows), so it is read whole. */
gboolean
hw_category_choices_load (HwStore        *store,
                          const char     *none_label,
                          GtkStringList **out_names,
                          GPtrArray     **out_ids,
                          GError        **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func (choice_free);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;

  g_return_val_if_fail (HW_IS_STORE (store), FALSE);

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_categories (store, query, error)))
        return FALSE;

      /* The categories move to @all. */
      g_ptr_array_set_free_func (page->items, NULL);
      for (guint i = 0; i < page->items->len; i++)
        {
          HwCategory *category = g_ptr_array_index (page->items, i);

          g_ptr_array_add (all, category);
          g_hash_table_insert (by_id, HW_ENTITY (category)->id, category);
        }

      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  for (guint i = 0; i < all->len; i++)
    {
      HwCategory *category = g_ptr_array_index (all, i);
      g_autoptr(GString) path = g_string_new (category->name);
      Choice *choice = g_new0 (Choice, 1);
      guint depth = 0;

      /* The depth bound keeps a cycle, should a half-pulled replica hold one, finite. */
      for (HwCategory *up = g_hash_table_lookup (by_id, category->parent_id ?: "");
           up != NULL && depth < 32;
           up = g_hash_table_lookup (by_id, up->parent_id ?: ""), depth++)
        {
          g_string_prepend (path, " › ");
          g_string_prepend (path, up->name);
        }

      choice->id = g_strdup (HW_ENTITY (category)->id);
      choice->path = g_string_free (g_steal_pointer (&path), FALSE);
      g_ptr_array_add (choices, choice);
    }

  g_ptr_array_sort (choices, choice_compare);

  if (none_label != NULL)
    {
      gtk_string_list_append (names, none_label);
      g_ptr_array_add (ids, NULL);
    }

  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);

      gtk_string_list_append (names, choice->path);
      g_ptr_array_add (ids, g_strdup (choice->id));
    }

  *out_names = g_steal_pointer (&names);
  *out_ids = g_steal_pointer (&ids);
  return TRUE;
}

/* Returns the position of @id, or GTK_INVALID_LIST_POSITION. NULL finds "no category". */
guint
hw_category_choices_find (GPtrArray  *ids,
                          const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}
