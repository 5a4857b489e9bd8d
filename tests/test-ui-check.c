/* test-ui-check.c — the delivery check through the real pages against
 * the real supplier: an order delivered, a line reported missing, the
 * supplier's answer on the order page
 *
 * The supplier (HANDLA_SUPPLIER --demo --control) runs on loopback TLS
 * with its clock stopped on Monday 12 January 2026, 09:00; the window's
 * store has a fake HandlaClock at the same time and is enrolled with it.
 * The test begins a visit for the demo customer explicitly, sends an
 * order through HandlaOrders, has the supplier deliver it through
 * /control, and then does what the carer does: "Check delivery",
 * "Missing" on the first line with a note, the note on the delivery,
 * "Send to the supplier" and the confirmation. Waits are
 * handla_wait_until() with a deadline, never a sleep.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-delivery-check-page.h"
#include "handla-order-page.h"
#include "ui-supplier-fixture.h"

/* Thursday 15 January 2026, 10–14; cutoff Wednesday 12:00. */
#define SLOT        "s-20260115-1014"
#define SLOT_START  "2026-01-15T10:00:00+01:00"
#define SLOT_END    "2026-01-15T14:00:00+01:00"
#define SLOT_CUTOFF "2026-01-14T12:00:00+01:00"
/* Twenty avocados at 14,00 kr, two aloe vera drinks at 25,90 kr. */
#define AVOCADO "lv320-2"
#define ALOE    "lv2218-1"

#define LINE_NOTE "Hela påsen saknas."
#define NOTE      "Kylvarorna in i kylen 14.05."

typedef struct
{
  SupplierUiFixture  ui;
  HandlaOrder       *order;
} Fixture;

/* ---- waiting -------------------------------------------------------------- */

typedef struct
{
  GAsyncResult *result;
} Result;

static gboolean
has_result (gpointer data)
{
  return ((Result *)data)->result != NULL;
}

static void
got_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  ((Result *)user_data)->result = g_object_ref (result);
}

static void
wait_result (Result *result)
{
  g_assert_true (handla_wait_until (has_result, result, STEP_SECONDS));
}

/* ---- fixture -------------------------------------------------------------- */

/* The demo customer, as the supplier lists the unit's customers. */
static void
begin_visit (Fixture *fixture)
{
  HandlaCustomers *customers = handla_context_get_customers (fixture->ui.context);
  g_autoptr(GError) error = NULL;
  Result result = { NULL, };
  HandlaCustomer *customer;

  handla_customers_refresh_async (customers, fixture->ui.client, NULL, got_cb, &result);
  wait_result (&result);
  g_assert_true (handla_customers_refresh_finish (customers, result.result, &error));
  g_assert_no_error (error);
  g_clear_object (&result.result);

  customer = handla_customers_lookup (customers, HANDLA_DEMO_CUSTOMER_ID);
  g_assert_nonnull (customer);
  handla_context_begin_visit (fixture->ui.context, customer, HANDLA_ORDER_MODE_TOGETHER);
  handla_wait_for_store (fixture->ui.context);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  supplier_ui_fixture_set_up (&fixture->ui, "ui-check");
  gtk_window_present (GTK_WINDOW (fixture->ui.window));
  handla_wait_for_store (fixture->ui.context);
  begin_visit (fixture);
  handla_wait_for_frames (GTK_WIDGET (fixture->ui.window), 2);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->order);
  supplier_ui_fixture_tear_down (&fixture->ui, data);
}

/* ---- finding and pressing ------------------------------------------------- */

/* The row of the check page's line @position (the box made for it). */
static GtkWidget *
check_row (Fixture *fixture,
           int      position)
{
  GtkListBox *lines_box = child (page (&fixture->ui, "delivery-check"), HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                 "lines_box");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (lines_box, position);

  g_assert_nonnull (row);
  return gtk_list_box_row_get_child (row);
}

static void
show_order (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.show-order", "x",
                                             handla_order_get_local_id (fixture->order)));
  settle (&fixture->ui);
  g_assert_cmpstr (handla_window_get_page_name (fixture->ui.window), ==, "order");
}

/* ---- the steps -------------------------------------------------------------- */

static gboolean
order_is_sent (gpointer data)
{
  Fixture *fixture = data;

  return handla_order_get_state (fixture->order) == HANDLA_ORDER_STATE_SENT &&
         !handla_orders_get_busy (handla_context_get_orders (fixture->ui.context));
}

static gboolean
order_delivered (gpointer data)
{
  return handla_order_is_delivered (((Fixture *)data)->order);
}

/* An order of two lines, sent, and delivered by the supplier. */
static void
send_and_deliver (Fixture *fixture)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->ui.context);
  HandlaCatalogue *catalogue = handla_context_get_catalogue (fixture->ui.context);
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (SLOT_START, NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (SLOT_END, NULL);
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 (SLOT_CUTOFF, NULL);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER,
                                                              HANDLA_DEMO_CARER_ID);
  g_autoptr(HandlaProduct) avocado = get_product (catalogue, AVOCADO);
  g_autoptr(HandlaProduct) aloe = get_product (catalogue, ALOE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  Result result = { NULL, };
  guint status = 0;

  g_assert_nonnull (avocado);
  g_assert_nonnull (aloe);
  handla_basket_set_quantity (basket, avocado, 20);
  handla_basket_set_quantity (basket, aloe, 2);
  handla_order_draft_set_slot (draft, SLOT, NULL, start, end, cutoff);
  handla_orders_send_basket_async (handla_context_get_orders (fixture->ui.context), basket, draft,
                                   NULL, got_cb, &result);
  wait_result (&result);
  fixture->order = handla_orders_send_basket_finish (handla_context_get_orders (fixture->ui.context),
                                                     result.result, &error);
  g_assert_no_error (error);
  g_clear_object (&result.result);
  g_assert_true (handla_wait_until (order_is_sent, fixture, STEP_SECONDS));

  path = g_strdup_printf ("/control/orders/%s/advance", handla_order_get_supplier_id (fixture->order));
  node = supplier_control_call (fixture->ui.control, "POST", path, NULL, NULL,
                                "{\"to\": \"delivered\"}", &status);
  g_assert_cmpuint (status, ==, 200);

  /* The order page asks the supplier when it is shown. */
  show_order (fixture);
  g_assert_true (handla_wait_until (order_delivered, fixture, STEP_SECONDS));
  settle (&fixture->ui);
}

static gboolean
complaint_sent (gpointer data)
{
  Fixture *fixture = data;

  return handla_order_get_complaint_state (fixture->order) == HANDLA_COMPLAINT_SENT &&
         !handla_orders_get_busy (handla_context_get_orders (fixture->ui.context));
}

static gboolean
complaint_answered (gpointer data)
{
  return handla_order_get_complaint_state (((Fixture *)data)->order) == HANDLA_COMPLAINT_ANSWERED;
}

static const char *
order_label (Fixture    *fixture,
             const char *name)
{
  GtkLabel *label = child (page (&fixture->ui, "order"), HANDLA_TYPE_ORDER_PAGE, name);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_label (label);
}

/* ---- tests ---------------------------------------------------------------- */

/* After delivery, report a missing line and see the supplier's answer. */
static void
test_check_missing_line (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *order_page, *check_page, *row, *note_entry, *send_button;
  g_autofree char *answer_path = NULL;
  g_autofree char *counter = NULL;
  g_autoptr(JsonNode) node = NULL;
  AdwMessageDialog *dialog;
  const char *body;
  guint status = 0;

  send_and_deliver (fixture);
  order_page = page (&fixture->ui, "order");
  check_page = page (&fixture->ui, "delivery-check");

  /* Delivered: "Check delivery" is the one action; cancel is gone. */
  g_assert_false (gtk_widget_get_visible (child (order_page, HANDLA_TYPE_ORDER_PAGE, "cancel_button")));
  press (&fixture->ui, child (order_page, HANDLA_TYPE_ORDER_PAGE, "check_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->ui.window), ==, "delivery-check");

  /* Every line starts as arrived; "Save" keeps only the note. */
  row = check_row (fixture, 0);
  g_assert_true (gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "arrived")));
  send_button = child (check_page, HANDLA_TYPE_DELIVERY_CHECK_PAGE, "send_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "Save");
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (row), "note")));

  /* The first line is missing, with a note; a note on the delivery. */
  press (&fixture->ui, g_object_get_data (G_OBJECT (row), "missing"));
  note_entry = g_object_get_data (G_OBJECT (row), "note");
  g_assert_true (gtk_widget_get_mapped (note_entry));
  gtk_editable_set_text (GTK_EDITABLE (note_entry), LINE_NOTE);
  gtk_editable_set_text (GTK_EDITABLE (child (check_page, HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                              "note_entry")),
                         NOTE);
  settle (&fixture->ui);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (send_button)), ==, "Send to the supplier");

  /* Leaving the page loses nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.back", NULL));
  settle (&fixture->ui);
  g_assert_cmpstr (handla_window_get_page_name (fixture->ui.window), ==, "order");
  press (&fixture->ui, child (order_page, HANDLA_TYPE_ORDER_PAGE, "check_button"));
  row = check_row (fixture, 0);
  g_assert_true (gtk_toggle_button_get_active (g_object_get_data (G_OBJECT (row), "missing")));
  g_assert_cmpstr (gtk_editable_get_text (g_object_get_data (G_OBJECT (row), "note")), ==, LINE_NOTE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (check_page,
                                                               HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                                               "note_entry"))),
                   ==, NOTE);
  g_assert_cmpint (supplier_control_stat (fixture->ui.control, "complaints_created"), ==, 0);

  /* "Send to the supplier" asks first, naming what goes. */
  press (&fixture->ui, send_button);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send the complaint to the supplier?");
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, ": missing (“" LINE_NOTE "”)"));
  g_assert_nonnull (strstr (body, "Note: “" NOTE "”"));
  g_assert_cmpint (supplier_control_stat (fixture->ui.control, "complaints_created"), ==, 0);
  adw_message_dialog_response (dialog, "send");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Sent once; back on the order page, which says so. */
  g_assert_true (handla_wait_until (complaint_sent, fixture, STEP_SECONDS));
  settle (&fixture->ui);
  g_assert_cmpstr (handla_window_get_page_name (fixture->ui.window), ==, "order");
  g_assert_cmpstr (order_label (fixture, "complaint_label"), ==, "Complaint sent");
  g_assert_cmpstr (order_label (fixture, "note_label"), ==, "Delivery note: “" NOTE "”");
  g_assert_cmpint (supplier_control_stat (fixture->ui.control, "complaints_created"), ==, 1);
  counter = g_strdup_printf ("POST /v1/orders/%s/complaints",
                             handla_order_get_supplier_id (fixture->order));
  g_assert_cmpint (supplier_control_requests (fixture->ui.control, counter), ==, 1);

  /* The supplier answers; the order page, shown again, asks and says it. */
  answer_path = g_strdup_printf ("/control/orders/%s/complaints/k-%s-1/answer",
                                 handla_order_get_supplier_id (fixture->order),
                                 handla_order_get_supplier_id (fixture->order) + 2);
  node = supplier_control_call (fixture->ui.control, "POST", answer_path, NULL, NULL,
                                "{\"resolution\": \"credit\", \"text\": \"Vi beklagar.\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  show_order (fixture);
  g_assert_true (handla_wait_until (complaint_answered, fixture, STEP_SECONDS));
  settle (&fixture->ui);
  g_assert_cmpstr (order_label (fixture, "complaint_label"), ==, "The supplier answered the complaint");
  /* Twenty avocados at 14,00 kr. */
  g_assert_cmpstr (order_label (fixture, "answer_label"), ==,
                   "The supplier credits 280,00\u00a0kr to the customer. "
                   "In the supplier’s words: “Vi beklagar.”");
  g_assert_cmpint (supplier_control_stat (fixture->ui.control, "complaints_created"), ==, 1);
}

/* Everything arrived: "Save" keeps the note on the order and sends
 * nothing; ending the visit drops any draft. */
static void
test_check_note_only (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *order_page, *check_page;

  send_and_deliver (fixture);
  order_page = page (&fixture->ui, "order");
  check_page = page (&fixture->ui, "delivery-check");
  press (&fixture->ui, child (order_page, HANDLA_TYPE_ORDER_PAGE, "check_button"));
  gtk_editable_set_text (GTK_EDITABLE (child (check_page, HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                              "note_entry")),
                         NOTE);
  press (&fixture->ui, child (check_page, HANDLA_TYPE_DELIVERY_CHECK_PAGE, "send_button"));
  g_assert_null (find_message_dialog ());
  settle (&fixture->ui);
  g_assert_cmpstr (handla_window_get_page_name (fixture->ui.window), ==, "order");
  g_assert_cmpstr (handla_order_get_delivery_note (fixture->order), ==, NOTE);
  g_assert_cmpstr (order_label (fixture, "note_label"), ==, "Delivery note: “" NOTE "”");
  g_assert_false (gtk_widget_get_visible (child (order_page, HANDLA_TYPE_ORDER_PAGE,
                                                 "complaint_label")));
  g_assert_cmpint (supplier_control_stat (fixture->ui.control, "complaints_created"), ==, 0);

  /* A draft, then the visit ends: the page forgets it. */
  press (&fixture->ui, child (order_page, HANDLA_TYPE_ORDER_PAGE, "check_button"));
  press (&fixture->ui, g_object_get_data (G_OBJECT (check_row (fixture, 0)), "damaged"));
  g_assert_nonnull (handla_delivery_check_page_get_draft (HANDLA_DELIVERY_CHECK_PAGE (check_page)));
  handla_context_end_visit (fixture->ui.context);
  settle (&fixture->ui);
  g_assert_null (handla_delivery_check_page_get_order (HANDLA_DELIVERY_CHECK_PAGE (check_page)));
  g_assert_null (handla_delivery_check_page_get_draft (HANDLA_DELIVERY_CHECK_PAGE (check_page)));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = supplier_ui_test_init (&argc, &argv);

  g_test_add ("/handla/ui-check/missing-line", Fixture, NULL,
              fixture_set_up, test_check_missing_line, fixture_tear_down);
  g_test_add ("/handla/ui-check/note-only", Fixture, NULL,
              fixture_set_up, test_check_note_only, fixture_tear_down);

  return supplier_ui_test_run (keyring);
}
