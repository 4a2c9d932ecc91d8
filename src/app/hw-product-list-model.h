/* hw-product-list-model.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-product-row.h"
#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_PRODUCT_LIST_MODEL (hw_product_list_model_get_type ())

G_DECLARE_FINAL_TYPE (HwProductListModel, hw_product_list_model, HW, PRODUCT_LIST_MODEL, GObject)

#define HW_PRODUCT_LIST_MODEL_PAGE_SIZE 200
#define HW_PRODUCT_LIST_MODEL_MAX_PAGES 16
#define HW_PRODUCT_LIST_MODEL_FIRST_COUNT 10000

HwProductListModel *hw_product_list_model_new           (HwStore            *store,
                                                         guint               page_size,
                                                         guint               max_pages);
HwStore            *hw_product_list_model_get_store     (HwProductListModel *self);
void                hw_product_list_model_set_query     (HwProductListModel *self,
                                                         HwQuery            *query);
HwQuery            *hw_product_list_model_get_query     (HwProductListModel *self);
void                hw_product_list_model_reload        (HwProductListModel *self);
gboolean            hw_product_list_model_get_loading   (HwProductListModel *self);
gboolean            hw_product_list_model_get_exact     (HwProductListModel *self);
void                hw_product_list_model_set_first_count (HwProductListModel *self,
                                                           guint               first_count);
const char         *hw_product_list_model_get_error_message (HwProductListModel *self);
guint               hw_product_list_model_get_n_cached_pages (HwProductListModel *self);
const char         *hw_product_list_model_peek_id       (HwProductListModel *self,
                                                         guint               position);
gboolean            hw_product_list_model_is_page_cached (HwProductListModel *self,
                                                          guint               page);

G_END_DECLS
