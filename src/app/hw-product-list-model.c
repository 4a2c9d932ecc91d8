/* hw-product-list-model.c
 *
 * Copyright 2026 The Heart.work ONE authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-product-list-model"

#include "config.h"

#include <glib/gi18n.h>

#include "hw-product-list-model.h"

/* A lazy list of the products matching a query, read page by page from the local copy.
 *
 * Only n_items is known up front: a count runs in a worker, and until it answers the
 * model keeps showing the previous query's rows (a search keystroke does not blank the
 * table). The count first stops at HW_PRODUCT_LIST_MODEL_FIRST_COUNT, which costs the
 * same however many match; when that many match, the model shows them at once and
 * counts them all in a second step, growing (items-changed at the end) when it knows. get_item() hands out a placeholder HwProductRow; the missing page is read in
 * a worker and fills its rows in with notifications, never items-changed. A bounded
 * number of pages is cached, least recently used first out.
 *
 * Pages are read by keyset (hw_store_list) from the cursor that ended the page before;
 * the cursors of every page read are kept (one short string per page: 5 000 for a
 * million products). A page whose predecessor was never read (a scroll bar dragged
 * far) is read at its offset (hw_store_list_at), which walks the sort's index up to it
 * and then supplies the cursor for the pages after it.
 *
 * Workers share two reader connections (one for counts, one for pages), each behind a
 * mutex, so a long count never holds up the rows on screen; they touch no GObject of
 * the main thread and emit nothing. */

typedef struct
{
  char    *path;
  GMutex   lock[2];
  HwStore *store[2];
} Readers;

enum { READER_COUNT, READER_PAGES };

typedef struct
{
  guint         index;
  GPtrArray    *rows;        /* HwProductRow */
  GCancellable *cancellable; /* of its fetch, cancelled when evicted */
  guint64       used;
  guint         loaded : 1;
  guint         fetching : 1;
} Page;

typedef struct
{
  guint       generation;
  HwQuery    *query;
  guint       n_items;
  GHashTable *pages;         /* index → Page */
  GHashTable *cursors;       /* index → cursor that lists page index */
} State;

struct _HwProductListModel
{
  GObject        parent_instance;

  HwStore       *store;
  Readers       *readers;
  State         *state;      /* what the model shows */
  State         *pending;    /* a query whose count is not known yet */
  GCancellable  *cancellable;
  HwQuery       *query;
  char          *error_message;
  guint          page_size;
  guint          max_pages;
  guint          first_count;
  guint          generation;
  guint64        clock;
  guint          loading : 1;
  guint          exact : 1;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  PROP_EXACT,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HwProductListModel, hw_product_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

/* Readers */

static Readers *
readers_new (const char *path)
{
  Readers *readers = g_atomic_rc_box_new0 (Readers);

  readers->path = g_strdup (path);
  g_mutex_init (&readers->lock[0]);
  g_mutex_init (&readers->lock[1]);
  return readers;
}

static void
readers_clear (Readers *readers)
{
  g_free (readers->path);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&readers->store[i]);
      g_mutex_clear (&readers->lock[i]);
    }
}

static void
readers_unref (Readers *readers)
{
  g_atomic_rc_box_release_full (readers, (GDestroyNotify) readers_clear);
}

/* Called with the slot's lock held. */
static HwStore *
readers_get (Readers  *readers,
             guint     slot,
             GError  **error)
{
  if (readers->store[slot] == NULL)
    readers->store[slot] = hw_store_open (readers->path, HW_STORE_OPEN_READONLY, error);

  return readers->store[slot];
}

static HwQuery *
query_copy (const HwQuery *query)
{
  HwQuery *copy = hw_query_new ();
  gboolean descending = FALSE;
  const char *sort;

  if (query == NULL)
    return copy;

  for (guint i = 0; i < hw_query_get_n_filters (query); i++)
    {
      const char *field, *value;
      HwFilterOp op;

      hw_query_get_filter (query, i, &field, &op, &value);
      hw_query_add_filter (copy, field, op, value);
    }
  if ((sort = hw_query_get_sort (query, &descending)) != NULL)
    hw_query_set_sort (copy, sort, descending);
  hw_query_set_search (copy, hw_query_get_search (query));
  hw_query_set_with_children (copy, hw_query_get_with_children (query));
  hw_query_set_limit (copy, hw_query_get_limit (query));
  return copy;
}

/* Workers */

typedef struct
{
  Readers   *readers;
  HwQuery   *query;
  guint      generation;
  guint64    at_most;     /* a count: stop there, 0 for all */
  guint      index;
  guint64    offset;
  gboolean   by_offset;
  gint64     count;
  GPtrArray *products;    /* HwProduct */
  GPtrArray *categories;  /* category names, one per product */
  char      *next_cursor;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->readers, readers_unref);
  g_clear_pointer (&fetch->query, hw_query_unref);
  g_clear_pointer (&fetch->products, g_ptr_array_unref);
  g_clear_pointer (&fetch->categories, g_ptr_array_unref);
  g_free (fetch->next_cursor);
  g_free (fetch);
}

static void
count_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(GError) error = NULL;
  HwStore *reader;
  gboolean ok = FALSE;

  g_mutex_lock (&fetch->readers->lock[READER_COUNT]);
  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) &&
      (reader = readers_get (fetch->readers, READER_COUNT, &error)) != NULL)
    ok = fetch->at_most > 0
         ? hw_store_count_at_most (reader, &hw_product_type, fetch->query, fetch->at_most,
                                   &fetch->count, &error)
         : hw_store_count (reader, &hw_product_type, fetch->query, &fetch->count, &error);
  g_mutex_unlock (&fetch->readers->lock[READER_COUNT]);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
page_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(HwPage) page = NULL;
  HwStore *reader;

  /* An evicted page is dropped before it queues for the reader. */
  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&fetch->readers->lock[READER_PAGES]);
  if (!g_cancellable_set_error_if_cancelled (cancellable, &error) &&
      (reader = readers_get (fetch->readers, READER_PAGES, &error)) != NULL)
    {
      if (fetch->by_offset)
        page = hw_store_list_at (reader, &hw_product_type, fetch->query, fetch->offset, &error);
      else
        page = hw_store_list (reader, &hw_product_type, fetch->query, &error);

      /* A page holds a few dozen categories; each is one primary-key read. */
      if (page != NULL)
        {
          fetch->categories = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; i < page->items->len; i++)
            {
              HwProduct *product = g_ptr_array_index (page->items, i);
              const char *name = NULL;

              if (product->category_id != NULL &&
                  !g_hash_table_lookup_extended (names, product->category_id, NULL,
                                                 (gpointer *) &name))
                {
                  g_autoptr(HwCategory) category = NULL;

                  category = hw_store_get_category (reader, product->category_id, NULL);
                  name = category ? category->name : NULL;
                  g_hash_table_insert (names, g_strdup (product->category_id), g_strdup (name));
                  name = g_hash_table_lookup (names, product->category_id);
                }
              g_ptr_array_add (fetch->categories, g_strdup (name));
            }
        }
    }
  g_mutex_unlock (&fetch->readers->lock[READER_PAGES]);

  if (page == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fetch->products = g_steal_pointer (&page->items);
  fetch->next_cursor = g_steal_pointer (&page->next_cursor);
  g_task_return_boolean (task, TRUE);
}

/* States */

static void
page_free (Page *page)
{
  g_cancellable_cancel (page->cancellable);
  g_clear_object (&page->cancellable);
  g_clear_pointer (&page->rows, g_ptr_array_unref);
  g_free (page);
}

static State *
state_new (guint    generation,
           HwQuery *query)
{
  State *state = g_new0 (State, 1);

  state->generation = generation;
  state->query = query_copy (query);
  state->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  state->cursors = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return state;
}

static void
state_free (State *state)
{
  if (state == NULL)
    return;

  g_hash_table_unref (state->pages);
  g_hash_table_unref (state->cursors);
  hw_query_unref (state->query);
  g_free (state);
}

static State *
find_state (HwProductListModel *self,
            guint               generation)
{
  if (self->state != NULL && self->state->generation == generation)
    return self->state;
  if (self->pending != NULL && self->pending->generation == generation)
    return self->pending;
  return NULL;
}

static void
set_loading (HwProductListModel *self,
             gboolean            loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_exact (HwProductListModel *self,
           gboolean            exact)
{
  if (self->exact == !!exact)
    return;

  self->exact = !!exact;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXACT]);
}

static void
set_error_message (HwProductListModel *self,
                   const char         *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
evict (HwProductListModel *self,
       State              *state,
       Page               *keep)
{
  while (g_hash_table_size (state->pages) > self->max_pages)
    {
      GHashTableIter iter;
      Page *page, *oldest = NULL;

      g_hash_table_iter_init (&iter, state->pages);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
        if (page != keep && (oldest == NULL || page->used < oldest->used))
          oldest = page;

      if (oldest == NULL)
        break;

      g_hash_table_remove (state->pages, GUINT_TO_POINTER (oldest->index));
    }
}

static void
page_fetched_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HwProductListModel) self = user_data;
  Fetch *fetch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  State *state;
  Page *page;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          (state = find_state (self, fetch->generation)) != NULL &&
          (page = g_hash_table_lookup (state->pages, GUINT_TO_POINTER (fetch->index))) != NULL)
        {
          page->fetching = FALSE;
          set_error_message (self, _("The products could not be read from the local copy."));
          g_debug ("Reading page %u failed: %s", fetch->index, error->message);
        }
      return;
    }

  if ((state = find_state (self, fetch->generation)) == NULL ||
      (page = g_hash_table_lookup (state->pages, GUINT_TO_POINTER (fetch->index))) == NULL)
    return;

  page->fetching = FALSE;
  page->loaded = TRUE;

  if (fetch->next_cursor != NULL)
    g_hash_table_insert (state->cursors, GUINT_TO_POINTER (fetch->index + 1),
                         g_steal_pointer (&fetch->next_cursor));

  for (guint i = 0; i < fetch->products->len; i++)
    {
      HwProductRow *row;

      if (i >= page->rows->len)
        g_ptr_array_add (page->rows,
                         hw_product_row_new (fetch->index * self->page_size + i));
      row = g_ptr_array_index (page->rows, i);
      /* The row takes the product; the array's free func skips the NULL left. */
      hw_product_row_fill (row, g_steal_pointer (&fetch->products->pdata[i]),
                           g_ptr_array_index (fetch->categories, i));
    }
}

static void
fetch_page (HwProductListModel *self,
            State              *state,
            Page               *page)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch = g_new0 (Fetch, 1);
  const char *cursor = NULL;

  fetch->readers = g_atomic_rc_box_acquire (self->readers);
  fetch->query = query_copy (state->query);
  fetch->generation = state->generation;
  fetch->index = page->index;
  hw_query_set_limit (fetch->query, self->page_size);

  if (page->index == 0 ||
      (cursor = g_hash_table_lookup (state->cursors, GUINT_TO_POINTER (page->index))) != NULL)
    hw_query_set_after (fetch->query, cursor);
  else
    {
      fetch->by_offset = TRUE;
      fetch->offset = (guint64) page->index * self->page_size;
    }

  page->fetching = TRUE;
  g_clear_object (&page->cancellable);
  page->cancellable = g_cancellable_new ();

  task = g_task_new (self, page->cancellable, page_fetched_cb, g_object_ref (self));
  g_task_set_source_tag (task, fetch_page);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (task, page_worker);
}

static Page *
ensure_page (HwProductListModel *self,
             State              *state,
             guint               index)
{
  Page *page = g_hash_table_lookup (state->pages, GUINT_TO_POINTER (index));

  if (page == NULL)
    {
      page = g_new0 (Page, 1);
      page->index = index;
      page->rows = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (state->pages, GUINT_TO_POINTER (index), page);
      evict (self, state, page);
    }

  page->used = ++self->clock;

  if (!page->loaded && !page->fetching)
    fetch_page (self, state, page);

  return page;
}

static void start_count (HwProductListModel *self,
                         State              *state,
                         guint64             at_most);

static void
count_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(HwProductListModel) self = user_data;
  Fetch *fetch = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean first = fetch->at_most > 0;
  State *state = first ? self->pending : self->state;
  State *old;
  guint old_n;
  guint n;

  if (state == NULL || state->generation != fetch->generation)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("Counting products failed: %s", error->message);
      set_error_message (self, _("The products could not be read from the local copy."));
      if (!first)
        {
          set_exact (self, TRUE);
          return;
        }
      fetch->count = 0;
    }
  else
    set_error_message (self, NULL);

  n = (guint) CLAMP (fetch->count, 0, G_MAXUINT);

  if (!first)
    {
      /* The exact count of a long list: it grows at the end, where nobody looks yet. */
      old_n = state->n_items;
      state->n_items = MAX (n, old_n);
      if (state->n_items > old_n)
        g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, state->n_items - old_n);
      set_exact (self, TRUE);
      return;
    }

  old = g_steal_pointer (&self->state);
  old_n = old != NULL ? old->n_items : 0;
  self->state = g_steal_pointer (&self->pending);
  self->state->n_items = n;
  state_free (old);

  set_exact (self, fetch->count < (gint64) fetch->at_most);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->state->n_items);
  set_loading (self, FALSE);

  if (!self->exact)
    start_count (self, self->state, 0);
}

static void
start_count (HwProductListModel *self,
             State              *state,
             guint64             at_most)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->readers = g_atomic_rc_box_acquire (self->readers);
  fetch->query = query_copy (state->query);
  fetch->generation = state->generation;
  fetch->at_most = at_most;

  task = g_task_new (self, self->cancellable, count_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  g_task_run_in_thread (task, count_worker);
}

/* GListModel */

static GType
hw_product_list_model_get_item_type (GListModel *model)
{
  return HW_TYPE_PRODUCT_ROW;
}

static guint
hw_product_list_model_get_n_items (GListModel *model)
{
  HwProductListModel *self = HW_PRODUCT_LIST_MODEL (model);

  return self->state != NULL ? self->state->n_items : 0;
}

static gpointer
hw_product_list_model_get_item (GListModel *model,
                                guint       position)
{
  HwProductListModel *self = HW_PRODUCT_LIST_MODEL (model);
  guint offset = position % self->page_size;
  Page *page;

  if (self->state == NULL || position >= self->state->n_items)
    return NULL;

  page = ensure_page (self, self->state, position / self->page_size);

  /* Rows are made on demand; a loaded page shorter than expected (rows went away
   * since the count) leaves placeholders. */
  while (page->rows->len <= offset)
    g_ptr_array_add (page->rows,
                     hw_product_row_new (page->index * self->page_size + page->rows->len));

  return g_object_ref (g_ptr_array_index (page->rows, offset));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = hw_product_list_model_get_item_type;
  iface->get_n_items = hw_product_list_model_get_n_items;
  iface->get_item = hw_product_list_model_get_item;
}

/* GObject */

static void
hw_product_list_model_dispose (GObject *object)
{
  HwProductListModel *self = (HwProductListModel *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state, state_free);
  g_clear_pointer (&self->pending, state_free);

  G_OBJECT_CLASS (hw_product_list_model_parent_class)->dispose (object);
}

static void
hw_product_list_model_finalize (GObject *object)
{
  HwProductListModel *self = (HwProductListModel *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->readers, readers_unref);
  g_clear_pointer (&self->query, hw_query_unref);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (hw_product_list_model_parent_class)->finalize (object);
}

static void
hw_product_list_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  HwProductListModel *self = HW_PRODUCT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_EXACT:
      g_value_set_boolean (value, self->exact);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_product_list_model_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  HwProductListModel *self = HW_PRODUCT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hw_product_list_model_class_init (HwProductListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = hw_product_list_model_dispose;
  object_class->finalize = hw_product_list_model_finalize;
  object_class->get_property = hw_product_list_model_get_property;
  object_class->set_property = hw_product_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, HW_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HwProductListModel:exact:
   *
   * Whether n_items is the exact count; else the list holds at least that many, and
   * grows when the full count is known.
   */
  properties[PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hw_product_list_model_init (HwProductListModel *self)
{
  self->page_size = HW_PRODUCT_LIST_MODEL_PAGE_SIZE;
  self->max_pages = HW_PRODUCT_LIST_MODEL_MAX_PAGES;
  self->first_count = HW_PRODUCT_LIST_MODEL_FIRST_COUNT;
  self->query = hw_query_new ();
  self->exact = TRUE;
}

/**
 * hw_product_list_model_new:
 * @store: the local copy; its file is opened again read-only by the workers
 * @page_size: rows per page read, 0 for the default
 * @max_pages: pages kept at most, 0 for the default
 *
 * Creates an empty model; set a query (or reload) to fill it.
 */
HwProductListModel *
hw_product_list_model_new (HwStore *store,
                           guint    page_size,
                           guint    max_pages)
{
  HwProductListModel *self;

  g_return_val_if_fail (HW_IS_STORE (store), NULL);

  self = g_object_new (HW_TYPE_PRODUCT_LIST_MODEL, "store", store, NULL);
  if (page_size > 0)
    self->page_size = MIN (page_size, HW_QUERY_MAX_LIMIT);
  if (max_pages > 0)
    self->max_pages = MAX (max_pages, 2);
  self->readers = readers_new (hw_store_get_path (store));

  return self;
}

HwStore *
hw_product_list_model_get_store (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), NULL);

  return self->store;
}

/**
 * hw_product_list_model_set_query:
 * @query: filters, sort and search; its cursor and limit are ignored
 *
 * Lists the products of @query instead: cancels the count of a query still pending,
 * counts in a worker and reads the first page meanwhile. The model changes (one
 * items-changed) when the count is known.
 */
void
hw_product_list_model_set_query (HwProductListModel *self,
                                 HwQuery            *query)
{
  g_return_if_fail (HW_IS_PRODUCT_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  if (query != self->query)
    {
      hw_query_ref (query);
      hw_query_unref (self->query);
      self->query = query;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pending, state_free);

  self->cancellable = g_cancellable_new ();
  self->pending = state_new (++self->generation, query);
  hw_query_set_with_children (self->pending->query, FALSE);

  start_count (self, self->pending, self->first_count);

  /* The first page is read while counting: the two answers make the table. */
  ensure_page (self, self->pending, 0);

  set_loading (self, TRUE);
}

HwQuery *
hw_product_list_model_get_query (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), NULL);

  return self->query;
}

/* Reads the same query again, e.g. after local edits or a sync. */
void
hw_product_list_model_reload (HwProductListModel *self)
{
  g_return_if_fail (HW_IS_PRODUCT_LIST_MODEL (self));

  hw_product_list_model_set_query (self, self->query);
}

gboolean
hw_product_list_model_get_loading (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), FALSE);

  return self->loading;
}

const char *
hw_product_list_model_get_error_message (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), NULL);

  return self->error_message;
}

guint
hw_product_list_model_get_n_cached_pages (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), 0);

  return self->state != NULL ? g_hash_table_size (self->state->pages) : 0;
}

gboolean
hw_product_list_model_is_page_cached (HwProductListModel *self,
                                      guint               page)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), FALSE);

  return self->state != NULL &&
         g_hash_table_contains (self->state->pages, GUINT_TO_POINTER (page));
}

/**
 * hw_product_list_model_peek_id:
 *
 * Gets the id of the product at @position if its page is read, without reading it.
 *
 * Returns: (nullable): the id, or %NULL when its page is not in the cache
 */
const char *
hw_product_list_model_peek_id (HwProductListModel *self,
                               guint               position)
{
  Page *page;

  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), NULL);

  if (self->state == NULL || position >= self->state->n_items ||
      !(page = g_hash_table_lookup (self->state->pages,
                                    GUINT_TO_POINTER (position / self->page_size))) ||
      position % self->page_size >= page->rows->len)
    return NULL;

  return hw_product_row_get_id (g_ptr_array_index (page->rows, position % self->page_size));
}

gboolean
hw_product_list_model_get_exact (HwProductListModel *self)
{
  g_return_val_if_fail (HW_IS_PRODUCT_LIST_MODEL (self), TRUE);

  return self->exact;
}

/**
 * hw_product_list_model_set_first_count:
 * @first_count: where the first count stops, 0 to count everything at once
 *
 * For the next query: how many rows the first count looks for.
 */
void
hw_product_list_model_set_first_count (HwProductListModel *self,
                                       guint               first_count)
{
  g_return_if_fail (HW_IS_PRODUCT_LIST_MODEL (self));

  self->first_count = first_count;
}
