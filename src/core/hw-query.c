/* hw-query.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-query"

#include "config.h"

#include "hw-query.h"

typedef struct
{
  char       *field;
  HwFilterOp  op;
  char       *value;
} Filter;

struct _HwQuery
{
  gatomicrefcount  ref_count;
  guint            limit;
  char            *after;
  char            *sort;
  gboolean         descending;
  char            *search;
  gboolean         with_children;
  GArray          *filters;
};

G_DEFINE_BOXED_TYPE (HwQuery, hw_query, hw_query_ref, hw_query_unref)

static void
filter_clear (gpointer data)
{
  Filter *filter = data;

  g_free (filter->field);
  g_free (filter->value);
}

/**
 * hw_query_new:
 *
 * A query for hw_store_list(): no filter, the type's default order, a page of
 * %HW_QUERY_DEFAULT_LIMIT with child rows.
 */
HwQuery *
hw_query_new (void)
{
  HwQuery *self = g_new0 (HwQuery, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->limit = HW_QUERY_DEFAULT_LIMIT;
  self->with_children = TRUE;
  self->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (self->filters, filter_clear);

  return self;
}

HwQuery *
hw_query_ref (HwQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
hw_query_unref (HwQuery *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->after);
      g_free (self->sort);
      g_free (self->search);
      g_array_unref (self->filters);
      g_free (self);
    }
}

/**
 * hw_query_set_limit:
 *
 * Sets the page size; 0 means the default, and it is capped at %HW_QUERY_MAX_LIMIT.
 */
void
hw_query_set_limit (HwQuery *self,
                    guint    limit)
{
  g_return_if_fail (self != NULL);

  if (limit == 0)
    limit = HW_QUERY_DEFAULT_LIMIT;

  self->limit = MIN (limit, HW_QUERY_MAX_LIMIT);
}

guint
hw_query_get_limit (const HwQuery *self)
{
  g_return_val_if_fail (self != NULL, HW_QUERY_DEFAULT_LIMIT);

  return self->limit;
}

void
hw_query_set_after (HwQuery    *self,
                    const char *cursor)
{
  g_return_if_fail (self != NULL);

  g_free (self->after);
  self->after = g_strdup (cursor);
}

const char *
hw_query_get_after (const HwQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->after;
}

void
hw_query_set_sort (HwQuery    *self,
                   const char *field,
                   gboolean    descending)
{
  g_return_if_fail (self != NULL);

  g_free (self->sort);
  self->sort = g_strdup (field);
  self->descending = descending;
}

const char *
hw_query_get_sort (const HwQuery *self,
                   gboolean      *descending)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (descending != NULL)
    *descending = self->descending;

  return self->sort;
}

/**
 * hw_query_set_search:
 * @text: (nullable): words as typed; each matches as a prefix
 */
void
hw_query_set_search (HwQuery    *self,
                     const char *text)
{
  g_return_if_fail (self != NULL);

  g_free (self->search);
  self->search = (text != NULL && text[0] != '\0') ? g_strdup (text) : NULL;
}

const char *
hw_query_get_search (const HwQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->search;
}

/**
 * hw_query_set_with_children:
 *
 * Lists for tables need no child rows (attribute values, order lines): leaving them out
 * keeps a page cheap.
 */
void
hw_query_set_with_children (HwQuery  *self,
                            gboolean  with_children)
{
  g_return_if_fail (self != NULL);

  self->with_children = !!with_children;
}

gboolean
hw_query_get_with_children (const HwQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->with_children;
}

void
hw_query_add_filter (HwQuery    *self,
                     const char *field,
                     HwFilterOp  op,
                     const char *value)
{
  Filter filter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (field != NULL);

  filter.field = g_strdup (field);
  filter.op = op;
  filter.value = g_strdup (value);
  g_array_append_val (self->filters, filter);
}

guint
hw_query_get_n_filters (const HwQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->filters->len;
}

void
hw_query_get_filter (const HwQuery  *self,
                     guint           index,
                     const char    **field,
                     HwFilterOp     *op,
                     const char    **value)
{
  const Filter *filter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->filters->len);

  filter = &g_array_index (self->filters, Filter, index);
  *field = filter->field;
  *op = filter->op;
  *value = filter->value;
}

void
hw_page_free (HwPage *page)
{
  if (page == NULL)
    return;

  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}
