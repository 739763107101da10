"""Grading outputs that start from *scored* results, whatever scored them (issue 15, analysis part).

Data flow (each module's docstring has the details):

    results.py     ClassResults: QuestionInfo per bank question + SheetResult/ItemResult per student
                   (frozen, JSON-able: to_json/from_json). Filled by the glue (responses + scoring).
    from_bank.py   Bank → the QuestionInfo half (question_infos, technique_names, category_labels).
    statistics.py  analyse(results) → facility, item–rest discrimination, upper–lower 27 %, alpha/KR-20,
                   SEM, mark distribution, distractor tables, results by skill and technique (numpy).
    confusion.py   technique_confusion / verdict_confusion → matrices; *_readings → readings (data).
    labels.py      every fr/en string of these outputs, reading_text(), number formatting.
    plots.py       matplotlib → inline-safe, deterministic SVG (histogram, scatter, heat-maps).
    report.py      report_files(results, scale) → {"report.html", "report.pdf"} (sandboxed Jinja,
                   PDF through render_pdf.Renderer).
    grades.py      grades_csv / grades_xlsx (Pronote-ready: ';', decimal comma, UTF-8 BOM).
    simulate.py    a simulated class of a bank's class set (tests, benchmark).

Imports from the rest of quizgen (to repoint after the restructuring of issue 10): from_bank (model,
checks.categories_of, i18n.localize/message, workspace.Bank), report (defaults.templates_dir,
i18n.french, problems.TemplateProblem, render_pdf.Renderer), plots (defaults.templates_dir),
simulate (model, export.content_hash, variants.Options/class_variants, workspace.Bank).
"""
