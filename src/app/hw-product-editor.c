/* hw-product-editor.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-product-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "hw-attribute-row.h"
#include "hw-core-error.h"
#include "hw-edit-journal.h"
#include "hw-error-text.h"
#include "hw-product-editor-private.h"
#include "hw-product-erp-group.h"
#include "hw-relation-list.h"

/* One product in a window of its own. The ERP's fields are shown read-only; the
 * digital ones and the attribute values are edited in place and saved together as one
 * local edit (so one outbox op), checked against the rev the editor read: if a sync
 * changed the product meanwhile the save is refused and the user offered a reload,
 * never an overwrite. Relations are entities of their own and save as they change
 * (HwRelationList). Every save ends in a toast whose Undo takes it back. The form itself
 * is filled and read in hw-product-editor-form.c. */

enum {
  PROP_0,
  PROP_STORE,
  PROP_PRODUCT_ID,
  PROP_MODIFIED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwProductEditor, hw_product_editor, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

/* State */

static void
clear_field_errors (HwProductEditor *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->display_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->brand_row), "error");
  gtk_widget_remove_css_class (self->category_row, "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->description_view), "error");

  for (guint i = 0; i < self->attribute_rows->len; i++)
    hw_attribute_row_set_error (g_ptr_array_index (self->attribute_rows, i), NULL);
}

static void
show_message (HwProductEditor *self,
              const char      *message,
              gboolean         offer_reload)
{
  gtk_label_set_label (self->conflict_label, message);
  gtk_widget_set_visible (self->reload_button, offer_reload);
  gtk_revealer_set_reveal_child (self->conflict_revealer, TRUE);
}

static void
hide_message (HwProductEditor *self)
{
  gtk_revealer_set_reveal_child (self->conflict_revealer, FALSE);
}

static void
update_state (HwProductEditor *self)
{
  g_autoptr(HwProduct) built = NULL;
  g_autofree char *completeness = NULL;
  gboolean modified;
  guint filled;
  guint required;

  if (self->loading)
    return;

  built = _hw_product_editor_build_product (self, NULL, NULL);
  modified = self->product != NULL && (built == NULL || !hw_entity_equal (built, self->product));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", modified);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", modified);

  hw_product_editor_get_completeness (self, &filled, &required);
  if (required > 0)
    /* Translators: the completeness of a product, e.g. "7 of 9 required filled" */
    completeness = g_strdup_printf (_("%u of %u required filled"), filled, required);
  gtk_label_set_label (self->completeness_label, completeness ? completeness : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

void
_hw_product_editor_form_changed (HwProductEditor *self)
{
  if (self->loading)
    return;

  clear_field_errors (self);
  update_state (self);
}

void
_hw_product_editor_form_loaded (HwProductEditor *self)
{
  clear_field_errors (self);
  hide_message (self);
  update_state (self);
}

/* Saving */

static void
notify_local_changed (HwProductEditor *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The main window refreshes its lists and sync indicator on it; an editor opened
   * on its own has no such action, its parent window may. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.local-changed", NULL) && parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.local-changed", NULL);
}

static void
show_toast (HwProductEditor *self,
            const char      *title,
            gboolean         with_undo)
{
  AdwToast *toast = adw_toast_new (title);

  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "editor.undo");
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
field_label (const char *field)
{
  if (g_strcmp0 (field, "display_name") == 0)
    return _("Display name");
  if (g_strcmp0 (field, "brand") == 0)
    return _("Brand");
  if (g_strcmp0 (field, "description") == 0)
    return _("Description");
  if (g_strcmp0 (field, "category_id") == 0)
    return _("Category");
  return NULL;
}

/* Marks the field the store named, and says what is wrong in words. */
static void
show_field_error (HwProductEditor *self,
                  HwProduct       *product,
                  const GError    *error)
{
  const char *field = hw_core_error_get_field (error);
  g_autofree char *described = hw_error_describe (error);
  g_autofree char *message = NULL;
  guint index;

  if (g_strcmp0 (field, "display_name") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->display_name_row), "error");
  else if (g_strcmp0 (field, "brand") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->brand_row), "error");
  else if (g_strcmp0 (field, "category_id") == 0)
    gtk_widget_add_css_class (self->category_row, "error");
  else if (g_strcmp0 (field, "description") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->description_view), "error");
  else if (field != NULL && product != NULL &&
           sscanf (field, "attributes[%u]", &index) == 1 && index < product->attributes->len)
    {
      HwAttributeValue *v = g_ptr_array_index (product->attributes, index);

      for (guint i = 0; i < self->attribute_rows->len; i++)
        {
          HwAttributeRow *row = g_ptr_array_index (self->attribute_rows, i);
          const HwAttribute *definition = hw_attribute_row_get_definition (row);

          if (g_strcmp0 (HW_ENTITY (definition)->id, v->attribute_id) == 0)
            {
              hw_attribute_row_set_error (row, described);
              /* Translators: the name of a field, then what is wrong with it */
              message = g_strdup_printf (_("%s: %s"), definition->name, described);
            }
        }
    }

  if (message == NULL && field_label (field) != NULL)
    message = g_strdup_printf (_("%s: %s"), field_label (field), described);

  show_message (self, message ? message : described, FALSE);
}

/* The rev catches a sync that changed the product; a local edit made elsewhere (another
 * window, a bulk edit) keeps the rev, so its updated_at tells instead. Run inside the
 * save's transaction. */
static gboolean
check_unchanged (HwProductEditor  *self,
                 GError          **error)
{
  g_autoptr(HwProduct) current = NULL;

  if (!(current = hw_store_get_product (self->store, self->product_id, error)))
    return FALSE;

  if (HW_ENTITY (current)->rev != HW_ENTITY (self->product)->rev ||
      HW_ENTITY (current)->updated_at != HW_ENTITY (self->product)->updated_at)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE,
                           "The product changed since the editor read it");
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_product_editor_save:
 *
 * Saves the form as one local edit of the product, if anything changed. On
 * %HW_CORE_ERROR_STALE the editor offers a reload; on other errors it marks the field.
 */
gboolean
hw_product_editor_save (HwProductEditor  *self,
                        GError          **error)
{
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) local_error = NULL;
  HwAttributeRow *invalid = NULL;

  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), FALSE);

  if (self->product == NULL)
    return TRUE;

  clear_field_errors (self);

  if (!(product = _hw_product_editor_build_product (self, &invalid, &local_error)))
    {
      if (invalid != NULL)
        {
          g_autofree char *message =
            g_strdup_printf (_("%s: %s"), hw_attribute_row_get_definition (invalid)->name,
                             local_error->message);

          hw_attribute_row_set_error (invalid, local_error->message);
          show_message (self, message, FALSE);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (hw_entity_equal (product, self->product))
    return TRUE;

  journal = hw_edit_journal_new ();

  if (hw_store_begin (self->store, &local_error))
    {
      /* A failed commit rolls back by itself. */
      if (!check_unchanged (self, &local_error) ||
          !hw_edit_journal_record (journal, self->store, &hw_product_type, self->product_id,
                                   &local_error) ||
          !hw_store_local_update (self->store, product, HW_ENTITY (self->product)->rev,
                                  &local_error))
        hw_store_rollback (self->store);
      else
        hw_store_commit (self->store, &local_error);
    }

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_STALE))
        show_message (self,
                      _("This product changed since you opened it, by a sync or in another "
                        "window, so your changes were not saved. Reload to see the new "
                        "version; your changes will be lost."),
                      TRUE);
      else if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        show_message (self, _("This product was deleted by a sync."), FALSE);
      else
        show_field_error (self, product, local_error);

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&self->journal, journal);
  self->journal_of_relations = FALSE;
  notify_local_changed (self);

  if (!_hw_product_editor_load (self, &local_error))
    g_warning ("Could not read the product again: %s", local_error->message);

  show_toast (self, _("Product saved"), TRUE);
  return TRUE;
}

/**
 * hw_product_editor_undo:
 *
 * Takes back the last save (or relation edit) made in this editor.
 */
gboolean
hw_product_editor_undo (HwProductEditor  *self,
                        GError          **error)
{
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), FALSE);

  if (!(journal = g_steal_pointer (&self->journal)))
    return TRUE;

  if (!hw_edit_journal_undo (journal, self->store, &local_error))
    {
      if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_STALE))
        show_message (self, _("A sync changed this product meanwhile, so the change cannot be "
                              "undone any more."), TRUE);
      else
        {
          g_autofree char *message = hw_error_describe (local_error);

          show_message (self, message, FALSE);
        }

      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  notify_local_changed (self);

  /* Undoing a relation edit leaves the form, and what is typed in it, alone. */
  if (self->journal_of_relations ? !hw_relation_list_reload (self->relation_list, &local_error)
                                 : !_hw_product_editor_load (self, &local_error))
    g_warning ("Could not read the product again: %s", local_error->message);

  show_toast (self, _("Change undone"), FALSE);
  return TRUE;
}

/**
 * hw_product_editor_reload:
 *
 * Reads the product from the store again, dropping unsaved changes.
 */
gboolean
hw_product_editor_reload (HwProductEditor  *self,
                          GError          **error)
{
  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), FALSE);

  return _hw_product_editor_load (self, error);
}

static void
relations_edited_cb (HwProductEditor *self,
                     HwEditJournal   *journal,
                     const char      *message,
                     HwRelationList  *list)
{
  if (journal == NULL)
    {
      show_message (self, message, FALSE);
      return;
    }

  hide_message (self);
  g_set_object (&self->journal, journal);
  self->journal_of_relations = TRUE;
  notify_local_changed (self);
  show_toast (self, message, TRUE);
}

static void
save_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  /* Failures are shown in the window; nothing more to do with them here. */
  hw_product_editor_save (HW_PRODUCT_EDITOR (widget), NULL);
}

static void
undo_action_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  hw_product_editor_undo (HW_PRODUCT_EDITOR (widget), NULL);
}

static void
reload_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  HwProductEditor *self = HW_PRODUCT_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (!hw_product_editor_reload (self, &error))
    show_message (self, error->message, FALSE);
}

/* Closing with changes not saved asks first, as a form would lose them silently. */

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   HwProductEditor  *self)
{
  if (g_strcmp0 (response, "save") == 0 && !hw_product_editor_save (self, NULL))
    return;

  if (g_strcmp0 (response, "save") == 0 || g_strcmp0 (response, "discard") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static gboolean
hw_product_editor_close_request (GtkWindow *window)
{
  HwProductEditor *self = HW_PRODUCT_EDITOR (window);
  GtkWidget *dialog;

  if (self->close_confirmed || !hw_product_editor_get_modified (self))
    return GTK_WINDOW_CLASS (hw_product_editor_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Save Changes?"),
                                   _("This product has changes that are not saved yet."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* GObject */

static void
hw_product_editor_constructed (GObject *object)
{
  HwProductEditor *self = (HwProductEditor *) object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (hw_product_editor_parent_class)->constructed (object);

  if (self->store != NULL && self->product_id != NULL && !_hw_product_editor_load (self, &error))
    {
      if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        show_message (self, _("This product does not exist (any more)."), FALSE);
      else
        show_message (self, error->message, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", FALSE);
    }
}

static void
hw_product_editor_dispose (GObject *object)
{
  HwProductEditor *self = (HwProductEditor *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_PRODUCT_EDITOR);

  G_OBJECT_CLASS (hw_product_editor_parent_class)->dispose (object);
}

static void
hw_product_editor_finalize (GObject *object)
{
  HwProductEditor *self = (HwProductEditor *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->product, hw_entity_free);
  g_clear_pointer (&self->attribute_rows, g_ptr_array_unref);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (hw_product_editor_parent_class)->finalize (object);
}

static void
hw_product_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HwProductEditor *self = HW_PRODUCT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, hw_product_editor_get_modified (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_product_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HwProductEditor *self = HW_PRODUCT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PRODUCT_ID:
      self->product_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_product_editor_class_init (HwProductEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  window_class->close_request = hw_product_editor_close_request;

  object_class->constructed = hw_product_editor_constructed;
  object_class->dispose = hw_product_editor_dispose;
  object_class->finalize = hw_product_editor_finalize;
  object_class->get_property = hw_product_editor_get_property;
  object_class->set_property = hw_product_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HwProductEditor:modified:
   *
   * Whether the form holds changes not saved yet.
   */
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.revert", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.reload", NULL, reload_action_cb);
  gtk_widget_class_install_action (widget_class, "editor.undo", NULL, undo_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "editor.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (HW_TYPE_PRODUCT_ERP_GROUP);
  g_type_ensure (HW_TYPE_RELATION_LIST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-product-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, attributes_group);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, brand_row);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, category_row);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, completeness_label);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, conflict_label);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, conflict_revealer);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, erp_group);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, relation_list);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, reload_button);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HwProductEditor, window_title);
}

static void
hw_product_editor_init (HwProductEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->attribute_rows = g_ptr_array_new ();

  g_signal_connect_swapped (self->display_name_row, "changed", G_CALLBACK (_hw_product_editor_form_changed), self);
  g_signal_connect_swapped (self->brand_row, "changed", G_CALLBACK (_hw_product_editor_form_changed), self);
  g_signal_connect_swapped (self->category_dropdown, "notify::selected",
                            G_CALLBACK (_hw_product_editor_form_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (_hw_product_editor_form_changed), self);
  g_signal_connect_swapped (self->relation_list, "edited", G_CALLBACK (relations_edited_cb), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.revert", FALSE);
}

/**
 * hw_product_editor_new:
 * @store: the replica, on the main thread's connection
 * @product_id: the product to edit
 *
 * Returns: (transfer floating): a new editor window; present it
 */
GtkWidget *
hw_product_editor_new (HwStore    *store,
                       const char *product_id)
{
  g_return_val_if_fail (HW_IS_STORE (store), NULL);
  g_return_val_if_fail (product_id != NULL, NULL);

  return g_object_new (HW_TYPE_PRODUCT_EDITOR,
                       "store", store,
                       "product-id", product_id,
                       NULL);
}

HwStore *
hw_product_editor_get_store (HwProductEditor *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), NULL);

  return self->store;
}

const char *
hw_product_editor_get_product_id (HwProductEditor *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), NULL);

  return self->product_id;
}

gboolean
hw_product_editor_get_modified (HwProductEditor *self)
{
  g_autoptr(HwProduct) built = NULL;

  g_return_val_if_fail (HW_IS_PRODUCT_EDITOR (self), FALSE);

  if (self->product == NULL)
    return FALSE;

  built = _hw_product_editor_build_product (self, NULL, NULL);
  return built == NULL || !hw_entity_equal (built, self->product);
}

/**
 * hw_product_editor_get_completeness:
 *
 * Counts the required attributes and those of them the form fills with a valid value.
 */
void
hw_product_editor_get_completeness (HwProductEditor *self,
                                    guint           *out_filled,
                                    guint           *out_required)
{
  guint filled = 0;
  guint required = 0;

  g_return_if_fail (HW_IS_PRODUCT_EDITOR (self));

  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      HwAttributeRow *row = g_ptr_array_index (self->attribute_rows, i);
      g_autofree char *value = NULL;

      if (!hw_attribute_row_get_definition (row)->required)
        continue;

      required++;
      if (hw_attribute_row_get_value (row, &value, NULL) && value != NULL)
        filled++;
    }

  if (out_filled != NULL)
    *out_filled = filled;
  if (out_required != NULL)
    *out_required = required;
}
