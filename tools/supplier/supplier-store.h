/* supplier-store.h — the reference supplier's SQLite state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SUPPLIER_STORE_ERROR (supplier_store_error_quark ())

typedef enum {
  SUPPLIER_STORE_ERROR_SQL,
  SUPPLIER_STORE_ERROR_CODE_INVALID,
} SupplierStoreError;

/* One category or product as stored: its id, its sort position
 * (categories only) and its whole record as compact JSON. */
typedef struct {
  char   *id;
  gint64  position;
  char   *json;
} SupplierItem;

typedef struct _SupplierStore SupplierStore;

GQuark         supplier_store_error_quark            (void);

SupplierItem  *supplier_item_new                     (const char     *id,
                                                      gint64          position,
                                                      char           *json);
void           supplier_item_free                    (SupplierItem   *item);

SupplierStore *supplier_store_open                   (const char     *path,
                                                      GError        **error);
void           supplier_store_free                   (SupplierStore  *self);

const char    *supplier_store_get_epoch              (SupplierStore  *self);
gint64         supplier_store_get_catalogue_seq      (SupplierStore  *self);
char          *supplier_store_dup_catalogue_head     (SupplierStore  *self);

gboolean       supplier_store_replace_catalogue      (SupplierStore  *self,
                                                      const char     *head_json,
                                                      GPtrArray      *categories,
                                                      GPtrArray      *products,
                                                      gboolean       *changed,
                                                      GError        **error);

gboolean       supplier_store_list_categories        (SupplierStore  *self,
                                                      gint64          since,
                                                      GPtrArray      *upserts,
                                                      GPtrArray      *deleted_ids,
                                                      GError        **error);
gboolean       supplier_store_list_products          (SupplierStore  *self,
                                                      gint64          since,
                                                      const char     *after_id,
                                                      guint           limit,
                                                      GPtrArray      *upserts,
                                                      GPtrArray      *deleted_ids,
                                                      char          **last_id,
                                                      gboolean       *more,
                                                      GError        **error);

char          *supplier_store_add_enrolment_code     (SupplierStore  *self,
                                                      GDateTime      *now,
                                                      GTimeSpan       valid_for,
                                                      GError        **error);
gboolean       supplier_store_enrol                  (SupplierStore  *self,
                                                      const char     *code,
                                                      const char     *device_name,
                                                      GDateTime      *now,
                                                      char          **token,
                                                      char          **tablet_id,
                                                      GError        **error);
gboolean       supplier_store_token_is_valid         (SupplierStore  *self,
                                                      const char     *token);

char          *supplier_random_string                (gsize           n_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierStore, supplier_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierItem, supplier_item_free)

G_END_DECLS
