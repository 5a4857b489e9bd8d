/* handla-customers.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "handla-collate.h"
#include "handla-customer-private.h"
#include "handla-customers.h"
#include "handla-sql.h"

/*
 * The customers linked to the tablet's unit, as the supplier last listed
 * them, kept in the store (the customer table's record column) so the
 * customers screen works offline. A GListModel of HandlaCustomer in the
 * order of their names.
 *
 * A refresh writes the whole list in one transaction. A customer the
 * supplier no longer lists is unlinked, not deleted: its record (address,
 * preferences) goes at once, but its basket and orders stay until they
 * are done, so nothing the carer made is lost.
 */

struct _HandlaCustomers
{
  GObject      parent_instance;

  HandlaStore *store;
  GPtrArray   *customers;   /* of HandlaCustomer, by name */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HandlaCustomers, handla_customers, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---- store jobs ----------------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  HandlaCustomer *first = *(HandlaCustomer **)a;
  HandlaCustomer *second = *(HandlaCustomer **)b;
  int order = handla_collate_swedish (handla_customer_get_display_name (first),
                                      handla_customer_get_display_name (second));

  return order != 0 ? order : g_strcmp0 (handla_customer_get_id (first),
                                         handla_customer_get_id (second));
}

/* The linked customers with a record, by name. A record the store cannot
 * read any more is skipped: the next refresh writes it again. */
static gpointer
read_customers_job (sqlite3  *db,
                    gpointer  data,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_object_unref);
  int step;

  stmt = handla_sql_prepare (db,
                             "SELECT record FROM customer"
                             " WHERE linked = 1 AND record IS NOT NULL",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((step = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) node = json_from_string (handla_sql_column_text (stmt, 0), NULL);
      HandlaCustomer *customer = node != NULL ? _handla_customer_new_from_json (node) : NULL;

      if (customer == NULL)
        {
          g_warning ("A stored customer record could not be read; it is skipped");
          continue;
        }
      g_ptr_array_add (customers, customer);
    }
  if (step != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }

  g_ptr_array_sort (customers, compare_names);

  return g_steal_pointer (&customers);
}

/* @data: a GListModel of HandlaCustomer, the supplier's whole list. */
static gpointer
write_customers_job (sqlite3  *db,
                     gpointer  data,
                     GError  **error)
{
  GListModel *listed = data;
  g_autoptr(sqlite3_stmt) upsert = NULL;

  if (!handla_sql_begin (db, error))
    return NULL;

  if (!handla_sql_exec (db, "UPDATE customer SET linked = 0", error))
    goto failed;

  upsert = handla_sql_prepare (db,
                               "INSERT INTO customer (id, display_name, record, linked)"
                               " VALUES (?1, ?2, ?3, 1)"
                               " ON CONFLICT (id) DO UPDATE SET"
                               "  display_name = excluded.display_name,"
                               "  record = excluded.record, linked = 1",
                               error);
  if (upsert == NULL)
    goto failed;

  for (guint i = 0; i < g_list_model_get_n_items (listed); i++)
    {
      g_autoptr(HandlaCustomer) customer = g_list_model_get_item (listed, i);

      sqlite3_reset (upsert);
      sqlite3_bind_text (upsert, 1, handla_customer_get_id (customer), -1, SQLITE_STATIC);
      sqlite3_bind_text (upsert, 2, handla_customer_get_display_name (customer), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (upsert, 3, _handla_customer_get_record (customer), -1, SQLITE_STATIC);
      if (!handla_sql_step_done (upsert, error))
        goto failed;
    }

  /* No longer the unit's: keep the row for its basket and orders, not
   * what the tablet knew about the person. */
  if (!handla_sql_exec (db, "UPDATE customer SET record = NULL WHERE linked = 0", error) ||
      !handla_sql_commit (db, error))
    goto failed;

  return read_customers_job (db, NULL, error);

failed:
  handla_sql_rollback (db);
  return NULL;
}

static void
replace_customers (HandlaCustomers *self,
                   GPtrArray       *customers)
{
  guint removed = self->customers->len;

  g_ptr_array_unref (self->customers);
  self->customers = g_ptr_array_ref (customers);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, customers->len);
}

static void
customers_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaCustomers *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) customers = NULL;
  GError *error = NULL;

  customers = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (customers == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  replace_customers (self, customers);
  g_task_return_boolean (task, TRUE);
}

/* ---- API ------------------------------------------------------------------------ */

/**
 * handla_customers_new:
 * @store: the tablet's store
 *
 * An empty list; call handla_customers_load_async() for the stored one.
 */
HandlaCustomers *
handla_customers_new (HandlaStore *store)
{
  HandlaCustomers *self;

  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);

  self = g_object_new (HANDLA_TYPE_CUSTOMERS, NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * handla_customers_load_async:
 * @self: a #HandlaCustomers
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Reads the customers the supplier last listed from the store.
 */
void
handla_customers_load_async (HandlaCustomers     *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (HANDLA_IS_CUSTOMERS (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_customers_load_async);
  handla_store_run_async (self->store, read_customers_job, NULL, NULL,
                          (GDestroyNotify)g_ptr_array_unref, cancellable,
                          customers_read_cb, task);
}

gboolean
handla_customers_load_finish (HandlaCustomers  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
customers_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaCustomers *self = g_task_get_source_object (task);
  GListModel *listed;
  GError *error = NULL;

  listed = handla_supplier_client_list_customers_finish (HANDLA_SUPPLIER_CLIENT (object), result,
                                                         &error);
  if (listed == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  handla_store_run_async (self->store, write_customers_job, listed, g_object_unref,
                          (GDestroyNotify)g_ptr_array_unref, g_task_get_cancellable (task),
                          customers_read_cb, g_object_ref (task));
}

/**
 * handla_customers_refresh_async:
 * @self: a #HandlaCustomers
 * @client: the supplier
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Lists the unit's customers at the supplier and keeps the list. On any
 * error the list stays as it was, and the error says why in words.
 */
void
handla_customers_refresh_async (HandlaCustomers      *self,
                                HandlaSupplierClient *client,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (HANDLA_IS_CUSTOMERS (self));
  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_customers_refresh_async);
  handla_supplier_client_list_customers_async (client, cancellable, customers_listed_cb, task);
}

gboolean
handla_customers_refresh_finish (HandlaCustomers  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_customers_lookup:
 * @self: a #HandlaCustomers
 * @id: a customer id
 *
 * Returns: (transfer none) (nullable): the linked customer @id, or %NULL
 */
HandlaCustomer *
handla_customers_lookup (HandlaCustomers *self,
                         const char      *id)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMERS (self), NULL);

  for (guint i = 0; i < self->customers->len; i++)
    {
      HandlaCustomer *customer = g_ptr_array_index (self->customers, i);

      if (g_strcmp0 (handla_customer_get_id (customer), id) == 0)
        return customer;
    }

  return NULL;
}

/* ---- GListModel ----------------------------------------------------------------- */

static GType
handla_customers_get_item_type (GListModel *model)
{
  return HANDLA_TYPE_CUSTOMER;
}

static guint
handla_customers_get_n_items (GListModel *model)
{
  return HANDLA_CUSTOMERS (model)->customers->len;
}

static gpointer
handla_customers_get_item (GListModel *model,
                           guint       position)
{
  HandlaCustomers *self = HANDLA_CUSTOMERS (model);

  if (position >= self->customers->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->customers, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = handla_customers_get_item_type;
  iface->get_n_items = handla_customers_get_n_items;
  iface->get_item = handla_customers_get_item;
}

/* ---- GObject -------------------------------------------------------------------- */

static void
handla_customers_finalize (GObject *object)
{
  HandlaCustomers *self = (HandlaCustomers *)object;

  g_clear_pointer (&self->customers, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (handla_customers_parent_class)->finalize (object);
}

static void
handla_customers_class_init (HandlaCustomersClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = handla_customers_finalize;
}

static void
handla_customers_init (HandlaCustomers *self)
{
  self->customers = g_ptr_array_new_with_free_func (g_object_unref);
}
