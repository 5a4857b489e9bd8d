/* handla-wait.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-wait.h"

/*
 * The UI tests and the screenshot tool drive the real application. They
 * never sleep: they spin the main context until a callback has run, until
 * every store job queued so far has answered, or until the frame clock has
 * painted.
 */

/**
 * handla_wait_store_result_cb:
 *
 * A #GAsyncReadyCallback that keeps the result in `*(GAsyncResult **) user_data`.
 */
void
handla_wait_store_result_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * handla_wait_for_result:
 * @slot: where handla_wait_store_result_cb() puts the result
 *
 * Returns: (transfer none): the result, once it has arrived
 */
GAsyncResult *
handla_wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

static gpointer
barrier_job (sqlite3  *db,
             gpointer  data,
             GError  **error)
{
  return GINT_TO_POINTER (TRUE);
}

/**
 * handla_wait_for_store:
 * @context: a context
 *
 * Returns once every store job queued before it has run and its callback
 * has been dispatched (jobs and callbacks keep their order), and the main
 * context has nothing more pending.
 */
void
handla_wait_for_store (HandlaContext *context)
{
  g_autoptr(GAsyncResult) result = NULL;

  handla_store_run_async (handla_context_get_store (context), barrier_job, NULL, NULL, NULL,
                          NULL, handla_wait_store_result_cb, &result);
  handla_wait_for_result (&result);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
frame_painted_cb (GdkFrameClock *clock,
                  guint         *painted)
{
  (*painted)++;
}

/**
 * handla_wait_for_frames:
 * @widget: a realized widget
 * @n_frames: how many frames to wait for
 *
 * Returns once @widget's frame clock has painted @n_frames times.
 */
void
handla_wait_for_frames (GtkWidget *widget,
                        guint      n_frames)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint painted = 0;
  gulong id;

  g_return_if_fail (clock != NULL);

  id = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted_cb), &painted);
  while (painted < n_frames)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, id);
}

static void
deadline_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
}

/**
 * handla_wait_until:
 * @done: says whether what is waited for has happened
 * @data: passed to @done
 * @seconds: how long to wait at the most
 *
 * Iterates the main context until @done returns %TRUE, or gives up after
 * @seconds. The deadline only keeps a broken test from hanging: @done is
 * asked again after every event, and nothing sleeps.
 *
 * Returns: %TRUE if @done returned %TRUE in time
 */
gboolean
handla_wait_until (HandlaWaitFunc done,
                   gpointer       data,
                   guint          seconds)
{
  gboolean passed = FALSE;
  gboolean ok;
  guint deadline;

  deadline = g_timeout_add_once (seconds * 1000, deadline_cb, &passed);
  while (!(ok = done (data)) && !passed)
    g_main_context_iteration (NULL, TRUE);
  if (!passed)
    g_source_remove (deadline);

  return ok;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/**
 * handla_wait_for_finalize:
 * @object: (transfer full): the caller's last reference to an object
 * @seconds: how long to wait at the most
 *
 * Drops @object and iterates the main context until it is finalized, as
 * g_assert_finalize_object() asserts at once. A request cancelled at
 * tear-down still holds its source object until its callback has run in
 * the main context; an object that is really leaked is a fatal error once
 * @seconds have passed.
 */
void
handla_wait_for_finalize (gpointer object,
                          guint    seconds)
{
  gpointer weak = object;

  g_return_if_fail (G_IS_OBJECT (object));

  g_object_add_weak_pointer (object, &weak);
  g_object_unref (object);
  if (!handla_wait_until (pointer_cleared, &weak, seconds))
    g_error ("%s %p was not finalized", G_OBJECT_TYPE_NAME (weak), weak);
}
