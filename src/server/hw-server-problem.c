/* hw-server-problem.c
 *
 * Copyright 2026 Heart.work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hw-server"

#include "config.h"

#include <string.h>

#include "hw-core-error.h"
#include "hw-server-log.h"
#include "hw-server-problem.h"

/* Every error the server answers is an RFC 9457 problem document:
 *
 *   {"type": "https://heartwork.org/problems/not-found", "title": "Not found",
 *    "status": 404, "detail": "...", "errors": [{"field": "sku", "message": "..."}]}
 *
 * The type names the kind of problem (and is stable: clients switch on it), the title is
 * the same for every occurrence of that kind, the detail is about this occurrence. Details
 * never carry SQL, file paths or stack traces: database and internal failures get a fixed
 * text, and the server logs the real cause. */

typedef struct
{
  guint       status;
  const char *slug;
  const char *title;
} ProblemKind;

static const ProblemKind kinds[] = {
  { SOUP_STATUS_BAD_REQUEST, "bad-request", "Bad request" },
  { SOUP_STATUS_UNAUTHORIZED, "unauthorized", "Unauthorized" },
  { SOUP_STATUS_FORBIDDEN, "forbidden", "Forbidden" },
  { SOUP_STATUS_NOT_FOUND, "not-found", "Not found" },
  { SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed" },
  { SOUP_STATUS_CONFLICT, "conflict", "Conflict" },
  { SOUP_STATUS_GONE, "gone", "Gone" },
  { SOUP_STATUS_PRECONDITION_FAILED, "stale-revision", "Stale revision" },
  { SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body-too-large", "Request body too large" },
  { SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation-failed", "Validation failed" },
  { 428, "precondition-required", "Precondition required" },
  { 429, "too-many-requests", "Too many requests" },
  { SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal-error", "Internal server error" },
  { SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "Service unavailable" },
};

static const ProblemKind duplicate_kind = {
  SOUP_STATUS_CONFLICT, "duplicate", "Duplicate value"
};
static const ProblemKind in_use_kind = {
  SOUP_STATUS_CONFLICT, "in-use", "Still in use"
};

#define DATABASE_DETAIL "The database is unavailable at the moment; try again later."
#define INTERNAL_DETAIL "The server could not complete the request."

static JsonNode *
build_problem (const char *type,
               const char *title,
               guint       status,
               const char *detail,
               const char *field,
               const char *field_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  if (detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
    }
  if (field_message != NULL)
    {
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      if (field != NULL)
        {
          json_builder_set_member_name (builder, "field");
          json_builder_add_string_value (builder, field);
        }
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, field_message);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
build_for_kind (const ProblemKind *kind,
                const char        *detail,
                const char        *field,
                const char        *field_message)
{
  g_autofree char *type = g_strconcat (HW_SERVER_PROBLEM_BASE_URI, kind->slug, NULL);

  return build_problem (type, kind->title, kind->status, detail, field, field_message);
}

/**
 * hw_server_problem_new:
 * @status: an HTTP status code of 400 or above
 * @detail: (nullable): what went wrong with this request, in words a client can show
 *
 * Builds a problem document for @status. Statuses without a problem type of their own get
 * type "about:blank" and the status's reason phrase as title, as RFC 9457 §4.2.1 says.
 *
 * Returns: (transfer full): the problem document
 */
JsonNode *
hw_server_problem_new (guint       status,
                       const char *detail)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].status == status)
      return build_for_kind (&kinds[i], detail, NULL, NULL);

  return build_problem ("about:blank", soup_status_get_phrase (status), status, detail,
                        NULL, NULL);
}

static const ProblemKind *
kind_for_status (guint status)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (kinds[i].status == status)
      return &kinds[i];

  g_return_val_if_reached (&kinds[0]);
}

/* "sku: is already used" → "is already used": the field is named beside the message. */
static const char *
strip_field (const char *message,
             const char *field)
{
  gsize length;

  if (field == NULL)
    return message;

  length = strlen (field);
  if (strncmp (message, field, length) == 0 && strncmp (message + length, ": ", 2) == 0)
    return message + length + 2;

  return message;
}

/**
 * hw_server_problem_new_for_error:
 * @error: a failure, usually a #HW_CORE_ERROR
 * @out_status: (out) (optional): the HTTP status of the problem
 *
 * Maps @error to a problem document: %HW_CORE_ERROR_INVALID → 422 with a field error,
 * DUPLICATE → 409, NOT_FOUND → 404, STALE → 412, IN_USE → 409, GONE → 410, PARSE → 400,
 * DATABASE → 503, anything else → 500. Database and internal failures get a fixed detail;
 * their messages may hold SQL or paths and are for the server's log only.
 *
 * Returns: (transfer full): the problem document
 */
JsonNode *
hw_server_problem_new_for_error (const GError *error,
                                 guint        *out_status)
{
  const ProblemKind *kind;
  const char *field = NULL;
  const char *detail = INTERNAL_DETAIL;
  const char *field_message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  kind = kind_for_status (SOUP_STATUS_INTERNAL_SERVER_ERROR);

  if (error->domain == HW_CORE_ERROR)
    {
      detail = error->message;

      switch ((HwCoreError) error->code)
        {
        case HW_CORE_ERROR_INVALID:
          kind = kind_for_status (SOUP_STATUS_UNPROCESSABLE_ENTITY);
          field = hw_core_error_get_field (error);
          field_message = strip_field (error->message, field);
          break;

        case HW_CORE_ERROR_DUPLICATE:
          kind = &duplicate_kind;
          break;

        case HW_CORE_ERROR_NOT_FOUND:
          kind = kind_for_status (SOUP_STATUS_NOT_FOUND);
          break;

        case HW_CORE_ERROR_STALE:
          kind = kind_for_status (SOUP_STATUS_PRECONDITION_FAILED);
          break;

        case HW_CORE_ERROR_IN_USE:
          kind = &in_use_kind;
          break;

        case HW_CORE_ERROR_GONE:
          kind = kind_for_status (SOUP_STATUS_GONE);
          break;

        case HW_CORE_ERROR_PARSE:
          kind = kind_for_status (SOUP_STATUS_BAD_REQUEST);
          break;

        case HW_CORE_ERROR_DATABASE:
          kind = kind_for_status (SOUP_STATUS_SERVICE_UNAVAILABLE);
          detail = DATABASE_DETAIL;
          break;

        case HW_CORE_ERROR_SCHEMA:
        case HW_CORE_ERROR_CANCELLED:
        default:
          detail = INTERNAL_DETAIL;
          break;
        }
    }

  if (out_status != NULL)
    *out_status = kind->status;

  return build_for_kind (kind, detail, field, field_message);
}

/**
 * hw_server_problem_to_string:
 * @problem: a problem document
 *
 * Returns: (transfer full): @problem as compact JSON
 */
char *
hw_server_problem_to_string (JsonNode *problem)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, problem);
  return json_generator_to_data (generator, NULL);
}

/**
 * hw_server_problem_respond:
 * @msg: the request to answer
 * @problem: the problem document; its "status" member is the response status
 *
 * Answers @msg with @problem as application/problem+json.
 */
void
hw_server_problem_respond (SoupServerMessage *msg,
                           JsonNode          *problem)
{
  JsonObject *object = json_node_get_object (problem);
  guint status = (guint) json_object_get_int_member (object, "status");
  const char *reason = soup_status_get_phrase (status);
  char *body = hw_server_problem_to_string (problem);

  /* libsoup knows no phrase for some statuses (428, 429); the title serves as one. */
  if (g_str_equal (reason, "Unknown Error"))
    reason = json_object_get_string_member (object, "title");

  soup_server_message_set_status (msg, status, reason);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Retry-After", "5");
  soup_server_message_set_response (msg, HW_SERVER_PROBLEM_CONTENT_TYPE, SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

/**
 * hw_server_problem:
 * @msg: the request to answer
 * @status: an HTTP status code of 400 or above
 * @detail: (nullable): what went wrong with this request
 *
 * Answers @msg with the problem document of hw_server_problem_new().
 */
void
hw_server_problem (SoupServerMessage *msg,
                   guint              status,
                   const char        *detail)
{
  g_autoptr(JsonNode) problem = hw_server_problem_new (status, detail);

  hw_server_problem_respond (msg, problem);
}

/**
 * hw_server_problem_from_error:
 * @msg: the request to answer
 * @error: the failure
 *
 * Answers @msg with the problem document of hw_server_problem_new_for_error(). Failures
 * whose message the client does not get (database, internal) are logged.
 */
void
hw_server_problem_from_error (SoupServerMessage *msg,
                              const GError      *error)
{
  g_autoptr(JsonNode) problem = NULL;
  guint status = 0;

  problem = hw_server_problem_new_for_error (error, &status);

  if (status >= SOUP_STATUS_INTERNAL_SERVER_ERROR)
    hw_server_log (G_LOG_LEVEL_WARNING, "request failed",
                   "path", g_uri_get_path (soup_server_message_get_uri (msg)),
                   "error", error->message,
                   NULL);

  hw_server_problem_respond (msg, problem);
}
