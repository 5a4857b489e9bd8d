/* supplier-faults.h — fault injection for the reference supplier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  SUPPLIER_FAULT_DROP_AFTER_COMMIT,
  SUPPLIER_FAULT_DELAY,
  SUPPLIER_FAULT_500,
  SUPPLIER_FAULT_503,
  SUPPLIER_FAULT_429,
  SUPPLIER_FAULT_TRUNCATED_BODY,
  SUPPLIER_FAULT_WRONG_CONTENT_TYPE,
  SUPPLIER_FAULT_RESET_CONNECTION,
} SupplierFaultKind;

/* One queued fault: it hits the next @count requests of @method (NULL:
 * any) whose path starts with @path_prefix. */
typedef struct {
  SupplierFaultKind  kind;
  char              *method;
  char              *path_prefix;
  guint              count;
  guint              delay_ms;
  guint              retry_after;  /* seconds */
} SupplierFault;

const char    *supplier_fault_kind_name    (SupplierFaultKind  kind);
void           supplier_fault_free         (SupplierFault     *fault);
SupplierFault *supplier_fault_parse        (JsonNode          *node,
                                            const char       **why);
void           supplier_fault_to_json      (JsonBuilder       *builder,
                                            SupplierFault     *fault);
SupplierFault *supplier_faults_take        (GQueue            *faults,
                                            const char        *method,
                                            const char        *path);

void           supplier_message_pause      (SoupServerMessage *msg);
void           supplier_message_resume     (SoupServerMessage *msg);
void           supplier_cut_connection     (SoupServerMessage *msg,
                                            GBytes            *raw,
                                            gboolean           reset);
GBytes        *supplier_truncated_response (SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierFault, supplier_fault_free)

G_END_DECLS
