/* hw-server-snapshot.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "hw-replica.h"
#include "hw-server-auth.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"
#include "hw-server-snapshot-private.h"

/* GET /api/v1/sync/snapshot: the first page of a desktop's initial sync as one SQLite
 * file, a replica at revision R (hw_store_write_snapshot()), with R in the header
 * Hw-Snapshot-Revision and in the file as its sync cursor. The desktop then pages the
 * changes feed from R. Parsing the feed's JSON and inserting row by row through every
 * index cannot load a million products in seconds; building indexes once over copied
 * rows can.
 *
 * A build takes seconds on a large database: it runs on a thread of its own with its
 * own read-only connection, and requests that come meanwhile wait (paused) for the same
 * build. The last file is kept in `<database>.snapshots/` and served again as long as
 * a client starting from it can page the feed on (its revision is not older than the
 * tombstone horizon) and it is close to the current revision: a client catches up on
 * what happened since with the feed, and a new build costs the server more than that.
 * Once it has aged, a new one is built beside it for the next client. `serve` builds one as soon as it listens and again once the database
 * has gone quiet after many changes (hw_server_prepare_snapshots()): a desktop that
 * signs in waits for a build only in the seconds after a start or during a burst of
 * changes. Files are sent from a mapping, never read into memory; one that is replaced
 * goes from the directory at once, responses still sending it keep their mapping. The
 * directory is emptied when the server starts and when it goes. */

/* A kept snapshot, young or aged (past HW_SERVER_DEFAULT_SNAPSHOT_MAX_AGE_SECONDS unless
 * configured), is served at once while it is at most this many changes behind: a few
 * seconds of delta pages for the client, where waiting for a build of a million products
 * takes six or seven. Further behind, the client waits for a build. */
#define SNAPSHOT_STALE_MAX_CHANGES 20000

/* How often a server that keeps its snapshot ready looks whether it fell too far behind
 * to be served at once. It builds the next one only when the revision did not move since
 * the last look: during an import every build would be old at once, and would slow the
 * import down. */
#define SNAPSHOT_CHECK_SECONDS 60

#define SNAPSHOT_PREFIX "snapshot-"

typedef struct
{
  HwServer     *server;       /* NULL once the server is gone; not a reference */
  char         *source;       /* the database, for the builds' own connections */
  char         *dir;          /* NULL for a database in memory: no snapshots */
  char         *path;         /* the current snapshot, NULL if none */
  gint64        revision;
  gint64        built_at;     /* monotonic µs */
  gint64        max_age;      /* µs */
  guint         serial;
  gboolean      building;
  GPtrArray    *waiting;      /* SoupServerMessage, paused until the build is done */
  GCancellable *cancellable;
  guint         check_id;     /* kept ready: the periodic look */
  gint64        checked_revision;
} Snapshots;

typedef struct
{
  char   *source;
  char   *tmp;
  char   *path;
  gint64  revision;
  gint64  started;
} Build;

static void
build_free (gpointer data)
{
  Build *build = data;

  g_free (build->source);
  g_free (build->tmp);
  g_free (build->path);
  g_free (build);
}

/* Removes the files of earlier builds (and of a server that crashed). */
static void
empty_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, SNAPSHOT_PREFIX))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
}

static void
snapshots_clear (gpointer data)
{
  Snapshots *self = data;

  if (self->dir != NULL)
    {
      empty_dir (self->dir);
      g_rmdir (self->dir);
    }
  g_free (self->source);
  g_free (self->dir);
  g_free (self->path);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
}

static void
snapshots_release (Snapshots *self)
{
  g_rc_box_release_full (self, snapshots_clear);
}

/* The server is going: a build still running finds no server when it ends, removes its
 * file and drops the last reference. */
static void
server_gone (gpointer data)
{
  Snapshots *self = data;

  self->server = NULL;
  g_clear_handle_id (&self->check_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_ptr_array_set_size (self->waiting, 0);
  snapshots_release (self);
}

static void
respond_file (SoupServerMessage *msg,
              const char        *path,
              gint64             revision)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *revision_text = NULL;
  SoupMessageHeaders *headers;

  if (!(mapped = g_mapped_file_new (path, FALSE, &error)))
    {
      g_warning ("The snapshot “%s” could not be read: %s", path, error->message);
      hw_server_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE,
                         "The snapshot could not be read; try again in a moment.");
      return;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  revision_text = g_strdup_printf ("%" G_GINT64_FORMAT, revision);
  headers = soup_server_message_get_response_headers (msg);
  soup_message_headers_set_content_type (headers, "application/vnd.sqlite3", NULL);
  soup_message_headers_set_content_length (headers, g_bytes_get_size (bytes));
  soup_message_headers_replace (headers, "Hw-Snapshot-Revision", revision_text);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
  soup_message_body_complete (soup_server_message_get_response_body (msg));
}

/* Whether a client may start from the kept snapshot: it can page the feed on from it. */
static gboolean
is_usable (Snapshots *self)
{
  HwStore *store = hw_server_get_store (self->server);

  return self->path != NULL && self->revision >= hw_store_get_tombstone_horizon (store);
}

static gboolean
is_young (Snapshots *self)
{
  return g_get_monotonic_time () - self->built_at < self->max_age;
}

static gboolean
is_close (Snapshots *self)
{
  HwStore *store = hw_server_get_store (self->server);

  return hw_store_get_revision (store) - self->revision <= SNAPSHOT_STALE_MAX_CHANGES;
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Build *build = task_data;
  g_autofree char *dir = g_path_get_dirname (build->tmp);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "“%s” could not be created: %s", dir, g_strerror (errsv));
      return;
    }

  if (!hw_store_write_snapshot (build->source, build->tmp, &build->revision, cancellable,
                                &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Under its final name only when whole. */
  build->path = g_strdup_printf ("%.*s%" G_GINT64_FORMAT ".sqlite",
                                 (int) (strlen (build->tmp) - strlen (".tmp")), build->tmp,
                                 build->revision);
  if (g_rename (build->tmp, build->path) != 0)
    {
      int errsv = errno;

      g_unlink (build->tmp);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "The snapshot could not be renamed: %s", g_strerror (errsv));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
build_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Snapshots *self = user_data;
  Build *build = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->building = FALSE;

  if (self->server == NULL)
    {
      if (ok)
        g_unlink (build->path);
      snapshots_release (self);
      return;
    }

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  if (ok)
    {
      g_autofree char *revision = g_strdup_printf ("%" G_GINT64_FORMAT, build->revision);
      g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             (g_get_monotonic_time () - build->started) / 1000);

      hw_server_log (G_LOG_LEVEL_INFO, "snapshot built",
                     "revision", revision,
                     "duration_ms", ms,
                     NULL);
      if (self->path != NULL)
        g_unlink (self->path);
      g_free (self->path);
      self->path = g_strdup (build->path);
      self->revision = build->revision;
      self->built_at = g_get_monotonic_time ();
    }
  else
    g_warning ("The snapshot could not be built: %s", error->message);

  for (guint i = 0; i < waiting->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (waiting, i);

      if (ok)
        respond_file (msg, self->path, self->revision);
      else
        hw_server_problem_from_error (msg, error);
      soup_server_message_unpause (msg);
    }

  snapshots_release (self);
}

static void
start_build (Snapshots *self)
{
  g_autoptr(GTask) task = NULL;
  Build *build;

  if (self->building)
    return;

  self->building = TRUE;
  build = g_new0 (Build, 1);
  build->source = g_strdup (self->source);
  build->tmp = g_strdup_printf ("%s/" SNAPSHOT_PREFIX "%u-.tmp", self->dir, ++self->serial);
  build->started = g_get_monotonic_time ();

  task = g_task_new (NULL, self->cancellable, build_done_cb, g_rc_box_acquire (self));
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, build, build_free);
  g_task_run_in_thread (task, build_thread);
}

static void
handle_snapshot (SoupServerMessage *msg,
                 GHashTable        *params,
                 gpointer           user_data)
{
  Snapshots *self = user_data;
  g_autoptr(HwServerPrincipal) principal = NULL;

  /* Staff of any role: a viewer reads the whole feed anyway. */
  if (!hw_server_authenticate_staff (self->server, msg, &principal, NULL))
    return;

  if (self->dir == NULL)
    {
      hw_server_problem (msg, SOUP_STATUS_NOT_FOUND,
                         "This server makes no snapshots; page the changes feed instead.");
      return;
    }

  /* Even a young one is built anew when far behind: the client would page all that
   * from the feed, row by row, for much longer than a build takes. */
  if (is_usable (self) && is_close (self))
    {
      respond_file (msg, self->path, self->revision);
      if (!is_young (self))
        start_build (self);
      return;
    }

  g_ptr_array_add (self->waiting, g_object_ref (msg));
  soup_server_message_pause (msg);
  start_build (self);
}

static gboolean
check_cb (gpointer user_data)
{
  Snapshots *self = user_data;
  gint64 revision = hw_store_get_revision (hw_server_get_store (self->server));
  gboolean quiet = revision == self->checked_revision;

  self->checked_revision = revision;
  if (quiet && !self->building && !(is_usable (self) && is_close (self)))
    start_build (self);

  return G_SOURCE_CONTINUE;
}

/**
 * _hw_server_snapshot_add_routes:
 *
 * Adds `GET /sync/snapshot` to @router; the snapshots live as long as @server.
 */
void
_hw_server_snapshot_add_routes (HwServer       *server,
                                HwServerRouter *router)
{
  const char *path = hw_store_get_path (hw_server_get_store (server));
  Snapshots *self = g_rc_box_new0 (Snapshots);

  self->server = server;
  self->max_age = (gint64) HW_SERVER_DEFAULT_SNAPSHOT_MAX_AGE_SECONDS * G_USEC_PER_SEC;
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();

  /* A database in memory cannot be read by another connection. */
  if (path != NULL && path[0] != '\0' && !g_str_equal (path, ":memory:"))
    {
      self->source = g_strdup (path);
      self->dir = g_strconcat (path, ".snapshots", NULL);
      /* Made by the first build. */
      empty_dir (self->dir);
      g_rmdir (self->dir);
    }

  g_object_set_data_full (G_OBJECT (server), "hw-server-snapshots", self, server_gone);
  hw_server_router_add (router, SOUP_METHOD_GET, "/sync/snapshot", handle_snapshot, self);
}

/**
 * hw_server_set_snapshot_max_age:
 * @seconds: how long a kept snapshot is served before a new one is built beside it
 *
 * Past that age a snapshot close enough to the current revision is still served at
 * once, and the next client gets the new one; 0 builds a new one after every request.
 */
void
hw_server_set_snapshot_max_age (HwServer *self,
                                guint     seconds)
{
  Snapshots *snapshots;

  g_return_if_fail (HW_IS_SERVER (self));

  snapshots = g_object_get_data (G_OBJECT (self), "hw-server-snapshots");
  g_return_if_fail (snapshots != NULL);

  snapshots->max_age = (gint64) seconds * G_USEC_PER_SEC;
}

/**
 * hw_server_prepare_snapshots:
 *
 * Builds the snapshot for desktops' first syncs now, in the background, and builds the
 * next one whenever the database has gone quiet after the last one fell too far behind
 * to be served at once. Without this a snapshot is built when a desktop first asks for
 * one, and that desktop waits for it (six or seven seconds for a million products).
 */
void
hw_server_prepare_snapshots (HwServer *self)
{
  Snapshots *snapshots;

  g_return_if_fail (HW_IS_SERVER (self));

  snapshots = g_object_get_data (G_OBJECT (self), "hw-server-snapshots");
  g_return_if_fail (snapshots != NULL);

  if (snapshots->dir == NULL || snapshots->check_id != 0)
    return;

  snapshots->checked_revision = hw_store_get_revision (hw_server_get_store (self));
  start_build (snapshots);
  snapshots->check_id = g_timeout_add_seconds (SNAPSHOT_CHECK_SECONDS, check_cb, snapshots);
}
