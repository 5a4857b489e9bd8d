/* handla-home-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "handla-home-page.h"
#include "handla-ui-utils.h"

/*
 * The customer's start page. A banner says when the next delivery comes
 * and how long there is left to order or change it: the customer's next
 * open order if there is one, else the next agreed delivery day and its
 * cutoff. It is redrawn at every minute of the HandlaClock (a fake clock
 * in tests moves it), when the orders change and when a visit begins.
 *
 * Below it, large tiles, two by two (one above the other when the text
 * is too large for two side by side): Basket (with what is in it),
 * Categories, Offers, Search and Orders; and under them "End visit"
 * (win.end-visit), which shows the visit summary.
 */

struct _HandlaHomePage
{
  HandlaPage  parent_instance;

  /* Template widgets */
  GtkWidget  *banner;
  GtkLabel   *banner_title;
  GtkLabel   *banner_detail;
  GtkFlowBox *tiles;
  GtkLabel   *basket_summary;
  GtkButton  *basket_tile;
  GtkButton  *end_visit_button;

  /* Owned references */
  GSource    *minute_timer;   /* the banner, once a minute */
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

static void update_banner (HandlaHomePage *self);

static gboolean
minute_cb (gpointer user_data)
{
  HandlaHomePage *self = user_data;

  g_clear_pointer (&self->minute_timer, g_source_unref);
  update_banner (self);

  return G_SOURCE_REMOVE;
}

/* The banner is redrawn at the start of the next minute on the
 * HandlaClock, never more often (tablets run on battery). */
static void
arm_timer (HandlaHomePage *self,
           GDateTime      *now)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));

  handla_minute_timer_clear (&self->minute_timer);
  self->minute_timer = handla_minute_timer_new (handla_context_get_clock (context), now,
                                                minute_cb, self);
}

/* The customer's open order that is delivered first, if any. */
static HandlaOrder *
find_next_order (HandlaContext *context,
                 const char    *customer_id,
                 GDateTime     *now)
{
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (context));
  HandlaOrder *next = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(HandlaOrder) order = g_list_model_get_item (orders, i);
      GDateTime *end = handla_order_get_window_end (order);

      if (g_strcmp0 (handla_order_get_customer_id (order), customer_id) != 0 ||
          !handla_order_is_open (order) ||
          handla_order_get_window_start (order) == NULL ||
          (end != NULL && g_date_time_compare (end, now) <= 0))
        continue;

      if (next == NULL ||
          g_date_time_compare (handla_order_get_window_start (order),
                               handla_order_get_window_start (next)) < 0)
        g_set_object (&next, order);
    }

  return next;
}

/* "HH:MM" (Stockholm) on @date's day, or NULL. */
static GDateTime *
agreed_time_on (GDateTime  *day,
                const char *hhmm)
{
  int hours, minutes;

  if (hhmm == NULL || sscanf (hhmm, "%d:%d", &hours, &minutes) != 2)
    return NULL;

  return g_date_time_new (handla_time_zone_stockholm (),
                          g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), hours, minutes, 0);
}

static void
describe_order (HandlaOrder  *order,
                GDateTime    *now,
                char        **title,
                char        **detail)
{
  GDateTime *start = handla_order_get_planned_start (order);
  GDateTime *end = handla_order_get_planned_end (order);
  GDateTime *cutoff = handla_order_get_cutoff (order);
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;

  /* The window the supplier announced, once it has. */
  if (start == NULL || end == NULL)
    {
      start = handla_order_get_window_start (order);
      end = handla_order_get_window_end (order);
    }

  day = handla_format_day (start);
  window = end != NULL ? handla_format_window (start, end) : handla_format_clock (start);
  /* Translators: the home page banner, e.g. "Next delivery Thursday 15 January, 10:00–14:00" */
  *title = g_strdup_printf (_("Next delivery %s, %s"), day, window);

  switch (handla_order_get_lock (order, now))
    {
    case HANDLA_ORDER_LOCK_NONE:
      if (cutoff != NULL)
        {
          g_autofree char *cutoff_day = handla_format_day (cutoff);
          g_autofree char *cutoff_clock = handla_format_clock (cutoff);
          g_autofree char *left = handla_format_time_left (handla_order_get_time_left (order, now));

          /* Translators: e.g. "The order can be cancelled until Wednesday
           * 14 January 12:00: 1 day 3 h left." */
          *detail = g_strdup_printf (_("The order can be cancelled until %s %s: %s left."),
                                     cutoff_day, cutoff_clock, left);
        }
      else
        *detail = g_strdup (_("The order can still be cancelled."));
      break;

    case HANDLA_ORDER_LOCK_CUTOFF:
      *detail = g_strdup (_("Too late to change the order: the supplier is packing it. "
                            "The unit can call the supplier."));
      break;

    case HANDLA_ORDER_LOCK_STARTED:
    case HANDLA_ORDER_LOCK_CANCELLED:
    default:
      *detail = g_strdup (handla_order_status_title (order));
      break;
    }
}

/* The next agreed delivery whose cutoff has not passed; @missed is the
 * one before it when that one's cutoff has just passed. */
static void
describe_agreed (HandlaCustomer  *customer,
                 GDateTime       *now,
                 char           **title,
                 char           **detail)
{
  GDateWeekday weekday = handla_customer_get_agreed_weekday (customer);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, handla_time_zone_stockholm ());
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) cutoff = NULL;
  g_autofree char *missed = NULL;
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  g_autofree char *cutoff_day = NULL;
  g_autofree char *cutoff_clock = NULL;
  g_autofree char *left = NULL;
  g_autofree char *order_by = NULL;

  if (!g_date_valid_weekday (weekday))
    {
      *title = g_strdup (_("No agreed delivery day"));
      *detail = g_strdup (_("Choose a delivery time from the basket. Orders must be sent by "
                            "12:00 the day before delivery."));
      return;
    }

  for (int days = 0; days < 15 && cutoff == NULL; days++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (local, days);
      g_autoptr(GDateTime) candidate = NULL;
      g_autoptr(GDateTime) candidate_cutoff = NULL;

      if ((GDateWeekday)g_date_time_get_day_of_week (date) != weekday)
        continue;

      candidate = agreed_time_on (date, handla_customer_get_agreed_start (customer));
      if (candidate == NULL)
        candidate = g_date_time_new (handla_time_zone_stockholm (),
                                     g_date_time_get_year (date), g_date_time_get_month (date),
                                     g_date_time_get_day_of_month (date), 8, 0, 0);
      if (g_date_time_compare (candidate, now) <= 0)
        continue;

      candidate_cutoff = handla_cutoff_for_delivery (candidate, NULL);
      if (handla_cutoff_has_passed (candidate_cutoff, now))
        {
          /* Too late for this one: say so, and give the next. */
          g_autofree char *missed_day = handla_format_day (candidate);

          /* Translators: %s is a day, e.g. "Thursday 15 January" */
          missed = g_strdup_printf (_("Too late for delivery %s: the order had to be sent by "
                                      "12:00 the day before."), missed_day);
          continue;
        }

      start = g_steal_pointer (&candidate);
      end = agreed_time_on (date, handla_customer_get_agreed_end (customer));
      cutoff = g_steal_pointer (&candidate_cutoff);
    }

  g_return_if_fail (cutoff != NULL);

  day = handla_format_day (start);
  window = end != NULL ? handla_format_window (start, end) : handla_format_clock (start);
  cutoff_day = handla_format_day (cutoff);
  cutoff_clock = handla_format_clock (cutoff);
  left = handla_format_time_left (g_date_time_difference (cutoff, now));

  /* Translators: the home page banner, e.g. "Order by Wednesday 14
   * January 12:00 for delivery Thursday 15 January, 10:00–14:00" */
  *title = g_strdup_printf (_("Order by %s %s for delivery %s, %s"),
                            cutoff_day, cutoff_clock, day, window);
  /* Translators: the time left to the cutoff, e.g. "2 h 15 min left to order." */
  order_by = g_strdup_printf (_("%s left to order."), left);
  *detail = missed != NULL ? g_strconcat (missed, " ", order_by, NULL) : g_steal_pointer (&order_by);
}

static void
update_banner (HandlaHomePage *self)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  HandlaCustomer *customer = context != NULL ? handla_context_get_customer (context) : NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(HandlaOrder) order = NULL;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;

  handla_minute_timer_clear (&self->minute_timer);
  if (customer == NULL)
    {
      gtk_label_set_label (self->banner_title, "");
      gtk_label_set_label (self->banner_detail, "");
      gtk_widget_set_visible (self->banner, FALSE);
      return;
    }

  now = handla_clock_get_now (handla_context_get_clock (context));
  order = find_next_order (context, handla_customer_get_id (customer), now);
  if (order != NULL)
    describe_order (order, now, &title, &detail);
  else
    describe_agreed (customer, now, &title, &detail);

  gtk_label_set_label (self->banner_title, title);
  gtk_label_set_label (self->banner_detail, detail);
  gtk_widget_set_visible (self->banner, TRUE);
  accessible = g_strdup_printf ("%s. %s", title, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible,
                                  -1);
  arm_timer (self, now);
}

static void
handla_home_page_shown (HandlaPage *page)
{
  update_banner (HANDLA_HOME_PAGE (page));
}

static void
handla_home_page_clear (HandlaPage *page)
{
  update_banner (HANDLA_HOME_PAGE (page));
}

static void
handla_home_page_context_set (HandlaPage *page)
{
  HandlaHomePage *self = HANDLA_HOME_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);
  HandlaBasket *basket = handla_context_get_basket (context);

  g_signal_connect_object (context, "notify::customer",
                           G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (handla_context_get_orders (context), "items-changed",
                           G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  update_banner (self);

  g_signal_connect_object (basket, "notify::n-pieces",
                           G_CALLBACK (basket_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::goods-total",
                           G_CALLBACK (basket_changed_cb), self, G_CONNECT_SWAPPED);
  basket_changed_cb (self);
}

static void
handla_home_page_dispose (GObject *object)
{
  handla_minute_timer_clear (&HANDLA_HOME_PAGE (object)->minute_timer);
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
  page_class->shown = handla_home_page_shown;
  page_class->clear = handla_home_page_clear;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-home-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, banner);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, banner_title);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, banner_detail);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, tiles);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, basket_summary);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, basket_tile);
  gtk_widget_class_bind_template_child (widget_class, HandlaHomePage, end_visit_button);
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
