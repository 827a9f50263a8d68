/**
 * A published figure is a count over a set of records described by its dimensions, e.g.
 * `events {month: 2026-03, agency: police, outcome: *}`: `*` means "all values of that dimension",
 * so that figure is the sum of the per-outcome figures of that month and agency. Two figures of one
 * measure are nested when every dimension of the larger is `*` or equal to the smaller's; the
 * difference of nested figures is itself a count of records, which is what suppression must guard.
 * Every figure of a measure names the same dimensions.
 */
export const all = '*';

export type Figure = Readonly<{ measure: string; dims: Readonly<Record<string, string>>; value: number }>;

/** A stable name for a figure, also written into the page (`data-figure`) so a reader can check the page without the code. */
export function figureKey(figure: Pick<Figure, 'measure' | 'dims'>): string {
  return [figure.measure, ...Object.keys(figure.dims).sort().map((name) => `${name}=${figure.dims[name]}`)].join(' ');
}

/** Parses what figureKey writes. */
export function parseFigureKey(key: string): Pick<Figure, 'measure' | 'dims'> {
  const [measure, ...pairs] = key.split(' ');
  return { measure, dims: Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])) };
}

/** Whether `outer` counts every record `inner` counts (a figure contains itself). */
export function contains(outer: Pick<Figure, 'measure' | 'dims'>, inner: Pick<Figure, 'measure' | 'dims'>): boolean {
  if (outer.measure !== inner.measure) return false;
  return Object.keys(outer.dims).every((name) => outer.dims[name] === all || outer.dims[name] === inner.dims[name]);
}

/**
 * The figures that split `outer` along one of its `*` dimensions: the same in every other dimension,
 * one value in this one. Subtracting the published ones from `outer` leaves the count of the rest.
 */
export function partsOf<T extends Pick<Figure, 'measure' | 'dims'>>(outer: T, dimension: string, candidates: readonly T[]): T[] {
  return candidates.filter(
    (candidate) =>
      candidate.measure === outer.measure &&
      candidate.dims[dimension] !== all &&
      Object.keys(outer.dims).every((name) => name === dimension || candidate.dims[name] === outer.dims[name]),
  );
}
