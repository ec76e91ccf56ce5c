/** The queue of level recalculations after a level edit (one job per revision). */
export const LEVELS_QUEUE = 'membership.levels';

export interface RecalculateLevelsJob {
  revision: number;
}
