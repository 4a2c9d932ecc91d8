/* hw-store-list.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-store"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "hw-json-private.h"
#include "hw-store-private.h"

/* Lists */

static char *
encode_cursor (const char *value,
               const char *id)
{
  g_autofree char *raw = g_strconcat (value ? value : "", "\x1f", id, NULL);

  return g_base64_encode ((const guchar *) raw, strlen (raw));
}

static gboolean
decode_cursor (const char  *cursor,
               char       **out_value,
               char       **out_id)
{
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  const char *sep;
  gsize len = 0;

  if (cursor == NULL || strlen (cursor) > 1024)
    return FALSE;

  raw = g_base64_decode (cursor, &len);
  if (raw == NULL || len == 0)
    return FALSE;

  text = g_strndup ((const char *) raw, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  sep = strchr (text, '\x1f');
  if (sep == NULL)
    return FALSE;

  *out_value = g_strndup (text, sep - text);
  *out_id = g_strdup (sep + 1);
  return TRUE;
}

static gboolean
bind_filter_value (sqlite3_stmt       *stmt,
                   int                 col,
                   const HwFieldSpec  *spec,
                   const char         *value,
                   GError            **error)
{
  switch (spec->kind)
    {
    case HW_FIELD_INT:
      {
        gint64 number;

        if (!g_ascii_string_to_signed (value, 10, G_MININT64 + 1, G_MAXINT64, &number, NULL))
          {
            hw_set_field_error (error, HW_CORE_ERROR_INVALID, spec->name, "expected an integer");
            return FALSE;
          }
        sqlite3_bind_int64 (stmt, col, number);
      }
      return TRUE;

    case HW_FIELD_TIME:
      {
        gint64 usec;

        if (!hw_time_parse (value, &usec))
          {
            hw_set_field_error (error, HW_CORE_ERROR_INVALID, spec->name,
                                "expected a date and time in ISO 8601");
            return FALSE;
          }
        sqlite3_bind_int64 (stmt, col, usec);
      }
      return TRUE;

    case HW_FIELD_BOOL:
      if (g_strcmp0 (value, "true") != 0 && g_strcmp0 (value, "false") != 0)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, spec->name, "expected true or false");
          return FALSE;
        }
      sqlite3_bind_int (stmt, col, g_strcmp0 (value, "true") == 0);
      return TRUE;

    case HW_FIELD_TEXT:
    case HW_FIELD_ENUM:
    case HW_FIELD_REF:
    case HW_FIELD_CURRENCY:
      if (!g_utf8_validate (value, -1, NULL))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, spec->name, "is not valid UTF-8");
          return FALSE;
        }
      sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
      return TRUE;

    case HW_FIELD_STRV:
    case HW_FIELD_JSON:
    case HW_FIELD_CHILDREN:
    default:
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, spec->name, "cannot be filtered on");
      return FALSE;
    }
}

/* The terms of the index that start with @word (lower-case ASCII), up to @max + 1. */
static GPtrArray *
terms_with_prefix (HwStore     *self,
                   const char  *word,
                   guint        max,
                   GError     **error)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *high = g_strconcat (word, "\x7f", NULL);
  sqlite3_stmt *stmt;
  int rc;

  /* fts5vocab lists the index's terms; a temporary table costs nothing to keep. */
  if (!_hw_store_exec (self,
                       "CREATE VIRTUAL TABLE IF NOT EXISTS temp.products_fts_terms"
                       " USING fts5vocab (main, products_fts, row);",
                       error))
    return NULL;

  stmt = _hw_store_prepare (self,
                            "SELECT term FROM temp.products_fts_terms"
                            " WHERE term >= ? AND term < ? LIMIT ?",
                            error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, high, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, max + 1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (terms, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&terms);
}

static void
append_search_word (HwStore    *self,
                    GString    *match,
                    const char *word)
{
  g_autoptr(GPtrArray) terms = NULL;
  gboolean ascii = TRUE;

  if (match->len > 0)
    g_string_append (match, " AND ");

  for (const char *p = word; *p; p++)
    ascii = ascii && (guchar) *p < 0x80;

  /* Up to two letters the index keeps prefix lists. A longer prefix would make FTS5
   * merge the postings of every term it starts into one list before answering, which
   * for a common word ("cordl" for cordless) costs milliseconds; a handful of exact
   * terms joined by OR is read lazily instead. */
  if (ascii && strlen (word) > 2)
    {
      g_autofree char *lower = g_ascii_strdown (word, -1);

      terms = terms_with_prefix (self, lower, 16, NULL);
    }

  if (terms == NULL || terms->len > 16)
    g_string_append_printf (match, "\"%s\"*", word);
  else if (terms->len == 0)
    g_string_append_printf (match, "\"%s\"", word);
  else
    {
      g_string_append_c (match, '(');
      for (guint i = 0; i < terms->len; i++)
        g_string_append_printf (match, "%s\"%s\"", i ? " OR " : "",
                                (char *) g_ptr_array_index (terms, i));
      g_string_append_c (match, ')');
    }
}

/* Turns what a user types into an FTS5 query: every run of letters and digits becomes a
 * prefix term, all of them required. Splitting like the index's tokenizer does
 * (unicode61) means quotes, operators and column filters in the input are plain text. */
static char *
search_to_match (HwStore    *self,
                 const char *text)
{
  GString *match = g_string_new (NULL);
  GString *word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char_validated (p, -1) : 0;
      gboolean in_word = c != 0 && c != (gunichar) -1 && c != (gunichar) -2 &&
                         (g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_PRIVATE_USE);

      if (in_word)
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          append_search_word (self, match, word->str);
          g_string_truncate (word, 0);
        }

      if (*p == '\0' || c == (gunichar) -1 || c == (gunichar) -2)
        break;
    }

  g_string_free (word, TRUE);
  return g_string_free (match, match->len == 0);
}

/* A single word that starts some SKU (or, all digits, some GTIN) is a code being typed:
 * it lists those products in code order from the code's index, which stays fast when a
 * prefix such as "HW-" is shared by a million SKUs. Anything else searches words. */
static const HwFieldSpec *
code_search_field (HwStore     *self,
                   const char  *text,
                   char       **out_low,
                   char       **out_high,
                   GError     **error)
{
  static const char * const fields[] = { "sku", "gtin" };
  g_autofree char *word = g_strstrip (g_strdup (text));
  gboolean digits = word[0] != '\0';

  if (word[0] == '\0' || strpbrk (word, " \t\r\n") != NULL)
    return NULL;

  for (const char *p = word; *p; p++)
    digits = digits && g_ascii_isdigit (*p);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *sql = NULL;
      g_autofree char *high = NULL;
      sqlite3_stmt *stmt;
      int rc;

      if (i == 1 && !digits)
        break;

      /* U+10FFFF sorts after anything that can follow the prefix. */
      high = g_strconcat (word, "\xf4\x8f\xbf\xbf", NULL);
      sql = g_strdup_printf ("SELECT 1 FROM products WHERE \"%s\" >= ? AND \"%s\" < ? LIMIT 1",
                             fields[i], fields[i]);
      if (!(stmt = _hw_store_prepare (self, sql, error)))
        return NULL;

      sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, high, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);

      if (rc == SQLITE_ROW)
        {
          *out_low = g_steal_pointer (&word);
          *out_high = g_steal_pointer (&high);
          return hw_entity_type_find_field (&hw_product_type, fields[i]);
        }
      if (rc != SQLITE_DONE)
        {
          _hw_store_set_db_error (self, rc, error);
          return NULL;
        }
    }

  return NULL;
}

typedef struct
{
  GString            *sql;
  GPtrArray          *binds;   /* (spec, value) pairs; spec NULL binds value as text */
} Where;

static gboolean
build_where (const HwEntityType  *type,
             const HwQuery       *query,
             Where               *where,
             GError             **error)
{
  guint n = query ? hw_query_get_n_filters (query) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *field, *value;
      const HwFieldSpec *spec;
      HwFilterOp op;

      hw_query_get_filter (query, i, &field, &op, &value);
      spec = hw_entity_type_find_field (type, field);

      if (spec == NULL || spec->kind == HW_FIELD_CHILDREN || (spec->flags & HW_FIELD_SECRET))
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, field,
                              "is not a field of %s that can be filtered on", type->name);
          return FALSE;
        }

      g_string_append (where->sql, where->sql->len ? " AND " : " WHERE ");

      switch (op)
        {
        case HW_FILTER_EQ:
        case HW_FILTER_NE:
        case HW_FILTER_LT:
        case HW_FILTER_GE:
          {
            static const char * const ops[] = { "=", "<>", "<", ">=" };

            if (value == NULL)
              {
                hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "needs a value");
                return FALSE;
              }
            g_string_append_printf (where->sql, "t.\"%s\" %s ?", spec->name, ops[op]);
            g_ptr_array_add (where->binds, (gpointer) spec);
            g_ptr_array_add (where->binds, (gpointer) value);
          }
          break;

        case HW_FILTER_IS_NULL:
          g_string_append_printf (where->sql, "t.\"%s\" IS NULL", spec->name);
          break;

        case HW_FILTER_IN_SUBTREE:
          if (spec->kind != HW_FIELD_REF || spec->ref != &hw_category_type || value == NULL)
            {
              hw_set_field_error (error, HW_CORE_ERROR_INVALID, field,
                                  "is not a category reference");
              return FALSE;
            }
          g_string_append_printf (where->sql,
                                  "t.\"%s\" IN (WITH RECURSIVE sub (id) AS (SELECT ? UNION "
                                  "SELECT c.id FROM categories c JOIN sub ON c.parent_id = "
                                  "sub.id) SELECT id FROM sub)",
                                  spec->name);
          g_ptr_array_add (where->binds, (gpointer) spec);
          g_ptr_array_add (where->binds, (gpointer) value);
          break;

        default:
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, field, "unknown filter");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
bind_where (sqlite3_stmt  *stmt,
            int           *col,
            Where         *where,
            GError       **error)
{
  for (guint i = 0; i < where->binds->len; i += 2)
    {
      const HwFieldSpec *spec = g_ptr_array_index (where->binds, i);
      const char *value = g_ptr_array_index (where->binds, i + 1);

      if (!bind_filter_value (stmt, (*col)++, spec, value, error))
        return FALSE;
    }

  return TRUE;
}

/* What every entity has besides its fields, for sorting. */
static const HwFieldSpec entity_fields[] = {
  { .name = "id", .kind = HW_FIELD_TEXT, .flags = HW_FIELD_REQUIRED,
    .offset = G_STRUCT_OFFSET (HwEntity, id) },
  { .name = "rev", .kind = HW_FIELD_INT, .offset = G_STRUCT_OFFSET (HwEntity, rev) },
  { .name = "updated_at", .kind = HW_FIELD_TIME, .flags = HW_FIELD_REQUIRED,
    .offset = G_STRUCT_OFFSET (HwEntity, updated_at) },
};

static const HwFieldSpec *
sort_spec (const HwEntityType  *type,
           const HwQuery       *query,
           gboolean            *descending,
           GError             **error)
{
  const char *name = query ? hw_query_get_sort (query, descending) : NULL;
  const HwFieldSpec *spec = NULL;

  if (name == NULL)
    {
      *descending = FALSE;
      name = type->sort_field;
    }

  for (guint i = 0; i < G_N_ELEMENTS (entity_fields); i++)
    if (g_strcmp0 (entity_fields[i].name, name) == 0)
      return &entity_fields[i];

  spec = hw_entity_type_find_field (type, name);
  if (spec == NULL ||
      (spec->flags & (HW_FIELD_NULLABLE | HW_FIELD_SECRET)) ||
      spec->kind == HW_FIELD_CHILDREN || spec->kind == HW_FIELD_STRV ||
      spec->kind == HW_FIELD_JSON)
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "sort",
                          "cannot sort %s by “%s”", type->plural, name);
      return NULL;
    }

  return spec;
}

static gboolean
list_query (HwStore             *self,
            const HwEntityType  *type,
            const HwQuery       *query,
            gboolean             count_only,
            gint64               offset,      /* a page: its offset, -1 to page by the
                                               * query's cursor; a count: at most this
                                               * many, -1 for all */
            HwPage             **out_page,
            gint64              *out_count,
            GError             **error)
{
  const HwTypeSql *sql = _hw_store_type_sql (self, type);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) binds = g_ptr_array_new ();
  g_autofree char *match = NULL;
  g_autofree char *after_value = NULL;
  g_autofree char *after_id = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const HwFieldSpec *sort = NULL;
  Where where = { g_string_new (NULL), binds };
  gboolean descending = FALSE;
  gboolean sort_unique = FALSE;
  const HwFieldSpec *code = NULL;
  g_autofree char *code_low = NULL;
  g_autofree char *code_high = NULL;
  gboolean searching;
  guint limit;
  sqlite3_stmt *stmt;
  int col = 1;
  int rc;
  gboolean ok = FALSE;

  limit = query ? hw_query_get_limit (query) : HW_QUERY_DEFAULT_LIMIT;
  searching = query && hw_query_get_search (query) != NULL;

  if (searching)
    {
      if (type != &hw_product_type)
        {
          hw_set_field_error (error, HW_CORE_ERROR_INVALID, "q",
                              "text search is available for products only");
          goto out;
        }
      code = code_search_field (self, hw_query_get_search (query), &code_low, &code_high, error);
      if (code == NULL && error != NULL && *error != NULL)
        goto out;
      if (code == NULL)
        match = search_to_match (self, hw_query_get_search (query));
    }

  if (!build_where (type, query, &where, error))
    goto out;

  if (code != NULL)
    {
      /* A code prefix is a range on the code's index, listed in code order. */
      g_string_append_printf (where.sql, "%st.\"%s\" >= ? AND t.\"%s\" < ?",
                              where.sql->len ? " AND " : " WHERE ", code->name, code->name);
      g_ptr_array_add (where.binds, (gpointer) code);
      g_ptr_array_add (where.binds, code_low);
      g_ptr_array_add (where.binds, (gpointer) code);
      g_ptr_array_add (where.binds, code_high);
      searching = FALSE;
      sort = code;
    }
  else if (!count_only && !(sort = sort_spec (type, query, &descending, error)))
    goto out;

  sort_unique = sort != NULL &&
                ((sort->flags & HW_FIELD_UNIQUE) || g_strcmp0 (sort->name, "id") == 0);

  if (!count_only && offset < 0 && query && hw_query_get_after (query) != NULL &&
      !decode_cursor (hw_query_get_after (query), &after_value, &after_id))
    {
      hw_set_field_error (error, HW_CORE_ERROR_INVALID, "cursor", "is not a cursor of this list");
      goto out;
    }

  /* Searching walks the full-text index in rowid order, so the page cursor is the rowid;
   * otherwise the keyset is (sort field, id), always backed by an index. */
  if (searching && code == NULL && match == NULL)
    {
      /* Only blanks were typed: the search matches everything, like no search. */
      searching = FALSE;
    }

  if (count_only && offset >= 0)
    g_string_append (text, "SELECT count(*) FROM (SELECT 1");
  else if (count_only)
    g_string_append (text, "SELECT count(*)");
  else
    {
      g_string_append (text, sql->select);
      /* sql->select is "SELECT cols FROM table": qualify it for the join below. */
      g_string_erase (text, 0, strlen ("SELECT "));
      g_string_truncate (text, strstr (text->str, " FROM ") - text->str);
      {
        g_autofree char *cols = g_strdup (text->str);
        g_auto(GStrv) parts = g_strsplit (cols, ", ", -1);

        g_string_assign (text, "SELECT ");
        for (guint i = 0; parts[i] != NULL; i++)
          g_string_append_printf (text, "%st.%s", i ? ", " : "", parts[i]);
        if (searching)
          g_string_append (text, ", t.seq");
      }
    }

  if (searching && count_only && where.sql->len == 0)
    {
      /* Every row of the index is a product: a count needs no product row, which
       * saves a seek per match (a one-letter prefix matches most of a million). */
      g_string_append (text, " FROM products_fts f WHERE products_fts MATCH ?");
    }
  else if (searching)
    g_string_append_printf (text,
                            " FROM products_fts f JOIN \"%s\" t ON t.seq = f.rowid"
                            " WHERE products_fts MATCH ?",
                            type->table);
  else
    g_string_append_printf (text, " FROM \"%s\" t", type->table);

  if (where.sql->len > 0)
    {
      if (searching)
        g_string_append_printf (text, " AND %s", where.sql->str + strlen (" WHERE "));
      else
        g_string_append (text, where.sql->str);
    }

  if (count_only && offset >= 0)
    g_string_append (text, " LIMIT ?)");

  if (!count_only)
    {
      gboolean has_where = searching || where.sql->len > 0;

      if (searching)
        {
          if (after_id != NULL)
            g_string_append (text, " AND f.rowid > ?");
          g_string_append (text, " ORDER BY f.rowid LIMIT ?");
          if (offset >= 0)
            g_string_append (text, " OFFSET ?");
        }
      else
        {
          /* A unique field orders on its own; otherwise the id breaks ties. Row values
           * let SQLite seek straight to the page in an index on (field, id). */
          if (after_id != NULL && sort_unique)
            g_string_append_printf (text, "%s t.\"%s\" %s ?",
                                    has_where ? " AND" : " WHERE",
                                    sort->name, descending ? "<" : ">");
          else if (after_id != NULL)
            g_string_append_printf (text, "%s (t.\"%s\", t.\"id\") %s (?, ?)",
                                    has_where ? " AND" : " WHERE",
                                    sort->name, descending ? "<" : ">");

          if (sort_unique)
            g_string_append_printf (text, " ORDER BY t.\"%s\" %s LIMIT ?",
                                    sort->name, descending ? "DESC" : "ASC");
          else
            g_string_append_printf (text, " ORDER BY t.\"%s\" %s, t.\"id\" %s LIMIT ?",
                                    sort->name, descending ? "DESC" : "ASC",
                                    descending ? "DESC" : "ASC");
          if (offset >= 0)
            g_string_append (text, " OFFSET ?");
        }
    }

  if (!(stmt = _hw_store_prepare (self, text->str, error)))
    goto out;

  if (searching)
    sqlite3_bind_text (stmt, col++, match, -1, SQLITE_TRANSIENT);

  if (!bind_where (stmt, &col, &where, error))
    goto out;

  if (!count_only)
    {
      if (after_id != NULL)
        {
          if (searching)
            {
              gint64 seq;

              if (!g_ascii_string_to_signed (after_id, 10, 0, G_MAXINT64, &seq, NULL))
                {
                  hw_set_field_error (error, HW_CORE_ERROR_INVALID, "cursor",
                                      "is not a cursor of this list");
                  goto out;
                }
              sqlite3_bind_int64 (stmt, col++, seq);
            }
          else
            {
              if (!bind_filter_value (stmt, col++, sort, after_value, error))
                {
                  g_clear_error (error);
                  hw_set_field_error (error, HW_CORE_ERROR_INVALID, "cursor",
                                      "is not a cursor of this list");
                  goto out;
                }
              if (!sort_unique)
                sqlite3_bind_text (stmt, col++, after_id, -1, SQLITE_TRANSIENT);
            }
        }
      /* One more than asked tells whether there is a next page. */
      sqlite3_bind_int64 (stmt, col++, (gint64) limit + 1);
      if (offset >= 0)
        sqlite3_bind_int64 (stmt, col++, offset);
    }
  else if (offset >= 0)
    sqlite3_bind_int64 (stmt, col++, offset);

  if (count_only)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        *out_count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          _hw_store_set_db_error (self, rc, error);
          goto out;
        }
      ok = TRUE;
      goto out;
    }

  items = g_ptr_array_new_with_free_func (hw_entity_free);
  {
    g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
    guint n_columns = 3 + type->n_fields;
    gboolean with_children = query == NULL || hw_query_get_with_children (query);

    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        gint64 seq = searching ? sqlite3_column_int64 (stmt, n_columns) : 0;

        g_ptr_array_add (items, _hw_store_read_entity (stmt, type, with_children));
        g_array_append_val (seqs, seq);
      }
    sqlite3_reset (stmt);

    if (rc != SQLITE_DONE)
      {
        _hw_store_set_db_error (self, rc, error);
        goto out;
      }

    *out_page = g_new0 (HwPage, 1);

    if (items->len > limit)
      {
        HwEntity *last;

        g_ptr_array_set_size (items, limit);
        last = g_ptr_array_index (items, limit - 1);

        if (searching)
          {
            char buf[32];

            g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT,
                        g_array_index (seqs, gint64, limit - 1));
            (*out_page)->next_cursor = encode_cursor ("", buf);
          }
        else
          {
            g_autofree char *value = NULL;

            if (sort->kind == HW_FIELD_INT || sort->kind == HW_FIELD_TIME)
              value = g_strdup_printf ("%" G_GINT64_FORMAT, *HW_FIELD_PTR (last, sort, gint64));
            else if (sort->kind == HW_FIELD_BOOL)
              value = g_strdup (*HW_FIELD_PTR (last, sort, gboolean) ? "true" : "false");
            else
              value = g_strdup (*HW_FIELD_PTR (last, sort, char *));

            if (sort->kind == HW_FIELD_TIME)
              {
                g_autofree char *iso = hw_time_format (*HW_FIELD_PTR (last, sort, gint64));
                g_free (value);
                value = g_steal_pointer (&iso);
              }

            (*out_page)->next_cursor = encode_cursor (value, last->id);
          }
      }

    (*out_page)->items = g_steal_pointer (&items);
  }

  ok = TRUE;

out:
  g_string_free (where.sql, TRUE);
  return ok;
}

/**
 * hw_store_list:
 * @query: (nullable): filters, sort, search, page size and the cursor of the page
 *
 * Lists one page by keyset (never OFFSET), so every page costs the same however deep.
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
HwPage *
hw_store_list (HwStore             *self,
               const HwEntityType  *type,
               const HwQuery       *query,
               GError             **error)
{
  HwPage *page = NULL;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  if (!list_query (self, type, query, FALSE, -1, &page, NULL, error))
    return NULL;

  return page;
}

gboolean
hw_store_count (HwStore             *self,
                const HwEntityType  *type,
                const HwQuery       *query,
                gint64              *out_count,
                GError             **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return list_query (self, type, query, TRUE, -1, NULL, out_count, error);
}

/**
 * hw_store_count_at_most:
 * @limit: the most to count
 *
 * Counts like hw_store_count(), but stops at @limit: cheap however many match, so a
 * list can be shown before its exact count (which can take a while for a search that
 * matches a million products) is known.
 */
gboolean
hw_store_count_at_most (HwStore             *self,
                        const HwEntityType  *type,
                        const HwQuery       *query,
                        guint64              limit,
                        gint64              *out_count,
                        GError             **error)
{
  g_return_val_if_fail (HW_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);

  return list_query (self, type, query, TRUE, (gint64) MIN (limit, (guint64) G_MAXINT64),
                     NULL, out_count, error);
}

/**
 * hw_store_list_at:
 * @query: (nullable): filters, sort, search and page size; its cursor is ignored
 * @offset: the position of the page's first row in the whole list
 *
 * Lists the page that starts at @offset, with the cursor of the page after it, for a
 * jump into the middle of a long list (a scroll bar dragged far). SQLite walks the
 * @offset rows before it in the sort's index, so this costs more the deeper it goes:
 * page on from the returned cursor with hw_store_list().
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
HwPage *
hw_store_list_at (HwStore             *self,
                  const HwEntityType  *type,
                  const HwQuery       *query,
                  guint64              offset,
                  GError             **error)
{
  HwPage *page = NULL;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  if (!list_query (self, type, query, FALSE, (gint64) MIN (offset, (guint64) G_MAXINT64),
                   &page, NULL, error))
    return NULL;

  return page;
}

/**
 * hw_store_count_products_by_category:
 *
 * Counts the products of each category in one grouped pass over the category index;
 * products without a category are counted under the key "" (an empty string).
 *
 * Returns: (transfer full) (element-type utf8 gint64): category id → number of products
 *   placed directly in it (pointers to gint64), or %NULL with @error set
 */
GHashTable *
hw_store_count_products_by_category (HwStore  *self,
                                     GError  **error)
{
  g_autoptr(GHashTable) counts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HW_IS_STORE (self), NULL);

  stmt = _hw_store_prepare (self,
                            "SELECT category_id, count(*) FROM products GROUP BY category_id",
                            error);
  if (stmt == NULL)
    return NULL;

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *n = g_new (gint64, 1);

      *n = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (counts, g_strdup (id ? id : ""), n);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _hw_store_set_db_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&counts);
}
