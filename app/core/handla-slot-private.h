/* handla-slot-private.h — for the tests: a slot from the protocol's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "handla-slot.h"

G_BEGIN_DECLS

HandlaSlot *_handla_slot_new_from_json (JsonNode *node);

G_END_DECLS
