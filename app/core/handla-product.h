/* handla-product.h — one product of the supplier's catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "handla-money.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_PRODUCT (handla_product_get_type ())

G_DECLARE_FINAL_TYPE (HandlaProduct, handla_product, HANDLA, PRODUCT, GObject)

/* Immutable once built: the catalogue builds products on the database
 * thread and hands them to the UI. Missing text fields are NULL; missing
 * amounts are 0 (pant) or -1 (comparison price, offer price). Prices of
 * weighed goods (handla_product_is_sold_by_weight()) are per kg. An offer
 * that has ended (offer.valid_to before today) is no offer. */
const char         *handla_product_get_id                   (HandlaProduct *self);
const char         *handla_product_get_name                 (HandlaProduct *self);
const char         *handla_product_get_brand                (HandlaProduct *self);
const char         *handla_product_get_size                 (HandlaProduct *self);
const char         *handla_product_get_category_id          (HandlaProduct *self);
gint64              handla_product_get_price                (HandlaProduct *self);
gint64              handla_product_get_comparison_price     (HandlaProduct *self);
HandlaUnit          handla_product_get_comparison_unit      (HandlaProduct *self);
gint64              handla_product_get_pant                 (HandlaProduct *self);
const char * const *handla_product_get_labels               (HandlaProduct *self);
const char * const *handla_product_get_allergens            (HandlaProduct *self);
const char         *handla_product_get_origin               (HandlaProduct *self);
const char         *handla_product_get_ingredients          (HandlaProduct *self);
const char         *handla_product_get_image_url            (HandlaProduct *self);
gboolean            handla_product_has_offer                (HandlaProduct *self);
gint64              handla_product_get_offer_price          (HandlaProduct *self);
const char         *handla_product_get_offer_text           (HandlaProduct *self);
const char         *handla_product_get_offer_valid_to       (HandlaProduct *self);
gint64              handla_product_get_current_price        (HandlaProduct *self);
gint64              handla_product_get_current_comparison_price (HandlaProduct *self);
const char         *handla_product_get_category_icon        (HandlaProduct *self);
gboolean            handla_product_is_sold_by_weight        (HandlaProduct *self);

G_END_DECLS
