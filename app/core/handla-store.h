/* handla-store.h — the one SQLite file, owned by one database thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define HANDLA_STORE_ERROR (handla_store_error_quark ())

typedef enum {
  HANDLA_STORE_ERROR_OPEN,
  HANDLA_STORE_ERROR_SQL,
  HANDLA_STORE_ERROR_SCHEMA_TOO_NEW,
  HANDLA_STORE_ERROR_CLOSED,
} HandlaStoreError;

/**
 * HandlaStoreJob:
 * @db: the open connection; only valid during the call
 * @data: the data given to handla_store_run_async()
 * @error: return location for an error
 *
 * A unit of work run on the database thread.
 *
 * Returns: (nullable) (transfer full): the job's result, or %NULL with
 *   @error set on failure. A job with no result returns GINT_TO_POINTER (TRUE).
 */
typedef gpointer (*HandlaStoreJob) (sqlite3  *db,
                                    gpointer  data,
                                    GError  **error);

#define HANDLA_TYPE_STORE (handla_store_get_type ())

G_DECLARE_FINAL_TYPE (HandlaStore, handla_store, HANDLA, STORE, GObject)

GQuark       handla_store_error_quark          (void);
int          handla_store_get_latest_version   (void);
HandlaStore *handla_store_new                  (const char          *path);
const char  *handla_store_get_path             (HandlaStore         *self);
void         handla_store_run_async            (HandlaStore         *self,
                                                HandlaStoreJob       job,
                                                gpointer             data,
                                                GDestroyNotify       data_free,
                                                GDestroyNotify       result_free,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gpointer     handla_store_run_finish           (HandlaStore         *self,
                                                GAsyncResult        *result,
                                                GError             **error);
gpointer     handla_store_run_sync             (HandlaStore         *self,
                                                HandlaStoreJob       job,
                                                gpointer             data,
                                                GDestroyNotify       result_free,
                                                GError             **error);
void         handla_store_close                (HandlaStore         *self);

G_END_DECLS
