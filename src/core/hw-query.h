/* hw-query.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define HW_QUERY_DEFAULT_LIMIT 100
#define HW_QUERY_MAX_LIMIT     1000

typedef enum
{
  HW_FILTER_EQ,          /* field = value                                    */
  HW_FILTER_NE,          /* field <> value                                   */
  HW_FILTER_LT,          /* field < value (integers and times compare as such) */
  HW_FILTER_GE,          /* field >= value                                   */
  HW_FILTER_IS_NULL,     /* field holds no value                             */
  HW_FILTER_IN_SUBTREE,  /* a category reference lies in the subtree of value */
} HwFilterOp;

typedef struct _HwQuery HwQuery;

#define HW_TYPE_QUERY (hw_query_get_type ())

GType     hw_query_get_type          (void) G_GNUC_CONST;
HwQuery  *hw_query_new               (void);
HwQuery  *hw_query_ref               (HwQuery     *self);
void      hw_query_unref             (HwQuery     *self);
void      hw_query_set_limit         (HwQuery     *self,
                                      guint        limit);
guint     hw_query_get_limit         (const HwQuery *self);
void      hw_query_set_after         (HwQuery     *self,
                                      const char  *cursor);
const char *hw_query_get_after       (const HwQuery *self);
void      hw_query_set_sort          (HwQuery     *self,
                                      const char  *field,
                                      gboolean     descending);
const char *hw_query_get_sort        (const HwQuery *self,
                                      gboolean    *descending);
void      hw_query_set_search        (HwQuery     *self,
                                      const char  *text);
const char *hw_query_get_search      (const HwQuery *self);
void      hw_query_set_with_children (HwQuery     *self,
                                      gboolean     with_children);
gboolean  hw_query_get_with_children (const HwQuery *self);
void      hw_query_add_filter        (HwQuery     *self,
                                      const char  *field,
                                      HwFilterOp   op,
                                      const char  *value);
guint     hw_query_get_n_filters     (const HwQuery *self);
void      hw_query_get_filter        (const HwQuery *self,
                                      guint        index,
                                      const char **field,
                                      HwFilterOp  *op,
                                      const char **value);

/* A page of entities and the cursor of the next page (NULL on the last one). */
typedef struct
{
  GPtrArray *items;
  char      *next_cursor;
} HwPage;

void      hw_page_free               (HwPage      *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwQuery, hw_query_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwPage, hw_page_free)

G_END_DECLS
