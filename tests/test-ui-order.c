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

#include <libsecret/secret.h>
#include <string.h>

#include "handla-customers-page.h"
#include "handla-visit-end-page.h"
#include "ui-supplier-fixture.h"

/* Eight avocados at 14,00 kr and four aloe vera drinks at 25,90 kr
 * (1,00 kr pant each): 215,60 kr of goods, above the supplier's smallest
 * order of 200,00 kr. */
#define AVOCADO     "lv320-2"
#define N_AVOCADOS  8
#define ALOE        "lv2218-1"
#define N_ALOES     4
#define SAYS_TOTALS "The customer pays 219,60\u00a0kr (goods 215,60\u00a0kr, pant 4,00\u00a0kr)."

/* What the review page says, word for word (LANGUAGE is unset: English). */
#define SAYS_SAVED         "The order is saved"
#define SAYS_OFFLINE       "The tablet is offline. The order will be saved and sent when the " \
                           "network is back."
#define SAYS_SAVED_OFFLINE "The tablet is offline. Handla sends the order, once, when the " \
                           "network is back. Nothing more needs to be done."
#define SAYS_SENDING       "Sending it to the supplier…"
#define SAYS_TOO_SMALL     "The supplier’s smallest order for this delivery time is " \
                           "200,00\u00a0kr of goods. Add goods for 186,00\u00a0kr more."

typedef SupplierUiFixture Fixture;

/* ---- fixture -------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  supplier_ui_fixture_set_up (fixture, "ui-order");
  supplier_ui_fixture_show (fixture);
  supplier_ui_begin_visit (fixture, data != NULL ? data : "together");
}

/* ---- the steps -------------------------------------------------------------- */

/* From the basket to the review page: "Choose delivery time", Anna K.'s
 * agreed slot held as the page opens, "Review the order". */
static void
choose_delivery (Fixture *fixture)
{
  GtkWidget *delivery = open_delivery_page (fixture);
  GtkListBox *list_box = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "list_box");
  GtkWidget *review_button = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button");
  GtkListBoxRow *row = NULL;
  HandlaSlotHold *hold;
  const char *held_id;

  g_assert_true (handla_wait_until (slot_held, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  /* The hold is shown with how long the supplier keeps it, on the row
   * of the slot held. */
  hold = handla_context_get_slot_hold (fixture->context);
  held_id = handla_slot_get_id (handla_slot_hold_get_slot (hold));
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (g_strcmp0 (handla_slot_get_id (g_object_get_data (G_OBJECT (row), "slot")), held_id) == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  assert_hold_shown (fixture, row);

  g_assert_true (gtk_widget_get_sensitive (review_button));
  press (fixture, review_button);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
}

/* Fills the basket through the product pages, chooses a delivery time
 * and checks what the review page says before anything is sent. */
static void
fill_and_review (Fixture *fixture)
{
  GtkWidget *review = page (fixture, "review");

  add_on_product_page (fixture, AVOCADO, N_AVOCADOS);
  add_on_product_page (fixture, ALOE, N_ALOES);
  choose_delivery (fixture);

  assert_review_page (fixture, "Order for Anna K.", SAYS_TOTALS, 2);

  /* Together with the customer: Anna ticks that she agrees before the
   * order can be sent. */
  if (handla_context_get_visit_mode (fixture->context) == HANDLA_ORDER_MODE_TOGETHER)
    {
      GtkWidget *confirm = child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_check");

      g_assert_false (gtk_widget_is_sensitive (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")));
      g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "cannot_send_label")),
                       ==, "Anna K. ticks the box below before the order is sent.");
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

/* ---- delivery: the agreed slot, the carer warning, the notes ------------- */

#define ANNA_AGREED_SLOT "s-20260115-1014"   /* Thursday 10–14, c-1001's */
#define ERIK_AGREED_SLOT "s-20260113-1317"   /* Tuesday 13–17, c-1002's */
#define OTHER_SLOT       "s-20260116-0811"   /* Friday 8–11: nobody's */

#define SAYS_ANNA_CHOSEN "Chosen for you: Anna K.’s usual delivery, Thursday 10:00–\u206014:00."
#define SAYS_ANNA_FULL   "Anna K.’s usual delivery (Thursday 10:00–\u206014:00) cannot be " \
                         "booked on Thursday 15 January: Fully booked. Choose another time."
#define SAYS_ANNA_WARNING "This is not Anna K.’s usual delivery (Thursday 10:00–\u206014:00). " \
                          "A carer must be there when the goods arrive: plan a visit for this time."

typedef struct
{
  Fixture    *fixture;
  const char *id;
} CustomerWait;

static gboolean
customer_listed (gpointer data)
{
  CustomerWait *wait = data;

  return handla_customers_lookup (handla_context_get_customers (wait->fixture->context),
                                  wait->id) != NULL;
}

/* Ends the fixture's visit and opens one "on behalf" for @id, as closing the visit
 * and opening @id on the Customers page do, once the unit's customers
 * have come from the supplier. */
static void
visit_customer (Fixture    *fixture,
                const char *id)
{
  CustomerWait wait = { fixture, id };
  HandlaCustomer *customer;

  g_assert_true (handla_wait_until (customer_listed, &wait, STEP_SECONDS));
  handla_context_end_visit (fixture->context);
  handla_wait_for_store (fixture->context);
  customer = handla_customers_lookup (handla_context_get_customers (fixture->context), id);
  handla_context_begin_visit (fixture->context, customer, HANDLA_ORDER_MODE_ON_BEHALF);
  handla_wait_for_store (fixture->context);
}

static gboolean
delivery_settled (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *list_box = child (page (fixture, "delivery"), HANDLA_TYPE_DELIVERY_PAGE, "list_box");

  return delivery_loaded (fixture) && gtk_widget_get_sensitive (list_box);
}

/* The Delivery page, its slots listed and any pre-selection held. */
static GtkWidget *
show_delivery (Fixture *fixture)
{
  GtkWidget *delivery = page (fixture, "delivery");

  go (fixture, "win.show-page", "delivery");
  g_assert_true (handla_wait_until (delivery_settled, fixture, STEP_SECONDS));
  g_assert_cmpstr (stack_page (delivery, HANDLA_TYPE_DELIVERY_PAGE), ==, "slots");
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  return delivery;
}

static const char *
held_slot_id (Fixture *fixture)
{
  HandlaSlotHold *hold = handla_context_get_slot_hold (fixture->context);

  return hold != NULL ? handla_slot_get_id (handla_slot_hold_get_slot (hold)) : NULL;
}

static GtkListBoxRow *
slot_row (GtkWidget  *delivery,
          const char *slot_id)
{
  GtkListBox *list_box = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "list_box");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (g_strcmp0 (handla_slot_get_id (g_object_get_data (G_OBJECT (row), "slot")), slot_id) == 0)
      return row;

  g_assert_not_reached ();
}

/* The carer taps @slot_id's row; it is held. */
static void
choose_slot (Fixture    *fixture,
             GtkWidget  *delivery,
             const char *slot_id)
{
  GtkListBoxRow *row = slot_row (delivery, slot_id);

  g_assert_true (gtk_list_box_row_get_activatable (row));
  gtk_widget_activate (GTK_WIDGET (row));
  g_assert_true (handla_wait_until (delivery_settled, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (held_slot_id (fixture), ==, slot_id);
}

static const char *
label_text (GtkWidget  *delivery,
            const char *name)
{
  GtkWidget *label = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, name);

  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : NULL;
}

/* The next slot on the customer's agreed day and window is chosen and
 * held as the page opens, and the page says why. */
static void
test_delivery_agreed (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *delivery;
  GtkListBoxRow *row;

  visit_customer (fixture, "c-1001");
  delivery = show_delivery (fixture);

  g_assert_cmpstr (held_slot_id (fixture), ==, ANNA_AGREED_SLOT);
  row = slot_row (delivery, ANNA_AGREED_SLOT);
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check")));
  g_assert_cmpstr (label_text (delivery, "agreed_label"), ==, SAYS_ANNA_CHOSEN);
  g_assert_null (label_text (delivery, "warning_label"));
  g_assert_nonnull (strstr (gtk_label_get_label (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "hold_label")),
                            ". Kept for you until "));
  g_assert_true (gtk_widget_is_sensitive (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button")));
  g_assert_cmpint (supplier_control_requests (fixture->control,
                                              "POST /v1/customers/c-1001/slot-holds"), ==, 1);

  /* The carer's own choice is never overridden: back on the page, the
   * other time stays held. */
  choose_slot (fixture, delivery, OTHER_SLOT);
  go (fixture, "win.show-page", "basket");
  delivery = show_delivery (fixture);
  g_assert_cmpstr (held_slot_id (fixture), ==, OTHER_SLOT);
  g_assert_cmpint (supplier_control_requests (fixture->control,
                                              "POST /v1/customers/c-1001/slot-holds"), ==, 2);
}

/* The agreed slot is full: the page says so and chooses nothing. */
static void
test_delivery_agreed_full (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) answer = NULL;
  GtkWidget *delivery;
  guint status = 0;

  answer = supplier_control_call (fixture->control, "POST", "/control/slots/" ANNA_AGREED_SLOT,
                                  NULL, NULL, "{\"full\": true}", &status);
  g_assert_cmpuint (status, ==, 200);

  visit_customer (fixture, "c-1001");
  delivery = show_delivery (fixture);
  g_assert_null (handla_context_get_slot_hold (fixture->context));
  g_assert_cmpstr (label_text (delivery, "agreed_label"), ==, SAYS_ANNA_FULL);
  g_assert_false (gtk_list_box_row_get_activatable (slot_row (delivery, ANNA_AGREED_SLOT)));
  g_assert_false (gtk_widget_is_sensitive (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button")));
  g_assert_cmpint (supplier_control_requests (fixture->control,
                                              "POST /v1/customers/c-1001/slot-holds"), ==, 0);
}

/* Another time than the agreed one warns for Anna K. (a carer must be
 * present), not for Erik L. (no carer needed); it never blocks. */
static void
test_delivery_carer_warning (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkWidget *delivery;

  visit_customer (fixture, "c-1001");
  delivery = show_delivery (fixture);
  g_assert_null (label_text (delivery, "warning_label"));
  choose_slot (fixture, delivery, OTHER_SLOT);
  g_assert_cmpstr (label_text (delivery, "warning_label"), ==, SAYS_ANNA_WARNING);
  g_assert_true (gtk_widget_get_mapped (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "warning_label")));
  g_assert_true (gtk_widget_is_sensitive (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button")));
  choose_slot (fixture, delivery, ANNA_AGREED_SLOT);
  g_assert_null (label_text (delivery, "warning_label"));

  visit_customer (fixture, "c-1002");
  delivery = show_delivery (fixture);
  g_assert_cmpstr (held_slot_id (fixture), ==, ERIK_AGREED_SLOT);
  choose_slot (fixture, delivery, OTHER_SLOT);
  g_assert_null (label_text (delivery, "warning_label"));
}

/* A door code typed as "how to get in" is refused with words, and not
 * kept. */
static void
test_delivery_door_code (Fixture       *fixture,
                         gconstpointer  data)
{
  HandlaDeliveryNotes *notes = handla_context_get_delivery_notes (fixture->context);
  GtkWidget *delivery;
  GtkEditable *access;

  visit_customer (fixture, "c-1001");
  delivery = show_delivery (fixture);
  access = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "access_entry");

  gtk_editable_set_text (access, "Portkod 4711");
  handla_wait_for_store (fixture->context);
  g_assert_nonnull (strstr (label_text (delivery, "access_error"),
                            "Door codes must not be stored on the tablet."));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (access), "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (access), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_null (handla_delivery_notes_get_access (notes));

  gtk_editable_set_text (access, "Key box, see care plan");
  handla_wait_for_store (fixture->context);
  g_assert_null (label_text (delivery, "access_error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (access), "error"));
  g_assert_cmpstr (handla_delivery_notes_get_access (notes), ==, "Key box, see care plan");
}

static gboolean
notes_loaded (gpointer data)
{
  return handla_delivery_notes_get_loaded (data);
}

/* The notes are kept as they are typed (a new context on the same file
 * has them), are shown on the review page, go with the order to the
 * supplier, and the driver note is cleared after sending. */
static void
test_delivery_notes_sent (Fixture       *fixture,
                          gconstpointer  data)
{
  HandlaDeliveryNotes *notes = handla_context_get_delivery_notes (fixture->context);
  GtkWidget *review = page (fixture, "review");
  GtkWidget *delivery;
  g_autofree char *db_path = g_build_filename (fixture->dir, "handla.db", NULL);
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  HandlaOrder *order;
  JsonObject *sent_notes;
  guint status = 0;

  visit_customer (fixture, "c-1001");
  add_on_product_page (fixture, AVOCADO, N_AVOCADOS);
  add_on_product_page (fixture, ALOE, N_ALOES);
  delivery = show_delivery (fixture);

  /* Anna K.'s flags are the defaults: carer present, needs unpacking. */
  g_assert_true (gtk_switch_get_active (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "carer_switch")));
  g_assert_true (gtk_switch_get_active (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "unpacking_switch")));
  gtk_switch_set_active (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "unpacking_switch"), FALSE);
  press (fixture, find_widget (delivery, has_label, "Key box, see care plan"));
  gtk_editable_set_text (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "driver_entry"),
                         "Third floor, the lift is at the back");
  handla_wait_for_store (fixture->context);

  /* Another start of the app, on the same file, has them. */
  {
    g_autoptr(HandlaContext) again = handla_context_new (db_path, fixture->clock, NULL);
    HandlaDeliveryNotes *kept = handla_context_get_delivery_notes (again);

    handla_context_begin_visit (again, handla_customers_lookup (handla_context_get_customers (fixture->context),
                                                                "c-1001"),
                                HANDLA_ORDER_MODE_TOGETHER);
    g_assert_true (handla_wait_until (notes_loaded, kept, STEP_SECONDS));
    g_assert_true (handla_delivery_notes_get_carer_present (kept));
    g_assert_false (handla_delivery_notes_get_unpacking (kept));
    g_assert_cmpstr (handla_delivery_notes_get_access (kept), ==, "Key box, see care plan");
    g_assert_cmpstr (handla_delivery_notes_get_driver_note (kept), ==,
                     "Third floor, the lift is at the back");
    handla_wait_for_store (again);
    handla_store_close (handla_context_get_store (again));
  }

  /* The review page shows them. */
  press (fixture, child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "notes_label")), ==,
                   "A carer is present at delivery. No help with unpacking.\n"
                   "How to get in: Key box, see care plan\n"
                   "Note to the driver: Third floor, the lift is at the back");

  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));

  /* The supplier has them on the order. */
  order = g_list_model_get_item (G_LIST_MODEL (handla_context_get_orders (fixture->context)), 0);
  token = lookup_client_token (fixture->secrets, fixture->ready.url);
  path = g_strconcat ("/v1/orders/", handla_order_get_supplier_id (order), NULL);
  g_object_unref (order);
  answer = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  sent_notes = json_object_get_object_member (json_object_get_object_member (json_node_get_object (answer),
                                                                             "delivery"),
                                              "notes");
  g_assert_true (json_object_get_boolean_member (sent_notes, "carer_present"));
  g_assert_false (json_object_get_boolean_member (sent_notes, "unpacking"));
  g_assert_cmpstr (json_object_get_string_member (sent_notes, "access"), ==, "Key box, see care plan");
  g_assert_cmpstr (json_object_get_string_member (sent_notes, "driver_note"), ==,
                   "Third floor, the lift is at the back");

  /* The driver note was for this delivery; the rest stays. */
  handla_wait_for_store (fixture->context);
  g_assert_null (handla_delivery_notes_get_driver_note (notes));
  g_assert_cmpstr (handla_delivery_notes_get_access (notes), ==, "Key box, see care plan");
  delivery = show_delivery (fixture);
  g_assert_cmpstr (gtk_editable_get_text (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "driver_entry")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "access_entry")), ==,
                   "Key box, see care plan");
  g_clear_pointer (&token, secret_password_free);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = supplier_ui_test_init (&argc, &argv);

  g_test_add ("/handla/ui-order/send", Fixture, NULL,
              fixture_set_up, test_send, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/send-offline", Fixture, NULL,
              fixture_set_up, test_send_offline, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/below-minimum", Fixture, "on-behalf",
              fixture_set_up, test_below_minimum, supplier_ui_fixture_tear_down);

  g_test_add ("/handla/ui-order/delivery-agreed", Fixture, NULL,
              fixture_set_up, test_delivery_agreed, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/delivery-agreed-full", Fixture, NULL,
              fixture_set_up, test_delivery_agreed_full, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/delivery-carer-warning", Fixture, NULL,
              fixture_set_up, test_delivery_carer_warning, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/delivery-door-code", Fixture, NULL,
              fixture_set_up, test_delivery_door_code, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-order/delivery-notes-sent", Fixture, NULL,
              fixture_set_up, test_delivery_notes_sent, supplier_ui_fixture_tear_down);

  return supplier_ui_test_run (keyring);
}
