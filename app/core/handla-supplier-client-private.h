/* handla-supplier-client-private.h — one authenticated JSON request, for
 * the outbox and basket sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "handla-supplier-client.h"

G_BEGIN_DECLS

/*
 * HandlaSupplierReply: a complete HTTP answer from the supplier.
 *
 * @status: the HTTP status
 * @etag: (nullable): the ETag header
 * @json: (nullable): the parsed body, when it is application/json
 * @problem_code, @problem_detail: (nullable): from an
 *   application/problem+json body
 * @retry_after: seconds, from Retry-After (0 when absent)
 */
typedef struct
{
  guint     status;
  char     *etag;
  JsonNode *json;
  char     *problem_code;
  char     *problem_detail;
  guint     retry_after;
} HandlaSupplierReply;

void                 handla_supplier_reply_free                  (HandlaSupplierReply   *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaSupplierReply, handla_supplier_reply_free)

/* NULL-terminated name, value pairs of extra request headers. */
void                 _handla_supplier_client_request_async       (HandlaSupplierClient  *self,
                                                                  const char            *method,
                                                                  const char            *path_and_query,
                                                                  const char * const    *headers,
                                                                  JsonNode              *body,
                                                                  GCancellable          *cancellable,
                                                                  GAsyncReadyCallback    callback,
                                                                  gpointer               user_data);
HandlaSupplierReply *_handla_supplier_client_request_finish      (HandlaSupplierClient  *self,
                                                                  GAsyncResult          *result,
                                                                  GError               **error);
GError              *_handla_supplier_client_error_for_reply     (HandlaSupplierClient  *self,
                                                                  HandlaSupplierReply   *reply);
gboolean             _handla_supplier_error_is_transient         (const GError          *error);
GError              *_handla_supplier_bad_answer_error           (const char            *what);

G_END_DECLS
