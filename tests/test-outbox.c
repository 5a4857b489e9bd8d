/* test-outbox.c — the outbox against the real supplier: every fault the
 * supplier can inject, one test each, with what the carer is told, and
 * the order sent exactly once
 *
 * Each test starts the real handla-supplier (HANDLA_SUPPLIER) on loopback
 * TLS with its test CA, its clock stopped on Monday 12 January 2026,
 * 09:00, and the client under test on a real store whose fake HandlaClock
 * stands at the same time. The outbox's backoff runs on that clock: the
 * tests move it to the next try instead of sleeping. The demo catalogue
 * (HANDLA_DEMO_CATALOGUE) is both the supplier's and the tablet's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "outbox-supplier.h"
#include "outbox-test-util.h"
#include "test-monitor.h"

#define CUSTOMER    "c-1001"
#define SUPPLIER_NOW "2026-01-12T09:00:00+01:00"
/* Thursday 15 January 2026, 10–14; cutoff Wednesday 12:00. */
#define SLOT        "s-20260115-1014"
#define SLOT_START  "2026-01-15T10:00:00+01:00"
#define SLOT_END    "2026-01-15T14:00:00+01:00"
#define SLOT_CUTOFF "2026-01-14T12:00:00+01:00"
/* Friday 16 January 2026, 10–14; cutoff Thursday 12:00. */
#define LATER_SLOT  "s-20260116-1014"

/* What the carer is told, word for word (LANGUAGE is unset: English). */
#define SAYS_NO_ANSWER   "The supplier did not answer. Handla will try again."
#define SAYS_TIMEOUT     "The supplier did not answer in time. Handla will try again."
#define SAYS_BAD_ANSWER  "The supplier’s answer was incomplete. Handla will ask again."
#define SAYS_SERVER      "The supplier’s server has a problem. Handla will try again."
#define SAYS_BUSY_7      "The supplier is busy. Handla will try again in 7 seconds."
#define SAYS_CLOSED_7    "The supplier is closed for maintenance. Handla will try again in 7 seconds."
#define SAYS_IN_PROGRESS "The supplier is still working on the order. Handla will ask again shortly."
#define SAYS_REENROL     "The supplier no longer accepts this tablet. Enrol it again with a new " \
                         "code; the order is kept on the tablet until then."
#define SAYS_KEY_REUSED  "The supplier already has a different order under this order’s " \
                         "reference, so this one was not sent. Call the supplier before you " \
                         "send it again."
#define SAYS_NOT_VALID   "The supplier did not accept the order. Check the goods and the " \
                         "delivery details, and send it again."
#define SAYS_TOO_LATE    "Too late for this delivery time: the order deadline has passed. " \
                         "Choose another delivery time and send the order again."
#define SAYS_LOCKED      "The order can no longer be changed: it is locked for delivery. " \
                         "The change was not made."

typedef struct
{
  char                 *state_dir;
  char                 *db_path;
  SupplierProcess      *process;
  SupplierReady         ready;
  SupplierControl      *control;
  HandlaClock          *clock;
  HandlaStore          *store;
  HandlaCatalogue      *catalogue;
  HandlaSecrets        *secrets;
  GNetworkMonitor      *monitor;
  HandlaSupplierClient *client;
  HandlaBasket         *basket;
  HandlaOrders         *orders;
} Fixture;

/* ---- helpers ------------------------------------------------------------------ */

static void
open_store (Fixture *fixture)
{
  open_tablet (fixture->db_path, fixture->clock, CUSTOMER, &fixture->store, &fixture->catalogue,
               &fixture->basket, &fixture->orders);
}

static void
close_store (Fixture *fixture)
{
  close_tablet (&fixture->store, &fixture->catalogue, &fixture->basket, &fixture->orders);
}

static void
use_new_client (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->orders != NULL)
    handla_orders_set_client (fixture->orders, NULL);
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  fixture->client = handla_supplier_client_new (fixture->catalogue, fixture->secrets,
                                                fixture->ready.url, fixture->ready.ca_file,
                                                fixture->monitor, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const args[] = { "--demo", "--control", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_NOW, NULL);
  g_autofree char *supplier_dir = NULL;
  g_autoptr(GError) error = NULL;

  fixture->state_dir = g_dir_make_tmp ("handla-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->state_dir, "handla.db", NULL);
  supplier_dir = g_build_filename (fixture->state_dir, "supplier", NULL);

  fixture->process = supplier_process_start (supplier_dir, args, &fixture->ready);
  fixture->control = supplier_control_new (&fixture->ready);
  supplier_control_set_clock (fixture->control, SUPPLIER_NOW);

  fixture->clock = handla_clock_new_fake (now);
  open_store (fixture);
  insert_customer (fixture->store, CUSTOMER);
  import_demo_catalogue (fixture->catalogue);
  reload_basket (fixture->basket);
  load_orders (fixture->orders);

  fixture->secrets = handla_secrets_new ();
  fixture->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  use_new_client (fixture);
  enrol_client (fixture->client, fixture->ready.enrolment_code);
  handla_orders_set_client (fixture->orders, fixture->client);
}

/* The client holds the catalogue: it goes first. */
static void
close_client_and_store (Fixture *fixture)
{
  handla_orders_set_client (fixture->orders, NULL);
  g_assert_finalize_object (fixture->client);
  fixture->client = NULL;
  close_store (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_client_and_store (fixture);
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->secrets);
  g_assert_finalize_object (fixture->clock);
  g_clear_pointer (&fixture->control, supplier_control_free);
  supplier_process_stop (&fixture->process);
  remove_tree (fixture->state_dir);
  g_clear_pointer (&fixture->state_dir, g_free);
  g_clear_pointer (&fixture->db_path, g_free);
  supplier_ready_clear (&fixture->ready);
}

static void
set_online (Fixture  *fixture,
            gboolean  online)
{
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), online);
  wait_until_idle (fixture->orders);
}

static HandlaOrderDraft *
draft_for (const char *slot_id,
           const char *start,
           const char *end,
           const char *cutoff)
{
  g_autoptr(GDateTime) window_start = g_date_time_new_from_iso8601 (start, NULL);
  g_autoptr(GDateTime) window_end = g_date_time_new_from_iso8601 (end, NULL);
  g_autoptr(GDateTime) slot_cutoff = g_date_time_new_from_iso8601 (cutoff, NULL);
  HandlaOrderDraft *draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, "ssk-1187");

  handla_order_draft_set_slot (draft, slot_id, NULL, window_start, window_end, slot_cutoff);
  handla_order_draft_set_notes (draft, TRUE, TRUE, "Nyckelbox", NULL);
  handla_order_draft_set_line_choice (draft, "lv551-1", HANDLA_SUBSTITUTION_ONLY_THIS,
                                      "Gärna små.");

  return draft;
}

/* 10 avocados (14,00 kr), 2 kg oranges (32,90 kr/kg) and two drinks
 * (25,90 kr): 257,60 kr, above the supplier's smallest order. Returns
 * when the order is queued; the outbox starts at once. */
static HandlaOrder *
queue_order (Fixture *fixture)
{
  g_autoptr(HandlaOrderDraft) draft = draft_for (SLOT, SLOT_START, SLOT_END, SLOT_CUTOFF);
  g_autoptr(GError) error = NULL;
  HandlaOrder *order;

  put_in_basket (fixture->basket, fixture->catalogue, "lv320-2", 10);
  put_in_basket (fixture->basket, fixture->catalogue, "lv551-1", 2000);
  put_in_basket (fixture->basket, fixture->catalogue, "lv2218-1", 2);
  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (order);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->basket)), ==, 0);

  return order;
}

/* Queues the order, and returns when the outbox has done its first step. */
static HandlaOrder *
send_order (Fixture *fixture)
{
  HandlaOrder *order = queue_order (fixture);

  wait_until_idle (fixture->orders);
  return order;
}

/* The order is queued and says @says; nothing is left that the carer
 * must do. */
static void
assert_waiting (HandlaOrder *order,
                const char  *says)
{
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_null (handla_order_get_supplier_id (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpstr (handla_order_get_last_error (order), ==, says);
  g_assert_nonnull (handla_order_get_next_try (order));
}

/* Queued, and nothing has been tried. */
static void
assert_waiting_offline (HandlaOrder *order)
{
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_QUEUED);
  g_assert_null (handla_order_get_last_error (order));
  g_assert_null (handla_order_get_next_try (order));
}

/* The order is sent, and the supplier holds exactly one order: this one,
 * created once, under the order's key. */
static void
assert_sent_once (Fixture     *fixture,
                  HandlaOrder *order)
{
  g_autofree char *key = query_text (fixture->store, "SELECT idempotency_key FROM orders");
  g_autofree char *token = lookup_client_token (fixture->secrets, fixture->ready.url);
  g_autofree char *path = g_strconcat ("/v1/customers/", CUSTOMER, "/orders", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *outbox = NULL;
  JsonArray *held;
  JsonObject *first;
  guint status = 0;

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
  g_assert_nonnull (handla_order_get_supplier_id (order));
  g_assert_nonnull (handla_order_get_number (order));
  g_assert_cmpstr (handla_order_get_status (order), ==, "received");
  g_assert_null (handla_order_get_last_error (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 0);
  outbox = query_text (fixture->store, "SELECT count (*) FROM outbox");
  g_assert_cmpstr (outbox, ==, "0");

  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders_created"), ==, 1);
  list = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  secret_password_free (g_steal_pointer (&token));
  g_assert_cmpuint (status, ==, 200);
  held = json_object_get_array_member (json_node_get_object (list), "orders");
  g_assert_cmpuint (json_array_get_length (held), ==, 1);
  first = json_array_get_object_element (held, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==,
                   handla_order_get_supplier_id (order));
  g_assert_cmpstr (json_object_get_string_member (first, "idempotency_key"), ==, key);
}

static gint64
posts (Fixture *fixture)
{
  return supplier_control_requests (fixture->control, "POST /v1/orders");
}

/* One fault on the first POST /v1/orders. */
static void
fault_on_post (Fixture    *fixture,
               const char *kind,
               const char *more)
{
  g_autofree char *fault = g_strdup_printf ("{\"kind\": \"%s\", \"method\": \"POST\","
                                            " \"path_prefix\": \"/v1/orders\"%s}",
                                            kind, more != NULL ? more : "");

  supplier_control_fault (fixture->control, fault);
}

/* ---- faults on sending an order ------------------------------------------------ */

/* The supplier commits the order and drops the response: the retry with
 * the same key finds the same order. */
static void
test_outbox_drop_after_commit (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;

  fault_on_post (fixture, "drop-after-commit", NULL);
  order = send_order (fixture);

  /* The connection closed without an answer: libsoup calls it an answer
   * cut short. */
  assert_waiting (order, SAYS_BAD_ANSWER);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  g_assert_cmpint (posts (fixture), ==, 1);

  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 2);
}

/* The first attempt is held back past the tablet's patience: the retry
 * finds it still in progress (409), and the one after that the order. */
static void
test_outbox_delay (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;

  fault_on_post (fixture, "delay", ", \"delay_ms\": 1500");
  order = queue_order (fixture);
  g_assert_true (handla_orders_get_busy (fixture->orders));
  while (posts (fixture) < 1)
    g_main_context_iteration (NULL, FALSE);

  /* No answer within the attempt's 30 s on the tablet's clock. */
  handla_clock_advance (fixture->clock, 30 * G_TIME_SPAN_SECOND);
  wait_until_idle (fixture->orders);
  assert_waiting (order, SAYS_TIMEOUT);

  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_waiting (order, SAYS_IN_PROGRESS);
  g_assert_cmpint (posts (fixture), ==, 2);

  /* The first attempt commits on the supplier's own time. */
  supplier_control_wait_orders (fixture->control, 1);
  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 3);
}

/* 500 and reset-connection take the place of the work: nothing is
 * created, and the retry creates the order. */
static void
check_work_replaced (Fixture    *fixture,
                     const char *kind,
                     const char *says)
{
  g_autoptr(HandlaOrder) order = NULL;

  fault_on_post (fixture, kind, NULL);
  order = send_order (fixture);
  assert_waiting (order, says);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 2);
}

static void
test_outbox_500 (Fixture       *fixture,
                 gconstpointer  data)
{
  check_work_replaced (fixture, "500", SAYS_SERVER);
}

/* 503 and 429: nothing is sent before Retry-After has passed. */
static void
check_retry_after (Fixture    *fixture,
                   const char *kind,
                   const char *says)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GDateTime) now = NULL;

  fault_on_post (fixture, kind, ", \"retry_after\": 7");
  order = send_order (fixture);
  assert_waiting (order, says);
  now = handla_clock_get_now (fixture->clock);
  g_assert_cmpint (g_date_time_difference (handla_order_get_next_try (order), now), >=,
                   7 * G_TIME_SPAN_SECOND);

  /* "Send now" does not overrule the supplier's Retry-After. */
  handla_clock_advance (fixture->clock, 6 * G_TIME_SPAN_SECOND);
  handla_orders_send_now (fixture->orders);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (posts (fixture), ==, 1);
  assert_waiting (order, says);

  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 2);
}

static void
test_outbox_503 (Fixture       *fixture,
                 gconstpointer  data)
{
  check_retry_after (fixture, "503", SAYS_CLOSED_7);
}

static void
test_outbox_429 (Fixture       *fixture,
                 gconstpointer  data)
{
  check_retry_after (fixture, "429", SAYS_BUSY_7);
}

/* Committed, but the answer comes cut short or as the wrong type: the
 * retry gets the same order. */
static void
check_spoilt_answer (Fixture    *fixture,
                     const char *kind)
{
  g_autoptr(HandlaOrder) order = NULL;

  fault_on_post (fixture, kind, NULL);
  order = send_order (fixture);
  assert_waiting (order, SAYS_BAD_ANSWER);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);

  advance_to_next_try (fixture->clock, fixture->orders, order);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 2);
}

static void
test_outbox_truncated_body (Fixture       *fixture,
                            gconstpointer  data)
{
  check_spoilt_answer (fixture, "truncated-body");
}

static void
test_outbox_wrong_content_type (Fixture       *fixture,
                                gconstpointer  data)
{
  check_spoilt_answer (fixture, "wrong-content-type");
}

static void
test_outbox_reset_connection (Fixture       *fixture,
                              gconstpointer  data)
{
  check_work_replaced (fixture, "reset-connection", SAYS_NO_ANSWER);
}

/* ---- refusals --------------------------------------------------------------- */

/* Another body under the order's key (a bug): the order needs attention,
 * no new key is minted, and nothing is sent again by itself. */
static void
test_outbox_key_reused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(JsonNode) other = NULL;
  g_autofree char *key = NULL;
  g_autofree char *key_after = NULL;
  g_autofree char *header = NULL;
  g_autofree char *body = NULL;
  const char *headers[] = { "Idempotency-Key", NULL, NULL };
  char *avocados;
  char *token;
  guint status = 0;

  set_online (fixture, FALSE);
  order = send_order (fixture);
  g_assert_cmpint (posts (fixture), ==, 0);
  assert_waiting_offline (order);

  /* Another body under this order's key, before the tablet sends. */
  key = query_text (fixture->store, "SELECT request_id FROM outbox");
  body = query_text (fixture->store, "SELECT body FROM outbox");
  avocados = strstr (body, "\"value\":10}");
  g_assert_nonnull (avocados);
  avocados[9] = '1';
  header = g_strdup_printf ("\"%s\"", key);
  headers[1] = header;
  token = lookup_client_token (fixture->secrets, fixture->ready.url);
  other = supplier_control_call (fixture->control, "POST", "/v1/orders", token, headers, body,
                                 &status);
  secret_password_free (token);
  g_assert_cmpuint (status, ==, 201);

  set_online (fixture, TRUE);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (handla_order_get_attention (order), ==, SAYS_KEY_REUSED);
  g_assert_null (handla_order_get_supplier_id (order));
  g_assert_null (handla_order_get_last_error (order));
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 0);
  g_assert_cmpint (posts (fixture), ==, 2);

  handla_clock_advance (fixture->clock, G_TIME_SPAN_HOUR);
  handla_orders_send_now (fixture->orders);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (posts (fixture), ==, 2);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
  key_after = query_text (fixture->store, "SELECT idempotency_key FROM orders");
  g_assert_cmpstr (key_after, ==, key);
}

/* A line the supplier does not sell: 422 validation_failed, the order
 * needs attention; without that line it goes out with a new key. */
static void
test_outbox_validation_failed (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(HandlaOrderDraft) fixed = draft_for (SLOT, SLOT_START, SLOT_END, SLOT_CUTOFF);
  g_autoptr(GError) error = NULL;

  exec_sql (fixture->store,
            "INSERT INTO product (id, category_id, name, price_ore)"
            " VALUES ('lv-local-1', 'frukt-gront', 'Bara på surfplattan', 1000)");
  put_in_basket (fixture->basket, fixture->catalogue, "lv-local-1", 1);
  order = send_order (fixture);
  g_assert_cmpuint (handla_order_get_n_lines (order), ==, 4);

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (handla_order_get_attention (order), ==, SAYS_NOT_VALID);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  handla_order_draft_set_line_quantity (fixed, "lv-local-1", 0);
  g_assert_true (change_order (fixture->orders, order, fixed, &error));
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);
  g_assert_cmpuint (handla_order_get_n_lines (order), ==, 3);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 2);
}

/* Queued offline past the slot's cutoff: 409 cutoff_passed, in words;
 * with a later slot it goes out with a new key. */
static void
test_outbox_cutoff_passed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(HandlaOrderDraft) later = draft_for (LATER_SLOT, "2026-01-16T10:00:00+01:00",
                                                 "2026-01-16T14:00:00+01:00",
                                                 "2026-01-15T12:00:00+01:00");
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2026-01-14T12:30:00+01:00", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *slot = NULL;

  set_online (fixture, FALSE);
  order = send_order (fixture);
  supplier_control_set_clock (fixture->control, "2026-01-14T12:30:00+01:00");
  handla_clock_set_now (fixture->clock, after);
  set_online (fixture, TRUE);

  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_NEEDS_ATTENTION);
  g_assert_cmpstr (handla_order_get_attention (order), ==, SAYS_TOO_LATE);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  g_assert_true (change_order (fixture->orders, order, later, &error));
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);
  assert_sent_once (fixture, order);
  slot = query_text (fixture->store, "SELECT slot_id FROM orders");
  g_assert_cmpstr (slot, ==, LATER_SLOT);
}

/* 401: the order stays queued and says the tablet must be enrolled
 * again; after that it goes. */
static void
test_outbox_unauthorized (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autofree char *profile = handla_secrets_profile_for_url (fixture->ready.url);
  g_autofree char *code = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The token the supplier knows is lost; the keyring has another. */
  handla_secrets_store_token_async (fixture->secrets, profile,
                                    "revoked-token-revoked-token-revoked-token", NULL,
                                    got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_secrets_store_token_finish (fixture->secrets, result, &error));
  use_new_client (fixture);
  handla_orders_set_client (fixture->orders, fixture->client);

  order = send_order (fixture);
  assert_waiting (order, SAYS_REENROL);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 0);

  code = supplier_control_new_code (fixture->control);
  enrol_client (fixture->client, code);
  handla_orders_send_now (fixture->orders);
  wait_until_idle (fixture->orders);
  assert_sent_once (fixture, order);
}

/* ---- the network, a restart ----------------------------------------------------- */

/* Offline, nothing is tried; the order goes when the network is back. */
static void
test_outbox_offline (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;

  set_online (fixture, FALSE);
  order = send_order (fixture);
  g_assert_false (handla_orders_get_busy (fixture->orders));
  assert_waiting_offline (order);
  handla_orders_send_now (fixture->orders);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (posts (fixture), ==, 0);

  set_online (fixture, TRUE);
  assert_sent_once (fixture, order);
  g_assert_cmpint (posts (fixture), ==, 1);
}

/* A failure backs off; the network coming back does not wait for it. */
static void
test_outbox_network_back (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;

  fault_on_post (fixture, "reset-connection", NULL);
  order = send_order (fixture);
  assert_waiting (order, SAYS_NO_ANSWER);

  set_online (fixture, FALSE);
  set_online (fixture, TRUE);
  assert_sent_once (fixture, order);
}

/* Queued, then the app stops: after a restart the order is queued, and
 * it goes. */
static void
test_outbox_restart (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  gint64 local_id;

  set_online (fixture, FALSE);
  order = send_order (fixture);
  local_id = handla_order_get_local_id (order);
  g_clear_object (&order);
  close_client_and_store (fixture);

  open_store (fixture);
  use_new_client (fixture);
  load_orders (fixture->orders);
  handla_orders_set_client (fixture->orders, fixture->client);
  order = g_list_model_get_item (G_LIST_MODEL (fixture->orders), 0);
  g_assert_cmpint (handla_order_get_local_id (order), ==, local_id);
  assert_waiting_offline (order);

  set_online (fixture, TRUE);
  assert_sent_once (fixture, order);
}

/* ---- changes and cancellations --------------------------------------------------- */

static JsonObject *
supplier_order (Fixture     *fixture,
                HandlaOrder *order,
                JsonNode   **node)
{
  g_autofree char *path = g_strconcat ("/v1/orders/", handla_order_get_supplier_id (order), NULL);
  char *token = lookup_client_token (fixture->secrets, fixture->ready.url);
  guint status = 0;

  *node = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  secret_password_free (token);
  g_assert_cmpuint (status, ==, 200);

  return json_node_get_object (*node);
}

static gint64
supplier_avocados (Fixture     *fixture,
                   HandlaOrder *order)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *lines = json_object_get_array_member (supplier_order (fixture, order, &node), "lines");

  return json_object_get_int_member (json_object_get_object_member (
    json_array_get_object_element (lines, 0), "quantity"), "value");
}

static HandlaOrderDraft *
more_avocados (void)
{
  HandlaOrderDraft *draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, "ssk-1187");

  handla_order_draft_set_line_quantity (draft, "lv320-2", 12);
  return draft;
}

static void
change_sent_order (Fixture     *fixture,
                   HandlaOrder *order)
{
  g_autoptr(HandlaOrderDraft) draft = more_avocados ();
  g_autoptr(GError) error = NULL;

  g_assert_true (change_order (fixture->orders, order, draft, &error));
  g_assert_no_error (error);
  g_assert_true (handla_order_get_change_pending (order));
  wait_until_idle (fixture->orders);
}

static void
test_outbox_change (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  gint64 before = handla_order_get_goods_total (order);

  assert_sent_once (fixture, order);
  change_sent_order (fixture, order);

  g_assert_false (handla_order_get_change_pending (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpint (handla_order_get_goods_total (order), ==, before + 2 * 1400);
  g_assert_cmpint (supplier_avocados (fixture, order), ==, 12);
}

/* The change's answer is lost: the retry gets 412, the order read back
 * carries our change_id, so the change is done. */
static void
test_outbox_change_answer_lost (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  g_autofree char *put = NULL;
  g_autofree char *get = NULL;

  assert_sent_once (fixture, order);
  put = g_strconcat ("PUT /v1/orders/", handla_order_get_supplier_id (order), NULL);
  get = g_strconcat ("GET /v1/orders/", handla_order_get_supplier_id (order), NULL);
  supplier_control_fault (fixture->control, "{\"kind\": \"drop-after-commit\", \"method\": \"PUT\","
                                            " \"path_prefix\": \"/v1/orders/\"}");
  change_sent_order (fixture, order);
  /* A PUT is idempotent: on a reused connection that closes before the
   * answer, libsoup sends it again at once (with its body, see
   * handla-supplier-client.c); otherwise the outbox does, later. */
  if (handla_order_get_change_pending (order))
    {
      g_assert_cmpstr (handla_order_get_last_error (order), ==, SAYS_BAD_ANSWER);
      advance_to_next_try (fixture->clock, fixture->orders, order);
    }

  g_assert_false (handla_order_get_change_pending (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpint (supplier_control_requests (fixture->control, put), ==, 2);
  g_assert_cmpint (supplier_control_requests (fixture->control, get), ==, 1);
  g_assert_cmpint (supplier_avocados (fixture, order), ==, 12);
  g_assert_cmpint (handla_order_get_goods_total (order), ==, 12 * 1400 + 6580 + 2 * 2590);
}

/* Past the cutoff (on the supplier's clock) the change is refused: it is
 * dropped, and the order says it is locked. */
static void
test_outbox_change_locked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);

  assert_sent_once (fixture, order);
  supplier_control_set_clock (fixture->control, "2026-01-14T12:00:00+01:00");
  change_sent_order (fixture, order);

  g_assert_false (handla_order_get_change_pending (order));
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
  g_assert_cmpstr (handla_order_get_attention (order), ==, SAYS_LOCKED);
  g_assert_cmpint (supplier_avocados (fixture, order), ==, 10);
  g_assert_cmpuint (handla_orders_get_n_queued (fixture->orders), ==, 0);
}

static void
test_outbox_cancel (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  assert_sent_once (fixture, order);
  g_assert_true (cancel_order (fixture->orders, order, &error));
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);

  g_assert_cmpstr (handla_order_get_status (order), ==, "cancelled");
  g_assert_false (handla_order_get_change_pending (order));
  g_assert_cmpstr (json_object_get_string_member (supplier_order (fixture, order, &node), "status"),
                   ==, "cancelled");
}

/* Changed and cancelled while still queued offline: the rows go in order
 * when the network is back. */
static void
test_outbox_in_order (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(HandlaOrderDraft) draft = more_avocados ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *held;

  set_online (fixture, FALSE);
  order = send_order (fixture);
  g_assert_true (change_order (fixture->orders, order, draft, &error));
  g_assert_true (cancel_order (fixture->orders, order, &error));
  g_assert_no_error (error);
  g_assert_true (handla_order_get_change_pending (order));

  set_online (fixture, TRUE);
  g_assert_cmpstr (handla_order_get_status (order), ==, "cancelled");
  g_assert_false (handla_order_get_change_pending (order));
  held = supplier_order (fixture, order, &node);
  g_assert_cmpstr (json_object_get_string_member (held, "status"), ==, "cancelled");
  g_assert_nonnull (json_object_get_string_member (held, "last_change_id"));
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders"), ==, 1);
}

/* ---- following an order ------------------------------------------------------------ */

/* Moves the order at the supplier (its control endpoint) as @body says. */
static void
advance_order (Fixture     *fixture,
               HandlaOrder *order,
               const char  *body)
{
  g_autofree char *path = g_strdup_printf ("/control/orders/%s/advance",
                                           handla_order_get_supplier_id (order));
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = supplier_control_call (fixture->control, "POST", path, NULL, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

static gboolean
refresh_order (Fixture      *fixture,
               HandlaOrder  *order,
               GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_orders_refresh_async (fixture->orders, order, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_orders_refresh_finish (fixture->orders, result, error);
}

static void
refresh_ok (Fixture     *fixture,
            HandlaOrder *order)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (refresh_order (fixture, order, &error));
  g_assert_no_error (error);
}

static gint64
order_gets (Fixture     *fixture,
            HandlaOrder *order)
{
  g_autofree char *counter = g_strconcat ("GET /v1/orders/", handla_order_get_supplier_id (order),
                                          NULL);

  return supplier_control_requests (fixture->control, counter);
}

static HandlaOrderLine *
order_line (HandlaOrder *order,
            guint        position)
{
  HandlaOrderLine *line = g_list_model_get_item (handla_order_get_lines (order), position);

  g_assert_nonnull (line);
  g_object_unref (line);  /* the order's model keeps it */
  return line;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

/* Sent, then confirmed by the supplier: the refresh says so. */
static void
test_follow_confirmed (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);

  assert_sent_once (fixture, order);
  g_assert_cmpuint (g_list_model_get_n_items (handla_order_get_lines (order)), ==, 3);
  g_assert_cmpint (handla_order_line_get_picking (order_line (order, 0)), ==, HANDLA_PICKING_NONE);
  g_assert_true (handla_order_is_open (order));

  advance_order (fixture, order, "{\"to\": \"confirmed\"}");
  refresh_ok (fixture, order);
  g_assert_cmpstr (handla_order_get_status (order), ==, "confirmed");
  g_assert_cmpint (order_gets (fixture, order), ==, 1);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
}

/* Picked with a substitute and a missing line, then on its way with a
 * planned window: the lines and the order say so. */
static void
test_follow_picking (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  g_autoptr(GDateTime) planned_start = g_date_time_new_from_iso8601 (SLOT_START, NULL);
  g_autoptr(GDateTime) planned_end = g_date_time_add_hours (planned_start, 1);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) node = NULL;
  HandlaOrderLine *line;
  guint lines_changed = 0;

  assert_sent_once (fixture, order);
  g_signal_connect (order, "notify::lines", G_CALLBACK (count_cb), &lines_changed);
  supplier_control_set_clock (fixture->control, "2026-01-15T07:00:00+01:00");
  advance_order (fixture, order,
                 "{\"to\": \"picking\", \"substitute\": {\"line\": 0, \"product_id\": "
                 "\"lv320-1\"}, \"missing\": [2], \"message\": \"Vi ringde enheten.\"}");
  refresh_ok (fixture, order);

  g_assert_cmpstr (handla_order_get_status (order), ==, "picking");
  g_assert_cmpuint (lines_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (handla_order_get_lines (order)), ==, 3);

  line = order_line (order, 0);
  g_assert_cmpstr (handla_order_line_get_product_id (line), ==, "lv320-2");
  g_assert_cmpint (handla_order_line_get_picking (line), ==, HANDLA_PICKING_SUBSTITUTED);
  g_assert_cmpstr (handla_order_line_get_substitute_name (line), ==, "Avokado");
  /* lv320-1 is on offer: 20,95 kr, ten of them. */
  g_assert_cmpint (handla_order_line_get_substitute_price (line), ==, 2095);
  g_assert_cmpint (handla_order_line_get_amount (line), ==, 10 * 2095);

  line = order_line (order, 1);
  g_assert_cmpint (handla_order_line_get_picking (line), ==, HANDLA_PICKING_FOUND);
  g_assert_cmpuint (handla_order_line_get_picked_quantity (line), ==, 2000);
  g_assert_null (handla_order_line_get_substitute_name (line));

  line = order_line (order, 2);
  g_assert_cmpstr (handla_order_line_get_product_id (line), ==, "lv2218-1");
  g_assert_cmpint (handla_order_line_get_picking (line), ==, HANDLA_PICKING_MISSING);
  g_assert_cmpint (handla_order_line_get_amount (line), ==, 0);

  g_assert_cmpint (handla_order_get_goods_total (order), ==,
                   json_object_get_int_member (json_object_get_object_member (
                     supplier_order (fixture, order, &node), "totals"), "goods_ore"));
  g_assert_cmpstr (handla_order_get_message (order), ==, "Vi ringde enheten.");
  now = handla_clock_get_now (fixture->clock);
  g_assert_cmpint (handla_order_get_lock (order, now), ==, HANDLA_ORDER_LOCK_STARTED);
  g_assert_false (handla_order_can_change (order, now));
  g_assert_null (handla_order_get_planned_start (order));

  advance_order (fixture, order, "{\"to\": \"on_its_way\"}");
  refresh_ok (fixture, order);
  g_assert_cmpstr (handla_order_get_status (order), ==, "on_its_way");
  g_assert_true (g_date_time_equal (handla_order_get_planned_start (order), planned_start));
  g_assert_true (g_date_time_equal (handla_order_get_planned_end (order), planned_end));
  g_assert_true (handla_order_get_totals_final (order));
  /* The picking results stay. */
  g_assert_cmpint (handla_order_line_get_picking (order_line (order, 2)), ==,
                   HANDLA_PICKING_MISSING);

  /* And they survive a restart of the tablet. */
  close_client_and_store (fixture);
  g_clear_object (&order);
  open_store (fixture);
  load_orders (fixture->orders);
  order = g_list_model_get_item (G_LIST_MODEL (fixture->orders), 0);
  g_assert_cmpint (handla_order_line_get_picking (order_line (order, 0)), ==,
                   HANDLA_PICKING_SUBSTITUTED);
  g_assert_cmpstr (handla_order_line_get_substitute_name (order_line (order, 0)), ==, "Avokado");
  g_assert_nonnull (handla_order_get_planned_start (order));
  use_new_client (fixture);
}

/* An order that did not change costs a 304, and changes nothing. */
static void
test_follow_not_modified (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  guint notified = 0;

  assert_sent_once (fixture, order);
  advance_order (fixture, order, "{\"to\": \"confirmed\"}");
  refresh_ok (fixture, order);
  g_assert_cmpstr (handla_order_get_status (order), ==, "confirmed");
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders_not_modified"), ==, 0);

  g_signal_connect (order, "notify", G_CALLBACK (count_cb), &notified);
  refresh_ok (fixture, order);
  g_assert_cmpint (order_gets (fixture, order), ==, 2);
  g_assert_cmpint (supplier_control_stat (fixture->control, "orders_not_modified"), ==, 1);
  g_assert_cmpuint (notified, ==, 0);
  g_assert_cmpstr (handla_order_get_status (order), ==, "confirmed");
}

/* Until the cutoff the order can change, with the time left; from the
 * cutoff (on both clocks) it cannot, and a cancellation is refused at
 * once. */
static void
test_follow_cutoff (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 (SLOT_CUTOFF, NULL);
  g_autoptr(GDateTime) now = handla_clock_get_now (fixture->clock);
  g_autoptr(GError) error = NULL;

  assert_sent_once (fixture, order);
  g_assert_true (handla_order_can_change (order, now));
  g_assert_cmpint (handla_order_get_lock (order, now), ==, HANDLA_ORDER_LOCK_NONE);
  /* Monday 09:00 to Wednesday 12:00. */
  g_assert_cmpint (handla_order_get_time_left (order, now), ==,
                   2 * G_TIME_SPAN_DAY + 3 * G_TIME_SPAN_HOUR);

  supplier_control_set_clock (fixture->control, SLOT_CUTOFF);
  handla_clock_set_now (fixture->clock, cutoff);
  refresh_ok (fixture, order);
  g_clear_pointer (&now, g_date_time_unref);
  now = handla_clock_get_now (fixture->clock);
  g_assert_false (handla_order_can_change (order, now));
  g_assert_cmpint (handla_order_get_lock (order, now), ==, HANDLA_ORDER_LOCK_CUTOFF);
  g_assert_cmpint (handla_order_get_time_left (order, now), ==, 0);

  g_assert_false (cancel_order (fixture->orders, order, &error));
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE);
  g_assert_false (handla_order_get_change_pending (order));
}

/* A change waits in the outbox (the supplier is closed for maintenance)
 * while the supplier confirms the order: the refresh does not overwrite
 * the change; the change then meets 412, is sent again on the new
 * version, and the order ends as the supplier has it. */
static void
test_follow_change_pending (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  g_autoptr(HandlaOrderDraft) draft = more_avocados ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *put = NULL;

  assert_sent_once (fixture, order);
  put = g_strconcat ("PUT /v1/orders/", handla_order_get_supplier_id (order), NULL);
  supplier_control_fault (fixture->control, "{\"kind\": \"503\", \"method\": \"PUT\","
                                            " \"path_prefix\": \"/v1/orders/\", \"retry_after\": 7}");
  g_assert_true (change_order (fixture->orders, order, draft, &error));
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);
  g_assert_true (handla_order_get_change_pending (order));
  g_assert_cmpstr (handla_order_get_last_error (order), ==, SAYS_CLOSED_7);

  advance_order (fixture, order, "{\"to\": \"confirmed\"}");
  refresh_ok (fixture, order);
  g_assert_cmpint (order_gets (fixture, order), ==, 1);
  /* Not stored: the change waits, on the version it was made against. */
  g_assert_cmpstr (handla_order_get_status (order), ==, "received");
  g_assert_true (handla_order_get_change_pending (order));
  g_assert_cmpuint (handla_order_line_get_quantity (order_line (order, 0)), ==, 10);

  /* 412 on the old version, GET, and the change again on the new one; a
   * changed order goes back to "received" at the supplier. */
  advance_to_next_try (fixture->clock, fixture->orders, order);
  g_assert_false (handla_order_get_change_pending (order));
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpint (supplier_control_requests (fixture->control, put), ==, 3);
  g_assert_cmpint (order_gets (fixture, order), ==, 2);
  g_assert_cmpstr (handla_order_get_status (order), ==,
                   json_object_get_string_member (supplier_order (fixture, order, &node),
                                                  "status"));
  g_assert_cmpint (supplier_avocados (fixture, order), ==, 12);
  g_assert_cmpuint (handla_order_line_get_quantity (order_line (order, 0)), ==, 12);
}

/* Following the customer: the open order is refreshed every five minutes
 * on the tablet's clock and when the network comes back. */
static void
test_follow_timer (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = send_order (fixture);
  gint64 gets;

  assert_sent_once (fixture, order);
  handla_orders_follow (fixture->orders, CUSTOMER);
  while (order_gets (fixture, order) < 1)
    g_main_context_iteration (NULL, TRUE);
  wait_until_idle (fixture->orders);
  store_barrier (fixture->store);

  advance_order (fixture, order, "{\"to\": \"confirmed\"}");
  gets = order_gets (fixture, order);
  handla_clock_advance (fixture->clock, 4 * G_TIME_SPAN_MINUTE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (order_gets (fixture, order), ==, gets);
  handla_clock_advance (fixture->clock, G_TIME_SPAN_MINUTE);
  while (g_strcmp0 (handla_order_get_status (order), "confirmed") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (order_gets (fixture, order), ==, gets + 1);

  /* Offline nothing is asked; back online, at once. */
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  advance_order (fixture, order, "{\"to\": \"picking\"}");
  handla_clock_advance (fixture->clock, 10 * G_TIME_SPAN_MINUTE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (handla_order_get_status (order), ==, "confirmed");
  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  while (g_strcmp0 (handla_order_get_status (order), "picking") != 0)
    g_main_context_iteration (NULL, TRUE);

  handla_orders_follow (fixture->orders, NULL);
}

/* ---- main ------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = use_test_keyring ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/outbox/fault/drop-after-commit", test_outbox_drop_after_commit);
  ADD ("/handla/outbox/fault/delay", test_outbox_delay);
  ADD ("/handla/outbox/fault/500", test_outbox_500);
  ADD ("/handla/outbox/fault/503", test_outbox_503);
  ADD ("/handla/outbox/fault/429", test_outbox_429);
  ADD ("/handla/outbox/fault/truncated-body", test_outbox_truncated_body);
  ADD ("/handla/outbox/fault/wrong-content-type", test_outbox_wrong_content_type);
  ADD ("/handla/outbox/fault/reset-connection", test_outbox_reset_connection);
  ADD ("/handla/outbox/refused/key-reused", test_outbox_key_reused);
  ADD ("/handla/outbox/refused/validation-failed", test_outbox_validation_failed);
  ADD ("/handla/outbox/refused/cutoff-passed", test_outbox_cutoff_passed);
  ADD ("/handla/outbox/unauthorized", test_outbox_unauthorized);
  ADD ("/handla/outbox/offline", test_outbox_offline);
  ADD ("/handla/outbox/network-back", test_outbox_network_back);
  ADD ("/handla/outbox/restart", test_outbox_restart);
  ADD ("/handla/outbox/change", test_outbox_change);
  ADD ("/handla/outbox/change-answer-lost", test_outbox_change_answer_lost);
  ADD ("/handla/outbox/change-locked", test_outbox_change_locked);
  ADD ("/handla/outbox/cancel", test_outbox_cancel);
  ADD ("/handla/outbox/in-order", test_outbox_in_order);
  ADD ("/handla/outbox/follow/confirmed", test_follow_confirmed);
  ADD ("/handla/outbox/follow/picking", test_follow_picking);
  ADD ("/handla/outbox/follow/not-modified", test_follow_not_modified);
  ADD ("/handla/outbox/follow/cutoff", test_follow_cutoff);
  ADD ("/handla/outbox/follow/change-pending", test_follow_change_pending);
  ADD ("/handla/outbox/follow/timer", test_follow_timer);

#undef ADD

  status = g_test_run ();
  remove_tree (keyring_dir);

  return status;
}
