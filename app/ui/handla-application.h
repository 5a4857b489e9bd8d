/* handla-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "handla-core.h"

G_BEGIN_DECLS

#define HANDLA_TYPE_APPLICATION (handla_application_get_type ())

G_DECLARE_FINAL_TYPE (HandlaApplication, handla_application, HANDLA, APPLICATION, AdwApplication)

HandlaApplication *handla_application_new         (void);
HandlaContext     *handla_application_get_context (HandlaApplication *self);

G_END_DECLS
