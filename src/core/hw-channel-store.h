/* hw-channel-store.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

gboolean  hw_store_set_user_password_hash (HwStore     *self,
                                           const char  *user_id,
                                           const char  *password_hash,
                                           GError     **error);
char     *hw_store_get_user_password_hash (HwStore     *self,
                                           const char  *user_id,
                                           GError     **error);

gboolean  hw_store_next_validity_change   (HwStore     *self,
                                           gint64       after,
                                           gint64      *out_at,
                                           GError     **error);

G_END_DECLS
