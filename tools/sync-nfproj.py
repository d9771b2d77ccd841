#!/usr/bin/env python3
"""Rewrites the <Compile> items of .nfproj files so they list exactly the .cs files of their folder.

Usage: tools/sync-nfproj.py [PROJECT.nfproj ...]   (default: every .nfproj in the repository)
The nanoFramework project system cannot glob, so the list is kept by this script and checked by
tests/Sipua.Tests/Build/NfprojSyncTests. A project whose folder holds more than one assembly says
which subfolders are its own with <SourceFolders>A;B</SourceFolders> (sipua: protocol.nfproj and
sipua.nfproj); a .cs file in a subfolder neither lists is then in no project, which the test reports.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP = {"bin", "obj"}


def sources(folder, only=None):
    found = []
    for root, dirs, files in os.walk(folder):
        if only is not None and root == folder:
            dirs[:] = [d for d in dirs if d in only]
            files = []
        dirs[:] = [d for d in dirs if d not in SKIP and not os.path.exists(os.path.join(root, d, os.path.basename(d) + ".csproj"))]
        for f in files:
            if f.endswith(".cs"):
                found.append(os.path.relpath(os.path.join(root, f), folder).replace("/", "\\"))
    return sorted(found)


def sync(path):
    folder = os.path.dirname(path)
    text = open(path, encoding="utf-8").read()
    declared = re.search(r"<SourceFolders>([^<]*)</SourceFolders>", text)
    only = set(f.strip() for f in declared.group(1).split(";") if f.strip()) if declared else None
    items = "\n".join('    <Compile Include="%s" />' % f for f in sources(folder, only))
    pattern = re.compile(r"(  <ItemGroup>\n)(    <Compile Include=\"[^\"]*\" />\n)+(  </ItemGroup>)")
    if not pattern.search(text):
        sys.exit("%s: no <Compile> item group found" % path)
    new = pattern.sub(lambda m: m.group(1) + items + "\n" + m.group(3), text, count=1)
    if new != text:
        open(path, "w", encoding="utf-8").write(new)
        print("updated", os.path.relpath(path, ROOT))


def main():
    paths = sys.argv[1:]
    if not paths:
        for root, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in SKIP and not d.startswith(".")]
            paths += [os.path.join(root, f) for f in files if f.endswith(".nfproj")]
    for p in paths:
        sync(os.path.abspath(p))


if __name__ == "__main__":
    main()
