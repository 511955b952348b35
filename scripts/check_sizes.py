#!/usr/bin/env python3
"""Checks the size rules of docs/architecture.md: no C++ source file in runtime/ or generator/ over 400
lines, no function over 60 (found by brace matching, with comments and strings skipped).

usage: scripts/check_sizes.py [--file-limit N] [--function-limit N] [PATH...]   (default: runtime generator)
Prints every file and function over its limit and exits 1 when there is one."""
import re, sys, os

def strip(text):
    out = []; i = 0; n = len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2); j = n if j < 0 else j + 2
            out.append(''.join(ch if ch == '\n' else ' ' for ch in text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(')' + m.group(1) + '"', i) + len(m.group(1)) + 2
            out.append(''.join(ch if ch == '\n' else ' ' for ch in text[i:end])); i = end
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (j - i - 1) + c); i = j + 1
        else:
            out.append(c); i += 1
    return ''.join(out)

CONTROL = re.compile(r'\b(if|for|while|switch|catch|do|else|return)\s*$')

def functions(path):
    text = strip(open(path, encoding='utf-8', errors='replace').read())
    stack = []  # (kind, start_line, name)
    result = []
    stmt_start = 0
    for i, c in enumerate(text):
        if c == '{':
            before = text[stmt_start:i]
            b = before.strip()
            kind = 'other'
            if re.search(r'\bnamespace\b', b) and not '(' in b:
                kind = 'namespace'
            elif re.search(r'\b(class|struct|enum|union)\b[^()]*$', b) and '=' not in b:
                kind = 'class'
            elif re.search(r'\)\s*(const|noexcept|override|final|->\s*[\w:<>, ]+|\s)*$', b) or \
                 re.search(r'\)\s*:\s*[\s\S]*\)$', b) or re.search(r'\)\s*:\s*[\s\S]*\}$', b):
                head = b.split('(')[0]
                if CONTROL.search(head) or re.search(r'\b(if|for|while|switch|catch)\s*$', head.strip()):
                    kind = 'other'
                elif any(k == 'function' for k, _, _ in stack):
                    kind = 'inner'
                else:
                    kind = 'function'
            name = re.sub(r'\s+', ' ', b.split('(')[0].strip().split('\n')[-1])[-60:]
            start_line = text.count('\n', 0, stmt_start + (len(before) - len(before.lstrip()))) + 1
            stack.append((kind, start_line, name))
            stmt_start = i + 1
        elif c == '}':
            if stack:
                kind, start, name = stack.pop()
                if kind == 'function':
                    end = text.count('\n', 0, i) + 1
                    result.append((end - start + 1, start, name))
            stmt_start = i + 1
        elif c == ';':
            if not stack or stack[-1][0] in ('namespace', 'class'):
                stmt_start = i + 1
            elif stack[-1][0] != 'other' or True:
                stmt_start = i + 1
    return result


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = sys.argv[1:]; file_limit = 400; fn_limit = 60
    if args[:1] == ['--file-limit']: file_limit = int(args[1]); args = args[2:]
    if args[:1] == ['--function-limit']: fn_limit = int(args[1]); args = args[2:]
    files = []
    for a in args or ["runtime", "generator"]:
        if os.path.isdir(a):
            for root, _, names in os.walk(a):
                files += [os.path.join(root, n) for n in names if n.endswith(('.cpp', '.hpp'))]
        else:
            files.append(a)
    bad = 0
    for f in sorted(files):
        lines = open(f, encoding='utf-8', errors='replace').read().count('\n')
        if lines > file_limit:
            print(f'{f}: {lines} lines (limit {file_limit})'); bad += 1
        for length, start, name in functions(f):
            if length > fn_limit:
                print(f'{f}:{start}: {name}: {length} lines (limit {fn_limit})'); bad += 1
    if not bad:
        print(f"check_sizes: {len(files)} files within {file_limit} lines, their functions within {fn_limit}")
    return 1 if bad else 0

sys.exit(main())
