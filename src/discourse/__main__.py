"""``python -m discourse`` runs the command-line interface."""

from .cli import app

if __name__ == "__main__":
    app()
