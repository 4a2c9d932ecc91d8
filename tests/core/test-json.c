/* test-json.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "hw-core-error.h"
#include "hw-json-private.h"
#include "hw-model.h"

/* The JSON codec of every entity type, driven by the field descriptions: a field added to
 * the model is covered by these tests without touching them. */

typedef enum
{
  FILL_ALL_MICROSECONDS, /* every field set, times with µs, special characters in texts */
  FILL_ALL_SECONDS,      /* every field set, whole-second times, extreme integers        */
  FILL_REQUIRED_ONLY,    /* nullable fields NULL / HW_NONE, times before the epoch       */
  N_FILL_MODES
} FillMode;

/* Fills every field of @record from its description. Secret fields are left alone: they
 * never travel in JSON, so they cannot round-trip (see test_secret). */
static void
fill_fields (const HwFieldSpec *fields,
             guint              n_fields,
             gpointer           record,
             FillMode           mode,
             guint              salt)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      guint n = salt * 100 + i;

      if (spec->flags & HW_FIELD_SECRET)
        continue;

      if (mode == FILL_REQUIRED_ONLY && (spec->flags & HW_FIELD_NULLABLE))
        {
          switch (spec->kind)
            {
            case HW_FIELD_TEXT:
            case HW_FIELD_ENUM:
            case HW_FIELD_REF:
            case HW_FIELD_CURRENCY:
            case HW_FIELD_JSON:
              g_clear_pointer (HW_FIELD_PTR (record, spec, char *), g_free);
              break;
            case HW_FIELD_STRV:
              g_clear_pointer (HW_FIELD_PTR (record, spec, char **), g_strfreev);
              break;
            case HW_FIELD_INT:
            case HW_FIELD_TIME:
              *HW_FIELD_PTR (record, spec, gint64) = HW_NONE;
              break;
            case HW_FIELD_BOOL:
            case HW_FIELD_CHILDREN:
            default:
              g_assert_not_reached ();
            }
          continue;
        }

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
          g_free (*HW_FIELD_PTR (record, spec, char *));
          if (mode == FILL_ALL_MICROSECONDS)
            *HW_FIELD_PTR (record, spec, char *) =
              g_strdup_printf ("%s %u “Größe” \"q\" \\ / \t\n\x01 ✓", spec->name, n);
          else
            *HW_FIELD_PTR (record, spec, char *) = g_strdup_printf ("%s-%u", spec->name, n);
          break;

        case HW_FIELD_ENUM:
          {
            guint last = g_strv_length ((char **) spec->values) - 1;

            g_free (*HW_FIELD_PTR (record, spec, char *));
            *HW_FIELD_PTR (record, spec, char *) = g_strdup (spec->values[last]);
          }
          break;

        case HW_FIELD_REF:
          g_free (*HW_FIELD_PTR (record, spec, char *));
          *HW_FIELD_PTR (record, spec, char *) =
            g_strdup_printf ("0a1b2c3d-0000-4000-8000-%012u", n);
          g_assert_true (hw_uuid_is_valid (*HW_FIELD_PTR (record, spec, char *)));
          break;

        case HW_FIELD_CURRENCY:
          g_free (*HW_FIELD_PTR (record, spec, char *));
          *HW_FIELD_PTR (record, spec, char *) = g_strdup ("EUR");
          break;

        case HW_FIELD_JSON:
          /* Written as json-glib writes it, the way the store produces these texts. */
          g_free (*HW_FIELD_PTR (record, spec, char *));
          *HW_FIELD_PTR (record, spec, char *) =
            g_strdup_printf ("{\"n\":%u,\"list\":[true,null,\"x ü\",1.5],\"o\":{\"a\":\"b\"}}", n);
          break;

        case HW_FIELD_INT:
          if (mode == FILL_ALL_MICROSECONDS)
            *HW_FIELD_PTR (record, spec, gint64) = 1000000 + n;
          else if (mode == FILL_ALL_SECONDS)
            *HW_FIELD_PTR (record, spec, gint64) = G_MAXINT64 - n;
          else
            *HW_FIELD_PTR (record, spec, gint64) = HW_NONE + 1 + n;
          break;

        case HW_FIELD_TIME:
          if (mode == FILL_ALL_MICROSECONDS)
            *HW_FIELD_PTR (record, spec, gint64) = G_GINT64_CONSTANT (1767225600123456) + n * 1000003;
          else if (mode == FILL_ALL_SECONDS)
            *HW_FIELD_PTR (record, spec, gint64) =
              (G_GINT64_CONSTANT (1767225600) + n * 61) * G_USEC_PER_SEC;
          else
            *HW_FIELD_PTR (record, spec, gint64) = -G_GINT64_CONSTANT (1234567) - n;
          break;

        case HW_FIELD_BOOL:
          *HW_FIELD_PTR (record, spec, gboolean) = spec->default_int == 0;
          break;

        case HW_FIELD_STRV:
          {
            char **strv = g_new0 (char *, 4);

            strv[0] = g_strdup ("first");
            strv[1] = g_strdup ("zweite “ü”");
            strv[2] = g_strdup_printf ("%s-%u", spec->name, n);
            g_strfreev (*HW_FIELD_PTR (record, spec, char **));
            *HW_FIELD_PTR (record, spec, char **) = strv;
          }
          break;

        case HW_FIELD_CHILDREN:
          {
            GPtrArray *rows = *HW_FIELD_PTR (record, spec, GPtrArray *);

            g_ptr_array_set_size (rows, 0);
            for (guint j = 0; j < 3; j++)
              {
                gpointer row = hw_child_new (spec->child);

                fill_fields (spec->child->fields, spec->child->n_fields, row, mode, n * 10 + j);
                g_ptr_array_add (rows, row);
              }
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static gpointer
make_entity (const HwEntityType *type,
             FillMode            mode)
{
  HwEntity *entity = hw_entity_new (type);

  entity->id = g_strdup ("6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab");
  entity->rev = 42 + mode;
  entity->updated_at = mode == FILL_ALL_MICROSECONDS ? G_GINT64_CONSTANT (1767225600000001)
                                                     : G_GINT64_CONSTANT (1767225600000000);
  fill_fields (type->fields, type->n_fields, entity, mode, 1);

  return entity;
}

static char *
field_to_string (const HwFieldSpec *spec,
                 gconstpointer      record)
{
  switch (spec->kind)
    {
    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
    case HW_FIELD_JSON:
      {
        const char *text = *HW_FIELD_PTR (record, spec, char *);
        return text ? g_strdup_printf ("“%s”", text) : g_strdup ("NULL");
      }
    case HW_FIELD_INT:
    case HW_FIELD_TIME:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *HW_FIELD_PTR (record, spec, gint64));
    case HW_FIELD_BOOL:
      return g_strdup (*HW_FIELD_PTR (record, spec, gboolean) ? "true" : "false");
    case HW_FIELD_STRV:
      {
        char **strv = *HW_FIELD_PTR (record, spec, char **);
        g_autofree char *joined = strv ? g_strjoinv ("|", strv) : NULL;
        return strv ? g_strdup_printf ("[%s]", joined) : g_strdup ("NULL");
      }
    case HW_FIELD_CHILDREN:
      return g_strdup_printf ("%u rows", (*HW_FIELD_PTR (record, spec, GPtrArray *))->len);
    default:
      g_assert_not_reached ();
    }
}

/* Names every field where @a and @b differ, so a failing round trip says where. */
static void
log_differences (const HwFieldSpec *fields,
                 guint              n_fields,
                 gconstpointer      a,
                 gconstpointer      b,
                 const char        *prefix)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *sa = field_to_string (spec, a);
      g_autofree char *sb = field_to_string (spec, b);

      if (g_strcmp0 (sa, sb) != 0)
        g_test_message ("%s%s differs: %s vs %s", prefix, spec->name, sa, sb);

      if (spec->kind == HW_FIELD_CHILDREN)
        {
          GPtrArray *ra = *HW_FIELD_PTR (a, spec, GPtrArray *);
          GPtrArray *rb = *HW_FIELD_PTR (b, spec, GPtrArray *);

          for (guint j = 0; j < MIN (ra->len, rb->len); j++)
            {
              g_autofree char *row_prefix = g_strdup_printf ("%s%s[%u].", prefix, spec->name, j);
              log_differences (spec->child->fields, spec->child->n_fields,
                               g_ptr_array_index (ra, j), g_ptr_array_index (rb, j), row_prefix);
            }
        }
    }
}

static void
assert_entities_equal (gconstpointer a,
                       gconstpointer b)
{
  const HwEntity *ea = a;
  const HwEntity *eb = b;

  if (hw_entity_equal (a, b))
    return;

  g_test_message ("id %s/%s rev %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                  " updated_at %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                  ea->id, eb->id, ea->rev, eb->rev, ea->updated_at, eb->updated_at);
  log_differences (ea->type->fields, ea->type->n_fields, a, b, "");
  g_test_fail_printf ("%s entities differ", ea->type->name);
}

/* Round trip */

static void
check_all_members_present (const HwFieldSpec *fields,
                           guint              n_fields,
                           JsonObject        *object,
                           gboolean           all_set)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      JsonNode *member = json_object_get_member (object, spec->name);

      if (spec->flags & HW_FIELD_SECRET)
        {
          g_assert_null (member);
          continue;
        }

      g_assert_nonnull (member);
      if (all_set)
        g_assert_false (JSON_NODE_HOLDS_NULL (member));

      if (spec->kind == HW_FIELD_CHILDREN)
        {
          JsonArray *rows = json_node_get_array (member);

          g_assert_cmpuint (json_array_get_length (rows), ==, 3);
          for (guint j = 0; j < json_array_get_length (rows); j++)
            check_all_members_present (spec->child->fields, spec->child->n_fields,
                                       json_array_get_object_element (rows, j), all_set);
        }
    }
}

static void
test_round_trip (gconstpointer data)
{
  const HwEntityType *type = data;

  for (FillMode mode = 0; mode < N_FILL_MODES; mode++)
    {
      g_autoptr(HwEntity) entity = make_entity (type, mode);
      g_autoptr(HwEntity) decoded = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json2 = NULL;

      json = hw_entity_to_json_string (entity);
      g_assert_nonnull (json);
      g_test_message ("%s mode %d: %s", type->name, mode, json);

      /* Written directly, byte for byte what json-glib makes of the tree. */
      {
        g_autoptr(JsonNode) tree = hw_entity_to_json (entity);
        g_autofree char *generated = json_to_string (tree, FALSE);

        g_assert_cmpstr (json, ==, generated);
      }

      /* Every field travels, and in the full modes every one holds a value. */
      node = json_from_string (json, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      g_assert_true (json_object_has_member (json_node_get_object (node), "id"));
      g_assert_true (json_object_has_member (json_node_get_object (node), "rev"));
      g_assert_true (json_object_has_member (json_node_get_object (node), "updated_at"));
      check_all_members_present (type->fields, type->n_fields, json_node_get_object (node),
                                 mode != FILL_REQUIRED_ONLY);
      if (mode == FILL_ALL_MICROSECONDS)
        g_assert_nonnull (strstr (json, ".000001Z"));

      decoded = hw_entity_from_json_string (type, json, -1, &error);
      g_assert_no_error (error);
      g_assert_nonnull (decoded);
      g_assert_true (decoded->type == type);
      assert_entities_equal (entity, decoded);

      json2 = hw_entity_to_json_string (decoded);
      g_assert_cmpstr (json, ==, json2);

      /* A copy is equal too, and a change to any one field is seen by hw_entity_equal
       * (the round trip above relies on it). */
      {
        g_autoptr(HwEntity) copy = hw_entity_copy (entity);

        assert_entities_equal (entity, copy);
        for (guint i = 0; i < type->n_fields; i++)
          {
            const HwFieldSpec *spec = &type->fields[i];
            g_autoptr(HwEntity) changed = hw_entity_copy (entity);

            if (spec->kind == HW_FIELD_INT || spec->kind == HW_FIELD_TIME)
              *HW_FIELD_PTR (changed, spec, gint64) ^= 1;
            else if (spec->kind == HW_FIELD_BOOL)
              *HW_FIELD_PTR (changed, spec, gboolean) = !*HW_FIELD_PTR (changed, spec, gboolean);
            else if (spec->kind == HW_FIELD_CHILDREN)
              g_ptr_array_remove_index (*HW_FIELD_PTR (changed, spec, GPtrArray *), 0);
            else if (spec->kind == HW_FIELD_STRV)
              {
                g_strfreev (*HW_FIELD_PTR (changed, spec, char **));
                *HW_FIELD_PTR (changed, spec, char **) = g_strsplit ("other", ",", -1);
              }
            else
              {
                g_free (*HW_FIELD_PTR (changed, spec, char *));
                *HW_FIELD_PTR (changed, spec, char *) = g_strdup ("other");
              }

            if (hw_entity_equal (entity, changed))
              g_test_fail_printf ("hw_entity_equal misses a change of %s.%s",
                                  type->name, spec->name);
          }
      }
    }
}

/* Mutating the JSON of a valid entity */

static JsonNode *
json_value (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (g_strcmp0 (text, "null") == 0)
    return json_node_new (JSON_NODE_NULL);

  node = json_from_string (text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Resolves "member", "rows[1].member" … to the object holding the last member. */
static JsonObject *
resolve (JsonObject  *object,
         const char  *path,
         char       **out_member)
{
  const char *dot = strchr (path, '.');
  g_autofree char *head = NULL;
  char *bracket;
  guint64 index;

  if (dot == NULL)
    {
      *out_member = g_strdup (path);
      return object;
    }

  head = g_strndup (path, dot - path);
  bracket = strchr (head, '[');
  g_assert_nonnull (bracket);
  *bracket = '\0';
  index = g_ascii_strtoull (bracket + 1, NULL, 10);

  return resolve (json_array_get_object_element (json_object_get_array_member (object, head),
                                                 index),
                  dot + 1, out_member);
}

/* Decodes the JSON of @entity with @path set to @value_json (removed when NULL). */
static gpointer
decode_mutated (gconstpointer   entity,
                const char     *path,
                const char     *value_json,
                GError        **error)
{
  g_autofree char *json = hw_entity_to_json_string (entity);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autofree char *member = NULL;
  g_autofree char *mutated = NULL;
  JsonObject *object;

  object = resolve (json_node_get_object (root), path, &member);
  if (value_json == NULL)
    {
      g_assert_true (json_object_has_member (object, member));
      json_object_remove_member (object, member);
    }
  else
    json_object_set_member (object, member, json_value (value_json));

  mutated = json_to_string (root, FALSE);
  return hw_entity_from_json_string (HW_ENTITY (entity)->type, mutated, strlen (mutated), error);
}

static void
assert_rejected (gconstpointer  entity,
                 const char    *path,
                 const char    *value_json,
                 const char    *expected_field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HwEntity) decoded = decode_mutated (entity, path, value_json, &error);

  g_test_message ("%s: %s = %s -> %s", HW_ENTITY (entity)->type->name, path,
                  value_json ? value_json : "(missing)", error ? error->message : "accepted");
  g_assert_null (decoded);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  g_assert_cmpstr (hw_core_error_get_field (error), ==, expected_field);
}

static gpointer
assert_accepted (gconstpointer  entity,
                 const char    *path,
                 const char    *value_json)
{
  g_autoptr(GError) error = NULL;
  gpointer decoded = decode_mutated (entity, path, value_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  return decoded;
}

/* Wrong types */

static void
check_wrong_types (gconstpointer       entity,
                   const HwFieldSpec  *fields,
                   guint               n_fields,
                   const char         *prefix)
{
  static const char * const not_a_string[] = { "12", "true", "{}", "[\"a\"]", "1.5", NULL };
  static const char * const not_an_int[] = {
    "\"12\"", "12.5", "1e3", "true", "{}", "[1]", "\"\"", "-9223372036854775808", NULL
  };
  static const char * const not_a_time[] = {
    "12", "true", "{}", "\"2026-13-45T00:00:00Z\"", "\"2026-01-02T03:04:05\"",
    "\"2026-01-02\"", "\"yesterday\"", "\"\"", "\"2026-01-02T25:00:00Z\"", NULL
  };
  static const char * const not_a_bool[] = { "\"true\"", "\"false\"", "1", "0", "null", "{}", NULL };
  static const char * const not_strings[] = { "\"a\"", "{}", "1", "true", NULL };
  static const char * const not_objects[] = { "{}", "\"x\"", "1", "true", NULL };

  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *path = g_strdup_printf ("%s%s", prefix, spec->name);
      g_autofree char *item0 = g_strdup_printf ("%s[0]", path);
      g_autofree char *item1 = g_strdup_printf ("%s[1]", path);
      const char * const *bad = NULL;

      if (spec->flags & HW_FIELD_SECRET)
        continue;

      switch (spec->kind)
        {
        case HW_FIELD_TEXT:
        case HW_FIELD_ENUM:
        case HW_FIELD_REF:
        case HW_FIELD_CURRENCY:
          bad = not_a_string;
          break;
        case HW_FIELD_INT:
          bad = not_an_int;
          break;
        case HW_FIELD_TIME:
          bad = not_a_time;
          break;
        case HW_FIELD_BOOL:
          bad = not_a_bool;
          break;
        case HW_FIELD_STRV:
          bad = not_strings;
          assert_rejected (entity, path, "[\"a\", 1]", item1);
          assert_rejected (entity, path, "[null]", item0);
          assert_rejected (entity, path, "[[\"a\"]]", item0);
          break;
        case HW_FIELD_CHILDREN:
          bad = not_objects;
          assert_rejected (entity, path, "[1]", item0);
          assert_rejected (entity, path, "[\"x\"]", item0);
          assert_rejected (entity, path, "[[]]", item0);
          assert_rejected (entity, path, "[null]", item0);
          {
            /* An empty row is missing its first required field, if it has one. */
            g_autofree char *expected = g_strdup (item1);

            for (guint j = 0; j < spec->child->n_fields; j++)
              if (spec->child->fields[j].flags & HW_FIELD_REQUIRED)
                {
                  g_free (expected);
                  expected = g_strdup_printf ("%s.%s", item0, spec->child->fields[j].name);
                  break;
                }
            assert_rejected (entity, path, "[{}, 2]", expected);
          }
          {
            g_autofree char *row_prefix = g_strdup_printf ("%s[1].", path);

            check_wrong_types (entity, spec->child->fields, spec->child->n_fields, row_prefix);
          }
          break;
        case HW_FIELD_JSON:
          {
            /* Any JSON value is a JSON document. */
            g_autoptr(HwEntity) number = assert_accepted (entity, path, "12");
            g_autoptr(HwEntity) array = assert_accepted (entity, path, "[1, \"a\"]");

            g_assert_cmpstr (*HW_FIELD_PTR (number, spec, char *), ==, "12");
            g_assert_cmpstr (*HW_FIELD_PTR (array, spec, char *), ==, "[1,\"a\"]");
          }
          break;
        default:
          g_assert_not_reached ();
        }

      for (guint j = 0; bad != NULL && bad[j] != NULL; j++)
        assert_rejected (entity, path, bad[j], path);
    }
}

static void
test_wrong_types (gconstpointer data)
{
  const HwEntityType *type = data;
  g_autoptr(HwEntity) entity = make_entity (type, FILL_ALL_MICROSECONDS);

  check_wrong_types (entity, type->fields, type->n_fields, "");

  /* The entity columns */
  assert_rejected (entity, "id", "12", "id");
  assert_rejected (entity, "id", "\"not-a-uuid\"", "id");
  assert_rejected (entity, "id", "\"6f1c2d3e-4a5b-4c6d-8e7f-0123456789a\"", "id");
  assert_rejected (entity, "id", "\"../../etc/passwd\"", "id");
  assert_rejected (entity, "rev", "\"3\"", "rev");
  assert_rejected (entity, "rev", "-1", "rev");
  assert_rejected (entity, "rev", "1.5", "rev");
  assert_rejected (entity, "updated_at", "\"2026-01-02T03:04:05\"", "updated_at");
  assert_rejected (entity, "updated_at", "12", "updated_at");
}

/* The cases of the brief, spelled out on products, prices and users. */
static void
test_wrong_types_examples (void)
{
  g_autoptr(HwEntity) product = make_entity (&hw_product_type, FILL_ALL_SECONDS);
  g_autoptr(HwEntity) price = make_entity (&hw_price_type, FILL_ALL_SECONDS);
  g_autoptr(HwEntity) user = make_entity (&hw_user_type, FILL_ALL_SECONDS);
  g_autoptr(HwEntity) order = make_entity (&hw_order_type, FILL_ALL_SECONDS);

  assert_rejected (product, "base_price", "\"1250\"", "base_price");  /* string for int */
  assert_rejected (product, "sku", "4711", "sku");                    /* int for string */
  assert_rejected (price, "tiers", "{\"min_qty\": 1}", "tiers");      /* object for array */
  assert_rejected (price, "tiers", "[1, 2]", "tiers[0]");             /* not objects */
  assert_rejected (user, "show_prices", "\"true\"", "show_prices");   /* bool as string */
  assert_rejected (product, "min_qty", "2.5", "min_qty");             /* float for int */
  assert_rejected (order, "placed_at", "\"2026-02-30T10:00:00Z\"", "placed_at");
  assert_rejected (order, "placed_at", "\"2026-01-02T10:00:00\"", "placed_at"); /* no zone */
  assert_rejected (order, "lines[1].quantity", "\"3\"", "lines[1].quantity");
  assert_rejected (product, "attributes[0].value", "7", "attributes[0].value");

  /* Missing required fields */
  assert_rejected (product, "sku", NULL, "sku");
  assert_rejected (price, "tiers", NULL, "tiers");
  assert_rejected (order, "lines[1].product_id", NULL, "lines[1].product_id");
}

/* Missing and null members */

static void
check_required (gconstpointer       entity,
                const HwFieldSpec  *fields,
                guint               n_fields,
                const char         *prefix)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *path = g_strdup_printf ("%s%s", prefix, spec->name);

      if (spec->flags & HW_FIELD_SECRET)
        continue;

      if (spec->flags & HW_FIELD_REQUIRED)
        assert_rejected (entity, path, NULL, path);
      else
        {
          /* A member that is not required may be left out: the field keeps its default. */
          g_autoptr(HwEntity) decoded = assert_accepted (entity, path, NULL);
          g_autoptr(HwEntity) fresh = hw_entity_new (HW_ENTITY (entity)->type);

          if (prefix[0] == '\0')
            {
              g_autofree char *got = field_to_string (spec, decoded);
              g_autofree char *expected = field_to_string (spec, fresh);

              g_assert_cmpstr (got, ==, expected);
            }
        }

      if (spec->kind == HW_FIELD_CHILDREN)
        {
          g_autofree char *row_prefix = g_strdup_printf ("%s[1].", path);

          check_required (entity, spec->child->fields, spec->child->n_fields, row_prefix);
        }
    }
}

static void
test_required (gconstpointer data)
{
  const HwEntityType *type = data;
  g_autoptr(HwEntity) entity = make_entity (type, FILL_ALL_MICROSECONDS);
  g_autoptr(HwEntity) no_id = NULL;

  check_required (entity, type->fields, type->n_fields, "");

  /* id, rev and updated_at may be left out (a create) or null. */
  no_id = assert_accepted (entity, "id", NULL);
  g_assert_null (no_id->id);
  g_clear_pointer (&no_id, hw_entity_free);
  no_id = assert_accepted (entity, "id", "null");
  g_assert_null (no_id->id);
  g_clear_pointer (&no_id, hw_entity_free);
  no_id = assert_accepted (entity, "rev", NULL);
  g_assert_cmpint (no_id->rev, ==, 0);
  g_clear_pointer (&no_id, hw_entity_free);
  no_id = assert_accepted (entity, "updated_at", "null");
  g_assert_cmpint (no_id->updated_at, ==, 0);
}

static void
check_nullable (gconstpointer       entity,
                const HwFieldSpec  *fields,
                guint               n_fields,
                const char         *prefix)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const HwFieldSpec *spec = &fields[i];
      g_autofree char *path = g_strdup_printf ("%s%s", prefix, spec->name);

      if (spec->kind == HW_FIELD_CHILDREN)
        {
          g_autofree char *row_prefix = g_strdup_printf ("%s[1].", path);

          if (!(spec->flags & HW_FIELD_REQUIRED))
            {
              g_autoptr(HwEntity) decoded = assert_accepted (entity, path, "null");

              g_assert_cmpuint ((*HW_FIELD_PTR (decoded, spec, GPtrArray *))->len, ==, 0);
            }
          check_nullable (entity, spec->child->fields, spec->child->n_fields, row_prefix);
          continue;
        }

      if (!(spec->flags & HW_FIELD_NULLABLE) || (spec->flags & HW_FIELD_SECRET))
        continue;

      {
        g_autoptr(HwEntity) decoded = assert_accepted (entity, path, "null");

        if (prefix[0] == '\0')
          g_assert_false (hw_field_is_set (spec, decoded));
        else
          {
            /* rows[1].field: find the row and check it there. */
            const HwFieldSpec *rows_spec = NULL;
            g_autofree char *rows_name = g_strndup (prefix, strchr (prefix, '[') - prefix);

            rows_spec = hw_entity_type_find_field (HW_ENTITY (entity)->type, rows_name);
            g_assert_nonnull (rows_spec);
            g_assert_false (hw_field_is_set (spec,
                                             g_ptr_array_index (*HW_FIELD_PTR (decoded, rows_spec,
                                                                               GPtrArray *), 1)));
          }
      }
    }
}

static void
test_nullable (gconstpointer data)
{
  const HwEntityType *type = data;
  g_autoptr(HwEntity) entity = make_entity (type, FILL_ALL_SECONDS);

  check_nullable (entity, type->fields, type->n_fields, "");
}

/* Unknown members */

static void
add_unknown_members (JsonObject        *object,
                     const HwFieldSpec *fields,
                     guint              n_fields)
{
  json_object_set_int_member (object, "zzz", 1);
  json_object_set_member (object, "zzz_nested",
                          json_value ("{\"a\": [1, {\"b\": null}], \"sku\": 5, \"id\": 7}"));

  for (guint i = 0; i < n_fields; i++)
    if (fields[i].kind == HW_FIELD_CHILDREN)
      {
        JsonArray *rows = json_object_get_array_member (object, fields[i].name);

        for (guint j = 0; j < json_array_get_length (rows); j++)
          add_unknown_members (json_array_get_object_element (rows, j),
                               fields[i].child->fields, fields[i].child->n_fields);
      }
}

static void
test_unknown_members (gconstpointer data)
{
  const HwEntityType *type = data;
  g_autoptr(HwEntity) entity = make_entity (type, FILL_ALL_MICROSECONDS);
  g_autofree char *json = hw_entity_to_json_string (entity);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  g_autofree char *mutated = NULL;
  g_autofree char *json2 = NULL;
  g_autoptr(HwEntity) decoded = NULL;
  g_autoptr(GError) error = NULL;

  add_unknown_members (json_node_get_object (root), type->fields, type->n_fields);
  mutated = json_to_string (root, FALSE);
  g_assert_nonnull (strstr (mutated, "zzz"));

  decoded = hw_entity_from_json_string (type, mutated, -1, &error);
  g_assert_no_error (error);
  assert_entities_equal (entity, decoded);

  json2 = hw_entity_to_json_string (decoded);
  g_assert_cmpstr (json, ==, json2);
  g_assert_null (strstr (json2, "zzz"));
}

/* Child rows as the store keeps them: one array of values per row, in field order, read
 * back equal. */
static void
test_stored_rows (gconstpointer data)
{
  const HwEntityType *type = data;

  for (FillMode mode = 0; mode < N_FILL_MODES; mode++)
    {
      g_autoptr(HwEntity) entity = make_entity (type, mode);
      g_autoptr(HwEntity) copy = hw_entity_copy (entity);

      for (guint i = 0; i < type->n_fields; i++)
        {
          const HwFieldSpec *spec = &type->fields[i];
          g_autoptr(GString) stored = g_string_new (NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) stored_node = NULL;
          JsonArray *stored_rows;
          GPtrArray *rows;

          if (spec->kind != HW_FIELD_CHILDREN)
            continue;

          _hw_json_write_rows (stored, spec->child, *HW_FIELD_PTR (entity, spec, GPtrArray *));
          stored_node = json_from_string (stored->str, &error);
          g_assert_no_error (error);
          g_assert_true (JSON_NODE_HOLDS_ARRAY (stored_node));
          stored_rows = json_node_get_array (stored_node);
          g_assert_cmpuint (json_array_get_length (stored_rows), ==, 3);
          for (guint r = 0; r < 3; r++)
            {
              JsonNode *row = json_array_get_element (stored_rows, r);

              g_assert_true (JSON_NODE_HOLDS_ARRAY (row));
              g_assert_cmpuint (json_array_get_length (json_node_get_array (row)), ==,
                                spec->child->n_fields);
            }

          rows = *HW_FIELD_PTR (copy, spec, GPtrArray *);
          g_ptr_array_set_size (rows, 0);
          g_assert_true (_hw_json_read_rows (spec->child, stored->str, rows, &error));
          g_assert_no_error (error);
          g_assert_cmpuint (rows->len, ==, 3);

          /* Anything else is refused, never half read. */
          g_assert_false (_hw_json_read_rows (spec->child, "[[1]]", rows, &error));
          g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_PARSE);
          g_clear_error (&error);
          g_assert_false (_hw_json_read_rows (spec->child, "{}", rows, &error));
          g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_PARSE);
          g_clear_error (&error);

          g_ptr_array_set_size (rows, 0);
          g_assert_true (_hw_json_read_rows (spec->child, stored->str, rows, &error));
        }

      assert_entities_equal (entity, copy);
    }
}

/* Enum values: hw-json.h promises that decoding rejects unknown ones. */
static void
test_unknown_enum_values (void)
{
  const HwEntityType * const *types = hw_model_entity_types ();

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autoptr(HwEntity) entity = make_entity (types[t], FILL_ALL_SECONDS);

      for (guint i = 0; i < types[t]->n_fields; i++)
        {
          const HwFieldSpec *spec = &types[t]->fields[i];

          if (spec->kind == HW_FIELD_ENUM)
            {
              assert_rejected (entity, spec->name, "\"no-such-value\"", spec->name);
              assert_rejected (entity, spec->name, "\"\"", spec->name);
            }
          else if (spec->kind == HW_FIELD_CHILDREN)
            for (guint j = 0; j < spec->child->n_fields; j++)
              if (spec->child->fields[j].kind == HW_FIELD_ENUM)
                {
                  g_autofree char *path = g_strdup_printf ("%s[1].%s", spec->name,
                                                           spec->child->fields[j].name);

                  assert_rejected (entity, path, "\"no-such-value\"", path);
                }
        }
    }
}

/* Secrets */

static void
test_secret (void)
{
  const HwEntityType * const *types = hw_model_entity_types ();
  guint n_secrets = 0;

  for (guint t = 0; types[t] != NULL; t++)
    for (guint i = 0; i < types[t]->n_fields; i++)
      {
        const HwFieldSpec *spec = &types[t]->fields[i];
        g_autoptr(HwEntity) entity = NULL;
        g_autoptr(HwEntity) decoded = NULL;
        g_autoptr(JsonNode) root = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *json = NULL;
        g_autofree char *with_secret = NULL;
        const char *secret = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

        if (!(spec->flags & HW_FIELD_SECRET))
          continue;

        g_assert_cmpint (spec->kind, ==, HW_FIELD_TEXT);
        n_secrets++;

        entity = make_entity (types[t], FILL_ALL_SECONDS);
        *HW_FIELD_PTR (entity, spec, char *) = g_strdup (secret);

        /* Never encoded … */
        json = hw_entity_to_json_string (entity);
        g_assert_null (strstr (json, spec->name));
        g_assert_null (strstr (json, "argon2id"));

        /* … and never taken from input. */
        root = json_from_string (json, NULL);
        json_object_set_string_member (json_node_get_object (root), spec->name, "$injected$");
        with_secret = json_to_string (root, FALSE);
        decoded = hw_entity_from_json_string (types[t], with_secret, -1, &error);
        g_assert_no_error (error);
        g_assert_null (*HW_FIELD_PTR (decoded, spec, char *));

        /* Even when of a wrong type, it is simply ignored. */
        g_clear_pointer (&decoded, hw_entity_free);
        json_object_set_int_member (json_node_get_object (root), spec->name, 5);
        g_free (with_secret);
        with_secret = json_to_string (root, FALSE);
        decoded = hw_entity_from_json_string (types[t], with_secret, -1, &error);
        g_assert_no_error (error);
        g_assert_null (*HW_FIELD_PTR (decoded, spec, char *));
      }

  /* The staff password hash at least. */
  g_assert_cmpuint (n_secrets, >=, 1);
  g_assert_true (hw_entity_type_find_field (&hw_staff_user_type, "password_hash")->flags &
                 HW_FIELD_SECRET);
}

/* Malformed input */

static void
test_parse_errors (void)
{
  static const char * const malformed[] = {
    "{",
    "{\"sku\": }",
    "{\"sku\": \"A\"",
    "not json",
    "{} trailing",
    "{\"sku\": \"A\",}",
    "[1,]",
    "{\"sku\": \"\xff\xfe\"}",
    "\xc3\x28",
    NULL
  };

  for (guint i = 0; malformed[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwProduct) product =
        hw_entity_from_json_string (&hw_product_type, malformed[i], -1, &error);

      g_autofree char *shown = g_strescape (malformed[i], NULL);

      g_test_message ("%s -> %s", shown, error ? error->message : "accepted");
      g_assert_null (product);
      g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_PARSE);
    }

  /* A length cuts the text: the valid prefix of a longer buffer is not read. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HwCategory) category =
      hw_entity_from_json_string (&hw_category_type, "{\"name\": \"A\"} garbage", 13, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (category->name, ==, "A");
  }
}

/* Blank input is not JSON either (RFC 8259); json-glib reads it as an empty document. */
static void
test_parse_empty (void)
{
  static const char * const blank[] = { "", " ", "\n\t ", NULL };

  for (guint i = 0; blank[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwProduct) product =
        hw_entity_from_json_string (&hw_product_type, blank[i], -1, &error);

      g_test_message ("\"%s\" -> %s", blank[i], error ? error->message : "accepted");
      g_assert_null (product);
      g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_PARSE);
    }
}

static void
test_non_object_root (void)
{
  static const char * const roots[] = {
    "[]", "[{\"name\": \"A\"}]", "1", "\"text\"", "true", "null", "1.5", NULL
  };

  for (guint i = 0; roots[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HwCategory) category =
        hw_entity_from_json_string (&hw_category_type, roots[i], -1, &error);

      g_assert_null (category);
      g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (hw_entity_from_json (&hw_category_type, NULL, &error));
    g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_INVALID);
  }
}

/* Times */

static void
test_time_round_trip (void)
{
  static const gint64 edges[] = {
    0, 1, -1, 999999, 1000000, -1000000, -999999, 1000001, G_GINT64_CONSTANT (1767225600000000),
    G_GINT64_CONSTANT (1767225600999999), G_GINT64_CONSTANT (253402300799999999) /* 9999 */,
    G_GINT64_CONSTANT (-30610224000000000) /* 1000-01-01 */,
    G_GINT64_CONSTANT (951782400000000) /* 2000-02-29 */,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < G_N_ELEMENTS (edges) + 200000; i++)
    {
      gint64 usec = i < G_N_ELEMENTS (edges)
                    ? edges[i]
                    : (gint64) g_rand_double_range (rand, -2.0e15, 4.0e15);
      g_autofree char *text = hw_time_format (usec);
      gint64 parsed = 0;

      if (!hw_time_parse (text, &parsed) || parsed != usec)
        g_test_fail_printf ("%" G_GINT64_FORMAT " -> %s -> %" G_GINT64_FORMAT, usec, text, parsed);

      /* Microseconds only when there are any, and always UTC. */
      g_assert_true (g_str_has_suffix (text, "Z"));
      g_assert_true ((strchr (text, '.') != NULL) == (usec % G_USEC_PER_SEC != 0));
    }

  {
    g_autofree char *text = hw_time_format (G_GINT64_CONSTANT (1767225600000000));
    g_assert_cmpstr (text, ==, "2026-01-01T00:00:00Z");
    g_free (text);
    text = hw_time_format (G_GINT64_CONSTANT (1767225600000500));
    g_assert_cmpstr (text, ==, "2026-01-01T00:00:00.000500Z");
  }
}

/* ISO 8601 years have four digits; "1-01-01T00:00:00Z" would not parse back. */
static void
test_time_early_years (void)
{
  static const char * const times[] = {
    "0001-01-01T00:00:00Z", "0999-12-31T23:59:59.5Z", "0099-06-15T12:00:00Z", NULL
  };

  for (guint i = 0; times[i] != NULL; i++)
    {
      g_autofree char *text = NULL;
      gint64 usec = 0, again = 0;

      g_assert_true (hw_time_parse (times[i], &usec));
      text = hw_time_format (usec);
      g_test_message ("%s -> %s", times[i], text);
      g_assert_true (hw_time_parse (text, &again));
      g_assert_cmpint (again, ==, usec);
    }
}

static void
test_time_zones (void)
{
  gint64 utc = 0, offset = 0, negative = 0, fraction = 0;

  g_assert_true (hw_time_parse ("2026-01-02T03:04:05Z", &utc));
  g_assert_true (hw_time_parse ("2026-01-02T05:04:05+02:00", &offset));
  g_assert_true (hw_time_parse ("2026-01-01T22:04:05-05:00", &negative));
  g_assert_cmpint (utc, ==, offset);
  g_assert_cmpint (utc, ==, negative);
  g_assert_true (hw_time_parse ("2026-01-02T03:04:05.25Z", &fraction));
  g_assert_cmpint (fraction - utc, ==, 250000);

  /* Times without a zone would mean whatever the server's zone is: refused. */
  g_assert_false (hw_time_parse ("2026-01-02T03:04:05", &utc));
  g_assert_false (hw_time_parse ("2026-01-02", &utc));
  g_assert_false (hw_time_parse ("", &utc));
  g_assert_false (hw_time_parse (NULL, &utc));

  /* An offset in the input becomes UTC in the output. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(HwIntegrationRun) run = NULL;
    g_autofree char *json = NULL;

    run = hw_entity_from_json_string (&hw_integration_run_type,
                                      "{\"integration_id\": \"6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab\","
                                      " \"operation\": \"erp.products\", \"status\": \"running\","
                                      " \"started_at\": \"2026-01-02T05:04:05.5+02:00\"}",
                                      -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (run->started_at, ==, utc + 500000);
    json = hw_entity_to_json_string (run);
    g_assert_nonnull (strstr (json, "\"started_at\":\"2026-01-02T03:04:05.500000Z\""));
  }
}

/* hw_time_format () as it was, with GDateTime: the reference of test_time_format. */
static char *
reference_time_format (gint64 usec)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 micro = usec % G_USEC_PER_SEC;

  if (micro < 0)
    {
      micro += G_USEC_PER_SEC;
      seconds -= 1;
    }

  dt = g_date_time_new_from_unix_utc (seconds);
  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");

  if (micro != 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                            g_date_time_get_year (dt), g_date_time_get_month (dt),
                            g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                            g_date_time_get_minute (dt), g_date_time_get_second (dt),
                            (int) micro);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt));
}

/* The calendar arithmetic of hw_time_format () agrees with GDateTime everywhere, the
 * ends of its range and leap days included. */
static void
test_time_format (void)
{
  const gint64 first = G_GINT64_CONSTANT (-62135596800) * G_USEC_PER_SEC;
  const gint64 last = G_GINT64_CONSTANT (253402300799) * G_USEC_PER_SEC + 999999;
  const gint64 fixed[] = {
    0, 1, -1, 999999, -999999, G_USEC_PER_SEC, -G_USEC_PER_SEC,
    first, first - 1, first + 1, first - G_USEC_PER_SEC, last, last + 1, last - 1,
    last + G_USEC_PER_SEC, G_MININT64, G_MAXINT64, G_MININT64 + 1,
    G_GINT64_CONSTANT (951782400) * G_USEC_PER_SEC,   /* 2000-02-29 */
    G_GINT64_CONSTANT (4107456000) * G_USEC_PER_SEC,  /* 2100-02-28 */
    G_GINT64_CONSTANT (4107542400) * G_USEC_PER_SEC,  /* 2100-03-01 */
    G_GINT64_CONSTANT (-2203891200) * G_USEC_PER_SEC, /* 1900-03-01 */
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autofree char *text = hw_time_format (fixed[i]);
      g_autofree char *expected = reference_time_format (fixed[i]);

      g_assert_cmpstr (text, ==, expected);
    }

  for (guint i = 0; i < 200000; i++)
    {
      /* Anywhere in the range, and days around the epoch. */
      gint64 usec = i % 2 ? (gint64) (g_rand_double (rand) * ((double) last - (double) first))
                              + first
                          : (gint64) g_rand_int_range (rand, -1000000, 1000000) * 86400 *
                              G_USEC_PER_SEC / 7 + g_rand_int_range (rand, 0, 3) - 1;
      g_autofree char *text = hw_time_format (usec);
      g_autofree char *expected = reference_time_format (usec);

      g_assert_cmpstr (text, ==, expected);
    }
}

static gboolean
has_erp_fields (const HwEntityType *type)
{
  for (guint i = 0; i < type->n_fields; i++)
    if (type->fields[i].flags & HW_FIELD_ERP)
      return TRUE;

  return FALSE;
}

/* The JSON text of @entity's full encoding, with only the members of fields with any of
 * @flags kept: what hw_entity_fields_to_json_string() must write byte for byte. */
static char *
generated_fields (gconstpointer entity,
                  HwFieldFlags  flags)
{
  const HwEntityType *type = HW_ENTITY (entity)->type;
  g_autoptr(JsonNode) node = hw_entity_to_json (entity);
  JsonObject *object = json_node_get_object (node);

  json_object_remove_member (object, "id");
  json_object_remove_member (object, "rev");
  json_object_remove_member (object, "updated_at");
  for (guint i = 0; i < type->n_fields; i++)
    if (!(type->fields[i].flags & flags))
      json_object_remove_member (object, type->fields[i].name);

  return json_to_string (node, FALSE);
}

/* The ERP-owned fields as text, as an ERP import's audit entry keeps them, and their
 * copy and comparison at struct level, as the import merges them. */
static void
test_erp_fields (gconstpointer data)
{
  const HwEntityType *type = data;

  g_assert_true (has_erp_fields (type));

  for (FillMode mode = 0; mode < N_FILL_MODES; mode++)
    {
      g_autoptr(HwEntity) entity = make_entity (type, mode);
      g_autoptr(HwEntity) other = make_entity (type, (mode + 1) % N_FILL_MODES);
      g_autoptr(HwEntity) before = NULL;
      g_autofree char *text = hw_entity_fields_to_json_string (entity, HW_FIELD_ERP);
      g_autofree char *expected = generated_fields (entity, HW_FIELD_ERP);

      g_assert_cmpstr (text, ==, expected);

      /* The other entity takes the ERP-owned fields and keeps everything else. */
      before = hw_entity_copy (other);
      hw_entity_copy_fields (other, entity, HW_FIELD_ERP);
      g_assert_true (hw_entity_fields_equal (entity, other, HW_FIELD_ERP));
      g_assert_cmpstr (other->id, ==, before->id);
      g_assert_cmpint (other->rev, ==, before->rev);
      for (guint i = 0; i < type->n_fields; i++)
        {
          const HwFieldSpec *spec = &type->fields[i];
          g_autofree char *now = field_to_string (spec, other);
          g_autofree char *was = field_to_string (spec, before);
          g_autofree char *source = field_to_string (spec, entity);

          if ((spec->flags & HW_FIELD_ERP) && !(spec->flags & HW_FIELD_COMPUTED))
            g_assert_cmpstr (now, ==, source);
          else
            g_assert_cmpstr (now, ==, was);
        }
    }
}

/* Strings are escaped as json-glib's generator escapes them. */
static void
test_erp_fields_escaping (void)
{
  g_autoptr(HwProduct) product = hw_product_new ();
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  product->sku = g_strdup ("q\"uote\\back/slash");
  product->name = g_strdup ("\x01\x08\x09\x0a\x0c\x0d\x1e\x1f\x7f é 😀");
  product->unit = g_strdup ("pc");
  product->status = g_strdup ("active");
  product->currency = g_strdup ("EUR");
  product->max_qty = G_MININT64 + 1;
  product->min_qty = G_MAXINT64;

  text = hw_entity_fields_to_json_string (product, HW_FIELD_ERP);
  expected = generated_fields (product, HW_FIELD_ERP);
  g_assert_cmpstr (text, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  const HwEntityType * const *types = hw_model_entity_types ();

  g_test_init (&argc, &argv, NULL);

  for (guint t = 0; types[t] != NULL; t++)
    {
      g_autofree char *round_trip = g_strdup_printf ("/json/round-trip/%s", types[t]->name);
      g_autofree char *wrong = g_strdup_printf ("/json/wrong-types/%s", types[t]->name);
      g_autofree char *required = g_strdup_printf ("/json/required/%s", types[t]->name);
      g_autofree char *nullable = g_strdup_printf ("/json/nullable/%s", types[t]->name);
      g_autofree char *unknown = g_strdup_printf ("/json/unknown-members/%s", types[t]->name);
      g_autofree char *stored = g_strdup_printf ("/json/stored-rows/%s", types[t]->name);
      g_autofree char *erp = g_strdup_printf ("/json/erp-fields/%s", types[t]->name);

      g_test_add_data_func (round_trip, types[t], test_round_trip);
      if (has_erp_fields (types[t]))
        g_test_add_data_func (erp, types[t], test_erp_fields);
      g_test_add_data_func (wrong, types[t], test_wrong_types);
      g_test_add_data_func (required, types[t], test_required);
      g_test_add_data_func (nullable, types[t], test_nullable);
      g_test_add_data_func (unknown, types[t], test_unknown_members);
      g_test_add_data_func (stored, types[t], test_stored_rows);
    }

  g_test_add_func ("/json/wrong-types/examples", test_wrong_types_examples);
  g_test_add_func ("/json/secret/never-encoded-or-decoded", test_secret);
  g_test_add_func ("/json/erp-fields/escaping", test_erp_fields_escaping);
  g_test_add_func ("/json/parse/malformed", test_parse_errors);
  g_test_add_func ("/json/parse/non-object-root", test_non_object_root);
  g_test_add_func ("/json/time/round-trip", test_time_round_trip);
  g_test_add_func ("/json/time/format", test_time_format);
  g_test_add_func ("/json/time/zones", test_time_zones);

  /* Contract checks that found bugs in src/core (see the report); they run last so that
   * they do not hide the rest while the fixes are pending. */
  g_test_add_func ("/json/contract/unknown-enum-values", test_unknown_enum_values);
  g_test_add_func ("/json/contract/empty-input-is-parse-error", test_parse_empty);
  g_test_add_func ("/json/contract/four-digit-years", test_time_early_years);

  return g_test_run ();
}
