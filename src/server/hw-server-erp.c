/* hw-server-erp.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hw-server-auth.h"
#include "hw-server-erp-private.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-response.h"
#include "hw-store.h"

/* The ERP bulk imports (DESIGN.md §2 field ownership, §4 ERP endpoints):
 *
 *   POST /erp/products   products by erp_id            (hw-server-erp-products.c)
 *   POST /erp/accounts   accounts by customer_number,  (hw-server-erp-accounts.c)
 *                        with their users by email
 *   POST /erp/prices     price lists, prices and       (hw-server-erp-prices.c)
 *                        account price agreements
 *
 * Each takes a JSON array of records, or NDJSON (Content-Type: application/x-ndjson, one
 * object per line), and needs an integration's API token with the kind's scope. This
 * file is what they share on the HTTP side: the token check and the importer's threads;
 * the batch itself (body, transaction, answer) is hw-server-erp-batch.c's and the helpers
 * of one record's import are in hw-server-erp-records.c. The batch is one transaction; a
 * bad record is reported and left out while the others are stored. An account or price
 * record has its own savepoint, which takes back everything it wrote (e.g. an account's
 * users); a product record is one write, which the store refuses whole. A record whose
 * ERP-owned fields equal the stored ones is "unchanged" and not written, so a replayed
 * batch costs no revisions. The call is recorded as an integration run in the same
 * transaction, and the integration's last_run_at is set.
 *
 * Size: at most HW_SERVER_ERP_MAX_RECORDS records (413 beyond). The server-wide body cap
 * (HW_SERVER_DEFAULT_MAX_BODY_BYTES, 8 MiB) is kept: a product record with every ERP-owned
 * field at its longest ASCII value (erp_id and sku 64, gtin 14, name 300, unit 20, status
 * 12, currency 3, four 19-digit integers) and every member name is about 690 bytes, so
 * 10 000 of them are about 6.9 MB < 8 MiB; a typical record is 200 to 300 bytes. */

/* The importer: the batches of all ERP imports go through two worker threads, each a
 * GThreadPool of one thread so that batches keep their order. The parser turns a body into
 * records while the writer stores the batch before it, in one transaction on a connection
 * of its own (HwStore is one connection per thread; WAL lets the main thread's connection
 * read beside it). The main thread only authenticates, pauses the message, and answers
 * when the writer is done; it answers every other request meanwhile.
 *
 * What the main thread caches of the database notices the writer's commits by itself:
 * the rules snapshot, the channel pages and users go by the revision read from the
 * database, the token cache by SQLite's data_version, HwStore's attribute definitions by
 * the revision at each write transaction; idempotency and sessions are read from the
 * database each time. */
/* Batches streaming in are checkpointed together up to this many WAL frames (pages). */
#define CHECKPOINT_FRAMES 16384

typedef struct
{
  GMainContext *context;   /* where the answers are given: the server's */
  char         *db_path;
  HwStore      *store;     /* the writer's connection, opened by its first batch */
  GThreadPool  *parser;
  GThreadPool  *writer;
  gint          closing;   /* the server is gone: batches are dropped or rolled back */
  char         *hold_dir;  /* HW_TEST_ERP_HOLD (tests) */
} Importer;

typedef struct
{
  HwServer *server;
  Importer *importer;
} Erp;

/* One route: the server and the kind of record it imports. */
typedef struct
{
  Erp             *erp;
  const HwErpKind *kind;
} ErpRoute;

/* A request on its way through the importer. */
typedef struct
{
  Importer          *importer;    /* a reference */
  SoupServerMessage *msg;
  HwErpBatch        *batch;
  gulong             disconnected_id;
  gboolean           gone;        /* the client went away: nobody to answer */
} Job;

static void
importer_finalize (gpointer data)
{
  Importer *importer = data;

  /* The workers are gone (importer_close): the writer's connection is free to close. */
  g_clear_object (&importer->store);
  g_main_context_unref (importer->context);
  g_free (importer->db_path);
  g_free (importer->hold_dir);
}

static void
job_free (Job *job)
{
  if (job->disconnected_id != 0)
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
  g_object_unref (job->msg);
  g_clear_pointer (&job->batch, hw_erp_batch_free);
  g_atomic_rc_box_release_full (job->importer, importer_finalize);
  g_free (job);
}

static void
on_job_disconnected (SoupServerMessage *msg,
                     Job               *job)
{
  job->gone = TRUE;
}

/* Back on the main thread: the answer of a batch. */
static gboolean
job_answer (gpointer user_data)
{
  Job *job = user_data;
  HwErpBatch *batch = job->batch;
  char ok_text[16];
  char failed_text[16];
  char locked_text[G_ASCII_DTOSTR_BUF_SIZE];

  if (g_atomic_int_get (&job->importer->closing) || job->gone)
    {
      job_free (job);
      return G_SOURCE_REMOVE;
    }

  if (batch->status == SOUP_STATUS_OK)
    {
      hw_server_respond_json_text (job->msg, SOUP_STATUS_OK, g_steal_pointer (&batch->answer));

      g_snprintf (ok_text, sizeof ok_text, "%u", batch->ok);
      g_snprintf (failed_text, sizeof failed_text, "%u", batch->failed);
      /* How long other writers had to wait for this batch, at most. */
      g_ascii_formatd (locked_text, sizeof locked_text, "%.1f", batch->locked_usec / 1000.0);
      hw_server_log (G_LOG_LEVEL_INFO, "erp import",
                     "operation", batch->kind->operation,
                     "integration_id", batch->integration_id,
                     "run_id", batch->run_id,
                     "ok", ok_text,
                     "failed", failed_text,
                     "locked_ms", locked_text,
                     NULL);
    }
  else if (batch->error != NULL)
    hw_server_problem_from_error (job->msg, batch->error);
  else
    hw_server_problem (job->msg, batch->status, batch->detail);

  soup_server_message_unpause (job->msg);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
job_done (Job *job)
{
  g_main_context_invoke_full (job->importer->context, G_PRIORITY_DEFAULT, job_answer, job,
                              NULL);
}

static void
set_closing (HwErpBatch *batch)
{
  batch->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  g_free (batch->detail);
  batch->detail = g_strdup ("The server is shutting down; nothing of the batch was stored. "
                            "Send it again.");
}

/* The parser thread. */
static void
parse_job (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  Importer *importer = user_data;

  if (g_atomic_int_get (&importer->closing))
    set_closing (job->batch);
  else if (hw_erp_batch_parse (job->batch))
    {
      g_thread_pool_push (importer->writer, job, NULL);
      return;
    }

  job_done (job);
}

/* The test hook (HW_TEST_ERP_HOLD=DIR): after the first record the server imports,
 * inside its batch's transaction, DIR/held appears and DIR/release is awaited, so a test
 * can talk to the server while an import is surely in progress. Later records and
 * batches pass. */
static void
hold_for_test (gpointer user_data)
{
  Importer *importer = user_data;
  g_autofree char *held = g_build_filename (importer->hold_dir, "held", NULL);
  g_autofree char *release = g_build_filename (importer->hold_dir, "release", NULL);

  if (g_file_test (held, G_FILE_TEST_EXISTS))
    return;

  g_file_set_contents (held, "", 0, NULL);
  while (!g_file_test (release, G_FILE_TEST_EXISTS) && !g_atomic_int_get (&importer->closing))
    g_usleep (10 * 1000);
}

/* The writer's connection, opened by the first batch: a background one, which lets a
 * staff edit waiting for the write lock go before its next batch (hw-store.c). */
static HwStore *
importer_get_store (Importer  *importer,
                    GError   **error)
{
  if (importer->store == NULL)
    importer->store = hw_store_open (importer->db_path, HW_STORE_OPEN_BACKGROUND, error);

  return importer->store;
}

/* The writer thread. */
static void
write_job (gpointer data,
           gpointer user_data)
{
  Job *job = data;
  Importer *importer = user_data;
  HwStore *store;

  if (g_atomic_int_get (&importer->closing))
    set_closing (job->batch);
  else if ((store = importer_get_store (importer, &job->batch->error)) != NULL)
    hw_erp_batch_write (job->batch, store, &importer->closing,
                        importer->hold_dir != NULL ? hold_for_test : NULL, importer);

  job_done (job);

  /* After the answer and outside the transaction: when no batch waits, or the WAL has
   * grown large. A failure leaves the WAL to the next checkpoint. */
  if (importer->store != NULL)
    hw_store_checkpoint (importer->store,
                         g_thread_pool_unprocessed (importer->writer) == 0
                         ? 1 : CHECKPOINT_FRAMES, NULL);
}

static Importer *
importer_new (HwStore *store)
{
  Importer *importer = g_atomic_rc_box_new0 (Importer);
  const char *hold_dir = g_getenv ("HW_TEST_ERP_HOLD");

  importer->context = g_main_context_ref_thread_default ();
  importer->db_path = g_strdup (hw_store_get_path (store));
  importer->hold_dir = hold_dir != NULL && hold_dir[0] != '\0' ? g_strdup (hold_dir) : NULL;
  importer->parser = g_thread_pool_new (parse_job, importer, 1, FALSE, NULL);
  importer->writer = g_thread_pool_new (write_job, importer, 1, FALSE, NULL);

  return importer;
}

/* When the server goes: batches not yet written are answered 503 (to nobody), the one being
 * written is rolled back at its next record, and both threads are waited for. */
static void
importer_close (Importer *importer)
{
  g_atomic_int_set (&importer->closing, TRUE);
  g_thread_pool_free (importer->parser, FALSE, TRUE);
  g_thread_pool_free (importer->writer, FALSE, TRUE);
  g_atomic_rc_box_release_full (importer, importer_finalize);
}

static void
erp_free (Erp *erp)
{
  importer_close (erp->importer);
  g_free (erp);
}

static gboolean
is_ndjson (SoupServerMessage *msg)
{
  const char *type;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg),
                                                NULL);
  return type != NULL && g_ascii_strcasecmp (type, "application/x-ndjson") == 0;
}

static void
handle_import (SoupServerMessage *msg,
               GHashTable        *route_params,
               gpointer           user_data)
{
  ErpRoute *route = user_data;
  const HwErpKind *kind = route->kind;
  Importer *importer = route->erp->importer;
  g_autoptr(HwServerPrincipal) principal = NULL;
  g_autoptr(GBytes) body = NULL;
  Job *job;

  if (!hw_server_authenticate (route->erp->server, msg, &principal, NULL))
    return;
  if (principal->kind != HW_SERVER_PRINCIPAL_API ||
      !hw_server_principal_has_scope (principal, kind->scope))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf ("This endpoint needs an integration's API token with the "
                                "scope %s.", kind->scope);
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN, detail);
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  job = g_new0 (Job, 1);
  job->importer = g_atomic_rc_box_acquire (importer);
  job->msg = g_object_ref (msg);
  job->batch = hw_erp_batch_new (kind, body, is_ndjson (msg), principal->integration_id);
  job->disconnected_id = g_signal_connect (msg, "disconnected",
                                           G_CALLBACK (on_job_disconnected), job);

  soup_server_message_pause (msg);
  g_thread_pool_push (importer->parser, job, NULL);
}

/**
 * hw_server_erp_add_routes:
 * @server: the server the routes answer for; it keeps their data
 * @router: its router
 *
 * Adds the ERP integration endpoints to @router.
 */
void
hw_server_erp_add_routes (HwServer       *server,
                          HwServerRouter *router)
{
  static const struct { const char *path; const HwErpKind *kind; } imports[] = {
    { "/erp/products", &hw_erp_products_kind },
    { "/erp/accounts", &hw_erp_accounts_kind },
    { "/erp/prices", &hw_erp_prices_kind },
  };
  Erp *erp;

  g_return_if_fail (HW_IS_SERVER (server));
  g_return_if_fail (HW_IS_SERVER_ROUTER (router));

  erp = g_new0 (Erp, 1);
  erp->server = server;
  erp->importer = importer_new (hw_server_get_store (server));
  g_object_set_data_full (G_OBJECT (server), "hw-server-erp", erp, (GDestroyNotify) erp_free);

  for (guint i = 0; i < G_N_ELEMENTS (imports); i++)
    {
      ErpRoute *route = g_new0 (ErpRoute, 1);
      g_autofree char *key = g_strconcat ("hw-server-erp-route:", imports[i].path, NULL);

      route->erp = erp;
      route->kind = imports[i].kind;
      g_object_set_data_full (G_OBJECT (server), key, route, g_free);
      hw_server_router_add (router, SOUP_METHOD_POST, imports[i].path, handle_import, route);
    }

  hw_server_erp_orders_add_routes (server, router);
}
