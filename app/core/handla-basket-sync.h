/* handla-basket-sync.h — keeps the customers' baskets in step with the
 * supplier's copy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-basket.h"
#include "handla-basket-merge.h"
#include "handla-clock.h"
#include "handla-store.h"
#include "handla-supplier-client.h"

G_BEGIN_DECLS

/**
 * HANDLA_BASKET_SYNC_DELAY_SECONDS:
 *
 * How long after a change to a basket it is sent, at the latest, so that
 * a carer's taps in a row go out in one request.
 */
#define HANDLA_BASKET_SYNC_DELAY_SECONDS 2

#define HANDLA_TYPE_BASKET_SYNC (handla_basket_sync_get_type ())

G_DECLARE_FINAL_TYPE (HandlaBasketSync, handla_basket_sync, HANDLA, BASKET_SYNC, GObject)

HandlaBasketSync *handla_basket_sync_new         (HandlaStore          *store,
                                                  HandlaClock          *clock,
                                                  HandlaSupplierClient *client);
HandlaBasket     *handla_basket_sync_get_basket  (HandlaBasketSync     *self);
void              handla_basket_sync_set_basket  (HandlaBasketSync     *self,
                                                  HandlaBasket         *basket);
void              handla_basket_sync_start       (HandlaBasketSync     *self);
void              handla_basket_sync_queue       (HandlaBasketSync     *self,
                                                  const char           *customer_id);
void              handla_basket_sync_sync_async  (HandlaBasketSync     *self,
                                                  const char           *customer_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          handla_basket_sync_sync_finish (HandlaBasketSync     *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
