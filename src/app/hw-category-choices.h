/* hw-category-choices.h
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "hw-store.h"

G_BEGIN_DECLS

/* The categories as choices for a GtkDropDown: names are paths ("Tools › Drills"),
 * sorted; position 0 is @none_label (no category) when it is given. */
gboolean  hw_category_choices_load      (HwStore        *store,
                                         const char     *none_label,
                                         GtkStringList **out_names,
                                         GPtrArray     **out_ids,
                                         GError        **error);
guint     hw_category_choices_find      (GPtrArray      *ids,
                                         const char     *id);

G_END_DECLS
