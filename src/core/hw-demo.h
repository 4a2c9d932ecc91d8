/* hw-demo.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint   products;   /* default 20 000 */
  guint   accounts;   /* default 300    */
  guint   users;      /* default 1 500  */
  guint   orders;     /* default 50 000 */
  guint32 seed;       /* default 1      */
  gint64  now;        /* the reference moment (µs); orders span the 12 months before it */
} HwDemoOptions;

/* Called on the thread that generates, at most a few times per second. */
typedef void (*HwDemoProgressFunc) (const char *stage,
                                    guint64     done,
                                    guint64     total,
                                    gpointer    user_data);

void      hw_demo_options_init   (HwDemoOptions       *options);
gboolean  hw_demo_generate       (HwStore             *store,
                                  const HwDemoOptions *options,
                                  HwDemoProgressFunc   progress,
                                  gpointer             user_data,
                                  GCancellable        *cancellable,
                                  GError             **error);
void      hw_demo_generate_async (const char          *db_path,
                                  const HwDemoOptions *options,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean  hw_demo_generate_finish (GAsyncResult       *result,
                                   GError            **error);

G_END_DECLS
