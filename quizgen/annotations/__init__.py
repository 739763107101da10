"""Expert annotations of an article (research corpora) beside a bank: drafts and agreement.

    corpus.py    read a SemEval-2020 Task 11 span file or a SemEval-2023 Task 3 (subtask 3) paragraph
                 file for one article → frozen `Annotations` (labels mapped to glossary ids, each span
                 widened to whole words and placed in a paragraph §).
    draft.py     `quizgen annotations import`: a commented `kind: questions` file of candidate matching
                 pairs and classification items, valid once uncommented.
    compare.py   `quizgen annotations compare`: the bank's technique labels against the annotations.

Nothing is downloaded: the teacher gives the files (the corpora are distributed by their authors).
"""
