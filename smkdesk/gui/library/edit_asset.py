"""Edit one asset: title, description, type, owner, status, review date,
web address (links), tags, ABM tier and keywords."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from smkdesk.core.catalogue.dto import ASSET_TYPE, AssetDetail, AssetUpdate
from smkdesk.gui.context import AppContext
from smkdesk.gui.library import edits as edit_ops
from smkdesk.gui.library.usage_log import OfferUndo
from smkdesk.gui.widgets.fields import (
    ErrorLabel,
    buddy_label,
    chain_tab_order,
    combo_value,
    hint_label,
    keywords_edit,
    ok_cancel,
    owner_edit,
    parse_keywords,
    status_combo,
    tier_combo,
    type_combo,
    with_error,
)
from smkdesk.gui.widgets.tagpanel import TagPanel


def url_problem(url: str) -> str:
    url = url.strip()
    if not url:
        return "A link needs a web address."
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
        return "The web address must start with http:// or https://"
    return ""


class EditAssetDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        asset: AssetDetail,
        parent: QWidget | None = None,
        offer_undo: OfferUndo | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offer_undo = offer_undo
        self.asset = asset
        self.setWindowTitle("Edit asset")
        lib = ctx.library

        self.title_edit = QLineEdit(asset.title)
        self.title_edit.setToolTip("The title reps see in search results")
        self.title_error = ErrorLabel()
        self.description = QPlainTextEdit(asset.description)
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What it is, who it is for, when to use it")
        self.description.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.type_combo = type_combo(lib.taxonomy.list(ASSET_TYPE), asset.type)
        self.owner = owner_edit(lib, asset.owner)
        self.status = status_combo(asset.status)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Why? e.g. superseded by the 2026 pricing guide")
        self.reason.setToolTip("Kept in the asset's audit trail; retiring can be undone")
        self.reason_error = ErrorLabel(self)
        self.review = QDateEdit()
        self.review.setCalendarPopup(True)
        self.review.setDisplayFormat("d MMM yyyy")
        self.review.setToolTip("When this content should be checked again")
        self.no_review = QCheckBox("&No review date")
        review_date = asset.review_by or date.today().replace(year=date.today().year + 1)
        self.review.setDate(QDate(review_date.year, review_date.month, review_date.day))
        self.no_review.toggled.connect(self._no_review_toggled)
        self.no_review.setChecked(asset.review_by is None)
        self.review.setEnabled(asset.review_by is not None)
        self.url = QLineEdit(asset.url or "", self)  # in the form for links only
        self.url.setPlaceholderText("https://…")
        self.url_error = ErrorLabel(self)
        self.tier = tier_combo(asset.abm_tier)
        self.keywords = keywords_edit(asset.keywords)
        self.tags = TagPanel(lib)
        self.tags.set_values(asset.stages, asset.personas, asset.sectors)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        source = asset.file_name or asset.url or ""
        if asset.kind == "file" and source:
            form.addRow("File:", hint_label(source))
        form.addRow(
            buddy_label("&Title:", self.title_edit), with_error(self.title_edit, self.title_error)
        )
        if asset.kind == "link":
            form.addRow(
                buddy_label("&Web address:", self.url), with_error(self.url, self.url_error)
            )
        form.addRow(buddy_label("&Description:", self.description), self.description)
        form.addRow(buddy_label("T&ype:", self.type_combo), self.type_combo)
        form.addRow(buddy_label("&Owner:", self.owner), self.owner)
        form.addRow(buddy_label("Stat&us:", self.status), self.status)
        form.addRow(
            buddy_label("Reas&on:", self.reason), with_error(self.reason, self.reason_error)
        )
        self._reason_row = form.rowCount() - 1
        self._form = form
        review_row = QHBoxLayout()
        review_row.addWidget(self.review)
        review_row.addWidget(self.no_review)
        review_row.addStretch(1)
        form.addRow(buddy_label("&Review by:", self.review), review_row)
        form.addRow(buddy_label("&ABM tier:", self.tier), self.tier)
        form.addRow(buddy_label("&Keywords:", self.keywords), self.keywords)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addSpacing(12)
        columns.addWidget(self.tags, 2)
        self.buttons, self.ok = ok_cancel("&Save", self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

        # slots return nothing: a bool returned to a signal has upset PySide's refcounts
        for signal in (
            self.title_edit.textChanged,
            self.url.textChanged,
            self.reason.textChanged,
            self.status.currentIndexChanged,
        ):
            signal.connect(self._revalidate)
        self.url.setVisible(asset.kind == "link")
        chain_tab_order(
            self.title_edit,
            self.url,
            self.description,
            self.type_combo,
            self.owner,
            self.status,
            self.reason,
            self.review,
            self.no_review,
            self.tier,
            self.keywords,
            self.tags.stages,
            self.tags.personas,
            self.tags.sectors,
        )
        self.validate()
        self.title_edit.setFocus()
        self.resize(780, max(520, self.sizeHint().height()))

    def _no_review_toggled(self, checked: bool) -> None:
        self.review.setEnabled(not checked)

    # -- validation and saving ---------------------------------------------------------
    def _revalidate(self, *_args: object) -> None:
        self.validate()

    def validate(self) -> bool:
        title_msg = "" if self.title_edit.text().strip() else "The title cannot be empty."
        url_msg = url_problem(self.url.text()) if self.asset.kind == "link" else ""
        retiring = self._retiring()
        self._form.setRowVisible(self._reason_row, retiring)
        reason_msg = (
            "Say why it is retired; the reason is kept with the asset."
            if retiring and not self.reason.text().strip()
            else ""
        )
        self.title_error.show_message(title_msg)
        self.url_error.show_message(url_msg)
        self.reason_error.show_message(reason_msg)
        ok = not (title_msg or url_msg or reason_msg)
        self.ok.setEnabled(ok)
        return ok

    def _retiring(self) -> bool:
        return combo_value(self.status) == "retired" and self.asset.status != "retired"

    def asset_update(self) -> AssetUpdate:
        """An AssetUpdate holding only the fields that changed."""
        a = self.asset
        changes: dict[str, object] = {}
        title = " ".join(self.title_edit.text().split())
        if title != a.title:
            changes["title"] = title
        if self.description.toPlainText().strip() != a.description.strip():
            changes["description"] = self.description.toPlainText().strip()
        if combo_value(self.type_combo) != a.type:
            changes["asset_type"] = combo_value(self.type_combo) or ""
        if self.owner.text().strip() != a.owner:
            changes["owner"] = self.owner.text().strip()
        if combo_value(self.status) != a.status:
            changes["status"] = combo_value(self.status)
            changes["reason"] = " ".join(self.reason.text().split())
        review = None if self.no_review.isChecked() else self.review.date().toPython()
        if review != a.review_by:
            changes["review_by"] = review if review is not None else ""
        if a.kind == "link" and self.url.text().strip() != (a.url or ""):
            changes["url"] = self.url.text().strip()
        if combo_value(self.tier) != a.abm_tier:
            changes["abm_tier"] = combo_value(self.tier) or ""
        for name, picked, old in (
            ("stages", self.tags.stages.checked_names(), a.stages),
            ("personas", self.tags.personas.checked_names(), a.personas),
            ("sectors", self.tags.sectors.checked_paths(), a.sectors),
        ):
            if {p.lower() for p in picked} != {o.lower() for o in old}:
                changes[name] = picked
        keywords = parse_keywords(self.keywords.text())
        if list(keywords) != list(a.keywords):
            changes["keywords"] = keywords
        return AssetUpdate(**changes)  # type: ignore[arg-type]

    def save(self) -> None:
        if not self.validate():
            return
        change = self.asset_update()
        if change == AssetUpdate():
            self.accept()
            return
        self.buttons.setEnabled(False)
        task = edit_ops.save_asset(  # accepts right after the change is published
            self.ctx, self, self.asset, change, self.offer_undo, on_done=self.accept
        )
        task.failed.connect(lambda _msg: self.buttons.setEnabled(True))
