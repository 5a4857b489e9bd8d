/* handla-orders-private.h — shared by the orders, the outbox worker and
 * their jobs on the database thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "handla-orders.h"

G_BEGIN_DECLS

/* ---- the draft, read by the jobs ----------------------------------------- */

typedef struct
{
  HandlaSubstitution  substitution;
  char               *note;
} HandlaLineChoice;

struct _HandlaOrderDraft
{
  gatomicrefcount  ref_count;

  HandlaOrderMode  mode;
  char            *carer_id;

  char            *slot_id;       /* NULL: not chosen (a change keeps the order's) */
  char            *hold_id;
  GDateTime       *window_start;
  GDateTime       *window_end;
  GDateTime       *cutoff;

  gboolean         notes_set;     /* FALSE: a change keeps the order's notes */
  gboolean         carer_present;
  gboolean         unpacking;
  char            *access;
  char            *driver_note;

  GHashTable      *choices;       /* product id → HandlaLineChoice */
  GHashTable      *quantities;    /* product id → guint, for a change; 0 removes */
};

HandlaOrderDraft *_handla_order_draft_copy (HandlaOrderDraft *self);

/* ---- the delivery check, read by its job ---------------------------------- */

typedef struct
{
  HandlaDeliveryProblem  problem;
  char                  *note;
} HandlaLineCheck;

struct _HandlaDeliveryCheck
{
  gatomicrefcount  ref_count;

  char            *carer_id;
  char            *note;          /* the carer's delivery note, or NULL */
  GHashTable      *lines;         /* product id → HandlaLineCheck; ARRIVED are not kept */
};

HandlaDeliveryCheck *_handla_delivery_check_copy (HandlaDeliveryCheck *self);

/* ---- one line, as made by the jobs --------------------------------------- */

struct _HandlaOrderLine
{
  GObject              parent_instance;

  char                *product_id;
  char                *name;
  guint                quantity;          /* pieces, or grams by weight */
  gboolean             by_weight;
  gint64               price;             /* per piece, or per kg */
  HandlaSubstitution   substitution;
  char                *note;
  HandlaPickingResult  picking;
  guint                picked_quantity;   /* with FOUND */
  char                *substitute_name;   /* with SUBSTITUTED */
  char                *substitute_size;
  gint64               substitute_price;  /* -1: none */
  gint64               amount;            /* what the line costs, goods only */
  HandlaDeliveryProblem complaint;        /* in the order's last complaint */
  char                *complaint_note;
};

gboolean          _handla_order_line_equal       (HandlaOrderLine      *a,
                                                  HandlaOrderLine      *b);

/* ---- one order as stored ----------------------------------------------- */

typedef struct
{
  gint64            local_id;
  gboolean          deleted;          /* gone from the store */
  char             *customer_id;
  HandlaOrderState  state;
  char             *supplier_id;
  char             *number;
  char             *status;
  char             *attention_code;   /* see handla-order.c */
  guint             attention_status;
  char             *attention_detail;
  char             *window_start;     /* RFC 3339 */
  char             *window_end;
  char             *cutoff;
  guint             n_lines;
  gint64            goods_total;
  gboolean          change_pending;   /* a change or cancellation is in the outbox */
  char             *last_error;       /* a retry reason code, see handla-order.c */
  guint             last_error_seconds;
  gint64            next_try_us;      /* of its first outbox row; 0: none, or now */
  char             *created_at;
  char             *etag;
  char             *planned_start;    /* RFC 3339; NULL until announced */
  char             *planned_end;
  gint64            pant_total;
  gint64            fees_total;
  gboolean          totals_final;
  char             *message;          /* the supplier's last message, or NULL */
  char             *complaint_answer; /* the text of the last complaint's answer */
  char             *delivery_note;    /* the carer's, kept on the tablet */
  /* The last complaint made on this tablet (complaint table) */
  char             *complaint_local_state;   /* 'queued', 'sent', 'needs_attention' or NULL */
  char             *complaint_supplier_id;
  char             *complaint_attention_code;
  guint             complaint_attention_status;
  char             *complaint_attention_detail;
  char             *complaint_last_error;    /* of its outbox row */
  guint             complaint_last_error_seconds;
  /* The last complaint in the supplier's representation */
  char             *last_complaint_id;
  char             *last_complaint_status;   /* 'received' or 'answered' */
  char             *complaint_resolution;    /* of its answer's first line */
  gint64            complaint_credit;        /* -1: none */
  char             *redelivery_start;        /* RFC 3339, or NULL */
  char             *redelivery_end;
  GPtrArray        *lines;            /* HandlaOrderLine, in their order */
} HandlaOrderRow;

void              _handla_order_row_free         (HandlaOrderRow       *row);

HandlaOrder      *_handla_order_new              (const HandlaOrderRow *row);
const char       *_handla_order_get_etag         (HandlaOrder          *self);
void              _handla_order_update           (HandlaOrder          *self,
                                                  const HandlaOrderRow *row);
char             *_handla_order_describe_attention (const char         *code,
                                                    guint                status,
                                                    const char          *detail);
char             *_handla_order_describe_retry   (const char           *code,
                                                  guint                 seconds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaOrderRow, _handla_order_row_free)

/* A refresh: the supplier's representation of the order, to store unless
 * a change or cancellation of it waits in the outbox. */
typedef struct
{
  gint64            order_id;
  JsonNode         *order;
  char             *etag;
} HandlaOrderRefresh;

void              _handla_order_refresh_free     (gpointer              data);
gpointer          _handla_orders_refresh_job     (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);

/* ---- the outbox ------------------------------------------------------------ */

typedef enum {
  HANDLA_OUTBOX_CREATE,
  HANDLA_OUTBOX_CHANGE,
  HANDLA_OUTBOX_CANCEL,
  HANDLA_OUTBOX_COMPLAINT,
} HandlaOutboxKind;

/* What an answer means for the request that got it. */
typedef enum {
  HANDLA_VERDICT_DONE,      /* it did its work */
  HANDLA_VERDICT_CONFLICT,  /* 412: read the order and look again */
  HANDLA_VERDICT_RETRY,     /* send the same again later */
  HANDLA_VERDICT_REFUSED,   /* the order was refused for good */
  HANDLA_VERDICT_DROPPED,   /* the change or cancellation was refused; drop it */
} HandlaVerdict;

HandlaVerdict     _handla_outbox_judge           (HandlaOutboxKind      kind,
                                                  guint                 status,
                                                  const char           *problem_code,
                                                  const char          **reason);
GTimeSpan         _handla_outbox_backoff         (guint                 attempts,
                                                  guint                 retry_after,
                                                  GRand                *rand);
void              _handla_orders_set_random_seed (HandlaOrders         *self,
                                                  guint32               seed);

/* The job that puts the customer's basket into a queued order. */
typedef struct
{
  char             *customer_id;
  HandlaOrderDraft *draft;   /* a copy, only read on the database thread */
  char             *key;     /* the new Idempotency-Key */
  char             *now;     /* RFC 3339 */
  char             *today;   /* YYYY-MM-DD in Europe/Stockholm, for offers */
} HandlaSendBasket;

/* A change (@draft set) or cancellation (@draft NULL) of an order. */
typedef struct
{
  gint64            order_id;
  HandlaOrderDraft *draft;
  char             *request_id;  /* change_id, cancel id, or the key of a resend */
  char             *now;
} HandlaOrderEdit;

/* The delivery check of one order: its note, and a complaint if any
 * line is missing or damaged. */
typedef struct
{
  gint64               order_id;
  HandlaDeliveryCheck *check;   /* a copy, only read on the database thread */
  char                *key;     /* the complaint's new Idempotency-Key */
  char                *now;
} HandlaCheckJob;

void              _handla_check_job_free         (gpointer              data);
gpointer          _handla_orders_check_job       (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);
char             *_handla_order_describe_complaint_attention (const char *code,
                                                              guint       status,
                                                              const char *detail);

/* The next request to send. */
typedef struct
{
  gint64            now_us;      /* in: HandlaClock's now */
  gboolean          all_now;     /* in: forget the backoff (network back, send now) */

  gint64            row_id;      /* out: 0 if nothing is due */
  gint64            due_us;      /* out: when the earliest row is due; 0: no row */
  gint64            order_id;
  HandlaOutboxKind  kind;
  char             *request_id;
  char             *body;
  char             *supplier_id;
  char             *etag;
  guint             attempts;
  gint64            first_try_us;
} HandlaOutboxNext;

typedef enum {
  HANDLA_OUTCOME_DONE,       /* apply @order, drop the row; a create is then sent */
  HANDLA_OUTCOME_REFRESHED,  /* apply @order (a newer version); keep the row, due now */
  HANDLA_OUTCOME_RETRY,      /* keep the row until next_try_us */
  HANDLA_OUTCOME_REFUSED,    /* the order needs attention; its rows go */
  HANDLA_OUTCOME_DROPPED,    /* drop the row, say why on the order */
} HandlaOutcomeKind;

/* What an attempt led to, for the job that stores it. */
typedef struct
{
  HandlaOutcomeKind  kind;
  gint64             row_id;
  gint64             order_id;
  HandlaOutboxKind   row_kind;
  JsonNode          *order;           /* DONE, REFRESHED: the supplier's representation */
  char              *etag;
  gint64             now_us;
  guint              attempts;        /* RETRY, REFRESHED: attempts so far */
  gint64             next_try_us;
  gint64             not_before_us;
  char              *error_code;      /* RETRY */
  guint              error_seconds;
  char              *attention_code;  /* REFUSED, DROPPED */
  guint              attention_status;
  char              *attention_detail;
} HandlaOutcome;

void              _handla_send_basket_free       (gpointer              data);
void              _handla_order_edit_free        (gpointer              data);
void              _handla_outbox_next_free       (gpointer              data);
void              _handla_outcome_free           (gpointer              data);

/* Jobs for handla_store_run_async(), on the database thread. */
gpointer          _handla_orders_load_job        (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);
gpointer          _handla_orders_send_basket_job (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);
gpointer          _handla_orders_edit_job        (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);
gpointer          _handla_outbox_next_job        (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);
gpointer          _handla_outbox_outcome_job     (sqlite3              *db,
                                                  gpointer              data,
                                                  GError              **error);

G_END_DECLS
