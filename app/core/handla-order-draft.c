/* handla-order-draft.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-basket-private.h"
#include "handla-orders-private.h"

/*
 * What "send order" (and a change) sends besides the basket's lines: the
 * mode, the carer, the delivery slot and notes, and per line the
 * substitution choice and a note, which win over the basket line's (or,
 * for a change, the order line's) for this order only. A change can also
 * set quantities. A
 * reference-counted box, filled on the main thread; the orders take a
 * copy, which their jobs read on the database thread.
 */

G_DEFINE_BOXED_TYPE (HandlaOrderDraft, handla_order_draft,
                     handla_order_draft_ref, handla_order_draft_unref)

static void
line_choice_free (gpointer data)
{
  HandlaLineChoice *choice = data;

  g_free (choice->note);
  g_free (choice);
}

static HandlaOrderDraft *
draft_alloc (void)
{
  HandlaOrderDraft *self = g_new0 (HandlaOrderDraft, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, line_choice_free);
  self->quantities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

static GDateTime *
dup_time (GDateTime *time)
{
  return time != NULL ? g_date_time_ref (time) : NULL;
}

/**
 * handla_order_draft_new:
 * @mode: whether the customer took part
 * @carer_id: the unit's identifier for the carer (never a name)
 *
 * Returns: (transfer full): a draft with no slot, no notes and no choices
 *   (every line is "a similar product is fine")
 */
HandlaOrderDraft *
handla_order_draft_new (HandlaOrderMode  mode,
                        const char      *carer_id)
{
  HandlaOrderDraft *self;

  g_return_val_if_fail (mode == HANDLA_ORDER_MODE_TOGETHER || mode == HANDLA_ORDER_MODE_ON_BEHALF,
                        NULL);
  g_return_val_if_fail (carer_id != NULL && *carer_id != '\0', NULL);

  self = draft_alloc ();
  self->mode = mode;
  self->carer_id = g_strdup (carer_id);

  return self;
}

HandlaOrderDraft *
handla_order_draft_ref (HandlaOrderDraft *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
handla_order_draft_unref (HandlaOrderDraft *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->carer_id);
  g_free (self->slot_id);
  g_free (self->hold_id);
  g_clear_pointer (&self->window_start, g_date_time_unref);
  g_clear_pointer (&self->window_end, g_date_time_unref);
  g_clear_pointer (&self->cutoff, g_date_time_unref);
  g_free (self->access);
  g_free (self->driver_note);
  g_hash_table_unref (self->choices);
  g_hash_table_unref (self->quantities);
  g_free (self);
}

/**
 * handla_order_draft_set_slot:
 * @self: a #HandlaOrderDraft
 * @slot_id: the supplier's slot
 * @hold_id: (nullable): the hold on it, if there is one
 * @window_start: (nullable): the slot's window, shown until the supplier answers
 * @window_end: (nullable): the end of the window
 * @cutoff: (nullable): the slot's cutoff
 */
void
handla_order_draft_set_slot (HandlaOrderDraft *self,
                             const char       *slot_id,
                             const char       *hold_id,
                             GDateTime        *window_start,
                             GDateTime        *window_end,
                             GDateTime        *cutoff)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (slot_id != NULL && *slot_id != '\0');

  g_free (self->slot_id);
  self->slot_id = g_strdup (slot_id);
  g_free (self->hold_id);
  self->hold_id = g_strdup (hold_id);
  g_clear_pointer (&self->window_start, g_date_time_unref);
  self->window_start = dup_time (window_start);
  g_clear_pointer (&self->window_end, g_date_time_unref);
  self->window_end = dup_time (window_end);
  g_clear_pointer (&self->cutoff, g_date_time_unref);
  self->cutoff = dup_time (cutoff);
}

/**
 * handla_order_draft_set_notes:
 * @self: a #HandlaOrderDraft
 * @carer_present: a carer will be there to receive the goods
 * @unpacking: the driver unpacks
 * @access: (nullable): how to get in, never a door code
 * @driver_note: (nullable): a note to the driver
 */
void
handla_order_draft_set_notes (HandlaOrderDraft *self,
                              gboolean          carer_present,
                              gboolean          unpacking,
                              const char       *access,
                              const char       *driver_note)
{
  g_return_if_fail (self != NULL);

  self->notes_set = TRUE;
  self->carer_present = !!carer_present;
  self->unpacking = !!unpacking;
  g_free (self->access);
  self->access = g_strdup (access);
  g_free (self->driver_note);
  self->driver_note = g_strdup (driver_note);
}

/**
 * handla_order_draft_set_line_choice:
 * @self: a #HandlaOrderDraft
 * @product_id: the line's product
 * @substitution: what the supplier may do if it is missing
 * @note: (nullable): a note for the picker; trimmed and cut to
 *   %HANDLA_BASKET_NOTE_MAX_CHARS characters, an empty one is none
 *
 * The choice for @product_id in this order. It wins over the choice and
 * note of the basket line (handla_basket_set_substitution()), which "send
 * order" takes otherwise, and over the order line's in a change.
 */
void
handla_order_draft_set_line_choice (HandlaOrderDraft   *self,
                                    const char         *product_id,
                                    HandlaSubstitution  substitution,
                                    const char         *note)
{
  HandlaLineChoice *choice;

  g_return_if_fail (self != NULL);
  g_return_if_fail (product_id != NULL);
  g_return_if_fail (substitution <= HANDLA_SUBSTITUTION_CALL_UNIT);

  choice = g_new0 (HandlaLineChoice, 1);
  choice->substitution = substitution;
  choice->note = _handla_basket_note_normalize (note);
  g_hash_table_replace (self->choices, g_strdup (product_id), choice);
}

/**
 * handla_order_draft_set_line_quantity:
 * @self: a #HandlaOrderDraft
 * @product_id: a product
 * @quantity: pieces, or grams of weighed goods; 0 takes the line away
 *
 * For handla_orders_change_async() only: the new quantity of a line of
 * the order, or of a product of the catalogue to add. "Send order" takes
 * its quantities from the basket and ignores these.
 */
void
handla_order_draft_set_line_quantity (HandlaOrderDraft *self,
                                      const char       *product_id,
                                      guint             quantity)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (product_id != NULL);

  g_hash_table_replace (self->quantities, g_strdup (product_id), GUINT_TO_POINTER (quantity));
}

/* A deep copy, so that the caller may go on changing @self while a job
 * reads the copy on the database thread. */
HandlaOrderDraft *
_handla_order_draft_copy (HandlaOrderDraft *self)
{
  HandlaOrderDraft *copy = draft_alloc ();
  GHashTableIter iter;
  gpointer key, value;

  copy->mode = self->mode;
  copy->carer_id = g_strdup (self->carer_id);
  copy->slot_id = g_strdup (self->slot_id);
  copy->hold_id = g_strdup (self->hold_id);
  copy->window_start = dup_time (self->window_start);
  copy->window_end = dup_time (self->window_end);
  copy->cutoff = dup_time (self->cutoff);
  copy->notes_set = self->notes_set;
  copy->carer_present = self->carer_present;
  copy->unpacking = self->unpacking;
  copy->access = g_strdup (self->access);
  copy->driver_note = g_strdup (self->driver_note);

  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HandlaLineChoice *choice = value;

      handla_order_draft_set_line_choice (copy, key, choice->substitution, choice->note);
    }

  g_hash_table_iter_init (&iter, self->quantities);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->quantities, g_strdup (key), value);

  return copy;
}
