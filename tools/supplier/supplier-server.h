/* supplier-server.h — the reference supplier's HTTPS server and routes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "supplier-store.h"

G_BEGIN_DECLS

typedef struct _SupplierServer SupplierServer;

SupplierServer *supplier_server_new    (SupplierStore    *store,
                                        GTlsCertificate  *certificate,
                                        gboolean          control,
                                        GError          **error);
gboolean        supplier_server_listen (SupplierServer   *self,
                                        guint             port,
                                        guint            *bound_port,
                                        GError          **error);
void            supplier_server_free   (SupplierServer   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierServer, supplier_server_free)

G_END_DECLS
