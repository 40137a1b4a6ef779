"""Parsing helpers shared by every layout: normalize lines, find headings and front matter,
split sentences, name fractions, resolve references. Layout modules in `dedup.layouts`
build on these; nothing here decides what a question or an answer is."""
