/* outbox-test-util.h — helpers of the orders and outbox tests; include
 * it once per test program, after nothing else of the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "test-util.h"

/* ---- the store ----------------------------------------------------------- */

/* A store job that runs constant SQL (@data). */
static inline gpointer
exec_sql_job (sqlite3  *db,
              gpointer  data,
              GError  **error)
{
  return handla_sql_exec (db, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static inline void
exec_sql (HandlaStore *store,
          const char  *sql)
{
  g_autoptr(GError) error = NULL;

  handla_store_run_sync (store, exec_sql_job, (gpointer)sql, NULL, &error);
  g_assert_no_error (error);
}

static inline gpointer
insert_customer_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT OR IGNORE INTO customer (id, display_name) VALUES (?, 'Kund')",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, data, -1, SQLITE_STATIC);

  return handla_sql_step_done (stmt, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static inline void
insert_customer (HandlaStore *store,
                 const char  *customer_id)
{
  g_autoptr(GError) error = NULL;

  handla_store_run_sync (store, insert_customer_job, (gpointer)customer_id, NULL, &error);
  g_assert_no_error (error);
}

/* ---- a tablet's store and what lives on it ------------------------------------ */

static inline void
open_tablet (const char       *path,
             HandlaClock      *clock,
             const char       *customer_id,
             HandlaStore     **store,
             HandlaCatalogue **catalogue,
             HandlaBasket    **basket,
             HandlaOrders    **orders)
{
  *store = handla_store_new (path);
  *catalogue = handla_catalogue_new (*store, clock);
  *basket = handla_basket_new (*store, clock, customer_id);
  *orders = handla_orders_new (*store, clock);
}

/* Runs what is queued, closes the store, and checks that nothing is left
 * holding the objects. */
static inline void
close_tablet (HandlaStore     **store,
              HandlaCatalogue **catalogue,
              HandlaBasket    **basket,
              HandlaOrders    **orders)
{
  store_barrier (*store);
  handla_store_close (*store);
  g_assert_finalize_object (g_steal_pointer (orders));
  g_assert_finalize_object (g_steal_pointer (basket));
  g_assert_finalize_object (g_steal_pointer (catalogue));
  g_assert_finalize_object (g_steal_pointer (store));
}

/* ---- catalogue and basket ------------------------------------------------------ */

/* Sets the quantity of @product_id in @basket (grams for weighed goods). */
static inline void
put_in_basket (HandlaBasket    *basket,
               HandlaCatalogue *catalogue,
               const char      *product_id,
               guint            quantity)
{
  g_autoptr(HandlaProduct) product = find_product (catalogue, product_id);

  handla_basket_set_quantity (basket, product, quantity);
}

static inline void
reload_basket (HandlaBasket *basket)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_basket_load_async (basket, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_basket_load_finish (basket, result, &error));
  g_assert_no_error (error);
}

/* ---- orders ---------------------------------------------------------------------- */

static inline void
load_orders (HandlaOrders *orders)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_orders_load_async (orders, NULL, got_result_cb, &result);
  wait_for (&result);
  g_assert_true (handla_orders_load_finish (orders, result, &error));
  g_assert_no_error (error);
}

/* "Send order"; the order, or NULL with @error set. */
static inline HandlaOrder *
send_basket (HandlaOrders      *orders,
             HandlaBasket      *basket,
             HandlaOrderDraft  *draft,
             GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_orders_send_basket_async (orders, basket, draft, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_orders_send_basket_finish (orders, result, error);
}

static inline gboolean
change_order (HandlaOrders      *orders,
              HandlaOrder       *order,
              HandlaOrderDraft  *draft,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_orders_change_async (orders, order, draft, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_orders_change_finish (orders, result, error);
}

static inline gboolean
cancel_order (HandlaOrders  *orders,
              HandlaOrder   *order,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_orders_cancel_async (orders, order, NULL, got_result_cb, &result);
  wait_for (&result);

  return handla_orders_cancel_finish (orders, result, error);
}

/* Runs what is ready, then spins until the outbox has finished its step. */
static inline void
wait_until_idle (HandlaOrders *orders)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  while (handla_orders_get_busy (orders))
    g_main_context_iteration (NULL, TRUE);
}

/* Moves a fake @clock to when @order's next try is due and waits for
 * the outbox to have tried. */
static inline void
advance_to_next_try (HandlaClock  *clock,
                     HandlaOrders *orders,
                     HandlaOrder  *order)
{
  GDateTime *next_try = handla_order_get_next_try (order);

  g_assert_nonnull (next_try);
  handla_clock_set_now (clock, next_try);
  wait_until_idle (orders);
}
