/* handla-order-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "handla-order-page.h"
#include "handla-reflow-layout.h"
#include "handla-ui-utils.h"

/*
 * The order (PRODUCT.md screen 10): where it stands, in words with an
 * icon; its number; the delivery day and window (the planned window once
 * the supplier announces it); what became of each line after picking
 * (found, replaced by …, missing); what the customer and the municipality
 * pay; and, live from the clock, until when it can be changed or
 * cancelled, or why it no longer can. The page asks the supplier for the
 * order each time it is shown (HandlaOrders also keeps it fresh), and
 * follows the order's notify.
 *
 * Once the order is delivered, the one main action is "Check delivery"
 * (the delivery check page, win.check-delivery); the page then shows
 * the complaint in words (saved, sent, answered, refused), the
 * supplier's answer in plain words (what is credited, when the goods come
 * again) with its own text, and the carer's delivery note. A delivered
 * order whose complaint waits for an answer is still refreshed.
 *
 * "Cancel order" asks first (AdwMessageDialog) and then queues the
 * cancellation in the outbox. "Change order" puts the basket in change
 * mode for this order (handla_context_begin_change()) and shows the
 * basket page, where the order's lines are edited; see HACKING.md
 * "Changing an order". Both buttons can be used only while the order can
 * change and no change of it is on its way; otherwise the words above
 * them say why.
 */

struct _HandlaOrderPage
{
  HandlaPage    parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkImage     *status_icon;
  GtkLabel     *status_label;
  GtkLabel     *reason_label;
  GtkLabel     *number_label;
  GtkLabel     *delivery_label;
  GtkLabel     *booked_label;
  GtkLabel     *message_label;
  GtkLabel     *refresh_label;
  GtkListBox   *lines_box;
  GtkLabel     *totals_label;
  GtkLabel     *fee_label;
  GtkLabel     *complaint_label;
  GtkLabel     *answer_label;
  GtkLabel     *note_label;
  GtkLabel     *change_label;
  GtkButton    *cancel_button;
  GtkButton    *change_button;
  GtkButton    *check_button;

  /* Owned references */
  GCancellable *cancellable;
  HandlaOrder  *order;
  GSource      *minute_timer;   /* the countdown, once a minute */
};

G_DEFINE_FINAL_TYPE (HandlaOrderPage, handla_order_page, HANDLA_TYPE_PAGE)

static void update (HandlaOrderPage *self);

static HandlaContext *
get_context (HandlaOrderPage *self)
{
  return handla_page_get_context (HANDLA_PAGE (self));
}

static GDateTime *
get_now (HandlaOrderPage *self)
{
  return handla_clock_get_now (handla_context_get_clock (get_context (self)));
}

static gboolean
minute_cb (gpointer user_data)
{
  HandlaOrderPage *self = user_data;

  g_clear_pointer (&self->minute_timer, g_source_unref);
  update (self);

  return G_SOURCE_REMOVE;
}

/* The countdown is redrawn at the start of the next minute on the
 * HandlaClock, and not at all once the order is locked. */
static void
arm_timer (HandlaOrderPage *self,
           GDateTime       *now)
{
  handla_minute_timer_clear (&self->minute_timer);
  if (self->order == NULL || !handla_order_can_change (self->order, now))
    return;

  self->minute_timer = handla_minute_timer_new (handla_context_get_clock (get_context (self)), now,
                                                minute_cb, self);
}

/* What became of @line, in words; before picking, the carer's choice. */
static char *
line_result (HandlaOrderLine *line)
{
  switch (handla_order_line_get_picking (line))
    {
    case HANDLA_PICKING_FOUND:
      if (handla_order_line_get_picked_quantity (line) > 0 &&
          handla_order_line_get_picked_quantity (line) != handla_order_line_get_quantity (line))
        {
          g_autofree char *picked = handla_format_weight_or_count (
            handla_order_line_get_by_weight (line), handla_order_line_get_picked_quantity (line));

          /* Translators: a picked line with another count or weight, e.g.
           * "✓ Found: 842 g" */
          return g_strdup_printf (_("✓ Found: %s"), picked);
        }
      return g_strdup (_("✓ Found"));

    case HANDLA_PICKING_SUBSTITUTED:
      if (handla_order_line_get_substitute_size (line) != NULL)
        /* Translators: a substituted line: the substitute's name and size,
         * e.g. "→ Replaced by Ägg 10-pack, 10 st" */
        return g_strdup_printf (_("→ Replaced by %s, %s"),
                                handla_order_line_get_substitute_name (line),
                                handla_order_line_get_substitute_size (line));
      /* Translators: a substituted line: the substitute's name */
      return g_strdup_printf (_("→ Replaced by %s"),
                              handla_order_line_get_substitute_name (line));

    case HANDLA_PICKING_MISSING:
      return g_strdup (_("✗ Missing: not delivered"));

    case HANDLA_PICKING_NONE:
    default:
      return g_strdup (handla_substitution_title (handla_order_line_get_substitution (line)));
    }
}

static GtkWidget *
create_line_row (HandlaOrderLine *line)
{
  g_autofree char *quantity = handla_format_weight_or_count (handla_order_line_get_by_weight (line),
                                                             handla_order_line_get_quantity (line));
  g_autofree char *amount = handla_money_format (handla_order_line_get_amount (line));
  g_autofree char *result = line_result (line);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *count = gtk_label_new (quantity);
  GtkWidget *name = gtk_label_new (handla_order_line_get_name (line));
  GtkWidget *outcome = gtk_label_new (result);
  GtkWidget *cost = gtk_label_new (amount);
  GtkWidget *complaint = NULL;

  gtk_widget_add_css_class (box, "handla-row");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_size_request (count, 72, -1);
  gtk_widget_set_valign (count, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_wrap (GTK_LABEL (name), TRUE);
  gtk_label_set_xalign (GTK_LABEL (outcome), 0);
  gtk_label_set_wrap (GTK_LABEL (outcome), TRUE);
  gtk_widget_add_css_class (outcome, "handla-secondary");
  if (handla_order_line_get_picking (line) == HANDLA_PICKING_MISSING)
    gtk_widget_add_css_class (name, "handla-line-missing");
  if (handla_order_line_get_complaint (line) != HANDLA_DELIVERY_ARRIVED)
    {
      g_autofree char *reported = NULL;
      const char *note = handla_order_line_get_complaint_note (line);
      gboolean missing = handla_order_line_get_complaint (line) == HANDLA_DELIVERY_MISSING;

      if (note != NULL)
        /* Translators: %s is the carer's note on the line */
        reported = g_strdup_printf (missing ? _("Reported missing: “%s”")
                                            : _("Reported damaged: “%s”"),
                                    note);
      else
        reported = g_strdup (missing ? _("Reported missing") : _("Reported damaged"));
      complaint = gtk_label_new (reported);
      gtk_label_set_xalign (GTK_LABEL (complaint), 0);
      gtk_label_set_wrap (GTK_LABEL (complaint), TRUE);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_add_css_class (cost, "numeric");
  gtk_widget_set_valign (cost, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), outcome);
  if (complaint != NULL)
    gtk_box_append (GTK_BOX (texts), complaint);
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), cost);

  return box;
}

static void
update_delivery (HandlaOrderPage *self)
{
  GDateTime *start = handla_order_get_window_start (self->order);
  GDateTime *end = handla_order_get_window_end (self->order);
  GDateTime *planned_start = handla_order_get_planned_start (self->order);
  GDateTime *planned_end = handla_order_get_planned_end (self->order);
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  g_autofree char *text = NULL;

  if (start == NULL || end == NULL)
    {
      gtk_label_set_label (self->delivery_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->booked_label), FALSE);
      return;
    }

  day = handla_format_day (start);
  window = handla_format_window (start, end);
  if (planned_start != NULL && planned_end != NULL)
    {
      g_autofree char *planned = handla_format_window (planned_start, planned_end);
      g_autofree char *booked = NULL;

      /* Translators: the window the supplier planned, e.g. "Delivery
       * Thursday 15 January, 11:30–12:30" */
      text = g_strdup_printf (_("Delivery %s, %s"), day, planned);
      /* Translators: the window that was booked, e.g. "Planned by the
       * supplier; the booked time was 10:00–14:00." */
      booked = g_strdup_printf (_("Planned by the supplier; the booked time was %s."), window);
      gtk_label_set_label (self->booked_label, booked);
      gtk_widget_set_visible (GTK_WIDGET (self->booked_label), TRUE);
    }
  else
    {
      text = g_strdup_printf (_("Delivery %s, %s"), day, window);
      gtk_widget_set_visible (GTK_WIDGET (self->booked_label), FALSE);
    }
  gtk_label_set_label (self->delivery_label, text);
}

static void
update_lines (HandlaOrderPage *self)
{
  GListModel *lines = handla_order_get_lines (self->order);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_box))) != NULL)
    gtk_list_box_remove (self->lines_box, child);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (lines, i);

      gtk_list_box_append (self->lines_box, create_line_row (line));
    }
}

static void
update_totals (HandlaOrderPage *self)
{
  gint64 goods_total = handla_order_get_goods_total (self->order);
  gint64 pant_total = handla_order_get_pant_total (self->order);
  g_autofree char *goods = handla_money_format (goods_total);
  g_autofree char *pant = handla_money_format (pant_total);
  g_autofree char *pays = handla_money_format (goods_total + pant_total);
  g_autofree char *text = NULL;

  if (handla_order_get_totals_final (self->order))
    text = g_strdup_printf (_("The customer pays %s (goods %s, pant %s)."), pays, goods, pant);
  else
    /* Translators: like "The customer pays …", before the supplier has
     * picked the order */
    text = g_strdup_printf (_("The customer pays about %s (goods %s, pant %s). "
                              "The final sum comes after packing."),
                            pays, goods, pant);
  gtk_label_set_label (self->totals_label, text);

  if (handla_order_get_fees_total (self->order) > 0)
    {
      g_autofree char *fees = handla_money_format (handla_order_get_fees_total (self->order));
      g_autofree char *fee_text = g_strdup_printf (_("The municipality pays the delivery, %s."), fees);

      gtk_label_set_label (self->fee_label, fee_text);
      gtk_widget_set_visible (GTK_WIDGET (self->fee_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->fee_label), FALSE);
}

/* Until when the order can be changed, or why it cannot; the buttons
 * follow, and their reason is in words beside them. */
static void
update_change (HandlaOrderPage *self)
{
  g_autoptr(GDateTime) now = get_now (self);
  HandlaOrderLock lock = handla_order_get_lock (self->order, now);
  GDateTime *cutoff = handla_order_get_cutoff (self->order);
  g_autofree char *text = NULL;
  gboolean can_cancel = lock == HANDLA_ORDER_LOCK_NONE &&
                        !handla_order_get_change_pending (self->order);
  gboolean delivered;

  switch (lock)
    {
    case HANDLA_ORDER_LOCK_NONE:
      if (handla_order_get_change_pending (self->order))
        text = g_strdup (_("A change or cancellation is being sent to the supplier. The lines "
                           "below are the order as the supplier has it until it answers."));
      else if (cutoff != NULL &&
               handla_context_get_change_order (get_context (self)) == self->order)
        {
          g_autofree char *day = handla_format_day (cutoff);
          g_autofree char *clock = handla_format_clock (cutoff);
          g_autofree char *left = handla_format_time_left (handla_order_get_time_left (self->order,
                                                                                       now));

          /* Translators: a change begun and not sent, e.g. "You are
           * changing this order. The changes are not sent yet: send them
           * before Wednesday 14 January 12:00 (2 days 3 h left)." */
          text = g_strdup_printf (_("You are changing this order. The changes are not sent yet: "
                                    "send them before %s %s (%s left)."),
                                  day, clock, left);
        }
      else if (cutoff != NULL)
        {
          g_autofree char *day = handla_format_day (cutoff);
          g_autofree char *clock = handla_format_clock (cutoff);
          g_autofree char *left = handla_format_time_left (handla_order_get_time_left (self->order,
                                                                                       now));

          /* Translators: the cutoff and the time left, e.g. "You can change
           * or cancel this order until Wednesday 14 January 12:00 (2 days
           * 3 h left)." */
          text = g_strdup_printf (_("You can change or cancel this order until %s %s (%s left)."),
                                  day, clock, left);
        }
      else
        text = g_strdup (_("You can change or cancel this order."));
      break;

    case HANDLA_ORDER_LOCK_CUTOFF:
      if (cutoff != NULL)
        {
          g_autofree char *day = handla_format_day (cutoff);
          g_autofree char *clock = handla_format_clock (cutoff);

          /* Translators: why Change and Cancel cannot be used, e.g. "The
           * deadline for changes was Wednesday 14 January 12:00. …" */
          text = g_strdup_printf (_("The deadline for changes was %s %s. The order is locked "
                                    "and the supplier is packing it, so it can no longer be "
                                    "changed or cancelled on the tablet. To change it now, "
                                    "call the unit or the supplier."),
                                  day, clock);
        }
      else
        text = g_strdup (_("The order is locked: the supplier is packing it. It can no longer "
                           "be changed or cancelled on the tablet. To change it now, call the "
                           "unit or the supplier."));
      break;

    case HANDLA_ORDER_LOCK_STARTED:
      if (handla_order_is_delivered (self->order))
        text = g_strdup (_("The order is delivered. Check what arrived, and report anything "
                           "missing or damaged to the supplier."));
      else if (g_strcmp0 (handla_order_get_status (self->order), "delivered") == 0)
        text = g_strdup (_("The order is delivered. It can no longer be changed or cancelled."));
      else
        text = g_strdup (_("The order is locked: the supplier is packing it or it is on its way. "
                           "It can no longer be changed or cancelled."));
      break;

    case HANDLA_ORDER_LOCK_CANCELLED:
    default:
      text = g_strdup (_("The order is cancelled. Nothing will be delivered."));
      break;
    }

  gtk_label_set_label (self->change_label, text);
  /* Delivered: checking it is the one thing left to do. */
  delivered = handla_order_is_delivered (self->order);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !delivered);
  gtk_widget_set_visible (GTK_WIDGET (self->change_button), !delivered);
  gtk_widget_set_visible (GTK_WIDGET (self->check_button), delivered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-page.cancel", can_cancel);
  /* The same rule; a change can only be made during the customer's visit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-page.change",
                                 can_cancel &&
                                 g_strcmp0 (handla_order_get_customer_id (self->order),
                                            handla_basket_get_customer_id (
                                              handla_context_get_basket (get_context (self)))) == 0);
  arm_timer (self, now);
}

/* The supplier's answer in plain words: what is credited, when the goods
 * come again, or that it was not accepted; then its own words. */
static char *
answer_words (HandlaOrder *order)
{
  const char *resolution = handla_order_get_complaint_resolution (order);
  const char *text = handla_order_get_complaint_answer (order);
  GString *words = g_string_new (NULL);

  if (g_strcmp0 (resolution, "credit") == 0 && handla_order_get_complaint_credit (order) > 0)
    {
      g_autofree char *credit = handla_money_format (handla_order_get_complaint_credit (order));

      /* Translators: %s is an amount, e.g. "The supplier credits 16,95 kr to the customer." */
      g_string_append_printf (words, _("The supplier credits %s to the customer."), credit);
    }
  else if (g_strcmp0 (resolution, "redelivery") == 0 &&
           handla_order_get_redelivery_start (order) != NULL &&
           handla_order_get_redelivery_end (order) != NULL)
    {
      g_autofree char *day = handla_format_day (handla_order_get_redelivery_start (order));
      g_autofree char *window = handla_format_window (handla_order_get_redelivery_start (order),
                                                      handla_order_get_redelivery_end (order));

      /* Translators: when the goods come again, e.g. "The supplier delivers
       * the goods again on Friday 16 January, 10:00–14:00." */
      g_string_append_printf (words, _("The supplier delivers the goods again on %s, %s."),
                              day, window);
    }
  else if (g_strcmp0 (resolution, "rejected") == 0)
    g_string_append (words, _("The supplier did not accept the complaint. The unit can call "
                              "the supplier."));

  if (text != NULL)
    {
      if (words->len > 0)
        g_string_append_c (words, ' ');
      /* Translators: %s is the supplier's own answer */
      g_string_append_printf (words, _("In the supplier’s words: “%s”"), text);
    }

  return g_string_free (words, words->len == 0);
}

static void
update_complaint (HandlaOrderPage *self)
{
  const char *problem = handla_order_get_complaint_problem (self->order);
  g_autofree char *answer = NULL;
  g_autofree char *note = NULL;
  const char *title = NULL;

  switch (handla_order_get_complaint_state (self->order))
    {
    case HANDLA_COMPLAINT_QUEUED:
      title = _("Complaint saved on the tablet");
      answer = g_strdup (problem != NULL ? problem
                         : _("Handla sends it to the supplier, once, as soon as it can."));
      break;

    case HANDLA_COMPLAINT_SENT:
      title = _("Complaint sent");
      answer = g_strdup (_("The supplier has the complaint. Their answer will show here."));
      break;

    case HANDLA_COMPLAINT_ANSWERED:
      title = _("The supplier answered the complaint");
      answer = answer_words (self->order);
      break;

    case HANDLA_COMPLAINT_NEEDS_ATTENTION:
      title = _("Complaint not accepted");
      answer = g_strdup (problem);
      break;

    case HANDLA_COMPLAINT_NONE:
    default:
      break;
    }
  handla_set_optional_label (self->complaint_label, title);
  handla_set_optional_label (self->answer_label, answer);

  if (handla_order_get_delivery_note (self->order) != NULL)
    /* Translators: %s is the carer's note on the delivery */
    note = g_strdup_printf (_("Delivery note: “%s”"), handla_order_get_delivery_note (self->order));
  handla_set_optional_label (self->note_label, note);
}

static void
update (HandlaOrderPage *self)
{
  const char *reason = NULL;
  g_autofree char *number = NULL;
  g_autofree char *message = NULL;

  if (self->order == NULL)
    {
      handla_minute_timer_clear (&self->minute_timer);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  gtk_image_set_from_icon_name (self->status_icon, handla_order_status_icon (self->order));
  gtk_label_set_label (self->status_label, handla_order_status_title (self->order));

  if (handla_order_get_attention (self->order) != NULL)
    reason = handla_order_get_attention (self->order);
  else if (handla_order_get_last_error (self->order) != NULL)
    reason = handla_order_get_last_error (self->order);
  else if (handla_order_get_state (self->order) == HANDLA_ORDER_STATE_QUEUED)
    reason = _("Handla sends it to the supplier, once, as soon as it can.");
  handla_set_optional_label (self->reason_label, reason);

  if (handla_order_get_number (self->order) != NULL)
    /* Translators: %s is the supplier's order number */
    number = g_strdup_printf (_("Order number %s"), handla_order_get_number (self->order));
  else
    number = g_strdup (_("The order gets its number when the supplier has it."));
  gtk_label_set_label (self->number_label, number);

  if (handla_order_get_message (self->order) != NULL)
    /* Translators: %s is the supplier's own message to the unit */
    message = g_strdup_printf (_("Message from the supplier: “%s”"),
                               handla_order_get_message (self->order));
  handla_set_optional_label (self->message_label, message);

  update_complaint (self);

  update_delivery (self);
  update_lines (self);
  update_totals (self);
  update_change (self);
  gtk_stack_set_visible_child_name (self->stack, "order");
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HandlaOrderPage *self;

  if (handla_orders_refresh_finish (HANDLA_ORDERS (object), result, &error))
    {
      self = user_data;
      handla_set_optional_label (self->refresh_label, NULL);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  {
    /* Translators: %s says why the supplier could not be asked */
    g_autofree char *text = g_strdup_printf (_("Could not ask the supplier about the order just "
                                               "now: %s This is what the tablet last heard."),
                                             error->message);

    handla_set_optional_label (self->refresh_label, text);
  }
}

static void
refresh (HandlaOrderPage *self)
{
  if (self->order == NULL || !handla_order_is_followed (self->order))
    return;

  handla_orders_refresh_async (handla_context_get_orders (get_context (self)), self->order,
                               self->cancellable, refreshed_cb, self);
}

static void
cancelled_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  HandlaOrderPage *self;

  if (handla_orders_cancel_finish (HANDLA_ORDERS (object), result, &error))
    {
      self = user_data;
      /* For the visit summary: cancelled during this visit. */
      if (self->order != NULL)
        handla_context_add_visit_order (get_context (self), handla_order_get_local_id (self->order));
      handla_page_add_toast (HANDLA_PAGE (self),
                             handla_toast_new (_("The cancellation is sent to the supplier.")));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = user_data;
  handla_page_add_toast (HANDLA_PAGE (self), handla_toast_new (error->message));
  update (self);
}

static void
cancel_response_cb (HandlaOrderPage *self,
                    const char      *response)
{
  if (g_strcmp0 (response, "cancel-order") != 0 || self->order == NULL)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-page.cancel", FALSE);
  handla_orders_cancel_async (handla_context_get_orders (get_context (self)), self->order,
                              self->cancellable, cancelled_cb, self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HandlaOrderPage *self = HANDLA_ORDER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  AdwMessageDialog *dialog;

  if (self->order == NULL)
    return;

  if (handla_order_get_window_start (self->order) != NULL &&
      handla_order_get_window_end (self->order) != NULL)
    {
      day = handla_format_day (handla_order_get_window_start (self->order));
      window = handla_format_window (handla_order_get_window_start (self->order),
                                     handla_order_get_window_end (self->order));
      /* Translators: the consequence of cancelling, e.g. "Nothing will be
       * delivered on Thursday 15 January, 10:00–14:00. This cannot be undone." */
      body = g_strdup_printf (_("Nothing will be delivered on %s, %s. This cannot be undone."),
                              day, window);
    }
  else
    body = g_strdup (_("Nothing will be delivered. This cannot be undone."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Cancel the order?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("Keep the order"),
                                    "cancel-order", _("Cancel the order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-order", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancel_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Change order": the order's lines go into the basket page to edit. */
static void
check_delivery_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HandlaOrderPage *self = HANDLA_ORDER_PAGE (widget);

  if (self->order == NULL || !handla_order_is_delivered (self->order))
    return;

  gtk_widget_activate_action (widget, "win.check-delivery", "x",
                              handla_order_get_local_id (self->order));
}

static void
change_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HandlaOrderPage *self = HANDLA_ORDER_PAGE (widget);
  g_autoptr(GDateTime) now = NULL;

  if (self->order == NULL)
    return;

  /* The clock may have passed the cutoff since the page was drawn. */
  now = get_now (self);
  if (!handla_order_can_change (self->order, now) || handla_order_get_change_pending (self->order))
    {
      update (self);
      return;
    }

  handla_context_begin_change (get_context (self), self->order);
  gtk_widget_activate_action (widget, "win.show-page", "s", "basket");
}

static void
handla_order_page_shown (HandlaPage *page)
{
  HandlaOrderPage *self = HANDLA_ORDER_PAGE (page);

  update (self);
  refresh (self);
}

static void
handla_order_page_dispose (GObject *object)
{
  HandlaOrderPage *self = (HandlaOrderPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  handla_minute_timer_clear (&self->minute_timer);
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_clear_object (&self->order);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), HANDLA_TYPE_ORDER_PAGE);

  G_OBJECT_CLASS (handla_order_page_parent_class)->dispose (object);
}

/* The visit ended: the order goes, and so do its words. */
static void
handla_order_page_clear (HandlaPage *page)
{
  handla_order_page_set_order (HANDLA_ORDER_PAGE (page), NULL);
}

static void
handla_order_page_class_init (HandlaOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  HandlaPageClass *page_class = HANDLA_PAGE_CLASS (klass);

  object_class->dispose = handla_order_page_dispose;
  page_class->shown = handla_order_page_shown;
  page_class->clear = handla_order_page_clear;

  g_type_ensure (HANDLA_TYPE_REFLOW_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/handla-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, stack);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, number_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, delivery_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, booked_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, refresh_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, lines_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, fee_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, complaint_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, answer_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, note_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, change_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaOrderPage, check_button);

  gtk_widget_class_install_action (widget_class, "order-page.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "order-page.change", NULL, change_action);
  gtk_widget_class_install_action (widget_class, "order-page.check-delivery", NULL,
                                   check_delivery_action);
}

static void
handla_order_page_init (HandlaOrderPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  handla_page_set_title (HANDLA_PAGE (self), _("Order"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order-page.change", FALSE);
}

/**
 * handla_order_page_set_order:
 * @self: a #HandlaOrderPage
 * @order: (nullable): the order to show
 *
 * Shows @order, and follows it while it is shown.
 */
void
handla_order_page_set_order (HandlaOrderPage *self,
                             HandlaOrder     *order)
{
  g_return_if_fail (HANDLA_IS_ORDER_PAGE (self));
  g_return_if_fail (order == NULL || HANDLA_IS_ORDER (order));

  if (self->order == order)
    return;

  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  handla_set_optional_label (self->refresh_label, NULL);
  g_set_object (&self->order, order);
  if (order != NULL)
    g_signal_connect_object (order, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

/**
 * handla_order_page_get_order:
 * @self: a #HandlaOrderPage
 *
 * Returns: (transfer none) (nullable): the order shown
 */
HandlaOrder *
handla_order_page_get_order (HandlaOrderPage *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER_PAGE (self), NULL);

  return self->order;
}
