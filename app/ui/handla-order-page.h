/* handla-order-page.h — one order after it is sent: status, delivery,
 * picking results, time left to change or cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_ORDER_PAGE (handla_order_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOrderPage, handla_order_page, HANDLA, ORDER_PAGE, HandlaPage)

void         handla_order_page_set_order (HandlaOrderPage *self,
                                          HandlaOrder     *order);
HandlaOrder *handla_order_page_get_order (HandlaOrderPage *self);

G_END_DECLS
