/* main.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "heartwork-one"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "hw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HwApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("Heart.work ONE");

  app = hw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
