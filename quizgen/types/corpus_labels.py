"""Technique labels of the research corpora, mapped to the glossary's ids (the SemEval-2023 labels).

One place for this data: `quizgen annotations` reads corpus files with it, unknown technique ids
are explained with it, and docs/bank-format.md shows it as a table (a test keeps them equal).

SemEval-2020 Task 11 (the Propaganda Techniques Corpus, PTC; Da San Martino et al. 2020) labels
spans with 14 classes, three of them merges of rarer techniques (`Whataboutism,Straw_Men,
Red_Herring`, `Bandwagon,Reductio_ad_hitlerum`); the corpus' own release (PTC v2) also has the 18
unmerged names. SemEval-2023 Task 3 renamed some (Black-and-White Fallacy → False Dilemma,
Thought-terminating Cliché → Conversation Killer, Reductio ad Hitlerum → Guilt by Association,
Bandwagon → Appeal to Popularity; Piskorski et al. 2023, annotation guidelines JRC132862).
A merged class maps to every technique it merges: the corpus does not say which one an
annotator meant.
"""

from __future__ import annotations

#: SemEval-2020 Task 11 technique-classification labels (the 14 classes), exactly as in its files.
SEMEVAL_2020: dict[str, tuple[str, ...]] = {
    "Appeal_to_Authority": ("Appeal_to_Authority",),
    "Appeal_to_fear-prejudice": ("Appeal_to_Fear-Prejudice",),
    "Bandwagon,Reductio_ad_hitlerum": ("Appeal_to_Popularity", "Guilt_by_Association"),
    "Black-and-White_Fallacy": ("False_Dilemma-No_Choice",),
    "Causal_Oversimplification": ("Causal_Oversimplification",),
    "Doubt": ("Doubt",),
    "Exaggeration,Minimisation": ("Exaggeration-Minimisation",),
    "Flag-Waving": ("Flag_Waving",),
    "Loaded_Language": ("Loaded_Language",),
    "Name_Calling,Labeling": ("Name_Calling-Labeling",),
    "Repetition": ("Repetition",),
    "Slogans": ("Slogans",),
    "Thought-terminating_Cliches": ("Conversation_Killer",),
    "Whataboutism,Straw_Men,Red_Herring": ("Whataboutism", "Straw_Man", "Red_Herring"),
}

#: The PTC release's unmerged names (18 techniques) that are not already above.
PTC_UNMERGED: dict[str, tuple[str, ...]] = {
    "Bandwagon": ("Appeal_to_Popularity",),
    "Reductio_ad_hitlerum": ("Guilt_by_Association",),
    "Whataboutism": ("Whataboutism",),
    "Straw_Men": ("Straw_Man",),
    "Red_Herring": ("Red_Herring",),
    "Obfuscation,Intentional_Vagueness,Confusion": ("Obfuscation-Vagueness-Confusion",),
}

OLD_LABELS: dict[str, tuple[str, ...]] = {**SEMEVAL_2020, **PTC_UNMERGED}


def glossary_ids(label: str) -> tuple[str, ...]:
    """The glossary id(s) of a corpus label: a SemEval-2020/PTC label is mapped, any other is kept."""
    return OLD_LABELS.get(label.strip(), (label.strip(),))
