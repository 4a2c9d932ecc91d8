/* test-attribute-manager.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hw-attribute-manager.h"
#include "hw-core-error.h"
#include "hw-test-widgets.h"

typedef struct
{
  HwTestReplica      *replica;
  HwAttributeManager *manager;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->replica = hw_test_replica_new (40);
  f->manager = HW_ATTRIBUTE_MANAGER (hw_attribute_manager_new (f->replica->store));
  g_object_ref_sink (f->manager);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->manager));
  g_assert_finalize_object (f->manager);
  hw_test_replica_free (f->replica);
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->manager),
                                                   HW_TYPE_ATTRIBUTE_MANAGER, name);

  g_assert_nonnull (object);
  return object;
}

static void
set_text (Fixture    *f,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (f, row)), text);
}

static const char *
error_text (Fixture *f)
{
  GtkLabel *label = child (f, "error_label");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_label (label);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_ready (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Saves the form (on a worker) and waits for the result. */
static gboolean
save (Fixture  *f,
      GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  hw_attribute_manager_save_async (f->manager, NULL, store_result_cb, &result);
  hw_test_wait_for (result_ready, &result);
  return hw_attribute_manager_save_finish (f->manager, result, error);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  GtkWidget *weight;

  g_assert_true (hw_store_count (f->replica->store, &hw_attribute_type, NULL, &n, &error));
  g_assert_cmpuint (hw_attribute_manager_get_n_attributes (f->manager), ==, n);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "list_stack")), ==, "list");

  /* A row per definition, saying its code, type and flags. */
  weight = hw_test_find_named (child (f, "list_box"), "weight");
  g_assert_nonnull (weight);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (weight)), ==, "Weight");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (weight)), ==,
                   "weight · Number in kg · Required");

  /* Activating it opens the form, code and type fixed. */
  g_signal_emit_by_name (child (f, "list_box"), "row-activated", weight);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "stack")), ==, "edit");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "code_row"))), ==, "weight");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (child (f, "code_row"))));
  g_assert_false (gtk_widget_get_sensitive (child (f, "type_row")));
  g_assert_true (gtk_widget_get_visible (child (f, "unit_row")));
  g_assert_false (gtk_widget_get_visible (child (f, "options_row")));
  g_assert_true (gtk_switch_get_active (child (f, "required_switch")));
}

static void
test_create_validation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwAttribute) created = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  guint n = hw_attribute_manager_get_n_attributes (f->manager);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->manager), "attributes.new", NULL));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (child (f, "code_row"))));
  g_assert_false (gtk_widget_get_visible (child (f, "delete_button")));

  /* Each problem in words, on its field; nothing is written. */
  g_assert_false (save (f, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (error_text (f), ==, "Enter a code, such as “weight”.");
  g_assert_true (gtk_widget_has_css_class (child (f, "code_row"), "error"));
  g_clear_error (&error);

  set_text (f, "code_row", "weight");
  set_text (f, "name_row", "Gewicht");
  g_assert_false (save (f, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
  g_assert_cmpstr (error_text (f), ==,
                   "The code “weight” is already used by the attribute “Weight”.");
  g_clear_error (&error);

  set_text (f, "code_row", "finish_grade");
  set_text (f, "name_row", "Finish grade");
  adw_combo_row_set_selected (child (f, "type_row"), 3);
  g_assert_true (gtk_widget_get_visible (child (f, "options_row")));
  set_text (f, "options_row", " , ");
  g_assert_false (save (f, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (error_text (f), ==, "Enter at least one option for a choice from a list.");
  g_assert_true (gtk_widget_has_css_class (child (f, "options_row"), "error"));
  g_clear_error (&error);

  /* The store's own checks are shown too: the same option twice. */
  set_text (f, "options_row", "A, B, A");
  g_assert_false (save (f, &error));
  g_assert_true (gtk_widget_has_css_class (child (f, "options_row"), "error"));
  g_clear_error (&error);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);

  set_text (f, "options_row", "A, B , C");
  gtk_switch_set_active (child (f, "filterable_switch"), TRUE);
  g_assert_true (save (f, &error));
  g_assert_no_error (error);

  created = hw_store_find_by (f->replica->store, &hw_attribute_type, "code", "finish_grade",
                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (created->type, ==, "enum");
  g_assert_cmpuint (g_strv_length (created->options), ==, 3);
  g_assert_cmpstr (created->options[1], ==, "B");
  g_assert_true (created->filterable);
  g_assert_false (created->required);
  op = hw_store_outbox_find (f->replica->store, &hw_attribute_type, HW_ENTITY (created)->id,
                             &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_CREATE);
  g_assert_cmpuint (hw_attribute_manager_get_n_attributes (f->manager), ==, n + 1);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (f, "stack")), ==, "list");
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
undo_and_wait (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  hw_attribute_manager_undo_async (f->manager, NULL, result_cb, &result);
  hw_test_wait_for (is_set, &result);
  g_assert_true (hw_attribute_manager_undo_finish (f->manager, result, &error));
  g_assert_no_error (error);
}

static void
test_edit_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwAttribute) before = hw_test_find_attribute (f->replica->store, "colour");
  g_autoptr(HwAttribute) after = NULL;
  g_autoptr(HwAttribute) undone = NULL;
  g_autoptr(GError) error = NULL;

  hw_attribute_manager_edit (f->manager, HW_ENTITY (before)->id);
  set_text (f, "name_row", "Colour (RAL)");
  gtk_switch_set_active (child (f, "required_switch"), TRUE);
  g_assert_true (save (f, &error));
  g_assert_no_error (error);

  after = hw_test_find_attribute (f->replica->store, "colour");
  g_assert_cmpstr (after->name, ==, "Colour (RAL)");
  g_assert_true (after->required);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 1);

  undo_and_wait (f);
  undone = hw_test_find_attribute (f->replica->store, "colour");
  g_assert_true (hw_entity_equal (undone, before));
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);
}

static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HwAttribute) elsewhere = hw_test_find_attribute (f->replica->store, "colour");
  g_autoptr(HwAttribute) now = NULL;
  g_autoptr(GError) error = NULL;

  hw_attribute_manager_edit (f->manager, HW_ENTITY (elsewhere)->id);

  /* Changed in another window meanwhile: a local edit keeps the rev. */
  g_free (elsewhere->name);
  elsewhere->name = g_strdup ("Colour elsewhere");
  g_assert_true (hw_store_local_update (f->replica->store, elsewhere,
                                        HW_ENTITY (elsewhere)->rev, &error));
  g_assert_no_error (error);

  set_text (f, "name_row", "Colour here");
  g_assert_false (save (f, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_assert_nonnull (strstr (error_text (f), "changed since you opened it"));

  now = hw_test_find_attribute (f->replica->store, "colour");
  g_assert_cmpstr (now->name, ==, "Colour elsewhere");
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static gboolean
attribute_gone (gpointer data)
{
  Fixture *f = data;

  return hw_attribute_manager_get_editing_id (f->manager) == NULL;
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HwAttribute) weight = hw_test_find_attribute (f->replica->store, "weight");
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  guint n = hw_attribute_manager_get_n_attributes (f->manager);

  users = hw_store_attribute_product_ids (f->replica->store, HW_ENTITY (weight)->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, >, 1);
  for (guint i = 0; i < users->len; i++)
    g_ptr_array_add (before, hw_store_get_product (f->replica->store,
                                                   g_ptr_array_index (users, i), NULL));

  /* The confirmation names how many products lose their value. */
  hw_attribute_manager_edit (f->manager, HW_ENTITY (weight)->id);
  g_assert_true (gtk_widget_get_visible (child (f, "delete_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->manager), "attributes.delete", NULL));
  hw_test_wait_for (has_message_dialog, NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “Weight”?");
  expected = g_strdup_printf ("%u products have a value for it; "
                              "the values are removed from them too.",
                              users->len);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, expected);

  /* As a click does: respond, then close. */
  adw_message_dialog_response (dialog, "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  hw_test_wait_for (attribute_gone, f);

  /* Gone, and no product keeps a value of it; each change is in the outbox. */
  g_assert_null (hw_store_find_by (f->replica->store, &hw_attribute_type, "code", "weight", NULL));
  g_clear_pointer (&users, g_ptr_array_unref);
  users = hw_store_attribute_product_ids (f->replica->store, HW_ENTITY (weight)->id, &error);
  g_assert_cmpuint (users->len, ==, 0);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, before->len + 1);
  g_assert_cmpuint (hw_attribute_manager_get_n_attributes (f->manager), ==, n - 1);

  /* One Undo brings back the definition and every value, exactly. */
  undo_and_wait (f);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);
  g_assert_cmpuint (hw_attribute_manager_get_n_attributes (f->manager), ==, n);
  for (guint i = 0; i < before->len; i++)
    {
      HwEntity *was = g_ptr_array_index (before, i);
      g_autoptr(HwProduct) now = hw_store_get_product (f->replica->store, was->id, &error);

      g_assert_no_error (error);
      g_assert_true (hw_entity_equal (now, was));
    }
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HwAttribute) origin = hw_test_find_attribute (f->replica->store, "country_of_origin");

  gtk_window_present (GTK_WINDOW (f->manager));
  hw_test_save_png (GTK_WIDGET (f->manager), "hw-attribute-manager.png");

  hw_attribute_manager_edit (f->manager, HW_ENTITY (origin)->id);
  hw_test_save_png (GTK_WIDGET (f->manager), "hw-attribute-manager-edit.png");

  gtk_widget_activate_action (GTK_WIDGET (f->manager), "attributes.new", NULL);
  set_text (f, "code_row", "weight");
  gtk_widget_activate_action (GTK_WIDGET (f->manager), "attributes.save", NULL);
  hw_test_save_png (GTK_WIDGET (f->manager), "hw-attribute-manager-error.png");

  hw_attribute_manager_edit (f->manager, HW_ENTITY (origin)->id);
  gtk_widget_activate_action (GTK_WIDGET (f->manager), "attributes.delete", NULL);
  hw_test_wait_for (has_message_dialog, NULL);
  hw_test_save_png (GTK_WIDGET (find_message_dialog ()), "hw-attribute-manager-delete.png");
  adw_message_dialog_response (find_message_dialog (), "cancel");
  gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  g_assert_nonnull (hw_attribute_manager_get_editing_id (f->manager));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/App/AttributeManager/" path, Fixture, NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("list", test_list);
  ADD ("create-validation", test_create_validation);
  ADD ("edit-and-undo", test_edit_and_undo);
  ADD ("stale", test_stale);
  ADD ("delete", test_delete);
  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    ADD ("screenshot", test_screenshot);

#undef ADD

  return g_test_run ();
}
