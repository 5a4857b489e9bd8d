/* test-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-money.h"

#define NBSP "\u00a0"

static void
assert_money (gint64      ore,
              const char *expected)
{
  g_autofree char *text = handla_money_format (ore);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format (void)
{
  assert_money (2490, "24,90" NBSP "kr");
  assert_money (0, "0,00" NBSP "kr");
  assert_money (5, "0,05" NBSP "kr");
  assert_money (100, "1,00" NBSP "kr");
  assert_money (99999, "999,99" NBSP "kr");
  assert_money (123400, "1" NBSP "234,00" NBSP "kr");
  assert_money (100000000, "1" NBSP "000" NBSP "000,00" NBSP "kr");
  assert_money (-500, "\u2212" "5,00" NBSP "kr");
}

static void
test_format_extremes (void)
{
  g_autofree char *max = handla_money_format (G_MAXINT64);
  g_autofree char *min = handla_money_format (G_MININT64);

  g_assert_cmpstr (max, ==, "92" NBSP "233" NBSP "720" NBSP "368" NBSP "547" NBSP "758,07" NBSP "kr");
  g_assert_cmpstr (min, ==, "\u2212" "92" NBSP "233" NBSP "720" NBSP "368" NBSP "547" NBSP "758,08" NBSP "kr");
}

static void
test_comparison (void)
{
  g_autofree char *kg = handla_money_format_comparison (4980, HANDLA_UNIT_KG);
  g_autofree char *litre = handla_money_format_comparison (1660, HANDLA_UNIT_LITRE);
  g_autofree char *big = handla_money_format_comparison (123456, HANDLA_UNIT_KG);

  /* Tests run in the C locale, so the unit is the English source string;
   * the Swedish "st" comes from the translation. */
  g_assert_cmpstr (kg, ==, "49,80" NBSP "kr/kg");
  g_assert_cmpstr (litre, ==, "16,60" NBSP "kr/l");
  g_assert_cmpstr (big, ==, "1" NBSP "234,56" NBSP "kr/kg");
  g_assert_null (handla_money_format_comparison (100, HANDLA_UNIT_NONE));
}

static void
test_units (void)
{
  HandlaUnit unit = HANDLA_UNIT_NONE;

  g_assert_true (handla_unit_from_code ("kg", &unit));
  g_assert_cmpint (unit, ==, HANDLA_UNIT_KG);
  g_assert_true (handla_unit_from_code ("l", &unit));
  g_assert_cmpint (unit, ==, HANDLA_UNIT_LITRE);
  g_assert_true (handla_unit_from_code ("st", &unit));
  g_assert_cmpint (unit, ==, HANDLA_UNIT_PIECE);
  g_assert_false (handla_unit_from_code ("GRM", &unit));
  g_assert_false (handla_unit_from_code (NULL, &unit));
  g_assert_cmpint (unit, ==, HANDLA_UNIT_PIECE);

  g_assert_cmpstr (handla_unit_to_code (HANDLA_UNIT_LITRE), ==, "l");
  g_assert_null (handla_unit_to_code (HANDLA_UNIT_NONE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handla/money/format", test_format);
  g_test_add_func ("/handla/money/format-extremes", test_format_extremes);
  g_test_add_func ("/handla/money/comparison", test_comparison);
  g_test_add_func ("/handla/money/units", test_units);

  return g_test_run ();
}
