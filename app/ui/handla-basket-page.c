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
 * "Forget the changes" asks, then forgets the change and shows the order.
 *
 * Notes in plain sentences: above the lines, that the basket was
 * continued from another tablet or merged (the context's basket-notice,
 * kept until the carer dismisses it or the visit ends) and that the
 * tablet is offline; below them, that the goods are below the supplier's
 * smallest order, the customer's weekly budget and what is left of it
 * (goods and pant, what the customer pays), and the delivery fee that
 * the municipality pays. The fee and the smallest order are those of the
 * held slot, else of the next slot on the customer's agreed weekday,
 * else (the smallest order only) of the first slot that can be booked;
 * the page asks the supplier for the slots each time it is shown.
 */

#define UNDO_SECONDS 10
#define SLOT_DAYS_AHEAD 14

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
  GtkWidget  *notes_box;
  GtkWidget  *notice_box;
  GtkLabel   *notice_label;
  GtkWidget  *dismiss_button;
  GtkLabel   *offline_label;
  GtkLabel   *minimum_label;
  GtkLabel   *budget_label;
  GtkLabel   *fee_label;

  /* Owned references */
  GSource      *minute_timer;   /* the change's countdown */
  GListModel   *slots;          /* the supplier's, for the visit's customer */
  GCancellable *slots_cancellable;
  GSignalGroup *client_signals; /* the context's supplier client's */
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

static HandlaContext *
get_context (HandlaBasketPage *self)
{
  return handla_page_get_context (HANDLA_PAGE (self));
}

static gboolean
is_online (HandlaBasketPage *self)
{
  HandlaSupplierClient *client = handla_context_get_supplier_client (get_context (self));

  /* Without a supplier nothing is sent anyway: no offline note. */
  return client == NULL || handla_supplier_client_get_online (client);
}

static GDateWeekday
stockholm_weekday (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (when, handla_time_zone_stockholm ());

  return (GDateWeekday)g_date_time_get_day_of_week (local);
}

/* The slot whose fee and smallest order apply: the held one, else the
 * first that can be booked on the customer's agreed weekday. With
 * @any_available, else the first that can be booked at all.
 *
 * Returns: (transfer full) (nullable): the slot */
static HandlaSlot *
find_slot (HandlaBasketPage *self,
           gboolean          any_available)
{
  HandlaContext *context = get_context (self);
  HandlaSlotHold *hold = handla_context_get_slot_hold (context);
  HandlaCustomer *customer = handla_context_get_customer (context);
  GDateWeekday agreed = customer != NULL
                        ? handla_customer_get_agreed_weekday (customer)
                        : G_DATE_BAD_WEEKDAY;
  g_autoptr(HandlaSlot) first = NULL;

  if (hold != NULL)
    return g_object_ref (handla_slot_hold_get_slot (hold));

  if (self->slots == NULL)
    return NULL;

  for (guint i = 0; i < g_list_model_get_n_items (self->slots); i++)
    {
      g_autoptr(HandlaSlot) slot = g_list_model_get_item (self->slots, i);

      if (!handla_slot_get_available (slot))
        continue;
      if (agreed != G_DATE_BAD_WEEKDAY && stockholm_weekday (handla_slot_get_start (slot)) == agreed)
        return g_steal_pointer (&slot);
      if (first == NULL)
        first = g_steal_pointer (&slot);
    }

  return any_available ? g_steal_pointer (&first) : NULL;
}

/* The notes above the lines take no room when there are none. */
static void
update_notes_box (HandlaBasketPage *self)
{
  gtk_widget_set_visible (self->notes_box,
                          gtk_widget_get_visible (self->notice_box) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->offline_label)));
}

static void
update_notes (HandlaBasketPage *self)
{
  HandlaContext *context = get_context (self);
  HandlaBasket *basket = get_basket (self);
  HandlaCustomer *customer = handla_context_get_customer (context);
  gint64 goods = handla_basket_get_goods_total (basket);
  gint64 to_pay = goods + handla_basket_get_pant_total (basket);
  gint64 budget = customer != NULL ? handla_customer_get_weekly_budget (customer) : -1;
  g_autoptr(HandlaSlot) fee_slot = find_slot (self, FALSE);
  g_autoptr(HandlaSlot) minimum_slot = find_slot (self, TRUE);
  gint64 minimum = minimum_slot != NULL ? handla_slot_get_minimum_order (minimum_slot) : 0;
  g_autofree char *fee_text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->offline_label), !is_online (self));
  update_notes_box (self);

  if (minimum > 0 && goods < minimum)
    {
      g_autofree char *missing = handla_money_format (minimum - goods);
      g_autofree char *smallest = handla_money_format (minimum);
      g_autofree char *text = NULL;

      /* Translators: below the supplier's smallest order, e.g. "Add 45,00 kr
       * more to reach the supplier’s minimum of 300,00 kr." */
      text = g_strdup_printf (_("Add %s more to reach the supplier’s minimum of %s."),
                              missing, smallest);
      gtk_label_set_label (self->minimum_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->minimum_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->minimum_label), FALSE);

  if (budget > 0)
    {
      g_autofree char *amount = handla_money_format (budget);
      g_autofree char *rest = handla_money_format (ABS (budget - to_pay));
      g_autofree char *text = NULL;

      if (to_pay <= budget)
        /* Translators: the customer's weekly budget and what the basket
         * leaves of it, e.g. "Budget 800,00 kr a week: 120,00 kr left." */
        text = g_strdup_printf (_("Budget %s a week: %s left."), amount, rest);
      else
        /* Translators: the customer's weekly budget and how far the basket
         * goes over it, e.g. "Budget 800,00 kr a week: 35,00 kr over the
         * budget." */
        text = g_strdup_printf (_("Budget %s a week: %s over the budget."), amount, rest);

      gtk_label_set_label (self->budget_label, text);
      if (to_pay > budget)
        gtk_widget_add_css_class (GTK_WIDGET (self->budget_label), "handla-warning");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->budget_label), "handla-warning");
      gtk_widget_set_visible (GTK_WIDGET (self->budget_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->budget_label), FALSE);

  if (fee_slot != NULL)
    {
      g_autofree char *fee = handla_money_format (handla_slot_get_fee (fee_slot));

      /* Translators: e.g. "Delivery fee 49,00 kr, paid by the municipality." */
      fee_text = g_strdup_printf (_("Delivery fee %s, paid by the municipality."), fee);
    }
  else
    fee_text = g_strdup (_("The delivery fee depends on the delivery time, chosen in the next "
                           "step. The municipality pays it."));
  gtk_label_set_label (self->fee_label, fee_text);
}

static void
slots_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HandlaBasketPage *self = user_data;
  g_autoptr(GListModel) slots = NULL;
  g_autoptr(GError) error = NULL;

  slots = handla_supplier_client_list_slots_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* (The page cancels the request in dispose, so it is still here.)
   * Offline or refused: the slots known before still say what applies. */
  if (slots == NULL)
    {
      g_debug ("The basket page has no delivery times: %s", error->message);
      return;
    }

  g_set_object (&self->slots, slots);
  update_notes (self);
}

static void
load_slots (HandlaBasketPage *self)
{
  HandlaContext *context = get_context (self);
  HandlaSupplierClient *client = handla_context_get_supplier_client (context);
  const char *customer_id = handla_basket_get_customer_id (get_basket (self));
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDate) from = NULL;
  g_autoptr(GDate) to = NULL;

  if (client == NULL || customer_id == NULL || !handla_supplier_client_get_online (client))
    return;

  g_cancellable_cancel (self->slots_cancellable);
  g_clear_object (&self->slots_cancellable);
  self->slots_cancellable = g_cancellable_new ();

  now = handla_clock_get_now (handla_context_get_clock (context));
  local = g_date_time_to_timezone (now, handla_time_zone_stockholm ());
  from = g_date_new_dmy ((GDateDay)g_date_time_get_day_of_month (local),
                         (GDateMonth)g_date_time_get_month (local),
                         (GDateYear)g_date_time_get_year (local));
  to = g_date_copy (from);
  g_date_add_days (to, SLOT_DAYS_AHEAD);

  handla_supplier_client_list_slots_async (client, customer_id, from, to,
                                           self->slots_cancellable,
                                           slots_listed_cb, self);
}

/* Another tablet's changes were merged in, or the supplier refused the
 * basket: a plain note that stays until the carer has read it. */
static void
basket_notice_cb (HandlaBasketPage *self,
                  const char       *text)
{
  gtk_label_set_label (self->notice_label, text);
  gtk_widget_set_visible (self->notice_box, TRUE);
  update_notes_box (self);
}

static void
dismiss_notice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (widget);

  gtk_widget_set_visible (self->notice_box, FALSE);
  gtk_label_set_label (self->notice_label, "");
  update_notes_box (self);
}

/* A new visit (or none): nothing of the last customer stays. */
static void
customer_changed_cb (HandlaBasketPage *self)
{
  g_cancellable_cancel (self->slots_cancellable);
  g_clear_object (&self->slots);
  dismiss_notice_action (GTK_WIDGET (self), NULL, NULL);
  update_notes (self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_slots (self);
}

static void
online_changed_cb (HandlaBasketPage *self)
{
  update_notes (self);
  if (is_online (self) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    load_slots (self);
}

/* The client says whether the tablet is online; follow the one in use. */
static void
supplier_client_changed_cb (HandlaBasketPage *self)
{
  g_signal_group_set_target (self->client_signals,
                             handla_context_get_supplier_client (get_context (self)));
  online_changed_cb (self);
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
  update_notes (self);
}

static void update_change (HandlaBasketPage *self);

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
  g_autofree char *text = NULL;
  gboolean can_send = FALSE;

  handla_minute_timer_clear (&self->minute_timer);
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
    self->minute_timer = handla_minute_timer_new (handla_context_get_clock (context), now,
                                                  minute_cb, self);
}

/* The dialog asked about the change of the order it keeps as
 * "handla-order": only a change of that order is forgotten. */
static void
discard_response_cb (HandlaBasketPage *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  HandlaOrder *asked = g_object_get_data (G_OBJECT (dialog), "handla-order");
  HandlaOrder *changing = handla_context_get_change_order (context);
  g_autoptr(HandlaOrder) order = NULL;

  if (g_strcmp0 (response, "forget") != 0 || changing == NULL ||
      handla_order_get_local_id (changing) != handla_order_get_local_id (asked))
    return;

  order = g_object_ref (changing);
  handla_context_discard_change (context);
  handla_page_add_toast (HANDLA_PAGE (self),
                         handla_toast_new (_("The changes are forgotten. The order stays as it "
                                             "was.")));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-order", "x",
                              handla_order_get_local_id (order));
}

/* "Forget the changes" asks first: what the carer changed is lost. */
static void
discard_change_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (widget);
  HandlaContext *context = handla_page_get_context (HANDLA_PAGE (self));
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (handla_context_get_change_order (context) == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Forget the changes?"),
                                                       _("The order stays as it was, and the "
                                                         "changes made here are lost.")));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("Keep the changes"),
                                    "forget", _("Forget the changes"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "handla-order",
                          g_object_ref (handla_context_get_change_order (context)), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
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
  HandlaContext *context;

  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (basket), create_row, self, NULL);
  g_signal_connect_object (basket, "items-changed", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::goods-total", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (basket, "notify::pant-total", G_CALLBACK (update_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (handla_page_get_context (page), "notify::change-order",
                           G_CALLBACK (update_change), self, G_CONNECT_SWAPPED);

  context = get_context (self);
  g_signal_connect_object (context, "basket-notice",
                           G_CALLBACK (basket_notice_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::customer",
                           G_CALLBACK (customer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::slot-hold",
                           G_CALLBACK (update_notes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::supplier-client",
                           G_CALLBACK (supplier_client_changed_cb), self, G_CONNECT_SWAPPED);
  supplier_client_changed_cb (self);
  update_cb (self);
  update_change (self);
}

static void
handla_basket_page_shown (HandlaPage *page)
{
  HandlaBasketPage *self = HANDLA_BASKET_PAGE (page);

  update_change (self);
  update_notes (self);
  load_slots (self);
}

static void
handla_basket_page_dispose (GObject *object)
{
  HandlaBasketPage *self = (HandlaBasketPage *)object;

  handla_minute_timer_clear (&self->minute_timer);
  g_cancellable_cancel (self->slots_cancellable);
  g_clear_object (&self->slots_cancellable);
  g_clear_object (&self->slots);
  g_clear_object (&self->client_signals);
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
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, notice_box);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, dismiss_button);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, minimum_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, budget_label);
  gtk_widget_class_bind_template_child (widget_class, HandlaBasketPage, fee_label);

  gtk_widget_class_install_action (widget_class, "basket-page.remove", "s", remove_action);
  gtk_widget_class_install_action (widget_class, "basket-page.discard-change", NULL,
                                   discard_change_action);
  gtk_widget_class_install_action (widget_class, "basket-page.dismiss-notice", NULL,
                                   dismiss_notice_action);
}

static void
handla_basket_page_init (HandlaBasketPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A screen reader on "Understood" hears what is understood. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->dismiss_button),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->notice_label, NULL,
                                  -1);
  handla_page_set_title (HANDLA_PAGE (self), _("Basket"));
  self->client_signals = g_signal_group_new (HANDLA_TYPE_SUPPLIER_CLIENT);
  g_signal_group_connect_swapped (self->client_signals, "notify::online",
                                  G_CALLBACK (online_changed_cb), self);
}
