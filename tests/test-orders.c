/* test-orders.c — orders and the outbox without a network: "send order"
 * in one transaction, what answers mean, backoff with jitter, and the
 * words the carer is shown
 *
 * The outbox's answers are stored here through its own job, as the
 * worker stores them; tests/test-outbox.c sends them to the real
 * supplier.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "handla-orders-private.h"
#include "handla-store-private.h"
#include "outbox-test-util.h"

#define CUSTOMER "anna"
#define UUID_V4  "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

typedef struct
{
  char            *path;
  HandlaClock     *clock;
  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  HandlaBasket    *basket;
  HandlaOrders    *orders;
} Fixture;

/* ---- helpers ---------------------------------------------------------------- */

static void
open_store (Fixture *fixture)
{
  open_tablet (fixture->path, fixture->clock, CUSTOMER, &fixture->store, &fixture->catalogue,
               &fixture->basket, &fixture->orders);
}

static void
close_store (Fixture *fixture)
{
  close_tablet (&fixture->store, &fixture->catalogue, &fixture->basket, &fixture->orders);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* Monday 3 June 2024, 11:00 in Stockholm */
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 3, 9, 0, 0);

  fixture->path = g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
  fixture->clock = handla_clock_new_fake (start);
  open_store (fixture);
  insert_customer (fixture->store, CUSTOMER);
  import_fixture_sync (fixture->catalogue, "catalogue-weighed.json");
  reload_basket (fixture->basket);
  load_orders (fixture->orders);
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

/* Thursday 6 June 2024, 10–14 Stockholm; cutoff Wednesday 12:00. */
static HandlaOrderDraft *
new_draft (const char *slot_id)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 6, 8, 0, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2024, 6, 6, 12, 0, 0);
  g_autoptr(GDateTime) cutoff = g_date_time_new_utc (2024, 6, 5, 10, 0, 0);
  HandlaOrderDraft *draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, "ssk-1187");

  handla_order_draft_set_slot (draft, slot_id, "h-77", start, end, cutoff);
  handla_order_draft_set_notes (draft, TRUE, FALSE, "Nyckelbox", NULL);
  handla_order_draft_set_line_choice (draft, "apples", HANDLA_SUBSTITUTION_ONLY_THIS, "Gärna röda.");

  return draft;
}

/* Two colas, 500 g of apples (28,00 kr/kg) and a kilo of tomatoes at
 * their offer price (19,90 kr/kg): 24,00 + 14,00 + 19,90 kr. */
#define FILLED_GOODS_TOTAL (2 * 1200 + 1400 + 1990)

static void
fill_basket (Fixture *fixture)
{
  put_in_basket (fixture->basket, fixture->catalogue, "cola-33", 2);
  put_in_basket (fixture->basket, fixture->catalogue, "apples", 500);
  put_in_basket (fixture->basket, fixture->catalogue, "tomatoes", 1000);
}

static HandlaOrder *
send_filled_basket (Fixture *fixture)
{
  g_autoptr(HandlaOrderDraft) draft = new_draft ("s-20240606-1014");
  g_autoptr(GError) error = NULL;
  HandlaOrder *order;

  fill_basket (fixture);
  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);

  return order;
}

static char *
count_rows (Fixture    *fixture,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", table);

  return query_text (fixture->store, sql);
}

static void
assert_counts (Fixture    *fixture,
               const char *basket_lines,
               const char *orders,
               const char *order_lines,
               const char *outbox)
{
  g_autofree char *b = count_rows (fixture, "basket_line");
  g_autofree char *o = count_rows (fixture, "orders");
  g_autofree char *l = count_rows (fixture, "order_line");
  g_autofree char *x = count_rows (fixture, "outbox");

  g_assert_cmpstr (b, ==, basket_lines);
  g_assert_cmpstr (o, ==, orders);
  g_assert_cmpstr (l, ==, order_lines);
  g_assert_cmpstr (x, ==, outbox);
}

/* Stores @outcome for the first outbox row, as the worker would. */
static void
store_outcome (Fixture       *fixture,
               HandlaOutcome *outcome)
{
  g_autofree char *row = query_text (fixture->store, "SELECT min (id) FROM outbox");
  g_autofree char *order = query_text (fixture->store,
                                       "SELECT order_id FROM outbox ORDER BY id LIMIT 1");
  g_autofree char *kind = query_text (fixture->store,
                                      "SELECT kind FROM outbox ORDER BY id LIMIT 1");
  g_autoptr(HandlaOrderRow) stored = NULL;
  g_autoptr(GError) error = NULL;

  outcome->row_id = g_ascii_strtoll (row, NULL, 10);
  outcome->order_id = g_ascii_strtoll (order, NULL, 10);
  outcome->row_kind = g_str_equal (kind, "create") ? HANDLA_OUTBOX_CREATE
                    : g_str_equal (kind, "change") ? HANDLA_OUTBOX_CHANGE
                    : HANDLA_OUTBOX_CANCEL;
  stored = handla_store_run_sync (fixture->store, _handla_outbox_outcome_job, outcome,
                                  (GDestroyNotify)_handla_order_row_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  _handla_outcome_free (outcome);

  /* The model learns it as it does from the worker: on a read. */
  load_orders (fixture->orders);
}

static HandlaOutcome *
outcome_new (HandlaOutcomeKind kind)
{
  HandlaOutcome *outcome = g_new0 (HandlaOutcome, 1);

  outcome->kind = kind;
  return outcome;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* ---- send order ----------------------------------------------------------------- */

static void
test_orders_send_basket (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(HandlaOrder) first = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *order_key = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *kind = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2024, 6, 6, 8, 0, 0);
  JsonObject *root, *delivery, *apples;
  JsonArray *body_lines;

  order = send_filled_basket (fixture);

  /* The order, queued, with its lines; the basket is empty. */
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_cmpstr (handla_order_get_customer_id (order), ==, CUSTOMER);
  g_assert_cmpuint (handla_order_get_n_lines (order), ==, 3);
  g_assert_cmpint (handla_order_get_goods_total (order), ==, FILLED_GOODS_TOTAL);
  g_assert_true (g_date_time_equal (handla_order_get_window_start (order), start));
  g_assert_null (handla_order_get_supplier_id (order));
  g_assert_null (handla_order_get_status (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_null (handla_order_get_last_error (order));
  g_assert_null (handla_order_get_next_try (order));
  g_assert_false (handla_order_get_change_pending (order));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->orders)), ==, 1);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->orders), 0);
  g_assert_true (first == order);
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 1);
  g_assert_false (handla_orders_get_busy (fixture->orders));  /* no client */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);
  assert_counts (fixture, "0", "1", "3", "1");

  lines = query_text (fixture->store,
                      "SELECT group_concat (product_id || '×' || quantity || ' ' || substitution,"
                      " ', ') FROM (SELECT * FROM order_line ORDER BY position)");
  g_assert_cmpstr (lines, ==, "cola-33×2 similar, apples×500 only_this, tomatoes×1000 similar");

  /* One outbox row with a new UUIDv4, which is also the order's key. */
  kind = query_text (fixture->store, "SELECT kind FROM outbox");
  g_assert_cmpstr (kind, ==, "create");
  key = query_text (fixture->store, "SELECT request_id FROM outbox");
  g_assert_true (g_regex_match_simple (UUID_V4, key, 0, 0));
  order_key = query_text (fixture->store, "SELECT idempotency_key FROM orders");
  g_assert_cmpstr (order_key, ==, key);

  /* The body that every try sends. */
  body_text = query_text (fixture->store, "SELECT body FROM outbox");
  body = parse (body_text);
  root = json_node_get_object (body);
  g_assert_cmpstr (json_object_get_string_member (root, "customer_id"), ==, CUSTOMER);
  g_assert_cmpstr (json_object_get_string_member (root, "mode"), ==, "together");
  g_assert_cmpstr (json_object_get_string_member (root, "carer_id"), ==, "ssk-1187");
  delivery = json_object_get_object_member (root, "delivery");
  g_assert_cmpstr (json_object_get_string_member (delivery, "slot_id"), ==, "s-20240606-1014");
  g_assert_cmpstr (json_object_get_string_member (delivery, "hold_id"), ==, "h-77");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (delivery, "notes"),
                                                 "carer_present"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (delivery, "notes"),
                                                  "access"), ==, "Nyckelbox");
  body_lines = json_object_get_array_member (root, "lines");
  g_assert_cmpuint (json_array_get_length (body_lines), ==, 3);
  apples = json_array_get_object_element (body_lines, 1);
  g_assert_cmpstr (json_object_get_string_member (apples, "product_id"), ==, "apples");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (apples, "quantity"),
                                                  "unit"), ==, "gram");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (apples, "quantity"),
                                               "value"), ==, 500);
  g_assert_cmpstr (json_object_get_string_member (apples, "substitution"), ==, "only_this");
  g_assert_cmpstr (json_object_get_string_member (apples, "note"), ==, "Gärna röda.");
}

/* Each line goes with the basket line's substitution choice and note;
 * a choice on the draft wins for its line. */
static void
test_orders_basket_choices (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(HandlaOrderDraft) draft = new_draft ("s-20240606-1014");
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *lines = NULL;
  JsonArray *body_lines;
  JsonObject *cola, *apples, *tomatoes;

  fill_basket (fixture);
  handla_basket_set_substitution (fixture->basket, "cola-33", HANDLA_SUBSTITUTION_CALL_UNIT);
  handla_basket_set_note (fixture->basket, "cola-33", " Zero, inte vanlig. ");
  /* The draft (new_draft) has "only this, Gärna röda." for the apples. */
  handla_basket_set_substitution (fixture->basket, "apples", HANDLA_SUBSTITUTION_SIMILAR);
  handla_basket_set_note (fixture->basket, "apples", "Gröna går bra.");

  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);

  lines = query_text (fixture->store,
                      "SELECT group_concat (product_id || ' ' || substitution || ' '"
                      " || coalesce (note, '-'), ', ') "
                      "FROM (SELECT * FROM order_line ORDER BY position)");
  g_assert_cmpstr (lines, ==,
                   "cola-33 call_unit Zero, inte vanlig., apples only_this Gärna röda., "
                   "tomatoes similar -");

  body_text = query_text (fixture->store, "SELECT body FROM outbox");
  body = parse (body_text);
  body_lines = json_object_get_array_member (json_node_get_object (body), "lines");
  g_assert_cmpuint (json_array_get_length (body_lines), ==, 3);

  cola = json_array_get_object_element (body_lines, 0);
  g_assert_cmpstr (json_object_get_string_member (cola, "product_id"), ==, "cola-33");
  g_assert_cmpstr (json_object_get_string_member (cola, "substitution"), ==, "call_unit");
  g_assert_cmpstr (json_object_get_string_member (cola, "note"), ==, "Zero, inte vanlig.");

  apples = json_array_get_object_element (body_lines, 1);
  g_assert_cmpstr (json_object_get_string_member (apples, "substitution"), ==, "only_this");
  g_assert_cmpstr (json_object_get_string_member (apples, "note"), ==, "Gärna röda.");

  /* The default, and no note member at all. */
  tomatoes = json_array_get_object_element (body_lines, 2);
  g_assert_cmpstr (json_object_get_string_member (tomatoes, "substitution"), ==, "similar");
  g_assert_false (json_object_has_member (tomatoes, "note"));
}

/* Every "send order" has its own key. */
static void
test_orders_new_key_each (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) first = send_filled_basket (fixture);
  g_autoptr(HandlaOrder) second = send_filled_basket (fixture);
  g_autofree char *keys = query_text (fixture->store,
                                      "SELECT count (DISTINCT request_id) FROM outbox");

  g_assert_cmpint (handla_order_get_local_id (second), >, handla_order_get_local_id (first));
  g_assert_cmpstr (keys, ==, "2");
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 2);
  /* Newest first. */
  {
    g_autoptr(HandlaOrder) top = g_list_model_get_item (G_LIST_MODEL (fixture->orders), 0);

    g_assert_true (top == second);
  }
}

static void
test_orders_empty_or_no_slot (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(HandlaOrderDraft) draft = new_draft ("s-20240606-1014");
  g_autoptr(HandlaOrderDraft) no_slot = handla_order_draft_new (HANDLA_ORDER_MODE_ON_BEHALF, "ssk-1");
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_null (order);
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_EMPTY_BASKET);
  g_assert_cmpstr (error->message, ==, "The basket has nothing that can be ordered.");
  g_clear_error (&error);

  fill_basket (fixture);
  order = send_basket (fixture->orders, fixture->basket, no_slot, &error);
  g_assert_null (order);
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NO_SLOT);
  g_assert_cmpstr (error->message, ==, "Choose a delivery time before sending the order.");

  assert_counts (fixture, "3", "0", "0", "0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->orders)), ==, 0);
}

/* A line whose product left the catalogue cannot be ordered: it stays. */
static void
test_orders_unavailable_line_stays (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autofree char *left = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *unsent = NULL;

  exec_sql (fixture->store,
            "INSERT INTO basket_line (customer_id, product_id, quantity, position, changed_at,"
            " name, price_ore) VALUES ('anna', 'gone', 1, 0, '2024-06-01T09:00:00Z', 'Borta', 100)");
  reload_basket (fixture->basket);

  order = send_filled_basket (fixture);
  g_assert_cmpuint (handla_order_get_n_lines (order), ==, 3);
  left = query_text (fixture->store, "SELECT group_concat (product_id) FROM basket_line");
  g_assert_cmpstr (left, ==, "gone");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 1);

  /* The ordered lines leave as tombstones, and the basket needs sending,
   * so the unit's other tablets drop them too. */
  removed = query_text (fixture->store,
                        "SELECT group_concat (product_id, ' ') FROM"
                        " (SELECT product_id FROM basket_removed WHERE customer_id = 'anna'"
                        "  ORDER BY product_id)");
  g_assert_cmpstr (removed, ==, "apples cola-33 tomatoes");
  unsent = query_text (fixture->store,
                       "SELECT local_version > synced_version FROM basket_sync"
                       " WHERE customer_id = 'anna'");
  g_assert_cmpstr (unsent, ==, "1");
}

/* The order, its lines, its outbox row and the basket change together or
 * not at all: a failing last insert leaves the basket as it was. */
static void
test_orders_atomic (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(HandlaOrderDraft) draft = new_draft ("s-20240606-1014");
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  fill_basket (fixture);
  exec_sql (fixture->store,
            "CREATE TEMP TRIGGER refuse_outbox BEFORE INSERT ON outbox "
            "BEGIN SELECT RAISE (ABORT, 'injected failure'); END");

  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_null (order);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SQL);
  assert_counts (fixture, "3", "0", "0", "0");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->orders)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 3);
  g_clear_error (&error);

  exec_sql (fixture->store, "DROP TRIGGER refuse_outbox");
  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  assert_counts (fixture, "0", "1", "3", "1");
}

/* What was queued is there after a restart, as it was. */
static void
test_orders_reopen (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) sent = send_filled_basket (fixture);
  g_autoptr(HandlaOrder) again = NULL;
  gint64 local_id = handla_order_get_local_id (sent);

  g_clear_object (&sent);
  close_store (fixture);
  open_store (fixture);
  load_orders (fixture->orders);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->orders)), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (fixture->orders), 0);
  g_assert_cmpint (handla_order_get_local_id (again), ==, local_id);
  g_assert_cmpint (handla_order_get_state (again), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_cmpuint (handla_order_get_n_lines (again), ==, 3);
  g_assert_cmpint (handla_order_get_goods_total (again), ==, FILLED_GOODS_TOTAL);
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 1);
}

/* ---- what answers do to an order -------------------------------------------------- */

/* Sent only in the transaction that drops the row; the supplier's copy
 * then is the tablet's. */
static void
test_orders_sent (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = send_filled_basket (fixture);
  HandlaOutcome *outcome = outcome_new (HANDLA_OUTCOME_DONE);
  g_autofree char *etag = NULL;
  g_autofree char *lines = NULL;
  guint notified = 0;

  g_signal_connect (order, "notify", G_CALLBACK (count_notify_cb), &notified);
  outcome->order = parse ("{\"id\": \"o-1\", \"number\": \"4711\", \"status\": \"received\","
                          " \"cutoff\": \"2024-06-05T12:00:00+02:00\","
                          " \"delivery\": {\"slot_id\": \"s-20240606-1014\", \"window\":"
                          "  {\"start\": \"2024-06-06T10:00:00+02:00\","
                          "   \"end\": \"2024-06-06T14:00:00+02:00\"}},"
                          " \"lines\": [{\"product_id\": \"cola-33\", \"name\": \"Cola\","
                          "  \"quantity\": {\"unit\": \"piece\", \"value\": 2},"
                          "  \"substitution\": \"similar\", \"price_ore\": 1200, \"amount_ore\": 2400},"
                          " {\"product_id\": \"apples\", \"name\": \"Äpplen\","
                          "  \"quantity\": {\"unit\": \"gram\", \"value\": 500},"
                          "  \"substitution\": \"only_this\", \"price_ore\": 2800, \"amount_ore\": 1400},"
                          " {\"product_id\": \"tomatoes\", \"name\": \"Tomater\","
                          "  \"quantity\": {\"unit\": \"gram\", \"value\": 1000},"
                          "  \"substitution\": \"similar\", \"price_ore\": 1990, \"amount_ore\": 1990}],"
                          " \"totals\": {\"goods_ore\": 5790}}");
  outcome->etag = g_strdup ("\"o-1-1\"");
  store_outcome (fixture, outcome);

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
  g_assert_cmpstr (handla_order_get_supplier_id (order), ==, "o-1");
  g_assert_cmpstr (handla_order_get_number (order), ==, "4711");
  g_assert_cmpstr (handla_order_get_status (order), ==, "received");
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 0);
  g_assert_cmpuint (notified, >, 0);
  assert_counts (fixture, "0", "1", "3", "0");
  etag = query_text (fixture->store, "SELECT etag FROM orders");
  g_assert_cmpstr (etag, ==, "\"o-1-1\"");
  lines = query_text (fixture->store,
                      "SELECT group_concat (name, ', ') FROM (SELECT * FROM order_line ORDER BY position)");
  g_assert_cmpstr (lines, ==, "Cola, Äpplen, Tomater");
}

/* A retry keeps the row and says why, in words, and when it tries again. */
static void
test_orders_retry_says_why (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = send_filled_basket (fixture);
  g_autoptr(GDateTime) now = handla_clock_get_now (fixture->clock);
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, 7);
  HandlaOutcome *outcome = outcome_new (HANDLA_OUTCOME_RETRY);
  g_autofree char *attempts = NULL;

  outcome->attempts = 1;
  outcome->now_us = g_date_time_to_unix (now) * G_USEC_PER_SEC;
  outcome->next_try_us = outcome->now_us + 7 * G_USEC_PER_SEC;
  outcome->not_before_us = outcome->next_try_us;
  outcome->error_code = g_strdup ("maintenance");
  outcome->error_seconds = 7;
  store_outcome (fixture, outcome);

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_cmpstr (handla_order_get_last_error (order), ==,
                   "The supplier is closed for maintenance. Handla will try again in 7 seconds.");
  g_assert_true (g_date_time_equal (handla_order_get_next_try (order), then));
  attempts = query_text (fixture->store, "SELECT attempts FROM outbox");
  g_assert_cmpstr (attempts, ==, "1");
}

/* A refused order needs attention and says why; corrected, it goes out
 * again with a new key; cancelled, it leaves the tablet. */
static void
test_orders_refused_then_corrected (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = send_filled_basket (fixture);
  g_autoptr(HandlaOrderDraft) other_slot = new_draft ("s-20240607-1014");
  g_autoptr(GError) error = NULL;
  HandlaOutcome *outcome = outcome_new (HANDLA_OUTCOME_REFUSED);
  g_autofree char *old_key = query_text (fixture->store, "SELECT request_id FROM outbox");
  g_autofree char *new_key = NULL;
  g_autofree char *order_key = NULL;
  g_autofree char *slot = NULL;

  outcome->attention_code = g_strdup ("cutoff_passed");
  outcome->attention_status = 409;
  store_outcome (fixture, outcome);

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (handla_order_get_attention (order), ==,
                   "Too late for this delivery time: the order deadline has passed. "
                   "Choose another delivery time and send the order again.");
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 0);
  assert_counts (fixture, "0", "1", "3", "0");

  /* Another slot, and fewer apples. */
  handla_order_draft_set_line_quantity (other_slot, "apples", 250);
  g_assert_true (change_order (fixture->orders, order, other_slot, &error));
  g_assert_no_error (error);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpint (handla_order_get_goods_total (order), ==, 2 * 1200 + 700 + 1990);
  new_key = query_text (fixture->store, "SELECT request_id FROM outbox WHERE kind = 'create'");
  g_assert_cmpstr (new_key, !=, old_key);
  g_assert_true (g_regex_match_simple (UUID_V4, new_key, 0, 0));
  order_key = query_text (fixture->store, "SELECT idempotency_key FROM orders");
  g_assert_cmpstr (order_key, ==, new_key);
  slot = query_text (fixture->store, "SELECT json_extract (body, '$.delivery.slot_id') FROM outbox");
  g_assert_cmpstr (slot, ==, "s-20240607-1014");

  /* Refused again, then cancelled: the supplier never had it. */
  outcome = outcome_new (HANDLA_OUTCOME_REFUSED);
  outcome->attention_code = g_strdup ("validation_failed");
  outcome->attention_status = 422;
  outcome->attention_detail = g_strdup ("Varan finns inte.");
  store_outcome (fixture, outcome);
  g_assert_cmpstr (handla_order_get_attention (order), ==,
                   "The supplier did not accept the order: “Varan finns inte.” "
                   "Correct the order and send it again.");
  g_assert_true (cancel_order (fixture->orders, order, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->orders)), ==, 0);
  assert_counts (fixture, "0", "0", "0", "0");
}

/* A change of a sent order is an outbox row with the whole new order;
 * refused, it is dropped and the order says so in words. */
static void
test_orders_change_dropped (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = send_filled_basket (fixture);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_ON_BEHALF, "ssk-2");
  g_autoptr(GError) error = NULL;
  HandlaOutcome *outcome = outcome_new (HANDLA_OUTCOME_DONE);
  g_autofree char *change = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *slot = NULL;

  outcome->order = parse ("{\"id\": \"o-1\", \"status\": \"received\"}");
  outcome->etag = g_strdup ("\"o-1-1\"");
  store_outcome (fixture, outcome);

  handla_order_draft_set_line_quantity (draft, "cola-33", 3);
  handla_order_draft_set_line_quantity (draft, "tomatoes", 0);
  handla_order_draft_set_line_quantity (draft, "grapes", 250);
  g_assert_true (change_order (fixture->orders, order, draft, &error));
  g_assert_no_error (error);
  g_assert_true (handla_order_get_change_pending (order));
  /* The tablet's copy stays the supplier's until it answers. */
  g_assert_cmpuint (handla_order_get_n_lines (order), ==, 3);

  change = query_text (fixture->store,
                       "SELECT kind || ' ' || (request_id = json_extract (body, '$.change_id')) || ' '"
                       " || json_extract (body, '$.mode') FROM outbox");
  g_assert_cmpstr (change, ==, "change 1 on_behalf");
  lines = query_text (fixture->store,
                      "SELECT group_concat (json_extract (l.value, '$.product_id') || '×' ||"
                      " json_extract (l.value, '$.quantity.value'), ' ')"
                      " FROM outbox, json_each (outbox.body, '$.lines') l");
  g_assert_cmpstr (lines, ==, "cola-33×3 apples×500 grapes×250");
  /* Slot and notes were not set: the order's stay. */
  slot = query_text (fixture->store,
                     "SELECT json_extract (body, '$.delivery.slot_id') || ' ' ||"
                     " json_extract (body, '$.delivery.notes.access') FROM outbox");
  g_assert_cmpstr (slot, ==, "s-20240606-1014 Nyckelbox");

  outcome = outcome_new (HANDLA_OUTCOME_DROPPED);
  outcome->attention_code = g_strdup ("change:cutoff_passed");
  outcome->attention_status = 409;
  store_outcome (fixture, outcome);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
  g_assert_false (handla_order_get_change_pending (order));
  g_assert_cmpstr (handla_order_get_attention (order), ==,
                   "The order can no longer be changed: it is locked for delivery. "
                   "The change was not made.");
  assert_counts (fixture, "0", "1", "3", "0");
}

/* The tablet refuses what it knows is too late. */
static void
test_orders_too_late (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(HandlaOrder) order = send_filled_basket (fixture);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, "ssk-1");
  g_autoptr(GDateTime) after_cutoff = g_date_time_new_utc (2024, 6, 5, 10, 0, 0);
  g_autoptr(GError) error = NULL;

  handla_clock_set_now (fixture->clock, after_cutoff);
  g_assert_false (change_order (fixture->orders, order, draft, &error));
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE);
  g_assert_cmpstr (error->message, ==, "The order can no longer be changed: its deadline has passed.");
  g_clear_error (&error);
  g_assert_false (cancel_order (fixture->orders, order, &error));
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE);
  assert_counts (fixture, "0", "1", "3", "1");
}

/* ---- rules without a store --------------------------------------------------------- */

static void
test_outbox_backoff (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4711);
  g_autoptr(GRand) same = g_rand_new_with_seed (4711);
  g_autoptr(GRand) other = g_rand_new_with_seed (1187);
  GTimeSpan ceiling = 2 * G_TIME_SPAN_SECOND;
  gboolean differs = FALSE;

  for (guint attempts = 1; attempts <= 12; attempts++)
    {
      GTimeSpan wait = _handla_outbox_backoff (attempts, 0, rand);
      GTimeSpan again = _handla_outbox_backoff (attempts, 0, same);
      GTimeSpan elsewhere = _handla_outbox_backoff (attempts, 0, other);

      /* Half fixed, half random, of a ceiling that doubles to 5 min. */
      g_assert_cmpint (wait, >=, ceiling / 2);
      g_assert_cmpint (wait, <=, ceiling);
      g_assert_cmpint (wait, ==, again);
      differs |= wait != elsewhere;
      ceiling = MIN (ceiling * 2, 5 * G_TIME_SPAN_MINUTE);
    }
  g_assert_true (differs);
  g_assert_cmpint (ceiling, ==, 5 * G_TIME_SPAN_MINUTE);

  /* Retry-After wins when it is longer, never when shorter. */
  g_assert_cmpint (_handla_outbox_backoff (1, 600, rand), ==, 600 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (_handla_outbox_backoff (12, 1, rand), >=, 150 * G_TIME_SPAN_SECOND);
}

static void
test_outbox_judge (void)
{
  static const struct {
    HandlaOutboxKind  kind;
    guint             status;
    const char       *code;
    HandlaVerdict     verdict;
    const char       *reason;
  } cases[] = {
    { HANDLA_OUTBOX_CREATE, 201, NULL, HANDLA_VERDICT_DONE, NULL },
    { HANDLA_OUTBOX_CREATE, 500, "internal_error", HANDLA_VERDICT_RETRY, "server" },
    { HANDLA_OUTBOX_CREATE, 502, NULL, HANDLA_VERDICT_RETRY, "server" },
    { HANDLA_OUTBOX_CREATE, 503, "unavailable", HANDLA_VERDICT_RETRY, "maintenance" },
    { HANDLA_OUTBOX_CREATE, 429, "rate_limited", HANDLA_VERDICT_RETRY, "busy" },
    { HANDLA_OUTBOX_CREATE, 409, "idempotency_request_in_progress", HANDLA_VERDICT_RETRY, "in_progress" },
    { HANDLA_OUTBOX_CREATE, 409, "cutoff_passed", HANDLA_VERDICT_REFUSED, "cutoff_passed" },
    { HANDLA_OUTBOX_CREATE, 409, "slot_unavailable", HANDLA_VERDICT_REFUSED, "slot_unavailable" },
    { HANDLA_OUTBOX_CREATE, 409, "hold_expired", HANDLA_VERDICT_REFUSED, "hold_expired" },
    { HANDLA_OUTBOX_CREATE, 422, "idempotency_key_reused", HANDLA_VERDICT_REFUSED, "idempotency_key_reused" },
    { HANDLA_OUTBOX_CREATE, 422, "validation_failed", HANDLA_VERDICT_REFUSED, "validation_failed" },
    { HANDLA_OUTBOX_CREATE, 422, "minimum_order_not_met", HANDLA_VERDICT_REFUSED, "minimum_order_not_met" },
    { HANDLA_OUTBOX_CREATE, 400, "idempotency_key_missing", HANDLA_VERDICT_REFUSED, "refused" },
    { HANDLA_OUTBOX_CHANGE, 200, NULL, HANDLA_VERDICT_DONE, NULL },
    { HANDLA_OUTBOX_CHANGE, 412, "order_conflict", HANDLA_VERDICT_CONFLICT, NULL },
    { HANDLA_OUTBOX_CHANGE, 409, "cutoff_passed", HANDLA_VERDICT_DROPPED, "cutoff_passed" },
    { HANDLA_OUTBOX_CHANGE, 409, "order_not_changeable", HANDLA_VERDICT_DROPPED, "order_not_changeable" },
    { HANDLA_OUTBOX_CHANGE, 409, "idempotency_request_in_progress", HANDLA_VERDICT_DROPPED, "refused" },
    { HANDLA_OUTBOX_CHANGE, 428, "precondition_required", HANDLA_VERDICT_DROPPED, "refused" },
    { HANDLA_OUTBOX_CHANGE, 503, NULL, HANDLA_VERDICT_RETRY, "maintenance" },
    { HANDLA_OUTBOX_CANCEL, 200, NULL, HANDLA_VERDICT_DONE, NULL },
    { HANDLA_OUTBOX_CANCEL, 412, "order_conflict", HANDLA_VERDICT_CONFLICT, NULL },
    { HANDLA_OUTBOX_CANCEL, 409, "cutoff_passed", HANDLA_VERDICT_DROPPED, "cutoff_passed" },
    { HANDLA_OUTBOX_CANCEL, 404, "not_found", HANDLA_VERDICT_DROPPED, "refused" },
    { HANDLA_OUTBOX_CANCEL, 500, NULL, HANDLA_VERDICT_RETRY, "server" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *reason = "unset";

      g_assert_cmpint (_handla_outbox_judge (cases[i].kind, cases[i].status, cases[i].code, &reason),
                       ==, cases[i].verdict);
      g_assert_cmpstr (reason, ==, cases[i].reason);
    }
}

/* Every code has words; none is left as a code. */
static void
test_order_words (void)
{
  static const char * const attention[] = {
    "cutoff_passed", "slot_unavailable", "hold_expired", "minimum_order_not_met",
    "validation_failed", "idempotency_key_reused", "refused",
    "change:cutoff_passed", "change:order_not_changeable", "change:slot_unavailable",
    "change:validation_failed", "change:refused",
    "cancel:cutoff_passed", "cancel:order_not_changeable", "cancel:refused",
  };
  static const char * const retry[] = {
    "offline", "no_answer", "timeout", "bad_answer", "server", "busy", "maintenance",
    "in_progress", "tls", "unauthorized",
  };
  g_autofree char *busy = _handla_order_describe_retry ("busy", 1);
  g_autofree char *refused = _handla_order_describe_attention ("refused", 400, NULL);

  g_assert_null (_handla_order_describe_attention (NULL, 0, NULL));
  g_assert_null (_handla_order_describe_retry (NULL, 0));

  for (guint i = 0; i < G_N_ELEMENTS (attention); i++)
    {
      g_autofree char *words = _handla_order_describe_attention (attention[i], 409, "Detalj.");

      g_assert_nonnull (words);
      g_assert_null (strstr (words, "_"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (retry); i++)
    {
      g_autofree char *words = _handla_order_describe_retry (retry[i], 3);

      g_assert_nonnull (words);
      g_assert_null (strstr (words, "_"));
    }

  g_assert_cmpstr (busy, ==, "The supplier is busy. Handla will try again in 1 second.");
  g_assert_cmpstr (refused, ==, "The supplier refused the order (error 400). Call the supplier.");
}

/* ---- schema ---------------------------------------------------------------------- */

/* A database at schema 2 keeps its basket through migration 3. */
static void
test_orders_migrate_from_2 (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "migrate", NULL);
  g_autofree char *path = g_build_filename (dir, "handla.db", NULL);
  g_autoptr(HandlaStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *latest = g_strdup_printf ("%d", handla_store_get_latest_version ());
  g_autofree char *line = NULL;
  g_autofree char *orders = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (1), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (2), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil');"
                                 "INSERT INTO basket_line (customer_id, product_id, quantity, position,"
                                 " changed_at, name, price_ore) "
                                 "VALUES ('c1', 'p1', 2, 0, '2025-11-24T09:00:00Z', 'Mjölk', 1990);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = handla_store_new (path);
  version = query_text (store, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, latest);
  line = query_text (store, "SELECT quantity || ' ' || name FROM basket_line WHERE customer_id = 'c1'");
  g_assert_cmpstr (line, ==, "2 Mjölk");
  orders = query_text (store, "SELECT (SELECT count (*) FROM orders) + (SELECT count (*) FROM outbox)");
  g_assert_cmpstr (orders, ==, "0");
}

/* A database at schema 7 keeps its orders and outbox rows (ids, keys,
 * retry state) through migration 11, which rebuilds the outbox so it
 * takes complaints too. */
static void
test_orders_migrate_from_7 (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "migrate-7", NULL);
  g_autofree char *path = g_build_filename (dir, "handla.db", NULL);
  g_autoptr(HandlaStore) store = NULL;
  g_autofree char *row = NULL;
  g_autofree char *note = NULL;
  g_autofree char *kinds = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (int version = 1; version <= 7; version++)
    g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (version), NULL, NULL, NULL),
                     ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil');"
                                 "INSERT INTO orders (id, customer_id, idempotency_key, created_at,"
                                 " mode, carer_id, slot_id) VALUES (5, 'c1', 'key-5',"
                                 " '2025-11-24T09:00:00Z', 'together', 'ssk-1', 's-1');"
                                 "INSERT INTO outbox (id, order_id, kind, request_id, body, created_at,"
                                 " attempts, next_try_us, last_error) VALUES (9, 5, 'create', 'key-5',"
                                 " '{}', '2025-11-24T09:00:00Z', 3, 1234, 'server');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = handla_store_new (path);
  row = query_text (store, "SELECT id || ' ' || order_id || ' ' || kind || ' ' || request_id || ' '"
                           " || attempts || ' ' || next_try_us || ' ' || last_error FROM outbox");
  g_assert_cmpstr (row, ==, "9 5 create key-5 3 1234 server");
  note = query_text (store, "SELECT coalesce (delivery_note, 'none') FROM orders WHERE id = 5");
  g_assert_cmpstr (note, ==, "none");
  exec_sql (store, "INSERT INTO outbox (order_id, kind, request_id, body, created_at)"
                   " VALUES (5, 'complaint', 'key-k', '{}', '2025-11-24T10:00:00Z')");
  kinds = query_text (store, "SELECT group_concat (kind, ',') FROM (SELECT kind FROM outbox ORDER BY id)");
  g_assert_cmpstr (kinds, ==, "create,complaint");
  /* An order that goes takes its rows with it, as before. */
  exec_sql (store, "DELETE FROM orders WHERE id = 5");
  g_clear_pointer (&kinds, g_free);
  kinds = query_text (store, "SELECT count (*) FROM outbox");
  g_assert_cmpstr (kinds, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/orders/send-basket", test_orders_send_basket);
  ADD ("/handla/orders/basket-choices", test_orders_basket_choices);
  ADD ("/handla/orders/new-key-each", test_orders_new_key_each);
  ADD ("/handla/orders/empty-or-no-slot", test_orders_empty_or_no_slot);
  ADD ("/handla/orders/unavailable-line-stays", test_orders_unavailable_line_stays);
  ADD ("/handla/orders/atomic", test_orders_atomic);
  ADD ("/handla/orders/reopen", test_orders_reopen);
  ADD ("/handla/orders/sent", test_orders_sent);
  ADD ("/handla/orders/retry-says-why", test_orders_retry_says_why);
  ADD ("/handla/orders/refused-then-corrected", test_orders_refused_then_corrected);
  ADD ("/handla/orders/change-dropped", test_orders_change_dropped);
  ADD ("/handla/orders/too-late", test_orders_too_late);

#undef ADD

  g_test_add_func ("/handla/orders/migrate-from-2", test_orders_migrate_from_2);
  g_test_add_func ("/handla/orders/migrate-from-7", test_orders_migrate_from_7);
  g_test_add_func ("/handla/outbox/backoff", test_outbox_backoff);
  g_test_add_func ("/handla/outbox/judge", test_outbox_judge);
  g_test_add_func ("/handla/orders/words", test_order_words);

  return g_test_run ();
}
