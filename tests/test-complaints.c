/* test-complaints.c — the delivery check against the real supplier: a
 * complaint sent exactly once through the outbox, its answer on the order,
 * and the carer's delivery note kept on the tablet
 *
 * Each test starts the real handla-supplier (HANDLA_SUPPLIER --demo
 * --control) on loopback TLS with its clock stopped on Monday 12 January
 * 2026, 09:00, and the client under test on a real store whose fake
 * HandlaClock stands at the same time. An order is sent, and the
 * supplier's control endpoint walks it to "delivered"; the tests then
 * check the delivery with handla_orders_check_delivery_async(). Backoff
 * waits are on the fake clock: the tests move it instead of sleeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "outbox-supplier.h"
#include "outbox-test-util.h"
#include "test-monitor.h"

#define CUSTOMER     "c-1001"
#define CARER        "ssk-1187"
#define SUPPLIER_NOW "2026-01-12T09:00:00+01:00"
/* Thursday 15 January 2026, 10–14; cutoff Wednesday 12:00. */
#define SLOT        "s-20260115-1014"
#define SLOT_START  "2026-01-15T10:00:00+01:00"
#define SLOT_END    "2026-01-15T14:00:00+01:00"
#define SLOT_CUTOFF "2026-01-14T12:00:00+01:00"

#define AVOCADO "lv320-2"
#define ORANGES "lv551-1"
#define DRINK   "lv2218-1"

#define NOTE    "Kylvarorna in i kylen 14.05."

/* What the carer is told, word for word (LANGUAGE is unset: English). */
#define SAYS_BAD_ANSWER  "The supplier’s answer was incomplete. Handla will ask again."
#define SAYS_TOO_LATE    "The supplier did not take the complaint: the time for complaints " \
                         "has passed. The unit can call the supplier."

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

/* ---- fixture -------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const args[] = { "--demo", "--control", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_NOW, NULL);
  g_autofree char *supplier_dir = NULL;
  g_autoptr(GError) error = NULL;

  fixture->state_dir = g_dir_make_tmp ("handla-complaints-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->db_path = g_build_filename (fixture->state_dir, "handla.db", NULL);
  supplier_dir = g_build_filename (fixture->state_dir, "supplier", NULL);

  fixture->process = supplier_process_start (supplier_dir, args, &fixture->ready);
  fixture->control = supplier_control_new (&fixture->ready);
  supplier_control_set_clock (fixture->control, SUPPLIER_NOW);

  fixture->clock = handla_clock_new_fake (now);
  open_tablet (fixture->db_path, fixture->clock, CUSTOMER, &fixture->store, &fixture->catalogue,
               &fixture->basket, &fixture->orders);
  insert_customer (fixture->store, CUSTOMER);
  import_demo_catalogue (fixture->catalogue);
  reload_basket (fixture->basket);
  load_orders (fixture->orders);

  fixture->secrets = handla_secrets_new ();
  fixture->monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  fixture->client = handla_supplier_client_new (fixture->catalogue, fixture->secrets,
                                                fixture->ready.url, fixture->ready.ca_file,
                                                fixture->monitor, &error);
  g_assert_no_error (error);
  enrol_client (fixture->client, fixture->ready.enrolment_code);
  handla_orders_set_client (fixture->orders, fixture->client);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* The client holds the catalogue: it goes first. */
  handla_orders_set_client (fixture->orders, NULL);
  g_assert_finalize_object (g_steal_pointer (&fixture->client));
  close_tablet (&fixture->store, &fixture->catalogue, &fixture->basket, &fixture->orders);
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

/* ---- helpers ---------------------------------------------------------------- */

static void
control_post (Fixture    *fixture,
              const char *path,
              const char *body)
{
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  node = supplier_control_call (fixture->control, "POST", path, NULL, NULL, body, &status);
  g_assert_cmpuint (status, ==, 200);
}

static void
refresh (Fixture     *fixture,
         HandlaOrder *order)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_orders_refresh_async (fixture->orders, order, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_orders_refresh_finish (fixture->orders, result, &error));
  g_assert_no_error (error);
}

/* Sends an order of three lines and has the supplier deliver it. */
static HandlaOrder *
delivered_order (Fixture *fixture)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (SLOT_START, NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (SLOT_END, NULL);
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 (SLOT_CUTOFF, NULL);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, CARER);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  HandlaOrder *order;

  handla_order_draft_set_slot (draft, SLOT, NULL, start, end, cutoff);
  put_in_basket (fixture->basket, fixture->catalogue, AVOCADO, 10);
  put_in_basket (fixture->basket, fixture->catalogue, ORANGES, 2000);
  put_in_basket (fixture->basket, fixture->catalogue, DRINK, 2);
  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);

  path = g_strdup_printf ("/control/orders/%s/advance", handla_order_get_supplier_id (order));
  control_post (fixture, path, "{\"to\": \"delivered\"}");
  refresh (fixture, order);
  g_assert_true (handla_order_is_delivered (order));
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_NONE);
  g_assert_false (handla_order_is_followed (order));

  return order;
}

static gboolean
check_delivery (Fixture              *fixture,
                HandlaOrder          *order,
                HandlaDeliveryCheck  *check,
                GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  handla_orders_check_delivery_async (fixture->orders, order, check, NULL, got_result_cb, &result);
  wait_for (&result);
  ok = handla_orders_check_delivery_finish (fixture->orders, result, error);
  wait_until_idle (fixture->orders);

  return ok;
}

/* The avocados missing with a note, the drinks damaged; the note. */
static HandlaDeliveryCheck *
check_with_problems (void)
{
  HandlaDeliveryCheck *check = handla_delivery_check_new (CARER);

  handla_delivery_check_set_line (check, AVOCADO, HANDLA_DELIVERY_MISSING, "  Hela påsen saknas. ");
  handla_delivery_check_set_line (check, DRINK, HANDLA_DELIVERY_DAMAGED, NULL);
  handla_delivery_check_set_line (check, ORANGES, HANDLA_DELIVERY_ARRIVED, "ignored");
  handla_delivery_check_set_note (check, NOTE);

  return check;
}

static char *
complaints_path (HandlaOrder *order)
{
  return g_strdup_printf ("POST /v1/orders/%s/complaints", handla_order_get_supplier_id (order));
}

static gint64
complaint_posts (Fixture     *fixture,
                 HandlaOrder *order)
{
  g_autofree char *counter = complaints_path (order);

  return supplier_control_requests (fixture->control, counter);
}

/* The supplier holds exactly one complaint on @order: ours, as checked. */
static void
assert_one_complaint (Fixture     *fixture,
                      HandlaOrder *order)
{
  char *token = lookup_client_token (fixture->secrets, fixture->ready.url);
  g_autofree char *path = g_strconcat ("/v1/orders/", handla_order_get_supplier_id (order), NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *outbox = NULL;
  JsonArray *complaints, *lines;
  JsonObject *complaint;
  guint status = 0;

  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 1);
  node = supplier_control_call (fixture->control, "GET", path, token, NULL, NULL, &status);
  secret_password_free (token);
  g_assert_cmpuint (status, ==, 200);
  complaints = json_object_get_array_member (json_node_get_object (node), "complaints");
  g_assert_cmpuint (json_array_get_length (complaints), ==, 1);
  complaint = json_array_get_object_element (complaints, 0);
  g_assert_cmpstr (json_object_get_string_member (complaint, "carer_id"), ==, CARER);
  g_assert_cmpstr (json_object_get_string_member (complaint, "note"), ==, NOTE);
  lines = json_object_get_array_member (complaint, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "product_id"),
                   ==, AVOCADO);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "problem"),
                   ==, "missing");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 0), "note"),
                   ==, "Hela påsen saknas.");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lines, 1), "problem"),
                   ==, "damaged");

  outbox = query_text (fixture->store, "SELECT count (*) FROM outbox");
  g_assert_cmpstr (outbox, ==, "0");
}

/* ---- tests ---------------------------------------------------------------- */

/* Two lines complained about, sent once; the answer (a credit) comes
 * with the order on the next refresh; the note stays on the tablet. */
static void
test_complaints_send_and_answer (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = delivered_order (fixture);
  g_autoptr(HandlaDeliveryCheck) check = check_with_problems ();
  g_autoptr(GError) error = NULL;
  g_autofree char *answer_path = NULL;
  g_autofree char *state = NULL;
  HandlaOrderLine *line;

  g_assert_true (check_delivery (fixture, order, check, &error));
  g_assert_no_error (error);

  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_SENT);
  g_assert_null (handla_order_get_complaint_problem (order));
  g_assert_cmpstr (handla_order_get_delivery_note (order), ==, NOTE);
  g_assert_true (handla_order_is_followed (order));
  line = g_list_model_get_item (handla_order_get_lines (order), 0);
  g_assert_cmpint (handla_order_line_get_complaint (line), ==, HANDLA_DELIVERY_MISSING);
  g_assert_cmpstr (handla_order_line_get_complaint_note (line), ==, "Hela påsen saknas.");
  g_object_unref (line);
  line = g_list_model_get_item (handla_order_get_lines (order), 1);
  g_assert_cmpint (handla_order_line_get_complaint (line), ==, HANDLA_DELIVERY_ARRIVED);
  g_object_unref (line);
  assert_one_complaint (fixture, order);
  g_assert_cmpint (complaint_posts (fixture, order), ==, 1);
  state = query_text (fixture->store, "SELECT state || ' ' || supplier_id FROM complaint");
  g_assert_true (g_str_has_prefix (state, "sent k-"));

  /* The refresh before the answer changes nothing of the complaint. */
  refresh (fixture, order);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_SENT);
  g_assert_null (handla_order_get_complaint_answer (order));

  answer_path = g_strdup_printf ("/control/orders/%s/complaints/%s/answer",
                                 handla_order_get_supplier_id (order), state + strlen ("sent "));
  control_post (fixture, answer_path, "{\"resolution\": \"credit\", \"text\": \"Vi beklagar.\"}");
  refresh (fixture, order);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_ANSWERED);
  g_assert_cmpstr (handla_order_get_complaint_answer (order), ==, "Vi beklagar.");
  g_assert_cmpstr (handla_order_get_complaint_resolution (order), ==, "credit");
  /* Ten avocados at 14,00 kr and two drinks at 25,90 kr. */
  g_assert_cmpint (handla_order_get_complaint_credit (order), ==, 10 * 1400 + 2 * 2590);
  g_assert_false (handla_order_is_followed (order));
  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 1);
}

/* The supplier commits the complaint and drops the answer: the retry
 * with the same key finds the same complaint, and says why meanwhile. */
static void
test_complaints_drop_after_commit (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = delivered_order (fixture);
  g_autoptr(HandlaDeliveryCheck) check = check_with_problems ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fault = g_strdup_printf ("{\"kind\": \"drop-after-commit\", \"method\": \"POST\","
                                            " \"path_prefix\": \"/v1/orders/%s/complaints\"}",
                                            handla_order_get_supplier_id (order));

  supplier_control_fault (fixture->control, fault);
  g_assert_true (check_delivery (fixture, order, check, &error));
  g_assert_no_error (error);

  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_QUEUED);
  g_assert_cmpstr (handla_order_get_complaint_problem (order), ==, SAYS_BAD_ANSWER);
  /* The order itself is not waiting for anything. */
  g_assert_null (handla_order_get_last_error (order));
  g_assert_false (handla_order_get_change_pending (order));
  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 1);
  g_assert_cmpint (complaint_posts (fixture, order), ==, 1);

  /* Past the longest first backoff: the worker tries again, same key. */
  handla_clock_advance (fixture->clock, 10 * G_TIME_SPAN_SECOND);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_SENT);
  g_assert_null (handla_order_get_complaint_problem (order));
  g_assert_cmpint (complaint_posts (fixture, order), ==, 2);
  assert_one_complaint (fixture, order);
}

/* Offline the complaint is kept and nothing is tried; it goes, once,
 * when the network is back. */
static void
test_complaints_offline (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = delivered_order (fixture);
  g_autoptr(HandlaDeliveryCheck) check = check_with_problems ();
  g_autoptr(GError) error = NULL;

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), FALSE);
  wait_until_idle (fixture->orders);
  g_assert_true (check_delivery (fixture, order, check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_QUEUED);
  g_assert_null (handla_order_get_complaint_problem (order));
  g_assert_cmpint (complaint_posts (fixture, order), ==, 0);

  test_monitor_set_available (TEST_MONITOR (fixture->monitor), TRUE);
  wait_until_idle (fixture->orders);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_SENT);
  g_assert_cmpint (complaint_posts (fixture, order), ==, 1);
  assert_one_complaint (fixture, order);
}

/* After the supplier's complaint window the complaint needs attention,
 * in words; the order itself stands. */
static void
test_complaints_too_late (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(HandlaOrder) order = delivered_order (fixture);
  g_autoptr(HandlaDeliveryCheck) check = check_with_problems ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = handla_clock_get_now (fixture->clock);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 8);
  g_autofree char *later_text = g_date_time_format_iso8601 (later);
  g_autofree char *outbox = NULL;

  supplier_control_set_clock (fixture->control, later_text);
  g_assert_true (check_delivery (fixture, order, check, &error));
  g_assert_no_error (error);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==,
                   HANDLA_COMPLAINT_NEEDS_ATTENTION);
  g_assert_cmpstr (handla_order_get_complaint_problem (order), ==, SAYS_TOO_LATE);
  g_assert_cmpint (handla_order_get_state (order), ==, HANDLA_ORDER_STATE_SENT);
  g_assert_null (handla_order_get_attention (order));
  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 0);
  outbox = query_text (fixture->store, "SELECT count (*) FROM outbox");
  g_assert_cmpstr (outbox, ==, "0");
}

/* Everything arrived: only the note is kept, nothing is sent. An order
 * not yet delivered takes a note but no complaint. */
static void
test_complaints_note_only (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (SLOT_START, NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (SLOT_END, NULL);
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 (SLOT_CUTOFF, NULL);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_TOGETHER, CARER);
  g_autoptr(HandlaDeliveryCheck) check = handla_delivery_check_new (CARER);
  g_autoptr(HandlaDeliveryCheck) problems = check_with_problems ();
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *complaints = NULL;

  handla_order_draft_set_slot (draft, SLOT, NULL, start, end, cutoff);
  put_in_basket (fixture->basket, fixture->catalogue, AVOCADO, 20);
  order = send_basket (fixture->orders, fixture->basket, draft, &error);
  g_assert_no_error (error);
  wait_until_idle (fixture->orders);

  g_assert_false (check_delivery (fixture, order, problems, &error));
  g_assert_error (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_DELIVERED);
  g_clear_error (&error);
  g_assert_null (handla_order_get_delivery_note (order));

  handla_delivery_check_set_note (check, "   ");
  g_assert_null (handla_delivery_check_get_note (check));
  handla_delivery_check_set_note (check, NOTE);
  g_assert_true (check_delivery (fixture, order, check, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (handla_order_get_delivery_note (order), ==, NOTE);
  g_assert_cmpint (handla_order_get_complaint_state (order), ==, HANDLA_COMPLAINT_NONE);
  complaints = query_text (fixture->store, "SELECT count (*) FROM complaint");
  g_assert_cmpstr (complaints, ==, "0");
  g_assert_cmpint (supplier_control_stat (fixture->control, "complaints_created"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring = use_test_keyring ();
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/complaints/send-and-answer", test_complaints_send_and_answer);
  ADD ("/handla/complaints/drop-after-commit", test_complaints_drop_after_commit);
  ADD ("/handla/complaints/offline", test_complaints_offline);
  ADD ("/handla/complaints/too-late", test_complaints_too_late);
  ADD ("/handla/complaints/note-only", test_complaints_note_only);

#undef ADD

  status = g_test_run ();
  remove_tree (keyring);

  return status;
}
