/** An item waiting for its time, with the moment it is due. */
interface Waiting<T> {
  item: T;
  readyAt: number;
}

/**
 * A min-heap of items keyed by due time, with at most one entry per item: re-adding an item that
 * already waits keeps the earlier time, as client-go's delaying queue does.
 */
export class DelayHeap<T> {
  private readonly heap: Waiting<T>[] = [];
  private readonly index = new Map<T, number>();

  get size(): number {
    return this.heap.length;
  }

  /**
   * Adds `item` due at `readyAt`, or moves it earlier if it already waits longer; with `replace`,
   * an item that already waits is moved to `readyAt` whether earlier or later.
   */
  push(item: T, readyAt: number, replace = false): void {
    const at = this.index.get(item);
    if (at !== undefined) {
      const before = this.heap[at].readyAt;
      if (readyAt < before || (replace && readyAt !== before)) {
        this.heap[at].readyAt = readyAt;
        if (readyAt < before) this.up(at);
        else this.down(at);
      }
      return;
    }
    this.heap.push({ item, readyAt });
    this.index.set(item, this.heap.length - 1);
    this.up(this.heap.length - 1);
  }

  /** The earliest due time, if any. */
  peekTime(): number | undefined {
    return this.heap[0]?.readyAt;
  }

  /** Removes and returns every item due at or before `now`, earliest first. */
  popDue(now: number): T[] {
    const out: T[] = [];
    while (this.heap.length && this.heap[0].readyAt <= now) out.push(this.pop());
    return out;
  }

  /** Forgets every waiting item. */
  clear(): void {
    this.heap.length = 0;
    this.index.clear();
  }

  private pop(): T {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    this.index.delete(top.item);
    if (this.heap.length) {
      this.heap[0] = last;
      this.index.set(last.item, 0);
      this.down(0);
    }
    return top.item;
  }

  private swap(i: number, j: number): void {
    [this.heap[i], this.heap[j]] = [this.heap[j], this.heap[i]];
    this.index.set(this.heap[i].item, i);
    this.index.set(this.heap[j].item, j);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.heap[p].readyAt <= this.heap[i].readyAt) return;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && this.heap[l].readyAt < this.heap[m].readyAt) m = l;
      if (r < this.heap.length && this.heap[r].readyAt < this.heap[m].readyAt) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }
}
