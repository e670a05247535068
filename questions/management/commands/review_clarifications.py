"""Periodic job: mark for review the clarifications whose rule expired, period closed or guidance changed."""

from questions import review
from vlaanderenhelpt.periodic import JobCommand


class Command(JobCommand):
    help = "Markeer verduidelijkingen als te herzien wanneer een regel, periode of handreiking veranderde."

    def run(self):
        return f"{review.mark_changed()} verduidelijkingen te herzien.", 0
