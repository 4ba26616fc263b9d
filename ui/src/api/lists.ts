// The list records API (POST /lists, GET /lists, /lists/:id, /lists/:id/export, /lists/publicity-preview).
// The shapes are aliases of the generated schemas (`npm run api:types`).
import type { components } from './generated/openapi';
import type { Role } from './types';

type Schemas = components['schemas'];

/** Who publishes and decides lists as records and reads them (the API's LIST_ROLES). */
export const LIST_ROLES: Role[] = ['org-department', 'city-reviewer', 'admin'];

export type Publicity = Schemas['ListPublicityDto'];

export type ListRecordItem = Schemas['ListRecordItemDto'];

/** POST /lists answer and GET /lists/:id. */
export type ListRecord = Schemas['ListRecordDto'];

/** GET /lists items. */
export type ListRecordSummary = Schemas['ListRecordSummaryDto'];

/** GET /lists/publicity-preview. */
export type PublicityPreview = Schemas['PublicityPreviewDto'];

/** YYYY年M月D日 */
export const chineseDate = (d: string): string => {
  const [y, m, day] = d.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${day}日`;
};
