/* hw-sync-profile.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-profile"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hw-sync-error.h"
#include "hw-sync-profile.h"

/* One server account of the app: the server address, the staff email, and the
 * directory of its local copy, PROFILES_DIR/ID/, which holds local.db (and its WAL
 * files). The id is a UUID: it names a directory, so it never comes from user input
 * unchecked. The token is not here; it lives in a HwTokenStore. */

#define DATABASE_NAME "local.db"

struct _HwSyncProfile
{
  GObject  parent_instance;

  char    *id;
  char    *server_url;
  char    *email;
  char    *display_name;
  char    *directory;
  char    *database_path;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_SERVER_URL,
  PROP_EMAIL,
  PROP_DISPLAY_NAME,
  PROP_DIRECTORY,
  PROP_DATABASE_PATH,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (HwSyncProfile, hw_sync_profile, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* "alice@example.com on one.example.com"; the port only when there is one. */
static char *
make_display_name (const char *server_url,
                   const char *email)
{
  g_autoptr(GUri) uri = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *host = NULL;
  g_autofree char *where = NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup_printf (_("%s on %s"), email, server_url);

  /* An IPv6 address keeps its brackets, or its port would read as part of it. */
  if (strchr (g_uri_get_host (uri), ':') != NULL)
    host = g_strdup_printf ("[%s]", g_uri_get_host (uri));
  else
    host = g_strdup (g_uri_get_host (uri));

  if (g_uri_get_port (uri) > 0)
    where = g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
  else
    where = g_steal_pointer (&host);

  /* Translators: "alice@example.com on one.example.com" */
  return g_strdup_printf (_("%s on %s"), email, where);
}

static void
hw_sync_profile_finalize (GObject *object)
{
  HwSyncProfile *self = (HwSyncProfile *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (hw_sync_profile_parent_class)->finalize (object);
}

static void
hw_sync_profile_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  HwSyncProfile *self = HW_SYNC_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;

    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_sync_profile_class_init (HwSyncProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_sync_profile_finalize;
  object_class->get_property = hw_sync_profile_get_property;

  /* Read-only: a profile is one account on one server. Another address or email is
   * another profile, with its own local copy and token. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_sync_profile_init (HwSyncProfile *self)
{
}

/**
 * hw_sync_profile_new:
 * @profiles_dir: the directory that holds the directories of all profiles
 * @id: (nullable): a UUID, or %NULL for a new random one
 * @server_url: the server address
 * @email: the staff email
 *
 * Use hw_sync_profiles_add() to make a profile the app remembers; this is for
 * #HwSyncProfiles and for tests. The arguments must be valid (checked by the caller).
 *
 * Returns: (transfer full): a new #HwSyncProfile
 */
HwSyncProfile *
hw_sync_profile_new (const char *profiles_dir,
                     const char *id,
                     const char *server_url,
                     const char *email)
{
  HwSyncProfile *self;

  g_return_val_if_fail (profiles_dir != NULL, NULL);
  g_return_val_if_fail (id == NULL || g_uuid_string_is_valid (id), NULL);
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  self = g_object_new (HW_TYPE_SYNC_PROFILE, NULL);
  self->id = id != NULL ? g_ascii_strdown (id, -1) : g_uuid_string_random ();
  self->server_url = g_strdup (server_url);
  self->email = g_strdup (email);
  self->display_name = make_display_name (server_url, email);
  self->directory = g_build_filename (profiles_dir, self->id, NULL);
  self->database_path = g_build_filename (self->directory, DATABASE_NAME, NULL);

  return self;
}

const char *
hw_sync_profile_get_id (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->id;
}

const char *
hw_sync_profile_get_server_url (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->server_url;
}

const char *
hw_sync_profile_get_email (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->email;
}

/**
 * hw_sync_profile_get_display_name:
 * @self: a #HwSyncProfile
 *
 * Returns: the name to show, such as "alice@example.com on one.example.com"
 */
const char *
hw_sync_profile_get_display_name (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->display_name;
}

/**
 * hw_sync_profile_get_directory:
 * @self: a #HwSyncProfile
 *
 * Returns: the directory of the local copy; it may not exist yet
 */
const char *
hw_sync_profile_get_directory (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->directory;
}

/**
 * hw_sync_profile_get_database_path:
 * @self: a #HwSyncProfile
 *
 * The caller creates the directory (g_mkdir_with_parents(), mode 0700) before it
 * opens the database.
 *
 * Returns: the path of the local database, DIRECTORY/local.db
 */
const char *
hw_sync_profile_get_database_path (HwSyncProfile *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), NULL);

  return self->database_path;
}

static gboolean
delete_tree (GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                        cancellable, &local_error);
  if (children != NULL)
    {
      for (;;)
        {
          GFileInfo *info;
          GFile *child;

          if (!g_file_enumerator_iterate (children, &info, &child, cancellable, error))
            return FALSE;
          if (info == NULL)
            break;

          /* Symbolic links are removed, never followed. */
          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            {
              if (!delete_tree (child, cancellable, error))
                return FALSE;
            }
          else if (!g_file_delete (child, cancellable, error))
            return FALSE;
        }
    }
  else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return g_file_delete (file, cancellable, error);
}

/**
 * hw_sync_profile_delete_local_copy:
 * @self: a #HwSyncProfile
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Deletes the directory of the local copy with everything in it, including edits not
 * yet pushed: the caller asks the user first. A directory that does not exist is not
 * an error. Blocks on file I/O; hw_sync_session_sign_out_async() runs it in a thread.
 * The database must be closed.
 *
 * Returns: %TRUE when the directory is gone; otherwise %FALSE with @error set
 *   (%HW_SYNC_ERROR_PROFILE, or %HW_SYNC_ERROR_CANCELLED)
 */
gboolean
hw_sync_profile_delete_local_copy (HwSyncProfile  *self,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  g_autoptr(GFile) directory = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (HW_IS_SYNC_PROFILE (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  directory = g_file_new_for_path (self->directory);
  if (delete_tree (directory, cancellable, &local_error) ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                         _("The request was cancelled"));
  else
    g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                 /* Translators: %s is a technical detail from the file system */
                 _("The local copy could not be deleted (%s)"),
                 local_error->message);

  return FALSE;
}
