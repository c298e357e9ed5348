"""The argparse definition of every command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date

from smkdesk import __version__
from smkdesk.core.usage.events import ACTIONS, OUTCOMES

SORTS = ("relevance", "newest", "most_used")
MAX_ID = 2**63 - 1  # SQLite's largest integer
MAX_DAYS = 36500  # a hundred years
EXIT_CODES = (
    "Exit codes: 0 success, 1 partial (some files rejected, or check found problems), "
    "2 usage error (bad argument, unknown tag or id, number out of range, text that is "
    "not UTF-8), 3 the library could not be opened or the operation failed (for example "
    "the disk is full). Errors are one line on stderr."
)


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one clean line, exit 2.

    With ``dash_words`` set (the search command), an argument such as ``-pricing``
    that is not one of the command's options is a query word (NOT pricing).
    """

    dash_words = False

    def error(self, message: str) -> None:  # type: ignore[override]
        from smkdesk.cli.output import clean

        self.exit(2, f"smkdesk: {clean(message)} (see '{self.prog} --help')\n")

    # argparse's one hook for "is this an option?": None means a positional. Its
    # signature and that meaning are the same from 3.11 to 3.13 (later patch releases
    # only changed what it returns for an option, which is passed through). The public
    # way, parse_known_args leftovers, loses where a -word stood among the words.
    def _parse_optional(self, arg_string: str):  # type: ignore[no-untyped-def]
        if self.dash_words and self._is_dash_word(arg_string):
            return None  # a positional argument
        return super()._parse_optional(arg_string)

    def _is_dash_word(self, arg: str) -> bool:
        if len(arg) < 2 or arg[0] != "-" or arg[1] == "-":
            return False  # "-", "--", "--long" stay as argparse reads them
        known = self._option_string_actions
        return arg not in known and arg[:2] not in known  # -h, or a short option's value


def whole(low: int, high: int, what: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, else a clear message."""
    expected = f"a whole number from {low} to {high}{what}"

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be {expected}, not {value!r}")
        return number

    parse.__name__ = "number"  # what argparse names in its own messages
    return parse


ident = whole(1, MAX_ID, " (an id)")
count = whole(1, MAX_ID)
days = whole(1, MAX_DAYS, " (days)")
LIMIT_HELP = "a whole number, at least 1"


def _tag_filters(p: argparse.ArgumentParser, verb: str) -> None:
    g = p.add_argument_group("tags (repeat an option or separate values with commas)")
    g.add_argument("--stage", action="append", default=[], help=f"{verb} buyer-journey stage")
    g.add_argument("--persona", action="append", default=[], help=f"{verb} persona")
    g.add_argument(
        "--sector",
        action="append",
        default=[],
        help=f"{verb} sector, e.g. Retail or Retail/Fashion",
    )
    g.add_argument("--type", action="append", default=[], dest="type", help=f"{verb} asset type")


def build_parser() -> argparse.ArgumentParser:
    p = Parser(
        prog="smkdesk",
        description="Find, tag and use your team's sales and marketing content. "
        "Run without a command to open the desktop app.",
        epilog=EXIT_CODES,
    )
    p.add_argument("--version", action="version", version=f"smkdesk {__version__}")
    p.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $SMKDESK_LIBRARY or your user data folder)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="open the desktop app on the demo library (built if needed)",
    )
    p.add_argument(
        "--debug",
        action="store_true",
        help="verbose log file, and tracebacks on errors (as $SMKDESK_DEBUG=1)",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    imp = sub.add_parser("import", help="import files and folders (recursively)")
    imp.add_argument("paths", nargs="+", metavar="PATH")
    _tag_filters(imp, "tag with")
    imp.add_argument("--owner")
    imp.add_argument("--abm-tier", choices=("one-to-one", "one-to-few", "one-to-many"))
    imp.add_argument("--keyword", action="append", default=[])
    imp.add_argument("--status", choices=("draft", "published"), default="published")
    review = imp.add_mutually_exclusive_group()
    review.add_argument(
        "--review-by", type=day, metavar="YYYY-MM-DD", help="review date of every imported file"
    )
    review.add_argument(
        "--review-months",
        type=review_months,
        metavar="N",
        help="review date N months from today (1 to 120)",
    )
    imp.add_argument("--json", action="store_true", help="print one JSON entry per file")

    s = sub.add_parser("search", help="full-text search with filters")
    s.add_argument(
        "query",
        nargs="*",
        default=[],
        help='words, "a phrase", OR, NOT or -word; the last word is a prefix. A word that '
        "looks like one of the options below needs -- before the query: search -- --json",
    )
    s.dash_words = True
    _tag_filters(s, "only")
    s.add_argument(
        "--status", action="append", default=[], choices=("draft", "published", "retired")
    )
    s.add_argument("--owner", action="append", default=[])
    s.add_argument("--abm-tier", action="append", default=[])
    s.add_argument("--include-retired", action="store_true")
    s.add_argument("--sort", choices=SORTS, default="relevance")
    s.add_argument(
        "--limit",
        type=count,
        default=20,
        help=f"how many results to show ({LIMIT_HELP}; default 20)",
    )
    s.add_argument("--facets", action="store_true", help="also print facet counts")
    s.add_argument("--json", action="store_true")

    ls = sub.add_parser("list", help="list assets")
    ls.add_argument("--include-retired", action="store_true")
    ls.add_argument(
        "--limit", type=count, help=f"show at most this many ({LIMIT_HELP}; default all)"
    )
    ls.add_argument("--json", action="store_true")

    sh = sub.add_parser("show", help="show one asset")
    sh.add_argument("id", type=ident)
    sh.add_argument("--text", action="store_true", help="also print the extracted text")
    sh.add_argument("--json", action="store_true")

    t = sub.add_parser("tag", help="add or remove tags and set fields on assets")
    t.add_argument("ids", nargs="+", type=ident, metavar="ID")
    for dim in ("stage", "persona", "sector", "keyword"):
        t.add_argument(f"--{dim}", action="append", default=[], help=f"add {dim}")
        t.add_argument(f"--remove-{dim}", action="append", default=[], help=f"remove {dim}")
    t.add_argument("--type", help="set asset type ('' clears)")
    t.add_argument("--owner")
    t.add_argument("--status", choices=("draft", "published", "retired"))
    t.add_argument("--abm-tier", help="one-to-one, one-to-few, one-to-many ('' clears)")
    t.add_argument("--title")
    t.add_argument("--description")
    t.add_argument("--json", action="store_true")

    ln = sub.add_parser("add-link", help="add a link asset (video, web page)")
    ln.add_argument("url")
    ln.add_argument("--title", required=True)
    ln.add_argument("--description")
    _tag_filters(ln, "tag with")
    ln.add_argument("--owner")
    ln.add_argument("--abm-tier", choices=("one-to-one", "one-to-few", "one-to-many"))
    ln.add_argument("--keyword", action="append", default=[])
    ln.add_argument("--json", action="store_true")

    tx = sub.add_parser("taxonomy", help="list and edit stages, personas, sectors and types")
    tsub = tx.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    dims = ("stage", "persona", "sector", "type")
    tl = tsub.add_parser("list", help="list values with how many assets use each")
    tl.add_argument("dimension", nargs="?", choices=dims)
    tl.add_argument("--json", action="store_true")
    ta = tsub.add_parser("add", help="add a value")
    ta.add_argument("dimension", choices=dims)
    ta.add_argument("name")
    ta.add_argument("--parent", help="parent sector")
    tr = tsub.add_parser("rename", help="rename a value (tags follow)")
    tr.add_argument("dimension", choices=dims)
    tr.add_argument("name")
    tr.add_argument("new_name")
    tm = tsub.add_parser("merge", help="merge SOURCE into TARGET (tags move, SOURCE goes)")
    tm.add_argument("dimension", choices=dims)
    tm.add_argument("name", metavar="source")
    tm.add_argument("target")
    tv = tsub.add_parser("move", help="move a value up or down among its siblings")
    tv.add_argument("dimension", choices=dims)
    tv.add_argument("name")
    tv.add_argument("steps", type=int, help="negative moves up, positive down")
    tp = tsub.add_parser("reparent", help="move a sector under another (or to the top)")
    tp.add_argument("name")
    tp.add_argument("--parent", help="new parent sector; omit for top level")
    for verb, text in (("retire", "hide from pickers; tags stay"), ("restore", "undo retire")):
        tt = tsub.add_parser(verb, help=text)
        tt.add_argument("dimension", choices=dims)
        tt.add_argument("name")

    sub.add_parser("reindex", help="rebuild the search index from the database")
    ck = sub.add_parser("check", help="check database, index and stored files")
    ck.add_argument("--repair", action="store_true", help="mend what can be mended")
    ck.add_argument("--deep", action="store_true", help="also verify every stored file's checksum")
    way = ck.add_mutually_exclusive_group()
    way.add_argument(
        "--from-backup",
        action="store_true",
        help="with --repair, a damaged database: put the newest good backup in its place",
    )
    way.add_argument(
        "--salvage",
        action="store_true",
        help="with --repair, a damaged database: copy what can be read into a new file",
    )
    ck.add_argument("--json", action="store_true")

    d = sub.add_parser("demo", help="build a demo library (40+ realistic assets)")
    d.add_argument(
        "dir", nargs="?", help="where to build it (default: --library, else your user data folder)"
    )
    d.add_argument("--force", action="store_true", help="rebuild even if it exists")
    _lifecycle_parsers(sub)
    return p


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def review_months(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if not 1 <= n <= 120:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of months from 1 to 120")
    return n


def _who(p: argparse.ArgumentParser) -> None:
    p.add_argument("--user", metavar="NAME", help="who did it (default: your login name)")


def _lifecycle_parsers(sub: argparse._SubParsersAction[Parser]) -> None:
    u = sub.add_parser("usage", help="log and list uses of assets, record deal outcomes")
    usub = u.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    ul = usub.add_parser("log", help="record that an asset was used")
    ul.add_argument("id", type=ident)
    ul.add_argument("--action", dest="use", required=True, choices=ACTIONS)
    for opt in ("account", "opportunity", "note"):
        ul.add_argument(f"--{opt}", default="")
    for opt in ("stage", "persona", "sector"):
        ul.add_argument(f"--{opt}", help=f"the buyer's {opt}")
    rating = ul.add_mutually_exclusive_group()
    rating.add_argument("--helpful", dest="rating", action="store_const", const=1)
    rating.add_argument("--not-helpful", dest="rating", action="store_const", const=-1)
    _who(ul)
    ul.add_argument("--role", default="", help="sales rep, marketer...")
    ull = usub.add_parser("list", help="recent uses, newest first")
    ull.add_argument(
        "--limit",
        type=count,
        default=50,
        help=f"how many events to show ({LIMIT_HELP}; default 50)",
    )
    ull.add_argument("--since", type=day, metavar="DATE")
    ull.add_argument("--until", type=day, metavar="DATE")
    ull.add_argument("--json", action="store_true")
    uo = usub.add_parser("outcome", help="record that a deal was won, lost or is open")
    uo.add_argument("account")
    uo.add_argument("opportunity")
    uo.add_argument("outcome", choices=OUTCOMES)

    un = sub.add_parser("unused", help="content to review: unused, stale, past review, duplicates")
    un.add_argument(
        "--days",
        type=days,
        help=f"unused/not used for this many days (1 to {MAX_DAYS}; default 90)",
    )
    un.add_argument("--json", action="store_true")

    rt = sub.add_parser("retire", help="retire assets (reversible; a reason is required)")
    rt.add_argument("ids", nargs="+", type=ident, metavar="ID")
    rt.add_argument("--reason", required=True)
    _who(rt)
    rs = sub.add_parser("restore", help="bring retired assets back")
    rs.add_argument("ids", nargs="+", type=ident, metavar="ID")
    _who(rs)
    kp = sub.add_parser("keep", help="keep assets out of the review queue until a date")
    kp.add_argument("ids", nargs="+", type=ident, metavar="ID")
    kp.add_argument("--until", type=day, required=True, metavar="DATE")
    kp.add_argument("--reason", default="")
    _who(kp)

    rq = sub.add_parser("requests", help="content people searched for and did not find")
    rq.add_argument(
        "--status",
        choices=("open", "planned", "answered", "dismissed", "all"),
        help="which requests to list (default: all but the dismissed)",
    )
    rq.add_argument("--json", action="store_true")
    rsub = rq.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    for verb, text in (
        ("plan", "mark a request planned"),
        ("reopen", "open a request again"),
        ("undismiss", "bring a dismissed request back to the open list"),
    ):
        rp = rsub.add_parser(verb, help=text)
        rp.add_argument("id", type=ident)
        _who(rp)
    ra = rsub.add_parser("answer", help="mark a request answered by an asset")
    ra.add_argument("id", type=ident)
    ra.add_argument("asset_id", type=ident)
    _who(ra)
    rd = rsub.add_parser("dismiss", help="take a request off the open list as noise")
    rd.add_argument("id", type=ident)
    rd.add_argument(
        "--reason",
        required=True,
        choices=("typo", "not-content", "duplicate", "other"),
        help="why it is not a content need",
    )
    rd.add_argument("--note", default="", help="a few words more (required with 'other')")
    _who(rd)

    ex = sub.add_parser("export", help="export usage, unused content or requests to CSV")
    ex.add_argument("what", choices=("usage", "unused", "requests"))
    ex.add_argument("--out", required=True, metavar="FILE.csv")
    ex.add_argument("--since", type=day, metavar="DATE", help="usage: from this day")
    ex.add_argument("--until", type=day, metavar="DATE", help="usage: up to this day")
    ex.add_argument(
        "--days", type=days, help=f"unused: days without use (1 to {MAX_DAYS}; default 90)"
    )

    jr = sub.add_parser("journey", help="buyer-journey templates and workshops")
    jsub = jr.add_subparsers(dest="action", metavar="ACTION", required=True, parser_class=Parser)
    jsub.add_parser("templates", help="list journey templates").add_argument(
        "--json", action="store_true"
    )
    jt = jsub.add_parser("template-export", help="write a template as JSON, to edit")
    jt.add_argument("id", type=ident)
    jt.add_argument("--out", required=True, metavar="FILE.json")
    ji = jsub.add_parser("template-import", help="save a template written as JSON (a new one)")
    ji.add_argument("file", metavar="FILE.json")
    ji.add_argument("--name", help="save under this name instead of the file's")
    jsub.add_parser("workshops", help="list workshops").add_argument("--json", action="store_true")
    jn = jsub.add_parser("new", help="create a workshop from a template")
    jn.add_argument("name")
    jn.add_argument("--date", type=day, help="when it is held (default today)")
    jn.add_argument("--facilitator", default="")
    jn.add_argument("--template", type=ident, help="template id (default: the first)")
    jn.add_argument("--persona", action="append", default=[])
    jn.add_argument("--sector", action="append", default=[])
    jn.add_argument("--sales", action="append", default=[], metavar="NAME")
    jn.add_argument("--marketing", action="append", default=[], metavar="NAME")
    je = jsub.add_parser("export", help="write a workshop's pack as a Word document")
    je.add_argument("id", type=ident)
    je.add_argument("--out", required=True, metavar="FILE.docx")
    br = sub.add_parser("brief", help="write a one-to-two-page pre-call brief (.docx)")
    br.add_argument("--persona", required=True)
    br.add_argument("--sector", required=True)
    br.add_argument("--stage", required=True)
    br.add_argument("--account", default="")
    br.add_argument("--out", required=True, metavar="FILE.docx")
    jsh = jsub.add_parser("show", help="a workshop's questions, answers and linked assets")
    jsh.add_argument("id", type=ident)
    jsh.add_argument("--json", action="store_true")

    rp = sub.add_parser("report", help="write a Word report")
    rsub2 = rp.add_subparsers(dest="report", metavar="REPORT", parser_class=Parser, required=True)
    ra2 = rsub2.add_parser("audit", help="content audit: coverage, unused content, requests")
    ra2.add_argument("--out", required=True, metavar="FILE.docx")
    ra2.add_argument(
        "--days", type=days, default=90, help=f"the period, in days (1 to {MAX_DAYS}; default 90)"
    )

    au = sub.add_parser("audit", help="who retired, restored, kept or changed an asset")
    au.add_argument("id", type=ident)
    au.add_argument("--json", action="store_true")
