/* test-collate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "handla-collate.h"

static void
assert_before (const char *first,
               const char *second)
{
  g_assert_cmpint (handla_collate_swedish (first, second), <, 0);
  g_assert_cmpint (handla_collate_swedish (second, first), >, 0);
}

/* The Swedish alphabet ends z, å, ä, ö, whatever the locale: the tests
 * run in C.UTF-8, where strcoll() would put Ä before Å. */
static void
test_alphabet (void)
{
  assert_before ("Zara", "Åsa");
  assert_before ("Åsa", "Ärla");
  assert_before ("Ärla", "Örjan");
  assert_before ("Anna", "Åsa");
  assert_before ("Oskar", "Örjan");
  assert_before ("Ola", "Olle");
  assert_before ("Ol", "Ola");
}

static void
test_case_and_accents (void)
{
  /* Case and accents outside the alphabet do not decide the place... */
  assert_before ("anna", "Berit");
  assert_before ("Anna", "berit");
  assert_before ("René", "Rolf");
  assert_before ("Renée", "Renf");
  assert_before ("Müller", "Mz");
  assert_before ("Mx", "Müller");
  assert_before ("Sz", "Søren");    /* ø is ö */
  /* ...but do order otherwise equal names, so the order is total. */
  assert_before ("Anna", "anna");
  assert_before ("Rene", "René");
  g_assert_cmpint (handla_collate_swedish ("Åsa", "Åsa"), ==, 0);
}

static void
test_edges (void)
{
  assert_before (NULL, "");
  assert_before ("", "a");
  g_assert_cmpint (handla_collate_swedish (NULL, NULL), ==, 0);
  /* Invalid UTF-8 is compared by bytes rather than crashing. */
  g_assert_cmpint (handla_collate_swedish ("a\xff", "a\xfe"), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/collate/alphabet", test_alphabet);
  g_test_add_func ("/collate/case-and-accents", test_case_and_accents);
  g_test_add_func ("/collate/edges", test_edges);

  return g_test_run ();
}
