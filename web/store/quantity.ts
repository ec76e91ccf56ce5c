import type { Goods } from './api';

/** The quantities the shop accepts for these goods: its min/max per order, and no more than the counted stock. */
export function quantityBounds(g: Pick<Goods, 'minPerOrder' | 'maxPerOrder' | 'stock' | 'stockStatus'>): { min: number; max: number } {
  const min = Math.max(1, g.minPerOrder);
  let max = g.maxPerOrder ?? 10_000;
  if (g.stockStatus === 'in_stock' && g.stock !== null) max = Math.min(max, g.stock);
  return { min, max: Math.max(min, max) };
}

export function clampQuantity(value: number, bounds: { min: number; max: number }): number {
  if (!Number.isFinite(value)) return bounds.min;
  return Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));
}

/**
 * Markdown shown as plain text: headings' #, emphasis marks and link targets are dropped, the words
 * stay. Rendering the merchant's Markdown as HTML would need a sanitiser; text cannot inject anything.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s*[-*]\s+/gm, '• ')
    .replace(/`([^`]*)`/g, '$1');
}
