/* test-ui.c — the pages and the basket, driven through the widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "handla-basket-page.h"
#include "handla-basket-row.h"
#include "handla-categories-page.h"
#include "handla-customers-page.h"
#include "handla-delivery-check-page.h"
#include "handla-delivery-page.h"
#include "handla-home-page.h"
#include "handla-order-page.h"
#include "handla-orders-page.h"
#include "handla-keyboard.h"
#include "handla-offer-tile.h"
#include "handla-offers-page.h"
#include "handla-product-page.h"
#include "handla-product-tile.h"
#include "handla-products-page.h"
#include "handla-quantity-control.h"
#include "handla-reflow-layout.h"
#include "handla-sql.h"
#include "handla-review-page.h"
#include "handla-search-page.h"
#include "handla-ui-utils.h"
#include "handla-wait.h"
#include "ui-test-util.h"
#include "handla-visit-end-page.h"
#include "handla-window.h"

typedef struct
{
  char          *dir;
  char          *db_path;
  HandlaContext *context;
} Fixture;

/* ---- fixture -------------------------------------------------------------- */

static gpointer
add_demo_customer_job (sqlite3  *db,
                       gpointer  data,
                       GError  **error)
{
  if (!handla_sql_exec (db,
                        "INSERT OR IGNORE INTO customer (id, display_name, record) VALUES"
                        " ('" HANDLA_DEMO_CUSTOMER_ID "', 'Anna K.', '{\"id\": \"" HANDLA_DEMO_CUSTOMER_ID "\","
                        "  \"display_name\": \"Anna K.\", \"address_line\": \"Storgatan 1\","
                        "  \"needs_unpacking\": false, \"carer_present\": true,"
                        "  \"agreed_delivery\": {\"weekday\": \"thursday\","
                        "   \"window_start\": \"10:00\", \"window_end\": \"14:00\"}}')",
                        error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static HandlaCustomer *
find_customer (HandlaContext *context,
               const char    *id)
{
  GListModel *customers = G_LIST_MODEL (handla_context_get_customers (context));

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      if (g_str_equal (handla_customer_get_id (customer), id))
        return customer;
    }

  return NULL;
}

/* The demo customer Anna K. in the store, and a visit with her begun
 * through the context (the Customers page's own way is tested in
 * test_customers and test-ui-order). */
static void
begin_demo_visit (HandlaContext *context)
{
  g_autoptr(GError) error = NULL;
  HandlaCustomer *anna;

  handla_store_run_sync (handla_context_get_store (context), add_demo_customer_job, NULL, NULL,
                         &error);
  g_assert_no_error (error);
  handla_customers_load_async (handla_context_get_customers (context), NULL, NULL, NULL);
  handla_wait_for_store (context);
  anna = find_customer (context, HANDLA_DEMO_CUSTOMER_ID);
  g_assert_nonnull (anna);
  handla_context_begin_visit (context, anna, HANDLA_ORDER_MODE_TOGETHER);
  handla_wait_for_store (context);
}

static HandlaContext *
open_context (const char *db_path)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HandlaContext *context = handla_context_new (db_path, NULL, settings);

  handla_wait_for_store (context);
  begin_demo_visit (context);

  return context;
}

static void
close_context (HandlaContext *context)
{
  handla_store_close (handla_context_get_store (context));
  g_assert_finalize_object (context);
}

/* The small catalogue of tests/fixtures, or with @demo the demo
 * catalogue the app ships (data/demo-catalogue.json, 2,000 products). */
static void
import_catalogue (HandlaContext *context,
                  gboolean       demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = demo
    ? g_test_build_filename (G_TEST_DIST, "..", "data", "demo-catalogue.json", NULL)
    : g_test_build_filename (G_TEST_DIST, "fixtures", "ui-catalogue.json", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (handla_catalogue_import_sync (handla_context_get_catalogue (context),
                                               bytes, NULL, &error));
  g_assert_no_error (error);
  handla_wait_for_store (context);
}

/* @data is "demo" for the demo catalogue, NULL for the fixture's. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("handla-test-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->dir, "handla.db", NULL);
  fixture->context = open_context (fixture->db_path);
  import_catalogue (fixture->context, g_strcmp0 (data, "demo") == 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->db_path, "-shm", NULL);

  if (fixture->context != NULL)
    close_context (g_steal_pointer (&fixture->context));

  g_unlink (fixture->db_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->db_path);
  g_free (fixture->dir);
}

static HandlaWindow *
new_window (HandlaContext *context)
{
  HandlaWindow *window = handla_window_new (NULL, context);

  gtk_window_present (GTK_WINDOW (window));
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);

  return window;
}

static void
destroy_window (HandlaWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

/* Flushes the basket, closes @window and the context, and opens a new
 * context and window on the same file. Returns the new window, with a
 * reference for destroy_window(). */
static HandlaWindow *
reopen_window (Fixture      *fixture,
               HandlaWindow *window)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autoptr(GAsyncResult) flushed = NULL;

  handla_basket_flush_async (basket, NULL, handla_wait_store_result_cb, &flushed);
  g_assert_true (handla_basket_flush_finish (basket, handla_wait_for_result (&flushed), NULL));
  destroy_window (window);
  close_context (g_steal_pointer (&fixture->context));

  fixture->context = open_context (fixture->db_path);
  window = new_window (fixture->context);
  g_object_ref (window);

  return window;
}

static void
go (HandlaWindow *window,
    const char   *action,
    const char   *target)
{
  HandlaContext *context = handla_window_get_context (window);

  if (target != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, "s", target));
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));

  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
}

/* ---- finding widgets ------------------------------------------------------ */

typedef gboolean (*WidgetMatch) (GtkWidget     *widget,
                                 gconstpointer  data);

/* Every widget below @widget that @match takes, in tree order (not
 * looking inside one it took). */
static void
collect (GtkWidget     *widget,
         WidgetMatch    match,
         gconstpointer  data,
         GPtrArray     *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child, data))
        g_ptr_array_add (found, child);
      else
        collect (child, match, data, found);
    }
}

static GtkWidget *
find_first (GtkWidget     *widget,
            WidgetMatch    match,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (widget, match, data, found);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

static gboolean
is_quantity_control (GtkWidget     *widget,
                     gconstpointer  data)
{
  return HANDLA_IS_QUANTITY_CONTROL (widget);
}

static gboolean
is_product_tile (GtkWidget     *widget,
                 gconstpointer  data)
{
  return HANDLA_IS_PRODUCT_TILE (widget);
}

static void
collect_controls (GtkWidget *widget,
                  GPtrArray *controls)
{
  collect (widget, is_quantity_control, NULL, controls);
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

/* Every descendant of @widget of @type, in order; a widget of @type is
 * not searched further. */
static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      else
        collect_type (child, type, found);
    }
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_type (widget, type, found);
  g_assert_cmpuint (found->len, ==, 1);

  return g_ptr_array_index (found, 0);
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

/* Every visible label's text below @widget, one per line. */
static void
collect_text (GtkWidget *widget,
              GString   *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child))
        continue;
      if (GTK_IS_LABEL (child))
        g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (child)));
      collect_text (child, text);
    }
}

static char *
dup_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

static void
assert_shows (GtkWidget  *widget,
              const char *words)
{
  g_autofree char *text = dup_text (widget);

  if (strstr (text, words) == NULL)
    g_error ("“%s” is not on screen:\n%s", words, text);
}

static gpointer
exec_sql_job (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  return handla_sql_exec (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static GtkWidget *
find_actionable (GtkWidget  *widget,
                 const char *action_name)
{
  return find_first (widget, has_action, action_name);
}

/* A button showing @label, as its label or beside its icon. */
static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  GtkWidget *content;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;

  content = gtk_button_get_child (GTK_BUTTON (widget));
  return g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 ||
         (ADW_IS_BUTTON_CONTENT (content) &&
          g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), label) == 0);
}

/* A button that opens the page called @page. */
static gboolean
shows_page (GtkWidget     *widget,
            gconstpointer  page)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) || !has_action (widget, "win.show-page"))
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_str_equal (g_variant_get_string (target, NULL), page);
}

/* ---- tests ---------------------------------------------------------------- */

static gboolean
is_spinner (GtkWidget     *widget,
            gconstpointer  data)
{
  return GTK_IS_SPINNER (widget);
}

/* Only a spinner on screen spins: GTK 4.8 runs the animation of one in a
 * hidden stack page too, and the window then redraws at the display's
 * rate for as long as the app runs. */
static void
assert_hidden_spinners_rest (HandlaWindow *window)
{
  g_autoptr(GPtrArray) spinners = g_ptr_array_new ();

  collect (GTK_WIDGET (window), is_spinner, NULL, spinners);
  g_assert_cmpuint (spinners->len, >=, 4);
  for (guint i = 0; i < spinners->len; i++)
    {
      GtkWidget *spinner = g_ptr_array_index (spinners, i);

      if (!gtk_widget_get_mapped (spinner) && gtk_spinner_get_spinning (GTK_SPINNER (spinner)))
        g_error ("A spinner of %s spins while it is not shown",
                 G_OBJECT_TYPE_NAME (gtk_widget_get_ancestor (spinner, HANDLA_TYPE_PAGE)));
    }
}

/* handla_spinner_spin_while_mapped(): a spinner spins while its stack
 * page is shown, and rests while another is. */
static void
test_spinner_while_mapped (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkStack *stack = GTK_STACK (gtk_stack_new ());
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_stack_add_named (stack, gtk_label_new ("Loaded"), "loaded");
  gtk_stack_add_named (stack, spinner, "loading");
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (stack));
  handla_spinner_spin_while_mapped (GTK_SPINNER (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_window_present (GTK_WINDOW (window));
  handla_wait_for_frames (window, 1);
  g_assert_false (gtk_widget_get_mapped (spinner));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_stack_set_visible_child_name (stack, "loading");
  handla_wait_for_frames (window, 1);
  g_assert_true (gtk_widget_get_mapped (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_stack_set_visible_child_name (stack, "loaded");
  handla_wait_for_frames (window, 1);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  GtkWidget *page;

  g_object_ref (window);
  /* A visit: Home, with the customer's name as its title. */
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Anna K.");
  assert_hidden_spinners_rest (window);

  go (window, "win.show-page", "categories");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "categories");
  page = handla_window_get_page (window, "categories");
  g_assert_cmpuint (g_list_model_get_n_items (handla_categories_page_get_model (HANDLA_CATEGORIES_PAGE (page))), ==, 4);

  go (window, "win.show-category", "mejeri");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "products");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Mejeri — Anna K.");
  page = handla_window_get_page (window, "products");
  g_assert_false (handla_products_page_is_loading (HANDLA_PRODUCTS_PAGE (page)));
  g_assert_cmpuint (g_list_model_get_n_items (handla_products_page_get_model (HANDLA_PRODUCTS_PAGE (page))), ==, 4);

  go (window, "win.show-product", "p1");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "product");
  page = handla_window_get_page (window, "product");
  g_assert_cmpstr (handla_product_get_id (handla_product_page_get_product (HANDLA_PRODUCT_PAGE (page))), ==, "p1");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Product — Anna K.");

  /* Back walks the history: product → products → categories → home. */
  go (window, "win.back", NULL);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "products");
  go (window, "win.back", NULL);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "categories");
  go (window, "win.back", NULL);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "home");
  /* On the start page there is nowhere to go back to: Back is hidden and
   * disabled, and the action does nothing. */
  {
    GtkWidget *back = find_actionable (GTK_WIDGET (window), "win.back");

    g_assert_nonnull (back);
    g_assert_false (gtk_widget_get_visible (back));
    g_assert_false (gtk_widget_is_sensitive (back));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
    g_assert_cmpstr (handla_window_get_page_name (window), ==, "home");
  }

  go (window, "win.show-page", "offers");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "offers");
  page = handla_window_get_page (window, "offers");
  g_assert_false (handla_offers_page_is_loading (HANDLA_OFFERS_PAGE (page)));
  g_assert_cmpuint (g_list_model_get_n_items (handla_offers_page_get_model (HANDLA_OFFERS_PAGE (page))), ==, 2);

  go (window, "win.show-page", "basket");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "basket");
  assert_hidden_spinners_rest (window);

  destroy_window (window);
}

/* ---- customers and the visit --------------------------------------------- */

static gpointer
add_customers_job (sqlite3  *db,
                   gpointer  data,
                   GError  **error)
{
  if (!handla_sql_exec (db,
                        "INSERT INTO customer (id, display_name, record) VALUES"
                        " ('c-2', 'Åsa B.', '{\"id\": \"c-2\", \"display_name\": \"Åsa B.\","
                        "  \"address_line\": \"Ågatan 3\", \"needs_unpacking\": false,"
                        "  \"carer_present\": false}'),"
                        " ('c-1', 'Bo L.', '{\"id\": \"c-1\", \"display_name\": \"Bo L.\","
                        "  \"address_line\": \"Storgatan 1\", \"needs_unpacking\": true,"
                        "  \"carer_present\": true, \"open_order_ids\": [\"o-1\"],"
                        "  \"agreed_delivery\": {\"weekday\": \"thursday\","
                        "   \"window_start\": \"10:00\", \"window_end\": \"14:00\"}}')",
                        error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
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

static guint
count_visible_rows (GtkListBox *list_box)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child) &&
          gtk_widget_get_visible (child))
        n++;
    }

  return n;
}

/* Runs the main loop until @list_box shows @n rows (the search entry
 * reports a change after a short delay of its own). */
static void
wait_for_rows (GtkListBox *list_box,
               guint       n)
{
  gint64 give_up = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (count_visible_rows (list_box) != n && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (count_visible_rows (list_box), ==, n);
}

/* The customers list, searched by name; opening a customer asks for the
 * mode and begins the visit; back on the list, the visit is over. */
static void
test_customers (Fixture       *fixture,
                gconstpointer  data)
{
  HandlaContext *context = fixture->context;
  HandlaWindow *window = NULL;
  HandlaPage *page;
  GtkListBox *list_box;
  GtkEditable *search;
  AdwMessageDialog *dialog;
  GtkListBoxRow *row;
  g_autoptr(GError) error = NULL;

  handla_store_run_sync (handla_context_get_store (context), add_customers_job, NULL, NULL, &error);
  g_assert_no_error (error);
  handla_customers_load_async (handla_context_get_customers (context), NULL, NULL, NULL);
  handla_wait_for_store (context);

  /* Without a visit the window starts on the Customers page. */
  handla_context_end_visit (context);
  window = g_object_ref (new_window (context));
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "customers");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Customers");
  page = HANDLA_PAGE (handla_window_get_page (window, "customers"));
  list_box = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                          HANDLA_TYPE_CUSTOMERS_PAGE, "list_box"));
  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                        HANDLA_TYPE_CUSTOMERS_PAGE, "search_entry"));

  /* By name, in Swedish order (Å after Z); Bo's agreed day and open
   * order in words. */
  g_assert_cmpuint (count_visible_rows (list_box), ==, 3);
  row = gtk_list_box_get_row_at_index (list_box, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Anna K.");
  row = gtk_list_box_get_row_at_index (list_box, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Bo L.");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Delivery on Thursdays, 10:00–14:00 · 1 open order");

  /* Searching folds case and accents: "asa" finds Åsa. */
  gtk_editable_set_text (search, "asa");
  wait_for_rows (list_box, 1);
  row = gtk_list_box_get_row_at_index (list_box, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Åsa B.");
  gtk_editable_set_text (search, "");
  wait_for_rows (list_box, 3);
  row = gtk_list_box_get_row_at_index (list_box, 1);

  /* Opening Bo asks who takes part; "on the customer's behalf" begins the
   * visit with Bo's basket and shows the home page. */
  g_signal_emit_by_name (list_box, "row-activated", row);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Bo L.");
  adw_message_dialog_response (dialog, "on-behalf");
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Bo L.");
  g_assert_nonnull (handla_context_get_customer (context));
  g_assert_cmpstr (handla_customer_get_id (handla_context_get_customer (context)), ==, "c-1");
  g_assert_cmpint (handla_context_get_visit_mode (context), ==, HANDLA_ORDER_MODE_ON_BEHALF);
  g_assert_cmpstr (handla_basket_get_customer_id (handla_context_get_basket (context)), ==, "c-1");
  if (find_message_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));

  /* Back on the list: the visit is over. */
  go (window, "win.show-page", "customers");
  g_assert_null (handla_context_get_customer (context));
  g_assert_null (handla_basket_get_customer_id (handla_context_get_basket (context)));

  destroy_window (window);
}

static void
test_add_three_and_reopen (Fixture       *fixture,
                           gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  HandlaBasket *basket;
  GtkWidget *page;
  /* Copies: the products belong to the first window's tiles. */
  g_auto(GStrv) added = g_new0 (char *, 4);
  guint n_rows = 0;

  g_object_ref (window);
  go (window, "win.show-category", "mejeri");
  page = handla_window_get_page (window, "products");
  collect_controls (page, controls);
  g_assert_cmpuint (controls->len, >=, 3);

  /* Three products, through the tiles' own "basket.add" actions; the
   * second one twice. */
  for (guint i = 0; i < 3; i++)
    {
      HandlaQuantityControl *control = g_ptr_array_index (controls, i);

      added[i] = g_strdup (handla_product_get_id (handla_quantity_control_get_product (control)));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (control), "basket.add", NULL));
    }
  g_assert_true (gtk_widget_activate_action (g_ptr_array_index (controls, 1), "basket.add", NULL));

  basket = handla_context_get_basket (fixture->context);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 3);
  g_assert_cmpuint (handla_basket_get_quantity (basket, added[0]), ==, 1);
  g_assert_cmpuint (handla_basket_get_quantity (basket, added[1]), ==, 2);
  g_assert_cmpuint (handla_basket_get_quantity (basket, added[2]), ==, 1);

  /* "−" on the second brings it back to one. */
  g_assert_true (gtk_widget_activate_action (g_ptr_array_index (controls, 1), "basket.remove-one", NULL));
  g_assert_cmpuint (handla_basket_get_quantity (basket, added[1]), ==, 1);

  /* A new context and window on the same file: the basket is all there. */
  window = reopen_window (fixture, window);
  basket = handla_context_get_basket (fixture->context);
  g_assert_true (handla_basket_is_loaded (basket));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (handla_basket_get_quantity (basket, added[i]), ==, 1);

  go (window, "win.show-page", "basket");
  page = handla_window_get_page (window, "basket");
  {
    g_autoptr(GPtrArray) row_controls = g_ptr_array_new ();

    collect_controls (page, row_controls);
    n_rows = row_controls->len;
  }
  g_assert_cmpuint (n_rows, ==, 3);

  destroy_window (window);
}

static void
toast_added_cb (HandlaPage *page,
                AdwToast   *toast,
                AdwToast  **out)
{
  g_set_object (out, toast);
}

static void
test_remove_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GtkWidget *page;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(HandlaProduct) product = NULL;
  AdwToast *toast = NULL;

  g_object_ref (window);
  handla_catalogue_get_product_async (handla_context_get_catalogue (fixture->context), "p7",
                                      NULL, handla_wait_store_result_cb, &result);
  product = handla_catalogue_get_product_finish (handla_context_get_catalogue (fixture->context),
                                                 handla_wait_for_result (&result), NULL);
  g_assert_nonnull (product);
  handla_basket_set_quantity (basket, product, 3);

  go (window, "win.show-page", "basket");
  page = handla_window_get_page (window, "basket");
  g_assert_cmpint (handla_basket_get_pant_total (basket), ==, 600);

  handla_basket_set_substitution (basket, "p7", HANDLA_SUBSTITUTION_ONLY_THIS);
  handla_basket_set_note (basket, "p7", "Pantflaskor");
  g_signal_connect (page, "add-toast", G_CALLBACK (toast_added_cb), &toast);
  g_assert_true (gtk_widget_activate_action (page, "basket-page.remove", "s", "p7"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 0);
  g_assert_cmpint (handla_basket_get_pant_total (basket), ==, 0);

  /* The toast offers Undo, which brings the whole line back. */
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Undo");
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 10);
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 1);
  g_assert_cmpuint (handla_basket_get_quantity (basket, "p7"), ==, 3);
  g_assert_cmpint (handla_basket_line_get_substitution (handla_basket_find_line (basket, "p7")), ==,
                   HANDLA_SUBSTITUTION_ONLY_THIS);
  g_assert_cmpstr (handla_basket_line_get_note (handla_basket_find_line (basket, "p7")), ==,
                   "Pantflaskor");
  g_clear_object (&toast);

  /* "−" on the last one in the basket is the same undoable removal. */
  handla_basket_set_quantity (basket, product, 1);
  handla_wait_for_frames (GTK_WIDGET (window), 1);
  {
    g_autoptr(GPtrArray) controls = g_ptr_array_new ();

    collect_controls (page, controls);
    g_assert_cmpuint (controls->len, ==, 1);
    g_assert_true (gtk_widget_activate_action (g_ptr_array_index (controls, 0),
                                               "basket.remove-one", NULL));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 0);
  g_assert_nonnull (toast);
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (handla_basket_get_quantity (basket, "p7"), ==, 1);
  g_clear_object (&toast);

  destroy_window (window);
}

static void
test_widgets_finalize (Fixture       *fixture,
                       gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GType page_types[] = {
    HANDLA_TYPE_CUSTOMERS_PAGE,
    HANDLA_TYPE_HOME_PAGE,
    HANDLA_TYPE_CATEGORIES_PAGE,
    HANDLA_TYPE_PRODUCTS_PAGE,
    HANDLA_TYPE_PRODUCT_PAGE,
    HANDLA_TYPE_BASKET_PAGE,
    HANDLA_TYPE_DELIVERY_PAGE,
    HANDLA_TYPE_REVIEW_PAGE,
    HANDLA_TYPE_ORDERS_PAGE,
    HANDLA_TYPE_ORDER_PAGE,
    HANDLA_TYPE_SEARCH_PAGE,
    HANDLA_TYPE_OFFERS_PAGE,
    HANDLA_TYPE_DELIVERY_CHECK_PAGE,
    HANDLA_TYPE_VISIT_END_PAGE,
  };
  GtkWidget *control;
  GtkWidget *tile;

  control = g_object_ref_sink (handla_quantity_control_new ());
  handla_quantity_control_set_basket (HANDLA_QUANTITY_CONTROL (control), basket);
  g_assert_finalize_object (control);

  tile = g_object_ref_sink (handla_product_tile_new (basket));
  g_assert_finalize_object (tile);

  /* The keyboard does not keep its target alive, nor the target it. */
  {
    GtkWidget *keyboard = g_object_ref_sink (handla_keyboard_new ());
    GtkWidget *entry = g_object_ref_sink (gtk_search_entry_new ());

    handla_keyboard_set_target (HANDLA_KEYBOARD (keyboard), GTK_EDITABLE (entry));
    g_assert_true (gtk_widget_activate_action (keyboard, "keyboard.type", "s", "å"));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "å");
    g_assert_finalize_object (entry);
    g_assert_null (handla_keyboard_get_target (HANDLA_KEYBOARD (keyboard)));
    g_assert_finalize_object (keyboard);
  }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(HandlaProduct) product = NULL;
    g_autoptr(HandlaBasketLine) line = NULL;
    GtkWidget *row;
    GtkWidget *box;

    handla_catalogue_get_product_async (handla_context_get_catalogue (fixture->context), "p1",
                                        NULL, handla_wait_store_result_cb, &result);
    product = handla_catalogue_get_product_finish (handla_context_get_catalogue (fixture->context),
                                                   handla_wait_for_result (&result), NULL);
    handla_basket_set_quantity (basket, product, 2);
    line = g_list_model_get_item (G_LIST_MODEL (basket), 0);
    row = g_object_ref_sink (handla_basket_row_new (basket, line));
    g_assert_finalize_object (row);

    tile = g_object_ref_sink (handla_offer_tile_new (basket));
    handla_offer_tile_set_product (HANDLA_OFFER_TILE (tile), product);
    g_assert_finalize_object (tile);

    box = g_object_ref_sink (g_object_new (HANDLA_TYPE_REFLOW_BOX, "spacing", 12, NULL));
    gtk_widget_set_parent (gtk_label_new ("a"), box);
    gtk_widget_set_parent (gtk_label_new ("b"), box);
    g_assert_finalize_object (box);
  }

  for (guint i = 0; i < G_N_ELEMENTS (page_types); i++)
    {
      GtkWidget *page = g_object_ref_sink (g_object_new (page_types[i], NULL));

      handla_page_set_context (HANDLA_PAGE (page), fixture->context);
      handla_wait_for_store (fixture->context);
      g_assert_finalize_object (page);
    }
}

static HandlaProduct *
get_product (HandlaContext *context,
             const char    *id)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_get_product_async (handla_context_get_catalogue (context), id,
                                      NULL, handla_wait_store_result_cb, &result);
  return handla_catalogue_get_product_finish (handla_context_get_catalogue (context),
                                              handla_wait_for_result (&result), NULL);
}

/* What a screen reader hears for a tile and its buttons. */
static void
test_accessible_names (Fixture       *fixture,
                       gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  g_autoptr(HandlaProduct) milk = get_product (fixture->context, "p1");
  g_autoptr(HandlaProduct) offer = get_product (fixture->context, "p3");
  GtkWidget *tile = g_object_ref_sink (handla_product_tile_new (basket));
  GtkWidget *control = g_object_ref_sink (handla_quantity_control_new ());
  GtkWidget *add;
  GtkWidget *less;

  handla_product_tile_set_product (HANDLA_PRODUCT_TILE (tile), milk);
  gtk_test_accessible_assert_role (tile, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Mellanmjölk, Ängsgården · 1,5 l, 24,90\u00a0kr, "
                                       "Comparison price 16,60\u00a0kr/l");

  /* On offer: the offer price, the comparison price at that price, and
   * the offer's own words. */
  handla_product_tile_set_product (HANDLA_PRODUCT_TILE (tile), offer);
  gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Laktosfri mellanmjölkdryck, 1 l, 18,90\u00a0kr, "
                                       "Comparison price 18,90\u00a0kr/l, Veckans pris");

  handla_quantity_control_set_basket (HANDLA_QUANTITY_CONTROL (control), basket);
  handla_quantity_control_set_product (HANDLA_QUANTITY_CONTROL (control), milk);
  add = find_actionable (control, "basket.add");
  less = find_actionable (control, "basket.remove-one");
  gtk_test_accessible_assert_role (add, GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (add, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Add Mellanmjölk to the basket");
  gtk_test_accessible_assert_property (less, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "One less Mellanmjölk");

  /* Goods sold by weight count in grams: "−  250 g  +", priced per kg. */
  {
    g_autoptr(HandlaProduct) apples = get_product (fixture->context, "p9");
    GtkWidget *more;

    g_assert_true (handla_product_is_sold_by_weight (apples));
    handla_quantity_control_set_product (HANDLA_QUANTITY_CONTROL (control), apples);
    g_assert_true (gtk_widget_activate_action (control, "basket.add", NULL));
    g_assert_cmpuint (handla_basket_get_quantity (basket, "p9"), ==, HANDLA_WEIGHT_STEP_GRAMS);
    more = gtk_widget_get_last_child (gtk_widget_get_parent (less));
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (more)), ==, "basket.add");
    for (guint i = 0; i < 3; i++)
      g_assert_true (gtk_widget_activate_action (control, "basket.add", NULL));
    g_assert_cmpuint (handla_basket_get_quantity (basket, "p9"), ==, 4 * HANDLA_WEIGHT_STEP_GRAMS);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (less))), ==,
                     "1\u00a0kg");
    g_assert_true (gtk_widget_activate_action (control, "basket.remove-one", NULL));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (less))), ==,
                     "750\u00a0g");
    /* 34,90 kr/kg × 0,75 kg = 26,175 kr, rounded to 26,18 kr */
    g_assert_cmpint (handla_basket_get_goods_total (basket), ==, 2618);

    handla_product_tile_set_product (HANDLA_PRODUCT_TILE (tile), apples);
    gtk_test_accessible_assert_property (tile, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                         "Äpplen Royal Gala, per kg, 34,90\u00a0kr/kg, "
                                         "Comparison price 34,90\u00a0kr/kg");
  }

  g_assert_finalize_object (tile);
  g_assert_finalize_object (control);
}

/* The product page's three substitution rows, in order, and its note
 * entry. */
static void
get_choice_widgets (GtkWidget       *page,
                    GtkCheckButton **checks,
                    GtkEditable    **note)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_type (page, GTK_TYPE_CHECK_BUTTON, found);
  g_assert_cmpuint (found->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    checks[i] = g_ptr_array_index (found, i);
  *note = GTK_EDITABLE (find_type (page, GTK_TYPE_ENTRY));
}

/* A choice and a note made on the product page reach the basket line, its
 * row on the basket page, and the store. */
static void
test_substitution (Fixture       *fixture,
                   gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  HandlaBasketLine *line;
  GtkCheckButton *checks[3];
  GtkEditable *note;
  GtkWidget *page;
  GtkWidget *row;
  GtkWidget *choice_button;

  g_object_ref (window);
  go (window, "win.show-product", "p1");
  page = handla_window_get_page (window, "product");
  get_choice_widgets (page, checks, &note);

  /* Not in the basket: nothing to choose yet. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (checks[0])));
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (note)));

  {
    g_autoptr(GPtrArray) controls = g_ptr_array_new ();

    collect_controls (page, controls);
    g_assert_cmpuint (controls->len, ==, 1);
    g_assert_true (gtk_widget_activate_action (g_ptr_array_index (controls, 0), "basket.add", NULL));
  }
  handla_wait_for_frames (GTK_WIDGET (window), 1);
  line = handla_basket_find_line (basket, "p1");
  g_assert_nonnull (line);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (checks[0])));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (note)));
  g_assert_true (gtk_check_button_get_active (checks[0]));
  g_assert_cmpstr (gtk_editable_get_text (note), ==, "");

  /* Every choice is named for what it says, and the note for its label. */
  gtk_test_accessible_assert_property (checks[0], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Similar product is OK");
  gtk_test_accessible_assert_property (checks[1], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Only this product");
  gtk_test_accessible_assert_property (checks[2], GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Call the unit");
  gtk_test_accessible_assert_role (checks[0], GTK_ACCESSIBLE_ROLE_CHECKBOX);
  {
    GtkWidget *entry = find_type (page, GTK_TYPE_ENTRY);
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    GtkWidget *note_label = NULL;

    collect_type (page, GTK_TYPE_LABEL, all);
    for (guint i = 0; i < all->len; i++)
      if (g_strcmp0 (gtk_label_get_label (g_ptr_array_index (all, i)), "Note to the picker") == 0)
        note_label = g_ptr_array_index (all, i);
    g_assert_nonnull (note_label);
    gtk_test_accessible_assert_relation (entry, GTK_ACCESSIBLE_RELATION_LABELLED_BY, note_label, NULL);
  }

  /* A choice is saved at once. */
  gtk_check_button_set_active (checks[1], TRUE);
  g_assert_cmpint (handla_basket_line_get_substitution (line), ==, HANDLA_SUBSTITUTION_ONLY_THIS);

  /* The note on Enter, trimmed... */
  gtk_editable_set_text (note, "  Gärna ekologisk ");
  g_assert_null (handla_basket_line_get_note (line));
  g_signal_emit_by_name (note, "activate");
  g_assert_cmpstr (handla_basket_line_get_note (line), ==, "Gärna ekologisk");

  /* ...and when the page is left, with no Enter. */
  gtk_editable_set_text (note, "Gärna ekologisk, annars ingen");
  go (window, "win.show-page", "basket");
  while (gtk_widget_get_mapped (page))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (handla_basket_line_get_note (line), ==, "Gärna ekologisk, annars ingen");

  /* The basket row says both in words. */
  row = find_type (handla_window_get_page (window, "basket"), HANDLA_TYPE_BASKET_ROW);
  choice_button = find_type (row, GTK_TYPE_MENU_BUTTON);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (choice_button)), ==,
                   "If missing: Only this product");
  gtk_test_accessible_assert_property (choice_button, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "If missing: Only this product, for Mellanmjölk");
  g_assert_true (shows_label (row, "Note: Gärna ekologisk, annars ingen"));

  /* The row's menu changes the choice; the product page follows. */
  g_assert_true (gtk_widget_activate_action (row, "row.substitution", "s", "call-unit"));
  g_assert_cmpint (handla_basket_line_get_substitution (line), ==, HANDLA_SUBSTITUTION_CALL_UNIT);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (choice_button)), ==,
                   "If missing: Call the unit");
  g_assert_true (gtk_check_button_get_active (checks[2]));

  /* A new context and window on the same file: both are stored. */
  window = reopen_window (fixture, window);
  basket = handla_context_get_basket (fixture->context);
  line = handla_basket_find_line (basket, "p1");
  g_assert_nonnull (line);
  g_assert_cmpint (handla_basket_line_get_substitution (line), ==, HANDLA_SUBSTITUTION_CALL_UNIT);
  g_assert_cmpstr (handla_basket_line_get_note (line), ==, "Gärna ekologisk, annars ingen");

  go (window, "win.show-product", "p1");
  page = handla_window_get_page (window, "product");
  get_choice_widgets (page, checks, &note);
  g_assert_true (gtk_check_button_get_active (checks[2]));
  g_assert_false (gtk_check_button_get_active (checks[0]));
  g_assert_cmpstr (gtk_editable_get_text (note), ==, "Gärna ekologisk, annars ingen");

  go (window, "win.show-page", "basket");
  row = find_type (handla_window_get_page (window, "basket"), HANDLA_TYPE_BASKET_ROW);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (find_type (row, GTK_TYPE_MENU_BUTTON))),
                   ==, "If missing: Call the unit");
  g_assert_true (shows_label (row, "Note: Gärna ekologisk, annars ingen"));

  destroy_window (window);
}

/* ---- search --------------------------------------------------------------- */

static HandlaSearchPage *
open_search (HandlaWindow *window)
{
  go (window, "win.show-page", "search");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "search");

  return HANDLA_SEARCH_PAGE (handla_window_get_page (window, "search"));
}

/* Spins the main context until the results follow the text typed. */
static void
wait_for_search (HandlaSearchPage *page)
{
  while (handla_search_page_is_searching (page))
    g_main_context_iteration (NULL, TRUE);
}

/* Taps one key of the on-screen keyboard, as a finger would. */
static void
press (HandlaSearchPage *page,
       const char       *action_name,
       const char       *text)
{
  GtkWidget *key = handla_keyboard_find_key (handla_search_page_get_keyboard (page), action_name, text);

  g_assert_nonnull (key);
  g_assert_true (gtk_widget_is_sensitive (key));
  g_signal_emit_by_name (key, "clicked");
}

/* Types @text one character at a time on the on-screen keys. */
static void
press_keys (HandlaSearchPage *page,
            const char       *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      char key[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), key);
      press (page, "keyboard.type", key);
    }
}

static char *
dup_result_name (HandlaSearchPage *page,
                 guint             position)
{
  g_autoptr(HandlaProduct) product = g_list_model_get_item (handla_search_page_get_results (page), position);

  g_assert_nonnull (product);

  return g_utf8_casefold (handla_product_get_name (product), -1);
}

static void
assert_first_results_contain (HandlaSearchPage *page,
                              guint             n,
                              const char       *word)
{
  g_assert_cmpstr (handla_search_page_get_state (page), ==, "results");
  g_assert_cmpuint (g_list_model_get_n_items (handla_search_page_get_results (page)), >=, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = dup_result_name (page, i);

      if (strstr (name, word) == NULL)
        g_error ("Result %u is “%s”, which is not “%s”", i, name, word);
    }
}

/* The product tile in @page that shows @product, if any. */
static GtkWidget *
find_tile (HandlaSearchPage *page,
           HandlaProduct    *product)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  collect (GTK_WIDGET (page), is_product_tile, NULL, tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (handla_product_tile_get_product (g_ptr_array_index (tiles, i)) == product)
      return g_ptr_array_index (tiles, i);

  return NULL;
}

static gboolean
is_tile_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "handla-tile-title");
}

/* Waits until every result on @page has a tile (the page gives the grid
 * the results a few rows a frame; at the normal text size the grid keeps
 * a tile for each of the up to 100), and checks that each tile shows its
 * own product. Returns the tiles. */
static GPtrArray *
assert_every_result_has_its_tile (HandlaWindow     *window,
                                  HandlaSearchPage *page)
{
  GListModel *results = handla_search_page_get_results (page);
  guint n = g_list_model_get_n_items (results);
  g_autoptr(GPtrArray) tiles = NULL;
  g_autoptr(GHashTable) shown = g_hash_table_new (NULL, NULL);

  for (guint frames = 0; ; frames++)
    {
      g_clear_pointer (&tiles, g_ptr_array_unref);
      tiles = g_ptr_array_new ();
      collect (GTK_WIDGET (page), is_product_tile, NULL, tiles);
      if (tiles->len >= n)
        break;
      g_assert_cmpuint (frames, <, 200);
      handla_wait_for_frames (GTK_WIDGET (window), 1);
    }

  g_assert_cmpuint (tiles->len, ==, n);
  for (guint i = 0; i < tiles->len; i++)
    {
      HandlaProduct *product = handla_product_tile_get_product (g_ptr_array_index (tiles, i));
      GtkWidget *title = find_first (g_ptr_array_index (tiles, i), is_tile_title, NULL);

      g_assert_nonnull (product);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (title)), ==, handla_product_get_name (product));
      g_hash_table_add (shown, product);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (results, i);

      if (!g_hash_table_contains (shown, product))
        g_error ("Result %u, “%s”, has no tile", i, handla_product_get_name (product));
    }

  return g_steal_pointer (&tiles);
}

/* "mjolk" on the on-screen keys finds milk in the demo catalogue, shown
 * in the product tiles; Delete and Clear edit at the cursor. */
static void
test_search_keyboard (Fixture       *fixture,
                      gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;
  GtkEditable *entry;
  HandlaProduct *first = NULL;
  HandlaProduct *second = NULL;

  g_object_ref (window);
  page = open_search (window);
  entry = handla_search_page_get_entry (page);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Search — Anna K.");
  g_assert_cmpstr (handla_search_page_get_state (page), ==, "start");
  g_assert_cmpstr (handla_search_page_get_status (page), ==, "Type the name of a product");
  g_assert_null (handla_search_page_get_results (page));

  press_keys (page, "mjolk");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjolk");
  g_assert_true (handla_search_page_is_searching (page));
  wait_for_search (page);
  assert_first_results_contain (page, 5, "mjölk");
  g_assert_true (g_str_has_suffix (handla_search_page_get_status (page), "products found for “mjolk”"));
  gtk_test_accessible_assert_property (entry, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       handla_search_page_get_status (page));

  /* The results are the product tiles of a category: the first is there,
   * with its own Add button. */
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  first = g_list_model_get_item (handla_search_page_get_results (page), 0);
  g_assert_nonnull (find_tile (page, first));
  g_clear_object (&first);
  /* The second: the first stays the grid's scroll anchor, not kept. */
  second = g_list_model_get_item (handla_search_page_get_results (page), 1);
  g_assert_nonnull (find_tile (page, second));

  /* Delete takes the letter before the cursor; keys type at the cursor. */
  press (page, "keyboard.backspace", NULL);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjol");
  gtk_editable_set_position (entry, 2);
  press (page, "keyboard.type", "x");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjxol");
  g_assert_cmpint (gtk_editable_get_position (entry), ==, 3);
  press (page, "keyboard.backspace", NULL);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjol");
  g_assert_cmpint (gtk_editable_get_position (entry), ==, 2);
  wait_for_search (page);
  /* "mjol" is flour (mjöl) first now, and milk after it. */
  assert_first_results_contain (page, 3, "mjöl");
  g_assert_true (g_str_has_suffix (handla_search_page_get_status (page), "for “mjol”"));
  /* The milk found again is the product already shown (it keeps its
   * tile when it stays in the first row). */
  {
    GListModel *results = handla_search_page_get_results (page);
    gboolean again = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (results); i++)
      {
        g_autoptr(HandlaProduct) product = g_list_model_get_item (results, i);

        if (g_str_equal (handla_product_get_id (product), handla_product_get_id (second)))
          {
            g_assert_true (product == second);
            again = TRUE;
          }
      }
    g_assert_true (again);
    /* Milk is not in the first row now: it gets its tile a frame later. */
    g_ptr_array_unref (assert_every_result_has_its_tile (window, page));
    g_assert_nonnull (find_tile (page, second));
    /* And the new first result is at the top. */
    g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                         GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (find_tile (page, second),
                                                                       GTK_TYPE_SCROLLED_WINDOW)))),
                       ==, 0);
  }
  g_clear_object (&second);

  /* Clear empties the field and the results. */
  press (page, "keyboard.clear", NULL);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  wait_for_search (page);
  g_assert_cmpstr (handla_search_page_get_state (page), ==, "start");
  g_assert_null (handla_search_page_get_results (page));

  /* Numbers are one key away: "grädde 40". */
  press_keys (page, "grädde ");
  press (page, "keyboard.layer", "digits");
  press_keys (page, "40");
  press (page, "keyboard.layer", "letters");
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "grädde 40");
  wait_for_search (page);
  assert_first_results_contain (page, 3, "vispgrädde 40%");

  destroy_window (window);
}

/* Many results: the first row shows at once, the rest follow within a
 * few frames; every result gets a tile showing it. */
static void
test_search_many_results (Fixture       *fixture,
                          gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;

  g_object_ref (window);
  page = open_search (window);
  press_keys (page, "a");
  wait_for_search (page);
  g_assert_cmpuint (g_list_model_get_n_items (handla_search_page_get_results (page)), >, 20);
  /* The grid has the first row only, before any frame. */
  {
    g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
    GtkGridView *grid = GTK_GRID_VIEW (gtk_widget_get_ancestor (find_first (GTK_WIDGET (page), is_product_tile, NULL),
                                                                GTK_TYPE_GRID_VIEW));

    collect (GTK_WIDGET (page), is_product_tile, NULL, tiles);
    g_assert_cmpuint (tiles->len, ==, gtk_grid_view_get_max_columns (grid));
  }
  g_ptr_array_unref (assert_every_result_has_its_tile (window, page));

  /* Fewer results after Clear, then more again. */
  press (page, "keyboard.clear", NULL);
  wait_for_search (page);
  press_keys (page, "grädde");
  wait_for_search (page);
  assert_first_results_contain (page, 3, "grädde");
  g_ptr_array_unref (assert_every_result_has_its_tile (window, page));

  press (page, "keyboard.clear", NULL);
  wait_for_search (page);
  press_keys (page, "o");
  wait_for_search (page);
  g_ptr_array_unref (assert_every_result_has_its_tile (window, page));

  destroy_window (window);
}

static void
test_search_nothing_found (Fixture       *fixture,
                           gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;

  g_object_ref (window);
  page = open_search (window);
  press_keys (page, "qqqzx");
  wait_for_search (page);
  g_assert_cmpstr (handla_search_page_get_state (page), ==, "empty");
  g_assert_null (handla_search_page_get_results (page));
  g_assert_cmpstr (handla_search_page_get_status (page), ==,
                   "Nothing found for “qqqzx”. Check the spelling or try a shorter word.");
  gtk_test_accessible_assert_property (handla_search_page_get_entry (page),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       handla_search_page_get_status (page));

  destroy_window (window);
}

static GtkEventController *
find_key_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        return controller;
    }

  return NULL;
}

/* A hardware keyboard: typing in the entry searches, and a letter typed
 * while another widget has the focus goes to the entry. The focus is the
 * window's own (gtk_widget_is_focus()): the UI tests share one X server,
 * so another test's window may be the active one. */
static void
test_search_hardware_keyboard (Fixture       *fixture,
                               gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;
  GtkEditable *entry;
  GtkEventController *keys;
  GtkWidget *key;
  gboolean handled = FALSE;

  g_object_ref (window);
  page = open_search (window);
  entry = handla_search_page_get_entry (page);
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (entry))));

  /* What GtkText does with a key press: insert at the cursor. */
  {
    int position = 0;

    gtk_editable_insert_text (entry, "mjölk", -1, &position);
    gtk_editable_set_position (entry, position);
  }
  wait_for_search (page);
  assert_first_results_contain (page, 5, "mjölk");

  /* With the focus on a key, a letter still goes to the entry ... */
  key = handla_keyboard_find_key (handla_search_page_get_keyboard (page), "keyboard.clear", NULL);
  gtk_widget_grab_focus (key);
  g_assert_true (gtk_widget_is_focus (key));
  keys = find_key_controller (GTK_WIDGET (page));
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_k, 0, 0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjölkk");
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (entry))));

  /* ... but Space still presses the focused button. */
  gtk_widget_grab_focus (key);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_space, 0, 0, &handled);
  g_assert_false (handled);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "mjölkk");

  destroy_window (window);
}

/* Each change cancels the search before: a slow first answer never
 * replaces the results of the last text. A new catalogue searches again. */
static void
test_search_follows_text_and_catalogue (Fixture       *fixture,
                                        gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;
  GtkEditable *entry;

  g_object_ref (window);
  page = open_search (window);
  entry = handla_search_page_get_entry (page);

  /* Enter searches at once, without the entry's short wait. */
  gtk_editable_set_text (entry, "m");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (handla_search_page_is_searching (page));
  gtk_editable_set_text (entry, "mjölk");
  g_signal_emit_by_name (entry, "activate");
  wait_for_search (page);
  assert_first_results_contain (page, 5, "mjölk");
  handla_wait_for_store (fixture->context);
  assert_first_results_contain (page, 5, "mjölk");
  g_assert_true (g_str_has_suffix (handla_search_page_get_status (page), "for “mjölk”"));

  /* The small catalogue has three kinds of milk, in place of the demo's many. */
  import_catalogue (fixture->context, FALSE);
  wait_for_search (page);
  assert_first_results_contain (page, 3, "mjölk");
  g_assert_cmpuint (g_list_model_get_n_items (handla_search_page_get_results (page)), ==, 3);

  destroy_window (window);
}

/* Every key has a name in words; the keyboard can give the results its room. */
static void
test_search_keys_accessible (Fixture       *fixture,
                             gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);
  HandlaSearchPage *page;
  HandlaKeyboard *keyboard;
  GtkWidget *toggle;
  GtkWidget *tile;
  guint n_keys = 0;
  graphene_rect_t bounds;

  g_object_ref (window);
  page = open_search (window);
  keyboard = handla_search_page_get_keyboard (page);
  gtk_test_accessible_assert_role (keyboard, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (keyboard, GTK_ACCESSIBLE_PROPERTY_LABEL, "Keyboard");

  for (const char *p = "qwertyuiopåasdfghjklöäzxcvbnm1234567890"; *p; p = g_utf8_next_char (p))
    {
      char text[8] = { 0 };
      GtkWidget *key;

      g_unichar_to_utf8 (g_utf8_get_char (p), text);
      key = handla_keyboard_find_key (keyboard, "keyboard.type", text);
      g_assert_nonnull (key);
      gtk_test_accessible_assert_role (key, GTK_ACCESSIBLE_ROLE_BUTTON);
      gtk_test_accessible_assert_property (key, GTK_ACCESSIBLE_PROPERTY_LABEL, text);
      n_keys++;
    }
  g_assert_cmpuint (n_keys, ==, 39);

  gtk_test_accessible_assert_property (handla_keyboard_find_key (keyboard, "keyboard.type", " "),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Space");
  gtk_test_accessible_assert_property (handla_keyboard_find_key (keyboard, "keyboard.backspace", NULL),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Delete");
  gtk_test_accessible_assert_property (handla_keyboard_find_key (keyboard, "keyboard.clear", NULL),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Clear");
  {
    /* Not in the macro: it would put the "%" into a format string. */
    GtkWidget *per_cent = handla_keyboard_find_key (keyboard, "keyboard.type", "\x25");

    gtk_test_accessible_assert_property (per_cent, GTK_ACCESSIBLE_PROPERTY_LABEL, "per cent");
  }
  gtk_test_accessible_assert_property (handla_keyboard_find_key (keyboard, "keyboard.type", ","),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "comma");

  /* A key on screen is at least 44 px each way, 64 px tall at this size. */
  g_assert_true (gtk_widget_compute_bounds (handla_keyboard_find_key (keyboard, "keyboard.type", "å"),
                                            GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.size.width, >=, 44);
  g_assert_cmpfloat (bounds.size.height, >=, 64);

  /* Hide and show, with the button saying which. */
  toggle = find_first (GTK_WIDGET (page), has_label, "Hide keyboard");
  g_assert_nonnull (toggle);
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Hide keyboard");
  g_signal_emit_by_name (toggle, "clicked");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (keyboard)));
  g_assert_true (find_first (GTK_WIDGET (page), has_label, "Show keyboard") == toggle);
  gtk_test_accessible_assert_property (toggle, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show keyboard");
  g_signal_emit_by_name (toggle, "clicked");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (keyboard)));

  /* The home page's Search tile leads here. */
  go (window, "win.show-page", "home");
  tile = find_first (handla_window_get_page (window, "home"), shows_page, "search");
  g_assert_nonnull (tile);
  g_assert_true (gtk_widget_is_sensitive (tile));
  g_signal_emit_by_name (tile, "clicked");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "search");

  destroy_window (window);
}

static GtkWidget *
fixed_child (int width,
             int height)
{
  GtkWidget *child = gtk_label_new (NULL);

  gtk_widget_set_size_request (child, width, height);

  return child;
}

/* Orders as the store keeps them after the supplier answered, one in
 * each state the order page tells apart; lines only for the picked one.
 * Delivery Thursday 15 January 2026, 10–14, cutoff Wednesday 12:00. */
#define ORDER_SQL(id, state, status, number, cutoff) \
  "INSERT INTO orders (id, customer_id, state, idempotency_key, created_at, mode, carer_id," \
  " slot_id, window_start, window_end, cutoff, goods_total_ore, supplier_id, number, status)" \
  " VALUES (" #id ", 'c-1001', '" state "', 'key-" #id "', '2026-01-12T08:00:00+01:00'," \
  " 'together', 'carer-demo', 's-1', '2026-01-15T10:00:00+01:00', '2026-01-15T14:00:00+01:00'," \
  " '" cutoff "', 25760, " number ", " number ", " status ");"
#define CUTOFF "2026-01-14T12:00:00+01:00"

static const char orders_sql[] =
  ORDER_SQL (1, "queued", "NULL", "NULL", CUTOFF)
  ORDER_SQL (2, "sent", "'confirmed'", "'4712'", CUTOFF)
  ORDER_SQL (3, "sent", "'picking'", "'4713'", CUTOFF)
  ORDER_SQL (4, "sent", "'confirmed'", "'4714'", "2026-01-12T08:30:00+01:00")
  ORDER_SQL (5, "sent", "'cancelled'", "'4715'", CUTOFF)
  ORDER_SQL (6, "needs_attention", "NULL", "NULL", CUTOFF)
  "UPDATE orders SET attention_code = 'slot_unavailable', attention_status = 409 WHERE id = 6;"
  "UPDATE orders SET planned_start = '2026-01-15T11:30:00+01:00',"
  " planned_end = '2026-01-15T12:30:00+01:00', fees_ore = 4900 WHERE id = 3;"
  "INSERT INTO order_line (order_id, product_id, position, quantity, name, price_ore, picking,"
  " substitute_name, substitute_size, amount_ore) VALUES"
  " (3, 'p1', 0, 2, 'Mellanmjölk', 1490, 'found', NULL, NULL, 2980),"
  " (3, 'p2', 1, 1, 'Ägg 12-pack', 4490, 'substituted', 'Ägg 10-pack', '10 st', 3990),"
  " (3, 'p3', 2, 1, 'Falukorv', 3990, 'missing', NULL, NULL, 0);";

static void
show_order (HandlaWindow *window,
            gint64        local_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-order", "x", local_id));
  handla_wait_for_store (handla_window_get_context (window));
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "order");
}

/* The order page for an order in each state: the words, and whether
 * "Cancel order" and "Change order" can be pressed; then the orders list
 * and the cancel confirmation. The tablet's clock stands on Monday
 * 12 January 2026, 09:00. */
static void
test_order_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GDateTime) monday = g_date_time_new_from_iso8601 ("2026-01-12T09:00:00+01:00", NULL);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (monday);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HandlaContext *context;
  HandlaWindow *window;
  GtkWidget *page;
  GtkWidget *cancel;
  GtkWidget *change;
  AdwMessageDialog *dialog;
  HandlaOrder *order;

  close_context (g_steal_pointer (&fixture->context));
  fixture->context = context = handla_context_new (fixture->db_path, clock, settings);
  handla_wait_for_store (context);
  handla_store_run_sync (handla_context_get_store (context), exec_sql_job, (gpointer)orders_sql,
                         NULL, &error);
  g_assert_no_error (error);
  handla_orders_load_async (handla_context_get_orders (context), NULL,
                            handla_wait_store_result_cb, &result);
  g_assert_true (handla_orders_load_finish (handla_context_get_orders (context),
                                            handla_wait_for_result (&result), &error));
  g_assert_no_error (error);
  begin_demo_visit (context);

  window = new_window (context);
  g_object_ref (window);
  page = handla_window_get_page (window, "order");
  cancel = find_actionable (page, "order-page.cancel");
  change = find_actionable (page, "order-page.change");
  g_assert_nonnull (cancel);
  g_assert_nonnull (change);

  /* Queued: not sent yet, and it can still be cancelled. */
  show_order (window, 1);
  assert_shows (page, "Saved on the tablet, not sent yet");
  assert_shows (page, "Delivery Thursday 15 January, 10:00–\u206014:00");
  assert_shows (page, "You can change or cancel this order until Wednesday 14 January 12:00 "
                      "(2 days 3 h left).");
  g_assert_true (gtk_widget_is_sensitive (cancel));
  /* The order is the basket's customer's: "Change order" can be used
   * (test-ui-change.c changes orders through it). */
  g_assert_true (gtk_widget_is_sensitive (change));

  /* Confirmed: the number, and the countdown follows the clock. */
  show_order (window, 2);
  assert_shows (page, "Confirmed by the supplier");
  assert_shows (page, "Order number 4712");
  handla_clock_advance (clock, 2 * G_TIME_SPAN_DAY + 3 * G_TIME_SPAN_HOUR - 14 * G_TIME_SPAN_MINUTE);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  assert_shows (page, "(14 min left)");
  handla_clock_set_now (clock, monday);
  handla_wait_for_frames (GTK_WIDGET (window), 2);

  /* Picking: each line says what became of it; locked, and why. */
  show_order (window, 3);
  assert_shows (page, "The supplier is packing the order");
  assert_shows (page, "Delivery Thursday 15 January, 11:30–\u206012:30");
  assert_shows (page, "the booked time was 10:00–\u206014:00");
  assert_shows (page, "✓ Found");
  assert_shows (page, "→ Replaced by Ägg 10-pack, 10 st");
  assert_shows (page, "✗ Missing: not delivered");
  assert_shows (page, "The municipality pays the delivery, 49,00");
  assert_shows (page, "It can no longer be changed or cancelled.");
  g_assert_false (gtk_widget_is_sensitive (cancel));
  g_assert_false (gtk_widget_is_sensitive (change));

  /* Past its cutoff: locked, in words, for both buttons. */
  show_order (window, 4);
  assert_shows (page, "The deadline for changes was ");
  assert_shows (page, "The order is locked and the supplier is packing it, so it can no longer "
                      "be changed or cancelled on the tablet. To change it now, call the unit "
                      "or the supplier.");
  g_assert_false (gtk_widget_is_sensitive (cancel));
  g_assert_false (gtk_widget_is_sensitive (change));

  show_order (window, 5);
  assert_shows (page, "Cancelled");
  assert_shows (page, "The order is cancelled. Nothing will be delivered.");
  g_assert_false (gtk_widget_is_sensitive (cancel));

  show_order (window, 6);
  assert_shows (page, "Needs attention");
  assert_shows (page, "This delivery time is now full.");

  /* The list: this customer's orders, newest first; a row opens one. */
  go (window, "win.show-page", "orders");
  g_assert_cmpuint (g_list_model_get_n_items (handla_orders_page_get_model (
    HANDLA_ORDERS_PAGE (handla_window_get_page (window, "orders")))), ==, 6);
  order = g_list_model_get_item (handla_orders_page_get_model (
    HANDLA_ORDERS_PAGE (handla_window_get_page (window, "orders"))), 0);
  g_assert_cmpint (handla_order_get_local_id (order), ==, 6);
  g_object_unref (order);
  assert_shows (handla_window_get_page (window, "orders"), "Confirmed by the supplier · 257,60");

  /* Cancel asks first, naming the consequence; "Keep" changes nothing. */
  show_order (window, 2);
  order = handla_order_page_get_order (HANDLA_ORDER_PAGE (page));
  g_assert_true (gtk_widget_activate_action (page, "order-page.cancel", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cancel the order?");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Nothing will be delivered on Thursday 15 January, 10:00–\u206014:00. "
                   "This cannot be undone.");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "cancel-order"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* A button of the dialog answers and closes it. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  handla_wait_for_store (context);
  g_assert_false (handla_order_get_change_pending (order));

  g_assert_true (gtk_widget_activate_action (page, "order-page.cancel", NULL));
  dialog = find_message_dialog ();
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&dialog);
  adw_message_dialog_response (dialog, "cancel-order");
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  /* No supplier here: the cancellation waits in the outbox. */
  g_assert_true (handla_order_get_change_pending (order));
  assert_shows (page, "A change or cancellation is being sent to the supplier.");
  g_assert_false (gtk_widget_is_sensitive (cancel));

  destroy_window (window);
}

static void
test_reflow_layout (void)
{
  GtkWidget *box = g_object_ref_sink (g_object_new (HANDLA_TYPE_REFLOW_BOX, "spacing", 10, NULL));
  GtkWidget *picture = fixed_child (200, 100);
  GtkWidget *details = fixed_child (300, 50);
  graphene_rect_t bounds;
  int min_width, nat_width, min_height;

  gtk_widget_set_parent (picture, box);
  gtk_widget_set_parent (details, box);

  /* Never asks for more than the widest child; would like them side by side. */
  gtk_widget_measure (box, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &nat_width, NULL, NULL);
  g_assert_cmpint (min_width, ==, 300);
  g_assert_cmpint (nat_width, ==, 510);

  /* Room for both: a row, the last child takes the rest of the width. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 600, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_height, ==, 100);
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 600, min_height }, -1);
  g_assert_true (gtk_widget_compute_bounds (details, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 210);
  g_assert_cmpfloat (bounds.origin.y, ==, 0);
  g_assert_cmpfloat (bounds.size.width, ==, 390);

  /* Too narrow for both: a column, each child the full width. */
  gtk_widget_measure (box, GTK_ORIENTATION_VERTICAL, 400, &min_height, NULL, NULL, NULL);
  g_assert_cmpint (min_height, ==, 160);
  gtk_widget_size_allocate (box, &(GtkAllocation) { 0, 0, 400, min_height }, -1);
  g_assert_true (gtk_widget_compute_bounds (details, box, &bounds));
  g_assert_cmpfloat (bounds.origin.x, ==, 0);
  g_assert_cmpfloat (bounds.origin.y, ==, 110);
  g_assert_cmpfloat (bounds.size.width, ==, 400);

  g_assert_finalize_object (box);
}

/* ---- the whole visit ------------------------------------------------------ */

static GtkWidget *
template_child (GtkWidget  *page,
                GType       type,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (page, type, name));
}

typedef struct
{
  GtkLabel   *label;
  const char *prefix;
} LabelWait;

static gboolean
label_starts_with (gpointer data)
{
  LabelWait *wait = data;

  return g_str_has_prefix (gtk_label_get_label (wait->label), wait->prefix);
}

/* Runs the main loop until @label's text starts with @prefix (a fake
 * clock's timer runs from the main loop), then checks it is all @text. */
static void
assert_label_becomes (GtkLabel   *label,
                      const char *text)
{
  LabelWait wait = { label, text };

  handla_wait_until (label_starts_with, &wait, 10);
  g_assert_cmpstr (gtk_label_get_label (label), ==, text);
}

/* Appends to @found every label or editable text under @widget that
 * contains @name, except under @skip. */
static void
collect_texts_with (GtkWidget  *widget,
                    GtkWidget  *skip,
                    const char *name,
                    GPtrArray  *found)
{
  const char *text = NULL;

  if (widget == skip)
    return;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_EDITABLE (widget))
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text != NULL && strstr (text, name) != NULL)
    g_ptr_array_add (found, g_strdup (text));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_texts_with (child, skip, name, found);
}

/* The visit from start to end on a fake clock: the app starts on the
 * Customers page with nobody's data; a customer opened there begins the
 * visit at Home, whose banner gives the next agreed delivery and the
 * time left to its cutoff, and moves with the clock (also past the
 * cutoff); "End visit" shows the summary; "Close the visit" clears
 * every page, the history and the basket and shows the Customers page,
 * from which Back reaches no customer page and "+" cannot add. */
static void
test_visit (Fixture       *fixture,
            gconstpointer  data)
{
  /* Tuesday 13 January 2026, 10:00 in Stockholm. Anna's agreed delivery
   * is Thursdays 10:00–14:00, so: order by Wednesday 12:00. */
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 13, 9, 0, 0);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (start);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(HandlaProduct) milk = NULL;
  HandlaContext *context;
  HandlaWindow *window;
  GtkWidget *customers_page, *home, *summary, *control;
  GtkListBox *list_box;
  AdwMessageDialog *dialog;
  GtkLabel *banner_title, *banner_detail;

  /* A new context on the same file, on the fake clock, with no visit. */
  close_context (g_steal_pointer (&fixture->context));
  fixture->context = context = handla_context_new (fixture->db_path, clock, settings);
  handla_wait_for_store (context);
  handla_customers_load_async (handla_context_get_customers (context), NULL, NULL, NULL);
  handla_wait_for_store (context);
  g_assert_null (handla_context_get_customer_name (context));
  g_assert_null (handla_basket_get_customer_id (handla_context_get_basket (context)));

  window = g_object_ref (new_window (context));
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "customers");
  /* No customer page can be shown without a visit. */
  go (window, "win.show-page", "basket");
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "customers");

  /* Anna, opened on the Customers page "together with the customer". */
  customers_page = handla_window_get_page (window, "customers");
  list_box = GTK_LIST_BOX (template_child (customers_page, HANDLA_TYPE_CUSTOMERS_PAGE, "list_box"));
  wait_for_rows (list_box, 1);
  g_signal_emit_by_name (list_box, "row-activated", gtk_list_box_get_row_at_index (list_box, 0));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "together");
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  if (find_message_dialog () != NULL)
    gtk_window_destroy (GTK_WINDOW (find_message_dialog ()));
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "home");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Anna K.");
  g_assert_cmpint (handla_context_get_visit_mode (context), ==, HANDLA_ORDER_MODE_TOGETHER);
  g_assert_cmpstr (handla_basket_get_customer_id (handla_context_get_basket (context)), ==,
                   HANDLA_DEMO_CUSTOMER_ID);

  /* The banner: the agreed delivery and the time left to its cutoff. */
  home = handla_window_get_page (window, "home");
  banner_title = GTK_LABEL (template_child (home, HANDLA_TYPE_HOME_PAGE, "banner_title"));
  banner_detail = GTK_LABEL (template_child (home, HANDLA_TYPE_HOME_PAGE, "banner_detail"));
  g_assert_cmpstr (gtk_label_get_label (banner_title), ==,
                   "Order by Wednesday 14 January 12:00 for delivery Thursday 15 January, "
                   "10:00–\u206014:00");
  g_assert_cmpstr (gtk_label_get_label (banner_detail), ==, "1 day 2 h left to order.");

  /* The clock moves: so does the banner, at the next minute. */
  handla_clock_advance (clock, 2 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  assert_label_becomes (banner_detail, "23 h 30 min left to order.");

  /* Past the cutoff: too late for this Thursday, the next one is given. */
  handla_clock_advance (clock, 23 * G_TIME_SPAN_HOUR + 31 * G_TIME_SPAN_MINUTE);
  assert_label_becomes (banner_detail,
                        "Too late for delivery Thursday 15 January: the order had to be sent "
                        "by 12:00 the day before. 6 days 23 h left to order.");
  g_assert_cmpstr (gtk_label_get_label (banner_title), ==,
                   "Order by Wednesday 21 January 12:00 for delivery Thursday 22 January, "
                   "10:00–\u206014:00");

  /* Something in the basket, and a walk through the pages. */
  milk = get_product (context, "p1");
  handla_basket_add (handla_context_get_basket (context), milk);
  go (window, "win.show-page", "categories");
  go (window, "win.show-product", "p1");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Product — Anna K.");
  go (window, "win.show-page", "basket");

  /* End visit: the summary, for the carer's notes. */
  go (window, "win.show-page", "home");
  {
    GtkWidget *end_visit = template_child (home, HANDLA_TYPE_HOME_PAGE, "end_visit_button");

    g_assert_true (gtk_widget_get_mapped (end_visit));
    g_assert_true (gtk_widget_is_sensitive (end_visit));
    g_signal_emit_by_name (end_visit, "clicked");
    handla_wait_for_frames (GTK_WIDGET (window), 2);
  }
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "visit-end");
  summary = handla_window_get_page (window, "visit-end");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (template_child (summary, HANDLA_TYPE_VISIT_END_PAGE,
                                                                   "time_label"))),
                   ==, "Time spent: 1 day 2 h");

  /* Close the visit: the Customers page, with nobody's data anywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.finish-visit", NULL));
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "customers");
  g_assert_null (handla_context_get_customer (context));
  g_assert_null (handla_context_get_customer_name (context));
  g_assert_null (handla_basket_get_customer_id (handla_context_get_basket (context)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_basket (context))), ==, 0);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Customers");

  /* Back and Escape go nowhere. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpstr (handla_window_get_page_name (window), ==, "customers");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), HANDLA_TYPE_WINDOW, "back_button"))));

  /* No label or text field of any page but the list holds her name. */
  collect_texts_with (GTK_WIDGET (window), customers_page, "Anna K.", found);
  for (guint i = 0; i < found->len; i++)
    g_printerr ("Still on a page: %s\n", (char *)g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);

  /* "+" on a product cannot add to nobody's basket: it cannot be
   * pressed, and its action does nothing (a critical would fail). */
  control = g_object_ref_sink (g_object_new (HANDLA_TYPE_QUANTITY_CONTROL,
                                             "basket", handla_context_get_basket (context),
                                             "product", milk,
                                             NULL));
  handla_quantity_control_set_available (HANDLA_QUANTITY_CONTROL (control), TRUE);
  gtk_widget_activate_action (control, "basket.add", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_basket (context))), ==, 0);
  g_assert_finalize_object (control);

  destroy_window (window);
}

/* ---- a11y ----------------------------------------------------------------- */

/* Whether a screen reader has a name for @widget: an accessible label,
 * or a label of its own (a button's text, its label child, its
 * AdwButtonContent's label, a check button's text, the labels a button
 * is made of). */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkWidget *child = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

  /* (GTK 4.8's gtk_test_accessible_has_relation() is true for a relation
   * never set, so a labelled-by relation cannot be told apart here; the
   * app names its controls with labels.) */
  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return TRUE;
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      *gtk_button_get_label (GTK_BUTTON (widget)) != '\0')
    return TRUE;
  if (GTK_IS_LABEL (child) && *gtk_label_get_label (GTK_LABEL (child)) != '\0')
    return TRUE;
  if (ADW_IS_BUTTON_CONTENT (child) && adw_button_content_get_label (ADW_BUTTON_CONTENT (child)) != NULL &&
      *adw_button_content_get_label (ADW_BUTTON_CONTENT (child)) != '\0')
    return TRUE;
  if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    return TRUE;
  /* A button made of labels (a Home tile): named by their text. */
  if (child != NULL)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      collect_type (child, GTK_TYPE_LABEL, labels);
      for (guint i = 0; i < labels->len; i++)
        if (gtk_widget_get_visible (g_ptr_array_index (labels, i)) &&
            *gtk_label_get_label (g_ptr_array_index (labels, i)) != '\0')
          return TRUE;
    }

  return FALSE;
}

/* A control someone can use on screen: a button, check button, switch or
 * text field that is mapped and sensitive. Not GTK's own window
 * controls, nor the toggle inside a GtkMenuButton (named by the menu
 * button). */
static gboolean
is_usable_control (GtkWidget     *widget,
                   gconstpointer  data)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_is_sensitive (widget))
    return FALSE;
  if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
    return FALSE;
  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_MENU_BUTTON (parent))
    return FALSE;

  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_ENTRY (widget) || GTK_IS_SEARCH_ENTRY (widget);
}

static void
collect_controls_everywhere (GtkWidget *widget,
                             GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (is_usable_control (child, NULL))
        g_ptr_array_add (found, child);
      collect_controls_everywhere (child, found);
    }
}

/* Every control on the page shown has a name a screen reader can say. */
static void
assert_controls_named (HandlaWindow *window,
                       const char   *where)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();

  handla_wait_for_frames (GTK_WIDGET (window), 2);
  collect_controls_everywhere (GTK_WIDGET (window), controls);
  g_assert_cmpuint (controls->len, >, 0);
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *control = g_ptr_array_index (controls, i);
      GtkWidget *page = gtk_widget_get_ancestor (control, HANDLA_TYPE_PAGE);

      if (GTK_IS_MENU_BUTTON (control) || GTK_IS_ENTRY (control) || GTK_IS_SEARCH_ENTRY (control) ||
          GTK_IS_SWITCH (control))
        {
          /* Named by a label, a placeholder or the widget's own text. */
          if (GTK_IS_MENU_BUTTON (control) && gtk_menu_button_get_label (GTK_MENU_BUTTON (control)) == NULL &&
              !gtk_test_accessible_has_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL))
            g_error ("On %s, a %s in %s has no name", where, G_OBJECT_TYPE_NAME (control),
                     page != NULL ? G_OBJECT_TYPE_NAME (page) : "the header");
          continue;
        }
      if (!has_accessible_name (control))
        g_error ("On %s, a %s in %s has no name (icon %s)", where, G_OBJECT_TYPE_NAME (control),
                 page != NULL ? G_OBJECT_TYPE_NAME (page) : "the header",
                 GTK_IS_BUTTON (control) && gtk_button_get_icon_name (GTK_BUTTON (control)) != NULL
                 ? gtk_button_get_icon_name (GTK_BUTTON (control)) : "none");
    }
}

/* Every page of a visit, as the carer reaches it: no button without a
 * name for a screen reader. */
static void
test_a11y_controls_named (Fixture       *fixture,
                          gconstpointer  data)
{
  HandlaWindow *window = new_window (fixture->context);

  g_object_ref (window);
  assert_controls_named (window, "home");
  go (window, "win.show-page", "categories");
  assert_controls_named (window, "categories");
  go (window, "win.show-category", "mejeri");
  assert_controls_named (window, "products");
  go (window, "win.show-product", "p1");
  assert_controls_named (window, "product");
  go (window, "win.show-page", "offers");
  assert_controls_named (window, "offers");
  go (window, "win.show-page", "search");
  assert_controls_named (window, "search");
  go (window, "win.show-page", "basket");
  assert_controls_named (window, "basket");
  go (window, "win.show-page", "orders");
  assert_controls_named (window, "orders");

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* tests/meson.build runs this program twice: as the ui suite, and with
   * HANDLA_TEST_SUITE=a11y as the a11y suite. */
  if (g_strcmp0 (g_getenv ("HANDLA_TEST_SUITE"), "a11y") == 0)
    {
      g_test_add ("/handla/a11y/controls-named", Fixture, NULL,
                  fixture_set_up, test_a11y_controls_named, fixture_tear_down);
      g_test_add ("/handla/a11y/tile-and-quantity-names", Fixture, NULL,
                  fixture_set_up, test_accessible_names, fixture_tear_down);
      g_test_add ("/handla/a11y/search-keys", Fixture, "demo",
                  fixture_set_up, test_search_keys_accessible, fixture_tear_down);
      return g_test_run ();
    }

  g_test_add ("/handla/ui/customers", Fixture, NULL,
              fixture_set_up, test_customers, fixture_tear_down);
  g_test_add ("/handla/ui/visit", Fixture, NULL,
              fixture_set_up, test_visit, fixture_tear_down);
  g_test_add ("/handla/ui/pages", Fixture, NULL,
              fixture_set_up, test_pages, fixture_tear_down);
  g_test_add_func ("/handla/ui/spinner-while-mapped", test_spinner_while_mapped);
  g_test_add ("/handla/ui/add-three-and-reopen", Fixture, NULL,
              fixture_set_up, test_add_three_and_reopen, fixture_tear_down);
  g_test_add ("/handla/ui/remove-and-undo", Fixture, NULL,
              fixture_set_up, test_remove_and_undo, fixture_tear_down);
  g_test_add ("/handla/ui/substitution", Fixture, NULL,
              fixture_set_up, test_substitution, fixture_tear_down);
  g_test_add_func ("/handla/ui/reflow-layout", test_reflow_layout);
  g_test_add ("/handla/ui/order-page", Fixture, NULL,
              fixture_set_up, test_order_page, fixture_tear_down);
  g_test_add ("/handla/ui/widgets-finalize", Fixture, NULL,
              fixture_set_up, test_widgets_finalize, fixture_tear_down);
  g_test_add ("/handla/ui/search/keyboard", Fixture, "demo",
              fixture_set_up, test_search_keyboard, fixture_tear_down);
  g_test_add ("/handla/ui/search/many-results", Fixture, "demo",
              fixture_set_up, test_search_many_results, fixture_tear_down);
  g_test_add ("/handla/ui/search/nothing-found", Fixture, "demo",
              fixture_set_up, test_search_nothing_found, fixture_tear_down);
  g_test_add ("/handla/ui/search/hardware-keyboard", Fixture, "demo",
              fixture_set_up, test_search_hardware_keyboard, fixture_tear_down);
  g_test_add ("/handla/ui/search/follows-text-and-catalogue", Fixture, "demo",
              fixture_set_up, test_search_follows_text_and_catalogue, fixture_tear_down);

  return g_test_run ();
}
