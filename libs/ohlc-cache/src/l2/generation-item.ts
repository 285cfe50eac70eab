/** The attribute a read of the generation item (`generationKey`) projects. */
export const GENERATION_PROJECTION = {
  expression: '#gen',
  names: { '#gen': 'generation' },
} as const;

/** The generation an item holds; 0 for a ticker never invalidated (no item). */
export function generationOfItem(item: Record<string, unknown> | undefined): number {
  return (item?.generation as number | undefined) ?? 0;
}
