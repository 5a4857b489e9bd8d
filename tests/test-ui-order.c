/* test-ui-order.c — ordering through the real pages against the real
 * supplier: basket, delivery time, review, send
 *
 * Each test starts the reference supplier (HANDLA_SUPPLIER --demo
 * --control) on loopback TLS with its clock stopped on Monday 12 January
 * 2026, 09:00, and the real window on a real store whose fake HandlaClock
 * stands at the same time, enrolled with the supplier. The demo catalogue
 * (HANDLA_DEMO_CATALOGUE) is both the supplier's and the tablet's. The
 * tests press the buttons the carer presses (found as template children
 * or by their labels) and wait, without sleeping, for what the pages
 * show; the supplier's /control/stats says what it received.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-customers-page.h"
#include "handla-delivery-page.h"
#include "handla-product-page.h"
#include "handla-quantity-control.h"
#include "handla-review-page.h"
#include "handla-ui-utils.h"
#include "handla-visit-end-page.h"
#include "handla-wait.h"
#include "handla-window.h"
#include "outbox-supplier.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "ui-test-util.h"

#define SUPPLIER_NOW "2026-01-12T09:00:00+01:00"

/* How long a step may take before the test fails (a deadline, never a
 * delay: the tests go on as soon as the page shows the result). */
#define STEP_SECONDS 60

/* Eight avocados at 14,00 kr and four aloe vera drinks at 25,90 kr
 * (1,00 kr pant each): 215,60 kr of goods, above the supplier's smallest
 * order of 200,00 kr. */
#define AVOCADO     "lv320-2"
#define N_AVOCADOS  8
#define ALOE        "lv2218-1"
#define N_ALOES     4
#define SAYS_TOTALS "The customer pays 219,60\u00a0kr (goods 215,60\u00a0kr, pant 4,00\u00a0kr)."

/* What the review page says, word for word (LANGUAGE is unset: English). */
#define SAYS_SENT          "The supplier has the order"
#define SAYS_SAVED         "The order is saved"
#define SAYS_OFFLINE       "The tablet is offline. The order will be saved and sent when the " \
                           "network is back."
#define SAYS_SAVED_OFFLINE "The tablet is offline. Handla sends the order, once, when the " \
                           "network is back. Nothing more needs to be done."
#define SAYS_SENDING       "Sending it to the supplier…"
#define SAYS_TOO_SMALL     "The supplier’s smallest order for this delivery time is " \
                           "200,00\u00a0kr of goods. Add goods for 186,00\u00a0kr more."

typedef struct
{
  char                 *dir;
  SupplierProcess      *process;
  SupplierReady         ready;
  SupplierControl      *control;
  HandlaClock          *clock;
  HandlaContext        *context;
  HandlaSecrets        *secrets;
  GNetworkMonitor      *monitor;
  HandlaSupplierClient *client;
  HandlaWindow         *window;
} Fixture;

/* ---- fixture -------------------------------------------------------------- */

static gboolean
customers_listed (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_customers (fixture->context))) > 0;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* The visit begins as a carer begins it: the app opens on the Customers
 * page (the unit's customers, listed by the supplier), the carer opens
 * Anna K. and answers who takes part (@mode: "together" or "on-behalf"). */
static void
begin_visit (Fixture    *fixture,
             const char *mode)
{
  GtkWidget *customers = handla_window_get_page (fixture->window, "customers");
  GtkListBox *list_box = GTK_LIST_BOX (gtk_widget_get_template_child (customers,
                                                                      HANDLA_TYPE_CUSTOMERS_PAGE,
                                                                      "list_box"));
  GtkListBoxRow *row = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "customers");
  g_assert_null (handla_context_get_customer (fixture->context));
  g_assert_true (handla_wait_until (customers_listed, fixture, 10));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Anna K.") == 0)
      break;
  g_assert_nonnull (row);
  g_signal_emit_by_name (list_box, "row-activated", row);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, mode);
  if (find_message_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "home");
  g_assert_cmpstr (handla_customer_get_id (handla_context_get_customer (fixture->context)), ==,
                   HANDLA_DEMO_CUSTOMER_ID);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const args[] = { "--demo", "--control", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_NOW, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *supplier_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("handla-test-ui-order-XXXXXX", &error);
  g_assert_no_error (error);
  supplier_dir = g_build_filename (fixture->dir, "supplier", NULL);
  db_path = g_build_filename (fixture->dir, "handla.db", NULL);

  fixture->process = supplier_process_start (supplier_dir, args, &fixture->ready);
  fixture->control = supplier_control_new (&fixture->ready);
  supplier_control_set_clock (fixture->control, SUPPLIER_NOW);

  fixture->clock = handla_clock_new_fake (now);
  fixture->context = handla_context_new (db_path, fixture->clock, settings);
  handla_wait_for_store (fixture->context);
  import_demo_catalogue (handla_context_get_catalogue (fixture->context));
  handla_wait_for_store (fixture->context);

  /* Enrolled as the application enrols: a client with the supplier's
   * own CA, here with a network monitor the test switches. */
  fixture->secrets = handla_secrets_new ();
  fixture->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  fixture->client = handla_supplier_client_new (handla_context_get_catalogue (fixture->context),
                                                fixture->secrets, fixture->ready.url,
                                                fixture->ready.ca_file, fixture->monitor,
                                                &error);
  g_assert_no_error (error);
  enrol_client (fixture->client, fixture->ready.enrolment_code);
  handla_context_set_supplier_client (fixture->context, fixture->client);

  fixture->window = g_object_ref (handla_window_new (NULL, fixture->context));
  gtk_window_present (GTK_WINDOW (fixture->window));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  begin_visit (fixture, data != NULL ? data : "together");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (g_steal_pointer (&fixture->window));

  /* The client holds the catalogue: it goes first. */
  handla_context_set_supplier_client (fixture->context, NULL);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  handla_store_close (handla_context_get_store (fixture->context));
  g_assert_finalize_object (g_steal_pointer (&fixture->context));

  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->secrets);
  g_assert_finalize_object (g_steal_pointer (&fixture->clock));
  g_clear_pointer (&fixture->control, supplier_control_free);
  supplier_process_stop (&fixture->process);
  supplier_ready_clear (&fixture->ready);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ---- finding and pressing ------------------------------------------------- */

static GtkWidget *
page (Fixture    *fixture,
      const char *name)
{
  return handla_window_get_page (fixture->window, name);
}

static gpointer
child (GtkWidget  *widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (found);
  return found;
}

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Presses @button as a finger would: only if it is on screen and can be
 * used. */
static void
press (Fixture   *fixture,
       GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

static void
go (Fixture    *fixture,
    const char *action,
    const char *target)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, "s", target));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

static const char *
stack_page (GtkWidget  *widget,
            GType       type)
{
  return gtk_stack_get_visible_child_name (child (widget, type, "stack"));
}

static gboolean
delivery_loaded (gpointer data)
{
  return g_strcmp0 (stack_page (page (data, "delivery"), HANDLA_TYPE_DELIVERY_PAGE), "loading") != 0;
}

static gboolean
slot_held (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *list_box = child (page (fixture, "delivery"), HANDLA_TYPE_DELIVERY_PAGE, "list_box");

  /* The list is insensitive while the supplier is asked. */
  return handla_context_get_slot_hold (fixture->context) != NULL &&
         gtk_widget_get_sensitive (list_box);
}

static const char *
sent_title (Fixture *fixture)
{
  return adw_status_page_get_title (child (page (fixture, "review"), HANDLA_TYPE_REVIEW_PAGE,
                                           "sent_page"));
}

static const char *
sent_description (Fixture *fixture)
{
  return adw_status_page_get_description (child (page (fixture, "review"),
                                                 HANDLA_TYPE_REVIEW_PAGE, "sent_page"));
}

static gboolean
order_saved (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (stack_page (page (fixture, "review"), HANDLA_TYPE_REVIEW_PAGE), "sent") == 0;
}

static gboolean
order_sent (gpointer data)
{
  return order_saved (data) && g_strcmp0 (sent_title (data), SAYS_SENT) == 0;
}

/* ---- the steps -------------------------------------------------------------- */

/* @n of product @id through the "Add" and "+" buttons of its page. */
static void
add_on_product_page (Fixture    *fixture,
                     const char *id,
                     guint       n)
{
  GtkWidget *product_page = page (fixture, "product");
  HandlaQuantityControl *control = child (product_page, HANDLA_TYPE_PRODUCT_PAGE, "control");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);

  go (fixture, "win.show-product", id);
  g_assert_cmpstr (handla_product_get_id (handla_product_page_get_product (HANDLA_PRODUCT_PAGE (product_page))),
                   ==, id);

  press (fixture, child (GTK_WIDGET (control), HANDLA_TYPE_QUANTITY_CONTROL, "add_button"));
  for (guint i = 1; i < n; i++)
    press (fixture, child (GTK_WIDGET (control), HANDLA_TYPE_QUANTITY_CONTROL, "add_one_button"));
  g_assert_cmpuint (handla_basket_get_quantity (basket, id), ==, n);
}

/* From the basket to the review page: "Choose delivery time", the first
 * slot that can be booked, held at the supplier, "Review the order". */
static void
choose_delivery (Fixture *fixture)
{
  GtkWidget *delivery = page (fixture, "delivery");
  GtkListBox *list_box = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "list_box");
  GtkLabel *hold_label = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "hold_label");
  GtkWidget *review_button = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button");
  GtkListBoxRow *row = NULL;
  HandlaSlotHold *hold;

  go (fixture, "win.show-page", "basket");
  press (fixture, find_widget (page (fixture, "basket"), has_label, "Choose delivery time"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "delivery");

  g_assert_true (handla_wait_until (delivery_loaded, fixture, STEP_SECONDS));
  g_assert_cmpstr (stack_page (delivery, HANDLA_TYPE_DELIVERY_PAGE), ==, "slots");
  g_assert_false (gtk_widget_get_sensitive (review_button));
  g_assert_cmpstr (gtk_label_get_label (hold_label), ==, "Choose a delivery time.");

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (gtk_list_box_row_get_activatable (row) && gtk_widget_is_sensitive (GTK_WIDGET (row)))
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (handla_wait_until (slot_held, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  /* The hold is shown with how long the supplier keeps it. */
  hold = handla_context_get_slot_hold (fixture->context);
  g_assert_true (g_object_get_data (G_OBJECT (row), "slot") != NULL);
  g_assert_cmpstr (handla_slot_get_id (handla_slot_hold_get_slot (hold)), ==,
                   handla_slot_get_id (g_object_get_data (G_OBJECT (row), "slot")));
  g_assert_nonnull (strstr (gtk_label_get_label (hold_label), ". Kept for you until "));
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check")));
  g_assert_cmpint (supplier_control_requests (fixture->control, "POST /v1/customers/" HANDLA_DEMO_CUSTOMER_ID "/slot-holds"),
                   ==, 1);

  press (fixture, review_button);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
}

/* Fills the basket through the product pages, chooses a delivery time
 * and checks what the review page says before anything is sent. */
static void
fill_and_review (Fixture *fixture)
{
  GtkWidget *review = page (fixture, "review");
  GtkListBox *lines_box = child (review, HANDLA_TYPE_REVIEW_PAGE, "lines_box");
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  g_autofree char *delivery = NULL;
  HandlaSlot *slot;
  guint n_lines = 0;

  add_on_product_page (fixture, AVOCADO, N_AVOCADOS);
  add_on_product_page (fixture, ALOE, N_ALOES);
  choose_delivery (fixture);

  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "customer_label")),
                   ==, "Order for Anna K.");
  slot = handla_slot_hold_get_slot (handla_context_get_slot_hold (fixture->context));
  day = handla_format_day (handla_slot_get_start (slot));
  window = handla_format_window (handla_slot_get_start (slot), handla_slot_get_end (slot));
  delivery = g_strdup_printf ("Delivery %s, %s", day, window);
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "delivery_label")),
                   ==, delivery);
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "totals_label")),
                   ==, SAYS_TOTALS);
  while (gtk_list_box_get_row_at_index (lines_box, (int)n_lines) != NULL)
    n_lines++;
  g_assert_cmpuint (n_lines, ==, 2);

  /* Together with the customer: Anna ticks that she agrees before the
   * order can be sent. */
  if (handla_context_get_visit_mode (fixture->context) == HANDLA_ORDER_MODE_TOGETHER)
    {
      GtkWidget *confirm = child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_check");

      g_assert_false (gtk_widget_is_sensitive (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")));
      g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "cannot_send_label")),
                       ==, "Anna K. ticks the box above before the order is sent.");
      g_assert_true (gtk_widget_get_mapped (confirm));
      g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_label")),
                       ==, "Anna K. has looked at the order and agrees");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm), TRUE);
      handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
    }
  else
    g_assert_false (gtk_widget_get_visible (child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_check")));

  g_assert_true (gtk_widget_is_sensitive (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")));
  g_assert_false (gtk_widget_get_visible (child (review, HANDLA_TYPE_REVIEW_PAGE, "cannot_send_label")));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);
}

static gint64
posts (Fixture *fixture)
{
  return supplier_control_requests (fixture->control, "POST /v1/orders");
}

/* ---- tests ---------------------------------------------------------------- */

/* Online: "Send order" and the page says the supplier has it; the
 * supplier holds exactly one order. */
static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");

  fill_and_review (fixture);
  g_assert_false (gtk_widget_get_visible (child (review, HANDLA_TYPE_REVIEW_PAGE, "network_label")));

  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  g_assert_true (g_str_has_prefix (sent_description (fixture), "Order number "));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 1);

  /* The basket is empty, the hold is used; the page stays on the result. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_basket (fixture->context))),
                    ==, 0);
  g_assert_null (handla_context_get_slot_hold (fixture->context));
  go (fixture, "win.show-page", "review");
  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "sent");

  /* End visit: the summary has the order's number, delivery and pant,
   * and the time spent (the fake clock stood still: under a minute). */
  {
    GtkWidget *summary = page (fixture, "visit-end");
    GtkWidget *orders_box = child (summary, HANDLA_TYPE_VISIT_END_PAGE, "orders_box");
    GtkWidget *order_box = gtk_widget_get_first_child (orders_box);
    HandlaOrder *order = g_list_model_get_item (G_LIST_MODEL (handla_context_get_orders (fixture->context)), 0);
    g_autofree char *number = g_strdup_printf ("Order number %s", handla_order_get_number (order));
    GtkWidget *label;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.end-visit", NULL));
    handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
    g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "visit-end");
    order_box = gtk_widget_get_first_child (orders_box);
    g_assert_nonnull (order_box);
    g_assert_null (gtk_widget_get_next_sibling (order_box));
    label = gtk_widget_get_first_child (order_box);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, number);
    label = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (label));
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Delivery "));
    label = gtk_widget_get_next_sibling (label);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Pant to get back: 4,00\u00a0kr");
    g_assert_cmpstr (gtk_label_get_label (child (summary, HANDLA_TYPE_VISIT_END_PAGE, "time_label")),
                     ==, "Time spent: less than a minute");
    g_object_unref (order);

    /* Closing the visit: the Customers page, nobody's basket. */
    press (fixture, child (summary, HANDLA_TYPE_VISIT_END_PAGE, "done_button"));
    g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "customers");
    g_assert_null (handla_context_get_customer (fixture->context));
    g_assert_null (handla_basket_get_customer_id (handla_context_get_basket (fixture->context)));
    g_assert_null (gtk_widget_get_first_child (orders_box));
  }
}

/* Offline: the order is saved and the page says so; when the network is
 * back it is sent, once, and the page follows. */
static void
test_send_offline (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");
  GtkWidget *network_label = child (review, HANDLA_TYPE_REVIEW_PAGE, "network_label");

  fill_and_review (fixture);

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (gtk_widget_get_mapped (network_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (network_label)), ==, SAYS_OFFLINE);

  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_saved, fixture, STEP_SECONDS));
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_SAVED);
  g_assert_cmpstr (sent_description (fixture), ==, SAYS_SAVED_OFFLINE);
  g_assert_cmpuint (handla_orders_get_n_queued (handla_context_get_orders (fixture->context)), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 0);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  /* The page says at once that the order is on its way. */
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_SAVED);
  g_assert_cmpstr (sent_description (fixture), ==, SAYS_SENDING);
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));
  g_assert_true (g_str_has_prefix (sent_description (fixture), "Order number "));
  g_assert_cmpuint (handla_orders_get_n_queued (handla_context_get_orders (fixture->context)), ==, 0);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 1);
}

/* Below the supplier's smallest order "Send order" cannot be used, and
 * the page says what is missing; with enough goods it can. */
static void
test_below_minimum (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");
  GtkWidget *send_button = child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button");
  GtkWidget *cannot_send = child (review, HANDLA_TYPE_REVIEW_PAGE, "cannot_send_label");

  add_on_product_page (fixture, AVOCADO, 1);
  choose_delivery (fixture);
  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_false (gtk_widget_is_sensitive (send_button));
  g_assert_true (gtk_widget_get_mapped (cannot_send));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (cannot_send)), ==, SAYS_TOO_SMALL);
  /* Nor through the action itself. */
  gtk_widget_activate_action (review, "review-page.send", NULL);
  handla_wait_for_store (fixture->context);
  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_orders (fixture->context))),
                    ==, 0);

  /* Back to the product: 15 avocados are 210,00 kr. */
  go (fixture, "win.show-product", AVOCADO);
  for (guint i = 1; i < 15; i++)
    press (fixture, child (child (page (fixture, "product"), HANDLA_TYPE_PRODUCT_PAGE, "control"),
                           HANDLA_TYPE_QUANTITY_CONTROL, "add_one_button"));
  go (fixture, "win.show-page", "review");
  g_assert_true (gtk_widget_is_sensitive (send_button));
  g_assert_false (gtk_widget_get_visible (cannot_send));
  g_assert_cmpint (posts (fixture), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = use_test_keyring ();
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/handla/ui-order/send", Fixture, NULL,
              fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/handla/ui-order/send-offline", Fixture, NULL,
              fixture_set_up, test_send_offline, fixture_tear_down);
  g_test_add ("/handla/ui-order/below-minimum", Fixture, "on-behalf",
              fixture_set_up, test_below_minimum, fixture_tear_down);

  status = g_test_run ();
  remove_tree (keyring);

  return status;
}
