/* handla-basket-page.h — the customer's basket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_BASKET_PAGE (handla_basket_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaBasketPage, handla_basket_page, HANDLA, BASKET_PAGE, HandlaPage)

G_END_DECLS
