/* handla-slot.h — delivery slots and holds, from the supplier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-customer.h"
#include "handla-supplier-client.h"

G_BEGIN_DECLS

/**
 * HandlaSlotUnavailable:
 * @HANDLA_SLOT_UNAVAILABLE_NONE: the slot can be booked
 * @HANDLA_SLOT_UNAVAILABLE_FULL: fully booked
 * @HANDLA_SLOT_UNAVAILABLE_CUTOFF_PASSED: too late to order for it
 * @HANDLA_SLOT_UNAVAILABLE_CLOSED: the supplier does not deliver then
 * @HANDLA_SLOT_UNAVAILABLE_NOT_DELIVERED_TO_ADDRESS: not to this address
 * @HANDLA_SLOT_UNAVAILABLE_OTHER: another reason (or one this version
 *   does not know); handla_slot_get_unavailable_reason() has the
 *   supplier's words
 *
 * Why a slot cannot be booked: the protocol's `unavailable_reason`.
 */
typedef enum {
  HANDLA_SLOT_UNAVAILABLE_NONE,
  HANDLA_SLOT_UNAVAILABLE_FULL,
  HANDLA_SLOT_UNAVAILABLE_CUTOFF_PASSED,
  HANDLA_SLOT_UNAVAILABLE_CLOSED,
  HANDLA_SLOT_UNAVAILABLE_NOT_DELIVERED_TO_ADDRESS,
  HANDLA_SLOT_UNAVAILABLE_OTHER,
} HandlaSlotUnavailable;

#define HANDLA_TYPE_SLOT (handla_slot_get_type ())

G_DECLARE_FINAL_TYPE (HandlaSlot, handla_slot, HANDLA, SLOT, GObject)

const char  *handla_slot_get_id                   (HandlaSlot *self);
GDateTime   *handla_slot_get_start                (HandlaSlot *self);
GDateTime   *handla_slot_get_end                  (HandlaSlot *self);
GDateTime   *handla_slot_get_cutoff               (HandlaSlot *self);
gint64       handla_slot_get_fee                  (HandlaSlot *self);
gint64       handla_slot_get_minimum_order        (HandlaSlot *self);
gboolean     handla_slot_get_available            (HandlaSlot *self);
const char  *handla_slot_get_unavailable_reason   (HandlaSlot *self);
HandlaSlotUnavailable handla_slot_get_unavailable (HandlaSlot *self);
gboolean     handla_slot_matches_agreed           (HandlaSlot     *self,
                                                   HandlaCustomer *customer);
HandlaSlot  *handla_slots_find_agreed             (GListModel     *slots,
                                                   HandlaCustomer *customer,
                                                   GDateTime      *now);

#define HANDLA_TYPE_SLOT_HOLD (handla_slot_hold_get_type ())

G_DECLARE_FINAL_TYPE (HandlaSlotHold, handla_slot_hold, HANDLA, SLOT_HOLD, GObject)

const char  *handla_slot_hold_get_id              (HandlaSlotHold *self);
HandlaSlot  *handla_slot_hold_get_slot            (HandlaSlotHold *self);
GDateTime   *handla_slot_hold_get_expires_at      (HandlaSlotHold *self);

void         handla_supplier_client_list_slots_async   (HandlaSupplierClient  *self,
                                                        const char            *customer_id,
                                                        GDate                 *from,
                                                        GDate                 *to,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
GListModel  *handla_supplier_client_list_slots_finish  (HandlaSupplierClient  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);
void         handla_supplier_client_hold_slot_async    (HandlaSupplierClient  *self,
                                                        const char            *customer_id,
                                                        const char            *slot_id,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
HandlaSlotHold *handla_supplier_client_hold_slot_finish (HandlaSupplierClient  *self,
                                                        GAsyncResult          *result,
                                                        GError               **error);

G_END_DECLS
