/* handla-catalogue-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-catalogue-search.h"
#include "handla-product-private.h"
#include "handla-search-fold.h"
#include "handla-sql.h"

/*
 * Product search, on the database thread, over the index of migration 8
 * (docs/search.md). Each word of the query gives a few candidate sources
 * (the name's first word, whole words and word starts in
 * product_words_folded, word ends and insides in product_trigrams), each
 * cut to its first CANDIDATES rowids, which a catalogue swap makes the
 * most popular; a query of several words adds their AND in the trigram
 * index. The candidates are then scored with instr() on the text stored
 * in product_search (folded, and as typed), and only their keys are
 * sorted before the best rows are read.
 *
 * Every word of the query must be found in a product (AND). Each word
 * scores the best way it is found:
 *
 *   100  a whole word of the name or brand, å/ä/ö as typed
 *    75  the same with å/ä/ö folded ("mjolk" finds "Mjölk")
 *    70  the end of a word: the head of a compound ("korv" in Falukorv)
 *    65  the same, found only folded ("smor" in Messmör)
 *    60  the start of a word, å/ä/ö as typed (typing "knäck")
 *    50  the same, folded
 *    20  anywhere inside a word ("ost" in Frukostägg), folded
 *
 * and gains 40 when the name's first word is, or ends with, the query
 * word (Swedish product names start with what the product is: "Ost
 * Präst", "Mellanmjölk 1,5%"; so "Lättmjölk" beats "Brunsås m. mjölk"),
 * or when the brand starts with it ("arla" in Arla Ko); 5 when the name's
 * first word only starts with it (so a compound's head, "Laktosfri
 * Mellanmjölk", stays above a word that only starts alike,
 * "Mjölkchoklad"). The category adds 40 when its name is the query word
 * (the cheeses of category "Ost" above "Ost & Broccoli Pulver") and 10
 * when its name has it as a word. Ties go to what this
 * customer ordered before, then popularity, then a current offer, then
 * the shorter name.
 *
 * When that finds fewer than FEW_RESULTS products, the query is taken
 * as possibly misspelt: the products sharing the most trigrams of the
 * folded query (with a space at either end, so word starts and ends count)
 * follow, if they share at least half of them.
 */

#define MAX_TERMS         8
#define FEW_RESULTS       5
#define FUZZY_MIN_CHARS   4
#define CANDIDATES        100

/* An FTS5 string for the SQL text @x. */
#define PHRASE(x) "('\"' || replace(" x ", '\"', '\"\"') || '\"')"

/* The order after the score: past orders, popularity, offers, name. */
#define TIE_BREAKS \
  " coalesce(b.n, 0) DESC, p.popularity DESC," \
  " (p.offer_price_ore IS NOT NULL AND " HANDLA_PRODUCT_OFFER_IS_CURRENT ") DESC," \
  " length(p.name), p.name, p.id"

#define BOUGHT \
  "bought (product_id, n) AS (" \
  "  SELECT l.product_id, count(*) FROM order_line l JOIN orders o ON o.id = l.order_id" \
  "  WHERE o.customer_id = :customer GROUP BY l.product_id)"

#define RESULT_FROM \
  " JOIN product p ON p.rowid = r.rowid" \
  " LEFT JOIN category c ON c.id = p.category_id" \
  " LEFT JOIN bought b ON b.product_id = p.id"

typedef struct
{
  char *text;    /* as typed, NFC: for the FTS5 word indexes */
  char *typed;   /* HANDLA_SEARCH_TYPED of it, stripped: for product_search.typed */
  char *folded;  /* HANDLA_SEARCH_FOLD of it, stripped */
} Term;

static void
term_free (gpointer data)
{
  Term *term = data;

  g_free (term->text);
  g_free (term->typed);
  g_free (term->folded);
  g_free (term);
}

static gboolean
has_alnum (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isalnum (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

/* @text with every character that is not a letter or digit turned into a
 * space, as FTS5's unicode61 tokenizer separates words: "mjölk*" is the
 * word mjölk. */
static char *
only_words (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, ' ');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* @term's typed and folded forms, exactly as migration 8 makes
 * product_search's (handla-search-fold.c), stripped. */
static void
fold (Term *term)
{
  g_autofree char *words = only_words (term->text);

  term->typed = g_strstrip (_handla_search_typed (words));
  term->folded = g_strstrip (_handla_search_fold (words));
}

/* The query's words: split at white space, each with a letter or digit. */
static GPtrArray *
split_terms (const char *text)
{
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func (term_free);
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_auto(GStrv) words = NULL;

  if (normal == NULL)
    return g_steal_pointer (&terms);

  words = g_strsplit_set (normal, " \t\r\n", -1);
  for (guint i = 0; words[i] != NULL && terms->len < MAX_TERMS; i++)
    {
      Term *term;

      if (!has_alnum (words[i]))
        continue;

      term = g_new0 (Term, 1);
      term->text = g_strdup (words[i]);
      fold (term);
      g_ptr_array_add (terms, term);
    }

  return g_steal_pointer (&terms);
}

/* Whether @term is long enough for the trigram index (and for the tiers
 * inside words); shorter terms match word starts only. */
static gboolean
term_is_long (const Term *term)
{
  return g_utf8_strlen (term->folded, -1) >= 3;
}

/* An FTS5 string for @text, for the AND of a multi-word query. */
static void
append_fts5_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Every term of a multi-word query in the trigram index at once ("laktosfri"
 * AND "mjolk"); a two-letter term as a word start (" m"... needs three
 * characters, so a one-letter term is left to the scoring). NULL when
 * fewer than two terms can take part. */
static char *
and_expression (GPtrArray *terms)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < terms->len; i++)
    {
      const Term *term = g_ptr_array_index (terms, i);
      g_autofree char *start = NULL;
      const char *text = term->folded;

      if (!term_is_long (term))
        {
          start = g_strconcat (" ", term->folded, NULL);
          if (g_utf8_strlen (start, -1) < 3)
            continue;
          text = start;
        }

      if (n++ > 0)
        g_string_append (out, " AND ");
      append_fts5_string (out, text);
    }

  if (n < 2)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One candidate source: the first CANDIDATES rowids of @select (rowid
 * order, which a catalogue swap makes popularity order). */
#define SOURCE(select) \
  " SELECT rowid FROM (SELECT rowid FROM " select " LIMIT " G_STRINGIFY (CANDIDATES) ")"

/* Appends the candidate sources of term @n: its whole words, word starts
 * and (long terms) word ends and insides, each cut to CANDIDATES. */
static void
append_term_sources (GString    *sql,
                     guint       n,
                     const Term *term)
{
  g_autofree char *r = g_strdup_printf (":r%u", n);
  g_autofree char *f = g_strdup_printf (":f%u", n);

  g_string_append_printf (sql,
                          "%s"
                          SOURCE ("product_search WHERE first = ' ' || %s || ' ' ORDER BY rowid")
                          " UNION ALL"
                          SOURCE ("product_words_folded WHERE product_words_folded MATCH "
                                  PHRASE ("%s"))
                          " UNION ALL"
                          SOURCE ("product_words_folded WHERE product_words_folded MATCH "
                                  PHRASE ("%s") " || '*'"),
                          n > 1 ? " UNION ALL" : "", f, r, r);

  if (term_is_long (term))
    g_string_append_printf (sql,
                            " UNION ALL"
                            SOURCE ("product_trigrams WHERE product_trigrams MATCH "
                                    PHRASE ("%s || ' '"))
                            " UNION ALL"
                            SOURCE ("product_trigrams WHERE product_trigrams MATCH " PHRASE ("%s")),
                            f, f);
}

/* Appends term @n's score for the product_search row s: the best way it
 * is found (NULL if it is not), plus its bonuses. */
static void
append_term_score (GString    *sql,
                   guint       n,
                   const Term *term)
{
  gboolean is_long = term_is_long (term);

  g_string_append_printf (sql,
                          " + CASE"
                          " WHEN instr(s.typed, ' ' || :t%u || ' ') > 0 THEN 100"
                          " WHEN instr(s.name || s.brand, ' ' || :f%u || ' ') > 0 THEN 75",
                          n, n);
  if (is_long)
    g_string_append_printf (sql,
                            " WHEN instr(s.typed, :t%u || ' ') > 0 THEN 70"
                            " WHEN instr(s.name || s.brand, :f%u || ' ') > 0 THEN 65",
                            n, n);
  g_string_append_printf (sql,
                          " WHEN instr(s.typed, ' ' || :t%u) > 0 THEN 60"
                          " WHEN instr(s.name || s.brand, ' ' || :f%u) > 0 THEN 50",
                          n, n);
  if (is_long)
    g_string_append_printf (sql,
                            " WHEN instr(s.name || s.brand, :f%u) > 0 THEN 20",
                            n);
  g_string_append (sql, " END");

  /* The first word of the name is, ends or starts with the term; the
   * brand starts with it as a word; the category has it as a word. */
  g_string_append_printf (sql,
                          " + CASE WHEN instr(s.first, :f%u || ' ') > 0 THEN 40"
                          " WHEN instr(s.first, ' ' || :f%u) > 0 THEN 5"
                          " WHEN instr(s.brand, ' ' || :f%u || ' ') = 1 THEN 40 ELSE 0 END"
                          " + CASE WHEN g.name = ' ' || :f%u || ' ' THEN 40"
                          " WHEN instr(g.name, ' ' || :f%u || ' ') > 0 THEN 10 ELSE 0 END",
                          n, n, n, n, n);
}

static char *
strict_sql (GPtrArray  *terms,
            gboolean    with_and)
{
  g_autoptr(GString) sql = g_string_new ("WITH candidate (rowid) AS (");

  for (guint i = 0; i < terms->len; i++)
    append_term_sources (sql, i + 1, g_ptr_array_index (terms, i));
  if (with_and)
    g_string_append (sql,
                     " UNION ALL"
                     SOURCE ("product_trigrams WHERE product_trigrams MATCH :and"));

  /* Each candidate scored on its stored folded text: NULL unless every
   * term is found. */
  g_string_append (sql, "), scored (rowid, score) AS (SELECT s.rowid, 0");
  for (guint i = 0; i < terms->len; i++)
    append_term_score (sql, i + 1, g_ptr_array_index (terms, i));
  g_string_append (sql,
                   " FROM (SELECT DISTINCT rowid FROM candidate) k"
                   " JOIN product_search s ON s.rowid = k.rowid"
                   " JOIN product q ON q.rowid = k.rowid"
                   " LEFT JOIN category_search g ON g.id = q.category_id),"
                   BOUGHT ","
                   /* The best :limit by their keys alone, then their columns. */
                   " top (rowid, score) AS (SELECT r.rowid, r.score FROM scored r"
                   "  JOIN product p ON p.rowid = r.rowid"
                   "  LEFT JOIN bought b ON b.product_id = p.id"
                   "  WHERE r.score IS NOT NULL"
                   "  ORDER BY r.score DESC," TIE_BREAKS " LIMIT :limit)"
                   " SELECT " HANDLA_PRODUCT_COLUMNS " FROM top r" RESULT_FROM
                   " ORDER BY r.score DESC," TIE_BREAKS);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The distinct trigrams of @folded with a space at either end, none with
 * two spaces in a row: what the trigram index holds of a word. */
static GPtrArray *
trigrams_of (const char *folded)
{
  g_autofree char *padded = g_strconcat (" ", folded, " ", NULL);
  g_autoptr(GPtrArray) grams = g_ptr_array_new_with_free_func (g_free);
  glong n = g_utf8_strlen (padded, -1);

  for (glong i = 0; i + 3 <= n; i++)
    {
      const char *start = g_utf8_offset_to_pointer (padded, i);
      const char *end = g_utf8_offset_to_pointer (padded, i + 3);
      g_autofree char *gram = g_strndup (start, end - start);

      if (strstr (gram, "  ") != NULL)
        continue;
      if (!g_ptr_array_find_with_equal_func (grams, gram, g_str_equal, NULL))
        g_ptr_array_add (grams, g_steal_pointer (&gram));
    }

  return g_steal_pointer (&grams);
}

/* The products sharing at least half (and at least two) of @n_grams
 * trigrams :g1…: the first CANDIDATES products of each trigram, counted
 * on their stored folded text. */
static char *
fuzzy_sql (guint n_grams)
{
  g_autoptr(GString) sql = g_string_new ("WITH candidate (rowid) AS (");

  for (guint i = 1; i <= n_grams; i++)
    g_string_append_printf (sql,
                            "%s" SOURCE ("product_trigrams WHERE product_trigrams MATCH "
                                         PHRASE (":g%u")),
                            i > 1 ? " UNION ALL" : "", i);

  g_string_append (sql, "), shared (rowid, hits) AS (SELECT s.rowid, 0");
  for (guint i = 1; i <= n_grams; i++)
    g_string_append_printf (sql, " + (instr(s.name || s.brand, :g%u) > 0)", i);
  g_string_append_printf (sql,
                          " FROM (SELECT DISTINCT rowid FROM candidate) k"
                          " JOIN product_search s ON s.rowid = k.rowid),"
                          BOUGHT ","
                          " top (rowid, hits) AS (SELECT r.rowid, r.hits FROM shared r"
                          "  JOIN product p ON p.rowid = r.rowid"
                          "  LEFT JOIN bought b ON b.product_id = p.id"
                          "  WHERE r.hits >= 2 AND r.hits * 2 >= %u"
                          "  ORDER BY r.hits DESC," TIE_BREAKS " LIMIT :limit)"
                          " SELECT " HANDLA_PRODUCT_COLUMNS " FROM top r" RESULT_FROM
                          " ORDER BY r.hits DESC," TIE_BREAKS,
                          n_grams);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
bind_named (sqlite3_stmt *stmt,
            const char   *name,
            const char   *text)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index == 0)
    return TRUE;
  if (text == NULL)
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT) == SQLITE_OK;
}

static gboolean
bind_common (sqlite3_stmt            *stmt,
             const HandlaSearchQuery *query,
             guint                    limit)
{
  return (bind_named (stmt, ":customer", query->customer_id) &&
          _handla_product_bind_today (stmt, query->today) &&
          sqlite3_bind_int64 (stmt,
                              sqlite3_bind_parameter_index (stmt, ":limit"),
                              limit) == SQLITE_OK);
}

/* Runs @stmt and appends each product not yet in @seen to @results. */
static gboolean
collect (sqlite3_stmt  *stmt,
         GPtrArray     *results,
         GHashTable    *seen,
         GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      HandlaProduct *product = _handla_product_new_from_row (stmt, 0);
      const char *id = handla_product_get_id (product);

      if (g_hash_table_contains (seen, id))
        {
          g_object_unref (product);
          continue;
        }
      g_hash_table_add (seen, g_strdup (id));
      g_ptr_array_add (results, product);
    }

  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (sqlite3_db_handle (stmt), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
search_strict (sqlite3                 *db,
               const HandlaSearchQuery *query,
               GPtrArray               *terms,
               guint                    limit,
               GPtrArray               *results,
               GHashTable              *seen,
               GError                 **error)
{
  g_autofree char *and = terms->len > 1 ? and_expression (terms) : NULL;
  g_autofree char *sql = strict_sql (terms, and != NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = handla_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < terms->len; i++)
    {
      const Term *term = g_ptr_array_index (terms, i);
      g_autofree char *r = g_strdup_printf (":r%u", i + 1);
      g_autofree char *t = g_strdup_printf (":t%u", i + 1);
      g_autofree char *f = g_strdup_printf (":f%u", i + 1);

      if (!bind_named (stmt, r, term->text) ||
          !bind_named (stmt, t, term->typed) ||
          !bind_named (stmt, f, term->folded))
        {
          handla_sql_set_error (db, error);
          return FALSE;
        }
    }

  if (!bind_named (stmt, ":and", and) || !bind_common (stmt, query, limit))
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return collect (stmt, results, seen, error);
}

static gboolean
search_fuzzy (sqlite3                 *db,
              const HandlaSearchQuery *query,
              GPtrArray               *terms,
              guint                    limit,
              GPtrArray               *results,
              GHashTable              *seen,
              GError                 **error)
{
  g_autoptr(GString) folded = g_string_new (NULL);
  g_autoptr(GPtrArray) grams = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  for (guint i = 0; i < terms->len; i++)
    {
      const Term *term = g_ptr_array_index (terms, i);

      if (i > 0)
        g_string_append_c (folded, ' ');
      g_string_append (folded, term->folded);
    }

  if (g_utf8_strlen (folded->str, -1) < FUZZY_MIN_CHARS)
    return TRUE;

  grams = trigrams_of (folded->str);
  if (grams->len == 0)
    return TRUE;

  sql = fuzzy_sql (grams->len);
  stmt = handla_sql_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;

  for (guint i = 0; i < grams->len; i++)
    {
      g_autofree char *name = g_strdup_printf (":g%u", i + 1);

      if (!bind_named (stmt, name, g_ptr_array_index (grams, i)))
        {
          handla_sql_set_error (db, error);
          return FALSE;
        }
    }

  if (!bind_common (stmt, query, limit))
    {
      handla_sql_set_error (db, error);
      return FALSE;
    }

  return collect (stmt, results, seen, error);
}

/*
 * _handla_catalogue_search:
 * @db: the store's connection, on the database thread
 * @query: what to look for
 * @error: return location for an error
 *
 * The search behind handla_catalogue_search_async() and
 * handla_catalogue_search_sync(). A query with no letter or digit finds
 * nothing.
 *
 * Returns: (transfer full) (element-type HandlaProduct): the products,
 *   best first, or %NULL with @error set
 */
GPtrArray *
_handla_catalogue_search (sqlite3                  *db,
                          const HandlaSearchQuery  *query,
                          GError                  **error)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) terms = NULL;
  guint limit;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (query->text != NULL, NULL);
  g_return_val_if_fail (query->today != NULL, NULL);

  limit = query->limit > 0 ? query->limit : HANDLA_CATALOGUE_SEARCH_LIMIT;

  terms = split_terms (query->text);
  if (terms->len == 0)
    return g_steal_pointer (&results);

  if (!search_strict (db, query, terms, limit, results, seen, error))
    return NULL;

  if (results->len < FEW_RESULTS && results->len < limit &&
      !search_fuzzy (db, query, terms, limit - results->len, results, seen, error))
    return NULL;

  return g_steal_pointer (&results);
}
