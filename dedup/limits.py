"""Limits on the work one input may cause: every bound in one place, with where it came from.

A limit that is hit gives a one-line refusal naming the file and the limit (exit code 2),
never a hang, a crash or an out-of-memory kill.
"""

from __future__ import annotations

MIB = 2**20

# Input files. Real verslagen are 0.1-5 MB (PDF, the largest kind); anything far beyond
# is almost surely not one document. `--max-size` raises it.
MAX_INPUT_MIB = 32.0
MAX_INPUT_BYTES = int(MAX_INPUT_MIB * MIB)

# DOCX (a ZIP of XML parts). python-docx/lxml hold the whole parsed XML in memory, about
# ten times the XML's size, so 128 MiB of XML is already over 1 GB of memory. Word itself
# compresses its XML 5-15 times; a real 5 MB DOCX unpacks to well under 100 MiB. A zip
# bomb (3-4 MB unpacking to 1.1 GB, issue 12) has ratios of several hundred.
MAX_DOCX_UNPACKED_BYTES = 128 * MIB  # all members together
MAX_DOCX_MEMBERS = 10_000  # a Word file has a few dozen parts; images add one each
MAX_DOCX_RATIO = 100  # unpacked/packed size of one member, checked above RATIO_MIN_BYTES
DOCX_RATIO_MIN_BYTES = 1 * MIB  # small parts (styles, settings) may compress very well

# PDF. The longest Kamerstukken (begrotingen, lijsten van vragen) run to a few hundred
# pages; pypdf extracts about 150 pages a second here (20,000 pages took 128 s and 1.2 GB,
# issue 12), so the page limit alone keeps a document under about 15 s, and the time
# budget stops pages that are each slow to decode (huge content streams).
MAX_PDF_PAGES = 2_000
PDF_SECONDS = 60.0

# Downloads (`dedup fetch`). `--timeout` bounds each connect and read; a server sending a
# byte a second never trips it, so each download also has an overall deadline: 32 MiB at
# 2 Mbit/s (a slow mobile link) takes about 130 s, the real documents (0.1-5 MB) seconds.
DOWNLOAD_SECONDS = 180.0
# Each connect and each read: the sites answer within a second or two; 20 s rides out a
# slow moment without leaving a user waiting long on a dead connection.
READ_TIMEOUT_SECONDS = 20.0
MAX_JSON_BYTES = 1 * MIB  # the OData answer for one document number is about 2 KB
