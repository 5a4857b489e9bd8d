/* handla-context.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-context.h"
#include "handla-sql.h"

/*
 * The services of one running Handla, after gnome-calendar's GcalContext:
 * the store, the catalogue, the clock, the settings and, until visits
 * exist, the demo customer's basket. The application owns one context
 * and hands it to its pages; nothing in Handla is global.
 *
 * On creation the demo customer is written to the store (if it is not
 * there yet) and the basket starts loading; both are store jobs, so they
 * run in that order before anything the UI queues later. Whenever the
 * catalogue changes the basket is loaded again, so its lines carry the
 * new products (and lines whose product is gone show as not available).
 */

#define DEMO_CUSTOMER_NAME "Anna K."

struct _HandlaContext
{
  GObject          parent_instance;

  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  HandlaBasket    *basket;
  HandlaClock     *clock;
  GSettings       *settings;

  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaContext, handla_context, G_TYPE_OBJECT)

typedef struct
{
  char *id;
  char *display_name;
} Customer;

static void
customer_free (gpointer data)
{
  Customer *customer = data;

  g_free (customer->id);
  g_free (customer->display_name);
  g_free (customer);
}

static gpointer
ensure_customer_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  Customer *customer = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db,
                             "INSERT OR IGNORE INTO customer (id, display_name) VALUES (?, ?)",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, customer->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, customer->display_name, -1, SQLITE_STATIC);

  if (!handla_sql_step_done (stmt, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

static void
customer_ensured_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not add the demo customer: %s", error->message);
}

static void
basket_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!handla_basket_load_finish (HANDLA_BASKET (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not load the basket: %s", error->message);
}

static void
catalogue_changed_cb (HandlaContext   *self,
                      HandlaCatalogue *catalogue)
{
  handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);
}

static void
handla_context_dispose (GObject *object)
{
  HandlaContext *self = (HandlaContext *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);

  g_clear_object (&self->basket);
  g_clear_object (&self->catalogue);
  if (self->store != NULL)
    handla_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (handla_context_parent_class)->dispose (object);
}

static void
handla_context_finalize (GObject *object)
{
  HandlaContext *self = (HandlaContext *)object;

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (handla_context_parent_class)->finalize (object);
}

static void
handla_context_class_init (HandlaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_context_dispose;
  object_class->finalize = handla_context_finalize;
}

static void
handla_context_init (HandlaContext *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * handla_context_new:
 * @db_path: the database file; its folder is made if needed
 * @clock: (nullable): the clock to use; %NULL for the real one
 * @settings: (nullable): the app's settings, or %NULL (tests)
 *
 * Opens the store and starts loading the demo customer's basket. Does
 * not block. Call it on the thread whose main context the UI runs; the
 * signals of the catalogue and the basket come on that context.
 *
 * Disposing the context closes the store (after running what is queued).
 *
 * Returns: (transfer full): a new #HandlaContext
 */
HandlaContext *
handla_context_new (const char  *db_path,
                    HandlaClock *clock,
                    GSettings   *settings)
{
  HandlaContext *self;
  Customer *customer;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (clock == NULL || HANDLA_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HANDLA_TYPE_CONTEXT, NULL);
  self->clock = clock != NULL ? g_object_ref (clock) : handla_clock_new ();
  self->store = handla_store_new (db_path);
  self->catalogue = handla_catalogue_new (self->store, self->clock);
  self->basket = handla_basket_new (self->store, self->clock, HANDLA_DEMO_CUSTOMER_ID);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;

  g_signal_connect_object (self->catalogue,
                           "changed",
                           G_CALLBACK (catalogue_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  customer = g_new0 (Customer, 1);
  customer->id = g_strdup (HANDLA_DEMO_CUSTOMER_ID);
  customer->display_name = g_strdup (DEMO_CUSTOMER_NAME);
  handla_store_run_async (self->store,
                          ensure_customer_job,
                          customer,
                          customer_free,
                          NULL,
                          self->cancellable,
                          customer_ensured_cb,
                          NULL);

  handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);

  return self;
}

HandlaStore *
handla_context_get_store (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->store;
}

HandlaCatalogue *
handla_context_get_catalogue (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->catalogue;
}

HandlaBasket *
handla_context_get_basket (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->basket;
}

HandlaClock *
handla_context_get_clock (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->clock;
}

/**
 * handla_context_get_settings:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): the settings, %NULL in tests
 */
GSettings *
handla_context_get_settings (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->settings;
}
