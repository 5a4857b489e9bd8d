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
 * the store, the catalogue, the clock, the settings, and the visit: one
 * customer on screen at a time, or none. The application owns one context
 * and hands it to its pages; nothing in Handla is global.
 *
 * A new context has no visit: the basket belongs to nobody until
 * handla_context_begin_visit(). Whenever the catalogue changes the basket
 * is loaded again, so its lines carry the new products (and lines whose
 * product is gone show as not available).
 */

struct _HandlaContext
{
  GObject          parent_instance;

  HandlaStore     *store;
  HandlaCatalogue *catalogue;
  HandlaBasket    *basket;
  HandlaClock     *clock;
  GSettings       *settings;

  HandlaOrders         *orders;
  HandlaCustomers      *customers;        /* the unit's, as last listed */
  HandlaSupplierClient *supplier_client;  /* NULL without a supplier */
  HandlaSlotHold       *slot_hold;        /* the delivery chosen for the basket */
  HandlaBasketSync     *basket_sync;      /* NULL without a supplier */
  HandlaDeliveryNotes  *delivery_notes;   /* the basket's customer's */

  /* The visit: one customer on screen at a time, or none. */
  HandlaCustomer       *customer;
  HandlaOrderMode       visit_mode;
  GDateTime            *visit_started;
  GArray               *visit_orders;     /* local ids sent or changed */
  HandlaOrder          *change_order;     /* the order being changed, or NULL */

  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaContext, handla_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SUPPLIER_CLIENT,
  PROP_SLOT_HOLD,
  PROP_CUSTOMER,
  PROP_CHANGE_ORDER,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

enum {
  BASKET_NOTICE,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

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
orders_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!handla_orders_load_finish (HANDLA_ORDERS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not load the orders: %s", error->message);
}

static void
customers_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!handla_customers_load_finish (HANDLA_CUSTOMERS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not load the customers: %s", error->message);
}

static void
customers_refreshed_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The list kept from before stays; the next refresh tries again (not
   * enrolled yet: handla_context_supplier_ready() does). */
  if (!handla_customers_refresh_finish (HANDLA_CUSTOMERS (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNAUTHORIZED))
    g_message ("Could not list the customers: %s", error->message);
}

/* The unit's customers, again from the supplier: when the app gets its
 * supplier, and whenever the network returns. */
static void
refresh_customers (HandlaContext *self)
{
  if (self->supplier_client == NULL ||
      !handla_supplier_client_get_online (self->supplier_client))
    return;

  handla_customers_refresh_async (self->customers, self->supplier_client, self->cancellable,
                                  customers_refreshed_cb, NULL);
}

static void
client_online_cb (HandlaContext *self)
{
  refresh_customers (self);
}

static void
catalogue_changed_cb (HandlaContext   *self,
                      HandlaCatalogue *catalogue)
{
  handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);
}

/* The delivery notes follow the customer whose basket is on screen; until
 * the customer's notes are first changed, the switches show the
 * customer's flags. */
static void
follow_delivery_notes (HandlaContext *self)
{
  const char *id = handla_basket_get_customer_id (self->basket);
  HandlaCustomer *customer = NULL;

  if (id != NULL && self->customer != NULL &&
      g_strcmp0 (handla_customer_get_id (self->customer), id) == 0)
    customer = self->customer;
  else if (id != NULL)
    customer = handla_customers_lookup (self->customers, id);

  handla_delivery_notes_set_customer (self->delivery_notes, id,
                                      customer != NULL && handla_customer_get_carer_present (customer),
                                      customer != NULL && handla_customer_get_needs_unpacking (customer));
}

static void
handla_context_dispose (GObject *object)
{
  HandlaContext *self = (HandlaContext *)object;

  g_cancellable_cancel (self->cancellable);

  if (self->catalogue != NULL)
    g_signal_handlers_disconnect_by_data (self->catalogue, self);

  if (self->basket_sync != NULL)
    g_signal_handlers_disconnect_by_data (self->basket_sync, self);
  g_clear_object (&self->basket_sync);
  if (self->basket != NULL)
    g_signal_handlers_disconnect_by_data (self->basket, self);
  g_clear_object (&self->delivery_notes);
  g_clear_object (&self->basket);
  g_clear_object (&self->orders);
  g_clear_object (&self->customers);
  g_clear_object (&self->catalogue);
  if (self->store != NULL)
    handla_store_close (self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_object (&self->settings);
  g_clear_object (&self->supplier_client);
  g_clear_object (&self->slot_hold);
  g_clear_object (&self->customer);
  g_clear_object (&self->change_order);
  g_clear_pointer (&self->visit_started, g_date_time_unref);
  g_array_set_size (self->visit_orders, 0);

  G_OBJECT_CLASS (handla_context_parent_class)->dispose (object);
}

static void
handla_context_finalize (GObject *object)
{
  HandlaContext *self = (HandlaContext *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->visit_orders, g_array_unref);

  G_OBJECT_CLASS (handla_context_parent_class)->finalize (object);
}

static void
handla_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HandlaContext *self = HANDLA_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SUPPLIER_CLIENT:
      g_value_set_object (value, self->supplier_client);
      break;

    case PROP_SLOT_HOLD:
      g_value_set_object (value, self->slot_hold);
      break;

    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    case PROP_CHANGE_ORDER:
      g_value_set_object (value, self->change_order);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_context_class_init (HandlaContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_context_dispose;
  object_class->finalize = handla_context_finalize;
  object_class->get_property = handla_context_get_property;

  properties[PROP_SUPPLIER_CLIENT] =
    g_param_spec_object ("supplier-client", NULL, NULL,
                         HANDLA_TYPE_SUPPLIER_CLIENT,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SLOT_HOLD] =
    g_param_spec_object ("slot-hold", NULL, NULL,
                         HANDLA_TYPE_SLOT_HOLD,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaContext:customer: (nullable)
   *
   * The customer of the visit under way, or %NULL between visits.
   */
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         HANDLA_TYPE_CUSTOMER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaContext:change-order: (nullable)
   *
   * The order whose change is on screen instead of the basket
   * (handla_context_begin_change()), or %NULL.
   */
  properties[PROP_CHANGE_ORDER] =
    g_param_spec_object ("change-order", NULL, NULL,
                         HANDLA_TYPE_ORDER,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HandlaContext::basket-notice:
   * @self: the context
   * @text: what the carer should know, in words: the basket was merged
   *   with changes from another tablet, or the supplier refused it
   *
   * Says something about the basket's sync with the supplier.
   */
  signals[BASKET_NOTICE] =
    g_signal_new ("basket-notice",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING);
}

static void
handla_context_init (HandlaContext *self)
{
  self->cancellable = g_cancellable_new ();
  self->visit_orders = g_array_new (FALSE, FALSE, sizeof (gint64));
}

/**
 * handla_context_new:
 * @db_path: the database file; its folder is made if needed
 * @clock: (nullable): the clock to use; %NULL for the real one
 * @settings: (nullable): the app's settings, or %NULL (tests)
 *
 * Opens the store and starts loading the orders and the unit's customers.
 * There is no visit yet: the basket is nobody's. Does not block. Call it on the thread whose main context the UI runs; the
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

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (clock == NULL || HANDLA_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (HANDLA_TYPE_CONTEXT, NULL);
  self->clock = clock != NULL ? g_object_ref (clock) : handla_clock_new ();
  self->store = handla_store_new (db_path);
  self->catalogue = handla_catalogue_new (self->store, self->clock);
  self->basket = handla_basket_new (self->store, self->clock, NULL);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  self->orders = handla_orders_new (self->store, self->clock);
  self->customers = handla_customers_new (self->store);

  g_signal_connect_object (self->catalogue,
                           "changed",
                           G_CALLBACK (catalogue_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);

  handla_orders_load_async (self->orders, self->cancellable, orders_loaded_cb, NULL);
  handla_customers_load_async (self->customers, self->cancellable, customers_loaded_cb, NULL);

  self->delivery_notes = handla_delivery_notes_new (self->store, self->clock);
  g_signal_connect_object (self->basket, "notify::customer-id",
                           G_CALLBACK (follow_delivery_notes), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::customer", G_CALLBACK (follow_delivery_notes), NULL);
  follow_delivery_notes (self);

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

/**
 * handla_context_get_customer_name:
 * @self: a #HandlaContext
 *
 * Returns: (nullable): the display name of the visit's customer, e.g.
 *   "Anna K.", or %NULL between visits
 */
const char *
handla_context_get_customer_name (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  if (self->customer != NULL)
    return handla_customer_get_display_name (self->customer);

  return NULL;
}

/**
 * handla_context_get_delivery_notes:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none): the delivery notes of the customer whose
 *   basket is on screen (none between visits); every change is written
 *   at once
 */
HandlaDeliveryNotes *
handla_context_get_delivery_notes (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->delivery_notes;
}

/**
 * handla_context_begin_visit:
 * @self: a #HandlaContext
 * @customer: the customer the carer opened
 * @mode: whether the customer takes part, or the carer orders alone
 *
 * Shows @customer's basket (from the store at once, then merged with the
 * supplier's copy) and forgets the delivery time chosen for anyone else.
 * The mode is kept for the visit and goes on its order.
 */
void
handla_context_begin_visit (HandlaContext   *self,
                            HandlaCustomer  *customer,
                            HandlaOrderMode  mode)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));
  g_return_if_fail (HANDLA_IS_CUSTOMER (customer));

  handla_context_end_change (self);
  g_set_object (&self->customer, customer);
  self->visit_mode = mode;
  g_clear_pointer (&self->visit_started, g_date_time_unref);
  self->visit_started = handla_clock_get_now (self->clock);
  g_array_set_size (self->visit_orders, 0);

  handla_context_set_slot_hold (self, NULL);
  handla_basket_set_customer_id (self->basket, handla_customer_get_id (customer));
  handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);
  handla_orders_follow (self->orders, handla_customer_get_id (customer));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

/**
 * handla_context_end_visit:
 * @self: a #HandlaContext
 *
 * The customer leaves the screen and memory: the basket shows nobody's
 * lines (what was changed is still written and sent), and the delivery
 * time chosen is forgotten.
 */
void
handla_context_end_visit (HandlaContext *self)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));

  if (self->customer == NULL)
    return;

  handla_context_end_change (self);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->visit_started, g_date_time_unref);
  g_array_set_size (self->visit_orders, 0);
  handla_context_set_slot_hold (self, NULL);
  handla_basket_set_customer_id (self->basket, NULL);
  handla_orders_follow (self->orders, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

/**
 * handla_context_get_customer:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): the customer of the visit, or
 *   %NULL between visits
 */
HandlaCustomer *
handla_context_get_customer (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->customer;
}

/* Together with the customer, or on the customer's behalf. */
HandlaOrderMode
handla_context_get_visit_mode (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), HANDLA_ORDER_MODE_TOGETHER);

  return self->visit_mode;
}

/**
 * handla_context_get_visit_started:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): when the visit began, for the
 *   visit summary, or %NULL between visits
 */
GDateTime *
handla_context_get_visit_started (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->visit_started;
}

/**
 * handla_context_add_visit_order:
 * @self: a #HandlaContext
 * @local_id: an order of the visit's customer
 *
 * Notes that the carer sent, changed or cancelled the order during this
 * visit, for the visit summary. Does nothing between visits.
 */
void
handla_context_add_visit_order (HandlaContext *self,
                                gint64         local_id)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));

  if (self->customer == NULL)
    return;

  for (guint i = 0; i < self->visit_orders->len; i++)
    if (g_array_index (self->visit_orders, gint64, i) == local_id)
      return;

  g_array_append_val (self->visit_orders, local_id);
}

/**
 * handla_context_get_visit_orders:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (element-type gint64): the local ids of the
 *   orders sent, changed or cancelled during this visit, in that order
 *   (empty between visits)
 */
GArray *
handla_context_get_visit_orders (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->visit_orders;
}

/**
 * handla_context_get_carer_id:
 * @self: a #HandlaContext
 *
 * The carer who is signed in, whose id goes on every order.
 *
 * A placeholder until the Lock screen signs carers in with their PIN:
 * always %HANDLA_DEMO_CARER_ID.
 *
 * Returns: the carer's id
 */
const char *
handla_context_get_carer_id (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return HANDLA_DEMO_CARER_ID;
}

static void
basket_merged_cb (HandlaContext     *self,
                  const char        *customer_id,
                  HandlaBasketMerge *merge)
{
  g_autofree char *text = NULL;

  /* Only the basket on screen; another customer's merge is kept quietly. */
  if (g_strcmp0 (customer_id, handla_basket_get_customer_id (self->basket)) != 0)
    return;

  text = handla_basket_merge_format_message (merge, handla_context_get_customer_name (self));
  if (text != NULL)
    g_signal_emit (self, signals[BASKET_NOTICE], 0, text);
}

static void
basket_sync_failed_cb (HandlaContext *self,
                       const char    *customer_id,
                       const GError  *error)
{
  /* Not enrolled yet: the application enrols, says so if that fails, and
   * then calls handla_context_supplier_ready(). */
  if (g_error_matches (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNAUTHORIZED))
    return;

  if (g_strcmp0 (customer_id, handla_basket_get_customer_id (self->basket)) == 0)
    g_signal_emit (self, signals[BASKET_NOTICE], 0, error->message);
}

/* The basket's sync follows the supplier client: a new one for a new
 * client, none without one. */
static void
set_up_basket_sync (HandlaContext *self)
{
  if (self->basket_sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->basket_sync, self);
      handla_basket_sync_set_basket (self->basket_sync, NULL);
      g_clear_object (&self->basket_sync);
    }

  if (self->supplier_client == NULL)
    return;

  self->basket_sync = handla_basket_sync_new (self->store, self->clock, self->supplier_client);
  g_signal_connect_object (self->basket_sync, "merged",
                           G_CALLBACK (basket_merged_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->basket_sync, "sync-failed",
                           G_CALLBACK (basket_sync_failed_cb), self, G_CONNECT_SWAPPED);
  handla_basket_sync_set_basket (self->basket_sync, self->basket);
  handla_basket_sync_start (self->basket_sync);
}

/**
 * handla_context_get_supplier_client:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): the client of the supplier, or %NULL
 *   when Handla runs on a catalogue file only
 */
HandlaSupplierClient *
handla_context_get_supplier_client (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->supplier_client;
}

void
handla_context_set_supplier_client (HandlaContext        *self,
                                    HandlaSupplierClient *client)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));
  g_return_if_fail (client == NULL || HANDLA_IS_SUPPLIER_CLIENT (client));

  if (self->supplier_client != NULL && self->supplier_client != client)
    g_signal_handlers_disconnect_by_func (self->supplier_client, client_online_cb, self);

  if (g_set_object (&self->supplier_client, client))
    {
      /* The outbox sends through it, now and whenever it is online. */
      handla_orders_set_client (self->orders, client);
      set_up_basket_sync (self);
      if (client != NULL)
        g_signal_connect_object (client, "notify::online",
                                 G_CALLBACK (client_online_cb), self, G_CONNECT_SWAPPED);
      refresh_customers (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUPPLIER_CLIENT]);
    }
}

/**
 * handla_context_get_basket_sync:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): what keeps the basket in step with
 *   the supplier's copy, or %NULL without a supplier
 */
HandlaBasketSync *
handla_context_get_basket_sync (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->basket_sync;
}

/**
 * handla_context_supplier_ready:
 * @self: a #HandlaContext
 *
 * Says the tablet has just enrolled with its supplier: what waited for
 * a token (the customer list, the basket, the orders) goes now.
 */
void
handla_context_supplier_ready (HandlaContext *self)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));

  if (self->supplier_client == NULL)
    return;

  refresh_customers (self);
  if (self->basket_sync != NULL)
    handla_basket_sync_start (self->basket_sync);
  handla_orders_send_now (self->orders);
}

/**
 * handla_context_get_customers:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none): the unit's customers, as the supplier last
 *   listed them (kept on the tablet)
 */
HandlaCustomers *
handla_context_get_customers (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->customers;
}

/* The tablet's orders, and the outbox that sends them. */
HandlaOrders *
handla_context_get_orders (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->orders;
}

/**
 * handla_context_get_slot_hold:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): the delivery slot held for the
 *   basket, or %NULL before one is chosen
 */
HandlaSlotHold *
handla_context_get_slot_hold (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->slot_hold;
}

void
handla_context_set_slot_hold (HandlaContext  *self,
                              HandlaSlotHold *hold)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));
  g_return_if_fail (hold == NULL || HANDLA_IS_SLOT_HOLD (hold));

  if (g_set_object (&self->slot_hold, hold))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SLOT_HOLD]);
}

/* ---- changing a sent order ---------------------------------------------------- */

/**
 * handla_context_begin_change:
 * @self: a #HandlaContext
 * @order: an order of the visit's customer that can still be changed
 *   (handla_order_can_change())
 *
 * "Change order": the basket goes into change mode
 * (handla_basket_set_change_order()) and shows the order's lines, or the
 * change of it begun earlier and not sent, to edit with the basket's own
 * steppers, choices and notes; products added anywhere go into the
 * change. The customer's basket is kept as it is and comes back with
 * handla_context_end_change() or handla_context_send_change_async().
 */
void
handla_context_begin_change (HandlaContext *self,
                             HandlaOrder   *order)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));
  g_return_if_fail (HANDLA_IS_ORDER (order));
  g_return_if_fail (g_strcmp0 (handla_order_get_customer_id (order),
                               handla_basket_get_customer_id (self->basket)) == 0);

  if (self->change_order == order)
    return;

  g_set_object (&self->change_order, order);
  handla_basket_set_change_order (self->basket, handla_order_get_local_id (order));
  handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE_ORDER]);
}

/**
 * handla_context_end_change:
 * @self: a #HandlaContext
 *
 * Leaves change mode: the basket shows the customer's basket again. The
 * change made so far stays on the tablet; "Change order" continues it.
 */
void
handla_context_end_change (HandlaContext *self)
{
  g_return_if_fail (HANDLA_IS_CONTEXT (self));

  if (self->change_order == NULL)
    return;

  g_clear_object (&self->change_order);
  handla_basket_set_change_order (self->basket, 0);
  if (handla_basket_get_customer_id (self->basket) != NULL)
    handla_basket_load_async (self->basket, self->cancellable, basket_loaded_cb, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE_ORDER]);
}

static void
change_forgotten_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!handla_basket_forget_change_finish (HANDLA_BASKET (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not forget a change: %s", error->message);
}

/**
 * handla_context_discard_change:
 * @self: a #HandlaContext
 *
 * Leaves change mode and forgets the change: the order stays as the
 * supplier has it.
 */
void
handla_context_discard_change (HandlaContext *self)
{
  gint64 order_id;

  g_return_if_fail (HANDLA_IS_CONTEXT (self));

  if (self->change_order == NULL)
    return;

  order_id = handla_order_get_local_id (self->change_order);
  handla_context_end_change (self);
  handla_basket_forget_change_async (self->basket, order_id, NULL, change_forgotten_cb, NULL);
}

/**
 * handla_context_get_change_order:
 * @self: a #HandlaContext
 *
 * Returns: (transfer none) (nullable): the order being changed, or %NULL
 */
HandlaOrder *
handla_context_get_change_order (HandlaContext *self)
{
  g_return_val_if_fail (HANDLA_IS_CONTEXT (self), NULL);

  return self->change_order;
}

/* What the change sends: every line of the draft with its quantity and
 * choice; every line of the order the draft no longer has, at 0. */
static HandlaOrderDraft *
change_draft_new (HandlaBasket    *basket,
                  HandlaOrder     *order,
                  HandlaOrderMode  mode)
{
  HandlaOrderDraft *draft = handla_order_draft_new (mode, HANDLA_DEMO_CARER_ID);
  GListModel *order_lines = handla_order_get_lines (order);

  for (guint i = 0; i < g_list_model_get_n_items (order_lines); i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (order_lines, i);
      const char *product_id = handla_order_line_get_product_id (line);

      if (handla_basket_find_line (basket, product_id) == NULL)
        handla_order_draft_set_line_quantity (draft, product_id, 0);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (basket)); i++)
    {
      g_autoptr(HandlaBasketLine) line = g_list_model_get_item (G_LIST_MODEL (basket), i);
      const char *product_id = handla_product_get_id (handla_basket_line_get_product (line));

      handla_order_draft_set_line_quantity (draft, product_id,
                                            handla_basket_line_get_quantity (line));
      handla_order_draft_set_line_choice (draft, product_id,
                                          handla_basket_line_get_substitution (line),
                                          handla_basket_line_get_note (line));
    }

  return draft;
}

static void
change_queued_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaContext *self = g_task_get_source_object (task);
  HandlaOrder *order = g_task_get_task_data (task);
  GError *error = NULL;

  if (!handla_orders_change_finish (HANDLA_ORDERS (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The draft is gone with the queued change: the basket comes back. */
  if (self->change_order == order)
    handla_context_end_change (self);
  g_task_return_pointer (task, g_object_ref (order), g_object_unref);
}

static void
change_flushed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaContext *self = g_task_get_source_object (task);
  HandlaOrder *order = g_task_get_task_data (task);
  g_autoptr(HandlaOrderDraft) draft = NULL;
  GError *error = NULL;

  if (!handla_basket_flush_finish (HANDLA_BASKET (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->change_order != order)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               "The change left the screen");
      return;
    }

  draft = change_draft_new (self->basket, order,
                            GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "mode")));
  handla_orders_change_async (self->orders, order, draft, g_task_get_cancellable (task),
                              change_queued_cb, g_object_ref (task));
}

/**
 * handla_context_send_change_async:
 * @self: a #HandlaContext
 * @mode: whether the customer took part in the change
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the change is in the outbox
 * @user_data: passed to @callback
 *
 * "Send changes": waits for the change's writes, then queues the change
 * of the order being changed with handla_orders_change_async(): every
 * line as edited, and the lines taken away at 0. The outbox sends it
 * like an order (now, or when the network is back); the order says
 * "change pending" until the supplier answers, and why if it refuses.
 * Once queued, change mode ends and the basket is back.
 *
 * Fails with %HANDLA_ORDERS_ERROR_NOT_CHANGEABLE when the tablet already
 * knows it is too late (the draft is then kept), and as
 * handla_orders_change_async() does.
 */
void
handla_context_send_change_async (HandlaContext       *self,
                                  HandlaOrderMode      mode,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_CONTEXT (self));
  g_return_if_fail (self->change_order != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_context_send_change_async);
  g_task_set_task_data (task, g_object_ref (self->change_order), g_object_unref);
  g_object_set_data (G_OBJECT (task), "mode", GINT_TO_POINTER (mode));
  handla_basket_flush_async (self->basket, cancellable, change_flushed_cb, g_steal_pointer (&task));
}

/**
 * handla_context_send_change_finish:
 * @self: a #HandlaContext
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the order whose change is queued, or %NULL
 *   with @error set
 */
HandlaOrder *
handla_context_send_change_finish (HandlaContext  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
