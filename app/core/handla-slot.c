/* handla-slot.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "handla-cutoff.h"
#include "handla-slot-private.h"
#include "handla-supplier-client-private.h"

/*
 * Delivery slots as the supplier lists them for one customer
 * (GET /v1/customers/{id}/slots), and holds on them
 * (POST /v1/customers/{id}/slot-holds). Both objects are immutable
 * snapshots of one answer.
 */

struct _HandlaSlot
{
  GObject    parent_instance;

  char      *id;
  GDateTime *start;
  GDateTime *end;
  GDateTime *cutoff;
  gint64     fee;
  gint64     minimum_order;
  gboolean   available;
  char      *unavailable_reason;
  HandlaSlotUnavailable unavailable;
};

G_DEFINE_FINAL_TYPE (HandlaSlot, handla_slot, G_TYPE_OBJECT)

struct _HandlaSlotHold
{
  GObject     parent_instance;

  char       *id;
  HandlaSlot *slot;
  GDateTime  *expires_at;
};

G_DEFINE_FINAL_TYPE (HandlaSlotHold, handla_slot_hold, G_TYPE_OBJECT)

/* ---- parsing ------------------------------------------------------------ */

static GDateTime *
member_date_time (JsonObject *object,
                  const char *member)
{
  const char *text = json_object_get_string_member_with_default (object, member, NULL);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
member_ore (JsonObject *object,
            const char *member,
            gboolean    required,
            gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out = json_node_get_int (node);
  return *out >= 0;
}

/* An unknown reason reads as "other" (the protocol says so). */
static HandlaSlotUnavailable
parse_unavailable (const char *reason)
{
  static const struct {
    const char            *code;
    HandlaSlotUnavailable  value;
  } reasons[] = {
    { "full", HANDLA_SLOT_UNAVAILABLE_FULL },
    { "cutoff_passed", HANDLA_SLOT_UNAVAILABLE_CUTOFF_PASSED },
    { "closed", HANDLA_SLOT_UNAVAILABLE_CLOSED },
    { "not_delivered_to_address", HANDLA_SLOT_UNAVAILABLE_NOT_DELIVERED_TO_ADDRESS },
  };

  for (guint i = 0; reason != NULL && i < G_N_ELEMENTS (reasons); i++)
    if (g_str_equal (reason, reasons[i].code))
      return reasons[i].value;

  return HANDLA_SLOT_UNAVAILABLE_OTHER;
}

static HandlaSlot *
slot_from_json (JsonNode *node)
{
  g_autoptr(HandlaSlot) slot = NULL;
  JsonObject *object;
  JsonObject *window;
  JsonNode *available;
  const char *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  id = json_object_get_string_member_with_default (object, "id", NULL);
  window = json_object_has_member (object, "window") &&
           JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "window"))
             ? json_object_get_object_member (object, "window") : NULL;
  available = json_object_get_member (object, "available");
  if (id == NULL || window == NULL || available == NULL ||
      json_node_get_value_type (available) != G_TYPE_BOOLEAN)
    return NULL;

  slot = g_object_new (HANDLA_TYPE_SLOT, NULL);
  slot->id = g_strdup (id);
  slot->start = member_date_time (window, "start");
  slot->end = member_date_time (window, "end");
  slot->cutoff = member_date_time (object, "cutoff");
  slot->available = json_node_get_boolean (available);
  slot->unavailable_reason = g_strdup (json_object_get_string_member_with_default (object,
                                                                                   "unavailable_text",
                                                                                   NULL));

  slot->unavailable = slot->available
                      ? HANDLA_SLOT_UNAVAILABLE_NONE
                      : parse_unavailable (json_object_get_string_member_with_default (object,
                                                                                       "unavailable_reason",
                                                                                       NULL));

  if (slot->start == NULL || slot->end == NULL || slot->cutoff == NULL ||
      g_date_time_compare (slot->start, slot->end) >= 0 ||
      !member_ore (object, "fee_ore", TRUE, &slot->fee) ||
      !member_ore (object, "minimum_order_ore", FALSE, &slot->minimum_order))
    return NULL;

  return g_steal_pointer (&slot);
}

/* A slot from one member of the protocol's SlotList, or NULL if it is
 * not a valid one (for the tests). */
HandlaSlot *
_handla_slot_new_from_json (JsonNode *node)
{
  return slot_from_json (node);
}

static void
set_bad_answer (GError     **error,
                const char  *what)
{
  g_propagate_error (error, _handla_supplier_bad_answer_error (what));
}

/* ---- HandlaSlot --------------------------------------------------------- */

static void
handla_slot_finalize (GObject *object)
{
  HandlaSlot *self = (HandlaSlot *)object;

  g_free (self->id);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_clear_pointer (&self->cutoff, g_date_time_unref);
  g_free (self->unavailable_reason);

  G_OBJECT_CLASS (handla_slot_parent_class)->finalize (object);
}

static void
handla_slot_class_init (HandlaSlotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = handla_slot_finalize;
}

static void
handla_slot_init (HandlaSlot *self)
{
}

const char *
handla_slot_get_id (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), NULL);

  return self->id;
}

GDateTime *
handla_slot_get_start (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), NULL);

  return self->start;
}

GDateTime *
handla_slot_get_end (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), NULL);

  return self->end;
}

/**
 * handla_slot_get_cutoff:
 * @self: a #HandlaSlot
 *
 * Returns: (transfer none): the last moment to send, change or cancel an
 *   order for this slot
 */
GDateTime *
handla_slot_get_cutoff (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), NULL);

  return self->cutoff;
}

/* The delivery fee in öre, paid by the municipality. */
gint64
handla_slot_get_fee (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), 0);

  return self->fee;
}

/* The smallest goods total in öre the supplier delivers; 0 for none. */
gint64
handla_slot_get_minimum_order (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), 0);

  return self->minimum_order;
}

gboolean
handla_slot_get_available (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), FALSE);

  return self->available;
}

/**
 * handla_slot_get_unavailable_reason:
 * @self: a #HandlaSlot
 *
 * Returns: (nullable): why the slot cannot be booked, in the supplier's
 *   Swedish words, or %NULL
 */
const char *
handla_slot_get_unavailable_reason (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), NULL);

  return self->unavailable_reason;
}

/**
 * handla_slot_get_unavailable:
 * @self: a #HandlaSlot
 *
 * Returns: why the slot cannot be booked, or
 *   %HANDLA_SLOT_UNAVAILABLE_NONE when it can
 */
HandlaSlotUnavailable
handla_slot_get_unavailable (HandlaSlot *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT (self), HANDLA_SLOT_UNAVAILABLE_OTHER);

  return self->unavailable;
}

/* "10:00" (or "10:00:00") as minutes after midnight, or -1. */
static int
parse_clock (const char *text)
{
  guint hours, minutes;

  if (text == NULL || strlen (text) < 5 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || text[2] != ':' ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return -1;

  hours = (guint)(text[0] - '0') * 10 + (guint)(text[1] - '0');
  minutes = (guint)(text[3] - '0') * 10 + (guint)(text[4] - '0');
  if (hours > 24 || minutes > 59)
    return -1;

  return (int)(hours * 60 + minutes);
}

static int
minutes_of_day (GDateTime *local)
{
  return g_date_time_get_hour (local) * 60 + g_date_time_get_minute (local);
}

/**
 * handla_slot_matches_agreed:
 * @self: a #HandlaSlot
 * @customer: a customer
 *
 * Whether @self is the customer's agreed delivery: on the agreed weekday
 * and with exactly the agreed window, in Stockholm time.
 *
 * Returns: %TRUE if it is; %FALSE too when the customer has no agreed
 *   delivery
 */
gboolean
handla_slot_matches_agreed (HandlaSlot     *self,
                            HandlaCustomer *customer)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GDateWeekday weekday;
  int agreed_start, agreed_end;

  g_return_val_if_fail (HANDLA_IS_SLOT (self), FALSE);
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (customer), FALSE);

  weekday = handla_customer_get_agreed_weekday (customer);
  agreed_start = parse_clock (handla_customer_get_agreed_start (customer));
  agreed_end = parse_clock (handla_customer_get_agreed_end (customer));
  if (weekday == G_DATE_BAD_WEEKDAY || agreed_start < 0 || agreed_end < 0)
    return FALSE;

  start = g_date_time_to_timezone (self->start, handla_time_zone_stockholm ());
  end = g_date_time_to_timezone (self->end, handla_time_zone_stockholm ());

  /* GDateTime and GDateWeekday both count Monday as 1. */
  return g_date_time_get_day_of_week (start) == (int)weekday &&
         minutes_of_day (start) == agreed_start &&
         minutes_of_day (end) == agreed_end;
}

/**
 * handla_slots_find_agreed:
 * @slots: a #GListModel of #HandlaSlot, in order of start
 * @customer: a customer
 * @now: the time now
 *
 * The next slot that is the customer's agreed delivery: the first one
 * that matches (handla_slot_matches_agreed()) and whose cutoff has not
 * passed, whether it can be booked or not (a full one says why the usual
 * time cannot be had). Slots past their cutoff are skipped, so next
 * week's agreed day is found when this week's is too late.
 *
 * Returns: (transfer none) (nullable): that slot, or %NULL if there is
 *   none in @slots
 */
HandlaSlot *
handla_slots_find_agreed (GListModel     *slots,
                          HandlaCustomer *customer,
                          GDateTime      *now)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (slots), NULL);
  g_return_val_if_fail (HANDLA_IS_CUSTOMER (customer), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (slots); i++)
    {
      g_autoptr(HandlaSlot) slot = g_list_model_get_item (slots, i);

      if (slot->unavailable == HANDLA_SLOT_UNAVAILABLE_CUTOFF_PASSED ||
          g_date_time_compare (now, slot->cutoff) >= 0)
        continue;
      if (handla_slot_matches_agreed (slot, customer))
        return slot;  /* the model keeps its reference */
    }

  return NULL;
}

/* ---- HandlaSlotHold ----------------------------------------------------- */

static void
handla_slot_hold_finalize (GObject *object)
{
  HandlaSlotHold *self = (HandlaSlotHold *)object;

  g_free (self->id);
  g_clear_object (&self->slot);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (handla_slot_hold_parent_class)->finalize (object);
}

static void
handla_slot_hold_class_init (HandlaSlotHoldClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = handla_slot_hold_finalize;
}

static void
handla_slot_hold_init (HandlaSlotHold *self)
{
}

const char *
handla_slot_hold_get_id (HandlaSlotHold *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT_HOLD (self), NULL);

  return self->id;
}

HandlaSlot *
handla_slot_hold_get_slot (HandlaSlotHold *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT_HOLD (self), NULL);

  return self->slot;
}

GDateTime *
handla_slot_hold_get_expires_at (HandlaSlotHold *self)
{
  g_return_val_if_fail (HANDLA_IS_SLOT_HOLD (self), NULL);

  return self->expires_at;
}

/* ---- requests ----------------------------------------------------------- */

static char *
customer_path (const char *customer_id,
               const char *rest)
{
  g_autofree char *escaped = g_uri_escape_string (customer_id, NULL, FALSE);

  return g_strconcat ("/v1/customers/", escaped, rest, NULL);
}

static void
slots_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  HandlaSupplierClient *client = HANDLA_SUPPLIER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HandlaSupplierReply) reply = NULL;
  g_autoptr(GListStore) slots = g_list_store_new (HANDLA_TYPE_SLOT);
  GError *error = NULL;
  JsonArray *array;

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

  if (!json_object_has_member (json_node_get_object (reply->json), "slots") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (reply->json), "slots")))
    {
      set_bad_answer (&error, _("no slots"));
      g_task_return_error (task, error);
      return;
    }

  array = json_object_get_array_member (json_node_get_object (reply->json), "slots");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(HandlaSlot) slot = slot_from_json (json_array_get_element (array, i));

      if (slot == NULL)
        {
          set_bad_answer (&error, _("a slot is not valid"));
          g_task_return_error (task, error);
          return;
        }
      g_list_store_append (slots, slot);
    }

  g_task_return_pointer (task, g_steal_pointer (&slots), g_object_unref);
}

/**
 * handla_supplier_client_list_slots_async:
 * @self: a #HandlaSupplierClient
 * @customer_id: the customer
 * @from: the first delivery day
 * @to: the last delivery day
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Lists the delivery slots the supplier offers the customer, in time order.
 */
void
handla_supplier_client_list_slots_async (HandlaSupplierClient *self,
                                         const char           *customer_id,
                                         GDate                *from,
                                         GDate                *to,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  char from_text[16], to_text[16];

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_supplier_client_list_slots_async);

  g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", from);
  g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", to);
  base = customer_path (customer_id, "/slots");
  path = g_strdup_printf ("%s?from=%s&to=%s", base, from_text, to_text);

  _handla_supplier_client_request_async (self, SOUP_METHOD_GET, path, NULL, NULL,
                                         cancellable, slots_listed_cb, g_steal_pointer (&task));
}

/**
 * handla_supplier_client_list_slots_finish:
 * @self: a #HandlaSupplierClient
 * @result: the #GAsyncResult
 * @error: return location for a %HANDLA_SUPPLIER_ERROR
 *
 * Returns: (transfer full): a #GListModel of #HandlaSlot
 */
GListModel *
handla_supplier_client_list_slots_finish (HandlaSupplierClient  *self,
                                          GAsyncResult          *result,
                                          GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
slot_held_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  HandlaSupplierClient *client = HANDLA_SUPPLIER_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(HandlaSupplierReply) reply = NULL;
  g_autoptr(HandlaSlotHold) hold = NULL;
  GError *error = NULL;
  JsonObject *object_;
  const char *id;

  reply = _handla_supplier_client_request_finish (client, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (reply->status == SOUP_STATUS_CONFLICT)
    {
      g_task_return_new_error (task, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_REFUSED,
                               "%s", _("This delivery time can no longer be booked. "
                                       "Choose another one."));
      return;
    }

  if (reply->status != SOUP_STATUS_OK && reply->status != SOUP_STATUS_CREATED)
    {
      g_task_return_error (task, _handla_supplier_client_error_for_reply (client, reply));
      return;
    }

  object_ = json_node_get_object (reply->json);
  id = json_object_get_string_member_with_default (object_, "hold_id", NULL);
  hold = g_object_new (HANDLA_TYPE_SLOT_HOLD, NULL);
  hold->id = g_strdup (id);
  hold->expires_at = member_date_time (object_, "expires_at");
  hold->slot = slot_from_json (json_object_get_member (object_, "slot"));
  if (hold->id == NULL || hold->expires_at == NULL || hold->slot == NULL)
    {
      set_bad_answer (&error, _("no valid hold"));
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&hold), g_object_unref);
}

/**
 * handla_supplier_client_hold_slot_async:
 * @self: a #HandlaSupplierClient
 * @customer_id: the customer
 * @slot_id: the slot to hold
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Holds the slot for the customer; holding it again renews the hold. A
 * customer has one hold: a new one releases the old.
 */
void
handla_supplier_client_hold_slot_async (HandlaSupplierClient *self,
                                        const char           *customer_id,
                                        const char           *slot_id,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (HANDLA_IS_SUPPLIER_CLIENT (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (slot_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_supplier_client_hold_slot_async);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "slot_id");
  json_builder_add_string_value (builder, slot_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = customer_path (customer_id, "/slot-holds");
  _handla_supplier_client_request_async (self, SOUP_METHOD_POST, path, NULL, body,
                                         cancellable, slot_held_cb, g_steal_pointer (&task));
}

/**
 * handla_supplier_client_hold_slot_finish:
 * @self: a #HandlaSupplierClient
 * @result: the #GAsyncResult
 * @error: return location for a %HANDLA_SUPPLIER_ERROR
 *
 * Returns: (transfer full): the hold
 */
HandlaSlotHold *
handla_supplier_client_hold_slot_finish (HandlaSupplierClient  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
