/* handla-basket-merge.h — what merging with another tablet's basket changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * HandlaBasketChangeKind:
 * @HANDLA_BASKET_CHANGE_ADDED: the basket has a line it did not have
 * @HANDLA_BASKET_CHANGE_CHANGED: a line has another quantity or choice
 * @HANDLA_BASKET_CHANGE_REMOVED: a line is gone
 */
typedef enum {
  HANDLA_BASKET_CHANGE_ADDED,
  HANDLA_BASKET_CHANGE_CHANGED,
  HANDLA_BASKET_CHANGE_REMOVED,
} HandlaBasketChangeKind;

#define HANDLA_TYPE_BASKET_MERGE (handla_basket_merge_get_type ())

typedef struct _HandlaBasketMerge HandlaBasketMerge;

GType                  handla_basket_merge_get_type          (void) G_GNUC_CONST;
HandlaBasketMerge     *handla_basket_merge_ref               (HandlaBasketMerge      *self);
void                   handla_basket_merge_unref             (HandlaBasketMerge      *self);
guint                  handla_basket_merge_get_n_changes     (HandlaBasketMerge      *self);
guint                  handla_basket_merge_count             (HandlaBasketMerge      *self,
                                                              HandlaBasketChangeKind  kind);
const char            *handla_basket_merge_get_product_id    (HandlaBasketMerge      *self,
                                                              guint                   position);
HandlaBasketChangeKind handla_basket_merge_get_kind          (HandlaBasketMerge      *self,
                                                              guint                   position);
guint                  handla_basket_merge_get_old_quantity  (HandlaBasketMerge      *self,
                                                              guint                   position);
guint                  handla_basket_merge_get_new_quantity  (HandlaBasketMerge      *self,
                                                              guint                   position);
gboolean               handla_basket_merge_get_by_weight     (HandlaBasketMerge      *self,
                                                              guint                   position);
char                  *handla_basket_merge_format_message    (HandlaBasketMerge      *self,
                                                              const char             *customer_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaBasketMerge, handla_basket_merge_unref)

G_END_DECLS
