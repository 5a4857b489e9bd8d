/* handla-search-fold.h — how search folds text, in SQL and in C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/*
 * HANDLA_SEARCH_FOLD (expr) is SQL text: @expr (SQL text too) in lower
 * case, with å, ä and ö folded to a and o (and é, è, ü to e and u), and
 * punctuation that joins words in product names (, - / ( ) . % & + : and
 * quotes) turned into spaces. Built from SQLite's own replace() and
 * lower(), so no application function has to be registered for the
 * triggers of migration 5 to run. lower() folds A–Z only; the letters
 * above are folded before it, and the trigram index ignores case anyway.
 *
 * Migration 5 stored this folding in product_trigrams, migration 8 in
 * product_search (which product_trigrams now indexes), by triggers and
 * by the catalogue swap, which folds in C with _handla_search_fold()
 * (handla-search-fold.c, the same bytes). The search must fold queries
 * exactly the same way. Changing it is a new migration that refills
 * product_search and rebuilds product_trigrams with the new folding.
 */
/*
 * HANDLA_SEARCH_TYPED (expr) is SQL text: @expr in lower case with
 * å/ä/ö (and é, è, ü) kept as typed, and the same punctuation as
 * HANDLA_SEARCH_FOLD turned into spaces. Migration 8 stores it in
 * product_search.typed, so that a search tells "mjölk" as typed from
 * "mjolk" folded with instr() on stored text.
 */
#define HANDLA_SEARCH_TYPED(expr) \
  "lower(" \
  "replace(replace(replace(replace(replace(replace(replace(replace(" \
  "replace(replace(replace(replace(replace(replace(replace(replace(" \
  "replace(replace(" \
  expr \
  ", 'Å', 'å')" \
  ", 'Ä', 'ä')" \
  ", 'Ö', 'ö')" \
  ", 'É', 'é')" \
  ", 'È', 'è')" \
  ", 'Ü', 'ü')" \
  ", ',', ' ')" \
  ", '-', ' ')" \
  ", '/', ' ')" \
  ", '(', ' ')" \
  ", ')', ' ')" \
  ", '.', ' ')" \
  ", '%', ' ')" \
  ", '&', ' ')" \
  ", '+', ' ')" \
  ", ':', ' ')" \
  ", '\"', ' ')" \
  ", '''', ' ')" \
  ")"

#define HANDLA_SEARCH_FOLD(expr) \
  "lower(" \
  "replace(replace(replace(replace(replace(replace(replace(replace(" \
  "replace(replace(replace(replace(replace(replace(replace(replace(" \
  "replace(replace(replace(replace(replace(replace(replace(replace(" \
  expr \
  ", 'Å', 'a')" \
  ", 'Ä', 'a')" \
  ", 'Ö', 'o')" \
  ", 'å', 'a')" \
  ", 'ä', 'a')" \
  ", 'ö', 'o')" \
  ", 'É', 'e')" \
  ", 'é', 'e')" \
  ", 'È', 'e')" \
  ", 'è', 'e')" \
  ", 'Ü', 'u')" \
  ", 'ü', 'u')" \
  ", ',', ' ')" \
  ", '-', ' ')" \
  ", '/', ' ')" \
  ", '(', ' ')" \
  ", ')', ' ')" \
  ", '.', ' ')" \
  ", '%', ' ')" \
  ", '&', ' ')" \
  ", '+', ' ')" \
  ", ':', ' ')" \
  ", '\"', ' ')" \
  ", '''', ' ')" \
  ")"

G_BEGIN_DECLS

char *_handla_search_fold  (const char *text);
char *_handla_search_typed (const char *text);

G_END_DECLS
