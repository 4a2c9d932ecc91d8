/* hw-server-password.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <sodium.h>

#include "hw-server-password.h"

/* Staff passwords are stored as libsodium argon2id strings ("$argon2id$v=19$m=19456,t=2,
 * p=1$…"), with the OWASP minimum parameters: 19 MiB of memory, 2 passes. That is about
 * 30 ms per hash here, slow enough to make guessing a stolen database expensive and fast
 * enough for a login. The string carries its own parameters and salt, so raising them
 * later still verifies the old hashes. */

#define OPS_LIMIT 2
#define MEM_LIMIT (19 * 1024 * 1024)

G_DEFINE_QUARK (hw-server-password-error-quark, hw_server_password_error)

/**
 * hw_server_sodium_init:
 *
 * Initialises libsodium (its random generator, the fastest implementations) once per
 * process; every use of libsodium in the server goes through here first.
 *
 * Returns: whether libsodium can be used
 */
gboolean
hw_server_sodium_init (void)
{
  static gsize initialised = 0;
  static gboolean ok = FALSE;

  /* sodium_init() is thread-safe and idempotent, but it reads /dev/urandom once: only
   * the first call needs doing. */
  if (g_once_init_enter (&initialised))
    {
      ok = sodium_init () >= 0;
      g_once_init_leave (&initialised, 1);
    }

  return ok;
}

/**
 * hw_server_password_check:
 *
 * Checks that @password may be a staff password: UTF-8, at least
 * %HW_SERVER_PASSWORD_MIN_CHARS characters, at most %HW_SERVER_PASSWORD_MAX_BYTES bytes.
 *
 * Returns: %TRUE when it may, else %FALSE with %HW_SERVER_PASSWORD_ERROR_WEAK
 */
gboolean
hw_server_password_check (const char  *password,
                          GError     **error)
{
  if (password == NULL || password[0] == '\0')
    {
      g_set_error_literal (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK,
                           "the password is empty");
      return FALSE;
    }

  if (!g_utf8_validate (password, -1, NULL))
    {
      g_set_error_literal (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK,
                           "the password is not valid UTF-8 text");
      return FALSE;
    }

  if (g_utf8_strlen (password, -1) < HW_SERVER_PASSWORD_MIN_CHARS)
    {
      g_set_error (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK,
                   "the password is too short: use at least %d characters",
                   HW_SERVER_PASSWORD_MIN_CHARS);
      return FALSE;
    }

  if (strlen (password) > HW_SERVER_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK,
                   "the password is too long: use at most %d bytes",
                   HW_SERVER_PASSWORD_MAX_BYTES);
      return FALSE;
    }

  return TRUE;
}

/**
 * hw_server_password_hash:
 * @password: the password, checked with hw_server_password_check() first
 *
 * Returns: (transfer full): the argon2id string to store, or %NULL with
 *   %HW_SERVER_PASSWORD_ERROR_FAILED
 */
char *
hw_server_password_hash (const char  *password,
                         GError     **error)
{
  char out[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!hw_server_sodium_init () ||
      crypto_pwhash_str_alg (out, password, strlen (password), OPS_LIMIT, MEM_LIMIT,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_FAILED,
                           "the password could not be hashed (out of memory?)");
      return NULL;
    }

  return g_strdup (out);
}

/**
 * hw_server_password_verify:
 * @hash: (nullable): an argon2id string of hw_server_password_hash(); %NULL for a user
 *   without a password, who cannot log in
 * @password: the password given
 *
 * Returns: whether @password matches @hash
 */
gboolean
hw_server_password_verify (const char *hash,
                           const char *password)
{
  g_return_val_if_fail (password != NULL, FALSE);

  /* crypto_pwhash_str_verify() wants a NUL within crypto_pwhash_STRBYTES. */
  if (hash == NULL || strnlen (hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES ||
      !hw_server_sodium_init ())
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

typedef struct
{
  char *hash;
  char *password;
} VerifyData;

static void
verify_data_free (gpointer data)
{
  VerifyData *verify = data;

  g_free (verify->hash);
  if (verify->password != NULL)
    sodium_memzero (verify->password, strlen (verify->password));
  g_free (verify->password);
  g_free (verify);
}

static void
verify_worker (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  VerifyData *verify = task_data;

  g_task_return_boolean (task, hw_server_password_verify (verify->hash, verify->password));
}

/**
 * hw_server_password_verify_async:
 * @hash: (nullable): an argon2id hash; %NULL verifies nothing and answers %FALSE
 *
 * Verifies in a worker thread: argon2id takes tens of milliseconds by design, which the
 * server's main loop must not spend.
 */
void
hw_server_password_verify_async (const char          *hash,
                                 const char          *password,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *verify;

  g_return_if_fail (password != NULL);

  verify = g_new0 (VerifyData, 1);
  verify->hash = g_strdup (hash);
  verify->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, hw_server_password_verify_async);
  g_task_set_task_data (task, verify, verify_data_free);
  g_task_run_in_thread (task, verify_worker);
}

/**
 * hw_server_password_verify_finish:
 *
 * Returns: whether the password matched; %FALSE with @error set when cancelled
 */
gboolean
hw_server_password_verify_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
