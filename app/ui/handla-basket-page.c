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
 *
 * While a sent order is changed (HandlaContext:change-order), the same
 * page edits the change: a banner names the order and the time left to
 * send the changes (or, past the cutoff, says they were not sent and the
 * order stays as it was), the main action is "Review the changes" instead
 * of "Choose delivery time" (a change keeps the order's delivery), and
 * "Forget the changes" forgets the change and shows the order.
 */

#define UNDO_SECONDS 10

struct _HandlaBasketPage
{
  HandlaPage  parent_instance;

  /* Template widgets */
  GtkStack   *stack;
  GtkWidget  *change_banner;
  GtkLabel   *change_label;
  GtkWidget  *discard_button;
  AdwStatusPage *empty_page;
  GtkWidget  *review_changes_button;
  GtkWidget  *delivery_button;
  GtkListBox *list_box;
  GtkLabel   *goods_total_label;
  GtkLabel   *pant_label;
  GtkLabel   *pant_total_label;
  GtkLabel   *total_label;

  /* Owned references */
  GSource    *minute_timer;   /* the change's countdown */
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

static void update_change (HandlaBasketPage *self);

static void
clear_timer (HandlaBasketPage *self)
{
  if (self->minute_timer == NULL)
    return;

  g_source_destroy (self->minute_timer);
  g_clear_pointer (&self->minute_timer, g_source_unref);
}

static gboolean
minute_cb (gpointer user_data)
{
  HandlaBasketPage *self = user_data;

  g_clear_pointer (&self->minute_timer, g_source_unref);
  update_change (self);

  return G_SOURCE_REMOVE;
}

/* The banner and the main action follow the change, and the countdown
 * is redrawn at the start of each minute on the HandlaClock. */
static void
update_change (HandlaBasketPage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  HandlaOrder *order = context != NULL ? handla_context_get_change_order (context) : NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *text = NULL;
  gboolean can_send = FALSE;

  clear_timer (self);
  gtk_widget_set_visible (self->change_banner, order != NULL);
  gtk_widget_set_visible (self->review_changes_button, order != NULL);
  gtk_widget_set_visible (self->delivery_button, order == NULL);
  if (order == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The basket is empty"));
      adw_status_page_set_description (self->empty_page,
                                       _("Choose products from the categories or the offers."));
      return;
    }

  adw_status_page_set_title (self->empty_page, _("The changed order has no goods"));
  adw_status_page_set_description (self->empty_page,
                                   _("A changed order needs at least one product. Add goods, "
                                     "or cancel the order on the order page to order nothing."));

  now = handla_clock_get_now (handla_context_get_clock (context));
  text = handla_format_change_banner (order, now, &can_send);
  gtk_label_set_label (self->change_label, text);
  gtk_widget_set_sensitive (self->review_changes_button, can_send);

  if (can_send)
    {
      next = g_date_time_add_seconds (now, 60 - g_date_time_get_seconds (now));
      self->minute_timer = handla_clock_source_new (handla_context_get_clock (context), next);
      g_source_set_callback (self->minute_timer, minute_cb, self, NULL);
      g_source_attach (self->minute_timer, NULL);
    }
}

static void
discard_change_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (widget);
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  g_autoptr(HandlaOrder) order = NULL;

  if (handla_context_get_change_order (context) == NULL)
    return;

  order = g_object_ref (handla_context_get_change_order (context));
  handla_context_discard_change (context);
  handla_page_add_toast (HANDLA_PAGE (self),
                         handla_toast_new (_("The changes are forgotten. The order stays as it "
                                             "was.")));
  gtk_widget_activate_action (widget, "win.show-order", "x", handla_order_get_local_id (order));
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
  g_signal_connect_object (handla_page_get_context (page), "notify::change-order",
                           G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);
  update_cb (self);
  update_change (self);
}

static void
handla_basket_page_shown (HandlaPage *page)
{
  update_change (HANDLA_BASKET_PAGE (page));
}

static void
handla_basket_page_dispose (GObject *object)
{
  HandlaBasketPage *self = (HandlaBasketPage *)object;

  clear_timer (self);
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
  page_class->shown = handla_basket_page_shown;

  g_type_ensure (HANDLA_TYPE_BASKET_ROW);
  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-basket-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, change_banner);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, change_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, discard_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, review_changes_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, delivery_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, goods_total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, pant_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, pant_total_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, total_label);

  gtk_widget_class_install_action (widget_class, "basket-page.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "basket-page.discard-change", NULL,
                                   discard_change_action);
}

static void
handla_basket_page_init (HandlaBasketPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Basket"));
}
