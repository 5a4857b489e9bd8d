/* test-outbox-crash.c — "send order" survives SIGKILL at every write
 *
 * After SQLite's crash tests (writecrash.test): a child (outbox-child,
 * OUTBOX_CHILD) fills a basket and sends it through the outbox to the
 * real supplier, and SIGKILLs itself at its N-th database write, truncate
 * or sync. N steps up from 1 until the child finishes without reaching
 * it. After each kill:
 *
 *  - PRAGMA integrity_check is ok;
 *  - either the basket holds a complete prefix of what was put in it and
 *    there is no order, or there is exactly one order with all its lines
 *    and the basket is empty; a queued order has its outbox row with its
 *    key, a sent one has its supplier id and no row: never half;
 *  - the child started again without a limit finishes, and the supplier
 *    then holds exactly one more order, under the tablet's key.
 *
 * Three flows, each on its own supplier and a fresh copy of one prepared
 * database: plain; with the first POST's answer dropped after the
 * supplier committed; and with a change and a cancellation after the
 * order was sent. The test prints how many kill points it ran and fails
 * below MIN_KILL_POINTS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <signal.h>
#include <sys/wait.h>

#include "outbox-supplier.h"
#include "outbox-test-util.h"

#define CUSTOMER        "c-1001"
#define SUPPLIER_NOW    "2026-01-12T09:00:00+01:00"
#define MIN_KILL_POINTS 200

/* What outbox-child puts in the basket, in order. */
static const char * const basket_lines[] = { "lv320-2×10", "lv551-1×2000", "lv2218-1×2" };

typedef struct
{
  const char *name;
  const char *child_flow;
  const char *fault;     /* queued before each killed run */
} Flow;

typedef struct
{
  char            *dir;
  char            *template_db;
  char            *db;
  SupplierProcess *process;
  SupplierReady    ready;
  SupplierControl *control;
  HandlaSecrets   *secrets;
  char            *token;
  const Flow      *flow;
} Run;

/* ---- the database, read by the parent --------------------------------------- */

static char *
text_of (sqlite3    *db,
         const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  g_assert_true (rc == SQLITE_ROW || rc == SQLITE_DONE);
  if (rc == SQLITE_DONE || sqlite3_column_text (stmt, 0) == NULL)
    return g_strdup ("");

  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

static gint64
count_of (sqlite3    *db,
          const char *sql)
{
  g_autofree char *text = text_of (db, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

/* Checks what a killed child left. Returns TRUE if an order is there. */
static gboolean
check_after_kill (const char *path)
{
  g_autofree char *integrity = NULL;
  g_autofree char *basket = NULL;
  g_autofree char *state = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(GString) prefix = g_string_new (NULL);
  gboolean prefix_found = FALSE;
  sqlite3 *db = NULL;
  gint64 orders;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  integrity = text_of (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  basket = text_of (db, "SELECT group_concat (product_id || '×' || quantity, ' ') FROM"
                        " (SELECT * FROM basket_line WHERE customer_id = '" CUSTOMER "'"
                        "  ORDER BY position, rowid)");
  orders = count_of (db, "SELECT count (*) FROM orders");
  g_assert_cmpint (orders, <=, 1);

  if (orders == 0)
    {
      /* The basket as far as it got: whole lines, in order. */
      for (guint i = 0; i <= G_N_ELEMENTS (basket_lines) && !prefix_found; i++)
        {
          prefix_found = g_str_equal (basket, prefix->str);
          if (i < G_N_ELEMENTS (basket_lines))
            g_string_append_printf (prefix, "%s%s", i > 0 ? " " : "", basket_lines[i]);
        }
      g_assert_true (prefix_found);
      g_assert_cmpint (count_of (db, "SELECT count (*) FROM order_line"), ==, 0);
      g_assert_cmpint (count_of (db, "SELECT count (*) FROM outbox"), ==, 0);
    }
  else
    {
      /* The whole order, out of the basket. */
      g_assert_cmpstr (basket, ==, "");
      lines = text_of (db, "SELECT group_concat (product_id, ' ') FROM"
                           " (SELECT product_id FROM order_line ORDER BY product_id)");
      g_assert_cmpstr (lines, ==, "lv2218-1 lv320-2 lv551-1");
      state = text_of (db, "SELECT state FROM orders");
      if (g_str_equal (state, "queued"))
        g_assert_cmpint (count_of (db, "SELECT count (*) FROM orders o JOIN outbox b"
                                       " ON b.order_id = o.id AND b.kind = 'create'"
                                       " AND b.request_id = o.idempotency_key"
                                       " AND b.body IS NOT NULL"), ==, 1);
      else
        {
          g_assert_cmpstr (state, ==, "sent");
          g_assert_cmpint (count_of (db, "SELECT count (*) FROM orders"
                                         " WHERE supplier_id IS NOT NULL"), ==, 1);
          g_assert_cmpint (count_of (db, "SELECT count (*) FROM outbox"
                                         " WHERE kind = 'create'"), ==, 0);
        }
    }

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return orders > 0;
}

/* ---- the child ------------------------------------------------------------- */

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, (gssize)length, &error);
  g_assert_no_error (error);
}

/* A fresh copy of the prepared database: catalogue and customer, no
 * basket, no order. */
static void
fresh_database (Run *run)
{
  g_autofree char *wal = g_strconcat (run->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (run->db, "-shm", NULL);

  g_unlink (wal);
  g_unlink (shm);
  copy_file (run->template_db, run->db);
}

/* Runs the child, killed at its @kill_after-th write (0: never). Returns
 * TRUE if it was killed; any other end than a clean exit fails. */
static gboolean
run_child (Run     *run,
           guint64  kill_after)
{
  g_autofree char *limit = g_strdup_printf ("%" G_GUINT64_FORMAT, kill_after);
  const char *argv[] = {
    g_getenv ("OUTBOX_CHILD"), run->db, run->ready.url, run->ready.ca_file,
    run->flow->child_flow, limit, NULL,
  };
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (argv[0]);
  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_signaled (child))
    {
      g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
      g_assert_cmpuint (kill_after, >, 0);
      return TRUE;
    }

  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
  return FALSE;
}

/* The order was sent, once: the supplier holds exactly one more order,
 * under the key the tablet made. */
static void
check_sent_once (Run    *run,
                 gint64  orders_before)
{
  g_autofree char *integrity = NULL;
  g_autofree char *key = NULL;
  g_autofree char *supplier_id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *order, *avocados;
  sqlite3 *db = NULL;
  guint status = 0;

  g_assert_cmpint (sqlite3_open_v2 (run->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  integrity = text_of (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  state = text_of (db, "SELECT state FROM orders");
  g_assert_cmpstr (state, ==, "sent");
  key = text_of (db, "SELECT idempotency_key FROM orders");
  supplier_id = text_of (db, "SELECT supplier_id FROM orders");
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM outbox"), ==, 0);
  g_assert_cmpint (count_of (db, "SELECT count (*) FROM basket_line"), ==, 0);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  g_assert_cmpint (supplier_control_stat (run->control, "orders"), ==, orders_before + 1);
  path = g_strconcat ("/v1/orders/", supplier_id, NULL);
  node = supplier_control_call (run->control, "GET", path, run->token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  order = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (order, "idempotency_key"), ==, key);
  g_assert_cmpstr (json_object_get_string_member (order, "customer_id"), ==, CUSTOMER);

  avocados = json_array_get_object_element (json_object_get_array_member (order, "lines"), 0);
  if (g_str_equal (run->flow->child_flow, "change"))
    {
      g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "cancelled");
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (avocados,
                                                                                  "quantity"),
                                                   "value"), ==, 12);
    }
  else
    g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "received");
}

/* ---- the flows --------------------------------------------------------------- */

/* The tablet's token, in the keyring the children share. */
static void
enrol (Run *run)
{
  g_autofree char *body = g_strdup_printf ("{\"code\": \"%s\", \"device_name\": \"Surfplatta\"}",
                                           run->ready.enrolment_code);
  g_autofree char *profile = handla_secrets_profile_for_url (run->ready.url);
  g_autoptr(JsonNode) enrolment = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  enrolment = supplier_control_call (run->control, "POST", "/v1/enrol", NULL, NULL, body, &status);
  g_assert_cmpuint (status, ==, 201);
  run->token = g_strdup (json_object_get_string_member (json_node_get_object (enrolment),
                                                        "token"));
  handla_secrets_store_token_async (run->secrets, profile, run->token, NULL, got_result_cb,
                                    &result);
  wait_for (&result);
  g_assert_true (handla_secrets_store_token_finish (run->secrets, result, &error));
  g_assert_no_error (error);
}

/* Steps the kill point up from 1 until the child is not killed; returns
 * how many kill points the flow ran. */
static guint
run_flow (Run        *run,
          const Flow *flow)
{
  const char * const args[] = { "--demo", "--control", NULL };
  g_autofree char *state = g_build_filename (run->dir, flow->name, NULL);
  guint killed_runs = 0;
  guint with_order = 0;

  run->flow = flow;
  run->process = supplier_process_start (state, args, &run->ready);
  run->control = supplier_control_new (&run->ready);
  supplier_control_set_clock (run->control, SUPPLIER_NOW);
  enrol (run);

  for (guint64 n = 1;; n++)
    {
      gint64 before = supplier_control_stat (run->control, "orders");

      fresh_database (run);
      supplier_control_clear_faults (run->control);
      if (flow->fault != NULL)
        supplier_control_fault (run->control, flow->fault);

      if (!run_child (run, n))
        {
          check_sent_once (run, before);
          break;
        }

      killed_runs++;
      if (check_after_kill (run->db))
        with_order++;
      g_assert_false (run_child (run, 0));
      check_sent_once (run, before);
    }

  g_test_message ("Flow %s: %u kill points, %u after the order was written, %u before",
                  flow->name, killed_runs, with_order, killed_runs - with_order);

  supplier_control_free (g_steal_pointer (&run->control));
  supplier_process_stop (&run->process);
  supplier_ready_clear (&run->ready);
  g_clear_pointer (&run->token, g_free);

  return killed_runs;
}

/* The database every run starts from: migrated, the demo catalogue,
 * the customer; closed, so no WAL is left beside it. */
static void
prepare_template (Run *run)
{
  const char *catalogue_path = g_getenv ("HANDLA_DEMO_CATALOGUE");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_NOW, NULL);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (now);
  g_autoptr(HandlaStore) store = handla_store_new (run->template_db);
  g_autoptr(HandlaCatalogue) catalogue = handla_catalogue_new (store, clock);
  g_autofree char *contents = NULL;
  g_autofree char *wal = g_strconcat (run->template_db, "-wal", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_assert_nonnull (catalogue_path);
  g_file_get_contents (catalogue_path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (handla_catalogue_import_sync (catalogue, bytes, NULL, &error));
  g_assert_no_error (error);
  insert_customer (store, CUSTOMER);
  handla_store_close (store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_outbox_crash (void)
{
  static const Flow flows[] = {
    { "plain", "plain", NULL },
    { "answer-dropped", "plain",
      "{\"kind\": \"drop-after-commit\", \"method\": \"POST\", \"path_prefix\": \"/v1/orders\"}" },
    { "change-and-cancel", "change", NULL },
  };
  g_autoptr(GError) error = NULL;
  Run run = { NULL, };
  guint total = 0;

  run.dir = g_dir_make_tmp ("handla-crash-XXXXXX", &error);
  g_assert_no_error (error);
  run.template_db = g_build_filename (run.dir, "template.db", NULL);
  run.db = g_build_filename (run.dir, "handla.db", NULL);
  run.secrets = handla_secrets_new ();
  prepare_template (&run);

  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    total += run_flow (&run, &flows[i]);

  g_test_message ("%u kill points in all", total);
  g_assert_cmpuint (total, >=, MIN_KILL_POINTS);

  g_clear_object (&run.secrets);
  remove_tree (run.dir);
  g_free (run.dir);
  g_free (run.template_db);
  g_free (run.db);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = use_test_keyring ();
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/handla/outbox/crash", test_outbox_crash);
  status = g_test_run ();
  remove_tree (keyring_dir);

  return status;
}
