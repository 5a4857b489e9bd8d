/* handla-basket-row.h — one line of the basket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_BASKET_ROW (handla_basket_row_get_type ())

G_DECLARE_FINAL_TYPE (HandlaBasketRow, handla_basket_row, HANDLA, BASKET_ROW, GtkListBoxRow)

GtkWidget        *handla_basket_row_new      (HandlaBasket     *basket,
                                              HandlaBasketLine *line);
HandlaBasketLine *handla_basket_row_get_line (HandlaBasketRow  *self);

G_END_DECLS
