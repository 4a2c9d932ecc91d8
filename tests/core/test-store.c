/* test-store.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-store.h"
#include "hw-store-private.h"

typedef struct
{
  char    *dir;
  char    *path;
  HwStore *store;
  /* A small assortment every test can build on */
  char    *root_id;
  char    *child_id;
  char    *length_id;   /* number, required */
  char    *colour_id;   /* enum, required */
  char    *cordless_id; /* boolean */
  char    *list_id;
  char    *account_id;
  char    *user_id;
} Fixture;

static gint64
fixed_clock (gpointer user_data)
{
  return 1767225600000000; /* 2026-01-01T00:00:00Z */
}

static HwProduct *
make_product (const char *sku,
              const char *category_id)
{
  HwProduct *product = hw_product_new ();

  product->sku = g_strdup (sku);
  product->name = g_strdup_printf ("Product %s", sku);
  product->unit = g_strdup ("piece");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->base_price = 1250;
  product->category_id = g_strdup (category_id);

  return product;
}

static char *
create_category (HwStore    *store,
                 const char *name,
                 const char *parent_id)
{
  g_autoptr(HwCategory) category = hw_category_new ();
  g_autoptr(GError) error = NULL;

  category->name = g_strdup (name);
  category->parent_id = g_strdup (parent_id);
  g_assert_true (hw_store_create_category (store, category, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (category)->id);
}

static char *
create_attribute (HwStore    *store,
                  const char *code,
                  const char *type,
                  gboolean    required)
{
  g_autoptr(HwAttribute) attribute = hw_attribute_new ();
  g_autoptr(GError) error = NULL;

  attribute->code = g_strdup (code);
  attribute->name = g_strdup (code);
  attribute->type = g_strdup (type);
  attribute->required = required;
  if (g_strcmp0 (type, "enum") == 0)
    {
      const char *options[] = { "red", "blue", NULL };
      attribute->options = g_strdupv ((char **) options);
    }
  if (g_strcmp0 (type, "number") == 0)
    attribute->unit = g_strdup ("mm");

  g_assert_true (hw_store_create_attribute (store, attribute, &error));
  g_assert_no_error (error);

  return g_strdup (HW_ENTITY (attribute)->id);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPriceList) list = hw_price_list_new ();
  g_autoptr(HwAccount) account = hw_account_new ();
  g_autoptr(HwUser) user = hw_user_new ();

  f->dir = g_dir_make_tmp ("hw-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
  f->store = hw_store_open (f->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  hw_store_set_clock (f->store, fixed_clock, NULL);

  f->root_id = create_category (f->store, "Tools", NULL);
  f->child_id = create_category (f->store, "Drills", f->root_id);
  f->length_id = create_attribute (f->store, "length", "number", TRUE);
  f->colour_id = create_attribute (f->store, "colour", "enum", TRUE);
  f->cordless_id = create_attribute (f->store, "cordless", "boolean", FALSE);

  list->code = g_strdup ("DEFAULT");
  list->name = g_strdup ("Default prices");
  list->currency = g_strdup ("EUR");
  list->is_default = TRUE;
  g_assert_true (hw_store_create_price_list (f->store, list, &error));
  f->list_id = g_strdup (HW_ENTITY (list)->id);

  account->customer_number = g_strdup ("C-1000");
  account->name = g_strdup ("Installatiebedrijf De Vries");
  account->currency = g_strdup ("EUR");
  account->status = g_strdup ("active");
  account->segment = g_strdup ("installers");
  hw_account_add_address (account, "billing");
  {
    HwAddress *address = g_ptr_array_index (account->addresses, 0);
    address->line1 = g_strdup ("Stationsweg 1");
    address->city = g_strdup ("Utrecht");
    address->country = g_strdup ("NL");
  }
  g_assert_true (hw_store_create_account (f->store, account, &error));
  g_assert_no_error (error);
  f->account_id = g_strdup (HW_ENTITY (account)->id);

  user->account_id = g_strdup (f->account_id);
  user->email = g_strdup ("jan@devries.example");
  user->name = g_strdup ("Jan de Vries");
  user->role = g_strdup ("account_admin");
  g_assert_true (hw_store_create_user (f->store, user, &error));
  g_assert_no_error (error);
  f->user_id = g_strdup (HW_ENTITY (user)->id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);

  g_free (f->dir);
  g_free (f->path);
  g_free (f->root_id);
  g_free (f->child_id);
  g_free (f->length_id);
  g_free (f->colour_id);
  g_free (f->cordless_id);
  g_free (f->list_id);
  g_free (f->account_id);
  g_free (f->user_id);
}

static void
assert_field_error (const GError *error,
                    HwCoreError   code,
                    const char   *field)
{
  g_assert_error ((GError *) error, HW_CORE_ERROR, (int) code);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, field);
}

static gint64
count (HwStore            *store,
       const HwEntityType *type)
{
  g_autoptr(GError) error = NULL;
  gint64 n = -1;

  g_assert_true (hw_store_count (store, type, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* Products */

static void
test_product_crud (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", f->child_id);
  g_autoptr(HwProduct) loaded = NULL;
  g_autoptr(HwProduct) gone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 rev_before = hw_store_get_revision (f->store);
  gint64 first_rev;

  hw_product_add_attribute (product, f->length_id, "120.5");
  hw_product_add_attribute (product, f->cordless_id, "true");
  product->gtin = g_strdup ("8712345678906");
  product->max_qty = 50;

  g_assert_true (hw_store_create_product (f->store, product, &error));
  g_assert_no_error (error);
  g_assert_true (hw_uuid_is_valid (HW_ENTITY (product)->id));
  g_assert_cmpint (HW_ENTITY (product)->rev, ==, rev_before + 1);
  g_assert_cmpint (HW_ENTITY (product)->updated_at, ==, fixed_clock (NULL));
  /* one of two required attributes */
  g_assert_cmpint (product->completeness, ==, 50);

  loaded = hw_store_get_product (f->store, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);
  g_assert_true (hw_entity_equal (loaded, product));
  g_assert_cmpuint (loaded->attributes->len, ==, 2);

  first_rev = HW_ENTITY (loaded)->rev;
  g_free (loaded->display_name);
  loaded->display_name = g_strdup ("Cordless drill 18 V");
  hw_product_add_attribute (loaded, f->colour_id, "blue");
  g_assert_true (hw_store_update_product (f->store, loaded, first_rev, &error));
  g_assert_no_error (error);
  g_assert_cmpint (HW_ENTITY (loaded)->rev, >, first_rev);
  g_assert_cmpint (loaded->completeness, ==, 100);

  {
    gint64 percent = 0;
    g_assert_true (hw_store_product_completeness (f->store, HW_ENTITY (loaded)->id, &percent,
                                                  &error));
    g_assert_cmpint (percent, ==, 100);
  }

  g_assert_true (hw_store_delete_product (f->store, HW_ENTITY (loaded)->id,
                                          HW_ENTITY (loaded)->rev, &error));
  g_assert_no_error (error);

  gone = hw_store_get_product (f->store, HW_ENTITY (loaded)->id, &error);
  g_assert_null (gone);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The deleted id cannot come back as a new product. */
  {
    g_autoptr(HwProduct) again = make_product ("HW-0002", NULL);

    HW_ENTITY (again)->id = g_strdup (HW_ENTITY (product)->id);
    g_assert_false (hw_store_create_product (f->store, again, &error));
    assert_field_error (error, HW_CORE_ERROR_DUPLICATE, "id");
  }
}

static void
test_product_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(HwProduct) first = make_product ("HW-0001", f->child_id);
  g_autoptr(GError) error = NULL;
  gint64 before;

  struct {
    const char *field;
    HwCoreError code;
    void (*mutate) (Fixture *f, HwProduct *p);
  } cases[] = {
    { "sku", HW_CORE_ERROR_INVALID, NULL },
    { "sku", HW_CORE_ERROR_DUPLICATE, NULL },
    { "category_id", HW_CORE_ERROR_INVALID, NULL },
    { "base_price", HW_CORE_ERROR_INVALID, NULL },
    { "status", HW_CORE_ERROR_INVALID, NULL },
    { "currency", HW_CORE_ERROR_INVALID, NULL },
    { "gtin", HW_CORE_ERROR_INVALID, NULL },
    { "max_qty", HW_CORE_ERROR_INVALID, NULL },
    { "attributes[0].value", HW_CORE_ERROR_INVALID, NULL },
    { "attributes[0].value", HW_CORE_ERROR_INVALID, NULL },
    { "attributes[1].value", HW_CORE_ERROR_INVALID, NULL },
    { "attributes[0].attribute_id", HW_CORE_ERROR_INVALID, NULL },
    { "name", HW_CORE_ERROR_INVALID, NULL },
    { "min_qty", HW_CORE_ERROR_INVALID, NULL },
  };

  g_assert_true (hw_store_create_product (f->store, first, &error));
  g_assert_no_error (error);
  before = hw_store_get_revision (f->store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HwProduct) p = make_product ("HW-0100", f->child_id);

      switch (i)
        {
        case 0: g_free (p->sku); p->sku = g_strdup (""); break;                  /* empty SKU */
        case 1: g_free (p->sku); p->sku = g_strdup ("hw-0001"); break;           /* duplicate */
        case 2: g_free (p->category_id); p->category_id = g_uuid_string_random (); break;
        case 3: p->base_price = -1; break;                                      /* negative */
        case 4: g_free (p->status); p->status = g_strdup ("sold_out"); break;    /* enum */
        case 5: g_free (p->currency); p->currency = g_strdup ("euro"); break;
        case 6: p->gtin = g_strdup ("8712345678905"); break;                    /* check digit */
        case 7: p->min_qty = 10; p->max_qty = 5; break;
        case 8: hw_product_add_attribute (p, f->length_id, "long"); break;      /* number */
        case 9: hw_product_add_attribute (p, f->colour_id, "green"); break;     /* enum option */
        case 10:
          hw_product_add_attribute (p, f->length_id, "1");
          hw_product_add_attribute (p, f->length_id, "2");                      /* twice */
          break;
        case 11: hw_product_add_attribute (p, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "1"); break;
        case 12: g_free (p->name); p->name = g_strdup ("bad\001name"); break;   /* control char */
        case 13: p->min_qty = 0; break;
        default: g_assert_not_reached ();
        }

      g_assert_false (hw_store_create_product (f->store, p, &error));
      g_test_message ("case %u: %s", i, error ? error->message : "(none)");
      assert_field_error (error, cases[i].code, cases[i].field);
      g_assert_null (HW_ENTITY (p)->id);
      g_clear_error (&error);
    }

  /* Nothing was written and no revision was spent. */
  g_assert_cmpint (count (f->store, &hw_product_type), ==, 1);
  g_assert_cmpint (hw_store_get_revision (f->store), ==, before);
}

static void
test_stale_update (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(HwProduct) mine = NULL;
  g_autoptr(HwProduct) theirs = NULL;
  g_autoptr(HwProduct) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 base;

  g_assert_true (hw_store_create_product (f->store, product, &error));
  base = HW_ENTITY (product)->rev;

  mine = hw_store_get_product (f->store, HW_ENTITY (product)->id, &error);
  theirs = hw_store_get_product (f->store, HW_ENTITY (product)->id, &error);

  theirs->brand = g_strdup ("Makita");
  g_assert_true (hw_store_update_product (f->store, theirs, base, &error));
  g_assert_no_error (error);

  mine->brand = g_strdup ("Bosch");
  g_assert_false (hw_store_update_product (f->store, mine, base, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
  g_assert_cmpint (HW_ENTITY (mine)->rev, ==, base);
  g_clear_error (&error);

  stored = hw_store_get_product (f->store, HW_ENTITY (product)->id, &error);
  g_assert_cmpstr (stored->brand, ==, "Makita");

  g_assert_false (hw_store_delete_product (f->store, HW_ENTITY (product)->id, base, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_STALE);
}

static void
test_completeness_follows_attributes (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(HwAttribute) cordless = NULL;
  g_autoptr(GError) error = NULL;
  gint64 percent = -1;

  hw_product_add_attribute (product, f->cordless_id, "false");
  g_assert_true (hw_store_create_product (f->store, product, &error));
  g_assert_cmpint (product->completeness, ==, 0);

  /* Making "cordless" required: 1 of 3 required attributes is now filled. */
  cordless = hw_store_get_attribute (f->store, f->cordless_id, &error);
  cordless->required = TRUE;
  g_assert_true (hw_store_update_attribute (f->store, cordless, -1, &error));
  g_assert_no_error (error);

  g_assert_true (hw_store_product_completeness (f->store, HW_ENTITY (product)->id, &percent,
                                                &error));
  g_assert_cmpint (percent, ==, 33);

  /* An attribute that products use cannot be deleted. */
  g_assert_false (hw_store_delete_attribute (f->store, f->cordless_id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
}

/* Categories */

static void
test_category_tree (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(HwCategory) root = NULL;
  g_autoptr(HwCategory) leaf = NULL;
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *leaf_id = create_category (f->store, "Cordless drills", f->child_id);

  /* Root under its own grandchild: a cycle. */
  root = hw_store_get_category (f->store, f->root_id, &error);
  g_free (root->parent_id);
  root->parent_id = g_strdup (leaf_id);
  g_assert_false (hw_store_update_category (f->store, root, -1, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "parent_id");
  g_clear_error (&error);

  /* Under itself */
  leaf = hw_store_get_category (f->store, leaf_id, &error);
  g_free (leaf->parent_id);
  leaf->parent_id = g_strdup (leaf_id);
  g_assert_false (hw_store_update_category (f->store, leaf, -1, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "parent_id");
  g_clear_error (&error);

  /* A move that keeps a tree is fine */
  g_free (leaf->parent_id);
  leaf->parent_id = g_strdup (f->root_id);
  g_assert_true (hw_store_update_category (f->store, leaf, -1, &error));
  g_assert_no_error (error);

  /* A category with subcategories or products stays */
  g_assert_false (hw_store_delete_category (f->store, f->root_id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
  g_clear_error (&error);

  product->category_id = g_strdup (leaf_id);
  g_assert_true (hw_store_create_product (f->store, product, &error));
  g_assert_false (hw_store_delete_category (f->store, leaf_id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "1 product"));
  g_clear_error (&error);

  /* Subtree filter finds the product from the root */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    gint64 n = 0;

    hw_query_add_filter (query, "category_id", HW_FILTER_IN_SUBTREE, f->root_id);
    g_assert_true (hw_store_count (f->store, &hw_product_type, query, &n, &error));
    g_assert_cmpint (n, ==, 1);
  }
}

/* Relations */

static void
test_relations (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(HwProduct) a = make_product ("HW-A", NULL);
  g_autoptr(HwProduct) b = make_product ("HW-B", NULL);
  g_autoptr(HwProductRelation) rel = hw_product_relation_new ();
  g_autoptr(HwProductRelation) twice = hw_product_relation_new ();
  g_autoptr(HwProductRelation) dangling = hw_product_relation_new ();
  g_autoptr(HwProductRelation) self_rel = hw_product_relation_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (f->store, a, &error));
  g_assert_true (hw_store_create_product (f->store, b, &error));

  rel->product_id = g_strdup (HW_ENTITY (a)->id);
  rel->related_product_id = g_strdup (HW_ENTITY (b)->id);
  rel->kind = g_strdup ("accessory");
  g_assert_true (hw_store_create_product_relation (f->store, rel, &error));
  g_assert_no_error (error);

  twice->product_id = g_strdup (HW_ENTITY (a)->id);
  twice->related_product_id = g_strdup (HW_ENTITY (b)->id);
  twice->kind = g_strdup ("accessory");
  g_assert_false (hw_store_create_product_relation (f->store, twice, &error));
  assert_field_error (error, HW_CORE_ERROR_DUPLICATE, "kind");
  g_clear_error (&error);

  dangling->product_id = g_strdup (HW_ENTITY (a)->id);
  dangling->related_product_id = g_uuid_string_random ();
  dangling->kind = g_strdup ("variant");
  g_assert_false (hw_store_create_product_relation (f->store, dangling, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "related_product_id");
  g_clear_error (&error);

  self_rel->product_id = g_strdup (HW_ENTITY (a)->id);
  self_rel->related_product_id = g_strdup (HW_ENTITY (a)->id);
  self_rel->kind = g_strdup ("variant");
  g_assert_false (hw_store_create_product_relation (f->store, self_rel, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "related_product_id");
  g_clear_error (&error);

  /* A related product cannot be deleted from under its relation */
  g_assert_false (hw_store_delete_product (f->store, HW_ENTITY (b)->id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
}

/* Prices */

static void
test_prices (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(HwPrice) price = hw_price_new ();
  g_autoptr(HwPrice) overlapping = hw_price_new ();
  g_autoptr(HwPrice) later = hw_price_new ();
  g_autoptr(HwPrice) dup_tier = hw_price_new ();
  g_autoptr(HwPrice) no_tiers = hw_price_new ();
  g_autoptr(HwPriceAgreement) agreement = hw_price_agreement_new ();
  g_autoptr(HwPriceList) second_default = hw_price_list_new ();
  g_autoptr(GError) error = NULL;
  const gint64 jan = 1767225600000000, jul = 1782864000000000;

  g_assert_true (hw_store_create_product (f->store, product, &error));

  price->price_list_id = g_strdup (f->list_id);
  price->product_id = g_strdup (HW_ENTITY (product)->id);
  price->valid_from = jan;
  price->valid_to = jul;
  hw_price_add_tier (price, 1, 1000);
  hw_price_add_tier (price, 10, 900);
  g_assert_true (hw_store_create_price (f->store, price, &error));
  g_assert_no_error (error);

  overlapping->price_list_id = g_strdup (f->list_id);
  overlapping->product_id = g_strdup (HW_ENTITY (product)->id);
  overlapping->valid_from = jan + 1;
  hw_price_add_tier (overlapping, 1, 950);
  g_assert_false (hw_store_create_price (f->store, overlapping, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "valid_from");
  g_clear_error (&error);

  later->price_list_id = g_strdup (f->list_id);
  later->product_id = g_strdup (HW_ENTITY (product)->id);
  later->valid_from = jul;
  hw_price_add_tier (later, 1, 1100);
  g_assert_true (hw_store_create_price (f->store, later, &error));
  g_assert_no_error (error);

  dup_tier->price_list_id = g_strdup (f->list_id);
  dup_tier->product_id = g_strdup (HW_ENTITY (product)->id);
  dup_tier->valid_to = jan;
  hw_price_add_tier (dup_tier, 5, 1000);
  hw_price_add_tier (dup_tier, 5, 900);
  g_assert_false (hw_store_create_price (f->store, dup_tier, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "tiers[1].min_qty");
  g_clear_error (&error);

  no_tiers->price_list_id = g_strdup (f->list_id);
  no_tiers->product_id = g_strdup (HW_ENTITY (product)->id);
  no_tiers->valid_to = jan;
  g_assert_false (hw_store_create_price (f->store, no_tiers, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "tiers");
  g_clear_error (&error);

  agreement->account_id = g_strdup (f->account_id);
  agreement->product_id = g_strdup (HW_ENTITY (product)->id);
  agreement->currency = g_strdup ("EUR");
  hw_price_agreement_add_tier (agreement, 1, 800);
  hw_price_agreement_add_tier (agreement, 0, 700);
  g_assert_false (hw_store_create_price_agreement (f->store, agreement, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "tiers[1].min_qty");
  g_clear_error (&error);
  g_ptr_array_set_size (agreement->tiers, 1);
  g_assert_true (hw_store_create_price_agreement (f->store, agreement, &error));
  g_assert_no_error (error);

  second_default->code = g_strdup ("OTHER");
  second_default->name = g_strdup ("Other");
  second_default->currency = g_strdup ("EUR");
  second_default->is_default = TRUE;
  g_assert_false (hw_store_create_price_list (f->store, second_default, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "is_default");
}

/* Catalogues, rules, discounts */

static void
test_catalogue_and_rules (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", f->child_id);
  g_autoptr(HwCatalogue) catalogue = hw_catalogue_new ();
  g_autoptr(HwCatalogue) bad = hw_catalogue_new ();
  g_autoptr(HwVisibilityRule) rule = hw_visibility_rule_new ();
  g_autoptr(HwDiscountRule) discount = hw_discount_rule_new ();
  g_autoptr(HwCatalogue) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (f->store, product, &error));

  catalogue->name = g_strdup ("Installers");
  catalogue->default_visibility = g_strdup ("none");
  hw_catalogue_add_entry (catalogue, "category", f->root_id, "include");
  hw_catalogue_add_entry (catalogue, "product", HW_ENTITY (product)->id, "exclude");
  g_assert_true (hw_store_create_catalogue (f->store, catalogue, &error));
  g_assert_no_error (error);

  loaded = hw_store_get_catalogue (f->store, HW_ENTITY (catalogue)->id, &error);
  g_assert_true (hw_entity_equal (loaded, catalogue));

  bad->name = g_strdup ("Broken");
  bad->default_visibility = g_strdup ("none");
  hw_catalogue_add_entry (bad, "product", f->root_id, "include"); /* a category id */
  g_assert_false (hw_store_create_catalogue (f->store, bad, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "entries[0].target_id");
  g_clear_error (&error);

  rule->scope = g_strdup ("segment");
  rule->target = g_strdup ("attribute");
  rule->attribute_code = g_strdup ("brand");
  rule->attribute_value = g_strdup ("Makita");
  rule->effect = g_strdup ("hide");
  g_assert_false (hw_store_create_visibility_rule (f->store, rule, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "scope_value");
  g_clear_error (&error);

  rule->scope_value = g_strdup ("installers");
  rule->valid_from = 2000;
  rule->valid_to = 1000;
  g_assert_false (hw_store_create_visibility_rule (f->store, rule, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "valid_to");
  g_clear_error (&error);

  rule->valid_to = HW_NONE;
  g_assert_true (hw_store_create_visibility_rule (f->store, rule, &error));
  g_assert_no_error (error);

  discount->name = g_strdup ("Installers drills");
  discount->discount_bp = 1250;
  discount->scope = g_strdup ("account");
  discount->scope_value = g_strdup (f->account_id);
  discount->target = g_strdup ("category");
  discount->target_value = g_strdup (f->child_id);
  g_assert_true (hw_store_create_discount_rule (f->store, discount, &error));
  g_assert_no_error (error);

  discount->discount_bp = 10001;
  g_assert_false (hw_store_update_discount_rule (f->store, discount, -1, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "discount_bp");
}

/* Accounts and users */

static void
test_accounts_users (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(HwUser) dup = hw_user_new ();
  g_autoptr(HwUser) orphan = hw_user_new ();
  g_autoptr(HwAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  dup->account_id = g_strdup (f->account_id);
  dup->email = g_strdup ("jan@devries.example");
  dup->name = g_strdup ("Jan again");
  dup->role = g_strdup ("buyer");
  g_assert_false (hw_store_create_user (f->store, dup, &error));
  assert_field_error (error, HW_CORE_ERROR_DUPLICATE, "email");
  g_clear_error (&error);

  g_free (dup->email);
  dup->email = g_strdup ("not an email");
  g_assert_false (hw_store_create_user (f->store, dup, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "email");
  g_clear_error (&error);

  g_free (dup->email);
  dup->email = g_strdup ("piet@devries.example");
  g_free (dup->role);
  dup->role = g_strdup ("superuser");
  g_assert_false (hw_store_create_user (f->store, dup, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "role");
  g_clear_error (&error);

  orphan->account_id = g_uuid_string_random ();
  orphan->email = g_strdup ("x@y.example");
  orphan->name = g_strdup ("X");
  orphan->role = g_strdup ("buyer");
  g_assert_false (hw_store_create_user (f->store, orphan, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "account_id");
  g_clear_error (&error);

  account = hw_store_get_account (f->store, f->account_id, &error);
  g_assert_cmpuint (account->addresses->len, ==, 1);
  {
    HwAddress *address = g_ptr_array_index (account->addresses, 0);
    g_free (address->country);
    address->country = g_strdup ("Netherlands");
  }
  g_assert_false (hw_store_update_account (f->store, account, -1, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "addresses[0].country");
  g_clear_error (&error);

  g_assert_false (hw_store_delete_account (f->store, f->account_id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_IN_USE);
}

/* Orders */

static void
test_order_lifecycle (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(HwOrder) order = hw_order_new ();
  g_autoptr(HwOrder) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (f->store, product, &error));

  order->number = g_strdup ("WEB-2026-000001");
  order->account_id = g_strdup (f->account_id);
  order->user_id = g_strdup (f->user_id);
  order->channel = g_strdup ("webshop");
  order->status = g_strdup ("received");
  order->currency = g_strdup ("EUR");
  order->placed_at = fixed_clock (NULL);

  g_assert_false (hw_store_create_order (f->store, order, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "lines");
  g_clear_error (&error);

  hw_order_add_line (order, HW_ENTITY (product)->id, "HW-0001", "Product", 3, 1250);
  hw_order_add_line (order, HW_ENTITY (product)->id, "HW-0001", "Product", 2, 999);
  {
    HwOrderLine *line = g_ptr_array_index (order->lines, 1);
    line->line_total = 1; /* computed: what the caller says is ignored */
  }
  g_assert_true (hw_store_create_order (f->store, order, &error));
  g_assert_no_error (error);
  g_assert_cmpint (order->total, ==, 3 * 1250 + 2 * 999);
  g_assert_cmpuint (order->history->len, ==, 1);

  loaded = hw_store_get_order (f->store, HW_ENTITY (order)->id, &error);
  g_assert_true (hw_entity_equal (loaded, order));

  g_free (loaded->status);
  loaded->status = g_strdup ("shipped");
  g_assert_false (hw_store_update_order (f->store, loaded, -1, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "status");
  g_clear_error (&error);

  g_free (loaded->status);
  loaded->status = g_strdup ("exported");
  g_assert_true (hw_store_update_order (f->store, loaded, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->history->len, ==, 2);
  {
    HwOrderEvent *event = g_ptr_array_index (loaded->history, 1);
    g_assert_cmpstr (event->status, ==, "exported");
  }

  /* Duplicate number */
  HW_ENTITY (order)->id = (g_free (HW_ENTITY (order)->id), NULL);
  g_assert_false (hw_store_create_order (f->store, order, &error));
  assert_field_error (error, HW_CORE_ERROR_DUPLICATE, "number");
}

static void
test_integrations_audit_staff (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(HwIntegration) integration = hw_integration_new ();
  g_autoptr(HwIntegrationRun) run = hw_integration_run_new ();
  g_autoptr(HwAuditEntry) audit = hw_audit_entry_new ();
  g_autoptr(HwStaffUser) staff = hw_staff_user_new ();
  g_autoptr(HwStaffUser) loaded = NULL;
  g_autoptr(HwChangePage) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  HwRunError *run_error;

  integration->name = g_strdup ("ERP");
  integration->kind = g_strdup ("erp");
  integration->status = g_strdup ("active");
  integration->endpoint_url = g_strdup ("ftp://erp.example");
  g_assert_false (hw_store_create_integration (f->store, integration, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "endpoint_url");
  g_clear_error (&error);
  g_free (integration->endpoint_url);
  integration->endpoint_url = g_strdup ("https://erp.example/api");
  g_assert_true (hw_store_create_integration (f->store, integration, &error));
  g_assert_no_error (error);

  run->integration_id = g_strdup (HW_ENTITY (integration)->id);
  run->operation = g_strdup ("erp.products");
  run->started_at = 2000000;
  run->finished_at = 1000000;
  run->status = g_strdup ("partial");
  g_assert_false (hw_store_create_integration_run (f->store, run, &error));
  assert_field_error (error, HW_CORE_ERROR_INVALID, "finished_at");
  g_clear_error (&error);
  run->finished_at = 3000000;
  run_error = hw_child_new (&hw_run_error_child);
  run_error->record_key = g_strdup ("HW-9");
  run_error->message = g_strdup ("sku: must not be empty");
  g_ptr_array_add (run->errors, run_error);
  g_assert_true (hw_store_create_integration_run (f->store, run, &error));
  g_assert_no_error (error);

  audit->actor = g_strdup ("admin@heartwork.example");
  audit->entity = g_strdup ("product");
  audit->entity_id = g_uuid_string_random ();
  audit->action = g_strdup ("update");
  audit->at = 5;
  audit->before = g_strdup ("{\"brand\":null}");
  audit->after = g_strdup ("{\"brand\":\"Makita\"}");
  g_assert_true (hw_store_create_audit_entry (f->store, audit, &error));
  g_assert_no_error (error);

  staff->email = g_strdup ("owner@heartwork.example");
  staff->name = g_strdup ("Owner");
  staff->role = g_strdup ("owner");
  staff->password_hash = g_strdup ("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA");
  g_assert_true (hw_store_create_staff_user (f->store, staff, &error));
  loaded = hw_store_get_staff_user (f->store, HW_ENTITY (staff)->id, &error);
  g_assert_cmpstr (loaded->password_hash, ==, staff->password_hash);
  json = hw_entity_to_json_string (loaded);
  g_assert_null (strstr (json, "argon2"));

  /* Server-only entities never enter the changes feed. */
  changes = hw_store_changes (f->store, 0, 1000, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->changes->len; i++)
    {
      HwChange *change = g_ptr_array_index (changes->changes, i);
      g_assert_true (change->type->flags & HW_ENTITY_SYNCED);
    }
}

/* Lists */

static void
test_keyset_pages (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *previous_sku = NULL;
  guint pages = 0;
  const guint n = 1234;

  g_assert_true (hw_store_begin (f->store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sku = g_strdup_printf ("HW-%07u", (i * 7919) % 100000);
      g_autoptr(HwProduct) product = make_product (sku, i % 2 ? f->child_id : f->root_id);

      g_free (product->status);
      product->status = g_strdup (i % 10 == 0 ? "blocked" : "active");
      g_assert_true (hw_store_create_product (f->store, product, &error));
      g_assert_no_error (error);
    }
  g_assert_true (hw_store_commit (f->store, &error));

  do
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;

      hw_query_set_limit (query, 100);
      hw_query_set_after (query, cursor);
      hw_query_set_with_children (query, FALSE);
      page = hw_store_list_products (f->store, query, &error);
      g_assert_no_error (error);
      pages++;

      for (guint i = 0; i < page->items->len; i++)
        {
          HwProduct *product = g_ptr_array_index (page->items, i);

          if (previous_sku != NULL)
            g_assert_cmpstr (previous_sku, <, product->sku);
          g_free (previous_sku);
          previous_sku = g_strdup (product->sku);
          g_assert_true (g_hash_table_add (seen, g_strdup (HW_ENTITY (product)->id)));
        }

      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
  g_assert_cmpuint (pages, ==, (n + 99) / 100);

  /* A field with many ties, descending: the id breaks ties, nothing is lost or repeated */
  {
    g_autoptr(GHashTable) again = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autofree char *previous_key = NULL;

    g_clear_pointer (&cursor, g_free);
    do
      {
        g_autoptr(HwQuery) query = hw_query_new ();
        g_autoptr(HwPage) page = NULL;

        hw_query_set_limit (query, 37);
        hw_query_set_sort (query, "status", TRUE);
        hw_query_set_after (query, cursor);
        page = hw_store_list_products (f->store, query, &error);
        g_assert_no_error (error);

        for (guint i = 0; i < page->items->len; i++)
          {
            HwProduct *product = g_ptr_array_index (page->items, i);
            g_autofree char *key = g_strconcat (product->status, "/", HW_ENTITY (product)->id,
                                                NULL);

            if (previous_key != NULL)
              g_assert_cmpstr (previous_key, >, key);
            g_free (previous_key);
            previous_key = g_steal_pointer (&key);
            g_assert_true (g_hash_table_add (again, g_strdup (HW_ENTITY (product)->id)));
          }

        g_free (cursor);
        cursor = g_steal_pointer (&page->next_cursor);
      }
    while (cursor != NULL);

    g_assert_cmpuint (g_hash_table_size (again), ==, n);
  }

  /* Filtered: also complete */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    gint64 blocked = 0;

    hw_query_add_filter (query, "status", HW_FILTER_EQ, "blocked");
    g_assert_true (hw_store_count (f->store, &hw_product_type, query, &blocked, &error));
    g_assert_cmpint (blocked, ==, (n + 9) / 10);
  }

  /* A forged cursor is a clear error, not a crash */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) page = NULL;

    hw_query_set_after (query, "not-a-cursor!");
    page = hw_store_list_products (f->store, query, &error);
    g_assert_null (page);
    assert_field_error (error, HW_CORE_ERROR_INVALID, "cursor");
    g_clear_error (&error);

    hw_query_set_after (query, NULL);
    hw_query_set_sort (query, "description", FALSE);
    page = hw_store_list_products (f->store, query, &error);
    g_assert_null (page);
    assert_field_error (error, HW_CORE_ERROR_INVALID, "sort");
    g_clear_error (&error);

    hw_query_set_sort (query, NULL, FALSE);
    hw_query_add_filter (query, "no_such_field", HW_FILTER_EQ, "1");
    page = hw_store_list_products (f->store, query, &error);
    g_assert_null (page);
    assert_field_error (error, HW_CORE_ERROR_INVALID, "no_such_field");
  }
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const char *names[] = {
    "Makita cordless drill 18 V", "Bosch hammer drill", "Fischer wall plug 8 mm",
    "Makita impact driver", "Würth stainless screw M8", "\"Quoted\" OR name*",
  };
  g_autoptr(GError) error = NULL;
  struct { const char *text; guint expected; } cases[] = {
    { "mak", 2 },
    { "Makita dri", 2 },
    { "makita driver", 1 },
    { "wurth", 1 },         /* diacritics folded */
    { "HW-00", 6 },         /* SKU prefix */
    { "hw-0001", 1 },       /* SKU prefix, any case */
    { "871234567", 1 },     /* GTIN prefix */
    { "8712345678906", 1 }, /* GTIN */
    { "\"quoted\" OR", 1 }, /* operators are text */
    { "zzz", 0 },
    { "   ", 6 },           /* blanks: everything */
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *sku = g_strdup_printf ("HW-00%02u", i);
      g_autoptr(HwProduct) product = make_product (sku, NULL);

      g_free (product->name);
      product->name = g_strdup (names[i]);
      if (i == 0)
        product->gtin = g_strdup ("8712345678906");
      g_assert_true (hw_store_create_product (f->store, product, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(HwQuery) query = hw_query_new ();
      g_autoptr(HwPage) page = NULL;
      gint64 n = -1;

      hw_query_set_search (query, cases[i].text);
      page = hw_store_list_products (f->store, query, &error);
      g_assert_no_error (error);
      g_test_message ("search “%s”", cases[i].text);
      g_assert_cmpuint (page->items->len, ==, cases[i].expected);
      g_assert_true (hw_store_count (f->store, &hw_product_type, query, &n, &error));
      g_assert_cmpint (n, ==, cases[i].expected);
    }

  /* Renaming updates the index; search pages by cursor */
  {
    g_autoptr(HwQuery) query = hw_query_new ();
    g_autoptr(HwPage) first = NULL;
    g_autoptr(HwPage) second = NULL;

    hw_query_set_search (query, "hw");
    hw_query_set_limit (query, 4);
    first = hw_store_list_products (f->store, query, &error);
    g_assert_cmpuint (first->items->len, ==, 4);
    g_assert_nonnull (first->next_cursor);
    hw_query_set_after (query, first->next_cursor);
    second = hw_store_list_products (f->store, query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (second->items->len, ==, 2);
    g_assert_null (second->next_cursor);
  }
}

/* Changes feed */

static void
test_changes_feed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(HwProduct) a = make_product ("HW-A", NULL);
  g_autoptr(HwProduct) b = make_product ("HW-B", NULL);
  g_autoptr(HwChangePage) page = NULL;
  g_autoptr(HwChangePage) gone = NULL;
  g_autoptr(GError) error = NULL;
  gint64 since = hw_store_get_revision (f->store);
  gint64 cursor;
  HwChange *change;

  g_assert_true (hw_store_create_product (f->store, a, &error));
  g_assert_true (hw_store_create_product (f->store, b, &error));
  a->brand = g_strdup ("Makita");
  g_assert_true (hw_store_update_product (f->store, a, -1, &error));
  g_assert_true (hw_store_delete_product (f->store, HW_ENTITY (b)->id, -1, &error));

  page = hw_store_changes (f->store, since, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 1);
  g_assert_true (page->has_more);
  cursor = page->next;
  g_clear_pointer (&page, hw_change_page_free);

  page = hw_store_changes (f->store, cursor, 100, &error);
  g_assert_no_error (error);
  g_assert_false (page->has_more);
  g_assert_cmpuint (page->changes->len, ==, 1);  /* only the latest state of each */
  change = g_ptr_array_index (page->changes, 0);
  g_assert_true (change->deleted);
  g_assert_null (change->entity);
  g_assert_cmpstr (change->id, ==, HW_ENTITY (b)->id);
  g_assert_cmpint (page->next, ==, hw_store_get_revision (f->store));
  g_clear_pointer (&page, hw_change_page_free);

  page = hw_store_changes (f->store, since, 100, &error);
  change = g_ptr_array_index (page->changes, 0);
  g_assert_false (change->deleted);
  g_assert_cmpstr (((HwProduct *) change->entity)->brand, ==, "Makita");

  /* Purge the tombstone: an older cursor must resync in full */
  g_assert_true (hw_store_purge_tombstones (f->store, hw_store_get_revision (f->store) + 1,
                                            &error));
  gone = hw_store_changes (f->store, since, 100, &error);
  g_assert_null (gone);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_GONE);
  g_clear_error (&error);

  g_clear_pointer (&page, hw_change_page_free);
  page = hw_store_changes (f->store, hw_store_get_tombstone_horizon (f->store), 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 0);

  /* The full resync itself, from 0, is never gone: it needs no tombstones. */
  g_clear_pointer (&page, hw_change_page_free);
  page = hw_store_changes (f->store, 0, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, >, 0);
}

static void
test_rollback_nested (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before = count (f->store, &hw_product_type);
  gint64 rev = hw_store_get_revision (f->store);

  g_assert_true (hw_store_begin (f->store, &error));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *sku = g_strdup_printf ("HW-R%u", i);
      g_autoptr(HwProduct) product = make_product (sku, NULL);

      g_assert_true (hw_store_create_product (f->store, product, &error));
    }
  /* A failing write inside the transaction leaves the others alone */
  {
    g_autoptr(HwProduct) bad = make_product ("HW-R0", NULL);
    g_assert_false (hw_store_create_product (f->store, bad, &error));
    g_clear_error (&error);
  }
  g_assert_cmpint (count (f->store, &hw_product_type), ==, before + 3);
  hw_store_rollback (f->store);

  g_assert_cmpint (count (f->store, &hw_product_type), ==, before);
  g_assert_cmpint (hw_store_get_revision (f->store), ==, rev);
  g_assert_true (hw_store_check_integrity (f->store, &error));
  g_assert_no_error (error);
}

/* A savepoint rolled back gives its revisions back: what commits has no gap. */
static void
test_rollback_savepoint (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwProduct) first = make_product ("HW-S1", NULL);
  g_autoptr(HwProduct) dropped = make_product ("HW-S2", NULL);
  g_autoptr(HwProduct) kept = make_product ("HW-S3", NULL);
  g_autoptr(HwProduct) gone = NULL;
  gint64 rev = hw_store_get_revision (f->store);

  g_assert_true (hw_store_begin (f->store, &error));
  g_assert_true (hw_store_create_product (f->store, first, &error));
  g_assert_cmpint (HW_ENTITY (first)->rev, ==, rev + 1);

  g_assert_true (hw_store_begin (f->store, &error));
  g_assert_true (hw_store_create_product (f->store, dropped, &error));
  g_assert_cmpint (HW_ENTITY (dropped)->rev, ==, rev + 2);
  hw_store_rollback (f->store);

  g_assert_true (hw_store_begin (f->store, &error));
  g_assert_true (hw_store_create_product (f->store, kept, &error));
  g_assert_true (hw_store_commit (f->store, &error));
  g_assert_true (hw_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (HW_ENTITY (kept)->rev, ==, rev + 2);
  g_assert_cmpint (hw_store_get_revision (f->store), ==, rev + 2);
  gone = hw_store_get_product (f->store, HW_ENTITY (dropped)->id, &error);
  g_assert_null (gone);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_assert_true (hw_store_check_integrity (f->store, NULL));
}

static void
test_reader_connection (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(HwStore) reader = NULL;
  g_autoptr(HwProduct) product = make_product ("HW-0001", NULL);
  g_autoptr(HwProduct) seen = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (hw_store_create_product (f->store, product, &error));

  reader = hw_store_open (f->path, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  seen = hw_store_get_product (reader, HW_ENTITY (product)->id, &error);
  g_assert_no_error (error);
  g_assert_true (hw_entity_equal (seen, product));

  g_assert_false (hw_store_delete_product (reader, HW_ENTITY (product)->id, -1, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE);
}

/* hw_store_begin_read (): the reads until hw_store_end_read () see one snapshot; a
 * write in between ends it and is stored at once; the changes feed joins it. */
static void
test_read_transaction (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(HwStore) other = NULL;
  g_autoptr(HwProduct) first = make_product ("HW-0001", NULL);
  g_autoptr(HwProduct) second = make_product ("HW-0002", NULL);
  g_autoptr(HwProduct) third = make_product ("HW-0003", NULL);
  g_autoptr(HwProduct) seen = NULL;
  g_autoptr(HwChangePage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 revision;

  g_assert_true (hw_store_create_product (f->store, first, &error));
  g_assert_no_error (error);
  other = hw_store_open (f->path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (hw_store_begin_read (f->store, &error));
  g_assert_no_error (error);
  seen = hw_store_get_product (f->store, HW_ENTITY (first)->id, &error);
  g_assert_no_error (error);
  revision = hw_store_get_revision (f->store);

  /* Written by another connection meanwhile: not in this snapshot, not even the feed. */
  g_assert_true (hw_store_create_product (other, second, &error));
  g_assert_no_error (error);
  g_assert_null (hw_store_get_product (f->store, HW_ENTITY (second)->id, &error));
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  page = hw_store_changes (f->store, revision - 1, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->changes->len, ==, 1);

  /* A write ends the snapshot: it is stored, and the other's product is seen again. */
  g_assert_true (hw_store_create_product (f->store, third, &error));
  g_assert_no_error (error);
  g_clear_pointer (&seen, hw_entity_free);
  seen = hw_store_get_product (f->store, HW_ENTITY (second)->id, &error);
  g_assert_no_error (error);
  hw_store_end_read (f->store);
  g_clear_pointer (&seen, hw_entity_free);
  seen = hw_store_get_product (other, HW_ENTITY (third)->id, &error);
  g_assert_no_error (error);

  /* Inside a write transaction it does nothing. */
  g_assert_true (hw_store_begin (f->store, &error));
  g_assert_true (hw_store_begin_read (f->store, &error));
  hw_store_end_read (f->store);
  g_assert_true (hw_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwStore) store = hw_store_open ("/nonexistent-dir/x/y.db", 0, &error);

  g_assert_null (store);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_DATABASE);
}

static gint64
mmap_size_of (HwStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 size;

  g_assert_cmpint (sqlite3_prepare_v2 (_hw_store_get_db (store), "PRAGMA mmap_size", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return size;
}

/* Only a connection opened for it (the server's) reads through a memory mapping: the
 * desktop's readers would count every page of the file they touched as their memory. */
static void
test_mapped (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "mapped.db", NULL);
  g_autoptr(HwStore) mapped = NULL;
  g_autoptr(HwStore) plain = NULL;
  g_autoptr(HwStore) reader = NULL;
  g_autoptr(GError) error = NULL;

  mapped = hw_store_open (path, HW_STORE_OPEN_MAPPED, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mmap_size_of (mapped), >=, G_GINT64_CONSTANT (1) << 30);

  plain = hw_store_open (path, HW_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mmap_size_of (plain), ==, 0);

  reader = hw_store_open (path, HW_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mmap_size_of (reader), ==, 0);
}

/* Ids the store makes are UUIDs of version 7, increasing in the order they are made, so
 * that new rows land at the end of the id indexes; a client's own id is kept. */
static void
test_time_ordered_ids (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *previous = NULL;
  g_autoptr(GError) error = NULL;
  char *ids[3];

  for (guint i = 0; i < 20000; i++)
    {
      char *id = hw_uuid_new_time_ordered ();

      g_assert_true (hw_uuid_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (strchr ("89ab", id[19]) != NULL);
      if (previous != NULL)
        g_assert_cmpstr (previous, <, id);
      g_free (previous);
      previous = id;
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *name = g_strdup_printf ("Ordered %u", i);

      ids[i] = create_category (f->store, name, NULL);
      g_assert_cmpint (ids[i][14], ==, '7');
      if (i > 0)
        g_assert_cmpstr (ids[i - 1], <, ids[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);

  {
    g_autoptr(HwCategory) category = hw_category_new ();

    HW_ENTITY (category)->id = g_strdup ("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab");
    category->name = g_strdup ("Client-made");
    g_assert_true (hw_store_create_category (f->store, category, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (HW_ENTITY (category)->id, ==, "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab");
  }
}

static void
test_attribute_product_ids (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(HwProduct) a = make_product ("HW-ATTR-A", f->child_id);
  g_autoptr(HwProduct) b = make_product ("HW-ATTR-B", f->child_id);
  g_autoptr(HwProduct) c = make_product ("HW-ATTR-C", f->child_id);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[2];

  hw_product_add_attribute (a, f->length_id, "10");
  hw_product_add_attribute (a, f->cordless_id, "true");
  hw_product_add_attribute (b, f->cordless_id, "false");
  hw_product_add_attribute (c, f->colour_id, "blue");
  g_assert_true (hw_store_create_product (f->store, a, &error));
  g_assert_true (hw_store_create_product (f->store, b, &error));
  g_assert_true (hw_store_create_product (f->store, c, &error));
  g_assert_no_error (error);

  /* Every product holding a value, "false" included, in id order. */
  ids = hw_store_attribute_product_ids (f->store, f->cordless_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  expected[0] = g_strcmp0 (HW_ENTITY (a)->id, HW_ENTITY (b)->id) < 0 ? HW_ENTITY (a)->id
                                                                   : HW_ENTITY (b)->id;
  expected[1] = expected[0] == HW_ENTITY (a)->id ? HW_ENTITY (b)->id : HW_ENTITY (a)->id;
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, expected[0]);
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, expected[1]);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* An unused attribute, and a value removed, count no product. */
  g_ptr_array_set_size (c->attributes, 0);
  g_assert_true (hw_store_update_product (f->store, c, -1, &error));
  ids = hw_store_attribute_product_ids (f->store, f->colour_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A deleted product no longer counts. */
  g_assert_true (hw_store_delete_product (f->store, HW_ENTITY (a)->id, -1, &error));
  ids = hw_store_attribute_product_ids (f->store, f->length_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/core/store/product/crud", test_product_crud);
  ADD ("/core/store/product/validation", test_product_validation);
  ADD ("/core/store/product/stale", test_stale_update);
  ADD ("/core/store/product/completeness", test_completeness_follows_attributes);
  ADD ("/core/store/product/attribute-users", test_attribute_product_ids);
  ADD ("/core/store/category/tree", test_category_tree);
  ADD ("/core/store/relations", test_relations);
  ADD ("/core/store/prices", test_prices);
  ADD ("/core/store/catalogue-rules", test_catalogue_and_rules);
  ADD ("/core/store/accounts-users", test_accounts_users);
  ADD ("/core/store/orders", test_order_lifecycle);
  ADD ("/core/store/integrations-audit-staff", test_integrations_audit_staff);
  ADD ("/core/store/list/keyset", test_keyset_pages);
  ADD ("/core/store/list/search", test_search);
  ADD ("/core/store/changes", test_changes_feed);
  ADD ("/core/store/transactions", test_rollback_nested);
  ADD ("/core/store/savepoint-revisions", test_rollback_savepoint);
  ADD ("/core/store/reader", test_reader_connection);
  ADD ("/core/store/time-ordered-ids", test_time_ordered_ids);
  ADD ("/core/store/read-transaction", test_read_transaction);
  ADD ("/core/store/mapped", test_mapped);
  g_test_add_func ("/core/store/open-errors", test_open_errors);

  return g_test_run ();
}
