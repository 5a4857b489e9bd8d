/* test-store.c — the database thread, its pragmas and the migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "handla-core.h"
#include "handla-sql.h"
#include "handla-store-private.h"
#include "test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives every test its own data dir; the
   * store must make the missing "handla" folder itself. */
  fixture->dir = g_build_filename (g_get_user_data_dir (), "handla", NULL);
  fixture->path = g_build_filename (fixture->dir, "handla.db", NULL);
  g_assert_false (g_file_test (fixture->dir, G_FILE_TEST_EXISTS));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* ---- helpers ---------------------------------------------------------- */

static gpointer
exec_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  if (!handla_sql_exec (db, data, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

#define TABLES_SQL \
  "SELECT group_concat (name, ',') FROM " \
  "(SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)"

/* ---- tests ------------------------------------------------------------ */

static void
test_store_migrate_from_empty (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *indexes = NULL;

  g_assert_cmpint (handla_store_get_latest_version (), >=, 1);
  g_assert_cmpstr (handla_store_get_path (store), ==, fixture->path);

  version = query_text (store, "PRAGMA user_version");
  expected = g_strdup_printf ("%d", handla_store_get_latest_version ());
  g_assert_cmpstr (version, ==, expected);

  tables = query_text (store, TABLES_SQL);
  g_assert_cmpstr (tables, ==, "basket_line,basket_removed,basket_sync,catalogue_meta,category,"
                               "category_search,complaint,customer,delivery_notes,order_change,"
                               "order_change_line,order_line,orders,outbox,product,product_search,"
                               "product_trigrams,product_trigrams_config,"
                               "product_trigrams_data,product_trigrams_docsize,product_trigrams_idx,"
                               "product_words_folded,product_words_folded_config,"
                               "product_words_folded_data,product_words_folded_docsize,"
                               "product_words_folded_idx,"
                               "search_index_state,sync_state");

  indexes = query_text (store,
                        "SELECT group_concat (name, ',') FROM (SELECT name FROM sqlite_master "
                        "WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name)");
  g_assert_cmpstr (indexes, ==, "complaint_by_order,orders_by_customer,outbox_by_order,"
                                "product_by_category,product_offers,product_search_first");

  handla_store_close (store);
  g_assert_true (g_file_test (fixture->path, G_FILE_TEST_IS_REGULAR));
}

static void
test_store_reopen (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(HandlaStore) first = handla_store_new (fixture->path);
  g_autoptr(HandlaStore) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_before = NULL;
  g_autofree char *schema_after = NULL;
  g_autofree char *version_before = NULL;
  g_autofree char *version_after = NULL;
  g_autofree char *name = NULL;

  schema_before = query_text (first, "PRAGMA schema_version");
  version_before = query_text (first, "PRAGMA user_version");
  handla_store_run_sync (first, exec_job,
                         (gpointer)"INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil')",
                         NULL, &error);
  g_assert_no_error (error);
  handla_store_close (first);

  /* Reopening migrates nothing: the schema cookie, which SQLite bumps
   * on every schema change, stays, and the data is still there. */
  second = handla_store_new (fixture->path);
  schema_after = query_text (second, "PRAGMA schema_version");
  version_after = query_text (second, "PRAGMA user_version");
  name = query_text (second, "SELECT display_name FROM customer WHERE id = 'c1'");

  g_assert_cmpstr (schema_after, ==, schema_before);
  g_assert_cmpstr (version_after, ==, version_before);
  g_assert_cmpstr (name, ==, "Bertil");
}

static void
test_store_schema_too_new (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *sql = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  gpointer value;

  /* A file from a newer Handla, written behind the store's back. */
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('y');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA user_version = %d", handla_store_get_latest_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));

  store = handla_store_new (fixture->path);

  value = handla_store_run_sync (store, query_text_job, (gpointer)"SELECT 1", g_free, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Every job gets the same error, async ones too. */
  handla_store_run_async (store, query_text_job, (gpointer)"SELECT 1", NULL, g_free,
                          NULL, got_result_cb, &result);
  wait_for (&result);
  value = handla_store_run_finish (store, result, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SCHEMA_TOO_NEW);

  handla_store_close (store);

  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  wal = g_strconcat (fixture->path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_store_pragmas (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autofree char *journal_mode = query_text (store, "PRAGMA journal_mode");
  g_autofree char *foreign_keys = query_text (store, "PRAGMA foreign_keys");
  g_autofree char *secure_delete = query_text (store, "PRAGMA secure_delete");
  g_autofree char *synchronous = query_text (store, "PRAGMA synchronous");
  g_autofree char *busy_timeout = query_text (store, "PRAGMA busy_timeout");

  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpstr (foreign_keys, ==, "1");
  g_assert_cmpstr (secure_delete, ==, "1");
  g_assert_cmpstr (synchronous, ==, "2");
  g_assert_cmpint (atoi (busy_timeout), >, 0);
}

typedef struct
{
  GArray *ran;       /* written on the database thread only */
  guint   index;
} OrderItem;

static gpointer
record_order_job (sqlite3  *db,
                  gpointer  data,
                  GError  **error)
{
  OrderItem *item = data;

  g_array_append_val (item->ran, item->index);

  return GUINT_TO_POINTER (item->index + 1);
}

static void
order_returned_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GArray *returned = user_data;
  g_autoptr(GError) error = NULL;
  guint index;

  index = GPOINTER_TO_UINT (handla_store_run_finish (HANDLA_STORE (object), result, &error)) - 1;
  g_assert_no_error (error);
  g_array_append_val (returned, index);
}

static void
test_store_fifo (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autoptr(GArray) ran = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) returned = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  OrderItem items[200];
  OrderItem last;
  guint n = G_N_ELEMENTS (items);

  for (guint i = 0; i < n; i++)
    {
      items[i].ran = ran;
      items[i].index = i;
      handla_store_run_async (store, record_order_job, &items[i], NULL, NULL,
                              NULL, order_returned_cb, returned);
    }

  /* A sync job queued last runs last. */
  last.ran = ran;
  last.index = n;
  handla_store_run_sync (store, record_order_job, &last, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (ran->len, ==, n + 1);
  for (guint i = 0; i <= n; i++)
    g_assert_cmpuint (g_array_index (ran, guint, i), ==, i);

  while (returned->len < n)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (g_array_index (returned, guint, i), ==, i);
}

static gpointer
flag_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  gboolean *ran = data;

  *ran = TRUE;

  return GINT_TO_POINTER (TRUE);
}

static void
test_store_closed (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) queued = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ran_before = FALSE;
  gboolean ran_after = FALSE;
  gpointer value;

  /* A job queued before close still runs: close drains the queue. */
  handla_store_run_async (store, flag_job, &ran_before, NULL, NULL,
                          NULL, got_result_cb, &queued);
  handla_store_close (store);
  g_assert_true (ran_before);
  wait_for (&queued);
  g_assert_nonnull (handla_store_run_finish (store, queued, &error));
  g_assert_no_error (error);

  value = handla_store_run_sync (store, flag_job, &ran_after, NULL, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_CLOSED);
  g_clear_error (&error);

  handla_store_run_async (store, flag_job, &ran_after, NULL, NULL,
                          NULL, got_result_cb, &result);
  wait_for (&result);
  value = handla_store_run_finish (store, result, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_CLOSED);
  g_assert_false (ran_after);

  /* Closing twice is harmless. */
  handla_store_close (store);
}

static void
test_store_job_error (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gpointer value;

  handla_store_run_async (store, query_text_job, (gpointer)"SELECT * FROM no_such_table",
                          NULL, g_free, NULL, got_result_cb, &result);
  wait_for (&result);
  value = handla_store_run_finish (store, result, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_clear_error (&error);

  value = handla_store_run_sync (store, exec_job, (gpointer)"INSERT INTO nowhere VALUES (1)", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_SQL);
  g_assert_nonnull (strstr (error->message, "nowhere"));

  /* The store goes on working after a failed job. */
  after = query_text (store, "SELECT 'still here'");
  g_assert_cmpstr (after, ==, "still here");
}

static void
test_store_cancelled (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ran = FALSE;

  g_cancellable_cancel (cancellable);
  handla_store_run_async (store, flag_job, &ran, NULL, NULL,
                          cancellable, got_result_cb, &result);
  wait_for (&result);
  g_assert_null (handla_store_run_finish (store, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (ran);
}

static void
test_store_open_failed (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *blocker = g_build_filename (g_get_user_data_dir (), "blocker", NULL);
  g_autofree char *path = g_build_filename (blocker, "handla.db", NULL);

  /* The database's folder cannot be made: a file is in the way. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "not a folder", -1, NULL));

  store = handla_store_new (path);
  g_assert_null (handla_store_run_sync (store, query_text_job, (gpointer)"SELECT 1", g_free, &error));
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_OPEN);
  g_clear_error (&error);

  g_assert_null (handla_store_run_sync (store, query_text_job, (gpointer)"SELECT 2", g_free, &error));
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_OPEN);
}

static void
test_store_not_a_database (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  const char *garbage = "This is not an SQLite database, but it is long enough to look at.";

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->path, garbage, -1, NULL));

  store = handla_store_new (fixture->path);
  g_assert_null (handla_store_run_sync (store, query_text_job, (gpointer)"SELECT 1", g_free, &error));
  g_assert_error (error, HANDLA_STORE_ERROR, HANDLA_STORE_ERROR_OPEN);
  handla_store_close (store);

  g_assert_true (g_file_get_contents (fixture->path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, garbage);
}

static void
test_store_finalize (Fixture       *fixture,
                     gconstpointer  user_data)
{
  HandlaStore *store = handla_store_new (fixture->path);
  g_autofree char *version = query_text (store, "PRAGMA user_version");

  g_assert_cmpstr (version, !=, "0");

  /* Dropping the last reference closes the store and ends its thread. */
  g_assert_finalize_object (store);
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean released;
  gboolean finished;
} Gate;

/* Blocks the database thread until the gate is released. */
static gpointer
gate_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  Gate *gate = data;

  g_mutex_lock (&gate->mutex);
  while (!gate->released)
    g_cond_wait (&gate->cond, &gate->mutex);
  gate->finished = TRUE;
  g_mutex_unlock (&gate->mutex);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
close_thread (gpointer data)
{
  handla_store_close (data);

  return NULL;
}

static gpointer
release_thread (gpointer data)
{
  Gate *gate = data;

  g_usleep (100 * G_TIME_SPAN_MILLISECOND);
  g_mutex_lock (&gate->mutex);
  gate->released = TRUE;
  g_cond_signal (&gate->cond);
  g_mutex_unlock (&gate->mutex);

  return NULL;
}

static void
test_store_close_concurrent (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = handla_store_new (fixture->path);
  g_autoptr(GAsyncResult) result = NULL;
  GThread *closer;
  GThread *releaser;
  Gate gate = { 0, };

  g_mutex_init (&gate.mutex);
  g_cond_init (&gate.cond);

  handla_store_run_async (store, gate_job, &gate, NULL, NULL, NULL, got_result_cb, &result);

  /* One thread closes and waits for the blocked job; a second close, here,
   * must wait as well, not return while the database thread still runs. */
  closer = g_thread_new ("closer", close_thread, store);
  g_usleep (20 * G_TIME_SPAN_MILLISECOND);
  releaser = g_thread_new ("releaser", release_thread, &gate);
  handla_store_close (store);

  g_mutex_lock (&gate.mutex);
  g_assert_true (gate.finished);
  g_mutex_unlock (&gate.mutex);

  g_thread_join (closer);
  g_thread_join (releaser);
  wait_for (&result);

  g_mutex_clear (&gate.mutex);
  g_cond_clear (&gate.cond);
}

/* A database at schema 1, written with exactly migration 1, keeps its
 * data through every later migration (2 adds sync_state). */
static void
test_store_migrate_from_1 (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(HandlaStore) store = NULL;
  g_autofree char *version = NULL;
  g_autofree char *latest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *product = NULL;
  g_autofree char *line = NULL;
  g_autofree char *sync = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, _handla_store_get_migration (1), NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO customer (id, display_name) VALUES ('c1', 'Bertil');"
                                 "INSERT INTO category (id, name) VALUES ('mejeri', 'Mejeri');"
                                 "INSERT INTO product (id, category_id, name, price_ore) "
                                 "VALUES ('p1', 'mejeri', 'Mjölk', 1990);"
                                 "INSERT INTO basket_line (customer_id, product_id, quantity, position,"
                                 " changed_at, name, price_ore) "
                                 "VALUES ('c1', 'p1', 2, 0, '2025-11-24T09:00:00Z', 'Mjölk', 1990);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = handla_store_new (fixture->path);
  version = query_text (store, "PRAGMA user_version");
  latest = g_strdup_printf ("%d", handla_store_get_latest_version ());
  g_assert_cmpstr (version, ==, latest);
  name = query_text (store, "SELECT display_name FROM customer WHERE id = 'c1'");
  g_assert_cmpstr (name, ==, "Bertil");
  product = query_text (store, "SELECT name || ' ' || price_ore FROM product WHERE id = 'p1'");
  g_assert_cmpstr (product, ==, "Mjölk 1990");
  line = query_text (store, "SELECT quantity FROM basket_line WHERE customer_id = 'c1'");
  g_assert_cmpstr (line, ==, "2");
  sync = query_text (store, "SELECT count(*) FROM sync_state");
  g_assert_cmpstr (sync, ==, "0");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/handla/store/migrate-from-empty", test_store_migrate_from_empty);
  ADD ("/handla/store/migrate-from-1", test_store_migrate_from_1);
  ADD ("/handla/store/reopen", test_store_reopen);
  ADD ("/handla/store/schema-too-new", test_store_schema_too_new);
  ADD ("/handla/store/pragmas", test_store_pragmas);
  ADD ("/handla/store/fifo", test_store_fifo);
  ADD ("/handla/store/closed", test_store_closed);
  ADD ("/handla/store/job-error", test_store_job_error);
  ADD ("/handla/store/cancelled", test_store_cancelled);
  ADD ("/handla/store/open-failed", test_store_open_failed);
  ADD ("/handla/store/not-a-database", test_store_not_a_database);
  ADD ("/handla/store/finalize", test_store_finalize);
  ADD ("/handla/store/close-concurrent", test_store_close_concurrent);

#undef ADD

  return g_test_run ();
}
