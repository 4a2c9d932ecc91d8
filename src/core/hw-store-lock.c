/* hw-store-lock.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include "hw-store-private.h"

/* Several connections on one database: waiting for the write lock, and the WAL
 * checkpoint of a background writer.
 *
 * Waiting for the write lock: SQLite's own busy handler sleeps up to 100 ms between
 * tries and lets a connection that writes batch after batch (the server's ERP import, on
 * a worker thread) take the lock again before a waiting one looks: a foreground write
 * (a staff edit on the server's main loop) could wait for several batches, or time out.
 * Here the waiting connection tries every millisecond or so, and says that it waits: a
 * background connection does not begin its next transaction while a foreground one
 * waits. So a foreground write waits for the transaction in progress at most. */
#define BUSY_TIMEOUT_USEC       (5 * G_USEC_PER_SEC)
/* A background writer yields at most this long, so that it cannot starve either. */
#define BACKGROUND_YIELD_USEC   (2 * G_USEC_PER_SEC)

static gint foreground_waiting;

static int
busy_handler (void *data,
              int   count)
{
  HwStore *self = data;
  gint64 now = g_get_monotonic_time ();

  if (count == 0)
    {
      self->busy_since = now;
      if (self->acquiring && !self->background && !self->busy_counted)
        {
          self->busy_counted = TRUE;
          g_atomic_int_inc (&foreground_waiting);
        }
    }

  if (now - self->busy_since >= BUSY_TIMEOUT_USEC)
    return 0;

  g_usleep (count < 20 ? 500 : 2000);
  return 1;
}

int
_hw_store_foreground_waiting (void)
{
  return g_atomic_int_get (&foreground_waiting);
}

/* BEGIN IMMEDIATE, waiting for the write lock as described at the top. */
gboolean
_hw_store_begin_immediate (HwStore  *self,
                           GError  **error)
{
  gboolean ok;

  if (self->background)
    {
      gint64 until = g_get_monotonic_time () + BACKGROUND_YIELD_USEC;

      while (g_atomic_int_get (&foreground_waiting) > 0 && g_get_monotonic_time () < until)
        g_usleep (500);
    }

  self->acquiring = TRUE;
  ok = _hw_store_exec (self, "BEGIN IMMEDIATE;", error);
  self->acquiring = FALSE;

  if (self->busy_counted)
    {
      self->busy_counted = FALSE;
      g_atomic_int_add (&foreground_waiting, -1);
    }

  return ok;
}

static int
wal_hook (void       *data,
          sqlite3    *db,
          const char *name,
          int         frames)
{
  HwStore *self = data;

  self->wal_frames = frames;
  return SQLITE_OK;
}

void
_hw_store_lock_init (HwStore *self)
{
  sqlite3_busy_handler (self->db, busy_handler, self);
}

/* A hook of our own replaces the automatic checkpoint (wal_autocheckpoint is one): the
 * transaction that holds the write lock no longer copies the WAL back. */
void
_hw_store_lock_init_background (HwStore *self)
{
  sqlite3_wal_hook (self->db, wal_hook, self);
}

/**
 * hw_store_checkpoint:
 * @min_frames: do nothing while the WAL holds fewer frames (pages) than this
 *
 * Copies what the WAL holds back into the database, as far as no reader needs it
 * (SQLite's passive checkpoint), outside any transaction. A background connection
 * (HW_STORE_OPEN_BACKGROUND) calls it between its transactions: checkpointing a few
 * transactions at once writes a page they all changed (the ends of the indexes) once.
 */
gboolean
hw_store_checkpoint (HwStore  *self,
                     guint     min_frames,
                     GError  **error)
{
  int log = 0;
  int done = 0;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (self->background && (guint) MAX (self->wal_frames, 0) < MAX (min_frames, 1))
    return TRUE;

  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
  if (rc != SQLITE_OK)
    return _hw_store_set_db_error (self, rc, error);

  self->wal_frames = MAX (log - done, 0);
  return TRUE;
}

