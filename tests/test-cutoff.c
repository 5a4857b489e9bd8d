/* test-cutoff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-clock.h"
#include "handla-cutoff.h"

static GDateTime *
stockholm (int year,
           int month,
           int day,
           int hour,
           int minute)
{
  return g_date_time_new (handla_time_zone_stockholm (), year, month, day, hour, minute, 0);
}

static GDateTime *
utc (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  return g_date_time_new_utc (year, month, day, hour, minute, 0);
}

static void
assert_same_instant (GDateTime *a,
                     GDateTime *b)
{
  g_autofree char *sa = g_date_time_format_iso8601 (a);
  g_autofree char *sb = g_date_time_format_iso8601 (b);

  if (g_date_time_compare (a, b) != 0)
    g_error ("%s is not the same instant as %s", sa, sb);
}

static void
test_day_before_noon (void)
{
  /* Delivery Tuesday 24 November 2026 14:00 → cutoff Monday 23 November 12:00 (CET, UTC+1). */
  g_autoptr(GDateTime) delivery = stockholm (2026, 11, 24, 14, 0);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) expected = utc (2026, 11, 23, 11, 0);

  assert_same_instant (cutoff, expected);
  g_assert_cmpint (g_date_time_get_hour (cutoff), ==, 12);
}

static void
test_early_morning_delivery (void)
{
  /* 00:30 on Wednesday is still "the day before" = Tuesday. */
  g_autoptr(GDateTime) delivery = stockholm (2026, 11, 25, 0, 30);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) expected = stockholm (2026, 11, 24, 12, 0);

  assert_same_instant (cutoff, expected);
}

static void
test_delivery_given_in_utc (void)
{
  /* 23:30 UTC on 24 November is already 00:30 on 25 November in Stockholm. */
  g_autoptr(GDateTime) delivery = utc (2026, 11, 24, 23, 30);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) expected = stockholm (2026, 11, 24, 12, 0);

  assert_same_instant (cutoff, expected);
}

static void
test_spring_forward (void)
{
  /* Summer time starts Sunday 29 March 2026 at 02:00. Delivery Monday 30
   * March → cutoff Sunday 29 March 12:00 CEST = 10:00 UTC. */
  g_autoptr(GDateTime) delivery = stockholm (2026, 3, 30, 10, 0);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) expected = utc (2026, 3, 29, 10, 0);

  assert_same_instant (cutoff, expected);

  /* Delivery on the change day itself: cutoff Saturday 12:00 CET = 11:00 UTC. */
  {
    g_autoptr(GDateTime) delivery2 = stockholm (2026, 3, 29, 14, 0);
    g_autoptr(GDateTime) cutoff2 = handla_cutoff_for_delivery (delivery2, NULL);
    g_autoptr(GDateTime) expected2 = utc (2026, 3, 28, 11, 0);

    assert_same_instant (cutoff2, expected2);
  }
}

static void
test_fall_back (void)
{
  /* Summer time ends Sunday 25 October 2026 at 03:00. Delivery Monday 26
   * October → cutoff Sunday 25 October 12:00 CET = 11:00 UTC; delivery on
   * Sunday → cutoff Saturday 12:00 CEST = 10:00 UTC. */
  g_autoptr(GDateTime) delivery = stockholm (2026, 10, 26, 9, 0);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) expected = utc (2026, 10, 25, 11, 0);
  g_autoptr(GDateTime) delivery2 = stockholm (2026, 10, 25, 14, 0);
  g_autoptr(GDateTime) cutoff2 = handla_cutoff_for_delivery (delivery2, NULL);
  g_autoptr(GDateTime) expected2 = utc (2026, 10, 24, 10, 0);

  assert_same_instant (cutoff, expected);
  assert_same_instant (cutoff2, expected2);
}

static void
test_month_and_year_boundaries (void)
{
  g_autoptr(GDateTime) new_year = stockholm (2027, 1, 1, 10, 0);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (new_year, NULL);
  g_autoptr(GDateTime) expected = stockholm (2026, 12, 31, 12, 0);
  g_autoptr(GDateTime) march = stockholm (2028, 3, 1, 10, 0);
  g_autoptr(GDateTime) cutoff2 = handla_cutoff_for_delivery (march, NULL);
  g_autoptr(GDateTime) expected2 = stockholm (2028, 2, 29, 12, 0);

  assert_same_instant (cutoff, expected);
  assert_same_instant (cutoff2, expected2);
}

static void
test_slot_cutoff (void)
{
  g_autoptr(GDateTime) delivery = stockholm (2026, 11, 24, 14, 0);
  g_autoptr(GDateTime) earlier = stockholm (2026, 11, 23, 8, 0);
  g_autoptr(GDateTime) later = stockholm (2026, 11, 23, 18, 0);
  g_autoptr(GDateTime) rule = stockholm (2026, 11, 23, 12, 0);
  g_autoptr(GDateTime) with_earlier = handla_cutoff_for_delivery (delivery, earlier);
  g_autoptr(GDateTime) with_later = handla_cutoff_for_delivery (delivery, later);

  /* An earlier slot cutoff wins; a later one never extends the rule. */
  assert_same_instant (with_earlier, earlier);
  assert_same_instant (with_later, rule);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
test_has_passed_with_fake_clock (void)
{
  g_autoptr(GDateTime) delivery = stockholm (2026, 11, 24, 14, 0);
  g_autoptr(GDateTime) cutoff = handla_cutoff_for_delivery (delivery, NULL);
  g_autoptr(GDateTime) start = stockholm (2026, 11, 23, 11, 59);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (start);
  guint changes = 0;

  g_signal_connect_swapped (clock, "changed", G_CALLBACK (count_cb), &changes);

  {
    g_autoptr(GDateTime) now = handla_clock_get_now (clock);
    g_assert_false (handla_cutoff_has_passed (cutoff, now));
  }

  handla_clock_advance (clock, G_TIME_SPAN_MINUTE - G_TIME_SPAN_SECOND);
  {
    g_autoptr(GDateTime) now = handla_clock_get_now (clock);
    g_assert_false (handla_cutoff_has_passed (cutoff, now));
  }

  handla_clock_advance (clock, G_TIME_SPAN_SECOND);
  {
    g_autoptr(GDateTime) now = handla_clock_get_now (clock);
    g_assert_true (handla_cutoff_has_passed (cutoff, now));
  }

  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (handla_clock_is_fake (clock));
}

static void
test_real_clock (void)
{
  g_autoptr(HandlaClock) clock = handla_clock_new ();
  g_autoptr(GDateTime) now = handla_clock_get_now (clock);

  g_assert_false (handla_clock_is_fake (clock));
  g_assert_cmpint (g_date_time_get_utc_offset (now), ==, 0);
  g_assert_cmpint (g_date_time_get_year (now), >=, 2024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handla/cutoff/day-before-noon", test_day_before_noon);
  g_test_add_func ("/handla/cutoff/early-morning-delivery", test_early_morning_delivery);
  g_test_add_func ("/handla/cutoff/delivery-given-in-utc", test_delivery_given_in_utc);
  g_test_add_func ("/handla/cutoff/dst-spring-forward", test_spring_forward);
  g_test_add_func ("/handla/cutoff/dst-fall-back", test_fall_back);
  g_test_add_func ("/handla/cutoff/month-and-year", test_month_and_year_boundaries);
  g_test_add_func ("/handla/cutoff/slot-cutoff", test_slot_cutoff);
  g_test_add_func ("/handla/cutoff/has-passed", test_has_passed_with_fake_clock);
  g_test_add_func ("/handla/clock/real", test_real_clock);

  return g_test_run ();
}
