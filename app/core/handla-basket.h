/* handla-basket.h — one customer's basket, written through to the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-clock.h"
#include "handla-product.h"
#include "handla-store.h"

G_BEGIN_DECLS

/**
 * HANDLA_WEIGHT_STEP_GRAMS:
 *
 * How much handla_basket_add() and handla_basket_remove_one() change a
 * line of weighed goods (handla_product_is_sold_by_weight()) by, in
 * grams. The quantity of such a line is in grams: the first add puts
 * 250 g in the basket, and handla_basket_set_quantity() takes grams.
 */
#define HANDLA_WEIGHT_STEP_GRAMS 250

/**
 * HANDLA_BASKET_NOTE_MAX_CHARS:
 *
 * The longest note to the picker a line keeps, in characters: the
 * protocol's `Note` (docs/supplier-api.yaml). handla_basket_set_note()
 * cuts a longer one.
 */
#define HANDLA_BASKET_NOTE_MAX_CHARS 200

/**
 * HandlaSubstitution:
 * @HANDLA_SUBSTITUTION_SIMILAR: a similar product is fine
 * @HANDLA_SUBSTITUTION_ONLY_THIS: only this product, or nothing
 * @HANDLA_SUBSTITUTION_CALL_UNIT: the supplier calls the home-care unit
 *
 * What the picker may do when a line's product is missing. A new basket
 * line is %HANDLA_SUBSTITUTION_SIMILAR.
 */
typedef enum {
  HANDLA_SUBSTITUTION_SIMILAR,
  HANDLA_SUBSTITUTION_ONLY_THIS,
  HANDLA_SUBSTITUTION_CALL_UNIT,
} HandlaSubstitution;

#define HANDLA_TYPE_SUBSTITUTION (handla_substitution_get_type ())

GType handla_substitution_get_type (void) G_GNUC_CONST;

#define HANDLA_TYPE_BASKET_LINE (handla_basket_line_get_type ())

G_DECLARE_FINAL_TYPE (HandlaBasketLine, handla_basket_line, HANDLA, BASKET_LINE, GObject)

HandlaProduct      *handla_basket_line_get_product      (HandlaBasketLine *self);
guint               handla_basket_line_get_quantity     (HandlaBasketLine *self);
gint64              handla_basket_line_get_total        (HandlaBasketLine *self);
gint64              handla_basket_line_get_pant_total   (HandlaBasketLine *self);
gboolean            handla_basket_line_get_available    (HandlaBasketLine *self);
HandlaSubstitution  handla_basket_line_get_substitution (HandlaBasketLine *self);
const char         *handla_basket_line_get_note         (HandlaBasketLine *self);

#define HANDLA_TYPE_BASKET (handla_basket_get_type ())

G_DECLARE_FINAL_TYPE (HandlaBasket, handla_basket, HANDLA, BASKET, GObject)

HandlaBasket     *handla_basket_new              (HandlaStore          *store,
                                                  HandlaClock          *clock,
                                                  const char           *customer_id);
const char       *handla_basket_get_customer_id  (HandlaBasket         *self);
void              handla_basket_set_customer_id  (HandlaBasket         *self,
                                                  const char           *customer_id);
void              handla_basket_set_change_order (HandlaBasket         *self,
                                                  gint64                order_id);
gint64            handla_basket_get_change_order (HandlaBasket         *self);
void              handla_basket_forget_change_async (HandlaBasket      *self,
                                                  gint64                order_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          handla_basket_forget_change_finish (HandlaBasket     *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void              handla_basket_load_async       (HandlaBasket         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          handla_basket_load_finish      (HandlaBasket         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean          handla_basket_is_loaded        (HandlaBasket         *self);
guint             handla_basket_get_quantity     (HandlaBasket         *self,
                                                  const char           *product_id);
HandlaBasketLine *handla_basket_find_line        (HandlaBasket         *self,
                                                  const char           *product_id);
void              handla_basket_set_quantity     (HandlaBasket         *self,
                                                  HandlaProduct        *product,
                                                  guint                 quantity);
void              handla_basket_add              (HandlaBasket         *self,
                                                  HandlaProduct        *product);
void              handla_basket_remove_one       (HandlaBasket         *self,
                                                  const char           *product_id);
void              handla_basket_remove           (HandlaBasket         *self,
                                                  const char           *product_id);
void              handla_basket_set_substitution (HandlaBasket         *self,
                                                  const char           *product_id,
                                                  HandlaSubstitution    substitution);
void              handla_basket_set_note         (HandlaBasket         *self,
                                                  const char           *product_id,
                                                  const char           *note);
guint             handla_basket_get_n_pieces     (HandlaBasket         *self);
gint64            handla_basket_get_goods_total  (HandlaBasket         *self);
gint64            handla_basket_get_pant_total   (HandlaBasket         *self);
void              handla_basket_flush_async      (HandlaBasket         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean          handla_basket_flush_finish     (HandlaBasket         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
