"""A run's outcome: `RunSummary`, filled by `pipeline.run`, and the lines every surface prints
of it (the command line's summary, the run artifact), in the words of `counts.py`.

    summary.outcome_lines()
    # ["10 inputs: 2 new, 1 changed, 7 unchanged, 1 rejected",
    #  "40 records of the feeds and archives read: 3 new, 0 changed, 37 unchanged, 0 rejected",
    #  "stored 5 articles, 12 quotations (13 rows of quotes); 0 rows failed validation"]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .counts import Outcomes, plural
from .sources.read import warning_lines


@dataclass
class RunSummary:
    run_id: str
    source: str
    out: str
    status: str = "completed"  # completed | stood_down
    message: str = ""
    # inputs (files or objects under SOURCE) met: inputs = new + changed + retried + unchanged
    inputs: int = 0
    new: int = 0
    changed: int = 0
    retried: int = 0  # read again with the same content: a failure or I/O error tried again
    unchanged: int = 0
    rejected: int = 0  # of the inputs, those that ended in `rejects` (duplicates included)
    duplicates: int = 0
    records: Outcomes = field(default_factory=Outcomes)  # records of the feeds and archives read
    quotations: int = 0  # in the quotes written (counts.quotation_count)
    validation_failures: int = 0
    batches: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    snapshot: int | None = None
    seconds: float = 0.0
    pruned: int = 0  # inputs gone from SOURCE whose rows `--prune` removed
    reextracted: int = 0  # stored articles extracted again by `--reextract`
    workers: list[str] = field(default_factory=list)  # host:pid of every process that extracted
    skipped_files: dict[str, int] = field(default_factory=dict)  # files of unsupported types under SOURCE
    skipped_records: dict[str, int] = field(default_factory=dict)  # parts of feeds/archives that are no articles
    warned_records: dict[str, int] = field(default_factory=dict)  # records kept without what could not be read
    failed: list[str] = field(default_factory=list)  # inputs and records whose extraction raised (a bug)
    log_file: str | None = None  # where the details of `failed` are (runlog)
    unlogged: list[str] = field(default_factory=list)  # those details, when the log could not be written

    def set_inputs(self, inputs: Outcomes, records: Outcomes) -> None:
        self.inputs = inputs.total
        self.new, self.changed, self.retried = inputs.new, inputs.changed, inputs.retried
        self.unchanged, self.rejected, self.duplicates = inputs.unchanged, inputs.rejected, inputs.duplicates
        self.records = records

    def input_outcomes(self) -> Outcomes:
        return Outcomes(self.new, self.changed, self.retried, self.unchanged, self.rejected, self.duplicates)

    def outcome_lines(self) -> list[str]:
        """What became of the inputs and records, and what was stored, one line each."""
        lines = [self.input_outcomes().line("input")]
        if self.records.total:
            lines.append(self.records.line("record").replace(":", " of the feeds and archives read:", 1))
        rows = self.rows.get("quotes", 0)
        lines.append(
            f"stored {plural(self.rows.get('articles', 0), 'article')}, {plural(self.quotations, 'quotation')} "
            f"({plural(rows, 'row')} of quotes); {plural(self.validation_failures, 'row')} failed validation"
            + (f"; {self.pruned:,} pruned" if self.pruned else "")
            + (f"; {plural(self.reextracted, 'article')} extracted again" if self.reextracted else "")
        )
        return lines

    def skipped_lines(self) -> list[str]:
        """What the run passed over, or kept without what it could not read, one line each:
        "skipped 14 files of unsupported types: .pdf 9, .docx 5"."""
        lines = []
        if self.skipped_files:
            n = sum(self.skipped_files.values())
            kinds = ", ".join(f"{kind} {count}" for kind, count in self.skipped_files.items())
            lines.append(f"skipped {plural(n, 'file')} of unsupported types: {kinds}")
        for what, count in self.skipped_records.items():
            lines.append(f"skipped {count:,} × {what}")
        return lines + warning_lines(self.warned_records)

    def rejected_lines(self) -> list[str]:
        """Where to look when something was rejected or failed."""
        lines = []
        if self.failed:
            where = f": details in {self.log_file}" if self.log_file else ""
            lines.append(f"extraction failed on {plural(len(self.failed), 'input')} (a quoteflow bug){where}")
        if self.rejected or self.records.rejected:
            lines.append(f"see why with: quoteflow show {self.out} --rejects")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
