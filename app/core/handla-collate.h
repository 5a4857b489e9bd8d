/* handla-collate.h — names in Swedish alphabetical order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int handla_collate_swedish (const char *a,
                            const char *b);

G_END_DECLS
