/* hw-demo-orders.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hw-demo-private.h"

/* Stages: integrations with a month of their runs, and a year of orders with
 * their histories. */

#define MAX_ORDER_LINES  15

/* Stage: integrations and their runs */

typedef enum
{
  INT_ERP,
  INT_PIM,
  INT_DATA,
  INT_WEBHOOK,
  N_INTEGRATIONS
} IntegrationId;

static gboolean
create_run (Demo           *demo,
            const char     *integration_id,
            IntegrationId   kind,
            const char     *operation,
            gint64          started_at,
            gboolean        running,
            gboolean        failing,
            GError        **error)
{
  static const char * const product_errors[] = {
    "GTIN check digit is wrong",
    "Unknown category code in the ERP classification",
    "Attribute colour: “RAL 7016” is not one of the options",
    "Base price is missing",
  };
  static const char * const account_errors[] = {
    "VAT number has the wrong format",
    "Shipping address without postal code",
  };
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  guint n_products = demo->options.products;
  double r = g_rand_double (demo->rand);
  gboolean is_accounts = g_str_has_suffix (operation, ".accounts");
  gint64 records;

  _hw_demo_set_new_id (demo, run);
  run->integration_id = g_strdup (integration_id);
  run->operation = g_strdup (operation);
  run->started_at = started_at;

  if (is_accounts)
    records = 1 + _hw_demo_rand_below (demo, MAX (demo->options.accounts / 50, 2));
  else if (g_str_has_suffix (operation, ".orders"))
    records = 5 + _hw_demo_rand_below (demo, 60);
  else
    records = 1 + _hw_demo_rand_below (demo, MAX (n_products / (kind == INT_ERP ? 40 : 80), 2));

  if (running)
    {
      run->status = g_strdup ("running");
      run->records_ok = records / 3;
    }
  else if (failing || r < 0.03)
    {
      HwRunError *row = hw_child_new (&hw_run_error_child);

      /* A failed run reached nobody: one error says why. */
      g_ptr_array_add (run->errors, row);
      row->record_key = g_strdup ("connection");
      row->message = g_strdup (kind == INT_WEBHOOK
                               ? "The endpoint answered 502 Bad Gateway"
                               : "Connection timed out after 120 s");
      run->status = g_strdup ("failed");
      run->finished_at = started_at + _hw_demo_rand_span (demo, 1, 3) * USEC_MINUTE;
    }
  else
    {
      run->status = g_strdup (r < 0.15 ? "partial" : "succeeded");
      run->records_ok = records;
      run->finished_at = started_at + _hw_demo_rand_span (demo, 20, 1200) * USEC_SECOND;

      if (r < 0.15)
        {
          run->records_failed = _hw_demo_rand_between (demo, 1, 20);
          for (guint e = 0; e < MIN (run->records_failed, 10); e++)
            {
              HwRunError *row = hw_child_new (&hw_run_error_child);
              char key[32];
              guint which;

              if (is_accounts)
                {
                  g_snprintf (key, sizeof key, "%u",
                              100000 + 3 * _hw_demo_rand_below (demo, demo->options.accounts));
                  which = _hw_demo_rand_below (demo, G_N_ELEMENTS (account_errors));
                  row->message = g_strdup (account_errors[which]);
                }
              else
                {
                  g_snprintf (key, sizeof key, "HW-%07u",
                              1 + _hw_demo_rand_below (demo, n_products));
                  which = _hw_demo_rand_below (demo, G_N_ELEMENTS (product_errors));
                  row->message = g_strdup (product_errors[which]);
                }
              row->record_key = g_strdup (key);
              g_ptr_array_add (run->errors, row);
            }
        }
    }

  /* Runs are timed on the second, as their logs are. */
  run->started_at -= run->started_at % USEC_SECOND;
  if (run->finished_at != HW_NONE)
    run->finished_at -= run->finished_at % USEC_SECOND;

  if (!_hw_demo_create (demo, run, error))
    {
      g_prefix_error (error, "Integration run %s: ", operation);
      return FALSE;
    }

  return TRUE;
}

gboolean
_hw_demo_stage_integrations (Demo    *demo,
                             GError **error)
{
  static const char * const erp_scopes[] = {
    "erp:products", "erp:accounts", "erp:prices", "erp:orders", NULL
  };
  static const char * const pim_scopes[] = { "products:write", "attributes:read", NULL };
  static const char * const data_scopes[] = { "products:write", NULL };
  static const char * const webhook_scopes[] = { "orders:read", NULL };
  /* Each integration's schedule: the runs go back from the latest one by a fixed step. */
  static const struct
  {
    IntegrationId  integration;
    const char    *operation;
    gint64         offset;      /* of the latest run after its day (or hour) began */
    gint64         step;
    guint          count;
  } schedules[] = {
    { INT_ERP, "erp.products", 2 * USEC_HOUR, USEC_DAY, 30 },
    { INT_ERP, "erp.accounts", 2 * USEC_HOUR + 30 * USEC_MINUTE, USEC_DAY, 30 },
    { INT_ERP, "erp.prices", 3 * USEC_HOUR, USEC_DAY, 30 },
    { INT_ERP, "erp.orders", 0, 4 * USEC_HOUR, 42 },
    { INT_PIM, "pim.products", 5 * USEC_HOUR, USEC_DAY, 30 },
    { INT_DATA, "data_provider.products", 6 * USEC_HOUR, 7 * USEC_DAY, 12 },
    { INT_WEBHOOK, "webhook.orders", 0, USEC_HOUR, 48 },
  };
  static const struct
  {
    const char         *name;
    const char         *kind;
    const char         *url;
    const char * const *scopes;
    const char         *status;
  } defs[N_INTEGRATIONS] = {
    [INT_ERP] = { ERP_ACTOR, "erp", "https://erp.heartwork.example/sap/opu/odata/sap/ZHW_ONE_SRV",
                  erp_scopes, "active" },
    [INT_PIM] = { "Akeneo PIM", "pim", "https://pim.heartwork.example/api/rest/v1", pim_scopes,
                  "active" },
    [INT_DATA] = { "2BA Unifeed", "data_provider", "https://unifeed.2ba.example/api/v2",
                   data_scopes, "active" },
    [INT_WEBHOOK] = { "Webshop order events", "webhook",
                      "https://shop.heartwork.example/hooks/one-orders", webhook_scopes,
                      "failing" },
  };
  char ids[N_INTEGRATIONS][37];
  gint64 now = demo->options.now;
  gint64 today = _hw_demo_day_floor (now);
  gint64 hour = now - now % USEC_HOUR;
  gint64 last_run[N_INTEGRATIONS] = { HW_NONE, HW_NONE, HW_NONE, HW_NONE };
  /* The latest ERP order pull is still running, three minutes in. */
  gint64 running_at = now - 3 * USEC_MINUTE;
  guint done = 0;
  guint total = 1;

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    total += schedules[s].count;

  if (!_hw_demo_report (demo, 0, total, TRUE, error))
    return FALSE;

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    {
      gint64 base = schedules[s].step >= USEC_DAY ? today : hour;
      gint64 latest = base - schedules[s].step + schedules[s].offset;

      last_run[schedules[s].integration] = MAX (last_run[schedules[s].integration], latest);
    }
  last_run[INT_ERP] = running_at;

  for (guint i = 0; i < N_INTEGRATIONS; i++)
    {
      g_autoptr(HwIntegration) integration = hw_integration_new ();

      _hw_demo_rand_id (demo, ids[i]);
      _hw_demo_set_id (integration, ids[i]);
      integration->name = g_strdup (defs[i].name);
      integration->kind = g_strdup (defs[i].kind);
      integration->endpoint_url = g_strdup (defs[i].url);
      integration->scopes = g_strdupv ((char **) defs[i].scopes);
      integration->status = g_strdup (defs[i].status);
      integration->last_run_at = last_run[i];

      if (!_hw_demo_create (demo, integration, error))
        {
          g_prefix_error (error, "Integration %s: ", defs[i].name);
          return FALSE;
        }
    }
  memcpy (demo->erp_id, ids[INT_ERP], sizeof demo->erp_id);

  for (guint s = 0; s < G_N_ELEMENTS (schedules); s++)
    {
      gint64 base = schedules[s].step >= USEC_DAY ? today : hour;

      /* Oldest first, so revisions follow time. */
      for (guint k = schedules[s].count; k > 0; k--)
        {
          IntegrationId integration = schedules[s].integration;
          gint64 started = base - k * schedules[s].step + schedules[s].offset;
          /* The webhook endpoint has been down for the last six hours. */
          gboolean failing = integration == INT_WEBHOOK && k <= 6;

          if (!create_run (demo, ids[integration], integration, schedules[s].operation,
                           started, FALSE, failing, error))
            return FALSE;
          done++;
        }

      if (!_hw_demo_report (demo, done, total, FALSE, error))
        return FALSE;
    }

  if (!create_run (demo, ids[INT_ERP], INT_ERP, "erp.orders", running_at, TRUE, FALSE, error))
    return FALSE;

  return _hw_demo_report (demo, total, total, FALSE, error);
}

/* Stage: orders */

typedef struct
{
  OrderStatus  status;
  gint64       delay;
  const char  *actor;
  const char  *note;
} Step;

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* When orders are placed: more in spring and autumn, fewer in August and around
 * Christmas, mostly on weekdays in working hours, and a little growth over the year. */
static void
plan_times (Demo   *demo,
            gint64 *times,
            guint   n)
{
  static const double month_weights[12] = {
    0.90, 0.95, 1.15, 1.20, 1.20, 1.05, 0.90, 0.60, 1.15, 1.20, 1.10, 0.70
  };
  static const double weekday_weights[8] = { 0, 1.10, 1.15, 1.10, 1.05, 0.90, 0.25, 0.08 };
  static const double hour_weights[24] = {
    0.2, 0.1, 0.1, 0.1, 0.3, 1.0, 3.0, 6.0, 7.0, 7.0, 6.5, 5.0,
    5.5, 6.0, 5.5, 4.0, 2.5, 1.5, 1.5, 1.5, 1.2, 0.8, 0.5, 0.3
  };
  gint64 now = demo->options.now;
  gint64 earliest = now - 365 * USEC_DAY;
  gint64 latest = now - 10 * USEC_MINUTE;
  gint64 first_day = _hw_demo_day_floor (earliest);
  guint n_days = (guint) ((latest - first_day) / USEC_DAY) + 1;
  g_autofree double *days = g_new0 (double, n_days);
  double hours[24];
  double sum = 0;

  for (guint d = 0; d < n_days; d++)
    {
      gint64 day = (first_day + d * USEC_DAY) / USEC_SECOND;
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day);
      int month = g_date_time_get_month (date);
      int weekday = g_date_time_get_day_of_week (date);
      double weight = month_weights[month - 1] * weekday_weights[weekday];

      if (month == 12 && g_date_time_get_day_of_month (date) >= 24)
        weight *= 0.3;
      weight *= 0.9 + 0.2 * d / n_days;
      sum += weight;
      days[d] = sum;
    }

  for (guint h = 0, s = 0; h < 24; h++)
    {
      s += hour_weights[h] * 10;
      hours[h] = s;
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 t = latest;

      for (guint attempt = 0; attempt < 100; attempt++)
        {
          double r = g_rand_double (demo->rand) * sum;
          double rh = g_rand_double (demo->rand) * hours[23];
          guint lo = 0;
          guint hi = n_days - 1;
          guint h = 0;

          while (lo < hi)
            {
              guint mid = (lo + hi) / 2;

              if (days[mid] > r)
                hi = mid;
              else
                lo = mid + 1;
            }
          while (hours[h] <= rh && h < 23)
            h++;

          t = first_day + lo * USEC_DAY + h * USEC_HOUR + _hw_demo_rand_span (demo, 0, USEC_HOUR);
          if (t >= earliest && t <= latest)
            break;
        }

      times[i] = CLAMP (t, earliest, latest) / USEC_SECOND * USEC_SECOND;
    }

  qsort (times, n, sizeof (gint64), compare_times);
}

/* The status each order ends in. The newest orders are still under way, the least
 * advanced the newest; older ones are completed unless they left the line. Small runs
 * then make sure every status shows up once. */
static void
plan_statuses (Demo         *demo,
               const gint64 *times,
               guint8       *statuses,
               guint         n)
{
  guint backlog = MIN (n, CLAMP (n / 100, 20, 500));
  guint counts[N_ORDER_STATUSES] = { 0, };

  for (guint k = 0; k < n; k++)
    {
      guint rank = n - 1 - k;
      gint64 age = demo->options.now - times[k];
      double u = g_rand_double (demo->rand);
      OrderStatus status;

      if (rank < backlog)
        {
          double f = (double) rank / backlog;

          status = f < 0.06 ? OS_RECEIVED
                   : f < 0.12 ? OS_PENDING
                   : f < 0.22 ? OS_EXPORTED
                   : f < 0.45 ? OS_CONFIRMED : OS_SHIPPED;
          if (f >= 0.22 && u < 0.07)
            status = u < 0.03 ? OS_CANCELLED : u < 0.05 ? OS_FAILED : OS_REJECTED;
        }
      else if (u < 0.03)
        status = OS_CANCELLED;
      else if (u < 0.05)
        status = OS_REJECTED;
      else if (u < 0.08 && age < 21 * USEC_DAY)
        status = OS_FAILED;
      else
        status = OS_COMPLETED;

      statuses[k] = status;
      counts[status]++;
    }

  for (guint s = 0; s < N_ORDER_STATUSES; s++)
    {
      if (counts[s] > 0)
        continue;

      for (guint k = n; k > 0; k--)
        if (counts[statuses[k - 1]] > 1)
          {
            counts[statuses[k - 1]]--;
            statuses[k - 1] = s;
            counts[s]++;
            break;
          }
    }
}

static gint64
order_total (const PoolItem **items,
             const gint64    *quantities,
             guint            n_lines)
{
  gint64 total = 0;

  for (guint l = 0; l < n_lines; l++)
    total += quantities[l] * items[l]->price;

  return total;
}

static gint64
pick_quantity (Demo           *demo,
               const PoolItem *item)
{
  gint64 multiple = item->order_multiple;
  gint64 lowest = (item->min_qty + multiple - 1) / multiple;
  gint64 highest = item->max_qty > 0 ? item->max_qty / multiple : lowest + 60;
  double r = g_rand_double (demo->rand);
  gint64 extra;

  /* Machines come one or two at a time, consumables by the dozen. */
  if (item->price >= 10000)
    extra = r < 0.75 ? 0
            : r < 0.95 ? _hw_demo_rand_between (demo, 1, 2)
            : _hw_demo_rand_between (demo, 3, 5);
  else if (item->price >= 2000)
    extra = r < 0.6 ? _hw_demo_rand_below (demo, 3)
            : r < 0.95 ? _hw_demo_rand_between (demo, 3, 9)
            : _hw_demo_rand_between (demo, 10, 20);
  else
    extra = r < 0.6 ? _hw_demo_rand_below (demo, 3)
            : r < 0.92 ? _hw_demo_rand_between (demo, 3, 9)
            : _hw_demo_rand_between (demo, 10, 40);

  return MIN (lowest + extra, MAX (highest, lowest)) * multiple;
}

/* Raises quantities (or adds lines) until the order is over @limit; FALSE if the
 * product's maximums do not allow it. */
static gboolean
exceed_limit (Demo            *demo,
              const PoolItem **items,
              gint64          *quantities,
              guint           *n_lines,
              guint            focus_root,
              gint64           limit)
{
  while (order_total (items, quantities, *n_lines) <= limit)
    {
      gint64 missing = limit - order_total (items, quantities, *n_lines) + 1;
      gboolean grown = FALSE;

      for (guint l = 0; l < *n_lines && !grown; l++)
        {
          const PoolItem *item = items[l];
          gint64 step = (gint64) item->order_multiple * item->price;
          gint64 room = item->max_qty > 0 ? item->max_qty - quantities[l] : G_MAXINT32;
          gint64 more = step > 0 ? (missing + step - 1) / step * item->order_multiple : 0;

          more = MIN (more, room - room % item->order_multiple);
          if (more > 0)
            {
              quantities[l] += more;
              grown = TRUE;
            }
        }

      if (!grown)
        {
          if (*n_lines == MAX_ORDER_LINES)
            return FALSE;
          items[*n_lines] = _hw_demo_pool_pick (demo, focus_root);
          quantities[*n_lines] = pick_quantity (demo, items[*n_lines]);
          (*n_lines)++;
        }
    }

  return TRUE;
}

static gint64
step_delay (Demo        *demo,
            OrderStatus  status)
{
  switch (status)
    {
    case OS_EXPORTED:
      return _hw_demo_rand_span (demo, 2 * USEC_MINUTE, 20 * USEC_MINUTE);
    case OS_CONFIRMED:
      return _hw_demo_rand_span (demo, 10 * USEC_MINUTE, 4 * USEC_HOUR);
    case OS_SHIPPED:
      return _hw_demo_rand_span (demo, 4 * USEC_HOUR, 3 * USEC_DAY);
    case OS_COMPLETED:
      return _hw_demo_rand_span (demo, USEC_DAY, 7 * USEC_DAY);
    case OS_FAILED:
      return _hw_demo_rand_span (demo, USEC_MINUTE, 15 * USEC_MINUTE);
    case OS_RECEIVED:
      return _hw_demo_rand_span (demo, 20 * USEC_MINUTE, 30 * USEC_HOUR);
    case OS_REJECTED:
    case OS_CANCELLED:
      return _hw_demo_rand_span (demo, USEC_HOUR, 2 * USEC_DAY);
    case OS_PENDING:
    case N_ORDER_STATUSES:
    default:
      return 0;
    }
}

static guint
pick_user (Demo  *demo,
           guint  account)
{
  const DemoAccount *record = &demo->accounts[account];

  for (guint attempt = 0; attempt < 8; attempt++)
    {
      guint u = record->first_user + _hw_demo_rand_below (demo, record->n_users);

      if (demo->users[u].can_order && demo->users[u].active)
        return u;
    }

  /* The account admin always can. */
  return record->first_user;
}

static gboolean
create_order (Demo         *demo,
              guint         k,
              gint64        placed_at,
              OrderStatus   target,
              const char   *number,
              GError      **error)
{
  static const char * const channels[] = { "webshop", "app", "api" };
  g_autoptr(HwOrder) order = hw_order_new ();
  const PoolItem *items[MAX_ORDER_LINES];
  gint64 quantities[MAX_ORDER_LINES];
  Step steps[16];
  guint n_steps = 0;
  guint n_lines;
  gboolean wants_approval = target == OS_PENDING || target == OS_REJECTED;
  gboolean needs_approval;
  const DemoAccount *account;
  const DemoUser *user;
  const char *admin;
  OrderStatus stop = OS_RECEIVED;
  gint64 total;
  gint64 available;
  gint64 sum = 0;
  gint64 at = placed_at;
  double scale = 1.0;
  double r;
  char reason[160];
  char note[64];
  char buf[37];
  guint u;

  if (wants_approval && demo->limited_users->len > 0)
    u = g_array_index (demo->limited_users, guint32,
                       _hw_demo_rand_below (demo, demo->limited_users->len));
  else
    u = pick_user (demo, _hw_demo_pick_account (demo));
  user = &demo->users[u];
  account = &demo->accounts[user->account];
  admin = demo->users[account->first_user].email;

  n_lines = 1 + (guint) floor (14 * pow (g_rand_double (demo->rand), 2.2));
  for (guint l = 0; l < n_lines; l++)
    {
      const PoolItem *item = _hw_demo_pool_pick (demo, account->focus_root);

      /* One line per product: another draw or two usually finds a new one. */
      for (guint attempt = 0; attempt < 3; attempt++)
        {
          gboolean seen = FALSE;

          for (guint p = 0; p < l; p++)
            seen |= items[p] == item;
          if (!seen)
            break;
          item = _hw_demo_pool_pick (demo, account->focus_root);
        }

      items[l] = item;
      quantities[l] = pick_quantity (demo, item);
    }

  if (wants_approval &&
      (user->order_limit == HW_NONE ||
       !exceed_limit (demo, items, quantities, &n_lines, account->focus_root, user->order_limit)))
    target = target == OS_PENDING ? OS_RECEIVED : OS_CANCELLED;

  total = order_total (items, quantities, n_lines);
  needs_approval = user->order_limit != HW_NONE && total > user->order_limit;

  /* The history, as delays after the previous step. */
#define STEP(s, d, a, n) \
  G_STMT_START { steps[n_steps].status = (s); steps[n_steps].delay = (d); \
                 steps[n_steps].actor = (a); steps[n_steps].note = (n); n_steps++; } G_STMT_END

  STEP (needs_approval ? OS_PENDING : OS_RECEIVED, 0, user->email, NULL);

  if (needs_approval)
    {
      if (target == OS_PENDING)
        goto timed;
      if (target == OS_REJECTED)
        {
          STEP (OS_REJECTED, step_delay (demo, OS_REJECTED), admin,
                "Over budget: please split the order");
          goto timed;
        }
      if (target == OS_CANCELLED && _hw_demo_chance (demo, 0.3))
        {
          STEP (OS_CANCELLED, step_delay (demo, OS_CANCELLED), user->email,
                _hw_demo_cancel_notes[_hw_demo_rand_below (demo, N_CANCEL_NOTES)]);
          goto timed;
        }
      STEP (OS_RECEIVED, step_delay (demo, OS_RECEIVED), admin, "Approved");
    }
  else if (target == OS_PENDING || target == OS_REJECTED)
    target = OS_RECEIVED;

  switch (target)
    {
    case OS_RECEIVED:
    case OS_EXPORTED:
    case OS_CONFIRMED:
    case OS_SHIPPED:
    case OS_COMPLETED:
      stop = target;
      break;
    case OS_CANCELLED:
      r = g_rand_double (demo->rand);
      stop = r < 0.5 ? OS_RECEIVED : r < 0.8 ? OS_EXPORTED : OS_CONFIRMED;
      break;
    case OS_FAILED:
      stop = _hw_demo_chance (demo, 0.6) ? OS_RECEIVED : OS_EXPORTED;
      break;
    case OS_PENDING:
    case OS_REJECTED:
    case N_ORDER_STATUSES:
    default:
      g_assert_not_reached ();
    }

  /* Why the ERP refused it, should it: some reasons name the first line's SKU. */
  {
    const char *format = _hw_demo_failure_reasons[_hw_demo_rand_below (demo, N_FAILURE_REASONS)];
    const char *mark = strstr (format, "%s");

    if (mark != NULL)
      g_snprintf (reason, sizeof reason, "%.*sHW-%07u%s", (int) (mark - format), format,
                  items[0]->product + 1, mark + 2);
    else
      g_strlcpy (reason, format, sizeof reason);
  }

  /* A failed export that was corrected and sent again, now and then. */
  if (target >= OS_EXPORTED && target <= OS_COMPLETED && _hw_demo_chance (demo, 0.03))
    {
      STEP (OS_FAILED, step_delay (demo, OS_FAILED), ERP_ACTOR, reason);
      STEP (OS_RECEIVED, _hw_demo_rand_span (demo, USEC_HOUR, USEC_DAY), "back office",
            "Corrected and sent again");
    }

  for (OrderStatus s = OS_EXPORTED; s <= stop; s++)
    {
      const char *step_note = NULL;

      if (s == OS_CONFIRMED)
        {
          g_snprintf (note, sizeof note, "ERP order SO-%08u", 10000000 + k);
          step_note = note;
        }
      else if (s == OS_COMPLETED)
        step_note = "Delivered and invoiced";
      STEP (s, step_delay (demo, s), ERP_ACTOR, step_note);
    }

  if (target == OS_CANCELLED)
    STEP (OS_CANCELLED, step_delay (demo, OS_CANCELLED),
          _hw_demo_chance (demo, 0.7) ? user->email : "back office",
          _hw_demo_cancel_notes[_hw_demo_rand_below (demo, N_CANCEL_NOTES)]);
  else if (target == OS_FAILED)
    STEP (OS_FAILED, step_delay (demo, OS_FAILED), ERP_ACTOR, reason);

#undef STEP

timed:
  /* Orders close to now had less time: their steps are squeezed in before now. */
  for (guint s = 1; s < n_steps; s++)
    sum += steps[s].delay;
  available = demo->options.now - placed_at - USEC_MINUTE;
  if (sum > available)
    scale = (double) available / sum;

  _hw_demo_set_new_id (demo, order);
  order->number = g_strdup (number);
  _hw_demo_uuid_format (account->uuid, buf);
  order->account_id = g_strdup (buf);
  _hw_demo_uuid_format (user->uuid, buf);
  order->user_id = g_strdup (buf);
  r = g_rand_double (demo->rand);
  if (account->segment == SEG_INDUSTRY || account->segment == SEG_PARTNERS)
    order->channel = g_strdup (channels[r < 0.35 ? 2 : r < 0.55 ? 1 : 0]);
  else
    order->channel = g_strdup (channels[r < 0.08 ? 2 : r < 0.33 ? 1 : 0]);
  order->currency = g_strdup (CURRENCY);
  order->placed_at = placed_at;

  for (guint l = 0; l < n_lines; l++)
    {
      char sku[16];

      g_snprintf (sku, sizeof sku, "HW-%07u", items[l]->product + 1);
      hw_order_add_line (order, _hw_demo_product_id (demo, items[l]->product, buf), sku,
                         items[l]->name, quantities[l], items[l]->price);
    }

  for (guint s = 0; s < n_steps; s++)
    {
      if (s > 0)
        at += MAX (USEC_SECOND, (gint64) (steps[s].delay * scale) / USEC_SECOND * USEC_SECOND);
      hw_order_add_event (order, _hw_demo_order_status_names[steps[s].status], at, steps[s].actor,
                          steps[s].note);
    }

  /* The ERP reference is known from confirmation on. */
  for (guint s = 0; s < n_steps; s++)
    if (steps[s].status == OS_CONFIRMED)
      {
        g_snprintf (buf, sizeof buf, "SO-%08u", 10000000 + k);
        order->erp_reference = g_strdup (buf);
        break;
      }

  order->status = g_strdup (_hw_demo_order_status_names[steps[n_steps - 1].status]);
  if (steps[n_steps - 1].status == OS_FAILED)
    order->failure_reason = g_strdup (reason);

  /* The order was last touched when its last step happened. */
  demo->clock = at;
  if (!_hw_demo_create (demo, order, error))
    {
      demo->clock = demo->options.now;
      g_prefix_error (error, "Order %s: ", number);
      return FALSE;
    }
  demo->clock = demo->options.now;

  return TRUE;
}

static gint64
start_of_year (int year)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (year, 1, 1, 0, 0, 0);

  return g_date_time_to_unix (date) * USEC_SECOND;
}

gboolean
_hw_demo_stage_orders (Demo    *demo,
                       GError **error)
{
  guint n = demo->options.orders;
  g_autofree gint64 *times = NULL;
  g_autofree guint8 *statuses = NULL;
  g_autoptr(GDateTime) first = NULL;
  gint64 next_year;
  guint sequence = 0;
  int year;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  if (n == 0)
    return TRUE;

  times = g_new (gint64, n);
  statuses = g_new (guint8, n);
  plan_times (demo, times, n);
  plan_statuses (demo, times, statuses, n);

  /* Order numbers count per year, as ERPs number them. */
  first = g_date_time_new_from_unix_utc (times[0] / USEC_SECOND);
  year = g_date_time_get_year (first);
  next_year = start_of_year (year + 1);

  for (guint k = 0; k < n; k++)
    {
      char number[32];

      if (k % BATCH_SIZE == 0 && !_hw_demo_report (demo, k, n, FALSE, error))
        return FALSE;

      while (times[k] >= next_year)
        {
          year++;
          next_year = start_of_year (year + 1);
          sequence = 0;
        }

      g_snprintf (number, sizeof number, "ORD-%04d-%06u", year, ++sequence);
      if (!create_order (demo, k, times[k], statuses[k], number, error))
        return FALSE;
    }

  return _hw_demo_report (demo, n, n, FALSE, error);
}
