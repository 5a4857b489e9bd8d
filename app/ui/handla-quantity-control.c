/* handla-quantity-control.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-quantity-control.h"
#include "handla-ui-utils.h"

/*
 * Shows a large "Add" button while the product is not in the basket, and a
 * "− n +" stepper once it is (for weighed goods "− 500 g +", in steps of
 * HANDLA_WEIGHT_STEP_GRAMS). The buttons activate the widget's own
 * actions, basket.add and basket.remove-one, which change the basket; the
 * basket writes every change to the store at once. The control follows the
 * basket's quantity-changed signal, so every control showing the same
 * product agrees.
 *
 * With a remove-action (the basket page's undoable "remove"), the stepper
 * always shows and "−" on the last one activates that action instead of
 * taking the line away silently.
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
  gulong         customer_changed_id;
  char          *remove_action;
  gboolean       available;
};

G_DEFINE_FINAL_TYPE (HandlaQuantityControl, handla_quantity_control, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BASKET,
  PROP_PRODUCT,
  PROP_REMOVE_ACTION,
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
                                    quantity > 0 || self->remove_action != NULL ? "stepper" : "add");

  count = self->product != NULL
          ? handla_format_quantity (self->product, quantity)
          : g_strdup ("0");
  gtk_label_set_label (self->count_label, count);

  /* Without a visit the basket is nobody's and takes no changes. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.add",
                                 self->basket != NULL && self->product != NULL && self->available &&
                                 handla_basket_get_customer_id (self->basket) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.remove-one",
                                 self->basket != NULL && quantity > 0);

  if (name == NULL)
    return;

  /* Screen readers hear which product each button is for. */
  /* Translators: accessible name of the Add button, %s is a product */
  add_label = g_strdup_printf (_("Add %s to the basket"), name);
  /* Translators: accessible name of the "+" button, %s is a product */
  more_label = g_strdup_printf (_("One more %s"), name);
  /* Translators: accessible name of the "−" button, %s is a product */
  less_label = g_strdup_printf (_("One less %s"), name);
  /* Translators: how much of a product is in the basket: "2", "500 g" */
  count_description = g_strdup_printf (_("%s in the basket"), count);

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

  if (self->basket == NULL || self->product == NULL ||
      handla_basket_get_customer_id (self->basket) == NULL)
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
  guint quantity;

  if (self->basket == NULL || self->product == NULL)
    return;

  id = handla_product_get_id (self->product);
  quantity = handla_basket_get_quantity (self->basket, id);
  if (quantity == 0)
    return;

  /* The last one goes through the owner's undoable removal, if it has one. */
  if (self->remove_action != NULL &&
      quantity <= (handla_product_is_sold_by_weight (self->product) ? HANDLA_WEIGHT_STEP_GRAMS : 1))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), self->remove_action, "s", id);
      return;
    }

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
handla_quantity_control_finalize (GObject *object)
{
  HandlaQuantityControl *self = (HandlaQuantityControl *)object;

  g_clear_pointer (&self->remove_action, g_free);

  G_OBJECT_CLASS (handla_quantity_control_parent_class)->finalize (object);
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

    case PROP_REMOVE_ACTION:
      g_value_set_string (value, self->remove_action);
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

    case PROP_REMOVE_ACTION:
      handla_quantity_control_set_remove_action (self, g_value_get_string (value));
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
  object_class->finalize = handla_quantity_control_finalize;
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

  /* An action taking the product id ("s"), activated instead of removing
   * the last one: the basket page's removal with undo. */
  properties[PROP_REMOVE_ACTION] =
    g_param_spec_string ("remove-action", NULL, NULL,
                         NULL,
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
  self->available = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

/**
 * handla_quantity_control_set_available:
 * @self: a #HandlaQuantityControl
 * @available: whether the product can still be bought
 *
 * A product the shop no longer sells can be taken out, not added.
 */
void
handla_quantity_control_set_available (HandlaQuantityControl *self,
                                       gboolean               available)
{
  g_return_if_fail (HANDLA_IS_QUANTITY_CONTROL (self));

  self->available = !!available;
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
      g_clear_signal_handler (&self->customer_changed_id, self->basket);
      g_clear_object (&self->basket);
    }

  if (basket != NULL)
    {
      self->basket = g_object_ref (basket);
      self->quantity_changed_id =
        g_signal_connect_object (basket, "quantity-changed",
                                 G_CALLBACK (quantity_changed_cb), self, G_CONNECT_SWAPPED);
      self->customer_changed_id =
        g_signal_connect_object (basket, "notify::customer-id",
                                 G_CALLBACK (update), self, G_CONNECT_SWAPPED);
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

const char *
handla_quantity_control_get_remove_action (HandlaQuantityControl *self)
{
  g_return_val_if_fail (HANDLA_IS_QUANTITY_CONTROL (self), NULL);

  return self->remove_action;
}

/**
 * handla_quantity_control_set_remove_action:
 * @self: a #HandlaQuantityControl
 * @action_name: (nullable): an action with a product id parameter
 *
 * Makes "−" on the last one activate @action_name instead of removing it,
 * and keeps the stepper on screen.
 */
void
handla_quantity_control_set_remove_action (HandlaQuantityControl *self,
                                           const char            *action_name)
{
  g_return_if_fail (HANDLA_IS_QUANTITY_CONTROL (self));

  if (g_strcmp0 (self->remove_action, action_name) == 0)
    return;

  g_free (self->remove_action);
  self->remove_action = g_strdup (action_name);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVE_ACTION]);
}
