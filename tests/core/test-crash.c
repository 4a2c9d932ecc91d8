/* test-crash.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hw-store-private.h"

/* A writer killed with SIGKILL in the middle of its transactions leaves a database that
 * is whole: every entity complete or absent, the changes feed and the revision counter in
 * step with the rows, and the next writer carries on.
 *
 * The test binary runs itself as the writer ("--writer DB [N]"): without N it writes one
 * product with its attribute values and a relation per transaction, forever; with N it
 * writes N of them in a single transaction, says "committed" and waits to be killed. */

#define N_ATTRIBUTES     5
#define N_KILL_CYCLES    5
#define BIG_TRANSACTION  20000
#define WRITER_DEADLINE  (60 * G_USEC_PER_SEC)  /* a writer nobody killed gives up */

static char *self_exe;

/* The writer, shared by the child and the parent (which writes a few itself) */

typedef struct
{
  HwStore *store;
  char    *attribute_ids[N_ATTRIBUTES];
  guint64  next_number;
  char    *previous_id;
} Writer;

static gboolean
writer_init (Writer      *writer,
             const char  *path,
             GError     **error)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;

  memset (writer, 0, sizeof *writer);

  if (!(writer->store = hw_store_open (path, HW_STORE_OPEN_DEFAULT, error)))
    return FALSE;

  /* The attributes, made once by whichever writer comes first */
  for (guint i = 0; i < N_ATTRIBUTES; i++)
    {
      g_autofree char *code = g_strdup_printf ("crash_a%u", i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(HwAttribute) attribute =
        hw_store_find_by (writer->store, &hw_attribute_type, "code", code, &local_error);

      if (attribute == NULL)
        {
          if (!g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          attribute = hw_attribute_new ();
          attribute->code = g_strdup (code);
          attribute->name = g_strdup_printf ("Crash attribute %u", i);
          attribute->type = g_strdup ("text");
          attribute->required = TRUE;
          if (!hw_store_create_attribute (writer->store, attribute, error))
            return FALSE;
        }

      writer->attribute_ids[i] = g_strdup (HW_ENTITY (attribute)->id);
    }

  /* Carry on after the last product a previous writer committed. */
  hw_query_set_sort (query, "sku", TRUE);
  hw_query_set_limit (query, 1);
  hw_query_set_with_children (query, FALSE);
  if (!(page = hw_store_list_products (writer->store, query, error)))
    return FALSE;

  if (page->items->len > 0)
    {
      HwProduct *last = g_ptr_array_index (page->items, 0);

      g_assert_true (g_str_has_prefix (last->sku, "CR-"));
      writer->next_number = g_ascii_strtoull (last->sku + 3, NULL, 10) + 1;
      writer->previous_id = g_strdup (HW_ENTITY (last)->id);
    }

  return TRUE;
}

static void
writer_clear (Writer *writer)
{
  for (guint i = 0; i < N_ATTRIBUTES; i++)
    g_clear_pointer (&writer->attribute_ids[i], g_free);
  g_clear_pointer (&writer->previous_id, g_free);
  g_clear_object (&writer->store);
}

/* A product with its attribute values and a relation to the previous product. */
static gboolean
writer_write_one (Writer  *writer,
                  GError **error)
{
  g_autoptr(HwProduct) product = hw_product_new ();

  product->sku = g_strdup_printf ("CR-%010" G_GUINT64_FORMAT, writer->next_number);
  product->name = g_strdup_printf ("Crash product %" G_GUINT64_FORMAT, writer->next_number);
  product->unit = g_strdup ("piece");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 100 + writer->next_number;
  for (guint i = 0; i < N_ATTRIBUTES; i++)
    {
      g_autofree char *value = g_strdup_printf ("value %u of %" G_GUINT64_FORMAT, i,
                                                writer->next_number);
      hw_product_add_attribute (product, writer->attribute_ids[i], value);
    }

  if (!hw_store_create_product (writer->store, product, error))
    return FALSE;

  if (writer->previous_id != NULL)
    {
      g_autoptr(HwProductRelation) relation = hw_product_relation_new ();

      relation->product_id = g_strdup (HW_ENTITY (product)->id);
      relation->related_product_id = g_strdup (writer->previous_id);
      relation->kind = g_strdup ("related");
      if (!hw_store_create_product_relation (writer->store, relation, error))
        return FALSE;
    }

  g_free (writer->previous_id);
  writer->previous_id = g_strdup (HW_ENTITY (product)->id);
  writer->next_number++;
  return TRUE;
}

static void
say (const char *line)
{
  fputs (line, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static G_NORETURN void
writer_fail (const char   *what,
             const GError *error)
{
  g_printerr ("writer: %s: %s\n", what, error ? error->message : "failed");
  _exit (3);
}

static int
run_writer (const char *path,
            guint64     n_in_one)
{
  gint64 deadline = g_get_monotonic_time () + WRITER_DEADLINE;
  g_autoptr(GError) error = NULL;
  Writer writer;

  if (!writer_init (&writer, path, &error))
    writer_fail ("open", error);

  say ("ready");

  if (n_in_one > 0)
    {
      if (!hw_store_begin (writer.store, &error))
        writer_fail ("begin", error);
      say ("begin");

      for (guint64 i = 0; i < n_in_one; i++)
        if (!writer_write_one (&writer, &error))
          writer_fail ("write", error);

      if (!hw_store_commit (writer.store, &error))
        writer_fail ("commit", error);
      say ("committed");

      while (g_get_monotonic_time () < deadline)
        g_usleep (10000);
      return 4;
    }

  while (g_get_monotonic_time () < deadline)
    {
      if (!hw_store_begin (writer.store, &error))
        writer_fail ("begin", error);
      if (!writer_write_one (&writer, &error))
        writer_fail ("write", error);
      if (!hw_store_commit (writer.store, &error))
        writer_fail ("commit", error);
    }

  return 4;
}

/* The parent */

typedef struct
{
  char  *dir;
  char  *path;
  GRand *rand;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint32 seed = g_test_rand_int ();

  fixture->dir = g_dir_make_tmp ("hw-test-crash-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "one.db", NULL);

  /* Reproducible with the -seed of the test program, which derives this one. */
  g_test_message ("delays from GRand seed %" G_GUINT32_FORMAT, seed);
  fixture->rand = g_rand_new_with_seed (seed);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_assert_cmpint (g_unlink (file), ==, 0);
    }

  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_rand_free (fixture->rand);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
child_setup (gpointer data)
{
  /* Should the test die, its writer goes with it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GPid
spawn_writer (const char *path,
              guint64     n_in_one,
              int        *out_stdout)
{
  g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, n_in_one);
  const char *argv[] = { self_exe, "--writer", path, n, NULL };
  g_autoptr(GError) error = NULL;
  GPid pid = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, child_setup,
                            NULL, &pid, NULL, out_stdout, NULL, &error);
  g_assert_no_error (error);

  return pid;
}

/* Reads a line the writer says, or NULL when it says nothing within @timeout_ms. */
static char *
read_line (int fd,
           int timeout_ms)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      struct pollfd pfd = { .fd = fd, .events = POLLIN };
      int left = MAX (0, (int) ((end - g_get_monotonic_time ()) / 1000));
      char c;
      int rc = poll (&pfd, 1, left);

      if (rc < 0 && errno == EINTR)
        continue;
      if (rc <= 0)
        return NULL;
      if (read (fd, &c, 1) != 1)
        return NULL;
      if (c == '\n')
        return g_string_free (g_steal_pointer (&line), FALSE);
      g_string_append_c (line, c);
    }
}

static void
expect_line (int         fd,
             const char *expected,
             int         timeout_ms)
{
  g_autofree char *line = read_line (fd, timeout_ms);

  g_assert_cmpstr (line, ==, expected);
}

static void
assert_alive (GPid pid)
{
  int status = 0;
  pid_t rc = waitpid (pid, &status, WNOHANG);

  if (rc == pid)
    g_error ("the writer ended by itself (status %d, signal %d)",
             WIFEXITED (status) ? WEXITSTATUS (status) : -1,
             WIFSIGNALED (status) ? WTERMSIG (status) : -1);
  g_assert_cmpint (rc, ==, 0);
}

static void
kill_writer (GPid pid)
{
  int status = 0;

  assert_alive (pid);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (pid);
}

static gint64
count_products (HwStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, &hw_product_type, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Waits, reading beside the writer, until the database holds @n products. */
static void
wait_for_products (const char *path,
                   GPid        pid,
                   gint64      n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) reader = hw_store_open (path, HW_STORE_OPEN_READONLY, &error);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_no_error (error);

  while (count_products (reader) < n)
    {
      assert_alive (pid);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (5000);
    }
}

static gint64
query_int (HwStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_hw_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Opens the database after a crash, checks that it is whole and that it takes a write.
 * Returns the number of products. */
static gint64
check_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) product_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) related_from = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  gint64 n_products = 0, n_relations = 0, n_attributes = 0, max_rev = 0, since = 0;
  gint64 n_changes_products = 0, n_changes_relations = 0, n_changes_attributes = 0;
  gint64 revision, n_search = -1;
  Writer writer;

  g_assert_true (writer_init (&writer, path, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_check_integrity (writer.store, &error));
  g_assert_no_error (error);

  /* Every product is whole: its five attribute values, no more, no fewer. */
  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, cursor);
      page = hw_store_list_products (writer.store, query, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->items->len; i++)
        {
          HwProduct *product = g_ptr_array_index (page->items, i);

          g_assert_cmpuint (product->attributes->len, ==, N_ATTRIBUTES);
          for (guint j = 0; j < N_ATTRIBUTES; j++)
            g_assert_cmpstr (((HwAttributeValue *) g_ptr_array_index (product->attributes, j))
                             ->attribute_id, ==, writer.attribute_ids[j]);
          g_assert_cmpint (product->completeness, ==, 100);
          g_hash_table_add (product_ids, g_strdup (HW_ENTITY (product)->id));
          n_products++;
        }

      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  g_assert_cmpint (n_products, ==, count_products (writer.store));

  /* Every relation joins two existing products, and every product but the first got its
   * relation in the same transaction. */
  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, cursor);
      page = hw_store_list_product_relations (writer.store, query, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->items->len; i++)
        {
          HwProductRelation *relation = g_ptr_array_index (page->items, i);

          g_assert_true (g_hash_table_contains (product_ids, relation->product_id));
          g_assert_true (g_hash_table_contains (product_ids, relation->related_product_id));
          g_assert_true (g_hash_table_add (related_from, g_strdup (relation->product_id)));
          n_relations++;
        }

      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  g_assert_cmpint (n_relations, ==, MAX (n_products - 1, 0));

  /* The changes feed: exactly one entry per entity, each at the entity's revision. */
  revision = hw_store_get_revision (writer.store);
  for (;;)
    {
      g_autoptr(HwChangePage) page = hw_store_changes (writer.store, since, HW_QUERY_MAX_LIMIT,
                                                       &error);
      g_assert_no_error (error);

      for (guint i = 0; i < page->changes->len; i++)
        {
          HwChange *change = g_ptr_array_index (page->changes, i);

          g_assert_false (change->deleted);
          g_assert_nonnull (change->entity);
          g_assert_cmpint (change->rev, >, max_rev);
          g_assert_cmpint (HW_ENTITY (change->entity)->rev, ==, change->rev);
          g_assert_true (g_hash_table_add (seen, g_strdup (change->id)));
          max_rev = change->rev;

          if (change->type == &hw_product_type)
            {
              g_assert_true (g_hash_table_contains (product_ids, change->id));
              n_changes_products++;
            }
          else if (change->type == &hw_product_relation_type)
            n_changes_relations++;
          else if (change->type == &hw_attribute_type)
            n_changes_attributes++;
          else
            g_assert_not_reached ();
        }

      since = page->next;
      if (!page->has_more)
        break;
    }

  g_assert_cmpint (n_changes_products, ==, n_products);
  g_assert_cmpint (n_changes_relations, ==, n_relations);
  g_assert_cmpint (n_changes_attributes, ==, N_ATTRIBUTES);
  g_assert_cmpint (revision, >=, max_rev);
  n_attributes = query_int (writer.store, "SELECT count(*) FROM attributes");
  g_assert_cmpint (n_attributes, ==, N_ATTRIBUTES);

  /* The search index went with the rows. */
  {
    g_autoptr(HwQuery) query = hw_query_new ();

    hw_query_set_search (query, "crash product");
    g_assert_true (hw_store_count (writer.store, &hw_product_type, query, &n_search, &error));
    g_assert_no_error (error);
    g_assert_cmpint (n_search, ==, n_products);
    g_assert_cmpint (sqlite3_exec (_hw_store_get_db (writer.store),
                                   "INSERT INTO products_fts (products_fts, rank)"
                                   " VALUES ('integrity-check', 1)", NULL, NULL, NULL),
                     ==, SQLITE_OK);
  }

  /* And the database takes the next write, at the next revision. */
  g_assert_true (hw_store_begin (writer.store, &error));
  g_assert_no_error (error);
  g_assert_true (writer_write_one (&writer, &error));
  g_assert_no_error (error);
  g_assert_true (hw_store_commit (writer.store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hw_store_get_revision (writer.store), ==, revision + (n_products > 0 ? 2 : 1));

  g_test_message ("%" G_GINT64_FORMAT " products, %" G_GINT64_FORMAT " relations, revision %"
                  G_GINT64_FORMAT, n_products, n_relations, revision);

  writer_clear (&writer);
  return n_products + 1;
}

static void
test_kill_cycles (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 n_products = 0;

  for (guint cycle = 0; cycle < N_KILL_CYCLES; cycle++)
    {
      guint delay_ms = g_rand_int_range (fixture->rand, 50, 401);
      int out = -1;
      GPid pid;
      gint64 n;

      pid = spawn_writer (fixture->path, 0, &out);
      expect_line (out, "ready", 20000);

      /* Let it get going, then kill it at a random moment. */
      wait_for_products (fixture->path, pid, n_products + 3);
      g_usleep (delay_ms * 1000);
      kill_writer (pid);
      close (out);

      n = check_database (fixture->path);
      g_test_message ("cycle %u: killed after %u ms, %" G_GINT64_FORMAT " products",
                      cycle, delay_ms, n);
      g_assert_cmpint (n, >, n_products + 3);
      n_products = n;
    }
}

static gint64
seed_products (const char *path,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  Writer writer;

  g_assert_true (writer_init (&writer, path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (writer_write_one (&writer, &error));
      g_assert_no_error (error);
    }
  writer_clear (&writer);

  return n;
}

/* Killed in the middle of one big transaction: all of it or nothing. */
static void
test_kill_big_transaction (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 old = seed_products (fixture->path, 10);
  g_autofree char *line = NULL;
  int out = -1;
  GPid pid;
  gint64 n;

  pid = spawn_writer (fixture->path, BIG_TRANSACTION, &out);
  expect_line (out, "ready", 20000);
  expect_line (out, "begin", 20000);
  g_usleep (200 * 1000);

  line = read_line (out, 0);
  g_test_message ("at the kill the writer said: %s", line ? line : "(nothing)");
  kill_writer (pid);
  close (out);

  n = check_database (fixture->path) - 1;
  g_assert_true (n == old || n == old + BIG_TRANSACTION);
  /* 200 ms are too short for 20 000 products; if this fires, raise BIG_TRANSACTION. */
  if (line == NULL)
    g_assert_cmpint (n, ==, old);
}

/* Killed right after committing one: all of it stays. */
static void
test_kill_after_big_commit (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 old = seed_products (fixture->path, 3);
  int out = -1;
  GPid pid;
  gint64 n;

  pid = spawn_writer (fixture->path, BIG_TRANSACTION, &out);
  expect_line (out, "ready", 20000);
  expect_line (out, "begin", 20000);
  expect_line (out, "committed", 60000);
  kill_writer (pid);
  close (out);

  n = check_database (fixture->path) - 1;
  g_assert_cmpint (n, ==, old + BIG_TRANSACTION);
}

static char *
find_self (const char *argv0)
{
  g_autofree char *link = g_file_read_link ("/proc/self/exe", NULL);

  if (strchr (argv0, G_DIR_SEPARATOR) != NULL)
    return g_canonicalize_filename (argv0, NULL);
  if (link != NULL)
    return g_steal_pointer (&link);
  return g_find_program_in_path (argv0);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && g_strcmp0 (argv[1], "--writer") == 0)
    return run_writer (argv[2], argc >= 4 ? g_ascii_strtoull (argv[3], NULL, 10) : 0);

  self_exe = find_self (argv[0]);
  g_assert_nonnull (self_exe);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crash/kill-writer-repeatedly", Fixture, NULL, fixture_set_up, test_kill_cycles,
              fixture_tear_down);
  g_test_add ("/crash/kill-big-transaction", Fixture, NULL, fixture_set_up,
              test_kill_big_transaction, fixture_tear_down);
  g_test_add ("/crash/kill-after-big-commit", Fixture, NULL, fixture_set_up,
              test_kill_after_big_commit, fixture_tear_down);

  return g_test_run ();
}
