/* test-sync-faults.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-faults"

#include "config.h"

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-sync-engine.h"
#include "hw-sync-error.h"

#include "hw-fault-proxy.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* HwSyncEngine against the real server binary (seeded small) through HwFaultProxy
 * (hw-fault-proxy.h): a create whose answer is lost after the server committed it, a 500
 * and a slow answer on a changes page, a 429 with Retry-After on a push, and a truncated
 * and a corrupted changes page. The engine retries on its own; every test ends with the
 * replica's content checksum equal to the server's, no op left, lost or made twice. */

#define CHANGES  "/api/v1/changes"
#define PRODUCTS "/api/v1/products"

static HwTestFixture fixture;
static HwFaultProxy *proxy;
static guint n_replicas;

/* Helpers */

static char *
new_replica_path (void)
{
  g_autofree char *name = g_strdup_printf ("replica-%u.db", ++n_replicas);

  return g_build_filename (fixture.dir, name, NULL);
}

/* An engine pointed at the proxy; runs only when a test asks, or retries on its own. */
static HwSyncEngine *
new_engine (const char *replica)
{
  HwSyncEngine *engine = hw_sync_engine_new (hw_fault_proxy_get_url (proxy), replica);

  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, fixture.owner);
  return engine;
}

/* A run that fails with @code, leaving a retry scheduled. */
static void
assert_sync_fails (HwSyncEngine *engine,
                   int           code)
{
  g_autoptr(GError) error = hw_test_sync_run (engine, NULL);

  g_assert_error (error, HW_SYNC_ERROR, code);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_ERROR);
  g_assert_cmpstr (hw_sync_engine_get_last_error (engine), ==, error->message);
}

/* The retries the engine schedules itself, until one ends well. */
static void
wait_for_idle (HwSyncEngine *engine)
{
  while (hw_sync_engine_get_state (engine) != HW_SYNC_STATE_IDLE)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (hw_sync_engine_get_last_error (engine));
}

static HwSyncEngine *
synced_engine (char **out_replica)
{
  g_autofree char *replica = new_replica_path ();
  HwSyncEngine *engine = new_engine (replica);

  hw_test_sync_assert_run (engine);
  *out_replica = g_steal_pointer (&replica);
  return engine;
}

static HwStore *
open_replica (const char *replica)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (replica, HW_STORE_OPEN_REPLICA, &error);

  g_assert_no_error (error);
  return store;
}

static HwStore *
open_server (void)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (fixture.db, HW_STORE_OPEN_READONLY, &error);

  g_assert_no_error (error);
  return store;
}

static char *
checksum_of (HwStore *store)
{
  g_autoptr(GError) error = NULL;
  char *checksum = hw_store_content_checksum (store, &error);

  g_assert_no_error (error);
  return checksum;
}

/* Equal to the server, and nothing left to push, in conflict or refused. */
static void
assert_equal_to_server (HwSyncEngine *engine,
                        const char   *replica)
{
  g_autoptr(HwStore) server = open_server ();
  g_autoptr(HwStore) local = open_replica (replica);
  g_autofree char *expected = checksum_of (server);
  g_autofree char *actual = checksum_of (local);

  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);
}

static gint64
cursor_of (const char *replica)
{
  g_autoptr(HwStore) store = open_replica (replica);

  return hw_store_get_sync_cursor (store);
}

/* How many products of the server have @sku. */
static gint64
server_count_sku (const char *sku)
{
  g_autoptr(HwStore) server = open_server ();
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  hw_query_add_filter (query, "sku", HW_FILTER_EQ, sku);
  hw_store_count (server, &hw_product_type, query, &count, &error);
  g_assert_no_error (error);
  return count;
}

/* The id of the @index-th product of the server, by id. */
static char *
product_id (guint index)
{
  g_autoptr(HwStore) store = open_server ();
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, index + 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, index + 1);
  return g_strdup (HW_ENTITY (g_ptr_array_index (page->items, index))->id);
}

/* A change made by a colleague, straight to the server. */
static void
server_rename (guint       index,
               const char *display_name)
{
  g_autofree char *id = product_id (index);
  g_autofree char *path = g_strconcat (PRODUCTS "/", id, NULL);
  g_autofree char *body = g_strdup_printf ("{\"display_name\": \"%s\"}", display_name);
  g_auto(HwTestResponse) response = { 0, };

  hw_test_patch (fixture.session, fixture.url, &response, path, fixture.owner, body);
  g_assert_cmpuint (response.status, ==, 200);
}

/* A create in the replica, as the app makes it; returns its op's id. */
static char *
local_create (HwStore    *store,
              const char *sku)
{
  g_autoptr(HwProduct) product = hw_entity_new (&hw_product_type);
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  product->sku = g_strdup (sku);
  product->name = g_strdup ("Made by the fault tests");
  product->unit = g_strdup ("pcs");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  hw_store_local_create (store, product, &error);
  g_assert_no_error (error);
  op = hw_store_outbox_find (store, &hw_product_type, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);
  return g_strdup (op->op_id);
}

static void
local_rename (HwStore    *store,
              guint       index,
              const char *display_name)
{
  g_autofree char *id = product_id (index);
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  product = hw_store_get_product (store, id, &error);
  g_assert_no_error (error);
  g_free (product->display_name);
  product->display_name = g_strdup (display_name);
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);
}

/* Tests */

/* The server made the product, the answer never came: the engine's retry carries the
 * same Idempotency-Key, and the server answers with that product, not a second one. */
static void
test_create_answer_lost (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autofree char *op_id = local_create (store, "FAULT-LOST-1");
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  guint posts = hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS);

  hw_fault_proxy_add_rule (proxy, "POST", PRODUCTS, 1, HW_FAULT_DROP_AFTER_UPSTREAM, 0);
  assert_sync_fails (engine, HW_SYNC_ERROR_NETWORK);
  /* The server has it; the replica does not know, and keeps the op. */
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS), ==, posts + 1);
  g_assert_cmpint (server_count_sku ("FAULT-LOST-1"), ==, 1);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 1);
  op = hw_store_outbox_get (store, op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_SENT);

  wait_for_idle (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS), ==, posts + 2);
  g_assert_cmpint (server_count_sku ("FAULT-LOST-1"), ==, 1);
  assert_equal_to_server (engine, replica);
}

/* A 500 on the second page of the initial pull: the retry goes on from the first. */
static void
test_changes_500 (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  guint faults = hw_fault_proxy_get_n_faults (proxy);
  gint64 saved;

  hw_sync_engine_set_page_size (engine, 100);
  hw_fault_proxy_add_rule (proxy, "GET", CHANGES, 2, HW_FAULT_STATUS_500, 0);
  assert_sync_fails (engine, HW_SYNC_ERROR_SERVER);
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (proxy), ==, faults + 1);
  saved = cursor_of (replica);
  g_assert_cmpint (saved, >, 0);

  wait_for_idle (engine);
  g_assert_cmpint (cursor_of (replica), >, saved);
  assert_equal_to_server (engine, replica);
}

typedef struct
{
  gint64 error_at;   /* when the engine went into ERROR */
  gint64 retry_at;   /* when it next started a run */
} StateTimes;

static void
state_cb (HwSyncEngine *engine,
          GParamSpec   *pspec,
          StateTimes   *times)
{
  HwSyncState state = hw_sync_engine_get_state (engine);

  if (state == HW_SYNC_STATE_ERROR && times->error_at == 0)
    times->error_at = g_get_monotonic_time ();
  else if (state == HW_SYNC_STATE_SYNCING && times->error_at != 0 && times->retry_at == 0)
    times->retry_at = g_get_monotonic_time ();
}

/* A 429 on a push: the engine waits as long as Retry-After says (2 s, more than the
 * first backoff's 1.2 s at most), then pushes the edits once each, in order. */
static void
test_push_429 (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autofree char *op_id = NULL;
  g_autofree char *first = product_id (20);
  g_autofree char *second = product_id (21);
  StateTimes times = { 0, 0 };
  guint posts = hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS);
  guint patches = hw_fault_proxy_get_n_forwarded (proxy, "PATCH", PRODUCTS);

  local_rename (store, 20, "Pushed after a 429");
  op_id = local_create (store, "FAULT-429-1");
  local_rename (store, 21, "Pushed after a 429, too");

  /* The second op, the create, is refused once: the first is in, the third waits. */
  hw_fault_proxy_add_rule (proxy, "POST", PRODUCTS, 1, HW_FAULT_STATUS_429, 2);
  g_signal_connect (engine, "notify::state", G_CALLBACK (state_cb), &times);
  assert_sync_fails (engine, HW_SYNC_ERROR_SERVER);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "PATCH", PRODUCTS), ==, patches + 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (proxy, "POST", PRODUCTS), >=, 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS), ==, posts);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 2);

  wait_for_idle (engine);
  /* GLib's timeouts never fire early: the retry started no sooner than Retry-After
   * after the failure (ERROR is set before the retry is scheduled). */
  g_assert_cmpint (times.error_at, >, 0);
  g_assert_cmpint (times.retry_at - times.error_at, >=, 2 * G_USEC_PER_SEC);
  g_signal_handlers_disconnect_by_func (engine, state_cb, &times);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "POST", PRODUCTS), ==, posts + 1);
  g_assert_cmpuint (hw_fault_proxy_get_n_forwarded (proxy, "PATCH", PRODUCTS), ==, patches + 2);
  g_assert_cmpint (server_count_sku ("FAULT-429-1"), ==, 1);
  {
    g_autoptr(HwStore) server = open_server ();
    g_autoptr(HwProduct) a = hw_store_get_product (server, first, NULL);
    g_autoptr(HwProduct) b = hw_store_get_product (server, second, NULL);

    g_assert_cmpstr (a->display_name, ==, "Pushed after a 429");
    g_assert_cmpstr (b->display_name, ==, "Pushed after a 429, too");
  }
  assert_equal_to_server (engine, replica);
}

/* A changes page that is cut short or garbled is not applied: the run fails, the
 * cursor stays where it was, and the next run pulls the page whole. */
static void
test_changes_garbled (gconstpointer data)
{
  HwFaultKind kind = GPOINTER_TO_UINT (data);
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autofree char *name = g_strdup_printf ("Garbled page %u", kind);
  gint64 saved = cursor_of (replica);
  guint faults = hw_fault_proxy_get_n_faults (proxy);

  for (guint i = 0; i < 5; i++)
    server_rename (30 + i, name);

  hw_fault_proxy_add_rule (proxy, "GET", CHANGES, 1, kind, 0);
  assert_sync_fails (engine, HW_SYNC_ERROR_PROTOCOL);
  g_assert_cmpuint (hw_fault_proxy_get_n_faults (proxy), ==, faults + 1);
  g_assert_cmpint (cursor_of (replica), ==, saved);
  {
    g_autoptr(HwStore) store = open_replica (replica);
    g_autofree char *id = product_id (30);
    g_autoptr(HwProduct) product = hw_store_get_product (store, id, NULL);

    g_assert_cmpstr (product->display_name, !=, name);
  }

  /* The next run, not the scheduled retry. */
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 5);
  g_assert_cmpint (cursor_of (replica), >, saved);
  assert_equal_to_server (engine, replica);
}

/* A slow answer on a page is waited for: no error, no second request. */
static void
test_changes_slow (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  guint gets;

  server_rename (40, "Slow page");
  server_rename (41, "Slow page");
  gets = hw_fault_proxy_get_n_requests (proxy, "GET", CHANGES);
  hw_fault_proxy_add_rule (proxy, "GET", CHANGES, 1, HW_FAULT_DELAY, 1500);
  hw_test_sync_assert_run (engine);
  g_assert_cmpuint (hw_fault_proxy_get_n_requests (proxy, "GET", CHANGES), ==, gets + 1);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 2);
  assert_equal_to_server (engine, replica);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A new replica pages the changes feed rather than taking the server's snapshot: the
   * faults here are injected into its pages; test-sync-snapshot.c covers the snapshot. */
  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);

  hw_test_fixture_prepare (&fixture, "hw-sync-faults-XXXXXX", (const char * const[]) {
                             "--products", "300", "--accounts", "3", "--users", "3",
                             "--orders", "5", "--now", "2026-01-01", NULL });
  hw_test_fixture_start (&fixture);
  proxy = hw_fault_proxy_new (fixture.url);

  g_test_add_func ("/sync/faults/create-answer-lost", test_create_answer_lost);
  g_test_add_func ("/sync/faults/changes-500", test_changes_500);
  g_test_add_func ("/sync/faults/push-429", test_push_429);
  g_test_add_data_func ("/sync/faults/changes-truncated",
                        GUINT_TO_POINTER (HW_FAULT_TRUNCATE_BODY), test_changes_garbled);
  g_test_add_data_func ("/sync/faults/changes-corrupt",
                        GUINT_TO_POINTER (HW_FAULT_CORRUPT_JSON), test_changes_garbled);
  g_test_add_func ("/sync/faults/changes-slow", test_changes_slow);

  status = g_test_run ();

  g_clear_pointer (&proxy, hw_fault_proxy_free);
  hw_test_fixture_stop (&fixture);

  return status;
}
