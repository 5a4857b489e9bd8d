/* ui-supplier-fixture.c — the UI tests' fixture against the real
 * supplier, the steps and waits of the delivery and review pages, and
 * the start and end of the test programs (see ui-supplier-fixture.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-ui-utils.h"
#include "ui-supplier-fixture.h"

/**
 * supplier_ui_fixture_set_up:
 * @fixture: the fixture, zeroed
 * @name: the test program's name, for its temporary directory
 *
 * Starts the supplier with its clock at SUPPLIER_UI_NOW, makes the
 * context on a new store at the same time on a fake clock, imports the
 * demo catalogue, enrols the client and sets it on the context, and
 * makes the window; supplier_ui_fixture_show() shows it.
 */
void
supplier_ui_fixture_set_up (SupplierUiFixture *fixture,
                            const char        *name)
{
  const char * const args[] = { "--demo", "--control", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_UI_NOW, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *template = g_strdup_printf ("handla-test-%s-XXXXXX", name);
  g_autofree char *supplier_dir = NULL;
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  supplier_dir = g_build_filename (fixture->dir, "supplier", NULL);
  db_path = g_build_filename (fixture->dir, "handla.db", NULL);

  fixture->process = supplier_process_start (supplier_dir, args, &fixture->ready);
  fixture->control = supplier_control_new (&fixture->ready);
  supplier_control_set_clock (fixture->control, SUPPLIER_UI_NOW);

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
}

/**
 * supplier_ui_fixture_show:
 * @fixture: a fixture set up by supplier_ui_fixture_set_up()
 *
 * Presents the window and waits for the store and two frames.
 */
void
supplier_ui_fixture_show (SupplierUiFixture *fixture)
{
  gtk_window_present (GTK_WINDOW (fixture->window));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

/**
 * supplier_ui_fixture_tear_down:
 * @fixture: a fixture set up by supplier_ui_fixture_set_up()
 * @data: the test's data, not used
 *
 * A tear-down for g_test_add(). Destroys the window, the client, the context and the clock, each of
 * which must be finalized then, stops the supplier and removes the
 * temporary directory.
 */
void
supplier_ui_fixture_tear_down (SupplierUiFixture *fixture,
                               gconstpointer      data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  handla_wait_for_finalize (g_steal_pointer (&fixture->window), STEP_SECONDS);

  /* The client holds the catalogue: it goes first. */
  handla_context_set_supplier_client (fixture->context, NULL);
  handla_wait_for_finalize (g_steal_pointer (&fixture->client), STEP_SECONDS);
  handla_store_close (handla_context_get_store (fixture->context));
  handla_wait_for_finalize (g_steal_pointer (&fixture->context), STEP_SECONDS);

  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->secrets);
  handla_wait_for_finalize (g_steal_pointer (&fixture->clock), STEP_SECONDS);
  g_clear_pointer (&fixture->control, supplier_control_free);
  /* A test that stops the supplier may fail before it starts it again. */
  if (fixture->process != NULL)
    supplier_process_stop (&fixture->process);
  supplier_ready_clear (&fixture->ready);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

/* ---- the visit ---------------------------------------------------------------- */

static gboolean
customers_listed (gpointer data)
{
  SupplierUiFixture *fixture = data;

  return g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_customers (fixture->context))) > 0;
}

/**
 * supplier_ui_begin_visit:
 * @fixture: a fixture shown, with no visit begun
 * @mode: who takes part: "together" or "on-behalf"
 *
 * Begins the visit as a carer begins it: the app is on the Customers page
 * (the unit's customers, listed by the supplier), the carer opens Anna K.
 * and answers the question who takes part with @mode; Home then shows
 * for her, in that mode.
 */
void
supplier_ui_begin_visit (SupplierUiFixture *fixture,
                         const char        *mode)
{
  GtkListBox *list_box = child (page (fixture, "customers"), HANDLA_TYPE_CUSTOMERS_PAGE, "list_box");
  GtkListBoxRow *row = NULL;
  AdwMessageDialog *dialog;

  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "customers");
  g_assert_null (handla_context_get_customer (fixture->context));
  g_assert_true (handla_wait_until (customers_listed, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Anna K.") == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_signal_emit_by_name (list_box, "row-activated", row);
  dialog = find_shown_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, mode);
  /* A response closes the dialog when a button is pressed, not when it
   * is given like this. */
  if ((dialog = find_message_dialog ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "home");
  g_assert_cmpstr (handla_customer_get_id (handla_context_get_customer (fixture->context)), ==,
                   HANDLA_DEMO_CUSTOMER_ID);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), "Anna K."));
  g_assert_cmpint (handla_context_get_visit_mode (fixture->context), ==,
                   g_str_equal (mode, "together") ? HANDLA_ORDER_MODE_TOGETHER : HANDLA_ORDER_MODE_ON_BEHALF);
}

/* ---- the delivery and review pages ------------------------------------------ */

/**
 * delivery_loaded:
 * @data: the fixture
 *
 * A HandlaWaitFunc: the Delivery page has stopped loading.
 */
gboolean
delivery_loaded (gpointer data)
{
  return g_strcmp0 (stack_page (page (data, "delivery"), HANDLA_TYPE_DELIVERY_PAGE), "loading") != 0;
}

/**
 * slot_held:
 * @data: the fixture
 *
 * A HandlaWaitFunc: a slot is held and the Delivery page's list can be
 * used again.
 */
gboolean
slot_held (gpointer data)
{
  SupplierUiFixture *fixture = data;
  GtkWidget *list_box = child (page (fixture, "delivery"), HANDLA_TYPE_DELIVERY_PAGE, "list_box");

  /* The list is insensitive while the supplier is asked. */
  return handla_context_get_slot_hold (fixture->context) != NULL &&
         gtk_widget_get_sensitive (list_box);
}

/**
 * sent_title:
 * @fixture: the fixture
 *
 * Returns: the title of the review page's result
 */
const char *
sent_title (SupplierUiFixture *fixture)
{
  return adw_status_page_get_title (child (page (fixture, "review"), HANDLA_TYPE_REVIEW_PAGE,
                                           "sent_page"));
}

/**
 * sent_description:
 * @fixture: the fixture
 *
 * Returns: the description of the review page's result
 */
const char *
sent_description (SupplierUiFixture *fixture)
{
  return adw_status_page_get_description (child (page (fixture, "review"),
                                                 HANDLA_TYPE_REVIEW_PAGE, "sent_page"));
}

/**
 * order_saved:
 * @data: the fixture
 *
 * A HandlaWaitFunc: the review page shows its result.
 */
gboolean
order_saved (gpointer data)
{
  SupplierUiFixture *fixture = data;

  return g_strcmp0 (stack_page (page (fixture, "review"), HANDLA_TYPE_REVIEW_PAGE), "sent") == 0;
}

/**
 * order_sent:
 * @data: the fixture
 *
 * A HandlaWaitFunc: the review page says the supplier has the order.
 */
gboolean
order_sent (gpointer data)
{
  return order_saved (data) && g_strcmp0 (sent_title (data), SUPPLIER_UI_SAYS_SENT) == 0;
}

/**
 * add_on_product_page:
 * @fixture: the fixture
 * @id: a product's id
 * @n: how many more, at least one
 *
 * Puts @n more of product @id in the basket through the "Add" and "+"
 * buttons of its page.
 */
void
add_on_product_page (SupplierUiFixture *fixture,
                     const char        *id,
                     guint              n)
{
  GtkWidget *product_page = page (fixture, "product");
  HandlaQuantityControl *control = child (product_page, HANDLA_TYPE_PRODUCT_PAGE, "control");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  guint before = handla_basket_get_quantity (basket, id);

  go (fixture, "win.show-product", id);
  g_assert_cmpstr (handla_product_get_id (handla_product_page_get_product (HANDLA_PRODUCT_PAGE (product_page))),
                   ==, id);

  for (guint i = 0; i < n; i++)
    press (fixture, child (GTK_WIDGET (control), HANDLA_TYPE_QUANTITY_CONTROL,
                           before + i == 0 ? "add_button" : "add_one_button"));
  g_assert_cmpuint (handla_basket_get_quantity (basket, id), ==, before + n);
}

/**
 * open_delivery_page:
 * @fixture: the fixture
 *
 * "Choose delivery time" on the basket page, and the Delivery page has
 * listed the supplier's slots.
 *
 * Returns: (transfer none): the Delivery page
 */
GtkWidget *
open_delivery_page (SupplierUiFixture *fixture)
{
  GtkWidget *delivery = page (fixture, "delivery");

  go (fixture, "win.show-page", "basket");
  press (fixture, find_widget (page (fixture, "basket"), has_label, "Choose delivery time"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "delivery");

  g_assert_true (handla_wait_until (delivery_loaded, fixture, STEP_SECONDS));
  g_assert_cmpstr (stack_page (delivery, HANDLA_TYPE_DELIVERY_PAGE), ==, "slots");

  return delivery;
}

/**
 * assert_hold_shown:
 * @fixture: the fixture, a slot held for the demo customer
 * @row: the Delivery page's row of the slot held
 *
 * Checks that the Delivery page shows the hold with how long the
 * supplier keeps it, @row ticked, and that the supplier was asked for
 * one hold.
 */
void
assert_hold_shown (SupplierUiFixture *fixture,
                   GtkListBoxRow     *row)
{
  GtkLabel *hold_label = child (page (fixture, "delivery"), HANDLA_TYPE_DELIVERY_PAGE, "hold_label");

  g_assert_nonnull (strstr (gtk_label_get_label (hold_label), ". Kept for you until "));
  g_assert_true (gtk_check_button_get_active (g_object_get_data (G_OBJECT (row), "check")));
  g_assert_cmpint (supplier_control_requests (fixture->control, "POST /v1/customers/" HANDLA_DEMO_CUSTOMER_ID "/slot-holds"),
                   ==, 1);
}

/**
 * assert_review_page:
 * @fixture: the fixture, a slot held
 * @customer: what the customer label says
 * @totals: what the totals label says
 * @n_lines: how many lines the order has
 *
 * Checks what the review page says before anything is sent: whose order
 * it is, the held slot's delivery time, the totals and the lines.
 */
void
assert_review_page (SupplierUiFixture *fixture,
                    const char        *customer,
                    const char        *totals,
                    guint              n_lines)
{
  GtkWidget *review = page (fixture, "review");
  GtkListBox *lines_box = child (review, HANDLA_TYPE_REVIEW_PAGE, "lines_box");
  g_autofree char *day = NULL;
  g_autofree char *window = NULL;
  g_autofree char *delivery = NULL;
  HandlaSlot *slot;
  guint n_rows = 0;

  g_assert_cmpstr (stack_page (review, HANDLA_TYPE_REVIEW_PAGE), ==, "review");
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "customer_label")),
                   ==, customer);
  slot = handla_slot_hold_get_slot (handla_context_get_slot_hold (fixture->context));
  day = handla_format_day (handla_slot_get_start (slot));
  window = handla_format_window (handla_slot_get_start (slot), handla_slot_get_end (slot));
  delivery = g_strdup_printf ("Delivery %s, %s", day, window);
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "delivery_label")),
                   ==, delivery);
  g_assert_cmpstr (gtk_label_get_label (child (review, HANDLA_TYPE_REVIEW_PAGE, "totals_label")),
                   ==, totals);
  while (gtk_list_box_get_row_at_index (lines_box, (int)n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, ==, n_lines);
}

/* ---- the catalogue ---------------------------------------------------------- */

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/**
 * get_product:
 * @catalogue: the context's catalogue
 * @id: a product's id
 *
 * Looks @id up in @catalogue, which must answer without an error within
 * STEP_SECONDS.
 *
 * Returns: (transfer full) (nullable): the product, or %NULL if there is
 *   none
 */
HandlaProduct *
get_product (HandlaCatalogue *catalogue,
             const char      *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HandlaProduct *product;

  handla_catalogue_get_product_async (catalogue, id, NULL, handla_wait_store_result_cb, &result);
  g_assert_true (handla_wait_until (has_result, &result, STEP_SECONDS));
  product = handla_catalogue_get_product_finish (catalogue, result, &error);
  g_assert_no_error (error);

  return product;
}

/* ---- the test program ------------------------------------------------------ */

/**
 * supplier_ui_test_init:
 * @argc: main()'s
 * @argv: main()'s
 *
 * Points libsecret at a keyring of the test's own (use_test_keyring())
 * and initializes GTK for testing and libadwaita.
 *
 * Returns: (transfer full): the keyring's directory, for
 *   supplier_ui_test_run()
 */
char *
supplier_ui_test_init (int    *argc,
                       char ***argv)
{
  char *keyring = use_test_keyring ();

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  return keyring;
}

/**
 * supplier_ui_test_run:
 * @keyring: what supplier_ui_test_init() returned
 *
 * Runs the tests added, then removes @keyring.
 *
 * Returns: what g_test_run() returns
 */
int
supplier_ui_test_run (const char *keyring)
{
  int status = g_test_run ();

  remove_tree (keyring);

  return status;
}
