"""`regkb`: fetch, import, index, search and show regulations from the command line.

The core (kb) returns data; this module renders it for a terminal. Each run reads the
home once: one Library, and for lookups one Snapshot (index generation + its Library)."""

import argparse
import getpass
import json
import sys
from functools import cached_property

from kb.citation import format_citation, parse_citation
from kb.errors import KbError
from kb.home import Home
from kb.locate import law_references, locate_citation
from kb.model import label
from kb.serialize import article_json, regulation_json

OFFLINE_HINT = ("可以改用：regkb fetch --from <本地目录或镜像网址>；或设置环境变量 REGKB_MIRROR；"
                "或用 regkb import <文件或目录> 导入自己的文本。")
LIST_HINT = "（regkb list 可查看全部法规）"
HOME_HELP = ("数据目录（默认：环境变量 REGKB_HOME；在源码目录中运行时为项目目录；"
             "安装后为用户数据目录。regkb where 显示当前所用的目录）")
MAX_PORT = 65535
INCOMPLETE_MARK = "（文本不完整）"


def main(argv: list | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(Run(args)) or 0
    except KbError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        return 0


class Run:
    """What one invocation works on, each read once."""

    def __init__(self, args):
        self.args = args

    @cached_property
    def home(self) -> Home:
        return Home.resolve(self.args.home, index=getattr(self.args, "index_dir", None))

    @cached_property
    def library(self):
        """The stored texts (for fetch, import, index, list, notes, survey); a run reads
        each text once at most, so all stay parsed."""
        from kb.library import Library
        return Library(self.home, keep_parsed=None)

    @cached_property
    def snapshot(self):
        """The current index generation with the Library it indexed (for lookups)."""
        from kb.snapshot import Snapshot
        return Snapshot.open(self.home)

    def entry(self, name):
        entry = self.library.resolve(name)
        if entry is None:
            raise KbError(f"找不到法规：{name}{LIST_HINT}")
        return entry


def port_number(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"端口应为 1 到 {MAX_PORT} 之间的整数：{text}")
    return int(text)


def positive(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数：{text}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    # --home is accepted before or after the subcommand; after it, it wins.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", default=argparse.SUPPRESS, help=HOME_HELP)
    parser = argparse.ArgumentParser(prog="regkb", description="济宁市地方性法规知识库")
    parser.add_argument("--home", default=None, help=HOME_HELP)
    commands = parser.add_subparsers(dest="command")

    def command(name, handler, help_text):
        sub = commands.add_parser(name, help=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    fetch = command("fetch", cmd_fetch, "获取目录中缺少的法规文本并校验")
    fetch.add_argument("--from", dest="source", help="本地目录或镜像网址（默认：目录中固定的来源）")
    fetch.add_argument("--collection", choices=("jining", "shandong", "national", "all"), default="jining",
                       help="获取哪一个法规集：jining 济宁市（默认）、shandong 山东省及各市、national 全国性法律法规、all 全部")

    imp = command("import", cmd_import, "导入自己的法规文件或目录")
    imp.add_argument("paths", nargs="+")
    imp.add_argument("--strict", action="store_true", help="有一个文件不能导入就全部不导入")

    index = command("index", cmd_index, "建立或更新检索索引")
    index.add_argument("--full", action="store_true", help="全部重建")
    index.add_argument("--out", dest="index_dir", help="把索引写到这个目录（供 regkb serve --index 使用的索引制品）")

    search = command("search", cmd_search, "检索条文")
    search.add_argument("query", nargs="*", help="检索词；不加引号的几个词合为一个检索")
    search.add_argument("--reg", help="只在某部法规中检索（全称或简称）")
    search.add_argument("--chapter", help="只看某一章：第五章、法律责任或“第五章 法律责任”")
    search.add_argument("--department", help="只看涉及某部门的条文，如 公安机关")
    search.add_argument("--penalty", action="store_true", help="只看有罚则的条文")
    search.add_argument("--scope", choices=("jining", "shandong", "national", "all"), default="jining",
                        help="检索范围：jining 本市（默认，REGKB_HOME_JURISDICTION）、shandong 山东省及各市、"
                             "national 全国性法律法规、all 全部")
    search.add_argument("--page", type=positive, default=1)
    search.add_argument("--limit", type=positive, default=10)
    search.add_argument("--json", action="store_true")
    search.add_argument("--jsonl", action="store_true", help="从标准输入逐行读取检索词，逐行输出 JSON")

    show = command("show", cmd_show, "按引用显示一条条文，如 养犬条例第十五条")
    show.add_argument("citation", nargs="+")
    show.add_argument("--json", action="store_true")

    comparing = command("compare", cmd_compare, "一条条文在其他城市法规和上位法中的同类规定，及罚款对比")
    comparing.add_argument("citation", nargs="+")
    comparing.add_argument("--scope", choices=("shandong", "national", "all"), default="all",
                           help="比较范围：all 全部（默认）、shandong 山东省及各市、national 全国性法律法规")
    comparing.add_argument("--json", action="store_true")

    listing = command("list", cmd_list, "列出已有的法规")
    listing.add_argument("--json", action="store_true")

    command("where", cmd_where, "显示数据目录（法规文本、索引、笔记、账户）在哪里")

    notes = commands.add_parser("notes", help="执法检查、调研等笔记", parents=[common])
    notes_commands = notes.add_subparsers(dest="notes_command", required=True)
    notes_list = notes_commands.add_parser("list", help="列出笔记", parents=[common])
    notes_list.add_argument("--json", action="store_true")
    notes_list.set_defaults(handler=cmd_notes_list)
    notes_show = notes_commands.add_parser("show", help="显示一条笔记", parents=[common])
    notes_show.add_argument("id")
    notes_show.set_defaults(handler=cmd_notes_show)
    notes_check = notes_commands.add_parser("check", help="检查全部笔记：元数据、法规、条文与引用",
                                            parents=[common])
    notes_check.set_defaults(handler=cmd_notes_check)
    notes_export = notes_commands.add_parser("export", help="导出全部笔记及其历史到目录或 .json 文件",
                                             parents=[common])
    notes_export.add_argument("target", help="目录（与数据目录 notes/ 相同的结构）或 .json 文件")
    notes_export.set_defaults(handler=cmd_notes_export)
    notes_import = notes_commands.add_parser("import", help="从目录或 .json 文件导入笔记及其历史",
                                             parents=[common])
    notes_import.add_argument("source", help="regkb notes export 的结果，或某个数据目录的 notes/ 目录")
    notes_import.set_defaults(handler=cmd_notes_import)

    db = commands.add_parser("db", help="共享数据库（REGKB_DATABASE_URL）", parents=[common])
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_commands.add_parser("upgrade", help="建立或升级数据库结构", parents=[common])
    db_upgrade.set_defaults(handler=cmd_db_upgrade)

    user = commands.add_parser("user", help="编辑账户", parents=[common])
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_add = user_commands.add_parser("add", help="添加编辑账户（密码从终端输入，或 --password-stdin）",
                                        parents=[common])
    user_add.add_argument("name")
    user_add.add_argument("--password-stdin", action="store_true")
    user_add.set_defaults(handler=cmd_user_add)

    survey = command("survey", cmd_survey, "生成执法检查表")
    survey.add_argument("regulation")
    survey.add_argument("--chapter", help="只列某一章，如“第三章 城镇容貌管理”")
    survey.add_argument("--docx", help="另存为 .docx 文件（所在目录须已存在）")
    survey.add_argument("--json", action="store_true", help="以 JSON 输出")

    diff = command("diff", cmd_diff, "对照两个版本或草案，生成修改对照表")
    diff.add_argument("a", help="现行文本：法规名称[@版本日期]，或文件路径")
    diff.add_argument("b", help="修改后文本：法规名称[@版本日期]，或文件路径（如草案 .docx）")
    diff.add_argument("--json", action="store_true")
    diff.add_argument("--docx", help="另存修改对照表为 .docx 文件")
    diff.add_argument("--only-changes", action="store_true", help="略去未修改的条文")

    command("prompt", cmd_prompt, "交互式检索")

    serve = command("serve", cmd_serve, "启动网页服务（waitress；--workers 大于 1 时 gunicorn）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认只允许本机访问）")
    serve.add_argument("--port", type=port_number, default=8000)
    serve.add_argument("--threads", type=positive, default=8, help="处理请求的线程数（默认 8）")
    serve.add_argument("--connection-limit", type=positive, default=500,
                       help="同时保持的连接数上限（默认 500）")
    serve.add_argument("--channel-timeout", type=positive, default=30,
                       help="连接无数据多少秒后关闭（默认 30）")
    serve.add_argument("--index", dest="index_dir",
                       help="使用这个目录中的索引（regkb index --out 的结果；只读），而不是数据目录中的索引")
    serve.add_argument("--workers", type=positive, default=1,
                       help="进程数（默认 1，用 waitress；大于 1 时用 gunicorn，仅限 Linux）")
    return parser


def cmd_fetch(run):
    from kb.fetch import FetchError, fetch
    try:
        fetch(run.home, source=run.args.source, progress=_err, collection=run.args.collection)
    except FetchError as error:
        raise KbError(f"{error}\n{OFFLINE_HINT}") from error


def cmd_import(run):
    from kb.importer import ImportFailed, import_paths
    try:
        report = import_paths(run.home, run.args.paths, run.library.canonical_title, progress=print,
                              strict=run.args.strict)
    except ImportFailed as failure:
        for error in failure.errors:
            print(f"错误：{error}", file=sys.stderr)
        print("没有导入任何文件。", file=sys.stderr)
        return 1
    for error in report.rejected:
        print(f"未导入：{error}", file=sys.stderr)
    if report.rejected:
        print(f"导入 {report.imported} 个文件，{len(report.rejected)} 个未导入（原因见上）。", file=sys.stderr)
    print("运行 regkb index 更新索引。")
    return report.exit_code


def cmd_index(run):
    from kb.index.builder import build
    if not run.library.entries:
        raise KbError("没有任何法规文本：请先运行 regkb fetch 或 regkb import。\n" + OFFLINE_HINT)
    report = build(run.home.index_dir, run.library.entries, progress=_index_progress, force=run.args.full)
    if not report.changed:
        print("索引已是最新，无需更新。")
        return
    kind = "全部重建" if report.full else "增量更新"
    print(f"索引{kind}完成：{len(report.added)} 部法规、{report.articles} 条，"
          f"移除 {len(report.removed)} 部，用时 {report.seconds:.2f} 秒。")


def _index_progress(number, total, done_articles, total_articles, title):
    _err(f"[{number}/{total}] {title}（累计 {done_articles}/{total_articles} 条）")


def _filters(run):
    from kb.filters import resolve_chapter, resolve_department
    args = run.args
    library = run.snapshot.library
    filters = {"penalty": True if args.penalty else None}
    if args.reg:
        entry = library.resolve(args.reg)
        if entry is None:
            raise KbError(f"找不到法规：{args.reg}{LIST_HINT}")
        filters["regulation"] = entry.slug
    if args.chapter:
        filters["chapter"] = resolve_chapter(library, args.chapter, filters.get("regulation"))
    if args.department:
        filters["department"] = resolve_department(library, args.department)
    return {k: v for k, v in filters.items() if v}


def cmd_search(run):
    args = run.args
    snapshot = run.snapshot
    options = {"limit": args.limit, "page": args.page, "filters": _filters(run), "scope": args.scope}
    query = " ".join(args.query or []).strip()
    if args.jsonl or not query:
        if not args.jsonl:
            raise KbError("请输入检索词，或用 --jsonl 从标准输入读取")
        for line in sys.stdin:
            print(json.dumps(snapshot.search(line.strip(), **options).as_json(), ensure_ascii=False), flush=True)
        return
    result = snapshot.search(query, **options)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return
    _print_result(result)


def _print_result(result):
    if result.notice:
        print(f"注意：{result.notice}")
    if result.caveat:
        print(result.caveat)
    if not result.hits:
        if not result.total:
            print(f"没有找到与“{result.query}”相关的条文。")
        if result.suggestions:
            print("可以试试：" + "、".join(result.suggestions))
        return
    print(f"共 {result.total} 条相关条文，显示第 {result.page}/{result.pages} 页 {len(result.hits)} 条：")
    for number, hit in enumerate(result.hits, 1):
        where = " ".join(p for p in (hit.chapter, hit.section) if p)
        mark = "" if hit.complete else INCOMPLETE_MARK
        print(f"\n{number}. {hit.citation}{mark}（{hit.jurisdiction}）  {where}")
        print("   " + bracketed(hit.snippet))
        for line in liability_lines(hit):
            print("   " + line)


def liability_lines(hit) -> list:
    """The fine and who enforces it, beside a duty (or the act a penalty punishes), from the
    one penalty map (kb.legal) the hit carries."""
    facts = hit.facts
    lines = []
    for link in facts.get("penalized_by", [])[:3]:
        fines = "；".join(link["fines"]) or "罚款数额见该条"
        enforcers = "、".join(link["departments"]) or "条文未明确"
        doubt = "（关联不确定，请核对）" if link["confidence"] != "high" else ""
        lines.append(f"违反{link['own']}：{link['where']} {fines} · 执法：{enforcers}{doubt}")
    acts = dict.fromkeys(link["where"] for link in facts.get("penalizes", []) if link["article"])
    lines += [f"所罚行为：{where}" for where in list(acts)[:3]]
    if not lines and not hit.penalty and facts.get("no_penalty"):
        lines.append(facts["no_penalty"])
    return lines


def bracketed(snippet) -> str:
    """A kb.search.highlight.Snippet for a terminal: marked words in 【】."""
    return "".join(f"【{text}】" if marked else text for text, marked in snippet.pieces())


def _located(run):
    """The article the command's citation names, or a KbError saying why there is none."""
    text = " ".join(run.args.citation)
    citation = parse_citation(text)
    if citation is None:
        raise KbError(f"无法识别的引用：{text}（示例：养犬条例第十五条）")
    located = locate_citation(run.snapshot.library, citation)
    if not located:
        raise KbError(located.reason + (LIST_HINT if located.entry is None else ""))
    return located


def cmd_show(run):
    located = _located(run)
    if run.args.json:
        data = article_json(located.entry, located.article)
        data.update(paragraph=located.paragraph, item=located.item,
                    **located.entry.facts[located.article.key].links_json(),
                    references=[r.as_json() for r in law_references(run.snapshot.library, located.article.text)])
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    article, regulation = located.article, located.entry.regulation
    print(located.citation)
    where = " ".join(p for p in (article.part, article.chapter, article.section) if p)
    if where:
        print(where)
    print()
    print(f"{article.label} {located.text}" if not located.paragraph and not located.item else located.text)
    _print_liability(located.entry, located.article)
    references = law_references(run.snapshot.library, located.article.text)
    if references:
        print("\n援引的已收录法律法规：" + "、".join(_reference_line(r) for r in references))
    if not regulation.complete:
        print("\n注意：本法规文本不完整——" + "；".join(regulation.problems))


def _reference_line(reference):
    """《中华人民共和国大气污染防治法》第九十九条, or the law with why its named article is not."""
    located = reference.located
    if located:
        return located.citation
    return f"《{reference.entry.title}》" + (f"（{reference.problem}）" if reference.problem else "")


def cmd_compare(run):
    from kb.compare import compare
    located = _located(run)
    comparison = compare(run.snapshot, located.entry, located.article, scope=run.args.scope)
    if run.args.json:
        print(json.dumps(comparison.as_json(), ensure_ascii=False, indent=1))
        return
    print(f"{located.whole_article.citation}：其他城市与上位法的同类规定")
    _print_groups("其他城市", comparison.peers, lambda g: g.entry.jurisdiction)
    _print_groups("上位法", comparison.superior, lambda g: g.entry.level)
    print("\n各市罚款对比：")
    for row in comparison.fines:
        fines = "；".join(f.text for f in row.fines) or "未规定罚款"
        where = f"（罚则：{row.where}）" if row.where != row.article.label else ""
        print(f"  {row.entry.jurisdiction} {format_citation(row.entry.title, row.article.label)}{where}：{fines}")
        for flag in row.flags:
            print(f"    ！{flag}")


def _print_groups(heading, groups, place):
    print(f"\n{heading}：" + ("" if groups else "未找到"))
    for group in groups:
        labels = "、".join(a.label for a in group.articles)
        print(f"  《{group.entry.title}》（{place(group)}）{labels}")
        print(f"    {group.articles[0].label} {_first_line(group.articles[0].text)}")


def _first_line(text, width=60):
    line = text.split("\n", 1)[0]
    return line if len(line) <= width else line[:width] + "…"


def _print_liability(entry, article):
    """违反本条的法律责任 (a duty) or 所罚行为 (a penalty clause), with fines and departments."""
    from kb.legal import HOW_LABELS
    from kb.survey import penalty_line
    fact = entry.facts[article.key]
    if fact.penalized_by or fact.no_penalty:
        print("\n违反本条的法律责任：")
        for link in fact.penalized_by:
            print(f"  {penalty_line(link)}\n    依据：{link.evidence}")
        if fact.no_penalty:
            print(f"  {fact.no_penalty}" + "".join(f"（另见{label(g.article, g.suffix)}：{g.evidence}）"
                                                 for g in fact.generic))
    if fact.penalizes:
        print("\n所罚行为：")
        for link in fact.penalizes:
            print(f"  {link.where}（{HOW_LABELS[link.how]}）：{link.evidence}")


def cmd_list(run):
    rows = [regulation_json(entry) for entry in run.library.entries]
    if run.args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        print("还没有任何法规文本：请先运行 regkb fetch 或 regkb import。")
    for row in rows:
        state = "完整" if row["complete"] else "不完整：" + "；".join(row["problems"])
        print(f"{row['title']}（{row['jurisdiction']}，{row['level']}；{row['articles']} 条，{row['status']}，"
              f"施行 {row['effective'] or '未知'}）{state}")


def cmd_where(run):
    home = run.home
    print(f"数据目录：{home.root}（{home.origin}）")
    from kb.storage import describe
    print(f"  法规文本：{home.texts_dir}\n  检索索引：{home.index_dir}\n  执法笔记：{home.root / 'notes'}")
    print(f"  笔记、账户与会话保存在：{describe()}")
    print("  示例笔记随程序安装，不在数据目录中；设置 REGKB_EXAMPLE_NOTES=0 可隐藏。")


def _notes(run):
    from kb.notes.catalog import NotesCatalog
    return NotesCatalog(run.home, run.library)


def cmd_notes_list(run):
    catalog = _notes(run)
    rows = [{"id": n.id, "title": n.title, "date": n.date, "type": n.type, "regulations": n.regulations,
             "articles": [located.citation for located in catalog.linker.concerned_articles(n)],
             "tags": n.tags, "authors": n.authors} for n in catalog.filter()]
    if run.args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        print(f"{row['date']}  [{row['type']}]  {row['id']}  {row['title']}")
    if not rows:
        print("还没有笔记。")


def cmd_notes_show(run):
    from kb.notes.store import NoteStore
    print(NoteStore(run.home).text(run.args.id), end="")


def cmd_notes_check(run):
    catalog = _notes(run)
    problems = list(catalog.problems)
    for note in catalog.notes:
        problems += [f"{note.id}：{p}" for p in catalog.linker.check(note)]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"检查了 {len(catalog.notes) + len(catalog.problems)} 条笔记，发现 {len(problems)} 个问题。")
    return 1 if problems else 0


def cmd_notes_export(run):
    from kb.storage import storage_for
    from kb.storage.transfer import export_notes
    moved = export_notes(storage_for(run.home).notes, run.args.target)
    return _report_moved(moved, f"已导出到 {run.args.target}")


def cmd_notes_import(run):
    from kb.storage import storage_for
    from kb.storage.transfer import copy_records, read_records
    moved = copy_records(read_records(run.args.source), storage_for(run.home).notes)
    return _report_moved(moved, "已导入")


def _report_moved(moved, done):
    print(f"{done}：{moved.notes} 条笔记，{moved.versions} 个历史版本。")
    for note_id in moved.different:
        print(f"未导入：{note_id}——目标中已有内容不同的同名笔记（其历史版本已补齐）", file=sys.stderr)
    return 1 if moved.different else 0


def cmd_db_upgrade(run):
    from kb.storage import database, database_url
    from kb.storage.postgres import upgrade
    url = database_url()
    if not url:
        raise KbError("没有设置 REGKB_DATABASE_URL：当前使用数据目录中的文件，无需数据库")
    with database(url).connect() as conn:
        before, after = upgrade(conn)
    print(f"数据库结构已是最新（版本 {after}）。" if before == after else f"数据库结构已从版本 {before} 升级到 {after}。")


def cmd_user_add(run):
    from kb.accounts import add_user
    if run.args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not sys.stdin.isatty():
        raise KbError("没有终端可输入密码：请用 --password-stdin 从标准输入传入密码")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != password:
            raise KbError("两次输入的密码不一致")
    add_user(run.home, run.args.name, password)
    print(f"已添加编辑账户：{run.args.name}")


def cmd_survey(run):
    from kb.survey import chapters_of, survey_sheet
    entry = run.entry(run.args.regulation)
    chapter = run.args.chapter
    if chapter and chapter not in chapters_of(entry.regulation):
        raise KbError(f"没有这一章：{chapter}（可选：{'、'.join(chapters_of(entry.regulation))}）")
    sheet = survey_sheet(entry, chapter)
    if run.args.docx:
        _save_docx(run.args.docx, sheet)
        print(f"已保存：{run.args.docx}（{len(sheet.rows)} 条）")
        return
    if run.args.json:
        print(json.dumps(sheet.as_json(), ensure_ascii=False, indent=1))
        return
    print(f"《{sheet.title}》执法检查表（{sheet.scope}），共 {len(sheet.rows)} 条")
    if not sheet.complete:
        print("注意：本法规文本不完整——" + "；".join(sheet.problems) + "；未找到罚则的条文，罚则可能在文本缺失的部分。")
    for row in sheet.rows:
        print(f"\n{row.label}\n{_indented(row.text)}\n  责任部门：{'、'.join(row.departments) or '—'}"
              f"\n  罚则与罚款幅度：{row.penalty_text}")


def _indented(text):
    return "\n".join("  " + line for line in text.splitlines())


def _save_docx(target, sheet):
    from pathlib import Path

    from kb.store import atomic_write
    from webapp.survey_docx import survey_docx
    folder = Path(target).expanduser().resolve().parent
    if not folder.is_dir():
        raise KbError(f"保存位置的目录不存在：{folder}")
    atomic_write(target, survey_docx(sheet))


def cmd_diff(run):
    from regkb.amend import cmd_diff as compare_texts
    return compare_texts(run)


def cmd_prompt(run):
    index = run.snapshot.index
    print("输入检索词（如：遛狗不拴绳怎么罚），或引用（如：养犬条例第十五条）；空行退出。")
    while True:
        try:
            line = input("检索> ").strip()
        except EOFError:
            break
        if not line:
            break
        citation = parse_citation(line)
        if citation and citation.regulation:
            run.args.citation, run.args.json = [line], False
            try:
                cmd_show(run)
            except KbError as error:
                print(error)
            continue
        _print_result(index.search(line))


def cmd_serve(run):
    from kb.index import generations
    from webapp.server import serve
    args = run.args
    if args.index_dir and generations.current(run.home.index_dir) is None:
        raise KbError(f"目录中没有索引：{run.home.index_dir}（先运行 regkb index --out 该目录）")
    serve(run.home, host=args.host, port=args.port, threads=args.threads,
          connection_limit=args.connection_limit, channel_timeout=args.channel_timeout, workers=args.workers)


def _err(message):
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
