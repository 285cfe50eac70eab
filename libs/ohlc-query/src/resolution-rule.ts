import { RESOLUTION_ALIASES, RESOLUTIONS } from '@app/ohlc-core';

/** Every spelling `parseResolution` accepts: the canonical values, then the dashboard's aliases. */
export const RESOLUTION_SPELLINGS: readonly string[] = [...RESOLUTIONS, ...RESOLUTION_ALIASES];

/** The resolutions, in the words every entry point answers a bad one with. */
export const RESOLUTION_RULE =
  `one of ${RESOLUTIONS.join(', ')} (minutes, or D for daily); ` +
  `aliases ${RESOLUTION_ALIASES.join(' ')}`;
