/* handla-bench-core.c — the store and sync figures of ./dev bench
 *
 *   handla-bench-core --supplier URL --supplier-ca FILE --enrolment-code CODE
 *                     --products N --db FILE [--prepare-only] [--rounds R]
 *
 * Runs against a reference supplier started with `--generate N --control`
 * and an empty profile (--db must not exist yet):
 *
 *  1. full sync of N products into the empty store through
 *     HandlaSupplierClient (the app's own code), against the baseline of
 *     downloading the same pages over the same loopback TLS and doing
 *     nothing with them;
 *  2. an unchanged catalogue: the client's conditional GET is a 304 and
 *     the supplier sends no body (bytes of a conditional GET's body, and
 *     the supplier's catalogue_bodies counter);
 *  3. a delta of 1,000 changed products (POST /control/catalogue/generate),
 *     against downloading the same delta;
 *  4. search in the store, typing one letter at a time, through
 *     handla_catalogue_search_sync() (the app's search job on the store
 *     thread), against the naive LIKE '%q%' query as a job on the same
 *     store.
 *
 * Prints one JSON array of figures (bench-report.h) on stdout; logs go to
 * stderr. --prepare-only syncs and lists the customers, and prints
 * nothing: the profile is then ready for handla-bench-ui.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsecret/secret.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>

#include "bench-report.h"
#include "handla-core.h"
#include "handla-sql.h"

#define DELTA_PRODUCTS 1000

static char *supplier_url;
static char *supplier_ca;
static char *enrolment_code;
static char *db_path;
static int n_products = -1;
static int rounds = 5;
static gboolean prepare_only;

/* Typed one letter at a time, as on the search page. The generated
 * catalogue's names are "Mjölk nr 17", "Limpa nr 2", "Äpplen nr 3", … */
static const char * const words[] = {
  "mjölk", "mjolk", "limpa", "äpplen", "vatten", "pasta", "nr 4711", "ost", "frukt", "xyz",
};

/* ---- waiting ------------------------------------------------------------ */

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* ---- the supplier, directly --------------------------------------------- */

typedef struct
{
  SoupSession *session;
  char        *token;
} Raw;

static GBytes *
raw_get (Raw         *raw,
         const char  *path,
         const char  *if_none_match,
         guint       *status,
         char       **etag)
{
  g_autofree char *uri = g_strconcat (supplier_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_autofree char *authorization = g_strconcat ("Bearer ", raw->token, NULL);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  if (if_none_match != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "If-None-Match",
                                  if_none_match);
  body = soup_session_send_and_read (raw->session, msg, NULL, &error);
  if (body == NULL)
    g_error ("GET %s: %s", path, error->message);
  *status = soup_message_get_status (msg);
  if (etag != NULL)
    *etag = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                    "ETag"));
  return body;
}

static JsonObject *
parse_object (GBytes     *body,
              JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (!json_parser_load_from_data (parser, data, (gssize) len, &error))
    g_error ("Not JSON: %s", error->message);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Downloads every page of @first_path, as the client does but keeping
 * nothing. Returns the time in ms; *@bytes is the bodies' size and
 * *@cursor the listing's cursor. */
static double
raw_listing (Raw        *raw,
             const char *first_path,
             gsize      *bytes,
             char      **cursor)
{
  g_autofree char *path = g_strdup (first_path);
  gint64 start = g_get_monotonic_time ();

  *bytes = 0;
  while (path != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GBytes) body = NULL;
      JsonObject *page;
      const char *next;
      guint status = 0;

      body = raw_get (raw, path, NULL, &status, NULL);
      if (status != SOUP_STATUS_OK)
        g_error ("GET %s: HTTP %u", path, status);
      *bytes += g_bytes_get_size (body);
      page = parse_object (body, parser);
      if (cursor != NULL && *cursor == NULL)
        *cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      next = json_object_get_string_member_with_default (page, "next_page", NULL);
      g_free (path);
      path = next != NULL ? g_strconcat ("/v1/catalogue?page=", next, NULL) : NULL;
    }
  return (double) (g_get_monotonic_time () - start) / 1000.0;
}

static JsonObject *
control_post (Raw        *raw,
              const char *path,
              const char *body_text,
              JsonParser *parser)
{
  g_autofree char *uri = g_strconcat (supplier_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, uri);
  g_autoptr(GBytes) request = g_bytes_new (body_text, strlen (body_text));
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (raw->session, msg, NULL, &error);
  if (body == NULL || !SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)))
    g_error ("POST %s failed: %s", path, error != NULL ? error->message : "HTTP error");
  return parse_object (body, parser);
}

static gint64
control_stat (Raw        *raw,
              const char *name)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *uri = g_strconcat (supplier_url, "/control/stats", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = soup_session_send_and_read (raw->session, msg, NULL, &error);
  if (body == NULL)
    g_error ("GET /control/stats: %s", error->message);
  return json_object_get_int_member (parse_object (body, parser), name);
}

/* ---- the client --------------------------------------------------------- */

static HandlaCatalogueSyncResult *
sync_catalogue (HandlaSupplierClient *client,
                double               *ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  HandlaCatalogueSyncResult *synced;
  gint64 start = g_get_monotonic_time ();

  handla_supplier_client_sync_catalogue_async (client, NULL, store_result_cb, &result);
  synced = handla_supplier_client_sync_catalogue_finish (client, wait_for (&result), &error);
  *ms = (double) (g_get_monotonic_time () - start) / 1000.0;
  if (synced == NULL)
    g_error ("Catalogue sync failed: %s", error->message);
  return synced;
}

/* ---- search ------------------------------------------------------------- */

typedef struct
{
  char *pattern;
} Naive;

/* The baseline: what a first version would do, LIKE '%q%' on the name
 * and brand, ranked by popularity, as a job on the same store thread. */
static gpointer
naive_search_job (sqlite3  *db,
                  gpointer  data,
                  GError  **error)
{
  Naive *naive = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  stmt = handla_sql_prepare (db, "SELECT id FROM product "
                                 "WHERE name LIKE ?1 ESCAPE '\\' OR brand LIKE ?1 ESCAPE '\\' "
                                 "ORDER BY popularity DESC, name LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, naive->pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, HANDLA_CATALOGUE_SEARCH_LIMIT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (rc != SQLITE_DONE)
    {
      handla_sql_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

static void
measure_search (HandlaCatalogue *catalogue,
                HandlaStore     *store,
                GArray          *app_ms,
                GArray          *naive_ms,
                guint           *n_queries)
{
  *n_queries = 0;
  /* Round 0 warms the page cache and is not counted. */
  for (int round = 0; round <= rounds; round++)
    for (guint w = 0; w < G_N_ELEMENTS (words); w++)
      {
        const char *word = words[w];

        for (const char *end = g_utf8_next_char (word); ; end = g_utf8_next_char (end))
          {
            g_autofree char *typed = g_strndup (word, (gsize) (end - word));
            g_autoptr(GListModel) found = NULL;
            g_autoptr(GPtrArray) naive_found = NULL;
            g_autoptr(GError) error = NULL;
            Naive naive = { like_pattern (typed) };
            gint64 t0, t1, t2;

            t0 = g_get_monotonic_time ();
            found = handla_catalogue_search_sync (catalogue, typed, NULL, 0, &error);
            t1 = g_get_monotonic_time ();
            if (found == NULL)
              g_error ("Search for “%s” failed: %s", typed, error->message);
            naive_found = handla_store_run_sync (store, naive_search_job, &naive, NULL, &error);
            t2 = g_get_monotonic_time ();
            g_free (naive.pattern);
            if (naive_found == NULL)
              g_error ("Naive search for “%s” failed: %s", typed, error->message);

            if (round > 0)
              {
                double a = (double) (t1 - t0) / 1000.0, b = (double) (t2 - t1) / 1000.0;

                g_array_append_val (app_ms, a);
                g_array_append_val (naive_ms, b);
                (*n_queries)++;
              }
            if (*end == '\0')
              break;
          }
      }
}

/* ---- main --------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "supplier", 0, 0, G_OPTION_ARG_STRING, &supplier_url, "The supplier (--generate N --control)", "URL" },
    { "supplier-ca", 0, 0, G_OPTION_ARG_FILENAME, &supplier_ca, "The supplier's CA", "FILE" },
    { "enrolment-code", 0, 0, G_OPTION_ARG_STRING, &enrolment_code, "An enrolment code", "CODE" },
    { "products", 0, 0, G_OPTION_ARG_INT, &n_products, "The N the supplier generated", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The store to create (must not exist)", "FILE" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Search rounds over the query set (5)", "R" },
    { "prepare-only", 0, 0, G_OPTION_ARG_NONE, &prepare_only,
      "Only sync and list the customers, print nothing", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(HandlaClock) clock = NULL;
  g_autoptr(HandlaStore) store = NULL;
  g_autoptr(HandlaCatalogue) catalogue = NULL;
  g_autoptr(HandlaSecrets) secrets = NULL;
  g_autoptr(HandlaSupplierClient) client = NULL;
  g_autoptr(HandlaCustomers) customers = NULL;
  g_autoptr(HandlaCatalogueSyncResult) synced = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTlsDatabase) tls = NULL;
  g_autoptr(BenchReport) report = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *note = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *etag = NULL;
  Raw raw = { NULL, NULL };
  double ms, baseline_ms;
  gsize full_bytes = 0, delta_bytes = 0;
  guint n = 0;

  setlocale (LC_ALL, "");
  g_log_writer_default_set_use_stderr (TRUE);

  options = g_option_context_new ("— store and sync figures for ./dev bench");
  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (supplier_url == NULL || supplier_ca == NULL || enrolment_code == NULL ||
      db_path == NULL || n_products < 0 || rounds < 1)
    {
      g_printerr ("Usage: handla-bench-core --supplier URL --supplier-ca FILE "
                  "--enrolment-code CODE --products N --db FILE\n");
      return 2;
    }
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s exists: the full sync needs an empty store\n", db_path);
      return 2;
    }
  n = (guint) n_products;

  clock = handla_clock_new ();
  store = handla_store_new (db_path);
  catalogue = handla_catalogue_new (store, clock);
  secrets = handla_secrets_new ();
  client = handla_supplier_client_new (catalogue, secrets, supplier_url, supplier_ca, NULL, &error);
  if (client == NULL)
    g_error ("%s", error->message);

  handla_supplier_client_enrol_async (client, enrolment_code, "bench", NULL, store_result_cb, &result);
  if (!handla_supplier_client_enrol_finish (client, wait_for (&result), &error))
    g_error ("Enrolment failed: %s", error->message);
  g_clear_object (&result);

  /* 1. Full sync into the empty store. */
  g_printerr ("handla-bench-core: full sync of %u products\n", n);
  synced = sync_catalogue (client, &ms);
  if (handla_catalogue_sync_result_get_n_products (synced) != n)
    g_error ("The sync stored %u products, not %u",
             handla_catalogue_sync_result_get_n_products (synced), n);

  customers = handla_customers_new (store);
  handla_customers_refresh_async (customers, client, NULL, store_result_cb, &result);
  if (!handla_customers_refresh_finish (customers, wait_for (&result), &error))
    g_error ("Listing the customers failed: %s", error->message);
  g_clear_object (&result);

  if (prepare_only)
    {
      handla_store_close (store);
      return 0;
    }

  report = bench_report_new ();

  /* The token, for the baseline downloads beside the client. */
  profile = handla_secrets_profile_for_url (supplier_url);
  handla_secrets_lookup_token_async (secrets, profile, NULL, store_result_cb, &result);
  raw.token = handla_secrets_lookup_token_finish (secrets, wait_for (&result), &error);
  if (raw.token == NULL)
    g_error ("No token: %s", error != NULL ? error->message : "not stored");
  g_clear_object (&result);
  tls = g_tls_file_database_new (supplier_ca, &error);
  if (tls == NULL)
    g_error ("%s", error->message);
  raw.session = soup_session_new ();
  soup_session_set_tls_database (raw.session, tls);

  baseline_ms = raw_listing (&raw, "/v1/catalogue", &full_bytes, &cursor);
  note = g_strdup_printf ("GET /v1/catalogue, every page, into an empty store through "
                          "HandlaSupplierClient until committed (searchable); baseline: "
                          "downloading the same %" G_GSIZE_FORMAT " bytes over the same "
                          "loopback TLS and parsing nothing", full_bytes);
  bench_report_add (report, "sync-full", n, ms, "ms", baseline_ms, 3000, BENCH_BAR_AT_MOST, note);
  g_clear_pointer (&note, g_free);
  g_clear_pointer (&synced, handla_catalogue_sync_result_unref);

  /* 2. Unchanged: a 304 with no body. */
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GBytes) full = NULL;
    gint64 bodies_before = control_stat (&raw, "catalogue_bodies");
    guint status = 0;

    synced = sync_catalogue (client, &ms);
    if (!handla_catalogue_sync_result_get_not_modified (synced))
      g_error ("An unchanged catalogue did not give 304");
    note = g_strdup_printf ("the client's conditional GET answered 304 in %.1f ms; the supplier "
                            "sent %" G_GINT64_FORMAT " catalogue bodies for it",
                            ms, control_stat (&raw, "catalogue_bodies") - bodies_before);
    bench_report_add (report, "sync-not-modified", n, ms, "ms", NAN, NAN, BENCH_BAR_NONE, note);
    g_clear_pointer (&note, g_free);
    g_clear_pointer (&synced, handla_catalogue_sync_result_unref);

    full = raw_get (&raw, "/v1/catalogue", NULL, &status, &etag);
    body = raw_get (&raw, "/v1/catalogue", etag, &status, NULL);
    note = g_strdup_printf ("body bytes of GET /v1/catalogue with If-None-Match: %s "
                            "(HTTP %u); baseline: the first page's body without it",
                            etag, status);
    bench_report_add (report, "not-modified-body", n,
                      status == SOUP_STATUS_NOT_MODIFIED ? (double) g_bytes_get_size (body) : NAN,
                      "bytes", (double) g_bytes_get_size (full), 0, BENCH_BAR_AT_MOST, note);
    g_clear_pointer (&note, g_free);
  }

  /* 3. A delta of DELTA_PRODUCTS changed prices. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *body = NULL;
    g_autofree char *since = NULL;
    guint n_changed = MIN (n, DELTA_PRODUCTS);

    body = g_strdup_printf ("{\"products\": %u, \"changed\": %u, \"generation\": 1}", n, n_changed);
    control_post (&raw, "/control/catalogue/generate", body, parser);
    since = g_strconcat ("/v1/catalogue?since=", cursor, NULL);
    baseline_ms = raw_listing (&raw, since, &delta_bytes, NULL);

    synced = sync_catalogue (client, &ms);
    if (handla_catalogue_sync_result_get_full (synced) ||
        handla_catalogue_sync_result_get_n_changed (synced) != n_changed)
      g_error ("The delta changed %u products, not %u",
               handla_catalogue_sync_result_get_n_changed (synced), n_changed);
    note = g_strdup_printf ("GET /v1/catalogue?since=… with %u changed prices, applied in one "
                            "transaction; baseline: downloading the same %" G_GSIZE_FORMAT
                            " bytes", n_changed, delta_bytes);
    bench_report_add (report, "sync-delta", n, ms, "ms", baseline_ms, 100, BENCH_BAR_AT_MOST, note);
    g_clear_pointer (&note, g_free);
  }

  /* 4. Search in the store. */
  {
    g_autoptr(GArray) app_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) naive_ms = g_array_new (FALSE, FALSE, sizeof (double));
    static const double percentiles[] = { 50, 95, 99 };
    guint n_queries = 0;

    g_printerr ("handla-bench-core: search, %d rounds\n", rounds);
    measure_search (catalogue, store, app_ms, naive_ms, &n_queries);
    for (guint i = 0; i < G_N_ELEMENTS (percentiles); i++)
      {
        g_autofree char *name = g_strdup_printf ("search-store-p%.0f", percentiles[i]);

        note = g_strdup_printf ("%u searches (%zu words typed one letter at a time, %d rounds) "
                                "through handla_catalogue_search_sync(), limit %d; baseline: "
                                "LIKE '%%q%%' on name and brand ordered by popularity, "
                                "as a job on the same store", n_queries, G_N_ELEMENTS (words),
                                rounds, HANDLA_CATALOGUE_SEARCH_LIMIT);
        bench_report_add (report, name, n, bench_percentile (app_ms, percentiles[i]), "ms",
                          bench_percentile (naive_ms, percentiles[i]), 5,
                          percentiles[i] == 99 ? BENCH_BAR_AT_MOST : BENCH_BAR_NONE, note);
        g_clear_pointer (&note, g_free);
      }
  }

  bench_report_print (report);

  g_clear_object (&raw.session);
  secret_password_free (raw.token);
  handla_store_close (store);
  return 0;
}
