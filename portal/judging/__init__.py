"""The judging engine: panels, judges, conflicts, assignment, rubric scoring, normalisation and audit.

It knows nothing of the apps that use it. An app registers how the engine sees its subjects
(``portal.judging.subjects.register``), makes a ``Panel`` for a round (owned by anything through a
generic relation), adds its subjects as ``Item``s and calls the services. See docs/architecture.md,
"Judging engine".
"""
