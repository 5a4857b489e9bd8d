/* handla-basket-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-basket-page.h"
#include "handla-basket-row.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * The basket: one row per line; the goods, the pant and what the customer
 * pays in all, each shown.
 * "Remove" takes the whole line out at once and offers "Undo" for ten
 * seconds (UI.md: nothing lost, nothing final by surprise).
 */

#define UNDO_SECONDS 10

struct _HandlaBasketPage
{
  HandlaPage  parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkListBox *list_box;
  GtkLabel   *goods_total_label;
  GtkLabel   *pant_label;
  GtkLabel   *pant_total_label;
  GtkLabel   *total_label;
};

G_DEFINE_FINAL_TYPE (HandlaBasketPage, handla_basket_page, HANDLA_TYPE_PAGE)

typedef struct
{
  HandlaBasket       *basket;
  char               *customer_id;   /* whose line it was */
  HandlaProduct      *product;
  guint               quantity;
  HandlaSubstitution  substitution;
  char               *note;
} Removed;

static void
removed_free (gpointer data)
{
  Removed *removed = data;

  g_clear_object (&removed->basket);
  g_free (removed->customer_id);
  g_clear_object (&removed->product);
  g_free (removed->note);
  g_free (removed);
}

static HandlaBasket *
get_basket (HandlaBasketPage *self)
{
  return handla_context_get_basket (handla_page_get_context (HANDLA_PAGE (self)));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HandlaBasketPage *self = user_data;

  return handla_basket_row_new (get_basket (self), item);
}

static void
update_cb (HandlaBasketPage *self)
{
  HandlaBasket *basket = get_basket (self);
  gint64 goods_ore = handla_basket_get_goods_total (basket);
  gint64 pant_ore = handla_basket_get_pant_total (basket);
  g_autofree char *goods = handla_money_format (goods_ore);
  g_autofree char *pant = handla_money_format (pant_ore);
  g_autofree char *total = handla_money_format (goods_ore + pant_ore);
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (basket)) == 0;

  /* What the customer pays: the goods and the pant, each shown. */
  gtk_label_set_label (self->goods_total_label, goods);
  gtk_label_set_label (self->pant_total_label, pant);
  gtk_label_set_label (self->total_label, total);
  gtk_widget_set_visible (GTK_WIDGET (self->pant_label), pant_ore > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->pant_total_label), pant_ore > 0);
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "basket");
}

static void
undo_clicked_cb (AdwToast *toast,
                 Removed  *removed)
{
  const char *product_id = handla_product_get_id (removed->product);

  /* The visit ended since: the line is not put back in anybody's basket. */
  if (g_strcmp0 (handla_basket_get_customer_id (removed->basket), removed->customer_id) != 0)
    return;

  /* The whole line: its substitution choice and note too. */
  handla_basket_set_quantity (removed->basket, removed->product, removed->quantity);
  handla_basket_set_substitution (removed->basket, product_id, removed->substitution);
  handla_basket_set_note (removed->basket, product_id, removed->note);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (widget);
  HandlaBasket *basket = get_basket (self);
  const char *product_id = g_variant_get_string (parameter, NULL);
  HandlaBasketLine *line = handla_basket_find_line (basket, product_id);
  g_autofree char *title = NULL;
  AdwToast *toast;
  Removed *removed;

  if (line == NULL)
    return;

  removed = g_new0 (Removed, 1);
  removed->product = g_object_ref (handla_basket_line_get_product (line));
  removed->quantity = handla_basket_line_get_quantity (line);
  removed->substitution = handla_basket_line_get_substitution (line);
  removed->note = g_strdup (handla_basket_line_get_note (line));
  removed->basket = g_object_ref (basket);
  removed->customer_id = g_strdup (handla_basket_get_customer_id (basket));
  handla_basket_remove (basket, product_id);

  /* Translators: a toast after removing a line; %s is the product */
  title = g_strdup_printf (_("%s was removed"), handla_product_get_name (removed->product));
  toast = handla_toast_new (title);
  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_timeout (toast, UNDO_SECONDS);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked",
                         G_CALLBACK (undo_clicked_cb), removed,
                         (GClosureNotify)(void (*)(void))removed_free, 0);
  handla_page_add_toast (HANDLA_PAGE (self), toast);
}

static void
handla_basket_page_context_set (HandlaPage *page)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (page);
  HandlaBasket *basket = get_basket (self);

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (basket), create_row, self, NULL);
  g_signal_connect_object (basket, "items-changed", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::goods-total", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::pant-total", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  update_cb (self);
}

static void
handla_basket_page_dispose (GObject *object)
{
  HandlaBasketPage *self = (HandlaBasketPage *)object;

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  /* AdwBin would unparent the child again after the template let it go. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_BASKET_PAGE);

  G_OBJECT_CLASS (handla_basket_page_parent_class)->dispose (object);
}

static void
handla_basket_page_class_init (HandlaBasketPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_basket_page_dispose;
  page_class->context_set = handla_basket_page_context_set;

  g_type_ensure (HANDLA_TYPE_BASKET_ROW);
  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-basket-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, goods_total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, pant_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, pant_total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, total_label);

  gtk_widget_class_install_action (widget_class, "basket-page.remove", "s", remove_action);
}

static void
handla_basket_page_init (HandlaBasketPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Basket"));
}
