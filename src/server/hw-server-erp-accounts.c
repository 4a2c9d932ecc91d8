/* hw-server-erp-accounts.c
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
#include "hw-auth-store.h"
#include "hw-channel-store.h"
#include "hw-server-erp-private.h"
#include "hw-server-password.h"
#include "hw-store.h"

/* POST /erp/accounts: one record is an account keyed by its customer_number, with its
 * users nested:
 *
 *   {"customer_number": "C-1001", "name": "…", "vat_number": "…", "segment": "…",
 *    "currency": "EUR", "status": "active", "price_list_code": "PL-RETAIL",
 *    "addresses": [{"kind": "billing", …}],
 *    "users": [{"email": "a@example.com", "name": "…", "active": true,
 *               "password": "…"}]}
 *
 * The account gets the ERP-owned fields (HW_FIELD_ERP) of the record, its price list
 * named by its code (price_list_code; absent or null: none); its digital fields
 * (catalogue_id) are kept. References are by ERP key only: members holding internal ids
 * (price_list_id, catalogue_id, id) are ignored.
 *
 * Users are keyed by email. The ERP sets the email and the name, and may set active; a
 * new user is a buyer who sees prices and may order, without an order limit, active
 * unless the record says otherwise. An existing user's role and visibility settings
 * (show_prices, can_order, order_limit) are digital and kept, and so is active when the
 * record leaves it out. Users the record does not name are left alone: the ERP
 * deactivates a user with "active": false rather than by omission, so a partial user list
 * never locks people out. A password, when given, becomes the user's channel login
 * password (only its argon2id hash is kept, outside the user row; hw-store-channel.c); a
 * password the user already has changes nothing. An email that belongs to a user of another account, or that
 * appears twice in the record, is the record's error; a bad user spoils the whole record
 * (the driver rolls its savepoint back), so an account is never stored without the users
 * it was sent with. */

/* Sets @password as the channel password of @user_id unless it already is. */
static gboolean
import_password (const HwErpContext  *context,
                 const char          *user_id,
                 const char          *password,
                 gboolean            *written,
                 GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *hash = NULL;

  current = hw_store_get_user_password_hash (context->store, user_id, &local_error);
  if (current == NULL && !g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (current != NULL && hw_server_password_verify (current, password))
    return TRUE;

  if (!(hash = hw_server_password_hash (password, error)) ||
      !hw_store_set_user_password_hash (context->store, user_id, hash, error) ||
      !hw_store_revoke_user_tokens (context->store, user_id, NULL, error))
    return FALSE;

  *written = TRUE;
  return TRUE;
}

/* Upserts the user @node (users[@index] of the record) into the account @account_id.
 * Sets *@written when it stored something. Returns FALSE only when the database failed. */
static gboolean
import_user (const HwErpContext  *context,
             const char          *account_id,
             JsonNode            *node,
             guint                index,
             GHashTable          *seen,
             HwErpOutcome        *outcome,
             gboolean            *written,
             GError             **error)
{
  g_autofree char *prefix = g_strdup_printf ("users[%u]", index);
  g_autoptr(HwUser) current = NULL;
  g_autoptr(HwUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonNode *password_node;
  const char *password = NULL;
  const char *email;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      hw_erp_outcome_set_error (outcome, prefix, "must be an object");
      return TRUE;
    }
  object = json_node_get_object (node);

  if (!(email = hw_erp_record_string (object, "email", outcome)) ||
      !(name = hw_erp_record_string (object, "name", outcome)))
    {
      g_autofree char *field = g_strdup_printf ("%s.%s", prefix, outcome->field);

      hw_erp_outcome_set_error (outcome, field, "is required, a non-empty string");
      return TRUE;
    }

  member = json_object_get_member (object, "active");
  if (member != NULL && (!JSON_NODE_HOLDS_VALUE (member) ||
                         json_node_get_value_type (member) != G_TYPE_BOOLEAN))
    {
      g_autofree char *field = g_strdup_printf ("%s.active", prefix);

      hw_erp_outcome_set_error (outcome, field, "must be true or false");
      return TRUE;
    }

  password_node = json_object_get_member (object, "password");
  if (password_node != NULL && !JSON_NODE_HOLDS_NULL (password_node))
    {
      g_autofree char *field = g_strdup_printf ("%s.password", prefix);

      if (!JSON_NODE_HOLDS_VALUE (password_node) ||
          json_node_get_value_type (password_node) != G_TYPE_STRING)
        {
          hw_erp_outcome_set_error (outcome, field, "must be a string");
          return TRUE;
        }
      password = json_node_get_string (password_node);
      if (!hw_server_password_check (password, &local_error))
        {
          hw_erp_outcome_set_error (outcome, field, local_error->message);
          return TRUE;
        }
    }

  if (!g_hash_table_add (seen, g_strdup (email)))
    {
      g_autofree char *field = g_strdup_printf ("%s.email", prefix);

      hw_erp_outcome_set_error (outcome, field, "appears more than once in the record");
      return TRUE;
    }

  if (!hw_erp_find (context, &hw_user_type, "email", email, (gpointer *) &current, error))
    return FALSE;
  if (current == NULL)
    {
      user = hw_user_new ();
      user->account_id = g_strdup (account_id);
      user->email = g_strdup (email);
      user->role = g_strdup ("buyer");
    }
  else
    {
      if (g_strcmp0 (current->account_id, account_id) != 0)
        {
          g_autofree char *field = g_strdup_printf ("%s.email", prefix);

          hw_erp_outcome_set_error (outcome, field, "belongs to a user of another account");
          return TRUE;
        }

      if (g_strcmp0 (current->name, name) == 0 &&
          (member == NULL || json_node_get_boolean (member) == current->active))
        return password == NULL ||
               import_password (context, HW_ENTITY (current)->id, password, written, error);

      user = hw_entity_copy (current);
      HW_ENTITY (user)->rev = 0;
      HW_ENTITY (user)->updated_at = 0;
    }

  g_free (user->name);
  user->name = g_strdup (name);
  if (member != NULL)
    user->active = json_node_get_boolean (member);

  if (!hw_erp_write (context, current, user, &local_error))
    {
      if (!hw_erp_error_is_record (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      hw_erp_outcome_set_gerror (outcome, prefix, local_error);
      return TRUE;
    }

  *written = TRUE;
  return password == NULL ||
         import_password (context, HW_ENTITY (user)->id, password, written, error);
}

static gboolean
import_account (const HwErpContext  *context,
                JsonNode            *node,
                gpointer             prepared,
                HwErpOutcome        *outcome,
                GError             **error)
{
  static const char * const internal[] = { "id", "price_list_id", "catalogue_id" };
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(HwAccount) incoming = NULL;
  g_autoptr(HwAccount) current = NULL;
  g_autoptr(HwAccount) stored = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *price_list_id = NULL;
  JsonObject *object = json_node_get_object (node);
  JsonArray *users = NULL;
  JsonNode *member;
  const char *customer_number;
  const char *account_id;
  gboolean changed;
  gboolean users_written = FALSE;

  if (!(customer_number = hw_erp_record_string (object, "customer_number", outcome)))
    return TRUE;
  outcome->key = g_strdup (customer_number);

  member = json_object_get_member (object, "users");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          hw_erp_outcome_set_error (outcome, "users", "must be an array of objects");
          return TRUE;
        }
      users = json_node_get_array (member);
    }

  if (!hw_erp_resolve (context, object, "price_list_code", &hw_price_list_type, "code", TRUE,
                       outcome, &price_list_id, error))
    return FALSE;
  if (g_strcmp0 (outcome->status, "error") == 0)
    return TRUE;

  /* The account as the record describes it, with the price list by its id. */
  copy = json_node_copy (node);
  for (guint i = 0; i < G_N_ELEMENTS (internal); i++)
    json_object_remove_member (json_node_get_object (copy), internal[i]);
  if (price_list_id != NULL)
    json_object_set_string_member (json_node_get_object (copy), "price_list_id", price_list_id);

  incoming = hw_entity_from_json (&hw_account_type, copy, &local_error);
  if (incoming == NULL)
    {
      hw_erp_outcome_set_gerror (outcome, NULL, local_error);
      return TRUE;
    }

  if (!hw_erp_find (context, &hw_account_type, "customer_number", customer_number,
                    (gpointer *) &current, error))
    return FALSE;
  if (current == NULL)
    {
      changed = TRUE;
    }
  else
    {
      changed = !hw_entity_fields_equal (current, incoming, HW_FIELD_ERP);
    }

  if (changed)
    {
      g_autoptr(HwAccount) merged = NULL;

      merged = hw_erp_merge (&hw_account_type, current, incoming);
      if (!hw_erp_write (context, current, merged, error))
        return FALSE;
      stored = g_steal_pointer (&merged);
      account_id = HW_ENTITY (stored)->id;
    }
  else
    {
      account_id = HW_ENTITY (current)->id;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; users != NULL && i < json_array_get_length (users); i++)
    {
      if (!import_user (context, account_id, json_array_get_element (users, i), i, seen,
                        outcome, &users_written, error))
        return FALSE;
      if (g_strcmp0 (outcome->status, "error") == 0)
        return TRUE;
    }

  outcome->status = current == NULL ? "created"
                    : changed || users_written ? "updated" : "unchanged";
  outcome->id = g_strdup (account_id);
  return TRUE;
}

const HwErpKind hw_erp_accounts_kind = {
  .operation = "erp.accounts",
  .scope = HW_SERVER_SCOPE_ERP_ACCOUNTS,
  .key_member = "customer_number",
  .records = "account records",
  .import = import_account,
};
