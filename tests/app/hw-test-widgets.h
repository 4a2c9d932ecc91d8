/* hw-test-widgets.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-demo.h"
#include "hw-outbox.h"
#include "hw-replica.h"

G_BEGIN_DECLS

/* A replica in a temporary directory, filled with a small demo assortment. */
typedef struct
{
  char    *dir;
  char    *path;
  HwStore *store;
} HwTestReplica;

HwTestReplica *hw_test_replica_new       (guint           n_products);
void           hw_test_replica_free      (HwTestReplica  *replica);
char          *hw_test_first_product     (HwStore        *store,
                                          gboolean        with_attributes);
HwAttribute   *hw_test_find_attribute    (HwStore        *store,
                                          const char     *code);
void           hw_test_pull_change       (HwStore        *store,
                                          gpointer        entity,
                                          gint64          rev);
gint64         hw_test_count_ops         (HwStore        *store);
GtkWidget     *hw_test_find_named        (GtkWidget      *root,
                                          const char     *name);
GtkWidget     *hw_test_find_type         (GtkWidget      *root,
                                          GType           type);
guint          hw_test_count_named       (GtkWidget      *root,
                                          const char     *name);
void           hw_test_iterate           (void);
void           hw_test_wait_for          (gboolean      (*done) (gpointer),
                                          gpointer        data);
void           hw_test_render_png        (GtkWidget      *widget,
                                          const char     *path);
void           hw_test_save_png          (GtkWidget      *widget,
                                          const char     *file_name);

G_END_DECLS
