/* hw-session.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-session"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "hw-session.h"
#include "hw-sync-error.h"
#include "hw-sync-session.h"

/* The app's one place that knows who is signed in where: the profiles, the current
 * profile, its local copy (a replica HwStore for the main thread) and the sync engine
 * that keeps that copy in step with the server. Widgets bind to its properties; they
 * never open stores or engines themselves. */

#define DEFAULT_SYNC_INTERVAL 300

struct _HwSession
{
  GObject         parent_instance;

  /* Owned References */
  HwSyncProfiles *profiles;
  HwTokenStore   *token_store;
  HwSyncProfile  *profile;
  HwStore        *store;
  HwSyncEngine   *engine;
  GCancellable   *lookup_cancellable;

  guint           sync_interval;
};

enum {
  PROP_0,
  PROP_PROFILES,
  PROP_TOKEN_STORE,
  PROP_PROFILE,
  PROP_STORE,
  PROP_ENGINE,
  PROP_SYNC_INTERVAL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwSession, hw_session, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
hw_session_close (HwSession *self)
{
  g_assert (HW_IS_SESSION (self));

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  /* The store first: widgets drop their models before the engine goes. */
  if (self->store != NULL)
    {
      g_clear_object (&self->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
    }

  if (self->engine != NULL)
    {
      g_clear_object (&self->engine);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
    }

  if (self->profile != NULL)
    {
      g_clear_object (&self->profile);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
    }
}

/* A new profile's local copy is made by its first sync (from the server's snapshot, a
 * file moved into place, far faster than a copy into a database already open), so the
 * session opens it once the engine has made it: when a run ends, or when asked. */
static void
engine_state_cb (HwSession *self)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL || self->profile == NULL ||
      hw_sync_engine_get_state (self->engine) == HW_SYNC_STATE_SYNCING ||
      !g_file_test (hw_sync_profile_get_database_path (self->profile), G_FILE_TEST_EXISTS))
    return;

  if (!hw_session_open_store (self, &error))
    g_warning ("The local copy could not be opened: %s", error->message);
}

/* Opens @profile's engine and, if it exists, its local copy, without waiting for the
 * network. */
static gboolean
hw_session_open_profile (HwSession      *self,
                         HwSyncProfile  *profile,
                         const char     *token,
                         GError        **error)
{
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwSyncEngine) engine = NULL;

  g_assert (HW_IS_SESSION (self));
  g_assert (HW_IS_SYNC_PROFILE (profile));

  if (g_mkdir_with_parents (hw_sync_profile_get_directory (profile), 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   _("The local copy could not be created in %s: %s"),
                   hw_sync_profile_get_directory (profile), g_strerror (errsv));
      return FALSE;
    }

  if (g_file_test (hw_sync_profile_get_database_path (profile), G_FILE_TEST_EXISTS) &&
      !(store = hw_store_open (hw_sync_profile_get_database_path (profile),
                               HW_STORE_OPEN_REPLICA, error)))
    return FALSE;

  engine = hw_sync_engine_new (hw_sync_profile_get_server_url (profile),
                               hw_sync_profile_get_database_path (profile));
  hw_sync_engine_set_interval (engine, self->sync_interval);
  if (token != NULL)
    hw_sync_engine_set_token (engine, token);

  hw_session_close (self);

  self->profile = g_object_ref (profile);
  self->engine = g_steal_pointer (&engine);
  self->store = g_steal_pointer (&store);
  g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (engine_state_cb), self,
                           G_CONNECT_SWAPPED);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  return TRUE;
}

static void
hw_session_dispose (GObject *object)
{
  HwSession *self = (HwSession *) object;

  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->profile);
  g_clear_object (&self->profiles);
  g_clear_object (&self->token_store);

  G_OBJECT_CLASS (hw_session_parent_class)->dispose (object);
}

static void
hw_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  HwSession *self = HW_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILES:
      g_value_set_object (value, self->profiles);
      break;

    case PROP_TOKEN_STORE:
      g_value_set_object (value, self->token_store);
      break;

    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  HwSession *self = HW_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROFILES:
      self->profiles = g_value_dup_object (value);
      break;

    case PROP_TOKEN_STORE:
      self->token_store = g_value_dup_object (value);
      break;

    case PROP_SYNC_INTERVAL:
      hw_session_set_sync_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_session_class_init (HwSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hw_session_dispose;
  object_class->get_property = hw_session_get_property;
  object_class->set_property = hw_session_set_property;

  properties[PROP_PROFILES] =
    g_param_spec_object ("profiles", NULL, NULL,
                         HW_TYPE_SYNC_PROFILES,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOKEN_STORE] =
    g_param_spec_object ("token-store", NULL, NULL,
                         HW_TYPE_TOKEN_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSession:profile:
   *
   * The profile whose local copy is open, or %NULL when nobody is signed in.
   */
  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL,
                         HW_TYPE_SYNC_PROFILE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSession:store:
   *
   * The local copy of the profile, a replica #HwStore for the main thread.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HW_TYPE_STORE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         HW_TYPE_SYNC_ENGINE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwSession:sync-interval:
   *
   * Seconds between automatic syncs, applied to every engine the session makes.
   */
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL,
                       0, 24 * 3600, DEFAULT_SYNC_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_session_init (HwSession *self)
{
  self->sync_interval = DEFAULT_SYNC_INTERVAL;
}

/**
 * hw_session_new:
 * @profiles: the profiles, loaded
 * @token_store: where the session tokens live
 *
 * Returns: (transfer full): a new #HwSession with no profile open
 */
HwSession *
hw_session_new (HwSyncProfiles *profiles,
                HwTokenStore   *token_store)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILES (profiles), NULL);
  g_return_val_if_fail (HW_IS_TOKEN_STORE (token_store), NULL);

  return g_object_new (HW_TYPE_SESSION,
                       "profiles", profiles,
                       "token-store", token_store,
                       NULL);
}

HwSyncProfiles *
hw_session_get_profiles (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), NULL);

  return self->profiles;
}

HwTokenStore *
hw_session_get_token_store (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), NULL);

  return self->token_store;
}

/**
 * hw_session_get_profile:
 * @self: a #HwSession
 *
 * Returns: (nullable) (transfer none): the open profile
 */
HwSyncProfile *
hw_session_get_profile (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), NULL);

  return self->profile;
}

/**
 * hw_session_get_store:
 * @self: a #HwSession
 *
 * Returns: (nullable) (transfer none): the open local copy; %NULL before the first
 *   sync of a new profile has made it
 */
HwStore *
hw_session_get_store (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), NULL);

  return self->store;
}

/**
 * hw_session_open_store:
 * @self: a #HwSession with a profile open
 *
 * Opens the profile's local copy if it is not open yet, creating it when its first sync
 * has not (the engine then fills it in place). #HwSession:store is notified.
 *
 * Returns: %TRUE when #HwSession:store is set
 */
gboolean
hw_session_open_store (HwSession  *self,
                       GError    **error)
{
  g_return_val_if_fail (HW_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->profile != NULL, FALSE);

  if (self->store != NULL)
    return TRUE;

  if (!(self->store = hw_store_open (hw_sync_profile_get_database_path (self->profile),
                                     HW_STORE_OPEN_REPLICA, error)))
    return FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  return TRUE;
}

/**
 * hw_session_get_engine:
 * @self: a #HwSession
 *
 * Returns: (nullable) (transfer none): the sync engine of the open profile
 */
HwSyncEngine *
hw_session_get_engine (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), NULL);

  return self->engine;
}

guint
hw_session_get_sync_interval (HwSession *self)
{
  g_return_val_if_fail (HW_IS_SESSION (self), 0);

  return self->sync_interval;
}

void
hw_session_set_sync_interval (HwSession *self,
                              guint      seconds)
{
  g_return_if_fail (HW_IS_SESSION (self));

  if (self->sync_interval == seconds)
    return;

  self->sync_interval = seconds;
  if (self->engine != NULL)
    hw_sync_engine_set_interval (self->engine, seconds);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

static void
hw_session_lookup_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(HwSyncEngine) engine = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  token = hw_token_store_lookup_finish (HW_TOKEN_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    g_warning ("The sign-in could not be read from the keyring: %s", error->message);

  /* Without a token the first run answers 401 and the engine asks for a sign-in. */
  hw_sync_engine_set_token (engine, token);
  hw_sync_engine_sync_now (engine);
}

/**
 * hw_session_open_last:
 * @self: a #HwSession
 * @error: return location for a #GError
 *
 * Opens the local copy of the profile used last, at once: the token is looked up
 * afterwards and the first sync starts when it is there, so the app works offline
 * when the server cannot be reached.
 *
 * Returns: %TRUE when a profile is open; %FALSE when there is none to open (with
 *   @error unset), or when its local copy could not be opened (with @error set)
 */
gboolean
hw_session_open_last (HwSession  *self,
                      GError    **error)
{
  HwSyncProfile *profile;

  g_return_val_if_fail (HW_IS_SESSION (self), FALSE);

  if (!(profile = hw_sync_profiles_get_last_used (self->profiles)))
    return FALSE;

  if (!hw_session_open_profile (self, profile, NULL, error))
    return FALSE;

  self->lookup_cancellable = g_cancellable_new ();
  hw_token_store_lookup_async (self->token_store,
                               hw_sync_profile_get_server_url (profile),
                               hw_sync_profile_get_email (profile),
                               self->lookup_cancellable,
                               hw_session_lookup_cb,
                               g_object_ref (self->engine));

  return TRUE;
}

typedef struct
{
  HwSyncProfile *profile;
  gboolean       is_new;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_clear_object (&sign_in->profile);
  g_free (sign_in);
}

static HwSyncProfile *
find_profile (HwSession  *self,
              const char *server_url,
              const char *email)
{
  GListModel *model = G_LIST_MODEL (self->profiles);
  g_autofree char *url = g_strdup (server_url);
  gsize len = strlen (url);

  /* hw_sync_profiles_add() keeps addresses without the trailing slash and emails in
   * lower case; compare the same way so that signing in again reuses the profile. */
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HwSyncProfile) profile = g_list_model_get_item (model, i);

      if (g_ascii_strcasecmp (hw_sync_profile_get_email (profile), email) == 0 &&
          g_strcmp0 (hw_sync_profile_get_server_url (profile), url) == 0)
        return g_steal_pointer (&profile);
    }

  return NULL;
}

static void
hw_session_sign_in_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  HwSyncProfile *profile = HW_SYNC_PROFILE (object);
  g_autoptr(GTask) task = user_data;
  HwSession *self = g_task_get_source_object (task);
  SignIn *sign_in = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  if (!(token = hw_sync_session_sign_in_finish (profile, result, NULL, &error)))
    {
      /* A profile that never signed in is not worth remembering. */
      if (sign_in->is_new)
        hw_sync_profiles_remove (self->profiles, profile, TRUE, NULL);

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!hw_sync_profiles_set_last_used (self->profiles, profile, &error) ||
      !hw_session_open_profile (self, profile, token, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * hw_session_sign_in_async:
 * @self: a #HwSession
 * @server_url: the server address
 * @email: the staff email
 * @password: the password
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Signs in, creating the profile when it is new, stores the token and opens the
 * profile's local copy and engine. The caller starts the first sync.
 */
void
hw_session_sign_in_async (HwSession           *self,
                          const char          *server_url,
                          const char          *email,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SignIn *sign_in;

  g_return_if_fail (HW_IS_SESSION (self));
  g_return_if_fail (server_url != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_session_sign_in_async);

  sign_in = g_new0 (SignIn, 1);
  g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);

  if (!(sign_in->profile = find_profile (self, server_url, email)))
    {
      if (!(sign_in->profile = hw_sync_profiles_add (self->profiles, server_url, email, &error)))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      sign_in->is_new = TRUE;
    }

  hw_sync_session_sign_in_async (sign_in->profile, self->token_store, password, cancellable,
                                 hw_session_sign_in_cb, g_object_ref (task));
}

gboolean
hw_session_sign_in_finish (HwSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HW_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
hw_session_sign_out_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  HwSyncProfile *profile = HW_SYNC_PROFILE (object);
  g_autoptr(GTask) task = user_data;
  HwSession *self = g_task_get_source_object (task);
  gboolean delete_local_copy = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  /* The server may be unreachable; the token is gone from the keyring anyway, so
   * signing out still succeeds and only a local failure is reported. */
  if (!hw_sync_session_sign_out_finish (profile, result, NULL, &error) &&
      !g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_NETWORK) &&
      !g_error_matches (error, HW_SYNC_ERROR, HW_SYNC_ERROR_TIMEOUT))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  if (delete_local_copy)
    hw_sync_profiles_remove (self->profiles, profile, FALSE, &error);
  else
    hw_sync_profiles_set_last_used (self->profiles, NULL, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_session_sign_out_async:
 * @self: a #HwSession
 * @delete_local_copy: whether to delete the local copy and the profile too
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Closes the local copy, revokes the token and forgets it. Without
 * @delete_local_copy the profile and its copy stay for the next sign-in.
 */
void
hw_session_sign_out_async (HwSession           *self,
                           gboolean             delete_local_copy,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(HwSyncProfile) profile = NULL;

  g_return_if_fail (HW_IS_SESSION (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_session_sign_out_async);
  g_task_set_task_data (task, GINT_TO_POINTER (delete_local_copy), NULL);

  if (self->profile == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* The database must be closed before its files go. */
  profile = g_object_ref (self->profile);
  hw_session_close (self);

  hw_sync_session_sign_out_async (profile, self->token_store,
                                  (delete_local_copy ? HW_SYNC_SIGN_OUT_DELETE_LOCAL_COPY
                                                     : HW_SYNC_SIGN_OUT_NONE),
                                  cancellable,
                                  hw_session_sign_out_cb,
                                  g_object_ref (task));
}

gboolean
hw_session_sign_out_finish (HwSession     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HW_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
