"""House rules that hold across the whole project (see the conventions): views never set a state
field nor send mail; mail is sent in one place; no inline script or style; a factory for every
model."""

import ast
import importlib
import re
from pathlib import Path

import factory
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "directory", "meetings", "agreements", "register", "alerts", "regions"]


def _python_files(pattern):
    for app in APPS:
        yield from (p for p in (ROOT / app).rglob(pattern) if "migrations" not in p.parts)


def test_views_never_assign_a_state_field_nor_send_mail():
    offenders = []
    for path in list(_python_files("views.py")) + list(_python_files("views/*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr in {"state", "status"}:
                        offenders.append(
                            f"{path.relative_to(ROOT)}:{node.lineno} sets .{target.attr}"
                        )
            if isinstance(node, ast.Name) and node.id in {"send_mail", "EmailMessage"}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} sends mail")
    assert not offenders, "\n".join(offenders)


def test_only_the_mail_task_talks_to_djangos_mail_module():
    users = []
    for path in _python_files("*.py"):
        text = path.read_text()
        if re.search(r"^(from django\.core\.mail import|import django\.core\.mail)", text, re.M):
            users.append(str(path.relative_to(ROOT)))
    # notifications.py only names the message type of the messages it hands to the task.
    assert sorted(users) == ["portal/notifications.py", "portal/tasks.py"], users


def _imported_apps(path):
    """(line, app) for every import of a project app in the module, wherever it stands (at the
    top or inside a function)."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside their own app
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield node.lineno, top


def test_apps_import_only_the_layers_below_them():
    """portal <- directory <- meetings <- register: each app imports only those to its left."""
    offenders = []
    for path in _python_files("*.py"):
        app = path.relative_to(ROOT).parts[0]
        allowed = APPS[: APPS.index(app) + 1]
        for line, imported in _imported_apps(path):
            if imported not in allowed:
                offenders.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not offenders, "\n".join(offenders)


def test_apps_import_the_layers_below_them_at_the_top_of_the_module():
    """With the direction kept, no cycle forces an import of a lower app into a function (an
    app's ready() and the demo builders excepted, which run once the apps are loaded)."""
    offenders = []
    for path in _python_files("*.py"):
        if path.name in {"apps.py", "demo.py"}:
            continue
        app = path.relative_to(ROOT).parts[0]
        tree = ast.parse(path.read_text())
        top_level = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom) or id(node) in top_level:
                continue
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            for name in names:
                if name and name.split(".")[0] in APPS and name.split(".")[0] != app:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert not offenders, "\n".join(offenders)


def test_rules_leave_visitors_and_administrators_to_portal_permissions():
    """The visitor/administrator preamble is decided once, in portal/permissions.py: a rule or
    visibility filter asked only about signed-in non-administrators never checks for them."""
    offenders = []
    for path in _python_files("rules.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            registrations = [
                d
                for d in node.decorator_list
                if isinstance(d, ast.Call) and getattr(d.func, "id", "") in {"rule", "visibility"}
            ]
            if not registrations or any(
                k.arg == "administrators" for d in registrations for k in d.keywords
            ):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") == "is_admin":
                    offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno} {node.name}")
                if isinstance(inner, ast.UnaryOp) and isinstance(inner.op, ast.Not):
                    operand = inner.operand
                    if isinstance(operand, ast.Name) and operand.id == "a":
                        offenders.append(f"{path.relative_to(ROOT)}:{inner.lineno} {node.name}")
    assert not offenders, "\n".join(offenders)


def test_views_fetch_their_object_one_way():
    """A view fetches its object with get_object_or_404 on a queryset limited to what the user
    may see (visible_to, or a selector built on it): never on a bare model, never with
    objects.get() or a hand-made 404 around a lookup."""
    offenders = []
    paths = [*_python_files("views.py"), *_python_files("views/*.py"), *_python_files("api.py")]
    for path in paths:
        where = path.relative_to(ROOT)
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "get_object_or_404"
                and isinstance(node.args[0], ast.Name)
            ):
                offenders.append(f"{where}:{node.lineno} get_object_or_404({node.args[0].id})")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and getattr(node.func.value, "attr", None) == "objects"
            ):
                offenders.append(f"{where}:{node.lineno} objects.get()")
            if isinstance(node, ast.Try) and any(
                isinstance(handler.type, ast.Attribute) and handler.type.attr == "DoesNotExist"
                for handler in node.handlers
            ):
                looks_up = any(  # a .get() or a selector; a service's refusal is not a fetch
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and (
                        call.func.attr == "get"
                        or getattr(call.func.value, "id", None) == "selectors"
                    )
                    for statement in node.body
                    for call in ast.walk(statement)
                )
                if looks_up:
                    offenders.append(f"{where}:{node.lineno} a lookup with a hand-made 404")
    assert not offenders, "\n".join(offenders)


# The one place a life-cycle field (`state` of dysfunctions and proposals, `status` of meetings
# and decisions) changes: the transition helper, which checks the rule and the current state,
# locks the row and writes the history. Creating an object in its first state is not a move.
STATE_FIELDS = {"state", "status"}
TRANSITION_HELPER = ROOT / "portal" / "transitions.py"


def _state_writes(tree):
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for element in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(element, ast.Attribute) and element.attr in STATE_FIELDS:
                    yield node.lineno, f"sets .{element.attr}"
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if name in {"update", "update_or_create"} and any(
            k.arg in STATE_FIELDS for k in node.keywords
        ):
            yield node.lineno, f"{name}() of a state field"
        if name == "bulk_update" and any(
            isinstance(c, ast.Constant) and c.value in STATE_FIELDS
            for arg in node.args[1:]
            for c in ast.walk(arg)
        ):
            yield node.lineno, "bulk_update() of a state field"
        if (
            name == "setattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in STATE_FIELDS
        ):
            yield node.lineno, "setattr() of a state field"


def test_state_fields_change_only_through_the_transition_helper():
    offenders = []
    for path in _python_files("*.py"):
        if path == TRANSITION_HELPER:
            continue
        for line, what in _state_writes(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(ROOT)}:{line} {what}")
    assert not offenders, "\n".join(offenders)


def test_the_state_check_sees_a_state_write():
    """The check above would notice each way of writing a state field."""
    source = "\n".join(
        [
            "meeting.status = 'held'",
            "Meeting.objects.filter(pk=1).update(status='held')",
            "Dysfunction.objects.bulk_update(rows, ['state'])",
            "setattr(proposal, 'state', 'adopted')",
        ]
    )
    assert [line for line, _ in _state_writes(ast.parse(source))] == [1, 2, 3, 4]


ORM_WRITES = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
# Plain dictionaries a view may fill (not querysets).
DICT_NAMES = {"context", "initial", "kwargs", "params", "data", "query"}


def test_views_never_write_the_orm():
    """Views parse, call a service or a selector, render: every write goes through a service."""
    offenders = []
    for path in list(_python_files("views.py")) + list(_python_files("views/*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            name = node.func.attr
            if name not in ORM_WRITES:
                continue
            if name == "save" and any(
                k.arg == "commit" and getattr(k.value, "value", True) is False
                for k in node.keywords
            ):
                continue  # a ModelForm building an unsaved instance for a service
            receiver = node.func.value
            if name == "update" and isinstance(receiver, ast.Name) and receiver.id in DICT_NAMES:
                continue
            offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} calls .{name}()")
    assert not offenders, "\n".join(offenders)


def test_no_template_has_inline_script_or_style():
    offenders = []
    for app in APPS + ["templates"]:
        for path in (ROOT / app).rglob("*.html"):
            if "/email/" in str(path):
                continue  # e-mails are not served under the Content-Security-Policy
            text = path.read_text()
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
                offenders.append(str(path.relative_to(ROOT)))
            if "<style" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


# Models built through Wagtail's own APIs rather than a factory.
FACTORY_EXEMPTIONS = {
    "portal.HomePage": "a Wagtail page: created in the page tree (add_child), not by a factory",
    "portal.ContentPage": "a Wagtail page: created in the page tree (add_child), not by a factory",
    "directory.PilotApprovalTask": "a Wagtail workflow task: created with its workflow",
}


def _factory_modules():
    for path in sorted((ROOT / "tests").rglob("factories.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield importlib.import_module(module)


def _factories():
    """Every DjangoModelFactory defined in the tests' factories modules."""
    for module in _factory_modules():
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value.__module__ == module.__name__
                and value._meta.model is not None
            ):
                yield value


def test_every_model_of_the_project_has_a_factory():
    covered = {f._meta.model._meta.label for f in _factories()}
    models = {
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.proxy
    }
    missing = sorted(models - covered - FACTORY_EXEMPTIONS.keys())
    assert not missing, f"models without a factory: {missing}"
    stale = sorted((FACTORY_EXEMPTIONS.keys() & covered) | (FACTORY_EXEMPTIONS.keys() - models))
    assert not stale, f"exemptions to drop: {stale}"


def _factory_names():
    return sorted(f"{f.__module__.removeprefix('tests.')}.{f.__name__}" for f in _factories())


def _factory(dotted):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(f"tests.{module}"), name)


@pytest.mark.django_db
@pytest.mark.parametrize("dotted", _factory_names())
def test_each_factory_builds_a_valid_row(dotted, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made_by = _factory(dotted)
    made = made_by()
    model = type(made)
    assert model.objects.filter(pk=made.pk).exists()
    made.full_clean()
    # Each relation the factory builds is carried by the row.
    for name, declaration in made_by._meta.declarations.items():
        if isinstance(declaration, factory.SubFactory):
            assert getattr(made, f"{name}_id") is not None, name
    if "value" in {field.name for field in model._meta.fields}:
        # A reference table: the same value gives back the same row.
        assert made_by(value=made.value).pk == made.pk
