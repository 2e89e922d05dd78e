// Tag, Untag and List…Tags for users and roles: the same three operations for each taggable kind, so they are made
// by one factory rather than six near-identical files. https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html,
// API_UntagUser.html, API_ListUserTags.html, API_TagRole.html, API_UntagRole.html, API_ListRoleTags.html
import { noSuch } from '../errors.js';
import type { IamTag } from '../model.js';
import { iamOperation, type QueryOperation } from '../operation.js';
import { arnOf, requireEntity } from './lookups.js';
import { pageMembers, pageOfList } from './paging.js';
import { mergeTags, removeTags } from './tag-rules.js';

type Taggable = 'user' | 'role';
const TITLE = { user: 'User', role: 'Role' } as const;

export function tagOperations(kind: Taggable): QueryOperation[] {
  const nameMember = `${TITLE[kind]}Name`;
  const name = (i: Record<string, unknown>) => i[nameMember] as string;
  const update = async (ctx: Parameters<QueryOperation['run']>[0], n: string, change: (tags: IamTag[]) => IamTag[]) => {
    const e = await requireEntity(ctx, kind, n);
    const data = { ...e.data, tags: change(e.data.tags) };
    if (!(await ctx.identity.store.updateEntityData(kind, e.name, data))) throw noSuch(kind, n);
    ctx.details[`${kind}Name`] = e.name;
  };
  return [
    iamOperation<Record<string, unknown>>({
      name: `Tag${TITLE[kind]}`,
      resource: (ctx, i) => arnOf(ctx, kind, name(i)),
      async run(ctx, i) {
        await update(ctx, name(i), (tags) => mergeTags(tags, i.Tags as IamTag[]));
        return {};
      },
    }),
    iamOperation<Record<string, unknown>>({
      name: `Untag${TITLE[kind]}`,
      resource: (ctx, i) => arnOf(ctx, kind, name(i)),
      async run(ctx, i) {
        await update(ctx, name(i), (tags) => removeTags(tags, i.TagKeys as string[]));
        return {};
      },
    }),
    iamOperation<Record<string, unknown>>({
      name: `List${TITLE[kind]}Tags`,
      resource: (ctx, i) => arnOf(ctx, kind, name(i)),
      async run(ctx, i) {
        const e = await requireEntity(ctx, kind, name(i));
        const page = pageOfList(e.data.tags, i as { Marker?: string; MaxItems?: number });
        return { Tags: page.items, ...pageMembers(page) };
      },
    }),
  ];
}
