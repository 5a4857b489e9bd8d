/* handla-collate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * Swedish alphabetical order without the C library's locale: the kiosk
 * may run in any LC_COLLATE (the C locale puts Ä before Å, and every
 * non-ASCII letter after Z), but the carer looks for "Åsa" after "Örjan"
 * is wrong and after "Zara" is right.
 *
 * The order is the Swedish alphabet: a–z, then å, ä, ö. Case does not
 * decide, and nor do accents outside the alphabet: é sorts as e, ü as y
 * (as Svenska Akademiens ordlista has it), æ with ä and ø with ö. Names
 * equal by that key are ordered by case and accent, then by bytes, so the
 * order is total and stable.
 */

#include "config.h"

#include "handla-collate.h"

#include <string.h>

/* Primary weight of one (case-folded) character. */
static gunichar
swedish_weight (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n;

  switch (c)
    {
    case 0x00e5: /* å */
      return 'z' + 1;
    case 0x00e4: /* ä */
    case 0x00e6: /* æ */
      return 'z' + 2;
    case 0x00f6: /* ö */
    case 0x00f8: /* ø */
      return 'z' + 3;
    case 0x00fc: /* ü */
      return 'y';
    default:
      break;
    }

  /* Other accented letters weigh as their base letter. */
  n = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));
  if (n > 1 && decomposed[0] < 0x80)
    return decomposed[0];
  return c;
}

static int
compare_primary (const char *a,
                 const char *b)
{
  g_autofree char *folded_a = g_utf8_casefold (a, -1);
  g_autofree char *folded_b = g_utf8_casefold (b, -1);
  g_autofree char *nfc_a = g_utf8_normalize (folded_a, -1, G_NORMALIZE_NFC);
  g_autofree char *nfc_b = g_utf8_normalize (folded_b, -1, G_NORMALIZE_NFC);
  const char *p = nfc_a != NULL ? nfc_a : "";
  const char *q = nfc_b != NULL ? nfc_b : "";

  while (*p != '\0' && *q != '\0')
    {
      gunichar wp = swedish_weight (g_utf8_get_char (p));
      gunichar wq = swedish_weight (g_utf8_get_char (q));

      if (wp != wq)
        return wp < wq ? -1 : 1;
      p = g_utf8_next_char (p);
      q = g_utf8_next_char (q);
    }
  return (*p != '\0') - (*q != '\0');
}

/**
 * handla_collate_swedish:
 * @a: (nullable): UTF-8 text
 * @b: (nullable): UTF-8 text
 *
 * Compares two names in Swedish alphabetical order, whatever the
 * process's locale. %NULL sorts first. Invalid UTF-8 is compared by
 * bytes.
 *
 * Returns: negative, 0 or positive, as strcmp()
 */
int
handla_collate_swedish (const char *a,
                        const char *b)
{
  int order;

  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  if (!g_utf8_validate (a, -1, NULL) || !g_utf8_validate (b, -1, NULL))
    return strcmp (a, b);

  order = compare_primary (a, b);
  if (order != 0)
    return order;
  /* Same letters: lower case before upper, unaccented before accented
   * (by code point), then by bytes. */
  return strcmp (a, b);
}
