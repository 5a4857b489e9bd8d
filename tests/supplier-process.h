/* supplier-process.h — the real handla-supplier, run by integration tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *url;
  char *ca_file;
  char *enrolment_code;
} SupplierReady;

GSubprocess *supplier_process_start (const char         *state_dir,
                                     const char * const *extra_args,
                                     SupplierReady      *ready);
void         supplier_process_stop  (GSubprocess       **process);
void         supplier_ready_clear   (SupplierReady      *ready);
void         remove_tree            (const char         *path);

G_END_DECLS
