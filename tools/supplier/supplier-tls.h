/* supplier-tls.h — the reference supplier's test CA and server certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GTlsCertificate *supplier_tls_ensure (const char  *state_dir,
                                      char       **ca_file,
                                      GError     **error);

G_END_DECLS
