/* hw-window-private.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-assortment-page.h"
#include "hw-initial-sync-page.h"
#include "hw-sign-in-page.h"
#include "hw-sync-indicator.h"
#include "hw-window.h"

G_BEGIN_DECLS

/* HwWindow's parts: hw-window.c (pages, sections, session), hw-window-actions.c (the
 * win.* actions), hw-window-assortment.c (the Assortment section's windows) and hw-window-sync.c (the offline banner and the sync toasts). */

struct _HwWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  HwAssortmentPage     *assortment_page;
  GtkWidget            *content_box;
  AdwWindowTitle       *content_title;
  HwInitialSyncPage    *initial_sync_page;
  AdwLeaflet           *leaflet;
  GtkStack             *main_stack;
  GtkLabel             *offline_label;
  GtkRevealer          *offline_revealer;
  GtkListBox           *sidebar_list;
  HwSignInPage         *sign_in_page;
  GtkStack             *stack;
  HwSyncIndicator      *sync_indicator;
  AdwToastOverlay      *toast_overlay;

  /* Owned References */
  GtkSelectionModel    *pages;
  GSettings            *settings;
  HwSession            *session;
  GSignalGroup         *session_signals;
  GSignalGroup         *engine_signals;
  GCancellable         *initial_sync_cancellable;
  char                 *offline_text;
  char                 *last_server_url;
  char                 *last_email;

  gint64                assortment_cursor;
  gint64                conflicts_seen;
  gint64                rejected_seen;
  gulong                ready_handler;

  guint                 initial_sync : 1;
  guint                 offline : 1;
  guint                 sign_in_again : 1;
  guint                 needs_sign_in : 1;
  guint                 remember_server : 1;
};

void _hw_window_update_page    (HwWindow *self);
void _hw_window_assortment_init   (HwWindow *self);
void _hw_window_assortment_synced (HwWindow *self);
void _hw_window_actions_init   (HwWindow *self);
void _hw_window_sync_init      (HwWindow *self);
void _hw_window_sync_reset     (HwWindow *self);
void _hw_window_update_offline (HwWindow *self);

G_END_DECLS
