/* handla-catalogue-search.h — product search on the database thread (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "handla-catalogue.h"

G_BEGIN_DECLS

typedef struct
{
  const char *text;          /* what the person typed */
  const char *customer_id;   /* (nullable) whose past orders break ties */
  const char *today;         /* YYYY-MM-DD in Europe/Stockholm, for offers */
  guint       limit;         /* 0 for HANDLA_CATALOGUE_SEARCH_LIMIT */
} HandlaSearchQuery;

GPtrArray *_handla_catalogue_search (sqlite3                  *db,
                                     const HandlaSearchQuery  *query,
                                     GError                  **error);

G_END_DECLS
