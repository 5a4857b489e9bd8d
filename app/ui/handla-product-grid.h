/* handla-product-grid.h — a GtkGridView of product tiles, as every page shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

void handla_product_grid_setup (GtkGridView   *grid,
                                HandlaContext *context);

G_END_DECLS
