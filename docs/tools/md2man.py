#!/usr/bin/env python3
"""Converts a manual page written in Markdown (docs/man/<tool>.md) to roff for man(1).

Usage: docs/tools/md2man.py IN.md [OUT.1]      (OUT defaults to standard output)
       docs/tools/md2man.py --check IN.md OUT.1  (exit 1 when OUT is not what IN converts to)

The Markdown subset of the manual pages: a first line `# name(N) — summary`; `##` sections and
`###` subsections; paragraphs; `-` and `1.` lists (continuation lines indented); fenced code
blocks; pipe tables; inline `code`, **bold**, *italic* and [links](target). Anything else is
kept as text. The output needs tbl (man runs it, asked by the first line).
"""
import re
import sys

VERSION = "wa-web-toolkit 0.1.0"


def escape(text):
    """Escapes roff specials in running text (not the start of a line)."""
    return text.replace("\\", "\\e").replace("-", "\\-")


def inline(text):
    """Markdown inline markup to roff font changes."""
    out = []
    for i, part in enumerate(re.split(r"(`[^`]*`)", text)):
        if i % 2 == 1:
            out.append("\\fB" + escape(part[1:-1]) + "\\fR")
            continue
        part = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", part)
        part = escape(part)
        part = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", part)
        part = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"\\fI\1\\fR", part)
        out.append(part)
    return "".join(out)


def line_safe(text):
    """Protects a line that would start with a control character."""
    return "\\&" + text if text.startswith((".", "'")) else text


def table(rows):
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    header, body = cells[0], cells[2:]
    n = len(header)
    out = [".na", ".nh", ".TS", "tab(\t);", " ".join(["lb"] * n), " ".join(["lx"] * n) + "."]
    out.append("\t".join("T{\n" + inline(c) + "\nT}" for c in header))
    for r in body:
        r = (r + [""] * n)[:n]
        out.append("\t".join("T{\n" + line_safe(inline(c)) + "\nT}" for c in r))
    out += [".TE", ".ad", ".hy"]
    return out


def convert(markdown):
    lines = markdown.splitlines()
    out = ["'\\\" t"]
    title = re.match(r"#\s+([\w-]+)\((\d)\)\s+[—-]+\s+(.*)", lines[0]) if lines else None
    if not title:
        raise SystemExit("md2man: the first line must be '# name(N) — summary'")
    name, section, summary = title.groups()
    out += [f'.TH {name.upper()} {section} "" "{VERSION}" "User Commands"', ".SH NAME",
            f"{escape(name)} \\- {inline(summary)}"]
    i = 1
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("```"):
            i += 1
            out += [".PP", ".RS 4", ".nf"]
            while i < len(lines) and not lines[i].startswith("```"):
                out.append(line_safe(escape(lines[i])))
                i += 1
            out += [".fi", ".RE"]
            i += 1
        elif line.startswith("### "):
            out.append(".SS " + inline(line[4:].strip()))
            i += 1
        elif line.startswith("## "):
            out.append(".SH " + inline(line[3:].strip().upper()))
            i += 1
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            out += [".PP"] + table(rows)
        elif re.match(r"\s*(- |\d+\. )", line):
            indent = len(line) - len(line.lstrip())
            marker = re.match(r"\s*(- |\d+\. )", line).group(1)
            text = [line.strip()[len(marker):]]
            i += 1
            while i < len(lines) and lines[i].strip() and not re.match(r"\s*(- |\d+\. )", lines[i]) \
                    and not lines[i].startswith(("```", "#", "|")):
                text.append(lines[i].strip())
                i += 1
            bullet = "\\(bu" if marker == "- " else marker.strip()
            if indent > 0:
                out.append(".RS 2")
            out += [f".IP {bullet} 4", line_safe(inline(" ".join(text)))]
            if indent > 0:
                out.append(".RE")
        else:
            text = []
            while i < len(lines) and lines[i].strip() and not lines[i].startswith(("```", "#", "|")) \
                    and not re.match(r"\s*(- |\d+\. )", lines[i]):
                text.append(lines[i].strip())
                i += 1
            out += [".PP", line_safe(inline(" ".join(text)))]
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) >= 2 and argv[1] == "--check":
        if len(argv) != 4:
            raise SystemExit(__doc__)
        want = convert(open(argv[2], encoding="utf-8").read())
        have = open(argv[3], encoding="utf-8").read()
        if want != have:
            print(f"{argv[3]} is not the conversion of {argv[2]}; run docs/tools/md2man.py {argv[2]} {argv[3]}")
            return 1
        return 0
    if len(argv) not in (2, 3):
        raise SystemExit(__doc__)
    roff = convert(open(argv[1], encoding="utf-8").read())
    if len(argv) == 3:
        open(argv[2], "w", encoding="utf-8").write(roff)
    else:
        sys.stdout.write(roff)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
