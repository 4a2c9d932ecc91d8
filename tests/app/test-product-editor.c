/* test-product-editor.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hw-core-error.h"
#include "hw-product-editor.h"
#include "hw-relation-list.h"
#include "hw-test-widgets.h"

typedef struct
{
  HwTestReplica   *replica;
  char            *product_id;
  HwProductEditor *editor;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->replica = hw_test_replica_new (60);
  f->product_id = hw_test_first_product (f->replica->store, TRUE);
  f->editor = HW_PRODUCT_EDITOR (hw_product_editor_new (f->replica->store, f->product_id));
  g_object_ref_sink (f->editor);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->editor));
  g_assert_finalize_object (f->editor);
  g_free (f->product_id);
  hw_test_replica_free (f->replica);
}

static GtkWidget *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->editor),
                                                   HW_TYPE_PRODUCT_EDITOR, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
attribute_row (Fixture    *f,
               const char *code)
{
  GtkWidget *row = hw_test_find_named (GTK_WIDGET (f->editor), code);

  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  return row;
}

static HwProduct *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  HwProduct *product = hw_store_get_product (f->replica->store, f->product_id, &error);

  g_assert_no_error (error);
  return product;
}

static const char *
value_of (HwProduct  *product,
          const char *code,
          HwStore    *store)
{
  g_autoptr(HwAttribute) attribute = hw_test_find_attribute (store, code);

  for (guint i = 0; i < product->attributes->len; i++)
    {
      HwAttributeValue *v = g_ptr_array_index (product->attributes, i);

      if (g_strcmp0 (v->attribute_id, HW_ENTITY (attribute)->id) == 0)
        return v->value;
    }

  return NULL;
}

static gboolean
has_editable (GtkWidget *widget)
{
  if (GTK_IS_EDITABLE (widget) || GTK_IS_SWITCH (widget) || GTK_IS_DROP_DOWN (widget) ||
      GTK_IS_BUTTON (widget))
    return TRUE;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_editable (c))
      return TRUE;

  return FALSE;
}

static void
test_erp_read_only (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwProduct) product = stored (f);
  GtkWidget *erp_group = child (f, "erp_group");
  GtkWidget *row;

  /* Every ERP field is shown, as a plain row without an editor, its origin marked. */
  g_assert_cmpuint (hw_test_count_named (erp_group, "erp-field"), ==, 10);
  row = hw_test_find_named (erp_group, "erp-field");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "SKU");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, product->sku);
  g_assert_false (has_editable (erp_group));
  g_assert_cmpuint (hw_test_count_named (erp_group, "erp-origin"), ==, 10);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (hw_test_find_named (row, "erp-origin")), ==,
                   "From ERP: change it in the ERP");

  /* The digital fields are editable, and start out as stored. */
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (child (f, "display_name_row"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "brand_row"))), ==,
                   product->brand ? product->brand : "");
  g_assert_false (hw_product_editor_get_modified (f->editor));
  g_assert_false (gtk_widget_is_sensitive (child (f, "save_button")));
}

static void
count_activation_cb (guint *n)
{
  (*n)++;
}

static void
test_save_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwProduct) before = stored (f);
  g_autoptr(HwProduct) after = NULL;
  g_autoptr(HwProduct) undone = NULL;
  g_autoptr(HwOutboxOp) op = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *weight;

  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) local_changed = g_simple_action_new ("local-changed", NULL);
  GtkWidget *host = adw_window_new ();
  guint n_notified = 0;

  /* The main window refreshes on win.local-changed; the editor is its transient. */
  g_signal_connect_swapped (local_changed, "activate", G_CALLBACK (count_activation_cb),
                            &n_notified);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (local_changed));
  gtk_widget_insert_action_group (host, "win", G_ACTION_GROUP (group));
  gtk_window_set_transient_for (GTK_WINDOW (f->editor), GTK_WINDOW (host));

  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "display_name_row")), "Shiny drill");
  weight = hw_test_find_type (attribute_row (f, "weight"), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (weight), "2,75");
  g_assert_true (hw_product_editor_get_modified (f->editor));
  g_assert_true (gtk_widget_is_sensitive (child (f, "save_button")));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.save", NULL));
  g_assert_false (hw_product_editor_get_modified (f->editor));
  g_assert_cmpuint (n_notified, ==, 1);

  /* One update op, in the outbox, based on the row as it was. */
  after = stored (f);
  g_assert_cmpstr (after->display_name, ==, "Shiny drill");
  g_assert_cmpstr (value_of (after, "weight", f->replica->store), ==, "2.75");
  g_assert_cmpstr (after->sku, ==, before->sku);
  g_assert_cmpint (HW_ENTITY (after)->rev, ==, HW_ENTITY (before)->rev);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 1);
  op = hw_store_outbox_find (f->replica->store, &hw_product_type, f->product_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (op->kind, ==, HW_OUTBOX_UPDATE);
  g_assert_cmpint (op->state, ==, HW_OUTBOX_PENDING);
  g_assert_cmpint (op->base_rev, ==, HW_ENTITY (before)->rev);
  g_assert_nonnull (strstr (op->mine_json, "\"Shiny drill\""));

  /* Undo brings the row back exactly and leaves nothing to sync. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.undo", NULL));
  undone = stored (f);
  g_assert_true (hw_entity_equal (undone, before));
  g_assert_cmpint (HW_ENTITY (undone)->updated_at, ==, HW_ENTITY (before)->updated_at);
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "display_name_row"))), ==,
                   before->display_name ? before->display_name : "");
  g_assert_cmpuint (n_notified, ==, 2);

  gtk_window_set_transient_for (GTK_WINDOW (f->editor), NULL);
  gtk_window_destroy (GTK_WINDOW (host));
}

static void
test_typed_values (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwAttribute) origin = hw_test_find_attribute (f->replica->store, "country_of_origin");
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *weight_row = attribute_row (f, "weight");
  GtkWidget *weight = hw_test_find_type (weight_row, GTK_TYPE_ENTRY);
  GtkWidget *cordless = hw_test_find_type (attribute_row (f, "cordless"), GTK_TYPE_SWITCH);
  GtkWidget *dropdown = hw_test_find_type (attribute_row (f, "country_of_origin"),
                                           GTK_TYPE_DROP_DOWN);

  /* A number that is not one is refused on its row, in words, and nothing is saved. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "heavy");
  g_assert_false (hw_product_editor_save (f->editor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_true (gtk_widget_has_css_class (weight_row, "error"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (weight_row)),
                            "is not a number"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "conflict_revealer"))));
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);
  g_clear_error (&error);

  /* Typing again clears the mark. */
  gtk_editable_set_text (GTK_EDITABLE (weight), "12.5");
  g_assert_false (gtk_widget_has_css_class (weight_row, "error"));

  /* Boolean: a switch; enum: the definition's options, after "Not set". */
  gtk_switch_set_active (GTK_SWITCH (cordless), TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))),
                    ==, g_strv_length (origin->options) + 1);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 2);

  g_assert_true (hw_product_editor_save (f->editor, &error));
  g_assert_no_error (error);

  product = stored (f);
  g_assert_cmpstr (value_of (product, "weight", f->replica->store), ==, "12.5");
  g_assert_cmpstr (value_of (product, "cordless", f->replica->store), ==, "true");
  g_assert_cmpstr (value_of (product, "country_of_origin", f->replica->store), ==,
                   origin->options[1]);

  /* "Not set" removes the value. */
  dropdown = hw_test_find_type (attribute_row (f, "country_of_origin"), GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);
  g_assert_true (hw_product_editor_save (f->editor, &error));
  g_clear_pointer (&product, hw_entity_free);
  product = stored (f);
  g_assert_null (value_of (product, "country_of_origin", f->replica->store));
}

static void
test_required_count (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HwProduct) product = stored (f);
  GtkWidget *label = child (f, "completeness_label");
  g_autofree char *expected = NULL;
  GtkWidget *tariff;
  GtkWidget *origin;
  guint filled;
  guint required;
  guint stored_filled = 0;

  /* The demo's required attributes: weight, country of origin, customs tariff. */
  hw_product_editor_get_completeness (f->editor, &filled, &required);
  g_assert_cmpuint (required, ==, 3);
  stored_filled += value_of (product, "weight", f->replica->store) != NULL;
  stored_filled += value_of (product, "country_of_origin", f->replica->store) != NULL;
  stored_filled += value_of (product, "customs_tariff", f->replica->store) != NULL;
  g_assert_cmpuint (filled, ==, stored_filled);
  expected = g_strdup_printf ("%u of 3 required filled", filled);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, expected);

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (attribute_row (f, "weight"))), ==,
                   "Required");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (attribute_row (f, "length"))), ==,
                   "");

  /* Emptying a required one counts at once; an invalid number does not count. */
  tariff = hw_test_find_type (attribute_row (f, "customs_tariff"), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (tariff), "");
  gtk_editable_set_text (GTK_EDITABLE (hw_test_find_type (attribute_row (f, "weight"),
                                                          GTK_TYPE_ENTRY)), "x");
  hw_product_editor_get_completeness (f->editor, &filled, &required);
  g_assert_cmpuint (filled, ==, stored_filled
                    - (value_of (product, "customs_tariff", f->replica->store) != NULL)
                    - (value_of (product, "weight", f->replica->store) != NULL));

  gtk_editable_set_text (GTK_EDITABLE (tariff), "8467 2110");
  gtk_editable_set_text (GTK_EDITABLE (hw_test_find_type (attribute_row (f, "weight"),
                                                          GTK_TYPE_ENTRY)), "1");
  origin = hw_test_find_type (attribute_row (f, "country_of_origin"), GTK_TYPE_DROP_DOWN);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (origin), 1);
  hw_product_editor_get_completeness (f->editor, &filled, &required);
  g_assert_cmpuint (filled, ==, 3);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "3 of 3 required filled");
}

static void
test_stale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(HwProduct) theirs = stored (f);
  g_autoptr(HwProduct) now = NULL;
  g_autoptr(GError) error = NULL;

  /* A sync brings a newer version while the form is open. */
  g_free (theirs->brand);
  theirs->brand = g_strdup ("Theirs");
  hw_test_pull_change (f->replica->store, theirs, HW_ENTITY (theirs)->rev + 1000);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "brand_row")), "Mine");
  g_assert_false (hw_product_editor_save (f->editor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_clear_error (&error);

  /* Reported in words with a reload; theirs is not overwritten. */
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "conflict_revealer"))));
  g_assert_true (gtk_widget_get_visible (child (f, "reload_button")));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child (f, "conflict_label"))),
                            "changed since you opened it"));
  now = stored (f);
  g_assert_cmpstr (now->brand, ==, "Theirs");
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, 0);

  /* Reload shows theirs, and a save then works. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->editor), "editor.reload", NULL));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "conflict_revealer"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "brand_row"))), ==, "Theirs");
  gtk_editable_set_text (GTK_EDITABLE (child (f, "brand_row")), "Mine");
  g_assert_true (hw_product_editor_save (f->editor, &error));
  g_assert_no_error (error);
}

/* A local edit made elsewhere keeps the rev; the editor still notices it. */
static void
test_changed_locally (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HwProduct) elsewhere = stored (f);
  g_autoptr(HwProduct) now = NULL;
  g_autoptr(GError) error = NULL;

  g_free (elsewhere->brand);
  elsewhere->brand = g_strdup ("Bulk");
  g_assert_true (hw_store_local_update (f->replica->store, elsewhere, HW_ENTITY (elsewhere)->rev,
                                        &error));
  g_assert_no_error (error);

  gtk_editable_set_text (GTK_EDITABLE (child (f, "display_name_row")), "Mine");
  g_assert_false (hw_product_editor_save (f->editor, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_assert_true (gtk_widget_get_visible (child (f, "reload_button")));

  now = stored (f);
  g_assert_cmpstr (now->brand, ==, "Bulk");
  g_assert_cmpstr (now->display_name, !=, "Mine");
}

static char *
other_product (Fixture *f,
               guint    skip)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(GError) error = NULL;

  hw_query_set_limit (query, 50);
  page = hw_store_list_products (f->replica->store, query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < page->items->len; i++)
    {
      HwEntity *product = g_ptr_array_index (page->items, i);

      if (g_strcmp0 (product->id, f->product_id) != 0 && skip-- == 0)
        return g_strdup (product->id);
    }

  g_assert_not_reached ();
}

/* What Alt+Up or Alt+Down on a relation row does. */
static void
press_on_row (HwRelationList *list,
              guint           index,
              guint           keyval)
{
  GtkListBox *box = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (list),
                                                                 HW_TYPE_RELATION_LIST,
                                                                 "list_box"));
  GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (box, index));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == GDK_ALT_MASK)
            pressed = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, row,
                                                    gtk_shortcut_get_arguments (shortcut));
        }
    }

  g_assert_true (pressed);
}

static void
test_relations (Fixture       *f,
                gconstpointer  data)
{
  HwRelationList *list = HW_RELATION_LIST (child (f, "relation_list"));
  g_autofree char *a = other_product (f, 10);
  g_autofree char *b = other_product (f, 11);
  g_autoptr(GError) error = NULL;
  guint n = hw_relation_list_get_n_relations (list);
  gint64 ops;

  /* Add two: each a local create, last in the order. */
  g_assert_true (hw_relation_list_add (list, a, "accessory", &error));
  g_assert_no_error (error);
  g_assert_true (hw_relation_list_add (list, b, "spare_part", &error));
  g_assert_cmpuint (hw_relation_list_get_n_relations (list), ==, n + 2);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, a);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n + 1), ==, b);
  ops = hw_test_count_ops (f->replica->store);
  g_assert_cmpint (ops, >=, 2);

  /* Relating it to itself, or twice the same way, is refused in words. */
  g_assert_false (hw_relation_list_add (list, f->product_id, "related", &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (hw_relation_list_add (list, a, "accessory", &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Move the last one up: the order is stored (re-read from the store). */
  g_assert_true (hw_relation_list_move (list, n + 1, -1, &error));
  g_assert_no_error (error);
  g_assert_true (hw_relation_list_reload (list, &error));
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, b);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n + 1), ==, a);

  /* Undo of the move restores the order, and leaves what is typed in the form. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "brand_row")), "Typed, not saved");
  g_assert_true (hw_product_editor_undo (f->editor, &error));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "brand_row"))), ==,
                   "Typed, not saved");
  g_assert_true (hw_relation_list_reload (list, &error));
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, a);

  /* Alt+Down moves it by keyboard, too. */
  press_on_row (list, n, GDK_KEY_Down);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, b);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n + 1), ==, a);
  press_on_row (list, n + 1, GDK_KEY_Up);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, a);

  /* Changing the kind from its drop-down is an update of the relation. */
  {
    GtkListBox *box = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (list),
                                                                   HW_TYPE_RELATION_LIST,
                                                                   "list_box"));
    GtkWidget *kind = hw_test_find_type (GTK_WIDGET (gtk_list_box_get_row_at_index (box, n)),
                                         GTK_TYPE_DROP_DOWN);
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) page = NULL;

    gtk_drop_down_set_selected (GTK_DROP_DOWN (kind), 2);
    hw_query_add_filter (query, "product_id", HW_FILTER_EQ, f->product_id);
    hw_query_add_filter (query, "related_product_id", HW_FILTER_EQ, a);
    page = hw_store_list_product_relations (f->replica->store, query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 1);
    g_assert_cmpstr (((HwProductRelation *) g_ptr_array_index (page->items, 0))->kind, ==,
                     "variant");
  }

  /* Remove, and undo the removal. */
  g_assert_true (hw_relation_list_remove (list, n, &error));
  g_assert_cmpuint (hw_relation_list_get_n_relations (list), ==, n + 1);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, b);
  g_assert_true (hw_product_editor_undo (f->editor, &error));
  g_assert_no_error (error);
  g_assert_true (hw_relation_list_reload (list, &error));
  g_assert_cmpuint (hw_relation_list_get_n_relations (list), ==, n + 2);

  /* Removing both creates leaves no trace in the outbox. */
  g_assert_true (hw_relation_list_remove (list, n + 1, &error));
  g_assert_true (hw_relation_list_remove (list, n, &error));
  g_assert_cmpint (hw_test_count_ops (f->replica->store), ==, ops - 2);
}

static gboolean
search_has_results (gpointer data)
{
  GtkWidget *results = data;

  return GTK_IS_LIST_BOX_ROW (gtk_widget_get_first_child (results));
}

static void
test_relation_search (Fixture       *f,
                      gconstpointer  data)
{
  HwRelationList *list = HW_RELATION_LIST (child (f, "relation_list"));
  g_autofree char *other_id = other_product (f, 20);
  g_autoptr(HwProduct) other = hw_store_get_product (f->replica->store, other_id, NULL);
  GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (list),
                                                                HW_TYPE_RELATION_LIST,
                                                                "search_entry"));
  GtkWidget *results = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (list),
                                                                  HW_TYPE_RELATION_LIST,
                                                                  "results_box"));
  GtkDropDown *kind = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (list),
                                                                    HW_TYPE_RELATION_LIST,
                                                                    "kind_dropdown"));
  guint n = hw_relation_list_get_n_relations (list);
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProductRelation) added = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;

  /* Searching by SKU runs on a worker and finds that product first. */
  gtk_editable_set_text (GTK_EDITABLE (entry), other->sku);
  g_signal_emit_by_name (entry, "search-changed");
  hw_test_wait_for (search_has_results, results);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (gtk_widget_get_first_child (results)),
                                      "product-id"), ==, other_id);

  /* Activating it relates it, with the chosen kind ("Spare part"). */
  gtk_drop_down_set_selected (kind, 4);
  g_signal_emit_by_name (results, "row-activated", gtk_widget_get_first_child (results));
  g_assert_cmpuint (hw_relation_list_get_n_relations (list), ==, n + 1);
  g_assert_cmpstr (hw_relation_list_get_related_id (list, n), ==, other_id);

  hw_query_add_filter (query, "related_product_id", HW_FILTER_EQ, other_id);
  hw_query_add_filter (query, "product_id", HW_FILTER_EQ, f->product_id);
  page = hw_store_list_product_relations (f->replica->store, query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  added = hw_entity_copy (g_ptr_array_index (page->items, 0));
  g_assert_cmpstr (added->kind, ==, "spare_part");
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

/* As a click on a response button does: respond, then close. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_close_unsaved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwProduct) product = NULL;
  AdwMessageDialog *dialog;

  gtk_window_present (GTK_WINDOW (f->editor));

  /* Changed, it asks; Cancel keeps it open, Save saves and closes. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "brand_row")), "Kept");
  gtk_window_close (GTK_WINDOW (f->editor));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  respond (dialog, "cancel");
  hw_test_iterate ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->editor)));
  g_assert_null (find_message_dialog ());

  gtk_window_close (GTK_WINDOW (f->editor));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "save");
  hw_test_iterate ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->editor)));
  product = stored (f);
  g_assert_cmpstr (product->brand, ==, "Kept");
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(HwProduct) theirs = stored (f);
  HwProductEditor *full;
  GtkWidget *popover;

  /* At its default size, with a change not saved yet. */
  gtk_window_present (GTK_WINDOW (f->editor));
  gtk_editable_set_text (GTK_EDITABLE (child (f, "display_name_row")), "Changed, not saved");
  hw_test_save_png (GTK_WIDGET (f->editor), "hw-product-editor.png");
  g_assert_true (gtk_widget_get_mapped (child (f, "save_button")));

  /* A sync changed it meanwhile: the save is refused, with a reload. */
  hw_test_pull_change (f->replica->store, theirs, HW_ENTITY (theirs)->rev + 1000);
  g_assert_false (hw_product_editor_save (f->editor, NULL));
  hw_test_save_png (GTK_WIDGET (f->editor), "hw-product-editor-conflict.png");

  /* Reloaded and saved: the toast offers Undo. */
  g_assert_true (hw_product_editor_reload (f->editor, NULL));
  gtk_editable_set_text (GTK_EDITABLE (child (f, "brand_row")), "Mine");
  g_assert_true (hw_product_editor_save (f->editor, NULL));
  hw_test_save_png (GTK_WIDGET (f->editor), "hw-product-editor-saved.png");

  /* The whole form, and the Add popover searching the assortment. */
  full = HW_PRODUCT_EDITOR (hw_product_editor_new (f->replica->store, f->product_id));
  gtk_window_set_default_size (GTK_WINDOW (full), 720, 1800);
  gtk_window_present (GTK_WINDOW (full));
  hw_test_save_png (GTK_WIDGET (full), "hw-product-editor-full.png");

  popover = GTK_WIDGET (gtk_widget_get_template_child (hw_test_find_type (GTK_WIDGET (full),
                                                                          HW_TYPE_RELATION_LIST),
                                                       HW_TYPE_RELATION_LIST, "add_popover"));
  gtk_popover_popup (GTK_POPOVER (popover));
  hw_test_save_png (popover, "hw-product-editor-add-relation.png");
  gtk_popover_popdown (GTK_POPOVER (popover));

  gtk_window_destroy (GTK_WINDOW (full));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add ("/App/ProductEditor/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("erp-read-only", test_erp_read_only);
  ADD ("save-and-undo", test_save_and_undo);
  ADD ("typed-values", test_typed_values);
  ADD ("required-count", test_required_count);
  ADD ("stale", test_stale);
  ADD ("changed-locally", test_changed_locally);
  ADD ("relations", test_relations);
  ADD ("relation-search", test_relation_search);
  ADD ("close-unsaved", test_close_unsaved);
  if (g_getenv ("HW_SCREENSHOT_DIR") != NULL)
    ADD ("screenshot", test_screenshot);

#undef ADD

  return g_test_run ();
}
