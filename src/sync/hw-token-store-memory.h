/* hw-token-store-memory.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-token-store.h"

G_BEGIN_DECLS

#define HW_TYPE_TOKEN_STORE_MEMORY (hw_token_store_memory_get_type ())

G_DECLARE_FINAL_TYPE (HwTokenStoreMemory, hw_token_store_memory, HW, TOKEN_STORE_MEMORY, GObject)

HwTokenStoreMemory *hw_token_store_memory_new          (void) G_GNUC_WARN_UNUSED_RESULT;
guint               hw_token_store_memory_get_n_tokens (HwTokenStoreMemory *self);

G_END_DECLS
