/* test-clock.c — timers on HandlaClock: a fake clock fires them only when
 * it is moved, the real one on its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-util.h"

static gboolean
count_cb (gpointer user_data)
{
  guint *fired = user_data;

  (*fired)++;
  return G_SOURCE_CONTINUE;  /* ignored: a clock timer fires once */
}

/* Runs every source that is ready now, without blocking. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GSource *
add_timer (HandlaClock *clock,
           GDateTime   *deadline,
           guint       *fired)
{
  GSource *source = handla_clock_source_new (clock, deadline);

  g_source_set_callback (source, count_cb, fired, NULL);
  g_source_attach (source, NULL);

  return source;
}

static void
test_clock_fake_timer (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 12, 8, 0, 0);
  g_autoptr(GDateTime) deadline = g_date_time_add_seconds (start, 30);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (start);
  g_autoptr(GSource) source = NULL;
  guint fired = 0;

  source = add_timer (clock, deadline, &fired);
  drain ();
  g_assert_cmpuint (fired, ==, 0);

  /* Not yet at the deadline. */
  handla_clock_advance (clock, 29 * G_TIME_SPAN_SECOND);
  drain ();
  g_assert_cmpuint (fired, ==, 0);

  /* Reached, then moved back before the loop ran: it waits again. */
  handla_clock_advance (clock, G_TIME_SPAN_SECOND);
  handla_clock_advance (clock, -G_TIME_SPAN_SECOND);
  drain ();
  g_assert_cmpuint (fired, ==, 0);
  g_assert_false (g_source_is_destroyed (source));

  handla_clock_set_now (clock, deadline);
  drain ();
  g_assert_cmpuint (fired, ==, 1);
  g_assert_true (g_source_is_destroyed (source));

  /* Once only. */
  handla_clock_advance (clock, G_TIME_SPAN_HOUR);
  drain ();
  g_assert_cmpuint (fired, ==, 1);
}

static void
test_clock_fake_past_deadline (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 1, 12, 8, 0, 0);
  g_autoptr(GDateTime) past = g_date_time_add_seconds (start, -5);
  g_autoptr(HandlaClock) clock = handla_clock_new_fake (start);
  g_autoptr(GSource) source = NULL;
  g_autoptr(GSource) destroyed = NULL;
  guint fired = 0;
  guint never = 0;

  source = add_timer (clock, past, &fired);
  /* A timer destroyed before it fired leaves the clock alone. */
  destroyed = add_timer (clock, start, &never);
  g_source_destroy (destroyed);
  drain ();
  g_assert_cmpuint (fired, ==, 1);
  g_assert_cmpuint (never, ==, 0);
}

static void
test_clock_real_timer (void)
{
  g_autoptr(HandlaClock) clock = handla_clock_new ();
  g_autoptr(GDateTime) now = handla_clock_get_now (clock);
  g_autoptr(GDateTime) soon = g_date_time_add (now, 10 * G_TIME_SPAN_MILLISECOND);
  g_autoptr(GDateTime) later = g_date_time_add (now, G_TIME_SPAN_HOUR);
  g_autoptr(GSource) source = NULL;
  g_autoptr(GSource) pending = NULL;
  guint fired = 0;
  guint not_yet = 0;

  pending = add_timer (clock, later, &not_yet);
  source = add_timer (clock, soon, &fired);
  /* The real clock needs nobody to move it (10 ms of waiting). */
  while (fired == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fired, ==, 1);
  g_assert_cmpuint (not_yet, ==, 0);
  g_assert_cmpint (g_source_get_ready_time (pending), >, g_get_monotonic_time ());
  g_source_destroy (pending);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handla/clock/fake-timer", test_clock_fake_timer);
  g_test_add_func ("/handla/clock/fake-past-deadline", test_clock_fake_past_deadline);
  g_test_add_func ("/handla/clock/real-timer", test_clock_real_timer);

  return g_test_run ();
}
