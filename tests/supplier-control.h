/* supplier-control.h — requests to the reference supplier beside the
 * client under test: its test-only control endpoint, and the protocol
 * with a token where a test plays another tablet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "supplier-process.h"

G_BEGIN_DECLS

typedef struct _SupplierControl SupplierControl;

SupplierControl *supplier_control_new          (const SupplierReady *ready);
void             supplier_control_free         (SupplierControl     *control);
JsonNode        *supplier_control_call         (SupplierControl     *control,
                                                const char          *method,
                                                const char          *path,
                                                const char          *token,
                                                const char * const  *headers,
                                                const char          *body,
                                                guint               *status);
gint64           supplier_control_stat         (SupplierControl     *control,
                                                const char          *name);
gint64           supplier_control_requests     (SupplierControl     *control,
                                                const char          *counter);
void             supplier_control_fault        (SupplierControl     *control,
                                                const char          *fault);
void             supplier_control_clear_faults (SupplierControl     *control);
void             supplier_control_set_clock    (SupplierControl     *control,
                                                const char          *now);
char            *supplier_control_new_code     (SupplierControl     *control);
void             supplier_control_wait_orders  (SupplierControl     *control,
                                                gint64               n);

char            *use_test_keyring              (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierControl, supplier_control_free)

G_END_DECLS
