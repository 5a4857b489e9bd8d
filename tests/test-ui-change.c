/* test-ui-change.c — changing a sent order through the real pages
 * against the real supplier: "Change order", the basket in change mode,
 * "Send changes", and the cutoff on both clocks
 *
 * Set up like test-ui-order.c: the reference supplier (HANDLA_SUPPLIER
 * --demo --control) with its clock stopped on Monday 12 January 2026,
 * 09:00, the real window on a real store whose fake HandlaClock stands at
 * the same time, enrolled with the supplier. Each test begins a visit
 * for the demo customer explicitly, sends an order through the pages and
 * then changes it the way a carer does, pressing the buttons the carer
 * presses; the order is read back from the supplier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsecret/secret.h>

#include "handla-basket-page.h"
#include "handla-customer-private.h"
#include "handla-order-page.h"
#include "ui-supplier-fixture.h"

/* The order: eight avocados and four aloe vera drinks (above the
 * supplier's smallest order). The change: nine avocados, and basil. */
#define AVOCADO     "lv320-2"
#define N_AVOCADOS  8
#define ALOE        "lv2218-1"
#define N_ALOES     4
#define BASIL       "lv379-1"
/* Put in the customer's basket after the order is sent: it must stay
 * there, untouched, through the change. */
#define SPINACH     "lv4941-1"

#define SAYS_TOTALS "The customer pays 219,60\u00a0kr (goods 215,60\u00a0kr, pant 4,00\u00a0kr)."
#define SAYS_CHANGED          "The supplier has the changed order"
#define SAYS_CHANGE_SAVED     "The change is saved"
#define SAYS_CHANGE_REFUSED   "The change was not made"
#define SAYS_REFUSED_WHY      "The order can no longer be changed: it is locked for delivery. " \
                              "The change was not made. The order stays as it was."

typedef SupplierUiFixture Fixture;

/* ---- fixture -------------------------------------------------------------- */

/* The visit is begun by each test (begin_visit()). */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  supplier_ui_fixture_set_up (fixture, "ui-change");
  supplier_ui_fixture_show (fixture);
}

/* ---- the steps -------------------------------------------------------------- */

/* From the basket to the review page: "Choose delivery time", the first
 * slot that can be booked, held at the supplier, "Review the order". */
static void
choose_delivery (Fixture *fixture)
{
  GtkWidget *delivery = open_delivery_page (fixture);
  GtkListBox *list_box = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "list_box");
  GtkLabel *hold_label = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "hold_label");
  GtkWidget *review_button = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button");
  GtkListBoxRow *row = NULL;
  HandlaSlotHold *hold;

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
  assert_hold_shown (fixture, row);

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
  g_assert_false (gtk_widget_get_visible (child (review, HANDLA_TYPE_REVIEW_PAGE, "cannot_send_label")));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);
}

/* ---- the visit, the order, the supplier's copy ---------------------------- */

static void
begin_visit (Fixture *fixture)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"" HANDLA_DEMO_CUSTOMER_ID "\","
                                               " \"display_name\": \"Anna K.\", \"address_line\": \"Storgatan 1\","
                                               " \"needs_unpacking\": false,"
                                               " \"carer_present\": true}", NULL);
  g_autoptr(HandlaCustomer) customer = _handla_customer_new_from_json (node);

  g_assert_nonnull (customer);
  handla_context_begin_visit (fixture->context, customer, HANDLA_ORDER_MODE_ON_BEHALF);
  handla_wait_for_store (fixture->context);
}

static HandlaOrder *
the_order (Fixture *fixture)
{
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (fixture->context));
  g_autoptr(HandlaOrder) order = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 1);
  order = g_list_model_get_item (orders, 0);
  return order;   /* the model keeps it */
}

/* The order as the supplier has it: product id → quantity. */
static GHashTable *
supplier_lines (Fixture *fixture)
{
  char *token = lookup_client_token (fixture->secrets, fixture->ready.url);
  g_autofree char *path = g_strconcat ("/v1/orders/",
                                       handla_order_get_supplier_id (the_order (fixture)), NULL);
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  guint status = 0;

  node = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  secret_password_free (token);   /* the keyring's memory */
  g_assert_cmpuint (status, ==, 200);
  array = json_object_get_array_member (json_node_get_object (node), "lines");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *line = json_array_get_object_element (array, i);
      JsonObject *quantity = json_object_get_object_member (line, "quantity");

      g_hash_table_insert (lines, g_strdup (json_object_get_string_member (line, "product_id")),
                           GINT_TO_POINTER ((int)json_object_get_int_member (quantity, "value")));
    }

  return lines;
}

static guint
supplier_quantity (GHashTable *lines,
                   const char *product_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (lines, product_id));
}

/* Sends the first order through the pages, and puts spinach in the
 * customer's (now empty) basket. */
static void
send_order (Fixture *fixture)
{
  GtkWidget *review = page (fixture, "review");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);

  begin_visit (fixture);
  fill_and_review (fixture);
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_nonnull (handla_order_get_supplier_id (the_order (fixture)));

  add_on_product_page (fixture, SPINACH, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 1);
}

static void
show_order (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-order", "x",
                                             handla_order_get_local_id (the_order (fixture))));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "order");
}

/* "Change order" on the order page: the basket page shows the order's
 * lines under the banner. */
static void
press_change (Fixture *fixture)
{
  GtkWidget *order_page = page (fixture, "order");
  GtkWidget *basket_page = page (fixture, "basket");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  const char *banner;

  show_order (fixture);
  press (fixture, child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_button"));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "basket");
  g_assert_true (handla_context_get_change_order (fixture->context) == the_order (fixture));

  g_assert_true (gtk_widget_get_mapped (child (basket_page, HANDLA_TYPE_BASKET_PAGE, "change_banner")));
  banner = gtk_label_get_label (child (basket_page, HANDLA_TYPE_BASKET_PAGE, "change_label"));
  g_assert_true (g_str_has_prefix (banner, "Changing order "));
  g_assert_nonnull (strstr (banner, handla_order_get_number (the_order (fixture))));
  g_assert_nonnull (strstr (banner, " — send the changes before "));
  g_assert_false (gtk_widget_get_visible (child (basket_page, HANDLA_TYPE_BASKET_PAGE, "delivery_button")));

  /* The order's lines, not the customer's basket. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 2);
  g_assert_cmpuint (handla_basket_get_quantity (basket, AVOCADO), ==, N_AVOCADOS);
  g_assert_cmpuint (handla_basket_get_quantity (basket, ALOE), ==, N_ALOES);
  g_assert_cmpuint (handla_basket_get_quantity (basket, SPINACH), ==, 0);
}

/* One more avocado and a basil, through the product pages' buttons. */
static void
edit_change (Fixture *fixture)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);

  go (fixture, "win.show-product", AVOCADO);
  press (fixture, child (child (page (fixture, "product"), HANDLA_TYPE_PRODUCT_PAGE, "control"),
                         HANDLA_TYPE_QUANTITY_CONTROL, "add_one_button"));
  g_assert_cmpuint (handla_basket_get_quantity (basket, AVOCADO), ==, N_AVOCADOS + 1);
  add_on_product_page (fixture, BASIL, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 3);
}

/* From the basket page to the review of the changes. */
static void
review_changes (Fixture *fixture)
{
  GtkWidget *review = page (fixture, "review");

  go (fixture, "win.show-page", "basket");
  press (fixture, child (page (fixture, "basket"), HANDLA_TYPE_BASKET_PAGE, "review_changes_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_cmpstr (gtk_button_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")),
                   ==, "Send changes");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE,
                                                                "customer_label")),
                                   "Changes to order "));
}

static gboolean
change_answered (gpointer data)
{
  Fixture *fixture = data;

  return order_saved (fixture) && !handla_order_get_change_pending (the_order (fixture)) &&
         g_strcmp0 (sent_title (fixture), SAYS_CHANGE_SAVED) != 0;
}

/* Both clocks a minute past the order's cutoff. */
static void
pass_cutoff (Fixture *fixture)
{
  g_autoptr(GDateTime) after = g_date_time_add_minutes (handla_order_get_cutoff (the_order (fixture)), 1);
  g_autofree char *text = g_date_time_format (after, "%Y-%m-%dT%H:%M:%S%:z");

  supplier_control_set_clock (fixture->control, text);
  handla_clock_set_now (fixture->clock, after);
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

/* ---- tests ---------------------------------------------------------------- */

/* Before the cutoff: a quantity changed and a product added through the
 * widgets reach the supplier, the order page shows the changed lines,
 * and the customer's own basket is as it was. */
static void
test_change (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autoptr(GHashTable) lines = NULL;
  GtkListBox *order_lines;
  guint n_rows = 0;

  send_order (fixture);
  press_change (fixture);
  edit_change (fixture);
  review_changes (fixture);

  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (change_answered, fixture, STEP_SECONDS));
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_CHANGED);
  g_assert_true (g_str_has_prefix (sent_description (fixture),
                                   "It can be changed or cancelled again until "));

  /* The supplier has the changed order, and still only one. */
  lines = supplier_lines (fixture);
  g_assert_cmpuint (g_hash_table_size (lines), ==, 3);
  g_assert_cmpuint (supplier_quantity (lines, AVOCADO), ==, N_AVOCADOS + 1);
  g_assert_cmpuint (supplier_quantity (lines, ALOE), ==, N_ALOES);
  g_assert_cmpuint (supplier_quantity (lines, BASIL), ==, 1);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);

  /* Change mode is over: the customer's basket is back, untouched. */
  g_assert_null (handla_context_get_change_order (fixture->context));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 1);
  g_assert_cmpuint (handla_basket_get_quantity (basket, SPINACH), ==, 1);

  /* The order page shows the changed lines, and can change again. */
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "show_order_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "order");
  order_lines = child (page (fixture, "order"), HANDLA_TYPE_ORDER_PAGE, "lines_box");
  while (gtk_list_box_get_row_at_index (order_lines, (int)n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_true (gtk_widget_is_sensitive (child (page (fixture, "order"), HANDLA_TYPE_ORDER_PAGE,
                                                 "change_button")));
}

/* A change made right before the cutoff but sent after it (the tablet
 * was offline): the supplier refuses it, and the pages say so in words;
 * after the cutoff "Change order" and "Cancel order" say why they cannot
 * be used. */
static void
test_change_refused_after_cutoff (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");
  GtkWidget *order_page = page (fixture, "order");
  g_autoptr(GHashTable) lines = NULL;
  const char *why;

  send_order (fixture);
  press_change (fixture);
  edit_change (fixture);
  review_changes (fixture);

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_saved, fixture, STEP_SECONDS));
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_CHANGE_SAVED);
  g_assert_true (handla_order_get_change_pending (the_order (fixture)));

  pass_cutoff (fixture);
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  g_assert_true (handla_wait_until (change_answered, fixture, STEP_SECONDS));
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_CHANGE_REFUSED);
  g_assert_cmpstr (sent_description (fixture), ==, SAYS_REFUSED_WHY);

  /* The supplier's order is as it was. */
  lines = supplier_lines (fixture);
  g_assert_cmpuint (g_hash_table_size (lines), ==, 2);
  g_assert_cmpuint (supplier_quantity (lines, AVOCADO), ==, N_AVOCADOS);
  g_assert_cmpuint (supplier_quantity (lines, BASIL), ==, 0);

  /* The order page: both buttons unusable, and why, in words. */
  show_order (fixture);
  g_assert_false (gtk_widget_is_sensitive (child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_button")));
  g_assert_false (gtk_widget_is_sensitive (child (order_page, HANDLA_TYPE_ORDER_PAGE, "cancel_button")));
  why = gtk_label_get_label (child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_label"));
  g_assert_true (g_str_has_prefix (why, "The deadline for changes was "));
  g_assert_nonnull (strstr (why, "call the unit or the supplier."));
  g_assert_true (gtk_widget_get_mapped (child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_label")));
  g_assert_cmpstr (gtk_label_get_label (child (order_page, HANDLA_TYPE_ORDER_PAGE, "reason_label")),
                   ==, "The order can no longer be changed: it is locked for delivery. "
                       "The change was not made.");
}

/* The clock passes the cutoff while the carer edits: the banner says the
 * changes were not sent and the order stays as it was, "Review the
 * changes" and "Send changes" cannot be used, and the supplier got no
 * change. "Forget the changes" forgets the change. */
static void
test_cutoff_while_editing (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *basket_page = page (fixture, "basket");
  GtkWidget *review = page (fixture, "review");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  AdwMessageDialog *dialog;
  const char *banner;

  send_order (fixture);
  press_change (fixture);
  edit_change (fixture);
  review_changes (fixture);

  pass_cutoff (fixture);
  g_assert_false (gtk_widget_is_sensitive (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")));
  banner = gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "cutoff_label"));
  g_assert_true (g_str_has_prefix (banner, "The deadline for changes to order "));
  g_assert_nonnull (strstr (banner, "These changes were not sent, and the order stays as it was. "
                                    "To change it now, call the unit or the supplier."));

  go (fixture, "win.show-page", "basket");
  g_assert_cmpstr (gtk_label_get_label (child (basket_page, HANDLA_TYPE_BASKET_PAGE, "change_label")),
                   ==, banner);
  g_assert_false (gtk_widget_is_sensitive (child (basket_page, HANDLA_TYPE_BASKET_PAGE,
                                                  "review_changes_button")));
  {
    g_autofree char *put = g_strconcat ("PUT /v1/orders/",
                                        handla_order_get_supplier_id (the_order (fixture)), NULL);

    g_assert_cmpint (supplier_control_requests (fixture->control, put), ==, 0);
  }

  /* It asks first; "Keep the changes" keeps them. */
  press (fixture, child (basket_page, HANDLA_TYPE_BASKET_PAGE, "discard_button"));
  dialog = find_shown_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "keep");
  settle (fixture);
  g_assert_nonnull (handla_context_get_change_order (fixture->context));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "basket");

  press (fixture, child (basket_page, HANDLA_TYPE_BASKET_PAGE, "discard_button"));
  dialog = find_shown_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "forget");
  settle (fixture);
  g_assert_null (handla_context_get_change_order (fixture->context));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "order");
  g_assert_cmpuint (handla_basket_get_quantity (basket, SPINACH), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = supplier_ui_test_init (&argc, &argv);

  g_test_add ("/handla/ui-change/change", Fixture, NULL,
              fixture_set_up, test_change, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-change/refused-after-cutoff", Fixture, NULL,
              fixture_set_up, test_change_refused_after_cutoff, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-change/cutoff-while-editing", Fixture, NULL,
              fixture_set_up, test_cutoff_while_editing, supplier_ui_fixture_tear_down);

  return supplier_ui_test_run (keyring);
}
