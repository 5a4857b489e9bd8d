/* handla-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "handla-application.h"
#include "handla-ui-utils.h"
#include "handla-window.h"

/*
 * The application owns the HandlaContext (store, catalogue, basket, clock,
 * settings) and one window. --catalogue FILE imports a catalogue document
 * when the first instance starts (a second launch only raises the window).
 * --supplier URL --supplier-ca FILE [--enrolment-code CODE] syncs the
 * catalogue with a supplier instead, enrolling the tablet first if the
 * supplier does not know it; ./dev demo starts the reference supplier
 * and passes these.
 *
 * HANDLA_BENCH_EXIT_AFTER_FIRST_FRAME=1 (for ./dev bench only): the
 * first usable frame — the first one painted after every store job
 * queued while starting has answered — prints one line on stdout,
 * {"frame_us": g_get_monotonic_time(), "rss_kib": VmRSS, "hwm_kib": VmHWM},
 * and the application quits. See docs/performance.md.
 */

struct _HandlaApplication
{
  AdwApplication        parent_instance;

  HandlaContext        *context;
  HandlaSecrets        *secrets;
  HandlaSupplierClient *supplier;
  char                 *catalogue_path;
  char                 *supplier_url;
  char                 *supplier_ca;
  char                 *enrolment_code;
  gboolean              enrolment_tried;
  gboolean              bench_store_answered;
};

G_DEFINE_FINAL_TYPE (HandlaApplication, handla_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "catalogue", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Import a catalogue document (JSON) at start"), N_("FILE") },
  { "supplier", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The supplier’s address (https://…) to sync the catalogue with"), N_("URL") },
  { "supplier-ca", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The supplier’s certificate authority (PEM), trusted for it alone"), N_("FILE") },
  { "enrolment-code", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("A one-time code to enrol this tablet with the supplier if needed"), N_("CODE") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and quit"), NULL },
  { NULL }
};

static char *
database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "handla", "handla.db", NULL);
}

static HandlaWindow *
get_window (HandlaApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return HANDLA_IS_WINDOW (window) ? HANDLA_WINDOW (window) : NULL;
}

/* ---- ./dev bench: the first usable frame ------------------------------- */

static gint64
read_status_kib (const char *status,
                 const char *key)
{
  const char *line = strstr (status, key);

  return line != NULL ? g_ascii_strtoll (line + strlen (key), NULL, 10) : -1;
}

static void
bench_after_paint_cb (GdkFrameClock     *frame_clock,
                      HandlaApplication *self)
{
  g_autofree char *status = NULL;
  gint64 now = g_get_monotonic_time ();

  if (!self->bench_store_answered)
    return;
  g_signal_handlers_disconnect_by_func (frame_clock, bench_after_paint_cb, self);
  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  g_print ("{\"frame_us\": %" G_GINT64_FORMAT ", \"rss_kib\": %" G_GINT64_FORMAT
           ", \"hwm_kib\": %" G_GINT64_FORMAT "}\n", now,
           status != NULL ? read_status_kib (status, "VmRSS:") : -1,
           status != NULL ? read_status_kib (status, "VmHWM:") : -1);
  g_application_quit (G_APPLICATION (self));
}

static gpointer
bench_barrier_job (sqlite3  *db,
                   gpointer  data,
                   GError  **error)
{
  return GINT_TO_POINTER (TRUE);
}

static void
bench_barrier_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(HandlaApplication) self = user_data;
  HandlaWindow *window = get_window (self);

  handla_store_run_finish (HANDLA_STORE (object), result, NULL);
  self->bench_store_answered = TRUE;
  if (window != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (window));
}

static void
bench_window_realized_cb (GtkWidget         *window,
                          HandlaApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (bench_after_paint_cb), self, 0);
  /* Jobs answer in order: this one answers after every load queued so far. */
  handla_store_run_async (handla_context_get_store (self->context), bench_barrier_job,
                          NULL, NULL, NULL, NULL, bench_barrier_cb, g_object_ref (self));
}

static void
show_import_error (HandlaApplication *self,
                   const GError      *error)
{
  HandlaWindow *window = get_window (self);
  AdwMessageDialog *dialog;

  g_warning ("Catalogue import failed: %s", error->message);
  if (window == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                       _("The catalogue could not be read"),
                                                       NULL));
  /* Translators: %s says what was wrong with the catalogue file */
  adw_message_dialog_format_body (dialog,
                                  _("%s\n\nThe products shown before are kept and can still be ordered."),
                                  error->message);
  adw_message_dialog_add_response (dialog, "close", _("OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
catalogue_imported_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(HandlaApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_products = 0;

  if (!handla_catalogue_import_finish (HANDLA_CATALOGUE (object), result, &n_products, &error))
    show_import_error (self, error);
  else
    g_debug ("Imported %u products", n_products);

  g_application_release (G_APPLICATION (self));
}

static void
catalogue_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HandlaApplication) self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  if (bytes == NULL)
    {
      show_import_error (self, error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  /* The hold taken in import_catalogue() passes on to the import. */
  handla_catalogue_import_async (handla_context_get_catalogue (self->context),
                                 bytes, NULL,
                                 catalogue_imported_cb,
                                 g_object_ref (self));
}

static void
import_catalogue (HandlaApplication *self)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (self->catalogue_path);

  g_application_hold (G_APPLICATION (self));
  g_file_load_bytes_async (file, NULL, catalogue_loaded_cb, g_object_ref (self));
}

static void sync_catalogue (HandlaApplication *self);

/* Problems talking to the supplier never stop the carer: what was shown
 * before stays, and the toast says what happened. */
static void
show_supplier_error (HandlaApplication *self,
                     const GError      *error)
{
  HandlaWindow *window = get_window (self);
  g_autofree char *title = NULL;

  g_warning ("Supplier: %s", error->message);
  if (window == NULL)
    return;

  /* Translators: %s says what went wrong talking to the supplier */
  title = g_strdup_printf (_("%s The products shown before are kept."), error->message);
  handla_window_add_toast (window, handla_toast_new (title));
}

static void
enrolled_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HandlaApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!handla_supplier_client_enrol_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error))
    show_supplier_error (self, error);
  else
    {
      handla_context_supplier_ready (self->context);
      sync_catalogue (self);
    }

  g_application_release (G_APPLICATION (self));
}

static void
catalogue_synced_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HandlaApplication) self = user_data;
  g_autoptr(HandlaCatalogueSyncResult) synced = NULL;
  g_autoptr(GError) error = NULL;

  synced = handla_supplier_client_sync_catalogue_finish (HANDLA_SUPPLIER_CLIENT (object), result, &error);

  /* Not enrolled (or no longer): enrol once with the code we were given. */
  if (g_error_matches (error, HANDLA_SUPPLIER_ERROR, HANDLA_SUPPLIER_ERROR_UNAUTHORIZED) &&
      self->enrolment_code != NULL && !self->enrolment_tried)
    {
      self->enrolment_tried = TRUE;
      g_application_hold (G_APPLICATION (self));
      handla_supplier_client_enrol_async (self->supplier, self->enrolment_code, g_get_host_name (),
                                          NULL, enrolled_cb, g_object_ref (self));
    }
  else if (error != NULL)
    show_supplier_error (self, error);
  else
    g_debug ("Catalogue sync: %u products", handla_catalogue_sync_result_get_n_products (synced));

  g_application_release (G_APPLICATION (self));
}

static void
sync_catalogue (HandlaApplication *self)
{
  g_application_hold (G_APPLICATION (self));
  handla_supplier_client_sync_catalogue_async (self->supplier, NULL,
                                               catalogue_synced_cb, g_object_ref (self));
}

static void
start_supplier (HandlaApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->secrets = handla_secrets_new ();
  self->supplier = handla_supplier_client_new (handla_context_get_catalogue (self->context),
                                               self->secrets,
                                               self->supplier_url,
                                               self->supplier_ca,
                                               NULL,
                                               &error);
  if (self->supplier == NULL)
    {
      show_supplier_error (self, error);
      return;
    }

  handla_context_set_supplier_client (self->context, self->supplier);
  sync_catalogue (self);
}

static int
handla_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  HandlaApplication *self = HANDLA_APPLICATION (app);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "handla", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "catalogue", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      self->catalogue_path = g_file_get_path (file);
    }

  g_variant_dict_lookup (options, "supplier", "s", &self->supplier_url);
  g_variant_dict_lookup (options, "enrolment-code", "s", &self->enrolment_code);
  if (g_variant_dict_lookup (options, "supplier-ca", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      self->supplier_ca = g_file_get_path (file);
    }

  return G_APPLICATION_CLASS (handla_application_parent_class)->handle_local_options (app, options);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  HandlaApplication *self = user_data;
  static const char *developers[] = { "The Handla developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("Handla"),
                        "developer-name", _("The Handla developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Order groceries together with home-care customers, in large print."),
                        "website", "https://github.com/handla/handla",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);

  /* The demo catalogue's food names come from an openly licensed data set
   * whose licence asks for this credit wherever the data is shown. */
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about),
                                      _("Demo catalogue"),
                                      _("Source: Livsmedelsverkets livsmedelsdatabas version 2022-05-24, Livsmedelsverket (the Swedish Food Agency)"),
                                      GTK_LICENSE_CUSTOM,
                                      _("The food names of the demo catalogue come from Livsmedelsverket’s food database, published under the Creative Commons Attribution 4.0 licence (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/). Brands, pack sizes, prices and offers are invented for the demo."));

  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
handla_application_startup (GApplication *app)
{
  HandlaApplication *self = HANDLA_APPLICATION (app);
  g_autofree char *path = database_path ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (handla_application_parent_class)->startup (app);

  /* UI.md, "Calm": no animation beyond short cross-fades. A blinking
   * cursor is one: GTK 4.8 fades it in and out in every frame, so the
   * window redraws at the display's rate while someone types, and each
   * new search result waits for the next of those frames
   * (docs/performance.md). */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);

  self->context = handla_context_new (path, NULL, settings);
}

static void
handla_application_activate (GApplication *app)
{
  HandlaApplication *self = HANDLA_APPLICATION (app);
  HandlaWindow *window = get_window (self);

  if (window == NULL)
    {
      window = handla_window_new (GTK_APPLICATION (self), self->context);
      if (g_getenv ("HANDLA_BENCH_EXIT_AFTER_FIRST_FRAME") != NULL)
        g_signal_connect_object (window, "realize", G_CALLBACK (bench_window_realized_cb),
                                 self, G_CONNECT_AFTER);

      if (self->catalogue_path != NULL)
        {
          gtk_window_present (GTK_WINDOW (window));
          import_catalogue (self);
          g_clear_pointer (&self->catalogue_path, g_free);
        }

      if (self->supplier_url != NULL)
        {
          gtk_window_present (GTK_WINDOW (window));
          start_supplier (self);
        }
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
handla_application_shutdown (GApplication *app)
{
  HandlaApplication *self = HANDLA_APPLICATION (app);

  G_APPLICATION_CLASS (handla_application_parent_class)->shutdown (app);

  /* Closing the store waits for every queued write: the basket is on disk. */
  if (self->context != NULL)
    handla_store_close (handla_context_get_store (self->context));
}

static void
handla_application_dispose (GObject *object)
{
  HandlaApplication *self = (HandlaApplication *)object;

  g_clear_object (&self->supplier);
  g_clear_object (&self->secrets);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (handla_application_parent_class)->dispose (object);
}

static void
handla_application_finalize (GObject *object)
{
  HandlaApplication *self = (HandlaApplication *)object;

  g_clear_pointer (&self->catalogue_path, g_free);
  g_clear_pointer (&self->supplier_url, g_free);
  g_clear_pointer (&self->supplier_ca, g_free);
  g_clear_pointer (&self->enrolment_code, g_free);

  G_OBJECT_CLASS (handla_application_parent_class)->finalize (object);
}

static void
handla_application_class_init (HandlaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = handla_application_dispose;
  object_class->finalize = handla_application_finalize;
  app_class->handle_local_options = handla_application_handle_local_options;
  app_class->startup = handla_application_startup;
  app_class->activate = handla_application_activate;
  app_class->shutdown = handla_application_shutdown;
}

static void
handla_application_init (HandlaApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Order groceries in home care, in large print."));
}

HandlaApplication *
handla_application_new (void)
{
  return g_object_new (HANDLA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * handla_application_get_context:
 * @self: a #HandlaApplication
 *
 * Returns: (transfer none) (nullable): the services, once started up
 */
HandlaContext *
handla_application_get_context (HandlaApplication *self)
{
  g_return_val_if_fail (HANDLA_IS_APPLICATION (self), NULL);

  return self->context;
}
