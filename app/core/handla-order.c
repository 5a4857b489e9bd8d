/* handla-order.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-cutoff.h"
#include "handla-orders-private.h"

/*
 * One order on the tablet, as HandlaOrders last read it from the store.
 * Only HandlaOrders changes it (_handla_order_update()), after a
 * committed transaction; every property that changed is notified.
 *
 * The store keeps codes, not sentences: why the supplier refused the
 * order or a change (attention_code, the HTTP status and the supplier's
 * own detail), and why the last try failed (a retry reason). The words
 * for the carer are made here, when the row is read, in the UI's
 * language:
 *
 *   attention_code                 when
 *   cutoff_passed                  the order came too late for its slot
 *   slot_unavailable, hold_expired the slot is full
 *   minimum_order_not_met          below the slot's minimum
 *   validation_failed              the supplier found lines or members at fault
 *   idempotency_key_reused         the key came with another body (a bug)
 *   refused                        any other refusal (with the status)
 *   change:<code>, cancel:<code>   a change or cancellation was refused
 *                                  (cutoff_passed, order_not_changeable,
 *                                  slot_unavailable, validation_failed,
 *                                  refused); the order itself stands
 *
 *   retry reason   when
 *   offline        the tablet has no network
 *   no_answer      no answer (connection refused, reset or dropped)
 *   timeout        no answer in time
 *   bad_answer     an answer cut short, or not JSON
 *   server         a 5xx
 *   busy           429, with the seconds of Retry-After
 *   maintenance    503, with the seconds of Retry-After
 *   in_progress    409 idempotency_request_in_progress
 *   tls            the connection is not safe
 *   unauthorized   the tablet must be enrolled again
 *
 * A complaint (the delivery check) keeps its own codes, in the complaint
 * table: order_not_delivered, complaint_window_closed, validation_failed,
 * idempotency_key_reused, refused (_handla_order_describe_complaint_attention());
 * while it waits, the retry reasons above, of its own outbox row.
 */

struct _HandlaOrder
{
  GObject           parent_instance;

  gint64            local_id;
  char             *customer_id;
  HandlaOrderState  state;
  char             *supplier_id;
  char             *number;
  char             *status;
  char             *attention;
  char             *last_error;
  GDateTime        *next_try;
  GDateTime        *window_start;
  GDateTime        *window_end;
  GDateTime        *cutoff;
  guint             n_lines;
  gint64            goods_total;
  gboolean          change_pending;
  GDateTime        *created;
  char             *etag;
  GDateTime        *planned_start;
  GDateTime        *planned_end;
  gint64            pant_total;
  gint64            fees_total;
  gboolean          totals_final;
  char             *message;
  char             *complaint_answer;
  HandlaComplaintState complaint_state;
  char             *complaint_problem;
  char             *complaint_resolution;
  gint64            complaint_credit;
  GDateTime        *redelivery_start;
  GDateTime        *redelivery_end;
  char             *delivery_note;
  GListStore       *lines;            /* HandlaOrderLine */
};

G_DEFINE_FINAL_TYPE (HandlaOrder, handla_order, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (HandlaOrderState, handla_order_state,
  G_DEFINE_ENUM_VALUE (HANDLA_ORDER_STATE_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (HANDLA_ORDER_STATE_SENT, "sent"),
  G_DEFINE_ENUM_VALUE (HANDLA_ORDER_STATE_NEEDS_ATTENTION, "needs-attention"))

G_DEFINE_ENUM_TYPE (HandlaComplaintState, handla_complaint_state,
  G_DEFINE_ENUM_VALUE (HANDLA_COMPLAINT_NONE, "none"),
  G_DEFINE_ENUM_VALUE (HANDLA_COMPLAINT_QUEUED, "queued"),
  G_DEFINE_ENUM_VALUE (HANDLA_COMPLAINT_SENT, "sent"),
  G_DEFINE_ENUM_VALUE (HANDLA_COMPLAINT_ANSWERED, "answered"),
  G_DEFINE_ENUM_VALUE (HANDLA_COMPLAINT_NEEDS_ATTENTION, "needs-attention"))

enum {
  PROP_0,
  PROP_LOCAL_ID,
  PROP_CUSTOMER_ID,
  PROP_STATE,
  PROP_SUPPLIER_ID,
  PROP_NUMBER,
  PROP_STATUS,
  PROP_ATTENTION,
  PROP_LAST_ERROR,
  PROP_NEXT_TRY,
  PROP_WINDOW_START,
  PROP_WINDOW_END,
  PROP_CUTOFF,
  PROP_N_LINES,
  PROP_GOODS_TOTAL,
  PROP_CHANGE_PENDING,
  PROP_CREATED,
  PROP_PLANNED_START,
  PROP_PLANNED_END,
  PROP_PANT_TOTAL,
  PROP_FEES_TOTAL,
  PROP_TOTALS_FINAL,
  PROP_MESSAGE,
  PROP_COMPLAINT_ANSWER,
  PROP_COMPLAINT_STATE,
  PROP_COMPLAINT_PROBLEM,
  PROP_DELIVERY_NOTE,
  PROP_LINES,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

void
_handla_order_row_free (HandlaOrderRow *row)
{
  if (row == NULL)
    return;

  g_free (row->customer_id);
  g_free (row->supplier_id);
  g_free (row->number);
  g_free (row->status);
  g_free (row->attention_code);
  g_free (row->attention_detail);
  g_free (row->window_start);
  g_free (row->window_end);
  g_free (row->cutoff);
  g_free (row->last_error);
  g_free (row->created_at);
  g_free (row->etag);
  g_free (row->planned_start);
  g_free (row->planned_end);
  g_free (row->message);
  g_free (row->complaint_answer);
  g_free (row->delivery_note);
  g_free (row->complaint_local_state);
  g_free (row->complaint_supplier_id);
  g_free (row->complaint_attention_code);
  g_free (row->complaint_attention_detail);
  g_free (row->complaint_last_error);
  g_free (row->last_complaint_id);
  g_free (row->last_complaint_status);
  g_free (row->complaint_resolution);
  g_free (row->redelivery_start);
  g_free (row->redelivery_end);
  g_clear_pointer (&row->lines, g_ptr_array_unref);
  g_free (row);
}

/**
 * _handla_order_describe_attention:
 * @code: (nullable): an attention code (see the top of this file)
 * @status: the HTTP status of the refusal
 * @detail: (nullable): the supplier's own words
 *
 * Returns: (transfer full) (nullable): what the carer is told, or %NULL
 *   for no code
 */
char *
_handla_order_describe_attention (const char *code,
                                  guint       status,
                                  const char *detail)
{
  if (code == NULL)
    return NULL;

  /* A change or a cancellation that was refused: the order stands. */
  if (g_str_equal (code, "change:cutoff_passed"))
    return g_strdup (_("The order can no longer be changed: it is locked for delivery. "
                       "The change was not made."));
  if (g_str_equal (code, "change:order_not_changeable"))
    return g_strdup (_("The order can no longer be changed: the supplier has started picking it, "
                       "or it is delivered or cancelled. The change was not made."));
  if (g_str_equal (code, "change:slot_unavailable"))
    return g_strdup (_("The new delivery time is full. The order was not changed; "
                       "choose another time."));
  if (g_str_has_prefix (code, "change:"))
    return g_strdup_printf (_("The supplier did not accept the change (error %u). "
                              "The order was not changed."),
                            status);
  if (g_str_equal (code, "cancel:cutoff_passed"))
    return g_strdup (_("The order can no longer be cancelled: it is locked for delivery. "
                       "The unit can call the supplier."));
  if (g_str_equal (code, "cancel:order_not_changeable"))
    return g_strdup (_("The order can no longer be cancelled: the supplier has started picking "
                       "it, or it is delivered. The unit can call the supplier."));
  if (g_str_has_prefix (code, "cancel:"))
    return g_strdup_printf (_("The supplier did not accept the cancellation (error %u). "
                              "The unit can call the supplier."),
                            status);

  /* The order itself was refused. */
  if (g_str_equal (code, "cutoff_passed"))
    return g_strdup (_("Too late for this delivery time: the order deadline has passed. "
                       "Choose another delivery time and send the order again."));
  if (g_str_equal (code, "slot_unavailable") || g_str_equal (code, "hold_expired"))
    return g_strdup (_("This delivery time is now full. "
                       "Choose another delivery time and send the order again."));
  if (g_str_equal (code, "minimum_order_not_met"))
    return g_strdup (_("The order is below the supplier’s smallest order for this delivery "
                       "time. Add more goods and send it again."));
  if (g_str_equal (code, "validation_failed"))
    {
      if (detail != NULL && *detail != '\0')
        /* Translators: %s is the supplier's own explanation */
        return g_strdup_printf (_("The supplier did not accept the order: “%s” "
                                  "Correct the order and send it again."),
                                detail);
      return g_strdup (_("The supplier did not accept the order. Check the goods and the "
                         "delivery details, and send it again."));
    }
  if (g_str_equal (code, "idempotency_key_reused"))
    return g_strdup (_("The supplier already has a different order under this order’s "
                       "reference, so this one was not sent. Call the supplier before you "
                       "send it again."));

  return g_strdup_printf (_("The supplier refused the order (error %u). Call the supplier."),
                          status);
}

/**
 * _handla_order_describe_complaint_attention:
 * @code: (nullable): a complaint's attention code (see the top of this file)
 * @status: the HTTP status of the refusal
 * @detail: (nullable): the supplier's own words
 *
 * Returns: (transfer full) (nullable): what the carer is told about a
 *   refused complaint, or %NULL for no code
 */
char *
_handla_order_describe_complaint_attention (const char *code,
                                            guint       status,
                                            const char *detail)
{
  if (code == NULL)
    return NULL;

  if (g_str_equal (code, "order_not_delivered"))
    return g_strdup (_("The supplier did not take the complaint: the order is not delivered "
                       "yet, by what the supplier knows. The unit can call the supplier."));
  if (g_str_equal (code, "complaint_window_closed"))
    return g_strdup (_("The supplier did not take the complaint: the time for complaints has "
                       "passed. The unit can call the supplier."));
  if (g_str_equal (code, "validation_failed"))
    {
      if (detail != NULL && *detail != '\0')
        /* Translators: %s is the supplier's own explanation */
        return g_strdup_printf (_("The supplier did not take the complaint: “%s” "
                                  "Check the delivery again."),
                                detail);
      return g_strdup (_("The supplier did not take the complaint. Check the delivery again."));
    }
  if (g_str_equal (code, "idempotency_key_reused"))
    return g_strdup (_("The supplier already has a different complaint under this one’s "
                       "reference, so it was not sent. The unit can call the supplier."));

  return g_strdup_printf (_("The supplier refused the complaint (error %u). "
                            "The unit can call the supplier."),
                          status);
}

/**
 * _handla_order_describe_retry:
 * @code: (nullable): a retry reason (see the top of this file)
 * @seconds: what Retry-After asked for, for busy and maintenance
 *
 * Returns: (transfer full) (nullable): what the carer is told while the
 *   outbox keeps trying, or %NULL for no reason
 */
char *
_handla_order_describe_retry (const char *code,
                              guint       seconds)
{
  if (code == NULL)
    return NULL;

  if (g_str_equal (code, "offline"))
    return g_strdup (_("The tablet is offline. Handla will send it when the network is back."));
  if (g_str_equal (code, "timeout"))
    return g_strdup (_("The supplier did not answer in time. Handla will try again."));
  if (g_str_equal (code, "bad_answer"))
    return g_strdup (_("The supplier’s answer was incomplete. Handla will ask again."));
  if (g_str_equal (code, "server"))
    return g_strdup (_("The supplier’s server has a problem. Handla will try again."));
  if (g_str_equal (code, "busy"))
    return g_strdup_printf (ngettext ("The supplier is busy. Handla will try again in %u second.",
                                      "The supplier is busy. Handla will try again in %u seconds.",
                                      seconds),
                            seconds);
  if (g_str_equal (code, "maintenance"))
    return g_strdup_printf (ngettext ("The supplier is closed for maintenance. "
                                      "Handla will try again in %u second.",
                                      "The supplier is closed for maintenance. "
                                      "Handla will try again in %u seconds.",
                                      seconds),
                            seconds);
  if (g_str_equal (code, "in_progress"))
    return g_strdup (_("The supplier is still working on the order. Handla will ask again "
                       "shortly."));
  if (g_str_equal (code, "tls"))
    return g_strdup (_("The connection to the supplier is not safe. Ask the administrator to "
                       "check the supplier settings. The order is kept on the tablet."));
  if (g_str_equal (code, "unauthorized"))
    return g_strdup (_("The supplier no longer accepts this tablet. Enrol it again with a new "
                       "code; the order is kept on the tablet until then."));

  return g_strdup (_("The supplier did not answer. Handla will try again."));
}

static GDateTime *
parse_time (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
same_time (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_date_time_equal (a, b);
}

/* Takes @value into @field and notifies @prop if it differs. */
static void
set_string (HandlaOrder  *self,
            char        **field,
            char         *value,
            guint         prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_time (HandlaOrder  *self,
          GDateTime   **field,
          GDateTime    *value,
          guint         prop)
{
  if (same_time (*field, value))
    {
      g_clear_pointer (&value, g_date_time_unref);
      return;
    }

  g_clear_pointer (field, g_date_time_unref);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* ---- GObject ------------------------------------------------------------ */

static void
handla_order_finalize (GObject *object)
{
  HandlaOrder *self = (HandlaOrder *)object;

  g_free (self->customer_id);
  g_free (self->supplier_id);
  g_free (self->number);
  g_free (self->status);
  g_free (self->attention);
  g_free (self->last_error);
  g_clear_pointer (&self->next_try, g_date_time_unref);
  g_clear_pointer (&self->window_start, g_date_time_unref);
  g_clear_pointer (&self->window_end, g_date_time_unref);
  g_clear_pointer (&self->cutoff, g_date_time_unref);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->etag);
  g_clear_pointer (&self->planned_start, g_date_time_unref);
  g_clear_pointer (&self->planned_end, g_date_time_unref);
  g_free (self->message);
  g_free (self->complaint_answer);
  g_free (self->complaint_problem);
  g_free (self->complaint_resolution);
  g_clear_pointer (&self->redelivery_start, g_date_time_unref);
  g_clear_pointer (&self->redelivery_end, g_date_time_unref);
  g_free (self->delivery_note);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (handla_order_parent_class)->finalize (object);
}

static void
handla_order_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HandlaOrder *self = HANDLA_ORDER (object);

  switch (prop_id)
    {
    case PROP_LOCAL_ID:
      g_value_set_int64 (value, self->local_id);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_SUPPLIER_ID:
      g_value_set_string (value, self->supplier_id);
      break;

    case PROP_NUMBER:
      g_value_set_string (value, self->number);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_ATTENTION:
      g_value_set_string (value, self->attention);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_NEXT_TRY:
      g_value_set_boxed (value, self->next_try);
      break;

    case PROP_WINDOW_START:
      g_value_set_boxed (value, self->window_start);
      break;

    case PROP_WINDOW_END:
      g_value_set_boxed (value, self->window_end);
      break;

    case PROP_CUTOFF:
      g_value_set_boxed (value, self->cutoff);
      break;

    case PROP_N_LINES:
      g_value_set_uint (value, self->n_lines);
      break;

    case PROP_GOODS_TOTAL:
      g_value_set_int64 (value, self->goods_total);
      break;

    case PROP_CHANGE_PENDING:
      g_value_set_boolean (value, self->change_pending);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_PLANNED_START:
      g_value_set_boxed (value, self->planned_start);
      break;

    case PROP_PLANNED_END:
      g_value_set_boxed (value, self->planned_end);
      break;

    case PROP_PANT_TOTAL:
      g_value_set_int64 (value, self->pant_total);
      break;

    case PROP_FEES_TOTAL:
      g_value_set_int64 (value, self->fees_total);
      break;

    case PROP_TOTALS_FINAL:
      g_value_set_boolean (value, self->totals_final);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_COMPLAINT_ANSWER:
      g_value_set_string (value, self->complaint_answer);
      break;

    case PROP_COMPLAINT_STATE:
      g_value_set_enum (value, self->complaint_state);
      break;

    case PROP_COMPLAINT_PROBLEM:
      g_value_set_string (value, self->complaint_problem);
      break;

    case PROP_DELIVERY_NOTE:
      g_value_set_string (value, self->delivery_note);
      break;

    case PROP_LINES:
      g_value_set_object (value, self->lines);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_order_class_init (HandlaOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = handla_order_finalize;
  object_class->get_property = handla_order_get_property;

  properties[PROP_LOCAL_ID] =
    g_param_spec_int64 ("local-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:state:
   *
   * Where the tablet's copy stands: queued, sent, or needs attention.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       HANDLA_TYPE_ORDER_STATE, HANDLA_ORDER_STATE_QUEUED, flags);
  properties[PROP_SUPPLIER_ID] =
    g_param_spec_string ("supplier-id", NULL, NULL, NULL, flags);
  properties[PROP_NUMBER] =
    g_param_spec_string ("number", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:status:
   *
   * The supplier's status ("received", "confirmed", …, "cancelled"), or
   * %NULL before the supplier has the order.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:attention:
   *
   * Why the carer must act, in words: the supplier refused the order
   * (state needs-attention), or refused a change or cancellation of a
   * sent order (which stands as it was). %NULL otherwise.
   */
  properties[PROP_ATTENTION] =
    g_param_spec_string ("attention", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:last-error:
   *
   * While the outbox still has something to send for the order: why the
   * last try failed, in words (it keeps trying). %NULL when nothing
   * failed.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:next-try:
   *
   * When the outbox tries again after a failure (on HandlaClock), or
   * %NULL when it is not waiting.
   */
  properties[PROP_NEXT_TRY] =
    g_param_spec_boxed ("next-try", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_WINDOW_START] =
    g_param_spec_boxed ("window-start", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_WINDOW_END] =
    g_param_spec_boxed ("window-end", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CUTOFF] =
    g_param_spec_boxed ("cutoff", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_N_LINES] =
    g_param_spec_uint ("n-lines", NULL, NULL, 0, G_MAXUINT, 0, flags);

  /**
   * HandlaOrder:goods-total:
   *
   * The goods, in öre: the tablet's estimate until the supplier answers,
   * then the supplier's.
   */
  properties[PROP_GOODS_TOTAL] =
    g_param_spec_int64 ("goods-total", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * HandlaOrder:change-pending:
   *
   * A change or a cancellation is waiting in the outbox.
   */
  properties[PROP_CHANGE_PENDING] =
    g_param_spec_boolean ("change-pending", NULL, NULL, FALSE, flags);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, flags);

  /**
   * HandlaOrder:planned-start:
   *
   * The start of the narrower window the supplier announces once the
   * route is planned; %NULL before.
   */
  properties[PROP_PLANNED_START] =
    g_param_spec_boxed ("planned-start", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_PLANNED_END] =
    g_param_spec_boxed ("planned-end", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_PANT_TOTAL] =
    g_param_spec_int64 ("pant-total", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * HandlaOrder:fees-total:
   *
   * What the municipality pays (delivery and unpacking fees), in öre, as
   * the supplier last said; 0 before it answered.
   */
  properties[PROP_FEES_TOTAL] =
    g_param_spec_int64 ("fees-total", NULL, NULL, 0, G_MAXINT64, 0, flags);

  /**
   * HandlaOrder:totals-final:
   *
   * Whether the totals are final (after picking) rather than estimates.
   */
  properties[PROP_TOTALS_FINAL] =
    g_param_spec_boolean ("totals-final", NULL, NULL, FALSE, flags);

  /**
   * HandlaOrder:message:
   *
   * The supplier's last message to the unit about the order (in the
   * supplier's words), or %NULL.
   */
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:complaint-answer:
   *
   * The supplier's answer to the last complaint (its own words), or %NULL.
   */
  properties[PROP_COMPLAINT_ANSWER] =
    g_param_spec_string ("complaint-answer", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:complaint-state:
   *
   * Where the order's last complaint stands.
   */
  properties[PROP_COMPLAINT_STATE] =
    g_param_spec_enum ("complaint-state", NULL, NULL, HANDLA_TYPE_COMPLAINT_STATE,
                       HANDLA_COMPLAINT_NONE, flags);

  /**
   * HandlaOrder:complaint-problem:
   *
   * Why the last complaint waits (queued) or was refused (needs
   * attention), in words for the carer; %NULL otherwise.
   */
  properties[PROP_COMPLAINT_PROBLEM] =
    g_param_spec_string ("complaint-problem", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:delivery-note:
   *
   * The carer's note on the delivery, kept on the tablet, or %NULL.
   */
  properties[PROP_DELIVERY_NOTE] =
    g_param_spec_string ("delivery-note", NULL, NULL, NULL, flags);

  /**
   * HandlaOrder:lines:
   *
   * A #GListModel of #HandlaOrderLine, with the picking results once the
   * supplier has picked; notified when its lines are replaced.
   */
  properties[PROP_LINES] =
    g_param_spec_object ("lines", NULL, NULL, G_TYPE_LIST_MODEL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_order_init (HandlaOrder *self)
{
  self->complaint_credit = -1;
  self->lines = g_list_store_new (HANDLA_TYPE_ORDER_LINE);
}

/* ---- for HandlaOrders ----------------------------------------------------- */

HandlaOrder *
_handla_order_new (const HandlaOrderRow *row)
{
  HandlaOrder *self = g_object_new (HANDLA_TYPE_ORDER, NULL);

  self->local_id = row->local_id;
  self->customer_id = g_strdup (row->customer_id);
  _handla_order_update (self, row);

  return self;
}

static void
set_int64 (HandlaOrder *self,
           gint64      *field,
           gint64       value,
           guint        prop)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Replaces the lines if @lines differ from them. */
static void
set_lines (HandlaOrder *self,
           GPtrArray   *lines)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  gboolean same;

  if (lines == NULL)
    return;

  same = n == lines->len;
  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr(HandlaOrderLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);

      same = _handla_order_line_equal (line, g_ptr_array_index (lines, i));
    }
  if (same)
    return;

  g_list_store_splice (self->lines, 0, n, lines->pdata, lines->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
}

/* Where the last complaint stands: the tablet's own last complaint while
 * it is queued or refused; once sent, the supplier's representation says
 * whether it is answered (if its last complaint is that one). A complaint
 * made on another tablet shows by the supplier's representation alone. */
static HandlaComplaintState
complaint_state_of (const HandlaOrderRow *row)
{
  if (g_strcmp0 (row->complaint_local_state, "queued") == 0)
    return HANDLA_COMPLAINT_QUEUED;
  if (g_strcmp0 (row->complaint_local_state, "needs_attention") == 0)
    return HANDLA_COMPLAINT_NEEDS_ATTENTION;
  if (g_strcmp0 (row->complaint_local_state, "sent") == 0 &&
      g_strcmp0 (row->complaint_supplier_id, row->last_complaint_id) != 0)
    return HANDLA_COMPLAINT_SENT;
  if (g_strcmp0 (row->last_complaint_status, "answered") == 0)
    return HANDLA_COMPLAINT_ANSWERED;
  if (row->last_complaint_id != NULL || row->complaint_local_state != NULL)
    return HANDLA_COMPLAINT_SENT;

  return HANDLA_COMPLAINT_NONE;
}

/* The complaint's state, words and answer; one notify of
 * complaint-answer covers the answer's parts. */
static void
update_complaint (HandlaOrder          *self,
                  const HandlaOrderRow *row)
{
  HandlaComplaintState state = complaint_state_of (row);
  g_autoptr(GDateTime) start = parse_time (row->redelivery_start);
  g_autoptr(GDateTime) end = parse_time (row->redelivery_end);
  char *problem = NULL;
  gboolean answer_changed;

  if (state == HANDLA_COMPLAINT_NEEDS_ATTENTION)
    problem = _handla_order_describe_complaint_attention (row->complaint_attention_code,
                                                          row->complaint_attention_status,
                                                          row->complaint_attention_detail);
  else if (state == HANDLA_COMPLAINT_QUEUED)
    problem = _handla_order_describe_retry (row->complaint_last_error,
                                            row->complaint_last_error_seconds);
  set_string (self, &self->complaint_problem, problem, PROP_COMPLAINT_PROBLEM);

  answer_changed = g_strcmp0 (self->complaint_answer, row->complaint_answer) != 0 ||
                   g_strcmp0 (self->complaint_resolution, row->complaint_resolution) != 0 ||
                   self->complaint_credit != row->complaint_credit ||
                   !same_time (self->redelivery_start, start) ||
                   !same_time (self->redelivery_end, end);
  if (answer_changed)
    {
      g_free (self->complaint_answer);
      self->complaint_answer = g_strdup (row->complaint_answer);
      g_free (self->complaint_resolution);
      self->complaint_resolution = g_strdup (row->complaint_resolution);
      self->complaint_credit = row->complaint_credit;
      g_clear_pointer (&self->redelivery_start, g_date_time_unref);
      g_clear_pointer (&self->redelivery_end, g_date_time_unref);
      self->redelivery_start = g_steal_pointer (&start);
      self->redelivery_end = g_steal_pointer (&end);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLAINT_ANSWER]);
    }

  if (self->complaint_state != state)
    {
      self->complaint_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLAINT_STATE]);
    }
}

/* Takes what @row says, notifying what changed. */
void
_handla_order_update (HandlaOrder          *self,
                      const HandlaOrderRow *row)
{
  GDateTime *next_try = NULL;

  g_return_if_fail (HANDLA_IS_ORDER (self));
  g_return_if_fail (row->local_id == self->local_id);

  if (row->next_try_us > 0 && row->last_error != NULL)
    {
      g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (row->next_try_us / G_USEC_PER_SEC);

      next_try = g_date_time_add (second, row->next_try_us % G_USEC_PER_SEC);
    }

  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != row->state)
    {
      self->state = row->state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  set_string (self, &self->supplier_id, g_strdup (row->supplier_id), PROP_SUPPLIER_ID);
  set_string (self, &self->number, g_strdup (row->number), PROP_NUMBER);
  set_string (self, &self->status, g_strdup (row->status), PROP_STATUS);
  set_string (self, &self->attention,
              _handla_order_describe_attention (row->attention_code, row->attention_status,
                                                row->attention_detail),
              PROP_ATTENTION);
  set_string (self, &self->last_error,
              _handla_order_describe_retry (row->last_error, row->last_error_seconds),
              PROP_LAST_ERROR);
  set_time (self, &self->next_try, next_try, PROP_NEXT_TRY);
  set_time (self, &self->window_start, parse_time (row->window_start), PROP_WINDOW_START);
  set_time (self, &self->window_end, parse_time (row->window_end), PROP_WINDOW_END);
  set_time (self, &self->cutoff, parse_time (row->cutoff), PROP_CUTOFF);
  if (self->n_lines != row->n_lines)
    {
      self->n_lines = row->n_lines;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LINES]);
    }
  if (self->goods_total != row->goods_total)
    {
      self->goods_total = row->goods_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOODS_TOTAL]);
    }
  if (self->change_pending != row->change_pending)
    {
      self->change_pending = row->change_pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHANGE_PENDING]);
    }
  set_time (self, &self->created, parse_time (row->created_at), PROP_CREATED);
  g_free (self->etag);
  self->etag = g_strdup (row->etag);
  set_time (self, &self->planned_start, parse_time (row->planned_start), PROP_PLANNED_START);
  set_time (self, &self->planned_end, parse_time (row->planned_end), PROP_PLANNED_END);
  set_int64 (self, &self->pant_total, row->pant_total, PROP_PANT_TOTAL);
  set_int64 (self, &self->fees_total, row->fees_total, PROP_FEES_TOTAL);
  if (self->totals_final != row->totals_final)
    {
      self->totals_final = row->totals_final;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTALS_FINAL]);
    }
  set_string (self, &self->message, g_strdup (row->message), PROP_MESSAGE);
  update_complaint (self, row);
  set_string (self, &self->delivery_note, g_strdup (row->delivery_note), PROP_DELIVERY_NOTE);
  set_lines (self, row->lines);

  g_object_thaw_notify (G_OBJECT (self));
}

/* ---- public API ----------------------------------------------------------- */

/**
 * handla_order_get_local_id:
 * @self: a #HandlaOrder
 *
 * Returns: the tablet's id of the order, which stays the same for good
 */
gint64
handla_order_get_local_id (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  return self->local_id;
}

const char *
handla_order_get_customer_id (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->customer_id;
}

HandlaOrderState
handla_order_get_state (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), HANDLA_ORDER_STATE_QUEUED);

  return self->state;
}

/**
 * handla_order_get_supplier_id:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the supplier's id, once the order is sent
 */
const char *
handla_order_get_supplier_id (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->supplier_id;
}

/**
 * handla_order_get_number:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the order number people use on the phone, once sent
 */
const char *
handla_order_get_number (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->number;
}

/**
 * handla_order_get_status:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the supplier's status ("received", …, "cancelled")
 */
const char *
handla_order_get_status (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->status;
}

/**
 * handla_order_get_attention:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): why the carer must act, in words (see
 *   #HandlaOrder:attention)
 */
const char *
handla_order_get_attention (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->attention;
}

/**
 * handla_order_get_last_error:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): why the outbox has not sent it yet, in words (see
 *   #HandlaOrder:last-error)
 */
const char *
handla_order_get_last_error (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->last_error;
}

/**
 * handla_order_get_next_try:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): when the outbox tries again, in UTC
 */
GDateTime *
handla_order_get_next_try (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->next_try;
}

/**
 * handla_order_get_window_start:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): the start of the delivery window
 */
GDateTime *
handla_order_get_window_start (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->window_start;
}

/**
 * handla_order_get_window_end:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): the end of the delivery window
 */
GDateTime *
handla_order_get_window_end (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->window_end;
}

/**
 * handla_order_get_cutoff:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): until when it can be changed or
 *   cancelled
 */
GDateTime *
handla_order_get_cutoff (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->cutoff;
}

guint
handla_order_get_n_lines (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  return self->n_lines;
}

gint64
handla_order_get_goods_total (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  return self->goods_total;
}

gboolean
handla_order_get_change_pending (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), FALSE);

  return self->change_pending;
}

/**
 * handla_order_get_created:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): when "Send order" was pressed
 */
GDateTime *
handla_order_get_created (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->created;
}

/* The ETag of the supplier's version the tablet holds, or NULL. */
const char *
_handla_order_get_etag (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->etag;
}

/**
 * handla_order_get_planned_start:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): the start of the planned window
 *   (see #HandlaOrder:planned-start)
 */
GDateTime *
handla_order_get_planned_start (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->planned_start;
}

/**
 * handla_order_get_planned_end:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): the end of the planned window
 */
GDateTime *
handla_order_get_planned_end (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->planned_end;
}

gint64
handla_order_get_pant_total (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  return self->pant_total;
}

gint64
handla_order_get_fees_total (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  return self->fees_total;
}

gboolean
handla_order_get_totals_final (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), FALSE);

  return self->totals_final;
}

/**
 * handla_order_get_message:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the supplier's last message about the order
 */
const char *
handla_order_get_message (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->message;
}

/**
 * handla_order_get_complaint_answer:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the supplier's answer to the last complaint
 */
const char *
handla_order_get_complaint_answer (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->complaint_answer;
}

/**
 * handla_order_get_complaint_state:
 * @self: a #HandlaOrder
 *
 * Returns: where the order's last complaint stands
 */
HandlaComplaintState
handla_order_get_complaint_state (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), HANDLA_COMPLAINT_NONE);

  return self->complaint_state;
}

/**
 * handla_order_get_complaint_problem:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): why the last complaint waits or was refused, in
 *   words for the carer
 */
const char *
handla_order_get_complaint_problem (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->complaint_problem;
}

/**
 * handla_order_get_complaint_resolution:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the answer's resolution (of its first line):
 *   "credit", "redelivery" or "rejected"; %NULL before an answer
 */
const char *
handla_order_get_complaint_resolution (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->complaint_resolution;
}

/**
 * handla_order_get_complaint_credit:
 * @self: a #HandlaOrder
 *
 * Returns: what the supplier credits for the last complaint, in öre; -1
 *   before an answer
 */
gint64
handla_order_get_complaint_credit (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), -1);

  return self->complaint_credit;
}

/**
 * handla_order_get_redelivery_start:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none) (nullable): when the goods come again, for a
 *   redelivery
 */
GDateTime *
handla_order_get_redelivery_start (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->redelivery_start;
}

GDateTime *
handla_order_get_redelivery_end (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->redelivery_end;
}

/**
 * handla_order_get_delivery_note:
 * @self: a #HandlaOrder
 *
 * Returns: (nullable): the carer's note on the delivery
 */
const char *
handla_order_get_delivery_note (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return self->delivery_note;
}

/**
 * handla_order_is_delivered:
 * @self: a #HandlaOrder
 *
 * Returns: whether the supplier says the order is delivered (so it can
 *   be checked, and complained about)
 */
gboolean
handla_order_is_delivered (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), FALSE);

  return self->state == HANDLA_ORDER_STATE_SENT && g_strcmp0 (self->status, "delivered") == 0;
}

/**
 * handla_order_is_followed:
 * @self: a #HandlaOrder
 *
 * Returns: whether the tablet keeps asking the supplier about the order:
 *   it is open (handla_order_is_open()), or it is delivered and the
 *   supplier has not answered its complaint yet
 */
gboolean
handla_order_is_followed (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), FALSE);

  return handla_order_is_open (self) ||
         (handla_order_is_delivered (self) && self->complaint_state == HANDLA_COMPLAINT_SENT);
}

/**
 * handla_order_get_lines:
 * @self: a #HandlaOrder
 *
 * Returns: (transfer none): the lines, a #GListModel of #HandlaOrderLine
 */
GListModel *
handla_order_get_lines (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), NULL);

  return G_LIST_MODEL (self->lines);
}

/**
 * handla_order_is_open:
 * @self: a #HandlaOrder
 *
 * Returns: whether the order may still change at the supplier: sent, and
 *   neither delivered nor cancelled (what handla_orders_follow() refreshes)
 */
gboolean
handla_order_is_open (HandlaOrder *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), FALSE);

  return self->state == HANDLA_ORDER_STATE_SENT &&
         g_strcmp0 (self->status, "delivered") != 0 &&
         g_strcmp0 (self->status, "cancelled") != 0;
}

/**
 * handla_order_get_lock:
 * @self: a #HandlaOrder
 * @now: the time now (from #HandlaClock)
 *
 * Why the order can no longer be changed or cancelled, by what the tablet
 * knows: its status, and its cutoff against @now. An order the supplier
 * refused (needs attention) can always be corrected. The supplier has the
 * last word: a change it refuses comes back as #HandlaOrder:attention.
 *
 * Returns: %HANDLA_ORDER_LOCK_NONE while it can be changed, else why not
 */
HandlaOrderLock
handla_order_get_lock (HandlaOrder *self,
                       GDateTime   *now)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), HANDLA_ORDER_LOCK_NONE);
  g_return_val_if_fail (now != NULL, HANDLA_ORDER_LOCK_NONE);

  if (self->state == HANDLA_ORDER_STATE_NEEDS_ATTENTION)
    return HANDLA_ORDER_LOCK_NONE;
  if (g_strcmp0 (self->status, "cancelled") == 0)
    return HANDLA_ORDER_LOCK_CANCELLED;
  if (self->status != NULL && !g_str_equal (self->status, "received") &&
      !g_str_equal (self->status, "confirmed"))
    return HANDLA_ORDER_LOCK_STARTED;
  if (self->cutoff != NULL && handla_cutoff_has_passed (self->cutoff, now))
    return HANDLA_ORDER_LOCK_CUTOFF;

  return HANDLA_ORDER_LOCK_NONE;
}

/**
 * handla_order_can_change:
 * @self: a #HandlaOrder
 * @now: the time now (from #HandlaClock)
 *
 * Returns: whether the order can still be changed or cancelled (see
 *   handla_order_get_lock())
 */
gboolean
handla_order_can_change (HandlaOrder *self,
                         GDateTime   *now)
{
  return handla_order_get_lock (self, now) == HANDLA_ORDER_LOCK_NONE;
}

/**
 * handla_order_get_time_left:
 * @self: a #HandlaOrder
 * @now: the time now (from #HandlaClock)
 *
 * Returns: how long until the cutoff while the order can be changed; 0
 *   when it cannot, or it has no cutoff
 */
GTimeSpan
handla_order_get_time_left (HandlaOrder *self,
                            GDateTime   *now)
{
  g_return_val_if_fail (HANDLA_IS_ORDER (self), 0);

  if (self->cutoff == NULL || !handla_order_can_change (self, now))
    return 0;

  return MAX (g_date_time_difference (self->cutoff, now), 0);
}
