/* supplier-tls.c — the reference supplier's test CA and server certificate
 *
 * At first start, `openssl` makes a test CA and a server certificate for
 * 127.0.0.1 and localhost signed by it, in STATE/tls/. Later starts reuse
 * them. The files are made in a private temporary directory that is then
 * renamed into place, so a crash never leaves half a CA behind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "supplier-tls.h"

#include <errno.h>
#include <glib/gstdio.h>

static const char server_ext[] =
  "basicConstraints = critical, CA:FALSE\n"
  "keyUsage = critical, digitalSignature, keyEncipherment\n"
  "extendedKeyUsage = serverAuth\n"
  "subjectAltName = IP:127.0.0.1, DNS:localhost\n";

/* ---- helpers ------------------------------------------------------------ */

static gboolean
run_openssl (const char          *cwd,
             const char * const  *args,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autofree char *output = NULL;

  g_strv_builder_add (builder, "openssl");
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, error);
  if (process == NULL)
    {
      g_prefix_error (error, "Cannot run openssl (install the Debian package openssl): ");
      return FALSE;
    }
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "openssl %s failed: %s", args[0], output != NULL ? output : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
generate (const char  *dir,
          GError     **error)
{
  g_autofree char *ext_file = g_build_filename (dir, "server-ext.cnf", NULL);
  g_autofree char *serial = NULL;
  guint32 a = g_random_int (), b = g_random_int ();
  const char * const ca_args[] = {
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "3650",
    "-subj", "/O=Handla reference supplier/CN=Handla test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    NULL
  };
  const char * const csr_args[] = {
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
    "-nodes", "-keyout", "server-key.pem", "-out", "server.csr",
    "-subj", "/O=Handla reference supplier/CN=127.0.0.1",
    NULL
  };

  serial = g_strdup_printf ("0x%08x%08x", a & 0x7fffffff, b);
  {
    const char * const sign_args[] = {
      "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
      "-set_serial", serial, "-days", "825", "-sha256",
      "-extfile", "server-ext.cnf", "-out", "server.pem",
      NULL
    };

    if (!g_file_set_contents (ext_file, server_ext, -1, error) ||
        !run_openssl (dir, ca_args, error) ||
        !run_openssl (dir, csr_args, error) ||
        !run_openssl (dir, sign_args, error))
      return FALSE;
  }
  return TRUE;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* ---- public API --------------------------------------------------------- */

/* Returns the server certificate (with its key) to serve, and the path of
 * the CA file a client must trust. */
GTlsCertificate *
supplier_tls_ensure (const char  *state_dir,
                     char       **ca_file,
                     GError     **error)
{
  g_autofree char *tls_dir = g_build_filename (state_dir, "tls", NULL);
  g_autofree char *ca = g_build_filename (tls_dir, "ca.pem", NULL);
  g_autofree char *cert = g_build_filename (tls_dir, "server.pem", NULL);
  g_autofree char *key = g_build_filename (tls_dir, "server-key.pem", NULL);
  GTlsCertificate *certificate;

  if (!g_file_test (cert, G_FILE_TEST_EXISTS))
    {
      g_autofree char *tmp = g_build_filename (state_dir, "tls.tmp-XXXXXX", NULL);

      if (g_mkdtemp (tmp) == NULL)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Cannot make %s: %s", tmp, g_strerror (saved));
          return NULL;
        }
      if (!generate (tmp, error))
        {
          remove_dir (tmp);
          return NULL;
        }
      if (g_rename (tmp, tls_dir) != 0)
        {
          int saved = errno;

          remove_dir (tmp);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "Cannot rename %s: %s", tmp, g_strerror (saved));
          return NULL;
        }
      g_debug ("Made a test CA in %s", tls_dir);
    }

  certificate = g_tls_certificate_new_from_files (cert, key, error);
  if (certificate == NULL)
    return NULL;

  *ca_file = g_steal_pointer (&ca);
  return certificate;
}
