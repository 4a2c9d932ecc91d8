/* hw-test-app.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-session.h"
#include "hw-test-widgets.h"

G_BEGIN_DECLS

/* Helpers of the app tests that run against the built heartwork-one-server
 * (tests/server/hw-test-server.h starts it). */

#define HW_TEST_APP_EMAIL "owner@example.com"

typedef gboolean (*HwTestCondition) (gpointer data);

void       hw_test_app_init         (int              *argc,
                                     char           ***argv);
HwSession *hw_test_app_session_new  (const char       *data_dir) G_GNUC_WARN_UNUSED_RESULT;
gboolean   hw_test_app_sign_in      (HwSession        *session,
                                     const char       *url,
                                     const char       *password,
                                     GError          **error);
gboolean   hw_test_app_sign_out     (HwSession        *session,
                                     gboolean          delete_local_copy,
                                     GError          **error);
char      *hw_test_app_closed_url   (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
