"""Demo territory, the register: about eighty dysfunctions over the past year, in every state and
category, ten proposals in every state with the executives' positions and the strategic
decisions, the filers' feedback, « moi aussi » additions and followed items, so that the
indicators show a real picture.

Idempotent: if the register of the demo territory already holds its first dysfunction, nothing
is added. Rows are written in bulk (history rows are only ever inserted)."""

import random

from django.utils import timezone

from portal.demo import DemoContext

from ..models import Dysfunction
from .dysfunctions import ROADS, STATE_PLAN, seed_dysfunctions, seed_feedback
from .me_too import seed_me_too_and_follows
from .meetings import link_meetings
from .proposals import seed_proposals
from .situations import SITUATIONS

__all__ = ["ROADS", "SITUATIONS", "STATE_PLAN", "seed"]


def seed(context: DemoContext) -> None:
    first_title = f"{SITUATIONS[0][0]} ({context.communes['37261'].name})"
    if Dysfunction.objects.filter(territory=context.territory, title=first_title).exists():
        return
    rng = random.Random(37)
    now = timezone.now()
    dysfunctions = seed_dysfunctions(context, rng, now)
    proposals = seed_proposals(context, dysfunctions, rng, now)
    seed_feedback(dysfunctions, rng, now)
    link_meetings(context, dysfunctions, proposals)
    seed_me_too_and_follows(context, dysfunctions, now)
