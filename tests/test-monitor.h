/* test-monitor.h — a GNetworkMonitor the test switches on and off
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_TYPE_MONITOR (test_monitor_get_type ())

G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

TestMonitor *test_monitor_new           (void);
void         test_monitor_set_available (TestMonitor *self,
                                         gboolean     available);

G_END_DECLS
