/* supplier-slots.h — the reference supplier's delivery slots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Slots are listed from today (Europe/Stockholm, on the server clock)
 * for this many days. */
#define SUPPLIER_SLOT_DAYS 14

typedef struct {
  char       *id;
  GDateTime  *start;
  GDateTime  *end;
  GDateTime  *cutoff;
  gint64      fee_ore;
  gint64      unpacking_fee_ore;
  gint64      minimum_order_ore;
  gboolean    available;
  const char *unavailable_reason;  /* static; NULL when available */
  const char *unavailable_text;
} SupplierSlot;

void          supplier_slot_free      (SupplierSlot *slot);
gboolean      supplier_parse_date     (const char   *text,
                                       GDate        *date);
GPtrArray    *supplier_slots_list     (GDateTime    *now,
                                       const GDate  *from,
                                       const GDate  *to);
SupplierSlot *supplier_slot_lookup    (const char   *id,
                                       GDateTime    *now);
void          supplier_slots_set_full (const char   *id,
                                       gboolean      full);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierSlot, supplier_slot_free)

G_END_DECLS
