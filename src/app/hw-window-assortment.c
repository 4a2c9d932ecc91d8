/* hw-window-assortment.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-window-assortment"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-attribute-manager.h"
#include "hw-bulk-edit-dialog.h"
#include "hw-product-editor.h"
#include "hw-replica.h"
#include "hw-window-private.h"

/* The Assortment section's windows (the product editor, bulk edit, the attribute
 * definitions), all on the session's local copy, and the section's reload when a sync
 * or one of those windows changed what it shows. */

static void
reload_assortment (HwWindow *self)
{
  g_assert (HW_IS_WINDOW (self));

  hw_assortment_page_reload (self->assortment_page);
}

/* A save or a revert ends an editor's modified state: the table shows the new values. */
static void
editor_modified_changed_cb (HwWindow        *self,
                            GParamSpec      *pspec,
                            HwProductEditor *editor)
{
  g_assert (HW_IS_WINDOW (self));

  if (!hw_product_editor_get_modified (editor))
    reload_assortment (self);
}

/* Bulk edits and attribute changes may touch any row and every completeness figure. */
static gboolean
dialog_close_request_cb (HwWindow  *self,
                         GtkWindow *dialog)
{
  g_assert (HW_IS_WINDOW (self));

  reload_assortment (self);

  return GDK_EVENT_PROPAGATE;
}

static void
present_transient (HwWindow  *self,
                   GtkWidget *dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
product_activated_cb (HwWindow         *self,
                      const char       *product_id,
                      HwAssortmentPage *page)
{
  HwStore *store;
  GtkWidget *editor;

  g_assert (HW_IS_WINDOW (self));

  if ((store = hw_assortment_page_get_store (page)) == NULL)
    return;

  editor = hw_product_editor_new (store, product_id);
  g_signal_connect_object (editor, "notify::modified",
                           G_CALLBACK (editor_modified_changed_cb), self,
                           G_CONNECT_SWAPPED);
  present_transient (self, editor);
}

static void
selection_resolved_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  HwAssortmentPage *page = HW_ASSORTMENT_PAGE (object);
  g_autoptr(HwWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  HwStore *store;
  GtkWidget *dialog;

  ids = hw_assortment_page_resolve_selection_finish (page, result, &error);
  if (ids == NULL)
    {
      g_autofree char *text = g_markup_printf_escaped (_("The selection could not be read: %s"),
                                                       error->message);

      hw_window_add_toast (self, adw_toast_new (text));
      return;
    }

  if ((store = hw_assortment_page_get_store (page)) == NULL || ids[0] == NULL)
    return;

  dialog = hw_bulk_edit_dialog_new (store, (const char * const *) ids);
  hw_bulk_edit_dialog_set_toast_overlay (HW_BULK_EDIT_DIALOG (dialog), self->toast_overlay);
  g_signal_connect_object (dialog, "close-request",
                           G_CALLBACK (dialog_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  present_transient (self, dialog);
}

/* The whole selection, also rows the table has not read: Select All means all. */
static void
bulk_edit_cb (HwWindow         *self,
              HwAssortmentPage *page)
{
  g_assert (HW_IS_WINDOW (self));

  hw_assortment_page_resolve_selection_async (page, NULL, selection_resolved_cb,
                                              g_object_ref (self));
}

static void
hw_window_manage_attributes_cb (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  HwWindow *self = user_data;
  HwStore *store;
  GtkWidget *manager;

  g_assert (HW_IS_WINDOW (self));

  if ((store = hw_assortment_page_get_store (self->assortment_page)) == NULL)
    return;

  manager = hw_attribute_manager_new (store);
  g_signal_connect_object (manager, "close-request",
                           G_CALLBACK (dialog_close_request_cb), self,
                           G_CONNECT_SWAPPED);
  present_transient (self, manager);
}

static void
store_changed_cb (HwWindow         *self,
                  GParamSpec       *pspec,
                  HwAssortmentPage *page)
{
  HwStore *store = hw_assortment_page_get_store (page);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "manage-attributes");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), store != NULL);
  self->assortment_cursor = store ? hw_store_get_sync_cursor (store) : 0;
}

/**
 * _hw_window_assortment_synced:
 *
 * Called when a sync run ended: the section reloads when the run pulled changes, so
 * a colleague's edit shows without leaving the table.
 */
void
_hw_window_assortment_synced (HwWindow *self)
{
  HwStore *store;
  gint64 cursor;

  g_assert (HW_IS_WINDOW (self));

  if ((store = hw_assortment_page_get_store (self->assortment_page)) == NULL)
    return;

  cursor = hw_store_get_sync_cursor (store);
  if (cursor != self->assortment_cursor)
    {
      self->assortment_cursor = cursor;
      reload_assortment (self);
    }
}

void
_hw_window_assortment_init (HwWindow *self)
{
  static const GActionEntry actions[] = {
    { "manage-attributes", hw_window_manage_attributes_cb },
  };

  g_assert (HW_IS_WINDOW (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);

  g_signal_connect_object (self->assortment_page, "product-activated",
                           G_CALLBACK (product_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assortment_page, "bulk-edit",
                           G_CALLBACK (bulk_edit_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->assortment_page, "notify::store",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  store_changed_cb (self, NULL, self->assortment_page);
}
