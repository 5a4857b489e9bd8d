/* handla-catalogue.h — the cached catalogue: import and queries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-category.h"
#include "handla-clock.h"
#include "handla-product.h"
#include "handla-store.h"

G_BEGIN_DECLS

#define HANDLA_CATALOGUE_ERROR (handla_catalogue_error_quark ())

typedef enum {
  HANDLA_CATALOGUE_ERROR_INVALID,
  HANDLA_CATALOGUE_ERROR_UNSUPPORTED_VERSION,
  HANDLA_CATALOGUE_ERROR_NOT_FOUND,
} HandlaCatalogueError;

/* The most products a search returns, unless a tool asks for another limit. */
#define HANDLA_CATALOGUE_SEARCH_LIMIT 100

#define HANDLA_TYPE_CATALOGUE (handla_catalogue_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCatalogue, handla_catalogue, HANDLA, CATALOGUE, GObject)

GQuark           handla_catalogue_error_quark              (void);
HandlaCatalogue *handla_catalogue_new                      (HandlaStore          *store,
                                                            HandlaClock          *clock);

void             handla_catalogue_import_async             (HandlaCatalogue      *self,
                                                            GBytes               *document,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         handla_catalogue_import_finish            (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_products,
                                                            GError              **error);
gboolean         handla_catalogue_import_sync              (HandlaCatalogue      *self,
                                                            GBytes               *document,
                                                            guint                *n_products,
                                                            GError              **error);

void             handla_catalogue_count_products_async     (HandlaCatalogue      *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
gboolean         handla_catalogue_count_products_finish    (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_products,
                                                            GError              **error);

void             handla_catalogue_list_categories_async    (HandlaCatalogue      *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GListModel      *handla_catalogue_list_categories_finish   (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void             handla_catalogue_list_products_async      (HandlaCatalogue      *self,
                                                            const char           *category_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
void             handla_catalogue_list_offers_async        (HandlaCatalogue      *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GListModel      *handla_catalogue_list_products_finish     (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void             handla_catalogue_get_product_async        (HandlaCatalogue      *self,
                                                            const char           *product_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
HandlaProduct   *handla_catalogue_get_product_finish       (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

void             handla_catalogue_search_async             (HandlaCatalogue      *self,
                                                            const char           *query,
                                                            const char           *customer_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GListModel      *handla_catalogue_search_finish            (HandlaCatalogue      *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
GListModel      *handla_catalogue_search_sync              (HandlaCatalogue      *self,
                                                            const char           *query,
                                                            const char           *customer_id,
                                                            guint                 limit,
                                                            GError              **error);

G_END_DECLS
