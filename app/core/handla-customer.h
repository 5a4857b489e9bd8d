/* handla-customer.h — a customer of the tablet's unit, from the supplier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-supplier-client.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_CUSTOMER (handla_customer_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCustomer, handla_customer, HANDLA, CUSTOMER, GObject)

const char   *handla_customer_get_id                (HandlaCustomer *self);
const char   *handla_customer_get_display_name      (HandlaCustomer *self);
const char   *handla_customer_get_address_line      (HandlaCustomer *self);
GDateWeekday  handla_customer_get_agreed_weekday    (HandlaCustomer *self);
const char   *handla_customer_get_agreed_start      (HandlaCustomer *self);
const char   *handla_customer_get_agreed_end        (HandlaCustomer *self);
gboolean      handla_customer_get_needs_unpacking   (HandlaCustomer *self);
gboolean      handla_customer_get_carer_present     (HandlaCustomer *self);
const char   *handla_customer_get_unit_phone        (HandlaCustomer *self);
const char   *handla_customer_get_language          (HandlaCustomer *self);
const char   *handla_customer_get_text_size         (HandlaCustomer *self);
guint         handla_customer_get_n_open_orders     (HandlaCustomer *self);
gint64        handla_customer_get_weekly_budget     (HandlaCustomer *self);

void          handla_supplier_client_list_customers_async  (HandlaSupplierClient  *self,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GListModel   *handla_supplier_client_list_customers_finish (HandlaSupplierClient  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);

G_END_DECLS
