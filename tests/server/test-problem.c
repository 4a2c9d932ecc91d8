/* test-problem.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-server-problem.h"

/* Problem documents (RFC 9457): the mapping of core errors to statuses and types, and
 * that database and internal failures never show their message. */

static void
assert_problem (JsonNode   *node,
                guint       status,
                const char *slug,
                const char *detail)
{
  JsonObject *problem = json_node_get_object (node);
  g_autofree char *type = g_strconcat (HW_SERVER_PROBLEM_BASE_URI, slug, NULL);

  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (problem, "detail"), ==, detail);
}

static void
test_for_error (void)
{
  static const struct
  {
    HwCoreError  code;
    guint        status;
    const char  *slug;
  } cases[] = {
    { HW_CORE_ERROR_DUPLICATE, 409, "duplicate" },
    { HW_CORE_ERROR_NOT_FOUND, 404, "not-found" },
    { HW_CORE_ERROR_STALE, 412, "stale-revision" },
    { HW_CORE_ERROR_IN_USE, 409, "in-use" },
    { HW_CORE_ERROR_GONE, 410, "gone" },
    { HW_CORE_ERROR_PARSE, 400, "bad-request" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new (HW_CORE_ERROR, cases[i].code, "case %u", i);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *detail = g_strdup_printf ("case %u", i);
      guint status = 0;

      node = hw_server_problem_new_for_error (error, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      assert_problem (node, cases[i].status, cases[i].slug, detail);
      g_assert_false (json_object_has_member (json_node_get_object (node), "errors"));
    }
}

static void
test_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *errors;
  JsonObject *entry;
  guint status = 0;

  hw_set_field_error (&error, HW_CORE_ERROR_INVALID, "sku", "must not be empty");
  node = hw_server_problem_new_for_error (error, &status);
  g_assert_cmpuint (status, ==, 422);
  assert_problem (node, 422, "validation-failed", "sku: must not be empty");

  errors = json_object_get_array_member (json_node_get_object (node), "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 1);
  entry = json_array_get_object_element (errors, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "field"), ==, "sku");
  g_assert_cmpstr (json_object_get_string_member (entry, "message"), ==, "must not be empty");

  /* Without a field the entry has only the message. */
  {
    g_autoptr(GError) bare = g_error_new_literal (HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                                                  "something is off");
    g_autoptr(JsonNode) bare_node = hw_server_problem_new_for_error (bare, NULL);
    JsonObject *first;

    errors = json_object_get_array_member (json_node_get_object (bare_node), "errors");
    first = json_array_get_object_element (errors, 0);
    g_assert_false (json_object_has_member (first, "field"));
    g_assert_cmpstr (json_object_get_string_member (first, "message"), ==, "something is off");
  }
}

static void
test_hidden_messages (void)
{
  g_autoptr(GError) database = NULL;
  g_autoptr(GError) schema = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(JsonNode) database_node = NULL;
  g_autoptr(JsonNode) schema_node = NULL;
  g_autoptr(JsonNode) other_node = NULL;
  g_autofree char *text = NULL;
  guint status = 0;

  database = g_error_new_literal (HW_CORE_ERROR, HW_CORE_ERROR_DATABASE,
                                  "The database failed: near \"SELECT\": syntax error in "
                                  "SELECT * FROM products");
  database_node = hw_server_problem_new_for_error (database, &status);
  g_assert_cmpuint (status, ==, 503);
  text = hw_server_problem_to_string (database_node);
  g_assert_null (strstr (text, "SELECT"));
  g_assert_null (strstr (text, "products"));
  g_assert_nonnull (strstr (text, HW_SERVER_PROBLEM_BASE_URI "unavailable"));

  schema = g_error_new_literal (HW_CORE_ERROR, HW_CORE_ERROR_SCHEMA, "/var/lib/secret.db v9");
  schema_node = hw_server_problem_new_for_error (schema, &status);
  g_assert_cmpuint (status, ==, 500);
  g_clear_pointer (&text, g_free);
  text = hw_server_problem_to_string (schema_node);
  g_assert_null (strstr (text, "secret"));

  other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "/etc/shadow: permission denied");
  other_node = hw_server_problem_new_for_error (other, &status);
  g_assert_cmpuint (status, ==, 500);
  g_clear_pointer (&text, g_free);
  text = hw_server_problem_to_string (other_node);
  g_assert_null (strstr (text, "shadow"));
  g_assert_nonnull (strstr (text, HW_SERVER_PROBLEM_BASE_URI "internal-error"));
}

static void
test_for_status (void)
{
  g_autoptr(JsonNode) known = hw_server_problem_new (405, "no");
  g_autoptr(JsonNode) unknown = hw_server_problem_new (418, NULL);
  JsonObject *object;

  assert_problem (known, 405, "method-not-allowed", "no");

  /* RFC 9457 §4.2.1: no type of our own → about:blank, with the status phrase as title. */
  object = json_node_get_object (unknown);
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "about:blank");
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, 418);
  g_assert_nonnull (json_object_get_string_member (object, "title"));
  g_assert_false (json_object_has_member (object, "detail"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/problem/for-error", test_for_error);
  g_test_add_func ("/server/problem/validation", test_validation);
  g_test_add_func ("/server/problem/hidden-messages", test_hidden_messages);
  g_test_add_func ("/server/problem/for-status", test_for_status);

  return g_test_run ();
}
