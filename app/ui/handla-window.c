/* handla-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-basket-page.h"
#include "handla-categories-page.h"
#include "handla-customers-page.h"
#include "handla-delivery-check-page.h"
#include "handla-delivery-page.h"
#include "handla-home-page.h"
#include "handla-offers-page.h"
#include "handla-order-page.h"
#include "handla-orders-page.h"
#include "handla-product-page.h"
#include "handla-products-page.h"
#include "handla-review-page.h"
#include "handla-search-page.h"
#include "handla-text-size.h"
#include "handla-ui-utils.h"
#include "handla-visit-end-page.h"
#include "handla-window.h"

/*
 * The window is a header (Back, the page title, "Aa") over a stack of
 * pages. Navigation keeps a history of page names: each page is
 * one widget that appears at most once in the history, so going back
 * shows it as it was left.
 *
 * The window follows the visit (HandlaContext:customer). It starts on the
 * Customers page; when a visit begins, Home shows for that customer and
 * the header carries the customer's name on every page of the visit.
 * "End visit" (win.end-visit, on Home, which Back always leads to) shows
 * the visit summary, whose button (win.finish-visit) ends the visit; then
 * every page drops the customer's data (handla_page_clear()), the history
 * is forgotten, so Back can never return to a customer page, and the
 * Customers page shows. No customer page can be shown without a visit.
 */

struct _HandlaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkButton            *back_button;
  GtkLabel             *title_label;
  GtkMenuButton        *text_size_button;
  GtkStack             *stack;
  HandlaPage           *customers_page;
  HandlaPage           *home_page;
  HandlaPage           *categories_page;
  HandlaPage           *products_page;
  HandlaPage           *product_page;
  HandlaPage           *basket_page;
  HandlaPage           *delivery_page;
  HandlaPage           *review_page;
  HandlaPage           *orders_page;
  HandlaPage           *order_page;
  HandlaPage           *delivery_check_page;
  HandlaPage           *search_page;
  HandlaPage           *visit_end_page;
  HandlaPage           *offers_page;

  /* Owned references */
  HandlaContext        *context;
  GPtrArray            *history;
  GSignalGroup         *title_binding;
};

G_DEFINE_FINAL_TYPE (HandlaWindow, handla_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

/* Pages that show the visit's customer: all but the Customers list. */
static gboolean
is_customer_page (const char *name)
{
  return g_strcmp0 (name, "customers") != 0;
}

/* The page's title, with the customer's name on every customer page
 * ("Basket — Anna K."; on Home the name alone). */
static void
update_title (HandlaWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *page = gtk_stack_get_visible_child (self->stack);
  const char *title = page != NULL ? handla_page_get_title (HANDLA_PAGE (page)) : NULL;
  const char *customer = self->context != NULL
                         ? handla_context_get_customer_name (self->context) : NULL;
  g_autofree char *text = NULL;

  if (customer == NULL || !is_customer_page (name))
    text = g_strdup (title);
  else if (g_strcmp0 (name, "home") == 0)
    text = g_strdup (customer);
  else
    /* Translators: the header: the page, then the customer, e.g. "Basket — Anna K." */
    text = g_strdup_printf (_("%s — %s"), title, customer);

  gtk_label_set_label (self->title_label, text != NULL ? text : "");
  gtk_window_set_title (GTK_WINDOW (self), text);
}

static void
update_navigation (HandlaWindow *self)
{
  gboolean can_go_back = self->history->len > 0;
  gboolean in_visit = self->context != NULL && handla_context_get_customer (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", can_go_back);
  /* Hidden on the start page, where there is nowhere to go back to; the
   * other header buttons keep their places. */
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);

  /* "End visit" (on Home) and the summary's button, only in a visit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.end-visit", in_visit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish-visit", in_visit);
  update_title (self);
}

static void
show_page (HandlaWindow *self,
           const char   *name)
{
  const char *current = gtk_stack_get_visible_child_name (self->stack);
  GtkWidget *page;

  /* Without a visit, only the Customers page. */
  if (is_customer_page (name) && handla_context_get_customer (self->context) == NULL)
    name = "customers";

  if (g_strcmp0 (current, name) != 0)
    {
      /* A page already in the history is returned to, not stacked twice. */
      for (guint i = 0; i < self->history->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (self->history, i), name))
            {
              g_ptr_array_set_size (self->history, i);
              current = NULL;
              break;
            }
        }

      if (current != NULL)
        g_ptr_array_add (self->history, g_strdup (current));

      /* Home and Customers are where a visit begins and ends: nothing
       * before them to go back to. */
      if (g_str_equal (name, "home") || g_str_equal (name, "customers"))
        g_ptr_array_set_size (self->history, 0);

      gtk_stack_set_visible_child_name (self->stack, name);
    }

  page = gtk_stack_get_visible_child (self->stack);
  handla_page_shown (HANDLA_PAGE (page));
  update_navigation (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);
  g_autofree char *previous = NULL;

  if (self->history->len == 0)
    return;

  previous = g_strdup (g_ptr_array_index (self->history, self->history->len - 1));
  g_ptr_array_set_size (self->history, self->history->len - 1);

  /* The history is forgotten when a visit ends; never back to a
   * customer page without one. */
  if (is_customer_page (previous) && handla_context_get_customer (self->context) == NULL)
    {
      g_ptr_array_set_size (self->history, 0);
      update_navigation (self);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, previous);
  handla_page_shown (HANDLA_PAGE (gtk_stack_get_visible_child (self->stack)));
  update_navigation (self);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No page called “%s”", name);
      return;
    }

  show_page (self, name);
}

static void
show_category_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  HandlaCategory *category;

  category = handla_categories_page_find (HANDLA_CATEGORIES_PAGE (self->categories_page), id);
  if (category == NULL)
    {
      g_warning ("No category “%s”", id);
      return;
    }

  handla_products_page_show_category (HANDLA_PRODUCTS_PAGE (self->products_page), category);
  show_page (self, "products");
}

static void
show_product_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);

  handla_product_page_show_product (HANDLA_PRODUCT_PAGE (self->product_page),
                                    g_variant_get_string (parameter, NULL));
  show_page (self, "product");
}

static void
show_order_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (self->context));
  gint64 local_id = g_variant_get_int64 (parameter);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(HandlaOrder) order = g_list_model_get_item (orders, i);

      if (handla_order_get_local_id (order) == local_id)
        {
          handla_order_page_set_order (HANDLA_ORDER_PAGE (self->order_page), order);
          show_page (self, "order");
          return;
        }
    }

  g_warning ("No order %" G_GINT64_FORMAT, local_id);
}

/* The delivery check of the order with the local id @parameter. */
static void
check_delivery_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (self->context));
  gint64 local_id = g_variant_get_int64 (parameter);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(HandlaOrder) order = g_list_model_get_item (orders, i);

      if (handla_order_get_local_id (order) == local_id)
        {
          handla_delivery_check_page_set_order (HANDLA_DELIVERY_CHECK_PAGE (self->delivery_check_page),
                                                order);
          show_page (self, "delivery-check");
          return;
        }
    }

  g_warning ("No order %" G_GINT64_FORMAT, local_id);
}

static void
end_visit_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);

  if (handla_context_get_customer (self->context) != NULL)
    show_page (self, "visit-end");
}

static void
finish_visit_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  HandlaWindow *self = HANDLA_WINDOW (widget);

  /* customer_changed_cb() does the rest. */
  handla_context_end_visit (self->context);
}

/* A visit began (Home for the customer) or ended (every page lets go of
 * the customer, the history goes, and the Customers page shows). */
static void
customer_changed_cb (HandlaWindow *self)
{
  GtkWidget *child;

  g_ptr_array_set_size (self->history, 0);

  if (handla_context_get_customer (self->context) != NULL)
    {
      show_page (self, "home");
      return;
    }

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *page = gtk_stack_page_get_child (gtk_stack_get_page (self->stack, child));

      if (HANDLA_IS_PAGE (page))
        handla_page_clear (HANDLA_PAGE (page));
    }

  show_page (self, "customers");
}

static void
add_toast_cb (HandlaWindow *self,
              AdwToast     *toast)
{
  handla_window_add_toast (self, g_object_ref (toast));
}

/* The basket was merged with another tablet's changes, or the supplier
 * refused it: on another page the carer reads it once, for long enough;
 * the basket page shows it as a note that stays. */
static void
basket_notice_cb (HandlaWindow *self,
                  const char   *text)
{
  AdwToast *toast;

  /* The basket page keeps its own note until the carer dismisses it
   * (above the lines: an empty basket shows no note, so a toast). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "basket") == 0 &&
      g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_basket (self->context))) > 0)
    return;

  toast = handla_toast_new (text);

  adw_toast_set_timeout (toast, 10);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  handla_window_add_toast (self, toast);
}

static void
text_size_changed_cb (HandlaWindow *self,
                      const char   *key,
                      GSettings    *settings)
{
  g_autofree char *nick = g_settings_get_string (settings, "text-size");

  handla_text_size_apply (gtk_widget_get_display (GTK_WIDGET (self)),
                          handla_text_size_from_nick (nick));
}

static void
kiosk_mode_changed_cb (HandlaWindow *self,
                       const char   *key,
                       GSettings    *settings)
{
  gboolean kiosk = g_settings_get_boolean (settings, "kiosk-mode");

  /* On the care tablets there is no way out to a desktop. */
  adw_header_bar_set_show_start_title_buttons (self->header_bar, !kiosk);
  adw_header_bar_set_show_end_title_buttons (self->header_bar, !kiosk);

  if (kiosk)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else
    gtk_window_unfullscreen (GTK_WINDOW (self));
}

static void
setup_settings (HandlaWindow *self)
{
  GSettings *settings = handla_context_get_settings (self->context);
  g_autoptr(GSimpleActionGroup) group = NULL;
  g_autoptr(GAction) text_size = NULL;

  if (settings == NULL)
    {
      handla_text_size_apply (gtk_widget_get_display (GTK_WIDGET (self)), HANDLA_TEXT_SIZE_NORMAL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->text_size_button), FALSE);
      return;
    }

  group = g_simple_action_group_new ();
  text_size = g_settings_create_action (settings, "text-size");
  g_action_map_add_action (G_ACTION_MAP (group), text_size);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  g_signal_connect_object (settings, "changed::text-size",
                           G_CALLBACK (text_size_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::kiosk-mode",
                           G_CALLBACK (kiosk_mode_changed_cb), self, G_CONNECT_SWAPPED);
  text_size_changed_cb (self, "text-size", settings);
  kiosk_mode_changed_cb (self, "kiosk-mode", settings);
}

static void
handla_window_constructed (GObject *object)
{
  HandlaWindow *self = (HandlaWindow *)object;
  HandlaPage *pages[] = {
    self->customers_page,
    self->home_page,
    self->categories_page,
    self->products_page,
    self->product_page,
    self->basket_page,
    self->delivery_page,
    self->review_page,
    self->orders_page,
    self->order_page,
    self->delivery_check_page,
    self->search_page,
    self->visit_end_page,
    self->offers_page,
  };

  G_OBJECT_CLASS (handla_window_parent_class)->constructed (object);

  g_assert (self->context != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      handla_page_set_context (pages[i], self->context);
      g_signal_connect_object (pages[i], "add-toast",
                               G_CALLBACK (add_toast_cb), self, G_CONNECT_SWAPPED);
    }

  g_signal_connect_object (self->context, "basket-notice",
                           G_CALLBACK (basket_notice_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::customer",
                           G_CALLBACK (customer_changed_cb), self, G_CONNECT_SWAPPED);

  setup_settings (self);
  /* A visit the context already has goes on at Home; else the list. */
  show_page (self, handla_context_get_customer (self->context) != NULL ? "home" : "customers");
}

static void
visible_page_changed_cb (HandlaWindow *self)
{
  g_signal_group_set_target (self->title_binding, gtk_stack_get_visible_child (self->stack));
  update_title (self);
}

static void
handla_window_dispose (GObject *object)
{
  HandlaWindow *self = (HandlaWindow *)object;

  if (self->title_binding != NULL)
    g_signal_group_set_target (self->title_binding, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (handla_window_parent_class)->dispose (object);
}

static void
handla_window_finalize (GObject *object)
{
  HandlaWindow *self = (HandlaWindow *)object;

  g_clear_object (&self->title_binding);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (handla_window_parent_class)->finalize (object);
}

static void
handla_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HandlaWindow *self = HANDLA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HandlaWindow *self = HANDLA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_window_class_init (HandlaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = handla_window_constructed;
  object_class->dispose = handla_window_dispose;
  object_class->finalize = handla_window_finalize;
  object_class->get_property = handla_window_get_property;
  object_class->set_property = handla_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         HANDLA_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (HANDLA_TYPE_BASKET_PAGE);
  g_type_ensure (HANDLA_TYPE_CATEGORIES_PAGE);
  g_type_ensure (HANDLA_TYPE_HOME_PAGE);
  g_type_ensure (HANDLA_TYPE_ORDER_PAGE);
  g_type_ensure (HANDLA_TYPE_ORDERS_PAGE);
  g_type_ensure (HANDLA_TYPE_PRODUCT_PAGE);
  g_type_ensure (HANDLA_TYPE_PRODUCTS_PAGE);
  g_type_ensure (HANDLA_TYPE_SEARCH_PAGE);
  g_type_ensure (HANDLA_TYPE_VISIT_END_PAGE);
  g_type_ensure (HANDLA_TYPE_OFFERS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-window.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, text_size_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, home_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, categories_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, products_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, product_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, basket_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, delivery_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, review_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, order_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, delivery_check_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, search_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, visit_end_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaWindow, offers_page);
  gtk_widget_class_bind_template_callback (widget_class, visible_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-category", "s", show_category_action);
  gtk_widget_class_install_action (widget_class, "win.show-product", "s", show_product_action);
  gtk_widget_class_install_action (widget_class, "win.show-order", "x", show_order_action);
  gtk_widget_class_install_action (widget_class, "win.end-visit", NULL, end_visit_action);
  gtk_widget_class_install_action (widget_class, "win.finish-visit", NULL, finish_visit_action);
  gtk_widget_class_install_action (widget_class, "win.check-delivery", "x", check_delivery_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, GDK_ALT_MASK, "win.back", NULL);
}

static void
handla_window_init (HandlaWindow *self)
{
  self->history = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The visible page's title, followed as it changes (a category's name). */
  self->title_binding = g_signal_group_new (HANDLA_TYPE_PAGE);
  g_signal_group_connect_swapped (self->title_binding, "notify::title",
                                  G_CALLBACK (update_title), self);
  visible_page_changed_cb (self);
}

HandlaWindow *
handla_window_new (GtkApplication *application,
                   HandlaContext  *context)
{
  g_return_val_if_fail (!application || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (HANDLA_IS_CONTEXT (context), NULL);

  return g_object_new (HANDLA_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

HandlaContext *
handla_window_get_context (HandlaWindow *self)
{
  g_return_val_if_fail (HANDLA_IS_WINDOW (self), NULL);

  return self->context;
}

/**
 * handla_window_add_toast:
 * @self: a #HandlaWindow
 * @toast: (transfer full): the toast to show
 */
void
handla_window_add_toast (HandlaWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (HANDLA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * handla_window_get_page_name:
 * @self: a #HandlaWindow
 *
 * Returns: the name of the page on screen ("customers", "home",
 *   "categories", "products", "product", "basket", "delivery", "review",
 *   "orders", "order", "delivery-check", "search", "visit-end" or "offers")
 */
const char *
handla_window_get_page_name (HandlaWindow *self)
{
  g_return_val_if_fail (HANDLA_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * handla_window_get_page:
 * @self: a #HandlaWindow
 * @name: a page name
 *
 * Returns: (transfer none) (nullable): the page called @name
 */
GtkWidget *
handla_window_get_page (HandlaWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (HANDLA_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->stack, name);
}
