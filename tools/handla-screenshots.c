/* handla-screenshots.c — render every page of the real app to PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: handla-screenshots --catalogue FILE --output DIR
 *
 * Starts the real HandlaApplication on a fresh profile, imports the
 * catalogue, fills the basket as a carer would, then visits every page at
 * each text size, landscape (1280×800) and portrait (800×1280), and in
 * high contrast at the normal size, and saves
 * a snapshot of the window's widgets as DIR/PAGE-SIZE-ORIENTATION.png.
 * No mock-ups: these are the widgets users see. Run it through
 * ./dev screenshots, which sets the Swedish locale and the installed
 * schemas and translations.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "handla-application.h"
#include "handla-basket-page.h"
#include "handla-delivery-check-page.h"
#include "handla-delivery-page.h"
#include "handla-products-page.h"
#include "handla-review-page.h"
#include "handla-search-page.h"
#include "handla-wait.h"
#include "handla-window.h"

typedef struct
{
  const char *name;
  int         width;
  int         height;
} Orientation;

static const char * const text_sizes[] = { "normal", "large", "largest" };

static const Orientation orientations[] = {
  { "landscape", 1280, 800 },
  { "portrait", 800, 1280 },
};

static char *catalogue_path;
static char *output_dir;
static char *supplier_url;
static char *supplier_ca;
static char *enrolment_code;
static char *control_url;
static gboolean catalogue_synced_once;
static int exit_status;

/* ---- the script --------------------------------------------------------- */

static GListModel *
list_products (HandlaContext *context,
               const char    *category_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *products;

  if (category_id != NULL)
    handla_catalogue_list_products_async (handla_context_get_catalogue (context), category_id,
                                          NULL, handla_wait_store_result_cb, &result);
  else
    handla_catalogue_list_offers_async (handla_context_get_catalogue (context),
                                        NULL, handla_wait_store_result_cb, &result);

  products = handla_catalogue_list_products_finish (handla_context_get_catalogue (context),
                                                    handla_wait_for_result (&result), &error);
  if (products == NULL)
    g_error ("Could not list products: %s", error->message);

  return products;
}

static HandlaCategory *
find_category (GListModel *categories,
               const char *icon)
{
  guint n = g_list_model_get_n_items (categories);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaCategory) category = g_list_model_get_item (categories, i);

      if (g_strcmp0 (handla_category_get_icon_name (category), icon) == 0)
        return g_steal_pointer (&category);
    }

  return n > 0 ? g_list_model_get_item (categories, 0) : NULL;
}

/* The first product with pant, so the basket shows a pant total. */
static guint
first_with_pant (GListModel *products)
{
  guint n = g_list_model_get_n_items (products);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HandlaProduct) product = g_list_model_get_item (products, i);

      if (handla_product_get_pant (product) > 0)
        return i;
    }

  return 0;
}

static void
add_first (HandlaContext *context,
           GListModel    *products,
           guint          index,
           guint          quantity)
{
  g_autoptr(HandlaProduct) product = NULL;

  if (index >= g_list_model_get_n_items (products))
    return;

  product = g_list_model_get_item (products, index);
  /* Weighed goods count in grams: two steps a piece. */
  if (handla_product_is_sold_by_weight (product))
    quantity *= 2 * HANDLA_WEIGHT_STEP_GRAMS;
  handla_basket_set_quantity (handla_context_get_basket (context), product, quantity);
}

static void
save_window (HandlaWindow *window,
             const char   *page,
             const char   *size,
             const char   *orientation)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int width = gtk_widget_get_width (content);
  int height = gtk_widget_get_height (content);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (content);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", page, size, orientation);
  g_autofree char *path = g_build_filename (output_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("Could not write %s\n", path);
      exit_status = 1;
      return;
    }

  g_print ("%s (%d×%d)\n", path, width, height);
}

static void
resize_and_settle (HandlaWindow  *window,
                   HandlaContext *context,
                   int            width,
                   int            height)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  int default_width, default_height;

  /* A mapped toplevel keeps its size and frame; showing it again applies
   * the new ones. As on the kiosk, there is no window frame. */
  gtk_window_get_default_size (GTK_WINDOW (window), &default_width, &default_height);
  if (default_width != width || default_height != height ||
      gtk_window_get_decorated (GTK_WINDOW (window)))
    {
      gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
      gtk_window_set_default_size (GTK_WINDOW (window), width, height);
      gtk_widget_set_size_request (GTK_WIDGET (window), width, height);
      gtk_window_present (GTK_WINDOW (window));
    }

  for (guint frames = 0;
       gtk_widget_get_width (content) != width || gtk_widget_get_height (content) != height;
       frames++)
    {
      if (frames > 120)
        break;
      handla_wait_for_frames (GTK_WIDGET (window), 1);
    }

  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 3);
}

static void
snap (HandlaWindow      *window,
      HandlaContext     *context,
      const char        *page,
      const char        *size,
      const Orientation *orientation)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  resize_and_settle (window, context, orientation->width, orientation->height);

  /* A page wider than the screen pushes the window out: that is a bug. */
  if (gtk_widget_get_width (content) != orientation->width ||
      gtk_widget_get_height (content) != orientation->height)
    {
      g_printerr ("%s at %s text in %s does not fit %d×%d: it needs %d×%d\n",
                  page, size, orientation->name, orientation->width, orientation->height,
                  gtk_widget_get_width (content), gtk_widget_get_height (content));
      exit_status = 1;
    }

  save_window (window, page, size, orientation->name);
}

static void
visit (HandlaWindow      *window,
       HandlaContext     *context,
       const char        *action,
       const char        *target,
       const char        *page,
       const char        *size,
       const Orientation *orientation)
{
  if (target != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), action, "s", target);
  else
    gtk_widget_activate_action (GTK_WIDGET (window), action, NULL);

  snap (window, context, page, size, orientation);
}

/* The delivery page asks the supplier for its slots each time it is shown. */
static gboolean
delivery_loaded (gpointer data)
{
  GtkWidget *page = handla_window_get_page (data, "delivery");
  GtkStack *stack = GTK_STACK (adw_bin_get_child (ADW_BIN (page)));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") != 0;
}

/* Shows the page called @name and waits until @loaded says it has what
 * it shows. */
static void
visit_loaded (HandlaWindow      *window,
              HandlaContext     *context,
              const char        *name,
              gboolean         (*loaded) (gpointer data),
              gpointer           data,
              const char        *size,
              const Orientation *orientation)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", name);
  if (!handla_wait_until (loaded, data, 60))
    {
      g_printerr ("The %s page did not load\n", name);
      exit_status = 1;
    }
  snap (window, context, name, size, orientation);
}

static gboolean
search_done (gpointer data)
{
  return !handla_search_page_is_searching (data);
}

/* The search page with a word typed, its results and the keyboard. */
static void
visit_search (HandlaWindow      *window,
              HandlaContext     *context,
              const char        *query,
              const char        *size,
              const Orientation *orientation)
{
  GtkWidget *page = handla_window_get_page (window, "search");
  GtkEditable *entry = handla_search_page_get_entry (HANDLA_SEARCH_PAGE (page));

  gtk_editable_set_text (entry, query);
  gtk_editable_set_position (entry, -1);
  visit_loaded (window, context, "search", search_done, page, size, orientation);
}

static gboolean
customers_listed (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_customers (data))) > 0;
}

/* The basket page has asked the supplier for the delivery times. */
static gboolean
basket_fee_known (gpointer data)
{
  GtkWidget *page = handla_window_get_page (data, "basket");
  GObject *fee = gtk_widget_get_template_child (page, HANDLA_TYPE_BASKET_PAGE, "fee_label");

  return g_str_has_prefix (gtk_label_get_label (GTK_LABEL (fee)), "Leveransavgift") ||
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (fee)), "Delivery fee");
}

/* The app starts on the Customers page, with the unit's customers once
 * the supplier has listed them. */
static void
visit_customers (HandlaWindow      *window,
                 HandlaContext     *context,
                 const char        *size,
                 const Orientation *orientation)
{
  if (!handla_wait_until (customers_listed, context, 60))
    {
      g_printerr ("The supplier did not list the customers\n");
      exit_status = 1;
    }
  visit (window, context, "win.show-page", "customers", "customers", size, orientation);
}

/* A visit with the supplier's demo customer Anna K., together with her,
 * as the Customers page begins one. */
static gboolean
begin_demo_visit (HandlaContext *context)
{
  GListModel *customers = G_LIST_MODEL (handla_context_get_customers (context));

  if (!handla_wait_until (customers_listed, context, 60))
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      if (g_strcmp0 (handla_customer_get_id (customer), HANDLA_DEMO_CUSTOMER_ID) == 0)
        {
          handla_context_begin_visit (context, customer, HANDLA_ORDER_MODE_TOGETHER);
          handla_wait_for_store (context);
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
slot_held (gpointer data)
{
  HandlaWindow *window = data;
  GtkWidget *page = handla_window_get_page (window, "delivery");
  GObject *list_box = gtk_widget_get_template_child (page, HANDLA_TYPE_DELIVERY_PAGE, "list_box");

  return handla_context_get_slot_hold (handla_window_get_context (window)) != NULL &&
         gtk_widget_get_sensitive (GTK_WIDGET (list_box));
}

/* Holds the first delivery time that can be booked, as the carer does:
 * by choosing its row on the delivery page. The review page needs it. */
static gboolean
hold_first_slot (HandlaWindow *window)
{
  GtkWidget *page = handla_window_get_page (window, "delivery");
  GtkListBox *list_box = GTK_LIST_BOX (gtk_widget_get_template_child (page, HANDLA_TYPE_DELIVERY_PAGE,
                                                                      "list_box"));
  GtkListBoxRow *row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "delivery");
  if (!handla_wait_until (delivery_loaded, window, 60))
    return FALSE;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (gtk_list_box_row_get_activatable (row))
      break;
  if (row == NULL)
    return FALSE;

  gtk_widget_activate (GTK_WIDGET (row));
  return handla_wait_until (slot_held, window, 60);
}

static gboolean
order_sent (gpointer data)
{
  HandlaOrders *orders = data;
  g_autoptr(HandlaOrder) order = g_list_model_get_item (G_LIST_MODEL (orders), 0);

  return order != NULL && handla_order_get_state (order) != HANDLA_ORDER_STATE_QUEUED;
}

/* "Send order" on the review page, and the page once the supplier has
 * the order. */
static gboolean
send_order (HandlaWindow  *window,
            HandlaContext *context)
{
  GtkWidget *page = handla_window_get_page (window, "review");
  GObject *confirm = gtk_widget_get_template_child (page, HANDLA_TYPE_REVIEW_PAGE, "confirm_check");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "review");
  handla_wait_for_store (context);
  /* Together with the customer: she agrees first. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (confirm), TRUE);
  if (!gtk_widget_activate_action (page, "review-page.send", NULL))
    return FALSE;

  return handla_wait_until (order_sent, handla_context_get_orders (context), 60);
}

/* POST @body to the supplier's test-only control endpoint @path. */
static gboolean
post_control (const char *path,
              const char *body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (control_url, path, NULL);

  database = g_tls_file_database_new (supplier_ca, &error);
  if (database == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  soup_session_set_tls_database (session, database);
  msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_printerr ("POST %s failed: %s\n", path,
                  error != NULL ? error->message : soup_message_get_reason_phrase (msg));
      return FALSE;
    }

  return TRUE;
}

/* Has the supplier pick the order sent last (a substitute, a missing
 * line) and announce a window, and refreshes it. Returns the order, or
 * NULL if that could not be done. */
static HandlaOrder *
pick_sent_order (HandlaContext *context,
                 GListModel    *substitutes)
{
  HandlaOrders *orders = handla_context_get_orders (context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HandlaProduct) substitute = NULL;
  g_autoptr(HandlaOrder) order = NULL;
  g_autofree char *path = NULL;
  g_autofree char *body = NULL;

  if (control_url == NULL || g_list_model_get_n_items (substitutes) == 0 ||
      g_list_model_get_n_items (G_LIST_MODEL (orders)) == 0)
    return NULL;

  order = g_list_model_get_item (G_LIST_MODEL (orders), 0);
  if (handla_order_get_supplier_id (order) == NULL)
    {
      g_printerr ("The order was not sent\n");
      return NULL;
    }

  substitute = g_list_model_get_item (substitutes, g_list_model_get_n_items (substitutes) - 1);
  path = g_strdup_printf ("/control/orders/%s/advance", handla_order_get_supplier_id (order));
  body = g_strdup_printf ("{\"to\": \"on_its_way\", \"substitute\": {\"line\": 1, "
                          "\"product_id\": \"%s\"}, \"missing\": [2]}",
                          handla_product_get_id (substitute));
  if (!post_control (path, body))
    return NULL;

  handla_orders_refresh_async (orders, order, NULL, handla_wait_store_result_cb, &result);
  if (!handla_orders_refresh_finish (orders, handla_wait_for_result (&result), &error))
    {
      g_printerr ("The order could not be refreshed: %s\n", error->message);
      return NULL;
    }

  return g_steal_pointer (&order);
}

static gboolean
complaint_sent (gpointer data)
{
  return handla_order_get_complaint_state (data) == HANDLA_COMPLAINT_SENT;
}

static gboolean
complaint_answered (gpointer data)
{
  return handla_order_get_complaint_state (data) == HANDLA_COMPLAINT_ANSWERED;
}

/* Has the supplier deliver @order and opens its delivery check with the
 * first line marked missing, a note, and a note on the delivery. */
static gboolean
check_delivered_order (HandlaWindow  *window,
                       HandlaContext *context,
                       HandlaOrder   *order)
{
  HandlaOrders *orders = handla_context_get_orders (context);
  GtkWidget *page = handla_window_get_page (window, "delivery-check");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("/control/orders/%s/advance",
                                           handla_order_get_supplier_id (order));
  GtkListBox *lines_box;
  GtkListBoxRow *row;
  GtkWidget *line;

  if (!post_control (path, "{\"to\": \"delivered\"}"))
    return FALSE;
  handla_orders_refresh_async (orders, order, NULL, handla_wait_store_result_cb, &result);
  if (!handla_orders_refresh_finish (orders, handla_wait_for_result (&result), &error))
    {
      g_printerr ("The order could not be refreshed: %s\n", error->message);
      return FALSE;
    }

  gtk_widget_activate_action (GTK_WIDGET (window), "win.check-delivery", "x",
                              handla_order_get_local_id (order));
  lines_box = GTK_LIST_BOX (gtk_widget_get_template_child (page, HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                                           "lines_box"));
  row = gtk_list_box_get_row_at_index (lines_box, 0);
  if (row == NULL)
    return FALSE;
  line = gtk_list_box_row_get_child (row);
  gtk_toggle_button_set_active (g_object_get_data (G_OBJECT (line), "missing"), TRUE);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (line), "note"), "Hela påsen saknas.");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (page,
                                                                      HANDLA_TYPE_DELIVERY_CHECK_PAGE,
                                                                      "note_entry")),
                         "Kylvarorna in i kylen kl. 14.05.");
  return TRUE;
}

/* Sends the delivery check on screen, has the supplier answer it with a
 * credit and shows the order with the answer. */
static gboolean
answer_complaint (HandlaWindow  *window,
                  HandlaContext *context,
                  HandlaOrder   *order)
{
  HandlaOrders *orders = handla_context_get_orders (context);
  HandlaDeliveryCheckPage *page = HANDLA_DELIVERY_CHECK_PAGE (handla_window_get_page (window,
                                                                                      "delivery-check"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  handla_orders_check_delivery_async (orders, order, handla_delivery_check_page_get_draft (page),
                                      NULL, handla_wait_store_result_cb, &result);
  if (!handla_orders_check_delivery_finish (orders, handla_wait_for_result (&result), &error) ||
      !handla_wait_until (complaint_sent, order, 60))
    {
      g_printerr ("The complaint was not sent: %s\n", error != NULL ? error->message : "");
      return FALSE;
    }

  path = g_strdup_printf ("/control/orders/%s/complaints/k-%s-1/answer",
                          handla_order_get_supplier_id (order),
                          handla_order_get_supplier_id (order) + 2);
  if (!post_control (path, "{\"resolution\": \"credit\", "
                           "\"text\": \"Vi beklagar. Beloppet krediteras på nästa faktura.\"}"))
    return FALSE;
  g_clear_object (&result);
  handla_orders_refresh_async (orders, order, NULL, handla_wait_store_result_cb, &result);
  if (!handla_orders_refresh_finish (orders, handla_wait_for_result (&result), &error) ||
      !handla_wait_until (complaint_answered, order, 60))
    {
      g_printerr ("The answer did not come: %s\n", error != NULL ? error->message : "");
      return FALSE;
    }

  return TRUE;
}

static gboolean
catalogue_synced (gpointer data)
{
  return *(gboolean *)data;
}

static void
catalogue_changed_cb (HandlaCatalogue *catalogue,
                      gboolean        *synced)
{
  *synced = TRUE;
}

static void
import_catalogue (HandlaContext *context)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (catalogue_path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &error);

  if (bytes == NULL)
    g_error ("Could not read %s: %s", catalogue_path, error->message);
  handla_catalogue_import_async (handla_context_get_catalogue (context), bytes, NULL,
                                 handla_wait_store_result_cb, &result);
  if (!handla_catalogue_import_finish (handla_context_get_catalogue (context),
                                       handla_wait_for_result (&result), NULL, &error))
    g_error ("Could not import %s: %s", catalogue_path, error->message);
}

/* A visit with Anna K. (c-1001), as the Customers page opens one: the
 * delivery page then holds her usual time, and her delivery notes are
 * filled in as a carer would. Falls back to the first free time. */
static gboolean
begin_delivery_visit (HandlaWindow  *window,
                      HandlaContext *context)
{
  HandlaDeliveryNotes *notes = handla_context_get_delivery_notes (context);
  HandlaCustomer *anna;

  if (!handla_wait_until (customers_listed, context, 60) ||
      (anna = handla_customers_lookup (handla_context_get_customers (context),
                                       HANDLA_DEMO_CUSTOMER_ID)) == NULL)
    return hold_first_slot (window);

  handla_context_begin_visit (context, anna, HANDLA_ORDER_MODE_TOGETHER);
  handla_wait_for_store (context);
  handla_delivery_notes_set_access (notes, "Nyckelbox, se genomförandeplan");
  handla_delivery_notes_set_driver_note (notes, "Tredje våningen, hissen finns på baksidan.");
  handla_wait_for_store (context);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "delivery");
  if (handla_wait_until (delivery_loaded, window, 60) && handla_wait_until (slot_held, window, 60))
    return TRUE;

  return hold_first_slot (window);
}

/* The delivery notes, at the end of the delivery page: scrolled to as
 * the carer would. */
static void
snap_delivery_notes (HandlaWindow      *window,
                     HandlaContext     *context,
                     const char        *size,
                     const Orientation *orientation)
{
  GtkWidget *page = handla_window_get_page (window, "delivery");
  GtkWidget *list_box = GTK_WIDGET (gtk_widget_get_template_child (page, HANDLA_TYPE_DELIVERY_PAGE,
                                                                   "list_box"));
  GtkWidget *scrolled = gtk_widget_get_ancestor (list_box, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  resize_and_settle (window, context, orientation->width, orientation->height);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  snap (window, context, "delivery-notes", size, orientation);
  gtk_adjustment_set_value (adjustment, 0);
}

/* Chooses a time that is not Anna K.'s usual one, so the page warns that
 * a carer must be there. */
static gboolean
hold_other_slot (HandlaWindow  *window,
                 HandlaContext *context)
{
  GtkWidget *page = handla_window_get_page (window, "delivery");
  GtkListBox *list_box = GTK_LIST_BOX (gtk_widget_get_template_child (page, HANDLA_TYPE_DELIVERY_PAGE,
                                                                      "list_box"));
  HandlaCustomer *customer = handla_context_get_customer (context);
  GtkListBoxRow *row;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "delivery");
  if (customer == NULL || !handla_wait_until (delivery_loaded, window, 60))
    return FALSE;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    if (gtk_list_box_row_get_activatable (row) &&
        !handla_slot_matches_agreed (g_object_get_data (G_OBJECT (row), "slot"), customer))
      break;
  if (row == NULL)
    return FALSE;

  gtk_widget_activate (GTK_WIDGET (row));
  return handla_wait_until (slot_held, window, 60);
}

static void
run_script (HandlaApplication *app)
{
  HandlaContext *context = handla_application_get_context (app);
  HandlaWindow *window = HANDLA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  GSettings *settings = handla_context_get_settings (context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) categories = NULL;
  g_autoptr(HandlaCategory) dairy = NULL;
  g_autoptr(HandlaCategory) drinks = NULL;
  g_autoptr(HandlaCategory) bread = NULL;
  g_autoptr(GListModel) dairy_products = NULL;
  g_autoptr(GListModel) drink_products = NULL;
  g_autoptr(GListModel) bread_products = NULL;
  g_autoptr(GListModel) offers = NULL;
  g_autoptr(HandlaProduct) featured = NULL;

  /* The catalogue, from the supplier or as a supplier would send it. */
  if (supplier_url != NULL)
    {
      if (!handla_wait_until (catalogue_synced, &catalogue_synced_once, 60))
        g_error ("The catalogue did not come from the supplier");
    }
  else
    import_catalogue (context);

  handla_catalogue_list_categories_async (handla_context_get_catalogue (context), NULL,
                                          handla_wait_store_result_cb, &result);
  categories = handla_catalogue_list_categories_finish (handla_context_get_catalogue (context),
                                                        handla_wait_for_result (&result), &error);
  if (categories == NULL || g_list_model_get_n_items (categories) == 0)
    g_error ("The catalogue has no categories");

  dairy = find_category (categories, "dairy");
  drinks = find_category (categories, "drinks");
  bread = find_category (categories, "bread");
  dairy_products = list_products (context, handla_category_get_id (dairy));
  drink_products = list_products (context, handla_category_get_id (drinks));
  bread_products = list_products (context, handla_category_get_id (bread));
  offers = list_products (context, NULL);

  /* The start: the Customers page, before any visit. */
  g_settings_set_boolean (settings, "kiosk-mode", TRUE);
  gtk_window_unfullscreen (GTK_WINDOW (window));
  for (guint s = 0; supplier_url != NULL && s < G_N_ELEMENTS (text_sizes); s++)
    {
      g_settings_set_string (settings, "text-size", text_sizes[s]);
      for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
        visit_customers (window, context, text_sizes[s], &orientations[o]);
    }

  /* A visit; without a supplier there are no customers to visit. */
  if (!begin_demo_visit (context))
    g_error ("No customer %s to visit", HANDLA_DEMO_CUSTOMER_ID);

  /* A basket like one made together at a visit. */
  add_first (context, dairy_products, 0, 2);
  add_first (context, dairy_products, 1, 1);
  add_first (context, bread_products, 0, 1);
  add_first (context, drink_products, first_with_pant (drink_products), 4);
  add_first (context, offers, 0, 1);
  add_first (context, offers, 3, 2);
  handla_wait_for_store (context);

  /* As on the tablets: no window controls. The pictures are taken at
   * tablet sizes, so the kiosk's fullscreen is undone. */
  g_settings_set_boolean (settings, "kiosk-mode", TRUE);
  gtk_window_unfullscreen (GTK_WINDOW (window));

  /* The product page shows a product in the basket, so its substitution
   * choice and note are on screen, as the basket rows are. */
  featured = g_list_model_get_n_items (offers) > 0 ? g_list_model_get_item (offers, 0) : NULL;
  if (featured != NULL)
    {
      HandlaBasket *basket = handla_context_get_basket (context);

      if (handla_basket_get_quantity (basket, handla_product_get_id (featured)) == 0)
        handla_basket_add (basket, featured);
      handla_basket_set_substitution (basket, handla_product_get_id (featured),
                                      HANDLA_SUBSTITUTION_ONLY_THIS);
      handla_basket_set_note (basket, handla_product_get_id (featured),
                              "Gärna med lång hållbarhet.");
    }
  /* And the basket page's first row has a choice and a note of its own. */
  if (g_list_model_get_n_items (G_LIST_MODEL (handla_context_get_basket (context))) > 0)
    {
      HandlaBasket *basket = handla_context_get_basket (context);
      g_autoptr(HandlaBasketLine) first = g_list_model_get_item (G_LIST_MODEL (basket), 0);
      const char *id = handla_product_get_id (handla_basket_line_get_product (first));

      handla_basket_set_substitution (basket, id, HANDLA_SUBSTITUTION_CALL_UNIT);
      handla_basket_set_note (basket, id, "Hellre laktosfri än ingen.");
    }
  handla_wait_for_store (context);

  if (supplier_url != NULL && !begin_delivery_visit (window, context))
    {
      g_printerr ("Could not hold a delivery time\n");
      exit_status = 1;
    }

  for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
    {
      g_settings_set_string (settings, "text-size", text_sizes[s]);

      for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
        {
          const Orientation *orientation = &orientations[o];
          const char *size = text_sizes[s];

          visit (window, context, "win.show-page", "home", "home", size, orientation);
          visit (window, context, "win.show-page", "categories", "categories", size, orientation);
          visit (window, context, "win.show-category", handla_category_get_id (dairy),
                 "products", size, orientation);
          if (featured != NULL)
            visit (window, context, "win.show-product", handla_product_get_id (featured),
                   "product", size, orientation);
          visit (window, context, "win.show-page", "offers", "offers", size, orientation);
          visit (window, context, "win.show-page", "basket", "basket", size, orientation);
          visit_search (window, context, "mjölk", size, orientation);
          if (supplier_url != NULL)
            {
              visit_loaded (window, context, "delivery", delivery_loaded, window, size, orientation);
              visit (window, context, "win.show-page", "review", "review", size, orientation);
            }
        }
    }

  /* The delivery page's warning: a time that is not the usual one, for a
   * customer who needs a carer present. */
  if (supplier_url != NULL)
    {
      if (!hold_other_slot (window, context))
        {
          g_printerr ("Could not hold another delivery time\n");
          exit_status = 1;
        }
      for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
        {
          g_settings_set_string (settings, "text-size", text_sizes[s]);
          for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
            {
              gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "delivery");
              if (!handla_wait_until (delivery_loaded, window, 60))
                exit_status = 1;
              snap (window, context, "delivery-warning", text_sizes[s], &orientations[o]);
              snap_delivery_notes (window, context, text_sizes[s], &orientations[o]);
            }
        }
    }

  /* Once more in high contrast, at the normal size: libadwaita follows the
   * desktop's a11y setting and loads style-hc.css. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
      schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface", TRUE);

    if (schema != NULL && g_settings_schema_has_key (schema, "high-contrast"))
      {
        g_autoptr(GSettings) a11y = g_settings_new ("org.gnome.desktop.a11y.interface");

        g_settings_set_string (settings, "text-size", "normal");
        g_settings_set_boolean (a11y, "high-contrast", TRUE);
        for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
          {
            const Orientation *orientation = &orientations[o];

            visit (window, context, "win.show-page", "home", "home", "high-contrast", orientation);
            visit (window, context, "win.show-category", handla_category_get_id (dairy),
                   "products", "high-contrast", orientation);
            if (featured != NULL)
              visit (window, context, "win.show-product", handla_product_get_id (featured),
                     "product", "high-contrast", orientation);
            visit (window, context, "win.show-page", "basket", "basket", "high-contrast", orientation);
            visit_search (window, context, "mjölk", "high-contrast", orientation);
          }
        g_settings_set_boolean (a11y, "high-contrast", FALSE);
      }
    else
      g_printerr ("No org.gnome.desktop.a11y.interface schema: no high-contrast pictures\n");
  }

  /* Last, as it empties the basket: the order sent, and what the review
   * page then says. */
  if (supplier_url != NULL)
    {
      if (!send_order (window, context))
        {
          g_printerr ("The order was not sent\n");
          exit_status = 1;
        }

      for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
        {
          g_settings_set_string (settings, "text-size", text_sizes[s]);
          for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
            {
              visit (window, context, "win.show-page", "review", "sent", text_sizes[s],
                     &orientations[o]);
              /* The banner now follows the order sent. */
              visit (window, context, "win.show-page", "home", "home-order", text_sizes[s],
                     &orientations[o]);
            }
        }
    }

  /* "Change order" on the order just sent: the basket and the review in
   * change mode, with the banner and one more product; then the change
   * is forgotten, so the order is picked as it was sent. */
  if (supplier_url != NULL)
    {
      GListModel *orders = G_LIST_MODEL (handla_context_get_orders (context));
      g_autoptr(HandlaOrder) sent = g_list_model_get_item (orders, 0);

      if (sent != NULL && handla_order_get_state (sent) == HANDLA_ORDER_STATE_SENT)
        {
          handla_context_begin_change (context, sent);
          handla_wait_for_store (context);
          add_first (context, bread_products, 1, 1);
          handla_wait_for_store (context);
          for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
            {
              g_settings_set_string (settings, "text-size", text_sizes[s]);
              for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
                {
                  visit (window, context, "win.show-page", "basket", "basket-change",
                         text_sizes[s], &orientations[o]);
                  visit (window, context, "win.show-page", "review", "review-change",
                         text_sizes[s], &orientations[o]);
                  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-order", "x",
                                              handla_order_get_local_id (sent));
                  snap (window, context, "order-changing", text_sizes[s], &orientations[o]);
                }
            }
          handla_context_discard_change (context);
          handla_wait_for_store (context);
        }
      else
        {
          g_printerr ("No sent order to change\n");
          exit_status = 1;
        }
    }

  /* A visit with the supplier's Anna K., as the Customers page begins
   * it (her weekly budget shows), and a new basket below the supplier's
   * smallest order, with no delivery time held yet, just merged with
   * another tablet's: every note of the basket page at once (the merge
   * note as HandlaBasketSync words it). */
  if (supplier_url != NULL && g_list_model_get_n_items (dairy_products) > 0)
    {
      if (!begin_demo_visit (context))
        exit_status = 1;
      add_first (context, dairy_products, 0, 1);
      handla_wait_for_store (context);
      /* On the basket page, as the merge would find it: a note, no toast. */
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "basket");
      g_signal_emit_by_name (context, "basket-notice",
                             "Anna K.:s varukorg ändrades också på en annan surfplatta. "
                             "Där lades till: Mellanmjölk.");
      for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
        {
          g_settings_set_string (settings, "text-size", text_sizes[s]);
          for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
            {
              gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "basket");
              if (!handla_wait_until (basket_fee_known, window, 60))
                {
                  g_printerr ("The basket page did not get the delivery times\n");
                  exit_status = 1;
                }
              snap (window, context, "basket-notes", text_sizes[s], &orientations[o]);
            }
        }
    }

  /* The order after it is sent: picked, with a substitute and a missing
   * line, and on its way (the supplier's control endpoint moves it). */
  {
    g_autoptr(HandlaOrder) order = pick_sent_order (context, dairy_products);

    if (order == NULL && control_url != NULL)
      exit_status = 1;
    for (guint s = 0; order != NULL && s < G_N_ELEMENTS (text_sizes); s++)
      {
        g_settings_set_string (settings, "text-size", text_sizes[s]);
        for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
          {
            visit (window, context, "win.show-page", "orders", "orders", text_sizes[s],
                   &orientations[o]);
            gtk_widget_activate_action (GTK_WIDGET (window), "win.show-order", "x",
                                        handla_order_get_local_id (order));
            snap (window, context, "order", text_sizes[s], &orientations[o]);
          }
      }

    /* Delivered: the delivery check with a missing line, then the order
     * with the supplier's answer to the complaint. */
    if (order != NULL && !check_delivered_order (window, context, order))
      exit_status = 1;
    else if (order != NULL)
      {
        for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
          {
            g_settings_set_string (settings, "text-size", text_sizes[s]);
            for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
              snap (window, context, "delivery-check", text_sizes[s], &orientations[o]);
          }
        if (!answer_complaint (window, context, order))
          exit_status = 1;
        for (guint s = 0; exit_status == 0 && s < G_N_ELEMENTS (text_sizes); s++)
          {
            g_settings_set_string (settings, "text-size", text_sizes[s]);
            for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
              {
                gtk_widget_activate_action (GTK_WIDGET (window), "win.show-order", "x",
                                            handla_order_get_local_id (order));
                snap (window, context, "order-answered", text_sizes[s], &orientations[o]);
              }
          }
      }
  }

  /* The end of the visit: the summary for the carer's notes. */
  for (guint s = 0; s < G_N_ELEMENTS (text_sizes); s++)
    {
      g_settings_set_string (settings, "text-size", text_sizes[s]);
      for (guint o = 0; o < G_N_ELEMENTS (orientations); o++)
        visit (window, context, "win.end-visit", NULL, "visit-end", text_sizes[s],
               &orientations[o]);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.finish-visit", NULL);

  /* Back to the default for anyone reusing the profile. */
  g_settings_set_string (settings, "text-size", "normal");
  g_settings_set_boolean (settings, "kiosk-mode", FALSE);
  g_application_quit (G_APPLICATION (app));
}

/* Still frames: no cross-fades half-way through a page change. */
static void
started_cb (HandlaApplication *app)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  /* Without a compositor GTK draws a solid frame around client-side
   * decorated windows; the kiosk has none, so neither do the pictures. */
  gtk_css_provider_load_from_data (provider,
                                   "window.solid-csd { padding: 0; margin: 0; border: none;"
                                   " box-shadow: none; border-radius: 0; }",
                                   -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
}

static void
activated_cb (HandlaApplication *app)
{
  g_signal_connect (handla_context_get_catalogue (handla_application_get_context (app)), "changed",
                    G_CALLBACK (catalogue_changed_cb), &catalogue_synced_once);
  g_idle_add_once ((GSourceOnceFunc)run_script, app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HandlaApplication) app = NULL;
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  const GOptionEntry entries[] = {
    { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, &catalogue_path, "Catalogue document to import", "FILE" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output_dir, "Where to write the PNG files", "DIR" },
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier_url,
      "A supplier to enrol with, for the delivery page", "URL" },
    { "supplier-ca", 0, 0, G_OPTION_ARG_FILENAME, &supplier_ca, "The supplier's CA", "FILE" },
    { "enrolment-code", 0, 0, G_OPTION_ARG_STRING, &enrolment_code, "The enrolment code", "CODE" },
    { "supplier-control", 0, 0, G_OPTION_ARG_STRING, &control_url,
      "The supplier's control endpoint (handla-supplier --control), for the order pages", "URL" },
    { NULL }
  };
  char *app_argv[] = { argv[0], NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  int app_argc = 1;
  int status;

  options = g_option_context_new ("— render every page of Handla to PNG");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (catalogue_path == NULL || output_dir == NULL)
    {
      g_printerr ("Usage: handla-screenshots --catalogue FILE --output DIR\n");
      return 2;
    }

  /* A fresh profile, and settings that do not outlive the run. */
  profile = g_dir_make_tmp ("handla-screenshots-XXXXXX", &error);
  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_setenv ("XDG_DATA_HOME", profile, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_mkdir_with_parents (output_dir, 0755);

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = handla_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);

  g_signal_connect_after (app, "startup", G_CALLBACK (started_cb), NULL);

  if (supplier_url != NULL)
    {
      app_argv[app_argc++] = (char *)"--supplier";
      app_argv[app_argc++] = supplier_url;
      app_argv[app_argc++] = (char *)"--supplier-ca";
      app_argv[app_argc++] = supplier_ca;
      app_argv[app_argc++] = (char *)"--enrolment-code";
      app_argv[app_argc++] = enrolment_code;
    }

  status = g_application_run (G_APPLICATION (app), app_argc, app_argv);

  return status != 0 ? status : exit_status;
}
