/* handla-catalogue-private.h — what the supplier client needs of the catalogue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-catalogue.h"
#include "handla-catalogue-document.h"

G_BEGIN_DECLS

/* Keys of the sync_state table (schema 2). */
#define HANDLA_SYNC_KEY_CATALOGUE_ETAG   "catalogue_etag"
#define HANDLA_SYNC_KEY_CATALOGUE_CURSOR "catalogue_cursor"

typedef struct
{
  guint n_added;
  guint n_changed;
  guint n_deleted;
  guint n_products;   /* in the catalogue afterwards */
} HandlaCatalogueChanges;

void     _handla_catalogue_read_sync_state_async  (HandlaCatalogue          *self,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
gboolean _handla_catalogue_read_sync_state_finish (HandlaCatalogue          *self,
                                                   GAsyncResult             *result,
                                                   char                    **etag,
                                                   char                    **cursor,
                                                   GError                  **error);

void     _handla_catalogue_replace_async          (HandlaCatalogue          *self,
                                                   HandlaCatalogueDocument  *document,
                                                   const char               *etag,
                                                   const char               *cursor,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
void     _handla_catalogue_apply_delta_async      (HandlaCatalogue          *self,
                                                   GPtrArray                *pages,
                                                   const char               *etag,
                                                   const char               *cursor,
                                                   GCancellable             *cancellable,
                                                   GAsyncReadyCallback       callback,
                                                   gpointer                  user_data);
gboolean _handla_catalogue_update_finish          (HandlaCatalogue          *self,
                                                   GAsyncResult             *result,
                                                   HandlaCatalogueChanges   *changes,
                                                   GError                  **error);

G_END_DECLS
