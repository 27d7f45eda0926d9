/**
 * Renders rows as the flux CLI's tables: a header row, cells padded to the widest value of their
 * column and separated by a tab, so the output lines up in a terminal and splits on tabs in scripts.
 */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('\t')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
