/** Number formatting shared by the report and the README table. */

export const int = (value: number) => Math.round(value).toLocaleString('en');
export const ms = (value: number) => (value >= 100 ? `${int(value)} ms` : `${value.toFixed(value >= 10 ? 1 : 2)} ms`);
export const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
export const signedMib = (kib: number) => `${kib >= 0 ? '+' : '−'}${(Math.abs(kib) / 1024).toFixed(1)} MiB`;
export const times = (value: number) => `${value.toFixed(2)}×`;
export const bytes = (value: number) => `${int(value)} B`;
