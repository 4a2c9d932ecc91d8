/* hw-server-channel.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-channel-store.h"
#include "hw-core-error.h"
#include "hw-json.h"
#include "hw-server-channel-private.h"
#include "hw-server-problem.h"
#include "hw-server-resources-private.h"
#include "hw-server-response.h"

/* The channel API's catalogue, for the webshop, the mobile app and headless clients
 * (DESIGN.md §4), as a customer user with a channel session:
 *
 *   GET /channel/products?category=&q=&cursor=&limit=   the visible assortment, a page
 *   GET /channel/products/{id}                          one visible product
 *   GET /channel/prices?product=&qty=                   its price for a quantity
 *
 * and the orders of hw-server-channel-orders.c. Every answer comes from the rules
 * engine (hw-rules.h) at the store's current revision: visibility, prices and
 * orderability are never decided here. Prices are left out for a user whose show_prices
 * is off, and a product the user may not see answers exactly like one that does not
 * exist (same status, body and headers), so that nothing tells the two apart.
 *
 * A channel session names one user and so one account: nothing here takes an account
 * from the request, and what answers say about prices is the engine's for that account
 * only. */

#define PAGE_DEFAULT_LIMIT 50
#define PAGE_MAX_LIMIT     200

/* Above this many cached products the cache is emptied rather than grown; refilling is
 * one lookup per product. */
#define PRODUCT_CACHE_MAX 200000
#define USER_CACHE_MAX    100000

/* The pages kept for answering again, in bytes of JSON: above it the cache is emptied. */
#define PAGE_CACHE_MAX_BYTES ((gsize) 64 * 1024 * 1024)

/* The channel as the background load of a snapshot sees it: NULL once the channel is
 * gone, so that a load finishing after the server was disposed touches nothing. */
typedef struct
{
  gatomicrefcount  ref_count;
  HwChannel       *channel;
} ChannelRef;

/* A request waiting for the snapshot of the current revision, to be run again. */
typedef struct
{
  SoupServerMessage *msg;
  HwServerRouteFunc  func;
  GHashTable        *params;
} Waiting;

struct _HwChannel
{
  HwServer     *server;      /* not a reference: the server owns this */
  ChannelRef   *self_ref;
  char         *path;        /* of the database, for the loads' own connections */
  HwRules      *rules;       /* the newest snapshot loaded */
  gboolean      loading;
  GPtrArray    *waiting;     /* Waiting, in arrival order */
  SoupServerMessage *rerunning; /* the waiting request being run again, if any */
  gboolean      requeued;    /* … and whether it had to wait again */
  gint64        revision;    /* of the snapshot the caches below belong to */
  GHashTable   *products;    /* id → CachedProduct */
  GHashTable   *users;       /* id → HwUser */
  GHashTable   *pages;       /* "USER_ID?QUERY" → GBytes, catalogue pages as answered */
  gsize         pages_bytes;
  gint64        pages_until; /* µs: a validity window opens or closes then */
};

/* A product as the channel shows it to everyone: the entity and the start of its JSON
 * (texts and conditions, written once per revision); what depends on the caller is
 * appended per request. */
typedef struct
{
  HwProduct *product;
  char      *head;
  gsize      head_length;
} CachedProduct;

static void
cached_product_free (CachedProduct *cached)
{
  hw_entity_free (cached->product);
  g_free (cached->head);
  g_free (cached);
}

static void
waiting_free (Waiting *waiting)
{
  g_object_unref (waiting->msg);
  g_hash_table_unref (waiting->params);
  g_free (waiting);
}

static ChannelRef *
channel_ref_ref (ChannelRef *ref)
{
  g_atomic_ref_count_inc (&ref->ref_count);
  return ref;
}

static void
channel_ref_unref (ChannelRef *ref)
{
  if (g_atomic_ref_count_dec (&ref->ref_count))
    g_free (ref);
}

static HwChannel *
channel_new (HwServer *server)
{
  HwChannel *channel = g_new0 (HwChannel, 1);
  const char *path = hw_store_get_path (hw_server_get_store (server));

  channel->server = server;
  channel->self_ref = g_new0 (ChannelRef, 1);
  g_atomic_ref_count_init (&channel->self_ref->ref_count);
  channel->self_ref->channel = channel;
  /* An in-memory database has no second connection: its snapshots load in place. */
  if (path != NULL && path[0] != '\0' && !g_str_equal (path, ":memory:"))
    channel->path = g_strdup (path);
  channel->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) waiting_free);
  channel->revision = -1;
  channel->products = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) cached_product_free);
  channel->users = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) hw_entity_free);
  channel->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_bytes_unref);
  return channel;
}

static void
channel_free (HwChannel *channel)
{
  channel->self_ref->channel = NULL;
  channel_ref_unref (channel->self_ref);
  g_clear_pointer (&channel->rules, hw_rules_unref);
  g_ptr_array_unref (channel->waiting);
  g_free (channel->path);
  g_hash_table_unref (channel->products);
  g_hash_table_unref (channel->users);
  g_hash_table_unref (channel->pages);
  g_free (channel);
}

HwServer *
hw_channel_get_server (HwChannel *channel)
{
  return channel->server;
}

/* Requests */

void
hw_channel_request_clear (HwChannelRequest *request)
{
  g_clear_pointer (&request->principal, hw_server_principal_free);
  g_clear_pointer (&request->rules, hw_rules_unref);
  request->user = NULL;
}

/* A user by @id from @cache, read from the store on a miss. The key is the
 * entity's own id, which lives as long as the entry. */
static gconstpointer
cached_get (HwStore             *store,
            GHashTable          *cache,
            const HwEntityType  *type,
            const char          *id,
            GError             **error)
{
  HwEntity *entity = g_hash_table_lookup (cache, id);

  if (entity != NULL)
    return entity;

  if (!(entity = hw_store_get (store, type, id, error)))
    return NULL;

  if (g_hash_table_size (cache) >= USER_CACHE_MAX)
    g_hash_table_remove_all (cache);
  g_hash_table_insert (cache, entity->id, entity);

  return entity;
}

/* Snapshots */

typedef struct
{
  char    *path;
  HwRules *previous;   /* NULL for the first load */
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_clear_pointer (&load->previous, hw_rules_unref);
  g_free (load);
}

/* In a worker thread: the snapshot of the database at @path, through a connection of
 * its own (the server's is the main thread's). It shares with the previous snapshot
 * (immutable, so safe to read here) whatever did not change, so a staff edit of a rule
 * shows in milliseconds rather than a rebuild of the whole catalogue. */
static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *load = task_data;
  g_autoptr(HwStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  HwRules *rules;

  if (!(reader = hw_store_open (load->path, HW_STORE_OPEN_READONLY, &error)) ||
      !(rules = hw_rules_load_update (reader, load->previous, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, rules, (GDestroyNotify) hw_rules_unref);
}

static void start_load (HwChannel *channel);

/* Back on the main thread: the new snapshot in place, the waiting requests run again
 * (they take it, or wait for the next one if the revision moved meanwhile). A failed
 * load answers them with the error. */
static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChannelRef *ref = user_data;
  HwChannel *channel = ref->channel;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ready = NULL;
  HwRules *rules;

  rules = g_task_propagate_pointer (G_TASK (result), &error);
  if (channel == NULL)
    {
      g_clear_pointer (&rules, hw_rules_unref);
      channel_ref_unref (ref);
      return;
    }
  channel_ref_unref (ref);

  channel->loading = FALSE;
  if (rules != NULL)
    {
      g_clear_pointer (&channel->rules, hw_rules_unref);
      channel->rules = rules;
    }
  else
    g_warning ("The rules snapshot could not be loaded: %s", error->message);

  ready = g_steal_pointer (&channel->waiting);
  channel->waiting = g_ptr_array_new_with_free_func ((GDestroyNotify) waiting_free);

  for (guint i = 0; i < ready->len; i++)
    {
      Waiting *waiting = g_ptr_array_index (ready, i);

      if (rules == NULL)
        hw_server_problem_from_error (waiting->msg, error);
      else
        {
          channel->rerunning = waiting->msg;
          channel->requeued = FALSE;
          waiting->func (waiting->msg, waiting->params, channel);
          channel->rerunning = NULL;
          if (channel->requeued)
            continue;
        }
      soup_server_message_unpause (waiting->msg);
    }
}

static void
start_load (HwChannel *channel)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  if (channel->loading)
    return;

  channel->loading = TRUE;
  task = g_task_new (NULL, NULL, load_done_cb, channel_ref_ref (channel->self_ref));
  g_task_set_source_tag (task, start_load);
  load = g_new0 (LoadData, 1);
  load->path = g_strdup (channel->path);
  load->previous = channel->rules != NULL ? hw_rules_ref (channel->rules) : NULL;
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

/* The snapshot of the store's current revision in @out_rules; FALSE when there is none
 * yet: then @msg waits (paused) for the one being loaded, and @func runs again with it.
 * Loading a snapshot of a large catalogue takes seconds; meanwhile the server answers
 * everything else. */
static gboolean
current_rules (HwChannel          *channel,
               SoupServerMessage  *msg,
               HwServerRouteFunc   func,
               GHashTable         *params,
               HwRules           **out_rules,
               GError            **error)
{
  HwStore *store = hw_server_get_store (channel->server);
  gint64 revision = hw_store_get_revision (store);
  Waiting *waiting;

  if (channel->rules != NULL && hw_rules_get_revision (channel->rules) == revision)
    {
      *out_rules = hw_rules_ref (channel->rules);
      return TRUE;
    }

  if (channel->path == NULL)
    {
      HwRules *rules = hw_rules_load_update (store, channel->rules, error);

      if (rules == NULL)
        return FALSE;
      g_clear_pointer (&channel->rules, hw_rules_unref);
      channel->rules = rules;
      *out_rules = hw_rules_ref (rules);
      return TRUE;
    }

  waiting = g_new0 (Waiting, 1);
  waiting->msg = g_object_ref (msg);
  waiting->func = func;
  waiting->params = g_hash_table_ref (params);
  g_ptr_array_add (channel->waiting, waiting);
  if (msg == channel->rerunning)
    channel->requeued = TRUE;
  else
    soup_server_message_pause (msg);
  start_load (channel);

  *out_rules = NULL;
  return TRUE;
}

/**
 * hw_channel_request_begin:
 * @func: the handler, @params its route parameters: run again when @msg had to wait
 *
 * The first step of every channel handler: authenticates the caller as a customer user
 * and takes the rules snapshot of the store's current revision. When that snapshot is
 * still being loaded, @msg is paused and @func runs again once it is there. On failure
 * @msg has been answered.
 *
 * Returns: whether the handler may go on with @request now
 */
gboolean
hw_channel_request_begin (HwChannel         *channel,
                          SoupServerMessage *msg,
                          HwServerRouteFunc  func,
                          GHashTable        *params,
                          HwChannelRequest  *request)
{
  HwStore *store = hw_server_get_store (channel->server);
  g_autoptr(GError) error = NULL;

  if (!hw_server_authenticate_channel (channel->server, msg, &request->principal, NULL))
    return FALSE;

  if (!current_rules (channel, msg, func, params, &request->rules, &error))
    {
      hw_server_problem_from_error (msg, error);
      return FALSE;
    }
  if (request->rules == NULL)
    return FALSE;

  request->now = hw_store_now (store);

  /* The pages depend on the moment too, but only where a validity window opens or
   * closes: until the next such moment they hold. */
  if (hw_rules_get_revision (request->rules) != channel->revision ||
      request->now >= channel->pages_until)
    {
      g_hash_table_remove_all (channel->pages);
      channel->pages_bytes = 0;
      if (!hw_store_next_validity_change (store, request->now, &channel->pages_until, &error))
        {
          channel->pages_until = G_MININT64;
          hw_server_problem_from_error (msg, error);
          return FALSE;
        }
    }

  if (hw_rules_get_revision (request->rules) != channel->revision)
    {
      g_hash_table_remove_all (channel->products);
      g_hash_table_remove_all (channel->users);
      channel->revision = hw_rules_get_revision (request->rules);
    }

  request->user = cached_get (store, channel->users, &hw_user_type,
                              request->principal->user_id, &error);
  if (request->user == NULL)
    {
      hw_server_problem_from_error (msg, error);
      return FALSE;
    }

  return TRUE;
}

static const CachedProduct *
get_cached_product (HwChannel   *channel,
                    const char  *product_id,
                    GError     **error)
{
  HwStore *store = hw_server_get_store (channel->server);
  CachedProduct *cached = g_hash_table_lookup (channel->products, product_id);
  GString *head;

  if (cached != NULL)
    return cached;

  cached = g_new0 (CachedProduct, 1);
  if (!(cached->product = hw_store_get (store, &hw_product_type, product_id, error)))
    {
      g_free (cached);
      return NULL;
    }

  head = g_string_sized_new (512);
  hw_channel_write_product_head (head, cached->product);
  cached->head_length = head->len;
  cached->head = g_string_free (head, FALSE);

  if (g_hash_table_size (channel->products) >= PRODUCT_CACHE_MAX)
    g_hash_table_remove_all (channel->products);
  g_hash_table_insert (channel->products, HW_ENTITY (cached->product)->id, cached);

  return cached;
}

const HwProduct *
hw_channel_get_product (HwChannel         *channel,
                        HwChannelRequest  *request,
                        const char        *product_id,
                        GError           **error)
{
  const CachedProduct *cached = get_cached_product (channel, product_id, error);

  return cached != NULL ? cached->product : NULL;
}

/**
 * hw_channel_is_visible:
 * @out_visible: (out): whether the caller may see @product_id; %FALSE for a product
 *   that does not exist
 *
 * Returns: %FALSE only when the engine failed
 */
gboolean
hw_channel_is_visible (HwChannelRequest  *request,
                       const char        *product_id,
                       gboolean          *out_visible,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  *out_visible = FALSE;
  if (hw_rules_visible (request->rules, request->principal->user_id, product_id,
                        request->now, out_visible, NULL, &local_error))
    return TRUE;

  if (g_error_matches (local_error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* The one answer for a product (or order) that is missing or not the caller's to see. */
void
hw_channel_respond_not_found (SoupServerMessage *msg,
                              const char        *what)
{
  g_autofree char *detail = g_strdup_printf ("There is no %s with this id.", what);

  hw_server_problem (msg, SOUP_STATUS_NOT_FOUND, detail);
}

/* Handlers */

/* Answers 422 naming the first parameter of @params that is not one of @known. */
static gboolean
check_params (SoupServerMessage  *msg,
              GHashTable         *params,
              const char * const *known)
{
  GHashTableIter iter;
  const char *name;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    if (!g_strv_contains (known, name))
      {
        _hw_server_respond_field_problem (msg, name, "is not a parameter of this endpoint");
        return FALSE;
      }

  return TRUE;
}

/* Searches */

/* A search reads the names of every product the user may see: about a third of a second
 * at a million. It runs in a worker thread on the snapshot (immutable, so safe there),
 * the request waiting paused meanwhile, so the server goes on answering everything else;
 * then the handler runs again and finds the page on the request. */

#define SEARCHED_KEY "hw-channel-searched"

typedef struct
{
  HwRules        *rules;      /* the page's ids belong to it */
  char           *key;        /* the page cache's key of the request */
  char           *user_id;
  gint64          now;
  char           *category_id;
  char           *search;
  char           *after;
  guint           limit;
  HwVisiblePage  *page;       /* the result, */
  GError         *error;      /* or why there is none */
} Searched;

typedef struct
{
  ChannelRef        *ref;
  SoupServerMessage *msg;
  GHashTable        *params;
  Searched          *searched;  /* the worker's until it is done */
} SearchWait;

static void handle_products (SoupServerMessage *msg,
                             GHashTable        *route_params,
                             gpointer           user_data);

static void
searched_free (gpointer data)
{
  Searched *searched = data;

  if (searched == NULL)
    return;

  g_clear_pointer (&searched->page, hw_visible_page_free);
  g_clear_pointer (&searched->rules, hw_rules_unref);
  g_clear_error (&searched->error);
  g_free (searched->key);
  g_free (searched->user_id);
  g_free (searched->category_id);
  g_free (searched->search);
  g_free (searched->after);
  g_free (searched);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Searched, searched_free)

static void
search_wait_free (SearchWait *wait)
{
  searched_free (wait->searched);
  channel_ref_unref (wait->ref);
  g_object_unref (wait->msg);
  g_hash_table_unref (wait->params);
  g_free (wait);
}

static void
search_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Searched *searched = task_data;
  HwVisibleQuery query = {
    .category_id = searched->category_id,
    .search = searched->search,
    .after = searched->after,
    .limit = searched->limit,
  };

  searched->page = hw_rules_visible_page (searched->rules, searched->user_id, searched->now,
                                          &query, &searched->error);
  g_task_return_boolean (task, TRUE);
}

/* Back on the main thread: the handler runs again with the page on the request. */
static void
search_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SearchWait *wait = user_data;
  HwChannel *channel = wait->ref->channel;

  if (channel != NULL)
    {
      g_object_set_data_full (G_OBJECT (wait->msg), SEARCHED_KEY,
                              g_steal_pointer (&wait->searched), searched_free);

      channel->rerunning = wait->msg;
      channel->requeued = FALSE;
      handle_products (wait->msg, wait->params, channel);
      channel->rerunning = NULL;
      if (!channel->requeued)
        soup_server_message_unpause (wait->msg);
    }

  search_wait_free (wait);
}

static void
start_search (HwChannel            *channel,
              SoupServerMessage    *msg,
              GHashTable           *params,
              HwChannelRequest     *request,
              const HwVisibleQuery *query,
              const char           *key)
{
  g_autoptr(GTask) task = NULL;
  Searched *searched = g_new0 (Searched, 1);
  SearchWait *wait = g_new0 (SearchWait, 1);

  searched->rules = hw_rules_ref (request->rules);
  searched->key = g_strdup (key);
  searched->user_id = g_strdup (request->principal->user_id);
  searched->now = request->now;
  searched->category_id = g_strdup (query->category_id);
  searched->search = g_strdup (query->search);
  searched->after = g_strdup (query->after);
  searched->limit = query->limit;

  wait->ref = channel_ref_ref (channel->self_ref);
  wait->msg = g_object_ref (msg);
  wait->params = g_hash_table_ref (params);
  wait->searched = searched;

  if (msg == channel->rerunning)
    channel->requeued = TRUE;
  else
    soup_server_message_pause (msg);

  task = g_task_new (NULL, NULL, search_done_cb, wait);
  g_task_set_source_tag (task, start_search);
  g_task_set_task_data (task, searched, NULL);
  g_task_run_in_thread (task, search_in_thread);
}

static void
handle_products (SoupServerMessage *msg,
                 GHashTable        *route_params,
                 gpointer           user_data)
{
  static const char * const known[] = { "category", "q", "cursor", "limit", NULL };
  HwChannel *channel = user_data;
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(HwVisiblePage) page = NULL;
  g_autoptr(Searched) searched = NULL;
  g_autoptr(GError) error = NULL;
  HwVisibleQuery query = { NULL, NULL, NULL, PAGE_DEFAULT_LIMIT };
  gboolean keep = TRUE;
  const char *query_text = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autofree char *key = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *limit_text;
  GBytes *kept;
  GString *out;

  if (!hw_channel_request_begin (channel, msg, handle_products, route_params, &request))
    return;

  /* A page is the same for the same user and query until the revision moves or a
   * validity window opens or closes (hw_channel_request_begin() empties the cache then):
   * answered again as it was. Only good answers are kept. */
  key = g_strconcat (request.principal->user_id, "?", query_text != NULL ? query_text : "",
                     NULL);
  if ((kept = g_hash_table_lookup (channel->pages, key)) != NULL)
    {
      hw_server_respond_json_bytes (msg, SOUP_STATUS_OK, kept);
      return;
    }

  if (!(params = _hw_server_query_params (msg)) || !check_params (msg, params, known))
    return;

  if ((limit_text = g_hash_table_lookup (params, "limit")) != NULL)
    {
      guint64 limit;

      if (!_hw_server_parse_count (msg, "limit", limit_text, &limit))
        return;
      query.limit = (guint) MIN (limit, PAGE_MAX_LIMIT);
    }
  query.category_id = g_hash_table_lookup (params, "category");
  query.search = g_hash_table_lookup (params, "q");
  query.after = g_hash_table_lookup (params, "cursor");

  /* A cursor is the last product of a page this user saw: one the user cannot see is
   * refused like one that does not exist, so a cursor tells nothing about others'
   * assortments. */
  if (query.after != NULL)
    {
      gboolean visible;

      if (!hw_channel_is_visible (&request, query.after, &visible, &error))
        {
          hw_server_problem_from_error (msg, error);
          return;
        }
      if (!visible)
        {
          _hw_server_respond_field_problem (msg, "cursor", "is not a cursor of this list");
          return;
        }
    }

  /* A search runs in a worker; the page it found is on the request when this runs again
   * (for the snapshot of that moment: a page of a newer one is not worth a second wait,
   * but is not kept for others either). */
  if (query.search != NULL && query.search[0] != '\0' && channel->path != NULL)
    {
      searched = g_object_steal_data (G_OBJECT (msg), SEARCHED_KEY);
      if (searched == NULL || !g_str_equal (searched->key, key))
        {
          start_search (channel, msg, route_params, &request, &query, key);
          return;
        }
      page = g_steal_pointer (&searched->page);
      error = g_steal_pointer (&searched->error);
      keep = hw_rules_get_revision (searched->rules) == hw_rules_get_revision (request.rules);
    }
  else
    {
      page = hw_rules_visible_page (request.rules, request.principal->user_id, request.now,
                                    &query, &error);
    }

  if (page == NULL)
    {
      if (g_error_matches (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND))
        _hw_server_respond_field_problem (msg, "category", "is not a category");
      else
        hw_server_problem_from_error (msg, error);
      return;
    }

  out = g_string_sized_new (512 + page->ids->len * 512);
  g_string_append (out, "{\"items\":[");
  for (guint i = 0; i < page->ids->len; i++)
    {
      const CachedProduct *cached;

      cached = get_cached_product (channel, g_ptr_array_index (page->ids, i), &error);
      if (cached == NULL ||
          !hw_channel_write_product (out, &request, cached->product, cached->head,
                                     cached->head_length, &error))
        {
          g_string_free (out, TRUE);
          hw_server_problem_from_error (msg, error);
          return;
        }
      if (i + 1 < page->ids->len)
        g_string_append_c (out, ',');
    }
  g_string_append (out, "],");
  hw_channel_write_string_member (out, "next_cursor", page->next_after);
  hw_channel_write_key (out, "total");
  hw_channel_write_int (out, page->total);
  g_string_append_c (out, '}');

  bytes = g_string_free_to_bytes (out);
  if (!keep)
    {
      hw_server_respond_json_bytes (msg, SOUP_STATUS_OK, bytes);
      return;
    }
  if (channel->pages_bytes + g_bytes_get_size (bytes) > PAGE_CACHE_MAX_BYTES)
    {
      g_hash_table_remove_all (channel->pages);
      channel->pages_bytes = 0;
    }
  channel->pages_bytes += g_bytes_get_size (bytes);
  g_hash_table_replace (channel->pages, g_steal_pointer (&key), g_bytes_ref (bytes));
  hw_server_respond_json_bytes (msg, SOUP_STATUS_OK, bytes);
}

/* The product @id if the caller may see it; else answers 404 and returns NULL. */
static const HwProduct *
visible_product (HwChannel         *channel,
                 HwChannelRequest  *request,
                 SoupServerMessage *msg,
                 const char        *id)
{
  g_autoptr(GError) error = NULL;
  const HwProduct *product;
  gboolean visible;

  if (id == NULL || !hw_channel_is_visible (request, id, &visible, &error))
    {
      if (error != NULL)
        hw_server_problem_from_error (msg, error);
      else
        hw_channel_respond_not_found (msg, "product");
      return NULL;
    }

  if (!visible)
    {
      hw_channel_respond_not_found (msg, "product");
      return NULL;
    }

  if (!(product = hw_channel_get_product (channel, request, id, &error)))
    {
      hw_server_problem_from_error (msg, error);
      return NULL;
    }

  return product;
}

static void
handle_product (SoupServerMessage *msg,
                GHashTable        *route_params,
                gpointer           user_data)
{
  HwChannel *channel = user_data;
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(GError) error = NULL;
  const CachedProduct *cached;
  GString *out;

  if (!hw_channel_request_begin (channel, msg, handle_product, route_params, &request))
    return;
  if (!visible_product (channel, &request, msg, g_hash_table_lookup (route_params, "id")))
    return;

  /* Cached by visible_product(). */
  cached = g_hash_table_lookup (channel->products, g_hash_table_lookup (route_params, "id"));
  out = g_string_sized_new (1024);
  if (!hw_channel_write_product (out, &request, cached->product, cached->head,
                                 cached->head_length, &error))
    {
      g_string_free (out, TRUE);
      hw_server_problem_from_error (msg, error);
      return;
    }

  hw_server_respond_json_text (msg, SOUP_STATUS_OK, out);
}

static void
handle_price (SoupServerMessage *msg,
              GHashTable        *route_params,
              gpointer           user_data)
{
  static const char * const known[] = { "product", "qty", NULL };
  HwChannel *channel = user_data;
  g_auto(HwChannelRequest) request = { 0, };
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  const HwProduct *product;
  const char *product_id;
  const char *qty_text;
  HwPriceResult price;
  guint64 qty = 0;
  GString *out;

  if (!hw_channel_request_begin (channel, msg, handle_price, route_params, &request))
    return;
  if (!(params = _hw_server_query_params (msg)) || !check_params (msg, params, known))
    return;

  if ((product_id = g_hash_table_lookup (params, "product")) == NULL || product_id[0] == '\0')
    {
      _hw_server_respond_field_problem (msg, "product", "is required");
      return;
    }
  if ((qty_text = g_hash_table_lookup (params, "qty")) != NULL &&
      !_hw_server_parse_count (msg, "qty", qty_text, &qty))
    return;

  if (!request.user->show_prices)
    {
      hw_server_problem (msg, SOUP_STATUS_FORBIDDEN,
                         "Prices are not shown to this user; ask your account's "
                         "administrator.");
      return;
    }

  if (!(product = visible_product (channel, &request, msg, product_id)))
    return;
  if (qty == 0)
    qty = (guint64) hw_channel_first_quantity (product);

  if (!hw_rules_price (request.rules, request.principal->account_id, product_id,
                       (gint64) qty, request.now, &price, NULL, &error))
    {
      hw_server_problem_from_error (msg, error);
      return;
    }
  if (price.unit_price > 0 && (gint64) qty > G_MAXINT64 / price.unit_price)
    {
      _hw_server_respond_field_problem (msg, "qty", "is too large");
      return;
    }

  out = g_string_sized_new (256);
  g_string_append_c (out, '{');
  hw_channel_write_string_member (out, "product_id", product_id);
  hw_channel_write_int_member (out, "quantity", (gint64) qty);
  hw_channel_write_int_member (out, "unit_price", price.unit_price);
  hw_channel_write_int_member (out, "list_price", price.list_price);
  hw_channel_write_int_member (out, "discount_bp", price.discount_bp);
  hw_channel_write_int_member (out, "line_total", price.unit_price * (gint64) qty);
  hw_channel_write_string_member (out, "currency", price.currency);
  g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '}');

  hw_server_respond_json_text (msg, SOUP_STATUS_OK, out);
}

/**
 * _hw_server_channel_add_routes:
 * @server: the server the routes answer for; it keeps their data
 * @router: its router
 *
 * Adds the channel API's catalogue and orders to @router (its sessions are
 * hw-server-channel-auth.c's).
 */
void
_hw_server_channel_add_routes (HwServer       *server,
                               HwServerRouter *router)
{
  HwChannel *channel = channel_new (server);

  g_object_set_data_full (G_OBJECT (server), "hw-server-channel", channel,
                          (GDestroyNotify) channel_free);

  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/products", handle_products, channel);
  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/products/{id}", handle_product,
                        channel);
  hw_server_router_add (router, SOUP_METHOD_GET, "/channel/prices", handle_price, channel);
  _hw_server_channel_orders_add_routes (channel, router);
}
