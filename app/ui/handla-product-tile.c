/* handla-product-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-product-tile.h"
#include "handla-quantity-control.h"
#include "handla-ui-utils.h"

/*
 * A product in the grid: picture (or the category's symbol on the tile
 * colour), name, brand and size, price, comparison price, an offer badge,
 * and the quantity control. The grid view recycles tiles, so everything
 * shown is set in handla_product_tile_set_product().
 */

struct _HandlaProductTile
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkImage              *symbol;
  GtkLabel              *offer_badge;
  GtkLabel              *name_label;
  GtkLabel              *details_label;
  GtkLabel              *price_label;
  GtkLabel              *regular_price_label;
  GtkLabel              *comparison_label;
  HandlaQuantityControl *control;

  /* Owned references */
  HandlaProduct         *product;
};

G_DEFINE_FINAL_TYPE (HandlaProductTile, handla_product_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BASKET,
  PROP_PRODUCT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
update (HandlaProductTile *self)
{
  HandlaProduct *product = self->product;
  g_autofree char *details = NULL;
  g_autofree char *price = NULL;
  g_autofree char *regular = NULL;
  g_autofree char *comparison = NULL;
  g_autofree char *description = NULL;
  gboolean offer;

  handla_quantity_control_set_product (self->control, product);

  if (product == NULL)
    return;

  offer = handla_product_has_offer (product);
  details = handla_product_dup_details (product);
  price = handla_product_dup_price (product);
  regular = handla_product_dup_regular_price (product);
  comparison = handla_product_dup_comparison (product);

  gtk_image_set_from_icon_name (self->symbol,
                                handla_symbol_for_category (handla_product_get_category_icon (product)));
  gtk_label_set_label (self->name_label, handla_product_get_name (product));
  handla_set_optional_label (self->details_label, details);
  gtk_label_set_label (self->price_label, price);
  handla_set_optional_label (self->regular_price_label, regular);
  handla_set_optional_label (self->comparison_label, comparison);
  gtk_widget_set_visible (GTK_WIDGET (self->offer_badge), offer);
  if (offer)
    {
      const char *offer_text = handla_product_get_offer_text (product);

      gtk_label_set_label (self->offer_badge,
                           offer_text != NULL && *offer_text ? offer_text : _("Offer"));
    }

  if (offer)
    gtk_widget_add_css_class (GTK_WIDGET (self), "offer");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "offer");

  /* One sentence for screen readers: name, size, price, comparison, offer. */
  {
    const char *parts[6];
    guint n = 0;

    parts[n++] = handla_product_get_name (product);
    if (*details)
      parts[n++] = details;
    parts[n++] = price;
    if (comparison != NULL)
      parts[n++] = comparison;
    if (offer)
      parts[n++] = gtk_label_get_label (self->offer_badge);
    parts[n] = NULL;
    description = g_strjoinv (", ", (char **)parts);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
handla_product_tile_dispose (GObject *object)
{
  HandlaProductTile *self = (HandlaProductTile *)object;

  g_clear_object (&self->product);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_PRODUCT_TILE);
  /* The template's top child is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (handla_product_tile_parent_class)->dispose (object);
}

static void
handla_product_tile_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  HandlaProductTile *self = HANDLA_PRODUCT_TILE (object);

  switch (prop_id)
    {
    case PROP_BASKET:
      g_value_set_object (value, handla_quantity_control_get_basket (self->control));
      break;

    case PROP_PRODUCT:
      g_value_set_object (value, self->product);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_product_tile_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  HandlaProductTile *self = HANDLA_PRODUCT_TILE (object);

  switch (prop_id)
    {
    case PROP_BASKET:
      handla_quantity_control_set_basket (self->control, g_value_get_object (value));
      break;

    case PROP_PRODUCT:
      handla_product_tile_set_product (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_product_tile_class_init (HandlaProductTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_product_tile_dispose;
  object_class->get_property = handla_product_tile_get_property;
  object_class->set_property = handla_product_tile_set_property;

  properties[PROP_BASKET] =
    g_param_spec_object ("basket", NULL, NULL,
                         HANDLA_TYPE_BASKET,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_PRODUCT] =
    g_param_spec_object ("product", NULL, NULL,
                         HANDLA_TYPE_PRODUCT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HANDLA_TYPE_QUANTITY_CONTROL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-product-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, symbol);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, offer_badge);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, details_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, regular_price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, comparison_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaProductTile, control);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "producttile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
handla_product_tile_init (HandlaProductTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
handla_product_tile_new (HandlaBasket *basket)
{
  return g_object_new (HANDLA_TYPE_PRODUCT_TILE,
                       "basket", basket,
                       NULL);
}

HandlaProduct *
handla_product_tile_get_product (HandlaProductTile *self)
{
  g_return_val_if_fail (HANDLA_IS_PRODUCT_TILE (self), NULL);

  return self->product;
}

void
handla_product_tile_set_product (HandlaProductTile *self,
                                 HandlaProduct     *product)
{
  g_return_if_fail (HANDLA_IS_PRODUCT_TILE (self));
  g_return_if_fail (!product || HANDLA_IS_PRODUCT (product));

  if (!g_set_object (&self->product, product))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
}
