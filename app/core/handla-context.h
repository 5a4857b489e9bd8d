/* handla-context.h — the services of one running Handla
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "handla-basket.h"
#include "handla-catalogue.h"
#include "handla-clock.h"
#include "handla-store.h"

G_BEGIN_DECLS

/* Until the visits issue, one built-in customer owns the basket. */
#define HANDLA_DEMO_CUSTOMER_ID "demo"

#define HANDLA_TYPE_CONTEXT (handla_context_get_type ())

G_DECLARE_FINAL_TYPE (HandlaContext, handla_context, HANDLA, CONTEXT, GObject)

HandlaContext   *handla_context_new             (const char    *db_path,
                                                 HandlaClock   *clock,
                                                 GSettings     *settings);
HandlaStore     *handla_context_get_store       (HandlaContext *self);
HandlaCatalogue *handla_context_get_catalogue   (HandlaContext *self);
HandlaBasket    *handla_context_get_basket      (HandlaContext *self);
HandlaClock     *handla_context_get_clock       (HandlaContext *self);
GSettings       *handla_context_get_settings    (HandlaContext *self);

G_END_DECLS
