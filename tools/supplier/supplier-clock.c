/* supplier-clock.c — the reference supplier's one source of "now"
 *
 * Every time-dependent rule (cutoffs, hold expiry, slot dates, enrolment
 * codes) reads the time through supplier_clock_now(). By default that is
 * the real time. The test-only control endpoint can set the clock to an
 * instant, after which it stands still until it is set or advanced
 * again, so that tests are deterministic; or move it on (a standing clock
 * jumps, a running one keeps running with an offset).
 *
 * Used from the main loop only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-clock.h"

static gboolean frozen;
static gint64 frozen_at;   /* µs since the epoch, while frozen */
static gint64 offset;      /* µs added to the real time otherwise */

GDateTime *
supplier_clock_now (void)
{
  gint64 usec = frozen ? frozen_at : g_get_real_time () + offset;
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

/* Stops the clock at @now. */
void
supplier_clock_set (GDateTime *now)
{
  frozen = TRUE;
  frozen_at = g_date_time_to_unix (now) * G_USEC_PER_SEC + g_date_time_get_microsecond (now);
}

void
supplier_clock_advance (GTimeSpan span)
{
  if (frozen)
    frozen_at += span;
  else
    offset += span;
}

/* Back to the real time. */
void
supplier_clock_reset (void)
{
  frozen = FALSE;
  frozen_at = 0;
  offset = 0;
}

gboolean
supplier_clock_is_frozen (void)
{
  return frozen;
}

/* Europe/Stockholm, or UTC if the system has no tzdata (the times then
 * still carry a correct offset). Owned by this module. */
GTimeZone *
supplier_stockholm (void)
{
  static GTimeZone *tz;

  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier ("Europe/Stockholm");
      if (tz == NULL)
        {
          g_warning ("No time zone Europe/Stockholm; using UTC");
          tz = g_time_zone_new_utc ();
        }
    }
  return tz;
}

/* RFC 3339 in Swedish local time, whole seconds: 2025-11-27T10:00:00+01:00. */
char *
supplier_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, supplier_stockholm ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
supplier_format_unix (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return supplier_format_time (time);
}
