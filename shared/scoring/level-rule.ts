import type { AlertLevel, LevelRule } from '../policy/policy-schema.ts';

export interface FiredIndicator {
  id: string;
  core: boolean;
  weight?: number;
}

export interface LevelVerdict {
  level: AlertLevel;
  /** The preset's own name for it: "red", "high"... */
  band?: string;
  /** The summed weights, for the weighted rule. */
  score?: number;
}

export type LevelOf = (fired: readonly FiredIndicator[]) => LevelVerdict;

/** Turns the policy's level rule (SPEC section 3, or a preset's bands) into one function of the fired indicators. */
export function compileLevelRule(rule: LevelRule): LevelOf {
  switch (rule.rule) {
    case 'core-count': {
      const { level3, level2, level1 } = rule;
      return (fired) => {
        let core = 0;
        for (const indicator of fired) if (indicator.core) core += 1;
        const nonCore = fired.length - core;
        if (core >= level3.minCore) return { level: 3 };
        if (core >= level2.minCore || nonCore >= level2.minNonCore) return { level: 2 };
        if (nonCore >= level1.minNonCore) return { level: 1 };
        return { level: 0 };
      };
    }
    case 'bands': {
      // Highest level first; among equals, the band listed first.
      const bands = [...rule.bands].sort((a, b) => b.level - a.level);
      return (fired) => {
        if (fired.length === 0) return { level: 0 };
        const ids = new Set(fired.map((indicator) => indicator.id));
        const band = bands.find((candidate) => candidate.allOf.every((id) => ids.has(id)));
        return band ? { level: band.level, band: band.name } : { level: 0 };
      };
    }
    case 'weighted': {
      const bands = [...rule.bands].sort((a, b) => b.minScore - a.minScore);
      return (fired) => {
        let score = 0;
        for (const indicator of fired) score += indicator.weight ?? 0;
        const band = bands.find((candidate) => score >= candidate.minScore);
        return band ? { level: band.level, band: band.name, score } : { level: 0, score };
      };
    }
  }
}
