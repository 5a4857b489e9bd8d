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
 *
 * Timers go through the clock too: handla_clock_source_new() makes a
 * GSource that fires once the clock reaches a deadline. On the real
 * clock it waits on the monotonic clock for the time that is left; on a
 * fake clock it fires when the clock is set or advanced to the deadline
 * or past it, on the next iteration of its main context, and never on
 * its own.
 */

struct _HandlaClock
{
  GObject    parent_instance;

  GDateTime *fake_now;

  GMutex     lock;     /* protects sources */
  GPtrArray *sources;  /* ClockSource, not owned: a fake clock's pending timers */
};

typedef struct
{
  GSource      source;
  HandlaClock *clock;
  GDateTime   *deadline;
} ClockSource;

G_DEFINE_FINAL_TYPE (HandlaClock, handla_clock, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* ---- timers ------------------------------------------------------------- */

/* When @source is due: at once (0), never (-1, a fake clock that has not
 * reached the deadline), or the monotonic time the real clock gets there. */
static gint64
clock_source_ready_time (ClockSource *source)
{
  g_autoptr(GDateTime) now = handla_clock_get_now (source->clock);
  GTimeSpan left = g_date_time_difference (source->deadline, now);

  if (left <= 0)
    return 0;
  if (source->clock->fake_now != NULL)
    return -1;
  return g_get_monotonic_time () + left;
}

static gboolean
clock_source_dispatch (GSource     *base,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  ClockSource *source = (ClockSource *)base;
  gint64 ready_time = clock_source_ready_time (source);

  /* The clock went back after the source became ready: wait again. */
  if (ready_time != 0)
    {
      g_source_set_ready_time (base, ready_time);
      return G_SOURCE_CONTINUE;
    }

  g_source_set_ready_time (base, -1);
  if (callback != NULL)
    callback (user_data);

  return G_SOURCE_REMOVE;
}

static void
clock_source_finalize (GSource *base)
{
  ClockSource *source = (ClockSource *)base;
  HandlaClock *clock = source->clock;

  g_mutex_lock (&clock->lock);
  g_ptr_array_remove_fast (clock->sources, source);
  g_mutex_unlock (&clock->lock);

  g_clear_pointer (&source->deadline, g_date_time_unref);
  g_clear_object (&source->clock);
}

static GSourceFuncs clock_source_funcs = {
  .dispatch = clock_source_dispatch,
  .finalize = clock_source_finalize,
};

/* A fake clock moved: the timers it reached become ready. */
static void
wake_sources (HandlaClock *self)
{
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->sources->len; i++)
    {
      ClockSource *source = g_ptr_array_index (self->sources, i);

      if (g_date_time_compare (source->deadline, self->fake_now) <= 0)
        g_source_set_ready_time ((GSource *)source, 0);
    }
  g_mutex_unlock (&self->lock);
}

/* ---- GObject ------------------------------------------------------------ */

static void
handla_clock_finalize (GObject *object)
{
  HandlaClock *self = (HandlaClock *)object;

  g_clear_pointer (&self->fake_now, g_date_time_unref);
  /* Every source holds a reference, so none is left. */
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_mutex_clear (&self->lock);

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
  g_mutex_init (&self->lock);
  self->sources = g_ptr_array_new ();
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
  wake_sources (self);
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
  wake_sources (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * handla_clock_source_new:
 * @self: a #HandlaClock
 * @deadline: when the source fires
 *
 * Makes a timer on this clock. Set its callback (a #GSourceFunc) with
 * g_source_set_callback() and attach it to a main context. It fires once,
 * when the clock has reached @deadline (at once if it already has), and
 * is then removed whatever the callback returns.
 *
 * On the real clock it waits for the time left on the monotonic clock.
 * A fake clock fires it only when handla_clock_set_now() or
 * handla_clock_advance() reaches @deadline, so tests move time instead
 * of sleeping. If the clock goes back before the source was dispatched,
 * it waits again.
 *
 * Returns: (transfer full): a new #GSource
 */
GSource *
handla_clock_source_new (HandlaClock *self,
                         GDateTime   *deadline)
{
  ClockSource *source;

  g_return_val_if_fail (HANDLA_IS_CLOCK (self), NULL);
  g_return_val_if_fail (deadline != NULL, NULL);

  source = (ClockSource *)g_source_new (&clock_source_funcs, sizeof (ClockSource));
  source->clock = g_object_ref (self);
  source->deadline = g_date_time_to_utc (deadline);
  g_source_set_static_name ((GSource *)source, "[handla] clock timer");
  g_source_set_ready_time ((GSource *)source, clock_source_ready_time (source));

  if (self->fake_now != NULL)
    {
      g_mutex_lock (&self->lock);
      g_ptr_array_add (self->sources, source);
      g_mutex_unlock (&self->lock);
    }

  return (GSource *)source;
}
