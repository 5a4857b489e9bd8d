/* supplier-main.c — handla-supplier, the reference supplier
 *
 *   handla-supplier --state DIR [--port N] (--demo | --catalogue FILE | --generate N)
 *                   [--control]
 *
 * With a catalogue (any of the three) it also puts the demo customers
 * (supplier-customers.c) into the state. --control enables the test-only
 * /control/… endpoints, among them the movable clock (/control/clock).
 *
 * When it is ready it prints one JSON line on stdout,
 *   {"url": "https://127.0.0.1:PORT", "ca_file": "/abs/ca.pem", "enrolment_code": "…"}
 * and serves until SIGTERM or SIGINT. Logs go to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>

#include "supplier-catalogue.h"
#include "supplier-clock.h"
#include "supplier-customers.h"
#include "supplier-server.h"
#include "supplier-store.h"
#include "supplier-tls.h"

static char *state_dir;
static int port;
static gboolean demo;
static char *catalogue_file;
static int generate = -1;
static gboolean control;

static const GOptionEntry entries[] = {
  { "state", 's', 0, G_OPTION_ARG_FILENAME, &state_dir,
    "Keep the database and the test CA in DIR (made if missing)", "DIR" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Listen on PORT of 127.0.0.1 (0: any free port)",
    "PORT" },
  { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Serve the demo catalogue", NULL },
  { "catalogue", 'c', 0, G_OPTION_ARG_FILENAME, &catalogue_file,
    "Serve the catalogue document FILE", "FILE" },
  { "generate", 'g', 0, G_OPTION_ARG_INT, &generate, "Serve N generated products", "N" },
  { "control", 0, 0, G_OPTION_ARG_NONE, &control,
    "Enable the test-only control endpoint (/control/…)", NULL },
  { NULL }
};

/* ---- helpers ------------------------------------------------------------ */

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static SupplierCatalogue *
load_catalogue (GError **error)
{
  if (generate >= 0)
    return supplier_catalogue_generate ((guint) generate);
  if (catalogue_file != NULL)
    return supplier_catalogue_load (catalogue_file, error);
  if (demo)
    return supplier_catalogue_load (SUPPLIER_DEMO_CATALOGUE, error);
  return NULL;
}

static void
print_ready_line (guint       bound_port,
                  const char *ca_file,
                  const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u", bound_port);
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "ca_file");
  json_builder_add_string_value (builder, ca_file);
  json_builder_set_member_name (builder, "enrolment_code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  fprintf (stdout, "%s\n", line);
  fflush (stdout);
}

static int
fail (const char *message)
{
  g_printerr ("handla-supplier: %s\n", message);
  return 1;
}

/* ---- main --------------------------------------------------------------- */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SupplierStore) store = NULL;
  g_autoptr(SupplierCatalogue) catalogue = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SupplierServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *absolute_state = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *code = NULL;
  guint bound_port = 0;
  guint sources[2];

  setlocale (LC_ALL, "");
  /* stdout carries the ready line only. */
  g_log_writer_default_set_use_stderr (TRUE);

  context = g_option_context_new ("— the Handla reference supplier");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (state_dir == NULL)
    return fail ("--state DIR is required");
  if (port < 0 || port > 65535)
    return fail ("--port must be 0 to 65535");
  if ((demo ? 1 : 0) + (catalogue_file != NULL ? 1 : 0) + (generate >= 0 ? 1 : 0) > 1)
    return fail ("Give at most one of --demo, --catalogue and --generate");

  absolute_state = g_canonicalize_filename (state_dir, NULL);
  if (g_mkdir_with_parents (absolute_state, 0700) != 0)
    return fail ("Cannot make the state directory");

  db_path = g_build_filename (absolute_state, "supplier.db", NULL);
  store = supplier_store_open (db_path, &error);
  if (store == NULL)
    return fail (error->message);

  catalogue = load_catalogue (&error);
  if (error != NULL)
    return fail (error->message);
  if (catalogue != NULL)
    {
      gboolean changed = FALSE;

      if (!supplier_store_replace_catalogue (store, catalogue->head_json,
                                             catalogue->categories, catalogue->products,
                                             &changed, &error))
        return fail (error->message);
      g_debug ("Catalogue: %u products, %s", catalogue->products->len,
               changed ? "changed" : "unchanged");
      g_clear_pointer (&catalogue, supplier_catalogue_free);

      {
        g_autoptr(GPtrArray) customers = supplier_customers_demo ();

        if (!supplier_store_put_customers (store, customers, &error))
          return fail (error->message);
      }
    }
  else if (supplier_store_get_catalogue_seq (store) == 0)
    return fail ("No catalogue yet: give --demo, --catalogue FILE or --generate N");

  certificate = supplier_tls_ensure (absolute_state, &ca_file, &error);
  if (certificate == NULL)
    return fail (error->message);

  now = supplier_clock_now ();
  code = supplier_store_add_enrolment_code (store, now, G_TIME_SPAN_DAY, &error);
  if (code == NULL)
    return fail (error->message);

  server = supplier_server_new (store, certificate, control, &error);
  if (server == NULL || !supplier_server_listen (server, (guint) port, &bound_port, &error))
    return fail (error->message);

  loop = g_main_loop_new (NULL, FALSE);
  sources[0] = g_unix_signal_add (SIGTERM, quit_cb, loop);
  sources[1] = g_unix_signal_add (SIGINT, quit_cb, loop);

  print_ready_line (bound_port, ca_file, code);
  g_main_loop_run (loop);

  g_source_remove (sources[0]);
  g_source_remove (sources[1]);
  g_debug ("Stopping");

  g_clear_pointer (&server, supplier_server_free);
  g_clear_pointer (&store, supplier_store_free);
  g_clear_pointer (&state_dir, g_free);
  g_clear_pointer (&catalogue_file, g_free);
  return 0;
}
