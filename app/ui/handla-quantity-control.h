/* handla-quantity-control.h — "Add", then "− n +", for one product
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_QUANTITY_CONTROL (handla_quantity_control_get_type ())

G_DECLARE_FINAL_TYPE (HandlaQuantityControl, handla_quantity_control, HANDLA, QUANTITY_CONTROL, GtkWidget)

GtkWidget     *handla_quantity_control_new         (void);
HandlaBasket  *handla_quantity_control_get_basket  (HandlaQuantityControl *self);
void           handla_quantity_control_set_basket  (HandlaQuantityControl *self,
                                                    HandlaBasket          *basket);
HandlaProduct *handla_quantity_control_get_product (HandlaQuantityControl *self);
void           handla_quantity_control_set_product (HandlaQuantityControl *self,
                                                    HandlaProduct         *product);
const char    *handla_quantity_control_get_remove_action (HandlaQuantityControl *self);
void           handla_quantity_control_set_remove_action (HandlaQuantityControl *self,
                                                          const char            *action_name);
void           handla_quantity_control_set_available     (HandlaQuantityControl *self,
                                                          gboolean               available);

G_END_DECLS
