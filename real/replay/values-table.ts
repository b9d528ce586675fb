/**
 * Shared variables hold model values (statuses, booleans, none), which an Int32 word cannot. The
 * coordinator interns each value's printed form (`formatValue`, which is how the model compares
 * values) and the word holds its id; the worker's real Atomics load/store/compareExchange then act
 * on ids. SIMPLIFICATION: the value a `write` stores is the one the model resolved (from the
 * thread's registers); the real side checks the order and atomicity of the memory operations.
 */
export class ValuesTable {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = ['<unset>'];

  id(text: string): number {
    let i = this.ids.get(text);
    if (i === undefined) {
      i = this.texts.length;
      this.texts.push(text);
      this.ids.set(text, i);
    }
    return i;
  }

  text(id: number): string {
    return this.texts[id] ?? `<bad id ${id}>`;
  }
}
