#!/usr/bin/env python3
"""render.py — read what headless Chromium made of a page, for the report
rendering tests (tests/cli/0975-0979, through chromium.sh).  Python's
standard library only: the PNG is decoded with zlib (no PIL).

  render.py size PNG                       "W H"
  render.py ink PNG RRGGBB TOL BOX...      pixels within TOL (each channel)
                                           of the colour inside each box,
                                           a line a box
  render.py nonwhite PNG BOX...            pixels not white inside each box
  render.py cells PNG N SIZE PERROW        the tofu check of a grid page
                                           (grid in chromium.sh): one line
                                           per cell that is blank or draws
                                           the same as another; none: fine
  render.py chars HTML                     the distinct characters from
                                           U+2E80 up (CJK, full-width forms)
                                           of the page's visible text
  render.py pdf PDF                        "PAGES W H" per distinct page
                                           size, in points
A BOX is X0 Y0 X1 Y1: [X0, X1) x [Y0, Y1) in pixels, clipped to the image.
"""
import html
import re
import struct
import sys
import zlib


def load(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    pos, idat = 8, []
    w = h = ctype = None
    while pos < len(data):
        n, = struct.unpack('>I', data[pos:pos + 4])
        typ, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b'IHDR':
            w, h, depth, ctype, _, _, inter = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or inter != 0:
                sys.exit('%s: not 8-bit RGB(A), non-interlaced' % path)
        elif typ == b'IDAT':
            idat.append(body)
        elif typ == b'IEND':
            break
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(b''.join(idat))
    stride = w * bpp
    out = bytearray(h * stride)
    prev = bytearray(stride)
    p = 0
    for y in range(h):
        f = raw[p]
        line = bytearray(raw[p + 1:p + 1 + stride])
        p += 1 + stride
        if f == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif f == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif f == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return w, h, bpp, out


def box(img, args):
    w, h = img[0], img[1]
    x0, y0, x1, y1 = (int(float(a)) for a in args)
    return max(0, x0), max(0, y0), min(w, x1), min(h, y1)


def pixels(img, b):
    w, _, bpp, px = img
    x0, y0, x1, y1 = b
    for y in range(y0, y1):
        row = px[(y * w + x0) * bpp:(y * w + x1) * bpp]
        for i in range(0, len(row), bpp):
            yield row[i], row[i + 1], row[i + 2]


def boxes(img, a):
    return [box(img, a[i:i + 4]) for i in range(0, len(a) - 3, 4)]


def cmd_ink(a):
    img = load(a[0])
    c = int(a[1].lstrip('#'), 16)
    r, g, b, tol = c >> 16, (c >> 8) & 255, c & 255, int(a[2])
    for bx in boxes(img, a[3:]):
        print(sum(1 for p in pixels(img, bx)
                  if abs(p[0] - r) <= tol and abs(p[1] - g) <= tol and abs(p[2] - b) <= tol))


def cmd_nonwhite(a):
    img = load(a[0])
    for bx in boxes(img, a[1:]):
        print(sum(1 for p in pixels(img, bx) if min(p) < 240))


def cmd_cells(a):
    """A glyph drawn is ink that differs from character to character;
    a missing one is the font's .notdef box (the same for every missing
    character) or nothing.  So a cell with (almost) no ink, or two cells
    whose ink is the same bitmap, is a character not drawn."""
    img = load(a[0])
    n, size, per = int(a[1]), int(a[2]), int(a[3])
    seen = {}
    for i in range(n):
        x0, y0 = (i % per) * size, (i // per) * size
        bits = bytes(1 if min(p) < 128 else 0
                     for p in pixels(img, (x0, y0, x0 + size, y0 + size)))
        if sum(bits) < 8:
            print('blank %d' % i)
        elif bits in seen:
            print('same %d %d' % (seen[bits], i))
        else:
            seen[bits] = i


def cmd_chars(a):
    text = open(a[0], encoding='utf-8').read()
    text = re.sub(r'(?s)<(style|script)\b.*?</\1>', '', text)
    text = re.sub(r'(?s)<!--.*?-->', '', text)
    text = html.unescape(re.sub(r'<[^>]*>', '', text))
    print(''.join(sorted(set(ch for ch in text if ord(ch) >= 0x2E80 and not ch.isspace()))))


def cmd_pdf(a):
    data = open(a[0], 'rb').read()
    if not data.startswith(b'%PDF-'):
        sys.exit('%s: not a PDF' % a[0])
    pages = len(re.findall(rb'/Type\s*/Page(?![a-zA-Z])', data))
    sizes = {}
    for m in re.finditer(rb'/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]', data):
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        key = (round(x1 - x0), round(y1 - y0))
        sizes[key] = sizes.get(key, 0) + 1
    print('pages %d' % pages)
    for (w, h), k in sorted(sizes.items()):
        print('mediabox %d %d %d' % (k, w, h))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == 'size':
        img = load(a[0])
        print(img[0], img[1])
    elif cmd in ('ink', 'nonwhite', 'cells', 'chars', 'pdf'):
        globals()['cmd_' + cmd](a)
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
