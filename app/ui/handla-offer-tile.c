/* handla-offer-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "handla-offer-tile.h"
#include "handla-quantity-control.h"
#include "handla-ui-utils.h"

/*
 * One offer of the flyer (the Offers page), larger than a product tile:
 * the picture, name and size are one button that opens the product; then
 * the offer's words, the offer price very large, the ordinary price
 * struck through and said in words ("Ordinary price 24,90 kr"), the last
 * day of the offer, the comparison price and the pant, and the same
 * "Add" / "− n +" control as every product tile.
 */

struct _HandlaOfferTile
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkButton             *open_button;
  GtkImage              *symbol;
  GtkLabel              *name_label;
  GtkLabel              *details_label;
  GtkLabel              *offer_badge;
  GtkLabel              *price_label;
  GtkLabel              *regular_price_label;
  GtkLabel              *until_label;
  GtkLabel              *comparison_label;
  GtkLabel              *pant_label;
  HandlaQuantityControl *control;

  /* Owned references */
  HandlaProduct         *product;
};

G_DEFINE_FINAL_TYPE (HandlaOfferTile, handla_offer_tile, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BASKET,
  PROP_PRODUCT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* "Ordinary price 24,90 kr" with the amount struck through: the words
 * say it, the line shows it. */
static void
set_regular_price (HandlaOfferTile *self,
                   HandlaProduct   *product)
{
  g_autofree char *text = handla_product_dup_regular_price (product);
  g_autofree char *amount = NULL;
  PangoAttrList *attrs = NULL;
  const char *found;

  handla_set_optional_label (self->regular_price_label, text);
  if (text == NULL)
    {
      gtk_label_set_attributes (self->regular_price_label, NULL);
      return;
    }

  amount = handla_product_is_sold_by_weight (product)
           ? handla_money_format_comparison (handla_product_get_price (product), HANDLA_UNIT_KG)
           : handla_money_format (handla_product_get_price (product));
  found = strstr (text, amount);
  if (found != NULL)
    {
      PangoAttribute *strike = pango_attr_strikethrough_new (TRUE);

      strike->start_index = (guint)(found - text);
      strike->end_index = strike->start_index + (guint)strlen (amount);
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, strike);
    }
  gtk_label_set_attributes (self->regular_price_label, attrs);
  g_clear_pointer (&attrs, pango_attr_list_unref);
}

/* "Offer until Sunday 12 April", from the offer's last day (a date in
 * Stockholm), or NULL when the supplier gave none. */
static char *
dup_until (HandlaProduct *product)
{
  const char *valid_to = handla_product_get_offer_valid_to (product);
  g_autoptr(GDateTime) day = NULL;
  g_autofree char *words = NULL;
  int year, month, mday;

  if (valid_to == NULL || sscanf (valid_to, "%4d-%2d-%2d", &year, &month, &mday) != 3)
    return NULL;

  day = g_date_time_new (handla_time_zone_stockholm (), year, month, mday, 12, 0, 0);
  if (day == NULL)
    return NULL;

  words = handla_format_day (day);
  /* Translators: the last day of an offer, e.g. "Offer until Sunday 12 April" */
  return g_strdup_printf (_("Offer until %s"), words);
}

static void
update (HandlaOfferTile *self)
{
  HandlaProduct *product = self->product;
  g_autofree char *details = NULL;
  g_autofree char *price = NULL;
  g_autofree char *comparison = NULL;
  g_autofree char *until = NULL;
  g_autofree char *pant = NULL;
  g_autofree char *open_name = NULL;
  g_autofree char *description = NULL;
  const char *offer_text;

  handla_quantity_control_set_product (self->control, product);

  if (product == NULL)
    return;

  details = handla_product_dup_details (product);
  price = handla_product_dup_price (product);
  comparison = handla_product_dup_comparison (product);
  until = dup_until (product);
  offer_text = handla_product_get_offer_text (product);
  if (offer_text == NULL || *offer_text == '\0')
    offer_text = _("Offer");

  if (handla_product_get_pant (product) > 0)
    {
      g_autofree char *amount = handla_money_format (handla_product_get_pant (product));

      /* Translators: the deposit on one item, e.g. "Pant 1,00 kr per item" */
      pant = g_strdup_printf (_("Pant %s per item"), amount);
    }

  gtk_image_set_from_icon_name (self->symbol,
                                handla_symbol_for_category (handla_product_get_category_icon (product)));
  gtk_label_set_label (self->name_label, handla_product_get_name (product));
  handla_set_optional_label (self->details_label, details);
  gtk_label_set_label (self->offer_badge, offer_text);
  gtk_label_set_label (self->price_label, price);
  set_regular_price (self, product);
  handla_set_optional_label (self->until_label, until);
  handla_set_optional_label (self->comparison_label, comparison);
  handla_set_optional_label (self->pant_label, pant);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s",
                                    handla_product_get_id (product));

  /* Translators: the button over an offer's picture and name; %s is the
   * product, e.g. "Show Avokado" */
  open_name = g_strdup_printf (_("Show %s"), handla_product_get_name (product));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->open_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, open_name,
                                  -1);

  /* One sentence for screen readers, as on the product tiles. */
  {
    const char *parts[8];
    guint n = 0;

    parts[n++] = handla_product_get_name (product);
    if (*details)
      parts[n++] = details;
    parts[n++] = offer_text;
    parts[n++] = price;
    parts[n++] = gtk_label_get_label (self->regular_price_label);
    if (until != NULL)
      parts[n++] = until;
    if (comparison != NULL)
      parts[n++] = comparison;
    parts[n] = NULL;
    description = g_strjoinv (", ", (char **)parts);
  }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
handla_offer_tile_dispose (GObject *object)
{
  HandlaOfferTile *self = (HandlaOfferTile *)object;

  g_clear_object (&self->product);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_OFFER_TILE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL; )
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (handla_offer_tile_parent_class)->dispose (object);
}

static void
handla_offer_tile_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  HandlaOfferTile *self = HANDLA_OFFER_TILE (object);

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
handla_offer_tile_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  HandlaOfferTile *self = HANDLA_OFFER_TILE (object);

  switch (prop_id)
    {
    case PROP_BASKET:
      handla_quantity_control_set_basket (self->control, g_value_get_object (value));
      break;

    case PROP_PRODUCT:
      handla_offer_tile_set_product (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_offer_tile_class_init (HandlaOfferTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = handla_offer_tile_dispose;
  object_class->get_property = handla_offer_tile_get_property;
  object_class->set_property = handla_offer_tile_set_property;

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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-offer-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, open_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, symbol);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, details_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, offer_badge);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, regular_price_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, until_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, comparison_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, pant_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOfferTile, control);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "offertile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
handla_offer_tile_init (HandlaOfferTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
handla_offer_tile_new (HandlaBasket *basket)
{
  return g_object_new (HANDLA_TYPE_OFFER_TILE,
                       "basket", basket,
                       NULL);
}

HandlaProduct *
handla_offer_tile_get_product (HandlaOfferTile *self)
{
  g_return_val_if_fail (HANDLA_IS_OFFER_TILE (self), NULL);

  return self->product;
}

void
handla_offer_tile_set_product (HandlaOfferTile *self,
                               HandlaProduct   *product)
{
  g_return_if_fail (HANDLA_IS_OFFER_TILE (self));
  g_return_if_fail (!product || HANDLA_IS_PRODUCT (product));

  if (!g_set_object (&self->product, product))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT]);
}
