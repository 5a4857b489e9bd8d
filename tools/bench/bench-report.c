/* bench-report.c — the figures a benchmark program prints (./dev bench)
 *
 * Every figure is one JSON object, as docs/performance.md describes:
 * {"name", "products", "value", "unit", "baseline", "bar", "met", "note"}.
 * "met" is null for a figure without a bar. ./dev bench joins the
 * programs' arrays into one document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

struct _BenchReport
{
  JsonBuilder *builder;
};

BenchReport *
bench_report_new (void)
{
  BenchReport *self = g_new0 (BenchReport, 1);

  self->builder = json_builder_new ();
  json_builder_begin_array (self->builder);
  return self;
}

void
bench_report_free (BenchReport *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->builder);
  g_free (self);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    /* Three decimals are plenty for ms, bytes and MB. */
    json_builder_add_double_value (builder, round (value * 1000.0) / 1000.0);
}

void
bench_report_add (BenchReport  *self,
                  const char   *name,
                  guint         products,
                  double        value,
                  const char   *unit,
                  double        baseline,
                  double        bar,
                  BenchBarKind  kind,
                  const char   *note)
{
  JsonBuilder *builder = self->builder;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "products");
  json_builder_add_int_value (builder, products);
  add_number_or_null (builder, "value", value);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, unit);
  add_number_or_null (builder, "baseline", baseline);
  add_number_or_null (builder, "bar", kind == BENCH_BAR_NONE ? NAN : bar);
  json_builder_set_member_name (builder, "met");
  switch (kind)
    {
    case BENCH_BAR_AT_MOST:
      json_builder_add_boolean_value (builder, !isnan (value) && value <= bar);
      break;
    case BENCH_BAR_RATIO:
      json_builder_add_boolean_value (builder, !isnan (value) && !isnan (baseline) &&
                                               value <= bar * baseline);
      break;
    case BENCH_BAR_ABOVE:
      json_builder_add_boolean_value (builder, !isnan (value) && !isnan (baseline) &&
                                               value - baseline <= bar);
      break;
    case BENCH_BAR_NONE:
    default:
      json_builder_add_null_value (builder);
      break;
    }
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, note != NULL ? note : "");
  json_builder_end_object (builder);
}

void
bench_report_print (BenchReport *self)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_end_array (self->builder);
  root = json_builder_get_root (self->builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fprintf (stdout, "%s\n", text);
  fflush (stdout);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

double
bench_percentile (GArray *samples,
                  double  p)
{
  guint rank;

  if (samples->len == 0)
    return NAN;
  g_array_sort (samples, compare_doubles);
  rank = (guint) ceil (p / 100.0 * samples->len);
  rank = CLAMP (rank, 1, samples->len);
  return g_array_index (samples, double, rank - 1);
}

void
bench_read_memory (gint64 *rss_kib,
                   gint64 *hwm_kib)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss_kib = *hwm_kib = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss_kib = g_ascii_strtoll (lines[i] + strlen ("VmRSS:"), NULL, 10);
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm_kib = g_ascii_strtoll (lines[i] + strlen ("VmHWM:"), NULL, 10);
    }
}
