/* hw-entity.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An int64 field that holds no value (an open validity window, no maximum quantity). */
#define HW_NONE G_MININT64

typedef struct _HwEntityType HwEntityType;
typedef struct _HwChildType  HwChildType;
typedef struct _HwFieldSpec  HwFieldSpec;

typedef enum
{
  HW_FIELD_TEXT,      /* char *                                            */
  HW_FIELD_INT,       /* gint64                                            */
  HW_FIELD_BOOL,      /* gboolean                                          */
  HW_FIELD_ENUM,      /* char *, one of spec->values                       */
  HW_FIELD_REF,       /* char *, the id of an entity of spec->ref          */
  HW_FIELD_TIME,      /* gint64, µs since the Unix epoch, UTC              */
  HW_FIELD_CURRENCY,  /* char *, ISO 4217 code                             */
  HW_FIELD_STRV,      /* char **, a JSON array of strings                  */
  HW_FIELD_JSON,      /* char *, a JSON document kept as text              */
  HW_FIELD_CHILDREN,  /* GPtrArray * of spec->child rows, owned            */
} HwFieldKind;

typedef enum
{
  HW_FIELD_REQUIRED  = 1 << 0, /* must be present in JSON and non-empty        */
  HW_FIELD_NULLABLE  = 1 << 1, /* NULL / HW_NONE allowed                        */
  HW_FIELD_UNIQUE    = 1 << 2, /* unique among live entities of the type        */
  HW_FIELD_ERP       = 1 << 3, /* owned by the ERP; written only by ERP imports */
  HW_FIELD_COMPUTED  = 1 << 4, /* computed by the store; input is ignored       */
  HW_FIELD_SECRET    = 1 << 5, /* never encoded to JSON                         */
  HW_FIELD_NONNEG    = 1 << 6, /* integer ≥ 0                                   */
  HW_FIELD_POSITIVE  = 1 << 7, /* integer ≥ 1                                   */
} HwFieldFlags;

struct _HwFieldSpec
{
  const char          *name;     /* JSON member and SQL column */
  HwFieldKind          kind;
  HwFieldFlags         flags;
  gsize                offset;
  gint64               default_int;
  const char * const  *values;   /* HW_FIELD_ENUM */
  const HwEntityType  *ref;      /* HW_FIELD_REF */
  const HwChildType   *child;    /* HW_FIELD_CHILDREN */
  guint                max_length;
};

/* Rows owned by an entity (tiers of a price, lines of an order): read, written and
 * replaced as a whole with their owner. They hold plain values only (no children,
 * lists or JSON). */
struct _HwChildType
{
  GDestroyNotify     free_func;   /* frees one row; set as the GPtrArray's free func */
  gsize              struct_size;
  const HwFieldSpec *fields;
  guint              n_fields;
};

typedef enum
{
  HW_ENTITY_SYNCED      = 1 << 0, /* part of the changes feed and the desktop's copy */
  HW_ENTITY_SERVER_ONLY = 1 << 1, /* audit, staff: never leaves the server           */
} HwEntityFlags;

struct _HwEntityType
{
  const char        *name;          /* "product": changes feed, audit          */
  const char        *plural;        /* "products": API collection              */
  const char        *table;         /* SQL table                               */
  const char        *sort_field;    /* default keyset order besides the id     */
  gsize              struct_size;
  HwEntityFlags      flags;
  const HwFieldSpec *fields;
  guint              n_fields;
};

/* Every entity struct starts with this. */
typedef struct
{
  const HwEntityType *type;
  char               *id;
  gint64              rev;
  gint64              updated_at;
} HwEntity;

#define HW_ENTITY(ptr) ((HwEntity *)(ptr))

gpointer            hw_entity_new             (const HwEntityType  *type);
void                hw_entity_free            (gpointer             entity);
gpointer            hw_entity_copy            (gconstpointer        entity);
gboolean            hw_entity_equal           (gconstpointer        a,
                                               gconstpointer        b);
void                hw_entity_copy_fields     (gpointer             dest,
                                               gconstpointer        src,
                                               HwFieldFlags         flags);
void                hw_entity_swap_fields     (gpointer             a,
                                               gpointer             b,
                                               HwFieldFlags         flags);
gboolean            hw_entity_fields_equal    (gconstpointer        a,
                                               gconstpointer        b,
                                               HwFieldFlags         flags);
const HwFieldSpec  *hw_entity_type_find_field (const HwEntityType  *type,
                                               const char          *name);

gpointer            hw_child_new              (const HwChildType   *type);
void                hw_child_free             (const HwChildType   *type,
                                               gpointer             child);
GPtrArray          *hw_child_array_new        (const HwChildType   *type);

gboolean            hw_field_is_set           (const HwFieldSpec   *spec,
                                               gconstpointer        record);
gboolean            hw_fields_validate        (const HwFieldSpec   *fields,
                                               guint                n_fields,
                                               gconstpointer        record,
                                               const char          *prefix,
                                               GError             **error);

#define HW_FIELD_PTR(record, spec, ctype) ((ctype *) (((guint8 *) (record)) + (spec)->offset))

/* "9999-12-31T23:59:59.999999Z" and its NUL */
#define HW_TIME_FORMAT_SIZE 28

char               *hw_time_format            (gint64               usec);
void                hw_time_format_into       (gint64               usec,
                                               char                 buffer[HW_TIME_FORMAT_SIZE]);
gboolean            hw_time_parse             (const char          *text,
                                               gint64              *out_usec);
gint64              hw_time_now               (void);
int                 hw_currency_minor_digits  (const char          *currency);
gboolean            hw_currency_is_valid      (const char          *currency);
gboolean            hw_gtin_is_valid          (const char          *gtin);
gboolean            hw_email_is_valid         (const char          *email);
gboolean            hw_uuid_is_valid          (const char          *id);
char               *hw_uuid_new_time_ordered  (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwEntity, hw_entity_free)

G_END_DECLS
