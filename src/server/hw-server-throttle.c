/* hw-server-throttle.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-server-auth.h"
#include "hw-server-problem.h"
#include "hw-server-throttle.h"

/* Failed logins counted per key ("email:…", "channel-email:…", "ip:…") in this process
 * only, for staff and channel logins alike: HW_SERVER_LOGIN_MAX_FAILURES within
 * HW_SERVER_LOGIN_WINDOW_SECONDS and the key waits until the oldest of them leaves the
 * window. */

/* Above this many tracked keys, stale ones are swept on the next failure: a flood of
 * made-up emails must not grow the tables without bound. */
#define THROTTLE_SWEEP_SIZE 4096

typedef struct
{
  gint64 times[HW_SERVER_LOGIN_MAX_FAILURES]; /* monotonic µs, oldest first */
  guint  n;
} Failures;

struct _HwServerThrottle
{
  GHashTable *failures; /* key → Failures */
};

HwServerThrottle *
hw_server_throttle_new (void)
{
  HwServerThrottle *self = g_new0 (HwServerThrottle, 1);

  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
hw_server_throttle_free (HwServerThrottle *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->failures);
  g_free (self);
}

/* Forgets the failures of @key: a successful login clears its email's. */
void
hw_server_throttle_forget (HwServerThrottle *self,
                           const char       *key)
{
  g_hash_table_remove (self->failures, key);
}

/* Drops the failures that have left the window. */
static void
failures_expire (Failures *failures,
                 gint64    now)
{
  gint64 horizon = now - (gint64) HW_SERVER_LOGIN_WINDOW_SECONDS * G_USEC_PER_SEC;
  guint keep = 0;

  for (guint i = 0; i < failures->n; i++)
    if (failures->times[i] > horizon)
      failures->times[keep++] = failures->times[i];
  failures->n = keep;
}

/* Seconds until @key may try again; 0 when it may now. */
guint
hw_server_throttle_wait (HwServerThrottle *self,
                         const char       *key,
                         gint64            now)
{
  Failures *failures = g_hash_table_lookup (self->failures, key);
  gint64 until;

  if (failures == NULL)
    return 0;

  failures_expire (failures, now);
  if (failures->n == 0)
    {
      g_hash_table_remove (self->failures, key);
      return 0;
    }

  if (failures->n < HW_SERVER_LOGIN_MAX_FAILURES)
    return 0;

  until = failures->times[0] + (gint64) HW_SERVER_LOGIN_WINDOW_SECONDS * G_USEC_PER_SEC;
  return (guint) MAX (1, (until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static void
throttle_sweep (HwServerThrottle *self,
                gint64            now)
{
  GHashTableIter iter;
  Failures *failures;

  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &failures))
    {
      failures_expire (failures, now);
      if (failures->n == 0)
        g_hash_table_iter_remove (&iter);
    }
}

void
hw_server_throttle_record_failure (HwServerThrottle *self,
                                   const char       *key,
                                   gint64            now)
{
  Failures *failures = g_hash_table_lookup (self->failures, key);

  if (failures == NULL)
    {
      if (g_hash_table_size (self->failures) >= THROTTLE_SWEEP_SIZE)
        throttle_sweep (self, now);

      failures = g_new0 (Failures, 1);
      g_hash_table_insert (self->failures, g_strdup (key), failures);
    }

  failures_expire (failures, now);
  if (failures->n == HW_SERVER_LOGIN_MAX_FAILURES)
    {
      memmove (failures->times, failures->times + 1,
               (HW_SERVER_LOGIN_MAX_FAILURES - 1) * sizeof failures->times[0]);
      failures->n--;
    }
  failures->times[failures->n++] = now;
}

void
hw_server_respond_throttled (SoupServerMessage *msg,
                             guint              wait_seconds)
{
  g_autofree char *detail = NULL;
  char retry_after[16];

  g_snprintf (retry_after, sizeof retry_after, "%u", wait_seconds);
  detail = g_strdup_printf ("Too many failed logins. Try again in %u seconds.", wait_seconds);
  hw_server_problem (msg, 429, detail);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", retry_after);
}
