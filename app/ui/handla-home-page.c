/* handla-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-home-page.h"

/*
 * Large tiles, two by two (one above the other when the text is too
 * large for two side by side): Basket (with what is in it), Categories,
 * Offers, Search and Orders.
 */

struct _HandlaHomePage
{
  HandlaPage  parent_instance;

  /* Template widgets */
  GtkFlowBox *tiles;
  GtkLabel   *basket_summary;
  GtkButton  *basket_tile;
};

G_DEFINE_FINAL_TYPE (HandlaHomePage, handla_home_page, HANDLA_TYPE_PAGE)

static void
basket_changed_cb (HandlaHomePage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  HandlaBasket *basket = handla_context_get_basket (context);
  guint n = handla_basket_get_n_pieces (basket);
  g_autofree char *summary = NULL;
  g_autofree char *accessible = NULL;

  if (n == 0)
    summary = g_strdup (_("Empty"));
  else
    {
      g_autofree char *total = handla_money_format (handla_basket_get_goods_total (basket));

      /* Translators: the basket tile; %u items, %s a total such as "74,70 kr" */
      summary = g_strdup_printf (ngettext ("%u item · %s", "%u items · %s", n), n, total);
    }

  gtk_label_set_label (self->basket_summary, summary);
  accessible = g_strdup_printf ("%s, %s", _("Basket"), summary);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->basket_tile),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
handla_home_page_context_set (HandlaPage *page)
{
  HandlaHomePage *self = HANDLA_HOME_PAGE (page);
  HandlaBasket *basket = handla_context_get_basket (handla_page_get_context (page));

  g_signal_connect_object (basket, "notify::n-pieces",
                           G_CALLBACK (basket_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::goods-total",
                           G_CALLBACK (basket_changed_cb), self, G_CONNECT_SWAPPED);
  basket_changed_cb (self);
}

static void
handla_home_page_dispose (GObject *object)
{
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HANDLA_TYPE_HOME_PAGE);

  G_OBJECT_CLASS (handla_home_page_parent_class)->dispose (object);
}

static void
handla_home_page_class_init (HandlaHomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_home_page_dispose;
  page_class->context_set = handla_home_page_context_set;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, tiles);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, basket_summary);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, basket_tile);
}

static void
handla_home_page_init (HandlaHomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Handla"));

  /* The flow box only lays the tiles out (two per line, one when two do
   * not fit); the tiles are the buttons, so its own children take no focus. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);
}
