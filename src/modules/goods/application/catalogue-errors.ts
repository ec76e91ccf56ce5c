import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '../../../platform/http/app-error';
import type { FieldProblem } from '../../../platform/http/validation';
import type { RuleProblem } from '../domain/rule-problem';

export class CategoryNotFoundError extends NotFoundError {
  constructor(categoryId: string) {
    super(`Category ${categoryId} not found`, 'category_not_found', { categoryId });
  }
}

/** 422: a goods item names a category that does not exist. */
export class UnknownCategoryError extends BusinessRuleError {
  constructor(categoryId: string) {
    super(`There is no category ${categoryId}`, 'unknown_category', { categoryId });
  }
}

export class CategorySlugTakenError extends ConflictError {
  constructor(slug: string) {
    super(`Another category already uses the slug "${slug}"`, 'category_slug_taken', { slug });
  }
}

export class CategoryInUseError extends ConflictError {
  constructor(categoryId: string) {
    super(
      `Category ${categoryId} still has goods (archived ones count); move them or hide the category instead`,
      'category_in_use',
      { categoryId },
    );
  }
}

export class GoodsVersionConflictError extends ConflictError {
  constructor(goodsId: string, expectedVersion: number, currentVersion: number) {
    super(
      `Goods ${goodsId} changed since version ${expectedVersion} (it is at version ${currentVersion}); reload and retry`,
      'goods_version_conflict',
      { goodsId, expectedVersion, currentVersion },
    );
  }
}

export class GoodsArchivedError extends ConflictError {
  constructor(goodsId: string) {
    super(`Goods ${goodsId} is archived; restore it before changing it`, 'goods_archived', { goodsId });
  }
}

/** 400 in the same shape as the validation pipe's: one entry per field with its problems. */
export function invalidGoods(problems: readonly RuleProblem[]): ValidationError {
  const byField = new Map<string, string[]>();
  for (const p of problems) byField.set(p.field, [...(byField.get(p.field) ?? []), p.message]);
  const details: FieldProblem[] = [...byField].map(([field, list]) => ({ field, problems: list }));
  const summary = details.map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
  return new ValidationError(`Invalid goods: ${summary}`, details);
}

/** 422: production sells dynamic goods only once the shop can sign its calls to the merchant. */
export class DynamicDeliverySecretMissingError extends BusinessRuleError {
  constructor(goodsId: string) {
    super(
      'Dynamic goods cannot be on sale until DYNAMIC_DELIVERY_SECRET is set (it signs the calls to the merchant)',
      'dynamic_delivery_secret_missing',
      { goodsId },
    );
  }
}
