const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/**
 * A byte count as docker's `units.HumanSize` writes it (Flux's event messages use it): decimal
 * units, four significant digits, trailing zeros dropped: `578B`, `1.234kB`, `52.43MB`.
 */
export function humanSize(bytes: number): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${String(Number(size.toPrecision(4)))}${UNITS[i]}`;
}
