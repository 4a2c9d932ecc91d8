/* hw-sync-snapshot.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-snapshot"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hw-core-error.h"
#include "hw-replica.h"
#include "hw-sync-engine-private.h"
#include "hw-sync-error.h"

/* The first page of an initial sync as a snapshot: `GET /api/v1/sync/snapshot` answers
 * a whole replica database at revision R (see the server's hw-server-snapshot.c). It
 * is streamed to `<replica>.part` chunk by chunk (never in memory), fsync'ed, checked
 * (length, SQLite header, schema version, cursor R) and then becomes the replica:
 *
 *  - the replica file does not exist: a hard link gives it its name, atomically and
 *    only if nobody created the file meanwhile (then nobody can have it open);
 *  - it exists but is blank (the app opened it before the first sync): its content is
 *    replaced in one transaction through SQLite's backup, so that connections which
 *    have it open stay valid.
 *
 * From there the pull pages the changes feed from R as usual. A server without the
 * endpoint (404), a refusal or a file that does not check out: the feed from 0 instead.
 * A kill leaves at most the .part, which the next pull deletes. */

#define CHUNK_SIZE (1024 * 1024)

typedef struct
{
  HwSyncEngine  *self;
  guint          serial;
  SoupMessage   *msg;
  GInputStream  *input;
  GOutputStream *output;
  GBytes        *chunk;
  char          *part;
  gint64         length;
  gint64         done;
  gint64         revision;
  gboolean       rejected;  /* set by the worker's Install: page the feed instead */
} Download;

/* What the worker does with the downloaded file. */
typedef struct
{
  char     *part;
  char     *replica;
  gint64    length;
  gint64    revision;
  gboolean *rejected;  /* the Download's, which outlives this: the task's data is the
                        * engine's job, not this */
} Install;

static void
download_free (Download *download)
{
  if (download->output != NULL)
    g_output_stream_close (download->output, NULL, NULL);
  g_clear_object (&download->output);
  g_clear_object (&download->input);
  g_clear_object (&download->msg);
  g_clear_pointer (&download->chunk, g_bytes_unref);
  g_clear_object (&download->self);
  g_free (download->part);
  g_free (download);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Download, download_free)

static void
install_free (gpointer data)
{
  Install *install = data;

  g_free (install->part);
  g_free (install->replica);
  g_free (install);
}

char *
_hw_sync_snapshot_part_path (HwSyncEngine *self)
{
  return g_strconcat (self->replica_path, ".part", NULL);
}

static gboolean
is_stale (Download *download)
{
  return !download->self->running || download->serial != download->self->serial;
}

static void
fall_back (HwSyncEngine *self,
           const char   *why)
{
  g_autofree char *part = _hw_sync_snapshot_part_path (self);

  g_unlink (part);
  g_message ("No snapshot (%s): paging the changes feed instead", why);
  _hw_sync_pull_after_snapshot (self, 0);
}

/* Ends the download with @error: cancelled, or a network failure to retry. */
static void
fail (Download     *download,
      const GError *error)
{
  g_autoptr(GError) sync_error = NULL;

  g_unlink (download->part);
  if (_hw_sync_engine_check_cancelled (download->self))
    return;
  if (error->domain != HW_SYNC_ERROR)
    error = sync_error = hw_sync_error_new_for_io (error);
  _hw_sync_engine_fail_io (download->self, error);
}

/* Worker thread: the file is only read here, and the replica is touched through a
 * connection of its own, never the worker's (which may be open on it). */

static gboolean
reject (Install     *install,
        GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
reject (Install     *install,
        GError     **error,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  *install->rejected = TRUE;
  g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROTOCOL, message);
  return FALSE;
}

static gboolean
sync_file (const char  *path,
           gboolean     directory,
           GError     **error)
{
  int fd = g_open (path, directory ? O_RDONLY | O_DIRECTORY : O_RDONLY, 0);
  int errsv;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  errsv = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               /* Translators: %s is a technical detail from the file system */
               _("The local copy could not be written: %s"), g_strerror (errsv));
  return FALSE;
}

static gboolean
install_func (HwStore  *unused,
              gpointer  data,
              GError  **error)
{
  Install *install = data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(HwStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (install->replica);
  gboolean blank = FALSE;
  GStatBuf st;
  gint64 cursor = 0;

  if (g_stat (install->part, &st) != 0 || (gint64) st.st_size != install->length)
    return reject (install, error, "%s", "the download is incomplete");
  if (!hw_store_check_snapshot (install->part, &cursor, &local_error))
    return reject (install, error, "%s", local_error->message);
  if (cursor != install->revision)
    return reject (install, error, "it holds revision %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
                   cursor, install->revision);

  /* Durable before it has the replica's name: a crash must not leave a replica with
   * holes. */
  if (!sync_file (install->part, FALSE, error))
    return FALSE;

  if (link (install->part, install->replica) == 0)
    {
      g_unlink (install->part);
      return sync_file (dir, TRUE, error);
    }
  if (errno != EEXIST)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: %s is a technical detail from the file system */
                   _("The local copy could not be written: %s"), g_strerror (errsv));
      return FALSE;
    }

  /* The file is there, and may be open elsewhere: its content is replaced in place,
   * if there is still nothing in it to lose. */
  g_debug ("The local copy exists already: the snapshot is copied into it");
  if (!(store = hw_store_open (install->replica, HW_STORE_OPEN_REPLICA, error)) ||
      !hw_store_replica_is_blank (store, &blank, error))
    return FALSE;
  if (!blank)
    return reject (install, error, "%s", "the local copy is no longer empty");
  if (!hw_store_replica_load_snapshot (store, install->part, &local_error))
    {
      if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID))
        return reject (install, error, "%s", local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_unlink (install->part);
  return TRUE;
}

/* Main thread */

static void
install_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  HwSyncEngine *self = HW_SYNC_ENGINE (object);
  g_autoptr(Download) download = user_data;
  GError *error = NULL;

  if (!_hw_sync_engine_db_finish (self, result, &error))
    {
      g_autofree char *why = g_strdup (error->message);
      gboolean rejected = download->rejected;

      if (is_stale (download))
        {
          g_clear_error (&error);
          return;
        }
      if (rejected)
        {
          g_clear_error (&error);
          fall_back (self, why);
        }
      else
        {
          g_unlink (download->part);
          _hw_sync_engine_fail_db (self, error);
        }
      return;
    }
  if (is_stale (download))
    return;

  g_debug ("Snapshot at revision %" G_GINT64_FORMAT " installed (%" G_GINT64_FORMAT " bytes)",
           download->revision, download->length);
  if (!_hw_sync_engine_check_cancelled (self))
    _hw_sync_pull_after_snapshot (self, download->revision);
}

static void
downloaded (Download *download)
{
  HwSyncEngine *self = download->self;
  g_autoptr(GError) error = NULL;
  Install *install;

  if (!g_output_stream_close (download->output, NULL, &error))
    {
      fail (download, error);
      download_free (download);
      return;
    }
  g_clear_object (&download->output);

  install = g_new0 (Install, 1);
  install->part = g_strdup (download->part);
  install->replica = g_strdup (self->replica_path);
  install->length = download->length;
  install->revision = download->revision;
  install->rejected = &download->rejected;
  _hw_sync_engine_file_async (self, install_func, install, install_free, install_cb, download);
}

static void read_next (Download *download);

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      if (!is_stale (download))
        fail (download, error);
      download_free (download);
      return;
    }
  if (is_stale (download))
    {
      g_unlink (download->part);
      download_free (download);
      return;
    }

  download->done += g_bytes_get_size (download->chunk);
  g_clear_pointer (&download->chunk, g_bytes_unref);
  _hw_sync_engine_set_download_progress (download->self, download->done, download->length,
                                         download->revision);
  read_next (download);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) error = NULL;
  gsize size;

  download->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (is_stale (download) || download->chunk == NULL)
    {
      if (!is_stale (download))
        fail (download, error);
      else
        g_unlink (download->part);
      download_free (download);
      return;
    }

  size = g_bytes_get_size (download->chunk);
  if (size == 0 && download->done < download->length)
    {
      /* libsoup ends a body cut short without an error: a network failure, retried. */
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           "The snapshot was cut short");
      fail (download, error);
      download_free (download);
      return;
    }
  if (size == 0)
    {
      downloaded (download);
      return;
    }
  if (download->done + (gint64) size > download->length)
    {
      fall_back (download->self, "the server sent more than it announced");
      download_free (download);
      return;
    }

  g_output_stream_write_all_async (download->output,
                                   g_bytes_get_data (download->chunk, NULL), size,
                                   G_PRIORITY_DEFAULT, download->self->run_cancellable,
                                   write_cb, download);
}

static void
read_next (Download *download)
{
  g_input_stream_read_bytes_async (download->input, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   download->self->run_cancellable, read_cb, download);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Download) download = user_data;
  HwSyncEngine *self = download->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  SoupMessageHeaders *headers;
  const char *revision;
  guint status;

  download->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (is_stale (download))
    return;
  if (download->input == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _hw_sync_engine_set_online (self, FALSE);
      fail (download, error);
      return;
    }
  _hw_sync_engine_set_online (self, TRUE);

  status = soup_message_get_status (download->msg);
  headers = soup_message_get_response_headers (download->msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      HwSyncResponse response = { .status = status, .retry_after = -1 };

      _hw_sync_engine_fail_status (self, &response);
      return;
    }
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      /* An older server: the feed is the way. */
      g_debug ("The server has no snapshots: paging the changes feed");
      _hw_sync_pull_after_snapshot (self, 0);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *why = g_strdup_printf ("the server answered %u", status);

      fall_back (self, why);
      return;
    }

  revision = soup_message_headers_get_one (headers, "Hw-Snapshot-Revision");
  download->length = soup_message_headers_get_content_length (headers);
  if (revision != NULL && g_str_equal (revision, "0"))
    {
      /* The server holds nothing yet: the feed says so in one page. */
      _hw_sync_pull_after_snapshot (self, 0);
      return;
    }
  if (revision == NULL ||
      !g_ascii_string_to_signed (revision, 10, 1, G_MAXINT64, &download->revision, NULL) ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      download->length <= 0)
    {
      fall_back (self, "the answer has no revision or no length");
      return;
    }

  file = g_file_new_for_path (download->part);
  download->output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                                      NULL, &error));
  if (download->output == NULL)
    {
      g_autoptr(GError) db_error = NULL;

      g_set_error (&db_error, G_IO_ERROR, error->code, "%s", error->message);
      _hw_sync_engine_fail_db (self, g_steal_pointer (&db_error));
      return;
    }

  _hw_sync_engine_set_download_progress (self, 0, download->length, download->revision);
  read_next (g_steal_pointer (&download));
}

/**
 * _hw_sync_snapshot_start:
 *
 * The pull of a blank or missing replica: downloads the server's snapshot and installs
 * it, then goes on with _hw_sync_pull_after_snapshot() from its revision, or from 0 when
 * there is no usable snapshot.
 */
void
_hw_sync_snapshot_start (HwSyncEngine *self)
{
  g_autofree char *url = g_strconcat (self->base_url, "/api/v1/sync/snapshot", NULL);
  SoupMessageHeaders *headers;
  Download *download;

  download = g_new0 (Download, 1);
  /* As a GTask would: the engine lives until the download is over. */
  download->self = g_object_ref (self);
  download->serial = self->serial;
  download->part = _hw_sync_snapshot_part_path (self);
  g_unlink (download->part);

  if (!(download->msg = soup_message_new (SOUP_METHOD_GET, url)))
    {
      download_free (download);
      fall_back (self, "the address is not valid");
      return;
    }

  headers = soup_message_get_request_headers (download->msg);
  soup_message_headers_replace (headers, "Accept", "application/vnd.sqlite3");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }

  soup_session_send_async (self->session, download->msg, G_PRIORITY_DEFAULT,
                           self->run_cancellable, send_cb, download);
}
