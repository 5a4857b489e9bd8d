/* handla-core.h — everything app/core offers, in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-basket.h"
#include "handla-basket-merge.h"
#include "handla-basket-sync.h"
#include "handla-catalogue.h"
#include "handla-category.h"
#include "handla-clock.h"
#include "handla-collate.h"
#include "handla-context.h"
#include "handla-customer.h"
#include "handla-customers.h"
#include "handla-cutoff.h"
#include "handla-delivery-notes.h"
#include "handla-money.h"
#include "handla-orders.h"
#include "handla-product.h"
#include "handla-secrets.h"
#include "handla-slot.h"
#include "handla-store.h"
#include "handla-supplier-client.h"
