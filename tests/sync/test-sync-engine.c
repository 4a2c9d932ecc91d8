/* test-sync-engine.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-engine"

#include "config.h"

#include <signal.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-cli.h"
#include "hw-sync-engine.h"
#include "hw-sync-error.h"

#include "hw-test-server.h"
#include "hw-test-sync.h"

/* HwSyncEngine against the real server binary on loopback, seeded with demo data: the
 * initial pull, resuming it, deltas, pushes, conflicts and their resolutions,
 * refusals, 410 after a tombstone purge, an expired sign-in, and a server restart.
 * Every test ends with the replica's content checksum equal to the server's. */

#define PASSWORD "correct horse battery staple"
#define N_PRODUCTS "2000"

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  char        *url;
  char        *listen;   /* "127.0.0.1:PORT", to restart on the same address */
  GSubprocess *process;
  SoupSession *session;
  char        *token;
  guint        n_replicas;
} Fixture;

static Fixture fixture;

/* Helpers */

static char *
new_replica_path (void)
{
  g_autofree char *name = g_strdup_printf ("replica-%u.db", ++fixture.n_replicas);

  return g_build_filename (fixture.dir, name, NULL);
}

static HwSyncEngine *
new_engine (const char *replica)
{
  HwSyncEngine *engine = hw_sync_engine_new (fixture.url, replica);

  /* Runs only when a test asks, so that each sees the runs it started. */
  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, fixture.token);
  return engine;
}

static char *
checksum_of (const char       *path,
             HwStoreOpenFlags  flags)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *checksum;

  store = hw_store_open (path, flags, &error);
  g_assert_no_error (error);
  checksum = hw_store_content_checksum (store, &error);
  g_assert_no_error (error);
  return checksum;
}

static void
assert_equal_to_server (const char *replica)
{
  g_autofree char *server = checksum_of (fixture.db, HW_STORE_OPEN_READONLY);
  g_autofree char *local = checksum_of (replica, HW_STORE_OPEN_REPLICA);

  g_assert_cmpstr (local, ==, server);
}

static gint64
cursor_of (const char *replica)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = hw_store_open (replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  return hw_store_get_sync_cursor (store);
}

/* How many changes the server's feed holds after @since. */
static gint64
changes_after (gint64 since)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = 0;
  gboolean more = TRUE;

  store = hw_store_open (fixture.db, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  while (more)
    {
      g_autoptr(HwChangePage) page = hw_store_changes (store, since, 1000, &error);

      g_assert_no_error (error);
      count += page->changes->len;
      since = page->next;
      more = page->has_more;
    }
  return count;
}

static HwStore *
open_replica (const char *replica)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (replica, HW_STORE_OPEN_REPLICA, &error);

  g_assert_no_error (error);
  return store;
}

/* The id of the @index-th product of the server, by id. */
static char *
product_id (guint index)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  store = hw_store_open (fixture.db, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, index + 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, index + 1);
  return g_strdup (HW_ENTITY (g_ptr_array_index (page->items, index))->id);
}

static HwProduct *
server_product (const char *id)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  HwProduct *product;

  store = hw_store_open (fixture.db, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  product = hw_store_get_product (store, id, &error);
  if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND) ||
      g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_GONE))
    return NULL;
  g_assert_no_error (error);
  return product;
}

/* A change made by a colleague, through the API. */
static void
server_patch (const char *id,
              const char *body)
{
  g_autofree char *path = g_strconcat ("/api/v1/products/", id, NULL);
  g_auto(HwTestResponse) response = { 0, };

  hw_test_patch (fixture.session, fixture.url, &response, path, fixture.token, body);
  g_assert_cmpuint (response.status, ==, 200);
}

static void
server_delete (const char *id)
{
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/products/", id, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.token, NULL);
  g_autoptr(SoupMessage) get = NULL;
  g_autoptr(SoupMessage) del = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autofree char *etag = NULL;

  get = hw_test_send (fixture.session, "GET", url, authorization, NULL, NULL, -1, &body);
  g_assert_cmpuint (soup_message_get_status (get), ==, 200);
  etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (get),
                                                 "ETag"));
  del = hw_test_send (fixture.session, "DELETE", url, authorization, etag, NULL, -1, &none);
  g_assert_cmpuint (soup_message_get_status (del), ==, 204);
}

/* A product as staff may create it: the ERP's optional fields left out. */
static HwProduct *
new_product (const char *sku)
{
  HwProduct *product = hw_entity_new (&hw_product_type);

  product->sku = g_strdup (sku);
  product->name = g_strdup ("Made by the sync tests");
  product->unit = g_strdup ("pcs");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  return product;
}

static char *
server_create (const char *sku)
{
  g_autoptr(HwProduct) product = new_product (sku);
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *body = NULL;
  g_auto(HwTestResponse) response = { 0, };

  g_clear_pointer (&HW_ENTITY (product)->id, g_free);
  body = hw_entity_to_json_string (product);
  hw_test_request (fixture.session, fixture.url, &response, "POST", "/api/v1/products",
                   fixture.token, NULL, body);
  g_assert_cmpuint (response.status, ==, 201);
  object = hw_test_parse_object (response.body);
  return g_strdup (json_object_get_string_member (object, "id"));
}

/* A local edit of the display name, as the app makes it. */
static void
local_rename (HwStore    *store,
              const char *id,
              const char *display_name)
{
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  product = hw_store_get_product (store, id, &error);
  g_assert_no_error (error);
  g_free (product->display_name);
  product->display_name = g_strdup (display_name);
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);
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

/* Tests */

static void
test_initial (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 revision = hw_test_revision (fixture.session, fixture.url);

  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_cmpint (hw_sync_engine_get_last_sync (engine), ==, 0);

  hw_test_sync_assert_run (engine);

  g_assert_true (hw_sync_engine_get_online (engine));
  g_assert_cmpfloat (hw_sync_engine_get_progress (engine), ==, 1.0);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >=, 2000);
  g_assert_cmpint (hw_sync_engine_get_records_total (engine), ==,
                   hw_sync_engine_get_records_done (engine));
  g_assert_cmpint (hw_sync_engine_get_last_sync (engine), >, 0);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  /* The server's revision counts server-only rows too (staff users): the feed's last
   * change is at most it. */
  g_assert_cmpint (cursor_of (replica), >, 0);
  g_assert_cmpint (cursor_of (replica), <=, revision);
  assert_equal_to_server (replica);

  store = open_replica (replica);
  hw_store_check_integrity (store, &error);
  g_assert_no_error (error);

  /* Nothing new: an empty delta. */
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 0);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        cancel_at;
  double        last_progress;
  gint64        last_done;
} Watch;

static void
records_done_cb (HwSyncEngine *engine,
                 GParamSpec   *pspec,
                 Watch        *watch)
{
  gint64 done = hw_sync_engine_get_records_done (engine);

  /* Progress only grows, and the estimate never falls below what is done. */
  g_assert_cmpint (done, >=, watch->last_done);
  g_assert_cmpfloat (hw_sync_engine_get_progress (engine), >=, watch->last_progress);
  g_assert_cmpint (hw_sync_engine_get_records_total (engine), >=, done);
  watch->last_done = done;
  watch->last_progress = hw_sync_engine_get_progress (engine);

  if (watch->cancellable != NULL && done >= watch->cancel_at)
    g_cancellable_cancel (watch->cancellable);
}

static void
test_resume (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autofree char *full_replica = NULL;
  g_autoptr(HwSyncEngine) full = synced_engine (&full_replica);
  g_autoptr(HwSyncEngine) first = new_engine (replica);
  g_autoptr(HwSyncEngine) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Watch watch = { cancellable, 1, 0.0, 0 };
  gint64 total = hw_sync_engine_get_records_done (full);
  HwSyncEngine *weak = NULL;
  gint64 saved;

  /* Pages of 250: cancelled once the first is in, mid-pull. */
  hw_sync_engine_set_page_size (first, 250);
  g_signal_connect (first, "notify::records-done", G_CALLBACK (records_done_cb), &watch);
  error = hw_test_sync_run (first, cancellable);
  /* As GIO does: the caller's own cancellable gives G_IO_ERROR_CANCELLED. */
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (hw_sync_engine_get_state (first), ==, HW_SYNC_STATE_IDLE);
  g_assert_cmpint (hw_sync_engine_get_records_done (first), >=, 250);
  g_assert_cmpint (hw_sync_engine_get_records_done (first), <, total);
  g_assert_cmpfloat (hw_sync_engine_get_progress (first), <, 1.0);

  /* Gone for good: its worker has finished what it was given (a page fetched before
   * the cancel may still have gone in, whole, with its cursor). */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &weak);
  g_clear_object (&first);
  while (weak != NULL)
    g_main_context_iteration (NULL, TRUE);

  saved = cursor_of (replica);
  g_assert_cmpint (saved, >, 0);
  g_assert_cmpint (saved, <, cursor_of (full_replica));

  /* A new engine on the same file goes on from there: exactly the changes after the
   * saved cursor, no page twice. */
  second = new_engine (replica);
  hw_test_sync_assert_run (second);
  g_assert_cmpint (hw_sync_engine_get_records_done (second), ==, changes_after (saved));
  assert_equal_to_server (replica);
}

static void
test_delta (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autofree char *a = product_id (10);
  g_autofree char *b = product_id (11);
  g_autofree char *created = server_create ("SYNC-DELTA-1");
  g_autofree char *deleted = server_create ("SYNC-DELTA-2");

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 2);
  {
    g_autoptr(HwStore) store = open_replica (replica);
    g_autoptr(HwProduct) pulled = hw_store_get_product (store, deleted, NULL);

    g_assert_nonnull (pulled);
  }

  server_patch (a, "{\"display_name\": \"Changed on the server\"}");
  server_patch (b, "{\"description\": \"Also changed\"}");
  server_delete (deleted);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, 3);
  assert_equal_to_server (replica);
}

static void
test_push (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(HwProduct) created = NULL;
  g_autoptr(HwProduct) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = product_id (20);
  g_autofree char *b = server_create ("SYNC-PUSH-DELETE");
  g_autofree char *new_id = NULL;

  hw_test_sync_assert_run (engine);

  /* An update, a delete and a create: a copy of a product with a new SKU. */
  local_rename (store, a, "Renamed offline");
  hw_store_local_delete (store, &hw_product_type, b,
                         HW_ENTITY (server_product (b))->rev, &error);
  g_assert_no_error (error);
  created = new_product ("SYNC-PUSH-1");
  g_clear_pointer (&HW_ENTITY (created)->id, g_free);
  hw_store_local_create (store, created, &error);
  g_assert_no_error (error);
  new_id = g_strdup (HW_ENTITY (created)->id);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);

  on_server = server_product (a);
  g_assert_cmpstr (on_server->display_name, ==, "Renamed offline");
  g_assert_null (server_product (b));
  g_clear_pointer (&on_server, hw_entity_free);
  on_server = server_product (new_id);
  g_assert_nonnull (on_server);
  g_assert_cmpstr (on_server->sku, ==, "SYNC-PUSH-1");
  assert_equal_to_server (replica);
}

/* A create the server committed whose answer was lost (the app was killed after
 * sending it): the engine sends it again as it was, with the same Idempotency-Key, and
 * the server answers with the product it made then, not a second one. */
static void
test_create_resent (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(HwProduct) product = new_product ("SYNC-RESENT-1");
  g_autoptr(HwProduct) on_server = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (fixture.url, "/api/v1/products", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.token, NULL);
  SoupMessageHeaders *headers;
  gint64 count = 0;

  g_clear_pointer (&HW_ENTITY (product)->id, g_free);
  hw_store_local_create (store, product, &error);
  g_assert_no_error (error);
  op = hw_store_outbox_find (store, &hw_product_type, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);

  /* What the engine did before it died: marked it sent, and sent it. */
  hw_store_outbox_mark_sent (store, op->op_id, &error);
  g_assert_no_error (error);
  msg = soup_message_new ("POST", url);
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Idempotency-Key", op->op_id);
  body = g_bytes_new (op->mine_json, strlen (op->mine_json));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (fixture.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);

  /* One product with that SKU, the one the first request made. */
  {
    g_autoptr(HwStore) server = hw_store_open (fixture.db, HW_STORE_OPEN_READONLY, &error);
    g_autoptr(HwQuery) query = hw_query_new ();

    g_assert_no_error (error);
    hw_query_add_filter (query, "sku", HW_FILTER_EQ, "SYNC-RESENT-1");
    hw_store_count (server, &hw_product_type, query, &count, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (count, ==, 1);
  on_server = server_product (HW_ENTITY (product)->id);
  g_assert_nonnull (on_server);
  assert_equal_to_server (replica);
}

typedef enum
{
  RESOLVE_MINE,
  RESOLVE_THEIRS,
  RESOLVE_MERGED,
} ResolveCase;

static void
test_conflict (gconstpointer data)
{
  ResolveCase resolve = GPOINTER_TO_INT (data);
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(HwProduct) on_server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = product_id (30 + resolve);
  HwSyncConflict *conflict;
  gboolean saw_display_name = FALSE;
  gboolean saw_description = FALSE;

  /* Mine changes the display name; theirs the display name and the description. */
  local_rename (store, id, "Mine");
  server_patch (id, "{\"display_name\": \"Theirs\", \"description\": \"Their words\"}");

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 1);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);

  conflicts = hw_sync_engine_list_conflicts (engine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->op->entity_id, ==, id);
  g_assert_nonnull (conflict->op->theirs_json);
  for (guint i = 0; i < conflict->fields->len; i++)
    {
      HwFieldDiff *diff = g_ptr_array_index (conflict->fields, i);

      if (g_str_equal (diff->field, "display_name"))
        {
          g_assert_cmpint (diff->kind, ==, HW_DIFF_CONFLICT);
          saw_display_name = TRUE;
        }
      else if (g_str_equal (diff->field, "description"))
        {
          g_assert_cmpint (diff->kind, ==, HW_DIFF_THEIRS);
          saw_description = TRUE;
        }
    }
  g_assert_true (saw_display_name);
  g_assert_true (saw_description);

  switch (resolve)
    {
    case RESOLVE_MINE:
      hw_sync_engine_resolve (engine, conflict->op->op_id, HW_RESOLVE_KEEP_MINE, NULL, &error);
      break;
    case RESOLVE_THEIRS:
      hw_sync_engine_resolve (engine, conflict->op->op_id, HW_RESOLVE_TAKE_THEIRS, NULL,
                              &error);
      break;
    case RESOLVE_MERGED:
    default:
      hw_sync_engine_resolve (engine, conflict->op->op_id, HW_RESOLVE_MERGED,
                              (const char * const[]) { NULL }, &error);
      break;
    }
  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);

  on_server = server_product (id);
  switch (resolve)
    {
    case RESOLVE_MINE:
      /* Keep mine pushes mine whole, over theirs. */
      g_assert_cmpstr (on_server->display_name, ==, "Mine");
      break;
    case RESOLVE_THEIRS:
      g_assert_cmpstr (on_server->display_name, ==, "Theirs");
      g_assert_cmpstr (on_server->description, ==, "Their words");
      break;
    case RESOLVE_MERGED:
    default:
      /* Mine where both changed (nothing given to theirs), theirs where only they did. */
      g_assert_cmpstr (on_server->display_name, ==, "Mine");
      g_assert_cmpstr (on_server->description, ==, "Their words");
      break;
    }
  assert_equal_to_server (replica);
}

/* Mine edits what they deleted: a conflict with nothing on their side. */
static void
test_conflict_deleted (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = server_create ("SYNC-CONFLICT-DELETED");
  HwSyncConflict *conflict;

  hw_test_sync_assert_run (engine);
  local_rename (store, id, "Edited after it was deleted");
  server_delete (id);

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 1);
  conflicts = hw_sync_engine_list_conflicts (engine, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  conflict = g_ptr_array_index (conflicts, 0);
  g_assert_cmpstr (conflict->op->entity_id, ==, id);
  g_assert_null (conflict->op->theirs_json);
  g_assert_cmpuint (conflict->fields->len, ==, 0);

  /* Keeping mine cannot bring it back; taking theirs removes it here too. */
  g_assert_false (hw_sync_engine_resolve (engine, conflict->op->op_id, HW_RESOLVE_KEEP_MINE,
                                          NULL, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  hw_sync_engine_resolve (engine, conflict->op->op_id, HW_RESOLVE_TAKE_THEIRS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);
  product = hw_store_get_product (store, id, &error);
  g_assert_null (product);
  g_clear_error (&error);

  hw_test_sync_assert_run (engine);
  assert_equal_to_server (replica);
}

static void
test_rejected (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = product_id (40);
  g_autofree char *good = product_id (41);
  g_autofree char *server_name = NULL;

  /* The name is the ERP's: the server refuses it, the next edit still goes. */
  product = hw_store_get_product (store, bad, &error);
  g_assert_no_error (error);
  server_name = g_strdup (product->name);
  g_free (product->name);
  product->name = g_strdup ("Renamed by staff");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);
  local_rename (store, good, "Fine");

  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 1);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);

  rejected = hw_store_outbox_list (store, HW_OUTBOX_REJECTED, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejected->len, ==, 1);
  op = hw_store_outbox_get (store, ((HwOutboxOp *) g_ptr_array_index (rejected, 0))->op_id,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpstr (op->entity_id, ==, bad);
  /* The server's words, naming the field. */
  g_assert_nonnull (strstr (op->last_error, "name"));
  g_assert_nonnull (strstr (op->last_error, "ERP"));
  g_assert_cmpstr (server_product (good)->display_name, ==, "Fine");

  hw_sync_engine_revert (engine, op->op_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);
  g_clear_pointer (&product, hw_entity_free);
  product = hw_store_get_product (store, bad, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (product->name, ==, server_name);

  hw_test_sync_assert_run (engine);
  assert_equal_to_server (replica);
}

static void
test_gone (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(HwStore) server = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = product_id (50);
  g_autofree char *gone = server_create ("SYNC-GONE-1");
  gint64 revision;
  gint64 before;

  /* An edit the server refuses stays in the outbox across the reset. */
  product = hw_store_get_product (store, kept, &error);
  g_assert_no_error (error);
  g_free (product->name);
  product->name = g_strdup ("Kept through 410");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 1);

  /* The server deletes a product and forgets the tombstone: our cursor is too old. */
  server_delete (gone);
  server_patch (product_id (52), "{\"display_name\": \"After the purge\"}");
  revision = hw_test_revision (fixture.session, fixture.url);
  server = hw_store_open (fixture.db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  hw_store_purge_tombstones (server, revision, &error);
  g_assert_no_error (error);
  g_clear_object (&server);
  before = cursor_of (replica);
  g_assert_cmpint (before, <, revision);

  /* 410, reset, and the full resync from 0 past the purged horizon. */
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), >=, 2000);
  g_assert_cmpint (cursor_of (replica), >, before);
  g_assert_cmpint (cursor_of (replica), <=, revision);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 1);
  g_clear_pointer (&product, hw_entity_free);
  product = hw_store_get_product (store, gone, &error);
  g_assert_true (error != NULL);
  g_clear_error (&error);

  /* The kept edit is still mine in the row; reverted, the copies are equal. */
  product = hw_store_get_product (store, kept, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (product->name, ==, "Kept through 410");
  {
    g_autoptr(HwOutboxOp) op = hw_store_outbox_find (store, &hw_product_type, kept, &error);

    g_assert_no_error (error);
    g_assert_nonnull (op);
    hw_sync_engine_revert (engine, op->op_id, &error);
    g_assert_no_error (error);
  }
  assert_equal_to_server (replica);
}

static void
test_sign_in (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = hw_test_login_token (fixture.session, fixture.url,
                                                "owner@example.com", PASSWORD);
  g_autofree char *id = product_id (60);
  g_auto(HwTestResponse) response = { 0, };

  /* The engine's own token, then revoked (signed out elsewhere, or expired). */
  hw_sync_engine_set_token (engine, token);
  hw_test_request (fixture.session, fixture.url, &response, "POST", "/api/v1/auth/logout",
                   token, NULL, NULL);
  g_assert_cmpuint (response.status / 100, ==, 2);

  local_rename (store, id, "Edited while signed out");
  error = hw_test_sync_run (engine, NULL);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_NEEDS_SIGN_IN);
  g_assert_nonnull (hw_sync_engine_get_last_error (engine));
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 1);

  /* Nothing runs until a sign-in; nothing was lost. */
  error = hw_test_sync_run (engine, NULL);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  g_assert_cmpstr (server_product (id)->display_name, !=, "Edited while signed out");

  hw_sync_engine_set_token (engine, fixture.token);
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpstr (server_product (id)->display_name, ==, "Edited while signed out");
  assert_equal_to_server (replica);
}

static void
kill_server_cb (HwSyncEngine *engine,
                GParamSpec   *pspec,
                gboolean     *killed)
{
  if (*killed || hw_sync_engine_get_records_done (engine) < 500)
    return;

  /* Mid-pull, without a chance to answer what it is asked. */
  g_subprocess_force_exit (fixture.process);
  g_subprocess_wait (fixture.process, NULL, NULL);
  *killed = TRUE;
}

static void
test_restart (void)
{
  g_autofree char *replica = new_replica_path ();
  g_autoptr(HwSyncEngine) engine = new_engine (replica);
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *url = NULL;
  gboolean killed = FALSE;
  gulong handler;

  hw_sync_engine_set_page_size (engine, 100);
  handler = g_signal_connect (engine, "notify::records-done", G_CALLBACK (kill_server_cb),
                              &killed);
  error = hw_test_sync_run (engine, NULL);
  g_signal_handler_disconnect (engine, handler);
  g_assert_true (killed);
  /* Refused, or cut off mid-answer when a page was already out. */
  g_assert_true (g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK) ||
                 g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL));
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_ERROR);
  g_assert_false (hw_sync_engine_get_online (engine));
  g_assert_cmpint (cursor_of (replica), >, 0);

  /* Back on the same address: the engine's own retries finish the pull. */
  listen = g_strdup (fixture.url + strlen ("http://"));
  g_clear_object (&fixture.process);
  fixture.process = hw_test_serve_start_at (fixture.db, fixture.log, listen, &url);
  g_assert_cmpstr (url, ==, fixture.url);
  while (hw_sync_engine_get_state (engine) != HW_SYNC_STATE_IDLE)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (hw_sync_engine_get_online (engine));
  assert_equal_to_server (replica);
}

static void
test_local_changed (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = synced_engine (&replica);
  g_autoptr(HwStore) store = open_replica (replica);
  g_autofree char *id = product_id (70);
  gint64 last_sync = hw_sync_engine_get_last_sync (engine);

  /* The app tells the engine of an edit; no sync call: it pushes by itself. */
  local_rename (store, id, "Pushed soon after the edit");
  hw_sync_engine_local_changed (engine);
  while (hw_sync_engine_get_last_sync (engine) == last_sync)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpstr (server_product (id)->display_name, ==, "Pushed soon after the edit");
  assert_equal_to_server (replica);
}

/* kill -9 of the syncing process: the children below run an engine and die by SIGKILL
 * at a chosen point; the parent (the test) then starts a new engine on the same file. */

static void
die_after_records_cb (HwSyncEngine *engine,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  /* Pipelined: the worker may be in the middle of the next page's transaction. */
  if (hw_sync_engine_get_records_done (engine) >= 1000)
    raise (SIGKILL);
}

static void
die_after_push_cb (HwSyncEngine *engine,
                   GParamSpec   *pspec,
                   gpointer      user_data)
{
  if (hw_sync_engine_get_pending_count (engine) <= 15)
    raise (SIGKILL);
}

static void
child_sync (GCallback die)
{
  g_autoptr(HwSyncEngine) engine = new_engine (g_getenv ("HW_SYNC_TEST_REPLICA"));
  g_autoptr(GError) error = NULL;

  hw_sync_engine_set_page_size (engine, 100);
  g_signal_connect (engine, "notify::records-done", die, NULL);
  g_signal_connect (engine, "notify::pending-count", die, NULL);
  error = hw_test_sync_run (engine, NULL);
  g_assert_not_reached ();
}

static void
test_killed_pull (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 saved;

  if (g_test_subprocess ())
    {
      child_sync (G_CALLBACK (die_after_records_cb));
      return;
    }

  replica = new_replica_path ();
  g_setenv ("HW_SYNC_TEST_REPLICA", replica, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  /* Whole pages with their cursor, nothing half: the store says so, and a new engine
   * takes exactly the changes after that cursor. */
  saved = cursor_of (replica);
  g_assert_cmpint (saved, >, 0);
  store = open_replica (replica);
  g_clear_object (&store);

  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_records_done (engine), ==, changes_after (saved));
  assert_equal_to_server (replica);
}

static void
test_killed_push (void)
{
  g_autofree char *replica = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (g_test_subprocess ())
    {
      child_sync (G_CALLBACK (die_after_push_cb));
      return;
    }

  engine = synced_engine (&replica);
  store = open_replica (replica);

  /* 20 edits and 5 creates; the process dies when 10 are pushed. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Killed push %u", i);

      g_ptr_array_add (edited, product_id (100 + i));
      local_rename (store, g_ptr_array_index (edited, i), name);
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sku = g_strdup_printf ("SYNC-KILLED-%u", i);
      g_autoptr(HwProduct) product = new_product (sku);

      g_clear_pointer (&HW_ENTITY (product)->id, g_free);
      hw_store_local_create (store, product, &error);
      g_assert_no_error (error);
      g_ptr_array_add (created, g_strdup (HW_ENTITY (product)->id));
    }
  g_clear_object (&engine);

  g_setenv ("HW_SYNC_TEST_REPLICA", replica, TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_failed ();

  engine = new_engine (replica);
  hw_test_sync_assert_run (engine);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_rejected_count (engine), ==, 0);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 0);

  /* No edit lost, no create twice. */
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Killed push %u", i);
      g_autoptr(HwProduct) product = server_product (g_ptr_array_index (edited, i));

      g_assert_cmpstr (product->display_name, ==, name);
    }
  for (guint i = 0; i < created->len; i++)
    {
      g_autoptr(HwProduct) product = server_product (g_ptr_array_index (created, i));

      g_assert_nonnull (product);
    }
  assert_equal_to_server (replica);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  /* A new replica pages the changes feed rather than taking the server's snapshot: these
   * tests are about paging it (pages, cursors, kills between pages); test-sync-snapshot.c
   * covers the snapshot. */
  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);

  /* A child of the kill tests: the parent's server, token and replica. */
  if (g_test_subprocess ())
    {
      fixture.url = g_strdup (g_getenv ("HW_SYNC_TEST_URL"));
      fixture.token = g_strdup (g_getenv ("HW_SYNC_TEST_TOKEN"));
      g_test_add_func ("/sync/engine/killed-pull", test_killed_pull);
      g_test_add_func ("/sync/engine/killed-push", test_killed_push);
      return g_test_run ();
    }

  fixture.dir = hw_test_make_tmp_dir ("hw-sync-engine-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "server.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  g_assert_cmpint (hw_test_run_binary ((const char * const[]) {
                     "seed", "--db", fixture.db, "--products", N_PRODUCTS, "--accounts", "5",
                     "--users", "5", "--orders", "20", "--now", "2026-01-01", NULL },
                   NULL, NULL, NULL), ==, HW_SERVER_EXIT_OK);
  g_assert_cmpint (hw_test_user_add (fixture.db, "owner@example.com", "Owner", "owner",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.session = hw_test_session_new ();
  fixture.token = hw_test_login_token (fixture.session, fixture.url, "owner@example.com",
                                       PASSWORD);
  g_setenv ("HW_SYNC_TEST_URL", fixture.url, TRUE);
  g_setenv ("HW_SYNC_TEST_TOKEN", fixture.token, TRUE);

  g_test_add_func ("/sync/engine/initial", test_initial);
  g_test_add_func ("/sync/engine/resume", test_resume);
  g_test_add_func ("/sync/engine/delta", test_delta);
  g_test_add_func ("/sync/engine/push", test_push);
  g_test_add_data_func ("/sync/engine/conflict/keep-mine", GINT_TO_POINTER (RESOLVE_MINE),
                        test_conflict);
  g_test_add_data_func ("/sync/engine/conflict/take-theirs", GINT_TO_POINTER (RESOLVE_THEIRS),
                        test_conflict);
  g_test_add_data_func ("/sync/engine/conflict/merged", GINT_TO_POINTER (RESOLVE_MERGED),
                        test_conflict);
  g_test_add_func ("/sync/engine/create-resent", test_create_resent);
  g_test_add_func ("/sync/engine/conflict-deleted", test_conflict_deleted);
  g_test_add_func ("/sync/engine/rejected", test_rejected);
  g_test_add_func ("/sync/engine/sign-in", test_sign_in);
  g_test_add_func ("/sync/engine/local-changed", test_local_changed);
  g_test_add_func ("/sync/engine/restart", test_restart);
  g_test_add_func ("/sync/engine/killed-pull", test_killed_pull);
  g_test_add_func ("/sync/engine/killed-push", test_killed_push);
  /* Last of these: it purges the server's tombstones, which the counts above rely on. */
  g_test_add_func ("/sync/engine/gone", test_gone);

  status = g_test_run ();

  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_clear_object (&fixture.session);
  hw_test_remove_tree (fixture.dir);
  g_free (fixture.token);
  g_free (fixture.url);
  g_free (fixture.listen);
  g_free (fixture.log);
  g_free (fixture.db);
  g_free (fixture.dir);

  return status;
}
