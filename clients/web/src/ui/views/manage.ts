// #/manage: leaders (and admins) per community: its groups they are in, each linked to its
// members screen (invite a neighbour to the group, remove a member), a new group, an
// invite for a resident, the community's area (the report map), and how long the community
// keeps data; admins also invite
// leaders. Communities themselves and partner channels are the admin's screens (#/admin).
import { toHex } from '../../crypto/bytes';
import type { GroupState } from '../../client/state';
import { InviteKind, Role, type CommunitySummary } from '../../gen/weerbaar_pb';
import { UserError, type AppContext, type View } from '../context';
import { append, clear, h } from '../dom';
import { t } from '../i18n';
import { precisionHint } from '../retention_format';
import { areaField } from './area_field';
import { heading, inviteButton, nameForm, submitting } from './common';
import { communityRetention } from './community_retention';
import { trendsSection } from './partner';

// Leaders follow up reports through their community's channels' trends (k-anonymous counts
// of the cards; the server allows leaders of the community, docs/signals.md).
function channelTrends(ctx: AppContext, communityId: string, index: number): HTMLElement {
  const out = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: `channel-trends-${index}` }, t('manage_trends_load'));
  button.addEventListener('click', async () => {
    try {
      const channels = await ctx.client!.signals.listChannels(communityId);
      clear(out);
      if (channels.length === 0) append(out, h('p', { class: 'hint' }, t('manage_no_channels')));
      for (const c of channels) append(out, trendsSection(ctx, { channelId: toHex(c.channelId), name: c.name }, 'h4'));
    } catch (e) {
      ctx.showError(e);
    }
  });
  return h('div', {}, button, out);
}

// The community's area (the report map's centre): shown, and changed by its leaders and
// admins (the server authorises it again).
function areaForm(ctx: AppContext, c: CommunitySummary, index: number, done: HTMLElement): HTMLElement {
  const communityId = toHex(c.communityId);
  const current = h('p', {}, c.area ? t('area_current', { area: c.area, size: precisionHint(c.area.length) }) : t('area_none'));
  const field = areaField(ctx, `community-area-${index}`, c.area);
  const form = h('form', { class: 'stack' }, ...field.els, h('button', { type: 'submit' }, t('area_save')));
  form.addEventListener(
    'submit',
    submitting(ctx, form, async () => {
      const area = field.value();
      if (!area) throw new UserError(t('err_area'));
      await ctx.client!.setCommunityArea(communityId, area);
      done.textContent = t('area_saved', { community: c.name, area });
    }),
  );
  return h('div', {}, current, form);
}

// Each group links to its members screen, where invites and removals are.
function groupLinks(groups: GroupState[]): HTMLElement {
  if (groups.length === 0) return h('p', { class: 'hint' }, t('manage_no_groups'));
  const ul = h('ul', { class: 'plain' });
  for (const g of groups) append(ul, h('li', {}, h('a', { href: `#/group/${g.groupId}/members` }, t('manage_group_members', { group: g.name }))));
  return ul;
}

export function manageView(ctx: AppContext): View {
  const client = ctx.client!;
  const body = h('div', {});
  const done = h('p', { role: 'status', class: 'hint' });

  const render = () => {
    clear(body);
    if (client.isAdmin) append(body, h('p', {}, h('a', { href: '#/admin' }, t('manage_admin_link'))));
    const managed = client.communities.filter((c) => client.isAdmin || c.role === Role.LEADER);
    if (managed.length === 0 && !client.isAdmin) append(body, h('p', {}, t('manage_nothing')));
    managed.forEach((c, i) => {
      const communityId = toHex(c.communityId);
      const section = h('section', { class: 'community' }, h('h2', {}, c.name), groupLinks(client.groups().filter((g) => g.communityId === communityId)));
      append(section, h('h3', {}, t('manage_new_group', { community: c.name })), nameForm(ctx, t('manage_group_name'), t('manage_create_group'), async (name) => {
        await client.createGroup(communityId, name);
        done.textContent = t('manage_created_group', { name });
      }));
      if (client.isAdmin) {
        append(section, inviteButton(ctx, t('manage_invite_leader'), `invite-leader-${i}`, () => client.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.LEADER, communityId })));
      }
      append(section, inviteButton(ctx, t('manage_invite_resident'), `invite-resident-${i}`, () => client.createInvite(InviteKind.INVITE_COMMUNITY, { role: Role.RESIDENT, communityId })));
      append(section, h('h3', {}, t('manage_area', { community: c.name })), areaForm(ctx, c, i, done));
      const retention = communityRetention(ctx, () => communityId, `community-ret-${i}`, done);
      void retention.load().catch((e) => ctx.showError(e));
      append(section, h('h3', {}, t('manage_retention', { community: c.name })), retention.el);
      append(section, h('h3', {}, t('manage_trends', { community: c.name })), channelTrends(ctx, communityId, i));
      append(body, section);
    });
  };
  render();
  return { el: h('section', {}, heading(t('manage_title')), done, body), update: render };
}
