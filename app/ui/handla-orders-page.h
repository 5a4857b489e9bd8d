/* handla-orders-page.h — the customer's orders, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_ORDERS_PAGE (handla_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOrdersPage, handla_orders_page, HANDLA, ORDERS_PAGE, HandlaPage)

GListModel *handla_orders_page_get_model (HandlaOrdersPage *self);

G_END_DECLS
