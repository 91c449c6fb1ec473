"""One-click feedback links: each link carries the feedback request and the answer, signed, so
that the filer answers from their e-mail without signing in, and nobody can forge an answer."""

from django.core import signing

SALT = "register.feedback"
MAX_AGE_SECONDS = 60 * 60 * 24 * 180


def feedback_token(request_id: int, answer: str) -> str:
    return signing.dumps({"r": request_id, "a": answer}, salt=SALT, compress=True)


def feedback_token_read(token: str) -> tuple[int, str]:
    """Return (feedback request id, answer); raise signing.BadSignature if forged or expired."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    return int(data["r"]), str(data["a"])
