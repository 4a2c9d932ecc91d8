/* test-outbox.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "hw-json.h"
#include "hw-test-replica.h"

/* Local edits of a replica and their outbox (hw-outbox.h): the transaction of an edit,
 * coalescing, and the answers of the server a push may get (conflicts are in
 * test-conflicts.c). The server is a store of its own; pair_push() replays the outbox on
 * it as the HTTP handlers would. */

static char *self_exe;

/* Create, update and delete locally: the rows show them at once, with the base rev, and
 * the outbox holds one op each; validation is the store's. */
static void
test_local_edits (Fixture       *f,
                  gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) fresh = test_product_new ("NEW-1", f->category);
  g_autoptr(HwProduct) bad = test_product_new (NULL, f->category);
  g_autoptr(HwProduct) p1 = get_product (replica, f->p1);
  g_autoptr(HwProduct) shown = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  gint64 p1_rev = HW_ENTITY (p1)->rev;
  HwOutboxCounts c;

  g_assert_true (hw_store_local_create (replica, fresh, &error));
  g_assert_no_error (error);
  g_assert_true (hw_uuid_is_valid (HW_ENTITY (fresh)->id));
  g_assert_cmpint (HW_ENTITY (fresh)->rev, ==, 0);
  shown = get_product (replica, HW_ENTITY (fresh)->id);
  g_assert_cmpstr (shown->sku, ==, "NEW-1");
  g_assert_cmpuint (test_search_count (replica, "NEW-1"), ==, 1);
  op = find_op (f, HW_ENTITY (fresh)->id);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_CREATE);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_PENDING);
  g_assert_true (op->type == &hw_product_type);
  g_assert_true (hw_uuid_is_valid (op->op_id));
  g_assert_cmpint (op->base_rev, ==, 0);
  g_assert_null (op->base_json);
  g_assert_nonnull (strstr (op->mine_json, "\"NEW-1\""));
  g_assert_cmpint (op->attempts, ==, 0);
  g_clear_pointer (&op, hw_outbox_op_free);

  g_free (p1->name);
  p1->name = g_strdup ("Edited offline");
  g_assert_true (hw_store_local_update (replica, p1, p1_rev, &error));
  g_assert_no_error (error);
  g_assert_cmpint (HW_ENTITY (p1)->rev, ==, p1_rev);
  g_clear_pointer (&shown, hw_entity_free);
  shown = get_product (replica, f->p1);
  g_assert_cmpstr (shown->name, ==, "Edited offline");
  g_assert_cmpint (HW_ENTITY (shown)->rev, ==, p1_rev);
  g_assert_cmpuint (test_search_count (replica, "offline"), ==, 1);
  op = find_op (f, f->p1);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_UPDATE);
  g_assert_cmpint (op->base_rev, ==, p1_rev);
  g_assert_nonnull (strstr (op->base_json, "\"Product P-1\""));
  g_assert_nonnull (strstr (op->mine_json, "\"Edited offline\""));
  g_clear_pointer (&op, hw_outbox_op_free);

  g_assert_true (hw_store_local_delete (replica, &hw_product_type, f->p2, -1, &error));
  g_assert_no_error (error);
  g_assert_null (hw_store_get_product (replica, f->p2, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  op = find_op (f, f->p2);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_DELETE);
  g_assert_null (op->mine_json);
  g_assert_nonnull (strstr (op->base_json, "\"P-2\""));

  /* Refusals name the field as the store's writes do, and leave nothing behind. */
  g_assert_false (hw_store_local_create (replica, bad, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "sku");
  g_clear_error (&error);
  g_assert_null (HW_ENTITY (bad)->id);
  g_assert_false (hw_store_local_update (replica, p1, p1_rev + 1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_clear_error (&error);
  g_assert_false (hw_store_local_delete (replica, &hw_product_type, f->p2, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (hw_store_local_delete (replica, &hw_product_type, NULL, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (n_ops (f), ==, 3);
  g_assert_cmpint (test_count (replica, &hw_product_type), ==, 2);

  c = counts (f);
  g_assert_cmpint (c.pending, ==, 3);
  g_assert_cmpint (c.sent + c.conflicts + c.rejected, ==, 0);

  /* Pushed, the replica holds the server's versions and revs. */
  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 3);
  g_clear_pointer (&shown, hw_entity_free);
  shown = get_product (replica, f->p1);
  g_assert_cmpint (HW_ENTITY (shown)->rev, >, p1_rev);
  settle_and_compare (f);
}

/* Every coalescing rule of hw-outbox.h */
static void
test_coalescing (Fixture       *f,
                 gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) a = test_product_new ("CO-A", NULL);
  g_autoptr(HwProduct) b = test_product_new ("CO-B", NULL);
  g_autoptr(HwProduct) again = test_product_new ("CO-C", NULL);
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(HwProduct) p1 = get_product (replica, f->p1);
  gint64 p1_rev = HW_ENTITY (p1)->rev;

  /* create + update → one create with the new values */
  g_assert_true (hw_store_local_create (replica, a, &error));
  g_assert_no_error (error);
  edit (replica, HW_ENTITY (a)->id, "name", "Created then renamed");
  op = find_op (f, HW_ENTITY (a)->id);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_CREATE);
  g_assert_nonnull (strstr (op->mine_json, "Created then renamed"));
  g_assert_cmpint (n_ops (f), ==, 1);
  g_clear_pointer (&op, hw_outbox_op_free);

  /* create + delete → nothing */
  g_assert_true (hw_store_local_create (replica, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_ops (f), ==, 2);
  g_assert_true (hw_store_local_delete (replica, &hw_product_type, HW_ENTITY (b)->id, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_ops (f), ==, 1);
  g_assert_null (hw_store_outbox_find (replica, &hw_product_type, HW_ENTITY (b)->id, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (test_search_count (replica, "CO-B"), ==, 0);

  /* update + update → one update on the first base */
  edit (replica, f->p1, "name", "First");
  edit (replica, f->p1, "description", "Second");
  op = find_op (f, f->p1);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_UPDATE);
  g_assert_cmpint (op->base_rev, ==, p1_rev);
  g_assert_nonnull (strstr (op->base_json, "\"Product P-1\""));
  g_assert_nonnull (strstr (op->mine_json, "\"First\""));
  g_assert_nonnull (strstr (op->mine_json, "\"Second\""));
  g_assert_cmpint (n_ops (f), ==, 2);
  g_clear_pointer (&op, hw_outbox_op_free);

  /* update + delete → one delete with the update's base */
  edit (replica, f->p2, "name", "Doomed");
  g_assert_true (hw_store_local_delete (replica, &hw_product_type, f->p2, -1, &error));
  g_assert_no_error (error);
  op = find_op (f, f->p2);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_DELETE);
  g_assert_nonnull (strstr (op->base_json, "\"Product P-2\""));
  g_assert_null (op->mine_json);
  g_assert_cmpint (n_ops (f), ==, 3);

  /* delete + create → the id existed */
  HW_ENTITY (again)->id = g_strdup (f->p2);
  g_assert_false (hw_store_local_create (replica, again, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, "id");
  g_clear_error (&error);
  g_assert_cmpint (n_ops (f), ==, 3);

  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 3);
  settle_and_compare (f);
  g_clear_pointer (&op, hw_outbox_op_free);
  op = NULL;
  {
    g_autoptr(HwProduct) on_server = get_product (f->pair.server, f->p1);

    g_assert_cmpstr (on_server->name, ==, "First");
    g_assert_cmpstr (on_server->description, ==, "Second");
  }
}

/* A sent op is never rewritten; the next edit waits behind it and is rebased when it
 * completes. */
static void
test_sent_not_rewritten (Fixture       *f,
                         gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) first = NULL;
  g_autoptr(HwOutboxOp) second = NULL;
  g_autoptr(HwOutboxOp) reread = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  g_autoptr(HwProduct) shown = NULL;
  gint64 base_rev;

  edit (replica, f->p1, "name", "Sent version");
  first = find_op (f, f->p1);
  base_rev = first->base_rev;
  g_assert_true (hw_store_outbox_mark_sent (replica, first->op_id, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_outbox_mark_failed (replica, first->op_id, "connection reset", &error));
  g_assert_no_error (error);

  edit (replica, f->p1, "name", "Later version");
  g_assert_cmpint (n_ops (f), ==, 2);
  reread = hw_store_outbox_get (replica, first->op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reread->state, ==, HW_OUTBOX_SENT);
  g_assert_cmpint (reread->attempts, ==, 1);
  g_assert_cmpstr (reread->last_error, ==, "connection reset");
  g_assert_nonnull (strstr (reread->mine_json, "Sent version"));
  second = find_op (f, f->p1);
  g_assert_cmpstr (second->op_id, !=, first->op_id);
  g_assert_cmpint (second->base_rev, ==, base_rev);
  g_assert_nonnull (strstr (second->base_json, "Sent version"));

  /* Only the first is ready: the second waits for it. */
  ready = hw_store_outbox_list_ready (replica, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ready->len, ==, 1);
  g_assert_cmpstr (((HwOutboxOp *) g_ptr_array_index (ready, 0))->op_id, ==, first->op_id);

  /* The server took the first: the second is rebased, the row keeps its values. */
  {
    g_autoptr(HwProduct) sent = hw_entity_from_json_string (&hw_product_type, first->mine_json,
                                                             -1, &error);
    g_autoptr(HwProduct) answer = NULL;

    g_assert_no_error (error);
    g_assert_true (hw_store_update (f->pair.server, sent, base_rev, &error));
    g_assert_no_error (error);
    answer = get_product (f->pair.server, f->p1);
    g_assert_true (hw_store_outbox_complete (replica, first->op_id, answer, &error));
    g_assert_no_error (error);

    g_clear_pointer (&second, hw_outbox_op_free);
    second = find_op (f, f->p1);
    g_assert_cmpint (second->base_rev, ==, HW_ENTITY (answer)->rev);
    shown = get_product (replica, f->p1);
    g_assert_cmpstr (shown->name, ==, "Later version");
    g_assert_cmpint (HW_ENTITY (shown)->rev, ==, HW_ENTITY (answer)->rev);
  }

  g_assert_cmpuint (pair_push (&f->pair).completed, ==, 1);
  settle_and_compare (f);
}

/* A refused create and a refused update: counted, kept, revertible; an edit resubmits. */
static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) mine = test_product_new ("DUP", NULL);
  g_autoptr(HwProduct) moved = get_product (replica, f->p1);
  g_autoptr(HwProduct) reverted = NULL;
  g_autoptr(HwOutboxOp) create_op = NULL;
  g_autoptr(HwOutboxOp) update_op = NULL;
  g_autoptr(HwOutboxOp) edited = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autofree char *gone = test_create_category (f->pair.server, "Gone soon", NULL);
  g_autofree char *theirs = NULL;
  PushResult result;
  HwOutboxCounts c;

  /* The replica learns of the category; the server then deletes it, and creates a DUP
   * the replica does not know of yet. */
  pair_pull (&f->pair, 100);
  g_assert_true (hw_store_delete_category (f->pair.server, gone, -1, &error));
  g_assert_no_error (error);
  theirs = test_create_product (f->pair.server, "DUP", NULL);

  g_free (moved->category_id);
  moved->category_id = g_strdup (gone);
  g_assert_true (hw_store_local_update (replica, moved, -1, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_local_create (replica, mine, &error));
  g_assert_no_error (error);

  result = pair_push (&f->pair);
  g_assert_cmpuint (result.rejected, ==, 2);
  c = counts (f);
  g_assert_cmpint (c.rejected, ==, 2);
  g_assert_cmpint (c.pending, ==, 0);
  rejected = hw_store_outbox_list (replica, HW_OUTBOX_REJECTED, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 2);

  update_op = find_op (f, f->p1);
  g_assert_cmpint (update_op->state, ==, HW_OUTBOX_REJECTED);
  g_assert_nonnull (strstr (update_op->last_error, "category"));
  create_op = find_op (f, HW_ENTITY (mine)->id);
  g_assert_cmpint (create_op->state, ==, HW_OUTBOX_REJECTED);
  g_assert_nonnull (create_op->last_error);

  /* Edited again, the refused update is resubmitted, as a new request … */
  edit (replica, f->p1, "name", "Fixed");
  edited = find_op (f, f->p1);
  g_assert_cmpint (edited->state, ==, HW_OUTBOX_PENDING);
  g_assert_null (edited->last_error);
  g_assert_cmpint (edited->seq, ==, update_op->seq);
  g_assert_cmpstr (edited->op_id, !=, update_op->op_id);
  g_assert_cmpuint (pair_push (&f->pair).rejected, ==, 1);

  /* … and reverting brings back the server's versions; the refused create goes. */
  g_assert_true (hw_store_outbox_revert (replica, edited->op_id, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_outbox_revert (replica, create_op->op_id, &error));
  g_assert_no_error (error);
  reverted = get_product (replica, f->p1);
  g_assert_cmpstr (reverted->category_id, ==, f->category);
  g_assert_cmpstr (reverted->name, ==, "Product P-1");
  g_assert_null (hw_store_get_product (replica, HW_ENTITY (mine)->id, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  settle_and_compare (f);
}

/* Pulls leave rows with edits alone, and note the server's version for them. */
static void
test_pull_keeps_pending (Fixture       *f,
                         gconstpointer  data)
{
  HwStore *replica = f->pair.replica;
  g_autoptr(GError) error = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(HwProduct) shown = NULL;
  g_autoptr(HwProduct) answer = NULL;
  g_autoptr(HwProduct) sent = NULL;

  edit (replica, f->p1, "name", "Mine");
  edit (f->pair.server, f->p1, "brand", "Theirs");
  pair_pull (&f->pair, 100);

  shown = get_product (replica, f->p1);
  g_assert_cmpstr (shown->name, ==, "Mine");
  g_assert_null (shown->brand);
  op = find_op (f, f->p1);
  g_assert_cmpint (op->server_rev, ==, hw_store_get_revision (f->pair.server));

  /* Reverted, the row takes the newest server version, not the base. */
  g_assert_true (hw_store_outbox_revert (replica, op->op_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, hw_entity_free);
  shown = get_product (replica, f->p1);
  g_assert_cmpstr (shown->brand, ==, "Theirs");
  settle_and_compare (f);

  /* Completed with an answer older than what a pull met since: the newer one wins. */
  edit (replica, f->p2, "name", "Mine too");
  g_clear_pointer (&op, hw_outbox_op_free);
  op = find_op (f, f->p2);
  g_assert_true (hw_store_outbox_mark_sent (replica, op->op_id, &error));
  g_assert_no_error (error);
  sent = hw_entity_from_json_string (&hw_product_type, op->mine_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_update (f->pair.server, sent, op->base_rev, &error));
  g_assert_no_error (error);
  answer = get_product (f->pair.server, f->p2);
  edit (f->pair.server, f->p2, "brand", "Later on the server");
  pair_pull (&f->pair, 100);
  g_assert_true (hw_store_outbox_complete (replica, op->op_id, answer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, hw_entity_free);
  shown = get_product (replica, f->p2);
  g_assert_cmpstr (shown->name, ==, "Mine too");
  g_assert_cmpstr (shown->brand, ==, "Later on the server");
  pair_assert_same (&f->pair);

  /* An answer that is not the op's entity is refused. */
  edit (replica, f->p1, "name", "Once more");
  g_clear_pointer (&op, hw_outbox_op_free);
  op = find_op (f, f->p1);
  g_assert_false (hw_store_outbox_complete (replica, op->op_id, answer, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hw_store_outbox_complete (replica, op->op_id, NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (n_ops (f), ==, 1);
}

/* The ready list pages by seq. */
static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 after = 0;
  guint total = 0, pages = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sku = g_strdup_printf ("L-%u", i);
      g_autoptr(HwProduct) product = test_product_new (sku, NULL);

      g_assert_true (hw_store_local_create (f->pair.replica, product, &error));
      g_assert_no_error (error);
    }

  for (;;)
    {
      g_autoptr(GPtrArray) ops = hw_store_outbox_list_ready (f->pair.replica, after, 2, &error);

      g_assert_no_error (error);
      if (ops->len == 0)
        break;
      g_assert_cmpuint (ops->len, <=, 2);
      for (guint i = 0; i < ops->len; i++)
        {
          HwOutboxOp *op = g_ptr_array_index (ops, i);

          g_assert_cmpint (op->seq, >, after);
          after = op->seq;
          total++;
        }
      pages++;
    }

  g_assert_cmpuint (total, ==, 5);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpstr (hw_outbox_state_to_string (HW_OUTBOX_CONFLICT), ==, "conflict");
  g_assert_cmpstr (hw_outbox_kind_to_string (HW_OUTBOX_DELETE), ==, "delete");
}

/* A database of schema 6 gains the outbox and takes local edits. */
static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->pair.dir, "old.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(HwStore) old = _hw_store_open_at_version (path, 6, &error);
  g_autoptr(HwStore) store = NULL;
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_schema_version (old), ==, 6);
  id = test_create_product (old, "OLD-6", NULL);
  g_clear_object (&old);

  store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_schema_version (store), ==, hw_store_latest_schema_version ());
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM outbox"), ==, 0);
  edit (store, id, "name", "Edited after the migration");
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM outbox"), ==, 1);
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
}

/* Attribute definitions edited locally reach the other connections of the replica, and
 * settling such an edit recomputes completeness as a write does. */
static void
test_attribute_edits (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwAttribute) colour = hw_attribute_new ();
  g_autoptr(HwAttribute) local = NULL;
  g_autoptr(HwStore) other = NULL;
  g_autoptr(HwProduct) p1 = NULL;
  g_autoptr(HwProduct) p2 = NULL;
  g_autoptr(HwProduct) bare = test_product_new ("BARE", NULL);
  g_autoptr(HwOutboxOp) op = NULL;
  const char * const red[] = { "red", NULL };
  const char * const red_blue[] = { "red", "blue", NULL };
  gint64 percent = -1;

  colour->code = g_strdup ("colour");
  colour->name = g_strdup ("Colour");
  colour->type = g_strdup ("enum");
  colour->options = g_strdupv ((char **) red);
  g_assert_true (hw_store_create_attribute (f->pair.server, colour, &error));
  g_assert_no_error (error);
  pair_pull (&f->pair, 100);

  /* The other connection reads the definitions first … */
  other = hw_store_open (f->pair.replica_path, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  p1 = get_product (other, f->p1);
  hw_product_add_attribute (p1, HW_ENTITY (colour)->id, "red");
  g_assert_true (hw_store_local_update (other, p1, -1, &error));
  g_assert_no_error (error);

  /* … this one adds an option and makes the attribute required … */
  local = hw_store_get_attribute (f->pair.replica, HW_ENTITY (colour)->id, &error);
  g_assert_no_error (error);
  g_strfreev (local->options);
  local->options = g_strdupv ((char **) red_blue);
  local->required = TRUE;
  g_assert_true (hw_store_local_update (f->pair.replica, local, -1, &error));
  g_assert_no_error (error);

  /* … and the other one knows. */
  p2 = get_product (other, f->p2);
  hw_product_add_attribute (p2, HW_ENTITY (colour)->id, "blue");
  g_assert_true (hw_store_local_update (other, p2, -1, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_local_create (other, bare, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_product_completeness (other, HW_ENTITY (bare)->id, &percent, &error));
  g_assert_cmpint (percent, ==, 0);

  /* Reverted, the attribute is optional again, and completeness follows. */
  op = hw_store_outbox_find (f->pair.replica, &hw_attribute_type, HW_ENTITY (colour)->id, &error);
  g_assert_no_error (error);
  g_assert_true (hw_store_outbox_revert (f->pair.replica, op->op_id, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_product_completeness (other, HW_ENTITY (bare)->id, &percent, &error));
  g_assert_cmpint (percent, ==, 100);
  /* "blue" is no option any more, on the other connection too. */
  g_clear_pointer (&p2, hw_entity_free);
  p2 = get_product (other, f->p2);
  g_assert_false (hw_store_local_update (other, p2, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
}

/* Crash safety: a writer of local edits killed at random moments leaves each edit whole,
 * row and op together. The test runs itself as the writer ("--writer DB"). */

static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = hw_store_open (path, HW_STORE_OPEN_REPLICA, &error);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 n = test_query_int (store, "SELECT count(*) FROM outbox");

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *sku = g_strdup_printf ("CR-%06" G_GINT64_FORMAT, n++);
      g_autoptr(HwProduct) product = test_product_new (sku, NULL);

      if (!hw_store_local_create (store, product, &error))
        g_error ("writer: %s", error->message);
      g_free (product->name);
      product->name = g_strdup_printf ("Renamed %s", sku);
      if (!hw_store_local_update (store, product, 0, &error))
        g_error ("writer: %s", error->message);
    }

  return 4;
}

static void
child_setup (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
check_edits_whole (HwStore *store)
{
  sqlite3_stmt *stmt = NULL;

  /* Each product the writers made has its op, each op its product, and the op holds
   * what the row holds. */
  g_assert_cmpint (test_query_int (store, "SELECT count(*) FROM outbox"), ==,
                   test_query_int (store, "SELECT count(*) FROM products WHERE sku LIKE 'CR-%'"));
  g_assert_cmpint (sqlite3_prepare_v2 (_hw_store_get_db (store),
                                       "SELECT p.name, o.mine, o.kind FROM products p"
                                       " LEFT JOIN outbox o ON o.entity_id = p.id"
                                       " WHERE p.sku LIKE 'CR-%'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *quoted = g_strdup_printf ("\"name\":\"%s\"", sqlite3_column_text (stmt, 0));

      g_assert_nonnull (sqlite3_column_text (stmt, 1));
      g_assert_nonnull (strstr ((const char *) sqlite3_column_text (stmt, 1), quoted));
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "create");
    }
  sqlite3_finalize (stmt);
}

static void
test_crash (Fixture       *f,
            gconstpointer  data)
{
  gint64 n_before = 0;

  for (guint cycle = 0; cycle < 3; cycle++)
    {
      const char *argv[] = { self_exe, "--writer", f->pair.replica_path, NULL };
      g_autoptr(GError) error = NULL;
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
      int status = 0;
      GPid pid = 0;

      g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL,
                     &pid, &error);
      g_assert_no_error (error);

      while (test_query_int (f->pair.replica, "SELECT count(*) FROM outbox") < n_before + 5)
        {
          g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (5000);
        }
      g_usleep (g_test_rand_int_range (10, 200) * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status));
      g_spawn_close_pid (pid);

      g_clear_object (&f->pair.replica);
      f->pair.replica = hw_store_open (f->pair.replica_path, HW_STORE_OPEN_REPLICA, &error);
      g_assert_no_error (error);
      g_assert_true (hw_store_check_integrity (f->pair.replica, &error));
      g_assert_no_error (error);
      check_edits_whole (f->pair.replica);
      n_before = test_query_int (f->pair.replica, "SELECT count(*) FROM outbox");
      g_test_message ("cycle %u: %" G_GINT64_FORMAT " edits", cycle, n_before);
    }

  /* Everything the writers left is pushed once. */
  g_assert_cmpuint (pair_push (&f->pair).completed, ==, n_before);
  settle_and_compare (f);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && g_strcmp0 (argv[1], "--writer") == 0)
    return run_writer (argv[2]);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_exe);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/outbox/local-edits", test_local_edits);
  ADD ("/outbox/coalescing", test_coalescing);
  ADD ("/outbox/sent-not-rewritten", test_sent_not_rewritten);
  ADD ("/outbox/rejected", test_rejected);
  ADD ("/outbox/pull-keeps-pending", test_pull_keeps_pending);
  ADD ("/outbox/list-pages", test_list_pages);
  ADD ("/outbox/attribute-edits", test_attribute_edits);
  ADD ("/outbox/migration-6-to-7", test_migration);
  ADD ("/outbox/crash", test_crash);

  return g_test_run ();
}
