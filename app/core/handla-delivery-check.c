/* handla-delivery-check.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-orders-private.h"

/*
 * What the carer found when the goods arrived (PRODUCT.md screen 10b):
 * per line arrived, missing or damaged with a short note, and a note on
 * the delivery as a whole. A reference-counted box, filled on the main
 * thread (the delivery check page keeps one per order as a draft while
 * the visit lasts); handla_orders_check_delivery_async() takes a copy,
 * which its job reads on the database thread.
 *
 * Notes are trimmed and cut to the protocol's limits: 500 characters for
 * a line, 1000 for the delivery note. An empty note is no note.
 */

#define LINE_NOTE_MAX     500
#define DELIVERY_NOTE_MAX 1000

G_DEFINE_BOXED_TYPE (HandlaDeliveryCheck, handla_delivery_check,
                     handla_delivery_check_ref, handla_delivery_check_unref)

static void
line_check_free (gpointer data)
{
  HandlaLineCheck *line = data;

  g_free (line->note);
  g_free (line);
}

/* @text trimmed and cut to @max characters; NULL if nothing is left. */
static char *
clean_note (const char *text,
            glong       max)
{
  g_autofree char *copy = NULL;
  const char *end;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    return NULL;
  if (g_utf8_strlen (copy, -1) <= max)
    return g_steal_pointer (&copy);

  end = g_utf8_offset_to_pointer (copy, max);
  return g_strstrip (g_strndup (copy, end - copy));
}

static HandlaDeliveryCheck *
check_alloc (void)
{
  HandlaDeliveryCheck *self = g_new0 (HandlaDeliveryCheck, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, line_check_free);

  return self;
}

/**
 * handla_delivery_check_new:
 * @carer_id: the unit's identifier for the carer (never a name)
 *
 * Returns: (transfer full): a check where everything arrived and there
 *   is no note
 */
HandlaDeliveryCheck *
handla_delivery_check_new (const char *carer_id)
{
  HandlaDeliveryCheck *self;

  g_return_val_if_fail (carer_id != NULL, NULL);

  self = check_alloc ();
  self->carer_id = g_strdup (carer_id);

  return self;
}

HandlaDeliveryCheck *
handla_delivery_check_ref (HandlaDeliveryCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
handla_delivery_check_unref (HandlaDeliveryCheck *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->carer_id);
  g_free (self->note);
  g_hash_table_unref (self->lines);
  g_free (self);
}

HandlaDeliveryCheck *
_handla_delivery_check_copy (HandlaDeliveryCheck *self)
{
  HandlaDeliveryCheck *copy = handla_delivery_check_new (self->carer_id);
  GHashTableIter iter;
  gpointer key, value;

  copy->note = g_strdup (self->note);
  g_hash_table_iter_init (&iter, self->lines);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      HandlaLineCheck *line = value;
      HandlaLineCheck *line_copy = g_new0 (HandlaLineCheck, 1);

      line_copy->problem = line->problem;
      line_copy->note = g_strdup (line->note);
      g_hash_table_insert (copy->lines, g_strdup (key), line_copy);
    }

  return copy;
}

/**
 * handla_delivery_check_set_line:
 * @self: a #HandlaDeliveryCheck
 * @product_id: the ordered product of the line
 * @problem: what the carer found
 * @note: (nullable): a short note for a missing or damaged line
 *
 * Sets what arrived of one line. A line that arrived keeps no note.
 */
void
handla_delivery_check_set_line (HandlaDeliveryCheck   *self,
                                const char            *product_id,
                                HandlaDeliveryProblem  problem,
                                const char            *note)
{
  HandlaLineCheck *line;

  g_return_if_fail (self != NULL);
  g_return_if_fail (product_id != NULL);
  g_return_if_fail (problem <= HANDLA_DELIVERY_DAMAGED);

  if (problem == HANDLA_DELIVERY_ARRIVED)
    {
      g_hash_table_remove (self->lines, product_id);
      return;
    }

  line = g_new0 (HandlaLineCheck, 1);
  line->problem = problem;
  line->note = clean_note (note, LINE_NOTE_MAX);
  g_hash_table_insert (self->lines, g_strdup (product_id), line);
}

/**
 * handla_delivery_check_get_line:
 * @self: a #HandlaDeliveryCheck
 * @product_id: the ordered product of the line
 * @note: (out) (optional) (transfer none) (nullable): its note
 *
 * Returns: what the carer found for the line (arrived unless set)
 */
HandlaDeliveryProblem
handla_delivery_check_get_line (HandlaDeliveryCheck  *self,
                                const char           *product_id,
                                const char          **note)
{
  HandlaLineCheck *line;

  g_return_val_if_fail (self != NULL, HANDLA_DELIVERY_ARRIVED);
  g_return_val_if_fail (product_id != NULL, HANDLA_DELIVERY_ARRIVED);

  line = g_hash_table_lookup (self->lines, product_id);
  if (note != NULL)
    *note = line != NULL ? line->note : NULL;

  return line != NULL ? line->problem : HANDLA_DELIVERY_ARRIVED;
}

/**
 * handla_delivery_check_set_note:
 * @self: a #HandlaDeliveryCheck
 * @note: (nullable): the carer's note on the delivery ("cold goods put in
 *   the fridge 14:05")
 *
 * The note is kept with the order; with a complaint it is also its note
 * to the supplier.
 */
void
handla_delivery_check_set_note (HandlaDeliveryCheck *self,
                                const char          *note)
{
  g_return_if_fail (self != NULL);

  g_free (self->note);
  self->note = clean_note (note, DELIVERY_NOTE_MAX);
}

const char *
handla_delivery_check_get_note (HandlaDeliveryCheck *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->note;
}

/**
 * handla_delivery_check_get_n_problems:
 * @self: a #HandlaDeliveryCheck
 *
 * Returns: how many lines are missing or damaged
 */
guint
handla_delivery_check_get_n_problems (HandlaDeliveryCheck *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->lines);
}
