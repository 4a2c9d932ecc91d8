/* hw-server-log.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void               hw_server_log               (GLogLevelFlags   level,
                                                const char      *message,
                                                const char      *first_key,
                                                ...) G_GNUC_NULL_TERMINATED;
void               hw_server_log_flush         (void);
void               hw_server_log_append_pair   (GString         *line,
                                                const char      *key,
                                                const char      *value);
GLogWriterOutput   hw_server_log_writer        (GLogLevelFlags   log_level,
                                                const GLogField *fields,
                                                gsize            n_fields,
                                                gpointer         user_data);

G_END_DECLS
