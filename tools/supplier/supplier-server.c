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
};

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
    add_json_value (builder, g_ptr_array_index (records, i));
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

/* /v1/customers, /v1/customers/{id}, …/basket, …/slots, …/slot-holds */
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
       !g_str_equal (resource, "slot-holds")))
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
          gsize len = strlen (record);

          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                            g_steal_pointer (&record), len);
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

/* DELETE /v1/slot-holds/{hold_id}. No order uses a hold yet (this
 * supplier has no orders), so 409 hold_used cannot happen today; the
 * store answers it once orders set slot_hold.order_id. */
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
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
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

/* Test-only control endpoint (--control): counters, new enrolment codes
 * and the clock. */
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
      json_builder_set_member_name (builder, "catalogue_cursor_seq");
      json_builder_add_int_value (builder, supplier_store_get_catalogue_seq (self->store));
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

  soup_server_add_handler (self->server, NULL, default_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/enrol", enrol_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/catalogue", catalogue_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/customers", customers_cb, self, NULL);
  soup_server_add_handler (self->server, "/v1/slot-holds", slot_holds_cb, self, NULL);
  if (control)
    soup_server_add_handler (self->server, "/control", control_cb, self, NULL);

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
  g_free (self);
}
