/* test-e2e.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-e2e"

#include "config.h"

#include <glib/gstdio.h>

#include "hw-application.h"
#include "hw-assortment-page.h"
#include "hw-category-tree.h"
#include "hw-product-editor.h"
#include "hw-product-row.h"
#include "hw-server-cli.h"
#include "hw-sign-in-page.h"
#include "hw-window.h"

#include "hw-test-app.h"
#include "hw-test-server.h"
#include "hw-test-sync.h"

/* The end-to-end test of issue 6: the real server on loopback with a small demo, and
 * the real window of a HwApplication driven as a user would drive it: signing in on
 * the sign-in page, the first sync, the Assortment section chosen in the sidebar, a
 * product opened from the table, renamed and saved in its editor, a category indented
 * in the tree, a sync, and the server's API asked whether it has both changes.
 *
 * Each step is a test case of its own, run in order on one shared state, so that a
 * failure names its step ("not ok 5 /App/E2E/5-save-product-name"). A step whose
 * predecessor failed is not run: GTest stops at the first failure. */

#define E2E_EMAIL    "editor@example.com"
#define E2E_NAME     "Renamed end to end"

static struct
{
  HwTestFixture    server;
  char            *data_dir;
  HwApplication   *app;
  HwWindow        *window;
  HwProductEditor *editor;
  char            *product_id;
  char            *category_id;
  char            *new_parent_id;
  gint64           last_sync;
} e2e;

/* Widgets are found as a user finds them: by what they are and what they say. */

typedef gboolean (*WidgetMatch) (GtkWidget  *widget,
                                 const char *text);

static GtkWidget *
find_widget (GtkWidget   *root,
             GType        type,
             WidgetMatch  match,
             const char  *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (match == NULL || match (root, text)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, match, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
row_has_title (GtkWidget  *widget,
               const char *title)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
label_says (GtkWidget  *widget,
            const char *text)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  return find_widget (widget, GTK_TYPE_LABEL, label_says, text) != NULL;
}

static gboolean
has_css_class (GtkWidget  *widget,
               const char *css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

static gboolean
button_has_action (GtkWidget  *widget,
                   const char *action_name)
{
  return g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static GtkWidget *
find_in_window (GType        type,
                WidgetMatch  match,
                const char  *text)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (e2e.window), type, match, text);

  g_assert_nonnull (widget);
  return widget;
}

static HwProductEditor *
find_product_editor (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *l = toplevels; l != NULL; l = l->next)
    {
      if (HW_IS_PRODUCT_EDITOR (l->data))
        return l->data;
    }

  return NULL;
}

/* Typing into an entry: the text goes in as keystrokes would put it, piece by piece. */
static void
type_text (GtkWidget  *editable,
           const char *text)
{
  int position = 0;

  gtk_editable_delete_text (GTK_EDITABLE (editable), 0, -1);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    gtk_editable_insert_text (GTK_EDITABLE (editable), p, g_utf8_next_char (p) - p, &position);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (editable)), ==, text);
}

static HwSyncEngine *
engine (void)
{
  return hw_session_get_engine (hw_window_get_session (e2e.window));
}

static HwStore *
local_store (void)
{
  return hw_session_get_store (hw_window_get_session (e2e.window));
}

/* The API writes an empty optional reference as null; absent counts as null too. */
static gboolean
member_is_null (JsonObject *object,
                const char *member)
{
  return !json_object_has_member (object, member) || json_object_get_null_member (object, member);
}

static HwAssortmentPage *
assortment_page (void)
{
  return HW_ASSORTMENT_PAGE (find_in_window (HW_TYPE_ASSORTMENT_PAGE, NULL, NULL));
}

static HwCategoryTree *
category_tree (void)
{
  return HW_CATEGORY_TREE (find_in_window (HW_TYPE_CATEGORY_TREE, NULL, NULL));
}

/* The server's view of an entity, asked as the owner through the HTTP API. */
static JsonObject *
server_get (const char *collection,
            const char *id)
{
  g_autofree char *path = g_strconcat ("/api/v1/", collection, "/", id, NULL);
  g_auto(HwTestResponse) response = { 0, };

  hw_test_request (e2e.server.session, e2e.server.url, &response, "GET", path,
                   e2e.server.owner, NULL, NULL);
  g_assert_cmpuint (response.status, ==, 200);

  return hw_test_parse_object (response.body);
}

static gboolean
signed_in_or_refused (gpointer data)
{
  return g_strcmp0 (hw_window_get_page (e2e.window), "sign-in") != 0 ||
         hw_sign_in_page_get_error (data) != NULL;
}

static gboolean
sections_shown_and_synced (gpointer data)
{
  HwSyncEngine *sync = engine ();

  return g_strcmp0 (hw_window_get_page (e2e.window), "main") == 0 &&
         sync != NULL &&
         hw_sync_engine_get_state (sync) == HW_SYNC_STATE_IDLE &&
         hw_sync_engine_get_last_sync (sync) > 0;
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
  return !hw_category_tree_get_busy (data) &&
         g_list_model_get_n_items (hw_category_tree_get_model (data)) > 0;
}

static gboolean
editor_open (gpointer data)
{
  return find_product_editor () != NULL;
}

static gboolean
table_shows_new_name (gpointer data)
{
  GListModel *model = G_LIST_MODEL (hw_assortment_page_get_product_model (data));
  g_autoptr(HwProductRow) row = NULL;
  const HwProduct *product;

  if (!table_filled (data))
    return FALSE;

  row = g_list_model_get_item (model, 0);
  if (!hw_product_row_get_loaded (row))
    return FALSE;

  product = hw_product_row_get_product (row);
  return g_strcmp0 (hw_product_row_get_id (row), e2e.product_id) == 0 &&
         g_strcmp0 (product->display_name, E2E_NAME) == 0;
}

static gboolean
editor_saved (gpointer data)
{
  return !hw_product_editor_get_modified (e2e.editor);
}

static gboolean
pushed (gpointer data)
{
  HwSyncEngine *sync = engine ();

  return hw_sync_engine_get_state (sync) == HW_SYNC_STATE_IDLE &&
         hw_sync_engine_get_pending_count (sync) == 0 &&
         hw_sync_engine_get_last_sync (sync) > e2e.last_sync;
}

static void
test_open_window (void)
{
  g_autoptr(GError) error = NULL;

  e2e.app = hw_application_new ();
  g_application_set_flags (G_APPLICATION (e2e.app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (e2e.app), NULL, &error);
  g_assert_no_error (error);

  e2e.window = hw_window_new (e2e.app);
  gtk_window_set_default_size (GTK_WINDOW (e2e.window), 1280, 800);
  gtk_window_present (GTK_WINDOW (e2e.window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (e2e.window));

  /* No profile yet: the first run asks to sign in. */
  g_assert_cmpstr (hw_window_get_page (e2e.window), ==, "sign-in");
}

static void
test_sign_in (void)
{
  GtkWidget *page = find_in_window (HW_TYPE_SIGN_IN_PAGE, NULL, NULL);
  GtkWidget *server_row = find_widget (page, ADW_TYPE_ENTRY_ROW, row_has_title, "Server Address");
  GtkWidget *email_row = find_widget (page, ADW_TYPE_ENTRY_ROW, row_has_title, "Email");
  GtkWidget *password_row = find_widget (page, ADW_TYPE_PASSWORD_ENTRY_ROW, row_has_title, "Password");
  GtkWidget *button = find_widget (page, GTK_TYPE_BUTTON, has_label, "Sign In");

  g_assert_nonnull (server_row);
  g_assert_nonnull (email_row);
  g_assert_nonnull (password_row);
  g_assert_nonnull (button);

  /* Nothing typed yet: nothing to sign in with. */
  g_assert_false (gtk_widget_is_sensitive (button));

  type_text (server_row, e2e.server.url);
  type_text (email_row, E2E_EMAIL);
  type_text (password_row, HW_TEST_PASSWORD);
  g_assert_true (gtk_widget_is_sensitive (button));

  /* A button's activation (Enter, Space) clicks it a moment later, as a click would. */
  g_assert_true (gtk_widget_activate (button));
  hw_test_wait_for (signed_in_or_refused, page);

  /* Signed in, the window goes on to the first sync (which a small demo may
   * already have finished). */
  g_assert_null (hw_sign_in_page_get_error (HW_SIGN_IN_PAGE (page)));
  g_assert_nonnull (hw_session_get_profile (hw_window_get_session (e2e.window)));
  g_assert_cmpstr (hw_window_get_page (e2e.window), !=, "sign-in");
}

static void
test_first_sync (void)
{
  HwSyncProfile *profile;

  hw_test_wait_for (sections_shown_and_synced, NULL);

  profile = hw_session_get_profile (hw_window_get_session (e2e.window));
  g_assert_nonnull (profile);
  g_assert_cmpstr (hw_sync_profile_get_email (profile), ==, E2E_EMAIL);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (engine ()), ==, 0);
}

static void
test_choose_assortment (void)
{
  GtkWidget *sidebar = find_in_window (GTK_TYPE_LIST_BOX, has_css_class, "navigation-sidebar");
  GtkWidget *row = find_widget (sidebar, GTK_TYPE_LIST_BOX_ROW, has_label, "Assortment");
  HwAssortmentPage *page;

  g_assert_nonnull (row);
  g_assert_cmpstr (hw_window_get_section (e2e.window), !=, "assortment");

  /* A click selects the row and activates it. */
  gtk_list_box_select_row (GTK_LIST_BOX (sidebar), GTK_LIST_BOX_ROW (row));
  g_assert_true (gtk_widget_activate (row));
  g_assert_cmpstr (hw_window_get_section (e2e.window), ==, "assortment");

  page = assortment_page ();
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (page)));
  hw_test_wait_for (table_filled, page);
  hw_test_wait_for (tree_idle, category_tree ());

  /* "All Products": the whole demo of 300 products. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hw_assortment_page_get_product_model (page))),
                    ==, 300);
}

static void
test_open_product (void)
{
  HwAssortmentPage *page = assortment_page ();
  GtkWidget *view = find_widget (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW, NULL, NULL);
  const char *first;

  g_assert_nonnull (view);
  g_assert_null (find_product_editor ());

  first = hw_product_list_model_peek_id (hw_assortment_page_get_product_model (page), 0);
  g_assert_nonnull (first);
  e2e.product_id = g_strdup (first);

  /* Enter or a double click on the first row. */
  g_signal_emit_by_name (view, "activate", 0);
  hw_test_wait_for (editor_open, NULL);

  e2e.editor = find_product_editor ();
  g_assert_cmpstr (hw_product_editor_get_product_id (e2e.editor), ==, e2e.product_id);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (e2e.editor)) == GTK_WINDOW (e2e.window));
  g_assert_false (hw_product_editor_get_modified (e2e.editor));
}

static void
test_save_product_name (void)
{
  GtkWidget *editor = GTK_WIDGET (e2e.editor);
  GtkWidget *name_row = find_widget (editor, ADW_TYPE_ENTRY_ROW, row_has_title, "Display name");
  GtkWidget *save_button = find_widget (editor, GTK_TYPE_BUTTON, button_has_action, "editor.save");
  g_autoptr(JsonObject) before = server_get ("products", e2e.product_id);
  g_autoptr(HwProduct) local = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (name_row);
  g_assert_nonnull (save_button);
  g_assert_cmpstr (json_object_get_string_member (before, "display_name"), !=, E2E_NAME);
  g_assert_false (gtk_widget_is_sensitive (save_button));

  type_text (name_row, E2E_NAME);
  g_assert_true (hw_product_editor_get_modified (e2e.editor));
  g_assert_true (gtk_widget_is_sensitive (save_button));

  g_assert_true (gtk_widget_activate (save_button));
  hw_test_wait_for (editor_saved, NULL);

  /* Saved to the local copy, through its outbox (the push may already be under way). */
  local = hw_store_get (local_store (), &hw_product_type, e2e.product_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (local->display_name, ==, E2E_NAME);

  gtk_window_destroy (GTK_WINDOW (e2e.editor));
  e2e.editor = NULL;

  /* The table shows the new name (the window reloads it after a save). */
  hw_test_wait_for (table_shows_new_name, assortment_page ());
}

static void
test_indent_category (void)
{
  HwCategoryTree *tree = category_tree ();
  GListModel *rows = hw_category_tree_get_model (tree);
  g_autoptr(GtkTreeListRow) all_row = g_list_model_get_item (rows, 0);
  g_autoptr(HwCategoryNode) all = gtk_tree_list_row_get_item (all_row);
  GListModel *roots = G_LIST_MODEL (hw_category_node_get_children (all));
  g_autoptr(HwCategoryNode) above = NULL;
  g_autoptr(HwCategoryNode) moved = NULL;
  g_autoptr(HwCategory) local = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(GError) error = NULL;
  HwCategoryNode *selected;

  g_assert_cmpint (hw_category_node_get_kind (all), ==, HW_CATEGORY_NODE_ALL);

  /* The second top-level category goes under the first one (Tab in the tree). */
  g_assert_cmpuint (g_list_model_get_n_items (roots), >=, 2);
  above = g_list_model_get_item (roots, 0);
  moved = g_list_model_get_item (roots, 1);
  e2e.category_id = g_strdup (hw_category_node_get_id (moved));
  e2e.new_parent_id = g_strdup (hw_category_node_get_id (above));
  g_assert_null (hw_category_node_get_parent_id (moved));

  before = server_get ("categories", e2e.category_id);
  g_assert_true (member_is_null (before, "parent_id"));

  g_assert_true (hw_category_tree_select (tree, e2e.category_id));
  selected = hw_category_tree_get_selected_node (tree);
  g_assert_nonnull (selected);
  g_assert_cmpstr (hw_category_node_get_id (selected), ==, e2e.category_id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tree), "tree.indent", NULL));
  hw_test_wait_for (tree_idle, tree);

  /* The tree shows it under its new parent, and it stays selected. */
  selected = hw_category_tree_find_node (tree, e2e.category_id);
  g_assert_nonnull (selected);
  g_assert_cmpstr (hw_category_node_get_parent_id (selected), ==, e2e.new_parent_id);

  /* And the local copy has it, through its outbox. */
  local = hw_store_get (local_store (), &hw_category_type, e2e.category_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (local->parent_id, ==, e2e.new_parent_id);
}

static void
test_sync_now (void)
{
  HwSyncEngine *sync = engine ();

  e2e.last_sync = hw_sync_engine_get_last_sync (sync);

  g_action_group_activate_action (G_ACTION_GROUP (e2e.app), "sync-now", NULL);
  hw_test_wait_for (pushed, NULL);
  g_assert_cmpint (hw_sync_engine_get_conflict_count (sync), ==, 0);
  g_assert_false (hw_window_get_offline (e2e.window));
}

static void
test_server_has_product (void)
{
  g_autoptr(JsonObject) product = server_get ("products", e2e.product_id);

  g_assert_cmpstr (json_object_get_string_member (product, "display_name"), ==, E2E_NAME);
}

static void
test_server_has_category (void)
{
  g_autoptr(JsonObject) category = server_get ("categories", e2e.category_id);

  g_assert_false (member_is_null (category, "parent_id"));
  g_assert_cmpstr (json_object_get_string_member (category, "parent_id"), ==, e2e.new_parent_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* The app keeps its profiles under XDG_DATA_HOME: a directory of this run's own, set
   * before GLib reads the variable. */
  e2e.data_dir = g_dir_make_tmp ("hw-test-e2e-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", e2e.data_dir, TRUE);

  hw_test_app_init (&argc, &argv);

  hw_test_fixture_prepare (&e2e.server, "hw-test-e2e-XXXXXX",
                           (const char * const[]) { "--products", "300", "--accounts", "3",
                                                    "--users", "3", "--orders", "5",
                                                    "--now", "2026-01-01", NULL });
  g_assert_cmpint (hw_test_user_add (e2e.server.db, E2E_EMAIL, "Eddie Editor", "editor",
                                     HW_TEST_PASSWORD "\n", NULL), ==, HW_SERVER_EXIT_OK);
  hw_test_fixture_start (&e2e.server);

  g_test_add_func ("/App/E2E/1-open-window", test_open_window);
  g_test_add_func ("/App/E2E/2-sign-in", test_sign_in);
  g_test_add_func ("/App/E2E/3-first-sync", test_first_sync);
  g_test_add_func ("/App/E2E/4-choose-assortment", test_choose_assortment);
  g_test_add_func ("/App/E2E/5-open-product", test_open_product);
  g_test_add_func ("/App/E2E/6-save-product-name", test_save_product_name);
  g_test_add_func ("/App/E2E/7-indent-category", test_indent_category);
  g_test_add_func ("/App/E2E/8-sync-now", test_sync_now);
  g_test_add_func ("/App/E2E/9-server-has-product", test_server_has_product);
  g_test_add_func ("/App/E2E/10-server-has-category", test_server_has_category);

  ret = g_test_run ();

  if (e2e.window != NULL)
    gtk_window_destroy (GTK_WINDOW (e2e.window));
  g_clear_object (&e2e.app);
  g_clear_pointer (&e2e.product_id, g_free);
  g_clear_pointer (&e2e.category_id, g_free);
  g_clear_pointer (&e2e.new_parent_id, g_free);
  hw_test_fixture_stop (&e2e.server);
  hw_test_remove_tree (e2e.data_dir);
  g_free (e2e.data_dir);

  return ret;
}
