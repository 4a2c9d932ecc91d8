/* hw-attribute-manager.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_ATTRIBUTE_MANAGER (hw_attribute_manager_get_type ())

G_DECLARE_FINAL_TYPE (HwAttributeManager, hw_attribute_manager, HW, ATTRIBUTE_MANAGER, AdwWindow)

GtkWidget  *hw_attribute_manager_new              (HwStore             *store);
gboolean    hw_attribute_manager_reload           (HwAttributeManager  *self,
                                                   GError             **error);
guint       hw_attribute_manager_get_n_attributes (HwAttributeManager  *self);
void        hw_attribute_manager_edit             (HwAttributeManager  *self,
                                                   const char          *attribute_id);
const char *hw_attribute_manager_get_editing_id   (HwAttributeManager  *self);
void        hw_attribute_manager_save_async       (HwAttributeManager  *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    hw_attribute_manager_save_finish      (HwAttributeManager  *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
void        hw_attribute_manager_undo_async       (HwAttributeManager  *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean    hw_attribute_manager_undo_finish      (HwAttributeManager  *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
