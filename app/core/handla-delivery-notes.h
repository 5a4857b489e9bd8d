/* handla-delivery-notes.h — a customer's delivery notes, kept on the
 * tablet as they are typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-clock.h"
#include "handla-orders.h"
#include "handla-store.h"

G_BEGIN_DECLS

/* The protocol's limits (docs/supplier-api.yaml, DeliveryNotes). */
#define HANDLA_DELIVERY_ACCESS_MAX_CHARS      200
#define HANDLA_DELIVERY_DRIVER_NOTE_MAX_CHARS 500

#define HANDLA_TYPE_DELIVERY_NOTES (handla_delivery_notes_get_type ())

G_DECLARE_FINAL_TYPE (HandlaDeliveryNotes, handla_delivery_notes, HANDLA, DELIVERY_NOTES, GObject)

HandlaDeliveryNotes *handla_delivery_notes_new               (HandlaStore         *store,
                                                              HandlaClock         *clock);
const char          *handla_delivery_notes_get_customer_id   (HandlaDeliveryNotes *self);
void                 handla_delivery_notes_set_customer      (HandlaDeliveryNotes *self,
                                                              const char          *customer_id,
                                                              gboolean             default_carer_present,
                                                              gboolean             default_unpacking);
gboolean             handla_delivery_notes_get_loaded        (HandlaDeliveryNotes *self);
gboolean             handla_delivery_notes_get_carer_present (HandlaDeliveryNotes *self);
void                 handla_delivery_notes_set_carer_present (HandlaDeliveryNotes *self,
                                                              gboolean             carer_present);
gboolean             handla_delivery_notes_get_unpacking     (HandlaDeliveryNotes *self);
void                 handla_delivery_notes_set_unpacking     (HandlaDeliveryNotes *self,
                                                              gboolean             unpacking);
const char          *handla_delivery_notes_get_access        (HandlaDeliveryNotes *self);
gboolean             handla_delivery_notes_set_access        (HandlaDeliveryNotes *self,
                                                              const char          *access);
const char          *handla_delivery_notes_get_driver_note   (HandlaDeliveryNotes *self);
void                 handla_delivery_notes_set_driver_note   (HandlaDeliveryNotes *self,
                                                              const char          *driver_note);
void                 handla_delivery_notes_apply             (HandlaDeliveryNotes *self,
                                                              HandlaOrderDraft    *draft);

gboolean             handla_delivery_access_is_door_code     (const char          *text);

G_END_DECLS
