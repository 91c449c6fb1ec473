"""Demo territory, part two: the network's organisations, the partners' memberships and the
directory's services (some out of date, some with changes awaiting the pilot's approval)."""

from portal.demo import DemoContext

from .catalogue import SERVICES_BY_KIND, seed_pending_edits, seed_services
from .organisations import seed_organisations

__all__ = ["SERVICES_BY_KIND", "seed"]


def seed(context: DemoContext) -> None:
    seed_organisations(context)
    seed_services(context)
    seed_pending_edits(context)
