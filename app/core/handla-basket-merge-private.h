/* handla-basket-merge-private.h — basket entries and the merge rule, for
 * the basket sync and its tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "handla-basket-merge.h"

G_BEGIN_DECLS

/*
 * HandlaBasketEntry: one product's entry in a basket as the protocol has
 * it: a line, or a tombstone (a removed line). A product has at most one
 * entry; a product with none is "absent".
 *
 * @quantity: pieces, or grams when @by_weight; 0 for a tombstone
 * @substitution: "similar", "only_this" or "call_unit"; NULL for a tombstone
 * @note: (nullable): the note to the picker
 * @changed_at: RFC 3339, as written by the tablet that made the change
 * @changed_us: @changed_at in Unix microseconds; G_MININT64 if unreadable
 */
typedef struct
{
  char     *product_id;
  gboolean  removed;
  guint     quantity;
  gboolean  by_weight;
  char     *substitution;
  char     *note;
  char     *changed_at;
  gint64    changed_us;
} HandlaBasketEntry;

HandlaBasketEntry *_handla_basket_entry_new_line      (const char               *product_id,
                                                       guint                     quantity,
                                                       gboolean                  by_weight,
                                                       const char               *substitution,
                                                       const char               *note,
                                                       const char               *changed_at);
HandlaBasketEntry *_handla_basket_entry_new_removed   (const char               *product_id,
                                                       const char               *changed_at);
HandlaBasketEntry *_handla_basket_entry_copy          (const HandlaBasketEntry  *entry);
void               _handla_basket_entry_free          (HandlaBasketEntry        *entry);
gboolean           _handla_basket_entry_equal         (const HandlaBasketEntry  *a,
                                                       const HandlaBasketEntry  *b);

GPtrArray         *_handla_basket_entries_new         (void);
GPtrArray         *_handla_basket_entries_from_json   (JsonNode                 *basket,
                                                       GError                  **error);
JsonNode          *_handla_basket_entries_to_json     (GPtrArray                *entries);
GError            *_handla_basket_bad_answer_error    (void);
gboolean           _handla_basket_entries_equal       (GPtrArray                *a,
                                                       GPtrArray                *b);

GPtrArray         *_handla_basket_merge               (GPtrArray                *local,
                                                       GPtrArray                *remote,
                                                       GPtrArray                *base);
HandlaBasketMerge *_handla_basket_merge_new_for       (GPtrArray                *before,
                                                       GPtrArray                *after);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaBasketEntry, _handla_basket_entry_free)

G_END_DECLS
