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

/* On the parse thread: the record's erp_id and the product it describes. */
static gpointer
prepare_product (JsonNode     *node,
                 HwErpOutcome *outcome)
{
  g_autoptr(GError) error = NULL;
  const char *erp_id;
  HwProduct *incoming;

  if (!(erp_id = hw_erp_record_string (json_node_get_object (node), "erp_id", outcome)))
    return NULL;
  outcome->key = g_strdup (erp_id);

  incoming = hw_entity_from_json (&hw_product_type, node, &error);
  if (incoming == NULL)
    hw_erp_outcome_set_gerror (outcome, NULL, error);

  return incoming;
}

static gboolean
import_product (const HwErpContext  *context,
                JsonNode            *node,
                gpointer             prepared,
                HwErpOutcome        *outcome,
                GError             **error)
{
  HwProduct *incoming = prepared;
  g_autoptr(HwProduct) current = NULL;

  if (!hw_erp_find (context, &hw_product_type, "erp_id", incoming->erp_id,
                    (gpointer *) &current, error))
    return FALSE;

  /* The prepared product is the batch's, and not needed after this. */
  return hw_erp_upsert_taking (context, current, incoming, outcome, error);
}

const HwErpKind hw_erp_products_kind = {
  .operation = "erp.products",
  .scope = HW_SERVER_SCOPE_ERP_PRODUCTS,
  .key_member = "erp_id",
  .records = "product records",
  .prepare = prepare_product,
  .prepared_free = (GDestroyNotify) hw_entity_free,
  .import = import_product,
  .one_write = TRUE,
};
