/* hw-test-server.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "hw-store.h"

#include "hw-model.h"

G_BEGIN_DECLS

/* Helpers shared by the server tests that run the built heartwork-one-server: meson
 * passes the binary in HW_SERVER_BINARY. */

char        *hw_test_server_binary         (void);
char        *hw_test_make_tmp_dir          (const char          *tmpl);
void         hw_test_remove_tree           (const char          *path);
int          hw_test_run_binary            (const char * const  *args,
                                            const char          *input,
                                            char               **out_out,
                                            char               **out_err);
int          hw_test_user_add              (const char          *db,
                                            const char          *email,
                                            const char          *name,
                                            const char          *role,
                                            const char          *input,
                                            char               **out_err);
GSubprocess *hw_test_serve_start           (const char          *db,
                                            const char          *log,
                                            char               **out_url);
GSubprocess *hw_test_serve_start_at        (const char          *db,
                                            const char          *log,
                                            const char          *listen,
                                            char               **out_url);
GSubprocess *hw_test_serve_start_with      (const char          *db,
                                            const char          *log,
                                            const char          *listen,
                                            const char * const  *options,
                                            char               **out_url);
const char  *hw_test_serve_direct_url      (GSubprocess         *process);
void         hw_test_serve_stop            (GSubprocess         *process);
char        *hw_test_wait_for_snapshot     (const char          *db,
                                            guint                seconds);
void         hw_test_assert_contract       (SoupMessage         *msg);
char        *hw_test_target_url            (const char          *url,
                                            const char          *body,
                                            gssize               length);
SoupSession *hw_test_session_new           (void);
SoupMessage *hw_test_send                  (SoupSession         *session,
                                            const char          *method,
                                            const char          *url,
                                            const char          *authorization,
                                            const char          *if_match,
                                            const char          *body,
                                            gssize               length,
                                            GBytes             **out_body);
char        *hw_test_login_body            (const char          *email,
                                            const char          *password);
JsonObject  *hw_test_parse_object          (GBytes              *bytes);
void         hw_test_assert_problem_object (JsonObject          *problem,
                                            guint                status,
                                            const char          *slug);
JsonObject  *hw_test_assert_problem        (guint                status,
                                            const char          *content_type,
                                            GBytes              *body,
                                            guint                expected_status,
                                            const char          *slug);

/* One answer, as the tests of the ERP endpoints read it. */
typedef struct
{
  guint   status;
  char   *content_type;
  char   *etag;
  GBytes *body;
} HwTestResponse;

void         hw_test_response_clear        (HwTestResponse      *response);
void         hw_test_send_response         (SoupSession         *session,
                                            HwTestResponse      *response,
                                            const char          *method,
                                            const char          *url,
                                            const char          *token,
                                            const char          *if_match,
                                            const char          *body,
                                            gssize               length);
void         hw_test_request               (SoupSession         *session,
                                            const char          *base_url,
                                            HwTestResponse      *response,
                                            const char          *method,
                                            const char          *path,
                                            const char          *token,
                                            const char          *content_type,
                                            const char          *body);
void         hw_test_response_assert_problem (const HwTestResponse *response,
                                              guint                 status,
                                              const char           *slug);
char        *hw_test_login_token           (SoupSession         *session,
                                            const char          *base_url,
                                            const char          *email,
                                            const char          *password);
char        *hw_test_api_token             (SoupSession         *session,
                                            const char          *base_url,
                                            const char          *owner_token,
                                            const char          *integration_id,
                                            const char          *scope);
void         hw_test_patch                 (SoupSession         *session,
                                            const char          *base_url,
                                            HwTestResponse      *response,
                                            const char          *path,
                                            const char          *token,
                                            const char          *body);
JsonObject  *hw_test_erp_result            (JsonObject          *answer,
                                            guint                index);
const char  *hw_test_erp_status            (JsonObject          *answer,
                                            guint                index);
void         hw_test_assert_erp_error      (JsonObject          *answer,
                                            guint                index,
                                            const char          *field);

gint64       hw_test_revision              (SoupSession         *session,
                                            const char          *base_url);
JsonObject  *hw_test_create_body           (const HwEntityType  *type,
                                            JsonObject          *item,
                                            const char          *tag);
const HwFieldSpec *hw_test_editable_text_field (const HwEntityType *type);

/* The password of every staff user the tests add. */
#define HW_TEST_PASSWORD "correct horse battery staple"

/* A server of one test binary's own: a temporary directory with the database and the
 * log, an owner (owner@example.com), the server on a free port and the owner signed in. */
typedef struct
{
  char        *dir;
  char        *db;
  char        *log;
  char        *url;
  GSubprocess *process;
  SoupSession *session;
  char        *owner;          /* the owner's bearer token, once started */
  char        *integration_id; /* from hw_test_fixture_add_integration() */
} HwTestFixture;

void         hw_test_fixture_prepare       (HwTestFixture       *fixture,
                                            const char          *tmpl,
                                            const char * const  *seed_args);
HwStore     *hw_test_fixture_open_store    (HwTestFixture       *fixture);
void         hw_test_fixture_add_integration (HwTestFixture     *fixture);
void         hw_test_fixture_start         (HwTestFixture       *fixture);
void         hw_test_fixture_start_with    (HwTestFixture       *fixture,
                                            const char * const  *options);
char        *hw_test_fixture_api_token     (HwTestFixture       *fixture,
                                            const char          *scope);
void         hw_test_fixture_stop          (HwTestFixture       *fixture);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HwTestResponse, hw_test_response_clear)

G_END_DECLS
