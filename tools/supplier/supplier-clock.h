/* supplier-clock.h — the reference supplier's one source of "now"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *supplier_clock_now        (void);
void       supplier_clock_set        (GDateTime *now);
void       supplier_clock_advance    (GTimeSpan  span);
void       supplier_clock_reset      (void);
gboolean   supplier_clock_is_frozen  (void);

GTimeZone *supplier_stockholm        (void);
char      *supplier_format_time      (GDateTime *time);
char      *supplier_format_unix      (gint64     unix_seconds);

G_END_DECLS
