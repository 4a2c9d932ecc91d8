/* hw-demo-customers.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-demo"

#include "config.h"

#include <math.h>

#include "hw-demo-private.h"

/* Stages: customer accounts, with their names, addresses and weights, and their
 * users. */

/* Lower-case ASCII for email addresses and domains: umlauts spelled out, the rest of
 * the non-alphanumerics turned into @separator. */
static void
append_slug (GString    *out,
             const char *text,
             char        separator)
{
  gboolean pending = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *spelled = NULL;
      char ascii = 0;

      switch (c)
        {
        case 0xe4: spelled = "ae"; break;
        case 0xf6: spelled = "oe"; break;
        case 0xfc: spelled = "ue"; break;
        case 0xdf: spelled = "ss"; break;
        case 0xe9: case 0xe8: case 0xeb: ascii = 'e'; break;
        case 0xef: ascii = 'i'; break;
        default:
          if (c < 0x80 && g_ascii_isalnum (c))
            ascii = g_ascii_tolower (c);
          break;
        }

      if (spelled == NULL && ascii == 0)
        {
          pending = out->len > 0 && out->str[out->len - 1] != '@';
          continue;
        }

      if (pending)
        g_string_append_c (out, separator);
      pending = FALSE;

      if (spelled != NULL)
        g_string_append (out, spelled);
      else
        g_string_append_c (out, ascii);
    }
}

/* Stage: accounts */

static void
account_name (Demo        *demo,
              Segment      segment,
              Country      country,
              const char  *surname,
              const char  *city,
              GString     *out)
{
  const char *pattern = _hw_demo_account_patterns[segment][country][_hw_demo_rand_below (demo, 4)];

  g_string_truncate (out, 0);
  for (const char *p = pattern; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'S')
        g_string_append (out, surname);
      else if (p[0] == '%' && p[1] == 'C')
        g_string_append (out, city);
      else
        {
          g_string_append_c (out, *p);
          continue;
        }
      p++;
    }

  /* "de Vries Installatietechniek" starts a name as "De Vries". */
  out->str[0] = g_ascii_toupper (out->str[0]);
}

static void
account_domain (const char  *name,
                const char  *tld,
                GHashTable  *taken,
                GString     *out)
{
  static const char * const stop[] = {
    "B.V.", "BV", "NV", "GmbH", "AG", "KG", "e.K.", "&", "–", "Co.", "Zn.", NULL
  };
  g_auto(GStrv) words = g_strsplit (name, " ", -1);
  g_autoptr(GString) base = g_string_new (NULL);
  guint suffix = 1;

  for (guint w = 0; words[w] != NULL && w < 3; w++)
    {
      if (g_strv_contains (stop, words[w]))
        break;
      if (base->len > 0)
        g_string_append_c (base, ' ');
      g_string_append (base, words[w]);
    }

  do
    {
      g_string_truncate (out, 0);
      append_slug (out, base->str, '-');
      if (suffix > 1)
        g_string_append_printf (out, "-%u", suffix);
      g_string_append_c (out, '.');
      g_string_append (out, tld);
      suffix++;
    }
  while (g_hash_table_contains (taken, out->str));

  g_hash_table_add (taken, g_strdup (out->str));
}

static void
fill_address (Demo       *demo,
              HwAddress  *address,
              Country     country,
              guint       city)
{
  const CountryDef *def = &_hw_demo_country_defs[country];
  guint base = def->postal_bases[city];
  char buf[32];

  g_snprintf (buf, sizeof buf, "%s %u", _hw_demo_rand_pick (demo, def->streets),
              _hw_demo_rand_between (demo, 1, 180));
  address->line1 = g_strdup (buf);

  switch (country)
    {
    case C_NL:
      g_snprintf (buf, sizeof buf, "%04u %c%c", base + _hw_demo_rand_below (demo, 80),
                  'A' + _hw_demo_rand_below (demo, 26), 'A' + _hw_demo_rand_below (demo, 26));
      break;
    case C_DE:
      g_snprintf (buf, sizeof buf, "%05u", base + _hw_demo_rand_below (demo, 90));
      break;
    case C_BE:
    case C_AT:
      g_snprintf (buf, sizeof buf, "%04u", base + _hw_demo_rand_below (demo, 40));
      break;
    case N_COUNTRIES:
    default:
      g_assert_not_reached ();
    }

  address->postal_code = g_strdup (buf);
  address->city = g_strdup (def->cities[city]);
  address->country = g_strdup (def->code);
}

static void
vat_number (Demo    *demo,
            Country  country,
            char     out[32])
{
  guint digits = _hw_demo_rand_between (demo, 100000000, 999999999);

  switch (country)
    {
    case C_NL:
      g_snprintf (out, 32, "NL%09uB%02u", digits, _hw_demo_rand_between (demo, 1, 3));
      break;
    case C_DE:
      g_snprintf (out, 32, "DE%09u", digits);
      break;
    case C_BE:
      g_snprintf (out, 32, "BE0%09u", digits);
      break;
    case C_AT:
      g_snprintf (out, 32, "ATU%08u", digits % 100000000);
      break;
    case N_COUNTRIES:
    default:
      g_assert_not_reached ();
    }
}

gboolean
_hw_demo_stage_accounts (Demo    *demo,
                         GError **error)
{
  static const char * const depot_lines[N_COUNTRIES] = {
    [C_NL] = "Magazijn", [C_DE] = "Lager", [C_BE] = "Magazijn", [C_AT] = "Lager"
  };
  double country_shares[N_COUNTRIES];
  g_autoptr(GHashTable) domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) domain = g_string_new (NULL);
  guint n = demo->options.accounts;
  guint extra_users = demo->options.users - n;
  double total_weight = 0;
  double cumulative = 0;
  guint assigned = 0;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  for (guint c = 0; c < N_COUNTRIES; c++)
    country_shares[c] = _hw_demo_country_defs[c].share;

  demo->accounts = g_new0 (DemoAccount, n);
  demo->account_cumulative = g_new0 (double, n);

  for (guint a = 0; a < n; a++)
    {
      DemoAccount *record = &demo->accounts[a];
      g_autoptr(HwAccount) account = hw_account_new ();
      /* The first accounts take each segment once, so even a small demo has them all. */
      Segment segment = a < N_SEGMENTS
                        ? (Segment) a
                        : _hw_demo_rand_weighted (demo, _hw_demo_segment_shares, N_SEGMENTS);
      Country country = _hw_demo_rand_weighted (demo, country_shares, N_COUNTRIES);
      const CountryDef *def = &_hw_demo_country_defs[country];
      guint city = _hw_demo_rand_below (demo, g_strv_length ((char **) def->cities));
      HwAddress *address;
      char buf[64];

      _hw_demo_rand_uuid (demo, record->uuid);
      _hw_demo_uuid_format (record->uuid, buf);
      _hw_demo_set_id (account, buf);

      account_name (demo, segment, country, _hw_demo_rand_pick (demo, def->surnames),
                    def->cities[city], demo->name);
      account_domain (demo->name->str, def->tld, domains, domain);

      g_snprintf (buf, sizeof buf, "%u", 100000 + a * 3 + _hw_demo_rand_below (demo, 3));
      account->customer_number = g_strdup (buf);
      account->name = g_strndup (demo->name->str, demo->name->len);
      if (_hw_demo_chance (demo, segment == SEG_PUBLIC ? 0.6 : 0.97))
        {
          vat_number (demo, country, buf);
          account->vat_number = g_strdup (buf);
        }
      account->segment = g_strdup (_hw_demo_segment_names[segment]);
      account->currency = g_strdup (CURRENCY);
      record->active = _hw_demo_chance (demo, 0.95);
      account->status = g_strdup (record->active ? "active" : "blocked");

      switch (segment)
        {
        case SEG_RETAIL:
          if (_hw_demo_chance (demo, 0.85))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_RETAIL]);
          break;
        case SEG_PUBLIC:
          if (_hw_demo_chance (demo, 0.9))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_PUBLIC]);
          break;
        case SEG_INDUSTRY:
          if (_hw_demo_chance (demo, 0.6))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_INDUSTRY]);
          break;
        case SEG_PARTNERS:
          if (_hw_demo_chance (demo, 0.7))
            account->catalogue_id = g_strdup (demo->catalogue_ids[CAT_PARTNERS]);
          if (_hw_demo_chance (demo, 0.15))
            account->price_list_id = g_strdup (demo->price_list_ids[PL_PARTNERS]);
          break;
        case SEG_INSTALLERS:
        case N_SEGMENTS:
        default:
          break;
        }

      /* A few accounts buy for a project on its own price list. */
      if (account->price_list_id == NULL && segment != SEG_RETAIL && _hw_demo_chance (demo, 0.03))
        account->price_list_id = g_strdup (demo->price_list_ids[_hw_demo_chance (demo, 0.5)
                                                                ? PL_PROJECT_HOSPITAL
                                                                : PL_PROJECT_SOLAR]);

      address = hw_account_add_address (account, "billing");
      fill_address (demo, address, country, city);
      if (_hw_demo_chance (demo, 0.4))
        {
          address = hw_account_add_address (account, "shipping");
          fill_address (demo, address, country, city);
          address->line2 = g_strdup (depot_lines[country]);
        }
      if (_hw_demo_chance (demo, 0.2))
        {
          address = hw_account_add_address (account, "shipping");
          fill_address (demo, address, country,
                        _hw_demo_rand_below (demo, g_strv_length ((char **) def->cities)));
        }

      if (!_hw_demo_create (demo, account, error))
        {
          g_prefix_error (error, "Account %s: ", account->customer_number);
          return FALSE;
        }

      /* A few large customers order most: a heavy-tailed weight drives both the number
       * of users and the number of orders. */
      record->weight = MIN (60.0, pow (1.0 - g_rand_double (demo->rand), -0.7));
      record->segment = segment;
      record->country = country;
      record->focus_root = _hw_demo_segment_focus[segment][_hw_demo_rand_below (demo, 3)];
      record->name = g_string_chunk_insert (demo->strings, account->name);
      record->domain = g_string_chunk_insert (demo->strings, domain->str);
      total_weight += record->weight;

      if (a % BATCH_SIZE == 0 && !_hw_demo_report (demo, a, n, FALSE, error))
        return FALSE;
    }

  /* Every account has its account admin; the other users follow the weights. */
  for (guint a = 0; a < n; a++)
    {
      DemoAccount *record = &demo->accounts[a];
      guint extra = (guint) floor (extra_users * record->weight / total_weight);

      record->n_users = 1 + extra;
      assigned += extra;
    }
  for (guint a = 0; assigned < extra_users; a = (a + 1) % n, assigned++)
    demo->accounts[a].n_users++;

  for (guint a = 0, first = 0; a < n; a++)
    {
      demo->accounts[a].first_user = first;
      first += demo->accounts[a].n_users;
      if (demo->accounts[a].active)
        cumulative += demo->accounts[a].weight;
      demo->account_cumulative[a] = cumulative;
    }

  return _hw_demo_report (demo, n, n, FALSE, error);
}

/* Stage: users */

gboolean
_hw_demo_stage_users (Demo    *demo,
                      GError **error)
{
  static const gint64 buyer_limits[] = { 50000, 100000, 250000, 500000 };
  static const gint64 operational_limits[] = { 25000, 50000, 100000 };
  g_autoptr(GHashTable) locals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) email = g_string_new (NULL);
  guint n = demo->options.users;
  guint u = 0;

  if (!_hw_demo_report (demo, 0, n, TRUE, error))
    return FALSE;

  demo->users = g_new0 (DemoUser, n);
  demo->limited_users = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint a = 0; a < demo->options.accounts; a++)
    {
      const DemoAccount *account = &demo->accounts[a];
      const CountryDef *country = &_hw_demo_country_defs[account->country];
      char account_id[37];

      _hw_demo_uuid_format (account->uuid, account_id);
      g_hash_table_remove_all (locals);

      for (guint i = 0; i < account->n_users; i++, u++)
        {
          DemoUser *record = &demo->users[u];
          g_autoptr(HwUser) user = hw_user_new ();
          const char *first = _hw_demo_rand_pick (demo, country->first_names);
          const char *last = _hw_demo_rand_pick (demo, country->surnames);
          double r = g_rand_double (demo->rand);
          Role role = i == 0 || r < 0.06 ? ROLE_ACCOUNT_ADMIN
                      : r < 0.58 ? ROLE_BUYER
                      : r < 0.75 ? ROLE_PLANNER : ROLE_OPERATIONAL;
          gsize local_len;
          char id[37];

          _hw_demo_rand_uuid (demo, record->uuid);
          _hw_demo_uuid_format (record->uuid, id);
          _hw_demo_set_id (user, id);
          user->account_id = g_strdup (account_id);

          g_string_truncate (email, 0);
          append_slug (email, first, '-');
          g_string_append_c (email, '.');
          append_slug (email, last, '-');
          local_len = email->len;
          for (guint s = 2; g_hash_table_contains (locals, email->str); s++)
            {
              g_string_truncate (email, local_len);
              g_string_append_printf (email, "%u", s);
            }
          g_hash_table_add (locals, g_strdup (email->str));
          g_string_append_c (email, '@');
          g_string_append (email, account->domain);

          user->email = g_strndup (email->str, email->len);
          user->name = g_strdup_printf ("%s %s", first, last);
          user->role = g_strdup (_hw_demo_role_names[role]);

          /* Warehouse staff often neither see prices nor order; buyers work within a
           * budget, and the account admin approves what goes over it. */
          switch (role)
            {
            case ROLE_ACCOUNT_ADMIN:
              user->show_prices = TRUE;
              user->can_order = TRUE;
              user->order_limit = HW_NONE;
              break;
            case ROLE_BUYER:
              user->show_prices = _hw_demo_chance (demo, 0.95);
              user->can_order = _hw_demo_chance (demo, 0.97);
              user->order_limit =
                _hw_demo_chance (demo, 0.35)
                ? buyer_limits[_hw_demo_rand_below (demo, G_N_ELEMENTS (buyer_limits))]
                : HW_NONE;
              break;
            case ROLE_PLANNER:
              user->show_prices = _hw_demo_chance (demo, 0.9);
              user->can_order = _hw_demo_chance (demo, 0.85);
              user->order_limit = _hw_demo_chance (demo, 0.1) ? 1000000 : HW_NONE;
              break;
            case ROLE_OPERATIONAL:
              user->show_prices = _hw_demo_chance (demo, 0.5);
              user->can_order = _hw_demo_chance (demo, 0.55);
              if (user->can_order && _hw_demo_chance (demo, 0.7))
                user->order_limit =
                  operational_limits[_hw_demo_rand_below (demo, G_N_ELEMENTS (operational_limits))];
              else
                user->order_limit = HW_NONE;
              break;
            case N_ROLES:
            default:
              g_assert_not_reached ();
            }
          user->active = i == 0 || _hw_demo_chance (demo, 0.94);

          if (!_hw_demo_create (demo, user, error))
            {
              g_prefix_error (error, "User %s: ", user->email);
              return FALSE;
            }

          record->account = a;
          record->role = role;
          record->can_order = user->can_order;
          record->active = user->active;
          record->order_limit = user->order_limit;
          record->email = g_string_chunk_insert_len (demo->strings, email->str, email->len);

          if (record->can_order && record->active && record->order_limit != HW_NONE &&
              account->active)
            {
              guint32 index = u;
              g_array_append_val (demo->limited_users, index);
            }

          if (u % BATCH_SIZE == 0 && !_hw_demo_report (demo, u, n, FALSE, error))
            return FALSE;
        }
    }

  return _hw_demo_report (demo, n, n, FALSE, error);
}

/* An active account, the heavier ones more often. */
guint
_hw_demo_pick_account (Demo *demo)
{
  guint n = demo->options.accounts;
  double total = demo->account_cumulative[n - 1];
  double r;
  guint lo = 0;
  guint hi = n - 1;

  /* Only active accounts order; if none is, any will do. */
  if (total <= 0)
    return _hw_demo_rand_below (demo, n);

  r = g_rand_double (demo->rand) * total;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (demo->account_cumulative[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}
