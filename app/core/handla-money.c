/* handla-money.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "handla-money.h"

/*
 * Money is integer öre everywhere; these functions are the only place it
 * turns into text. The format is Swedish whatever the UI language: the
 * goods are bought in Sweden in kronor. Groups of thousands and the space
 * before "kr" are no-break spaces, so an amount never wraps.
 */

#define NBSP "\u00a0"
#define MINUS "\u2212"

static void
append_kronor (GString *out,
               guint64  kronor)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, kronor);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, NBSP);
      g_string_append_c (out, digits[i]);
    }
}

static char *
format_amount (gint64      ore,
               const char *suffix)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude;

  /* Negate in unsigned arithmetic so G_MININT64 is safe. */
  if (ore < 0)
    {
      g_string_append (out, MINUS);
      magnitude = (guint64)0 - (guint64)ore;
    }
  else
    magnitude = (guint64)ore;

  append_kronor (out, magnitude / 100);
  g_string_append_printf (out, ",%02u" NBSP "kr%s", (guint)(magnitude % 100), suffix);

  return g_string_free (out, FALSE);
}

/**
 * handla_money_format:
 * @ore: an amount in öre
 *
 * Formats @ore as Swedish kronor: "24,90 kr", "1 234,00 kr", "−5,00 kr".
 *
 * Returns: (transfer full): the formatted amount
 */
char *
handla_money_format (gint64 ore)
{
  return format_amount (ore, "");
}

/**
 * handla_money_format_comparison:
 * @ore: the comparison price in öre per @unit
 * @unit: the unit compared by
 *
 * Formats a comparison price (jämförpris): "49,80 kr/kg".
 *
 * Returns: (transfer full): the formatted price, or %NULL when @unit is
 *   %HANDLA_UNIT_NONE
 */
char *
handla_money_format_comparison (gint64     ore,
                                HandlaUnit unit)
{
  g_autofree char *suffix = NULL;

  switch (unit)
    {
    case HANDLA_UNIT_KG:
      /* Translators: comparison-price unit, as in "49,80 kr/kg" */
      suffix = g_strconcat ("/", C_("unit", "kg"), NULL);
      break;

    case HANDLA_UNIT_LITRE:
      /* Translators: comparison-price unit, as in "16,60 kr/l" */
      suffix = g_strconcat ("/", C_("unit", "l"), NULL);
      break;

    case HANDLA_UNIT_PIECE:
      /* Translators: comparison-price unit "per piece", as in "4,50 kr/st" */
      suffix = g_strconcat ("/", C_("unit", "pc"), NULL);
      break;

    case HANDLA_UNIT_NONE:
    default:
      return NULL;
    }

  return format_amount (ore, suffix);
}

/**
 * handla_unit_to_code:
 * @unit: a #HandlaUnit
 *
 * Returns: the unit's code in the catalogue document ("kg", "l", "st"),
 *   or %NULL for %HANDLA_UNIT_NONE
 */
const char *
handla_unit_to_code (HandlaUnit unit)
{
  switch (unit)
    {
    case HANDLA_UNIT_KG:
      return "kg";
    case HANDLA_UNIT_LITRE:
      return "l";
    case HANDLA_UNIT_PIECE:
      return "st";
    case HANDLA_UNIT_NONE:
    default:
      return NULL;
    }
}

/**
 * handla_unit_from_code:
 * @code: a unit code from a catalogue document
 * @unit: (out): where to store the unit
 *
 * Returns: %TRUE if @code is one of "kg", "l" or "st"
 */
gboolean
handla_unit_from_code (const char *code,
                       HandlaUnit *unit)
{
  g_return_val_if_fail (unit != NULL, FALSE);

  if (g_strcmp0 (code, "kg") == 0)
    *unit = HANDLA_UNIT_KG;
  else if (g_strcmp0 (code, "l") == 0)
    *unit = HANDLA_UNIT_LITRE;
  else if (g_strcmp0 (code, "st") == 0)
    *unit = HANDLA_UNIT_PIECE;
  else
    return FALSE;

  return TRUE;
}
