/* supplier-control.h — the reference supplier's test-only control endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "supplier-process.h"

G_BEGIN_DECLS

JsonNode *supplier_control                (const SupplierReady *ready,
                                           const char          *method,
                                           const char          *path,
                                           const char          *body,
                                           guint                expected_status);
gint64    supplier_control_stat           (const SupplierReady *ready,
                                           const char          *name);
gint64    supplier_control_requests       (const SupplierReady *ready,
                                           const char          *request);
char     *supplier_control_enrolment_code (const SupplierReady *ready);

G_END_DECLS
