/* hw-token-store.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define HW_TYPE_TOKEN_STORE (hw_token_store_get_type ())

G_DECLARE_INTERFACE (HwTokenStore, hw_token_store, HW, TOKEN_STORE, GObject)

/**
 * HwTokenStoreInterface:
 *
 * Where the session tokens of the profiles live, keyed by server address and staff
 * email. Implementations must never write a token to a plain file or to the log.
 * The finish functions report failures in the %HW_SYNC_ERROR domain.
 * The finish functions default to ones that propagate a #GTask's boolean (store,
 * clear) or string (lookup) result.
 */
struct _HwTokenStoreInterface
{
  GTypeInterface parent_iface;

  void      (*store_async)   (HwTokenStore         *self,
                              const char           *server,
                              const char           *email,
                              const char           *token,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  gboolean  (*store_finish)  (HwTokenStore         *self,
                              GAsyncResult         *result,
                              GError              **error);
  void      (*lookup_async)  (HwTokenStore         *self,
                              const char           *server,
                              const char           *email,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  char     *(*lookup_finish) (HwTokenStore         *self,
                              GAsyncResult         *result,
                              GError              **error);
  void      (*clear_async)   (HwTokenStore         *self,
                              const char           *server,
                              const char           *email,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data);
  gboolean  (*clear_finish)  (HwTokenStore         *self,
                              GAsyncResult         *result,
                              GError              **error);
};

HwTokenStore *hw_token_store_get_default   (void) G_GNUC_WARN_UNUSED_RESULT;
void          hw_token_store_store_async   (HwTokenStore         *self,
                                            const char           *server,
                                            const char           *email,
                                            const char           *token,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      hw_token_store_store_finish  (HwTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void          hw_token_store_lookup_async  (HwTokenStore         *self,
                                            const char           *server,
                                            const char           *email,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char         *hw_token_store_lookup_finish (HwTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void          hw_token_store_clear_async   (HwTokenStore         *self,
                                            const char           *server,
                                            const char           *email,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      hw_token_store_clear_finish  (HwTokenStore         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
