/* handla-product-page.h — one product in full
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_PRODUCT_PAGE (handla_product_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaProductPage, handla_product_page, HANDLA, PRODUCT_PAGE, HandlaPage)

void           handla_product_page_show_product (HandlaProductPage *self,
                                                 const char        *product_id);
HandlaProduct *handla_product_page_get_product  (HandlaProductPage *self);

G_END_DECLS
