"""The personal-data guard lives in portal.privacy (the meetings and the directory use it too);
the register's forms and services import it from here."""

from portal.privacy import (  # noqa: F401
    REASONS,
    Finding,
    check_texts,
    errors_by_field,
    explain,
    find_personal_data,
    find_personal_data_in,
)
