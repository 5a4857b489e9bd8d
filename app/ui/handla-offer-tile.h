/* handla-offer-tile.h — one offer of the flyer, large
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_OFFER_TILE (handla_offer_tile_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOfferTile, handla_offer_tile, HANDLA, OFFER_TILE, GtkWidget)

GtkWidget     *handla_offer_tile_new         (HandlaBasket    *basket);
HandlaProduct *handla_offer_tile_get_product (HandlaOfferTile *self);
void           handla_offer_tile_set_product (HandlaOfferTile *self,
                                              HandlaProduct   *product);

G_END_DECLS
