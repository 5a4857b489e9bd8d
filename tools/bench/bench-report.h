/* bench-report.h — the figures a benchmark program prints (./dev bench)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Which way a figure must stay against its bar. */
typedef enum {
  BENCH_BAR_NONE,      /* reported only */
  BENCH_BAR_AT_MOST,   /* value ≤ bar */
  BENCH_BAR_RATIO,     /* value ≤ bar × baseline */
  BENCH_BAR_ABOVE,     /* value − baseline ≤ bar */
} BenchBarKind;

typedef struct _BenchReport BenchReport;

BenchReport *bench_report_new        (void);
void         bench_report_free       (BenchReport  *self);
/* Adds one figure. @baseline and @bar are ignored when NaN (JSON null). */
void         bench_report_add        (BenchReport  *self,
                                      const char   *name,
                                      guint         products,
                                      double        value,
                                      const char   *unit,
                                      double        baseline,
                                      double        bar,
                                      BenchBarKind  kind,
                                      const char   *note);
/* Prints the figures as one JSON array on one line of stdout. */
void         bench_report_print      (BenchReport  *self);

/* The @p-th percentile (0–100) of @samples (sorted in place), nearest rank. */
double       bench_percentile        (GArray       *samples,
                                      double        p);
/* VmRSS and VmHWM of this process in KiB, from /proc/self/status. */
void         bench_read_memory       (gint64       *rss_kib,
                                      gint64       *hwm_kib);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchReport, bench_report_free)

G_END_DECLS
