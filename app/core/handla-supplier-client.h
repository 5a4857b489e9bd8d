/* handla-supplier-client.h — talks to the supplier: enrolment, catalogue sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-catalogue.h"
#include "handla-secrets.h"

G_BEGIN_DECLS

#define HANDLA_SUPPLIER_ERROR (handla_supplier_error_quark ())

/**
 * HandlaSupplierError:
 * @HANDLA_SUPPLIER_ERROR_OFFLINE: the tablet has no network; nothing was sent
 * @HANDLA_SUPPLIER_ERROR_UNREACHABLE: the supplier could not be reached
 * @HANDLA_SUPPLIER_ERROR_TLS: the connection is not safe (certificate, TLS < 1.2)
 * @HANDLA_SUPPLIER_ERROR_UNAUTHORIZED: the tablet is not (or no longer) enrolled
 * @HANDLA_SUPPLIER_ERROR_RATE_LIMITED: 429; see handla_supplier_client_get_retry_after()
 * @HANDLA_SUPPLIER_ERROR_UNAVAILABLE: 503; see handla_supplier_client_get_retry_after()
 * @HANDLA_SUPPLIER_ERROR_SERVER: the supplier failed (5xx)
 * @HANDLA_SUPPLIER_ERROR_BAD_RESPONSE: an answer that is not what the protocol says
 * @HANDLA_SUPPLIER_ERROR_INVALID_CODE: the enrolment code is not valid
 * @HANDLA_SUPPLIER_ERROR_INVALID_PROFILE: the supplier profile (URL, CA file) is unusable
 * @HANDLA_SUPPLIER_ERROR_REFUSED: the supplier refused the request for good (a full slot, a
 *   passed cutoff); the message says why and what to do
 */
typedef enum {
  HANDLA_SUPPLIER_ERROR_OFFLINE,
  HANDLA_SUPPLIER_ERROR_UNREACHABLE,
  HANDLA_SUPPLIER_ERROR_TLS,
  HANDLA_SUPPLIER_ERROR_UNAUTHORIZED,
  HANDLA_SUPPLIER_ERROR_RATE_LIMITED,
  HANDLA_SUPPLIER_ERROR_UNAVAILABLE,
  HANDLA_SUPPLIER_ERROR_SERVER,
  HANDLA_SUPPLIER_ERROR_BAD_RESPONSE,
  HANDLA_SUPPLIER_ERROR_INVALID_CODE,
  HANDLA_SUPPLIER_ERROR_INVALID_PROFILE,
  HANDLA_SUPPLIER_ERROR_REFUSED,
} HandlaSupplierError;

GQuark handla_supplier_error_quark (void);

#define HANDLA_TYPE_CATALOGUE_SYNC_RESULT (handla_catalogue_sync_result_get_type ())

typedef struct _HandlaCatalogueSyncResult HandlaCatalogueSyncResult;

GType                      handla_catalogue_sync_result_get_type          (void) G_GNUC_CONST;
HandlaCatalogueSyncResult *handla_catalogue_sync_result_ref               (HandlaCatalogueSyncResult *self);
void                       handla_catalogue_sync_result_unref             (HandlaCatalogueSyncResult *self);
gboolean                   handla_catalogue_sync_result_get_not_modified  (HandlaCatalogueSyncResult *self);
gboolean                   handla_catalogue_sync_result_get_full          (HandlaCatalogueSyncResult *self);
guint                      handla_catalogue_sync_result_get_n_added       (HandlaCatalogueSyncResult *self);
guint                      handla_catalogue_sync_result_get_n_changed     (HandlaCatalogueSyncResult *self);
guint                      handla_catalogue_sync_result_get_n_deleted     (HandlaCatalogueSyncResult *self);
guint                      handla_catalogue_sync_result_get_n_products    (HandlaCatalogueSyncResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaCatalogueSyncResult, handla_catalogue_sync_result_unref)

#define HANDLA_TYPE_SUPPLIER_CLIENT (handla_supplier_client_get_type ())

G_DECLARE_FINAL_TYPE (HandlaSupplierClient, handla_supplier_client, HANDLA, SUPPLIER_CLIENT, GObject)

HandlaSupplierClient      *handla_supplier_client_new                    (HandlaCatalogue       *catalogue,
                                                                          HandlaSecrets         *secrets,
                                                                          const char            *base_url,
                                                                          const char            *ca_file,
                                                                          GNetworkMonitor       *monitor,
                                                                          GError               **error);
const char                *handla_supplier_client_get_base_url           (HandlaSupplierClient  *self);
gboolean                   handla_supplier_client_get_online             (HandlaSupplierClient  *self);
guint                      handla_supplier_client_get_retry_after        (HandlaSupplierClient  *self);

void                       handla_supplier_client_enrol_async            (HandlaSupplierClient  *self,
                                                                          const char            *code,
                                                                          const char            *device_name,
                                                                          GCancellable          *cancellable,
                                                                          GAsyncReadyCallback    callback,
                                                                          gpointer               user_data);
gboolean                   handla_supplier_client_enrol_finish           (HandlaSupplierClient  *self,
                                                                          GAsyncResult          *result,
                                                                          GError               **error);

void                       handla_supplier_client_sync_catalogue_async   (HandlaSupplierClient  *self,
                                                                          GCancellable          *cancellable,
                                                                          GAsyncReadyCallback    callback,
                                                                          gpointer               user_data);
HandlaCatalogueSyncResult *handla_supplier_client_sync_catalogue_finish  (HandlaSupplierClient  *self,
                                                                          GAsyncResult          *result,
                                                                          GError               **error);

G_END_DECLS
