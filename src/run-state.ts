/**
 * What the run is doing right now, in words, for the line main.ts prints when a signal stops the
 * run ("stopped by SIGINT while creating …"). Commands note each step as it starts; nothing else
 * reads it.
 */
let current: string | undefined;

export function noteStep(text: string): void {
  current = text;
}

export function currentStep(): string | undefined {
  return current;
}
