/* hw-server-cli-serve.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "hw-server.h"
#include "hw-server-cli.h"
#include "hw-server-log.h"
#include "hw-server-maintenance.h"

/* `heartwork-one-server serve`: the HTTP API over one database until SIGTERM or SIGINT.
 * Settings come from an optional key file ([server] group) and are overridden by the
 * command line. */

#define PROGRAM "heartwork-one-server"
#define DEFAULT_LISTEN "127.0.0.1:8080"

typedef struct
{
  char    *listen;
  char    *db;
  char    *tls_cert;
  char    *tls_key;
  guint64  max_body_bytes;
  guint64  snapshot_max_age;
  gboolean snapshot_at_start;
} ServeSettings;

static void
serve_settings_clear (ServeSettings *settings)
{
  g_clear_pointer (&settings->listen, g_free);
  g_clear_pointer (&settings->db, g_free);
  g_clear_pointer (&settings->tls_cert, g_free);
  g_clear_pointer (&settings->tls_key, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServeSettings, serve_settings_clear)

static const char * const config_keys[] = {
  "listen", "db", "tls-cert", "tls-key", "max-body-bytes", "snapshot-max-age",
  "snapshot-at-start", NULL
};

/* A whole number for @key between @min and @max; @unit names what it counts. */
static gboolean
parse_number (const char  *key,
              const char  *unit,
              const char  *text,
              guint64      min,
              guint64      max,
              guint64     *out_value,
              GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, max, out_value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s must be a number of %s between %" G_GUINT64_FORMAT " and %"
                   G_GUINT64_FORMAT ", not '%s'", key, unit, min, max, text);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_max_body_bytes (const char  *text,
                      guint64     *out_value,
                      GError     **error)
{
  return parse_number ("max-body-bytes", "bytes", text, 1, HW_SERVER_MAX_BODY_BYTES_LIMIT,
                       out_value, error);
}

static gboolean
parse_snapshot_max_age (const char  *text,
                        guint64     *out_value,
                        GError     **error)
{
  return parse_number ("snapshot-max-age", "seconds", text, 0,
                       HW_SERVER_MAX_SNAPSHOT_MAX_AGE_SECONDS, out_value, error);
}

/* Paths in the key file are relative to the key file's directory. */
static char *
config_path (GKeyFile   *file,
             const char *key,
             const char *config_dir)
{
  g_autofree char *value = g_key_file_get_string (file, "server", key, NULL);

  if (value == NULL || value[0] == '\0' || g_path_is_absolute (value))
    return g_steal_pointer (&value);

  return g_build_filename (config_dir, value, NULL);
}

static gboolean
load_config (const char     *path,
             ServeSettings  *settings,
             GError        **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *display_name = g_filename_display_name (path);
  g_autofree char *dir = NULL;
  g_autofree char *max_body = NULL;
  g_autofree char *snapshot_max_age = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "cannot read the configuration %s: %s", display_name, local_error->message);
      return FALSE;
    }

  /* Other groups belong to other parts (or later versions); a typo among the server's own
   * keys would otherwise go unnoticed. */
  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (!g_str_equal (groups[i], "server"))
      hw_server_log (G_LOG_LEVEL_WARNING, "configuration group ignored",
                     "file", display_name,
                     "group", groups[i],
                     NULL);

  if (!g_key_file_has_group (file, "server"))
    return TRUE;

  keys = g_key_file_get_keys (file, "server", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (!g_strv_contains (config_keys, keys[i]))
      {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                     "%s: unknown key '%s' in [server]; the keys are listen, db, tls-cert, "
                     "tls-key, max-body-bytes, snapshot-max-age and snapshot-at-start",
                     display_name, keys[i]);
        return FALSE;
      }

  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    dir = g_path_get_dirname (absolute);
  }

  settings->listen = g_key_file_get_string (file, "server", "listen", NULL);
  settings->db = config_path (file, "db", dir);
  settings->tls_cert = config_path (file, "tls-cert", dir);
  settings->tls_key = config_path (file, "tls-key", dir);

  max_body = g_key_file_get_string (file, "server", "max-body-bytes", NULL);
  snapshot_max_age = g_key_file_get_string (file, "server", "snapshot-max-age", NULL);
  if ((max_body != NULL &&
       !parse_max_body_bytes (max_body, &settings->max_body_bytes, &local_error)) ||
      (snapshot_max_age != NULL &&
       !parse_snapshot_max_age (snapshot_max_age, &settings->snapshot_max_age, &local_error)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s: %s", display_name, local_error->message);
      return FALSE;
    }

  if (g_key_file_has_key (file, "server", "snapshot-at-start", NULL))
    {
      settings->snapshot_at_start = g_key_file_get_boolean (file, "server", "snapshot-at-start",
                                                            &local_error);
      if (local_error != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       "%s: snapshot-at-start must be true or false", display_name);
          return FALSE;
        }
    }

  return TRUE;
}

static void
override (char       **setting,
          const char  *value)
{
  if (value != NULL)
    {
      g_free (*setting);
      *setting = g_strdup (value);
    }
}

/* Running */

typedef struct
{
  HwServer  *server;
  GMainLoop *loop;
  guint      signals_seen;
  gboolean   forced;
} ServeRun;

static void
on_stopped (HwServer *server,
            ServeRun *run)
{
  g_main_loop_quit (run->loop);
}

static void
on_signal (ServeRun   *run,
           const char *name)
{
  char in_flight[16];

  g_snprintf (in_flight, sizeof in_flight, "%u", hw_server_get_in_flight (run->server));
  run->signals_seen++;

  if (run->signals_seen == 1)
    {
      /* Logged once new connections are refused, so that the line means it. */
      hw_server_shutdown (run->server, HW_SERVER_SHUTDOWN_GRACE_SECONDS);
      hw_server_log (G_LOG_LEVEL_INFO, "shutting down",
                     "signal", name,
                     "in_flight", in_flight,
                     NULL);
      return;
    }

  /* A second signal: whoever sent it does not want to wait. */
  hw_server_log (G_LOG_LEVEL_WARNING, "forced shutdown",
                 "signal", name,
                 "in_flight", in_flight,
                 NULL);
  run->forced = TRUE;
  hw_server_stop (run->server);
  g_main_loop_quit (run->loop);
}

static gboolean
on_sigterm (gpointer user_data)
{
  on_signal (user_data, "SIGTERM");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigint (gpointer user_data)
{
  on_signal (user_data, "SIGINT");
  return G_SOURCE_CONTINUE;
}

static GTlsCertificate *
load_certificate (const char  *cert,
                  const char  *key,
                  GError     **error)
{
  g_autofree char *cert_name = g_filename_display_name (cert);
  g_autofree char *key_name = g_filename_display_name (key);
  g_autoptr(GError) local_error = NULL;
  GTlsCertificate *certificate;

  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           "TLS is not available: install glib-networking");
      return NULL;
    }

  certificate = g_tls_certificate_new_from_files (cert, key, &local_error);
  if (certificate == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "cannot load the TLS certificate %s with key %s: %s",
                   cert_name, key_name, local_error->message);
      return NULL;
    }

  return certificate;
}

/**
 * hw_server_cli_serve:
 * @argv: the command's arguments, argv[0] being "serve"
 *
 * `serve --db FILE [--listen ADDRESS] [--config FILE] [--tls-cert PEM --tls-key PEM]
 * [--max-body-bytes N] [--snapshot-max-age SECONDS] [--no-snapshot-at-start]`: serves the
 * HTTP API until SIGTERM or SIGINT. The first line on
 * stdout is "Listening on URL"; the log goes to stderr.
 *
 * Returns: the exit status, see #HwServerExit
 */
int
hw_server_cli_serve (int    argc,
                     char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(ServeSettings) settings = { NULL, };
  g_autofree char *db = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *config = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *max_body = NULL;
  g_autofree char *snapshot_max_age = NULL;
  g_autofree char *display_name = NULL;
  gboolean no_snapshot_at_start = FALSE;
  char schema[16];
  char revision[32];
  char max_body_text[32];
  guint maintenance_id;
  guint sigint_id;
  guint sigterm_id;
  ServeRun run = { NULL, };

  {
    const GOptionEntry entries[] = {
      { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
        "The database to serve; created when missing (required here or in --config)", "FILE" },
      { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
        "Address and port, such as 127.0.0.1:8080, 0.0.0.0:443 or [::1]:8080; port 0 picks "
        "a free port (default " DEFAULT_LISTEN ")", "ADDRESS" },
      { "config", 0, 0, G_OPTION_ARG_FILENAME, &config,
        "Key file with a [server] group: listen, db, tls-cert, tls-key, max-body-bytes, "
        "snapshot-max-age, snapshot-at-start. "
        "Paths in it are relative to its directory; options given here win", "FILE" },
      { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
        "Serve HTTPS with this PEM certificate (chain)", "PEM" },
      { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key,
        "The PEM private key of --tls-cert", "PEM" },
      { "max-body-bytes", 0, 0, G_OPTION_ARG_STRING, &max_body,
        "Largest request body accepted, in bytes (default 8388608 = 8 MiB)", "N" },
      { "snapshot-max-age", 0, 0, G_OPTION_ARG_STRING, &snapshot_max_age,
        "How long the snapshot for desktops' first syncs is served before the next one is "
        "built beside it, in seconds (default 300)", "SECONDS" },
      { "no-snapshot-at-start", 0, 0, G_OPTION_ARG_NONE, &no_snapshot_at_start,
        "Build that snapshot only when a desktop first asks for one, not as soon as the "
        "server listens and again when the database has gone quiet after many changes",
        NULL },
      { NULL }
    };
    const char *summary =
      "Serves the HTTP API of Heart.work ONE over a database until "
      "SIGTERM or SIGINT.\n"
      "The first line on stdout is \"Listening on URL\"; the log "
      "(logfmt) goes to stderr.";

    if (!_hw_server_cli_parse ("serve", summary, entries, &argc, &argv))
      return HW_SERVER_EXIT_USAGE;
  }

  g_log_set_writer_func (hw_server_log_writer, NULL, NULL);

  settings.max_body_bytes = HW_SERVER_DEFAULT_MAX_BODY_BYTES;
  settings.snapshot_max_age = HW_SERVER_DEFAULT_SNAPSHOT_MAX_AGE_SECONDS;
  settings.snapshot_at_start = TRUE;
  if (config != NULL && !load_config (config, &settings, &error))
    {
      g_printerr ("%s serve: %s\n", PROGRAM, error->message);
      return HW_SERVER_EXIT_USAGE;
    }

  override (&settings.listen, listen);
  override (&settings.db, db);
  override (&settings.tls_cert, tls_cert);
  override (&settings.tls_key, tls_key);
  if (no_snapshot_at_start)
    settings.snapshot_at_start = FALSE;
  if (settings.listen == NULL || settings.listen[0] == '\0')
    override (&settings.listen, DEFAULT_LISTEN);

  if ((max_body != NULL && !parse_max_body_bytes (max_body, &settings.max_body_bytes, &error)) ||
      (snapshot_max_age != NULL &&
       !parse_snapshot_max_age (snapshot_max_age, &settings.snapshot_max_age, &error)))
    {
      g_printerr ("%s serve: --%s\n", PROGRAM, error->message);
      return HW_SERVER_EXIT_USAGE;
    }

  if (settings.db == NULL || settings.db[0] == '\0')
    {
      g_printerr ("%s serve: --db FILE is required (or db in the [server] group of --config): "
                  "the database to serve\n", PROGRAM);
      return HW_SERVER_EXIT_USAGE;
    }

  address = hw_server_parse_listen_address (settings.listen, &error);
  if (address == NULL)
    {
      g_printerr ("%s serve: --listen: %s\n", PROGRAM, error->message);
      return HW_SERVER_EXIT_USAGE;
    }

  if ((settings.tls_cert != NULL) != (settings.tls_key != NULL))
    {
      g_printerr ("%s serve: --tls-cert and --tls-key go together: give both for HTTPS, or "
                  "neither for HTTP\n", PROGRAM);
      return HW_SERVER_EXIT_USAGE;
    }

  display_name = g_filename_display_name (settings.db);
  if (g_file_test (settings.db, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("%s serve: %s is a directory, not a database file\n", PROGRAM, display_name);
      return HW_SERVER_EXIT_USAGE;
    }

  if (settings.tls_cert != NULL)
    {
      certificate = load_certificate (settings.tls_cert, settings.tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("%s serve: %s\n", PROGRAM, error->message);
          return HW_SERVER_EXIT_FAILURE;
        }
    }

  store = hw_store_open (settings.db, HW_STORE_OPEN_MAPPED, &error);
  if (store == NULL)
    {
      g_printerr ("%s serve: %s: %s\n", PROGRAM, display_name, error->message);
      return HW_SERVER_EXIT_FAILURE;
    }

  /* A client that goes away mid-response must not end the server. */
  signal (SIGPIPE, SIG_IGN);

  server = hw_server_new (store);
  hw_server_set_max_body_bytes (server, settings.max_body_bytes);
  hw_server_set_snapshot_max_age (server, (guint) settings.snapshot_max_age);
  hw_server_set_tls_certificate (server, certificate);

  if (!hw_server_listen (server, address, &error))
    {
      g_printerr ("%s serve: cannot listen on %s: %s\n", PROGRAM, settings.listen,
                  error->message);
      return HW_SERVER_EXIT_FAILURE;
    }

  /* Before the line below: whoever reads it may send SIGTERM at once, which must stop
   * the server cleanly rather than kill it. */
  loop = g_main_loop_new (NULL, FALSE);
  run.server = server;
  run.loop = loop;
  g_signal_connect (server, "stopped", G_CALLBACK (on_stopped), &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &run);
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &run);

  /* The first line on stdout: scripts and tests read the port from it. */
  fprintf (stdout, "Listening on %s\n", hw_server_get_url (server));
  fflush (stdout);

  g_snprintf (schema, sizeof schema, "%d", hw_store_get_schema_version (store));
  g_snprintf (revision, sizeof revision, "%" G_GINT64_FORMAT, hw_store_get_revision (store));
  g_snprintf (max_body_text, sizeof max_body_text, "%" G_GUINT64_FORMAT,
              settings.max_body_bytes);
  hw_server_log (G_LOG_LEVEL_INFO, "listening",
                 "url", hw_server_get_url (server),
                 "db", display_name,
                 "schema", schema,
                 "revision", revision,
                 "version", PACKAGE_VERSION,
                 "max_body_bytes", max_body_text,
                 NULL);

  maintenance_id = hw_server_maintenance_schedule (store);
  if (settings.snapshot_at_start)
    hw_server_prepare_snapshots (server);

  g_main_loop_run (loop);

  g_source_remove (maintenance_id);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);

  /* Closing the store last: nothing uses it any more. */
  g_clear_object (&server);
  g_clear_object (&store);

  hw_server_log (run.forced ? G_LOG_LEVEL_WARNING : G_LOG_LEVEL_INFO, "stopped",
                 "forced", run.forced ? "true" : "false",
                 NULL);
  hw_server_log_flush ();

  return run.forced ? HW_SERVER_EXIT_FAILURE : HW_SERVER_EXIT_OK;
}
