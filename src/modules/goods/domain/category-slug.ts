/** Category slugs: lower-case letters and digits in groups joined by single hyphens (`gift-cards`). */
export const CATEGORY_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_CATEGORY_SLUG_LENGTH = 60;
