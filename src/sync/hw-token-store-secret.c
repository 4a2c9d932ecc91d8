/* hw-token-store-secret.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-token-store-secret"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "hw-sync-error.h"
#include "hw-token-store-private.h"
#include "hw-token-store-secret.h"

/* Tokens in the desktop keyring through libsecret. In Flatpak, libsecret ≥ 0.20 uses
 * the Secret portal and keeps an encrypted keyring in the app's data directory, so the
 * app needs no access to org.freedesktop.secrets (platform.md §A.9). */

struct _HwTokenStoreSecret
{
  GObject parent_instance;
};

static void token_store_iface_init (HwTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HwTokenStoreSecret, hw_token_store_secret, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HW_TYPE_TOKEN_STORE, token_store_iface_init))

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.heartwork.One.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* The keyring's error, in words; its message goes along as detail. */
static GError *
keyring_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new_literal (HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                                _("The request was cancelled"));

  return g_error_new (HW_SYNC_ERROR, HW_SYNC_ERROR_KEYRING,
                      /* Translators: %s is a technical detail from the keyring */
                      _("The keyring could not be used (%s)"),
                      error->message);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
hw_token_store_secret_store_async (HwTokenStore        *store,
                                   const char          *server,
                                   const char          *email,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = _hw_token_store_task_new (store, cancellable, callback, user_data,
                                                     hw_token_store_secret_store_async);
  /* Translators: the label of the keyring item; %s are an email and a server address */
  g_autofree char *label = g_strdup_printf (_("Heart.work ONE: %s on %s"), email, server);

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "server", server,
                         "email", email,
                         NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, keyring_error (error));
      return;
    }

  /* Copied out of libsecret's non-pageable memory, then wiped there. */
  g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

static void
hw_token_store_secret_lookup_async (HwTokenStore        *store,
                                    const char          *server,
                                    const char          *email,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = _hw_token_store_task_new (store, cancellable, callback, user_data,
                                                     hw_token_store_secret_lookup_async);

  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", server,
                          "email", email,
                          NULL);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error means there was nothing to remove: fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
hw_token_store_secret_clear_async (HwTokenStore        *store,
                                   const char          *server,
                                   const char          *email,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = _hw_token_store_task_new (store, cancellable, callback, user_data,
                                                     hw_token_store_secret_clear_async);

  secret_password_clear (token_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "server", server,
                         "email", email,
                         NULL);
}

static void
token_store_iface_init (HwTokenStoreInterface *iface)
{
  iface->store_async = hw_token_store_secret_store_async;
  iface->lookup_async = hw_token_store_secret_lookup_async;
  iface->clear_async = hw_token_store_secret_clear_async;
}

static void
hw_token_store_secret_class_init (HwTokenStoreSecretClass *klass)
{
}

static void
hw_token_store_secret_init (HwTokenStoreSecret *self)
{
}

HwTokenStoreSecret *
hw_token_store_secret_new (void)
{
  return g_object_new (HW_TYPE_TOKEN_STORE_SECRET, NULL);
}
