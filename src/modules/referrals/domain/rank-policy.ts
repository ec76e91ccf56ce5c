/**
 * Ranks (team management): a member holds the most senior rank whose thresholds they meet, on
 * direct members and on team sales. Nothing here counts recruiting towards money: a rank only
 * raises the rate a member earns on real sales of their team.
 */
export interface RankRule {
  id: string;
  /** Higher is more senior. */
  position: number;
  minDirectMembers: number;
  minTeamSalesMinor: number;
}

export interface TeamStats {
  directCount: number;
  teamSalesMinor: number;
}

export function rankFor(stats: TeamStats, ranks: readonly RankRule[]): string | null {
  let best: RankRule | null = null;
  for (const rank of ranks) {
    if (stats.directCount < rank.minDirectMembers || stats.teamSalesMinor < rank.minTeamSalesMinor) continue;
    if (!best || rank.position > best.position) best = rank;
  }
  return best?.id ?? null;
}
