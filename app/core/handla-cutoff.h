/* handla-cutoff.h — the order cutoff rule
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GTimeZone *handla_time_zone_stockholm   (void);
GDateTime *handla_cutoff_for_delivery   (GDateTime *delivery_start,
                                         GDateTime *slot_cutoff);
gboolean   handla_cutoff_has_passed     (GDateTime *cutoff,
                                         GDateTime *now);

G_END_DECLS
