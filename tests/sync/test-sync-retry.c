/* test-sync-retry.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sync-retry"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-core-error.h"
#include "hw-sync-engine.h"
#include "hw-sync-error.h"

#include "hw-test-sync.h"

/* HwSyncEngine's failures and retries, against a scripted server in this process: 429
 * with Retry-After and 503 on the feed and on a push, a garbled page, an unreachable
 * server. The engine must retry on its own (no new call) until the run ends well, and
 * resend a push with the same Idempotency-Key. Also: two calls share one run, the
 * timer starts runs by itself, and the network coming back (told by a fake
 * GNetworkMonitor) starts one. The real server's answers are tested in
 * test-sync-engine. */

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *dir;
  char       *replica;
  guint       n_changes;      /* requests of the feed */
  guint       n_posts;
  guint       fail_changes;   /* the first this many feed requests fail */
  guint       fail_posts;
  guint       changes_status; /* how they fail */
  GPtrArray  *keys;           /* Idempotency-Key of each POST */
  char       *product_id;     /* when set, the feed has this product's creation */
} Fixture;

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  Fixture *f = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  g_assert_cmpstr (soup_message_headers_get_one (request, "Authorization"), ==,
                   "Bearer test-token");

  if (g_str_equal (path, "/api/v1/health"))
    {
      respond (msg, 200, "{\"status\": \"ok\", \"revision\": 0}");
    }
  else if (g_str_equal (path, "/api/v1/changes"))
    {
      if (f->n_changes++ < f->fail_changes)
        {
          if (f->changes_status == 200)
            {
              respond (msg, 200, "{\"changes\": [{\"entity\": \"product\", \"id\"");
              return;
            }
          soup_message_headers_replace (response, "Retry-After", "1");
          respond (msg, f->changes_status,
                   "{\"type\": \"about:blank\", \"title\": \"Busy\", \"status\": 429}");
          return;
        }
      if (f->product_id != NULL)
        {
          g_autofree char *page = NULL;

          page = g_strdup_printf ("{\"changes\": [{\"entity\": \"product\", \"id\": \"%s\", "
                                  "\"rev\": 1, \"data\": {\"id\": \"%s\", \"rev\": 1, "
                                  "\"sku\": \"NET-1\", \"name\": \"Back online\", "
                                  "\"unit\": \"pcs\", \"status\": \"active\", "
                                  "\"currency\": \"EUR\"}}], \"next\": 1, "
                                  "\"has_more\": false}", f->product_id, f->product_id);
          respond (msg, 200, page);
          return;
        }
      respond (msg, 200, "{\"changes\": [], \"next\": 0, \"has_more\": false}");
    }
  else if (g_str_equal (path, "/api/v1/products") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *answer = NULL;
      JsonObject *object;

      g_ptr_array_add (f->keys,
                       g_strdup (soup_message_headers_get_one (request, "Idempotency-Key")));
      if (f->n_posts++ < f->fail_posts)
        {
          respond (msg, 503, "{\"type\": \"about:blank\", \"title\": \"Unavailable\", "
                             "\"status\": 503}");
          return;
        }

      /* The server's representation: what was sent, at revision 1. */
      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                  g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      json_object_set_int_member (object, "rev", 1);
      answer = json_to_string (json_parser_get_root (parser), FALSE);
      respond (msg, 201, answer);
    }
  else
    {
      respond (msg, 404, "{}");
    }
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *uri = NULL;

  f->keys = g_ptr_array_new_with_free_func (g_free);
  f->changes_status = 429;
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, server_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->url = g_strdup (uri);

  f->dir = g_dir_make_tmp ("hw-sync-retry-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica = g_build_filename (f->dir, "replica.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->replica, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->replica, "-shm", NULL);

  g_clear_object (&f->server);
  g_remove (wal);
  g_remove (shm);
  g_remove (f->replica);
  g_rmdir (f->dir);
  g_free (f->replica);
  g_free (f->dir);
  g_free (f->url);
  g_free (f->product_id);
  g_ptr_array_unref (f->keys);
}

static HwSyncEngine *
new_engine (Fixture *f)
{
  HwSyncEngine *engine = hw_sync_engine_new (f->url, f->replica);

  hw_sync_engine_set_interval (engine, 0);
  hw_sync_engine_set_token (engine, "test-token");
  return engine;
}

/* The retries the engine schedules itself, until one ends well. */
static void
wait_for_idle (HwSyncEngine *engine)
{
  while (hw_sync_engine_get_state (engine) != HW_SYNC_STATE_IDLE)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_pull_busy (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HwSyncEngine) engine = new_engine (f);
  g_autoptr(GError) error = NULL;

  f->fail_changes = 2;
  f->changes_status = GPOINTER_TO_UINT (data);

  error = hw_test_sync_run (engine, NULL);
  if (f->changes_status == 200)
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL);
  else
    g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_ERROR);
  g_assert_cmpstr (hw_sync_engine_get_last_error (engine), ==, error->message);
  g_assert_true (hw_sync_engine_get_online (engine));
  g_assert_cmpint (hw_sync_engine_get_last_sync (engine), ==, 0);
  g_assert_cmpuint (f->n_changes, ==, 1);

  wait_for_idle (engine);
  g_assert_cmpuint (f->n_changes, ==, 3);
  g_assert_null (hw_sync_engine_get_last_error (engine));
  g_assert_cmpint (hw_sync_engine_get_last_sync (engine), >, 0);
}

static void
test_push_unavailable (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HwSyncEngine) engine = new_engine (f);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) product = hw_entity_new (&hw_product_type);
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;

  store = hw_store_open (f->replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  product->sku = g_strdup ("RETRY-1");
  product->name = g_strdup ("Retried");
  product->unit = g_strdup ("pcs");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  hw_store_local_create (store, product, &error);
  g_assert_no_error (error);
  f->fail_posts = 2;

  error = hw_test_sync_run (engine, NULL);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 1);
  /* Sent once, answer known to be a failure: kept, with the failure in words. */
  op = hw_store_outbox_find (store, &hw_product_type, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_SENT);
  g_assert_cmpint (op->attempts, ==, 1);
  g_assert_nonnull (op->last_error);
  /* A failed push stops the run before the pull. */
  g_assert_cmpuint (f->n_changes, ==, 0);

  wait_for_idle (engine);
  g_assert_cmpuint (f->n_posts, ==, 3);
  g_assert_cmpint (hw_sync_engine_get_pending_count (engine), ==, 0);
  /* Every attempt with the op's id: the server can tell a resend from a new create. */
  for (guint i = 0; i < f->keys->len; i++)
    g_assert_cmpstr (g_ptr_array_index (f->keys, i), ==, op->op_id);
  g_clear_pointer (&op, hw_outbox_op_free);
  op = hw_store_outbox_find (store, &hw_product_type, HW_ENTITY (product)->id, &error);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_null (op);
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(HwSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  /* A port nobody listens on any more. */
  g_clear_object (&f->server);
  engine = new_engine (f);

  error = hw_test_sync_run (engine, NULL);
  g_assert_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK);
  g_assert_false (hw_sync_engine_get_online (engine));
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_ERROR);
  g_assert_true (g_str_has_prefix (hw_sync_engine_get_last_error (engine),
                                   "The server could not be reached"));
}

/* Two calls during one run share it: one request of the feed, both told it ended. */
static void
test_coalesce (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(HwSyncEngine) engine = new_engine (f);
  GError *first = NULL;
  GError *second = NULL;

  hw_sync_engine_sync_async (engine, NULL, hw_test_sync_cb, &first);
  hw_sync_engine_sync_async (engine, NULL, hw_test_sync_cb, &second);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_SYNCING);
  while (first == NULL || second == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (first, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_error (second, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_clear_error (&first);
  g_clear_error (&second);
}

/* The periodic timer runs a sync with nobody asking. */
static void
test_timer (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HwSyncEngine) engine = new_engine (f);

  hw_sync_engine_set_interval (engine, 1);
  while (hw_sync_engine_get_last_sync (engine) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
}

/* The network, as a fake GNetworkMonitor tells the engine */

static HwSyncEngine *
new_engine_with_monitor (Fixture              *f,
                         HwTestNetworkMonitor *monitor)
{
  HwSyncEngine *engine = g_object_new (HW_TYPE_SYNC_ENGINE,
                                       "base-url", f->url,
                                       "replica-path", f->replica,
                                       "network-monitor", monitor,
                                       "interval", 0,
                                       NULL);

  hw_sync_engine_set_token (engine, "test-token");
  return engine;
}

static gboolean
spin_timeout_cb (gpointer user_data)
{
  g_error ("Waited 60 s for: %s", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

/* Spins the main context until @cond holds; a generous bound turns a hang into a
 * failure. */
#define SPIN_UNTIL(cond) \
  G_STMT_START { \
    guint spin_timeout_id = g_timeout_add_seconds (60, spin_timeout_cb, (gpointer) #cond); \
    while (!(cond)) \
      g_main_context_iteration (NULL, TRUE); \
    g_source_remove (spin_timeout_id); \
  } G_STMT_END

/* Whatever is due now runs, so that a run someone started would have sent a request. */
static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A first run, so that the engine is online and idle. */
static void
run_online (Fixture      *f,
            HwSyncEngine *engine)
{
  g_autoptr(GError) error = hw_test_sync_run (engine, NULL);

  g_assert_no_error (error);
  g_assert_true (hw_sync_engine_get_online (engine));
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_cmpuint (f->n_changes, ==, 1);
}

/* The network goes: offline at once, and no run tries it. */
static void
test_network_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwTestNetworkMonitor) monitor = hw_test_network_monitor_new (TRUE);
  g_autoptr(HwSyncEngine) engine = new_engine_with_monitor (f, monitor);
  g_autoptr(GNetworkMonitor) used = NULL;

  g_object_get (engine, "network-monitor", &used, NULL);
  g_assert_true (used == G_NETWORK_MONITOR (monitor));
  run_online (f, engine);

  hw_test_network_monitor_set_available (monitor, FALSE);
  g_assert_false (hw_sync_engine_get_online (engine));
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  drain_main_context ();
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_false (hw_sync_engine_get_online (engine));
}

/* The network comes back: a run starts by itself and pulls what changed meanwhile. */
static void
test_network_back (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwTestNetworkMonitor) monitor = hw_test_network_monitor_new (TRUE);
  g_autoptr(HwSyncEngine) engine = new_engine_with_monitor (f, monitor);
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;

  run_online (f, engine);
  hw_test_network_monitor_set_available (monitor, FALSE);
  drain_main_context ();
  g_assert_cmpuint (f->n_changes, ==, 1);

  /* Someone created a product on the server while this desk was offline. */
  f->product_id = g_uuid_string_random ();
  hw_test_network_monitor_set_available (monitor, TRUE);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_SYNCING);
  SPIN_UNTIL (hw_sync_engine_get_state (engine) != HW_SYNC_STATE_SYNCING);

  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_null (hw_sync_engine_get_last_error (engine));
  g_assert_true (hw_sync_engine_get_online (engine));
  g_assert_cmpuint (f->n_changes, ==, 2);
  store = hw_store_open (f->replica, HW_STORE_OPEN_REPLICA, &error);
  g_assert_no_error (error);
  product = hw_store_get (store, &hw_product_type, f->product_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (product);
  g_assert_cmpstr (product->sku, ==, "NET-1");
  g_assert_cmpint (HW_ENTITY (product)->rev, ==, 1);
}

/* A change of route while the network stays: nothing to catch up on, no run. */
static void
test_network_stays (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwTestNetworkMonitor) monitor = hw_test_network_monitor_new (TRUE);
  g_autoptr(HwSyncEngine) engine = new_engine_with_monitor (f, monitor);

  run_online (f, engine);
  hw_test_network_monitor_set_available (monitor, TRUE);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  drain_main_context ();
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (hw_sync_engine_get_state (engine), ==, HW_SYNC_STATE_IDLE);
  g_assert_true (hw_sync_engine_get_online (engine));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* A new replica pages the changes feed rather than taking the server's snapshot: the
   * retries here are of its pages; test-sync-snapshot.c covers the snapshot. */
  g_setenv ("HW_SYNC_NO_SNAPSHOT", "1", TRUE);

  g_test_add ("/sync/retry/pull-429", Fixture, GUINT_TO_POINTER (429), fixture_set_up,
              test_pull_busy, fixture_tear_down);
  g_test_add ("/sync/retry/pull-503", Fixture, GUINT_TO_POINTER (503), fixture_set_up,
              test_pull_busy, fixture_tear_down);
  g_test_add ("/sync/retry/pull-garbled", Fixture, GUINT_TO_POINTER (200), fixture_set_up,
              test_pull_busy, fixture_tear_down);
  g_test_add ("/sync/retry/push-503", Fixture, NULL, fixture_set_up, test_push_unavailable,
              fixture_tear_down);
  g_test_add ("/sync/retry/coalesce", Fixture, NULL, fixture_set_up, test_coalesce,
              fixture_tear_down);
  g_test_add ("/sync/retry/timer", Fixture, NULL, fixture_set_up, test_timer,
              fixture_tear_down);
  g_test_add ("/sync/retry/unreachable", Fixture, NULL, fixture_set_up, test_unreachable,
              fixture_tear_down);
  g_test_add ("/sync/retry/network-down", Fixture, NULL, fixture_set_up, test_network_down,
              fixture_tear_down);
  g_test_add ("/sync/retry/network-back", Fixture, NULL, fixture_set_up, test_network_back,
              fixture_tear_down);
  g_test_add ("/sync/retry/network-stays", Fixture, NULL, fixture_set_up,
              test_network_stays, fixture_tear_down);

  return g_test_run ();
}
