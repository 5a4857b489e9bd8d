/* handla-customer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "handla-customer-private.h"
#include "handla-supplier-client-private.h"

/*
 * The customers linked to the tablet's unit (GET /v1/customers, paged):
 * only what the tablet needs, never a full name, phone number or door
 * code. Immutable snapshots of one listing.
 */

#define MAX_CUSTOMER_PAGES 100

struct _HandlaCustomer
{
  GObject       parent_instance;

  char         *id;
  char         *display_name;
  char         *address_line;
  GDateWeekday  agreed_weekday;
  char         *agreed_start;
  char         *agreed_end;
  gboolean      needs_unpacking;
  gboolean      carer_present;
  char         *unit_phone;
  char         *language;
  char         *text_size;
  guint         n_open_orders;
  gint64        weekly_budget;  /* öre, or -1 for none */
  char         *record;         /* the supplier's JSON, as the store keeps it */
};

G_DEFINE_FINAL_TYPE (HandlaCustomer, handla_customer, G_TYPE_OBJECT)

static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static GDateWeekday
parse_weekday (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (weekdays); i++)
    if (g_strcmp0 (text, weekdays[i]) == 0)
      return (GDateWeekday)(G_DATE_MONDAY + i);

  return G_DATE_BAD_WEEKDAY;
}

static gboolean
member_boolean (JsonObject *object,
                const char *member,
                gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A whole number of öre above zero, or -1 when @member is absent or
 * anything else (a string, a fraction, zero or less): no budget. */
static gint64
member_amount (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) <= 0)
    return -1;

  return json_node_get_int (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/*
 * _handla_customer_new_from_json:
 * @node: one Customer of the protocol
 *
 * Returns: (transfer full) (nullable): the customer, or %NULL if @node
 *   lacks what the protocol requires
 */
HandlaCustomer *
_handla_customer_new_from_json (JsonNode *node)
{
  g_autoptr(HandlaCustomer) customer = NULL;
  JsonObject *object, *agreed, *contact;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  customer = g_object_new (HANDLA_TYPE_CUSTOMER, NULL);
  customer->id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
  customer->display_name = g_strdup (json_object_get_string_member_with_default (object,
                                                                                 "display_name",
                                                                                 NULL));
  customer->address_line = g_strdup (json_object_get_string_member_with_default (object,
                                                                                 "address_line",
                                                                                 NULL));
  if (customer->id == NULL || customer->display_name == NULL || customer->address_line == NULL ||
      !member_boolean (object, "needs_unpacking", &customer->needs_unpacking) ||
      !member_boolean (object, "carer_present", &customer->carer_present))
    return NULL;

  agreed = member_object (object, "agreed_delivery");
  if (agreed != NULL)
    {
      customer->agreed_weekday =
        parse_weekday (json_object_get_string_member_with_default (agreed, "weekday", NULL));
      customer->agreed_start =
        g_strdup (json_object_get_string_member_with_default (agreed, "window_start", NULL));
      customer->agreed_end =
        g_strdup (json_object_get_string_member_with_default (agreed, "window_end", NULL));
    }

  contact = member_object (object, "unit_contact");
  if (contact != NULL)
    customer->unit_phone = g_strdup (json_object_get_string_member_with_default (contact, "phone",
                                                                                 NULL));

  customer->language = g_strdup (json_object_get_string_member_with_default (object, "language",
                                                                             "sv"));
  customer->text_size = g_strdup (json_object_get_string_member_with_default (object, "text_size",
                                                                              "normal"));
  if (json_object_has_member (object, "open_order_ids") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "open_order_ids")))
    customer->n_open_orders = json_array_get_length (json_object_get_array_member (object,
                                                                                   "open_order_ids"));
  customer->weekly_budget = member_amount (object, "weekly_budget_ore");
  customer->record = json_to_string (node, FALSE);

  return g_steal_pointer (&customer);
}

static void
handla_customer_finalize (GObject *object)
{
  HandlaCustomer *self = (HandlaCustomer *)object;

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->address_line);
  g_free (self->agreed_start);
  g_free (self->agreed_end);
  g_free (self->unit_phone);
  g_free (self->language);
  g_free (self->text_size);
  g_free (self->record);

  G_OBJECT_CLASS (handla_customer_parent_class)->finalize (object);
}

static void
handla_customer_class_init (HandlaCustomerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = handla_customer_finalize;
}

static void
handla_customer_init (HandlaCustomer *self)
{
  self->agreed_weekday = G_DATE_BAD_WEEKDAY;
  self->weekly_budget = -1;
}

const char *
handla_customer_get_id (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->id;
}

/* First name and initial, e.g. "Anna K." */
const char *
handla_customer_get_display_name (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->display_name;
}

const char *
handla_customer_get_address_line (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->address_line;
}

/* The agreed delivery day, or G_DATE_BAD_WEEKDAY when none is agreed. */
GDateWeekday
handla_customer_get_agreed_weekday (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), G_DATE_BAD_WEEKDAY);

  return self->agreed_weekday;
}

/* "HH:MM" in Europe/Stockholm, or NULL. */
const char *
handla_customer_get_agreed_start (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->agreed_start;
}

const char *
handla_customer_get_agreed_end (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->agreed_end;
}

gboolean
handla_customer_get_needs_unpacking (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), FALSE);

  return self->needs_unpacking;
}

gboolean
handla_customer_get_carer_present (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), FALSE);

  return self->carer_present;
}

/* The home-care unit's phone number: the supplier's only contact. */
const char *
handla_customer_get_unit_phone (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->unit_phone;
}

/* The customer's language for the app (BCP 47, "sv" unless the supplier
 * says otherwise). */
const char *
handla_customer_get_language (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->language;
}

/* "normal", "large" or "largest": the text size the customer reads best. */
const char *
handla_customer_get_text_size (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->text_size;
}

/* How many of the customer's orders the supplier has not yet delivered
 * or cancelled (from any tablet of the unit). */
guint
handla_customer_get_n_open_orders (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), 0);

  return self->n_open_orders;
}

/**
 * handla_customer_get_weekly_budget:
 * @self: a #HandlaCustomer
 *
 * The customer's own weekly budget for groceries, if the customer asked
 * for one (the protocol's optional `weekly_budget_ore`).
 *
 * Returns: the budget in öre, or -1 when the customer has none
 */
gint64
handla_customer_get_weekly_budget (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), -1);

  return self->weekly_budget;
}

/* The supplier's record of the customer, as JSON: what the store keeps. */
const char *
_handla_customer_get_record (HandlaCustomer *self)
{
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (self), NULL);

  return self->record;
}

/* ---- listing ------------------------------------------------------------ */

static void request_customer_page (GTask      *task,
                                   const char *page);

static void
customers_listed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  HandlaSupplierClient *client = HANDLA_SUPPLIER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HandlaSupplierReply) reply = NULL;
  GListStore *customers = g_task_get_task_data (task);
  GError *error = NULL;
  JsonObject *root;
  JsonNode *list;
  const char *next_page;

  reply = _handla_supplier_client_request_finish (client, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, _handla_supplier_client_error_for_reply (client, reply));
      return;
    }

  root = json_node_get_object (reply->json);
  list = json_object_get_member (root, "customers");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_task_return_error (task, _handla_supplier_bad_answer_error (_("no customers")));
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      g_autoptr(HandlaCustomer) customer =
        _handla_customer_new_from_json (json_array_get_element (json_node_get_array (list), i));

      if (customer == NULL)
        {
          g_task_return_error (task, _handla_supplier_bad_answer_error (_("a customer is not valid")));
          return;
        }
      g_list_store_append (customers, customer);
    }

  next_page = json_object_get_string_member_with_default (root, "next_page", NULL);
  if (next_page == NULL)
    {
      g_task_return_pointer (task, g_object_ref (customers), g_object_unref);
      return;
    }

  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "pages")) >= MAX_CUSTOMER_PAGES)
    {
      g_task_return_error (task, _handla_supplier_bad_answer_error (_("too many pages")));
      return;
    }

  request_customer_page (g_steal_pointer (&task), next_page);
}

static void
request_customer_page (GTask      *task,
                       const char *page)
{
  guint pages = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (task), "pages"));
  g_autofree char *path = NULL;

  g_object_set_data (G_OBJECT (task), "pages", GUINT_TO_POINTER (pages + 1));
  if (page != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (page, NULL, FALSE);

      path = g_strconcat ("/v1/customers?page=", escaped, NULL);
    }
  else
    path = g_strdup ("/v1/customers");

  _handla_supplier_client_request_async (g_task_get_source_object (task),
                                         SOUP_METHOD_GET, path, NULL, NULL,
                                         g_task_get_cancellable (task),
                                         customers_listed_cb, task);
}

/**
 * handla_supplier_client_list_customers_async:
 * @self: a #HandlaSupplierClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Lists the customers linked to the tablet's unit, every page of them.
 */
void
handla_supplier_client_list_customers_async (HandlaSupplierClient *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_supplier_client_list_customers_async);
  g_task_set_task_data (task, g_list_store_new (HANDLA_TYPE_CUSTOMER), g_object_unref);

  request_customer_page (task, NULL);
}

/**
 * handla_supplier_client_list_customers_finish:
 * @self: a #HandlaSupplierClient
 * @result: the #GAsyncResult
 * @error: return location for a %HANDLA_SUPPLIER_ERROR
 *
 * Returns: (transfer full): a #GListModel of #HandlaCustomer, in the
 *   supplier's order (by display name)
 */
GListModel *
handla_supplier_client_list_customers_finish (HandlaSupplierClient  *self,
                                              GAsyncResult          *result,
                                              GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
