/* handla-search-fold.c — the folding of handla-search-fold.h, in C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-search-fold.h"

/*
 * The same text as HANDLA_SEARCH_FOLD and HANDLA_SEARCH_TYPED compute in
 * SQL, for the catalogue swap, which writes product_search for 100,000
 * products at once and would spend most of its time in 24 nested
 * replace() calls a product. Each SQL replace() swaps one character for
 * another and lower() folds A–Z only, so one pass over the characters
 * gives the same bytes; /handla/search/fold-in-c (tests/test-search.c) checks it against
 * SQLite.
 */

static gboolean
is_joining_punctuation (gunichar c)
{
  switch (c)
    {
    case ',': case '-': case '/': case '(': case ')': case '.':
    case '%': case '&': case '+': case ':': case '"': case '\'':
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
fold_text (const char *text,
           gboolean    keep_swedish)
{
  GString *out;

  if (text == NULL)
    text = "";

  out = g_string_sized_new (strlen (text) + 2);
  g_string_append_c (out, ' ');

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80)
        {
          if (is_joining_punctuation (c))
            g_string_append_c (out, ' ');
          else
            g_string_append_c (out, g_ascii_tolower ((char)c));
          continue;
        }

      switch (c)
        {
        case 0x00C5: /* Å */
          keep_swedish ? g_string_append (out, "å") : g_string_append_c (out, 'a');
          break;
        case 0x00C4: /* Ä */
          keep_swedish ? g_string_append (out, "ä") : g_string_append_c (out, 'a');
          break;
        case 0x00D6: /* Ö */
          keep_swedish ? g_string_append (out, "ö") : g_string_append_c (out, 'o');
          break;
        case 0x00C9: /* É */
          keep_swedish ? g_string_append (out, "é") : g_string_append_c (out, 'e');
          break;
        case 0x00C8: /* È */
          keep_swedish ? g_string_append (out, "è") : g_string_append_c (out, 'e');
          break;
        case 0x00DC: /* Ü */
          keep_swedish ? g_string_append (out, "ü") : g_string_append_c (out, 'u');
          break;
        case 0x00E5: case 0x00E4: /* å ä */
          keep_swedish ? g_string_append_unichar (out, c) : g_string_append_c (out, 'a');
          break;
        case 0x00F6: /* ö */
          keep_swedish ? g_string_append_unichar (out, c) : g_string_append_c (out, 'o');
          break;
        case 0x00E9: case 0x00E8: /* é è */
          keep_swedish ? g_string_append_unichar (out, c) : g_string_append_c (out, 'e');
          break;
        case 0x00FC: /* ü */
          keep_swedish ? g_string_append_unichar (out, c) : g_string_append_c (out, 'u');
          break;
        default:
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
          break;
        }
    }

  g_string_append_c (out, ' ');

  return g_string_free (out, FALSE);
}

/**
 * _handla_search_fold:
 * @text: (nullable): a product's name or brand
 *
 * Returns: (transfer full): `' ' || HANDLA_SEARCH_FOLD (text) || ' '`, as
 *   SQLite computes it (%NULL as the empty string)
 */
char *
_handla_search_fold (const char *text)
{
  return fold_text (text, FALSE);
}

/**
 * _handla_search_typed:
 * @text: (nullable): a product's name and brand
 *
 * Returns: (transfer full): `' ' || HANDLA_SEARCH_TYPED (text) || ' '`,
 *   as SQLite computes it
 */
char *
_handla_search_typed (const char *text)
{
  return fold_text (text, TRUE);
}
