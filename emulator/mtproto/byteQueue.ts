// A FIFO of received bytes kept as the chunks they came in, so that a packet split over many WebSocket messages is
// copied once when it is complete (linear), instead of re-joining the whole buffer on every piece (quadratic).
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** bytes of chunks[0] already consumed */
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  /** The byte at `index` (0 = the oldest unread byte); index must be below `length`. */
  at(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`byte ${index} of ${this.size}`);
    let i = index + this.head;
    for (const c of this.chunks) {
      if (i < c.length) return c[i];
      i -= c.length;
    }
    throw new RangeError(`byte ${index} of ${this.size}`);
  }

  /** Removes and returns the first `n` bytes (a copy made once). */
  take(n: number): Uint8Array {
    if (n > this.size) throw new RangeError(`take ${n} of ${this.size}`);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      const available = c.length - this.head;
      const used = Math.min(available, n - filled);
      out.set(c.subarray(this.head, this.head + used), filled);
      filled += used;
      this.consumeFromHead(used, available);
    }
    this.size -= n;
    return out;
  }

  /** Drops the first `n` bytes. */
  skip(n: number): void {
    if (n > this.size) throw new RangeError(`skip ${n} of ${this.size}`);
    let left = n;
    while (left > 0) {
      const available = this.chunks[0].length - this.head;
      const used = Math.min(available, left);
      left -= used;
      this.consumeFromHead(used, available);
    }
    this.size -= n;
  }

  private consumeFromHead(used: number, available: number): void {
    if (used === available) {
      this.chunks.shift();
      this.head = 0;
    } else {
      this.head += used;
    }
  }
}
