/* hw-server-cli.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of heartwork-one-server. */
typedef enum
{
  HW_SERVER_EXIT_OK      = 0,
  HW_SERVER_EXIT_FAILURE = 1, /* the command ran and failed                        */
  HW_SERVER_EXIT_USAGE   = 2, /* the command line was wrong; nothing was changed    */
} HwServerExit;

/* Upper bounds of the seed command: what a demo or benchmark database sensibly holds. */
#define HW_SERVER_SEED_MAX_PRODUCTS 5000000
#define HW_SERVER_SEED_MAX_ACCOUNTS 100000
#define HW_SERVER_SEED_MAX_USERS    1000000
#define HW_SERVER_SEED_MAX_ORDERS   10000000

int hw_server_cli_run   (int    argc,
                         char **argv);
int hw_server_cli_seed  (int    argc,
                         char **argv);
int hw_server_cli_serve (int    argc,
                         char **argv);
int hw_server_cli_user  (int    argc,
                         char **argv);

/* For the commands' own files */
gboolean _hw_server_cli_parse (const char          *command,
                               const char          *summary,
                               const GOptionEntry  *entries,
                               int                 *argc,
                               char              ***argv);

G_END_DECLS
