/* test-util.h — shared by the core tests; include it once per test program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/*
 * Sanitizer hooks, read only when the test is built with
 * -Db_sanitize=address; the variables in ASAN_OPTIONS and LSAN_OPTIONS
 * still override them.
 *
 * Debian's GLib has no frame pointers, so LeakSanitizer's fast unwinder
 * stops at g_malloc() and no suppression can match a GLib frame. And
 * G_TEST_OPTION_ISOLATE_DIRS makes GLib 2.74 keep the old XDG strings of
 * every test alive on purpose (g_set_user_dirs()); that is the one leak
 * suppressed here, as in tests/lsan.supp.
 */

const char *__asan_default_options (void);
const char *__lsan_default_suppressions (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:g_set_user_dirs\n";
}
