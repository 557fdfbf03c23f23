"""What a taker is offered is read one way: `terms_in_force(patent_id, day)`. The published base
declaration (`current_declaration`) is read only where the IP centre manages its declaration; any other
module that reads it would offer the base terms during a zone's event terms, and fails here."""

from __future__ import annotations

from pathlib import Path

import marketplace

# The declaration package itself: managing, replacing and withdrawing the base, and its event versions;
# the IP centre's form of its base declaration for CNIPA (document_views.py); the register of outside
# licences, which refuses an exclusive licence while the base (or event terms) is in force; and the lapse
# of a patent for unpaid annual fees, which ends its base declaration.
MANAGES_THE_BASE = {"declarations/services.py", "declarations/views.py", "declarations/event_terms.py",
                    "declarations/event_terms_views.py", "declarations/document_views.py",
                    "outside_licences/services.py", "annual_fees/due.py"}


def test_only_the_declaration_pages_read_the_base_terms_everyone_else_reads_the_terms_in_force():
    root = Path(marketplace.__file__).parent
    readers = {str(path.relative_to(root)) for path in root.rglob("*.py")
               if "current_declaration" in path.read_text(encoding="utf-8")}
    assert readers <= MANAGES_THE_BASE, readers - MANAGES_THE_BASE
    offering = {str(path.relative_to(root)) for path in root.rglob("*.py")
                if "terms_in_force" in path.read_text(encoding="utf-8")}
    assert {"catalogue/views.py", "licensing/services.py", "zones/queries.py"} <= offering
