/* outbox-supplier.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "outbox-supplier.h"

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

void
enrol_client (HandlaSupplierClient *client,
              const char           *code)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  handla_supplier_client_enrol_async (client, code, "Surfplatta 1", NULL, call_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  handla_supplier_client_enrol_finish (client, result, &error);
  g_assert_no_error (error);
}

/* The token the client enrolled with at @url; free it with
 * secret_password_free(). */
char *
lookup_client_token (HandlaSecrets *secrets,
                     const char    *url)
{
  g_autofree char *profile = handla_secrets_profile_for_url (url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  handla_secrets_lookup_token_async (secrets, profile, NULL, call_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = handla_secrets_lookup_token_finish (secrets, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (token);

  return token;
}

/* The demo catalogue (HANDLA_DEMO_CATALOGUE), the supplier's own, into
 * the tablet's @catalogue. */
void
import_demo_catalogue (HandlaCatalogue *catalogue)
{
  const char *path = g_getenv ("HANDLA_DEMO_CATALOGUE");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new_take (contents, length);
  g_assert_true (handla_catalogue_import_sync (catalogue, bytes, NULL, &error));
  g_assert_no_error (error);
}
