/* supplier-faults.c — fault injection for the reference supplier
 *
 * The control endpoint (--control only) queues faults; the server takes
 * the first one that matches a request (method and path prefix) and
 * applies it. This file holds the queue entries and the two ways of
 * spoiling an answer on the wire: cutting the connection (gracefully,
 * after a truncated answer, or with a TCP reset) and holding a message
 * back (pause and resume, never resuming one whose client has gone).
 * Nothing here blocks the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-faults.h"

#include <string.h>
#include <sys/socket.h>

/* A paused message whose client has gone is not resumed. */
static void
message_disconnected_cb (SoupServerMessage *msg,
                         gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "handla-gone", GINT_TO_POINTER (TRUE));
}

void
supplier_message_pause (SoupServerMessage *msg)
{
  g_signal_connect (msg, "disconnected", G_CALLBACK (message_disconnected_cb), NULL);
  soup_server_message_pause (msg);
}

void
supplier_message_resume (SoupServerMessage *msg)
{
  if (g_object_get_data (G_OBJECT (msg), "handla-gone") == NULL)
    soup_server_message_unpause (msg);
}

static const char * const kind_names[] = {
  [SUPPLIER_FAULT_DROP_AFTER_COMMIT] = "drop-after-commit",
  [SUPPLIER_FAULT_DELAY] = "delay",
  [SUPPLIER_FAULT_500] = "500",
  [SUPPLIER_FAULT_503] = "503",
  [SUPPLIER_FAULT_429] = "429",
  [SUPPLIER_FAULT_TRUNCATED_BODY] = "truncated-body",
  [SUPPLIER_FAULT_WRONG_CONTENT_TYPE] = "wrong-content-type",
  [SUPPLIER_FAULT_RESET_CONNECTION] = "reset-connection",
};

const char *
supplier_fault_kind_name (SupplierFaultKind kind)
{
  return kind_names[kind];
}

void
supplier_fault_free (SupplierFault *fault)
{
  g_free (fault->method);
  g_free (fault->path_prefix);
  g_free (fault);
}

void
supplier_fault_to_json (JsonBuilder *builder,
                SupplierFault       *fault)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, supplier_fault_kind_name (fault->kind));
  if (fault->method != NULL)
    {
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, fault->method);
    }
  json_builder_set_member_name (builder, "path_prefix");
  json_builder_add_string_value (builder, fault->path_prefix);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, fault->count);
  if (fault->kind == SUPPLIER_FAULT_DELAY)
    {
      json_builder_set_member_name (builder, "delay_ms");
      json_builder_add_int_value (builder, fault->delay_ms);
    }
  if (fault->kind == SUPPLIER_FAULT_503 || fault->kind == SUPPLIER_FAULT_429)
    {
      json_builder_set_member_name (builder, "retry_after");
      json_builder_add_int_value (builder, fault->retry_after);
    }
  json_builder_end_object (builder);
}

/* One fault from its JSON, or NULL with the reason in *@why. */
SupplierFault *
supplier_fault_parse (JsonNode    *node,
             const char **why)
{
  g_autoptr(GPtrArray) unused = NULL;
  JsonObject *object;
  const char *kind, *method, *prefix;
  gint64 count, delay_ms, retry_after;
  SupplierFault *fault;
  int found = -1;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *why = "Ett fel ska vara ett objekt.";
      return NULL;
    }
  object = json_node_get_object (node);
  kind = json_object_get_string_member_with_default (object, "kind", "");
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (kind, kind_names[i]))
      found = (int) i;
  method = json_object_get_string_member_with_default (object, "method", NULL);
  prefix = json_object_get_string_member_with_default (object, "path_prefix", "/v1/");
  count = json_object_get_int_member_with_default (object, "count", 1);
  delay_ms = json_object_get_int_member_with_default (object, "delay_ms", 1000);
  retry_after = json_object_get_int_member_with_default (object, "retry_after", 2);
  if (found < 0)
    {
      *why = "Okänd kind.";
      return NULL;
    }
  if (count < 1 || count > 1000 || delay_ms < 0 || delay_ms > 60000 || retry_after < 0 ||
      retry_after > 86400 || !g_str_has_prefix (prefix, "/"))
    {
      *why = "count 1–1000, delay_ms 0–60000, retry_after 0–86400, path_prefix med /.";
      return NULL;
    }
  fault = g_new0 (SupplierFault, 1);
  fault->kind = (SupplierFaultKind) found;
  fault->method = g_strdup (method);
  fault->path_prefix = g_strdup (prefix);
  fault->count = (guint) count;
  fault->delay_ms = (guint) delay_ms;
  fault->retry_after = (guint) retry_after;
  return fault;
}

/* The first fault in @faults for @method @path, used once (and
 * dropped when used up); NULL if none. Free the copy returned. */
SupplierFault *
supplier_faults_take (GQueue     *faults,
                      const char *method,
                      const char *path)
{
  for (GList *l = faults->head; l != NULL; l = l->next)
    {
      SupplierFault *fault = l->data;
      SupplierFault *copy;

      if ((fault->method != NULL && !g_str_equal (fault->method, method)) ||
          !g_str_has_prefix (path, fault->path_prefix))
        continue;
      copy = g_memdup2 (fault, sizeof *fault);
      copy->method = g_strdup (fault->method);
      copy->path_prefix = g_strdup (fault->path_prefix);
      if (--fault->count == 0)
        {
          g_queue_delete_link (faults, l);
          supplier_fault_free (fault);
        }
      return copy;
    }
  return NULL;
}

/* Cutting a connection: the response (if any) is not sent by libsoup.
 * With @raw, those bytes are written first; with @reset, the socket is
 * closed with SO_LINGER 0, so the peer sees a TCP reset. */
typedef struct {
  SoupServerMessage *msg;
  GIOStream         *stream;
  GBytes            *raw;
  gboolean           reset;
} Cut;

static void
cut_free (Cut *cut)
{
  g_clear_object (&cut->msg);
  g_clear_object (&cut->stream);
  g_clear_pointer (&cut->raw, g_bytes_unref);
  g_free (cut);
}

static void
cut_closed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  cut_free (user_data);
}

static void
cut_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Cut *cut = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (cut->stream, G_PRIORITY_DEFAULT, NULL, cut_closed_cb, cut);
}

static gboolean
cut_connection_cb (gpointer user_data)
{
  Cut *cut = user_data;
  g_autoptr(GSocket) socket = soup_server_message_get_socket (cut->msg);

  if (socket != NULL)
    g_object_ref (socket);
  cut->stream = soup_server_message_steal_connection (cut->msg);
  if (cut->reset && socket != NULL)
    {
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
      g_socket_close (socket, NULL);
    }
  if (cut->reset || cut->stream == NULL)
    cut_free (cut);
  else if (cut->raw != NULL)
    g_output_stream_write_all_async (g_io_stream_get_output_stream (cut->stream),
                                     g_bytes_get_data (cut->raw, NULL),
                                     g_bytes_get_size (cut->raw), G_PRIORITY_DEFAULT, NULL,
                                     cut_written_cb, cut);
  else
    g_io_stream_close_async (cut->stream, G_PRIORITY_DEFAULT, NULL, cut_closed_cb, cut);
  return G_SOURCE_REMOVE;
}

void
supplier_cut_connection (SoupServerMessage *msg,
                GBytes            *raw,
                gboolean           reset)
{
  Cut *cut = g_new0 (Cut, 1);

  cut->msg = g_object_ref (msg);
  cut->raw = raw;
  cut->reset = reset;
  soup_server_message_pause (msg);
  g_idle_add (cut_connection_cb, cut);
}

/* The response as it stands, with a Content-Length of the whole body but
 * only the first half of the body. */
GBytes *
supplier_truncated_response (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  GString *raw = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  guint status = soup_server_message_get_status (msg);
  gsize len = g_bytes_get_size (body);

  g_string_append_printf (raw, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Transfer-Encoding") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0)
      g_string_append_printf (raw, "%s: %s\r\n", name, value);
  g_string_append_printf (raw, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          len);
  g_string_append_len (raw, g_bytes_get_data (body, NULL), (gssize) (len / 2));
  return g_string_free_to_bytes (raw);
}

