/* handla-sql.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "handla-sql.h"
#include "handla-store.h"

/*
 * Small helpers for code that runs on the database thread. Every failure
 * becomes a HANDLA_STORE_ERROR_SQL GError carrying SQLite's own message.
 * handla_sql_exec() is for constant SQL only; anything with a value in it
 * goes through handla_sql_prepare() and sqlite3_bind_*().
 */

/**
 * handla_sql_set_error:
 * @db: the connection that failed
 * @error: return location for an error
 *
 * Sets @error from the last error of @db.
 */
void
handla_sql_set_error (sqlite3  *db,
                      GError  **error)
{
  g_set_error (error,
               HANDLA_STORE_ERROR,
               HANDLA_STORE_ERROR_SQL,
               "%s (SQLite error %d)",
               sqlite3_errmsg (db),
               sqlite3_extended_errcode (db));
}

/**
 * handla_sql_exec:
 * @db: an open connection
 * @sql: one or more constant SQL statements
 * @error: return location for an error
 *
 * Runs @sql, ignoring any rows it returns.
 *
 * Returns: %TRUE on success
 */
gboolean
handla_sql_exec (sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  char *message = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_SQL,
                   "%s (SQLite error %d)",
                   message != NULL ? message : sqlite3_errstr (rc),
                   rc);
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

/**
 * handla_sql_prepare:
 * @db: an open connection
 * @sql: one SQL statement, with `?` for every value
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the prepared statement, or %NULL
 *   with @error set
 */
sqlite3_stmt *
handla_sql_prepare (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      handla_sql_set_error (db, error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  return stmt;
}

/**
 * handla_sql_step_done:
 * @stmt: a statement that returns no rows
 * @error: return location for an error
 *
 * Steps @stmt once and expects it to finish.
 *
 * Returns: %TRUE if the statement ran to completion
 */
gboolean
handla_sql_step_done (sqlite3_stmt  *stmt,
                      GError       **error)
{
  int rc;

  g_return_val_if_fail (stmt != NULL, FALSE);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  if (rc == SQLITE_ROW)
    {
      g_set_error (error,
                   HANDLA_STORE_ERROR,
                   HANDLA_STORE_ERROR_SQL,
                   "Statement returned a row where none was expected: %s",
                   sqlite3_sql (stmt));
      return FALSE;
    }

  handla_sql_set_error (sqlite3_db_handle (stmt), error);
  return FALSE;
}

/**
 * handla_sql_begin:
 * @db: an open connection
 * @error: return location for an error
 *
 * Starts a write transaction at once (BEGIN IMMEDIATE), so a busy database
 * fails here rather than half-way through.
 *
 * Returns: %TRUE on success
 */
gboolean
handla_sql_begin (sqlite3  *db,
                  GError  **error)
{
  return handla_sql_exec (db, "BEGIN IMMEDIATE", error);
}

/**
 * handla_sql_commit:
 * @db: an open connection inside a transaction
 * @error: return location for an error
 *
 * Returns: %TRUE on success. On failure the transaction is rolled back.
 */
gboolean
handla_sql_commit (sqlite3  *db,
                   GError  **error)
{
  if (!handla_sql_exec (db, "COMMIT", error))
    {
      handla_sql_rollback (db);
      return FALSE;
    }

  return TRUE;
}

/**
 * handla_sql_rollback:
 * @db: an open connection
 *
 * Rolls back the open transaction, if there is one.
 */
void
handla_sql_rollback (sqlite3 *db)
{
  g_return_if_fail (db != NULL);

  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * handla_sql_column_text:
 * @stmt: a statement on a row
 * @column: the column, from 0
 *
 * Returns: (nullable): the column as UTF-8 text, or %NULL for SQL NULL;
 *   valid until the next step, reset or finalize of @stmt
 */
const char *
handla_sql_column_text (sqlite3_stmt *stmt,
                        int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}
