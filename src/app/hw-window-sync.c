/* hw-window-sync.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-window-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-outbox.h"
#include "hw-window-private.h"

/* What the window says about syncing besides the indicator: the offline banner, and
 * toasts for new conflicts, refused edits and an expired sign-in. */

/* The offline banner: the server could not be reached on the last try. */
void
_hw_window_update_offline (HwWindow *self)
{
  HwSyncEngine *engine;
  gboolean offline = FALSE;
  gint64 pending = 0;

  g_assert (HW_IS_WINDOW (self));

  if (self->session != NULL && (engine = hw_session_get_engine (self->session)) != NULL)
    {
      HwSyncState state = hw_sync_engine_get_state (engine);

      /* A retry while offline keeps the banner; a first run does not raise it
       * before the server had a chance to answer. */
      offline = !hw_sync_engine_get_online (engine) &&
                (state == HW_SYNC_STATE_ERROR ||
                 (state == HW_SYNC_STATE_SYNCING && self->offline));
      pending = hw_sync_engine_get_pending_count (engine);
    }

  g_clear_pointer (&self->offline_text, g_free);
  if (offline && pending > 0)
    self->offline_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Working offline — %d change waiting",
                                                       "Working offline — %d changes waiting",
                                                       (gulong) pending),
                                          (int) pending);
  else if (offline)
    self->offline_text = g_strdup (_("Working offline"));

  gtk_label_set_label (self->offline_label, self->offline_text ? self->offline_text : "");
  gtk_revealer_set_reveal_child (self->offline_revealer, offline);

  if (self->offline != offline)
    {
      self->offline = offline;
      g_object_notify (G_OBJECT (self), "offline");
    }
}

static void
engine_state_changed_cb (HwWindow     *self,
                         GParamSpec   *pspec,
                         HwSyncEngine *engine)
{
  gboolean needs_sign_in = hw_sync_engine_get_state (engine) == HW_SYNC_STATE_NEEDS_SIGN_IN;
  AdwToast *toast;

  g_assert (HW_IS_WINDOW (self));

  _hw_window_update_offline (self);

  if (hw_sync_engine_get_state (engine) == HW_SYNC_STATE_IDLE)
    _hw_window_assortment_synced (self);

  /* Once per expiry: the indicator keeps saying it afterwards. */
  if (needs_sign_in && !self->needs_sign_in)
    {
      toast = adw_toast_new (_("Sign in again to sync your changes"));
      adw_toast_set_button_label (toast, _("_Sign In"));
      adw_toast_set_action_name (toast, "win.sign-in-again");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      hw_window_add_toast (self, toast);
    }
  self->needs_sign_in = needs_sign_in;
}

static void
engine_conflicts_changed_cb (HwWindow     *self,
                             GParamSpec   *pspec,
                             HwSyncEngine *engine)
{
  gint64 conflicts = hw_sync_engine_get_conflict_count (engine);
  AdwToast *toast;

  g_assert (HW_IS_WINDOW (self));

  if (conflicts > self->conflicts_seen)
    {
      toast = adw_toast_new_format (g_dngettext (GETTEXT_PACKAGE,
                                                 "%d change was also made on the server",
                                                 "%d changes were also made on the server",
                                                 (gulong) conflicts),
                                    (int) conflicts);
      adw_toast_set_button_label (toast, _("_Resolve"));
      adw_toast_set_action_name (toast, "win.resolve-conflicts");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      hw_window_add_toast (self, toast);
    }

  self->conflicts_seen = conflicts;
}

static void
engine_rejected_changed_cb (HwWindow     *self,
                            GParamSpec   *pspec,
                            HwSyncEngine *engine)
{
  gint64 rejected = hw_sync_engine_get_rejected_count (engine);
  g_autoptr(GPtrArray) ops = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  HwStore *store;
  AdwToast *toast;
  const char *reason = NULL;

  g_assert (HW_IS_WINDOW (self));

  if (rejected > self->rejected_seen)
    {
      /* The server's own words for the first refusal; the dialog has all of them. */
      if ((store = hw_session_get_store (self->session)) != NULL &&
          (ops = hw_store_outbox_list (store, HW_OUTBOX_REJECTED, 0, 1, NULL)) != NULL &&
          ops->len > 0)
        reason = ((HwOutboxOp *) g_ptr_array_index (ops, 0))->last_error;

      if (reason != NULL)
        /* Translators: the count of refused edits, then the server's reason */
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%d change could not be saved: %s",
                                              "%d changes could not be saved: %s",
                                              (gulong) rejected),
                                 (int) rejected, reason);
      else
        title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%d change could not be saved",
                                              "%d changes could not be saved",
                                              (gulong) rejected),
                                 (int) rejected);

      /* Toast titles are markup in libadwaita 1.2; the reason is the server's text. */
      escaped = g_markup_escape_text (title, -1);
      toast = adw_toast_new (escaped);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.resolve-conflicts");
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      hw_window_add_toast (self, toast);
    }

  self->rejected_seen = rejected;
}

void
_hw_window_sync_init (HwWindow *self)
{
  g_assert (HW_IS_WINDOW (self));

  self->engine_signals = g_signal_group_new (HW_TYPE_SYNC_ENGINE);
  g_signal_group_connect_object (self->engine_signals, "notify::state",
                                 G_CALLBACK (engine_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::online",
                                 G_CALLBACK (engine_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::pending-count",
                                 G_CALLBACK (engine_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::conflict-count",
                                 G_CALLBACK (engine_conflicts_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->engine_signals, "notify::rejected-count",
                                 G_CALLBACK (engine_rejected_changed_cb), self, G_CONNECT_SWAPPED);
}

/* Follows the session's engine (or none). */
void
_hw_window_sync_reset (HwWindow *self)
{
  HwSyncEngine *engine;

  g_assert (HW_IS_WINDOW (self));

  engine = self->session ? hw_session_get_engine (self->session) : NULL;
  g_signal_group_set_target (self->engine_signals, engine);

  /* Toasts tell about what is new, not about what was already there at start. */
  self->needs_sign_in = engine && hw_sync_engine_get_state (engine) == HW_SYNC_STATE_NEEDS_SIGN_IN;
  self->conflicts_seen = engine ? hw_sync_engine_get_conflict_count (engine) : 0;
  self->rejected_seen = engine ? hw_sync_engine_get_rejected_count (engine) : 0;

  _hw_window_update_offline (self);
}
