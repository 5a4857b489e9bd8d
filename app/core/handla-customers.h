/* handla-customers.h — the unit's customers, kept on the tablet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-customer.h"
#include "handla-store.h"
#include "handla-supplier-client.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_CUSTOMERS (handla_customers_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCustomers, handla_customers, HANDLA, CUSTOMERS, GObject)

HandlaCustomers *handla_customers_new            (HandlaStore          *store);
void             handla_customers_load_async     (HandlaCustomers      *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         handla_customers_load_finish    (HandlaCustomers      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             handla_customers_refresh_async  (HandlaCustomers      *self,
                                                  HandlaSupplierClient *client,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         handla_customers_refresh_finish (HandlaCustomers      *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
HandlaCustomer  *handla_customers_lookup         (HandlaCustomers      *self,
                                                  const char           *id);

G_END_DECLS
