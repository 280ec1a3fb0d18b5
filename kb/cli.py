"""`regkb`: fetch, import, index, search and show regulations from the command line."""

import argparse
import json
import sys

from kb.citation import missing_article_reason, missing_part_reason, parse_citation
from kb.errors import KbError
from kb.home import Home
from kb.serialize import article_json, regulation_json

OFFLINE_HINT = ("可以改用：regkb fetch --from <本地目录或镜像网址>；或设置环境变量 REGKB_MIRROR；"
                "或用 regkb import <文件或目录> 导入自己的文本。")


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args) or 0
    except KbError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head and the like
        return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="regkb", description="济宁市地方性法规知识库")
    parser.add_argument("--home", help="数据目录（默认：环境变量 REGKB_HOME；在源码目录中运行时为项目目录；"
                                       "安装后为用户数据目录。regkb where 显示当前所用的目录）")
    commands = parser.add_subparsers(dest="command")

    fetch = commands.add_parser("fetch", help="获取目录中缺少的法规文本并校验")
    fetch.add_argument("--from", dest="source", help="本地目录或镜像网址（默认：目录中固定的来源）")
    fetch.set_defaults(handler=cmd_fetch)

    imp = commands.add_parser("import", help="导入自己的法规文件或目录")
    imp.add_argument("paths", nargs="+")
    imp.set_defaults(handler=cmd_import)

    index = commands.add_parser("index", help="建立或更新检索索引")
    index.add_argument("--full", action="store_true", help="全部重建")
    index.set_defaults(handler=cmd_index)

    search = commands.add_parser("search", help="检索条文")
    search.add_argument("query", nargs="?")
    search.add_argument("--reg", help="只在某部法规中检索（全称或简称）")
    search.add_argument("--chapter", help="只看某一章，如“第五章 法律责任”")
    search.add_argument("--department", help="只看涉及某部门的条文，如 公安机关")
    search.add_argument("--penalty", action="store_true", help="只看有罚则的条文")
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--json", action="store_true")
    search.add_argument("--jsonl", action="store_true", help="从标准输入逐行读取检索词，逐行输出 JSON")
    search.set_defaults(handler=cmd_search)

    show = commands.add_parser("show", help="按引用显示一条条文，如 养犬条例第十五条")
    show.add_argument("citation", nargs="+")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)

    listing = commands.add_parser("list", help="列出已有的法规")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)

    where = commands.add_parser("where", help="显示数据目录（法规文本、索引、笔记、账户）在哪里")
    where.set_defaults(handler=cmd_where)

    notes = commands.add_parser("notes", help="执法检查、调研等笔记")
    notes_commands = notes.add_subparsers(dest="notes_command", required=True)
    notes_list = notes_commands.add_parser("list", help="列出笔记")
    notes_list.add_argument("--json", action="store_true")
    notes_list.set_defaults(handler=cmd_notes_list)
    notes_show = notes_commands.add_parser("show", help="显示一条笔记")
    notes_show.add_argument("id")
    notes_show.set_defaults(handler=cmd_notes_show)
    notes_check = notes_commands.add_parser("check", help="检查全部笔记：元数据、法规、条文与引用")
    notes_check.set_defaults(handler=cmd_notes_check)

    user = commands.add_parser("user", help="编辑账户")
    user_commands = user.add_subparsers(dest="user_command", required=True)
    user_add = user_commands.add_parser("add", help="添加编辑账户（密码从终端输入，或 --password-stdin）")
    user_add.add_argument("name")
    user_add.add_argument("--password-stdin", action="store_true")
    user_add.set_defaults(handler=cmd_user_add)

    survey = commands.add_parser("survey", help="生成执法检查表")
    survey.add_argument("regulation")
    survey.add_argument("--chapter", help="只列某一章，如“第三章 城镇容貌管理”")
    survey.add_argument("--docx", help="另存为 .docx 文件")
    survey.set_defaults(handler=cmd_survey)

    prompt = commands.add_parser("prompt", help="交互式检索")
    prompt.set_defaults(handler=cmd_prompt)

    serve = commands.add_parser("serve", help="启动网页服务（waitress）")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认只允许本机访问）")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8, help="处理请求的线程数")
    serve.set_defaults(handler=cmd_serve)
    return parser


def _home(args):
    return Home.resolve(args.home)


def _library(args):
    from kb.library import Library
    return Library(_home(args))


def cmd_fetch(args):
    from kb.fetch import FetchError, fetch
    try:
        fetch(_home(args), source=args.source, progress=_err)
    except FetchError as error:
        raise KbError(f"{error}\n{OFFLINE_HINT}") from error


def cmd_import(args):
    from kb.importer import ImportFailed, import_paths
    from kb.library import Library
    library = Library(_home(args))
    try:
        import_paths(_home(args), args.paths, library.canonical_title, progress=print)
    except ImportFailed as failure:
        for error in failure.errors:
            print(f"错误：{error}", file=sys.stderr)
        print("没有导入任何文件。", file=sys.stderr)
        return 1
    print("运行 regkb index 更新索引。")


def cmd_index(args):
    from kb.index.builder import build
    library = _library(args)
    if not library.entries:
        raise KbError("没有任何法规文本：请先运行 regkb fetch 或 regkb import。\n" + OFFLINE_HINT)
    report = build(_home(args).index_dir, [(e.slug, e.regulation) for e in library.entries],
                   progress=_index_progress, force=args.full)
    if not report.changed:
        print("索引已是最新，无需更新。")
        return
    kind = "全部重建" if report.full else "增量更新"
    print(f"索引{kind}完成：{len(report.added)} 部法规、{report.articles} 条，"
          f"移除 {len(report.removed)} 部，用时 {report.seconds:.2f} 秒。")


def _index_progress(number, total, done_articles, total_articles, title):
    _err(f"[{number}/{total}] {title}（累计 {done_articles}/{total_articles} 条）")


def _open_index(args):
    from kb.search.searcher import ClauseIndex
    return ClauseIndex(_home(args).index_dir, library=_library(args))


def _regulation_filter(args):
    if not args.reg:
        return None
    entry = _library(args).resolve(args.reg)
    if entry is None:
        raise KbError(f"找不到法规：{args.reg}（regkb list 可查看全部法规）")
    return entry.title


def _filters(args):
    filters = {"chapter": args.chapter, "department": args.department,
               "penalty": True if args.penalty else None}
    return {k: v for k, v in filters.items() if v}


def cmd_search(args):
    index = _open_index(args)
    regulation = _regulation_filter(args)
    options = {"regulation": regulation, "limit": args.limit, "page": args.page, "filters": _filters(args)}
    if args.jsonl or args.query is None:
        if not args.jsonl:
            raise KbError("请输入检索词，或用 --jsonl 从标准输入读取")
        for line in sys.stdin:
            result = index.search(line.strip(), **options)
            print(json.dumps(result.as_json(), ensure_ascii=False), flush=True)
        return
    result = index.search(args.query, **options)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=1))
        return
    _print_result(result)


def _print_result(result):
    if result.notice:
        print(f"注意：{result.notice}")
    if not result.hits:
        print(f"没有找到与“{result.query}”相关的条文。")
        if result.suggestions:
            print("可以试试：" + "、".join(result.suggestions))
        return
    print(f"共 {result.total} 条相关条文，显示第 {result.page} 页 {len(result.hits)} 条：")
    for number, hit in enumerate(result.hits, 1):
        where = " ".join(p for p in (hit.chapter, hit.section) if p)
        print(f"\n{number}. {hit.citation}  {where}")
        print("   " + _terminal(hit.snippet))


def _terminal(html_snippet):
    from html import unescape
    return unescape(html_snippet.replace("<mark>", "【").replace("</mark>", "】"))


def cmd_show(args):
    text = " ".join(args.citation)
    citation = parse_citation(text)
    if citation is None:
        raise KbError(f"无法识别的引用：{text}（示例：养犬条例第十五条）")
    if not citation.regulation:
        raise KbError(f"请写明法规名称：{text}（示例：养犬条例第十五条）")
    entry = _library(args).resolve(citation.regulation)
    if entry is None:
        raise KbError(f"找不到法规：{citation.regulation}（regkb list 可查看全部法规）")
    regulation = entry.regulation
    article = regulation.article(citation.article, citation.suffix)
    if article is None:
        raise KbError(missing_article_reason(regulation, citation))
    problem = missing_part_reason(regulation, article, citation)
    if problem:
        raise KbError(problem)
    if args.json:
        data = article_json(entry, article)
        data.update(paragraph=citation.paragraph, item=citation.item)
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    cited = citation.label if citation.paragraph else article.label
    print(f"《{regulation.title}》{cited}")
    where = " ".join(p for p in (article.part, article.chapter, article.section) if p)
    if where:
        print(where)
    print()
    print(_cited_text(article, citation))
    if not regulation.complete:
        print("\n注意：本法规文本不完整——" + "；".join(regulation.problems))


def _cited_text(article, citation):
    if not citation.paragraph:
        return f"{article.label} {article.text}"
    paragraph = article.paragraphs[citation.paragraph - 1]
    if citation.item:
        return paragraph.items[citation.item - 1].text
    return paragraph.full_text


def cmd_list(args):
    library = _library(args)
    rows = [regulation_json(entry) for entry in library.entries]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not rows:
        print("还没有任何法规文本：请先运行 regkb fetch 或 regkb import。")
    for row in rows:
        state = "完整" if row["complete"] else "不完整：" + "；".join(row["problems"])
        print(f"{row['title']}（{row['articles']} 条，{row['status']}，施行 {row['effective'] or '未知'}）{state}")


def cmd_where(args):
    home = _home(args)
    print(f"数据目录：{home.root}（{home.origin}）")
    print(f"  法规文本：{home.texts_dir}\n  检索索引：{home.index_dir}\n  执法笔记：{home.root / 'notes'}")
    print("  示例笔记随程序安装，不在数据目录中；设置 REGKB_EXAMPLE_NOTES=0 可隐藏。")


def _notes(args):
    from kb.notes.catalog import NotesCatalog
    return NotesCatalog(_home(args), _library(args))


def cmd_notes_list(args):
    catalog = _notes(args)
    rows = [{"id": n.id, "title": n.title, "date": n.date, "type": n.type, "regulations": n.regulations,
             "articles": [f"《{t}》第{a}条" for t, a, _ in catalog.linker.concerned_articles(n)],
             "tags": n.tags, "authors": n.authors} for n in catalog.filter()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        print(f"{row['date']}  [{row['type']}]  {row['id']}  {row['title']}")
    if not rows:
        print("还没有笔记。")


def cmd_notes_show(args):
    from kb.notes.store import NoteStore
    print(NoteStore(_home(args)).text(args.id), end="")


def cmd_notes_check(args):
    catalog = _notes(args)
    problems = list(catalog.problems)
    for note in catalog.notes:
        problems += [f"{note.id}：{p}" for p in catalog.linker.check(note)]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"检查了 {len(catalog.notes) + len(catalog.problems)} 条笔记，发现 {len(problems)} 个问题。")
    return 1 if problems else 0


def cmd_user_add(args):
    import getpass

    from kb.accounts import add_user
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != password:
            raise KbError("两次输入的密码不一致")
    add_user(_home(args), args.name, password)
    print(f"已添加编辑账户：{args.name}")


def cmd_survey(args):
    from kb.survey import chapters_of, survey_sheet
    entry = _library(args).resolve(args.regulation)
    if entry is None:
        raise KbError(f"找不到法规：{args.regulation}（regkb list 可查看全部法规）")
    if args.chapter and args.chapter not in chapters_of(entry.regulation):
        raise KbError(f"没有这一章：{args.chapter}（可选：{'、'.join(chapters_of(entry.regulation))}）")
    sheet = survey_sheet(entry.regulation, args.chapter)
    if args.docx:
        from kb.store import atomic_write
        from webapp.survey_docx import survey_docx
        atomic_write(args.docx, survey_docx(sheet))
        print(f"已保存：{args.docx}（{len(sheet.rows)} 条）")
        return
    print(f"《{sheet.title}》执法检查表（{sheet.scope}），共 {len(sheet.rows)} 条")
    for row in sheet.rows:
        print(f"\n{row.label}｜{'、'.join(row.departments) or '—'}｜{row.penalty_text}\n  {row.text[:120]}")


def cmd_prompt(args):
    index = _open_index(args)
    print("输入检索词（如：遛狗不拴绳怎么罚），或引用（如：养犬条例第十五条）；空行退出。")
    while True:
        try:
            line = input("检索> ").strip()
        except EOFError:
            break
        if not line:
            break
        if parse_citation(line) and parse_citation(line).regulation:
            args.citation, args.json = [line], False
            try:
                cmd_show(args)
                continue
            except KbError as error:
                print(error)
                continue
        _print_result(index.search(line))


def cmd_serve(args):
    from webapp.server import serve
    serve(_home(args), host=args.host, port=args.port, threads=args.threads)


def _err(message):
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
