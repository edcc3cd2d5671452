#!/usr/bin/env python3
"""Generates libcodec/proto/wa_messages.proto (proto2) from the schema table libcodec/proto/schema.tsv.

The table has one row per field, `Message<TAB>field<TAB>number<TAB>type<TAB>label`, and one row per
enum value, `enum<TAB>Enum<TAB>VALUE<TAB>number`. A dotted name (`UserAgent.UserAgentPlatform`) is a
type nested in the message before the last dot. Blank lines and lines starting with `#` are ignored.
Message, field and enum value order follow the table. Standard library only.

Usage:
  scripts/gen_proto.py            write the .proto next to the table
  scripts/gen_proto.py --check    exit 1 if the committed .proto differs from what the table gives
  scripts/gen_proto.py --stdout   print the .proto instead of writing it
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "libcodec" / "proto" / "schema.tsv"
OUTPUT = ROOT / "libcodec" / "proto" / "wa_messages.proto"
PACKAGE = "wa.proto"

SCALARS = {
    "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64",
    "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string", "bytes",
}
LABELS = {"optional", "required", "repeated"}
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SchemaError(Exception):
    pass


class Message:
    def __init__(self, name):
        self.name = name
        self.fields = []  # (name, number, type, label)
        self.enums = []   # Enum, nested
        self.messages = []  # Message, nested


class Enum:
    def __init__(self, name):
        self.name = name
        self.values = []  # (name, number)


def parseTable(text):
    """Returns (messages, enums) as dicts of full name -> object, in first-seen order."""
    messages, enums = {}, {}
    for line_no, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        where = f"{TABLE.name}:{line_no}"
        if cols[0] == "enum":
            if len(cols) != 4:
                raise SchemaError(f"{where}: an enum row needs 4 columns, found {len(cols)}")
            _, enum_name, value, number = cols
            checkName(enum_name, where)
            if not IDENT.match(value):
                raise SchemaError(f"{where}: bad enum value name {value!r}")
            enum = enums.setdefault(enum_name, Enum(enum_name))
            enum.values.append((value, parseNumber(number, where, allow_negative=True)))
        else:
            if len(cols) != 5:
                raise SchemaError(f"{where}: a field row needs 5 columns, found {len(cols)}")
            message_name, field, number, type_name, label = cols
            checkName(message_name, where)
            if not IDENT.match(field):
                raise SchemaError(f"{where}: bad field name {field!r}")
            if label not in LABELS:
                raise SchemaError(f"{where}: bad label {label!r}")
            if type_name not in SCALARS:
                checkName(type_name, where)
            message = messages.setdefault(message_name, Message(message_name))
            message.fields.append((field, parseNumber(number, where), type_name, label))
    return messages, enums


def checkName(name, where):
    if not all(IDENT.match(part) for part in name.split(".")):
        raise SchemaError(f"{where}: bad type name {name!r}")


def parseNumber(text, where, allow_negative=False):
    try:
        value = int(text)
    except ValueError:
        raise SchemaError(f"{where}: bad number {text!r}") from None
    if not allow_negative and not 1 <= value <= 536870911:
        raise SchemaError(f"{where}: field number {value} out of range")
    return value


def validate(messages, enums):
    for name, message in messages.items():
        names, numbers = set(), set()
        for field, number, type_name, _ in message.fields:
            if field in names:
                raise SchemaError(f"{name}: duplicate field {field}")
            if number in numbers:
                raise SchemaError(f"{name}: duplicate field number {number}")
            if 19000 <= number <= 19999:
                raise SchemaError(f"{name}.{field}: number {number} is reserved by protobuf")
            names.add(field)
            numbers.add(number)
            if type_name not in SCALARS and type_name not in messages and type_name not in enums:
                raise SchemaError(f"{name}.{field}: unknown type {type_name}")
    for name, enum in enums.items():
        seen = set()
        for value, _ in enum.values:
            if value in seen:
                raise SchemaError(f"{name}: duplicate enum value {value}")
            seen.add(value)
    # Enum values live in the scope enclosing their enum, so siblings must not share names.
    scopes = {}
    for name, enum in enums.items():
        scope = name.rpartition(".")[0]
        for value, _ in enum.values:
            other = scopes.setdefault((scope, value), name)
            if other != name:
                raise SchemaError(f"enum value {value} is in both {other} and {name}")
    for name in list(messages) + list(enums):
        parent = name.rpartition(".")[0]
        if parent and parent not in messages:
            raise SchemaError(f"{name}: enclosing message {parent} has no fields in the table")


def nest(messages, enums):
    """Attaches dotted types to their parents; returns the top-level list in table order."""
    top = []
    for name, message in messages.items():
        parent = name.rpartition(".")[0]
        (messages[parent].messages if parent else top).append(message)
    for name, enum in enums.items():
        parent = name.rpartition(".")[0]
        (messages[parent].enums if parent else top).append(enum)
    return top


def render(top, counts):
    out = [
        "// WebMessageInfo and the messages it uses: generated by scripts/gen_proto.py from schema.tsv.",
        "// Do not edit; change the table and run the script again.",
        f"// {counts[0]} messages, {counts[1]} fields, {counts[2]} enums, {counts[3]} enum values.",
        'syntax = "proto2";',
        "",
        f"package {PACKAGE};",
        "",
    ]
    for item in top:
        renderItem(item, 0, out)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def renderItem(item, depth, out):
    pad = "  " * depth
    short = item.name.rpartition(".")[2]
    if isinstance(item, Enum):
        out.append(f"{pad}enum {short} {{")
        for value, number in item.values:
            out.append(f"{pad}  {value} = {number};")
        out.append(f"{pad}}}")
        return
    out.append(f"{pad}message {short} {{")
    for enum in item.enums:
        renderItem(enum, depth + 1, out)
    for nested in item.messages:
        renderItem(nested, depth + 1, out)
    for field, number, type_name, label in item.fields:
        type_ref = type_name if type_name in SCALARS else f".{PACKAGE}.{type_name}"
        out.append(f"{pad}  {label} {type_ref} {field} = {number};")
    out.append(f"{pad}}}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare with the committed file")
    mode.add_argument("--stdout", action="store_true", help="print instead of writing")
    args = parser.parse_args()
    try:
        messages, enums = parseTable(TABLE.read_text(encoding="utf-8"))
        validate(messages, enums)
    except (OSError, SchemaError) as error:
        print(f"gen_proto.py: error: {error}", file=sys.stderr)
        return 2
    counts = (
        len(messages),
        sum(len(m.fields) for m in messages.values()),
        len(enums),
        sum(len(e.values) for e in enums.values()),
    )
    text = render(nest(messages, enums), counts)
    if args.stdout:
        sys.stdout.write(text)
    elif args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(f"gen_proto.py: error: {OUTPUT.relative_to(ROOT)} is out of date; run scripts/gen_proto.py",
                  file=sys.stderr)
            return 1
    else:
        OUTPUT.write_text(text, encoding="utf-8")
    print(f"gen_proto.py: {counts[0]} messages, {counts[1]} fields, {counts[2]} enums, "
          f"{counts[3]} enum values", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
