"""What a user would otherwise reach for: python-docx opening the same DOCX and walking
every paragraph and table cell (text only, no plan, no sums). Prints the median of
REPEAT timings of NUMBER iterations, per iteration, in microseconds.

    python3 crates/import/benches/python_docx.py FILE.docx
"""
import statistics
import sys
import timeit

import docx


def walk(path):
    document = docx.Document(path)
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    return texts


def main():
    path = sys.argv[1]
    number, repeat = 20, 15
    times = timeit.repeat(lambda: walk(path), number=number, repeat=repeat)
    per = [t / number * 1e6 for t in times]
    print(f"python-docx {path}: median {statistics.median(per):.0f} µs, min {min(per):.0f} µs "
          f"({repeat} × {number} iterations)")


if __name__ == "__main__":
    main()
