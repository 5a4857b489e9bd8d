/* handla-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "handla-secrets.h"

/*
 * The tablet token lives only in the Secret Service, through libsecret's
 * async password API (epiphany's pattern), under our own schema.
 *
 * The Secret Service does not treat attributes or labels as secret, so
 * they hold no personal data: one attribute, "key", whose value is
 * "supplier-token:gen<N>:<profile>" (GOA's versioned key). <profile> is
 * a hash of the supplier's base URL (handla_secrets_profile_for_url), and
 * raising KEY_GENERATION leaves every older item unread, so a change of
 * the token's format needs no migration.
 *
 * Tests use SECRET_BACKEND=file with SECRET_FILE_TEST_PATH and
 * SECRET_FILE_TEST_PASSWORD, and need neither D-Bus nor a keyring.
 */

#define KEY_GENERATION 1

struct _HandlaSecrets
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (HandlaSecrets, handla_secrets, G_TYPE_OBJECT)

/* The one attribute of every item: a versioned key over the profile. */
static GHashTable *
attributes_for_profile (const char *profile)
{
  GHashTable *attributes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (attributes, (gpointer)"key",
                       g_strdup_printf ("supplier-token:gen%d:%s", KEY_GENERATION, profile));

  return attributes;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token;

  token = secret_password_lookup_nonpageable_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, token, (GDestroyNotify)secret_password_free);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error: there was nothing to clear, which is fine. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
handla_secrets_class_init (HandlaSecretsClass *klass)
{
}

static void
handla_secrets_init (HandlaSecrets *self)
{
}

/**
 * handla_secrets_get_schema:
 *
 * Returns: (transfer none): Handla's schema for the supplier token
 */
const SecretSchema *
handla_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.handla.Handla.SupplierToken",
    SECRET_SCHEMA_DONT_MATCH_NAME,
    {
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/**
 * handla_secrets_profile_for_url:
 * @base_url: the supplier's base URL
 *
 * Names a supplier profile in the keyring without saying which supplier:
 * the SHA-256 of the base URL, without a trailing slash and with the
 * scheme and host in lower case.
 *
 * Returns: (transfer full): the profile id
 */
char *
handla_secrets_profile_for_url (const char *base_url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL)
    {
      g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
      g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri) ? g_uri_get_host (uri) : "", -1);
      const char *path = g_uri_get_path (uri);

      normal = g_strdup_printf ("%s://%s:%d%s", scheme, host, g_uri_get_port (uri), path);
    }
  else
    normal = g_strdup (base_url);

  while (g_str_has_suffix (normal, "/"))
    normal[strlen (normal) - 1] = '\0';

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, normal, -1);
}

HandlaSecrets *
handla_secrets_new (void)
{
  return g_object_new (HANDLA_TYPE_SECRETS, NULL);
}

/**
 * handla_secrets_store_token_async:
 * @self: a #HandlaSecrets
 * @profile: the supplier profile (handla_secrets_profile_for_url())
 * @token: the tablet token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the token is stored
 * @user_data: passed to @callback
 *
 * Stores @token for @profile, replacing any older one.
 */
void
handla_secrets_store_token_async (HandlaSecrets       *self,
                                  const char          *profile,
                                  const char          *token,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (HANDLA_IS_SECRETS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_secrets_store_token_async);

  attributes = attributes_for_profile (profile);

  secret_password_storev (handla_secrets_get_schema (),
                          attributes,
                          SECRET_COLLECTION_DEFAULT,
                          /* Translators: the name of the tablet token in a keyring manager */
                          _("Handla tablet token"),
                          token,
                          cancellable,
                          stored_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_secrets_store_token_finish (HandlaSecrets  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (HANDLA_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * handla_secrets_lookup_token_async:
 * @self: a #HandlaSecrets
 * @profile: the supplier profile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the token
 * @user_data: passed to @callback
 *
 * Looks up the token of @profile.
 */
void
handla_secrets_lookup_token_async (HandlaSecrets       *self,
                                   const char          *profile,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (HANDLA_IS_SECRETS (self));
  g_return_if_fail (profile != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_secrets_lookup_token_async);

  attributes = attributes_for_profile (profile);

  secret_password_lookupv (handla_secrets_get_schema (),
                           attributes,
                           cancellable,
                           looked_up_cb,
                           g_steal_pointer (&task));
}

/**
 * handla_secrets_lookup_token_finish:
 * @self: a #HandlaSecrets
 * @result: the #GAsyncResult
 * @error: return location for an error (a locked or missing keyring)
 *
 * Returns: (transfer full) (nullable): the token, to be freed with
 *   secret_password_free(); %NULL without an error if there is none
 */
char *
handla_secrets_lookup_token_finish (HandlaSecrets  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (HANDLA_IS_SECRETS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * handla_secrets_clear_token_async:
 * @self: a #HandlaSecrets
 * @profile: the supplier profile
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: passed to @callback
 *
 * Removes the token of @profile; succeeds if there was none.
 */
void
handla_secrets_clear_token_async (HandlaSecrets       *self,
                                  const char          *profile,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (HANDLA_IS_SECRETS (self));
  g_return_if_fail (profile != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, handla_secrets_clear_token_async);

  attributes = attributes_for_profile (profile);

  secret_password_clearv (handla_secrets_get_schema (),
                          attributes,
                          cancellable,
                          cleared_cb,
                          g_steal_pointer (&task));
}

gboolean
handla_secrets_clear_token_finish (HandlaSecrets  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (HANDLA_IS_SECRETS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
