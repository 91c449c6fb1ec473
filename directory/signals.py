"""What the directory tells the apps above it, which it does not know (the register keeps counts
that name services and organisations)."""

from django.dispatch import Signal

# Sent once an import has written its rows in bulk (no post_save for each): sender is the
# Service model; `published` says whether the entries were published (or saved as drafts).
imported = Signal()
