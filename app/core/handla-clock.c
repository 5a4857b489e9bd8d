/* handla-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-clock.h"

/*
 * HandlaClock is the one source of "now" in Handla. The real clock reads
 * the system time; a fake clock holds a time that tests set and move, so
 * the cutoff, hold expiry and idle lock can be tested without sleeping.
 * Every time is returned in UTC; callers convert for display.
 */

struct _HandlaClock
{
  GObject    parent_instance;

  GDateTime *fake_now;
};

G_DEFINE_FINAL_TYPE (HandlaClock, handla_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
handla_clock_finalize (GObject *object)
{
  HandlaClock *self = (HandlaClock *)object;

  g_clear_pointer (&self->fake_now, g_date_time_unref);

  G_OBJECT_CLASS (handla_clock_parent_class)->finalize (object);
}

static void
handla_clock_class_init (HandlaClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = handla_clock_finalize;

  /**
   * HandlaClock::changed:
   *
   * Emitted when a fake clock is set or moved, so that anything showing a
   * time left can recompute it at once.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
handla_clock_init (HandlaClock *self)
{
}

/**
 * handla_clock_new:
 *
 * Returns: (transfer full): a clock that reads the system time
 */
HandlaClock *
handla_clock_new (void)
{
  return g_object_new (HANDLA_TYPE_CLOCK, NULL);
}

/**
 * handla_clock_new_fake:
 * @start: the time the clock starts at
 *
 * Returns: (transfer full): a clock that stands still at @start until it
 *   is set or advanced
 */
HandlaClock *
handla_clock_new_fake (GDateTime *start)
{
  HandlaClock *self;

  g_return_val_if_fail (start != NULL, NULL);

  self = g_object_new (HANDLA_TYPE_CLOCK, NULL);
  self->fake_now = g_date_time_to_utc (start);

  return self;
}

gboolean
handla_clock_is_fake (HandlaClock *self)
{
  g_return_val_if_fail (HANDLA_IS_CLOCK (self), FALSE);

  return self->fake_now != NULL;
}

/**
 * handla_clock_get_now:
 * @self: a #HandlaClock
 *
 * Returns: (transfer full): the current time, in UTC
 */
GDateTime *
handla_clock_get_now (HandlaClock *self)
{
  g_return_val_if_fail (HANDLA_IS_CLOCK (self), NULL);

  if (self->fake_now != NULL)
    return g_date_time_ref (self->fake_now);

  return g_date_time_new_now_utc ();
}

/**
 * handla_clock_set_now:
 * @self: a fake #HandlaClock
 * @now: the new time
 *
 * Sets a fake clock to @now. It is an error to call this on the real clock.
 */
void
handla_clock_set_now (HandlaClock *self,
                      GDateTime   *now)
{
  g_return_if_fail (HANDLA_IS_CLOCK (self));
  g_return_if_fail (self->fake_now != NULL);
  g_return_if_fail (now != NULL);

  g_date_time_unref (self->fake_now);
  self->fake_now = g_date_time_to_utc (now);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * handla_clock_advance:
 * @self: a fake #HandlaClock
 * @span: how far to move it, in microseconds (may be negative)
 */
void
handla_clock_advance (HandlaClock *self,
                      GTimeSpan    span)
{
  GDateTime *moved;

  g_return_if_fail (HANDLA_IS_CLOCK (self));
  g_return_if_fail (self->fake_now != NULL);

  moved = g_date_time_add (self->fake_now, span);
  g_date_time_unref (self->fake_now);
  self->fake_now = moved;
  g_signal_emit (self, signals[CHANGED], 0);
}
