/* handla-orders.h — orders kept on the tablet, and the outbox that sends
 * them exactly once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-basket.h"
#include "handla-clock.h"
#include "handla-store.h"
#include "handla-supplier-client.h"

G_BEGIN_DECLS

#define HANDLA_ORDERS_ERROR (handla_orders_error_quark ())

/**
 * HandlaOrdersError:
 * @HANDLA_ORDERS_ERROR_EMPTY_BASKET: the basket has nothing that can be ordered
 * @HANDLA_ORDERS_ERROR_NO_SLOT: no delivery time was chosen
 * @HANDLA_ORDERS_ERROR_NOT_CHANGEABLE: the order can no longer be changed or
 *   cancelled (cancelled, being picked, delivered, or past its cutoff)
 * @HANDLA_ORDERS_ERROR_NOT_DELIVERED: a complaint needs a delivered order
 *
 * Errors of handla_orders_send_basket_async() and friends, with words
 * for the carer. Errors of the store are %HANDLA_STORE_ERROR.
 */
typedef enum {
  HANDLA_ORDERS_ERROR_EMPTY_BASKET,
  HANDLA_ORDERS_ERROR_NO_SLOT,
  HANDLA_ORDERS_ERROR_NOT_CHANGEABLE,
  HANDLA_ORDERS_ERROR_NOT_DELIVERED,
} HandlaOrdersError;

GQuark handla_orders_error_quark (void);

/**
 * HandlaOrderMode:
 * @HANDLA_ORDER_MODE_TOGETHER: the customer took part and confirmed
 * @HANDLA_ORDER_MODE_ON_BEHALF: the carer ordered for the customer
 */
typedef enum {
  HANDLA_ORDER_MODE_TOGETHER,
  HANDLA_ORDER_MODE_ON_BEHALF,
} HandlaOrderMode;

/**
 * HandlaOrderState:
 * @HANDLA_ORDER_STATE_QUEUED: saved on the tablet; the outbox sends it
 * @HANDLA_ORDER_STATE_SENT: the supplier has it (it has a supplier id)
 * @HANDLA_ORDER_STATE_NEEDS_ATTENTION: the supplier refused it for good;
 *   handla_order_get_attention() says why, in words for the carer
 *
 * Where the tablet's copy of an order stands. The supplier's own status
 * (received, confirmed, …) is handla_order_get_status().
 */
typedef enum {
  HANDLA_ORDER_STATE_QUEUED,
  HANDLA_ORDER_STATE_SENT,
  HANDLA_ORDER_STATE_NEEDS_ATTENTION,
} HandlaOrderState;

#define HANDLA_TYPE_ORDER_STATE (handla_order_state_get_type ())

GType handla_order_state_get_type (void) G_GNUC_CONST;

/* ---- HandlaOrderDraft: what "send order" sends, besides the basket ----- */

#define HANDLA_TYPE_ORDER_DRAFT (handla_order_draft_get_type ())

typedef struct _HandlaOrderDraft HandlaOrderDraft;

GType             handla_order_draft_get_type        (void) G_GNUC_CONST;
HandlaOrderDraft *handla_order_draft_new             (HandlaOrderMode     mode,
                                                      const char         *carer_id);
HandlaOrderDraft *handla_order_draft_ref             (HandlaOrderDraft   *self);
void              handla_order_draft_unref           (HandlaOrderDraft   *self);
void              handla_order_draft_set_slot        (HandlaOrderDraft   *self,
                                                      const char         *slot_id,
                                                      const char         *hold_id,
                                                      GDateTime          *window_start,
                                                      GDateTime          *window_end,
                                                      GDateTime          *cutoff);
void              handla_order_draft_set_notes       (HandlaOrderDraft   *self,
                                                      gboolean            carer_present,
                                                      gboolean            unpacking,
                                                      const char         *access,
                                                      const char         *driver_note);
void              handla_order_draft_set_line_choice (HandlaOrderDraft   *self,
                                                      const char         *product_id,
                                                      HandlaSubstitution  substitution,
                                                      const char         *note);
void              handla_order_draft_set_line_quantity (HandlaOrderDraft *self,
                                                        const char       *product_id,
                                                        guint             quantity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaOrderDraft, handla_order_draft_unref)

/**
 * HandlaPickingResult:
 * @HANDLA_PICKING_NONE: not picked yet
 * @HANDLA_PICKING_FOUND: picked (perhaps fewer, or another weight)
 * @HANDLA_PICKING_SUBSTITUTED: replaced by another product
 * @HANDLA_PICKING_MISSING: not delivered
 */
typedef enum {
  HANDLA_PICKING_NONE,
  HANDLA_PICKING_FOUND,
  HANDLA_PICKING_SUBSTITUTED,
  HANDLA_PICKING_MISSING,
} HandlaPickingResult;

/**
 * HandlaOrderLock:
 * @HANDLA_ORDER_LOCK_NONE: the order can still be changed or cancelled
 * @HANDLA_ORDER_LOCK_CUTOFF: its cutoff has passed; the supplier is
 *   packing it
 * @HANDLA_ORDER_LOCK_STARTED: the supplier is picking it, or it is on its
 *   way or delivered
 * @HANDLA_ORDER_LOCK_CANCELLED: it is cancelled
 *
 * Why an order can no longer be changed or cancelled, by what the tablet
 * knows (the supplier has the last word).
 */
typedef enum {
  HANDLA_ORDER_LOCK_NONE,
  HANDLA_ORDER_LOCK_CUTOFF,
  HANDLA_ORDER_LOCK_STARTED,
  HANDLA_ORDER_LOCK_CANCELLED,
} HandlaOrderLock;

/**
 * HandlaDeliveryProblem:
 * @HANDLA_DELIVERY_ARRIVED: the line arrived as it should
 * @HANDLA_DELIVERY_MISSING: the line (or part of it) did not arrive
 * @HANDLA_DELIVERY_DAMAGED: the line arrived damaged
 *
 * What the carer found for one line at the delivery check.
 */
typedef enum {
  HANDLA_DELIVERY_ARRIVED,
  HANDLA_DELIVERY_MISSING,
  HANDLA_DELIVERY_DAMAGED,
} HandlaDeliveryProblem;

/**
 * HandlaComplaintState:
 * @HANDLA_COMPLAINT_NONE: the order has no complaint
 * @HANDLA_COMPLAINT_QUEUED: saved on the tablet; the outbox sends it
 * @HANDLA_COMPLAINT_SENT: the supplier has it and has not answered yet
 * @HANDLA_COMPLAINT_ANSWERED: the supplier answered
 *   (handla_order_get_complaint_answer() and friends)
 * @HANDLA_COMPLAINT_NEEDS_ATTENTION: the supplier refused it;
 *   handla_order_get_complaint_problem() says why
 *
 * Where the order's last complaint stands.
 */
typedef enum {
  HANDLA_COMPLAINT_NONE,
  HANDLA_COMPLAINT_QUEUED,
  HANDLA_COMPLAINT_SENT,
  HANDLA_COMPLAINT_ANSWERED,
  HANDLA_COMPLAINT_NEEDS_ATTENTION,
} HandlaComplaintState;

#define HANDLA_TYPE_COMPLAINT_STATE (handla_complaint_state_get_type ())

GType handla_complaint_state_get_type (void) G_GNUC_CONST;

/* ---- HandlaDeliveryCheck: what the carer found at the delivery ---------- */

#define HANDLA_TYPE_DELIVERY_CHECK (handla_delivery_check_get_type ())

typedef struct _HandlaDeliveryCheck HandlaDeliveryCheck;

GType                  handla_delivery_check_get_type       (void) G_GNUC_CONST;
HandlaDeliveryCheck   *handla_delivery_check_new            (const char            *carer_id);
HandlaDeliveryCheck   *handla_delivery_check_ref            (HandlaDeliveryCheck   *self);
void                   handla_delivery_check_unref          (HandlaDeliveryCheck   *self);
void                   handla_delivery_check_set_line       (HandlaDeliveryCheck   *self,
                                                             const char            *product_id,
                                                             HandlaDeliveryProblem  problem,
                                                             const char            *note);
HandlaDeliveryProblem  handla_delivery_check_get_line       (HandlaDeliveryCheck   *self,
                                                             const char            *product_id,
                                                             const char           **note);
void                   handla_delivery_check_set_note       (HandlaDeliveryCheck   *self,
                                                             const char            *note);
const char            *handla_delivery_check_get_note       (HandlaDeliveryCheck   *self);
guint                  handla_delivery_check_get_n_problems (HandlaDeliveryCheck   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaDeliveryCheck, handla_delivery_check_unref)

/* ---- HandlaOrderLine: one line of an order, with its picking result ------ */

#define HANDLA_TYPE_ORDER_LINE (handla_order_line_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOrderLine, handla_order_line, HANDLA, ORDER_LINE, GObject)

const char         *handla_order_line_get_product_id      (HandlaOrderLine *self);
const char         *handla_order_line_get_name            (HandlaOrderLine *self);
guint               handla_order_line_get_quantity        (HandlaOrderLine *self);
gboolean            handla_order_line_get_by_weight       (HandlaOrderLine *self);
gint64              handla_order_line_get_price           (HandlaOrderLine *self);
HandlaSubstitution  handla_order_line_get_substitution    (HandlaOrderLine *self);
const char         *handla_order_line_get_note            (HandlaOrderLine *self);
HandlaPickingResult handla_order_line_get_picking         (HandlaOrderLine *self);
guint               handla_order_line_get_picked_quantity (HandlaOrderLine *self);
const char         *handla_order_line_get_substitute_name (HandlaOrderLine *self);
const char         *handla_order_line_get_substitute_size (HandlaOrderLine *self);
gint64              handla_order_line_get_substitute_price (HandlaOrderLine *self);
gint64              handla_order_line_get_amount          (HandlaOrderLine *self);
HandlaDeliveryProblem handla_order_line_get_complaint     (HandlaOrderLine *self);
const char         *handla_order_line_get_complaint_note  (HandlaOrderLine *self);

/* ---- HandlaOrder: one order on the tablet -------------------------------- */

#define HANDLA_TYPE_ORDER (handla_order_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOrder, handla_order, HANDLA, ORDER, GObject)

gint64            handla_order_get_local_id          (HandlaOrder        *self);
const char       *handla_order_get_customer_id       (HandlaOrder        *self);
HandlaOrderState  handla_order_get_state             (HandlaOrder        *self);
const char       *handla_order_get_supplier_id       (HandlaOrder        *self);
const char       *handla_order_get_number            (HandlaOrder        *self);
const char       *handla_order_get_status            (HandlaOrder        *self);
const char       *handla_order_get_attention         (HandlaOrder        *self);
const char       *handla_order_get_last_error        (HandlaOrder        *self);
GDateTime        *handla_order_get_next_try          (HandlaOrder        *self);
GDateTime        *handla_order_get_window_start      (HandlaOrder        *self);
GDateTime        *handla_order_get_window_end        (HandlaOrder        *self);
GDateTime        *handla_order_get_cutoff            (HandlaOrder        *self);
guint             handla_order_get_n_lines           (HandlaOrder        *self);
gint64            handla_order_get_goods_total       (HandlaOrder        *self);
gboolean          handla_order_get_change_pending    (HandlaOrder        *self);
GDateTime        *handla_order_get_created           (HandlaOrder        *self);
GDateTime        *handla_order_get_planned_start     (HandlaOrder        *self);
GDateTime        *handla_order_get_planned_end       (HandlaOrder        *self);
gint64            handla_order_get_pant_total        (HandlaOrder        *self);
gint64            handla_order_get_fees_total        (HandlaOrder        *self);
gboolean          handla_order_get_totals_final      (HandlaOrder        *self);
const char       *handla_order_get_message           (HandlaOrder        *self);
const char       *handla_order_get_complaint_answer  (HandlaOrder        *self);
HandlaComplaintState handla_order_get_complaint_state (HandlaOrder       *self);
const char       *handla_order_get_complaint_problem (HandlaOrder        *self);
const char       *handla_order_get_complaint_resolution (HandlaOrder     *self);
gint64            handla_order_get_complaint_credit  (HandlaOrder        *self);
GDateTime        *handla_order_get_redelivery_start  (HandlaOrder        *self);
GDateTime        *handla_order_get_redelivery_end    (HandlaOrder        *self);
const char       *handla_order_get_delivery_note     (HandlaOrder        *self);
gboolean          handla_order_is_delivered          (HandlaOrder        *self);
gboolean          handla_order_is_followed           (HandlaOrder        *self);
GListModel       *handla_order_get_lines             (HandlaOrder        *self);
gboolean          handla_order_is_open               (HandlaOrder        *self);
HandlaOrderLock   handla_order_get_lock              (HandlaOrder        *self,
                                                      GDateTime          *now);
gboolean          handla_order_can_change            (HandlaOrder        *self,
                                                      GDateTime          *now);
GTimeSpan         handla_order_get_time_left         (HandlaOrder        *self,
                                                      GDateTime          *now);

/* ---- HandlaOrders: every order on the tablet, and the outbox ------------ */

#define HANDLA_TYPE_ORDERS (handla_orders_get_type ())

G_DECLARE_FINAL_TYPE (HandlaOrders, handla_orders, HANDLA, ORDERS, GObject)

HandlaOrders     *handla_orders_new                  (HandlaStore          *store,
                                                      HandlaClock          *clock);
void              handla_orders_set_client           (HandlaOrders         *self,
                                                      HandlaSupplierClient *client);
void              handla_orders_load_async           (HandlaOrders         *self,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_load_finish          (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_send_basket_async    (HandlaOrders         *self,
                                                      HandlaBasket         *basket,
                                                      HandlaOrderDraft     *draft,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
HandlaOrder      *handla_orders_send_basket_finish   (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_change_async         (HandlaOrders         *self,
                                                      HandlaOrder          *order,
                                                      HandlaOrderDraft     *draft,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_change_finish        (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_cancel_async         (HandlaOrders         *self,
                                                      HandlaOrder          *order,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_cancel_finish        (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_refresh_async        (HandlaOrders         *self,
                                                      HandlaOrder          *order,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_refresh_finish       (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_refresh_open_async   (HandlaOrders         *self,
                                                      const char           *customer_id,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_refresh_open_finish  (HandlaOrders         *self,
                                                      GAsyncResult         *result,
                                                      GError              **error);
void              handla_orders_check_delivery_async (HandlaOrders         *self,
                                                      HandlaOrder          *order,
                                                      HandlaDeliveryCheck  *check,
                                                      GCancellable         *cancellable,
                                                      GAsyncReadyCallback   callback,
                                                      gpointer              user_data);
gboolean          handla_orders_check_delivery_finish (HandlaOrders        *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void              handla_orders_follow               (HandlaOrders         *self,
                                                      const char           *customer_id);
void              handla_orders_send_now             (HandlaOrders         *self);
gboolean          handla_orders_get_busy             (HandlaOrders         *self);
guint             handla_orders_get_n_queued         (HandlaOrders         *self);

G_END_DECLS
