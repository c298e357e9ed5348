"""Before an import: what is being imported, and the type, status, review
date and tags for the whole batch (status and review date start from
Preferences).

``ImportSummaryDialog`` (after the import) lives in ``import_summary`` and is
re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from smkdesk.core.catalogue.dto import ASSET_TYPE, ImportOptions
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library.import_summary import ImportSummaryDialog
from smkdesk.gui.widgets.fields import (
    buddy_label,
    combo_value,
    hint_label,
    keywords_edit,
    ok_cancel,
    owner_edit,
    parse_keywords,
    plural,
    status_combo,
    tier_combo,
    type_combo,
)
from smkdesk.gui.widgets.review_date import ReviewDateEdit, months_ahead
from smkdesk.gui.widgets.tagpanel import TagPanel

__all__ = ["ImportDialog", "ImportSummaryDialog"]
SHOWN_NAMES = 5


def describe(paths: Sequence[Path]) -> tuple[str, str]:
    """A headline ("Import 3 files and 1 folder") and a short list of names."""
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    parts = [plural(len(files), "file")] if files else []
    if folders:
        parts.append(plural(len(folders), "folder"))
    title = "Import " + " and ".join(parts or ["nothing"])
    names = [f"{p.name} (folder, with its sub-folders)" for p in folders]
    names += [p.name for p in files]
    listed = "\n".join(names[:SHOWN_NAMES])
    if len(names) > SHOWN_NAMES:
        listed += f"\n…and {len(names) - SHOWN_NAMES} more"
    return title, listed


class ImportDialog(QDialog):
    def __init__(
        self, ctx: AppContext, paths: Sequence[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = list(paths)
        lib = ctx.library
        title, names = describe(self.paths)
        self.setWindowTitle("Import")
        self.heading = hint_label(title)
        self.heading.setForegroundRole(self.heading.foregroundRole().WindowText)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.names = hint_label(names)
        self.names.setToolTip("\n".join(str(p) for p in self.paths))
        explain = hint_label(
            "The fields and tags below apply to every imported file; you can change each "
            "asset later. Titles come from the documents."
        )

        self.type_combo = type_combo(lib.taxonomy.list(ASSET_TYPE))
        self.owner = owner_edit(lib, ctx.user.name)
        status = ctx.settings.get(keys.IMPORT_STATUS)
        self.status = status_combo(
            status if status in ("published", "draft") else "published", ("published", "draft")
        )
        self.review = ReviewDateEdit(months_ahead(ctx.settings.get(keys.IMPORT_REVIEW_MONTHS)))
        self.tier = tier_combo()
        self.keywords = keywords_edit()
        self.tags = TagPanel(lib)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(buddy_label("T&ype:", self.type_combo), self.type_combo)
        form.addRow(buddy_label("&Owner:", self.owner), self.owner)
        form.addRow(buddy_label("Stat&us:", self.status), self.status)
        form.addRow(buddy_label("&Review by:", self.review), self.review)
        form.addRow(buddy_label("&ABM tier:", self.tier), self.tier)
        form.addRow(buddy_label("&Keywords:", self.keywords), self.keywords)

        left = QVBoxLayout()
        left.addWidget(self.heading)
        left.addWidget(self.names)
        left.addSpacing(8)
        left.addWidget(explain)
        left.addSpacing(4)
        left.addLayout(form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addWidget(self.tags, 1)
        self.buttons, self.ok = ok_cancel("&Import", self)
        self.ok.setEnabled(bool(self.paths))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 500)
        self.type_combo.setFocus()  # the field most imports need first

    def options(self) -> ImportOptions:
        return ImportOptions(
            stages=self.tags.stages.checked_names(),
            personas=self.tags.personas.checked_names(),
            sectors=self.tags.sectors.checked_paths(),
            asset_type=combo_value(self.type_combo),
            owner=self.owner.text().strip() or None,
            abm_tier=combo_value(self.tier),
            keywords=parse_keywords(self.keywords.text()),
            status=combo_value(self.status) or "published",
            review_by=self.review.value(),
        )
