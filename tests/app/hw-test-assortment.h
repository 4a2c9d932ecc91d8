/* hw-test-assortment.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hw-outbox.h"
#include "hw-test-widgets.h"

G_BEGIN_DECLS

/* A local copy (a replica store) in a temporary directory, for the assortment tests. */
typedef struct
{
  char    *dir;
  HwStore *store;
} TestStore;

TestStore  *test_store_new_demo    (guint        products);
TestStore  *test_store_new_empty   (void);
void        test_store_free        (TestStore   *self);
GPtrArray  *test_list_ids          (HwStore     *store,
                                    HwQuery     *query);
gint64      test_count             (HwStore     *store,
                                    HwQuery     *query);
GPtrArray  *test_pending_ops       (HwStore     *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestStore, test_store_free)

G_END_DECLS
