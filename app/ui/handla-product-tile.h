/* handla-product-tile.h — one product in a grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_PRODUCT_TILE (handla_product_tile_get_type ())

G_DECLARE_FINAL_TYPE (HandlaProductTile, handla_product_tile, HANDLA, PRODUCT_TILE, GtkWidget)

GtkWidget     *handla_product_tile_new         (HandlaBasket      *basket);
HandlaProduct *handla_product_tile_get_product (HandlaProductTile *self);
void           handla_product_tile_set_product (HandlaProductTile *self,
                                                HandlaProduct     *product);

G_END_DECLS
