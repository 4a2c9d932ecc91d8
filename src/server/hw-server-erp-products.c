/* hw-server-erp-products.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-auth.h"
#include "hw-server-erp-private.h"
#include "hw-store.h"

/* POST /erp/products: one record is a product keyed by its erp_id. A product with that
 * erp_id gets the ERP-owned fields (HW_FIELD_ERP) of the record and keeps everything else
 * (display name, description, category, attributes, …); an unknown erp_id makes a new
 * product from the ERP-owned fields alone. */

static gboolean
import_product (const HwErpContext  *context,
                JsonNode            *node,
                HwErpOutcome        *outcome,
                GError             **error)
{
  g_autoptr(HwProduct) incoming = NULL;
  g_autoptr(HwProduct) current = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *erp_id;

  if (!(erp_id = hw_erp_record_string (json_node_get_object (node), "erp_id", outcome)))
    return TRUE;
  outcome->key = g_strdup (erp_id);

  incoming = hw_entity_from_json (&hw_product_type, node, &local_error);
  if (incoming == NULL)
    {
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      return TRUE;
    }

  if (!hw_erp_find (context, &hw_product_type, "erp_id", erp_id, (gpointer *) &current, error))
    return FALSE;

  return hw_erp_upsert (context, current, incoming, outcome, error);
}

const HwErpKind hw_erp_products_kind = {
  .operation = "erp.products",
  .scope = HW_SERVER_SCOPE_ERP_PRODUCTS,
  .key_member = "erp_id",
  .records = "product records",
  .import = import_product,
};
