/* bench-soup-bare.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bare-libsoup ceiling of tests/perf/bench-server.sh: the fastest a libsoup 3 server can
 * answer on this machine, for the ratio issue 3 sets (product GETs at least half of it).
 * Every request gets the same FILE's bytes, with no routing, auth or database.
 *
 *   bench-soup-bare FILE [THREADS]
 *
 * THREADS (default: the number of processors) servers, each on its own thread and main
 * context, share one loopback port through SO_REUSEPORT, so the kernel spreads the
 * connections over them: what libsoup can do with every core. Prints "Listening on URL"
 * on stdout once every thread accepts, and serves until it is killed.
 */

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libsoup/soup.h>

typedef struct
{
  GBytes   *body;
  guint16   port;        /* 0 for the first thread, which picks it */
  GMutex    mutex;
  GCond     cond;
  guint     listening;
  GError   *error;
} Bare;

static void
answer (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Bare *bare = user_data;
  gsize size;
  gconstpointer data = g_bytes_get_data (bare->body, &size);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, data, size);
}

/* A loopback socket on @port (0: any free one) that other threads can bind too. GSocket's
 * own bind clears SO_REUSEPORT on TCP sockets, hence bind(2). */
static GSocket *
reuse_port_socket (guint16   port,
                   GError  **error)
{
  g_autoptr(GSocket) socket = NULL;
  struct sockaddr_in address = { 0 };
  int one = 1;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         error);
  if (socket == NULL)
    return NULL;

  address.sin_family = AF_INET;
  address.sin_port = g_htons (port);
  address.sin_addr.s_addr = g_htonl (INADDR_LOOPBACK);
  if (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) != 0 ||
      bind (g_socket_get_fd (socket), (struct sockaddr *) &address, sizeof address) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Could not bind 127.0.0.1:%u: %s", port, g_strerror (saved));
      return NULL;
    }

  if (!g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static gpointer
serve (gpointer data)
{
  Bare *bare = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  /* The server attaches its sources to the thread-default context of its creator. */
  g_main_context_push_thread_default (context);
  server = soup_server_new ("server-header", NULL, NULL);
  soup_server_add_handler (server, NULL, answer, bare, NULL);

  g_mutex_lock (&bare->mutex);
  socket = reuse_port_socket (bare->port, &error);
  if (socket != NULL && soup_server_listen_socket (server, socket, 0, &error))
    {
      if (bare->port == 0)
        {
          g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

          bare->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
        }
      bare->listening++;
    }
  else if (bare->error == NULL)
    {
      bare->error = g_steal_pointer (&error);
    }
  g_cond_broadcast (&bare->cond);
  g_mutex_unlock (&bare->mutex);

  g_main_loop_run (loop);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  Bare bare = { 0 };
  gsize length = 0;
  guint threads;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: bench-soup-bare FILE [THREADS]\n");
      return 2;
    }
  threads = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : g_get_num_processors ();
  if (threads == 0 || threads > 64)
    {
      g_printerr ("bench-soup-bare: THREADS must be between 1 and 64\n");
      return 2;
    }
  if (!g_file_get_contents (argv[1], &contents, &length, &error))
    {
      g_printerr ("bench-soup-bare: %s\n", error->message);
      return 1;
    }
  bare.body = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_mutex_init (&bare.mutex);
  g_cond_init (&bare.cond);

  /* One thread at a time: the first picks the port the others then share. */
  for (guint i = 0; i < threads; i++)
    {
      g_thread_unref (g_thread_new ("bench-soup-bare", serve, &bare));

      g_mutex_lock (&bare.mutex);
      while (bare.listening + (bare.error != NULL) <= i)
        g_cond_wait (&bare.cond, &bare.mutex);
      g_mutex_unlock (&bare.mutex);

      if (bare.error != NULL)
        {
          g_printerr ("bench-soup-bare: %s\n", bare.error->message);
          return 1;
        }
    }

  g_print ("Listening on http://127.0.0.1:%u/ with %u threads\n", bare.port, threads);
  fflush (stdout);

  for (;;)
    g_usleep (G_USEC_PER_SEC);
}
