"""Presentation mode: the year's figures as slides, full screen (issue 12)."""

from childplan.app.presentation import presentation
from childplan.app.view import current_view

presentation(current_view())
