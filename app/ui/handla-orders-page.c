/* handla-orders-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-orders-page.h"
#include "handla-ui-utils.h"

/*
 * The orders list (PRODUCT.md screen 10): the current customer's orders,
 * newest first (HandlaOrders keeps them so), each with its delivery day,
 * its status in words and its total. A row opens the order
 * (win.show-order with the order's local id). Only one customer's orders
 * are ever on screen: the list is a GtkFilterListModel over HandlaOrders.
 */

struct _HandlaOrdersPage
{
  HandlaPage         parent_instance;

  /* Template widgets */
  GtkStack          *stack;
  GtkListBox        *list_box;

  /* Owned references */
  GtkFilterListModel *model;
  GCancellable       *cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaOrdersPage, handla_orders_page, HANDLA_TYPE_PAGE)

static void
update_row (AdwActionRow *row,
            GParamSpec   *pspec,
            HandlaOrder  *order)
{
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "status-icon");
  GDateTime *start = handla_order_get_window_start (order);
  g_autofree char *title = NULL;
  g_autofree char *total = handla_money_format (handla_order_get_goods_total (order) +
                                                handla_order_get_pant_total (order));
  g_autofree char *subtitle = NULL;

  if (start != NULL)
    {
      g_autofree char *day = handla_format_day (start);

      /* Translators: an order in the list, by its delivery day, e.g.
       * "Delivery Thursday 15 January" */
      title = g_strdup_printf (_("Delivery %s"), day);
    }
  else
    title = g_strdup (_("Order"));

  /* Translators: an order's status and what the customer pays, e.g.
   * "Confirmed by the supplier · 257,60 kr" */
  subtitle = g_strdup_printf (_("%s · %s"), handla_order_status_title (order), total);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (row, subtitle);
  gtk_image_set_from_icon_name (icon, handla_order_status_icon (order));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  HandlaOrder *order = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  /* The row says where it goes; the arrow is only drawn. */
  GtkWidget *arrow = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", "go-next-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-order");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", handla_order_get_local_id (order));
  gtk_widget_add_css_class (row, "handla-row");
  g_object_set_data (G_OBJECT (row), "status-icon", icon);

  g_signal_connect_object (order, "notify", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  update_row (ADW_ACTION_ROW (row), NULL, order);

  return row;
}

static gboolean
is_current_customer (gpointer item,
                     gpointer user_data)
{
  HandlaOrdersPage *self = user_data;
  HandlaBasket *basket = handla_context_get_basket (handla_page_get_context (HANDLA_PAGE (self)));

  return g_strcmp0 (handla_order_get_customer_id (item),
                    handla_basket_get_customer_id (basket)) == 0;
}

static void
items_changed_cb (HandlaOrdersPage *self)
{
  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0
                                    ? "orders" : "empty");
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Each order says itself where it stands; a failure leaves the
   * stored copies, as the order page says. */
  if (!handla_orders_refresh_open_finish (HANDLA_ORDERS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Could not refresh the orders: %s", error->message);
}

/* The customer's orders only: again whenever the customer changes. */
static void
refilter (HandlaOrdersPage *self)
{
  if (self->model != NULL)
    gtk_filter_changed (gtk_filter_list_model_get_filter (self->model),
                        GTK_FILTER_CHANGE_DIFFERENT);
}

static void
handla_orders_page_clear (HandlaPage *page)
{
  HandlaOrdersPage *self = HANDLA_ORDERS_PAGE (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  refilter (self);
}

static void
handla_orders_page_shown (HandlaPage *page)
{
  HandlaOrdersPage *self = HANDLA_ORDERS_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);

  refilter (self);

  handla_orders_refresh_open_async (handla_context_get_orders (context),
                                    handla_basket_get_customer_id (handla_context_get_basket (context)),
                                    self->cancellable, refreshed_cb, NULL);
}

static void
handla_orders_page_context_set (HandlaPage *page)
{
  HandlaOrdersPage *self = HANDLA_ORDERS_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);
  GtkCustomFilter *filter = gtk_custom_filter_new (is_current_customer, self, NULL);

  self->model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (handla_context_get_orders (context))),
                                           GTK_FILTER (filter));
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->model), create_row, NULL, NULL);
  items_changed_cb (self);
}

static void
handla_orders_page_dispose (GObject *object)
{
  HandlaOrdersPage *self = (HandlaOrdersPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->model);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_ORDERS_PAGE);

  G_OBJECT_CLASS (handla_orders_page_parent_class)->dispose (object);
}

static void
handla_orders_page_class_init (HandlaOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_orders_page_dispose;
  page_class->context_set = handla_orders_page_context_set;
  page_class->shown = handla_orders_page_shown;
  page_class->clear = handla_orders_page_clear;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrdersPage, list_box);
}

static void
handla_orders_page_init (HandlaOrdersPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Orders"));
}

/**
 * handla_orders_page_get_model:
 * @self: a #HandlaOrdersPage
 *
 * Returns: (transfer none) (nullable): the orders listed, newest first
 */
GListModel *
handla_orders_page_get_model (HandlaOrdersPage *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->model);
}
