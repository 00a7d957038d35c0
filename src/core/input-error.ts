/** A bad input: the message names the input, what was wrong, and what is expected. */
export class InputError extends Error {
  override readonly name = 'InputError'
}
