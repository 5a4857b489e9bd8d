/* supplier-server.c — the reference supplier's HTTPS server and routes
 *
 * A SoupServer on loopback, HTTPS only, run by the main loop. Every
 * route answers JSON or application/problem+json (RFC 9457) with the
 * protocol's `code` values. Everything but POST /v1/enrol needs a
 * tablet's bearer token. A tablet sees only its own unit's customers,
 * baskets and holds; anything else is 404.
 *
 * "Now" is always supplier_clock_now(), which the control endpoint can
 * set and move (--control only).
 *
 * Orders (POST /v1/orders, GET/PUT/DELETE /v1/orders/{id},
 * GET /v1/customers/{id}/orders) and complaints
 * (POST /v1/orders/{id}/complaints) follow docs/supplier-api.yaml. An
 * order is stored whole, as its JSON representation, with a version
 * (the strong ETag "o-<epoch>-<id>-<version>"). Idempotency-Keys are
 * scoped to the unit and kept for good (the protocol asks for at least
 * 72 hours); the body is compared as canonical JSON (members sorted).
 * A key whose first request is still being processed is answered 409
 * idempotency_request_in_progress: that happens while a delay fault
 * holds the commit back.
 *
 * Test-only control endpoints (--control):
 *   GET  /control/stats     {"catalogue_bodies", "catalogue_not_modified", "orders_not_modified",
 *                            "catalogue_cursor_seq", "orders" (rows),
 *                            "orders_created", "complaints_created",
 *                            "faults_fired", "requests": {"POST /v1/orders": n, …}}
 *   POST /control/orders/{id}/advance
 *        {"to": "confirmed"|"picking"|"on_its_way"|"delivered",
 *         "substitute": {"line": 0, "product_id": "…"[, "quantity": {…}]} or [ … ],
 *         "picked": [{"line": 1, "quantity": {"unit": "gram", "value": 842}}],
 *         "missing": [2],
 *         "planned_window": {"start": …, "end": …},  (default: first hour of the slot)
 *         "message": "…"}                            → 200, the order
 *   POST /control/orders/{id}/complaints/{complaint_id}/answer
 *        {"resolution": "credit"|"redelivery"|"rejected"[, "text": "…"]} → 200, the order
 *   POST /control/slots/{slot_id} {"full": true|false} → 200 {"slot_id", "full"}
 *   POST /control/catalogue/generate {"products": N, "changed": K, "generation": G}
 *        replaces the catalogue with `--generate N`'s, in which K products
 *        (spread evenly) have another price for each generation G ≥ 1
 *        (G = 0: the plain generated catalogue), so the next
 *        GET /v1/catalogue?since=… is a delta of K products (benchmarks)
 *        → 200 {"changed": true|false, "catalogue_cursor_seq": n}
 *   POST /control/faults   one fault or {"faults": [ … ]}; a fault is
 *        {"kind": "drop-after-commit"|"delay"|"500"|"503"|"429"|"truncated-body"|
 *                 "wrong-content-type"|"reset-connection",
 *         "method": "POST" (default: any), "path_prefix": "/v1/orders" (default "/v1/"),
 *         "count": 1, "delay_ms": 1000, "retry_after": 2}  → 201 {"faults": [queue]}
 *   GET  /control/faults   → {"faults": [queue]};  DELETE → 204, queue emptied
 *   Each matching request (never /control/…) uses up one count of the
 *   first matching fault.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-server.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "supplier-catalogue.h"
#include "supplier-clock.h"
#include "supplier-customers.h"
#include "supplier-faults.h"
#include "supplier-slots.h"

/* Failed enrolments allowed per address and window before 429. */
#define ENROL_MAX_FAILURES    10
#define ENROL_WINDOW_SECONDS  60

/* libsoup 3.2 has no SOUP_STATUS_TOO_MANY_REQUESTS. */
#define STATUS_TOO_MANY_REQUESTS 429

/* How long a slot hold lasts (the protocol: at least 10 minutes). */
#define HOLD_SECONDS (20 * 60)

#define CUSTOMERS_DEFAULT_PAGE_SIZE 500
#define CUSTOMERS_MAX_PAGE_SIZE     2000

/* The protocol's BasketWrite.lines maxItems. */
#define BASKET_MAX_LINES 300

#define PROBLEM_BASE "https://handla.github.io/problems/"

struct _SupplierServer
{
  SoupServer    *server;
  SupplierStore *store;
  gboolean       control;

  /* remote host → EnrolFailures */
  GHashTable    *enrol_failures;

  /* Reported by the control endpoint. */
  guint64        catalogue_bodies;
  guint64        catalogue_not_modified;
  guint64        orders_not_modified;     /* 304s to GET /v1/orders/{id} */
  guint64        orders_created;
  guint64        complaints_created;
  guint64        faults_fired;
  /* "METHOD path" → count */
  GHashTable    *requests;

  /* Fault injection (--control only): queue of SupplierFault. */
  GQueue         faults;
  /* Set while a route runs under a delay fault; taken by the routes
   * with an Idempotency-Key, which then commit after the delay. */
  guint          delay_ms;
  /* "unit\nkey" of the Idempotency-Keys whose first request is still
   * being processed. */
  GHashTable    *in_progress;
};

typedef struct {
  SupplierServer     *self;
  SoupServerCallback  callback;
} Route;

typedef struct {
  gint64 window_start;
  guint  count;
} EnrolFailures;

/* ---- helpers ------------------------------------------------------------ */

static char *
now_rfc3339 (void)
{
  g_autoptr(GDateTime) now = supplier_clock_now ();

  return supplier_format_time (now);
}

static void
send_json (SoupServerMessage *msg,
           guint              status,
           const char        *content_type,
           JsonBuilder       *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize len = 0;
  char *data;

  json_generator_set_root (generator, root);
  data = json_generator_to_data (generator, &len);
  soup_server_message_set_status (msg, status,
                                  status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, data, len);
}

/* A problem detail; @errors (of ProblemError objects) and @cutoff are
 * optional. */
static void
send_problem_full (SoupServerMessage *msg,
                   guint              status,
                   const char        *code,
                   const char        *title,
                   const char        *detail,
                   JsonArray         *errors,
                   const char        *cutoff)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *type = g_strconcat (PROBLEM_BASE, code, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, title);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  if (detail != NULL)
    {
      json_builder_set_member_name (builder, "detail");
      json_builder_add_string_value (builder, detail);
    }
  if (cutoff != NULL)
    {
      json_builder_set_member_name (builder, "cutoff");
      json_builder_add_string_value (builder, cutoff);
    }
  if (errors != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, errors);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_value (builder, node);
    }
  json_builder_end_object (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  send_json (msg, status, "application/problem+json", builder);
}

static void
send_problem (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *title,
              const char        *detail)
{
  send_problem_full (msg, status, code, title, detail, NULL, NULL);
}

/* 204 No Content. libsoup 3.2 closes the connection after a 204 (its
 * server takes a response without Content-Length for one that ends with
 * the connection) but does not say so: a client that keeps connections
 * alive, as Node.js does (Prism in the contract suite), then sends its
 * next request on the closed connection and gets no answer. Say it. */
static void
send_no_content (SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

static void
send_internal_error (SoupServerMessage *msg,
                     const GError      *error)
{
  g_warning ("Internal error: %s", error != NULL ? error->message : "?");
  send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "Internt fel", NULL);
}

static void
send_invalid_request (SoupServerMessage *msg,
                      const char        *detail)
{
  send_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran", detail);
}

static void
send_not_found (SoupServerMessage *msg)
{
  send_problem (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Finns inte", NULL);
}

static void
send_method_not_allowed (SoupServerMessage *msg,
                         const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  send_problem (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request",
                "Metoden stöds inte", NULL);
}

static gboolean
method_is (SoupServerMessage *msg,
           const char        *method)
{
  return g_str_equal (soup_server_message_get_method (msg), method);
}

/* The bearer token of the request, or NULL. */
static char *
dup_bearer_token (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0)
    return NULL;
  value += 7;
  while (*value == ' ')
    value++;
  return g_strstrip (g_strdup (value));
}

/* Checks the bearer token; answers 401 and returns FALSE if it is not
 * valid. @tablet_id and @unit_id may be NULL. */
static gboolean
authenticate (SupplierServer     *self,
              SoupServerMessage  *msg,
              char              **tablet_id,
              char              **unit_id)
{
  g_autofree char *token = dup_bearer_token (msg);
  g_autofree char *tablet = NULL;
  g_autofree char *unit = NULL;

  if (supplier_store_lookup_tablet (self->store, token, &tablet, &unit))
    {
      if (tablet_id != NULL)
        *tablet_id = g_steal_pointer (&tablet);
      if (unit_id != NULL)
        *unit_id = g_steal_pointer (&unit);
      return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate",
                                token == NULL
                                  ? "Bearer realm=\"handla\""
                                  : "Bearer realm=\"handla\", error=\"invalid_token\"");
  send_problem (msg, SOUP_STATUS_UNAUTHORIZED, "token_invalid",
                "Surfplattan är inte registrerad",
                token == NULL ? "Authorization saknas." : "Token är okänd eller återkallad.");
  return FALSE;
}

static gboolean
check_token (SupplierServer    *self,
             SoupServerMessage *msg)
{
  return authenticate (self, msg, NULL, NULL);
}

/* Weak comparison (RFC 9110 §8.8.3.2) of @etag against an If-None-Match
 * list. */
static gboolean
if_none_match_matches (const char *header,
                       const char *etag)
{
  g_auto(GStrv) tags = NULL;
  const char *ours = g_str_has_prefix (etag, "W/") ? etag + 2 : etag;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_equal (tag, "*"))
        return TRUE;
      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, ours))
        return TRUE;
    }
  return FALSE;
}

static const char *
query_get (GHashTable *query,
           const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

/* Counts a failed enrolment of @host; TRUE while it is under the limit.
 * *@retry_after is how long until the window ends. */
static gboolean
enrol_allowed (SupplierServer *self,
               const char     *host,
               gboolean        failed,
               guint          *retry_after)
{
  gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
  EnrolFailures *failures = g_hash_table_lookup (self->enrol_failures, host);

  if (failures == NULL || now - failures->window_start >= ENROL_WINDOW_SECONDS)
    {
      if (!failed)
        return TRUE;
      if (failures == NULL)
        {
          failures = g_new0 (EnrolFailures, 1);
          g_hash_table_insert (self->enrol_failures, g_strdup (host), failures);
        }
      failures->window_start = now;
      failures->count = 0;
    }
  if (failed)
    failures->count++;
  *retry_after = (guint) MAX (1, ENROL_WINDOW_SECONDS - (now - failures->window_start));
  return failures->count < ENROL_MAX_FAILURES;
}

static void
send_rate_limited (SoupServerMessage *msg,
                   guint              retry_after)
{
  g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", seconds);
  send_problem (msg, STATUS_TOO_MANY_REQUESTS, "rate_limited", "För många anrop", NULL);
}

/* The request body as a JSON object, or NULL after answering 400. */
static JsonObject *
read_json_object (SoupServerMessage *msg,
                  JsonParser        *parser)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (body, &len);
  JsonNode *root;

  if (len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, &error))
    {
      send_invalid_request (msg, "Kroppen är inte JSON.");
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      send_invalid_request (msg, "Kroppen är inte ett JSON-objekt.");
      return NULL;
    }
  return json_node_get_object (root);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
enrolment_code_is_well_formed (const char *code)
{
  gsize len = strlen (code);

  if (len < 6 || len > 40)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isupper (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* ---- routes ------------------------------------------------------------- */

static void
enrol_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *tablet_id = NULL;
  g_autofree char *issued_at = NULL;
  g_autofree char *head_json = NULL;
  g_autoptr(JsonParser) head_parser = json_parser_new ();
  const char *host = soup_server_message_get_remote_host (msg);
  const char *code, *device_name;
  const char *supplier_id = "demo", *supplier_name = "Demobutiken";
  JsonObject *request;
  guint retry_after = 0;

  if (!g_str_equal (path, "/v1/enrol"))
    {
      send_not_found (msg);
      return;
    }
  if (!method_is (msg, SOUP_METHOD_POST))
    {
      send_method_not_allowed (msg, "POST");
      return;
    }
  if (host == NULL)
    host = "";
  if (!enrol_allowed (self, host, FALSE, &retry_after))
    {
      send_rate_limited (msg, retry_after);
      return;
    }

  request = read_json_object (msg, parser);
  if (request == NULL)
    return;
  code = get_string_member (request, "code");
  device_name = get_string_member (request, "device_name");
  if (code == NULL || !enrolment_code_is_well_formed (code))
    {
      send_invalid_request (msg, "Medlemmen \"code\" saknas eller är felaktig.");
      return;
    }
  if (device_name == NULL || *device_name == '\0' ||
      g_utf8_strlen (device_name, -1) > 80)
    {
      send_invalid_request (msg, "Medlemmen \"device_name\" saknas eller är felaktig.");
      return;
    }

  if (!supplier_store_enrol (self->store, code, device_name, now, &token, &tablet_id, &error))
    {
      if (g_error_matches (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CODE_INVALID))
        {
          if (!enrol_allowed (self, host, TRUE, &retry_after))
            send_rate_limited (msg, retry_after);
          else
            send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "enrolment_code_invalid",
                          "Koden gäller inte", "Be om en ny kod.");
        }
      else
        {
          g_warning ("Enrolment failed: %s", error->message);
          send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                        "Internt fel", NULL);
        }
      return;
    }

  /* The supplier's name is the catalogue's. */
  head_json = supplier_store_dup_catalogue_head (self->store);
  if (json_parser_load_from_data (head_parser, head_json, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (head_parser)))
    {
      JsonObject *head = json_node_get_object (json_parser_get_root (head_parser));
      JsonNode *node = json_object_get_member (head, "supplier");

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *supplier = json_node_get_object (node);

          supplier_id = json_object_get_string_member_with_default (supplier, "id", supplier_id);
          supplier_name = json_object_get_string_member_with_default (supplier, "name",
                                                                      supplier_name);
        }
    }

  issued_at = now_rfc3339 ();
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_member (builder, "token", token);
  add_string_member (builder, "token_type", "Bearer");
  add_string_member (builder, "tablet_id", tablet_id);
  json_builder_set_member_name (builder, "unit");
  json_builder_begin_object (builder);
  add_string_member (builder, "unit_id", SUPPLIER_UNIT_ID);
  add_string_member (builder, "name", SUPPLIER_UNIT_NAME);
  add_string_member (builder, "phone", SUPPLIER_UNIT_PHONE);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "supplier");
  json_builder_begin_object (builder);
  add_string_member (builder, "id", supplier_id);
  add_string_member (builder, "name", supplier_name);
  add_string_member (builder, "phone", "+46855598700");
  json_builder_end_object (builder);
  add_string_member (builder, "issued_at", issued_at);
  json_builder_end_object (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
  g_debug ("Enrolled tablet %s (%s)", tablet_id, device_name);
}

static void
catalogue_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SupplierServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  const char *page = query_get (query, "page");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;

  if (!g_str_equal (path, "/v1/catalogue"))
    {
      if (check_token (self, msg))
        send_not_found (msg);
      return;
    }
  if (!method_is (msg, SOUP_METHOD_GET) && !method_is (msg, SOUP_METHOD_HEAD))
    {
      send_method_not_allowed (msg, "GET, HEAD");
      return;
    }
  if (!check_token (self, msg))
    return;

  soup_message_headers_replace (response_headers, "Cache-Control", "no-cache");

  /* Conditional requests are for the first request of a sync only. */
  if (page == NULL)
    {
      g_autofree char *current = supplier_catalogue_etag (self->store);

      if (if_none_match_matches (soup_message_headers_get_list (request_headers,
                                                                "If-None-Match"),
                                 current))
        {
          soup_message_headers_replace (response_headers, "ETag", current);
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
          self->catalogue_not_modified++;
          return;
        }
    }

  body = supplier_catalogue_respond (self->store,
                                     query_get (query, "since"),
                                     page,
                                     query_get (query, "page_size"),
                                     &etag,
                                     &error);
  if (body == NULL)
    {
      soup_message_headers_remove (response_headers, "Cache-Control");
      if (g_error_matches (error, SUPPLIER_CATALOGUE_ERROR,
                           SUPPLIER_CATALOGUE_ERROR_CURSOR_EXPIRED))
        send_problem (msg, SOUP_STATUS_GONE, "cursor_expired",
                      "Ändringarna finns inte kvar", error->message);
      else if (g_error_matches (error, SUPPLIER_CATALOGUE_ERROR,
                                SUPPLIER_CATALOGUE_ERROR_PAGE_EXPIRED))
        send_problem (msg, SOUP_STATUS_GONE, "page_expired",
                      "Sidan finns inte kvar", error->message);
      else if (g_error_matches (error, SUPPLIER_CATALOGUE_ERROR,
                                SUPPLIER_CATALOGUE_ERROR_INVALID))
        send_invalid_request (msg, error->message);
      else
        {
          g_warning ("Catalogue failed: %s", error->message);
          send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                        "Internt fel", NULL);
        }
      return;
    }

  soup_message_headers_replace (response_headers, "ETag", etag);
  soup_message_headers_set_content_type (response_headers, "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  self->catalogue_bodies++;
}

/* ---- customers, baskets, slots, holds ------------------------------------ */

static void
set_no_store (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
}

/* Parses @json (a stored record) and adds it to @builder as a value. */
static void
add_json_value (JsonBuilder *builder,
                const char  *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  json_builder_add_value (builder, node);
}

static void
add_problem_error (JsonArray  *errors,
                   const char *pointer,
                   const char *code,
                   const char *detail)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "pointer", pointer);
  json_object_set_string_member (object, "code", code);
  if (detail != NULL)
    json_object_set_string_member (object, "detail", detail);
  json_array_add_object_element (errors, object);
}

static char *
encode_page_token (const char *text)
{
  char *token = g_base64_encode ((const guchar *) text, strlen (text));

  g_strdelimit (token, "+", '-');
  g_strdelimit (token, "/", '_');
  g_strdelimit (token, "=", '\0');
  return token;
}

static char *
decode_page_token (const char *token)
{
  g_autoptr(GString) padded = g_string_new (token);
  g_autofree guchar *data = NULL;
  gsize len = 0;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  g_strdelimit (padded->str, "-", '+');
  g_strdelimit (padded->str, "_", '/');
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');
  data = g_base64_decode (padded->str, &len);
  if (data == NULL || len == 0 || !g_utf8_validate ((const char *) data, (gssize) len, NULL))
    return NULL;
  return g_strndup ((const char *) data, len);
}

static gboolean
parse_page_size (const char *text,
                 guint      *page_size)
{
  guint64 value = 0;

  if (text == NULL)
    {
      *page_size = CUSTOMERS_DEFAULT_PAGE_SIZE;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 1, CUSTOMERS_MAX_PAGE_SIZE, &value, NULL))
    return FALSE;
  *page_size = (guint) value;
  return TRUE;
}

static const char * const open_statuses[] = {
  "received", "confirmed", "picking", "on_its_way", NULL
};

/* @record (a stored customer) with its open_order_ids filled in. */
static char *
with_open_orders (SupplierServer *self,
                  const char     *unit_id,
                  const char     *record)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (record, &error);
  g_autoptr(GPtrArray) orders = NULL;
  JsonObject *customer;
  JsonArray *ids;

  g_assert_no_error (error);
  customer = json_node_get_object (node);
  orders = supplier_store_list_orders (self->store, unit_id,
                                       json_object_get_string_member (customer, "id"),
                                       open_statuses, NULL);
  ids = json_array_new ();
  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      g_autoptr(JsonNode) order = json_from_string (g_ptr_array_index (orders, i), NULL);

      json_array_add_string_element (ids, json_object_get_string_member (
        json_node_get_object (order), "id"));
    }
  json_object_set_array_member (customer, "open_order_ids", ids);
  return json_to_string (node, FALSE);
}

/* GET /v1/customers: keyset pages in order of display name; a page
 * token is the base64url of the last id of the page before. */
static void
list_customers (SupplierServer    *self,
                SoupServerMessage *msg,
                const char        *unit_id,
                GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *after = NULL;
  const char *page = query_get (query, "page");
  guint page_size, start = 0, end;

  if (!parse_page_size (query_get (query, "page_size"), &page_size))
    {
      send_invalid_request (msg, "page_size ska vara 1 till 2000.");
      return;
    }
  if (page != NULL && (after = decode_page_token (page)) == NULL)
    {
      send_invalid_request (msg, "Okänd page.");
      return;
    }

  records = supplier_store_list_customers (self->store, unit_id, &error);
  if (records == NULL)
    {
      send_internal_error (msg, error);
      return;
    }

  if (after != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < records->len && !found; i++)
        {
          g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (records, i), NULL);
          const char *id = json_object_get_string_member (json_node_get_object (node), "id");

          if (g_str_equal (id, after))
            {
              found = TRUE;
              start = i + 1;
            }
        }
      if (!found)
        {
          send_problem (msg, SOUP_STATUS_GONE, "page_expired", "Sidan finns inte kvar",
                        "Börja om listan.");
          return;
        }
    }
  end = MIN (records->len, start + page_size);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customers");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      g_autofree char *record = with_open_orders (self, unit_id, g_ptr_array_index (records, i));

      add_json_value (builder, record);
    }
  json_builder_end_array (builder);
  if (end < records->len)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (records, end - 1), NULL);
      g_autofree char *token = encode_page_token (
        json_object_get_string_member (json_node_get_object (node), "id"));

      add_string_member (builder, "next_page", token);
    }
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- basket ---- */

static char *
basket_etag (SupplierServer *self,
             const char     *customer_id,
             gint64          version)
{
  return g_strdup_printf ("\"b-%s-%s-%" G_GINT64_FORMAT "\"",
                          supplier_store_get_epoch (self->store), customer_id, version);
}

static void
send_basket (SupplierServer    *self,
             SoupServerMessage *msg,
             const char        *customer_id,
             SupplierBasket    *basket)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *etag = basket_etag (self, customer_id, basket->version);

  json_builder_begin_object (builder);
  add_string_member (builder, "customer_id", customer_id);
  json_builder_set_member_name (builder, "lines");
  add_json_value (builder, basket->lines != NULL ? basket->lines : "[]");
  json_builder_set_member_name (builder, "removed_lines");
  add_json_value (builder, basket->removed_lines != NULL ? basket->removed_lines : "[]");
  if (basket->updated_at != NULL)
    add_string_member (builder, "updated_at", basket->updated_at);
  if (basket->updated_by_tablet != NULL)
    add_string_member (builder, "updated_by_tablet", basket->updated_by_tablet);
  json_builder_end_object (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static void
get_basket (SupplierServer    *self,
            SoupServerMessage *msg,
            const char        *customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  SupplierBasket basket;

  if (!supplier_store_get_basket (self->store, customer_id, &basket, &error))
    {
      send_internal_error (msg, error);
      return;
    }
  etag = basket_etag (self, customer_id, basket.version);
  if (if_none_match_matches (soup_message_headers_get_list (
                               soup_server_message_get_request_headers (msg), "If-None-Match"),
                             etag))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
    }
  else
    send_basket (self, msg, customer_id, &basket);
  supplier_basket_clear (&basket);
}

static gboolean
id_is_valid (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len < 1 || len > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._:-", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* An RFC 3339 date-time with an explicit offset. */
static gboolean
date_time_is_valid (const char *text)
{
  static GRegex *regex;
  g_autoptr(GDateTime) parsed = NULL;

  if (regex == NULL)
    regex = g_regex_new ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?"
                         "(Z|[+-][0-9]{2}:[0-9]{2})$", G_REGEX_CASELESS, 0, NULL);
  if (text == NULL || !g_regex_match (regex, text, 0, NULL))
    return FALSE;
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}

/* The member @name of @object: NULL if absent; *@bad if present but not
 * a string. */
static const char *
optional_string (JsonObject *object,
                 const char *name,
                 gboolean   *bad)
{
  JsonNode *node = json_object_get_member (object, name);

  *bad = FALSE;
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *bad = TRUE;
      return NULL;
    }
  return json_node_get_string (node);
}

/* Checks one entry (a line, or a tombstone if !@is_line) at @base, adds
 * what is wrong to @errors and, if nothing is, its normalized form (known
 * members only) to @out. */
static void
check_basket_entry (JsonNode    *node,
                    const char  *base,
                    gboolean     is_line,
                    GHashTable  *seen,
                    JsonArray   *errors,
                    JsonArray   *out)
{
  JsonObject *entry, *copy;
  const char *product_id, *changed_at, *substitution = NULL, *note = NULL, *unit = NULL;
  gint64 value = 0;
  gboolean bad = FALSE;
  guint n_errors = json_array_get_length (errors);
  g_autofree char *p_product = g_strconcat (base, "/product_id", NULL);
  g_autofree char *p_changed = g_strconcat (base, "/changed_at", NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      add_problem_error (errors, base, "invalid", "Raden ska vara ett objekt.");
      return;
    }
  entry = json_node_get_object (node);

  product_id = optional_string (entry, "product_id", &bad);
  if (product_id == NULL)
    add_problem_error (errors, p_product, bad ? "invalid" : "required", NULL);
  else if (!id_is_valid (product_id))
    add_problem_error (errors, p_product, "invalid", NULL);
  else if (g_hash_table_contains (seen, product_id))
    add_problem_error (errors, p_product, "duplicate_product",
                       "Högst en rad eller borttagning per vara.");
  else
    g_hash_table_add (seen, g_strdup (product_id));

  changed_at = optional_string (entry, "changed_at", &bad);
  if (changed_at == NULL)
    add_problem_error (errors, p_changed, bad ? "invalid" : "required", NULL);
  else if (!date_time_is_valid (changed_at))
    add_problem_error (errors, p_changed, "invalid", "Tid enligt RFC 3339 med tidszon.");

  if (is_line)
    {
      g_autofree char *p_quantity = g_strconcat (base, "/quantity", NULL);
      g_autofree char *p_unit = g_strconcat (base, "/quantity/unit", NULL);
      g_autofree char *p_value = g_strconcat (base, "/quantity/value", NULL);
      g_autofree char *p_substitution = g_strconcat (base, "/substitution", NULL);
      g_autofree char *p_note = g_strconcat (base, "/note", NULL);
      JsonNode *quantity = json_object_get_member (entry, "quantity");

      if (quantity == NULL)
        add_problem_error (errors, p_quantity, "required", NULL);
      else if (!JSON_NODE_HOLDS_OBJECT (quantity))
        add_problem_error (errors, p_quantity, "invalid", NULL);
      else
        {
          JsonObject *q = json_node_get_object (quantity);
          JsonNode *value_node = json_object_get_member (q, "value");

          unit = optional_string (q, "unit", &bad);
          if (unit == NULL)
            add_problem_error (errors, p_unit, bad ? "invalid" : "required", NULL);
          else if (!g_str_equal (unit, "piece") && !g_str_equal (unit, "gram"))
            add_problem_error (errors, p_unit, "invalid", "piece eller gram.");

          if (value_node == NULL)
            add_problem_error (errors, p_value, "required", NULL);
          else if (!JSON_NODE_HOLDS_VALUE (value_node) ||
                   json_node_get_value_type (value_node) != G_TYPE_INT64)
            add_problem_error (errors, p_value, "invalid", "Ett heltal.");
          else
            {
              value = json_node_get_int (value_node);
              if (value < 1 || value > 50000)
                add_problem_error (errors, p_value, "quantity_out_of_range", "1 till 50000.");
            }
        }

      substitution = optional_string (entry, "substitution", &bad);
      if (substitution == NULL)
        add_problem_error (errors, p_substitution, bad ? "invalid" : "required", NULL);
      else if (!g_str_equal (substitution, "similar") && !g_str_equal (substitution, "only_this") &&
               !g_str_equal (substitution, "call_unit"))
        add_problem_error (errors, p_substitution, "invalid", NULL);

      note = optional_string (entry, "note", &bad);
      if (bad || (note != NULL && g_utf8_strlen (note, -1) > 200))
        add_problem_error (errors, p_note, "invalid", "Högst 200 tecken.");
    }

  if (json_array_get_length (errors) != n_errors)
    return;

  copy = json_object_new ();
  json_object_set_string_member (copy, "product_id", product_id);
  if (is_line)
    {
      JsonObject *q = json_object_new ();

      json_object_set_string_member (q, "unit", unit);
      json_object_set_int_member (q, "value", value);
      json_object_set_object_member (copy, "quantity", q);
      json_object_set_string_member (copy, "substitution", substitution);
      if (note != NULL)
        json_object_set_string_member (copy, "note", note);
    }
  json_object_set_string_member (copy, "changed_at", changed_at);
  json_array_add_object_element (out, copy);
}

static char *
array_to_string (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

/* The version named by a strong If-Match for this customer's basket;
 * -1 if it names none of ours. */
static gint64
if_match_version (SupplierServer *self,
                  const char     *header,
                  const char     *customer_id)
{
  g_autofree char *prefix = g_strdup_printf ("\"b-%s-%s-", supplier_store_get_epoch (self->store),
                                             customer_id);
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      char *tag = g_strstrip (tags[i]);
      guint64 version;
      gsize len = strlen (tag);

      if (!g_str_has_prefix (tag, prefix) || len < strlen (prefix) + 2 || tag[len - 1] != '"')
        continue;
      tag[len - 1] = '\0';
      if (g_ascii_string_to_unsigned (tag + strlen (prefix), 10, 0, G_MAXINT64, &version, NULL))
        return (gint64) version;
    }
  return -1;
}

static void
put_basket (SupplierServer    *self,
            SoupServerMessage *msg,
            const char        *customer_id,
            const char        *tablet_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonArray) lines = json_array_new ();
  g_autoptr(JsonArray) removed = json_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *lines_json = NULL;
  g_autofree char *removed_json = NULL;
  g_autofree char *updated_at = NULL;
  const char *if_match = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "If-Match");
  g_auto(GStrv) star_check = NULL;
  JsonObject *body;
  JsonNode *lines_node, *removed_node;
  gint64 version, new_version = 0;
  SupplierBasket basket = { 0 };

  if (if_match == NULL || *if_match == '\0')
    {
      send_problem (msg, 428, "precondition_required", "If-Match saknas",
                    "Hämta korgen och skicka dess ETag.");
      return;
    }
  star_check = g_strsplit (if_match, ",", -1);
  for (guint i = 0; star_check[i] != NULL; i++)
    g_strstrip (star_check[i]);
  if (g_strv_contains ((const char * const *) star_check, "*"))
    {
      send_invalid_request (msg, "If-Match: * tas inte emot.");
      return;
    }

  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  lines_node = json_object_get_member (body, "lines");
  removed_node = json_object_get_member (body, "removed_lines");
  if (lines_node == NULL || !JSON_NODE_HOLDS_ARRAY (lines_node) ||
      removed_node == NULL || !JSON_NODE_HOLDS_ARRAY (removed_node))
    {
      g_autoptr(JsonArray) missing = json_array_new ();

      if (lines_node == NULL || !JSON_NODE_HOLDS_ARRAY (lines_node))
        add_problem_error (missing, "/lines", lines_node == NULL ? "required" : "invalid", NULL);
      if (removed_node == NULL || !JSON_NODE_HOLDS_ARRAY (removed_node))
        add_problem_error (missing, "/removed_lines",
                           removed_node == NULL ? "required" : "invalid", NULL);
      send_problem_full (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran",
                         "Korgen ska ha \"lines\" och \"removed_lines\".", missing, NULL);
      return;
    }

  {
    JsonArray *array = json_node_get_array (lines_node);
    guint n = json_array_get_length (array);

    if (n > BASKET_MAX_LINES)
      add_problem_error (errors, "/lines", "invalid", "Högst 300 rader.");
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *base = g_strdup_printf ("/lines/%u", i);

        check_basket_entry (json_array_get_element (array, i), base, TRUE, seen, errors, lines);
      }
    array = json_node_get_array (removed_node);
    n = json_array_get_length (array);
    for (guint i = 0; i < n; i++)
      {
        g_autofree char *base = g_strdup_printf ("/removed_lines/%u", i);

        check_basket_entry (json_array_get_element (array, i), base, FALSE, seen, errors,
                            removed);
      }
  }
  if (json_array_get_length (errors) > 0)
    {
      send_problem_full (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                         "Korgen kan inte sparas", NULL, errors, NULL);
      return;
    }

  version = if_match_version (self, if_match, customer_id);
  lines_json = array_to_string (lines);
  removed_json = array_to_string (removed);
  updated_at = now_rfc3339 ();
  if (version < 0 ||
      !supplier_store_put_basket (self->store, customer_id, version, lines_json, removed_json,
                                  updated_at, tablet_id, &new_version, &error))
    {
      if (version < 0 || g_error_matches (error, SUPPLIER_STORE_ERROR,
                                          SUPPLIER_STORE_ERROR_CONFLICT))
        send_problem (msg, SOUP_STATUS_PRECONDITION_FAILED, "basket_conflict",
                      "Korgen har ändrats på en annan surfplatta",
                      "Hämta korgen, slå ihop och försök igen.");
      else
        send_internal_error (msg, error);
      return;
    }

  basket.version = new_version;
  basket.lines = g_steal_pointer (&lines_json);
  basket.removed_lines = g_steal_pointer (&removed_json);
  basket.updated_at = g_steal_pointer (&updated_at);
  basket.updated_by_tablet = g_strdup (tablet_id);
  send_basket (self, msg, customer_id, &basket);
  supplier_basket_clear (&basket);
}

/* ---- slots and holds ---- */

static void
add_time_member (JsonBuilder *builder,
                 const char  *name,
                 GDateTime   *time)
{
  g_autofree char *text = supplier_format_time (time);

  add_string_member (builder, name, text);
}

static void
add_slot (JsonBuilder  *builder,
          SupplierSlot *slot)
{
  json_builder_begin_object (builder);
  add_string_member (builder, "id", slot->id);
  json_builder_set_member_name (builder, "window");
  json_builder_begin_object (builder);
  add_time_member (builder, "start", slot->start);
  add_time_member (builder, "end", slot->end);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "fee_ore");
  json_builder_add_int_value (builder, slot->fee_ore);
  json_builder_set_member_name (builder, "unpacking_fee_ore");
  json_builder_add_int_value (builder, slot->unpacking_fee_ore);
  json_builder_set_member_name (builder, "minimum_order_ore");
  json_builder_add_int_value (builder, slot->minimum_order_ore);
  add_time_member (builder, "cutoff", slot->cutoff);
  json_builder_set_member_name (builder, "available");
  json_builder_add_boolean_value (builder, slot->available);
  if (!slot->available)
    {
      add_string_member (builder, "unavailable_reason", slot->unavailable_reason);
      add_string_member (builder, "unavailable_text", slot->unavailable_text);
    }
  json_builder_end_object (builder);
}

static void
list_slots (SupplierServer    *self,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GPtrArray) slots = NULL;
  GDate from, to;

  if (!supplier_parse_date (query_get (query, "from"), &from) ||
      !supplier_parse_date (query_get (query, "to"), &to))
    {
      send_invalid_request (msg, "from och to ska vara datum (ÅÅÅÅ-MM-DD).");
      return;
    }
  if (g_date_compare (&from, &to) > 0 || g_date_days_between (&from, &to) > 31)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid_date_range", "Felaktigt datumintervall",
                    "from får inte vara efter to, och högst 31 dagar emellan.");
      return;
    }

  slots = supplier_slots_list (now, &from, &to);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    add_slot (builder, g_ptr_array_index (slots, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static void
hold_slot (SupplierServer    *self,
           SoupServerMessage *msg,
           const char        *customer_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(SupplierSlot) slot = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *location = NULL;
  gint64 expires_at = g_date_time_to_unix (now) + HOLD_SECONDS;
  gboolean renewed = FALSE;
  JsonObject *body;
  const char *slot_id;

  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  slot_id = get_string_member (body, "slot_id");
  if (slot_id == NULL)
    {
      send_invalid_request (msg, "Medlemmen \"slot_id\" saknas.");
      return;
    }
  if (id_is_valid (slot_id))
    slot = supplier_slot_lookup (slot_id, now);
  if (slot == NULL)
    {
      g_autoptr(JsonArray) errors = json_array_new ();

      add_problem_error (errors, "/slot_id", "unknown_slot", "Hämta leveranstiderna igen.");
      send_problem_full (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                         "Leveranstiden finns inte", NULL, errors, NULL);
      return;
    }
  if (!slot->available && g_str_equal (slot->unavailable_reason, "cutoff_passed"))
    {
      g_autofree char *cutoff = supplier_format_time (slot->cutoff);

      send_problem_full (msg, SOUP_STATUS_CONFLICT, "cutoff_passed",
                         "Sista beställningstid har passerat", NULL, NULL, cutoff);
      return;
    }
  if (!slot->available)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "slot_unavailable",
                    "Leveranstiden är inte längre ledig", slot->unavailable_text);
      return;
    }

  if (!supplier_store_hold_slot (self->store, customer_id, slot->id, g_date_time_to_unix (now),
                                 expires_at, &hold_id, &renewed, &error))
    {
      send_internal_error (msg, error);
      return;
    }

  expires_text = supplier_format_unix (expires_at);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_string_member (builder, "hold_id", hold_id);
  add_string_member (builder, "customer_id", customer_id);
  json_builder_set_member_name (builder, "slot");
  add_slot (builder, slot);
  add_string_member (builder, "expires_at", expires_text);
  json_builder_end_object (builder);

  if (!renewed)
    {
      location = g_strconcat ("/v1/slot-holds/", hold_id, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Location", location);
    }
  send_json (msg, renewed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, "application/json", builder);
}

/* ---- orders ---------------------------------------------------------------- */

#define ORDER_MAX_LINES          300
#define IN_PROGRESS_RETRY_AFTER  1
#define COMPLAINT_WINDOW_DAYS    7
#define ORDER_NUMBER_BASE        4700

static const char * const order_statuses[] = {
  "received", "confirmed", "picking", "on_its_way", "delivered", NULL
};

static int
status_index (const char *status)
{
  for (int i = 0; order_statuses[i] != NULL; i++)
    if (g_strcmp0 (order_statuses[i], status) == 0)
      return i;
  return -1;
}

/* @node with every object's members sorted by name, so that two bodies
 * that differ only in member order and white space compare equal. */
static JsonNode *
canonical_node (JsonNode *node)
{
  JsonNode *result;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObject *copy = json_object_new ();
      GList *names = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);

      for (GList *l = names; l != NULL; l = l->next)
        json_object_set_member (copy, l->data,
                                canonical_node (json_object_get_member (object, l->data)));
      g_list_free (names);
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (result, copy);
      return result;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      JsonArray *copy = json_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, canonical_node (json_array_get_element (array, i)));
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (result, copy);
      return result;
    }
  return json_node_copy (node);
}

static char *
canonical_json (JsonNode *node)
{
  g_autoptr(JsonNode) canonical = canonical_node (node);

  return json_to_string (canonical, FALSE);
}

static gboolean
uuid_is_valid (const char *text)
{
  return text != NULL &&
         g_regex_match_simple ("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                               text, 0, 0);
}

/* Answers 400 and returns NULL unless the request has a well-formed
 * Idempotency-Key (an RFC 8941 string holding a lowercase UUID). */
static char *
require_idempotency_key (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Idempotency-Key");
  g_autofree char *text = NULL;
  gsize len;

  if (value == NULL)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "idempotency_key_missing",
                    "Idempotency-Key saknas", NULL);
      return NULL;
    }
  text = g_strstrip (g_strdup (value));
  len = strlen (text);
  if (len == 38 && text[0] == '"' && text[37] == '"')
    {
      text[37] = '\0';
      if (uuid_is_valid (text + 1))
        return g_strdup (text + 1);
    }
  send_invalid_request (msg, "Idempotency-Key ska vara en UUID inom citattecken.");
  return NULL;
}

static char *
scoped_key (const char *unit_id,
            const char *key)
{
  return g_strconcat (unit_id, "\n", key, NULL);
}

static char *
order_etag (SupplierServer *self,
            const char     *order_id,
            gint64          version)
{
  return g_strdup_printf ("\"o-%s-%s-%" G_GINT64_FORMAT "\"",
                          supplier_store_get_epoch (self->store), order_id, version);
}

/* TRUE if the list in @header names @etag exactly (strong comparison). */
static gboolean
if_match_contains (const char *header,
                   const char *etag)
{
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    if (g_str_equal (g_strstrip (tags[i]), etag))
      return TRUE;
  return FALSE;
}

static void
send_order_text (SupplierServer    *self,
                 SoupServerMessage *msg,
                 guint              status,
                 const char        *order_id,
                 gint64             version,
                 const char        *json)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *etag = order_etag (self, order_id, version);

  soup_message_headers_replace (headers, "ETag", etag);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if (status == SOUP_STATUS_CREATED)
    {
      g_autofree char *location = g_strconcat ("/v1/orders/", order_id, NULL);

      soup_message_headers_replace (headers, "Location", location);
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
send_cutoff_passed (SoupServerMessage *msg,
                    const char        *cutoff)
{
  send_problem_full (msg, SOUP_STATUS_CONFLICT, "cutoff_passed",
                     "Sista beställningstid har passerat",
                     "Beställningen kan inte längre ändras eller avbeställas.", NULL, cutoff);
}

static JsonNode *
parse_record (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

/* A product of the catalogue as an object node, or NULL. */
static JsonNode *
load_product (SupplierServer *self,
              const char     *id,
              gboolean       *deleted)
{
  g_autofree char *json = supplier_store_dup_product (self->store, id, deleted);

  return json != NULL ? parse_record (json) : NULL;
}

static gboolean
sold_by_weight (JsonObject *product)
{
  return g_strcmp0 (json_object_get_string_member_with_default (product, "sold_by", "piece"),
                    "weight") == 0;
}

/* The price now: the offer's, if one runs today (Europe/Stockholm). */
static gint64
product_price (JsonObject *product,
               GDateTime  *now)
{
  JsonObject *offer = json_object_has_member (product, "offer")
                        ? json_object_get_object_member (product, "offer") : NULL;

  if (offer != NULL && json_object_has_member (offer, "price_ore"))
    {
      const char *valid_to = json_object_get_string_member_with_default (offer, "valid_to",
                                                                         NULL);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (now, supplier_stockholm ());
      g_autofree char *today = g_date_time_format (local, "%Y-%m-%d");

      if (valid_to == NULL || strcmp (today, valid_to) <= 0)
        return json_object_get_int_member (offer, "price_ore");
    }
  return json_object_get_int_member (product, "price_ore");
}

/* The protocol's OrderLine.amount_ore. */
static gint64
line_amount (gint64      price_ore,
             const char *unit,
             gint64      value)
{
  if (g_str_equal (unit, "gram"))
    return (price_ore * value + 500) / 1000;
  return price_ore * value;
}

static JsonObject *
new_quantity (const char *unit,
              gint64      value)
{
  JsonObject *quantity = json_object_new ();

  json_object_set_string_member (quantity, "unit", unit);
  json_object_set_int_member (quantity, "value", value);
  return quantity;
}

/* Checks a Quantity at @base; on success sets *@unit and *@value. */
static gboolean
check_quantity (JsonObject  *parent,
                const char  *base,
                JsonArray   *errors,
                const char **unit,
                gint64      *value)
{
  g_autofree char *p_quantity = g_strconcat (base, "/quantity", NULL);
  g_autofree char *p_unit = g_strconcat (base, "/quantity/unit", NULL);
  g_autofree char *p_value = g_strconcat (base, "/quantity/value", NULL);
  JsonNode *node = json_object_get_member (parent, "quantity");
  JsonNode *value_node;
  JsonObject *q;
  gboolean bad = FALSE, ok = TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      add_problem_error (errors, p_quantity, node == NULL ? "required" : "invalid", NULL);
      return FALSE;
    }
  q = json_node_get_object (node);
  *unit = optional_string (q, "unit", &bad);
  if (*unit == NULL || (!g_str_equal (*unit, "piece") && !g_str_equal (*unit, "gram")))
    {
      add_problem_error (errors, p_unit, *unit == NULL && !bad ? "required" : "invalid",
                         "piece eller gram.");
      ok = FALSE;
    }
  value_node = json_object_get_member (q, "value");
  if (value_node == NULL || !JSON_NODE_HOLDS_VALUE (value_node) ||
      json_node_get_value_type (value_node) != G_TYPE_INT64)
    {
      add_problem_error (errors, p_value, value_node == NULL ? "required" : "invalid",
                         "Ett heltal.");
      ok = FALSE;
    }
  else
    {
      *value = json_node_get_int (value_node);
      if (*value < 1 || *value > 50000)
        {
          add_problem_error (errors, p_value, "quantity_out_of_range", "1 till 50000.");
          ok = FALSE;
        }
    }
  return ok;
}

/* The request's lines checked against the catalogue, as OrderLines;
 * what is wrong goes to @errors. */
static JsonArray *
compose_lines (SupplierServer *self,
               JsonArray      *lines,
               GDateTime      *now,
               JsonArray      *errors,
               gint64         *goods,
               gint64         *pant)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *out = json_array_new ();
  guint n = json_array_get_length (lines);

  *goods = 0;
  *pant = 0;
  if (n < 1 || n > ORDER_MAX_LINES)
    add_problem_error (errors, "/lines", "invalid", "1 till 300 rader.");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *base = g_strdup_printf ("/lines/%u", i);
      g_autofree char *p_product = g_strconcat (base, "/product_id", NULL);
      g_autofree char *p_unit = g_strconcat (base, "/quantity/unit", NULL);
      g_autofree char *p_substitution = g_strconcat (base, "/substitution", NULL);
      g_autofree char *p_note = g_strconcat (base, "/note", NULL);
      g_autoptr(JsonNode) product_node = NULL;
      JsonNode *node = json_array_get_element (lines, i);
      JsonObject *line, *product, *copy;
      const char *product_id, *unit = NULL, *substitution, *note;
      gint64 value = 0, price, amount;
      gboolean bad = FALSE, deleted = FALSE;
      guint n_errors = json_array_get_length (errors);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          add_problem_error (errors, base, "invalid", "Raden ska vara ett objekt.");
          continue;
        }
      line = json_node_get_object (node);

      product_id = optional_string (line, "product_id", &bad);
      if (product_id == NULL || !id_is_valid (product_id))
        add_problem_error (errors, p_product, product_id == NULL && !bad ? "required" : "invalid",
                           NULL);
      else if (g_hash_table_contains (seen, product_id))
        add_problem_error (errors, p_product, "duplicate_product", "Högst en rad per vara.");
      else
        {
          g_hash_table_add (seen, (gpointer) product_id);
          product_node = load_product (self, product_id, &deleted);
          if (product_node == NULL)
            add_problem_error (errors, p_product, deleted ? "product_unavailable" : "unknown_product",
                               deleted ? "Varan säljs inte längre." : "Varan finns inte.");
        }

      if (check_quantity (line, base, errors, &unit, &value) && product_node != NULL &&
          sold_by_weight (json_node_get_object (product_node)) != g_str_equal (unit, "gram"))
        add_problem_error (errors, p_unit, "unit_mismatch",
                           sold_by_weight (json_node_get_object (product_node))
                             ? "Varan säljs per vikt; ange gram." : "Varan säljs per styck.");

      substitution = optional_string (line, "substitution", &bad);
      if (substitution == NULL || (!g_str_equal (substitution, "similar") &&
                                   !g_str_equal (substitution, "only_this") &&
                                   !g_str_equal (substitution, "call_unit")))
        add_problem_error (errors, p_substitution,
                           substitution == NULL && !bad ? "required" : "invalid", NULL);

      note = optional_string (line, "note", &bad);
      if (bad || (note != NULL && g_utf8_strlen (note, -1) > 200))
        add_problem_error (errors, p_note, "invalid", "Högst 200 tecken.");

      if (json_array_get_length (errors) != n_errors)
        continue;

      product = json_node_get_object (product_node);
      price = product_price (product, now);
      amount = line_amount (price, unit, value);
      copy = json_object_new ();
      json_object_set_string_member (copy, "product_id", product_id);
      json_object_set_string_member (copy, "name", json_object_get_string_member (product, "name"));
      if (json_object_has_member (product, "size"))
        json_object_set_string_member (copy, "size",
                                       json_object_get_string_member (product, "size"));
      json_object_set_object_member (copy, "quantity", new_quantity (unit, value));
      json_object_set_string_member (copy, "substitution", substitution);
      if (note != NULL)
        json_object_set_string_member (copy, "note", note);
      json_object_set_int_member (copy, "price_ore", price);
      if (!sold_by_weight (product) && json_object_has_member (product, "pant_ore"))
        {
          gint64 pant_ore = json_object_get_int_member (product, "pant_ore");

          json_object_set_int_member (copy, "pant_ore", pant_ore);
          *pant += pant_ore * value;
        }
      json_object_set_int_member (copy, "amount_ore", amount);
      *goods += amount;
      json_array_add_object_element (out, copy);
    }
  return out;
}

static void
set_totals (JsonObject *order,
            gint64      goods,
            gint64      pant,
            gboolean    final)
{
  JsonObject *delivery = json_object_get_object_member (order, "delivery");
  JsonObject *old = json_object_has_member (order, "totals")
                      ? json_object_get_object_member (order, "totals") : NULL;
  JsonObject *notes = json_object_get_object_member (delivery, "notes");
  JsonObject *totals = json_object_new ();
  gint64 fee = old != NULL ? json_object_get_int_member (old, "delivery_fee_ore") : 0;
  gint64 unpacking = old != NULL
                       ? json_object_get_int_member_with_default (old, "unpacking_fee_ore", 0) : 0;

  json_object_set_int_member (totals, "goods_ore", goods);
  json_object_set_int_member (totals, "pant_ore", pant);
  json_object_set_int_member (totals, "delivery_fee_ore", fee);
  if (json_object_get_boolean_member (notes, "unpacking"))
    json_object_set_int_member (totals, "unpacking_fee_ore", unpacking);
  else
    unpacking = 0;
  json_object_set_int_member (totals, "customer_pays_ore", goods + pant);
  json_object_set_int_member (totals, "municipality_pays_ore", fee + unpacking);
  json_object_set_boolean_member (totals, "final", final);
  json_object_set_object_member (order, "totals", totals);
}

/* Checks the members an order and a change share (OrderChangeFields) for
 * @customer_id and makes the order's mode, carer, delivery, lines,
 * totals and cutoff from them. On failure it has answered (400, 409 or
 * 422) and returns NULL. *@hold_id is the hold to mark used, if any. */
static JsonObject *
compose_order (SupplierServer    *self,
               SoupServerMessage *msg,
               JsonObject        *body,
               const char        *customer_id,
               GDateTime         *now,
               char             **hold_id,
               char             **sort_key)
{
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonArray) lines = NULL;
  g_autoptr(SupplierSlot) slot = NULL;
  g_autofree char *hold_slot_id = NULL;
  g_autofree char *hold_order_id = NULL;
  JsonNode *delivery_node, *notes_node, *lines_node;
  JsonObject *delivery = NULL, *notes = NULL, *order, *delivery_out, *window, *notes_out;
  const char *mode, *carer_id, *slot_id = NULL, *hold = NULL, *access, *driver_note;
  gboolean bad = FALSE, hold_valid = FALSE, hold_released = FALSE;
  gint64 goods = 0, pant = 0, hold_expires = 0;

  *hold_id = NULL;
  *sort_key = NULL;

  mode = optional_string (body, "mode", &bad);
  if (mode == NULL)
    add_problem_error (missing, "/mode", bad ? "invalid" : "required", NULL);
  carer_id = optional_string (body, "carer_id", &bad);
  if (carer_id == NULL)
    add_problem_error (missing, "/carer_id", bad ? "invalid" : "required", NULL);
  delivery_node = json_object_get_member (body, "delivery");
  if (delivery_node == NULL || !JSON_NODE_HOLDS_OBJECT (delivery_node))
    add_problem_error (missing, "/delivery", delivery_node == NULL ? "required" : "invalid", NULL);
  else
    {
      delivery = json_node_get_object (delivery_node);
      slot_id = optional_string (delivery, "slot_id", &bad);
      if (slot_id == NULL)
        add_problem_error (missing, "/delivery/slot_id", bad ? "invalid" : "required", NULL);
      notes_node = json_object_get_member (delivery, "notes");
      if (notes_node == NULL || !JSON_NODE_HOLDS_OBJECT (notes_node))
        add_problem_error (missing, "/delivery/notes",
                           notes_node == NULL ? "required" : "invalid", NULL);
      else
        notes = json_node_get_object (notes_node);
    }
  lines_node = json_object_get_member (body, "lines");
  if (lines_node == NULL || !JSON_NODE_HOLDS_ARRAY (lines_node))
    add_problem_error (missing, "/lines", lines_node == NULL ? "required" : "invalid",
                       "Beställningen måste ha minst en rad.");
  if (json_array_get_length (missing) > 0)
    {
      send_problem_full (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran",
                         NULL, missing, NULL);
      return NULL;
    }

  if (!g_str_equal (mode, "together") && !g_str_equal (mode, "on_behalf"))
    add_problem_error (errors, "/mode", "invalid", "together eller on_behalf.");
  if (!id_is_valid (carer_id))
    add_problem_error (errors, "/carer_id", "invalid", NULL);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "carer_present" : "unpacking";
      g_autofree char *pointer = g_strconcat ("/delivery/notes/", name, NULL);
      JsonNode *flag = json_object_get_member (notes, name);

      if (flag == NULL || !JSON_NODE_HOLDS_VALUE (flag) ||
          json_node_get_value_type (flag) != G_TYPE_BOOLEAN)
        add_problem_error (errors, pointer, flag == NULL ? "required" : "invalid", NULL);
    }
  access = optional_string (notes, "access", &bad);
  if (bad || (access != NULL && g_utf8_strlen (access, -1) > 200))
    add_problem_error (errors, "/delivery/notes/access", "invalid", "Högst 200 tecken.");
  driver_note = optional_string (notes, "driver_note", &bad);
  if (bad || (driver_note != NULL && g_utf8_strlen (driver_note, -1) > 500))
    add_problem_error (errors, "/delivery/notes/driver_note", "invalid", "Högst 500 tecken.");

  if (id_is_valid (slot_id))
    slot = supplier_slot_lookup (slot_id, now);
  if (slot == NULL)
    add_problem_error (errors, "/delivery/slot_id", "unknown_slot", "Hämta leveranstiderna igen.");

  hold = optional_string (delivery, "hold_id", &bad);
  if (bad || (hold != NULL && !id_is_valid (hold)))
    add_problem_error (errors, "/delivery/hold_id", "invalid", NULL);
  else if (hold != NULL)
    {
      if (!supplier_store_find_hold (self->store, customer_id, hold, &hold_slot_id,
                                     &hold_expires, &hold_released, &hold_order_id) ||
          !g_str_equal (hold_slot_id, slot_id))
        add_problem_error (errors, "/delivery/hold_id", "unknown_hold",
                           "Reservationen gäller inte den här kunden och tiden.");
      else
        hold_valid = !hold_released && hold_order_id == NULL &&
                     hold_expires > g_date_time_to_unix (now);
    }

  lines = compose_lines (self, json_node_get_array (lines_node), now, errors, &goods, &pant);
  if (json_array_get_length (errors) > 0)
    {
      send_problem_full (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                         "Beställningen kan inte tas emot", NULL, errors, NULL);
      return NULL;
    }

  if (g_date_time_compare (now, slot->cutoff) >= 0)
    {
      g_autofree char *cutoff = supplier_format_time (slot->cutoff);

      send_cutoff_passed (msg, cutoff);
      return NULL;
    }
  if (!slot->available && !hold_valid)
    {
      if (hold != NULL)
        send_problem (msg, SOUP_STATUS_CONFLICT, "hold_expired",
                      "Reservationen har gått ut och tiden är fullbokad", NULL);
      else
        send_problem (msg, SOUP_STATUS_CONFLICT, "slot_unavailable",
                      "Leveranstiden är inte längre ledig", slot->unavailable_text);
      return NULL;
    }
  if (goods < slot->minimum_order_ore)
    {
      g_autofree char *detail = g_strdup_printf ("Minsta beställning är %" G_GINT64_FORMAT
                                                 " öre.", slot->minimum_order_ore);

      send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "minimum_order_not_met",
                    "Beställningen är för liten", detail);
      return NULL;
    }

  order = json_object_new ();
  {
    g_autofree char *cutoff = supplier_format_time (slot->cutoff);
    g_autofree char *start = supplier_format_time (slot->start);
    g_autofree char *end = supplier_format_time (slot->end);

    json_object_set_string_member (order, "cutoff", cutoff);
    json_object_set_string_member (order, "mode", mode);
    json_object_set_string_member (order, "carer_id", carer_id);
    delivery_out = json_object_new ();
    json_object_set_string_member (delivery_out, "slot_id", slot->id);
    window = json_object_new ();
    json_object_set_string_member (window, "start", start);
    json_object_set_string_member (window, "end", end);
    json_object_set_object_member (delivery_out, "window", window);
    notes_out = json_object_new ();
    json_object_set_boolean_member (notes_out, "carer_present",
                                    json_object_get_boolean_member (notes, "carer_present"));
    json_object_set_boolean_member (notes_out, "unpacking",
                                    json_object_get_boolean_member (notes, "unpacking"));
    if (access != NULL)
      json_object_set_string_member (notes_out, "access", access);
    if (driver_note != NULL)
      json_object_set_string_member (notes_out, "driver_note", driver_note);
    json_object_set_object_member (delivery_out, "notes", notes_out);
    json_object_set_object_member (order, "delivery", delivery_out);
    json_object_set_array_member (order, "lines", g_steal_pointer (&lines));
  }
  {
    /* Fees come from the slot. */
    JsonObject *totals = json_object_new ();

    json_object_set_int_member (totals, "delivery_fee_ore", slot->fee_ore);
    json_object_set_int_member (totals, "unpacking_fee_ore", slot->unpacking_fee_ore);
    json_object_set_object_member (order, "totals", totals);
    set_totals (order, goods, pant, FALSE);
  }

  if (hold_valid)
    *hold_id = g_strdup (hold);
  *sort_key = g_strdup_printf ("%012" G_GINT64_FORMAT, g_date_time_to_unix (slot->start));
  return order;
}

static char *
order_to_string (JsonObject *order)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, order);
  return json_to_string (node, FALSE);
}

static char *
sort_key_of (JsonObject *order)
{
  JsonObject *window = json_object_get_object_member (
    json_object_get_object_member (order, "delivery"), "window");
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (
    json_object_get_string_member (window, "start"), NULL);

  return g_strdup_printf ("%012" G_GINT64_FORMAT, g_date_time_to_unix (start));
}

/* Stores @order as the next version after @version; with @key, the
 * complaint's key too. */
static gboolean
store_order (SupplierServer  *self,
             const char      *unit_id,
             const char      *order_id,
             gint64           version,
             JsonObject      *order,
             const char      *key,
             const char      *request,
             const char      *complaint_id,
             GError         **error)
{
  g_autofree char *json = order_to_string (order);
  g_autofree char *sort_key = sort_key_of (order);
  g_autoptr(GDateTime) now = supplier_clock_now ();

  return supplier_store_put_order (self->store, unit_id, order_id, version,
                                   json_object_get_string_member (order, "status"), sort_key,
                                   json, key, request, complaint_id, g_date_time_to_unix (now),
                                   error);
}

static void
send_order_object (SupplierServer    *self,
                   SoupServerMessage *msg,
                   guint              status,
                   const char        *order_id,
                   gint64             version,
                   JsonObject        *order)
{
  g_autofree char *json = order_to_string (order);

  send_order_text (self, msg, status, order_id, version, json);
}

/* ---- deferred commits: "in progress" for Idempotency-Keys ---- */

typedef struct _Pending Pending;
struct _Pending {
  SupplierServer    *self;
  SoupServerMessage *msg;
  char              *scoped_key;
  gpointer           data;
  GDestroyNotify     data_free;
  void             (*commit) (Pending *pending);
};

static void
pending_free (Pending *pending)
{
  if (pending->data_free != NULL)
    pending->data_free (pending->data);
  g_object_unref (pending->msg);
  g_free (pending->scoped_key);
  g_free (pending);
}

static gboolean
pending_timeout_cb (gpointer user_data)
{
  Pending *pending = user_data;

  /* The work is done even if the client has gone meanwhile. */
  pending->commit (pending);
  g_hash_table_remove (pending->self->in_progress, pending->scoped_key);
  supplier_message_resume (pending->msg);
  pending_free (pending);
  return G_SOURCE_REMOVE;
}

/* Commits now, or, if a delay fault is waiting for this request, marks
 * the key in progress and commits when the delay is over (the main loop
 * runs on meanwhile). */
static void
commit_or_defer (SupplierServer    *self,
                 SoupServerMessage *msg,
                 const char        *key_in_unit,
                 void             (*commit) (Pending *pending),
                 gpointer           data,
                 GDestroyNotify     data_free)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->scoped_key = g_strdup (key_in_unit);
  pending->data = data;
  pending->data_free = data_free;
  pending->commit = commit;

  if (self->delay_ms > 0)
    {
      guint delay = self->delay_ms;

      self->delay_ms = 0;
      g_hash_table_add (self->in_progress, g_strdup (key_in_unit));
      supplier_message_pause (msg);
      g_timeout_add (delay, pending_timeout_cb, pending);
      return;
    }
  commit (pending);
  pending_free (pending);
}

static void
send_in_progress (SoupServerMessage *msg)
{
  g_autofree char *seconds = g_strdup_printf ("%d", IN_PROGRESS_RETRY_AFTER);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", seconds);
  send_problem (msg, SOUP_STATUS_CONFLICT, "idempotency_request_in_progress",
                "Beställningen behandlas redan", "Försök igen med samma nyckel.");
}

static void
send_key_reused (SoupServerMessage *msg)
{
  send_problem (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency_key_reused",
                "Nyckeln har använts för en annan beställning", NULL);
}

/* ---- POST /v1/orders ---- */

typedef struct {
  char       *unit_id;
  char       *customer_id;
  char       *key;
  char       *request;
  char       *hold_id;
  char       *sort_key;
  char       *now;
  JsonObject *fields;
} NewOrder;

static void
new_order_free (NewOrder *order)
{
  g_free (order->unit_id);
  g_free (order->customer_id);
  g_free (order->key);
  g_free (order->request);
  g_free (order->hold_id);
  g_free (order->sort_key);
  g_free (order->now);
  g_clear_pointer (&order->fields, json_object_unref);
  g_free (order);
}

static char *
build_order_cb (gint64      seq,
                const char *id,
                gpointer    user_data)
{
  NewOrder *order = user_data;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, ORDER_NUMBER_BASE + seq);
  GList *names = json_object_get_members (order->fields);

  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "customer_id", order->customer_id);
  json_object_set_string_member (object, "idempotency_key", order->key);
  json_object_set_string_member (object, "status", "received");
  json_object_set_string_member (object, "status_changed_at", order->now);
  json_object_set_string_member (object, "created_at", order->now);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (object, l->data,
                            json_node_copy (json_object_get_member (order->fields, l->data)));
  g_list_free (names);
  return order_to_string (object);
}

static void
commit_order (Pending *pending)
{
  SupplierServer *self = pending->self;
  NewOrder *order = pending->data;
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  gint64 version = 0;

  id = supplier_store_create_order (self->store, order->unit_id, order->customer_id, order->key,
                                    order->request, order->hold_id, order->sort_key,
                                    g_date_time_to_unix (now), build_order_cb, order, &error);
  if (id == NULL ||
      !supplier_store_get_order (self->store, order->unit_id, id, &version, &json))
    {
      send_internal_error (pending->msg, error);
      return;
    }
  self->orders_created++;
  g_debug ("Order %s for %s", id, order->customer_id);
  send_order_text (self, pending->msg, SOUP_STATUS_CREATED, id, version, json);
}

static void
create_order (SupplierServer    *self,
              SoupServerMessage *msg,
              const char        *unit_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autofree char *key = NULL;
  g_autofree char *request = NULL;
  g_autofree char *in_unit = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *stored_request = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *complaint_id = NULL;
  g_autofree char *record = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *sort_key = NULL;
  JsonObject *body, *fields;
  const char *customer_id;
  gboolean bad = FALSE;
  NewOrder *order;

  key = require_idempotency_key (msg);
  if (key == NULL)
    return;
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  request = canonical_json (json_parser_get_root (parser));
  in_unit = scoped_key (unit_id, key);

  /* A key seen before: the same order again, or a misuse. */
  if (supplier_store_lookup_key (self->store, unit_id, key, &kind, &stored_request, &order_id,
                                 &complaint_id))
    {
      g_autofree char *json = NULL;
      gint64 version = 0;

      if (!g_str_equal (kind, "order") || !g_str_equal (stored_request, request))
        send_key_reused (msg);
      else if (!supplier_store_get_order (self->store, unit_id, order_id, &version, &json))
        send_internal_error (msg, NULL);
      else
        send_order_text (self, msg, SOUP_STATUS_CREATED, order_id, version, json);
      return;
    }
  if (g_hash_table_contains (self->in_progress, in_unit))
    {
      send_in_progress (msg);
      return;
    }

  customer_id = optional_string (body, "customer_id", &bad);
  if (customer_id == NULL)
    {
      g_autoptr(JsonArray) errors = json_array_new ();

      add_problem_error (errors, "/customer_id", bad ? "invalid" : "required", NULL);
      send_problem_full (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran",
                         NULL, errors, NULL);
      return;
    }
  if (!id_is_valid (customer_id) ||
      (record = supplier_store_dup_customer (self->store, unit_id, customer_id)) == NULL)
    {
      g_autoptr(JsonArray) errors = json_array_new ();

      add_problem_error (errors, "/customer_id", "unknown_customer", "Kunden finns inte.");
      send_problem_full (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                         "Beställningen kan inte tas emot", NULL, errors, NULL);
      return;
    }

  fields = compose_order (self, msg, body, customer_id, now, &hold_id, &sort_key);
  if (fields == NULL)
    return;

  order = g_new0 (NewOrder, 1);
  order->unit_id = g_strdup (unit_id);
  order->customer_id = g_strdup (customer_id);
  order->key = g_steal_pointer (&key);
  order->request = g_steal_pointer (&request);
  order->hold_id = g_steal_pointer (&hold_id);
  order->sort_key = g_steal_pointer (&sort_key);
  order->now = supplier_format_time (now);
  order->fields = fields;
  commit_or_defer (self, msg, in_unit, commit_order, order, (GDestroyNotify) new_order_free);
}

/* ---- GET, PUT, DELETE /v1/orders/{id} ---- */

static void
get_order (SupplierServer    *self,
           SoupServerMessage *msg,
           const char        *unit_id,
           const char        *order_id)
{
  g_autofree char *json = NULL;
  g_autofree char *etag = NULL;
  gint64 version = 0;

  if (!supplier_store_get_order (self->store, unit_id, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  etag = order_etag (self, order_id, version);
  if (if_none_match_matches (soup_message_headers_get_list (
                               soup_server_message_get_request_headers (msg), "If-None-Match"),
                             etag))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      self->orders_not_modified++;
      return;
    }
  send_order_text (self, msg, SOUP_STATUS_OK, order_id, version, json);
}

static gboolean
cutoff_has_passed (JsonObject *order,
                   GDateTime  *now)
{
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 (
    json_object_get_string_member (order, "cutoff"), NULL);

  return g_date_time_compare (now, cutoff) >= 0;
}

static gboolean
is_changeable (SoupServerMessage *msg,
               JsonObject        *order,
               GDateTime         *now)
{
  const char *status = json_object_get_string_member (order, "status");

  if (!g_str_equal (status, "received") && !g_str_equal (status, "confirmed"))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "order_not_changeable",
                    "Beställningen kan inte längre ändras", NULL);
      return FALSE;
    }
  if (cutoff_has_passed (order, now))
    {
      send_cutoff_passed (msg, json_object_get_string_member (order, "cutoff"));
      return FALSE;
    }
  return TRUE;
}

static void
send_order_conflict (SoupServerMessage *msg)
{
  send_problem (msg, SOUP_STATUS_PRECONDITION_FAILED, "order_conflict",
                "Beställningen har ändrats", "Hämta beställningen och försök igen.");
}

static void
change_order (SupplierServer    *self,
              SoupServerMessage *msg,
              const char        *unit_id,
              const char        *order_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *json = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *sort_key = NULL;
  g_autofree char *now_text = NULL;
  const char *if_match = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "If-Match");
  const char *change_id;
  JsonObject *body, *order;
  GList *names;
  gboolean bad = FALSE;
  gint64 version = 0;

  if (if_match == NULL || *if_match == '\0')
    {
      send_problem (msg, 428, "precondition_required", "If-Match saknas",
                    "Hämta beställningen och skicka dess ETag.");
      return;
    }
  if (if_match_contains (if_match, "*"))
    {
      send_invalid_request (msg, "If-Match: * tas inte emot.");
      return;
    }
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  change_id = optional_string (body, "change_id", &bad);
  if (!uuid_is_valid (change_id))
    {
      g_autoptr(JsonArray) errors = json_array_new ();

      add_problem_error (errors, "/change_id", change_id == NULL && !bad ? "required" : "invalid",
                         "En ny UUID per ändring.");
      send_problem_full (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran",
                         NULL, errors, NULL);
      return;
    }

  if (!supplier_store_get_order (self->store, unit_id, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  etag = order_etag (self, order_id, version);
  if (!if_match_contains (if_match, etag))
    {
      send_order_conflict (msg);
      return;
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  if (!is_changeable (msg, order, now))
    return;

  fields = compose_order (self, msg, body, json_object_get_string_member (order, "customer_id"),
                          now, &hold_id, &sort_key);
  if (fields == NULL)
    return;

  now_text = supplier_format_time (now);
  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    json_object_set_member (order, l->data,
                            json_node_copy (json_object_get_member (fields, l->data)));
  g_list_free (names);
  json_object_set_string_member (order, "last_change_id", change_id);
  if (!g_str_equal (json_object_get_string_member (order, "status"), "received"))
    {
      json_object_set_string_member (order, "status", "received");
      json_object_set_string_member (order, "status_changed_at", now_text);
    }

  if (!store_order (self, unit_id, order_id, version, order, NULL, NULL, NULL, &error))
    {
      if (g_error_matches (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CONFLICT))
        send_order_conflict (msg);
      else
        send_internal_error (msg, error);
      return;
    }
  send_order_object (self, msg, SOUP_STATUS_OK, order_id, version + 1, order);
}

static void
cancel_order (SupplierServer    *self,
              SoupServerMessage *msg,
              const char        *unit_id,
              const char        *order_id)
{
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now_text = NULL;
  const char *if_match = soup_message_headers_get_list (
    soup_server_message_get_request_headers (msg), "If-Match");
  JsonObject *order, *cancellation;
  gint64 version = 0;

  if (!supplier_store_get_order (self->store, unit_id, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  if (if_match != NULL)
    {
      g_autofree char *etag = order_etag (self, order_id, version);

      if (!if_match_contains (if_match, etag))
        {
          send_order_conflict (msg);
          return;
        }
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  /* Repeat-safe: a cancelled order answers the same. */
  if (g_str_equal (json_object_get_string_member (order, "status"), "cancelled"))
    {
      send_order_text (self, msg, SOUP_STATUS_OK, order_id, version, json);
      return;
    }
  if (!is_changeable (msg, order, now))
    return;

  now_text = supplier_format_time (now);
  json_object_set_string_member (order, "status", "cancelled");
  json_object_set_string_member (order, "status_changed_at", now_text);
  cancellation = json_object_new ();
  json_object_set_string_member (cancellation, "by", "unit");
  json_object_set_string_member (cancellation, "at", now_text);
  json_object_set_object_member (order, "cancellation", cancellation);
  if (!store_order (self, unit_id, order_id, version, order, NULL, NULL, NULL, &error))
    {
      if (g_error_matches (error, SUPPLIER_STORE_ERROR, SUPPLIER_STORE_ERROR_CONFLICT))
        send_order_conflict (msg);
      else
        send_internal_error (msg, error);
      return;
    }
  send_order_object (self, msg, SOUP_STATUS_OK, order_id, version + 1, order);
}

/* ---- GET /v1/customers/{id}/orders ---- */

static void
list_orders (SupplierServer    *self,
             SoupServerMessage *msg,
             const char        *unit_id,
             const char        *customer_id,
             GHashTable        *query)
{
  static const char * const closed[] = { "delivered", "cancelled", NULL };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *state = query_get (query, "state");
  const char *page = query_get (query, "page");
  const char * const *statuses = NULL;
  guint page_size = 0;
  guint64 start = 0;
  guint end;

  if (state == NULL || g_str_equal (state, "all"))
    statuses = NULL;
  else if (g_str_equal (state, "open"))
    statuses = open_statuses;
  else if (g_str_equal (state, "closed"))
    statuses = closed;
  else
    {
      send_invalid_request (msg, "state ska vara open, closed eller all.");
      return;
    }
  if (!parse_page_size (query_get (query, "page_size"), &page_size))
    {
      send_invalid_request (msg, "page_size ska vara 1 till 2000.");
      return;
    }
  if (page != NULL &&
      ((after = decode_page_token (page)) == NULL || !g_str_has_prefix (after, "o:") ||
       !g_ascii_string_to_unsigned (after + 2, 10, 1, G_MAXUINT32, &start, NULL)))
    {
      send_invalid_request (msg, "Okänd page.");
      return;
    }

  records = supplier_store_list_orders (self->store, unit_id, customer_id, statuses, &error);
  if (records == NULL)
    {
      send_internal_error (msg, error);
      return;
    }
  start = MIN (start, records->len);
  end = MIN (records->len, (guint) start + page_size);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = (guint) start; i < end; i++)
    add_json_value (builder, g_ptr_array_index (records, i));
  json_builder_end_array (builder);
  if (end < records->len)
    {
      g_autofree char *position = g_strdup_printf ("o:%u", end);
      g_autofree char *token = encode_page_token (position);

      add_string_member (builder, "next_page", token);
    }
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* ---- POST /v1/orders/{id}/complaints ---- */

typedef struct {
  char       *unit_id;
  char       *order_id;
  char       *key;
  char       *request;
  JsonObject *complaint;
} NewComplaint;

static void
new_complaint_free (NewComplaint *complaint)
{
  g_free (complaint->unit_id);
  g_free (complaint->order_id);
  g_free (complaint->key);
  g_free (complaint->request);
  g_clear_pointer (&complaint->complaint, json_object_unref);
  g_free (complaint);
}

static JsonObject *
find_member_by_id (JsonObject *object,
                   const char *array_name,
                   const char *id_member,
                   const char *id)
{
  JsonArray *array = json_object_has_member (object, array_name)
                       ? json_object_get_array_member (object, array_name) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (item, id_member), id) == 0)
        return item;
    }
  return NULL;
}

static void
send_object (SoupServerMessage *msg,
             guint              status,
             JsonObject        *object)
{
  g_autofree char *json = order_to_string (object);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json,
                                    strlen (json));
}

static void
commit_complaint (Pending *pending)
{
  SupplierServer *self = pending->self;
  NewComplaint *complaint = pending->data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  JsonObject *order;
  JsonArray *complaints;
  gint64 version = 0;

  /* The order may have moved on meanwhile; take its current version. */
  if (!supplier_store_get_order (self->store, complaint->unit_id, complaint->order_id, &version,
                                 &json))
    {
      send_internal_error (pending->msg, NULL);
      return;
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  if (!json_object_has_member (order, "complaints"))
    json_object_set_array_member (order, "complaints", json_array_new ());
  complaints = json_object_get_array_member (order, "complaints");
  json_array_add_object_element (complaints, json_object_ref (complaint->complaint));
  if (!store_order (self, complaint->unit_id, complaint->order_id, version, order,
                    complaint->key, complaint->request,
                    json_object_get_string_member (complaint->complaint, "id"), &error))
    {
      send_internal_error (pending->msg, error);
      return;
    }
  self->complaints_created++;
  send_object (pending->msg, SOUP_STATUS_CREATED, complaint->complaint);
}

/* The quantity of @line that reached the customer, in the line's unit. */
static gint64
delivered_quantity (JsonObject *line)
{
  JsonObject *quantity = json_object_get_object_member (line, "quantity");
  JsonObject *picking = json_object_has_member (line, "picking")
                          ? json_object_get_object_member (line, "picking") : NULL;

  if (picking != NULL && json_object_has_member (picking, "quantity"))
    return json_object_get_int_member (json_object_get_object_member (picking, "quantity"),
                                       "value");
  return json_object_get_int_member (quantity, "value");
}

static void
create_complaint (SupplierServer    *self,
                  SoupServerMessage *msg,
                  const char        *unit_id,
                  const char        *order_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonArray) missing = json_array_new ();
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *key = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *request = NULL;
  g_autofree char *in_unit = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *stored_request = NULL;
  g_autofree char *stored_order = NULL;
  g_autofree char *complaint_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now_text = NULL;
  JsonObject *body, *order, *complaint, *delivery;
  JsonNode *lines_node;
  JsonArray *lines, *out_lines;
  const char *carer_id, *note;
  gboolean bad = FALSE;
  gint64 version = 0;
  guint n_complaints;
  NewComplaint *pending;

  key = require_idempotency_key (msg);
  if (key == NULL)
    return;
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  canonical = canonical_json (json_parser_get_root (parser));
  request = g_strconcat (order_id, "\n", canonical, NULL);
  in_unit = scoped_key (unit_id, key);

  if (supplier_store_lookup_key (self->store, unit_id, key, &kind, &stored_request,
                                 &stored_order, &complaint_id))
    {
      JsonObject *stored;

      if (!g_str_equal (kind, "complaint") || !g_str_equal (stored_request, request))
        {
          send_key_reused (msg);
          return;
        }
      if (!supplier_store_get_order (self->store, unit_id, stored_order, &version, &json))
        {
          send_internal_error (msg, NULL);
          return;
        }
      node = parse_record (json);
      stored = find_member_by_id (json_node_get_object (node), "complaints", "id", complaint_id);
      if (stored == NULL)
        send_internal_error (msg, NULL);
      else
        send_object (msg, SOUP_STATUS_CREATED, stored);
      return;
    }
  if (g_hash_table_contains (self->in_progress, in_unit))
    {
      send_in_progress (msg);
      return;
    }

  if (!supplier_store_get_order (self->store, unit_id, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  delivery = json_object_get_object_member (order, "delivery");
  if (!g_str_equal (json_object_get_string_member (order, "status"), "delivered"))
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "order_not_delivered",
                    "Beställningen är inte levererad", NULL);
      return;
    }
  {
    g_autoptr(GDateTime) delivered = g_date_time_new_from_iso8601 (
      json_object_get_string_member (delivery, "delivered_at"), NULL);
    g_autoptr(GDateTime) closes = g_date_time_add_days (delivered, COMPLAINT_WINDOW_DAYS);

    if (g_date_time_compare (now, closes) >= 0)
      {
        send_problem (msg, SOUP_STATUS_CONFLICT, "complaint_window_closed",
                      "Tiden för reklamation har gått ut", "Ring leverantören.");
        return;
      }
  }

  carer_id = optional_string (body, "carer_id", &bad);
  if (carer_id == NULL)
    add_problem_error (missing, "/carer_id", bad ? "invalid" : "required", NULL);
  lines_node = json_object_get_member (body, "lines");
  if (lines_node == NULL || !JSON_NODE_HOLDS_ARRAY (lines_node))
    add_problem_error (missing, "/lines", lines_node == NULL ? "required" : "invalid", NULL);
  if (json_array_get_length (missing) > 0)
    {
      send_problem_full (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Felaktig begäran",
                         NULL, missing, NULL);
      return;
    }
  if (!id_is_valid (carer_id))
    add_problem_error (errors, "/carer_id", "invalid", NULL);
  note = optional_string (body, "note", &bad);
  if (bad || (note != NULL && g_utf8_strlen (note, -1) > 1000))
    add_problem_error (errors, "/note", "invalid", "Högst 1000 tecken.");

  lines = json_node_get_array (lines_node);
  if (json_array_get_length (lines) < 1)
    add_problem_error (errors, "/lines", "invalid", "Minst en rad.");
  out_lines = json_array_new ();
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      g_autofree char *base = g_strdup_printf ("/lines/%u", i);
      g_autofree char *p_product = g_strconcat (base, "/product_id", NULL);
      g_autofree char *p_problem = g_strconcat (base, "/problem", NULL);
      g_autofree char *p_value = g_strconcat (base, "/quantity/value", NULL);
      g_autofree char *p_unit = g_strconcat (base, "/quantity/unit", NULL);
      g_autofree char *p_note = g_strconcat (base, "/note", NULL);
      JsonNode *line_node = json_array_get_element (lines, i);
      JsonObject *line, *ordered = NULL, *copy;
      const char *product_id, *problem, *unit = NULL, *line_note;
      gint64 value = 0;
      guint n_errors = json_array_get_length (errors);

      if (!JSON_NODE_HOLDS_OBJECT (line_node))
        {
          add_problem_error (errors, base, "invalid", NULL);
          continue;
        }
      line = json_node_get_object (line_node);
      product_id = optional_string (line, "product_id", &bad);
      if (product_id == NULL)
        add_problem_error (errors, p_product, bad ? "invalid" : "required", NULL);
      else if (g_hash_table_contains (seen, product_id))
        add_problem_error (errors, p_product, "duplicate_product", NULL);
      else if ((ordered = find_member_by_id (order, "lines", "product_id", product_id)) == NULL)
        add_problem_error (errors, p_product, "not_in_order", "Varan finns inte i beställningen.");
      else
        g_hash_table_add (seen, (gpointer) product_id);
      problem = optional_string (line, "problem", &bad);
      if (problem == NULL || (!g_str_equal (problem, "missing") && !g_str_equal (problem, "damaged")))
        add_problem_error (errors, p_problem, problem == NULL && !bad ? "required" : "invalid",
                           "missing eller damaged.");
      if (check_quantity (line, base, errors, &unit, &value) && ordered != NULL)
        {
          const char *ordered_unit = json_object_get_string_member (
            json_object_get_object_member (ordered, "quantity"), "unit");

          if (!g_str_equal (unit, ordered_unit))
            add_problem_error (errors, p_unit, "unit_mismatch", NULL);
          else if (value > delivered_quantity (ordered))
            add_problem_error (errors, p_value, "more_than_delivered",
                               "Mer än vad som levererades.");
        }
      line_note = optional_string (line, "note", &bad);
      if (bad || (line_note != NULL && g_utf8_strlen (line_note, -1) > 500))
        add_problem_error (errors, p_note, "invalid", "Högst 500 tecken.");
      if (json_array_get_length (errors) != n_errors)
        continue;

      copy = json_object_new ();
      json_object_set_string_member (copy, "product_id", product_id);
      json_object_set_string_member (copy, "problem", problem);
      json_object_set_object_member (copy, "quantity", new_quantity (unit, value));
      if (line_note != NULL)
        json_object_set_string_member (copy, "note", line_note);
      json_array_add_object_element (out_lines, copy);
    }
  if (json_array_get_length (errors) > 0)
    {
      json_array_unref (out_lines);
      send_problem_full (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "validation_failed",
                         "Reklamationen kan inte tas emot", NULL, errors, NULL);
      return;
    }

  n_complaints = json_object_has_member (order, "complaints")
                   ? json_array_get_length (json_object_get_array_member (order, "complaints"))
                   : 0;
  g_clear_pointer (&complaint_id, g_free);
  complaint_id = g_strdup_printf ("k-%s-%u", order_id + 2, n_complaints + 1);
  now_text = supplier_format_time (now);
  complaint = json_object_new ();
  json_object_set_string_member (complaint, "id", complaint_id);
  json_object_set_string_member (complaint, "created_at", now_text);
  json_object_set_string_member (complaint, "carer_id", carer_id);
  json_object_set_string_member (complaint, "status", "received");
  json_object_set_array_member (complaint, "lines", out_lines);
  if (note != NULL)
    json_object_set_string_member (complaint, "note", note);

  pending = g_new0 (NewComplaint, 1);
  pending->unit_id = g_strdup (unit_id);
  pending->order_id = g_strdup (order_id);
  pending->key = g_steal_pointer (&key);
  pending->request = g_steal_pointer (&request);
  pending->complaint = complaint;
  commit_or_defer (self, msg, in_unit, commit_complaint, pending,
                   (GDestroyNotify) new_complaint_free);
}

/* /v1/orders, /v1/orders/{id}, /v1/orders/{id}/complaints */
static void
orders_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autofree char *unit_id = NULL;
  g_auto(GStrv) parts = NULL;
  guint n;

  if (!authenticate (self, msg, NULL, &unit_id))
    return;
  set_no_store (msg);

  if (g_str_equal (path, "/v1/orders"))
    {
      if (!method_is (msg, SOUP_METHOD_POST))
        send_method_not_allowed (msg, "POST");
      else
        create_order (self, msg, unit_id);
      return;
    }
  if (!g_str_has_prefix (path, "/v1/orders/"))
    {
      send_not_found (msg);
      return;
    }
  parts = g_strsplit (path + strlen ("/v1/orders/"), "/", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 2 || !id_is_valid (parts[0]) ||
      (n == 2 && !g_str_equal (parts[1], "complaints")))
    {
      send_not_found (msg);
      return;
    }
  if (n == 2)
    {
      if (!method_is (msg, SOUP_METHOD_POST))
        send_method_not_allowed (msg, "POST");
      else
        create_complaint (self, msg, unit_id, parts[0]);
    }
  else if (method_is (msg, SOUP_METHOD_GET))
    get_order (self, msg, unit_id, parts[0]);
  else if (method_is (msg, SOUP_METHOD_PUT))
    change_order (self, msg, unit_id, parts[0]);
  else if (method_is (msg, SOUP_METHOD_DELETE))
    cancel_order (self, msg, unit_id, parts[0]);
  else
    send_method_not_allowed (msg, "GET, PUT, DELETE");
}

/* /v1/customers, /v1/customers/{id}, …/basket, …/slots, …/slot-holds, …/orders */
static void
customers_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autofree char *tablet_id = NULL;
  g_autofree char *unit_id = NULL;
  g_autofree char *record = NULL;
  g_auto(GStrv) parts = NULL;
  const char *customer_id, *resource;
  guint n;

  if (!authenticate (self, msg, &tablet_id, &unit_id))
    return;
  set_no_store (msg);

  if (g_str_equal (path, "/v1/customers"))
    {
      if (!method_is (msg, SOUP_METHOD_GET))
        send_method_not_allowed (msg, "GET");
      else
        list_customers (self, msg, unit_id, query);
      return;
    }

  if (!g_str_has_prefix (path, "/v1/customers/"))
    {
      send_not_found (msg);
      return;
    }
  parts = g_strsplit (path + strlen ("/v1/customers/"), "/", -1);
  n = g_strv_length (parts);
  customer_id = parts[0];
  resource = n > 1 ? parts[1] : NULL;
  if (n > 2 || !id_is_valid (customer_id) ||
      (resource != NULL && !g_str_equal (resource, "basket") && !g_str_equal (resource, "slots") &&
       !g_str_equal (resource, "slot-holds") && !g_str_equal (resource, "orders")))
    {
      send_not_found (msg);
      return;
    }

  /* Another unit's customer is not found either. */
  record = supplier_store_dup_customer (self->store, unit_id, customer_id);
  if (record == NULL)
    {
      send_not_found (msg);
      return;
    }

  if (resource == NULL)
    {
      if (!method_is (msg, SOUP_METHOD_GET))
        send_method_not_allowed (msg, "GET");
      else
        {
          char *full = with_open_orders (self, unit_id, record);

          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                            full, strlen (full));
        }
    }
  else if (g_str_equal (resource, "basket"))
    {
      if (method_is (msg, SOUP_METHOD_GET))
        get_basket (self, msg, customer_id);
      else if (method_is (msg, SOUP_METHOD_PUT))
        put_basket (self, msg, customer_id, tablet_id);
      else
        send_method_not_allowed (msg, "GET, PUT");
    }
  else if (g_str_equal (resource, "orders"))
    {
      if (!method_is (msg, SOUP_METHOD_GET))
        send_method_not_allowed (msg, "GET");
      else
        list_orders (self, msg, unit_id, customer_id, query);
    }
  else if (g_str_equal (resource, "slots"))
    {
      if (!method_is (msg, SOUP_METHOD_GET))
        send_method_not_allowed (msg, "GET");
      else
        list_slots (self, msg, query);
    }
  else
    {
      if (!method_is (msg, SOUP_METHOD_POST))
        send_method_not_allowed (msg, "POST");
      else
        hold_slot (self, msg, customer_id);
    }
}

/* DELETE /v1/slot-holds/{hold_id}; 409 hold_used once an order has
 * used the hold. */
static void
slot_holds_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autofree char *unit_id = NULL;
  g_autoptr(GError) error = NULL;
  const char *hold_id;

  if (!authenticate (self, msg, NULL, &unit_id))
    return;
  set_no_store (msg);

  if (!g_str_has_prefix (path, "/v1/slot-holds/"))
    {
      send_not_found (msg);
      return;
    }
  hold_id = path + strlen ("/v1/slot-holds/");
  if (!id_is_valid (hold_id))
    {
      send_not_found (msg);
      return;
    }
  if (!method_is (msg, SOUP_METHOD_DELETE))
    {
      send_method_not_allowed (msg, "DELETE");
      return;
    }

  switch (supplier_store_release_hold (self->store, unit_id, hold_id, &error))
    {
    case SUPPLIER_HOLD_RELEASED:
      send_no_content (msg);
      break;
    case SUPPLIER_HOLD_NOT_FOUND:
      send_not_found (msg);
      break;
    case SUPPLIER_HOLD_USED:
      send_problem (msg, SOUP_STATUS_CONFLICT, "hold_used",
                    "En beställning har använt reservationen",
                    "Avbeställ beställningen i stället.");
      break;
    case SUPPLIER_HOLD_ERROR:
    default:
      send_internal_error (msg, error);
      break;
    }
}

/* ---- control: the movable clock ---- */

static void
send_clock (SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autofree char *text = supplier_format_time (now);

  json_builder_begin_object (builder);
  add_string_member (builder, "now", text);
  json_builder_set_member_name (builder, "frozen");
  json_builder_add_boolean_value (builder, supplier_clock_is_frozen ());
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* GET /control/clock; POST /control/clock with {"now": RFC 3339} (the
 * clock then stands at that instant), {"advance_seconds": N} or
 * {"real": true}. */
static void
control_clock (SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *body;
  JsonNode *node;

  if (method_is (msg, SOUP_METHOD_GET))
    {
      send_clock (msg);
      return;
    }
  if (!method_is (msg, SOUP_METHOD_POST))
    {
      send_method_not_allowed (msg, "GET, POST");
      return;
    }

  parser = json_parser_new ();
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;

  if ((node = json_object_get_member (body, "now")) != NULL)
    {
      const char *text = get_string_member (body, "now");
      g_autoptr(GDateTime) now = NULL;

      if (text == NULL || !date_time_is_valid (text) ||
          (now = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
        {
          send_invalid_request (msg, "now ska vara en tid enligt RFC 3339 med tidszon.");
          return;
        }
      supplier_clock_set (now);
    }
  else if ((node = json_object_get_member (body, "advance_seconds")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          send_invalid_request (msg, "advance_seconds ska vara ett heltal.");
          return;
        }
      supplier_clock_advance (json_node_get_int (node) * G_TIME_SPAN_SECOND);
    }
  else if (json_object_get_boolean_member_with_default (body, "real", FALSE))
    supplier_clock_reset ();
  else
    {
      send_invalid_request (msg, "Ange now, advance_seconds eller real.");
      return;
    }
  send_clock (msg);
}

/* ---- control: picking, delivery and complaint answers ---- */

/* The line numbers in @node: a number or an array of numbers. */
static gboolean
line_in (JsonNode *node,
         guint     line)
{
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node))
    return json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) == line;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (line_in (json_array_get_element (array, i), line))
          return TRUE;
    }
  return FALSE;
}

/* The entry of @node (an object or an array of objects) whose "line" is
 * @line. */
static JsonObject *
entry_for_line (JsonNode *node,
                guint     line)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      return json_object_get_int_member_with_default (object, "line", -1) == line ? object : NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *object = entry_for_line (json_array_get_element (array, i), line);

          if (object != NULL)
            return object;
        }
    }
  return NULL;
}

/* Gives each line its picking result, as @body says: "missing" (line
 * numbers), "substitute" ({line, product_id[, quantity]} or an array of
 * them), "picked" ({line, quantity} or an array); every other line is
 * found as ordered. FALSE (after answering 400) if @body names an
 * unknown substitute. */
static gboolean
apply_picking (SupplierServer    *self,
               SoupServerMessage *msg,
               JsonObject        *order,
               JsonObject        *body,
               GDateTime         *now)
{
  JsonArray *lines = json_object_get_array_member (order, "lines");
  JsonNode *missing = json_object_get_member (body, "missing");
  JsonNode *substitutes = json_object_get_member (body, "substitute");
  JsonNode *picked = json_object_get_member (body, "picked");
  gint64 goods = 0, pant = 0;

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *quantity = json_object_get_object_member (line, "quantity");
      JsonObject *substitute = entry_for_line (substitutes, i);
      JsonObject *override = entry_for_line (picked, i);
      JsonObject *picking = json_object_new ();
      const char *unit = json_object_get_string_member (quantity, "unit");
      gint64 value = json_object_get_int_member (quantity, "value");
      gint64 amount = 0;

      if (line_in (missing, i))
        json_object_set_string_member (picking, "result", "missing");
      else if (substitute != NULL)
        {
          const char *product_id = json_object_get_string_member_with_default (
            substitute, "product_id", "");
          gboolean deleted = FALSE;
          g_autoptr(JsonNode) product_node = id_is_valid (product_id)
                                               ? load_product (self, product_id, &deleted) : NULL;
          JsonObject *product, *sub;
          const char *sub_unit;
          gint64 sub_value, price;

          if (product_node == NULL)
            {
              json_object_unref (picking);
              send_invalid_request (msg, "Okänd ersättningsvara.");
              return FALSE;
            }
          product = json_node_get_object (product_node);
          sub_unit = sold_by_weight (product) ? "gram" : "piece";
          sub_value = g_str_equal (sub_unit, unit) ? value : (sold_by_weight (product) ? 1000 : 1);
          if (json_object_has_member (substitute, "quantity"))
            {
              JsonObject *q = json_object_get_object_member (substitute, "quantity");

              sub_unit = json_object_get_string_member (q, "unit");
              sub_value = json_object_get_int_member (q, "value");
            }
          price = product_price (product, now);
          amount = line_amount (price, sub_unit, sub_value);
          sub = json_object_new ();
          json_object_set_string_member (sub, "product_id", product_id);
          json_object_set_string_member (sub, "name",
                                         json_object_get_string_member (product, "name"));
          if (json_object_has_member (product, "size"))
            json_object_set_string_member (sub, "size",
                                           json_object_get_string_member (product, "size"));
          json_object_set_object_member (sub, "quantity", new_quantity (sub_unit, sub_value));
          json_object_set_int_member (sub, "price_ore", price);
          json_object_set_string_member (picking, "result", "substituted");
          json_object_set_object_member (picking, "substitute", sub);
          if (g_str_equal (sub_unit, "piece"))
            pant += json_object_get_int_member_with_default (product, "pant_ore", 0) * sub_value;
        }
      else
        {
          gint64 got = value;

          if (override != NULL && json_object_has_member (override, "quantity"))
            got = json_object_get_int_member (json_object_get_object_member (override,
                                                                             "quantity"),
                                              "value");
          amount = line_amount (json_object_get_int_member (line, "price_ore"), unit, got);
          json_object_set_string_member (picking, "result", "found");
          json_object_set_object_member (picking, "quantity", new_quantity (unit, got));
          pant += json_object_get_int_member_with_default (line, "pant_ore", 0) * got;
        }
      json_object_set_int_member (picking, "amount_ore", amount);
      json_object_set_object_member (line, "picking", picking);
      goods += amount;
    }
  set_totals (order, goods, pant, FALSE);
  return TRUE;
}

/* POST /control/orders/{id}/advance {"to": status, …}: moves the order
 * forward through every status up to "to" (see apply_picking for the
 * picking members; "planned_window": {start, end} for on_its_way,
 * default the first hour of the slot; "message": a supplier message). */
static void
control_advance (SupplierServer    *self,
                 SoupServerMessage *msg,
                 const char        *order_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now_text = NULL;
  JsonObject *body, *order, *delivery;
  const char *to, *message;
  gint64 version = 0;
  int from_index, to_index;

  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  if (!supplier_store_get_order (self->store, NULL, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  delivery = json_object_get_object_member (order, "delivery");
  to = json_object_get_string_member_with_default (body, "to", "");
  from_index = status_index (json_object_get_string_member (order, "status"));
  to_index = status_index (to);
  if (to_index < 0)
    {
      send_invalid_request (msg, "to: confirmed, picking, on_its_way eller delivered.");
      return;
    }
  if (from_index < 0 || to_index <= from_index)
    {
      send_problem (msg, SOUP_STATUS_CONFLICT, "order_not_changeable",
                    "Beställningen kan inte flyttas dit", NULL);
      return;
    }

  now_text = supplier_format_time (now);
  for (int step = from_index + 1; step <= to_index; step++)
    {
      if (g_str_equal (order_statuses[step], "picking") &&
          !apply_picking (self, msg, order, body, now))
        return;
      if (g_str_equal (order_statuses[step], "on_its_way"))
        {
          JsonObject *planned = json_object_new ();
          JsonObject *given = json_object_has_member (body, "planned_window")
                                ? json_object_get_object_member (body, "planned_window") : NULL;
          JsonObject *window = json_object_get_object_member (delivery, "window");
          g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (
            json_object_get_string_member (window, "start"), NULL);
          g_autoptr(GDateTime) end = g_date_time_add_hours (start, 1);
          g_autofree char *start_text = supplier_format_time (start);
          g_autofree char *end_text = supplier_format_time (end);
          JsonObject *totals = json_object_get_object_member (order, "totals");

          json_object_set_string_member (planned, "start", given != NULL
            ? json_object_get_string_member (given, "start") : start_text);
          json_object_set_string_member (planned, "end", given != NULL
            ? json_object_get_string_member (given, "end") : end_text);
          json_object_set_string_member (planned, "announced_at", now_text);
          json_object_set_object_member (delivery, "planned_window", planned);
          json_object_set_boolean_member (totals, "final", TRUE);
        }
      if (g_str_equal (order_statuses[step], "delivered"))
        json_object_set_string_member (delivery, "delivered_at", now_text);
    }
  json_object_set_string_member (order, "status", to);
  json_object_set_string_member (order, "status_changed_at", now_text);
  message = json_object_get_string_member_with_default (body, "message", NULL);
  if (message != NULL)
    {
      JsonObject *entry = json_object_new ();

      if (!json_object_has_member (order, "messages"))
        json_object_set_array_member (order, "messages", json_array_new ());
      json_object_set_string_member (entry, "at", now_text);
      json_object_set_string_member (entry, "text", message);
      json_array_add_object_element (json_object_get_array_member (order, "messages"), entry);
    }

  if (!store_order (self, NULL, order_id, version, order, NULL, NULL, NULL, &error))
    {
      send_internal_error (msg, error);
      return;
    }
  send_order_object (self, msg, SOUP_STATUS_OK, order_id, version + 1, order);
}

/* POST /control/orders/{id}/complaints/{complaint_id}/answer
 * {"resolution": "credit"|"redelivery"|"rejected"[, "text": …]}: every
 * line gets that resolution; a credit is the lines' price times the
 * complained quantity; a redelivery comes the next day, 10–14. */
static void
control_answer (SupplierServer    *self,
                SoupServerMessage *msg,
                const char        *order_id,
                const char        *complaint_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autofree char *now_text = NULL;
  JsonObject *body, *order, *complaint, *answer;
  JsonArray *lines, *answer_lines;
  const char *resolution, *text;
  gint64 version = 0, credit = 0;

  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  resolution = json_object_get_string_member_with_default (body, "resolution", "");
  if (!g_str_equal (resolution, "credit") && !g_str_equal (resolution, "redelivery") &&
      !g_str_equal (resolution, "rejected"))
    {
      send_invalid_request (msg, "resolution: credit, redelivery eller rejected.");
      return;
    }
  if (!supplier_store_get_order (self->store, NULL, order_id, &version, &json))
    {
      send_not_found (msg);
      return;
    }
  node = parse_record (json);
  order = json_node_get_object (node);
  complaint = find_member_by_id (order, "complaints", "id", complaint_id);
  if (complaint == NULL)
    {
      send_not_found (msg);
      return;
    }

  now_text = supplier_format_time (now);
  answer = json_object_new ();
  json_object_set_string_member (answer, "answered_at", now_text);
  answer_lines = json_array_new ();
  lines = json_object_get_array_member (complaint, "lines");
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      JsonObject *quantity = json_object_get_object_member (line, "quantity");
      const char *product_id = json_object_get_string_member (line, "product_id");
      JsonObject *ordered = find_member_by_id (order, "lines", "product_id", product_id);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "product_id", product_id);
      json_object_set_string_member (entry, "resolution", resolution);
      json_array_add_object_element (answer_lines, entry);
      if (g_str_equal (resolution, "credit") && ordered != NULL)
        credit += line_amount (json_object_get_int_member (ordered, "price_ore"),
                               json_object_get_string_member (quantity, "unit"),
                               json_object_get_int_member (quantity, "value"));
    }
  json_object_set_array_member (answer, "lines", answer_lines);
  json_object_set_int_member (answer, "credit_ore", credit);
  if (g_str_equal (resolution, "redelivery"))
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (now, supplier_stockholm ());
      g_autoptr(GDateTime) day = g_date_time_add_days (local, 1);
      g_autoptr(GDateTime) start = g_date_time_new (supplier_stockholm (),
                                                    g_date_time_get_year (day),
                                                    g_date_time_get_month (day),
                                                    g_date_time_get_day_of_month (day), 10, 0, 0);
      g_autoptr(GDateTime) end = g_date_time_add_hours (start, 4);
      g_autofree char *start_text = supplier_format_time (start);
      g_autofree char *end_text = supplier_format_time (end);
      JsonObject *window = json_object_new ();

      json_object_set_string_member (window, "start", start_text);
      json_object_set_string_member (window, "end", end_text);
      json_object_set_object_member (answer, "redelivery_window", window);
    }
  text = json_object_get_string_member_with_default (body, "text", NULL);
  if (text == NULL)
    text = g_str_equal (resolution, "credit") ? "Vi beklagar. Beloppet krediteras."
           : g_str_equal (resolution, "redelivery") ? "Vi beklagar. Varorna levereras igen."
           : "Reklamationen kunde inte godkännas.";
  json_object_set_string_member (answer, "text", text);
  json_object_set_string_member (complaint, "status", "answered");
  json_object_set_object_member (complaint, "answer", answer);

  if (!store_order (self, NULL, order_id, version, order, NULL, NULL, NULL, &error))
    {
      send_internal_error (msg, error);
      return;
    }
  send_order_object (self, msg, SOUP_STATUS_OK, order_id, version + 1, order);
}

/* POST /control/slots/{slot_id} {"full": true|false}: the slot has no
 * room left (or has again), so that hold_expired can be tested. */
static void
control_slot (SoupServerMessage *msg,
              const char        *slot_id)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = supplier_clock_now ();
  g_autoptr(SupplierSlot) slot = NULL;
  JsonObject *body;
  gboolean full;

  if (!method_is (msg, SOUP_METHOD_POST))
    {
      send_method_not_allowed (msg, "POST");
      return;
    }
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  if (!id_is_valid (slot_id) || (slot = supplier_slot_lookup (slot_id, now)) == NULL)
    {
      send_not_found (msg);
      return;
    }
  full = json_object_get_boolean_member_with_default (body, "full", TRUE);
  supplier_slots_set_full (slot_id, full);
  json_builder_begin_object (builder);
  add_string_member (builder, "slot_id", slot_id);
  json_builder_set_member_name (builder, "full");
  json_builder_add_boolean_value (builder, full);
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

/* POST /control/catalogue/generate {"products", "changed", "generation"}:
 * a generated catalogue with some prices changed, for delta benchmarks. */
static void
control_catalogue_generate (SupplierServer    *self,
                            SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SupplierCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  gint64 n_products, n_changed, generation;
  gboolean changed = FALSE;

  if (!method_is (msg, SOUP_METHOD_POST))
    {
      send_method_not_allowed (msg, "POST");
      return;
    }
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  n_products = json_object_get_int_member_with_default (body, "products", -1);
  n_changed = json_object_get_int_member_with_default (body, "changed", 0);
  generation = json_object_get_int_member_with_default (body, "generation", 0);
  if (n_products < 0 || n_products > 10000000 || n_changed < 0 || n_changed > n_products ||
      generation < 0 || generation > 1000000)
    {
      send_problem (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                    "Invalid request", "products, changed or generation is out of range");
      return;
    }

  catalogue = supplier_catalogue_generate_changed ((guint) n_products, (guint) n_changed,
                                                   (guint) generation);
  if (!supplier_store_replace_catalogue (self->store, catalogue->head_json,
                                         catalogue->categories, catalogue->products,
                                         &changed, &error))
    {
      send_internal_error (msg, error);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changed");
  json_builder_add_boolean_value (builder, changed);
  json_builder_set_member_name (builder, "catalogue_cursor_seq");
  json_builder_add_int_value (builder, supplier_store_get_catalogue_seq (self->store));
  json_builder_end_object (builder);
  send_json (msg, SOUP_STATUS_OK, "application/json", builder);
}

static void
control_orders (SupplierServer    *self,
                SoupServerMessage *msg,
                const char        *path)
{
  g_auto(GStrv) parts = g_strsplit (path + strlen ("/control/orders/"), "/", -1);
  guint n = g_strv_length (parts);

  if (!method_is (msg, SOUP_METHOD_POST))
    send_method_not_allowed (msg, "POST");
  else if (n == 2 && id_is_valid (parts[0]) && g_str_equal (parts[1], "advance"))
    control_advance (self, msg, parts[0]);
  else if (n == 4 && id_is_valid (parts[0]) && g_str_equal (parts[1], "complaints") &&
           id_is_valid (parts[2]) && g_str_equal (parts[3], "answer"))
    control_answer (self, msg, parts[0], parts[2]);
  else
    send_not_found (msg);
}

/* ---- control: fault injection ---- */

static void
send_faults (SupplierServer    *self,
             SoupServerMessage *msg,
             guint              status)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_array (builder);
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    supplier_fault_to_json (builder, l->data);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  send_json (msg, status, "application/json", builder);
}

/* GET /control/faults lists the queue; DELETE empties it; POST queues
 * one fault or {"faults": [...]} (see the top of this file). */
static void
control_faults (SupplierServer    *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) added = NULL;
  JsonObject *body;
  JsonNode *list;

  if (method_is (msg, SOUP_METHOD_GET))
    {
      send_faults (self, msg, SOUP_STATUS_OK);
      return;
    }
  if (method_is (msg, SOUP_METHOD_DELETE))
    {
      g_queue_clear_full (&self->faults, (GDestroyNotify) supplier_fault_free);
      send_no_content (msg);
      return;
    }
  if (!method_is (msg, SOUP_METHOD_POST))
    {
      send_method_not_allowed (msg, "GET, POST, DELETE");
      return;
    }
  parser = json_parser_new ();
  body = read_json_object (msg, parser);
  if (body == NULL)
    return;
  added = g_ptr_array_new_with_free_func ((GDestroyNotify) supplier_fault_free);
  list = json_object_get_member (body, "faults");
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *why = NULL;
          SupplierFault *fault = supplier_fault_parse (json_array_get_element (array, i), &why);

          if (fault == NULL)
            {
              send_invalid_request (msg, why);
              return;
            }
          g_ptr_array_add (added, fault);
        }
    }
  else
    {
      const char *why = NULL;
      SupplierFault *fault = supplier_fault_parse (json_parser_get_root (parser), &why);

      if (fault == NULL)
        {
          send_invalid_request (msg, why);
          return;
        }
      g_ptr_array_add (added, fault);
    }
  while (added->len > 0)
    g_queue_push_tail (&self->faults, g_ptr_array_steal_index (added, 0));
  send_faults (self, msg, SOUP_STATUS_CREATED);
}

static gboolean
delay_over_cb (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  supplier_message_resume (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* Every route runs through here: it counts the request and applies a
 * queued fault. 500, 503, 429 and reset-connection replace the work;
 * the others let it run (and commit) and then spoil the answer. */
static void
route_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Route *route = user_data;
  SupplierServer *self = route->self;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(SupplierFault) fault = NULL;
  g_autofree char *counter = NULL;

  if (g_str_has_prefix (path, "/control"))
    {
      route->callback (server, msg, path, query, self);
      return;
    }

  counter = g_strconcat (method, " ", path, NULL);
  g_hash_table_insert (self->requests, g_strdup (counter),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->requests,
                                                                                counter)) + 1));
  fault = supplier_faults_take (&self->faults, method, path);
  if (fault != NULL)
    self->faults_fired++;
  if (fault == NULL)
    {
      route->callback (server, msg, path, query, self);
      return;
    }
  g_debug ("SupplierFault %s on %s", supplier_fault_kind_name (fault->kind), counter);

  switch (fault->kind)
    {
    case SUPPLIER_FAULT_500:
      send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", "Internt fel",
                    "Injicerat fel.");
      break;
    case SUPPLIER_FAULT_503:
    case SUPPLIER_FAULT_429:
      {
        g_autofree char *seconds = g_strdup_printf ("%u", fault->retry_after);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Retry-After", seconds);
        if (fault->kind == SUPPLIER_FAULT_503)
          send_problem (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                        "Tjänsten är tillfälligt stängd", NULL);
        else
          send_problem (msg, STATUS_TOO_MANY_REQUESTS, "rate_limited", "För många anrop", NULL);
      }
      break;
    case SUPPLIER_FAULT_RESET_CONNECTION:
      supplier_cut_connection (msg, NULL, TRUE);
      break;
    case SUPPLIER_FAULT_DELAY:
      self->delay_ms = MAX (fault->delay_ms, 1);
      route->callback (server, msg, path, query, self);
      /* Not taken by an Idempotency-Key route: hold the answer back. */
      if (self->delay_ms > 0)
        {
          guint delay = self->delay_ms;

          self->delay_ms = 0;
          supplier_message_pause (msg);
          g_timeout_add (delay, delay_over_cb, g_object_ref (msg));
        }
      break;
    case SUPPLIER_FAULT_DROP_AFTER_COMMIT:
      route->callback (server, msg, path, query, self);
      supplier_cut_connection (msg, NULL, FALSE);
      break;
    case SUPPLIER_FAULT_TRUNCATED_BODY:
      route->callback (server, msg, path, query, self);
      supplier_cut_connection (msg, supplier_truncated_response (msg), FALSE);
      break;
    case SUPPLIER_FAULT_WRONG_CONTENT_TYPE:
      route->callback (server, msg, path, query, self);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "text/html", NULL);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_route (SupplierServer     *self,
           const char         *path,
           SoupServerCallback  callback)
{
  Route *route = g_new0 (Route, 1);

  route->self = self;
  route->callback = callback;
  soup_server_add_handler (self->server, path, route_cb, route, g_free);
}

/* Test-only control endpoint (--control): counters, new enrolment codes,
 * the clock, order progress and faults. */
static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (g_str_equal (path, "/control/clock"))
    control_clock (msg);
  else if (g_str_equal (path, "/control/faults"))
    control_faults (self, msg);
  else if (g_str_has_prefix (path, "/control/orders/"))
    control_orders (self, msg, path);
  else if (g_str_has_prefix (path, "/control/slots/"))
    control_slot (msg, path + strlen ("/control/slots/"));
  else if (g_str_equal (path, "/control/catalogue/generate"))
    control_catalogue_generate (self, msg);
  else if (g_str_equal (path, "/control/stats"))
    {
      if (!method_is (msg, SOUP_METHOD_GET))
        {
          send_method_not_allowed (msg, "GET");
          return;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "catalogue_bodies");
      json_builder_add_int_value (builder, (gint64) self->catalogue_bodies);
      json_builder_set_member_name (builder, "catalogue_not_modified");
      json_builder_add_int_value (builder, (gint64) self->catalogue_not_modified);
      json_builder_set_member_name (builder, "orders_not_modified");
      json_builder_add_int_value (builder, (gint64) self->orders_not_modified);
      json_builder_set_member_name (builder, "catalogue_cursor_seq");
      json_builder_add_int_value (builder, supplier_store_get_catalogue_seq (self->store));
      json_builder_set_member_name (builder, "orders");
      json_builder_add_int_value (builder, supplier_store_count_orders (self->store));
      json_builder_set_member_name (builder, "orders_created");
      json_builder_add_int_value (builder, (gint64) self->orders_created);
      json_builder_set_member_name (builder, "complaints_created");
      json_builder_add_int_value (builder, (gint64) self->complaints_created);
      json_builder_set_member_name (builder, "faults_fired");
      json_builder_add_int_value (builder, (gint64) self->faults_fired);
      json_builder_set_member_name (builder, "requests");
      json_builder_begin_object (builder);
      {
        GHashTableIter iter;
        gpointer key, value;

        g_hash_table_iter_init (&iter, self->requests);
        while (g_hash_table_iter_next (&iter, &key, &value))
          {
            json_builder_set_member_name (builder, key);
            json_builder_add_int_value (builder, GPOINTER_TO_UINT (value));
          }
      }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      send_json (msg, SOUP_STATUS_OK, "application/json", builder);
    }
  else if (g_str_equal (path, "/control/enrolment-codes"))
    {
      g_autoptr(GDateTime) now = supplier_clock_now ();
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      if (!method_is (msg, SOUP_METHOD_POST))
        {
          send_method_not_allowed (msg, "POST");
          return;
        }
      code = supplier_store_add_enrolment_code (self->store, now, G_TIME_SPAN_DAY, &error);
      if (code == NULL)
        {
          send_problem (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error",
                        "Internt fel", error->message);
          return;
        }
      json_builder_begin_object (builder);
      add_string_member (builder, "enrolment_code", code);
      json_builder_end_object (builder);
      send_json (msg, SOUP_STATUS_CREATED, "application/json", builder);
    }
  else
    send_not_found (msg);
}

/* Everything else: /v1/… needs a token first, so that nothing is
 * disclosed to strangers; then 404. */
static void
default_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SupplierServer *self = user_data;

  if (g_str_has_prefix (path, "/v1/") && !check_token (self, msg))
    return;
  send_not_found (msg);
}

/* ---- public API --------------------------------------------------------- */

SupplierServer *
supplier_server_new (SupplierStore    *store,
                     GTlsCertificate  *certificate,
                     gboolean          control,
                     GError          **error)
{
  SupplierServer *self = g_new0 (SupplierServer, 1);

  self->store = store;
  self->control = control;
  self->enrol_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->server = soup_server_new ("tls-certificate", certificate,
                                  "server-header", "handla-supplier/" PACKAGE_VERSION " ",
                                  NULL);

  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->in_progress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->faults);

  add_route (self, NULL, default_cb);
  add_route (self, "/v1/enrol", enrol_cb);
  add_route (self, "/v1/catalogue", catalogue_cb);
  add_route (self, "/v1/customers", customers_cb);
  add_route (self, "/v1/slot-holds", slot_holds_cb);
  add_route (self, "/v1/orders", orders_cb);
  if (control)
    add_route (self, "/control", control_cb);

  return self;
}

/* Listens on 127.0.0.1 only, HTTPS only; @port 0 picks a free one. */
gboolean
supplier_server_listen (SupplierServer  *self,
                        guint            port,
                        guint           *bound_port,
                        GError         **error)
{
  GSList *uris;

  if (!soup_server_listen_local (self->server, port,
                                 SOUP_SERVER_LISTEN_IPV4_ONLY | SOUP_SERVER_LISTEN_HTTPS,
                                 error))
    return FALSE;

  uris = soup_server_get_uris (self->server);
  g_return_val_if_fail (uris != NULL, FALSE);
  *bound_port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

void
supplier_server_free (SupplierServer *self)
{
  if (self == NULL)
    return;
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->enrol_failures, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->in_progress, g_hash_table_unref);
  g_queue_clear_full (&self->faults, (GDestroyNotify) supplier_fault_free);
  g_free (self);
}
