"""An import of drafts (`directory_import --drafts`) at region scale: it writes a batch of
drafts in as many queries for three times the rows, and leaves the pilot what Wagtail's own
steps would (a row for an entry never published, a revision, its log, a moderation under way),
so that the pilot reviews, approves or sends back each entry as one proposed by a partner."""

import pytest
from wagtail.models import ModelLogEntry, WorkflowState

from directory import services
from directory.models import Service
from directory.selectors.search import service_ranked_ids
from directory.services import _submit_to_moderation
from tests.directory.test_import_batches import (
    assert_same_count,
    communes,  # noqa: F401 (fixture)
    queries_of,
    rows,
    run,
    write,
)


def moderation_of(service: Service) -> dict:
    """What the pilot's review and the history read of an entry's moderation, without the
    identifiers and times that differ from one entry to the next."""
    service.refresh_from_db()
    state = service.current_workflow_state
    task_state = state.current_task_state
    logs = ModelLogEntry.objects.for_instance(service).order_by("pk")
    return {
        "live": service.live,
        "unpublished changes": service.has_unpublished_changes,
        "revisions": service.revisions.count(),
        "latest is reviewed": task_state.revision_id == service.latest_revision_id,
        "content": {
            k: v
            for k, v in service.latest_revision.content.items()
            if k not in {"pk", "id", "slug", "external_id", "latest_revision", "updated_at"}
            and not k.endswith(("_at", "revision"))
        },
        "state": (state.status, state.requested_by_id, state.workflow.name),
        "task": (task_state.status, task_state.task.specific.__class__.__name__),
        "log": [
            (
                entry.action,
                entry.revision_id == service.latest_revision_id,
                entry.content_changed,
                {
                    k: v
                    for k, v in (entry.data.get("workflow") or {}).items()
                    if k != "task_state_id"
                },
                (entry.data.get("workflow") or {}).get("task_state_id") in (None, task_state.pk),
            )
            for entry in logs
        ],
    }


@pytest.mark.django_db
def test_drafts_are_what_wagtails_own_steps_leave_and_cost_as_much_for_three_times_the_rows(
    communes,  # noqa: F811
    tmp_path,
):
    run(write(tmp_path / "warm.csv", rows("warm", 2)), "--drafts")
    small = queries_of(write(tmp_path / "small.csv", rows("small", 4)), "--drafts")
    large = queries_of(write(tmp_path / "large.csv", rows("large", 12)), "--drafts")
    assert_same_count(small, large)
    assert not Service.objects.filter(live=True).exists()
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 18

    # One entry saved by Wagtail's own steps, as the import did row by row.
    imported = Service.objects.get(external_id="large-3")
    by_hand = Service.objects.get(external_id="large-3")
    by_hand.pk, by_hand.slug, by_hand.external_id = None, "a-la-main", "a-la-main"
    by_hand.latest_revision = None
    by_hand.categories = list(imported.categories.all())
    by_hand.publics = list(imported.publics.all())
    by_hand.communes_served = list(imported.communes_served.all())
    by_hand.save()
    by_hand.save_revision(user=None, log_action=True, clean=False)
    _submit_to_moderation(by_hand, None)
    assert moderation_of(imported) == moderation_of(by_hand)
    assert moderation_of(imported)["log"][-1][0] == "wagtail.workflow.start"


@pytest.mark.django_db
def test_the_pilot_approves_a_draft_of_the_import_and_it_is_published(
    communes,  # noqa: F811
    tmp_path,
    pilot,
):
    run(write(tmp_path / "f.csv", rows("lot", 3)), "--drafts")
    service = Service.objects.get(external_id="lot-1")
    assert sorted(p.value for p in service.publics.all()) == ["familles", "seniors"]
    services.service_review(actor=pilot, service=service, approve=True)
    service.refresh_from_db()
    assert service.live and not service.has_unpublished_changes
    assert service.current_workflow_state is None
    assert service.pk in service_ranked_ids("permanences")
    assert Service.objects.filter(live=False).count() == 2


@pytest.mark.django_db
def test_a_draft_import_over_entries_keeps_what_is_published_and_resumes_a_sent_back_one(
    communes,  # noqa: F811
    tmp_path,
    pilot,
):
    # Two published entries, one draft under moderation.
    run(write(tmp_path / "f.csv", rows("lot", 2)))
    run(write(tmp_path / "g.csv", rows("new", 1)), "--drafts")
    published = Service.objects.get(external_id="lot-0")
    sent_back = Service.objects.get(external_id="lot-1")
    services.service_propose_changes(actor=pilot, service=sent_back, summary="Proposé")
    services.service_review(actor=pilot, service=sent_back, approve=False, comment="Non")
    assert sent_back.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    output = run(write(tmp_path / "h.csv", rows("lot", 2, summary="Nouveau")), "--drafts")
    assert "0 service(s) created, 2 updated" in output
    run(write(tmp_path / "i.csv", rows("new", 1, summary="Nouveau")), "--drafts")

    # A published entry: visitors read the published row until the pilot approves.
    published.refresh_from_db()
    assert published.live and published.summary == "Écoute et orientation"
    assert published.latest_revision.content["summary"] == "Nouveau"
    assert published.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # The entry sent back is under review again, on the imported text.
    sent_back.refresh_from_db()
    state = sent_back.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == "in_progress"
    assert sent_back.latest_revision.content["summary"] == "Nouveau"
    actions = list(ModelLogEntry.objects.for_instance(sent_back).values_list("action", flat=True))
    assert "wagtail.workflow.resume" in actions
    # The draft never published: its row holds the imported text, one moderation under way.
    draft = Service.objects.get(external_id="new-0")
    assert not draft.live and draft.summary == "Nouveau"
    assert draft.revisions.count() == 2
    assert WorkflowState.objects.filter(object_id=str(draft.pk)).count() == 1
    services.service_review(actor=pilot, service=published, approve=True)
    published.refresh_from_db()
    assert published.summary == "Nouveau"


@pytest.mark.django_db
def test_drafts_of_published_entries_cost_as_much_for_three_times_the_rows(
    communes,  # noqa: F811
    tmp_path,
):
    run(write(tmp_path / "warm.csv", rows("warm", 2)), "--drafts")
    run(write(tmp_path / "small.csv", rows("small", 4)))
    run(write(tmp_path / "large.csv", rows("large", 12)))
    small = queries_of(write(tmp_path / "s.csv", rows("small", 4, summary="Nouveau")), "--drafts")
    large = queries_of(write(tmp_path / "l.csv", rows("large", 12, summary="Nouveau")), "--drafts")
    assert_same_count(small, large)
    assert Service.objects.filter(live=True, summary="Nouveau").count() == 0
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 18


@pytest.mark.django_db
def test_a_moderation_whose_first_task_starts_its_own_way_is_started_as_wagtail_does(
    communes,  # noqa: F811
    tmp_path,
):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask, WorkflowContentType, WorkflowTask

    from tests.factories import UserFactory

    run(write(tmp_path / "f.csv", rows("lot", 1)))  # published
    service = Service.objects.get(external_id="lot-0")
    workflow = WorkflowContentType.objects.get().workflow
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set([Group.objects.create(name="Relecteurs")])
    WorkflowTask.objects.filter(workflow=workflow).delete()
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    outsider = UserFactory(email="hors-groupe@exemple.fr")
    Service.objects.filter(pk=service.pk).update(locked=True, locked_by=outsider)

    run(write(tmp_path / "g.csv", rows("lot", 1, summary="Nouveau")), "--drafts")
    service.refresh_from_db()
    assert service.current_workflow_state.current_task_state.task.specific == task
    # A group approval unlocks an entry locked by someone outside its groups.
    assert not service.locked
