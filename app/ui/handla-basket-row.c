/* handla-basket-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-basket-row.h"
#include "handla-quantity-control.h"
#include "handla-ui-utils.h"

/*
 * A basket line: symbol, name, size and unit price, the line total, a
 * "− n +" stepper that stops at one, and "Remove" (which the basket page
 * turns into an undoable removal).
 */

struct _HandlaBasketRow
{
  GtkListBoxRow          parent_instance;

  /* Template widgets */
  GtkImage              *symbol;
  GtkLabel              *name_label;
  GtkLabel              *details_label;
  GtkLabel              *total_label;
  GtkLabel              *unavailable_label;
  HandlaQuantityControl *control;
  GtkButton             *remove_button;

  /* Owned references */
  HandlaBasketLine      *line;
};

G_DEFINE_FINAL_TYPE (HandlaBasketRow, handla_basket_row, GTK_TYPE_LIST_BOX_ROW)

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
}

static void
handla_basket_row_dispose (GObject *object)
{
  HandlaBasketRow *self = (HandlaBasketRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_BASKET_ROW);
  g_clear_object (&self->line);

  G_OBJECT_CLASS (handla_basket_row_parent_class)->dispose (object);
}

static void
handla_basket_row_class_init (HandlaBasketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_basket_row_dispose;

  g_type_ensure (HANDLA_TYPE_QUANTITY_CONTROL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-basket-row.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, symbol);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, details_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, unavailable_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, control);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketRow, remove_button);
}

static void
handla_basket_row_init (HandlaBasketRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
  self->line = g_object_ref (line);
  product = handla_basket_line_get_product (line);

  handla_quantity_control_set_basket (self->control, basket);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button),
                                    "s", handla_product_get_id (product));

  /* Quantity, product, availability and totals all show in the row. */
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
