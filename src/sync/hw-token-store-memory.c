/* hw-token-store-memory.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-token-store-memory"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "hw-sync-error.h"
#include "hw-token-store-private.h"
#include "hw-token-store-memory.h"

/* A token store that forgets everything when the process ends: for tests, where no
 * secret service runs, and never written anywhere. */

struct _HwTokenStoreMemory
{
  GObject     parent_instance;

  GHashTable *tokens;  /* "server\nemail" → token */
};

static void token_store_iface_init (HwTokenStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HwTokenStoreMemory, hw_token_store_memory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (HW_TYPE_TOKEN_STORE, token_store_iface_init))

static char *
make_key (const char *server,
          const char *email)
{
  return g_strconcat (server, "\n", email, NULL);
}

static void
free_token (gpointer data)
{
  char *token = data;

  /* Wiped, so that a freed token does not linger in the heap. */
  if (token != NULL)
    memset (token, 0, strlen (token));
  g_free (token);
}

/* A task for @self that reports cancellation as HW_SYNC_ERROR_CANCELLED, as the
 * interface promises; %NULL when it has been returned already. */
static GTask *
task_new (HwTokenStoreMemory  *self,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data,
          gpointer             source_tag)
{
  g_autoptr(GTask) task = _hw_token_store_task_new (HW_TOKEN_STORE (self), cancellable,
                                                     callback, user_data, source_tag);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, HW_SYNC_ERROR, HW_SYNC_ERROR_CANCELLED,
                               _("The request was cancelled"));
      return NULL;
    }

  return g_steal_pointer (&task);
}

static void
hw_token_store_memory_store_async (HwTokenStore        *store,
                                   const char          *server,
                                   const char          *email,
                                   const char          *token,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  HwTokenStoreMemory *self = HW_TOKEN_STORE_MEMORY (store);
  g_autoptr(GTask) task = task_new (self, cancellable, callback, user_data,
                                    hw_token_store_memory_store_async);

  if (task == NULL)
    return;

  g_hash_table_replace (self->tokens, make_key (server, email), g_strdup (token));
  g_task_return_boolean (task, TRUE);
}

static void
hw_token_store_memory_lookup_async (HwTokenStore        *store,
                                    const char          *server,
                                    const char          *email,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  HwTokenStoreMemory *self = HW_TOKEN_STORE_MEMORY (store);
  g_autoptr(GTask) task = task_new (self, cancellable, callback, user_data,
                                    hw_token_store_memory_lookup_async);
  g_autofree char *key = make_key (server, email);

  if (task == NULL)
    return;

  g_task_return_pointer (task, g_strdup (g_hash_table_lookup (self->tokens, key)), free_token);
}

static void
hw_token_store_memory_clear_async (HwTokenStore        *store,
                                   const char          *server,
                                   const char          *email,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  HwTokenStoreMemory *self = HW_TOKEN_STORE_MEMORY (store);
  g_autoptr(GTask) task = task_new (self, cancellable, callback, user_data,
                                    hw_token_store_memory_clear_async);
  g_autofree char *key = make_key (server, email);

  if (task == NULL)
    return;

  g_hash_table_remove (self->tokens, key);
  g_task_return_boolean (task, TRUE);
}

static void
token_store_iface_init (HwTokenStoreInterface *iface)
{
  iface->store_async = hw_token_store_memory_store_async;
  iface->lookup_async = hw_token_store_memory_lookup_async;
  iface->clear_async = hw_token_store_memory_clear_async;
}

static void
hw_token_store_memory_finalize (GObject *object)
{
  HwTokenStoreMemory *self = (HwTokenStoreMemory *) object;

  g_clear_pointer (&self->tokens, g_hash_table_unref);

  G_OBJECT_CLASS (hw_token_store_memory_parent_class)->finalize (object);
}

static void
hw_token_store_memory_class_init (HwTokenStoreMemoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = hw_token_store_memory_finalize;
}

static void
hw_token_store_memory_init (HwTokenStoreMemory *self)
{
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_token);
}

HwTokenStoreMemory *
hw_token_store_memory_new (void)
{
  return g_object_new (HW_TYPE_TOKEN_STORE_MEMORY, NULL);
}

/**
 * hw_token_store_memory_get_n_tokens:
 * @self: a #HwTokenStoreMemory
 *
 * Returns: how many tokens the store holds, for tests
 */
guint
hw_token_store_memory_get_n_tokens (HwTokenStoreMemory *self)
{
  g_return_val_if_fail (HW_IS_TOKEN_STORE_MEMORY (self), 0);

  return g_hash_table_size (self->tokens);
}
