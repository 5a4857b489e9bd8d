/* handla-delivery-check-page.h — the delivery check: what arrived, what
 * is missing or damaged, the carer's delivery note
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_DELIVERY_CHECK_PAGE (handla_delivery_check_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaDeliveryCheckPage, handla_delivery_check_page, HANDLA,
                      DELIVERY_CHECK_PAGE, HandlaPage)

void                 handla_delivery_check_page_set_order (HandlaDeliveryCheckPage *self,
                                                           HandlaOrder             *order);
HandlaOrder         *handla_delivery_check_page_get_order (HandlaDeliveryCheckPage *self);
HandlaDeliveryCheck *handla_delivery_check_page_get_draft (HandlaDeliveryCheckPage *self);

G_END_DECLS
