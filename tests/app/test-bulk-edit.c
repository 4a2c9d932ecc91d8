/* test-bulk-edit.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hw-attribute-row.h"
#include "hw-bulk-edit.h"
#include "hw-bulk-edit-dialog.h"
#include "hw-category-choices.h"
#include "hw-core-error.h"
#include "hw-test-widgets.h"

typedef struct
{
  HwTestReplica *replica;
  GStrv          ids;
  GPtrArray     *before;    /* HwProduct, as the ids */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;
  guint n = GPOINTER_TO_UINT (data);

  f->replica = hw_test_replica_new (n);

  hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
  page = hw_store_list_products (f->replica->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, n);

  f->before = g_ptr_array_new_with_free_func (hw_entity_free);
  for (guint i = 0; i < page->items->len; i++)
    {
      HwEntity *product = g_ptr_array_index (page->items, i);

      g_strv_builder_add (builder, product->id);
      g_ptr_array_add (f->before, hw_entity_copy (product));
    }
  f->ids = g_strv_builder_end (builder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_strfreev (f->ids);
  g_ptr_array_unref (f->before);
  hw_test_replica_free (f->replica);
}

static HwProduct *
stored (Fixture    *f,
        const char *id)
{
  g_autoptr(GError) error = NULL;
  HwProduct *product = hw_store_get_product (f->replica->store, id, &error);

  g_assert_no_error (error);
  return product;
}

static void
assert_all_restored (Fixture *f)
{
  for (guint i = 0; i < f->before->len; i++)
    {
      g_autoptr(HwProduct) now = stored (f, f->ids[i]);
      HwEntity *was = g_ptr_array_index (f->before, i);

      g_assert_true (hw_entity_equal (now, was));
      g_assert_cmpint (HW_ENTITY (now)->updated_at, ==, was->updated_at);
    }
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);
}

static guint
count_unlike (Fixture    *f,
              gboolean  (*like) (HwProduct *, gconstpointer),
              gconstpointer data)
{
  guint n = 0;

  for (guint i = 0; i < f->before->len; i++)
    n += !like (g_ptr_array_index (f->before, i), data);

  return n;
}

static gboolean
in_category (HwProduct     *product,
             gconstpointer  data)
{
  return g_strcmp0 (product->category_id, data) == 0;
}

static gboolean
has_brand (HwProduct     *product,
           gconstpointer  data)
{
  return g_strcmp0 (product->brand, data) == 0;
}

typedef struct
{
  gboolean applied;
  guint    n_changed;
  gboolean undone;
  gboolean undo_ok;
} Signals;

static void
applied_cb (HwBulkEditDialog *dialog,
            guint             n_changed,
            Signals          *s)
{
  s->applied = TRUE;
  s->n_changed = n_changed;
}

static void
undone_cb (HwBulkEditDialog *dialog,
           gboolean          ok,
           Signals          *s)
{
  s->undone = TRUE;
  s->undo_ok = ok;
}

static gboolean
is_applied (gpointer data)
{
  return ((Signals *) data)->applied;
}

static gboolean
is_undone (gpointer data)
{
  return ((Signals *) data)->undone;
}

static HwBulkEditDialog *
dialog_new (Fixture *f,
            Signals *s)
{
  HwBulkEditDialog *dialog =
    HW_BULK_EDIT_DIALOG (hw_bulk_edit_dialog_new (f->replica->store,
                                                  (const char * const *) f->ids));

  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "applied", G_CALLBACK (applied_cb), s);
  g_signal_connect (dialog, "undone", G_CALLBACK (undone_cb), s);
  return dialog;
}

static void
dialog_free (HwBulkEditDialog *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

static gpointer
child (HwBulkEditDialog *dialog,
       const char       *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                   HW_TYPE_BULK_EDIT_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void
apply_and_wait (HwBulkEditDialog *dialog,
                Signals          *s)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.apply", NULL));
  g_assert_true (hw_bulk_edit_dialog_get_busy (dialog));
  hw_test_wait_for (is_applied, s);
  g_assert_false (hw_bulk_edit_dialog_get_busy (dialog));
}

static void
undo_and_wait (HwBulkEditDialog *dialog,
               Signals          *s)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.undo", NULL));
  hw_test_wait_for (is_undone, s);
  g_assert_true (s->undo_ok);
}

static void
test_move_to_category (Fixture       *f,
                       gconstpointer  data)
{
  Signals s = { 0 };
  HwBulkEditDialog *dialog = dialog_new (f, &s);
  g_autoptr(HwProduct) first = stored (f, f->ids[0]);
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = count_unlike (f, in_category, first->category_id);

  g_assert_cmpuint (expected, >, 0);
  g_assert_true (gtk_widget_get_visible (child (dialog, "category_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "attribute_group")));

  /* The drop-down lists the categories as hw_category_choices_load() orders them. */
  g_assert_true (hw_category_choices_load (f->replica->store, "-", &names, &ids, &error));
  gtk_drop_down_set_selected (child (dialog, "category_dropdown"),
                              hw_category_choices_find (ids, first->category_id));

  apply_and_wait (dialog, &s);

  /* One op per product that moved; the rest were there already. */
  g_assert_cmpuint (s.n_changed, ==, expected);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, expected);
  for (guint i = 0; f->ids[i] != NULL; i++)
    {
      g_autoptr(HwProduct) now = stored (f, f->ids[i]);
      g_autoptr(HwOutboxOp) op = NULL;

      g_assert_cmpstr (now->category_id, ==, first->category_id);
      if (!in_category (g_ptr_array_index (f->before, i), first->category_id))
        {
          op = hw_store_outbox_find (f->replica->store, &hw_product_type, f->ids[i], &error);
          g_assert_no_error (error);
          g_assert_cmpint (op->kind, ==, HW_OUTBOX_UPDATE);
        }
    }

  /* One Undo takes it all back, exactly. */
  undo_and_wait (dialog, &s);
  assert_all_restored (f);

  dialog_free (dialog);
}

static void
test_set_attribute (Fixture       *f,
                    gconstpointer  data)
{
  Signals s = { 0 };
  HwBulkEditDialog *dialog = dialog_new (f, &s);
  g_autoptr(HwAttribute) weight = hw_test_find_attribute (f->replica->store, "weight");
  AdwComboRow *attribute_row = child (dialog, "attribute_row");
  GListModel *names;
  GtkWidget *value_row;
  GtkWidget *entry;

  adw_combo_row_set_selected (child (dialog, "change_row"), 1);
  g_assert_true (gtk_widget_get_visible (child (dialog, "attribute_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "category_group")));

  names = adw_combo_row_get_model (attribute_row);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (names, i);

      if (g_strcmp0 (gtk_string_object_get_string (name), weight->name) == 0)
        adw_combo_row_set_selected (attribute_row, i);
    }

  /* The value is typed by the attribute: a number here. */
  value_row = hw_test_find_named (GTK_WIDGET (dialog), "weight");
  g_assert_true (HW_IS_ATTRIBUTE_ROW (value_row));
  entry = hw_test_find_type (value_row, GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "a lot");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "bulk.apply", NULL));
  g_assert_false (hw_bulk_edit_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_has_css_class (value_row, "error"));
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (entry), "1,5");
  apply_and_wait (dialog, &s);
  g_assert_cmpuint (s.n_changed, ==, g_strv_length (f->ids));

  for (guint i = 0; f->ids[i] != NULL; i++)
    {
      g_autoptr(HwProduct) now = stored (f, f->ids[i]);
      guint n_weights = 0;

      for (guint j = 0; j < now->attributes->len; j++)
        {
          HwAttributeValue *v = g_ptr_array_index (now->attributes, j);

          if (g_strcmp0 (v->attribute_id, HW_ENTITY (weight)->id) == 0)
            {
              g_assert_cmpstr (v->value, ==, "1.5");
              n_weights++;
            }
        }
      g_assert_cmpuint (n_weights, ==, 1);
    }

  undo_and_wait (dialog, &s);
  assert_all_restored (f);

  dialog_free (dialog);
}

static void
test_set_field (Fixture       *f,
                gconstpointer  data)
{
  Signals s = { 0 };
  HwBulkEditDialog *dialog = dialog_new (f, &s);
  guint expected = count_unlike (f, has_brand, "Acme");

  adw_combo_row_set_selected (child (dialog, "change_row"), 2);
  g_assert_true (gtk_widget_get_visible (child (dialog, "field_group")));
  adw_combo_row_set_selected (child (dialog, "field_row"), 1);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "field_value_row")), "  Acme ");

  apply_and_wait (dialog, &s);
  g_assert_cmpuint (s.n_changed, ==, expected);
  for (guint i = 0; f->ids[i] != NULL; i++)
    {
      g_autoptr(HwProduct) now = stored (f, f->ids[i]);
      HwProduct *was = g_ptr_array_index (f->before, i);

      g_assert_cmpstr (now->brand, ==, "Acme");
      /* Only the brand changed: ERP fields and the rest are as they were. */
      g_assert_cmpstr (now->sku, ==, was->sku);
      g_assert_cmpstr (now->name, ==, was->name);
      g_assert_cmpstr (now->display_name, ==, was->display_name);
      g_assert_cmpint (now->base_price, ==, was->base_price);
    }

  undo_and_wait (dialog, &s);
  assert_all_restored (f);

  dialog_free (dialog);
}

static void
apply_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/* Several batches, an edit on top of an unsynced one, and a product the store refuses. */
static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  g_autoptr(HwBulkEdit) edit = NULL;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HwProduct) edited = stored (f, f->ids[3]);
  g_autoptr(HwProduct) edited_before = NULL;
  g_autoptr(HwProduct) after_undo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_failure = NULL;
  guint n_changed = 0;
  guint n_failed = 0;
  guint n = g_strv_length (f->ids);

  /* Small batches, so that these products make several. */
  g_assert_cmpuint (n, >, 4 * 100);

  /* An unsynced edit before the bulk edit stays after its undo. */
  g_free (edited->display_name);
  edited->display_name = g_strdup ("Edited before");
  g_assert_true (hw_store_local_update (f->replica->store, edited, HW_ENTITY (edited)->rev,
                                        &error));
  g_assert_no_error (error);
  edited_before = stored (f, f->ids[3]);

  g_strv_builder_addv (builder, (const char **) f->ids);
  g_strv_builder_add (builder, "00000000-0000-0000-0000-000000000000");
  ids = g_strv_builder_end (builder);

  edit = hw_bulk_edit_new ((const char * const *) ids);
  hw_bulk_edit_set_field (edit, "description", "Same for all");
  hw_bulk_edit_set_batch_size (edit, 100);
  hw_bulk_edit_apply_async (edit, f->replica->path, NULL, apply_cb, &result);
  hw_test_wait_for (is_set, &result);

  journal = hw_bulk_edit_apply_finish (edit, result, &n_changed, &n_failed, &first_failure,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_changed, ==, n);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_nonnull (first_failure);
  g_assert_cmpuint (hw_bulk_edit_get_n_done (edit), ==, n + 1);
  g_assert_cmpuint (hw_edit_journal_get_n_entries (journal), ==, n);
  /* One op per product: the earlier edit's op took this one in. */
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, n);

  /* Undone in batches too (the dialogs' Undo runs the same on a worker). */
  g_assert_true (hw_edit_journal_undo_in_batches (journal, f->replica->store, 64, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (hw_edit_journal_get_n_entries (journal), ==, 0);

  after_undo = stored (f, f->ids[3]);
  g_assert_true (hw_entity_fields_equal (after_undo, edited_before, 0));
  g_assert_cmpstr (after_undo->display_name, ==, "Edited before");
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 1);

  for (guint i = 0; f->ids[i] != NULL; i++)
    {
      g_autoptr(HwProduct) now = stored (f, f->ids[i]);

      if (i != 3)
        g_assert_true (hw_entity_equal (now, g_ptr_array_index (f->before, i)));
    }
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HwBulkEdit) edit = hw_bulk_edit_new ((const char * const *) f->ids);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HwEditJournal) journal = NULL;
  g_autoptr(GError) error = NULL;

  hw_bulk_edit_set_field (edit, "brand", "Cancelled");
  g_cancellable_cancel (cancellable);
  hw_bulk_edit_apply_async (edit, f->replica->path, cancellable, apply_cb, &result);
  hw_test_wait_for (is_set, &result);

  journal = hw_bulk_edit_apply_finish (edit, result, NULL, NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (journal);
  assert_all_restored (f);
}

static void
count_activation_cb (guint *n)
{
  (*n)++;
}

/* Given the main window's overlay, the dialog closes when done and the toast goes there. */
static void
test_external_overlay (Fixture       *f,
                       gconstpointer  data)
{
  Signals s = { 0 };
  HwBulkEditDialog *dialog = dialog_new (f, &s);
  GtkWidget *host = adw_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) local_changed = g_simple_action_new ("local-changed", NULL);
  guint n_changed_signals = 0;

  /* The main window's action that refreshes it after local edits. */
  g_signal_connect_swapped (local_changed, "activate", G_CALLBACK (count_activation_cb),
                            &n_changed_signals);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (local_changed));
  gtk_widget_insert_action_group (host, "win", G_ACTION_GROUP (group));
  adw_window_set_content (ADW_WINDOW (host), overlay);
  gtk_window_present (GTK_WINDOW (host));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (host));
  hw_bulk_edit_dialog_set_toast_overlay (dialog, ADW_TOAST_OVERLAY (overlay));
  gtk_window_present (GTK_WINDOW (dialog));

  adw_combo_row_set_selected (child (dialog, "change_row"), 2);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "field_value_row")), "Via the window");
  apply_and_wait (dialog, &s);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_cmpuint (s.n_changed, ==, g_strv_length (f->ids));
  g_assert_cmpuint (n_changed_signals, ==, 1);
  {
    g_autoptr(HwProduct) now = stored (f, f->ids[0]);

    g_assert_cmpstr (now->display_name, ==, "Via the window");
  }

  dialog_free (dialog);
  gtk_window_destroy (GTK_WINDOW (host));
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  Signals s = { 0 };
  HwBulkEditDialog *dialog = dialog_new (f, &s);

  gtk_window_present (GTK_WINDOW (dialog));
  hw_test_save_png (GTK_WIDGET (dialog), "hw-bulk-edit-dialog.png");

  adw_combo_row_set_selected (child (dialog, "change_row"), 1);
  hw_test_save_png (GTK_WIDGET (dialog), "hw-bulk-edit-dialog-attribute.png");

  adw_combo_row_set_selected (child (dialog, "change_row"), 2);
  adw_combo_row_set_selected (child (dialog, "field_row"), 1);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "field_value_row")), "Acme");
  apply_and_wait (dialog, &s);
  hw_test_save_png (GTK_WIDGET (dialog), "hw-bulk-edit-dialog-done.png");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (dialog)));

  dialog_free (dialog);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, n, func) \
  g_test_add ("/App/BulkEdit/" path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, \
              fixture_tear_down)

  ADD ("move-to-category", 40, test_move_to_category);
  ADD ("set-attribute", 40, test_set_attribute);
  ADD ("set-field", 40, test_set_field);
  ADD ("batches", 450, test_batches);
  ADD ("cancel", 40, test_cancel);
  ADD ("external-overlay", 40, test_external_overlay);
  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    ADD ("screenshot", 40, test_screenshot);

#undef ADD

  return g_test_run ();
}
