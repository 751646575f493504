#!/usr/bin/env python3
"""Copies each tagged region of the examples into the README.md / docs/*.md block that includes it
(`<!-- include: PATH#TAG -->` followed by a fenced block), as examples' IncludedSnippetsTest requires."""
import pathlib, re, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
INCLUDE = re.compile(r"<!-- include: (\S+?)#([\w-]+) -->\n```(\w*)\n(.*?)\n```", re.S)


def region(source, tag):
    lines = source.splitlines()
    start = next(i + 1 for i, l in enumerate(lines) if l.strip() == f"// tag::{tag}[]")
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == f"// end::{tag}[]")
    body = lines[start:end]
    indent = min((len(l) - len(l.lstrip()) for l in body if l.strip()), default=0)
    return "\n".join("" if not l.strip() else l[indent:] for l in body)


def main():
    docs = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
    for doc in docs:
        text = doc.read_text()
        new = INCLUDE.sub(lambda m: f"<!-- include: {m.group(1)}#{m.group(2)} -->\n```{m.group(3)}\n"
                          + region((ROOT / m.group(1)).read_text(), m.group(2)) + "\n```", text)
        if new != text:
            doc.write_text(new)
            print("updated", doc.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
