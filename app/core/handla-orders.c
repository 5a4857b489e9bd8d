/* handla-orders.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "handla-cutoff.h"
#include "handla-orders-private.h"
#include "handla-product-private.h"
#include "handla-supplier-client-private.h"

/*
 * HandlaOrders: every order on the tablet, as a GListModel of HandlaOrder
 * (newest first), and the outbox worker that sends them exactly once
 * (ARCHITECTURE.md, "Sync and the outbox"; docs/supplier-protocol.md).
 *
 * "Send order" flushes the basket, then ONE store transaction turns the
 * basket's lines into a queued order with its lines and an outbox row
 * holding a fresh UUIDv4 Idempotency-Key and the exact request body, and
 * takes the lines out of the basket (handla-orders-sql.c). Changes and
 * cancellations are outbox rows too, sent after the rows before them.
 *
 * The worker sends one request at a time. Of each order only its first
 * row may go; of those, the one due first. It sends the stored body with
 * the stored key (create) or change_id and the order's ETag in If-Match
 * (change, cancel), and stores what the answer means in one transaction:
 *
 *  - 2xx: the supplier's order becomes the tablet's copy; a create marks
 *    the order sent in the transaction that deletes its row, so "sent" is
 *    only ever shown after the answer is on disk.
 *  - no answer, an answer cut short or not JSON, 5xx, 429, 503, 409
 *    idempotency_request_in_progress, 401, TLS: try again later, the same
 *    request (same key). The wait doubles from 2 s to 5 min, with jitter
 *    (half of it fixed, half random), and is at least Retry-After. The
 *    order says why it waits, in words (HandlaOrder:last-error).
 *  - 409 cutoff_passed / slot_unavailable / hold_expired, 422 and other
 *    refusals of a create: the order needs attention and says why; it is
 *    never sent again by itself. The carer corrects it with
 *    handla_orders_change_async(), which sends it with a new key.
 *  - a refused change or cancellation (409 cutoff_passed, …) is dropped
 *    and the order says so; 412 on a change or cancellation: GET the
 *    order; if its last_change_id is ours (or it is cancelled) the
 *    request is done, otherwise it goes again on the new version.
 *
 * An attempt that gets no answer within ATTEMPT_TIMEOUT on HandlaClock is
 * abandoned and counts as no answer. The waiting is on HandlaClock
 * (handla_clock_source_new()), so a fake clock drives it in tests. The
 * worker starts when the orders are loaded and a client is set, after
 * every change to the outbox, when its timer fires, when the client's
 * network monitor says the network is back and on handla_orders_send_now()
 * (these two forget the backoff, not Retry-After).
 *
 * Following an order: handla_orders_refresh_async() reads a sent order
 * with GET /v1/orders/{id} and If-None-Match (a 304 changes nothing) and
 * stores the supplier's version in the same row: status, planned window,
 * lines with their picking results, totals, messages, complaints. A
 * refresh never overwrites a local change: while a change or
 * cancellation of the order waits in the outbox, what the GET brought is
 * not stored (see _handla_orders_refresh_job()). handla_orders_follow()
 * keeps the open orders of one customer fresh: every FOLLOW_INTERVAL on
 * HandlaClock while the customer has an open order, and when the network
 * comes back. The order page also refreshes its order when shown.
 *
 * Complaints (the delivery check, handla_orders_check_delivery_async()):
 * one transaction keeps the carer's delivery note on the order and, if
 * lines are missing or damaged, writes the complaint with a new UUIDv4
 * Idempotency-Key and its exact body, and an outbox row of kind
 * "complaint" with the same key. The worker sends it like an order:
 * POST /v1/orders/{id}/complaints, the same key and body on every retry,
 * with the same backoff; a 201 marks the complaint sent in the
 * transaction that deletes its row; 409 order_not_delivered or
 * complaint_window_closed, 422 and other refusals mark the complaint as
 * needing attention (the order itself is untouched). The supplier's
 * answer comes with the order: a delivered order whose complaint is not
 * answered yet is still followed (handla_order_is_followed()).
 *
 * Not done: an order still retrying after the supplier's 72 hours of
 * keys is not yet reconciled against GET /v1/customers/{id}/orders.
 */

#define ATTEMPT_TIMEOUT  (30 * G_TIME_SPAN_SECOND)
#define BACKOFF_FIRST    (2 * G_TIME_SPAN_SECOND)
#define BACKOFF_MAX      (5 * G_TIME_SPAN_MINUTE)
#define STORE_RETRY      (G_TIME_SPAN_MINUTE)
#define FOLLOW_INTERVAL  (5 * G_TIME_SPAN_MINUTE)

struct _HandlaOrders
{
  GObject               parent_instance;

  HandlaStore          *store;
  HandlaClock          *clock;
  HandlaSupplierClient *client;
  gulong                online_handler;
  GRand                *rand;
  GCancellable         *cancellable;     /* loads; cancelled in dispose */

  GPtrArray            *orders;          /* HandlaOrder, newest first */
  gboolean              loaded;
  guint                 n_queued;

  /* The worker */
  gboolean              busy;            /* a step runs: look, send, store */
  gboolean              again;           /* start another step when this one ends */
  gboolean              all_now;         /* the next look forgets the backoff */
  GSource              *timer;           /* the next try */
  GSource              *attempt_timer;
  GCancellable         *attempt_cancellable;
  gboolean              timed_out;
  HandlaOutboxNext     *current;         /* the request on its way */

  /* Following a customer's open orders */
  char                 *follow_customer;
  GSource              *follow_timer;
  gboolean              follow_busy;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (HandlaOrders, handla_orders, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (handla-orders-error-quark, handla_orders_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  PROP_CLIENT,
  PROP_BUSY,
  PROP_N_QUEUED,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void kick (HandlaOrders *self,
                  gboolean      all_now);
static void follow_now (HandlaOrders *self);
static void arm_follow_timer (HandlaOrders *self);

/* ---- rules ------------------------------------------------------------------ */

static gboolean
is_one_of (const char         *code,
           const char * const *codes)
{
  return code != NULL && g_strv_contains (codes, code);
}

/**
 * _handla_outbox_judge:
 * @kind: what the request was
 * @status: the HTTP status of a complete answer
 * @problem_code: (nullable): the `code` of its problem+json body
 * @reason: (out): a retry reason or attention code (static), or %NULL
 *
 * What an answer means, by docs/supplier-protocol.md.
 */
HandlaVerdict
_handla_outbox_judge (HandlaOutboxKind   kind,
                      guint              status,
                      const char        *problem_code,
                      const char       **reason)
{
  static const char * const refusals[] = {
    "cutoff_passed", "slot_unavailable", "hold_expired", "validation_failed",
    "minimum_order_not_met", "idempotency_key_reused", NULL,
  };
  static const char * const complaint_refusals[] = {
    "order_not_delivered", "complaint_window_closed", "validation_failed",
    "idempotency_key_reused", NULL,
  };
  static const char * const change_refusals[] = {
    "cutoff_passed", "order_not_changeable", "slot_unavailable", "validation_failed", NULL,
  };

  *reason = NULL;

  if (status >= 200 && status < 300)
    return HANDLA_VERDICT_DONE;

  if (status == 429)
    *reason = "busy";
  else if (status == 503)
    *reason = "maintenance";
  else if (status >= 500)
    *reason = "server";
  else if (status == 408)
    *reason = "no_answer";
  else if ((kind == HANDLA_OUTBOX_CREATE || kind == HANDLA_OUTBOX_COMPLAINT) && status == 409 &&
           g_strcmp0 (problem_code, "idempotency_request_in_progress") == 0)
    *reason = "in_progress";
  if (*reason != NULL)
    return HANDLA_VERDICT_RETRY;

  if (kind == HANDLA_OUTBOX_CREATE)
    {
      *reason = is_one_of (problem_code, refusals) ? problem_code : "refused";
      return HANDLA_VERDICT_REFUSED;
    }

  if (kind == HANDLA_OUTBOX_COMPLAINT)
    {
      *reason = is_one_of (problem_code, complaint_refusals) ? problem_code : "refused";
      return HANDLA_VERDICT_REFUSED;
    }

  if (status == 412)
    return HANDLA_VERDICT_CONFLICT;

  *reason = is_one_of (problem_code, change_refusals) ? problem_code : "refused";
  return HANDLA_VERDICT_DROPPED;
}

/**
 * _handla_outbox_backoff:
 * @attempts: failed attempts so far, this one included
 * @retry_after: seconds the supplier asked to wait (0: none)
 * @rand: where the jitter comes from
 *
 * How long to wait before the next attempt: 2 s after the first failure,
 * doubling to at most 5 min; of that, half is fixed and half random, so
 * that tablets that failed together do not come back together. Never
 * less than @retry_after.
 *
 * Returns: the wait, in microseconds
 */
GTimeSpan
_handla_outbox_backoff (guint  attempts,
                        guint  retry_after,
                        GRand *rand)
{
  GTimeSpan ceiling = BACKOFF_FIRST;
  GTimeSpan wait;

  for (guint i = 1; i < attempts && ceiling < BACKOFF_MAX; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_MAX);

  wait = ceiling / 2 + (GTimeSpan)(g_rand_double (rand) * (double)(ceiling / 2));

  return MAX (wait, (GTimeSpan)retry_after * G_TIME_SPAN_SECOND);
}

/* Why a request that got no answer will be tried again. */
static const char *
reason_for_error (const GError *error)
{
  if (error->domain != HANDLA_SUPPLIER_ERROR)
    return "no_answer";

  switch ((HandlaSupplierError)error->code)
    {
    case HANDLA_SUPPLIER_ERROR_OFFLINE:
      return "offline";
    case HANDLA_SUPPLIER_ERROR_BAD_RESPONSE:
      return "bad_answer";
    case HANDLA_SUPPLIER_ERROR_TLS:
      return "tls";
    case HANDLA_SUPPLIER_ERROR_UNAUTHORIZED:
      return "unauthorized";
    case HANDLA_SUPPLIER_ERROR_SERVER:
      return "server";
    case HANDLA_SUPPLIER_ERROR_RATE_LIMITED:
      return "busy";
    case HANDLA_SUPPLIER_ERROR_UNAVAILABLE:
      return "maintenance";
    case HANDLA_SUPPLIER_ERROR_UNREACHABLE:
    case HANDLA_SUPPLIER_ERROR_INVALID_CODE:
    case HANDLA_SUPPLIER_ERROR_INVALID_PROFILE:
    case HANDLA_SUPPLIER_ERROR_REFUSED:
    default:
      return "no_answer";
    }
}

static gint64
now_us (HandlaOrders *self)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);

  return g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);
}

static GDateTime *
time_from_us (gint64 us)
{
  g_autoptr(GDateTime) second = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return g_date_time_add (second, us % G_USEC_PER_SEC);
}

/* ---- the model -------------------------------------------------------------- */

static void
set_busy (HandlaOrders *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
count_queued (HandlaOrders *self)
{
  guint n = 0;

  for (guint i = 0; i < self->orders->len; i++)
    if (handla_order_get_state (g_ptr_array_index (self->orders, i)) == HANDLA_ORDER_STATE_QUEUED)
      n++;

  if (self->n_queued != n)
    {
      self->n_queued = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUEUED]);
    }
}

static HandlaOrder *
find_order (HandlaOrders *self,
            gint64        local_id,
            guint        *position)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      HandlaOrder *order = g_ptr_array_index (self->orders, i);

      if (handla_order_get_local_id (order) == local_id)
        {
          *position = i;
          return order;
        }
    }

  return NULL;
}

/* Puts @row into the model: a new order at its place, a changed one
 * updated (with notify), a deleted one removed. Returns the order. */
static HandlaOrder *
take_row (HandlaOrders         *self,
          const HandlaOrderRow *row)
{
  guint position = 0;
  HandlaOrder *order = find_order (self, row->local_id, &position);

  if (row->deleted)
    {
      if (order != NULL)
        {
          g_ptr_array_remove_index (self->orders, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
      order = NULL;
    }
  else if (order != NULL)
    _handla_order_update (order, row);
  else
    {
      order = _handla_order_new (row);
      for (position = 0; position < self->orders->len; position++)
        if (handla_order_get_local_id (g_ptr_array_index (self->orders, position)) < row->local_id)
          break;
      g_ptr_array_insert (self->orders, position, order);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }

  count_queued (self);
  /* A newly sent order is followed from now on. */
  if (self->follow_customer != NULL && self->follow_timer == NULL && !self->follow_busy)
    arm_follow_timer (self);
  return order;
}

/* ---- the worker ------------------------------------------------------------- */

static gboolean
can_send (HandlaOrders *self)
{
  return self->loaded && self->client != NULL &&
         !g_cancellable_is_cancelled (self->cancellable) &&
         handla_supplier_client_get_online (self->client);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static gboolean
timer_cb (gpointer user_data)
{
  HandlaOrders *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  kick (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* The worker looks again at @due_us on HandlaClock. */
static void
arm_timer (HandlaOrders *self,
           gint64        due_us)
{
  g_autoptr(GDateTime) deadline = time_from_us (due_us);

  clear_source (&self->timer);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  self->timer = handla_clock_source_new (self->clock, deadline);
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
}

static void start_step (HandlaOrders *self);

static void
end_step (HandlaOrders *self)
{
  g_clear_pointer (&self->current, _handla_outbox_next_free);

  if (self->again && can_send (self))
    {
      self->again = FALSE;
      start_step (self);
      return;
    }

  self->again = FALSE;
  set_busy (self, FALSE);
}

static void
outcome_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(HandlaOrders) self = user_data;
  g_autoptr(HandlaOrderRow) row = NULL;
  g_autoptr(GError) error = NULL;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (row == NULL)
    {
      /* The row is as it was: it is sent again (the same request). */
      g_debug ("Outbox: could not store an answer: %s", error->message);
      arm_timer (self, now_us (self) + STORE_RETRY);
      end_step (self);
      return;
    }

  take_row (self, row);
  /* More may be due. */
  self->again = TRUE;
  end_step (self);
}

/* Stores @outcome of the current request; for a retry, when it is due. */
static void
store_outcome (HandlaOrders  *self,
               HandlaOutcome *outcome,
               guint          retry_after)
{
  HandlaOutboxNext *current = self->current;

  outcome->row_id = current->row_id;
  outcome->order_id = current->order_id;
  outcome->row_kind = current->kind;
  outcome->now_us = now_us (self);
  outcome->attempts = current->attempts + 1;

  if (outcome->kind == HANDLA_OUTCOME_RETRY)
    {
      outcome->next_try_us = outcome->now_us +
                             _handla_outbox_backoff (outcome->attempts, retry_after, self->rand);
      if (retry_after > 0)
        outcome->not_before_us = outcome->now_us + (gint64)retry_after * G_TIME_SPAN_SECOND;
      g_debug ("Outbox: row %" G_GINT64_FORMAT " failed (%s), attempt %u; next in %" G_GINT64_FORMAT " ms",
               current->row_id, outcome->error_code, outcome->attempts,
               (outcome->next_try_us - outcome->now_us) / 1000);
    }
  else if (outcome->kind == HANDLA_OUTCOME_REFRESHED && outcome->attempts > 2)
    {
      /* The order keeps changing under us: do not hammer the supplier. */
      outcome->next_try_us = outcome->now_us +
                             _handla_outbox_backoff (outcome->attempts - 2, 0, self->rand);
    }

  /* No cancellable: what the supplier answered is stored in any case. */
  handla_store_run_async (self->store,
                          _handla_outbox_outcome_job,
                          outcome,
                          _handla_outcome_free,
                          (GDestroyNotify)_handla_order_row_free,
                          NULL,
                          outcome_stored_cb,
                          g_object_ref (self));
}

static HandlaOutcome *
outcome_new (HandlaOutcomeKind kind)
{
  HandlaOutcome *outcome = g_new0 (HandlaOutcome, 1);

  outcome->kind = kind;
  return outcome;
}

static void
retry (HandlaOrders *self,
       const char   *reason,
       guint         retry_after)
{
  HandlaOutcome *outcome = outcome_new (HANDLA_OUTCOME_RETRY);

  outcome->error_code = g_strdup (reason);
  if (g_strcmp0 (reason, "busy") == 0 || g_strcmp0 (reason, "maintenance") == 0)
    outcome->error_seconds = retry_after;
  store_outcome (self, outcome, retry_after);
}

/* The supplier refused the current request for good. */
static void
refuse (HandlaOrders        *self,
        HandlaOutcomeKind    kind,
        const char          *reason,
        HandlaSupplierReply *reply)
{
  HandlaOutcome *outcome = outcome_new (kind);

  if (kind == HANDLA_OUTCOME_DROPPED)
    outcome->attention_code = g_strconcat (self->current->kind == HANDLA_OUTBOX_CANCEL
                                             ? "cancel:" : "change:",
                                           reason, NULL);
  else
    outcome->attention_code = g_strdup (reason);
  outcome->attention_status = reply != NULL ? reply->status : 0;
  outcome->attention_detail = g_strdup (reply != NULL ? reply->problem_detail : NULL);
  g_debug ("Outbox: row %" G_GINT64_FORMAT " refused (%u): %s (%s)", self->current->row_id,
           outcome->attention_status, outcome->attention_code,
           reply != NULL && reply->problem_code != NULL ? reply->problem_code : "no code");
  store_outcome (self, outcome, 0);
}

/* The request did its work (@kind DONE) or the order moved on (REFRESHED). */
static void
take_order (HandlaOrders        *self,
            HandlaOutcomeKind    kind,
            HandlaSupplierReply *reply)
{
  HandlaOutcome *outcome = outcome_new (kind);

  outcome->order = reply->json != NULL ? json_node_ref (reply->json) : NULL;
  outcome->etag = g_strdup (reply->etag);
  store_outcome (self, outcome, 0);
}

static const char *
reply_string (HandlaSupplierReply *reply,
              const char          *member)
{
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json))
    return NULL;

  return json_object_get_string_member_with_default (json_node_get_object (reply->json),
                                                     member, NULL);
}

static gboolean
attempt_timeout_cb (gpointer user_data)
{
  HandlaOrders *self = user_data;

  g_clear_pointer (&self->attempt_timer, g_source_unref);
  self->timed_out = TRUE;
  g_cancellable_cancel (self->attempt_cancellable);

  return G_SOURCE_REMOVE;
}

/* Sends @method @path for the current row, abandoned if it gets no
 * answer within ATTEMPT_TIMEOUT on HandlaClock. */
static void
request (HandlaOrders        *self,
         const char          *method,
         const char          *path,
         const char * const  *headers,
         JsonNode            *body,
         GAsyncReadyCallback  callback)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  g_autoptr(GDateTime) deadline = g_date_time_add (now, ATTEMPT_TIMEOUT);

  g_clear_object (&self->attempt_cancellable);
  self->attempt_cancellable = g_cancellable_new ();
  self->timed_out = FALSE;

  clear_source (&self->attempt_timer);
  self->attempt_timer = handla_clock_source_new (self->clock, deadline);
  g_source_set_callback (self->attempt_timer, attempt_timeout_cb, self, NULL);
  g_source_attach (self->attempt_timer, g_main_context_get_thread_default ());

  g_debug ("Outbox: %s %s (row %" G_GINT64_FORMAT ", attempt %u)",
           method, path, self->current->row_id, self->current->attempts + 1);
  _handla_supplier_client_request_async (self->client, method, path, headers, body,
                                         self->attempt_cancellable, callback,
                                         g_object_ref (self));
}

/* The answer to request(), or NULL when there is none: then the row is
 * tried again later (or, if the orders were disposed, left as it is). */
static HandlaSupplierReply *
finish_request (HandlaOrders *self,
                GObject      *client,
                GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  HandlaSupplierReply *reply;

  clear_source (&self->attempt_timer);

  reply = _handla_supplier_client_request_finish (HANDLA_SUPPLIER_CLIENT (client), result, &error);
  if (reply != NULL)
    return reply;

  if (self->timed_out)
    retry (self, "timeout", 0);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    end_step (self);
  else
    retry (self, reason_for_error (error), 0);

  return NULL;
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(HandlaOrders) self = user_data;
  g_autoptr(HandlaSupplierReply) reply = finish_request (self, object, result);
  const char *reason = NULL;
  gboolean done;

  if (reply == NULL)
    return;

  if (reply->status != 200)
    {
      if (_handla_outbox_judge (self->current->kind, reply->status, reply->problem_code,
                                &reason) == HANDLA_VERDICT_RETRY)
        retry (self, reason, reply->retry_after);
      else
        refuse (self, HANDLA_OUTCOME_DROPPED, "refused", reply);
      return;
    }

  /* Our change is in if the order's last change is ours (the answer to
   * it was lost); a cancellation is in if the order is cancelled. */
  if (self->current->kind == HANDLA_OUTBOX_CHANGE)
    done = g_strcmp0 (reply_string (reply, "last_change_id"), self->current->request_id) == 0;
  else
    done = g_strcmp0 (reply_string (reply, "status"), "cancelled") == 0;

  take_order (self, done ? HANDLA_OUTCOME_DONE : HANDLA_OUTCOME_REFRESHED, reply);
}

static char *
order_path (HandlaOrders *self)
{
  g_autofree char *escaped = g_uri_escape_string (self->current->supplier_id, NULL, FALSE);

  return g_strconcat ("/v1/orders/", escaped, NULL);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HandlaOrders) self = user_data;
  g_autoptr(HandlaSupplierReply) reply = finish_request (self, object, result);
  g_autofree char *path = NULL;
  const char *reason = NULL;

  if (reply == NULL)
    return;

  switch (_handla_outbox_judge (self->current->kind, reply->status, reply->problem_code, &reason))
    {
    case HANDLA_VERDICT_DONE:
      /* A created order or complaint without its id is an answer Handla
       * cannot use. */
      if ((self->current->kind == HANDLA_OUTBOX_CREATE ||
           self->current->kind == HANDLA_OUTBOX_COMPLAINT) &&
          reply_string (reply, "id") == NULL)
        retry (self, "bad_answer", 0);
      else
        take_order (self, HANDLA_OUTCOME_DONE, reply);
      break;

    case HANDLA_VERDICT_CONFLICT:
      /* 412 on a change or cancellation: read the order as it is now. */
      path = order_path (self);
      request (self, "GET", path, NULL, NULL, fetched_cb);
      break;

    case HANDLA_VERDICT_RETRY:
      retry (self, reason, reply->retry_after);
      break;

    case HANDLA_VERDICT_REFUSED:
      refuse (self, HANDLA_OUTCOME_REFUSED, reason, reply);
      break;

    case HANDLA_VERDICT_DROPPED:
      refuse (self, HANDLA_OUTCOME_DROPPED, reason, reply);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Sends the current row: the stored body, with its key or the order's
 * ETag. */
static void
send_current (HandlaOrders *self)
{
  HandlaOutboxNext *current = self->current;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *key = NULL;
  const char *headers[3] = { NULL, };
  const char *method;

  if (current->kind != HANDLA_OUTBOX_CREATE && current->supplier_id == NULL)
    {
      /* Cannot happen: a change waits behind its order's create. */
      refuse (self, HANDLA_OUTCOME_DROPPED, "refused", NULL);
      return;
    }

  if (current->body != NULL)
    body = json_from_string (current->body, NULL);

  if (current->kind == HANDLA_OUTBOX_COMPLAINT)
    {
      g_autofree char *order = order_path (self);

      method = "POST";
      path = g_strconcat (order, "/complaints", NULL);
      key = g_strdup_printf ("\"%s\"", current->request_id);
      headers[0] = "Idempotency-Key";
      headers[1] = key;
    }
  else if (current->kind == HANDLA_OUTBOX_CREATE)
    {
      method = "POST";
      path = g_strdup ("/v1/orders");
      /* A Structured Field string (RFC 8941): in double quotes. */
      key = g_strdup_printf ("\"%s\"", current->request_id);
      headers[0] = "Idempotency-Key";
      headers[1] = key;
    }
  else
    {
      method = current->kind == HANDLA_OUTBOX_CHANGE ? "PUT" : "DELETE";
      path = order_path (self);
      if (current->etag != NULL)
        {
          headers[0] = "If-Match";
          headers[1] = current->etag;
        }
    }

  request (self, method, path, headers, body, sent_cb);
}

static void
looked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HandlaOrders) self = user_data;
  g_autoptr(GError) error = NULL;
  HandlaOutboxNext *next = self->current;

  if (handla_store_run_finish (HANDLA_STORE (object), result, &error) == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Outbox: could not read the outbox: %s", error->message);
      end_step (self);
      return;
    }

  if (next->row_id == 0 || !can_send (self))
    {
      if (next->due_us > 0)
        arm_timer (self, next->due_us);
      end_step (self);
      return;
    }

  send_current (self);
}

/* One step of the worker: look for the request that is due, send it,
 * store what the answer means. */
static void
start_step (HandlaOrders *self)
{
  HandlaOutboxNext *next = g_new0 (HandlaOutboxNext, 1);

  set_busy (self, TRUE);
  clear_source (&self->timer);

  next->now_us = now_us (self);
  next->all_now = self->all_now;
  self->all_now = FALSE;
  g_clear_pointer (&self->current, _handla_outbox_next_free);
  self->current = next;

  /* The job fills in self->current, which lives until the step ends. */
  handla_store_run_async (self->store,
                          _handla_outbox_next_job,
                          next,
                          NULL,
                          NULL,
                          self->cancellable,
                          looked_cb,
                          g_object_ref (self));
}

/* Starts the worker, or has it look again once the current step ends. */
static void
kick (HandlaOrders *self,
      gboolean      all_now)
{
  self->all_now |= all_now;

  if (self->busy)
    {
      self->again = TRUE;
      return;
    }

  if (can_send (self))
    start_step (self);
}

static void
online_changed_cb (HandlaOrders *self)
{
  if (handla_supplier_client_get_online (self->client))
    {
      kick (self, TRUE);
      follow_now (self);
    }
}

/* ---- async operations --------------------------------------------------------- */

typedef struct
{
  HandlaBasket     *basket;
  HandlaOrderDraft *draft;
  HandlaOrder      *order;
} SendData;

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_clear_object (&send->basket);
  g_clear_pointer (&send->draft, handla_order_draft_unref);
  g_clear_object (&send->order);
  g_free (send);
}

static void
basket_reloaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *send = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* The order is queued whatever the basket shows. */
  if (!handla_basket_load_finish (HANDLA_BASKET (object), result, &error))
    g_debug ("Could not reload the basket after sending: %s", error->message);

  g_task_return_pointer (task, g_object_ref (send->order), g_object_unref);
}

static void
basket_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  g_autoptr(HandlaOrderRow) row = NULL;
  GError *error = NULL;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (row == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  send->order = g_object_ref (take_row (self, row));
  kick (self, FALSE);

  /* From here the order is committed: the task reports it even if its
   * cancellable fires. */
  handla_basket_load_async (send->basket, NULL, basket_reloaded_cb, g_steal_pointer (&task));
}

static void
basket_flushed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  SendData *send = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  HandlaSendBasket *job;
  GError *error = NULL;

  if (!handla_basket_flush_finish (HANDLA_BASKET (object), result, &error) ||
      g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (HandlaSendBasket, 1);
  job->customer_id = g_strdup (handla_basket_get_customer_id (send->basket));
  job->draft = _handla_order_draft_copy (send->draft);
  job->key = g_uuid_string_random ();
  job->now = g_date_time_format_iso8601 (now);
  job->today = _handla_product_today (now);

  handla_store_run_async (self->store,
                          _handla_orders_send_basket_job,
                          job,
                          _handla_send_basket_free,
                          (GDestroyNotify)_handla_order_row_free,
                          cancellable,
                          basket_sent_cb,
                          g_steal_pointer (&task));
}

static void
edited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  g_autoptr(HandlaOrderRow) row = NULL;
  GError *error = NULL;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (row == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  take_row (self, row);
  kick (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

/* Whether @order may still be changed or cancelled by what the tablet
 * knows; the supplier has the last word. */
static gboolean
check_changeable (HandlaOrders  *self,
                  HandlaOrder   *order,
                  gboolean       cancel,
                  GError       **error)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  HandlaOrderLock lock = handla_order_get_lock (order, now);

  if (lock == HANDLA_ORDER_LOCK_STARTED || lock == HANDLA_ORDER_LOCK_CANCELLED)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE,
                           cancel ? _("The order can no longer be cancelled: the supplier has "
                                      "started on it, or it is delivered or cancelled.")
                                  : _("The order can no longer be changed: the supplier has "
                                      "started on it, or it is delivered or cancelled."));
      return FALSE;
    }

  if (lock == HANDLA_ORDER_LOCK_CUTOFF)
    {
      g_set_error_literal (error, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_CHANGEABLE,
                           cancel ? _("The order can no longer be cancelled: its deadline has "
                                      "passed. The unit can call the supplier.")
                                  : _("The order can no longer be changed: its deadline has "
                                      "passed."));
      return FALSE;
    }

  return TRUE;
}

static void
edit_order (HandlaOrders        *self,
            HandlaOrder         *order,
            HandlaOrderDraft    *draft,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  HandlaOrderEdit *edit;
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  /* Once the job ran, its result is what happened. */
  g_task_set_check_cancellable (task, FALSE);

  if (!check_changeable (self, order, draft == NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  edit = g_new0 (HandlaOrderEdit, 1);
  edit->order_id = handla_order_get_local_id (order);
  edit->draft = draft != NULL ? _handla_order_draft_copy (draft) : NULL;
  edit->request_id = g_uuid_string_random ();
  edit->now = g_date_time_format_iso8601 (now);

  handla_store_run_async (self->store,
                          _handla_orders_edit_job,
                          edit,
                          _handla_order_edit_free,
                          (GDestroyNotify)_handla_order_row_free,
                          cancellable,
                          edited_cb,
                          g_steal_pointer (&task));
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;

  rows = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Orders the store no longer has go; the others are updated or added. */
  for (guint i = self->orders->len; i > 0; i--)
    {
      HandlaOrder *order = g_ptr_array_index (self->orders, i - 1);
      gboolean kept = FALSE;

      for (guint j = 0; j < rows->len && !kept; j++)
        kept = ((HandlaOrderRow *)g_ptr_array_index (rows, j))->local_id ==
               handla_order_get_local_id (order);
      if (!kept)
        {
          g_ptr_array_remove_index (self->orders, i - 1);
          g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
        }
    }
  for (guint i = 0; i < rows->len; i++)
    take_row (self, g_ptr_array_index (rows, i));

  self->loaded = TRUE;
  kick (self, FALSE);
  follow_now (self);
  g_task_return_boolean (task, TRUE);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  g_autoptr(HandlaOrderRow) row = NULL;
  GError *error = NULL;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (row == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  take_row (self, row);
  kick (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

/* ---- following orders ---------------------------------------------------------- */

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  g_autoptr(HandlaOrderRow) row = NULL;
  GError *error = NULL;

  row = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (row == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  take_row (self, row);
  g_task_return_boolean (task, TRUE);
}

static void
fetched_for_refresh_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  HandlaOrders *self = g_task_get_source_object (task);
  HandlaOrder *order = g_task_get_task_data (task);
  g_autoptr(HandlaSupplierReply) reply = NULL;
  HandlaOrderRefresh *refresh;
  GError *error = NULL;

  reply = _handla_supplier_client_request_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (reply->status == 304)
    {
      g_debug ("Orders: order %s unchanged (304)", handla_order_get_supplier_id (order));
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (reply->status != 200)
    {
      g_task_return_error (task, _handla_supplier_client_error_for_reply (HANDLA_SUPPLIER_CLIENT (object),
                                                                          reply));
      return;
    }
  if (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json) ||
      g_strcmp0 (reply_string (reply, "id"), handla_order_get_supplier_id (order)) != 0)
    {
      g_task_return_error (task, _handla_supplier_bad_answer_error (_("not the order asked for")));
      return;
    }

  refresh = g_new0 (HandlaOrderRefresh, 1);
  refresh->order_id = handla_order_get_local_id (order);
  refresh->order = json_node_ref (reply->json);
  refresh->etag = g_strdup (reply->etag);

  /* No cancellable: what the supplier answered is stored in any case. */
  handla_store_run_async (self->store,
                          _handla_orders_refresh_job,
                          refresh,
                          _handla_order_refresh_free,
                          (GDestroyNotify)_handla_order_row_free,
                          NULL,
                          refreshed_cb,
                          g_steal_pointer (&task));
}

/* The open orders of the followed customer, refreshed one after the
 * other; then the next round on the timer. */
typedef struct
{
  GPtrArray *orders;   /* HandlaOrder still to refresh */
  GError    *error;    /* the first failure */
} RefreshOpen;

static void
refresh_open_free (gpointer data)
{
  RefreshOpen *open = data;

  g_clear_pointer (&open->orders, g_ptr_array_unref);
  g_clear_error (&open->error);
  g_free (open);
}

static void refresh_next (GTask *task);

static void
refreshed_one_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RefreshOpen *open = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!handla_orders_refresh_finish (HANDLA_ORDERS (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (open->error == NULL)
        open->error = g_steal_pointer (&error);
    }

  refresh_next (g_steal_pointer (&task));
}

static void
refresh_next (GTask *task)
{
  HandlaOrders *self = g_task_get_source_object (task);
  RefreshOpen *open = g_task_get_task_data (task);
  g_autoptr(HandlaOrder) order = NULL;

  if (open->orders->len == 0)
    {
      if (open->error != NULL)
        g_task_return_error (task, g_steal_pointer (&open->error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  order = g_ptr_array_steal_index (open->orders, 0);
  handla_orders_refresh_async (self, order, g_task_get_cancellable (task), refreshed_one_cb, task);
}

static gboolean
has_open_order (HandlaOrders *self,
                const char   *customer_id)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      HandlaOrder *order = g_ptr_array_index (self->orders, i);

      if (g_strcmp0 (handla_order_get_customer_id (order), customer_id) == 0 &&
          handla_order_is_followed (order))
        return TRUE;
    }

  return FALSE;
}

static gboolean
follow_timer_cb (gpointer user_data)
{
  HandlaOrders *self = user_data;

  g_clear_pointer (&self->follow_timer, g_source_unref);
  follow_now (self);

  return G_SOURCE_REMOVE;
}

/* The next round FOLLOW_INTERVAL from now, while there is an open order. */
static void
arm_follow_timer (HandlaOrders *self)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);
  g_autoptr(GDateTime) deadline = g_date_time_add (now, FOLLOW_INTERVAL);

  clear_source (&self->follow_timer);
  if (self->follow_customer == NULL || g_cancellable_is_cancelled (self->cancellable) ||
      !has_open_order (self, self->follow_customer))
    return;

  self->follow_timer = handla_clock_source_new (self->clock, deadline);
  g_source_set_callback (self->follow_timer, follow_timer_cb, self, NULL);
  g_source_attach (self->follow_timer, g_main_context_get_thread_default ());
}

static void
followed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  HandlaOrders *self = HANDLA_ORDERS (object);
  g_autoptr(GError) error = NULL;

  self->follow_busy = FALSE;
  if (!handla_orders_refresh_open_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* The stored copy stays; the next round tries again. */
      g_debug ("Orders: could not refresh: %s", error->message);
    }

  arm_follow_timer (self);
}

/* A round of refreshes of the followed customer's open orders. */
static void
follow_now (HandlaOrders *self)
{
  if (self->follow_customer == NULL || self->follow_busy || !can_send (self))
    return;

  clear_source (&self->follow_timer);
  self->follow_busy = TRUE;
  handla_orders_refresh_open_async (self, self->follow_customer, self->cancellable,
                                    followed_cb, NULL);
}

/* ---- GListModel --------------------------------------------------------------- */

static GType
handla_orders_get_item_type (GListModel *model)
{
  return HANDLA_TYPE_ORDER;
}

static guint
handla_orders_get_n_items (GListModel *model)
{
  return HANDLA_ORDERS (model)->orders->len;
}

static gpointer
handla_orders_get_item (GListModel *model,
                        guint       position)
{
  HandlaOrders *self = HANDLA_ORDERS (model);

  if (position >= self->orders->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->orders, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = handla_orders_get_item_type;
  iface->get_n_items = handla_orders_get_n_items;
  iface->get_item = handla_orders_get_item;
}

/* ---- GObject ------------------------------------------------------------------ */

static void
handla_orders_dispose (GObject *object)
{
  HandlaOrders *self = (HandlaOrders *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->attempt_cancellable != NULL)
    g_cancellable_cancel (self->attempt_cancellable);
  clear_source (&self->timer);
  clear_source (&self->attempt_timer);
  clear_source (&self->follow_timer);
  handla_orders_set_client (self, NULL);

  G_OBJECT_CLASS (handla_orders_parent_class)->dispose (object);
}

static void
handla_orders_finalize (GObject *object)
{
  HandlaOrders *self = (HandlaOrders *)object;

  g_clear_pointer (&self->current, _handla_outbox_next_free);
  g_clear_pointer (&self->follow_customer, g_free);
  g_clear_object (&self->attempt_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (handla_orders_parent_class)->finalize (object);
}

static void
handla_orders_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  HandlaOrders *self = HANDLA_ORDERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_N_QUEUED:
      g_value_set_uint (value, self->n_queued);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_orders_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  HandlaOrders *self = HANDLA_ORDERS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_CLIENT:
      handla_orders_set_client (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_orders_class_init (HandlaOrdersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = handla_orders_dispose;
  object_class->finalize = handla_orders_finalize;
  object_class->get_property = handla_orders_get_property;
  object_class->set_property = handla_orders_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HANDLA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaOrders:clock:
   *
   * Where "now" comes from: the times of orders and the outbox's waits.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HANDLA_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaOrders:client:
   *
   * The supplier client the outbox sends with; %NULL: nothing is sent.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         HANDLA_TYPE_SUPPLIER_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaOrders:busy:
   *
   * Whether the outbox is at work: looking for a request that is due,
   * sending it, or storing the answer.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaOrders:n-queued:
   *
   * How many orders the supplier does not have yet.
   */
  properties[PROP_N_QUEUED] =
    g_param_spec_uint ("n-queued", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_orders_init (HandlaOrders *self)
{
  self->orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->rand = g_rand_new ();
}

/* ---- public API --------------------------------------------------------------- */

/**
 * handla_orders_new:
 * @store: the store orders and the outbox are kept in
 * @clock: the clock for the times of orders and the outbox's waits
 *
 * Makes an empty list; call handla_orders_load_async(), and
 * handla_orders_set_client() for the outbox to send.
 *
 * Returns: (transfer full): a new #HandlaOrders
 */
HandlaOrders *
handla_orders_new (HandlaStore *store,
                   HandlaClock *clock)
{
  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);
  g_return_val_if_fail (HANDLA_IS_CLOCK (clock), NULL);

  return g_object_new (HANDLA_TYPE_ORDERS,
                       "store", store,
                       "clock", clock,
                       NULL);
}

/**
 * handla_orders_set_client:
 * @self: a #HandlaOrders
 * @client: (nullable): the supplier client to send with
 *
 * Sets the client the outbox sends with, and starts it. The outbox sends
 * only while the client's network monitor says the tablet is online, and
 * starts again when it says the network is back.
 */
void
handla_orders_set_client (HandlaOrders         *self,
                          HandlaSupplierClient *client)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (client == NULL || HANDLA_IS_SUPPLIER_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    {
      g_clear_signal_handler (&self->online_handler, self->client);
      /* A request on its way with the old client is abandoned; its answer
       * (if any) still comes and is stored. */
      g_clear_object (&self->client);
    }

  if (client != NULL)
    {
      self->client = g_object_ref (client);
      self->online_handler = g_signal_connect_object (client, "notify::online",
                                                      G_CALLBACK (online_changed_cb), self,
                                                      G_CONNECT_SWAPPED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
  kick (self, FALSE);
  follow_now (self);
}

/**
 * handla_orders_load_async:
 * @self: a #HandlaOrders
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the stored orders are in the model
 * @user_data: passed to @callback
 *
 * Reads every stored order into the model, and then starts the outbox
 * (what was queued before a restart goes out now).
 */
void
handla_orders_load_async (HandlaOrders        *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_orders_load_async);

  handla_store_run_async (self->store,
                          _handla_orders_load_job,
                          NULL,
                          NULL,
                          (GDestroyNotify)g_ptr_array_unref,
                          cancellable,
                          loaded_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_orders_load_finish (HandlaOrders  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_orders_send_basket_async:
 * @self: a #HandlaOrders
 * @basket: the customer's basket
 * @draft: the slot (required), notes and line choices
 * @cancellable: (nullable): a #GCancellable; it stops the send only until
 *   the order is written
 * @callback: called when the order is queued and the basket reloaded
 * @user_data: passed to @callback
 *
 * "Send order": waits for the basket's writes, then in one transaction
 * writes the order, its lines and its outbox row with a new UUIDv4
 * Idempotency-Key, and takes the ordered lines out of the basket (a line
 * whose product has left the catalogue stays). Then the basket is
 * reloaded and the outbox started.
 *
 * Each line goes with the substitution choice and note of its basket
 * line (handla_basket_set_substitution(), handla_basket_set_note()),
 * unless @draft has a choice for it (handla_order_draft_set_line_choice()),
 * which then wins for this order; the basket line is not changed.
 *
 * Fails with %HANDLA_ORDERS_ERROR_NO_SLOT or
 * %HANDLA_ORDERS_ERROR_EMPTY_BASKET (nothing was written), or a
 * %HANDLA_STORE_ERROR.
 */
void
handla_orders_send_basket_async (HandlaOrders        *self,
                                 HandlaBasket        *basket,
                                 HandlaOrderDraft    *draft,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *send;

  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (HANDLA_IS_BASKET (basket));
  g_return_if_fail (draft != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_orders_send_basket_async);
  g_task_set_check_cancellable (task, FALSE);

  if (draft->slot_id == NULL)
    {
      g_task_return_new_error (task, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NO_SLOT,
                               "%s", _("Choose a delivery time before sending the order."));
      return;
    }

  send = g_new0 (SendData, 1);
  send->basket = g_object_ref (basket);
  send->draft = handla_order_draft_ref (draft);
  g_task_set_task_data (task, send, send_data_free);

  handla_basket_flush_async (basket, cancellable, basket_flushed_cb, g_steal_pointer (&task));
}

/**
 * handla_orders_send_basket_finish:
 * @self: a #HandlaOrders
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the queued order, or %NULL with @error set
 */
HandlaOrder *
handla_orders_send_basket_finish (HandlaOrders  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * handla_orders_change_async:
 * @self: a #HandlaOrders
 * @order: an order of @self
 * @draft: the new mode, carer, and what changes: slot (if set), notes (if
 *   set), line choices and quantities
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the change is in the outbox
 * @user_data: passed to @callback
 *
 * Changes a queued or sent order: the whole new order goes through the
 * outbox as PUT /v1/orders/{id} with If-Match and a fresh change_id,
 * after what is queued before it. #HandlaOrder:change-pending is %TRUE
 * until the supplier answers; the order shows the supplier's version.
 * If the supplier refuses (its cutoff has passed, …) the change is
 * dropped and #HandlaOrder:attention says why.
 *
 * Of an order that needs attention (the supplier refused it), this is
 * the correction: the order is rewritten and sent again with a new key.
 *
 * Fails with %HANDLA_ORDERS_ERROR_NOT_CHANGEABLE if the tablet already
 * knows it is too late.
 */
void
handla_orders_change_async (HandlaOrders        *self,
                            HandlaOrder         *order,
                            HandlaOrderDraft    *draft,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (HANDLA_IS_ORDER (order));
  g_return_if_fail (draft != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  edit_order (self, order, draft, cancellable, callback, user_data, handla_orders_change_async);
}

gboolean
handla_orders_change_finish (HandlaOrders  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_orders_cancel_async:
 * @self: a #HandlaOrders
 * @order: an order of @self
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the cancellation is in the outbox
 * @user_data: passed to @callback
 *
 * Cancels a queued or sent order through the outbox (DELETE with
 * If-Match, after what is queued before it). An order the supplier
 * refused is deleted from the tablet at once: the supplier never had it.
 */
void
handla_orders_cancel_async (HandlaOrders        *self,
                            HandlaOrder         *order,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (HANDLA_IS_ORDER (order));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  edit_order (self, order, NULL, cancellable, callback, user_data, handla_orders_cancel_async);
}

gboolean
handla_orders_cancel_finish (HandlaOrders  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_orders_refresh_async:
 * @self: a #HandlaOrders
 * @order: an order of @self
 * @cancellable: (nullable): a #GCancellable; it stops the refresh only
 *   until the supplier has answered
 * @callback: called when the supplier's version is stored, or nothing
 *   changed
 * @user_data: passed to @callback
 *
 * Asks the supplier for @order as it is now (GET /v1/orders/{id} with
 * If-None-Match: the stored ETag) and stores its answer in the order's
 * row: status, planned window, lines with their picking results, totals,
 * the supplier's messages and complaints. @order notifies what changed;
 * a 304 changes nothing. An order the supplier does not have yet (queued,
 * or refused) has nothing to refresh, and succeeds at once.
 *
 * A refresh never overwrites a local change: while a change or a
 * cancellation of @order waits in the outbox, the answer is not stored
 * (the outbox's own answer brings the supplier's version).
 *
 * Fails with a %HANDLA_SUPPLIER_ERROR in words (offline, no answer, 404
 * …): the stored copy stays as it was.
 */
void
handla_orders_refresh_async (HandlaOrders        *self,
                             HandlaOrder         *order,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  const char *headers[3] = { NULL, };

  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (HANDLA_IS_ORDER (order));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_orders_refresh_async);
  g_task_set_task_data (task, g_object_ref (order), g_object_unref);

  if (handla_order_get_supplier_id (order) == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->client == NULL)
    {
      g_task_return_new_error (task, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNREACHABLE,
                               "%s", _("This tablet has no supplier to ask about the order."));
      return;
    }

  escaped = g_uri_escape_string (handla_order_get_supplier_id (order), NULL, FALSE);
  path = g_strconcat ("/v1/orders/", escaped, NULL);
  if (_handla_order_get_etag (order) != NULL)
    {
      headers[0] = "If-None-Match";
      headers[1] = _handla_order_get_etag (order);
    }

  _handla_supplier_client_request_async (self->client, "GET", path, headers, NULL, cancellable,
                                         fetched_for_refresh_cb, g_steal_pointer (&task));
}

/**
 * handla_orders_refresh_finish:
 * @self: a #HandlaOrders
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: %TRUE if the order is as the supplier has it (changed or not)
 */
gboolean
handla_orders_refresh_finish (HandlaOrders  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_orders_refresh_open_async:
 * @self: a #HandlaOrders
 * @customer_id: whose orders
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every open order has been asked for
 * @user_data: passed to @callback
 *
 * Refreshes each followed order (handla_order_is_followed(): open, or
 * waiting for the answer to a complaint) of @customer_id, one
 * after the other, with handla_orders_refresh_async(). A failure does not
 * stop the others; the first one is reported.
 */
void
handla_orders_refresh_open_async (HandlaOrders        *self,
                                  const char          *customer_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  RefreshOpen *open;

  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_orders_refresh_open_async);

  open = g_new0 (RefreshOpen, 1);
  open->orders = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->orders->len; i++)
    {
      HandlaOrder *order = g_ptr_array_index (self->orders, i);

      if (g_strcmp0 (handla_order_get_customer_id (order), customer_id) == 0 &&
          handla_order_is_followed (order))
        g_ptr_array_add (open->orders, g_object_ref (order));
    }
  g_task_set_task_data (task, open, refresh_open_free);

  refresh_next (task);
}

gboolean
handla_orders_refresh_open_finish (HandlaOrders  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_orders_follow:
 * @self: a #HandlaOrders
 * @customer_id: (nullable): whose open orders to keep fresh; %NULL stops
 *
 * Keeps the open orders of @customer_id fresh: refreshes them now, every
 * five minutes on #HandlaClock while the customer has an open order, and
 * whenever the network comes back (only while online, with a client).
 * The supplier has no push channel (docs/supplier-protocol.md).
 */
void
handla_orders_follow (HandlaOrders *self,
                      const char   *customer_id)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));

  if (g_strcmp0 (self->follow_customer, customer_id) != 0)
    {
      g_free (self->follow_customer);
      self->follow_customer = g_strdup (customer_id);
    }

  clear_source (&self->follow_timer);
  follow_now (self);
}

/**
 * handla_orders_send_now:
 * @self: a #HandlaOrders
 *
 * Sends what is queued now, without waiting out the backoff (a
 * Retry-After from the supplier is still honoured).
 */
void
handla_orders_send_now (HandlaOrders *self)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));

  kick (self, TRUE);
}

gboolean
handla_orders_get_busy (HandlaOrders *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);

  return self->busy;
}

guint
handla_orders_get_n_queued (HandlaOrders *self)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), 0);

  return self->n_queued;
}

/* For tests: the jitter comes from a known seed. */
void
_handla_orders_set_random_seed (HandlaOrders *self,
                                guint32       seed)
{
  g_return_if_fail (HANDLA_IS_ORDERS (self));

  g_rand_set_seed (self->rand, seed);
}

/**
 * handla_orders_check_delivery_async:
 * @self: a #HandlaOrders
 * @order: a delivered order (for a complaint) or any order (for a note)
 * @check: what the carer found at the delivery
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the check is stored
 * @user_data: passed to @callback
 *
 * Keeps the carer's delivery note (handla_delivery_check_set_note()) with
 * @order, and, if any line is missing or damaged, queues a complaint to
 * the supplier in the same transaction: it is sent exactly once, with its
 * own Idempotency-Key, when the network allows (see the top of this
 * file). Lines the supplier already reported missing at picking are not
 * complained about. A complaint needs an order the supplier says is
 * delivered: otherwise %HANDLA_ORDERS_ERROR_NOT_DELIVERED, and nothing is
 * stored.
 */
void
handla_orders_check_delivery_async (HandlaOrders        *self,
                                    HandlaOrder         *order,
                                    HandlaDeliveryCheck *check,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  HandlaCheckJob *job;

  g_return_if_fail (HANDLA_IS_ORDERS (self));
  g_return_if_fail (HANDLA_IS_ORDER (order));
  g_return_if_fail (check != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_orders_check_delivery_async);
  /* Once the job ran, its result is what happened. */
  g_task_set_check_cancellable (task, FALSE);

  if (handla_delivery_check_get_n_problems (check) > 0 && !handla_order_is_delivered (order))
    {
      g_task_return_new_error (task, HANDLA_ORDERS_ERROR, HANDLA_ORDERS_ERROR_NOT_DELIVERED,
                               "%s", _("Only a delivered order can have a complaint. "
                                       "Nothing was sent."));
      return;
    }

  now = handla_clock_get_now (self->clock);
  job = g_new0 (HandlaCheckJob, 1);
  job->order_id = handla_order_get_local_id (order);
  job->check = _handla_delivery_check_copy (check);
  job->key = g_uuid_string_random ();
  job->now = g_date_time_format_iso8601 (now);

  handla_store_run_async (self->store,
                          _handla_orders_check_job,
                          job,
                          _handla_check_job_free,
                          (GDestroyNotify)_handla_order_row_free,
                          cancellable,
                          checked_cb,
                          g_steal_pointer (&task));
}

/**
 * handla_orders_check_delivery_finish:
 * @self: a #HandlaOrders
 * @result: the result
 * @error: return location for a #GError
 *
 * Returns: %TRUE once the note (and the complaint, if any) is stored
 */
gboolean
handla_orders_check_delivery_finish (HandlaOrders  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_ORDERS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        handla_orders_check_delivery_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
