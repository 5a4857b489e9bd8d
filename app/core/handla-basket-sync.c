/* handla-basket-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "handla-basket-sync.h"
#include "handla-basket-sync-private.h"
#include "handla-supplier-client-private.h"

/*
 * Keeps each customer's draft basket in step with the supplier's copy
 * (docs/supplier-protocol.md § Basket). The basket is local-first: a
 * change is written to the store at once by HandlaBasket and never waits
 * for the network; this object sends it later.
 *
 * One HandlaBasketSync serves a tablet (a store): it sends every
 * customer's basket that has unsent changes, not only the one on screen.
 * The basket on screen (handla_basket_sync_set_basket()) is fetched when
 * it is set (a visit begins), its changes are sent
 * HANDLA_BASKET_SYNC_DELAY_SECONDS after the first of them, and it is
 * loaded again after a merge changed it.
 *
 * One customer has at most one ROUND at a time, a chain of store jobs and
 * requests:
 *
 *   read     the local basket and sync state (one store job)
 *   GET      never synced, or asked to fetch with nothing to send: with
 *            If-None-Match. 304: nothing new; 200: merge
 *   merge    one store job: three-way merge of the local basket, the
 *            supplier's and the last synced one (handla-basket-merge.c),
 *            written at once; the supplier's becomes the new base. What
 *            changed for the carer goes out in ::merged, after the basket
 *            on screen has been loaded again
 *   PUT      when the local basket has changes the supplier lacks, with
 *            If-Match: the base's ETag. 200: recorded (store job); more
 *            changes since? PUT again. 412: GET and merge, then PUT
 *
 * A round ends in ::synced, or with an error. Transient ones (offline,
 * unreachable, 5xx, 429, 503, an answer cut short) emit ::sync-postponed
 * and are retried: when the network returns (HandlaSupplierClient:online)
 * or after a backoff with jitter (doubling from 2 s to 5 min, at least
 * Retry-After). Others (401, TLS, and answers such as 404 or 422 that
 * sending again would not change) emit ::sync-failed and wait for the
 * next change.
 *
 * A lost answer to a PUT ends well: the retry's If-Match is stale, so the
 * supplier answers 412, the GET returns what this tablet sent, the merge
 * finds nothing new and the round ends without another PUT.
 *
 * Timers follow the HandlaClock: a real clock uses GLib timeouts, a fake
 * one starts what is due when it is moved, so tests never sleep.
 */

#define MAX_CONFLICTS          5    /* 412s in one round before backing off */
#define BACKOFF_FIRST_SECONDS  2
#define BACKOFF_MAX_SECONDS    300

typedef struct
{
  HandlaBasketSync     *self;            /* whose hash table holds this */
  char                 *id;
  gboolean              running;         /* a round is under way */
  gboolean              again;           /* asked for during the round */
  gboolean              pull;            /* the next round starts with a GET */
  gboolean              waiting_online;  /* failed offline: go when online */
  gboolean              reloading;       /* loading the basket on screen after a merge */
  guint                 failures;        /* transient failures in a row */
  guint                 conflicts;       /* 412s in this round */
  guint                 retry_after;     /* seconds, from the last 429 or 503 */
  gint64                due;             /* clock time (µs) of the next round; 0: none */
  guint                 timeout_id;      /* real clock: the timer for @due */
  GPtrArray            *waiters;         /* of GTask, for the next round */
  GPtrArray            *round_waiters;   /* of GTask, for this round */
  HandlaBasketSnapshot *snapshot;        /* this round's basket */
} Customer;

struct _HandlaBasketSync
{
  GObject               parent_instance;

  HandlaStore          *store;
  HandlaClock          *clock;
  HandlaSupplierClient *client;
  HandlaBasket         *basket;          /* on screen; nullable */
  GHashTable           *customers;       /* id → Customer */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (HandlaBasketSync, handla_basket_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CLOCK,
  PROP_CLIENT,
  PROP_BASKET,
  N_PROPS,
};

enum {
  MERGED,
  SYNCED,
  SYNC_POSTPONED,
  SYNC_FAILED,
  N_SIGNALS,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One step of a round in flight: holds the sync alive and names the
 * customer. */
typedef struct
{
  HandlaBasketSync *self;
  char             *customer_id;
} Op;

/* Data of a store job. */
typedef struct
{
  char      *customer_id;
  GPtrArray *entries;
  char      *etag;
  gint64     version;
} Job;

static void round_start (Customer *c);
static void round_end   (Customer *c,
                         GError   *error);
static void step_read   (Customer *c);

static void
customer_free (gpointer data)
{
  Customer *c = data;

  g_clear_handle_id (&c->timeout_id, g_source_remove);
  g_free (c->id);
  g_clear_pointer (&c->waiters, g_ptr_array_unref);
  g_clear_pointer (&c->round_waiters, g_ptr_array_unref);
  g_clear_pointer (&c->snapshot, _handla_basket_snapshot_free);
  g_free (c);
}

static Customer *
ensure_customer (HandlaBasketSync *self,
                 const char       *customer_id)
{
  Customer *c = g_hash_table_lookup (self->customers, customer_id);

  if (c == NULL)
    {
      c = g_new0 (Customer, 1);
      c->self = self;
      c->id = g_strdup (customer_id);
      c->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      c->round_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (self->customers, c->id, c);
    }

  return c;
}

static Op *
op_new (Customer *c)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (c->self);
  op->customer_id = g_strdup (c->id);

  return op;
}

static void
op_free (Op *op)
{
  g_object_unref (op->self);
  g_free (op->customer_id);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static Customer *
op_customer (Op *op)
{
  return g_hash_table_lookup (op->self->customers, op->customer_id);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->customer_id);
  g_clear_pointer (&job->entries, g_ptr_array_unref);
  g_free (job->etag);
  g_free (job);
}

static Job *
job_new (Customer *c)
{
  Job *job = g_new0 (Job, 1);

  job->customer_id = g_strdup (c->id);

  return job;
}

/* A job with the basket of a 200 answer and its ETag; NULL with an
 * error if the answer is not a basket or has no ETag. */
static Job *
job_for_basket (Customer             *c,
                HandlaSupplierReply  *reply,
                GError              **error)
{
  Job *job;

  if (reply->etag == NULL)
    {
      g_propagate_error (error, _handla_basket_bad_answer_error ());
      return NULL;
    }

  job = job_new (c);
  job->etag = g_strdup (reply->etag);
  job->entries = _handla_basket_entries_from_json (reply->json, error);
  if (job->entries == NULL)
    {
      job_free (job);
      return NULL;
    }

  return job;
}

static gint64
now_us (HandlaBasketSync *self)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (self->clock);

  return g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);
}

static char *
basket_path (const char *customer_id)
{
  g_autofree char *escaped = g_uri_escape_string (customer_id, ":", FALSE);

  return g_strdup_printf ("/v1/customers/%s/basket", escaped);
}

/* ---- database thread ------------------------------------------------------ */

static gpointer
read_job (sqlite3  *db,
          gpointer  data,
          GError  **error)
{
  Job *job = data;

  return _handla_basket_sync_read (db, job->customer_id, error);
}

static gpointer
merge_job (sqlite3  *db,
           gpointer  data,
           GError  **error)
{
  Job *job = data;

  return _handla_basket_sync_merge (db, job->customer_id, job->entries, job->etag, error);
}

static gpointer
commit_job (sqlite3  *db,
            gpointer  data,
            GError  **error)
{
  Job *job = data;
  gboolean still_dirty = FALSE;

  if (!_handla_basket_sync_commit_push (db, job->customer_id, job->entries, job->etag,
                                        job->version, &still_dirty, error))
    return NULL;

  /* Not NULL either way: 2 if local changes came after the PUT's. */
  return GINT_TO_POINTER (still_dirty ? 2 : 1);
}

static gpointer
list_dirty_job (sqlite3  *db,
                gpointer  data,
                GError  **error)
{
  return _handla_basket_sync_list_dirty (db, error);
}

/* ---- scheduling ------------------------------------------------------------- */

static gboolean
due_cb (gpointer user_data)
{
  Customer *c = user_data;

  c->timeout_id = 0;
  if (!c->running)
    round_start (c);

  return G_SOURCE_REMOVE;
}

/* Starts a round in @delay_us (0: now), unless one is due sooner. */
static void
schedule (Customer *c,
          gint64    delay_us)
{
  HandlaBasketSync *self = c->self;
  gint64 due = now_us (self) + delay_us;

  if (c->running)
    {
      c->again = TRUE;
      return;
    }

  if (delay_us <= 0)
    {
      round_start (c);
      return;
    }

  if (c->due != 0 && c->due <= due)
    return;

  c->due = due;
  g_clear_handle_id (&c->timeout_id, g_source_remove);
  if (!handla_clock_is_fake (self->clock))
    c->timeout_id = g_timeout_add ((guint)MIN (delay_us / 1000, G_MAXUINT), due_cb, c);
}

static void
request_round (HandlaBasketSync *self,
               const char       *customer_id,
               gboolean          pull,
               gint64            delay_us)
{
  Customer *c = ensure_customer (self, customer_id);

  c->pull |= pull;
  schedule (c, delay_us);
}

/* Doubling from BACKOFF_FIRST_SECONDS to BACKOFF_MAX_SECONDS, ±25 %, and
 * never before Retry-After. */
static gint64
backoff_us (Customer *c)
{
  guint shift = MIN (c->failures, 9) - 1;
  gint64 seconds = MIN ((gint64)BACKOFF_FIRST_SECONDS << shift, BACKOFF_MAX_SECONDS);
  gint64 delay = (gint64)(seconds * G_USEC_PER_SEC * g_random_double_range (0.75, 1.25));

  return MAX (delay, (gint64)c->retry_after * G_USEC_PER_SEC);
}

static void
clock_changed_cb (HandlaBasketSync *self)
{
  gint64 now = now_us (self);
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->customers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Customer *c = value;

      if (c->due != 0 && c->due <= now && !c->running)
        g_ptr_array_add (due, c);
    }

  for (guint i = 0; i < due->len; i++)
    round_start (g_ptr_array_index (due, i));
}

/* A round for every customer with changes the supplier lacks. */
static void
dirty_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(HandlaBasketSync) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  ids = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the baskets to send: %s", error->message);
      return;
    }

  /* A round under way reads the basket again before it ends. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      Customer *c = ensure_customer (self, ids[i]);

      if (!c->running)
        schedule (c, 0);
    }
}

static void
resume (HandlaBasketSync *self)
{
  g_autoptr(GPtrArray) waiting = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  if (!handla_supplier_client_get_online (self->client))
    return;

  /* The basket on screen, if a visit is under way. */
  if (self->basket != NULL && handla_basket_get_customer_id (self->basket) != NULL)
    request_round (self, handla_basket_get_customer_id (self->basket), TRUE, 0);

  /* Anything waiting for the network or a backoff goes now. */
  g_hash_table_iter_init (&iter, self->customers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Customer *c = value;

      if (!c->running && (c->waiting_online || c->due != 0))
        g_ptr_array_add (waiting, c);
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      Customer *c = g_ptr_array_index (waiting, i);

      c->due = 0;
      g_clear_handle_id (&c->timeout_id, g_source_remove);
      schedule (c, 0);
    }

  handla_store_run_async (self->store, list_dirty_job, NULL, NULL, (GDestroyNotify)g_strfreev,
                          self->cancellable, dirty_listed_cb, g_object_ref (self));
}

static void
online_changed_cb (HandlaBasketSync *self)
{
  if (handla_supplier_client_get_online (self->client))
    {
      g_debug ("The network is back: sending baskets");
      resume (self);
    }
}

/* ---- a round ---------------------------------------------------------------- */

static void
move_all (GPtrArray *to,
          GPtrArray *from)
{
  while (from->len > 0)
    g_ptr_array_add (to, g_ptr_array_steal_index (from, 0));
}

static void
complete_waiters (GPtrArray    *waiters,
                  const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_object_unref);

  /* A callback may add waiters; answer only these. */
  move_all (tasks, waiters);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error == NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/* Ends the round. A transient @error is tried again (when the network
 * returns, or after a backoff) unless @permanent. */
static void
round_end_full (Customer *c,
                GError   *error,
                gboolean  permanent)
{
  g_autoptr(GError) owned = error;
  g_autoptr(HandlaBasketSync) self = g_object_ref (c->self);
  const char *id = c->id;
  gboolean transient = !permanent && _handla_supplier_error_is_transient (error);

  c->running = FALSE;
  g_clear_pointer (&c->snapshot, _handla_basket_snapshot_free);

  if (error == NULL)
    {
      c->failures = 0;
      c->retry_after = 0;
      g_signal_emit (self, signals[SYNCED], 0, id);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      complete_waiters (c->round_waiters, error);
      return;
    }
  else if (transient)
    {
      c->failures++;
      g_debug ("Basket sync will try again: %s", error->message);
      if (g_error_matches (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_OFFLINE))
        c->waiting_online = TRUE;
      else
        schedule (c, backoff_us (c));
      g_signal_emit (self, signals[SYNC_POSTPONED], 0, id, error);
    }
  else
    {
      c->failures = 0;
      g_debug ("Basket sync failed: %s", error->message);
      g_signal_emit (self, signals[SYNC_FAILED], 0, id, error);
    }

  complete_waiters (c->round_waiters, error);

  if (c->again && !c->running && (error == NULL || !transient))
    {
      c->again = FALSE;
      schedule (c, 0);
    }
}

static void
round_end (Customer *c,
           GError   *error)
{
  round_end_full (c, error, FALSE);
}

/* An answer other than the expected ones. Those that sending the same
 * again would not change (the customer is no longer the unit's, the
 * supplier refused the basket) end the round for good; the rest go by
 * the client's classification (5xx, 429 and 503 are retried). */
static void
round_end_answered (Customer            *c,
                    HandlaSupplierReply *reply)
{
  HandlaBasketSync *self = c->self;
  GError *error;

  c->retry_after = reply->retry_after;
  g_debug ("Basket sync: the supplier answered %u (%s)", reply->status,
           reply->problem_code != NULL ? reply->problem_code : "no problem code");

  switch (reply->status)
    {
    case SOUP_STATUS_NOT_FOUND:
    case SOUP_STATUS_GONE:
      error = g_error_new_literal (HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_BAD_RESPONSE,
                                   _("The supplier does not know this customer any more. "
                                     "The basket is kept on this tablet."));
      round_end_full (c, error, TRUE);
      break;

    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
    case SOUP_STATUS_UNPROCESSABLE_ENTITY:
    case 428:  /* Precondition Required; libsoup 3.2 has no name for it */
      error = g_error_new (HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_BAD_RESPONSE,
                           _("The supplier did not accept the basket (HTTP %u). The basket is "
                             "kept on this tablet and is sent again after the next change."),
                           reply->status);
      round_end_full (c, error, TRUE);
      break;

    default:
      round_end (c, _handla_supplier_client_error_for_reply (self->client, reply));
      break;
    }
}

static void
round_start (Customer *c)
{
  g_assert (!c->running);

  c->due = 0;
  g_clear_handle_id (&c->timeout_id, g_source_remove);

  /* Offline, only a caller who asked gets a round (and its error); the
   * rest waits for HandlaSupplierClient:online. */
  if (!handla_supplier_client_get_online (c->self->client) && c->waiters->len == 0)
    {
      c->waiting_online = TRUE;
      return;
    }
  c->running = TRUE;
  c->again = FALSE;
  c->waiting_online = FALSE;
  c->conflicts = 0;
  move_all (c->round_waiters, c->waiters);

  g_debug ("Basket sync: a round for one customer (%s)", c->pull ? "fetch first" : "send");
  step_read (c);
}

/* ---- PUT ---- */

static void
committed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Customer *c = op_customer (op);
  GError *error = NULL;
  gpointer outcome;

  outcome = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (outcome == NULL)
    {
      round_end (c, error);
      return;
    }

  if (GPOINTER_TO_INT (outcome) == 2)
    step_read (c);
  else
    round_end (c, NULL);
}

static void send_get (Customer *c);

/* The answer to a request of the round; NULL if there is none, and the
 * round has ended with the error. */
static HandlaSupplierReply *
round_reply (Customer     *c,
             GObject      *client,
             GAsyncResult *result)
{
  GError *error = NULL;
  HandlaSupplierReply *reply;

  reply = _handla_supplier_client_request_finish (HANDLA_SUPPLIER_CLIENT (client), result, &error);
  if (reply == NULL)
    round_end (c, error);

  return reply;
}

static void
put_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  HandlaBasketSync *self = op->self;
  Customer *c = op_customer (op);
  g_autoptr(HandlaSupplierReply) reply = round_reply (c, object, result);
  GError *error = NULL;
  Job *job;

  if (reply == NULL)
    return;

  if (reply->status == SOUP_STATUS_PRECONDITION_FAILED &&
      g_strcmp0 (reply->problem_code, "basket_conflict") == 0 && ++c->conflicts <= MAX_CONFLICTS)
    {
      /* Another tablet stored a newer basket (or this tablet did, and
       * the answer was lost): fetch, merge, send again. */
      send_get (c);
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      round_end_answered (c, reply);
      return;
    }

  job = job_for_basket (c, reply, &error);
  if (job == NULL)
    {
      round_end (c, error);
      return;
    }
  job->version = c->snapshot->version;
  /* The If-Match held: nobody else changed the basket. */
  c->pull = FALSE;

  handla_store_run_async (self->store, commit_job, job, job_free, NULL, NULL,
                          committed_cb, g_steal_pointer (&op));
}

static void
send_put (Customer *c)
{
  HandlaBasketSync *self = c->self;
  g_autoptr(JsonNode) body = _handla_basket_entries_to_json (c->snapshot->entries);
  g_autofree char *path = basket_path (c->id);
  const char * const headers[] = { "If-Match", c->snapshot->etag, NULL };

  _handla_supplier_client_request_async (self->client, "PUT", path, headers, body,
                                         self->cancellable, put_cb, op_new (c));
}

/* ---- GET and merge ---- */

/* The basket on screen was loaded again after a merge: tell the carer. */
static void
merge_shown (Customer *c)
{
  g_autoptr(HandlaBasketSync) self = g_object_ref (c->self);
  g_autoptr(HandlaBasketMerge) merge = handla_basket_merge_ref (c->snapshot->merge);

  if (handla_basket_merge_get_n_changes (merge) > 0)
    g_signal_emit (self, signals[MERGED], 0, c->id, merge);

  /* A dirty merge goes to the supplier with the ETag it was merged
   * against. Otherwise read again: a change the carer made while the
   * basket was loading is sent in this round. */
  if (c->snapshot->dirty)
    send_put (c);
  else
    step_read (c);
}

static void
reloaded_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Customer *c = op_customer (op);
  g_autoptr(GError) error = NULL;

  c->reloading = FALSE;
  if (!handla_basket_load_finish (HANDLA_BASKET (object), result, &error))
    {
      round_end (c, g_steal_pointer (&error));
      return;
    }

  merge_shown (c);
}

static void
merged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  HandlaBasketSync *self = op->self;
  Customer *c = op_customer (op);
  HandlaBasketSnapshot *snapshot;
  GError *error = NULL;

  snapshot = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (snapshot == NULL)
    {
      round_end (c, error);
      return;
    }

  g_clear_pointer (&c->snapshot, _handla_basket_snapshot_free);
  c->snapshot = snapshot;
  c->pull = FALSE;

  if (handla_basket_merge_get_n_changes (snapshot->merge) > 0 && self->basket != NULL &&
      handla_basket_get_change_order (self->basket) == 0 &&
      g_strcmp0 (handla_basket_get_customer_id (self->basket), c->id) == 0)
    {
      /* Its own ::quantity-changed is not a change to send. */
      c->reloading = TRUE;
      handla_basket_load_async (self->basket, self->cancellable, reloaded_cb,
                                g_steal_pointer (&op));
      return;
    }

  merge_shown (c);
}

static void
got_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  HandlaBasketSync *self = op->self;
  Customer *c = op_customer (op);
  g_autoptr(HandlaSupplierReply) reply = round_reply (c, object, result);
  GError *error = NULL;
  Job *job;

  if (reply == NULL)
    return;

  if (reply->status == SOUP_STATUS_NOT_MODIFIED)
    {
      /* Nobody changed it since this tablet's last sync. */
      c->pull = FALSE;
      if (c->snapshot->dirty)
        send_put (c);
      else
        round_end (c, NULL);
      return;
    }

  if (reply->status != SOUP_STATUS_OK)
    {
      round_end_answered (c, reply);
      return;
    }

  job = job_for_basket (c, reply, &error);
  if (job == NULL)
    {
      round_end (c, error);
      return;
    }

  handla_store_run_async (self->store, merge_job, job, job_free,
                          (GDestroyNotify)_handla_basket_snapshot_free, NULL,
                          merged_cb, g_steal_pointer (&op));
}

static void
send_get (Customer *c)
{
  HandlaBasketSync *self = c->self;
  g_autofree char *path = basket_path (c->id);
  const char *etag = c->snapshot != NULL ? c->snapshot->etag : NULL;
  const char * const headers[] = { "If-None-Match", etag, NULL };

  _handla_supplier_client_request_async (self->client, "GET", path,
                                         etag != NULL ? headers : NULL, NULL,
                                         self->cancellable, got_cb, op_new (c));
}

/* ---- read ---- */

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  Customer *c = op_customer (op);
  HandlaBasketSnapshot *snapshot;
  GError *error = NULL;

  snapshot = handla_store_run_finish (HANDLA_STORE (object), result, &error);
  if (snapshot == NULL)
    {
      round_end (c, error);
      return;
    }

  g_clear_pointer (&c->snapshot, _handla_basket_snapshot_free);
  c->snapshot = snapshot;

  /* A PUT with If-Match asks "did anyone change it?" too: a GET first
   * only when there is nothing to send, or no ETag to send it with. */
  if (snapshot->etag == NULL)
    send_get (c);
  else if (snapshot->dirty)
    send_put (c);
  else if (c->pull)
    send_get (c);
  else
    round_end (c, NULL);
}

static void
step_read (Customer *c)
{
  HandlaBasketSync *self = c->self;

  /* No cancellable: store jobs are short, and a round must end. */
  handla_store_run_async (self->store, read_job, job_new (c), job_free,
                          (GDestroyNotify)_handla_basket_snapshot_free, NULL,
                          read_cb, op_new (c));
}

/* ---- the basket on screen ------------------------------------------------------ */

static void
basket_changed_cb (HandlaBasketSync *self,
                   const char       *product_id,
                   guint             quantity,
                   HandlaBasket     *basket)
{
  const char *customer_id = handla_basket_get_customer_id (basket);
  Customer *c;

  /* The visit ended: the lines left the screen, not the basket. A
   * change of an order is not the basket: nothing to send. */
  if (customer_id == NULL || handla_basket_get_change_order (basket) != 0)
    return;

  c = ensure_customer (self, customer_id);
  if (c->reloading)
    return;

  schedule (c, (gint64)HANDLA_BASKET_SYNC_DELAY_SECONDS * G_USEC_PER_SEC);
}

/* ---- GObject ------------------------------------------------------------------- */

static void
handla_basket_sync_constructed (GObject *object)
{
  HandlaBasketSync *self = (HandlaBasketSync *)object;

  G_OBJECT_CLASS (handla_basket_sync_parent_class)->constructed (object);

  g_signal_connect_object (self->client, "notify::online",
                           G_CALLBACK (online_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->clock, "changed",
                           G_CALLBACK (clock_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
handla_basket_sync_dispose (GObject *object)
{
  HandlaBasketSync *self = (HandlaBasketSync *)object;
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "The basket sync was stopped");
  GHashTableIter iter;
  gpointer value;

  g_cancellable_cancel (self->cancellable);

  g_hash_table_iter_init (&iter, self->customers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Customer *c = value;

      g_clear_handle_id (&c->timeout_id, g_source_remove);
      c->due = 0;
      complete_waiters (c->waiters, cancelled);
    }

  handla_basket_sync_set_basket (self, NULL);
  g_clear_object (&self->client);
  g_clear_object (&self->clock);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (handla_basket_sync_parent_class)->dispose (object);
}

static void
handla_basket_sync_finalize (GObject *object)
{
  HandlaBasketSync *self = (HandlaBasketSync *)object;

  g_clear_pointer (&self->customers, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (handla_basket_sync_parent_class)->finalize (object);
}

static void
handla_basket_sync_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  HandlaBasketSync *self = HANDLA_BASKET_SYNC (object);

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

    case PROP_BASKET:
      g_value_set_object (value, self->basket);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_basket_sync_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  HandlaBasketSync *self = HANDLA_BASKET_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;

    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_BASKET:
      handla_basket_sync_set_basket (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_basket_sync_class_init (HandlaBasketSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = handla_basket_sync_constructed;
  object_class->dispose = handla_basket_sync_dispose;
  object_class->finalize = handla_basket_sync_finalize;
  object_class->get_property = handla_basket_sync_get_property;
  object_class->set_property = handla_basket_sync_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         HANDLA_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketSync:clock:
   *
   * The clock the delay before sending and the backoff follow.
   */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         HANDLA_TYPE_CLOCK,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketSync:client:
   *
   * The supplier client: its requests, and its #HandlaSupplierClient:online,
   * which resumes sending when the network returns.
   */
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         HANDLA_TYPE_SUPPLIER_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HandlaBasketSync:basket:
   *
   * The basket on screen, or %NULL.
   */
  properties[PROP_BASKET] =
    g_param_spec_object ("basket", NULL, NULL,
                         HANDLA_TYPE_BASKET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * HandlaBasketSync::merged:
   * @self: the sync
   * @customer_id: whose basket
   * @merge: what changed in it
   *
   * Emitted when the supplier's copy changed the local basket (another
   * tablet changed it too), once the basket on screen shows it. Tell the
   * carer: handla_basket_merge_format_message().
   */
  signals[MERGED] =
    g_signal_new ("merged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  HANDLA_TYPE_BASKET_MERGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HandlaBasketSync::synced:
   * @self: the sync
   * @customer_id: whose basket
   *
   * Emitted when a customer's basket is the same here and at the supplier.
   */
  signals[SYNCED] =
    g_signal_new ("synced",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * HandlaBasketSync::sync-postponed:
   * @self: the sync
   * @customer_id: whose basket
   * @error: why, in words for the carer
   *
   * Emitted when sending a basket failed for a reason that passes (no
   * network, the supplier busy or down, an answer cut short). It is
   * tried again by itself: when the network returns, or after a while.
   * The basket is kept on the tablet meanwhile.
   */
  signals[SYNC_POSTPONED] =
    g_signal_new ("sync-postponed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR);

  /**
   * HandlaBasketSync::sync-failed:
   * @self: the sync
   * @customer_id: whose basket
   * @error: why, in words for the carer
   *
   * Emitted when sending a basket failed in a way that trying again will
   * not mend (the tablet is no longer enrolled, the customer is no longer
   * the unit's, the supplier refused a line). The basket stays on the
   * tablet; the next change tries again. Failures that pass are
   * #HandlaBasketSync::sync-postponed.
   */
  signals[SYNC_FAILED] =
    g_signal_new ("sync-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR);
}

static void
handla_basket_sync_init (HandlaBasketSync *self)
{
  self->customers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, customer_free);
  self->cancellable = g_cancellable_new ();
}

/**
 * handla_basket_sync_new:
 * @store: the tablet's store
 * @clock: the clock for delays and backoff
 * @client: the supplier client
 *
 * Makes the basket sync of a tablet. It sends nothing until
 * handla_basket_sync_start(), a basket is set, or a change is queued.
 *
 * Returns: (transfer full): a new #HandlaBasketSync
 */
HandlaBasketSync *
handla_basket_sync_new (HandlaStore          *store,
                        HandlaClock          *clock,
                        HandlaSupplierClient *client)
{
  g_return_val_if_fail (HANDLA_IS_STORE (store), NULL);
  g_return_val_if_fail (HANDLA_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (HANDLA_IS_SUPPLIER_CLIENT (client), NULL);

  return g_object_new (HANDLA_TYPE_BASKET_SYNC,
                       "store", store,
                       "clock", clock,
                       "client", client,
                       NULL);
}

/**
 * handla_basket_sync_get_basket:
 * @self: a #HandlaBasketSync
 *
 * Returns: (transfer none) (nullable): the basket on screen
 */
HandlaBasket *
handla_basket_sync_get_basket (HandlaBasketSync *self)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_SYNC (self), NULL);

  return self->basket;
}

/* A visit begins with the basket of its customer: fetch and merge it now. */
static void
basket_customer_changed_cb (HandlaBasketSync *self)
{
  const char *customer_id = handla_basket_get_customer_id (self->basket);

  if (self->store != NULL && customer_id != NULL)
    request_round (self, customer_id, TRUE, 0);
}

/**
 * handla_basket_sync_set_basket:
 * @self: a #HandlaBasketSync
 * @basket: (nullable): the basket on screen, of the tablet's store
 *
 * Follows @basket: fetches and merges the supplier's copy now (a visit
 * begins), sends its changes shortly after they are made, and loads it
 * again when a merge changed it.
 */
void
handla_basket_sync_set_basket (HandlaBasketSync *self,
                               HandlaBasket     *basket)
{
  g_return_if_fail (HANDLA_IS_BASKET_SYNC (self));
  g_return_if_fail (basket == NULL || HANDLA_IS_BASKET (basket));

  if (self->basket == basket)
    return;

  if (self->basket != NULL)
    g_signal_handlers_disconnect_by_data (self->basket, self);
  g_set_object (&self->basket, basket);

  if (basket != NULL)
    {
      g_signal_connect_object (basket, "quantity-changed",
                               G_CALLBACK (basket_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (basket, "notify::customer-id",
                               G_CALLBACK (basket_customer_changed_cb), self, G_CONNECT_SWAPPED);
      basket_customer_changed_cb (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASKET]);
}

/**
 * handla_basket_sync_start:
 * @self: a #HandlaBasketSync
 *
 * Sends every basket with changes the supplier lacks (from an earlier
 * run, or made offline), and fetches the basket on screen. Call it when
 * the app starts; it happens again whenever the network returns.
 */
void
handla_basket_sync_start (HandlaBasketSync *self)
{
  g_return_if_fail (HANDLA_IS_BASKET_SYNC (self));

  resume (self);
}

/**
 * handla_basket_sync_queue:
 * @self: a #HandlaBasketSync
 * @customer_id: the customer
 *
 * Says that @customer_id's basket changed in the store without its
 * #HandlaBasket (the order outbox tombstoned sent lines): it is sent
 * after the usual delay.
 */
void
handla_basket_sync_queue (HandlaBasketSync *self,
                          const char       *customer_id)
{
  g_return_if_fail (HANDLA_IS_BASKET_SYNC (self));
  g_return_if_fail (customer_id != NULL);

  request_round (self, customer_id, FALSE,
                 (gint64)HANDLA_BASKET_SYNC_DELAY_SECONDS * G_USEC_PER_SEC);
}

/**
 * handla_basket_sync_sync_async:
 * @self: a #HandlaBasketSync
 * @customer_id: the customer
 * @cancellable: (nullable): a #GCancellable; the round goes on, and the
 *   callback gets %G_IO_ERROR_CANCELLED when it ends
 * @callback: called when the round ends
 * @user_data: passed to @callback
 *
 * Fetches, merges and sends @customer_id's basket now (after the round
 * under way, if any).
 */
void
handla_basket_sync_sync_async (HandlaBasketSync    *self,
                               const char          *customer_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Customer *c;

  g_return_if_fail (HANDLA_IS_BASKET_SYNC (self));
  g_return_if_fail (customer_id != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_basket_sync_sync_async);

  c = ensure_customer (self, customer_id);
  g_ptr_array_add (c->waiters, g_steal_pointer (&task));
  c->pull = TRUE;
  if (c->running)
    c->again = TRUE;
  else
    {
      c->due = 0;
      g_clear_handle_id (&c->timeout_id, g_source_remove);
      round_start (c);
    }
}

/**
 * handla_basket_sync_sync_finish:
 * @self: a #HandlaBasketSync
 * @result: the result
 * @error: return location for an error
 *
 * Returns: %TRUE if the basket is now the same here and at the supplier
 */
gboolean
handla_basket_sync_sync_finish (HandlaBasketSync  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (HANDLA_IS_BASKET_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
