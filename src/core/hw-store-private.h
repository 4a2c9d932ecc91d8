/* hw-store-private.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "hw-core-error.h"
#include "hw-outbox.h"
#include "hw-store.h"

G_BEGIN_DECLS

/* HwStore is split over hw-store.c (object, transactions, reads), hw-store-lock.c
 * (waiting for the write lock, a background writer's checkpoint), hw-store-write.c
 * (create, update, delete), hw-store-rows.c (SQL and rows from the field descriptions),
 * hw-store-list.c (lists and search), hw-store-feed.c (changes feed, checksums),
 * hw-store-search.c (full-text index), hw-store-checks.c (validation that needs the
 * database), hw-store-tokens.c (server-side auth tokens, hw-auth-store.h),
 * hw-store-idempotency.c (stored answers to creates, hw-idempotency-store.h),
 * hw-store-replica.c (the desktop's copy: applying the changes feed, hw-replica.h),
 * hw-store-outbox.c (local edits and their outbox, hw-outbox.h) and
 * hw-store-schema.c (migrations). */
struct _HwStore
{
  GObject      parent_instance;

  sqlite3     *db;
  char        *path;
  GHashTable  *statements;     /* SQL text → sqlite3_stmt, owned */
  GHashTable  *type_sql;       /* HwEntityType → HwTypeSql, owned */

  HwClockFunc  clock;
  gpointer     clock_data;

  guint        depth;          /* open transactions and savepoints */
  gint64       revision;       /* the last revision handed out, valid while depth > 0 */
  gint64       seen_revision;  /* the revision of our last read or commit */
  gint64       seen_generation; /* a replica's local_generation at our last begin */
  guint        poisoned_at;    /* depth at which a write failed halfway, 0 if none */
  GArray      *savepoint_revisions; /* gint64: the revision as each open savepoint began */
  gint64       search_mark;    /* products above this seq are indexed at commit */
  gint64       pinned_rev;     /* the rev local edits write, while rev_pinned */

  guint        reading        : 1; /* hw_store_begin_read (): a read transaction is open */
  guint        revision_dirty : 1;
  guint        search_pending : 1;
  guint        replica        : 1; /* HW_STORE_OPEN_REPLICA: foreign keys not enforced */
  guint        rev_pinned     : 1; /* writes keep pinned_rev, bump no revision, leave no
                                    * tombstone: local edits of the desktop's copy */
  guint        background     : 1; /* HW_STORE_OPEN_BACKGROUND */
  guint        acquiring      : 1; /* BEGIN IMMEDIATE is running: a busy wait is counted */
  guint        busy_counted   : 1; /* … and this store is counted as waiting */
  gint64       busy_since;     /* µs, monotonic: when the current busy wait began */
  int          wal_frames;     /* a background connection's: frames in the WAL */
};

typedef struct
{
  char *select;      /* SELECT columns FROM table                       */
  char *by_id;       /* … WHERE id = ?                                  */
  char *insert;
  char *update;
  char *remove;
  char *rev_of;      /* SELECT rev FROM table WHERE id = ?              */
} HwTypeSql;

/* hw-store.c */
gboolean         _hw_store_exec             (HwStore             *self,
                                             const char          *sql,
                                             GError             **error);
gboolean         _hw_store_query_int64      (HwStore             *self,
                                             const char          *sql,
                                             const char          *param,
                                             gint64              *out_value,
                                             GError             **error);
gboolean         _hw_store_read_meta        (HwStore             *self,
                                             const char          *key,
                                             gint64              *out_value,
                                             GError             **error);
gboolean         _hw_store_write_meta       (HwStore             *self,
                                             const char          *key,
                                             gint64               value,
                                             GError             **error);
gpointer         _hw_store_load             (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             gboolean             with_children,
                                             GError             **error);
gboolean         _hw_store_exists           (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             GError             **error);
sqlite3         *_hw_store_get_db           (HwStore             *self);
sqlite3_stmt    *_hw_store_prepare          (HwStore             *self,
                                             const char          *sql,
                                             GError             **error);
gboolean         _hw_store_set_db_error     (HwStore             *self,
                                             int                  rc,
                                             GError             **error);
/* Opens without migrating past @max_version; for migration tests. */
HwStore         *_hw_store_open_at_version  (const char          *path,
                                             int                  max_version,
                                             GError             **error);

/* hw-store-lock.c: waiting for the write lock (all connections), the WAL checkpoint of a
 * background writer */
void             _hw_store_lock_init        (HwStore             *self);
void             _hw_store_lock_init_background (HwStore         *self);
gboolean         _hw_store_begin_immediate  (HwStore             *self,
                                             GError             **error);
/* The foreground connections of this process waiting for the write lock; for tests. */
int              _hw_store_foreground_waiting (void);

/* hw-store-rows.c */
void             _hw_store_append_columns   (GString             *sql,
                                             const HwFieldSpec   *fields,
                                             guint                n_fields,
                                             gboolean             with_entity_columns);
const HwTypeSql *_hw_store_type_sql         (HwStore             *self,
                                             const HwEntityType  *type);
void             _hw_store_bind_fields      (sqlite3_stmt        *stmt,
                                             int                  first,
                                             const HwFieldSpec   *fields,
                                             guint                n_fields,
                                             gconstpointer        record);
gpointer         _hw_store_read_entity      (sqlite3_stmt        *stmt,
                                             const HwEntityType  *type,
                                             gboolean             with_children);
char           **_hw_strv_from_json         (const char          *text);
void             _hw_store_bind_text_or_null (sqlite3_stmt       *stmt,
                                              int                 index,
                                              const char         *value);
char            *_hw_store_column_text      (sqlite3_stmt        *stmt,
                                             int                  column);

/* hw-store-schema.c */
gboolean         _hw_store_schema_version   (sqlite3             *db,
                                             int                 *out_version,
                                             GError             **error);
gboolean         _hw_store_migrate          (sqlite3             *db,
                                             int                  target,
                                             GError             **error);

/* hw-store-search.c */
gboolean         _hw_store_search_begin     (HwStore             *self,
                                             GError             **error);
gboolean         _hw_store_search_flush     (HwStore             *self,
                                             GError             **error);
gboolean         _hw_store_search_seq       (HwStore             *self,
                                             const char          *product_id,
                                             gint64              *out_seq,
                                             GError             **error);
gboolean         _hw_store_search_replace   (HwStore             *self,
                                             gint64               seq,
                                             const HwProduct     *previous,
                                             const HwProduct     *product,
                                             GError             **error);

/* hw-store-write.c */
gboolean         _hw_store_check_not_referenced (HwStore             *self,
                                                 const HwEntityType  *type,
                                                 const char          *id,
                                                 GError             **error);

/* hw-store-replica.c: rows exactly as the server sent them (rev, updated_at, computed
 * fields), no validation, the search index kept in step. */
gboolean         _hw_store_replica_put      (HwStore             *self,
                                             gconstpointer        entity,
                                             GError             **error);
gboolean         _hw_store_replica_remove   (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             GError             **error);
/* Attribute definitions changed without a new revision (local edits, outbox answers):
 * completeness is recomputed and other connections drop their cached definitions. */
gboolean         _hw_store_replica_attributes_changed (HwStore   *self,
                                                       gboolean   recompute,
                                                       GError   **error);
/* hw-store-replica.c: what a pull needs of the outbox */
gboolean         _hw_store_outbox_is_empty  (HwStore             *self,
                                             gboolean            *out_empty,
                                             GError             **error);
gboolean         _hw_store_outbox_has_ops   (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             gboolean            *out_has,
                                             GError             **error);
/* A pull met an entity with unsettled ops: remember the server's version on them. */
gboolean         _hw_store_outbox_note_server (HwStore             *self,
                                               const HwEntityType  *type,
                                               const char          *id,
                                               gint64               rev,
                                               gconstpointer        entity,
                                               GError             **error);
/* A pulled row took a unique value a local edit holds: the edit is rejected. */
gboolean         _hw_store_outbox_reject_entity (HwStore             *self,
                                                 const HwEntityType  *type,
                                                 const char          *id,
                                                 const char          *message,
                                                 GError             **error);

/* hw-store-outbox.c; ops are HwOutboxOp of hw-outbox.h */
#define HW_OUTBOX_STATE_BIT(state) (1u << (state))

/* The page size of the server's snapshots and of new replicas (hw-store-snapshot.c). */
#define HW_STORE_SNAPSHOT_PAGE_SIZE 16384
HwOutboxOp      *_hw_store_outbox_op_in_state (HwStore             *self,
                                               const char          *op_id,
                                               guint                allowed,
                                               GError             **error);
gboolean         _hw_store_outbox_run       (HwStore             *self,
                                             sqlite3_stmt        *stmt,
                                             GError             **error);
gboolean         _hw_store_outbox_delete_op (HwStore             *self,
                                             gint64               seq,
                                             GError             **error);
char            *_hw_store_outbox_row_json  (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             GError             **error);
/* An update validated like hw_store_update() that keeps @rev on the row. */
gboolean         _hw_store_outbox_pinned_update (HwStore             *self,
                                                 gint64               rev,
                                                 gpointer             entity,
                                                 GError             **error);
/* Binds an outbox row's entity key (id, type) to parameters @first and @first + 1. */
void             _hw_store_outbox_bind_entity_key (sqlite3_stmt        *stmt,
                                                   int                  first,
                                                   const HwEntityType  *type,
                                                   const char          *id);

/* hw-store-checks.c: what validation needs the database for, and computed fields.
 * @previous is the stored version on update, NULL on create. */
gboolean         _hw_store_check_entity     (HwStore             *self,
                                             gpointer             entity,
                                             gconstpointer        previous,
                                             GError             **error);
gboolean         _hw_store_check_delete     (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             GError             **error);
gboolean         _hw_store_after_write      (HwStore             *self,
                                             gconstpointer        entity,
                                             GError             **error);
gboolean         _hw_store_recompute_completeness (HwStore       *self,
                                                   GError       **error);
void             _hw_store_invalidate_attributes  (HwStore       *self);

G_END_DECLS
