/* hw-window.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-application.h"
#include "hw-session.h"

G_BEGIN_DECLS

/* The contract with the section widgets (the children of the section stack):
 *
 * - Store: a section with a "store" property of type HwStore is given the session's
 *   local copy whenever it changes (NULL when signed out).
 * - Search: Ctrl+F (win.search) activates the action "section.search" on the visible
 *   section, if it has one (gtk_widget_class_install_action (klass, "section.search",
 *   NULL, …)); the section then shows and focuses its search entry.
 * - Local edits: after each hw_store_local_create/update/delete a section activates
 *   "win.local-changed" (gtk_widget_activate_action (widget, "win.local-changed", NULL)),
 *   so that the engine pushes the edit soon.
 * - Toasts: a section finds the window's AdwToastOverlay with gtk_widget_get_ancestor
 *   (widget, ADW_TYPE_TOAST_OVERLAY) and adds an AdwToast; an undoable edit sets the
 *   button label "_Undo" and connects AdwToast::button-clicked. */

#define HW_TYPE_WINDOW (hw_window_get_type ())

G_DECLARE_FINAL_TYPE (HwWindow, hw_window, HW, WINDOW, AdwApplicationWindow)

HwWindow   *hw_window_new                (HwApplication *application) G_GNUC_WARN_UNUSED_RESULT;
HwSession  *hw_window_get_session        (HwWindow      *self);
const char *hw_window_get_section        (HwWindow      *self);
void        hw_window_set_section        (HwWindow      *self,
                                          const char    *section);
const char *hw_window_get_page           (HwWindow      *self);
void        hw_window_add_toast          (HwWindow      *self,
                                          AdwToast      *toast);
gboolean    hw_window_get_offline        (HwWindow      *self);
const char *hw_window_get_offline_text   (HwWindow      *self);
GtkWidget  *hw_window_get_sign_in_page   (HwWindow      *self);
GtkWidget  *hw_window_get_sync_indicator (HwWindow      *self);
void        hw_window_sign_in            (HwWindow      *self,
                                          const char    *server_url,
                                          const char    *email,
                                          const char    *password);
void        hw_window_show_conflicts     (HwWindow      *self);

G_END_DECLS
