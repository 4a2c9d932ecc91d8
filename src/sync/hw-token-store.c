/* hw-token-store.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-token-store"

#include "config.h"

#include "hw-token-store-private.h"
#include "hw-token-store-memory.h"
#include "hw-token-store-secret.h"

G_DEFINE_INTERFACE (HwTokenStore, hw_token_store, G_TYPE_OBJECT)

/* Every implementation answers with the GTask made by _hw_token_store_task_new(), so
 * the finish functions are the interface's defaults. */
static gboolean
hw_token_store_real_finish_boolean (HwTokenStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
hw_token_store_real_lookup_finish (HwTokenStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
hw_token_store_default_init (HwTokenStoreInterface *iface)
{
  iface->store_finish = hw_token_store_real_finish_boolean;
  iface->lookup_finish = hw_token_store_real_lookup_finish;
  iface->clear_finish = hw_token_store_real_finish_boolean;
}

/*
 * _hw_token_store_task_new:
 *
 * The task an implementation answers with. It does not check @cancellable itself:
 * implementations report a cancellation as %HW_SYNC_ERROR_CANCELLED (or the keyring's
 * own error), as the interface promises.
 *
 * Returns: (transfer full): a new #GTask
 */
GTask *
_hw_token_store_task_new (HwTokenStore        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data,
                          gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  return task;
}

/**
 * hw_token_store_get_default:
 *
 * The store the app uses: the desktop keyring through libsecret, or, when the
 * environment variable `HW_TOKEN_STORE` is "memory", one in-memory store shared by the
 * whole process (for tests, where no secret service runs).
 *
 * Returns: (transfer full): the default #HwTokenStore
 */
HwTokenStore *
hw_token_store_get_default (void)
{
  static GObject *instance;

  if (g_once_init_enter (&instance))
    {
      GObject *store;

      if (g_strcmp0 (g_getenv ("HW_TOKEN_STORE"), "memory") == 0)
        store = G_OBJECT (hw_token_store_memory_new ());
      else
        store = G_OBJECT (hw_token_store_secret_new ());

      g_once_init_leave (&instance, store);
    }

  return g_object_ref (HW_TOKEN_STORE (instance));
}

/**
 * hw_token_store_store_async:
 * @self: a #HwTokenStore
 * @server: the server address of the profile
 * @email: the staff email of the profile
 * @token: the session token; replaces one stored for the same @server and @email
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is stored
 * @user_data: data for @callback
 */
void
hw_token_store_store_async (HwTokenStore        *self,
                            const char          *server,
                            const char          *email,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HW_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (token != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  HW_TOKEN_STORE_GET_IFACE (self)->store_async (self, server, email, token,
                                                cancellable, callback, user_data);
}

gboolean
hw_token_store_store_finish (HwTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (HW_IS_TOKEN_STORE (self), FALSE);

  return HW_TOKEN_STORE_GET_IFACE (self)->store_finish (self, result, error);
}

/**
 * hw_token_store_lookup_async:
 * @self: a #HwTokenStore
 * @server: the server address of the profile
 * @email: the staff email of the profile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 */
void
hw_token_store_lookup_async (HwTokenStore        *self,
                             const char          *server,
                             const char          *email,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (HW_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  HW_TOKEN_STORE_GET_IFACE (self)->lookup_async (self, server, email,
                                                 cancellable, callback, user_data);
}

/**
 * hw_token_store_lookup_finish:
 * @self: a #HwTokenStore
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the token, or %NULL with @error unset when none
 *   is stored, or %NULL with @error set when the store failed
 */
char *
hw_token_store_lookup_finish (HwTokenStore  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (HW_IS_TOKEN_STORE (self), NULL);

  return HW_TOKEN_STORE_GET_IFACE (self)->lookup_finish (self, result, error);
}

/**
 * hw_token_store_clear_async:
 * @self: a #HwTokenStore
 * @server: the server address of the profile
 * @email: the staff email of the profile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is gone
 * @user_data: data for @callback
 *
 * Removes the token of @server and @email; having none is not an error.
 */
void
hw_token_store_clear_async (HwTokenStore        *self,
                            const char          *server,
                            const char          *email,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HW_IS_TOKEN_STORE (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  HW_TOKEN_STORE_GET_IFACE (self)->clear_async (self, server, email,
                                                cancellable, callback, user_data);
}

gboolean
hw_token_store_clear_finish (HwTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (HW_IS_TOKEN_STORE (self), FALSE);

  return HW_TOKEN_STORE_GET_IFACE (self)->clear_finish (self, result, error);
}
