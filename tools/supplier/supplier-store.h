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
  SUPPLIER_STORE_ERROR_CONFLICT,
} SupplierStoreError;

/* A customer's draft basket as stored; version 0 and NULL texts for a
 * basket never stored. */
typedef struct {
  gint64  version;
  char   *lines;          /* JSON array */
  char   *removed_lines;  /* JSON array */
  char   *updated_at;
  char   *updated_by_tablet;
} SupplierBasket;

typedef enum {
  SUPPLIER_HOLD_NOT_FOUND,
  SUPPLIER_HOLD_RELEASED,
  SUPPLIER_HOLD_USED,
  SUPPLIER_HOLD_ERROR,
} SupplierHoldRelease;

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

gboolean       supplier_store_lookup_tablet          (SupplierStore  *self,
                                                      const char     *token,
                                                      char          **tablet_id,
                                                      char          **unit_id);

gboolean       supplier_store_put_customers          (SupplierStore  *self,
                                                      GPtrArray      *customers,
                                                      GError        **error);
GPtrArray     *supplier_store_list_customers         (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      GError        **error);
char          *supplier_store_dup_customer           (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *customer_id);

void           supplier_basket_clear                 (SupplierBasket *basket);
gboolean       supplier_store_get_basket             (SupplierStore  *self,
                                                      const char     *customer_id,
                                                      SupplierBasket *basket,
                                                      GError        **error);
gboolean       supplier_store_put_basket             (SupplierStore  *self,
                                                      const char     *customer_id,
                                                      gint64          if_version,
                                                      const char     *lines,
                                                      const char     *removed_lines,
                                                      const char     *updated_at,
                                                      const char     *tablet_id,
                                                      gint64         *new_version,
                                                      GError        **error);

gboolean       supplier_store_hold_slot              (SupplierStore  *self,
                                                      const char     *customer_id,
                                                      const char     *slot_id,
                                                      gint64          now,
                                                      gint64          expires_at,
                                                      char          **hold_id,
                                                      gboolean       *renewed,
                                                      GError        **error);
SupplierHoldRelease supplier_store_release_hold      (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *hold_id,
                                                      GError        **error);

char          *supplier_store_dup_product            (SupplierStore  *self,
                                                      const char     *id,
                                                      gboolean       *deleted);
gboolean       supplier_store_find_hold              (SupplierStore  *self,
                                                      const char     *customer_id,
                                                      const char     *hold_id,
                                                      char          **slot_id,
                                                      gint64         *expires_at,
                                                      gboolean       *released,
                                                      char          **order_id);

/* Makes an order's JSON from its sequence number and id. */
typedef char *(*SupplierOrderBuildFunc) (gint64      seq,
                                         const char *id,
                                         gpointer    user_data);

gboolean       supplier_store_lookup_key             (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *key,
                                                      char          **kind,
                                                      char          **request,
                                                      char          **order_id,
                                                      char          **complaint_id);
char          *supplier_store_create_order           (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *customer_id,
                                                      const char     *key,
                                                      const char     *request,
                                                      const char     *hold_id,
                                                      const char     *sort_key,
                                                      gint64          now,
                                                      SupplierOrderBuildFunc build,
                                                      gpointer        user_data,
                                                      GError        **error);
gboolean       supplier_store_get_order              (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *order_id,
                                                      gint64         *version,
                                                      char          **json);
gboolean       supplier_store_put_order              (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *order_id,
                                                      gint64          if_version,
                                                      const char     *status,
                                                      const char     *sort_key,
                                                      const char     *json,
                                                      const char     *key,
                                                      const char     *request,
                                                      const char     *complaint_id,
                                                      gint64          now,
                                                      GError        **error);
GPtrArray     *supplier_store_list_orders            (SupplierStore  *self,
                                                      const char     *unit_id,
                                                      const char     *customer_id,
                                                      const char * const *statuses,
                                                      GError        **error);
gint64         supplier_store_count_orders           (SupplierStore  *self);

char          *supplier_random_string                (gsize           n_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierStore, supplier_store_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierItem, supplier_item_free)

G_END_DECLS
