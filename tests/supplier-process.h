/* supplier-process.h — the real handla-supplier, run by integration tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  /* Where the protocol's requests go: the supplier itself, or in the
   * contract suite the TLS front of Prism in front of it. */
  char *url;
  /* The supplier itself, never through Prism: for its test-only
   * /control/… endpoints and for requests that break the protocol on
   * purpose. The same as url outside the contract suite. */
  char *direct_url;
  char *ca_file;
  char *enrolment_code;
} SupplierReady;

typedef struct _SupplierProcess SupplierProcess;

SupplierProcess *supplier_process_start       (const char         *state_dir,
                                               const char * const *extra_args,
                                               SupplierReady      *ready);
void             supplier_process_stop        (SupplierProcess   **process);
void             supplier_ready_clear         (SupplierReady      *ready);
gboolean         supplier_contract_mode       (void);
char            *supplier_contract_skip_reason (void);
void             remove_tree                  (const char         *path);

G_END_DECLS
