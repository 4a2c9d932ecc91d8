/* hw-test-channel.h
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hw-test-server.h"

G_BEGIN_DECLS

/* A small world for the channel tests, written into the database before the server
 * starts (hw_test_channel_world_set_up()):
 *
 *   categories  Tools > Drills, Paint
 *   products    drill      Drills  active        base 1000 EUR
 *               drill-pro  Drills  active        base 2000, min 2, multiple 2, max 10
 *               paint      Paint   active        base  500
 *               old        Tools   discontinued  base  300
 *               banned     Tools   blocked       base  100
 *               secret-a   Paint   active        base  700  hidden from account B by a rule
 *               secret-b   Paint   active        base  800  hidden from account A by a rule
 *   catalogue   the default one: everything
 *   accounts    A (retail, EUR), B (wholesale, EUR), C (blocked)
 *   agreement   B pays 600 net for drill
 *   users       a-buyer (order limit 5000), a-admin (account_admin), a-noprice
 *               (show_prices off), a-noorder (can_order off), a-inactive, b-buyer
 *               (order limit 5000), b-admin (account_admin), c-buyer
 *
 * Every user gets the password HW_TEST_PASSWORD through the staff endpoint once the
 * server runs, and a channel session in tokens[]. */

typedef enum
{
  HW_TEST_DRILL,
  HW_TEST_DRILL_PRO,
  HW_TEST_PAINT,
  HW_TEST_OLD,
  HW_TEST_BANNED,
  HW_TEST_SECRET_A,
  HW_TEST_SECRET_B,
  HW_TEST_N_PRODUCTS
} HwTestProduct;

typedef enum
{
  HW_TEST_A_BUYER,
  HW_TEST_A_ADMIN,
  HW_TEST_A_NOPRICE,
  HW_TEST_A_NOORDER,
  HW_TEST_A_INACTIVE,
  HW_TEST_B_BUYER,
  HW_TEST_B_ADMIN,
  HW_TEST_C_BUYER,
  HW_TEST_N_USERS
} HwTestUser;

typedef struct
{
  HwTestFixture  server;
  char          *tools;            /* category ids */
  char          *drills;
  char          *paint;
  char          *products[HW_TEST_N_PRODUCTS];
  char          *accounts[3];      /* A, B, C */
  char          *users[HW_TEST_N_USERS];
  const char    *emails[HW_TEST_N_USERS];
  char          *tokens[HW_TEST_N_USERS]; /* channel sessions; NULL for who cannot log in */
  char          *agreement;        /* B's agreement on drill */
} HwTestChannelWorld;

/* An answer with the headers the channel tests look at. */
typedef struct
{
  guint       status;
  char       *content_type;
  GBytes     *body;
  char       *location;
  char       *retry_after;
  char       *replayed;
} HwTestChannelResponse;

void        hw_test_channel_world_set_up    (HwTestChannelWorld    *world,
                                             const char            *tmpl);
void        hw_test_channel_world_tear_down (HwTestChannelWorld    *world);
char       *hw_test_channel_login           (HwTestChannelWorld    *world,
                                             const char            *email,
                                             const char            *password,
                                             guint                  expected_status);
void        hw_test_channel_call            (HwTestChannelWorld    *world,
                                             HwTestChannelResponse *response,
                                             const char            *method,
                                             const char            *path,
                                             const char            *token,
                                             const char            *body,
                                             const char            *idempotency_key);
JsonObject *hw_test_channel_get_object      (HwTestChannelWorld    *world,
                                             const char            *path,
                                             const char            *token,
                                             guint                  expected_status);
void        hw_test_channel_response_clear  (HwTestChannelResponse *response);
char       *hw_test_channel_response_text   (const HwTestChannelResponse *response);
gint64      hw_test_channel_revision        (HwTestChannelWorld    *world);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (HwTestChannelResponse, hw_test_channel_response_clear)

G_END_DECLS
