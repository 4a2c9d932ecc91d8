/* test-conflicts.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-json.h"
#include "hw-test-replica.h"

/* Conflicts of local edits with the server (hw-outbox.h): the per-field diff, the merge,
 * each resolution, and random edits on both sides that must end equal. The server is a
 * store of its own; pair_push() replays the outbox on it as the HTTP handlers would. */

static void
assert_diff (GPtrArray  *diffs,
             const char *field,
             int         kind)
{
  for (guint i = 0; i < diffs->len; i++)
    {
      HwFieldDiff *diff = g_ptr_array_index (diffs, i);

      if (g_strcmp0 (diff->field, field) == 0)
        {
          g_assert_cmpint (diff->kind, ==, kind);
          return;
        }
    }

  g_assert_cmpint (kind, ==, -1);
}

/* 412: theirs kept on the op, a per-field diff, and take theirs. */
static void
test_conflict_take_theirs (Fixture       *f,
                           gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(HwProduct) shown = NULL;
  PushResult result;

  edit (replica, f->p1, "description", "Mine");
  edit (f->pair.server, f->p1, "name", "Theirs");

  result = pair_push (&f->pair);
  g_assert_cmpuint (result.conflicts, ==, 1);
  g_assert_cmpuint (result.completed, ==, 0);
  g_assert_cmpint (counts (f).conflicts, ==, 1);
  ready = hw_store_outbox_list_ready (replica, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ready->len, ==, 0);

  op = find_op (f, f->p1);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_CONFLICT);
  g_assert_cmpint (op->theirs_rev, ==, hw_store_get_revision (f->pair.server));
  diffs = hw_outbox_diff (&hw_product_type, op->base_json, op->mine_json, op->theirs_json,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diffs->len, ==, 2);
  assert_diff (diffs, "description", HW_DIFF_MINE);
  assert_diff (diffs, "name", HW_DIFF_THEIRS);
  assert_diff (diffs, "sku", -1);

  /* Still mine locally, even after a pull */
  pair_pull (&f->pair, 100);
  shown = get_product (replica, f->p1);
  g_assert_cmpstr (shown->description, ==, "Mine");

  g_assert_true (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_TAKE_THEIRS, NULL,
                                          &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, hw_entity_free);
  shown = get_product (replica, f->p1);
  g_assert_cmpstr (shown->name, ==, "Theirs");
  g_assert_null (shown->description);
  settle_and_compare (f);
}

/* Keep mine: a new op on top of theirs, pushed again. */
static void
test_conflict_keep_mine (Fixture       *f,
                         gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(HwOutboxOp) again = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(HwProduct) on_server = NULL;

  edit (replica, f->p1, "name", "Mine");
  edit (f->pair.server, f->p1, "name", "Theirs");
  g_assert_cmpuint (pair_push (&f->pair).conflicts, ==, 1);

  op = find_op (f, f->p1);
  diffs = hw_outbox_diff (&hw_product_type, op->base_json, op->mine_json, op->theirs_json,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diffs->len, ==, 1);
  assert_diff (diffs, "name", HW_DIFF_CONFLICT);

  /* Only a conflict can be resolved, and an unknown op is not found. */
  g_assert_false (hw_store_outbox_revert (replica, "no-such-op", &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hw_store_outbox_mark_sent (replica, op->op_id, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_clear_error (&error);

  g_assert_true (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_KEEP_MINE, NULL, &error));
  g_assert_no_error (error);
  again = find_op (f, f->p1);
  g_assert_cmpint (again->state, ==, HW_OUTBOX_PENDING);
  g_assert_cmpstr (again->op_id, !=, op->op_id);
  g_assert_cmpint (again->base_rev, ==, op->theirs_rev);
  g_assert_cmpstr (again->base_json, ==, op->theirs_json);
  g_assert_null (again->theirs_json);
  g_assert_cmpint (again->attempts, ==, 0);
  g_assert_false (hw_store_outbox_resolve (replica, again->op_id, HW_RESOLVE_KEEP_MINE, NULL,
                                           &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_clear_error (&error);

  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 1);
  on_server = get_product (f->pair.server, f->p1);
  g_assert_cmpstr (on_server->name, ==, "Mine");
  settle_and_compare (f);
}

/* Per field: the non-conflicting changes of both sides, and theirs for the conflict. */
static void
test_conflict_merged (Fixture       *f,
                      gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GPtrArray) diffs = NULL;
  g_autoptr(HwProduct) merged = NULL;
  g_autoptr(HwProduct) invalid = NULL;
  g_autoptr(HwProduct) on_server = NULL;
  const char * const take_theirs[] = { "name", NULL };

  edit (replica, f->p1, "name", "Mine");
  edit (replica, f->p1, "description", "My description");
  edit (f->pair.server, f->p1, "name", "Theirs");
  edit (f->pair.server, f->p1, "brand", "Their brand");
  g_assert_cmpuint (pair_push (&f->pair).conflicts, ==, 1);

  op = find_op (f, f->p1);
  diffs = hw_outbox_diff (&hw_product_type, op->base_json, op->mine_json, op->theirs_json,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diffs->len, ==, 3);
  assert_diff (diffs, "name", HW_DIFF_CONFLICT);
  assert_diff (diffs, "description", HW_DIFF_MINE);
  assert_diff (diffs, "brand", HW_DIFF_THEIRS);

  merged = hw_outbox_merge (&hw_product_type, op->base_json, op->mine_json, op->theirs_json,
                            take_theirs, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (merged->name, ==, "Theirs");
  g_assert_cmpstr (merged->description, ==, "My description");
  g_assert_cmpstr (merged->brand, ==, "Their brand");
  g_assert_cmpint (HW_ENTITY (merged)->rev, ==, op->theirs_rev);

  /* A merge that does not validate is refused like an update, and changes nothing. */
  invalid = hw_entity_copy (merged);
  g_clear_pointer (&invalid->unit, g_free);
  g_assert_false (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_MERGED, invalid, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "unit");
  g_clear_error (&error);
  g_assert_cmpint (counts (f).conflicts, ==, 1);

  g_assert_true (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_MERGED, merged, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 1);
  on_server = get_product (f->pair.server, f->p1);
  g_assert_cmpstr (on_server->name, ==, "Theirs");
  g_assert_cmpstr (on_server->description, ==, "My description");
  g_assert_cmpstr (on_server->brand, ==, "Their brand");
  settle_and_compare (f);
}

/* The server deleted what was edited: mine cannot be kept; theirs removes the row. */
static void
test_conflict_deleted (Fixture       *f,
                       gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;

  edit (replica, f->p1, "name", "Mine");
  g_assert_true (hw_store_delete_product (f->pair.server, f->p1, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pair_push (&f->pair).conflicts, ==, 1);

  op = find_op (f, f->p1);
  g_assert_null (op->theirs_json);
  g_assert_cmpint (op->theirs_rev, ==, 0);
  g_assert_false (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_KEEP_MINE, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_TAKE_THEIRS, NULL,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_count (replica, &hw_product_type), ==, 1);
  settle_and_compare (f);
}

/* A local delete of something changed on the server meanwhile: keeping mine deletes it
 * there too, on top of their version. */
static void
test_conflict_delete_keep_mine (Fixture       *f,
                                gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(HwOutboxOp) again = NULL;

  g_assert_true (hw_store_local_delete (replica, &hw_product_type, f->p2, -1, &error));
  g_assert_no_error (error);
  edit (f->pair.server, f->p2, "name", "Changed on the server");
  g_assert_cmpuint (pair_push (&f->pair).conflicts, ==, 1);

  op = find_op (f, f->p2);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_DELETE);
  g_assert_cmpint (op->attempts, ==, 1);
  g_assert_nonnull (strstr (op->theirs_json, "Changed on the server"));
  g_assert_true (hw_store_outbox_resolve (replica, op->op_id, HW_RESOLVE_KEEP_MINE, NULL, &error));
  g_assert_no_error (error);
  again = find_op (f, f->p2);
  g_assert_cmpint (again->kind, ==, HW_OUTBOX_DELETE);
  g_assert_cmpint (again->base_rev, ==, op->theirs_rev);

  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 1);
  g_assert_null (hw_store_get_product (f->pair.server, f->p2, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  settle_and_compare (f);
}

/* Random local and server edits, pulls and pushes, every conflict and refusal settled
 * one way or another: in the end both sides are equal. */

static char *
random_product (HwStore *store,
                GRand   *rand)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  if (page->items->len == 0)
    return NULL;

  return g_strdup (HW_ENTITY (g_ptr_array_index (page->items,
                                                 g_rand_int_range (rand, 0, page->items->len)))->id);
}

static guint n_settled;

static void
settle_all (Fixture *f,
            GRand   *rand)
{
  static const HwOutboxState states[] = { HW_OUTBOX_CONFLICT, HW_OUTBOX_REJECTED };

  for (guint s = 0; s < G_N_ELEMENTS (states); s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) ops = hw_store_outbox_list (f->pair.replica, states[s], 0, 1000,
                                                       &error);

      g_assert_no_error (error);
      for (guint i = 0; i < ops->len; i++)
        {
          HwOutboxOp *op = g_ptr_array_index (ops, i);
          guint choice = g_rand_int_range (rand, 0, 3);

          n_settled++;
          if (op->state == HW_OUTBOX_REJECTED || (choice == 0 && op->theirs_json == NULL))
            g_assert_true (hw_store_outbox_revert (f->pair.replica, op->op_id, &error));
          else if (choice == 0 || op->theirs_json == NULL)
            g_assert_true (hw_store_outbox_resolve (f->pair.replica, op->op_id,
                                                    HW_RESOLVE_TAKE_THEIRS, NULL, &error));
          else if (choice == 1 || op->kind != HW_OUTBOX_UPDATE)
            g_assert_true (hw_store_outbox_resolve (f->pair.replica, op->op_id,
                                                    HW_RESOLVE_KEEP_MINE, NULL, &error));
          else
            {
              g_autoptr(HwProduct) merged = hw_outbox_merge (&hw_product_type, op->base_json,
                                                             op->mine_json, op->theirs_json,
                                                             NULL, &error);

              g_assert_no_error (error);
              g_assert_true (hw_store_outbox_resolve (f->pair.replica, op->op_id,
                                                      HW_RESOLVE_MERGED, merged, &error));
            }
          g_assert_no_error (error);
        }
    }
}

static void
test_random_convergence (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  static const char * const fields[] = { "name", "description", "brand" };
  guint n_created = 0;

  for (guint step = 0; step < 400; step++)
    {
      g_autoptr(GError) error = NULL;
      gboolean local = g_rand_boolean (rand);
      HwStore *store = local ? f->pair.replica : f->pair.server;
      g_autofree char *id = random_product (store, rand);
      g_autofree char *value = g_strdup_printf ("v%u", g_rand_int_range (rand, 0, 4));
      guint what = g_rand_int_range (rand, 0, 12);

      if (what < 6 && id != NULL)
        edit (store, id, fields[what % 3], value);
      else if (what < 8 || id == NULL)
        {
          g_autofree char *sku = g_strdup_printf ("%s-%u", local ? "RL" : "RS", n_created++);
          g_autoptr(HwProduct) product = test_product_new (sku, NULL);

          g_assert_true (local ? hw_store_local_create (store, product, &error)
                               : hw_store_create_product (store, product, &error));
        }
      else if (what < 9)
        g_assert_true (local ? hw_store_local_delete (store, &hw_product_type, id, -1, &error)
                             : hw_store_delete_product (store, id, -1, &error));
      else if (what < 10)
        pair_pull (&f->pair, g_rand_int_range (rand, 1, 8));
      else if (what < 11)
        pair_push (&f->pair);
      else
        settle_all (f, rand);
      g_assert_no_error (error);
    }

  /* The server stops changing; whatever is left is pushed and settled. */
  for (guint round = 0; n_ops (f) > 0; round++)
    {
      g_assert_cmpuint (round, <, 10);
      pair_push (&f->pair);
      settle_all (f, rand);
    }
  settle_and_compare (f);
  g_test_message ("%u conflicts and refusals settled", n_settled);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/conflicts/take-theirs", test_conflict_take_theirs);
  ADD ("/conflicts/keep-mine", test_conflict_keep_mine);
  ADD ("/conflicts/merged", test_conflict_merged);
  ADD ("/conflicts/deleted-on-server", test_conflict_deleted);
  ADD ("/conflicts/delete-keep-mine", test_conflict_delete_keep_mine);
  ADD ("/conflicts/random-convergence", test_random_convergence);

  return g_test_run ();
}
