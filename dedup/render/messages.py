"""Every word the reports show a reader, in Dutch (the default) and English.

The users are Dutch clerks and ministry staff, so `nl` is the default; `--lang en`
gives English. Renderers ask a `Messages` for text by key and never spell out
user-facing words themselves, so a language is complete when this table is. JSON keys,
CSV values and cluster kinds in data attributes are identifiers, not text: they stay
English. Keys missing from a language are an error at import time (see `_check`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# key -> (Dutch, English). `{name}` fields are filled by `Messages.__call__`; a key
# ending in `.one` has a plural twin ending in `.other`, picked by `Messages.count`.
_TABLE: dict[str, tuple[str, str]] = {
    # Titles and sections
    "title": (
        "Dubbele vragen en hergebruikte antwoorden: {doc}",
        "Duplicate questions and reused answers: {doc}",
    ),
    "eyebrow": ("dedup-rapport", "dedup report"),
    "skip": ("Naar het rapport", "Skip to the report"),
    "contents": ("Inhoud", "Contents"),
    "summary": ("Samenvatting", "Summary"),
    "charts": ("Grafieken", "Charts"),
    "duplicate_questions": ("Dubbele vragen", "Duplicate questions"),
    "reused_answers": ("Hergebruikte antwoorden", "Reused answers"),
    "reused_where": ("Welke antwoorden waar zijn hergebruikt", "Which answers were reused where"),
    "all_questions": ("Alle vragen", "All questions"),
    "all_answers": ("Alle antwoorden", "All answers"),
    "warnings_title": ("Waarschuwingen bij het indelen", "Segmentation warnings"),
    "per_fraction": ("Per fractie", "Per fraction"),
    "shared_questions": ("Gedeelde vragen", "Shared questions"),
    "shared_questions_rule": (
        "Gedeelde vragen · clusters van dubbele vragen per paar fracties",
        "Shared questions · duplicate clusters per pair of fractions",
    ),
    "shared_questions_lede": (
        "Clusters van dubbele vragen die elk paar fracties gemeen heeft.",
        "Duplicate clusters each pair of fractions has in common.",
    ),
    "questions_and_answers_per_fraction": (
        "Vragen en antwoorden per fractie",
        "Questions and answers per fraction",
    ),
    "shared_questions_table": ("Gedeelde vragen als tabel", "Shared questions as a table"),
    # Document line
    "fractions.one": ("{n} fractie", "{n} fraction"),
    "fractions.other": ("{n} fracties", "{n} fractions"),
    "layout": ("indeling {layout}", "layout {layout}"),
    "no_answers_in_document": (
        "geen: dit document bevat alleen vragen",
        "none: this document holds questions only",
    ),
    "no_fractions": ("geen (vragen van: {askers})", "none (questions from: {askers})"),
    "outline_no_fractions": (
        "geen fracties (vragen van: {askers})",
        "no fractions (questions from: {askers})",
    ),
    "lines_note": (
        "Regelnummers zijn regels van de invoertekst.",
        "Line numbers are lines of the input text.",
    ),
    "footer": (
        "Gemaakt met dedup {version} uit {path}.",
        "Made with dedup {version} from {path}.",
    ),
    "document_line": (
        "Document `{path}` ({format}, indeling {layout}, sha256 `{sha}…`{meta}).",
        "Document `{path}` ({format}, layout {layout}, sha256 `{sha}…`{meta}).",
    ),
    # Measures
    "measure": ("Maat", "Measure"),
    "value": ("Waarde", "Value"),
    "document": ("Document", "Document"),
    "fractions": ("Fracties", "Fractions"),
    "fraction": ("Fractie", "Fraction"),
    "questions": ("Vragen", "Questions"),
    "questions_part_one": ("Vragen in deel I", "Questions in Part I"),
    "by_fractions": ("van {n} fracties", "by {n} fractions"),
    "in_duplicate_cluster": ("In een cluster van dubbele vragen", "In a duplicate cluster"),
    "questions_in_clusters": (
        "Vragen in clusters van dubbele vragen",
        "Questions in duplicate clusters",
    ),
    "n_clusters": ("{n} clusters", "{n} clusters"),
    "in_n_clusters": ("{held} ({share}) in {n} clusters", "{held} ({share}) in {n} clusters"),
    "unique_needs": ("Unieke informatiebehoeften", "Unique information needs"),
    "unique_needs_after": (
        "Unieke informatiebehoeften na bundeling",
        "Unique information needs after bundling",
    ),
    "after_bundling": ("na het bundelen van dubbele vragen", "after bundling duplicates"),
    "after_bundling_short": ("Na bundeling", "After bundling"),
    "n_unique_needs": ("{n} unieke informatiebehoeften", "{n} unique information needs"),
    "answer_words": ("Woorden in antwoorden", "Answer words"),
    "in_passages": ("in {n} antwoordpassages", "in {n} passages"),
    "answer_passages": ("Antwoordpassages", "Answer passages"),
    "answers": ("Antwoorden", "Answers"),
    # Copies only (every occurrence after the first): the words a reader reads twice.
    "answer_words_reused": (
        "Antwoordwoorden die een eerder antwoord herhalen",
        "Answer words repeating an earlier answer",
    ),
    "n_words": ("{n} woorden", "{n} words"),
    "n_reused_answers": ("{n} hergebruikte antwoorden", "{n} reused answers"),
    "duplicated": ("Dubbel", "Duplicated"),
    "words_reused": ("Woorden hergebruikt", "Words reused"),
    "words_reused_note": (
        "Woorden hergebruikt: het deel van de antwoordwoorden van een sectie dat in een "
        "hergebruikt antwoord staat (een kopie van een eerder antwoord, of een antwoord dat "
        "later opnieuw is geplakt).",
        "Words reused: the share of a section's answer words in a reused answer (a copy of "
        "an earlier answer, or an answer pasted again later).",
    ),
    "questions_summary": (
        "{n} in deel I · {clusters} clusters van dubbele vragen bevatten er {held} ({share})",
        "{n} in Part I · {clusters} duplicate clusters hold {held} ({share})",
    ),
    "answers_summary": (
        "{n} passages · {words} woorden · {reused} ({share}) herhalen een eerder antwoord "
        "({clusters} hergebruikte antwoorden)",
        "{n} passages · {words} words · {reused} ({share}) repeat an earlier answer "
        "({clusters} reused answers)",
    ),
    # Question clusters
    "weakest_link": ("zwakste schakel {score}", "weakest link {score}"),
    "weakest_link_title": (
        "De laagste score tussen twee leden van het cluster",
        "The lowest score between two members of the cluster",
    ),
    "clusters_strongest_first": (
        "Dubbele vragen · {n} clusters, sterkste eerst",
        "Duplicate questions · {n} clusters, strongest first",
    ),
    "questions_lede": (
        "{n} clusters van vragen uit deel I die hetzelfde vragen, sterkste eerst. Woorden die "
        "afwijken van de eerste vraag van het cluster staan als",
        "{n} clusters of Part I questions asking the same thing, strongest first. Words that "
        "differ from the cluster's first question are shown as",
    ),
    "removed": ("weggelaten", "removed"),
    "added": ("toegevoegd", "added"),
    "and": ("en", "and"),
    "no_label": ("zonder label", "no label"),
    "no_duplicates": ("Geen vraag is twee keer gesteld.", "No question was asked twice."),
    "line": ("Regel", "Line"),
    "line_n": ("regel {n}", "line {n}"),
    "lines": ("Regels", "Lines"),
    "lines_n": ("regels {lines}", "lines {lines}"),
    "question": ("Vraag", "Question"),
    "answered_by": ("Beantwoord door", "Answered by"),
    "questions_in": ("Vragen in {id}", "Questions in {id}"),
    "asked_times": ("{n} keer gesteld, door {fractions}", "asked {n} times, by {fractions}"),
    "is_in": ("{id} zit in {cluster}", "{id} is in {cluster}"),
    "is_reused": ("{id} is hergebruikt: {cluster}", "{id} is reused: {cluster}"),
    # Kinds (display only; data keeps the identifiers)
    "kind.near-identical": ("bijna gelijkluidend", "near-identical"),
    "kind.paraphrase": ("parafrase", "paraphrase"),
    "kind.verbatim": ("letterlijk", "verbatim"),
    "kind.near-verbatim": ("bijna letterlijk", "near-verbatim"),
    "kind.partial": ("gedeeltelijk", "partial"),
    # Answer clusters
    "reused_rule": (
        "Welke antwoorden waar zijn hergebruikt · {n} hergebruikte antwoorden",
        "Which answers were reused where · {n} reused answers",
    ),
    "answers_lede": (
        "{n} antwoordpassages komen op meer dan één plaats in het antwoord voor. De overeenkomst "
        "is die met de eerste vindplaats; open een kopie om de woorden ervan naast die van de "
        "eerste te zien.",
        "{n} answer passages appear in more than one place in the reply. Similarity is to the "
        "first occurrence; open a copy to see its words against the first occurrence.",
    ),
    "no_reuse": ("Geen antwoordpassage is hergebruikt.", "No answer passage was reused."),
    "occurrences.one": ("{n} vindplaats", "{n} occurrence"),
    "occurrences.other": ("{n} vindplaatsen", "{n} occurrences"),
    "sections.one": ("{n} sectie", "{n} section"),
    "sections.other": ("{n} secties", "{n} sections"),
    "occurrences_in": ("{occ} in {sections}", "{occ} in {sections}"),
    "occurrences_of": ("Vindplaatsen van {id}", "Occurrences of {id}"),
    "sections_list": ("secties: {list}", "sections: {list}"),
    "section": ("Sectie", "Section"),
    "question_answered": ("Beantwoorde vraag", "Question answered"),
    "similarity": ("Overeenkomst", "Similarity"),
    "changes": ("Wijzigingen", "Changes"),
    "first": ("eerste", "first"),
    "changes_against_first.one": (
        "{n} wijziging ten opzichte van de eerste vindplaats",
        "{n} change against the first occurrence",
    ),
    "changes_against_first.other": (
        "{n} wijzigingen ten opzichte van de eerste vindplaats",
        "{n} changes against the first occurrence",
    ),
    "same_words_as_first": (
        "dezelfde woorden als de eerste vindplaats",
        "same words as the first occurrence",
    ),
    "same_words": ("dezelfde woorden", "same words"),
    "word_differences": (
        "Woordverschillen met de eerste vindplaats:",
        "Word differences from the first occurrence:",
    ),
    "n_more": ("… nog {n}", "… {n} more"),
    "shared_part": ("{share} gedeeld", "{share} shared"),
    "similarity_note": (
        "Overeenkomst: met de eerste vindplaats; bij een gedeeltelijke kopie het deel van de "
        "langste van de twee passages dat ze delen.",
        "Similarity: to the first occurrence; for a partial copy, the share of the longer of "
        "the two passages that they share.",
    ),
    # All questions table and filters
    "all_questions_lede": (
        "De {n} vragen uit deel I in de volgorde van het document. Filter op woorden, fractie "
        "of status.",
        "The {n} Part I questions in document order. Filter by words, fraction or status.",
    ),
    "all_questions_md_lede": (
        "De {n} vragen uit deel I in de volgorde van het document, met hun cluster van dubbele "
        "vragen en de antwoordpassages die ze beantwoorden.",
        "The {n} Part I questions in document order, with their duplicate cluster and the "
        "answer passages that answer them.",
    ),
    "id": ("ID", "ID"),
    "topic": ("Onderwerp", "Topic"),
    "cluster": ("Cluster", "Cluster"),
    "search": ("Zoeken", "Search"),
    "search_placeholder": ("woorden, id of cluster", "words, id or cluster"),
    "filter_questions": ("Vragen filteren", "Filter questions"),
    "all_fractions": ("alle fracties", "all fractions"),
    "status": ("Status", "Status"),
    "status.all": ("alle vragen", "all questions"),
    "status.duplicate": ("in een cluster van dubbele vragen", "in a duplicate cluster"),
    "status.near-identical": ("bijna gelijkluidend", "near-identical duplicates"),
    "status.paraphrase": ("parafrasen", "paraphrases"),
    "status.once": ("één keer gesteld", "asked once"),
    "status.reused": ("beantwoord met een hergebruikt antwoord", "answered with a reused answer"),
    "count_template": ("{shown} van {total} vragen", "{shown} of {total} questions"),
    "no_match": ("Geen vraag voldoet aan deze filters.", "No question matches these filters."),
    "all_part_one": ("Alle vragen uit deel I", "All Part I questions"),
    "all_answers_lede": (
        "Alle {n} antwoordpassages van het antwoord, in de volgorde van het document, elk met "
        "de vragen die het beantwoordt.",
        "All {n} answer passages of the reply in document order, each with the questions it "
        "answers.",
    ),
    "answers_questions": ("Beantwoordt", "Answers"),
    "to_answer": ("naar het antwoord", "to the answer"),
    "to_question": ("naar de vraag", "to the question"),
    # Charts
    "chart.questions_title": ("Vragen per fractie", "Questions per fraction"),
    "chart.in_cluster": ("in een cluster van dubbele vragen", "in a duplicate cluster"),
    "chart.asked_once": ("één keer gesteld", "asked once"),
    "chart.n_questions": ("{fraction}: {n} vragen", "{fraction}: {n} questions"),
    "chart.n_in_cluster": (
        "{fraction}: {n} in een cluster van dubbele vragen",
        "{fraction}: {n} in a duplicate cluster",
    ),
    "chart.bar_label": ("{total} ({dup} dubbel)", "{total} ({dup} duplicated)"),
    "chart.questions_desc": (
        "{fraction}: {total} vragen, {dup} in een cluster van dubbele vragen",
        "{fraction}: {total} questions, {dup} in a duplicate cluster",
    ),
    "chart.overlap_title": (
        "Gedeelde vragen tussen fracties",
        "Shared questions between fractions",
    ),
    "chart.overlap_cell": (
        "{a} en {b}: {n} gedeelde clusters",
        "{a} and {b}: {n} shared clusters",
    ),
    "chart.overlap_pair": ("{a} en {b}: {n}", "{a} and {b}: {n}"),
    "chart.overlap_desc": (
        "Gedeelde clusters van dubbele vragen per paar fracties. ",
        "Shared duplicate clusters per pair of fractions. ",
    ),
    "chart.overlap_none": ("Geen paar deelt een vraag.", "No pair shares a question."),
    "chart.reuse_title": (
        "Hergebruikte antwoordwoorden per sectie",
        "Reused answer words per section",
    ),
    "chart.copy": ("kopie van een eerder antwoord", "copy of an earlier answer"),
    "chart.repeated_later": ("later herhaald", "repeated later"),
    "chart.copied_of": (
        "{fraction}: {n} van {words} antwoordwoorden kopiëren een eerder antwoord",
        "{fraction}: {n} of {words} answer words copy an earlier answer",
    ),
    "chart.repeated_of": (
        "{fraction}: {n} van {words} antwoordwoorden worden later herhaald",
        "{fraction}: {n} of {words} answer words are repeated later",
    ),
    "chart.reuse_label": ("{share} hergebruikt van {words}", "{share} reused of {words}"),
    "chart.reuse_desc": (
        "{fraction}: {copied} van {words} antwoordwoorden kopiëren een eerder antwoord, "
        "{source} worden later herhaald",
        "{fraction}: {copied} of {words} answer words copy an earlier answer, {source} are "
        "repeated later",
    ),
    "chart.no_words": ("{fraction}: geen antwoordwoorden", "{fraction}: no answer words"),
    "caption.questions": (
        "Vragen per fractie, en hoeveel daarvan een andere fractie (of dezelfde) ook stelde.",
        "Questions per fraction, and how many of them another fraction (or the same one) "
        "also asked.",
    ),
    "caption.reuse": (
        "Per sectie van het antwoord: het deel van de antwoordwoorden dat een eerder antwoord "
        "kopieert (donker) en dat de eerste vindplaats is van een antwoord dat later wordt "
        "herhaald (licht).",
        "Per section of the reply: the share of its answer words that copy an answer given "
        "earlier (dark), and that are the first occurrence of an answer repeated later (light).",
    ),
    "caption.overlap": (
        "Fractie × fractie: clusters van dubbele vragen die elk paar gemeen heeft.",
        "Fraction × fraction: duplicate-question clusters each pair has in common.",
    ),
    "caption.matrix": (
        "Dezelfde cijfers: een cel telt de clusters waarin zowel de fractie van de rij als "
        "die van de kolom de vraag stelde. Vet: ten minste de helft van het hoogste getal.",
        "The same figures: a cell counts the clusters in which both the row's and the "
        "column's fraction asked the question. Bold cells hold at least half of the largest "
        "count.",
    ),
    "same_fraction": ("zelfde fractie", "same fraction"),
    # Outline (dedup segment)
    # What a result lacks, said before anything else (dedup.layouts.checks.ALERTS).
    "attention": ("Let op", "Note"),
    "alert.no-questions": (
        "Geen vragen gevonden in dit document, hoewel het op vragen lijkt.",
        "No questions found in this document, although it looks like it asks some.",
    ),
    "alert.unlinked-answer": (
        "Er zijn antwoorden die bij geen enkele vraag horen.",
        "Some answers belong to no question found.",
    ),
    "alert.no-askers": (
        "Bij de vragen staat niet wie ze stelt (geen vragensteller gevonden).",
        "The questions do not say who asks them (no asker found).",
    ),
    "alert.no-reply-in-file": (
        "Geen antwoorddeel in dit bestand voor een deel van de fracties.",
        "No reply part in this file for some of the fractions.",
    ),
    "evidence": (
        "indeling {layout}: {why} ({cues}){other}",
        "layout {layout}: {why} ({cues}){other}",
    ),
    "evidence_forced": ("opgegeven met --layout", "given with --layout"),
    "evidence_score": ("score {score}", "score {score}"),
    "evidence_next": ("; daarna {layout} {score}", "; next best {layout} {score}"),
    "no_cues": ("geen kenmerken", "no cues"),
    "outline_counts": (
        "indeling {layout} · {format} · {fractions} · {questions} vragen · {answers} "
        "antwoordpassages",
        "layout {layout} · {format} · {fractions} · {questions} questions · {answers} "
        "answer passages",
    ),
    "repeated_in_reply": ("Herhaald in antwoord", "Repeated in reply"),
    "unmatched": ("Niet gekoppeld", "Unmatched"),
    "warnings.one": ("{n} waarschuwing", "{n} warning"),
    "warnings.other": ("{n} waarschuwingen", "{n} warnings"),
    "more_warnings": ("  … en nog {n} (zie --format json)", "  … and {n} more (see --format json)"),
    "segment_warnings.one": (
        "{n} waarschuwing bij het indelen: zie `dedup segment`",
        "{n} segmentation warning: see `dedup segment`",
    ),
    "segment_warnings.other": (
        "{n} waarschuwingen bij het indelen: zie `dedup segment`",
        "{n} segmentation warnings: see `dedup segment`",
    ),
    # Review (HTML)
    "review": ("Beoordeling", "Review"),
    "review_lede": (
        "Bevestig of corrigeer de voorgestelde clusters: bevestigen, een vraag uit een cluster "
        "halen, twee clusters samenvoegen of een losse vraag aan een cluster toevoegen. De "
        "beslissingen blijven in deze browser bewaard; exporteer ze en pas ze toe met",
        "Confirm or correct the proposed clusters: confirm, take a question out of a cluster, "
        "merge two clusters, or attach a question asked once to a cluster. The decisions are "
        "kept in this browser; export them and apply them with",
    ),
    "review_confirm": ("Bevestigen", "Confirm"),
    "review_split": ("Uit cluster halen", "Take out"),
    "review_merge": ("Samenvoegen met", "Merge with"),
    "review_merge_button": ("Samenvoegen", "Merge"),
    "review_attach": ("Losse vraag toevoegen aan een cluster", "Attach a question to a cluster"),
    "review_attach_question": ("Vraag", "Question"),
    "review_attach_cluster": ("aan cluster", "to cluster"),
    "review_attach_button": ("Toevoegen", "Attach"),
    "review_export": ("Beslissingen exporteren (JSON)", "Export decisions (JSON)"),
    "review_clear": ("Alle beslissingen wissen", "Clear all decisions"),
    "review_choose": ("kies…", "choose…"),
    "review_none": ("Nog geen beslissingen.", "No decisions yet."),
    "review.count": ("{n} beslissing(en)", "{n} decision(s)"),
    "review.confirm": ("Bevestigd: {cluster}", "Confirmed: {cluster}"),
    "review.split": ("Uit {cluster} gehaald: {question}", "Taken out of {cluster}: {question}"),
    "review.merge": ("{cluster} samengevoegd met {other}", "{cluster} merged with {other}"),
    "review.attach": ("{question} toegevoegd aan {other}", "{question} attached to {other}"),
    "review.confirmed_badge": ("bevestigd", "confirmed"),
    # Bundle (dedup bundle): the clerk's question list
    "bundle.title": ("Gebundelde vragen: {doc}", "Bundled questions: {doc}"),
    "bundle.heading": (
        "Vragen van de leden van de {fractions}",
        "Questions from the members of the {fractions}",
    ),
    "bundle.heading_other": ("Vragen van {askers}", "Questions from {askers}"),
    "bundle.intro_document": (
        "{asked} vragen uit het document, gebundeld tot {entries} vragen in volgorde van het "
        "document ({merged} clusters samengevoegd; {how}). Regelnummers verwijzen naar de "
        "tekst van het document.",
        "{asked} questions from the document, bundled into {entries} questions in the "
        "document's order ({merged} clusters merged; {how}). Line numbers refer to the text "
        "of the document.",
    ),
    "bundle.asked_by": ("Gesteld door: {asked}", "Asked by: {asked}"),
    "bundle.asked_at": ("{fraction} regel {line}", "{fraction} line {line}"),
    "bundle.where": ("{fraction} (regel {line})", "{fraction} (line {line})"),
    "bundle.variants": ("Varianten:", "Variants:"),
    "bundle.identical": ("gelijkluidend", "same wording"),
    "bundle.quoted": ("„{text}”", "“{text}”"),
    "bundle.added": ("„{text}” toegevoegd", "“{text}” added"),
    "bundle.removed": ("„{text}” weggelaten", "“{text}” left out"),
    "bundle.replaced": ("„{before}” → „{after}”", "“{before}” → “{after}”"),
    "bundle.number": ("nr. {n}", "no. {n}"),
    "bundle.numbers": ("nrs. {list} en {last}", "nos. {list} and {last}"),
    "bundle.proposal": (
        "Voorstel ({cluster}, parafrase): mogelijk dezelfde vraag als {which}; niet samengevoegd.",
        "Proposal ({cluster}, paraphrase): possibly the same question as {which}; not merged.",
    ),
    "bundle.merged_near": (
        "bijna gelijkluidende vragen zijn samengevoegd; parafrasen zijn voorgesteld, niet "
        "samengevoegd",
        "near-identical questions are merged; paraphrases are proposed, not merged",
    ),
    "bundle.merged_paraphrase": (
        "bijna gelijkluidende vragen en parafrasen zijn samengevoegd",
        "near-identical questions and paraphrases are merged",
    ),
    "bundle.intro": (
        "{asked} vragen uit deel I van het verslag, gebundeld tot {entries} vragen in "
        "volgorde van het verslag ({merged} clusters samengevoegd; {how}). Regelnummers "
        "verwijzen naar de tekst van het verslag.",
        "{asked} questions from Part I of the report, bundled into {entries} questions in the "
        "report's order ({merged} clusters merged; {how}). Line numbers refer to the text of "
        "the report.",
    ),
    # Corpus report (dedup corpus report)
    "corpus.title": ("Corpusrapport", "Corpus report"),
    "corpus.html_title": ("dedup-corpusrapport", "dedup corpus report"),
    "corpus.documents.one": ("{n} document", "{n} document"),
    "corpus.documents.other": ("{n} documenten", "{n} documents"),
    "corpus.placement_stale": (
        "Let op: dit corpus is nog niet opnieuw in datumvolgorde geplaatst (een toevoeging "
        "is onderbroken); hergebruik tussen documenten ontbreekt voor de laatst "
        "toegevoegde. Voer `dedup corpus add` opnieuw uit om dat af te maken.",
        "Note: this corpus has not yet been placed again in date order (an add was "
        "interrupted); reuse across documents is missing for the documents added last. "
        "Run `dedup corpus add` again to finish it.",
    ),
    "corpus.totals": (
        "{documents}, {questions} vragen, {answers} antwoordpassages ({words} woorden)",
        "{documents}, {questions} questions, {answers} answer passages ({words} words)",
    ),
    "corpus.by.year": ("Per jaar", "By year"),
    "corpus.by.vergaderjaar": ("Per vergaderjaar", "By vergaderjaar"),
    "corpus.by.fraction": ("Per fractie", "By fraction"),
    "corpus.by.ministry": ("Per ministerie", "By ministry"),
    "corpus.by.commission": ("Per commissie", "By commission"),
    "corpus.by.document": ("Per document", "By document"),
    "corpus.col.group.year": ("jaar", "year"),
    "corpus.col.group.vergaderjaar": ("vergaderjaar", "vergaderjaar"),
    "corpus.col.group.fraction": ("fractie", "fraction"),
    "corpus.col.group.ministry": ("ministerie", "ministry"),
    "corpus.col.group.commission": ("commissie", "commission"),
    "corpus.col.group.document": ("document", "document"),
    "corpus.col.documents": ("docs", "docs"),
    "corpus.col.questions": ("vragen", "questions"),
    "corpus.col.duplicate": ("dubbel", "duplicate"),
    "corpus.col.asked_before": ("eerder gesteld", "asked before"),
    "corpus.col.answer_words": ("woorden in antwoord", "answer words"),
    # `herhaald`, not `hergebruikt`: the per-group table fits 80 columns with it.
    "corpus.col.reused": ("herhaald", "reused"),
    "corpus.col.from_other": ("uit andere docs", "from other docs"),
    "corpus.col.year": ("jaar", "year"),
    "corpus.col.reused_words": ("hergebruikte antwoordwoorden", "reused answer words"),
    "corpus.col.from_other_documents": ("uit andere documenten", "from other documents"),
    "corpus.col.passage": ("passage", "passage"),
    "corpus.col.question": ("vraag", "question"),
    "corpus.col.where": ("waar", "where"),
    "corpus.unknown": ("onbekend", "unknown"),
    "search.query": ("Vraag", "Query"),
    "search.none": (
        "niet eerder gesteld (geen eerdere vraag scoort boven de drempel)",
        "not asked before (no earlier question scores above the threshold)",
    ),
    "search.no_date": ("datum onbekend", "date unknown"),
    "search.at": ("{id}, regel {line}", "{id}, line {line}"),
    "search.more": ("… nog {n} antwoordpassages", "… {n} more answer passages"),
    "corpus.top_passages": (
        "Meest hergebruikte antwoordpassages over documenten heen",
        "Most reused answer passages across documents",
    ),
    "corpus.repeated_questions": (
        "Vragen die in meer documenten terugkomen",
        "Questions repeated across documents",
    ),
    "corpus.trends": ("Trends per jaar", "Trends per year"),
    "corpus.trends_short": ("Trends", "Trends"),
    "corpus.overlap": (
        "Fractie × fractie: vraaggroepen die beide fracties stelden",
        "Fraction × fraction overlap (question groups asked by both)",
    ),
    "corpus.overlap_short": ("Fractie × fractie", "Fraction × fraction overlap"),
    "corpus.in_documents": (
        "{documents}, {n} keer",
        "{documents}, {n} times",
    ),
    "corpus.words": ("{n} woorden", "{n} words"),
    "corpus.no_passages": (
        "Geen antwoordpassage komt in meer dan één document voor.",
        "No answer passage occurs in more than one document.",
    ),
    "corpus.no_questions": (
        "Geen vraag komt in meer dan één document voor.",
        "No question is asked in more than one document.",
    ),
    "corpus.more": ("… en nog {n} (zie --format json)", "… and {n} more (see --format json)"),
    "corpus.lines": ("r. {a}-{b}", "l.{a}-{b}"),
    "corpus.line": ("r. {n}", "l.{n}"),
    "chart.corpus_questions": ("Vragen per jaar", "Questions per year"),
    "chart.corpus_questions_axis": ("vragen", "questions"),
    "chart.corpus_reuse": ("Hergebruikte antwoordwoorden per jaar", "Reused answer words per year"),
    "chart.corpus_reuse_axis": ("% van de antwoordwoorden", "% of answer words"),
    "chart.corpus_all_reuse": ("alle hergebruik", "all reuse"),
    "chart.corpus_from_earlier": ("uit eerdere documenten", "from earlier documents"),
    "chart.corpus_overlap": ("Fractie × fractie", "Fraction × fraction overlap"),
    "chart.corpus_overlap_axis": (
        "vraaggroepen die beide stelden",
        "question groups asked by both",
    ),
    # Progress bar (stderr, terminals only)
    "progress.reading": ("{file} lezen", "reading {file}"),
    "progress.answers": ("antwoordpassages vergelijken", "comparing answer passages"),
    "progress.questions": ("vragen vergelijken", "comparing questions"),
    "progress.pairs": ("vragenparen vergelijken", "comparing question pairs"),
    "progress.clusters": ("clusters vormen", "clustering"),
    # CSV headers (the values stay identifiers)
    "csv.id": ("id", "id"),
    "csv.fraction": ("fractie", "fraction"),
    "csv.part": ("deel", "part"),
    "csv.line": ("regel", "line"),
    "csv.line_end": ("regel_eind", "line_end"),
    "csv.line_start": ("regel_begin", "line_start"),
    "csv.direct": ("direct", "direct"),
    "csv.topic": ("onderwerp", "topic"),
    "csv.repeats": ("herhaalt", "repeats"),
    "csv.number": ("nummer", "number"),
    "csv.cluster": ("cluster", "cluster"),
    "csv.text": ("tekst", "text"),
    "csv.context": ("context", "context"),
    "csv.section_fraction": ("sectie_fractie", "section_fraction"),
    "csv.answers_questions": ("beantwoordt_vragen", "answers_questions"),
    "csv.decided_by": ("bepaald_door", "decided_by"),
    "csv.words": ("woorden", "words"),
    "csv.copied_words": ("gekopieerde_woorden", "copied_words"),
    "csv.type": ("soort", "type"),
    "csv.kind": ("type", "kind"),
    "csv.label": ("label", "label"),
    "csv.position": ("positie", "position"),
    "csv.member": ("lid", "member"),
    "csv.cluster_score": ("zwakste_schakel", "weakest_link"),
    "csv.similarity_to_first": ("overeenkomst_met_eerste", "similarity_to_first"),
    "csv.shared_share": ("gedeeld_deel", "shared_share"),
}


# The singular of entries that count something, used when the count is 1 (`1 cluster`,
# not `1 clusters`); the count is the field `n` unless `_COUNTED` names another.
_SINGULAR: dict[str, tuple[str, str]] = {
    "n_clusters": ("{n} cluster", "{n} cluster"),
    "in_n_clusters": ("{held} ({share}) in {n} cluster", "{held} ({share}) in {n} cluster"),
    "n_unique_needs": ("{n} unieke informatiebehoefte", "{n} unique information need"),
    "in_passages": ("in {n} antwoordpassage", "in {n} passage"),
    "n_words": ("{n} woord", "{n} word"),
    "n_reused_answers": ("{n} hergebruikt antwoord", "{n} reused answer"),
    "questions_summary": (
        "{n} in deel I · {clusters} cluster van dubbele vragen bevat er {held} ({share})",
        "{n} in Part I · {clusters} duplicate cluster holds {held} ({share})",
    ),
    "answers_summary": (
        "{n} passages · {words} woorden · {reused} ({share}) herhalen een eerder antwoord "
        "({clusters} hergebruikt antwoord)",
        "{n} passages · {words} words · {reused} ({share}) repeat an earlier answer "
        "({clusters} reused answer)",
    ),
    "clusters_strongest_first": (
        "Dubbele vragen · {n} cluster",
        "Duplicate questions · {n} cluster",
    ),
    "questions_lede": (
        "{n} cluster van vragen uit deel I die hetzelfde vragen. Woorden die afwijken van de "
        "eerste vraag van het cluster staan als",
        "{n} cluster of Part I questions asking the same thing. Words that differ from the "
        "cluster's first question are shown as",
    ),
    "reused_rule": (
        "Welke antwoorden waar zijn hergebruikt · {n} hergebruikt antwoord",
        "Which answers were reused where · {n} reused answer",
    ),
    "answers_lede": (
        "{n} antwoordpassage komt op meer dan één plaats in het antwoord voor. De overeenkomst "
        "is die met de eerste vindplaats; open een kopie om de woorden ervan naast die van de "
        "eerste te zien.",
        "{n} answer passage appears in more than one place in the reply. Similarity is to the "
        "first occurrence; open a copy to see its words against the first occurrence.",
    ),
    "chart.n_questions": ("{fraction}: {n} vraag", "{fraction}: {n} question"),
    "corpus.words": ("{n} woord", "{n} word"),
}
_COUNTED = {"questions_summary": "clusters", "answers_summary": "clusters"}

# The form for a count of 0 where "0 clusters, sterkste eerst" would read oddly.
_NONE: dict[str, tuple[str, str]] = {
    "clusters_strongest_first": (
        "Dubbele vragen · geen clusters",
        "Duplicate questions · no clusters",
    ),
    "reused_rule": (
        "Welke antwoorden waar zijn hergebruikt · geen hergebruikte antwoorden",
        "Which answers were reused where · no reused answers",
    ),
}


def _check() -> None:
    """Every `.one` has its `.other`; every entry has both languages, non-empty."""
    for key, texts in _TABLE.items():
        if len(texts) != len(LANGUAGES) or not all(texts):
            raise AssertionError(f"message {key!r} lacks a language")
        if key.endswith(".one") and key.removesuffix(".one") + ".other" not in _TABLE:
            raise AssertionError(f"message {key!r} has no plural")
    for key, texts in _SINGULAR.items():
        if key not in _TABLE or len(texts) != len(LANGUAGES) or not all(texts):
            raise AssertionError(f"singular {key!r} has no plural or lacks a language")
    for key, texts in _NONE.items():
        if key not in _TABLE or len(texts) != len(LANGUAGES) or not all(texts):
            raise AssertionError(f"zero form {key!r} has no plural or lacks a language")


_check()


@dataclass(frozen=True, slots=True)
class Messages:
    """The catalogue in one language: `m("title", doc=...)`, `m.count("warnings", 3)`."""

    lang: str

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")

    def __call__(self, key: str, **fields: Any) -> str:
        texts = _TABLE[key]
        counted = str(fields.get(_COUNTED.get(key, "n")))
        if key in _SINGULAR and counted == "1":
            texts = _SINGULAR[key]
        elif key in _NONE and counted == "0":
            texts = _NONE[key]
        text = texts[LANGUAGES.index(self.lang)]
        return text.format(**fields) if fields else text

    def count(self, key: str, n: int, **fields: Any) -> str:
        """The singular or plural form of `key` for `n`."""
        return self(f"{key}.one" if n == 1 else f"{key}.other", n=n, **fields)

    def kind(self, kind: str) -> str:
        """A cluster kind for readers (`near-identical` -> `bijna gelijkluidend`)."""
        key = f"kind.{kind}"
        return self(key) if key in _TABLE else kind

    def pct(self, share: float) -> str:
        """`43%` (English) or `43%` (Dutch writes it the same in tables)."""
        return f"{share:.0%}"

    def number(self, n: int) -> str:
        """Thousands grouped: `12.345` in Dutch, `12,345` in English."""
        text = f"{n:,}"
        return text.replace(",", ".") if self.lang == "nl" else text

    def score(self, value: float) -> str:
        """`0,78` in Dutch, `0.78` in English."""
        text = f"{value:.2f}"
        return text.replace(".", ",") if self.lang == "nl" else text


def messages(lang: str = DEFAULT_LANGUAGE) -> Messages:
    return Messages(lang)
