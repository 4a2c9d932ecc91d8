/* hw-server-cli-user.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <glib/gstdio.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-cli.h"
#include "hw-server-password.h"
#include "hw-store.h"

/* `heartwork-one-server user add`: staff users are made on the server's machine, by
 * whoever may open its database; the first owner cannot be made any other way. The
 * password comes from stdin, never from the command line, where every user of the
 * machine could read it in the process list. */

#define PROGRAM "heartwork-one-server"

static const char user_usage[] =
  "Usage:\n"
  "  " PROGRAM " user add --db FILE --email EMAIL --name NAME --role ROLE\n"
  "\n"
  "Manages the staff users who log in to the server and the desktop app.\n"
  "\n"
  "Commands:\n"
  "  add       Add a staff user; the password is read from stdin (one line,\n"
  "            at least 10 characters)\n"
  "\n"
  "Roles: owner, admin, editor, viewer.\n";

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

/* Reads one line of stdin, without its line end; on a terminal it asks for it and does
 * not echo it. Returns NULL at end of input before any character. The caller wipes and
 * frees the result. */
static char *
read_password (const char *email)
{
  struct termios saved;
  gboolean restore = FALSE;
  char *line = NULL;
  size_t capacity = 0;
  ssize_t length;

  if (isatty (STDIN_FILENO))
    {
      g_printerr ("Password for %s: ", email);
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          struct termios quiet = saved;

          quiet.c_lflag &= ~(tcflag_t) ECHO;
          restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
    }

  length = getline (&line, &capacity, stdin);

  if (restore)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (length < 0)
    {
      free (line);
      return NULL;
    }

  while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
    line[--length] = '\0';

  /* getline() allocates with malloc(); hand back GLib memory, and wipe the original. */
  {
    char *password = g_strndup (line, length);

    sodium_memzero (line, capacity);
    free (line);
    return password;
  }
}

static void
password_free (char *password)
{
  if (password != NULL)
    sodium_memzero (password, strlen (password));
  g_free (password);
}

static int
user_add (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwStaffUser) staff = NULL;
  g_autofree char *db = NULL;
  g_autofree char *email_arg = NULL;
  g_autofree char *email = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *display_name = NULL;
  char *password = NULL;
  gboolean existed;

  {
    const GOptionEntry entries[] = {
      { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
        "The server's database; created when missing (required)", "FILE" },
      { "email", 0, 0, G_OPTION_ARG_STRING, &email_arg,
        "The email the user logs in with (required)", "EMAIL" },
      { "name", 0, 0, G_OPTION_ARG_STRING, &name,
        "The user's name (required)", "NAME" },
      { "role", 0, 0, G_OPTION_ARG_STRING, &role,
        "owner, admin, editor or viewer (required)", "ROLE" },
      { NULL }
    };
    const char *summary =
      "Adds a staff user. The password is read from stdin: one "
      "line of at least 10 characters.";

    if (!_hw_server_cli_parse ("user add", summary, entries, &argc, &argv))
      return HW_SERVER_EXIT_USAGE;
  }

  if (db == NULL || db[0] == '\0' || email_arg == NULL || email_arg[0] == '\0' ||
      name == NULL || g_strstrip (name)[0] == '\0' || role == NULL)
    {
      g_printerr ("%s user add: --db, --email, --name and --role are required\n", PROGRAM);
      return HW_SERVER_EXIT_USAGE;
    }

  /* Logins compare emails in lowercase: one account per address, however it is typed. */
  email = g_ascii_strdown (g_strstrip (email_arg), -1);
  if (!hw_email_is_valid (email))
    {
      g_printerr ("%s user add: --email '%s' is not an email address\n", PROGRAM, email);
      return HW_SERVER_EXIT_USAGE;
    }

  if (!hw_server_role_is_valid (role))
    {
      g_printerr ("%s user add: --role '%s' is not a role; use owner, admin, editor or "
                  "viewer\n", PROGRAM, role);
      return HW_SERVER_EXIT_USAGE;
    }

  display_name = g_filename_display_name (db);
  if (g_file_test (db, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s user add: %s is a directory, not a database file\n", PROGRAM,
                  display_name);
      return HW_SERVER_EXIT_USAGE;
    }

  password = read_password (email);
  if (!hw_server_password_check (password, &error))
    {
      password_free (password);
      g_printerr ("%s user add: %s (it is read from stdin, one line); nothing was changed\n",
                  PROGRAM, error->message);
      return HW_SERVER_EXIT_USAGE;
    }

  hash = hw_server_password_hash (password, &error);
  password_free (password);
  if (hash == NULL)
    {
      g_printerr ("%s user add: %s\n", PROGRAM, error->message);
      return HW_SERVER_EXIT_FAILURE;
    }

  existed = g_file_test (db, G_FILE_TEST_EXISTS);
  store = hw_store_open (db, HW_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_printerr ("%s user add: %s: %s\n", PROGRAM, display_name, error->message);
      if (!existed)
        remove_database (db);
      return HW_SERVER_EXIT_FAILURE;
    }

  staff = hw_staff_user_new ();
  staff->email = g_strdup (email);
  staff->name = g_strdup (name);
  staff->role = g_strdup (role);
  staff->password_hash = g_steal_pointer (&hash);
  staff->active = TRUE;

  if (!hw_store_create_staff_user (store, staff, &error))
    {
      if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE))
        g_printerr ("%s user add: a staff user with the email %s already exists in %s; "
                    "nothing was changed\n", PROGRAM, email, display_name);
      else
        g_printerr ("%s user add: %s\n", PROGRAM, error->message);

      g_clear_object (&store);
      if (!existed)
        remove_database (db);

      return g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID)
             ? HW_SERVER_EXIT_USAGE : HW_SERVER_EXIT_FAILURE;
    }

  g_print ("Added %s %s <%s> to %s\n", role, name, email, display_name);

  return HW_SERVER_EXIT_OK;
}

/**
 * hw_server_cli_user:
 * @argv: the command's arguments, argv[0] being "user"
 *
 * `user add --db FILE --email EMAIL --name NAME --role ROLE`, password on stdin.
 *
 * Returns: the exit status, see #HwServerExit
 */
int
hw_server_cli_user (int    argc,
                    char **argv)
{
  if (argc < 2)
    {
      g_printerr ("%s", user_usage);
      return HW_SERVER_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      g_print ("%s", user_usage);
      return HW_SERVER_EXIT_OK;
    }

  if (g_str_equal (argv[1], "add"))
    return user_add (argc - 1, argv + 1);

  g_printerr ("%s user: unknown command '%s'\n", PROGRAM, argv[1]);
  g_printerr ("Run '%s user --help' to see the commands.\n", PROGRAM);

  return HW_SERVER_EXIT_USAGE;
}
