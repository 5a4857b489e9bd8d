/* handla-product-private.h — how the catalogue code builds products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "handla-product.h"

G_BEGIN_DECLS

/*
 * The fields of a new product. Text may be NULL. Amounts that are not
 * known are 0 for pant and -1 for the comparison and offer prices.
 * @labels and @allergens may be NULL for none.
 */
typedef struct
{
  const char         *id;
  const char         *name;
  const char         *brand;
  const char         *size;
  const char         *category_id;
  const char         *category_icon;
  gint64              price;
  gint64              comparison_price;
  HandlaUnit          comparison_unit;
  gint64              pant;
  const char * const *labels;
  const char * const *allergens;
  const char         *origin;
  const char         *ingredients;
  const char         *image_url;
  gint64              offer_price;
  const char         *offer_text;
  const char         *offer_valid_to;
  gboolean            sold_by_weight;
} HandlaProductFields;

#define HANDLA_PRODUCT_FIELDS_INIT { .price = 0, .comparison_price = -1, .offer_price = -1, }

HandlaProduct *_handla_product_new          (const HandlaProductFields *fields);

/* Whether the offer of `product p` holds on the day bound to the named
 * parameter :today (text YYYY-MM-DD, the date in Europe/Stockholm).
 * offer_valid_to is the last day of the offer. */
#define HANDLA_PRODUCT_OFFER_IS_CURRENT \
  "(p.offer_valid_to IS NULL OR p.offer_valid_to >= :today)"

/* The columns _handla_product_new_from_row() reads, for a query over
 * `product p LEFT JOIN category c ON c.id = p.category_id`. The query
 * must bind :today with _handla_product_bind_today(); an offer that has
 * ended reads as no offer. */
#define HANDLA_PRODUCT_COLUMNS \
  "p.id, p.name, p.brand, p.size, p.category_id, c.icon, p.price_ore, " \
  "p.comparison_price_ore, p.comparison_unit, p.pant_ore, p.labels, p.allergens, " \
  "p.origin, p.ingredients, p.image_url, " \
  "CASE WHEN " HANDLA_PRODUCT_OFFER_IS_CURRENT " THEN p.offer_price_ore END, " \
  "CASE WHEN " HANDLA_PRODUCT_OFFER_IS_CURRENT " THEN p.offer_text END, " \
  "p.sold_by, " \
  "CASE WHEN " HANDLA_PRODUCT_OFFER_IS_CURRENT " AND p.offer_price_ore IS NOT NULL" \
  " THEN p.offer_valid_to END"
#define HANDLA_PRODUCT_N_COLUMNS 19

char          *_handla_product_today        (GDateTime                 *now);
gboolean       _handla_product_bind_today   (sqlite3_stmt              *stmt,
                                             const char                *today);

HandlaProduct *_handla_product_new_from_row (sqlite3_stmt              *stmt,
                                             int                        first_column);

G_END_DECLS
