/* test-basket-sync.c — two tablets share a customer's basket through the
 * real supplier
 *
 * Each test starts the real handla-supplier (HANDLA_SUPPLIER, --demo
 * --control) and two tablets, each with its own store, fake clock,
 * network monitor, supplier client, HandlaBasket and HandlaBasketSync,
 * both enrolled with the unit and working on Anna K.'s (c-1001) basket.
 * One keyring file serves both: tablet A knows the supplier as
 * https://127.0.0.1:PORT and tablet B as https://localhost:PORT, so each
 * has its own profile (the supplier's certificate names both).
 *
 * Nothing sleeps: the clocks are moved to fire the delay before sending
 * and the backoff, and the main context spins until a signal came.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "handla-core.h"
#include "supplier-control.h"
#include "supplier-process.h"
#include "test-monitor.h"
#include "test-util.h"

#define ANNA        "c-1001"
#define OTHER_UNIT  "c-9001"
#define BASKET_PUT  "PUT /v1/customers/c-1001/basket"
#define BASKET_GET  "GET /v1/customers/c-1001/basket"

/* Demo catalogue products: pieces, and one sold by weight. */
#define MILK    "lv550-1"
#define BREAD   "lv320-1"
#define BUTTER  "lv4941-1"
#define COLA    "lv379-1"
#define JUICE   "lv554-1"
#define APPLES  "lv551-1"

typedef struct
{
  char                 *name;
  HandlaStore          *store;
  HandlaClock          *clock;
  HandlaCatalogue      *catalogue;
  TestMonitor          *monitor;
  HandlaSupplierClient *client;
  HandlaBasket         *basket;
  HandlaBasketSync     *sync;
  GString              *events;     /* "synced:ID merged:ID …" as they came */
  HandlaBasketMerge    *merge;      /* the last ::merged */
  GError               *failure;    /* the last ::sync-failed */
} Tablet;

typedef struct
{
  char          *state_dir;
  SupplierProcess *process;
  SupplierReady  ready;
  SupplierControl *control;
  HandlaSecrets *secrets;
  Tablet         a;
  Tablet         b;
} Fixture;

/* ---- signals ------------------------------------------------------------- */

static void
synced_cb (HandlaBasketSync *sync,
           const char       *customer_id,
           Tablet           *tablet)
{
  g_string_append_printf (tablet->events, "synced:%s ", customer_id);
}

static void
merged_cb (HandlaBasketSync  *sync,
           const char        *customer_id,
           HandlaBasketMerge *merge,
           Tablet            *tablet)
{
  g_string_append_printf (tablet->events, "merged:%s ", customer_id);
  g_clear_pointer (&tablet->merge, handla_basket_merge_unref);
  tablet->merge = handla_basket_merge_ref (merge);
}

static void
sync_postponed_cb (HandlaBasketSync *sync,
                   const char       *customer_id,
                   const GError     *error,
                   Tablet           *tablet)
{
  g_string_append_printf (tablet->events, "postponed:%s ", customer_id);
}

static void
sync_failed_cb (HandlaBasketSync *sync,
                const char       *customer_id,
                const GError     *error,
                Tablet           *tablet)
{
  g_string_append_printf (tablet->events, "failed:%s ", customer_id);
  g_clear_error (&tablet->failure);
  tablet->failure = g_error_copy (error);
}

/* Spins until @tablet's events end with @event, then forgets them. */
static void
wait_for_event (Tablet     *tablet,
                const char *event)
{
  g_autofree char *suffix = g_strconcat (event, " ", NULL);

  while (!g_str_has_suffix (tablet->events->str, suffix))
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%s: %s", tablet->name, tablet->events->str);
  g_string_truncate (tablet->events, 0);
}

/* Spins until @tablet's events end in "synced", moving its clock past the
 * backoff after each "postponed"; returns how many there were. */
static guint
wait_through_backoff (Tablet *tablet)
{
  guint postponed = 0;

  while (!g_str_has_suffix (tablet->events->str, "synced:" ANNA " "))
    {
      if (g_str_has_suffix (tablet->events->str, "postponed:" ANNA " "))
        {
          g_test_message ("%s: %s", tablet->name, tablet->events->str);
          g_string_truncate (tablet->events, 0);
          postponed++;
          handla_clock_advance (tablet->clock, 10 * G_TIME_SPAN_MINUTE);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_string_truncate (tablet->events, 0);

  return postponed;
}

/* ---- a tablet ----------------------------------------------------------------- */

static gpointer
add_anna_job (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT INTO customer (id, display_name) VALUES"
                             " ('" ANNA "', 'Anna K.'), ('" OTHER_UNIT "', 'Olle P.')",
                             error);
  if (stmt == NULL || !handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
enrol (Tablet     *tablet,
       const char *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_supplier_client_enrol_async (tablet->client, code, tablet->name, NULL,
                                      got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_supplier_client_enrol_finish (tablet->client, result, &error));
  g_assert_no_error (error);
}

static void
tablet_set_up (Fixture    *fixture,
               Tablet     *tablet,
               const char *name,
               const char *base_url,
               const char *code)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2025, 11, 24, 8, 0, 0);
  g_autofree char *path = g_strdup_printf ("%s/%s.db", fixture->state_dir, name);
  g_autoptr(GBytes) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  tablet->name = g_strdup (name);
  tablet->events = g_string_new (NULL);
  tablet->clock = handla_clock_new_fake (start);
  tablet->store = handla_store_new (path);
  tablet->catalogue = handla_catalogue_new (tablet->store, tablet->clock);

  g_file_get_contents (g_getenv ("HANDLA_DEMO_CATALOGUE"), &contents, &length, &error);
  g_assert_no_error (error);
  catalogue = g_bytes_new_take (contents, length);
  g_assert_true (handla_catalogue_import_sync (tablet->catalogue, catalogue, NULL, &error));
  g_assert_no_error (error);
  handla_store_run_sync (tablet->store, add_anna_job, NULL, NULL, &error);
  g_assert_no_error (error);

  tablet->monitor = test_monitor_new ();
  tablet->client = handla_supplier_client_new (tablet->catalogue, fixture->secrets, base_url,
                                               fixture->ready.ca_file,
                                               G_NETWORK_MONITOR (tablet->monitor), &error);
  g_assert_no_error (error);
  enrol (tablet, code);

  tablet->basket = handla_basket_new (tablet->store, tablet->clock, ANNA);
  load_basket (tablet->basket);

  tablet->sync = handla_basket_sync_new (tablet->store, tablet->clock, tablet->client);
  g_signal_connect (tablet->sync, "synced", G_CALLBACK (synced_cb), tablet);
  g_signal_connect (tablet->sync, "merged", G_CALLBACK (merged_cb), tablet);
  g_signal_connect (tablet->sync, "sync-postponed", G_CALLBACK (sync_postponed_cb), tablet);
  g_signal_connect (tablet->sync, "sync-failed", G_CALLBACK (sync_failed_cb), tablet);
}

static void
tablet_tear_down (Tablet *tablet)
{
  flush_basket (tablet->basket);
  g_signal_handlers_disconnect_by_data (tablet->sync, tablet);
  g_assert_finalize_object (tablet->sync);
  g_assert_finalize_object (tablet->basket);
  g_assert_finalize_object (tablet->client);
  handla_store_close (tablet->store);
  g_assert_finalize_object (tablet->catalogue);
  g_assert_finalize_object (tablet->store);
  g_assert_finalize_object (tablet->monitor);
  g_assert_finalize_object (tablet->clock);
  g_string_free (tablet->events, TRUE);
  g_clear_pointer (&tablet->merge, handla_basket_merge_unref);
  g_clear_error (&tablet->failure);
  g_free (tablet->name);
}

/* Sets the time of @tablet's clock to HH:MM in Stockholm on 24 November
 * 2025; what falls due on the way starts. */
static void
set_time (Tablet     *tablet,
          const char *hhmm)
{
  g_autofree char *text = g_strconcat ("2025-11-24T", hhmm, ":00+01:00", NULL);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  handla_clock_set_now (tablet->clock, time);
}

static void
set_quantity (Tablet     *tablet,
              const char *product_id,
              guint       quantity)
{
  g_autoptr(HandlaProduct) product = find_product (tablet->catalogue, product_id);

  handla_basket_set_quantity (tablet->basket, product, quantity);
}

/* Fetches, merges and sends now, and waits for the round to end. */
static void
sync_now (Tablet *tablet)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_basket_sync_sync_async (tablet->sync, ANNA, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_basket_sync_sync_finish (tablet->sync, result, &error));
  g_assert_no_error (error);
}

/* "id×n" (or "id=ng") for every stored line, by product id, then
 * "-id" for every tombstone: what the tablet would send. */
static char *
stored_basket (Tablet *tablet)
{
  flush_basket (tablet->basket);
  return query_text (tablet->store,
                     "SELECT group_concat (entry, ' ') FROM ("
                     " SELECT product_id || CASE sold_by WHEN 'weight'"
                     "  THEN '=' || quantity || 'g' ELSE '×' || quantity END AS entry"
                     " FROM basket_line WHERE customer_id = '" ANNA "'"
                     " UNION ALL SELECT '-' || product_id FROM basket_removed"
                     "  WHERE customer_id = '" ANNA "'"
                     " ORDER BY 1)");
}

static char *
sync_state (Tablet *tablet)
{
  return query_text (tablet->store,
                     "SELECT etag || CASE WHEN local_version > synced_version"
                     " THEN ' unsent' ELSE ' sent' END FROM basket_sync"
                     " WHERE customer_id = '" ANNA "'");
}

/* ---- fixture ---------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const args[] = { "--control", "--demo", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *localhost = NULL;
  g_autofree char *code_b = NULL;

  fixture->state_dir = g_dir_make_tmp ("handla-basket-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->process = supplier_process_start (fixture->state_dir, args, &fixture->ready);
  fixture->control = supplier_control_new (&fixture->ready);
  fixture->secrets = handla_secrets_new ();

  uri = g_uri_parse (fixture->ready.url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  localhost = g_strdup_printf ("https://localhost:%d", g_uri_get_port (uri));
  code_b = supplier_control_new_code (fixture->control);

  tablet_set_up (fixture, &fixture->a, "Surfplatta A", fixture->ready.url,
                 fixture->ready.enrolment_code);
  tablet_set_up (fixture, &fixture->b, "Surfplatta B", localhost, code_b);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tablet_tear_down (&fixture->a);
  tablet_tear_down (&fixture->b);
  supplier_process_stop (&fixture->process);
  g_clear_pointer (&fixture->control, supplier_control_free);
  g_clear_object (&fixture->secrets);
  remove_tree (fixture->state_dir);
  g_clear_pointer (&fixture->state_dir, g_free);
  supplier_ready_clear (&fixture->ready);
}

/* Both tablets show Anna's basket; A fills it at 09:00 and sends it; B
 * fetches it. */
static void
share_basket (Fixture *fixture)
{
  gint64 puts;

  handla_basket_sync_set_basket (fixture->a.sync, fixture->a.basket);
  wait_for_event (&fixture->a, "synced:" ANNA);
  handla_basket_sync_set_basket (fixture->b.sync, fixture->b.basket);
  wait_for_event (&fixture->b, "synced:" ANNA);

  puts = supplier_control_requests (fixture->control, BASKET_PUT);
  set_time (&fixture->a, "09:00");
  set_quantity (&fixture->a, MILK, 1);
  set_quantity (&fixture->a, BREAD, 1);
  set_quantity (&fixture->a, BUTTER, 1);
  set_quantity (&fixture->a, APPLES, 500);
  /* Nothing goes out before the delay… */
  flush_basket (fixture->a.basket);
  g_assert_cmpstr (fixture->a.events->str, ==, "");
  /* …and all of it in one PUT after. */
  handla_clock_advance (fixture->a.clock, HANDLA_BASKET_SYNC_DELAY_SECONDS * G_TIME_SPAN_SECOND);
  wait_for_event (&fixture->a, "synced:" ANNA);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 1);

  sync_now (&fixture->b);
  g_assert_nonnull (fixture->b.merge);
  g_assert_cmpuint (handla_basket_merge_count (fixture->b.merge, HANDLA_BASKET_CHANGE_ADDED), ==, 4);
  g_string_truncate (fixture->b.events, 0);
  g_clear_pointer (&fixture->b.merge, handla_basket_merge_unref);
}

/* ---- tests ------------------------------------------------------------------ */

/* The case: B edits offline while A edits online; B comes back,
 * its PUT meets 412, it merges line by line, tells the carer and sends
 * the merge; A fetches it; both end with the same basket. */
static void
test_two_tablets_one_offline (Fixture       *fixture,
                              gconstpointer  data)
{
  Tablet *a = &fixture->a;
  Tablet *b = &fixture->b;
  g_autofree char *message_b = NULL;
  g_autofree char *message_a = NULL;
  g_autofree char *basket_a = NULL;
  g_autofree char *basket_b = NULL;
  g_autofree char *lines_a = NULL;
  g_autofree char *lines_b = NULL;
  g_autofree char *state_a = NULL;
  g_autofree char *state_b = NULL;
  gint64 puts, gets;

  share_basket (fixture);

  /* B loses the network. Its changes stay on B, at once. */
  test_monitor_set_available (b->monitor, FALSE);
  g_assert_false (handla_supplier_client_get_online (b->client));
  set_time (b, "09:10");
  handla_basket_remove (b->basket, MILK);               /* A changes it: kept */
  set_time (b, "09:12");
  set_quantity (b, BREAD, 2);                           /* only B: B's */
  set_time (b, "09:13");
  set_quantity (b, JUICE, 1);                           /* only B: added */
  set_time (b, "09:14");
  set_quantity (b, APPLES, 750);                        /* A's is later */
  set_time (b, "09:30");                                /* the delay passes, offline */
  flush_basket (b->basket);

  /* Meanwhile A, online. */
  set_time (a, "09:05");
  set_quantity (a, MILK, 3);
  set_time (a, "09:06");
  handla_basket_remove (a->basket, BUTTER);             /* only A: removed */
  set_time (a, "09:20");
  set_quantity (a, APPLES, 1000);
  set_time (a, "09:21");
  set_quantity (a, COLA, 2);                            /* only A: added */
  sync_now (a);
  g_assert_null (a->merge);

  lines_b = describe_basket (b->basket);
  g_assert_cmpstr (lines_b, ==, BREAD "×2 " BUTTER "×1 " APPLES "×750 " JUICE "×1");
  g_clear_pointer (&lines_b, g_free);
  g_assert_cmpstr (b->events->str, ==, "");

  /* B is back: it sends at once, meets 412, fetches, merges and sends. */
  puts = supplier_control_requests (fixture->control, BASKET_PUT);
  gets = supplier_control_requests (fixture->control, BASKET_GET);
  set_time (b, "09:31");
  test_monitor_set_available (b->monitor, TRUE);
  wait_for_event (b, "merged:" ANNA " synced:" ANNA);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 2);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_GET) - gets, ==, 1);

  /* What B's carer is told, and the per-line detail for the page. */
  g_assert_cmpuint (handla_basket_merge_count (b->merge, HANDLA_BASKET_CHANGE_ADDED), ==, 2);
  g_assert_cmpuint (handla_basket_merge_count (b->merge, HANDLA_BASKET_CHANGE_CHANGED), ==, 1);
  g_assert_cmpuint (handla_basket_merge_count (b->merge, HANDLA_BASKET_CHANGE_REMOVED), ==, 1);
  message_b = handla_basket_merge_format_message (b->merge, "Anna K.");
  g_assert_cmpstr (message_b, ==,
                   "Anna K.’s basket was also changed on another tablet: "
                   "2 items added, 1 item changed and 1 item removed.");
  for (guint i = 0; i < handla_basket_merge_get_n_changes (b->merge); i++)
    if (g_str_equal (handla_basket_merge_get_product_id (b->merge, i), APPLES))
      {
        g_assert_true (handla_basket_merge_get_by_weight (b->merge, i));
        g_assert_cmpuint (handla_basket_merge_get_old_quantity (b->merge, i), ==, 750);
        g_assert_cmpuint (handla_basket_merge_get_new_quantity (b->merge, i), ==, 1000);
      }

  /* B's screen shows the merge: its own order, new lines last. */
  lines_b = describe_basket (b->basket);
  g_assert_cmpstr (lines_b, ==,
                   BREAD "×2 " APPLES "×1000 " JUICE "×1 " MILK "×3 " COLA "×2");

  /* A fetches: B's changes come in; nothing is sent back. */
  puts = supplier_control_requests (fixture->control, BASKET_PUT);
  sync_now (a);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT), ==, puts);
  message_a = handla_basket_merge_format_message (a->merge, "Anna K.");
  g_assert_cmpstr (message_a, ==,
                   "Anna K.’s basket was also changed on another tablet: "
                   "1 item added and 1 item changed.");
  lines_a = describe_basket (a->basket);
  g_assert_cmpstr (lines_a, ==,
                   MILK "×3 " BREAD "×2 " APPLES "×1000 " COLA "×2 " JUICE "×1");

  /* Both store the same basket, sent, at the same supplier version. */
  basket_a = stored_basket (a);
  basket_b = stored_basket (b);
  g_assert_cmpstr (basket_a, ==,
                   "-" BUTTER " " BREAD "×2 " COLA "×2 " MILK "×3 " APPLES "=1000g " JUICE "×1");
  g_assert_cmpstr (basket_b, ==, basket_a);
  state_a = sync_state (a);
  state_b = sync_state (b);
  g_assert_true (g_str_has_suffix (state_a, " sent"));
  g_assert_cmpstr (state_b, ==, state_a);
}

/* The supplier stores a PUT and the answer is lost: the retry meets 412
 * (its own change), the merge finds nothing new, nothing more is sent
 * and the carer is told nothing. */
static void
test_lost_put_answer (Fixture       *fixture,
                      gconstpointer  data)
{
  Tablet *a = &fixture->a;
  Tablet *b = &fixture->b;
  g_autofree char *basket_a = NULL;
  g_autofree char *basket_b = NULL;
  g_autofree char *state = NULL;
  gint64 puts;

  /* Prism cannot pass on an answer that never comes. */
  if (supplier_contract_mode ())
    {
      g_test_skip ("a dropped answer breaks the protocol itself");
      return;
    }

  share_basket (fixture);

  supplier_control_fault (fixture->control,
                          "{\"kind\": \"drop-after-commit\", \"method\": \"PUT\","
                             " \"path_prefix\": \"/v1/customers/" ANNA "/basket\", \"count\": 2}");
  puts = supplier_control_requests (fixture->control, BASKET_PUT);

  set_time (a, "09:10");
  set_quantity (a, MILK, 2);
  set_time (a, "09:11");
  /* The first answer is lost. libsoup sends the PUT again by itself on
   * a new connection (with its body: the request layer sets it again);
   * that answer (412: the first one was stored) is lost too, and A tries
   * again after the backoff: 412, GET, a merge that finds nothing new. */
  g_assert_cmpuint (wait_through_backoff (a), >=, 1);

  g_assert_cmpint (supplier_control_stat (fixture->control, "faults_fired"), ==, 2);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 3);
  g_assert_null (a->merge);
  state = sync_state (a);
  g_assert_true (g_str_has_suffix (state, " sent"));

  /* The supplier has it once, as A has it. */
  sync_now (b);
  basket_a = stored_basket (a);
  basket_b = stored_basket (b);
  g_assert_cmpstr (basket_b, ==, basket_a);
  g_assert_true (strstr (basket_a, MILK "×2") != NULL);
}

/* 503 with Retry-After: nothing is sent again before it has passed. */
static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  Tablet *a = &fixture->a;
  g_autofree char *state = NULL;
  gint64 puts;

  share_basket (fixture);
  supplier_control_fault (fixture->control,
                          "{\"kind\": \"503\", \"method\": \"PUT\", \"retry_after\": 120}");
  puts = supplier_control_requests (fixture->control, BASKET_PUT);

  set_time (a, "09:10");
  set_quantity (a, COLA, 1);
  set_time (a, "09:11");
  wait_for_event (a, "postponed:" ANNA);
  state = sync_state (a);
  g_assert_true (g_str_has_suffix (state, " unsent"));

  set_time (a, "09:12");
  flush_basket (a->basket);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 1);
  g_assert_cmpstr (a->events->str, ==, "");

  set_time (a, "09:13");
  wait_for_event (a, "synced:" ANNA);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 2);
}

/* A basket that is not on screen, changed while offline, is sent when
 * the network returns; and at start, what an earlier run left unsent. */
static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  Tablet *a = &fixture->a;
  g_autofree char *state = NULL;
  gint64 puts = supplier_control_requests (fixture->control, BASKET_PUT);

  test_monitor_set_available (a->monitor, FALSE);
  set_time (a, "09:00");
  set_quantity (a, BREAD, 2);
  flush_basket (a->basket);
  handla_basket_sync_queue (a->sync, ANNA);
  set_time (a, "09:10");
  flush_basket (a->basket);
  g_assert_cmpstr (a->events->str, ==, "");

  test_monitor_set_available (a->monitor, TRUE);
  wait_for_event (a, "synced:" ANNA);
  /* Never synced: a GET for the ETag, then the PUT. */
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 1);

  /* A later change nobody queued (the app stopped first): start sends it. */
  set_time (a, "09:20");
  set_quantity (a, MILK, 1);
  flush_basket (a->basket);
  handla_basket_sync_start (a->sync);
  wait_for_event (a, "synced:" ANNA);
  g_assert_cmpint (supplier_control_requests (fixture->control, BASKET_PUT) - puts, ==, 2);
  state = sync_state (a);
  g_assert_true (g_str_has_suffix (state, " sent"));
}

/* A customer of another unit: 404 is not retried; the basket stays. */
static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  Tablet *a = &fixture->a;
  g_autoptr(HandlaBasket) olle = handla_basket_new (a->store, a->clock, OTHER_UNIT);
  g_autoptr(HandlaProduct) milk = find_product (a->catalogue, MILK);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lines = NULL;

  load_basket (olle);
  handla_basket_add (olle, milk);
  flush_basket (olle);

  handla_basket_sync_sync_async (a->sync, OTHER_UNIT, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_false (handla_basket_sync_sync_finish (a->sync, result, &error));
  g_assert_error (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_BAD_RESPONSE);
  g_assert_cmpstr (a->events->str, ==, "failed:" OTHER_UNIT " ");
  g_assert_error (a->failure, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_BAD_RESPONSE);

  load_basket (olle);
  lines = describe_basket (olle);
  g_assert_cmpstr (lines, ==, MILK "×1");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = use_test_keyring ();
  g_autofree char *skip = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  skip = supplier_contract_skip_reason ();
  if (skip != NULL)
    {
      g_print ("1..0 # SKIP %s\n", skip);
      remove_tree (keyring_dir);
      return 0;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/basket-sync/two-tablets-one-offline", test_two_tablets_one_offline);
  ADD ("/handla/basket-sync/lost-put-answer", test_lost_put_answer);
  ADD ("/handla/basket-sync/retry-after", test_retry_after);
  ADD ("/handla/basket-sync/resume", test_resume);
  ADD ("/handla/basket-sync/not-found", test_not_found);

#undef ADD

  status = g_test_run ();
  remove_tree (keyring_dir);

  return status;
}
