#!/usr/bin/env python3
"""Generate Handla's demo catalogue (data/demo-catalogue.json).

The food names come from Livsmedelsverkets livsmedelsdatabas version 2022-05-24
(CC BY 4.0).  Everything a shop adds -- brands, pack sizes, prices, deposits,
offers, EANs, popularity -- is invented here, deterministically: the same source
file and seed always give byte-identical output.

Only the Python 3 standard library is used.  The two store datasets next to the
Livsmedelsverket folder have no licence and are never read.

Usage:
    python3 tools/generate-demo-catalogue.py [--source PATH] [--output PATH] [--seed N]
"""

import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SOURCE = os.path.join(REPO_ROOT, "..", "shared", "catalogue-data",
                              "livsmedelsverket-2022", "LivsmedelsDB.csv")
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "data", "demo-catalogue.json")
DEFAULT_SEED = 2026

GENERATED_AT = "2026-11-23T08:00:00Z"
# Demo offers have no "valid_to": Handla drops an offer after its last
# day, and the committed demo must keep its offers whenever it is run.
CREDIT = ("Källa: Livsmedelsverkets livsmedelsdatabas version 2022-05-24 "
          "(CC BY 4.0). Märken, förpackningar, priser och erbjudanden är "
          "påhittade för demon.")

# --------------------------------------------------------------------------
# Retail categories: code -> (id, name, icon).  Position is the list order.
# --------------------------------------------------------------------------
CATEGORIES = [
    ("frukt", "frukt-gront", "Frukt och grönt", "fruit"),
    ("mej", "mejeri", "Mejeri", "dairy"),
    ("ost", "ost", "Ost", "cheese"),
    ("agg", "agg", "Ägg", "eggs"),
    ("brod", "brod", "Bröd", "bread"),
    ("kakor", "kakor-kex", "Kakor och kex", "bread"),
    ("kott", "kott-fagel", "Kött och fågel", "meat"),
    ("fisk", "fisk-skaldjur", "Fisk och skaldjur", "fish"),
    ("palagg", "palagg", "Pålägg", "spreads"),
    ("veg", "vegetariskt", "Vegetariskt", "vegetables"),
    ("fard", "fardigmat", "Färdigmat", "ready-meals"),
    ("fryst", "fryst", "Fryst", "frozen"),
    ("dryck", "dryck", "Dryck", "drinks"),
    ("kaffe", "kaffe-te", "Kaffe och te", "coffee"),
    ("flingor", "flingor-gryn", "Flingor och gryn", "cereals"),
    ("skaff", "skafferi", "Skafferi", "pantry"),
    ("bak", "bakning", "Bakning", "baking"),
    ("fett", "matfett-olja", "Matfett och olja", "fats"),
    ("krydd", "kryddor-sas", "Kryddor och såser", "spices"),
    ("godis", "godis-snacks", "Godis och snacks", "sweets"),
]
CAT_ID = {code: cid for code, cid, _, _ in CATEGORIES}

# Livsmedelsverket's Gruppering -> default retail category.
GROUP_DEFAULT = {
    "Bröd": "brod",
    "Bullar, kakor, tårtor": "kakor",
    "Dryck": "dryck",
    "Fett, olja": "fett",
    "Fisk, skaldjur": "fisk",
    "Flingor, frukostflingor, müsli, gröt, välling": "flingor",
    "Frukt, bär": "frukt",
    "Glass": "fryst",
    "Godis": "godis",
    "Grönsaker, baljväxter, svamp": "frukt",
    "Korv": "kott",
    "Kyckling, fågel": "kott",
    "Kött": "kott",
    "Lever, njure, tunga etc.": "kott",
    "Mejeri": "mej",
    "Mjöl": "bak",
    "Måltidsersättning, sportpreparat": "skaff",
    "Nötter, frön": "bak",
    "Pasta, ris, gryn": "skaff",
    "Potatis": "frukt",
    "Pålägg": "palagg",
    "Quorn, sojaprotein, vegetariska produkter": "veg",
    "Rätter": "fard",
    "Smaksättare": "krydd",
    "Snacks": "godis",
    "Sylt, marmelad, gelé, chutney": "skaff",
    "Ägg, rom, kaviar": "agg",
    "Övrigt": "bak",
}

# --------------------------------------------------------------------------
# Curated selection.  One line per Livsmedelsverket food that a Swedish shop
# sells as such: "number|shop name|category code" (category defaults to the
# group's).  Foods not listed are left out: home-made dishes, cooked or fried
# states, restaurant and institutional food, alcohol over 3,5 %, baby food,
# offal and rare game.  Names are rewritten from the agency's lab style
# ("Nöt färs rå fett 10%") to shelf style ("Nötfärs 10%"); product types that
# the agency names after a trademark ("typ Bregott") get a generic name.
# --------------------------------------------------------------------------
ITEMS = """
# Bröd
162|Knäckebröd fullkorn råg
163|Mörkt rågknäcke
164|Veteknäcke med vallmofrö
165|Tunt rågknäcke
166|Rågcrisp tunna skivor
167|Flatbröd råg
168|Knäckebröd glutenfritt
169|Rundknäcke råg
170|Rågknäcke med kli
171|Rutknäcke
172|Knäckebröd brungräddat
173|Sportknäcke
174|Knäckebröd med sesamfrö och vetegroddar
175|Delikatessknäcke
178|Havreknäcke
180|Frukostknäcke med vallmofrö
181|Kanelknäcke
182|Knäckebröd glutenfritt ljust
183|Knäckebröd med örtkryddor
185|Kornbröd
186|Grahamsscones
187|Pumpernickel
190|Rågknäcke normalgräddat
191|Spisbröd
193|Pitabröd
194|Korvbröd
198|Italienskt lantbröd
200|Baguette
201|Grov surdegsbaguette
202|Vitt rostbröd
204|Hönökaka
205|Scones
206|Chapati
207|Kavring
208|Osötat rågsiktsbröd
209|Rågsiktslimpa
210|Grahamsbröd
213|Rallarhalvor
214|Rågbröd osötat
216|Hårt tunnbröd
217|Mjukt tunnbröd
219|Potatislimpa
222|Frukostfrallor
224|Riskakor med solrosfrön
225|Riskakor smaksatta
226|Ljust bröd glutenfritt
227|Mörkt bröd glutenfritt
229|Croissanter
752|Pajskal förgräddade|bak
1611|Cream crackers
1623|Smörgåskex
1628|Ostkex
1629|Salta kex
1633|Smörgåsrån
1641|Smördeg|fryst
1642|Filodeg|fryst
2225|Grovknäcke glutenfritt
2557|Tacoskal|skaff
3790|Grovt rågsiktsbröd
3791|Formfranska
3793|Fiberknäcke råg
3794|Fullkornsbröd vete och råg
3795|Vetelimpa
3797|Fullkornsrågbröd
3798|Korvbröd grova
3818|Hamburgerbröd
3819|Tekakor
3825|Hamburgerbröd grova
5974|Tortillabröd
6081|Sportknäcke extra fiber
6083|Grov formfranska
6084|Levainbröd
6757|Rågkaka
6759|Fröbröd
6761|Pizzadeg kyld|bak
6766|Majskakor med ost
6767|Linskakor
6875|Surdegsbröd glutenfritt
6878|Tortillabröd glutenfria
6879|Knäckebröd med chiafrö glutenfritt
6880|Knäckebröd med sesamfrö glutenfritt
6881|Ciabatta glutenfri
6884|Salta kex glutenfria
# Bullar, kakor, tårtor
1595|Rågskorpor
1597|Veteskorpor osötade
1598|Vetebullar
1599|Vetelängd
1602|Kanellängd
1603|Veteskorpor
1604|Fullkornsskorpor osötade
1605|Mandelkubbar
1606|Munkar
1607|Äppelmunkar
1608|Wienerbröd med vaniljkräm
1612|Rån med krämfyllning
1613|Havrekex fullkorn
1614|Mariekex
1615|Mördegskex
1616|Syltkex
1617|Nougatkex
1618|Chokladmaränger
1619|Småkakor sorterade
1620|Jitterbuggar
1621|Chocolate chip cookies
1624|Pepparkakor
1625|Spettekaka
1626|Maränger
1627|Dubbelkex med vaniljfyllning
1631|Kex utan tillsatt socker
1632|Pepparkakor sockerfria
1636|Våffelstrutar
1638|Mandelbiskvier
1645|Gräddtårta
1646|Toscabitar
1647|Bärtårta
1648|Prinsesstårta
1649|Sachertårta
1650|Napoleonbakelser
1651|Frukttårta
1652|Chokladbiskvier
1653|Mazariner
1654|Drömtårta
1655|Rulltårta med hallonsylt
1656|Punschrullar
1657|Chokladbollar
1659|Potatisbakelser
1663|Chokladrutor med kokos
1664|Ambrosiakaka
1666|Arraksbollar
1669|Fransk äppelkaka
1671|Toscakaka
1672|Chokladkaka
1677|Muffins
1679|Tårtbottnar
1681|Sockerkaka
1682|Mjuk pepparkaka
1683|Nötkaka
1686|Digestivekex
1687|Fruktkaka
1879|Skumbollar med kokos
2222|Pepparkakor glutenfria
2223|Digestivekex glutenfria
6704|Chokladkex med vaniljfyllning
6758|Kanelbullar
6768|Bokstavskex
6833|Saffransbullar
6886|Chocolate chip cookies glutenfria
# Dryck
122|Milkshake choklad|mej
133|Mjölkdryck jordgubb|mej
156|Chokladmjölk|mej
158|Chokladmjölk lätt|mej
301|Morotsjuice
408|Tomatjuice
427|Grönsaksjuice
503|Grönsaksjuice mjölksyrad
641|Apelsinjuice färskpressad
642|Apelsinjuice koncentrat|fryst
643|Apelsinjuice från koncentrat
646|Citronjuice|krydd
647|Clementinjuice färskpressad
649|Grapefruktjuice
657|Limejuice|krydd
658|Druvjuice
659|Äppeljuice
660|Ananasjuice
661|Apelsinjuice
662|Frukostjuice
664|Aprikosnektar
665|Persikonektar
670|Katrinplommondryck
700|Havredryck 1,5%|mej
1591|Kokosvatten
1749|Blåbärsdryck
1752|Nyponsoppa pulver|skaff
1814|Apelsinsaft
1815|Apelsindryck
1817|Blandsaft lättsockrad
1818|Måltidsdryck
1819|Blandsaft
1820|Saft drickfärdig
1821|Svartvinbärssaft
1822|Saft sockerfri
1826|Kolsyrad fruktdryck
1827|Fruktdryck
1828|Apelsinläsk
1829|Cola
1830|Citronläsk light
1831|Cola sockerfri
1837|Hallondryck
1838|Svartvinbärsdryck
1840|Lingondricka
1841|Äppeldricka
1847|Chokladdryck
1900|Svagdricka
1901|Lättöl 2,3%
1902|Folköl 3,5%
1903|Cider äpple lätt
1904|Alkoholfritt vitt vin
1905|Alkoholfritt rött vin
1949|Sodavatten
1950|Vichyvatten
1951|Mineralvatten
1955|Snabbkaffe|kaffe
1957|Bryggkaffe mellanrost|kaffe
1958|Espressobönor|kaffe
1959|Snabbkaffe koffeinfritt|kaffe
1962|Svart te|kaffe
1963|Örtte kamomill|kaffe
1964|Nyponte med svarta vinbär|kaffe
1887|Chokladdryckspulver|kaffe
2214|Aloe vera-juice
2217|Aloe vera-dryck tranbär och äpple
2218|Aloe vera-dryck
2301|Nypon- och blåbärsdryck
2302|Energidryck
5147|Julmust
5150|Mandeldryck|mej
5184|Tranbärsdryck
5859|Tropisk juice
5942|Julmust sockerfri
6797|Havredryck 0,5% eko|mej
6809|Havredryck choklad|mej
6813|Havredryck barista 3%|mej
6903|Mandeldryck osötad|mej
1832|Sportdryck|dryck
# Fett, olja
4|Kokosfett
5|Bredbart smör och raps havssaltat 80%
6|Bredbart smör och raps 60%
10|Flytande margarin
12|Hushållsmargarin
17|Lättmargarin 38%
20|Lättmargarin 40%
29|Smör normalsaltat
30|Smör extrasaltat
31|Smör osaltat
33|Druvkärnolja
34|Majsolja
35|Olivolja
38|Sesamolja
39|Sojaolja
40|Solrosolja
2189|Rapsolja
2190|Bredbart smör och raps 75%
2401|Flytande margarin mjölkfri
2403|Bordsmargarin mjölkfri 70%
2404|Hushållsmargarin mjölkfri
2472|Lättmargarin 28%
2490|Bordsmargarin 70%
3433|Linfröolja
4107|Bordsmargarin 60%
4659|Olivolja extra virgin
4661|Rapsolja kallpressad
4662|Flytande smör och rapsolja
4663|Bredbart smör och raps 43%
5085|Bordsmargarin 80%
6165|Kokosolja
# Fisk, skaldjur
1201|Regnbågslaxfilé
1202|Sejfilé
1203|Hälleflundrafilé
1237|Koljafilé
1238|Kummelfilé
1241|Sillfiléer
1243|Strömmingsfiléer
1244|Rödingfilé
1246|Torskfilé
1249|Laxöringfilé
1250|Pinklaxfilé|fryst
1252|Varmrökt sik
1253|Abborrfilé
1255|Laxfilé
1258|Rödspättafilé
1263|Gösfilé
1265|Ansjovis|skaff
1266|Böckling
1269|Kallrökt lax
1270|Sardeller|skaff
1271|Sardiner i olja|skaff
1275|Tonfisk i olja|skaff
1278|Tonfisk i vatten|skaff
1279|Varmrökt makrill
1280|Lutfisk|fryst
1281|Matjessill
1283|Makrillfiléer i olja|skaff
1285|Gravad lax
1286|Rimmad lax
1288|Varmrökt lax
1290|Kallrökt regnbåge
1292|Varmrökt röding
1294|Fiskpinnar|fryst
1297|Surströmming|skaff
1331|Ättiksströmming
1385|Blåmusslor färdigkokta
1386|Ostron
1389|Musslor i lag|skaff
1393|Hummer kokt|fryst
1394|Kräftor i dill|fryst
1395|Räkor kokta med skal
1398|Krabbkött|skaff
1399|Räkor i lake
1403|Havskräftor kokta|fryst
2035|Surimistavar
2468|Tilapiafilé|fryst
3035|Sill i gräddfilssås
3036|Senapssill
3500|Inlagd sill
4226|Pangasiusfilé|fryst
4586|Hokifilé|fryst
4600|Pilgrimsmusslor|fryst
4609|Inlagd höstsill
4613|Havsabborre hel
4615|Alaska pollock filé|fryst
6168|Kräftstjärtar i lake
6169|Sikrom|fryst
6173|Laxfilé vildfångad
6174|Laxfilé fryst|fryst
1381|Stenbitsrom|fisk
1382|Löjrom|fryst
# Flingor, müsli, gröt
655|Risgrynsgröt|fard
679|Puffat ris osötat
680|Rågkross
702|Havregryn
703|Fiberhavregryn
704|Havrekli
706|Cornflakes
707|Vetekross
708|Vetegroddar
709|Vetekli
711|Kruskakli
712|Basmüsli
713|Puffat ris
714|Kliflingor
716|Risflingor choklad
719|Müsli med frukt och bär
721|Müsli med frukt och nötter
724|Fiberflingor
725|Fullkornsflingor
726|Honungspuffar
727|Sockrade majsflingor
728|Flingringar
825|Bovete|skaff
827|Hirs|skaff
840|Risdessert|mej
2808|Risdessert med sylt|mej
2024|Müsli med frukt
2025|Müsli med bär
2028|Crunchymüsli med russin och kokos
2029|Crunchymüsli naturell
2030|Müsli med kokos
2033|Müsli med banan
2061|Havrebar med fiber
3447|Rostade havreflingor
6086|Fyrkornsmüsli med frukt och nötter
6481|Rågflingor
6482|Veteflingor
6480|Kornflingor
6763|Vetepuffar choklad
6764|Granola med frukt och nötter
6765|Granola kakao och hallon
6862|Risflingor glutenfria
6863|Granola glutenfri
6864|Cornflakes glutenfria
# Frukt, bär
520|Granatäpple
521|Grapefrukt
522|Guava
523|Hallon
526|Jordgubbar
546|Honungsmelon
547|Nätmelon
548|Rabarber
549|Vattenmelon
550|Ananas
551|Apelsin
552|Aprikos
553|Banan
554|Björnbär
555|Blåbär
556|Blåbär frysta|fryst
559|Citron
560|Clementiner
561|Fikon
565|Kiwi
566|Krusbär
567|Physalis
568|Kumquat
569|Kvitten
571|Körsbär
572|Lime
573|Lingon frysta|fryst
574|Mango
575|Kokbanan
576|Nektarin
577|Papaya
579|Passionsfrukt
580|Persika
581|Sharonfrukt
582|Plommon
583|Päron
584|Tranbär
585|Röda vinbär
586|Svarta vinbär
588|Äpplen
590|Hallon frysta|fryst
591|Björnbär frysta|fryst
593|Jordgubbar frysta|fryst
597|Hallon och blåbär frysta|fryst
599|Torkade aprikoser|skaff
600|Bananchips|godis
601|Torkade blåbär|skaff
603|Dadlar|skaff
604|Torkade fikon|skaff
605|Katrinplommon|skaff
610|Russin|skaff
611|Torkade äppelringar|skaff
612|Torkad fruktmix|skaff
614|Ananas i juice|skaff
625|Persikor i sockerlag|skaff
628|Päron i sockerlag|skaff
632|Fruktcocktail|skaff
633|Mandariner i lag|skaff
638|Fruktsallad
5869|Äpple Aroma
5870|Äpple Ingrid Marie
5871|Äpple Frida
5872|Äpple Granny Smith
6333|Vindruvor gröna
6334|Vindruvor röda
1565|Kokosnöt|frukt
# Glass
1689|Gräddglass vanilj
1690|Vaniljglass
1692|Glasstrutar
1698|Lättglass vanilj
1699|Glasspinne med chokladöverdrag
1705|Glasstårta
1707|Havreglass vanilj
1843|Isglass
1844|Sorbet
1845|Saftisar
6802|Havreglass chokladfudge
6803|Havreglass karamell och hasselnöt
# Godis
1848|Mjölkchoklad med hasselnötter
1849|Mjölkchoklad med mandelkrokant
1850|Mjölkchoklad med kolafyllning
1851|Kex med mjölkchoklad
1852|Kolakex med chokladöverdrag
1853|Jordnötsbar med kola
1855|Chokladpraliner
1859|Kokosbar med chokladöverdrag
1861|Choklad sockerfri
1863|Gelégodis
1864|Syrliga karameller
1865|Kola
1866|Lakritskonfekt
1867|Marmeladkonfekt
1868|Skumgodis
1869|Polkagrisar
1870|Tuggummi
1871|Klubbor
1873|Saltlakrits
1874|Supersalt lakrits
1875|Chokladkola
1876|Chokladrån
1877|Fruktkola
1878|Skumbilar
1881|Energibar choklad och nötter
1882|Sockerfria karameller
1884|Tuggummi sockerfritt
2051|Vit choklad
2052|Mörk choklad 70%
2053|Mörk choklad
2054|Blockchoklad mörk|bak
2055|Mjölkchoklad
2071|Müslibar röda bär
2072|Müslibar choklad
2246|Chokladmint
6254|Fruktstänger
6703|Chokladöverdragna jordnötter
# Grönsaker, baljväxter, svamp
286|Rotfruktsmix|fryst
287|Jordärtskocka
288|Kålrot
289|Morötter
290|Palsternacka
291|Pepparrot
292|Rotselleri
293|Rädisor
294|Rödbetor
319|Inlagda rödbetor|skaff
320|Avokado
321|Blekselleri
322|Blomkål
323|Blomkål fryst|fryst
325|Broccoli
326|Broccoli fryst|fryst
327|Brysselkål
328|Brysselkål fryst|fryst
329|Mungbönsgroddar
331|Haricots verts
332|Haricots verts frysta|fryst
333|Champinjoner
334|Friséesallad
336|Fänkål
337|Grönkål
338|Grönkål fryst|fryst
339|Gurka
340|Isbergssallad
342|Kronärtskocka
343|Kålrabbi
344|Gul lök
345|Majskolvar
346|Majskolvar frysta|fryst
347|Majskorn frysta|fryst
348|Mangold
350|Paprika grön
351|Paprika röd
352|Persilja
353|Pumpa
354|Purjolök
355|Rödkål
357|Savojkål
358|Salladskål
359|Sockerärtor
361|Spenat fryst|fryst
362|Squash
364|Tomater
365|Soltorkade tomater i olja|skaff
366|Krasse
370|Vitkål
371|Vitlök
372|Aubergine
374|Gröna ärtor frysta|fryst
375|Sparris grön
377|Dill
378|Gräslök
379|Basilika
380|Chilipeppar
381|Paprika gul
382|Paprikastrimlor frysta|fryst
383|Champinjoner skivade frysta|fryst
385|Hackad lök fryst|fryst
386|Amerikansk grönsaksblandning|fryst
387|Sommargrönsaker|fryst
388|Ärtor och morötter frysta|fryst
389|Ärtor, majs och paprika frysta|fryst
392|Paprika trepack
393|Bambuskott|skaff
397|Champinjoner i lag|skaff
400|Majskorn|skaff
401|Gröna oliver med paprikafyllning|skaff
402|Svarta oliver|skaff
403|Pickles|skaff
404|Vit sparris|skaff
406|Surkål|skaff
407|Skalade tomater|skaff
410|Tomatpuré|skaff
419|Kantareller i lag|skaff
420|Syltlök|skaff
422|Krossade tomater|skaff
423|Feferoni|skaff
424|Wokgrönsaker asiatiska|fryst
425|Wokgrönsaker classic|fryst
487|Inlagd gurka|skaff
488|Bostongurka|skaff
490|Saltgurka|skaff
491|Ättiksgurka|skaff
500|Rödkål på burk|skaff
875|Bruna bönor|skaff
879|Vita bönor|skaff
881|Kikärtor torkade|skaff
891|Gula ärtor|skaff
901|Vita bönor i tomatsås|skaff
2058|Rostad lök|krydd
2269|Ingefära
2559|Romansallad
2561|Ruccola
3761|Stora vita bönor|skaff
3815|Kikärtor|skaff
3816|Kidneybönor|skaff
3817|Svarta bönor|skaff
3823|Röda linser|skaff
3824|Gröna linser|skaff
3938|Huvudsallad
4052|Machésallad
4937|Körsbärstomater
4941|Babyspenat
4946|Sallad i kruka
4947|Rödlök
5007|Kantareller
5860|Edamamebönor frysta|fryst
6442|Grillad paprika|skaff
# Korv
1485|Kycklingkorv
1487|Falukorv
1491|Fläskkorv
1492|Frukostkorv
1500|Varmkorv
1503|Wienerkorv
1508|Grillkorv
1509|Isterband
1511|Middagskorv
1513|Chorizo
1514|Kabanoss
1516|Prinskorv
1518|Salsiccia
1521|Värmlandskorv
2236|Varmkorv mager 7%
2239|Middagskorv lätt
3213|Lammkorv
5967|Bratwurst
# Kyckling, fågel
1151|Ankbröst
1162|Kalkonfilé
1164|Kycklingfärs
1165|Hel kyckling
1167|Kycklinglår
1168|Kycklingvingar
1171|Kycklingklubbor
1173|Kycklingbröstfilé
1174|Kycklinglårfilé
1175|Kycklingklubbor marinerade
1182|Grillad kyckling|fard
5665|Pastagratäng med kyckling|fard
# Kött
920|Lammbog
921|Lammkotletter
922|Lammlägg
923|Lammrygg
924|Lammstek
925|Lammfärs
936|Kalvfilé
939|Kalvkotletter
946|Ryggbiff
947|Oxbringa
948|Rimmad oxbringa
949|Oxfilé
950|Fransyska
951|Nötfärs 10%
953|Högrev
954|Innanlår
957|Rostbiff
959|Ytterlår
960|Entrecôte
961|Grytbitar av nöt
963|Nötfärs 15%
967|Renskav|fryst
970|Fläskfilé
971|Fläskkotletter
972|Revbensspjäll
977|Grytbitar av fläsk
978|Fläskkarré
980|Fläskfärs
985|Sidfläsk
986|Stekfläsk
991|Rimmat sidfläsk
1003|Bacon
1011|Rökt sidfläsk
1101|Hamburgare av nöt|fryst
2056|Kebabkött|fryst
2492|Blandfärs
3323|Älgfärs|fryst
6057|Kassler
974|Julskinka rimmad|kott
1453|Kycklinglever
# Mejeri
75|Kvarg naturell 1%
114|Filmjölk 3%
116|Kondenserad mjölk sötad|bak
118|Mjölkpulver|bak
119|Långfil
120|Lättfil 0,5%
123|Standardmjölk 3%
124|Yoghurt naturell 3%
125|Fruktyoghurt skogsbär
126|Fruktyoghurt lätt 0,5%
127|Mjölk 4,2%
128|Fil med acidophilus 3%
130|Mellanfil 1,5%
135|Yoghurt naturell lätt 0,5%
137|Delikatessyoghurt
142|Kefir
147|Vaniljyoghurt lätt
150|Mellanmjölk 1,5%
151|Lättmjölk 0,5%
1712|Matlagningsbas havre 13%
1713|Gräddfil 12%
1714|Kaffegrädde 12%
1715|Vispgrädde 40%
1716|Mellangrädde 27%
1717|Matlagningsgrädde 15%
1719|Crème fraiche 34%
1721|Crème fraiche lätt 15%
2036|Matlagningsbas 15%
2037|Matlagningsbas 7%
2043|Crème fraiche örter och vitlök 13%
2046|Crème fraiche extra lätt 5%
2070|Matlagningsbas soja 17%
2243|Fruktyoghurt laktosfri 0,1%
3243|Kvarg naturell
3668|Sojadryck
5956|Havregurt naturell
5957|Havrefraiche 15%
6069|Drickyoghurt
6076|Yoghurt naturell 3% eko
6089|Kvargdryck
6090|Kvarg vanilj
6113|Turkisk yoghurt 10%
6790|Havregurt hallon
6792|Havregurt jordgubb
6793|Havregurt vanilj
6902|Sojadryck osötad
6959|Ayran
6904|Kokosdryck|mej
70|Cottage cheese 4%|mej
838|Ris à la Malta|mej
1760|Ostkaka|mej
1762|Brylépudding|mej
1764|Chokladpudding|mej
1766|Chokladmousse|mej
1770|Vaniljpudding|mej
1776|Vaniljsås havre|mej
2041|Vaniljvisp|mej
6071|Vaniljsås|mej
# Mjöl
188|Ströbröd
810|Rismjöl
1930|Bovetemjöl
1932|Kornmjöl
1933|Majsmjöl
1934|Rågmjöl
1935|Grahamsmjöl
1938|Vetemjöl special
1941|Vetemjöl
1945|Majsstärkelse
1946|Potatismjöl
6468|Havremjöl
6494|Dinkelmjöl
6542|Durumvetemjöl
6574|Mjölblandning fyrkorn
6576|Rågsikt
6865|Mjölmix glutenfri
6870|Våffelmix glutenfri
# Måltidsersättning
1891|Måltidsersättning choklad|skaff
# Nötter, frön
1557|Cashewnötter|godis
1558|Hasselnötter
1561|Jordnötter rostade|godis
1562|Salta jordnötter|godis
1564|Kokosflingor
1566|Kokosmjölk lätt|skaff
1567|Linfrö
1568|Paranötter|godis
1569|Pekannötter
1570|Pistaschnötter|godis
1571|Pumpafrön
1573|Sesamfrön
1574|Solrosfrön
1575|Sötmandel
1576|Valnötter
1590|Kokosmjölk|skaff
1885|Mandelmassa
3069|Chilinötter|godis
3071|Pinjenötter|skaff
6053|Cashewnötter salta|godis
6087|Mandelmjöl
6154|Psylliumfröskal
6157|Chiafrön
6160|Vallmofrön
# Pasta, ris, gryn
705|Korngryn
817|Vildris
819|Glasnudlar
828|Mannagryn
829|Bulgur
831|Couscous
845|Spagetti
848|Fullkornsspagetti
852|Färsk tagliatelle
862|Tortellini med kött
870|Äggnudlar
872|Tortellini med ost
2057|Risottoris
2220|Spagetti glutenfri
2221|Fusilli glutenfri
2475|Basmatiris
2477|Jasminris
2478|Fullkornsris
2481|Långkornigt ris
2482|Parboiled ris
2484|Snabbris
2485|Grötris
3518|Quinoa röd
4447|Risnudlar
6145|Matvete
6146|Mathavre
6782|Sushiris
6872|Polenta
# Potatis
230|Potatis fast
235|Tärnad potatis fryst|fryst
244|Pommes frites|fryst
3765|Sötpotatis
4445|Potatis Asterix
4512|Färskpotatis
4514|Potatis King Edward
4515|Mandelpotatis
# Pålägg
66|Mesost
68|Messmör
69|Messmör lätt
77|Hårdost extra lätt 10%|ost
79|Hushållsost 26%|ost
80|Gräddost 38%|ost
81|Camembert|ost
82|Ädelost|ost
83|Mjukost lätt
86|Mjukost naturell
92|Brie|ost
94|Salladsost|ost
95|Hushållsost lätt 17%|ost
96|Gouda 28%|ost
97|Vällagrad hårdost 31%|ost
100|Halloumi|ost
101|Färskost naturell|ost
102|Grönmögelost krämig|ost
103|Grana Padano riven|ost
104|Färskost vitlök|ost
107|Cream cheese|ost
108|Cream cheese lätt|ost
111|Chèvre|ost
2255|Mozzarella|ost
6070|Hushållsost 28% eko|ost
544|Vegetarisk pastej
999|Saltkött
1008|Lufttorkad skinka
1009|Rökt skinka
1010|Tunnskivad rökt skinka
1178|Kalkonbröst skivat
1191|Rökt kalkon
1272|Sardiner i tomatsås|skaff
1296|Makrill i tomatsås
1346|Laxpastej
1347|Böcklingpastej
1474|Leverpastej
1476|Leverpastej skivbar
1478|Leverpastej lätt 3%
1496|Medwurst
1498|Salami
1559|Jordnötssmör
1860|Chokladkräm med hasselnöt
5961|Havrepålägg naturell
6171|Tångkaviar
6807|Havrepålägg tomat och basilika
1896|Honung|palagg
1377|Påläggskaviar mild|palagg
1378|Påläggskaviar|palagg
1379|Påläggskaviar lätt|palagg
6170|Påläggskaviar med färskost|palagg
# Vegetariskt
538|Svampproteinfärs
905|Tofu
2066|Vegetarisk grillkorv
2067|Vegetariska bullar
2068|Sojafärs
6264|Sojabitar
6266|Pulled havre
6270|Sojabullar
6273|Vegonuggets svampprotein
6275|Vegonuggets
6277|Vegetariskt bacon
6279|Vegoschnitzel
6849|Vegokebab
6850|Pulled soja
6852|Sojabitar timjan och vitlök
6889|Vegokorv solrosprotein
6892|Grönsakskorv
6901|Ärtproteinfärs
6898|Vegoburgare|veg
2064|Falafel|veg
# Rätter (the few a shop sells ready: chilled, frozen, tinned or dried)
24|Hovmästarsås|krydd
25|Remouladsås|krydd
26|Vinägrett|krydd
50|Majonnäs|krydd
51|Gurkmajonnäs|krydd
52|Räksallad|palagg
53|Majonnäs lätt|krydd
56|Rödbetssallad|palagg
57|Skaldjurssallad|palagg
64|Hollandaisesås|krydd
248|Kroppkakor|fryst
253|Pitepalt|fryst
255|Pytt i panna|fryst
256|Sjömansbiff
257|Janssons frestelse
258|Laxpudding
261|Potatissallad
262|Potatis- och purjolökssoppa
263|Pytt i panna vegetarisk|fryst
265|Potatismospulver|skaff
281|Rösti|fryst
282|Potatiskroketter|fryst
307|Morotssoppa
405|Sparrissoppa|skaff
417|Ajvar|krydd
461|Tomatsås italiensk|krydd
462|Salsa|krydd
478|Kikärtsgryta
480|Pastasoppa pulver|skaff
481|Fransk löksoppa pulver|skaff
493|Champinjonsoppa pulver|skaff
496|Blomkålssoppa pulver|skaff
497|Tomatsoppa pulver|skaff
506|Minestronesoppa
513|Caesarsallad
515|Moussaka
518|Nudelwok med kyckling
529|Grekisk sallad
543|Nudelwok vegetarisk
741|Räkcrêpes|fryst
743|Baguette med salami och brie
744|Ciabatta med mozzarella
745|Bagel med rökt lax
750|Vårrullar|fryst
757|Kycklingpaj med bacon
760|Köttfärspaj|fryst
761|Piroger|fryst
762|Pizza capricciosa|fryst
764|Pizza pepperoni|fryst
767|Ost- och skinkpaj
768|Paj med lax och spenat
771|Skaldjurspaj|fryst
773|Pizza vegetarisk|fryst
774|Pizza margherita|fryst
779|Baguette med ost och skinka
781|Räksmörgås
782|Sandwich med rökt kalkon
786|Wrap med kyckling
797|Smörgåstårta
824|Vinbladsdolmar|skaff
858|Spagetti med köttfärssås
861|Ravioli i tomatsås|skaff
866|Lasagne vegetarisk med spenat
869|Lasagne
873|Snabbnudlar|skaff
898|Chili con carne
900|Ärtsoppa med fläsk|skaff
903|Linssoppa
904|Ärtsoppa vegetarisk|skaff
1062|Biff stroganoff
1095|Kalops
1096|Köttsoppa|skaff
1099|Kycklingburgare|fryst
1100|Kycklingköttbullar|fryst
1113|Frikadeller
1119|Köttbullar
1136|Biff à la Lindström|fryst
1143|Köttbullar frysta|fryst
1145|Köttfärssås
1146|Kåldolmar|fryst
1149|Pannbiffar|fryst
1206|Thailändsk kycklingsoppa
1344|Fiskbullar i buljong|skaff
1345|Fiskbullar i hummersås|skaff
1354|Fisksoppa
1362|Sillsallad|palagg
1371|Fisk med mandeltäcke|fryst
1372|Fiskgratäng med potatismos|fryst
1375|Sushi mix
1426|Blodpudding|kott
1480|Älgpaté|palagg
1482|Lantpaté|palagg
1483|Grönpepparpaté|palagg
1543|Pölsa
1553|Kalvsylta|palagg
1554|Pressylta|palagg
1029|Rullsylta|palagg
1750|Fruktsoppa|skaff
1751|Nyponsoppa|skaff
1769|Kolasås|krydd
1778|Chokladsås|krydd
1782|Äppelpaj|fryst
1783|Cheesecake med bär|kakor
1974|Sötsur sås|krydd
2004|Pesto|krydd
2006|Dippmix|krydd
2008|Pastasås tomat och örter|krydd
2073|Jordnötssås|krydd
2098|Skinkröra|palagg
2104|Carbonarasås|krydd
2107|Skagenröra|palagg
2144|Tzatziki|krydd
2229|Gräddsås|krydd
2230|Ostsås|krydd
2231|Bearnaisesås|krydd
2232|Rödvinssås|krydd
2233|Kebabsås|krydd
2234|Svampsås|krydd
2658|Potatisgratäng
3051|Hummus|palagg
5218|Pepparsås|krydd
5758|Aioli|krydd
5759|Guacamole|krydd
5847|Pulled pork|kott
5875|Pulled chicken|kott
5916|Tacosås|krydd
6079|Pannkakor|fryst
6337|Vegansk majonnäs|krydd
6338|Mango- och currysås|krydd
6384|Mango chutney|krydd
6391|Kyckling tikka masala
6404|Chili sin carne
6780|Pommes frites kryddade|fryst
6843|Klyftpotatis|fryst
6948|Börek med spenat och fetaost|fryst
6951|Sambusa med kött|fryst
# Smaksättare
535|Grönsaksbuljong
908|Miso
909|Sojasås
910|Söt sojasås
1210|Kalvbuljong
1212|Köttbuljong
1216|Hönsbuljong
1419|Fiskbuljong
1886|Kakao|bak
1892|Strösocker|bak
1893|Farinsocker|bak
1894|Ljus sirap|bak
1897|Druvsocker|bak
1965|Ättiksprit 12%
1966|Vitvinsvinäger
1967|Äppelcidervinäger
1968|Chilisås
1969|Ketchup
1971|Grillsås
1972|Senap
1973|Dijonsenap
1975|Bordssalt med jod
1976|Mineralsalt
1977|Havssalt
1978|Örtsalt
2007|Sweet chilisås
2012|Teriyakisås
2973|Hamburgerdressing
5973|Tacokrydda
6164|Senap sötstark
# Snacks
1579|Rostade kikärtor
1580|Jordnötsbågar
1581|Tortillachips
1582|Ostbågar
1583|Mikropopcorn
1584|Chips havssalt
1585|Salta pinnar
1587|Chips gräddfil och lök
1588|Chips lätt
1589|Snacksmix med riscrackers
4011|Majskrokar
# Sylt, marmelad
1793|Apelsinmarmelad
1794|Rödvinbärsgelé
1796|Apelsinmarmelad lättsockrad
1798|Lingonsylt
1801|Jordgubbssylt
1803|Blåbärssylt
1804|Hallonsylt
1805|Hjortronsylt
1809|Äppelmos
1810|Äppelmos lättsockrat
1811|Äppelmos osötat
# Ägg
1225|Ägg frigående inomhus
3840|Ägg frigående utomhus eko
# Övrigt
1219|Gelatinblad
1979|Färsk jäst
1980|Torrjäst
1981|Bakpulver
6769|Pepparkaksdeg
"""

# Extra flavours or kinds of a listed food, as further base items.  A shop
# sells several kinds where the agency lists one generic food.
KINDS = {
    125: ["Fruktyoghurt jordgubb", "Fruktyoghurt hallon", "Fruktyoghurt blåbär",
          "Fruktyoghurt persika och passion"],
    845: ["Makaroner", "Snabbmakaroner", "Penne", "Fusilli", "Farfalle",
          "Lasagneplattor"],
    1957: ["Bryggkaffe mörkrost", "Bryggkaffe ljusrost", "Kokkaffe mellanrost",
           "Bryggkaffe koffeinfritt", "Kaffebönor mellanrost"],
    1958: ["Espresso malet"],
    1962: ["Earl Grey", "Grönt te", "Rooibos"],
    1963: ["Pepparmyntste"],
    1587: ["Chips dill", "Chips paprika", "Chips grillkrydda"],
    1828: ["Citronläsk", "Päronsoda", "Sockerdricka", "Ingefärsdricka"],
    1951: ["Mineralvatten citron", "Mineralvatten lime", "Mineralvatten hallon"],
    1817: ["Hallonsaft lättsockrad", "Fläderblomssaft lättsockrad"],
    86: ["Mjukost räkor", "Mjukost skinka", "Mjukost paprika"],
    2008: ["Pastasås arrabbiata", "Pastasås tomat och vitlök"],
    2004: ["Pesto rosso"],
    1863: ["Gelégodis sura"],
    2302: ["Energidryck sockerfri"],
    2055: ["Mjölkchoklad med russin och nötter"],
    124: ["Grekisk yoghurt 10%"],
    1690: ["Chokladglass", "Jordgubbsglass"],
    1843: ["Isglass cola"],
    1225: ["Ägg frigående inomhus stora", "Ägg frigående utomhus"],
}

# --------------------------------------------------------------------------
# Packs and prices.  "category|regex on the lower-case name|sizes|kr per
# comparison unit (low-high)|flags".  The first matching rule wins.
#   sizes: comma-separated "size[:factor[:container]]".  The first size is the
#          usual one; factor scales the price per unit (default: bigger packs
#          are a little cheaper per kg).  Containers: burk, pet, glas, kartong.
#   flags: w = loose goods sold by weight (price per kg).
# Prices are 2026 Swedish shelf levels, rounded to ,90 ,95 ,50 or ,00.
# --------------------------------------------------------------------------
PACK_RULES = """
*|glutenfri|||@gf
# Frukt och grönt
frukt|^banan|per kg|24-29|w
frukt|^kokbanan|per kg|35-45|w
frukt|^äpple|per kg|29-39|w
frukt|^päron|per kg|32-42|w
frukt|^(apelsin|grapefrukt)|per kg|24-34|w
frukt|^clementiner|per kg|32-45|w
frukt|^(citron|lime)|1 st|4.5-7
frukt|^kiwi|per kg|40-55|w
frukt|^(nektarin|persika|plommon|aprikos|sharonfrukt|kvitten)|per kg|45-65|w
frukt|^(mango|granatäpple|guava)|1 st|14-22
frukt|^(papaya|ananas)|1 st|25-35
frukt|^(honungsmelon|nätmelon)|1 st|28-40
frukt|^vattenmelon|per kg|18-25|w
frukt|^avokado|2 st,1 st|11-15
frukt|^kokosnöt|1 st|20-28
frukt|^(passionsfrukt|fikon)|1 st|6-9
frukt|^kumquat|200 g|120-160
frukt|^physalis|100 g|250-330
frukt|^vindruvor|500 g|65-90
frukt|^(hallon|björnbär|blåbär|röda vinbär|svarta vinbär|krusbär)$|125 g|280-380
frukt|^jordgubbar|250 g|160-220
frukt|^körsbärstomater|250 g|80-110
frukt|^körsbär$|400 g|150-200
frukt|^tranbär|200 g|120-160
frukt|^rabarber|per kg|50-70|w
frukt|^fruktsallad|350 g|90-120
frukt|^potatis|2 kg,1 kg|13-19
frukt|^färskpotatis|1 kg|35-50
frukt|^mandelpotatis|1 kg|30-40
frukt|^sötpotatis|per kg|35-45|w
frukt|^(morötter|gul lök)|1 kg,2 kg|15-22
frukt|^rödlök|500 g|30-40
frukt|^vitlök|3 st|5-7
frukt|^(kålrot|vitkål|rödkål|savojkål|salladskål)|per kg|15-25|w
frukt|^(palsternacka|rotselleri|rödbetor|pepparrot)|per kg|30-48|w
frukt|^jordärtskocka|per kg|55-70|w
frukt|^(purjolök|squash|aubergine|fänkål|pumpa)|per kg|30-50|w
frukt|^paprika trepack|3 st|9-12
frukt|^paprika|per kg|50-70|w
frukt|^tomater|per kg|35-49|w
frukt|^gurka|1 st|13-18
frukt|(sallad$|^sallad i kruka)|1 st|18-26
frukt|^(babyspenat|ruccola)|65 g|250-350
frukt|^blomkål|1 st|25-32
frukt|^broccoli|per kg|40-55|w
frukt|^brysselkål|500 g|50-70
frukt|^grönkål|200 g|100-140
frukt|^champinjoner|250 g|80-110
frukt|^kantareller|200 g|250-350
frukt|^(dill|persilja|basilika|gräslök|krasse)$|1 st|18-25
frukt|^chilipeppar|50 g|200-300
frukt|^ingefära|per kg|60-90|w
frukt|^sockerärtor|150 g|150-200
frukt|^haricots verts|200 g|120-150
frukt|^sparris|250 g|180-240
frukt|^mungbönsgroddar|250 g|60-80
frukt|^majskolvar|2 st|10-14
frukt|^kronärtskocka|1 st|25-35
frukt|^(kålrabbi|mangold|rädisor|blekselleri)|1 st|15-25
frukt||per kg|40-60|w
# Mejeri
mej|^(mellanmjölk|lättmjölk|standardmjölk|mjölk 4)|1 l::kartong,1,5 l::kartong|13-17
mej|^(filmjölk|långfil|lättfil|mellanfil|fil med)|1 l::kartong|19-25
mej|^(kefir|ayran)|1 l::kartong|26-36
mej|^chokladmjölk|1 l::kartong,2,5 dl:1.7:kartong|22-28
mej|^(milkshake|mjölkdryck)|330 ml::kartong|55-65
mej|^drickyoghurt|1 l::kartong,350 ml:1.4:kartong|30-38
mej|^kvargdryck|250 ml::kartong|80-100
mej|^(turkisk|grekisk) yoghurt|1000 g,500 g|48-62
mej|yoghurt|1000 g,500 g|30-42
mej|^kvarg|500 g,1000 g|55-75
mej|^cottage cheese|250 g,500 g|75-95
mej|^vispgrädde|3 dl,5 dl|95-120
mej|^mellangrädde|3 dl|85-100
mej|^kaffegrädde|3 dl,5 dl|55-70
mej|^matlagningsgrädde|2,5 dl,5 dl|60-80
mej|^matlagningsbas|2,5 dl,5 dl|50-70
mej|^gräddfil|3 dl,5 dl|60-75
mej|^crème fraiche|2 dl,5 dl|90-115
mej|^havrefraiche|2 dl|90-110
mej|^(havredryck|sojadryck|mandeldryck|kokosdryck)|1 l::kartong,1,5 l::kartong|20-30
mej|^havregurt|1000 g|38-48
mej|^risdessert|175 g,700 g:0.85|50-65
mej|^ris à la malta|500 g|60-75
mej|^ostkaka|500 g|80-100
mej|^chokladmousse|180 g|150-180
mej|pudding$|500 g|50-70
mej|^vaniljsås|5 dl|40-55
mej|^vaniljvisp|5 dl|55-70
mej||1 l|20-30
# Ost
ost|^(hushållsost|hårdost|gouda)|ca 1,1 kg,ca 500 g|95-125
ost|^(vällagrad|gräddost)|ca 1 kg,ca 500 g|130-170
ost|^(brie|camembert)|200 g,125 g|150-200
ost|^(ädelost|grönmögelost)|150 g|200-250
ost|^chèvre|150 g|230-280
ost|^halloumi|200 g|170-220
ost|^salladsost|150 g,400 g|130-170
ost|^mozzarella|125 g|130-170
ost|^(färskost|cream cheese)|200 g|110-150
ost|^grana|100 g|320-400
ost||500 g|110-150
# Ägg
agg|eko|10 st,6 st|5.2-6.2
agg||12 st,6 st,15 st,24 st:0.92|3.2-4.0
# Bröd
brod|glutenfri|400 g|110-160
brod|^korvbröd|10 st|2.5-3.5
brod|^hamburgerbröd|6 st|4-5.5
brod|^tortillabröd|8 st|3-4
brod|^(pitabröd|tekakor)|6 st|4-5.5
brod|^croissanter|4 st|7-9
brod|^(frukostfrallor|scones|grahamsscones)|6 st|5-6.5
brod|^(baguette|grov surdegsbaguette)|400 g|55-75
brod|^chapati|5 st|5-7
brod|^hönökaka|4 st|6-8
brod|^mjukt tunnbröd|8 st|3.5-4.5
brod|(tunt|crisp|flatbröd|hårt tunnbröd|spisbröd)|275 g|90-130
brod|knäck|520 g,275 g|50-80
brod|^(riskakor|majskakor|linskakor)|100 g|220-280
brod|(kex|crackers|rån)$|200 g|90-130
brod||750 g,500 g|50-75
# Kakor och kex
kakor|^(gräddtårta|bärtårta|prinsesstårta|sachertårta|frukttårta|drömtårta)|ca 900 g|180-240
kakor|^rulltårta|400 g|90-120
kakor|^spettekaka|250 g|250-350
kakor|^(mazariner|chokladbollar|arraksbollar|skumbollar|mandelbiskvier)|6 st|5-7
kakor|^(napoleonbakelser|potatisbakelser|toscabitar|chokladbiskvier|punschrullar|munkar|äppelmunkar|wienerbröd|muffins)|4 st|9-13
kakor|bullar$|300 g|100-140
kakor|längd$|400 g|70-95
kakor|skorpor|500 g,300 g|60-85
kakor|^(sockerkaka|toscakaka|chokladkaka|ambrosiakaka|fransk äppelkaka|mjuk pepparkaka|nötkaka|fruktkaka|tårtbottnar|cheesecake)|400 g|90-140
kakor||200 g,400 g|80-130
# Kött och fågel
kott|^nötfärs 10|500 g,1 kg|135-160
kott|^nötfärs 15|500 g,1 kg|115-135
kott|^blandfärs|500 g,1 kg|95-115
kott|^fläskfärs|500 g|80-95
kott|^kycklingfärs|500 g|110-130
kott|^lammfärs|500 g|150-180
kott|^oxfilé|ca 500 g|650-800
kott|^(ryggbiff|entrecôte)|ca 400 g|360-460
kott|^(rostbiff|innanlår|fransyska)|ca 700 g|250-330
kott|^(ytterlår|högrev)|ca 1 kg|170-220
kott|^grytbitar av nöt|500 g|170-210
kott|oxbringa|ca 1 kg|130-170
kott|^kalvfilé|ca 500 g|550-700
kott|^kalvkotletter|ca 500 g|250-300
kott|^lammrygg|ca 500 g|350-450
kott|^lammkotletter|ca 400 g|280-340
kott|^(lammstek|lammbog|lammlägg)|ca 1 kg|150-220
kott|^fläskfilé|ca 600 g|140-180
kott|^(fläskkotletter|fläskkarré)|ca 800 g|90-120
kott|^revbensspjäll|ca 1,2 kg|85-110
kott|^grytbitar av fläsk|500 g|90-115
kott|fläsk$|400 g|95-125
kott|^bacon|140 g,420 g|140-180
kott|^kassler|ca 800 g|100-135
kott|^julskinka|ca 2,5 kg|65-90
kott|^hel kyckling|ca 1,3 kg|55-70
kott|^kycklingbröstfilé|ca 700 g,1 kg|120-150
kott|^kycklinglårfilé|ca 700 g|110-135
kott|^(kycklinglår|kycklingklubbor|kycklingvingar)|ca 1 kg|55-75
kott|^kycklinglever|400 g|50-70
kott|^ankbröst|ca 400 g|280-340
kott|^kalkonfilé|ca 800 g|170-210
kott|^falukorv|800 g,400 g|48-62
kott|^prinskorv|300 g|100-130
kott|^(fläskkorv|middagskorv|värmlandskorv)|600 g|55-75
kott|^(wienerkorv|grillkorv|varmkorv|kycklingkorv|lammkorv|bratwurst)|500 g|75-110
kott|^(chorizo|salsiccia|kabanoss)|225 g|150-200
kott|^isterband|400 g|110-140
kott|^frukostkorv|300 g|90-120
kott|^blodpudding|500 g|35-50
kott|^pulled|450 g|130-170
kott||ca 500 g|130-170
# Fisk och skaldjur
fisk|vildfångad|ca 400 g|350-420
fisk|^laxfilé|ca 400 g,ca 800 g|240-300
fisk|^torskfilé|ca 400 g|260-330
fisk|^(sejfilé|koljafilé|kummelfilé)|ca 400 g|170-230
fisk|^(gösfilé|abborrfilé|hälleflundrafilé)|ca 400 g|380-480
fisk|^rödingfilé|ca 400 g|300-360
fisk|^(rödspättafilé|regnbågslaxfilé|laxöringfilé)|ca 400 g|230-290
fisk|^(sillfiléer|strömmingsfiléer)|ca 500 g|80-110
fisk|^havsabborre|ca 400 g|150-190
fisk|^(kallrökt|gravad|rimmad)|200 g|330-420
fisk|^(varmrökt lax|varmrökt röding)|ca 300 g|300-380
fisk|^(varmrökt|böckling)|ca 300 g|120-180
fisk|^matjessill|200 g|130-170
fisk|(sill|strömming)|240 g|120-160
fisk|^räkor kokta|500 g,1 kg|150-200
fisk|^räkor i lake|500 g|100-140
fisk|^kräftstjärtar|500 g|180-240
fisk|^blåmusslor|450 g|110-140
fisk|^ostron|6 st|15-22
fisk|^surimistavar|250 g|90-120
fisk|^stenbitsrom|100 g|320-420
fisk||ca 400 g|200-260
# Fryst
fryst|^(blåbär|hallon|lingon|jordgubbar|björnbär).*frysta$|250 g,500 g|90-130
fryst|^(blomkål|broccoli|brysselkål|grönkål|spenat|hackad lök|amerikansk|sommargrönsaker|rotfruktsmix)|500 g,1 kg|30-45
fryst|^(haricots|majskolvar|majskorn|gröna ärtor|ärtor|paprikastrimlor)|500 g,1 kg|32-48
fryst|^(champinjoner|edamame)|500 g|55-80
fryst|^wokgrönsaker|500 g|50-70
fryst|^(pommes|klyftpotatis|tärnad potatis)|1 kg,750 g|30-45
fryst|^(potatiskroketter|rösti)|600 g|50-70
fryst|^(gräddglass|vaniljglass|lättglass|havreglass|chokladglass|jordgubbsglass)|1 l,0,5 l|45-70
fryst|^sorbet|0,5 l|70-90
fryst|^glasstårta|1 l|60-80
fryst|^(glasspinne|glasstrutar)|6 st|7-10
fryst|^(isglass|saftisar)|10 st|3.5-5.5
fryst|^pizza|350 g|85-120
fryst|^pannkakor|480 g|70-90
fryst|köttbullar|1 kg,500 g|85-115
fryst|^(pannbiffar|biff à la lindström|hamburgare av nöt|kycklingburgare)|600 g|100-140
fryst|^fiskpinnar|450 g|90-120
fryst|^(kåldolmar|kroppkakor|pitepalt|pytt)|750 g|60-90
fryst|^(vårrullar|piroger|sambusa|börek|räkcrêpes|köttfärspaj|skaldjurspaj|äppelpaj)|500 g|80-120
fryst|^(fisk med|fiskgratäng)|400 g|90-120
fryst|^laxfilé|400 g,1 kg|200-240
fryst|^(pinklaxfilé|tilapiafilé|pangasiusfilé|hokifilé|alaska)|400 g,1 kg|90-130
fryst|^lutfisk|800 g|95-130
fryst|^hummer|ca 450 g|450-600
fryst|^kräftor|1 kg|160-220
fryst|^havskräftor|500 g|250-350
fryst|^pilgrimsmusslor|250 g|400-500
fryst|^sikrom|100 g|700-900
fryst|^löjrom|100 g|1100-1400
fryst|^renskav|240 g|500-650
fryst|^kebabkött|500 g|140-180
fryst|^älgfärs|500 g|180-230
fryst|^smördeg|500 g|60-80
fryst|^filodeg|250 g|100-140
fryst|^apelsinjuice|200 ml|100-130
fryst||500 g|80-120
# Dryck
dryck|^(cola|apelsinläsk|citronläsk|päronsoda|sockerdricka|ingefärsdricka|julmust)|1,5 l::pet,33 cl:2.3:burk,50 cl:1.9:pet|13-17
dryck|^kokosvatten|330 ml::kartong|60-80
dryck|vatten$|1,5 l::pet,33 cl:2.5:burk|9-13
dryck|^mineralvatten|1,5 l::pet,33 cl:2.5:burk|9-13
dryck|^lättöl|33 cl::burk|30-40
dryck|^folköl|33 cl::burk|40-55
dryck|^(cider|svagdricka)|33 cl::burk|32-45
dryck|^energidryck|50 cl::burk,25 cl:1.3:burk|35-45
dryck|^sportdryck|50 cl::pet|40-50
dryck|^alkoholfritt|75 cl::glas|70-100
dryck|^aloe|500 ml::pet|50-70
dryck|färskpressad|1 l::pet|55-75
dryck|(juice|nektar)|1 l::kartong,2 l::kartong|25-35
dryck|saft$|1 l::pet|35-45
dryck|saft lättsockrad$|1 l::pet|35-45
dryck|saft sockerfri$|1 l::pet|40-50
dryck|^(saft drickfärdig|måltidsdryck)|1,5 l::pet|12-16
dryck|^kolsyrad|33 cl::burk|35-45
dryck|^chokladdryck|25 cl::kartong|50-65
dryck|^kokosvatten|330 ml::kartong|60-80
dryck||1 l::kartong|20-28
# Kaffe och te
kaffe|^(bryggkaffe|kokkaffe)|450 g,900 g|220-290
kaffe|^(kaffebönor|espressobönor)|500 g,1 kg|240-320
kaffe|^espresso malet|250 g|300-380
kaffe|koffeinfritt|100 g|650-800
kaffe|^snabbkaffe|200 g,100 g|550-750
kaffe|^chokladdryckspulver|500 g,1 kg|70-95
kaffe||20 st|1.3-2.0
# Flingor och gryn
flingor|^(havregryn|fiberhavregryn)|1,5 kg,750 g|22-32
flingor|^(rågflingor|veteflingor|kornflingor|rågkross|vetekross)|1 kg|25-35
flingor|^vetegroddar|400 g|80-100
flingor|^(havrekli|vetekli|kruskakli)|500 g|40-60
flingor|granola|500 g|80-110
flingor|müsli|750 g,500 g|55-85
flingor|^havrebar|180 g|140-180
flingor||500 g,750 g|60-90
# Skafferi
skaff|glutenfri|400 g|60-80
skaff|^(fullkornsspagetti)|500 g|35-45
skaff|^(spagetti|makaroner|snabbmakaroner|penne|fusilli|farfalle)$|1 kg,500 g|25-35
skaff|^lasagneplattor|500 g|40-55
skaff|^(färsk tagliatelle|tortellini)|250 g|100-150
skaff|^(basmatiris|jasminris)|1 kg,2 kg|40-55
skaff|^(långkornigt ris|parboiled ris|grötris|fullkornsris)|1 kg,2 kg|30-45
skaff|^snabbris|400 g|50-65
skaff|^(risottoris|sushiris)|1 kg|50-70
skaff|^vildris|400 g|120-160
skaff|^(couscous|bulgur|matvete|mathavre|korngryn|mannagryn|polenta|hirs|bovete)|500 g,1 kg|30-50
skaff|^quinoa|400 g|80-110
skaff|^snabbnudlar|85 g|100-140
skaff|nudlar$|250 g|60-90
skaff|^(krossade tomater|skalade tomater)|400 g,500 g|25-35
skaff|^tomatpuré|200 g,70 g|60-90
skaff|^(röda linser|gröna linser)|500 g|40-55
skaff|^(bruna bönor|vita bönor$|gula ärtor|kikärtor torkade)|500 g,1 kg|25-40
skaff|^(kikärtor|kidneybönor|svarta bönor|stora vita bönor|vita bönor i tomatsås)|380 g|30-45
skaff|^majskorn|340 g|40-55
skaff|oliver|330 g|70-100
skaff|^(syltlök|feferoni)|330 g|70-90
skaff|^surkål|500 g|30-40
skaff|^(pickles|inlagd gurka|bostongurka|saltgurka|ättiksgurka|inlagda rödbetor|rödkål på burk)|570 g|35-50
skaff|^kantareller|280 g|200-260
skaff|^(bambuskott|champinjoner i lag|vit sparris|grillad paprika|soltorkade tomater)|280 g|60-110
skaff|^tonfisk|185 g|100-140
skaff|^krabbkött|170 g|250-320
skaff|^(sardiner|makrillfiléer|ansjovis|sardeller)|120 g|150-200
skaff|^surströmming|440 g|210-260
skaff|^musslor|250 g|80-110
skaff|^fiskbullar|375 g|55-75
skaff|^(ärtsoppa|köttsoppa)|560 g|40-60
skaff|^ravioli|400 g|50-65
skaff|^sparrissoppa|400 g|45-60
skaff|^vinbladsdolmar|280 g|120-150
skaff|^nyponsoppa pulver|300 g|90-120
skaff|^potatismospulver|160 g|120-160
skaff|pulver$|80 g|220-300
skaff|^(nyponsoppa|fruktsoppa)|1 l|30-40
skaff|^kokosmjölk|400 ml|45-65
skaff|^russin|250 g|55-75
skaff|^(torkade|dadlar|katrinplommon|torkad)|250 g|90-140
skaff|(i juice|i sockerlag|fruktcocktail|mandariner)|410 g|45-60
skaff|^hjortronsylt|250 g|300-400
skaff|^lingonsylt|400 g,800 g|55-75
skaff|(sylt|marmelad|gelé)|400 g|55-80
skaff|^äppelmos|700 g|30-40
skaff|^tacoskal|135 g|150-190
skaff|^pinjenötter|70 g|500-700
skaff|^måltidsersättning|500 g|280-360
skaff||400 g|50-80
# Bakning
bak|^vetemjöl$|2 kg|9-13
bak|^vetemjöl special|2 kg|12-16
bak|^(grahamsmjöl|rågmjöl|rågsikt|mjölblandning)|2 kg|13-19
bak|^(kornmjöl|havremjöl|dinkelmjöl|durumvetemjöl)|1 kg|28-42
bak|^(rismjöl|majsmjöl)|500 g|35-60
bak|^bovetemjöl|500 g|60-80
bak|^mandelmjöl|200 g|250-330
bak|^mjölmix|1 kg|50-70
bak|^våffelmix|500 g|80-100
bak|^potatismjöl|1 kg|25-35
bak|^majsstärkelse|400 g|55-75
bak|^strösocker|1 kg,2 kg|13-18
bak|^farinsocker|1 kg|28-38
bak|^druvsocker|500 g|55-70
bak|^ljus sirap|750 g|40-55
bak|^kakao|250 g|180-240
bak|^blockchoklad|200 g|140-190
bak|^färsk jäst|50 g|90-120
bak|^torrjäst|100 g|200-260
bak|^bakpulver|100 g|130-170
bak|^gelatinblad|12 st|1.3-1.8
bak|^(hasselnötter|sötmandel|valnötter|pekannötter)|100 g,200 g|200-320
bak|^(linfrö|solrosfrön)|500 g|40-60
bak|^(pumpafrön|sesamfrön|chiafrön)|250 g|100-150
bak|^vallmofrön|100 g|150-200
bak|^psyllium|200 g|250-330
bak|^kokosflingor|250 g|90-120
bak|^mandelmassa|400 g|110-140
bak|^kondenserad|397 g|65-85
bak|^mjölkpulver|500 g|100-130
bak|^ströbröd|400 g|40-60
bak|^pajskal|300 g|100-130
bak|^pizzadeg|400 g|60-80
bak|^pepparkaksdeg|500 g|50-70
bak||500 g|60-90
# Matfett och olja
fett|^smör|500 g,250 g|115-145
fett|^bredbart|600 g,300 g|85-110
fett|^flytande|500 ml|70-95
fett|margarin|600 g|45-70
fett|kallpressad|500 ml|70-90
fett|^(rapsolja|solrosolja|majsolja|sojaolja)|1 l|35-55
fett|^olivolja extra virgin|500 ml,1 l|180-240
fett|^olivolja|1 l|130-170
fett|^druvkärnolja|500 ml|70-90
fett|^sesamolja|250 ml|200-260
fett|^linfröolja|250 ml|280-340
fett|^kokosolja|400 g|140-190
fett|^kokosfett|250 g|90-120
fett||500 g|60-90
# Kryddor och såser
krydd|^ketchup|1 kg,500 g|35-50
krydd|^dijonsenap|200 g|120-160
krydd|^senap|500 g|60-80
krydd|^hovmästarsås|230 g|130-170
krydd|^aioli|250 g|120-150
krydd|(majonnäs|remouladsås|hamburgerdressing)|380 g|70-100
krydd|^(sojasås|söt sojasås)|150 ml,500 ml|100-160
krydd|^teriyakisås|250 ml|120-150
krydd|^(bearnaisesås|hollandaisesås|gräddsås|ostsås|rödvinssås|svampsås|pepparsås|carbonarasås)|250 ml|90-140
krydd|^kebabsås|250 ml|70-90
krydd|^(vinägrett)|250 ml|90-120
krydd|^pesto|190 g|150-200
krydd|^(pastasås|tomatsås)|500 g,700 g|50-70
krydd|^(tacosås|salsa)|230 g|100-130
krydd|^(ajvar|mango chutney|jordnötssås)|350 g|80-110
krydd|^(tzatziki|guacamole)|200 g|130-180
krydd|buljong$|12 st|1.5-2.2
krydd|^miso|300 g|150-200
krydd|^ättiksprit|1 l|25-35
krydd|vinäger$|500 ml|50-80
krydd|^bordssalt|1 kg|12-16
krydd|^mineralsalt|250 g|90-120
krydd|^havssalt|500 g|40-60
krydd|^örtsalt|300 g|90-120
krydd|^tacokrydda|28 g|500-650
krydd|^rostad lök|100 g|150-190
krydd|^dippmix|24 g|550-700
krydd|^(citronjuice|limejuice)|200 ml|90-120
krydd||500 g|50-80
# Godis och snacks
godis|^(mjölkchoklad|mörk choklad|vit choklad|choklad sockerfri)|200 g,100 g|150-220
godis|^chokladpraliner|250 g|250-350
godis|^(kex med|kolakex|chokladrån|jordnötsbar|kokosbar|energibar|müslibar)|150 g|150-220
godis|^chips|200 g,300 g|110-150
godis|^(ostbågar|jordnötsbågar|tortillachips|majskrokar|salta pinnar|snacksmix|rostade kikärtor)|200 g|100-140
godis|^mikropopcorn|270 g|80-110
godis|^(jordnötter|salta jordnötter)|300 g|80-110
godis|nötter|200 g|160-250
godis|^tuggummi|60 g|250-330
godis|^klubbor|10 st|2.5-4
godis|^fruktstänger|4 st|5-7
godis||150 g|140-200
# Färdigmat
fard|^grillad kyckling|ca 1 kg|75-95
fard|^smörgåstårta|ca 1,2 kg|220-280
fard|^(räksmörgås|baguette|ciabatta|bagel|sandwich|wrap)|200 g|180-260
fard|^sushi|300 g|250-320
fard|^potatissallad|500 g|50-70
fard|sallad$|300 g|170-220
fard|^potatisgratäng|800 g|50-70
fard|^(janssons|laxpudding)|500 g|90-130
fard|soppa$|500 g|60-90
fard|paj|450 g|110-150
fard|^(köttbullar|frikadeller)|500 g|120-150
fard|^pölsa|500 g|55-75
fard|^risgrynsgröt|1 kg|35-50
fard||400 g|95-130
# Pålägg
palagg|^lufttorkad|70 g|400-550
palagg|^(rökt skinka|tunnskivad|kalkonbröst|rökt kalkon)|120 g,250 g|200-300
palagg|^saltkött|100 g|300-380
palagg|^salami|80 g|280-360
palagg|^medwurst|250 g|150-190
palagg|^leverpastej skivbar|250 g|80-110
palagg|^leverpastej|200 g,400 g|70-100
palagg|paté$|150 g|180-240
palagg|^rullsylta|150 g|200-260
palagg|sylta$|300 g|110-160
palagg|pastej$|150 g|150-200
palagg|^skagenröra|200 g|200-260
palagg|^(räksallad|skaldjurssallad)|200 g|140-180
palagg|^skinkröra|200 g|120-160
palagg|^(rödbetssallad|sillsallad)|375 g|60-90
palagg|^hummus|200 g|110-150
palagg|^tångkaviar|80 g|500-650
palagg|kaviar|190 g,300 g|140-190
palagg|^mjukost|275 g|100-130
palagg|^messmör|300 g|80-110
palagg|^mesost|400 g|110-140
palagg|^(jordnötssmör|chokladkräm)|350 g|80-120
palagg|^honung|500 g,250 g|120-160
palagg|^havrepålägg|150 g|130-170
palagg|^makrill|170 g|110-140
palagg||150 g|150-200
# Vegetariskt
veg|^tofu|400 g|70-100
veg|(färs|bitar|pulled|kebab)|300 g,1 kg|110-160
veg|korv|300 g|120-160
veg|^falafel|300 g|90-120
veg|bacon|100 g|250-330
veg||300 g|120-170
"""

SIZE_RE = re.compile(r"^(?:ca )?(\d+(?:,\d+)?) (g|kg|ml|cl|dl|l|st)$")
UNIT_BASE = {"g": ("kg", 1000), "kg": ("kg", 1), "ml": ("l", 1000),
             "cl": ("l", 100), "dl": ("l", 10), "l": ("l", 1), "st": ("st", 1)}


def parse_size(size):
    """'ca 1,5 kg' -> ('kg', 1.5); 'per kg' -> ('kg', 1.0); else None."""
    if size == "per kg":
        return "kg", 1.0
    m = SIZE_RE.match(size)
    if not m:
        return None
    unit, div = UNIT_BASE[m.group(2)]
    return unit, float(m.group(1).replace(",", ".")) / div


class PackRule:
    def __init__(self, line):
        # The regex may itself contain "|", so split the other fields off the ends.
        cat, rest = line.split("|", 1)
        parts = rest.rsplit("|", 3)
        if len(parts) == 4 and parts[3] in ("w", "@gf"):
            pattern, sizes, price, flags = parts
        else:
            (pattern, sizes, price), flags = rest.rsplit("|", 2), ""
        self.cat = cat
        self.regex = re.compile(pattern)
        self.flags = flags
        self.sizes = []
        # Sizes use decimal commas ("1,5 l"), so re-join fragments that end in a digit.
        items, frag = [], ""
        for piece in sizes.split(",") if sizes else []:
            frag = frag + "," + piece if frag else piece
            if not frag.split(":")[0][-1:].isdigit():
                items.append(frag)
                frag = ""
        if frag:
            raise ValueError("bad sizes in pack rule: " + line)
        for item in items:
            parts = item.split(":")
            self.sizes.append((parts[0],
                               float(parts[1]) if len(parts) > 1 and parts[1] else None,
                               parts[2] if len(parts) > 2 else None))
        self.price = tuple(float(x) for x in price.split("-")) if price else None

    def matches(self, cat, name):
        return self.cat in ("*", cat) and self.regex.search(name)


PACK = [PackRule(line) for line in PACK_RULES.splitlines()
        if line and not line.startswith("#")]


def find_pack(cat, name):
    low = name.lower()
    glutenfree = False
    for rule in PACK:
        if not rule.matches(cat, low):
            continue
        if rule.flags == "@gf":
            glutenfree = True
            continue
        return rule, glutenfree
    raise SystemExit("no pack rule for %s / %s" % (cat, name))

# --------------------------------------------------------------------------
# Invented brands (not real trademarks).  "Handla Bas" is the shop's own
# budget line.  "category|regex|brand, brand"; first match wins.
# --------------------------------------------------------------------------
STORE_BRAND = "Handla Bas"
BRAND_RULES = """
mej|(havre|soja|mandel|kokos)|Havrelyckan
mej||Ängsgården, Klöverdalen
ost||Ramsjö Ost, Ängsgården, Klöverdalen
agg||Lilla Ek, Solbacka Ägg
brod||Norrbagarn, Solbergs Bageri, Rågfältet
kakor||Solbergs Bageri, Kaffestunden, Norrbagarn
kott|(korv|bacon|kassler|skinka|pudding|fläsk)|Bokskogens Chark
kott||Västgårda Kött, Bokskogens Chark
fisk||Skärgårdsfisk, Havsbandet
palagg|(mjukost|mesost|messmör)|Ängsgården, Klöverdalen
palagg|(honung|jordnötssmör|chokladkräm)|Lantskafferiet
palagg|(lax|böckling|sill|makrill|kaviar|räk|skaldjur|skagen)|Havsbandet
palagg|(havre|hummus|vegetarisk)|Grönsinne
palagg||Skivarn, Bokskogens Chark, Lantskafferiet
veg||Grönsinne, Havrelyckan
fard||Vardagsköket
fryst|(glass|sorbet|saftis|glasspinne|glasstrut|glasstårta)|Frostviken
fryst|(fisk|lax|torsk|räk|kräft|hummer|musslor|rom|lutfisk|tilapia|pangasius|hoki|pollock)|Skärgårdsfisk
fryst|(grönsak|wok|edamame|rotfrukt|ärtor|majs|broccoli|blomkål|brysselkål|spenat|lök|haricots|champinjoner|paprika|potatis|pommes|hallon|blåbär|lingon|jordgubbar|björnbär|grönkål)|Frostviken, Grönslätten
fryst|(renskav|kebabkött|älgfärs|hamburgare av nöt)|Västgårda Kött
fryst||Frostviken, Vardagsköket
dryck|(vatten|cola|läsk|soda|sockerdricka|ingefärsdricka|energi|sport)|Källsprång
dryck|(öl|cider|must|svagdricka|vin)|Ekebacka Bryggeri
dryck||Bärlunden, Källsprång
kaffe|(kaffe|espresso|bönor)|Morgonrost
kaffe||Tebladet
flingor||Gryningen, Kvarnbäcken
skaff|(sylt|marmelad|gelé|äppelmos|nyponsoppa|fruktsoppa)|Bärlunden, Lantskafferiet
skaff||Lantskafferiet, Vardagsköket
bak||Kvarnbäcken, Vallby Bruk
fett|(smör|bredbart)|Ängsgården
fett||Rapsgården
krydd||Saffransbacken, Lantskafferiet
godis||Sötebo, Knaprigt
frukt||Grönslätten, Solmogen
"""
BRANDS = []
for _line in BRAND_RULES.strip().splitlines():
    _cat, _rest = _line.split("|", 1)
    _pat, _names = _rest.rsplit("|", 1)
    BRANDS.append((_cat, re.compile(_pat), [n.strip() for n in _names.split(",")]))


def brand_pool(cat, name):
    low = name.lower()
    for c, rx, names in BRANDS:
        if c == cat and rx.search(low):
            return names
    raise SystemExit("no brand for " + name)


# --------------------------------------------------------------------------
# Origin: "regex|country, country" on the lower-case name; default Sverige.
# --------------------------------------------------------------------------
ORIGIN_RULES = """
^(banan|kokbanan)|Ecuador, Colombia, Costa Rica
^(apelsin|clementiner|citron|grapefrukt)$|Spanien, Marocko
^lime$|Brasilien, Mexiko
^(mango|papaya|passionsfrukt|guava|physalis)$|Peru, Brasilien, Colombia
^(avokado)$|Peru, Chile, Spanien
^ananas$|Costa Rica
^(kiwi)$|Italien, Nya Zeeland
^(vindruvor|granatäpple|sharonfrukt|kumquat|fikon|kvitten)|Italien, Spanien, Sydafrika, Turkiet
^(nektarin|persika|plommon|aprikos|körsbär)$|Chile, Sydafrika
^(honungsmelon|nätmelon|vattenmelon)$|Spanien, Brasilien
^(hallon|björnbär|blåbär|jordgubbar)$|Spanien, Marocko, Nederländerna
^(kokosnöt)$|Sri Lanka, Filippinerna
^(tomater|körsbärstomater|paprika|aubergine|squash|chilipeppar|gurka)|Sverige, Nederländerna, Spanien
^(sparris|sockerärtor|haricots verts)$|Peru, Kenya
^(ingefära|sötpotatis)$|Kina, USA, Peru
^(ruccola|babyspenat|isbergssallad|romansallad|friséesallad|fänkål|kronärtskocka)|Italien, Spanien
^(vitlök)$|Spanien, Kina
^(äpple granny smith|äpple frida|päron$)|Italien, Nederländerna, Belgien
^(färskpotatis)$|Spanien, Cypern
^(bryggkaffe|kokkaffe|kaffebönor|espresso|snabbkaffe)|Brasilien, Colombia, Guatemala
^(svart te|earl grey|grönt te)|Indien, Kenya, Sri Lanka
^rooibos|Sydafrika
^(basmatiris)|Indien, Pakistan
^(jasminris)|Thailand
^(långkornigt ris|parboiled ris|fullkornsris|snabbris)|Italien, USA
^(risottoris|grana|mozzarella|lufttorkad|salami|pesto|tortellini|färsk tagliatelle|polenta)|Italien
^(spagetti|makaroner|penne|fusilli|farfalle|lasagneplattor|fullkornsspagetti|snabbmakaroner|spagetti glutenfri|fusilli glutenfri)( eko)?$|Italien
^(olivolja|oliver|gröna oliver|svarta oliver|salladsost)|Grekland, Spanien, Italien
^(halloumi)|Cypern
^(brie|camembert|chèvre|dijonsenap)|Frankrike
^(chorizo|salsiccia)|Spanien
^(tonfisk|sardiner|ananas i juice|fruktcocktail|mandariner|bambuskott|kokosmjölk|jasmin|glasnudlar|risnudlar)|Thailand, Filippinerna
^(quinoa)|Peru, Bolivia
^(couscous|bulgur|kikärtor|röda linser|gröna linser|svarta bönor|kidneybönor)|Turkiet, Kanada
^(dadlar)|Tunisien
^(russin|torkade|katrinplommon$|cashew|pistasch|paranötter|pekannötter|valnötter|hasselnötter|sötmandel|pinjenötter|jordnötter|salta jordnötter)|USA, Turkiet, Chile
^(laxfilé|laxfilé fryst|kallrökt lax|gravad lax|varmrökt lax|rimmad lax)( eko)?$|Norge
^sikrom|Kanada, USA
^(druvkärnolja|majsolja|sojaolja|solrosolja)|Frankrike, Ungern, Italien
^sesamolja|Indien, Kina
^(kokosolja|kokosfett|kokosflingor|kokosmjölk|kokosvatten)|Filippinerna, Sri Lanka
^(mandeldryck|kokosdryck)|Italien, Belgien
^(räkor)|Norge, Kanada
^(havsabborre|tilapia|pangasius|hoki|alaska|pinklax)|Grekland, Vietnam, Nya Zeeland, USA
^(entrecôte|oxfilé)|Sverige, Irland, Uruguay
^(lammstek|lammkotletter|lammrygg|lammbog|lammlägg|lammfärs)|Sverige, Nya Zeeland, Irland
^(ankbröst)|Frankrike, Ungern
^(kakao|mörk choklad|chokladpraliner|blockchoklad)|Belgien, Sverige
^(chiafrön|psylliumfröskal|sesamfrön)|Paraguay, Indien
^mandelmjöl|USA
^vinbladsdolmar|Grekland
^(krossade tomater|skalade tomater|tomatpuré|soltorkade tomater)|Italien, Spanien
^(tranbär)$|Kanada, USA
^(röda vinbär|björnbär|rabarber)$|Nederländerna, Polen
"""
ORIGINS = []
for _line in ORIGIN_RULES.strip().splitlines():
    _pat, _names = _line.rsplit("|", 1)
    ORIGINS.append((re.compile(_pat), [n.strip() for n in _names.split(",")]))

# Categories whose goods are normally Swedish-produced and labelled so.
SWEDISH_LABEL_CATS = {"mej", "ost", "agg", "kott", "brod", "frukt", "fard", "palagg"}


def origin_for(name, rng):
    low = name.lower()
    for rx, countries in ORIGINS:
        if rx.search(low):
            return rng.choice(countries)
    return "Sverige"


# --------------------------------------------------------------------------
# Allergens (the EU's 14), derived from the shop name plus the agency's name
# (which often says "m. mjölk", "m. ägg", "veteprotein").  Patterns avoid the
# classic traps: "ost" inside Frukost/rostad, "rån" inside "från", "ägg"
# inside "lägg", "mjölk" inside "kokosmjölk", "nöt" meaning beef.
# --------------------------------------------------------------------------
ALLERGEN_ORDER = ["gluten", "crustaceans", "egg", "fish", "peanuts", "soy", "milk", "nuts",
                  "celery", "mustard", "sesame", "sulphites", "lupin", "molluscs"]
PLANT_RE = re.compile(r"^(havredryck|sojadryck|mandeldryck|kokosdryck|kokosvatten|kokosmjölk|havregurt|"
                      r"havrefraiche)|havreglass|sorbet|isglass|saftisar|vegansk|"
                      r"matlagningsbas (havre|soja)|vaniljsås havre|havrepålägg|mjölkfri|sojaglass")
MILK_RE = re.compile(
    r"(?<!kokos)mjölk(?!syr)|grädd(?!at|ade)|(?<!nöts)smör(?!gås)|\bost\b|ostkex|ostbågar|ostsås|ostkaka|hårdost|hushållsost|"
    r"gräddost|mjukost|smältost|mesost|messmör|färskost|ädelost|mögelost|salladsost|yoghurt|kvarg|"
    r"\bfil\b|filmjölk|långfil|lättfil|mellanfil|kefir|crème fraiche|cottage|brie|camembert|chèvre|"
    r"halloumi|mozzarella|grana padano|\bgrana\b|glass|pudding|mousse|vaniljsås|vaniljvisp|malta|ayran|gratäng|"
    r"lasagne(?!plattor)|pannkak|crêpe|bearnaise|hollandaise|pepparsås|carbonara|svampsås|kebabsås|tzatziki|"
    r"skagenröra|räksallad|skinkröra|rödbetssallad|gräddfil|janssons|wienerbröd|bullar|cookie|"
    r"chokladbollar|chokladrutor|moussaka|tikka|risgrynsgröt|kåldolmar|"
    r"längd\b|munkar|tårta|bakelse|biskvi|mazarin|sockerkaka|toscakaka|chokladkaka|ambrosiakaka|"
    r"muffins|cheesecake|kola\b|kolasås|chokladkola|fruktkola|potatismos|paj\b|pajer|skinkpaj|"
    r"piroger|börek|pizza|stroganoff|caesarsallad|grekisk sallad|baguette med|ciabatta med|"
    r"bagel med|sandwich|wrap|räksmörgås|smörgåstårta|leverpastej|köttbullar|frikadeller|"
    r"pannbiffar|biff à la|fiskgratäng|laxpudding|croissant|scones|hönökaka|tekakor|"
    r"mjukt tunnbröd|kex med|kolakex|nougat|praliner|chokladmint|(?<!f)rån\b|chokladrån|"
    r"dippmix|vit choklad|mjölkchoklad|pastagratäng|kondenserad|potatiskroketter|fisk med|"
    r"chokladdryck|chokladpudding|äppelpaj|kanelbullar|vetebullar|saffransbullar|sufflé|"
    r"fruktyoghurt|mandelkubbar|rulltårta|drömtårta")
GLUTEN_RE = re.compile(
    r"bröd|knäck|crisp|kex|crackers|(?<!f)rån\b|bulle|bullar|längd\b|skorpor|kaka\b|kakor|tårta|"
    r"bakelse|munkar|muffins|scones|croissant|baguette|ciabatta|bagel|sandwich|wrap|pizza|paj\b|"
    r"pajer|pajskal|skinkpaj|piroger|sambusa|börek|lasagne|spagetti|makaroner|penne|fusilli|"
    r"farfalle|pasta(?!sås| el)|tagliatelle|tortellini|ravioli|äggnudlar|snabbnudlar|couscous|bulgur|"
    r"mannagryn|(?<!bo)vete|\bråg|rågk|rågs|korngryn|kornflingor|kornbröd|kornmjöl|havre|dinkel|durum|"
    r"graham|mjöl(?!k)|müsli|granola|flingor|puffar|flingringar|kruska|\bkli\b|kli$|pumpernickel|"
    r"kavring|rallarhalvor|hönökaka|tekakor|chapati|tortilla|pitabröd|tunnbröd|frallor|cornflakes|"
    r"smördeg|filodeg|pizzadeg|pepparkaksdeg|biskvi|mazariner|cookies|strutar|toscabitar|"
    r"punschrullar|chokladbollar|arraksbollar|pannkakor|crêpes|vårrullar|köttbullar|frikadeller|"
    r"pannbiffar|biff à la|kåldolmar|kroppkakor|pitepalt|fiskpinnar|fisk med|fiskgratäng|"
    r"fiskbullar|blodpudding|pölsa|sojasås|teriyaki|snacksmix|salta pinnar|ostbågar|"
    r"jordnötsbågar|majskrokar|lakrits|kolakex|chokladrån|müslibar|havrebar|energibar|skumbollar|"
    r"mandelkubbar|jitterbugg|pepparkakor|spettekaka|gräddsås|svampsås|rödvinssås|pepparsås|"
    r"ostsås|leverpastej|paté|dippmix|chokladkex|smörgåstårta|räksmörgås|caesarsallad|nudelwok|"
    r"kycklingburgare|matvete|mathavre|mjölblandning|rågsikt|våffelmix|pastagratäng|"
    r"potatiskroketter|glasstrutar|glasstårta|cheesecake|äppelpaj|sötsur|ostkaka|"
    r"veteprotein|miso|malt\b|kornmalt|digestive|ströbröd|pastasoppa|nudelsoppa|janssons")
NO_GLUTEN_RE = re.compile(r"glutenfri|riskakor|majskakor|linskakor|rismjöl|majsmjöl|bovetemjöl|"
                          r"potatismjöl|majsstärkelse|mandelmjöl|kokosflingor|risnudlar|glasnudlar|maräng|"
                          r"spettekaka|rösti")
EGG_RE = re.compile(
    r"(^|\s)ägg|äggnudlar|m\. ägg|majonnäs|remoulad|aioli|hovmästarsås|bearnaise|hollandaise|"
    r"pannkak|crêpe|sockerkaka|toscakaka|chokladkaka|ambrosiakaka|fruktkaka|nötkaka|tårta|"
    r"tårtbottnar|bakelse|biskvi|mazariner|maräng|muffins|cookies|mandelkubbar|jitterbugg|"
    r"munkar|wienerbröd|kanellängd|vetelängd|bullar|tagliatelle|tortellini|köttbullar|"
    r"frikadeller|pannbiffar|biff à la|kåldolmar|laxpudding|fiskbullar|fiskgratäng|paj\b|pajer|"
    r"skinkpaj|piroger|skumbollar|skagenröra|räksallad|skaldjurssallad|räksmörgås|smörgåstårta|"
    r"caesarsallad|hamburgerdressing|pudding|mousse|ostkaka|croissant|äppelpaj|chokladrutor|"
    r"lasagne(?!plattor)|"
    r"cheesecake|leverpastej|paté|svampprotein|kycklingburgare|vaniljvisp|potatissallad")
FISH_RE = re.compile(
    r"lax|torsk|\bsej|kolja|kummel|sill(?!i)|strömming|röding|öring|abborr|gös|hälleflundra|rödspätta|"
    r"makrill|böckling|\bsik\b|ansjovis|sardell|sardin|tonfisk|lutfisk|fisk|surimi|tilapia|"
    r"pangasius|hoki|pollock|regnbåg|påläggskaviar|\brom\b|sikrom|löjrom|stenbitsrom|matjes|"
    r"janssons|caesarsallad|sushi(?!ris)|skagen")
CRUST_RE = re.compile(r"räk|kräft|hummer|krabb|skaldjur|surimi|skagen")
MOLL_RE = re.compile(r"mussl|ostron|skaldjur|bläckfisk")
NUTS_RE = re.compile(r"hasselnöt|cashew|valnöt|pekannöt|pistasch|paranöt|mandel(?!potatis)|"
                     r"nötkaka|nötkräm|chokladkräm|pesto|(?<!jord)(?<!chili)nötter|praliner|"
                     r"toscabitar|toscakaka|mazariner|biskvi|prinsesstårta|nougat|krokant|"
                     r"pinjenöt|pinjefrö")
PEANUT_RE = re.compile(r"jordnöt|chilinötter|snacksmix")
SOY_RE = re.compile(r"soja|tofu|miso|edamame|teriyaki")
SESAME_RE = re.compile(r"sesam|hummus|falafel|tahini")
CELERY_RE = re.compile(r"selleri|buljong|grönsakssoppa|köttsoppa|ärtsoppa|linssoppa|minestrone|"
                       r"morotssoppa|fisksoppa|purjolökssoppa|(?<!nypon)soppa pulver|kalops|"
                       r"köttfärssås|chili con|chili sin|sjömansbiff|rotfruktsmix")
MUSTARD_RE = re.compile(r"senap|remoulad|hovmästarsås|majonnäs|hamburgerdressing|matjes|inlagd sill|"
                        r"sillsallad|dijon|vinägrett|rödbetssallad")
SULPHITE_RE = re.compile(r"\bvin\b|vinäger|torkade aprikoser|torkad fruktmix|cider")


def allergens_for(cat, name, source_name):
    low = name.lower()
    text = low + " | " + source_name.lower()
    found = set()
    plant = bool(PLANT_RE.search(low)) or cat == "veg"
    if not plant and (cat in ("mej", "ost") or MILK_RE.search(text)):
        if "mörk choklad" not in low and "blockchoklad" not in low:
            found.add("milk")
    if cat == "veg" and "ost" in re.findall(r"\b\w+\b", text):
        found.add("milk")
    if (cat in ("brod", "kakor") or GLUTEN_RE.search(text)) and not NO_GLUTEN_RE.search(text):
        found.add("gluten")
    if (cat == "agg" and "kaviar" not in low) or (EGG_RE.search(text) and "äggfri" not in text
                                                  and "vegansk" not in low):
        found.add("egg")
    if CRUST_RE.search(low):
        found.add("crustaceans")
    if MOLL_RE.search(low):
        found.add("molluscs")
    if (cat == "fisk" and not found & {"crustaceans", "molluscs"}) or \
            (FISH_RE.search(text) and "tångkaviar" not in low):
        found.add("fish")
    for allergen, rx in (("nuts", NUTS_RE), ("peanuts", PEANUT_RE), ("soy", SOY_RE),
                         ("sesame", SESAME_RE), ("celery", CELERY_RE), ("mustard", MUSTARD_RE),
                         ("sulphites", SULPHITE_RE)):
        if rx.search(text):
            found.add(allergen)
    return [a for a in ALLERGEN_ORDER if a in found]


# --------------------------------------------------------------------------
# Short ingredient lists for some composite products (allergens in capitals,
# as Swedish packs print them in bold).
# --------------------------------------------------------------------------
INGREDIENTS = [
    (r"^falukorv", "Fläskkött, vatten, nötkött, potatismjöl, salt, lök, kryddor, druvsocker, "
                   "antioxidationsmedel (askorbinsyra), konserveringsmedel (natriumnitrit)."),
    (r"^köttbullar", "Nötkött, fläskkött, vatten, lök, MJÖLK, STRÖBRÖD (VETE), ÄGG, potatismjöl, "
                     "salt, kryddor."),
    (r"^leverpastej", "Fläsklever, fläskfett, vatten, MJÖLK, VETEMJÖL, ÄGG, lök, salt, kryddor, "
                      "konserveringsmedel (natriumnitrit)."),
    (r"^knäckebröd fullkorn råg$", "Fullkornsmjöl av RÅG (98 %), salt, jäst."),
    (r"^rutknäcke", "Fullkornsmjöl av RÅG, vatten, salt, jäst."),
    (r"^ketchup", "Tomatpuré (65 %), socker, vinäger, salt, kryddor."),
    (r"^majonnäs$", "Rapsolja (78 %), vatten, ÄGGULA, ättika, SENAP, salt, socker."),
    (r"^senap$", "Vatten, SENAPSFRÖ, socker, ättika, salt, kryddor."),
    (r"^pannkakor", "MJÖLK, VETEMJÖL, ÄGG, rapsolja, socker, salt."),
    (r"^fiskpinnar", "Alaska pollock (FISK) (65 %), VETEMJÖL, rapsolja, vatten, potatisstärkelse, "
                     "salt, jäst."),
    (r"^pytt i panna$", "Potatis (55 %), fläskkött, nötkött, lök, rapsolja, salt, svartpeppar."),
    (r"^janssons", "Potatis, GRÄDDE, lök, ANSJOVIS (skarpsill, FISK), ströbröd (VETE), SMÖR, salt."),
    (r"^lingonsylt", "Lingon (50 %), socker."),
    (r"^jordgubbssylt", "Jordgubbar (45 %), socker, förtjockningsmedel (pektin), "
                        "surhetsreglerande medel (citronsyra)."),
    (r"^äppelmos$", "Äpplen (85 %), socker, antioxidationsmedel (askorbinsyra)."),
    (r"^kanelbullar", "VETEMJÖL, vatten, socker, SMÖR, ÄGG, jäst, kanel, kardemumma, salt."),
    (r"^pepparkakor$", "VETEMJÖL, socker, vegetabiliskt fett (raps, shea), sirap, kryddor, "
                       "bakpulver, salt."),
    (r"^ärtsoppa med fläsk", "Vatten, gula ärtor (28 %), fläskkött (8 %), lök, salt, kryddor."),
    (r"^köttfärssås", "Nötkött (35 %), krossade tomater, lök, morot, vatten, tomatpuré, "
                      "SELLERI, salt, kryddor."),
    (r"^lasagne$", "Nötkött, pastaplattor (VETE, ÄGG), MJÖLK, tomater, OST, lök, VETEMJÖL, "
                   "SMÖR, salt, kryddor."),
    (r"^pizza margherita", "VETEMJÖL, tomatsås, OST (mozzarella), vatten, rapsolja, jäst, "
                           "salt, oregano."),
    (r"^fruktyoghurt jordgubb", "Yoghurt (MJÖLK), jordgubbar (8 %), socker, "
                                "förtjockningsmedel (pektin)."),
    (r"^chokladbollar", "Havregryn (HAVRE), socker, SMÖR, kakao, kokos, vaniljsocker, salt."),
    (r"^kalops", "Nötkött (40 %), vatten, morot, lök, VETEMJÖL, salt, kryddpeppar, lagerblad."),
    (r"^hummus", "Kikärtor (60 %), vatten, SESAMPASTA (tahini), rapsolja, citronjuice, "
                 "vitlök, salt."),
    (r"^pesto$", "Basilika (40 %), rapsolja, OST (grana padano), CASHEWNÖTTER, PINJENÖTTER, "
                 "vitlök, salt."),
    (r"^skagenröra", "RÄKOR (40 %), MAJONNÄS (rapsolja, ÄGGULA), CRÈME FRAICHE (MJÖLK), dill, "
                     "SIKROM (FISK), salt, peppar."),
    (r"^räksallad", "RÄKOR (30 %), majonnäs (rapsolja, ÄGGULA, SENAP), GRÄDDFIL (MJÖLK), gurka, dill, "
                   "salt."),
    (r"^remouladsås", "Rapsolja, vatten, inlagd gurka, ÄGGULA, ättika, SENAP, socker, salt, "
                      "kryddor."),
    (r"^bearnaisesås", "Vatten, rapsolja, SMÖR, ÄGGULA, ättika, dragon, salt, "
                       "förtjockningsmedel (guarkärnmjöl)."),
    (r"^potatissallad", "Potatis (60 %), GRÄDDFIL (MJÖLK), majonnäs (rapsolja, ÄGGULA, SENAP), "
                        "gräslök, rödlök, salt, peppar."),
    (r"^pannbiffar", "Nötkött, fläskkött, vatten, lök, STRÖBRÖD (VETE), ÄGG, MJÖLK, salt, peppar."),
    (r"^kåldolmar", "Vitkål (45 %), nötkött, fläskkött, ris, vatten, MJÖLK, ÄGG, sirap, salt, "
                    "kryddor."),
    (r"^sill i gräddfilssås", "SILL (45 %), GRÄDDFIL (MJÖLK), socker, dill, gräslök, ättika, "
                              "SENAP, salt."),
    (r"^senapssill", "SILL (45 %), rapsolja, socker, SENAP, ättika, vatten, salt."),
    (r"^inlagd sill", "SILL (50 %), vatten, socker, ättika, lök, morot, kryddpeppar, lagerblad."),
    (r"^julmust$", "Vatten, socker, kolsyra, färgämne (sockerkulör), humle- och maltextrakt "
                  "(KORN), aromer, surhetsreglerande medel (citronsyra)."),
    (r"^cola$", "Vatten, socker, kolsyra, färgämne (sockerkulör), surhetsreglerande medel "
                "(fosforsyra), aromer, koffein."),
    (r"^bredbart smör och raps 75", "SMÖR (60 %), rapsolja (25 %), vatten, salt."),
    (r"^blandsaft$", "Vatten, socker, fruktsaft av koncentrat (äpple, svarta vinbär, hallon) "
                     "(25 %), surhetsreglerande medel (citronsyra), konserveringsmedel "
                     "(kaliumsorbat)."),
    (r"^vegoburgare", "Potatis, linser, bönor, majs, lök, rapsolja, potatisstärkelse, salt, "
                      "kryddor."),
    (r"^kroppkakor", "Potatis (60 %), VETEMJÖL, fläsk (12 %), lök, salt, kryddpeppar."),
    (r"^smörgåstårta", "Bröd (VETE, RÅG), RÄKOR, ÄGG, MAJONNÄS (ÄGGULA, SENAP), LAX (FISK), "
                       "CRÈME FRAICHE (MJÖLK), OST, skinka, gurka, tomat, dill."),
]
INGREDIENTS = [(re.compile(p), t) for p, t in INGREDIENTS]


def ingredients_for(name):
    low = name.lower()
    for rx, text in INGREDIENTS:
        if rx.search(low):
            return text
    return None


# --------------------------------------------------------------------------
# Popularity: staples sell most.  "regex|score" on the lower-case name.
# --------------------------------------------------------------------------
POPULARITY_RULES = """
^(mellanmjölk|lättmjölk|standardmjölk)|100
^(smör normalsaltat|bredbart smör och raps 75)|95
^ägg frigående|95
^(bryggkaffe mellanrost|kokkaffe)|95
^banan$|95
^(potatis fast|gul lök|morötter|gurka|tomater)$|90
^(filmjölk 3|yoghurt naturell 3|fruktyoghurt)|88
^(hushållsost 26|hushållsost lätt)|88
^(äpplen|apelsin|clementiner|päron)$|85
^(knäckebröd fullkorn råg|rutknäcke|formfranska|rågsiktslimpa|vetelimpa|kavring|fullkornsrågbröd)|85
^(falukorv|köttbullar|nötfärs 10|blandfärs|kycklingbröstfilé|laxfilé|torskfilé|fiskpinnar)|85
^(havregryn|spagetti$|makaroner$|långkornigt ris|basmatiris|krossade tomater)|80
^(vispgrädde|matlagningsgrädde|crème fraiche 34|gräddfil)|80
^(leverpastej|rökt skinka|kalkonbröst|mjukost|messmör|påläggskaviar)|80
^(lingonsylt|äppelmos|jordgubbssylt|ketchup|senap|majonnäs)|78
^(vetemjöl|strösocker|rapsolja)|75
^(kanelbullar|vetebullar|mariekex|digestivekex|pepparkakor)|72
^(apelsinjuice|äppeljuice|julmust|cola|mineralvatten|blandsaft)|72
^(svart te|havredryck|cornflakes|ärtsoppa med fläsk|pytt i panna|potatisgratäng)|70
^(prinskorv|julskinka|inlagd sill|senapssill|janssons|lutfisk|rödkål på burk|glögg)|65
"""
POPULARITY = []
for _line in POPULARITY_RULES.strip().splitlines():
    _pat, _score = _line.rsplit("|", 1)
    POPULARITY.append((re.compile(_pat), int(_score)))
CATEGORY_POPULARITY = {"frukt": 40, "mej": 45, "ost": 35, "agg": 60, "brod": 40, "kakor": 25,
                       "kott": 35, "fisk": 25, "palagg": 35, "veg": 20, "fard": 30, "fryst": 30,
                       "dryck": 30, "kaffe": 35, "flingor": 30, "skaff": 30, "bak": 25,
                       "fett": 30, "krydd": 25, "godis": 30}


def popularity_for(cat, name, rng):
    low = name.lower()
    for rx, score in POPULARITY:
        if rx.search(low):
            return score - rng.randint(0, 5)
    return max(1, CATEGORY_POPULARITY[cat] - 15 + rng.randint(0, 25))


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------
def keyhole(cat, name, src_name, nut):
    low = name.lower()
    src = src_name.lower()
    fat, sugar, fibre, salt = nut["fat"], nut["sugar"], nut["fibre"], nut["salt"]
    if None in (fat, sugar, fibre, salt):
        return False
    if cat == "brod":
        return fibre >= 6 and sugar <= 5 and fat <= 7 and salt <= 1.5
    if cat == "flingor":
        return fibre >= 6 and sugar <= 13 and fat <= 8
    if cat == "skaff":
        return "fullkorn" in src and fibre >= 3 and sugar <= 5
    if cat == "mej":
        return fat <= 0.7 and sugar <= 5 and not PLANT_RE.search(low)
    if cat == "ost":
        return fat <= 17
    if cat == "kott":
        if "korv" in low:
            return fat <= 10 and salt <= 1.8
        return fat <= 10 and salt <= 0.5
    if cat == "fisk":
        return salt <= 1.0
    if cat == "fryst":
        return ("frysvara" in src and sugar <= 10 and fat <= 3 and "socker" not in src
                and ("Grönsaker" in nut["group"] or "Frukt" in nut["group"]))
    if cat == "fett":
        return bool(re.search(r"^(lättmargarin|rapsolja|flytande margarin$|bordsmargarin 60)", low))
    if cat == "veg":
        return fat <= 10 and salt <= 1.0 and sugar <= 5
    return False


VEGAN_RE = re.compile(r"^(havredryck|sojadryck|mandeldryck|kokosdryck|havregurt|havrefraiche|"
                      r"havreglass|sorbet|havrepålägg|tofu|falafel|hummus|vegansk|sojafärs|"
                      r"sojabitar|sojabullar|pulled havre|pulled soja|ärtproteinfärs|vegokebab|"
                      r"matlagningsbas (havre|soja)|vaniljsås havre|flytande margarin mjölkfri|"
                      r"bordsmargarin mjölkfri|hushållsmargarin mjölkfri|grönsakskorv|vegoburgare)")


# --------------------------------------------------------------------------
# Prices
# --------------------------------------------------------------------------
def nice_price(ore, rng):
    """Round an öre amount to a shelf price ending in ,90 ,95 ,50 or ,00."""
    ore = max(ore, 100)
    if ore < 2000:
        endings = [(90, 50), (95, 20), (50, 20), (0, 10)]
    elif ore < 10000:
        endings = [(90, 55), (95, 15), (0, 20), (50, 10)]
    else:
        endings = [(90, 45), (0, 35), (95, 10), (50, 10)]
    pick = rng.choices([e for e, _ in endings], weights=[w for _, w in endings])[0]
    krona = int(ore // 100)
    cands = [(k * 100 + pick) for k in (krona - 1, krona, krona + 1) if k * 100 + pick > 0]
    return min(cands, key=lambda c: (abs(c - ore), c))


def offer_price(price, rng):
    """10-30 % below the shelf price, ending in ,00 ,90 ,50 or ,95."""
    allowed = (0, 90) if price >= 10000 else (0, 50, 90, 95)
    start = int(price * (1 - rng.uniform(0.12, 0.28)))
    lo, hi = math.ceil(0.70 * price), math.floor(0.90 * price)
    # Nearest allowed ending below the target, else above it.
    for v in list(range(start, lo - 1, -1)) + list(range(start + 1, hi + 1)):
        if v % 100 in allowed:
            return v
    for v in range(start, lo - 1, -1):  # tiny prices: any whole ten öre
        if v % 10 == 0:
            return v
    raise SystemExit("no offer price for %d" % price)


def comparison(price, qty):
    """Price per kg, l or st in whole öre, rounded half up."""
    return int(math.floor(price / qty + 0.5 + 1e-9))


def ean13(digits12):
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return digits12 + str((10 - total % 10) % 10)


# --------------------------------------------------------------------------
# Source data
# --------------------------------------------------------------------------
def num(cell):
    cell = cell.strip().replace(",", ".")
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def read_source(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    if len(rows) < 4 or rows[2][:3] != ["Livsmedelsnamn", "Livsmedelsnummer", "Gruppering"]:
        raise SystemExit("%s: not Livsmedelsverket's LivsmedelsDB.csv (header on line 3)" % path)
    header = rows[2]
    col = {name: i for i, name in enumerate(header)}
    foods = {}
    for row in rows[3:]:
        if len(row) < 3 or not row[1].strip():
            continue
        foods[int(row[1])] = {
            "name": row[0].strip(),
            "group": row[2].strip(),
            "fat": num(row[col["Fett, totalt (g)"]]),
            "sugar": num(row[col["Sockerarter, totalt (g)"]]),
            "fibre": num(row[col["Fibrer (g)"]]),
            "salt": num(row[col["Salt, NaCl (g)"]]),
        }
    return foods


def base_items(foods):
    items = []
    for line in ITEMS.splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("|")
        n = int(parts[0])
        if n not in foods:
            raise SystemExit("food %d is not in the source file" % n)
        food = foods[n]
        cat = parts[2] if len(parts) > 2 and parts[2] else GROUP_DEFAULT[food["group"]]
        items.append({"key": "lv%d" % n, "name": parts[1], "cat": cat, "food": food})
        for j, kind in enumerate(KINDS.get(n, []), 1):
            items.append({"key": "lv%dk%d" % (n, j), "name": kind, "cat": cat, "food": food})
    items.sort(key=lambda it: it["key"])
    return items


# --------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------
LABEL_ORDER = ["organic", "lactose_free", "gluten_free", "keyhole", "swedish_origin", "vegan",
               "fairtrade"]
LACTOSE_FREE_RE = re.compile(r"^(mellanmjölk|lättmjölk|standardmjölk|filmjölk 3|yoghurt naturell 3|"
                             r"vispgrädde|matlagningsgrädde|crème fraiche 34|gräddfil|kaffegrädde|"
                             r"kvarg naturell$|fruktyoghurt jordgubb|hushållsost 26)")
ORGANIC_CATS = {"frukt", "mej", "ost", "agg", "brod", "flingor", "skaff", "kaffe", "bak", "kott",
                "dryck", "fryst", "fett", "godis", "palagg"}
FAIRTRADE_RE = re.compile(r"kaffe|espresso|kaffebönor|svart te|earl grey|grönt te|rooibos|^banan$|"
                          r"choklad|kakao")
IMPORTED_BUDGET = [
    (re.compile(r"kyckling"), ["Danmark", "Polen"]),
    (re.compile(r"nötfärs|ryggbiff|entrecôte|oxfilé|rostbiff|högrev|fransyska|innanlår|ytterlår|"
                r"grytbitar av nöt|oxbringa"), ["Irland", "Tyskland"]),
    (re.compile(r"fläsk|revbensspjäll|bacon|kassler|blandfärs"), ["Danmark", "Tyskland"]),
]
PANT_SMALL, PANT_LARGE = 100, 200


def with_qualifier(name, word):
    """Put a qualifier before a trailing fat percentage: 'Mellanmjölk 1,5%' -> 'Mellanmjölk laktosfri 1,5%'."""
    m = re.match(r"^(.*?)( \d+(?:,\d+)?%)$", name)
    return m.group(1) + " " + word + m.group(2) if m else name + " " + word


def variants(item, rng):
    name, cat, food = item["name"], item["cat"], item["food"]
    low = name.lower()
    rule, glutenfree = find_pack(cat, name)
    lo, hi = rule.price
    ppu = rng.uniform(lo, hi)
    if glutenfree and not rule.regex.pattern:  # no dedicated rule: gluten-free costs more
        ppu *= 1.8
    weight = "w" in rule.flags
    pool = brand_pool(cat, name)
    main_brand = None if weight else rng.choice(pool)
    organic_base = low.endswith(" eko")
    pop = popularity_for(cat, name, rng)
    if organic_base:
        pop = pop * 6 // 10
    staple = pop >= 70

    base_labels = set()
    if organic_base:
        base_labels.add("organic")
    if "laktosfri" in low:
        base_labels.add("lactose_free")
    if "glutenfri" in low:
        base_labels.add("gluten_free")
    if keyhole(cat, name, food["name"], food):
        base_labels.add("keyhole")
    if VEGAN_RE.search(low):
        base_labels.add("vegan")
    default_origin = cat not in ("godis", "krydd", "dryck", "skaff", "veg", "kaffe") or \
        any(rx.search(low) for rx, _ in ORIGINS)
    origin = origin_for(name, rng) if default_origin else None
    if origin == "Sverige" and cat in SWEDISH_LABEL_CATS and rng.random() < 0.85:
        base_labels.add("swedish_origin")
    if FAIRTRADE_RE.search(low) and cat in ("kaffe", "frukt", "godis") and rng.random() < 0.15:
        base_labels.add("fairtrade")
    allergens = allergens_for(cat, name, food["name"])
    ingredients = ingredients_for(name)

    # (name, brand, size index, price factor, popularity, extra labels, origin)
    specs = [(name, main_brand, 0, 1.0, pop, set(), origin)]
    n_sizes = len(rule.sizes)
    if n_sizes >= 2 and (staple or rng.random() < 0.45):
        specs.append((name, main_brand, 1, 1.0, pop * 6 // 10, set(), origin))
    if n_sizes >= 3 and (staple or rng.random() < 0.6):
        specs.append((name, main_brand, 2, 1.0, pop // 2, set(), origin))
    if n_sizes >= 4 and staple:
        specs.append((name, main_brand, 3, 1.0, pop * 4 // 10, set(), origin))
    if not weight and not organic_base and rng.random() < (0.85 if staple else 0.3):
        budget_origin = origin
        for rx, countries in IMPORTED_BUDGET:
            if cat == "kott" and rx.search(low) and rng.random() < 0.7:
                budget_origin = rng.choice(countries)
                break
        specs.append((name, STORE_BRAND, 0, 0.82, pop * 9 // 10, set(), budget_origin))
    if not weight and len(pool) >= 2 and rng.random() < 0.2:
        other = rng.choice([b for b in pool if b != main_brand])
        specs.append((name, other, 0, 1.12, pop // 2, set(), origin))
    if cat in ORGANIC_CATS and not organic_base and rng.random() < (0.4 if staple else 0.15):
        extra = {"organic"}
        if FAIRTRADE_RE.search(low) and cat in ("kaffe", "frukt", "godis"):
            extra.add("fairtrade")
        specs.append((name + " eko", main_brand, 0, 1.3, pop // 2, extra, origin))
    if LACTOSE_FREE_RE.search(low) and "laktosfri" not in low and not organic_base:
        specs.append((with_qualifier(name, "laktosfri"), main_brand, 0, 1.2, pop * 6 // 10,
                      {"lactose_free"}, origin))

    size0 = parse_size(rule.sizes[0][0])[1]
    products = []
    for i, (pname, brand, si, pfactor, ppop, extra, porigin) in enumerate(specs, 1):
        size, factor, container = rule.sizes[si]
        unit, qty = parse_size(size)
        if factor is None:
            factor = (qty / size0) ** -0.12 if si else 1.0
        unit_price = ppu * factor * pfactor * 100
        if weight:
            price = nice_price(unit_price, rng)
            comp = price
        else:
            price = nice_price(unit_price * qty, rng)
            comp = comparison(price, qty)
        p = {"id": "%s-%d" % (item["key"], i), "name": pname}
        if brand:
            p["brand"] = brand
        p["size"] = size
        p["category"] = CAT_ID[cat]
        p["price_ore"] = price
        if weight:
            p["sold_by"] = "weight"
        p["comparison"] = {"price_ore": comp, "unit": unit}
        if container == "burk" or (container == "pet" and qty < 1):
            p["pant_ore"] = PANT_SMALL
        elif container == "pet":
            p["pant_ore"] = PANT_LARGE
        labels = set(base_labels) | extra
        if porigin != "Sverige":
            labels.discard("swedish_origin")
        if labels:
            p["labels"] = [x for x in LABEL_ORDER if x in labels]
        if allergens:
            p["allergens"] = list(allergens)
        if porigin:
            p["origin"] = porigin
        if ingredients:
            p["ingredients"] = ingredients
        p["popularity"] = max(0, ppop)
        p["_sort"] = (qty, )
        products.append(p)
    return products


def assign_eans(products):
    used = set()
    for p in products:
        salt = 0
        while True:
            h = hashlib.sha256(("%s/%d" % (p["id"], salt)).encode()).hexdigest()
            digits = "2" + str(int(h[:8], 16) % 10) + "%010d" % (int(h[8:24], 16) % 10 ** 10)
            code = ean13(digits)
            if code not in used:
                used.add(code)
                break
            salt += 1
        # Put the EAN right after the id for readability.
        items = list(p.items())
        p.clear()
        p.update(items[:1])
        p["ean"] = code
        p.update(items[1:])


def build(foods, seed):
    rng = random.Random(seed)
    products, seen = [], set()
    for item in base_items(foods):
        for p in variants(item, rng):
            key = (p["name"].lower(), p.get("brand"), p["size"])
            if key not in seen:  # e.g. "Yoghurt naturell 3% eko" is both a food and a variant
                seen.add(key)
                products.append(p)
    for p in products:
        if rng.random() < 0.09:
            p["offer"] = {"price_ore": offer_price(p["price_ore"], rng),
                          "text": "Veckans pris" if rng.random() < 0.5 else "Erbjudande"}
            # Keep popularity last.
            p["popularity"] = p.pop("popularity")
    position = {cid: i for i, (_, cid, _, _) in enumerate(CATEGORIES)}
    products.sort(key=lambda p: (position[p["category"]], p["name"].lower(),
                                 p.get("brand", ""), p["_sort"], p["id"]))
    for p in products:
        del p["_sort"]
    assign_eans(products)
    used = {p["category"] for p in products}
    categories = [{"id": cid, "name": name, "icon": icon, "position": i}
                  for i, (_, cid, name, icon) in enumerate(CATEGORIES) if cid in used]
    return categories, products


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_document(path, categories, products):
    head = {"format": "handla-catalogue", "version": 1,
            "supplier": {"id": "demo", "name": "Demobutiken"},
            "generated_at": GENERATED_AT, "credit": CREDIT}
    out = [dumps(head)[:-1] + ',"categories":[\n',
           ",\n".join(dumps(c) for c in categories),
           '\n],"products":[\n',
           ",\n".join(dumps(p) for p in products),
           "\n]}\n"]
    text = "".join(out)
    json.loads(text)  # the skeleton must stay valid JSON
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)
    return len(text.encode("utf-8"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="Livsmedelsverket's LivsmedelsDB.csv (default: %(default)s)")
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="default: %(default)s")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="default: %(default)s")
    args = ap.parse_args(argv)
    if not os.path.exists(args.source):
        print("error: source file not found: %s" % args.source, file=sys.stderr)
        return 2
    foods = read_source(args.source)
    categories, products = build(foods, args.seed)
    size = write_document(args.output, categories, products)
    counts = {}
    for p in products:
        counts[p["category"]] = counts.get(p["category"], 0) + 1
    print("%s: %d products in %d categories, %d bytes" % (args.output, len(products),
                                                          len(categories), size))
    for c in categories:
        print("  %-14s %4d" % (c["id"], counts[c["id"]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
