/* handla-bench-ui.c — the window figures of ./dev bench
 *
 *   handla-bench-ui bare
 *       A bare AdwApplicationWindow (a header bar and a label) that, like
 *       the app under HANDLA_BENCH_EXIT_AFTER_FIRST_FRAME, prints
 *       {"frame_us", "rss_kib", "hwm_kib"} at its first frame and quits.
 *   handla-bench-ui startup --app PATH --products N [--runs K]
 *       Starts the app (with the profile in XDG_DATA_HOME) and the bare
 *       window K times each, alternately, the same way, and reports the
 *       median time from spawn to first usable frame and the median
 *       resident memory (VmRSS) at that frame.
 *   handla-bench-ui interactive --products N [--category ID] [--skip-search] [--rounds R]
 *       Runs the app in this process on the profile in XDG_DATA_HOME and
 *       measures search to results on screen (search page, a word typed
 *       one letter at a time) and the frames of scrolling a category to
 *       its end.
 *
 * Run under xvfb-run with GSK_RENDERER=cairo (./dev bench does). Prints
 * one JSON array of figures (bench-report.h) on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench-report.h"
#include "handla-application.h"
#include "handla-search-page.h"
#include "handla-wait.h"
#include "handla-window.h"

static char *app_path;
static int n_products = -1;
static int runs = 5;
static int rounds = 2;
static char *category_id;
static gboolean skip_search;

static const char * const words[] = {
  "mjölk", "limpa", "äpplen", "pasta", "nr 4711", "ost",
};

/* ---- bare --------------------------------------------------------------- */

static void
bare_after_paint_cb (GdkFrameClock *frame_clock,
                     GApplication  *app)
{
  gint64 now = g_get_monotonic_time ();
  gint64 rss, hwm;

  g_signal_handlers_disconnect_by_func (frame_clock, bare_after_paint_cb, app);
  bench_read_memory (&rss, &hwm);
  g_print ("{\"frame_us\": %" G_GINT64_FORMAT ", \"rss_kib\": %" G_GINT64_FORMAT
           ", \"hwm_kib\": %" G_GINT64_FORMAT "}\n", now, rss, hwm);
  g_application_quit (app);
}

static void
bare_realized_cb (GtkWidget    *window,
                  GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bare_after_paint_cb), app);
}

static void
bare_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Handla"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect_after (window, "realize", G_CALLBACK (bare_realized_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.handla.Bench",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* ---- startup ------------------------------------------------------------ */

typedef struct
{
  double ms;
  double rss_mb;
} Start;

static Start
start_once (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonObject *line;
  gint64 spawned = g_get_monotonic_time ();
  Start start;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_subprocess_get_successful (process) ||
      !json_parser_load_from_data (parser, out, -1, &error))
    g_error ("%s did not report its first frame: %s", argv[0],
             error != NULL ? error->message : out);
  line = json_node_get_object (json_parser_get_root (parser));
  start.ms = (double) (json_object_get_int_member (line, "frame_us") - spawned) / 1000.0;
  start.rss_mb = (double) json_object_get_int_member (line, "rss_kib") / 1024.0;
  return start;
}

static int
run_startup (const char *self_path)
{
  g_autoptr(BenchReport) report = bench_report_new ();
  g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_mb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_mb = g_array_new (FALSE, FALSE, sizeof (double));
  const char *app_argv[] = { app_path, NULL };
  const char *bare_argv[] = { self_path, "bare", NULL };
  g_autofree char *note = NULL;
  const char *renderer = g_getenv ("GSK_RENDERER");

  g_setenv ("HANDLA_BENCH_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  /* One of each first, not counted: the disk cache is warm for both. */
  start_once (app_argv);
  start_once (bare_argv);
  for (int i = 0; i < runs; i++)
    {
      Start a = start_once (app_argv);
      Start b = start_once (bare_argv);

      g_array_append_val (app_ms, a.ms);
      g_array_append_val (bare_ms, b.ms);
      g_array_append_val (app_mb, a.rss_mb);
      g_array_append_val (bare_mb, b.rss_mb);
    }

  note = g_strdup_printf ("median of %d starts from spawn to the first frame painted after every "
                          "store job queued at start answered (HANDLA_BENCH_EXIT_AFTER_FIRST_FRAME), "
                          "GSK_RENDERER=%s; baseline: a bare AdwApplicationWindow started the same "
                          "way, alternately", runs, renderer != NULL ? renderer : "default");
  bench_report_add (report, "startup-first-frame", (guint) n_products,
                    bench_percentile (app_ms, 50), "ms", bench_percentile (bare_ms, 50),
                    1.5, BENCH_BAR_RATIO, note);
  g_clear_pointer (&note, g_free);

  note = g_strdup_printf ("median VmRSS at the first usable frame over %d starts, "
                          "GSK_RENDERER=%s; baseline: the bare window's; bar: 40 MB above it",
                          runs, renderer != NULL ? renderer : "default");
  bench_report_add (report, "memory-rss", (guint) n_products,
                    bench_percentile (app_mb, 50), "MB", bench_percentile (bare_mb, 50),
                    40, BENCH_BAR_ABOVE, note);
  bench_report_print (report);
  return 0;
}

/* ---- interactive -------------------------------------------------------- */

typedef struct
{
  gint64 frame_start;
  GArray *frame_ms;    /* of double; NULL while not recording */
  gint64 last_paint;
} Frames;

static void
before_paint_cb (GdkFrameClock *frame_clock,
                 Frames        *frames)
{
  frames->frame_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                Frames        *frames)
{
  frames->last_paint = g_get_monotonic_time ();
  if (frames->frame_ms != NULL && frames->frame_start > 0)
    {
      double ms = (double) (frames->last_paint - frames->frame_start) / 1000.0;

      g_array_append_val (frames->frame_ms, ms);
    }
  frames->frame_start = 0;
}

/* Redraws @widget and waits for the next frame painted after now;
 * returns when it was. */
static gint64
wait_for_paint (GtkWidget *widget,
                Frames    *frames)
{
  gint64 before = g_get_monotonic_time ();

  gtk_widget_queue_draw (widget);
  while (frames->last_paint < before)
    g_main_context_iteration (NULL, TRUE);
  return frames->last_paint;
}

typedef struct
{
  GtkWidget *page;
  gint64     changed;
  gint64     done;          /* the page had the results */
  gint64     frame_start;   /* the first frame after that began */
} SearchWatch;

static void
search_changed_cb (GtkSearchEntry *entry,
                   SearchWatch    *watch)
{
  watch->changed = g_get_monotonic_time ();
  watch->done = 0;
  watch->frame_start = 0;
}

static void
notify_searching_cb (GObject     *page,
              GParamSpec  *pspec,
              SearchWatch *watch)
{
  if (watch->changed != 0 && watch->done == 0 && !handla_search_page_is_searching (HANDLA_SEARCH_PAGE (page)))
    watch->done = g_get_monotonic_time ();
}

static void
search_before_paint_cb (GdkFrameClock *frame_clock,
                        SearchWatch   *watch)
{
  if (watch->done != 0 && watch->frame_start == 0)
    watch->frame_start = g_get_monotonic_time ();
}

static gboolean
search_done (gpointer data)
{
  return !handla_search_page_is_searching (data);
}

static void
measure_search (HandlaWindow *window,
                HandlaContext *context,
                Frames        *frames,
                BenchReport   *report)
{
  GtkWidget *page = handla_window_get_page (window, "search");
  GtkEditable *entry = handla_search_page_get_entry (HANDLA_SEARCH_PAGE (page));
  HandlaKeyboard *keyboard = handla_search_page_get_keyboard (HANDLA_SEARCH_PAGE (page));
  g_autoptr(GArray) screen_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wait_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *note = NULL;
  SearchWatch watch = { page, 0, 0, 0 };
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong handler, searching_handler, frame_handler;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "search");
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 2);
  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &watch);
  searching_handler = g_signal_connect (page, "notify::searching", G_CALLBACK (notify_searching_cb), &watch);
  /* Every frame has a before-paint; "update" only one that something
   * asked for it. */
  frame_handler = g_signal_connect (frame_clock, "before-paint", G_CALLBACK (search_before_paint_cb), &watch);

  for (int round = 0; round <= rounds; round++)
    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      {
        /* Each word starts in an empty entry, as after the keyboard's
         * Clear: that search (the empty one) is not measured. */
        gtk_editable_set_text (entry, "");
        handla_wait_for_frames (GTK_WIDGET (window), 1);

        for (const char *end = g_utf8_next_char (words[w]); ; end = g_utf8_next_char (end))
          {
            g_autofree char *typed = g_strndup (words[w], (gsize) (end - words[w]));
            g_autofree char *letter = g_strndup (g_utf8_prev_char (end),
                                                 (gsize) (end - g_utf8_prev_char (end)));
            g_autoptr(GListModel) found = NULL;
            gint64 painted, t0;

            /* One letter more, typed as the on-screen keyboard types it.
             * Setting the whole text instead would empty the entry first,
             * and the entry searches for an empty text at once: the page
             * would go back to its start state before every letter. */
            watch.changed = 0;
            gtk_widget_activate_action (GTK_WIDGET (keyboard), "keyboard.type", "s", letter);
            /* The entry's search-delay passes first: that is by design. */
            while (watch.changed == 0)
              g_main_context_iteration (NULL, TRUE);
            if (!handla_wait_until (search_done, page, 30))
              g_error ("The search for “%s” did not end", typed);
            painted = wait_for_paint (GTK_WIDGET (window), frames);

            t0 = g_get_monotonic_time ();
            found = handla_catalogue_search_sync (handla_context_get_catalogue (context), typed,
                                                  NULL, 0, NULL);
            if (round > 0)
              {
                double screen = (double) (painted - watch.changed) / 1000.0;
                double store = (double) (g_get_monotonic_time () - t0) / 1000.0;

                g_array_append_val (screen_ms, screen);
                g_array_append_val (store_ms, store);
                if (watch.done != 0 && watch.frame_start >= watch.done)
                  {
                    double wait = (double) (watch.frame_start - watch.done) / 1000.0;

                    g_array_append_val (wait_ms, wait);
                  }
              }
            if (*end == '\0')
              break;
          }
      }
  g_signal_handler_disconnect (entry, handler);
  g_signal_handler_disconnect (page, searching_handler);
  g_signal_handler_disconnect (frame_clock, frame_handler);
  gtk_editable_set_text (entry, "");

  note = g_strdup_printf ("%u searches typed one letter at a time on the search page, 1280×800, "
                          "GSK_RENDERER=%s: from the entry's search-changed (after its 120 ms "
                          "search-delay, which is by design) to the first frame painted with the "
                          "results; baseline: p99 of the same searches in the store "
                          "(handla_catalogue_search_sync) in this process",
                          screen_ms->len, g_getenv ("GSK_RENDERER"));
  bench_report_add (report, "search-screen-p99", (guint) n_products,
                    bench_percentile (screen_ms, 99), "ms", bench_percentile (store_ms, 99),
                    16, BENCH_BAR_AT_MOST, note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("median of the same; baseline: median in the store");
  bench_report_add (report, "search-screen-p50", (guint) n_products,
                    bench_percentile (screen_ms, 50), "ms", bench_percentile (store_ms, 50),
                    NAN, BENCH_BAR_NONE, note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("median, in the same searches, of the time from the page having its "
                          "results to the start of the next frame (the frame clock's "
                          "before-paint): the frame clock paces frames to the display's refresh, "
                          "so this part is waiting, not work; it is included in "
                          "search-screen-p50/p99");
  bench_report_add (report, "search-screen-frame-wait-p50", (guint) n_products,
                    bench_percentile (wait_ms, 50), "ms", NAN, NAN, BENCH_BAR_NONE, note);
}

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child) &&
          GTK_IS_GRID_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (child))))
        return GTK_SCROLLED_WINDOW (child);
      if ((found = find_scrolled_window (child)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
products_shown (gpointer data)
{
  GtkScrolledWindow *scroller = find_scrolled_window (data);

  return scroller != NULL &&
         gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (scroller)) >
         gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (scroller));
}

static void
measure_scroll (HandlaWindow  *window,
                HandlaContext *context,
                Frames        *frames,
                BenchReport   *report)
{
  GtkWidget *page;
  GtkScrolledWindow *scroller;
  GtkAdjustment *adjustment;
  g_autoptr(GArray) scroll_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) still_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GListModel) products = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *note = NULL;
  guint n_frames = 0, n_in_category;
  double step, over = 0;

  handla_catalogue_list_products_async (handla_context_get_catalogue (context), category_id,
                                        NULL, handla_wait_store_result_cb, &result);
  products = handla_catalogue_list_products_finish (handla_context_get_catalogue (context),
                                                    handla_wait_for_result (&result), NULL);
  n_in_category = products != NULL ? g_list_model_get_n_items (products) : 0;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-category", "s", category_id);
  page = handla_window_get_page (window, handla_window_get_page_name (window));
  if (!handla_wait_until (products_shown, page, 60))
    g_error ("The category %s did not show its products", category_id);
  handla_wait_for_frames (GTK_WIDGET (window), 3);
  scroller = find_scrolled_window (page);
  adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  /* Baseline: the same page redrawn without moving. */
  frames->frame_ms = still_ms;
  for (guint i = 0; i < 60; i++)
    wait_for_paint (gtk_scrolled_window_get_child (scroller), frames);

  /* A steady fling: half a screen per frame, top to bottom. */
  step = gtk_adjustment_get_page_size (adjustment) / 2;
  frames->frame_ms = scroll_ms;
  while (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment) - 1 && n_frames < 20000)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
      wait_for_paint (gtk_scrolled_window_get_child (scroller), frames);
      n_frames++;
    }
  frames->frame_ms = NULL;

  for (guint i = 0; i < scroll_ms->len; i++)
    if (g_array_index (scroll_ms, double, i) > 16)
      over++;

  note = g_strdup_printf ("%u frames scrolling category %s (%u products) top to bottom, half a "
                          "screen per frame, 1280×800, GSK_RENDERER=%s, each frame timed from "
                          "the frame clock's before-paint to after-paint; %.0f frames over 16 ms; "
                          "p95 %.1f ms; baseline: the slowest of 60 redraws of the same page "
                          "standing still", scroll_ms->len, category_id, n_in_category,
                          g_getenv ("GSK_RENDERER"), over, bench_percentile (scroll_ms, 95));
  bench_report_add (report, "scroll-max-frame", n_in_category,
                    bench_percentile (scroll_ms, 100), "ms", bench_percentile (still_ms, 100),
                    16, BENCH_BAR_AT_MOST, note);
}

static BenchReport *interactive_report;

static void
run_interactive_script (HandlaApplication *app)
{
  HandlaContext *context = handla_application_get_context (app);
  HandlaWindow *window = HANDLA_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr(HandlaCustomers) customers = handla_customers_new (handla_context_get_store (context));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HandlaCustomer) customer = NULL;
  GdkFrameClock *frame_clock;
  Frames frames = { 0, NULL, 0 };
  gint64 rss, hwm;
  g_autofree char *note = NULL;

  /* A visit, as the Customers page begins one. */
  handla_customers_load_async (customers, NULL, handla_wait_store_result_cb, &result);
  if (!handla_customers_load_finish (customers, handla_wait_for_result (&result), &error) ||
      g_list_model_get_n_items (G_LIST_MODEL (customers)) == 0)
    g_error ("The profile has no customers: run handla-bench-core first");
  customer = g_list_model_get_item (G_LIST_MODEL (customers), 0);
  handla_context_begin_visit (context, customer, HANDLA_ORDER_MODE_TOGETHER);

  g_settings_set_boolean (handla_context_get_settings (context), "kiosk-mode", TRUE);
  gtk_window_unfullscreen (GTK_WINDOW (window));
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_widget_set_size_request (GTK_WIDGET (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  handla_wait_for_store (context);
  handla_wait_for_frames (GTK_WIDGET (window), 3);

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (before_paint_cb), &frames);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);

  if (!skip_search)
    {
      g_printerr ("handla-bench-ui: search on screen\n");
      measure_search (window, context, &frames, interactive_report);
    }
  if (category_id != NULL)
    {
      g_printerr ("handla-bench-ui: scrolling %s\n", category_id);
      measure_scroll (window, context, &frames, interactive_report);
    }

  bench_read_memory (&rss, &hwm);
  note = g_strdup_printf ("VmHWM of the app after %s, in-process, GSK_RENDERER=%s "
                          "(no bar: see memory-rss for the comparison with a bare window)",
                          skip_search ? "scrolling a whole category"
                          : category_id != NULL ? "searching and scrolling a whole category"
                          : "searching",
                          g_getenv ("GSK_RENDERER"));
  bench_report_add (interactive_report, "memory-peak-after-use", (guint) n_products,
                    (double) hwm / 1024.0, "MB", NAN, NAN, BENCH_BAR_NONE, note);

  g_signal_handlers_disconnect_by_data (frame_clock, &frames);
  g_application_quit (G_APPLICATION (app));
}

static void
interactive_activated_cb (HandlaApplication *app)
{
  g_idle_add_once ((GSourceOnceFunc)run_interactive_script, app);
}

static int
run_interactive (void)
{
  g_autoptr(HandlaApplication) app = handla_application_new ();
  char *app_argv[] = { (char *)"handla", NULL };
  int status;

  interactive_report = bench_report_new ();
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (interactive_activated_cb), NULL);
  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  if (status == 0)
    bench_report_print (interactive_report);
  g_clear_pointer (&interactive_report, bench_report_free);
  return status;
}

/* ---- main --------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app_path, "The handla binary (startup)", "PATH" },
    { "products", 0, 0, G_OPTION_ARG_INT, &n_products, "Products in the profile", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Starts of each (startup, 5)", "K" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds over the words (interactive, 2)", "R" },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category_id, "Category to scroll (interactive)", "ID" },
    { "skip-search", 0, 0, G_OPTION_ARG_NONE, &skip_search, "Only scroll (interactive)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = NULL;

  setlocale (LC_ALL, "");
  g_log_writer_default_set_use_stderr (TRUE);

  options = g_option_context_new ("bare|startup|interactive — window figures for ./dev bench");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "Give one of bare, startup, interactive");
      return 2;
    }

  if (g_str_equal (argv[1], "bare"))
    return run_bare ();
  if (n_products < 0 || runs < 1 || rounds < 1)
    {
      g_printerr ("--products N is required\n");
      return 2;
    }
  if (g_str_equal (argv[1], "startup") && app_path != NULL)
    {
      self_path = g_file_read_link ("/proc/self/exe", NULL);
      return run_startup (self_path != NULL ? self_path : argv[0]);
    }
  if (g_str_equal (argv[1], "interactive"))
    return run_interactive ();

  g_printerr ("Give bare, startup --app PATH, or interactive\n");
  return 2;
}
