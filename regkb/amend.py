"""`regkb diff A B`: compare two texts of a regulation and print, or save, the 修改对照表."""

import json
import sys
from pathlib import Path

from kb.errors import KbError


def cmd_diff(run) -> int:
    from kb.amend import STATUS_NAMES, compare
    from kb.amend.load import regulation_for
    args = run.args
    if args.docx:
        _check_folder(args.docx)

    def library():      # opened only if A or B names a stored regulation
        return run.library
    comparison = compare(regulation_for(args.a, library), regulation_for(args.b, library))
    if args.docx:
        _save_docx(comparison, args.docx, args.only_changes)
    if args.json:
        print(json.dumps(comparison.as_json(only_changes=args.only_changes), ensure_ascii=False, indent=1))
        return 0
    for row in comparison.rows:
        if row.status != "unchanged" or row.warnings:
            print(_line(row, STATUS_NAMES))
    for warning in comparison.warnings:
        print(f"注意：{warning}")
    print(_summary(comparison, STATUS_NAMES))
    return 0


def _check_folder(target):
    folder = Path(target).expanduser().resolve().parent
    if not folder.is_dir():
        raise KbError(f"输出目录不存在：{folder}")


def _save_docx(comparison, target, only_changes):
    from kb.store import atomic_write
    from webapp.amend_docx import comparison_docx
    atomic_write(Path(target).expanduser(), comparison_docx(comparison, only_changes=only_changes))
    print(f"已保存：{target}", file=sys.stderr)


def _line(row, names) -> str:
    line = f"{names[row.status]}\t{row.old_label or '—'} → {row.new_label or '—'}"
    if row.note:
        line += f"\t{row.note}"
    return "".join([line] + [f"\n\t请核对：{w}" for w in row.warnings])


def _summary(comparison, names) -> str:
    summary = comparison.summary
    counts = "，".join(f"{names[s]} {summary[s]}" for s in names)
    return (f"《{comparison.old.title}》{len(comparison.old.articles)} 条 → "
            f"《{comparison.new.title}》{len(comparison.new.articles)} 条：{counts}；"
            f"请核对 {summary['warnings']} 处")
