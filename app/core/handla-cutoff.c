/* handla-cutoff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-cutoff.h"

/*
 * The rule of the trade: an order must be in by 12:00 Swedish time on the
 * day before delivery, or by the slot's own cutoff when that is earlier.
 * "The day before" is a calendar day in Europe/Stockholm, so the cutoff
 * stays at 12:00 local time across the daylight-saving changes.
 */

#define CUTOFF_HOUR 12

/* Used only if the system has no tzdata: the same rules as Europe/Stockholm
 * since 1996 (CET, CEST from the last Sunday of March to the last Sunday of
 * October). */
#define STOCKHOLM_POSIX_TZ "CET-1CEST,M3.5.0,M10.5.0/3"

/**
 * handla_time_zone_stockholm:
 *
 * Returns: (transfer none): the Europe/Stockholm time zone
 */
GTimeZone *
handla_time_zone_stockholm (void)
{
  static GTimeZone *tz;

  if (g_once_init_enter (&tz))
    {
      GTimeZone *found = g_time_zone_new_identifier ("Europe/Stockholm");

      if (found == NULL)
        found = g_time_zone_new_identifier (STOCKHOLM_POSIX_TZ);
      g_assert (found != NULL);
      g_once_init_leave (&tz, found);
    }

  return tz;
}

/**
 * handla_cutoff_for_delivery:
 * @delivery_start: when the delivery window starts
 * @slot_cutoff: (nullable): the cutoff the supplier gives for the slot
 *
 * Works out the last moment an order for a delivery starting at
 * @delivery_start may be sent, changed or cancelled: 12:00 in Stockholm on
 * the calendar day before the delivery, or @slot_cutoff if that is earlier.
 *
 * Returns: (transfer full): the cutoff, in Europe/Stockholm time
 */
GDateTime *
handla_cutoff_for_delivery (GDateTime *delivery_start,
                            GDateTime *slot_cutoff)
{
  GTimeZone *tz = handla_time_zone_stockholm ();
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) rule = NULL;
  GDate date;

  g_return_val_if_fail (delivery_start != NULL, NULL);

  local = g_date_time_to_timezone (delivery_start, tz);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_date_subtract_days (&date, 1);

  rule = g_date_time_new (tz,
                          g_date_get_year (&date),
                          g_date_get_month (&date),
                          g_date_get_day (&date),
                          CUTOFF_HOUR, 0, 0);

  if (slot_cutoff != NULL && g_date_time_compare (slot_cutoff, rule) < 0)
    return g_date_time_to_timezone (slot_cutoff, tz);

  return g_steal_pointer (&rule);
}

/**
 * handla_cutoff_has_passed:
 * @cutoff: a cutoff from handla_cutoff_for_delivery()
 * @now: the current time
 *
 * Returns: %TRUE when @now is at or after @cutoff: the order is locked
 */
gboolean
handla_cutoff_has_passed (GDateTime *cutoff,
                          GDateTime *now)
{
  g_return_val_if_fail (cutoff != NULL, TRUE);
  g_return_val_if_fail (now != NULL, TRUE);

  return g_date_time_compare (now, cutoff) >= 0;
}
