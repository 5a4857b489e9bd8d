/* test-supplier.c — integration tests of the reference supplier
 *
 * Each test starts the real handla-supplier (the path is in the
 * environment variable HANDLA_SUPPLIER) with its state in a temporary
 * directory, reads its ready line, and talks to it over HTTPS with
 * libsoup, trusting only the CA the supplier made. Nothing sleeps: the
 * ready line is a blocking line read, and every request spins the main
 * context until its callback has run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "supplier-process.h"

typedef struct {
  char            *state_dir;
  SupplierProcess *process;
  SupplierReady    ready;
  SoupSession     *session;
  gboolean         off_contract;
} Fixture;

typedef struct {
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;
} Response;

/* ---- helpers ------------------------------------------------------------ */

static void
response_free (Response *response)
{
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* A session that connects directly: no proxy for loopback (and no
 * libproxy thread, which AddressSanitizer trips over). */
static SoupSession *
new_session (void)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);

  return soup_session_new_with_options ("timeout", 60, "proxy-resolver", direct, NULL);
}

/* A session that trusts only @ca_file; certificate checks stay on. */
static SoupSession *
session_for_ca (const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &error);
  SoupSession *session;

  g_assert_no_error (error);
  session = new_session ();
  soup_session_set_tls_database (session, database);
  return session;
}

/* Starts the supplier on the fixture's state dir with @extra_args
 * (NULL-terminated) and reads its ready line. */
static void
start_supplier (Fixture            *fixture,
                const char * const *extra_args)
{
  g_assert_null (fixture->process);
  fixture->process = supplier_process_start (fixture->state_dir, extra_args, &fixture->ready);

  g_clear_object (&fixture->session);
  fixture->session = session_for_ca (fixture->ready.ca_file);
}

static void
start_demo (Fixture *fixture)
{
  const char * const args[] = { "--demo", "--control", NULL };

  start_supplier (fixture, args);
}

static void
stop_supplier (Fixture *fixture)
{
  supplier_process_stop (&fixture->process);
}

static void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/* A request under way: its message and, once done, its result. */
typedef struct {
  SoupSession  *session;
  SoupMessage  *msg;
  GAsyncResult *result;
} Call;

/* Starts @method @path with a bearer @token, a JSON @body and the
 * headers in @headers (name, value, …, NULL), each optional. */
static Call *
call_begin (SoupSession        *session,
            const char         *url,
            const char         *method,
            const char         *path,
            const char         *token,
            const char         *body,
            const char * const *headers,
            SoupMessageFlags    flags)
{
  g_autofree char *uri = g_strconcat (url, path, NULL);
  Call *call = g_new0 (Call, 1);
  SoupMessageHeaders *request_headers;

  call->session = g_object_ref (session);
  call->msg = soup_message_new (method, uri);
  g_assert_nonnull (call->msg);
  soup_message_set_flags (call->msg, flags);
  request_headers = soup_message_get_request_headers (call->msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", value);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (call->msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, call->msg, G_PRIORITY_DEFAULT, NULL,
                                    got_result_cb, &call->result);
  return call;
}

/* Spins the main context until @call is answered; a transport error is
 * returned in @error. Frees @call. */
static Response *
call_end (Call    *call,
          GError **error)
{
  g_autoptr(Response) response = g_new0 (Response, 1);
  g_autoptr(SoupMessage) msg = call->msg;
  g_autoptr(SoupSession) session = call->session;
  g_autoptr(GAsyncResult) result = NULL;
  const char *content_type;

  while (call->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = call->result;
  g_free (call);

  response->body = soup_session_send_and_read_finish (session, result, error);
  if (response->body == NULL)
    return NULL;

  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  /* In the contract suite, Prism's verdict on the exchange. */
  if (soup_message_headers_get_one (response->headers, "sl-violations") != NULL)
    g_error ("%s %s broke the contract: %s", soup_message_get_method (msg),
             g_uri_get_path (soup_message_get_uri (msg)),
             soup_message_headers_get_one (response->headers, "sl-violations"));
  content_type = soup_message_headers_get_content_type (response->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") == 0 ||
      g_strcmp0 (content_type, "application/problem+json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize len = 0;
      const char *data = g_bytes_get_data (response->body, &len);

      json_parser_load_from_data (parser, data, (gssize) len, error);
      if (error != NULL && *error != NULL)
        return NULL;
      response->json = json_node_ref (json_parser_get_root (parser));
    }
  /* Prism's own answers (a request it refused, an upstream it could not
   * reach) are problems of another type: say so, with what it said. */
  if (g_strcmp0 (content_type, "application/problem+json") == 0 &&
      JSON_NODE_HOLDS_OBJECT (response->json) &&
      !g_str_has_prefix (json_object_get_string_member_with_default (
                           json_node_get_object (response->json), "type", ""),
                         "https://handla.github.io/problems/"))
    g_error ("%s %s was answered by someone else than the supplier: %.*s",
             soup_message_get_method (msg), g_uri_get_path (soup_message_get_uri (msg)),
             (int) g_bytes_get_size (response->body),
             (const char *) g_bytes_get_data (response->body, NULL));
  return g_steal_pointer (&response);
}

/* Sends @method @path (with a bearer @token and a JSON @body if given,
 * plus the header @header_name: @header_value) and spins the main context
 * until the answer is read. A transport error is returned in @error. */
static Response *
request_full (SoupSession  *session,
              const char   *url,
              const char   *method,
              const char   *path,
              const char   *token,
              const char   *body,
              const char   *header_name,
              const char   *header_value,
              GError      **error)
{
  const char *headers[] = { header_name, header_value, NULL };

  return call_end (call_begin (session, url, method, path, token, body, headers, 0), error);
}

/* Where the fixture's requests go. Some break the protocol on purpose
 * (no token, a body, parameter or header the contract refuses, a method
 * it does not have), to test the supplier's own checks: the test sets
 * off_contract around them. In the contract suite those go straight to
 * the supplier, since Prism would answer them itself; everything else
 * goes through Prism. Outside the contract suite both URLs are the
 * supplier's. */
static const char *
url_for (Fixture *fixture)
{
  return fixture->off_contract ? fixture->ready.direct_url : fixture->ready.url;
}

/* The supplier's test-only /control/… endpoints are not in the contract
 * either: they always go straight to the supplier. */
static Response *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *token,
         const char *body)
{
  g_autoptr(GError) error = NULL;
  const char *url = g_str_has_prefix (path, "/control/") ? fixture->ready.direct_url
                                                          : url_for (fixture);
  Response *response;

  response = request_full (fixture->session, url, method, path, token, body,
                           NULL, NULL, &error);
  g_assert_no_error (error);
  return response;
}

static JsonObject *
response_object (Response *response)
{
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static void
assert_problem (Response   *response,
                guint       status,
                const char *code)
{
  JsonObject *problem;
  g_autofree char *type = g_strconcat ("https://handla.github.io/problems/", code, NULL);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/problem+json");
  problem = response_object (response);
  g_assert_cmpstr (json_object_get_string_member (problem, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (problem, "type"), ==, type);
  g_assert_cmpint (json_object_get_int_member (problem, "status"), ==, status);
  g_assert_nonnull (json_object_get_string_member (problem, "title"));
}

static char *
enrol_with (Fixture    *fixture,
            const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"device_name\": \"Surfplatta 1\","
                                           " \"client\": {\"name\": \"test\", \"version\": \"1\"}}",
                                           code);
  g_autoptr(Response) response = request (fixture, "POST", "/v1/enrol", NULL, body);
  JsonObject *enrolment;
  const char *token;

  g_assert_cmpuint (response->status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Cache-Control"), ==,
                   "no-store");
  enrolment = response_object (response);
  token = json_object_get_string_member (enrolment, "token");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 32);
  g_assert_cmpstr (json_object_get_string_member (enrolment, "token_type"), ==, "Bearer");
  g_assert_nonnull (json_object_get_string_member (enrolment, "tablet_id"));
  g_assert_nonnull (json_object_get_object_member (enrolment, "unit"));
  g_assert_nonnull (json_object_get_object_member (enrolment, "supplier"));
  g_assert_nonnull (json_object_get_string_member (enrolment, "issued_at"));
  return g_strdup (token);
}

static char *
enrol (Fixture *fixture)
{
  return enrol_with (fixture, fixture->ready.enrolment_code);
}

static char *
catalogue_path (const char *query_name,
                const char *query_value,
                const char *page_size)
{
  g_autoptr(GString) path = g_string_new ("/v1/catalogue");
  char sep = '?';

  if (query_name != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (query_value, NULL, FALSE);

      g_string_append_printf (path, "%c%s=%s", sep, query_name, escaped);
      sep = '&';
    }
  if (page_size != NULL)
    g_string_append_printf (path, "%cpage_size=%s", sep, page_size);
  return g_string_free (g_steal_pointer (&path), FALSE);
}

/* Follows a listing (full, or a delta after @since) through all its
 * pages, collecting every product record by id (and the deleted ids).
 * Checks that every page has the same cursor and ETag. Returns the
 * number of pages; *@cursor and *@etag are the listing's. */
static guint
fetch_all (Fixture     *fixture,
           const char  *token,
           const char  *since,
           const char  *page_size,
           GHashTable  *products,
           GHashTable  *deleted,
           GHashTable  *categories,
           char       **cursor,
           char       **etag)
{
  g_autofree char *path = catalogue_path (since != NULL ? "since" : NULL, since, page_size);
  g_autofree char *next = NULL;
  guint pages = 0;

  *cursor = NULL;
  *etag = NULL;

  do
    {
      g_autoptr(Response) response = request (fixture, "GET", path, token, NULL);
      JsonObject *page;
      JsonArray *array;

      g_assert_cmpuint (response->status, ==, 200);
      g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                       "application/json");
      page = response_object (response);
      g_assert_cmpint (json_object_get_int_member (page, "version"), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (page, "format"), ==,
                       since != NULL ? "handla-catalogue-delta" : "handla-catalogue");

      if (pages == 0)
        {
          *cursor = g_strdup (json_object_get_string_member (page, "cursor"));
          *etag = g_strdup (soup_message_headers_get_one (response->headers, "ETag"));
          g_assert_nonnull (*cursor);
          g_assert_nonnull (*etag);
        }
      else
        {
          g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, *cursor);
          g_assert_cmpstr (soup_message_headers_get_one (response->headers, "ETag"), ==, *etag);
        }
      pages++;

      array = json_object_get_array_member (page, "products");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);
          const char *id = json_object_get_string_member (json_node_get_object (node), "id");

          g_assert_false (g_hash_table_contains (products, id));
          g_hash_table_insert (products, g_strdup (id), json_node_copy (node));
        }

      array = json_object_get_array_member (page, "categories");
      if (since == NULL)
        g_assert_cmpuint (json_array_get_length (array), >, 0);
      for (guint i = 0; categories != NULL && i < json_array_get_length (array); i++)
        {
          JsonObject *category = json_array_get_object_element (array, i);

          g_hash_table_add (categories,
                            g_strdup (json_object_get_string_member (category, "id")));
        }

      if (since != NULL)
        {
          JsonArray *ids = json_object_get_array_member (page, "deleted_product_ids");

          g_assert_cmpstr (json_object_get_string_member (page, "since"), ==, since);
          g_assert_nonnull (json_object_get_array_member (page, "deleted_category_ids"));
          for (guint i = 0; i < json_array_get_length (ids); i++)
            g_hash_table_add (deleted, g_strdup (json_array_get_string_element (ids, i)));
          ids = json_object_get_array_member (page, "deleted_category_ids");
          for (guint i = 0; categories != NULL && i < json_array_get_length (ids); i++)
            {
              g_autofree char *key = g_strconcat ("-", json_array_get_string_element (ids, i),
                                                  NULL);

              g_hash_table_add (categories, g_steal_pointer (&key));
            }
        }

      g_clear_pointer (&next, g_free);
      if (json_object_has_member (page, "next_page"))
        {
          next = g_strdup (json_object_get_string_member (page, "next_page"));
          g_clear_pointer (&path, g_free);
          path = catalogue_path ("page", next, NULL);
        }
    }
  while (next != NULL);

  return pages;
}

static GHashTable *
new_product_table (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_node_unref);
}

static GHashTable *
new_id_set (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static gint64
control_stat (Fixture    *fixture,
              const char *name)
{
  g_autoptr(Response) response = request (fixture, "GET", "/control/stats", NULL, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_int_member (response_object (response), name);
}

static void
write_catalogue (const char *path,
                 const char *json)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
}

/* ---- fixture ------------------------------------------------------------ */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->state_dir = g_dir_make_tmp ("handla-supplier-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->process != NULL)
    stop_supplier (fixture);
  g_clear_object (&fixture->session);
  remove_tree (fixture->state_dir);
  g_clear_pointer (&fixture->state_dir, g_free);
  supplier_ready_clear (&fixture->ready);
}

/* ---- tests -------------------------------------------------------------- */

static void
test_enrol (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) not_json = NULL;

  start_demo (fixture);

  token = enrol (fixture);

  /* The code works once. */
  body = g_strdup_printf ("{\"code\": \"%s\", \"device_name\": \"Surfplatta 2\"}", fixture->ready.enrolment_code);
  again = request (fixture, "POST", "/v1/enrol", NULL, body);
  assert_problem (again, 422, "enrolment_code_invalid");

  unknown = request (fixture, "POST", "/v1/enrol", NULL,
                     "{\"code\": \"AAAA-BBBB\", \"device_name\": \"Surfplatta 2\"}");
  assert_problem (unknown, 422, "enrolment_code_invalid");

  /* Off the contract: no device_name; not JSON. */
  fixture->off_contract = TRUE;
  bad = request (fixture, "POST", "/v1/enrol", NULL, "{\"code\": \"AAAA-BBBB\"}");
  assert_problem (bad, 400, "invalid_request");

  not_json = request (fixture, "POST", "/v1/enrol", NULL, "code=AAAA");
  assert_problem (not_json, 400, "invalid_request");
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Response) none = NULL;
  g_autoptr(Response) wrong = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(Response) unknown = NULL;
  const char *challenge;

  start_demo (fixture);

  wrong = request (fixture, "GET", "/v1/catalogue", "hnd_tab_not-a-token-at-all-0123456789", NULL);
  assert_problem (wrong, 401, "token_invalid");
  challenge = soup_message_headers_get_one (wrong->headers, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));
  token = enrol (fixture);

  /* Off the contract: no token; a path it does not have. */
  fixture->off_contract = TRUE;
  none = request (fixture, "GET", "/v1/catalogue", NULL, NULL);
  assert_problem (none, 401, "token_invalid");
  challenge = soup_message_headers_get_one (none->headers, "WWW-Authenticate");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));

  other = request (fixture, "GET", "/v1/customers", NULL, NULL);
  assert_problem (other, 401, "token_invalid");

  unknown = request (fixture, "GET", "/v1/no-such-thing", token, NULL);
  assert_problem (unknown, 404, "not_found");
}

static void
test_catalogue_full (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) products = new_product_table ();
  g_autoptr(GHashTable) categories = new_id_set ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) mixed = NULL;
  g_autoptr(Response) too_big = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *etag = NULL;
  const char *demo_path = g_getenv ("HANDLA_DEMO_CATALOGUE");
  JsonObject *demo;
  JsonArray *demo_products;
  guint pages;

  g_assert_nonnull (demo_path);
  json_parser_load_from_file (parser, demo_path, &error);
  g_assert_no_error (error);
  demo = json_node_get_object (json_parser_get_root (parser));
  demo_products = json_object_get_array_member (demo, "products");

  start_demo (fixture);
  token = enrol (fixture);

  pages = fetch_all (fixture, token, NULL, "500", products, NULL, categories, &cursor, &etag);
  g_assert_cmpuint (pages, ==, (json_array_get_length (demo_products) + 499) / 500);
  g_assert_cmpuint (g_hash_table_size (products), ==, json_array_get_length (demo_products));
  g_assert_cmpuint (g_hash_table_size (categories), ==,
                    json_array_get_length (json_object_get_array_member (demo, "categories")));

  /* Every product comes back exactly as the demo file has it. */
  for (guint i = 0; i < json_array_get_length (demo_products); i++)
    {
      JsonNode *expected = json_array_get_element (demo_products, i);
      const char *id = json_object_get_string_member (json_node_get_object (expected), "id");
      JsonNode *got = g_hash_table_lookup (products, id);

      g_assert_nonnull (got);
      g_assert_true (json_node_equal (expected, got));
    }

  /* A page token goes alone; page sizes are 1 to 2000 (off the contract). */
  {
    g_autofree char *path = g_strdup_printf ("/v1/catalogue?since=%s&page=abc", cursor);

    mixed = request (fixture, "GET", path, token, NULL);
    assert_problem (mixed, 400, "invalid_request");
  }
  fixture->off_contract = TRUE;
  too_big = request (fixture, "GET", "/v1/catalogue?page_size=2001", token, NULL);
  assert_problem (too_big, 400, "invalid_request");
}

static void
test_catalogue_not_modified (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) same = NULL;
  g_autoptr(Response) weak = NULL;
  g_autoptr(Response) delta = NULL;
  g_autoptr(Response) stale = NULL;
  g_autofree char *token = NULL;
  g_autofree char *weak_etag = NULL;
  g_autofree char *delta_path = NULL;
  const char *etag;
  gint64 bodies;

  start_demo (fixture);
  token = enrol (fixture);

  first = request (fixture, "GET", "/v1/catalogue?page_size=10", token, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  etag = soup_message_headers_get_one (first->headers, "ETag");
  g_assert_nonnull (etag);
  bodies = control_stat (fixture, "catalogue_bodies");
  g_assert_cmpint (bodies, ==, 1);

  same = request_full (fixture->session, url_for (fixture), "GET", "/v1/catalogue", token, NULL,
                       "If-None-Match", etag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (same->body), ==, 0);
  g_assert_cmpstr (soup_message_headers_get_one (same->headers, "ETag"), ==, etag);

  /* Weak comparison: W/"x" matches "x". */
  weak_etag = g_strconcat ("W/", etag, NULL);
  weak = request_full (fixture->session, url_for (fixture), "GET", "/v1/catalogue", token, NULL,
                       "If-None-Match", weak_etag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weak->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (weak->body), ==, 0);

  /* A delta with the stored ETag, nothing changed: 304 as well. */
  delta_path = catalogue_path ("since",
                               json_object_get_string_member (response_object (first), "cursor"),
                               NULL);
  delta = request_full (fixture->session, url_for (fixture), "GET", delta_path, token, NULL,
                        "If-None-Match", etag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (delta->status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (delta->body), ==, 0);

  /* Another ETag gets the body. */
  stale = request_full (fixture->session, url_for (fixture), "GET", "/v1/catalogue?page_size=1",
                        token, NULL, "If-None-Match", "\"0-0\"", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stale->status, ==, 200);

  /* Only the two 200s were bodies. */
  g_assert_cmpint (control_stat (fixture, "catalogue_bodies"), ==, 2);
  g_assert_cmpint (control_stat (fixture, "catalogue_not_modified"), ==, 3);
}

static void
test_catalogue_delta_empty (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) products = new_product_table ();
  g_autoptr(GHashTable) deleted = new_id_set ();
  g_autoptr(GHashTable) categories = new_id_set ();
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) expired = NULL;
  g_autoptr(Response) malformed = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *new_cursor = NULL;
  g_autofree char *etag = NULL;
  guint pages;

  start_demo (fixture);
  token = enrol (fixture);

  first = request (fixture, "GET", "/v1/catalogue?page_size=1", token, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  cursor = g_strdup (json_object_get_string_member (response_object (first), "cursor"));

  pages = fetch_all (fixture, token, cursor, NULL, products, deleted, categories,
                     &new_cursor, &etag);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_cmpstr (new_cursor, ==, cursor);
  g_assert_cmpuint (g_hash_table_size (products), ==, 0);
  g_assert_cmpuint (g_hash_table_size (deleted), ==, 0);
  g_assert_cmpuint (g_hash_table_size (categories), ==, 0);

  /* A cursor this supplier never gave out: start again with a full sync. */
  expired = request (fixture, "GET", "/v1/catalogue?since=0badc0de-17", token, NULL);
  assert_problem (expired, 410, "cursor_expired");
  /* Off the contract: not a cursor. */
  fixture->off_contract = TRUE;
  malformed = request (fixture, "GET", "/v1/catalogue?since=%7Bnot%7D", token, NULL);
  assert_problem (malformed, 400, "invalid_request");
}

static const char small_catalogue_v1[] =
  "{\"format\": \"handla-catalogue\", \"version\": 1,"
  " \"supplier\": {\"id\": \"t\", \"name\": \"Testbutiken\"},"
  " \"categories\": ["
  "  {\"id\": \"mejeri\", \"name\": \"Mejeri\", \"position\": 1},"
  "  {\"id\": \"brod\", \"name\": \"Bröd\", \"position\": 2}],"
  " \"products\": ["
  "  {\"id\": \"a\", \"name\": \"Mjölk\", \"category\": \"mejeri\", \"price_ore\": 1990},"
  "  {\"id\": \"b\", \"name\": \"Fil\", \"category\": \"mejeri\", \"price_ore\": 2190},"
  "  {\"id\": \"c\", \"name\": \"Limpa\", \"category\": \"brod\", \"price_ore\": 3490},"
  "  {\"id\": \"d\", \"name\": \"Grädde\", \"category\": \"mejeri\", \"price_ore\": 2590}]}";

/* a: new price and an offer; c and its category gone; e new. */
static const char small_catalogue_v2[] =
  "{\"format\": \"handla-catalogue\", \"version\": 1,"
  " \"supplier\": {\"id\": \"t\", \"name\": \"Testbutiken\"},"
  " \"categories\": ["
  "  {\"id\": \"mejeri\", \"name\": \"Mejeri\", \"position\": 1}],"
  " \"products\": ["
  "  {\"id\": \"a\", \"name\": \"Mjölk\", \"category\": \"mejeri\", \"price_ore\": 2090,"
  "   \"offer\": {\"price_ore\": 1790, \"text\": \"Veckans pris\"}},"
  "  {\"id\": \"b\", \"name\": \"Fil\", \"category\": \"mejeri\", \"price_ore\": 2190},"
  "  {\"id\": \"d\", \"name\": \"Grädde\", \"category\": \"mejeri\", \"price_ore\": 2590},"
  "  {\"id\": \"e\", \"name\": \"Smör\", \"category\": \"mejeri\", \"price_ore\": 5490}]}";

static void
test_catalogue_delta_change (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->state_dir, "catalogue.json", NULL);
  const char * const args[] = { "--catalogue", file, NULL };
  g_autoptr(GHashTable) products = new_product_table ();
  g_autoptr(GHashTable) changed = new_product_table ();
  g_autoptr(GHashTable) deleted = new_id_set ();
  g_autoptr(GHashTable) categories = new_id_set ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) stale = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_cursor = NULL;
  g_autofree char *new_etag = NULL;
  JsonObject *a;
  guint pages;

  write_catalogue (file, small_catalogue_v1);
  start_supplier (fixture, args);
  token = enrol (fixture);
  pages = fetch_all (fixture, token, NULL, "1", products, NULL, NULL, &cursor, &etag);
  g_assert_cmpuint (pages, ==, 4);
  g_assert_cmpuint (g_hash_table_size (products), ==, 4);

  /* The supplier's catalogue changes while it is down. */
  stop_supplier (fixture);
  write_catalogue (file, small_catalogue_v2);
  start_supplier (fixture, args);

  /* The old ETag no longer matches. */
  stale = request_full (fixture->session, url_for (fixture), "GET", "/v1/catalogue?page_size=1",
                        token, NULL, "If-None-Match", etag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stale->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (stale->headers, "ETag"), !=, etag);

  /* One item per page, so the delta is paged too. */
  pages = fetch_all (fixture, token, cursor, "1", changed, deleted, categories,
                     &new_cursor, &new_etag);
  g_assert_cmpstr (new_cursor, !=, cursor);
  g_assert_cmpstr (new_etag, !=, etag);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 2);
  g_assert_true (g_hash_table_contains (changed, "a"));
  g_assert_true (g_hash_table_contains (changed, "e"));
  a = json_node_get_object (g_hash_table_lookup (changed, "a"));
  g_assert_cmpint (json_object_get_int_member (a, "price_ore"), ==, 2090);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (a, "offer"),
                                               "price_ore"), ==, 1790);
  g_assert_cmpuint (g_hash_table_size (deleted), ==, 1);
  g_assert_true (g_hash_table_contains (deleted, "c"));
  g_assert_cmpuint (g_hash_table_size (categories), ==, 1);
  g_assert_true (g_hash_table_contains (categories, "-brod"));

  /* The new cursor is current: its delta is empty. */
  g_hash_table_remove_all (changed);
  g_hash_table_remove_all (deleted);
  g_hash_table_remove_all (categories);
  {
    g_autofree char *c3 = NULL;
    g_autofree char *e3 = NULL;

    fetch_all (fixture, token, new_cursor, NULL, changed, deleted, categories, &c3, &e3);
    g_assert_cmpstr (c3, ==, new_cursor);
    g_assert_cmpuint (g_hash_table_size (changed) + g_hash_table_size (deleted) +
                      g_hash_table_size (categories), ==, 0);
  }
}

/* /control/catalogue/generate (for ./dev bench): the next delta holds
 * exactly the products whose price it changed, spread over the catalogue. */
static void
test_generate_changed (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const args[] = { "--generate", "1000", "--control", NULL };
  g_autoptr(GHashTable) products = new_product_table ();
  g_autoptr(GHashTable) changed = new_product_table ();
  g_autoptr(GHashTable) deleted = new_id_set ();
  g_autoptr(Response) generated = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) refused = NULL;
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_cursor = NULL;
  g_autofree char *new_etag = NULL;
  GHashTableIter iter;
  gpointer id, node;

  start_supplier (fixture, args);
  token = enrol (fixture);
  fetch_all (fixture, token, NULL, NULL, products, NULL, NULL, &cursor, &etag);
  g_assert_cmpuint (g_hash_table_size (products), ==, 1000);

  generated = request (fixture, "POST", "/control/catalogue/generate", NULL,
                       "{\"products\": 1000, \"changed\": 10, \"generation\": 1}");
  g_assert_cmpuint (generated->status, ==, 200);
  g_assert_true (json_object_get_boolean_member (response_object (generated), "changed"));

  fetch_all (fixture, token, cursor, NULL, changed, deleted, NULL, &new_cursor, &new_etag);
  g_assert_cmpstr (new_cursor, !=, cursor);
  g_assert_cmpuint (g_hash_table_size (changed), ==, 10);
  g_assert_cmpuint (g_hash_table_size (deleted), ==, 0);
  /* Every 100th product, each 1 kr dearer. */
  g_assert_true (g_hash_table_contains (changed, "g-0000001"));
  g_assert_true (g_hash_table_contains (changed, "g-0000901"));
  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &id, &node))
    {
      JsonObject *before = json_node_get_object (g_hash_table_lookup (products, id));

      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "price_ore"), ==,
                       json_object_get_int_member (before, "price_ore") + 100);
    }

  /* The same generation again changes nothing. */
  again = request (fixture, "POST", "/control/catalogue/generate", NULL,
                   "{\"products\": 1000, \"changed\": 10, \"generation\": 1}");
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (response_object (again), "changed"));

  refused = request (fixture, "POST", "/control/catalogue/generate", NULL,
                     "{\"products\": 10, \"changed\": 11}");
  assert_problem (refused, 400, "invalid_request");
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  const char * const args[] = { "--generate", "1234", NULL };
  g_autoptr(GHashTable) products = new_product_table ();
  g_autoptr(GHashTable) categories = new_id_set ();
  g_autofree char *token = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *etag = NULL;

  start_supplier (fixture, args);
  token = enrol (fixture);
  g_assert_cmpuint (fetch_all (fixture, token, NULL, "300", products, NULL, categories,
                               &cursor, &etag), ==, 5);
  g_assert_cmpuint (g_hash_table_size (products), ==, 1234);
  g_assert_cmpuint (g_hash_table_size (categories), ==, 5);
}

static void
test_wrong_ca (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *other_dir = g_build_filename (fixture->state_dir, "other", NULL);
  g_autofree char *other_ca = NULL;
  g_autofree char *this_dir = NULL;
  g_autoptr(SoupSession) wrong = NULL;
  g_autoptr(SoupSession) system = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) fine = NULL;

  /* A second supplier, for its CA. */
  this_dir = g_steal_pointer (&fixture->state_dir);
  fixture->state_dir = g_strdup (other_dir);
  start_demo (fixture);
  other_ca = g_strdup (fixture->ready.ca_file);
  stop_supplier (fixture);
  g_free (fixture->state_dir);
  fixture->state_dir = g_steal_pointer (&this_dir);

  start_demo (fixture);
  g_assert_cmpstr (other_ca, !=, fixture->ready.ca_file);

  wrong = session_for_ca (other_ca);
  response = request_full (wrong, fixture->ready.url, "GET", "/v1/catalogue", NULL, NULL,
                           NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
  g_clear_error (&error);

  /* The system's CAs do not know the test CA either. */
  system = new_session ();
  response = request_full (system, fixture->ready.url, "GET", "/v1/catalogue", NULL, NULL,
                           NULL, NULL, &error);
  g_assert_null (response);
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);

  /* The right CA works. */
  fine = request (fixture, "POST", "/v1/enrol", NULL,
                  "{\"code\": \"AAAA-BBBB\", \"device_name\": \"Surfplatta 2\"}");
  assert_problem (fine, 422, "enrolment_code_invalid");
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *first_code = NULL;
  g_autofree char *ca_before = NULL;
  g_autofree char *ca_after = NULL;
  g_autofree char *second_token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) reused = NULL;
  g_autofree char *etag = NULL;

  start_demo (fixture);
  token = enrol (fixture);
  first_code = g_strdup (fixture->ready.enrolment_code);
  first = request (fixture, "GET", "/v1/catalogue?page_size=1", token, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  etag = g_strdup (soup_message_headers_get_one (first->headers, "ETag"));
  g_file_get_contents (fixture->ready.ca_file, &ca_before, NULL, &error);
  g_assert_no_error (error);
  stop_supplier (fixture);

  start_demo (fixture);
  g_file_get_contents (fixture->ready.ca_file, &ca_after, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ca_before, ==, ca_after);
  g_assert_cmpstr (fixture->ready.enrolment_code, !=, first_code);

  /* The token and the catalogue version survive; the used code stays used. */
  again = request_full (fixture->session, url_for (fixture), "GET", "/v1/catalogue", token, NULL,
                        "If-None-Match", etag, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->status, ==, 304);

  body = g_strdup_printf ("{\"code\": \"%s\", \"device_name\": \"Surfplatta 2\"}", first_code);
  reused = request (fixture, "POST", "/v1/enrol", NULL, body);
  assert_problem (reused, 422, "enrolment_code_invalid");

  second_token = enrol (fixture);
  g_assert_cmpstr (second_token, !=, token);
}

/* ---- customers, baskets, slots and holds: helpers ------------------------ */

static const char *
header (Response   *response,
        const char *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

static void
assert_no_store (Response *response)
{
  g_assert_cmpstr (header (response, "Cache-Control"), ==, "no-store");
}

/* Stops the supplier's clock at @now (RFC 3339). */
static void
set_clock (Fixture    *fixture,
           const char *now)
{
  g_autofree char *body = g_strdup_printf ("{\"now\": \"%s\"}", now);
  g_autoptr(Response) response = request (fixture, "POST", "/control/clock", NULL, body);
  g_autoptr(GDateTime) wanted = g_date_time_new_from_iso8601 (now, NULL);
  g_autoptr(GDateTime) got = NULL;

  g_assert_cmpuint (response->status, ==, 200);
  got = g_date_time_new_from_iso8601 (json_object_get_string_member (response_object (response),
                                                                     "now"), NULL);
  g_assert_true (g_date_time_equal (got, wanted));
  g_assert_true (json_object_get_boolean_member (response_object (response), "frozen"));
}

static void
advance_clock (Fixture *fixture,
               gint64   seconds)
{
  g_autofree char *body = g_strdup_printf ("{\"advance_seconds\": %" G_GINT64_FORMAT "}", seconds);
  g_autoptr(Response) response = request (fixture, "POST", "/control/clock", NULL, body);

  g_assert_cmpuint (response->status, ==, 200);
}

static GDateTime *
member_time (JsonObject *object,
             const char *name)
{
  const char *text = json_object_get_string_member (object, name);
  GDateTime *time;

  g_assert_nonnull (text);
  time = g_date_time_new_from_iso8601 (text, NULL);
  g_assert_nonnull (time);
  return time;
}

static Response *
get_slots (Fixture    *fixture,
           const char *token,
           const char *customer_id,
           const char *from,
           const char *to)
{
  g_autofree char *path = g_strdup_printf ("/v1/customers/%s/slots?from=%s&to=%s",
                                           customer_id, from, to);
  Response *response = request (fixture, "GET", path, token, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  assert_no_store (response);
  return response;
}

static JsonArray *
slots_of (Response *response)
{
  return json_object_get_array_member (response_object (response), "slots");
}

static JsonObject *
find_slot (JsonArray  *slots,
           const char *id)
{
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      if (g_str_equal (json_object_get_string_member (slot, "id"), id))
        return slot;
    }
  return NULL;
}

static Response *
hold_slot (Fixture    *fixture,
           const char *token,
           const char *customer_id,
           const char *slot_id)
{
  g_autofree char *path = g_strdup_printf ("/v1/customers/%s/slot-holds", customer_id);
  g_autofree char *body = g_strdup_printf ("{\"slot_id\": \"%s\"}", slot_id);

  return request (fixture, "POST", path, token, body);
}

static Response *
put_basket (Fixture    *fixture,
            const char *token,
            const char *customer_id,
            const char *if_match,
            const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/customers/%s/basket", customer_id);
  g_autoptr(GError) error = NULL;
  Response *response;

  response = request_full (fixture->session, url_for (fixture), "PUT", path, token, body,
                           if_match != NULL ? "If-Match" : NULL, if_match, &error);
  g_assert_no_error (error);
  return response;
}

/* The demo supplier, a tablet of the demo unit, the clock standing. */
static char *
start_demo_at (Fixture    *fixture,
               const char *now)
{
  start_demo (fixture);
  set_clock (fixture, now);
  return enrol (fixture);
}

/* ---- customers ------------------------------------------------------------ */

static void
test_customers (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Response) list = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) one = NULL;
  g_autoptr(Response) other_unit = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) anonymous = NULL;
  g_autoptr(Response) bad_page = NULL;
  g_autofree char *next_path = NULL;
  const char *names[] = { "Anna K.", "Erik L.", "Fatima H.", "Gunnel S." };
  JsonArray *customers;
  JsonObject *anna, *agreed, *contact, *avoid;

  start_demo (fixture);
  token = enrol (fixture);

  list = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  assert_no_store (list);
  customers = json_object_get_array_member (response_object (list), "customers");
  g_assert_cmpuint (json_array_get_length (customers), ==, G_N_ELEMENTS (names));
  g_assert_false (json_object_has_member (response_object (list), "next_page"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonObject *customer = json_array_get_object_element (customers, i);

      /* In order of display name; all of the tablet's unit. */
      g_assert_cmpstr (json_object_get_string_member (customer, "display_name"), ==, names[i]);
      g_assert_nonnull (json_object_get_string_member (customer, "address_line"));
      g_assert_true (json_object_has_member (customer, "needs_unpacking"));
      g_assert_true (json_object_has_member (customer, "carer_present"));
      contact = json_object_get_object_member (customer, "unit_contact");
      g_assert_cmpstr (json_object_get_string_member (contact, "unit_id"), ==, "u-demo-1");
      g_assert_cmpstr (json_object_get_string_member (contact, "phone"), ==, "+46855512345");
      /* Never a customer's phone number. */
      g_assert_false (json_object_has_member (customer, "phone"));
    }

  anna = json_array_get_object_element (customers, 0);
  g_assert_cmpstr (json_object_get_string_member (anna, "id"), ==, "c-1001");
  agreed = json_object_get_object_member (anna, "agreed_delivery");
  g_assert_cmpstr (json_object_get_string_member (agreed, "weekday"), ==, "thursday");
  g_assert_cmpstr (json_object_get_string_member (agreed, "window_start"), ==, "10:00");
  g_assert_cmpstr (json_object_get_string_member (agreed, "window_end"), ==, "14:00");
  g_assert_true (json_object_get_boolean_member (anna, "carer_present"));
  g_assert_cmpstr (json_object_get_string_member (anna, "language"), ==, "sv");
  g_assert_cmpstr (json_object_get_string_member (anna, "text_size"), ==, "largest");
  avoid = json_object_get_object_member (anna, "avoid");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (avoid, "allergens")),
                    ==, 2);

  /* Paged like the catalogue. */
  first = request (fixture, "GET", "/v1/customers?page_size=3", token, NULL);
  g_assert_cmpuint (first->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (first),
                                                                        "customers")), ==, 3);
  next_path = g_strdup_printf ("/v1/customers?page=%s",
                               json_object_get_string_member (response_object (first),
                                                              "next_page"));
  second = request (fixture, "GET", next_path, token, NULL);
  g_assert_cmpuint (second->status, ==, 200);
  customers = json_object_get_array_member (response_object (second), "customers");
  g_assert_cmpuint (json_array_get_length (customers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (customers, 0),
                                                  "display_name"), ==, "Gunnel S.");
  g_assert_false (json_object_has_member (response_object (second), "next_page"));
  /* Off the contract: a page size below 1. */
  fixture->off_contract = TRUE;
  bad_page = request (fixture, "GET", "/v1/customers?page_size=0", token, NULL);
  assert_problem (bad_page, 400, "invalid_request");
  fixture->off_contract = FALSE;

  one = request (fixture, "GET", "/v1/customers/c-1001", token, NULL);
  g_assert_cmpuint (one->status, ==, 200);
  assert_no_store (one);
  g_assert_cmpstr (json_object_get_string_member (response_object (one), "display_name"), ==,
                   "Anna K.");

  /* Another unit's customer does not exist for this tablet. */
  other_unit = request (fixture, "GET", "/v1/customers/c-9001", token, NULL);
  assert_problem (other_unit, 404, "not_found");
  unknown = request (fixture, "GET", "/v1/customers/c-0000", token, NULL);
  assert_problem (unknown, 404, "not_found");
  /* Off the contract: no token. */
  fixture->off_contract = TRUE;
  anonymous = request (fixture, "GET", "/v1/customers/c-1001", NULL, NULL);
  assert_problem (anonymous, 401, "token_invalid");
}

/* --generate also brings the demo customers; without --control there is
 * no clock to move. */
static void
test_customers_generated (Fixture       *fixture,
                          gconstpointer  data)
{
  const char * const args[] = { "--generate", "10", NULL };
  g_autofree char *token = NULL;
  g_autoptr(Response) list = NULL;
  g_autoptr(Response) clock = NULL;

  start_supplier (fixture, args);
  token = enrol (fixture);
  list = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (list->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (list),
                                                                        "customers")), ==, 4);
  clock = request (fixture, "GET", "/control/clock", NULL, NULL);
  g_assert_cmpuint (clock->status, ==, 404);
}

/* ---- the clock ------------------------------------------------------------ */

static void
test_clock (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Response) real = NULL;
  g_autoptr(Response) moved = NULL;
  g_autoptr(Response) back = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) reported = NULL;
  g_autoptr(GDateTime) after = NULL;

  start_demo (fixture);

  /* Real time by default. */
  real = request (fixture, "GET", "/control/clock", NULL, NULL);
  g_assert_cmpuint (real->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (response_object (real), "frozen"));
  reported = member_time (response_object (real), "now");
  g_assert_cmpint (ABS (g_date_time_difference (reported, now)), <, 60 * G_TIME_SPAN_SECOND);

  set_clock (fixture, "2026-01-12T09:00:00+01:00");
  advance_clock (fixture, 90);
  moved = request (fixture, "GET", "/control/clock", NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (response_object (moved), "now"), ==,
                   "2026-01-12T09:01:30+01:00");

  bad = request (fixture, "POST", "/control/clock", NULL, "{\"now\": \"2026-01-12 09:00\"}");
  assert_problem (bad, 400, "invalid_request");

  back = request (fixture, "POST", "/control/clock", NULL, "{\"real\": true}");
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_false (json_object_get_boolean_member (response_object (back), "frozen"));
  after = member_time (response_object (back), "now");
  g_assert_cmpint (ABS (g_date_time_difference (after, now)), <, 60 * G_TIME_SPAN_SECOND);
}

/* ---- basket --------------------------------------------------------------- */

static const char basket_body[] =
  "{\"lines\": ["
  "  {\"product_id\": \"lv553-1\", \"quantity\": {\"unit\": \"gram\", \"value\": 800},"
  "   \"substitution\": \"only_this\", \"note\": \"Gärna lite gröna.\","
  "   \"changed_at\": \"2026-01-12T09:41:02+01:00\"},"
  "  {\"product_id\": \"p-2\", \"quantity\": {\"unit\": \"piece\", \"value\": 2},"
  "   \"substitution\": \"similar\", \"changed_at\": \"2026-01-12T09:42:30+01:00\","
  "   \"x_unknown\": true}],"
  " \"removed_lines\": ["
  "  {\"product_id\": \"p-3\", \"changed_at\": \"2026-01-12T09:44:10+01:00\"}]}";

static void
test_basket_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:45:00+01:00");
  g_autoptr(Response) empty = NULL;
  g_autoptr(Response) stored = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) unchanged = NULL;
  g_autoptr(Response) other_unit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *new_etag = NULL;
  JsonObject *basket, *line;
  JsonArray *lines;

  empty = request (fixture, "GET", "/v1/customers/c-1001/basket", token, NULL);
  g_assert_cmpuint (empty->status, ==, 200);
  assert_no_store (empty);
  etag = g_strdup (header (empty, "ETag"));
  g_assert_true (g_regex_match_simple ("^\"[\\x21\\x23-\\x7E]{1,200}\"$", etag, 0, 0));
  basket = response_object (empty);
  g_assert_cmpstr (json_object_get_string_member (basket, "customer_id"), ==, "c-1001");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (basket, "lines")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (basket,
                                                                         "removed_lines")), ==, 0);
  g_assert_false (json_object_has_member (basket, "updated_at"));

  stored = put_basket (fixture, token, "c-1001", etag, basket_body);
  g_assert_cmpuint (stored->status, ==, 200);
  assert_no_store (stored);
  new_etag = g_strdup (header (stored, "ETag"));
  g_assert_nonnull (new_etag);
  g_assert_cmpstr (new_etag, !=, etag);
  basket = response_object (stored);
  g_assert_cmpstr (json_object_get_string_member (basket, "updated_at"), ==,
                   "2026-01-12T09:45:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (basket, "updated_by_tablet"), ==, "t-0001");

  again = request (fixture, "GET", "/v1/customers/c-1001/basket", token, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (header (again, "ETag"), ==, new_etag);
  basket = response_object (again);
  lines = json_object_get_array_member (basket, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  line = json_array_get_object_element (lines, 0);
  g_assert_cmpstr (json_object_get_string_member (line, "product_id"), ==, "lv553-1");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (line, "quantity"), "unit"), ==, "gram");
  g_assert_cmpint (json_object_get_int_member (
                     json_object_get_object_member (line, "quantity"), "value"), ==, 800);
  g_assert_cmpstr (json_object_get_string_member (line, "note"), ==, "Gärna lite gröna.");
  g_assert_cmpstr (json_object_get_string_member (line, "changed_at"), ==,
                   "2026-01-12T09:41:02+01:00");
  g_assert_false (json_object_has_member (json_array_get_object_element (lines, 1), "x_unknown"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (
                       json_object_get_array_member (basket, "removed_lines"), 0),
                     "product_id"), ==, "p-3");

  /* Conditional GET. */
  unchanged = request_full (fixture->session, url_for (fixture), "GET",
                            "/v1/customers/c-1001/basket", token, NULL, "If-None-Match", new_etag,
                            &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unchanged->status, ==, 304);
  g_assert_cmpstr (header (unchanged, "ETag"), ==, new_etag);

  other_unit = request (fixture, "GET", "/v1/customers/c-9001/basket", token, NULL);
  assert_problem (other_unit, 404, "not_found");
}

static void
test_basket_precondition (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:45:00+01:00");
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) star = NULL;
  g_autoptr(Response) weak = NULL;
  g_autoptr(Response) current = NULL;
  g_autofree char *weak_tag = NULL;

  /* Off the contract: no If-Match; "*", which is no entity tag. */
  fixture->off_contract = TRUE;
  missing = put_basket (fixture, token, "c-1001", NULL, basket_body);
  assert_problem (missing, 428, "precondition_required");
  star = put_basket (fixture, token, "c-1001", "*", basket_body);
  assert_problem (star, 400, "invalid_request");
  fixture->off_contract = FALSE;

  /* If-Match compares strongly. */
  current = request (fixture, "GET", "/v1/customers/c-1001/basket", token, NULL);
  weak_tag = g_strconcat ("W/", header (current, "ETag"), NULL);
  weak = put_basket (fixture, token, "c-1001", weak_tag, basket_body);
  assert_problem (weak, 412, "basket_conflict");
}

static void
test_basket_conflict (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:45:00+01:00");
  g_autofree char *other = NULL;
  g_autofree char *old_etag = NULL;
  g_autoptr(Response) start = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) now = NULL;
  g_autoptr(Response) other_customer = NULL;

  /* A second tablet of the unit. */
  {
    g_autoptr(Response) code = request (fixture, "POST", "/control/enrolment-codes", NULL, NULL);

    g_assert_cmpuint (code->status, ==, 201);
    other = enrol_with (fixture, json_object_get_string_member (response_object (code),
                                                                "enrolment_code"));
  }

  start = request (fixture, "GET", "/v1/customers/c-1002/basket", token, NULL);
  old_etag = g_strdup (header (start, "ETag"));

  first = put_basket (fixture, token, "c-1002", old_etag, basket_body);
  g_assert_cmpuint (first->status, ==, 200);
  second = put_basket (fixture, other, "c-1002", old_etag, "{\"lines\": [], \"removed_lines\": []}");
  assert_problem (second, 412, "basket_conflict");

  /* Nothing changed: the first tablet's basket stands. */
  now = request (fixture, "GET", "/v1/customers/c-1002/basket", other, NULL);
  g_assert_cmpstr (header (now, "ETag"), ==, header (first, "ETag"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (now),
                                                                        "lines")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (response_object (now), "updated_by_tablet"),
                   ==, "t-0001");

  /* An ETag of another customer's basket does not match either. */
  other_customer = put_basket (fixture, token, "c-1003", header (first, "ETag"), basket_body);
  assert_problem (other_customer, 412, "basket_conflict");
}

static gboolean
has_error (Response   *response,
           const char *pointer,
           const char *code)
{
  JsonArray *errors = json_object_get_array_member (response_object (response), "errors");

  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *error = json_array_get_object_element (errors, i);

      if (g_str_equal (json_object_get_string_member (error, "pointer"), pointer) &&
          g_str_equal (json_object_get_string_member (error, "code"), code))
        return TRUE;
    }
  return FALSE;
}

static void
test_basket_invalid (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:45:00+01:00");
  g_autofree char *etag = NULL;
  g_autoptr(Response) start = NULL;
  g_autoptr(Response) invalid = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) not_json = NULL;
  g_autoptr(Response) unchanged = NULL;

  start = request (fixture, "GET", "/v1/customers/c-1001/basket", token, NULL);
  etag = g_strdup (header (start, "ETag"));

  /* Off the contract: lines the contract's schema refuses; a missing
   * member; not JSON. */
  fixture->off_contract = TRUE;
  invalid = put_basket (fixture, token, "c-1001", etag,
    "{\"lines\": ["
    "  {\"product_id\": \"a\", \"quantity\": {\"unit\": \"kg\", \"value\": 1},"
    "   \"substitution\": \"similar\", \"changed_at\": \"2026-01-12T09:41:02+01:00\"},"
    "  {\"product_id\": \"b\", \"quantity\": {\"unit\": \"piece\", \"value\": 0},"
    "   \"substitution\": \"whatever\", \"changed_at\": \"2026-01-12T09:41:02\"},"
    "  {\"product_id\": \"c\", \"quantity\": {\"unit\": \"gram\", \"value\": 1.5},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"a\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    "   \"substitution\": \"similar\", \"changed_at\": \"2026-01-12T09:41:02+01:00\"},"
    "  {\"quantity\": {\"unit\": \"piece\", \"value\": 50001},"
    "   \"substitution\": \"similar\", \"changed_at\": \"2026-01-12T09:41:02+01:00\"}],"
    " \"removed_lines\": [{\"product_id\": \"b\", \"changed_at\": \"2026-01-12T09:41:02Z\"}]}");
  assert_problem (invalid, 422, "validation_failed");
  g_assert_true (has_error (invalid, "/lines/0/quantity/unit", "invalid"));
  g_assert_true (has_error (invalid, "/lines/1/quantity/value", "quantity_out_of_range"));
  g_assert_true (has_error (invalid, "/lines/1/substitution", "invalid"));
  g_assert_true (has_error (invalid, "/lines/1/changed_at", "invalid"));
  g_assert_true (has_error (invalid, "/lines/2/quantity/value", "invalid"));
  g_assert_true (has_error (invalid, "/lines/2/changed_at", "required"));
  g_assert_true (has_error (invalid, "/lines/3/product_id", "duplicate_product"));
  g_assert_true (has_error (invalid, "/lines/4/product_id", "required"));
  g_assert_true (has_error (invalid, "/lines/4/quantity/value", "quantity_out_of_range"));
  g_assert_true (has_error (invalid, "/removed_lines/0/product_id", "duplicate_product"));

  missing = put_basket (fixture, token, "c-1001", etag, "{\"lines\": []}");
  assert_problem (missing, 400, "invalid_request");
  not_json = put_basket (fixture, token, "c-1001", etag, "lines=1");
  assert_problem (not_json, 400, "invalid_request");
  fixture->off_contract = FALSE;

  /* Nothing was stored. */
  unchanged = request (fixture, "GET", "/v1/customers/c-1001/basket", token, NULL);
  g_assert_cmpstr (header (unchanged, "ETag"), ==, etag);
}

/* ---- slots ----------------------------------------------------------------- */

/* Every slot's cutoff is 12:00 Europe/Stockholm on the day before its
 * window starts, with Stockholm's offset of that day. */
static void
assert_cutoffs (JsonArray *slots)
{
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);
      JsonObject *window = json_object_get_object_member (slot, "window");
      const char *start = json_object_get_string_member (window, "start");
      const char *cutoff = json_object_get_string_member (slot, "cutoff");
      g_autoptr(GDateTime) start_time = member_time (window, "start");
      g_autoptr(GDateTime) end_time = member_time (window, "end");
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Stockholm");
      g_autoptr(GDateTime) local = g_date_time_to_timezone (start_time, tz);
      g_autoptr(GDateTime) day_before = g_date_time_add_days (local, -1);
      g_autoptr(GDateTime) expected = g_date_time_new (tz, g_date_time_get_year (day_before),
                                                       g_date_time_get_month (day_before),
                                                       g_date_time_get_day_of_month (day_before),
                                                       12, 0, 0);
      g_autofree char *expected_text = g_date_time_format (expected, "%Y-%m-%dT%H:%M:%S%:z");

      g_assert_cmpstr (cutoff, ==, expected_text);
      g_assert_true (g_date_time_compare (start_time, end_time) < 0);
      g_assert_cmpint (g_date_time_get_day_of_week (local), !=, 7);
      /* Sent in Stockholm time: the text is already the local one. */
      g_assert_cmpint (g_date_time_get_hour (local), ==, atoi (start + 11));
      if (!json_object_get_boolean_member (slot, "available"))
        g_assert_nonnull (json_object_get_string_member (slot, "unavailable_reason"));
      else
        g_assert_false (json_object_has_member (slot, "unavailable_reason"));
      g_assert_cmpint (json_object_get_int_member (slot, "fee_ore"), >, 0);
    }
}

static void
test_slots_winter (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Monday 12 January 2026, 09:00 in Stockholm (UTC+1). */
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:00:00+01:00");
  g_autoptr(Response) all = NULL;
  g_autoptr(Response) later = NULL;
  g_autoptr(Response) past_horizon = NULL;
  g_autoptr(Response) reversed = NULL;
  g_autoptr(Response) too_long = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) other_unit = NULL;
  JsonArray *slots;
  JsonObject *slot;
  guint n_full = 0;

  all = get_slots (fixture, token, "c-1001", "2026-01-01", "2026-01-31");
  slots = slots_of (all);
  /* Two weeks from today, Monday to Saturday, three windows a day. */
  g_assert_cmpuint (json_array_get_length (slots), ==, 12 * 3);
  assert_cutoffs (slots);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (slots, 0), "id"),
                   ==, "s-20260112-0811");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (
                     json_array_get_object_element (slots, i), "unavailable_reason", NULL),
                   "full") == 0)
      n_full++;
  g_assert_cmpuint (n_full, >, 0);

  /* Tuesday's slot: cutoff today at 12:00, winter time. */
  slot = find_slot (slots, "s-20260113-1317");
  g_assert_nonnull (slot);
  g_assert_cmpstr (json_object_get_string_member (slot, "cutoff"), ==, "2026-01-12T12:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (slot, "window"),
                                                  "start"), ==, "2026-01-13T13:00:00+01:00");
  g_assert_true (json_object_get_boolean_member (slot, "available"));

  /* Today's slots are past their cutoff. */
  slot = find_slot (slots, "s-20260112-1317");
  g_assert_false (json_object_get_boolean_member (slot, "available"));
  g_assert_cmpstr (json_object_get_string_member (slot, "unavailable_reason"), ==, "cutoff_passed");
  g_assert_nonnull (json_object_get_string_member (slot, "unavailable_text"));

  /* Anna's agreed Thursday 10–14 is offered. */
  g_assert_nonnull (find_slot (slots, "s-20260115-1014"));
  g_assert_null (find_slot (slots, "s-20260118-1014"));  /* a Sunday */

  /* At 12:00 Tuesday's slots close. */
  advance_clock (fixture, 3 * 60 * 60);
  later = get_slots (fixture, token, "c-1001", "2026-01-13", "2026-01-13");
  slots = slots_of (later);
  g_assert_cmpuint (json_array_get_length (slots), ==, 3);
  slot = find_slot (slots, "s-20260113-1317");
  g_assert_false (json_object_get_boolean_member (slot, "available"));
  g_assert_cmpstr (json_object_get_string_member (slot, "unavailable_reason"), ==, "cutoff_passed");

  past_horizon = get_slots (fixture, token, "c-1001", "2026-02-01", "2026-02-10");
  g_assert_cmpuint (json_array_get_length (slots_of (past_horizon)), ==, 0);

  reversed = request (fixture, "GET", "/v1/customers/c-1001/slots?from=2026-01-20&to=2026-01-13",
                      token, NULL);
  assert_problem (reversed, 400, "invalid_date_range");
  too_long = request (fixture, "GET", "/v1/customers/c-1001/slots?from=2026-01-01&to=2026-02-02",
                      token, NULL);
  assert_problem (too_long, 400, "invalid_date_range");
  /* Off the contract: no "to". */
  fixture->off_contract = TRUE;
  missing = request (fixture, "GET", "/v1/customers/c-1001/slots?from=2026-01-01", token, NULL);
  assert_problem (missing, 400, "invalid_request");
  fixture->off_contract = FALSE;
  other_unit = request (fixture, "GET", "/v1/customers/c-9001/slots?from=2026-01-13&to=2026-01-14",
                        token, NULL);
  assert_problem (other_unit, 404, "not_found");
}

static void
test_slots_dst (Fixture       *fixture,
                gconstpointer  data)
{
  /* Summer time starts on Sunday 29 March 2026 at 02:00. */
  g_autofree char *token = start_demo_at (fixture, "2026-03-23T09:00:00+01:00");
  g_autoptr(Response) response = NULL;
  JsonArray *slots;
  JsonObject *saturday, *monday;

  response = get_slots (fixture, token, "c-1003", "2026-03-28", "2026-03-30");
  slots = slots_of (response);
  g_assert_cmpuint (json_array_get_length (slots), ==, 6);
  assert_cutoffs (slots);

  saturday = find_slot (slots, "s-20260328-1014");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (saturday,
                                                                                  "window"),
                                                  "start"), ==, "2026-03-28T10:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (saturday, "cutoff"), ==,
                   "2026-03-27T12:00:00+01:00");

  /* Monday's cutoff is on the day of the change, already in summer time. */
  monday = find_slot (slots, "s-20260330-1014");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (monday, "window"),
                                                  "start"), ==, "2026-03-30T10:00:00+02:00");
  g_assert_cmpstr (json_object_get_string_member (monday, "cutoff"), ==,
                   "2026-03-29T12:00:00+02:00");
  g_assert_true (json_object_get_boolean_member (monday, "available"));

  /* 11:59:59 summer time on the 29th is 09:59:59 UTC: still open. */
  set_clock (fixture, "2026-03-29T09:59:59Z");
  {
    g_autoptr(Response) before = get_slots (fixture, token, "c-1003", "2026-03-30", "2026-03-30");

    g_assert_true (json_object_get_boolean_member (find_slot (slots_of (before),
                                                              "s-20260330-1014"), "available"));
  }
  advance_clock (fixture, 1);
  {
    g_autoptr(Response) after = get_slots (fixture, token, "c-1003", "2026-03-30", "2026-03-30");
    JsonObject *slot = find_slot (slots_of (after), "s-20260330-1014");

    g_assert_false (json_object_get_boolean_member (slot, "available"));
    g_assert_cmpstr (json_object_get_string_member (slot, "unavailable_reason"), ==,
                     "cutoff_passed");
  }
}

/* ---- holds ----------------------------------------------------------------- */

static void
test_hold_renew (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:00:00+01:00");
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(Response) old_release = NULL;
  g_autoptr(GDateTime) first_expiry = NULL;
  g_autoptr(GDateTime) second_expiry = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *location = NULL;
  JsonObject *hold;

  first = hold_slot (fixture, token, "c-1001", "s-20260115-1014");
  g_assert_cmpuint (first->status, ==, 201);
  assert_no_store (first);
  hold = response_object (first);
  hold_id = g_strdup (json_object_get_string_member (hold, "hold_id"));
  location = g_strconcat ("/v1/slot-holds/", hold_id, NULL);
  g_assert_cmpstr (header (first, "Location"), ==, location);
  g_assert_cmpstr (json_object_get_string_member (hold, "customer_id"), ==, "c-1001");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (hold, "slot"),
                                                  "id"), ==, "s-20260115-1014");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (hold, "slot"),
                                                  "cutoff"), ==, "2026-01-14T12:00:00+01:00");
  /* 20 minutes on the server clock. */
  g_assert_cmpstr (json_object_get_string_member (hold, "expires_at"), ==,
                   "2026-01-12T09:20:00+01:00");
  first_expiry = member_time (hold, "expires_at");

  /* The same slot again: the same hold, renewed. */
  advance_clock (fixture, 5 * 60);
  again = hold_slot (fixture, token, "c-1001", "s-20260115-1014");
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_object (again), "hold_id"), ==, hold_id);
  second_expiry = member_time (response_object (again), "expires_at");
  g_assert_cmpint (g_date_time_difference (second_expiry, first_expiry), ==,
                   5 * 60 * G_TIME_SPAN_SECOND);

  /* Another slot: a new hold, and the old one is released. */
  other = hold_slot (fixture, token, "c-1001", "s-20260116-1014");
  g_assert_cmpuint (other->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (other), "hold_id"), !=,
                   hold_id);
  old_release = request (fixture, "DELETE", location, token, NULL);
  g_assert_cmpuint (old_release->status, ==, 204);
}

static void
test_hold_expires (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:00:00+01:00");
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) still = NULL;
  g_autoptr(Response) expired = NULL;
  g_autofree char *hold_id = NULL;

  first = hold_slot (fixture, token, "c-1002", "s-20260113-1317");
  g_assert_cmpuint (first->status, ==, 201);
  hold_id = g_strdup (json_object_get_string_member (response_object (first), "hold_id"));

  /* A second before expiry the hold is still there… */
  advance_clock (fixture, 20 * 60 - 1);
  still = hold_slot (fixture, token, "c-1002", "s-20260113-1317");
  g_assert_cmpuint (still->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_object (still), "hold_id"), ==,
                   hold_id);

  /* …and once the renewed one has run out (at 09:39:59, exactly now),
   * posting makes a new one. */
  advance_clock (fixture, 20 * 60);
  expired = hold_slot (fixture, token, "c-1002", "s-20260113-1317");
  g_assert_cmpuint (expired->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (expired), "hold_id"), !=,
                   hold_id);
  g_assert_cmpstr (json_object_get_string_member (response_object (expired), "expires_at"), ==,
                   "2026-01-12T09:59:59+01:00");
}

static void
test_hold_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:00:00+01:00");
  g_autoptr(Response) listing = NULL;
  g_autoptr(Response) full = NULL;
  g_autoptr(Response) today = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) beyond = NULL;
  g_autoptr(Response) sunday = NULL;
  g_autoptr(Response) no_slot = NULL;
  g_autoptr(Response) held = NULL;
  g_autoptr(Response) late = NULL;
  g_autoptr(Response) other_unit = NULL;
  const char *full_id = NULL;
  JsonArray *slots;

  listing = get_slots (fixture, token, "c-1001", "2026-01-13", "2026-01-25");
  slots = slots_of (listing);
  for (guint i = 0; i < json_array_get_length (slots) && full_id == NULL; i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (slot, "unavailable_reason",
                                                                 NULL), "full") == 0)
        full_id = json_object_get_string_member (slot, "id");
    }
  g_assert_nonnull (full_id);

  full = hold_slot (fixture, token, "c-1001", full_id);
  assert_problem (full, 409, "slot_unavailable");

  today = hold_slot (fixture, token, "c-1001", "s-20260112-1317");
  assert_problem (today, 409, "cutoff_passed");
  g_assert_cmpstr (json_object_get_string_member (response_object (today), "cutoff"), ==,
                   "2026-01-11T12:00:00+01:00");

  unknown = hold_slot (fixture, token, "c-1001", "s-20260113-0000");
  assert_problem (unknown, 422, "validation_failed");
  g_assert_true (has_error (unknown, "/slot_id", "unknown_slot"));
  beyond = hold_slot (fixture, token, "c-1001", "s-20260130-1014");
  assert_problem (beyond, 422, "validation_failed");
  sunday = hold_slot (fixture, token, "c-1001", "s-20260118-1014");
  assert_problem (sunday, 422, "validation_failed");
  /* Off the contract: no slot_id. */
  fixture->off_contract = TRUE;
  no_slot = request (fixture, "POST", "/v1/customers/c-1001/slot-holds", token, "{}");
  assert_problem (no_slot, 400, "invalid_request");
  fixture->off_contract = FALSE;

  /* A hold does not outlive the cutoff: renewing after it fails. */
  held = hold_slot (fixture, token, "c-1001", "s-20260113-0811");
  g_assert_cmpuint (held->status, ==, 201);
  advance_clock (fixture, 3 * 60 * 60);
  late = hold_slot (fixture, token, "c-1001", "s-20260113-0811");
  assert_problem (late, 409, "cutoff_passed");

  other_unit = hold_slot (fixture, token, "c-9001", "s-20260114-1014");
  assert_problem (other_unit, 404, "not_found");
}

static void
test_hold_release (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, "2026-01-12T09:00:00+01:00");
  g_autoptr(Response) held = NULL;
  g_autoptr(Response) released = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) renewed = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) anonymous = NULL;
  g_autoptr(Response) wrong_method = NULL;
  g_autofree char *path = NULL;
  const char *hold_id;

  held = hold_slot (fixture, token, "c-1004", "s-20260116-1014");
  g_assert_cmpuint (held->status, ==, 201);
  hold_id = json_object_get_string_member (response_object (held), "hold_id");
  path = g_strconcat ("/v1/slot-holds/", hold_id, NULL);

  /* Off the contract: no token; a method the path does not have. */
  fixture->off_contract = TRUE;
  anonymous = request (fixture, "DELETE", path, NULL, NULL);
  assert_problem (anonymous, 401, "token_invalid");
  wrong_method = request (fixture, "GET", path, token, NULL);
  g_assert_cmpuint (wrong_method->status, ==, 405);
  fixture->off_contract = FALSE;

  released = request (fixture, "DELETE", path, token, NULL);
  g_assert_cmpuint (released->status, ==, 204);
  /* libsoup closes the connection after a 204: the supplier says so, or
   * a client that keeps connections alive would lose its next request
   * (Prism, in the contract suite, answers that header itself). */
  if (!supplier_contract_mode ())
    g_assert_true (soup_message_headers_header_contains (released->headers, "Connection",
                                                         "close"));
  /* Idempotent. */
  again = request (fixture, "DELETE", path, token, NULL);
  g_assert_cmpuint (again->status, ==, 204);

  /* A released hold is not renewed: posting the slot holds it anew. */
  renewed = hold_slot (fixture, token, "c-1004", "s-20260116-1014");
  g_assert_cmpuint (renewed->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (renewed), "hold_id"), !=,
                   hold_id);

  unknown = request (fixture, "DELETE", "/v1/slot-holds/h-999999", token, NULL);
  assert_problem (unknown, 404, "not_found");
}

/* ---- orders: helpers ------------------------------------------------------- */

#define KEY_1 "8e03978e-40d5-43e8-bc93-6894a57f9324"
#define KEY_2 "0b8f5c6e-2f6d-4d0a-9c1e-3a7d2b9e4f11"
#define KEY_3 "5d1c2e3f-4a5b-4c6d-8e7f-901234567890"
#define KEY_4 "c0ffee00-1111-4222-8333-444455556666"

/* Thursday 15 January 2026, 10–14 (cutoff Wednesday 12:00); the clock
 * of these tests stands at Monday 12 January 09:00. */
#define ORDER_NOW  "2026-01-12T09:00:00+01:00"
#define ORDER_SLOT "s-20260115-1014"

/* 10 avocados (14,00 kr), 2 kg oranges (32,90 kr/kg) and two drinks
 * (25,90 kr + 1,00 kr pant): goods 257,60 kr. */
static char *
order_body_for (const char *customer_id,
                const char *slot_id,
                const char *hold_id,
                int         avocados)
{
  g_autofree char *hold = hold_id != NULL ? g_strdup_printf (", \"hold_id\": \"%s\"", hold_id)
                                          : g_strdup ("");

  return g_strdup_printf (
    "{\"customer_id\": \"%s\", \"mode\": \"together\", \"carer_id\": \"ssk-1187\","
    " \"delivery\": {\"slot_id\": \"%s\"%s, \"notes\": {\"carer_present\": true,"
    " \"unpacking\": true, \"access\": \"Nyckelbox\"}},"
    " \"lines\": ["
    "  {\"product_id\": \"lv320-2\", \"quantity\": {\"unit\": \"piece\", \"value\": %d},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"lv551-1\", \"quantity\": {\"unit\": \"gram\", \"value\": 2000},"
    "   \"substitution\": \"only_this\", \"note\": \"Gärna små.\"},"
    "  {\"product_id\": \"lv2218-1\", \"quantity\": {\"unit\": \"piece\", \"value\": 2},"
    "   \"substitution\": \"call_unit\"}]}",
    customer_id, slot_id, hold, avocados);
}

static char *
order_body (void)
{
  return order_body_for ("c-1001", ORDER_SLOT, NULL, 10);
}

static char *
quoted (const char *key)
{
  return g_strdup_printf ("\"%s\"", key);
}

/* POST /v1/orders with Idempotency-Key "@key" (none if NULL). */
static Response *
post_order_flags (Fixture          *fixture,
                  const char       *token,
                  const char       *key,
                  const char       *body,
                  SoupMessageFlags  flags,
                  GError          **error)
{
  g_autofree char *value = key != NULL ? quoted (key) : NULL;
  const char *headers[] = { key != NULL ? "Idempotency-Key" : NULL, value, NULL };

  return call_end (call_begin (fixture->session, url_for (fixture), "POST", "/v1/orders", token,
                               body, headers, flags), error);
}

static Response *
post_order (Fixture    *fixture,
            const char *token,
            const char *key,
            const char *body)
{
  g_autoptr(GError) error = NULL;
  Response *response = post_order_flags (fixture, token, key, body, 0, &error);

  g_assert_no_error (error);
  return response;
}

/* Sends an order and returns its id. */
static char *
create_order (Fixture    *fixture,
              const char *token,
              const char *key,
              const char *body)
{
  g_autoptr(Response) response = post_order (fixture, token, key, body);

  g_assert_cmpuint (response->status, ==, 201);
  return g_strdup (json_object_get_string_member (response_object (response), "id"));
}

static Response *
order_request (Fixture    *fixture,
               const char *method,
               const char *order_id,
               const char *token,
               const char *body,
               const char *header_name,
               const char *header_value)
{
  g_autofree char *path = g_strconcat ("/v1/orders/", order_id, NULL);
  g_autoptr(GError) error = NULL;
  Response *response;

  response = request_full (fixture->session, url_for (fixture), method, path, token, body,
                           header_name, header_value, &error);
  g_assert_no_error (error);
  return response;
}

static Response *
advance (Fixture    *fixture,
         const char *order_id,
         const char *body)
{
  g_autofree char *path = g_strdup_printf ("/control/orders/%s/advance", order_id);

  return request (fixture, "POST", path, NULL, body);
}

static void
add_fault (Fixture    *fixture,
           const char *json)
{
  g_autoptr(Response) response = request (fixture, "POST", "/control/faults", NULL, json);

  g_assert_cmpuint (response->status, ==, 201);
}

static gint64
requests_for (Fixture    *fixture,
              const char *counter)
{
  g_autoptr(Response) response = request (fixture, "GET", "/control/stats", NULL, NULL);
  JsonObject *requests = json_object_get_object_member (response_object (response), "requests");

  return json_object_get_int_member_with_default (requests, counter, 0);
}

static JsonObject *
line_of (JsonObject *order,
         guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (order, "lines"), index);
}

/* ---- orders ---------------------------------------------------------------- */

static void
test_order_create (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = NULL;
  g_autofree char *location = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) reordered = NULL;
  g_autoptr(Response) other = NULL;
  g_autoptr(Response) no_key = NULL;
  g_autoptr(Response) bad_key = NULL;
  g_autoptr(Response) get = NULL;
  JsonObject *order, *totals, *delivery;
  /* The same body with the members in another order and other spacing. */
  const char *reordered_body =
    "{\"lines\":[{\"substitution\":\"similar\",\"quantity\":{\"value\":10,\"unit\":\"piece\"},"
    "\"product_id\":\"lv320-2\"},{\"note\":\"Gärna små.\",\"product_id\":\"lv551-1\","
    "\"quantity\":{\"value\":2000,\"unit\":\"gram\"},\"substitution\":\"only_this\"},"
    "{\"product_id\":\"lv2218-1\",\"substitution\":\"call_unit\",\"quantity\":{\"unit\":\"piece\","
    "\"value\":2}}],\"delivery\":{\"notes\":{\"access\":\"Nyckelbox\",\"unpacking\":true,"
    "\"carer_present\":true},\"slot_id\":\"" ORDER_SLOT "\"},\"carer_id\":\"ssk-1187\","
    "\"mode\":\"together\",\"customer_id\":\"c-1001\"}";

  first = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (first->status, ==, 201);
  assert_no_store (first);
  order = response_object (first);
  id = g_strdup (json_object_get_string_member (order, "id"));
  location = g_strconcat ("/v1/orders/", id, NULL);
  g_assert_cmpstr (header (first, "Location"), ==, location);
  g_assert_nonnull (header (first, "ETag"));
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (order, "idempotency_key"), ==, KEY_1);
  g_assert_cmpstr (json_object_get_string_member (order, "customer_id"), ==, "c-1001");
  g_assert_nonnull (json_object_get_string_member (order, "number"));
  g_assert_cmpstr (json_object_get_string_member (order, "created_at"), ==, ORDER_NOW);
  g_assert_cmpstr (json_object_get_string_member (order, "cutoff"), ==,
                   "2026-01-14T12:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (order, "mode"), ==, "together");
  delivery = json_object_get_object_member (order, "delivery");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (delivery,
                                                                                  "window"),
                                                  "start"), ==, "2026-01-15T10:00:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (delivery,
                                                                                  "notes"),
                                                  "access"), ==, "Nyckelbox");
  /* Lines: name and price from the catalogue; grams priced per kg. */
  g_assert_cmpstr (json_object_get_string_member (line_of (order, 0), "name"), ==, "Avokado");
  g_assert_cmpint (json_object_get_int_member (line_of (order, 0), "amount_ore"), ==, 14000);
  g_assert_cmpint (json_object_get_int_member (line_of (order, 1), "price_ore"), ==, 3290);
  g_assert_cmpint (json_object_get_int_member (line_of (order, 1), "amount_ore"), ==, 6580);
  g_assert_cmpstr (json_object_get_string_member (line_of (order, 1), "note"), ==, "Gärna små.");
  g_assert_cmpint (json_object_get_int_member (line_of (order, 2), "pant_ore"), ==, 100);
  totals = json_object_get_object_member (order, "totals");
  g_assert_cmpint (json_object_get_int_member (totals, "goods_ore"), ==, 25760);
  g_assert_cmpint (json_object_get_int_member (totals, "pant_ore"), ==, 200);
  g_assert_cmpint (json_object_get_int_member (totals, "delivery_fee_ore"), ==, 4900);
  g_assert_cmpint (json_object_get_int_member (totals, "unpacking_fee_ore"), ==, 3500);
  g_assert_cmpint (json_object_get_int_member (totals, "customer_pays_ore"), ==, 25960);
  g_assert_cmpint (json_object_get_int_member (totals, "municipality_pays_ore"), ==, 8400);
  g_assert_false (json_object_get_boolean_member (totals, "final"));

  /* Same key, same body (also reordered): the same order, 201. */
  again = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (again), "id"), ==, id);
  g_assert_cmpstr (header (again, "ETag"), ==, header (first, "ETag"));
  reordered = post_order (fixture, token, KEY_1, reordered_body);
  g_assert_cmpuint (reordered->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (reordered), "id"), ==, id);
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);

  /* Same key, another body: 422, nothing made. */
  {
    g_autofree char *more = order_body_for ("c-1001", ORDER_SLOT, NULL, 11);

    other = post_order (fixture, token, KEY_1, more);
    assert_problem (other, 422, "idempotency_key_reused");
  }
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);

  /* Off the contract: no Idempotency-Key; one that is no quoted string. */
  fixture->off_contract = TRUE;
  no_key = post_order (fixture, token, NULL, body);
  assert_problem (no_key, 400, "idempotency_key_missing");
  bad_key = request_full (fixture->session, url_for (fixture), "POST", "/v1/orders", token, body,
                          "Idempotency-Key", KEY_2, NULL);
  assert_problem (bad_key, 400, "invalid_request");
  fixture->off_contract = FALSE;
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);

  get = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (header (get, "ETag"), ==, header (first, "ETag"));
}

static void
test_order_invalid (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autoptr(Response) lines = NULL;
  g_autoptr(Response) customer = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) small = NULL;
  g_autoptr(Response) slot = NULL;
  g_autoptr(Response) late = NULL;
  g_autoptr(Response) full = NULL;
  g_autofree char *other_unit = order_body_for ("c-9001", ORDER_SLOT, NULL, 10);
  g_autofree char *too_small = order_body_for ("c-1001", ORDER_SLOT, NULL, 1);
  g_autofree char *unknown_slot = order_body_for ("c-1001", "s-20260115-0000", NULL, 10);
  g_autofree char *today = order_body_for ("c-1001", "s-20260112-1317", NULL, 10);
  g_autofree char *full_slot = order_body_for ("c-1001", "s-20260113-1014", NULL, 10);

  /* Off the contract: members the contract's schema refuses. */
  fixture->off_contract = TRUE;
  lines = post_order (fixture, token, KEY_1,
    "{\"customer_id\": \"c-1001\", \"mode\": \"alone\", \"carer_id\": \"ssk-1\","
    " \"delivery\": {\"slot_id\": \"" ORDER_SLOT "\", \"notes\": {\"carer_present\": true,"
    " \"unpacking\": 1}},"
    " \"lines\": ["
    "  {\"product_id\": \"p-nope\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"lv551-1\", \"quantity\": {\"unit\": \"piece\", \"value\": 2},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"lv320-2\", \"quantity\": {\"unit\": \"gram\", \"value\": 500},"
    "   \"substitution\": \"maybe\"},"
    "  {\"product_id\": \"lv320-2\", \"quantity\": {\"unit\": \"piece\", \"value\": 0},"
    "   \"substitution\": \"similar\"}]}");
  assert_problem (lines, 422, "validation_failed");
  g_assert_true (has_error (lines, "/mode", "invalid"));
  g_assert_true (has_error (lines, "/delivery/notes/unpacking", "invalid"));
  g_assert_true (has_error (lines, "/lines/0/product_id", "unknown_product"));
  g_assert_true (has_error (lines, "/lines/1/quantity/unit", "unit_mismatch"));
  g_assert_true (has_error (lines, "/lines/2/quantity/unit", "unit_mismatch"));
  g_assert_true (has_error (lines, "/lines/2/substitution", "invalid"));
  g_assert_true (has_error (lines, "/lines/3/product_id", "duplicate_product"));
  g_assert_true (has_error (lines, "/lines/3/quantity/value", "quantity_out_of_range"));
  fixture->off_contract = FALSE;

  /* Another unit's customer is unknown here. */
  customer = post_order (fixture, token, KEY_1, other_unit);
  assert_problem (customer, 422, "validation_failed");
  g_assert_true (has_error (customer, "/customer_id", "unknown_customer"));
  /* Off the contract: required members missing. */
  fixture->off_contract = TRUE;
  missing = post_order (fixture, token, KEY_1, "{\"customer_id\": \"c-1001\"}");
  assert_problem (missing, 400, "invalid_request");
  g_assert_true (has_error (missing, "/lines", "required"));
  g_assert_true (has_error (missing, "/delivery", "required"));
  fixture->off_contract = FALSE;
  small = post_order (fixture, token, KEY_1, too_small);
  assert_problem (small, 422, "minimum_order_not_met");
  slot = post_order (fixture, token, KEY_1, unknown_slot);
  assert_problem (slot, 422, "validation_failed");
  g_assert_true (has_error (slot, "/delivery/slot_id", "unknown_slot"));
  late = post_order (fixture, token, KEY_1, today);
  assert_problem (late, 409, "cutoff_passed");
  g_assert_cmpstr (json_object_get_string_member (response_object (late), "cutoff"), ==,
                   "2026-01-11T12:00:00+01:00");
  full = post_order (fixture, token, KEY_1, full_slot);
  assert_problem (full, 409, "slot_unavailable");

  /* Failed requests made nothing and kept no key: the key still works. */
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 0);
  {
    g_autofree char *body = order_body ();
    g_autofree char *id = create_order (fixture, token, KEY_1, body);

    g_assert_nonnull (id);
  }
}

static void
test_order_hold (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autoptr(Response) held = NULL;
  g_autoptr(Response) release = NULL;
  g_autoptr(Response) foreign = NULL;
  g_autoptr(Response) expired_order = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *id = NULL;

  held = hold_slot (fixture, token, "c-1001", ORDER_SLOT);
  g_assert_cmpuint (held->status, ==, 201);
  hold_id = g_strdup (json_object_get_string_member (response_object (held), "hold_id"));
  path = g_strconcat ("/v1/slot-holds/", hold_id, NULL);

  /* Another customer's hold is not this order's. */
  wrong = order_body_for ("c-1002", ORDER_SLOT, hold_id, 10);
  foreign = post_order (fixture, token, KEY_2, wrong);
  assert_problem (foreign, 422, "validation_failed");
  g_assert_true (has_error (foreign, "/delivery/hold_id", "unknown_hold"));

  body = order_body_for ("c-1001", ORDER_SLOT, hold_id, 10);
  id = create_order (fixture, token, KEY_1, body);
  /* The order used the hold. */
  release = request (fixture, "DELETE", path, token, NULL);
  assert_problem (release, 409, "hold_used");

  /* An expired hold does not fail an order while the slot has room. */
  {
    g_autoptr(Response) other = hold_slot (fixture, token, "c-1002", "s-20260116-1014");
    g_autofree char *other_hold = g_strdup (json_object_get_string_member (
      response_object (other), "hold_id"));
    g_autofree char *late_body = order_body_for ("c-1002", "s-20260116-1014", other_hold, 10);

    advance_clock (fixture, 60 * 60);
    expired_order = post_order (fixture, token, KEY_3, late_body);
    g_assert_cmpuint (expired_order->status, ==, 201);
  }
}

/* A hold keeps its room in a slot that fills up; an expired one does
 * not. */
static void
test_order_hold_expired (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  const char *slot = "s-20260116-1014";
  g_autoptr(Response) anna_hold = hold_slot (fixture, token, "c-1001", slot);
  g_autoptr(Response) erik_hold = hold_slot (fixture, token, "c-1002", slot);
  g_autoptr(Response) full = NULL;
  g_autoptr(Response) anna = NULL;
  g_autoptr(Response) erik = NULL;
  g_autoptr(Response) fatima = NULL;
  g_autoptr(Response) room = NULL;
  g_autoptr(Response) again = NULL;
  g_autofree char *anna_body = order_body_for ("c-1001", slot, json_object_get_string_member (
    response_object (anna_hold), "hold_id"), 10);
  g_autofree char *erik_body = order_body_for ("c-1002", slot, json_object_get_string_member (
    response_object (erik_hold), "hold_id"), 10);
  g_autofree char *fatima_body = order_body_for ("c-1003", slot, NULL, 10);

  g_assert_cmpuint (anna_hold->status, ==, 201);
  g_assert_cmpuint (erik_hold->status, ==, 201);
  full = request (fixture, "POST", "/control/slots/s-20260116-1014", NULL, "{\"full\": true}");
  g_assert_cmpuint (full->status, ==, 200);

  anna = post_order (fixture, token, KEY_1, anna_body);
  g_assert_cmpuint (anna->status, ==, 201);
  advance_clock (fixture, 21 * 60);
  erik = post_order (fixture, token, KEY_2, erik_body);
  assert_problem (erik, 409, "hold_expired");
  fatima = post_order (fixture, token, KEY_3, fatima_body);
  assert_problem (fatima, 409, "slot_unavailable");

  room = request (fixture, "POST", "/control/slots/s-20260116-1014", NULL, "{\"full\": false}");
  g_assert_cmpuint (room->status, ==, 200);
  again = post_order (fixture, token, KEY_3, fatima_body);
  g_assert_cmpuint (again->status, ==, 201);
}

/* A product that left the range is product_unavailable; one that never
 * was is unknown_product. */
static void
test_order_product_unavailable (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *file = g_build_filename (fixture->state_dir, "catalogue.json", NULL);
  const char * const args[] = { "--catalogue", file, "--control", NULL };
  g_autofree char *token = NULL;
  g_autoptr(Response) response = NULL;

  write_catalogue (file, small_catalogue_v1);
  start_supplier (fixture, args);
  stop_supplier (fixture);
  write_catalogue (file, small_catalogue_v2);
  start_supplier (fixture, args);
  set_clock (fixture, ORDER_NOW);
  token = enrol (fixture);

  response = post_order (fixture, token, KEY_1,
    "{\"customer_id\": \"c-1001\", \"mode\": \"on_behalf\", \"carer_id\": \"ssk-1\","
    " \"delivery\": {\"slot_id\": \"" ORDER_SLOT "\", \"notes\": {\"carer_present\": false,"
    " \"unpacking\": false}},"
    " \"lines\": [{\"product_id\": \"a\", \"quantity\": {\"unit\": \"piece\", \"value\": 20},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"c\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    "   \"substitution\": \"similar\"},"
    "  {\"product_id\": \"zz\", \"quantity\": {\"unit\": \"piece\", \"value\": 1},"
    "   \"substitution\": \"similar\"}]}");
  assert_problem (response, 422, "validation_failed");
  g_assert_true (has_error (response, "/lines/1/product_id", "product_unavailable"));
  g_assert_true (has_error (response, "/lines/2/product_id", "unknown_product"));
  g_assert_false (has_error (response, "/lines/0/product_id", "unknown_product"));
}

/* Keys and orders are stored: after a restart the same key and body
 * still give the same order, even though its cutoff has passed by the
 * real clock now. */
static void
test_order_restart (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autoptr(Response) replay = NULL;
  g_autoptr(Response) get = NULL;

  stop_supplier (fixture);
  start_demo (fixture);
  replay = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (replay), "id"), ==, id);
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);
  get = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (header (get, "ETag"), ==, header (replay, "ETag"));
}

static void
test_order_get (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autoptr(Response) get = NULL;
  g_autoptr(Response) same = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) anonymous = NULL;
  g_autoptr(Response) after = NULL;
  g_autofree char *etag = NULL;

  get = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  assert_no_store (get);
  etag = g_strdup (header (get, "ETag"));
  g_assert_true (g_str_has_prefix (etag, "\""));
  same = order_request (fixture, "GET", id, token, NULL, "If-None-Match", etag);
  g_assert_cmpuint (same->status, ==, 304);
  g_assert_cmpstr (header (same, "ETag"), ==, etag);

  /* A change of status changes the version. */
  g_clear_pointer (&get, response_free);
  get = advance (fixture, id, "{\"to\": \"confirmed\"}");
  g_assert_cmpuint (get->status, ==, 200);
  after = order_request (fixture, "GET", id, token, NULL, "If-None-Match", etag);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_object (after), "status"), ==,
                   "confirmed");

  unknown = order_request (fixture, "GET", "o-999999", token, NULL, NULL, NULL);
  assert_problem (unknown, 404, "not_found");
  /* Off the contract: no token. */
  fixture->off_contract = TRUE;
  anonymous = order_request (fixture, "GET", id, NULL, NULL, NULL, NULL);
  assert_problem (anonymous, 401, "token_invalid");
}

static char *
change_body (const char *change_id,
             int         avocados)
{
  g_autofree char *order = order_body_for ("c-1001", ORDER_SLOT, NULL, avocados);

  /* An OrderChange is the order's fields plus change_id. */
  return g_strdup_printf ("{\"change_id\": \"%s\", %s", change_id, order + 1);
}

static void
test_order_change (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autofree char *change = change_body (KEY_2, 12);
  g_autoptr(Response) get = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_autofree char *etag = g_strdup (header (get, "ETag"));
  g_autoptr(Response) no_match = NULL;
  g_autoptr(Response) changed = NULL;
  g_autoptr(Response) retry = NULL;
  g_autoptr(Response) reread = NULL;
  g_autoptr(Response) no_change_id = NULL;
  g_autoptr(Response) late = NULL;
  JsonObject *order;

  /* Off the contract: no If-Match; no change_id. */
  fixture->off_contract = TRUE;
  no_match = order_request (fixture, "PUT", id, token, change, NULL, NULL);
  assert_problem (no_match, 428, "precondition_required");
  no_change_id = order_request (fixture, "PUT", id, token, body, "If-Match", etag);
  assert_problem (no_change_id, 400, "invalid_request");
  fixture->off_contract = FALSE;

  advance (fixture, id, "{\"to\": \"confirmed\"}");
  /* The confirmation changed the version: the old ETag is stale. */
  retry = order_request (fixture, "PUT", id, token, change, "If-Match", etag);
  assert_problem (retry, 412, "order_conflict");
  g_clear_pointer (&get, response_free);
  get = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_clear_pointer (&etag, g_free);
  etag = g_strdup (header (get, "ETag"));

  changed = order_request (fixture, "PUT", id, token, change, "If-Match", etag);
  g_assert_cmpuint (changed->status, ==, 200);
  order = response_object (changed);
  g_assert_cmpstr (json_object_get_string_member (order, "last_change_id"), ==, KEY_2);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "received");
  g_assert_cmpint (json_object_get_int_member (
    json_object_get_object_member (line_of (order, 0), "quantity"), "value"), ==, 12);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (order, "totals"),
                                               "goods_ore"), ==, 25760 + 2 * 1400);
  g_assert_cmpstr (header (changed, "ETag"), !=, etag);

  /* The same change again (its response lost): 412; the order shows the
   * change as done. */
  g_clear_pointer (&retry, response_free);
  retry = order_request (fixture, "PUT", id, token, change, "If-Match", etag);
  assert_problem (retry, 412, "order_conflict");
  reread = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (response_object (reread), "last_change_id"),
                   ==, KEY_2);

  /* After the cutoff: locked. */
  set_clock (fixture, "2026-01-14T12:00:00+01:00");
  {
    g_autofree char *another = change_body (KEY_3, 13);

    late = order_request (fixture, "PUT", id, token, another, "If-Match",
                          header (reread, "ETag"));
    assert_problem (late, 409, "cutoff_passed");
    g_assert_cmpstr (json_object_get_string_member (response_object (late), "cutoff"), ==,
                     "2026-01-14T12:00:00+01:00");
  }
}

static void
test_order_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *other_body = order_body_for ("c-1001", "s-20260116-1014", NULL, 10);
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autofree char *late_id = create_order (fixture, token, KEY_2, other_body);
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) cancelled = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) late = NULL;
  JsonObject *order, *cancellation;

  stale = order_request (fixture, "DELETE", id, token, NULL, "If-Match", "\"o-old-1\"");
  assert_problem (stale, 412, "order_conflict");

  cancelled = order_request (fixture, "DELETE", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (cancelled->status, ==, 200);
  order = response_object (cancelled);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "cancelled");
  cancellation = json_object_get_object_member (order, "cancellation");
  g_assert_cmpstr (json_object_get_string_member (cancellation, "by"), ==, "unit");
  g_assert_cmpstr (json_object_get_string_member (cancellation, "at"), ==, ORDER_NOW);

  /* Repeat-safe, also after the cutoff. */
  set_clock (fixture, "2026-01-15T12:00:00+01:00");
  again = order_request (fixture, "DELETE", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (again->status, ==, 200);
  g_assert_cmpstr (header (again, "ETag"), ==, header (cancelled, "ETag"));
  late = order_request (fixture, "DELETE", late_id, token, NULL, NULL, NULL);
  assert_problem (late, 409, "cutoff_passed");
}

static void
test_order_list (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *thursday = order_body ();
  g_autofree char *friday = order_body_for ("c-1001", "s-20260116-1014", NULL, 10);
  g_autofree char *tuesday = order_body_for ("c-1001", "s-20260120-1014", NULL, 10);
  g_autofree char *erik = order_body_for ("c-1002", ORDER_SLOT, NULL, 10);
  g_autofree char *a = create_order (fixture, token, KEY_1, thursday);
  g_autofree char *b = create_order (fixture, token, KEY_2, tuesday);
  g_autofree char *c = create_order (fixture, token, KEY_3, friday);
  g_autofree char *d = create_order (fixture, token, KEY_4, erik);
  g_autoptr(Response) all = NULL;
  g_autoptr(Response) open = NULL;
  g_autoptr(Response) closed = NULL;
  g_autoptr(Response) page = NULL;
  g_autoptr(Response) cancel = NULL;
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) other = NULL;
  const char *expected[] = { b, c, a };
  JsonArray *orders;

  all = request (fixture, "GET", "/v1/customers/c-1001/orders", token, NULL);
  g_assert_cmpuint (all->status, ==, 200);
  assert_no_store (all);
  orders = json_object_get_array_member (response_object (all), "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==, 3);
  /* Newest delivery first. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, i),
                                                    "id"), ==, expected[i]);

  cancel = order_request (fixture, "DELETE", c, token, NULL, NULL, NULL);
  g_assert_cmpuint (cancel->status, ==, 200);
  open = request (fixture, "GET", "/v1/customers/c-1001/orders?state=open", token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (open),
                                                                         "orders")), ==, 2);
  closed = request (fixture, "GET", "/v1/customers/c-1001/orders?state=closed", token, NULL);
  orders = json_object_get_array_member (response_object (closed), "orders");
  g_assert_cmpuint (json_array_get_length (orders), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 0),
                                                  "id"), ==, c);

  /* Pages. */
  page = request (fixture, "GET", "/v1/customers/c-1001/orders?page_size=2", token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (page),
                                                                         "orders")), ==, 2);
  {
    g_autofree char *next = g_strconcat ("/v1/customers/c-1001/orders?page_size=2&page=",
                                         json_object_get_string_member (response_object (page),
                                                                        "next_page"), NULL);
    g_autoptr(Response) rest = request (fixture, "GET", next, token, NULL);

    orders = json_object_get_array_member (response_object (rest), "orders");
    g_assert_cmpuint (json_array_get_length (orders), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 0),
                                                    "id"), ==, a);
    g_assert_false (json_object_has_member (response_object (rest), "next_page"));
  }

  /* The customer record lists the open orders. */
  {
    g_autoptr(Response) anna = request (fixture, "GET", "/v1/customers/c-1001", token, NULL);
    JsonArray *ids = json_object_get_array_member (response_object (anna), "open_order_ids");

    g_assert_cmpuint (json_array_get_length (ids), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, b);
    g_assert_cmpstr (json_array_get_string_element (ids, 1), ==, a);
  }

  /* Off the contract: a state it does not have. */
  fixture->off_contract = TRUE;
  bad = request (fixture, "GET", "/v1/customers/c-1001/orders?state=some", token, NULL);
  assert_problem (bad, 400, "invalid_request");
  fixture->off_contract = FALSE;
  other = request (fixture, "GET", "/v1/customers/c-9001/orders", token, NULL);
  assert_problem (other, 404, "not_found");
  g_assert_nonnull (d);
}

static void
test_order_progress (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autoptr(Response) confirmed = NULL;
  g_autoptr(Response) picking = NULL;
  g_autoptr(Response) way = NULL;
  g_autoptr(Response) delivered = NULL;
  g_autoptr(Response) back = NULL;
  g_autoptr(Response) change = NULL;
  g_autoptr(Response) cancel = NULL;
  JsonObject *order, *result, *totals, *planned;

  confirmed = advance (fixture, id, "{\"to\": \"confirmed\"}");
  g_assert_cmpuint (confirmed->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_object (confirmed), "status"), ==,
                   "confirmed");

  /* Avocados substituted by 10 others, oranges weighed 2104 g, drinks
   * missing. */
  set_clock (fixture, "2026-01-15T07:00:00+01:00");
  picking = advance (fixture, id,
                     "{\"to\": \"picking\", \"substitute\": {\"line\": 0, \"product_id\": "
                     "\"lv320-1\"}, \"picked\": [{\"line\": 1, \"quantity\": {\"unit\": "
                     "\"gram\", \"value\": 2104}}], \"missing\": [2]}");
  g_assert_cmpuint (picking->status, ==, 200);
  order = response_object (picking);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "picking");
  g_assert_cmpstr (json_object_get_string_member (order, "status_changed_at"), ==,
                   "2026-01-15T07:00:00+01:00");
  result = json_object_get_object_member (line_of (order, 0), "picking");
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "substituted");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                  "substitute"),
                                                  "product_id"), ==, "lv320-1");
  /* lv320-1 is on offer: 20,95 kr. */
  g_assert_cmpint (json_object_get_int_member (result, "amount_ore"), ==, 10 * 2095);
  result = json_object_get_object_member (line_of (order, 1), "picking");
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "found");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (result, "quantity"),
                                               "value"), ==, 2104);
  g_assert_cmpint (json_object_get_int_member (result, "amount_ore"), ==, (3290 * 2104 + 500) / 1000);
  result = json_object_get_object_member (line_of (order, 2), "picking");
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "missing");
  totals = json_object_get_object_member (order, "totals");
  g_assert_cmpint (json_object_get_int_member (totals, "goods_ore"), ==,
                   10 * 2095 + (3290 * 2104 + 500) / 1000);
  g_assert_cmpint (json_object_get_int_member (totals, "pant_ore"), ==, 0);

  /* Picking has started: no changes, no cancelling. */
  {
    g_autofree char *body_change = change_body (KEY_2, 12);

    change = order_request (fixture, "PUT", id, token, body_change, "If-Match",
                            header (picking, "ETag"));
    assert_problem (change, 409, "order_not_changeable");
  }
  cancel = order_request (fixture, "DELETE", id, token, NULL, NULL, NULL);
  g_assert_cmpuint (cancel->status, ==, 409);

  way = advance (fixture, id, "{\"to\": \"on_its_way\", \"planned_window\": {\"start\": "
                              "\"2026-01-15T11:30:00+01:00\", \"end\": "
                              "\"2026-01-15T12:30:00+01:00\"}, \"message\": \"Vi ringde.\"}");
  g_assert_cmpuint (way->status, ==, 200);
  order = response_object (way);
  planned = json_object_get_object_member (json_object_get_object_member (order, "delivery"),
                                           "planned_window");
  g_assert_cmpstr (json_object_get_string_member (planned, "start"), ==,
                   "2026-01-15T11:30:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (planned, "announced_at"), ==,
                   "2026-01-15T07:00:00+01:00");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (order, "totals"),
                                                 "final"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (order, "messages")), ==,
                    1);

  delivered = advance (fixture, id, "{\"to\": \"delivered\"}");
  order = response_object (delivered);
  g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "delivered");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order,
                                                                                  "delivery"),
                                                  "delivered_at"), ==,
                   "2026-01-15T07:00:00+01:00");

  back = advance (fixture, id, "{\"to\": \"picking\"}");
  assert_problem (back, 409, "order_not_changeable");
}

/* ---- complaints ------------------------------------------------------------ */

static Response *
post_complaint (Fixture    *fixture,
                const char *token,
                const char *order_id,
                const char *key,
                const char *body)
{
  g_autofree char *path = g_strdup_printf ("/v1/orders/%s/complaints", order_id);
  g_autofree char *value = quoted (key);
  g_autoptr(GError) error = NULL;
  Response *response;

  response = request_full (fixture->session, url_for (fixture), "POST", path, token, body,
                           "Idempotency-Key", value, &error);
  g_assert_no_error (error);
  return response;
}

static const char complaint_body[] =
  "{\"carer_id\": \"ssk-2040\", \"lines\": [{\"product_id\": \"lv320-2\", \"problem\": "
  "\"damaged\", \"quantity\": {\"unit\": \"piece\", \"value\": 2}, \"note\": \"Mosade.\"}],"
  " \"note\": \"Kom i tid.\"}";

static void
test_complaint (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autoptr(Response) early = NULL;
  g_autoptr(Response) made = NULL;
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) reused = NULL;
  g_autoptr(Response) too_many = NULL;
  g_autoptr(Response) answered = NULL;
  g_autoptr(Response) order = NULL;
  g_autoptr(Response) late = NULL;
  g_autoptr(Response) delivered = NULL;
  g_autofree char *answer_path = NULL;
  g_autofree char *complaint_id = NULL;
  JsonObject *complaint, *answer;

  early = post_complaint (fixture, token, id, KEY_2, complaint_body);
  assert_problem (early, 409, "order_not_delivered");

  set_clock (fixture, "2026-01-15T12:00:00+01:00");
  delivered = advance (fixture, id, "{\"to\": \"delivered\"}");
  g_assert_cmpuint (delivered->status, ==, 200);

  made = post_complaint (fixture, token, id, KEY_2, complaint_body);
  g_assert_cmpuint (made->status, ==, 201);
  assert_no_store (made);
  complaint = response_object (made);
  complaint_id = g_strdup (json_object_get_string_member (complaint, "id"));
  g_assert_cmpstr (json_object_get_string_member (complaint, "status"), ==, "received");
  g_assert_cmpstr (json_object_get_string_member (complaint, "carer_id"), ==, "ssk-2040");
  g_assert_cmpstr (json_object_get_string_member (complaint, "note"), ==, "Kom i tid.");

  /* Same key and body: the same complaint; another body: 422. */
  again = post_complaint (fixture, token, id, KEY_2, complaint_body);
  g_assert_cmpuint (again->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (again), "id"), ==,
                   complaint_id);
  reused = post_complaint (fixture, token, id, KEY_2, "{\"carer_id\": \"ssk-2040\", \"lines\": "
                           "[{\"product_id\": \"lv320-2\", \"problem\": \"missing\", "
                           "\"quantity\": {\"unit\": \"piece\", \"value\": 1}}]}");
  assert_problem (reused, 422, "idempotency_key_reused");
  /* An order key is not a complaint key either. */
  g_clear_pointer (&reused, response_free);
  reused = post_complaint (fixture, token, id, KEY_1, complaint_body);
  assert_problem (reused, 422, "idempotency_key_reused");

  too_many = post_complaint (fixture, token, id, KEY_3,
                             "{\"carer_id\": \"ssk-2040\", \"lines\": [{\"product_id\": "
                             "\"lv320-2\", \"problem\": \"missing\", \"quantity\": {\"unit\": "
                             "\"piece\", \"value\": 11}}, {\"product_id\": \"lv553-1\", "
                             "\"problem\": \"missing\", \"quantity\": {\"unit\": \"gram\", "
                             "\"value\": 1}}]}");
  assert_problem (too_many, 422, "validation_failed");
  g_assert_true (has_error (too_many, "/lines/0/quantity/value", "more_than_delivered"));
  g_assert_true (has_error (too_many, "/lines/1/product_id", "not_in_order"));

  /* The supplier answers with a credit; the answer is on the order. */
  answer_path = g_strdup_printf ("/control/orders/%s/complaints/%s/answer", id, complaint_id);
  answered = request (fixture, "POST", answer_path, NULL, "{\"resolution\": \"credit\"}");
  g_assert_cmpuint (answered->status, ==, 200);
  order = order_request (fixture, "GET", id, token, NULL, NULL, NULL);
  complaint = json_array_get_object_element (
    json_object_get_array_member (response_object (order), "complaints"), 0);
  g_assert_cmpstr (json_object_get_string_member (complaint, "status"), ==, "answered");
  answer = json_object_get_object_member (complaint, "answer");
  g_assert_cmpint (json_object_get_int_member (answer, "credit_ore"), ==, 2 * 1400);
  g_assert_cmpstr (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (answer, "lines"), 0),
    "resolution"), ==, "credit");
  g_assert_nonnull (json_object_get_string_member (answer, "text"));

  /* Seven days after delivery the window is closed. */
  set_clock (fixture, "2026-01-22T12:00:00+01:00");
  late = post_complaint (fixture, token, id, KEY_4, complaint_body);
  assert_problem (late, 409, "complaint_window_closed");
}

static void
test_complaint_redelivery (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *id = create_order (fixture, token, KEY_1, body);
  g_autoptr(Response) delivered = NULL;
  g_autoptr(Response) made = NULL;
  g_autoptr(Response) answered = NULL;
  g_autofree char *path = NULL;
  JsonObject *answer, *window;

  set_clock (fixture, "2026-01-15T12:00:00+01:00");
  delivered = advance (fixture, id, "{\"to\": \"delivered\"}");
  made = post_complaint (fixture, token, id, KEY_2, complaint_body);
  g_assert_cmpuint (made->status, ==, 201);
  path = g_strdup_printf ("/control/orders/%s/complaints/%s/answer", id,
                          json_object_get_string_member (response_object (made), "id"));
  answered = request (fixture, "POST", path, NULL, "{\"resolution\": \"redelivery\"}");
  g_assert_cmpuint (answered->status, ==, 200);
  answer = json_object_get_object_member (json_array_get_object_element (
    json_object_get_array_member (response_object (answered), "complaints"), 0), "answer");
  g_assert_cmpint (json_object_get_int_member (answer, "credit_ore"), ==, 0);
  window = json_object_get_object_member (answer, "redelivery_window");
  g_assert_cmpstr (json_object_get_string_member (window, "start"), ==,
                   "2026-01-16T10:00:00+01:00");
}

/* ---- faults ---------------------------------------------------------------- */

/* A fault that breaks the protocol itself (a lost or cut answer, a wrong
 * content type) has no place in the contract suite: Prism would only
 * report it. Those tests skip there, and so does the test of the control
 * endpoint, which the contract does not have. The status faults (500,
 * 503, 429) and delays are answers the contract has: they run through
 * Prism. */
static gboolean
skip_in_contract_suite (void)
{
  if (!supplier_contract_mode ())
    return FALSE;
  g_test_skip ("breaks the protocol on purpose: not run through Prism");
  return TRUE;
}

static void
test_fault_drop_after_commit (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *body = order_body ();
  g_autoptr(Response) lost = NULL;
  g_autoptr(Response) retry = NULL;
  g_autoptr(Response) list = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_in_contract_suite ())
    return;
  token = start_demo_at (fixture, ORDER_NOW);

  add_fault (fixture, "{\"kind\": \"drop-after-commit\", \"method\": \"POST\", "
                      "\"path_prefix\": \"/v1/orders\"}");
  /* A fresh connection, so that libsoup does not resend by itself. */
  lost = post_order_flags (fixture, token, KEY_1, body, SOUP_MESSAGE_NEW_CONNECTION, &error);
  g_assert_null (lost);
  g_assert_nonnull (error);
  g_test_message ("Dropped: %s", error->message);
  /* It was committed all the same. */
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);

  retry = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (retry->status, ==, 201);
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);
  g_assert_cmpint (control_stat (fixture, "orders_created"), ==, 1);
  g_assert_cmpint (requests_for (fixture, "POST /v1/orders"), ==, 2);
  list = request (fixture, "GET", "/v1/customers/c-1001/orders", token, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (list),
                                                                         "orders")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
    json_object_get_array_member (response_object (list), "orders"), 0), "id"), ==,
    json_object_get_string_member (response_object (retry), "id"));
}

static void
test_fault_delay_in_progress (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *value = quoted (KEY_1);
  const char *headers[] = { "Idempotency-Key", value, NULL };
  g_autoptr(Response) busy = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(GError) error = NULL;
  Call *call;
  gint64 started = g_get_monotonic_time ();

  add_fault (fixture, "{\"kind\": \"delay\", \"delay_ms\": 400, \"method\": \"POST\", "
                      "\"path_prefix\": \"/v1/orders\"}");
  call = call_begin (fixture->session, url_for (fixture), "POST", "/v1/orders", token, body,
                     headers, 0);
  /* Wait until the supplier has the first request, then send the second. */
  while (requests_for (fixture, "POST /v1/orders") < 1)
    g_main_context_iteration (NULL, FALSE);
  busy = post_order (fixture, token, KEY_1, body);
  assert_problem (busy, 409, "idempotency_request_in_progress");
  g_assert_cmpstr (header (busy, "Retry-After"), ==, "1");
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 0);

  first = call_end (call, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 400 * 1000);

  after = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (after->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (response_object (after), "id"), ==,
                   json_object_get_string_member (response_object (first), "id"));
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);
}

static void
test_fault_delay (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autoptr(Response) slow = NULL;
  g_autoptr(Response) fast = NULL;
  gint64 started;

  add_fault (fixture, "{\"kind\": \"delay\", \"delay_ms\": 300, \"path_prefix\": "
                      "\"/v1/customers\"}");
  started = g_get_monotonic_time ();
  slow = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (slow->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 300 * 1000);
  /* Used up. */
  fast = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (fast->status, ==, 200);
}

/* 500, 503 and 429 replace the work: nothing is created. */
static void
check_status_fault (Fixture    *fixture,
                    const char *kind,
                    guint       status,
                    const char *code,
                    const char *retry_after)
{
  g_autofree char *token = start_demo_at (fixture, ORDER_NOW);
  g_autofree char *body = order_body ();
  g_autofree char *fault = g_strdup_printf ("{\"kind\": \"%s\", \"method\": \"POST\", "
                                            "\"path_prefix\": \"/v1/orders\", \"count\": 2, "
                                            "\"retry_after\": 7}", kind);
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) get = NULL;
  g_autoptr(Response) third = NULL;
  g_autoptr(Response) queue = NULL;

  add_fault (fixture, fault);
  /* Other methods and paths are not hit. */
  get = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  first = post_order (fixture, token, KEY_1, body);
  assert_problem (first, status, code);
  g_assert_cmpstr (header (first, "Retry-After"), ==, retry_after);
  second = post_order (fixture, token, KEY_1, body);
  assert_problem (second, status, code);
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 0);
  queue = request (fixture, "GET", "/control/faults", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (queue),
                                                                         "faults")), ==, 0);
  /* The same key then goes through. */
  third = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (third->status, ==, 201);
  g_assert_cmpint (control_stat (fixture, "faults_fired"), ==, 2);
}

static void
test_fault_500 (Fixture       *fixture,
                gconstpointer  data)
{
  check_status_fault (fixture, "500", 500, "internal_error", NULL);
}

static void
test_fault_503 (Fixture       *fixture,
                gconstpointer  data)
{
  check_status_fault (fixture, "503", 503, "unavailable", "7");
}

static void
test_fault_429 (Fixture       *fixture,
                gconstpointer  data)
{
  check_status_fault (fixture, "429", 429, "rate_limited", "7");
}

/* The answer announces the whole body in Content-Length but carries
 * half of it; then the connection closes. */
static void
test_fault_truncated_body (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(Response) whole = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  goffset announced;

  if (skip_in_contract_suite ())
    return;

  token = start_demo_at (fixture, ORDER_NOW);
  uri = g_strconcat (fixture->ready.url, "/v1/customers", NULL);
  bearer = g_strconcat ("Bearer ", token, NULL);
  msg = soup_message_new ("GET", uri);
  add_fault (fixture, "{\"kind\": \"truncated-body\", \"path_prefix\": \"/v1/customers\"}");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_set_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
  body = soup_session_send_and_read (fixture->session, msg, NULL, &error);
  if (body == NULL)
    g_test_message ("Truncated: %s", error->message);
  else
    {
      /* libsoup hands over what came: less than announced, and not JSON. */
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      announced = soup_message_headers_get_content_length (
        soup_message_get_response_headers (msg));
      g_assert_cmpint (announced, >, 0);
      g_assert_cmpint ((goffset) g_bytes_get_size (body), <, announced);
      g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                  (gssize) g_bytes_get_size (body), NULL));
    }

  whole = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (whole->status, ==, 200);
}

static void
test_fault_wrong_content_type (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autoptr(Response) wrong = NULL;

  if (skip_in_contract_suite ())
    return;
  token = start_demo_at (fixture, ORDER_NOW);

  add_fault (fixture, "{\"kind\": \"wrong-content-type\", \"method\": \"GET\"}");
  wrong = request (fixture, "GET", "/v1/customers", token, NULL);
  g_assert_cmpuint (wrong->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (wrong->headers, NULL), ==, "text/html");
  g_assert_null (wrong->json);
  g_assert_cmpuint (g_bytes_get_size (wrong->body), >, 0);
}

static void
test_fault_reset_connection (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *token = NULL;
  g_autofree char *body = order_body ();
  g_autoptr(Response) reset = NULL;
  g_autoptr(Response) retry = NULL;
  g_autoptr(GError) error = NULL;

  if (skip_in_contract_suite ())
    return;
  token = start_demo_at (fixture, ORDER_NOW);

  add_fault (fixture, "{\"kind\": \"reset-connection\", \"path_prefix\": \"/v1/orders\"}");
  reset = post_order_flags (fixture, token, KEY_1, body, SOUP_MESSAGE_NEW_CONNECTION, &error);
  g_assert_null (reset);
  g_assert_nonnull (error);
  g_test_message ("Reset: %s", error->message);
  /* Nothing was done. */
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 0);
  retry = post_order (fixture, token, KEY_1, body);
  g_assert_cmpuint (retry->status, ==, 201);
  g_assert_cmpint (control_stat (fixture, "orders"), ==, 1);
}

static void
test_fault_control (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Response) bad = NULL;
  g_autoptr(Response) listed = NULL;
  g_autoptr(Response) cleared = NULL;
  g_autoptr(Response) empty = NULL;
  JsonObject *fault;

  if (skip_in_contract_suite ())
    return;

  start_demo (fixture);
  bad = request (fixture, "POST", "/control/faults", NULL, "{\"kind\": \"explode\"}");
  assert_problem (bad, 400, "invalid_request");
  add_fault (fixture, "{\"faults\": [{\"kind\": \"503\", \"retry_after\": 3}, "
                      "{\"kind\": \"delay\", \"delay_ms\": 50, \"method\": \"GET\", "
                      "\"path_prefix\": \"/v1/catalogue\", \"count\": 3}]}");
  listed = request (fixture, "GET", "/control/faults", NULL, NULL);
  g_assert_cmpuint (listed->status, ==, 200);
  fault = json_array_get_object_element (
    json_object_get_array_member (response_object (listed), "faults"), 1);
  g_assert_cmpstr (json_object_get_string_member (fault, "kind"), ==, "delay");
  g_assert_cmpint (json_object_get_int_member (fault, "count"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (fault, "delay_ms"), ==, 50);
  g_assert_cmpstr (json_object_get_string_member (fault, "path_prefix"), ==, "/v1/catalogue");
  cleared = request (fixture, "DELETE", "/control/faults", NULL, NULL);
  g_assert_cmpuint (cleared->status, ==, 204);
  empty = request (fixture, "GET", "/control/faults", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (response_object (empty),
                                                                         "faults")), ==, 0);
}

/* ---- main --------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *skip = NULL;
  const char *part = g_getenv ("HANDLA_CONTRACT_PART");
  guint n_parts = 1, this_part = 0, n_added = 0;

  g_test_init (&argc, &argv, NULL);
  skip = supplier_contract_skip_reason ();
  if (skip != NULL)
    {
      g_print ("1..0 # SKIP %s\n", skip);
      return 0;
    }

  /* Every supplier of the contract suite starts Prism, which takes a
   * while: the suite runs this program as parts ("1/2" and "2/2"), each
   * with every n-th test, so that they can run at once. */
  if (part != NULL && *part != '\0')
    {
      g_assert_true (sscanf (part, "%u/%u", &this_part, &n_parts) == 2);
      g_assert_true (this_part >= 1 && this_part <= n_parts);
      this_part--;
    }

#define ADD(path, func) \
  G_STMT_START { \
    if (n_added++ % n_parts == this_part) \
      g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down); \
  } G_STMT_END

  ADD ("/handla/supplier/enrol", test_enrol);
  ADD ("/handla/supplier/unauthorized", test_unauthorized);
  ADD ("/handla/supplier/catalogue/full", test_catalogue_full);
  ADD ("/handla/supplier/catalogue/not-modified", test_catalogue_not_modified);
  ADD ("/handla/supplier/catalogue/delta-empty", test_catalogue_delta_empty);
  ADD ("/handla/supplier/catalogue/delta-change", test_catalogue_delta_change);
  ADD ("/handla/supplier/catalogue/generate-changed", test_generate_changed);
  ADD ("/handla/supplier/catalogue/generate", test_generate);
  ADD ("/handla/supplier/tls/wrong-ca", test_wrong_ca);
  ADD ("/handla/supplier/restart", test_restart);
  ADD ("/handla/supplier/clock", test_clock);
  ADD ("/handla/supplier/customers/list-and-get", test_customers);
  ADD ("/handla/supplier/customers/generated", test_customers_generated);
  ADD ("/handla/supplier/basket/round-trip", test_basket_round_trip);
  ADD ("/handla/supplier/basket/precondition", test_basket_precondition);
  ADD ("/handla/supplier/basket/conflict", test_basket_conflict);
  ADD ("/handla/supplier/basket/invalid", test_basket_invalid);
  ADD ("/handla/supplier/slots/winter", test_slots_winter);
  ADD ("/handla/supplier/slots/dst", test_slots_dst);
  ADD ("/handla/supplier/holds/renew", test_hold_renew);
  ADD ("/handla/supplier/holds/expire", test_hold_expires);
  ADD ("/handla/supplier/holds/errors", test_hold_errors);
  ADD ("/handla/supplier/holds/release", test_hold_release);
  ADD ("/handla/supplier/orders/create", test_order_create);
  ADD ("/handla/supplier/orders/invalid", test_order_invalid);
  ADD ("/handla/supplier/orders/hold", test_order_hold);
  ADD ("/handla/supplier/orders/hold-expired", test_order_hold_expired);
  ADD ("/handla/supplier/orders/product-unavailable", test_order_product_unavailable);
  ADD ("/handla/supplier/orders/restart", test_order_restart);
  ADD ("/handla/supplier/orders/get", test_order_get);
  ADD ("/handla/supplier/orders/change", test_order_change);
  ADD ("/handla/supplier/orders/cancel", test_order_cancel);
  ADD ("/handla/supplier/orders/list", test_order_list);
  ADD ("/handla/supplier/orders/progress", test_order_progress);
  ADD ("/handla/supplier/complaints/credit", test_complaint);
  ADD ("/handla/supplier/complaints/redelivery", test_complaint_redelivery);
  ADD ("/handla/supplier/faults/drop-after-commit", test_fault_drop_after_commit);
  ADD ("/handla/supplier/faults/delay-in-progress", test_fault_delay_in_progress);
  ADD ("/handla/supplier/faults/delay", test_fault_delay);
  ADD ("/handla/supplier/faults/500", test_fault_500);
  ADD ("/handla/supplier/faults/503", test_fault_503);
  ADD ("/handla/supplier/faults/429", test_fault_429);
  ADD ("/handla/supplier/faults/truncated-body", test_fault_truncated_body);
  ADD ("/handla/supplier/faults/wrong-content-type", test_fault_wrong_content_type);
  ADD ("/handla/supplier/faults/reset-connection", test_fault_reset_connection);
  ADD ("/handla/supplier/faults/control", test_fault_control);

#undef ADD

  return g_test_run ();
}
