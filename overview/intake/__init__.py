"""Intake: from a news article's text to a proposed incident or operation, with its evidence.

Nothing here publishes anything: `parse` reads an article and proposes; `services` makes a
draft or attaches the article to an incident only when an editor asks, and a reviewer
always decides what is published. See docs/intake.md.
"""
