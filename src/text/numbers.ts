/**
 * Numbers for people, without Intl: `toLocaleString` loads ICU's number formatting on its first
 * call, which cost a one-token run 15 ms, more than all of its own code.
 */

/** 12345 -> "12,345", as en-US writes it. */
export function groupThousands(value: number): string {
  const [whole, fraction] = String(Math.abs(value)).split('.') as [string, string | undefined]
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',')
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`
}
