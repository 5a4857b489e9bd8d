/* handla-catalogue-document.h — a parsed, validated catalogue document (private)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Everything is owned by the document. Absent text is NULL; absent
 * amounts are -1 (position, comparison and offer price) or 0 (pant,
 * popularity). */
typedef struct
{
  char   *id;
  char   *name;
  char   *icon;
  gint64  position;
} HandlaDocumentCategory;

typedef struct
{
  char   *id;
  char   *name;
  char   *brand;
  char   *size;
  char   *ean;
  char   *category_id;
  gint64  price_ore;
  char   *sold_by;               /* "piece" or "weight" */
  gint64  comparison_price_ore;
  char   *comparison_unit;       /* "kg", "l" or "st"; NULL without comparison */
  gint64  pant_ore;
  char   *labels;                /* space-separated codes, "" for none */
  char   *allergens;             /* space-separated codes, "" for none */
  char   *origin;
  char   *ingredients;
  char   *image_url;
  gint64  offer_price_ore;
  char   *offer_text;
  char   *offer_valid_to;
  gint64  popularity;
} HandlaDocumentProduct;

typedef enum {
  HANDLA_CATALOGUE_DOCUMENT_FULL,   /* a whole catalogue, or one page of a full listing */
  HANDLA_CATALOGUE_DOCUMENT_DELTA,  /* handla-catalogue-delta: changes after a cursor */
} HandlaCatalogueDocumentKind;

typedef struct
{
  HandlaCatalogueDocumentKind kind;
  char      *supplier_id;
  char      *supplier_name;
  char      *generated_at;
  char      *credit;
  GPtrArray *categories;         /* of HandlaDocumentCategory */
  GPtrArray *products;           /* of HandlaDocumentProduct */

  /* Only in the supplier's responses (docs/supplier-api.yaml) */
  char      *cursor;             /* required in a response */
  char      *since;              /* deltas only */
  char      *next_page;          /* NULL on the last page */
  GPtrArray *deleted_product_ids;   /* of char *; deltas only, else empty */
  GPtrArray *deleted_category_ids;  /* of char *; deltas only, else empty */
} HandlaCatalogueDocument;

HandlaCatalogueDocument *_handla_catalogue_document_parse (GBytes                   *bytes,
                                                           GError                  **error);
HandlaCatalogueDocument *_handla_catalogue_document_parse_page (GBytes            *bytes,
                                                                GError           **error);
gboolean                 _handla_catalogue_document_is_token   (const char        *text,
                                                                gsize              max_len);
void                     _handla_catalogue_document_free  (HandlaCatalogueDocument  *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HandlaCatalogueDocument, _handla_catalogue_document_free)

G_END_DECLS
