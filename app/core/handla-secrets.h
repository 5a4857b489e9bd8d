/* handla-secrets.h — the tablet's supplier token in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define HANDLA_TYPE_SECRETS (handla_secrets_get_type ())

G_DECLARE_FINAL_TYPE (HandlaSecrets, handla_secrets, HANDLA, SECRETS, GObject)

const SecretSchema *handla_secrets_get_schema          (void);
char               *handla_secrets_profile_for_url     (const char           *base_url);

HandlaSecrets      *handla_secrets_new                 (void);
void                handla_secrets_store_token_async   (HandlaSecrets        *self,
                                                        const char           *profile,
                                                        const char           *token,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            handla_secrets_store_token_finish  (HandlaSecrets        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                handla_secrets_lookup_token_async  (HandlaSecrets        *self,
                                                        const char           *profile,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char               *handla_secrets_lookup_token_finish (HandlaSecrets        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
void                handla_secrets_clear_token_async   (HandlaSecrets        *self,
                                                        const char           *profile,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean            handla_secrets_clear_token_finish  (HandlaSecrets        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
