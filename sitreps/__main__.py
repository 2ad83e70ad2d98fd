"""`python -m sitreps` runs the `sitreps` command."""
from .cli import main

main()
