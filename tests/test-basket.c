/* test-basket.c — the basket model, its totals, and that it survives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

#include "handla-core.h"
#include "handla-customer-private.h"
#include "handla-sql.h"
#include "test-util.h"

#define CUSTOMER "anna"

typedef struct
{
  char            *path;
  HandlaClock     *clock;
  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  HandlaBasket    *basket;
} Fixture;

/* ---- helpers ---------------------------------------------------------- */

static void
add_by_id (Fixture    *fixture,
           const char *product_id,
           guint       times)
{
  g_autoptr(HandlaProduct) product = find_product (fixture->catalogue, product_id);

  for (guint i = 0; i < times; i++)
    handla_basket_add (fixture->basket, product);
}

static void
open_store (Fixture *fixture)
{
  /* Monday 3 June 2024, 11:00 in Stockholm */
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);

  if (fixture->clock == NULL)
    fixture->clock = handla_clock_new_fake (start);
  fixture->store = handla_store_new (fixture->path);
  fixture->catalogue = handla_catalogue_new (fixture->store, fixture->clock);
  fixture->basket = handla_basket_new (fixture->store, fixture->clock, CUSTOMER);
}

static void
close_store (Fixture *fixture)
{
  flush_basket (fixture->basket);
  handla_store_close (fixture->store);
  g_assert_finalize_object (fixture->basket);
  g_assert_finalize_object (fixture->catalogue);
  g_assert_finalize_object (fixture->store);
  fixture->basket = NULL;
  fixture->catalogue = NULL;
  fixture->store = NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  open_store (fixture);
  add_customer (fixture->store, CUSTOMER);
  import_fixture_sync (fixture->catalogue, "catalogue-small.json");
  load_basket (fixture->basket);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->store != NULL)
    close_store (fixture);
  g_assert_finalize_object (fixture->clock);
  g_free (fixture->path);
}

/* ---- signal recorders ------------------------------------------------- */

typedef struct
{
  guint    n_items_changed;
  guint    last_position;
  guint    last_removed;
  guint    last_added;
  GString *quantities;       /* "id=quantity " for each ::quantity-changed */
  guint    n_pieces_notified;
  guint    goods_notified;
  guint    pant_notified;
} Recorder;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  recorder->n_items_changed++;
  recorder->last_position = position;
  recorder->last_removed = removed;
  recorder->last_added = added;
}

static void
quantity_changed_cb (HandlaBasket *basket,
                     const char   *product_id,
                     guint         quantity,
                     Recorder     *recorder)
{
  g_string_append_printf (recorder->quantities, "%s=%u ", product_id, quantity);
  /* The model is already up to date when the signal comes. */
  g_assert_cmpuint (handla_basket_get_quantity (basket, product_id), ==, quantity);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *counter)
{
  (*counter)++;
}

static void
recorder_connect (Recorder     *recorder,
                  HandlaBasket *basket)
{
  recorder->quantities = g_string_new (NULL);
  g_signal_connect (basket, "items-changed", G_CALLBACK (items_changed_cb), recorder);
  g_signal_connect (basket, "quantity-changed", G_CALLBACK (quantity_changed_cb), recorder);
  g_signal_connect (basket, "notify::n-pieces", G_CALLBACK (notify_cb), &recorder->n_pieces_notified);
  g_signal_connect (basket, "notify::goods-total", G_CALLBACK (notify_cb), &recorder->goods_notified);
  g_signal_connect (basket, "notify::pant-total", G_CALLBACK (notify_cb), &recorder->pant_notified);
}

static void
recorder_disconnect (Recorder     *recorder,
                     HandlaBasket *basket)
{
  g_signal_handlers_disconnect_by_data (basket, recorder);
  g_signal_handlers_disconnect_by_func (basket, notify_cb, &recorder->n_pieces_notified);
  g_signal_handlers_disconnect_by_func (basket, notify_cb, &recorder->goods_notified);
  g_signal_handlers_disconnect_by_func (basket, notify_cb, &recorder->pant_notified);
  g_string_free (recorder->quantities, TRUE);
}

/* ---- tests ------------------------------------------------------------ */

static void
test_basket_add_remove (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) milk = find_product (fixture->catalogue, "milk-1l");
  g_autoptr(HandlaProduct) cola = find_product (fixture->catalogue, "cola-33");
  g_autoptr(HandlaProduct) water = find_product (fixture->catalogue, "water-15");
  g_autoptr(HandlaBasketLine) milk_line = NULL;
  GListModel *model = G_LIST_MODEL (fixture->basket);
  g_autofree char *lines = NULL;
  Recorder recorder = { 0, };
  guint milk_quantity_notified = 0;

  g_assert_true (g_list_model_get_item_type (model) == HANDLA_TYPE_BASKET_LINE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (handla_basket_get_customer_id (fixture->basket), ==, CUSTOMER);
  recorder_connect (&recorder, fixture->basket);

  handla_basket_add (fixture->basket, milk);
  g_assert_cmpuint (recorder.n_items_changed, ==, 1);
  g_assert_cmpuint (recorder.last_position, ==, 0);
  g_assert_cmpuint (recorder.last_added, ==, 1);
  g_assert_cmpuint (recorder.n_pieces_notified, ==, 1);

  milk_line = g_list_model_get_item (model, 0);
  g_signal_connect (milk_line, "notify::quantity", G_CALLBACK (notify_cb), &milk_quantity_notified);

  /* A second piece changes the line, not the list. */
  handla_basket_add (fixture->basket, milk);
  g_assert_cmpuint (recorder.n_items_changed, ==, 1);
  g_assert_cmpuint (milk_quantity_notified, ==, 1);
  g_assert_cmpuint (handla_basket_line_get_quantity (milk_line), ==, 2);
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "milk-1l"), ==, 2);

  handla_basket_add (fixture->basket, cola);
  handla_basket_set_quantity (fixture->basket, water, 3);
  g_assert_cmpuint (recorder.n_items_changed, ==, 3);
  g_assert_cmpuint (recorder.last_position, ==, 2);

  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "milk-1l×2 cola-33×1 water-15×3");
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 6);
  g_assert_cmpstr (recorder.quantities->str, ==, "milk-1l=1 milk-1l=2 cola-33=1 water-15=3 ");

  /* Setting the same quantity again changes nothing. */
  handla_basket_set_quantity (fixture->basket, water, 3);
  g_assert_cmpuint (recorder.n_items_changed, ==, 3);

  handla_basket_remove_one (fixture->basket, "milk-1l");
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "milk-1l"), ==, 1);
  g_assert_cmpuint (milk_quantity_notified, ==, 2);
  handla_basket_remove_one (fixture->basket, "milk-1l");
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "milk-1l"), ==, 0);
  g_assert_cmpuint (recorder.last_position, ==, 0);
  g_assert_cmpuint (recorder.last_removed, ==, 1);
  g_assert_cmpuint (recorder.last_added, ==, 0);

  g_clear_pointer (&lines, g_free);
  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "cola-33×1 water-15×3");

  /* Removing something that is not there is a no-op. */
  handla_basket_remove_one (fixture->basket, "milk-1l");
  handla_basket_remove (fixture->basket, "no-such-product");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  handla_basket_remove (fixture->basket, "cola-33");
  handla_basket_set_quantity (fixture->basket, water, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 0);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 0);
  g_assert_cmpstr (recorder.quantities->str, ==,
                   "milk-1l=1 milk-1l=2 cola-33=1 water-15=3 milk-1l=1 milk-1l=0 cola-33=0 water-15=0 ");

  recorder_disconnect (&recorder, fixture->basket);
  g_signal_handlers_disconnect_by_data (milk_line, &milk_quantity_notified);
}

static void
test_basket_totals (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(HandlaBasketLine) water_line = NULL;
  Recorder recorder = { 0, };

  recorder_connect (&recorder, fixture->basket);

  add_by_id (fixture, "milk-1l", 2);       /* 2 × 18,95 */
  add_by_id (fixture, "filmjolk", 1);      /* offer: 19,00, not 21,95 */
  add_by_id (fixture, "cola-33", 3);       /* 3 × 12,00, pant 3 × 1,00 */
  add_by_id (fixture, "water-15", 2);      /* offer: 2 × 10,00, pant 2 × 2,00 */

  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 8);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 3790 + 1900 + 3600 + 2000);
  g_assert_cmpint (handla_basket_get_pant_total (fixture->basket), ==, 300 + 400);

  water_line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 3);
  g_assert_cmpint (handla_basket_line_get_total (water_line), ==, 2000);
  g_assert_cmpint (handla_basket_line_get_pant_total (water_line), ==, 400);
  g_assert_true (handla_basket_line_get_available (water_line));

  g_assert_cmpuint (recorder.n_pieces_notified, ==, 8);
  g_assert_cmpuint (recorder.goods_notified, ==, 8);
  /* Only cola and water carry pant. */
  g_assert_cmpuint (recorder.pant_notified, ==, 5);

  recorder_disconnect (&recorder, fixture->basket);
}

static void
test_basket_persist (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stored = NULL;

  add_by_id (fixture, "milk-1l", 1);
  add_by_id (fixture, "cola-33", 4);
  add_by_id (fixture, "water-15", 2);
  add_by_id (fixture, "butter", 1);
  handla_basket_remove (fixture->basket, "milk-1l");
  handla_basket_remove_one (fixture->basket, "cola-33");
  /* Back again: now it is the last line. */
  add_by_id (fixture, "milk-1l", 2);

  before = describe_basket (fixture->basket);
  g_assert_cmpstr (before, ==, "cola-33×3 water-15×2 butter×1 milk-1l×2");

  flush_basket (fixture->basket);
  stored = query_text (fixture->store,
                       "SELECT group_concat (product_id || '=' || quantity || '=' || name || '='"
                       " || price_ore, ' ') FROM (SELECT * FROM basket_line ORDER BY position)");
  g_assert_cmpstr (stored, ==,
                   "cola-33=3=Cola 33 cl=1200 water-15=2=Mineralvatten 1,5 l=1000 "
                   "butter=1=Smör normalsaltat=5490 milk-1l=2=Mellanmjölk 1,5 %=1895");

  close_store (fixture);
  open_store (fixture);
  g_assert_false (handla_basket_is_loaded (fixture->basket));
  load_basket (fixture->basket);

  after = describe_basket (fixture->basket);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 3600 + 2000 + 5490 + 3790);
  g_assert_cmpint (handla_basket_get_pant_total (fixture->basket), ==, 300 + 400);
}

static void
test_basket_unavailable (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(HandlaBasketLine) milk_before = NULL;
  g_autoptr(HandlaBasketLine) milk_after = NULL;
  g_autoptr(HandlaBasketLine) cola = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *stored = NULL;
  HandlaProduct *product;
  guint available_notified = 0;

  add_by_id (fixture, "milk-1l", 1);
  add_by_id (fixture, "cola-33", 2);
  flush_basket (fixture->basket);
  milk_before = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 0);
  cola = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 1);
  g_signal_connect (cola, "notify::available", G_CALLBACK (notify_cb), &available_notified);

  /* The new catalogue has no cola, and milk costs 19,95. */
  import_fixture_sync (fixture->catalogue, "catalogue-replacement.json");
  stored = query_text (fixture->store, "SELECT count (*) FROM basket_line");
  g_assert_cmpstr (stored, ==, "2");

  load_basket (fixture->basket);
  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "milk-1l×1 !cola-33×2");

  /* The same line objects, brought up to date. */
  milk_after = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 0);
  g_assert_true (milk_after == milk_before);
  g_assert_cmpint (handla_product_get_price (handla_basket_line_get_product (milk_after)), ==, 1995);
  g_assert_cmpuint (available_notified, ==, 1);

  /* The unavailable line shows what was stored with it. */
  g_assert_false (handla_basket_line_get_available (cola));
  product = handla_basket_line_get_product (cola);
  g_assert_cmpstr (handla_product_get_name (product), ==, "Cola 33 cl");
  g_assert_cmpint (handla_product_get_current_price (product), ==, 1200);
  g_assert_cmpuint (handla_basket_line_get_quantity (cola), ==, 2);
  g_assert_nonnull (handla_product_get_labels (product));

  /* It does not count in the totals. */
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 1);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 1995);
  g_assert_cmpint (handla_basket_get_pant_total (fixture->basket), ==, 0);

  /* And it can be removed. */
  handla_basket_remove (fixture->basket, "cola-33");
  flush_basket (fixture->basket);
  g_clear_pointer (&stored, g_free);
  stored = query_text (fixture->store, "SELECT count (*) FROM basket_line");
  g_assert_cmpstr (stored, ==, "1");

  g_signal_handlers_disconnect_by_data (cola, &available_notified);
}

static void
test_basket_before_load (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) milk = NULL;
  g_autoptr(HandlaProduct) filmjolk = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *reloaded = NULL;

  add_by_id (fixture, "milk-1l", 1);
  add_by_id (fixture, "cola-33", 2);
  add_by_id (fixture, "butter", 1);
  close_store (fixture);

  open_store (fixture);
  milk = find_product (fixture->catalogue, "milk-1l");
  filmjolk = find_product (fixture->catalogue, "filmjolk");

  /* Changes made while the load is on its way win over what it reads;
   * everything else comes from the store. */
  handla_basket_load_async (fixture->basket, NULL, got_result_cb, &result);
  handla_basket_add (fixture->basket, filmjolk);
  handla_basket_set_quantity (fixture->basket, milk, 5);
  handla_basket_remove (fixture->basket, "butter");
  g_assert_false (handla_basket_is_loaded (fixture->basket));
  wait_for (&result);
  g_assert_true (handla_basket_load_finish (fixture->basket, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "milk-1l×5 cola-33×2 filmjolk×1");
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 8);

  /* The store agrees. */
  close_store (fixture);
  open_store (fixture);
  load_basket (fixture->basket);
  reloaded = describe_basket (fixture->basket);
  g_assert_cmpstr (reloaded, ==, lines);
}

static void
write_failed_cb (HandlaBasket  *basket,
                 const GError  *error,
                 GError       **out)
{
  g_assert_null (*out);
  *out = g_error_copy (error);
}

static void
test_basket_write_failed (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HandlaBasket) stranger = handla_basket_new (fixture->store, fixture->clock,
                                                       "no-such-customer");
  g_autoptr(HandlaProduct) milk = find_product (fixture->catalogue, "milk-1l");
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;

  g_signal_connect (stranger, "write-failed", G_CALLBACK (write_failed_cb), &error);

  /* The customer is not in the store, so the foreign key refuses the
   * line. The model still shows it, and ::write-failed says why (the
   * failure is only logged at debug level, without the customer). */
  handla_basket_add (stranger, milk);
  g_assert_cmpuint (handla_basket_get_quantity (stranger, "milk-1l"), ==, 1);
  flush_basket (stranger);

  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));

  count = query_text (fixture->store, "SELECT count (*) FROM basket_line");
  g_assert_cmpstr (count, ==, "0");
}

static void
test_basket_weighed (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(HandlaProduct) apples = NULL;
  g_autoptr(HandlaProduct) tomatoes = NULL;
  g_autoptr(HandlaProduct) grapes = NULL;
  g_autoptr(HandlaBasketLine) apple_line = NULL;
  g_autoptr(HandlaBasketLine) tomato_line = NULL;
  g_autoptr(HandlaBasketLine) grape_line = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *reloaded = NULL;

  import_fixture_sync (fixture->catalogue, "catalogue-weighed.json");
  apples = find_product (fixture->catalogue, "apples");
  tomatoes = find_product (fixture->catalogue, "tomatoes");
  grapes = find_product (fixture->catalogue, "grapes");
  g_assert_true (handla_product_is_sold_by_weight (apples));
  g_assert_true (handla_product_is_sold_by_weight (tomatoes));

  /* The first add is one step, in grams. */
  handla_basket_add (fixture->basket, apples);
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "apples"), ==,
                    HANDLA_WEIGHT_STEP_GRAMS);
  handla_basket_add (fixture->basket, apples);
  handla_basket_add (fixture->basket, apples);
  add_by_id (fixture, "tomatoes", 1);
  handla_basket_set_quantity (fixture->basket, grapes, 100);
  add_by_id (fixture, "cola-33", 2);

  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "apples×750 tomatoes×250 grapes×100 cola-33×2");

  /* 28,00 kr/kg × 750 g = 21,00 kr */
  apple_line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 0);
  g_assert_cmpint (handla_basket_line_get_total (apple_line), ==, 2100);
  /* Offer 19,90 kr/kg × 250 g = 4,975 kr, rounded half up to 4,98 kr */
  tomato_line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 1);
  g_assert_cmpint (handla_basket_line_get_total (tomato_line), ==, 498);
  /* 49,90 kr/kg × 100 g = 4,99 kr, and weighed goods carry no pant */
  grape_line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 2);
  g_assert_cmpint (handla_basket_line_get_total (grape_line), ==, 499);
  g_assert_cmpint (handla_basket_line_get_pant_total (grape_line), ==, 0);

  /* A weighed line is one piece. */
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 1 + 1 + 1 + 2);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 2100 + 498 + 499 + 2400);
  g_assert_cmpint (handla_basket_get_pant_total (fixture->basket), ==, 200);

  /* Removing takes a step away; less than a step left removes the line. */
  handla_basket_remove_one (fixture->basket, "apples");
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "apples"), ==, 500);
  g_assert_cmpint (handla_basket_line_get_total (apple_line), ==, 1400);
  handla_basket_remove_one (fixture->basket, "grapes");
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "grapes"), ==, 0);
  handla_basket_remove_one (fixture->basket, "tomatoes");
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "tomatoes"), ==, 0);
  handla_basket_add (fixture->basket, tomatoes);
  g_assert_cmpuint (handla_basket_get_quantity (fixture->basket, "tomatoes"), ==, 250);
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 1 + 2 + 1);

  /* The unit is stored with the line. */
  flush_basket (fixture->basket);
  stored = query_text (fixture->store,
                       "SELECT group_concat (product_id || '=' || quantity || '=' || sold_by || '='"
                       " || price_ore, ' ') FROM (SELECT * FROM basket_line ORDER BY position)");
  g_assert_cmpstr (stored, ==, "apples=500=weight=2800 cola-33=2=piece=1200 tomatoes=250=weight=1990");

  close_store (fixture);
  open_store (fixture);
  load_basket (fixture->basket);
  reloaded = describe_basket (fixture->basket);
  g_assert_cmpstr (reloaded, ==, "apples×500 cola-33×2 tomatoes×250");
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 1400 + 2400 + 498);
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 4);

  /* Once the apples have left the catalogue, the line still knows they
   * were weighed. */
  import_fixture_sync (fixture->catalogue, "catalogue-small.json");
  load_basket (fixture->basket);
  g_clear_object (&apple_line);
  apple_line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 0);
  g_assert_false (handla_basket_line_get_available (apple_line));
  g_assert_true (handla_product_is_sold_by_weight (handla_basket_line_get_product (apple_line)));
  g_assert_cmpint (handla_basket_line_get_total (apple_line), ==, 1400);
  g_assert_cmpuint (handla_basket_line_get_quantity (apple_line), ==, 500);
}

static void
test_basket_offer_ends (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(HandlaBasketLine) line = NULL;

  /* The small catalogue's filmjölk offer ends on 2030-12-31. */
  add_by_id (fixture, "filmjolk", 2);
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 2 * 1900);

  /* 1 January 2031 in Stockholm: a reload brings the shelf price. */
  {
    g_autoptr(GDateTime) later = g_date_time_new_utc (2030, 12, 31, 23, 0, 0);

    handla_clock_set_now (fixture->clock, later);
  }
  load_basket (fixture->basket);
  line = g_list_model_get_item (G_LIST_MODEL (fixture->basket), 0);
  g_assert_false (handla_product_has_offer (handla_basket_line_get_product (line)));
  g_assert_cmpint (handla_basket_get_goods_total (fixture->basket), ==, 2 * 2195);
}

/* "substitution/note/changed_at/local_version" of @product_id's stored
 * line. */
static char *
describe_stored_choice (Fixture    *fixture,
                        const char *product_id)
{
  flush_basket (fixture->basket);
  return query_text_with (fixture->store,
                          "SELECT bl.substitution || '/' || coalesce (bl.note, '(none)') || '/'"
                          " || bl.changed_at || '/' || bs.local_version "
                          "FROM basket_line bl JOIN basket_sync bs USING (customer_id) "
                          "WHERE bl.product_id = ?1",
                          product_id);
}

static void
test_basket_substitution (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HandlaBasketLine) milk = NULL;
  g_autoptr(GDateTime) later = g_date_time_new_utc (2024, 6, 3, 9, 5, 0);
  g_autofree char *stored = NULL;
  Recorder recorder = { 0, };
  guint substitution_notified = 0;
  guint note_notified = 0;

  add_by_id (fixture, "milk-1l", 1);
  add_by_id (fixture, "cola-33", 1);
  milk = g_object_ref (handla_basket_find_line (fixture->basket, "milk-1l"));
  g_assert_null (handla_basket_find_line (fixture->basket, "butter"));

  /* A new line: a similar product is fine, and no note. */
  g_assert_cmpint (handla_basket_line_get_substitution (milk), ==, HANDLA_SUBSTITUTION_SIMILAR);
  g_assert_null (handla_basket_line_get_note (milk));
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "similar/(none)/2024-06-03T09:00:00Z/2");
  g_clear_pointer (&stored, g_free);

  recorder_connect (&recorder, fixture->basket);
  g_signal_connect (milk, "notify::substitution", G_CALLBACK (notify_cb), &substitution_notified);
  g_signal_connect (milk, "notify::note", G_CALLBACK (notify_cb), &note_notified);

  /* The model changes at once; the write is stamped and marks the
   * basket for the sync. */
  handla_clock_set_now (fixture->clock, later);
  handla_basket_set_substitution (fixture->basket, "milk-1l", HANDLA_SUBSTITUTION_ONLY_THIS);
  g_assert_cmpint (handla_basket_line_get_substitution (milk), ==, HANDLA_SUBSTITUTION_ONLY_THIS);
  g_assert_cmpuint (substitution_notified, ==, 1);
  g_assert_cmpuint (note_notified, ==, 0);
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "only_this/(none)/2024-06-03T09:05:00Z/3");
  g_clear_pointer (&stored, g_free);

  /* The same choice again writes nothing. */
  handla_basket_set_substitution (fixture->basket, "milk-1l", HANDLA_SUBSTITUTION_ONLY_THIS);
  g_assert_cmpuint (substitution_notified, ==, 1);

  /* A note is trimmed. */
  handla_basket_set_note (fixture->basket, "milk-1l", "  Gärna laktosfri.\n ");
  g_assert_cmpstr (handla_basket_line_get_note (milk), ==, "Gärna laktosfri.");
  g_assert_cmpuint (note_notified, ==, 1);
  handla_basket_set_note (fixture->basket, "milk-1l", "Gärna laktosfri. ");
  g_assert_cmpuint (note_notified, ==, 1);
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "only_this/Gärna laktosfri./2024-06-03T09:05:00Z/4");
  g_clear_pointer (&stored, g_free);

  /* Neither is a quantity: no ::quantity-changed, no totals. */
  g_assert_cmpstr (recorder.quantities->str, ==, "");
  g_assert_cmpuint (recorder.n_items_changed, ==, 0);
  g_assert_cmpuint (recorder.goods_notified, ==, 0);

  /* A product not in the basket: nothing happens. */
  handla_basket_set_substitution (fixture->basket, "butter", HANDLA_SUBSTITUTION_CALL_UNIT);
  handla_basket_set_note (fixture->basket, "butter", "Osaltat.");
  g_assert_null (handla_basket_find_line (fixture->basket, "butter"));
  stored = query_text (fixture->store, "SELECT count (*) FROM basket_line");
  g_assert_cmpstr (stored, ==, "2");
  g_clear_pointer (&stored, g_free);

  /* Another quantity keeps the choice and the note. */
  add_by_id (fixture, "milk-1l", 1);
  g_assert_cmpint (handla_basket_line_get_substitution (milk), ==, HANDLA_SUBSTITUTION_ONLY_THIS);
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "only_this/Gärna laktosfri./2024-06-03T09:05:00Z/5");
  g_clear_pointer (&stored, g_free);

  handla_basket_set_substitution (fixture->basket, "cola-33", HANDLA_SUBSTITUTION_CALL_UNIT);

  recorder_disconnect (&recorder, fixture->basket);
  g_signal_handlers_disconnect_by_data (milk, &substitution_notified);
  g_signal_handlers_disconnect_by_data (milk, &note_notified);
  g_clear_object (&milk);

  /* A reopened store has them. */
  close_store (fixture);
  open_store (fixture);
  load_basket (fixture->basket);
  milk = g_object_ref (handla_basket_find_line (fixture->basket, "milk-1l"));
  g_assert_cmpuint (handla_basket_line_get_quantity (milk), ==, 2);
  g_assert_cmpint (handla_basket_line_get_substitution (milk), ==, HANDLA_SUBSTITUTION_ONLY_THIS);
  g_assert_cmpstr (handla_basket_line_get_note (milk), ==, "Gärna laktosfri.");
  g_assert_cmpint (handla_basket_line_get_substitution (handla_basket_find_line (fixture->basket,
                                                                                 "cola-33")),
                   ==, HANDLA_SUBSTITUTION_CALL_UNIT);
  g_assert_null (handla_basket_line_get_note (handla_basket_find_line (fixture->basket, "cola-33")));

  /* An empty note, or only spaces, takes the note away. */
  handla_basket_set_note (fixture->basket, "milk-1l", " \t ");
  g_assert_null (handla_basket_line_get_note (milk));
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "only_this/(none)/2024-06-03T09:05:00Z/7");
  g_clear_pointer (&stored, g_free);

  /* Removed and added again: a new line, with the defaults. */
  handla_basket_remove (fixture->basket, "milk-1l");
  add_by_id (fixture, "milk-1l", 1);
  g_clear_object (&milk);
  milk = g_object_ref (handla_basket_find_line (fixture->basket, "milk-1l"));
  g_assert_cmpint (handla_basket_line_get_substitution (milk), ==, HANDLA_SUBSTITUTION_SIMILAR);
  stored = describe_stored_choice (fixture, "milk-1l");
  g_assert_cmpstr (stored, ==, "similar/(none)/2024-06-03T09:05:00Z/9");
}

static void
test_basket_note_length (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GString) long_note = g_string_new (NULL);
  g_autofree char *stored = NULL;
  HandlaBasketLine *line;
  const char *note;

  add_by_id (fixture, "milk-1l", 1);
  line = handla_basket_find_line (fixture->basket, "milk-1l");

  /* Characters, not bytes: "å" is two bytes and counts once. */
  for (guint i = 0; i < HANDLA_BASKET_NOTE_MAX_CHARS + 50; i++)
    g_string_append (long_note, "å");
  handla_basket_set_note (fixture->basket, "milk-1l", long_note->str);
  note = handla_basket_line_get_note (line);
  g_assert_cmpint (g_utf8_strlen (note, -1), ==, HANDLA_BASKET_NOTE_MAX_CHARS);
  g_assert_true (g_str_has_prefix (long_note->str, note));

  /* A cut that ends in a space leaves none at the end. */
  g_string_assign (long_note, "");
  for (guint i = 0; i < HANDLA_BASKET_NOTE_MAX_CHARS - 1; i++)
    g_string_append_c (long_note, 'a');
  g_string_append (long_note, " more words");
  handla_basket_set_note (fixture->basket, "milk-1l", long_note->str);
  note = handla_basket_line_get_note (line);
  g_assert_cmpint (strlen (note), ==, HANDLA_BASKET_NOTE_MAX_CHARS - 1);

  flush_basket (fixture->basket);
  stored = query_text (fixture->store, "SELECT length (note) FROM basket_line");
  g_assert_cmpstr (stored, ==, "199");

  /* Not UTF-8: no note. */
  handla_basket_set_note (fixture->basket, "milk-1l", "caf\xe9");
  g_assert_null (handla_basket_line_get_note (line));
}

static void
test_basket_newer_load_cancelled (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;

  add_by_id (fixture, "milk-1l", 1);
  add_by_id (fixture, "cola-33", 2);
  close_store (fixture);
  open_store (fixture);

  /* Two loads; the newer one is cancelled before it runs. The older one
   * still brings the stored lines. */
  g_cancellable_cancel (cancellable);
  handla_basket_load_async (fixture->basket, NULL, got_result_cb, &first);
  handla_basket_load_async (fixture->basket, cancellable, got_result_cb, &second);

  wait_for (&first);
  g_assert_true (handla_basket_load_finish (fixture->basket, first, &error));
  g_assert_no_error (error);
  wait_for (&second);
  g_assert_false (handla_basket_load_finish (fixture->basket, second, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_true (handla_basket_is_loaded (fixture->basket));
  lines = describe_basket (fixture->basket);
  g_assert_cmpstr (lines, ==, "milk-1l×1 cola-33×2");
}

static const char * const kill_products[] = {
  "milk-1l", "filmjolk", "butter", "rye-bread", "crispbread", "cola-33", "water-15", "orange-juice",
};

/* A visit begins and ends: the basket shows another customer's lines, or
 * none, and a load still under way for the customer before never shows. */
static void
test_basket_switch_customer (Fixture       *fixture,
                             gconstpointer  user_data)
{
  Recorder recorder = { 0 };
  g_autoptr(GAsyncResult) stale = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *shown = NULL;

  add_customer (fixture->store, "bo");
  add_by_id (fixture, "milk-1l", 1);
  flush_basket (fixture->basket);

  recorder_connect (&recorder, fixture->basket);
  handla_basket_set_customer_id (fixture->basket, "bo");
  g_assert_cmpuint (recorder.n_items_changed, ==, 1);
  g_assert_cmpuint (recorder.last_removed, ==, 1);
  g_assert_cmpstr (recorder.quantities->str, ==, "milk-1l=0 ");
  g_assert_false (handla_basket_is_loaded (fixture->basket));
  g_assert_cmpuint (handla_basket_get_n_pieces (fixture->basket), ==, 0);
  recorder_disconnect (&recorder, fixture->basket);

  load_basket (fixture->basket);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);
  add_by_id (fixture, "cola-33", 2);

  /* Back to the first customer and away again before its load returns. */
  handla_basket_set_customer_id (fixture->basket, CUSTOMER);
  handla_basket_load_async (fixture->basket, NULL, got_result_cb, &stale);
  handla_basket_set_customer_id (fixture->basket, "bo");
  wait_for (&stale);
  g_assert_true (handla_basket_load_finish (fixture->basket, stale, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);
  load_basket (fixture->basket);
  shown = describe_basket (fixture->basket);
  g_assert_cmpstr (shown, ==, "cola-33×2");

  /* The visit ends: nobody's lines, and each customer's kept. */
  handla_basket_set_customer_id (fixture->basket, NULL);
  load_basket (fixture->basket);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);
  g_assert_null (handla_basket_get_customer_id (fixture->basket));
  stored = query_text (fixture->store,
                       "SELECT group_concat (customer_id || ':' || product_id || '×' || quantity, ' ')"
                       " FROM (SELECT * FROM basket_line ORDER BY customer_id)");
  g_assert_cmpstr (stored, ==, CUSTOMER ":milk-1l×1 bo:cola-33×2");
}

static void
test_basket_kill (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  Fixture fixture = { .path = path, };
  g_autofree char *lines = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kill_products); i++)
    g_string_append_printf (expected, "%s%s×%u", i > 0 ? " " : "", kill_products[i], i + 1);

  if (g_test_subprocess ())
    {
      open_store (&fixture);
      add_customer (fixture.store, CUSTOMER);
      import_fixture_sync (fixture.catalogue, "catalogue-small.json");
      load_basket (fixture.basket);

      for (guint i = 0; i < G_N_ELEMENTS (kill_products); i++)
        add_by_id (&fixture, kill_products[i], i + 1);

      flush_basket (fixture.basket);

      /* No close, no cleanup: the tablet loses power, as far as the
       * process can tell. */
      kill (getpid (), SIGKILL);
      g_assert_not_reached ();
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  /* It failed by being killed, not by an assertion on the way. */
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
  g_test_trap_assert_stderr_unmatched ("*CRITICAL*");

  open_store (&fixture);
  load_basket (fixture.basket);
  lines = describe_basket (fixture.basket);
  g_assert_cmpstr (lines, ==, expected->str);

  integrity = query_text (fixture.store, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  close_store (&fixture);
  g_assert_finalize_object (fixture.clock);
}

static void
test_basket_context (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "handla", "context.db", NULL);
  g_autoptr(HandlaClock) clock = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);
  HandlaContext *context;
  HandlaBasket *basket;
  g_autoptr(HandlaProduct) cola = NULL;
  g_autoptr(HandlaBasketLine) line = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(HandlaCustomer) bo = NULL;
  guint notified = 0;

  clock = handla_clock_new_fake (start);
  context = handla_context_new (path, clock, NULL);
  g_assert_true (handla_context_get_clock (context) == clock);
  g_assert_null (handla_context_get_settings (context));
  g_assert_true (HANDLA_IS_STORE (handla_context_get_store (context)));

  /* No visit yet: nobody's basket, and no customer name anywhere. */
  basket = handla_context_get_basket (context);
  g_assert_null (handla_basket_get_customer_id (basket));
  g_assert_null (handla_context_get_customer_name (context));
  g_assert_null (handla_context_get_customer (context));
  g_assert_cmpstr (handla_context_get_carer_id (context), ==, HANDLA_DEMO_CARER_ID);
  store_barrier (handla_context_get_store (context));

  name = query_text (handla_context_get_store (context), "SELECT count(*) FROM customer");
  g_assert_cmpstr (name, ==, "0");

  /* The demo customer's basket, in a visit. */
  add_customer (handla_context_get_store (context), HANDLA_DEMO_CUSTOMER_ID);
  {
    g_autoptr(JsonNode) anna_node = json_from_string ("{\"id\": \"" HANDLA_DEMO_CUSTOMER_ID "\","
                                                      " \"display_name\": \"Anna K.\","
                                                      " \"address_line\": \"Storgatan 1\","
                                                      " \"needs_unpacking\": false,"
                                                      " \"carer_present\": true}", NULL);
    g_autoptr(HandlaCustomer) anna = _handla_customer_new_from_json (anna_node);

    handla_context_begin_visit (context, anna, HANDLA_ORDER_MODE_TOGETHER);
  }
  g_assert_cmpstr (handla_basket_get_customer_id (basket), ==, HANDLA_DEMO_CUSTOMER_ID);
  g_assert_cmpstr (handla_context_get_customer_name (context), ==, "Anna K.");
  store_barrier (handla_context_get_store (context));
  g_assert_true (handla_basket_is_loaded (basket));

  import_fixture_sync (handla_context_get_catalogue (context), "catalogue-small.json");
  cola = find_product (handla_context_get_catalogue (context), "cola-33");
  handla_basket_add (basket, cola);
  line = g_list_model_get_item (G_LIST_MODEL (basket), 0);
  g_assert_true (handla_basket_line_get_available (line));

  /* A new catalogue without cola: on ::changed the context queues a new
   * load, which has returned once the writes and a barrier behind it
   * have. */
  import_fixture_sync (handla_context_get_catalogue (context), "catalogue-replacement.json");
  flush_basket (basket);
  store_barrier (handla_context_get_store (context));
  g_assert_false (handla_basket_line_get_available (line));
  g_assert_cmpuint (handla_basket_get_quantity (basket, "cola-33"), ==, 1);

  /* A visit: the basket is the visit's customer's, and when the visit
   * ends nobody's is on screen; the context keeps the mode and start. */
  node = json_from_string ("{\"id\": \"bo\", \"display_name\": \"Bo L.\","
                           " \"address_line\": \"Ågatan 3\", \"needs_unpacking\": false,"
                           " \"carer_present\": true}", NULL);
  bo = _handla_customer_new_from_json (node);
  g_assert_nonnull (bo);
  add_customer (handla_context_get_store (context), "bo");
  g_signal_connect (context, "notify::customer", G_CALLBACK (notify_cb), &notified);

  handla_context_add_visit_order (context, 7);
  handla_context_add_visit_order (context, 7);
  g_assert_cmpuint (handla_context_get_visit_orders (context)->len, ==, 1);
  handla_context_begin_visit (context, bo, HANDLA_ORDER_MODE_ON_BEHALF);
  g_assert_cmpuint (handla_context_get_visit_orders (context)->len, ==, 0);
  handla_context_add_visit_order (context, 8);
  g_assert_cmpuint (handla_context_get_visit_orders (context)->len, ==, 1);
  g_assert_true (handla_context_get_customer (context) == bo);
  g_assert_cmpstr (handla_context_get_customer_name (context), ==, "Bo L.");
  g_assert_cmpint (handla_context_get_visit_mode (context), ==, HANDLA_ORDER_MODE_ON_BEHALF);
  g_assert_true (g_date_time_equal (handla_context_get_visit_started (context), start));
  g_assert_cmpstr (handla_basket_get_customer_id (basket), ==, "bo");
  store_barrier (handla_context_get_store (context));
  g_assert_true (handla_basket_is_loaded (basket));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (basket)), ==, 0);

  handla_context_end_visit (context);
  g_assert_cmpuint (handla_context_get_visit_orders (context)->len, ==, 0);
  handla_context_add_visit_order (context, 9);
  g_assert_cmpuint (handla_context_get_visit_orders (context)->len, ==, 0);
  g_assert_null (handla_context_get_customer (context));
  g_assert_null (handla_context_get_visit_started (context));
  g_assert_null (handla_basket_get_customer_id (basket));
  g_assert_null (handla_context_get_customer_name (context));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_finalize_object (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/basket/add-remove", test_basket_add_remove);
  ADD ("/handla/basket/totals", test_basket_totals);
  ADD ("/handla/basket/persist", test_basket_persist);
  ADD ("/handla/basket/unavailable", test_basket_unavailable);
  ADD ("/handla/basket/before-load", test_basket_before_load);
  ADD ("/handla/basket/write-failed", test_basket_write_failed);
  ADD ("/handla/basket/weighed", test_basket_weighed);
  ADD ("/handla/basket/offer-ends", test_basket_offer_ends);
  ADD ("/handla/basket/newer-load-cancelled", test_basket_newer_load_cancelled);
  ADD ("/handla/basket/switch-customer", test_basket_switch_customer);
  ADD ("/handla/basket/substitution", test_basket_substitution);
  ADD ("/handla/basket/note-length", test_basket_note_length);

#undef ADD

  g_test_add_func ("/handla/basket/kill", test_basket_kill);
  g_test_add_func ("/handla/basket/context", test_basket_context);

  return g_test_run ();
}
