"""Domain knowledge as data files; loaded by `sitreps.lexicon`."""
