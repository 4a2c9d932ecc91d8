/* hw-test-replica.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-outbox.h"
#include "hw-store-private.h"

G_BEGIN_DECLS

/* A server store and a replica of it, in a temporary directory, on a fixed clock. The
 * tests stand in for the sync engine: pulls page through hw_store_changes() of the server,
 * pushes replay the outbox on the server store as the HTTP handlers would. */
typedef struct
{
  char    *dir;
  char    *server_path;
  char    *replica_path;
  HwStore *server;
  HwStore *replica;
} Pair;

typedef struct
{
  guint completed;
  guint conflicts;
  guint rejected;
} PushResult;

void        pair_set_up          (Pair               *pair,
                                  gconstpointer       data);
void        pair_tear_down       (Pair               *pair,
                                  gconstpointer       data);
guint       pair_pull            (Pair               *pair,
                                  guint               limit);
PushResult  pair_push            (Pair               *pair);
void        pair_assert_same     (Pair               *pair);

HwProduct  *test_product_new     (const char         *sku,
                                  const char         *category_id);
char       *test_create_category (HwStore            *store,
                                  const char         *name,
                                  const char         *parent_id);
char       *test_create_product  (HwStore            *store,
                                  const char         *sku,
                                  const char         *category_id);
guint       test_search_count    (HwStore            *store,
                                  const char         *text);
gint64      test_count           (HwStore            *store,
                                  const HwEntityType *type);
gint64      test_query_int       (HwStore            *store,
                                  const char         *sql);
void        test_remove_dir      (const char         *dir);

/* A pair synced with a category and two products in it, for tests of local edits */
typedef struct
{
  Pair  pair;
  char *category;
  char *p1;
  char *p2;
} Fixture;

void            fixture_set_up     (Fixture       *f,
                                    gconstpointer  data);
void            fixture_tear_down  (Fixture       *f,
                                    gconstpointer  data);
HwProduct      *get_product        (HwStore       *store,
                                    const char    *id);
void            edit               (HwStore       *store,
                                    const char    *id,
                                    const char    *field,
                                    const char    *value);
HwOutboxOp     *find_op            (Fixture       *f,
                                    const char    *id);
gint64          n_ops              (Fixture       *f);
HwOutboxCounts  counts             (Fixture       *f);
void            settle_and_compare (Fixture       *f);

G_END_DECLS
