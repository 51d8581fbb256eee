#!/usr/bin/env python
"""Django's usual entry point; `svoboda` (the console script) does the same."""

from svoboda.__main__ import main

if __name__ == "__main__":
    main()
