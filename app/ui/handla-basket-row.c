/* handla-basket-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-basket-row.h"
#include "handla-quantity-control.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * A basket line: symbol, name, size and unit price, the note to the
 * picker if there is one, the line total, a "− n +" stepper that stops at
 * one, and "Remove" (which the basket page turns into an undoable
 * removal). The substitution choice shows in words on a menu button that
 * changes it ("If missing: Only this product"); its menu is the three
 * choices, as radio items of the row's stateful "row.substitution" action.
 */

struct _HandlaBasketRow
{
  GtkListBoxRow          parent_instance;

  /* Template widgets */
  GtkImage              *symbol;
  GtkLabel              *name_label;
  GtkLabel              *details_label;
  GtkLabel              *note_label;
  GtkLabel              *total_label;
  GtkLabel              *unavailable_label;
  HandlaQuantityControl *control;
  GtkButton             *remove_button;
  GtkMenuButton         *substitution_button;

  /* Owned references */
  HandlaBasket          *basket;
  HandlaBasketLine      *line;
  GSimpleAction         *substitution_action;
};

G_DEFINE_FINAL_TYPE (HandlaBasketRow, handla_basket_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
substitution_target (HandlaSubstitution substitution)
{
  switch (substitution)
    {
    case HANDLA_SUBSTITUTION_ONLY_THIS:
      return "only-this";
    case HANDLA_SUBSTITUTION_CALL_UNIT:
      return "call-unit";
    case HANDLA_SUBSTITUTION_SIMILAR:
    default:
      return "similar";
    }
}

static void
update_choice (HandlaBasketRow *self)
{
  HandlaProduct *product = handla_basket_line_get_product (self->line);
  HandlaSubstitution substitution = handla_basket_line_get_substitution (self->line);
  const char *note = handla_basket_line_get_note (self->line);
  g_autofree char *choice = NULL;
  g_autofree char *choice_name = NULL;
  g_autofree char *note_text = NULL;

  /* Translators: on a basket line, what the shop does if the product is
   * missing; %s is "Similar product is OK", "Only this product" or "Call
   * the unit" */
  choice = g_strdup_printf (_("If missing: %s"), handla_substitution_title (substitution));
  gtk_menu_button_set_label (self->substitution_button, choice);
  /* Translators: accessible name of a basket line's substitution menu:
   * "If missing: Only this product, for Mellanmjölk" */
  choice_name = g_strdup_printf (_("%s, for %s"), choice, handla_product_get_name (product));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->substitution_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, choice_name,
                                  -1);
  g_simple_action_set_state (self->substitution_action,
                             g_variant_new_string (substitution_target (substitution)));

  if (note != NULL)
    /* Translators: a basket line's note to the picker; %s is the note */
    note_text = g_strdup_printf (_("Note: %s"), note);
  handla_set_optional_label (self->note_label, note_text);
}

static void
substitution_change_state_cb (GSimpleAction   *action,
                              GVariant        *value,
                              HandlaBasketRow *self)
{
  const char *target = g_variant_get_string (value, NULL);

  for (HandlaSubstitution s = HANDLA_SUBSTITUTION_SIMILAR; s <= HANDLA_SUBSTITUTION_CALL_UNIT; s++)
    if (g_str_equal (target, substitution_target (s)))
      handla_basket_set_substitution (self->basket,
                                      handla_product_get_id (handla_basket_line_get_product (self->line)),
                                      s);
}

static void
update_cb (HandlaBasketRow *self)
{
  HandlaProduct *product = handla_basket_line_get_product (self->line);
  g_autofree char *total = handla_money_format (handla_basket_line_get_total (self->line));
  g_autofree char *unit_price = handla_product_dup_price (product);
  g_autofree char *details = handla_product_dup_details (product);
  g_autofree char *line_details = NULL;
  g_autofree char *remove_label = NULL;
  gboolean available = handla_basket_line_get_available (self->line);

  if (handla_product_is_sold_by_weight (product))
    /* Translators: basket line details for goods sold by weight: "Frukt · 28,00 kr/kg" */
    line_details = *details ? g_strdup_printf (_("%s · %s"), details, unit_price) : g_steal_pointer (&unit_price);
  else if (*details)
    /* Translators: basket line details: "Ängsgården · 1,5 l · 24,90 kr each" */
    line_details = g_strdup_printf (_("%s · %s each"), details, unit_price);
  else
    line_details = g_strdup_printf (_("%s each"), unit_price);

  gtk_image_set_from_icon_name (self->symbol,
                                handla_symbol_for_category (handla_product_get_category_icon (product)));
  gtk_label_set_label (self->name_label, handla_product_get_name (product));
  gtk_label_set_label (self->details_label, line_details);
  gtk_label_set_label (self->total_label, total);
  gtk_widget_set_visible (GTK_WIDGET (self->unavailable_label), !available);

  /* A reload may bring a fresh product object, or none (no longer sold). */
  handla_quantity_control_set_product (self->control, product);
  handla_quantity_control_set_available (self->control, available);

  /* Translators: accessible name of a basket line's Remove button */
  remove_label = g_strdup_printf (_("Remove %s"), handla_product_get_name (product));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);

  update_choice (self);
}

static void
handla_basket_row_dispose (GObject *object)
{
  HandlaBasketRow *self = (HandlaBasketRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_BASKET_ROW);
  g_clear_object (&self->line);
  g_clear_object (&self->basket);
  g_clear_object (&self->substitution_action);

  G_OBJECT_CLASS (handla_basket_row_parent_class)->dispose (object);
}

static void
handla_basket_row_class_init (HandlaBasketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_basket_row_dispose;

  g_type_ensure (HANDLA_TYPE_QUANTITY_CONTROL);
  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-basket-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, symbol);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, control);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, substitution_button);
}

static void
handla_basket_row_init (HandlaBasketRow *self)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->substitution_action = g_simple_action_new_stateful ("substitution",
                                                            G_VARIANT_TYPE_STRING,
                                                            g_variant_new_string ("similar"));
  g_signal_connect (self->substitution_action, "change-state",
                    G_CALLBACK (substitution_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (self->substitution_action));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "row", G_ACTION_GROUP (group));

  for (HandlaSubstitution s = HANDLA_SUBSTITUTION_SIMILAR; s <= HANDLA_SUBSTITUTION_CALL_UNIT; s++)
    {
      g_autofree char *detailed = g_strdup_printf ("row.substitution::%s", substitution_target (s));

      g_menu_append (menu, handla_substitution_title (s), detailed);
    }
  gtk_menu_button_set_menu_model (self->substitution_button, G_MENU_MODEL (menu));
}

GtkWidget *
handla_basket_row_new (HandlaBasket     *basket,
                       HandlaBasketLine *line)
{
  HandlaBasketRow *self;
  HandlaProduct *product;

  g_return_val_if_fail (HANDLA_IS_BASKET (basket), NULL);
  g_return_val_if_fail (HANDLA_IS_BASKET_LINE (line), NULL);

  self = g_object_new (HANDLA_TYPE_BASKET_ROW, NULL);
  self->basket = g_object_ref (basket);
  self->line = g_object_ref (line);
  product = handla_basket_line_get_product (line);

  handla_quantity_control_set_basket (self->control, basket);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button),
                                    "s", handla_product_get_id (product));

  /* Quantity, product, availability, totals, the substitution choice
   * and the note all show in the row. */
  g_signal_connect_object (line, "notify", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  update_cb (self);

  return GTK_WIDGET (self);
}

HandlaBasketLine *
handla_basket_row_get_line (HandlaBasketRow *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_ROW (self), NULL);

  return self->line;
}
