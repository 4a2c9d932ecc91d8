/* hw-token-store-secret.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-token-store.h"

G_BEGIN_DECLS

#define HW_TYPE_TOKEN_STORE_SECRET (hw_token_store_secret_get_type ())

G_DECLARE_FINAL_TYPE (HwTokenStoreSecret, hw_token_store_secret, HW, TOKEN_STORE_SECRET, GObject)

HwTokenStoreSecret *hw_token_store_secret_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
