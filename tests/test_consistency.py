"""House rules that hold across the whole project (see the conventions): views never set a state
field nor send mail; mail is sent in one place; no inline script or style."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "directory", "meetings", "register"]


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
