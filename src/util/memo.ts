/**
 * A typed name for one value kept in a `Memo`, declared by the module that owns the value (the identities'
 * principal directory, the workspace kind's notebook files): the module's code says what the value is, the
 * `Memo` it lives in says whose it is (one run's, one snapshot's).
 */
export interface Slot<T> {
  readonly name: string;
  /** Never set: carries the value's type. */
  readonly type?: T;
}

export function slot<T>(name: string): Slot<T> {
  return { name };
}

/** Values made once for their owner (a run, a snapshot) and dropped with it. */
export class Memo {
  private readonly values = new Map<Slot<unknown>, unknown>();

  /** The value of `slot`, made by `make` on first use. */
  get<T>(slot: Slot<T>, make: () => T): T {
    if (this.values.has(slot)) return this.values.get(slot) as T;
    const value = make();
    this.values.set(slot, value);
    return value;
  }

  /** `get` for a read: a failed one is forgotten, so that the next caller tries again and sees the real error. */
  read<T>(slot: Slot<Promise<T>>, make: () => Promise<T>): Promise<T> {
    if (this.values.has(slot)) return this.values.get(slot) as Promise<T>;
    const value = this.get(slot, make);
    value.catch(() => {
      if (this.values.get(slot) === value) this.values.delete(slot);
    });
    return value;
  }

  /** The value of `slot` if something made it. */
  peek<T>(slot: Slot<T>): T | undefined {
    return this.values.get(slot) as T | undefined;
  }
}
