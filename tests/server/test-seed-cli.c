/* test-seed-cli.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "hw-server-cli.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* Runs the built heartwork-one-server as a user would and checks exit statuses, messages
 * and the database it leaves. meson passes the binary in HW_SERVER_BINARY. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
run_server (Result              *result,
            const char * const  *args)
{
  result->status = hw_test_run_binary (args, NULL, &result->out, &result->err);
}

static gint64
count (HwStore            *store,
       const HwEntityType *type)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, type, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
test_help (void)
{
  g_auto(Result) top = { 0, };
  g_auto(Result) seed = { 0, };

  run_server (&top, (const char * const[]) { "--help", NULL });
  g_assert_cmpint (top.status, ==, HW_SERVER_EXIT_OK);
  g_assert_nonnull (strstr (top.out, "Usage:"));
  g_assert_nonnull (strstr (top.out, "seed"));

  run_server (&seed, (const char * const[]) { "seed", "--help", NULL });
  g_assert_cmpint (seed.status, ==, HW_SERVER_EXIT_OK);
  for (const char * const *option = (const char * const[]) {
         "--db", "--products", "--accounts", "--users", "--orders", "--seed", "--now", NULL };
       *option != NULL; option++)
    g_assert_nonnull (strstr (seed.out, *option));
}

static void
test_version (void)
{
  g_auto(Result) result = { 0, };

  run_server (&result, (const char * const[]) { "--version", NULL });
  g_assert_cmpint (result.status, ==, HW_SERVER_EXIT_OK);
  g_assert_cmpstr (result.out, ==, "heartwork-one-server " PACKAGE_VERSION "\n");
}

static void
test_no_command (void)
{
  g_auto(Result) result = { 0, };

  run_server (&result, (const char * const[]) { NULL });
  g_assert_cmpint (result.status, ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (result.err, "Usage:"));
  g_assert_cmpstr (result.out, ==, "");
}

static void
test_unknown_command (void)
{
  g_auto(Result) result = { 0, };

  run_server (&result, (const char * const[]) { "frobnicate", NULL });
  g_assert_cmpint (result.status, ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (result.err, "unknown command 'frobnicate'"));
  g_assert_nonnull (strstr (result.err, "--help"));
}

/* Each bad command line exits 2, says what is wrong, and creates no database. */
static void
test_usage_errors (void)
{
  static const struct
  {
    const char *args[8];
    const char *message;
  } cases[] = {
    { { "seed", "--products", "10", NULL }, "--db FILE is required" },
    { { "seed", "--db", "@DB@", "--products", "-5", NULL }, "--products must be between 1 and" },
    { { "seed", "--db", "@DB@", "--orders", "-1", NULL }, "--orders must be between 0 and" },
    { { "seed", "--db", "@DB@", "--accounts", "0", NULL }, "--accounts must be between 1 and" },
    { { "seed", "--db", "@DB@", "--products", "99999999", NULL }, "--products must be between" },
    { { "seed", "--db", "@DB@", "--frobnicate", NULL }, "Unknown option --frobnicate" },
    { { "seed", "--db", "@DB@", "--products", "many", NULL }, "--products" },
    { { "seed", "--db", "@DB@", "--accounts", "10", "--users", "5", NULL },
      "--users (5) must be at least --accounts (10)" },
    { { "seed", "--db", "@DB@", "--now", "yesterday", NULL }, "--now 'yesterday' is not" },
    { { "seed", "--db", "@DB@", "extra", NULL }, "unexpected argument 'extra'" },
  };
  g_autofree char *dir = hw_test_make_tmp_dir ("hw-seed-cli-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "never.db", NULL);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(Result) result = { 0, };
      const char *args[8] = { NULL, };

      for (guint a = 0; cases[c].args[a] != NULL; a++)
        args[a] = g_str_equal (cases[c].args[a], "@DB@") ? db : cases[c].args[a];

      run_server (&result, args);
      if (result.status != HW_SERVER_EXIT_USAGE || strstr (result.err, cases[c].message) == NULL)
        g_error ("case %u: status %d, message “%s”, expected 2 and “%s”", c, result.status,
                 result.err, cases[c].message);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
    }

  hw_test_remove_tree (dir);
}

static void
test_seed (void)
{
  g_autofree char *dir = hw_test_make_tmp_dir ("hw-seed-cli-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "seed.db", NULL);
  g_autofree char *db2 = g_build_filename (dir, "seed2.db", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *escaped = g_regex_escape_string (db, -1);
  g_autofree char *sum = NULL;
  g_autofree char *sum2 = NULL;
  g_auto(Result) first = { 0, };
  g_auto(Result) again = { 0, };
  g_auto(Result) twin = { 0, };
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwStore) store2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) summary = NULL;
  const char *args[] = {
    "seed", "--db", db, "--products", "300", "--accounts", "5", "--users", "12",
    "--orders", "40", "--seed", "7", "--now", "2025-06-01", NULL
  };

  run_server (&first, args);
  g_assert_cmpint (first.status, ==, HW_SERVER_EXIT_OK);
  /* No progress on a pipe, one summary line on stdout. */
  g_assert_cmpstr (first.err, ==, "");
  expected = g_strdup_printf ("^Seeded 300 products, 5 accounts, 12 users, 40 orders into %s "
                              "in [0-9]+\\.[0-9] s\n$", escaped);
  summary = g_regex_new (expected, 0, 0, NULL);
  g_assert_true (g_regex_match (summary, first.out, 0, NULL));

  store = hw_store_open (db, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, &hw_product_type), ==, 300);
  g_assert_cmpint (count (store, &hw_account_type), ==, 5);
  g_assert_cmpint (count (store, &hw_user_type), ==, 12);
  g_assert_cmpint (count (store, &hw_order_type), ==, 40);
  g_assert_true (hw_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* A database with data is refused and left as it was. */
  run_server (&again, args);
  g_assert_cmpint (again.status, ==, HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (again.err, "already holds data"));
  g_assert_nonnull (strstr (again.err, "300 products"));
  g_assert_nonnull (strstr (again.err, "nothing was changed"));
  g_assert_cmpint (count (store, &hw_product_type), ==, 300);
  g_assert_cmpint (count (store, &hw_order_type), ==, 40);

  /* The same options give the same data. */
  args[2] = db2;
  run_server (&twin, args);
  g_assert_cmpint (twin.status, ==, HW_SERVER_EXIT_OK);
  store2 = hw_store_open (db2, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  sum = hw_store_content_checksum (store, &error);
  g_assert_no_error (error);
  sum2 = hw_store_content_checksum (store2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sum, ==, sum2);

  g_clear_object (&store);
  g_clear_object (&store2);
  hw_test_remove_tree (dir);
}

static void
test_unopenable (void)
{
  g_autofree char *dir = hw_test_make_tmp_dir ("hw-seed-cli-XXXXXX");
  g_autofree char *db = g_build_filename (dir, "missing-dir", "seed.db", NULL);
  g_auto(Result) result = { 0, };

  run_server (&result, (const char * const[]) { "seed", "--db", db, "--products", "10", NULL });
  g_assert_cmpint (result.status, ==, HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (result.err, "could not be opened"));
  g_assert_cmpstr (result.out, ==, "");

  hw_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/seed-cli/help", test_help);
  g_test_add_func ("/server/seed-cli/version", test_version);
  g_test_add_func ("/server/seed-cli/no-command", test_no_command);
  g_test_add_func ("/server/seed-cli/unknown-command", test_unknown_command);
  g_test_add_func ("/server/seed-cli/usage-errors", test_usage_errors);
  g_test_add_func ("/server/seed-cli/seed", test_seed);
  g_test_add_func ("/server/seed-cli/unopenable", test_unopenable);

  return g_test_run ();
}
