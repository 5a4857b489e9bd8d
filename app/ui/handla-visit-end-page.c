/* handla-visit-end-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"
#include "handla-visit-end-page.h"

/*
 * End visit (PRODUCT.md screen 11): a short summary for the carer's
 * notes, in large type: each order sent, changed or cancelled during the
 * visit (its number, its delivery day and window, the pant that comes
 * back) and the time the visit took. One button, "Close the visit"
 * (win.finish-visit), ends the visit: the window then clears every page
 * and shows the Customers list.
 */

struct _HandlaVisitEndPage
{
  HandlaPage  parent_instance;

  /* Template widgets */
  GtkBox     *orders_box;
  GtkLabel   *time_label;
  GtkLabel   *clear_label;
  GtkButton  *done_button;
};

G_DEFINE_FINAL_TYPE (HandlaVisitEndPage, handla_visit_end_page, HANDLA_TYPE_PAGE)

static GtkWidget *
add_label (GtkBox     *box,
           const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);

  return label;
}

/* One order: number and status, delivery, pant. */
static GtkWidget *
create_order_box (HandlaOrder *order)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  GDateTime *start = handla_order_get_planned_start (order);
  GDateTime *end = handla_order_get_planned_end (order);
  gint64 pant = handla_order_get_pant_total (order);
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  if (handla_order_get_number (order) != NULL)
    /* Translators: %s is the supplier's order number */
    title = g_strdup_printf (_("Order number %s"), handla_order_get_number (order));
  else
    title = g_strdup (_("Order without a number yet"));
  add_label (box, title, "handla-visit-summary");
  add_label (box, handla_order_status_title (order), "handla-tile-title");

  if (start == NULL || end == NULL)
    {
      start = handla_order_get_window_start (order);
      end = handla_order_get_window_end (order);
    }
  if (start != NULL && end != NULL)
    {
      g_autofree char *day = handla_format_day (start);
      g_autofree char *window = handla_format_window (start, end);

      /* Translators: e.g. "Delivery Thursday 15 January, 10:00–14:00" */
      text = g_strdup_printf (_("Delivery %s, %s"), day, window);
      add_label (box, text, "handla-visit-summary");
      g_clear_pointer (&text, g_free);
    }

  if (pant > 0)
    {
      g_autofree char *money = handla_money_format (pant);

      /* Translators: the deposit on the order's bottles and cans, e.g.
       * "Pant to get back: 4,00 kr" */
      text = g_strdup_printf (_("Pant to get back: %s"), money);
    }
  else
    text = g_strdup (_("No pant in this order"));
  add_label (box, text, "handla-visit-summary");

  return GTK_WIDGET (box);
}

static gboolean
in_visit (HandlaContext *context,
          HandlaOrder   *order)
{
  GArray *ids = handla_context_get_visit_orders (context);
  GDateTime *started = handla_context_get_visit_started (context);
  GDateTime *created = handla_order_get_created (order);

  if (g_strcmp0 (handla_order_get_customer_id (order),
                 handla_customer_get_id (handla_context_get_customer (context))) != 0)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == handla_order_get_local_id (order))
      return TRUE;

  return started != NULL && created != NULL && g_date_time_compare (created, started) >= 0;
}

static void
remove_orders (HandlaVisitEndPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->orders_box))) != NULL)
    gtk_box_remove (self->orders_box, child);
}

static void
handla_visit_end_page_shown (HandlaPage *page)
{
  HandlaVisitEndPage *self = HANDLA_VISIT_END_PAGE (page);
  HandlaContext *context = handla_page_get_context (page);
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (context));
  GDateTime *started = handla_context_get_visit_started (context);
  const char *name = handla_context_get_customer_name (context);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *spent = NULL;
  g_autofree char *text = NULL;
  guint n = 0;

  remove_orders (self);
  if (handla_context_get_customer (context) == NULL || started == NULL)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(HandlaOrder) order = g_list_model_get_item (orders, i);

      if (!in_visit (context, order))
        continue;
      gtk_box_append (self->orders_box, create_order_box (order));
      n++;
    }
  if (n == 0)
    add_label (self->orders_box, _("No order was sent or changed during this visit."),
               "handla-visit-summary");

  now = handla_clock_get_now (handla_context_get_clock (context));
  spent = handla_format_time_left (g_date_time_difference (now, started));
  /* Translators: how long the visit took, e.g. "Time spent: 25 min" */
  text = g_strdup_printf (_("Time spent: %s"), spent);
  gtk_label_set_label (self->time_label, text);
  g_clear_pointer (&text, g_free);

  /* Translators: %s is the customer's name, e.g. "Anna K." */
  text = g_strdup_printf (_("Write down what you need first. Closing the visit removes %s "
                            "from the tablet, and the list of customers comes back."), name);
  gtk_label_set_label (self->clear_label, text);
}

static void
handla_visit_end_page_clear (HandlaPage *page)
{
  HandlaVisitEndPage *self = HANDLA_VISIT_END_PAGE (page);

  remove_orders (self);
  gtk_label_set_label (self->time_label, "");
  gtk_label_set_label (self->clear_label, "");
}

static void
handla_visit_end_page_dispose (GObject *object)
{
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), HANDLA_TYPE_VISIT_END_PAGE);

  G_OBJECT_CLASS (handla_visit_end_page_parent_class)->dispose (object);
}

static void
handla_visit_end_page_class_init (HandlaVisitEndPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_visit_end_page_dispose;
  page_class->shown = handla_visit_end_page_shown;
  page_class->clear = handla_visit_end_page_clear;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/handla-visit-end-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaVisitEndPage, orders_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaVisitEndPage, time_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaVisitEndPage, clear_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaVisitEndPage, done_button);
}

static void
handla_visit_end_page_init (HandlaVisitEndPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("End of visit"));
}
