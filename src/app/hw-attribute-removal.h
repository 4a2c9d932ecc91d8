/* hw-attribute-removal.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-edit-journal.h"

G_BEGIN_DECLS

#define HW_TYPE_ATTRIBUTE_REMOVAL (hw_attribute_removal_get_type ())

G_DECLARE_FINAL_TYPE (HwAttributeRemoval, hw_attribute_removal, HW, ATTRIBUTE_REMOVAL, GObject)

HwAttributeRemoval *hw_attribute_removal_new          (const char          *store_path,
                                                       const char          *attribute_id,
                                                       gint64               expected_rev)
                                                       G_GNUC_WARN_UNUSED_RESULT;
const char         *hw_attribute_removal_get_attribute_id (HwAttributeRemoval *self);
void                hw_attribute_removal_count_async  (HwAttributeRemoval  *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean            hw_attribute_removal_count_finish (HwAttributeRemoval  *self,
                                                       GAsyncResult        *result,
                                                       guint               *out_count,
                                                       GError             **error);
void                hw_attribute_removal_run_async    (HwAttributeRemoval  *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
HwEditJournal      *hw_attribute_removal_run_finish   (HwAttributeRemoval  *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
