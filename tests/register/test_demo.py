"""The register's demo: every state and category, proposals in every state, idempotent."""

from django.core.management import call_command

from register.models import Category, Dysfunction, DysfunctionState, Proposal, ProposalState


def test_demo_covers_every_state_and_category_and_runs_twice(db):
    call_command("seed_demo", verbosity=0)
    count = Dysfunction.objects.count()
    assert 75 <= Dysfunction.objects.filter(territory__slug="touraine").count() <= 90
    assert set(Dysfunction.objects.values_list("state", flat=True)) == set(DysfunctionState.values)
    assert set(Dysfunction.objects.values_list("category", flat=True)) == set(
        Category.objects.values_list("pk", flat=True)
    )
    assert Proposal.objects.filter(territory__slug="touraine").count() == 10
    assert set(Proposal.objects.values_list("state", flat=True)) == set(ProposalState.values)
    proposals = Proposal.objects.count()
    call_command("seed_demo", verbosity=0)
    assert Dysfunction.objects.count() == count
    assert Proposal.objects.count() == proposals


def test_demo_holds_no_personal_data(db):
    from register.privacy import find_personal_data_in

    call_command("seed_demo", verbosity=0)
    for d in Dysfunction.objects.all():
        assert not find_personal_data_in(
            {
                "title": d.title,
                "description": d.description,
                "workaround": d.workaround,
                "suggestion": d.suggestion,
            }
        ), d.title
