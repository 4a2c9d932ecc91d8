/* hw-relation-list.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-relation-list"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-core-error.h"
#include "hw-error-text.h"
#include "hw-relation-list.h"

/* The related products of one product, in order. Unlike the product's own fields,
 * relations are separate entities, so each add, move, kind change and removal is a
 * local edit of its own, saved at once; ::edited hands its journal to the editor,
 * which offers the Undo. */

#define N_RESULTS 20

struct _HwRelationList
{
  GtkWidget             parent_instance;

  /* Template Widgets */
  GtkMenuButton        *add_button;
  GtkPopover           *add_popover;
  AdwPreferencesGroup  *group;
  GtkDropDown          *kind_dropdown;
  GtkListBox           *list_box;
  GtkListBox           *results_box;
  GtkLabel             *results_placeholder;
  GtkSearchEntry       *search_entry;

  /* Owned References */
  HwStore              *store;
  char                 *product_id;
  GPtrArray            *relations;    /* HwProductRelation, in order */
  GCancellable         *search_cancellable;
};

enum {
  EDITED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (HwRelationList, hw_relation_list, GTK_TYPE_WIDGET)

static const struct
{
  const char *kind;
  const char *label;
} kinds[] = {
  { "related", N_("Related") },
  { "accessory", N_("Accessory") },
  { "variant", N_("Variant") },
  { "replacement", N_("Replacement") },
  { "spare_part", N_("Spare part") },
};

static GtkStringList *
kind_model_new (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (model, _(kinds[i].label));

  return model;
}

static guint
kind_index (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return i;

  return 0;
}

static void
emit_edited (HwRelationList *self,
             HwEditJournal  *journal,
             const char     *message)
{
  g_signal_emit (self, signals[EDITED], 0, journal, message);
}

static int
row_index (HwRelationList *self,
           GtkWidget      *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
report (HwRelationList *self,
        GError         *error)
{
  g_autofree char *message = hw_error_describe (error);

  /* The editor shows what went wrong; a journal-less ::edited carries only words. */
  emit_edited (self, NULL, message);
}

static void
move_clicked_cb (GtkButton      *button,
                 HwRelationList *self)
{
  g_autoptr(GError) error = NULL;
  int offset = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "offset"));
  int index = row_index (self, GTK_WIDGET (button));

  if (index >= 0 && !hw_relation_list_move (self, index, offset, &error))
    report (self, error);
}

static void
remove_clicked_cb (GtkButton      *button,
                   HwRelationList *self)
{
  g_autoptr(GError) error = NULL;
  int index = row_index (self, GTK_WIDGET (button));

  if (index >= 0 && !hw_relation_list_remove (self, index, &error))
    report (self, error);
}

static void
kind_selected_cb (GtkDropDown    *dropdown,
                  GParamSpec     *pspec,
                  HwRelationList *self)
{
  g_autoptr(GError) error = NULL;
  int index = row_index (self, GTK_WIDGET (dropdown));
  guint selected = gtk_drop_down_get_selected (dropdown);
  HwProductRelation *relation;

  if (index < 0 || selected >= G_N_ELEMENTS (kinds))
    return;

  relation = g_ptr_array_index (self->relations, index);
  if (g_strcmp0 (relation->kind, kinds[selected].kind) == 0)
    return;

  if (!hw_relation_list_set_kind (self, index, kinds[selected].kind, &error))
    report (self, error);
}

static gboolean
move_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  HwRelationList *self = user_data;
  g_autoptr(GError) error = NULL;
  int index = row_index (self, widget);
  int offset = g_variant_get_int32 (args);

  if (index < 0)
    return FALSE;

  if (!hw_relation_list_move (self, index, offset, &error))
    {
      report (self, error);
      return TRUE;
    }

  /* Keep the keyboard on the moved row. */
  if (index + offset >= 0 && (guint) (index + offset) < self->relations->len)
    gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box,
                                                                      index + offset)));
  return TRUE;
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static GtkWidget *
create_row (HwRelationList    *self,
            HwProductRelation *relation,
            guint              index)
{
  g_autoptr(HwProduct) related = hw_store_get_product (self->store, relation->related_product_id,
                                                       NULL);
  g_autoptr(GtkStringList) kind_model = kind_model_new ();
  GtkEventController *controller;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *dropdown;
  GtkWidget *up;
  GtkWidget *down;
  GtkWidget *remove;

  if (related != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     related->display_name ? related->display_name : related->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), related->sku);
    }
  else
    {
      /* The related product may not be pulled yet. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Product not available yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), relation->related_product_id);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, TRUE);

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kind_model)), NULL);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Kind of relation"));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), kind_index (relation->kind));
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (kind_selected_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

  up = icon_button ("go-up-symbolic", _("Move up"));
  g_object_set_data (G_OBJECT (up), "offset", GINT_TO_POINTER (-1));
  gtk_widget_set_sensitive (up, index > 0);
  g_signal_connect (up, "clicked", G_CALLBACK (move_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), up);

  down = icon_button ("go-down-symbolic", _("Move down"));
  g_object_set_data (G_OBJECT (down), "offset", GINT_TO_POINTER (1));
  gtk_widget_set_sensitive (down, index + 1 < self->relations->len);
  g_signal_connect (down, "clicked", G_CALLBACK (move_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), down);

  remove = icon_button ("user-trash-symbolic", _("Remove relation"));
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

  /* Alt+Up and Alt+Down move the focused row; the offset is the shortcut's argument. */
  controller = gtk_shortcut_controller_new ();
  for (int offset = -1; offset <= 1; offset += 2)
    {
      GtkShortcut *shortcut =
        gtk_shortcut_new (gtk_keyval_trigger_new (offset < 0 ? GDK_KEY_Up : GDK_KEY_Down,
                                                  GDK_ALT_MASK),
                          gtk_callback_action_new (move_shortcut_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (offset));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (row, controller);

  return row;
}

static void
rebuild_rows (HwRelationList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    {
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (self->list_box, child);
      else
        break;
    }

  for (guint i = 0; i < self->relations->len; i++)
    gtk_list_box_append (self->list_box,
                         create_row (self, g_ptr_array_index (self->relations, i), i));
}

/**
 * hw_relation_list_reload:
 *
 * Reads the product's relations from the store again.
 */
gboolean
hw_relation_list_reload (HwRelationList  *self,
                         GError         **error)
{
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (hw_entity_free);
  g_autofree char *after = NULL;

  g_return_val_if_fail (HW_IS_RELATION_LIST (self), FALSE);

  if (self->store == NULL || self->product_id == NULL)
    return TRUE;

  /* A product has a handful of relations; a page loop keeps it correct for more. */
  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_add_filter (query, "product_id", HW_FILTER_EQ, self->product_id);
      hw_query_set_sort (query, "position", FALSE);
      hw_query_set_limit (query, HW_QUERY_MAX_LIMIT);
      hw_query_set_after (query, after);
      if (!(page = hw_store_list_product_relations (self->store, query, error)))
        return FALSE;

      /* The relations move to @relations. */
      g_ptr_array_set_free_func (page->items, NULL);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (relations, g_ptr_array_index (page->items, i));
      g_free (after);
      after = g_strdup (page->next_cursor);
    }
  while (after != NULL);

  g_clear_pointer (&self->relations, g_ptr_array_unref);
  self->relations = g_steal_pointer (&relations);
  rebuild_rows (self);

  return TRUE;
}

static HwProductRelation *
get_relation (HwRelationList *self,
              guint           position)
{
  g_return_val_if_fail (self->relations != NULL && position < self->relations->len, NULL);

  return g_ptr_array_index (self->relations, position);
}

/* Runs @edit in one transaction with a fresh journal; on success reloads and reports. */
typedef gboolean (*EditFunc) (HwRelationList  *self,
                              HwEditJournal   *journal,
                              gconstpointer    data,
                              GError         **error);

static gboolean
run_edit (HwRelationList  *self,
          EditFunc         edit,
          gconstpointer    data,
          const char      *message,
          GError         **error)
{
  g_autoptr(HwEditJournal) journal = hw_edit_journal_new ();
  g_autoptr(GError) reload_error = NULL;

  if (!hw_store_begin (self->store, error))
    return FALSE;

  if (!edit (self, journal, data, error))
    {
      hw_store_rollback (self->store);
      return FALSE;
    }

  if (!hw_store_commit (self->store, error))
    return FALSE;

  if (!hw_relation_list_reload (self, &reload_error))
    g_warning ("Could not read the relations again: %s", reload_error->message);

  emit_edited (self, journal, message);
  return TRUE;
}

typedef struct
{
  const char *related_id;
  const char *kind;
} AddData;

static gboolean
add_edit (HwRelationList  *self,
          HwEditJournal   *journal,
          gconstpointer    data,
          GError         **error)
{
  const AddData *add = data;
  g_autoptr(HwProductRelation) relation = hw_product_relation_new ();
  gint64 position = 0;

  for (guint i = 0; i < self->relations->len; i++)
    position = MAX (position, get_relation (self, i)->position + 1);

  relation->product_id = g_strdup (self->product_id);
  relation->related_product_id = g_strdup (add->related_id);
  relation->kind = g_strdup (add->kind);
  relation->position = position;

  if (!hw_store_local_create (self->store, relation, error))
    return FALSE;

  hw_edit_journal_record_create (journal, &hw_product_relation_type, HW_ENTITY (relation)->id);
  return TRUE;
}

/**
 * hw_relation_list_add:
 * @kind: variant, accessory, replacement, spare_part or related
 *
 * Relates @related_product_id to the product, last in the order.
 */
gboolean
hw_relation_list_add (HwRelationList  *self,
                      const char      *related_product_id,
                      const char      *kind,
                      GError         **error)
{
  AddData add = { related_product_id, kind };

  g_return_val_if_fail (HW_IS_RELATION_LIST (self), FALSE);
  g_return_val_if_fail (related_product_id != NULL && kind != NULL, FALSE);

  if (g_strcmp0 (related_product_id, self->product_id) == 0)
    {
      g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                           _("A product cannot be related to itself."));
      return FALSE;
    }

  for (guint i = 0; i < self->relations->len; i++)
    {
      HwProductRelation *relation = get_relation (self, i);

      if (g_strcmp0 (relation->related_product_id, related_product_id) == 0 &&
          g_strcmp0 (relation->kind, kind) == 0)
        {
          g_set_error_literal (error, HW_CORE_ERROR, HW_CORE_ERROR_DUPLICATE,
                               _("This product is already related in this way."));
          return FALSE;
        }
    }

  return run_edit (self, add_edit, &add, _("Relation added"), error);
}

static gboolean
update_relation (HwStore            *store,
                 HwEditJournal      *journal,
                 HwProductRelation  *relation,
                 const char         *kind,
                 gint64              position,
                 GError            **error)
{
  g_autoptr(HwProductRelation) changed = hw_entity_copy (relation);

  g_free (changed->kind);
  changed->kind = g_strdup (kind);
  changed->position = position;

  return hw_edit_journal_record (journal, store, &hw_product_relation_type,
                                 HW_ENTITY (relation)->id, error) &&
         hw_store_local_update (store, changed, HW_ENTITY (relation)->rev, error);
}

typedef struct
{
  guint position;
  int   offset;
} MoveData;

static gboolean
move_edit (HwRelationList  *self,
           HwEditJournal   *journal,
           gconstpointer    data,
           GError         **error)
{
  const MoveData *move = data;
  g_autoptr(GPtrArray) order = g_ptr_array_copy (self->relations, NULL, NULL);
  gpointer moved;

  /* The copy borrows the relations: it must not free them (it inherits the free func). */
  g_ptr_array_set_free_func (order, NULL);
  moved = g_ptr_array_steal_index (order, move->position);

  g_ptr_array_insert (order, move->position + move->offset, moved);

  /* Positions become 0…n-1 in the new order; rows already there are not written. */
  for (guint i = 0; i < order->len; i++)
    {
      HwProductRelation *relation = g_ptr_array_index (order, i);

      if (relation->position != (gint64) i &&
          !update_relation (self->store, journal, relation, relation->kind, i, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * hw_relation_list_move:
 * @offset: -1 to move up, 1 to move down
 */
gboolean
hw_relation_list_move (HwRelationList  *self,
                       guint            position,
                       int              offset,
                       GError         **error)
{
  MoveData move = { position, offset };

  g_return_val_if_fail (HW_IS_RELATION_LIST (self), FALSE);
  g_return_val_if_fail (position < self->relations->len, FALSE);

  if ((int) position + offset < 0 || (int) position + offset >= (int) self->relations->len)
    return TRUE;

  return run_edit (self, move_edit, &move, _("Relation moved"), error);
}

typedef struct
{
  guint       position;
  const char *kind;
} KindData;

static gboolean
kind_edit (HwRelationList  *self,
           HwEditJournal   *journal,
           gconstpointer    data,
           GError         **error)
{
  const KindData *change = data;
  HwProductRelation *relation = get_relation (self, change->position);

  return update_relation (self->store, journal, relation, change->kind, relation->position,
                          error);
}

gboolean
hw_relation_list_set_kind (HwRelationList  *self,
                           guint            position,
                           const char      *kind,
                           GError         **error)
{
  KindData change = { position, kind };

  g_return_val_if_fail (HW_IS_RELATION_LIST (self), FALSE);
  g_return_val_if_fail (position < self->relations->len, FALSE);

  return run_edit (self, kind_edit, &change, _("Relation changed"), error);
}

static gboolean
remove_edit (HwRelationList  *self,
             HwEditJournal   *journal,
             gconstpointer    data,
             GError         **error)
{
  HwProductRelation *relation = get_relation (self, GPOINTER_TO_UINT (data));

  return hw_edit_journal_record (journal, self->store, &hw_product_relation_type,
                                 HW_ENTITY (relation)->id, error) &&
         hw_store_local_delete (self->store, &hw_product_relation_type, HW_ENTITY (relation)->id,
                                HW_ENTITY (relation)->rev, error);
}

gboolean
hw_relation_list_remove (HwRelationList  *self,
                         guint            position,
                         GError         **error)
{
  g_return_val_if_fail (HW_IS_RELATION_LIST (self), FALSE);
  g_return_val_if_fail (position < self->relations->len, FALSE);

  return run_edit (self, remove_edit, GUINT_TO_POINTER (position), _("Relation removed"), error);
}

guint
hw_relation_list_get_n_relations (HwRelationList *self)
{
  g_return_val_if_fail (HW_IS_RELATION_LIST (self), 0);

  return self->relations->len;
}

/**
 * hw_relation_list_get_related_id:
 *
 * Returns: the id of the product related at @position
 */
const char *
hw_relation_list_get_related_id (HwRelationList *self,
                                 guint           position)
{
  g_return_val_if_fail (HW_IS_RELATION_LIST (self), NULL);
  g_return_val_if_fail (position < self->relations->len, NULL);

  return get_relation (self, position)->related_product_id;
}

/* Search: on a worker with its own read connection, as it may scan a large assortment. */

static void
search_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **args = task_data;
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwQuery) query = hw_query_new ();
  HwPage *page;
  GError *error = NULL;

  if (!(store = hw_store_open (args[0], HW_STORE_OPEN_READONLY, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  hw_query_set_search (query, args[1]);
  hw_query_set_limit (query, N_RESULTS);
  if (!(page = hw_store_list_products (store, query, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_ptr_array_ref (page->items), (GDestroyNotify) g_ptr_array_unref);
  hw_page_free (page);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GPtrArray *products = g_task_propagate_pointer (G_TASK (result), &error);

  if (products == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, products, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * hw_relation_list_search_async:
 *
 * Looks up at most 20 products matching @text, for the Add popover.
 */
void
hw_relation_list_search_async (HwRelationList      *self,
                               const char          *text,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  char **args;

  g_return_if_fail (HW_IS_RELATION_LIST (self));
  g_return_if_fail (self->store != NULL);

  args = g_new0 (char *, 3);
  args[0] = g_strdup (hw_store_get_path (self->store));
  args[1] = g_strdup (text);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_relation_list_search_async);

  /* The thread's task has no source object: the thread may drop its last reference
   * after the answer reached us, and must not keep the widget alive until then. */
  worker = g_task_new (NULL, cancellable, searched_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (worker, search_worker);
}

/**
 * hw_relation_list_search_finish:
 *
 * Returns: (transfer container) (element-type HwProduct): the matches
 */
GPtrArray *
hw_relation_list_search_finish (HwRelationList  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  g_return_val_if_fail (HW_IS_RELATION_LIST (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
clear_results (HwRelationList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_box))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->results_box, child);
}

static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HwRelationList *self = HW_RELATION_LIST (object);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = hw_relation_list_search_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  clear_results (self);

  if (products == NULL)
    {
      gtk_label_set_label (self->results_placeholder, error->message);
      return;
    }

  gtk_label_set_label (self->results_placeholder, _("No products found"));

  for (guint i = 0; i < products->len; i++)
    {
      HwProduct *product = g_ptr_array_index (products, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     product->display_name ? product->display_name : product->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), product->sku);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "product-id",
                              g_strdup (HW_ENTITY (product)->id), g_free);
      gtk_list_box_append (self->results_box, row);
    }
}

static void
search_changed_cb (HwRelationList *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text[0] == '\0')
    {
      clear_results (self);
      gtk_label_set_label (self->results_placeholder, _("Type to search the assortment"));
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  hw_relation_list_search_async (self, text, self->search_cancellable, search_done_cb, NULL);
}

static void
result_activated_cb (HwRelationList *self,
                     GtkListBoxRow  *row,
                     GtkListBox     *box)
{
  const char *id = g_object_get_data (G_OBJECT (row), "product-id");
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  g_autoptr(GError) error = NULL;

  if (id == NULL || kind >= G_N_ELEMENTS (kinds))
    return;

  gtk_popover_popdown (self->add_popover);

  if (!hw_relation_list_add (self, id, kinds[kind].kind, &error))
    report (self, error);
}

static void
hw_relation_list_dispose (GObject *object)
{
  HwRelationList *self = (HwRelationList *) object;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_RELATION_LIST);

  G_OBJECT_CLASS (hw_relation_list_parent_class)->dispose (object);
}

static void
hw_relation_list_finalize (GObject *object)
{
  HwRelationList *self = (HwRelationList *) object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->product_id, g_free);
  g_clear_pointer (&self->relations, g_ptr_array_unref);

  G_OBJECT_CLASS (hw_relation_list_parent_class)->finalize (object);
}

static void
hw_relation_list_class_init (HwRelationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_relation_list_dispose;
  object_class->finalize = hw_relation_list_finalize;

  /**
   * HwRelationList::edited:
   * @journal: (nullable): what the edit changed, for an Undo; %NULL when it failed
   * @message: what happened, in words for a toast
   *
   * Emitted after each saved edit of the relations, and when one failed.
   */
  signals[EDITED] =
    g_signal_new ("edited",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, HW_TYPE_EDIT_JOURNAL, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-relation-list.ui");
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, add_button);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, add_popover);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, group);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, list_box);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, results_box);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, results_placeholder);
  gtk_widget_class_bind_template_child (widget_class, HwRelationList, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
hw_relation_list_init (HwRelationList *self)
{
  g_autoptr(GtkStringList) kind_model = kind_model_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->relations = g_ptr_array_new_with_free_func (hw_entity_free);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_model));
}

GtkWidget *
hw_relation_list_new (void)
{
  return g_object_new (HW_TYPE_RELATION_LIST, NULL);
}

/**
 * hw_relation_list_set_product:
 *
 * Shows the relations of @product_id, read from @store.
 */
void
hw_relation_list_set_product (HwRelationList *self,
                              HwStore        *store,
                              const char     *product_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (HW_IS_RELATION_LIST (self));
  g_return_if_fail (HW_IS_STORE (store));

  g_set_object (&self->store, store);
  g_free (self->product_id);
  self->product_id = g_strdup (product_id);

  if (!hw_relation_list_reload (self, &error))
    report (self, error);
}
