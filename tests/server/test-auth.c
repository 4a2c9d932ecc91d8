/* test-auth.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-auth-store.h"
#include "hw-core-error.h"
#include "hw-server-auth.h"
#include "hw-server-cli.h"
#include "hw-server-password.h"
#include "hw-store.h"

#include "hw-test-server.h"

/* Staff authentication through the built binary, as an operator and a client use it:
 * `user add` with the password on stdin, then `serve` on 127.0.0.1 port 0 and login,
 * me and logout over HTTP. Every test starts its own server, as the login throttle
 * counts failures per process. The database is looked at through the core API, beside
 * the running server. */

#define PASSWORD "correct horse battery staple"
#define EMAIL    "anna@example.com"

typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  GSubprocess *process;
  char        *url;
} Server;

typedef struct
{
  guint   status;
  char   *content_type;
  char   *www_authenticate;
  char   *retry_after;
  char   *cache_control;
  GBytes *body;
} Response;

/* Runs `heartwork-one-server ARGS…` to its end with @input on stdin (closed at once when
 * @input is NULL). */
static int
run_binary (const char * const  *args,
            const char          *input,
            char               **out_err)
{
  return hw_test_run_binary (args, input != NULL ? input : "", NULL, out_err);
}

static int
user_add (const char  *db,
          const char  *email,
          const char  *role,
          const char  *input,
          char       **out_err)
{
  return hw_test_user_add (db, email, "Anna Admin", role, input, out_err);
}

static Server *
server_new (void)
{
  Server *server = g_new0 (Server, 1);

  server->dir = hw_test_make_tmp_dir ("hw-auth-XXXXXX");
  server->db = g_build_filename (server->dir, "test.db", NULL);
  server->log = g_build_filename (server->dir, "server.log", NULL);

  return server;
}

/* A database with the staff user EMAIL (PASSWORD, @role), served. */
static Server *
server_start_with_role (const char *role)
{
  Server *server = server_new ();

  g_assert_cmpint (user_add (server->db, EMAIL, role, PASSWORD "\n", NULL), ==,
                   HW_SERVER_EXIT_OK);
  server->process = hw_test_serve_start (server->db, server->log, &server->url);

  return server;
}

static Server *
server_start (void)
{
  return server_start_with_role ("owner");
}

static char *
server_log (Server *server)
{
  char *text = NULL;

  g_file_get_contents (server->log, &text, NULL, NULL);
  return text != NULL ? text : g_strdup ("");
}

static void
server_free (Server *server)
{
  if (server->process != NULL)
    {
      hw_test_serve_stop (server->process);
      g_clear_object (&server->process);
    }

  hw_test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->db);
  g_free (server->log);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static void
response_clear (Response *response)
{
  g_clear_pointer (&response->content_type, g_free);
  g_clear_pointer (&response->www_authenticate, g_free);
  g_clear_pointer (&response->retry_after, g_free);
  g_clear_pointer (&response->cache_control, g_free);
  g_clear_pointer (&response->body, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Response, response_clear)

/* @authorization: (nullable): the whole Authorization header */
static void
send_request (Server     *server,
              Response   *response,
              const char *method,
              const char *path,
              const char *authorization,
              const char *body)
{
  g_autoptr(SoupSession) session = hw_test_session_new ();
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  msg = hw_test_send (session, method, url, authorization, NULL, body, -1, &response->body);

  headers = soup_message_get_response_headers (msg);
  response->status = soup_message_get_status (msg);
  response->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  response->www_authenticate = g_strdup (soup_message_headers_get_one (headers,
                                                                       "WWW-Authenticate"));
  response->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  response->cache_control = g_strdup (soup_message_headers_get_one (headers, "Cache-Control"));
}

static void
login (Server     *server,
       Response   *response,
       const char *email,
       const char *password)
{
  g_autofree char *body = hw_test_login_body (email, password);

  send_request (server, response, "POST", "/api/v1/auth/login", NULL, body);
}

static void
assert_problem (const Response *response,
                guint           status,
                const char     *slug)
{
  json_object_unref (hw_test_assert_problem (response->status, response->content_type,
                                             response->body, status, slug));
}

static void
assert_unauthorized (const Response *response)
{
  assert_problem (response, 401, "unauthorized");
  g_assert_nonnull (response->www_authenticate);
  g_assert_true (g_str_has_prefix (response->www_authenticate, "Bearer"));
}

/* Logs in as EMAIL and returns the token. */
static char *
login_token (Server *server)
{
  g_auto(Response) response = { 0, };
  g_autoptr(JsonObject) object = NULL;

  login (server, &response, EMAIL, PASSWORD);
  g_assert_cmpuint (response.status, ==, 200);
  object = hw_test_parse_object (response.body);

  return g_strdup (json_object_get_string_member (object, "token"));
}

static guint
me_status (Server     *server,
           const char *token)
{
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_auto(Response) response = { 0, };

  send_request (server, &response, "GET", "/api/v1/auth/me", header, NULL);
  if (response.status == 401)
    assert_unauthorized (&response);

  return response.status;
}

static HwStore *
open_store (Server *server)
{
  g_autoptr(GError) error = NULL;
  HwStore *store = hw_store_open (server->db, HW_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

/* Whether @data (binary, NULs and all) holds @needle. */
static gboolean
bytes_contain (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

/* Tests */

static void
test_password_hashing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = hw_server_password_hash (PASSWORD, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$v=19$m=19456,t=2,p=1$"));
  g_assert_true (hw_server_password_verify (hash, PASSWORD));
  g_assert_false (hw_server_password_verify (hash, PASSWORD "!"));
  g_assert_false (hw_server_password_verify (NULL, PASSWORD));
  g_assert_false (hw_server_password_verify ("not a hash", PASSWORD));

  /* Salted: the same password hashes differently each time. */
  again = hw_server_password_hash (PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, again);

  g_assert_true (hw_server_password_check ("0123456789", &error));
  g_assert_no_error (error);
  g_assert_true (hw_server_password_check ("ääääääääää", &error)); /* characters, not bytes */
  g_assert_false (hw_server_password_check ("012345678", &error));
  g_assert_error (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK);
  g_clear_error (&error);
  g_assert_false (hw_server_password_check ("", &error));
  g_assert_error (error, HW_SERVER_PASSWORD_ERROR, HW_SERVER_PASSWORD_ERROR_WEAK);
}

static void
test_roles (void)
{
  g_assert_true (hw_server_role_can_mutate ("owner"));
  g_assert_true (hw_server_role_can_mutate ("admin"));
  g_assert_true (hw_server_role_can_mutate ("editor"));
  g_assert_false (hw_server_role_can_mutate ("viewer"));
  g_assert_false (hw_server_role_can_mutate ("buyer"));
  g_assert_false (hw_server_role_can_mutate (NULL));

  g_assert_true (hw_server_role_is_admin ("owner"));
  g_assert_true (hw_server_role_is_admin ("admin"));
  g_assert_false (hw_server_role_is_admin ("editor"));
  g_assert_false (hw_server_role_is_admin ("viewer"));
  g_assert_false (hw_server_role_is_admin (NULL));
}

static void
test_tokens (void)
{
  g_autofree char *a = hw_server_token_new ();
  g_autofree char *b = hw_server_token_new ();
  g_autofree char *hash = hw_server_token_hash (a);

  /* 32 bytes as unpadded base64url */
  g_assert_cmpuint (strlen (a), ==, 43);
  g_assert_cmpstr (a, !=, b);
  for (const char *p = a; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
  g_assert_cmpuint (strlen (hash), ==, 64);
}

static void
test_user_add (void)
{
  g_autoptr(Server) server = server_new ();
  g_autoptr(HwStore) store = NULL;
  g_autoptr(HwStaffUser) staff = NULL;
  g_autoptr(GError) error = NULL;
  char *err = NULL;

  /* Added, email in lowercase, the password only as an argon2id hash */
  g_assert_cmpint (user_add (server->db, "Anna@Example.COM", "admin", PASSWORD "\n", &err),
                   ==, HW_SERVER_EXIT_OK);
  g_clear_pointer (&err, g_free);

  store = open_store (server);
  staff = hw_store_find_by (store, &hw_staff_user_type, "email", EMAIL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (staff->role, ==, "admin");
  g_assert_cmpstr (staff->name, ==, "Anna Admin");
  g_assert_true (staff->active);
  g_assert_true (g_str_has_prefix (staff->password_hash, "$argon2id$"));
  g_assert_null (strstr (staff->password_hash, PASSWORD));
  g_assert_true (hw_server_password_verify (staff->password_hash, PASSWORD));
  g_clear_object (&store);

  /* The same email again */
  g_assert_cmpint (user_add (server->db, EMAIL, "viewer", PASSWORD "\n", &err), ==,
                   HW_SERVER_EXIT_FAILURE);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);

  /* Usage errors change nothing and exit 2. */
  g_assert_cmpint (user_add (server->db, "b@example.com", "superuser", PASSWORD "\n", &err),
                   ==, HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "is not a role"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (user_add (server->db, "b@example.com", "editor", "short\n", &err), ==,
                   HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "at least 10 characters"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (user_add (server->db, "b@example.com", "editor", "\n", &err), ==,
                   HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (user_add (server->db, "b@example.com", "editor", "", &err), ==,
                   HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "empty"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (user_add (server->db, "not-an-email", "editor", PASSWORD "\n", &err), ==,
                   HW_SERVER_EXIT_USAGE);
  g_assert_nonnull (strstr (err, "not an email address"));
  g_clear_pointer (&err, g_free);

  {
    const char * const missing[] = { "user", "add", "--db", server->db, "--email", "c@example.com",
                                     NULL };
    const char * const unknown[] = { "user", "remove", NULL };

    g_assert_cmpint (run_binary (missing, PASSWORD "\n", &err), ==, HW_SERVER_EXIT_USAGE);
    g_assert_nonnull (strstr (err, "required"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_binary (unknown, NULL, &err), ==, HW_SERVER_EXIT_USAGE);
    g_clear_pointer (&err, g_free);
  }

  /* Only the first user is there. */
  {
    gint64 count = 0;

    store = open_store (server);
    g_assert_true (hw_store_count (store, &hw_staff_user_type, NULL, &count, &error));
    g_assert_no_error (error);
    g_assert_cmpint (count, ==, 1);
  }
}

static void
test_login_me (void)
{
  g_autoptr(Server) server = server_start ();
  g_auto(Response) response = { 0, };
  g_auto(Response) me = { 0, };
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) me_object = NULL;
  g_autofree char *header = NULL;
  const char *expires_text;
  gint64 expires = 0;
  gint64 lifetime;

  /* Emails are matched in any case. */
  login (server, &response, "ANNA@example.com", PASSWORD);
  g_assert_cmpuint (response.status, ==, 200);
  g_assert_cmpstr (response.content_type, ==, "application/json");
  g_assert_cmpstr (response.cache_control, ==, "no-store");
  object = hw_test_parse_object (response.body);
  g_assert_cmpuint (json_object_get_size (object), ==, 2);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "token")), >=, 43);
  expires_text = json_object_get_string_member (object, "expires_at");
  g_assert_true (hw_time_parse (expires_text, &expires));
  lifetime = expires - hw_time_now ();
  g_assert_cmpint (lifetime, >, (gint64) 11 * 3600 * G_USEC_PER_SEC);
  g_assert_cmpint (lifetime, <=, (gint64) 12 * 3600 * G_USEC_PER_SEC);

  header = g_strconcat ("Bearer ", json_object_get_string_member (object, "token"), NULL);
  send_request (server, &me, "GET", "/api/v1/auth/me", header, NULL);
  g_assert_cmpuint (me.status, ==, 200);
  me_object = hw_test_parse_object (me.body);
  g_assert_cmpuint (json_object_get_size (me_object), ==, 4);
  g_assert_true (hw_uuid_is_valid (json_object_get_string_member (me_object, "id")));
  g_assert_cmpstr (json_object_get_string_member (me_object, "email"), ==, EMAIL);
  g_assert_cmpstr (json_object_get_string_member (me_object, "name"), ==, "Anna Admin");
  g_assert_cmpstr (json_object_get_string_member (me_object, "role"), ==, "owner");

  /* The scheme is case-insensitive. */
  {
    g_autofree char *lower = g_strconcat ("bearer ",
                                          json_object_get_string_member (object, "token"), NULL);
    g_auto(Response) again = { 0, };

    send_request (server, &again, "GET", "/api/v1/auth/me", lower, NULL);
    g_assert_cmpuint (again.status, ==, 200);
  }
}

static void
test_wrong_credentials (void)
{
  g_autoptr(Server) server = server_start ();
  g_auto(Response) wrong_password = { 0, };
  g_auto(Response) unknown_email = { 0, };
  g_auto(Response) inactive = { 0, };

  login (server, &wrong_password, EMAIL, PASSWORD "x");
  assert_unauthorized (&wrong_password);

  login (server, &unknown_email, "nobody@example.com", PASSWORD);
  assert_unauthorized (&unknown_email);

  /* Word for word the same: the answer does not tell which emails exist. */
  g_assert_true (g_bytes_equal (wrong_password.body, unknown_email.body));

  /* A deactivated user cannot log in, even with the right password, and their open
   * sessions stop working. */
  {
    g_autofree char *token = login_token (server);
    g_autoptr(HwStore) store = open_store (server);
    g_autoptr(HwStaffUser) staff = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (me_status (server, token), ==, 200);

    staff = hw_store_find_by (store, &hw_staff_user_type, "email", EMAIL, &error);
    g_assert_no_error (error);
    staff->active = FALSE;
    g_assert_true (hw_store_update_staff_user (store, staff, -1, &error));
    g_assert_no_error (error);

    login (server, &inactive, EMAIL, PASSWORD);
    assert_unauthorized (&inactive);
    g_assert_true (g_bytes_equal (wrong_password.body, inactive.body));
    g_assert_cmpuint (me_status (server, token), ==, 401);
  }
}

static void
test_throttle_email (void)
{
  g_autoptr(Server) server = server_start ();
  g_auto(Response) throttled = { 0, };
  g_auto(Response) right = { 0, };
  guint64 retry_after = 0;

  for (guint i = 0; i < 5; i++)
    {
      g_auto(Response) response = { 0, };

      login (server, &response, EMAIL, "wrong password");
      assert_unauthorized (&response);
    }

  login (server, &throttled, EMAIL, "wrong password");
  assert_problem (&throttled, 429, "too-many-requests");
  g_assert_nonnull (throttled.retry_after);
  g_assert_true (g_ascii_string_to_unsigned (throttled.retry_after, 10, 1, 15 * 60,
                                             &retry_after, NULL));

  /* The password is not even looked at now: the right one is refused as well. */
  login (server, &right, EMAIL, PASSWORD);
  assert_problem (&right, 429, "too-many-requests");
  g_assert_nonnull (right.retry_after);
}

static void
test_throttle_address (void)
{
  g_autoptr(Server) server = server_start ();
  g_auto(Response) throttled = { 0, };

  /* Five different unknown emails from one address … */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *email = g_strdup_printf ("guess%u@example.com", i);
      g_auto(Response) response = { 0, };

      login (server, &response, email, "whatever password");
      assert_unauthorized (&response);
    }

  /* … and the address is throttled, whichever email comes next. */
  login (server, &throttled, EMAIL, PASSWORD);
  assert_problem (&throttled, 429, "too-many-requests");
  g_assert_nonnull (throttled.retry_after);
}

static void
test_success_resets_email (void)
{
  g_autoptr(Server) server = server_start ();

  /* Four failures, then a success: the email starts counting afresh, the address does
   * not. */
  for (guint i = 0; i < 4; i++)
    {
      g_auto(Response) response = { 0, };

      login (server, &response, EMAIL, "wrong password");
      assert_unauthorized (&response);
    }

  g_free (login_token (server));

  {
    g_auto(Response) fifth = { 0, };
    g_auto(Response) sixth = { 0, };

    /* The email's first failure since the success, the address's fifth … */
    login (server, &fifth, EMAIL, "wrong password");
    assert_unauthorized (&fifth);

    /* … after which the address is throttled. */
    login (server, &sixth, EMAIL, PASSWORD);
    assert_problem (&sixth, 429, "too-many-requests");
  }
}

static void
test_logout (void)
{
  g_autoptr(Server) server = server_start ();
  g_autofree char *token = login_token (server);
  g_autofree char *other = login_token (server);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_auto(Response) response = { 0, };
  g_auto(Response) again = { 0, };
  g_auto(Response) anonymous = { 0, };

  g_assert_cmpuint (me_status (server, token), ==, 200);

  send_request (server, &response, "POST", "/api/v1/auth/logout", header, NULL);
  g_assert_cmpuint (response.status, ==, 204);
  g_assert_cmpuint (g_bytes_get_size (response.body), ==, 0);

  g_assert_cmpuint (me_status (server, token), ==, 401);
  send_request (server, &again, "POST", "/api/v1/auth/logout", header, NULL);
  assert_unauthorized (&again);

  /* Only that session ended. */
  g_assert_cmpuint (me_status (server, other), ==, 200);

  send_request (server, &anonymous, "POST", "/api/v1/auth/logout", NULL, NULL);
  assert_unauthorized (&anonymous);
}

static void
test_expired_token (void)
{
  g_autoptr(Server) server = server_start ();
  g_autoptr(HwStore) store = open_store (server);
  g_autoptr(HwStaffUser) staff = NULL;
  g_autoptr(HwAuthToken) expired = hw_auth_token_new ();
  g_autoptr(HwAuthToken) valid = hw_auth_token_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expired_token = hw_server_token_new ();
  g_autofree char *valid_token = hw_server_token_new ();
  gint64 now = hw_store_now (store);

  staff = hw_store_find_by (store, &hw_staff_user_type, "email", EMAIL, &error);
  g_assert_no_error (error);

  expired->token_hash = hw_server_token_hash (expired_token);
  expired->kind = HW_AUTH_TOKEN_SESSION;
  expired->staff_user_id = g_strdup (HW_ENTITY (staff)->id);
  expired->created_at = now - 13 * (gint64) 3600 * G_USEC_PER_SEC;
  expired->expires_at = now - G_USEC_PER_SEC;
  g_assert_true (hw_store_create_auth_token (store, expired, &error));
  g_assert_no_error (error);

  /* The same, but still valid: what makes the difference is the expiry alone. */
  valid->token_hash = hw_server_token_hash (valid_token);
  valid->kind = HW_AUTH_TOKEN_SESSION;
  valid->staff_user_id = g_strdup (HW_ENTITY (staff)->id);
  valid->expires_at = now + 3600 * (gint64) G_USEC_PER_SEC;
  g_assert_true (hw_store_create_auth_token (store, valid, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (me_status (server, expired_token), ==, 401);
  g_assert_cmpuint (me_status (server, valid_token), ==, 200);

  /* Revoking all of the user's sessions through the store ends them at once. */
  g_assert_true (hw_store_revoke_staff_user_tokens (store, HW_ENTITY (staff)->id, NULL,
                                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (me_status (server, valid_token), ==, 401);
}

/* The name GET /auth/me answers for @token. */
static char *
me_name (Server     *server,
         const char *token)
{
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_auto(Response) response = { 0, };
  g_autoptr(JsonObject) object = NULL;

  send_request (server, &response, "GET", "/api/v1/auth/me", header, NULL);
  g_assert_cmpuint (response.status, ==, 200);
  object = hw_test_parse_object (response.body);

  return g_strdup (json_object_get_string_member (object, "name"));
}

/* The server keeps tokens it accepted in memory; whatever changes the database, here or
 * in another process, is seen by the very next request. */
static void
test_token_cache (void)
{
  g_autoptr(Server) server = server_start ();
  g_autofree char *first = login_token (server);
  g_autofree char *second = login_token (server);
  g_autofree char *first_hash = hw_server_token_hash (first);
  g_autoptr(HwStore) store = open_store (server);
  g_autoptr(HwStaffUser) staff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *name = NULL;

  /* Used again and again, both stay valid. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (me_status (server, first), ==, 200);
      g_assert_cmpuint (me_status (server, second), ==, 200);
    }

  /* Renamed by another process: the cached caller is not served stale. */
  staff = hw_store_find_by (store, &hw_staff_user_type, "email", EMAIL, &error);
  g_assert_no_error (error);
  g_free (staff->name);
  staff->name = g_strdup ("Anna Renamed");
  g_assert_true (hw_store_update_staff_user (store, staff, -1, &error));
  g_assert_no_error (error);
  renamed = me_name (server, first);
  g_assert_cmpstr (renamed, ==, "Anna Renamed");

  /* One token revoked by another process ends at once; the other one lives on. */
  g_assert_true (hw_store_revoke_auth_token (store, first_hash, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (me_status (server, first), ==, 401);
  g_assert_cmpuint (me_status (server, second), ==, 200);

  /* Logged out through the server itself: no request after it gets through. */
  {
    g_autofree char *header = g_strconcat ("Bearer ", second, NULL);
    g_auto(Response) response = { 0, };

    send_request (server, &response, "POST", "/api/v1/auth/logout", header, NULL);
    g_assert_cmpuint (response.status, ==, 204);
  }
  g_assert_cmpuint (me_status (server, second), ==, 401);

  /* A fresh login still works, and sees the current name. */
  g_free (first);
  first = login_token (server);
  name = me_name (server, first);
  g_assert_cmpstr (name, ==, "Anna Renamed");
}

static void
test_only_hash_stored (void)
{
  g_autoptr(Server) server = server_start ();
  g_autofree char *token = login_token (server);
  g_autofree char *hash = hw_server_token_hash (token);
  g_autoptr(HwStore) store = open_store (server);
  g_autoptr(HwAuthToken) record = NULL;
  g_autoptr(HwAuthToken) by_raw = NULL;
  g_autoptr(GError) error = NULL;

  record = hw_store_lookup_auth_token (store, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpint (record->kind, ==, HW_AUTH_TOKEN_SESSION);
  g_assert_nonnull (record->staff_user_id);
  g_assert_cmpint (record->revoked_at, ==, 0);
  g_assert_cmpint (record->expires_at - record->created_at, ==,
                   (gint64) HW_SERVER_SESSION_LIFETIME_SECONDS * G_USEC_PER_SEC);

  by_raw = hw_store_lookup_auth_token (store, token, &error);
  g_assert_null (by_raw);
  g_assert_error (error, HW_CORE_ERROR, HW_CORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nor is the raw token anywhere in the database file or the log. */
  {
    g_autofree char *log = server_log (server);
    g_autofree char *contents = NULL;
    g_autofree char *wal = g_strconcat (server->db, "-wal", NULL);
    gsize length = 0;

    g_assert_null (strstr (log, token));
    g_assert_null (strstr (log, PASSWORD));
    g_assert_null (strstr (log, hash));

    g_assert_true (g_file_get_contents (server->db, &contents, &length, NULL));
    g_assert_false (bytes_contain (contents, length, token));
    g_clear_pointer (&contents, g_free);
    if (g_file_get_contents (wal, &contents, &length, NULL))
      g_assert_false (bytes_contain (contents, length, token));
  }
}

static void
test_malformed_bodies (void)
{
  static const struct
  {
    const char *body;
    guint       status;
    const char *slug;
    const char *field;
  } cases[] = {
    { "", 400, "bad-request", NULL },
    { "{", 400, "bad-request", NULL },
    { "not json", 400, "bad-request", NULL },
    { "[\"" EMAIL "\", \"" PASSWORD "\"]", 400, "bad-request", NULL },
    { "\"" EMAIL "\"", 400, "bad-request", NULL },
    { "{}", 422, "validation-failed", "email" },
    { "{\"password\": \"" PASSWORD "\"}", 422, "validation-failed", "email" },
    { "{\"email\": \"" EMAIL "\"}", 422, "validation-failed", "password" },
    { "{\"email\": 42, \"password\": \"" PASSWORD "\"}", 422, "validation-failed", "email" },
    { "{\"email\": null, \"password\": \"" PASSWORD "\"}", 422, "validation-failed", "email" },
    { "{\"email\": \"" EMAIL "\", \"password\": true}", 422, "validation-failed", "password" },
    { "{\"email\": \"" EMAIL "\", \"password\": [\"x\"]}", 422, "validation-failed", "password" },
    { "{\"email\": {}, \"password\": \"" PASSWORD "\"}", 422, "validation-failed", "email" },
    { "{\"email\": \"\", \"password\": \"" PASSWORD "\"}", 422, "validation-failed", "email" },
    { "{\"email\": \"" EMAIL "\", \"password\": \"\"}", 422, "validation-failed", "password" },
  };
  g_autoptr(Server) server = server_start ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Response) response = { 0, };

      g_test_message ("body: %s", cases[i].body);
      send_request (server, &response, "POST", "/api/v1/auth/login", NULL, cases[i].body);
      assert_problem (&response, cases[i].status, cases[i].slug);

      if (cases[i].field != NULL)
        {
          g_autoptr(JsonObject) problem = hw_test_parse_object (response.body);
          JsonArray *errors = json_object_get_array_member (problem, "errors");
          JsonObject *first = json_array_get_object_element (errors, 0);

          g_assert_cmpstr (json_object_get_string_member (first, "field"), ==, cases[i].field);
        }
    }

  /* None of that counted as a failed login. */
  g_free (login_token (server));

  /* Login is POST only. */
  {
    g_auto(Response) response = { 0, };

    send_request (server, &response, "GET", "/api/v1/auth/login", NULL, NULL);
    assert_problem (&response, 405, "method-not-allowed");
  }
}

static void
test_bad_tokens (void)
{
  g_autoptr(Server) server = server_start ();
  g_autofree char *token = login_token (server);
  g_autofree char *unknown = hw_server_token_new ();
  g_autofree char *hash = hw_server_token_hash (token);
  g_autofree char *bearer_unknown = g_strconcat ("Bearer ", unknown, NULL);
  g_autofree char *bearer_hash = g_strconcat ("Bearer ", hash, NULL);
  g_autofree char *basic = g_strconcat ("Basic ", token, NULL);
  g_autofree char *no_space = g_strconcat ("Bearer", token, NULL);
  g_autofree char *trailing = g_strconcat ("Bearer ", token, " x", NULL);
  g_autofree char *huge = g_strnfill (4000, 'a');
  g_autofree char *bearer_huge = g_strconcat ("Bearer ", huge, NULL);
  const char * const headers[] = {
    NULL, "", "Bearer", "Bearer ", "Bearer garbage", "Bearer !!!", "Bearer a=b",
    bearer_unknown, bearer_hash, basic, no_space, trailing, bearer_huge, token,
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_auto(Response) me = { 0, };
      g_auto(Response) logout = { 0, };

      send_request (server, &me, "GET", "/api/v1/auth/me", headers[i], NULL);
      assert_unauthorized (&me);
      send_request (server, &logout, "POST", "/api/v1/auth/logout", headers[i], NULL);
      assert_unauthorized (&logout);
    }

  /* None of that ended the session. */
  g_assert_cmpuint (me_status (server, token), ==, 200);
}

static void
test_viewer_logs_in (void)
{
  g_autoptr(Server) server = server_start_with_role ("viewer");
  g_autofree char *token = login_token (server);
  g_autofree char *header = g_strconcat ("Bearer ", token, NULL);
  g_auto(Response) me = { 0, };
  g_autoptr(JsonObject) object = NULL;

  send_request (server, &me, "GET", "/api/v1/auth/me", header, NULL);
  g_assert_cmpuint (me.status, ==, 200);
  object = hw_test_parse_object (me.body);
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "viewer");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/auth/password-hashing", test_password_hashing);
  g_test_add_func ("/server/auth/roles", test_roles);
  g_test_add_func ("/server/auth/tokens", test_tokens);
  g_test_add_func ("/server/auth/user-add", test_user_add);
  g_test_add_func ("/server/auth/login-me", test_login_me);
  g_test_add_func ("/server/auth/wrong-credentials", test_wrong_credentials);
  g_test_add_func ("/server/auth/throttle-email", test_throttle_email);
  g_test_add_func ("/server/auth/throttle-address", test_throttle_address);
  g_test_add_func ("/server/auth/success-resets-email", test_success_resets_email);
  g_test_add_func ("/server/auth/logout", test_logout);
  g_test_add_func ("/server/auth/expired-token", test_expired_token);
  g_test_add_func ("/server/auth/token-cache", test_token_cache);
  g_test_add_func ("/server/auth/only-hash-stored", test_only_hash_stored);
  g_test_add_func ("/server/auth/malformed-bodies", test_malformed_bodies);
  g_test_add_func ("/server/auth/bad-tokens", test_bad_tokens);
  g_test_add_func ("/server/auth/viewer-logs-in", test_viewer_logs_in);

  return g_test_run ();
}
