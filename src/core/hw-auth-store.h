/* hw-auth-store.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-store.h"

G_BEGIN_DECLS

/* The length of a token hash: SHA-256 as lowercase hex. */
#define HW_AUTH_TOKEN_HASH_LENGTH 64

typedef enum
{
  HW_AUTH_TOKEN_SESSION, /* a staff user's login                 */
  HW_AUTH_TOKEN_API,     /* an integration's long-lived API token */
  HW_AUTH_TOKEN_CHANNEL, /* a channel (customer) user's login     */
} HwAuthTokenKind;

/**
 * HwAuthToken:
 * @token_hash: the SHA-256 of the token as lowercase hex; the token itself is never stored
 * @kind: a session (owned by @staff_user_id), an API token (owned by @integration_id) or
 *   a channel session (owned by @user_id)
 * @staff_user_id: (nullable): the owner of a session
 * @integration_id: (nullable): the owner of an API token
 * @user_id: (nullable): the owner of a channel session: a customer user
 * @scopes: (nullable): what an API token may do, space-separated as in OAuth 2.0
 * @created_at: µs since the epoch
 * @expires_at: µs since the epoch; 0 for a token that does not expire
 * @revoked_at: µs since the epoch; 0 while not revoked
 *
 * A server-side record of a bearer token (server only: it never leaves the server).
 */
typedef struct
{
  char            *token_hash;
  HwAuthTokenKind  kind;
  char            *staff_user_id;
  char            *integration_id;
  char            *user_id;
  char            *scopes;
  gint64           created_at;
  gint64           expires_at;
  gint64           revoked_at;
} HwAuthToken;

/* See hw_store_get_change_stamp(): equal stamps, no change in between. */
typedef struct
{
  gint64 data_version;
  gint64 own_changes;
} HwStoreStamp;

HwAuthToken  *hw_auth_token_new                 (void);
void          hw_auth_token_free                (HwAuthToken  *token);
gboolean      hw_auth_token_is_usable           (const HwAuthToken *token,
                                                 gint64        now);

gboolean      hw_store_create_auth_token        (HwStore      *self,
                                                 HwAuthToken  *token,
                                                 GError      **error);
HwAuthToken  *hw_store_lookup_auth_token        (HwStore      *self,
                                                 const char   *token_hash,
                                                 GError      **error);
gboolean      hw_store_revoke_auth_token        (HwStore      *self,
                                                 const char   *token_hash,
                                                 GError      **error);
GPtrArray    *hw_store_list_integration_tokens  (HwStore      *self,
                                                 const char   *integration_id,
                                                 GError      **error);
gboolean      hw_store_get_change_stamp         (HwStore      *self,
                                                 HwStoreStamp *out_stamp,
                                                 GError      **error);
gboolean      hw_store_revoke_staff_user_tokens (HwStore      *self,
                                                 const char   *staff_user_id,
                                                 guint        *out_revoked,
                                                 GError      **error);
gboolean      hw_store_revoke_user_tokens       (HwStore      *self,
                                                 const char   *user_id,
                                                 guint        *out_revoked,
                                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HwAuthToken, hw_auth_token_free)

G_END_DECLS
