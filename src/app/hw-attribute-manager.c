/* hw-attribute-manager.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-attribute-manager"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-attribute-manager.h"
#include "hw-attribute-removal.h"
#include "hw-core-error.h"
#include "hw-edit-journal.h"
#include "hw-error-text.h"

/* The attribute definitions: a list, and a form to create or edit one. Saves are local
 * edits with an Undo toast. The code and the type are fixed once an attribute exists:
 * visibility rules name attributes by code, and the products' values are typed by it.
 * Deleting one is an HwAttributeRemoval: its values leave the products first, and the
 * confirmation says how many products hold one. */

static const char * const types[] = { "text", "number", "boolean", "enum" };

struct _HwAttributeManager
{
  AdwWindow         parent_instance;

  /* Template Widgets */
  AdwEntryRow      *code_row;
  GtkWidget        *delete_button;
  AdwWindowTitle   *edit_title;
  GtkLabel         *error_label;
  GtkSwitch        *filterable_switch;
  GtkListBox       *list_box;
  GtkStack         *list_stack;
  AdwEntryRow      *name_row;
  AdwEntryRow      *options_row;
  GtkSwitch        *required_switch;
  GtkStack         *stack;
  AdwToastOverlay  *toast_overlay;
  AdwComboRow      *type_row;
  AdwEntryRow      *unit_row;

  /* Owned References */
  HwStore          *store;
  GPtrArray        *attributes;   /* HwAttribute, by name */
  HwAttribute      *editing;      /* NULL while creating one */
  HwEditJournal    *journal;      /* the last change, for Undo */
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (HwAttributeManager, hw_attribute_manager, ADW_TYPE_WINDOW)

static guint
type_index (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_strcmp0 (types[i], type) == 0)
      return i;

  return 0;
}

static char *
describe (const HwAttribute *attribute)
{
  g_autoptr(GString) text = g_string_new (attribute->code);
  guint n_options = attribute->options ? g_strv_length (attribute->options) : 0;

  g_string_append (text, " · ");
  switch (type_index (attribute->type))
    {
    case 1:
      if (attribute->unit != NULL)
        /* Translators: an attribute's type with its unit, e.g. "Number in kg" */
        g_string_append_printf (text, _("Number in %s"), attribute->unit);
      else
        g_string_append (text, _("Number"));
      break;

    case 2:
      g_string_append (text, _("Yes or no"));
      break;

    case 3:
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Choice of %u option",
                                                 "Choice of %u options", n_options),
                              n_options);
      break;

    case 0:
    default:
      g_string_append (text, _("Text"));
      break;
    }

  if (attribute->required)
    g_string_append_printf (text, " · %s", _("Required"));
  if (attribute->filterable)
    g_string_append_printf (text, " · %s", _("Filterable"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
notify_local_changed (HwAttributeManager *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.local-changed", NULL) && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.local-changed", NULL);
}

static void
show_toast (HwAttributeManager *self,
            const char         *title,
            gboolean            with_undo)
{
  AdwToast *toast = adw_toast_new (title);

  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "attributes.undo");
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * hw_attribute_manager_reload:
 *
 * Reads the definitions again.
 */
gboolean
hw_attribute_manager_reload (HwAttributeManager  *self,
                             GError             **error)
{
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autofree char *after = NULL;
  GtkWidget *child;

  g_return_val_if_fail (HW_IS_ATTRIBUTE_MANAGER (self), FALSE);

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_sort (query, "name", FALSE);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_attributes (self->store, query, error)))
        return FALSE;

      /* The definitions move to @attributes. */
      g_ptr_array_set_free_func (page->items, NULL);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (attributes, g_ptr_array_index (page->items, i));

      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  self->attributes = g_steal_pointer (&attributes);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  for (guint i = 0; i < self->attributes->len; i++)
    {
      HwAttribute *attribute = g_ptr_array_index (self->attributes, i);
      g_autofree char *subtitle = describe (attribute);
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, attribute->code);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), attribute->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "attribute-id",
                              g_strdup (HW_ENTITY (attribute)->id), g_free);
      gtk_list_box_append (self->list_box, row);
    }

  gtk_stack_set_visible_child_name (self->list_stack,
                                    self->attributes->len > 0 ? "list" : "empty");
  return TRUE;
}

guint
hw_attribute_manager_get_n_attributes (HwAttributeManager *self)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_MANAGER (self), 0);

  return self->attributes != NULL ? self->attributes->len : 0;
}

/* The form */

static void
clear_errors (HwAttributeManager *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->unit_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->options_row), "error");
}

static void
show_error (HwAttributeManager *self,
            GtkWidget          *row,
            const char         *message)
{
  if (row != NULL)
    gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
type_selected_cb (HwAttributeManager *self)
{
  guint type = adw_combo_row_get_selected (self->type_row);

  gtk_widget_set_visible (GTK_WIDGET (self->unit_row), type == 1);
  gtk_widget_set_visible (GTK_WIDGET (self->options_row), type == 3);
}

/**
 * hw_attribute_manager_edit:
 * @attribute_id: (nullable): the attribute to edit, %NULL for a new one
 *
 * Shows the form.
 */
void
hw_attribute_manager_edit (HwAttributeManager *self,
                           const char         *attribute_id)
{
  g_autoptr(GError) error = NULL;
  HwAttribute *attribute = NULL;
  g_autofree char *options = NULL;

  g_return_if_fail (HW_IS_ATTRIBUTE_MANAGER (self));

  g_clear_pointer (&self->editing, hw_entity_free);
  if (attribute_id != NULL &&
      !(attribute = self->editing = hw_store_get_attribute (self->store, attribute_id, &error)))
    {
      show_toast (self, error->message, FALSE);
      return;
    }

  clear_errors (self);

  if (attribute != NULL && attribute->options != NULL)
    options = g_strjoinv (", ", attribute->options);

  adw_window_title_set_title (self->edit_title,
                              attribute ? _("Edit Attribute") : _("New Attribute"));
  adw_window_title_set_subtitle (self->edit_title, attribute ? attribute->name : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->code_row), attribute ? attribute->code : "");
  gtk_editable_set_editable (GTK_EDITABLE (self->code_row), attribute == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->code_row),
                               attribute ? _("Rules name attributes by code, so it cannot change")
                                         : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), attribute ? attribute->name : "");
  adw_combo_row_set_selected (self->type_row, attribute ? type_index (attribute->type) : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), attribute == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->type_row),
                               attribute
                               ? _("Products' values are typed by it, so it cannot change")
                               : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->unit_row),
                         attribute && attribute->unit ? attribute->unit : "");
  gtk_editable_set_text (GTK_EDITABLE (self->options_row), options ? options : "");
  gtk_switch_set_active (self->required_switch, attribute && attribute->required);
  gtk_switch_set_active (self->filterable_switch, attribute && attribute->filterable);
  gtk_widget_set_visible (self->delete_button, attribute != NULL);
  type_selected_cb (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attributes.delete", attribute != NULL);
  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (attribute ? self->name_row : self->code_row));
}

const char *
hw_attribute_manager_get_editing_id (HwAttributeManager *self)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_MANAGER (self), NULL);

  return self->editing ? HW_ENTITY (self->editing)->id : NULL;
}

static char *
trimmed (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static char **
split_options (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = g_strsplit (text ? text : "", ",", -1);
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        {
          g_strv_builder_add (builder, parts[i]);
          n++;
        }
    }

  return n > 0 ? g_strv_builder_end (builder) : NULL;
}

static GtkWidget *
row_of_field (HwAttributeManager *self,
              const char         *field)
{
  if (g_strcmp0 (field, "code") == 0)
    return GTK_WIDGET (self->code_row);
  if (g_strcmp0 (field, "name") == 0)
    return GTK_WIDGET (self->name_row);
  if (g_strcmp0 (field, "unit") == 0)
    return GTK_WIDGET (self->unit_row);
  if (g_strcmp0 (field, "options") == 0)
    return GTK_WIDGET (self->options_row);
  return NULL;
}

/* Checks what the store would refuse, to say it in the user's words first. */
static gboolean
validate (HwAttributeManager  *self,
          HwAttribute         *attribute,
          GError             **error)
{
  g_autoptr(HwAttribute) holder = NULL;

  if (attribute->code == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "code", "%s",
                          _("Enter a code, such as “weight”."));
      return FALSE;
    }

  if (attribute->name == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "name", "%s", _("Enter a name."));
      return FALSE;
    }

  holder = hw_store_find_by (self->store, &hw_attribute_type, "code", attribute->code, NULL);
  if (holder != NULL && g_strcmp0 (HW_ENTITY (holder)->id, HW_ENTITY (attribute)->id) != 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_DUPLICATE, "code",
                          _("The code “%s” is already used by the attribute “%s”."),
                          attribute->code, holder->name);
      return FALSE;
    }

  if (g_strcmp0 (attribute->type, "enum") == 0 && attribute->options == NULL)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "options", "%s",
                          _("Enter at least one option for a choice from a list."));
      return FALSE;
    }

  return TRUE;
}

/* Saving, on a worker: a definition's write recomputes the completeness of every
 * product (bench-bulk-edit: about a quarter second per 20 000 products). */

typedef struct
{
  char        *store_path;
  HwAttribute *attribute;   /* the form's values */
  HwAttribute *editing;     /* as the form read it; NULL for a new one */
} SaveJob;

static void
save_job_free (gpointer data)
{
  SaveJob *job = data;

  g_free (job->store_path);
  g_clear_pointer (&job->attribute, hw_entity_free);
  g_clear_pointer (&job->editing, hw_entity_free);
  g_free (job);
}

/* A sync changes the rev; a local edit elsewhere keeps it and changes updated_at. */
static gboolean
check_unchanged (HwStore            *store,
                 const HwAttribute  *editing,
                 GError            **error)
{
  g_autoptr(HwAttribute) current = NULL;

  if (!(current = hw_store_get_attribute (store, HW_ENTITY (editing)->id, error)))
    return FALSE;

  if (HW_ENTITY (current)->rev != HW_ENTITY (editing)->rev ||
      HW_ENTITY (current)->updated_at != HW_ENTITY (editing)->updated_at)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE,
                           "The attribute changed since the form read it");
      return FALSE;
    }

  return TRUE;
}

static void
save_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwEditJournal) journal = hw_edit_journal_new ();
  GError *error = NULL;
  gboolean ok;

  if (!(store = hw_store_open (job->store_path, HW_STORE_OPEN_REPLICA, &error)) ||
      !hw_store_begin (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->editing == NULL)
    {
      ok = hw_store_local_create (store, job->attribute, &error);
      if (ok)
        hw_edit_journal_record_create (journal, &hw_attribute_type,
                                       HW_ENTITY (job->attribute)->id);
    }
  else
    ok = check_unchanged (store, job->editing, &error) &&
         hw_edit_journal_record (journal, store, &hw_attribute_type,
                                 HW_ENTITY (job->attribute)->id, &error) &&
         hw_store_local_update (store, job->attribute, HW_ENTITY (job->editing)->rev, &error);

  /* A failed commit rolls back by itself. */
  if (!ok)
    hw_store_rollback (store);
  else
    ok = hw_store_commit (store, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&journal), g_object_unref);
}

static void
show_save_error (HwAttributeManager *self,
                 const GError       *error)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE))
    {
      show_error (self, NULL, _("This attribute changed since you opened it, by a sync or in "
                                "another window. Go back and open it again to see the new "
                                "version."));
      return;
    }

  message = hw_error_describe (error);
  show_error (self, row_of_field (self, hw_core_error_get_field (error)), message);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HwAttributeManager *self = g_task_get_source_object (task);
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  journal = g_task_propagate_pointer (G_TASK (result), &error);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Closed");
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attributes.save", TRUE);

  if (journal == NULL)
    {
      show_save_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_set_object (&self->journal, journal);
  notify_local_changed (self);

  if (!hw_attribute_manager_reload (self, &error))
    g_warning ("Could not read the attributes again: %s", error->message);

  g_clear_pointer (&self->editing, hw_entity_free);
  gtk_stack_set_visible_child_name (self->stack, "list");
  show_toast (self, _("Attribute saved"), TRUE);
  g_task_return_boolean (task, TRUE);
}

/**
 * hw_attribute_manager_save_async:
 *
 * Saves the form as a local create or update, on a worker; a problem is shown on its
 * field, and the list is shown again on success.
 */
void
hw_attribute_manager_save_async (HwAttributeManager  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  SaveJob *job;
  guint type;

  g_return_if_fail (HW_IS_ATTRIBUTE_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_attribute_manager_save_async);

  clear_errors (self);

  type = MIN (adw_combo_row_get_selected (self->type_row), G_N_ELEMENTS (types) - 1);
  job = g_new0 (SaveJob, 1);
  job->store_path = g_strdup (hw_store_get_path (self->store));
  job->editing = self->editing ? hw_entity_copy (self->editing) : NULL;
  job->attribute = self->editing ? hw_entity_copy (self->editing) : hw_attribute_new ();
  g_free (job->attribute->code);
  job->attribute->code = trimmed (self->code_row);
  g_free (job->attribute->name);
  job->attribute->name = trimmed (self->name_row);
  g_free (job->attribute->type);
  job->attribute->type = g_strdup (types[type]);
  g_free (job->attribute->unit);
  job->attribute->unit = type == 1 ? trimmed (self->unit_row) : NULL;
  g_strfreev (job->attribute->options);
  if (type == 3)
    {
      g_autofree char *options = trimmed (self->options_row);

      job->attribute->options = split_options (options);
    }
  else
    job->attribute->options = NULL;
  job->attribute->required = gtk_switch_get_active (self->required_switch);
  job->attribute->filterable = gtk_switch_get_active (self->filterable_switch);

  /* What can be told at once is told at once, in the user's words. */
  if (!validate (self, job->attribute, &error))
    {
      save_job_free (job);
      show_save_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attributes.save", FALSE);

  /* The thread's task has no source object: the thread may drop its last reference
   * after the answer reached us, and must not keep the window alive until then. */
  worker = g_task_new (NULL, cancellable, saved_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, save_worker);
  g_task_set_task_data (worker, job, save_job_free);
  g_task_run_in_thread (worker, save_worker);
}

gboolean
hw_attribute_manager_save_finish (HwAttributeManager  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Undo */

static void
undo_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HwAttributeManager *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!hw_edit_journal_undo_finish (HW_EDIT_JOURNAL (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  notify_local_changed (self);
  if (!hw_attribute_manager_reload (self, &error))
    g_warning ("Could not read the attributes again: %s", error->message);

  g_task_return_boolean (task, TRUE);
}

/**
 * hw_attribute_manager_undo_async:
 *
 * Takes back the last save or delete, on a worker (a delete may have changed many
 * products).
 */
void
hw_attribute_manager_undo_async (HwAttributeManager  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(HwEditJournal) journal = NULL;
  GTask *task;

  g_return_if_fail (HW_IS_ATTRIBUTE_MANAGER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_attribute_manager_undo_async);

  if (!(journal = g_steal_pointer (&self->journal)))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  hw_edit_journal_undo_async (journal, hw_store_get_path (self->store), cancellable,
                              undo_done_cb, task);
}

gboolean
hw_attribute_manager_undo_finish (HwAttributeManager  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (HW_IS_ATTRIBUTE_MANAGER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Actions */

static void
new_action_cb (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  hw_attribute_manager_edit (HW_ATTRIBUTE_MANAGER (widget), NULL);
}

static void
back_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (widget);

  g_clear_pointer (&self->editing, hw_entity_free);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
save_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  /* A failure is shown on the form already. */
  hw_attribute_manager_save_finish (HW_ATTRIBUTE_MANAGER (object), result, NULL);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (widget);

  hw_attribute_manager_save_async (self, self->cancellable, save_finished_cb, NULL);
}

static void
undo_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (object);
  g_autoptr(GError) error = NULL;

  if (hw_attribute_manager_undo_finish (self, result, &error))
    show_toast (self, _("Change undone"), FALSE);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: the reason follows, in words */
      g_autofree char *title = g_strdup_printf (_("The change could not be undone: %s"),
                                                error->message);

      show_toast (self, title, FALSE);
    }
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (widget);

  hw_attribute_manager_undo_async (self, self->cancellable, undo_finished_cb, NULL);
}

static void
deleted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HwAttributeManager) self = user_data;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  journal = hw_attribute_removal_run_finish (HW_ATTRIBUTE_REMOVAL (object), result, &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (journal == NULL)
    {
      message = hw_error_describe (error);
      show_error (self, NULL, message);
      return;
    }

  g_set_object (&self->journal, journal);
  g_clear_pointer (&self->editing, hw_entity_free);
  notify_local_changed (self);

  if (!hw_attribute_manager_reload (self, &error))
    g_warning ("Could not read the attributes again: %s", error->message);
  gtk_stack_set_visible_child_name (self->stack, "list");
  show_toast (self, _("Attribute deleted"), TRUE);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (user_data);
  HwAttributeRemoval *removal = g_object_get_data (G_OBJECT (dialog), "removal");

  if (g_strcmp0 (response, "delete") == 0 && removal != NULL)
    hw_attribute_removal_run_async (removal, self->cancellable, deleted_cb, g_object_ref (self));
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HwAttributeManager) self = user_data;
  HwAttributeRemoval *removal = HW_ATTRIBUTE_REMOVAL (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint count = 0;

  if (!hw_attribute_removal_count_finish (removal, result, &count, &error))
    {
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, NULL, error->message);
      return;
    }

  /* The user may have gone on to another attribute meanwhile. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) ||
      g_strcmp0 (hw_attribute_manager_get_editing_id (self),
                 hw_attribute_removal_get_attribute_id (removal)) != 0)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), self->editing->name);
  if (count == 0)
    body = g_strdup (_("No product has a value for it."));
  else
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u product has a value for it; the value is "
                                         "removed from it too.",
                                         "%u products have a value for it; the values are "
                                         "removed from them too.",
                                         count),
                            count);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "removal", g_object_ref (removal), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HwAttributeManager *self = HW_ATTRIBUTE_MANAGER (widget);
  g_autoptr(HwAttributeRemoval) removal = NULL;

  if (self->editing == NULL)
    return;

  /* Counting may scan every product: on a worker, and the dialog follows. */
  removal = hw_attribute_removal_new (hw_store_get_path (self->store),
                                      HW_ENTITY (self->editing)->id,
                                      HW_ENTITY (self->editing)->rev);
  hw_attribute_removal_count_async (removal, self->cancellable, counted_cb, g_object_ref (self));
}

static void
row_activated_cb (HwAttributeManager *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *box)
{
  const char *id = g_object_get_data (G_OBJECT (row), "attribute-id");

  if (id != NULL)
    hw_attribute_manager_edit (self, id);
}

/* GObject */

static void
hw_attribute_manager_dispose (GObject *object)
{
  HwAttributeManager *self = (HwAttributeManager *) object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_ATTRIBUTE_MANAGER);

  G_OBJECT_CLASS (hw_attribute_manager_parent_class)->dispose (object);
}

static void
hw_attribute_manager_finalize (GObject *object)
{
  HwAttributeManager *self = (HwAttributeManager *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->journal);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_clear_pointer (&self->editing, hw_entity_free);

  G_OBJECT_CLASS (hw_attribute_manager_parent_class)->finalize (object);
}

static void
hw_attribute_manager_class_init (HwAttributeManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_attribute_manager_dispose;
  object_class->finalize = hw_attribute_manager_finalize;

  gtk_widget_class_install_action (widget_class, "attributes.new", NULL, new_action_cb);
  gtk_widget_class_install_action (widget_class, "attributes.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "attributes.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "attributes.delete", NULL, delete_action_cb);
  gtk_widget_class_install_action (widget_class, "attributes.undo", NULL, undo_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "attributes.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "attributes.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "attributes.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-attribute-manager.ui");
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, code_row);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, delete_button);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, edit_title);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, error_label);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, filterable_switch);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, list_box);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, list_stack);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, name_row);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, options_row);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, required_switch);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, stack);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, type_row);
  gtk_widget_class_bind_template_child (widget_class, HwAttributeManager, unit_row);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
}

static void
hw_attribute_manager_init (HwAttributeManager *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "attributes.delete", FALSE);
  type_selected_cb (self);
}

/**
 * hw_attribute_manager_new:
 * @store: the replica, on the main thread's connection
 *
 * Returns: (transfer floating): a new window listing the attribute definitions
 */
GtkWidget *
hw_attribute_manager_new (HwStore *store)
{
  HwAttributeManager *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  self = g_object_new (HW_TYPE_ATTRIBUTE_MANAGER, NULL);
  self->store = g_object_ref (store);

  if (!hw_attribute_manager_reload (self, &error))
    show_toast (self, error->message, FALSE);

  return GTK_WIDGET (self);
}
