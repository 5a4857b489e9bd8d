/* handla-context.h — the services of one running Handla
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-basket.h"
#include "handla-basket-sync.h"
#include "handla-catalogue.h"
#include "handla-clock.h"
#include "handla-customers.h"
#include "handla-delivery-notes.h"
#include "handla-orders.h"
#include "handla-slot.h"
#include "handla-supplier-client.h"
#include "handla-store.h"

G_BEGIN_DECLS

/* The reference supplier's demo customer Anna K. (tools/supplier), for
 * tests and tools; the app itself only knows the customers it lists. */
#define HANDLA_DEMO_CUSTOMER_ID "c-1001"

/* Until the Lock screen signs a carer in, orders carry this carer id
 * (handla_context_get_carer_id()). */
#define HANDLA_DEMO_CARER_ID "carer-demo"

#define HANDLA_TYPE_CONTEXT (handla_context_get_type ())

G_DECLARE_FINAL_TYPE (HandlaContext, handla_context, HANDLA, CONTEXT, GObject)

HandlaContext   *handla_context_new             (const char    *db_path,
                                                 HandlaClock   *clock,
                                                 GSettings     *settings);
HandlaStore     *handla_context_get_store       (HandlaContext *self);
HandlaCatalogue *handla_context_get_catalogue   (HandlaContext *self);
HandlaBasket    *handla_context_get_basket      (HandlaContext *self);
HandlaClock     *handla_context_get_clock       (HandlaContext *self);
GSettings       *handla_context_get_settings    (HandlaContext *self);
const char      *handla_context_get_customer_name (HandlaContext *self);
void             handla_context_begin_visit     (HandlaContext   *self,
                                                 HandlaCustomer  *customer,
                                                 HandlaOrderMode  mode);
void             handla_context_end_visit       (HandlaContext   *self);
HandlaCustomer  *handla_context_get_customer    (HandlaContext   *self);
HandlaOrderMode  handla_context_get_visit_mode  (HandlaContext   *self);
GDateTime       *handla_context_get_visit_started (HandlaContext *self);
void             handla_context_add_visit_order (HandlaContext   *self,
                                                 gint64           local_id);
GArray          *handla_context_get_visit_orders (HandlaContext  *self);
const char      *handla_context_get_carer_id    (HandlaContext   *self);
HandlaOrders    *handla_context_get_orders      (HandlaContext *self);
HandlaCustomers *handla_context_get_customers   (HandlaContext *self);
HandlaDeliveryNotes *handla_context_get_delivery_notes (HandlaContext *self);
void             handla_context_supplier_ready  (HandlaContext *self);

void             handla_context_begin_change    (HandlaContext       *self,
                                                 HandlaOrder         *order);
void             handla_context_end_change      (HandlaContext       *self);
void             handla_context_discard_change  (HandlaContext       *self);
HandlaOrder     *handla_context_get_change_order (HandlaContext      *self);
void             handla_context_send_change_async (HandlaContext     *self,
                                                 HandlaOrderMode      mode,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
HandlaOrder     *handla_context_send_change_finish (HandlaContext    *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

HandlaSupplierClient *handla_context_get_supplier_client (HandlaContext        *self);
void                  handla_context_set_supplier_client (HandlaContext        *self,
                                                          HandlaSupplierClient *client);
HandlaBasketSync     *handla_context_get_basket_sync     (HandlaContext        *self);
HandlaSlotHold       *handla_context_get_slot_hold       (HandlaContext        *self);
void                  handla_context_set_slot_hold       (HandlaContext        *self,
                                                          HandlaSlotHold       *hold);

G_END_DECLS
