/* supplier-customers.h — the reference supplier's demo customers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The unit every enrolled tablet belongs to. */
#define SUPPLIER_UNIT_ID     "u-demo-1"
#define SUPPLIER_UNIT_NAME   "Hemtjänst Demo, grupp 1"
#define SUPPLIER_UNIT_PHONE  "+46855512345"

/* One customer as stored: id, unit, the sort key and the whole record. */
typedef struct {
  char *id;
  char *unit_id;
  char *display_name;
  char *json;
} SupplierCustomer;

void       supplier_customer_free  (SupplierCustomer *customer);
GPtrArray *supplier_customers_demo (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SupplierCustomer, supplier_customer_free)

G_END_DECLS
