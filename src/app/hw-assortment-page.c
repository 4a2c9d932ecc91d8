/* hw-assortment-page.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-assortment-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-assortment-page.h"

/* The Assortment section: the category tree beside the product table. The table is a
 * GtkColumnView over HwProductListModel; the tree, the search entry, the status and
 * the "incomplete only" toggle make its query, and a change of any reloads it. */
struct _HwAssortmentPage
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  GtkColumnView      *column_view;
  GtkColumnViewColumn *brand_column;
  GtkColumnViewColumn *category_column;
  GtkColumnViewColumn *completeness_column;
  GtkLabel           *count_label;
  AdwStatusPage      *empty_page;
  GtkToggleButton    *incomplete_toggle;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *price_column;
  GtkSearchEntry     *search_entry;
  GtkColumnViewColumn *sku_column;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkDropDown        *status_dropdown;
  GtkColumnViewColumn *status_column;
  GtkStack           *table_stack;
  HwCategoryTree     *tree;

  /* Owned References */
  HwStore            *store;
  HwProductListModel *model;
  GtkMultiSelection  *selection;

  guint               queried : 1;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

enum {
  SIGNAL_PRODUCT_ACTIVATED,
  SIGNAL_BULK_EDIT,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HwAssortmentPage, hw_assortment_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const statuses[] = { NULL, "active", "discontinued", "blocked" };

/* Sorting. GTK 4.8 cannot tell which column a GtkColumnView sorts by (the getters are
 * 4.10), so each sortable column gets a sorter that names its store field when asked:
 * comparing two rows with the view's sorter asks the primary column first, and the
 * sign of the answer tells the order. Main thread only. */
static const char *probed_field;

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      field)
{
  if (probed_field == NULL)
    probed_field = field;
  return GTK_ORDERING_SMALLER;
}

static const char *
current_sort (HwAssortmentPage *self,
              gboolean         *descending)
{
  g_autoptr(HwProductRow) a = hw_product_row_new (0);
  g_autoptr(HwProductRow) b = hw_product_row_new (1);
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;
  const char *field;

  probed_field = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  field = probed_field;
  probed_field = NULL;

  *descending = order == GTK_ORDERING_LARGER;
  return order == GTK_ORDERING_EQUAL ? NULL : field;
}

static HwQuery *
build_query (HwAssortmentPage *self)
{
  HwQuery *query = hw_query_new ();
  HwCategoryNode *node = hw_category_tree_get_selected_node (self->tree);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  gboolean descending = FALSE;
  const char *sort;

  if (node != NULL && hw_category_node_get_kind (node) == HW_CATEGORY_NODE_CATEGORY)
    hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE,
                         hw_category_node_get_id (node));
  else if (node != NULL && hw_category_node_get_kind (node) == HW_CATEGORY_NODE_UNCATEGORIZED)
    hw_query_add_filter (query, "category_id", HW_FILTER_IS_NULL, NULL);

  if (status < G_N_ELEMENTS (statuses) && statuses[status] != NULL)
    hw_query_add_filter (query, "status", HW_FILTER_EQ, statuses[status]);

  if (gtk_toggle_button_get_active (self->incomplete_toggle))
    hw_query_add_filter (query, "completeness", HW_FILTER_LT, "100");

  if (text != NULL && text[0] != '\0')
    hw_query_set_search (query, text);

  if ((sort = current_sort (self, &descending)) != NULL)
    hw_query_set_sort (query, sort, descending);

  return query;
}

static gboolean
has_filters (HwAssortmentPage *self)
{
  HwQuery *query;

  if (self->model == NULL)
    return FALSE;

  query = hw_product_list_model_get_query (self->model);
  return hw_query_get_n_filters (query) > 0 || hw_query_get_search (query) != NULL;
}

static void
update_state (HwAssortmentPage *self)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  gboolean loading = self->model && hw_product_list_model_get_loading (self->model);
  const char *error = self->model ? hw_product_list_model_get_error_message (self->model) : NULL;
  g_autofree char *count = NULL;

  gtk_spinner_set_spinning (self->spinner, loading);

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("Products Unavailable"));
      adw_status_page_set_description (self->empty_page, error);
      gtk_stack_set_visible_child_name (self->table_stack, "empty");
    }
  else if (n == 0 && !loading)
    {
      adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Products Found"));
      adw_status_page_set_description (self->empty_page,
                                       has_filters (self)
                                       ? _("Try a different search, or fewer filters.")
                                       : _("This part of the assortment holds no products."));
      gtk_stack_set_visible_child_name (self->table_stack, "empty");
    }
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->table_stack, "table");

  if (self->model != NULL && !hw_product_list_model_get_exact (self->model))
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %u product",
                                          "At least %u products", n), n);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u product", "%u products", n), n);
  gtk_label_set_label (self->count_label, self->model ? count : NULL);
}

static void
update_actions (HwAssortmentPage *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  gboolean any;

  if (self->selection != NULL)
    selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  any = selected != NULL && !gtk_bitset_is_empty (selected);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assortment.edit-product", any);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assortment.bulk-edit", any);
}

/* What a query lists, as text: two queries with the same key list the same rows. */
static char *
query_key (HwQuery *query)
{
  GString *key = g_string_new (NULL);
  gboolean descending = FALSE;
  const char *sort = hw_query_get_sort (query, &descending);

  for (guint i = 0; i < hw_query_get_n_filters (query); i++)
    {
      const char *field, *value;
      HwFilterOp op;

      hw_query_get_filter (query, i, &field, &op, &value);
      g_string_append_printf (key, "%s\x1f%d\x1f%s\x1e", field, op, value ? value : "");
    }
  g_string_append_printf (key, "%s\x1f%d\x1e%s", sort ? sort : "", descending,
                          hw_query_get_search (query) ? hw_query_get_search (query) : "");
  return g_string_free (key, FALSE);
}

/* Lists what the tree and the filters ask for. The same query again (a tree reload
 * reselecting its row) would only flicker, unless the rows changed (@force). */
static void
refresh (HwAssortmentPage *self,
         gboolean          force)
{
  g_autoptr(HwQuery) query = NULL;
  g_autofree char *key = NULL;
  g_autofree char *shown = NULL;

  if (self->model == NULL)
    return;

  query = build_query (self);
  key = query_key (query);
  shown = query_key (hw_product_list_model_get_query (self->model));
  if (self->queried && !force && g_str_equal (key, shown))
    return;

  self->queried = TRUE;
  hw_product_list_model_set_query (self->model, query);
}

static void
filters_changed_cb (HwAssortmentPage *self)
{
  refresh (self, FALSE);
}

static void
tree_edited_cb (HwAssortmentPage *self)
{
  /* A delete or move changes which products a subtree holds, and their category names. */
  refresh (self, TRUE);
}

static void
column_view_activate_cb (HwAssortmentPage *self,
                         guint             position)
{
  const char *id = self->model ? hw_product_list_model_peek_id (self->model, position) : NULL;

  if (id != NULL)
    g_signal_emit (self, signals[SIGNAL_PRODUCT_ACTIVATED], 0, id);
}

/* Cells */

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "hw-numeric"));

  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 4);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (numeric)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (inscription), 1.0f);
      gtk_widget_add_css_class (inscription, "numeric");
    }
  gtk_list_item_set_child (item, inscription);
}

static void
bind_text_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *inscription = gtk_list_item_get_child (item);
  const char *property = g_object_get_data (G_OBJECT (factory), "hw-property");
  GBinding *binding;

  binding = g_object_bind_property (gtk_list_item_get_item (item), property,
                                    inscription, "text", G_BINDING_SYNC_CREATE);
  g_object_set_data (G_OBJECT (inscription), "hw-binding", binding);
}

static void
unbind_text_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *inscription = gtk_list_item_get_child (item);

  g_binding_unbind (g_object_get_data (G_OBJECT (inscription), "hw-binding"));
}

static void
setup_completeness_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0.0, 1.0);
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  /* The bar says how far; the default offsets would colour a low value as an alarm. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 5);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 5);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);
  g_object_set_data (G_OBJECT (box), "hw-bar", bar);
  g_object_set_data (G_OBJECT (box), "hw-label", label);
  gtk_list_item_set_child (item, box);
}

static void
bind_completeness_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GObject *row = gtk_list_item_get_item (item);
  GPtrArray *bindings = g_ptr_array_new ();

  g_ptr_array_add (bindings,
                   g_object_bind_property (row, "completeness",
                                           g_object_get_data (G_OBJECT (box), "hw-bar"), "value",
                                           G_BINDING_SYNC_CREATE));
  g_ptr_array_add (bindings,
                   g_object_bind_property (row, "loaded",
                                           g_object_get_data (G_OBJECT (box), "hw-bar"), "visible",
                                           G_BINDING_SYNC_CREATE));
  g_ptr_array_add (bindings,
                   g_object_bind_property (row, "completeness-text",
                                           g_object_get_data (G_OBJECT (box), "hw-label"), "text",
                                           G_BINDING_SYNC_CREATE));
  g_object_set_data_full (G_OBJECT (box), "hw-bindings", bindings,
                          (GDestroyNotify) g_ptr_array_unref);
}

static void
unbind_completeness_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GPtrArray *bindings = g_object_get_data (G_OBJECT (box), "hw-bindings");

  for (guint i = 0; bindings != NULL && i < bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (bindings, i));
  g_object_set_data (G_OBJECT (box), "hw-bindings", NULL);
}

static void
set_up_column (GtkColumnViewColumn *column,
               const char          *property,
               const char          *sort_field,
               gboolean             numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  if (property != NULL)
    {
      g_object_set_data (G_OBJECT (factory), "hw-property", (gpointer) property);
      g_object_set_data (G_OBJECT (factory), "hw-numeric", GINT_TO_POINTER (numeric));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_text_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_text_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_text_cb), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_completeness_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_completeness_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_completeness_cb), NULL);
    }
  gtk_column_view_column_set_factory (column, factory);
  g_object_unref (factory);

  /* Brand and category may be empty, which the store's keyset cannot sort by. */
  if (sort_field != NULL)
    {
      GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare,
                                                             (gpointer) sort_field, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
    }
}

/* Actions */

static void
edit_product_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  HwAssortmentPage *self = HW_ASSORTMENT_PAGE (widget);
  g_auto(GStrv) ids = hw_assortment_page_dup_selected_product_ids (self);

  if (ids[0] != NULL)
    g_signal_emit (self, signals[SIGNAL_PRODUCT_ACTIVATED], 0, ids[0]);
}

static void
bulk_edit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNAL_BULK_EDIT], 0);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  HwAssortmentPage *self = HW_ASSORTMENT_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* GObject */

static void
hw_assortment_page_dispose (GObject *object)
{
  HwAssortmentPage *self = (HwAssortmentPage *)object;

  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_ASSORTMENT_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (hw_assortment_page_parent_class)->dispose (object);
}

static void
hw_assortment_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HwAssortmentPage *self = HW_ASSORTMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, hw_assortment_page_get_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_assortment_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HwAssortmentPage *self = HW_ASSORTMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      hw_assortment_page_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_assortment_page_class_init (HwAssortmentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_assortment_page_dispose;
  object_class->get_property = hw_assortment_page_get_property;
  object_class->set_property = hw_assortment_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HwAssortmentPage::product-activated:
   * @product_id: the product's id
   *
   * A product row was activated (Enter, double click, or Edit Product).
   */
  signals[SIGNAL_PRODUCT_ACTIVATED] =
    g_signal_new ("product-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * HwAssortmentPage::bulk-edit:
   *
   * The user asked to edit the selected products together; get them with
   * hw_assortment_page_dup_selected_product_ids().
   */
  signals[SIGNAL_BULK_EDIT] =
    g_signal_new ("bulk-edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/heartwork/One/hw-assortment-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, brand_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, category_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, completeness_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, incomplete_toggle);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, name_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, price_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, sku_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, table_stack);
  gtk_widget_class_bind_template_child (widget_class, HwAssortmentPage, tree);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tree_edited_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "assortment.edit-product", NULL,
                                   edit_product_action);
  gtk_widget_class_install_action (widget_class, "assortment.bulk-edit", NULL,
                                   bulk_edit_action);
  gtk_widget_class_install_action (widget_class, "assortment.search", NULL, search_action);
  /* The window's Ctrl+F asks the visible section for this one (hw-window.h). */
  gtk_widget_class_install_action (widget_class, "section.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "assortment.search", NULL);

  g_type_ensure (HW_TYPE_CATEGORY_TREE);
}

static void
hw_assortment_page_init (HwAssortmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* A keystroke cancels the query of the one before; a short delay spares the worker
   * the keys of a word typed fast. */
  gtk_search_entry_set_search_delay (self->search_entry, 100);

  set_up_column (self->sku_column, "sku", "sku", FALSE);
  set_up_column (self->name_column, "name", "name", FALSE);
  set_up_column (self->brand_column, "brand", NULL, FALSE);
  set_up_column (self->category_column, "category", NULL, FALSE);
  set_up_column (self->status_column, "status", "status", FALSE);
  set_up_column (self->price_column, "price", "base_price", TRUE);
  set_up_column (self->completeness_column, NULL, "completeness", FALSE);

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (filters_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_stack_set_visible_child_name (self->stack, "no-store");
  update_actions (self);
}

GtkWidget *
hw_assortment_page_new (void)
{
  return g_object_new (HW_TYPE_ASSORTMENT_PAGE, NULL);
}

HwStore *
hw_assortment_page_get_store (HwAssortmentPage *self)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  return self->store;
}

/**
 * hw_assortment_page_set_store:
 * @store: (nullable): the local copy, or %NULL to show that there is none
 */
void
hw_assortment_page_set_store (HwAssortmentPage *self,
                              HwStore          *store)
{
  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));
  g_return_if_fail (!store || HW_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);

  self->queried = FALSE;
  if (store != NULL)
    {
      self->model = hw_product_list_model_new (store, 0, 0);
      g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_state), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::error-message", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->model, "notify::exact", G_CALLBACK (update_state),
                               self, G_CONNECT_SWAPPED);
      self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
      g_signal_connect_object (self->selection, "selection-changed",
                               G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
    }

  /* The tree selects "All Products" as it loads, which makes the first query. */
  hw_category_tree_set_store (self->tree, store);
  if (self->model != NULL && hw_product_list_model_get_loading (self->model) == FALSE)
    filters_changed_cb (self);

  gtk_stack_set_visible_child_name (self->stack, store ? "content" : "no-store");
  update_state (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * hw_assortment_page_reload:
 *
 * Reads the tree and the table again, e.g. after a sync pulled changes.
 */
void
hw_assortment_page_reload (HwAssortmentPage *self)
{
  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));

  if (self->store == NULL)
    return;

  hw_category_tree_reload (self->tree);
  refresh (self, TRUE);
}

/**
 * hw_assortment_page_dup_selected_product_ids:
 *
 * The ids of the selected products whose rows are read. A selection that reaches
 * into pages not read (or evicted), such as Select All on a long list, yields only
 * the rows the table holds.
 *
 * Returns: (transfer full): a %NULL-terminated array of product ids
 */
char **
hw_assortment_page_dup_selected_product_ids (HwAssortmentPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  if (self->selection != NULL)
    {
      selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
      for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
           ok;
           ok = gtk_bitset_iter_next (&iter, &position))
        {
          const char *id = hw_product_list_model_peek_id (self->model, position);

          if (id != NULL)
            g_strv_builder_add (builder, id);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * hw_assortment_page_get_category_tree:
 *
 * Returns: (transfer none): the category tree
 */
HwCategoryTree *
hw_assortment_page_get_category_tree (HwAssortmentPage *self)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  return self->tree;
}

/**
 * hw_assortment_page_get_product_model:
 *
 * Returns: (transfer none) (nullable): the table's model, %NULL without a store
 */
HwProductListModel *
hw_assortment_page_get_product_model (HwAssortmentPage *self)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  return self->model;
}

/**
 * hw_assortment_page_get_selection:
 *
 * Returns: (transfer none) (nullable): the table's selection
 */
GtkSelectionModel *
hw_assortment_page_get_selection (HwAssortmentPage *self)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  return self->selection ? GTK_SELECTION_MODEL (self->selection) : NULL;
}

void
hw_assortment_page_set_search_text (HwAssortmentPage *self,
                                    const char       *text)
{
  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Now, not after the entry's delay. */
  refresh (self, FALSE);
}

/**
 * hw_assortment_page_set_status_filter:
 * @status: (nullable): active, discontinued or blocked; %NULL for all
 */
void
hw_assortment_page_set_status_filter (HwAssortmentPage *self,
                                      const char       *status)
{
  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      gtk_drop_down_set_selected (self->status_dropdown, i);
}

void
hw_assortment_page_set_incomplete_only (HwAssortmentPage *self,
                                        gboolean          incomplete_only)
{
  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));

  gtk_toggle_button_set_active (self->incomplete_toggle, incomplete_only);
}

/* Resolving a selection: a worker reads the ids of every selected row, read by the
 * table or not, so that Select All on a million rows means a million products. */

typedef struct
{
  char    *db_path;
  HwQuery *query;
  GArray  *ranges;  /* guint pairs: first position, number of rows */
} ResolveSelection;

static void
resolve_selection_free (ResolveSelection *resolve)
{
  g_free (resolve->db_path);
  hw_query_unref (resolve->query);
  g_array_unref (resolve->ranges);
  g_free (resolve);
}

/* The model's query without its cursor and limit, for the worker alone. */
static HwQuery *
copy_query (const HwQuery *query)
{
  HwQuery *copy = hw_query_new ();
  const char *sort;
  gboolean descending = FALSE;

  if ((sort = hw_query_get_sort (query, &descending)) != NULL)
    hw_query_set_sort (copy, sort, descending);
  hw_query_set_search (copy, hw_query_get_search (query));
  hw_query_set_with_children (copy, hw_query_get_with_children (query));
  for (guint i = 0; i < hw_query_get_n_filters (query); i++)
    {
      const char *field;
      const char *value;
      HwFilterOp op;

      hw_query_get_filter (query, i, &field, &op, &value);
      hw_query_add_filter (copy, field, op, value);
    }

  return copy;
}

static void
resolve_selection_worker (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
  ResolveSelection *resolve = task_data;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(HwStore) store = NULL;
  GError *error = NULL;

  if (!(store = hw_store_open (resolve->db_path, HW_STORE_OPEN_READONLY, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint r = 0; r < resolve->ranges->len; r += 2)
    {
      guint first = g_array_index (resolve->ranges, guint, r);
      guint left = g_array_index (resolve->ranges, guint, r + 1);
      g_autoptr(HwPage) page = NULL;

      /* One jump by offset per range, then the keyset: offsets cost their length. */
      hw_query_set_after (resolve->query, NULL);
      hw_query_set_limit (resolve->query, MIN (left, HW_QUERY_MAX_LIMIT));
      page = hw_store_list_at (store, &hw_product_type, resolve->query, first, &error);

      while (page != NULL)
        {
          g_autofree char *next = NULL;

          for (guint i = 0; i < page->items->len && left > 0; i++, left--)
            g_strv_builder_add (builder, HW_ENTITY (g_ptr_array_index (page->items, i))->id);

          if (left == 0 || page->next_cursor == NULL)
            break;
          if (g_task_return_error_if_cancelled (task))
            return;

          next = g_strdup (page->next_cursor);
          g_clear_pointer (&page, hw_page_free);
          hw_query_set_after (resolve->query, next);
          hw_query_set_limit (resolve->query, MIN (left, HW_QUERY_MAX_LIMIT));
          page = hw_store_list_products (store, resolve->query, &error);
        }

      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
}

/**
 * hw_assortment_page_resolve_selection_async:
 *
 * Reads the ids of every selected product in a worker, also of rows the table has not
 * read (hw_assortment_page_dup_selected_product_ids() gives only those it holds).
 */
void
hw_assortment_page_resolve_selection_async (HwAssortmentPage    *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkBitset) selected = NULL;
  ResolveSelection *resolve;
  GtkBitsetIter iter;
  guint position;

  g_return_if_fail (HW_IS_ASSORTMENT_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_assortment_page_resolve_selection_async);

  if (self->store == NULL || self->selection == NULL)
    {
      g_task_return_pointer (task, g_new0 (char *, 1), (GDestroyNotify) g_strfreev);
      return;
    }

  resolve = g_new0 (ResolveSelection, 1);
  resolve->db_path = g_strdup (hw_store_get_path (self->store));
  resolve->query = copy_query (hw_product_list_model_get_query (self->model));
  resolve->ranges = g_array_new (FALSE, FALSE, sizeof (guint));

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      guint n = resolve->ranges->len;

      if (n > 0 &&
          g_array_index (resolve->ranges, guint, n - 2) +
          g_array_index (resolve->ranges, guint, n - 1) == position)
        {
          g_array_index (resolve->ranges, guint, n - 1)++;
        }
      else
        {
          guint one = 1;

          g_array_append_val (resolve->ranges, position);
          g_array_append_val (resolve->ranges, one);
        }
    }

  g_task_set_task_data (task, resolve, (GDestroyNotify) resolve_selection_free);
  g_task_run_in_thread (task, resolve_selection_worker);
}

/**
 * hw_assortment_page_resolve_selection_finish:
 *
 * Returns: (transfer full): a %NULL-terminated array of the selected products' ids, in
 *   table order, or %NULL with @error set
 */
char **
hw_assortment_page_resolve_selection_finish (HwAssortmentPage  *self,
                                             GAsyncResult      *result,
                                             GError           **error)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * hw_assortment_page_get_query:
 *
 * What the table shows (filters, sort, search), for work on all matching products
 * rather than on the rows read (bulk edit of a Select All).
 *
 * Returns: (transfer none) (nullable): the query, %NULL without a store
 */
HwQuery *
hw_assortment_page_get_query (HwAssortmentPage *self)
{
  g_return_val_if_fail (HW_IS_ASSORTMENT_PAGE (self), NULL);

  return self->model ? hw_product_list_model_get_query (self->model) : NULL;
}
