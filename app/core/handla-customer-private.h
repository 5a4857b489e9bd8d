/* handla-customer-private.h — a customer from the protocol's JSON, for
 * the client and the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "handla-customer.h"

G_BEGIN_DECLS

HandlaCustomer *_handla_customer_new_from_json (JsonNode       *node);
const char     *_handla_customer_get_record    (HandlaCustomer *self);

G_END_DECLS
