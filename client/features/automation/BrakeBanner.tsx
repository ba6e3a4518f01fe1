// The page-wide red banner while the global brake is on: every rule suggests at most, and who pulled it, when, why.
import type { BrakeState } from '../../../schema/autonomy.js';
import { brakeSentence } from './autonomyFormat.js';
import './autonomy.css';

export function BrakeBanner({ brake }: { brake: BrakeState | null | undefined }) {
  if (!brake?.on) return null;
  return <p className="brake-banner" role="alert" data-testid="brake-banner">{brakeSentence(brake)}</p>;
}
