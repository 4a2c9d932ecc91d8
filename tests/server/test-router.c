/* test-router.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hw-server-router.h"

/* The router's matching, without a server: which route a method and path reach, and the
 * Allow header when only other methods are routed. */

static void
handler_a (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
}

static void
handler_b (SoupServerMessage *msg,
           GHashTable        *params,
           gpointer           user_data)
{
}

static HwServerRouter *
make_router (void)
{
  HwServerRouter *router = hw_server_router_new ("/api/v1");

  hw_server_router_add (router, "GET", "/health", handler_a, GINT_TO_POINTER (1));
  hw_server_router_add (router, "GET", "/products", handler_a, GINT_TO_POINTER (2));
  hw_server_router_add (router, "POST", "/products", handler_b, GINT_TO_POINTER (3));
  hw_server_router_add (router, "GET", "/products/{id}", handler_a, GINT_TO_POINTER (4));
  hw_server_router_add (router, "PUT", "/products/{id}", handler_b, GINT_TO_POINTER (5));
  hw_server_router_add (router, "DELETE", "/products/{id}", handler_b, GINT_TO_POINTER (6));
  hw_server_router_add (router, "POST", "/erp/orders/{id}/ack", handler_b, GINT_TO_POINTER (7));

  return router;
}

static void
assert_found (HwServerRouter    *router,
              const char        *method,
              const char        *path,
              HwServerRouteFunc  func,
              int                data,
              const char        *id)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *allow = NULL;
  HwServerRouteFunc found_func = NULL;
  gpointer found_data = NULL;

  g_assert_cmpint (hw_server_router_lookup (router, method, path, &found_func, &found_data,
                                            &params, &allow),
                   ==, HW_SERVER_ROUTE_FOUND);
  g_assert_true (found_func == func);
  g_assert_cmpint (GPOINTER_TO_INT (found_data), ==, data);
  g_assert_null (allow);
  g_assert_nonnull (params);
  g_assert_cmpstr (g_hash_table_lookup (params, "id"), ==, id);
  g_assert_cmpuint (g_hash_table_size (params), ==, id != NULL ? 1 : 0);
}

static void
assert_result (HwServerRouter      *router,
               const char          *method,
               const char          *path,
               HwServerRouteResult  result,
               const char          *allow)
{
  g_autofree char *found_allow = NULL;

  g_assert_cmpint (hw_server_router_lookup (router, method, path, NULL, NULL, NULL,
                                            &found_allow),
                   ==, result);
  g_assert_cmpstr (found_allow, ==, allow);
}

static void
test_found (void)
{
  g_autoptr(HwServerRouter) router = make_router ();

  assert_found (router, "GET", "/api/v1/health", handler_a, 1, NULL);
  assert_found (router, "HEAD", "/api/v1/health", handler_a, 1, NULL);
  assert_found (router, "GET", "/api/v1/products", handler_a, 2, NULL);
  assert_found (router, "POST", "/api/v1/products", handler_b, 3, NULL);
  assert_found (router, "GET", "/api/v1/products/p-1", handler_a, 4, "p-1");
  assert_found (router, "PUT", "/api/v1/products/p 2", handler_b, 5, "p 2");
  assert_found (router, "DELETE", "/api/v1/products/x", handler_b, 6, "x");
  assert_found (router, "POST", "/api/v1/erp/orders/o-9/ack", handler_b, 7, "o-9");
}

static void
test_not_found (void)
{
  g_autoptr(HwServerRouter) router = make_router ();
  static const char * const paths[] = {
    "/api/v1/healthz", "/api/v1/health/", "/api/v1", "/api/v1/", "/api/v2/health",
    "/health", "/", "", "/api/v1/products/", "/api/v1/products/a/b", "/api/v1//health",
    "/api/v1/erp/orders//ack", "/API/V1/HEALTH", NULL
  };

  for (guint i = 0; paths[i] != NULL; i++)
    assert_result (router, "GET", paths[i], HW_SERVER_ROUTE_NOT_FOUND, NULL);
}

static void
test_method_not_allowed (void)
{
  g_autoptr(HwServerRouter) router = make_router ();

  assert_result (router, "POST", "/api/v1/health", HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
                 "GET, HEAD");
  assert_result (router, "DELETE", "/api/v1/products", HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
                 "GET, HEAD, POST");
  assert_result (router, "POST", "/api/v1/products/1", HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
                 "GET, HEAD, PUT, DELETE");
  assert_result (router, "GET", "/api/v1/erp/orders/1/ack", HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
                 "POST");
  assert_result (router, "get", "/api/v1/health", HW_SERVER_ROUTE_METHOD_NOT_ALLOWED,
                 "GET, HEAD");
}

static void
test_no_prefix (void)
{
  g_autoptr(HwServerRouter) router = hw_server_router_new ("");

  hw_server_router_add (router, "GET", "/", handler_a, NULL);
  assert_found (router, "GET", "/", handler_a, 0, NULL);
  assert_result (router, "GET", "/x", HW_SERVER_ROUTE_NOT_FOUND, NULL);
  g_assert_cmpstr (hw_server_router_get_prefix (router), ==, "");
}

static void
test_list_routes (void)
{
  g_autoptr(HwServerRouter) router = make_router ();
  g_auto(GStrv) routes = hw_server_router_list_routes (router);
  const char * const expected[] = {
    "GET /health", "GET /products", "POST /products", "GET /products/{id}",
    "PUT /products/{id}", "DELETE /products/{id}", "POST /erp/orders/{id}/ack", NULL
  };

  /* In the order added, below the prefix. */
  g_assert_cmpstrv (routes, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/router/found", test_found);
  g_test_add_func ("/server/router/not-found", test_not_found);
  g_test_add_func ("/server/router/method-not-allowed", test_method_not_allowed);
  g_test_add_func ("/server/router/no-prefix", test_no_prefix);
  g_test_add_func ("/server/router/list-routes", test_list_routes);

  return g_test_run ();
}
