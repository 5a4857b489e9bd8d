/* test-util.h — shared by the core tests; include it once per test program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * Sanitizer hooks, read only when the test is built with
 * -Db_sanitize=address; the variables in ASAN_OPTIONS and LSAN_OPTIONS
 * still override them.
 *
 * Debian's GLib has no frame pointers, so LeakSanitizer's fast unwinder
 * stops at g_malloc() and no suppression can match a GLib frame. And
 * G_TEST_OPTION_ISOLATE_DIRS makes GLib 2.74 keep the old XDG strings of
 * every test alive on purpose (g_set_user_dirs()); that is the one leak
 * suppressed here, as in tests/lsan.supp.
 */

const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}

/* ---- helpers shared by the store, catalogue and basket tests ---------- */

#include <gio/gio.h>

#include "handla-core.h"
#include "handla-sql.h"

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * at
 * @user_data, which must be NULL; wait_for() then spins until it is set. */
static inline void
got_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

static inline void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The contents of tests/fixtures/@name. */
static inline GBytes *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_bytes_new_take (contents, length);
}

/* Imports tests/fixtures/@name, which must succeed, blocking. */
static inline void
import_fixture_sync (HandlaCatalogue *catalogue,
                     const char      *name)
{
  g_autoptr(GBytes) bytes = load_fixture (name);
  g_autoptr(GError) error = NULL;

  g_assert_true (handla_catalogue_import_sync (catalogue, bytes, NULL, &error));
  g_assert_no_error (error);
}

/* The first column of @stmt's first row as text: "" for NULL or no row. */
static inline gpointer
first_text (sqlite3       *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return g_strdup (handla_sql_column_text (stmt, 0) ? handla_sql_column_text (stmt, 0) : "");
  if (rc == SQLITE_DONE)
    return g_strdup ("");

  handla_sql_set_error (db, error);
  return NULL;
}

/* A store job that returns the first column of the first row of @data
 * (constant SQL) as text: "" for NULL or no row. */
static inline gpointer
query_text_job (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, data, error);

  return stmt != NULL ? first_text (db, stmt, error) : NULL;
}

typedef struct
{
  const char *sql;
  const char *param;   /* bound to ?1, or NULL */
} TextQuery;

/* query_text_job() for a TextQuery. */
static inline gpointer
query_text_with_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  const TextQuery *query = data;
  g_autoptr(sqlite3_stmt) stmt = handla_sql_prepare (db, query->sql, error);

  if (stmt == NULL)
    return NULL;
  if (query->param != NULL)
    sqlite3_bind_text (stmt, 1, query->param, -1, SQLITE_STATIC);

  return first_text (db, stmt, error);
}

/* query_text() with @param bound to ?1 in @sql. */
static inline char *
query_text_with (HandlaStore *store,
                 const char  *sql,
                 const char  *param)
{
  TextQuery query = { sql, param };
  g_autoptr(GError) error = NULL;
  char *text;

  text = handla_store_run_sync (store, query_text_with_job, &query, g_free, &error);
  g_assert_no_error (error);
  g_assert_nonnull (text);

  return text;
}

/* The first column of the first row of @sql (constant SQL) as text. */
static inline char *
query_text (HandlaStore *store,
            const char  *sql)
{
  return query_text_with (store, sql, NULL);
}

/* A store job that does nothing: once it returns, every job queued
 * before it has run and (for async ones) its callback is queued ahead. */
static inline gpointer
barrier_job (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  return GINT_TO_POINTER (TRUE);
}

/* Waits until every store job queued so far has run and its callback has
 * been dispatched on this thread's main context. */
static inline void
store_barrier (HandlaStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_store_run_async (store, barrier_job, NULL, NULL, NULL, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_nonnull (handla_store_run_finish (store, result, &error));
  g_assert_no_error (error);
}

/* ---- customers and baskets ------------------------------------------ */

/* Adds the customer @data (its id), named "Anna", to the store. */
static inline gpointer
add_customer_job (sqlite3  *db,
                  gpointer  data,
                  GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT OR IGNORE INTO customer (id, display_name) VALUES (?, 'Anna')",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_STATIC);
  if (!handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static inline void
add_customer (HandlaStore *store,
              const char  *customer_id)
{
  g_autoptr(GError) error = NULL;

  handla_store_run_sync (store, add_customer_job, (gpointer)customer_id, NULL, &error);
  g_assert_no_error (error);
}

static inline HandlaProduct *
find_product (HandlaCatalogue *catalogue,
              const char      *product_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HandlaProduct *product;

  handla_catalogue_get_product_async (catalogue, product_id, NULL, got_result_cb, &result);
  wait_for (&result);
  product = handla_catalogue_get_product_finish (catalogue, result, &error);
  g_assert_no_error (error);

  return product;
}

static inline void
load_basket (HandlaBasket *basket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_basket_load_async (basket, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_basket_load_finish (basket, result, &error));
  g_assert_no_error (error);
  g_assert_true (handla_basket_is_loaded (basket));
}

static inline void
flush_basket (HandlaBasket *basket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_basket_flush_async (basket, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_basket_flush_finish (basket, result, &error));
  g_assert_no_error (error);
}

/* "id×quantity" for every line, in order, with "!" for unavailable ones. */
static inline char *
describe_basket (HandlaBasket *basket)
{
  GListModel *model = G_LIST_MODEL (basket);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(HandlaBasketLine) line = g_list_model_get_item (model, i);

      g_string_append_printf (out, "%s%s%s×%u",
                              i > 0 ? " " : "",
                              handla_basket_line_get_available (line) ? "" : "!",
                              handla_product_get_id (handla_basket_line_get_product (line)),
                              handla_basket_line_get_quantity (line));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
