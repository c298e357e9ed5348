"""Edit several assets at once: add and remove tags; set owner, status, type,
ABM tier and review date."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import (
    ASSET_TYPE,
    PERSONA,
    SECTOR,
    STAGE,
    AssetSummary,
    AssetUpdate,
    TagEdit,
)
from smkdesk.gui import settings as keys
from smkdesk.gui.context import AppContext
from smkdesk.gui.library import edits as edit_ops
from smkdesk.gui.library.usage_log import OfferUndo
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
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
from smkdesk.gui.widgets.tagpickers import CheckList, SectorTree, tag_counts

DIMS = ((STAGE, "Stages"), (PERSONA, "Personas"), (SECTOR, "Sectors"))


class TagSection(QGroupBox):
    """One tab per tag dimension plus a keywords field."""

    changed = Signal()

    def __init__(self, title: str, keywords_label: str, removing: bool) -> None:
        super().__init__(title)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.pickers: dict[str, CheckList | SectorTree] = {}
        for dim, label in DIMS:
            if dim == SECTOR and not removing:
                picker: CheckList | SectorTree = SectorTree(rows=7)
            else:
                picker = CheckList(rows=7, placeholder="Loading…" if removing else "")
            picker.setSizePolicy(
                picker.sizePolicy().horizontalPolicy(), picker.sizePolicy().Policy.Expanding
            )
            picker.changed.connect(self._picked)
            self.pickers[dim] = picker
            self.tabs.addTab(picker, label)
        self.keywords = keywords_edit()
        self.keywords.textChanged.connect(self.changed)
        form = QFormLayout()
        form.addRow(buddy_label(keywords_label, self.keywords), self.keywords)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(form)

    def _picked(self) -> None:
        for i, (dim, label) in enumerate(DIMS):
            n = len(self.pickers[dim].checked_names())
            self.tabs.setTabText(i, f"{label} ({n})" if n else label)
        self.changed.emit()

    def picked(self) -> dict[str, tuple[str, ...]]:
        return {d: p.checked_names() for d, p in self.pickers.items() if p.checked_names()}


class BulkEditDialog(QDialog):
    loaded = Signal()  # the tags on the selected assets are known (Remove tags is filled)

    def __init__(
        self,
        ctx: AppContext,
        ids: Sequence[int],
        parent: QWidget | None = None,
        offer_undo: OfferUndo | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer_undo = offer_undo
        self.ids = list(dict.fromkeys(ids))
        n = len(self.ids)
        self.setWindowTitle(f"Edit {plural(n, 'asset')}")
        lib = ctx.library

        intro = hint_label(
            f"Changes apply to all {plural(n, 'selected asset')}. "
            "Tags you do not tick stay as they are."
        )
        self.add = TagSection("&Add tags", "&Keywords:", removing=False)
        for dim, picker in self.add.pickers.items():
            picker.set_terms(lib.taxonomy.list(dim))
        self.remove = TagSection("&Remove tags", "Ke&ywords:", removing=True)
        self.remove.setToolTip("Only tags that at least one selected asset has are listed")
        sections = QHBoxLayout()
        sections.addWidget(self.add)
        sections.addWidget(self.remove)

        self.set_owner = QCheckBox("Set &owner:")
        self.owner = owner_edit(lib, ctx.user.name)
        self.set_status = QCheckBox("Set s&tatus:")
        self.status = status_combo("published")
        self.set_type = QCheckBox("Set typ&e:")
        self.type_combo = type_combo(lib.taxonomy.list(ASSET_TYPE))
        self.set_tier = QCheckBox("Set AB&M tier:")
        self.tier = tier_combo()
        self.set_review = QCheckBox("Set re&view date:")
        self.review = ReviewDateEdit(months_ahead(ctx.settings.get(keys.IMPORT_REVIEW_MONTHS)))
        fields = QGridLayout()
        pairs = (
            (self.set_owner, self.owner),
            (self.set_status, self.status),
            (self.set_type, self.type_combo),
            (self.set_tier, self.tier),
            (self.set_review, self.review),
        )
        for i, (box, field) in enumerate(pairs):
            field.setEnabled(False)
            box.toggled.connect(field.setEnabled)
            box.toggled.connect(self.refresh)
            box.toggled.connect(lambda on, f=field: on and f.setFocus())
            fields.addWidget(box, i // 2, (i % 2) * 2)
            fields.addWidget(field, i // 2, (i % 2) * 2 + 1)
        fields.setColumnStretch(1, 1)
        fields.setColumnStretch(3, 1)
        fields.setHorizontalSpacing(12)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Why are they retired? (required)")
        self.reason.setToolTip("Kept in each asset's audit trail; retiring can be undone")
        fields.addWidget(self.reason, 2, 2, 1, 2)
        self.type_combo.currentIndexChanged.connect(self.refresh)
        self.tier.currentIndexChanged.connect(self.refresh)
        self.review.dateChanged.connect(self.refresh)
        self.owner.textChanged.connect(self.refresh)
        self.status.currentIndexChanged.connect(self.refresh)
        self.reason.textChanged.connect(self.refresh)

        self.summary = hint_label()
        self.summary.setForegroundRole(self.summary.foregroundRole().WindowText)
        self.error = ErrorLabel()
        self.buttons, self.ok = ok_cancel("A&pply", self)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(sections, 1)
        layout.addLayout(fields)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.add.changed.connect(self.refresh)
        self.remove.changed.connect(self.refresh)
        self.refresh()
        self.resize(720, 470)

        task = ctx.tasks.read("Loading the selection", lambda _t: lib.assets.summaries(self.ids))
        task.succeeded.connect(self._fill_remove)
        self._lib = lib

    def _fill_remove(self, assets: list[AssetSummary]) -> None:
        n = len(assets)
        for dim, label in DIMS:
            counts = tag_counts([getattr(a, dim + "s") for a in assets])
            terms = [t for t in self._lib.taxonomy.list(dim) if t.path.lower() in counts]
            notes = {t.id: f"{counts[t.path.lower()]} of {n}" for t in terms}
            picker = self.remove.pickers[dim]
            picker.placeholder = f"None of these assets has a {label.lower()[:-1]} tag."
            picker.set_terms(terms, notes, show_retired=True)
        words = sorted({k for a in assets for k in a.keywords}, key=str.lower)
        self.remove.keywords.setToolTip(
            "Keywords to remove, separated by commas. On these assets: "
            + (", ".join(words) if words else "none")
        )
        self.loaded.emit()

    # -- what will change ------------------------------------------------------------
    def tag_edit(self) -> TagEdit:
        return TagEdit(
            add=self.add.picked(),
            remove=self.remove.picked(),
            add_keywords=parse_keywords(self.add.keywords.text()),
            remove_keywords=parse_keywords(self.remove.keywords.text()),
        )

    def asset_update(self) -> AssetUpdate:
        review = self.review.value()
        return AssetUpdate(
            owner=self.owner.text().strip() if self.set_owner.isChecked() else None,
            status=combo_value(self.status) if self.set_status.isChecked() else None,
            asset_type=(combo_value(self.type_combo) or "") if self.set_type.isChecked() else None,
            abm_tier=(combo_value(self.tier) or "") if self.set_tier.isChecked() else None,
            review_by=(review or "") if self.set_review.isChecked() else None,
            reason=" ".join(self.reason.text().split()),
        )

    def refresh(self) -> None:
        edit, update = self.tag_edit(), self.asset_update()
        clash = [
            name
            for dim, names in edit.add.items()
            for name in names
            if name.lower() in {r.lower() for r in edit.remove.get(dim, ())}
        ] + [k for k in edit.add_keywords if k.lower() in {r.lower() for r in edit.remove_keywords}]
        retiring = update.status == "retired"
        self.reason.setVisible(retiring)
        unexplained = retiring and not update.reason
        if clash:
            message = f"“{clash[0]}” is both added and removed; untick one of them."
        elif unexplained:
            message = "Say why these assets are retired; the reason is kept with each of them."
        else:
            message = ""
        self.error.show_message(message)
        parts = []
        added = [n for names in edit.add.values() for n in names] + list(edit.add_keywords)
        removed = [n for names in edit.remove.values() for n in names] + list(edit.remove_keywords)
        if added:
            parts.append("adds " + _names(added))
        if removed:
            parts.append("removes " + _names(removed))
        if update.owner is not None:
            parts.append(
                f"sets the owner to “{update.owner}”" if update.owner else "clears the owner"
            )
        if update.status is not None:
            parts.append(f"sets the status to {update.status}")
        for value, what in ((update.asset_type, "type"), (update.abm_tier, "ABM tier")):
            if value is not None:
                parts.append(f"sets the {what} to {value}" if value else f"clears the {what}")
        if update.review_by is not None:
            parts.append(
                f"sets the review date to {update.review_by:%d %b %Y}"
                if update.review_by
                else "clears the review date"
            )
        if parts:
            text = f"This {_names(parts, 9)} on {plural(len(self.ids), 'asset')}."
        else:
            text = "Nothing to change yet: tick tags to add or remove, or tick a field to set."
        self.summary.setText(text)
        self.ok.setEnabled(bool(parts) and not clash and not unexplained)

    def apply(self) -> None:
        """Apply on the writer thread; the window's status bar then says what
        changed, with Undo (``offer_undo``)."""
        self.refresh()
        if not self.ok.isEnabled():
            return
        self.buttons.setEnabled(False)
        task = edit_ops.apply_bulk_edit(
            self.ctx,
            self,
            self.ids,
            self.asset_update(),
            self.tag_edit(),
            self.offer_undo,
            on_done=self.accept,
        )
        task.failed.connect(lambda _m: self.buttons.setEnabled(True))


def _names(names: list[str], limit: int = 4) -> str:
    if len(names) > limit:
        return ", ".join(names[:limit]) + f" and {len(names) - limit} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
