/* test-contract.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every operation of every staff resource in data/api/openapi.yaml, once each, with its
 * list answer and its main error answers, so that prism (when meson found it) checks the
 * responses of the resources the other tests do not reach. The statuses are checked here
 * too, so the test means something without prism. */

#include "config.h"

#include <string.h>

#include "hw-server-cli.h"

#include "hw-test-server.h"

#define PASSWORD "correct horse battery staple"
#define MISSING_ID "00000000-0000-4000-8000-000000000000"

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  char        *url;
  GSubprocess *process;
  SoupSession *session;
  char        *owner;
} Fixture;

static Fixture fixture;

/* The staff resources, as their collection paths. */
static const char * const resources[] = {
  "categories", "attributes", "products", "product-relations", "catalogues", "accounts",
  "users", "visibility-rules", "price-lists", "prices", "price-agreements",
  "discount-rules", "orders", "integrations", "integration-runs",
};

/* @method @path as the owner, with If-Match "1" (nullable @body); the status must be
 * @status. The helper checks the answer against the document. */
static void
expect (const char *method,
        const char *path,
        const char *if_match,
        const char *body,
        guint       status)
{
  g_autofree char *url = g_strconcat (fixture.url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture.owner, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) bytes = NULL;

  msg = hw_test_send (fixture.session, method, url, authorization, if_match, body, -1,
                      &bytes);
  if (soup_message_get_status (msg) != status)
    g_test_message ("%s %s: %.*s", method, path, (int) g_bytes_get_size (bytes),
                    (const char *) g_bytes_get_data (bytes, NULL));
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
}

static void
test_resource (gconstpointer data)
{
  const char *name = data;
  g_autofree char *collection = g_strconcat ("/api/v1/", name, NULL);
  g_autofree char *item = g_strconcat (collection, "/", MISSING_ID, NULL);
  g_autofree char *paged = g_strconcat (collection, "?limit=1", NULL);
  g_autofree char *bad_limit = g_strconcat (collection, "?limit=0", NULL);

  expect ("GET", collection, NULL, NULL, 200);
  expect ("GET", paged, NULL, NULL, 200);
  expect ("GET", bad_limit, NULL, NULL, 422);
  expect ("POST", collection, NULL, "{}", 422);
  expect ("GET", item, NULL, NULL, 404);
  expect ("PUT", item, "\"1\"", "{}", 404);
  expect ("PATCH", item, "\"1\"", "{}", 404);
  expect ("DELETE", item, "\"1\"", NULL, 404);
  expect ("DELETE", item, NULL, NULL, 428);
}

static void
test_system (void)
{
  g_autofree char *tokens = g_strconcat ("/api/v1/integrations/", MISSING_ID, "/tokens",
                                         NULL);
  g_autofree char *token = g_strconcat (tokens, "/", MISSING_ID, NULL);

  expect ("GET", "/api/v1/health", NULL, NULL, 200);
  expect ("GET", "/api/v1/openapi.yaml", NULL, NULL, 200);
  expect ("GET", "/api/v1/auth/me", NULL, NULL, 200);
  expect ("GET", "/api/v1/changes?since=0", NULL, NULL, 200);
  expect ("GET", "/api/v1/audit?entity=category&id=" MISSING_ID, NULL, NULL, 200);
  expect ("GET", "/api/v1/integration-runs?limit=1", NULL, NULL, 200);
  expect ("GET", tokens, NULL, NULL, 404);
  expect ("DELETE", token, NULL, NULL, 404);
  expect ("GET", "/api/v1/erp/orders", NULL, NULL, 403);
  expect ("POST", "/api/v1/auth/logout", NULL, NULL, 204);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Every wrong answer of a run at once, not only the first. */
  g_test_set_nonfatal_assertions ();

  fixture.dir = hw_test_make_tmp_dir ("hw-contract-XXXXXX");
  fixture.db = g_build_filename (fixture.dir, "test.db", NULL);
  fixture.log = g_build_filename (fixture.dir, "server.log", NULL);
  g_assert_cmpint (hw_test_user_add (fixture.db, "owner@example.com", "Owner", "owner",
                                     PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  fixture.process = hw_test_serve_start (fixture.db, fixture.log, &fixture.url);
  fixture.session = hw_test_session_new ();
  fixture.owner = hw_test_login_token (fixture.session, fixture.url, "owner@example.com",
                                       PASSWORD);

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autofree char *path = g_strconcat ("/server/contract/", resources[i], NULL);

      g_test_add_data_func (path, resources[i], test_resource);
    }
  /* Last: it logs the owner out. */
  g_test_add_func ("/server/contract/system", test_system);

  status = g_test_run ();

  hw_test_serve_stop (fixture.process);
  g_clear_object (&fixture.process);
  g_clear_object (&fixture.session);
  hw_test_remove_tree (fixture.dir);
  g_free (fixture.owner);
  g_free (fixture.url);
  g_free (fixture.log);
  g_free (fixture.db);
  g_free (fixture.dir);

  return status;
}
