/* hw-sync-profiles.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-sync-profiles"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "hw-sync-client.h"
#include "hw-sync-error.h"
#include "hw-sync-profiles.h"

/* The profiles the app knows, as a GListModel of HwSyncProfile, kept in DATA_DIR/
 * profiles.ini (a GKeyFile):
 *
 *   [Profiles]
 *   last-used=ID
 *
 *   [Profile ID]
 *   server-url=https://one.example.com
 *   email=alice@example.com
 *
 * and their local copies in DATA_DIR/profiles/ID/. DATA_DIR is
 * g_get_user_data_dir()/heartwork-one, which in Flatpak is
 * ~/.var/app/org.heartwork.One/data/heartwork-one: data, not cache, since a local copy
 * holds edits not yet pushed.
 *
 * Every change is written at once, atomically (g_file_set_contents_full() writes a
 * temporary file and renames it over the old one), and a change that cannot be written
 * is undone: the list in memory never differs from the file. */

#define FILE_NAME      "profiles.ini"
#define PROFILES_DIR   "profiles"
#define MAIN_GROUP     "Profiles"
#define PROFILE_PREFIX "Profile "

struct _HwSyncProfiles
{
  GObject        parent_instance;

  char          *data_dir;
  GPtrArray     *items;      /* HwSyncProfile */
  HwSyncProfile *last_used;  /* nullable; one of items */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HwSyncProfiles, hw_sync_profiles, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
hw_sync_profiles_get_item_type (GListModel *model)
{
  return HW_TYPE_SYNC_PROFILE;
}

static guint
hw_sync_profiles_get_n_items (GListModel *model)
{
  return HW_SYNC_PROFILES (model)->items->len;
}

static gpointer
hw_sync_profiles_get_item (GListModel *model,
                           guint       position)
{
  HwSyncProfiles *self = HW_SYNC_PROFILES (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hw_sync_profiles_get_item_type;
  iface->get_n_items = hw_sync_profiles_get_n_items;
  iface->get_item = hw_sync_profiles_get_item;
}

static void
hw_sync_profiles_finalize (GObject *object)
{
  HwSyncProfiles *self = (HwSyncProfiles *) object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (hw_sync_profiles_parent_class)->finalize (object);
}

static void
hw_sync_profiles_class_init (HwSyncProfilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_sync_profiles_finalize;
}

static void
hw_sync_profiles_init (HwSyncProfiles *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * hw_sync_profiles_new:
 *
 * The profiles of the user, in g_get_user_data_dir()/heartwork-one. Call
 * hw_sync_profiles_load() next.
 *
 * Returns: (transfer full): a new, empty #HwSyncProfiles
 */
HwSyncProfiles *
hw_sync_profiles_new (void)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "heartwork-one", NULL);

  return hw_sync_profiles_new_for_directory (data_dir);
}

/**
 * hw_sync_profiles_new_for_directory:
 * @data_dir: the directory for the list and the local copies
 *
 * Returns: (transfer full): a new, empty #HwSyncProfiles
 */
HwSyncProfiles *
hw_sync_profiles_new_for_directory (const char *data_dir)
{
  HwSyncProfiles *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (HW_TYPE_SYNC_PROFILES, NULL);
  self->data_dir = g_strdup (data_dir);

  return self;
}

const char *
hw_sync_profiles_get_data_dir (HwSyncProfiles *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), NULL);

  return self->data_dir;
}

/**
 * hw_sync_profiles_dup_file_path:
 * @self: a #HwSyncProfiles
 *
 * Returns: (transfer full): the path of the list, DATA_DIR/profiles.ini
 */
char *
hw_sync_profiles_dup_file_path (HwSyncProfiles *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), NULL);

  return g_build_filename (self->data_dir, FILE_NAME, NULL);
}

static char *
profiles_dir (HwSyncProfiles *self)
{
  return g_build_filename (self->data_dir, PROFILES_DIR, NULL);
}

static gboolean
save (HwSyncProfiles  *self,
      GError         **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = hw_sync_profiles_dup_file_path (self);
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (key_file, MAIN_GROUP, "last-used",
                         self->last_used != NULL ? hw_sync_profile_get_id (self->last_used) : "");

  for (guint i = 0; i < self->items->len; i++)
    {
      HwSyncProfile *profile = g_ptr_array_index (self->items, i);
      g_autofree char *group = g_strconcat (PROFILE_PREFIX, hw_sync_profile_get_id (profile), NULL);

      g_key_file_set_string (key_file, group, "server-url",
                             hw_sync_profile_get_server_url (profile));
      g_key_file_set_string (key_file, group, "email", hw_sync_profile_get_email (profile));
    }

  data = g_key_file_to_data (key_file, &length, NULL);

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                   /* Translators: %s is a technical detail from the file system */
                   _("The list of profiles could not be saved (%s)"),
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* DURABLE: the list names the directories of the local copies; after a crash it must
   * be the old list or the new one, never an empty file. */
  if (!g_file_set_contents_full (path, data, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                   /* Translators: %s is a technical detail from the file system */
                   _("The list of profiles could not be saved (%s)"),
                   local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
valid_email (const char *email)
{
  const char *at;

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return FALSE;

  at = strchr (email, '@');
  return at != NULL && at != email && at[1] != '\0' && strchr (at + 1, '@') == NULL &&
         strpbrk (email, " \t\r\n") == NULL;
}

/* The server address as it is stored and used as a keyring attribute: without
 * trailing slashes, so that "https://a/" and "https://a" are one server. */
static char *
normalize_server_url (const char *server_url)
{
  gsize length = strlen (server_url);

  while (length > 0 && server_url[length - 1] == '/')
    length--;

  return g_strndup (server_url, length);
}

static HwSyncProfile *
find (HwSyncProfiles *self,
      const char     *server_url,
      const char     *email)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      HwSyncProfile *profile = g_ptr_array_index (self->items, i);

      if (g_str_equal (hw_sync_profile_get_server_url (profile), server_url) &&
          g_str_equal (hw_sync_profile_get_email (profile), email))
        return profile;
    }

  return NULL;
}

/**
 * hw_sync_profiles_load:
 * @self: a #HwSyncProfiles
 * @error: return location for a #GError
 *
 * Reads the list, replacing the one in memory. No file yet is an empty list. Entries
 * that are not valid (an id that is not a UUID, a bad address or email, a duplicate)
 * are skipped, since they could name a directory outside the data directory.
 *
 * Returns: %TRUE on success; otherwise %FALSE with @error set to
 *   %HW_SYNC_ERROR_PROFILE and the list unchanged
 */
gboolean
hw_sync_profiles_load (HwSyncProfiles  *self,
                       GError         **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *last_used_id = NULL;
  g_auto(GStrv) groups = NULL;
  HwSyncProfile *last_used = NULL;
  guint old_n_items;

  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), FALSE);

  path = hw_sync_profiles_dup_file_path (self);
  dir = profiles_dir (self);

  if (!g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                       /* Translators: %s is a technical detail from the file system */
                       _("The list of profiles could not be read (%s)"),
                       local_error->message);
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autofree char *server_url = NULL;
      g_autofree char *email = NULL;
      g_autofree char *url = NULL;
      g_autofree char *normalized_email = NULL;
      const char *id;
      gboolean duplicate = FALSE;

      if (!g_str_has_prefix (groups[i], PROFILE_PREFIX))
        continue;

      id = groups[i] + strlen (PROFILE_PREFIX);
      server_url = g_key_file_get_string (key_file, groups[i], "server-url", NULL);
      email = g_key_file_get_string (key_file, groups[i], "email", NULL);

      if (!g_uuid_string_is_valid (id) ||
          !hw_sync_client_validate_base_url (server_url, NULL) || !valid_email (email))
        {
          g_debug ("Skipping the invalid profile entry [%s]", groups[i]);
          continue;
        }

      /* As hw_sync_profiles_add() would have written them: the file may be edited. */
      url = normalize_server_url (server_url);
      normalized_email = g_ascii_strdown (email, -1);

      /* The same id, or the same account, twice: the first one counts. */
      for (guint j = 0; j < items->len; j++)
        {
          HwSyncProfile *other = g_ptr_array_index (items, j);

          duplicate |= g_ascii_strcasecmp (hw_sync_profile_get_id (other), id) == 0 ||
                       (g_str_equal (hw_sync_profile_get_server_url (other), url) &&
                        g_str_equal (hw_sync_profile_get_email (other), normalized_email));
        }
      if (duplicate)
        {
          g_debug ("Skipping the duplicate profile entry [%s]", groups[i]);
          continue;
        }

      g_ptr_array_add (items, hw_sync_profile_new (dir, id, url, normalized_email));
    }

  last_used_id = g_key_file_get_string (key_file, MAIN_GROUP, "last-used", NULL);
  for (guint i = 0; last_used_id != NULL && i < items->len; i++)
    if (g_ascii_strcasecmp (hw_sync_profile_get_id (g_ptr_array_index (items, i)),
                            last_used_id) == 0)
      last_used = g_ptr_array_index (items, i);

  old_n_items = self->items->len;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  self->last_used = last_used;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->items->len);

  return TRUE;
}

/**
 * hw_sync_profiles_add:
 * @self: a #HwSyncProfiles
 * @server_url: the server address, such as "https://one.example.com"
 * @email: the staff email
 * @error: return location for a #GError
 *
 * Adds a profile with a new id at the end and saves the list. Signing in is a separate
 * step (hw_sync_session_sign_in_async()).
 *
 * Returns: (transfer full): the new profile; or %NULL with @error set and nothing
 *   changed: %HW_SYNC_ERROR_INVALID_URL for a bad address, %HW_SYNC_ERROR_PROFILE for a
 *   bad email, a profile that exists already, or a list that cannot be saved
 */
HwSyncProfile *
hw_sync_profiles_add (HwSyncProfiles  *self,
                      const char      *server_url,
                      const char      *email,
                      GError         **error)
{
  g_autoptr(HwSyncProfile) profile = NULL;
  g_autofree char *url = NULL;
  g_autofree char *normalized_email = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), NULL);

  if (!hw_sync_client_validate_base_url (server_url, error))
    return NULL;

  if (!valid_email (email))
    {
      g_set_error_literal (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                           _("Enter an email address such as alice@example.com"));
      return NULL;
    }

  url = normalize_server_url (server_url);
  /* The server lowercases staff emails (ASCII letters only), and so does the profile. */
  normalized_email = g_ascii_strdown (email, -1);

  if (find (self, url, normalized_email) != NULL)
    {
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                   /* Translators: %s is a profile name, "alice@example.com on one.example.com" */
                   _("There is already a profile for %s"),
                   hw_sync_profile_get_display_name (find (self, url, normalized_email)));
      return NULL;
    }

  dir = profiles_dir (self);
  profile = hw_sync_profile_new (dir, NULL, url, normalized_email);
  g_ptr_array_add (self->items, g_object_ref (profile));

  if (!save (self, error))
    {
      g_ptr_array_remove_index (self->items, self->items->len - 1);
      return NULL;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);

  return g_steal_pointer (&profile);
}

/**
 * hw_sync_profiles_remove:
 * @self: a #HwSyncProfiles
 * @profile: one of the profiles
 * @delete_local_copy: whether to delete the directory of its local copy too
 * @error: return location for a #GError
 *
 * Removes @profile from the list and saves it, then, if asked, deletes its local copy
 * (blocking; the database must be closed). The token is not touched: sign out first
 * with hw_sync_session_sign_out_async().
 *
 * Returns: %TRUE on success; otherwise %FALSE with @error set. When the list cannot be
 *   saved nothing has changed; when only the local copy could not be deleted the
 *   profile is gone from the list and @error says so.
 */
gboolean
hw_sync_profiles_remove (HwSyncProfiles  *self,
                         HwSyncProfile   *profile,
                         gboolean         delete_local_copy,
                         GError         **error)
{
  g_autoptr(HwSyncProfile) hold = NULL;
  HwSyncProfile *old_last_used;
  guint position;

  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), FALSE);
  g_return_val_if_fail (HW_IS_SYNC_PROFILE (profile), FALSE);

  if (!g_ptr_array_find (self->items, profile, &position))
    {
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                   /* Translators: %s is a profile name, "alice@example.com on one.example.com" */
                   _("There is no profile for %s"),
                   hw_sync_profile_get_display_name (profile));
      return FALSE;
    }

  hold = g_ptr_array_steal_index (self->items, position);
  old_last_used = self->last_used;
  if (self->last_used == profile)
    self->last_used = NULL;

  if (!save (self, error))
    {
      g_ptr_array_insert (self->items, position, g_steal_pointer (&hold));
      self->last_used = old_last_used;
      return FALSE;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  /* After the list is saved: a crash in between leaves a stray directory, never a
   * profile whose local copy is half gone. */
  if (delete_local_copy)
    return hw_sync_profile_delete_local_copy (profile, NULL, error);

  return TRUE;
}

/**
 * hw_sync_profiles_lookup:
 * @self: a #HwSyncProfiles
 * @id: a profile id
 *
 * Returns: (transfer none) (nullable): the profile with @id
 */
HwSyncProfile *
hw_sync_profiles_lookup (HwSyncProfiles *self,
                         const char     *id)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      HwSyncProfile *profile = g_ptr_array_index (self->items, i);

      if (g_ascii_strcasecmp (hw_sync_profile_get_id (profile), id) == 0)
        return profile;
    }

  return NULL;
}

/**
 * hw_sync_profiles_get_last_used:
 * @self: a #HwSyncProfiles
 *
 * Returns: (transfer none) (nullable): the profile used last, to open at start
 */
HwSyncProfile *
hw_sync_profiles_get_last_used (HwSyncProfiles *self)
{
  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), NULL);

  return self->last_used;
}

/**
 * hw_sync_profiles_set_last_used:
 * @self: a #HwSyncProfiles
 * @profile: (nullable): one of the profiles, or %NULL
 * @error: return location for a #GError
 *
 * Remembers @profile as the one used last and saves the list.
 *
 * Returns: %TRUE on success; otherwise %FALSE with @error set and nothing changed
 */
gboolean
hw_sync_profiles_set_last_used (HwSyncProfiles  *self,
                                HwSyncProfile   *profile,
                                GError         **error)
{
  HwSyncProfile *old_last_used;

  g_return_val_if_fail (HW_IS_SYNC_PROFILES (self), FALSE);
  g_return_val_if_fail (!profile || HW_IS_SYNC_PROFILE (profile), FALSE);

  if (profile != NULL && !g_ptr_array_find (self->items, profile, NULL))
    {
      g_set_error (error, HW_SYNC_ERROR, HW_SYNC_ERROR_PROFILE,
                   /* Translators: %s is a profile name, "alice@example.com on one.example.com" */
                   _("There is no profile for %s"),
                   hw_sync_profile_get_display_name (profile));
      return FALSE;
    }

  if (self->last_used == profile)
    return TRUE;

  old_last_used = self->last_used;
  self->last_used = profile;
  if (!save (self, error))
    {
      self->last_used = old_last_used;
      return FALSE;
    }

  return TRUE;
}
