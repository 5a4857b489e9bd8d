/* handla-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "handla-sql.h"
#include "handla-store-private.h"

/*
 * HandlaStore owns Handla's one SQLite connection. After epiphany's
 * history service, the connection lives on one database thread that
 * takes jobs from a GAsyncQueue, one at a time, in the order they were
 * queued. No other thread ever sees the sqlite3 pointer.
 *
 * The first thing the thread does is open the file, set the pragmas and
 * migrate the schema. If that fails, the thread keeps running and every
 * job fails with the same error, so callers need no special path.
 *
 * An async job's result goes back to the main context of the thread that
 * queued it: the database thread attaches an idle source there, and the
 * source returns the GTask and frees the job's data. So the GTask, the
 * job's data and the objects they hold are only ever released on the
 * caller's side, never on the database thread.
 */

#define BUSY_TIMEOUT_MS 5000

typedef enum {
  JOB_RUN,
  JOB_QUIT,
} JobKind;

typedef struct
{
  JobKind         kind;
  HandlaStoreJob  func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;

  /* Async jobs */
  GTask          *task;

  /* Sync jobs: the job lives on the caller's stack */
  GMutex         *mutex;
  GCond          *cond;
  gboolean        done;

  gpointer        result;
  GError         *error;
} Job;

/* Owned by the database thread */
typedef struct
{
  char        *path;
  GAsyncQueue *queue;
} Worker;

struct _HandlaStore
{
  GObject      parent_instance;

  char        *path;
  GAsyncQueue *queue;
  GThread     *thread;

  GMutex       lock;    /* protects closed and thread, and orders pushes against close */
  GCond        joined;  /* signalled when thread is NULL again after close */
  gboolean     closed;
};

G_DEFINE_FINAL_TYPE (HandlaStore, handla_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (handla-store-error-quark, handla_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void
job_free (Job *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  if (job->result_free != NULL && job->result != NULL)
    job->result_free (job->result);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  g_free (job);
}

static sqlite3 *
open_database (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3 *db = NULL;
  const char *journal_mode;
  int version;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_OPEN,
                   _("Could not create the folder for the database “%s”: %s"),
                   dir, g_strerror (saved_errno));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* Look at the version before anything writes to the file: a database
   * from a newer Handla must be left exactly as it is. */
  version = _handla_store_read_user_version (db, &local_error);
  if (version < 0)
    {
      /* Typically "file is not a database" */
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_OPEN,
                   _("Could not open the database “%s”: %s"),
                   path, local_error->message);
      sqlite3_close (db);
      return NULL;
    }

  if (version > handla_store_get_latest_version ())
    {
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_SCHEMA_TOO_NEW,
                   _("The database “%s” was written by a newer version of Handla "
                     "(schema %d, this version knows up to %d). It was not changed."),
                   path, version, handla_store_get_latest_version ());
      sqlite3_close (db);
      return NULL;
    }

  /* journal_mode answers with the mode in effect, which is not WAL on a
   * file system that cannot do it. */
  stmt = handla_sql_prepare (db, "PRAGMA journal_mode = WAL", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    goto failed;
  journal_mode = handla_sql_column_text (stmt, 0);
  if (g_strcmp0 (journal_mode, "wal") != 0)
    g_debug ("Store “%s” is in journal mode %s, not WAL", path, journal_mode);
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* cache_size: an 8 MB page cache (SQLite's default is 2 MB), so that a
   * search over 100,000 products finds its index pages in memory instead
   * of reading them again (docs/search.md "Performance"). */
  if (!handla_sql_exec (db,
                        "PRAGMA foreign_keys = ON;"
                        "PRAGMA secure_delete = ON;"
                        "PRAGMA synchronous = FULL;"
                        "PRAGMA cache_size = -8192;",
                        error))
    goto failed;

  if (!_handla_store_migrate (db, error))
    goto failed;

  return db;

failed:
  if (error != NULL && *error == NULL)
    handla_sql_set_error (db, error);
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return NULL;
}

static gboolean
job_returned_cb (gpointer user_data)
{
  Job *job = user_data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);

  job_free (job);

  return G_SOURCE_REMOVE;
}

static void
run_job (sqlite3      *db,
         const GError *open_error,
         Job          *job)
{
  GCancellable *cancellable = job->task != NULL ? g_task_get_cancellable (job->task) : NULL;

  if (open_error != NULL)
    job->error = g_error_copy (open_error);
  else if (!g_cancellable_set_error_if_cancelled (cancellable, &job->error))
    {
      job->result = job->func (db, job->data, &job->error);

      if (job->result == NULL && job->error == NULL)
        g_set_error_literal (&job->error,
                             HANDLA_STORE_ERROR,
                             HANDLA_STORE_ERROR_SQL,
                             "A store job failed without saying why");
      else if (job->result != NULL && job->error != NULL)
        {
          g_critical ("A store job returned both a result and an error");
          if (job->result_free != NULL)
            job->result_free (job->result);
          job->result = NULL;
        }

      /* A job must never leave a transaction open for the next one. */
      if (!sqlite3_get_autocommit (db))
        {
          g_critical ("A store job left a transaction open; rolling it back");
          handla_sql_rollback (db);
        }
    }

  if (job->task != NULL)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, job_returned_cb, job, NULL);
      g_source_set_static_name (source, "[handla] store job returned");
      g_source_attach (source, g_task_get_context (job->task));
      g_source_unref (source);
    }
  else
    {
      g_mutex_lock (job->mutex);
      job->done = TRUE;
      g_cond_signal (job->cond);
      g_mutex_unlock (job->mutex);
    }
}

static gpointer
database_thread (gpointer user_data)
{
  Worker *worker = user_data;
  g_autoptr(GError) open_error = NULL;
  sqlite3 *db;

  db = open_database (worker->path, &open_error);
  if (db == NULL)
    g_debug ("Store “%s” is unusable: %s", worker->path, open_error->message);

  for (;;)
    {
      Job *job = g_async_queue_pop (worker->queue);

      if (job->kind == JOB_QUIT)
        {
          g_free (job);
          break;
        }

      run_job (db, open_error, job);
    }

  if (db != NULL && sqlite3_close (db) != SQLITE_OK)
    g_critical ("Store “%s” did not close: %s", worker->path, sqlite3_errmsg (db));

  g_async_queue_unref (worker->queue);
  g_free (worker->path);
  g_free (worker);

  return NULL;
}

/* Queues @job unless the store is closed. */
static gboolean
push_job (HandlaStore *self,
          Job         *job)
{
  gboolean pushed = FALSE;

  g_mutex_lock (&self->lock);
  if (!self->closed)
    {
      g_async_queue_push (self->queue, job);
      pushed = TRUE;
    }
  g_mutex_unlock (&self->lock);

  return pushed;
}

static void
set_closed_error (GError **error)
{
  g_set_error_literal (error,
                       HANDLA_STORE_ERROR,
                       HANDLA_STORE_ERROR_CLOSED,
                       _("The database is already closed"));
}

static void
handla_store_constructed (GObject *object)
{
  HandlaStore *self = (HandlaStore *)object;
  Worker *worker;

  G_OBJECT_CLASS (handla_store_parent_class)->constructed (object);

  if (self->path == NULL)
    {
      /* No thread to run jobs: every job fails as closed, none waits. */
      g_critical ("HandlaStore needs a path");
      self->closed = TRUE;
      return;
    }

  worker = g_new0 (Worker, 1);
  worker->path = g_strdup (self->path);
  worker->queue = g_async_queue_ref (self->queue);

  self->thread = g_thread_new ("handla-store", database_thread, worker);
}

static void
handla_store_dispose (GObject *object)
{
  HandlaStore *self = (HandlaStore *)object;

  handla_store_close (self);

  G_OBJECT_CLASS (handla_store_parent_class)->dispose (object);
}

static void
handla_store_finalize (GObject *object)
{
  HandlaStore *self = (HandlaStore *)object;

  handla_store_close (self);

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->joined);

  G_OBJECT_CLASS (handla_store_parent_class)->finalize (object);
}

static void
handla_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  HandlaStore *self = HANDLA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  HandlaStore *self = HANDLA_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
handla_store_class_init (HandlaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = handla_store_constructed;
  object_class->dispose = handla_store_dispose;
  object_class->finalize = handla_store_finalize;
  object_class->get_property = handla_store_get_property;
  object_class->set_property = handla_store_set_property;

  /**
   * HandlaStore:path:
   *
   * The database file. Its folder is created if needed.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
handla_store_init (HandlaStore *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->joined);
  self->queue = g_async_queue_new ();
}

/**
 * handla_store_new:
 * @path: the database file
 *
 * Starts the database thread, which opens and migrates @path. This does
 * not block: a failure to open shows as the error of every job.
 *
 * Returns: (transfer full): a new #HandlaStore
 */
HandlaStore *
handla_store_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (HANDLA_TYPE_STORE,
                       "path", path,
                       NULL);
}

const char *
handla_store_get_path (HandlaStore *self)
{
  g_return_val_if_fail (HANDLA_IS_STORE (self), NULL);

  return self->path;
}

/**
 * handla_store_run_async:
 * @self: a #HandlaStore
 * @job: the function to run on the database thread
 * @data: (nullable): passed to @job
 * @data_free: (nullable): frees @data, on the caller's main context
 * @result_free: (nullable): frees the job's result if nobody takes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: passed to @callback
 *
 * Queues @job. Jobs run one at a time in the order they were queued, and
 * their callbacks are dispatched in the same order. A job that is
 * cancelled before it starts does not run and fails with
 * %G_IO_ERROR_CANCELLED. A job that has started is not cancelled: its
 * result (or error) is delivered even if @cancellable fires before
 * @callback runs, so a caller that must not act after cancelling checks
 * its cancellable itself.
 */
void
handla_store_run_async (HandlaStore         *self,
                        HandlaStoreJob       job,
                        gpointer             data,
                        GDestroyNotify       data_free,
                        GDestroyNotify       result_free,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *item;

  g_return_if_fail (HANDLA_IS_STORE (self));
  g_return_if_fail (job != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_store_run_async);
  /* The job checks the cancellable before it starts. Once it has run,
   * its result is what happened (an import may have committed), so a
   * cancellation after that must not turn it into an error. */
  g_task_set_check_cancellable (task, FALSE);

  item = g_new0 (Job, 1);
  item->kind = JOB_RUN;
  item->func = job;
  item->data = data;
  item->data_free = data_free;
  item->result_free = result_free;
  item->task = g_steal_pointer (&task);

  if (!push_job (self, item))
    {
      GError *error = NULL;

      set_closed_error (&error);
      g_task_return_error (item->task, error);
      job_free (item);
    }
}

/**
 * handla_store_run_finish:
 * @self: a #HandlaStore
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the job's result
 */
gpointer
handla_store_run_finish (HandlaStore   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (HANDLA_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * handla_store_run_sync:
 * @self: a #HandlaStore
 * @job: the function to run on the database thread
 * @data: (nullable): passed to @job; still owned by the caller
 * @result_free: (nullable): unused for a successful job, whose result the
 *   caller takes; kept for symmetry with handla_store_run_async()
 * @error: return location for an error
 *
 * Queues @job and blocks until it ran. For tools and tests only: the UI
 * thread must never wait on the disk.
 *
 * Returns: (transfer full) (nullable): the job's result
 */
gpointer
handla_store_run_sync (HandlaStore     *self,
                       HandlaStoreJob   job,
                       gpointer         data,
                       GDestroyNotify   result_free,
                       GError         **error)
{
  GMutex mutex;
  GCond cond;
  Job item = { 0, };
  gboolean on_database_thread;

  g_return_val_if_fail (HANDLA_IS_STORE (self), NULL);
  g_return_val_if_fail (job != NULL, NULL);

  g_mutex_lock (&self->lock);
  on_database_thread = self->thread != NULL && self->thread == g_thread_self ();
  g_mutex_unlock (&self->lock);
  g_return_val_if_fail (!on_database_thread, NULL);

  g_mutex_init (&mutex);
  g_cond_init (&cond);

  item.kind = JOB_RUN;
  item.func = job;
  item.data = data;
  item.result_free = result_free;
  item.mutex = &mutex;
  item.cond = &cond;

  g_mutex_lock (&mutex);
  if (push_job (self, &item))
    {
      while (!item.done)
        g_cond_wait (&cond, &mutex);
    }
  else
    set_closed_error (&item.error);
  g_mutex_unlock (&mutex);

  g_mutex_clear (&mutex);
  g_cond_clear (&cond);

  if (item.error != NULL)
    {
      g_propagate_error (error, item.error);
      return NULL;
    }

  return item.result;
}

/**
 * handla_store_close:
 * @self: a #HandlaStore
 *
 * Runs every job already queued, closes the database and stops the
 * database thread. Blocks until that is done, also when another thread
 * is closing the store at the same time: every caller returns only after
 * the database thread has ended. Jobs queued afterwards fail with
 * %HANDLA_STORE_ERROR_CLOSED. The callbacks of the drained async jobs
 * still run, on their main contexts. Calling this twice is harmless.
 */
void
handla_store_close (HandlaStore *self)
{
  GThread *thread = NULL;

  g_return_if_fail (HANDLA_IS_STORE (self));

  g_mutex_lock (&self->lock);
  if (!self->closed)
    {
      self->closed = TRUE;
      thread = self->thread;
      if (thread != NULL)
        {
          Job *quit = g_new0 (Job, 1);

          quit->kind = JOB_QUIT;
          g_async_queue_push (self->queue, quit);
        }
    }
  else
    {
      /* Another caller is closing: wait until it has joined the thread,
       * unless this is the database thread itself, which it waits for. */
      while (self->thread != NULL && self->thread != g_thread_self ())
        g_cond_wait (&self->joined, &self->lock);
    }
  g_mutex_unlock (&self->lock);

  if (thread == NULL)
    return;

  if (thread == g_thread_self ())
    {
      /* Only possible if a job dropped the last reference; the thread
       * ends on its own after the quit job. */
      g_critical ("HandlaStore closed from its own database thread");
      g_thread_unref (thread);
    }
  else
    g_thread_join (thread);

  g_mutex_lock (&self->lock);
  self->thread = NULL;
  g_cond_broadcast (&self->joined);
  g_mutex_unlock (&self->lock);
}
