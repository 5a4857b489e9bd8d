/* handla-offers-page.h — the offers as a large flyer, page by page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_OFFERS_PAGE (handla_offers_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOffersPage, handla_offers_page, HANDLA, OFFERS_PAGE, HandlaPage)

GListModel *handla_offers_page_get_model      (HandlaOffersPage *self);
gboolean    handla_offers_page_is_loading     (HandlaOffersPage *self);
guint       handla_offers_page_get_n_pages    (HandlaOffersPage *self);
guint       handla_offers_page_get_page       (HandlaOffersPage *self);
guint       handla_offers_page_get_per_page   (HandlaOffersPage *self);

G_END_DECLS
