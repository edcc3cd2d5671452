#!/usr/bin/env python3
"""Checks that every #include "..." in the tree points down the layers (docs/architecture.md).

Reads each C++ source and header of the repository (git ls-files, tracked and untracked but not
ignored; a walk of the folder when there is no git; build*/ is skipped), finds the file each quoted
include names the way the compiler would (next to the including file, then the include roots), maps
the including file and the included file to a folder (support, codec/node, capture/ws, tools/common,
...) and fails, one line per violation, when an include
  - goes up a layer, or sideways, or to a folder below that the rule table does not list,
  - reaches into another library's private src/ folder (or a public header into any src/ folder),
  - cannot be mapped to a folder the table knows (an unknown include: new folders cannot slip past),
and when two or more folders include each other (a circle, directly or through others).
System includes (<...>) are not read. CTest runs it as the test layers.includes;
tests/layers/check_layers_test.sh (test layers.catches_violations) proves it catches each kind.

Usage: scripts/check_layers.py [--rules | --edges] [SOURCE_DIR]
  SOURCE_DIR  the repository (default: the folder above this script)
  --rules     print the rule table and exit
  --edges     also print which folder includes which (how many includes, and the first)
Exit 0 with a one-line summary when the tree keeps the rule, 1 with one line per violation, 2 on
usage errors. Standard library only.
"""

import os
import re
import subprocess
import sys

# ---- The rule --------------------------------------------------------------------------------------
# One line per folder: its rank and the folders it may use (besides itself); "*" is every folder.
# The rank says which way a forbidden include goes: a library's rank is its layer (0 at the bottom);
# inside codec and capture the second number orders the subfolders. A higher rank is "upward", the
# same rank "sideways", a lower rank that the line does not list "down, not listed".
CODEC = ("codec", "codec/node", "codec/proto", "codec/frame", "codec/view")
CAPTURE = ("capture", "capture/ws", "capture/capture")
UNDER_SESSION = ("support",) + CODEC + ("crypto",) + CAPTURE
INSTALLED = UNDER_SESSION + ("session",)  # the libraries cmake/install.cmake installs
LIBRARIES = INSTALLED + ("testing",)
RULES = {
    # folder            rank    may use                                          what it is
    "support":          ((0, 0), ()),                                            # errors, bytes, cursor, text
    "codec":            ((1, 0), ("support",)),                                  # root: wa/codec/error.h
    "codec/node":       ((1, 1), ("support", "codec")),                          # tokens, Node, decoder, encoder
    "codec/proto":      ((1, 1), ("support", "codec")),                          # WebMessageInfo schema, JSON
    "codec/frame":      ((1, 1), ("support", "codec")),                          # "tag,payload", metric, flags
    "codec/view":       ((1, 2), ("support", "codec", "codec/node", "codec/proto")),  # node JSON, text tree
    "crypto":           ((1, 0), ("support",)),                                  # beside codec, never on it
    "capture":          ((2, 0), ("support", "codec", "codec/frame")),           # root: error.h, message.h
    "capture/ws":       ((2, 1), ("support", "codec", "codec/frame", "capture")),  # RFC 6455, deflate, upgrade
    "capture/capture":  ((2, 2), ("support", "codec", "codec/frame", "capture", "capture/ws")),  # readers, TCP
    "session":          ((3, 0), UNDER_SESSION),                                 # capture keys, the pipeline
    "testing":          ((4, 0), UNDER_SESSION),                                 # capture makers, not installed
    "tools/common":     ((5, 0), INSTALLED),                                     # what the tools share
    "tools/wadecode":   ((6, 0), INSTALLED + ("tools/common",)),                 # a front end, no other tool
    "tools/wamedia":    ((6, 0), INSTALLED + ("tools/common",)),                 # a front end, no other tool
    "tools/wareplay":   ((6, 0), INSTALLED + ("tools/common",)),                 # a front end, no other tool
    "tools/wireshark":  ((6, 0), INSTALLED),                                     # the Wireshark plugin: session only
    "python":           ((6, 0), INSTALLED),                                     # the Python module wa_web
    "tests/helpers":    ((5, 0), LIBRARIES),                                     # what unit tests share
    "tests/install":    ((7, 0), INSTALLED),                                     # an installed tree's consumer
    "tests":            ((7, 0), "*"),                                           # unit tests
    "corpus/generator": ((7, 0), "*"),                                           # wa-corpus-gen
    "bench":            ((7, 0), "*"),                                           # benchmarks
    "fuzz":             ((7, 0), "*"),                                           # fuzz targets
    "docs/examples":    ((7, 0), "*"),                                           # programs behind the docs
    "cmake":            ((0, 0), ()),                                            # cmake/empty.cpp
}

# Headers made at build time, by the include that names them: (folder, where they come from).
# They are not installed, so a public header may not include them either.
GENERATED = {
    "proto/wa_messages.pb.h": ("codec/proto", "protoc output of libcodec/proto/wa_messages.proto"),
}

CXX_EXTENSIONS = (".h", ".hh", ".hpp", ".cpp", ".cc", ".cxx", ".ipp", ".inc")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')

# ---- Folders -----------------------------------------------------------------------------------------
LIB_NAMES = {"libsupport": "support", "libcodec": "codec", "libcrypto_wa": "crypto",
             "libcapture": "capture", "libsession": "session", "libtesting": "testing"}
CODEC_LAYERS = ("node", "proto", "frame", "view")
CAPTURE_LAYERS = ("capture", "ws")
CAPTURE_ROOT = ("error", "message")  # include/wa/capture/{error,message}.h and src/capture/{error,message}.cpp
TOOLS = ("common", "wadecode", "wamedia", "wareplay", "wireshark")


def library_of(path):
    """The library folder (libcodec, ...) of a path, or None."""
    top = path.split("/", 1)[0]
    return top if top.startswith("lib") else None


def part_of(path):
    """For a library path: ("include", rest under include/wa/<name>/) or ("src", rest under src/)."""
    lib = library_of(path)
    parts = path.split("/")
    if lib not in LIB_NAMES or len(parts) < 3:
        return None, None
    name = LIB_NAMES[lib]
    if parts[1] == "include" and len(parts) >= 5 and parts[2] == "wa" and parts[3] == name:
        return "include", parts[4:]
    if parts[1] == "src":
        return "src", parts[2:]
    return None, None


def folder_of(path):
    """The folder of the rule table that a repository path belongs to, or None if it has none."""
    parts = path.split("/")
    lib = library_of(path)
    if lib is not None:
        side, rest = part_of(path)
        if side is None:
            return None
        name = LIB_NAMES[lib]
        if name == "codec":
            if len(rest) == 1:
                return "codec"
            return f"codec/{rest[0]}" if rest[0] in CODEC_LAYERS else None
        if name == "capture":
            # The library's base: its error type and the message every reader and decoder yields.
            base = rest[-1].rsplit(".", 1)[0] in CAPTURE_ROOT
            if (side == "include" and len(rest) == 1) or (side == "src" and rest[:1] == ["capture"] and len(rest) == 2):
                if base:
                    return "capture"
            if side == "include" and len(rest) == 1:
                return "capture/capture"  # include/wa/capture/<reader>.h is the capture layer
            return f"capture/{rest[0]}" if len(rest) > 1 and rest[0] in CAPTURE_LAYERS else None
        return name
    if parts[0] == "tools":
        return f"tools/{parts[1]}" if len(parts) > 2 and parts[1] in TOOLS else None
    if parts[0] == "tests":
        if len(parts) > 2 and parts[1] in ("helpers", "install"):
            return f"tests/{parts[1]}"
        return "tests"
    if parts[0] == "corpus":
        return "corpus/generator" if len(parts) > 2 and parts[1] == "generator" else None
    if parts[0] == "docs":
        return "docs/examples" if len(parts) > 2 and parts[1] == "examples" else None
    if parts[0] in ("bench", "fuzz", "cmake"):
        return parts[0]
    if parts[0] == "python":
        return "python"
    return None


def is_private(path):
    return library_of(path) is not None and part_of(path)[0] == "src"


def may_see_private(path, library):
    """A library's private headers are for its own files and its own unit tests (tests/codec/...
    for libcodec: white-box tests of a private piece such as the decoder's walk)."""
    if library_of(path) == library:
        return True
    parts = path.split("/")
    return len(parts) > 2 and parts[0] == "tests" and library in (f"lib{parts[1]}", f"lib{parts[1]}_wa")


def is_public(path):
    return library_of(path) is not None and part_of(path)[0] == "include"


# ---- Reading the tree --------------------------------------------------------------------------------
def list_files(root):
    """Every file of the repository but build*/ (relative paths), from git or else from a walk."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             check=True, capture_output=True).stdout.decode("utf-8", "surrogateescape")
        files = [f for f in out.split("\0") if f]
        # Only this repository's files, not those of a checkout it sits in.
        top = subprocess.run(["git", "-C", root, "rev-parse", "--show-toplevel"], check=True,
                             capture_output=True).stdout.decode().strip()
        if os.path.realpath(top) != os.path.realpath(root):
            raise OSError("not the top of a git checkout")
    except (OSError, subprocess.CalledProcessError):
        files = []
        for here, dirs, names in os.walk(root):
            rel = os.path.relpath(here, root)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (rel == "." and d.startswith("build")))
            files += [n if rel == "." else f"{rel}/{n}" for n in names]
    return sorted(f for f in set(files)
                  if not f.split("/", 1)[0].startswith("build") and os.path.isfile(os.path.join(root, f)))


def roots_for(path, libraries):
    """The folders an include of `path` is looked up in, nearest first (its own src/ before the public
    headers; another library's src/ last, so that reaching into it is found and reported)."""
    own = library_of(path)
    roots = [os.path.dirname(path)]
    if own is not None:
        roots.append(f"{own}/src")
    roots += [f"{lib}/include" for lib in libraries]
    top = path.split("/", 1)[0]
    roots += ["tests", "tools"] if top in ("tests", "bench", "fuzz") else ["tools", "tests"]
    roots += [f"{lib}/src" for lib in libraries if lib != own]
    return roots


def resolve(include, path, files, libraries):
    for root in roots_for(path, libraries):
        candidate = os.path.normpath(os.path.join(root, include)) if root else os.path.normpath(include)
        if candidate in files:
            return candidate
    return None


# ---- The check ---------------------------------------------------------------------------------------
def rank_of(folder):
    return RULES[folder][0]


def lib_key(folder):
    top = folder.split("/", 1)[0]
    return top if top in ("codec", "capture") else folder


def direction(src, dst):
    """How a forbidden include of dst from src goes, by the ranks of the table."""
    (src_layer, src_sub), (dst_layer, dst_sub) = rank_of(src), rank_of(dst)
    if lib_key(src) == lib_key(dst):
        src_layer, dst_layer = src_sub, dst_sub
    if dst_layer > src_layer:
        return f"goes up to {dst}"
    if dst_layer == src_layer:
        return f"goes sideways to {dst}"
    return f"goes down to {dst}, which its rule does not list"


def allowed(src):
    uses = RULES[src][1]
    return list(RULES) if uses == "*" else list(uses)


def may_use(src, dst):
    return src == dst or dst in allowed(src)


def describe_rule(src):
    uses = RULES[src][1]
    if uses == "*":
        return f"{src} may use any folder"
    return f"{src} may use " + (", ".join(uses) if uses else "no other folder")


def circles(edges):
    """The strongly connected components of more than one folder (Tarjan), each with a shortest
    cycle through its first folder."""
    graph = {}
    for (src, dst) in edges:
        if src != dst:
            graph.setdefault(src, set()).add(dst)
            graph.setdefault(dst, set())
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    result = []
    for component in sorted(found):
        members, start = set(component), component[0]
        # Breadth-first from the first folder until an edge leads back to it: a shortest cycle.
        previous, queue, cycle = {start: None}, [start], None
        while queue and cycle is None:
            node = queue.pop(0)
            for nxt in sorted(graph[node] & members):
                if nxt == start:
                    cycle = [node]
                    while previous[cycle[-1]] is not None:
                        cycle.append(previous[cycle[-1]])
                    cycle = list(reversed(cycle)) + [start]
                    break
                if nxt not in previous:
                    previous[nxt] = node
                    queue.append(nxt)
        result.append((component, cycle))
    return result


def check(root):
    """Returns (violation lines, number of includes, folders, {(from, to): [(file, line, include)]})."""
    files = list_files(root)
    file_set = set(files)
    libraries = sorted({library_of(f) for f in files if library_of(f) is not None})
    sources = [f for f in files if f.endswith(CXX_EXTENSIONS)]
    violations, edges, folders, count = [], {}, set(), 0
    for path in sources:
        src = folder_of(path)
        if src is None:
            violations.append(f"{path}:1: file in a folder that the rule table does not know "
                              f"(add it to RULES in scripts/check_layers.py and docs/architecture.md)")
            continue
        folders.add(src)
        with open(os.path.join(root, path), encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
        for number, line in enumerate(lines, 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            count += 1
            include = match.group(1)
            where = f'{path}:{number}: "{include}"'
            target = resolve(include, path, file_set, libraries)
            generated = target is None and include in GENERATED
            if target is None and not generated:
                violations.append(f"{where}: unknown include: no such file in the tree")
                continue
            dst = GENERATED[include][0] if generated else folder_of(target)
            if dst is None or dst not in RULES:
                violations.append(f"{where}: unknown include: {target} is in a folder that the rule "
                                  f"table does not know")
                continue
            folders.add(dst)
            edges.setdefault((src, dst), []).append((path, number, include))
            if not may_use(src, dst):
                violations.append(f"{where}: {direction(src, dst)}: {describe_rule(src)}")
            if target is not None and is_private(target) and not may_see_private(path, library_of(target)):
                violations.append(f"{where}: private header of {library_of(target)} ({target}): "
                                  f"a library's src/ is included by that library alone")
            if is_public(path) and (generated or is_private(target)):
                what = GENERATED[include][1] if generated else target
                violations.append(f"{where}: public header includes a private one ({what}): "
                                  f"an installed header could not find it")
    for component, cycle in circles(edges):
        steps = []
        for src, dst in zip(cycle, cycle[1:]):
            path, number, include = edges[(src, dst)][0]
            steps.append(f'{src} -> {dst} ({path}:{number} "{include}")')
        first_path, first_number, _ = edges[(cycle[0], cycle[1])][0]
        violations.append(f"{first_path}:{first_number}: circle between {', '.join(component)}: "
                          f"no folder includes a folder that includes it back: " + "; ".join(steps))
    return violations, count, folders, edges


def print_rules():
    for folder, (rank, uses) in RULES.items():
        print(f"{folder:18} {rank[0]}.{rank[1]}  {describe_rule(folder)}")


def main(argv):
    args = argv[1:]
    if "--rules" in args:
        print_rules()
        return 0
    show_edges = "--edges" in args
    args = [a for a in args if a != "--edges"]
    if len(args) > 1 or any(a.startswith("-") for a in args):
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    root = os.path.abspath(root)
    if not os.path.isdir(root):
        print(f"check_layers: {root}: not a folder", file=sys.stderr)
        return 2
    violations, count, folder_set, edges = check(root)
    folders = len(folder_set)
    if show_edges:
        for (src, dst), where in sorted(edges.items()):
            if src != dst:
                print(f"{src:18} -> {dst:18} {len(where):4} includes, first {where[0][0]}:{where[0][1]}")
    for line in violations:
        print(line)
    circle_count = sum(1 for v in violations if ": circle between " in v)
    if violations:
        others = len(violations) - circle_count
        print(f"{count} includes between {folders} folders checked: "
              f"{others} violation{'s' * (others != 1)}, {circle_count} circle{'s' * (circle_count != 1)} "
              f"(the rule: docs/architecture.md, the table: scripts/check_layers.py --rules)")
        return 1
    print(f"{count} includes between {folders} folders checked: no violations, no circles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
