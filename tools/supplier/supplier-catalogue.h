/* supplier-catalogue.h — catalogue documents: load, generate, serve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "supplier-store.h"

G_BEGIN_DECLS

#define SUPPLIER_CATALOGUE_ERROR (supplier_catalogue_error_quark ())

typedef enum {
  SUPPLIER_CATALOGUE_ERROR_INVALID,        /* 400 invalid_request */
  SUPPLIER_CATALOGUE_ERROR_CURSOR_EXPIRED, /* 410 cursor_expired */
  SUPPLIER_CATALOGUE_ERROR_PAGE_EXPIRED,   /* 410 page_expired */
} SupplierCatalogueError;

#define SUPPLIER_CATALOGUE_DEFAULT_PAGE_SIZE 500
#define SUPPLIER_CATALOGUE_MAX_PAGE_SIZE     2000

/* A catalogue document split into its parts, ready for the store. */
typedef struct {
  char      *head_json;   /* every member but categories and products */
  GPtrArray *categories;  /* of SupplierItem */
  GPtrArray *products;    /* of SupplierItem */
} SupplierCatalogue;

GQuark             supplier_catalogue_error_quark (void);

SupplierCatalogue *supplier_catalogue_load        (const char         *path,
                                                   GError            **error);
SupplierCatalogue *supplier_catalogue_generate    (guint               n_products);
SupplierCatalogue *supplier_catalogue_generate_changed (guint           n_products,
                                                       guint           n_changed,
                                                       guint           generation);
void               supplier_catalogue_free        (SupplierCatalogue  *self);

char              *supplier_catalogue_etag        (SupplierStore      *store);
GBytes            *supplier_catalogue_respond     (SupplierStore      *store,
                                                   const char         *since,
                                                   const char         *page,
                                                   const char         *page_size,
                                                   char              **etag,
                                                   GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierCatalogue, supplier_catalogue_free)

G_END_DECLS
