/* handla-review-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-reflow-layout.h"
#include "handla-review-page.h"
#include "handla-ui-utils.h"

/*
 * Review and send (PRODUCT.md screen 9): the customer, the held delivery
 * time and its cutoff, every line, what the customer pays and what the
 * municipality pays, and who orders. "Send order" is only here. Sending
 * saves the order on the tablet in one transaction (HandlaOrders); the
 * outbox sends it, once, now or when the network is back. The page then
 * says plainly which of the two happened, and follows the order until the
 * supplier has it.
 *
 * "Send order" can be used only when the supplier can accept the order:
 * a held time, goods that can be ordered, and at least the supplier's
 * smallest order for that time; otherwise the page says in words what
 * is missing.
 *
 * While a sent order is changed (HandlaContext:change-order) the page
 * reviews the change instead: the order's delivery (a change keeps it),
 * the lines as edited, the time left to send the change, and "Send
 * changes" (handla_context_send_change_async()), which can be used only
 * before the cutoff. The result follows the order: the change being
 * sent, then the supplier's changed order, or, if the supplier refused
 * it, that the order stays as it was and why.
 */

struct _HandlaReviewPage
{
  HandlaPage      parent_instance;

  /* Template widgets */
  GtkStack       *stack;
  GtkLabel       *customer_label;
  GtkLabel       *delivery_label;
  GtkLabel       *cutoff_label;
  GtkListBox     *lines_box;
  GtkLabel       *totals_label;
  GtkLabel       *fee_label;
  GtkLabel       *notes_label;
  GtkLabel       *cannot_send_label;
  GtkLabel       *mode_label;
  GtkCheckButton *confirm_check;
  GtkLabel       *confirm_label;
  GtkLabel       *network_label;
  GtkButton      *send_button;
  AdwStatusPage  *sent_page;
  GtkButton      *show_order_button;

  /* Owned references */
  GCancellable   *cancellable;
  GSignalGroup   *client_signals;  /* the context's supplier client's */
  HandlaOrder    *order;       /* the order sent (or changed) from here */
  gboolean        sending;     /* "send order" is being saved */
  gboolean        changed;     /* @order is a change sent from here */
  GSource        *minute_timer; /* the change's countdown */
};

G_DEFINE_FINAL_TYPE (HandlaReviewPage, handla_review_page, HANDLA_TYPE_PAGE)

static HandlaContext *
get_context (HandlaReviewPage *self)
{
  return handla_page_get_context (HANDLA_PAGE (self));
}

static gboolean
is_online (HandlaReviewPage *self)
{
  HandlaSupplierClient *client = handla_context_get_supplier_client (get_context (self));

  return client != NULL && handla_supplier_client_get_online (client);
}

static GtkWidget *
create_line_row (HandlaBasketLine *line)
{
  HandlaProduct *product = handla_basket_line_get_product (line);
  g_autofree char *quantity = handla_format_quantity (product, handla_basket_line_get_quantity (line));
  g_autofree char *total = handla_money_format (handla_basket_line_get_total (line));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *count = gtk_label_new (quantity);
  GtkWidget *name = gtk_label_new (handla_product_get_name (product));
  GtkWidget *amount = gtk_label_new (total);

  gtk_widget_add_css_class (box, "handla-row");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_size_request (count, 72, -1);
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (amount, "numeric");
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), amount);

  return box;
}

static void
update_network (HandlaReviewPage *self)
{
  gtk_label_set_label (self->network_label,
                       is_online (self)
                       ? ""
                       : _("The tablet is offline. The order will be saved and sent when the "
                           "network is back."));
  gtk_widget_set_visible (GTK_WIDGET (self->network_label), !is_online (self));
}

/* The delivery notes as the order sends them, in sentences. */
static char *
dup_notes_text (HandlaDeliveryNotes *notes)
{
  GString *text = g_string_new (NULL);

  g_string_append (text, handla_delivery_notes_get_carer_present (notes)
                         ? _("A carer is present at delivery.")
                         : _("No carer is present at delivery."));
  g_string_append_c (text, ' ');
  g_string_append (text, handla_delivery_notes_get_unpacking (notes)
                         ? _("The driver helps with unpacking.")
                         : _("No help with unpacking."));
  if (handla_delivery_notes_get_access (notes) != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: %s is how the driver gets in, e.g. "Key box, see care plan" */
      g_string_append_printf (text, _("How to get in: %s"), handla_delivery_notes_get_access (notes));
    }
  if (handla_delivery_notes_get_driver_note (notes) != NULL)
    {
      g_string_append_c (text, '\n');
      /* Translators: %s is the carer's note to the driver */
      g_string_append_printf (text, _("Note to the driver: %s"),
                              handla_delivery_notes_get_driver_note (notes));
    }

  return g_string_free (text, FALSE);
}

/* Why "Send order" cannot be used, or NULL when it can. */
static char *
why_not_sendable (HandlaBasket *basket,
                  HandlaSlot   *slot,
                  guint         n_available)
{
  gint64 goods = handla_basket_get_goods_total (basket);
  gint64 minimum = handla_slot_get_minimum_order (slot);
  g_autofree char *minimum_text = NULL;
  g_autofree char *missing_text = NULL;

  if (n_available == 0)
    return g_strdup (_("Nothing in the basket can be ordered. Add goods before sending the "
                       "order."));

  if (goods >= minimum)
    return NULL;

  minimum_text = handla_money_format (minimum);
  missing_text = handla_money_format (minimum - goods);
  /* Translators: the supplier's smallest order, and what is missing, e.g.
   * "The supplier’s smallest order for this delivery time is 200,00 kr of
   * goods. Add goods for 46,00 kr more." */
  return g_strdup_printf (_("The supplier’s smallest order for this delivery time is %s of "
                            "goods. Add goods for %s more."),
                          minimum_text, missing_text);
}

/* A joint order waits for the customer's own tick; one on the
 * customer's behalf needs none. */
static gboolean
needs_confirmation (HandlaReviewPage *self)
{
  return handla_context_get_visit_mode (get_context (self)) == HANDLA_ORDER_MODE_TOGETHER;
}

/* Who orders is the visit's: said in words, and for a joint order the
 * customer's own agreement. */
static void
update_mode (HandlaReviewPage *self)
{
  HandlaContext *context = get_context (self);
  const char *name = handla_context_get_customer_name (context);
  g_autofree char *mode = NULL;
  g_autofree char *agree = NULL;

  if (name == NULL)
    return;

  if (needs_confirmation (self))
    {
      /* Translators: %s is the customer's name, e.g. "Anna K." */
      mode = g_strdup_printf (_("Together with %s, who looks at the order and agrees to it "
                                "before it is sent."), name);
      /* Translators: the customer ticks this; %s is the customer's name */
      agree = g_strdup_printf (_("%s has looked at the order and agrees"), name);
    }
  else
    /* Translators: %s is the customer's name, e.g. "Anna K." */
    mode = g_strdup_printf (_("On %s’s behalf. You order alone; the order says so."), name);

  gtk_label_set_label (self->mode_label, mode);
  gtk_label_set_label (self->confirm_label, agree != NULL ? agree : "");
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_check), agree != NULL);
}

static void update_review (HandlaReviewPage *self);

static gboolean
minute_cb (gpointer user_data)
{
  HandlaReviewPage *self = user_data;

  g_clear_pointer (&self->minute_timer, g_source_unref);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    update_review (self);

  return G_SOURCE_REMOVE;
}

/* The review of a change of @order: its delivery, the lines as edited,
 * and "Send changes" until the cutoff. */
static void
update_change_review (HandlaReviewPage *self,
                      HandlaOrder      *order)
{
  HandlaContext *context = get_context (self);
  HandlaBasket *basket = handla_context_get_basket (context);
  g_autoptr(GDateTime) now = handla_clock_get_now (handla_context_get_clock (context));
  g_autofree char *banner = NULL;
  g_autofree char *text = NULL;
  g_autofree char *goods = NULL;
  g_autofree char *pant = NULL;
  g_autofree char *pays = NULL;
  g_autofree char *agree = NULL;
  const char *cannot_send = NULL;
  gboolean can_send = FALSE;
  guint n_lines = g_list_model_get_n_items (G_LIST_MODEL (basket));
  guint n_available = 0;
  GtkWidget *child;

  handla_minute_timer_clear (&self->minute_timer);

  if (handla_order_get_number (order) != NULL)
    /* Translators: e.g. "Changes to order 4701 for Anna K." */
    text = g_strdup_printf (_("Changes to order %s for %s"), handla_order_get_number (order),
                            handla_context_get_customer_name (context));
  else
    /* Translators: e.g. "Changes to the order for Anna K." */
    text = g_strdup_printf (_("Changes to the order for %s"),
                            handla_context_get_customer_name (context));
  gtk_label_set_label (self->customer_label, text);
  g_clear_pointer (&text, g_free);

  if (handla_order_get_window_start (order) != NULL && handla_order_get_window_end (order) != NULL)
    {
      g_autofree char *day = handla_format_day (handla_order_get_window_start (order));
      g_autofree char *window = handla_format_window (handla_order_get_window_start (order),
                                                      handla_order_get_window_end (order));

      text = g_strdup_printf (_("Delivery %s, %s"), day, window);
    }
  handla_set_optional_label (self->delivery_label, text);
  g_clear_pointer (&text, g_free);

  banner = handla_format_change_banner (order, now, &can_send);
  gtk_label_set_label (self->cutoff_label, banner);
  /* The banner of a change, as on the basket page. */
  gtk_widget_remove_css_class (GTK_WIDGET (self->cutoff_label), "handla-secondary");
  gtk_widget_add_css_class (GTK_WIDGET (self->cutoff_label), "handla-warning");

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(HandlaBasketLine) line = g_list_model_get_item (G_LIST_MODEL (basket), i);

      if (handla_basket_line_get_available (line))
        {
          gtk_list_box_append (self->lines_box, create_line_row (line));
          n_available++;
        }
    }

  goods = handla_money_format (handla_basket_get_goods_total (basket));
  pant = handla_money_format (handla_basket_get_pant_total (basket));
  pays = handla_money_format (handla_basket_get_goods_total (basket) +
                              handla_basket_get_pant_total (basket));
  text = g_strdup_printf (_("The customer pays about %s (goods %s, pant %s). "
                            "The final sum comes after packing."),
                          pays, goods, pant);
  gtk_label_set_label (self->totals_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->fee_label), FALSE);

  /* A change keeps the order's delivery and its notes. */
  handla_set_optional_label (self->notes_label, NULL);
  update_mode (self);

  if (!can_send)
    cannot_send = _("The changes cannot be sent: see above.");
  else if (n_available == 0)
    cannot_send = _("A changed order needs at least one product. To order nothing, cancel the "
                    "order on the order page.");
  else if (needs_confirmation (self) && !gtk_check_button_get_active (self->confirm_check))
    {
      /* Translators: %s is the customer's name, e.g. "Anna K." */
      agree = g_strdup_printf (_("%s ticks the box below before the changes are sent."),
                               handla_context_get_customer_name (context));
      cannot_send = agree;
    }
  handla_set_optional_label (self->cannot_send_label, cannot_send);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review-page.send",
                                 cannot_send == NULL && !self->sending);
  gtk_button_set_label (self->send_button, _("Send changes"));
  update_network (self);
  gtk_stack_set_visible_child_name (self->stack, "review");

  if (can_send)
    self->minute_timer = handla_minute_timer_new (handla_context_get_clock (context), now,
                                                  minute_cb, self);
}

static void
update_review (HandlaReviewPage *self)
{
  HandlaContext *context = get_context (self);
  HandlaSlotHold *hold = handla_context_get_slot_hold (context);
  HandlaBasket *basket = handla_context_get_basket (context);
  HandlaSlot *slot;
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  g_autofree char *cutoff_day = NULL;
  g_autofree char *cutoff_time = NULL;
  g_autofree char *text = NULL;
  g_autofree char *goods = NULL;
  g_autofree char *pant = NULL;
  g_autofree char *pays = NULL;
  g_autofree char *fee = NULL;
  g_autofree char *cannot_send = NULL;
  g_autofree char *notes = NULL;
  GtkWidget *child;
  guint n_lines = g_list_model_get_n_items (G_LIST_MODEL (basket));
  guint n_available = 0;

  if (handla_context_get_change_order (context) != NULL)
    {
      update_change_review (self, handla_context_get_change_order (context));
      return;
    }

  handla_minute_timer_clear (&self->minute_timer);
  gtk_button_set_label (self->send_button, _("Send order"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->cutoff_label), "handla-warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->cutoff_label), "handla-secondary");
  gtk_widget_set_visible (GTK_WIDGET (self->fee_label), TRUE);

  if (hold == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "no-slot");
      return;
    }

  slot = handla_slot_hold_get_slot (hold);
  day = handla_format_day (handla_slot_get_start (slot));
  window = handla_format_window (handla_slot_get_start (slot), handla_slot_get_end (slot));
  cutoff_day = handla_format_day (handla_slot_get_cutoff (slot));
  cutoff_time = handla_format_clock (handla_slot_get_cutoff (slot));

  /* Translators: the customer whose order this is, e.g. "Order for Anna K." */
  text = g_strdup_printf (_("Order for %s"), handla_context_get_customer_name (context));
  gtk_label_set_label (self->customer_label, text);
  g_clear_pointer (&text, g_free);

  /* Translators: the delivery: day and window, e.g. "Delivery Thursday
   * 10 December, 10:00–14:00" */
  text = g_strdup_printf (_("Delivery %s, %s"), day, window);
  gtk_label_set_label (self->delivery_label, text);
  g_clear_pointer (&text, g_free);

  /* Translators: the cutoff, e.g. "Can be changed until Wednesday 9 December 12:00." */
  text = g_strdup_printf (_("Can be changed until %s %s."), cutoff_day, cutoff_time);
  gtk_label_set_label (self->cutoff_label, text);
  g_clear_pointer (&text, g_free);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);
  for (guint i = 0; i < n_lines; i++)
    {
      g_autoptr(HandlaBasketLine) line = g_list_model_get_item (G_LIST_MODEL (basket), i);

      if (handla_basket_line_get_available (line))
        {
          gtk_list_box_append (self->lines_box, create_line_row (line));
          n_available++;
        }
    }

  goods = handla_money_format (handla_basket_get_goods_total (basket));
  pant = handla_money_format (handla_basket_get_pant_total (basket));
  pays = handla_money_format (handla_basket_get_goods_total (basket) +
                              handla_basket_get_pant_total (basket));
  /* Translators: what the customer pays: the total, then goods and pant,
   * e.g. "The customer pays 312,40 kr (goods 306,40 kr, pant 6,00 kr)." */
  text = g_strdup_printf (_("The customer pays %s (goods %s, pant %s)."), pays, goods, pant);
  gtk_label_set_label (self->totals_label, text);
  g_clear_pointer (&text, g_free);

  fee = handla_money_format (handla_slot_get_fee (slot));
  /* Translators: the delivery fee, e.g. "The municipality pays the delivery, 49,00 kr." */
  text = g_strdup_printf (_("The municipality pays the delivery, %s."), fee);
  gtk_label_set_label (self->fee_label, text);

  update_mode (self);
  notes = dup_notes_text (handla_context_get_delivery_notes (context));
  handla_set_optional_label (self->notes_label, notes);

  cannot_send = why_not_sendable (basket, slot, n_available);
  if (cannot_send == NULL && needs_confirmation (self) &&
      !gtk_check_button_get_active (self->confirm_check))
    /* Translators: %s is the customer's name, e.g. "Anna K." */
    cannot_send = g_strdup_printf (_("%s ticks the box below before the order is sent."),
                                   handla_context_get_customer_name (context));
  gtk_label_set_label (self->cannot_send_label, cannot_send != NULL ? cannot_send : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cannot_send_label), cannot_send != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review-page.send",
                                 cannot_send == NULL && !self->sending);
  update_network (self);
  gtk_stack_set_visible_child_name (self->stack, "review");
}

static void
update_sent (HandlaReviewPage *self)
{
  g_autofree char *description = NULL;

  if (self->changed)
    {
      GDateTime *cutoff = handla_order_get_cutoff (self->order);

      if (handla_order_get_change_pending (self->order))
        {
          adw_status_page_set_title (self->sent_page, _("The change is saved"));
          if (!is_online (self))
            description = g_strdup (_("The tablet is offline. Handla sends the change, once, "
                                      "when the network is back. Nothing more needs to be "
                                      "done."));
          else
            description = g_strdup (_("Sending the change to the supplier…"));
        }
      else if (handla_order_get_attention (self->order) != NULL)
        {
          adw_status_page_set_title (self->sent_page, _("The change was not made"));
          /* Translators: %s says why the supplier refused the change */
          description = g_strdup_printf (_("%s The order stays as it was."),
                                         handla_order_get_attention (self->order));
        }
      else
        {
          adw_status_page_set_title (self->sent_page, _("The supplier has the changed order"));
          if (cutoff != NULL)
            {
              g_autofree char *day = handla_format_day (cutoff);
              g_autofree char *clock = handla_format_clock (cutoff);

              /* Translators: after a change, e.g. "It can be changed or
               * cancelled again until Wednesday 14 January 12:00." */
              description = g_strdup_printf (_("It can be changed or cancelled again until %s %s."),
                                             day, clock);
            }
        }
      adw_status_page_set_description (self->sent_page, description);
      return;
    }

  switch (handla_order_get_state (self->order))
    {
    case HANDLA_ORDER_STATE_SENT:
      adw_status_page_set_title (self->sent_page, _("The supplier has the order"));
      if (handla_order_get_cutoff (self->order) != NULL)
        {
          g_autofree char *day = handla_format_day (handla_order_get_cutoff (self->order));
          g_autofree char *clock = handla_format_clock (handla_order_get_cutoff (self->order));

          /* Translators: the order number and the cutoff, e.g. "Order
           * number 4701. It can be changed or cancelled on the order page
           * until Wednesday 14 January 12:00." */
          description = g_strdup_printf (_("Order number %s. It can be changed or cancelled on "
                                           "the order page until %s %s."),
                                         handla_order_get_number (self->order), day, clock);
        }
      else if (handla_order_get_number (self->order) != NULL)
        /* Translators: %s is the supplier's order number */
        description = g_strdup_printf (_("Order number %s. It can be changed until the cutoff."),
                                       handla_order_get_number (self->order));
      else
        description = g_strdup (_("It can be changed until the cutoff."));
      break;

    case HANDLA_ORDER_STATE_NEEDS_ATTENTION:
      adw_status_page_set_title (self->sent_page, _("The order needs attention"));
      description = g_strdup (handla_order_get_attention (self->order));
      break;

    case HANDLA_ORDER_STATE_QUEUED:
    default:
      adw_status_page_set_title (self->sent_page, _("The order is saved"));
      if (!is_online (self))
        description = g_strdup (_("The tablet is offline. Handla sends the order, once, when "
                                  "the network is back. Nothing more needs to be done."));
      else if (handla_order_get_last_error (self->order) != NULL)
        description = g_strdup (handla_order_get_last_error (self->order));
      else
        description = g_strdup (_("Sending it to the supplier…"));
      break;
    }

  adw_status_page_set_description (self->sent_page, description);
}

static void
confirm_toggled_cb (HandlaReviewPage *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "review") == 0)
    update_review (self);
}

static void
basket_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HandlaReviewPage *self = user_data;
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = handla_orders_send_basket_finish (HANDLA_ORDERS (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->sending = FALSE;
  if (order == NULL)
    {
      handla_page_add_toast (HANDLA_PAGE (self), handla_toast_new (error->message));
      update_review (self);
      return;
    }

  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_set_object (&self->order, order);
  self->changed = FALSE;
  g_signal_connect_object (order, "notify", G_CALLBACK (update_sent), self, G_CONNECT_SWAPPED);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->show_order_button), "x",
                                    handla_order_get_local_id (order));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_order_button), "win.show-order");
  handla_context_add_visit_order (get_context (self), handla_order_get_local_id (order));
  handla_context_set_slot_hold (get_context (self), NULL);
  gtk_check_button_set_active (self->confirm_check, FALSE);
  /* The note to the driver was for this delivery; how to get in and the
   * switches stay as the customer's defaults. */
  handla_delivery_notes_set_driver_note (handla_context_get_delivery_notes (get_context (self)), NULL);
  update_sent (self);
  gtk_stack_set_visible_child_name (self->stack, "sent");
}

static void
change_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  HandlaReviewPage *self = user_data;
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = handla_context_send_change_finish (HANDLA_CONTEXT (object), result, &error);
  if (order == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->sending = FALSE;
      /* Too late by the tablet's clock: the page says so, in words. */
      handla_page_add_toast (HANDLA_PAGE (self), handla_toast_new (error->message));
      update_review (self);
      return;
    }

  self->sending = FALSE;
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_set_object (&self->order, order);
  self->changed = TRUE;
  handla_context_add_visit_order (get_context (self), handla_order_get_local_id (order));
  gtk_check_button_set_active (self->confirm_check, FALSE);
  g_signal_connect_object (order, "notify", G_CALLBACK (update_sent), self, G_CONNECT_SWAPPED);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->show_order_button), "x",
                                    handla_order_get_local_id (order));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_order_button), "win.show-order");
  update_sent (self);
  gtk_stack_set_visible_child_name (self->stack, "sent");
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  HandlaReviewPage *self = HANDLA_REVIEW_PAGE (widget);
  HandlaContext *context = get_context (self);
  HandlaSlotHold *hold = handla_context_get_slot_hold (context);
  HandlaSlot *slot;
  g_autoptr(HandlaOrderDraft) draft = NULL;
  HandlaOrderMode mode;

  if (self->sending)
    return;

  mode = handla_context_get_visit_mode (context);
  if (handla_context_get_customer (context) == NULL ||
      (mode == HANDLA_ORDER_MODE_TOGETHER && !gtk_check_button_get_active (self->confirm_check)))
    return;

  if (handla_context_get_change_order (context) != NULL)
    {
      self->sending = TRUE;
      gtk_widget_action_set_enabled (widget, "review-page.send", FALSE);
      handla_context_send_change_async (context, mode, self->cancellable, change_sent_cb, self);
      return;
    }

  if (hold == NULL)
    return;

  slot = handla_slot_hold_get_slot (hold);
  draft = handla_order_draft_new (mode, handla_context_get_carer_id (context));
  handla_order_draft_set_slot (draft,
                               handla_slot_get_id (slot),
                               handla_slot_hold_get_id (hold),
                               handla_slot_get_start (slot),
                               handla_slot_get_end (slot),
                               handla_slot_get_cutoff (slot));
  handla_delivery_notes_apply (handla_context_get_delivery_notes (context), draft);

  /* Once: the button cannot be pressed again while the order is saved. */
  self->sending = TRUE;
  gtk_widget_action_set_enabled (widget, "review-page.send", FALSE);
  handla_orders_send_basket_async (handla_context_get_orders (context),
                                   handla_context_get_basket (context),
                                   draft,
                                   self->cancellable,
                                   basket_sent_cb,
                                   self);
}

/* The visit ended: nothing of the customer's order stays. */
static void
handla_review_page_clear (HandlaPage *page)
{
  HandlaReviewPage *self = HANDLA_REVIEW_PAGE (page);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->sending = FALSE;
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_clear_object (&self->order);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->show_order_button), NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);
  gtk_label_set_label (self->customer_label, "");
  gtk_label_set_label (self->delivery_label, "");
  gtk_label_set_label (self->cutoff_label, "");
  gtk_label_set_label (self->totals_label, "");
  gtk_label_set_label (self->fee_label, "");
  gtk_label_set_label (self->cannot_send_label, "");
  gtk_label_set_label (self->mode_label, "");
  gtk_label_set_label (self->confirm_label, "");
  gtk_check_button_set_active (self->confirm_check, FALSE);
  adw_status_page_set_title (self->sent_page, "");
  adw_status_page_set_description (self->sent_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "no-slot");
}

static void
handla_review_page_shown (HandlaPage *page)
{
  HandlaReviewPage *self = HANDLA_REVIEW_PAGE (page);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "sent") == 0 &&
      handla_context_get_slot_hold (get_context (self)) == NULL &&
      handla_context_get_change_order (get_context (self)) == NULL)
    return;

  update_review (self);
}

/* The review says whether the order goes now or later, and so does the
 * result of a saved order that still waits. */
static void
online_changed_cb (HandlaReviewPage *self)
{
  update_network (self);
  if (self->order != NULL)
    update_sent (self);
}

/* The client says whether the tablet is online; follow the one in use. */
static void
supplier_client_changed_cb (HandlaReviewPage *self)
{
  g_signal_group_set_target (self->client_signals,
                             handla_context_get_supplier_client (get_context (self)));
  online_changed_cb (self);
}

static void
handla_review_page_context_set (HandlaPage *page)
{
  HandlaReviewPage *self = HANDLA_REVIEW_PAGE (page);
  HandlaContext *context = get_context (self);

  g_signal_connect_object (context, "notify::supplier-client",
                           G_CALLBACK (supplier_client_changed_cb), self, G_CONNECT_SWAPPED);
  supplier_client_changed_cb (self);
}

static void
handla_review_page_dispose (GObject *object)
{
  HandlaReviewPage *self = (HandlaReviewPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  handla_minute_timer_clear (&self->minute_timer);
  g_clear_object (&self->client_signals);
  g_clear_object (&self->order);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (handla_review_page_parent_class)->dispose (object);
}

static void
handla_review_page_class_init (HandlaReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_review_page_dispose;
  page_class->context_set = handla_review_page_context_set;
  page_class->shown = handla_review_page_shown;
  page_class->clear = handla_review_page_clear;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, customer_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, cutoff_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, lines_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, fee_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, notes_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, cannot_send_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, mode_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, confirm_check);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, confirm_label);
  gtk_widget_class_bind_template_callback (widget_class, confirm_toggled_cb);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, network_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, sent_page);
  gtk_widget_class_bind_template_child (widget_class, HandlaReviewPage, show_order_button);

  gtk_widget_class_install_action (widget_class, "review-page.send", NULL, send_action);
}

static void
handla_review_page_init (HandlaReviewPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Review and send"));
  self->client_signals = g_signal_group_new (HANDLA_TYPE_SUPPLIER_CLIENT);
  g_signal_group_connect_swapped (self->client_signals, "notify::online",
                                  G_CALLBACK (online_changed_cb), self);
  /* A screen reader hears why "Send order" cannot be used. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->send_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->cannot_send_label, NULL,
                                  -1);
}
