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
#include "handla-delivery-page.h"
#include "handla-order-page.h"
#include "handla-product-page.h"
#include "handla-quantity-control.h"
#include "handla-review-page.h"
#include "handla-ui-utils.h"
#include "handla-wait.h"
#include "handla-window.h"
#include "outbox-supplier.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "ui-test-util.h"

#define SUPPLIER_NOW "2026-01-12T09:00:00+01:00"
#define STEP_SECONDS 60

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
#define SAYS_SENT             "The supplier has the order"
#define SAYS_CHANGED          "The supplier has the changed order"
#define SAYS_CHANGE_SAVED     "The change is saved"
#define SAYS_CHANGE_REFUSED   "The change was not made"
#define SAYS_REFUSED_WHY      "The order can no longer be changed: it is locked for delivery. " \
                              "The change was not made. The order stays as it was."

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
settle (Fixture *fixture)
{
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

/* The message dialog on screen, if any. */
static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
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
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "keep");
  settle (fixture);
  g_assert_nonnull (handla_context_get_change_order (fixture->context));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "basket");

  press (fixture, child (basket_page, HANDLA_TYPE_BASKET_PAGE, "discard_button"));
  dialog = find_message_dialog ();
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
  g_autofree char *keyring = use_test_keyring ();
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/handla/ui-change/change", Fixture, NULL,
              fixture_set_up, test_change, fixture_tear_down);
  g_test_add ("/handla/ui-change/refused-after-cutoff", Fixture, NULL,
              fixture_set_up, test_change_refused_after_cutoff, fixture_tear_down);
  g_test_add ("/handla/ui-change/cutoff-while-editing", Fixture, NULL,
              fixture_set_up, test_cutoff_while_editing, fixture_tear_down);

  status = g_test_run ();
  remove_tree (keyring);

  return status;
}
