"""Training the sentence event classifier: corpus in, a spaCy textcat pipeline out.

`corpus` reads the labelled sentences (the team's corpus in `corpus/events/`, or a user's
ACLED export); `textcat` turns them into spaCy training data, writes the config and runs
`spacy train`; `evaluate` scores a model on a split. The `sitreps train` command ties them
together. Nothing here runs at extraction time.
"""
