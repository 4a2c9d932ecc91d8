/* hw-demo.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>
#include <string.h>

#include "hw-core-error.h"
#include "hw-demo-private.h"

/* Demo data for a technical wholesaler: a category tree of tools, fasteners, electrical,
 * plumbing, HVAC, safety and consumables, products built from typed attributes, customer
 * accounts with their users, prices, rules and a year of orders.
 *
 * Everything comes from one GRand per stage seeded with the options' seed, ids included,
 * and the store's clock answers the options' "now", so a seed gives the same database
 * byte for byte. Stages run in their own transaction and write in batches; between
 * batches they report progress and check for cancellation. Products are not kept in
 * memory: later stages use compact arrays (ids as 16 bytes, prices, conditions) and a
 * bounded pool of popular products with their names for order lines. */

#define PROGRESS_INTERVAL   (G_USEC_PER_SEC / 4)
#define MAX_PRODUCTS        9999999   /* SKUs have seven digits */
#define MAX_ACCOUNTS        299999    /* customer numbers have six digits */
#define HW_DEMO_MAX_USERS   5000000
#define HW_DEMO_MAX_ORDERS  20000000

static void
demo_free (Demo *demo)
{
  for (guint l = 0; l < demo->n_leaves; l++)
    for (guint k = 0; k < MAX_PROFILE_ATTRS; k++)
      g_strfreev (demo->leaves[l].values[k]);

  g_clear_pointer (&demo->leaves, g_free);
  g_clear_pointer (&demo->products, g_free);
  g_clear_pointer (&demo->pool, g_array_unref);
  g_clear_pointer (&demo->accounts, g_free);
  g_clear_pointer (&demo->users, g_free);
  g_clear_pointer (&demo->limited_users, g_array_unref);
  g_clear_pointer (&demo->account_cumulative, g_free);
  g_clear_pointer (&demo->strings, g_string_chunk_free);
  g_clear_pointer (&demo->rand, g_rand_free);
  if (demo->name != NULL)
    g_string_free (demo->name, TRUE);
  if (demo->text != NULL)
    g_string_free (demo->text, TRUE);
  g_free (demo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Demo, demo_free)

static gint64
demo_clock (gpointer user_data)
{
  Demo *demo = user_data;

  return demo->clock;
}

/* Random helpers: every draw goes through the stage's GRand (the simplest ones are
 * inline in hw-demo-private.h). */

const char *
_hw_demo_rand_pick (Demo               *demo,
                    const char * const *strv)
{
  return strv[_hw_demo_rand_below (demo, g_strv_length ((char **) strv))];
}

guint
_hw_demo_rand_weighted (Demo         *demo,
                        const double *weights,
                        guint         n)
{
  double total = 0;
  double u;

  for (guint i = 0; i < n; i++)
    total += weights[i];

  u = g_rand_double (demo->rand) * total;
  for (guint i = 0; i < n; i++)
    {
      if (u < weights[i])
        return i;
      u -= weights[i];
    }

  return n - 1;
}

/* Ids are UUID v4 made from the GRand rather than g_uuid_string_random(), so that a seed
 * always gives the same ids. The bytes are taken most significant first to be the same
 * on every architecture. */
void
_hw_demo_rand_uuid (Demo   *demo,
                    guint8  bytes[16])
{
  for (guint i = 0; i < 4; i++)
    {
      guint32 v = g_rand_int (demo->rand);

      bytes[4 * i] = v >> 24;
      bytes[4 * i + 1] = v >> 16;
      bytes[4 * i + 2] = v >> 8;
      bytes[4 * i + 3] = v;
    }

  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
}

void
_hw_demo_uuid_format (const guint8  bytes[16],
                      char          out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint o = 0;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[o++] = '-';
      out[o++] = hex[bytes[i] >> 4];
      out[o++] = hex[bytes[i] & 0xf];
    }
  out[o] = '\0';
}

void
_hw_demo_rand_id (Demo *demo,
                  char  out[37])
{
  guint8 bytes[16];

  _hw_demo_rand_uuid (demo, bytes);
  _hw_demo_uuid_format (bytes, out);
}

void
_hw_demo_set_id (gpointer    entity,
                 const char *id)
{
  HW_ENTITY (entity)->id = g_strdup (id);
}

void
_hw_demo_set_new_id (Demo     *demo,
                     gpointer  entity)
{
  char id[37];

  _hw_demo_rand_id (demo, id);
  _hw_demo_set_id (entity, id);
}

/* Formats @value with at most @decimals decimals, without trailing zeros and always with a
 * point, as attribute values of type number are stored. */
void
_hw_demo_format_number (char   *buf,
                        gsize   size,
                        double  value,
                        guint   decimals)
{
  gint64 scale = 1;
  gint64 scaled;
  gint64 whole;
  gint64 fraction;
  guint digits = decimals;

  for (guint i = 0; i < decimals; i++)
    scale *= 10;

  scaled = (gint64) llround (value * (double) scale);
  whole = scaled / scale;
  fraction = scaled % scale;

  while (digits > 0 && fraction % 10 == 0)
    {
      fraction /= 10;
      digits--;
    }

  if (digits == 0)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT, whole);
  else
    g_snprintf (buf, size, "%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, whole, (int) digits,
                fraction);
}

/* Days start at midnight UTC. */
gint64
_hw_demo_day_floor (gint64 usec)
{
  return usec - ((usec % USEC_DAY) + USEC_DAY) % USEC_DAY;
}

gboolean
_hw_demo_report (Demo     *demo,
                 guint64   done,
                 guint64   total,
                 gboolean  force,
                 GError  **error)
{
  if (demo->progress != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      /* Monotonic time only paces the callback; it never reaches the data. */
      if (force || now - demo->last_report >= PROGRESS_INTERVAL)
        {
          demo->last_report = now;
          demo->progress (demo->stage, done, total, demo->user_data);
        }
    }

  if (g_cancellable_is_cancelled (demo->cancellable))
    {
      g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_CANCELLED,
                   "Generating demo data was cancelled");
      return FALSE;
    }

  return TRUE;
}

gboolean
_hw_demo_create (Demo      *demo,
                 gpointer   entity,
                 GError   **error)
{
  return hw_store_create (demo->store, entity, error);
}

/* Product ids are kept as 16 bytes; this gives the text for one. */
const char *
_hw_demo_product_id (Demo  *demo,
                     guint  index,
                     char   buf[37])
{
  _hw_demo_uuid_format (demo->products[index].uuid, buf);
  return buf;
}

guint
_hw_demo_find_category (const char *name)
{
  for (guint i = 0; i < N_CATEGORIES; i++)
    if (strcmp (_hw_demo_category_defs[i].name, name) == 0)
      return i;

  g_error ("demo data: no category “%s”", name);
  return 0;
}

/* Checks the tables of hw-demo-data.c once, so that a typo in them shows up as a clear
 * error rather than as a product the store refuses halfway through a million. */
static gboolean
check_tables (GError **error)
{
  for (guint a = 0; a < N_ATTRIBUTES; a++)
    if (_hw_demo_attribute_defs[a].code == NULL)
      {
        g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                     "Demo data: attribute %u is not described", a);
        return FALSE;
      }

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *cat = &_hw_demo_category_defs[i];
      gboolean is_leaf = i + 1 == N_CATEGORIES || _hw_demo_category_defs[i + 1].depth <= cat->depth;
      const Profile *profile;

      if (is_leaf != (cat->profile >= 0))
        {
          g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                       "Demo data: category “%s” %s a product profile", cat->name,
                       is_leaf ? "is a leaf without" : "has children and");
          return FALSE;
        }

      if (!is_leaf)
        continue;

      profile = &_hw_demo_profiles[cat->profile];
      for (guint k = 0; k < MAX_PROFILE_ATTRS && profile->attrs[k].values != NULL; k++)
        {
          const AttributeDef *def = &_hw_demo_attribute_defs[profile->attrs[k].attr];
          const char *values = k < 3 && cat->values[k] ? cat->values[k] : profile->attrs[k].values;
          g_auto(GStrv) candidates = g_strsplit (values, "|", -1);

          for (guint c = 0; candidates[c] != NULL; c++)
            {
              gboolean valid;

              if (strcmp (def->type, "enum") == 0)
                valid = g_strv_contains (def->options, candidates[c]);
              else if (strcmp (def->type, "number") == 0)
                valid = strcmp (candidates[c], "derived") == 0 ||
                        g_ascii_strtod (candidates[c], NULL) > 0;
              else if (strcmp (def->type, "boolean") == 0)
                valid = strcmp (candidates[c], "true") == 0 || strcmp (candidates[c], "false") == 0;
              else
                valid = candidates[c][0] != '\0';

              if (!valid)
                {
                  g_set_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID,
                               "Demo data: “%s” is not a valid %s for category “%s”",
                               candidates[c], def->code, cat->name);
                  return FALSE;
                }
            }
        }
    }

  return TRUE;
}

/* Splits the products over the leaves by their weights (largest remainder, so the total
 * is exact) and prepares each leaf's candidate values. */
static void
plan_leaves (Demo *demo)
{
  g_autofree double *shares = NULL;
  g_autofree guint *leaf_of = NULL;
  double total = 0;
  guint assigned = 0;
  guint group_first = 0;
  guint root = 0;
  guint groups[8] = { 0, };
  guint n_roots = 0;

  leaf_of = g_new0 (guint, N_CATEGORIES);
  demo->leaves = g_new0 (LeafInfo, N_CATEGORIES);

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      const CategoryDef *cat = &_hw_demo_category_defs[i];

      if (cat->depth == 0)
        {
          root = n_roots;
          demo->root_categories[n_roots++] = i;
        }
      demo->category_root[i] = root;

      /* Brand groups are inherited from the nearest ancestor that names them. */
      groups[cat->depth] = cat->groups != 0 ? cat->groups
                                            : cat->depth > 0 ? groups[cat->depth - 1] : 0;

      if (cat->depth == 1)
        {
          for (guint l = group_first; l < demo->n_leaves; l++)
            demo->leaves[l].group_end = demo->n_leaves;
          group_first = demo->n_leaves;
        }

      if (cat->profile >= 0)
        {
          LeafInfo *leaf = &demo->leaves[demo->n_leaves];
          const Profile *profile = &_hw_demo_profiles[cat->profile];

          leaf->category = i;
          leaf->root = root;
          leaf->groups = groups[cat->depth];
          leaf->group_first = group_first;
          for (guint k = 0; k < MAX_PROFILE_ATTRS && profile->attrs[k].values != NULL; k++)
            {
              const char *values = k < 3 && cat->values[k] ? cat->values[k]
                                                           : profile->attrs[k].values;

              leaf->values[k] = g_strsplit (values, "|", -1);
              leaf->n_values[k] = g_strv_length (leaf->values[k]);
            }
          leaf_of[demo->n_leaves] = i;
          demo->n_leaves++;
        }
    }
  for (guint l = group_first; l < demo->n_leaves; l++)
    demo->leaves[l].group_end = demo->n_leaves;

  shares = g_new0 (double, demo->n_leaves);
  for (guint l = 0; l < demo->n_leaves; l++)
    {
      shares[l] = _hw_demo_category_defs[leaf_of[l]].weight *
                  (0.6 + 0.8 * g_rand_double (demo->rand));
      total += shares[l];
    }

  for (guint l = 0; l < demo->n_leaves; l++)
    {
      shares[l] = shares[l] / total * demo->options.products;
      demo->leaves[l].count = (guint) shares[l];
      shares[l] -= demo->leaves[l].count;
      assigned += demo->leaves[l].count;
    }

  /* Hand the rest out to the largest remainders, earliest leaf first on a tie. */
  while (assigned < demo->options.products)
    {
      guint best = 0;

      for (guint l = 1; l < demo->n_leaves; l++)
        if (shares[l] > shares[best])
          best = l;

      demo->leaves[best].count++;
      shares[best] = -1;
      assigned++;
    }

  for (guint l = 0, first = 0; l < demo->n_leaves; l++)
    {
      demo->leaves[l].first = first;
      first += demo->leaves[l].count;
    }
}

/* Public API */

/**
 * hw_demo_options_init:
 *
 * Fills @options with the defaults: 20 000 products, 300 accounts, 1 500 users, 50 000
 * orders, seed 1, and today 00:00 UTC as the reference moment.
 */
void
hw_demo_options_init (HwDemoOptions *options)
{
  gint64 now;

  g_return_if_fail (options != NULL);

  now = hw_time_now ();
  options->products = 20000;
  options->accounts = 300;
  options->users = 1500;
  options->orders = 50000;
  options->seed = 1;
  options->now = now - ((now % USEC_DAY) + USEC_DAY) % USEC_DAY;
}

static gboolean
check_options (const HwDemoOptions  *options,
               GError              **error)
{
  if (options->products < 1 || options->products > MAX_PRODUCTS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "products",
                          "must be between 1 and %u", MAX_PRODUCTS);
      return FALSE;
    }

  if (options->accounts < 1 || options->accounts > MAX_ACCOUNTS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "accounts",
                          "must be between 1 and %u", MAX_ACCOUNTS);
      return FALSE;
    }

  if (options->users < options->accounts || options->users > HW_DEMO_MAX_USERS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "users",
                          "must be between the number of accounts (%u: every account has an "
                          "account admin) and %u", options->accounts, HW_DEMO_MAX_USERS);
      return FALSE;
    }

  if (options->orders > HW_DEMO_MAX_ORDERS)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "orders", "must be at most %u",
                          HW_DEMO_MAX_ORDERS);
      return FALSE;
    }

  if (options->now < 2 * 365 * USEC_DAY)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "now",
                          "must be at least two years after 1970");
      return FALSE;
    }

  return TRUE;
}

typedef gboolean (*StageFunc) (Demo    *demo,
                               GError **error);

/**
 * hw_demo_generate:
 * @options: (nullable): what to generate; %NULL for the defaults
 * @progress: (nullable) (scope call): told of each stage and, a few times a second, how far
 *   it got
 * @cancellable: (nullable): checked between batches
 *
 * Fills @store with demo data for a technical wholesaler. The same options give the same
 * data, ids and times included: the store's clock is set to @options->now while
 * generating, and back to the real clock afterwards.
 *
 * Each stage (categories, products, relations, …) is one transaction, so a cancelled or
 * failed run leaves the stages before it and nothing of the one it stopped in.
 *
 * Returns: %TRUE on success; on cancellation %FALSE with %HW_CORE_ERROR_CANCELLED
 */
gboolean
hw_demo_generate (HwStore              *store,
                  const HwDemoOptions  *options,
                  HwDemoProgressFunc    progress,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  GError              **error)
{
  static const struct
  {
    const char *name;
    StageFunc   func;
  } stages[] = {
    { "categories", _hw_demo_stage_taxonomy },
    { "products", _hw_demo_stage_products },
    { "relations", _hw_demo_stage_relations },
    { "catalogues", _hw_demo_stage_catalogues },
    { "prices", _hw_demo_stage_prices },
    { "accounts", _hw_demo_stage_accounts },
    { "users", _hw_demo_stage_users },
    { "rules", _hw_demo_stage_rules },
    { "integrations", _hw_demo_stage_integrations },
    { "orders", _hw_demo_stage_orders },
  };
  g_autoptr(Demo) demo = NULL;
  HwDemoOptions defaults;
  gboolean ok = TRUE;

  g_return_val_if_fail (HW_IS_STORE (store), FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options == NULL)
    {
      hw_demo_options_init (&defaults);
      options = &defaults;
    }

  if (!check_options (options, error) || !check_tables (error))
    return FALSE;

  demo = g_new0 (Demo, 1);
  demo->store = store;
  demo->options = *options;
  demo->progress = progress;
  demo->user_data = user_data;
  demo->cancellable = cancellable;
  demo->clock = options->now;
  demo->rand = g_rand_new_with_seed (options->seed);
  demo->name = g_string_sized_new (256);
  demo->text = g_string_sized_new (1024);
  demo->strings = g_string_chunk_new (64 * 1024);
  demo->pool = g_array_new (FALSE, FALSE, sizeof (PoolItem));

  plan_leaves (demo);

  hw_store_set_clock (store, demo_clock, demo);

  for (guint s = 0; s < G_N_ELEMENTS (stages) && ok; s++)
    {
      /* A GRand per stage: a stage's data does not shift when an earlier one changes. */
      guint32 seeds[2] = { options->seed, s + 1 };

      g_rand_set_seed_array (demo->rand, seeds, G_N_ELEMENTS (seeds));
      demo->stage = stages[s].name;

      if (!hw_store_begin (store, error))
        ok = FALSE;
      else if (!stages[s].func (demo, error))
        {
          hw_store_rollback (store);
          ok = FALSE;
        }
      else if (!hw_store_commit (store, error))
        ok = FALSE;

      if (!ok)
        g_debug ("Demo data stopped in stage %s", stages[s].name);
    }

  hw_store_set_clock (store, NULL, NULL);

  return ok;
}

typedef struct
{
  char          *db_path;
  HwDemoOptions  options;
} GenerateData;

static void
generate_data_free (gpointer data)
{
  GenerateData *self = data;

  g_free (self->db_path);
  g_free (self);
}

static void
generate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GenerateData *data = task_data;
  g_autoptr(HwStore) store = NULL;
  GError *error = NULL;

  /* The store is this thread's own: a connection is never shared between threads. */
  store = hw_store_open (data->db_path, HW_STORE_OPEN_BULK, &error);
  if (store == NULL ||
      !hw_demo_generate (store, &data->options, NULL, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * hw_demo_generate_async:
 * @db_path: the database to fill; opened (and created if missing) in a worker thread
 * @options: (nullable): copied; %NULL for the defaults
 *
 * Runs hw_demo_generate() in a thread on a store of its own.
 */
void
hw_demo_generate_async (const char          *db_path,
                        const HwDemoOptions *options,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GenerateData *data;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (GenerateData, 1);
  data->db_path = g_strdup (db_path);
  if (options != NULL)
    data->options = *options;
  else
    hw_demo_options_init (&data->options);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_demo_generate_async);
  /* Report our own HW_CORE_ERROR_CANCELLED rather than GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, generate_data_free);
  g_task_run_in_thread (task, generate_thread);
}

gboolean
hw_demo_generate_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, hw_demo_generate_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
