/**
 * Seeded randomness, so ids and random faults are the same on every run with the same seed. Each consumer
 * gets its own stream (ids, faults), so turning a fault on does not change the ids a test sees.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Spread small seeds (0, 1, 2 …) over the 32-bit space so neighbouring seeds give unrelated streams.
    this.state = mix32((Math.floor(seed) ^ 0x9e3779b9) >>> 0);
  }

  /** mulberry32: small, fast and good enough for test data; not for anything secret. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A number in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** An integer in [min, max), both safe integers. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: no items');
    return items[this.int(0, items.length)];
  }
}

function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Ids in the formats the real services use (reference §20; databricks/cli libs/testserver). Numeric ids are
 * unique across the whole emulator, whichever API asks, as they are in a workspace.
 */
export class IdGenerator {
  private readonly issued = new Set<number>();

  constructor(private readonly prng: Prng) {}

  /**
   * A unique int64 in [min, max). Workspace object ids and job ids are ~1e15..4e15 in real workspaces:
   * int64 on the wire, yet below 2^53, so a JS number holds them exactly.
   */
  int64(min = 1_000_000_000_000_000, max = 4_000_000_000_000_000): number {
    for (;;) {
      const id = this.prng.int(min, max);
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** Marks an id as taken (for objects seeded with an explicit id). */
  reserve(id: number): void {
    this.issued.add(id);
  }

  hex(length: number, upper = false): string {
    let out = '';
    for (let i = 0; i < length; i++) out += this.prng.int(0, 16).toString(16);
    return upper ? out.toUpperCase() : out;
  }

  alnum(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += ALNUM[this.prng.int(0, ALNUM.length)];
    return out;
  }

  /** A version-4-shaped UUID (pipeline ids, request ids). */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
