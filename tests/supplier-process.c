/* supplier-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sys/prctl.h>

#include "supplier-process.h"

/*
 * Shared by the integration tests: start the real handla-supplier (the
 * binary named by HANDLA_SUPPLIER) on a state directory and loopback port
 * 0, read its one ready line, and stop it with SIGTERM, checking that it
 * exits cleanly. No sleeps: the ready line is read as it comes.
 */

/* The supplier dies with the test, even if the test is killed. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

void
supplier_ready_clear (SupplierReady *ready)
{
  g_clear_pointer (&ready->url, g_free);
  g_clear_pointer (&ready->ca_file, g_free);
  g_clear_pointer (&ready->enrolment_code, g_free);
}

/**
 * supplier_process_start:
 * @state_dir: the supplier's --state directory
 * @extra_args: (nullable): more arguments, %NULL-terminated
 * @ready: (out caller-allocates): what the ready line said
 *
 * Returns: (transfer full): the running supplier
 */
GSubprocess *
supplier_process_start (const char         *state_dir,
                        const char * const *extra_args,
                        SupplierReady      *ready)
{
  const char *binary = g_getenv ("HANDLA_SUPPLIER");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  JsonObject *object;

  g_assert_nonnull (binary);

  g_strv_builder_add_many (builder, binary, "--state", state_dir, "--port", "0", NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));

  supplier_ready_clear (ready);
  ready->url = g_strdup (json_object_get_string_member (object, "url"));
  ready->ca_file = g_strdup (json_object_get_string_member (object, "ca_file"));
  ready->enrolment_code = g_strdup (json_object_get_string_member (object, "enrolment_code"));
  g_assert_true (g_str_has_prefix (ready->url, "https://127.0.0.1:"));
  g_assert_true (g_path_is_absolute (ready->ca_file));
  g_assert_true (g_regex_match_simple ("^[A-Z0-9-]{6,40}$", ready->enrolment_code, 0, 0));

  return process;
}

/**
 * supplier_process_stop:
 * @process: the supplier; cleared
 *
 * SIGTERM, then wait: the supplier must exit with status 0.
 */
void
supplier_process_stop (GSubprocess **process)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (*process);
  g_subprocess_send_signal (*process, SIGTERM);
  g_subprocess_wait (*process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (*process));
  g_assert_cmpint (g_subprocess_get_exit_status (*process), ==, 0);
  g_clear_object (process);
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}
