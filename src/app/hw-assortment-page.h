/* hw-assortment-page.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "hw-category-tree.h"
#include "hw-product-list-model.h"
#include "hw-store.h"

G_BEGIN_DECLS

#define HW_TYPE_ASSORTMENT_PAGE (hw_assortment_page_get_type ())

G_DECLARE_FINAL_TYPE (HwAssortmentPage, hw_assortment_page, HW, ASSORTMENT_PAGE, GtkWidget)

GtkWidget          *hw_assortment_page_new                      (void);
HwStore            *hw_assortment_page_get_store                (HwAssortmentPage *self);
void                hw_assortment_page_set_store                (HwAssortmentPage *self,
                                                                 HwStore          *store);
void                hw_assortment_page_reload                   (HwAssortmentPage *self);
char              **hw_assortment_page_dup_selected_product_ids (HwAssortmentPage *self);
void                hw_assortment_page_resolve_selection_async  (HwAssortmentPage    *self,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
char              **hw_assortment_page_resolve_selection_finish (HwAssortmentPage    *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
HwCategoryTree     *hw_assortment_page_get_category_tree        (HwAssortmentPage *self);
HwProductListModel *hw_assortment_page_get_product_model        (HwAssortmentPage *self);
GtkSelectionModel  *hw_assortment_page_get_selection            (HwAssortmentPage *self);
HwQuery            *hw_assortment_page_get_query                (HwAssortmentPage *self);
void                hw_assortment_page_set_search_text          (HwAssortmentPage *self,
                                                                 const char       *text);
void                hw_assortment_page_set_status_filter        (HwAssortmentPage *self,
                                                                 const char       *status);
void                hw_assortment_page_set_incomplete_only      (HwAssortmentPage *self,
                                                                 gboolean          incomplete_only);

G_END_DECLS
