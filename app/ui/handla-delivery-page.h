/* handla-delivery-page.h — choosing and holding a delivery time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_DELIVERY_PAGE (handla_delivery_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaDeliveryPage, handla_delivery_page, HANDLA, DELIVERY_PAGE, HandlaPage)

G_END_DECLS
