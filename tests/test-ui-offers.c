/* test-ui-offers.c — the Offers flyer and the basket's notes, against
 * the real supplier
 *
 * Each test starts the reference supplier (HANDLA_SUPPLIER --demo
 * --control) with its clock stopped on Monday 12 January 2026, 09:00,
 * and the real window on a real store whose fake HandlaClock stands at
 * the same time, enrolled with the supplier, and begins a visit for the
 * supplier's Anna K. (c-1001, agreed delivery on Thursdays, a weekly
 * budget of 800,00 kr) as the Customers page would. Buttons are found
 * as template children and pressed only when on screen and usable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-basket-page.h"
#include "handla-customer-private.h"
#include "handla-home-page.h"
#include "handla-offer-tile.h"
#include "handla-offers-page.h"
#include "ui-supplier-fixture.h"

/* 14,00 kr each, no pant; the supplier's smallest order is 200,00 kr. */
#define AVOCADO "lv320-2"

#define SAYS_OFFLINE "Offline — the basket is kept on the tablet and sent when the network returns."

typedef SupplierUiFixture Fixture;

/* ---- fixture -------------------------------------------------------------- */

static HandlaCustomer *
list_anna (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) customers = NULL;
  g_autoptr(GError) error = NULL;

  handla_supplier_client_list_customers_async (fixture->client, NULL,
                                               handla_wait_store_result_cb, &result);
  handla_wait_for_result (&result);
  customers = handla_supplier_client_list_customers_finish (fixture->client, result, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (customers, i);

      if (g_strcmp0 (handla_customer_get_id (customer), HANDLA_DEMO_CUSTOMER_ID) == 0)
        return g_steal_pointer (&customer);
    }

  g_assert_not_reached ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(HandlaCustomer) anna = NULL;

  supplier_ui_fixture_set_up (fixture, "ui-offers");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  supplier_ui_fixture_show (fixture);

  /* The visit, as the Customers page begins it: never the app's start. */
  anna = list_anna (fixture);
  g_assert_cmpint (handla_customer_get_weekly_budget (anna), ==, 80000);
  handla_context_begin_visit (fixture->context, anna, HANDLA_ORDER_MODE_TOGETHER);
  handla_wait_for_store (fixture->context);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "home"));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

/* ---- finding and pressing ------------------------------------------------- */

/* Presses @button as press() does, but waits for two frames, not one. */
static void
press_and_draw (Fixture   *fixture,
                GtkWidget *button)
{
  press_button (button);
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
}

static gboolean
is_offer_tile (GtkWidget     *widget,
               gconstpointer  data)
{
  return HANDLA_IS_OFFER_TILE (widget) && gtk_widget_get_mapped (widget);
}

/* The Home page's Offers tile: the button that shows the "offers" page. */
static gboolean
is_offers_tile (GtkWidget     *widget,
                gconstpointer  data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget) ||
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.show-page") != 0)
    return FALSE;

  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_strcmp0 (g_variant_get_string (target, NULL), "offers") == 0;
}

static gboolean
offers_loaded (gpointer data)
{
  HandlaOffersPage *offers = HANDLA_OFFERS_PAGE (page (data, "offers"));

  return !handla_offers_page_is_loading (offers) && handla_offers_page_get_model (offers) != NULL;
}

static const char *
label_text (GtkWidget  *basket_page,
            const char *name)
{
  return gtk_label_get_label (child (basket_page, HANDLA_TYPE_BASKET_PAGE, name));
}

static gboolean
label_shown (GtkWidget  *basket_page,
             const char *name)
{
  return gtk_widget_get_mapped (child (basket_page, HANDLA_TYPE_BASKET_PAGE, name));
}

/* The basket page has the supplier's slots once the fee is a sum. */
static gboolean
fee_known (gpointer data)
{
  return g_str_has_prefix (label_text (page (data, "basket"), "fee_label"), "Delivery fee ");
}

static guint
count_demo_offers (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) offers = NULL;
  g_autoptr(GError) error = NULL;

  handla_catalogue_list_offers_async (handla_context_get_catalogue (fixture->context), NULL,
                                      handla_wait_store_result_cb, &result);
  handla_wait_for_result (&result);
  offers = handla_catalogue_list_products_finish (handla_context_get_catalogue (fixture->context),
                                                  result, &error);
  g_assert_no_error (error);

  return g_list_model_get_n_items (offers);
}

/* ---- the flyer -------------------------------------------------------------- */

/* From the Home page's tile: every current offer, a few at a time, page
 * by page with Previous and Next; "Add" on an offer puts it in the
 * basket, and its name opens the product. */
static void
test_offers_flyer (Fixture       *fixture,
                   gconstpointer  data)
{
  HandlaOffersPage *offers = HANDLA_OFFERS_PAGE (page (fixture, "offers"));
  GtkWidget *previous = child (GTK_WIDGET (offers), HANDLA_TYPE_OFFERS_PAGE, "previous_button");
  GtkWidget *next = child (GTK_WIDGET (offers), HANDLA_TYPE_OFFERS_PAGE, "next_button");
  GtkLabel *position = child (GTK_WIDGET (offers), HANDLA_TYPE_OFFERS_PAGE, "position_label");
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  guint n_offers = count_demo_offers (fixture);
  g_autofree char *first_page = NULL;
  g_autofree char *second_page = NULL;
  g_autofree char *product_id = NULL;
  HandlaOfferTile *tile;
  HandlaProduct *product;
  guint per_page, n_pages;

  g_assert_cmpuint (n_offers, >, 12);

  press_and_draw (fixture, find_widget (page (fixture, "home"), is_offers_tile, NULL));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "offers");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, "Offers — Anna K.");
  g_assert_true (handla_wait_until (offers_loaded, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (GTK_WIDGET (offers), HANDLA_TYPE_OFFERS_PAGE, "stack")),
                   ==, "offers");
  g_assert_cmpuint (g_list_model_get_n_items (handla_offers_page_get_model (offers)), ==, n_offers);

  /* Few and large: at the normal size on a 1280 px window, three. */
  per_page = handla_offers_page_get_per_page (offers);
  g_assert_cmpuint (per_page, ==, 3);
  n_pages = handla_offers_page_get_n_pages (offers);
  g_assert_cmpuint (n_pages, ==, (n_offers + per_page - 1) / per_page);
  first_page = g_strdup_printf ("Page 1 of %u", n_pages);
  second_page = g_strdup_printf ("Page 2 of %u", n_pages);
  g_assert_cmpstr (gtk_label_get_label (position), ==, first_page);
  g_assert_false (gtk_widget_is_sensitive (previous));

  /* The first offer's tile shows the first offer, with its words. */
  tile = HANDLA_OFFER_TILE (find_widget (GTK_WIDGET (offers), is_offer_tile, NULL));
  g_assert_nonnull (tile);
  product = handla_offer_tile_get_product (tile);
  g_assert_nonnull (product);
  g_assert_true (handla_product_has_offer (product));
  {
    g_autoptr(HandlaProduct) first = g_list_model_get_item (handla_offers_page_get_model (offers), 0);

    g_assert_true (product == first);
  }
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (GTK_WIDGET (tile), HANDLA_TYPE_OFFER_TILE,
                                                               "regular_price_label")),
                                   "Ordinary price "));

  /* Next, and back again. */
  press_and_draw (fixture, next);
  g_assert_cmpstr (gtk_label_get_label (position), ==, second_page);
  g_assert_cmpuint (handla_offers_page_get_page (offers), ==, 1);
  tile = HANDLA_OFFER_TILE (find_widget (GTK_WIDGET (offers), is_offer_tile, NULL));
  {
    g_autoptr(HandlaProduct) fourth = g_list_model_get_item (handla_offers_page_get_model (offers),
                                                             per_page);

    g_assert_true (handla_offer_tile_get_product (tile) == fourth);
  }
  press_and_draw (fixture, previous);
  g_assert_cmpstr (gtk_label_get_label (position), ==, first_page);
  g_assert_false (gtk_widget_is_sensitive (previous));

  /* "Add" on the first offer puts one in the basket; the tile's control
   * becomes the stepper. */
  tile = HANDLA_OFFER_TILE (find_widget (GTK_WIDGET (offers), is_offer_tile, NULL));
  product = handla_offer_tile_get_product (tile);
  product_id = g_strdup (handla_product_get_id (product));
  g_assert_cmpuint (handla_basket_get_quantity (basket, product_id), ==, 0);
  {
    HandlaQuantityControl *control = child (GTK_WIDGET (tile), HANDLA_TYPE_OFFER_TILE, "control");

    press_and_draw (fixture, child (GTK_WIDGET (control), HANDLA_TYPE_QUANTITY_CONTROL, "add_button"));
    g_assert_cmpuint (handla_basket_get_quantity (basket, product_id), ==, 1);
    press_and_draw (fixture, child (GTK_WIDGET (control), HANDLA_TYPE_QUANTITY_CONTROL, "add_one_button"));
    g_assert_cmpuint (handla_basket_get_quantity (basket, product_id), ==, 2);
    g_assert_cmpint (handla_basket_get_goods_total (basket), ==,
                     2 * handla_product_get_offer_price (product));
  }

  /* The last page: Next cannot be pressed any more. */
  for (guint i = 1; i < n_pages; i++)
    press_and_draw (fixture, next);
  g_assert_false (gtk_widget_is_sensitive (next));
  {
    g_autofree char *last_page = g_strdup_printf ("Page %u of %u", n_pages, n_pages);

    g_assert_cmpstr (gtk_label_get_label (position), ==, last_page);
  }
  press_and_draw (fixture, child (GTK_WIDGET (offers), HANDLA_TYPE_OFFERS_PAGE, "previous_button"));

  /* The picture and name open the product page; Back returns to the
   * same page of the flyer. */
  tile = HANDLA_OFFER_TILE (find_widget (GTK_WIDGET (offers), is_offer_tile, NULL));
  product = handla_offer_tile_get_product (tile);
  g_free (product_id);
  product_id = g_strdup (handla_product_get_id (product));
  press_and_draw (fixture, child (GTK_WIDGET (tile), HANDLA_TYPE_OFFER_TILE, "open_button"));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "product");
  g_assert_cmpstr (handla_product_get_id (handla_product_page_get_product (HANDLA_PRODUCT_PAGE (page (fixture, "product")))),
                   ==, product_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_true (handla_wait_until (offers_loaded, fixture, STEP_SECONDS));
  g_assert_cmpstr (handla_window_get_page_name (fixture->window), ==, "offers");
  g_assert_cmpuint (handla_offers_page_get_page (offers), ==, n_pages - 2);
}

/* ---- the basket's notes ----------------------------------------------------- */

/* Below the supplier's smallest order the basket says how much is
 * missing; at or above it, nothing. The fee is the agreed day's, paid by
 * the municipality. */
static void
test_basket_minimum (Fixture       *fixture,
                     gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GtkWidget *basket_page = page (fixture, "basket");
  g_autoptr(HandlaProduct) avocado = get_product (handla_context_get_catalogue (fixture->context),
                                                  AVOCADO);

  g_assert_cmpint (handla_product_get_current_price (avocado), ==, 1400);

  handla_basket_set_quantity (basket, avocado, 1);
  handla_wait_for_store (fixture->context);
  go (fixture, "win.show-page", "basket");
  g_assert_true (handla_wait_until (fee_known, fixture, STEP_SECONDS));
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_true (label_shown (basket_page, "minimum_label"));
  g_assert_cmpstr (label_text (basket_page, "minimum_label"), ==,
                   "Add 186,00\u00a0kr more to reach the supplier’s minimum of 200,00\u00a0kr.");
  g_assert_true (g_str_has_suffix (label_text (basket_page, "fee_label"),
                                   "\u00a0kr, paid by the municipality."));
  g_assert_false (label_shown (basket_page, "offline_label"));

  /* 14 avocados: 196,00 kr, still 4,00 kr short. */
  handla_basket_set_quantity (basket, avocado, 14);
  handla_wait_for_store (fixture->context);
  g_assert_cmpstr (label_text (basket_page, "minimum_label"), ==,
                   "Add 4,00\u00a0kr more to reach the supplier’s minimum of 200,00\u00a0kr.");

  /* 15: 210,00 kr, above it. */
  handla_basket_set_quantity (basket, avocado, 15);
  handla_wait_for_store (fixture->context);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_false (label_shown (basket_page, "minimum_label"));
}

/* The customer's weekly budget: what is left, and over it in words. */
static void
test_basket_budget (Fixture       *fixture,
                    gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GtkWidget *basket_page = page (fixture, "basket");
  GtkWidget *budget_label = child (basket_page, HANDLA_TYPE_BASKET_PAGE, "budget_label");
  g_autoptr(HandlaProduct) avocado = get_product (handla_context_get_catalogue (fixture->context),
                                                  AVOCADO);

  /* 20 avocados: 280,00 kr of 800,00 kr. */
  handla_basket_set_quantity (basket, avocado, 20);
  handla_wait_for_store (fixture->context);
  go (fixture, "win.show-page", "basket");
  g_assert_true (gtk_widget_get_mapped (budget_label));
  g_assert_cmpstr (label_text (basket_page, "budget_label"), ==,
                   "Budget 800,00\u00a0kr a week: 520,00\u00a0kr left.");
  g_assert_false (gtk_widget_has_css_class (budget_label, "handla-warning"));

  /* 60 avocados: 840,00 kr, over it — said in words, not only colour. */
  handla_basket_set_quantity (basket, avocado, 60);
  handla_wait_for_store (fixture->context);
  g_assert_cmpstr (label_text (basket_page, "budget_label"), ==,
                   "Budget 800,00\u00a0kr a week: 40,00\u00a0kr over the budget.");
  g_assert_true (gtk_widget_has_css_class (budget_label, "handla-warning"));

  /* A visit for a customer without a budget shows none. */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"id\": \"c-1004\", \"display_name\": \"Gunnel S.\","
                                                 " \"address_line\": \"Ekbacken 4\","
                                                 " \"needs_unpacking\": false,"
                                                 " \"carer_present\": true}", NULL);
    g_autoptr(HandlaCustomer) gunnel = _handla_customer_new_from_json (node);

    handla_context_begin_visit (fixture->context, gunnel, HANDLA_ORDER_MODE_ON_BEHALF);
    handla_wait_for_store (fixture->context);
    handla_basket_set_quantity (basket, avocado, 1);
    handla_wait_for_store (fixture->context);
    go (fixture, "win.show-page", "basket");
    g_assert_false (gtk_widget_get_visible (budget_label));
  }
}

/* Offline, the basket says it is kept on the tablet; online again, not. */
static void
test_basket_offline (Fixture       *fixture,
                     gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GtkWidget *basket_page = page (fixture, "basket");
  g_autoptr(HandlaProduct) avocado = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_get_product_async (handla_context_get_catalogue (fixture->context), AVOCADO,
                                      NULL, handla_wait_store_result_cb, &result);
  handla_wait_for_result (&result);
  avocado = handla_catalogue_get_product_finish (handla_context_get_catalogue (fixture->context),
                                                 result, NULL);
  handla_basket_set_quantity (basket, avocado, 2);
  handla_wait_for_store (fixture->context);
  go (fixture, "win.show-page", "basket");
  g_assert_false (label_shown (basket_page, "offline_label"));

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (label_shown (basket_page, "offline_label"));
  g_assert_cmpstr (label_text (basket_page, "offline_label"), ==, SAYS_OFFLINE);

  /* Changes go on offline, and the basket is kept. */
  handla_basket_set_quantity (basket, avocado, 3);
  handla_wait_for_store (fixture->context);
  g_assert_cmpuint (handla_basket_get_quantity (basket, AVOCADO), ==, 3);

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_false (label_shown (basket_page, "offline_label"));
}

/* The basket was continued from another tablet or merged: a plain note
 * that stays until dismissed, and goes when the visit ends. */
static void
test_basket_merge_note (Fixture       *fixture,
                        gconstpointer  data)
{
  HandlaBasket *basket = handla_context_get_basket (fixture->context);
  GtkWidget *basket_page = page (fixture, "basket");
  GtkWidget *notice_box = child (basket_page, HANDLA_TYPE_BASKET_PAGE, "notice_box");
  const char *text = "Anna K.’s basket was also changed on another tablet. Added there: Avokado.";
  g_autoptr(HandlaProduct) avocado = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  handla_catalogue_get_product_async (handla_context_get_catalogue (fixture->context), AVOCADO,
                                      NULL, handla_wait_store_result_cb, &result);
  handla_wait_for_result (&result);
  avocado = handla_catalogue_get_product_finish (handla_context_get_catalogue (fixture->context),
                                                 result, NULL);
  handla_basket_set_quantity (basket, avocado, 2);
  handla_wait_for_store (fixture->context);
  go (fixture, "win.show-page", "basket");
  g_assert_false (gtk_widget_get_mapped (notice_box));

  /* The context says so as HandlaBasketSync's merge does. */
  g_signal_emit_by_name (fixture->context, "basket-notice", text);
  handla_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (gtk_widget_get_mapped (notice_box));
  g_assert_cmpstr (label_text (basket_page, "notice_label"), ==, text);
  /* "Understood" is described by the note, for a screen reader. */
  gtk_test_accessible_assert_relation (child (basket_page, HANDLA_TYPE_BASKET_PAGE, "dismiss_button"),
                                       GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                       child (basket_page, HANDLA_TYPE_BASKET_PAGE, "notice_label"),
                                       NULL);

  /* Still there after leaving the page and coming back. */
  go (fixture, "win.show-page", "home");
  go (fixture, "win.show-page", "basket");
  g_assert_true (gtk_widget_get_mapped (notice_box));

  press_and_draw (fixture, child (basket_page, HANDLA_TYPE_BASKET_PAGE, "dismiss_button"));
  g_assert_false (gtk_widget_get_visible (notice_box));

  /* Another note, then the visit ends: nothing of it stays. */
  g_signal_emit_by_name (fixture->context, "basket-notice", text);
  g_assert_true (gtk_widget_get_visible (notice_box));
  handla_context_end_visit (fixture->context);
  handla_wait_for_store (fixture->context);
  g_assert_false (gtk_widget_get_visible (notice_box));
  g_assert_cmpstr (label_text (basket_page, "notice_label"), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = supplier_ui_test_init (&argc, &argv);

  g_test_add ("/handla/ui-offers/flyer", Fixture, NULL,
              fixture_set_up, test_offers_flyer, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-offers/basket-minimum", Fixture, NULL,
              fixture_set_up, test_basket_minimum, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-offers/basket-budget", Fixture, NULL,
              fixture_set_up, test_basket_budget, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-offers/basket-offline", Fixture, NULL,
              fixture_set_up, test_basket_offline, supplier_ui_fixture_tear_down);
  g_test_add ("/handla/ui-offers/basket-merge-note", Fixture, NULL,
              fixture_set_up, test_basket_merge_note, supplier_ui_fixture_tear_down);

  return supplier_ui_test_run (keyring);
}
