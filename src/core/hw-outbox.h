/* hw-outbox.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-replica.h"

G_BEGIN_DECLS

/* Local edits of a replica (hw-replica.h) and their outbox.
 *
 * A local edit is one transaction that validates and writes the row exactly like
 * hw_store_create/update/delete (same errors, naming the field) and appends or updates
 * its outbox entry (an "op"). Either both are there after a crash, or neither.
 *
 * The rev of a locally edited row: the row keeps the server rev its edit was made on
 * (0 for a row created locally and not yet acknowledged). So the rev an app reads is
 * always the right If-Match for the next push, and hw_store_local_update() takes it as
 * expected_rev like hw_store_update() does. The outbox holds the truth of what is
 * unsynced; a row is locally edited exactly while it has ops (hw_store_outbox_find()).
 *
 * States of an op:
 *   PENDING   not sent yet: a further edit of the entity rewrites it (coalescing)
 *   SENT      sent at least once, answer unknown: never rewritten (the server may have
 *             committed it); resent as is, with the same op_id as Idempotency-Key
 *   CONFLICT  the server answered 412: theirs holds its version; resolve it
 *   REJECTED  the server refused it (4xx): last_error holds its message; revert or
 *             edit again
 *
 * Coalescing, when the entity's latest op is PENDING, CONFLICT or REJECTED:
 *   create + update  → one create with the new values
 *   update + update  → one update keeping the first base (base and base_rev)
 *   create + delete  → the create was never acknowledged: the op and the row vanish
 *   update + delete  → one delete with the update's base
 *   delete + create  → refused: the id exists or existed (%HW_CORE_ERROR_DUPLICATE)
 * A REJECTED op that is edited again becomes PENDING (the edit may fix it); a CONFLICT
 * op stays CONFLICT with the new values as mine. Both were sent once, so the rewritten
 * op gets a new op_id: an Idempotency-Key never carries two payloads. When the latest
 * op is SENT, a new op is appended after it; when the SENT op completes, the ops after
 * it are rebased onto the server's answer (base and base_rev).
 *
 * Pulls do not overwrite rows with ops (hw_store_apply_changes()); they record the
 * server's newer version on the ops (server_rev), and settling an op (complete, take
 * theirs, revert) puts the newest server version known into the row. */

typedef enum
{
  HW_OUTBOX_CREATE,
  HW_OUTBOX_UPDATE,
  HW_OUTBOX_DELETE,
} HwOutboxKind;

typedef enum
{
  HW_OUTBOX_PENDING,
  HW_OUTBOX_SENT,
  HW_OUTBOX_CONFLICT,
  HW_OUTBOX_REJECTED,
} HwOutboxState;

typedef struct
{
  gint64               seq;         /* push order, the keyset of the lists */
  char                *op_id;       /* UUID, also the Idempotency-Key */
  const HwEntityType  *type;
  char                *entity_id;
  HwOutboxKind         kind;
  HwOutboxState        state;
  gint64               base_rev;    /* the server rev the edit was made on: If-Match; 0 for
                                     * a create */
  char                *base_json;   /* the entity before the edit; NULL for a create */
  char                *mine_json;   /* the entity after it; NULL for a delete */
  gint64               theirs_rev;  /* CONFLICT: the server's rev, 0 when it deleted it */
  char                *theirs_json; /* CONFLICT: the server's version, NULL if deleted */
  gint64               server_rev;  /* newest server rev a pull met meanwhile, 0 if none */
  gint64               attempts;    /* times sent */
  char                *last_error;  /* the server's message (REJECTED) or the last failure */
  gint64               created_at;  /* µs */
} HwOutboxOp;

typedef struct
{
  gint64 pending;
  gint64 sent;
  gint64 conflicts;
  gint64 rejected;
} HwOutboxCounts;

typedef enum
{
  HW_RESOLVE_KEEP_MINE,   /* push mine again, on top of theirs                */
  HW_RESOLVE_TAKE_THEIRS, /* drop mine: the row becomes theirs                 */
  HW_RESOLVE_MERGED,      /* push a merged entity (e.g. from hw_outbox_merge) */
} HwResolution;

typedef enum
{
  HW_DIFF_MINE,           /* only mine changed the field                       */
  HW_DIFF_THEIRS,         /* only theirs changed it                            */
  HW_DIFF_BOTH_SAME,      /* both changed it to the same value                 */
  HW_DIFF_CONFLICT,       /* both changed it, differently: the user decides    */
} HwDiffKind;

typedef struct
{
  const char *field;      /* the field's name, static */
  HwDiffKind  kind;
} HwFieldDiff;

/* Local edits: like hw_store_create/update/delete, plus the outbox entry. The entity's
 * id is made when unset; on success its rev (the base server rev, 0 for a create) and
 * updated_at are set. */
gboolean        hw_store_local_create       (HwStore             *self,
                                             gpointer             entity,
                                             GError             **error);
gboolean        hw_store_local_update       (HwStore             *self,
                                             gpointer             entity,
                                             gint64               expected_rev,
                                             GError             **error);
gboolean        hw_store_local_delete       (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *id,
                                             gint64               expected_rev,
                                             GError             **error);

/* Reading the outbox. Ops are returned as new HwOutboxOp (free with hw_outbox_op_free).
 * list_ready: the ops to push now, in push order: PENDING or SENT ops that are the
 * earliest op of their entity (a later op of an entity waits for the earlier one). Page
 * with @after_seq (0 to start, then the last seq seen); after a pass, start again at 0.
 * list: every op in @state, in push order, for the UI. */
GPtrArray      *hw_store_outbox_list_ready  (HwStore             *self,
                                             gint64               after_seq,
                                             guint                limit,
                                             GError             **error);
GPtrArray      *hw_store_outbox_list        (HwStore             *self,
                                             HwOutboxState        state,
                                             gint64               after_seq,
                                             guint                limit,
                                             GError             **error);
HwOutboxOp     *hw_store_outbox_get         (HwStore             *self,
                                             const char          *op_id,
                                             GError             **error);
HwOutboxOp     *hw_store_outbox_find        (HwStore             *self,
                                             const HwEntityType  *type,
                                             const char          *entity_id,
                                             GError             **error);
gboolean        hw_store_outbox_count       (HwStore             *self,
                                             HwOutboxCounts      *out_counts,
                                             GError             **error);

/* The engine's answers. Each is one transaction; an op in the wrong state gives
 * %HW_CORE_ERROR_STALE, an unknown op_id %HW_CORE_ERROR_NOT_FOUND.
 * mark_sent: PENDING or SENT → SENT, attempts + 1.
 * mark_failed: a retryable failure (network, 5xx, 429): records @message, state stays.
 * complete: a 2xx; @server_entity is the server's representation (NULL for a delete):
 *   it goes into the row with its server rev (unless a pull met a newer one, or later
 *   ops of the entity exist, which are rebased onto it) and the op goes.
 * mark_conflict: a 412; @theirs is the server's current entity, NULL if it deleted it.
 * mark_rejected: a 4xx refusal, with the server's @message.
 * revert: drops a PENDING, CONFLICT or REJECTED op and the later ops of its entity,
 *   and puts the newest server version known back into the row (for a create the
 *   server never had, removes the row).
 * resolve: a CONFLICT op. KEEP_MINE and MERGED make it a new PENDING op (a new op_id)
 *   whose base is theirs (base_rev = theirs_rev); MERGED first validates and writes
 *   @merged like an update (and fails like one). TAKE_THEIRS puts theirs into the row
 *   and drops the op. KEEP_MINE and MERGED fail with %HW_CORE_ERROR_INVALID when the
 *   server deleted the entity. */
gboolean        hw_store_outbox_mark_sent   (HwStore             *self,
                                             const char          *op_id,
                                             GError             **error);
gboolean        hw_store_outbox_mark_failed (HwStore             *self,
                                             const char          *op_id,
                                             const char          *message,
                                             GError             **error);
gboolean        hw_store_outbox_complete    (HwStore             *self,
                                             const char          *op_id,
                                             gconstpointer        server_entity,
                                             GError             **error);
gboolean        hw_store_outbox_mark_conflict (HwStore           *self,
                                               const char        *op_id,
                                               gconstpointer      theirs,
                                               GError           **error);
gboolean        hw_store_outbox_mark_rejected (HwStore           *self,
                                               const char        *op_id,
                                               const char        *message,
                                               GError           **error);
gboolean        hw_store_outbox_revert      (HwStore             *self,
                                             const char          *op_id,
                                             GError             **error);
gboolean        hw_store_outbox_resolve     (HwStore             *self,
                                             const char          *op_id,
                                             HwResolution         resolution,
                                             gpointer             merged,
                                             GError             **error);

void            hw_outbox_op_free           (HwOutboxOp          *op);
const char     *hw_outbox_kind_to_string    (HwOutboxKind         kind);
const char     *hw_outbox_state_to_string   (HwOutboxState        state);

/* Per-field three-way diff of entity JSON (as hw_entity_to_json_string writes it) over
 * the fields of @type that are neither computed nor secret; mine and theirs are both
 * set (a conflict of a delete, or with a deletion, has no fields to compare). Lists the
 * fields that mine or theirs changed from base (a NULL base: every field where they
 * differ), in field order; HwFieldDiff.
 * merge: mine, with every field only theirs changed taken from theirs, and the fields
 * named in @take_theirs too (conflicts the user gave to theirs). Its rev is theirs'. */
GPtrArray      *hw_outbox_diff              (const HwEntityType  *type,
                                             const char          *base_json,
                                             const char          *mine_json,
                                             const char          *theirs_json,
                                             GError             **error);
gpointer        hw_outbox_merge             (const HwEntityType  *type,
                                             const char          *base_json,
                                             const char          *mine_json,
                                             const char          *theirs_json,
                                             const char * const  *take_theirs,
                                             GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwOutboxOp, hw_outbox_op_free)

G_END_DECLS
