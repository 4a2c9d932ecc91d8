/* hw-bulk-edit-dialog.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-bulk-edit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-attribute-row.h"
#include "hw-bulk-edit.h"
#include "hw-bulk-edit-dialog.h"
#include "hw-category-choices.h"

/* Asks for one change to the selected products and runs it as an HwBulkEdit on a
 * worker, with progress. The result is one toast whose Undo takes the whole bulk edit
 * back; it goes to the overlay the caller gives (the main window's), and the dialog
 * then closes, or else to the dialog's own overlay. */

enum {
  CHANGE_CATEGORY,
  CHANGE_ATTRIBUTE,
  CHANGE_FIELD,
};

static const char * const field_names[] = { "display_name", "brand", "description" };

struct _HwBulkEditDialog
{
  AdwWindow         parent_instance;

  /* Template Widgets */
  GtkWidget        *apply_button;
  GtkWidget        *attribute_group;
  AdwComboRow      *attribute_row;
  GtkWidget        *category_group;
  GtkDropDown      *category_dropdown;
  AdwComboRow      *change_row;
  GtkWidget        *field_group;
  AdwComboRow      *field_row;
  AdwEntryRow      *field_value_row;
  GtkProgressBar   *progress_bar;
  GtkStack         *stack;
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;

  /* Borrowed References */
  GtkWidget        *value_row;      /* HwAttributeRow of the chosen attribute */

  /* Owned References */
  HwStore          *store;
  GStrv             product_ids;
  GPtrArray        *category_ids;
  GPtrArray        *attributes;     /* HwAttribute */
  HwBulkEdit       *running;
  GCancellable     *cancellable;
  GWeakRef          external_overlay;
  HwEditJournal    *journal;        /* the last bulk edit, for bulk.undo */
  guint             progress_source;
};

enum {
  APPLIED,
  UNDONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HwBulkEditDialog, hw_bulk_edit_dialog, ADW_TYPE_WINDOW)

/* What an Undo needs, kept apart from the dialog: the toast may outlive it. */
typedef struct
{
  HwEditJournal *journal;
  char          *store_path;
  GWeakRef       overlay;
  GWeakRef       dialog;
} Undo;

static void
undo_free (gpointer data)
{
  Undo *undo = data;

  g_clear_object (&undo->journal);
  g_free (undo->store_path);
  g_weak_ref_clear (&undo->overlay);
  g_weak_ref_clear (&undo->dialog);
  g_free (undo);
}

static Undo *
undo_new (HwBulkEditDialog *self,
          HwEditJournal    *journal,
          AdwToastOverlay  *overlay)
{
  Undo *undo = g_new0 (Undo, 1);

  undo->journal = g_object_ref (journal);
  undo->store_path = g_strdup (hw_store_get_path (self->store));
  g_weak_ref_init (&undo->overlay, overlay);
  g_weak_ref_init (&undo->dialog, self);
  return undo;
}

/* The main window refreshes its lists and sync indicator on it. A dialog is a window
 * of its own, so the action is looked for in its parent too. */
static void
notify_local_changed (GtkWidget *widget)
{
  GtkWindow *parent = GTK_IS_WINDOW (widget) ? gtk_window_get_transient_for (GTK_WINDOW (widget))
                                             : NULL;

  if (!gtk_widget_activate_action (widget, "win.local-changed", NULL) && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.local-changed", NULL);
}

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Undo *undo = user_data;
  g_autoptr(AdwToastOverlay) overlay = g_weak_ref_get (&undo->overlay);
  g_autoptr(HwBulkEditDialog) dialog = g_weak_ref_get (&undo->dialog);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  if (hw_edit_journal_undo_finish (HW_EDIT_JOURNAL (object), result, &error))
    title = g_strdup (_("Bulk edit undone"));
  else
    /* Translators: the reason follows, in words */
    title = g_strdup_printf (_("The bulk edit could not be undone: %s"), error->message);

  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (overlay, adw_toast_new (title));
      notify_local_changed (GTK_WIDGET (overlay));
    }

  if (dialog != NULL)
    g_signal_emit (dialog, signals[UNDONE], 0, error == NULL);

  undo_free (undo);
}

static void
start_undo (Undo *undo)
{
  hw_edit_journal_undo_async (undo->journal, undo->store_path, NULL, undo_done_cb, undo);
}

static void
toast_undo_clicked_cb (AdwToast *toast,
                       gpointer  user_data)
{
  Undo *undo = g_object_steal_data (G_OBJECT (toast), "hw-undo");

  if (undo != NULL)
    start_undo (undo);
}

static void
show_result (HwBulkEditDialog *self,
             HwEditJournal    *journal,
             const char       *title)
{
  g_autoptr(AdwToastOverlay) external = g_weak_ref_get (&self->external_overlay);
  AdwToastOverlay *overlay = external != NULL ? external : self->toast_overlay;
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  if (journal != NULL && hw_edit_journal_get_n_entries (journal) > 0)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      g_object_set_data_full (G_OBJECT (toast), "hw-undo", undo_new (self, journal, overlay),
                              undo_free);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_undo_clicked_cb), NULL);
      adw_toast_set_timeout (toast, 10);
    }

  adw_toast_overlay_add_toast (overlay, toast);

  if (external != NULL)
    gtk_window_close (GTK_WINDOW (self));
}

static void
set_busy (HwBulkEditDialog *self,
          gboolean          busy)
{
  gtk_stack_set_visible_child_name (self->stack, busy ? "progress" : "form");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.apply", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.undo", !busy && self->journal != NULL);
}

static gboolean
update_progress_cb (gpointer user_data)
{
  HwBulkEditDialog *self = user_data;
  guint n = hw_bulk_edit_get_n_products (self->running);
  guint done = hw_bulk_edit_get_n_done (self->running);
  g_autofree char *text = NULL;

  /* Translators: progress of a bulk edit, e.g. "400 of 1200 products" */
  text = g_strdup_printf (_("%u of %u products"), done, n);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, n > 0 ? (double) done / n : 1.0);

  return G_SOURCE_CONTINUE;
}

static void
apply_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HwBulkEditDialog) self = user_data;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_failure = NULL;
  g_autofree char *title = NULL;
  guint n_changed = 0;
  guint n_failed = 0;

  journal = hw_bulk_edit_apply_finish (HW_BULK_EDIT (object), result, &n_changed, &n_failed,
                                       &first_failure, &error);

  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_object (&self->running);
  g_clear_object (&self->cancellable);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (journal == NULL)
    {
      set_busy (self, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      else
        {
          g_autofree char *message =
            g_strdup_printf (_("The bulk edit failed and nothing was changed: %s"),
                             error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
        }
      return;
    }

  g_set_object (&self->journal, journal);
  set_busy (self, FALSE);

  if (n_failed == 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Changed %u product",
                                          "Changed %u products", n_changed),
                             n_changed);
  else
    /* Translators: the last %s is the store's reason, in words */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Changed %u products; %u could not be changed: %s",
                                          "Changed %u products; %u could not be changed: %s",
                                          n_failed),
                             n_changed, n_failed, first_failure);

  notify_local_changed (GTK_WIDGET (self));
  g_signal_emit (self, signals[APPLIED], 0, n_changed);
  show_result (self, journal, title);
}

static void
apply_action_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  HwBulkEditDialog *self = HW_BULK_EDIT_DIALOG (widget);
  g_autoptr(HwBulkEdit) edit = hw_bulk_edit_new ((const char * const *) self->product_ids);
  guint selected;

  switch (adw_combo_row_get_selected (self->change_row))
    {
    case CHANGE_CATEGORY:
      selected = gtk_drop_down_get_selected (self->category_dropdown);
      if (selected >= self->category_ids->len)
        return;
      hw_bulk_edit_set_category (edit, g_ptr_array_index (self->category_ids, selected));
      break;

    case CHANGE_ATTRIBUTE:
      {
        g_autofree char *value = NULL;
        g_autoptr(GError) error = NULL;
        const HwAttribute *attribute;

        if (self->value_row == NULL)
          return;
        if (!hw_attribute_row_get_value (HW_ATTRIBUTE_ROW (self->value_row), &value, &error))
          {
            hw_attribute_row_set_error (HW_ATTRIBUTE_ROW (self->value_row), error->message);
            return;
          }
        attribute = hw_attribute_row_get_definition (HW_ATTRIBUTE_ROW (self->value_row));
        hw_bulk_edit_set_attribute (edit, HW_ENTITY (attribute)->id, value);
      }
      break;

    case CHANGE_FIELD:
    default:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (self->field_value_row));
        g_autofree char *value = g_strstrip (g_strdup (text));

        selected = adw_combo_row_get_selected (self->field_row);
        if (selected >= G_N_ELEMENTS (field_names))
          return;
        hw_bulk_edit_set_field (edit, field_names[selected], value[0] != '\0' ? value : NULL);
      }
      break;
    }

  self->running = g_steal_pointer (&edit);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  update_progress_cb (self);
  self->progress_source = g_timeout_add (100, update_progress_cb, self);

  hw_bulk_edit_apply_async (self->running, hw_store_get_path (self->store), self->cancellable,
                            apply_done_cb, g_object_ref (self));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HwBulkEditDialog *self = HW_BULK_EDIT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HwBulkEditDialog *self = HW_BULK_EDIT_DIALOG (widget);
  g_autoptr(HwEditJournal) journal = g_steal_pointer (&self->journal);

  if (journal == NULL)
    return;

  gtk_widget_action_set_enabled (widget, "bulk.undo", FALSE);
  start_undo (undo_new (self, journal, self->toast_overlay));
}

static void
change_selected_cb (HwBulkEditDialog *self)
{
  guint change = adw_combo_row_get_selected (self->change_row);

  gtk_widget_set_visible (self->category_group, change == CHANGE_CATEGORY);
  gtk_widget_set_visible (self->attribute_group, change == CHANGE_ATTRIBUTE);
  gtk_widget_set_visible (self->field_group, change == CHANGE_FIELD);
}

static void
attribute_selected_cb (HwBulkEditDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->attribute_row);

  if (self->value_row != NULL)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->attribute_group), self->value_row);
  self->value_row = NULL;

  if (self->attributes == NULL || selected >= self->attributes->len)
    return;

  self->value_row = hw_attribute_row_new (g_ptr_array_index (self->attributes, selected), NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _("Value"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->attribute_group), self->value_row);
}

static gboolean
load_choices (HwBulkEditDialog  *self,
              GError           **error)
{
  g_autoptr(GtkStringList) category_names = NULL;
  g_autoptr(GtkStringList) attribute_names = gtk_string_list_new (NULL);
  g_autofree char *after = NULL;

  if (!hw_category_choices_load (self->store, _("No category"), &category_names,
                                 &self->category_ids, error))
    return FALSE;
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (category_names));
  /* The first real category rather than "No category": moving out is the rarer wish. */
  gtk_drop_down_set_selected (self->category_dropdown, self->category_ids->len > 1 ? 1 : 0);

  self->attributes = g_ptr_array_new_with_free_func (hw_entity_free);
  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_sort (query, "name", FALSE);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_attributes (self->store, query, error)))
        return FALSE;

      /* The definitions move to self->attributes. */
      g_ptr_array_set_free_func (page->items, NULL);
      for (guint i = 0; i < page->items->len; i++)
        {
          HwAttribute *attribute = g_ptr_array_index (page->items, i);

          g_ptr_array_add (self->attributes, attribute);
          gtk_string_list_append (attribute_names, attribute->name);
        }

      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  adw_combo_row_set_model (self->attribute_row, G_LIST_MODEL (attribute_names));
  attribute_selected_cb (self);

  return TRUE;
}

static void
hw_bulk_edit_dialog_dispose (GObject *object)
{
  HwBulkEditDialog *self = (HwBulkEditDialog *) object;

  /* Closing the dialog while it works stops the work, which then takes itself back. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_BULK_EDIT_DIALOG);

  G_OBJECT_CLASS (hw_bulk_edit_dialog_parent_class)->dispose (object);
}

static void
hw_bulk_edit_dialog_finalize (GObject *object)
{
  HwBulkEditDialog *self = (HwBulkEditDialog *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->running);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->product_ids, g_strfreev);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_weak_ref_clear (&self->external_overlay);

  G_OBJECT_CLASS (hw_bulk_edit_dialog_parent_class)->finalize (object);
}

static void
hw_bulk_edit_dialog_class_init (HwBulkEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_bulk_edit_dialog_dispose;
  object_class->finalize = hw_bulk_edit_dialog_finalize;

  /**
   * HwBulkEditDialog::applied:
   * @n_changed: the number of products changed
   *
   * Emitted when a bulk edit finished and its toast is shown.
   */
  signals[APPLIED] =
    g_signal_new ("applied",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * HwBulkEditDialog::undone:
   * @success: whether the undo worked
   *
   * Emitted when an Undo of the dialog's bulk edit finished.
   */
  signals[UNDONE] =
    g_signal_new ("undone",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "bulk.apply", NULL, apply_action_cb);
  gtk_widget_class_install_action (widget_class, "bulk.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "bulk.undo", NULL, undo_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "bulk.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "bulk.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "bulk.undo", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-bulk-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, attribute_group);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, attribute_row);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, category_group);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, change_row);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, field_group);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, field_row);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, field_value_row);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HwBulkEditDialog, window_title);
  gtk_widget_class_bind_template_callback (widget_class, attribute_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_selected_cb);
}

static void
hw_bulk_edit_dialog_init (HwBulkEditDialog *self)
{
  g_weak_ref_init (&self->external_overlay, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  change_selected_cb (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.undo", FALSE);
}

/**
 * hw_bulk_edit_dialog_new:
 * @store: the replica, on the main thread's connection (the work uses its own)
 * @product_ids: the selected products
 *
 * Returns: (transfer floating): a new dialog; set it transient for the window and
 *   present it
 */
GtkWidget *
hw_bulk_edit_dialog_new (HwStore            *store,
                         const char * const *product_ids)
{
  HwBulkEditDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  g_return_val_if_fail (HW_IS_STORE (store), NULL);
  g_return_val_if_fail (product_ids != NULL, NULL);

  self = g_object_new (HW_TYPE_BULK_EDIT_DIALOG, NULL);
  self->store = g_object_ref (store);
  self->product_ids = g_strdupv ((char **) product_ids);

  n = g_strv_length (self->product_ids);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product selected",
                                           "%u products selected", n),
                              n);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.apply", n > 0);

  if (!load_choices (self, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The choices could not be read: %s"),
                                                  error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "bulk.apply", FALSE);
    }

  return GTK_WIDGET (self);
}

/**
 * hw_bulk_edit_dialog_set_toast_overlay:
 * @overlay: (nullable): where the result and its Undo go, such as the main window's
 *
 * With an overlay, the dialog closes once the bulk edit is done and the toast shows
 * there; without one, the toast shows in the dialog.
 */
void
hw_bulk_edit_dialog_set_toast_overlay (HwBulkEditDialog *self,
                                       AdwToastOverlay  *overlay)
{
  g_return_if_fail (HW_IS_BULK_EDIT_DIALOG (self));
  g_return_if_fail (overlay == NULL || ADW_IS_TOAST_OVERLAY (overlay));

  g_weak_ref_set (&self->external_overlay, overlay);
}

gboolean
hw_bulk_edit_dialog_get_busy (HwBulkEditDialog *self)
{
  g_return_val_if_fail (HW_IS_BULK_EDIT_DIALOG (self), FALSE);

  return self->running != NULL;
}
