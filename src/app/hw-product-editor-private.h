/* hw-product-editor-private.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-attribute-row.h"
#include "hw-edit-journal.h"
#include "hw-product-editor.h"
#include "hw-product-erp-group.h"
#include "hw-relation-list.h"

G_BEGIN_DECLS

/* HwProductEditor is split in two: the window, its state, saving and undo
 * (hw-product-editor.c), and the form, filled from a product and read back into one
 * (hw-product-editor-form.c). */

struct _HwProductEditor
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  GtkWidget            *attributes_group;
  AdwEntryRow          *brand_row;
  GtkDropDown          *category_dropdown;
  GtkWidget            *category_row;
  GtkLabel             *completeness_label;
  GtkLabel             *conflict_label;
  GtkRevealer          *conflict_revealer;
  GtkTextView          *description_view;
  AdwEntryRow          *display_name_row;
  HwProductErpGroup    *erp_group;
  HwRelationList       *relation_list;
  GtkWidget            *reload_button;
  GtkWidget            *save_button;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;

  /* Owned References */
  HwStore              *store;
  char                 *product_id;
  HwProduct            *product;       /* as read: the base of the edit */
  GPtrArray            *attribute_rows; /* HwAttributeRow, borrowed */
  GtkWidget            *more_row;       /* AdwExpanderRow of the unset optional ones */
  GPtrArray            *category_ids;
  HwEditJournal        *journal;       /* the last edit, for Undo */

  guint                 loading : 1;
  guint                 close_confirmed : 1;
  guint                 journal_of_relations : 1;
};

/* hw-product-editor-form.c */
HwProduct *_hw_product_editor_build_product (HwProductEditor  *self,
                                             HwAttributeRow  **out_invalid,
                                             GError          **error);
gboolean   _hw_product_editor_load          (HwProductEditor  *self,
                                             GError          **error);

/* hw-product-editor.c */
void       _hw_product_editor_form_changed  (HwProductEditor  *self);
void       _hw_product_editor_form_loaded   (HwProductEditor  *self);

G_END_DECLS
