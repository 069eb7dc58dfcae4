"""Blueprints: every HTTP route, one package each; _shared holds what several of them use."""
