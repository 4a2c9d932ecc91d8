/* hw-store.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "hw-model.h"
#include "hw-query.h"

G_BEGIN_DECLS

#define HW_TYPE_STORE (hw_store_get_type ())

G_DECLARE_FINAL_TYPE (HwStore, hw_store, HW, STORE, GObject)

typedef enum
{
  HW_STORE_OPEN_DEFAULT  = 0,
  HW_STORE_OPEN_READONLY = 1 << 0, /* a reader connection, e.g. for a worker thread     */
  HW_STORE_OPEN_BULK     = 1 << 1, /* synchronous=NORMAL: seeding and benchmarks only   */
  HW_STORE_OPEN_REPLICA  = 1 << 2, /* the desktop's copy of a server (hw-replica.h):
                                    * SQLite does not enforce foreign keys, as the feed
                                    * may bring a row before the one it refers to; the
                                    * store's own writes check their references instead */
  HW_STORE_OPEN_BACKGROUND = 1 << 3, /* a writer on a worker thread (the server's ERP
                                      * import): before each transaction it lets the
                                      * foreground connections that wait for the write
                                      * lock go first, and its commits leave the WAL
                                      * checkpoint to hw_store_checkpoint() */
  HW_STORE_OPEN_MAPPED   = 1 << 4, /* pages are read through a memory mapping (up to
                                    * 2 GiB): the server's connection, which reads
                                    * pages no cache holds for one product of a million.
                                    * Not for desktops: the mapped pages count in the
                                    * process's memory, and on a network home directory
                                    * a failed read kills the process */
} HwStoreOpenFlags;

typedef gint64 (*HwClockFunc) (gpointer user_data);

/* One change of the feed: an upsert (entity set) or a tombstone (deleted, entity NULL). */
typedef struct
{
  const HwEntityType *type;
  char               *id;
  gint64              rev;
  gboolean            deleted;
  gpointer            entity;
} HwChange;

typedef struct
{
  GPtrArray *changes;  /* HwChange */
  gint64     next;     /* the cursor to ask with next time */
  gboolean   has_more;
} HwChangePage;

HwStore       *hw_store_open                 (const char          *path,
                                              HwStoreOpenFlags     flags,
                                              GError             **error);
const char    *hw_store_get_path             (HwStore             *self);
int            hw_store_get_schema_version   (HwStore             *self);
int            hw_store_latest_schema_version (void);
void           hw_store_set_clock            (HwStore             *self,
                                              HwClockFunc          clock,
                                              gpointer             user_data);
gint64         hw_store_now                  (HwStore             *self);

gboolean       hw_store_begin_read           (HwStore             *self,
                                              GError             **error);
void           hw_store_end_read             (HwStore             *self);
gboolean       hw_store_begin                (HwStore             *self,
                                              GError             **error);
gboolean       hw_store_commit               (HwStore             *self,
                                              GError             **error);
void           hw_store_rollback             (HwStore             *self);

gint64         hw_store_get_revision         (HwStore             *self);
gboolean       hw_store_checkpoint           (HwStore             *self,
                                              guint                min_frames,
                                              GError             **error);
gint64         hw_store_get_tombstone_horizon (HwStore            *self);

gpointer       hw_store_get                  (HwStore             *self,
                                              const HwEntityType  *type,
                                              const char          *id,
                                              GError             **error);
gpointer       hw_store_find_by              (HwStore             *self,
                                              const HwEntityType  *type,
                                              const char          *field,
                                              const char          *value,
                                              GError             **error);
gboolean       hw_store_lookup_by            (HwStore             *self,
                                              const HwEntityType  *type,
                                              const char          *field,
                                              const char          *value,
                                              gpointer            *out_entity,
                                              GError             **error);
gboolean       hw_store_create               (HwStore             *self,
                                              gpointer             entity,
                                              GError             **error);
gboolean       hw_store_update               (HwStore             *self,
                                              gpointer             entity,
                                              gint64               expected_rev,
                                              GError             **error);
gboolean       hw_store_delete               (HwStore             *self,
                                              const HwEntityType  *type,
                                              const char          *id,
                                              gint64               expected_rev,
                                              GError             **error);
HwPage        *hw_store_list                 (HwStore             *self,
                                              const HwEntityType  *type,
                                              const HwQuery       *query,
                                              GError             **error);
gboolean       hw_store_count                (HwStore             *self,
                                              const HwEntityType  *type,
                                              const HwQuery       *query,
                                              gint64              *out_count,
                                              GError             **error);
gboolean       hw_store_count_at_most        (HwStore             *self,
                                              const HwEntityType  *type,
                                              const HwQuery       *query,
                                              guint64              limit,
                                              gint64              *out_count,
                                              GError             **error);
HwPage        *hw_store_list_at              (HwStore             *self,
                                              const HwEntityType  *type,
                                              const HwQuery       *query,
                                              guint64              offset,
                                              GError             **error);
GHashTable    *hw_store_count_products_by_category (HwStore       *self,
                                                    GError       **error);

HwChangePage  *hw_store_changes              (HwStore             *self,
                                              gint64               since,
                                              guint                limit,
                                              GError             **error);
HwChangePage  *hw_store_changes_from         (HwStore             *self,
                                              gint64               since,
                                              gint64               started_at,
                                              guint                limit,
                                              GError             **error);
GHashTable    *hw_store_changed_types        (HwStore             *self,
                                              gint64               since,
                                              GError             **error);
gboolean       hw_store_purge_tombstones     (HwStore             *self,
                                              gint64               before_rev,
                                              GError             **error);
void           hw_change_page_free           (HwChangePage        *page);

gboolean       hw_store_product_completeness (HwStore             *self,
                                              const char          *product_id,
                                              gint64              *out_percent,
                                              GError             **error);
GPtrArray     *hw_store_attribute_product_ids (HwStore            *self,
                                              const char          *attribute_id,
                                              GError             **error);
char          *hw_store_content_checksum     (HwStore             *self,
                                              GError             **error);
gboolean       hw_store_check_integrity      (HwStore             *self,
                                              GError             **error);

/* Typed wrappers over the generic calls above, one set per entity type:
 *   HwProduct *hw_store_get_product    (HwStore *, const char *id, GError **);
 *   gboolean   hw_store_create_product (HwStore *, HwProduct *, GError **);
 *   gboolean   hw_store_update_product (HwStore *, HwProduct *, gint64 expected_rev, GError **);
 *   gboolean   hw_store_delete_product (HwStore *, const char *id, gint64 expected_rev, GError **);
 *   HwPage    *hw_store_list_products  (HwStore *, const HwQuery *, GError **);
 * expected_rev -1 skips the revision check. */
#define HW_STORE_DECLARE_ENTITY(Type, name, plural)                                       \
  Type     *hw_store_get_##name    (HwStore *self, const char *id, GError **error);       \
  gboolean  hw_store_create_##name (HwStore *self, Type *entity, GError **error);          \
  gboolean  hw_store_update_##name (HwStore *self, Type *entity, gint64 expected_rev,      \
                                    GError **error);                                       \
  gboolean  hw_store_delete_##name (HwStore *self, const char *id, gint64 expected_rev,    \
                                    GError **error);                                       \
  HwPage   *hw_store_list_##plural (HwStore *self, const HwQuery *query, GError **error);

HW_STORE_DECLARE_ENTITY (HwCategory, category, categories)
HW_STORE_DECLARE_ENTITY (HwAttribute, attribute, attributes)
HW_STORE_DECLARE_ENTITY (HwProduct, product, products)
HW_STORE_DECLARE_ENTITY (HwProductRelation, product_relation, product_relations)
HW_STORE_DECLARE_ENTITY (HwCatalogue, catalogue, catalogues)
HW_STORE_DECLARE_ENTITY (HwAccount, account, accounts)
HW_STORE_DECLARE_ENTITY (HwUser, user, users)
HW_STORE_DECLARE_ENTITY (HwVisibilityRule, visibility_rule, visibility_rules)
HW_STORE_DECLARE_ENTITY (HwPriceList, price_list, price_lists)
HW_STORE_DECLARE_ENTITY (HwPrice, price, prices)
HW_STORE_DECLARE_ENTITY (HwPriceAgreement, price_agreement, price_agreements)
HW_STORE_DECLARE_ENTITY (HwDiscountRule, discount_rule, discount_rules)
HW_STORE_DECLARE_ENTITY (HwOrder, order, orders)
HW_STORE_DECLARE_ENTITY (HwIntegration, integration, integrations)
HW_STORE_DECLARE_ENTITY (HwIntegrationRun, integration_run, integration_runs)
HW_STORE_DECLARE_ENTITY (HwAuditEntry, audit_entry, audit_entries)
HW_STORE_DECLARE_ENTITY (HwStaffUser, staff_user, staff_users)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwChangePage, hw_change_page_free)

G_END_DECLS
