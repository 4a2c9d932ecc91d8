/* hw-window-actions.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-window-actions"

#include "config.h"

#include "hw-window-private.h"

/* The window's actions (win.*); their shortcuts are set by HwApplication. */

static void
hw_window_search_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  HwWindow *self = user_data;
  GtkWidget *child;

  g_assert (HW_IS_WINDOW (self));

  /* The section decides what searching means; one without search ignores it. */
  if ((child = gtk_stack_get_visible_child (self->stack)) != NULL)
    gtk_widget_activate_action (child, "section.search", NULL);
}

static void
hw_window_local_changed_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  HwWindow *self = user_data;
  HwSyncEngine *engine;

  g_assert (HW_IS_WINDOW (self));

  if (self->session != NULL && (engine = hw_session_get_engine (self->session)) != NULL)
    hw_sync_engine_local_changed (engine);
}

static void
hw_window_resolve_conflicts_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  hw_window_show_conflicts (HW_WINDOW (user_data));
}

static void
hw_window_sign_in_again_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  HwWindow *self = user_data;
  HwSyncProfile *profile;

  g_assert (HW_IS_WINDOW (self));

  if (self->session == NULL || !(profile = hw_session_get_profile (self->session)))
    return;

  /* The same profile: signing in reopens its copy and syncs what waited. */
  self->sign_in_again = TRUE;
  hw_sign_in_page_set_credentials (self->sign_in_page,
                                   hw_sync_profile_get_server_url (profile),
                                   hw_sync_profile_get_email (profile),
                                   NULL);
  hw_sign_in_page_set_can_go_back (self->sign_in_page, TRUE);
  _hw_window_update_page (self);
}

static void
hw_window_cancel_sign_in_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  HwWindow *self = user_data;

  g_assert (HW_IS_WINDOW (self));

  self->sign_in_again = FALSE;
  hw_sign_in_page_set_can_go_back (self->sign_in_page, FALSE);
  _hw_window_update_page (self);
}

static const GActionEntry win_actions[] = {
  { "search", hw_window_search_cb },
  { "sign-in-again", hw_window_sign_in_again_cb },
  { "cancel-sign-in", hw_window_cancel_sign_in_cb },
  { "local-changed", hw_window_local_changed_cb },
  { "resolve-conflicts", hw_window_resolve_conflicts_cb },
};

void
_hw_window_actions_init (HwWindow *self)
{
  g_assert (HW_IS_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_actions,
                                   G_N_ELEMENTS (win_actions),
                                   self);
}
