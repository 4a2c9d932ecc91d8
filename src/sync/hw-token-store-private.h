/* hw-token-store-private.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-token-store.h"

G_BEGIN_DECLS

GTask *_hw_token_store_task_new (HwTokenStore        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data,
                                 gpointer             source_tag);

G_END_DECLS
