/* supplier-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "supplier-control.h"

/*
 * For the integration tests of the client: requests to the supplier's
 * /control endpoint (--control), on a plain session of their own that
 * trusts the supplier's CA and no proxy. Each spins the thread-default
 * main context until the answer is in; nothing sleeps.
 */

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * supplier_control:
 * @ready: the running supplier
 * @method: GET, POST or DELETE
 * @path: "/control/…"
 * @body: (nullable): a JSON body
 * @expected_status: the status the answer must have
 *
 * Returns: (transfer full) (nullable): the answer's JSON, %NULL if it has
 *   no body
 */
JsonNode *
supplier_control (const SupplierReady *ready,
                  const char          *method,
                  const char          *path,
                  const char          *body,
                  guint                expected_status)
{
  g_autoptr(GProxyResolver) direct = g_simple_proxy_resolver_new (NULL, NULL);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", direct, NULL);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *uri = g_strconcat (ready->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *json;

  database = g_tls_file_database_new (ready->ca_file, &error);
  g_assert_no_error (error);
  soup_session_set_tls_database (session, database);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  answer = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);

  if (g_bytes_get_size (answer) == 0)
    return NULL;

  json = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);

  return json;
}

/* A counter of GET /control/stats: "orders", "faults_fired", … */
gint64
supplier_control_stat (const SupplierReady *ready,
                       const char          *name)
{
  g_autoptr(JsonNode) stats = supplier_control (ready, "GET", "/control/stats", NULL,
                                                SOUP_STATUS_OK);

  return json_object_get_int_member (json_node_get_object (stats), name);
}

/* How many requests "METHOD /path" the supplier has had. */
gint64
supplier_control_requests (const SupplierReady *ready,
                           const char          *request)
{
  g_autoptr(JsonNode) stats = supplier_control (ready, "GET", "/control/stats", NULL,
                                                SOUP_STATUS_OK);
  JsonObject *requests = json_object_get_object_member (json_node_get_object (stats), "requests");

  return json_object_get_int_member_with_default (requests, request, 0);
}

/* A new one-time enrolment code, for another tablet of the unit. */
char *
supplier_control_enrolment_code (const SupplierReady *ready)
{
  g_autoptr(JsonNode) code = supplier_control (ready, "POST", "/control/enrolment-codes", NULL,
                                               SOUP_STATUS_CREATED);

  return g_strdup (json_object_get_string_member (json_node_get_object (code),
                                                  "enrolment_code"));
}
