/* outbox-child.c — the tablet side of the crash test (test-outbox-crash.c)
 *
 *   outbox-child DB URL CA_FILE FLOW KILL_AFTER
 *
 * Fills customer c-1001's basket, sends it as an order through the
 * outbox and runs the outbox until the supplier has it; with FLOW
 * "change" it then changes the order (12 avocados) and cancels it. Every
 * step looks at the store first, so a run after a crash goes on from
 * where the last one stopped and never does a step twice.
 *
 * With KILL_AFTER > 0 the process SIGKILLs itself at its KILL_AFTER-th
 * write, truncate or sync of the database (a VFS that wraps SQLite's
 * default one and counts), before that operation happens. The keyring
 * comes from the environment (SECRET_BACKEND=file); the network monitor
 * says the network is there; time is a fake HandlaClock that is moved to
 * each next try instead of waiting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "outbox-test-util.h"
#include "test-monitor.h"

#define CUSTOMER     "c-1001"
#define SUPPLIER_NOW "2026-01-12T09:00:00+01:00"

static const struct {
  const char *product_id;
  guint       quantity;
} basket[] = {
  { "lv320-2", 10 },    /* avocados */
  { "lv551-1", 2000 },  /* oranges, grams */
  { "lv2218-1", 2 },    /* drinks */
};

/* ---- a VFS that dies at the N-th write ------------------------------------ */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;  /* the default VFS's file, right after this struct */
} CountingFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs counting_vfs;
static guint64 n_operations;
static guint64 kill_after;

static void
count_operation (void)
{
  if (++n_operations == kill_after)
    raise (SIGKILL);
}

#define REAL(file) (((CountingFile *)(file))->real)

static int
counting_close (sqlite3_file *file)
{
  return REAL (file)->pMethods->xClose (REAL (file));
}

static int
counting_read (sqlite3_file      *file,
               void              *buffer,
               int                amount,
               sqlite3_int64      offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
counting_write (sqlite3_file      *file,
                const void        *buffer,
                int                amount,
                sqlite3_int64      offset)
{
  count_operation ();
  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
counting_truncate (sqlite3_file  *file,
                   sqlite3_int64  size)
{
  count_operation ();
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
counting_sync (sqlite3_file *file,
               int           flags)
{
  count_operation ();
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
counting_file_size (sqlite3_file  *file,
                    sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
counting_lock (sqlite3_file *file,
               int           lock)
{
  return REAL (file)->pMethods->xLock (REAL (file), lock);
}

static int
counting_unlock (sqlite3_file *file,
                 int           lock)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), lock);
}

static int
counting_check_reserved_lock (sqlite3_file *file,
                              int          *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
counting_file_control (sqlite3_file *file,
                       int           op,
                       void         *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
counting_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
counting_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
counting_shm_map (sqlite3_file  *file,
                  int            region,
                  int            size,
                  int            extend,
                  void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), region, size, extend, out);
}

static int
counting_shm_lock (sqlite3_file *file,
                   int           offset,
                   int           n,
                   int           flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
counting_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
counting_shm_unmap (sqlite3_file *file,
                    int           delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
counting_fetch (sqlite3_file   *file,
                sqlite3_int64   offset,
                int             amount,
                void          **out)
{
  return REAL (file)->pMethods->xFetch (REAL (file), offset, amount, out);
}

static int
counting_unfetch (sqlite3_file  *file,
                  sqlite3_int64  offset,
                  void          *page)
{
  return REAL (file)->pMethods->xUnfetch (REAL (file), offset, page);
}

static const sqlite3_io_methods counting_methods = {
  .iVersion = 3,
  .xClose = counting_close,
  .xRead = counting_read,
  .xWrite = counting_write,
  .xTruncate = counting_truncate,
  .xSync = counting_sync,
  .xFileSize = counting_file_size,
  .xLock = counting_lock,
  .xUnlock = counting_unlock,
  .xCheckReservedLock = counting_check_reserved_lock,
  .xFileControl = counting_file_control,
  .xSectorSize = counting_sector_size,
  .xDeviceCharacteristics = counting_device_characteristics,
  .xShmMap = counting_shm_map,
  .xShmLock = counting_shm_lock,
  .xShmBarrier = counting_shm_barrier,
  .xShmUnmap = counting_shm_unmap,
  .xFetch = counting_fetch,
  .xUnfetch = counting_unfetch,
};

static int
counting_open (sqlite3_vfs  *vfs,
               const char   *name,
               sqlite3_file *file,
               int           flags,
               int          *out_flags)
{
  CountingFile *counting = (CountingFile *)file;
  int rc;

  counting->real = (sqlite3_file *)&counting[1];
  rc = real_vfs->xOpen (real_vfs, name, counting->real, flags, out_flags);
  /* SQLite closes a file whose methods are set, also after a failure. */
  file->pMethods = counting->real->pMethods != NULL ? &counting_methods : NULL;

  return rc;
}

/* Every connection opened from now on counts its writes. */
static void
install_counting_vfs (guint64 limit)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 3);

  counting_vfs = *real_vfs;
  counting_vfs.pNext = NULL;
  counting_vfs.zName = "handla-counting";
  counting_vfs.szOsFile = (int)sizeof (CountingFile) + real_vfs->szOsFile;
  counting_vfs.xOpen = counting_open;
  kill_after = limit;
  g_assert_cmpint (sqlite3_vfs_register (&counting_vfs, 1), ==, SQLITE_OK);
}

/* ---- the tablet ---------------------------------------------------------------- */

typedef struct
{
  HandlaClock          *clock;
  HandlaStore          *store;
  HandlaCatalogue      *catalogue;
  HandlaBasket         *basket;
  HandlaOrders         *orders;
  HandlaSecrets        *secrets;
  GNetworkMonitor      *monitor;
  HandlaSupplierClient *client;
} Tablet;

static HandlaOrder *
the_order (Tablet *tablet)
{
  GListModel *model = G_LIST_MODEL (tablet->orders);

  g_assert_cmpuint (g_list_model_get_n_items (model), <=, 1);
  if (g_list_model_get_n_items (model) == 0)
    return NULL;

  return g_list_model_get_item (model, 0);
}

/* Runs the outbox until nothing is left to send for the order, moving
 * the clock to each next try. */
static void
run_outbox (Tablet      *tablet,
            HandlaOrder *order)
{
  for (;;)
    {
      wait_until_idle (tablet->orders);
      g_assert_cmpint (handla_order_get_state (order), !=, HANDLA_ORDER_STATE_NEEDS_ATTENTION);
      if (handla_order_get_state (order) == HANDLA_ORDER_STATE_SENT &&
          !handla_order_get_change_pending (order))
        return;

      if (handla_order_get_next_try (order) != NULL)
        handla_clock_set_now (tablet->clock, handla_order_get_next_try (order));
      else
        handla_orders_send_now (tablet->orders);
    }
}

static HandlaOrder *
send_the_basket (Tablet *tablet)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-01-15T10:00:00+01:00", NULL);
  g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 ("2026-01-15T14:00:00+01:00", NULL);
  g_autoptr(GDateTime) cutoff = g_date_time_new_from_iso8601 ("2026-01-14T12:00:00+01:00", NULL);
  g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_ON_BEHALF,
                                                              "ssk-1187");
  g_autoptr(GError) error = NULL;
  HandlaOrder *order;

  for (guint i = 0; i < G_N_ELEMENTS (basket); i++)
    if (handla_basket_get_quantity (tablet->basket, basket[i].product_id) != basket[i].quantity)
      put_in_basket (tablet->basket, tablet->catalogue, basket[i].product_id, basket[i].quantity);

  handla_order_draft_set_slot (draft, "s-20260115-1014", NULL, start, end, cutoff);
  handla_order_draft_set_notes (draft, FALSE, TRUE, NULL, "Ring på.");
  order = send_basket (tablet->orders, tablet->basket, draft, &error);
  g_assert_no_error (error);

  return order;
}

static guint
stored_avocados (Tablet *tablet)
{
  g_autofree char *quantity = query_text (tablet->store,
                                          "SELECT quantity FROM order_line"
                                          " WHERE product_id = 'lv320-2'");

  return (guint)g_ascii_strtoull (quantity, NULL, 10);
}

/* Twelve avocados instead of ten, then the order is cancelled. */
static void
change_and_cancel (Tablet      *tablet,
                   HandlaOrder *order)
{
  g_autoptr(GError) error = NULL;

  if (stored_avocados (tablet) != 12 && !handla_order_get_change_pending (order) &&
      g_strcmp0 (handla_order_get_status (order), "cancelled") != 0)
    {
      g_autoptr(HandlaOrderDraft) draft = handla_order_draft_new (HANDLA_ORDER_MODE_ON_BEHALF,
                                                                  "ssk-1187");

      handla_order_draft_set_line_quantity (draft, "lv320-2", 12);
      g_assert_true (change_order (tablet->orders, order, draft, &error));
      g_assert_no_error (error);
      run_outbox (tablet, order);
    }

  if (g_strcmp0 (handla_order_get_status (order), "cancelled") != 0 &&
      !handla_order_get_change_pending (order))
    {
      g_assert_true (cancel_order (tablet->orders, order, &error));
      g_assert_no_error (error);
      run_outbox (tablet, order);
    }

  g_assert_cmpstr (handla_order_get_status (order), ==, "cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (SUPPLIER_NOW, NULL);
  g_autoptr(HandlaOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  Tablet tablet = { NULL, };
  const char *flow;

  if (argc != 6)
    {
      g_printerr ("Usage: %s DB URL CA_FILE plain|change KILL_AFTER\n", argv[0]);
      return 2;
    }
  flow = argv[4];
  install_counting_vfs (g_ascii_strtoull (argv[5], NULL, 10));

  tablet.clock = handla_clock_new_fake (now);
  open_tablet (argv[1], tablet.clock, CUSTOMER, &tablet.store, &tablet.catalogue, &tablet.basket,
               &tablet.orders);
  reload_basket (tablet.basket);
  load_orders (tablet.orders);

  tablet.secrets = handla_secrets_new ();
  tablet.monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  tablet.client = handla_supplier_client_new (tablet.catalogue, tablet.secrets, argv[2], argv[3],
                                              tablet.monitor, &error);
  g_assert_no_error (error);

  order = the_order (&tablet);
  if (order == NULL)
    order = send_the_basket (&tablet);

  handla_orders_set_client (tablet.orders, tablet.client);
  run_outbox (&tablet, order);
  if (g_str_equal (flow, "change"))
    change_and_cancel (&tablet, order);

  g_clear_object (&order);
  handla_orders_set_client (tablet.orders, NULL);
  g_assert_finalize_object (tablet.client);
  close_tablet (&tablet.store, &tablet.catalogue, &tablet.basket, &tablet.orders);
  g_object_unref (tablet.monitor);
  g_object_unref (tablet.secrets);
  g_object_unref (tablet.clock);

  return 0;
}
