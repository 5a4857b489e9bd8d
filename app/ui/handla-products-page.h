/* handla-products-page.h — a grid of products: one category, or the offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_PRODUCTS_PAGE (handla_products_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaProductsPage, handla_products_page, HANDLA, PRODUCTS_PAGE, HandlaPage)

void        handla_products_page_show_category (HandlaProductsPage *self,
                                                HandlaCategory     *category);
void        handla_products_page_show_offers   (HandlaProductsPage *self);
GListModel *handla_products_page_get_model     (HandlaProductsPage *self);
gboolean    handla_products_page_is_loading    (HandlaProductsPage *self);

G_END_DECLS
