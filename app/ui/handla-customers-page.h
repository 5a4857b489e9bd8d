/* handla-customers-page.h — the unit's customers: where a visit begins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-page.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_CUSTOMERS_PAGE (handla_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (HandlaCustomersPage, handla_customers_page, HANDLA, CUSTOMERS_PAGE, HandlaPage)

void handla_customers_page_open_customer (HandlaCustomersPage *self,
                                          HandlaCustomer      *customer);

G_END_DECLS
