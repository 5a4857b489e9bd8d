/* handla-quantity-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-quantity-control.h"

/*
 * Shows a large "Add" button while the product is not in the basket, and a
 * "− n +" stepper once it is. The buttons activate the widget's own
 * actions, basket.add and basket.remove-one, which change the basket; the
 * basket writes every change to the store at once. The control follows the
 * basket's quantity-changed signal, so every control showing the same
 * product agrees.
 */

struct _HandlaQuantityControl
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkStack      *stack;
  GtkButton     *add_button;
  GtkButton     *remove_one_button;
  GtkButton     *add_one_button;
  GtkLabel      *count_label;

  /* Owned references */
  HandlaBasket  *basket;
  HandlaProduct *product;
  gulong         quantity_changed_id;
  guint          minimum;
};

G_DEFINE_FINAL_TYPE (HandlaQuantityControl, handla_quantity_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BASKET,
  PROP_PRODUCT,
  PROP_MINIMUM,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
update (HandlaQuantityControl *self)
{
  guint quantity = 0;
  const char *name = NULL;
  g_autofree char *count = NULL;
  g_autofree char *add_label = NULL;
  g_autofree char *more_label = NULL;
  g_autofree char *less_label = NULL;
  g_autofree char *count_description = NULL;

  if (self->basket != NULL && self->product != NULL)
    quantity = handla_basket_get_quantity (self->basket,
                                           handla_product_get_id (self->product));
  if (self->product != NULL)
    name = handla_product_get_name (self->product);

  gtk_stack_set_visible_child_name (self->stack,
                                    quantity > 0 || self->minimum > 0 ? "stepper" : "add");

  count = g_strdup_printf ("%u", quantity);
  gtk_label_set_label (self->count_label, count);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.add",
                                 self->basket != NULL && self->product != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.remove-one",
                                 self->basket != NULL && quantity > MAX (self->minimum, 0));

  if (name == NULL)
    return;

  /* Screen readers hear which product each button is for. */
  /* Translators: accessible name of the Add button, %s is a product */
  add_label = g_strdup_printf (_("Add %s to the basket"), name);
  /* Translators: accessible name of the "+" button, %s is a product */
  more_label = g_strdup_printf (_("One more %s"), name);
  /* Translators: accessible name of the "−" button, %s is a product */
  less_label = g_strdup_printf (_("One less %s"), name);
  /* Translators: how many of a product are in the basket */
  count_description = g_strdup_printf (ngettext ("%u in the basket", "%u in the basket", quantity),
                                       quantity);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, add_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_one_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, more_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_one_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, less_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, count_description, -1);
}

static void
quantity_changed_cb (HandlaQuantityControl *self,
                     const char            *product_id,
                     guint                  quantity,
                     HandlaBasket          *basket)
{
  if (self->product != NULL && g_strcmp0 (product_id, handla_product_get_id (self->product)) == 0)
    update (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  HandlaQuantityControl *self = HANDLA_QUANTITY_CONTROL (widget);

  if (self->basket == NULL || self->product == NULL)
    return;

  handla_basket_add (self->basket, self->product);
}

static void
remove_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HandlaQuantityControl *self = HANDLA_QUANTITY_CONTROL (widget);
  const char *id;

  if (self->basket == NULL || self->product == NULL)
    return;

  id = handla_product_get_id (self->product);
  if (handla_basket_get_quantity (self->basket, id) <= self->minimum)
    return;

  handla_basket_remove_one (self->basket, id);
}

static void
handla_quantity_control_dispose (GObject *object)
{
  HandlaQuantityControl *self = (HandlaQuantityControl *)object;

  handla_quantity_control_set_basket (self, NULL);
  g_clear_object (&self->product);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_QUANTITY_CONTROL);
  /* The template's top child is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (handla_quantity_control_parent_class)->dispose (object);
}

static void
handla_quantity_control_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  HandlaQuantityControl *self = HANDLA_QUANTITY_CONTROL (object);

  switch (prop_id)
    {
    case PROP_BASKET:
      g_value_set_object (value, self->basket);
      break;

    case PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;

    case PROP_MINIMUM:
      g_value_set_uint (value, self->minimum);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_quantity_control_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  HandlaQuantityControl *self = HANDLA_QUANTITY_CONTROL (object);

  switch (prop_id)
    {
    case PROP_BASKET:
      handla_quantity_control_set_basket (self, g_value_get_object (value));
      break;

    case PROP_PRODUCT:
      handla_quantity_control_set_product (self, g_value_get_object (value));
      break;

    case PROP_MINIMUM:
      handla_quantity_control_set_minimum (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_quantity_control_class_init (HandlaQuantityControlClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_quantity_control_dispose;
  object_class->get_property = handla_quantity_control_get_property;
  object_class->set_property = handla_quantity_control_set_property;

  properties[PROP_BASKET] =
    g_param_spec_object ("basket", NULL, NULL,
                         HANDLA_TYPE_BASKET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL,
                         HANDLA_TYPE_PRODUCT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* 1 in the basket, where the last one goes with "Remove" (and undo). */
  properties[PROP_MINIMUM] =
    g_param_spec_uint ("minimum", NULL, NULL,
                       0, 1, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-quantity-control.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaQuantityControl, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaQuantityControl, add_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaQuantityControl, remove_one_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaQuantityControl, add_one_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaQuantityControl, count_label);

  gtk_widget_class_install_action (widget_class, "basket.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "basket.remove-one", NULL, remove_one_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "quantitycontrol");
}

static void
handla_quantity_control_init (HandlaQuantityControl *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
handla_quantity_control_new (void)
{
  return g_object_new (HANDLA_TYPE_QUANTITY_CONTROL, NULL);
}

HandlaBasket *
handla_quantity_control_get_basket (HandlaQuantityControl *self)
{
  g_return_val_if_fail (HANDLA_IS_QUANTITY_CONTROL (self), NULL);

  return self->basket;
}

void
handla_quantity_control_set_basket (HandlaQuantityControl *self,
                                    HandlaBasket          *basket)
{
  g_return_if_fail (HANDLA_IS_QUANTITY_CONTROL (self));
  g_return_if_fail (!basket || HANDLA_IS_BASKET (basket));

  if (self->basket == basket)
    return;

  if (self->basket != NULL)
    {
      g_clear_signal_handler (&self->quantity_changed_id, self->basket);
      g_clear_object (&self->basket);
    }

  if (basket != NULL)
    {
      self->basket = g_object_ref (basket);
      self->quantity_changed_id =
        g_signal_connect_object (basket, "quantity-changed",
                                 G_CALLBACK (quantity_changed_cb), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASKET]);
}

HandlaProduct *
handla_quantity_control_get_product (HandlaQuantityControl *self)
{
  g_return_val_if_fail (HANDLA_IS_QUANTITY_CONTROL (self), NULL);

  return self->product;
}

void
handla_quantity_control_set_product (HandlaQuantityControl *self,
                                     HandlaProduct         *product)
{
  g_return_if_fail (HANDLA_IS_QUANTITY_CONTROL (self));
  g_return_if_fail (!product || HANDLA_IS_PRODUCT (product));

  if (!g_set_object (&self->product, product))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
}

guint
handla_quantity_control_get_minimum (HandlaQuantityControl *self)
{
  g_return_val_if_fail (HANDLA_IS_QUANTITY_CONTROL (self), 0);

  return self->minimum;
}

void
handla_quantity_control_set_minimum (HandlaQuantityControl *self,
                                     guint                  minimum)
{
  g_return_if_fail (HANDLA_IS_QUANTITY_CONTROL (self));

  minimum = MIN (minimum, 1);
  if (self->minimum == minimum)
    return;

  self->minimum = minimum;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MINIMUM]);
}
