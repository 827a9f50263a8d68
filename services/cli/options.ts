import { InvalidArgumentError } from 'commander';
import { calendarDateProblem } from '../contracts';

/** Option parsers shared by every command: each says what a valid value looks like. */
export function calendarDateOption(value: string): string {
  const problem = calendarDateProblem(value);
  if (problem) throw new InvalidArgumentError(`${problem}; expected a date as YYYY-MM-DD, e.g. 2026-03-29`);
  return value;
}

export function positiveIntegerOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of 1 or more');
  return parsed;
}

export function formatOption(value: string): 'json' | 'text' {
  if (value !== 'json' && value !== 'text') throw new InvalidArgumentError('expected json or text');
  return value;
}
