// The in-memory index's storage: a posting list (the documents of one lexeme or phrase, each with
// its info byte) and the growth of typed arrays. Kept apart from the index so that the storage's
// layout, which snapshots copy as is (memory-snapshot.ts), is read in one place.

export class Postings {
  docs = new Uint32Array(8);
  infos = new Uint8Array(8);
  length = 0;
  /** A full list over the given arrays (the next push copies them into larger ones). */
  static of(docs: Uint32Array<ArrayBuffer>, infos: Uint8Array<ArrayBuffer>): Postings {
    const list = new Postings();
    list.docs = docs;
    list.infos = infos;
    list.length = docs.length;
    return list;
  }
  push(doc: number, info: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const infos = new Uint8Array(this.length * 2);
      infos.set(this.infos);
      this.infos = infos;
    }
    this.docs[this.length] = doc;
    this.infos[this.length] = info;
    this.length++;
  }
}

/** The array itself when it holds `size` items, else a copy at least twice as large. */
export function grow<T extends Float64Array | Int32Array | Uint32Array | Uint8Array | Uint16Array>(
  array: T,
  size: number,
): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  bigger.set(array);
  return bigger;
}
