/* supplier-server.c — the reference supplier's HTTPS server and routes
 *
 * A SoupServer on loopback, HTTPS only, run by the main loop. Every
 * route answers JSON or application/problem+json (RFC 9457) with the
 * protocol's `code` values. Everything but POST /v1/enrol needs a
 * tablet's bearer token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-server.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "supplier-catalogue.h"

/* Failed enrolments allowed per address and window before 429. */
#define ENROL_MAX_FAILURES    10
#define ENROL_WINDOW_SECONDS  60

/* libsoup 3.2 has no SOUP_STATUS_TOO_MANY_REQUESTS. */
#define STATUS_TOO_MANY_REQUESTS 429

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
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");
  g_autoptr(GDateTime) now = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  now = g_date_time_new_now (tz);
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
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

static void
send_problem (SoupServerMessage *msg,
              guint              status,
              const char        *code,
              const char        *title,
              const char        *detail)
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
  json_builder_end_object (builder);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  send_json (msg, status, "application/problem+json", builder);
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

static gboolean
check_token (SupplierServer    *self,
             SoupServerMessage *msg)
{
  g_autofree char *token = dup_bearer_token (msg);

  if (supplier_store_token_is_valid (self->store, token))
    return TRUE;

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
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
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
  add_string_member (builder, "unit_id", "u-demo-1");
  add_string_member (builder, "name", "Hemtjänst Demo, grupp 1");
  add_string_member (builder, "phone", "+46855512345");
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

/* Test-only control endpoint (--control). A stub for now: counters and
 * new enrolment codes. */
static void
control_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  SupplierServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (g_str_equal (path, "/control/stats"))
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
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
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
