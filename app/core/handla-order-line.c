/* handla-order-line.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-orders-private.h"

/*
 * One line of an order as the tablet last stored it: what was ordered
 * (name, quantity, price, the carer's substitution choice and note) and,
 * once the supplier has picked it, what became of it: found (with the
 * quantity picked), substituted (the substitute's name, size and price)
 * or missing. Lines are made on the database thread and never change
 * afterwards; a refreshed order gets new ones (HandlaOrder:lines).
 */

G_DEFINE_FINAL_TYPE (HandlaOrderLine, handla_order_line, G_TYPE_OBJECT)

static void
handla_order_line_finalize (GObject *object)
{
  HandlaOrderLine *self = (HandlaOrderLine *)object;

  g_free (self->product_id);
  g_free (self->name);
  g_free (self->note);
  g_free (self->substitute_name);
  g_free (self->substitute_size);
  g_free (self->complaint_note);

  G_OBJECT_CLASS (handla_order_line_parent_class)->finalize (object);
}

static void
handla_order_line_class_init (HandlaOrderLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = handla_order_line_finalize;
}

static void
handla_order_line_init (HandlaOrderLine *self)
{
}

/* Whether two lines say the same, so a refresh that changed nothing
 * changes nothing on screen. */
gboolean
_handla_order_line_equal (HandlaOrderLine *a,
                          HandlaOrderLine *b)
{
  return g_strcmp0 (a->product_id, b->product_id) == 0 &&
         g_strcmp0 (a->name, b->name) == 0 &&
         a->quantity == b->quantity &&
         a->by_weight == b->by_weight &&
         a->price == b->price &&
         a->substitution == b->substitution &&
         g_strcmp0 (a->note, b->note) == 0 &&
         a->picking == b->picking &&
         a->picked_quantity == b->picked_quantity &&
         g_strcmp0 (a->substitute_name, b->substitute_name) == 0 &&
         g_strcmp0 (a->substitute_size, b->substitute_size) == 0 &&
         a->substitute_price == b->substitute_price &&
         a->amount == b->amount &&
         a->complaint == b->complaint &&
         g_strcmp0 (a->complaint_note, b->complaint_note) == 0;
}

const char *
handla_order_line_get_product_id (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->product_id;
}

const char *
handla_order_line_get_name (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->name;
}

/**
 * handla_order_line_get_quantity:
 * @self: a #HandlaOrderLine
 *
 * Returns: what was ordered: pieces, or grams for weighed goods
 */
guint
handla_order_line_get_quantity (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), 0);

  return self->quantity;
}

gboolean
handla_order_line_get_by_weight (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), FALSE);

  return self->by_weight;
}

/**
 * handla_order_line_get_price:
 * @self: a #HandlaOrderLine
 *
 * Returns: the price when ordered, in öre per piece (per kg by weight)
 */
gint64
handla_order_line_get_price (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), 0);

  return self->price;
}

HandlaSubstitution
handla_order_line_get_substitution (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), HANDLA_SUBSTITUTION_SIMILAR);

  return self->substitution;
}

const char *
handla_order_line_get_note (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->note;
}

/**
 * handla_order_line_get_picking:
 * @self: a #HandlaOrderLine
 *
 * Returns: what the supplier's picking made of the line, or
 *   %HANDLA_PICKING_NONE before picking
 */
HandlaPickingResult
handla_order_line_get_picking (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), HANDLA_PICKING_NONE);

  return self->picking;
}

/**
 * handla_order_line_get_picked_quantity:
 * @self: a #HandlaOrderLine
 *
 * Returns: with %HANDLA_PICKING_FOUND, what was picked (fewer pieces than
 *   ordered, or the real weight); otherwise 0
 */
guint
handla_order_line_get_picked_quantity (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), 0);

  return self->picked_quantity;
}

/**
 * handla_order_line_get_substitute_name:
 * @self: a #HandlaOrderLine
 *
 * Returns: (nullable): with %HANDLA_PICKING_SUBSTITUTED, the product
 *   delivered instead
 */
const char *
handla_order_line_get_substitute_name (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->substitute_name;
}

/**
 * handla_order_line_get_substitute_size:
 * @self: a #HandlaOrderLine
 *
 * Returns: (nullable): the substitute's size ("10 st"), when known
 */
const char *
handla_order_line_get_substitute_size (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->substitute_size;
}

/**
 * handla_order_line_get_substitute_price:
 * @self: a #HandlaOrderLine
 *
 * Returns: the substitute's price in öre (per piece, or per kg), or -1
 */
gint64
handla_order_line_get_substitute_price (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), -1);

  return self->substitute_price;
}

/**
 * handla_order_line_get_amount:
 * @self: a #HandlaOrderLine
 *
 * Returns: what the line costs in öre (goods only): after picking what
 *   the supplier charges, before it the estimate
 */
gint64
handla_order_line_get_amount (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), 0);

  return self->amount;
}

/**
 * handla_order_line_get_complaint:
 * @self: a #HandlaOrderLine
 *
 * Returns: what the order's last complaint (made on this tablet) says of
 *   the line: %HANDLA_DELIVERY_ARRIVED if it is not in it
 */
HandlaDeliveryProblem
handla_order_line_get_complaint (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), HANDLA_DELIVERY_ARRIVED);

  return self->complaint;
}

const char *
handla_order_line_get_complaint_note (HandlaOrderLine *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_LINE (self), NULL);

  return self->complaint_note;
}
