/* hw-server-router.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-server-problem.h"
#include "hw-server-router.h"

/**
 * HwServerRouter:
 *
 * Matches a request's method and path against routes such as `GET /products/{id}` below a
 * prefix (`/api/v1`). A path that no route matches answers 404; a path that routes match
 * for other methods only answers 405 with an Allow header. HEAD is allowed wherever GET
 * is, and runs the GET route (libsoup leaves the body out). Paths match exactly: no
 * trailing slash, no empty segments.
 */
struct _HwServerRouter
{
  GObject    parent_instance;

  char      *prefix;
  GPtrArray *routes; /* Route */
};

typedef struct
{
  char              *method;
  char              *pattern;  /* as given, below the prefix */
  char             **segments; /* of prefix + pattern, split at '/' */
  HwServerRouteFunc  func;
  gpointer           user_data;
} Route;

enum
{
  PROP_0,
  PROP_PREFIX,
  PROP_N_PROPS
};

static GParamSpec *properties[PROP_N_PROPS];

G_DEFINE_FINAL_TYPE (HwServerRouter, hw_server_router, G_TYPE_OBJECT)

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->method);
  g_free (route->pattern);
  g_strfreev (route->segments);
  g_free (route);
}

static void
hw_server_router_finalize (GObject *object)
{
  HwServerRouter *self = (HwServerRouter *)object;

  g_clear_pointer (&self->prefix, g_free);
  g_clear_pointer (&self->routes, g_ptr_array_unref);

  G_OBJECT_CLASS (hw_server_router_parent_class)->finalize (object);
}

static void
hw_server_router_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  HwServerRouter *self = HW_SERVER_ROUTER (object);

  switch (prop_id)
    {
    case PROP_PREFIX:
      g_value_set_string (value, self->prefix);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_server_router_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  HwServerRouter *self = HW_SERVER_ROUTER (object);

  switch (prop_id)
    {
    case PROP_PREFIX:
      g_free (self->prefix);
      self->prefix = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_server_router_class_init (HwServerRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_server_router_finalize;
  object_class->get_property = hw_server_router_get_property;
  object_class->set_property = hw_server_router_set_property;

  /**
   * HwServerRouter:prefix:
   *
   * The path every route lives below, such as "/api/v1"; "" for none.
   */
  properties[PROP_PREFIX] =
    g_param_spec_string ("prefix", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, PROP_N_PROPS, properties);
}

static void
hw_server_router_init (HwServerRouter *self)
{
  self->prefix = g_strdup ("");
  self->routes = g_ptr_array_new_with_free_func (route_free);
}

/**
 * hw_server_router_new:
 * @prefix: the path all routes live below, e.g. "/api/v1", without a trailing slash
 *
 * Returns: (transfer full): a router without routes
 */
HwServerRouter *
hw_server_router_new (const char *prefix)
{
  g_return_val_if_fail (prefix != NULL, NULL);
  g_return_val_if_fail (!g_str_has_suffix (prefix, "/"), NULL);

  return g_object_new (HW_TYPE_SERVER_ROUTER,
                       "prefix", prefix,
                       NULL);
}

const char *
hw_server_router_get_prefix (HwServerRouter *self)
{
  g_return_val_if_fail (HW_IS_SERVER_ROUTER (self), NULL);

  return self->prefix;
}

/**
 * hw_server_router_add:
 * @method: an HTTP method such as "GET"
 * @pattern: the path below the prefix, starting with '/'; a segment "{name}" matches any
 *   non-empty segment and hands it to @func as params["name"]
 * @func: the handler
 * @user_data: data for @func
 *
 * Adds a route. Routes are tried in the order they were added.
 */
void
hw_server_router_add (HwServerRouter    *self,
                      const char        *method,
                      const char        *pattern,
                      HwServerRouteFunc  func,
                      gpointer           user_data)
{
  g_autofree char *path = NULL;
  Route *route;

  g_return_if_fail (HW_IS_SERVER_ROUTER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (func != NULL);

  path = g_strconcat (self->prefix, pattern, NULL);

  route = g_new0 (Route, 1);
  route->method = g_strdup (method);
  route->pattern = g_strdup (pattern);
  route->segments = g_strsplit (path, "/", -1);
  route->func = func;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

/**
 * hw_server_router_list_routes:
 *
 * Lets tests check that every route is covered by their tables, so that a new one
 * cannot be left out silently.
 *
 * Returns: (transfer full): "METHOD /pattern" of every route, in the order added, the
 *   pattern below the prefix
 */
char **
hw_server_router_list_routes (HwServerRouter *self)
{
  GStrvBuilder *builder;
  char **routes;

  g_return_val_if_fail (HW_IS_SERVER_ROUTER (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);
      g_autofree char *line = g_strconcat (route->method, " ", route->pattern, NULL);

      g_strv_builder_add (builder, line);
    }
  routes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return routes;
}

static gboolean
is_param (const char *segment)
{
  gsize length = strlen (segment);

  return length > 2 && segment[0] == '{' && segment[length - 1] == '}';
}

/* Matches @path (split at '/') against @route; fills @params when it is not NULL. */
static gboolean
route_matches (const Route        *route,
               const char * const *path,
               GHashTable         *params)
{
  guint i;

  for (i = 0; route->segments[i] != NULL && path[i] != NULL; i++)
    {
      const char *want = route->segments[i];

      if (is_param (want))
        {
          if (path[i][0] == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_replace (params, g_strndup (want + 1, strlen (want) - 2),
                                  g_strdup (path[i]));
        }
      else if (!g_str_equal (want, path[i]))
        return FALSE;
    }

  return route->segments[i] == NULL && path[i] == NULL;
}

static gboolean
method_matches (const Route *route,
                const char  *method)
{
  return g_str_equal (route->method, method) ||
         (g_str_equal (method, SOUP_METHOD_HEAD) && g_str_equal (route->method, SOUP_METHOD_GET));
}

static void
add_allowed (GPtrArray  *allowed,
             const char *method)
{
  for (guint i = 0; i < allowed->len; i++)
    if (g_str_equal (g_ptr_array_index (allowed, i), method))
      return;

  g_ptr_array_add (allowed, (gpointer) method);
}

/**
 * hw_server_router_lookup:
 * @method: the request's method
 * @path: the request's (decoded) path
 * @out_func: (out) (optional): the handler, when found
 * @out_user_data: (out) (optional): its data
 * @out_params: (out) (optional) (transfer full): the pattern's parameters, when found
 * @out_allow: (out) (optional) (transfer full): the methods the path allows, as an Allow
 *   header value ("GET, HEAD"), when the method is not allowed
 *
 * Finds the route for @method and @path.
 *
 * Returns: whether a route was found, or why not
 */
HwServerRouteResult
hw_server_router_lookup (HwServerRouter     *self,
                         const char         *method,
                         const char         *path,
                         HwServerRouteFunc  *out_func,
                         gpointer           *out_user_data,
                         GHashTable        **out_params,
                         char              **out_allow)
{
  g_auto(GStrv) segments = NULL;
  g_autoptr(GPtrArray) allowed = NULL;

  g_return_val_if_fail (HW_IS_SERVER_ROUTER (self), HW_SERVER_ROUTE_NOT_FOUND);
  g_return_val_if_fail (method != NULL, HW_SERVER_ROUTE_NOT_FOUND);
  g_return_val_if_fail (path != NULL, HW_SERVER_ROUTE_NOT_FOUND);

  segments = g_strsplit (path, "/", -1);
  allowed = g_ptr_array_new ();

  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);

      if (!route_matches (route, (const char * const *) segments, NULL))
        continue;

      if (method_matches (route, method))
        {
          if (out_func != NULL)
            *out_func = route->func;
          if (out_user_data != NULL)
            *out_user_data = route->user_data;
          if (out_params != NULL)
            {
              *out_params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
              route_matches (route, (const char * const *) segments, *out_params);
            }
          return HW_SERVER_ROUTE_FOUND;
        }

      add_allowed (allowed, route->method);
      if (g_str_equal (route->method, SOUP_METHOD_GET))
        add_allowed (allowed, SOUP_METHOD_HEAD);
    }

  if (allowed->len == 0)
    return HW_SERVER_ROUTE_NOT_FOUND;

  if (out_allow != NULL)
    {
      g_ptr_array_add (allowed, NULL);
      *out_allow = g_strjoinv (", ", (char **) allowed->pdata);
    }

  return HW_SERVER_ROUTE_METHOD_NOT_ALLOWED;
}

/**
 * hw_server_router_dispatch:
 * @msg: a request whose body has been read
 *
 * Runs the route for @msg, or answers it with a 404 or 405 problem.
 */
void
hw_server_router_dispatch (HwServerRouter    *self,
                           SoupServerMessage *msg)
{
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *allow = NULL;
  g_autofree char *detail = NULL;
  HwServerRouteFunc func = NULL;
  gpointer user_data = NULL;
  const char *method;
  const char *path;

  g_return_if_fail (HW_IS_SERVER_ROUTER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  method = soup_server_message_get_method (msg);
  path = g_uri_get_path (soup_server_message_get_uri (msg));

  switch (hw_server_router_lookup (self, method, path, &func, &user_data, &params, &allow))
    {
    case HW_SERVER_ROUTE_FOUND:
      func (msg, params, user_data);
      break;

    case HW_SERVER_ROUTE_METHOD_NOT_ALLOWED:
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", allow);
      detail = g_strdup_printf ("%s does not allow %s; it allows %s.", path, method, allow);
      hw_server_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, detail);
      break;

    case HW_SERVER_ROUTE_NOT_FOUND:
    default:
      detail = g_strdup_printf ("There is no resource at %s.", path);
      hw_server_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
      break;
    }
}
