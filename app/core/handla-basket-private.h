/* handla-basket-private.h — the basket's wire names, shared with the
 * order outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-basket.h"

G_BEGIN_DECLS

const char         *_handla_substitution_to_string   (HandlaSubstitution  substitution);
HandlaSubstitution  _handla_substitution_from_string (const char         *name);
char               *_handla_basket_note_normalize    (const char         *note);

G_END_DECLS
