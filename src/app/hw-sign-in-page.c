/* hw-sign-in-page.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-sign-in-page.h"
#include "hw-sync-error.h"

/* The first-run page: server address, email and password. It signs in through the
 * session and emits HwSignInPage::signed-in; the window then runs the first sync. */

struct _HwSignInPage
{
  GtkWidget     parent_instance;

  /* Template Widgets */
  GtkButton    *back_button;
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  GtkLabel     *error_detail;
  AdwEntryRow  *email_row;
  AdwEntryRow  *password_row;
  GtkListBox   *rows;
  AdwEntryRow  *server_row;
  GtkButton    *sign_in_button;
  GtkSpinner   *spinner;

  /* Owned References */
  HwSession    *session;
  GCancellable *cancellable;
  char         *error;

  guint         busy : 1;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_CAN_SIGN_IN,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_IN,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (HwSignInPage, hw_sign_in_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_valid_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (!(uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL)))
    return FALSE;

  return (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 ||
          g_strcmp0 (g_uri_get_scheme (uri), "https") == 0) &&
         g_uri_get_host (uri) != NULL && g_uri_get_host (uri)[0] != '\0';
}

static gboolean
is_valid_email (const char *text)
{
  const char *at = strchr (text, '@');

  return at != NULL && at != text && at[1] != '\0' && strchr (at + 1, '@') == NULL;
}

static void
set_row_error (AdwEntryRow *row,
               gboolean     error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
hw_sign_in_page_update (HwSignInPage *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  gboolean url_ok = is_valid_url (url);
  gboolean email_ok = is_valid_email (email);

  g_assert (HW_IS_SIGN_IN_PAGE (self));

  /* Mark a field only once something is typed in it: an empty form is not wrong. */
  set_row_error (self->server_row, url[0] != '\0' && !url_ok);
  set_row_error (self->email_row, email[0] != '\0' && !email_ok);

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button),
                            !self->busy && url_ok && email_ok && password[0] != '\0');
  /* Read-only rather than insensitive while busy: the focus stays where it is. */
  gtk_editable_set_editable (GTK_EDITABLE (self->server_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->email_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SIGN_IN]);
}

static void
hw_sign_in_page_set_busy (HwSignInPage *self,
                          gboolean      busy)
{
  g_assert (HW_IS_SIGN_IN_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  hw_sign_in_page_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
row_changed_cb (HwSignInPage *self,
                GtkEditable  *editable)
{
  g_assert (HW_IS_SIGN_IN_PAGE (self));

  hw_sign_in_page_update (self);
}

static void
row_activated_cb (HwSignInPage *self,
                  AdwEntryRow  *row)
{
  g_assert (HW_IS_SIGN_IN_PAGE (self));

  /* Enter moves on to the next empty field, and signs in from a full form. */
  if (hw_sign_in_page_get_can_sign_in (self))
    hw_sign_in_page_submit (self);
  else if (row == self->server_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  else if (row == self->email_row)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
sign_in_clicked_cb (HwSignInPage *self,
                    GtkButton    *button)
{
  g_assert (HW_IS_SIGN_IN_PAGE (self));

  hw_sign_in_page_submit (self);
}

static void
hw_sign_in_page_dispose (GObject *object)
{
  HwSignInPage *self = (HwSignInPage *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), HW_TYPE_SIGN_IN_PAGE);

  /* The template's top box is not a bound child, so dispose_template leaves it. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (hw_sign_in_page_parent_class)->dispose (object);
}

static void
hw_sign_in_page_finalize (GObject *object)
{
  HwSignInPage *self = (HwSignInPage *) object;

  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (hw_sign_in_page_parent_class)->finalize (object);
}

static void
hw_sign_in_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HwSignInPage *self = HW_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_CAN_SIGN_IN:
      g_value_set_boolean (value, hw_sign_in_page_get_can_sign_in (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sign_in_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  HwSignInPage *self = HW_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      hw_sign_in_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sign_in_page_class_init (HwSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hw_sign_in_page_dispose;
  object_class->finalize = hw_sign_in_page_finalize;
  object_class->get_property = hw_sign_in_page_get_property;
  object_class->set_property = hw_sign_in_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         HW_TYPE_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSignInPage:can-sign-in:
   *
   * Whether the form is complete: an http or https address, an email and a password.
   */
  properties[PROP_CAN_SIGN_IN] =
    g_param_spec_boolean ("can-sign-in", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSignInPage:error:
   *
   * The last failure in words, as shown; %NULL when there is none.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HwSignInPage::signed-in:
   *
   * The session is signed in and its local copy is open.
   */
  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/heartwork/One/hw-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, error_detail);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, rows);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, HwSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
}

static void
hw_sign_in_page_init (HwSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
hw_sign_in_page_new (void)
{
  return g_object_new (HW_TYPE_SIGN_IN_PAGE, NULL);
}

/**
 * hw_sign_in_page_get_session:
 * @self: a #HwSignInPage
 *
 * Returns: (nullable) (transfer none): the session it signs in
 */
HwSession *
hw_sign_in_page_get_session (HwSignInPage *self)
{
  g_return_val_if_fail (HW_IS_SIGN_IN_PAGE (self), NULL);

  return self->session;
}

void
hw_sign_in_page_set_session (HwSignInPage *self,
                             HwSession    *session)
{
  g_return_if_fail (HW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (!session || HW_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/**
 * hw_sign_in_page_set_credentials:
 * @self: a #HwSignInPage
 * @server_url: (nullable): the server address
 * @email: (nullable): the email
 * @password: (nullable): the password
 *
 * Fills in the form, e.g. with the profile that signed out, or from the command line.
 */
void
hw_sign_in_page_set_credentials (HwSignInPage *self,
                                 const char   *server_url,
                                 const char   *email,
                                 const char   *password)
{
  g_return_if_fail (HW_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url ? server_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

/**
 * hw_sign_in_page_set_can_go_back:
 * @self: a #HwSignInPage
 * @can_go_back: whether to show the back button
 *
 * Shows a back button (activating win.cancel-sign-in) when a local copy is open and
 * only the sign-in ran out, so that the user can go on offline.
 */
void
hw_sign_in_page_set_can_go_back (HwSignInPage *self,
                                 gboolean      can_go_back)
{
  g_return_if_fail (HW_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
}

gboolean
hw_sign_in_page_get_can_sign_in (HwSignInPage *self)
{
  g_return_val_if_fail (HW_IS_SIGN_IN_PAGE (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->sign_in_button));
}

gboolean
hw_sign_in_page_get_busy (HwSignInPage *self)
{
  g_return_val_if_fail (HW_IS_SIGN_IN_PAGE (self), FALSE);

  return self->busy;
}

/**
 * hw_sign_in_page_get_error:
 * @self: a #HwSignInPage
 *
 * Returns: (nullable): the failure shown, in words
 */
const char *
hw_sign_in_page_get_error (HwSignInPage *self)
{
  g_return_val_if_fail (HW_IS_SIGN_IN_PAGE (self), NULL);

  return self->error;
}

/**
 * hw_sign_in_page_describe_error:
 * @error: a failure of hw_session_sign_in_async()
 *
 * Says what went wrong in a short sentence for the user, per #HwSyncError code; the
 * error's own message (with the technical details) is shown beneath it.
 *
 * Returns: (transfer full): the sentence
 */
char *
hw_sign_in_page_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != HW_SYNC_ERROR)
    return g_strdup (_("The local copy could not be opened"));

  switch ((HwSyncError) error->code)
    {
    case HW_SYNC_ERROR_INVALID_URL:
      return g_strdup (_("This is not a server address"));

    case HW_SYNC_ERROR_NETWORK:
      return g_strdup (_("The server could not be reached"));

    case HW_SYNC_ERROR_TIMEOUT:
      return g_strdup (_("The server did not answer in time"));

    case HW_SYNC_ERROR_UNAUTHORIZED:
    case HW_SYNC_ERROR_BAD_CREDENTIALS:
      return g_strdup (_("Wrong email or password"));

    case HW_SYNC_ERROR_SERVER:
      return g_strdup (_("The server has a problem, try again later"));

    case HW_SYNC_ERROR_PROTOCOL:
    case HW_SYNC_ERROR_NOT_A_SERVER:
      return g_strdup (_("This address is not a Heart.work ONE server"));

    case HW_SYNC_ERROR_CANCELLED:
      return g_strdup (_("Signing in was cancelled"));

    case HW_SYNC_ERROR_TOO_MANY_ATTEMPTS:
      return g_strdup (_("Too many failed attempts"));

    case HW_SYNC_ERROR_TLS:
      return g_strdup (_("No secure connection could be made to the server"));

    case HW_SYNC_ERROR_KEYRING:
      return g_strdup (_("The sign-in could not be kept in the keyring"));

    case HW_SYNC_ERROR_PROFILE:
    default:
      return g_strdup (_("The sign-in could not be saved"));
    }
}

/**
 * hw_sign_in_page_set_error:
 * @self: a #HwSignInPage
 * @error: (nullable): the failure to show, or %NULL to hide it
 */
void
hw_sign_in_page_set_error (HwSignInPage *self,
                           const GError *error)
{
  g_autofree char *text = NULL;

  g_return_if_fail (HW_IS_SIGN_IN_PAGE (self));

  if (error != NULL)
    text = hw_sign_in_page_describe_error (error);

  gtk_label_set_label (self->error_label, text ? text : "");
  /* The error's own message has the details; for a wrong password it only says the
   * same again. */
  gtk_label_set_label (self->error_detail, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail),
                          error != NULL &&
                          !g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_BAD_CREDENTIALS));
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);

  g_free (self->error);
  self->error = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
hw_sign_in_page_sign_in_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(HwSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!hw_session_sign_in_finish (HW_SESSION (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      hw_sign_in_page_set_busy (self, FALSE);
      hw_sign_in_page_set_error (self, error);
      /* Where the fix is most likely needed. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (g_error_matches (error, HW_SYNC_ERROR,
                                                            HW_SYNC_ERROR_BAD_CREDENTIALS)
                                           ? self->password_row : self->server_row));
      return;
    }

  /* The password is not kept around once it served. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  /* Still busy while the window takes over, so it never shows a page in between. */
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0);
  hw_sign_in_page_set_busy (self, FALSE);
}

/**
 * hw_sign_in_page_submit:
 * @self: a #HwSignInPage
 *
 * Signs in with the form's values, if it is complete and no sign-in is under way.
 */
void
hw_sign_in_page_submit (HwSignInPage *self)
{
  g_return_if_fail (HW_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (HW_IS_SESSION (self->session));

  if (self->busy || !hw_sign_in_page_get_can_sign_in (self))
    return;

  hw_sign_in_page_set_error (self, NULL);
  hw_sign_in_page_set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  hw_session_sign_in_async (self->session,
                            gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->email_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                            self->cancellable,
                            hw_sign_in_page_sign_in_cb,
                            g_object_ref (self));
}
