/* hw-screenshots.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-screenshots"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <glib/gstdio.h>

#include "hw-application.h"
#include "hw-assortment-page.h"
#include "hw-attribute-manager.h"
#include "hw-bulk-edit-dialog.h"
#include "hw-category-tree.h"
#include "hw-conflict-dialog.h"
#include "hw-outbox.h"
#include "hw-preferences-window.h"
#include "hw-product-editor.h"
#include "hw-sign-in-page.h"
#include "hw-sync-indicator.h"
#include "hw-window.h"

#include "hw-test-app.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* Renders the app at 1280×800 to PNG files, as build-aux/screenshots.sh runs it:
 *
 *   hw-screenshots OUTDIR [PRODUCTS]
 *
 * It seeds a demo server (heartwork-one-server seed, PRODUCTS products, 2 000 by
 * default), serves it on loopback and goes through the app as a user would: the
 * sign-in page, the first sync, every section, the Assortment section with a category
 * chosen, the product editor, bulk edit, the attribute definitions, the sync popover, a
 * real conflict and the preferences. Add a shot by adding a function to the shots[] table below. */

#define WIDTH  1280
#define HEIGHT 800

typedef struct
{
  const char     *outdir;
  HwTestFixture   server;
  HwApplication  *app;
  HwWindow       *window;
  guint           n_saved;
} Shots;

static void
save (Shots      *shots,
      GtkWidget  *widget,
      const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (shots->outdir, file, NULL);

  hw_test_render_png (widget, path);
  g_print ("%s\n", path);
  shots->n_saved++;
}

static gboolean
window_has_size (gpointer data)
{
  return gtk_widget_get_width (data) == WIDTH && gtk_widget_get_height (data) == HEIGHT;
}

/* Presents @window so that its widget, without the frame, is WIDTH×HEIGHT. */
static void
present_at_size (GtkWindow *window)
{
  GtkWidget *widget = GTK_WIDGET (window);

  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_present (window);
  gtk_test_widget_wait_for_draw (widget);

  if (!window_has_size (window))
    gtk_window_set_default_size (window,
                                 2 * WIDTH - gtk_widget_get_width (widget),
                                 2 * HEIGHT - gtk_widget_get_height (widget));

  hw_test_wait_for (window_has_size, window);
}

static gboolean
page_is_idle (gpointer data)
{
  return !hw_sign_in_page_get_busy (HW_SIGN_IN_PAGE (data));
}

static void
shot_sign_in (Shots *shots)
{
  HwSignInPage *page = HW_SIGN_IN_PAGE (hw_window_get_sign_in_page (shots->window));

  hw_sign_in_page_set_credentials (page, shots->server.url, HW_TEST_APP_EMAIL, NULL);
  save (shots, GTK_WIDGET (shots->window), "sign-in");

  /* What a mistyped password looks like. */
  hw_sign_in_page_set_credentials (page, shots->server.url, HW_TEST_APP_EMAIL, "wrong");
  hw_sign_in_page_submit (page);
  hw_test_wait_for (page_is_idle, page);
  save (shots, GTK_WIDGET (shots->window), "sign-in-error");
}

static gboolean
first_sync_under_way (gpointer data)
{
  Shots *shots = data;
  HwSession *session = hw_window_get_session (shots->window);
  HwSyncEngine *engine = hw_session_get_engine (session);

  return engine != NULL && hw_sync_engine_get_records_done (engine) > 0;
}

static gboolean
window_shows_sections (gpointer data)
{
  return g_strcmp0 (hw_window_get_page (HW_WINDOW (data)), "main") == 0;
}

static gboolean
engine_synced (gpointer data)
{
  HwSyncEngine *engine = data;

  return hw_sync_engine_get_state (engine) == HW_SYNC_STATE_IDLE &&
         hw_sync_engine_get_last_sync (engine) > 0;
}

static void
shot_initial_sync (Shots *shots)
{
  hw_window_sign_in (shots->window, shots->server.url, HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);
  hw_test_wait_for (first_sync_under_way, shots);
  save (shots, GTK_WIDGET (shots->window), "initial-sync");

  hw_test_wait_for (window_shows_sections, shots->window);
  hw_test_wait_for (engine_synced, hw_session_get_engine (hw_window_get_session (shots->window)));
}

static void
shot_sections (Shots *shots)
{
  static const char * const sections[] = {
    "dashboard", "assortment", "catalogues", "accounts", "rules", "orders", "integrations",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *name = g_strconcat ("section-", sections[i], NULL);

      hw_window_set_section (shots->window, sections[i]);
      save (shots, GTK_WIDGET (shots->window), name);
    }

  hw_window_set_section (shots->window, "dashboard");
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static HwAssortmentPage *
assortment_page (Shots *shots)
{
  GtkWidget *page = find_type (GTK_WIDGET (shots->window), HW_TYPE_ASSORTMENT_PAGE);

  g_assert_nonnull (page);
  return HW_ASSORTMENT_PAGE (page);
}

static gboolean
table_filled (gpointer data)
{
  HwProductListModel *model = hw_assortment_page_get_product_model (data);

  return !hw_product_list_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 &&
         hw_product_list_model_peek_id (model, 0) != NULL;
}

static gboolean
tree_idle (gpointer data)
{
  return !hw_category_tree_get_busy (data);
}

/* Lets the table's rows bind their loaded pages before the shot. */
static void
settle (Shots *shots)
{
  for (guint i = 0; i < 20; i++)
    {
      gtk_test_widget_wait_for_draw (GTK_WIDGET (shots->window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

/* The first top-level category with subcategories, or else the first one. */
static const char *
category_to_show (HwCategoryTree *tree)
{
  GListModel *rows = hw_category_tree_get_model (tree);
  g_autoptr(GtkTreeListRow) all_row = g_list_model_get_item (rows, 0);
  g_autoptr(HwCategoryNode) all = gtk_tree_list_row_get_item (all_row);
  GListModel *roots = G_LIST_MODEL (hw_category_node_get_children (all));
  const char *id = NULL;

  for (guint i = g_list_model_get_n_items (roots); i > 0; i--)
    {
      g_autoptr(HwCategoryNode) node = g_list_model_get_item (roots, i - 1);

      if (id == NULL ||
          g_list_model_get_n_items (G_LIST_MODEL (hw_category_node_get_children (node))) > 0)
        id = hw_category_node_get_id (node);
    }

  g_assert_nonnull (id);
  return id;
}

static void
shot_assortment (Shots *shots)
{
  HwAssortmentPage *page;
  HwCategoryTree *tree;

  hw_window_set_section (shots->window, "assortment");
  page = assortment_page (shots);
  tree = hw_assortment_page_get_category_tree (page);
  hw_test_wait_for (tree_idle, tree);
  hw_test_wait_for (table_filled, page);
  settle (shots);
  save (shots, GTK_WIDGET (shots->window), "assortment");

  /* A category chosen in the tree: the table shows what is in it. */
  g_assert_true (hw_category_tree_select (tree, category_to_show (tree)));
  hw_test_wait_for (table_filled, page);
  settle (shots);
  save (shots, GTK_WIDGET (shots->window), "assortment-category");
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        return l->data;
    }

  return NULL;
}

static gboolean
bulk_edit_shown (gpointer data)
{
  return find_toplevel (HW_TYPE_BULK_EDIT_DIALOG) != NULL;
}

/* A product with attribute values and relations, to show every part of the editor. */
static char *
product_to_edit (HwStore *store)
{
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) relations = NULL;
  g_autoptr(GError) error = NULL;
  char *fallback = NULL;

  hw_query_set_limit (query, 200);
  relations = hw_store_list_product_relations (store, query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < relations->items->len; i++)
    {
      HwProductRelation *relation = g_ptr_array_index (relations->items, i);
      g_autoptr(HwProduct) product = hw_store_get_product (store, relation->product_id, &error);

      g_assert_no_error (error);
      if (product->attributes->len > 0)
        return g_strdup (relation->product_id);
      if (fallback == NULL)
        fallback = g_strdup (relation->product_id);
    }

  g_assert_nonnull (fallback);
  return fallback;
}

static void
shot_product_editor (Shots *shots)
{
  HwStore *store = hw_session_get_store (hw_window_get_session (shots->window));
  g_autofree char *id = product_to_edit (store);
  HwAssortmentPage *page = assortment_page (shots);
  GtkAdjustment *adjustment;
  GtkWidget *scrolled;
  GtkWindow *editor;

  /* As a double click in the table opens it: through the window. */
  g_signal_emit_by_name (page, "product-activated", id);
  editor = find_toplevel (HW_TYPE_PRODUCT_EDITOR);
  g_assert_nonnull (editor);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save (shots, GTK_WIDGET (editor), "product-editor");

  /* Below the attributes: the relations and the ERP fields. */
  scrolled = find_type (GTK_WIDGET (editor), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (editor));
  save (shots, GTK_WIDGET (editor), "product-editor-relations");
  gtk_window_destroy (editor);
}

static void
shot_bulk_edit (Shots *shots)
{
  HwAssortmentPage *page = assortment_page (shots);
  GtkSelectionModel *selection = hw_assortment_page_get_selection (page);
  GtkWidget *change_row;
  GtkWindow *dialog;

  gtk_selection_model_select_range (selection, 0, 12, TRUE);
  settle (shots);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "assortment.bulk-edit", NULL));
  /* The whole selection's ids are read in a worker first. */
  hw_test_wait_for (bulk_edit_shown, NULL);
  dialog = find_toplevel (HW_TYPE_BULK_EDIT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  save (shots, GTK_WIDGET (shots->window), "assortment-selection");
  save (shots, GTK_WIDGET (dialog), "bulk-edit");

  /* Its other two kinds of change. */
  change_row = find_type (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW);
  g_assert_nonnull (change_row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (change_row), 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  save (shots, GTK_WIDGET (dialog), "bulk-edit-attribute");
  adw_combo_row_set_selected (ADW_COMBO_ROW (change_row), 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  save (shots, GTK_WIDGET (dialog), "bulk-edit-field");
  gtk_window_destroy (dialog);
  gtk_selection_model_unselect_all (selection);
}

static void
shot_attribute_manager (Shots *shots)
{
  GtkWindow *manager;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (shots->window), "win.manage-attributes", NULL));
  manager = find_toplevel (HW_TYPE_ATTRIBUTE_MANAGER);
  g_assert_nonnull (manager);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (manager));
  save (shots, GTK_WIDGET (manager), "attribute-definitions");
  gtk_window_destroy (manager);
}

static void
shot_sync_popover (Shots *shots)
{
  HwSyncIndicator *indicator = HW_SYNC_INDICATOR (hw_window_get_sync_indicator (shots->window));
  GtkPopover *popover = hw_sync_indicator_get_popover (indicator);

  hw_sync_indicator_popup (indicator);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (popover));
  /* A popover is a surface of its own: saved alone, and beside the window. */
  save (shots, GTK_WIDGET (popover), "sync-popover");
  gtk_popover_popdown (popover);
}

static void
shot_conflict_dialog (Shots *shots)
{
  HwSession *session = hw_window_get_session (shots->window);
  HwStore *store = hw_session_get_store (session);
  HwSyncEngine *engine = hw_session_get_engine (session);
  g_autoptr(HwQuery) query = hw_query_new ();
  g_autoptr(HwPage) page = NULL;
  g_autoptr(HwProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto(HwTestResponse) response = { 0, };
  HwConflictDialog *dialog;

  /* A colleague renames on the server what was renamed here meanwhile. */
  hw_query_set_sort (query, "id", FALSE);
  hw_query_set_limit (query, 1);
  page = hw_store_list_products (store, query, &error);
  g_assert_no_error (error);
  product = hw_entity_copy (g_ptr_array_index (page->items, 0));
  g_free (product->display_name);
  product->display_name = g_strdup ("Insulating tape, green-yellow, 20 m");
  hw_store_local_update (store, product, HW_ENTITY (product)->rev, &error);
  g_assert_no_error (error);

  path = g_strconcat ("/api/v1/products/", HW_ENTITY (product)->id, NULL);
  hw_test_patch (shots->server.session, shots->server.url, &response, path, shots->server.owner,
                 "{\"display_name\": \"PVC tape 19 mm × 20 m, green-yellow\", "
                 "\"brand\": \"Wago\"}");
  g_assert_cmpuint (response.status, ==, 200);

  error = hw_test_sync_run (engine, NULL);
  g_assert_no_error (error);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine), ==, 1);
  save (shots, GTK_WIDGET (shots->window), "section-conflict-toast");

  dialog = hw_conflict_dialog_new (engine, store);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (shots->window));
  gtk_window_present (GTK_WINDOW (dialog));
  save (shots, GTK_WIDGET (dialog), "conflict-dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
shot_preferences (Shots *shots)
{
  HwPreferencesWindow *preferences = hw_preferences_window_new (hw_window_get_session (shots->window));

  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (shots->window));
  gtk_window_present (GTK_WINDOW (preferences));
  save (shots, GTK_WIDGET (preferences), "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static gboolean
window_is_offline (gpointer data)
{
  return hw_window_get_offline (HW_WINDOW (data));
}

static void
shot_offline (Shots *shots)
{
  HwSyncEngine *engine = hw_session_get_engine (hw_window_get_session (shots->window));

  hw_test_serve_stop (shots->server.process);
  g_clear_object (&shots->server.process);

  hw_sync_engine_sync_now (engine);
  hw_test_wait_for (window_is_offline, shots->window);
  hw_window_set_section (shots->window, "assortment");
  save (shots, GTK_WIDGET (shots->window), "section-offline");
}

/* In order: each starts where the one before left the app. */
static const struct {
  const char *name;
  void      (*func) (Shots *shots);
} shots_table[] = {
  { "sign-in", shot_sign_in },
  { "initial-sync", shot_initial_sync },
  { "sections", shot_sections },
  { "assortment", shot_assortment },
  { "product-editor", shot_product_editor },
  { "bulk-edit", shot_bulk_edit },
  { "attribute-definitions", shot_attribute_manager },
  { "sync-popover", shot_sync_popover },
  { "conflict-dialog", shot_conflict_dialog },
  { "preferences", shot_preferences },
  { "offline", shot_offline },
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *products = NULL;
  Shots shots = { 0, };

  /* The app's profiles go to a directory of their own, before GLib reads the variable. */
  data_dir = g_dir_make_tmp ("hw-screenshots-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_setenv ("HW_TOKEN_STORE", "memory", TRUE);

  /* As main.c does; HW_LOCALEDIR points at the build tree's catalogues, so that
   * LANGUAGE=nl shows the Dutch strings without an install. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("HW_LOCALEDIR") ? g_getenv ("HW_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  hw_test_app_init (&argc, &argv);

  /* gtk_test_init() keeps the C locale, in which gettext ignores LANGUAGE. */
  setlocale (LC_ALL, "");

  if (argc < 2)
    {
      g_printerr ("Usage: %s OUTDIR [PRODUCTS]\n", argv[0]);
      return 1;
    }

  shots.outdir = argv[1];
  products = g_strdup (argc > 2 ? argv[2] : "2000");
  g_assert_cmpint (g_mkdir_with_parents (shots.outdir, 0755), ==, 0);

  hw_test_fixture_prepare (&shots.server, "hw-screenshots-server-XXXXXX",
                           (const char * const[]) { "--products", products, "--accounts", "50",
                                                    "--users", "200", "--orders", "2000", NULL });
  shots.server.process = hw_test_serve_start (shots.server.db, shots.server.log, &shots.server.url);
  shots.server.session = hw_test_session_new ();
  shots.server.owner = hw_test_login_token (shots.server.session, shots.server.url,
                                            HW_TEST_APP_EMAIL, HW_TEST_PASSWORD);

  shots.app = hw_application_new ();
  g_application_set_flags (G_APPLICATION (shots.app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (shots.app), NULL, &error);
  g_assert_no_error (error);

  shots.window = hw_window_new (shots.app);
  present_at_size (GTK_WINDOW (shots.window));

  for (guint i = 0; i < G_N_ELEMENTS (shots_table); i++)
    {
      g_printerr ("Shot: %s\n", shots_table[i].name);
      shots_table[i].func (&shots);
    }

  gtk_window_destroy (GTK_WINDOW (shots.window));
  g_clear_object (&shots.app);
  hw_test_fixture_stop (&shots.server);
  hw_test_remove_tree (data_dir);

  g_printerr ("%u screenshots in %s\n", shots.n_saved, shots.outdir);

  return 0;
}
