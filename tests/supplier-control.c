/* supplier-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "supplier-control.h"

/*
 * Requests to the reference supplier beside the client under test: its
 * control endpoint (--control), and the protocol with a token where a
 * test must play another tablet. A plain libsoup session that trusts
 * only the supplier's CA; every call spins the main context until it is
 * answered (nothing sleeps).
 */

struct _SupplierControl
{
  SoupSession *session;
  char        *url;
  char        *direct_url;
};

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

SupplierControl *
supplier_control_new (const SupplierReady *ready)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  SupplierControl *control = g_new0 (SupplierControl, 1);

  database = g_tls_file_database_new (ready->ca_file, &error);
  g_assert_no_error (error);
  control->session = soup_session_new_with_options ("timeout", 60, "proxy-resolver", direct, NULL);
  soup_session_set_tls_database (control->session, database);
  control->url = g_strdup (ready->url);
  control->direct_url = g_strdup (ready->direct_url);

  return control;
}

void
supplier_control_free (SupplierControl *control)
{
  g_clear_object (&control->session);
  g_free (control->url);
  g_free (control->direct_url);
  g_free (control);
}

/**
 * supplier_control_call:
 * @control: the supplier
 * @method: the HTTP method
 * @path: the path
 * @token: (nullable): a tablet's token
 * @headers: (nullable): more headers, NULL-terminated name, value pairs
 * @body: (nullable): a JSON body
 * @status: (out) (optional): the status
 *
 * Returns: (transfer full) (nullable): the JSON body of the answer
 */
JsonNode *
supplier_control_call (SupplierControl    *control,
                       const char         *method,
                       const char         *path,
                       const char         *token,
                       const char * const *headers,
                       const char         *body,
                       guint              *status)
{
  /* /control/… is not part of the protocol: never through Prism. */
  const char *base = g_str_has_prefix (path, "/control/") ? control->direct_url : control->url;
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (control->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    call_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = soup_session_send_and_read_finish (control->session, result, &error);
  g_assert_no_error (error);

  if (status != NULL)
    *status = soup_message_get_status (msg);

  data = g_bytes_get_data (answer, &size);
  if (size == 0)
    return NULL;
  json_parser_load_from_data (parser, data, (gssize)size, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

static JsonObject *
get_stats (SupplierControl  *control,
           JsonNode        **node)
{
  *node = supplier_control_call (control, "GET", "/control/stats", NULL, NULL, NULL, NULL);

  return json_node_get_object (*node);
}

/* A member of GET /control/stats. */
gint64
supplier_control_stat (SupplierControl *control,
                       const char      *name)
{
  g_autoptr(JsonNode) node = NULL;

  return json_object_get_int_member (get_stats (control, &node), name);
}

/* How many requests of @counter ("POST /v1/orders") the supplier had. */
gint64
supplier_control_requests (SupplierControl *control,
                           const char      *counter)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *requests = json_object_get_object_member (get_stats (control, &node), "requests");

  return json_object_get_int_member_with_default (requests, counter, 0);
}

void
supplier_control_fault (SupplierControl *control,
                        const char      *fault)
{
  g_autoptr(JsonNode) queued = NULL;
  guint status = 0;

  queued = supplier_control_call (control, "POST", "/control/faults", NULL, NULL, fault,
                                  &status);
  g_assert_cmpuint (status, ==, 201);
}

void
supplier_control_clear_faults (SupplierControl *control)
{
  g_autoptr(JsonNode) none = NULL;
  guint status = 0;

  none = supplier_control_call (control, "DELETE", "/control/faults", NULL, NULL, NULL,
                                &status);
  g_assert_cmpuint (status, ==, 204);
}

/* Stops the supplier's clock at @now (RFC 3339). */
void
supplier_control_set_clock (SupplierControl *control,
                            const char      *now)
{
  g_autofree char *body = g_strdup_printf ("{\"now\": \"%s\"}", now);
  g_autoptr(JsonNode) clock = NULL;
  guint status = 0;

  clock = supplier_control_call (control, "POST", "/control/clock", NULL, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* A new one-time enrolment code. */
char *
supplier_control_new_code (SupplierControl *control)
{
  g_autoptr(JsonNode) code = NULL;
  guint status = 0;

  code = supplier_control_call (control, "POST", "/control/enrolment-codes", NULL, NULL, NULL,
                                &status);
  g_assert_cmpuint (status, ==, 201);

  return g_strdup (json_object_get_string_member (json_node_get_object (code), "enrolment_code"));
}

static void
set_true_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
}

/* Waits until the supplier holds @n orders: for work it finishes on its
 * own time (a delayed commit). It asks every 10 ms, running the main
 * context between, and fails the test after a minute rather than hang:
 * the limit guards against a bug, it does not time anything. */
void
supplier_control_wait_orders (SupplierControl *control,
                              gint64           n)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (supplier_control_stat (control, "orders") < n)
    {
      gboolean ticked = FALSE;

      if (g_get_monotonic_time () > deadline)
        g_error ("The supplier never had %" G_GINT64_FORMAT " orders", n);
      g_timeout_add_once (10, set_true_cb, &ticked);
      while (!ticked)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpint (supplier_control_stat (control, "orders"), ==, n);
}

/*
 * Points libsecret's file backend at a keyring file in a new temporary
 * folder and turns proxies off (loopback needs none, and libproxy's
 * thread trips AddressSanitizer). Call it before g_test_init(): libsecret
 * keeps its backend for the life of the process, so one keyring serves
 * every test of the program (each supplier URL has its own profile).
 *
 * Returns: (transfer full): the folder, for the caller to remove
 */
char *
use_test_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *keyring = NULL;
  char *dir;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "handla-test", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  dir = g_dir_make_tmp ("handla-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  keyring = g_build_filename (dir, "keyring", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);

  return dir;
}
