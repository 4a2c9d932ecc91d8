/* hw-rules-reference.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-rules.h"

G_BEGIN_DECLS

/* A second reading of DESIGN.md §3 and the decisions in hw-rules.h, written to be obvious
 * rather than fast: straight loops over the plain arrays of HwRulesData, nothing shared
 * with the engine but the model structs. The property tests hold the engine to it. */

typedef struct
{
  gint64      unit_price;
  gint64      list_price;
  const char *currency;
  const char *source;           /* agreement, account_list, segment_list, default_list, base_price */
  const char *source_id;        /* price or agreement id, NULL for the base price */
  const char *discount_rule_id; /* NULL when none */
} HwRefPrice;

gboolean     hw_ref_visible    (const HwRulesData *data,
                                const char        *user_id,
                                const char        *product_id,
                                gint64             at);
/* @user_id NULL: an account without users, judged as a user with no role. */
gboolean     hw_ref_visible_for (const HwRulesData *data,
                                 const char        *account_id,
                                 const char        *user_id,
                                 const char        *product_id,
                                 gint64             at);
void         hw_ref_price      (const HwRulesData *data,
                                const char        *account_id,
                                const char        *product_id,
                                gint64             qty,
                                gint64             at,
                                HwRefPrice        *out);
HwOrderable  hw_ref_orderable  (const HwRulesData *data,
                                const char        *user_id,
                                const char        *product_id,
                                gint64             qty,
                                gint64             at);

G_END_DECLS
