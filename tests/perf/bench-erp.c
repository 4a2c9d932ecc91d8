/* bench-erp.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ERP import benchmark: pushes N generated product records through
 * POST /api/v1/erp/products of a running server, in batches, and prints
 * "erp_import_records_per_s VALUE records/s". Run by tests/perf/bench-server.sh.
 *
 *   bench-erp URL TOKEN PRODUCTS [--ndjson] [--batch N] [--in-flight N] [--ids FILE]
 *
 * URL is the server's base URL, TOKEN an API token with the scope erp.products.
 * --ids writes up to 10 000 of the created product ids, one a line, for the GET benchmarks.
 * Two batches are kept in flight (--in-flight N), as an ERP client would: the next body
 * is built and sent while the server imports the one before, so the server's parsing of
 * one batch overlaps its writing of the other.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#define MAX_BATCH 10000
#define MAX_IDS   10000

static const char * const kinds[] = {
  "Hex bolt", "Hex nut", "Washer", "Wood screw", "Threaded rod", "Wall plug",
  "Hose clamp", "Cable tie", "Ball valve", "Pipe elbow", "Drill bit", "Saw blade",
  "Work glove", "Safety goggles", "Sanding disc", "Hinge", "Padlock", "Shelf bracket",
};
static const char * const materials[] = {
  "steel", "stainless steel A2", "stainless steel A4", "brass", "zinc-plated steel",
  "nylon", "aluminium", "galvanised steel",
};
/* Names go into JSON as they are: the inch sizes carry their escape. */
static const char * const sizes[] = {
  "M4", "M5", "M6", "M8", "M10", "M12", "M16", "1/2\\\"", "3/4\\\"", "6 mm", "8 mm", "10 mm",
  "25 mm", "50 mm", "100 mm", "size 9", "size 10",
};
static const char * const units[] = { "pc", "pc", "pc", "box", "pack", "kg", "m" };
static const char * const prefixes[] = {
  "BLT", "NUT", "WSH", "SCR", "ROD", "PLG", "CLP", "TIE", "VLV", "ELB", "DRL", "SAW",
  "GLV", "GOG", "DSC", "HNG", "LCK", "BRK",
};

/* An EAN-13: twelve digits and their check digit. */
static void
append_gtin (GString *out,
             guint64  number)
{
  char digits[14];
  guint sum = 0;

  g_snprintf (digits, sizeof digits, "40%010" G_GUINT64_FORMAT, number % 10000000000);
  for (guint i = 0; i < 12; i++)
    sum += (guint) (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  digits[12] = (char) ('0' + (10 - sum % 10) % 10);
  digits[13] = '\0';
  g_string_append_printf (out, "\"gtin\":\"%s\",", digits);
}

static void
append_record (GString *out,
               guint    index,
               GRand   *rand)
{
  guint kind = g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds));
  const char *material = materials[g_rand_int_range (rand, 0, G_N_ELEMENTS (materials))];
  const char *size = sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (sizes))];
  const char *unit = units[g_rand_int_range (rand, 0, G_N_ELEMENTS (units))];
  guint roll = g_rand_int_range (rand, 0, 100);
  const char *status = roll < 90 ? "active" : roll < 97 ? "discontinued" : "blocked";
  guint multiple = g_rand_boolean (rand) ? 1 : g_rand_int_range (rand, 2, 26);

  g_string_append_printf (out, "{\"erp_id\":\"ERP-%08u\",\"sku\":\"%s-%07u\",",
                          index, prefixes[kind], index);
  append_gtin (out, 1000000 + index);
  g_string_append_printf (out,
                          "\"name\":\"%s %s, %s\",\"unit\":\"%s\",\"status\":\"%s\","
                          "\"base_price\":%d,\"currency\":\"EUR\","
                          "\"min_qty\":%u,\"order_multiple\":%u",
                          kinds[kind], size, material, unit, status,
                          g_rand_int_range (rand, 5, 250000), multiple, multiple);
  if (roll % 4 == 0)
    g_string_append_printf (out, ",\"max_qty\":%u", multiple * 1000);
  g_string_append_c (out, '}');
}

static char *
batch_body (guint     first,
            guint     count,
            gboolean  ndjson,
            GRand    *rand)
{
  GString *body = g_string_sized_new (count * 320);

  if (!ndjson)
    g_string_append_c (body, '[');
  for (guint i = 0; i < count; i++)
    {
      if (i > 0 && !ndjson)
        g_string_append_c (body, ',');
      append_record (body, first + i, rand);
      if (ndjson)
        g_string_append_c (body, '\n');
    }
  if (!ndjson)
    g_string_append_c (body, ']');

  return g_string_free (body, FALSE);
}

/* Checks the answer of one batch (every record created) and keeps a sample of its ids. */
static void
check_answer (GBytes    *answer,
              guint      count,
              guint      stride,
              GPtrArray *ids)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *results;
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);

  if (!json_parser_load_from_data (parser, data, size, &error))
    g_error ("The answer is no JSON: %s", error->message);
  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member (object, "ok") != count)
    g_error ("Only %" G_GINT64_FORMAT " of %u records were stored: %.*s",
             json_object_get_int_member (object, "ok"), count, (int) MIN (size, 500), data);

  results = json_object_get_array_member (object, "results");
  for (guint i = 0; i < json_array_get_length (results) && ids->len < MAX_IDS; i += stride)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (result, "id")));
    }
}

typedef struct
{
  SoupSession *session;
  const char  *url;
  const char  *authorization;
  GPtrArray   *ids;
  guint        stride;
  guint        in_flight;
  gboolean     verbose;
} Bench;

/* One batch on its way. */
typedef struct
{
  Bench       *bench;
  SoupMessage *msg;
  guint        first;
  guint        count;
  gint64       sent;
} Batch;

static void
batch_sent_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Batch *batch = user_data;
  Bench *bench = batch->bench;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (answer == NULL)
    g_error ("POST %s: %s", bench->url, error->message);
  if (bench->verbose)
    g_printerr ("batch at %u: %.0f ms\n", batch->first,
                (g_get_monotonic_time () - batch->sent) / 1e3);
  if (soup_message_get_status (batch->msg) != SOUP_STATUS_OK)
    g_error ("POST %s: %u %.*s", bench->url, soup_message_get_status (batch->msg),
             (int) MIN (g_bytes_get_size (answer), 500),
             (const char *) g_bytes_get_data (answer, NULL));
  check_answer (answer, batch->count, bench->stride, bench->ids);

  bench->in_flight--;
  g_object_unref (batch->msg);
  g_free (batch);
}

static void
batch_send (Bench    *bench,
            guint     first,
            guint     count,
            gboolean  ndjson,
            GRand    *rand)
{
  g_autofree char *body = batch_body (first, count, ndjson, rand);
  gsize length = strlen (body);
  g_autoptr(GBytes) request = g_bytes_new_take (g_steal_pointer (&body), length);
  Batch *batch = g_new0 (Batch, 1);

  batch->bench = bench;
  batch->first = first;
  batch->count = count;
  batch->msg = soup_message_new (SOUP_METHOD_POST, bench->url);
  soup_message_set_request_body_from_bytes (batch->msg, ndjson ? "application/x-ndjson"
                                                                : "application/json", request);
  soup_message_headers_replace (soup_message_get_request_headers (batch->msg), "Authorization",
                                bench->authorization);
  batch->sent = g_get_monotonic_time ();
  bench->in_flight++;
  soup_session_send_and_read_async (bench->session, batch->msg, G_PRIORITY_DEFAULT, NULL,
                                    batch_sent_cb, batch);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *ids_path = NULL;
  gboolean ndjson = FALSE;
  gboolean verbose = g_getenv ("HW_BENCH_VERBOSE") != NULL;
  int batch = MAX_BATCH;
  int in_flight = 2;
  Bench bench = { 0, };
  guint products;
  guint stride;
  gint64 start;
  gint64 waiting = 0;
  double seconds;
  GOptionEntry entries[] = {
    { "ndjson", 0, 0, G_OPTION_ARG_NONE, &ndjson, "Send NDJSON instead of a JSON array", NULL },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, "Records per request (at most 10000)", "N" },
    { "in-flight", 0, 0, G_OPTION_ARG_INT, &in_flight, "Requests kept in flight (default 2)",
      "N" },
    { "ids", 0, 0, G_OPTION_ARG_FILENAME, &ids_path, "Write a sample of product ids", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("URL TOKEN PRODUCTS");

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 4 ||
      batch < 1 || batch > MAX_BATCH || in_flight < 1 || in_flight > 8)
    {
      g_printerr ("Usage: bench-erp URL TOKEN PRODUCTS [--ndjson] [--batch N] [--in-flight N] "
                  "[--ids FILE]\n");
      return 2;
    }

  url = g_strconcat (argv[1], "/api/v1/erp/products", NULL);
  authorization = g_strconcat ("Bearer ", argv[2], NULL);
  products = (guint) strtoul (argv[3], NULL, 10);
  if (products == 0)
    {
      g_printerr ("bench-erp: PRODUCTS must be a whole number above 0\n");
      return 2;
    }
  stride = MAX (1, products / MAX_IDS);
  session = soup_session_new_with_options ("proxy-resolver", NULL, "timeout", 0,
                                           "max-conns-per-host", in_flight, NULL);

  bench.session = session;
  bench.url = url;
  bench.authorization = authorization;
  bench.ids = ids;
  bench.stride = stride;
  bench.verbose = verbose;

  start = g_get_monotonic_time ();
  for (guint first = 0; first < products; first += batch)
    {
      guint count = MIN ((guint) batch, products - first);
      gint64 waited = g_get_monotonic_time ();

      /* The body of the next batch is built while the others are imported. */
      while (bench.in_flight >= (guint) in_flight)
        g_main_context_iteration (NULL, TRUE);
      waiting += g_get_monotonic_time () - waited;
      batch_send (&bench, first, count, ndjson, rand);
    }
  {
    gint64 waited = g_get_monotonic_time ();

    while (bench.in_flight > 0)
      g_main_context_iteration (NULL, TRUE);
    waiting += g_get_monotonic_time () - waited;
  }
  seconds = (g_get_monotonic_time () - start) / 1e6;

  g_printerr ("ERP import: %u records in batches of %d as %s, %d in flight, %.1f s wall, "
              "%.1f s waiting for the server\n", products, batch,
              ndjson ? "NDJSON" : "a JSON array", in_flight, seconds, waiting / 1e6);
  g_print ("erp_import_records_per_s %.0f records/s\n", products / seconds);

  if (ids_path != NULL)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < ids->len; i++)
        g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (ids, i));
      if (!g_file_set_contents (ids_path, text->str, text->len, &error))
        g_error ("%s", error->message);
      g_string_free (text, TRUE);
    }

  return 0;
}
