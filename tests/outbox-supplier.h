/* outbox-supplier.h — the outbox tests' hold on the real supplier: its
 * control endpoint (supplier-control.h) and enrolling a client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "handla-core.h"
#include "supplier-control.h"

G_BEGIN_DECLS

void             enrol_client                  (HandlaSupplierClient *client,
                                                const char           *code);
char            *lookup_client_token           (HandlaSecrets        *secrets,
                                                const char           *url);
void             import_demo_catalogue         (HandlaCatalogue      *catalogue);

G_END_DECLS
