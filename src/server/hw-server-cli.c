/* hw-server-cli.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "hw-core-error.h"
#include "hw-demo.h"
#include "hw-server-cli.h"

/* The command line of heartwork-one-server: a command word, then that command's options.
 * Messages are plain ASCII so that they read the same in any locale. */

#define PROGRAM "heartwork-one-server"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*run) (int    argc,
                    char **argv);
} Command;

static const Command commands[] = {
  { "seed", "Fill a new database with demo data for a technical wholesaler", hw_server_cli_seed },
  { "serve", "Serve the HTTP API over a database until SIGTERM or SIGINT", hw_server_cli_serve },
  { "user", "Manage staff users: 'user add' adds one", hw_server_cli_user },
};

static char *
usage_text (void)
{
  GString *text = g_string_new (NULL);

  g_string_append (text,
                   "Usage:\n"
                   "  " PROGRAM " COMMAND [OPTION...]\n"
                   "\n"
                   "The central backend of Heart.work ONE.\n"
                   "\n"
                   "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s%s\n", commands[i].name, commands[i].summary);
  g_string_append (text,
                   "\n"
                   "Options:\n"
                   "  -h, --help    Show this help and exit\n"
                   "  --version     Show the version and exit\n"
                   "\n"
                   "Run '" PROGRAM " COMMAND --help' for the options of a command.\n");

  return g_string_free (text, FALSE);
}

/**
 * hw_server_cli_run:
 * @argv: the program's arguments, argv[0] being the program
 *
 * Runs the command the arguments name.
 *
 * Returns: the exit status, see #HwServerExit
 */
int
hw_server_cli_run (int    argc,
                   char **argv)
{
  g_autofree char *usage = usage_text ();
  const char *word;

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return HW_SERVER_EXIT_USAGE;
    }

  word = argv[1];

  if (g_str_equal (word, "--help") || g_str_equal (word, "-h") || g_str_equal (word, "help"))
    {
      g_print ("%s", usage);
      return HW_SERVER_EXIT_OK;
    }

  if (g_str_equal (word, "--version"))
    {
      g_print ("%s %s\n", PROGRAM, PACKAGE_VERSION);
      return HW_SERVER_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (word, commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  if (word[0] == '-')
    g_printerr ("%s: unknown option '%s'\n", PROGRAM, word);
  else
    g_printerr ("%s: unknown command '%s'\n", PROGRAM, word);
  g_printerr ("Run '%s --help' to see the commands.\n", PROGRAM);

  return HW_SERVER_EXIT_USAGE;
}

/* seed */

typedef struct
{
  HwStore       *store;
  HwDemoOptions  options;
  GCancellable  *cancellable;
  GMainLoop     *loop;
  gboolean       show_progress;
  gboolean       ok;
  GError        *error;
} SeedRun;

static void
seed_progress (const char *stage,
               guint64     done,
               guint64     total,
               gpointer    user_data)
{
  SeedRun *run = user_data;
  guint percent = total > 0 ? (guint) (done * 100 / total) : 100;

  /* Runs in the worker thread: stdio locks the stream, and only this thread writes. */
  if (run->show_progress)
    {
      fprintf (stderr, "\r\033[KSeeding %-13s %3u%%  (%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT ")",
               stage, percent, done, total);
      fflush (stderr);
    }
}

static gboolean
seed_finished (gpointer user_data)
{
  SeedRun *run = user_data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
seed_thread (gpointer user_data)
{
  SeedRun *run = user_data;

  run->ok = hw_demo_generate (run->store, &run->options, seed_progress, run, run->cancellable,
                              &run->error);
  g_idle_add (seed_finished, run);

  return NULL;
}

static gboolean
seed_interrupted (gpointer user_data)
{
  SeedRun *run = user_data;

  /* The generator stops at the next batch and rolls its stage back. */
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_count (const char *option,
             gint64      value,
             gint64      lowest,
             gint64      highest)
{
  if (value < lowest || value > highest)
    {
      g_printerr ("%s seed: %s must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                  ", not %" G_GINT64_FORMAT "\n", PROGRAM, option, lowest, highest, value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_now (const char *text,
           gint64     *out_usec)
{
  g_autofree char *midnight = g_strconcat (text, "T00:00:00Z", NULL);
  g_autofree char *utc = g_strconcat (text, "Z", NULL);

  /* A full time with its zone, a date (midnight UTC), or a time without zone (UTC). */
  return hw_time_parse (text, out_usec) || hw_time_parse (midnight, out_usec) ||
         hw_time_parse (utc, out_usec);
}

/* Refuses databases that hold data: seeding mixes demo data into whatever is there, and
 * would fail halfway on the first duplicate. */
static gboolean
check_empty (HwStore     *store,
             const char  *display_name,
             GError     **error)
{
  static const HwEntityType * const types[] = {
    &hw_category_type, &hw_attribute_type, &hw_product_type, &hw_catalogue_type,
    &hw_price_list_type, &hw_account_type, &hw_user_type, &hw_order_type,
    &hw_integration_type,
  };
  g_autoptr(GString) found = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gint64 count = 0;

      if (!hw_store_count (store, types[i], NULL, &count, error))
        return FALSE;
      if (count > 0)
        {
          g_autofree char *label = g_strdup (count == 1 ? types[i]->name : types[i]->plural);

          g_strdelimit (label, "-_", ' ');
          g_string_append_printf (found, "%s%" G_GINT64_FORMAT " %s", found->len ? ", " : "",
                                  count, label);
        }
    }

  if (found->len > 0)
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE,
                   "%s already holds data (%s). Seed only into a new or empty database; "
                   "nothing was changed", display_name, found->str);
      return FALSE;
    }

  return TRUE;
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

/**
 * _hw_server_cli_parse:
 * @command: the command as typed, e.g. "user add"
 *
 * Parses the options of one command and refuses arguments it does not take, saying so
 * on stderr.
 *
 * Returns: %FALSE on a usage error: the command exits with %HW_SERVER_EXIT_USAGE
 */
gboolean
_hw_server_cli_parse (const char          *command,
                      const char          *summary,
                      const GOptionEntry  *entries,
                      int                 *argc,
                      char              ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strconcat (PROGRAM, " ", command, NULL);

  g_set_prgname (prgname);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s %s: %s\n", PROGRAM, command, error->message);
      g_printerr ("Run '%s %s --help' to see the options.\n", PROGRAM, command);
      return FALSE;
    }

  if (*argc > 1)
    {
      g_printerr ("%s %s: unexpected argument '%s'\n", PROGRAM, command, (*argv)[1]);
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_server_cli_seed:
 * @argv: the command's arguments, argv[0] being "seed"
 *
 * `seed --db FILE [--products N] [--accounts N] [--users N] [--orders N] [--seed S]
 * [--now TIME]`: fills a new (or empty) database with demo data.
 *
 * Returns: the exit status, see #HwServerExit
 */
int
hw_server_cli_seed (int    argc,
                    char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *db = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *time_text = NULL;
  HwDemoOptions defaults;
  gint64 products;
  gint64 accounts;
  gint64 users;
  gint64 orders;
  gint64 seed;
  gint64 now;
  gboolean existed;
  gint64 started;
  guint sigint_id;
  guint sigterm_id;
  GThread *thread;
  SeedRun run = { NULL, };

  hw_demo_options_init (&defaults);
  products = defaults.products;
  accounts = defaults.accounts;
  users = defaults.users;
  orders = defaults.orders;
  seed = defaults.seed;
  now = defaults.now;

  {
    const GOptionEntry entries[] = {
      { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
        "The database to create and fill (required)", "FILE" },
      { "products", 0, 0, G_OPTION_ARG_INT64, &products,
        "Number of products (default 20000)", "N" },
      { "accounts", 0, 0, G_OPTION_ARG_INT64, &accounts,
        "Number of customer accounts (default 300)", "N" },
      { "users", 0, 0, G_OPTION_ARG_INT64, &users,
        "Number of customer users, at least one per account (default 1500)", "N" },
      { "orders", 0, 0, G_OPTION_ARG_INT64, &orders,
        "Number of orders over the 12 months before --now (default 50000)", "N" },
      { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
        "Random seed: the same seed gives the same data (default 1)", "S" },
      { "now", 0, 0, G_OPTION_ARG_STRING, &now_text,
        "Reference moment, ISO 8601 such as 2025-06-01 or 2025-06-01T08:00:00Z "
        "(default: today 00:00 UTC)", "TIME" },
      { NULL }
    };
    const char *summary =
      "Fills a new database with demo data for a technical "
      "wholesaler: categories, products, prices, customers, rules\n"
      "and a year of orders. The same options give the same data.";

    if (!_hw_server_cli_parse ("seed", summary, entries, &argc, &argv))
      return HW_SERVER_EXIT_USAGE;
  }

  if (db == NULL || db[0] == '\0')
    {
      g_printerr ("%s seed: --db FILE is required: the database to create and fill\n", PROGRAM);
      return HW_SERVER_EXIT_USAGE;
    }

  if (!check_count ("--products", products, 1, HW_SERVER_SEED_MAX_PRODUCTS) ||
      !check_count ("--accounts", accounts, 1, HW_SERVER_SEED_MAX_ACCOUNTS) ||
      !check_count ("--users", users, 1, HW_SERVER_SEED_MAX_USERS) ||
      !check_count ("--orders", orders, 0, HW_SERVER_SEED_MAX_ORDERS) ||
      !check_count ("--seed", seed, 0, G_MAXUINT32))
    return HW_SERVER_EXIT_USAGE;

  if (users < accounts)
    {
      g_printerr ("%s seed: --users (%" G_GINT64_FORMAT ") must be at least --accounts (%"
                  G_GINT64_FORMAT "): every account gets an account admin\n",
                  PROGRAM, users, accounts);
      return HW_SERVER_EXIT_USAGE;
    }

  if (now_text != NULL && !parse_now (now_text, &now))
    {
      g_printerr ("%s seed: --now '%s' is not an ISO 8601 time such as 2025-06-01 or "
                  "2025-06-01T08:00:00Z\n", PROGRAM, now_text);
      return HW_SERVER_EXIT_USAGE;
    }

  display_name = g_filename_display_name (db);

  if (g_file_test (db, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s seed: %s is a directory, not a database file\n", PROGRAM, display_name);
      return HW_SERVER_EXIT_USAGE;
    }

  existed = g_file_test (db, G_FILE_TEST_EXISTS);
  store = hw_store_open (db, HW_STORE_OPEN_BULK, &error);
  if (store == NULL)
    {
      g_printerr ("%s seed: %s\n", PROGRAM, error->message);
      if (!existed)
        remove_database (db);
      return HW_SERVER_EXIT_FAILURE;
    }

  if (!check_empty (store, display_name, &error))
    {
      g_printerr ("%s seed: %s\n", PROGRAM, error->message);
      return HW_SERVER_EXIT_FAILURE;
    }

  run.store = store;
  run.options = defaults;
  run.options.products = products;
  run.options.accounts = accounts;
  run.options.users = users;
  run.options.orders = orders;
  run.options.seed = seed;
  run.options.now = now;
  run.show_progress = isatty (STDERR_FILENO);
  run.cancellable = cancellable = g_cancellable_new ();
  run.loop = loop = g_main_loop_new (NULL, FALSE);

  /* Generation runs in a thread so that Ctrl+C can cancel it cleanly; the store is used
   * by that thread alone until it is joined. */
  sigint_id = g_unix_signal_add (SIGINT, seed_interrupted, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, seed_interrupted, &run);
  started = g_get_monotonic_time ();
  thread = g_thread_new ("hw-seed", seed_thread, &run);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (run.show_progress)
    fprintf (stderr, "\r\033[K");

  if (!run.ok)
    {
      g_autoptr(GError) run_error = g_steal_pointer (&run.error);
      gboolean cancelled = g_error_matches (run_error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED);

      g_printerr ("%s seed: %s\n", PROGRAM,
                  cancelled ? "interrupted" : run_error->message);

      /* A database we made for this run goes again; one that was there stays, with the
       * stages finished before the failure. */
      g_clear_object (&store);
      if (!existed)
        {
          remove_database (db);
          g_printerr ("%s was removed.\n", display_name);
        }
      else
        g_printerr ("%s keeps the stages finished before that.\n", display_name);

      return HW_SERVER_EXIT_FAILURE;
    }

  time_text = g_strdup_printf ("%.1f",
                               (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  g_print ("Seeded %" G_GINT64_FORMAT " products, %" G_GINT64_FORMAT " accounts, %"
           G_GINT64_FORMAT " users, %" G_GINT64_FORMAT " orders into %s in %s s\n",
           products, accounts, users, orders, display_name, time_text);

  return HW_SERVER_EXIT_OK;
}
