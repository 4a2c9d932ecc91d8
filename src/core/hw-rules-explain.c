/* hw-rules-explain.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-rules"

#include "config.h"

#include "hw-rules-private.h"

/* Explanations and their JSON, the conditions of §3.3, and the snapshot cache. */

static void
step_free (gpointer data)
{
  HwRulesStep *step = data;

  g_free (step->step);
  g_free (step->entity);
  g_free (step->id);
  g_free (step->outcome);
  g_free (step->detail);
  g_free (step);
}

HwExplanation *
_hw_explanation_new (const char *question)
{
  HwExplanation *explanation = g_new0 (HwExplanation, 1);

  explanation->question = g_strdup (question);
  explanation->steps = g_ptr_array_new_with_free_func (step_free);
  return explanation;
}

HwRulesStep *
_hw_explanation_add (HwExplanation *explanation,
                     const char    *step,
                     const char    *entity,
                     const char    *id,
                     const char    *outcome,
                     const char    *format,
                     ...)
{
  HwRulesStep *added = g_new0 (HwRulesStep, 1);
  va_list args;

  added->step = g_strdup (step);
  added->entity = g_strdup (entity);
  added->id = g_strdup (id);
  added->outcome = g_strdup (outcome);
  va_start (args, format);
  added->detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (explanation->steps, added);
  return added;
}

void
_hw_explanation_set_decisive (HwExplanation *explanation,
                              HwRulesStep   *step)
{
  for (guint i = 0; i < explanation->steps->len; i++)
    {
      HwRulesStep *each = g_ptr_array_index (explanation->steps, i);

      each->decisive = each == step;
    }
}

const HwRulesStep *
hw_explanation_get_decisive (const HwExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, NULL);

  for (guint i = 0; i < explanation->steps->len; i++)
    {
      const HwRulesStep *step = g_ptr_array_index (explanation->steps, i);

      if (step->decisive)
        return step;
    }
  return NULL;
}

void
hw_explanation_free (HwExplanation *explanation)
{
  if (explanation == NULL)
    return;

  g_free (explanation->question);
  g_ptr_array_unref (explanation->steps);
  g_free (explanation);
}

static void
add_nullable (JsonBuilder *builder,
              const char  *member,
              const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
hw_explanation_to_json (const HwExplanation *explanation)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (explanation != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "question");
  json_builder_add_string_value (builder, explanation->question);
  json_builder_set_member_name (builder, "steps");
  json_builder_begin_array (builder);
  for (guint i = 0; i < explanation->steps->len; i++)
    {
      const HwRulesStep *step = g_ptr_array_index (explanation->steps, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "step");
      json_builder_add_string_value (builder, step->step);
      add_nullable (builder, "entity", step->entity);
      add_nullable (builder, "id", step->id);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, step->outcome);
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, step->detail);
      json_builder_set_member_name (builder, "decisive");
      json_builder_add_boolean_value (builder, step->decisive);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* §3.3 */

static const char * const orderable_names[] = {
  "ok", "user_inactive", "account_blocked", "not_visible", "discontinued", "cannot_order",
  "below_minimum", "not_multiple", "above_maximum",
};

const char *
hw_orderable_to_string (HwOrderable orderable)
{
  g_return_val_if_fail (orderable <= HW_ORDERABLE_ABOVE_MAXIMUM, NULL);

  return orderable_names[orderable];
}

static void
check (HwExplanation  *explanation,
       HwOrderable    *result,
       HwRulesStep   **decisive,
       gboolean        passes,
       HwOrderable     failure,
       const char     *step,
       const char     *entity,
       const char     *id,
       const char     *detail)
{
  HwRulesStep *added = NULL;

  if (explanation != NULL)
    added = _hw_explanation_add (explanation, step, entity, id, passes ? "passes" : "fails",
                                 "%s", detail);
  if (!passes && *result == HW_ORDERABLE_OK)
    {
      *result = failure;
      *decisive = added;
    }
}

gboolean
hw_rules_orderable (HwRules         *self,
                    const char      *user_id,
                    const char      *product_id,
                    gint64           qty,
                    gint64           at,
                    HwOrderable     *out_orderable,
                    HwExplanation  **out_explanation,
                    GError         **error)
{
  int user = _hw_rules_lookup (self->user_by_id, user_id);
  int product = _hw_rules_lookup (self->product_by_id, product_id);
  g_autoptr(HwExplanation) explanation = NULL;
  g_autofree char *text = NULL;
  HwOrderable result = HW_ORDERABLE_OK;
  HwRulesStep *decisive = NULL;
  const RProduct *p;
  RViewer viewer;
  gboolean visible;

  g_return_val_if_fail (self != NULL, FALSE);

  if (user < 0 || product < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, user < 0 ? "user" : "product",
                          "no %s with id %s", user < 0 ? "user" : "product",
                          user < 0 ? (user_id ? user_id : "(none)")
                                   : (product_id ? product_id : "(none)"));
      return FALSE;
    }
  if (qty < 1)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "qty", "must be at least 1");
      return FALSE;
    }

  viewer.user = &self->users[user];
  viewer.account = &self->accounts[viewer.user->account];
  p = &self->products[product];
  if (out_explanation != NULL)
    explanation = _hw_explanation_new ("orderable");

  check (explanation, &result, &decisive, viewer.user->active, HW_ORDERABLE_USER_INACTIVE,
         "user", "user", viewer.user->id,
         viewer.user->active ? "The user is active." : "The user is not active.");
  check (explanation, &result, &decisive, !viewer.account->blocked, HW_ORDERABLE_ACCOUNT_BLOCKED,
         "account", "account", viewer.account->id,
         viewer.account->blocked ? "The account is blocked." : "The account is active.");
  visible = _hw_rules_visible_one (self, &viewer, product, at, NULL, NULL);
  check (explanation, &result, &decisive, visible, HW_ORDERABLE_NOT_VISIBLE,
         "visibility", "product", p->id,
         visible ? "The user sees the product." : "The user does not see the product.");
  check (explanation, &result, &decisive, p->status != STATUS_DISCONTINUED,
         HW_ORDERABLE_DISCONTINUED, "status", "product", p->id,
         p->status == STATUS_DISCONTINUED ? "The product is discontinued."
                                          : "The product is not discontinued.");
  check (explanation, &result, &decisive, viewer.user->can_order, HW_ORDERABLE_CANNOT_ORDER,
         "can_order", "user", viewer.user->id,
         viewer.user->can_order ? "The user may order." : "The user may not order (can_order).");

  text = g_strdup_printf ("Quantity %" G_GINT64_FORMAT ", minimum %" G_GINT64_FORMAT ".",
                          qty, p->min_qty);
  check (explanation, &result, &decisive, qty >= p->min_qty, HW_ORDERABLE_BELOW_MINIMUM,
         "min_qty", "product", p->id, text);
  g_free (text);
  text = g_strdup_printf ("Quantity %" G_GINT64_FORMAT ", in multiples of %" G_GINT64_FORMAT ".",
                          qty, p->order_multiple);
  check (explanation, &result, &decisive, p->order_multiple <= 1 || qty % p->order_multiple == 0,
         HW_ORDERABLE_NOT_MULTIPLE, "order_multiple", "product", p->id, text);
  g_free (text);
  if (p->max_qty != HW_NONE)
    text = g_strdup_printf ("Quantity %" G_GINT64_FORMAT ", maximum %" G_GINT64_FORMAT ".",
                            qty, p->max_qty);
  else
    text = g_strdup ("The product has no maximum quantity.");
  check (explanation, &result, &decisive, p->max_qty == HW_NONE || qty <= p->max_qty,
         HW_ORDERABLE_ABOVE_MAXIMUM, "max_qty", "product", p->id, text);

  if (explanation != NULL)
    {
      if (decisive == NULL && explanation->steps->len > 0)
        decisive = g_ptr_array_index (explanation->steps, explanation->steps->len - 1);
      _hw_explanation_set_decisive (explanation, decisive);
    }

  if (out_orderable != NULL)
    *out_orderable = result;
  if (out_explanation != NULL)
    *out_explanation = g_steal_pointer (&explanation);
  return TRUE;
}

gboolean
hw_rules_needs_approval (HwRules     *self,
                         const char  *user_id,
                         gint64       total,
                         gboolean    *out_needs_approval,
                         GError     **error)
{
  int user = _hw_rules_lookup (self->user_by_id, user_id);

  g_return_val_if_fail (self != NULL, FALSE);

  if (user < 0)
    {
      hw_set_field_error (error, HW_CORE_ERROR_NOT_FOUND, "user", "no user with id %s",
                          user_id ? user_id : "(none)");
      return FALSE;
    }

  if (out_needs_approval != NULL)
    *out_needs_approval = self->users[user].order_limit != HW_NONE &&
                          total > self->users[user].order_limit;
  return TRUE;
}

/* The cache */

struct _HwRulesCache
{
  GMutex   mutex;
  HwRules *rules;
};

HwRulesCache *
hw_rules_cache_new (void)
{
  HwRulesCache *cache = g_new0 (HwRulesCache, 1);

  g_mutex_init (&cache->mutex);
  return cache;
}

void
hw_rules_cache_free (HwRulesCache *cache)
{
  if (cache == NULL)
    return;

  g_clear_pointer (&cache->rules, hw_rules_unref);
  g_mutex_clear (&cache->mutex);
  g_free (cache);
}

void
hw_rules_cache_invalidate (HwRulesCache *cache)
{
  g_mutex_lock (&cache->mutex);
  g_clear_pointer (&cache->rules, hw_rules_unref);
  g_mutex_unlock (&cache->mutex);
}

HwRules *
hw_rules_cache_get (HwRulesCache  *cache,
                    HwStore       *store,
                    GError       **error)
{
  gint64 revision = hw_store_get_revision (store);
  HwRules *rules;

  /* Held while loading: one thread loads, the others wait for its snapshot rather than
   * each loading their own. */
  g_mutex_lock (&cache->mutex);
  if (cache->rules == NULL || cache->rules->revision != revision)
    {
      /* Shares with the held snapshot whatever did not change since. */
      rules = hw_rules_load_update (store, cache->rules, error);
      if (rules == NULL)
        {
          g_mutex_unlock (&cache->mutex);
          return NULL;
        }
      g_clear_pointer (&cache->rules, hw_rules_unref);
      cache->rules = rules;
    }
  rules = hw_rules_ref (cache->rules);
  g_mutex_unlock (&cache->mutex);

  return rules;
}
