/* handla-supplier-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "handla-catalogue-private.h"
#include "handla-supplier-client-private.h"

/*
 * The client side of docs/supplier-api.yaml: enrolment and catalogue sync.
 *
 * One SoupSession (user agent, timeouts), HTTPS only, certificate checks
 * always on. A supplier profile can pin its CA with a file, which becomes
 * the session's only TLS database; no accept-certificate handler exists.
 * A connection below TLS 1.2 is refused after the fact as well.
 *
 * Catalogue sync (gnome-software's conditional download, epiphany's
 * soup + json sequence):
 *
 *  - At most one sync runs. A call while one runs JOINS it: it gets the
 *    same result (or error) when that sync ends. Cancelling one caller's
 *    cancellable fails only that caller at once; the shared sync is
 *    cancelled when no caller is left waiting for it.
 *  - With a stored cursor: GET /v1/catalogue?since=<cursor> with
 *    If-None-Match: <etag>. 304: nothing changes. 200: every page of the
 *    delta is fetched and validated, then applied in ONE transaction with
 *    the new cursor and ETag. 410 cursor_expired: a full sync instead.
 *  - Otherwise a full listing: every page is fetched and validated
 *    (handla-catalogue-document.c, off the main thread) into memory, and
 *    only after the last page the catalogue is replaced in one transaction
 *    (HandlaCatalogue's own replace code), together with the cursor and
 *    ETag.
 *  - Anything wrong (status, content type, JSON, schema, truncation, a
 *    cursor that changes between pages) fails the sync and writes nothing.
 *    HandlaCatalogue::changed is emitted only after a committed change.
 */

#define USER_AGENT            "Handla/" PACKAGE_VERSION
#define TIMEOUT_SECONDS       30
#define IDLE_TIMEOUT_SECONDS  60
#define MAX_PAGES             10000

/* ---- HandlaCatalogueSyncResult ------------------------------------------ */

struct _HandlaCatalogueSyncResult
{
  gatomicrefcount ref_count;
  gboolean        not_modified;
  gboolean        full;
  guint           n_added;
  guint           n_changed;
  guint           n_deleted;
  guint           n_products;
};

G_DEFINE_BOXED_TYPE (HandlaCatalogueSyncResult, handla_catalogue_sync_result,
                     handla_catalogue_sync_result_ref, handla_catalogue_sync_result_unref)

static HandlaCatalogueSyncResult *
sync_result_new (void)
{
  HandlaCatalogueSyncResult *result = g_new0 (HandlaCatalogueSyncResult, 1);

  g_atomic_ref_count_init (&result->ref_count);
  return result;
}

HandlaCatalogueSyncResult *
handla_catalogue_sync_result_ref (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
handla_catalogue_sync_result_unref (HandlaCatalogueSyncResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    g_free (self);
}

/** handla_catalogue_sync_result_get_not_modified: Returns: %TRUE on a 304 */
gboolean
handla_catalogue_sync_result_get_not_modified (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->not_modified;
}

/** handla_catalogue_sync_result_get_full: Returns: %TRUE for a full listing, %FALSE for a delta or 304 */
gboolean
handla_catalogue_sync_result_get_full (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->full;
}

guint
handla_catalogue_sync_result_get_n_added (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_added;
}

guint
handla_catalogue_sync_result_get_n_changed (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_changed;
}

guint
handla_catalogue_sync_result_get_n_deleted (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_deleted;
}

/** handla_catalogue_sync_result_get_n_products: Returns: the products after the sync; 0 after a 304 */
guint
handla_catalogue_sync_result_get_n_products (HandlaCatalogueSyncResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_products;
}

/* ---- HandlaSupplierClient ----------------------------------------------- */

typedef struct
{
  GTask   *task;
  GSource *cancelled_source;
} Waiter;

typedef struct
{
  char                    *token;
  char                    *etag;            /* stored, for If-None-Match */
  char                    *cursor;          /* stored: a delta */
  gboolean                 delta;
  gboolean                 restarted;
  guint                    n_pages;
  char                    *last_page;
  char                    *listing_cursor;
  char                    *listing_etag;
  HandlaCatalogueDocument *staged;          /* full listing */
  GHashTable              *staged_ids;      /* borrowed from staged's products */
  GPtrArray               *pages;           /* delta */
} Sync;

struct _HandlaSupplierClient
{
  GObject          parent_instance;

  HandlaCatalogue *catalogue;
  HandlaSecrets   *secrets;
  char            *base_url;      /* without a trailing slash */
  char            *ca_file;
  char            *profile;
  GNetworkMonitor *monitor;
  SoupSession     *session;
  GMainContext    *context;
  GCancellable    *cancellable;   /* everything; cancelled in dispose */
  guint            retry_after;
  char            *token;         /* cached from the keyring; NULL after a 401 */

  /* The running sync */
  Sync            *sync;
  GCancellable    *sync_cancellable;
  GPtrArray       *waiters;       /* of Waiter */
};

static void handla_supplier_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HandlaSupplierClient, handla_supplier_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      handla_supplier_client_initable_iface_init))

G_DEFINE_QUARK (handla-supplier-error-quark, handla_supplier_error)

enum {
  PROP_0,
  PROP_CATALOGUE,
  PROP_SECRETS,
  PROP_BASE_URL,
  PROP_CA_FILE,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
sync_free (Sync *sync)
{
  if (sync->token != NULL)
    secret_password_free (sync->token);
  g_free (sync->etag);
  g_free (sync->cursor);
  g_free (sync->last_page);
  g_free (sync->listing_cursor);
  g_free (sync->listing_etag);
  g_clear_pointer (&sync->staged_ids, g_hash_table_unref);
  g_clear_pointer (&sync->staged, _handla_catalogue_document_free);
  g_clear_pointer (&sync->pages, g_ptr_array_unref);
  g_free (sync);
}

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  if (waiter->cancelled_source != NULL)
    {
      g_source_destroy (waiter->cancelled_source);
      g_source_unref (waiter->cancelled_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
document_free (gpointer data)
{
  _handla_catalogue_document_free (data);
}

/* ---- errors ------------------------------------------------------------- */

static gboolean
set_offline_error (HandlaSupplierClient  *self,
                   GError               **error)
{
  if (g_network_monitor_get_network_available (self->monitor))
    return FALSE;

  g_set_error_literal (error,
                       HANDLA_SUPPLIER_ERROR,
                       HANDLA_SUPPLIER_ERROR_OFFLINE,
                       _("The tablet is offline. Handla will try again when the network is back."));
  return TRUE;
}

static void
set_not_enrolled_error (GError **error)
{
  g_set_error_literal (error,
                       HANDLA_SUPPLIER_ERROR,
                       HANDLA_SUPPLIER_ERROR_UNAUTHORIZED,
                       _("This tablet is not enrolled with the supplier. Enrol it with a new code."));
}

/*
 * _handla_supplier_bad_answer_error:
 * @what: what was wrong with the answer, in words ("no customers")
 *
 * The one wording for an answer from the supplier that Handla cannot use,
 * for every request of the protocol.
 *
 * Returns: (transfer full): a HANDLA_SUPPLIER_ERROR_BAD_RESPONSE
 */
GError *
_handla_supplier_bad_answer_error (const char *what)
{
  return g_error_new (HANDLA_SUPPLIER_ERROR,
                      HANDLA_SUPPLIER_ERROR_BAD_RESPONSE,
                      /* Translators: %s says what was wrong with the answer */
                      _("The supplier sent an answer Handla cannot use (%s)."),
                      what);
}

static void
set_bad_response_error (GError     **error,
                        const char  *problem)
{
  g_propagate_error (error, _handla_supplier_bad_answer_error (problem));
}

/* A transport error (no HTTP status) as a HANDLA_SUPPLIER_ERROR. */
static GError *
translate_transport_error (GError *error)
{
  GError *translated;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  g_debug ("Supplier request failed: %s", error->message);

  if (error->domain == G_TLS_ERROR)
    translated = g_error_new (HANDLA_SUPPLIER_ERROR,
                              HANDLA_SUPPLIER_ERROR_TLS,
                              _("The connection to the supplier is not safe: its certificate "
                                "is not trusted (%s). Ask the administrator to check the "
                                "supplier settings."),
                              error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
           error->domain == SOUP_SESSION_ERROR)
    translated = _handla_supplier_bad_answer_error (error->message);
  else
    translated = g_error_new (HANDLA_SUPPLIER_ERROR,
                              HANDLA_SUPPLIER_ERROR_UNREACHABLE,
                              _("The supplier cannot be reached (%s). Handla will try again later."),
                              error->message);

  g_error_free (error);
  return translated;
}

static gboolean
has_content_type (SoupMessage *msg,
                  const char  *wanted)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                            NULL);

  return type != NULL && g_ascii_strcasecmp (type, wanted) == 0;
}

/* Retry-After in seconds: a number, or an HTTP date. */
static guint
parse_retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "Retry-After");
  guint64 seconds = 0;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, 86400, &seconds, NULL))
    return (guint)seconds;
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      GTimeSpan span;

      if (when == NULL)
        return 0;
      span = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;
      return (guint)CLAMP (span, 0, 86400);
    }
}

/* The `code` and `detail` of an application/problem+json body. */
static void
parse_problem (SoupMessage  *msg,
               GBytes       *body,
               char        **code,
               char        **detail)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *data;
  gsize size;
  JsonNode *root;
  JsonObject *object;

  *code = NULL;
  *detail = NULL;

  if (body == NULL || !has_content_type (msg, "application/problem+json"))
    return;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || size > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, (gssize)size, NULL))
    return;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  object = json_node_get_object (root);
  *code = g_strdup (json_object_get_string_member_with_default (object, "code", NULL));
  *detail = g_strdup (json_object_get_string_member_with_default (object, "detail", NULL));
}

/* An HTTP answer that is not the expected one, as a HANDLA_SUPPLIER_ERROR. */
static GError *
error_for_answer (HandlaSupplierClient *self,
                  guint                 status,
                  const char           *code,
                  const char           *detail,
                  guint                 retry_after)
{
  g_debug ("Supplier answered %u (%s): %s", status,
           code != NULL ? code : "no problem code",
           detail != NULL ? detail : "no detail");

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      g_clear_pointer (&self->token, secret_password_free);
      return g_error_new_literal (HANDLA_SUPPLIER_ERROR,
                                  HANDLA_SUPPLIER_ERROR_UNAUTHORIZED,
                                  _("The supplier no longer accepts this tablet. "
                                    "Enrol it again with a new code."));

    case 429:  /* Too Many Requests; libsoup 3.2 has no name for it */
      self->retry_after = retry_after;
      return g_error_new (HANDLA_SUPPLIER_ERROR,
                          HANDLA_SUPPLIER_ERROR_RATE_LIMITED,
                          ngettext ("The supplier is busy. Try again in %u second.",
                                    "The supplier is busy. Try again in %u seconds.",
                                    retry_after),
                          retry_after);

    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      self->retry_after = retry_after;
      return g_error_new (HANDLA_SUPPLIER_ERROR,
                          HANDLA_SUPPLIER_ERROR_UNAVAILABLE,
                          ngettext ("The supplier is closed for maintenance. "
                                    "Try again in %u second.",
                                    "The supplier is closed for maintenance. "
                                    "Try again in %u seconds.",
                                    retry_after),
                          retry_after);

    default:
      break;
    }

  if (status == 422 && g_strcmp0 (code, "enrolment_code_invalid") == 0)
    return g_error_new_literal (HANDLA_SUPPLIER_ERROR,
                                HANDLA_SUPPLIER_ERROR_INVALID_CODE,
                                _("The enrolment code is not valid. Ask the supplier for a new one."));

  if (status >= 500)
    return g_error_new (HANDLA_SUPPLIER_ERROR,
                        HANDLA_SUPPLIER_ERROR_SERVER,
                        _("The supplier’s server has a problem (HTTP %u). "
                          "Handla will try again later."),
                        status);

  return g_error_new (HANDLA_SUPPLIER_ERROR,
                      HANDLA_SUPPLIER_ERROR_BAD_RESPONSE,
                      _("The supplier gave an unexpected answer (HTTP %u)."),
                      status);
}

static GError *
error_for_status (HandlaSupplierClient *self,
                  SoupMessage          *msg,
                  GBytes               *body)
{
  g_autofree char *code = NULL;
  g_autofree char *detail = NULL;

  parse_problem (msg, body, &code, &detail);
  return error_for_answer (self, soup_message_get_status (msg), code, detail,
                           parse_retry_after (msg));
}

/*
 * Finishes soup_session_send_and_read_async(). Returns the body, or NULL
 * with @error set for a transport error or a connection below TLS 1.2.
 * The status is still to be checked.
 */
static GBytes *
finish_request (HandlaSupplierClient  *self,
                SoupMessage           *msg,
                GAsyncResult          *result,
                GError               **error)
{
  g_autoptr(GBytes) body = NULL;
  GError *local_error = NULL;
  GTlsProtocolVersion version;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (self->session, result, &local_error);
  if (body == NULL)
    {
      g_propagate_error (error, translate_transport_error (local_error));
      return NULL;
    }

  version = soup_message_get_tls_protocol_version (msg);
  if (version != G_TLS_PROTOCOL_VERSION_TLS_1_2 && version != G_TLS_PROTOCOL_VERSION_TLS_1_3)
    {
      g_set_error_literal (error,
                           HANDLA_SUPPLIER_ERROR,
                           HANDLA_SUPPLIER_ERROR_TLS,
                           _("The connection to the supplier is not safe: it does not use "
                             "TLS 1.2 or newer."));
      return NULL;
    }

  /* libsoup 3.2 hands over a body cut short by a closed connection as if
   * it were whole: compare it with Content-Length. */
  headers = soup_message_get_response_headers (msg);
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_NO_CONTENT && status != SOUP_STATUS_NOT_MODIFIED &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) != (goffset)g_bytes_get_size (body))
    {
      set_bad_response_error (error, _("the answer was cut short"));
      return NULL;
    }

  self->retry_after = 0;
  return g_steal_pointer (&body);
}

static SoupMessage *
new_message (HandlaSupplierClient *self,
             const char           *method,
             const char           *path_and_query,
             const char           *token)
{
  g_autofree char *uri = g_strconcat (self->base_url, path_and_query, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert (msg != NULL);  /* the base URL was checked, the rest is URL-safe */

  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json, application/problem+json");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg),
                                    "Authorization", authorization);
    }

  return msg;
}

/* ---- enrolment ---------------------------------------------------------- */

typedef struct
{
  SoupMessage *msg;
  char        *token;
} Enrolment;

static void
enrolment_free (gpointer data)
{
  Enrolment *enrolment = data;

  g_clear_object (&enrolment->msg);
  if (enrolment->token != NULL)
    secret_password_free (enrolment->token);
  g_free (enrolment);
}

/* ^[A-Za-z0-9._~+/=-]{32,500}$ */
static gboolean
is_token_text (const char *text)
{
  gsize len = strlen (text);

  if (len < 32 || len > 500)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("._~+/=-", *p) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
token_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!handla_secrets_store_token_finish (HANDLA_SECRETS (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaSupplierClient *self = g_task_get_source_object (task);
  Enrolment *enrolment = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  GError *error = NULL;
  const char *data;
  const char *token;
  gsize size;
  JsonNode *root;

  body = finish_request (self, enrolment->msg, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (soup_message_get_status (enrolment->msg) != SOUP_STATUS_CREATED)
    {
      g_task_return_error (task, error_for_status (self, enrolment->msg, body));
      return;
    }

  data = g_bytes_get_data (body, &size);
  if (!has_content_type (enrolment->msg, "application/json") ||
      size == 0 || size > G_MAXSSIZE ||
      !json_parser_load_from_data (parser, data, (gssize)size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root) ||
      (token = json_object_get_string_member_with_default (json_node_get_object (root),
                                                          "token", NULL)) == NULL ||
      !is_token_text (token))
    {
      set_bad_response_error (&error, _("no valid token"));
      g_task_return_error (task, error);
      return;
    }

  handla_secrets_store_token_async (self->secrets,
                                    self->profile,
                                    token,
                                    g_task_get_cancellable (task),
                                    token_stored_cb,
                                    g_object_ref (task));
}

/* The code as typed: spaces removed, upper case; NULL if it cannot be one. */
static char *
normalise_code (const char *code)
{
  g_autoptr(GString) normal = g_string_new (NULL);

  for (const char *p = code; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) && *p != '-')
        return NULL;
      g_string_append_c (normal, g_ascii_toupper (*p));
    }

  if (normal->len < 6 || normal->len > 40)
    return NULL;

  return g_string_free (g_steal_pointer (&normal), FALSE);
}

/* ---- catalogue sync ----------------------------------------------------- */

static void request_page (HandlaSupplierClient *self,
                          const char           *path_and_query,
                          gboolean              conditional);

static void
finish_sync (HandlaSupplierClient      *self,
             HandlaCatalogueSyncResult *result,
             GError                    *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  g_clear_pointer (&self->sync, sync_free);
  g_clear_object (&self->sync_cancellable);
  self->waiters = g_ptr_array_new_with_free_func (waiter_free);

  if (error != NULL)
    g_debug ("Catalogue sync failed: %s", error->message);

  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        g_task_return_pointer (waiter->task,
                               handla_catalogue_sync_result_ref (result),
                               (GDestroyNotify)handla_catalogue_sync_result_unref);
    }

  g_clear_error (&error);
  g_clear_pointer (&result, handla_catalogue_sync_result_unref);
}

static void
start_listing (HandlaSupplierClient *self)
{
  Sync *sync = self->sync;
  g_autofree char *path = NULL;

  sync->n_pages = 0;
  g_clear_pointer (&sync->last_page, g_free);
  g_clear_pointer (&sync->listing_cursor, g_free);
  g_clear_pointer (&sync->listing_etag, g_free);
  g_clear_pointer (&sync->staged_ids, g_hash_table_unref);
  g_clear_pointer (&sync->staged, _handla_catalogue_document_free);
  g_clear_pointer (&sync->pages, g_ptr_array_unref);

  sync->delta = sync->cursor != NULL;
  if (sync->delta)
    {
      path = g_strconcat ("/v1/catalogue?since=", sync->cursor, NULL);
      sync->pages = g_ptr_array_new_with_free_func (document_free);
    }
  else
    {
      path = g_strdup ("/v1/catalogue");
      sync->staged_ids = g_hash_table_new (g_str_hash, g_str_equal);
    }

  request_page (self, path, sync->etag != NULL);
}

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HandlaSupplierClient) self = user_data;
  HandlaCatalogueChanges changes = { 0, };
  HandlaCatalogueSyncResult *sync_result;
  GError *error = NULL;
  gboolean full = !self->sync->delta;

  if (!_handla_catalogue_update_finish (HANDLA_CATALOGUE (object), result, &changes, &error))
    {
      finish_sync (self, NULL, error);
      return;
    }

  sync_result = sync_result_new ();
  sync_result->full = full;
  sync_result->n_added = changes.n_added;
  sync_result->n_changed = changes.n_changed;
  sync_result->n_deleted = changes.n_deleted;
  sync_result->n_products = changes.n_products;

  g_debug ("Catalogue synced (%s): %u added, %u changed, %u deleted, %u products",
           full ? "full" : "delta", changes.n_added, changes.n_changed,
           changes.n_deleted, changes.n_products);

  finish_sync (self, sync_result, NULL);
}

static void
commit (HandlaSupplierClient *self)
{
  Sync *sync = self->sync;

  if (sync->delta)
    _handla_catalogue_apply_delta_async (self->catalogue,
                                         g_steal_pointer (&sync->pages),
                                         sync->listing_etag,
                                         sync->listing_cursor,
                                         self->sync_cancellable,
                                         committed_cb,
                                         g_object_ref (self));
  else
    {
      g_clear_pointer (&sync->staged_ids, g_hash_table_unref);
      _handla_catalogue_replace_async (self->catalogue,
                                       g_steal_pointer (&sync->staged),
                                       sync->listing_etag,
                                       sync->listing_cursor,
                                       self->sync_cancellable,
                                       committed_cb,
                                       g_object_ref (self));
    }
}

/* Adds a validated page to what is staged; takes @page, also on failure. */
static gboolean
stage_page (Sync                    *sync,
            HandlaCatalogueDocument *page,
            GError                 **error)
{
  if (sync->delta != (page->kind == HANDLA_CATALOGUE_DOCUMENT_DELTA))
    {
      set_bad_response_error (error, sync->delta ? _("a full catalogue instead of a delta")
                                                 : _("a delta instead of a full catalogue"));
      _handla_catalogue_document_free (page);
      return FALSE;
    }

  if (sync->listing_cursor == NULL)
    sync->listing_cursor = g_strdup (page->cursor);
  else if (!g_str_equal (sync->listing_cursor, page->cursor))
    {
      set_bad_response_error (error, _("the cursor changed between pages"));
      _handla_catalogue_document_free (page);
      return FALSE;
    }

  if (sync->delta)
    {
      if (g_strcmp0 (page->since, sync->cursor) != 0)
        {
          set_bad_response_error (error, _("a delta from the wrong cursor"));
          _handla_catalogue_document_free (page);
          return FALSE;
        }
      g_ptr_array_add (sync->pages, page);
      return TRUE;
    }

  for (guint i = 0; i < page->products->len; i++)
    {
      HandlaDocumentProduct *product = g_ptr_array_index (page->products, i);

      if (!g_hash_table_add (sync->staged_ids, product->id))
        {
          set_bad_response_error (error, _("a product on two pages"));
          _handla_catalogue_document_free (page);
          return FALSE;
        }
    }

  if (sync->staged == NULL)
    sync->staged = page;
  else
    {
      /* Every page carries every category; the first page's are kept. */
      g_ptr_array_extend_and_steal (sync->staged->products, g_steal_pointer (&page->products));
      page->products = g_ptr_array_new ();
      _handla_catalogue_document_free (page);
    }

  return TRUE;
}

static void
parse_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  HandlaCatalogueDocument *page;

  page = _handla_catalogue_document_parse_page (task_data, &error);
  if (page == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, page, document_free);
}

static void
page_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HandlaSupplierClient *self = HANDLA_SUPPLIER_CLIENT (object);
  Sync *sync = self->sync;
  HandlaCatalogueDocument *page;
  g_autofree char *next_page = NULL;
  GError *error = NULL;

  page = g_task_propagate_pointer (G_TASK (result), &error);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) invalid = error;

          error = NULL;
          set_bad_response_error (&error, invalid->message);
        }
      finish_sync (self, NULL, error);
      return;
    }

  next_page = g_strdup (page->next_page);
  if (!stage_page (sync, page, &error))
    {
      finish_sync (self, NULL, error);
      return;
    }

  if (next_page == NULL)
    {
      commit (self);
      return;
    }

  if (sync->n_pages >= MAX_PAGES || g_strcmp0 (next_page, sync->last_page) == 0)
    {
      set_bad_response_error (&error, _("the pages do not end"));
      finish_sync (self, NULL, error);
      return;
    }

  g_free (sync->last_page);
  sync->last_page = g_strdup (next_page);

  {
    g_autofree char *path = g_strconcat ("/v1/catalogue?page=", next_page, NULL);

    request_page (self, path, FALSE);
  }
}

static void
page_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SoupMessage) msg = user_data;
  HandlaSupplierClient *self = g_object_get_data (G_OBJECT (msg), "handla-client");
  Sync *sync = self->sync;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) parse = NULL;
  GError *error = NULL;
  guint status;

  body = finish_request (self, msg, result, &error);
  if (body == NULL)
    {
      finish_sync (self, NULL, error);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_NOT_MODIFIED && sync->n_pages == 0)
    {
      HandlaCatalogueSyncResult *not_modified = sync_result_new ();

      not_modified->not_modified = TRUE;
      finish_sync (self, not_modified, NULL);
      return;
    }

  if (status == SOUP_STATUS_GONE && !sync->restarted)
    {
      g_autofree char *code = NULL;
      g_autofree char *detail = NULL;

      parse_problem (msg, body, &code, &detail);
      if (g_strcmp0 (code, "cursor_expired") == 0 || g_strcmp0 (code, "page_expired") == 0)
        {
          g_debug ("Catalogue sync starts again: %s", code);
          sync->restarted = TRUE;
          if (g_strcmp0 (code, "cursor_expired") == 0)
            {
              g_clear_pointer (&sync->cursor, g_free);
              g_clear_pointer (&sync->etag, g_free);
            }
          start_listing (self);
          return;
        }
    }

  if (status != SOUP_STATUS_OK)
    {
      finish_sync (self, NULL, error_for_status (self, msg, body));
      return;
    }

  if (!has_content_type (msg, "application/json"))
    {
      set_bad_response_error (&error, _("not JSON"));
      finish_sync (self, NULL, error);
      return;
    }

  sync->n_pages++;
  if (sync->listing_etag == NULL)
    sync->listing_etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                 "ETag"));

  parse = g_task_new (self, self->sync_cancellable, page_parsed_cb, NULL);
  g_task_set_source_tag (parse, parse_page_thread);
  g_task_set_task_data (parse, g_steal_pointer (&body), (GDestroyNotify)g_bytes_unref);
  g_task_run_in_thread (parse, parse_page_thread);
}

static void
request_page (HandlaSupplierClient *self,
              const char           *path_and_query,
              gboolean              conditional)
{
  Sync *sync = self->sync;
  SoupMessage *msg;

  msg = new_message (self, SOUP_METHOD_GET, path_and_query, sync->token);
  if (conditional)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "If-None-Match", sync->etag);
  g_object_set_data (G_OBJECT (msg), "handla-client", self);

  soup_session_send_and_read_async (self->session,
                                    msg,
                                    G_PRIORITY_DEFAULT,
                                    self->sync_cancellable,
                                    page_received_cb,
                                    msg);
}

static void
sync_state_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(HandlaSupplierClient) self = user_data;
  Sync *sync = self->sync;
  GError *error = NULL;

  if (!_handla_catalogue_read_sync_state_finish (HANDLA_CATALOGUE (object), result,
                                                 &sync->etag, &sync->cursor, &error))
    {
      finish_sync (self, NULL, error);
      return;
    }

  /* Neither is sent unless it is URL-safe and quoted as the protocol says. */
  if (sync->cursor != NULL && !_handla_catalogue_document_is_token (sync->cursor, 200))
    g_clear_pointer (&sync->cursor, g_free);
  if (sync->cursor == NULL ||
      (sync->etag != NULL && !g_str_has_suffix (sync->etag, "\"")))
    g_clear_pointer (&sync->etag, g_free);

  start_listing (self);
}

static void
sync_token_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(HandlaSupplierClient) self = user_data;
  GError *error = NULL;

  self->sync->token = handla_secrets_lookup_token_finish (HANDLA_SECRETS (object), result, &error);
  if (error != NULL)
    {
      finish_sync (self, NULL, error);
      return;
    }

  if (self->sync->token == NULL)
    {
      set_not_enrolled_error (&error);
      finish_sync (self, NULL, error);
      return;
    }

  _handla_catalogue_read_sync_state_async (self->catalogue,
                                           self->sync_cancellable,
                                           sync_state_read_cb,
                                           g_object_ref (self));
}

/* One waiter's cancellable fired: it stops waiting, and the shared sync
 * stops when nobody waits for it any more. */
static gboolean
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  HandlaSupplierClient *self = g_task_get_source_object (waiter->task);

  g_task_return_new_error (waiter->task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "%s", _("The catalogue sync was cancelled"));
  g_ptr_array_remove (self->waiters, waiter);

  if (self->waiters->len == 0 && self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);

  return G_SOURCE_REMOVE;
}

static void
network_changed_cb (HandlaSupplierClient *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

/* ---- GObject ------------------------------------------------------------ */

static gboolean
handla_supplier_client_initable_init (GInitable     *initable,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  HandlaSupplierClient *self = HANDLA_SUPPLIER_CLIENT (initable);
  g_autoptr(GUri) uri = NULL;

  if (self->catalogue == NULL || self->secrets == NULL || self->base_url == NULL)
    {
      g_set_error_literal (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE,
                           "A supplier client needs a catalogue, secrets and a base URL");
      return FALSE;
    }

  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  uri = g_uri_parse (self->base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_host (uri) == NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE,
                   _("The supplier’s address “%s” is not valid: it must be an https:// address."),
                   self->base_url);
      return FALSE;
    }

  self->profile = handla_secrets_profile_for_url (self->base_url);

  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", TIMEOUT_SECONDS,
                                                 "idle-timeout", IDLE_TIMEOUT_SECONDS,
                                                 NULL);

  if (self->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_path_is_absolute (self->ca_file))
        {
          g_set_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE,
                       _("The supplier’s certificate authority file “%s” must be an absolute path."),
                       self->ca_file);
          return FALSE;
        }

      database = g_tls_file_database_new (self->ca_file, &local_error);
      if (database == NULL)
        {
          g_set_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_PROFILE,
                       _("The supplier’s certificate authority file “%s” cannot be read: %s"),
                       self->ca_file, local_error->message);
          return FALSE;
        }

      soup_session_set_tls_database (self->session, database);
    }

  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  g_signal_connect_object (self->monitor, "notify::network-available",
                           G_CALLBACK (network_changed_cb), self, G_CONNECT_SWAPPED);

  return TRUE;
}

static void
handla_supplier_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = handla_supplier_client_initable_init;
}

static void
handla_supplier_client_dispose (GObject *object)
{
  HandlaSupplierClient *self = (HandlaSupplierClient *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);

  g_clear_object (&self->session);
  g_clear_object (&self->catalogue);
  g_clear_object (&self->secrets);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (handla_supplier_client_parent_class)->dispose (object);
}

static void
handla_supplier_client_finalize (GObject *object)
{
  HandlaSupplierClient *self = (HandlaSupplierClient *)object;

  g_assert (self->sync == NULL);

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->base_url);
  g_free (self->ca_file);
  g_free (self->profile);
  g_clear_pointer (&self->token, secret_password_free);

  G_OBJECT_CLASS (handla_supplier_client_parent_class)->finalize (object);
}

static void
handla_supplier_client_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  HandlaSupplierClient *self = HANDLA_SUPPLIER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      g_value_set_object (value, self->catalogue);
      break;

    case PROP_SECRETS:
      g_value_set_object (value, self->secrets);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, handla_supplier_client_get_online (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_supplier_client_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  HandlaSupplierClient *self = HANDLA_SUPPLIER_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CATALOGUE:
      self->catalogue = g_value_dup_object (value);
      break;

    case PROP_SECRETS:
      self->secrets = g_value_dup_object (value);
      break;

    case PROP_BASE_URL:
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_CA_FILE:
      self->ca_file = g_value_dup_string (value);
      break;

    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    case PROP_ONLINE:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_supplier_client_class_init (HandlaSupplierClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_supplier_client_dispose;
  object_class->finalize = handla_supplier_client_finalize;
  object_class->get_property = handla_supplier_client_get_property;
  object_class->set_property = handla_supplier_client_set_property;

  properties[PROP_CATALOGUE] =
    g_param_spec_object ("catalogue", NULL, NULL,
                         HANDLA_TYPE_CATALOGUE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SECRETS] =
    g_param_spec_object ("secrets", NULL, NULL,
                         HANDLA_TYPE_SECRETS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaSupplierClient:base-url:
   *
   * The supplier's https:// address, from the supplier profile.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaSupplierClient:ca-file:
   *
   * An absolute path to the supplier's CA (PEM). When set, it is the only
   * CA the client trusts; otherwise the system's CAs are used.
   */
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaSupplierClient:online:
   *
   * Whether the network monitor says there is a network. While it is
   * %FALSE no request is started.
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_supplier_client_init (HandlaSupplierClient *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->waiters = g_ptr_array_new_with_free_func (waiter_free);
}

/* ---- public API --------------------------------------------------------- */

/**
 * handla_supplier_client_new:
 * @catalogue: the catalogue that syncs keep current
 * @secrets: where the tablet token is kept
 * @base_url: the supplier's https:// address
 * @ca_file: (nullable): an absolute path to the supplier's CA, the only one
 *   trusted; %NULL for the system's CAs
 * @monitor: (nullable): the network monitor; %NULL for the default one
 * @error: return location for %HANDLA_SUPPLIER_ERROR_INVALID_PROFILE
 *
 * Returns: (transfer full) (nullable): a new client
 */
HandlaSupplierClient *
handla_supplier_client_new (HandlaCatalogue  *catalogue,
                            HandlaSecrets    *secrets,
                            const char       *base_url,
                            const char       *ca_file,
                            GNetworkMonitor  *monitor,
                            GError          **error)
{
  g_return_val_if_fail (HANDLA_IS_CATALOGUE (catalogue), NULL);
  g_return_val_if_fail (HANDLA_IS_SECRETS (secrets), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (!monitor || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_initable_new (HANDLA_TYPE_SUPPLIER_CLIENT, NULL, error,
                         "catalogue", catalogue,
                         "secrets", secrets,
                         "base-url", base_url,
                         "ca-file", ca_file,
                         "network-monitor", monitor,
                         NULL);
}

const char *
handla_supplier_client_get_base_url (HandlaSupplierClient *self)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), NULL);

  return self->base_url;
}

gboolean
handla_supplier_client_get_online (HandlaSupplierClient *self)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), FALSE);

  return self->monitor != NULL && g_network_monitor_get_network_available (self->monitor);
}

/**
 * handla_supplier_client_get_retry_after:
 * @self: a #HandlaSupplierClient
 *
 * Returns: the seconds the supplier asked to wait in its last 429 or 503
 *   (Retry-After), or 0 once a later request got an answer
 */
guint
handla_supplier_client_get_retry_after (HandlaSupplierClient *self)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), 0);

  return self->retry_after;
}

/**
 * handla_supplier_client_enrol_async:
 * @self: a #HandlaSupplierClient
 * @code: the one-time enrolment code, as typed
 * @device_name: a label for the tablet in the supplier's admin pages
 *   (no personal data)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Sends `POST /v1/enrol` and stores the tablet token in the keyring.
 */
void
handla_supplier_client_enrol_async (HandlaSupplierClient *self,
                                    const char           *code,
                                    const char           *device_name,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *normal = NULL;
  GError *error = NULL;
  Enrolment *enrolment;
  char *json;
  gsize length;

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));
  g_return_if_fail (code != NULL);
  g_return_if_fail (device_name != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_supplier_client_enrol_async);

  if (set_offline_error (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  normal = normalise_code (code);
  if (normal == NULL)
    {
      g_task_return_new_error (task, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_INVALID_CODE,
                               "%s", _("The enrolment code is not valid. Ask the supplier for a new one."));
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, normal);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, device_name);
  json_builder_set_member_name (builder, "client");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Handla");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);
  body = g_bytes_new_take (json, length);

  enrolment = g_new0 (Enrolment, 1);
  enrolment->msg = new_message (self, SOUP_METHOD_POST, "/v1/enrol", NULL);
  soup_message_set_request_body_from_bytes (enrolment->msg, "application/json", body);
  g_task_set_task_data (task, enrolment, enrolment_free);

  soup_session_send_and_read_async (self->session,
                                    enrolment->msg,
                                    G_PRIORITY_DEFAULT,
                                    cancellable,
                                    enrolled_cb,
                                    g_steal_pointer (&task));
}

/**
 * handla_supplier_client_enrol_finish:
 * @self: a #HandlaSupplierClient
 * @result: the #GAsyncResult
 * @error: return location for a %HANDLA_SUPPLIER_ERROR
 *   (%HANDLA_SUPPLIER_ERROR_INVALID_CODE for a refused code)
 *
 * Returns: %TRUE if the tablet is enrolled and its token stored
 */
gboolean
handla_supplier_client_enrol_finish (HandlaSupplierClient  *self,
                                     GAsyncResult          *result,
                                     GError               **error)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_supplier_client_sync_catalogue_async:
 * @self: a #HandlaSupplierClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sync ended
 * @user_data: passed to @callback
 *
 * Brings the catalogue up to date: a conditional delta after the stored
 * cursor, or a full listing. At most one sync runs: a call while one runs
 * joins it and gets its result. Fails at once with
 * %HANDLA_SUPPLIER_ERROR_OFFLINE when there is no network.
 */
void
handla_supplier_client_sync_catalogue_async (HandlaSupplierClient *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Waiter *waiter;

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_supplier_client_sync_catalogue_async);
  /* A committed sync is reported as such, even if cancelled meanwhile. */
  g_task_set_check_cancellable (task, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->sync == NULL && set_offline_error (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancelled_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancelled_source,
                             G_SOURCE_FUNC (waiter_cancelled_cb), waiter, NULL);
      g_source_set_static_name (waiter->cancelled_source, "[handla] sync waiter cancelled");
      g_source_attach (waiter->cancelled_source, g_task_get_context (waiter->task));
    }
  g_ptr_array_add (self->waiters, waiter);

  if (self->sync != NULL)
    {
      g_debug ("A catalogue sync is running; joining it");
      return;
    }

  self->sync = g_new0 (Sync, 1);
  self->sync_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled",
                           G_CALLBACK (g_cancellable_cancel), self->sync_cancellable,
                           G_CONNECT_SWAPPED);

  handla_secrets_lookup_token_async (self->secrets,
                                     self->profile,
                                     self->sync_cancellable,
                                     sync_token_cb,
                                     g_object_ref (self));
}

/**
 * handla_supplier_client_sync_catalogue_finish:
 * @self: a #HandlaSupplierClient
 * @result: the #GAsyncResult
 * @error: return location for a %HANDLA_SUPPLIER_ERROR, a
 *   %HANDLA_STORE_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): what the sync did
 */
HandlaCatalogueSyncResult *
handla_supplier_client_sync_catalogue_finish (HandlaSupplierClient  *self,
                                              GAsyncResult          *result,
                                              GError               **error)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- one authenticated JSON request (outbox, basket sync) --------------- */

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->msg);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

void
handla_supplier_reply_free (HandlaSupplierReply *reply)
{
  if (reply == NULL)
    return;

  g_free (reply->etag);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply->problem_code);
  g_free (reply->problem_detail);
  g_free (reply);
}

static void
request_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaSupplierClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(HandlaSupplierReply) reply = g_new0 (HandlaSupplierReply, 1);
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  GError *error = NULL;
  gsize size;

  body = finish_request (self, request->msg, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  headers = soup_message_get_response_headers (request->msg);
  reply->status = soup_message_get_status (request->msg);
  reply->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  reply->retry_after = parse_retry_after (request->msg);

  if (reply->status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_task_return_error (task, error_for_answer (self, reply->status, NULL, NULL, 0));
      return;
    }

  parse_problem (request->msg, body, &reply->problem_code, &reply->problem_detail);

  g_bytes_get_data (body, &size);
  if (SOUP_STATUS_IS_SUCCESSFUL (reply->status) && reply->status != SOUP_STATUS_NO_CONTENT)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      const char *data = g_bytes_get_data (body, &size);

      if (!has_content_type (request->msg, "application/json"))
        {
          set_bad_response_error (&error, _("not JSON"));
          g_task_return_error (task, error);
          return;
        }

      if (size == 0 || size > G_MAXSSIZE ||
          !json_parser_load_from_data (parser, data, (gssize)size, NULL) ||
          json_parser_get_root (parser) == NULL ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          set_bad_response_error (&error, _("not a JSON object"));
          g_task_return_error (task, error);
          return;
        }

      reply->json = json_parser_steal_root (parser);
    }

  g_task_return_pointer (task, g_steal_pointer (&reply), (GDestroyNotify)handla_supplier_reply_free);
}

/* libsoup sends an idempotent request (PUT, DELETE) again by itself when
 * a reused connection closes before the answer; libsoup 3.2 then sends
 * it without its body. Give the body back on every restart. */
static void
request_restarted_cb (SoupMessage *msg,
                      Request     *request)
{
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", request->body);
}

static void
request_send (GTask *task)
{
  HandlaSupplierClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                "Authorization", authorization);
  soup_session_send_and_read_async (self->session,
                                    request->msg,
                                    G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    request_sent_cb,
                                    task);
}

static void
request_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  HandlaSupplierClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *token;

  token = handla_secrets_lookup_token_finish (HANDLA_SECRETS (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (token == NULL)
    {
      set_not_enrolled_error (&error);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (self->token != NULL)
    secret_password_free (self->token);
  self->token = token;
  request_send (task);
}

/*
 * _handla_supplier_client_request_async:
 * @self: a #HandlaSupplierClient
 * @method: the HTTP method
 * @path_and_query: the path after the base URL, e.g. "/v1/orders"
 * @headers: (nullable): NULL-terminated name, value pairs (If-Match,
 *   Idempotency-Key, …)
 * @body: (nullable): a JSON body to send
 *
 * Sends one request with the tablet's token. Any complete answer is a
 * reply, whatever its status, except 401 (the token is dropped). The body
 * of a 2xx answer other than 204 must be a JSON object.
 *
 * Fails with %HANDLA_SUPPLIER_ERROR: OFFLINE (nothing was sent),
 * UNAUTHORIZED, UNREACHABLE or TLS (transport), or BAD_RESPONSE (a body cut
 * short, not JSON, the wrong content type); or %G_IO_ERROR_CANCELLED.
 */
void
_handla_supplier_client_request_async (HandlaSupplierClient *self,
                                       const char           *method,
                                       const char           *path_and_query,
                                       const char * const   *headers,
                                       JsonNode             *body,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;
  GError *error = NULL;

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _handla_supplier_client_request_async);

  if (set_offline_error (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  request = g_new0 (Request, 1);
  request->msg = new_message (self, method, path_and_query, NULL);
  for (gsize i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (request->msg),
                                  headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      gsize length;
      char *json;

      json_generator_set_root (generator, body);
      json = json_generator_to_data (generator, &length);
      request->body = g_bytes_new_take (json, length);
      soup_message_set_request_body_from_bytes (request->msg, "application/json", request->body);
      g_signal_connect (request->msg, "restarted", G_CALLBACK (request_restarted_cb), request);
    }
  g_task_set_task_data (task, request, request_free);

  if (self->token != NULL)
    request_send (g_steal_pointer (&task));
  else
    handla_secrets_lookup_token_async (self->secrets,
                                       self->profile,
                                       cancellable,
                                       request_token_cb,
                                       g_steal_pointer (&task));
}

HandlaSupplierReply *
_handla_supplier_client_request_finish (HandlaSupplierClient  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A reply whose status the caller does not handle, as a
 * HANDLA_SUPPLIER_ERROR with words for the user. */
GError *
_handla_supplier_client_error_for_reply (HandlaSupplierClient *self,
                                         HandlaSupplierReply  *reply)
{
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self), NULL);
  g_return_val_if_fail (reply != NULL, NULL);

  return error_for_answer (self, reply->status, reply->problem_code, reply->problem_detail,
                           reply->retry_after);
}

/* Whether trying the same request again later can succeed. */
gboolean
_handla_supplier_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != HANDLA_SUPPLIER_ERROR)
    return FALSE;

  switch ((HandlaSupplierError)error->code)
    {
    case HANDLA_SUPPLIER_ERROR_OFFLINE:
    case HANDLA_SUPPLIER_ERROR_UNREACHABLE:
    case HANDLA_SUPPLIER_ERROR_RATE_LIMITED:
    case HANDLA_SUPPLIER_ERROR_UNAVAILABLE:
    case HANDLA_SUPPLIER_ERROR_SERVER:
    case HANDLA_SUPPLIER_ERROR_BAD_RESPONSE:
      return TRUE;

    case HANDLA_SUPPLIER_ERROR_TLS:
    case HANDLA_SUPPLIER_ERROR_UNAUTHORIZED:
    case HANDLA_SUPPLIER_ERROR_INVALID_CODE:
    case HANDLA_SUPPLIER_ERROR_INVALID_PROFILE:
    case HANDLA_SUPPLIER_ERROR_REFUSED:
    default:
      return FALSE;
    }
}
