/* handla-basket-sync-private.h — the basket sync's work on the database
 * thread, shared with the basket and the order outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "handla-basket-merge-private.h"

G_BEGIN_DECLS

/*
 * Every function here runs on the database thread (inside a
 * HandlaStoreJob). Those named _in_transaction expect the caller's open
 * transaction; the others open and commit their own.
 */

/*
 * HandlaBasketSnapshot: one customer's basket as the sync sees it.
 *
 * @etag: (nullable): the supplier's version the base is; NULL before the
 *   first sync
 * @version: the local version @entries are (bumped by every local change)
 * @dirty: the supplier does not have @version yet
 * @entries: the local lines (in basket order), then the tombstones
 * @merge: (nullable): after _handla_basket_sync_merge(), what it changed
 */
typedef struct
{
  char              *etag;
  gint64             version;
  gboolean           dirty;
  GPtrArray         *entries;
  HandlaBasketMerge *merge;
} HandlaBasketSnapshot;

void                  _handla_basket_snapshot_free                  (HandlaBasketSnapshot  *snapshot);

gboolean              _handla_basket_note_change_in_transaction     (sqlite3               *db,
                                                                     const char            *customer_id,
                                                                     const char            *product_id,
                                                                     gboolean               removed,
                                                                     const char            *changed_at,
                                                                     GError               **error);
gboolean              _handla_basket_tombstone_lines_in_transaction (sqlite3               *db,
                                                                     const char            *customer_id,
                                                                     const char * const    *product_ids,
                                                                     const char            *now_rfc3339,
                                                                     GError               **error);

HandlaBasketSnapshot *_handla_basket_sync_read                      (sqlite3               *db,
                                                                     const char            *customer_id,
                                                                     GError               **error);
HandlaBasketSnapshot *_handla_basket_sync_merge                     (sqlite3               *db,
                                                                     const char            *customer_id,
                                                                     GPtrArray             *remote,
                                                                     const char            *remote_etag,
                                                                     GError               **error);
gboolean              _handla_basket_sync_commit_push               (sqlite3               *db,
                                                                     const char            *customer_id,
                                                                     GPtrArray             *stored,
                                                                     const char            *etag,
                                                                     gint64                 version,
                                                                     gboolean              *still_dirty,
                                                                     GError               **error);
GStrv                 _handla_basket_sync_list_dirty                (sqlite3               *db,
                                                                     GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaBasketSnapshot, _handla_basket_snapshot_free)

G_END_DECLS
