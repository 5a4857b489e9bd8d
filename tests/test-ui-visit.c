/* test-ui-visit.c — whole visits through the real pages against the
 * real supplier: from the Customers page to the supplier's answer to a
 * complaint, and a visit where the supplier is gone while the order is
 * sent
 *
 * Set up like test-ui-order.c: the reference supplier (HANDLA_SUPPLIER
 * --demo --control) on loopback TLS with its clock stopped on Monday
 * 12 January 2026, 09:00, and the real window on a real store whose fake
 * HandlaClock stands at the same time, enrolled with the supplier. The
 * tests press the buttons the carer presses (found as template children
 * or by their labels) and wait, with a deadline and never a sleep, for
 * what the pages show; the supplier's /control endpoints play the
 * supplier's side (picking, delivery, answering a complaint) and say
 * what it received.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "handla-basket-page.h"
#include "handla-basket-row.h"
#include "handla-customers-page.h"
#include "handla-delivery-check-page.h"
#include "handla-delivery-page.h"
#include "handla-keyboard.h"
#include "handla-order-page.h"
#include "handla-orders-page.h"
#include "handla-product-page.h"
#include "handla-product-tile.h"
#include "handla-quantity-control.h"
#include "handla-review-page.h"
#include "handla-search-page.h"
#include "handla-ui-utils.h"
#include "handla-wait.h"
#include "handla-window.h"
#include "outbox-supplier.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "ui-supplier-fixture.h"
#include "ui-test-util.h"

/* Eight avocados at 14,00 kr (the first found by searching) and four
 * aloe vera drinks at 25,90 kr: above the supplier's smallest order of
 * 200,00 kr. The change makes it nine avocados. */
#define SEARCH_WORD "avokado"
#define AVOCADO     "lv320-2"
#define N_AVOCADOS  8
#define ALOE        "lv2218-1"
#define N_ALOES     4
/* What the supplier picks instead of the aloe vera drink. */
#define OTHER_ALOE  "lv2218-2"

/* Thursday 10–14, Anna K.'s usual delivery; its cutoff is Wednesday
 * 14 January 12:00. */
#define ANNA_AGREED_SLOT "s-20260115-1014"
#define SAYS_ANNA_CHOSEN "Chosen for you: Anna K.’s usual delivery, Thursday 10:00–\u206014:00."

/* What the pages say, word for word (LANGUAGE is unset: English). */
#define SAYS_CHANGED       "The supplier has the changed order"
#define SAYS_SAVED         "The order is saved"
#define SAYS_OFFLINE       "The tablet is offline. The order will be saved and sent when the " \
                           "network is back."
#define SAYS_SAVED_OFFLINE "The tablet is offline. Handla sends the order, once, when the " \
                           "network is back. Nothing more needs to be done."
#define SAYS_CONFIRMED     "Confirmed by the supplier"
#define SAYS_PACKING       "The supplier is packing the order"
#define SAYS_QUEUED        "Saved on the tablet, not sent yet"
#define SAYS_RECEIVED      "Sent to the supplier"
#define SAYS_ONLY_THIS     "Only this product"
#define SAYS_REPLACED      "→ Replaced by Aloe vera-dryck, 500 ml"
#define SAYS_FOUND         "✓ Found"
#define SAYS_CREDIT        "The supplier credits 126,00\u00a0kr to the customer. " \
                           "In the supplier’s words: “Vi beklagar.”"

#define LINE_NOTE "Ingen avokado i påsen."

typedef SupplierUiFixture Fixture;

/* ---- fixture -------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  supplier_ui_fixture_set_up (fixture, "ui-visit");
  supplier_ui_fixture_show (fixture);
}

/* ---- finding and pressing ------------------------------------------------- */

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  GtkWidget *found = find_widget (widget, is_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (found);
  return found;
}

/* Every descendant of @widget of @type, in order. */
static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (found, c);
      else
        collect_type (c, type, found);
    }
}

/* Whether @widget has a visible label reading @text. */
static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_type (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_visible (g_ptr_array_index (labels, i)) &&
        g_strcmp0 (gtk_label_get_label (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;

  return FALSE;
}

/* ---- the order, the supplier's copy --------------------------------------- */

static HandlaOrder *
the_order (Fixture *fixture)
{
  GListModel *orders = G_LIST_MODEL (handla_context_get_orders (fixture->context));
  g_autoptr(HandlaOrder) order = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 1);
  order = g_list_model_get_item (orders, 0);
  return order;   /* the model keeps it */
}

static gint64
posts (Fixture *fixture)
{
  return supplier_control_requests (fixture->control, "POST /v1/orders");
}

/* The order's lines as the supplier has them (GET /v1/orders/{id} with
 * the tablet's token). */
static JsonNode *
supplier_order (Fixture *fixture)
{
  char *token = lookup_client_token (fixture->secrets, fixture->ready.url);
  g_autofree char *path = g_strconcat ("/v1/orders/",
                                       handla_order_get_supplier_id (the_order (fixture)), NULL);
  JsonNode *node;
  guint status = 0;

  node = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  secret_password_free (token);   /* the keyring's memory */
  g_assert_cmpuint (status, ==, 200);
  return node;
}

/* Where @product_id is among the supplier's lines, and how much of it. */
static int
supplier_line (Fixture    *fixture,
               const char *product_id,
               gint64     *quantity)
{
  g_autoptr(JsonNode) node = supplier_order (fixture);
  JsonArray *lines = json_object_get_array_member (json_node_get_object (node), "lines");

  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      if (g_strcmp0 (json_object_get_string_member (line, "product_id"), product_id) == 0)
        {
          if (quantity != NULL)
            *quantity = json_object_get_int_member (json_object_get_object_member (line, "quantity"),
                                                    "value");
          return (int)i;
        }
    }

  return -1;
}

/* POST /control/orders/{id}/advance with @body: the supplier's side. */
static void
supplier_advance (Fixture    *fixture,
                  const char *body)
{
  g_autofree char *path = g_strdup_printf ("/control/orders/%s/advance",
                                           handla_order_get_supplier_id (the_order (fixture)));
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = supplier_control_call (fixture->control, "POST", path, NULL, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

/* ---- the steps -------------------------------------------------------------- */

static GtkWidget *
quantity_button (GtkWidget  *control,
                 const char *name)
{
  return child (control, HANDLA_TYPE_QUANTITY_CONTROL, name);
}

static gboolean
search_done (gpointer data)
{
  return !handla_search_page_is_searching (data);
}

/* "avokado" typed on the on-screen keys; the avocado's tile in the
 * results puts one in the basket with its own Add button. */
static void
search_and_add (Fixture *fixture)
{
  HandlaSearchPage *search = HANDLA_SEARCH_PAGE (page (fixture, "search"));
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  GtkWidget *tile = NULL;

  go (fixture, "win.show-page", "search");
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "search");
  g_assert_cmpstr (handla_search_page_get_state (search), ==, "start");

  for (const char *p = SEARCH_WORD; *p; p = g_utf8_next_char (p))
    {
      char text[8] = { 0 };
      GtkWidget *key;

      g_unichar_to_utf8 (g_utf8_get_char (p), text);
      key = handla_keyboard_find_key (handla_search_page_get_keyboard (search), "keyboard.type", text);
      g_assert_nonnull (key);
      press (fixture, key);
    }
  g_assert_cmpstr (gtk_editable_get_text (handla_search_page_get_entry (search)), ==, SEARCH_WORD);
  g_assert_true (handla_wait_until (search_done, search, STEP_SECONDS));
  g_assert_cmpstr (handla_search_page_get_state (search), ==, "results");
  g_assert_true (g_str_has_suffix (handla_search_page_get_status (search), "for “" SEARCH_WORD "”"));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  collect_type (GTK_WIDGET (search), HANDLA_TYPE_PRODUCT_TILE, tiles);
  for (guint i = 0; i < tiles->len && tile == NULL; i++)
    {
      HandlaProduct *product = handla_product_tile_get_product (g_ptr_array_index (tiles, i));

      if (product != NULL && g_strcmp0 (handla_product_get_id (product), AVOCADO) == 0)
        tile = g_ptr_array_index (tiles, i);
    }
  g_assert_nonnull (tile);
  g_assert_cmpuint (handla_basket_get_quantity (basket, AVOCADO), ==, 0);
  press (fixture, quantity_button (child (tile, HANDLA_TYPE_PRODUCT_TILE, "control"), "add_button"));
  g_assert_cmpuint (handla_basket_get_quantity (basket, AVOCADO), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 1);
}

/* On the avocado's page: "Only this product" if it is missing; the
 * basket line and its row on the basket page say so. */
static void
choose_only_this (Fixture *fixture)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  GtkWidget *row;

  go (fixture, "win.show-product", AVOCADO);
  collect_type (page (fixture, "product"), GTK_TYPE_CHECK_BUTTON, checks);
  g_assert_cmpuint (checks->len, ==, 3);
  g_assert_true (gtk_widget_get_mapped (g_ptr_array_index (checks, 1)));
  gtk_test_accessible_assert_property (g_ptr_array_index (checks, 1), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       SAYS_ONLY_THIS);
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (checks, 0)));
  gtk_check_button_set_active (g_ptr_array_index (checks, 1), TRUE);
  settle (fixture);
  g_assert_cmpint (handla_basket_line_get_substitution (handla_basket_find_line (basket, AVOCADO)), ==,
                   HANDLA_SUBSTITUTION_ONLY_THIS);

  go (fixture, "win.show-page", "basket");
  row = find_type (page (fixture, "basket"), HANDLA_TYPE_BASKET_ROW);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_type (row, GTK_TYPE_MENU_BUTTON))),
                   ==, "If missing: " SAYS_ONLY_THIS);
}

/* Basket → "Choose delivery time": Anna K.'s usual time is chosen and
 * held as the page opens, and the page says why; → "Review the order". */
static void
choose_delivery (Fixture *fixture)
{
  GtkWidget *delivery = page (fixture, "delivery");
  GtkListBox *list_box = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "list_box");
  GtkLabel *agreed_label = child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "agreed_label");
  GtkListBoxRow *row = NULL;

  go (fixture, "win.show-page", "basket");
  press (fixture, find_widget (page (fixture, "basket"), has_label, "Choose delivery time"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "delivery");
  g_assert_true (handla_wait_until (slot_held, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (stack_page (delivery, HANDLA_TYPE_DELIVERY_PAGE), ==, "slots");

  g_assert_cmpstr (handla_slot_get_id (handla_slot_hold_get_slot (handla_context_get_slot_hold (fixture->context))),
                   ==, ANNA_AGREED_SLOT);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (g_strcmp0 (handla_slot_get_id (g_object_get_data (G_OBJECT (row), "slot")), ANNA_AGREED_SLOT) == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (agreed_label)));
  g_assert_cmpstr (gtk_label_get_label (agreed_label), ==, SAYS_ANNA_CHOSEN);
  g_assert_nonnull (strstr (gtk_label_get_label (child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "hold_label")),
                            ". Kept for you until "));
  g_assert_cmpint (supplier_control_requests (fixture->control,
                                              "POST /v1/customers/" HANDLA_DEMO_CUSTOMER_ID "/slot-holds"),
                   ==, 1);

  press (fixture, child (delivery, HANDLA_TYPE_DELIVERY_PAGE, "review_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
}

/* On the review page: Anna K. ticks that she agrees, and "Send …" can
 * be used. */
static void
confirm (Fixture *fixture)
{
  GtkWidget *review = page (fixture, "review");
  GtkWidget *send_button = child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button");
  GtkWidget *confirm_check = child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_check");

  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_true (gtk_widget_get_mapped (confirm_check));
  g_assert_false (gtk_widget_is_sensitive (send_button));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm_check), TRUE);
  settle (fixture);
  g_assert_true (gtk_widget_is_sensitive (send_button));
}

static gboolean
change_answered (gpointer data)
{
  Fixture *fixture = data;

  return order_saved (fixture) && !handla_order_get_change_pending (the_order (fixture)) &&
         g_strcmp0 (sent_title (fixture), SAYS_CHANGED) == 0;
}

static void
show_order (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-order", "x",
                                             handla_order_get_local_id (the_order (fixture))));
  settle (fixture);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "order");
}

typedef struct
{
  Fixture    *fixture;
  const char *status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;

  return g_strcmp0 (handla_order_get_status (the_order (wait->fixture)), wait->status) == 0 &&
         !handla_orders_get_busy (handla_context_get_orders (wait->fixture->context));
}

/* The order page, shown again (it asks the supplier), once the order
 * has @status. */
static void
show_order_with_status (Fixture    *fixture,
                        const char *status)
{
  StatusWait wait = { fixture, status };

  show_order (fixture);
  g_assert_true (handla_wait_until (has_status, &wait, STEP_SECONDS));
  settle (fixture);
}

static const char *
order_label (Fixture    *fixture,
             const char *name)
{
  GtkLabel *label = child (page (fixture, "order"), HANDLA_TYPE_ORDER_PAGE, name);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  return gtk_label_get_label (label);
}

/* Whether the order page's row for the line named @name also says
 * @text. */
static gboolean
order_line_says (Fixture    *fixture,
                 const char *name,
                 const char *text)
{
  GtkListBox *lines_box = child (page (fixture, "order"), HANDLA_TYPE_ORDER_PAGE, "lines_box");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (lines_box, i)) != NULL; i++)
    if (shows_label (GTK_WIDGET (row), name))
      return shows_label (GTK_WIDGET (row), text);

  return FALSE;
}

/* The supplier's line name of @product_id as the order has it. */
static const char *
line_name (Fixture    *fixture,
           const char *product_id)
{
  GListModel *lines = handla_order_get_lines (the_order (fixture));

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (lines, i);

      if (g_strcmp0 (handla_order_line_get_product_id (line), product_id) == 0)
        return handla_order_line_get_name (line);   /* the order keeps it */
    }

  g_assert_not_reached ();
}

/* Both clocks a minute past the order's cutoff. */
static void
pass_cutoff (Fixture *fixture)
{
  g_autoptr(GDateTime) after = g_date_time_add_minutes (handla_order_get_cutoff (the_order (fixture)), 1);
  g_autofree char *text = g_date_time_format (after, "%Y-%m-%dT%H:%M:%S%:z");

  supplier_control_set_clock (fixture->control, text);
  handla_clock_set_now (fixture->clock, after);
  settle (fixture);
}

static gboolean
complaint_sent (gpointer data)
{
  Fixture *fixture = data;

  return handla_order_get_complaint_state (the_order (fixture)) == HANDLA_COMPLAINT_SENT &&
         !handla_orders_get_busy (handla_context_get_orders (fixture->context));
}

static gboolean
complaint_answered (gpointer data)
{
  return handla_order_get_complaint_state (the_order (data)) == HANDLA_COMPLAINT_ANSWERED;
}

/* The delivery check page's row for @product_id. */
static GtkWidget *
check_row (Fixture    *fixture,
           const char *product_id)
{
  GtkListBox *lines_box = child (page (fixture, "delivery-check"), HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                 "lines_box");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (lines_box, i)) != NULL; i++)
    {
      GtkWidget *box = gtk_list_box_row_get_child (row);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (box), "product-id"), product_id) == 0)
        return box;
    }

  g_assert_not_reached ();
}

/* ---- tests ---------------------------------------------------------------- */

/* One whole visit: the customer, a search, a substitution choice, the
 * agreed delivery time, the order sent with her consent, changed before
 * the cutoff and locked after it, picked with a substitute, delivered,
 * a missing line reported and the supplier's credit shown. */
static void
test_whole (Fixture       *fixture,
            gconstpointer  data)
{
  GtkWidget *review = page (fixture, "review");
  GtkWidget *order_page = page (fixture, "order");
  GtkWidget *check_page = page (fixture, "delivery-check");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autofree char *body = NULL;
  g_autofree char *answer_path = NULL;
  g_autoptr(JsonNode) node = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *row;
  gint64 quantity = 0;
  guint status = 0;
  int line;

  /* a. Anna K., together. */
  supplier_ui_begin_visit (fixture, "together");

  /* b. Search, and the avocado's Add button in the results. */
  search_and_add (fixture);

  /* c. If it is missing: only this product. */
  choose_only_this (fixture);

  /* d. Enough for the supplier's smallest order. */
  add_on_product_page (fixture, AVOCADO, N_AVOCADOS - 1);
  add_on_product_page (fixture, ALOE, N_ALOES);
  g_assert_cmpint (handla_basket_line_get_substitution (handla_basket_find_line (basket, AVOCADO)), ==,
                   HANDLA_SUBSTITUTION_ONLY_THIS);

  /* e. The agreed time, her consent, "Send order". */
  choose_delivery (fixture);
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "customer_label")),
                   ==, "Order for Anna K.");
  confirm (fixture);
  g_assert_cmpint (posts (fixture), ==, 0);
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));
  settle (fixture);
  g_assert_true (g_str_has_prefix (sent_description (fixture), "Order number "));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 0);

  /* The supplier confirms it; the order page says so, and shows her
   * choice on the avocado line. */
  supplier_advance (fixture, "{\"to\": \"confirmed\"}");
  show_order_with_status (fixture, "confirmed");
  g_assert_cmpstr (order_label (fixture, "status_label"), ==, SAYS_CONFIRMED);
  g_assert_true (order_line_says (fixture, line_name (fixture, AVOCADO), SAYS_ONLY_THIS));

  /* g. Before the cutoff: one more avocado, "Send changes". */
  press (fixture, child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "basket");
  g_assert_true (handla_context_get_change_order (fixture->context) == the_order (fixture));
  add_on_product_page (fixture, AVOCADO, 1);
  go (fixture, "win.show-page", "basket");
  press (fixture, child (page (fixture, "basket"), HANDLA_TYPE_BASKET_PAGE, "review_changes_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "review");
  g_assert_cmpstr (gtk_button_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button")),
                   ==, "Send changes");
  if (gtk_widget_get_visible (child (review, HANDLA_TYPE_REVIEW_PAGE, "confirm_check")))
    confirm (fixture);
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (change_answered, fixture, STEP_SECONDS));
  g_assert_cmpint (supplier_line (fixture, AVOCADO, &quantity), >=, 0);
  g_assert_cmpint (quantity, ==, N_AVOCADOS + 1);
  g_assert_cmpint (supplier_line (fixture, ALOE, &quantity), >=, 0);
  g_assert_cmpint (quantity, ==, N_ALOES);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);

  /* h. After the cutoff: Change and Cancel cannot be used, and the page
   * says why. */
  pass_cutoff (fixture);
  show_order (fixture);
  settle (fixture);
  g_assert_false (gtk_widget_is_sensitive (child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_button")));
  g_assert_false (gtk_widget_is_sensitive (child (order_page, HANDLA_TYPE_ORDER_PAGE, "cancel_button")));
  g_assert_true (gtk_widget_get_mapped (child (order_page, HANDLA_TYPE_ORDER_PAGE, "change_label")));
  g_assert_true (g_str_has_prefix (order_label (fixture, "change_label"), "The deadline for changes was "));
  g_assert_nonnull (strstr (order_label (fixture, "change_label"), "call the unit or the supplier."));

  /* f. The supplier picks another aloe vera drink instead; the order
   * page shows it on the line. */
  line = supplier_line (fixture, ALOE, NULL);
  g_assert_cmpint (line, >=, 0);
  body = g_strdup_printf ("{\"to\": \"picking\", \"substitute\": {\"line\": %d, \"product_id\": \"%s\"}}",
                          line, OTHER_ALOE);
  supplier_advance (fixture, body);
  show_order_with_status (fixture, "picking");
  g_assert_cmpstr (order_label (fixture, "status_label"), ==, SAYS_PACKING);
  g_assert_true (order_line_says (fixture, line_name (fixture, ALOE), SAYS_REPLACED));
  g_assert_true (order_line_says (fixture, line_name (fixture, AVOCADO), SAYS_FOUND));

  /* i. Delivered: "Check delivery", the avocados missing with a note,
   * "Send to the supplier", and the supplier's credit. */
  supplier_advance (fixture, "{\"to\": \"delivered\"}");
  show_order_with_status (fixture, "delivered");
  press (fixture, child (order_page, HANDLA_TYPE_ORDER_PAGE, "check_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "delivery-check");
  row = check_row (fixture, AVOCADO);
  press (fixture, g_object_get_data (G_OBJECT (row), "missing"));
  g_assert_true (gtk_widget_get_mapped (g_object_get_data (G_OBJECT (row), "note")));
  gtk_editable_set_text (g_object_get_data (G_OBJECT (row), "note"), LINE_NOTE);
  settle (fixture);
  press (fixture, find_widget (check_page, has_label, "Send to the supplier"));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Send the complaint to the supplier?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), ": missing (“" LINE_NOTE "”)"));
  adw_message_dialog_response (dialog, "send");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (handla_wait_until (complaint_sent, fixture, STEP_SECONDS));
  settle (fixture);
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "order");
  g_assert_cmpstr (order_label (fixture, "complaint_label"), ==, "Complaint sent");
  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 1);

  answer_path = g_strdup_printf ("/control/orders/%s/complaints/k-%s-1/answer",
                                 handla_order_get_supplier_id (the_order (fixture)),
                                 handla_order_get_supplier_id (the_order (fixture)) + 2);
  node = supplier_control_call (fixture->control, "POST", answer_path, NULL, NULL,
                                "{\"resolution\": \"credit\", \"text\": \"Vi beklagar.\"}", &status);
  g_assert_cmpuint (status, ==, 200);
  show_order (fixture);
  g_assert_true (handla_wait_until (complaint_answered, fixture, STEP_SECONDS));
  settle (fixture);
  g_assert_cmpstr (order_label (fixture, "complaint_label"), ==, "The supplier answered the complaint");
  /* Nine avocados at 14,00 kr. */
  g_assert_cmpstr (order_label (fixture, "answer_label"), ==, SAYS_CREDIT);
}

static const char *
orders_row_subtitle (Fixture *fixture)
{
  GtkListBox *list_box = child (page (fixture, "orders"), HANDLA_TYPE_ORDERS_PAGE, "list_box");
  GtkListBoxRow *row;

  go (fixture, "win.show-page", "orders");
  row = gtk_list_box_get_row_at_index (list_box, 0);
  g_assert_nonnull (row);
  g_assert_null (gtk_list_box_get_row_at_index (list_box, 1));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

/* The visit goes on while the supplier is gone: the basket and the held
 * time were made online, then the supplier stops and the tablet is
 * offline; "Send order" saves the order, and when the supplier is back
 * on the same address it is sent, once. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  const char *args[] = { "--demo", "--control", "--port", NULL, NULL };
  GtkWidget *review = page (fixture, "review");
  GtkWidget *network_label = child (review, HANDLA_TYPE_REVIEW_PAGE, "network_label");
  g_autofree char *url = g_strdup (fixture->ready.url);
  g_autofree char *port = NULL;
  g_autofree char *supplier_dir = NULL;

  if (supplier_contract_mode ())
    {
      /* The supplier sits behind Prism there: its address is not its own. */
      g_test_skip ("Restarts the supplier itself");
      return;
    }

  /* Online: the customer and her agreed time, held for a first product
   * (the supplier lists the slots and holds one; that needs it). */
  supplier_ui_begin_visit (fixture, "together");
  add_on_product_page (fixture, AVOCADO, N_AVOCADOS);
  choose_delivery (fixture);
  g_assert_false (gtk_widget_get_visible (network_label));

  /* The supplier stops, and the tablet loses the network. */
  g_clear_pointer (&fixture->control, supplier_control_free);
  supplier_process_stop (&fixture->process);
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  settle (fixture);
  g_assert_true (gtk_widget_get_mapped (network_label));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (network_label)), ==, SAYS_OFFLINE);

  /* Offline: the rest of the basket on the product page, then the
   * review and Anna's tick. */
  add_on_product_page (fixture, ALOE, N_ALOES);
  go (fixture, "win.show-page", "review");
  confirm (fixture);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (network_label)), ==, SAYS_OFFLINE);

  /* "Send order": saved, and the pages say so. */
  press (fixture, child (review, HANDLA_TYPE_REVIEW_PAGE, "send_button"));
  g_assert_true (handla_wait_until (order_saved, fixture, STEP_SECONDS));
  g_assert_cmpstr (sent_title (fixture), ==, SAYS_SAVED);
  g_assert_cmpstr (sent_description (fixture), ==, SAYS_SAVED_OFFLINE);
  g_assert_cmpuint (handla_orders_get_n_queued (handla_context_get_orders (fixture->context)), ==, 1);
  g_assert_true (g_str_has_prefix (orders_row_subtitle (fixture), SAYS_QUEUED " · "));
  show_order (fixture);
  g_assert_cmpstr (order_label (fixture, "status_label"), ==, SAYS_QUEUED);

  /* The supplier starts again on its state and port, its clock where it
   * was; then the network is back. */
  g_assert_true (g_str_has_prefix (url, "https://127.0.0.1:"));
  port = g_strdup (url + strlen ("https://127.0.0.1:"));
  args[3] = port;
  supplier_dir = g_build_filename (fixture->dir, "supplier", NULL);
  fixture->process = supplier_process_start (supplier_dir, args, &fixture->ready);
  g_assert_cmpstr (fixture->ready.url, ==, url);
  fixture->control = supplier_control_new (&fixture->ready);
  supplier_control_set_clock (fixture->control, SUPPLIER_UI_NOW);
  /* Another process (its counters start again), on the same state: the
   * order is not there yet. */
  g_assert_cmpint (supplier_control_requests (fixture->control,
                                              "POST /v1/customers/" HANDLA_DEMO_CUSTOMER_ID "/slot-holds"),
                   ==, 0);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  go (fixture, "win.show-page", "review");
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  g_assert_true (handla_wait_until (order_sent, fixture, STEP_SECONDS));
  settle (fixture);
  g_assert_true (g_str_has_prefix (sent_description (fixture), "Order number "));
  g_assert_cmpuint (handla_orders_get_n_queued (handla_context_get_orders (fixture->context)), ==, 0);

  /* Sent once: one order, one POST, both answered. */
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders_created"), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 1);
  g_assert_true (g_str_has_prefix (orders_row_subtitle (fixture), SAYS_RECEIVED " · "));
  show_order (fixture);
  g_assert_cmpstr (order_label (fixture, "status_label"), ==, SAYS_RECEIVED);
  g_assert_true (g_str_has_prefix (order_label (fixture, "number_label"), "Order number "));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = supplier_ui_test_init (&argc, &argv);

  g_test_add ("/handla/ui-visit/whole", Fixture, NULL,
              fixture_set_up, test_whole, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-visit/offline", Fixture, NULL,
              fixture_set_up, test_offline, supplier_ui_fixture_tear_down);

  return supplier_ui_test_run (keyring);
}
