/* handla-sql.h — small helpers for the database thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean      handla_sql_exec        (sqlite3       *db,
                                      const char    *sql,
                                      GError       **error);
sqlite3_stmt *handla_sql_prepare     (sqlite3       *db,
                                      const char    *sql,
                                      GError       **error);
gboolean      handla_sql_step_done   (sqlite3_stmt  *stmt,
                                      GError       **error);
void          handla_sql_set_error   (sqlite3       *db,
                                      GError       **error);
gboolean      handla_sql_begin       (sqlite3       *db,
                                      GError       **error);
gboolean      handla_sql_commit      (sqlite3       *db,
                                      GError       **error);
void          handla_sql_rollback    (sqlite3       *db);
const char   *handla_sql_column_text (sqlite3_stmt  *stmt,
                                      int            column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
