/* handla-store-private.h — shared between the store and its migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "handla-store.h"

G_BEGIN_DECLS

int      _handla_store_read_user_version (sqlite3  *db,
                                          GError  **error);
gboolean _handla_store_migrate           (sqlite3  *db,
                                          GError  **error);
const char *_handla_store_get_migration  (int       version);
gboolean _handla_store_pause_search_index   (sqlite3   *db,
                                             gboolean   paused,
                                             GError   **error);
gboolean _handla_store_rebuild_search_index (sqlite3   *db,
                                             GError   **error);

G_END_DECLS
