/* supplier-process.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#include "supplier-process.h"

/*
 * Shared by the integration tests: start the real handla-supplier (the
 * binary named by HANDLA_SUPPLIER) on a state directory and loopback port
 * 0, read its one ready line, and stop it with SIGTERM, checking that it
 * exits cleanly. No sleeps: the ready line is read as it comes.
 *
 * The contract suite sets HANDLA_CONTRACT_PRISM (the path of Prism's
 * `prism`) and HANDLA_CONTRACT_SPEC (docs/supplier-api.yaml). Then every
 * supplier gets a front of two more processes:
 *
 *   client --TLS--> socat --HTTP--> prism proxy --TLS--> handla-supplier
 *
 * Prism checks each request against the contract before it forwards it,
 * and each response before it passes it back; with --errors it answers a
 * violation itself (a 500 problem+json with an sl-violations header, or
 * its own 4xx for a request). Prism listens on plain HTTP only, so socat
 * puts TLS in front of it with the supplier's own server certificate:
 * the client still speaks HTTPS and trusts nothing but the test CA.
 * ready->url is socat's; ready->direct_url the supplier's, for /control/…
 * and for requests that break the protocol on purpose.
 *
 * Both print the port they listen on; a thread per process reads its
 * output, so the start waits for that line (with a deadline, never a
 * sleep). The thread also keeps Prism's lines that report a violation or
 * an error it answered itself; supplier_process_stop() fails the test if
 * there were any, whatever the client made of the answer.
 */

/* How long Prism (Node.js reading the contract) or socat may take to
 * start listening. */
#define HELPER_START_SECONDS 60

/* Prism's lines that mean the contract was broken: a violation it found
 * (logged as "Violation: …", also the warnings that only go into the
 * sl-violations header), an answer it made itself instead of the
 * supplier's ("Request terminated with error: …"), and anything else it
 * logs as a warning or an error. */
#define PRISM_PROBLEM \
  "Violation:|Request terminated with error|(✖|⚠)\\s+(error|warning|fatal)\\b"

/* A process of the contract suite's front, Prism or socat. A thread
 * reads its output to the end; the fields below the mutex are shared
 * with it. */
typedef struct
{
  char        *name;
  GSubprocess *process;
  gboolean     own_group;
  GRegex      *ready;
  GRegex      *problem;
  GThread     *reader;

  GMutex       mutex;
  GCond        cond;
  guint        port;
  gboolean     eof;
  GString     *log;
  GPtrArray   *problems;
} Helper;

struct _SupplierProcess
{
  GSubprocess *supplier;
  Helper      *prism;
  Helper      *socat;
};

/* The supplier dies with the test, even if the test is killed. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* socat forks a child for each connection: it gets a process group of
 * its own, so that stopping it stops them all. */
static void
group_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  setpgid (0, 0);
}

/* ---- helper processes of the contract suite ------------------------------ */

static gpointer
helper_read_thread (gpointer data)
{
  Helper *helper = data;
  g_autoptr(GDataInputStream) lines = NULL;
  char *line;

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper->process));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_mutex_lock (&helper->mutex);
      g_string_append_printf (helper->log, "%s\n", line);
      if (helper->port == 0 && g_regex_match (helper->ready, line, 0, &match))
        {
          g_autofree char *port = g_match_info_fetch (match, 1);

          helper->port = (guint) g_ascii_strtoull (port, NULL, 10);
          g_cond_broadcast (&helper->cond);
        }
      if (helper->problem != NULL && g_regex_match (helper->problem, line, 0, NULL))
        {
          g_ptr_array_add (helper->problems, g_strdup (line));
          /* At once, for a test that fails on the answer before it stops. */
          fprintf (stderr, "%s: %s\n", helper->name, line);
        }
      g_mutex_unlock (&helper->mutex);
      g_free (line);
    }

  g_mutex_lock (&helper->mutex);
  helper->eof = TRUE;
  g_cond_broadcast (&helper->cond);
  g_mutex_unlock (&helper->mutex);
  return NULL;
}

/* Starts @argv with stdout and stderr on one pipe, read by a thread.
 * @ready matches the line that says which port it listens on (the
 * port is its first group); @problem, if given, the lines to report. */
static Helper *
helper_start (const char         *name,
              const char * const *argv,
              const char * const *env,
              gboolean            own_group,
              const char         *ready,
              const char         *problem)
{
  Helper *helper = g_new0 (Helper, 1);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  helper->name = g_strdup (name);
  helper->own_group = own_group;
  helper->ready = g_regex_new (ready, G_REGEX_OPTIMIZE, 0, &error);
  g_assert_no_error (error);
  if (problem != NULL)
    {
      helper->problem = g_regex_new (problem, G_REGEX_OPTIMIZE, 0, &error);
      g_assert_no_error (error);
    }
  helper->problems = g_ptr_array_new_with_free_func (g_free);
  helper->log = g_string_new (NULL);
  g_mutex_init (&helper->mutex);
  g_cond_init (&helper->cond);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, own_group ? group_child_setup : child_setup,
                                         NULL, NULL);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  helper->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  helper->reader = g_thread_new (name, helper_read_thread, helper);
  return helper;
}

/* Waits until @helper says it listens, and returns its port. */
static guint
helper_wait_ready (Helper *helper)
{
  gint64 deadline = g_get_monotonic_time () + HELPER_START_SECONDS * G_TIME_SPAN_SECOND;
  guint port;

  g_mutex_lock (&helper->mutex);
  while (helper->port == 0 && !helper->eof)
    if (!g_cond_wait_until (&helper->cond, &helper->mutex, deadline))
      break;
  port = helper->port;
  if (port == 0)
    g_error ("%s did not start listening (%s); it said:\n%s", helper->name,
             helper->eof ? "it exited" : "timed out", helper->log->str);
  g_mutex_unlock (&helper->mutex);

  return port;
}

/* Stops @helper (SIGTERM; to its whole group if it has one), reads its
 * output to the end and returns the lines it reported. */
static GPtrArray *
helper_stop (Helper *helper)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (helper->own_group)
    {
      pid_t pid = (pid_t) g_ascii_strtoll (g_subprocess_get_identifier (helper->process),
                                           NULL, 10);

      g_assert_cmpint (pid, >, 1);
      kill (-pid, SIGTERM);
    }
  else
    {
      g_subprocess_send_signal (helper->process, SIGTERM);
    }
  g_subprocess_wait (helper->process, NULL, &error);
  g_assert_no_error (error);
  /* The pipe ends when the last of its writers (for socat, the last
   * forked child of the group) is gone. */
  g_thread_join (helper->reader);

  problems = g_steal_pointer (&helper->problems);
  g_clear_object (&helper->process);
  g_clear_pointer (&helper->ready, g_regex_unref);
  g_clear_pointer (&helper->problem, g_regex_unref);
  g_string_free (helper->log, TRUE);
  g_mutex_clear (&helper->mutex);
  g_cond_clear (&helper->cond);
  g_free (helper->name);
  g_free (helper);

  return problems;
}

/* Starts Prism in front of the supplier at @ready's direct_url, and
 * socat in front of Prism; sets ready->url to socat's. */
static void
contract_front_start (SupplierProcess *self,
                      SupplierReady   *ready)
{
  const char *prism = g_getenv ("HANDLA_CONTRACT_PRISM");
  const char *spec = g_getenv ("HANDLA_CONTRACT_SPEC");
  g_autofree char *socat = g_find_program_in_path ("socat");
  g_autofree char *tls_dir = g_path_get_dirname (ready->ca_file);
  g_autofree char *cert = g_build_filename (tls_dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (tls_dir, "server-key.pem", NULL);
  g_autofree char *listen = NULL;
  g_autofree char *connect = NULL;
  guint prism_port, socat_port;

  if (!g_file_test (prism, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("Prism is not at %s (./dev installs it with npm into build/npm)", prism);
  if (spec == NULL || !g_file_test (spec, G_FILE_TEST_IS_REGULAR))
    g_error ("HANDLA_CONTRACT_SPEC does not name the contract (docs/supplier-api.yaml)");
  if (socat == NULL)
    g_error ("socat is not installed (./dev installs the Debian package socat)");
  /* socat's address syntax has no quoting. */
  g_assert_null (strpbrk (tls_dir, ",:!"));

  {
    const char * const argv[] = {
      prism, "proxy", spec, ready->direct_url, "--errors",
      "--host", "127.0.0.1", "--port", "0", "--cors=false", "--multiprocess=false",
      NULL
    };
    const char * const env[] = {
      "NODE_EXTRA_CA_CERTS", ready->ca_file,  /* Prism trusts the supplier's test CA */
      "NO_COLOR", "1",
      "FORCE_COLOR", "0",
      NULL
    };

    self->prism = helper_start ("prism", argv, env, FALSE,
                                "Prism is listening on http://127\\.0\\.0\\.1:([0-9]+)",
                                PRISM_PROBLEM);
  }
  prism_port = helper_wait_ready (self->prism);

  listen = g_strdup_printf ("OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,"
                            "cert=%s,key=%s,verify=0", cert, key);
  connect = g_strdup_printf ("TCP:127.0.0.1:%u", prism_port);
  {
    const char * const argv[] = { socat, "-d", "-d", listen, connect, NULL };

    self->socat = helper_start ("socat", argv, NULL, TRUE,
                                "listening on AF=2 127\\.0\\.0\\.1:([0-9]+)", NULL);
  }
  socat_port = helper_wait_ready (self->socat);

  g_free (ready->url);
  ready->url = g_strdup_printf ("https://127.0.0.1:%u", socat_port);
}

/* ---- public API --------------------------------------------------------- */

void
supplier_ready_clear (SupplierReady *ready)
{
  g_clear_pointer (&ready->url, g_free);
  g_clear_pointer (&ready->direct_url, g_free);
  g_clear_pointer (&ready->ca_file, g_free);
  g_clear_pointer (&ready->enrolment_code, g_free);
}

/**
 * supplier_contract_mode:
 *
 * Returns: %TRUE in the contract suite, where the protocol's requests go
 *   through Prism
 */
gboolean
supplier_contract_mode (void)
{
  const char *prism = g_getenv ("HANDLA_CONTRACT_PRISM");

  return prism != NULL && *prism != '\0';
}

/**
 * supplier_contract_skip_reason:
 *
 * In the contract suite, when Prism is missing because ./dev could not
 * install it (it wrote why to HANDLA_CONTRACT_INSTALL_FAILED), says so.
 * Prism missing for any other reason is no skip: the start fails.
 *
 * Returns: (transfer full) (nullable): why the suite cannot run here, on
 *   one line, or %NULL
 */
char *
supplier_contract_skip_reason (void)
{
  const char *failed = g_getenv ("HANDLA_CONTRACT_INSTALL_FAILED");
  g_autofree char *why = NULL;

  if (!supplier_contract_mode () ||
      g_file_test (g_getenv ("HANDLA_CONTRACT_PRISM"), G_FILE_TEST_IS_EXECUTABLE) ||
      failed == NULL ||
      !g_file_get_contents (failed, &why, NULL, NULL))
    return NULL;

  g_strstrip (g_strdelimit (why, "\r\n", ' '));
  if (*why == '\0')
    return NULL;
  return g_strconcat ("Prism could not be installed here: ", why, NULL);
}

/**
 * supplier_process_start:
 * @state_dir: the supplier's --state directory
 * @extra_args: (nullable): more arguments, %NULL-terminated
 * @ready: (out caller-allocates): what the ready line said
 *
 * Returns: (transfer full): the running supplier (and in the contract
 *   suite, Prism and socat in front of it)
 */
SupplierProcess *
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
  SupplierProcess *self = g_new0 (SupplierProcess, 1);
  JsonObject *object;

  g_assert_nonnull (binary);

  g_strv_builder_add_many (builder, binary, "--state", state_dir, "--port", "0", NULL);
  if (extra_args != NULL)
    g_strv_builder_addv (builder, (const char **) extra_args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->supplier = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->supplier));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  object = json_node_get_object (json_parser_get_root (parser));

  supplier_ready_clear (ready);
  ready->direct_url = g_strdup (json_object_get_string_member (object, "url"));
  ready->ca_file = g_strdup (json_object_get_string_member (object, "ca_file"));
  ready->enrolment_code = g_strdup (json_object_get_string_member (object, "enrolment_code"));
  g_assert_true (g_str_has_prefix (ready->direct_url, "https://127.0.0.1:"));
  g_assert_true (g_path_is_absolute (ready->ca_file));
  g_assert_true (g_regex_match_simple ("^[A-Z0-9-]{6,40}$", ready->enrolment_code, 0, 0));
  ready->url = g_strdup (ready->direct_url);

  if (supplier_contract_mode ())
    contract_front_start (self, ready);

  return self;
}

/* Stops a helper; returns its problem lines, one per line of the text. */
static void
collect_problems (Helper  **helper,
                  GString  *problems)
{
  g_autoptr(GPtrArray) lines = NULL;

  if (*helper == NULL)
    return;
  lines = helper_stop (g_steal_pointer (helper));
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (problems, "\n  %s", (const char *) g_ptr_array_index (lines, i));
}

/**
 * supplier_process_stop:
 * @process: the supplier; cleared
 *
 * SIGTERM, then wait: the supplier must exit with status 0. In the
 * contract suite socat and Prism are stopped first, and the test fails
 * if Prism found any violation of the contract.
 */
void
supplier_process_stop (SupplierProcess **process)
{
  SupplierProcess *self = g_steal_pointer (process);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (self);
  collect_problems (&self->socat, problems);
  collect_problems (&self->prism, problems);

  g_subprocess_send_signal (self->supplier, SIGTERM);
  g_subprocess_wait (self->supplier, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (self->supplier));
  g_assert_cmpint (g_subprocess_get_exit_status (self->supplier), ==, 0);
  g_clear_object (&self->supplier);
  g_free (self);

  if (problems->len > 0)
    g_test_fail_printf ("Prism found violations of %s:%s",
                        g_getenv ("HANDLA_CONTRACT_SPEC"), problems->str);
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
