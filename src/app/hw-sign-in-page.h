/* hw-sign-in-page.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-session.h"

G_BEGIN_DECLS

#define HW_TYPE_SIGN_IN_PAGE (hw_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (HwSignInPage, hw_sign_in_page, HW, SIGN_IN_PAGE, GtkWidget)

GtkWidget  *hw_sign_in_page_new              (void);
HwSession  *hw_sign_in_page_get_session      (HwSignInPage *self);
void        hw_sign_in_page_set_session      (HwSignInPage *self,
                                              HwSession    *session);
void        hw_sign_in_page_set_credentials  (HwSignInPage *self,
                                              const char   *server_url,
                                              const char   *email,
                                              const char   *password);
void        hw_sign_in_page_set_can_go_back  (HwSignInPage *self,
                                              gboolean      can_go_back);
gboolean    hw_sign_in_page_get_can_sign_in  (HwSignInPage *self);
gboolean    hw_sign_in_page_get_busy         (HwSignInPage *self);
const char *hw_sign_in_page_get_error        (HwSignInPage *self);
void        hw_sign_in_page_set_error        (HwSignInPage *self,
                                              const GError *error);
void        hw_sign_in_page_submit           (HwSignInPage *self);
char       *hw_sign_in_page_describe_error   (const GError *error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
