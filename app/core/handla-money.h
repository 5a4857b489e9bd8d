/* handla-money.h — money as integer öre, formatted the Swedish way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * HandlaUnit:
 * @HANDLA_UNIT_NONE: no comparison unit is known
 * @HANDLA_UNIT_KG: per kilogram
 * @HANDLA_UNIT_LITRE: per litre
 * @HANDLA_UNIT_PIECE: per piece
 *
 * The unit of a comparison price (jämförpris).
 */
typedef enum {
  HANDLA_UNIT_NONE,
  HANDLA_UNIT_KG,
  HANDLA_UNIT_LITRE,
  HANDLA_UNIT_PIECE,
} HandlaUnit;

char       *handla_money_format            (gint64       ore);
char       *handla_money_format_comparison (gint64       ore,
                                            HandlaUnit   unit);
const char *handla_unit_to_code            (HandlaUnit   unit);
gboolean    handla_unit_from_code          (const char  *code,
                                            HandlaUnit  *unit);

G_END_DECLS
