// A translated sentence with an instant inside it ("locked until {time}"): the instant rendered by <Time> (operator's
// zone, UTC on hover) wherever the language puts it.
import { Time } from '../../ui/Time.js';

const MARK = '\u0000';

/** `text` is a message rendered with `{ time: TIME_MARK }`. */
export function TimeInText({ text, ms }: { text: string; ms: number | null }) {
  const [before, after = ''] = text.split(MARK);
  return <>{before}<Time ms={ms} />{after}</>;
}

export const TIME_MARK = MARK;
