/* hw-conflict-dialog.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "hw-conflict-dialog.h"
#include "hw-outbox.h"

/* Local edits the server did not take as they were: conflicts (the server changed the
 * entity meanwhile) with base, mine and theirs per field, resolved by keeping mine,
 * taking theirs or choosing per field; and refused edits with the server's message,
 * which can be reverted to the server's version. */

#define REJECTED_LIMIT 200

struct _HwConflictDialog
{
  AdwWindow            parent_instance;

  /* Template Widgets */
  AdwPreferencesPage  *page;
  GtkStack            *stack;
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;

  /* Owned References */
  HwSyncEngine        *engine;
  HwStore             *store;
  GPtrArray           *groups;     /* AdwPreferencesGroup shown */
  GHashTable          *choices;    /* op_id → GHashTable of field → "theirs" */

  guint                n_conflicts;
  guint                n_rejected;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_STORE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwConflictDialog, hw_conflict_dialog, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* A field's value as a user reads it. */
static char *
describe_value (JsonObject *object,
                const char *field)
{
  JsonNode *node;

  if (object == NULL)
    return g_strdup (_("Deleted"));

  if (!(node = json_object_get_member (object, field)) || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("Empty"));

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      return g_strdup (text[0] != '\0' ? text : _("Empty"));
    }

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  return json_to_string (node, FALSE);
}

/* The words the editors use for the fields a conflict can show, so that a user
 * recognises them, translated; the data's own name, made readable, for the rest. */
static const struct {
  const char *type;   /* NULL: any */
  const char *field;
  const char *label;
} field_labels[] = {
  { "product", "name", N_("ERP name") },
  { NULL, "name", N_("Name") },
  { NULL, "display_name", N_("Display name") },
  { NULL, "description", N_("Description") },
  { NULL, "brand", N_("Brand") },
  { NULL, "category_id", N_("Category") },
  { NULL, "attributes", N_("Attributes") },
  { NULL, "sku", N_("SKU") },
  { NULL, "erp_id", N_("ERP ID") },
  { NULL, "gtin", N_("GTIN") },
  { NULL, "unit", N_("Unit") },
  { NULL, "status", N_("Status") },
  { NULL, "base_price", N_("Base price") },
  { NULL, "currency", N_("Currency") },
  { NULL, "min_qty", N_("Minimum order quantity") },
  { NULL, "order_multiple", N_("Order multiple") },
  { NULL, "max_qty", N_("Maximum order quantity") },
  { NULL, "completeness", N_("Completeness") },
  { NULL, "parent_id", N_("Parent category") },
  { NULL, "position", N_("Position") },
  { NULL, "erp_code", N_("ERP code") },
  { NULL, "code", N_("Code") },
  { NULL, "type", N_("Type") },
  { NULL, "options", N_("Options") },
  { NULL, "required", N_("Required") },
  { NULL, "filterable", N_("Filterable") },
  { NULL, "product_id", N_("Product") },
  { NULL, "related_product_id", N_("Related product") },
  { NULL, "kind", N_("Kind of relation") },
  /* The kinds of record, for the group titles. */
  { "", "product", N_("Product") },
  { "", "category", N_("Category") },
  { "", "attribute", N_("Attribute") },
  { "", "product_relation", N_("Product relation") },
};

static char *
field_label (const char *type,
             const char *field)
{
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    {
      if ((field_labels[i].type == NULL || g_strcmp0 (field_labels[i].type, type) == 0) &&
          g_str_equal (field_labels[i].field, field))
        return g_strdup (_(field_labels[i].label));
    }

  /* "display_name" → "Display name". */
  text = g_strdelimit (g_strdup (field), "_", ' ');
  text[0] = g_ascii_toupper (text[0]);
  return g_steal_pointer (&text);
}

static const char *
first_member (JsonObject         *object,
              const char * const *fields)
{
  for (guint i = 0; object != NULL && fields[i] != NULL; i++)
    {
      const char *value = json_object_get_string_member_with_default (object, fields[i], NULL);

      if (value != NULL && value[0] != '\0')
        return value;
    }

  return NULL;
}

/* A short title ("Product “SPX-985-M6”"), named as it was before the edit so that
 * both sides recognise it; the long name goes in the description. Both are markup. */
static char *
describe_entity (const HwOutboxOp *op,
                 JsonObject       *before,
                 JsonObject       *after)
{
  static const char * const key_fields[] = { "sku", "code", "name", "display_name", NULL };
  g_autofree char *type = field_label ("", op->type->name);
  const char *key = first_member (before ? before : after, key_fields);

  /* Markup, as group titles are: a name may hold an ampersand.
   * Translators: a kind of record and its key or name, "Product “SPX-985-M6”" */
  return g_markup_printf_escaped (_("%s “%s”"), type, key ? key : op->entity_id);
}

/* The name, when the title shows another key, then @text. */
static char *
describe_group (JsonObject *before,
                JsonObject *after,
                const char *text)
{
  static const char * const key_fields[] = { "sku", "code", NULL };
  static const char * const name_fields[] = { "name", "display_name", NULL };
  JsonObject *object = before ? before : after;
  const char *name = first_member (object, name_fields);

  if (name == NULL || first_member (object, key_fields) == NULL)
    return g_markup_escape_text (text, -1);

  /* Translators: a record's name, then what happened to it */
  return g_markup_printf_escaped (_("%s. %s"), name, text);
}

static const char *
describe_diff_kind (HwDiffKind kind)
{
  switch (kind)
    {
    case HW_DIFF_MINE:
      return _("Changed by you only: your value is kept");

    case HW_DIFF_THEIRS:
      return _("Changed on the server only: its value is taken");

    case HW_DIFF_BOTH_SAME:
      return _("Changed to the same value on both sides");

    case HW_DIFF_CONFLICT:
    default:
      return _("Changed on both sides: choose which to keep");
    }
}

static GHashTable *
choices_for (HwConflictDialog *self,
             const char       *op_id)
{
  GHashTable *fields = g_hash_table_lookup (self->choices, op_id);

  if (fields == NULL)
    {
      fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->choices, g_strdup (op_id), fields);
    }

  return fields;
}

static void
theirs_toggled_cb (GtkToggleButton  *button,
                   HwConflictDialog *self)
{
  const char *op_id = g_object_get_data (G_OBJECT (button), "op-id");
  const char *field = g_object_get_data (G_OBJECT (button), "field");

  g_assert (HW_IS_CONFLICT_DIALOG (self));

  if (gtk_toggle_button_get_active (button))
    g_hash_table_add (choices_for (self, op_id), g_strdup (field));
  else
    g_hash_table_remove (choices_for (self, op_id), field);
}

static GtkWidget *
create_choice (HwConflictDialog *self,
               const char       *op_id,
               const char       *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *mine = gtk_toggle_button_new_with_label (_("Mine"));
  GtkWidget *theirs = gtk_toggle_button_new_with_label (_("Theirs"));

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (theirs), GTK_TOGGLE_BUTTON (mine));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mine), TRUE);

  g_object_set_data_full (G_OBJECT (theirs), "op-id", g_strdup (op_id), g_free);
  g_object_set_data_full (G_OBJECT (theirs), "field", g_strdup (field), g_free);
  g_signal_connect_object (theirs, "toggled", G_CALLBACK (theirs_toggled_cb), self, 0);

  gtk_box_append (GTK_BOX (box), mine);
  gtk_box_append (GTK_BOX (box), theirs);

  return box;
}

static GtkWidget *
create_action_button (const char *label,
                      const char *action,
                      const char *op_id,
                      gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", op_id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");

  return button;
}

static void
add_group (HwConflictDialog *self,
           GtkWidget        *group)
{
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->groups, group);
}

static void
add_conflict (HwConflictDialog *self,
              HwSyncConflict   *conflict)
{
  HwOutboxOp *op = conflict->op;
  g_autoptr(JsonObject) base = parse_object (op->base_json);
  g_autoptr(JsonObject) mine = parse_object (op->mine_json);
  g_autoptr(JsonObject) theirs = parse_object (op->theirs_json);
  g_autofree char *title = describe_entity (op, base, mine);
  g_autofree char *description = NULL;
  GtkWidget *group;
  GtkWidget *buttons;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  if (theirs != NULL)
    {
      gtk_box_append (GTK_BOX (buttons),
                      create_action_button (_("Keep _Mine"), "conflict.keep-mine", op->op_id, FALSE));
      gtk_box_append (GTK_BOX (buttons),
                      create_action_button (_("Take _Theirs"), "conflict.take-theirs", op->op_id, FALSE));
      gtk_box_append (GTK_BOX (buttons),
                      create_action_button (_("_Apply Choices"), "conflict.apply", op->op_id, TRUE));
      description = describe_group (base, mine,
                                    _("You and someone else changed this. Choose per field, or keep one side whole."));
    }
  else
    {
      gtk_box_append (GTK_BOX (buttons),
                      create_action_button (_("Accept _Deletion"), "conflict.take-theirs", op->op_id, TRUE));
      description = describe_group (base, mine,
                                    _("You changed this, but it was deleted on the server meanwhile."));
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

  for (guint i = 0; i < conflict->fields->len; i++)
    {
      HwFieldDiff *diff = g_ptr_array_index (conflict->fields, i);
      g_autofree char *name = field_label (op->type->name, diff->field);
      g_autofree char *base_text = base ? describe_value (base, diff->field) : g_strdup (_("New"));
      g_autofree char *mine_text = describe_value (mine, diff->field);
      g_autofree char *theirs_text = describe_value (theirs, diff->field);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      /* Translators: the values of one field: before, after my edit, on the server */
      subtitle = g_markup_printf_escaped (_("Was: %s\nMine: %s\nTheirs: %s\n<small>%s</small>"),
                                          base_text, mine_text, theirs_text,
                                          describe_diff_kind (diff->kind));
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      if (diff->kind == HW_DIFF_CONFLICT)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), create_choice (self, op->op_id, diff->field));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  /* Below the fields, where the choices were made. */
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);

  add_group (self, group);
}

static void
add_rejected (HwConflictDialog *self,
              HwOutboxOp       *op)
{
  g_autoptr(JsonObject) mine = parse_object (op->mine_json);
  g_autoptr(JsonObject) base = parse_object (op->base_json);
  g_autofree char *title = describe_entity (op, base, mine);
  g_autofree char *description = NULL;
  GtkWidget *group;
  GtkWidget *row;

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  description = describe_group (base, mine,
                                _("The server refused this change. Change it again, or go back to the server’s version."));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                           create_action_button (_("_Revert"), "conflict.revert",
                                                                 op->op_id, FALSE));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The server’s answer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               op->last_error ? op->last_error : _("No reason was given"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  add_group (self, group);
}

static void
show_error (HwConflictDialog *self,
            const GError     *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * hw_conflict_dialog_reload:
 * @self: a #HwConflictDialog
 *
 * Reads the conflicts and the refused edits again.
 */
void
hw_conflict_dialog_reload (HwConflictDialog *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) rejected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *conflicts_text = NULL;
  g_autofree char *rejected_text = NULL;

  g_return_if_fail (HW_IS_CONFLICT_DIALOG (self));

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  self->n_conflicts = 0;
  self->n_rejected = 0;

  if (self->engine == NULL || self->store == NULL)
    return;

  if (!(conflicts = hw_sync_engine_list_conflicts (self->engine, &error)))
    {
      show_error (self, error);
      g_clear_error (&error);
    }
  else
    {
      for (guint i = 0; i < conflicts->len; i++)
        add_conflict (self, g_ptr_array_index (conflicts, i));
      self->n_conflicts = conflicts->len;
    }

  if (!(rejected = hw_store_outbox_list (self->store, HW_OUTBOX_REJECTED, 0, REJECTED_LIMIT, &error)))
    show_error (self, error);
  else
    {
      for (guint i = 0; i < rejected->len; i++)
        add_rejected (self, g_ptr_array_index (rejected, i));
      self->n_rejected = rejected->len;
    }

  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "list" : "empty");

  if (self->n_conflicts > 0)
    conflicts_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict", "%u conflicts",
                                                   self->n_conflicts),
                                      self->n_conflicts);
  if (self->n_rejected > 0)
    rejected_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused change",
                                                  "%u refused changes", self->n_rejected),
                                     self->n_rejected);
  if (conflicts_text != NULL && rejected_text != NULL)
    /* Translators: the subtitle of the conflict dialog, "2 conflicts, 1 refused change" */
    subtitle = g_strdup_printf (_("%s, %s"), conflicts_text, rejected_text);
  else
    subtitle = g_strdup (conflicts_text ? conflicts_text : rejected_text);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
conflict_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  HwConflictDialog *self = HW_CONFLICT_DIALOG (widget);
  const char *op_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_str_equal (action_name, "conflict.revert"))
    ok = hw_conflict_dialog_revert (self, op_id, &error);
  else if (g_str_equal (action_name, "conflict.keep-mine"))
    ok = hw_conflict_dialog_resolve (self, op_id, HW_RESOLVE_KEEP_MINE, &error);
  else if (g_str_equal (action_name, "conflict.take-theirs"))
    ok = hw_conflict_dialog_resolve (self, op_id, HW_RESOLVE_TAKE_THEIRS, &error);
  else
    ok = hw_conflict_dialog_resolve (self, op_id, HW_RESOLVE_MERGED, &error);

  if (!ok)
    show_error (self, error);
}

static void
hw_conflict_dialog_dispose (GObject *object)
{
  HwConflictDialog *self = (HwConflictDialog *) object;

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_hash_table_unref);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_CONFLICT_DIALOG);

  G_OBJECT_CLASS (hw_conflict_dialog_parent_class)->dispose (object);
}

static void
hw_conflict_dialog_constructed (GObject *object)
{
  HwConflictDialog *self = (HwConflictDialog *) object;

  G_OBJECT_CLASS (hw_conflict_dialog_parent_class)->constructed (object);

  hw_conflict_dialog_reload (self);
}

static void
hw_conflict_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HwConflictDialog *self = HW_CONFLICT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_conflict_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HwConflictDialog *self = HW_CONFLICT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_conflict_dialog_class_init (HwConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = hw_conflict_dialog_constructed;
  object_class->dispose = hw_conflict_dialog_dispose;
  object_class->get_property = hw_conflict_dialog_get_property;
  object_class->set_property = hw_conflict_dialog_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         HW_TYPE_SYNC_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, HwConflictDialog, page);
  gtk_widget_class_bind_template_child (widget_class, HwConflictDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, HwConflictDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HwConflictDialog, window_title);

  gtk_widget_class_install_action (widget_class, "conflict.keep-mine", "s", conflict_action_cb);
  gtk_widget_class_install_action (widget_class, "conflict.take-theirs", "s", conflict_action_cb);
  gtk_widget_class_install_action (widget_class, "conflict.apply", "s", conflict_action_cb);
  gtk_widget_class_install_action (widget_class, "conflict.revert", "s", conflict_action_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
hw_conflict_dialog_init (HwConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_ptr_array_new ();
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_hash_table_unref);
}

/**
 * hw_conflict_dialog_new:
 * @engine: the engine that holds the conflicts
 * @store: the local copy (for the refused edits)
 *
 * Returns: (transfer full): a new #HwConflictDialog
 */
HwConflictDialog *
hw_conflict_dialog_new (HwSyncEngine *engine,
                        HwStore      *store)
{
  g_return_val_if_fail (HW_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  return g_object_new (HW_TYPE_CONFLICT_DIALOG,
                       "engine", engine,
                       "store", store,
                       NULL);
}

guint
hw_conflict_dialog_get_n_conflicts (HwConflictDialog *self)
{
  g_return_val_if_fail (HW_IS_CONFLICT_DIALOG (self), 0);

  return self->n_conflicts;
}

guint
hw_conflict_dialog_get_n_rejected (HwConflictDialog *self)
{
  g_return_val_if_fail (HW_IS_CONFLICT_DIALOG (self), 0);

  return self->n_rejected;
}

/**
 * hw_conflict_dialog_choose_theirs:
 * @self: a #HwConflictDialog
 * @op_id: the conflict's op
 * @field: a field changed on both sides
 * @theirs: %TRUE to take the server's value, %FALSE to keep mine
 *
 * Makes a choice as the Mine/Theirs buttons do, for "Apply Choices".
 *
 * Returns: %TRUE if the field has such a choice
 */
gboolean
hw_conflict_dialog_choose_theirs (HwConflictDialog *self,
                                  const char       *op_id,
                                  const char       *field,
                                  gboolean          theirs)
{
  g_return_val_if_fail (HW_IS_CONFLICT_DIALOG (self), FALSE);
  g_return_val_if_fail (op_id != NULL && field != NULL, FALSE);

  /* Through the buttons, so that what is shown is what is applied. */
  for (guint i = 0; i < self->groups->len; i++)
    {
      GtkWidget *group = g_ptr_array_index (self->groups, i);

      for (GtkWidget *child = group; child != NULL; )
        {
          if (GTK_IS_TOGGLE_BUTTON (child) &&
              g_strcmp0 (g_object_get_data (G_OBJECT (child), "op-id"), op_id) == 0 &&
              g_strcmp0 (g_object_get_data (G_OBJECT (child), "field"), field) == 0)
            {
              GtkWidget *mine = gtk_widget_get_prev_sibling (child);

              gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (theirs ? child : mine), TRUE);
              return TRUE;
            }

          /* Depth-first walk of the group's widgets. */
          if (gtk_widget_get_first_child (child) != NULL)
            child = gtk_widget_get_first_child (child);
          else
            {
              while (child != group && gtk_widget_get_next_sibling (child) == NULL)
                child = gtk_widget_get_parent (child);
              child = child == group ? NULL : gtk_widget_get_next_sibling (child);
            }
        }
    }

  return FALSE;
}

/**
 * hw_conflict_dialog_resolve:
 * @self: a #HwConflictDialog
 * @op_id: the conflict's op
 * @resolution: keep mine, take theirs, or %HW_RESOLVE_MERGED for the choices made
 * @error: return location for a #GError
 *
 * Resolves a conflict, asks the engine to push the result and reloads the list.
 *
 * Returns: %TRUE on success
 */
gboolean
hw_conflict_dialog_resolve (HwConflictDialog  *self,
                            const char        *op_id,
                            HwResolution       resolution,
                            GError           **error)
{
  g_autofree const char **take_theirs = NULL;
  GHashTable *fields;

  g_return_val_if_fail (HW_IS_CONFLICT_DIALOG (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  if (resolution == HW_RESOLVE_MERGED)
    {
      if ((fields = g_hash_table_lookup (self->choices, op_id)) != NULL)
        take_theirs = (const char **) g_hash_table_get_keys_as_array (fields, NULL);
      else
        take_theirs = g_new0 (const char *, 1);
    }

  if (!hw_sync_engine_resolve (self->engine, op_id, resolution,
                               (const char * const *) take_theirs, error))
    return FALSE;

  g_hash_table_remove (self->choices, op_id);
  hw_sync_engine_local_changed (self->engine);
  hw_conflict_dialog_reload (self);

  return TRUE;
}

/**
 * hw_conflict_dialog_revert:
 * @self: a #HwConflictDialog
 * @op_id: a refused edit's op
 * @error: return location for a #GError
 *
 * Drops a refused edit: the entity becomes the server's version again.
 *
 * Returns: %TRUE on success
 */
gboolean
hw_conflict_dialog_revert (HwConflictDialog  *self,
                           const char        *op_id,
                           GError           **error)
{
  g_return_val_if_fail (HW_IS_CONFLICT_DIALOG (self), FALSE);
  g_return_val_if_fail (op_id != NULL, FALSE);

  if (!hw_sync_engine_revert (self->engine, op_id, error))
    return FALSE;

  hw_conflict_dialog_reload (self);

  return TRUE;
}
